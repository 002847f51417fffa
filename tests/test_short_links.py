"""Short personal links /l/<code>: they open one's page, expire with disuse, resist guessing."""
import re
from datetime import timedelta

import factories
from conftest import NOW
from web.models.people import LINK_CODE_ALPHABET, LINK_CODE_LENGTH
from web.services.links import CODE_ALPHABET
from web.services.people import revoke_links

TODAY = NOW.now(NOW.tzinfo)


def test_codes_are_long_unambiguous_and_created_at_registration(session):
    people = [factories.newcomer(session) for _ in range(20)]
    codes = {p.link_code for p in people}
    assert len(codes) == 20
    assert all(len(c) == LINK_CODE_LENGTH and set(c) <= set(LINK_CODE_ALPHABET) for c in codes)
    assert not set("0o1li") & set(CODE_ALPHABET)
    assert len(CODE_ALPHABET) ** LINK_CODE_LENGTH >= 2 ** 50


def test_a_short_link_opens_the_persons_page(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    volunteer = factories.volunteer(session, first_name="Claire")
    session.commit()
    response = client.get(f"/l/{newcomer.link_code}")
    assert response.status_code == 302 and "/arrivee/" in response.headers["Location"]
    assert "Bonjour Aïcha" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/benevole/" in client.get(f"/l/{volunteer.link_code.upper()}").headers["Location"]


def test_an_unknown_code_gets_the_same_404_page(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    session.commit()
    pages = [client.get(f"/l/{code}") for code in
             ("2" * LINK_CODE_LENGTH, "abc", "0000000000o", newcomer.link_code[:-1] + "z")]
    assert {p.status_code for p in pages} == {404}
    # the same page; only the language menu's way back (?next=/l/...) names the address typed
    assert len({re.sub(r"next=/l/\w+", "", p.get_data(as_text=True)) for p in pages}) == 1
    assert "Aïcha" not in pages[0].get_data(as_text=True)


def test_a_short_link_expires_after_long_disuse_and_with_revocation(client, session):
    idle = factories.newcomer(session, last_active_at=TODAY - timedelta(days=91))
    revoked = factories.newcomer(session)
    old_code = revoked.link_code
    revoke_links(revoked)
    session.commit()
    expired = client.get(f"/l/{idle.link_code}")
    assert expired.status_code == 410 and "Ce lien a expiré" in expired.get_data(as_text=True)
    assert client.get(f"/l/{old_code}").status_code == 404
    assert client.get(f"/l/{revoked.link_code}").status_code == 302


def test_guessing_is_rate_limited_per_address(client, session):
    newcomer = factories.newcomer(session)
    session.commit()
    statuses = [client.get(f"/l/{'2' * LINK_CODE_LENGTH}").status_code for _ in range(30)]
    assert set(statuses) == {404}
    assert client.get(f"/l/{newcomer.link_code}").status_code == 429  # even a good code
    other = client.get(f"/l/{newcomer.link_code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302
