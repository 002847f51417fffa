"""Welcome gatherings, driven through the pages: a coordinator schedules "Café d'accueil des
nouveaux arrivants" at the Maison de quartier des Nangues on Saturday at 10:00, the app
suggests whom to invite, invitations go out in each person's language, newcomers answer from
their page, the coordinator marks who came, the dashboard lists who came without a buddy."""
import html
import json

from gathering_helpers import PASSWORD, flashed, nangues, post, waiting
from journeys import csrf, link_in, log_in_coordinator, outbox
from sqlalchemy import select

from web.models import AuditEntry, Gathering, GatheringInvitation, Newcomer
from web.services import links, people
from web.services.notify import link_settings

NEW = "/coordination/rencontres/nouvelle"


def schedule(staff, session, **fields):
    """Fill the form as a coordinator would (the place's languages: fr, ar, en)."""
    data = {"title": "Café d'accueil des nouveaux arrivants", "place": str(nangues(session).id),
            "day": "2026-11-28", "at": "10:00", "duration": "120", "capacity": "2",
            "description": "Un café pour faire connaissance."}
    data.update(fields)
    return post(staff, NEW, NEW, **data)


def gathering_url(session) -> str:
    gathering = session.scalars(select(Gathering).order_by(Gathering.id.desc())).first()
    return f"/coordination/rencontres/{gathering.id}"


def invitations(session, gathering_id=None) -> dict:
    session.expire_all()
    query = select(GatheringInvitation).order_by(GatheringInvitation.id)
    if gathering_id:
        query = query.where(GatheringInvitation.gathering_id == gathering_id)
    return {row.newcomer.first_name: row for row in session.scalars(query)}


def token_of(app, session, name, clock_now):
    newcomer = session.scalar(select(Newcomer).where(Newcomer.first_name == name))
    with app.app_context():
        return links.make_token(link_settings(), clock_now, newcomer)


def people_waiting(session, town):
    waiting(session, town, "Amal", days=44, languages=["ar"], locale="fr")
    waiting(session, town, "Binta", slug="centre-ville", days=44, languages=["fr"])
    waiting(session, town, "Olena", days=30, languages=["uk", "en"], locale="en")
    waiting(session, town, "Sami", days=5, languages=["fr"], email=None, phone="06 11 22 33 44")
    waiting(session, town, "Busy", days=60, availability=1 << 16)  # Saturday afternoon only
    waiting(session, town, "Taras", days=60, languages=["uk"])  # nobody speaks Ukrainian there
    session.commit()


