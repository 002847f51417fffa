"""The weekly e-mail "Cette semaine à Villiers": once a week, to waiting newcomers with an
e-mail address who did not unsubscribe, in their language."""
import re
from datetime import timedelta
from typing import Any

import factories
import pytest
from conftest import NOW
from journeys import outbox, regex_group
from sqlalchemy import select
from suggestion_helpers import small_programme

from jobs.local_life import weekly_digest
from jobs.registry import find
from web.models import Newcomer

TUE_AFTERNOON = 1 << 4


@pytest.fixture
def town(session):
    small_programme(session)
    hoods = factories.load_villiers(session)
    people = {}
    #: first name -> the newcomer's fields that differ from Amina's
    differences: dict[str, dict[str, Any]] = {
        "amina": {},
        "olena": {"locale": "en"},
        "paused": {"status": "paused"},
        "matched": {"status": "matched"},
        "phone": {"email": None, "phone": "06 00 00 00 00"},
        "no_thanks": {"weekly_digest": False},
    }
    for name, fields in differences.items():
        people[name] = factories.newcomer(session, first_name=name.title(),
                                          interests=["cafe-rencontre"],
                                          availability=TUE_AFTERNOON,
                                          neighbourhood_id=hoods["les-nangues"].id, **fields)
    session.commit()
    return people


def _digests(session):
    return outbox(session, "weekly_digest")


def test_sent_once_a_week_to_waiting_newcomers_with_an_e_mail(app, session, town):
    spec = find("weekly-digest")
    assert spec is not None and spec.func == "jobs.local_life:weekly_digest"
    summary = weekly_digest(now=NOW, app=app)
    assert summary == {"week": "2026-W48", "sent": 2, "nothing_to_send": 0}
    mails = {m.to_name: m for m in _digests(session)}
    assert set(mails) == {"Amina", "Olena"}

    fr, en = mails["Amina"], mails["Olena"]
    assert fr.locale == "fr" and fr.subject == "Cette semaine à Villiers"
    assert "Café-rencontre des Nangues" in fr.body and "12 rue des Nangues" in fr.body
    assert re.search(r"mardi 24 novembre, 14:00 – 16:00", fr.body)
    assert "Dans votre quartier" in fr.body
    assert en.locale == "en" and "Tuesday 24 November, 2:00" in en.body
    assert "In your neighbourhood" in en.body

    # The same week again, even later in the week: nothing new.
    assert weekly_digest(now=NOW + timedelta(days=4), app=app)["sent"] == 0
    assert len(_digests(session)) == 2
    # Next week: again.
    assert weekly_digest(now=NOW + timedelta(days=7), app=app)["sent"] == 2
    assert len(_digests(session)) == 4


def test_the_unsubscribe_link_stops_it(app, client, session, town):
    weekly_digest(now=NOW, app=app)
    mail = next(m for m in _digests(session) if m.to_name == "Amina")
    link = regex_group(r"http://[^/\s]+(/arrivee/\S+/lettre/desabonnement)", mail.body)
    page = client.get(link)
    assert page.status_code == 200 and "Ne plus recevoir cet e-mail" in page.get_data(True)
    token = regex_group(r'name="csrf_token" value="([^"]+)"', page.get_data(True))
    done = client.post(link, data={"csrf_token": token})
    assert "vous ne recevrez plus" in done.get_data(True)
    session.expire_all()
    assert session.scalar(select(Newcomer.weekly_digest).where(Newcomer.first_name == "Amina")) \
        is False
    weekly_digest(now=NOW + timedelta(days=7), app=app)
    assert [m.to_name for m in _digests(session)].count("Amina") == 1


def test_nobody_gets_an_empty_e_mail(app, session):
    factories.load_villiers(session)
    factories.newcomer(session)
    session.commit()
    assert weekly_digest(now=NOW, app=app) == {"week": "2026-W48", "sent": 0,
                                               "nothing_to_send": 1}
    assert _digests(session) == []


def test_the_profile_page_turns_it_off_and_on(client, session, town):
    from journeys import newcomer_form, submit

    from web.services.links import LinkSettings, make_token

    amina = town["amina"]
    page = "/arrivee/" + make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), amina)
    html = client.get(f"{page}/profil").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="weekly_digest"|name="weekly_digest"[^>]*checked',
                     html)
    assert 'name="weekly_digest"' not in client.get("/arrivee/inscription").get_data(True)
    form = newcomer_form(session, consent=None, email=amina.email)
    assert submit(client, f"{page}/profil", form).status_code == 302
    session.expire_all()
    assert session.get(Newcomer, amina.id).weekly_digest is False
    submit(client, f"{page}/profil", {**form, "weekly_digest": "y"})
    session.expire_all()
    assert session.get(Newcomer, amina.id).weekly_digest is True
