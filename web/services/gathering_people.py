"""What a person's data download and erasure include from gatherings and group outings."""
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, object_session

from web.models import Gathering, GatheringInvitation


def _moment(value):
    return value.isoformat() if value is not None else None


def gathering_data(person) -> dict:
    """For the data download: a newcomer's invitations, or a volunteer's outings."""
    session = object_session(person)
    if session is None:
        return {}
    if person.kind == "newcomer":
        rows = session.scalars(select(GatheringInvitation).where(
            GatheringInvitation.newcomer_id == person.id).order_by(GatheringInvitation.id)).all()
        return {"gathering_invitations": [
            {"gathering": row.gathering.title, "starts_at": _moment(row.gathering.starts_at),
             "status": row.status, "invited_at": _moment(row.invited_at),
             "answered_at": _moment(row.answered_at), "attended": row.attended,
             "reasons": row.reasons} for row in rows]}
    outings = session.scalars(select(Gathering).where(
        Gathering.host_volunteer_id == person.id).order_by(Gathering.id)).all()
    return {"group_outings": [
        {"title": outing.title, "starts_at": _moment(outing.starts_at), "status": outing.status,
         "places": outing.capacity} for outing in outings]}


def erase_gathering_links(session: Session, person) -> None:
    """Before erasing a person: their invitations go; an outing they host stays, host NULL."""
    if person.kind == "newcomer":
        session.execute(delete(GatheringInvitation).where(
            GatheringInvitation.newcomer_id == person.id))
    else:
        session.execute(update(Gathering).where(Gathering.host_volunteer_id == person.id)
                        .values(host_volunteer_id=None))
