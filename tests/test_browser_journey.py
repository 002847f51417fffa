"""The whole journey in a real browser on phone-sized screens, in French.

A newcomer fills the intake form, a volunteer signs up, a coordinator approves the
volunteer (in the database: the vetting screen does not exist yet), the weekly run
proposes the pair, the volunteer accepts from the link in their e-mail, the newcomer
confirms, and both are introduced. Fields are found by their labels and buttons by
their names, as a screen reader user would find them.
"""
import re
import time
from datetime import UTC, datetime

import factories
import pytest
from conftest import NOW
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from journeys import regex_group
from playwright.sync_api import expect
from sqlalchemy import select

from web.models import Newcomer, OutboxMessage, Proposal, Volunteer
from web.services import links, proposals
from web.services.matching import run_matching

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

NEWCOMER_EMAIL = "amina.journey@example.org"
VOLUNTEER_EMAIL = "claire.journey@example.org"
VOLUNTEER_PHONE = "06 12 34 56 78"


@pytest.fixture
def other_phone(browser):
    """A second phone (the volunteer's), French too, with its own cookies."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def town(session):
    """The sample town and its neighbourhoods in the database."""
    factories.load_villiers(session)
    session.commit()


def _outbox(session, kind=None):
    session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return session.scalars(query).all()


def _fill_shared_fields(page, first_name, email, slots):
    """The profile fields both forms share; the neighbourhood is Les Nangues."""
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_label("Adresse e-mail", exact=True).fill(email)
    page.get_by_label("Votre quartier").select_option(label="Les Nangues")
    languages = page.get_by_role("group", name=re.compile("Langues que vous parlez"))
    languages.get_by_label("français", exact=True).check()
    page.get_by_label("Cuisine", exact=True).check()
    page.get_by_label("Jeux de société", exact=True).check()
    for slot in slots:
        page.get_by_label(slot, exact=True).check()


def _fill_essentials(page, first_name, email):
    """The intake's first step: first name, e-mail, Les Nangues, French."""
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_label("Adresse e-mail", exact=True).fill(email)
    page.get_by_label("Votre quartier").select_option(label="Les Nangues")
    languages = page.get_by_role("group", name=re.compile("Langues que vous parlez"))
    languages.get_by_label("français", exact=True).check()


def _complete_optional_steps(page, slots):
    """From the personal page: interests (step 2), free time (step 3), skip step 4."""
    page.get_by_role("link", name="Compléter mon profil").first.click()
    expect(page.get_by_text("Étape 2 sur 4")).to_be_visible()
    page.get_by_label("Cuisine", exact=True).check()
    page.get_by_label("Jeux de société", exact=True).check()
    page.get_by_role("button", name="Enregistrer").press("Enter")
    expect(page.get_by_text("Étape 3 sur 4")).to_be_visible()
    for slot in slots:
        page.get_by_label(slot, exact=True).check()
    page.get_by_role("button", name="Enregistrer").press("Enter")
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    page.get_by_role("link", name="Passer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Bonjour"))