def test_schedule_suggest_invite_answer_attend(app, client, staff, session, town, clock,
                                               coordinator):
    people_waiting(session, town)
    response = schedule(staff, session)
    assert response.status_code == 302
    gathering = session.scalars(select(Gathering)).one()
    assert gathering.starts_at.isoformat() == "2026-11-28T09:00:00+00:00"  # 10:00 in Paris
    assert gathering.languages == ["fr", "ar", "en"]

    # Suggestions: free on Saturday morning, a common language, the longest wait first, then
    # the nearest; two places, the others in reserve.
    page = html.unescape(staff.get(response.location).get_data(as_text=True))
    ranked = sorted(invitations(session).values(), key=lambda row: row.reasons["rank"])
    assert [row.newcomer.first_name for row in ranked] == ["Amal", "Binta", "Olena", "Sami"]
    assert [row.reasons["reserve"] for row in ranked] == [False, False, True, True]
    assert ranked[0].reasons["fr"] == ["Attend depuis 6 semaines", "À 100 m",
                                     "Libre le samedi matin", "Parle arabe"]
    assert "Attend depuis 6 semaines" in page and "Parle arabe" in page
    assert "Busy" not in page and "Taras" not in page
    assert "invitation par SMS" in page  # Sami has a phone only

    # The coordinator invites everyone suggested: e-mails in each person's language.
    ids = [str(row.id) for row in ranked]
    sent = staff.post(f"{gathering_url(session)}/invitations", follow_redirects=True, data={
        "csrf_token": csrf(staff, gathering_url(session)), "invitation": ids})
    assert "Sans e-mail" not in flashed(sent.get_data(as_text=True))  # Sami gets an SMS
    mails = {m.to_name: m for m in outbox(session, "gathering_invitation")}
    assert set(mails) == {"Amal", "Binta", "Olena", "Sami"}
    assert (mails["Sami"].channel, mails["Sami"].to_address) == ("sms", "+33611223344")
    mails = {name: m for name, m in mails.items() if m.channel == "email"}
    assert mails["Amal"].locale == "fr" and mails["Olena"].locale == "en"
    assert "samedi 28 novembre 2026 à 10:00" in mails["Amal"].body
    assert "Saturday, November 28, 2026" in mails["Olena"].body
    assert "12 rue des Nangues, 94350 Villiers" in mails["Amal"].body
    assert {row.status for row in invitations(session).values()} == {"invited"}

    # Amal answers from her page, then changes her mind, then comes after all.
    amal = link_in(mails["Amal"]).split("#")[0]
    mine = html.unescape(client.get(amal).get_data(as_text=True))
    assert "Vos invitations" in mine and "samedi 28 novembre 2026" in mine
    assert "12 rue des Nangues" in mine
    answer = f"{amal}/rencontres/{gathering.id}/reponse"
    client.post(answer, data={"csrf_token": csrf(client, amal), "answer": "yes"})
    assert invitations(session)["Amal"].status == "coming"
    done = client.post(answer, data={"csrf_token": csrf(client, amal), "answer": "no"},
                       follow_redirects=True)
    assert "Vous pouvez changer d'avis" in flashed(done.get_data(as_text=True))
    assert invitations(session)["Amal"].status == "not_coming"
    client.post(answer, data={"csrf_token": csrf(client, amal), "answer": "yes"})

    # Binta comes too: both places are taken; Olena is told it is full, and her wish is kept.
    binta = link_in(mails["Binta"]).split("#")[0]
    client.post(f"{binta}/rencontres/{gathering.id}/reponse",
                data={"csrf_token": csrf(client, binta), "answer": "yes"})
    olena = link_in(mails["Olena"]).split("#")[0]
    full = client.post(f"{olena}/rencontres/{gathering.id}/reponse", follow_redirects=True,
                       data={"csrf_token": csrf(client, olena), "answer": "yes"})
    assert "it is full" in flashed(full.get_data(as_text=True))
    rows = invitations(session)
    assert [rows[n].status for n in ("Amal", "Binta", "Olena")] == ["coming", "coming", "invited"]
    assert "wants_place_at" in rows["Olena"].reasons
    detail = html.unescape(staff.get(gathering_url(session)).get_data(as_text=True))
    assert "Voudrait venir : c'était complet" in detail

    # The calendar file of one's own invitation.
    ics = client.get(f"{amal}/rencontres/{gathering.id}.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    body = ics.get_data(as_text=True)
    assert "SUMMARY:Café d'accueil des nouveaux arrivants" in body
    assert "DTSTART;TZID=Europe/Paris:20261128T100000" in body or "20261128T090000Z" in body

    # After the gathering: answers are closed; the coordinator marks who came.
    clock.advance(days=5, hours=3)
    late = client.post(answer, data={"csrf_token": csrf(client, amal), "answer": "no"},
                       follow_redirects=True)
    assert "Il n'est plus possible de répondre" in flashed(late.get_data(as_text=True))
    # Five days later the coordinator's session has ended (it follows the same clock): she
    # logs in again.
    assert staff.get(gathering_url(session)).location.startswith("/coordination/connexion")
    log_in_coordinator(staff, coordinator.email, PASSWORD)
    assert "cochez les personnes venues" in html.unescape(
        staff.get(gathering_url(session)).get_data(as_text=True))
    staff.post(f"{gathering_url(session)}/presences", data={
        "csrf_token": csrf(staff, gathering_url(session)), "came": [str(rows["Amal"].id)]})
    rows = invitations(session)
    assert rows["Amal"].attended is True and rows["Binta"].attended is False
    assert rows["Sami"].attended is False
    session.expire_all()
    assert session.get(Gathering, gathering.id).status == "done"

    # The dashboard lists Amal: she came and still has no buddy.
    dashboard = html.unescape(staff.get("/coordination/").get_data(as_text=True))
    section = dashboard.split('id="venus"')[1].split("</section>")[0]
    assert "Amal" in section and "49 jours" in section and "Binta" not in section
    listing = staff.get("/coordination/rencontres").get_data(as_text=True)
    assert "Café d&#39;accueil des nouveaux arrivants" in listing
    actions = session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("gathering.%"))).all()
    assert {"gathering.scheduled", "gathering.suggested", "gathering.invited",
            "gathering.answered", "gathering.full", "gathering.attendance"} <= set(actions)


