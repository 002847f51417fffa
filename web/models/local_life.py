"""Local life: places, their activities (one-off or recurring), and what people do with them.

Times of activities are wall-clock times in the activity's time zone (`timezone`, the
town's by default), so that "every Tuesday 14:00" stays 14:00 across daylight saving.
Occurrences are never stored: `web.services.occurrences` expands the rule on demand;
only the changes to one occurrence (cancelled or moved) are rows.
"""
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in
from web.models.people import Newcomer, Volunteer
from web.models.town import Neighbourhood

PLACE_KINDS = ("maison_de_quartier", "association", "library", "sports_club", "town_hall",
               "other")
ACTIVITY_KINDS = ("cafe_rencontre", "workshop", "french_class", "intergenerational", "sport",
                  "culture", "outing", "neighbourhood_council", "participatory_budget",
                  "consultation")
#: the civic-participation kinds, grouped under one heading in lists
CIVIC_KINDS = ("neighbourhood_council", "participatory_budget", "consultation")
AUDIENCES = ("everyone", "families", "seniors", "women")
#: where an activity comes from; (source, source_uid) makes a re-import update, not duplicate
ACTIVITY_SOURCES = ("town_file", "ical", "openagenda", "csv", "coordinator")
ACTIVITY_STATUSES = ("scheduled", "cancelled")
CHANGE_KINDS = ("cancelled", "moved")
GATHERING_STATUSES = ("proposed", "scheduled", "cancelled", "done")
INVITATION_STATUSES = ("suggested", "invited", "coming", "not_coming")


