"""Helpers for journey tests: fill forms through the HTTP client like a browser would."""
import re
from datetime import UTC, datetime

from icalendar import Component
from sqlalchemy import select
from sqlalchemy.orm import object_session

from web.models import Neighbourhood, Newcomer, OutboxMessage, Volunteer
from web.services.links import LinkSettings, make_token

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'
                     r'|name="csrf_token" value="([^"]+)"')


def regex_group(pattern: str | re.Pattern[str], text: str, flags: int = 0, *,
                group: int = 1) -> str:
    """Group `group` of the first match of `pattern` in `text`; fails the test, naming the
    pattern, when nothing matches."""
    match = re.search(pattern, text, flags)
    assert match is not None, f"{pattern!r} not found in: {text[:300]!r}"
    return match.group(group)


def ical_start(event: Component) -> datetime:
    """The DTSTART of a calendar event: a date-time (an all-day date fails the test)."""
    start = event.decoded("DTSTART")
    assert isinstance(start, datetime), start
    return start


def csrf(client, url: str) -> str:
    """The CSRF token of the form on `url`."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no csrf token on {url}"
    return match.group(1) or match.group(2)


def log_in_coordinator(client, email: str, password: str):
    """Log `client` in through the coordinators' login form, as a browser would; returns it."""
    response = client.post("/coordination/connexion", data={
        "csrf_token": csrf(client, "/coordination/connexion"), "email": email,
        "password": password})
    assert response.status_code == 302
    return client


def neighbourhood_id(session, name: str) -> str:
    return str(session.scalar(select(Neighbourhood.id).where(Neighbourhood.name == name)))


def newcomer_form(session, **overrides) -> dict:
    data = {"first_name": "Olena", "email": "olena@example.org", "phone": "",
            "shared_contact": "email", "neighbourhood": neighbourhood_id(session, "Les Nangues"),
            "languages": ["uk", "en"], "interests": ["cuisine", "randonnee"],
            "about": "J'aime cuisiner et marcher.",
            "availability": ["sat-morning", "sun-afternoon"],
            "birth_year": "1988", "gender": "female", "household": "children",
            "arrival_date": "2026-11-01", "practise_french": "y", "buddy_gender": "",
            "heard_from": "mairie", "consent": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def volunteer_form(session, **overrides) -> dict:
    data = {"first_name": "Claire", "email": "claire@example.org", "phone": "06 12 34 56 78",
            "shared_contact": "both", "neighbourhood": neighbourhood_id(session, "Les Nangues"),
            "languages": ["fr", "en"], "interests": ["cuisine", "jardinage"], "about": "",
            "availability": ["sat-morning", "wed-evening"], "capacity": "2",
            "max_distance_km": "3", "newcomer_gender": "", "gender": "female",
            "household": "", "birth_year": "", "motivation": "J'ai déménagé souvent.",
            "charter": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, url: str, data: dict, **kwargs):
    return client.post(url, data={**data, "csrf_token": csrf(client, url)}, **kwargs)


def field_errors(html: str) -> list[str]:
    return re.findall(r'<p class="field-error" id="([^"]+)-erreur">', html)


def outbox(session, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return session.scalars(query).all()


#: the tests' SECRET_KEY (conftest.app_config)
TEST_SECRET_KEY = "test-secret-key"


def short_link_in(message: OutboxMessage) -> str:
    """The short link's path (/l/<code>, with its #anchor if any) in a message body."""
    match = re.search(r"http://[^/\s]+(/l/[a-z0-9]+(?:#[\w-]+)?)", message.body)
    assert match, message.body
    return match.group(1)


def link_in(message: OutboxMessage) -> str:
    """The page the personal link in a message opens: /arrivee/<token> or /benevole/<token>.

    Messages carry the short link /l/<code>, which redirects to a fresh signed token; this
    makes the same token, so tests can post to the page's forms without following redirects.
    """
    match = re.search(r"http://[^/\s]+(/(?:arrivee|benevole)/[^\s]+)", message.body)
    if match:
        return match.group(1)
    path, _, anchor = short_link_in(message).partition("#")
    code = path.rsplit("/", 1)[1]
    session = object_session(message)
    assert session is not None, "the message must be read from the database"
    for model, prefix in ((Newcomer, "/arrivee/"), (Volunteer, "/benevole/")):
        person = session.scalar(select(model).where(model.link_code == code))
        if person is not None:
            token = make_token(LinkSettings(TEST_SECRET_KEY), datetime.now(UTC), person)
            return prefix + token + (f"#{anchor}" if anchor else "")
    raise AssertionError(f"no person has the short code {code}")


STEP_FIELDS = {2: ("interests",), 3: ("availability",),
               4: ("about", "shared_contact", "arrival_date", "practise_french", "buddy_gender",
                   "intergenerational", "birth_year", "gender", "household", "heard_from")}


def intake_in_steps(client, data: dict, url: str = "/arrivee/inscription", **kwargs):
    """A newcomer's whole intake as a browser would post it: step 1 (the essentials) on
    `url`, then the optional steps 2 to 4 from their personal page with the rest of `data`.
    Returns step 1's response (a redirect to the personal page when it was accepted)."""
    response = submit(client, url, data, **kwargs)
    if response.status_code != 302:
        return response
    page = response.headers["Location"].split("?")[0]
    for step, fields in STEP_FIELDS.items():
        answers = {name: data[name] for name in fields if name in data}
        if step == 4 and "shared_contact" not in answers:
            answers["shared_contact"] = "email" if data.get("email") else "phone"
        saved = submit(client, f"{page}/completer/{step}", answers, **kwargs)
        assert saved.status_code == 302, saved.get_data(as_text=True)
    return response
