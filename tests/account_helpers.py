"""Coordinator accounts in tests: logging in through the form, the `claire`, `claire_client`
and `admin_client` fixtures (a pytest plugin, see conftest's `pytest_plugins`), reloading an
account."""
import pytest
from conftest import NOW, PASSWORD
from journeys import log_in_coordinator, regex_group

from web.models import Coordinator
from web.services.accounts import create_coordinator

LOGIN = "/coordination/connexion"
#: the admins' page of coordinator accounts
PAGE = "/coordination/comptes"


def csrf_token(client, url=LOGIN) -> str:
    """The CSRF token of the (first) form on `url`."""
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    return regex_group(r'name="csrf_token"[^>]*value="([^"]+)"', page)


def log_in(client, email, password=PASSWORD):
    """Submit the login form as a browser would."""
    return client.post(LOGIN, data={"csrf_token": csrf_token(client), "email": email,
                                    "password": password})


def reload(session, account):
    """The account as the database now holds it."""
    session.expire_all()
    return session.get(Coordinator, account.id)


@pytest.fixture
def claire(session):
    """Claire Martin, an active coordinator (not an admin)."""
    account = create_coordinator(session, NOW, "claire@villiers.example", PASSWORD,
                                 name="Claire Martin")
    session.commit()
    return account


@pytest.fixture
def claire_client(client, claire):
    """The test client, logged in as Claire (a coordinator) through the login form."""
    return log_in_coordinator(client, claire.email, PASSWORD)


@pytest.fixture
def admin_client(client, admin):
    """The test client, logged in as the `admin` account."""
    assert log_in(client, admin.email).status_code == 302
    return client
