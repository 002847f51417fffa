"""``python -m benchmarks.weekly_run``: the weekly matching run on PostgreSQL at network scale.

For each size (newcomers x volunteers, regional: many towns and neighbourhoods):

1. a fresh database (``DROP SCHEMA public CASCADE``, then the migrations), filled with
   :func:`benchmarks.generate.population` through Core bulk inserts: every newcomer
   waiting and placed, every volunteer approved and active with 1 to 3 places and none
   used, a few pairs already declined; review off (``review_proposals`` false), so the
   run writes proposals and their messages as a real network would (``--review on``
   writes drafts, ``both`` does both on two fresh databases);
2. the engine alone (``build_problem`` + ``matcher.match`` as ``run_matching`` calls
   them) in a fresh process on the same data: nothing is written;
3. real gunicorn (3 workers) on that database, its intake page probed by 4 clients
   (GET ``/arrivee/inscription``, and POST of a filled step-1 form with its CSRF token,
   the neighbourhood "Je ne sais pas" so that the matching problem is unchanged): first
   with no run going (baseline), then while
4. the real run (``jobs.weekly.weekly_matching``, as the scheduler calls it) works in a
   fresh process whose wall time and peak RSS (``wait4`` rusage) are measured.

Engine and write times come from the run's own stats (``engine_seconds``,
``write_seconds``) when it records them, else the engine's calls are timed inside the
run's process (step 2 is then a cross-check without load). Targets (2-core machine):
whole run <= 2 x engine time; intake p95 < 300 ms during the run; peak RSS < 2 GB at
30,000 x 15,000. Nothing here is a timed test: it prints what it measured.

PostgreSQL: ``--postgres URL``, else BIENVENUE_BENCH_POSTGRES_URL, else
BIENVENUE_TEST_POSTGRES_URL (set by ``tests/infra/with_postgres.sh``, which ``make bench``
uses). The database at that URL is wiped.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.intake_probe import CLIENTS, INTAKE, PAUSE, Probe, latency, start_gunicorn, stop
from benchmarks.pages import migrated_postgres
from benchmarks.weekly_load import counts, load

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

FULL_SIZES = [(3000, 1500), (30_000, 15_000)]
QUICK_SIZES = [(600, 300)]
#: one town per this many newcomers: a regional network, not one city
NEWCOMERS_PER_TOWN = 300
TARGET_P95_MS = 300.0
TARGET_RSS_MB = 2048.0


def postgres_url(given: str | None) -> str | None:
    """The database to wipe and fill: the option, else the benchmark's or the tests' URL."""
    return (given or os.environ.get("BIENVENUE_BENCH_POSTGRES_URL")
            or os.environ.get("BIENVENUE_TEST_POSTGRES_URL"))


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``"3000x1500,30000x15000"`` -> [(3000, 1500), (30000, 15000)]."""
    sizes = []
    for part in text.split(","):
        try:
            n, m = (int(x.replace("_", "")) for x in part.lower().split("x"))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f'--sizes: "{part}" is not NEWCOMERSxVOLUNTEERS, e.g. 3000x1500') from None
        if n < 1 or m < 1:
            raise argparse.ArgumentTypeError(f'--sizes: "{part}" needs two positive numbers')
        sizes.append((n, m))
    return sizes


# --- Child processes: the engine alone, the real run ---------------------------------------

def _app(url: str, instance_dir: str):
    from web import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark",
                       "INSTANCE_DIR": instance_dir})


def child_engine(url: str, now: dt.datetime, instance_dir: str) -> dict:
    """The engine alone as run_matching calls it: read and build the problem, then match."""
    import matcher
    from web.models.people import LOCALES
    from web.services.matching import all_labels, build_problem

    app = _app(url, instance_dir)
    all_labels()  # data files read once per process, as in a long-lived scheduler
    session = app.extensions["db_sessionmaker"]()
    try:
        start = time.perf_counter()
        problem = build_problem(session, now)
        built = time.perf_counter()
        result = matcher.match(problem, lang="fr", langs=LOCALES, labels_by_lang=all_labels())
        done = time.perf_counter()
    finally:
        session.rollback()
        session.close()
        app.extensions["db_engine"].dispose()
    return {"build_seconds": built - start, "match_seconds": done - built,
            "engine_seconds": done - start, "pairs": len(result.pairs),
            "unmatched": len(result.unmatched), "candidates": result.stats.get("candidates")}


