"""Keep the database's neighbourhoods in step with the town file."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Neighbourhood, Setting
from web.services.reference import Town


def sync_town(session: Session, town: Town) -> dict:
    """Insert new neighbourhoods and update names and coordinates of known ones (by slug).

    Neighbourhoods that left the file are kept, since people may still live there.
    Returns counts {"added": n, "updated": n}.
    """
    existing = {n.slug: n for n in session.scalars(select(Neighbourhood))}
    added = updated = 0
    for info in town.neighbourhoods:
        row = existing.get(info.slug)
        if row is None:
            session.add(Neighbourhood(slug=info.slug, name=info.name, lat=info.lat, lon=info.lon))
            added += 1
        elif (row.name, row.lat, row.lon) != (info.name, info.lat, info.lon):
            row.name, row.lat, row.lon = info.name, info.lat, info.lon
            updated += 1
    setting = session.get(Setting, "town_name")
    if setting is None:
        session.add(Setting(key="town_name", value=town.name))
    else:
        setting.value = town.name
    session.flush()
    return {"added": added, "updated": updated}
