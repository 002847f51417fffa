"""Text messages (SMS): written in the recipient's language, queued in the outbox, sent
through an HTTP gateway by the delivery job.

Rendering: one plain-text template per kind, `web/templates/sms/<kind>.txt`, French source
through `_()`, rendered in the person's locale like e-mails (web.services.outbox). A text
message has no subject and no greeting or signature layout: every word costs. Aim for one
segment: 160 characters in the GSM 7-bit alphabet (Latin scripts), 70 in UCS-2 (Arabic,
Ukrainian, Dari, Pashto... need it); `segments()` counts them. Each template ends with the
person's short link (`link_url`, https://…/l/<code>).

Sending (`SmsSettings`, `send`): SMS_GATEWAY unset means nothing is sent (messages wait in
the outbox, readable by coordinators); SMS_GATEWAY=http posts to Brevo's transactional SMS
API (POST SMS_API_URL, header `api-key`, JSON {sender, recipient, content, type,
unicodeEnabled, tag}; https://developers.brevo.com/docs/transactional-sms-endpoints).
"""
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy.orm import Session

from web.models import OutboxMessage
from web.services import ServiceError
from web.services.outbox import KIND_RE, NAME_MAX, _tidy
from web.services.phones import normalise
from web.services.priorities import priority_for

#: the GSM 03.38 default alphabet (one septet each) and its extension table (two septets)
GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLM"
           "NOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = set("^{}\\[~]|€\f")
DEFAULT_API_URL = "https://api.brevo.com/v3/transactionalSMS/sms"
_PLAIN = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2019": "'",
                        "\u2026": "...", "\u2013": "-"})


def is_gsm7(text: str) -> bool:
    """True when the text fits the GSM 7-bit alphabet (else it goes as UCS-2)."""
    return all(c in GSM7 or c in GSM7_EXTENDED for c in text)


