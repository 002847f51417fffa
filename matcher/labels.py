"""Human names for languages and interest tags, and the reason sentences.

The engine reads no file: it ships a built-in table of the languages most
often spoken by newcomers to France, and callers may pass overrides as
``labels={"languages": {code: name}, "interests": {tag: name}}`` (names in
the output language).  Unknown codes and tags are shown as themselves.

The web app and ``bienvenue match-file`` always pass language names from the Unicode
CLDR (web/services/language_names.py), so the built-in table below is only a fallback
for callers that pass none.  Reason sentences exist in French and English; any other
``lang`` (the app's ar, uk, fa, ps, tr, es) reads them in English.
"""
from __future__ import annotations

from typing import Mapping

LANGS = ("fr", "en")

# ISO 639-1 (and 639-2/3 where there is no 639-1 code, e.g. kab) -> (fr, en)
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "fr": ("français", "French"), "en": ("anglais", "English"), "ar": ("arabe", "Arabic"),
    "es": ("espagnol", "Spanish"), "pt": ("portugais", "Portuguese"),
    "it": ("italien", "Italian"), "de": ("allemand", "German"),
    "uk": ("ukrainien", "Ukrainian"), "ru": ("russe", "Russian"), "pl": ("polonais", "Polish"),
    "ro": ("roumain", "Romanian"), "tr": ("turc", "Turkish"), "fa": ("persan", "Persian"),
    "ps": ("pachto", "Pashto"), "ta": ("tamoul", "Tamil"), "zh": ("chinois", "Chinese"),
    "vi": ("vietnamien", "Vietnamese"), "bn": ("bengali", "Bengali"), "ur": ("ourdou", "Urdu"),
    "hi": ("hindi", "Hindi"), "wo": ("wolof", "Wolof"), "bm": ("bambara", "Bambara"),
    "ln": ("lingala", "Lingala"), "sw": ("swahili", "Swahili"), "am": ("amharique", "Amharic"),
    "ti": ("tigrigna", "Tigrinya"), "so": ("somali", "Somali"), "ku": ("kurde", "Kurdish"),
    "hy": ("arménien", "Armenian"), "ka": ("géorgien", "Georgian"),
    "sq": ("albanais", "Albanian"), "sr": ("serbe", "Serbian"), "hr": ("croate", "Croatian"),
    "bs": ("bosnien", "Bosnian"), "el": ("grec", "Greek"), "nl": ("néerlandais", "Dutch"),
    "ja": ("japonais", "Japanese"), "ko": ("coréen", "Korean"), "th": ("thaï", "Thai"),
    "tl": ("tagalog", "Tagalog"), "kab": ("kabyle", "Kabyle"), "ber": ("berbère", "Berber"),
    "ff": ("peul", "Fula"), "mg": ("malgache", "Malagasy"),
    "ht": ("créole haïtien", "Haitian Creole"),
    "he": ("hébreu", "Hebrew"), "bg": ("bulgare", "Bulgarian"), "hu": ("hongrois", "Hungarian"),
    "cs": ("tchèque", "Czech"), "ne": ("népalais", "Nepali"), "pa": ("pendjabi", "Punjabi"),
    "si": ("cingalais", "Sinhala"), "km": ("khmer", "Khmer"), "lo": ("lao", "Lao"),
    "mn": ("mongol", "Mongolian"), "uz": ("ouzbek", "Uzbek"), "ce": ("tchétchène", "Chechen"),
    "dar": ("dari", "Dari"), "sgn": ("langue des signes", "sign language"),
}

# A few common tags so reasons read well without the web app's table.
INTEREST_NAMES: dict[str, tuple[str, str]] = {
    "cuisine": ("cuisine", "cooking"), "randonnee": ("randonnée", "hiking"),
    "velo": ("vélo", "cycling"), "course-a-pied": ("course à pied", "running"),
    "football": ("football", "football"), "jardinage": ("jardinage", "gardening"),
    "lecture": ("lecture", "reading"), "cinema": ("cinéma", "cinema"),
    "musique": ("musique", "music"), "danse": ("danse", "dance"),
    "theatre": ("théâtre", "theatre"), "jeux-de-societe": ("jeux de société", "board games"),
    "photographie": ("photographie", "photography"), "echecs": ("échecs", "chess"),
    "peinture": ("peinture", "painting"), "couture": ("couture", "sewing"),
    "informatique": ("informatique", "computing"), "benevolat": ("bénévolat", "volunteering"),
    "natation": ("natation", "swimming"), "yoga": ("yoga", "yoga"),
    "basket": ("basket", "basketball"), "langues": ("langues", "languages"),
    "histoire": ("histoire", "history"), "nature": ("nature", "nature"),
    "musees": ("musées", "museums"), "bricolage": ("bricolage", "DIY"),
}

GENDER_NAMES = {
    "f": ("une femme", "a woman"), "m": ("un homme", "a man"),
    "x": ("une personne non binaire", "a non-binary person"),
}


