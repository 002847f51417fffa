"""Outgoing e-mail: write a message in the recipient's language and queue it in the outbox.

Nothing is sent here. `queue_email` adds an `OutboxMessage` row (status "pending") in the
caller's transaction, so a message exists if and only if the change that caused it was
committed; the delivery job (`web.services.delivery`, `jobs.delivery`) sends it later and
retries until it succeeds or gives up. Coordinators can read pending messages in the outbox.

Template convention, one plain-text file per kind of message:

- `web/templates/email/<kind>.txt`, where `kind` is lower-case letters, digits and
  underscores (e.g. "link", "proposal_to_volunteer"). The file name IS the registry of kinds:
  a kind without a template is refused.
- It starts with `{% extends "email/_layout.txt" %}` and defines two blocks:
  `{% block subject %}` (one line; extra whitespace and line breaks are collapsed) and
  `{% block body %}` (the text between the greeting and the signature that the layout adds).
- French is the source language: write `{{ _("Texte en français") }}` and
  `{{ ngettext("... %(num)d jour", "... %(num)d jours", n) }}`; the text is rendered in the
  recipient's locale ("fr" or "en") with `flask_babel.force_locale`.
- Variables: everything in `context`, plus `to_name`, `to_address` and `locale`; Jinja
  globals such as `town()` work too. Templates are not HTML-escaped (.txt). Pass
  ready-made absolute URLs (e.g. personal links) in `context`: there is no request here.
- Line breaks are kept; trailing spaces are removed and runs of blank lines become one.

Example (`email/link.txt`)::

    {% extends "email/_layout.txt" %}
    {% block subject %}{{ _("Votre lien personnel Bienvenue") }}{% endblock %}
    {% block body %}
    {{ _("Voici votre lien personnel :") }}

    {{ link_url }}
    {% endblock %}
"""
import re
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale, get_translations
from jinja2 import Environment, TemplateNotFound
from sqlalchemy.orm import Session

from web.models import OutboxMessage
from web.models.base import table_of
from web.models.people import LOCALES
from web.services import ServiceError, bulk
from web.services.emails import is_email_address
from web.services.priorities import priority_for

KIND_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
SUBJECT_MAX = 255
NAME_MAX = 120


def queue_email(session: Session, now: datetime, *, kind: str, to_address: str, to_name: str,
                locale: str, context: dict, person_type: str | None = None,
                person_id: int | None = None) -> OutboxMessage:
    """Render the `kind` message in `locale` and add it to the outbox, due at `now`.

    Needs an app context (views and jobs have one). Flushes, never commits.
    Raises ServiceError for an unknown kind, a locale the app does not speak or a bad address.
    """
    message = OutboxMessage(**email_row(now, kind=kind, to_address=to_address, to_name=to_name,
                                        locale=locale, context=context,
                                        person_type=person_type, person_id=person_id))
    session.add(message)
    session.flush()
    return message


def email_row(now: datetime, *, kind: str, to_address: str, to_name: str, locale: str,
              context: dict, person_type: str | None = None, person_id: int | None = None,
              address_checked: bool = False) -> dict:
    """The outbox row (column values) of the `kind` e-mail, rendered in `locale`, due at `now`.

    What `queue_email` stores; a matching run renders its e-mails with this and inserts
    them in one statement (`insert_rows`). Raises ServiceError like `queue_email`.
    `address_checked`: the address is a person's, checked when it was stored (every form
    that stores one does), so it is not parsed again for each of a run's messages.
    """
    to_address = (to_address or "").strip()
    to_name = " ".join((to_name or "").split())[:NAME_MAX]
    if not (address_checked and to_address) and not is_email_address(to_address):
        raise ServiceError("to_address", "expected an e-mail address such as name@example.org")
    if locale not in LOCALES:
        raise ServiceError("locale", f"expected one of {', '.join(LOCALES)}")
    variables = dict(context or {}, to_name=to_name, to_address=to_address, locale=locale)
    subject, body = render_email(kind, locale, variables)
    now = now.astimezone(UTC)  # SQLite keeps wall time: store UTC like delivery compares
    return dict(kind=kind, channel="email", to_address=to_address, to_name=to_name,
                locale=locale, subject=subject, body=body, status="pending", attempts=0,
                priority=priority_for(kind), created_at=now, next_attempt_at=now,
                person_type=person_type, person_id=person_id)


def insert_rows(session: Session, rows: list[dict]) -> int:
    """Add many outbox rows (from `email_row` / `sms.sms_row`) in the caller's transaction,
    with COPY on PostgreSQL (web.services.bulk); no ORM object per message. Returns how many."""
    return bulk.insert_rows(session, table_of(OutboxMessage), rows)


def render_email(kind: str, locale: str, variables: dict) -> tuple[str, str]:
    """The (subject, body) of template `email/<kind>.txt` rendered in `locale`."""
    if not KIND_RE.match(kind or ""):
        raise ServiceError("kind", "expected lower-case letters, digits and underscores")
    try:
        template = _environment(locale).get_template(f"email/{kind}.txt")
    except TemplateNotFound:
        raise ServiceError("kind", f'no e-mail template for "{kind}"') from None
    if "subject" not in template.blocks:
        raise ServiceError("kind", f'email/{kind}.txt has no "subject" block')
    with force_locale(locale):
        # One context for both (building a context is half the cost of a short message).
        context = template.new_context(variables)
        subject = "".join(template.blocks["subject"](context))
        body = template.environment.concat(template.root_render_func(context))
    return " ".join(subject.split())[:SUBJECT_MAX], _tidy(body)


#: what an e-mail environment copies from the app's Jinja environment
_ENVIRONMENT_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string",
                        "variable_end_string", "comment_start_string", "comment_end_string",
                        "line_statement_prefix", "line_comment_prefix", "trim_blocks",
                        "lstrip_blocks", "newline_sequence", "keep_trailing_newline",
                        "undefined", "finalize", "autoescape", "loader")


def _environment(locale: str) -> Environment:
    """A Jinja environment like the app's (same loader, filters, globals) whose `_()` and
    `ngettext` are bound to `locale`'s catalogue.

    Flask-Babel's callables look the catalogue up on every call, a third of the time of a
    short message, and a matching run writes thousands; one environment per language,
    built on first use, avoids that. Dates and numbers still follow `force_locale`.
    """
    cache = current_app.extensions.setdefault("email_environments", {})
    environment = cache.get(locale)
    if environment is None:
        base = current_app.jinja_env
        environment = Environment(extensions=["jinja2.ext.i18n"],
                                  **{name: getattr(base, name) for name in _ENVIRONMENT_OPTIONS})
        environment.filters.update(base.filters)
        environment.tests.update(base.tests)
        environment.globals.update(base.globals)
        with force_locale(locale):
            # the method is added at run time by the jinja2.ext.i18n extension
            environment.install_gettext_translations(  # type: ignore[attr-defined]
                get_translations(), newstyle=True)
        cache[locale] = environment
    return environment


def _tidy(text: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines (template tags leave them)."""
    lines, blank = [], False
    for line in text.strip().splitlines():
        line = line.rstrip()
        if line or not blank:
            lines.append(line)
        blank = not line
    return "\n".join(lines) + "\n"
