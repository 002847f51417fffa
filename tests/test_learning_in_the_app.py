"""The learned model in every place that ranks pairs (the weekly run, a draft's alternatives,
manual pairing), its predicted chance of success stored on the proposal and shown to
coordinators, and the "were the predictions right?" table of the engine page.

A real model is fitted on synthetic score components (success hinges on free time in
common and the same language, a little against living in the same neighbourhood) and
stands for what `matcher.learning.learn` would make of a long history: the database holds
only one outcome, far too few to learn from for real (that case is tested too)."""
import html
import re
from datetime import timedelta
from typing import Any

import factories
import numpy as np
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

import matcher
from matcher import learning
from web import migrate
from web.models import Proposal, Setting
from web.services import outcomes
from web.services.accounts import create_coordinator
from web.services.engine_settings import MODEL_SETTING
from web.services.matching import configured_engine, run_matching
from web.services.proposals import create_proposal
from web.services.review import alternatives

PASSWORD = "correct horse battery"
REVIEW = "/coordination/propositions/a-valider"
PAIRING = "/coordination/binome"
ENGINE = "/coordination/moteur"
SHOWN = re.compile(r"Chance de succès estimée : (\d+)\s?%")


def fitted_model() -> learning.Learned:
    """A logistic regression fitted on 2,000 synthetic pairs, reported as used."""
    rng = np.random.default_rng(13)
    names = tuple(matcher.COMPONENTS)
    X = rng.random((2000, len(names)))
    c = dict(zip(names, X.T, strict=True))
    z = -3 + 4 * c["availability"] + 3 * c["language"] - 1.5 * c["neighbourhood"]
    y = rng.random(2000) < 1 / (1 + np.exp(-z))
    report = matcher.ModelReport(used=True, reason="The model learned is used.",
                                 outcomes=2000, positives=int(y.sum()))
    return learning.Learned(report, names, learning._pipeline().fit(X, y))


MODEL = fitted_model()


@pytest.fixture
def admin_client(client, session):
    create_coordinator(session, NOW, "anne.admin@villiers.example", PASSWORD, name="Anne",
                       role="admin")
    session.commit()
    return log_in_coordinator(client, "anne.admin@villiers.example", PASSWORD)


@pytest.fixture
def learned(monkeypatch):
    """The engine learns MODEL whenever it learns (weekly run, pages, admin screen)."""
    calls = []

    def learn(problem):
        calls.append(problem)
        return MODEL

    monkeypatch.setattr(learning, "learn", learn)
    return calls


def town(session, *, switch: str | None = "learned") -> dict:
    """One waiting newcomer, five volunteers of different profiles, one past outcome (so the
    engine has a history), and the model switch."""
    places = factories.load_villiers(session)
    here, near = places["les-nangues"].id, places["le-plateau"].id
    newcomer = factories.newcomer(session, first_name="Olena", neighbourhood_id=here,
                                  languages=["uk", "fr"], interests=["cuisine"],
                                  availability=0b1111)
    volunteers = [
        factories.volunteer(session, first_name=name, neighbourhood_id=hood, languages=langs,
                            interests=interests, availability=slots)
        for name, hood, langs, interests, slots in [
            ("Bernard", here, ["fr"], ["cuisine"], 0),
            ("Chloe", near, ["uk", "fr"], [], 0b1111),
            ("Denis", here, ["fr"], ["cuisine"], 0b1),
            ("Emma", near, ["fr"], [], 0b11),
            ("Farid", here, ["uk"], [], 0b110000)]]
    old_newcomer = factories.newcomer(session, neighbourhood_id=here, status="done")
    old_volunteer = factories.volunteer(session, neighbourhood_id=here,
                                        vetting_status="pending")
    session.add(Proposal(newcomer_id=old_newcomer.id, volunteer_id=old_volunteer.id,
                         status="expired", created_at=NOW - timedelta(days=60),
                         proposed_at=NOW - timedelta(days=60)))
    if switch:
        session.add(Setting(key=MODEL_SETTING, value=switch))
    session.commit()
    return {"newcomer": newcomer, "volunteers": volunteers}


def page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_run_stores_predictions_and_the_review_shows_them(admin_client, session, learned):
    town(session)
    outcome = run_matching(session, NOW, review=True)
    session.commit()
    [draft] = outcome.proposals
    assert len(learned) == 1 and learned[0].history  # learned once, from the history
    [pair] = [p for _, _, p, _ in outcome.pairs]
    assert pair.probability is not None
    predicted = draft.predicted_success
    assert predicted == pytest.approx(pair.probability)
    assert predicted is not None and 0 < predicted < 1
    text = page(admin_client.get(REVIEW))
    assert SHOWN.findall(text) == [str(round(100 * predicted))]
    person = page(admin_client.get(f"/coordination/arrivants/{draft.newcomer_id}"))
    assert SHOWN.findall(person) == [str(round(100 * predicted))]


