"""From a matching run to an introduction, an ending and a problem report."""

import factories
from conftest import NOW
from journeys import csrf, outbox
from sqlalchemy import select

from web.models import MatchRun, Newcomer, ProblemReport, Proposal, Volunteer
from web.services import proposals
from web.services.accounts import create_coordinator
from web.services.links import LinkSettings, make_token
from web.services.matching import run_matching


def _page(person, kind):
    return f"/{kind}/" + make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), person)


def _town_with_a_good_pair(session):
    places = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Olena", languages=["uk", "fr"],
                                  interests=["cuisine", "randonnee"], availability=0b1 << 15,
                                  neighbourhood_id=places["les-nangues"].id, locale="en")
    volunteer = factories.volunteer(session, first_name="Claire", languages=["fr", "uk"],
                                    interests=["cuisine"], availability=0b1 << 15,
                                    neighbourhood_id=places["les-nangues"].id,
                                    phone="06 11 22 33 44",
                                    shared_contact="phone")
    session.commit()
    return newcomer, volunteer


def test_a_run_proposes_the_pair_with_reasons_in_both_languages(app, session):
    newcomer, volunteer = _town_with_a_good_pair(session)
    with app.app_context():
        outcome = run_matching(session, NOW, review=False)
        session.commit()
    [proposal] = session.scalars(select(Proposal)).all()
    assert (proposal.newcomer_id, proposal.volunteer_id, proposal.status) == (
        newcomer.id, volunteer.id, "proposed")
    assert any("Les Nangues" in r for r in proposal.reasons["fr"])
    assert proposal.reasons["en"] and proposal.reasons["en"] != proposal.reasons["fr"]
    assert 0 < proposal.score <= 1 and set(proposal.components) >= {"neighbourhood", "language"}
    session.refresh(volunteer)
    assert volunteer.load == 1
    assert outcome.run is not None  # a real run, not a dry one
    run = session.get(MatchRun, outcome.run.id)
    assert run is not None and run.status == "done" and run.stats["proposals"] == 1
    [mail] = outbox(session, "proposal_volunteer")
    assert mail.to_address == volunteer.email and "Olena" in mail.subject
    assert newcomer.email not in mail.body


def test_with_review_on_a_run_makes_drafts_and_sends_nothing(app, session):
    _town_with_a_good_pair(session)
    with app.app_context():
        run_matching(session, NOW, review=True)
        session.commit()
    assert [p.status for p in session.scalars(select(Proposal))] == ["draft"]
    assert outbox(session) == []


def test_a_dry_run_writes_nothing(app, session):
    _town_with_a_good_pair(session)
    with app.app_context():
        outcome = run_matching(session, NOW, dry_run=True)
        session.commit()
    assert len(outcome.pairs) == 1 and outcome.run is None
    assert session.scalars(select(Proposal)).all() == []
    assert session.scalars(select(MatchRun)).all() == []


def test_declined_pairs_are_never_proposed_again(app, session):
    newcomer, volunteer = _town_with_a_good_pair(session)
    with app.app_context():
        [proposal] = run_matching(session, NOW, review=False).proposals
        proposals.volunteer_declines(session, NOW, proposal, "unavailable")
        session.commit()
        again = run_matching(session, NOW, review=False)
        session.commit()
    assert again.proposals == []
    [(who, reason_fr, _)] = again.unmatched
    assert who.id == newcomer.id and reason_fr


def test_newcomer_without_neighbourhood_waits_for_a_coordinator(app, session):
    factories.load_villiers(session)
    lost = factories.newcomer(session, neighbourhood_id=None, address_hint="rue Hoche")
    session.commit()
    with app.app_context():
        outcome = run_matching(session, NOW, review=False)
    assert [(n.id, fr) for n, fr, _ in outcome.unmatched] == [
        (lost.id, "quartier inconnu : un coordinateur doit le placer")]


