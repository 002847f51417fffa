"""A volunteer proposes a small group outing to an activity; a coordinator confirms it or
refuses it; confirmed, it invites waiting newcomers like a welcome gathering."""
import html
import re

import factories
from gathering_helpers import flashed, nangues, waiting
from journeys import csrf, link_in, outbox
from sqlalchemy import select

from web.models import Activity, AuditEntry, Gathering, GatheringInvitation, Volunteer
from web.services import links, people
from web.services.notify import link_settings

TUESDAY_AFTERNOON = 1 << 4  # day 1 * 3 + part 1


def cafe(session):
    """The Nangues café-rencontre, every Tuesday 14:00-16:00 (from the `town` fixture)."""
    return session.scalar(select(Activity).where(Activity.source_uid == "cafe"))


def volunteer_page(app, session, volunteer, now) -> str:
    with app.app_context():
        return "/benevole/" + links.make_token(link_settings(), now, volunteer)


def test_propose_confirm_invite_and_see_who_comes(app, client, staff, session, town, clock):
    activity = cafe(session)
    claire = factories.volunteer(session, first_name="Claire", languages=["fr", "ar"],
                                 neighbourhood_id=town["les-nangues"].id)
    waiting(session, town, "Amal", days=30, languages=["ar"], availability=TUESDAY_AFTERNOON)
    waiting(session, town, "Binta", days=20, languages=["fr"], availability=TUESDAY_AFTERNOON)
    waiting(session, town, "Olena", days=50, languages=["uk"], availability=TUESDAY_AFTERNOON)
    session.commit()
    page = volunteer_page(app, session, claire, clock.now)

    mine = html.unescape(client.get(page).get_data(as_text=True))
    assert "Sorties en petit groupe" in mine
    keys = re.findall(r'<option value="(\d+-\d{8}T\d{4})"', mine)
    assert keys[:3] == [f"{activity.id}-20261124T1400", f"{activity.id}-20261201T1400",
                        f"{activity.id}-20261208T1400"]  # the next three weeks only
    assert len(keys) == 3

    # Bad input: told which field, nothing created, the choice kept.
    bad = client.post(f"{page}/sorties", follow_redirects=True, data={
        "csrf_token": csrf(client, page), "occurrence": keys[1], "places": "12"})
    text = html.unescape(bad.get_data(as_text=True))
    assert "Nombre de places : choisissez entre 2 et 6." in flashed(text)
    assert f'<option value="{keys[1]}" selected>' in text
    for key in ("999999999999-20261201T1400", "nonsense", f"{activity.id}-20261202T1400"):
        refused = client.post(f"{page}/sorties", follow_redirects=True, data={
            "csrf_token": csrf(client, page), "occurrence": key, "places": "3"})
        assert "Activité : choisissez une date dans la liste" in flashed(
            html.unescape(refused.get_data(as_text=True)))
    assert session.scalar(select(Gathering.id)) is None

    client.post(f"{page}/sorties", data={"csrf_token": csrf(client, page),
                                         "occurrence": keys[1], "places": "3"})
    outing = session.scalars(select(Gathering)).one()
    assert (outing.status, outing.capacity, outing.host_volunteer_id) == ("proposed", 3, claire.id)
    assert outing.starts_at.isoformat() == "2026-12-01T13:00:00+00:00"
    assert outing.place_id == nangues(session).id and outing.activity_id == activity.id
    assert "En attente de la coordination" in client.get(page).get_data(as_text=True)

    # The coordinators see it to confirm (flagged on their home page), then choose whom to invite.
    home = html.unescape(staff.get("/coordination/").get_data(as_text=True))
    assert "1 sortie proposée par un ou une bénévole attend votre réponse." in home
    listing = html.unescape(staff.get("/coordination/rencontres").get_data(as_text=True))
    assert "Sorties proposées par des bénévoles, à confirmer" in listing
    detail = f"/coordination/rencontres/{outing.id}"
    assert "Sortie à confirmer" in html.unescape(staff.get(detail).get_data(as_text=True))
    staff.post(f"{detail}/confirmer", data={"csrf_token": csrf(staff, detail)})
    session.expire_all()
    assert session.get(Gathering, outing.id).status == "scheduled"
    assert "attend votre réponse" not in staff.get("/coordination/").get_data(as_text=True)
    [decision] = outbox(session, "outing_decision")
    assert decision.to_name == "Claire" and "confirmée" in decision.subject
    suggested = {row.newcomer.first_name: row for row in session.scalars(
        select(GatheringInvitation))}
    assert set(suggested) == {"Amal", "Binta"}  # Olena speaks neither French nor Arabic
    staff.post(f"{detail}/invitations", data={"csrf_token": csrf(staff, detail),
                                              "invitation": [str(r.id) for r in
                                                             suggested.values()]})
    mails = {m.to_name: m for m in outbox(session, "gathering_invitation")}
    assert "Claire, bénévole, vous invite" in mails["Amal"].body

    amal = link_in(mails["Amal"]).split("#")[0]
    assert "Claire, bénévole" in html.unescape(client.get(amal).get_data(as_text=True))
    client.post(f"{amal}/rencontres/{outing.id}/reponse",
                data={"csrf_token": csrf(client, amal), "answer": "yes"})
    mine = html.unescape(client.get(page).get_data(as_text=True))
    assert "Qui vient : Amal" in mine and "Binta" not in mine
    assert "amal@example.org" not in mine  # first names only

    # Erasing the volunteer keeps the outing, without its host.
    with app.test_request_context():
        people.erase_person(session, clock.now, session.get(Volunteer, claire.id), actor="test")
    session.commit()
    session.expire_all()
    kept = session.get(Gathering, outing.id)
    assert kept.host_volunteer_id is None and kept.status == "scheduled"
    actions = set(session.scalars(select(AuditEntry.action)))
    assert {"outing.proposed", "outing.confirmed"} <= actions


