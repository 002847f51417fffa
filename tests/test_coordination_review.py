"""Coordinators review the drafts of a run: approve one or all, reject, find another buddy;
and run the matching now, after a preview that writes nothing."""
import factories
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator, outbox
from sqlalchemy import func, select

from web.models import AuditEntry, MatchRun, Proposal, Setting, Volunteer
from web.services.accounts import create_coordinator
from web.services.matching import run_matching

PASSWORD = "correct horse battery"
REVIEW = "/coordination/propositions/a-valider"


@pytest.fixture
def coordinator(session):
    account = create_coordinator(session, NOW, "nadia@villiers.example", PASSWORD,
                                 name="Nadia", role="admin")
    session.commit()
    return account


@pytest.fixture
def browser_client(client, coordinator):
    """The test client, logged in through the login page."""
    return log_in_coordinator(client, coordinator.email, PASSWORD)


def post(client, url, data=None, page=REVIEW):
    """Submit a form of `page` to `url`, with the page's CSRF token."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf(client, page)})


def three_drafts(session):
    """Three newcomers and three volunteers in one neighbourhood, matched by a run."""
    places = factories.load_villiers(session)
    place = places["les-nangues"].id
    for _ in range(3):
        factories.newcomer(session, neighbourhood_id=place)
        factories.volunteer(session, neighbourhood_id=place)
    outcome = run_matching(session, NOW, review=True)
    session.commit()
    return sorted(outcome.proposals, key=lambda p: p.id)


def status_of(session, proposal):
    session.expire_all()
    return session.get(Proposal, proposal.id).status


def test_review_page_lists_drafts_with_score_and_reasons(browser_client, session):
    drafts = three_drafts(session)
    page = browser_client.get(REVIEW).get_data(as_text=True)
    assert "3 propositions à valider" in page
    for proposal in drafts:
        assert proposal.newcomer.first_name in page and proposal.volunteer.first_name in page
        assert f"/coordination/propositions/{proposal.id}/approuver" in page
    assert "Même quartier : Les Nangues" in page
    # Scores written as numbers are written in French: a decimal comma.
    for proposal in drafts:
        assert f"Score : {proposal.score:.2f}".replace(".", ",") in page


def test_approve_one_sends_it_to_the_volunteer(browser_client, session, coordinator):
    first = three_drafts(session)[0]
    response = post(browser_client, f"/coordination/propositions/{first.id}/approuver")
    assert response.status_code == 302
    assert status_of(session, first) == "proposed"
    messages = outbox(session, "proposal_volunteer")
    assert [m.to_address for m in messages] == [first.volunteer.email]
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "proposal.approved")).one()
    assert (entry.coordinator_id, entry.target_id) == (coordinator.id, first.id)
    # Approving it again is refused politely: it is no longer a draft.
    again = post(browser_client, f"/coordination/propositions/{first.id}/approuver",
                 page=REVIEW)
    assert again.status_code == 302
    assert len(outbox(session, "proposal_volunteer")) == 1


def test_reject_frees_the_volunteers_place(browser_client, session):
    first = three_drafts(session)[0]
    volunteer_id = first.volunteer_id
    assert session.get(Volunteer, volunteer_id).load == 1
    post(browser_client, f"/coordination/propositions/{first.id}/ecarter")
    assert status_of(session, first) == "rejected"
    assert session.get(Volunteer, volunteer_id).load == 0
    assert outbox(session, "proposal_volunteer") == []
    page = browser_client.get(REVIEW).get_data(as_text=True)
    assert "2 propositions à valider" in page


def test_approve_all(browser_client, session):
    drafts = three_drafts(session)
    # First a confirmation page with the count from the server; nothing sent yet.
    asked = post(browser_client, "/coordination/propositions/tout-approuver")
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert "<h1>Envoyer 3 propositions ?</h1>" in page
    assert 'name="confirm" value="yes"' in page and "Oui, envoyer" in page
    assert [status_of(session, p) for p in drafts] == ["draft"] * 3
    assert outbox(session, "proposal_volunteer") == []
    post(browser_client, "/coordination/propositions/tout-approuver", {"confirm": "yes"})
    assert [status_of(session, p) for p in drafts] == ["proposed"] * 3
    assert len(outbox(session, "proposal_volunteer")) == 3
    assert "Aucune proposition n'attend de validation." in browser_client.get(REVIEW).get_data(
        as_text=True)


def test_find_another_buddy_replaces_the_draft(browser_client, session, coordinator):
    places = factories.load_villiers(session)
    place = places["les-nangues"].id
    newcomer = factories.newcomer(session, neighbourhood_id=place, interests=["cuisine"])
    best = factories.volunteer(session, neighbourhood_id=place, interests=["cuisine"])
    other = factories.volunteer(session, neighbourhood_id=place, interests=["jardinage"])
    draft = run_matching(session, NOW, review=True).proposals[0]
    session.commit()
    assert draft.volunteer_id == best.id
    url = f"/coordination/propositions/{draft.id}/autre-binome"
    page = browser_client.get(url).get_data(as_text=True)
    assert f'value="{other.id}"' in page and f'value="{best.id}"' not in page
    response = post(browser_client, url, {"volunteer": str(other.id)}, page=url)
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Proposal, draft.id).status == "rejected"
    new = session.scalars(select(Proposal).where(Proposal.status == "draft")).one()
    assert (new.newcomer_id, new.volunteer_id, new.source) == (newcomer.id, other.id,
                                                               "coordinator")
    assert new.reasons["fr"] and new.reasons["en"]
    assert session.get(Volunteer, best.id).load == 0
    assert session.get(Volunteer, other.id).load == 1
    assert session.scalars(select(AuditEntry.coordinator_id).where(
        AuditEntry.action == "proposal.swapped")).one() == coordinator.id


def test_swap_to_a_volunteer_not_offered_is_refused(browser_client, session):
    draft = three_drafts(session)[0]
    url = f"/coordination/propositions/{draft.id}/autre-binome"
    page = post(browser_client, url, {"volunteer": str(draft.volunteer_id)}, page=url)
    assert page.status_code == 200
    assert "Choisissez un des bénévoles de la liste." in page.get_data(as_text=True)
    assert status_of(session, draft) == "draft"


def test_review_toggle_is_for_admins(browser_client, session):
    review = browser_client.get(REVIEW).get_data(as_text=True)
    assert "Ne plus relire les propositions avant envoi</button>" in review
    asked = post(browser_client, "/coordination/propositions/relecture", {"enabled": "0"})
    assert "<h1>Ne plus relire les propositions avant envoi ?</h1>" in asked.get_data(
        as_text=True)
    assert 'name="enabled" value="0"' in asked.get_data(as_text=True)
    assert session.get(Setting, "review_proposals") is None
    post(browser_client, "/coordination/propositions/relecture",
         {"enabled": "0", "confirm": "yes"})
    session.expire_all()
    assert session.get(Setting, "review_proposals").value is False
    page = browser_client.get(REVIEW).get_data(as_text=True)
    assert "La validation est désactivée" in page


def test_dry_run_writes_nothing_then_commit_writes(browser_client, session, coordinator):
    places = factories.load_villiers(session)
    place = places["les-nangues"].id
    matched = factories.newcomer(session, neighbourhood_id=place)
    factories.volunteer(session, neighbourhood_id=place)
    alone = factories.newcomer(session, neighbourhood_id=places["le-plateau"].id,
                               languages=["uk"])
    session.commit()
    waiting = browser_client.get("/coordination/appariement").get_data(as_text=True)
    assert "2 arrivants attendent un binôme" in waiting
    page = post(browser_client, "/coordination/appariement/apercu",
                page="/coordination/appariement").get_data(as_text=True)
    assert "1 binôme serait proposé" in page
    assert "1 arrivant resterait sans binôme" in page
    assert matched.first_name in page and alone.first_name in page
    assert session.scalar(select(func.count()).select_from(MatchRun)) == 0
    assert session.scalar(select(func.count()).select_from(Proposal)) == 0

    response = post(browser_client, "/coordination/appariement", page="/coordination/appariement")
    assert response.status_code == 302 and response.headers["Location"].endswith(REVIEW)
    run = session.scalars(select(MatchRun)).one()
    assert (run.trigger, run.started_by_id) == ("manual", coordinator.id)
    proposal = session.scalars(select(Proposal)).one()
    assert (proposal.newcomer_id, proposal.status) == (matched.id, "draft")
    # The dashboard then says why the other newcomer is still waiting.
    dashboard = browser_client.get("/coordination/").get_data(as_text=True)
    reason = run.stats["unmatched_newcomers"][0]["fr"]
    assert reason in dashboard
