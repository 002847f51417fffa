"""The journey through HTTP, then the outbox delivered to a real local SMTP server.

A newcomer whose browser speaks English and a French volunteer sign up with the forms,
the weekly run proposes them, both say yes on their pages, and the delivery job sends
the mail. Each introduction reaches its recipient once, in their language, with the
contact the other person chose to share; nothing sent before the confirmation carries
any contact detail of the other person.
"""
import re
from datetime import UTC, datetime

import factories
import pytest
from journeys import link_in
from sqlalchemy import select

from web.models import Neighbourhood, Newcomer, OutboxMessage, Proposal, Volunteer
from web.services.delivery import deliver_due, smtp_settings
from web.services.matching import run_matching

MAIL_FROM = "Bienvenue à Villiers <bienvenue@villiers.example>"
CSRF_RE = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')

#: the newcomer gives both contacts but shares only the e-mail address
NEWCOMER = {"first_name": "Olena", "email": "olena.smtp@example.org", "phone": "07 11 22 33 44",
            "shared_contact": "email", "languages": ["uk", "en", "fr"],
            "interests": ["cuisine", "randonnee"], "availability": ["sat-morning", "sun-afternoon"],
            "about": "I love cooking and walking.", "consent": "y"}
#: the volunteer gives both contacts but shares only the phone
VOLUNTEER = {"first_name": "Claire", "email": "claire.smtp@example.org",
             "phone": "06 98 76 54 32", "shared_contact": "phone", "languages": ["fr", "en"],
             "interests": ["cuisine", "jardinage"], "availability": ["sat-morning", "wed-evening"],
             "capacity": "1", "max_distance_km": "", "motivation": "J'aime mon quartier.",
             "charter": "y"}
ENGLISH = {"Accept-Language": "en"}
FRENCH = {"Accept-Language": "fr"}


@pytest.fixture
def mailbox(smtp_server):
    """A local SMTP server on a free loopback port (tests/smtp_helpers.py): its Mailbox."""
    return smtp_server()


def _now():
    """The pages read the real clock, so the job and the run use it too."""
    return datetime.now(UTC)


def _csrf(client, url, headers):
    page = client.get(url, headers=headers)
    assert page.status_code == 200, url
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _post(client, page_url, action_url, data, headers):
    """Submit a form found on `page_url` like a browser: with the page's CSRF token."""
    token = _csrf(client, page_url, headers)
    return client.post(action_url, data={**data, "csrf_token": token}, headers=headers)


def _path(link):
    return re.sub(r"^https?://[^/]+", "", link)


def _link_in(message, kind):
    """The page the message's short link opens (journeys.link_in), checked to be of `kind`."""
    page = link_in(message)
    assert page.startswith("/arrivee/" if kind == "newcomer" else "/benevole/"), page
    return page


def _outbox(session, kind=None):
    session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return session.scalars(query).all()


def _contacts(person):
    return [person["email"], person["phone"], person["phone"].replace(" ", "")]