class Labels:
    """Label lookup for one output language, with caller overrides."""

    def __init__(self, lang: str = "fr", overrides: Mapping | None = None):
        self.lang = lang if lang in LANGS else "en"
        self._i = LANGS.index(self.lang)
        overrides = overrides or {}
        self._languages = dict(overrides.get("languages") or {})
        self._interests = dict(overrides.get("interests") or {})

    def language(self, code: str) -> str:
        if code in self._languages:
            return self._languages[code]
        if code in LANGUAGE_NAMES:
            return LANGUAGE_NAMES[code][self._i]
        return code

    def interest(self, tag: str) -> str:
        if tag in self._interests:
            name = self._interests[tag]
        elif tag in INTEREST_NAMES:
            name = INTEREST_NAMES[tag][self._i]
        else:
            return tag
        # Inside a sentence the tag reads better in lower case ("cuisine"),
        # unless it looks like an acronym ("DIY").
        if name[:1].isupper() and name[1:2].islower():
            name = name[0].lower() + name[1:]
        return name

    def gender(self, code: str) -> str:
        pair = GENDER_NAMES.get(str(code).lower())
        return pair[self._i] if pair else str(code)

    def t(self, key: str, **kw) -> str:
        """The sentence ``key`` in the output language, formatted with ``kw``."""
        return MESSAGES[key][self._i].format(**kw)

    def join(self, items: list[str], conj: str = "and") -> str:
        """Natural-language list: "a, b et c" / "a, b and c"."""
        word = MESSAGES["conj_" + conj][self._i]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {word} " + items[-1]

    def km(self, value: float) -> str:
        text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
        if text.endswith(".0"):
            text = text[:-2]
        return text.replace(".", ",") if self.lang == "fr" else text

    def distance(self, value: float) -> str:
        """A distance as people say it: "800 m" under a kilometre (100 m at least), else
        "1,5 km"; 0.97 km is "1 km", never "1000 m"."""
        metres = max(100, int(round(value * 10)) * 100)
        return f"{metres} m" if metres < 1000 else f"{self.km(value)} km"


# key -> (French, English).  French typography: a space before ':'.
MESSAGES: dict[str, tuple[str, str]] = {
    "conj_and": ("et", "and"),
    "conj_or": ("ni", "or"),
    "same_nbhd": ("Même quartier : {name}", "Same neighbourhood: {name}"),
    "near_nbhd": ("Quartiers proches : {a} et {b} ({km} km)",
                  "Nearby neighbourhoods: {a} and {b} ({km} km)"),
    "common_interests": ("Intérêts communs : {items}", "Shared interests: {items}"),
    "similar_about": ("Présentations qui se ressemblent", "Similar self-descriptions"),
    "both_available": ("Disponibles tous les deux le {slots}", "Both available on {slots}"),
    "both_available_more": ("Disponibles tous les deux le {slots} et {n} autres créneaux",
                            "Both available on {slots} and {n} other slots"),
    "no_common_slot": ("Aucun créneau commun pour l'instant", "No common time slot yet"),
    "common_language": ("Langue commune : {name}", "Common language: {name}"),
    "practise_french": ("Parle français : idéal pour pratiquer",
                        "Speaks French: good for practising"),
    "intergenerational": ("Rencontre intergénérationnelle souhaitée",
                          "Intergenerational pairing wished for"),
    "close_age": ("Âges proches", "Close in age"),
    "same_household": ("Situations de vie semblables", "Similar life situations"),
    # unmatched newcomers
    "u_no_volunteer_near": ("aucun bénévole à moins de {km} km",
                            "no volunteer within {km} km"),
    "u_no_language": ("personne ne parle {langs} à moins de {km} km",
                      "nobody within {km} km speaks {langs}"),
    "u_gender": ("aucun bénévole proche ne correspond au souhait (binôme : {gender})",
                 "no nearby volunteer fits the wish (buddy: {gender})"),
    "u_gender_other": ("les bénévoles proches ont demandé un autre profil de nouvel arrivant",
                       "the nearby volunteers asked for another kind of newcomer"),
    "u_full": ("tous les bénévoles proches sont complets",
               "all nearby volunteers are fully booked"),
    "u_excluded": ("tous les bénévoles compatibles ont déjà été proposés "
                   "(refus, expiration ou fin)",
                   "every compatible volunteer was already proposed (declined, expired or ended)"),
    "u_min_score": ("aucun bénévole proche n'atteint le score minimal ({min})",
                    "no nearby volunteer reaches the minimum score ({min})"),
    "u_taken": ("les {n} bénévoles compatibles sont pris par d'autres nouveaux arrivants",
                "the {n} compatible volunteers went to other newcomers"),
    "u_taken_one": ("le seul bénévole compatible est pris par un autre nouvel arrivant",
                    "the only compatible volunteer went to another newcomer"),
}

MESSAGES.update({
    "v_distance": ("distance {km} km au-delà de la limite de {max} km",
                   "distance {km} km beyond the {max} km limit"),
    "v_language": ("aucune langue commune", "no common language"),
    "v_gender": ("souhait de genre non respecté", "gender wish not met"),
    "v_capacity": ("bénévole complet", "volunteer fully booked"),
    "v_excluded": ("paire déjà proposée (refus, expiration ou fin)",
                   "pair already proposed (declined, expired or ended)"),
    "v_min_score": ("score {score} sous le minimum {min}", "score {score} below the minimum {min}"),
})

# activity suggestions (matcher.activities)
MESSAGES.update({
    "a_same_nbhd": ("Dans votre quartier", "In your neighbourhood"),
    "a_near": ("À {distance} de chez vous", "{distance} from your home"),
    "a_interests": ("Vous aimez : {items}", "You like: {items}"),
    "a_free": ("Pendant vos disponibilités : {slot}", "When you are free: {slot}"),
    "a_language": ("On y parle {name}", "{name} is spoken there"),
    "a_for_families": ("Pour les familles", "For families"),
    "a_for_seniors": ("Pour les seniors", "For seniors"),
    "a_for_women": ("Entre femmes", "For women"),
    "a_open": ("Ouvert à tous", "Open to everyone"),
    "p_nbhd": ("Dans votre quartier", "In your neighbourhood"),
    "p_interests": ("Vous aimez tous les deux : {items}", "You both like: {items}"),
    "p_free": ("Libres tous les deux : {slot}", "You are both free: {slot}"),
})
