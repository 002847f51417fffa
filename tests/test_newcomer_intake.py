"""A newcomer fills the intake: the essentials (step 1) register them, the optional steps
2 to 4 come later from their page; validation, storage, confirmation, personal link."""
import re

import factories
from journeys import (
    csrf,
    field_errors,
    intake_in_steps,
    link_in,
    newcomer_form,
    outbox,
    submit,
)
from sqlalchemy import func, select

from web.models import Newcomer

URL = "/arrivee/inscription"


def _count(session):
    return session.scalar(select(func.count()).select_from(Newcomer))


def test_home_page_leads_to_the_intake_form(client, session):
    factories.load_villiers(session)
    session.commit()
    home = client.get("/").get_data(as_text=True)
    assert 'href="/arrivee/inscription">Je viens d\'arriver</a>' in home
    page = client.get(URL).get_data(as_text=True)
    assert "Je viens d'arriver à Villiers" in page
    assert '<option value="unknown">Je ne sais pas</option>' in page
    assert "Les Nangues" in page
    # Every input has a label pointing at it.
    import re
    ids = set(re.findall(r'<input[^>]* id="([^"]+)"', page)) - {"csrf_token"}
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', page))
    assert ids and ids <= labelled


def test_a_valid_intake_is_stored_and_confirmed(client, session):
    factories.load_villiers(session)
    session.commit()
    response = intake_in_steps(client, newcomer_form(session))
    assert response.status_code == 302
    newcomer = session.scalars(select(Newcomer)).one()
    session.refresh(newcomer)
    assert (newcomer.first_name, newcomer.email, newcomer.status) == (
        "Olena", "olena@example.org", "waiting")
    assert newcomer.neighbourhood.name == "Les Nangues"
    assert newcomer.languages == ["uk", "en"] and newcomer.interests == ["cuisine", "randonnee"]
    assert newcomer.availability == (1 << (5 * 3)) | (1 << (6 * 3 + 1))
    assert newcomer.practise_french is True and newcomer.birth_year == 1988
    assert newcomer.household == "children" and newcomer.buddy_gender is None
    assert newcomer.consent_at is not None and newcomer.locale == "fr"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Merci, Olena ! C\'est enregistré." in page
    assert "En attente" in page

    [welcome] = outbox(session, "newcomer_welcome")
    assert welcome.to_address == "olena@example.org" and welcome.locale == "fr"
    assert client.get(link_in(welcome)).status_code == 200


def test_errors_are_shown_beside_each_field_and_typed_values_kept(client, session):
    factories.load_villiers(session)
    session.commit()
    data = newcomer_form(session, email="olena-at-example", languages=[], consent=None,
                         phone="06 11 22 33 44")
    response = submit(client, URL, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert set(field_errors(html)) == {"email", "languages", "consent"}
    assert "Une adresse e-mail ressemble à nom@exemple.fr." in html
    assert "Sans votre accord, nous ne pouvons pas enregistrer votre demande." in html
    assert 'value="olena-at-example"' in html and 'value="06 11 22 33 44"' in html
    assert 'aria-describedby="email-erreur"' in html
    # The error summary comes first and takes the focus, without JavaScript.
    assert re.search(r'<div class="error-summary" role="alert" tabindex="-1" id="erreurs" '
                     r'autofocus>', html)
    assert _count(session) == 0


def test_errors_are_in_english_for_an_english_speaker(client, session):
    factories.load_villiers(session)
    session.commit()
    client.get("/langue/en")
    html = submit(client, URL, newcomer_form(session, consent=None)).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "Without your consent we cannot record your request." in html


def test_a_phone_number_alone_is_enough(client, session):
    factories.load_villiers(session)
    session.commit()
    response = submit(client, URL, newcomer_form(session, email="", phone="06 11 22 33 44"))
    assert response.status_code == 302
    newcomer = session.scalars(select(Newcomer)).one()
    assert newcomer.email is None and newcomer.phone == "06 11 22 33 44"
    assert newcomer.shared_contact == "phone"  # step 1 does not ask: the contact there is
    (welcome,) = outbox(session)  # without e-mail, the welcome goes by SMS
    assert (welcome.channel, welcome.to_address) == ("sms", "+33611223344")
    # Without e-mail, the page says the link came by SMS and shows the short link to keep.
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nous vous avons envoyé un SMS avec le lien de cette page." in page
    assert f"/l/{newcomer.link_code}</code>" in page


def test_no_contact_at_all_is_refused(client, session):
    factories.load_villiers(session)
    session.commit()
    html = submit(client, URL, newcomer_form(session, email="", phone="")).get_data(as_text=True)
    assert "Donnez un numéro de téléphone ou une adresse e-mail." in html
    assert _count(session) == 0


def test_unknown_neighbourhood_asks_for_a_street(client, session):
    factories.load_villiers(session)
    session.commit()
    html = submit(client, URL,
                  newcomer_form(session, neighbourhood="unknown")).get_data(as_text=True)
    assert "address_hint" in field_errors(html)
    response = submit(client, URL, newcomer_form(session, neighbourhood="unknown",
                                                 address_hint="rue Victor Hugo"))
    assert response.status_code == 302
    newcomer = session.scalars(select(Newcomer)).one()
    assert newcomer.neighbourhood_id is None and newcomer.address_hint == "rue Victor Hugo"


def test_a_form_without_csrf_token_is_refused(client, session):
    factories.load_villiers(session)
    session.commit()
    response = client.post(URL, data=newcomer_form(session))
    assert response.status_code == 400
    assert _count(session) == 0


def test_the_newcomer_edits_pauses_and_downloads(client, session, app):
    factories.load_villiers(session)
    session.commit()
    page_url = intake_in_steps(client, newcomer_form(session)).headers["Location"].split("?")[0]
    html = submit(client, page_url + "/profil",
                  newcomer_form(session, first_name="Olena M.", consent=None,
                                availability=["mon-evening"])).headers["Location"]
    newcomer = session.scalars(select(Newcomer)).one()
    session.refresh(newcomer)
    assert newcomer.first_name == "Olena M." and newcomer.availability == 1 << 2
    token = page_url.rsplit("/", 1)[1]
    client.post(page_url + "/pause", data={"action": "pause",
                                           "csrf_token": csrf(client, page_url)})
    session.refresh(newcomer)
    assert newcomer.status == "paused"
    assert "Reprendre ma recherche" in client.get(page_url).get_data(as_text=True)
    download = client.get(page_url + "/donnees")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.get_json()["first_name"] == "Olena M."
    assert "link_key" not in download.get_json()
    assert token and html


def test_withdraw_erases_everything(client, session, app):
    factories.load_villiers(session)
    session.commit()
    page_url = submit(client, URL, newcomer_form(session)).headers["Location"].split("?")[0]
    assert "Oui, tout effacer" in client.get(page_url + "/supprimer").get_data(as_text=True)
    response = client.post(page_url + "/supprimer", data={
        "confirm": "yes", "csrf_token": csrf(client, page_url + "/supprimer")})
    assert "Vos données sont effacées" in response.get_data(as_text=True)
    session.expire_all()
    assert _count(session) == 0
    assert outbox(session) == []
    # The old link now leads to an explanation, never to data.
    gone = client.get(page_url)
    assert gone.status_code == 404 and "Ce lien ne fonctionne pas" in gone.get_data(as_text=True)
