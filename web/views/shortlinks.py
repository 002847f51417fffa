"""Short personal links: /l/<code> opens the person's page (a redirect to a fresh token).

Every unknown code gets the same 404 page, after the same work (one lookup per kind), and
each request counts against its client address: after SHORTLINK_LIMIT tries in
SHORTLINK_WINDOW, the address gets 429 for a while, known code or not. With 2 ** 54 codes,
guessing one at that pace is hopeless.
"""
from datetime import timedelta

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

from web.db import get_session
from web.services import links, ratelimit
from web.services.notify import link_settings
from web.views.personal import now

bp = Blueprint("shortlinks", __name__)

SHORTLINK_LIMIT = 30
SHORTLINK_WINDOW = timedelta(minutes=10)
PAGE = {"newcomer": "newcomers.page", "volunteer": "volunteers.page"}


@bp.get("/l/<code>")
def open_link(code: str):
    """Open the page of the person whose short code this is."""
    db = get_session()
    moment = now()
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
    kind = links.kind_of(person)
    token = links.make_token(link_settings(), moment, person)
    return redirect(url_for(PAGE[kind], token=token))