def test_alternatives_are_ranked_by_the_learned_weights(admin_client, session, learned):
    made = town(session)
    [draft] = run_matching(session, NOW, review=True).proposals
    session.commit()
    swap = f"/coordination/propositions/{draft.id}/autre-binome"
    text = page(admin_client.get(swap))
    shown = [int(v) for v in re.findall(r'name="volunteer" value="(\d+)"', text)]
    options = alternatives(session, NOW, draft, limit=None)
    assert shown == [v.id for v, _, _ in options] and len(shown) == 4
    # The same order as the model's weights (probability + waiting boost) and each pair
    # shows its chance.
    weights = [p.weight for _, p, _ in options]
    assert weights == sorted(weights, reverse=True)
    assert SHOWN.findall(text) == [str(round(100 * p.probability)) for _, p, _ in options]
    problem, model = configured_engine(session, NOW, [draft.newcomer],
                                       [v for v, _, _ in options])
    assert model is MODEL
    by_default = matcher.rank_volunteers(problem, draft.newcomer_id, limit=None,
                                         learned=learning.Learned(
                                             matcher.ModelReport(False, "off", 0)))
    assert [p.volunteer for p in by_default] != shown  # the defaults would rank otherwise
    assert all(p.probability is None for p in by_default)
    # The newcomer's other volunteer and the draft's probability come from one model.
    chosen_id, chosen = shown[-1], options[-1][1]
    response = admin_client.post(swap, data={"csrf_token": csrf(admin_client, swap),
                                             "volunteer": str(chosen_id)})
    assert response.status_code == 302
    session.expire_all()
    new = session.scalars(select(Proposal).where(Proposal.status == "draft")).one()
    assert new.volunteer_id == chosen_id
    assert new.predicted_success == pytest.approx(chosen.probability)
    assert made["newcomer"].id == new.newcomer_id


def test_manual_pairing_shows_and_stores_the_probability(admin_client, session, learned):
    made = town(session)
    newcomer, volunteer = made["newcomer"], made["volunteers"][1]
    url = f"{PAIRING}?newcomer={newcomer.id}&volunteer={volunteer.id}"
    text = page(admin_client.get(url))
    [percent] = SHOWN.findall(text)
    problem, model = configured_engine(session, NOW, [newcomer], [volunteer])
    said = matcher.explain_pair(problem, newcomer.id, volunteer.id, learned=model)
    assert said.probability is not None  # the model is used
    assert percent == str(round(100 * said.probability))
    response = admin_client.post(PAIRING, data={
        "newcomer": str(newcomer.id), "volunteer": str(volunteer.id),
        "csrf_token": csrf(admin_client, url)})
    assert response.status_code == 302
    session.expire_all()
    made_by_hand = session.scalars(select(Proposal).where(Proposal.source == "coordinator")).one()
    assert made_by_hand.predicted_success == pytest.approx(said.probability)


def test_a_refused_pairing_shown_again_learns_once(admin_client, session, learned):
    made = town(session)
    newcomer, full = made["newcomer"], made["volunteers"][0]
    session.execute(text("UPDATE volunteer SET load = capacity WHERE id = :v"), {"v": full.id})
    session.commit()
    url = f"{PAIRING}?newcomer={newcomer.id}&volunteer={full.id}"
    token = csrf(admin_client, url)
    learned.clear()
    response = admin_client.post(PAIRING, data={
        "newcomer": str(newcomer.id), "volunteer": str(full.id), "csrf_token": token})
    text_shown = page(response)  # the capacity question, with the engine's view again
    assert len(SHOWN.findall(text_shown)) == 1
    assert len(learned) == 1
    assert session.scalars(select(Proposal).where(Proposal.source == "coordinator")).all() == []


@pytest.mark.parametrize("case", ["switched_off", "too_few_outcomes"])
def test_without_the_model_nothing_is_shown_nor_stored(admin_client, session, case):
    # No model stand-in here: with the switch on, the engine really learns from the one
    # outcome in the database and keeps the defaults.
    made = town(session, switch=None if case == "switched_off" else "learned")
    [draft] = run_matching(session, NOW, review=True).proposals
    session.commit()
    assert draft.predicted_success is None
    assert not SHOWN.search(page(admin_client.get(REVIEW)))
    swap = f"/coordination/propositions/{draft.id}/autre-binome"
    assert not SHOWN.search(page(admin_client.get(swap)))
    newcomer = made["newcomer"]
    others = [v for v in made["volunteers"] if v.id != draft.volunteer_id]
    url = f"{PAIRING}?newcomer={newcomer.id}&volunteer={others[0].id}"
    assert not SHOWN.search(page(admin_client.get(url)))
    assert not SHOWN.search(page(admin_client.get(f"/coordination/arrivants/{newcomer.id}")))
    assert "Aucune proposition faite avec le modèle appris n'a encore de résultat final." \
        in page(admin_client.get(ENGINE))


