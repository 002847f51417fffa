"""Coordinators' workspace under /coordination/."""
from flask import Blueprint

bp = Blueprint("coordinators", __name__, url_prefix="/coordination")

# Route modules register themselves on `bp`; imported after it exists.
from web.views.coordinators import auth, home, outbox  # noqa: E402,F401
from web.views.coordinators import audit, imports, stats  # noqa: E402,F401
from web.views.coordinators import pairing, people, review, vetting, workspace  # noqa: E402,F401
from web.views.coordinators import runs  # noqa: E402,F401
from web.views.coordinators import accounts  # noqa: E402,F401
from web.views.coordinators import activities, places  # noqa: E402,F401
from web.views.coordinators import gatherings  # noqa: E402,F401
from web.views.coordinators import activity_import  # noqa: E402,F401
from web.views.coordinators import engine  # noqa: E402,F401
from web.views.coordinators import person_label  # noqa: E402,F401
