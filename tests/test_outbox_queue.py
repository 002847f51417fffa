"""Queueing an e-mail writes it in the recipient's language into the outbox, nothing more."""
import pytest
from conftest import NOW
from sqlalchemy import func, select

from web.models import OutboxMessage
from web.services import ServiceError
from web.services.outbox import queue_email

LINK = "https://bienvenue.villiers.example/p/abc123"


def _queue(app, session, *, kind="link", to_address="amina@example.org", to_name="Amina",
           locale="fr", context=None, person_type=None, person_id=None):
    """Amina's link message queued, with the given fields changed."""
    if context is None:
        context = {"link_url": LINK, "expires_days": 30}
    with app.app_context():
        return queue_email(session, NOW, kind=kind, to_address=to_address, to_name=to_name,
                           locale=locale, context=context, person_type=person_type,
                           person_id=person_id)


def _utc(value):
    return value.replace(tzinfo=NOW.tzinfo) if value.tzinfo is None else value


def _count(session):
    return session.scalar(select(func.count()).select_from(OutboxMessage))


def test_link_message_is_written_in_french_and_due_now(app, session):
    message = _queue(app, session, person_type="newcomer", person_id=7)
    session.commit()
    row = session.scalars(select(OutboxMessage)).one()
    assert row.id == message.id
    assert (row.kind, row.to_address, row.to_name, row.locale) == (
        "link", "amina@example.org", "Amina", "fr")
    assert (row.status, row.attempts, row.last_error, row.sent_at) == ("pending", 0, None, None)
    assert _utc(row.created_at) == _utc(row.next_attempt_at) == NOW
    assert (row.person_type, row.person_id) == ("newcomer", 7)
    assert row.subject == "Votre lien personnel Bienvenue"
    assert row.body == (
        "Bonjour Amina,\n"
        "\n"
        "Voici votre lien personnel pour retrouver votre page Bienvenue :\n"
        "\n"
        f"{LINK}\n"
        "\n"
        "Ce lien marche tant que vous l'utilisez. Il s'arrête après 30 jours sans visite.\n"
        "Il ouvre votre page sans mot de passe : ne le transmettez à personne.\n"
        "Si vous n'avez pas demandé ce lien, vous pouvez ignorer ce message.\n"
        "\n"
        "L'équipe Bienvenue de Villiers\n"
        "Une question ? Maison des habitants de Villiers, 01 23 45 67 89, "
        "bienvenue@villiers.example\n")


def test_singular_duration_and_greeting_without_a_name(app, session):
    message = _queue(app, session, to_name="  ", context={"link_url": LINK, "expires_days": 1})
    assert message.body.startswith("Bonjour,\n")
    assert "Il s'arrête après 1 jour sans visite.\n" in message.body


def test_english_recipient_gets_english_text(app, session):
    message = _queue(app, session, locale="en")
    assert message.locale == "en"
    assert message.subject == "Your personal Bienvenue link"
    assert message.body.startswith("Hello Amina,\n\nHere is your personal link")
    assert f"\n{LINK}\n" in message.body
    assert "It stops after 30 days without a visit." in message.body
    assert "The Bienvenue team of Villiers\n" in message.body
    assert "Bonjour" not in message.body


def test_the_caller_commits(app, session):
    _queue(app, session)
    session.rollback()
    assert _count(session) == 0


@pytest.mark.parametrize("field, overrides", [
    ("kind", {"kind": "no_such_kind"}),
    ("kind", {"kind": "_layout"}),
    ("kind", {"kind": "../base"}),
    ("locale", {"locale": "de"}),
    ("locale", {"locale": "fr_FR"}),
    ("to_address", {"to_address": "not an address"}),
    ("to_address", {"to_address": "amina@example.org\r\nBcc: x@example.org"}),
])
def test_bad_input_is_refused_and_nothing_is_queued(app, session, field, overrides):
    with pytest.raises(ServiceError) as error:
        _queue(app, session, **overrides)
    assert error.value.field == field
    assert _count(session) == 0
