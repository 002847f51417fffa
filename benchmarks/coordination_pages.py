"""Speed of the coordinators' pages on a town-sized database.

    .venv/bin/python -m benchmarks.coordination_pages [--newcomers 10000] [--repeats 20]

Fills a scratch SQLite database (and the PostgreSQL database named by
BIENVENUE_BENCH_POSTGRES_URL, which is WIPED first) with newcomers, volunteers,
proposals in every status, audit entries and outbox messages; then requests every
coordinator page that takes no URL argument, `repeats` times each, through the Flask
test client logged in as an admin, and prints p50, p95 and max in milliseconds with
the number of SQL statements per request. Target: p95 under 150 ms.

Nothing here is a timed test: it prints what it measured.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import insert, select, update

from benchmarks import pages as harness
from benchmarks.pages import PageTiming, migrated_postgres, migrated_sqlite
from matcher.slots import FULL_MASK
from web import create_app
from web.config import DATA_DIR
from web.models import AuditEntry, Neighbourhood, Newcomer, OutboxMessage, Proposal, Volunteer
from web.services.accounts import create_coordinator
from web.services.reference import load_town
from web.services.town import sync_town

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
EMAIL = "bench@villiers.example"
PASSWORD = "benchmark password 2026"
#: share of each proposal status (sums to 1)
STATUS_SHARES = {"active": .19, "ended": .25, "proposed": .075, "accepted": .04, "draft": .04,
                 "declined_by_volunteer": .15, "declined_by_newcomer": .06, "expired": .12,
                 "rejected": .075}
TARGET_P95_MS = 150
#: a page slower than this in total is measured fewer times
BUDGET_SECONDS = 30.0


@dataclass(frozen=True)
class Sizes:
    newcomers: int = 10_000
    volunteers: int = 5_000
    proposals: int = 8_000
    audit: int = 50_000
    outbox: int = 20_000


def _ago(rng: random.Random, days: float) -> datetime:
    return NOW - timedelta(days=rng.uniform(0, days))


def _people(rng, n, kind, neighbourhoods):
    rows = []
    for i in range(n):
        rows.append(dict(
            first_name=f"{kind.capitalize()}{i}", email=f"{kind}{i}@example.org",
            languages=rng.sample(["fr", "en", "ar", "es", "uk", "pt"], 2),
            interests=rng.sample(["cuisine", "lecture", "velo", "jardinage", "randonnee"], 2),
            about="", availability=rng.randint(1, FULL_MASK), locale="fr",
            shared_contact="email", link_key=f"k{kind[0]}{i}",
            neighbourhood_id=rng.choice(neighbourhoods) if rng.random() < .95 else None,
            created_at=_ago(rng, 400), updated_at=NOW, last_active_at=NOW))
    return rows


def fill(session, sizes: Sizes, seed: int = 2026) -> None:
    """Insert a town's worth of consistent rows (loads match open proposals) and commit."""
    rng = random.Random(seed)
    sync_town(session, load_town(str(DATA_DIR / "towns" / "villiers.json")))
    neighbourhoods = list(session.scalars(select(Neighbourhood.id)))
    create_coordinator(session, NOW, EMAIL, PASSWORD, name="Bench", role="admin")

    volunteers = _people(rng, sizes.volunteers, "volunteer", neighbourhoods)
    for row in volunteers:
        row.update(capacity=rng.choice((1, 1, 2, 2, 3)), load=0, charter_accepted_at=NOW,
                   vetting_status=rng.choice(("approved",) * 8 + ("pending", "refused")),
                   status="active" if rng.random() < .95 else "withdrawn", motivation="")
    session.execute(insert(Volunteer), volunteers)
    # Ids as the database gave them, in insertion order (index i is volunteers[i]).
    volunteer_ids = list(session.scalars(select(Volunteer.id).order_by(Volunteer.id)))
    newcomers = _people(rng, sizes.newcomers, "newcomer", neighbourhoods)
    for row in newcomers:
        row.update(consent_at=row["created_at"], waiting_since=row["created_at"],
                   status=rng.choice(("waiting",) * 6 + ("paused", "withdrawn")))
    statuses = rng.choices(list(STATUS_SHARES), weights=list(STATUS_SHARES.values()),
                           k=min(sizes.proposals, sizes.newcomers))
    capacity = {vid: row["capacity"] for vid, row in zip(volunteer_ids, volunteers, strict=True)}
    loads = dict.fromkeys(volunteer_ids, 0)
    proposals = []
    for index, status in enumerate(statuses):
        newcomer = newcomers[index]
        newcomer["status"] = {"active": "matched", "ended": "done"}.get(status, "waiting")
        volunteer_id = rng.choice(volunteer_ids)
        if status in ("draft", "proposed", "accepted", "active"):
            for _ in range(50):
                if loads[volunteer_id] < capacity[volunteer_id]:
                    break
                volunteer_id = rng.choice(volunteer_ids)
            else:
                status, newcomer["status"] = "rejected", "waiting"
            if status != "rejected":
                loads[volunteer_id] += 1
        created = _ago(rng, 365)
        activated = ended = None
        if status in ("active", "ended"):
            activated = created + timedelta(days=rng.uniform(2, 14))
            if status == "ended":
                ended = min(activated + timedelta(days=rng.uniform(10, 200)), NOW)
        proposals.append(dict(
            newcomer_id=index, volunteer_id=volunteer_id, status=status, source="engine",
            score=rng.random(), components={}, reasons={}, overridden_constraints=[],
            created_at=created, proposed_at=created,
            volunteer_answered_at=created + timedelta(days=1)
            if status not in ("draft", "proposed", "rejected") else None,
            activated_at=activated, ended_at=ended,
            end_reason="completed" if ended else None))
    session.execute(insert(Newcomer), newcomers)
    newcomer_ids = list(session.scalars(select(Newcomer.id).order_by(Newcomer.id)))
    for proposal in proposals:
        proposal["newcomer_id"] = newcomer_ids[proposal["newcomer_id"]]
    session.execute(update(Volunteer), [{"id": vid, "load": load}
                                        for vid, load in loads.items() if load])
    session.execute(insert(Proposal), proposals)
    actions = ("proposal.sent", "proposal.accepted", "newcomer.registered", "volunteer.vetted",
               "coordinator.login", "newcomer.profile_updated")
    session.execute(insert(AuditEntry), [dict(
        at=_ago(rng, 365), action=rng.choice(actions), actor="system",
        target_type=rng.choice(("newcomer", "volunteer", "proposal")),
        target_id=rng.randint(1, 5000), details={"n": i}) for i in range(sizes.audit)])
    session.execute(insert(OutboxMessage), [dict(
        kind="proposal_to_volunteer", to_address=f"person{i}@example.org", to_name=f"P {i}",
        locale="fr", subject=f"Sujet {i}", body="Bonjour,\n\n" + "texte " * 60,
        status=rng.choice(("sent", "sent", "sent", "pending", "failed")), attempts=1,
        created_at=(at := _ago(rng, 365)), next_attempt_at=at, sent_at=at,
        person_type="newcomer", person_id=rng.randint(1, max(1, sizes.newcomers)))
        for i in range(sizes.outbox)])
    session.commit()


