"""Review of the drafts a matching run made: review on or off, approve one or all,
reject, and swap a draft's volunteer for another one the engine ranks.

Every decision writes an audit entry with the coordinator's id; functions flush, the
caller commits.
"""
from dataclasses import replace
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased, joinedload

import matcher
from web.models import Coordinator, Neighbourhood, Newcomer, Proposal, Setting, Volunteer
from web.models.people import LOCALES
from web.services import ServiceError, audit
from web.services.accounts import actor
from web.services.matching import (
    REVIEW_SETTING,
    all_labels,
    available_volunteers,
    configured_engine,
    in_language,
    setting,
    stored_reasons,
)
from web.services.pagination import Page, paginate
from web.services.proposals import CapacityError, create_proposal, reject_proposal, send_proposal

#: the longest search the review page takes (longer text is cut)
SEARCH_MAX = 100


def review_enabled(session: Session) -> bool:
    """Whether proposals from runs wait for a coordinator (default: yes)."""
    return bool(setting(session, REVIEW_SETTING, True))


def set_review(session: Session, now: datetime, coordinator: Coordinator, enabled: bool) -> None:
    """Turn the review of proposals on or off (admins only: the view checks)."""
    row = session.get(Setting, REVIEW_SETTING)
    if row is None:
        session.add(Setting(key=REVIEW_SETTING, value=bool(enabled)))
    else:
        row.value = bool(enabled)
    audit.record(session, now, "setting.changed", actor=actor(coordinator),
                 coordinator_id=coordinator.id, key=REVIEW_SETTING, value=bool(enabled))
    session.flush()


def drafts(session: Session, page: int = 1, text: str = "") -> Page:
    """Draft proposals waiting for review, the longest-waiting newcomer first.

    With `text`, only drafts whose newcomer's or volunteer's first name or neighbourhood
    contains it (any case; trimmed, SEARCH_MAX characters at most).
    """
    return paginate(session, _drafts_query(text), page)


def _drafts_query(text: str = ""):
    """The drafts `drafts` lists, as one query (see there for `text`)."""
    query = (select(Proposal).join(Newcomer, Proposal.newcomer_id == Newcomer.id)
             .where(Proposal.status == "draft")
             # both people and their neighbourhoods come with each row: the page shows them
             .options(joinedload(Proposal.newcomer).joinedload(Newcomer.neighbourhood),
                      joinedload(Proposal.volunteer).joinedload(Volunteer.neighbourhood))
             .order_by(Newcomer.waiting_since, Proposal.id))
    text = (text or "").strip()[:SEARCH_MAX]
    if text:
        newcomer_place, volunteer_place = aliased(Neighbourhood), aliased(Neighbourhood)
        query = (query.join(Volunteer, Proposal.volunteer_id == Volunteer.id)
                 .outerjoin(newcomer_place, Newcomer.neighbourhood_id == newcomer_place.id)
                 .outerjoin(volunteer_place, Volunteer.neighbourhood_id == volunteer_place.id)
                 .where(or_(*(column.icontains(text, autoescape=True) for column in (
                     Newcomer.first_name, Volunteer.first_name, newcomer_place.name,
                     volunteer_place.name)))))
    return query


def approve_draft(session: Session, now: datetime, proposal: Proposal,
                  coordinator: Coordinator) -> None:
    """Send a draft to its volunteer."""
    send_proposal(session, now, proposal)
    audit.record(session, now, "proposal.approved", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal", target_id=proposal.id)


def approve_all(session: Session, now: datetime, coordinator: Coordinator,
                text: str = "") -> int:
    """Send every draft, or with `text` those the search finds (as `drafts` lists them);
    returns how many were sent (drafts changed meanwhile are skipped)."""
    sent = 0
    for proposal in session.scalars(_drafts_query(text)).unique().all():
        try:
            approve_draft(session, now, proposal, coordinator)
        except ServiceError:
            continue
        sent += 1
    return sent


def reject_draft(session: Session, now: datetime, proposal: Proposal,
                 coordinator: Coordinator, note: str | None = None) -> None:
    """Reject a draft: the pair is never proposed again and the volunteer's place is freed.

    One conditional UPDATE, like every transition, so two coordinators cannot both act.
    """
    reject_proposal(session, proposal, note)
    audit.record(session, now, "proposal.rejected", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal", target_id=proposal.id)


def alternatives(session: Session, now: datetime, proposal: Proposal,
                 limit: int | None = 10) -> list:
    """Other volunteers for the draft's newcomer, best first: [(volunteer, pair_fr, pair_en)];
    all of them when `limit` is None.

    The draft's own volunteer is left out (the coordinator wants someone else) and every
    other volunteer is seen as if this draft did not exist.
    """
    volunteers = [v for v in available_volunteers(session, now) if v.id != proposal.volunteer_id]
    # Ranked as the weekly run weighs pairs: by the learned model when it is switched on.
    problem, learned = configured_engine(session, now, [proposal.newcomer], volunteers)
    problem = _with_excluded(problem, {(proposal.newcomer_id, proposal.volunteer_id)})
    by_id = {v.id: v for v in volunteers}
    ranked = matcher.rank_volunteers(problem, proposal.newcomer_id, lang="fr", limit=limit,
                                     langs=LOCALES, labels_by_lang=all_labels(), learned=learned)
    return [(by_id[p.volunteer], p, in_language(p, "en")) for p in ranked]


def _with_excluded(problem: matcher.Problem, pairs: set) -> matcher.Problem:
    return replace(problem, excluded_pairs=frozenset(problem.excluded_pairs) | frozenset(pairs))


def swap_draft(session: Session, now: datetime, proposal: Proposal, volunteer_id: int,
               coordinator: Coordinator) -> Proposal:
    """Replace a draft's volunteer by one from `alternatives`: the old draft is rejected and
    a new draft, from the coordinator, takes its place."""
    choice = {v.id: (p, en) for v, p, en in alternatives(session, now, proposal, limit=None)}
    if volunteer_id not in choice:
        raise ServiceError("volunteer", "this volunteer cannot be proposed to this newcomer")
    pair_fr, _ = choice[volunteer_id]
    reject_draft(session, now, proposal, coordinator, note="replaced")
    try:
        new = create_proposal(session, now, proposal.newcomer_id, volunteer_id, status="draft",
                              score=pair_fr.score, components=dict(pair_fr.components),
                              reasons=stored_reasons(pair_fr),
                              match_run_id=proposal.match_run_id, source="coordinator",
                              predicted_success=pair_fr.probability)
    except CapacityError:
        raise ServiceError("volunteer", "this volunteer has just become full") from None
    audit.record(session, now, "proposal.swapped", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal", target_id=new.id,
                 replaces=proposal.id)
    return new
