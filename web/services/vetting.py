"""Vetting a volunteer after the interview: approve (and tell them) or refuse."""
from datetime import datetime

from sqlalchemy.orm import Session

from web.models import Coordinator, Volunteer
from web.services import ServiceError, audit
from web.services.accounts import actor


def vet_volunteer(session: Session, now: datetime, volunteer: Volunteer,
                  coordinator: Coordinator, approved: bool, note: str) -> None:
    """Approve or refuse a volunteer after the interview; an approved volunteer is e-mailed."""
    from web.services.notify import email_person

    note = (note or "").strip()
    if not approved and not note:
        raise ServiceError("note", "say why the volunteer is refused")
    volunteer.vetting_status = "approved" if approved else "refused"
    volunteer.vetting_note = note or None
    volunteer.vetted_at = now
    volunteer.vetted_by_id = coordinator.id
    audit.record(session, now, "volunteer.approved" if approved else "volunteer.refused",
                 actor=actor(coordinator), coordinator_id=coordinator.id,
                 target_type="volunteer", target_id=volunteer.id)
    if approved:
        email_person(session, now, volunteer, "volunteer_approved")
    session.flush()
