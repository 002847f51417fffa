"""The engine's reasons reach each newcomer in their own language: a Ukrainian newcomer
reads why this volunteer in Ukrainian, an Arabic-speaking one why these activities in
Arabic; a weekly run stores the reasons in all eight interface languages."""

import factories
from conftest import NOW
from sqlalchemy import select
from suggestion_helpers import small_programme

from web.models import Proposal
from web.models.people import LOCALES
from web.services import proposals
from web.services.links import LinkSettings, make_token
from web.services.matching import run_matching

ENGLISH_REASONS = ("Same neighbourhood", "Shared interests", "Both available",
                   "Common language", "wants to practise French")


def page_of(person) -> str:
    return "/arrivee/" + make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), person)


def test_a_ukrainian_newcomer_reads_the_reasons_in_ukrainian(app, client, session):
    places = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Olena", languages=["uk"],
                                  interests=["cuisine"], availability=1 << 15, locale="uk",
                                  neighbourhood_id=places["les-nangues"].id)
    factories.volunteer(session, first_name="Iryna", languages=["fr", "uk"],
                        interests=["cuisine"], availability=1 << 15,
                        neighbourhood_id=places["les-nangues"].id)
    session.commit()
    with app.app_context():  # the run and the acceptance queue e-mails
        run_matching(session, NOW, review=False)
        [proposal] = session.scalars(select(Proposal)).all()
        assert set(proposal.reasons) == set(LOCALES)  # one run, every language stored
        proposals.volunteer_accepts(session, NOW, proposal)
        session.commit()

    html = client.get(page_of(newcomer)).get_data(as_text=True)
    assert "<li>Той самий район: Les Nangues</li>" in html
    assert "<li>Обоє вільні: субота вранці</li>" in html
    # her first language, and whose it is, by her first name
    assert "<li>Спільна мова: українська, основна мова, якою говорить Olena</li>" in html
    for english in ENGLISH_REASONS:
        assert english not in html
    assert proposal.reasons["ar"][0] == "الحيّ نفسه: Les Nangues"


def test_an_arabic_newcomer_reads_why_these_activities_in_arabic(client, session):
    small_programme(session)
    places = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Samira", languages=["ar", "fr"],
                                  interests=["cafe-rencontre"], locale="ar", gender="female",
                                  availability=1 << 4,  # Tuesday afternoon: the café's time
                                  neighbourhood_id=places["les-nangues"].id)
    session.commit()

    html = client.get(page_of(newcomer)).get_data(as_text=True)
    cafe = html[html.index("<h3>Café-rencontre des Nangues</h3>"):]
    cafe = cafe[:cafe.index("</ul>", cafe.index('<ul class="tags">'))]
    assert "<li>في حيّكم</li>" in cafe
    assert "<li>في وقت فراغكم: الثلاثاء بعد الظهر</li>" in cafe
    for english in ("In your neighbourhood", "You like", "When you are free", "is spoken there",
                    "Dans votre quartier"):
        assert english not in html
