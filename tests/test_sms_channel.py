"""Text messages: phone numbers, short texts in each language, sent through an HTTP gateway."""
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import factories
import pytest
from conftest import NOW
from journeys import outbox

from web.services import sms
from web.services.delivery import deliver_due, smtp_settings
from web.services.notify import message_person
from web.services.phones import normalise

NOTHING = {"sent": 0, "retried": 0, "failed": 0, "skipped": 0, "waiting": 0}


@pytest.mark.parametrize("typed, expected", [
    ("06 12 34 56 78", "+33612345678"), ("06.12.34.56.78", "+33612345678"),
    ("0612345678", "+33612345678"), ("+33 6 12 34 56 78", "+33612345678"),
    ("+33 (0)6 12 34 56 78", "+33612345678"), ("0033 6 12 34 56 78", "+33612345678"),
    ("+380 67 123 4567", "+380671234567"), ("+44 7911 123456", "+447911123456"),
    ("", None), (None, None), ("06 12", None), ("pas de téléphone", None), ("6123456789", None),
])
def test_phone_numbers_are_normalised_to_e164(typed, expected):
    assert normalise(typed) == expected


def test_segments_count_gsm7_and_unicode():
    assert sms.segments("a" * 160) == 1 and sms.segments("a" * 161) == 2
    assert sms.segments("€" * 80) == 1 and sms.segments("€" * 81) == 2  # two septets each
    assert not sms.is_gsm7("Привіт") and sms.segments("я" * 70) == 1
    assert sms.segments("я" * 71) == 2


#: every kind a person can receive by SMS, with the longest realistic context
CONTEXTS: dict[str, dict[str, object]] = {
    "newcomer_welcome": {}, "volunteer_welcome": {}, "volunteer_approved": {}, "link": {},
    "proposal_newcomer": {"volunteer_name": "Marie-Christine"},
    "proposal_volunteer": {"newcomer_name": "Oleksandra"},
    "reminder_volunteer": {"newcomer_name": "Oleksandra", "days_left": 3},
    "introduction": {"other_name": "Marie-Christine",
                     "other_contact": {"phone": "06 98 76 54 32", "email": None}},
    "followup": {"other_name": "Marie-Christine", "stage": "2w"},
    "gathering_invitation": {"title": "Café des nouveaux arrivants au centre social",
                             "starts_at": NOW + timedelta(days=5)},
    "gathering_place_free": {"title": "Balade au parc", "starts_at": NOW + timedelta(days=5)},
    "gathering_cancelled": {"title": "Balade au parc", "starts_at": NOW + timedelta(days=5)},
    "pairing_ended": {"other_name": "Marie-Christine"},
    "outing_decision": {"confirmed": True, "title": "Balade au parc"},
}
LINK = "https://bienvenue.villiers.fr/l/k7m2x9qp4wz"


def test_every_text_fits_one_sms_in_french_and_carries_the_short_link(app):
    with app.test_request_context():
        lengths = {}
        for kind, context in CONTEXTS.items():
            text = sms.render_sms(kind, "fr", dict(context, link_url=LINK))
            assert LINK in text, kind
            assert sms.is_gsm7(text), (kind, [c for c in text if not sms.is_gsm7(c)])
            lengths[kind] = sms.length(text)
        assert max(lengths.values()) <= 160, lengths


def test_the_weekly_digest_is_never_a_text_message(app, session):
    newcomer = factories.newcomer(session, email=None, phone="06 12 34 56 78")
    with app.test_request_context():
        assert message_person(session, NOW, newcomer, "weekly_digest", activities=[],
                              unsubscribe_url="x") is None
        message = message_person(session, NOW, newcomer, "pairing_ended", other_name="Léa")
    assert (message.channel, message.to_address, message.subject) == ("sms", "+33612345678", "")


def test_e_mail_comes_first_when_the_person_has_both(app, session):
    newcomer = factories.newcomer(session, phone="06 12 34 56 78")
    with app.test_request_context():
        message = message_person(session, NOW, newcomer, "pairing_ended", other_name="Léa")
    assert message.channel == "email"


