"""Names shown to people for the codes of local life (kinds of places and activities,
audiences), in French with their English translation through Babel."""
from flask_babel import lazy_gettext as _l

from web.models.local_life import CIVIC_KINDS

PLACE_KIND_LABELS = {
    "maison_de_quartier": _l("Maison de quartier"),
    "association": _l("Association"),
    "library": _l("Médiathèque"),
    "sports_club": _l("Club de sport"),
    "town_hall": _l("Service de la mairie"),
    "other": _l("Autre lieu"),
}
ACTIVITY_KIND_LABELS = {
    "cafe_rencontre": _l("Café-rencontre"),
    "workshop": _l("Atelier"),
    "french_class": _l("Cours de français"),
    "intergenerational": _l("Entre générations"),
    "sport": _l("Sport"),
    "culture": _l("Culture"),
    "outing": _l("Sortie"),
    "neighbourhood_council": _l("Conseil de quartier"),
    "participatory_budget": _l("Budget participatif"),
    "consultation": _l("Consultation des habitants"),
}
#: the heading the civic kinds are grouped under in filters
CIVIC_LABEL = _l("Participation citoyenne")
AUDIENCE_LABELS = {
    "everyone": _l("Pour tous"),
    "families": _l("Pour les familles"),
    "seniors": _l("Pour les seniors"),
    "women": _l("Entre femmes"),
}


def kind_filter_options() -> list[tuple[str, object]]:
    """(value, label) of the agenda's kind filter: every kind, the civic ones as one group."""
    options = [(kind, label) for kind, label in ACTIVITY_KIND_LABELS.items()
               if kind not in CIVIC_KINDS]
    return options + [("citoyen", CIVIC_LABEL)]
