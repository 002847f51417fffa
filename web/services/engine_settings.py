"""The engine's settings an admin may change: weights, limits, and default or learned model.

Two `Setting` rows hold them. ``engine_settings`` (`matching.ENGINE_SETTINGS`) is a dict of
`matcher.Settings` overrides; this module writes only the values that differ from the
engine's defaults, so that a better default in a later version reaches every programme
that did not choose otherwise, and keeps any other key an operator put there (``solver``).
``engine_model`` is ``"default"`` (the default weights, no history read) or ``"learned"``
(the engine learns from past outcomes, `web.services.outcomes`, and uses the model when it
does better than the weights on held-out outcomes).
"""
import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

import matcher
from web.models import Setting
from web.services import ServiceError, audit

ENGINE_SETTINGS = "engine_settings"
MODEL_SETTING = "engine_model"
MODELS = ("default", "learned")
WEIGHT_PREFIX = "weight_"


@dataclass(frozen=True)
class Limit:
    """One number of the form: its name, the engine's default and the allowed range."""

    name: str
    default: float
    low: float
    high: float

    @property
    def component(self) -> str | None:
        """The score component a weight belongs to (None for the other limits)."""
        return self.name[len(WEIGHT_PREFIX):] if self.name.startswith(WEIGHT_PREFIX) else None


_SETTINGS_DEFAULTS = matcher.Settings(today=datetime(2000, 1, 1).date())
#: every number the admin screen shows, in the form's order
LIMITS: dict[str, Limit] = {
    **{WEIGHT_PREFIX + name: Limit(WEIGHT_PREFIX + name, weight, 0.0, 1.0)
       for name, weight in matcher.DEFAULT_WEIGHTS.items()},
    "min_score": Limit("min_score", _SETTINGS_DEFAULTS.min_score, 0.0, 1.0),
    "max_distance_km": Limit("max_distance_km", _SETTINGS_DEFAULTS.max_distance_km, 0.5, 50.0),
    "boost_per_week": Limit("boost_per_week", _SETTINGS_DEFAULTS.boost_per_week, 0.0, 0.1),
    "boost_cap": Limit("boost_cap", _SETTINGS_DEFAULTS.boost_cap, 0.0, 1.0),
    "no_common_slot_factor": Limit("no_common_slot_factor",
                                   _SETTINGS_DEFAULTS.no_common_slot_factor, 0.0, 1.0),
}
#: the Settings fields this screen manages (the others, e.g. solver, are left alone)
_MANAGED = ("weights",) + tuple(name for name in LIMITS if not name.startswith(WEIGHT_PREFIX))


def _stored(session: Session, key: str, default):
    row = session.get(Setting, key)
    return default if row is None or row.value is None else row.value


def _store(session: Session, key: str, value) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def overrides(session: Session) -> dict:
    """The stored `matcher.Settings` overrides (what `build_problem` passes on)."""
    return dict(_stored(session, ENGINE_SETTINGS, {}) or {})


def current_values(session: Session) -> dict[str, float]:
    """Every number of the screen as the engine uses it now (defaults where not changed)."""
    stored = overrides(session)
    weights = dict(stored.get("weights") or {})
    values = {}
    for name, limit in LIMITS.items():
        raw = weights.get(limit.component) if limit.component else stored.get(name)
        values[name] = limit.default if raw is None else float(raw)
    return values


def check(values: dict[str, float]) -> None:
    """Raise ServiceError naming the first value that is missing or out of range."""
    for name, limit in LIMITS.items():
        value = values.get(name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) \
                or not math.isfinite(value) or not limit.low <= value <= limit.high:
            raise ServiceError(name, f"a number from {limit.low:g} to {limit.high:g}")
    if not any(values[name] > 0 for name in LIMITS if LIMITS[name].component):
        raise ServiceError(WEIGHT_PREFIX + next(iter(matcher.DEFAULT_WEIGHTS)),
                           "at least one weight above 0")


def _overrides_for(values: dict[str, float], kept: dict) -> dict:
    result = {key: value for key, value in kept.items() if key not in _MANAGED}
    weights = {limit.component: values[name] for name, limit in LIMITS.items()
               if limit.component and values[name] != limit.default}
    if weights:
        result["weights"] = weights
    result.update({name: values[name] for name, limit in LIMITS.items()
                   if not limit.component and values[name] != limit.default})
    return result


def save(session: Session, now: datetime, coordinator, values: dict[str, float]) -> dict:
    """Store the admin's numbers (only those that differ from the defaults) and audit the
    change with each changed value before and after; returns {name: (before, after)}."""
    check(values)
    before = current_values(session)
    changed = {name: (before[name], values[name]) for name in LIMITS
               if before[name] != values[name]}
    _store(session, ENGINE_SETTINGS, _overrides_for(values, overrides(session)))
    if changed:
        audit.record(session, now, "engine.settings_changed",
                     actor=f"coordinator:{coordinator.id}", coordinator_id=coordinator.id,
                     before={name: old for name, (old, _) in changed.items()},
                     after={name: new for name, (_, new) in changed.items()})
    return changed


def changed_from_defaults(session: Session) -> int:
    """How many weights and limits differ from the engine's defaults (what `reset` undoes)."""
    values = current_values(session)
    return sum(1 for name, limit in LIMITS.items() if values.get(name) != limit.default)


def reset(session: Session, now: datetime, coordinator) -> dict:
    """Back to the engine's default weights and limits (audited like `save`)."""
    return save(session, now, coordinator, {name: limit.default for name, limit in LIMITS.items()})


def model(session: Session) -> str:
    """"default" or "learned": which the weekly run uses."""
    value = _stored(session, MODEL_SETTING, "default")
    return value if value in MODELS else "default"


def set_model(session: Session, now: datetime, coordinator, choice: str) -> bool:
    """Switch between the default weights and the learned model; audited. Returns whether
    anything changed."""
    if choice not in MODELS:
        raise ServiceError("model", f"expected one of {', '.join(MODELS)}")
    before = model(session)
    if before == choice:
        return False
    _store(session, MODEL_SETTING, choice)
    audit.record(session, now, "engine.model_changed", actor=f"coordinator:{coordinator.id}",
                 coordinator_id=coordinator.id, before=before, after=choice)
    return True
