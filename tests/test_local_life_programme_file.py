"""The shipped Villiers programme (places and activities) and how `load-town` reads it."""
import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW
from sqlalchemy import func, select

from web.cli import cli
from web.models import Activity, ActivityChange, Neighbourhood, Place
from web.models.local_life import ACTIVITY_KINDS
from web.services.occurrences import upcoming

PROGRAMME = Path("data/towns/villiers-programme.json")


def _load(runner, **env):
    return runner.invoke(cli, ["load-town"], env=env)


def _rows(session, model) -> list[dict]:
    """Every column of every row, to compare a table before and after."""
    session.expire_all()
    columns = [c.key for c in model.__table__.columns]
    return [{c: getattr(row, c) for c in columns}
            for row in session.scalars(select(model).order_by(model.id))]


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def loaded(runner, session):
    result = _load(runner)
    assert result.exit_code == 0, result.output
    return session


def test_every_neighbourhood_has_a_place_near_its_centre(loaded):
    session = loaded
    neighbourhoods = session.scalars(select(Neighbourhood)).all()
    places = session.scalars(select(Place)).all()
    assert 18 <= len(places) <= 25
    for neighbourhood in neighbourhoods:
        here = [p for p in places if p.neighbourhood_id == neighbourhood.id]
        assert here, f"no place in {neighbourhood.name}"
        for place in here:
            # about 1 km at most from the centre (0.01 degree of latitude is 1.1 km)
            assert abs(place.lat - neighbourhood.lat) < 0.01, place.slug
            assert abs(place.lon - neighbourhood.lon) < 0.014, place.slug
    for place in places:
        assert place.address and place.opening_hours and place.contact and place.languages
        assert place.website == "" or ".example" in place.website
    kinds = {p.kind for p in places}
    assert {"maison_de_quartier", "association", "library", "sports_club", "town_hall"} <= kinds


def test_the_programme_covers_every_kind_and_fills_the_coming_weeks(loaded):
    session = loaded
    activities = session.scalars(select(Activity)).all()
    assert 35 <= len(activities) <= 50
    assert {a.kind for a in activities} == set(ACTIVITY_KINDS)
    assert {a.audience for a in activities} == {"everyone", "families", "seniors", "women"}
    assert any(a.price_cents for a in activities) and any(a.capacity for a in activities)
    assert sum(1 for a in activities if a.rrule) >= 30
    assert any("BYDAY=1TH" in (a.rrule or "") for a in activities)
    assert _count(session, ActivityChange) > 0
    next_week = upcoming(session, NOW, NOW + timedelta(days=7))
    assert len(next_week) >= 25
    assert {o.start.date() for o, _ in next_week} >= {
        (NOW + timedelta(days=n)).date() for n in range(7)}
    # every week until the end of March 2027 has something on
    for weeks in range(18):
        start = NOW + timedelta(weeks=weeks)
        assert upcoming(session, start, start + timedelta(days=7)), start
    cafe = session.scalar(select(Activity).where(Activity.source_uid == "cafe-rencontre-nangues"))
    assert (cafe.rrule, cafe.starts_at.strftime("%H:%M"), cafe.place.slug) == (
        "FREQ=WEEKLY;BYDAY=TU", "14:00", "maison-de-quartier-des-nangues")


def test_reloading_the_programme_changes_nothing(loaded, runner):
    session = loaded
    before = {model: _rows(session, model) for model in (Place, Activity, ActivityChange)}
    result = _load(runner)
    assert result.exit_code == 0, result.output
    assert "22 places, 47 activities" in result.output
    for model, rows in before.items():
        assert _rows(session, model) == rows, model.__name__


def _broken(tmp_path, change) -> Path:
    data = json.loads(PROGRAMME.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken-programme.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _set(section, index, key, value):
    def change(data):
        data[section][index][key] = value
    return change


@pytest.mark.parametrize("change, message", [
    (_set("activities", 0, "rrule", "FREQ=FORTNIGHTLY;BYDAY=TU"),
     "activities[0].rrule must be an RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU"),
    (_set("activities", 3, "place", "maison-inconnue"),
     'activities[3].place "maison-inconnue" is not a place of this file'),
    (_set("places", 2, "neighbourhood", "la-lune"),
     'places[2].neighbourhood "la-lune" is not a neighbourhood of the town'),
    (_set("activities", 5, "start", "2026-13-01T14:00"),
     "activities[5].start must be a date and time like 2026-09-01T14:00"),
    (_set("activities", 1, "languages", ["fr", "klingon"]),
     'activities[1].languages has unknown code "klingon"'),
], ids=["rrule", "place", "neighbourhood", "date", "language"])
def test_a_malformed_programme_is_refused_whole_with_one_line(loaded, runner, tmp_path,
                                                              change, message):
    session = loaded
    before = {model: _rows(session, model) for model in (Place, Activity, ActivityChange)}
    broken = _broken(tmp_path, lambda data: (change(data),
                                             data["places"][0].update(name="Renommé"),
                                             data["activities"].append(
                                                 dict(data["activities"][0], id="nouvelle"))))
    result = _load(runner, BIENVENUE_PROGRAMME_FILE=str(broken))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {broken}: {message}\n"
    for model, rows in before.items():
        assert _rows(session, model) == rows, model.__name__


def test_a_malformed_programme_leaves_an_empty_database_empty(runner, session, tmp_path):
    broken = _broken(tmp_path, _set("activities", 4, "rrule", "FREQ=WEEKLY;BYDAY=XX"))
    result = _load(runner, BIENVENUE_PROGRAMME_FILE=str(broken))
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "activities[4].rrule" in result.stderr
    assert [_count(session, model) for model in (Neighbourhood, Place, Activity)] == [0, 0, 0]
