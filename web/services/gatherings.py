"""Welcome gatherings for the waiting list: schedule, suggest whom to invite, invite, answers,
attendance, cancellation.

A coordinator schedules a gathering; `suggest` asks the engine (`matcher.gatherings`) which
waiting newcomers can come and stores them as "suggested" invitations with the reasons; the
coordinator sends the invitations he keeps ("invited", an e-mail each in their language);
newcomers answer from their page ("coming" / "not_coming", changeable until the start, never
beyond the capacity); after it, coordinators mark who came. Volunteers' group outings
(`web.services.outings`) use the same rows and the same flow once confirmed.

Every function takes the session and `now`, flushes, never commits, and audits.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, exists, func, select
from sqlalchemy.orm import Session, selectinload

import matcher
from matcher.gatherings import DEFAULT_MAX_DISTANCE_KM, GatheringSpot, WaitingNewcomer
from web.models import (
    Coordinator,
    Gathering,
    GatheringInvitation,
    Neighbourhood,
    Newcomer,
    Place,
    Proposal,
)
from web.models.proposals import LOAD_STATUSES
from web.services import ServiceError, audit
from web.services.ics import CalendarEvent
from web.services.notify import email_person
from web.services.occurrences import AFTERNOON_FROM, EVENING_FROM
from web.services.pagination import Page, paginate

#: extra people suggested beyond the free places, in case some cannot come
DEFAULT_RESERVES = 3
SENT = ("invited", "coming", "not_coming")


def actor_fields(coordinator: Coordinator | None) -> dict:
    if coordinator is None:
        return {"actor": "system"}
    return {"actor": f"coordinator:{coordinator.id}", "coordinator_id": coordinator.id}


def local_to_utc(day: date, at: time, tz_name: str) -> datetime:
    """The UTC instant of a wall-clock date and time in the town's zone."""
    local = datetime.combine(day, at).replace(tzinfo=ZoneInfo(tz_name))
    return local.astimezone(UTC)


def weekly_slot(starts_at: datetime, tz_name: str) -> int:
    """Index of the weekly slot (matcher.slots: day * 3 + part) a start falls in, locally."""
    local = starts_at.astimezone(ZoneInfo(tz_name))
    part = 0 if local.hour < AFTERNOON_FROM else 1 if local.hour < EVENING_FROM else 2
    return local.weekday() * 3 + part


def has_started(gathering: Gathering, now: datetime) -> bool:
    return gathering.starts_at <= now


def schedule(session: Session, now: datetime, coordinator: Coordinator | None, *, title: str,
             place: Place | None, day: date, at: time, tz_name: str, duration_minutes: int = 120,
             capacity: int = 12, languages=(), description: str = "") -> Gathering:
    """A new gathering at a place, `day` at `at` in the town's zone (stored in UTC)."""
    title = (title or "").strip()
    if not title:
        raise ServiceError("title", "a title is required")
    if not 1 <= int(capacity) <= 500:
        raise ServiceError("capacity", "between 1 and 500")
    if not 15 <= int(duration_minutes) <= 24 * 60:
        raise ServiceError("duration_minutes", "between 15 and 1440 minutes")
    starts_at = local_to_utc(day, at, tz_name)
    if starts_at <= now:
        raise ServiceError("day", "the gathering must be in the future")
    gathering = Gathering(title=title[:200], description=(description or "").strip(),
                          place_id=place.id if place else None, starts_at=starts_at,
                          duration_minutes=int(duration_minutes), capacity=int(capacity),
                          languages=list(languages), status="scheduled",
                          created_by_id=coordinator.id if coordinator else None, created_at=now)
    session.add(gathering)
    session.flush()
    audit.record(session, now, "gathering.scheduled", target_type="gathering",
                 target_id=gathering.id, title=gathering.title, **actor_fields(coordinator))
    return gathering


def _spot(session: Session, gathering: Gathering, tz_name: str) -> GatheringSpot:
    place = gathering.place
    lat, lon = (place.lat, place.lon) if place else (None, None)
    if (lat is None or lon is None) and place and place.neighbourhood:
        lat, lon = place.neighbourhood.lat, place.neighbourhood.lon
    if lat is None or lon is None:
        raise ServiceError("place", "the place has no coordinates")
    return GatheringSpot(lat, lon, weekly_slot(gathering.starts_at, tz_name),
                         tuple(gathering.languages or ()), gathering.capacity)