def child_run(url: str, now: dt.datetime, instance_dir: str) -> dict:
    """The real weekly run, as the scheduler's job calls it (one transaction, committed)."""
    from sqlalchemy import select

    import matcher
    import web.services.matching as matching
    from jobs.weekly import weekly_matching
    from web.models import MatchRun

    # The engine's share timed inside the run itself, for code whose stats do not record
    # it: reading the lists, building the problem, matching (outermost calls only).
    timed = {"seconds": 0.0, "depth": 0}

    def timer(fn):
        def wrapped(*args, **kwargs):
            timed["depth"] += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timed["depth"] -= 1
                if not timed["depth"]:
                    timed["seconds"] += time.perf_counter() - start
        return wrapped

    for name in ("waiting_newcomers", "available_volunteers", "build_problem"):
        if hasattr(matching, name):
            setattr(matching, name, timer(getattr(matching, name)))
    matcher.match = timer(matcher.match)
    app = _app(url, instance_dir)
    try:
        start = time.perf_counter()
        summary = weekly_matching(now=now, app=app)
        seconds = time.perf_counter() - start
        session = app.extensions["db_sessionmaker"]()
        try:
            stats = session.scalar(select(MatchRun.stats).where(MatchRun.id == summary["run"]))
        finally:
            session.close()
    finally:
        app.extensions["db_engine"].dispose()
    stats = {k: v for k, v in (stats or {}).items() if k != "unmatched_newcomers"}
    return {"whole_seconds": seconds, "engine_seconds_timed": timed["seconds"],
            "summary": summary, "stats": stats}


