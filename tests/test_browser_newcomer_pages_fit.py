"""Newcomers' and volunteers' pages fit a 320 px phone, and the intake's first step is short.

Every page a newcomer or a volunteer sees is opened at 320 px and must not scroll sideways
(a long e-mail address included). The intake's first step is measured at 360 px: its height,
and the key presses the essentials take by keyboard alone (Tab, Space, Enter: one each; typing
into a field or a list counts as one). A failed first step puts the focus on the error summary.
"""
import re
from datetime import UTC, datetime

import factories
import pytest
from conftest import NOW
from playwright.sync_api import expect
from sqlalchemy import select

from web.models import Newcomer
from web.services import proposals
from web.services.links import LinkSettings, make_token

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

#: targets of issue 10 for the first step, at 360 px
MAX_STEP_ONE_HEIGHT = 2500
MAX_STEP_ONE_PRESSES = 30
LONG_EMAIL = "marie-christine.delafontaine-villiers@association-des-habitants.example.org"
LONG_ABOUT = "J'habite aux Nangues depuis vingt ans. " * 15


@pytest.fixture
def narrow(browser):
    """The narrowest phone we support: 320 px, French."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def _link(app, kind: str, person) -> str:
    prefix = "arrivee" if kind == "newcomer" else "benevole"
    token = make_token(LinkSettings(app.config["SECRET_KEY"]), datetime.now(UTC), person)
    return f"/{prefix}/{token}"


def _fits(page, url: str) -> None:
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{url} is {width} px wide at 320 px"


def _press_tab_to(page, selector: str, limit: int = 80) -> int:
    """Press Tab until `selector` has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never got the focus")


def _essentials_by_keyboard(page) -> int:
    """Fill the first step by keyboard alone, as a person would (the skip link first, past
    the header's menus); the presses it took."""
    presses = _press_tab_to(page, "a.skip-link")
    page.keyboard.press("Enter")
    presses += 1
    presses += _press_tab_to(page, "#first_name")
    page.keyboard.type("Amina")
    presses += 1
    presses += _press_tab_to(page, "#phone")
    page.keyboard.type("06 11 22 33 44")
    presses += 1
    presses += _press_tab_to(page, "#neighbourhood")
    page.keyboard.type("Les N")  # a closed list jumps to what is typed
    presses += 1
    presses += _press_tab_to(page, 'input[name="languages"][value="ar"]')
    page.keyboard.press("Space")
    presses += 1
    presses += _press_tab_to(page, "#consent")
    page.keyboard.press("Space")
    presses += 1
    presses += _press_tab_to(page, 'button[type="submit"]')
    page.keyboard.press("Enter")
    return presses + 1


def test_step_one_is_short_and_quick_by_keyboard(live_server, browser, session, app):
    factories.load_villiers(session)
    session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server + "/arrivee/inscription")
    height = page.evaluate("document.documentElement.scrollHeight")
    presses = _essentials_by_keyboard(page)
    expect(page.get_by_text("Merci, Amina ! C'est enregistré.")).to_be_visible()
    context.close()
    newcomer = session.scalars(select(Newcomer)).one()
    assert (newcomer.phone, newcomer.languages, newcomer.neighbourhood.name) == (
        "06 11 22 33 44", ["ar"], "Les Nangues")
    print(f"\nintake step 1 at 360 px: {height} px high, {presses} key presses")
    assert height < MAX_STEP_ONE_HEIGHT
    assert presses < MAX_STEP_ONE_PRESSES


def test_a_failed_step_one_focuses_the_summary_and_keeps_the_input(live_server, phone, session):
    factories.load_villiers(session)
    session.commit()
    phone.goto(live_server + "/arrivee/inscription")
    phone.get_by_label("Prénom").fill("Amina")
    phone.get_by_label("Adresse e-mail", exact=True).fill("amina-at-example")
    phone.get_by_role("button", name="Envoyer ma demande").press("Enter")
    summary = phone.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Adresse e-mail"))).to_be_visible()
    expect(phone.get_by_label("Prénom")).to_have_value("Amina")
    expect(phone.get_by_label("Adresse e-mail", exact=True)).to_have_value("amina-at-example")
    assert session.scalars(select(Newcomer)).all() == []


def test_every_newcomer_and_volunteer_page_fits_320_px(app, live_server, narrow, session):
    places = factories.load_villiers(session)
    nangues = places["les-nangues"].id
    waiting = factories.newcomer(session, first_name="Amina", neighbourhood_id=nangues)
    accepted = factories.newcomer(session, first_name="Olena", neighbourhood_id=nangues,
                                  languages=["uk", "en"])
    paired = factories.newcomer(session, first_name="Farid", neighbourhood_id=nangues)
    volunteer = factories.volunteer(session, first_name="Marie-Christine", email=LONG_EMAIL,
                                    phone="06 12 34 56 78", shared_contact="both", capacity=3,
                                    about=LONG_ABOUT, languages=["fr", "uk", "ar"],
                                    neighbourhood_id=nangues)
    with app.app_context():
        reasons = {"fr": ["Même quartier : Les Nangues", "Intérêts communs : Cuisine"],
                   "en": ["Same neighbourhood: Les Nangues", "Shared interests: Cooking"]}
        proposals.create_proposal(session, NOW, waiting.id, volunteer.id, reasons=reasons)
        second = proposals.create_proposal(session, NOW, accepted.id, volunteer.id,
                                           reasons=reasons)
        proposals.volunteer_accepts(session, NOW, second)
        third = proposals.create_proposal(session, NOW, paired.id, volunteer.id, reasons=reasons)
        proposals.volunteer_accepts(session, NOW, third)
        proposals.newcomer_confirms(session, NOW, third)
        session.commit()
        pages = {"intake": "/arrivee/inscription", "signup": "/benevole/inscription"}
        for name, person in (("waiting", waiting), ("accepted", accepted), ("paired", paired)):
            pages[name] = _link(app, "newcomer", person)
        pages["volunteer"] = _link(app, "volunteer", volunteer)
    newcomer_page = pages["waiting"]
    for step in (2, 3, 4):
        pages[f"step-{step}"] = f"{newcomer_page}/completer/{step}"
    pages["profile"] = f"{newcomer_page}/profil"
    pages["volunteer-profile"] = f"{pages['volunteer']}/profil"
    for url in pages.values():
        _fits(narrow, live_server + url)
    # The paired page shows the long address, wrapped, inside the screen.
    narrow.goto(live_server + pages["paired"])
    mail = narrow.get_by_role("link", name=LONG_EMAIL)
    expect(mail).to_be_visible()
    box = mail.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    # The accepted proposal: the volunteer's own words, her languages, never her contact.
    narrow.goto(live_server + pages["accepted"])
    expect(narrow.get_by_text("Marie-Christine en quelques mots")).to_be_visible()
    expect(narrow.locator("body")).not_to_contain_text(LONG_EMAIL)