class Place(Base):
    """A place where ties are made: maison de quartier, association, library, club..."""

    __tablename__ = "place"
    __table_args__ = (
        CheckConstraint(sql_in("kind", PLACE_KINDS), name="kind_value"),
        CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon IS NULL OR lon BETWEEN -180 AND 180", name="lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable identifier used in URLs (/lieux/<slug>) and data files
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    #: one of PLACE_KINDS
    kind: Mapped[str] = mapped_column(String(24), default="other")
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"),
                                                         index=True)
    neighbourhood: Mapped[Neighbourhood | None] = relationship(Neighbourhood)
    address: Mapped[str] = mapped_column(String(255), default="")
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    #: free text, e.g. "mardi–samedi 9 h–12 h, 14 h–18 h"
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    #: ISO 639 codes of the languages spoken by the people there
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: step-free access (wheelchair, pushchair); None when unknown
    step_free: Mapped[bool | None]
    #: phone and/or e-mail to ask questions
    contact: Mapped[str] = mapped_column(String(255), default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Place {self.slug}>"


class Activity(Base):
    """Something that happens at a place, once or by a recurrence rule."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint(sql_in("kind", ACTIVITY_KINDS), name="kind_value"),
        CheckConstraint(sql_in("audience", AUDIENCES), name="audience_value"),
        CheckConstraint(sql_in("source", ACTIVITY_SOURCES), name="source_value"),
        CheckConstraint(sql_in("status", ACTIVITY_STATUSES), name="status_value"),
        CheckConstraint("price_cents IS NULL OR price_cents >= 0", name="price_positive"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        UniqueConstraint("source", "source_uid", name="uq_activity_source_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: one of ACTIVITY_KINDS
    kind: Mapped[str] = mapped_column(String(24))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"),
                                                 index=True)
    place: Mapped[Place | None] = relationship(Place)
    #: the location as the source wrote it, kept when it matched no known place
    #: (a coordinator then places the activity)
    location_text: Mapped[str] = mapped_column(String(255), default="")
    #: interest tags from data/interests.json
    interests: Mapped[list] = mapped_column(JSON, default=list)
    #: ISO 639 codes of the languages spoken during the activity
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: one of AUDIENCES
    audience: Mapped[str] = mapped_column(String(12), default="everyone")
    #: 0 means free; None means unknown
    price_cents: Mapped[int | None] = mapped_column(default=0)
    capacity: Mapped[int | None]
    #: wall-clock start of the first occurrence in `timezone` (naive on purpose)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    duration_minutes: Mapped[int] = mapped_column(default=120)
    #: all-day events have a date, no time (starts_at at midnight, duration in whole days)
    all_day: Mapped[bool] = mapped_column(default=False)
    #: IANA zone of starts_at, e.g. "Europe/Paris"
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    #: RFC 5545 RRULE value without "RRULE:", e.g. "FREQ=WEEKLY;BYDAY=TU"; None: one date
    rrule: Mapped[str | None] = mapped_column(String(255))
    #: one of ACTIVITY_SOURCES, and the id in that source (iCalendar UID, OpenAgenda uid...)
    source: Mapped[str] = mapped_column(String(12), default="coordinator")
    source_uid: Mapped[str | None] = mapped_column(String(255))
    #: link to the organiser's page about the activity
    url: Mapped[str] = mapped_column(String(255), default="")
    #: "cancelled" cancels every occurrence; one occurrence is cancelled by an ActivityChange
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    changes: Mapped[list["ActivityChange"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan",
        order_by="ActivityChange.original_start")

    @property
    def needs_place(self) -> bool:
        """Imported with a location no known place matched: a coordinator should place it."""
        return self.place_id is None and bool(self.location_text)

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.title!r}>"


class ActivityChange(Base):
    """One occurrence of a recurring activity cancelled (EXDATE, STATUS:CANCELLED) or moved
    (RECURRENCE-ID with another time), keyed by its original wall-clock start."""

    __tablename__ = "activity_change"
    __table_args__ = (
        CheckConstraint(sql_in("kind", CHANGE_KINDS), name="kind_value"),
        CheckConstraint("kind <> 'moved' OR new_start IS NOT NULL", name="moved_has_start"),
        UniqueConstraint("activity_id", "original_start", name="uq_activity_change_occurrence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    activity: Mapped[Activity] = relationship(back_populates="changes")
    #: wall-clock start the rule gives, in the activity's time zone
    original_start: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    kind: Mapped[str] = mapped_column(String(10))
    #: for "moved": the new wall-clock start and length
    new_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    new_duration_minutes: Mapped[int | None]
    #: why, shown to people ("salle indisponible")
    note: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Participation(Base):
    """A newcomer said they will go to one occurrence of an activity (from their page)."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("newcomer_id", "activity_id", "occurrence_start",
                         name="uq_participation_occurrence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    newcomer_id: Mapped[int] = mapped_column(ForeignKey("newcomer.id", ondelete="CASCADE"),
                                             index=True)
    newcomer: Mapped[Newcomer] = relationship(Newcomer)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"),
                                             index=True)
    activity: Mapped[Activity] = relationship(Activity)
    #: the occurrence's wall-clock start (as in ActivityChange.original_start)
    occurrence_start: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Gathering(Base):
    """A welcome gathering for waiting newcomers, scheduled by a coordinator, or a small group
    outing proposed by a volunteer (then `host_volunteer_id` is set and a coordinator
    confirms it, status "proposed" until then)."""

    __tablename__ = "gathering"
    __table_args__ = (
        CheckConstraint(sql_in("status", GATHERING_STATUSES), name="status_value"),
        CheckConstraint("capacity BETWEEN 1 AND 500", name="capacity_range"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"))
    place: Mapped[Place | None] = relationship(Place)
    #: the activity occurrence a volunteer's outing goes to, if any
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    activity: Mapped[Activity | None] = relationship(Activity)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=120)
    capacity: Mapped[int] = mapped_column(default=12)
    #: ISO 639 codes spoken by the hosts
    languages: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordinator.id", ondelete="SET NULL"))
    host_volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", ondelete="SET NULL"))
    host_volunteer: Mapped[Volunteer | None] = relationship(Volunteer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    invitations: Mapped[list["GatheringInvitation"]] = relationship(
        back_populates="gathering", cascade="all, delete-orphan")


class GatheringInvitation(Base):
    """One waiting newcomer suggested for, invited to, or answering a gathering."""

    __tablename__ = "gathering_invitation"
    __table_args__ = (
        CheckConstraint(sql_in("status", INVITATION_STATUSES), name="status_value"),
        UniqueConstraint("gathering_id", "newcomer_id", name="uq_gathering_invitation_person"),
        Index("ix_gathering_invitation_newcomer", "newcomer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gathering.id", ondelete="CASCADE"))
    gathering: Mapped[Gathering] = relationship(back_populates="invitations")
    newcomer_id: Mapped[int] = mapped_column(ForeignKey("newcomer.id", ondelete="CASCADE"))
    newcomer: Mapped[Newcomer] = relationship(Newcomer)
    #: suggested (by the engine, not yet sent), invited, coming, not_coming
    status: Mapped[str] = mapped_column(String(12), default="suggested")
    invited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: marked by a coordinator after the gathering; None until then
    attended: Mapped[bool | None]
    #: why the engine suggested this person, in French and English
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)


