"""In a real browser at 320 px: the pages that show the learned model's chance of success
(draft review, another buddy, manual pairing, the newcomer's page, the engine's "were the
predictions right?" table) fit the screen and pass axe-core's WCAG 2.1 A/AA rules."""
from datetime import UTC, datetime, timedelta

import factories
import pytest
from a11y import report, violations
from test_learning_in_the_app import MODEL, PASSWORD, town

from matcher import learning
from web.models import Proposal
from web.services import accounts
from web.services.matching import run_matching

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_pages_with_predictions_fit_320_px_and_pass_axe(app, live_server, browser, session,
                                                        monkeypatch):
    monkeypatch.setattr(learning, "learn", lambda problem: MODEL)
    now = datetime.now(UTC)  # the live server reads the real clock
    with app.test_request_context():
        accounts.create_coordinator(session, now, "ines@villiers.example", PASSWORD,
                                        name="Inès", role="admin")
        made = town(session)
        [draft] = run_matching(session, now, review=True).proposals
        hood = made["newcomer"].neighbourhood_id
        for predicted, status in [(0.15, "expired"), (0.75, "declined_by_newcomer")]:
            session.add(Proposal(
                newcomer_id=factories.newcomer(session, neighbourhood_id=hood, status="done").id,
                volunteer_id=factories.volunteer(session, neighbourhood_id=hood).id,
                status=status, predicted_success=predicted,
                created_at=now - timedelta(days=30), proposed_at=now - timedelta(days=30)))
        session.commit()
    assert draft.predicted_success is not None
    other = next(v for v in made["volunteers"] if v.id != draft.volunteer_id)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    found, wide = {}, []
    try:
        page.goto(live_server + "/coordination/connexion")
        page.get_by_label("Adresse e-mail").fill("ines@villiers.example")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server + "/coordination/")
        for path in ["/coordination/propositions/a-valider",
                     f"/coordination/propositions/{draft.id}/autre-binome",
                     f"/coordination/binome?newcomer={draft.newcomer_id}&volunteer={other.id}",
                     f"/coordination/arrivants/{draft.newcomer_id}",
                     "/coordination/moteur#predictions"]:
            response = page.goto(live_server + path)
            assert response.status == 200, path
            assert page.get_by_text("Chance de succès estimée").count() or \
                page.get_by_text("Les prédictions étaient-elles justes ?").count(), path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide.append(f"{path}: {width} px")
            said = violations(page)
            if said:
                found[path] = said
    finally:
        context.close()
    assert not wide, wide
    assert not found, "\n" + report(found)
