"""Public pages: home, language choice, health check."""
import re
from urllib.parse import urlparse

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from web import clock
from web.db import get_session, ping
from web.forms import FindLinkForm
from web.i18n import SESSION_KEY
from web.request_guard import same_site_path
from web.services import link_requests, links, people, places, statistics
from web.services.notify import link_settings, personal_url
from web.views.form_values import required

bp = Blueprint("public", __name__)
#: a personal page or one of its sub-pages: /arrivee/<token>..., /benevole/<token>...
PERSONAL_PAGE = re.compile(r"^/(arrivee|benevole)/([^/]+)")


@bp.get("/")
def home():
    """What Bienvenue is, how it works, and the town's neighbourhoods."""
    db = get_session()
    return render_template("public/home.html", neighbourhoods=places.neighbourhoods(db),
                           volunteer_count=statistics.volunteer_count(db))


@bp.get("/langue/<code>")
def set_language(code: str):
    """Remember the visitor's language and go back where they were."""
    target = same_site_path(request.args.get("next"), url_for("public.home"))
    if code in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = code
        _remember_on_person(urlparse(target).path, code)
    return redirect(target)


def _remember_on_person(path: str, code: str) -> None:
    """On one's own page, the choice also goes on the person: e-mails and text messages
    follow it. An expired or wrong link just changes the page's language."""
    match = PERSONAL_PAGE.match(path)
    if not match:
        return
    kind = "newcomer" if match.group(1) == "arrivee" else "volunteer"
    db = get_session()
    try:
        person = links.person_from_token(db, link_settings(), clock.utcnow(), kind, match.group(2))
    except links.LinkError:
        return
    if person.locale != code:
        people.set_locale(db, clock.utcnow(), person, code)
        db.commit()


@bp.route("/mon-lien", methods=["GET", "POST"])
def find_link():
    """Send one's personal link again, by e-mail or SMS, to the address or number given.

    The answer is the same whether or not it is known (web.services.link_requests), so
    nobody can learn who is registered.
    """
    form = FindLinkForm()
    if form.validate_on_submit():
        db = get_session()
        moment = clock.utcnow()
        channel = link_requests.send_link_again(
            db, moment, required(form.contact.data), request.remote_addr or "?",
            current_app.config["SECRET_KEY"],
            lambda person: {"link_url": personal_url(moment, person),
                            "expires_days": link_settings().idle_days})
        db.commit()
        return render_template("public/link_sent.html", contact=form.contact.data,
                               channel=channel)
    return render_template("public/find_link.html", form=form)


@bp.get("/confidentialite")
def privacy():
    """The privacy notice, in plain language."""
    return render_template("public/privacy.html")


@bp.get("/sante")
def health():
    """For monitoring: 200 when the database answers."""
    ping(get_session())
    return jsonify(status="ok")
