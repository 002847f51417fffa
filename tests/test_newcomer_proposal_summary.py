"""Before saying yes, a newcomer sees enough of the volunteer to judge, in their language,
and never a contact detail."""
import re
from html import unescape as html_unescape

import factories
from conftest import NOW
from journeys import regex_group

from web.services import proposals
from web.services.introductions import shorten
from web.services.links import LinkSettings, make_token

ABOUT = ("J'habite le quartier depuis vingt ans <b>et</b> j'aime la cuisine. " * 12).strip()


def _accepted(session):
    places = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Olena", languages=["uk", "en"],
                                  interests=["cuisine", "randonnee"],
                                  availability=(1 << 15) | (1 << 2), locale="en",
                                  neighbourhood_id=places["les-nangues"].id)
    volunteer = factories.volunteer(session, first_name="Claire", languages=["fr", "uk"],
                                    interests=["cuisine", "jardinage"], availability=1 << 15,
                                    about=ABOUT, phone="06 12 34 56 78", shared_contact="both",
                                    email="claire.secret@example.org",
                                    neighbourhood_id=places["les-nangues"].id)
    proposal = proposals.create_proposal(session, NOW, newcomer.id, volunteer.id, reasons={
        "fr": ["Même quartier : Les Nangues"], "en": ["Same neighbourhood: Les Nangues"]})
    proposals.volunteer_accepts(session, NOW, proposal)
    session.commit()
    return newcomer, volunteer


def test_the_newcomer_sees_who_accepted_in_their_language(app, client, session):
    with app.app_context():  # the volunteer's acceptance queues an e-mail
        newcomer, volunteer = _accepted(session)
    client.get("/langue/en")
    page = "/arrivee/" + make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), newcomer)
    html = client.get(page).get_data(as_text=True)
    assert "Claire would like to welcome you" in html or "Claire aimerait" in html
    facts = html[html.index('<dl class="facts">'):html.index("</dl>")]
    assert "Les Nangues" in facts
    assert "French, Ukrainian" in facts  # the volunteer's languages, named in English
    assert "Cooking" in facts and "Gardening" not in facts  # shared interests only
    assert "Saturday morning" in facts and "Monday evening" not in facts
    assert "Same neighbourhood: Les Nangues" in html
    # Her own few words, escaped and shortened.
    assert "&lt;b&gt;et&lt;/b&gt;" in html and "<b>et</b>" not in html
    shown = regex_group(r'<blockquote class="about-quote"><p>(.*?)</p>', html, re.S)
    shown = html_unescape(shown)
    assert shown.endswith("…") and 300 < len(shown) <= 401
    # Never a contact detail before both said yes.
    for secret in ("claire.secret@example.org", "06 12 34 56 78", "0612345678", "mailto:",
                   "tel:"):
        assert secret not in html


def test_shorten_cuts_at_a_word_and_keeps_short_texts():
    assert shorten("  Bonjour   à tous ") == "Bonjour à tous"
    assert shorten("") == ""
    long = "mot " * 200
    cut = shorten(long, 40)
    assert cut.endswith("…") and len(cut) <= 41 and "mo…" not in cut


def test_shared_free_times_read_as_one_grouped_phrase(app, client, session):
    """The page groups free times like the engine's reasons do, in the reader's language."""
    places = factories.load_villiers(session)
    both = (1 << 4) | (1 << 7) | (1 << 15)   # Tuesday and Wednesday afternoon, Saturday morning
    with app.app_context():
        newcomer = factories.newcomer(session, first_name="Olena", availability=both | 1,
                                      locale="en", neighbourhood_id=places["les-nangues"].id)
        volunteer = factories.volunteer(session, first_name="Claire", availability=both | 2,
                                        neighbourhood_id=places["les-nangues"].id)
        proposal = proposals.create_proposal(session, NOW, newcomer.id, volunteer.id)
        proposals.volunteer_accepts(session, NOW, proposal)
    session.commit()
    client.get("/langue/en")
    page = "/arrivee/" + make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), newcomer)
    facts = client.get(page).get_data(as_text=True)
    facts = facts[facts.index('<dl class="facts">'):facts.index("</dl>")]
    assert "<dd>Tuesday and Wednesday afternoon, Saturday morning</dd>" in facts
    assert "Monday" not in facts   # each one's other free time is not shared