def measured_child(mode: str, url: str, now: dt.datetime, instance_dir: str,
                   out: Path) -> tuple[float, float, dict]:
    """Run a child mode in a fresh process; return (wall s, peak RSS MB, its JSON)."""
    cmd = [sys.executable, "-m", "benchmarks.weekly_run", "--child", mode, "--postgres", url,
           "--now", now.isoformat(), "--instance-dir", instance_dir, "--child-out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"weekly_run: the {mode} process failed: {text.strip()[-2000:]}")
    return secs, usage.ru_maxrss / 1024, json.loads(out.read_text(encoding="utf-8"))


# --- One size ------------------------------------------------------------------------------

def bench_size(url: str, n: int, m: int, seed: int, review: bool, baseline_s: float,
               workdir: Path, log=print, pause: float = PAUSE) -> dict:
    """Fill, time the engine alone, then the real run under the intake probe; return all."""
    from benchmarks.generate import population

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    towns = max(1, n // NEWCOMERS_PER_TOWN)
    tag = f"{n}x{m}{'' if not review else '-review'}"
    t = time.perf_counter()
    data = population(seed, n, m, towns, today=now.date())
    gen_s = time.perf_counter() - t
    migrated_postgres(url)
    t = time.perf_counter()
    loaded = load(url, data, now, review)
    load_s = time.perf_counter() - t
    del data
    log(f"[{tag}] {loaded['newcomers']:,} newcomers, {loaded['volunteers']:,} volunteers "
        f"({loaded['places']:,} places), {towns} towns, {loaded['neighbourhoods']} "
        f"neighbourhoods: generated in {gen_s:.1f} s, loaded in {load_s:.1f} s")

    instance = workdir / "instance"
    instance.mkdir(exist_ok=True)
    eng_wall, eng_rss, engine = measured_child("engine", url, now, str(instance),
                                               workdir / f"{tag}-engine.json")
    log(f"[{tag}] engine alone: {engine['engine_seconds']:.1f} s (read and build "
        f"{engine['build_seconds']:.1f} s, match {engine['match_seconds']:.1f} s), "
        f"{engine['pairs']:,} pairs, {eng_rss:,.0f} MB")

    gunicorn, base = start_gunicorn(url, str(instance), workdir / "gunicorn.log")
    try:
        probe = Probe(base, pause=pause)
        probe.start()
        time.sleep(2.0)  # every worker has served a GET and a POST before the baseline
        t0 = time.time()
        time.sleep(baseline_s)
        t1 = time.time()
        run_wall, run_rss, run = measured_child("run", url, now, str(instance),
                                                workdir / f"{tag}-run.json")
        t2 = time.time()
        probe.stop()
    finally:
        stop(gunicorn)
    after = counts(url)
    stats = run["stats"]
    result = {
        "size": {"newcomers": n, "volunteers": m, "towns": towns, **loaded},
        "review": review, "seed": seed,
        "generate_seconds": gen_s, "load_seconds": load_s,
        "engine_alone": {**engine, "process_seconds": eng_wall, "peak_rss_mb": eng_rss},
        "run": {**run, "process_seconds": run_wall, "peak_rss_mb": run_rss},
        # the run's own split when it records one (issue 12), else timed inside the run
        "engine_seconds": stats.get("engine_seconds", run["engine_seconds_timed"]),
        "engine_from": "run stats" if "engine_seconds" in stats else "timed inside the run",
        "write_seconds": stats.get("write_seconds"),
        "after": after,
        "probe": {"clients": probe.clients, "pause_seconds": pause, "baseline_seconds": t1 - t0,
                  "run_seconds": t2 - t1,
                  "baseline": {k: latency(probe.samples, k, t0, t1) for k in ("GET", "POST")},
                  "during_run": {k: latency(probe.samples, k, t1, t2) for k in ("GET", "POST")},
                  "baseline_all": latency(probe.samples, None, t0, t1),
                  "during_run_all": latency(probe.samples, None, t1, t2)},
    }
    dr = result["probe"]["during_run_all"]
    log(f"[{tag}] run: {run['whole_seconds']:.1f} s in the job ({run_wall:.1f} s process), "
        f"{run['summary'].get('proposals', 0):,} proposals, {run_rss:,.0f} MB; intake during "
        f"the run: {dr['n']} requests, p95 {dr['p95'] or 0:.0f} ms, {dr['failed']} failed")
    return result


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.0f}"


def table(results: list[dict]) -> list[str]:
    """The Markdown table of a benchmark's results (one row per size and review mode)."""
    lines = ["| newcomers × volunteers | review | proposals | engine (s) | write (s) "
             "| whole run (s) | run / engine | peak RSS (MB) | intake p95 idle (ms) "
             "| intake during run: n, p50 / p95 / max (ms) | failed | targets |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|"]
    for r in results:
        run, probe = r["run"], r["probe"]
        whole, engine = run["whole_seconds"], r["engine_seconds"]
        during, idle = probe["during_run_all"], probe["baseline_all"]
        write = r["write_seconds"]
        ratio = whole / engine if engine else float("inf")
        big = r["size"]["newcomers"] >= 30_000
        fast = during["p95"] is not None and during["p95"] < TARGET_P95_MS
        checks = [f"run ≤ 2× engine: {'yes' if ratio <= 2 else 'NO'}",
                  f"p95 < {TARGET_P95_MS:.0f} ms: {'yes' if fast else 'NO'}"]
        if big:
            checks.append(f"< 2 GB: {'yes' if run['peak_rss_mb'] < TARGET_RSS_MB else 'NO'}")
        lines.append(
            f"| {r['size']['newcomers']:,} × {r['size']['volunteers']:,} "
            f"({r['size']['neighbourhoods']} nbhds) | {'on' if r['review'] else 'off'} "
            f"| {run['summary'].get('proposals', 0):,} | {engine:.1f} "
            f"| {'—' if write is None else f'{write:.1f}'} | {whole:.1f} | {ratio:.1f}× "
            f"| {run['peak_rss_mb']:,.0f} | {_ms(idle['p95'])} "
            f"| {during['n']}: {_ms(during['p50'])} / {_ms(during['p95'])} / "
            f"{_ms(during['max'])} | {during['failed']} | {'; '.join(checks)} |")
    return lines


def notes(pause: float) -> str:
    """What the table's columns measure."""
    return ("Engine: reading the waiting list and volunteers, `build_problem` and "
         "`matcher.match` (score, assign, reasons in 8 languages) inside the run, from the "
         "run's stats when it records `engine_seconds`, else timed around those calls in "
         "the run's process (the JSON also holds the engine alone, in a fresh process "
         "before gunicorn starts). Whole run: "
         "`jobs.weekly.weekly_matching` in its own process (lock, claim, engine, proposals, "
         "messages, commit); peak RSS is that process's. Intake: "
         f"{CLIENTS} clients (each pausing {pause:g} s between requests) on real gunicorn "
         f"(3 workers), GET `{INTAKE}` and POST of its filled form (CSRF), idle first, then "
         "from the run's start to its end; failed = neither 2xx nor a redirect.")


def run_all(url: str, sizes: list[tuple[int, int]], seed: int, review: str,
            baseline_s: float, log=print, pause: float = PAUSE,
            label: str = "") -> tuple[list[str], list[dict], Path]:
    """Every size (and review mode); returns (table lines, raw results, JSON path)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    modes = {"off": [False], "on": [True], "both": [False, True]}[review]
    results = []
    with tempfile.TemporaryDirectory(prefix="bienvenue-weekly-") as folder:
        for n, m in sizes:
            for mode in modes:
                results.append(bench_size(url, n, m, seed, mode, baseline_s, Path(folder), log,
                                          pause))
    name = "-".join(["weekly-run"] + ([label] if label else [])
                    + [f"{n}x{m}" for n, m in sizes]) + ".json"
    path = RESULTS / name
    path.write_text(json.dumps({"machine": machine(), "code": code_version(), "label": label,
                                "results": results}, indent=1) + "\n",
                    encoding="utf-8")
    return table(results), results, path


def code_version() -> str:
    """The commit measured, "+ changes" when web/, jobs/ or matcher/ differ from it."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown (not a git work tree)"
    changed = git("status", "--porcelain", "--", "web", "jobs", "matcher")
    return head + (" + uncommitted changes" if changed else "")


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} CPU(s), Python "
            f"{platform.python_version()}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.weekly_run",
        description="The weekly matching run on PostgreSQL at network scale: engine time, "
                    "whole run time, peak memory, intake page latency on gunicorn during the "
                    "run. Wipes the database. Without a URL, run it as: bash "
                    "tests/infra/with_postgres.sh .venv/bin/python -m benchmarks.weekly_run",
        epilog=f"Results: a Markdown table on stdout, raw JSON in {RESULTS}/weekly-run-*.json. "
               "Example: bash tests/infra/with_postgres.sh .venv/bin/python -m "
               "benchmarks.weekly_run --sizes 3000x1500 --label after")
    ap.add_argument("--quick", action="store_true",
                    help=f"one small size ({QUICK_SIZES[0][0]}x{QUICK_SIZES[0][1]}), "
                         "under a minute")
    ap.add_argument("--sizes", type=parse_sizes, default=None,
                    help="NEWCOMERSxVOLUNTEERS,... (default 3000x1500,30000x15000)")
    ap.add_argument("--review", choices=("off", "on", "both"), default="off",
                    help="review_proposals setting: off writes proposals and messages "
                         "(default), on writes drafts")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--baseline-seconds", type=float, default=None,
                    help="intake probe with no run going, before the run (default 10, quick 3)")
    ap.add_argument("--pause", type=float, default=PAUSE,
                    help=f"each probe client's pause between requests, s (default {PAUSE})")
    ap.add_argument("--label", default="",
                    help="a word in the JSON file's name, e.g. before or after")
    ap.add_argument("--postgres", metavar="URL",
                    help="database to wipe and fill (default BIENVENUE_BENCH_POSTGRES_URL, "
                         "else BIENVENUE_TEST_POSTGRES_URL)")
    ap.add_argument("--child", choices=("engine", "run"), help=argparse.SUPPRESS)
    ap.add_argument("--now", help=argparse.SUPPRESS)
    ap.add_argument("--instance-dir", help=argparse.SUPPRESS)
    ap.add_argument("--child-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    url = postgres_url(args.postgres)
    if not url:
        ap.exit(2, "weekly_run: no PostgreSQL: give --postgres URL or run through "
                   "bash tests/infra/with_postgres.sh .venv/bin/python -m benchmarks.weekly_run\n")
    if args.child:
        fn = child_engine if args.child == "engine" else child_run
        out = fn(url, dt.datetime.fromisoformat(args.now), args.instance_dir)
        Path(args.child_out).write_text(json.dumps(out), encoding="utf-8")
        return
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    baseline = args.baseline_seconds or (3.0 if args.quick else 10.0)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    lines, _results, path = run_all(url, sizes, args.seed, args.review, baseline, log,
                                    args.pause, args.label)
    print(f"Machine: {machine()}; code {code_version()}; seed {args.seed}\n\n"
          "## Weekly run on PostgreSQL\n")
    print("\n".join(lines + ["", notes(args.pause)]))
    print(f"\nRaw results: {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