def _outcome(session, hood, predicted, status, *, days_active=None, days_ended=None,
             end_reason=None):
    newcomer = factories.newcomer(session, neighbourhood_id=hood, status="done")
    volunteer = factories.volunteer(session, neighbourhood_id=hood)
    activated = NOW - timedelta(days=days_active) if days_active is not None else None
    session.add(Proposal(newcomer_id=newcomer.id, volunteer_id=volunteer.id, status=status,
                         predicted_success=predicted, created_at=NOW - timedelta(days=200),
                         proposed_at=NOW - timedelta(days=199), activated_at=activated,
                         end_reason=end_reason,
                         ended_at=activated + timedelta(days=days_ended)
                         if activated is not None and days_ended is not None else None))


def test_the_calibration_table_counts_final_outcomes_by_band(admin_client, session):
    hood = factories.load_villiers(session)["les-nangues"].id
    #: (predicted success, status, _outcome's keyword arguments: numbers and a reason)
    cases: list[tuple[float | None, str, dict[str, Any]]] = [
        (0.05, "declined_by_volunteer", {}), (0.19, "expired", {}),
        (0.2, "ended", dict(days_active=100, days_ended=20, end_reason="not_working")),
        (0.65, "ended", dict(days_active=100, days_ended=40, end_reason="completed")),
        (0.7, "active", dict(days_active=120)), (0.79, "declined_by_newcomer", {}),
        (1.0, "active", dict(days_active=200)),
        # left out: too recent to say, no answer yet, set aside, no prediction
        (0.9, "active", dict(days_active=10)), (0.5, "proposed", {}),
        (0.5, "rejected", {}), (None, "expired", {})]
    for predicted, status, extra in cases:
        _outcome(session, hood, predicted, status, **extra)
    session.commit()
    bands = outcomes.calibration(session, NOW)
    assert [(b.low, b.high, b.proposals, b.lasting) for b in bands] == [
        (0.0, 0.2, 2, 0), (0.2, 0.4, 1, 0), (0.4, 0.6, 0, 0), (0.6, 0.8, 3, 2),
        (0.8, 1.0, 1, 1)]
    assert bands[2].share is None and bands[3].share == pytest.approx(2 / 3)
    text = page(admin_client.get(ENGINE))
    assert "Les prédictions étaient-elles justes ?" in text
    rows = re.findall(r'<tr><th scope="row"[^>]*>(\d+)\s?% à (\d+)\s?%</th><td[^>]*>(\d+)</td>'
                      r'<td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td></tr>', text)
    assert [(low, high, n, ok, re.sub(r"\s", "", share)) for low, high, n, ok, share in rows] \
        == [("0", "20", "2", "0", "0%"), ("20", "40", "1", "0", "0%"),
            ("40", "60", "0", "0", "–"), ("60", "80", "3", "2", "67%"),
            ("80", "100", "1", "1", "100%")]


def test_the_database_refuses_a_probability_outside_0_and_1(session):
    hood = factories.load_villiers(session)["les-nangues"].id
    newcomer = factories.newcomer(session, neighbourhood_id=hood)
    volunteer = factories.volunteer(session, neighbourhood_id=hood)
    proposal = create_proposal(session, NOW, newcomer.id, volunteer.id, predicted_success=1.0)
    session.commit()
    assert proposal.predicted_success == 1.0
    for wrong in (1.5, -0.01):
        with pytest.raises(IntegrityError), session.begin_nested():
            session.execute(text("UPDATE proposal SET predicted_success = :p"), {"p": wrong})


def test_migration_0010_up_and_down_keeps_the_proposals(database_url, session):
    hood = factories.load_villiers(session)["les-nangues"].id
    newcomer = factories.newcomer(session, neighbourhood_id=hood)
    volunteer = factories.volunteer(session, neighbourhood_id=hood)
    create_proposal(session, NOW, newcomer.id, volunteer.id, predicted_success=0.42)
    session.commit()
    session.close()
    engine = create_engine(database_url)
    try:
        migrate.downgrade(engine, "0009")
        columns = {c["name"] for c in inspect(engine).get_columns("proposal")}
        assert "predicted_success" not in columns and "score" in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM proposal")).scalar() == 1
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision() == "0011"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT predicted_success FROM proposal")).all() == [(None,)]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE proposal SET predicted_success = -0.1"))
    finally:
        engine.dispose()
