"""The coordinators' activity import page: upload, preview of every event, confirm."""
import io
import re
from pathlib import Path

import pytest
from conftest import NOW
from factories import load_villiers
from journeys import csrf, log_in_coordinator, regex_group
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from web.models import Activity, AuditEntry, Place
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
PAGE = "/coordination/activites/import"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def logged_in(client, session, monkeypatch):
    """The client logged in through the login form, with the pages' clock at NOW."""
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    load_villiers(session)
    session.add(Place(slug="maison-de-quartier-des-nangues", name="Maison de quartier des Nangues",
                      address="12 rue des Nangues, 94350 Villiers", kind="maison_de_quartier"))
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def upload(client, content: bytes, name: str, fmt: str = ""):
    boundary, body = encode_multipart({
        "csrf_token": csrf(client, PAGE), "format": fmt,
        "file": FileStorage(io.BytesIO(content), name, content_type="application/octet-stream")})
    return client.post(PAGE, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def confirm(client, preview: str):
    token = regex_group(r'name="csrf_token"[^>]*value="([^"]+)"', preview)
    return client.post(PAGE + "/confirmer", data={"csrf_token": token})


def activities(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Activity))


def test_preview_lists_every_event_then_confirm_imports_them(logged_in, session):
    assert "Import d'activités" in logged_in.get("/coordination/").get_data(as_text=True)
    response = upload(logged_in, (DATA / "asso-villiers.ics").read_bytes(), "agenda.ics")
    preview = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'<tr class="import-row">', preview)) == 5
    assert "5 activités prêtes à être importées." in preview
    assert "À placer" in preview and "Salle des fêtes, 3 av. Jean Jaurès" in preview
    assert "FREQ=WEEKLY;UNTIL=20261231T235959;BYDAY=TU" in preview
    assert "(America/Montreal)" in preview and "journée entière" in preview
    assert activities(session) == 0  # nothing before the confirmation
    done = confirm(logged_in, preview)
    assert done.status_code == 302
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Import terminé : 5 nouvelles, 0 mises à jour, 0 inchangées, 2 à placer." in page
    assert activities(session) == 5
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "activities.imported")).one()
    assert entry.coordinator_id is not None and entry.details["new"] == 5
    assert entry.details["file"] == "agenda.ics"
    # the same confirmation twice imports nothing more
    confirm(logged_in, preview)
    assert activities(session) == 5
    # the same file again: every row "Inchangée"
    again = upload(logged_in, (DATA / "asso-villiers.ics").read_bytes(), "agenda.ics")
    assert again.get_data(as_text=True).count('<td data-label="Import">Inchangée</td>') == 5


def test_openagenda_and_csv_through_the_page(logged_in, session):
    preview = upload(logged_in, (DATA / "openagenda-villiers.json").read_bytes(), "export",
                     fmt="openagenda").get_data(as_text=True)
    assert "lu comme OpenAgenda (.json)" in preview and "4 activités prêtes" in preview
    confirm(logged_in, preview)
    preview = upload(logged_in, (DATA / "activites-villiers.csv").read_bytes(),
                     "activites.csv").get_data(as_text=True)
    assert "Encodage CP1252, colonnes séparées par « ; »." in preview
    assert "Cours de français pour débutants" in preview
    confirm(logged_in, preview)
    assert activities(session) == 7


def test_a_bad_file_lists_each_problem_and_writes_nothing(logged_in, session):
    bad = (DATA / "asso-villiers.ics").read_text(encoding="utf-8")
    bad = bad.replace("DTSTART;TZID=America/Montreal:20261205T100000\n", "")
    bad = bad.replace("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T225959Z",
                      "RRULE:FREQ=WEEKLY;BYDAY=<b>XX</b>")
    response = upload(logged_in, bad.encode(), "agenda.ics")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = re.findall(r'<tr class="import-error"><td[^>]*>([^<]*)</td>'
                        r'<td[^>]*><code>([^<]*)', page)
    assert ("événement &#34;yoga-montreal@asso.fr&#34;", "DTSTART") in errors
    assert ("événement &#34;cafe-42@asso.fr&#34;", "RRULE") in errors
    assert "<b>XX" not in page  # what the file says is escaped
    assert "2 erreurs : rien n'a été enregistré" in page
    assert "Confirmer l'import" not in page
    # no file was kept for a confirmation: confirming now imports nothing
    assert confirm(logged_in, page).status_code == 302
    assert activities(session) == 0


@pytest.mark.parametrize("content, name, expected", [
    (b"\x00\xff\xfe garbage" * 50, "agenda.ics", "ce fichier n&#39;est pas un fichier texte"),
    (b'{"events": [', "export.json", "ce n&#39;est pas un fichier JSON lisible"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf\xe9\r\n", "agenda.ics",
     "le fichier n&#39;est pas en UTF-8"),
])
def test_unreadable_files_get_a_page_not_an_error(logged_in, session, content, name, expected):
    response = upload(logged_in, content, name)
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)
    assert activities(session) == 0


def test_size_limit_and_missing_file(logged_in):
    too_big = upload(logged_in, b"x" * (2 * 1024 * 1024 + 1), "gros.csv")
    assert too_big.status_code == 400
    assert "Le fichier dépasse 2 Mo." in too_big.get_data(as_text=True)
    boundary, body = encode_multipart({"csrf_token": csrf(logged_in, PAGE), "format": "csv"})
    missing = logged_in.post(PAGE, data=body,
                             content_type=f"multipart/form-data; boundary={boundary}")
    assert missing.status_code == 400
    assert "Choisissez un fichier." in missing.get_data(as_text=True)


def test_the_csv_template_can_be_filled_and_imported(logged_in, session):
    response = logged_in.get(PAGE + "/modele.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    template = response.data
    assert template.startswith("\ufeffid;titre;".encode())
    preview = upload(logged_in, template, "modele.csv").get_data(as_text=True)
    assert "1 activité prête à être importée." in preview
    assert "Maison de quartier des Nangues" in preview and 'class="badge"' not in preview


def test_the_page_needs_a_coordinator(client):
    response = client.get(PAGE)
    assert response.status_code in (302, 303)
    assert "/coordination/connexion" in response.headers["Location"]