def test_nobody_answers_for_someone_else_and_csrf_is_required(app, client, staff, session,
                                                                 town, clock):
    people_waiting(session, town)
    schedule(staff, session)
    amal_row = invitations(session)["Amal"]
    staff.post(f"{gathering_url(session)}/invitations", data={
        "csrf_token": csrf(staff, gathering_url(session)), "invitation": [str(amal_row.id)]})
    gathering_id = amal_row.gathering_id
    amal = "/arrivee/" + token_of(app, session, "Amal", clock.now)
    busy = "/arrivee/" + token_of(app, session, "Busy", clock.now)
    binta = "/arrivee/" + token_of(app, session, "Binta", clock.now)  # suggested, not invited
    for other in (busy, binta):
        assert client.post(f"{other}/rencontres/{gathering_id}/reponse", data={
            "csrf_token": csrf(client, other), "answer": "yes"}).status_code == 404
        assert client.get(f"{other}/rencontres/{gathering_id}.ics").status_code == 404
        assert "Vos invitations" not in client.get(other).get_data(as_text=True)
    for bad in (f"{amal}/rencontres/99999999999999999999/reponse", f"{amal}/rencontres/0/reponse"):
        assert client.post(bad, data={"csrf_token": csrf(client, amal)}).status_code == 404
    assert client.get(f"{amal}/rencontres/99999999999999999999.ics").status_code == 404
    # Without the CSRF token nothing changes.
    assert client.post(f"{amal}/rencontres/{gathering_id}/reponse",
                       data={"answer": "yes"}).status_code == 400
    assert invitations(session)["Amal"].status == "invited"
    assert staff.post(f"{gathering_url(session)}/annuler").status_code in (302, 400)
    session.expire_all()
    assert session.get(Gathering, gathering_id).status == "scheduled"


def test_cancel_tells_those_invited(app, staff, client, session, town, clock):
    people_waiting(session, town)
    schedule(staff, session, capacity="12")
    rows = invitations(session)
    staff.post(f"{gathering_url(session)}/invitations", data={
        "csrf_token": csrf(staff, gathering_url(session)),
        "invitation": [str(rows[n].id) for n in ("Amal", "Binta", "Olena")]})
    binta = "/arrivee/" + token_of(app, session, "Binta", clock.now)
    client.post(f"{binta}/rencontres/{rows['Binta'].gathering_id}/reponse",
                data={"csrf_token": csrf(client, binta), "answer": "no"})
    asked = staff.post(f"{gathering_url(session)}/annuler",
                       data={"csrf_token": csrf(staff, gathering_url(session))})
    assert asked.status_code == 200  # first a confirmation page, with the count
    assert "2 personnes invitées seront prévenues par e-mail." in asked.get_data(as_text=True)
    assert "Oui, annuler la rencontre" in asked.get_data(as_text=True)
    assert outbox(session, "gathering_cancelled") == []
    done = staff.post(f"{gathering_url(session)}/annuler", follow_redirects=True,
                      data={"csrf_token": csrf(staff, gathering_url(session)), "confirm": "yes"})
    assert "2 personne(s) prévenue(s)" in flashed(done.get_data(as_text=True))
    told = {m.to_name: m for m in outbox(session, "gathering_cancelled")}
    assert set(told) == {"Amal", "Olena"}  # Binta had said she could not come
    assert "annulée" in told["Amal"].body and told["Olena"].locale == "en"
    assert set(invitations(session)) == {"Amal", "Binta", "Olena"}  # suggestions dropped
    amal = "/arrivee/" + token_of(app, session, "Amal", clock.now)
    page = client.get(amal).get_data(as_text=True)
    assert "Annulée" in page
    refused = client.post(f"{amal}/rencontres/{rows['Amal'].gathering_id}/reponse",
                          data={"csrf_token": csrf(client, amal), "answer": "yes"},
                          follow_redirects=True)
    assert "Il n'est plus possible" in html.unescape(refused.get_data(as_text=True))