def test_invalid_intake_shows_the_errors_and_keeps_what_was_typed(live_server, phone, town):
    phone.goto(live_server + "/arrivee/inscription")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Je viens d'arriver à Villiers")
    phone.get_by_label("Prénom").fill("Amina")
    phone.get_by_label("Adresse e-mail", exact=True).fill(NEWCOMER_EMAIL)
    phone.get_by_label("arabe — العربية", exact=True).check()
    # No neighbourhood, no consent.
    phone.get_by_role("button", name="Envoyer ma demande").press("Enter")

    summary = phone.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("2 réponses sont à corriger :")
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link", name=re.compile("^Votre quartier"))).to_have_attribute(
        "href", "#neighbourhood")
    expect(summary.get_by_role("link", name=re.compile("^J'accepte"))).to_have_attribute(
        "href", "#consent")

    # Each error sits next to its field and is linked to it.
    neighbourhood = phone.get_by_label("Votre quartier")
    expect(neighbourhood).to_have_attribute("aria-invalid", "true")
    expect(neighbourhood).to_have_accessible_description(
        re.compile("Choisissez votre quartier, ou « Je ne sais pas »."))
    consent = phone.get_by_label("J'accepte que la ville utilise ces informations")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(consent).to_have_accessible_description(
        re.compile("Sans votre accord, nous ne pouvons pas enregistrer votre demande."))

    # What was typed or ticked is still there.
    expect(phone.get_by_label("Prénom")).to_have_value("Amina")
    expect(phone.get_by_label("Adresse e-mail", exact=True)).to_have_value(NEWCOMER_EMAIL)
    expect(phone.get_by_label("arabe — العربية", exact=True)).to_be_checked()
    expect(phone.get_by_label("français", exact=True)).not_to_be_checked()
    # Nothing overflows sideways on a 360 px screen, errors included.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_newcomer_and_volunteer_from_the_forms_to_the_introduction(app, live_server, phone,
                                                                    other_phone, session, town):
    app.config["BASE_URL"] = live_server  # personal links in e-mails open on this server

    # 1. The newcomer's intake, on their phone.
    phone.goto(live_server + "/arrivee/inscription")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _fill_essentials(phone, "Amina", NEWCOMER_EMAIL)
    phone.get_by_label("arabe — العربية", exact=True).check()
    phone.get_by_label("J'accepte que la ville utilise ces informations").check()
    phone.get_by_role("button", name="Envoyer ma demande").press("Enter")
    expect(phone.get_by_text("Merci, Amina ! C'est enregistré.")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bonjour Amina")
    assert re.fullmatch(re.escape(live_server) + r"/arrivee/[^/?]+\?bienvenue=1", phone.url)
    newcomer_page = phone.url.split("?")[0]
    # The optional steps, from the personal page.
    _complete_optional_steps(phone, ["Mercredi après-midi", "Samedi matin", "Dimanche après-midi"])

    # 2. The volunteer's signup, on another phone.
    other_phone.goto(live_server + "/benevole/inscription")
    assert other_phone.evaluate("document.documentElement.scrollWidth") <= 360
    _fill_shared_fields(other_phone, "Claire", VOLUNTEER_EMAIL,
                        ["Mercredi après-midi", "Samedi matin", "Vendredi soir"])
    other_phone.get_by_label("Téléphone", exact=True).fill(VOLUNTEER_PHONE)
    other_phone.get_by_role("radio", name="Les deux").check()
    capacity = other_phone.get_by_role("group", name=re.compile("Combien de personnes"))
    expect(capacity.get_by_label("1", exact=True)).to_be_checked()
    other_phone.get_by_label("Pourquoi voulez-vous devenir parrain ou marraine ?").fill(
        "J'habite aux Nangues depuis vingt ans et j'aime faire découvrir le quartier.")
    other_phone.get_by_label("J'ai lu la charte du parrainage").check()
    other_phone.get_by_role("button", name="M'inscrire").click()
    expect(other_phone.get_by_text("Merci, Claire ! C'est enregistré.")).to_be_visible()
    expect(other_phone.get_by_text("Une personne de la coordination va vous appeler")
           ).to_be_visible()

    newcomer = session.scalars(select(Newcomer)).one()
    volunteer = session.scalars(select(Volunteer)).one()
    assert (newcomer.email, newcomer.locale, newcomer.status) == (NEWCOMER_EMAIL, "fr", "waiting")
    assert newcomer.neighbourhood.name == volunteer.neighbourhood.name == "Les Nangues"
    assert sorted(newcomer.languages) == ["ar", "fr"]
    assert (volunteer.phone, volunteer.shared_contact, volunteer.capacity) == (
        VOLUNTEER_PHONE, "both", 1)
    assert [m.kind for m in _outbox(session)] == ["newcomer_welcome", "volunteer_welcome"]

    # 3. A coordinator vets the volunteer (no screen yet), then the weekly run.
    volunteer.vetting_status = "approved"
    session.commit()
    with app.app_context():
        outcome = run_matching(session, datetime.now(UTC), review=False)
        session.commit()
    assert [(p.newcomer_id, p.volunteer_id, p.status) for p in outcome.proposals] == [
        (newcomer.id, volunteer.id, "proposed")]

    # 4. The volunteer opens the link from their e-mail and accepts.
    (offer,) = _outbox(session, "proposal_volunteer")
    assert offer.to_address == VOLUNTEER_EMAIL
    assert NEWCOMER_EMAIL not in offer.body
    link = regex_group(re.escape(live_server) + r"/l/\S+", offer.body, group=0)  # short link
    other_phone.goto(link)
    card = other_phone.get_by_role("article")
    expect(card.get_by_role("heading", name="Accueillir Amina ?")).to_be_visible()
    expect(card.get_by_role("heading", name="Pourquoi nous vous proposons ce binôme")
           ).to_be_visible()
    reasons = card.locator("ul.reasons > li")
    expect(reasons.first).to_be_visible()
    expect(card).to_contain_text("Les Nangues")
    expect(card).to_contain_text("Cuisine")
    expect(other_phone.locator("body")).not_to_contain_text(NEWCOMER_EMAIL)
    card.get_by_role("button", name="J'accepte d'accueillir Amina").click()
    expect(other_phone.get_by_text("Merci ! Nous demandons à Amina de confirmer.")).to_be_visible()
    expect(other_phone.get_by_text("En attente de sa confirmation")).to_be_visible()
    expect(other_phone.locator("body")).not_to_contain_text(NEWCOMER_EMAIL)
    volunteer_page = other_phone.url

    # 5. The newcomer sees who accepted, without any contact yet, and says yes.
    (asked,) = _outbox(session, "proposal_newcomer")
    assert asked.to_address == NEWCOMER_EMAIL
    assert VOLUNTEER_EMAIL not in asked.body and VOLUNTEER_PHONE not in asked.body
    phone.goto(newcomer_page)
    expect(phone.get_by_role("heading", name="Claire aimerait vous accueillir")).to_be_visible()
    body = phone.locator("body")
    expect(body).not_to_contain_text(VOLUNTEER_EMAIL)
    expect(body).not_to_contain_text(VOLUNTEER_PHONE)
    assert phone.locator('a[href^="mailto:"], a[href^="tel:"]').count() == 0
    phone.get_by_role("button", name="Oui, je veux rencontrer Claire").click()
    expect(phone.get_by_text("C'est fait ! Vous recevez les coordonnées de votre binôme.")
           ).to_be_visible()

    # 6. Both pages now show the other's chosen contact and a first meeting idea.
    expect(phone.get_by_role("heading", name="Votre binôme : Claire")).to_be_visible()
    expect(phone.get_by_role("link", name=VOLUNTEER_EMAIL)).to_have_attribute(
        "href", f"mailto:{VOLUNTEER_EMAIL}")
    expect(phone.get_by_role("link", name=VOLUNTEER_PHONE)).to_have_attribute(
        "href", "tel:0612345678")
    expect(phone.get_by_text("Idée pour une première rencontre :")).to_be_visible()

    other_phone.goto(volunteer_page)
    expect(other_phone.get_by_text("Binôme en cours")).to_be_visible()
    expect(other_phone.get_by_role("link", name=NEWCOMER_EMAIL)).to_have_attribute(
        "href", f"mailto:{NEWCOMER_EMAIL}")
    expect(other_phone.get_by_text("Idée pour une première rencontre :")).to_be_visible()

    # 7. Two introductions are queued, one to each, with the other's contact.
    introductions = _outbox(session, "introduction")
    by_address = {m.to_address: m for m in introductions}
    assert len(introductions) == 2 and set(by_address) == {NEWCOMER_EMAIL, VOLUNTEER_EMAIL}
    to_newcomer, to_volunteer = by_address[NEWCOMER_EMAIL], by_address[VOLUNTEER_EMAIL]
    assert to_newcomer.subject == "Faites connaissance avec Claire"
    assert f"E-mail : {VOLUNTEER_EMAIL}" in to_newcomer.body
    assert f"Téléphone : {VOLUNTEER_PHONE}" in to_newcomer.body
    assert "Idée pour une première rencontre" in to_newcomer.body
    assert to_volunteer.subject == "Faites connaissance avec Amina"
    assert f"E-mail : {NEWCOMER_EMAIL}" in to_volunteer.body
    assert "Idée pour une première rencontre" in to_volunteer.body
    session.expire_all()
    proposal = session.scalars(select(Proposal)).one()
    assert proposal.status == "active"
    assert session.get(Volunteer, volunteer.id).load == 1
    assert session.get(Newcomer, newcomer.id).status == "matched"


# A page left open: people read a proposal, think it over, and answer hours later.

def _age_csrf_tokens(app, page, seconds):
    """Make the CSRF tokens in `page`'s forms `seconds` old, as if it had been open that long.

    Rebuilds Flask-WTF's token (salt "wtf-csrf-token") from the secret in the session
    cookie, signed at an earlier time.
    """
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "session")
    secret = app.session_interface.get_signing_serializer(app).loads(cookie)["csrf_token"]

    class EarlierSigner(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - seconds

    token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token",
                                   signer=EarlierSigner).dumps(secret)
    page.evaluate("t => document.querySelectorAll('input[name=csrf_token]')"
                  ".forEach(input => { input.value = t; })", token)


