"""`bienvenue import-activities`: dry run, import, re-import, and one-line errors (exit 2)."""
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from web.cli import cli
from web.models import Activity

DATA = Path(__file__).parent / "data"


def count(url) -> int:
    engine = create_engine(url)
    with Session(engine) as s:
        value = s.execute(select(func.count()).select_from(Activity).where(
            Activity.source != "town_file")).scalar_one()
    engine.dispose()
    return value


def test_dry_run_then_import_then_the_same_file_again(runner, database_url):
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    ics = str(DATA / "asso-villiers.ics")
    dry = runner.invoke(cli, ["import-activities", ics, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith("dry run, nothing written: asso-villiers.ics (ical): "
                                 "5 activities, 5 new, 0 updated, 0 unchanged")
    assert count(database_url) == 0
    done = runner.invoke(cli, ["import-activities", ics])
    assert done.exit_code == 0
    assert "5 new" in done.output and "to place by a coordinator" in done.output
    again = runner.invoke(cli, ["import-activities", ics])
    assert "0 new, 0 updated, 5 unchanged" in again.output
    assert count(database_url) == 5
    other = runner.invoke(cli, ["import-activities", str(DATA / "openagenda-villiers.json"),
                                "--format", "openagenda"])
    assert other.exit_code == 0 and "(openagenda): 4 activities, 4 new" in other.output
    assert count(database_url) == 9


def test_a_bad_file_is_one_line_exit_2_and_nothing_written(runner, database_url, tmp_path):
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    text = (DATA / "asso-villiers.ics").read_text(encoding="utf-8")
    bad = tmp_path / "bad.ics"
    bad.write_text(text.replace("DTSTART;TZID=Europe/Paris:20261006T140000\n", ""),
                   encoding="utf-8")
    result = runner.invoke(cli, ["import-activities", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith('Error: event "cafe-42@asso.fr": DTSTART: ')
    assert count(database_url) == 0
    # two problems: the first named, the others counted
    bad.write_text(text.replace("DTSTART;TZID=Europe/Paris:20261006T140000\n", "")
                   .replace("SUMMARY:Brocante solidaire\n", ""), encoding="utf-8")
    two = runner.invoke(cli, ["import-activities", str(bad)])
    assert two.exit_code == 2 and two.stderr.strip().endswith("(and 1 more problem)")


def test_unreadable_files_are_one_line_exit_2(runner, database_url, tmp_path):
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\x01\x02" * 100)
    lines = tmp_path / "lines.csv"
    lines.write_bytes(b"id;titre;date\r\na;A;2026-13-45\r\n")
    for args, expected in (
            ([str(garbage)], "Error: "),
            ([str(lines)], "Error: line 2: date: "),
            ([str(tmp_path / "missing.ics")], f"Error: {tmp_path / 'missing.ics'}: "),
            ([str(lines), "--format", "ical"], "Error: ")):
        result = runner.invoke(cli, ["import-activities", *args])
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith(expected), result.stderr
    assert count(database_url) == 0