def test_form_errors_name_the_field_and_keep_what_was_typed(staff, session, town, clock):
    response = schedule(staff, session, title="Goûter du samedi", day="28/11/2026",
                        capacity="0", place="999999999999")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert 'value="Goûter du samedi"' in page
    assert "Indiquez la date, par exemple 2026-12-05." in page or "date" in page
    assert "Entre 1 et 500 places." in page
    assert "Choisissez un lieu" in page or "Not a valid choice" not in page
    past = schedule(staff, session, day="2026-11-20")
    assert past.status_code == 400
    assert "La rencontre doit avoir lieu dans le futur." in html.unescape(
        past.get_data(as_text=True))
    assert session.scalar(select(Gathering.id)) is None
    assert staff.get("/coordination/rencontres/99999999999999999999").status_code == 404


def test_erasure_removes_invitations_and_the_download_has_them(app, staff, session, town,
                                                               clock):
    people_waiting(session, town)
    schedule(staff, session)
    amal = session.scalar(select(Newcomer).where(Newcomer.first_name == "Amal"))
    data = people.export_data(amal)
    assert data["gathering_invitations"][0]["gathering"] == (
        "Café d'accueil des nouveaux arrivants")
    json.dumps(data)
    with app.test_request_context():
        people.erase_person(session, clock.now, amal, actor="test")
    session.commit()
    assert "Amal" not in invitations(session)
    assert "Binta" in invitations(session)


def test_a_place_given_back_is_offered_to_who_asked_first(app, client, staff, session, town,
                                                          clock):
    people_waiting(session, town)
    schedule(staff, session, capacity="1")
    ids = [str(row.id) for row in invitations(session).values()]
    staff.post(f"{gathering_url(session)}/invitations", data={
        "csrf_token": csrf(staff, gathering_url(session)), "invitation": ids})
    mails = {m.to_name: m for m in outbox(session, "gathering_invitation")}
    pages = {name: link_in(mails[name]).split("#")[0] for name in ("Amal", "Binta", "Olena")}
    gathering_id = invitations(session)["Amal"].gathering_id

    def say(name, answer):
        page = pages[name]
        return client.post(f"{page}/rencontres/{gathering_id}/reponse", follow_redirects=True,
                           data={"csrf_token": csrf(client, page), "answer": answer})

    say("Amal", "yes")
    clock.advance(minutes=5)
    assert "it is full" in flashed(say("Olena", "yes").get_data(as_text=True))
    clock.advance(minutes=5)
    say("Binta", "yes")  # asks later than Olena
    assert outbox(session, "gathering_place_free") == []

    say("Amal", "no")  # a place is given back: Olena, who asked first, is told in English
    [told] = outbox(session, "gathering_place_free")
    assert told.to_name == "Olena" and told.locale == "en"
    assert "Café d'accueil des nouveaux arrivants" in told.subject
    assert "#rencontres" in told.body
    say("Olena", "yes")
    rows = invitations(session)
    assert [rows[n].status for n in ("Amal", "Binta", "Olena")] == ["not_coming", "invited",
                                                                     "coming"]
    assert "wants_place_at" in rows["Binta"].reasons
    assert "wants_place_at" not in rows["Olena"].reasons
