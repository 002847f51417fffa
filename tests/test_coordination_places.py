"""Coordinators keep places and activities up to date: forms, schedules, occurrences."""
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import factories
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator, neighbourhood_id
from sqlalchemy import select

from web.models import Activity, AuditEntry, Neighbourhood, Place
from web.services import occurrences
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"


@pytest.fixture
def staff(client, session, monkeypatch):
    """The client logged in through the login page, the town loaded, the pages' clock at
    NOW (Monday 23 November 2026, 10:00 in Villiers)."""
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    factories.load_villiers(session)
    create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    session.commit()
    return log_in_coordinator(client, "ines@villiers.example", PASSWORD)


def send(client, url, data, page=None):
    """Post `data` to `url` with the CSRF token of the form on `page` (default: `url`)."""
    return client.post(url, data={**data, "csrf_token": csrf(client, page or url)})


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def actions(session) -> list[str]:
    return session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type.in_(("place", "activity"))).order_by(AuditEntry.id)).all()


def place_form(session, **overrides) -> dict:
    data = {"name": "Maison de quartier des Nangues", "kind": "maison_de_quartier",
            "neighbourhood": neighbourhood_id(session, "Les Nangues"),
            "address": "3 rue des Nangues", "lat": "", "lon": "",
            "opening_hours": "Du mardi au samedi", "languages": ["fr", "ar"],
            "step_free": "yes", "contact": "01 23 45 67 89",
            "website": "https://mdq-nangues.example", "description": "Un lieu ouvert à tous."}
    data.update(overrides)
    return data


def activity_form(**overrides) -> dict:
    data = {"title": "Café-rencontre", "description": "Un café pour se rencontrer.",
            "kind": "cafe_rencontre", "place": "", "interests": ["cuisine"],
            "languages": ["fr"], "audience": "everyone", "price_mode": "free", "price": "",
            "capacity": "", "url": "", "mode": "weekly", "first_date": "2026-11-23",
            "start": "14:00", "end": "16:00", "days": ["TU", "TH"], "ordinal": "1",
            "until": ""}
    data.update(overrides)
    return data


def new_place(session, name="Maison de quartier des Nangues") -> Place:
    nangues = session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Les Nangues"))
    place = Place(slug=name.lower().replace(" ", "-"), name=name, kind="maison_de_quartier",
                  neighbourhood_id=nangues.id, lat=nangues.lat, lon=nangues.lon)
    session.add(place)
    session.commit()
    return place


def create_activity(staff, session, **overrides) -> Activity:
    url = "/coordination/activites/nouvelle"
    response = send(staff, url, activity_form(**overrides))
    assert response.status_code == 302, text_of(response)
    return session.scalars(select(Activity).order_by(Activity.id.desc())).first()


def test_place_with_a_bad_website_names_the_field_and_keeps_the_text(staff, session):
    url = "/coordination/lieux/nouveau"
    page = send(staff, url, place_form(session, website="javascript:alert(1)", lat="48,9"))
    html = text_of(page)
    assert page.status_code == 400
    assert "Site web : Indiquez une adresse qui commence par https://" in html
    assert "Latitude (facultatif) : Donnez la latitude et la longitude" in html \
        or "Longitude (facultatif) : Donnez la latitude et la longitude" in html
    assert 'value="javascript:alert(1)"' in html
    assert 'value="Maison de quartier des Nangues"' in html
    assert session.scalars(select(Place)).all() == []

    assert send(staff, url, place_form(session)).status_code == 302
    assert send(staff, url, place_form(session, lat="48,95", lon="2.4")).status_code == 302
    first, second = session.scalars(select(Place).order_by(Place.id)).all()
    nangues = session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Les Nangues"))
    assert (first.slug, second.slug) == ("maison-de-quartier-des-nangues",
                                         "maison-de-quartier-des-nangues-2")
    assert (first.lat, first.lon) == (nangues.lat, nangues.lon)
    assert (second.lat, second.lon) == (48.95, 2.4)
    assert (first.languages, first.step_free, first.website) == (
        ["fr", "ar"], True, "https://mdq-nangues.example")
    listing = text_of(staff.get("/coordination/lieux"))
    assert "Les Nangues" in listing and re.search(r"0 séances? à venir", listing)

    edit = f"/coordination/lieux/{first.id}"
    assert 'value="3 rue des Nangues"' in text_of(staff.get(edit))
    assert send(staff, edit, place_form(session, name="MdQ des Nangues", step_free="unknown",
                                        languages=[])).status_code == 302
    session.expire_all()
    place = session.get(Place, first.id)
    assert (place.name, place.slug, place.step_free, place.languages) == (
        "MdQ des Nangues", "maison-de-quartier-des-nangues", None, [])
    assert actions(session) == ["place.created", "place.created", "place.updated"]


