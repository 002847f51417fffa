"""What newcomers' and volunteers' personal pages share: the link check, forms,
and the actions both take on their own page (end a pairing, report a problem, data, erasure)."""
from flask import (
    Response,
    abort,
    current_app,
    g,
    json,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, gettext as _, refresh

from web import clock
from web.db import checkpoint, get_session
from web.forms import DAYS, PARTS, day_names, part_names
from web.models import Proposal
from web.services import ServiceError, links, people, places, proposals
from web.services.notify import link_settings
from web.services.reference import interests, languages
from web.views.actions import service_action


def locale() -> str:
    return str(get_locale())


def person_or_error_page(kind: str, token: str):
    """The person a personal link belongs to, or an explanatory error page (never data)."""
    try:
        person = links.person_from_token(get_session(), link_settings(), clock.utcnow(), kind,
                                         token)
    except links.LinkError as error:
        status = 410 if error.reason == "expired" else 404
        abort(make_response(render_template("personal/link_error.html", reason=error.reason,
                                            kind=kind), status))
    if links.renew(person, clock.utcnow()):  # a visit keeps the person's links alive
        get_session().commit()
    # Their page speaks their remembered language unless they chose another one here
    # (web.i18n.select_locale); the locale may already be computed, hence refresh().
    g.person_locale = person.locale
    refresh()
    return person


def prepare(form):
    """Fill the form's lists from the town and data files, in the visitor's language."""
    form.fill_choices(places.neighbourhoods(get_session()), languages(), interests(), locale())
    return form


def grid_labels() -> dict:
    """Day and part names for the availability grid template."""
    days, parts = day_names(), part_names()
    return {"days": {d: days[d] for d in DAYS}, "parts": {p: parts[p] for p in PARTS}}


# --- Actions both kinds of people take on their own page -------------------------------
# Each takes the page's kind ("newcomer" or "volunteer"); the blueprints only route to them.

BLUEPRINT = {"newcomer": "newcomers", "volunteer": "volunteers"}


def _page_url(kind: str, token: str, proposal=None) -> str:
    # A volunteer's page has one card per proposal; a newcomer's page has one at a time.
    anchor = None if proposal is None else (
        "proposition" if kind == "newcomer" else f"proposition-{proposal.id}")
    return url_for(f"{BLUEPRINT[kind]}.page", token=token, _anchor=anchor)


def own_proposal(kind: str, person, proposal_id: int) -> Proposal:
    """A proposal of this person, or 404: nobody reaches another person's proposal."""
    proposal = proposals.of_person(get_session(), kind, person, proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def end_pairing(kind: str, token: str, proposal_id: int):
    """End an active pairing with a reason; the other person is told."""
    person = person_or_error_page(kind, token)
    proposal = own_proposal(kind, person, proposal_id)
    with service_action(success=_("Le binôme est terminé. Merci de nous avoir dit pourquoi."),
                        error=_("Choisissez une raison.")) as outcome:
        proposals.end_pairing(get_session(), clock.utcnow(), proposal,
                              request.form.get("reason", ""), by=kind,
                              note=request.form.get("note"))
    if outcome.failed:
        return redirect(_page_url(kind, token, proposal))
    return redirect(_page_url(kind, token))


def report_problem(kind: str, token: str, proposal_id: int):
    """Report a problem: the coordinators are alerted at once."""
    person = person_or_error_page(kind, token)
    proposal = own_proposal(kind, person, proposal_id)
    with service_action(success=_("Merci. Un coordinateur ou une coordinatrice vous contacte "
                                  "rapidement."),
                        error=_("Décrivez le problème en quelques mots.")) as outcome:
        proposals.report_problem(get_session(), clock.utcnow(), proposal, person,
                                 request.form.get("message", ""))
    if outcome.failed:
        return redirect(_page_url(kind, token, proposal))
    return redirect(_page_url(kind, token))


def download_data(kind: str, token: str) -> Response:
    """Everything stored about the person, as a JSON file."""
    person = person_or_error_page(kind, token)
    body = json.dumps(people.export_data(person), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=bienvenue-mes-donnees.json"})


def data_summary(kind: str, token: str):
    """In plain words: how many proposals, messages, notes... the data download holds."""
    from web.services.personal_data import summary

    person = person_or_error_page(kind, token)
    section = "newcomers" if kind == "newcomer" else "volunteers"
    return render_template("personal/data_summary.html", person=person,
                           counts=summary(people.export_data(person)),
                           data_url=url_for(f"{section}.download", token=token),
                           profile_url=url_for(f"{section}.profile", token=token),
                           back=_page_url(kind, token))


def erase(kind: str, token: str):
    """Withdraw and erase one's data, after a confirmation page."""
    person = person_or_error_page(kind, token)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        db = get_session()
        people.erase_person(db, clock.utcnow(), person, actor=f"{kind}:{person.id}",
                            secret=current_app.config["SECRET_KEY"])
        db.commit()
        checkpoint(db)
        return render_template("personal/erased.html")
    return render_template("personal/erase.html", token=token, kind=kind,
                           back=_page_url(kind, token))


def answer_error(error: ServiceError) -> str:
    """What to tell a person whose answer to a proposal was refused."""
    if error.field == "decline_code":
        return _("Choisissez une raison.")
    if error.field == "decline_reason":
        return _("Dites-nous en quelques mots pourquoi.")
    return _("Cette proposition a déjà reçu une réponse.")
