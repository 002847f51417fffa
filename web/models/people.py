"""Newcomers and volunteers: the two kinds of people the programme pairs."""
import secrets
from datetime import date, datetime
from typing import ClassVar, TypeVar

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in
from web.models.town import Neighbourhood

ALL_SLOTS_MASK = (1 << 21) - 1
GENDERS = ("female", "male", "other")
GENDER_WISHES = ("female", "male")
HOUSEHOLDS = ("alone", "couple", "children")
#: interface and message languages: French first, then the languages of the people the town
#: receives (Dari/Persian is "fa"); see web.i18n for right-to-left ones
LOCALES = ("fr", "en", "ar", "uk", "fa", "ps", "tr", "es")
#: which contact a person lets their buddy see at the introduction
SHARED_CONTACTS = ("email", "phone", "both")


def new_link_key() -> str:
    """A random secret carried in personal links; changing it revokes every old link."""
    return secrets.token_urlsafe(16)


#: no 0/o/1/l/i: a code read aloud or copied from paper is typed right
LINK_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
#: 31 ** 11 is about 2 ** 54 codes: guessing one is hopeless, and /l/ is rate-limited
LINK_CODE_LENGTH = 11


def new_link_code() -> str:
    """A random short code for the person's short link /l/<code> (see web.services.links)."""
    return "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))


class PersonMixin:
    """Profile fields shared by newcomers and volunteers."""

    #: "newcomer" or "volunteer": lets shared code branch without importing both classes
    kind: ClassVar[str]
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    #: the initial of the last name, one upper-case letter, optional: tells apart two people
    #: with the same first name (we never store the last name itself)
    last_initial: Mapped[str | None] = mapped_column(String(1))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    #: ISO 639 codes, e.g. ["fr", "ar"]
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: interest tags from data/interests.json
    interests: Mapped[list] = mapped_column(JSON, default=list)
    #: free text: who they are, what they like
    about: Mapped[str] = mapped_column(Text, default="")
    #: 21 weekly slots as bits: bit (day * 3 + part), days mon..sun, parts morning/afternoon/evening
    availability: Mapped[int] = mapped_column(default=0)
    birth_year: Mapped[int | None]
    gender: Mapped[str | None] = mapped_column(String(10))
    household: Mapped[str | None] = mapped_column(String(10))
    #: interface and e-mail language
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    #: contact given to the buddy at the introduction, never before
    shared_contact: Mapped[str] = mapped_column(String(8), default="email")
    #: secret part of the person's personal links (see web.services.links)
    link_key: Mapped[str] = mapped_column(String(32), default=new_link_key)
    #: short code of the person's short link (/l/<code>), fits in a text message
    link_code: Mapped[str | None] = mapped_column(String(16), unique=True, default=new_link_code)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: last time the person did something (used by data retention)
    last_active_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @declared_attr
    def neighbourhood_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("neighbourhood.id"), index=True)

    @declared_attr
    def neighbourhood(cls) -> Mapped[Neighbourhood | None]:
        return relationship(Neighbourhood)

    @staticmethod
    def person_checks() -> tuple:
        return (
            CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="contact_given"),
            CheckConstraint("last_initial IS NULL OR length(last_initial) = 1",
                            name="last_initial_length"),
            CheckConstraint(f"availability BETWEEN 0 AND {ALL_SLOTS_MASK}",
                            name="availability_bits"),
            CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100",
                            name="birth_year_range"),
            CheckConstraint(f"gender IS NULL OR {sql_in('gender', GENDERS)}", name="gender_value"),
            CheckConstraint(f"household IS NULL OR {sql_in('household', HOUSEHOLDS)}",
                            name="household_value"),
            CheckConstraint(sql_in("locale", LOCALES), name="locale_value"),
            CheckConstraint(sql_in("shared_contact", SHARED_CONTACTS), name="shared_contact_value"),
        )


