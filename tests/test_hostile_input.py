"""Hostile input never gives a 5xx and never half-stores anything (issue 11, findings 1, 7).

Every route of the app is requested with hostile URL values (huge, negative, NUL, very long,
non-UTF-8), and every form found on the app's pages is posted with hostile field values
(NUL bytes, 100 kB strings, duplicated fields, wrong types, non-UTF-8 bytes), as an
anonymous visitor, a newcomer with a valid link and a coordinator, on both databases.
"""
import re
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlencode

from factories import load_villiers, newcomer, volunteer
from hypothesis import HealthCheck, given, settings, strategies as st
from journeys import TEST_SECRET_KEY, csrf, log_in_coordinator
from sqlalchemy import func, select

from web.models import Newcomer, Volunteer
from web.services.accounts import create_coordinator
from web.services.links import LinkSettings, make_token

#: raw path segments: already percent-encoded where needed
HOSTILE_SEGMENTS = ("99999999999999999999", "2147483648", "-1", "%00", "a%00b", "x" * 5000,
                    "%FF%FE", "%C3%28", "9" * 5000, "..", "%0a")
HOSTILE_VALUES = ("a\x00b", "x" * 100_000, "99999999999999999999", "-1", "\udcff", "é" * 300,
                  "<script>", "", " ", "2026-13-45")
SETTINGS = settings(max_examples=4, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


class _Forms(HTMLParser):
    """The POST forms of a page: (action, field names)."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = (attrs.get("action") or "", [])
            self.forms.append(self._current)
        elif (tag in ("input", "select", "textarea", "button") and self._current
              and attrs.get("name")):
            self._current[1].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _people(app, session):
    """The town, a newcomer, a volunteer and an admin; returns the three clients."""
    load_villiers(session)
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    person = newcomer(session)
    volunteer(session)
    create_coordinator(session, now, "admin@villiers.example", "a-long-password", role="admin")
    session.commit()
    token = make_token(LinkSettings(TEST_SECRET_KEY), datetime.now(UTC), person)
    coordinator = log_in_coordinator(app.test_client(), "admin@villiers.example",
                                     "a-long-password")
    return {"anonymous": app.test_client(), "newcomer": app.test_client(),
            "coordinator": coordinator}, token


def _fill(rule, value: str, token: str) -> str:
    """The rule's path with every variable set to `value` (the token too, except for the
    newcomer's own pages, so that the hostile value reaches the rest of the path)."""
    path = rule.rule
    for name in rule.arguments:
        filler = token if name == "token" and value != "token" else value
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", filler, path)
    return path


#: not walked: logging out would turn the coordinator into an anonymous visitor
SKIPPED = ("static", "coordinators.logout")


def _rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED),
                  key=lambda r: r.rule)


def _counts(session):
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Newcomer)),
            session.scalar(select(func.count()).select_from(Volunteer)))


def test_every_route_answers_hostile_url_values_without_a_server_error(app, session):
    clients, token = _people(app, session)
    tokens = {role: csrf(client, "/mon-lien") for role, client in clients.items()}
    rules = _rules(app)

    @SETTINGS
    @given(value=st.sampled_from(HOSTILE_SEGMENTS), role=st.sampled_from(sorted(clients)))
    def check(value, role):
        client = clients[role]
        for rule in rules:
            path = _fill(rule, value, token if role == "newcomer" else value)
            for method in sorted(rule.methods & {"GET", "POST"}):
                data = {"csrf_token": tokens[role]} if method == "POST" else None
                response = client.open(path, method=method, data=data)
                assert response.status_code < 500, (role, method, path[:200])

    check()
    for path in ("/coordination/arrivants/99999999999999999999", "/coordination/arrivants/-1",
                 "/coordination/arrivants/2147483648"):
        assert clients["coordinator"].get(path).status_code == 404
    assert clients["anonymous"].get("/langue/fr?next=/%0aX").status_code == 302
    assert clients["anonymous"].get("/?q=a%00b").status_code == 400
    assert clients["coordinator"].get("/coordination/personnes?page=99999999999").status_code \
        == 200


def _forms(app, clients, token):
    """Every POST form on every page reachable with plain values: (role, page, action, names)."""
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for role, client in clients.items():
        for rule in _rules(app):
            if "GET" not in rule.methods:
                continue
            if any(name not in ("token",) and not name.endswith("_id") for name in rule.arguments):
                continue
            page = _fill(rule, "1", token)
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            parser = _Forms()
            parser.feed(response.get_data(as_text=True))
            for action, names in parser.forms:
                found.setdefault((role, action or page), (page, sorted(set(names))))
    return [(role, action, page, names) for (role, action), (page, names) in sorted(found.items())]


def test_every_form_answers_hostile_fields_without_a_server_error_nor_half_stored_rows(
        app, session):
    clients, token = _people(app, session)
    forms = _forms(app, clients, token)
    assert len(forms) > 10
    tokens = {role: csrf(client, "/mon-lien") for role, client in clients.items()}

    @SETTINGS
    @given(value=st.sampled_from(HOSTILE_VALUES), twice=st.booleans(), raw=st.booleans())
    def check(value, twice, raw):
        for role, action, _page, names in forms:
            client = clients[role]
            before = _counts(session)
            if raw:  # non-UTF-8 bytes, as a broken client would send them
                body = "&".join(f"{name}=%FF%FE%00" for name in names if name != "csrf_token")
                body += f"&csrf_token={tokens[role]}"
                response = client.post(action, data=body.encode(),
                                       content_type="application/x-www-form-urlencoded")
            else:
                data = {name: [value, value] if twice else value
                        for name in names if name != "csrf_token"}
                data["csrf_token"] = tokens[role]
                # "\udcff" stands for the undecodable byte 0xFF (Python's surrogateescape):
                # it is sent as that byte, as the test client cannot encode it itself.
                encoded = urlencode(data, doseq=True, errors="surrogateescape")
                response = client.post(action, data=encoded.encode(),
                                       content_type="application/x-www-form-urlencoded")
            assert response.status_code < 500, (role, action, repr(value)[:40])
            if response.status_code != 302:
                assert _counts(session) == before, (role, action, repr(value)[:40])

    check()


def test_a_32_kilobyte_email_is_refused_quickly(client, session):
    load_villiers(session)
    session.commit()
    address = "a@" + "b." * 16_000 + " "
    started = time.perf_counter()
    response = client.post("/mon-lien", data={"csrf_token": csrf(client, "/mon-lien"),
                                              "contact": address})
    print(f"32 kB e-mail answered in {time.perf_counter() - started:.3f} s")
    assert response.status_code == 200
    assert "254 caractères au plus." in response.get_data(as_text=True)


def test_an_oversized_body_is_refused_before_it_is_read_and_nothing_is_stored(client, session):
    load_villiers(session)
    session.commit()
    huge = "x" * (4 * 1024 * 1024)  # above MAX_CONTENT_LENGTH (3 MB)
    response = client.post("/arrivee/inscription", data={
        "csrf_token": csrf(client, "/arrivee/inscription"), "first_name": huge,
        "phone": "06 11 22 33 44", "consent": "y"})
    assert response.status_code == 413
    assert huge[:1000] not in response.get_data(as_text=True)  # never echoed back
    assert session.scalar(select(func.count()).select_from(Newcomer)) == 0
