"""Generate data/demo_people.json: demo newcomers and volunteers for the sample town.

Run `python data/generate_demo.py` to rewrite the file. The seed is fixed, so the
output is the same on every machine; a test checks the committed file matches.
Dates are stored as "days ago" and turned into dates when the demo is loaded, so
the demo never looks stale.
"""
import json
import random
from pathlib import Path

SEED = 20261125
HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "demo_people.json"

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")

# First names by the person's first language: (female, male).
NAMES = {
    "fr": (["Claire", "Sylvie", "Nathalie", "Camille", "Élodie", "Monique", "Chloé", "Brigitte"],
           ["Jean-Pierre", "Michel", "Bernard", "Julien", "Thomas", "Patrick", "Hugo", "Gérard"]),
    "ar": (["Amina", "Mariam", "Nadia", "Yasmine", "Leila", "Rania"],
           ["Karim", "Youssef", "Samir", "Omar", "Bilal"]),
    "uk": (["Olena", "Irina", "Sofia"], ["Oleksandr", "Dmytro", "Andrii"]),
    "en": (["Grace", "Emily", "Abena"], ["James", "Kofi", "Daniel"]),
    "es": (["Lucía", "Carmen"], ["Diego", "Javier"]),
    "pt": (["Joana", "Ana"], ["João", "Tiago"]),
    "ta": (["Priya"], ["Arjun"]),
    "fa": (["Maryam"], ["Reza"]),
    "ps": (["Zarghuna"], ["Ahmad"]),
    "tr": (["Zeynep"], ["Mehmet"]),
    "wo": (["Fatou", "Awa"], ["Mamadou", "Ibrahima"]),
    "bm": (["Hawa"], ["Moussa"]),
    "zh": (["Mei"], ["Wei"]),
    "ro": (["Ioana"], ["Andrei"]),
    "ti": (["Selam"], ["Yonas"]),
}

# Language mixes seen among newcomers, with weights.
NEWCOMER_LANGUAGES = [
    (["fr"], 14), (["fr", "ar"], 8), (["ar"], 5), (["uk", "ru"], 5), (["uk", "en"], 3),
    (["en"], 4), (["es"], 3), (["es", "fr"], 2), (["pt", "fr"], 3), (["ta", "en"], 2),
    (["fa", "en"], 2), (["ps", "fa"], 1), (["tr"], 2), (["wo", "fr"], 3), (["bm", "fr"], 2),
    (["zh", "en"], 1), (["ro", "fr"], 2), (["ti", "ar"], 1),
]
VOLUNTEER_LANGUAGES = [
    (["fr"], 14), (["fr", "en"], 10), (["fr", "ar"], 5), (["fr", "es"], 3), (["fr", "pt"], 2),
    (["fr", "en", "uk"], 1), (["fr", "ru"], 1), (["fr", "wo"], 2), (["fr", "en", "fa"], 1),
    (["fr", "tr"], 1),
]
INTERESTS = [
    "cuisine", "randonnee", "velo", "course-a-pied", "football", "jardinage", "lecture", "cinema",
    "musique", "danse", "theatre", "arts-plastiques", "couture", "bricolage", "jeux-de-societe",
    "informatique", "photographie", "benevolat", "parentalite", "langues", "histoire-locale",
    "marche", "yoga", "cafe-rencontre",
]
ABOUT_NEWCOMER = [
    "Je viens d'arriver avec mes enfants et je cherche des activités pour le week-end.",
    "J'aime cuisiner des plats de mon pays et découvrir la cuisine française.",
    "Je voudrais améliorer mon français et rencontrer des voisins.",
    "I just moved here for work and would like to discover the town.",
    "Je cherche un club de foot pour mon fils et des sorties en famille.",
    "J'aime marcher, les parcs et les jardins partagés.",
    "Je suis étudiante, j'aime la lecture et le cinéma.",
    "Nous sommes arrivés d'Ukraine, nous aimons la musique et les promenades.",
    "Je suis retraité, j'aime le jardinage et les jeux de société.",
    "Je cherche des conseils pour les démarches et des amis pour courir le matin.",
]
ABOUT_VOLUNTEER = [
    "Habitante du quartier depuis vingt ans, j'adore faire découvrir le marché et les parcs.",
    "Retraité, bénévole à la maison de quartier, passionné de jardinage et d'histoire locale.",
    "Mère de deux enfants, je connais bien les écoles et les activités pour les familles.",
    "J'aime la cuisine du monde, les randonnées et les jeux de société.",
    "Cycliste et photographe amateur, je peux faire visiter la ville à vélo.",
    "Professeure de français à la retraite, j'aime la lecture et le théâtre.",
    "Je joue au foot le dimanche et je connais tous les clubs de sport de Villiers.",
    "Informaticien, je peux aider avec les démarches en ligne ; j'aime le cinéma.",
]
HEARD_FROM = ["mairie", "maison de quartier", "ami ou voisin", "réseaux sociaux", "association",
              "école", None]


def _weighted(rng, options):
    values, weights = zip(*options, strict=True)
    return list(rng.choices(values, weights=weights)[0])


