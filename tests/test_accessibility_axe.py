"""axe-core finds no WCAG 2.1 A/AA violation on any page, on a 360 px phone.

Newcomers', volunteers' and public pages are scanned in French and in Arabic (right to
left); the coordinators' workspace, which stays French and English, in French. One browser
context per language; each page is loaded, sometimes driven (an empty intake submitted,
a search paused), then scanned. All violations are collected and reported together.
"""
from datetime import UTC, datetime, time, timedelta

import factories
import pytest
from a11y import report, violations
from sqlalchemy import select

from web.config import DATA_DIR
from web.models import Activity, Followup, MatchRun, OutboxMessage, Place
from web.services import followups, gatherings, links, proposals
from web.services.accounts import create_coordinator
from web.services.matching import run_matching
from web.services.programme_file import load_programme
from web.services.reference import load_town

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
SECRET = "test-secret-key"


@pytest.fixture
def database_url(sqlite_database):
    """Browser tests run on SQLite only: the pages do not depend on the database engine."""
    return sqlite_database


@pytest.fixture
def town(app, session):
    """Villiers with its programme, people in every state, a coordinator (admin), a run of
    drafts, a gathering; returns the paths of the pages to scan."""
    # The live server reads the real clock: the data is built at the same time.
    now = datetime.now(UTC)
    hoods = factories.load_villiers(session)
    town_file = load_town(str(DATA_DIR / "towns" / "villiers.json"))
    load_programme(session, town_file.programme_file, town_file.timezone)
    nangues = hoods["les-nangues"].id
    with app.test_request_context():
        admin = create_coordinator(session, now, "ines@villiers.example", PASSWORD, name="Inès",
                                   role="admin")
        accepted = factories.newcomer(session, first_name="Olena", neighbourhood_id=nangues)
        paired = factories.newcomer(session, first_name="Karim", neighbourhood_id=nangues)
        asked = factories.newcomer(session, first_name="Hamid", neighbourhood_id=nangues)
        buddy = factories.volunteer(session, first_name="Claire", neighbourhood_id=nangues)
        friend = factories.volunteer(session, first_name="Paul", neighbourhood_id=nangues)
        host = factories.volunteer(session, first_name="Lucie", neighbourhood_id=nangues)
        pending = factories.volunteer(session, first_name="Marc", vetting_status="pending",
                                      neighbourhood_id=nangues)
        proposal = proposals.create_proposal(session, now, accepted.id, buddy.id)
        proposals.volunteer_accepts(session, now, proposal)
        active = proposals.create_proposal(session, now, paired.id, friend.id)
        proposals.volunteer_accepts(session, now, active)
        proposals.newcomer_confirms(session, now, active)
        proposals.create_proposal(session, now, asked.id, host.id)
        followup = Followup(proposal_id=active.id, person_type="newcomer", person_id=paired.id,
                            stage="2w", sent_at=now)
        session.add(followup)
        # Drafts waiting for review: two more newcomers and one more volunteer.
        for name in ("Yusuf", "Darya"):
            factories.newcomer(session, first_name=name, neighbourhood_id=nangues)
        factories.volunteer(session, first_name="Sophie", neighbourhood_id=nangues, capacity=2)
        run_matching(session, now, review=True)
        # Created after the run, so that she has no proposal yet.
        waiting = factories.newcomer(session, first_name="Amina", neighbourhood_id=nangues,
                                     status="waiting", waiting_since=now - timedelta(days=9),
                                     availability=1 << 15)  # Saturday morning
        place = session.scalars(select(Place).where(Place.neighbourhood_id == nangues)
                                .order_by(Place.id)).first()
        saturday = now.date() + timedelta(days=(5 - now.weekday()) % 7 or 7)
        gathering = gatherings.schedule(
            session, now, admin, title="Café d'accueil", place=place,
            day=saturday, at=time(10, 0), tz_name=town_file.timezone)
        session.flush()
        suggested = gatherings.suggest(session, now, gathering, admin, town_file.timezone)
        assert waiting.id in {s.newcomer_id for s in suggested}
        session.expire(gathering, ["invitations"])
        gatherings.send_invitations(session, now, gathering, admin, [s.id for s in suggested])
        session.commit()
    settings = links.LinkSettings(SECRET)
    page = {person.first_name: links.make_token(settings, now, person)
            for person in (waiting, accepted, paired, buddy, host)}
    activity = session.scalars(select(Activity).order_by(Activity.id)).first()
    return {
        "waiting": f"/arrivee/{page['Amina']}",
        "accepted": f"/arrivee/{page['Olena']}",
        "paired": f"/arrivee/{page['Karim']}",
        "buddy": f"/benevole/{page['Claire']}",
        "asked_volunteer": f"/benevole/{page['Lucie']}",
        "followup": "/suivi/" + followups.make_token(SECRET, now, followup, "fine"),
        "place": f"/lieux/{place.slug}",
        "place_id": place.id, "activity_id": activity.id, "gathering_id": gathering.id,
        "newcomer_id": waiting.id, "volunteer_id": buddy.id, "pending_id": pending.id,
        "run_id": session.scalar(select(MatchRun.id).order_by(MatchRun.id.desc())),
        "message_id": session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id)),
        "admin": admin.email,
    }


