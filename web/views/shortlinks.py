"""Short personal links: /l/<code> opens the person's page (a redirect to a fresh token);
the newcomer's printable welcome sheet that carries it, for them and for coordinators.

Every unknown code gets the same 404 page, after the same work (one lookup per kind), and
each request counts against its client address: after SHORTLINK_LIMIT tries in
SHORTLINK_WINDOW, the address gets 429 for a while, known code or not. With 2 ** 54 codes,
guessing one at that pace is hopeless.
"""
from datetime import timedelta

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

from web import clock
from web.db import get_session
from web.models import Newcomer
from web.services import links, ratelimit, welcome_sheet
from web.services.notify import link_settings, personal_url
from web.views.coordinators import bp as coordinators_bp
from web.views.coordinators.access import coordinator_required
from web.views.newcomers import bp as newcomers_bp
from web.views.personal import person_or_error_page

bp = Blueprint("shortlinks", __name__)

SHORTLINK_LIMIT = 30
SHORTLINK_WINDOW = timedelta(minutes=10)
PAGE = {"newcomer": "newcomers.page", "volunteer": "volunteers.page"}


@bp.get("/l/<code>")
def open_link(code: str):
    """Open the page of the person whose short code this is."""
    db = get_session()
    moment = clock.utcnow()
    allowed = ratelimit.hit(db, moment, "shortlink-ip", request.remote_addr or "?",
                            SHORTLINK_LIMIT, SHORTLINK_WINDOW)
    db.commit()
    if not allowed:
        abort(make_response(render_template("personal/link_error.html", reason="limited",
                                            kind="newcomer"), 429))
    try:
        person = links.person_from_code(db, link_settings(), moment, code)
    except links.LinkError as error:
        status = 410 if error.reason == "expired" else 404
        abort(make_response(render_template("personal/link_error.html", reason=error.reason,
                                            kind="newcomer"), status))
    kind = person.kind
    token = links.make_token(link_settings(), moment, person)
    return redirect(url_for(PAGE[kind], token=token))


@bp.app_template_filter("qr_svg")
def qr_svg_filter(url: str, label: str = "") -> str:
    """`{{ url|qr_svg(label) }}`: the QR code of a link as inline SVG
    (web.services.welcome_sheet)."""
    return welcome_sheet.qr_svg(url, label or url)


@newcomers_bp.get("/<token>/fiche")
def welcome_sheet_page(token: str):
    """The newcomer's welcome sheet, made to be printed on one A4 page."""
    newcomer = person_or_error_page("newcomer", token)
    db = get_session()
    short = personal_url(clock.utcnow(), newcomer)
    db.commit()  # a code created now for someone registered before codes existed
    base, _sep, code = short.rpartition("/")
    return render_template("personal/welcome_sheet.html", newcomer=newcomer, token=token,
                           short_url=short, short_base=base + "/",
                           grouped_code=welcome_sheet.grouped(code),
                           qr=welcome_sheet.qr_svg(short, short),
                           maison=welcome_sheet.nearest_maison(db, newcomer))


@coordinators_bp.get("/arrivants/<int:newcomer_id>/fiche")
@coordinator_required
def newcomer_welcome_sheet(newcomer_id: int):
    """For a coordinator after a phone intake: the newcomer's sheet, with a fresh link."""
    newcomer = get_session().get(Newcomer, newcomer_id)
    if newcomer is None or newcomer.status == "withdrawn":
        abort(404)
    token = links.make_token(link_settings(), clock.utcnow(), newcomer)
    return redirect(url_for("newcomers.welcome_sheet_page", token=token))