def test_introductions_are_delivered_once_in_each_language_with_the_chosen_contact(
        app, session, mailbox):
    factories.load_villiers(session)
    session.commit()
    nangues = str(session.scalar(select(Neighbourhood.id)
                                 .where(Neighbourhood.name == "Les Nangues")))
    newcomer_client, volunteer_client = app.test_client(), app.test_client()

    # Intake in English, signup in French.
    response = _post(newcomer_client, "/arrivee/inscription", "/arrivee/inscription",
                     {**NEWCOMER, "neighbourhood": nangues}, ENGLISH)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert newcomer_client.get(response.headers["Location"], headers=ENGLISH).status_code == 200
    response = _post(volunteer_client, "/benevole/inscription", "/benevole/inscription",
                     {**VOLUNTEER, "neighbourhood": nangues}, FRENCH)
    assert response.status_code == 302, response.get_data(as_text=True)

    newcomer = session.scalars(select(Newcomer)).one()
    volunteer = session.scalars(select(Volunteer)).one()
    assert (newcomer.locale, newcomer.shared_contact, newcomer.phone) == (
        "en", "email", NEWCOMER["phone"])
    assert (volunteer.locale, volunteer.shared_contact, volunteer.email) == (
        "fr", "phone", VOLUNTEER["email"])
    volunteer.vetting_status = "approved"
    session.commit()

    with app.app_context():
        outcome = run_matching(session, _now(), review=False)
        session.commit()
    (proposal,) = outcome.proposals
    assert (proposal.newcomer_id, proposal.volunteer_id, proposal.status) == (
        newcomer.id, volunteer.id, "proposed")

    # The volunteer answers from the link in their e-mail.
    (offer,) = _outbox(session, "proposal_volunteer")
    volunteer_page = _link_in(offer, "volunteer")
    answer = f"{volunteer_page}/propositions/{proposal.id}/reponse"
    response = _post(volunteer_client, volunteer_page, answer, {"answer": "yes"}, FRENCH)
    assert response.status_code == 302
    assert _path(response.headers["Location"]) == volunteer_page

    # The newcomer confirms from theirs.
    (asked,) = _outbox(session, "proposal_newcomer")
    newcomer_page = _link_in(asked, "newcomer")
    page = newcomer_client.get(newcomer_page, headers=ENGLISH).get_data(as_text=True)
    assert "Claire would like to welcome you" in page
    for detail in _contacts(VOLUNTEER):
        assert detail not in page
    before_confirmation = _outbox(session)
    confirm = f"{newcomer_page}/propositions/{proposal.id}/reponse"
    response = _post(newcomer_client, newcomer_page, confirm, {"answer": "yes"}, ENGLISH)
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Proposal, proposal.id).status == "active"

    # Nothing written before the confirmation told anyone the other's contact.
    assert [m.kind for m in before_confirmation] == [
        "newcomer_welcome", "volunteer_welcome", "proposal_volunteer", "proposal_newcomer"]
    for message in before_confirmation:
        other = VOLUNTEER if message.to_address == NEWCOMER["email"] else NEWCOMER
        for detail in _contacts(other):
            assert detail not in message.body and detail not in message.subject, message.kind

    # The delivery job sends everything once; a second run sends nothing more.
    settings = smtp_settings({**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": mailbox.port,
                              "MAIL_FROM": MAIL_FROM})
    factory = app.extensions["db_sessionmaker"]
    counts = deliver_due(factory, _now(), settings)
    assert (counts["sent"], counts["failed"], counts["retried"]) == (6, 0, 0)
    assert deliver_due(factory, _now(), settings)["sent"] == 0
    assert {m.status for m in _outbox(session)} == {"sent"}

    received = mailbox.messages()
    assert len(received) == 6
    introductions = [m for m in _outbox(session, "introduction")]
    assert len(introductions) == 2
    subjects = {m.to_address: m.subject for m in introductions}
    delivered = {}
    for envelope, parsed in zip(mailbox.envelopes, received, strict=True):
        (recipient,) = envelope.rcpt_tos
        if parsed["Subject"] == subjects.get(recipient):
            assert recipient not in delivered, "an introduction was delivered twice"
            delivered[recipient] = parsed
    assert set(delivered) == {NEWCOMER["email"], VOLUNTEER["email"]}

    # To the newcomer, in English: the volunteer's phone, and only that.
    to_newcomer = delivered[NEWCOMER["email"]]
    text = to_newcomer.get_content()
    assert to_newcomer["Subject"] == "Meet Claire"
    assert to_newcomer["Content-Language"] == "en"
    assert text.startswith("Hello Olena,\n")
    assert "You have both said yes: meet Claire!" in text
    assert f"Phone: {VOLUNTEER['phone']}" in text
    assert VOLUNTEER["email"] not in text
    assert "Idea for a first meeting" in text
    assert "Same neighbourhood: Les Nangues" in text
    assert re.search(r"http://\S+/l/[a-z0-9]{11}\s", text)  # the short personal link

    # To the volunteer, in French: the newcomer's e-mail address, and only that.
    to_volunteer = delivered[VOLUNTEER["email"]]
    text = to_volunteer.get_content()
    assert to_volunteer["Subject"] == "Faites connaissance avec Olena"
    assert to_volunteer["Content-Language"] == "fr"
    assert text.startswith("Bonjour Claire,\n")
    assert "Vous avez tous les deux dit oui : voici Olena !" in text
    assert f"E-mail : {NEWCOMER['email']}" in text
    for detail in _contacts(NEWCOMER)[1:]:
        assert detail not in text
    assert "Idée pour une première rencontre" in text
    assert "Même quartier : Les Nangues" in text

    # Every other e-mail the newcomer received is in English too.
    for envelope, parsed in zip(mailbox.envelopes, received, strict=True):
        expected = "en" if envelope.rcpt_tos == [NEWCOMER["email"]] else "fr"
        assert parsed["Content-Language"] == expected, parsed["Subject"]
    (proposal_mail,) = [m for e, m in zip(mailbox.envelopes, received, strict=True)
                        if e.rcpt_tos == [NEWCOMER["email"]] and "Claire" in m["Subject"]
                        and m["Subject"] != "Meet Claire"]
    assert proposal_mail["Subject"] == "Claire would like to welcome you"
