"""One page of a list computed in SQL: the one pagination helper of the app."""
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import Session

#: rows a page shows unless a list says otherwise
PER_PAGE = 25


@dataclass
class Page:
    """One page of a list: `items`, the total count, the page number and how many pages."""

    items: list
    total: int
    page: int
    pages: int


def paginate(session: Session, query, page: int, per_page: int = PER_PAGE) -> Page:
    """Run `query` (a select) for page `page`, counting its rows in SQL too.

    A page number out of range shows the nearest page. Rows of one column give their
    value; rows of several columns give tuples.
    """
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([row[0] if len(row) == 1 else tuple(row) for row in rows], total, page, pages)