def pages(app) -> list[str]:
    """Every coordinator page reachable by GET without a URL argument (login excepted)."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if (rule.endpoint.startswith("coordinators.") and "GET" in rule.methods
                and not rule.arguments and rule.endpoint != "coordinators.login"):
            paths.add(rule.rule)
    return sorted(paths)


def log_in(client) -> None:
    """Log in through the login form, CSRF token included, as a browser would."""
    page = client.get("/coordination/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": EMAIL, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    response = client.post("/coordination/connexion", data=data)
    if response.status_code != 302:
        raise RuntimeError("the benchmark could not log in")


def _get(client, path: str) -> int:
    """The status of a GET; 500 when the page raised (a testing app propagates errors)."""
    try:
        return client.get(path).status_code
    except Exception:  # noqa: BLE001 - a broken page is a result to print, not a crash
        return 500


def measure(app, repeats: int = 20, only: str = "",
            budget: float = BUDGET_SECONDS) -> list[PageTiming]:
    """Request each coordinator page (whose path contains `only`) `repeats` times, after one
    warm-up request; a page stops early once it has used `budget` seconds."""
    client = app.test_client()
    log_in(client)
    return harness.time_pages(app, [path for path in pages(app) if only in path], repeats,
                              partial(_get, client), budget)


def table(results: list[PageTiming]) -> str:
    """The timings as a Markdown table, pages above the target marked."""
    return harness.table(results, TARGET_P95_MS)


def run(url: str, sizes: Sizes, repeats: int, instance_dir: str,
        only: str = "") -> list[PageTiming]:
    """Fill the (migrated, empty) database at `url`, then measure every page."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "INSTANCE_DIR": instance_dir})
    try:
        session = app.extensions["db_sessionmaker"]()
        try:
            start = time.perf_counter()
            fill(session, sizes)
            print(f"[{url.split(':')[0]}] filled in {time.perf_counter() - start:.1f} s",
                  file=sys.stderr)
        finally:
            session.close()
        return measure(app, repeats, only)
    finally:
        app.extensions["db_engine"].dispose()


def main(argv: list[str] | None = None) -> None:
    """Parse the sizes, run on SQLite (and PostgreSQL if configured), print the tables."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.coordination_pages",
                                     description=__doc__.split("\n")[0])
    defaults = Sizes()
    for name in ("newcomers", "volunteers", "proposals", "audit", "outbox"):
        parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--only", default="", help="measure only pages whose path contains this")
    args = parser.parse_args(argv)
    sizes = Sizes(args.newcomers, args.volunteers, args.proposals, args.audit, args.outbox)
    print(f"Machine: {os.cpu_count()} CPU(s); {sizes}; {args.repeats} requests per page")
    with tempfile.TemporaryDirectory() as folder:
        url = migrated_sqlite(folder)
        print("\n## SQLite\n\n" + table(run(url, sizes, args.repeats, folder, args.only)))
        postgres = os.environ.get("BIENVENUE_BENCH_POSTGRES_URL")
        if postgres:
            migrated_postgres(postgres)
            results = run(postgres, sizes, args.repeats, folder, args.only)
            print("\n## PostgreSQL\n\n" + table(results))


if __name__ == "__main__":
    main()
