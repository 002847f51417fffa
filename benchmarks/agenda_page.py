"""Speed of the public agenda and place pages on a busy week.

    .venv/bin/python -m benchmarks.agenda_page [--one-off 1800] [--recurring 100] [--repeats 100]

Fills a scratch SQLite database (and the PostgreSQL database named by
BIENVENUE_BENCH_POSTGRES_URL, which is WIPED first) with the Villiers town and programme,
extra places, `one_off` dated activities in the week of 30 November 2026 and `recurring`
activities twice a week (about 2,000 occurrences that week in all); then requests the
agenda (whole week and filtered), the week's calendar file and the place pages `repeats`
times each through the Flask test client, and prints p50, p95 and max in milliseconds with
the number of SQL statements per request. Target: p95 under 100 ms for /agenda. Like
web/wsgi.py in production, the objects alive before the requests are frozen out of the
garbage collector's full passes (`gc.freeze`).

Nothing here is a timed test: it prints what it measured.
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from benchmarks import pages as harness
from benchmarks.pages import PageTiming, migrated_postgres, migrated_sqlite
from web import create_app
from web.config import DATA_DIR
from web.models import Activity, Neighbourhood, Place
from web.models.local_life import ACTIVITY_KINDS, AUDIENCES
from web.services.programme_file import load_programme
from web.services.reference import load_town
from web.services.town import sync_town

WEEK = "2026-W49"
MONDAY = datetime(2026, 11, 30)
TARGET_P95_MS = 100
LANGUAGES = ("fr", "en", "ar", "es", "pt", "uk", "ta", "ro", "tr", "zh")
PATHS = (f"/agenda?semaine={WEEK}",
         f"/agenda?semaine={WEEK}&quartier=les-nangues",
         f"/agenda?semaine={WEEK}&type=citoyen&langue=ar",
         f"/agenda?semaine={WEEK}&jour=2",
         f"/agenda/semaine.ics?semaine={WEEK}&quartier=les-nangues",
         "/lieux",
         "/lieux/maison-de-quartier-des-nangues")


@dataclass(frozen=True)
class Sizes:
    one_off: int = 1800
    recurring: int = 100
    places: int = 100


def fill(session, sizes: Sizes, seed: int = 2026) -> None:
    """The town, its programme, and a busy week of extra activities; commits."""
    rng = random.Random(seed)
    town = load_town(str(DATA_DIR / "towns" / "villiers.json"))
    sync_town(session, town)
    load_programme(session, str(DATA_DIR / "towns" / "villiers-programme.json"), town.timezone)
    neighbourhoods = session.scalars(select(Neighbourhood)).all()
    places = []
    for n in range(sizes.places):
        home = rng.choice(neighbourhoods)
        places.append(dict(slug=f"lieu-{n}", name=f"Lieu {n}", kind="association",
                           neighbourhood_id=home.id, address=f"{n} rue du Banc, Villiers",
                           lat=home.lat + rng.uniform(-.003, .003),
                           lon=home.lon + rng.uniform(-.003, .003), languages=["fr"]))
    session.execute(insert(Place), places)
    place_ids = list(session.scalars(select(Place.id)))

    def activity(n, start, rrule=None):
        return dict(title=f"Activité {n}", description="Une activité pour mesurer la page.",
                    kind=rng.choice(ACTIVITY_KINDS), place_id=rng.choice(place_ids),
                    interests=[], languages=rng.sample(LANGUAGES, 2),
                    audience=rng.choice(AUDIENCES), price_cents=rng.choice((0, 0, 350)),
                    starts_at=start, duration_minutes=90, timezone=town.timezone, rrule=rrule,
                    source="coordinator")

    rows = [activity(n, MONDAY + timedelta(days=rng.randrange(7), hours=rng.randrange(8, 21)))
            for n in range(sizes.one_off)]
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    # from Monday 7 September; the rule picks the days (a start off the rule is not counted)
    rows += [activity(sizes.one_off + n, datetime(2026, 9, 7, rng.randrange(8, 21)),
                      f"FREQ=WEEKLY;BYDAY={','.join(rng.sample(days, 2))}")
             for n in range(sizes.recurring)]
    session.execute(insert(Activity), rows)
    session.commit()


def measure(app, repeats: int = 100, paths=PATHS) -> list[PageTiming]:
    """Request each path `repeats` times after one warm-up request."""
    client = app.test_client()

    def get(path: str) -> int:
        return client.get(path, headers={"Accept-Language": "fr"}).status_code

    return harness.time_pages(app, paths, repeats, get)


def table(results: list[PageTiming]) -> str:
    """The timings as a Markdown table, pages above the target marked."""
    return harness.table(results, TARGET_P95_MS)


def week_occurrences(app) -> int:
    """How many occurrences the benchmark week holds (cancelled ones included)."""
    from zoneinfo import ZoneInfo

    from web.services.agenda import week_bounds
    from web.services.occurrences import upcoming

    session = app.extensions["db_sessionmaker"]()
    try:
        return len(upcoming(session, *week_bounds(MONDAY.date(), ZoneInfo("Europe/Paris")),
                            include_cancelled=True))
    finally:
        session.close()


def run(url: str, sizes: Sizes, repeats: int, instance_dir: str) -> tuple[int, list[PageTiming]]:
    """Fill the (migrated, empty) database at `url`, then measure every page."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "INSTANCE_DIR": instance_dir})
    try:
        session = app.extensions["db_sessionmaker"]()
        try:
            fill(session, sizes)
        finally:
            session.close()
        count = week_occurrences(app)
        # as web/wsgi.py does in production: long-lived objects out of full collections
        gc.collect()
        gc.freeze()
        try:
            return count, measure(app, repeats)
        finally:
            gc.unfreeze()
    finally:
        app.extensions["db_engine"].dispose()


def main(argv: list[str] | None = None) -> None:
    """Parse the sizes, run on SQLite (and PostgreSQL if configured), print the tables."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.agenda_page",
                                     description=__doc__.split("\n")[0])
    defaults = Sizes()
    parser.add_argument("--one-off", type=int, default=defaults.one_off)
    parser.add_argument("--recurring", type=int, default=defaults.recurring)
    parser.add_argument("--places", type=int, default=defaults.places)
    parser.add_argument("--repeats", type=int, default=100)
    args = parser.parse_args(argv)
    sizes = Sizes(args.one_off, args.recurring, args.places)
    print(f"Machine: {os.cpu_count()} CPU(s); {sizes}; {args.repeats} requests per page")
    with tempfile.TemporaryDirectory() as folder:
        url = migrated_sqlite(folder)
        count, results = run(url, sizes, args.repeats, folder)
        print(f"\n## SQLite ({count} occurrences in the week {WEEK})\n\n" + table(results))
        postgres = os.environ.get("BIENVENUE_BENCH_POSTGRES_URL")
        if postgres:
            migrated_postgres(postgres)
            count, results = run(postgres, sizes, args.repeats, folder)
            print(f"\n## PostgreSQL ({count} occurrences in the week {WEEK})\n\n" + table(results))


if __name__ == "__main__":
    main()
