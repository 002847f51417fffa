"""The review page names a pair's score components in the coordinator's language, as
percents, in the engine's order: "Quartier 100 %", "Âge 50 %", never "age 0.50"."""
import re

import factories
import pytest
from conftest import NOW
from journeys import log_in_coordinator

from web.services.accounts import create_coordinator
from web.services.matching import run_matching

PASSWORD = "correct horse battery"
REVIEW = "/coordination/propositions/a-valider"


@pytest.fixture
def coordinator_client(client, session):
    account = create_coordinator(session, NOW, "nadia@villiers.example", PASSWORD,
                                 name="Nadia", role="admin")
    places = factories.load_villiers(session)
    factories.newcomer(session, neighbourhood_id=places["les-nangues"].id)
    factories.volunteer(session, neighbourhood_id=places["les-nangues"].id)
    run_matching(session, NOW, review=True)
    session.commit()
    return log_in_coordinator(client, account.email, PASSWORD)


def names_and_values(html: str) -> list[tuple[str, str]]:
    block = html[html.index('<dl class="components">'):]
    block = block[:block.index("</dl>")]
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)


def test_the_review_page_names_the_components_in_french(coordinator_client):
    html = coordinator_client.get(REVIEW).get_data(as_text=True)
    shown = names_and_values(html)
    assert [name for name, _ in shown] == [
        "Quartier", "Centres d&#39;intérêt", "Disponibilités", "Langue", "Âge",
        "Situation de vie"]
    assert dict(shown)["Quartier"] == "100\xa0%"
    for raw in ("<dt>age</dt>", "<dt>availability</dt>", "<dt>neighbourhood</dt>"):
        assert raw not in html


def test_and_in_english(coordinator_client):
    coordinator_client.get("/langue/en")
    html = coordinator_client.get(REVIEW).get_data(as_text=True)
    shown = dict(names_and_values(html))
    assert list(shown) == ["Neighbourhood", "Interests", "Availability", "Language", "Age",
                           "Life situation"]
    assert shown["Neighbourhood"] == "100%"
