"""Fixtures for the gatherings and group-outing tests: a movable clock, the town and its
Maison de quartier, a coordinator logged in through the login page.

tests/conftest.py registers this module as a pytest plugin, so its fixtures need no import;
a test module that defines a fixture of the same name (many have their own `town`) uses its own.
"""
import html
import re
from datetime import datetime, timedelta

import factories
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator
from sqlalchemy import select

from web.models import Activity, Neighbourhood, Place
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"


class Clock:
    """The time the pages see; tests move it forward."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(NOW)  # Monday 23 November 2026, 10:00 in Villiers
    monkeypatch.setattr("web.clock.utcnow", fake)
    return fake


@pytest.fixture
def town(session) -> dict:
    """{slug: Neighbourhood} of Villiers, the Maison de quartier des Nangues and its weekly
    café-rencontre (Tuesdays 14:00-16:00)."""
    neighbourhoods = factories.load_villiers(session)
    place = Place(slug="maison-de-quartier-des-nangues", name="Maison de quartier des Nangues",
                      kind="maison_de_quartier", address="12 rue des Nangues, 94350 Villiers",
                      lat=48.8341, lon=2.5570, languages=["fr", "ar", "en"],
                      neighbourhood_id=neighbourhoods["les-nangues"].id)
    session.add(place)
    session.flush()
    session.add(Activity(title="Café-rencontre des Nangues", kind="cafe_rencontre",
                         place_id=place.id, languages=["fr", "ar"], interests=["langues"],
                         starts_at=datetime(2026, 9, 1, 14, 0), duration_minutes=120,
                         rrule="FREQ=WEEKLY;BYDAY=TU", source="town_file", source_uid="cafe"))
    session.commit()
    return neighbourhoods


def nangues(session) -> Place:
    return session.scalar(select(Place).where(Place.slug == "maison-de-quartier-des-nangues"))


@pytest.fixture
def coordinator(session):
    account = create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    session.commit()
    return account


@pytest.fixture
def staff(app, coordinator, town):
    """A separate client logged in as a coordinator (newcomers use `client`)."""
    return log_in_coordinator(app.test_client(), coordinator.email, PASSWORD)


def waiting(session, town, name, slug="les-nangues", days=10, **fields):
    """A newcomer waiting for `days` days in neighbourhood `slug`."""
    fields.setdefault("availability", 1 << 15)  # Saturday morning
    fields.setdefault("email", f"{name.lower()}@example.org")
    return factories.newcomer(session, first_name=name,
                              neighbourhood_id=town[slug].id, status="waiting",
                              waiting_since=NOW - timedelta(days=days), **fields)


def post(client, url, page, **data):
    """Post `data` with the CSRF token of the form on `page`."""
    return client.post(url, data={"csrf_token": csrf(client, page), **data})


def flashed(page: str) -> str:
    """The text of the page's notices, whitespace collapsed."""
    found = re.findall(r'class="notice[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return " ".join(html.unescape(" ".join(found)).split())


def neighbourhood(session, slug) -> Neighbourhood:
    return session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))
