"""Writing thousands of rows in one go, in the caller's transaction.

A matching run or the weekly e-mail writes tens of thousands of rows. On PostgreSQL they
travel with COPY (one stream, no SQL text to build or parse per row); SQLite, in the same
process, takes one prepared INSERT run for every row. Rows are dicts of column values,
the same keys in every row; JSON columns take dicts and lists.
"""
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Table, TypeDecorator, insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

#: rows per statement on SQLite (far below its parameter limit per statement)
CHUNK = 2000


def insert_rows(session: Session, table: Table, rows: list[dict]) -> int:
    """INSERT every row into `table`; returns how many."""
    if not rows:
        return 0
    if _postgresql(session):
        _copy(session, table.name, table, list(rows[0]), rows)
    else:
        connection = session.connection()
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[start:start + CHUNK])
    return len(rows)


def insert_new_rows(session: Session, table: Table, rows: list[dict],
                    returning: tuple[str, ...]) -> list[tuple]:
    """INSERT … ON CONFLICT DO NOTHING for every row: a row that would break a unique index
    is left out, not an error. Returns the `returning` columns of the rows inserted."""
    if not rows:
        return []
    columns = list(rows[0])
    if not _postgresql(session):
        statement = (sqlite.insert(table).on_conflict_do_nothing()
                     .returning(*(table.c[name] for name in returning)))
        connection, inserted = session.connection(), []
        for start in range(0, len(rows), CHUNK):
            inserted += [tuple(row) for row in connection.execute(statement,
                                                                  rows[start:start + CHUNK])]
        return inserted
    # COPY into a scratch table shaped like `table` (no constraints), then one INSERT …
    # SELECT that the unique indexes can refuse row by row.
    # (An error aborts the transaction, and the rollback removes the scratch table.)
    staging = f"bulk_{table.name}"
    names = ", ".join(columns)
    cursor = _cursor(session)
    cursor.execute(f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
                   f"SELECT {names} FROM {table.name} WITH NO DATA")
    _copy(session, staging, table, columns, rows)
    cursor.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging} "
                   f"ON CONFLICT DO NOTHING RETURNING {', '.join(returning)}")
    inserted = [tuple(row) for row in cursor.fetchall()]
    cursor.execute(f"DROP TABLE {staging}")
    return inserted


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _cursor(session: Session):
    """A psycopg cursor on the session's connection, inside its transaction."""
    driver_connection = session.connection().connection.dbapi_connection
    # None only once the pool has closed it; a connection in use always has one.
    assert driver_connection is not None
    return driver_connection.cursor()


def _copy(session: Session, target: str, table: Table, columns: list[str],
          rows: list[dict]) -> None:
    from psycopg.types.json import Json

    # Values go through each column's SQLAlchemy type first (a UTC timestamp stays one),
    # JSON columns as psycopg's Json.
    processors: list[Callable[[Any], Any] | None] = []
    dialect = session.get_bind().dialect
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, JSON):
            processors.append(Json)
        elif isinstance(column_type, TypeDecorator):
            processors.append(column_type.bind_processor(dialect))
        else:
            processors.append(None)
    with _cursor(session).copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([value if process is None or value is None else process(value)
                            for process, value in zip(processors, (row[c] for c in columns),
                                                      strict=True)])
