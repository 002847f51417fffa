"""Statistics page: each table drawn as a chart, shown as a table, and downloadable as CSV.

CSV files are UTF-8 with a byte order mark and `;` between fields, with a decimal comma:
what a French spreadsheet (Excel, LibreOffice) opens correctly with a double click.
"""
import csv
import io
from dataclasses import dataclass, field

from flask import Response, abort, render_template
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l

from web.db import get_session
from web.services import auth, statistics
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item

add_nav_item("coordinators.statistics_page", _l("Statistiques"), order=70)

TABLE_NAMES = ("neighbourhoods", "weeks", "acceptance", "waits", "retention")


def now():
    """The clock of these pages (the same one the login reads, so tests can move it)."""
    return auth.utcnow()


@dataclass
class Table:
    """One statistic: headings, rows of raw values, and the bars of its chart."""

    name: str
    title: str
    description: str
    headers: list
    rows: list
    #: (label, [(series index, value)]) per bar group; values are numbers or None
    bars: list = field(default_factory=list)
    series: list = field(default_factory=list)
    unit: str = ""
    percent: bool = False

    @property
    def top(self):
        """The longest bar's value (1 when every bar is empty), to scale the chart."""
        values = [v for _label, bars in self.bars for _s, v in bars if v is not None]
        return max(values, default=0) or 1


def _days(value):
    return None if value is None else round(value, 1)


def _rate(value):
    return None if value is None else round(value, 4)


def build_tables(data: dict) -> list[Table]:
    """The page's tables from statistics.overview(), in page order."""
    unknown = _("Quartier non renseigné")
    places = data["neighbourhoods"]
    weeks = data["weeks"]
    rates = data["acceptance"]
    waits = data["waits"]
    kept = data["retention"]
    months = {r.months: ngettext("%(num)d mois", "%(num)d mois", r.months) for r in kept}
    who = {"volunteers": _("Bénévoles (réponse à la proposition)"),
           "newcomers": _("Nouveaux arrivants (confirmation)")}
    wait_names = {"matched": _("Attente avant un binôme (binômes activés)"),
                  "waiting": _("Attente en cours (personnes encore en attente)")}
    return [
        Table("neighbourhoods", _("Nouveaux arrivants et bénévoles par quartier"),
              _("Nouveaux arrivants en attente et places libres chez les bénévoles validés, "
                "par quartier. Le manque est le nombre de nouveaux arrivants sans place "
                "libre dans leur quartier."),
              [_("Quartier"), _("Nouveaux arrivants en attente"), _("Bénévoles disponibles"),
               _("Places libres"), _("Manque")],
              [[r.name or unknown, r.waiting, r.volunteers, r.free_places, r.gap]
               for r in places],
              [(r.name or unknown, [(0, r.waiting), (1, r.free_places)]) for r in places],
              [_("En attente"), _("Places libres")]),
        Table("weeks", _("Binômes formés par semaine"),
              _("Binômes activés (les deux ont dit oui) pendant chacune des 12 dernières "
                "semaines."),
              [_("Semaine"), _("Lundi"), _("Binômes formés")],
              [[w.week, w.start.date().isoformat(), w.activated] for w in weeks],
              [(w.week, [(0, w.activated)]) for w in weeks], [_("Binômes formés")]),
        Table("acceptance", _("Taux d'acceptation"),
              _("Part des propositions acceptées : par les bénévoles, puis confirmées par "
                "les nouveaux arrivants. Une proposition restée sans réponse compte comme "
                "un refus."),
              [_("Qui répond"), _("Oui"), _("Non"), _("Sans réponse"), _("Taux")],
              [[who[r.who], r.yes, r.no, r.expired, _rate(r.rate)] for r in rates],
              [(who[r.who], [(0, r.rate)]) for r in rates], [_("Taux")], percent=True),
        Table("waits", _("Temps d'attente médian"),
              _("Nombre médian de jours entre l'inscription sur la liste d'attente et "
                "l'activation du binôme, et attente actuelle des personnes encore en "
                "attente."),
              [_("Mesure"), _("Personnes"), _("Jours (médiane)")],
              [[wait_names[w.what], w.count, _days(w.median_days)] for w in waits],
              [(wait_names[w.what], [(0, _days(w.median_days))]) for w in waits],
              [_("Jours")], unit=_("j")),
        Table("retention", _("Binômes toujours actifs"),
              _("Parmi les binômes activés il y a au moins 1 mois (3 mois), la part qui "
                "n'était pas terminée au bout de 1 mois (3 mois). Un mois compte 30 jours."),
              [_("Durée"), _("Binômes concernés"), _("Toujours actifs"), _("Part")],
              [[months[r.months], r.activated, r.still_going, _rate(r.share)]
               for r in kept],
              [(months[r.months], [(0, r.share)]) for r in kept],
              [_("Part")], percent=True),
    ]


def show(value, percent: bool) -> str:
    """A cell for the page, in the reader's language ("—" when there is no value)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return format_percent(value, "#,##0.0 %") if percent else format_decimal(value)
    return str(value)


def csv_cell(value):
    """A cell for the CSV file: numbers with a decimal comma, nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def to_csv(table: Table) -> bytes:
    """The table as a CSV file French spreadsheets open as-is (BOM, `;`, decimal comma)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _tables() -> list[Table]:
    return build_tables(statistics.overview(get_session(), now()))


@bp.get("/statistiques")
@coordinator_required
def statistics_page():
    """Every statistic as a chart with its text alternative and the table beside it."""
    return render_template("coordinators/stats.html", tables=_tables(), show=show,
                           today=now())


@bp.get("/statistiques/<name>.csv")
@coordinator_required
def statistics_csv(name: str):
    """One table as a CSV download."""
    if name not in TABLE_NAMES:
        abort(404)
    table = next(t for t in _tables() if t.name == name)
    filename = f"bienvenue-{name}-{now().date().isoformat()}.csv"
    return Response(to_csv(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
