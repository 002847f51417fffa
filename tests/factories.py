"""Build valid rows for tests; each keyword overrides one field."""
from itertools import count

from conftest import NOW
from sqlalchemy import select

from web.config import DATA_DIR
from web.models import Neighbourhood, Newcomer, Volunteer
from web.services.reference import load_town
from web.services.town import sync_town

_ids = count(1)


def load_villiers(session) -> dict:
    """Load the sample town; returns {slug: Neighbourhood}."""
    sync_town(session, load_town(str(DATA_DIR / "towns" / "villiers.json")))
    return {n.slug: n for n in session.scalars(select(Neighbourhood))}


def newcomer(session, **fields) -> Newcomer:
    n = next(_ids)
    values = dict(first_name=f"Amina{n}", email=f"amina{n}@example.org", languages=["fr", "ar"],
                  interests=["cuisine"], about="", availability=0b111, consent_at=NOW,
                  waiting_since=NOW)
    values.update(fields)
    row = Newcomer(**values)
    session.add(row)
    session.flush()
    return row


def volunteer(session, **fields) -> Volunteer:
    n = next(_ids)
    values = dict(first_name=f"Claire{n}", email=f"claire{n}@example.org", languages=["fr"],
                  interests=["cuisine"], about="", availability=0b111, capacity=1,
                  charter_accepted_at=NOW, vetting_status="approved")
    values.update(fields)
    row = Volunteer(**values)
    session.add(row)
    session.flush()
    return row
