"""In a real browser on a phone: a coordinator reviews the drafts of a run and approves
them; the volunteers' e-mails are then in the outbox."""
import re

import factories
import pytest
from conftest import NOW
from playwright.sync_api import expect

from web.services.accounts import create_coordinator
from web.services.matching import run_matching

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]
PASSWORD = "correct horse battery"


def test_review_and_approve_the_drafts_of_a_run(live_server, phone, session):
    account = create_coordinator(session, NOW, "lea@villiers.example", PASSWORD, name="Léa")
    place = factories.load_villiers(session)["les-nangues"].id
    volunteers = []
    for n in range(2):
        factories.newcomer(session, first_name=f"Arrivant{n}", neighbourhood_id=place)
        volunteers.append(factories.volunteer(session, first_name=f"Benevole{n}",
                                              neighbourhood_id=place))
    run_matching(session, NOW, review=True)
    session.commit()

    phone.goto(live_server + "/coordination/propositions/a-valider")
    phone.get_by_label("Adresse e-mail").fill(account.email)
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    phone.wait_for_url(live_server + "/coordination/propositions/a-valider")
    assert phone.locator("h1").inner_text() == "Propositions à valider"
    assert phone.get_by_text("2 propositions à valider").is_visible()
    assert phone.get_by_text("Même quartier : Les Nangues").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # One approved on its own, with the keyboard; then the rest all at once.
    first = phone.get_by_role("button", name=re.compile("^Approuver : Arrivant")).first
    # The button names both people by their label ("Benevole0 · Les Nangues"); the message
    # says the volunteer's first name.
    chosen = first.get_attribute("aria-label").rsplit(" avec ", 1)[1].split(" · ")[0]
    first.focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    expect(phone.get_by_text(f"Proposition envoyée à {chosen}.")).to_be_visible()
    expect(phone.get_by_text("1 proposition à valider")).to_be_visible()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tout approuver et envoyer").click()
    expect(phone.locator("h1")).to_have_text("Envoyer 1 proposition ?")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Oui, envoyer").click()
    expect(phone.get_by_text("Aucune proposition n'attend de validation.")).to_be_visible()

    phone.goto(live_server + "/coordination/messages")
    page = phone.locator("body").inner_text()
    for volunteer in volunteers:
        assert volunteer.email in page
