"""Programme statistics for coordinators: people per neighbourhood, pairings, answers, waits,
and local life over a period (who joined an activity or a gathering, attendance per place).

Every function takes the session and `now` (time is an input) and returns plain rows the
statistics page draws as charts and tables and exports as CSV. Counts and durations are
computed by the database; only the median of the matched waits is taken in Python, over
one number per activated pairing.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from web.models import (
    Activity,
    ActivityChange,
    Gathering,
    GatheringInvitation,
    Neighbourhood,
    Newcomer,
    Participation,
    Place,
    Proposal,
    Volunteer,
)

WEEKS = 12
#: a "month" for the pairings still going after 1 and 3 months
MONTH = timedelta(days=30)
#: proposals the volunteer said yes to (the newcomer answered afterwards, or not yet)
VOLUNTEER_YES = ("accepted", "active", "ended", "declined_by_newcomer")
NEWCOMER_YES = ("active", "ended")


@dataclass(frozen=True)
class NeighbourhoodRow:
    """Waiting newcomers against available volunteers in one neighbourhood."""

    name: str
    waiting: int
    volunteers: int
    free_places: int

    @property
    def gap(self) -> int:
        """Newcomers who cannot get a buddy from their own neighbourhood today."""
        return max(0, self.waiting - self.free_places)


@dataclass(frozen=True)
class WeekRow:
    """Pairings activated (both said yes) during one ISO week."""

    week: str
    start: datetime
    activated: int


@dataclass(frozen=True)
class RateRow:
    """Yes answers against all answers (an unanswered proposal that expired counts as no)."""

    who: str
    yes: int
    no: int
    expired: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.expired

    @property
    def rate(self) -> float | None:
        """Share of yes, or None before any answer."""
        return self.yes / self.total if self.total else None


@dataclass(frozen=True)
class WaitRow:
    """Median wait in days over `count` people (None when there is nobody)."""

    what: str
    count: int
    median_days: float | None


@dataclass(frozen=True)
class RetentionRow:
    """Of the pairings activated at least `months` months ago, those not ended before then."""

    months: int
    activated: int
    still_going: int

    @property
    def share(self) -> float | None:
        return self.still_going / self.activated if self.activated else None


def volunteer_count(session: Session) -> int:
    """Approved, active volunteers: the number the home page shows to reassure newcomers."""
    return session.scalar(select(func.count()).select_from(Volunteer).where(
        Volunteer.vetting_status == "approved", Volunteer.status == "active")) or 0


def neighbourhoods(session: Session, now: datetime) -> list[NeighbourhoodRow]:
    """Waiting newcomers, approved active volunteers and their free places per neighbourhood.

    Volunteers paused until after today are not counted. People with no neighbourhood yet
    make a last row named "" (the page labels it).
    """
    waiting = dict(session.execute(
        select(Newcomer.neighbourhood_id, func.count())
        .where(Newcomer.status == "waiting").group_by(Newcomer.neighbourhood_id)).all())
    available = (Volunteer.vetting_status == "approved", Volunteer.status == "active",
                 (Volunteer.paused_until.is_(None)) | (Volunteer.paused_until <= now.date()))
    offered = {row[0]: (row[1], row[2] or 0) for row in session.execute(
        select(Volunteer.neighbourhood_id, func.count(),
               func.sum(Volunteer.capacity - Volunteer.load))
        .where(*available).group_by(Volunteer.neighbourhood_id)).all()}
    rows = []
    places = session.execute(select(Neighbourhood.id, Neighbourhood.name)
                             .order_by(Neighbourhood.name)).all()
    for neighbourhood_id, name in [*places, (None, "")]:
        count, free = offered.get(neighbourhood_id, (0, 0))
        if neighbourhood_id is None and not count and not waiting.get(None):
            continue
        rows.append(NeighbourhoodRow(name, waiting.get(neighbourhood_id, 0), count, int(free)))
    return rows


def week_starts(now: datetime, weeks: int = WEEKS) -> list[datetime]:
    """Mondays 00:00 (UTC) of the last `weeks` ISO weeks, the current one last."""
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)
    return [monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def pairings_per_week(session: Session, now: datetime, weeks: int = WEEKS) -> list[WeekRow]:
    """Pairings activated in each of the last `weeks` ISO weeks (one SQL query)."""
    starts = week_starts(now, weeks)
    bounds = starts + [starts[-1] + timedelta(weeks=1)]
    columns = [func.coalesce(func.sum(case(
        (Proposal.activated_at >= bounds[i], case((Proposal.activated_at < bounds[i + 1], 1),
                                                  else_=0)), else_=0)), 0)
        for i in range(weeks)]
    counts = session.execute(select(*columns).where(
        Proposal.activated_at >= bounds[0], Proposal.activated_at < bounds[-1])).one()
    return [WeekRow(f"{start.isocalendar().year}-W{start.isocalendar().week:02d}", start,
                    int(count)) for start, count in zip(starts, counts, strict=True)]


def acceptance(session: Session, now: datetime) -> list[RateRow]:
    """How volunteers answer proposals, then how newcomers answer the ones volunteers accepted.

    A proposal that expired before the volunteer answered counts against volunteers; one
    that expired after the volunteer's yes counts against the newcomer.
    """
    answered = Proposal.volunteer_answered_at.is_not(None)
    rows = session.execute(
        select(Proposal.status, answered, func.count())
        .where(Proposal.created_at <= now).group_by(Proposal.status, answered)).all()
    counts: dict[tuple[str, bool], int] = {(status, bool(flag)): n for status, flag, n in rows}

    def total(statuses, flag=None) -> int:
        return sum(n for (status, done), n in counts.items()
                   if status in statuses and (flag is None or done == flag))

    return [
        RateRow("volunteers", total(VOLUNTEER_YES), total(("declined_by_volunteer",)),
                total(("expired",), False)),
        RateRow("newcomers", total(NEWCOMER_YES), total(("declined_by_newcomer",)),
                total(("expired",), True)),
    ]


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400


def _days_between(session: Session, later, earlier):
    """SQL for the days from `earlier` to `later` (two timestamp columns) on either database."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400.0


