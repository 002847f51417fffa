"""Personal links: signed, expiring URLs that let a person reach their own page.

A token carries the person's kind ("newcomer" or "volunteer"), id and link key.
It is signed with SECRET_KEY (itsdangerous) and expires after LINK_MAX_AGE_DAYS.
Changing the person's link key revokes every link sent before; erasing the person
makes the token point at nobody. A token never opens another kind's page.
"""
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from web.models import Newcomer, Volunteer

SALT = "bienvenue.personal-link"
DEFAULT_MAX_AGE_DAYS = 30
KINDS = {"newcomer": Newcomer, "volunteer": Volunteer}


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
    max_age_days: int = DEFAULT_MAX_AGE_DAYS


def make_token(settings: LinkSettings, now: datetime, person) -> str:
    """A signed token for the person's page, valid from `now` for max_age_days."""
    kind = "newcomer" if isinstance(person, Newcomer) else "volunteer"
    return _serializer(settings.secret_key, now).dumps([kind, person.id, person.link_key])


def person_from_token(session: Session, settings: LinkSettings, now: datetime, kind: str,
                      token: str):
    """The person the token belongs to, or LinkError; `kind` is the page's kind."""
    serializer = _serializer(settings.secret_key, now)
    try:
        token_kind, person_id, key = serializer.loads(token, max_age=settings.max_age_days * 86400)
    except SignatureExpired:
        raise LinkError("expired") from None
    except (BadSignature, ValueError, TypeError):
        raise LinkError("invalid") from None
    if token_kind != kind or kind not in KINDS or not isinstance(person_id, int):
        raise LinkError("invalid")
    person = session.get(KINDS[kind], person_id)
    if person is None or person.link_key != key or person.status == "withdrawn":
        raise LinkError("unknown")
    return person
