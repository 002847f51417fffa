"""Declarative base with a naming convention so Alembic names constraints predictably."""
from datetime import UTC

from sqlalchemy import DateTime, MetaData, Table
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """The table a model is mapped to (SQLAlchemy types `__table__` as any FROM clause)."""
    table = model.__table__
    assert isinstance(table, Table)  # every model here maps one table
    return table


class UtcDateTime(TypeDecorator):
    """A moment in time, always given back as an aware UTC datetime.

    PostgreSQL keeps the time zone; SQLite has none, so the value is stored as naive UTC
    and made aware again on the way back. A naive value given to it is taken as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else \
            value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else \
            value.astimezone(UTC)


def sql_in(column: str, values) -> str:
    """SQL text for a CHECK constraint "column IN (...)"."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