@pytest.fixture
def proposed(app, session, town):
    """A proposal waiting for the volunteer's answer; yields (volunteer page path, proposal)."""
    towns = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Amina",
                                  neighbourhood_id=towns["les-nangues"].id)
    volunteer = factories.volunteer(session, first_name="Claire",
                                    neighbourhood_id=towns["les-nangues"].id)
    proposal = proposals.create_proposal(session, NOW, newcomer.id, volunteer.id, reasons={
        "fr": ["Même quartier : Les Nangues"], "en": ["Same neighbourhood: Les Nangues"]})
    session.commit()
    token = links.make_token(links.LinkSettings(app.config["SECRET_KEY"]),
                             datetime.now(UTC), volunteer)
    return f"/benevole/{token}", proposal


def test_a_proposal_left_open_two_hours_can_still_be_accepted(app, live_server, phone,
                                                              session, proposed):
    page, proposal = proposed
    phone.goto(live_server + page)
    _age_csrf_tokens(app, phone, 2 * 3600)
    phone.get_by_role("button", name="J'accepte d'accueillir Amina").click()
    expect(phone.get_by_text("Merci ! Nous demandons à Amina de confirmer.")).to_be_visible()
    session.expire_all()
    assert session.get(Proposal, proposal.id).status == "accepted"


