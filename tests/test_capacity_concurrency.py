"""Races on PostgreSQL: a volunteer's capacity and one answer per proposal hold under load.

Threads released together by a barrier, each with its own database session (or its own
HTTP client), try to take the same places or give the same answer at the same moment.
The database decides: exactly the allowed number win, the others are refused cleanly.
Each race is repeated a few rounds on fresh rows.
"""
import html
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import factories
import pytest
from conftest import NOW
from journeys import regex_group
from sqlalchemy import event, func, select, text

from web.models import AuditEntry, OutboxMessage, Proposal, Volunteer
from web.services import links, proposals
from web.services.proposals import CapacityError

ROUNDS = 5
CSRF_RE = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def database_url(postgres_database):
    """PostgreSQL only: SQLite serialises every writer, so it has no race to lose."""
    return postgres_database

def _race(n, work):
    """Run work(i) in n threads released at the same moment; the results, or exceptions."""
    barrier = threading.Barrier(n, timeout=30)

    def run(i):
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:  # the outcome of a racer, compared by the test
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def _propose_in_own_session(app, newcomer_id, volunteer_id):
    """One racer: create the proposal in its own session and commit; CapacityError if refused."""
    with app.extensions["db_sessionmaker"]() as db:
        try:
            proposal = proposals.create_proposal(db, NOW, newcomer_id, volunteer_id)
            db.commit()
            return proposal.id
        except BaseException:
            db.rollback()
            raise


def _place_race(app, session, newcomer_ids, volunteer_ids):
    """Race one create_proposal call per (newcomer, volunteer) pair; each racer's result."""
    pairs = list(zip(newcomer_ids, volunteer_ids, strict=True))
    results = _race(len(pairs), lambda i: _propose_in_own_session(app, *pairs[i]))
    session.expire_all()
    return results


def _split(results):
    won = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, CapacityError)]
    others = [r for r in results if not isinstance(r, (int, CapacityError))]
    assert not others, others
    return won, refused


def _open_proposals(session, volunteer_id):
    return session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.volunteer_id == volunteer_id, Proposal.status == "proposed"))


@pytest.mark.parametrize("capacity,racers", [(1, 2), (2, 3)])
def test_concurrent_proposals_never_exceed_the_volunteers_capacity(app, session, capacity,
                                                                    racers):
    for _ in range(ROUNDS):
        volunteer = factories.volunteer(session, capacity=capacity)
        newcomers = [factories.newcomer(session) for _ in range(racers)]
        session.commit()

        results = _place_race(app, session, [n.id for n in newcomers],
                              [volunteer.id] * racers)

        won, refused = _split(results)
        assert (len(won), len(refused)) == (capacity, racers - capacity)
        assert session.get(Volunteer, volunteer.id).load == capacity
        assert _open_proposals(session, volunteer.id) == capacity
        winners = set(session.scalars(select(Proposal.newcomer_id)
                                      .where(Proposal.volunteer_id == volunteer.id)))
        assert len(winners) == capacity


def test_a_newcomer_proposed_to_two_volunteers_at_once_gets_one_proposal(app, session):
    for _ in range(ROUNDS):
        newcomer = factories.newcomer(session)
        first, second = factories.volunteer(session), factories.volunteer(session)
        session.commit()

        results = _place_race(app, session, [newcomer.id] * 2, [first.id, second.id])

        won, refused = _split(results)
        assert (len(won), len(refused)) == (1, 1)
        # The refused volunteer's reserved place was given back.
        assert sorted(session.get(Volunteer, v.id).load for v in (first, second)) == [0, 1]
        assert session.scalar(select(func.count()).select_from(Proposal)
                              .where(Proposal.newcomer_id == newcomer.id)) == 1


def _token(app, person):
    """A personal link made now: the pages check links against the real clock."""
    return links.make_token(links.LinkSettings(app.config["SECRET_KEY"]),
                            datetime.now(UTC), person)


def _ready_client(app, page):
    """A client that opened `page` (as a second tab would) and holds its CSRF token."""
    client = app.test_client()
    response = client.get(page)
    assert response.status_code == 200, page
    return client, regex_group(CSRF_RE, response.get_data(as_text=True))


def _click_twice(app, page, action):
    """Two tabs on `page` submit `action` (answer yes) at the same moment; the two flashes."""
    tabs = [_ready_client(app, page) for _ in range(2)]

    def click(i):
        client, csrf = tabs[i]
        response = client.post(action, data={"answer": "yes", "csrf_token": csrf})
        assert response.status_code == 302
        return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))

    pages = _race(2, click)
    for result in pages:
        if isinstance(result, Exception):
            raise result
    return pages


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _pair(session):
    towns = factories.load_villiers(session)
    newcomer = factories.newcomer(session, neighbourhood_id=towns["les-nangues"].id)
    volunteer = factories.volunteer(session, neighbourhood_id=towns["les-nangues"].id)
    proposal = proposals.create_proposal(session, NOW, newcomer.id, volunteer.id,
                                         reasons={"fr": ["Même quartier : Les Nangues"],
                                                  "en": ["Same neighbourhood: Les Nangues"]})
    session.commit()
    return newcomer, volunteer, proposal


