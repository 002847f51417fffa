"""Coordinators' workspace under /coordination/."""
from flask import Blueprint

bp = Blueprint("coordinators", __name__, url_prefix="/coordination")

# Route modules register themselves on `bp`; imported after it exists.
from web.views.coordinators import (  # noqa: E402,F401  # noqa: E402,F401  # noqa: E402,F401  # noqa: E402,F401
    accounts,  # noqa: E402,F401
    activities,
    activity_import,  # noqa: E402,F401
    audit,
    auth,
    engine,  # noqa: E402,F401
    gatherings,  # noqa: E402,F401
    home,
    imports,
    outbox,
    pairing,
    people,
    person_label,  # noqa: E402,F401
    places,
    review,
    runs,  # noqa: E402,F401
    stats,
    vetting,
    workspace,
)