def _availability(rng):
    """A realistic week: a few slots, often evenings or week-ends."""
    slots = set()
    for _ in range(rng.randint(2, 7)):
        day = rng.choices(DAYS, weights=[2, 2, 3, 2, 2, 5, 4])[0]
        part = rng.choices(PARTS, weights=[3, 4, 4])[0]
        slots.add(f"{day}-{part}")
    return sorted(slots, key=lambda s: (DAYS.index(s.split("-")[0]), PARTS.index(s.split("-")[1])))


def _person(rng, index, kind, neighbourhoods, languages):
    gender = rng.choices(["female", "male", None], weights=[55, 42, 3])[0]
    # A volunteer's first language is French; a newcomer's name follows their other language.
    origin = (next((code for code in languages if code != "fr"), "fr") if kind == "newcomer"
              else "fr")
    female, male = NAMES[origin]
    first_name = rng.choice(female if gender == "female" else male if gender == "male"
                            else female + male)
    slug = first_name.lower().replace(" ", "").replace("-", "")
    slug = slug.encode("ascii", "ignore").decode() or "personne"
    person = {
        "first_name": first_name,
        "email": f"{slug}.{kind[0]}{index}@example.org" if rng.random() < 0.9 else None,
        "phone": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                 f"{rng.randint(10, 99)}" if rng.random() < 0.5 else None,
        "neighbourhood": rng.choice(neighbourhoods),
        "interests": sorted(rng.sample(INTERESTS, rng.randint(2, 5))),
        "availability": _availability(rng),
        "birth_year": rng.randint(1950, 2005) if rng.random() < 0.8 else None,
        "gender": gender,
        "household": rng.choice(["alone", "couple", "children", None]),
        "locale": "fr",
        "languages": languages,
    }
    if person["email"] is None and person["phone"] is None:
        person["email"] = f"{slug}.{kind[0]}{index}@example.org"
    return person


def generate(neighbourhoods, newcomers=60, volunteers=40, seed=SEED):
    """Return the demo people as a JSON-ready dict."""
    rng = random.Random(seed)
    people: dict[str, list[dict]] = {"newcomers": [], "volunteers": []}
    for i in range(1, newcomers + 1):
        person = _person(rng, i, "newcomer", neighbourhoods, _weighted(rng, NEWCOMER_LANGUAGES))
        if "fr" not in person["languages"]:
            person["locale"] = "en" if "en" in person["languages"] else "fr"
        person["about"] = rng.choice(ABOUT_NEWCOMER)
        person["practise_french"] = "fr" not in person["languages"] or rng.random() < 0.3
        person["buddy_gender"] = rng.choices([None, "female", "male"], weights=[80, 15, 5])[0]
        person["arrival_days_ago"] = rng.randint(3, 120)
        person["waiting_days_ago"] = rng.randint(0, 45)
        person["heard_from"] = rng.choice(HEARD_FROM)
        if rng.random() < 0.05:
            person["neighbourhood"] = None
            person["address_hint"] = "rue de la République"
        people["newcomers"].append(person)
    for i in range(1, volunteers + 1):
        person = _person(rng, i, "volunteer", neighbourhoods, _weighted(rng, VOLUNTEER_LANGUAGES))
        person["about"] = rng.choice(ABOUT_VOLUNTEER)
        person["capacity"] = rng.choices([1, 2, 3], weights=[5, 3, 2])[0]
        person["max_distance_km"] = rng.choice([None, 2.0, 3.0, 5.0])
        person["newcomer_gender"] = rng.choices([None, "female", "male"], weights=[85, 12, 3])[0]
        person["motivation"] = "J'ai moi-même déménagé plusieurs fois et je sais ce que c'est."
        person["vetting_status"] = rng.choices(["approved", "pending", "refused"],
                                               weights=[80, 17, 3])[0]
        people["volunteers"].append(person)
    _give_initials(people, random.Random(seed + 1))
    return people


#: last-name initials common in France (no rare letters: the demo should look ordinary)
INITIALS = "ABCDFGLMNPRST"


def _give_initials(people, rng):
    """Most people get the initial of a last name; people sharing a first name get different
    letters, so coordinators can tell the five Patricks apart. Its own random generator: the
    rest of the file does not change."""
    everyone = people["newcomers"] + people["volunteers"]
    for name in sorted({person["first_name"] for person in everyone}):
        namesakes = [person for person in everyone if person["first_name"] == name]
        for person, letter in zip(namesakes, rng.sample(INITIALS, len(namesakes)), strict=True):
            person["last_initial"] = letter if len(namesakes) > 1 or rng.random() < 0.7 else None


def render(people) -> str:
    """The file's exact text."""
    return json.dumps(people, ensure_ascii=False, indent=1) + "\n"


def main():
    town = json.loads((HERE / "towns" / "villiers.json").read_text(encoding="utf-8"))
    slugs = [n["slug"] for n in town["neighbourhoods"]]
    OUTPUT.write_text(render(generate(slugs)), encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