def test_confirmation_introduces_both_with_the_chosen_contacts(app, client, session):
    newcomer, volunteer = _town_with_a_good_pair(session)
    with app.app_context():
        [proposal] = run_matching(session, NOW, review=False).proposals
        proposals.volunteer_accepts(session, NOW, proposal)
        session.commit()
    page = _page(newcomer, "arrivee")
    before = client.get(page).get_data(as_text=True)
    assert "Claire" in before and "06 11 22 33 44" not in before and volunteer.email not in before
    response = client.post(f"{page}/propositions/{proposal.id}/reponse",
                           data={"answer": "yes", "csrf_token": csrf(client, page)})
    assert response.status_code == 302
    session.expire_all()
    proposal = session.get(Proposal, proposal.id)
    assert proposal.status == "active" and proposal.activated_at is not None
    assert session.get(Newcomer, newcomer.id).status == "matched"
    after = client.get(page).get_data(as_text=True)
    assert "06 11 22 33 44" in after and volunteer.email not in after  # only the chosen contact
    intros = {m.person_type: m for m in outbox(session, "introduction")}
    assert set(intros) == {"newcomer", "volunteer"}
    assert intros["newcomer"].locale == "en" and "Meet Claire" in intros["newcomer"].subject
    assert "06 11 22 33 44" in intros["newcomer"].body
    assert newcomer.email in intros["volunteer"].body
    assert "Idée pour une première rencontre" in intros["volunteer"].body
    assert "samedi matin" in intros["volunteer"].body


def test_ending_a_pairing_that_did_not_work_puts_the_newcomer_back_in_line(app, client, session):
    newcomer, volunteer = _town_with_a_good_pair(session)
    with app.app_context():
        [proposal] = run_matching(session, NOW, review=False).proposals
        proposals.volunteer_accepts(session, NOW, proposal)
        proposals.newcomer_confirms(session, NOW, proposal)
        session.commit()
    session.expire_all()
    waiting_since = session.get(Newcomer, newcomer.id).waiting_since
    assert waiting_since == NOW
    page = _page(volunteer, "benevole")
    client.post(f"{page}/propositions/{proposal.id}/fin",
                data={"reason": "not_working", "note": "Pas d'atomes crochus",
                      "csrf_token": csrf(client, page)})
    session.expire_all()
    proposal = session.get(Proposal, proposal.id)
    assert (proposal.status, proposal.end_reason) == ("ended", "not_working")
    again = session.get(Newcomer, newcomer.id)
    assert again.status == "waiting" and again.waiting_since == waiting_since
    assert session.get(Volunteer, volunteer.id).load == 0
    [ended] = outbox(session, "pairing_ended")
    assert ended.person_type == "newcomer"


def test_a_problem_report_alerts_every_coordinator(app, client, session):
    newcomer, volunteer = _town_with_a_good_pair(session)
    create_coordinator(session, NOW, "marie@villiers.fr", "un-long-mot-de-passe")
    create_coordinator(session, NOW, "paul@villiers.fr", "un-long-mot-de-passe")
    with app.app_context():
        [proposal] = run_matching(session, NOW, review=False).proposals
        proposals.volunteer_accepts(session, NOW, proposal)
        proposals.newcomer_confirms(session, NOW, proposal)
        session.commit()
    page = _page(newcomer, "arrivee")
    empty = client.post(f"{page}/propositions/{proposal.id}/probleme",
                        data={"message": "  ", "csrf_token": csrf(client, page)},
                        follow_redirects=True)
    # her page speaks her remembered language, English
    assert "Describe the problem in a few words." in empty.get_data(as_text=True)
    client.post(f"{page}/propositions/{proposal.id}/probleme",
                data={"message": "Il ne répond plus.", "csrf_token": csrf(client, page)})
    [report] = session.scalars(select(ProblemReport)).all()
    assert (report.reporter_type, report.message) == ("newcomer", "Il ne répond plus.")
    alerts = outbox(session, "problem_alert")
    assert sorted(m.to_address for m in alerts) == ["marie@villiers.fr", "paul@villiers.fr"]
    assert "Il ne répond plus." in alerts[0].body


def test_erasing_a_volunteer_tells_the_newcomer_and_puts_them_back(app, client, session):
    newcomer, volunteer = _town_with_a_good_pair(session)
    with app.app_context():
        [proposal] = run_matching(session, NOW, review=False).proposals
        proposals.volunteer_accepts(session, NOW, proposal)
        proposals.newcomer_confirms(session, NOW, proposal)
        session.commit()
    page = _page(volunteer, "benevole")
    client.post(f"{page}/supprimer", data={"confirm": "yes",
                                           "csrf_token": csrf(client, f"{page}/supprimer")})
    session.expunge_all()
    assert session.scalars(select(Volunteer)).all() == []
    assert session.scalars(select(Proposal)).all() == []
    assert session.get(Newcomer, newcomer.id).status == "waiting"
    assert [m.person_type for m in outbox(session, "pairing_ended")] == ["newcomer"]
