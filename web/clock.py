"""The one clock of the application: views, commands and jobs read the time here.

Services never read it: they take `now` as an argument, so the time of a whole request or
job is read once, at its boundary. Tests that freeze or move time patch `web.clock.utcnow`
and nothing else, so callers look it up on the module at call time (`clock.utcnow()`).
"""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current moment, as an aware UTC datetime."""
    return datetime.now(UTC)
