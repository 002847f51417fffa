"""Public pages: home, language choice, health check."""
from urllib.parse import urlparse

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import func, select, text

from web.db import get_session
from web.i18n import SESSION_KEY
from web.models import Neighbourhood, Volunteer

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """What Bienvenue is, how it works, and the town's neighbourhoods."""
    db = get_session()
    neighbourhoods = db.scalars(select(Neighbourhood).order_by(Neighbourhood.name)).all()
    volunteers = db.scalar(select(func.count()).select_from(Volunteer)
                           .where(Volunteer.vetting_status == "approved",
                                  Volunteer.status == "active"))
    return render_template("public/home.html", neighbourhoods=neighbourhoods,
                           volunteer_count=volunteers)


@bp.get("/langue/<code>")
def set_language(code: str):
    """Remember the visitor's language and go back where they were."""
    if code in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = code
    target = request.args.get("next") or url_for("public.home")
    # Only local paths: never redirect to another site.
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/"):
        target = url_for("public.home")
    return redirect(target)


@bp.get("/sante")
def health():
    """For monitoring: 200 when the database answers."""
    get_session().execute(text("SELECT 1"))
    return jsonify(status="ok")
