"""CSV files a spreadsheet opens without running anything.

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is read as a formula: a name typed into a
form, or a place from an imported programme, could then open a link or read other cells.
Every CSV the app writes goes through `writer`, which puts a `'` in front of such cells
(the spreadsheet shows the text as typed). Numbers, even negative ones written as text with
a decimal comma ("-2,5"), are left alone: they are not formulas.
"""
import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_RE = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")


def safe_cell(value):
    """The value, with a leading `'` when a spreadsheet would read it as a formula."""
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not NUMBER_RE.fullmatch(value)):
        return "'" + value
    return value


class _SafeWriter:
    """A csv.writer whose rows are neutralised cell by cell."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, delimiter: str = ";", lineterminator: str = "\r\n") -> _SafeWriter:
    """A CSV writer for files French spreadsheets open as-is (`;`, CRLF), formulas disarmed."""
    return _SafeWriter(out, delimiter=delimiter, lineterminator=lineterminator)
