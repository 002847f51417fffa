"""Load the demo people from data/demo_people.json into an empty database."""
import json
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.slots import slots_to_mask
from web.config import DATA_DIR
from web.models import Coordinator, Neighbourhood, Newcomer, Volunteer
from web.services import ServiceError, audit
from web.services.accounts import create_coordinator

DEMO_FILE = DATA_DIR / "demo_people.json"
DEMO_COORDINATOR_EMAIL = "coordination@villiers.example"
DEMO_COORDINATOR_PASSWORD = "bienvenue-demo"

_PROFILE_FIELDS = ("first_name", "last_initial", "email", "phone", "languages", "interests",
                   "about", "birth_year", "gender", "household", "locale")


def read_demo_file(path: Path = DEMO_FILE) -> dict:
    """Read the demo file; raises ServiceError naming the file when it is unusable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ServiceError(str(path), f"cannot read demo people ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list)
                                             for k in ("newcomers", "volunteers")):
        raise ServiceError(str(path), 'expected {"newcomers": [...], "volunteers": [...]}')
    return data


def _profile(person: dict, where: str, neighbourhoods: dict) -> dict:
    values = {field: person.get(field) for field in _PROFILE_FIELDS}
    slug = person.get("neighbourhood")
    if slug is not None and slug not in neighbourhoods:
        raise ServiceError(f"{where}.neighbourhood", f'unknown neighbourhood "{slug}"')
    values["neighbourhood_id"] = neighbourhoods[slug].id if slug else None
    try:
        values["availability"] = slots_to_mask(person.get("availability") or [])
    except ValueError as exc:
        raise ServiceError(f"{where}.availability", str(exc)) from None
    values["about"] = values["about"] or ""
    return values


def load_demo(session: Session, now: datetime, people: dict) -> dict:
    """Insert demo people and the demo coordinator when the database has nobody yet.

    Returns what was done: {"newcomers": n, "volunteers": n, "coordinator": email or None}.
    Existing data is never touched: a second call on a filled database adds nothing.
    """
    done: dict[str, int | str | None] = {"newcomers": 0, "volunteers": 0, "coordinator": None}
    neighbourhoods = {n.slug: n for n in session.scalars(select(Neighbourhood))}
    if not neighbourhoods:
        raise ServiceError("neighbourhoods", "load the town first (bienvenue load-town)")
    has_people = session.scalar(select(func.count()).select_from(Newcomer)) or \
        session.scalar(select(func.count()).select_from(Volunteer))
    if not has_people:
        for index, person in enumerate(people["newcomers"]):
            values = _profile(person, f"newcomers[{index}]", neighbourhoods)
            waited = timedelta(days=int(person.get("waiting_days_ago") or 0))
            arrived = timedelta(days=int(person.get("arrival_days_ago") or 0))
            session.add(Newcomer(
                **values, practise_french=bool(person.get("practise_french")),
                buddy_gender=person.get("buddy_gender"), address_hint=person.get("address_hint"),
                heard_from=person.get("heard_from"), arrival_date=(now - arrived).date(),
                consent_at=now - waited, waiting_since=now - waited, created_at=now - waited,
                updated_at=now - waited, last_active_at=now - waited))
        for index, person in enumerate(people["volunteers"]):
            values = _profile(person, f"volunteers[{index}]", neighbourhoods)
            vetting = person.get("vetting_status", "pending")
            session.add(Volunteer(
                **values, capacity=int(person.get("capacity") or 1),
                max_distance_km=person.get("max_distance_km"),
                newcomer_gender=person.get("newcomer_gender"),
                motivation=person.get("motivation") or "", charter_accepted_at=now,
                vetting_status=vetting, vetted_at=now if vetting != "pending" else None,
                created_at=now, updated_at=now, last_active_at=now))
        done["newcomers"] = len(people["newcomers"])
        done["volunteers"] = len(people["volunteers"])
        session.flush()
    if not session.scalar(select(func.count()).select_from(Coordinator)):
        create_coordinator(session, now, DEMO_COORDINATOR_EMAIL, DEMO_COORDINATOR_PASSWORD,
                           name="Coordination Villiers (démo)", role="admin", actor="load-demo")
        done["coordinator"] = DEMO_COORDINATOR_EMAIL
    if done["newcomers"] or done["volunteers"]:
        audit.record(session, now, "demo.loaded", actor="load-demo",
                     newcomers=done["newcomers"], volunteers=done["volunteers"])
    return done