class _Gateway:
    """A fake Brevo on 127.0.0.1 recording what it is sent; answers `status`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 201
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append({"key": self.headers["api-key"], "path": self.path,
                                         "json": json.loads(body)})
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"messageId": 42}' if gateway.status == 201
                                 else b'{"code": "invalid_parameter"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/v3/transactionalSMS/sms"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def gateway():
    fake = _Gateway()
    yield fake
    fake.close()


def _deliver(app, gateway_url):
    settings = sms.SmsSettings(gateway="http", api_url=gateway_url, api_key="secret-key",
                               sender="Villiers", timeout=5)
    return deliver_due(app.extensions["db_sessionmaker"], NOW + timedelta(seconds=1),
                       smtp_settings({}), sms=settings)


def test_a_text_message_goes_through_the_gateway_in_the_persons_language(app, session, gateway):
    olena = factories.newcomer(session, email=None, phone="+380 67 123 4567", locale="uk",
                               first_name="Olena")
    amal = factories.newcomer(session, email=None, phone="06 12 34 56 78", first_name="Amal")
    with app.test_request_context():
        message_person(session, NOW, olena, "pairing_ended", other_name="Claire")
        message_person(session, NOW, amal, "pairing_ended", other_name="Claire")
    session.commit()
    assert _deliver(app, gateway.url) == dict(NOTHING, sent=2)
    by_number = {r["json"]["recipient"]: r for r in gateway.requests}
    assert set(by_number) == {"380671234567", "33612345678"}
    french = by_number["33612345678"]
    assert french["key"] == "secret-key" and french["json"]["sender"] == "Villiers"
    assert french["json"]["type"] == "transactional" and french["json"]["unicodeEnabled"] is False
    assert "Claire a mis fin à votre parrainage" in french["json"]["content"]
    assert f"/l/{amal.link_code}" in french["json"]["content"]
    assert french["json"]["tag"] == f"bienvenue-outbox-{outbox(session)[1].id}"
    ukrainian = by_number["380671234567"]["json"]
    assert f"/l/{olena.link_code}" in ukrainian["content"]
    assert ukrainian["content"].count("Claire") == 1
    session.expire_all()
    assert {m.status for m in outbox(session)} == {"sent"}


def test_a_refused_text_fails_and_a_gateway_error_is_retried(app, session, gateway):
    amal = factories.newcomer(session, email=None, phone="06 12 34 56 78")
    with app.test_request_context():
        message_person(session, NOW, amal, "pairing_ended", other_name="Claire")
    session.commit()
    gateway.status = 503
    assert _deliver(app, gateway.url) == dict(NOTHING, retried=1)
    session.expire_all()
    (row,) = outbox(session)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error is not None and "503" in row.last_error
    row.next_attempt_at = NOW
    session.commit()
    gateway.status = 400
    assert _deliver(app, gateway.url) == dict(NOTHING, failed=1)
    session.expire_all()
    assert outbox(session)[0].status == "failed"


def test_without_a_gateway_text_messages_wait_in_the_outbox(app, session):
    amal = factories.newcomer(session, email=None, phone="06 12 34 56 78")
    with app.test_request_context():
        message_person(session, NOW, amal, "pairing_ended", other_name="Claire")
    session.commit()
    counts = deliver_due(app.extensions["db_sessionmaker"], NOW + timedelta(seconds=1),
                         smtp_settings({}), sms=sms.SmsSettings())
    assert counts == dict(NOTHING, waiting=1)


def test_coordinators_read_text_messages_in_the_outbox(app, client, session):
    from journeys import log_in_coordinator

    from web.services.accounts import create_coordinator

    create_coordinator(session, NOW, "coord@example.org", "un mot de passe assez long")
    amal = factories.newcomer(session, email=None, phone="06 12 34 56 78", first_name="Amal")
    with app.test_request_context():
        message = message_person(session, NOW, amal, "pairing_ended", other_name="Claire")
    session.commit()
    log_in_coordinator(client, "coord@example.org", "un mot de passe assez long")
    listing = client.get("/coordination/messages").get_data(as_text=True)
    assert "par SMS" in listing and "+33612345678" in listing
    detail = client.get(f"/coordination/messages/{message.id}").get_data(as_text=True)
    assert "par SMS" in detail and "Claire a mis fin" in detail


def test_english_dates_keep_the_text_in_gsm7(app):
    with app.test_request_context():
        text = sms.render_sms("gathering_invitation", "en",
                              dict(CONTEXTS["gathering_invitation"], link_url=LINK))
    assert sms.is_gsm7(text) and sms.segments(text) == 1, text
