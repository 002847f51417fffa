"""The one-click answers to a follow-up check-in, reached from the e-mail's links.

GET only shows the answer and a button (mail scanners open links by themselves);
POST, with the CSRF token, records it.
"""
from flask import Blueprint, abort, current_app, make_response, render_template

from web import clock
from web.db import get_session
from web.services import followups

bp = Blueprint("followups", __name__)


def _followup_or_error(token: str):
    try:
        return followups.read_token(get_session(), current_app.config["SECRET_KEY"],
                                    clock.utcnow(), token)
    except followups.FollowupLinkError as error:
        status = 410 if str(error) == "expired" else 404
        abort(make_response(render_template("followups/link_error.html", reason=str(error)),
                            status))


def _names(followup):
    proposal = followup.proposal
    if followup.person_type == "newcomer":
        return proposal.newcomer.first_name, proposal.volunteer.first_name
    return proposal.volunteer.first_name, proposal.newcomer.first_name


@bp.get("/suivi/<token>")
def confirm(token: str):
    """Show the answer the link stands for and ask for one click to record it."""
    followup, answer = _followup_or_error(token)
    name, other = _names(followup)
    return render_template("followups/confirm.html", followup=followup, answer=answer,
                           name=name, other_name=other, token=token)


@bp.post("/suivi/<token>")
def record(token: str):
    """Record the answer (the first one counts) and thank the person."""
    followup, answer = _followup_or_error(token)
    db = get_session()
    result = followups.record_answer(db, clock.utcnow(), followup, answer)
    db.commit()
    name, other = _names(followup) if followup.proposal else ("", "")
    return render_template("followups/recorded.html", result=result, name=name,
                           other_name=other)
