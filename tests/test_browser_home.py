"""A real browser on a phone-sized screen: reading, keyboard use, language switch."""
import factories
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_home_on_a_phone_in_french_then_english(live_server, phone, session, tmp_path):
    factories.load_villiers(session)
    session.commit()
    phone.goto(live_server + "/")
    assert phone.locator("html").get_attribute("lang") == "fr"
    assert phone.locator("h1").inner_text() == "Bienvenue à Villiers !"
    # Nothing overflows sideways on a 360 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(tmp_path / "home-fr.png"), full_page=True)

    # Keyboard: the first Tab reaches the skip link, which is then visible.
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = phone.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

    phone.get_by_role("link", name="English").click()
    phone.wait_for_url(live_server + "/")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == "Welcome to Villiers!"
