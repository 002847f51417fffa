"""Short human-readable reasons for proposed pairs and for unmatched newcomers."""
from __future__ import annotations

import numpy as np

from .features import Features
from .labels import Labels, canonical_gender
from .slots import mask_to_slots

MAX_REASONS = 4
SHOWN_INTERESTS = 3
#: common slots named in a reason before "and 2 other times" (whole groups of days)
SHOWN_SLOTS = 4


def _num(value: float, L: Labels, digits: int = 2) -> str:
    return L.number(f"{value:.{digits}f}")


def _memo(L: Labels) -> dict:
    """Sentences already written with ``L`` (an attribute of the Labels object, so they
    live as long as it does): matched pairs share neighbourhoods, interests, free times
    and languages, and the national file has 90,000 pairs to explain."""
    memo = L.__dict__.get("_explain_memo")
    if memo is None:
        memo = L.__dict__["_explain_memo"] = {}
    return memo


def pair_reasons(f: Features, i: int, j: int, D: float, comps: dict, L: Labels) -> tuple[str, ...]:
    """2 to 4 reasons: place, shared interests, common slots, language (then extras)."""
    n, v = f.n_people[i], f.v_people[j]
    memo = _memo(L)
    out: list[str] = []
    a, b = int(f.n_nb[i]), int(f.v_nb[j])
    key: tuple = ("nb", a, b, round(D, 6))  # the memo's keys, one shape per kind of reason
    said = memo.get(key)
    if said is None:
        if a == b:
            said = L.t("same_nbhd", name=f.nb_names[a])
        else:
            said = L.t("near_nbhd", a=f.nb_names[a], b=f.nb_names[b], km=L.km(D))
        memo[key] = said
    out.append(said)
    shared = tuple(sorted(frozenset(n.interests).intersection(v.interests)))[:SHOWN_INTERESTS]
    if shared:
        key = ("interests", shared)
        said = memo.get(key)
        if said is None:
            said = memo[key] = L.t("common_interests",
                                   items=L.sep.join([L.interest(t) for t in shared]))
        out.append(said)
    elif comps.get("interests", 0) >= 0.25:
        out.append(L.t("similar_about"))
    n_avail = int(f.n_avail[i])
    common, given = n_avail & int(f.v_avail[j]), bool(n_avail)
    key = ("slots", common, given)
    said = memo.get(key, False)
    if said is False:
        said = memo[key] = _slot_reason(common, given, L)
    if said is not None:
        out.append(said)
    key = ("languages", n.languages, n.practise_french, getattr(n, "name", None),
           v.languages, getattr(v, "name", None))
    said = memo.get(key)
    if said is None:
        said = memo[key] = tuple(_language_reasons(n, v, L))
    out.extend(said)
    extras = []
    if n.intergenerational and comps.get("age", 0) >= 0.5 and n.birth_year and v.birth_year:
        extras.append(L.t("intergenerational"))
    elif not n.intergenerational and comps.get("age", 0) >= 0.8 and n.birth_year and v.birth_year:
        extras.append(L.t("close_age"))
    if n.household and v.household and str(n.household).lower() == str(v.household).lower():
        extras.append(L.t("same_household"))
    out.extend(extras[:max(0, MAX_REASONS - len(out))])
    return tuple(out[:MAX_REASONS])


def _slot_reason(mask: int, newcomer_gave_times: bool, L: Labels) -> str | None:
    """The free times both have, or that they have none (None: nothing to say)."""
    common = mask_to_slots(mask)
    if common:
        shown, left = L.slots(common, SHOWN_SLOTS)
        if left == 1:
            return L.t("both_available_one_more", slots=shown)
        if left:
            return L.t("both_available_more", slots=shown, n=left)
        return L.t("both_available", slots=shown)
    if newcomer_gave_times:  # a newcomer who gave no free time yet has no mismatch
        return L.t("no_common_slot")
    return None


def _language_reasons(n, v, L: Labels) -> list[str]:
    """Who speaks what: the newcomer's wish to practise French (when the volunteer speaks
    it), the newcomer's first language when the volunteer speaks it too, else the first
    language they share.  People are named, so that the newcomer, the volunteer and the
    coordinators all read the same sentence."""
    newcomer = L.person(getattr(n, "name", None), "newcomer")
    practise = bool(n.practise_french and "fr" in v.languages)
    first = n.languages[0] if n.languages else None
    out = []
    # the shared first language comes first: rarer than French, so it says more (and it
    # stays when a pair has more reasons than are shown)
    if first and first in v.languages and not (practise and first == "fr"):
        out.append(L.t("first_language", name=L.language(first), newcomer=newcomer))
    if practise:
        out.append(L.sentence("practise_french", newcomer=newcomer,
                              volunteer=L.person(getattr(v, "name", None), "volunteer")))
    if not out:
        common_langs = [c for c in n.languages if c in v.languages]
        if common_langs:
            out.append(L.t("common_language", name=L.language(common_langs[0])))
    return out


