"""A newcomer's person page tells coordinators what they did beside the buddy search."""
from datetime import datetime, timedelta

from conftest import NOW
from gathering_helpers import waiting
from sqlalchemy import select

from web.models import Activity, Gathering, GatheringInvitation, Participation


def test_person_page_lists_activities_and_gatherings(session, staff, town, clock):
    amina = waiting(session, town, "Amina")
    cafe = session.scalar(select(Activity))
    session.add(Participation(newcomer_id=amina.id, activity_id=cafe.id,
                              occurrence_start=datetime(2026, 11, 24, 14, 0)))
    welcome = Gathering(title="Café d'accueil", starts_at=NOW + timedelta(days=5), capacity=10)
    past = Gathering(title="Goûter de rentrée", starts_at=NOW - timedelta(days=20), capacity=10)
    session.add_all([welcome, past])
    session.flush()
    session.add_all([
        GatheringInvitation(gathering_id=welcome.id, newcomer_id=amina.id, status="coming"),
        GatheringInvitation(gathering_id=past.id, newcomer_id=amina.id, status="coming",
                            attended=True)])
    session.commit()

    page = staff.get(f"/coordination/arrivants/{amina.id}").get_data(as_text=True)
    section = page[page.index('id="vie-locale"'):page.index('id="notes"')]
    assert "Café-rencontre des Nangues" in section and "2026-11-24 14:00" in section
    assert f'/coordination/activites/{cafe.id}"' in section
    assert "Café d&#39;accueil" in section and "a dit « je viens »" in section
    assert "Goûter de rentrée" in section and "venu ou venue" in section


def test_nothing_yet_is_said_plainly(session, staff, town, clock):
    omar = waiting(session, town, "Omar")
    session.commit()
    page = staff.get(f"/coordination/arrivants/{omar.id}").get_data(as_text=True)
    assert "Aucune activité ni rencontre pour l'instant." in page.replace("&#39;", "'")
