"""The engine's admin screen (/coordination/moteur): what it learned, the default/learned
switch, the weights and limits; and the history of outcomes read from the database."""
import html
import re
from datetime import timedelta

import factories
import pytest
from conftest import NOW, PASSWORD
from journeys import csrf, log_in_coordinator
from sqlalchemy import select

import matcher
from web.models import AuditEntry, Neighbourhood, Proposal, Setting
from web.services import engine_settings, outcomes
from web.services.accounts import create_coordinator
from web.services.matching import ENGINE_SETTINGS, build_problem, run_matching

PAGE = "/coordination/moteur"
SAVE = PAGE + "/reglages"
RESET = PAGE + "/par-defaut"
SWITCH = PAGE + "/modele"


@pytest.fixture
def admin_client(client, admin):
    return log_in_coordinator(client, admin.email, PASSWORD)


def form_values(**changes) -> dict:
    """Every field of the weights and limits form at its default, with `changes`."""
    values = {name: str(limit.default) for name, limit in engine_settings.LIMITS.items()}
    values.update(changes)
    return values


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def audits(session, action: str) -> list[AuditEntry]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def stored(session, key: str):
    session.expire_all()
    row = session.get(Setting, key)
    return None if row is None else row.value


def test_only_admins(client, session, admin):
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    log_in_coordinator(client, "claire@villiers.example", PASSWORD)
    assert f'href="{PAGE}"' not in client.get("/coordination/").get_data(as_text=True)
    assert client.get(PAGE).status_code == 403
    token = csrf(client, "/coordination/mot-de-passe")
    for url, data in [(SAVE, form_values(max_distance_km="2")), (RESET, {}),
                      (SWITCH, {"model": "learned", "confirm": "y"})]:
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403
    assert stored(session, ENGINE_SETTINGS) is None
    assert stored(session, engine_settings.MODEL_SETTING) is None


def test_admin_sees_the_page_in_french_and_english(admin_client):
    assert f'href="{PAGE}"' in admin_client.get("/coordination/").get_data(as_text=True)
    french = page_text(admin_client.get(PAGE))
    for said in ("Moteur d'appariement", "Ce que le moteur a appris", "Poids par défaut",
                 "Modèle appris", "Poids : Quartier proche", "Distance maximale (km)",
                 "Par défaut : 0,3. Entre 0 et 1.", "Revenir aux valeurs par défaut"):
        assert said in french
    admin_client.get("/langue/en")
    english = page_text(admin_client.get(PAGE))
    assert '<html lang="en"' in english
    for said in ("Matching engine", "What the engine learned", "Default weights",
                 "Learned model", "Weight: Nearby neighbourhood", "Maximum distance (km)",
                 "Default: 0.3. Between 0 and 1.", "Back to the default values"):
        assert said in english


def test_bad_numbers_are_named_kept_and_nothing_is_stored(admin_client, session):
    data = form_values(weight_interests="beaucoup", max_distance_km="200", boost_cap="0,5")
    response = admin_client.post(SAVE, data={"csrf_token": csrf(admin_client, PAGE), **data})
    assert response.status_code == 400
    text = page_text(response)
    assert "Poids : Intérêts communs : indiquez un nombre entre 0 et 1." in text
    assert "Distance maximale (km) : indiquez un nombre entre 0,5 et 50." in text
    assert "Rien n'est enregistré : corrigez les champs signalés." in text
    assert 'value="beaucoup"' in text and 'value="200"' in text and 'value="0,5"' in text
    assert re.search(r'id="weight_interests"[^>]*aria-invalid="true"', text) or \
        re.search(r'aria-invalid="true"[^>]*id="weight_interests"', text)
    assert stored(session, ENGINE_SETTINGS) is None
    assert audits(session, "engine.settings_changed") == []

    admin_client.get("/langue/en")
    zeros = {name: "0" for name in engine_settings.LIMITS if name.startswith("weight_")}
    data = form_values(**{**zeros, "weight_interests": ""})
    text = page_text(admin_client.post(SAVE, data={"csrf_token": csrf(admin_client, PAGE),
                                                   **data}))
    assert "Weight: Shared interests: type a number from 0 to 1." in text
    data = form_values(**{name: "0" for name in engine_settings.LIMITS
                          if name.startswith("weight_")})
    text = page_text(admin_client.post(SAVE, data={"csrf_token": csrf(admin_client, PAGE),
                                                   **data}))
    assert "At least one weight must be above 0." in text
    assert stored(session, ENGINE_SETTINGS) is None