def test_an_intake_form_filled_slowly_is_not_lost(app, live_server, phone, session, town):
    phone.goto(live_server + "/arrivee/inscription")
    _fill_essentials(phone, "Amina", NEWCOMER_EMAIL)
    phone.get_by_label("J'accepte que la ville utilise ces informations").check()
    _age_csrf_tokens(app, phone, 2 * 3600)
    phone.get_by_role("button", name="Envoyer ma demande").press("Enter")
    expect(phone.get_by_text("Merci, Amina ! C'est enregistré.")).to_be_visible()
    assert session.scalars(select(Newcomer.first_name)).all() == ["Amina"]


def test_an_answer_without_the_session_cookie_gets_a_page_of_the_site(live_server, phone,
                                                                      proposed):
    """A phone's mail app, or a restored tab, may have lost the cookie: never a raw error."""
    page, _ = proposed
    phone.goto(live_server + page)
    # Let every request of the page (style sheet, icon) finish: a late response would
    # otherwise set the cookie again after it was cleared.
    phone.wait_for_load_state("networkidle")
    phone.context.clear_cookies()
    phone.get_by_role("button", name="J'accepte d'accueillir Amina").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cette page a expiré")
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("banner").get_by_role("link", name=re.compile("Bienvenue"))
           ).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    expect(phone.locator("body")).not_to_contain_text("Bad Request")
    expect(phone.locator("body")).not_to_contain_text("CSRF")
    # Whatever that page says, its links lead back to a working page: the answer can
    # be given again from the volunteer's page.
    links_out = [phone.get_by_role("main").get_by_role("link").nth(i).get_attribute("href")
                 for i in range(phone.get_by_role("main").get_by_role("link").count())]
    assert links_out, "the page offers no way back"
    for href in links_out:
        response = phone.goto(live_server + href if href.startswith("/") else href)
        assert response.status == 200, f"{href} answers {response.status}"
    phone.goto(live_server + page)
    phone.get_by_role("button", name="J'accepte d'accueillir Amina").click()
    expect(phone.get_by_text("Merci ! Nous demandons à Amina de confirmer.")).to_be_visible()
