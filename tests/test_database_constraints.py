"""The database itself refuses rows that break the programme's rules."""
import factories
import pytest
from conftest import NOW
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from web.models import Newcomer, Proposal, Volunteer


def _refused(session, action):
    with pytest.raises(IntegrityError):
        action()
        session.flush()
    session.rollback()


def test_volunteer_capacity_is_between_one_and_three(session):
    _refused(session, lambda: factories.volunteer(session, capacity=4))
    _refused(session, lambda: factories.volunteer(session, capacity=0))


def test_volunteer_load_never_exceeds_capacity(session):
    vol = factories.volunteer(session, capacity=2)
    session.commit()
    session.execute(update(Volunteer).where(Volunteer.id == vol.id).values(load=Volunteer.load + 2))
    session.commit()
    _refused(session, lambda: session.execute(
        update(Volunteer).where(Volunteer.id == vol.id).values(load=Volunteer.load + 1)))
    assert session.get(Volunteer, vol.id).load == 2


def test_a_person_needs_an_email_or_a_phone(session):
    _refused(session, lambda: factories.newcomer(session, email=None, phone=None))
    assert factories.newcomer(session, email=None, phone="06 12 34 56 78").id


def test_availability_has_21_slots(session):
    _refused(session, lambda: factories.newcomer(session, availability=1 << 21))
    _refused(session, lambda: factories.newcomer(session, availability=-1))
    assert factories.newcomer(session, availability=(1 << 21) - 1).id


def test_enumerated_values_are_checked(session):
    _refused(session, lambda: factories.newcomer(session, gender="unknown"))
    _refused(session, lambda: factories.newcomer(session, buddy_gender="other"))
    _refused(session, lambda: factories.newcomer(session, status="asleep"))
    _refused(session, lambda: factories.volunteer(session, vetting_status="maybe"))
    _refused(session, lambda: factories.newcomer(session, locale="de"))


def test_neighbourhood_must_exist(session):
    _refused(session, lambda: factories.newcomer(session, neighbourhood_id=9999))


def _proposal(session, newcomer, volunteer, status="proposed", **fields):
    row = Proposal(newcomer_id=newcomer.id, volunteer_id=volunteer.id, status=status,
                   created_at=NOW, **fields)
    session.add(row)
    session.flush()
    return row


def test_a_newcomer_has_at_most_one_open_proposal(session):
    newcomer = factories.newcomer(session)
    first, second = factories.volunteer(session), factories.volunteer(session)
    _proposal(session, newcomer, first, status="proposed")
    session.commit()
    _refused(session, lambda: _proposal(session, newcomer, second, status="draft"))
    # Once the first is declined, a new proposal is allowed.
    session.execute(update(Proposal).values(status="declined_by_volunteer"))
    assert _proposal(session, newcomer, second, status="proposed").id


def test_an_active_pairing_blocks_a_new_open_proposal(session):
    newcomer = factories.newcomer(session)
    first, second = factories.volunteer(session), factories.volunteer(session)
    _proposal(session, newcomer, first, status="active", activated_at=NOW)
    session.commit()
    _refused(session, lambda: _proposal(session, newcomer, second, status="proposed"))


def test_an_ended_pairing_has_a_reason_and_a_date(session):
    newcomer, vol = factories.newcomer(session), factories.volunteer(session)
    _refused(session, lambda: _proposal(session, newcomer, vol, status="ended"))
    newcomer, vol = factories.newcomer(session), factories.volunteer(session)
    _refused(session, lambda: _proposal(session, newcomer, vol, status="ended",
                                        end_reason="bored", ended_at=NOW))
    newcomer, vol = factories.newcomer(session), factories.volunteer(session)
    assert _proposal(session, newcomer, vol, status="ended", end_reason="completed",
                     ended_at=NOW).id


def test_unknown_proposal_status_is_refused(session):
    newcomer, vol = factories.newcomer(session), factories.volunteer(session)
    _refused(session, lambda: _proposal(session, newcomer, vol, status="maybe"))


def test_deleting_a_newcomer_deletes_their_proposals(session):
    newcomer, vol = factories.newcomer(session), factories.volunteer(session)
    _proposal(session, newcomer, vol)
    session.commit()
    session.delete(session.get(Newcomer, newcomer.id))
    session.commit()
    assert session.execute(text("SELECT count(*) FROM proposal")).scalar() == 0


def test_newcomer_statuses_include_matched_and_done(session):
    for status in ("waiting", "paused", "matched", "done", "withdrawn"):
        assert factories.newcomer(session, status=status).id
