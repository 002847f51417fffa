"""A small programme for suggestion tests: the Nangues café and a few others around town.

Weekly rules started in September 2026, so each has occurrences in the coming weeks
whatever the day the tests run.
"""
from datetime import datetime

from factories import load_villiers
from sqlalchemy import select

from web.models import Activity, Neighbourhood, Place

PLACES = [
    ("maison-de-quartier-des-nangues", "Maison de quartier des Nangues", "les-nangues",
     "12 rue des Nangues, 94350 Villiers", 48.8341, 2.557),
    ("espace-des-perroquets", "Espace des Perroquets", "les-perroquets",
     "3 allée des Perroquets, 94350 Villiers", 48.8175, 2.5455),
    ("fc-villiers", "FC Villiers", "les-stades", "Stade municipal, 94350 Villiers", None, None),
]
ACTIVITIES = [
    # title, place, interests, languages, audience, first start, rule
    ("Café-rencontre des Nangues", "maison-de-quartier-des-nangues", ["cafe-rencontre", "langues"],
     ["fr", "ar"], "everyone", datetime(2026, 9, 1, 14, 0), "FREQ=WEEKLY;BYDAY=TU"),
    ("Atelier couture", "espace-des-perroquets", ["couture"], ["fr"], "everyone",
     datetime(2026, 9, 2, 14, 0), "FREQ=WEEKLY;BYDAY=WE"),
    ("Yoga entre femmes", "espace-des-perroquets", ["yoga"], ["fr", "ar"], "women",
     datetime(2026, 9, 3, 18, 30), "FREQ=WEEKLY;BYDAY=TH"),
    ("Football loisir", "fc-villiers", ["football"], ["fr", "en"], "everyone",
     datetime(2026, 9, 2, 18, 30), "FREQ=WEEKLY;BYDAY=WE"),
    ("Jardin partagé", "espace-des-perroquets", ["jardinage"], ["fr"], "everyone",
     datetime(2026, 9, 5, 10, 0), "FREQ=WEEKLY;BYDAY=SA"),
]


def small_programme(session) -> dict:
    """Load the town and the programme above; returns {title: Activity}."""
    load_villiers(session)
    hoods = {n.slug: n for n in session.scalars(select(Neighbourhood))}
    places = {}
    for slug, name, hood, address, lat, lon in PLACES:
        place = Place(slug=slug, name=name, kind="maison_de_quartier",
                      neighbourhood_id=hoods[hood].id, address=address, lat=lat, lon=lon,
                      languages=["fr"])
        session.add(place)
        places[slug] = place
    session.flush()
    activities = {}
    for title, place_slug, interests, languages, audience, start, rule in ACTIVITIES:
        activity = Activity(title=title, kind="cafe_rencontre", place_id=places[place_slug].id,
                            interests=interests, languages=languages, audience=audience,
                            price_cents=0, starts_at=start, duration_minutes=120, rrule=rule,
                            timezone="Europe/Paris", source="coordinator")
        session.add(activity)
        activities[title] = activity
    session.flush()
    return activities
