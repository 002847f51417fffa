"""The review page can be searched (newcomer's or volunteer's first name or neighbourhood)
and an action taken on page 2 or on a search comes back to the same page and search."""
import pytest
from journeys import csrf
from review_helpers import REVIEW, drafts, nadia_logged_in, place_of


@pytest.fixture
def staff(client, session):
    """Coordinator Nadia, logged in."""
    return nadia_logged_in(client, session)


def test_search_narrows_the_list(staff, session):
    drafts(session, 3)
    drafts(session, 2, place="le-plateau", first_name="Patrick")
    page = staff.get(REVIEW).get_data(as_text=True)
    assert "5 propositions à valider" in page
    assert '<label for="q">Rechercher une proposition</label>' in page
    found = staff.get(REVIEW + "?q=+patrick+").get_data(as_text=True)
    assert "2 propositions à valider" in found and 'value="patrick"' in found
    assert "Les Nangues" not in found
    by_place = staff.get(REVIEW + "?q=Nangues").get_data(as_text=True)
    assert "3 propositions à valider" in by_place
    nothing = staff.get(REVIEW + "?q=Zorglub").get_data(as_text=True)
    assert "Aucune proposition ne correspond à cette recherche." in nothing


def test_approve_on_page_two_of_a_search_comes_back_there(staff, session):
    made = drafts(session, 30, first_name="Patrick")
    drafts(session, 2, place="le-plateau")
    second = staff.get(REVIEW + "?q=patrick&page=2").get_data(as_text=True)
    assert "Page 2 sur 2" in second
    on_page_two = made[26]
    assert f"/propositions/{on_page_two.id}/approuver" in second
    assert 'name="page" value="2"' in second and 'name="q" value="patrick"' in second
    response = staff.post(f"/coordination/propositions/{on_page_two.id}/approuver", data={
        "csrf_token": csrf(staff, REVIEW), "page": "2", "q": "patrick"})
    assert response.status_code == 302
    assert place_of(response) == (REVIEW, {"page": ["2"], "q": ["patrick"]})
    rejected = staff.post(f"/coordination/propositions/{made[27].id}/ecarter", data={
        "csrf_token": csrf(staff, REVIEW), "page": "2", "q": "patrick"})
    assert place_of(rejected) == (REVIEW, {"page": ["2"], "q": ["patrick"]})
    # 28 drafts left: page 2 still shows the last 3.
    back = staff.get(REVIEW + "?q=patrick&page=2").get_data(as_text=True)
    assert "28 propositions à valider" in back and "Page 2 sur 2" in back


def test_swap_keeps_the_page_and_search(staff, session):
    made = drafts(session, 2, first_name="Patrick")
    page = staff.get(REVIEW + "?q=patrick").get_data(as_text=True)
    swap_url = f"/coordination/propositions/{made[0].id}/autre-binome?q=patrick"
    assert swap_url in page
    swap = staff.get(swap_url).get_data(as_text=True)
    assert f'href="{REVIEW}?q=patrick"' in swap  # "Annuler" goes back to the search


def test_bad_place_values_do_not_break_the_page(staff, session):
    made = drafts(session, 3)
    for query in ("?page=abc", "?page=-4", "?page=0", "?page=99", "?page=" + "9" * 30,
                  "?q=" + "x" * 500):
        response = staff.get(REVIEW + query)
        assert response.status_code == 200, query
    assert "3 propositions à valider" in staff.get(REVIEW + "?page=99").get_data(as_text=True)
    response = staff.post(f"/coordination/propositions/{made[0].id}/approuver", data={
        "csrf_token": csrf(staff, REVIEW), "page": "abc", "q": "  " + "y" * 500})
    assert response.status_code == 302
    path, params = place_of(response)
    assert path == REVIEW and "page" not in params and params["q"] == ["y" * 100]


def test_a_page_past_the_end_shows_the_last_page(staff, session):
    made = drafts(session, 27)
    last = staff.get(REVIEW + "?page=7").get_data(as_text=True)
    assert "Page 2 sur 2" in last and f"/propositions/{made[26].id}/approuver" in last


@pytest.mark.parametrize("path", ["/coordination/?attente=", "/coordination/personnes?page=",
                                  REVIEW + "?page="])
def test_a_page_number_too_big_for_the_database_shows_the_last_page(staff, session, path):
    drafts(session, 2)
    assert staff.get(path + "9" * 30).status_code == 200
