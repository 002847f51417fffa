"""'Approve all' during a search acts on exactly what the search shows: the confirmation
counts those drafts, only they are sent, and the coordinator comes back to the search."""
import pytest
from journeys import csrf
from review_helpers import REVIEW, drafts, nadia_logged_in, place_of
from sqlalchemy import select

from web.models import Proposal

APPROVE_ALL = "/coordination/propositions/tout-approuver"


@pytest.fixture
def staff(client, session):
    """Coordinator Nadia, logged in."""
    return nadia_logged_in(client, session)


def statuses(session, proposals):
    session.expire_all()
    ids = [p.id for p in proposals]
    rows = session.scalars(select(Proposal).where(Proposal.id.in_(ids)))
    return {row.status for row in rows}


def test_approve_all_under_a_search_sends_only_what_it_finds(staff, session):
    patricks = drafts(session, 30, first_name="Patrick")
    others = drafts(session, 4, place="le-plateau", first_name="Zoé")
    page = staff.get(REVIEW + "?q=patrick&page=2").get_data(as_text=True)
    assert "Approuver et envoyer les propositions trouvées" in page
    place = {"csrf_token": csrf(staff, REVIEW), "page": "2", "q": "patrick"}
    asked = staff.post(APPROVE_ALL, data=place)
    question = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Envoyer 30 propositions trouvées pour « patrick » ?" in question
    assert 'name="q" value="patrick"' in question and 'name="page" value="2"' in question
    assert statuses(session, patricks + others) == {"draft"}  # nothing sent yet
    done = staff.post(APPROVE_ALL, data={**place, "confirm": "yes"})
    assert place_of(done) == (REVIEW, {"page": ["2"], "q": ["patrick"]})
    assert statuses(session, patricks) == {"proposed"}
    assert statuses(session, others) == {"draft"}
    back = staff.get(done.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "30 proposition(s) envoyée(s) aux bénévoles." in back


def test_approve_all_without_a_search_still_sends_everything(staff, session):
    made = drafts(session, 3) + drafts(session, 2, place="le-plateau", first_name="Zoé")
    asked = staff.post(APPROVE_ALL, data={"csrf_token": csrf(staff, REVIEW)})
    assert "Envoyer 5 propositions ?" in asked.get_data(as_text=True)
    assert statuses(session, made) == {"draft"}
    done = staff.post(APPROVE_ALL, data={"csrf_token": csrf(staff, REVIEW), "confirm": "yes"})
    assert place_of(done) == (REVIEW, {})
    assert statuses(session, made) == {"proposed"}