def _waiting(session: Session, now: datetime, gathering: Gathering) -> list[WaitingNewcomer]:
    """Waiting newcomers with nothing open and not already invited to this gathering."""
    busy = select(Proposal.newcomer_id).where(Proposal.status.in_(LOAD_STATUSES))
    invited = select(GatheringInvitation.newcomer_id).where(
        GatheringInvitation.gathering_id == gathering.id, GatheringInvitation.status.in_(SENT))
    rows = session.execute(
        select(Newcomer.id, Neighbourhood.lat, Neighbourhood.lon, Newcomer.availability,
               Newcomer.languages, Newcomer.waiting_since)
        .join(Neighbourhood, Newcomer.neighbourhood_id == Neighbourhood.id)
        .where(Newcomer.status == "waiting", Newcomer.id.not_in(busy),
               Newcomer.id.not_in(invited))).all()
    return [WaitingNewcomer(row.id, row.lat, row.lon, row.availability, tuple(row.languages or ()),
                            max(0, (now - row.waiting_since).days)) for row in rows]


def free_places(session: Session, gathering: Gathering) -> int:
    """Places not yet promised: capacity minus those invited and not yet saying no."""
    taken = session.scalar(select(func.count()).where(
        GatheringInvitation.gathering_id == gathering.id,
        GatheringInvitation.status.in_(("invited", "coming")))) or 0
    return max(0, gathering.capacity - taken)


def suggest(session: Session, now: datetime, gathering: Gathering,
            coordinator: Coordinator | None, tz_name: str, reserves: int = DEFAULT_RESERVES,
            max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
            ) -> list[GatheringInvitation]:
    """Replace the unsent suggestions by the engine's ranked invitees for the free places."""
    if gathering.status != "scheduled" or has_started(gathering, now):
        raise ServiceError("status", "only a scheduled gathering to come takes invitations")
    session.execute(delete(GatheringInvitation).where(
        GatheringInvitation.gathering_id == gathering.id,
        GatheringInvitation.status == "suggested"))
    ranked = matcher.rank_invitees(_spot(session, gathering, tz_name),
                                   _waiting(session, now, gathering),
                                   max_distance_km=max_distance_km, reserves=reserves,
                                   limit=free_places(session, gathering))
    rows = [GatheringInvitation(gathering_id=gathering.id, newcomer_id=item.id,
                                status="suggested",
                                reasons={**item.reasons, "rank": item.rank,
                                         "reserve": item.reserve})
            for item in ranked]
    session.add_all(rows)
    session.flush()
    session.expire(gathering, ["invitations"])
    audit.record(session, now, "gathering.suggested", target_type="gathering",
                 target_id=gathering.id, count=len(rows), **actor_fields(coordinator))
    return rows


def invitation_context(gathering: Gathering) -> dict:
    """What the invitation and cancellation e-mails say about the gathering."""
    place = gathering.place
    return {"title": gathering.title, "starts_at": gathering.starts_at,
            "place_name": place.name if place else "", "address": place.address if place else "",
            "host_name": gathering.host_volunteer.first_name if gathering.host_volunteer else ""}


def send_invitations(session: Session, now: datetime, gathering: Gathering,
                     coordinator: Coordinator | None, invitation_ids) -> tuple[list, list]:
    """Invite the chosen suggestions; returns (invited, those without e-mail to phone)."""
    if gathering.status != "scheduled" or has_started(gathering, now):
        raise ServiceError("status", "only a scheduled gathering to come takes invitations")
    ids = {int(i) for i in invitation_ids}
    rows = [row for row in gathering.invitations if row.id in ids and row.status == "suggested"]
    if not rows:
        raise ServiceError("invitations", "choose at least one person to invite")
    to_phone = []
    for row in rows:
        row.status, row.invited_at = "invited", now
        message = email_person(session, now, row.newcomer, "gathering_invitation",
                               **invitation_context(gathering))
        if message is None:
            to_phone.append(row.newcomer)
    session.flush()
    audit.record(session, now, "gathering.invited", target_type="gathering",
                 target_id=gathering.id, newcomers=sorted(r.newcomer_id for r in rows),
                 **actor_fields(coordinator))
    return rows, to_phone


class GatheringFull(ServiceError):
    """Every place is taken: the answer is noted as a wish to come."""


