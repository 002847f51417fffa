"""Personal links are keys: a new one revokes the old, coordinators and logs never see them."""
import contextlib
import logging
import re

import factories
import pytest
from conftest import NOW
from journeys import csrf, link_in, log_in_coordinator, outbox, regex_group, submit
from sqlalchemy import select

from web.log_filters import mask_links
from web.models import AuditEntry
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
TOKEN_PATH = re.compile(r"/(?:arrivee|benevole|suivi)/(?!inscription)[A-Za-z0-9_-]{20,}")
CODE_PATH = re.compile(r"/l/[a-z0-9]{11}")


@pytest.fixture
def coordinator(client, session):
    """The test client, logged in as a coordinator."""
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def _ask_for_link(client, session, contact):
    """"Retrouver mon lien" once; returns the newest link message (fresh from the database)."""
    submit(client, "/mon-lien", {"contact": contact})
    session.expire_all()
    return outbox(session, "link")[-1]


def test_a_new_link_revokes_the_old_token_and_short_code(client, session):
    newcomer = factories.newcomer(session, email="olena@example.org", first_name="Olena")
    session.commit()
    first = _ask_for_link(client, session, "olena@example.org")
    old_page, old_code = link_in(first), regex_group(CODE_PATH, first.body, group=0)
    assert "Olena" in client.get(old_page).get_data(as_text=True)

    second = _ask_for_link(client, session, "olena@example.org")
    new_code = regex_group(CODE_PATH, second.body, group=0)
    assert new_code != old_code
    gone = client.get(old_page)
    assert gone.status_code == 404 and "Olena" not in gone.get_data(as_text=True)
    assert client.get(old_code).status_code == 404
    assert client.get(new_code).status_code == 302
    assert "Olena" in client.get(link_in(second)).get_data(as_text=True)
    assert newcomer.link_code == new_code.removeprefix("/l/")


def test_masking_covers_every_personal_link_and_nothing_else():
    text = ("https://v.example/arrivee/WyJuZXdjb21lciIsMV0.aw3.ISS/profil "
            "https://v.example/benevole/abc.def-ghi https://v.example/suivi/eyJhIjoxfQ.x.y "
            "https://v.example/l/k3m9p2q7r4t https://v.example/arrivee/inscription "
            "https://v.example/agenda")
    assert mask_links(text) == (
        "https://v.example/arrivee/••••••/profil https://v.example/benevole/•••••• "
        "https://v.example/suivi/•••••• https://v.example/l/•••••• "
        "https://v.example/arrivee/inscription https://v.example/agenda")


def test_the_outbox_shows_no_personal_link(coordinator, session):
    factories.newcomer(session, email="olena@example.org", first_name="Olena")
    factories.volunteer(session, email=None, phone="06 12 34 56 78", first_name="Marc")
    session.commit()
    email = _ask_for_link(coordinator, session, "olena@example.org")
    sms = _ask_for_link(coordinator, session, "06 12 34 56 78")
    assert CODE_PATH.search(email.body) and CODE_PATH.search(sms.body)
    pages = [coordinator.get("/coordination/messages").get_data(as_text=True)]
    for message in (email, sms):
        pages.append(coordinator.get(f"/coordination/messages/{message.id}")
                     .get_data(as_text=True))
    for html in pages:
        assert not CODE_PATH.search(html) and not TOKEN_PATH.search(html)
        assert "/l/••••••" in html


def test_showing_a_link_is_audited(coordinator, session):
    factories.newcomer(session, email="olena@example.org", first_name="Olena")
    session.commit()
    message = _ask_for_link(coordinator, session, "olena@example.org")
    url = f"/coordination/messages/{message.id}"
    code = regex_group(CODE_PATH, message.body, group=0)
    token = csrf(coordinator, url)
    assert "Afficher le lien" in coordinator.get(url).get_data(as_text=True)

    assert coordinator.post(url + "/lien").status_code == 400  # no CSRF token: refused
    assert session.scalars(select(AuditEntry).where(
        AuditEntry.action == "outbox.link_shown")).all() == []
    shown = coordinator.post(url + "/lien", data={"csrf_token": token})
    assert shown.status_code == 200 and code in shown.get_data(as_text=True)
    (entry,) = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "outbox.link_shown")).all()
    assert entry.coordinator_id is not None and entry.target_id == message.id
    assert code not in coordinator.get(url).get_data(as_text=True)  # masked again


def test_the_access_log_has_no_token(app, session, live_server, caplog):
    import urllib.request

    newcomer = factories.newcomer(session, first_name="Olena")
    session.commit()
    with app.test_request_context():
        from web.services.notify import page_url, personal_url

        page, short = page_url(NOW, newcomer), personal_url(NOW, newcomer)
        session.commit()
    secret = page.rsplit("/", 1)[1]
    code = short.rsplit("/", 1)[1]
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        for path in (f"/arrivee/{secret}", f"/l/{code}"):
            # The page's status does not matter, only what the log says.
            with contextlib.suppress(OSError):
                urllib.request.urlopen(live_server + path, timeout=10).read()
    logged = [r for r in caplog.records if r.name == "werkzeug"]
    assert any("/arrivee/***" in r.getMessage() for r in logged)
    assert any("/l/***" in r.getMessage() for r in logged)
    assert not any(secret in r.getMessage() or code in r.getMessage() for r in logged)


def test_the_error_log_has_no_token(app, client, session, caplog, monkeypatch):
    from web.services import links

    newcomer = factories.newcomer(session, first_name="Olena")
    session.commit()
    with app.test_request_context():
        from web.services.notify import page_url

        page = page_url(NOW, newcomer).removeprefix(app.config["BASE_URL"])
    secret = page.rsplit("/", 1)[1]

    def broken(person, now):
        raise RuntimeError(f"failed on {page}")

    monkeypatch.setattr(links, "renew", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR):
        assert client.get(page).status_code == 500
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "/arrivee/***" in record.getMessage()
    text = logging.Formatter().format(record)
    assert "RuntimeError" in text and secret not in text
