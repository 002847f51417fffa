"""Import the activities associations already publish: iCalendar, OpenAgenda JSON, CSV.

Each parser is pure (bytes in, checked rows and row-level errors out): `reader.read_file`
picks it and matches locations to known places (`places`); `saving` writes a file without
errors in the caller's one transaction, updating by (source, source_uid) instead of
duplicating.

    checked = reader.read_file(raw, "ical", town_zone, places.load_places(session))
    if not checked.errors:
        counts = saving.save(session, now, checked, actor="cli")
"""
