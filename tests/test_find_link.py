""""Retrouver mon lien" by e-mail or phone: sent on the channel typed, rate-limited, discreet."""
import factories
from journeys import outbox, submit
from sqlalchemy import select

from web.models import Newcomer


def test_a_phone_number_gets_its_link_by_sms(client, session):
    newcomer = factories.newcomer(session, email=None, phone="06 12 34 56 78", locale="en")
    session.commit()
    response = submit(client, "/mon-lien", {"contact": "06.12.34.56.78"})
    assert "Regardez vos SMS" in response.get_data(as_text=True)
    (message,) = outbox(session, "link")
    assert (message.channel, message.to_address, message.locale) == ("sms", "+33612345678", "en")
    session.refresh(newcomer)  # a new link revokes the older ones: the short code is new
    assert f"/l/{newcomer.link_code}" in message.body


def test_the_answer_is_the_same_for_an_unknown_number_or_address(client, session):
    factories.newcomer(session, email=None, phone="06 12 34 56 78")
    session.commit()
    known = submit(client, "/mon-lien", {"contact": "06 12 34 56 78"}).get_data(as_text=True)
    unknown = submit(client, "/mon-lien", {"contact": "06 99 99 99 99"}).get_data(as_text=True)
    assert known.replace("06 12 34 56 78", "N") == unknown.replace("06 99 99 99 99", "N")
    assert len(outbox(session)) == 1


def test_requests_are_limited_per_address(client, session):
    factories.newcomer(session, email="olena@example.org")
    session.commit()
    for _ in range(5):
        page = submit(client, "/mon-lien", {"contact": "olena@example.org"})
        assert "Regardez vos e-mails" in page.get_data(as_text=True)
    assert len(outbox(session, "link")) == 3


def test_bad_input_names_the_field_and_keeps_what_was_typed(client, session):
    session.commit()
    html = submit(client, "/mon-lien", {"contact": "12 rue"}).get_data(as_text=True)
    assert "Écrivez une adresse e-mail (nom@exemple.fr) ou un numéro de téléphone" in html
    assert 'value="12 rue"' in html
    html = submit(client, "/mon-lien", {"contact": "pas@adresse"}).get_data(as_text=True)
    assert "Une adresse e-mail ressemble à nom@exemple.fr." in html


def test_an_unknown_address_costs_the_same_work_and_leaves_no_message(client, session):
    factories.newcomer(session, email="known@example.org")
    session.commit()
    before = session.scalar(select(Newcomer.link_key))
    submit(client, "/mon-lien", {"contact": "nobody@example.org"})
    # the stand-in message was written and rolled back: nothing queued, nobody's link changed
    assert outbox(session) == []
    session.expire_all()
    assert session.scalar(select(Newcomer.link_key)) == before
    submit(client, "/mon-lien", {"contact": "known@example.org"})
    assert [m.to_address for m in outbox(session)] == ["known@example.org"]
