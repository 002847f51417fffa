"""Coordinators' workspace under /coordination/."""
from flask import Blueprint

bp = Blueprint("coordinators", __name__, url_prefix="/coordination")

# Route modules register themselves on `bp`; imported after it exists.
from web.views.coordinators import (  # noqa: E402,F401 - imported for their routes
    accounts,
    activities,
    activity_import,
    audit,
    auth,
    engine,
    gatherings,
    home,
    imports,
    outbox,
    pairing,
    people,
    person_label,
    places,
    review,
    runs,
    stats,
    vetting,
    workspace,
)
