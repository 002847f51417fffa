"""Statistics page: each table drawn as a chart, shown as a table, and downloadable as CSV.

CSV files are UTF-8 with a byte order mark and `;` between fields, with a decimal comma:
what a French spreadsheet (Excel, LibreOffice) opens correctly with a double click.
"""
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, render_template, request
from flask_babel import (
    format_date,
    format_decimal,
    format_percent,
    gettext as _,
    lazy_gettext as _l,
    ngettext,
)

from web import clock
from web.db import get_session
from web.services import csv_safe, statistics
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item

add_nav_item("coordinators.statistics_page", _l("Statistiques"), order=70, group="admin")

TABLE_NAMES = ("neighbourhoods", "weeks", "acceptance", "waits", "retention", "joined",
               "places")
#: the local-life tables cover this many days up to today unless the page asks otherwise
DEFAULT_PERIOD_DAYS = 90


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
    """The page's tables from statistics.overview() (and statistics.local_life() with its
    "period"), in page order."""
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
    tables = [
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
    if "joined" in data:
        tables += local_life_tables(data, unknown)
    return tables


def local_life_tables(data: dict, unknown: str) -> list[Table]:
    """Who joined local life, by neighbourhood, and attendance per place, over the period."""
    period = data["period"]
    dates = {"start": format_date(period.start, "long"), "end": format_date(period.end, "long")}
    joined, places = data["joined"], data["places"]
    return [
        Table("joined", _("Nouveaux arrivants en attente qui participent à la vie locale"),
              _("Par quartier, les nouveaux arrivants en attente d'un binôme aujourd'hui, et la "
                "part d'entre eux inscrits à une activité ou venus à une rencontre d'accueil "
                "entre le %(start)s et le %(end)s. Les séances annulées ne comptent pas.",
                **dates),
              [_("Quartier"), _("Nouveaux arrivants en attente"),
               _("Inscrits à une activité ou venus à une rencontre"), _("Part")],
              [[r.name or unknown, r.waiting, r.joined, _rate(r.share)] for r in joined],
              [(r.name or unknown, [(0, _rate(r.share))]) for r in joined],
              [_("Part")], percent=True),
        Table("places", _("Fréquentation par lieu"),
              _("Par lieu, entre le %(start)s et le %(end)s : les inscriptions des nouveaux "
                "arrivants aux séances de ses activités (hors séances annulées) et les "
                "présences notées aux rencontres qui s'y tiennent.", **dates),
              [_("Lieu"), _("Quartier"), _("Inscriptions aux activités"),
               _("Présences aux rencontres"), _("Total")],
              [[r.name, r.neighbourhood or unknown, r.participations, r.attended, r.total]
               for r in places],
              [(r.name, [(0, r.participations), (1, r.attended)]) for r in places],
              [_("Inscriptions aux activités"), _("Présences aux rencontres")]),
    ]


def read_period(args, today: date, timezone: str) -> tuple[statistics.Period, dict, dict]:
    """The local-life period from ?du=&au= (ISO dates), the values typed, and an error per
    field; a wrong value falls back to the default period (the last 90 days)."""
    typed = {"du": args.get("du", "").strip()[:20], "au": args.get("au", "").strip()[:20]}
    errors, days = {}, {}
    for name, default in (("du", today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)),
                          ("au", today)):
        try:
            days[name] = date.fromisoformat(typed[name]) if typed[name] else default
        except ValueError:
            errors[name] = _("Une date, par exemple %(example)s.",
                             example=default.isoformat())
            days[name] = default
    if not errors and days["du"] > days["au"]:
        errors["au"] = _("La date de fin doit être après la date de début.")
        days = {"du": today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), "au": today}
    return statistics.Period(days["du"], days["au"], timezone), typed, errors


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
    writer = csv_safe.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _period():
    timezone = current_app.config["TIMEZONE"]
    return read_period(request.args, clock.utcnow().astimezone(ZoneInfo(timezone)).date(), timezone)


def _tables(period: statistics.Period) -> list[Table]:
    db = get_session()
    data = statistics.overview(db, clock.utcnow())
    data.update(statistics.local_life(db, period), period=period)
    return build_tables(data)


@bp.get("/statistiques")
@coordinator_required
def statistics_page():
    """Every statistic as a chart with its text alternative and the table beside it."""
    period, typed, errors = _period()
    csv_args = {key: value for key, value in typed.items() if value and not errors}
    return render_template("coordinators/stats.html", tables=_tables(period), show=show,
                           today=clock.utcnow(), period=period, typed=typed, period_errors=errors,
                           csv_args=csv_args), 400 if errors else 200


@bp.get("/statistiques/<name>.csv")
@coordinator_required
def statistics_csv(name: str):
    """One table as a CSV download."""
    if name not in TABLE_NAMES:
        abort(404)
    period, _typed, errors = _period()
    if errors:
        return statistics_page()  # the page, status 400, says which date is wrong
    table = next(t for t in _tables(period) if t.name == name)
    filename = f"bienvenue-{name}-{clock.utcnow().date().isoformat()}.csv"
    return Response(to_csv(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
