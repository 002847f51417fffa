"""The pair's first outing: a real, dated activity both can go to, suggested at the
introduction; either person may choose another among a few, the other sees the choice."""
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from matcher import rank_for_pair
from matcher.slots import mask_to_slots, slot_label
from web.services import audit
from web.services.matching import all_labels
from web.services.suggestions import display, engine_occurrences, find_occurrence, person_input

#: how far ahead a first outing is looked for
HORIZON = timedelta(days=21)
#: the suggestion and the others to choose from
OPTIONS = 4
#: every one of the 21 weekly slots
ALL_SLOTS = (1 << 21) - 1


def _newcomer_mask(newcomer) -> int:
    """The newcomer's free time; a newcomer who has not given it yet is taken as free
    whenever the volunteer is (the volunteer's slots decide)."""
    return newcomer.availability or ALL_SLOTS


def _key(activity_id: int, start: datetime) -> str:
    return f"{activity_id}-{start:%Y%m%dT%H%M}"


def chosen_key(proposal) -> str | None:
    """The key of the occurrence the pair chose, if any."""
    if proposal.outing_activity_id is None or proposal.outing_start is None:
        return None
    return _key(proposal.outing_activity_id, proposal.outing_start)


def options(session: Session, now: datetime, proposal, locale: str,
            count: int = OPTIONS) -> list[dict]:
    """The best upcoming occurrences for the pair (next 3 weeks, a slot both share), best
    first, ready to display with their reasons."""
    items, found = engine_occurrences(session, now, now + HORIZON)
    newcomer = replace(person_input(proposal.newcomer),
                       availability_mask=_newcomer_mask(proposal.newcomer))
    ranked = rank_for_pair(newcomer, person_input(proposal.volunteer),
                           items, now.date(), k=count, langs=(locale,), labels=all_labels())
    return [display(*found[s.key], locale, s.reasons[locale]) for s in ranked]


def meeting(session: Session, now: datetime, proposal, locale: str) -> dict:
    """The first outing to show: the chosen one, else the best suggestion; the others to
    choose from; and a slot both are free for the fallback "un café ensemble"."""
    slots = mask_to_slots(_newcomer_mask(proposal.newcomer) & proposal.volunteer.availability)
    choices = options(session, now, proposal, locale)
    chosen = None
    key = chosen_key(proposal)
    if key is not None:
        found = find_occurrence(session, key)
        if found is not None and found[0].end > now:
            chosen = display(*found, locale)
    outing = chosen or (choices[0] if choices else None)
    others = [c for c in choices if outing is None or c["key"] != outing["key"]][:OPTIONS - 1]
    return {"outing": outing, "chosen": chosen is not None, "others": others,
            "slot": slot_label(slots[0], locale) if slots else None}


def choose(session: Session, now: datetime, proposal, key: str, by: str) -> bool:
    """Record the pair's choice of first outing; False when the pairing is not active or the
    key names no upcoming, not cancelled occurrence."""
    if proposal.status != "active":
        return False
    found = find_occurrence(session, key)
    if found is None:
        return False
    occurrence, activity = found
    if occurrence.cancelled or occurrence.start <= now:
        return False
    proposal.outing_activity_id = activity.id
    proposal.outing_start = occurrence.original_start
    person = proposal.newcomer if by == "newcomer" else proposal.volunteer
    audit.record(session, now, "proposal.outing_chosen", actor=f"{by}:{person.id}",
                 target_type="proposal", target_id=proposal.id, key=occurrence.key)
    session.flush()
    return True
