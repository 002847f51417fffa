"""Import newcomers or volunteers from a coordinator's spreadsheet saved as CSV.

Messages are lazy translations (French source), rendered in the reader's language.
The file is checked in full first (`check`): every bad row is reported with its line,
column and what was expected, and nothing is written. Only a file without errors is
imported (`import_rows`), all rows in the caller's one transaction.

Accepted files: `;` or `,` between fields, UTF-8 (with or without BOM) or Windows-1252.
Headings (first line) are the French column names of COLUMNS; case, accents and spaces
in headings do not matter, unknown columns are ignored.
"""
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.slots import DAYS, PARTS, SLOTS
from web.forms import PHONE_PATTERN
from web.models import Neighbourhood, Newcomer, Volunteer
from web.services import audit, csv_safe, reference
from web.services.emails import is_email_address
from web.services.people import register_newcomer, register_volunteer

KINDS = ("newcomer", "volunteer")
COMMON = ("prenom", "email", "telephone", "quartier", "langues", "centres_interet",
          "disponibilites", "annee_naissance", "genre", "a_propos")
#: the headings of each kind, in the order of the downloadable template
COLUMNS = {
    "newcomer": COMMON + ("date_arrivee", "pratiquer_francais"),
    "volunteer": COMMON + ("capacite", "motivation"),
}
REQUIRED = ("prenom", "langues", "disponibilites")
EXAMPLES = {
    "prenom": "Amina", "email": "amina@exemple.fr", "telephone": "06 12 34 56 78",
    "quartier": "Centre-ville", "langues": "français, arabe", "centres_interet": "cuisine|lecture",
    "disponibilites": "lun-matin, sam-apres-midi", "annee_naissance": "1990", "genre": "femme",
    "a_propos": "", "date_arrivee": "2026-09-01", "pratiquer_francais": "oui", "capacite": "2",
    "motivation": "J'aime faire découvrir la ville",
}
DAY_WORDS = {"lun": "mon", "lundi": "mon", "mar": "tue", "mardi": "tue", "mer": "wed",
             "mercredi": "wed", "jeu": "thu", "jeudi": "thu", "ven": "fri", "vendredi": "fri",
             "sam": "sat", "samedi": "sat", "dim": "sun", "dimanche": "sun",
             **{day: day for day in DAYS}}
PART_WORDS = {"matin": "morning", "apres-midi": "afternoon", "aprem": "afternoon",
              "soir": "evening", "soiree": "evening", **{part: part for part in PARTS}}
GENDER_WORDS = {"femme": "female", "f": "female", "female": "female", "homme": "male",
                "h": "male", "m": "male", "male": "male", "autre": "other", "other": "other"}
YES_NO = {"oui": True, "o": True, "yes": True, "1": True, "x": True, "vrai": True,
          "non": False, "n": False, "no": False, "0": False, "faux": False, "": False}
MAX_ROWS = 5000
#: other headings spreadsheets commonly use, by their letters only
ALIASES = {"mail": "email", "courriel": "email", "adressemail": "email",
           "adresseemail": "email", "tel": "telephone", "portable": "telephone",
           "interets": "centres_interet", "centresdinteret": "centres_interet",
           "dispos": "disponibilites", "creneaux": "disponibilites"}


@dataclass(frozen=True)
class RowError:
    """What is wrong in one cell (or one line when `column` is None)."""

    line: int
    column: str | None
    message: str


@dataclass
class Checked:
    """The result of checking a file: the rows ready to import, or the errors."""

    kind: str
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    separator: str = ";"
    encoding: str = "utf-8"


def decode(raw: bytes) -> tuple[str, str]:
    """The text of the file and the encoding read: UTF-8 (BOM or not), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def simple(text: str) -> str:
    """Lower case, no accents, spaces and underscores as hyphens: how names are compared."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_]+", "-", text)


def heading(text: str) -> str:
    """The column a heading names: "E-mail", "Prénom " or "Centres d'intérêt" are found."""
    letters = re.sub(r"[^a-z0-9]", "", simple(text))
    for names in COLUMNS.values():
        for name in names:
            if letters == name.replace("_", ""):
                return name
    return ALIASES.get(letters, letters)


def detect_separator(header_line: str) -> str:
    """`;` unless the first line has more commas than semicolons."""
    return "," if header_line.count(",") > header_line.count(";") else ";"


