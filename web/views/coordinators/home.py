"""The coordinators' home page."""
from flask import render_template
from flask_babel import lazy_gettext as _l

from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item

add_nav_item("coordinators.dashboard", _l("Accueil"), order=0, group="today")


@bp.get("/")
@coordinator_required
def dashboard():
    """Greets the coordinator and shows the work waiting: newcomers, answers, vetting,
    problems, the last matching run."""
    from web.views.coordinators.workspace import dashboard_context

    return render_template("coordinators/dashboard.html", **dashboard_context())


@bp.errorhandler(404)
def not_found(_error):
    """A 404 inside the workspace, in the visitor's language, with a way back."""
    return render_template("coordinators/not_found.html"), 404