def test_the_volunteer_accepting_twice_at_once_makes_one_transition_and_one_email(app,
                                                                                 session):
    for _ in range(ROUNDS):
        newcomer, volunteer, proposal = _pair(session)
        page = f"/benevole/{_token(app, volunteer)}"

        pages = _click_twice(app, page, f"{page}/propositions/{proposal.id}/reponse")

        thanks = f"Merci ! Nous demandons à {newcomer.first_name} de confirmer."
        assert sorted(thanks in p for p in pages) == [False, True]
        assert sum("Cette proposition a déjà reçu une réponse." in p for p in pages) == 1
        session.expire_all()
        assert session.get(Proposal, proposal.id).status == "accepted"
        assert session.get(Volunteer, volunteer.id).load == 1
        assert _count(session, OutboxMessage, OutboxMessage.kind == "proposal_newcomer",
                      OutboxMessage.person_id == newcomer.id) == 1
        assert _count(session, AuditEntry, AuditEntry.action == "proposal.accepted",
                      AuditEntry.target_id == proposal.id) == 1


def test_the_newcomer_confirming_twice_at_once_sends_one_introduction_each(app, session):
    for _ in range(ROUNDS):
        newcomer, volunteer, proposal = _pair(session)
        with app.app_context():
            proposals.volunteer_accepts(session, NOW, proposal)
        session.commit()
        page = f"/arrivee/{_token(app, newcomer)}"

        pages = _click_twice(app, page, f"{page}/propositions/{proposal.id}/reponse")

        assert sum("C'est fait ! Vous recevez les coordonnées de votre binôme." in p
                   for p in pages) == 1
        session.expire_all()
        assert session.get(Proposal, proposal.id).status == "active"
        assert session.get(Volunteer, volunteer.id).load == 1
        introductions = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "introduction",
            OutboxMessage.to_address.in_([newcomer.email, volunteer.email]))).all()
        assert sorted(m.to_address for m in introductions) == sorted(
            [newcomer.email, volunteer.email])
        assert _count(session, AuditEntry, AuditEntry.action == "proposal.activated",
                      AuditEntry.target_id == proposal.id) == 1


def _propose_with_lock_timeout(app, newcomer_id, volunteer_id):
    """Like _propose_in_own_session, but a lock wait ends in an error, never in a hang."""
    with app.extensions["db_sessionmaker"]() as db:
        db.execute(text("SET LOCAL lock_timeout = '10s'"))
        proposal = proposals.create_proposal(db, NOW, newcomer_id, volunteer_id)
        db.commit()
        return proposal.id


def test_a_place_taken_while_the_volunteer_lowers_their_capacity_is_a_form_error(app,
                                                                                  session):
    """The profile page read the load, then a match run took a place before it saved."""
    towns = factories.load_villiers(session)
    volunteer = factories.volunteer(session, capacity=2, neighbourhood_id=towns["la-gare"].id,
                                    languages=["fr"], availability=0b1)
    first, second = factories.newcomer(session), factories.newcomer(session)
    proposals.create_proposal(session, NOW, first.id, volunteer.id)
    session.commit()
    page = f"/benevole/{_token(app, volunteer)}/profil"
    client, csrf = _ready_client(app, page)
    taken: list[int | None] = []  # the other transaction's proposal id

    def take_a_place_first(conn, cursor, statement, parameters, context, executemany):
        # Just before the profile writes the volunteer row (it holds no lock on it yet),
        # another transaction takes the second place and commits.
        if taken or not statement.startswith("UPDATE volunteer SET"):
            return
        taken.append(None)
        taken[0] = _propose_with_lock_timeout(app, second.id, volunteer.id)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", take_a_place_first)
    try:
        response = client.post(page, data={
            "csrf_token": csrf, "first_name": volunteer.first_name, "email": volunteer.email,
            "phone": "", "shared_contact": "email", "neighbourhood": str(towns["la-gare"].id),
            "languages": ["fr"], "availability": ["mon-morning"], "capacity": "1",
            "max_distance_km": "", "newcomer_gender": "", "gender": "", "household": ""})
    finally:
        event.remove(engine, "before_cursor_execute", take_a_place_first)

    assert len(taken) == 1 and isinstance(taken[0], int)
    assert response.status_code == 200
    assert "Vous accompagnez déjà 2 personnes" in html.unescape(response.get_data(as_text=True))
    session.expire_all()
    row = session.get(Volunteer, volunteer.id)
    assert (row.capacity, row.load) == (2, 2)
