"""Short personal links /l/<code>: they open one's page, expire with disuse, resist guessing."""
import re
from datetime import timedelta

import factories
import pytest
from conftest import NOW

from web.models.people import LINK_CODE_ALPHABET, LINK_CODE_LENGTH, Newcomer, Volunteer
from web.services.links import CODE_ALPHABET
from web.services.people import revoke_links

TODAY = NOW.now(NOW.tzinfo)


def _code(person: Newcomer | Volunteer) -> str:
    """The person's short-link code: everyone is given one at registration."""
    assert person.link_code is not None
    return person.link_code


def test_codes_are_long_unambiguous_and_created_at_registration(session):
    people = [factories.newcomer(session) for _ in range(20)]
    codes = {_code(p) for p in people}
    assert len(codes) == 20
    assert all(len(c) == LINK_CODE_LENGTH and set(c) <= set(LINK_CODE_ALPHABET) for c in codes)
    assert not set("0o1li") & set(CODE_ALPHABET)
    assert len(CODE_ALPHABET) ** LINK_CODE_LENGTH >= 2 ** 50


def test_a_short_link_opens_the_persons_page(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    volunteer = factories.volunteer(session, first_name="Claire")
    session.commit()
    response = client.get(f"/l/{newcomer.link_code}")
    assert response.status_code == 302 and "/arrivee/" in response.headers["Location"]
    assert "Bonjour Aïcha" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/benevole/" in client.get(f"/l/{_code(volunteer).upper()}").headers["Location"]


def test_an_unknown_code_gets_the_same_404_page(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    session.commit()
    pages = [client.get(f"/l/{code}") for code in
             ("2" * LINK_CODE_LENGTH, "abc", "0000000000o", _code(newcomer)[:-1] + "z")]
    assert {p.status_code for p in pages} == {404}
    # the same page; only the language menu's way back (?next=/l/...) names the address typed
    assert len({re.sub(r"next=/l/\w+", "", p.get_data(as_text=True)) for p in pages}) == 1
    assert "Aïcha" not in pages[0].get_data(as_text=True)


def test_a_short_link_expires_after_long_disuse_and_with_revocation(client, session):
    idle = factories.newcomer(session, last_active_at=TODAY - timedelta(days=91))
    revoked = factories.newcomer(session)
    old_code = revoked.link_code
    revoke_links(revoked)
    session.commit()
    expired = client.get(f"/l/{idle.link_code}")
    assert expired.status_code == 410 and "Ce lien a expiré" in expired.get_data(as_text=True)
    assert client.get(f"/l/{old_code}").status_code == 404
    assert client.get(f"/l/{revoked.link_code}").status_code == 302


def test_guessing_is_rate_limited_per_address(client, session):
    newcomer = factories.newcomer(session)
    session.commit()
    statuses = [client.get(f"/l/{'2' * LINK_CODE_LENGTH}").status_code for _ in range(30)]
    assert set(statuses) == {404}
    assert client.get(f"/l/{newcomer.link_code}").status_code == 429  # even a good code
    other = client.get(f"/l/{newcomer.link_code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302


def test_the_welcome_sheet_has_the_short_link_its_qr_code_and_the_nearest_maison(client, session):
    from journeys import log_in_coordinator

    from web.models import Place
    from web.services.accounts import create_coordinator
    from web.services.links import LinkSettings, make_token

    places = factories.load_villiers(session)
    nangues = places["les-nangues"]
    session.add_all([
        Place(slug="mq-loin", name="Maison des Tilleuls", kind="maison_de_quartier",
              address="1 place Loin", lat=48.90, lon=2.70),
        Place(slug="mq-nangues", name="Maison des Nangues", kind="maison_de_quartier",
              neighbourhood_id=nangues.id, address="12 rue des Nangues",
              opening_hours="Lundi au vendredi, 9 h – 18 h")])
    newcomer = factories.newcomer(session, first_name="Olena", email=None,
                                  phone="06 12 34 56 78", neighbourhood_id=nangues.id)
    create_coordinator(session, NOW, "coord@example.org", "un mot de passe assez long")
    session.commit()
    token = make_token(LinkSettings("test-secret-key"), TODAY, newcomer)
    page = client.get(f"/arrivee/{token}").get_data(as_text=True)
    assert f"/l/{newcomer.link_code}" in page and 'role="img" aria-label="Code QR' in page
    html = client.get(f"/arrivee/{token}/fiche").get_data(as_text=True)
    code = _code(newcomer)
    assert "Olena" in html and f"{code[:3]} {code[3:6]} {code[6:9]} {code[9:]}" in html
    assert f'<svg role="img" aria-label="http://localhost/l/{code}"' in html
    assert "01 23 45 67 89" in html
    assert "Maison des Nangues" in html and "12 rue des Nangues" in html and "9 h" in html
    assert "Maison des Tilleuls" not in html

    staff = log_in_coordinator(app_client(client), "coord@example.org",
                               "un mot de passe assez long")
    person = staff.get(f"/coordination/arrivants/{newcomer.id}").get_data(as_text=True)
    assert f"/coordination/arrivants/{newcomer.id}/fiche" in person
    opened = staff.get(f"/coordination/arrivants/{newcomer.id}/fiche", follow_redirects=True)
    assert opened.status_code == 200 and "Maison des Nangues" in opened.get_data(as_text=True)


def app_client(client):
    """Another browser on the same app."""
    return client.application.test_client()


@pytest.mark.browser
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_welcome_sheet_fits_a_small_phone_and_prints_on_one_page(live_server, session, phone):
    from web.services.links import LinkSettings, make_token

    places = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Olena",
                                  neighbourhood_id=places["les-nangues"].id)
    session.commit()
    phone.set_viewport_size({"width": 320, "height": 640})
    token = make_token(LinkSettings("test-secret-key"), TODAY, newcomer)
    for path in (f"/arrivee/{token}", f"/arrivee/{token}/fiche"):
        phone.goto(live_server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    phone.emulate_media(media="print")
    phone.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    height = phone.evaluate("document.querySelector('.welcome-sheet')"
                            ".getBoundingClientRect().bottom"
                            " + window.scrollY")
    print(f"welcome sheet height in print: {height:.0f} px")
    assert height <= 1123 - 2 * 57, height  # 15 mm margins
