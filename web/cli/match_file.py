"""`bienvenue match-file`: run the matching engine on a JSON file.

A thin wrapper over :mod:`matcher`: read, ``json.loads``, ``parse_problem``,
``match``, write.  Works without the web app or a database.  Any error in the
input gives exit status 2 and exactly one line on stderr naming the field and
the id at fault; no output file is written (the output goes to a temporary
file in the same folder, renamed only once complete).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import sys
import tempfile
from pathlib import Path

import click

from matcher.sentences import LANGS
from web.config import DATA_DIR
from web.services.reference import ReferenceDataError, label_map, languages


def _fail(message: str) -> None:
    click.echo(" ".join(str(message).split()), err=True)  # exactly one line
    sys.exit(2)


def load_labels(lang: str) -> dict:
    """Language names from CLDR (the app's table), interest names from data/interests.json
    when present (else the engine's built-ins)."""
    labels: dict[str, dict] = {"languages": {}, "interests": {}}
    with contextlib.suppress(ReferenceDataError):  # labels are cosmetic: fall back to the
        labels["languages"] = label_map(languages(), lang)  # engine's built-ins
    for fname, key, field in (("interests.json", "interests", "tag"),):
        try:
            rows = json.loads((DATA_DIR / fname).read_text(encoding="utf-8"))
            for row in rows:
                if isinstance(row, dict) and row.get(field) and row.get(lang):
                    labels[key][row[field]] = row[lang]
        except (OSError, ValueError, TypeError, AttributeError):
            continue  # labels are cosmetic: fall back to the engine's built-ins
    return labels


def dumps_result(data: dict) -> str:
    """``data`` as readable JSON: one line per pair (or other list row), one per key.

    The same content and key order as ``json.dumps(data, ensure_ascii=False, indent=1)``,
    but each row is encoded by the C encoder (an indent forces Python's pure encoder,
    seconds on the national file)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every row

    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            body = ",\n  ".join(dumps(row) for row in value)
            parts.append(f" {dumps(key)}: [\n  {body}\n ]")
        else:
            parts.append(f" {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


@click.command("match-file")
@click.argument("input_path", metavar="INPUT.json", type=click.Path(dir_okay=False))
@click.option("--out", "out_path", metavar="OUTPUT.json", type=click.Path(dir_okay=False),
              help="Write the result here instead of standard output.")
@click.option("--matrix", is_flag=True,
              help="Also list every feasible pair with the weight the solver used.")
@click.option("--lang", type=click.Choice(LANGS), default="fr", show_default=True,
              help="Language of the reasons.")
def match_file_command(input_path, out_path, matrix, lang):
    """Match newcomers with volunteers from a JSON file (see matcher/README.md)."""
    # Reading and matching make millions of small objects and no garbage cycles worth
    # collecting: without the cyclic collector's repeated scans the national file runs
    # seconds faster (json.loads 1.8 s -> 0.5 s).  Memory is freed by reference counts.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        _match_file(input_path, out_path, matrix, lang)
    finally:
        if gc_was_on:
            gc.enable()


def _match_file(input_path, out_path, matrix, lang) -> None:
    import matcher

    try:
        text = Path(input_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"input: cannot read {input_path}: {getattr(exc, 'strerror', None) or exc}")
    try:
        data = json.loads(text)
    except ValueError as exc:
        _fail(f"input: not valid JSON ({exc})")
    try:
        problem = matcher.parse_problem(data, today=dt.date.today())
    except matcher.InputError as exc:
        _fail(str(exc))
    del text, data  # the problem holds what is needed: free the decoded file now
    result = matcher.match(problem, lang=lang, with_candidates=matrix,
                           labels=load_labels(lang))
    payload = dumps_result(matcher.result_to_dict(result))
    if out_path is None:
        click.echo(payload)
        return
    target = Path(out_path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".match-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload + "\n")
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        _fail(f"--out: cannot write {out_path}: {exc.strerror or exc}")
