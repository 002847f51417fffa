"""A 12-week simulation of weekly matching rounds in one town.

Arrivals and new volunteers come every week; each round proposes pairs; a
proposal is accepted with a probability that rises with the pair's score,
otherwise it is declined or expires, and the pair is never proposed again;
accepted buddies stay together 6 to 10 weeks, then the volunteer's place is
free again.  Every policy sees the same people and the same coin flips (a
pair's coin depends only on the pair and the week), so differences come from
the policy alone.

Policies: our engine (exact), greedy (best pair first, same scores and
constraints) and "nearest available volunteer" (how coordinators match by
hand: oldest request first, nearest volunteer with a common language, a free
place and the gender wish respected, regardless of score).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from statistics import median

import numpy as np

from matcher import match, parse_problem
from matcher.candidates import build_candidates, pair_details
from matcher.features import build_features

from .generate import population

WEEKS = 12


def coin(*parts) -> float:
    """A uniform number in [0, 1) fixed by its arguments (common random numbers)."""
    h = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2 ** 64


def accept_probability(score: float) -> float:
    return float(np.clip(0.1 + 0.85 * score, 0.0, 0.95))


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


def run(policy: str, seed: int = 7, initial=(150, 80), weekly=(30, 3)) -> dict:
    total_new = initial[0] + WEEKS * weekly[0]
    total_vol = initial[1] + WEEKS * weekly[1]
    data = population(seed, total_new, total_vol, towns=1, city_radius_km=4.0,
                      max_distance_km=4.0)
    start = dt.date.fromisoformat(data["settings"]["today"])
    rng = np.random.default_rng(seed)
    new_week = [0] * initial[0] + [1 + k // weekly[0] for k in range(WEEKS * weekly[0])]
    vol_week = [0] * initial[1] + [1 + k // weekly[1] for k in range(WEEKS * weekly[1])]
    arrival = {}
    for n, w in zip(data["newcomers"], new_week):
        backlog = int(rng.integers(0, 60)) if w == 0 else 0
        arrival[n["id"]] = start + dt.timedelta(days=7 * w - backlog)
        n["waiting_since"] = arrival[n["id"]].isoformat()
        n.pop("active_matches", None)
    for v in data["volunteers"]:
        v["active_matches"] = 0
    excluded: set = set()
    matched_on: dict = {}
    active: list[tuple] = []  # (volunteer id, end week)
    proposals = accepted = 0
    load: dict = {}
    dist, shared = [], []
    for week in range(WEEKS):
        today = start + dt.timedelta(days=7 * week)
        active = [(v, end) for v, end in active if end > week]
        busy: dict = {}
        for v, _ in active:
            busy[v] = busy.get(v, 0) + 1
        news = [n for n, w in zip(data["newcomers"], new_week)
                if w <= week and n["id"] not in matched_on]
        vols = [dict(v, active_matches=busy.get(v["id"], 0))
                for v, w in zip(data["volunteers"], vol_week) if w <= week]
        doc = dict(data, newcomers=news, volunteers=vols,
                   excluded_pairs=[list(p) for p in excluded],
                   settings=dict(data["settings"], today=today.isoformat(),
                                 solver="greedy" if policy == "greedy" else "auto"))
        problem = parse_problem(doc)
        if policy == "nearest":
            pairs = _nearest(problem)
        else:
            pairs = [(p.newcomer, p.volunteer) for p in match(problem).pairs]
        if not pairs:
            continue
        f = build_features(problem)
        I = np.array([f.n_index[a] for a, _ in pairs])
        J = np.array([f.v_index[b] for _, b in pairs])
        D, _, scores = pair_details(f, I, J)
        for (a, b), d, s, i, j in zip(pairs, D, scores, I, J):
            proposals += 1
            if coin(seed, a, b, week) < accept_probability(float(s)):
                accepted += 1
                matched_on[a] = today
                active.append((b, week + 6 + int(coin("len", a, b) * 5)))
                load[b] = load.get(b, 0) + 1
                dist.append(float(d))
                shared.append(len(f.n_people[i].interests & f.v_people[j].interests))
            excluded.add((a, b))  # declined, expired, or (later) ended
    waits = [(matched_on[a] - arrival[a]).days for a in matched_on]
    counts = np.array([load.get(v["id"], 0) for v in data["volunteers"]], dtype=float)
    gini = (np.abs(counts[:, None] - counts[None, :]).sum() / (2 * len(counts) ** 2 * counts.mean())
            if counts.sum() else 0.0)
    return {
        "policy": policy, "newcomers": total_new, "volunteers": total_vol,
        "matched_share": len(matched_on) / total_new,
        "median_wait_days": median(waits) if waits else float("nan"),
        "mean_distance_km": float(np.mean(dist)) if dist else float("nan"),
        "mean_shared_interests": float(np.mean(shared)) if shared else float("nan"),
        "acceptance_rate": accepted / proposals if proposals else float("nan"),
        "volunteers_used": float((counts > 0).mean()),
        "load_gini": float(gini), "max_load": int(counts.max()) if len(counts) else 0,
    }