def test_weekly_activity_keeps_its_hours_across_the_daylight_saving_change(staff, session):
    place = new_place(session)
    activity = create_activity(staff, session, place=str(place.id), first_date="2027-03-15",
                               until="2027-06-30")
    assert activity.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630T235959"
    assert (activity.starts_at, activity.duration_minutes) == (datetime(2027, 3, 16, 14), 120)
    assert activity.timezone == "Europe/Paris" and activity.source == "coordinator"
    found = occurrences.expand(activity, datetime(2027, 3, 22, tzinfo=UTC),
                               datetime(2027, 4, 3, tzinfo=UTC))
    # Summer time starts on Sunday 28 March 2027: 14:00 in Villiers is 13:00, then 12:00 UTC.
    assert [o.start.astimezone(UTC).strftime("%a %d %H:%M") for o in found] == [
        "Tue 23 13:00", "Thu 25 13:00", "Tue 30 12:00", "Thu 01 12:00"]
    assert {(o.start.hour, o.end.hour) for o in found} == {(14, 16)}

    edit = text_of(staff.get(f"/coordination/activites/{activity.id}/modifier"))
    checked = set(re.findall(r'<input checked[^>]*name="days"[^>]*value="(\w\w)"', edit))
    assert checked == {"TU", "TH"}
    assert 'value="14:00"' in edit and 'value="16:00"' in edit and 'value="2027-06-30"' in edit
    page = text_of(staff.get(f"/coordination/activites/{activity.id}"))
    assert "Chaque mardi, jeudi, de 14:00 à 16:00" in page


def test_monthly_and_one_off_schedules_become_rules(staff, session):
    monthly = create_activity(staff, session, title="Conseil de quartier",
                              kind="neighbourhood_council", mode="monthly", days=["TH"],
                              ordinal="1", first_date="2026-12-01", start="18:30", end="20:00")
    assert (monthly.rrule, monthly.starts_at) == ("FREQ=MONTHLY;BYDAY=1TH",
                                                  datetime(2026, 12, 3, 18, 30))
    once = create_activity(staff, session, title="Fête des voisins", kind="culture",
                           mode="once", days=[], first_date="2026-12-12", start="10:00",
                           end="12:30", price_mode="paid", price="3,50", capacity="40")
    assert (once.rrule, once.starts_at, once.duration_minutes) == (
        None, datetime(2026, 12, 12, 10), 150)
    assert (once.price_cents, once.capacity) == (350, 40)
    assert "Chaque mois, le 1er jeudi" in text_of(
        staff.get(f"/coordination/activites/{monthly.id}"))


def test_activity_form_errors_name_the_fields_and_keep_the_text(staff, session):
    url = "/coordination/activites/nouvelle"
    page = send(staff, url, activity_form(title="Atelier couture", price_mode="paid",
                                          price="trois euros", days=[], end="13:00",
                                          capacity="-2"))
    html = text_of(page)
    assert page.status_code == 400
    for expected in ("Prix en euros : Indiquez le prix en euros",
                     "Nombre de places (facultatif) : Un nombre entier de places",
                     "Heure de fin : L'heure de fin doit être après l'heure de début.",
                     "Jours : Cochez au moins un jour."):
        assert expected in html
    assert 'value="Atelier couture"' in html and 'value="trois euros"' in html
    assert session.scalars(select(Activity)).all() == []


