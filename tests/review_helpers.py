"""The review page of draft proposals in tests: its address, drafts waiting there, where a
redirect leads, and a coordinator logged in to act on them."""
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import factories
from conftest import NOW, PASSWORD
from journeys import log_in_coordinator

from web.services.accounts import create_coordinator
from web.services.proposals import create_proposal

REVIEW = "/coordination/propositions/a-valider"


def nadia_logged_in(client, session):
    """Coordinator Nadia's account, created and logged in on `client`; returns the client.
    (The modules' own `staff` fixture: the shared `staff` of gathering_helpers is another.)"""
    create_coordinator(session, NOW, "nadia@villiers.example", PASSWORD, name="Nadia")
    session.commit()
    return log_in_coordinator(client, "nadia@villiers.example", PASSWORD)


def drafts(session, count, place="les-nangues", first_name=None):
    """`count` drafts, each its own newcomer (waiting one minute longer than the next) and
    volunteer in `place`; returns them in the review page's order."""
    places = factories.load_villiers(session)
    made = []
    for n in range(count):
        newcomer = factories.newcomer(session, neighbourhood_id=places[place].id,
                                      waiting_since=NOW - timedelta(minutes=count - n),
                                      **({"first_name": first_name} if first_name else {}))
        volunteer = factories.volunteer(session, neighbourhood_id=places[place].id)
        made.append(create_proposal(session, NOW, newcomer.id, volunteer.id, status="draft"))
    session.commit()
    return made


def place_of(response) -> tuple[str, dict]:
    """The path and query a redirect leads to."""
    location = urlsplit(response.headers["Location"])
    return location.path, parse_qs(location.query)
