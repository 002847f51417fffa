"""CSV import of volunteers and newcomers: preview of every bad row, then all or nothing."""
import io
import re

import pytest
from conftest import NOW
from factories import load_villiers, volunteer
from journeys import csrf, log_in_coordinator, regex_group
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from web.models import AuditEntry, Newcomer, Volunteer
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
IMPORT = "/coordination/import"
HEADER = "prenom;email;telephone;quartier;langues;centres_interet;disponibilites;capacite"


@pytest.fixture
def logged_in(client, session, monkeypatch):
    """The client logged in through the login form, with the pages' clock at NOW."""
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    load_villiers(session)
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def upload(client, content: bytes, kind="volunteer", vetting="pending"):
    """Post the form as a browser would (the body built in memory: werkzeug's test client
    leaves the temporary file of a large body open)."""
    boundary, body = encode_multipart({
        "csrf_token": csrf(client, IMPORT), "kind": kind, "vetting": vetting,
        "file": FileStorage(io.BytesIO(content), "tableur.csv", content_type="text/csv")})
    return client.post(IMPORT, data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def confirm(client, preview: str):
    token = regex_group(r'name="csrf_token"[^>]*value="([^"]+)"', preview)
    return client.post(IMPORT + "/confirmer", data={"csrf_token": token})


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_every_bad_row_is_listed_and_nothing_is_written(logged_in, session):
    volunteer(session, email="deja@example.org")
    session.commit()
    rows = [HEADER,
            "Marc;marc@example.org;;Centre-ville;fr;cuisine;lun-matin;2",
            "Nadia;pas-une-adresse;;Atlantide;klingon;;lun-matin;5",
            ";;;;fr;;sam-soir;1",
            "Paul;deja@example.org;;;fr;;dim-nuit;1",
            "Zoé;marc@example.org;;;fr;;mar-soir;1",
            "Eve;eve@example.org;;;fr;;lun<script>;1"]
    response = upload(logged_in, "\n".join(rows).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = re.findall(r'<tr class="import-error"><td[^>]*>(\d+)</td>'
                        r'<td[^>]*>(?:<code>)?([^<]*)', page)
    assert ("3", "email") in errors and ("3", "quartier") in errors
    assert ("3", "langues") in errors and ("3", "capacite") in errors
    assert ("4", "prenom") in errors and ("4", "email") in errors
    assert ("5", "disponibilites") in errors and ("5", "email") in errors
    assert ("6", "email") in errors
    assert "adresse déjà présente ligne 2" in page
    assert "adresse d&#39;une personne déjà inscrite" in page
    assert "« klingon » : langue inconnue" in page
    assert "« lun&lt;script&gt; » : un créneau comme" in page  # escaped
    assert "erreurs : rien n" in page
    assert "Confirmer l&#39;import" not in page
    assert count(session, Volunteer) == 1
    # No file was kept for a confirmation: confirming now imports nothing.
    assert confirm(logged_in, page).status_code == 302
    assert count(session, Volunteer) == 1


def test_a_good_file_is_imported_whole_after_confirmation(logged_in, session):
    rows = [HEADER,
            "Marc;Marc@Example.org;;centre-ville;français|anglais;Cuisine, lecture;"
            "lun-matin, sam-après-midi;2",
            "Sophie;;06 12 34 56 78;Les Nangues;fr;;samedi soir|sun-morning;"]
    preview = upload(logged_in, "\n".join(rows).encode(), vetting="approved").get_data(
        as_text=True)
    assert "2 personnes prêtes à être importées." in preview
    assert count(session, Volunteer) == 0  # nothing before the confirmation
    response = confirm(logged_in, preview)
    assert response.status_code == 302
    assert "2 personnes importées." in logged_in.get(IMPORT).get_data(as_text=True)
    people = {v.first_name: v for v in session.scalars(select(Volunteer))}
    marc, sophie = people["Marc"], people["Sophie"]
    assert marc.email == "marc@example.org" and marc.capacity == 2
    assert marc.languages == ["fr", "en"] and marc.interests == ["cuisine", "lecture"]
    assert marc.neighbourhood.slug == "centre-ville"
    assert marc.vetting_status == "approved" and marc.vetted_by_id is not None
    assert sophie.phone == "06 12 34 56 78" and sophie.shared_contact == "phone"
    assert sophie.capacity == 1 and sophie.neighbourhood.slug == "les-nangues"
    assert bin(sophie.availability).count("1") == 2
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "volunteer.imported")).one()
    assert entry.coordinator_id == marc.vetted_by_id
    assert entry.details["count"] == 2
    # The same confirmation cannot import the file twice.
    confirm(logged_in, preview)
    assert count(session, Volunteer) == 2


def test_newcomers_in_windows_encoding_with_commas(logged_in, session):
    content = ("Prénom,E-mail,Langues,Disponibilités,Date_arrivee,Pratiquer_francais,Genre\r\n"
               "Hélène,helene@example.org,arabe,mer-soir,15/09/2026,oui,femme\r\n")
    preview = upload(logged_in, content.encode("cp1252"), kind="newcomer")
    page = preview.get_data(as_text=True)
    assert "CP1252" in page and "« , »" in page
    assert "Hélène" in page
    confirm(logged_in, page)
    helene = session.scalars(select(Newcomer)).one()
    assert (helene.first_name, helene.languages, helene.gender) == ("Hélène", ["ar"], "female")
    assert helene.practise_french and helene.arrival_date.isoformat() == "2026-09-15"
    assert helene.status == "waiting" and helene.consent_at is not None


def test_utf8_with_bom_and_semicolons(logged_in, session):
    content = "\ufeffprenom;email;langues;disponibilites\r\nJosé;jose@example.org;es;lun-soir\r\n"
    page = upload(logged_in, content.encode("utf-8"), kind="newcomer").get_data(as_text=True)
    assert "UTF-8" in page and "« ; »" in page and "José" in page
    confirm(logged_in, page)
    assert session.scalars(select(Newcomer.first_name)).one() == "José"


def test_missing_columns_and_too_big_files(logged_in, session):
    page = upload(logged_in, b"nom;age\nMarc;30\n").get_data(as_text=True)
    assert "colonnes manquantes : prenom, langues, disponibilites, email" in page
    big = upload(logged_in, HEADER.encode() + b"\n" + b"x" * (2 * 1024 * 1024 + 10))
    assert "Le fichier dépasse 2 Mo." in big.get_data(as_text=True)
    assert count(session, Volunteer) == 0


def test_templates_to_download(logged_in):
    response = logged_in.get(IMPORT + "/modele-volunteer.csv")
    assert response.status_code == 200
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("prenom;email;telephone;quartier;langues")
    assert lines[0].endswith("capacite;motivation")
    newcomers = logged_in.get(IMPORT + "/modele-newcomer.csv").get_data().decode("utf-8-sig")
    assert "date_arrivee;pratiquer_francais" in newcomers
    assert logged_in.get(IMPORT + "/modele-other.csv").status_code == 404


def test_the_example_line_of_each_template_imports(logged_in, session):
    for kind in ("volunteer", "newcomer"):
        content = logged_in.get(f"{IMPORT}/modele-{kind}.csv").get_data()
        page = upload(logged_in, content, kind=kind).get_data(as_text=True)
        assert "1 personne prête à être importée." in page, page
