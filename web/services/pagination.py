"""One page of a list computed in SQL: the one pagination helper of the app."""
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import Session

#: rows a page shows unless a list says otherwise
PER_PAGE = 25
#: no list has this many pages; a bigger number typed in a URL would overflow SQL's OFFSET
MAX_PAGE = 10**6


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
    # One statement: the rows and, beside each, the count of the whole list (a window
    # function, computed after any GROUP BY). Only a page past the end counts apart.
    counted = query.add_columns(func.count().over())
    page = min(max(1, page), MAX_PAGE)
    rows = session.execute(counted.limit(per_page).offset((page - 1) * per_page)).all()
    if rows:
        total = rows[0][-1]
    else:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        if total and page > ceil(total / per_page):
            page = ceil(total / per_page)
            rows = session.execute(counted.limit(per_page).offset((page - 1) * per_page)).all()
    pages = max(1, ceil(total / per_page))
    page = min(page, pages)
    return Page([row[0] if len(row) == 2 else tuple(row[:-1]) for row in rows], total, page,
                pages)
