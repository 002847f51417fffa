"""People as the engine sees them: one conversion from rows to `matcher` records.

A matching run (`matching.build_problem`) and the history of past proposals
(`outcomes.history`) both use it, so that the engine learns from the same fields it
scores.
"""
import matcher
from web.models import Newcomer, Volunteer


def _person_fields(row) -> dict:
    return dict(id=row.id, neighbourhood=row.neighbourhood_id, languages=tuple(row.languages),
                interests=frozenset(row.interests), about=row.about or "",
                availability=row.availability, birth_year=row.birth_year, gender=row.gender,
                household=row.household, name=row.first_name)


def engine_newcomer(row: Newcomer) -> matcher.Newcomer:
    """A newcomer row as the engine's `Newcomer`."""
    return matcher.Newcomer(**_person_fields(row), waiting_since=row.waiting_since.date(),
                            buddy_gender=row.buddy_gender, practise_french=row.practise_french,
                            intergenerational=row.intergenerational)


def engine_volunteer(row: Volunteer) -> matcher.Volunteer:
    """A volunteer row as the engine's `Volunteer`."""
    return matcher.Volunteer(**_person_fields(row), capacity=row.capacity,
                             active_matches=row.load, newcomer_gender=row.newcomer_gender,
                             max_distance_km=row.max_distance_km)
