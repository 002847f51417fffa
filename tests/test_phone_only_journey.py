"""A newcomer with a phone and no e-mail goes from the intake to the introduction: a text
message at each step, each with a short link that opens their page."""
import re

import factories
from conftest import NOW
from journeys import newcomer_form, outbox, regex_group, short_link_in, submit
from sqlalchemy import select

from web.models import Newcomer, Proposal
from web.services.matching import run_matching


def _follow(client, message):
    """Open a text message's short link like a phone would; the page's path."""
    response = client.get(short_link_in(message).split("#")[0])
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def _post(client, page, action, data):
    html = client.get(page).get_data(as_text=True)
    token = regex_group(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    return client.post(action, data={**data, "csrf_token": token})


def test_a_phone_only_newcomer_is_introduced_by_text_messages(app, client, session):
    places = factories.load_villiers(session)
    volunteer = factories.volunteer(session, first_name="Claire", languages=["fr", "uk"],
                                    interests=["cuisine"], availability=0b1 << 15,
                                    neighbourhood_id=places["les-nangues"].id,
                                    phone="06 98 76 54 32", shared_contact="phone")
    session.commit()

    # Intake with a phone number only, in Ukrainian.
    client.get("/langue/uk")
    response = submit(client, "/arrivee/inscription", newcomer_form(
        session, first_name="Olena", email="", phone="07 11 22 33 44", languages=["uk", "fr"]))
    assert response.status_code == 302
    newcomer = session.scalars(select(Newcomer)).one()
    # Her page promises a text message, never an e-mail, and shows her short link.
    first = client.get(response.location).get_data(as_text=True)
    assert "Ми надіслали вам SMS із посиланням на цю сторінку." in first
    assert "ви отримаєте SMS, щойно наставник чи наставниця погодиться" in first
    assert "лист" not in first.split('id="ou-en-etes-vous"')[1].split("</section>")[0]
    assert f"/l/{newcomer.link_code}" in first
    (welcome,) = outbox(session)
    assert (welcome.kind, welcome.channel, welcome.to_address, welcome.locale) == (
        "newcomer_welcome", "sms", "+33711223344", "uk")
    welcome_page = re.sub(r"^https?://[^/]+", "", _follow(client, welcome))
    opened = client.get(welcome_page)
    assert opened.status_code == 200 and "Olena" in opened.get_data(as_text=True)
    assert 'lang="uk"' in opened.get_data(as_text=True)

    # The weekly run proposes Claire; she says yes from her e-mail.
    with app.app_context():
        (proposal,) = run_matching(session, NOW, review=False).proposals
        session.commit()
    assert proposal.newcomer_id == newcomer.id
    staff_side = app.test_client()
    (offer,) = outbox(session, "proposal_volunteer")
    assert offer.channel == "email" and offer.to_address == volunteer.email
    volunteer_page = _follow(staff_side, offer)
    path = re.sub(r"^https?://[^/]+", "", volunteer_page)
    assert _post(staff_side, path, f"{path}/propositions/{proposal.id}/reponse",
                 {"answer": "yes"}).status_code == 302

    # Olena is asked by SMS, opens her short link and says yes.
    (asked,) = outbox(session, "proposal_newcomer")
    assert (asked.channel, asked.to_address) == ("sms", "+33711223344")
    page = re.sub(r"^https?://[^/]+", "", _follow(client, asked))
    assert "Claire" in client.get(page).get_data(as_text=True)
    assert _post(client, page, f"{page}/propositions/{proposal.id}/reponse",
                 {"answer": "yes"}).status_code == 302
    session.expire_all()
    assert session.get(Proposal, proposal.id).status == "active"

    # Both are introduced: Olena by SMS with Claire's phone, Claire by e-mail with Olena's.
    intro = {m.channel: m for m in outbox(session, "introduction")}
    assert set(intro) == {"sms", "email"}
    assert intro["sms"].to_address == "+33711223344" and "06 98 76 54 32" in intro["sms"].body
    assert "07 11 22 33 44" in intro["email"].body
    assert {m.channel for m in outbox(session) if m.person_type == "newcomer"} == {"sms"}
