"""Validate the file interface's JSON data and build a :class:`Problem`.

All checks are plain code so that a bad file produces exactly one line naming
the field and the id at fault, e.g.::

    newcomers[id=n17].availability: unknown slot "sat-night" (expected
    mon..sun-morning|afternoon|evening)

(shown here on two lines; the message is one line).

Items without a usable id are named by position: ``volunteers[3].id: missing``.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import Any, Literal, NoReturn, overload

from .model import OUTCOMES, HistoryItem, Neighbourhood, Newcomer, Problem, Settings, Volunteer
from .slots import FULL_MASK, SLOT_INDEX


class InputError(ValueError):
    """Invalid input; ``str(error)`` is one line naming the field and the id at fault."""


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: valid values already checked (they repeat across people): date text -> date, language
#: list -> codes.  Only valid values are kept, so a bad one still fails with its message.
_DATES: dict[str, dt.date] = {}
_LANGUAGE_LISTS: dict[tuple, tuple[str, ...]] = {}
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(v))


def _json_repr(v: Any) -> str:
    if isinstance(v, str):
        return '"' + v.replace('"', '\\"') + '"'
    return repr(v)


class _Item:
    """Field access on one JSON object, with error messages that name it."""

    def __init__(self, where: str, data: Any):
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected an object, got {type(data).__name__}")
        self.where, self.data = where, data

    def fail(self, field: str, message: str) -> NoReturn:
        raise InputError(f"{self.where}.{field}: {message}")

    def get(self, field: str, required: bool = True) -> Any:
        if field not in self.data or (self.data[field] is None and required):
            if required:
                self.fail(field, "missing")
            return None
        return self.data[field]

    @overload
    def string(self, field: str, required: Literal[True] = ...,
               allow_empty: bool = ...) -> str: ...
    @overload
    def string(self, field: str, required: bool, allow_empty: bool = ...) -> str | None: ...
    def string(self, field: str, required: bool = True, allow_empty: bool = False) -> str | None:
        v = self.get(field, required)
        if v is None:
            return None
        if not isinstance(v, str):
            self.fail(field, f"expected a string, got {_json_repr(v)}")
        if not allow_empty and not v.strip():
            self.fail(field, "must not be empty")
        return v

    @overload
    def number(self, field: str, lo: float, hi: float,
               required: Literal[True] = ...) -> float: ...
    @overload
    def number(self, field: str, lo: float, hi: float, required: bool) -> float | None: ...
    def number(self, field: str, lo: float, hi: float, required: bool = True) -> float | None:
        v = self.get(field, required)
        if v is None:
            return None
        if not _is_number(v):
            self.fail(field, f"expected a number, got {_json_repr(v)}")
        if not lo <= v <= hi:
            self.fail(field, f"{v:g} out of range {lo:g}..{hi:g}")
        return float(v)

    @overload
    def integer(self, field: str, lo: int, hi: int, required: Literal[True] = ...) -> int: ...
    @overload
    def integer(self, field: str, lo: int, hi: int, required: bool) -> int | None: ...
    def integer(self, field: str, lo: int, hi: int, required: bool = True) -> int | None:
        v = self.get(field, required)
        if v is None:
            return None
        if not _is_int(v):
            self.fail(field, f"expected an integer {lo}..{hi}, got {_json_repr(v)}")
        if not lo <= v <= hi:
            self.fail(field, f"expected an integer {lo}..{hi}, got {v}")
        return v

    def boolean(self, field: str) -> bool:
        v = self.get(field, required=False)
        if v is None:
            return False
        if not isinstance(v, bool):
            self.fail(field, f"expected true or false, got {_json_repr(v)}")
        return v

    @overload
    def date(self, field: str, required: Literal[True] = ...) -> dt.date: ...
    @overload
    def date(self, field: str, required: bool) -> dt.date | None: ...
    def date(self, field: str, required: bool = True) -> dt.date | None:
        v = self.get(field, required)
        if v is None:
            return None
        if v.__class__ is str and v in _DATES:  # many people share a date
            return _DATES[v]
        if not isinstance(v, str) or not _DATE.match(v):
            self.fail(field, f"expected a date YYYY-MM-DD, got {_json_repr(v)}")
        try:
            day = dt.date.fromisoformat(v)
        except ValueError:
            self.fail(field, f"invalid date {_json_repr(v)}")
        if len(_DATES) < 100_000:
            _DATES[v] = day
        return day

    def strings(self, field: str, required: bool = True) -> list[str]:
        v = self.get(field, required)
        if v is None:
            return []
        if not isinstance(v, list):
            self.fail(field, f"expected a list of strings, got {_json_repr(v)}")
        for x in v:
            if not isinstance(x, str) or not x.strip():
                self.fail(field, f"expected a list of non-empty strings, found {_json_repr(x)}")
        return v

    def languages(self) -> tuple[str, ...]:
        raw = self.data.get("languages")
        if raw.__class__ is list:  # the same lists again and again: checked once each
            try:  # only valid lists (of strings) are kept: anything else misses
                known = _LANGUAGE_LISTS.get(tuple(raw))
            except TypeError:  # an unhashable item: checked below
                known = None
            if known is not None:
                return known
        langs = self.strings("languages")
        if not langs:
            self.fail("languages", "must list at least one language")
        out: list[str] = []
        for code in langs:
            c = code.strip().lower()
            if not _LANG.match(c):
                self.fail("languages", f"not an ISO language code: {_json_repr(code)}")
            if c not in out:
                out.append(c)
        if len(_LANGUAGE_LISTS) < 100_000:
            _LANGUAGE_LISTS[tuple(langs)] = tuple(out)
        return tuple(out)

    def availability(self) -> int:
        v = self.get("availability")
        if _is_int(v):
            if not 0 <= v <= FULL_MASK:
                self.fail("availability", f"mask {v} out of range 0..{FULL_MASK}")
            return v
        if not isinstance(v, list):
            self.fail("availability", f"expected a list of slots, got {_json_repr(v)}")
        mask = 0
        for s in v:
            if not isinstance(s, str) or s not in SLOT_INDEX:
                self.fail("availability", f"unknown slot {_json_repr(s)} "
                          "(expected mon..sun-morning|afternoon|evening)")
            mask |= 1 << SLOT_INDEX[s]
        return mask

    def gender(self, field: str) -> str | None:
        v = self.string(field, required=False)
        return v.strip().lower() if v is not None else None


#: top-level lists a file must have (each may be empty): a typo such as "newcomer"
#: must not silently match nobody
REQUIRED_LISTS = ("neighbourhoods", "newcomers", "volunteers")


def _list(data: dict, name: str) -> list:
    if name in REQUIRED_LISTS and name not in data:
        near = difflib.get_close_matches(name, [k for k in data if isinstance(k, str)], n=1)
        hint = f"; found {_json_repr(near[0])}" if near else ""
        raise InputError(f"{name}: required (a list, may be empty){hint}")
    v = data.get(name, [])
    if v is None:
        return []
    if not isinstance(v, list):
        raise InputError(f"{name}: expected a list, got {type(v).__name__}")
    return v


def _item_id(section: str, index: int, raw: Any, seen: set) -> tuple[_Item, Any]:
    item = _Item(f"{section}[{index}]", raw)
    if "id" not in raw or raw["id"] is None:
        item.fail("id", "missing")
    ident = raw["id"]
    if not (_is_int(ident) or (isinstance(ident, str) and ident.strip())):
        item.fail("id", f"expected a string or an integer, got {_json_repr(ident)}")
    if ident in seen:
        raise InputError(f"{section}[id={ident}].id: duplicate id")
    seen.add(ident)
    item.where = f"{section}[id={ident}]"
    return item, ident


def _history_person(item: _Item, index: int, role: str) -> tuple[_Item, Any]:
    """The newcomer or volunteer of ``history[index]``, with its id (ids may repeat in a
    history; the index stands in for a missing one)."""
    person = _Item(f"history[{index}].{role}", item.get(role))
    ident = person.get("id", required=False)
    if ident is not None and not (_is_int(ident) or isinstance(ident, str)):
        person.fail("id", f"expected a string or an integer, got {_json_repr(ident)}")
    return person, ident if ident is not None else index


def parse_problem(data: Any, today: dt.date | None = None) -> Problem:
    """Validate the decoded JSON ``data`` and return a :class:`Problem`.

    ``today`` is used when ``settings.today`` is absent (the engine itself
    never reads the clock).  Raises :class:`InputError` on the first problem.
    """
    from .assign import SOLVERS  # late import: assign does not need parse
    from .scoring import DEFAULT_WEIGHTS

    if not isinstance(data, dict):
        raise InputError(f"input: expected a JSON object, got {type(data).__name__}")

    nbhds: dict[Any, Neighbourhood] = {}
    for i, raw in enumerate(_list(data, "neighbourhoods")):
        item, ident = _item_id("neighbourhoods", i, raw, set(nbhds))
        nbhds[ident] = Neighbourhood(
            id=ident, name=item.string("name"),
            lat=item.number("lat", -90.0, 90.0), lon=item.number("lon", -180.0, 180.0))

    def neighbourhood(item: _Item) -> Any:
        v = item.get("neighbourhood")
        if isinstance(v, bool) or not isinstance(v, (str, int)) or v not in nbhds:
            item.fail("neighbourhood", f"unknown neighbourhood {_json_repr(v)}")
        return v

    # Settings first: the birth-year bound depends on today.
    raw_settings = data.get("settings") or {}
    st = _Item("settings", raw_settings)
    today = st.date("today", required=False) or today
    if today is None:
        st.fail("today", "missing")
    kwargs: dict[str, Any] = {"today": today}
    if st.get("weights", required=False) is not None:
        w = st.get("weights")
        if not isinstance(w, dict):
            st.fail("weights", f"expected an object, got {_json_repr(w)}")
        wi = _Item("settings.weights", w)
        weights = {}
        for name in w:
            if name not in DEFAULT_WEIGHTS:
                wi.fail(name, f"unknown component (expected one of {', '.join(DEFAULT_WEIGHTS)})")
            weights[name] = wi.number(name, 0.0, 1000.0)
        if sum({**DEFAULT_WEIGHTS, **weights}.values()) <= 0:
            st.fail("weights", "at least one weight must be positive")
        kwargs["weights"] = weights
    for name, lo, hi in (("min_score", 0.0, 1.0), ("max_distance_km", 0.0, 20000.0),
                         ("no_common_slot_factor", 0.0, 1.0), ("boost_per_week", 0.0, 1.0),
                         ("boost_cap", 0.0, 1.0)):
        v = st.number(name, lo, hi, required=False)
        if v is not None:
            kwargs[name] = v
    solver = st.string("solver", required=False)
    if solver is not None:
        if solver not in SOLVERS:
            st.fail("solver", f"unknown solver {_json_repr(solver)} "
                    f"(expected one of {', '.join(SOLVERS)})")
        kwargs["solver"] = solver
    learning = st.string("learning", required=False)
    if learning is not None:
        if learning not in ("auto", "off"):
            st.fail("learning", f"expected \"auto\" or \"off\", got {_json_repr(learning)}")
        kwargs["learning"] = learning
    settings = Settings(**kwargs)

    # ``past``: the day a history item was proposed; its people need no waiting_since
    # (it defaults to that day) nor capacity (1), which only matter for today's run.
    def make_newcomer(item: _Item, ident: Any, past: dt.date | None = None) -> Newcomer:
        return Newcomer(
            id=ident, neighbourhood=neighbourhood(item), languages=item.languages(),
            interests=frozenset(item.strings("interests")),
            about=item.string("about", allow_empty=True),
            availability=item.availability(),
            # a person in the history may omit it: it defaults to the proposal's day
            waiting_since=(item.date("waiting_since") if past is None
                           else item.date("waiting_since", required=False) or past),
            birth_year=item.integer("birth_year", 1900, today.year, required=False),
            gender=item.gender("gender"), buddy_gender=item.gender("buddy_gender"),
            practise_french=item.boolean("practise_french"),
            household=item.gender("household"),
            intergenerational=item.boolean("intergenerational"))

    def make_volunteer(item: _Item, ident: Any, past: dt.date | None = None) -> Volunteer:
        return Volunteer(
            id=ident, neighbourhood=neighbourhood(item), languages=item.languages(),
            interests=frozenset(item.strings("interests")),
            about=item.string("about", allow_empty=True), availability=item.availability(),
            capacity=item.integer("capacity", 1, 3, required=past is None) or 1,
            active_matches=item.integer("active_matches", 0, 1000, required=False) or 0,
            birth_year=item.integer("birth_year", 1900, today.year, required=False),
            gender=item.gender("gender"), newcomer_gender=item.gender("newcomer_gender"),
            max_distance_km=item.number("max_distance_km", 0.0, 20000.0, required=False),
            household=item.gender("household"))

    newcomers = []
    seen: set = set()
    for i, raw in enumerate(_list(data, "newcomers")):
        item, ident = _item_id("newcomers", i, raw, seen)
        newcomers.append(make_newcomer(item, ident))

    volunteers = []
    seen = set()
    for i, raw in enumerate(_list(data, "volunteers")):
        item, ident = _item_id("volunteers", i, raw, seen)
        volunteers.append(make_volunteer(item, ident))

    history = []
    for i, raw in enumerate(_list(data, "history")):
        item = _Item(f"history[{i}]", raw)
        proposed_on = item.date("proposed_on")
        outcome = item.get("outcome")
        if outcome not in OUTCOMES:
            item.fail("outcome", f"expected one of {', '.join(OUTCOMES)}, got "
                      f"{_json_repr(outcome)}")
        newcomer = make_newcomer(*_history_person(item, i, "newcomer"), proposed_on)
        volunteer = make_volunteer(*_history_person(item, i, "volunteer"), proposed_on)
        history.append(HistoryItem(newcomer, volunteer, proposed_on, outcome))

    excluded = set()
    for i, pair in enumerate(_list(data, "excluded_pairs")):
        ok = (isinstance(pair, list) and len(pair) == 2
              and all(_is_int(x) or isinstance(x, str) for x in pair))
        if not ok:
            raise InputError(f"excluded_pairs[{i}]: expected [newcomer_id, volunteer_id], "
                             f"got {_json_repr(pair)}")
        excluded.add((pair[0], pair[1]))

    return Problem(neighbourhoods=tuple(nbhds.values()), newcomers=tuple(newcomers),
                   volunteers=tuple(volunteers), settings=settings,
                   excluded_pairs=frozenset(excluded), history=tuple(history))
