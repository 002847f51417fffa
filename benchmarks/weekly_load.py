"""Fill a PostgreSQL (or any) database with a generated regional population for the
weekly run benchmark (:mod:`benchmarks.weekly_run`): Core bulk inserts, no ORM objects.

Every newcomer waits, placed in a neighbourhood; every volunteer is approved and active with
1 to 3 places and none used; the generator's "already tried" pairs become declined
proposals. The generator's values are mapped onto the model's columns and checks
(web/models/people.py).
"""
from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import create_engine, insert, select, text

from matcher.slots import slots_to_mask
from web.models import Neighbourhood, Newcomer, Proposal, Setting, Volunteer
from web.models.people import LOCALES
from web.services.matching import REVIEW_SETTING

#: generator values -> the model's; tags missing from data/interests.json become the
#: nearest one there
GENDER = {"f": "female", "m": "male", "x": "other"}
TAG = {"echecs": "jeux-de-societe", "peinture": "arts-plastiques", "natation": "marche",
       "basket": "football", "histoire": "histoire-locale", "nature": "marche",
       "musees": "arts-plastiques"}


def _household(rng, value: str | None) -> str | None:
    if value == "children":
        return "children"
    if value == "no-children":
        return "alone" if rng.random() < 0.5 else "couple"
    return None


def _person_row(rng, p: dict, nbhd_ids: dict, now: dt.datetime, kind: str, index: int) -> dict:
    """The columns shared by both tables for one generated person."""
    langs = list(dict.fromkeys(p["languages"]))
    main = langs[0]
    locale = main if main in LOCALES else \
        ("fr" if "fr" in langs else "en")
    # About one newcomer in six has no e-mail address: they get text messages.
    phone_only = kind == "newcomer" and rng.random() < 0.16
    return dict(
        first_name=f"{kind[:3].capitalize()}{index}",
        email=None if phone_only else f"{kind}{index}@example.org",
        phone=f"+3361{index:07d}" if phone_only or rng.random() < 0.3 else None,
        languages=langs, interests=list(dict.fromkeys(TAG.get(t, t) for t in p["interests"])),
        about=p["about"], availability=slots_to_mask(p["availability"]),
        birth_year=p.get("birth_year"), gender=GENDER[p["gender"]],
        household=_household(rng, p.get("household")), locale=locale,
        shared_contact="phone" if phone_only else "email",
        link_key=secrets.token_urlsafe(16), link_code=f"{kind[0]}{index:010d}",
        neighbourhood_id=nbhd_ids[p["neighbourhood"]],
        created_at=now, updated_at=now, last_active_at=now)


def load(url: str, data: dict, now: dt.datetime, review: bool) -> dict:
    """Insert a generated population (Core bulk inserts, one transaction); return counts."""
    rng = random.Random(len(data["newcomers"]))
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(Neighbourhood), [
                dict(slug=n["id"], name=n["name"], lat=n["lat"], lon=n["lon"])
                for n in data["neighbourhoods"]])
            nbhd_ids = dict(conn.execute(select(Neighbourhood.slug, Neighbourhood.id)).all())
            conn.execute(insert(Setting), [dict(key=REVIEW_SETTING, value=review)])
            volunteers = []
            for j, p in enumerate(data["volunteers"]):
                row = _person_row(rng, p, nbhd_ids, now, "volunteer", j)
                row.update(capacity=p["capacity"], load=0, max_distance_km=None,
                           newcomer_gender=GENDER.get(p.get("newcomer_gender")),
                           motivation="Accueillir.", charter_accepted_at=now,
                           vetting_status="approved", vetted_at=now, status="active")
                volunteers.append(row)
            conn.execute(insert(Volunteer), volunteers)
            newcomers = []
            for i, p in enumerate(data["newcomers"]):
                row = _person_row(rng, p, nbhd_ids, now, "newcomer", i)
                since = dt.datetime.fromisoformat(p["waiting_since"]).replace(
                    hour=10, tzinfo=dt.UTC)
                row.update(consent_at=since, waiting_since=since, created_at=since,
                           status="waiting", practise_french=bool(p.get("practise_french")),
                           intergenerational=bool(p.get("intergenerational")),
                           buddy_gender=GENDER.get(p.get("buddy_gender")))
                newcomers.append(row)
            conn.execute(insert(Newcomer), newcomers)
            # Ids in insertion order: the generator's "n17" is the 18th row.
            n_ids = conn.execute(select(Newcomer.id).order_by(Newcomer.id)).scalars().all()
            v_ids = conn.execute(select(Volunteer.id).order_by(Volunteer.id)).scalars().all()
            declined = [dict(newcomer_id=n_ids[int(n[1:])], volunteer_id=v_ids[int(v[1:])],
                             status="declined_by_volunteer", source="engine", score=0.5,
                             components={}, reasons={}, overridden_constraints=[],
                             created_at=now - dt.timedelta(days=30),
                             proposed_at=now - dt.timedelta(days=30),
                             volunteer_answered_at=now - dt.timedelta(days=29),
                             decline_code="unavailable")
                        for n, v in data["excluded_pairs"]]
            if declined:
                conn.execute(insert(Proposal), declined)
    finally:
        engine.dispose()
    return {"neighbourhoods": len(nbhd_ids), "newcomers": len(newcomers),
            "volunteers": len(volunteers), "declined_pairs": len(declined),
            "places": sum(v["capacity"] for v in volunteers)}


def counts(url: str) -> dict:
    """What the database holds after a run."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            def one(sql: str):
                return conn.execute(text(sql)).scalar()

            return {"proposals": one("SELECT count(*) FROM proposal "
                                     "WHERE match_run_id IS NOT NULL"),
                    "outbox": one("SELECT count(*) FROM outbox_message"),
                    "newcomers": one("SELECT count(*) FROM newcomer"),
                    "runs": one("SELECT count(*) FROM match_run WHERE status = 'done'")}
    finally:
        engine.dispose()
