"""Activities from a spreadsheet saved as CSV, with French headings.

Same reading rules as the people import: `;` or `,`, UTF-8 (with or without BOM) or
Windows-1252, headings in any case and with or without accents. One line is one activity,
identified by its `id` (source "csv"). Times are wall-clock times of the town's zone; an
empty `heure_debut` makes an all-day event. `recurrence`: empty or "aucune", "hebdomadaire"
(on the `jours` given, else the weekday of `date`), "toutes les deux semaines",
"mensuelle", or an RFC 5545 rule (FREQ=...); `jusqu_au` ends it; `dates_annulees` cancels
some of its dates.
"""
import csv
import io
import re
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from web.services import csv_safe, reference
from web.services.activity_import.common import (
    DEFAULT_MINUTES,
    KIND_NAMES,
    MAX_EVENTS,
    Change,
    Checked,
    ImportedActivity,
    RowError,
    clip,
    date_range_message,
    guess_interests,
    guess_kind,
    normalise,
    rule_problem,
    web_link,
    year_ok,
)
from web.services.csv_import import decode, detect_separator

#: the headings, in the order of the downloadable template
COLUMNS = ("id", "titre", "description", "type", "lieu", "adresse", "quartier", "date",
           "heure_debut", "heure_fin", "recurrence", "jours", "jusqu_au", "dates_annulees",
           "centres_interet", "langues", "public", "prix", "capacite", "lien", "annule")
REQUIRED = ("id", "titre", "date")
EXAMPLE = {
    "id": "cafe-nangues", "titre": "Café-rencontre des Nangues",
    "description": "Un café, des voisins, on parle doucement.", "type": "café-rencontre",
    "lieu": "Maison de quartier des Nangues", "adresse": "12 rue des Nangues",
    "quartier": "Les Nangues", "date": "2026-12-01", "heure_debut": "14:00",
    "heure_fin": "16:00", "recurrence": "hebdomadaire", "jours": "mardi", "jusqu_au": "",
    "dates_annulees": "2026-12-29", "centres_interet": "cafe-rencontre|langues",
    "langues": "français, arabe", "public": "tout public", "prix": "gratuit", "capacite": "",
    "lien": "https://villiers.example/cafe", "annule": "non",
}
ALIASES = {"titre": "titre", "intitule": "titre", "nom": "titre", "debut": "heure_debut",
           "heure": "heure_debut", "fin": "heure_fin", "adresse": "adresse", "url": "lien",
           "site": "lien", "interets": "centres_interet", "tarif": "prix",
           "categorie": "type", "annulee": "annule", "recurrente": "recurrence"}
DAYS = {"lundi": "MO", "lun": "MO", "mardi": "TU", "mar": "TU", "mercredi": "WE", "mer": "WE",
        "jeudi": "TH", "jeu": "TH", "vendredi": "FR", "ven": "FR", "samedi": "SA", "sam": "SA",
        "dimanche": "SU", "dim": "SU"}
RECURRENCES = {"": None, "aucune": None, "non": None, "ponctuelle": None,
               "hebdomadaire": "FREQ=WEEKLY", "chaque semaine": "FREQ=WEEKLY",
               "toutes les semaines": "FREQ=WEEKLY",
               "toutes les deux semaines": "FREQ=WEEKLY;INTERVAL=2",
               "quinzaine": "FREQ=WEEKLY;INTERVAL=2",
               "mensuelle": "FREQ=MONTHLY", "chaque mois": "FREQ=MONTHLY"}
AUDIENCES = {"": "everyone", "tout public": "everyone", "tous": "everyone",
             "everyone": "everyone", "familles": "families", "famille": "families",
             "families": "families", "seniors": "seniors", "aines": "seniors",
             "femmes": "women", "women": "women"}
YES_NO = {"": False, "non": False, "n": False, "no": False, "0": False, "faux": False,
          "oui": True, "o": True, "yes": True, "1": True, "x": True, "vrai": True}


def heading(text: str) -> str:
    """The column a heading names ("Heure de début" is heure_debut)."""
    letters = normalise(text).replace(" ", "")
    for name in COLUMNS:
        if letters == name.replace("_", ""):
            return name
    for prefix, name in (("heurededebut", "heure_debut"), ("heuredefin", "heure_fin"),
                         ("centresdinteret", "centres_interet")):
        if letters == prefix:
            return name
    return ALIASES.get(letters, letters)


def template_csv() -> bytes:
    """A file to fill in: the headings and one example line (UTF-8 with BOM, `;`)."""
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE[name] for name in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _labels(items) -> dict:
    return {normalise(name): item.code for item in items
            for name in (item.code, item.fr, item.en)}


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,|;/]", value) if part.strip()]