def test_refused_outing_tells_the_volunteer_and_unvetted_cannot_propose(app, client, staff,
                                                                         session, town, clock):
    activity = cafe(session)
    claire = factories.volunteer(session, first_name="Claire",
                                 neighbourhood_id=town["les-nangues"].id)
    paul = factories.volunteer(session, first_name="Paul", vetting_status="pending",
                               neighbourhood_id=town["les-nangues"].id)
    session.commit()
    pending = volunteer_page(app, session, paul, clock.now)
    assert "Sorties en petit groupe" not in client.get(pending).get_data(as_text=True)
    client.post(f"{pending}/sorties", data={"csrf_token": csrf(client, pending),
                                            "occurrence": f"{activity.id}-20261201T1400",
                                            "places": "3"})
    assert session.scalar(select(Gathering.id)) is None

    page = volunteer_page(app, session, claire, clock.now)
    client.post(f"{page}/sorties", data={"csrf_token": csrf(client, page),
                                         "occurrence": f"{activity.id}-20261201T1400",
                                         "places": "2"})
    outing = session.scalars(select(Gathering)).one()
    detail = f"/coordination/rencontres/{outing.id}"
    asked = staff.post(f"{detail}/refuser", data={"csrf_token": csrf(staff, detail),
                                                  "note": "Le café est complet ce jour-là."})
    assert "Oui, refuser la sortie" in asked.get_data(as_text=True)
    assert session.get(Gathering, outing.id).status != "cancelled"
    staff.post(f"{detail}/refuser", data={"csrf_token": csrf(staff, detail), "confirm": "yes",
                                          "note": "Le café est complet ce jour-là."})
    session.expire_all()
    assert session.get(Gathering, outing.id).status == "cancelled"
    [decision] = outbox(session, "outing_decision")
    assert "n'aura pas lieu" in decision.subject
    assert "Le café est complet ce jour-là." in decision.body
    assert "Annulée" in client.get(page).get_data(as_text=True)