def test_saving_stores_what_differs_audits_and_the_run_uses_it(admin_client, session,
                                                               monkeypatch):
    session.add(Setting(key=ENGINE_SETTINGS, value={"solver": "sparse"}))
    session.commit()
    data = form_values(weight_neighbourhood="0,4", max_distance_km="2")
    response = admin_client.post(SAVE, data={"csrf_token": csrf(admin_client, PAGE), **data})
    assert response.status_code == 302
    assert stored(session, ENGINE_SETTINGS) == {"solver": "sparse", "max_distance_km": 2.0,
                                                "weights": {"neighbourhood": 0.4}}
    [entry] = audits(session, "engine.settings_changed")
    assert entry.details["before"] == {"weight_neighbourhood": 0.3, "max_distance_km": 5.0}
    assert entry.details["after"] == {"weight_neighbourhood": 0.4, "max_distance_km": 2.0}
    assert 'value="0,4"' in page_text(admin_client.get(PAGE))

    seen = []
    real_match = matcher.match

    def match_and_keep(problem, **kw):
        seen.append(problem)
        return real_match(problem, **kw)

    monkeypatch.setattr(matcher, "match", match_and_keep)
    run_matching(session, NOW, dry_run=True)
    assert seen[0].settings.max_distance_km == 2.0
    assert seen[0].settings.weights == {"neighbourhood": 0.4}
    assert seen[0].settings.solver == "sparse"

    asked = admin_client.post(RESET, data={"csrf_token": csrf(admin_client, PAGE)})
    assert asked.status_code == 200  # first the confirmation, with how many values change
    assert "Rétablir les poids et limites par défaut ?" in asked.get_data(as_text=True)
    assert len(audits(session, "engine.settings_changed")) == 1
    response = admin_client.post(RESET, data={"csrf_token": csrf(admin_client, PAGE),
                                              "confirm": "yes"})
    assert response.status_code == 302
    assert stored(session, ENGINE_SETTINGS) == {"solver": "sparse"}
    assert len(audits(session, "engine.settings_changed")) == 2
    assert build_problem(session, NOW).settings.max_distance_km == 5.0


def _pair(session, status: str, *, days_active: int | None = None,
          days_ended: int | None = None, end_reason: str | None = None) -> Proposal:
    """A proposal in `status`, activated `days_active` days before NOW and ended
    `days_ended` days after that."""
    hood = session.scalar(select(Neighbourhood.id).order_by(Neighbourhood.id))
    newcomer = factories.newcomer(session, neighbourhood_id=hood)
    volunteer = factories.volunteer(session, neighbourhood_id=hood)
    activated = NOW - timedelta(days=days_active) if days_active is not None else None
    proposal = Proposal(newcomer_id=newcomer.id, volunteer_id=volunteer.id, status=status,
                        created_at=NOW - timedelta(days=200),
                        proposed_at=None if status == "draft" else NOW - timedelta(days=199),
                        activated_at=activated, end_reason=end_reason,
                        ended_at=activated + timedelta(days=days_ended)
                        if activated is not None and days_ended is not None else None)
    session.add(proposal)
    session.flush()
    return proposal


def history_fixture(session) -> dict:
    """One proposal of each kind; returns {label: proposal}."""
    factories.load_villiers(session)
    made = {
        "draft": _pair(session, "draft"), "proposed": _pair(session, "proposed"),
        "rejected": _pair(session, "rejected"), "accepted": _pair(session, "accepted"),
        "declined_v": _pair(session, "declined_by_volunteer"),
        "declined_n": _pair(session, "declined_by_newcomer"),
        "expired": _pair(session, "expired"),
        "active_recent": _pair(session, "active", days_active=30),
        "active_long": _pair(session, "active", days_active=120),
        "completed_soon": _pair(session, "ended", days_active=100, days_ended=40,
                                end_reason="completed"),
        "not_working": _pair(session, "ended", days_active=100, days_ended=20,
                             end_reason="not_working"),
        "problem": _pair(session, "ended", days_active=100, days_ended=5, end_reason="problem"),
        "withdrawn_late": _pair(session, "ended", days_active=150, days_ended=120,
                                end_reason="withdrawn"),
    }
    session.commit()
    return made


def test_history_maps_each_status(session):
    made = history_fixture(session)
    items = outcomes.history(session, NOW)
    by_newcomer = {item.newcomer.id: item for item in items}
    expected = {"declined_v": "declined", "declined_n": "declined", "expired": "expired",
                "active_recent": "accepted", "active_long": "lasting",
                "completed_soon": "lasting", "not_working": "ended_early",
                "problem": "ended_early", "withdrawn_late": "lasting"}
    assert {label: by_newcomer[made[label].newcomer_id].outcome for label in expected} == expected
    unplaced = factories.newcomer(session)
    session.add(Proposal(newcomer_id=unplaced.id, volunteer_id=made["expired"].volunteer_id,
                         status="expired", created_at=NOW))
    session.commit()
    assert len(outcomes.history(session, NOW)) == len(items)
    for left_out in ("draft", "proposed", "rejected", "accepted"):
        assert made[left_out].newcomer_id not in by_newcomer
    item = by_newcomer[made["expired"].newcomer_id]
    assert item.proposed_on == (NOW - timedelta(days=199)).date()
    assert isinstance(item.newcomer, matcher.Newcomer) and item.newcomer.languages == ("fr", "ar")
    assert isinstance(item.volunteer, matcher.Volunteer)
    assert outcomes.counts(items) == {"declined": 2, "expired": 1, "ended_early": 2,
                                      "accepted": 1, "lasting": 3}


