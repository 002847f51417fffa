"""Claim rows: insert unless the row already exists, in the caller's transaction.

The jobs mark what they did (a week matched, a reminder sent, a check-in written) with a
row under a unique key. `INSERT ... ON CONFLICT DO NOTHING` makes the mark and tells
whether this run is the one that made it: on PostgreSQL a concurrent run waits for the
first to commit and then finds the row. (A savepoint would not do on SQLite: the driver
commits a savepoint opened outside a transaction when it is released.)
"""
from collections.abc import Callable

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

#: the dialects' own INSERT, the ones that know ON CONFLICT
_INSERT: dict[str, Callable[[Table], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert, "sqlite": sqlite.insert}


def claim(session: Session, model, **values) -> bool:
    """Insert the row; False when a row with the same unique key already exists."""
    insert = _INSERT[session.get_bind().dialect.name]
    table = model.__table__
    # RETURNING says whether a row was written (rowcount is -1 with some drivers).
    inserted = session.execute(insert(table).values(**values).on_conflict_do_nothing()
                               .returning(*table.primary_key.columns)).first()
    return inserted is not None