def test_cancel_one_occurrence_then_restore_it(staff, session):
    activity = create_activity(staff, session)
    key = f"{activity.id}-20261124T1400"
    page = text_of(staff.get(f"/coordination/activites/{activity.id}"))
    assert "mardi 24 novembre 2026, 14:00" in page and "Annuler cette séance" in page

    url = f"/coordination/activites/{activity.id}/seances/{key}/annuler"
    form_page = f"/coordination/activites/{activity.id}"
    refused = send(staff, url, {f"annuler-{key}-reason": "  "}, form_page)
    assert refused.status_code == 400
    assert "Indiquez la raison" in text_of(refused)

    asked = send(staff, url, {f"annuler-{key}-reason": "Salle indisponible"}, form_page)
    assert "Annuler la séance du mardi 24 novembre 2026, 14:00 ?" in text_of(asked)
    assert len(occurrences.upcoming(session, NOW, NOW + timedelta(days=7))) == 2
    done = send(staff, url, {f"annuler-{key}-reason": "Salle indisponible", "confirm": "yes"},
                form_page)
    assert done.status_code == 302
    session.expire_all()
    week = occurrences.upcoming(session, NOW, NOW + timedelta(days=7))
    assert [o.start.day for o, _a in week] == [26]
    page = text_of(staff.get(f"/coordination/activites/{activity.id}"))
    assert "Annulée" in page and "Raison : Salle indisponible" in page

    restore = f"/coordination/activites/{activity.id}/seances/{key}/retablir"
    assert send(staff, restore, {}, form_page).status_code == 302
    session.expire_all()
    week = occurrences.upcoming(session, NOW, NOW + timedelta(days=7))
    assert [o.start.day for o, _a in week] == [24, 26]
    assert actions(session) == ["activity.created", "activity.occurrence_cancelled",
                                "activity.occurrence_restored"]


def test_move_one_occurrence(staff, session):
    activity = create_activity(staff, session)
    url = f"/coordination/activites/{activity.id}/seances/{activity.id}-20261126T1400/deplacer"
    form = text_of(staff.get(url))
    assert 'value="2026-11-26"' in form and 'value="14:00"' in form and 'value="16:00"' in form
    too_far = send(staff, url, {"date": "2027-03-01", "start": "10:00", "end": "12:00"})
    assert too_far.status_code == 400
    assert "60 jours au plus" in text_of(too_far)
    moved = send(staff, url, {"date": "2026-11-27", "start": "10:00", "end": "11:30",
                              "note": "Jeudi férié"})
    assert moved.status_code == 302
    week = occurrences.upcoming(session, NOW, NOW + timedelta(days=7))
    last = week[-1][0]
    assert (last.start.replace(tzinfo=None), last.end.replace(tzinfo=None), last.moved,
            last.note) == (datetime(2026, 11, 27, 10), datetime(2026, 11, 27, 11, 30), True,
                           "Jeudi férié")
    assert "Déplacée" in text_of(staff.get(f"/coordination/activites/{activity.id}"))


def test_place_an_unplaced_import(staff, session):
    place = new_place(session)
    imported = Activity(title="Atelier vélo", kind="workshop", source="ical",
                        source_uid="velo@asso.example", location_text="Garage solidaire",
                        starts_at=datetime(2026, 12, 5, 10), rrule="FREQ=WEEKLY;COUNT=6")
    session.add(imported)
    session.commit()
    assert imported.needs_place
    listing = text_of(staff.get("/coordination/activites?a_placer=1"))
    assert "Atelier vélo" in listing and "Garage solidaire" in listing
    assert "Atelier vélo" not in text_of(staff.get(f"/coordination/activites?lieu={place.id}"))
    assert re.search(r"1 activités? à placer", text_of(staff.get("/coordination/lieux")))

    page = f"/coordination/activites/{imported.id}"
    url = f"{page}/lieu"
    assert send(staff, url, {"lieu-place": ""}, page).status_code == 400
    assert send(staff, url, {"lieu-place": str(place.id)}, page).status_code == 302
    session.expire_all()
    row = session.get(Activity, imported.id)
    assert (row.place_id, row.needs_place, row.location_text) == (
        place.id, False, "Garage solidaire")
    assert "Atelier vélo" not in text_of(staff.get("/coordination/activites?a_placer=1"))
    assert actions(session) == ["activity.placed"]