def template_csv(kind: str) -> bytes:
    """A file to fill in: the headings and one example line (UTF-8 with BOM, `;`)."""
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(COLUMNS[kind])
    writer.writerow([EXAMPLES[name] for name in COLUMNS[kind]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,|;/]", value) if part.strip()]


class _Lookups:
    """Names and codes a cell may use, read once per file."""

    def __init__(self, session: Session):
        self.neighbourhoods = {}
        for n in session.scalars(select(Neighbourhood)):
            self.neighbourhoods[simple(n.slug)] = n.id
            self.neighbourhoods[simple(n.name)] = n.id
        self.languages = self._labels(reference.languages())
        self.interests = self._labels(reference.interests())

    @staticmethod
    def _labels(items) -> dict:
        found = {}
        for item in items:
            for name in (item.code, item.fr, item.en):
                found[simple(name)] = item.code
        return found


def _slot(token: str) -> str | None:
    token = simple(token)
    if token in SLOTS:
        return token
    day, _sep, part = token.partition("-")
    if day in DAY_WORDS and part in PART_WORDS:
        return f"{DAY_WORDS[day]}-{PART_WORDS[part]}"
    return None


def _codes(value: str, known: dict, column: str, what: str, problems: list) -> list[str]:
    codes = []
    for token in _split(value):
        code = known.get(simple(token))
        if code is None:
            problems.append((column, what % {"value": token}))
        elif code not in codes:
            codes.append(code)
    return codes


def _row(cells: dict, kind: str, lookups: _Lookups, year: int) -> tuple[dict, list]:
    """The service data of one line, and the (column, expected) problems found."""
    problems: list = []
    data: dict = {"first_name": cells.get("prenom", ""), "about": cells.get("a_propos", "")}
    for name in REQUIRED:
        if not cells.get(name):
            problems.append((name, _l("valeur obligatoire")))
    if len(data["first_name"]) > 80:
        problems.append(("prenom", _l("80 caractères au plus")))
    email = cells.get("email", "").lower()
    phone = cells.get("telephone", "")
    if email and not is_email_address(email):
        problems.append(("email", _l("une adresse e-mail comme nom@exemple.fr")))
    if phone and not re.match(PHONE_PATTERN, phone):
        problems.append(("telephone", _l("un numéro de téléphone comme 06 12 34 56 78")))
    if not email and not phone:
        problems.append(("email", _l("une adresse e-mail ou un téléphone (colonne telephone)")))
    data.update(email=email or None, phone=phone or None,
                shared_contact="email" if email else "phone")
    where = cells.get("quartier", "")
    data["neighbourhood"] = ""
    if where:
        found = lookups.neighbourhoods.get(simple(where))
        if found is None:
            problems.append(("quartier", _l("le nom ou l'identifiant d'un quartier de la ville")))
        else:
            data["neighbourhood"] = str(found)
    data["languages"] = _codes(cells.get("langues", ""), lookups.languages, "langues",
                               _l("« %(value)s » : langue inconnue (code comme fr ou nom "
                                  "comme français)"), problems)
    data["interests"] = _codes(cells.get("centres_interet", ""), lookups.interests,
                               "centres_interet",
                               _l("« %(value)s » : centre d'intérêt inconnu"), problems)
    slots = []
    for token in _split(cells.get("disponibilites", "")):
        slot = _slot(token)
        if slot is None:
            problems.append(("disponibilites",
                             _l("« %(value)s » : un créneau comme lun-matin, sam-apres-midi, "
                                "dim-soir", value=token)))
        elif slot not in slots:
            slots.append(slot)
    data["availability"] = slots
    birth = cells.get("annee_naissance", "")
    data["birth_year"] = None
    if birth:
        if birth.isdigit() and 1900 <= int(birth) <= year:
            data["birth_year"] = int(birth)
        else:
            problems.append(("annee_naissance", _l("une année entre 1900 et %(year)d", year=year)))
    gender = simple(cells.get("genre", ""))
    data["gender"] = GENDER_WORDS.get(gender)
    if gender and data["gender"] is None:
        problems.append(("genre", _l("femme, homme ou autre")))
    if kind == "newcomer":
        _newcomer_cells(cells, data, problems)
    else:
        _volunteer_cells(cells, data, problems)
    return data, problems


def _newcomer_cells(cells: dict, data: dict, problems: list) -> None:
    arrival = cells.get("date_arrivee", "")
    data["arrival_date"] = None
    if arrival:
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                data["arrival_date"] = datetime.strptime(arrival, pattern).date()
                break
            except ValueError:
                continue
        else:
            problems.append(("date_arrivee", _l("une date comme 2026-09-01 ou 01/09/2026")))
    answer = simple(cells.get("pratiquer_francais", ""))
    data["practise_french"] = YES_NO.get(answer, False)
    if answer not in YES_NO:
        problems.append(("pratiquer_francais", _l("oui ou non")))


def _volunteer_cells(cells: dict, data: dict, problems: list) -> None:
    capacity = cells.get("capacite", "") or "1"
    data["capacity"] = capacity
    if capacity not in ("1", "2", "3"):
        problems.append(("capacite", _l("1, 2 ou 3")))
    data["motivation"] = cells.get("motivation", "")


def _existing_emails(session: Session, kind: str, emails: list[str]) -> set[str]:
    model = Newcomer if kind == "newcomer" else Volunteer
    found: set[str] = set()
    for start in range(0, len(emails), 500):
        chunk = emails[start:start + 500]
        found.update(session.scalars(select(func.lower(model.email))
                                     .where(func.lower(model.email).in_(chunk))))
    return found


def check(session: Session, kind: str, raw: bytes, today: date) -> Checked:
    """Read and check the whole file; `rows` are (line, data) pairs for the services."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    text, encoding = decode(raw)
    first_line = text.split("\n", 1)[0]
    result = Checked(kind, separator=detect_separator(first_line), encoding=encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.separator)
    try:
        headings = [heading(h) for h in next(reader)]
    except StopIteration:
        result.errors.append(RowError(1, None, _l("le fichier est vide")))
        return result
    missing = [name for name in REQUIRED if name not in headings]
    if "email" not in headings and "telephone" not in headings:
        missing.append("email")
    if missing:
        result.errors.append(RowError(1, None, _l("colonnes manquantes : %(names)s",
                                                  names=", ".join(missing))))
        return result
    lookups = _Lookups(session)
    seen: dict[str, int] = {}  # e-mail address -> the line it was first on
    for cells_list in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells_list):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(line, None, _l("%(num)d lignes au plus par import",
                                                         num=MAX_ROWS)))
            break
        # A row may be shorter or longer than the headings: a missing cell is an empty
        # field (checked like one), a cell beyond the last heading has no column to go to.
        cells = {name: value.strip()
                 for name, value in zip(headings, cells_list, strict=False)}
        data, problems = _row(cells, kind, lookups, today.year)
        if data["email"] and data["email"] in seen:
            problems.append(("email", _l("adresse déjà présente ligne %(line)d",
                                         line=seen[data["email"]])))
        elif data["email"]:
            seen[data["email"]] = line
        result.errors.extend(RowError(line, column, message) for column, message in problems)
        if not problems:
            result.rows.append((line, data))
    taken = _existing_emails(session, kind, list(seen))
    for email, line in seen.items():
        if email in taken:
            result.errors.append(RowError(line, "email",
                                          _l("adresse d'une personne déjà inscrite")))
    result.errors.sort(key=lambda error: error.line)
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, None, _l("aucune personne dans le fichier")))
    return result


def import_rows(session: Session, now: datetime, checked: Checked, coordinator_id: int,
                vetting_status: str = "pending") -> int:
    """Register every row of a file without errors; volunteers get `vetting_status`.

    The coordinator collected each person's consent, which is recorded at `now`. One audit
    entry sums up the import. Returns the number of people registered.
    """
    if checked.errors:
        raise ValueError("a file with errors is never imported")
    if vetting_status not in ("pending", "approved"):
        raise ValueError(f"unknown vetting status {vetting_status!r}")
    for _line, data in checked.rows:
        if checked.kind == "newcomer":
            register_newcomer(session, now, data, "fr")
        else:
            volunteer = register_volunteer(session, now, data, "fr")
            if vetting_status == "approved":
                volunteer.vetting_status = "approved"
                volunteer.vetted_at = now
                volunteer.vetted_by_id = coordinator_id
    audit.record(session, now, f"{checked.kind}.imported", actor=f"coordinator:{coordinator_id}",
                 coordinator_id=coordinator_id, count=len(checked.rows),
                 vetting_status=vetting_status if checked.kind == "volunteer" else None,
                 consent="given to the coordinator")
    session.flush()
    return len(checked.rows)
