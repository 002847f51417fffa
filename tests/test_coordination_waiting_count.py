"""One count of "waiting": the dashboard and the matching page say the same number
(`matching.waiting_for_a_buddy`), and the matching page says how many of them a run
cannot consider yet because they have no neighbourhood."""
import factories
from conftest import NOW
from journeys import log_in_coordinator

from web.services.accounts import create_coordinator
from web.services.proposals import create_proposal

PASSWORD = "correct horse battery"


def test_dashboard_and_matching_page_count_the_same_people(client, session):
    create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    place = factories.load_villiers(session)["les-nangues"].id
    for _ in range(3):
        factories.newcomer(session, neighbourhood_id=place)
    factories.newcomer(session, neighbourhood_id=None)  # waits, to be placed
    factories.newcomer(session, neighbourhood_id=place, status="paused")  # not waiting
    offered = factories.newcomer(session, neighbourhood_id=place)  # a proposal is open
    buddy = factories.volunteer(session, neighbourhood_id=place)
    create_proposal(session, NOW, offered.id, buddy.id)
    session.commit()
    log_in_coordinator(client, "ines@villiers.example", PASSWORD)

    dashboard = client.get("/coordination/").get_data(as_text=True)
    matching = client.get("/coordination/appariement").get_data(as_text=True)
    assert "4 personnes attendent un binôme" in dashboard
    assert "4 arrivants attendent un binôme" in matching
    assert "1 arrivant n'a pas encore de quartier" in matching
