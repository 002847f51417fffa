"""The home page: French first, English on request, accessible structure."""
import re

import factories


def test_home_is_in_french_by_default(client, session):
    factories.load_villiers(session)
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page
    assert "<h1>Bienvenue à Villiers !</h1>" in page
    assert "Les Nangues" in page
    assert "Comment ça marche" in page


def test_browser_language_english_is_honoured(client, session):
    factories.load_villiers(session)
    session.commit()
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "Welcome to Villiers!" in page
    assert "How it works" in page


def test_unsupported_browser_language_falls_back_to_french(client):
    page = client.get("/", headers={"Accept-Language": "de-DE,de"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_language_choice_is_remembered(client):
    response = client.get("/langue/en?next=/", headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "How it works" in page
    client.get("/langue/fr")
    assert "Comment ça marche" in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get("/langue/en", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_volunteer_count_only_counts_vetted_active_volunteers(client, session):
    factories.volunteer(session, vetting_status="approved")
    factories.volunteer(session, vetting_status="approved")
    factories.volunteer(session, vetting_status="pending")
    factories.volunteer(session, vetting_status="approved", status="withdrawn")
    session.commit()
    assert "2 bénévoles prêts à vous accueillir." in client.get("/").get_data(as_text=True)


def test_page_structure_is_accessible(client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<a class="skip-link" href="#contenu">Aller au contenu</a>', page)
    assert '<main id="contenu"' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'lang="en" hreflang="en">English</a>' in page
    assert page.count("<h1>") == 1


def test_health_check_answers_when_the_database_does(client):
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
