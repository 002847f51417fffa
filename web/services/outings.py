"""Volunteers' small group outings: a volunteer takes a few waiting newcomers to an activity.

The volunteer picks an upcoming occurrence and a number of places; that makes a `Gathering`
with `host_volunteer_id`, status "proposed". A coordinator confirms it ("scheduled": then the
welcome-gathering flow of `web.services.gatherings` invites people) or refuses it; the
volunteer is told by e-mail either way.
"""
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matcher.geo import haversine_km
from web.models import Activity, Coordinator, Gathering, GatheringInvitation, Volunteer
from web.services import ServiceError, audit, occurrences as occ
from web.services.gatherings import actor_fields, has_started
from web.services.notify import email_person

MIN_PLACES, MAX_PLACES = 2, 6
#: how far ahead a volunteer can choose an occurrence
HORIZON = timedelta(weeks=3)
#: how many occurrences the volunteer's page offers
SHOWN_CHOICES = 12


def can_host(volunteer: Volunteer) -> bool:
    """Only active volunteers a coordinator approved propose outings."""
    return volunteer.vetting_status == "approved" and volunteer.status == "active"


def _distance(volunteer: Volunteer, activity: Activity) -> float:
    place, home = activity.place, volunteer.neighbourhood
    if place is None or place.lat is None or home is None:
        return float("inf")
    return float(haversine_km(home.lat, home.lon, place.lat, place.lon))


def choices(session: Session, now: datetime, volunteer: Volunteer,
            limit: int = SHOWN_CHOICES) -> list[tuple]:
    """Upcoming occurrences of the next 3 weeks at a known place, the nearest to the volunteer
    first, then the soonest: [(occurrence, activity, distance km)]."""
    found = [(o, a, _distance(volunteer, a)) for o, a in occ.upcoming(session, now, now + HORIZON)
             if a.place is not None and not o.all_day]
    found.sort(key=lambda item: (item[2], item[0].start, item[1].id))
    return found[:limit]


def propose(session: Session, now: datetime, volunteer: Volunteer, key: str, places: int | str
            ) -> Gathering:
    """The volunteer proposes to take `places` newcomers (a number, or as typed) to the
    occurrence `key`."""
    if not can_host(volunteer):
        raise ServiceError("volunteer", "only approved, active volunteers propose outings")
    try:
        places = int(places)
    except (TypeError, ValueError):
        raise ServiceError("places", f"a number from {MIN_PLACES} to {MAX_PLACES}") from None
    if not MIN_PLACES <= places <= MAX_PLACES:
        raise ServiceError("places", f"a number from {MIN_PLACES} to {MAX_PLACES}")
    found = occ.find(session, key or "")
    if found is None:
        raise ServiceError("occurrence", "unknown activity date")
    occurrence, activity = found
    start = occurrence.start.astimezone(UTC)
    if occurrence.cancelled or activity.place is None or not now < start <= now + HORIZON:
        raise ServiceError("occurrence", "choose an activity of the next three weeks")
    duplicate = session.scalar(select(Gathering.id).where(
        Gathering.host_volunteer_id == volunteer.id, Gathering.activity_id == activity.id,
        Gathering.starts_at == start, Gathering.status.in_(("proposed", "scheduled"))))
    if duplicate is not None:
        raise ServiceError("occurrence", "already proposed")
    spoken = [code for code in volunteer.languages if code in (activity.languages or [])]
    gathering = Gathering(
        title=activity.title, description=activity.description, place_id=activity.place_id,
        activity_id=activity.id, starts_at=start,
        duration_minutes=int((occurrence.end - occurrence.start).total_seconds() // 60) or 60,
        capacity=places, languages=spoken or list(volunteer.languages or []),
        status="proposed", host_volunteer_id=volunteer.id, created_at=now)
    session.add(gathering)
    session.flush()
    audit.record(session, now, "outing.proposed", actor=f"volunteer:{volunteer.id}",
                 target_type="gathering", target_id=gathering.id, occurrence=key)
    return gathering


def _decide(session, now, gathering, coordinator, confirmed: bool, note: str = "") -> None:
    if gathering.status != "proposed" or has_started(gathering, now):
        raise ServiceError("status", "only a proposed outing to come is confirmed or refused")
    gathering.status = "scheduled" if confirmed else "cancelled"
    if coordinator is not None:
        gathering.created_by_id = coordinator.id
    host = gathering.host_volunteer
    if host is not None:
        place = gathering.place
        email_person(session, now, host, "outing_decision", confirmed=confirmed,
                     title=gathering.title, starts_at=gathering.starts_at,
                     place_name=place.name if place else "", note=(note or "").strip())
    session.flush()
    audit.record(session, now, "outing.confirmed" if confirmed else "outing.refused",
                 target_type="gathering", target_id=gathering.id, **actor_fields(coordinator))


def confirm(session: Session, now: datetime, gathering: Gathering,
            coordinator: Coordinator | None) -> None:
    """The outing goes ahead: it takes invitations like a welcome gathering."""
    _decide(session, now, gathering, coordinator, True)


def refuse(session: Session, now: datetime, gathering: Gathering,
           coordinator: Coordinator | None, note: str = "") -> None:
    """The outing does not go ahead; the volunteer is told (with the note, if any)."""
    _decide(session, now, gathering, coordinator, False, note)


def hosted_by(session: Session, now: datetime, volunteer: Volunteer) -> list[tuple]:
    """The volunteer's outings not over yet (and the last month's), with the first names of
    those coming: [(gathering, [first names])]."""
    rows = session.scalars(
        select(Gathering).options(selectinload(Gathering.place),
                                  selectinload(Gathering.invitations)
                                  .selectinload(GatheringInvitation.newcomer))
        .where(Gathering.host_volunteer_id == volunteer.id,
               Gathering.starts_at > now - timedelta(days=31))
        .order_by(Gathering.starts_at, Gathering.id)).all()
    return [(g, sorted(i.newcomer.first_name for i in g.invitations if i.status == "coming"))
            for g in rows]


def page_context(session: Session, now: datetime, volunteer: Volunteer, args) -> dict:
    """What the volunteer's page shows about outings; `args` may carry what was typed
    ("sortie", "places") when a proposal was refused."""
    return {"outings": hosted_by(session, now, volunteer),
            "outing_choices": choices(session, now, volunteer) if can_host(volunteer) else [],
            "outing_typed": {"key": args.get("sortie", ""), "places": args.get("places", "")},
            "outing_places": range(MIN_PLACES, MAX_PLACES + 1)}