#: waiting for a buddy, paused by themselves, matched (an active pairing), done (a pairing
#: completed), withdrawn; an open proposal does not change the status
NEWCOMER_STATUSES = ("waiting", "paused", "matched", "done", "withdrawn")


class Newcomer(PersonMixin, Base):
    """Someone who has just moved to the town and asks for a buddy."""

    kind: ClassVar[str] = "newcomer"
    __tablename__ = "newcomer"
    __table_args__ = PersonMixin.person_checks() + (
        CheckConstraint(sql_in("status", NEWCOMER_STATUSES), name="status_value"),
        CheckConstraint(f"buddy_gender IS NULL OR {sql_in('buddy_gender', GENDER_WISHES)}",
                        name="buddy_gender_value"),
    )

    arrival_date: Mapped[date | None]
    #: wishes to practise French with the buddy
    practise_french: Mapped[bool] = mapped_column(default=False)
    #: explicit wish for a buddy of another generation
    intergenerational: Mapped[bool] = mapped_column(default=False)
    #: gender wished for the buddy; None means no preference
    buddy_gender: Mapped[str | None] = mapped_column(String(10))
    #: when the neighbourhood is unknown: a street or postcode for a coordinator to place them
    address_hint: Mapped[str | None] = mapped_column(String(200))
    heard_from: Mapped[str | None] = mapped_column(String(200))
    #: when the person consented to the processing of their data
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: one of NEWCOMER_STATUSES
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    #: start of the wait that gives priority; kept when returned to the list
    waiting_since: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: receives the weekly e-mail of activities while waiting (one click unsubscribes)
    weekly_digest: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: ISO week ("2026-W49") of the last weekly e-mail, so a week is never sent twice
    digest_week: Mapped[str | None] = mapped_column(String(10))

    def __repr__(self) -> str:
        return f"<Newcomer {self.id} {self.first_name}>"


VETTING_STATUSES = ("pending", "approved", "refused")
VOLUNTEER_STATUSES = ("active", "withdrawn")


class Volunteer(PersonMixin, Base):
    """A local resident (parrain / marraine) who welcomes 1 to 3 newcomers at a time."""

    kind: ClassVar[str] = "volunteer"
    __tablename__ = "volunteer"
    __table_args__ = PersonMixin.person_checks() + (
        CheckConstraint("capacity BETWEEN 1 AND 3", name="capacity_range"),
        # The database, not only Python, keeps a volunteer within capacity: every
        # open or active proposal increments `load` in the same transaction.
        CheckConstraint("load BETWEEN 0 AND capacity", name="load_within_capacity"),
        CheckConstraint(sql_in("vetting_status", VETTING_STATUSES), name="vetting_value"),
        CheckConstraint(sql_in("status", VOLUNTEER_STATUSES), name="status_value"),
        CheckConstraint(f"newcomer_gender IS NULL OR {sql_in('newcomer_gender', GENDER_WISHES)}",
                        name="newcomer_gender_value"),
        CheckConstraint("max_distance_km IS NULL OR max_distance_km > 0",
                        name="max_distance_positive"),
    )

    capacity: Mapped[int] = mapped_column(default=1)
    #: open (draft, proposed, accepted) plus active proposals; never above capacity
    load: Mapped[int] = mapped_column(default=0)
    max_distance_km: Mapped[float | None]
    #: gender wished for the newcomers; None means no preference
    newcomer_gender: Mapped[str | None] = mapped_column(String(10))
    motivation: Mapped[str] = mapped_column(Text, default="")
    charter_accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    vetting_status: Mapped[str] = mapped_column(String(10), default="pending")
    vetting_note: Mapped[str | None] = mapped_column(Text)
    vetted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    vetted_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinator.id"))
    #: not proposed before this date ("away until ...")
    paused_until: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="active")

    def __repr__(self) -> str:
        return f"<Volunteer {self.id} {self.first_name}>"


#: a newcomer or a volunteer, in code written once for both kinds of person
PersonT = TypeVar("PersonT", Newcomer, Volunteer)
