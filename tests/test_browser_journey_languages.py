"""The newcomer's journey in a real browser at 360 px, in Arabic (right to left) and in
Ukrainian: the intake with a phone number only, then a proposal answered from the personal
page, and the introduction sent by text message in the person's language.

No French in these tests: every text the newcomer reads is looked up in the language's
catalogue (web/translations/<code>/LC_MESSAGES/messages.po), fields and links are found by
stable selectors.
"""
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import factories
import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect
from sqlalchemy import select

from web.models import Newcomer, OutboxMessage, Proposal
from web.services import proposals
from web.services.matching import run_matching
from web.services.reference import label_map, languages

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

TRANSLATIONS = Path(__file__).resolve().parent.parent / "web" / "translations"
VOLUNTEER_PHONE = "06 98 76 54 32"

#: per language: the newcomer's first name in its script, their phone, the direction
#: of the page, and the volunteer's few words
JOURNEYS = {
    "ar": {"first_name": "أمينة", "phone": "07 11 22 33 44", "dir": "rtl",
           "about": "أسكن في الحي منذ عشرين سنة."},
    "uk": {"first_name": "Олена", "phone": "07 55 66 77 88", "dir": "ltr",
           "about": "Живу в цьому кварталі двадцять років."},
}


@cache
def _catalogue(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def t(locale, msgid, **values):
    """The catalogue's translation of a French msgid (fails if it is missing or fuzzy)."""
    message = _catalogue(locale).get(msgid)
    assert message is not None and message.string and not message.fuzzy, (
        f"{locale}: no translation of {msgid!r}")
    return message.string % values if values else message.string


#: where on screen the first two and the last two characters of an element's text start
FIRST_AND_LAST_DIGITS_X = """element => {
    const text = element.firstChild, range = document.createRange();
    const x = (start) => { range.setStart(text, start); range.setEnd(text, start + 2);
                           return range.getBoundingClientRect().left; };
    return [x(0), x(text.length - 2)];
}"""


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url}: {width} px wide"


@pytest.fixture
def phone_in(browser):
    """Phones at 360 px whose browser speaks the given language; closed after the test."""
    contexts = []

    def open_phone(locale):
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale,
                                      device_scale_factor=2, is_mobile=True, has_touch=True)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.mark.parametrize("locale", ["ar", "uk"])
def test_intake_and_proposal_answered_in_the_newcomers_language(app, live_server, phone_in,
                                                                session, locale):
    journey = JOURNEYS[locale]
    places = factories.load_villiers(session)
    session.commit()
    page = phone_in(locale)

    # 1. The home page speaks the browser's language, in the right direction.
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", locale)
    expect(page.locator("html")).to_have_attribute("dir", journey["dir"])
    _fits(page)
    intake_link = page.get_by_role("main").locator('a[href$="/arrivee/inscription"]').first
    expect(intake_link).to_have_text(t(locale, "Je viens d'arriver"))
    intake_link.click()

    # 2. Step 1 with a phone number only: no e-mail.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(locale, "Je viens d'arriver à %(town)s", town="Villiers"))
    _fits(page)
    page.locator("#first_name").fill(journey["first_name"])
    page.locator("#phone").fill(journey["phone"])
    expect(page.locator("#email")).to_have_value("")
    page.locator("#neighbourhood").select_option(label="Les Nangues")
    page.locator(f"input[name=languages][value={locale}]").check()
    page.locator("#consent").check()
    page.get_by_role("button", name=t(locale, "Envoyer ma demande")).click()

    # 3. The personal page, in the language.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(locale, "Bonjour %(name)s", name=journey["first_name"]))
    expect(page.locator("html")).to_have_attribute("dir", journey["dir"])
    expect(page.get_by_text(t(locale, "En attente"), exact=True)).to_be_visible()
    _fits(page)
    newcomer_page = page.url.split("?")[0]
    newcomer = session.scalars(select(Newcomer)).one()
    assert (newcomer.first_name, newcomer.email, newcomer.locale) == (
        journey["first_name"], None, locale)
    assert newcomer.languages == [locale]

    # 4. A vetted volunteer speaking the language; the weekly run proposes them; they accept.
    volunteer = factories.volunteer(session, first_name="Claire", languages=["fr", locale],
                                    neighbourhood_id=places["les-nangues"].id,
                                    phone=VOLUNTEER_PHONE, shared_contact="phone",
                                    about=journey["about"])
    session.commit()
    now = datetime.now(UTC)
    with app.app_context():
        (proposal,) = run_matching(session, now, review=False).proposals
        session.commit()
        assert (proposal.newcomer_id, proposal.volunteer_id) == (newcomer.id, volunteer.id)
        proposals.volunteer_accepts(session, now, proposal)
        session.commit()

    # 5. The newcomer reloads their page: who accepted, their languages and few words.
    page.goto(newcomer_page)
    expect(page.get_by_role("heading", name=t(locale, "%(name)s aimerait vous accueillir",
                                              name="Claire"))).to_be_visible()
    names = label_map(languages(), locale)
    facts = page.locator("#proposition dl.facts")
    separator = "، " if journey["dir"] == "rtl" else ", "  # Arabic script has its own comma
    expect(facts).to_contain_text(names["fr"] + separator + names[locale])
    expect(page.locator("#proposition blockquote")).to_have_text(journey["about"])
    expect(page.locator("#proposition")).not_to_contain_text(VOLUNTEER_PHONE)
    _fits(page)
    page.get_by_role("button", name=t(locale, "Oui, je veux rencontrer %(name)s",
                                      name="Claire")).click()

    # 6. The pairing is active and the buddy's phone shows, read left to right.
    expect(page.get_by_role("heading", name=t(locale, "Votre binôme : %(name)s",
                                              name="Claire"))).to_be_visible()
    contact = page.get_by_role("link", name=VOLUNTEER_PHONE)
    expect(contact).to_have_attribute("href", "tel:" + VOLUNTEER_PHONE.replace(" ", ""))
    expect(page.locator("html")).to_have_attribute("dir", journey["dir"])
    _fits(page)
    # To look at: the whole page, and the pairing's card at full size.
    page.screenshot(path=f"/tmp/journey-{locale}-introduced.png", full_page=True)
    page.locator("#proposition").screenshot(path=f"/tmp/journey-{locale}-pairing.png")
    # The number reads in its own order on screen: "06" left of "32", even right to left.
    assert contact.evaluate(FIRST_AND_LAST_DIGITS_X) == sorted(
        contact.evaluate(FIRST_AND_LAST_DIGITS_X))
    if journey["dir"] == "rtl":
        # Mirrored: the heading ends at the right edge of the screen.
        heading = page.get_by_role("heading", level=1).bounding_box()
        assert heading["x"] + heading["width"] > 300, heading
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    session.expire_all()
    assert session.get(Proposal, proposal.id).status == "active"
    assert session.get(Newcomer, newcomer.id).status == "matched"
    to_newcomer = session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "introduction", OutboxMessage.person_type == "newcomer")).all()
    assert [(m.channel, m.locale) for m in to_newcomer] == [("sms", locale)]
    assert VOLUNTEER_PHONE in to_newcomer[0].body
    assert re.fullmatch(r"\+33\d{9}", to_newcomer[0].to_address)