def waits(session: Session, now: datetime) -> list[WaitRow]:
    """Median days from joining the list to an activated pairing, and of those still waiting."""
    matched = [float(days) for days in session.scalars(
        select(_days_between(session, Proposal.activated_at, Newcomer.waiting_since))
        .join(Newcomer, Newcomer.id == Proposal.newcomer_id)
        .where(Proposal.activated_at.is_not(None), Proposal.activated_at <= now,
               Proposal.activated_at >= Newcomer.waiting_since))]
    # The median of (now - since) is now minus the median `since`: ask the database for it.
    still = select(Newcomer.waiting_since).where(Newcomer.status == "waiting",
                                                 Newcomer.waiting_since <= now)
    count = session.scalar(select(func.count()).select_from(still.subquery())) or 0
    current = None
    if count:
        ordered = still.order_by(Newcomer.waiting_since)
        middle = session.scalars(ordered.limit(2 - count % 2).offset((count - 1) // 2)).all()
        current = sum(_days(now - since) for since in middle) / len(middle)
    return [WaitRow("matched", len(matched), median(matched) if matched else None),
            WaitRow("waiting", count, current)]


def retention(session: Session, now: datetime, months=(1, 3)) -> list[RetentionRow]:
    """Of the pairings activated at least 1 (3) months ago, those not ended within 1 (3) months."""
    lasted = _days_between(session, Proposal.ended_at, Proposal.activated_at)
    rows = []
    for n in months:
        going = or_(Proposal.ended_at.is_(None), lasted >= (MONTH * n).days)
        activated, still_going = session.execute(
            select(func.count(), func.coalesce(func.sum(case((going, 1), else_=0)), 0))
            .where(Proposal.activated_at.is_not(None),
                   Proposal.activated_at <= now - MONTH * n)).one()
        rows.append(RetentionRow(n, activated, int(still_going)))
    return rows


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end` (included) in the town's time zone."""

    start: date
    end: date
    timezone: str = "Europe/Paris"

    def local_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive wall-clock times, like activity occurrence starts."""
        low = datetime.combine(self.start, time())
        return low, datetime.combine(self.end + timedelta(days=1), time())

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware instants, like gathering starts."""
        zone = ZoneInfo(self.timezone)
        low, high = (moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
                     for moment in self.local_bounds())
        return low, high


@dataclass(frozen=True)
class JoinedRow:
    """Waiting newcomers of one neighbourhood, and those who joined local life."""

    name: str
    waiting: int
    joined: int

    @property
    def share(self) -> float | None:
        return self.joined / self.waiting if self.waiting else None


@dataclass(frozen=True)
class PlaceAttendanceRow:
    """Newcomers who said they would go to an activity at a place, and who came to a
    gathering there."""

    name: str
    neighbourhood: str
    participations: int
    attended: int

    @property
    def total(self) -> int:
        return self.participations + self.attended


def _participations_in(period: Period):
    """Participations in occurrences of the period that were not cancelled."""
    low, high = period.local_bounds()
    cancelled = exists().where(ActivityChange.activity_id == Participation.activity_id,
                               ActivityChange.original_start == Participation.occurrence_start,
                               ActivityChange.kind == "cancelled")
    return (Participation.occurrence_start >= low, Participation.occurrence_start < high,
            Activity.status == "scheduled", ~cancelled)


def _gathering_in(period: Period):
    low, high = period.utc_bounds()
    return Gathering.starts_at >= low, Gathering.starts_at < high, Gathering.status != "cancelled"


def joined_local_life(session: Session, period: Period) -> list[JoinedRow]:
    """Per neighbourhood, newcomers waiting for a buddy today, and how many of them took part
    in the period: said they would go to an activity occurrence that was not cancelled, or
    came to a gathering (marked present, or said "je viens" and not marked absent)."""
    took_part = (select(Participation.newcomer_id)
                 .join(Activity, Activity.id == Participation.activity_id)
                 .where(*_participations_in(period)))
    came = (select(GatheringInvitation.newcomer_id)
            .join(Gathering, Gathering.id == GatheringInvitation.gathering_id)
            .where(*_gathering_in(period),
                   or_(GatheringInvitation.attended.is_(True),
                       and_(GatheringInvitation.status == "coming",
                            GatheringInvitation.attended.is_(None)))))
    joined = case((or_(Newcomer.id.in_(took_part), Newcomer.id.in_(came)), 1), else_=0)
    counts = {row[0]: (row[1], int(row[2] or 0)) for row in session.execute(
        select(Newcomer.neighbourhood_id, func.count(), func.sum(joined))
        .where(Newcomer.status == "waiting").group_by(Newcomer.neighbourhood_id))}
    names = session.execute(select(Neighbourhood.id, Neighbourhood.name)
                            .order_by(Neighbourhood.name)).all()
    rows = []
    for neighbourhood_id, name in [*names, (None, "")]:
        waiting, took = counts.get(neighbourhood_id, (0, 0))
        if neighbourhood_id is None and not waiting:
            continue
        rows.append(JoinedRow(name, waiting, took))
    return rows


def attendance_per_place(session: Session, period: Period) -> list[PlaceAttendanceRow]:
    """Per place, participations in its activities' occurrences of the period (not
    cancelled) and attendances (marked present) at its gatherings; busiest first."""
    participations = dict(session.execute(
        select(Activity.place_id, func.count())
        .join(Participation, Participation.activity_id == Activity.id)
        .where(Activity.place_id.is_not(None), *_participations_in(period))
        .group_by(Activity.place_id)).all())
    # A volunteer's outing to an activity has no place of its own: the activity's counts.
    where = func.coalesce(Gathering.place_id, Activity.place_id)
    attended = dict(session.execute(
        select(where, func.count())
        .select_from(GatheringInvitation)
        .join(Gathering, Gathering.id == GatheringInvitation.gathering_id)
        .outerjoin(Activity, Activity.id == Gathering.activity_id)
        .where(GatheringInvitation.attended.is_(True), *_gathering_in(period),
               where.is_not(None))
        .group_by(where)).all())
    places = session.execute(
        select(Place.id, Place.name, Neighbourhood.name)
        .outerjoin(Neighbourhood, Neighbourhood.id == Place.neighbourhood_id)).all()
    rows = [PlaceAttendanceRow(name, quarter or "", participations.get(place_id, 0),
                               attended.get(place_id, 0))
            for place_id, name, quarter in places]
    rows.sort(key=lambda row: (-row.total, row.name.casefold()))
    return rows


def local_life(session: Session, period: Period) -> dict:
    """The local-life tables of the statistics page, by name."""
    return {"joined": joined_local_life(session, period),
            "places": attendance_per_place(session, period)}


def overview(session: Session, now: datetime) -> dict:
    """Every table of the statistics page, by name."""
    return {"neighbourhoods": neighbourhoods(session, now),
            "weeks": pairings_per_week(session, now),
            "acceptance": acceptance(session, now),
            "waits": waits(session, now),
            "retention": retention(session, now)}
