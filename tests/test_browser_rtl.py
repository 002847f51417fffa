"""Arabic on a 320 px phone: pages read right to left without sideways scrolling, and the
language menu works by keyboard."""
import factories
import pytest
from conftest import NOW

from web.services.links import LinkSettings, make_token

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="ar",
                                  device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def test_arabic_pages_read_right_to_left_at_320_px(live_server, narrow, session, tmp_path):
    hoods = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Amina", locale="ar",
                                  neighbourhood_id=hoods["les-nangues"].id)
    session.commit()
    token = make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), newcomer)
    for path in ("/", "/arrivee/inscription", "/agenda", f"/arrivee/{token}"):
        narrow.goto(live_server + path)
        assert narrow.evaluate("document.documentElement.dir") == "rtl", path
        assert narrow.evaluate("document.documentElement.lang") == "ar", path
        width = narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path}: {width} px wide"
        narrow.screenshot(path=str(tmp_path / f"ar{path.replace('/', '_')[:20]}.png"),
                          full_page=True)


def test_the_language_menu_works_by_keyboard(live_server, narrow, session):
    factories.load_villiers(session)
    session.commit()
    narrow.goto(live_server + "/")
    assert narrow.evaluate("document.documentElement.lang") == "ar"
    for _ in range(20):  # skip link, brand, main menu, then the languages
        narrow.keyboard.press("Tab")
        if narrow.evaluate("document.activeElement.getAttribute('hreflang')") == "uk":
            break
    assert narrow.evaluate("document.activeElement.textContent") == "Українська"
    assert narrow.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    narrow.keyboard.press("Enter")
    narrow.locator('html[lang="uk"]').wait_for(state="attached")
    assert narrow.evaluate("document.documentElement.dir") == "ltr"