def _context(browser, locale):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(5000)
    return context


#: the innermost elements that go past the right edge of a 360 px screen
_TOO_WIDE = """() => [...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > 361 &&
               ![...e.children].some(c => c.getBoundingClientRect().right > 361))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def _scan(page, label, found):
    """Scan the page now shown; keep its violations under `label` (a page wider than the
    screen counts as one too: WCAG 1.4.10, reflow)."""
    result = violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        result.append({"id": "reflow", "impact": "serious", "help": f"{width} px wide at 360 px",
                       "nodes": [{"target": target, "summary": "goes past the screen's edge"}
                                 for target in page.evaluate(_TOO_WIDE)]})
    if result:
        found[label] = result


def _visit(page, base, path, label, found):
    response = page.goto(base + path)
    assert response.status < 500, f"{label}: {path} answered {response.status}"
    _scan(page, label, found)


def test_the_scan_reports_what_it_finds(browser):
    """The helper itself: a field without a label and a low-contrast text are caught."""
    context = _context(browser, "fr-FR")
    page = context.new_page()
    try:
        page.set_content('<html lang="fr"><title>t</title><main><input type="text">'
                         '<p style="color:#bbb;background:#fff">pâle</p></main></html>')
        found = {v["id"]: v for v in violations(page)}
    finally:
        context.close()
    assert {"label", "color-contrast"} <= set(found)
    assert found["label"]["nodes"][0]["target"] == "input"
    assert "label" in report({"test": [found["label"]]})


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_public_newcomer_and_volunteer_pages(browser, live_server, town, language):
    context = _context(browser, "fr-FR")
    page = context.new_page()
    found: dict[str, list[dict]] = {}
    try:
        page.goto(f"{live_server}/langue/{language}")
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.dir || 'ltr'") == \
            ("rtl" if language == "ar" else "ltr")
        for label, path in [
            ("home", "/"), ("intake", "/arrivee/inscription"),
            ("newcomer page, waiting", town["waiting"]),
            ("newcomer page, proposal accepted by a volunteer", town["accepted"]),
            ("newcomer page, paired", town["paired"]),
            ("profile edit", town["waiting"] + "/profil"),
            ("intake step 2, interests", town["waiting"] + "/completer/2"),
            ("intake step 3, free time", town["waiting"] + "/completer/3"),
            ("intake step 4, details", town["waiting"] + "/completer/4"),
            ("erase confirmation", town["waiting"] + "/supprimer"),
            ("welcome sheet", town["waiting"] + "/fiche"),
            ("weekly e-mail unsubscribe", town["waiting"] + "/lettre/desabonnement"),
            ("short link error", "/l/zzzzzz"),
            ("find my link", "/mon-lien"), ("privacy", "/confidentialite"),
            ("volunteer signup", "/benevole/inscription"),
            ("volunteer page, a proposal to answer", town["asked_volunteer"]),
            ("volunteer page, paired", town["buddy"]),
            ("volunteer profile edit", town["buddy"] + "/profil"),
            ("agenda", "/agenda"), ("places", "/lieux"), ("a place", town["place"]),
            ("follow-up confirmation", town["followup"]),
            ("follow-up link error", "/suivi/not-a-token"),
            ("personal link error", "/arrivee/not-a-token"),
            ("page not found", "/nulle-part"),
        ]:
            _visit(page, live_server, path, f"[{language}] {label}", found)

        page.goto(live_server + "/arrivee/inscription")
        page.locator("form[novalidate] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".field-error").count() > 0
        _scan(page, f"[{language}] intake, empty form sent", found)

        page.goto(live_server + town["waiting"])
        page.locator("button[name=action][value=pause]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] newcomer page, paused", found)

        page.goto(live_server + "/benevole/inscription")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".field-error").count() > 0
        _scan(page, f"[{language}] volunteer signup, empty form sent", found)

        page.goto(live_server + "/mon-lien")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] find my link, empty form sent", found)
        page.locator("main form input:not([type=hidden])").first.fill("amina@example.org")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] link sent", found)

        page.goto(live_server + town["followup"])
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] follow-up answer recorded", found)

        page.goto(live_server + town["waiting"] + "/supprimer")
        page.locator("button[name=confirm][value=yes]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] data erased", found)
    finally:
        context.close()
    assert not found, "\n" + report(found)


def test_coordinator_pages(browser, live_server, town):
    context = _context(browser, "fr-FR")
    page = context.new_page()
    found: dict[str, list[dict]] = {}
    try:
        _visit(page, live_server, "/coordination/connexion", "login", found)
        page.get_by_label("Adresse e-mail").fill(town["admin"])
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server + "/coordination/")
        ids = town
        for label, path in [
            ("dashboard", "/coordination/"), ("people", "/coordination/personnes"),
            ("newcomer", f"/coordination/arrivants/{ids['newcomer_id']}"),
            ("volunteer", f"/coordination/benevoles/{ids['volunteer_id']}"),
            ("vetting", "/coordination/benevoles/a-valider"),
            ("vetting form", f"/coordination/benevoles/{ids['pending_id']}/validation"),
            ("review", "/coordination/propositions/a-valider"),
            ("pairing by hand", "/coordination/binome"),
            ("run the matching", "/coordination/appariement"),
            ("runs", "/coordination/passages"),
            ("a run", f"/coordination/passages/{ids['run_id']}"),
            ("jobs", "/coordination/taches"), ("outbox", "/coordination/messages"),
            ("a message", f"/coordination/messages/{ids['message_id']}"),
            ("audit", "/coordination/journal"), ("stats", "/coordination/statistiques"),
            ("follow-ups", "/coordination/suivis"), ("import", "/coordination/import"),
            ("intake by phone", "/coordination/inscription-telephone/arrivant"),
            ("places", "/coordination/lieux"),
            ("a place", f"/coordination/lieux/{ids['place_id']}"),
            ("new place", "/coordination/lieux/nouveau"),
            ("activities", "/coordination/activites"),
            ("an activity", f"/coordination/activites/{ids['activity_id']}"),
            ("activity edit", f"/coordination/activites/{ids['activity_id']}/modifier"),
            ("activity import", "/coordination/activites/import"),
            ("gatherings", "/coordination/rencontres"),
            ("a gathering", f"/coordination/rencontres/{ids['gathering_id']}"),
            ("new gathering", "/coordination/rencontres/nouvelle"),
            ("accounts", "/coordination/comptes"), ("engine", "/coordination/moteur"),
            ("password", "/coordination/mot-de-passe"),
        ]:
            _visit(page, live_server, path, f"[coordination] {label}", found)
    finally:
        context.close()
    assert not found, "\n" + report(found)
