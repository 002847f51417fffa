"""Weekly matching rounds in one town, judged by a hidden rule the engine never sees.

The world
---------
Arrivals (newcomers) and new volunteers come every week; each round a policy proposes
pairs; each proposal is answered by the next round.  A newcomer who said yes leaves the
waiting list for good (even if the pair later ends early); after a no (declined, or
no answer: expired) the pair is never proposed again and the newcomer waits on.  A pair
that says yes holds one of the volunteer's places: 13 to 25 weeks when it lasts, 1 to
9 weeks when it ends early.  Two markets (:data:`MARKETS`): one where volunteers' places
about match the requests, one with ten requests per new volunteer.

The hidden rule (:class:`HiddenRule`, drawn from the seed alone)
--------------------------------------------------------------
Whether two people say yes does *not* follow the engine's score.  It is a logistic
rule on the pair's score components (:mod:`matcher.scoring`: neighbourhood, interests,
availability, language, age, household)::

    logit P(yes)        = a + sum_c beta_c  * (x_c - mean_c) + e_newcomer + e_volunteer
    logit P(lasts | yes) = b + sum_c gamma_c * (x_c - mean_c) + e_newcomer

``beta_c`` is the change in log-odds across the component's whole range (0 to 1).  Per
seed: one of the three components the default weights rank highest (neighbourhood,
interests, availability) has **no effect at all** (the defaults overweight it); one of
the three they rank lowest (language, age, household) has a **strong** effect (2.5 to
4); of the four others, one more is strong, two are moderate (0.5 to 2) and one has no
effect, in a random order.  ``gamma_c`` is half of ``beta_c`` plus, for each component
with even odds, its own moderate effect.  ``e`` are per-person dispositions (normal,
s.d. 0.5), unknown to every policy.  ``mean_c`` are typical values over feasible pairs;
``a`` and ``b`` give about 40 % yes and 60 % lasting at those.  A no is "expired" with
probability 0.3, else "declined".

Common random numbers: a pair's coin in a week (yes or no), its coin for lasting and
its durations depend only on the seed, the two ids and the week, so every policy is
judged by the same coins and differences come from the policy alone.

Policies
--------
* ``learned``: the engine with ``settings.learning = "auto"`` and the programme's
  history so far in ``Problem.history``: a "previous year" of about 400 proposals made
  by hand (see :func:`warm_up_history`), then every outcome of this simulation as
  known on the day (``accepted`` until it lasts 13 weeks or ends early);
* ``default``: the engine with the default weights (``learning = "off"``);
* ``greedy``: best pair first by default weight, same constraints;
* ``nearest``: how coordinators match by hand: oldest request first, nearest volunteer
  with a common language, a free place and the gender wish respected.

The engine does not read the rule: only outcomes.  Until :mod:`matcher.learning` uses
the history, the learned policy equals the default one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import time
from statistics import NormalDist

import numpy as np

from matcher import HistoryItem, match, parse_problem
from matcher.candidates import build_candidates, pair_details
from matcher.features import build_features
from matcher.scoring import DEFAULT_WEIGHTS

from .generate import population

WEEKS = 26
HORIZONS = (12, 26)
POLICIES = ("learned", "default", "greedy", "nearest")
NAMES = {"learned": "**learned engine** (history, learning auto)",
         "default": "engine, default weights (learning off)",
         "greedy": "greedy (best pair first, default weights)",
         "nearest": "nearest available volunteer (by hand)"}
#: previous year's proposals (hand matching) given to the learned policy from week 1
WARM_UP = 400
LASTING_WEEKS = 13  # an outcome is "lasting" once the pair held this long
#: typical component values over feasible pairs (generated town, 4 km); rule centres
MEANS = {"neighbourhood": 0.33, "interests": 0.17, "availability": 0.59, "language": 0.82,
         "age": 0.38, "household": 0.58}
COMPONENT_NAMES = tuple(DEFAULT_WEIGHTS)
HEAVY = ("neighbourhood", "interests", "availability")  # the defaults' top three
LIGHT = ("language", "age", "household")


def coin(*parts) -> float:
    """A uniform number in [0, 1) fixed by its arguments (common random numbers)."""
    h = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2 ** 64


def _normal(*parts) -> float:
    # Clipped away from 0 and 1 so inv_cdf is always defined.
    return NormalDist().inv_cdf(min(max(coin(*parts), 1e-12), 1 - 1e-12))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclasses.dataclass(frozen=True)
class HiddenRule:
    """People's true willingness to say yes and to last (see the module docstring)."""
    seed: int
    yes: dict  # component -> log-odds change across its range
    last: dict
    yes_intercept: float = math.log(0.4 / 0.6)
    last_intercept: float = math.log(0.6 / 0.4)
    person_sd: float = 0.5
    expired_share: float = 0.3

    @classmethod
    def draw(cls, seed: int) -> "HiddenRule":
        """The rule of the world ``seed`` (numpy's generator seeded by ``[seed, 13]``)."""
        rng = np.random.default_rng([seed, 13])
        ignored = str(rng.choice(HEAVY))
        strong = str(rng.choice(LIGHT))
        rest = [c for c in COMPONENT_NAMES if c not in (ignored, strong)]
        levels = ["strong", "moderate", "moderate", "none"]
        rng.shuffle(levels)
        level = dict(zip(rest, levels), **{ignored: "none", strong: "strong"})
        yes = {}
        for c in COMPONENT_NAMES:  # fixed order: same draws for the same seed
            lv = level[c]
            yes[c] = (float(rng.uniform(2.5, 4.0)) if lv == "strong"
                      else float(rng.uniform(0.5, 2.0)) if lv == "moderate" else 0.0)
        last = {c: 0.5 * yes[c] + (float(rng.uniform(0.5, 2.0)) if rng.random() < 0.5 else 0.0)
                for c in COMPONENT_NAMES}
        return cls(seed=seed, yes=yes, last=last)

    def _logit(self, effects: dict, intercept: float, comps: dict) -> np.ndarray:
        acc = np.full(len(next(iter(comps.values()))), intercept, dtype=np.float64)
        for c, beta in effects.items():
            if beta:
                acc = acc + beta * (np.asarray(comps[c], dtype=np.float64) - MEANS[c])
        return acc

    def disposition(self, role: str, person_id) -> float:
        """A person's hidden inclination (log-odds), fixed by the seed and the id."""
        return self.person_sd * _normal(self.seed, "person", role, person_id)

    def p_yes(self, comps: dict, newcomers, volunteers) -> np.ndarray:
        """Probability that each pair says yes (``comps``: component arrays)."""
        e = np.array([self.disposition("n", a) + self.disposition("v", b)
                      for a, b in zip(newcomers, volunteers)], dtype=np.float64)
        return _sigmoid(self._logit(self.yes, self.yes_intercept, comps) + e)

    def p_last(self, comps: dict, newcomers) -> np.ndarray:
        """Probability that a pair who said yes still goes on after 13 weeks."""
        e = np.array([self.disposition("n", a) for a in newcomers], dtype=np.float64)
        return _sigmoid(self._logit(self.last, self.last_intercept, comps) + e)

    def describe(self) -> str:
        """One line: each component's effect on the odds of yes, strongest first."""
        parts = sorted(self.yes.items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{c} {b:.1f}" for c, b in parts)

    def fate(self, comps: dict, pairs: list[tuple], tag) -> list[tuple[str, int]]:
        """(outcome, weeks the place is held) of each proposed pair, by its coins.

        ``tag`` is the round (a week number, or "warm-up" plus the round): the yes/no
        coin depends on it; lasting and durations depend on the pair only."""
        a_ids = [a for a, _ in pairs]
        py = self.p_yes(comps, a_ids, [b for _, b in pairs])
        pl = self.p_last(comps, a_ids)
        out = []
        for (a, b), y, lst in zip(pairs, py, pl):
            if coin(self.seed, "yes", a, b, tag) >= y:
                out.append(("expired" if coin(self.seed, "expired", a, b, tag)
                            < self.expired_share else "declined", 0))
            elif coin(self.seed, "lasts", a, b) < lst:
                out.append(("lasting", LASTING_WEEKS + int(coin(self.seed, "held", a, b) * 13)))
            else:
                out.append(("ended_early", 1 + int(coin(self.seed, "held", a, b) * 9)))
        return out


def _nearest(problem) -> list[tuple]:
    """Coordinator's rule of thumb, applied to the engine's hard constraints except min_score."""
    p0 = dataclasses.replace(problem, settings=dataclasses.replace(problem.settings, min_score=0.0))
    f = build_features(p0)
    c = build_candidates(f)
    left = f.v_remaining.copy()
    order = sorted(range(len(f.n_people)),
                   key=lambda i: (f.n_people[i].waiting_since, i))
    by_new: dict[int, list[int]] = {}
    for k, i in enumerate(c.I.tolist()):
        by_new.setdefault(i, []).append(k)
    out = []
    for i in order:
        best = None
        for k in by_new.get(i, []):
            j = c.J[k]
            if left[j] > 0 and (best is None or (c.D[k], j) < (c.D[best], c.J[best])):
                best = k
        if best is not None:
            left[c.J[best]] -= 1
            out.append((f.n_people[i].id, f.v_people[c.J[best]].id))
    return out


def _components(problem, pairs: list[tuple]) -> dict:
    f = build_features(problem)
    I = np.array([f.n_index[a] for a, _ in pairs], dtype=np.int64)
    J = np.array([f.v_index[b] for _, b in pairs], dtype=np.int64)
    _, comps, _ = pair_details(f, I, J)
    return comps


@dataclasses.dataclass
class World:
    """One seed's town: people, arrival weeks, the hidden rule and last year's history."""
    seed: int
    data: dict
    start: dt.date
    new_week: dict  # newcomer id -> week they join the list (0: already waiting)
    vol_week: dict
    arrival: dict  # newcomer id -> day they asked for a buddy
    rule: HiddenRule
    history: tuple  # HistoryItem of the previous year (hand matching)
    weeks: int


def make_world(seed: int, weeks: int = WEEKS, initial=(150, 80), weekly=(30, 3),
               warm_up: int = WARM_UP) -> World:
    """People for ``weeks`` rounds plus a previous year's hand-matched proposals."""
    warm_new, warm_vol = warm_up, max(warm_up // 3, 1)
    total_new = initial[0] + weeks * weekly[0]
    total_vol = initial[1] + weeks * weekly[1]
    data = population(seed, total_new + warm_new, total_vol + warm_vol, towns=1,
                      city_radius_km=4.0, max_distance_km=4.0)
    data["excluded_pairs"] = []
    start = dt.date.fromisoformat(data["settings"]["today"])
    newcomers, volunteers = data["newcomers"], data["volunteers"]
    data["newcomers"], data["volunteers"] = newcomers[:total_new], volunteers[:total_vol]
    rule = HiddenRule.draw(seed)
    rng = np.random.default_rng([seed, 12])
    new_week, vol_week, arrival = {}, {}, {}
    for k, n in enumerate(data["newcomers"]):
        w = 0 if k < initial[0] else 1 + (k - initial[0]) // weekly[0]
        backlog = int(rng.integers(0, 60)) if w == 0 else 0
        new_week[n["id"]] = w
        arrival[n["id"]] = start + dt.timedelta(days=7 * w - backlog)
        n["waiting_since"] = arrival[n["id"]].isoformat()
    for k, v in enumerate(data["volunteers"]):
        vol_week[v["id"]] = 0 if k < initial[1] else 1 + (k - initial[1]) // max(weekly[1], 1)
        v["active_matches"] = 0
    history = warm_up_history(data, newcomers[total_new:], volunteers[total_vol:], rule,
                              start - dt.timedelta(days=365), warm_up)
    return World(seed, data, start, new_week, vol_week, arrival, rule, history, weeks)


def warm_up_history(data: dict, newcomers: list, volunteers: list, rule: HiddenRule,
                    first_day: dt.date, size: int) -> tuple:
    """About ``size`` proposals of a previous year, made by hand (:func:`_nearest`), weekly
    rounds with every volunteer's places free, outcomes final (older than 13 weeks)."""
    items: list[HistoryItem] = []
    waiting = list(newcomers)
    for v in volunteers:
        v["active_matches"] = 0
    for n in waiting:
        n["waiting_since"] = first_day.isoformat()
    excluded: set = set()
    r = 0
    while len(items) < size and waiting:
        day = first_day + dt.timedelta(days=7 * r)
        problem = parse_problem(dict(data, newcomers=waiting, volunteers=volunteers,
                                     excluded_pairs=[list(p) for p in excluded],
                                     settings=dict(data["settings"], today=day.isoformat())))
        pairs = _nearest(problem)[: size - len(items)]
        if not pairs:
            break
        fates = rule.fate(_components(problem, pairs), pairs, f"warm-up {r}")
        people_n = {n.id: n for n in problem.newcomers}
        people_v = {v.id: v for v in problem.volunteers}
        said_yes = set()
        for (a, b), (outcome, _) in zip(pairs, fates):
            items.append(HistoryItem(people_n[a], people_v[b], day, outcome))
            excluded.add((a, b))
            if outcome in ("lasting", "ended_early"):
                said_yes.add(a)
        waiting = [n for n in waiting if n["id"] not in said_yes]
        r += 1
    return tuple(items)


@dataclasses.dataclass
class Proposal:
    week: int
    newcomer: object
    volunteer: object
    outcome: str  # final: declined, expired, lasting, ended_early
    held: int  # weeks the volunteer's place is held (0 after a no)
    item: tuple  # (Newcomer, Volunteer, day) as they were when proposed

    def known_on(self, week: int) -> str:
        """The outcome as the programme knows it in ``week`` (the answer comes by the next
        round; a yes is "accepted" until it ends early or has lasted 13 weeks)."""
        if self.outcome == "lasting" and week - self.week < LASTING_WEEKS:
            return "accepted"
        if self.outcome == "ended_early" and week - self.week < self.held:
            return "accepted"
        return self.outcome


def run(world: World, policy: str, *, timings: dict | None = None) -> dict:
    """Simulate ``world.weeks`` rounds under ``policy``; the raw record of the run:
    ``proposals`` (list of :class:`Proposal`), ``joined`` (week -> newcomer ids that
    joined the list that week), ``matched`` (newcomer id -> week of the yes) and the
    learned model's last report (``model``)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    data, rule = world.data, world.rule
    proposals: list[Proposal] = []
    matched: dict = {}
    joined: dict = {}
    excluded: set = set()
    model = None
    engine_s = 0.0
    for week in range(world.weeks):
        today = world.start + dt.timedelta(days=7 * week)
        busy: dict = {}
        for p in proposals:
            if p.held and p.week + 1 <= week < p.week + 1 + p.held:
                busy[p.volunteer] = busy.get(p.volunteer, 0) + 1
        joined[week] = [n["id"] for n in data["newcomers"] if world.new_week[n["id"]] == week]
        news = [n for n in data["newcomers"]
                if world.new_week[n["id"]] <= week and n["id"] not in matched]
        vols = [dict(v, active_matches=busy.get(v["id"], 0)) for v in data["volunteers"]
                if world.vol_week[v["id"]] <= week]
        doc = dict(data, newcomers=news, volunteers=vols,
                   excluded_pairs=[list(p) for p in excluded],
                   settings=dict(data["settings"], today=today.isoformat(),
                                 solver="greedy" if policy == "greedy" else "auto"))
        problem = parse_problem(doc)
        t = time.perf_counter()
        if policy == "nearest":
            pairs = _nearest(problem)
        else:
            history: tuple = ()
            if policy == "learned":
                history = world.history + tuple(
                    HistoryItem(*p.item, p.known_on(week)) for p in proposals)
            problem = dataclasses.replace(
                problem, history=history,
                settings=dataclasses.replace(problem.settings,
                                             learning="auto" if policy == "learned" else "off"))
            result = match(problem)
            model = result.model if result.model is not None else model
            pairs = [(p.newcomer, p.volunteer) for p in result.pairs]
        engine_s += time.perf_counter() - t
        if not pairs:
            continue
        fates = rule.fate(_components(problem, pairs), pairs, week)
        people_n = {n.id: n for n in problem.newcomers}
        people_v = {v.id: v for v in problem.volunteers}
        for (a, b), (outcome, held) in zip(pairs, fates):
            proposals.append(Proposal(week, a, b, outcome, held, (people_n[a], people_v[b], today)))
            excluded.add((a, b))  # declined, expired, or (later) ended: never again
            if held:
                matched[a] = week
    if timings is not None:
        timings[policy] = timings.get(policy, 0.0) + engine_s
    return {"policy": policy, "proposals": proposals, "joined": joined, "matched": matched,
            "model": model}


def summary(world: World, record: dict, horizon: int) -> dict:
    """Figures after ``horizon`` rounds: newcomers arrived, accepted pairs, how many of
    them last, share of newcomers matched, acceptance rate, median wait in weeks (from
    the request to the yes; a newcomer still waiting counts as waiting longer than
    anyone matched: None when more than half still wait)."""
    arrived = [a for a, w in world.new_week.items() if w < horizon]
    done = [p for p in record["proposals"] if p.week < horizon]
    yes = [p for p in done if p.held]
    matched = {a: w for a, w in record["matched"].items() if w < horizon}
    end = world.start + dt.timedelta(days=7 * horizon)
    waits = [(world.start + dt.timedelta(days=7 * matched[a]) - world.arrival[a]).days / 7
             if a in matched else math.inf for a in arrived]
    ordered = sorted(waits)
    mid = ordered[(len(ordered) - 1) // 2] if ordered else math.inf
    return {"newcomers": len(arrived),
            "volunteers": sum(1 for w in world.vol_week.values() if w < horizon),
            "proposals": len(done), "accepted": len(yes),
            "lasting": sum(1 for p in yes if p.outcome == "lasting"),
            "matched_share": len(matched) / len(arrived) if arrived else math.nan,
            "acceptance_rate": len(yes) / len(done) if done else math.nan,
            "median_wait_weeks": None if math.isinf(mid) else mid,
            # waiting weeks up to the yes or the horizon: defined even when most still wait
            "mean_wait_weeks": (sum(min(w, (end - world.arrival[a]).days / 7)
                                    for w, a in zip(waits, arrived)) / len(arrived)
                                if arrived else math.nan)}


def simulate(seeds, weeks: int = WEEKS, horizons=HORIZONS, policies=POLICIES,
             **sizes) -> dict:
    """Every policy on every seed's world: {"rules": {seed: HiddenRule}, "figures":
    {(policy, seed, horizon): summary}, "models": {seed: last ModelReport of the learned
    policy}, "engine_seconds": {policy: total}}."""
    out: dict = {"rules": {}, "figures": {}, "models": {}, "engine_seconds": {}}
    for seed in seeds:
        world = make_world(seed, weeks=weeks, **sizes)
        out["rules"][seed] = world.rule
        for policy in policies:
            record = run(world, policy, timings=out["engine_seconds"])
            if policy == "learned":
                out["models"][seed] = record["model"]
            for h in horizons:
                out["figures"][(policy, seed, h)] = summary(world, record, min(h, weeks))
    return out


#: market sizes (newcomers, volunteers): waiting/available at week 0, then arriving each week
MARKETS = {
    "balanced": dict(initial=(150, 90), weekly=(15, 6)),  # places about match requests
    "scarce": dict(initial=(150, 80), weekly=(30, 3)),  # ten requests per new volunteer
}
QUICK_MARKETS = {
    "balanced": dict(initial=(40, 24), weekly=(5, 2), warm_up=250),
    "scarce": dict(initial=(40, 20), weekly=(8, 1), warm_up=250),
}
QUICK_WEEKS = 12  # --quick: one horizon, 12 rounds
MARKET_TITLES = {"balanced": "volunteers' places about match the requests",
                 "scarce": "scarce volunteers (ten requests per new volunteer)"}


def section(seeds, quick: bool = False) -> list[str]:
    """The Markdown lines of the simulation section of ``python -m benchmarks``."""
    seeds = list(seeds)
    weeks, horizons = (QUICK_WEEKS, (QUICK_WEEKS,)) if quick else (WEEKS, HORIZONS)
    lines = [f"Seeds {', '.join(map(str, seeds))}: mean over seeds (min–max). Weekly rounds; "
             "every policy meets the same people and the same coins. Outcomes follow a "
             "hidden rule drawn from the seed (listed below), not the engine's score."
             + ("" if quick else " The 12-week figures are the first 12 rounds of the "
                "26-week run."), ""]
    t = time.perf_counter()
    engine_s: dict = {}
    rules, models = {}, {}
    for market, sizes in (QUICK_MARKETS if quick else MARKETS).items():
        res = simulate(seeds, weeks=weeks, horizons=horizons, **sizes)
        rules.update(res["rules"])
        models[market] = res["models"]
        for p, v in res["engine_seconds"].items():
            engine_s[p] = engine_s.get(p, 0.0) + v
        for h in horizons:
            first = res["figures"][("learned", seeds[0], h)]
            lines += [f"### {MARKET_TITLES[market].capitalize()}: after {h} weeks", "",
                      "| policy | newcomers | volunteers | matched | accepted pairs "
                      "| of which lasting | acceptance rate | median wait (weeks) "
                      "| mean wait (weeks) |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for policy in POLICIES:
                rows = [res["figures"][(policy, s, h)] for s in seeds]
                lines.append(
                    f"| {NAMES[policy]} | {first['newcomers']} | {first['volunteers']} | "
                    f"{_spread([100 * r['matched_share'] for r in rows], _pct1)} | "
                    f"{_spread([r['accepted'] for r in rows], _num1)} | "
                    f"{_spread([r['lasting'] for r in rows], _num1)} | "
                    f"{_spread([100 * r['acceptance_rate'] for r in rows], _pct0)} | "
                    f"{_spread([r['median_wait_weeks'] for r in rows], _wait)} | "
                    f"{_spread([r['mean_wait_weeks'] for r in rows], _wait)} |")
            lines += ["", _verdict(res, seeds, h), ""]
    secs = time.perf_counter() - t
    lines += ["Hidden rule per seed (how much each component moves the log-odds of a yes "
              "across its range; the engine never sees it), and whether the learned engine "
              "used its model in the last round:", ""]
    for s in seeds:
        used = "; ".join(f"{market}: {_model_said(models[market].get(s))}" for market in models)
        lines.append(f"- seed {s}: {rules[s].describe()} — {used}")
    lines += ["", f"Simulation: {secs:.0f} s in all; engine time (match calls, learning "
              "included) per policy: "
              + ", ".join(f"{p} {engine_s.get(p, 0):.1f} s" for p in POLICIES)
              + ". Matched: share of the newcomers arrived so far who said yes. Waits run "
              "from the request to the yes; the median is \"—\" when more than half still "
              "wait; the mean counts a newcomer still waiting up to the end of the period."]
    return lines


def _model_said(m) -> str:
    if m is None:
        return "no model"
    return "model used" if m.used else f"defaults kept ({m.reason})"


def _wait(x) -> str:
    return "—" if x is None else f"{x:.1f}"


def _num1(x) -> str:
    return f"{x:.1f}"


def _pct0(x) -> str:
    return f"{x:.0f} %"


def _pct1(x) -> str:
    return f"{x:.1f} %"


def _spread(values: list, fmt) -> str:
    """Mean over seeds, with min–max when there are several; each seed's value when
    one is missing (a median that is not reached)."""
    if any(v is None for v in values):
        return " / ".join(_wait(v) for v in values)
    mean = sum(values) / len(values)
    if len(values) == 1:
        return fmt(mean)
    return f"{fmt(mean)} ({fmt(min(values))}–{fmt(max(values))})"


def _verdict(res: dict, seeds: list, h: int) -> str:
    """Whether the learned engine met the issue's targets after ``h`` weeks, plainly."""
    fig = res["figures"]
    acc = {p: sum(fig[(p, s, h)]["accepted"] for s in seeds) for p in POLICIES}

    def wait(p):
        # a median not reached (more than half still wait) is worse than any number
        return sum(math.inf if fig[(p, s, h)]["median_wait_weeks"] is None
                   else fig[(p, s, h)]["median_wait_weeks"] for s in seeds)

    gain = 100 * (acc["learned"] - acc["default"]) / acc["default"] if acc["default"] else 0.0
    beats = all(acc["learned"] > acc[p] for p in ("greedy", "nearest"))
    faster = all(wait("learned") < wait(p) for p in ("greedy", "nearest"))
    return (f"Targets: learned ≥ 10 % more accepted pairs than the default weights: "
            f"{gain:+.1f} %, **{'met' if gain >= 10 else 'not met'}**; more accepted pairs "
            f"than greedy and by hand: **{'yes' if beats else 'no'}**; shorter median wait "
            f"than both: **{'yes' if faster else 'no'}**.")