def length(text: str) -> int:
    """The message's length in its encoding's units (septets, or UTF-16 code units)."""
    if is_gsm7(text):
        return sum(2 if c in GSM7_EXTENDED else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """How many SMS the text takes: 160/153 units in GSM-7, 70/67 in UCS-2."""
    single, part = (160, 153) if is_gsm7(text) else (70, 67)
    units = length(text)
    return 1 if units <= single else -(-units // part)


def has_template(kind: str) -> bool:
    """Whether a text message exists for this kind (some kinds are e-mail only)."""
    if not KIND_RE.match(kind or ""):
        return False
    try:
        current_app.jinja_env.get_template(f"sms/{kind}.txt")
    except TemplateNotFound:
        return False
    return True


def render_sms(kind: str, locale: str, variables: dict) -> str:
    """The text of template `sms/<kind>.txt` rendered in `locale`, on as few lines as it says."""
    if not KIND_RE.match(kind or ""):
        raise ServiceError("kind", "expected lower-case letters, digits and underscores")
    try:
        template = current_app.jinja_env.get_template(f"sms/{kind}.txt")
    except TemplateNotFound:
        raise ServiceError("kind", f'no text message template for "{kind}"') from None
    with force_locale(locale):
        text = _tidy(template.render(variables)).strip()
    # Babel's dates use narrow and no-break spaces, translators typographic quotes: outside
    # GSM-7 they would turn the whole message into UCS-2 (70 characters a segment)
    return text.translate(_PLAIN)


def queue_sms(session: Session, now: datetime, *, kind: str, to_phone: str, to_name: str,
              locale: str, context: dict, person_type: str | None = None,
              person_id: int | None = None) -> OutboxMessage:
    """Render the `kind` text message in `locale` and add it to the outbox, due at `now`.

    `to_phone` is normalised to E.164 (+33612345678). Flushes, never commits. Raises
    ServiceError for an unknown kind or a number we cannot text.
    """
    message = OutboxMessage(**sms_row(now, kind=kind, to_phone=to_phone, to_name=to_name,
                                      locale=locale, context=context, person_type=person_type,
                                      person_id=person_id))
    session.add(message)
    session.flush()
    return message


def sms_row(now: datetime, *, kind: str, to_phone: str, to_name: str, locale: str,
            context: dict, person_type: str | None = None, person_id: int | None = None) -> dict:
    """The outbox row (column values) of the `kind` text message; what `queue_sms` stores."""
    number = normalise(to_phone)
    if number is None:
        raise ServiceError("to_address", "expected a phone number such as 06 12 34 56 78")
    to_name = " ".join((to_name or "").split())[:NAME_MAX]
    variables = dict(context or {}, to_name=to_name, to_address=number, locale=locale)
    body = render_sms(kind, locale, variables)
    now = now.astimezone(UTC)  # stored as UTC, like e-mails
    return dict(kind=kind, channel="sms", to_address=number, to_name=to_name, locale=locale,
                subject="", body=body, status="pending", attempts=0,
                priority=priority_for(kind), created_at=now,
                next_attempt_at=now, person_type=person_type, person_id=person_id)


@dataclass(frozen=True)
class SmsSettings:
    """Which gateway sends text messages; an empty `gateway` means sending is off."""

    gateway: str = ""
    api_url: str = DEFAULT_API_URL
    api_key: str = ""
    sender: str = "Bienvenue"
    timeout: float = 30.0


def sms_settings(config) -> SmsSettings:
    """SmsSettings from the app's config (SMS_GATEWAY, SMS_API_URL, SMS_API_KEY, SMS_SENDER)."""
    return SmsSettings(gateway=(config.get("SMS_GATEWAY") or "").strip().lower(),
                       api_url=(config.get("SMS_API_URL") or DEFAULT_API_URL).strip(),
                       api_key=config.get("SMS_API_KEY") or "",
                       sender=config.get("SMS_SENDER") or SmsSettings.sender,
                       timeout=float(config.get("SMS_TIMEOUT") or 30))


class GatewayError(Exception):
    """The gateway did not take the message; `permanent` for a refusal of this message,
    `stop` when the gateway itself is unusable (unreachable, bad key): stop this run."""

    def __init__(self, text: str, *, permanent: bool = False, stop: bool = False):
        super().__init__(text)
        self.permanent = permanent
        self.stop = stop


def send(settings: SmsSettings, outgoing) -> str:
    """Post one text message to the gateway; the gateway's message id, or GatewayError.

    `outgoing` has id, to_address (E.164), body, kind. The outbox id goes in `tag`, so a
    message sent twice after a crash can be recognised in the gateway's logs.
    """
    payload = {"sender": settings.sender, "recipient": outgoing.to_address.lstrip("+"),
               "content": outgoing.body, "type": "transactional",
               "tag": f"bienvenue-outbox-{outgoing.id}",
               "unicodeEnabled": not is_gsm7(outgoing.body)}
    request = urllib.request.Request(
        settings.api_url, data=json.dumps(payload).encode(), method="POST",
        headers={"api-key": settings.api_key, "content-type": "application/json",
                 "accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            answer = response.read(10000)
    except urllib.error.HTTPError as exc:
        with exc:  # the error is also the response: close its connection
            detail = f"gateway answered {exc.code}: {exc.read(500).decode('utf-8', 'replace')}"
        if exc.code in (401, 403):  # our key or account: configuration, not the message
            raise GatewayError(detail, stop=True) from None
        if exc.code == 429 or exc.code >= 500:
            raise GatewayError(detail, stop=exc.code == 429) from None
        raise GatewayError(detail, permanent=True) from None  # 400, 404...: this message
    except (OSError, ValueError) as exc:
        raise GatewayError(f"cannot reach {settings.api_url}: {type(exc).__name__}: {exc}",
                           stop=True) from None
    try:
        return str(json.loads(answer or b"{}").get("messageId", ""))
    except (ValueError, AttributeError):
        return ""
