"""Rank upcoming activity occurrences for many people at once, and for a pair's first outing.

Pure like the rest of the engine: plain frozen dataclasses in, plain data out, today's date
is an argument.  Occurrences are scored with the features the engine uses for buddies, one
component per feature, each in [0, 1]; the score is the weighted mean (weights divided by
their sum).

Default weights (:data:`ACTIVITY_WEIGHTS`; any subset may be overridden):

============== ====== =============================================================
component      weight value
============== ====== =============================================================
distance       0.30   1 when the place is in the person's neighbourhood, else
                      0.8·exp(−d / 2 km), d = haversine from the person's
                      neighbourhood centre to the place (as the buddy engine);
                      0.3 when the person's neighbourhood is unknown
interests      0.25   shared interest tags, 3 (or all of the shorter list) = 1
availability   0.20   1 when the occurrence starts in one of the person's weekly
                      slots, 0 otherwise, 0.5 when the person gave no slot
language       0.15   1 when the person speaks one of the activity's languages
                      (none listed = French), else 0
audience       0.10   activity for everyone 0.6; for the person's group 1
                      (families: household "children"; seniors: born 60 years or
                      more before today; women: gender female); for another
                      group 0.1; seniors with no birth year 0.3
============== ====== =============================================================

Hard filter: an activity for women is never suggested to someone whose gender is not
female (unknown included, as the engine's gender wishes).  Whether an occurrence is full is
the caller's concern.

Variety: a person's list holds at most one occurrence per activity (the next Tuesday café,
not the next four).  Ties are broken by the earlier start, then by the key, so the result
does not depend on the order of the input.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .geo import haversine_rad
from .labels import LANGS, Labels
from .scoring import NEAR_DECAY_KM, TAGS_FOR_FULL
from .slots import SLOTS, slot_label

Id = Hashable

ACTIVITY_WEIGHTS: dict[str, float] = {
    "distance": 0.30,
    "interests": 0.25,
    "availability": 0.20,
    "language": 0.15,
    "audience": 0.10,
}
#: a pair's first outing: both must be free (hard), shared interests count most
PAIR_WEIGHTS: dict[str, float] = {
    "distance": 0.25,
    "shared_interests": 0.35,
    "interests": 0.10,
    "language": 0.20,
    "audience": 0.10,
}
AUDIENCE_CODES = ("everyone", "families", "seniors", "women")
UNKNOWN_PLACE = 0.3
SENIOR_AGE = 60
FEMALE = ("female", "f")
DEFAULT_LANGUAGES = ("fr",)
MAX_REASONS = 3
#: people scored per block: bounds memory to a few (chunk × occurrences) float arrays
CHUNK = 500


@dataclass(frozen=True)
class ActivityPerson:
    """Someone to suggest activities to.  ``lat``/``lon``: their neighbourhood's centre
    (None when unknown); ``availability``: 21-bit mask (see :mod:`matcher.slots`)."""

    id: Id
    lat: float | None
    lon: float | None
    interests: frozenset[str]
    languages: tuple[str, ...]
    availability_mask: int
    household: str | None = None
    birth_year: int | None = None
    gender: str | None = None
    neighbourhood: Id | None = None


@dataclass(frozen=True)
class ActivityOccurrence:
    """One dated occurrence.  ``slot``: weekly slot index (day × 3 + part) it starts in;
    ``start``: when it starts (aware datetime), for tie-breaks; ``activity``: the activity
    it belongs to, for variety."""

    key: str
    activity: Id
    start: dt.datetime
    lat: float
    lon: float
    interests: frozenset[str]
    languages: tuple[str, ...]
    slot: int
    audience: str = "everyone"
    kind: str = ""
    place_name: str = ""
    neighbourhood: Id | None = None


@dataclass(frozen=True)
class ActivitySuggestion:
    """One suggested occurrence: score, component values, reasons per language."""

    key: str
    activity: Id
    score: float
    components: Mapping[str, float]
    distance_km: float | None
    reasons: Mapping[str, tuple[str, ...]]


# --- Encoding -------------------------------------------------------------------------


def _onehot(rows, index: dict) -> np.ndarray:
    out = np.zeros((len(rows), max(len(index), 1)), dtype=np.float32)
    for r, items in enumerate(rows):
        for item in items:
            out[r, index[item]] = 1.0
    return out


@dataclass
class _Occurrences:
    items: list  # canonical order: (start, key)
    latlon: np.ndarray  # radians
    nb: np.ndarray
    tags: np.ndarray
    ntags: np.ndarray
    langs: np.ndarray
    slot: np.ndarray
    audience: np.ndarray
    group: np.ndarray  # activity index, for variety


@dataclass
class _People:
    items: list
    latlon: np.ndarray
    known: np.ndarray
    nb: np.ndarray
    tags: np.ndarray
    ntags: np.ndarray
    langs: np.ndarray
    mask: np.ndarray
    children: np.ndarray
    senior: np.ndarray  # 1 senior, 0 not, -1 unknown
    female: np.ndarray


def _languages(occ: ActivityOccurrence) -> tuple[str, ...]:
    return tuple(occ.languages) or DEFAULT_LANGUAGES


def _encode(people: Sequence[ActivityPerson], occurrences: Sequence[ActivityOccurrence],
            today: dt.date):
    occs = sorted(occurrences, key=lambda o: (o.start.timestamp(), o.key))
    tags = sorted({t for o in occs for t in o.interests})
    tag_index = {t: i for i, t in enumerate(tags)}
    langs = sorted({c for o in occs for c in _languages(o)})
    lang_index = {c: i for i, c in enumerate(langs)}
    nbs: dict = {}
    activities: dict = {}
    for o in occs:
        activities.setdefault(o.activity, len(activities))
    for audience in {o.audience for o in occs} - set(AUDIENCE_CODES):
        raise ValueError(f"occurrence audience {audience!r}: expected one of "
                         f"{', '.join(AUDIENCE_CODES)}")

    def nb_code(value):
        return -1 if value is None else nbs.setdefault(value, len(nbs))

    o_tags = _onehot([o.interests for o in occs], tag_index)
    O = _Occurrences(
        items=occs,
        latlon=np.radians(np.array([[o.lat, o.lon] for o in occs], dtype=np.float64)
                          .reshape(-1, 2)),
        nb=np.array([nb_code(o.neighbourhood) for o in occs], dtype=np.int64),
        tags=o_tags, ntags=o_tags.sum(axis=1),
        langs=_onehot([_languages(o) for o in occs], lang_index),
        slot=np.array([o.slot for o in occs], dtype=np.int64),
        audience=np.array([AUDIENCE_CODES.index(o.audience) for o in occs], dtype=np.int64),
        group=np.array([activities[o.activity] for o in occs], dtype=np.int64))
    if len(O.slot) and (O.slot.min() < 0 or O.slot.max() >= len(SLOTS)):
        raise ValueError(f"occurrence slot: expected 0..{len(SLOTS) - 1}")
    p_tags = _onehot([[t for t in p.interests if t in tag_index] for p in people], tag_index)
    known = np.array([p.lat is not None and p.lon is not None for p in people], dtype=bool)
    P = _People(
        items=list(people),
        latlon=np.radians(np.array([[p.lat or 0.0, p.lon or 0.0] for p in people],
                                   dtype=np.float64).reshape(-1, 2)),
        known=known,
        nb=np.array([nb_code(p.neighbourhood) if p.neighbourhood is not None else -2
                     for p in people], dtype=np.int64),
        tags=p_tags,
        ntags=np.array([len(p.interests) for p in people], dtype=np.float32),
        langs=_onehot([[c for c in p.languages if c in lang_index] for p in people], lang_index),
        mask=np.array([int(p.availability_mask) for p in people], dtype=np.int64),
        children=np.array([str(p.household or "").lower() == "children" for p in people]),
        senior=np.array([-1 if p.birth_year is None else
                         int(today.year - p.birth_year >= SENIOR_AGE) for p in people],
                        dtype=np.int64),
        female=np.array([str(p.gender or "").lower() in FEMALE for p in people]))
    return P, O


# --- Components (rows of people × columns of occurrences) -----------------------------


def _distances(P, O, rows) -> np.ndarray:
    """Person × occurrence distances in km; people share neighbourhood centres, so each
    distinct centre is computed once."""
    points, inverse = np.unique(P.latlon[rows], axis=0, return_inverse=True)
    return haversine_rad(points[:, None, :], O.latlon[None, :, :])[inverse.ravel()]


def c_distance(P, O, rows, D):
    same = P.nb[rows][:, None] == O.nb[None, :]
    near = np.where(same, 1.0, 0.8 * np.exp(-D / NEAR_DECAY_KM))
    return np.where(P.known[rows][:, None], near, UNKNOWN_PLACE)


def c_interests(P, O, rows, D):
    shared = P.tags[rows] @ O.tags.T
    k = np.minimum(np.minimum(P.ntags[rows][:, None], O.ntags[None, :]), TAGS_FOR_FULL)
    return np.where(k > 0, np.minimum(1.0, shared / np.maximum(k, 1)), 0.0)


def c_availability(P, O, rows, D):
    mask = P.mask[rows][:, None]
    free = ((mask >> O.slot[None, :]) & 1).astype(np.float64)
    return np.where(mask == 0, 0.5, free)


def c_language(P, O, rows, D):
    return ((P.langs[rows] @ O.langs.T) > 0).astype(np.float64)


def c_audience(P, O, rows, D):
    a = O.audience[None, :]
    children = P.children[rows][:, None]
    senior = P.senior[rows][:, None]
    female = P.female[rows][:, None]
    fits = np.select([a == 0, a == 1, a == 2, a == 3],
                     [np.full(children.shape, 0.6),
                      np.where(children, 1.0, 0.1),
                      np.where(senior == 1, 1.0, np.where(senior == 0, 0.1, 0.3)),
                      np.where(female, 1.0, 0.1)])
    return np.broadcast_to(fits, (len(rows), len(O.items))).astype(np.float64)


#: the registry: configuration refers to components by these names
ACTIVITY_COMPONENTS = {
    "distance": c_distance,
    "interests": c_interests,
    "availability": c_availability,
    "language": c_language,
    "audience": c_audience,
}


def _allowed(P, O, rows) -> np.ndarray:
    """Hard filter: activities for women only for women."""
    return (O.audience[None, :] != 3) | P.female[rows][:, None]


def _combine(comps: dict, weights: dict) -> np.ndarray:
    total = sum(weights.values())
    acc = sum(comps[name] * (w / total) for name, w in weights.items())
    # Rounded so that ties are exact whatever the summation order.
    return np.round(np.clip(acc, 0.0, 1.0), 9)


def _weights(base: dict, overrides: Mapping | None) -> dict:
    weights = dict(base)
    weights.update(overrides or {})
    unknown = set(weights) - set(base)
    if unknown:
        raise ValueError(f"unknown activity component(s): {', '.join(sorted(unknown))}")
    return {k: float(v) for k, v in weights.items() if v > 0}


# --- Top k with variety ---------------------------------------------------------------


def _top_k(S: np.ndarray, allowed: np.ndarray, group: np.ndarray, k: int) -> np.ndarray:
    """Columns of the best ≤k occurrences per row, one per activity, best first.

    Columns are in canonical order (start, key), so "earlier column" is the tie-break both
    within an activity and between activities.  Returns (rows, k) with -1 for no more.
    """
    R, C = S.shape
    if C == 0 or k <= 0:
        return np.full((R, max(k, 0)), -1, dtype=np.int64)
    # A single integer per cell orders by score, then by earlier column; forbidden cells lose.
    cols = np.arange(C, dtype=np.int64)
    value = np.rint(S * 1e9).astype(np.int64) * C + (C - 1 - cols)[None, :]
    value = np.where(allowed, value, -1)
    # Best cell per activity: group the columns, take the maximum of each group.
    order = np.argsort(group, kind="stable")
    g_sorted = group[order]
    starts = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
    best = np.maximum.reduceat(value[:, order], starts, axis=1)  # (R, G)
    G = best.shape[1]
    kk = min(k, G)
    part = np.argpartition(-best, kk - 1, axis=1)[:, :kk] if kk < G else np.tile(
        np.arange(G), (R, 1))
    top_vals = np.take_along_axis(best, part, axis=1)
    rank = np.argsort(-top_vals, axis=1, kind="stable")
    top_vals = np.take_along_axis(top_vals, rank, axis=1)
    col = (C - 1) - (top_vals % C)
    out = np.where(top_vals >= 0, col, -1)
    if kk < k:
        out = np.concatenate([out, np.full((R, k - kk), -1, dtype=np.int64)], axis=1)
    return out


# --- Reasons --------------------------------------------------------------------------


class _Phrases:
    """The reason sentences of one language, each formatted once (the same few sentences
    recur across thousands of people)."""

    def __init__(self, L: Labels):
        self.L = L
        self._cache: dict = {}

    def __call__(self, key: str, *args) -> str:
        found = self._cache.get((key, args))
        if found is None:
            found = self._cache[(key, args)] = self._make(key, *args)
        return found

    def _make(self, key: str, *args) -> str:
        L = self.L
        if key in ("a_near",):
            return L.t(key, distance=L.distance(args[0]))
        if key in ("a_interests", "p_interests"):
            return L.t(key, items=L.sep.join(L.interest(t) for t in args))
        if key in ("a_free", "p_free"):
            return L.t(key, slot=slot_label(SLOTS[args[0]], L.lang))
        if key == "a_language":
            return L.t(key, name=L.language(args[0]))
        return L.t(key)


def occurrence_reasons(person: ActivityPerson, occ: ActivityOccurrence, distance_km,
                       today: dt.date, L) -> tuple[str, ...]:
    """1 to 3 reasons, most telling first: place, interests, free time, language, audience.

    ``L`` is a :class:`matcher.labels.Labels` or a cached phrase book of one."""
    say = L if isinstance(L, _Phrases) else _Phrases(L)
    out = []
    if person.neighbourhood is not None and person.neighbourhood == occ.neighbourhood:
        out.append(say("a_same_nbhd"))
    elif distance_km is not None and distance_km <= 3.0:
        out.append(say("a_near", round(distance_km, 1)))
    shared = sorted(set(person.interests) & set(occ.interests))
    if shared:
        out.append(say("a_interests", *shared[:2]))
    if person.availability_mask >> occ.slot & 1:
        out.append(say("a_free", occ.slot))
    if len(out) < MAX_REASONS:
        spoken = [c for c in person.languages if c in _languages(occ) and c != "fr"]
        if spoken:
            out.append(say("a_language", spoken[0]))
    if len(out) < MAX_REASONS and occ.audience != "everyone":
        audience = {"families": str(person.household or "").lower() == "children",
                    "seniors": person.birth_year is not None
                    and today.year - person.birth_year >= SENIOR_AGE,
                    "women": str(person.gender or "").lower() in FEMALE}.get(occ.audience)
        if audience:
            out.append(say("a_for_" + occ.audience))
    if not out:
        out.append(say("a_near", round(distance_km, 1)) if distance_km is not None
                   else say("a_open"))
    return tuple(out[:MAX_REASONS])


def pair_outing_reasons(newcomer: ActivityPerson, volunteer: ActivityPerson,
                        occ: ActivityOccurrence, L: Labels | _Phrases) -> tuple[str, ...]:
    """Reasons for a pair: what they both like, when both are free, a language both speak."""
    say = L if isinstance(L, _Phrases) else _Phrases(L)
    out = []
    hoods = {newcomer.neighbourhood, volunteer.neighbourhood}
    if occ.neighbourhood is not None and occ.neighbourhood in hoods:
        out.append(say("p_nbhd"))
    shared = sorted(set(newcomer.interests) & set(volunteer.interests) & set(occ.interests))
    if shared:
        out.append(say("p_interests", *shared[:2]))
    out.append(say("p_free", occ.slot))
    both = [c for c in newcomer.languages if c in volunteer.languages and c in _languages(occ)
            and c != "fr"]
    if both:
        out.append(say("a_language", both[0]))
    return tuple(out[:MAX_REASONS])


# --- Entry points ---------------------------------------------------------------------


def _labels(langs, labels) -> dict[str, _Phrases]:
    labels = labels or {}
    return {lang: _Phrases(Labels(lang, labels.get(lang))) for lang in langs}


def rank_activities(people: Sequence[ActivityPerson], occurrences: Sequence[ActivityOccurrence],
                    today: dt.date, k: int = 5, *, weights: Mapping | None = None,
                    langs: Sequence[str] = LANGS, labels: Mapping | None = None,
                    max_distance_km: float | None = None, chunk: int = CHUNK
                    ) -> dict[Id, tuple[ActivitySuggestion, ...]]:
    """The best ``k`` occurrences for every person, at most one per activity, best first.

    ``labels`` is ``{lang: {"languages": {code: name}, "interests": {tag: name}}}`` (names
    used in the reasons, per output language, as the engine's ``labels``); reasons are
    given for each of ``langs``.  Occurrences farther than ``max_distance_km`` from a
    person's neighbourhood centre are left out when it is given.
    """
    w = _weights(ACTIVITY_WEIGHTS, weights)
    P, O = _encode(people, occurrences, today)
    L = _labels(langs, labels)
    result: dict = {p.id: () for p in P.items}
    if not O.items:
        return result
    for lo in range(0, len(P.items), max(1, chunk)):
        rows = np.arange(lo, min(lo + chunk, len(P.items)))
        D = _distances(P, O, rows)
        comps = {name: ACTIVITY_COMPONENTS[name](P, O, rows, D) for name in w}
        S = _combine(comps, w)
        allowed = _allowed(P, O, rows)
        if max_distance_km is not None:
            allowed &= (D <= max_distance_km) | ~P.known[rows][:, None]
        top = _top_k(S, allowed, O.group, k)
        # Gather the chosen cells once per block, not cell by cell.
        cells = np.maximum(top, 0)
        picked = {name: np.round(np.take_along_axis(np.broadcast_to(
            comps[name], S.shape), cells, axis=1), 4).tolist() for name in w}
        scores = np.take_along_axis(S, cells, axis=1).tolist()
        kms = np.round(np.take_along_axis(D, cells, axis=1), 3).tolist()
        for r, row in enumerate(rows.tolist()):
            person = P.items[row]
            known = bool(P.known[row])
            chosen = []
            for c, col in enumerate(top[r].tolist()):
                if col < 0:
                    break
                occ = O.items[col]
                km = kms[r][c] if known else None
                chosen.append(ActivitySuggestion(
                    key=occ.key, activity=occ.activity, score=scores[r][c],
                    components={name: picked[name][r][c] for name in w}, distance_km=km,
                    reasons={lang: occurrence_reasons(person, occ, km, today, L[lang])
                             for lang in L}))
            result[person.id] = tuple(chosen)
    return result


def rank_for_pair(newcomer: ActivityPerson, volunteer: ActivityPerson,
                  occurrences: Sequence[ActivityOccurrence], today: dt.date, k: int = 3, *,
                  weights: Mapping | None = None, langs: Sequence[str] = LANGS,
                  labels: Mapping | None = None) -> tuple[ActivitySuggestion, ...]:
    """The best ``k`` occurrences for a pair's first outing, one per activity, best first.

    Only occurrences in a weekly slot both are free count; near both (the farther of the
    two distances decides); interests both share count most; a language both speak.
    ``distance_km`` of a suggestion is the farther of the two distances.
    """
    w = _weights(PAIR_WEIGHTS, weights)
    both = ActivityPerson(id=("pair", newcomer.id, volunteer.id), lat=None, lon=None,
                          interests=frozenset(newcomer.interests) & frozenset(volunteer.interests),
                          languages=tuple(c for c in newcomer.languages
                                          if c in volunteer.languages),
                          availability_mask=(newcomer.availability_mask
                                             & volunteer.availability_mask))
    P, O = _encode([newcomer, volunteer, both], occurrences, today)
    rows = np.arange(3)
    D = _distances(P, O, rows)
    near = c_distance(P, O, rows[:2], D[:2])
    interests = c_interests(P, O, rows, D)
    audience = c_audience(P, O, rows[:2], D[:2])
    comps = {
        "distance": near.min(axis=0),
        "shared_interests": interests[2],
        "interests": interests[:2].mean(axis=0),
        # a language both speak among the activity's, else half if each speaks one
        "language": np.where(c_language(P, O, rows[2:], D[2:])[0] > 0, 1.0,
                             0.5 * c_language(P, O, rows[:2], D[:2]).min(axis=0)),
        "audience": audience.min(axis=0),
    }
    S = _combine({name: comps[name] for name in w}, w)[None, :]
    free = (P.mask[2] >> O.slot) & 1 > 0
    allowed = (_allowed(P, O, rows[:2]).all(axis=0) & free)[None, :]
    top = _top_k(S, allowed, O.group, k)[0]
    far = np.where(P.known[:2, None], D[:2], np.nan)
    L = _labels(langs, labels)
    out = []
    for col in top.tolist():
        if col < 0:
            break
        occ = O.items[col]
        km = float(np.nanmax(far[:, col])) if P.known[:2].any() else None
        out.append(ActivitySuggestion(
            key=occ.key, activity=occ.activity, score=float(S[0, col]),
            components={name: round(float(comps[name][col]), 4) for name in w},
            distance_km=None if km is None else round(km, 3),
            reasons={lang: pair_outing_reasons(newcomer, volunteer, occ, L[lang])
                     for lang in L}))
    return tuple(out)
