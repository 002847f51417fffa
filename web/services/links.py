"""Personal links: a person reaches their own page with a signed token or a short code.

Two forms of the same link:

- a token (itsdangerous, signed with SECRET_KEY) carrying the person's kind, id and link key:
  `/arrivee/<token>` or `/benevole/<token>`; every page and form of the person uses it;
- a short code (`link_code`, 11 characters from an unambiguous alphabet, about 2 ** 54):
  `/l/<code>`, short enough for a text message and to be typed from a printed sheet; it
  redirects to a fresh token (web.views.shortlinks).

A link lives as long as the person uses it: it stays valid while the person is in the
programme, and expires after `idle_days` (LINK_IDLE_DAYS, 90 by default) without a visit
and without a new message from us (each visit renews `last_active_at`; each message we
send carries a link issued that day). It stops at once when the person withdraws, is
erased (the row is gone) or their link key is changed (every link sent before is revoked;
the short code is renewed too). Tokens issued before this rule (30-day expiry) keep working
under it. A token never opens another kind's page.
"""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import Newcomer, OutboxMessage, Volunteer
from web.models.people import LINK_CODE_ALPHABET, LINK_CODE_LENGTH, new_link_code

SALT = "bienvenue.personal-link"
DEFAULT_IDLE_DAYS = 90
KINDS = {"newcomer": Newcomer, "volunteer": Volunteer}
CODE_ALPHABET, CODE_LENGTH = LINK_CODE_ALPHABET, LINK_CODE_LENGTH
#: a visit renews the link at most once per this period: a page view is not a database write
RENEW_EVERY = timedelta(hours=1)


class LinkError(Exception):
    """The link cannot be used; `reason` is "expired", "invalid" or "unknown"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _ClockSigner(TimestampSigner):
    """A signer whose clock is the `now` the caller passes (time is an input)."""

    now = 0

    def get_timestamp(self) -> int:
        return self.now


def _serializer(secret: str, now: datetime) -> URLSafeTimedSerializer:
    """A serializer signing and checking with the clock set to `now`."""
    signer = type("ClockSigner", (_ClockSigner,), {"now": int(now.timestamp())})
    return URLSafeTimedSerializer(secret, salt=SALT, signer=signer)


@dataclass(frozen=True)
class LinkSettings:
    secret_key: str
    #: days without a visit (and without a new link from us) after which a link expires
    idle_days: int = DEFAULT_IDLE_DAYS


def ensure_code(person) -> str:
    """The person's short code, created now for people registered before codes existed."""
    if not person.link_code:
        person.link_code = new_link_code()
    return person.link_code


def make_token(settings: LinkSettings, now: datetime, person) -> str:
    """A signed token for the person's page, issued at `now`."""
    return _serializer(settings.secret_key, now).dumps([person.kind, person.id,
                                                         person.link_key])


def person_from_token(session: Session, settings: LinkSettings, now: datetime, kind: str,
                      token: str):
    """The person the token belongs to, or LinkError; `kind` is the page's kind."""
    serializer = _serializer(settings.secret_key, now)
    try:
        (token_kind, person_id, key), issued = serializer.loads(token, return_timestamp=True)
    except (BadSignature, ValueError, TypeError):
        raise LinkError("invalid") from None
    if token_kind != kind or kind not in KINDS or not isinstance(person_id, int):
        raise LinkError("invalid")
    person = session.get(KINDS[kind], person_id)
    # (isinstance rather than "is None": it tells the type checker which classes these are)
    if (not isinstance(person, (Newcomer, Volunteer)) or person.link_key != key
            or person.status == "withdrawn"):
        raise LinkError("unknown")
    _check_alive(session, settings, now, person, issued)
    return person


def person_from_code(session: Session, settings: LinkSettings, now: datetime, code: str):
    """The person whose short code this is, or LinkError ("unknown" or "expired")."""
    code = (code or "").strip().lower()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise LinkError("unknown")
    for model in (Newcomer, Volunteer):
        person = session.scalar(select(model).where(model.link_code == code))
        if isinstance(person, (Newcomer, Volunteer)) and person.status != "withdrawn":
            _check_alive(session, settings, now, person, None)
            return person
    raise LinkError("unknown")


def renew(person, now: datetime) -> bool:
    """Record a visit (it keeps the person's links alive); True when something changed."""
    if now - _aware(person.last_active_at) < RENEW_EVERY:
        return False
    person.last_active_at = now
    return True


def _check_alive(session: Session, settings: LinkSettings, now: datetime, person,
                 issued: datetime | None) -> None:
    """LinkError("expired") when the person has neither visited nor been sent a link lately."""
    last = _aware(person.last_active_at)
    if issued is not None:
        last = max(last, _aware(issued))
    if now - last <= timedelta(days=settings.idle_days):
        return
    sent = session.scalar(select(func.max(OutboxMessage.created_at)).where(
        OutboxMessage.person_type == person.kind, OutboxMessage.person_id == person.id))
    if sent is None or now - _aware(sent) > timedelta(days=settings.idle_days):
        raise LinkError("expired")


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
