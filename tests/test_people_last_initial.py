"""People may give the initial of their last name (one letter, nothing more): coordinators
then read "Patrick D. · Les Nangues · 30–44 ans" and tell two Patricks apart."""
import json

import factories
import pytest
from conftest import NOW
from journeys import (
    field_errors,
    link_in,
    log_in_coordinator,
    newcomer_form,
    outbox,
    submit,
    volunteer_form,
)
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import DataError, IntegrityError

from web import migrate
from web.models import AuditEntry, Newcomer, Volunteer
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
INTAKE = "/arrivee/inscription"
PHONE_INTAKE = "/coordination/inscription-telephone/arrivant"


@pytest.fixture
def town(session):
    places = factories.load_villiers(session)
    session.commit()
    return places


@pytest.fixture
def staff(app, session, town):
    create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    session.commit()
    return log_in_coordinator(app.test_client(), "ines@villiers.example", PASSWORD)


def _essentials(session, **overrides):
    data = newcomer_form(session, first_name="Patrick", email="patrick@example.org", **overrides)
    keep = ("first_name", "last_initial", "email", "phone", "neighbourhood", "languages",
            "consent")
    return {name: value for name, value in data.items() if name in keep}


def _newcomer(session):
    return session.scalars(select(Newcomer)).one()


@pytest.mark.parametrize("typed,stored", [("D", "D"), ("d", "D"), (" d. ", "D"), ("é", "É"),
                                          ("ж", "Ж"), ("ß", "ß"), ("ع", "ع")])
def test_the_intake_keeps_only_the_letter_in_upper_case(client, session, town, typed, stored):
    page = client.get(INTAKE).get_data(as_text=True)
    assert "Initiale du nom de famille" in page
    assert "même prénom" in page
    response = submit(client, INTAKE, _essentials(session, last_initial=typed))
    assert response.status_code == 302
    assert _newcomer(session).last_initial == stored


def test_the_intake_without_an_initial_stores_none(client, session, town):
    response = submit(client, INTAKE, _essentials(session))
    assert response.status_code == 302
    assert _newcomer(session).last_initial is None


def test_two_figures_are_refused_naming_the_field_and_keeping_the_rest(client, session, town):
    response = submit(client, INTAKE, _essentials(session, last_initial="12"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert field_errors(page) == ["last_initial"]
    assert "Écrivez une seule lettre, par exemple D." in page
    assert 'value="12"' in page and 'value="Patrick"' in page
    assert 'value="patrick@example.org"' in page
    assert session.scalar(select(Newcomer.id)) is None


def test_a_whole_last_name_is_refused_and_kept_as_typed(client, session, town):
    response = submit(client, INTAKE, _essentials(session, last_initial="Dupont"))
    page = response.get_data(as_text=True)
    assert field_errors(page) == ["last_initial"]
    assert 'value="Dupont"' in page
    assert session.scalar(select(Newcomer.id)) is None


def test_a_volunteer_gives_an_initial_at_signup(client, session, town):
    response = submit(client, "/benevole/inscription", volunteer_form(session, last_initial="m"))
    assert response.status_code == 302
    assert session.scalars(select(Volunteer)).one().last_initial == "M"


def test_phone_intake_and_the_coordinators_label(staff, session, town):
    page = staff.get(PHONE_INTAKE).get_data(as_text=True)
    assert "Initiale du nom de famille" in page
    refused = submit(staff, PHONE_INTAKE, newcomer_form(session, first_name="Patrick",
                                                       last_initial="12", birth_year="1990"))
    assert field_errors(refused.get_data(as_text=True)) == ["last_initial"]
    response = submit(staff, PHONE_INTAKE, newcomer_form(session, first_name="Patrick",
                                                         last_initial="d", birth_year="1990"))
    assert response.status_code == 302
    newcomer = _newcomer(session)
    assert newcomer.last_initial == "D"
    label = "Patrick D. · Les Nangues · 30–44 ans"
    found = staff.get("/coordination/personnes?type=arrivants&q=patrick").get_data(as_text=True)
    assert label in found
    assert label in staff.get("/coordination/").get_data(as_text=True)
    person = staff.get(f"/coordination/arrivants/{newcomer.id}").get_data(as_text=True)
    assert "<h1>Patrick D. <small>" in person


def test_the_data_download_holds_the_initial_and_erasure_removes_it(client, session, town):
    submit(client, INTAKE, _essentials(session, last_initial="D"))
    (welcome,) = outbox(session, "newcomer_welcome")
    newcomer_id = _newcomer(session).id
    page = link_in(welcome)
    download = json.loads(client.get(f"{page}/donnees").get_data(as_text=True))
    assert download["last_initial"] == "D"
    response = submit(client, f"{page}/supprimer", {"confirm": "yes"})
    assert response.status_code == 200
    session.expunge_all()
    assert session.get(Newcomer, newcomer_id) is None
    assert session.scalar(select(Newcomer.id).where(Newcomer.last_initial.is_not(None))) is None
    entries = session.scalars(select(AuditEntry)).all()
    assert all("Patrick" not in json.dumps(entry.details or {}) for entry in entries)


@pytest.mark.parametrize("value", ["DU", ""])
def test_the_database_refuses_anything_but_one_letter(session, town, value):
    newcomer = factories.newcomer(session, first_name="Patrick")
    session.commit()
    # PostgreSQL's VARCHAR(1) refuses "DU" itself (DataError); the CHECK refuses the rest.
    with pytest.raises((DataError, IntegrityError)):
        session.execute(text("UPDATE newcomer SET last_initial = :value WHERE id = :id"),
                        {"value": value, "id": newcomer.id})
    session.rollback()


def test_migration_0011_adds_and_removes_the_column(database_url, session):
    factories.load_villiers(session)
    factories.newcomer(session, first_name="Patrick")
    session.commit()
    session.close()
    engine = create_engine(database_url)
    try:
        migrate.downgrade(engine, "0010")
        for table in ("newcomer", "volunteer"):
            assert "last_initial" not in {c["name"] for c in inspect(engine).get_columns(table)}
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT first_name, last_initial FROM newcomer")).all() == [
                ("Patrick", None)]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE newcomer SET last_initial = ''"))
    finally:
        engine.dispose()
