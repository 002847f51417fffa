"""The optional steps of a newcomer's intake (interests, free time, details), saved one at a
time from their personal page; none is needed to be matched."""
from datetime import datetime

from sqlalchemy.orm import Session

from matcher.slots import mask_to_slots, slots_to_mask
from web.models import Newcomer
from web.services import ServiceError, audit

#: the optional steps in order
STEPS = (2, 3, 4)
DETAIL_FIELDS = ("about", "shared_contact", "arrival_date", "buddy_gender", "birth_year",
                 "gender", "household", "heard_from")


def _blank_to_none(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


def step_data(newcomer: Newcomer, step: int) -> dict:
    """The newcomer's current answers for one step, shaped like its form's data."""
    if step == 2:
        return {"interests": list(newcomer.interests)}
    if step == 3:
        return {"availability": mask_to_slots(newcomer.availability)}
    data = {name: getattr(newcomer, name) for name in DETAIL_FIELDS}
    for name in ("buddy_gender", "gender", "household"):
        data[name] = data[name] or ""
    data.update(practise_french=newcomer.practise_french,
                intergenerational=newcomer.intergenerational)
    return data


def save_step(session: Session, now: datetime, newcomer: Newcomer, step: int, data: dict) -> None:
    """Record one optional step's answers (an empty answer clears the earlier one)."""
    if step == 2:
        newcomer.interests = list(data.get("interests") or [])
    elif step == 3:
        try:
            newcomer.availability = slots_to_mask(data.get("availability") or [])
        except ValueError as exc:
            raise ServiceError("availability", str(exc)) from None
    elif step == 4:
        for name in DETAIL_FIELDS:
            if name in data:
                setattr(newcomer, name, _blank_to_none(data[name]))
        newcomer.about = (data.get("about") or "").strip()
        newcomer.shared_contact = newcomer.shared_contact or (
            "email" if newcomer.email else "phone")
        newcomer.practise_french = bool(data.get("practise_french"))
        newcomer.intergenerational = bool(data.get("intergenerational"))
    else:
        raise ServiceError("step", f"no step {step}")
    newcomer.updated_at = newcomer.last_active_at = now
    session.flush()
    audit.record(session, now, "newcomer.profile_updated", actor=f"newcomer:{newcomer.id}",
                 target_type="newcomer", target_id=newcomer.id, step=step)


def steps_left(newcomer: Newcomer) -> list[int]:
    """The optional steps with nothing filled in yet, in order."""
    filled = {2: bool(newcomer.interests), 3: bool(newcomer.availability),
              4: bool(newcomer.about or newcomer.birth_year or newcomer.arrival_date
                      or newcomer.gender or newcomer.household or newcomer.buddy_gender
                      or newcomer.practise_french or newcomer.intergenerational
                      or newcomer.heard_from)}
    return [step for step in STEPS if not filled[step]]