def answer(session: Session, now: datetime, invitation: GatheringInvitation, coming: bool) -> None:
    """A newcomer's "je viens" / "je ne peux pas", changeable until the gathering starts.

    Raises ServiceError("status") when it is too late or cancelled, GatheringFull when
    every place is taken (the wish is kept in the reasons, for the coordinators).
    """
    # Lock the gathering so that two last "je viens" cannot both take the last place.
    gathering = session.scalars(select(Gathering).where(
        Gathering.id == invitation.gathering_id).with_for_update()).one()
    if invitation.status == "suggested":
        raise ServiceError("status", "not invited")
    if gathering.status != "scheduled" or has_started(gathering, now):
        raise ServiceError("status", "the gathering is over or cancelled")
    if coming and invitation.status != "coming":
        taken = session.scalar(select(func.count()).where(
            GatheringInvitation.gathering_id == gathering.id,
            GatheringInvitation.status == "coming")) or 0
        if taken >= gathering.capacity:
            invitation.reasons = {**(invitation.reasons or {}), "wants_place_at": now.isoformat()}
            session.flush()
            audit.record(session, now, "gathering.full", actor=f"newcomer:{invitation.newcomer_id}",
                         target_type="gathering", target_id=gathering.id)
            raise GatheringFull("status", "full")
    freed = invitation.status == "coming" and not coming
    invitation.status = "coming" if coming else "not_coming"
    invitation.answered_at = now
    if "wants_place_at" in (invitation.reasons or {}):
        invitation.reasons = {k: v for k, v in invitation.reasons.items() if k != "wants_place_at"}
    session.flush()
    audit.record(session, now, "gathering.answered", actor=f"newcomer:{invitation.newcomer_id}",
                 target_type="gathering", target_id=gathering.id, status=invitation.status)
    if freed:
        _tell_first_waiting(session, now, gathering)


def _tell_first_waiting(session: Session, now: datetime, gathering: Gathering) -> None:
    """A place was given back: the person who asked first for a place when it was full is
    told by e-mail (the place is theirs if they answer "je viens" first; nothing is held)."""
    hopeful = [row for row in gathering.invitations
               if row.status != "coming" and (row.reasons or {}).get("wants_place_at")]
    if not hopeful:
        return
    first = min(hopeful, key=lambda row: (row.reasons["wants_place_at"], row.id))
    first.reasons = {**first.reasons, "told_place_free_at": now.isoformat()}
    first.reasons.pop("wants_place_at")
    email_person(session, now, first.newcomer, "gathering_place_free",
                 **invitation_context(gathering))
    session.flush()


def mark_attendance(session: Session, now: datetime, gathering: Gathering,
                    coordinator: Coordinator | None, came_ids) -> None:
    """After the gathering: who came (invitation ids in `came_ids`); the others did not."""
    if not has_started(gathering, now) or gathering.status not in ("scheduled", "done"):
        raise ServiceError("status", "attendance is marked after the gathering")
    came = {int(i) for i in came_ids}
    for row in gathering.invitations:
        if row.status in SENT:
            row.attended = row.id in came
    gathering.status = "done"
    session.flush()
    audit.record(session, now, "gathering.attendance", target_type="gathering",
                 target_id=gathering.id, came=len([r for r in gathering.invitations if r.attended]),
                 **actor_fields(coordinator))


def cancel(session: Session, now: datetime, gathering: Gathering,
           coordinator: Coordinator | None) -> int:
    """Cancel a gathering to come; everyone invited who did not say no is told. Returns how
    many e-mails were queued."""
    if gathering.status not in ("scheduled", "proposed") or has_started(gathering, now):
        raise ServiceError("status", "only a gathering to come can be cancelled")
    gathering.status = "cancelled"
    sent = 0
    for row in list(gathering.invitations):
        if row.status == "suggested":
            session.delete(row)
        elif row.status in ("invited", "coming"):
            sent += email_person(session, now, row.newcomer, "gathering_cancelled",
                                 **invitation_context(gathering)) is not None
    session.flush()
    audit.record(session, now, "gathering.cancelled", target_type="gathering",
                 target_id=gathering.id, **actor_fields(coordinator))
    return sent


# --- Reading ---------------------------------------------------------------------------

def told_if_cancelled(session: Session, gathering: Gathering) -> int:
    """How many people `cancel` would e-mail: those invited who did not say no."""
    return session.scalar(
        select(func.count()).select_from(GatheringInvitation)
        .where(GatheringInvitation.gathering_id == gathering.id,
               GatheringInvitation.status.in_(("invited", "coming")))) or 0