def test_an_imported_rule_the_form_cannot_write_is_kept(staff, session):
    imported = Activity(title="Marche", kind="outing", source="ical", source_uid="marche",
                        starts_at=datetime(2026, 12, 5, 10), rrule="FREQ=WEEKLY;COUNT=6")
    session.add(imported)
    session.commit()
    url = f"/coordination/activites/{imported.id}/modifier"
    form = text_of(staff.get(url))
    assert "FREQ=WEEKLY;COUNT=6" in form and "Garder la règle importée" in form
    data = activity_form(title="Marche au bois de Gaumont", kind="outing", mode="keep",
                         first_date="", start="", end="", days=[])
    assert send(staff, url, data).status_code == 302
    session.expire_all()
    row = session.get(Activity, imported.id)
    assert (row.title, row.rrule, row.starts_at) == (
        "Marche au bois de Gaumont", "FREQ=WEEKLY;COUNT=6", datetime(2026, 12, 5, 10))


def test_cancel_the_whole_activity_and_restore_it(staff, session):
    activity = create_activity(staff, session)
    page = f"/coordination/activites/{activity.id}"
    asked = send(staff, f"{page}/annuler", {}, page)
    assert asked.status_code == 200 and "Annuler l'activité « Café-rencontre » ?" in text_of(asked)
    assert len(occurrences.upcoming(session, NOW, NOW + timedelta(days=7))) == 2
    assert send(staff, f"{page}/annuler", {"confirm": "yes"}, page).status_code == 302
    assert occurrences.upcoming(session, NOW, NOW + timedelta(days=7)) == []
    link = f'href="/coordination/activites/{activity.id}">Café-rencontre</a>'
    assert link in text_of(staff.get("/coordination/activites?statut=annulees"))
    assert link not in text_of(staff.get("/coordination/activites?statut=prevues"))
    assert "Rétablir l'activité" in text_of(staff.get(page))
    assert send(staff, f"{page}/retablir", {}, page).status_code == 302
    session.expire_all()
    assert len(occurrences.upcoming(session, NOW, NOW + timedelta(days=7))) == 2
    assert actions(session)[-2:] == ["activity.cancelled", "activity.restored"]


def test_unknown_ids_and_bad_keys_are_not_found(staff, session):
    activity = create_activity(staff, session)
    base = f"/coordination/activites/{activity.id}/seances"
    huge = "9" * 30
    for url in (f"/coordination/lieux/{huge}", "/coordination/lieux/2147483648",
                f"/coordination/activites/{huge}", f"/coordination/activites/{huge}/modifier",
                "/coordination/activites/999999", f"{base}/n'importe-quoi/deplacer",
                f"{base}/{activity.id}-20261125T1400/deplacer",  # a Wednesday: no occurrence
                f"{base}/{activity.id + 1}-20261124T1400/deplacer",
                f"{base}/999999999999-20261124T1400/deplacer",
                f"{base}/{activity.id}-20261324T1400/deplacer"):
        assert staff.get(url).status_code == 404, url
    page = f"/coordination/activites/{activity.id}"
    assert send(staff, f"{base}/{huge}-20261124T1400/annuler", {}, page).status_code == 404
    assert send(staff, f"/coordination/activites/{activity.id}/lieu",
                {"lieu-place": huge}, page).status_code in (400, 404)
    assert staff.get("/coordination/activites?lieu=" + huge + "&type=zz&page=x").status_code == 200


def test_visitors_who_are_not_logged_in_go_to_the_login_page(client, session):
    for url in ("/coordination/lieux", "/coordination/lieux/nouveau",
                "/coordination/activites", "/coordination/activites/1"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/coordination/connexion" in response.headers["Location"]
    response = client.post("/coordination/activites/1/annuler")
    assert response.status_code in (302, 400)
    assert session.scalars(select(AuditEntry)).all() == []
