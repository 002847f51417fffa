"""Browser tests' shared setup: a town with people in every state (the pages the axe scan,
the reflow checks and the coordinators' workspace tests visit) and the script that finds
what goes past the screen's right edge."""
from datetime import UTC, datetime, time, timedelta

import factories
from conftest import PASSWORD
from sqlalchemy import select

from web.config import DATA_DIR
from web.models import Activity, Followup, MatchRun, OutboxMessage, Place
from web.services import followups, gatherings, links, proposals
from web.services.accounts import create_coordinator
from web.services.matching import run_matching
from web.services.programme_file import load_programme
from web.services.reference import load_town

#: the app's secret key in tests (conftest's app_config): page links are signed with it
SECRET = "test-secret-key"

#: the innermost elements that go past the right edge of a 360 px screen
TOO_WIDE = """() => [...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > 361 &&
               ![...e.children].some(c => c.getBoundingClientRect().right > 361))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def every_state_town(app, session) -> dict:
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