@dataclass(frozen=True)
class Counts:
    invited: int = 0
    coming: int = 0
    came: int = 0


def counts(session: Session, gathering_ids) -> dict[int, Counts]:
    """{gathering id: Counts} computed in SQL."""
    ids = list(gathering_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(GatheringInvitation.gathering_id,
               func.sum(case((GatheringInvitation.status.in_(SENT), 1), else_=0)),
               func.sum(case((GatheringInvitation.status == "coming", 1), else_=0)),
               func.sum(case((GatheringInvitation.attended.is_(True), 1), else_=0)))
        .where(GatheringInvitation.gathering_id.in_(ids))
        .group_by(GatheringInvitation.gathering_id)).all()
    return {row[0]: Counts(int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)) for row in rows}


def listing(session: Session, now: datetime, which: str, page: int = 1) -> Page:
    """"proposed" (volunteers' outings to confirm), "upcoming" (soonest first) or "past"
    (latest first, cancelled ones included)."""
    query = select(Gathering).options(selectinload(Gathering.place))
    if which == "proposed":
        query = query.where(Gathering.status == "proposed", Gathering.starts_at > now)
        query = query.order_by(Gathering.starts_at, Gathering.id)
    elif which == "upcoming":
        query = query.where(Gathering.status == "scheduled", Gathering.starts_at > now)
        query = query.order_by(Gathering.starts_at, Gathering.id)
    else:
        query = query.where((Gathering.starts_at <= now) | (Gathering.status == "cancelled"))
        query = query.order_by(Gathering.starts_at.desc(), Gathering.id.desc())
    return paginate(session, query, page)


def invitations_for_newcomer(session: Session, now: datetime,
                             newcomer: Newcomer) -> Sequence[GatheringInvitation]:
    """The newcomer's invitations to gatherings not over yet (cancelled ones included)."""
    return session.scalars(
        select(GatheringInvitation).join(Gathering)
        .options(selectinload(GatheringInvitation.gathering).selectinload(Gathering.place))
        .where(GatheringInvitation.newcomer_id == newcomer.id,
               GatheringInvitation.status.in_(SENT),
               Gathering.status.in_(("scheduled", "cancelled")), Gathering.starts_at > now)
        .order_by(Gathering.starts_at, Gathering.id)).all()


def own_invitation(session: Session, newcomer: Newcomer, gathering_id: int):
    """The newcomer's (sent) invitation to this gathering, or None."""
    return session.scalar(select(GatheringInvitation).where(
        GatheringInvitation.gathering_id == gathering_id,
        GatheringInvitation.newcomer_id == newcomer.id, GatheringInvitation.status.in_(SENT)))


def outings_to_confirm(session: Session) -> int:
    """How many group outings proposed by volunteers wait for a coordinator's answer."""
    return session.scalar(select(func.count(Gathering.id))
                          .where(Gathering.status == "proposed")) or 0


def came_without_buddy(session: Session, page: int = 1) -> Page:
    """Newcomers who came to a gathering and still have no active pairing, longest wait first.

    Items are (Newcomer, last gathering attended's start)."""
    paired = exists().where(Proposal.newcomer_id == Newcomer.id, Proposal.status == "active")
    last = func.max(Gathering.starts_at).label("last_came")
    query = (select(Newcomer, last)
             .join(GatheringInvitation, and_(GatheringInvitation.newcomer_id == Newcomer.id,
                                             GatheringInvitation.attended.is_(True)))
             .join(Gathering, Gathering.id == GatheringInvitation.gathering_id)
             .where(Newcomer.status.in_(("waiting", "paused")), ~paired)
             .group_by(Newcomer.id).order_by(Newcomer.waiting_since, Newcomer.id)
             # their neighbourhoods in one more statement (a join would break the GROUP BY)
             .options(selectinload(Newcomer.neighbourhood)))
    return paginate(session, query, page)


def calendar_event(gathering: Gathering, url: str = "") -> CalendarEvent:
    """The gathering as an event for the newcomer's calendar."""
    place = gathering.place
    location = ", ".join(p for p in ((place.name, place.address) if place else ()) if p)
    return CalendarEvent(uid=f"gathering-{gathering.id}@bienvenue", title=gathering.title,
                         start=gathering.starts_at,
                         end=gathering.starts_at + timedelta(minutes=gathering.duration_minutes),
                         location=location, description=gathering.description, url=url,
                         cancelled=gathering.status == "cancelled")
