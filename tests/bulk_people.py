"""Many generated people at once, for tests of the weekly run at network scale.

Core `insert` with one statement per table (executemany): thousands of rows in well
under a second, where the ORM factories would take minutes.
"""
import json
import random
from datetime import timedelta

import factories
from conftest import NOW
from sqlalchemy import insert, select

from web.config import DATA_DIR
from web.models import Newcomer, Volunteer

LANGUAGES = ["fr", "ar", "uk", "fa", "ps", "tr", "es", "en"]


def _person(rng, i: int, kind: str, neighbourhoods: list[int], interests: list[str]) -> dict:
    spoken = ["fr"] * (rng.random() < 0.7) + rng.sample(LANGUAGES[1:], rng.randint(0, 2))
    return {
        "first_name": f"{kind}{i}", "email": f"{kind.lower()}{i}@example.org", "phone": None,
        "languages": spoken or ["fr"], "interests": rng.sample(interests, rng.randint(1, 4)),
        "about": "", "availability": rng.randint(1, (1 << 21) - 1),
        "birth_year": rng.randint(1950, 2005), "gender": rng.choice(["female", "male", None]),
        "household": None, "locale": "fr", "shared_contact": "email",
        "link_key": f"{kind[0]}key{i:08d}", "link_code": f"{kind[0].lower()}{i:010d}",
        "created_at": NOW, "updated_at": NOW, "last_active_at": NOW,
        "neighbourhood_id": rng.choice(neighbourhoods),
    }


def load_people(session, newcomers: int = 2500, volunteers: int = 1500, seed: int = 12) -> None:
    """The sample town, `newcomers` waiting newcomers and `volunteers` approved, active
    volunteers with random languages, interests and availability; commits."""
    rng = random.Random(seed)
    neighbourhoods = [n.id for n in factories.load_villiers(session).values()]
    interests = [item["tag"] for item in json.loads((DATA_DIR / "interests.json").read_text())]
    session.execute(insert(Newcomer), [
        {**_person(rng, i, "Newcomer", neighbourhoods, interests), "consent_at": NOW,
         "status": "waiting", "waiting_since": NOW - timedelta(days=rng.randint(0, 90)),
         "practise_french": rng.random() < 0.5, "intergenerational": False,
         "weekly_digest": True}
        for i in range(newcomers)])
    session.execute(insert(Volunteer), [
        {**_person(rng, i, "Volunteer", neighbourhoods, interests),
         "capacity": rng.randint(1, 3), "load": 0, "charter_accepted_at": NOW,
         "vetting_status": "approved", "status": "active", "motivation": ""}
        for i in range(volunteers)])
    session.commit()


def counts(session) -> tuple[int, int]:
    """(newcomers, volunteers) in the database."""
    from sqlalchemy import func
    return (session.scalar(select(func.count()).select_from(Newcomer)),
            session.scalar(select(func.count()).select_from(Volunteer)))
