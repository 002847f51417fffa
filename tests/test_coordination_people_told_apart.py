"""Coordinators tell people of the same first name apart: every list and picker shows
"first name · neighbourhood · age band" (web.views.coordinators.person_label)."""
import factories
from conftest import NOW
from test_coordination_dashboard_queries import counted

from web.services.people import age_band
from web.services.proposals import create_proposal

NANGUES = "Patrick · Les Nangues · 30–44 ans"
OTHER = "Patrick · {place} · 60–74 ans"


def two_patricks(session):
    """Two waiting newcomers called Patrick, in two neighbourhoods, of two ages."""
    places = factories.load_villiers(session)
    other = next(p for slug, p in places.items() if slug != "les-nangues")
    factories.newcomer(session, first_name="Patrick", birth_year=NOW.year - 36,
                       neighbourhood_id=places["les-nangues"].id)
    factories.newcomer(session, first_name="Patrick", birth_year=NOW.year - 66,
                       neighbourhood_id=other.id)
    session.commit()
    return OTHER.format(place=other.name)


def test_age_bands_from_the_birth_year():
    assert age_band(None, NOW) is None
    assert age_band(NOW.year - 16, NOW) == (0, 17)
    assert age_band(NOW.year - 18, NOW) == (18, 29)
    assert age_band(NOW.year - 44, NOW) == (30, 44)
    assert age_band(NOW.year - 90, NOW) == (75, None)
    assert age_band(NOW.year + 1, NOW) is None  # a typo in the future: no band, no crash


def test_two_patricks_differ_on_the_dashboard_and_in_search(claire_client, session):
    other = two_patricks(session)
    dashboard = claire_client.get("/coordination/").get_data(as_text=True)
    assert NANGUES in dashboard and other in dashboard
    found = claire_client.get("/coordination/personnes?type=arrivants&q=patrick").get_data(
        as_text=True)
    assert "2 personnes" in found
    assert NANGUES in found and other in found
    picker = claire_client.get("/coordination/binome?qn=patrick").get_data(as_text=True)
    assert NANGUES in picker and other in picker


def test_unknown_parts_are_left_out(claire_client, session):
    factories.load_villiers(session)
    factories.newcomer(session, first_name="Zoé")
    session.commit()
    dashboard = claire_client.get("/coordination/").get_data(as_text=True)
    assert ">Zoé</a>" in dashboard
    assert "None" not in dashboard


def test_volunteers_to_vet_and_proposals_show_the_label(claire_client, session):
    place = factories.load_villiers(session)["les-nangues"].id
    factories.volunteer(session, first_name="Odile", birth_year=NOW.year - 70,
                        vetting_status="pending", neighbourhood_id=place)
    volunteer = factories.volunteer(session, first_name="Marc", neighbourhood_id=place)
    newcomer = factories.newcomer(session, first_name="Patrick", birth_year=NOW.year - 36,
                                  neighbourhood_id=place)
    create_proposal(session, NOW, newcomer.id, volunteer.id)
    session.commit()
    dashboard = claire_client.get("/coordination/").get_data(as_text=True)
    assert "Odile · Les Nangues · 60–74 ans" in dashboard
    assert NANGUES in dashboard and "Marc · Les Nangues" in dashboard
    vetting = claire_client.get("/coordination/benevoles/a-valider").get_data(as_text=True)
    assert "Odile · Les Nangues · 60–74 ans" in vetting


def test_labels_cost_no_query_per_row(claire_client, session):
    """Each list loads its people's neighbourhoods with them: the dashboard runs as many
    statements for people in ten neighbourhoods as for people in two (lists of proposals
    join theirs too: see test_coordination_dashboard_queries)."""
    places = list(factories.load_villiers(session).values())

    def statements_of_the_dashboard():
        session.commit()
        session.expunge_all()  # nothing already loaded helps the page
        with counted(session.get_bind().engine) as statements:
            page = claire_client.get("/coordination/")
        assert page.status_code == 200
        return page.get_data(as_text=True), len(statements)

    # Newcomers in the first five neighbourhoods, volunteers in the last five: a list that
    # does not load its own cannot borrow the other's.
    for _ in range(2):
        factories.newcomer(session, birth_year=1990, neighbourhood_id=places[0].id)
        factories.volunteer(session, vetting_status="pending", neighbourhood_id=places[5].id)
    _, in_two = statements_of_the_dashboard()
    for n, place in enumerate(places[:5]):
        factories.newcomer(session, birth_year=1960 + n, neighbourhood_id=place.id)
        factories.volunteer(session, vetting_status="pending", neighbourhood_id=places[5 + n].id)
    page, in_ten = statements_of_the_dashboard()
    assert all(place.name in page for place in places)
    assert in_ten == in_two
