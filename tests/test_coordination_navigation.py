"""The coordinators' navigation, grouped by task: five disclosures a keyboard opens without
JavaScript, the group of the page shown open and its link marked as the current page,
admin-only links only for admins."""
import re

import pytest
from conftest import NOW
from journeys import log_in_coordinator, regex_group

from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
GROUPS = ["Aujourd'hui", "Personnes", "Appariement", "La ville", "Administration"]


def _log_in(client, session, role):
    create_coordinator(session, NOW, f"{role}@villiers.example", PASSWORD, name="Inès",
                       role=role)
    session.commit()
    return log_in_coordinator(client, f"{role}@villiers.example", PASSWORD)


def _nav(html):
    return html[html.index('<nav class="coord-nav"'):html.index("</nav>", html.index(
        '<nav class="coord-nav"'))]


def _groups(nav):
    """(summary, open?, [link labels]) for each disclosure of the bar."""
    found = []
    for block in re.findall(r"<details(.*?)</details>", nav, re.S):
        summary = regex_group(r"<summary>(.*?)</summary>", block).replace("&#39;", "'")
        links = re.findall(r"<a [^>]*>(.*?)</a>", block)
        found.append((summary, " open>" in block.split("<summary>")[0] + ">", links))
    return found


def test_the_bar_is_five_task_groups_with_the_current_page_open(client, session):
    _log_in(client, session, "admin")
    nav = _nav(client.get("/coordination/propositions/a-valider").get_data(as_text=True))
    groups = _groups(nav)
    assert [name for name, _open, _links in groups] == GROUPS
    assert [name for name, is_open, _links in groups if is_open] == ["Aujourd'hui"]
    today, people, matching, town, admin = (links for _n, _o, links in groups)
    assert today[:3] == ["Accueil", "Propositions à valider", "Bénévoles à valider"]
    assert "Appariement" in matching and "Binôme à la main" in matching
    assert "Lieux et activités" in town and "Rencontres d'accueil" in town
    assert {"Comptes", "Moteur d'appariement", "Boîte d'envoi", "Journal"} <= set(admin)
    assert "Inscription par téléphone" in people
    # Every page is reached once; the one shown is marked for screen readers.
    assert sum(len(links) for links in (today, people, matching, town, admin)) == 20
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == [
        "/coordination/propositions/a-valider"]

    nav = _nav(client.get("/coordination/lieux").get_data(as_text=True))
    assert [name for name, is_open, _links in _groups(nav) if is_open] == ["La ville"]


def test_admin_links_only_for_admins(client, session):
    _log_in(client, session, "coordinator")
    nav = _nav(client.get("/coordination/").get_data(as_text=True))
    links = [label for _n, _o, labels in _groups(nav) for label in labels]
    assert "Comptes" not in links and "Moteur d'appariement" not in links
    assert "Boîte d'envoi" in links and "Accueil" in links


def test_an_unknown_group_is_a_programming_error():
    from web.views.coordinators.nav import add_nav_item
    with pytest.raises(ValueError):
        add_nav_item("coordinators.nowhere", "Nulle part", group="elsewhere")