def _date(value: str):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            found = datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
        return found if year_ok(found) else None
    return None


def _time(value: str) -> time | None:
    found = re.fullmatch(r"(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?", value.strip().lower())
    if not found or int(found.group(1)) > 23:
        return None
    minutes = int(found.group(2) or 0)
    return time(int(found.group(1)), minutes) if minutes < 60 else None


def _price(value: str) -> tuple[int | None, bool]:
    said = normalise(value)
    if said in ("", "inconnu"):
        return None, True
    if said in ("gratuit", "gratuite", "libre", "0"):
        return 0, True
    found = re.fullmatch(r"(\d{1,4})(?:[.,](\d{1,2}))?\s*(?:€|eur|euros?)?",
                         value.strip().lower())
    if not found:
        return None, False
    return int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0")), True


def _codes(value: str, known: dict, column: str, problems: list) -> list[str]:
    codes = []
    for token in _split(value):
        code = known.get(normalise(token))
        if code is None:
            problems.append((column, _l("« %(value)s » : inconnu ici", value=token)))
        elif code not in codes:
            codes.append(code)
    return codes


def _rule(cells: dict, start: datetime, problems: list) -> str | None:
    said = cells.get("recurrence", "")
    if said.upper().startswith(("FREQ=", "RRULE:")):
        rule = said.upper().removeprefix("RRULE:")
    elif normalise(said) in RECURRENCES:
        rule = RECURRENCES[normalise(said)]
    else:
        problems.append(("recurrence", _l("aucune, hebdomadaire, toutes les deux semaines, "
                                          "mensuelle ou une règle comme FREQ=WEEKLY;BYDAY=TU")))
        return None
    if rule is None:
        return None
    if rule.startswith("FREQ=WEEKLY") and "BYDAY" not in rule:
        days = []
        for token in _split(cells.get("jours", "")):
            day = DAYS.get(normalise(token))
            if day is None:
                problems.append(("jours", _l("des jours comme mardi, jeudi")))
                return None
            days.append(day)
        if days:
            rule += ";BYDAY=" + ",".join(dict.fromkeys(days))
    until = cells.get("jusqu_au", "")
    if until:
        end = _date(until)
        if end is None:
            problems.append(("jusqu_au", _l("une date comme 2026-12-31 ou 31/12/2026")))
            return None
        if "UNTIL" not in rule and "COUNT" not in rule:
            rule += f";UNTIL={end:%Y%m%d}T235959"
    problem = rule_problem(rule, start)
    if problem is not None:
        problems.append(("recurrence", problem))
        return None
    return rule


