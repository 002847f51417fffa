"""The languages field: common languages as checkboxes named both ways, every other one in a
list; several values posted under one name; choices shown back after a failed submit."""
import re

import factories
from journeys import field_errors, submit, volunteer_form
from sqlalchemy import select

from web.models import Volunteer

URL = "/benevole/inscription"


def test_common_languages_are_checkboxes_and_the_others_one_list(client, session):
    factories.load_villiers(session)
    session.commit()
    html = client.get(URL).get_data(as_text=True)
    boxes = re.findall(r'<input type="checkbox" name="languages" value="(\w+)"', html)
    assert boxes == ["fr", "en", "ar", "uk", "prs", "ps", "fa", "tr", "es", "ru"]
    assert '<label for="languages-ar">arabe — <span lang="ar">العربية</span></label>' in html
    assert '<label for="languages-prs">dari — <span lang="fa-AF">دری</span></label>' in html
    other = html[html.index('<select name="languages" id="languages-autre">'):]
    other = other[:other.index("</select>")]
    assert '<label for="languages-autre">Autre langue</label>' in html
    assert '<option value="ta">tamoul — தமிழ்</option>' in other
    assert 'value="ar"' not in other  # a common language is not offered twice


def test_one_common_and_one_other_language_are_stored(client, session):
    factories.load_villiers(session)
    session.commit()
    response = submit(client, URL, volunteer_form(session, languages=["fr", "ta", ""]))
    assert response.status_code == 302
    assert session.scalars(select(Volunteer)).one().languages == ["fr", "ta"]


def test_choices_come_back_after_a_failed_submit_and_unknown_codes_are_refused(client, session):
    factories.load_villiers(session)
    session.commit()
    html = submit(client, URL, volunteer_form(session, languages=["ar", "ta"], charter=None)
                  ).get_data(as_text=True)
    assert re.search(r'value="ar" id="languages-ar" checked', html)
    assert re.search(r'value="ta" id="languages-ta" checked', html)  # shown as a checkbox now
    html = submit(client, URL, volunteer_form(session, languages=["xx"])).get_data(as_text=True)
    assert "languages" in field_errors(html)
    html = submit(client, URL, volunteer_form(session, languages=[""])).get_data(as_text=True)
    assert "Cochez au moins une langue." in html


def test_names_follow_the_readers_language(client, session):
    factories.load_villiers(session)
    session.commit()
    client.get("/langue/en")
    html = client.get(URL).get_data(as_text=True)
    assert '<label for="languages-ar">Arabic — <span lang="ar">العربية</span></label>' in html
    assert '<label for="languages-autre">' in html