def test_the_switch_is_confirmed_audited_and_decides_the_history(admin_client, session):
    history_fixture(session)
    problem = build_problem(session, NOW)
    assert problem.history == () and problem.settings.learning == "off"

    response = admin_client.post(SWITCH, data={"csrf_token": csrf(admin_client, PAGE),
                                               "model": "learned"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Cochez la case pour confirmer le changement." in text
    assert re.search(r'value="learned" checked', text)
    assert stored(session, engine_settings.MODEL_SETTING) is None

    response = admin_client.post(SWITCH, data={"csrf_token": csrf(admin_client, PAGE),
                                               "model": "learned", "confirm": "y"})
    assert response.status_code == 302
    assert stored(session, engine_settings.MODEL_SETTING) == "learned"
    [entry] = audits(session, "engine.model_changed")
    assert entry.details == {"before": "default", "after": "learned"}
    problem = build_problem(session, NOW)
    assert problem.settings.learning == "auto" and len(problem.history) == 9
    assert run_matching(session, NOW, dry_run=True).stats is not None  # a run with history
    assert "Maintenant : Modèle appris." in page_text(admin_client.get(PAGE))

    admin_client.post(SWITCH, data={"csrf_token": csrf(admin_client, PAGE),
                                    "model": "default", "confirm": "y"})
    assert len(audits(session, "engine.model_changed")) == 2
    problem = build_problem(session, NOW)
    assert problem.history == () and problem.settings.learning == "off"


def test_the_page_shows_the_outcomes_and_what_was_learned(admin_client, session):
    history_fixture(session)
    text = page_text(admin_client.get(PAGE))
    assert re.search(r"Arrêtées avant trois mois</th><td[^>]*>2</td>", text)
    assert re.search(r"Durables \(trois mois ou terminées\)</th><td[^>]*>3</td>", text)
    report, counts = outcomes.model_report(session, NOW)
    assert counts["lasting"] == 3
    # Too few outcomes to learn from: the engine says so, in French.
    assert not report.used and report.outcomes == 9
    assert "Le modèle appris ne fait pas mieux que les poids par défaut." in text
    assert "Propositions avec un résultat : 9, dont 4 réussies." in text
    assert report.explanation["fr"][0] in text
    assert "Seulement 9 résultats connus (il en faut 200)" in text


def test_no_outcome_yet(admin_client):
    text = page_text(admin_client.get(PAGE))
    assert "Aucune proposition n'a encore de résultat : le moteur ne peut rien apprendre." \
        in text


def test_a_model_that_does_better_is_shown_in_words_and_figures(admin_client, session,
                                                               monkeypatch):
    history_fixture(session)
    report = matcher.ModelReport(
        used=True, reason="The model learned from 9 proposals is used.", outcomes=9,
        positives=4, quality={"held_out": 3.0, "trained": 6.0, "model_log_loss": 0.41,
                              "default_log_loss": 0.52, "model_auc": 0.8,
                              "default_auc": 0.7},
        effects={"neighbourhood": 2.5, "age": 0.9},
        explanation={"fr": ("Le modèle appris sur 9 propositions est utilisé.",),
                     "en": ("The model learned from 9 proposals is used.",)})
    seen = []

    def learn(problem):
        seen.append(problem)
        return type("Learned", (), {"report": report})()

    monkeypatch.setattr(outcomes.learning, "learn", learn)
    text = page_text(admin_client.get(PAGE))
    assert len(seen[0].history) == 9 and seen[0].settings.learning == "auto"
    assert "Le modèle appris prédit mieux que les poids par défaut." in text
    assert "Propositions avec un résultat : 9, dont 4 réussies." in text
    assert "<li>Le modèle appris sur 9 propositions est utilisé.</li>" in text
    assert re.search(r"Perte logarithmique <span[^>]*>\(plus bas, mieux\)</span></th>\s*"
                     r"<td[^>]*>0,41</td>\s*<td[^>]*>0,52</td>\s*<td[^>]*>Modèle appris</td>", text)
    assert re.search(r"AUC <span[^>]*>\(plus haut, mieux\)</span></th>\s*"
                     r"<td[^>]*>0,8</td>\s*<td[^>]*>0,7</td>\s*<td[^>]*>Modèle appris</td>", text)
    assert "Appris sur les 6 propositions les plus anciennes, vérifié sur les 3 plus récentes." \
        in text
    assert re.search(r"Quartier proche</th><td[^>]*>× 2,5</td>", text)
    assert re.search(r"Âge</th><td[^>]*>× 0,9</td>", text)
