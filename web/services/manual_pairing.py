"""Pairing by hand: the engine's explanation of one pair, then a proposal sent at once.

The coordinator may override broken constraints (recorded on the proposal and in the
audit log) and raise a full volunteer's capacity by one, up to MAX_CAPACITY.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

import matcher
from web.db import rows_changed
from web.models import Coordinator, Newcomer, Proposal, Volunteer
from web.models.people import LOCALES
from web.services import ServiceError, audit
from web.services.accounts import actor
from web.services.matching import all_labels, configured_engine, in_language, stored_reasons
from web.services.proposals import CapacityError, announce_new_proposals, create_proposal

MAX_CAPACITY = 3


@dataclass
class Explanation:
    """The engine's view of one pair, in both languages, plus what the database allows."""

    fr: matcher.PairExplanation
    en: matcher.PairExplanation
    #: the volunteer has no free place: pairing needs a higher capacity
    full: bool
    #: the capacity can be raised by one (still at most MAX_CAPACITY)
    can_raise: bool


def explain(session: Session, now: datetime, newcomer: Newcomer, volunteer: Volunteer
            ) -> Explanation:
    """Score, reasons and broken constraints of a pair the coordinator is considering."""
    if newcomer.neighbourhood_id is None or volunteer.neighbourhood_id is None:
        raise ServiceError("neighbourhood", "place both people in a neighbourhood first")
    # Weighed as the weekly run weighs pairs: by the learned model when it is switched on.
    problem, learned = configured_engine(session, now, [newcomer], [volunteer])
    fr = matcher.explain_pair(problem, newcomer.id, volunteer.id, lang="fr", langs=LOCALES,
                              labels_by_lang=all_labels(), learned=learned)
    en = in_language(fr, "en")
    full = volunteer.load >= volunteer.capacity
    return Explanation(fr, en, full, full and volunteer.capacity < MAX_CAPACITY)


def pair_by_hand(session: Session, now: datetime, newcomer: Newcomer, volunteer: Volunteer,
                 coordinator: Coordinator, *, confirmed: bool = False,
                 raise_capacity: bool = False) -> Proposal:
    """Propose this volunteer to this newcomer at once (source "coordinator").

    Broken constraints need `confirmed` and are recorded on the proposal and in the audit
    log. A full volunteer needs `raise_capacity` (one more place, at most 3): the database
    never lets a volunteer accompany more people than their capacity.
    """
    if newcomer.status != "waiting":
        raise ServiceError("newcomer", f"the newcomer is {newcomer.status}")
    if volunteer.vetting_status != "approved" or volunteer.status != "active":
        raise ServiceError("volunteer", "only vetted, active volunteers can be proposed")
    explanation = explain(session, now, newcomer, volunteer)
    broken = list(explanation.fr.violations)
    if broken and not confirmed:
        raise ServiceError("confirm", "confirm the constraints you override")
    if explanation.full:
        if not explanation.can_raise:
            raise ServiceError("capacity", "the volunteer already accompanies 3 people")
        if not raise_capacity:
            raise ServiceError("raise_capacity", "raise the volunteer's capacity to pair them")
        raised = rows_changed(session, update(Volunteer).where(
            Volunteer.id == volunteer.id, Volunteer.capacity < MAX_CAPACITY)
            .values(capacity=Volunteer.capacity + 1))
        if raised != 1:
            raise ServiceError("capacity", "the volunteer already accompanies 3 people")
        session.refresh(volunteer)
        audit.record(session, now, "volunteer.capacity_raised", actor=actor(coordinator),
                     coordinator_id=coordinator.id, target_type="volunteer",
                     target_id=volunteer.id, capacity=volunteer.capacity)
    try:
        proposal = create_proposal(
            session, now, newcomer.id, volunteer.id, status="proposed",
            score=explanation.fr.score, components=dict(explanation.fr.components),
            reasons=stored_reasons(explanation.fr),
            source="coordinator", overridden=tuple(broken),
            predicted_success=explanation.fr.probability)
    except CapacityError:
        raise ServiceError("capacity", "the volunteer is full or the newcomer already has an "
                                       "open proposal") from None
    announce_new_proposals(session, now, [proposal])
    audit.record(session, now, "proposal.manual", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="newcomer", target_id=newcomer.id,
                 proposal_id=proposal.id, volunteer_id=volunteer.id, overridden=broken)
    return proposal
