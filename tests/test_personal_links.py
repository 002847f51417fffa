"""Personal links: they open one's own page only, expire, and can be sent again."""
from datetime import timedelta

import factories
from conftest import NOW
from journeys import link_in, outbox, submit

from web.services.links import LinkSettings, make_token

SETTINGS = LinkSettings("test-secret-key", 30)


def _token(person, when=NOW):
    return make_token(SETTINGS, when, person)


def test_a_valid_link_opens_the_persons_own_page(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    session.commit()
    page = client.get(f"/arrivee/{_token(newcomer, NOW.now(NOW.tzinfo))}")
    assert page.status_code == 200
    assert "Bonjour Aïcha" in page.get_data(as_text=True)


def test_an_expired_link_says_so_and_offers_a_new_one(client, session):
    today = NOW.now(NOW.tzinfo)
    newcomer = factories.newcomer(session, email=None, phone="06 12 34 56 78",
                                  last_active_at=today - timedelta(days=91))
    session.commit()
    old = _token(newcomer, today - timedelta(days=91))
    response = client.get(f"/arrivee/{old}")
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "Ce lien a expiré" in html and 'href="/mon-lien"' in html
    assert "par e-mail ou par SMS" in html and "01 23 45 67 89" in html
    assert "il arrive par e-mail" not in html
    assert newcomer.first_name not in html


def test_a_link_lives_as_long_as_it_is_used(client, session):
    today = NOW.now(NOW.tzinfo)
    newcomer = factories.newcomer(session, last_active_at=today - timedelta(days=80))
    session.commit()
    token = _token(newcomer, today - timedelta(days=200))  # an old link, used lately
    assert client.get(f"/arrivee/{token}").status_code == 200
    session.refresh(newcomer)
    assert newcomer.last_active_at.replace(tzinfo=None) > (today - timedelta(minutes=5)).replace(
        tzinfo=None)  # the visit renewed it


def test_a_link_stops_when_the_person_withdraws(client, session):
    newcomer = factories.newcomer(session, status="withdrawn")
    session.commit()
    assert client.get(f"/arrivee/{_token(newcomer, NOW.now(NOW.tzinfo))}").status_code == 404


def test_a_tampered_link_shows_nobody(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    session.commit()
    token = _token(newcomer, NOW.now(NOW.tzinfo))
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, "nimportequoi", token + "x"):
        response = client.get(f"/arrivee/{bad}")
        assert response.status_code == 404
        assert "Aïcha" not in response.get_data(as_text=True)


def test_a_newcomer_link_never_opens_a_volunteer_page(client, session):
    newcomer = factories.newcomer(session)
    volunteer = factories.volunteer(session)
    session.commit()
    assert newcomer.id == volunteer.id  # same id, other kind: only the kind tells them apart
    response = client.get(f"/benevole/{_token(newcomer, NOW.now(NOW.tzinfo))}")
    assert response.status_code == 404
    assert volunteer.first_name not in response.get_data(as_text=True)


def test_a_link_signed_with_another_secret_is_refused(client, session):
    newcomer = factories.newcomer(session)
    session.commit()
    foreign = make_token(LinkSettings("another-secret", 30), NOW.now(NOW.tzinfo), newcomer)
    assert client.get(f"/arrivee/{foreign}").status_code == 404


def test_changing_the_link_key_revokes_old_links(client, session):
    newcomer = factories.newcomer(session)
    session.commit()
    token = _token(newcomer, NOW.now(NOW.tzinfo))
    newcomer.link_key = "revoked-key"
    session.commit()
    assert client.get(f"/arrivee/{token}").status_code == 404


def test_find_my_link_sends_a_new_one_to_a_known_address(client, session):
    newcomer = factories.newcomer(session, email="olena@example.org", first_name="Olena")
    volunteer = factories.volunteer(session, email="OLENA@example.org")
    session.commit()
    response = submit(client, "/mon-lien", {"contact": " Olena@Example.org "})
    assert "Regardez vos e-mails" in response.get_data(as_text=True)
    messages = outbox(session, "link")
    assert len(messages) == 2 and {m.person_type for m in messages} == {"newcomer", "volunteer"}
    session.expire_all()  # the request gave both people a new link key
    page = link_in(next(m for m in messages if m.person_type == "newcomer"))
    assert "Bonjour Olena" in client.get(page).get_data(as_text=True)
    assert volunteer.id and newcomer.id
