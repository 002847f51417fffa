"""``python -m benchmarks [--quick] [--seed N] [--seeds K] [--no-simulation]
[--no-weekly-run]``: print the benchmark tables.

1. Performance on generated populations (city, national): the engine end to
   end through ``bienvenue match-file`` (read, score, assign, write) in a
   fresh process whose wall time and peak resident memory (``wait4`` rusage)
   are measured; the greedy baseline the same way; then, in one more process,
   several solvers on exactly the engine's candidate pairs, solve time only,
   with the loss of each against the exact optimum.
2. Activity suggestions: ranking the week's occurrences for a whole waiting list (the
   weekly e-mail run), in a fresh process (see :mod:`benchmarks.activities`).
3. Weekly run on PostgreSQL: the real run at network scale, its memory, and the intake
   page's latency on gunicorn while it writes (see :mod:`benchmarks.weekly_run`); needs a
   PostgreSQL URL (``make bench`` starts a throw-away one).
4. Quality: weekly rounds over 12 and 26 weeks judged by a hidden rule drawn from the
   seed, learned engine against default weights, greedy and hand matching, on ``--seeds``
   seeds from ``--seed`` on (see :mod:`benchmarks.simulate`).

Nothing here is a timed test: it prints what it measured.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import population
from .simulate import section as simulation_section

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

FULL = [("city", 5000, 3000, 1), ("national", 100_000, 60_000, 500)]
QUICK = [("city", 400, 240, 1), ("national", 3000, 1800, 30)]
#: waiting newcomers x activity occurrences ranked by the weekly e-mail run
ACTIVITIES_FULL, ACTIVITIES_QUICK = (10_000, 2_000), (1_000, 200)
ACTIVITIES_TARGET_S = 5.0


def measured(cmd: list[str]) -> tuple[float, float, int, str]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB, exit status, stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    return secs, usage.ru_maxrss / 1024, proc.returncode, text


def cli(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from web.cli import main; main()", "match-file", str(inp),
            "--out", str(out)]


def fmt_loss(matched: int, weight: int, best: tuple[int, int]) -> str:
    dm = matched - best[0]
    dw = 100.0 * (weight - best[1]) / best[1] if best[1] else 0.0
    if dm == 0 and weight == best[1]:
        return "0 (optimal)"
    return f"{dm:+,d} matched, {dw:+.3f} % weight"


#: issue 13's targets: city end to end no slower than the baseline row, national under 20 s
NATIONAL_TARGET_S = 20.0
BASELINE = "numpy scoring + OR-Tools full-graph min-cost flow"


def bench_instance(name: str, n: int, m: int, towns: int, seed: int, out: list[str]) -> dict:
    """Run one instance; add its rows to ``out``; return what the targets need."""
    t = time.perf_counter()
    data = population(seed, n, m, towns)
    inp = RESULTS / f"{name}.json"
    inp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    gen_s = time.perf_counter() - t
    greedy_inp = RESULTS / f"{name}-greedy.json"
    data["settings"]["solver"] = "greedy"
    greedy_inp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    del data
    nb = sum(1 for _ in json.loads(inp.read_text())["neighbourhoods"])
    print(f"[{name}] {n} newcomers x {m} volunteers, {towns} town(s), {nb} neighbourhoods "
          f"(generated in {gen_s:.1f} s)", file=sys.stderr)

    runs = {}
    for label, path in (("ours", inp), ("greedy", greedy_inp)):
        res = RESULTS / f"{name}-{label}-out.json"
        secs, rss, code, err = measured(cli(path, res))
        if code != 0:
            raise SystemExit(f"{label} on {name} failed: {err}")
        stats = json.loads(res.read_text(encoding="utf-8"))["stats"]
        runs[label] = (secs, rss, stats)
        print(f"[{name}] {label}: {secs:.1f} s, {rss:.0f} MB", file=sys.stderr)

    cmp_out = RESULTS / f"{name}-compare.json"
    secs, rss, code, err = measured([sys.executable, "-m", "benchmarks.compare", str(inp),
                                     str(cmp_out)])
    if code != 0:
        raise SystemExit(f"solver comparison on {name} failed: {err}")
    cmp = json.loads(cmp_out.read_text(encoding="utf-8"))
    unit = cmp["unit"]
    exact = [r for r in cmp["rows"] if "exact" in r["method"] or "OR-Tools" in r["method"]]
    best = max((r["matched"], r["weight_int"]) for r in exact)
    agree = len({(r["matched"], r["weight_int"]) for r in exact}) == 1
    print(f"[{name}] solver comparison: {secs:.1f} s, {rss:.0f} MB, exact solvers agree: {agree}",
          file=sys.stderr)

    size = f"{n:,} × {m:,}"
    for label, desc in (("ours",
                         "**ours**: engine end to end (match-file, solver \"auto\": "
                         "components, big ones pruned and proved)"),
                        ("greedy", "greedy baseline end to end (match-file, best pair first)")):
        secs, rss, st = runs[label]
        w = round(st["total_weight"] / unit)
        out.append(f"| {name} {size} | {desc} | {st['candidates']:,} | {secs:.1f} | {rss:,.0f} | "
                   f"{st['matched']:,} | {st['total_weight']:,.3f} | "
                   f"{fmt_loss(st['matched'], w, best)} |")
    for r in cmp["rows"]:
        what = r["method"] if "score + solve" in r["method"] else f"{r['method']} (solve only)"
        out.append(f"| {name} {size} | {what} | {r['pairs']:,} | "
                   f"{r['seconds']:.1f} | — | {r['matched']:,} | {r['weight_int'] * unit:,.3f} | "
                   f"{fmt_loss(r['matched'], r['weight_int'], best)} |")
    out.append(f"| {name} {size} | candidate pairs built once for the rows above "
               f"(read, parse, score) | {cmp['candidates']:,} | {cmp['build_seconds']:.1f} | "
               f"{rss:,.0f} (whole comparison process) | | | exact solvers agree: "
               f"{'yes' if agree else 'NO'} |")
    secs, _, st = runs["ours"]
    baseline = next(r["seconds"] for r in cmp["rows"] if r["method"].startswith(BASELINE))
    return {"name": name, "ours": secs, "baseline": baseline,
            "exact": (st["matched"], round(st["total_weight"] / unit)) == best}


def targets_lines(results: list[dict], quick: bool) -> list[str]:
    """Issue 13's speed targets, said plainly (met or not), from this run's figures."""
    lines = ["", "## Speed targets (issue 13), measured in this run", ""]
    for r in results:
        exact = "same matched and total weight as the exact optimum" if r["exact"] else \
            "NOT the exact optimum"
        if r["name"] == "city":
            met = r["ours"] <= r["baseline"]
            lines.append(f"- city: ours end to end {r['ours']:.2f} s (fresh process: start-up, "
                         f"read, score, assign, reasons, write) vs {r['baseline']:.2f} s for "
                         f"\"{BASELINE}\" (in process, no start-up, no output): "
                         f"target {'met' if met else 'NOT met'}; {exact}.")
        else:
            met = r["ours"] < NATIONAL_TARGET_S
            lines.append(f"- {r['name']}: ours end to end {r['ours']:.2f} s, target "
                         f"< {NATIONAL_TARGET_S:.0f} s: {'met' if met else 'NOT met'}; {exact}.")
    if quick:
        lines.append("- (QUICK sizes: the targets are for the full sizes.)")
    return lines


def weekly_run_section(args) -> list[str]:
    """The weekly run's table (its raw JSON goes to benchmarks/results/weekly-run-*.json)."""
    from . import weekly_run

    url = weekly_run.postgres_url(None)
    if not url:
        return ["Skipped: no PostgreSQL (`make bench` starts one; or set "
                "BIENVENUE_BENCH_POSTGRES_URL to a database it may wipe)."]
    sizes = weekly_run.QUICK_SIZES if args.quick else weekly_run.FULL_SIZES

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    table, _results, path = weekly_run.run_all(url, sizes, args.seed, "off",
                                               3.0 if args.quick else 10.0, log)
    print(f"[weekly run] raw results: {path}", file=sys.stderr)
    return table + ["", weekly_run.notes(weekly_run.PAUSE)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--no-simulation", action="store_true")
    ap.add_argument("--seeds", type=int, default=None,
                    help="seeds of the simulation, from --seed on (default 3, 1 with --quick)")
    ap.add_argument("--no-weekly-run", action="store_true",
                    help="skip the weekly run on PostgreSQL (benchmarks.weekly_run)")
    ap.add_argument("--assignment-only", action="store_true",
                    help="only the assignment table (speed of match-file and of the solvers)")
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    sizes = QUICK if args.quick else FULL

    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} CPU(s), Python "
             f"{platform.python_version()}; seed {args.seed}"
             f"{' (QUICK sizes)' if args.quick else ''}", "",
             "## Assignment: time, memory, matched, total weight", "",
             "| instance | method | pairs | time (s) | peak RSS (MB) | matched | total weight "
             "| loss vs exact optimum |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    results = [bench_instance(name, n, m, towns, args.seed, lines)
               for name, n, m, towns in sizes]
    lines += ["", "Time and peak RSS of the end-to-end rows are those of a fresh "
              "`bienvenue match-file` process (Python start-up and imports included). "
              "\"Solve only\" rows time one solver call on the same candidate pairs; the \"score + "
              "solve\" row adds the time to read, parse and score them (in process)."]
    lines += targets_lines(results, args.quick)

    if args.assignment_only:
        text = "\n".join(lines)
        print(text)
        (RESULTS / "bench-assignment.md").write_text(text + "\n")
        return

    people, occs = ACTIVITIES_QUICK if args.quick else ACTIVITIES_FULL
    res = RESULTS / "activities.json"
    secs, rss, code, err = measured([sys.executable, "-m", "benchmarks.activities", str(res),
                                     "--people", str(people), "--occurrences", str(occs),
                                     "--seed", str(args.seed)])
    if code != 0:
        raise SystemExit(f"activity ranking failed: {err}")
    act = json.loads(res.read_text(encoding="utf-8"))
    lines += ["", "## Activity suggestions: weekly e-mail run (top 5 per person)", "",
              "| people × occurrences | ranking time (s) | peak RSS (MB) | of which ranking (MB) "
              "| suggestions | target |",
              "|---|---:|---:|---:|---:|---|"]
    lines.append(f"| {act['people']:,} × {act['occurrences']:,} | {act['seconds']:.2f} | "
                 f"{rss:,.0f} | {act['rss_peak_mb'] - act['rss_before_mb']:,.0f} | "
                 f"{act['suggestions']:,} | < {ACTIVITIES_TARGET_S:.0f} s: "
                 f"{'yes' if act['seconds'] < ACTIVITIES_TARGET_S else 'NO'} |")
    lines += ["", "Ranking time is `rank_activities` alone (generation excluded); peak RSS is "
              "the whole process's, the next column what ranking added to it."]

    if not args.no_weekly_run:
        lines += ["", "## Weekly run on PostgreSQL", ""] + weekly_run_section(args)

    if not args.no_simulation:
        n_seeds = args.seeds or (1 if args.quick else 3)
        lines += ["", "## Quality: weekly rounds in one town, judged by a hidden rule", ""]
        lines += simulation_section(range(args.seed, args.seed + n_seeds), quick=args.quick)
    text = "\n".join(lines)
    print(text)
    (RESULTS / ("bench-quick.md" if args.quick else "bench.md")).write_text(text + "\n")


if __name__ == "__main__":
    main()