def _row(cells: dict, town_zone: str, lookups: dict) -> tuple[ImportedActivity | None, list]:
    """The activity of one line, or None and the (column, expected) problems found."""
    problems: list = []
    for name in REQUIRED:
        if not cells.get(name):
            problems.append((name, _l("valeur obligatoire")))
    if len(cells.get("id", "")) > 255:
        problems.append(("id", _l("255 caractères au plus")))
    day = _date(cells.get("date", "")) if cells.get("date") else None
    if cells.get("date") and day is None:
        problems.append(("date", _l("une date comme 2026-12-01 ou 01/12/2026 (%(range)s)",
                                    range=date_range_message())))
    begins = _time(cells["heure_debut"]) if cells.get("heure_debut") else None
    if cells.get("heure_debut") and begins is None:
        problems.append(("heure_debut", _l("une heure comme 14:00 ou 14h30")))
    ends = _time(cells["heure_fin"]) if cells.get("heure_fin") else None
    if cells.get("heure_fin") and ends is None:
        problems.append(("heure_fin", _l("une heure comme 16:00 ou 16h30")))
    if begins and ends and ends <= begins:
        problems.append(("heure_fin", _l("après heure_debut")))
    said_kind = normalise(cells.get("type", ""))
    kind = KIND_NAMES.get(said_kind) or (said_kind.replace(" ", "_") if said_kind.replace(
        " ", "_") in KIND_NAMES.values() else None)
    if said_kind and kind is None:
        problems.append(("type", _l("café-rencontre, atelier, cours de français, "
                                    "intergénérationnel, sport, culture, sortie, conseil de "
                                    "quartier, budget participatif ou concertation")))
    audience = AUDIENCES.get(normalise(cells.get("public", "")))
    if audience is None:
        problems.append(("public", _l("tout public, familles, seniors ou femmes")))
    price, price_ok = _price(cells.get("prix", ""))
    if not price_ok:
        problems.append(("prix", _l("gratuit ou un montant comme 5 ou 3,50 €")))
    capacity = cells.get("capacite", "")
    if capacity and not (capacity.isdigit() and 0 < int(capacity) <= 100000):
        problems.append(("capacite", _l("un nombre de places comme 20, ou vide")))
    link = cells.get("lien", "")
    if link and not web_link(link):
        problems.append(("lien", _l("une adresse web comme https://exemple.fr")))
    cancelled = YES_NO.get(normalise(cells.get("annule", "")))
    if cancelled is None:
        problems.append(("annule", _l("oui ou non")))
    interests = _codes(cells.get("centres_interet", ""), lookups["interests"],
                       "centres_interet", problems)
    languages = _codes(cells.get("langues", ""), lookups["languages"], "langues", problems)
    if day is None:
        return None, problems
    starts_at = datetime.combine(day.date(), begins or time())
    rule = _rule(cells, starts_at, problems)
    changes = []
    for token in re.split(r"[\s,;|]+", cells.get("dates_annulees", "").strip()):
        if not token:
            continue
        off = _date(token)
        if off is None:
            problems.append(("dates_annulees", _l("des dates comme 2026-12-29, séparées par "
                                                  "des virgules")))
            break
        changes.append(Change(datetime.combine(off.date(), starts_at.time()), "cancelled"))
    if problems:
        return None, problems
    assert audience is not None  # else a problem was noted above
    title = cells["titre"]
    name, address = cells.get("lieu", ""), cells.get("adresse", "")
    written = ", ".join(p for p in (name, address) if p)
    if cells.get("quartier") and written:
        written += f" ({cells['quartier']})"
    if begins is None:
        minutes = 1440
    elif ends is None:
        minutes = DEFAULT_MINUTES
    else:
        minutes = (datetime.combine(day.date(), ends) - starts_at) // timedelta(minutes=1)
    return ImportedActivity(
        ref=cells["id"], source="csv", source_uid=cells["id"], title=clip(title, 200),
        starts_at=starts_at, timezone=town_zone,
        description=clip(cells.get("description", ""), 4000),
        kind=kind or guess_kind([], title), location_text=clip(written, 255),
        location_name=name, location_address=address,
        interests=interests or guess_interests([], title),
        languages=languages or ["fr"], audience=audience, price_cents=price,
        capacity=int(capacity) if capacity else None, duration_minutes=minutes,
        all_day=begins is None, rrule=rule, url=link, changes=list(dict.fromkeys(changes)),
        status="cancelled" if cancelled else "scheduled"), []


def parse(raw: bytes, town_zone: str) -> Checked:
    """Read and check the whole file; one activity per line."""
    text, encoding = decode(raw)
    result = Checked("csv", encoding=encoding,
                     separator=detect_separator(text.split("\n", 1)[0]))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.separator)
    try:
        headings = [heading(h) for h in next(reader)]
    except StopIteration:
        result.errors.append(RowError(None, _l("le fichier est vide"), line=1))
        return result
    except csv.Error:
        result.errors.append(RowError(None, _l("ce n'est pas un fichier CSV lisible"), line=1))
        return result
    missing = [name for name in REQUIRED if name not in headings]
    if missing:
        result.errors.append(RowError(None, _l("colonnes manquantes : %(names)s",
                                               names=", ".join(missing)), line=1))
        return result
    lookups = {"interests": _labels(reference.interests()),
               "languages": _labels(reference.languages())}
    seen: dict[str, int] = {}
    try:
        for cells_list in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells_list):
                continue
            if len(result.rows) + len(result.errors) >= MAX_EVENTS:
                result.errors.append(RowError(None, _l("%(num)d lignes au plus par import",
                                                       num=MAX_EVENTS), line=line))
                break
            # A row may be shorter or longer than the headings: a missing cell is an empty
            # field (checked like one), a cell beyond the last heading has no column to go to.
            cells = {name: value.strip()
                     for name, value in zip(headings, cells_list, strict=False)}
            row, problems = _row(cells, town_zone, lookups)
            uid = cells.get("id", "")
            if uid and uid in seen:
                problems.append(("id", _l("identifiant déjà présent ligne %(line)d",
                                          line=seen[uid])))
                row = None
            seen.setdefault(uid, line)
            result.errors.extend(RowError(column, message, line=line)
                                 for column, message in problems)
            if row is not None:
                result.rows.append(row)
    except csv.Error:
        result.errors.append(RowError(None, _l("ce n'est pas un fichier CSV lisible"),
                                      line=reader.line_num))
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, _l("aucune activité dans le fichier"), line=2))
    return result