def _gender_reason(f: Features, i: int, L: Labels) -> str:
    """Whose gender wish left nobody: the newcomer's, or that of the nearby volunteers who
    speak a common language (an unknown gender meets no wish)."""
    from .candidates import language_ok
    from .geo import haversine_rad

    s = f.problem.settings
    n = f.n_people[i]
    M = len(f.v_people)
    I, J = np.full(M, i), np.arange(M)
    # distances between neighbourhood centres: computed once per neighbourhood, not per
    # volunteer (the same values as candidates.distance_km, element by element)
    D = haversine_rad(f.nb_latlon[f.n_nb[i]][None, :], f.nb_latlon)[f.v_nb]
    ok = (D <= s.max_distance_km) & (D <= f.v_max_km) & language_ok(f, I, J)
    wish = f.n_buddy_gender[i]
    if wish >= 0:
        fits = ok & (f.v_gender == wish)
        if not fits.any():
            return L.t("u_gender_newcomer", gender=L.gender(n.buddy_gender))
        ok = fits
    wishes = {w for j in np.flatnonzero(ok)
              if (w := canonical_gender(f.v_people[j].newcomer_gender)) is not None}
    order = {"female": 0, "male": 1, "other": 2}
    names = [L.gender(w) for w in sorted(wishes, key=lambda w: (order.get(w, 3), w))]
    key = "u_gender_unknown" if n.gender is None else "u_gender_volunteers"
    return L.t(key, gender=L.either(names))


def unmatched_reason(f: Features, i: int, counts: dict, L: Labels) -> str:
    """Why newcomer ``i`` got nobody: the first filter that left no volunteer."""
    s = f.problem.settings
    n = f.n_people[i]
    km = L.km(s.max_distance_km)
    if counts["near"][i] == 0:
        return L.t("u_no_volunteer_near", km=km)
    if counts["language"][i] == 0:
        langs = L.join([L.language(c) for c in n.languages], "or")
        return L.t("u_no_language", langs=langs, km=km)
    if counts["gender"][i] == 0:
        return _gender_reason(f, i, L)
    if counts["capacity"][i] == 0:
        return L.t("u_full")
    if counts["excluded"][i] == 0:
        return L.t("u_excluded")
    if counts["min_score"][i] == 0:
        return L.t("u_min_score", min=_num(s.min_score, L))
    left = int(counts["min_score"][i])
    return L.t("u_taken_one") if left == 1 else L.t("u_taken", n=left)


def violations(f: Features, i: int, j: int, D: float, score: float, L: Labels) -> tuple[str, ...]:
    """Hard constraints broken by the pair (i, j), in words."""
    from .candidates import excluded_keys, gender_ok, language_ok

    s = f.problem.settings
    I, J = np.array([i]), np.array([j])
    out = []
    limit = min(s.max_distance_km, float(f.v_max_km[j]))
    if D > limit:
        out.append(L.t("v_distance", km=L.km(D), max=L.km(limit)))
    if not language_ok(f, I, J)[0]:
        out.append(L.t("v_language"))
    if not gender_ok(f, I, J)[0]:
        out.extend(_gender_violations(f, i, j, L))
    if f.v_remaining[j] <= 0:
        out.append(L.t("v_capacity"))
    key = i * len(f.v_people) + j
    if key in set(excluded_keys(f).tolist()):
        out.append(L.t("v_excluded"))
    if score < s.min_score:
        out.append(L.t("v_min_score", score=_num(score, L), min=_num(s.min_score, L)))
    return tuple(out)


def _gender_violations(f: Features, i: int, j: int, L: Labels) -> list[str]:
    """Each side's unmet gender wish, saying whose wish it is."""
    n, v = f.n_people[i], f.v_people[j]
    out = []
    if f.n_buddy_gender[i] >= 0 and f.n_buddy_gender[i] != f.v_gender[j]:
        key = "v_gender_newcomer_unknown" if v.gender is None else "v_gender_newcomer"
        out.append(L.t(key, gender=L.gender(n.buddy_gender)))
    if f.v_newcomer_gender[j] >= 0 and f.v_newcomer_gender[j] != f.n_gender[i]:
        key = "v_gender_volunteer_unknown" if n.gender is None else "v_gender_volunteer"
        out.append(L.t(key, gender=L.gender(v.newcomer_gender)))
    return out
