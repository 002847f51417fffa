"""The free-time grid (days × morning, afternoon, evening) fits a 320 px phone in every
interface language: long headers such as "Afternoon" or "Wednesday" wrap instead of pushing
the page sideways (WCAG 1.4.10 reflow)."""
import pytest
from browser_helpers import every_state_town

from web.models.people import LOCALES

#: browser tests run on SQLite only: the pages do not depend on the database engine
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture
def town(app, session):
    """Villiers with people in every state."""
    return every_state_town(app, session)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_week_grid_fits_320_px(browser, live_server, town, locale):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/langue/{locale}")
        assert page.goto(live_server + "/benevole/inscription").status == 200
        assert page.locator("table.week-grid").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        right = page.evaluate("Math.max(...[...document.querySelectorAll('.week-grid *')]"
                              ".map(e => e.getBoundingClientRect().right))")
        assert right <= 320
    finally:
        context.close()
