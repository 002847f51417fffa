"""`bienvenue match-file`: the file interface, through click and as a real process."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from matcher_helpers import EXAMPLE, example_data

from web.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return CliRunner().invoke(cli, ["match-file", *map(str, args)])


def write(tmp_path, data, name="in.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_example_to_stdout():
    res = run(EXAMPLE)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out) == {"pairs", "unmatched", "stats"}
    assert {(p["newcomer"], p["volunteer"]) for p in out["pairs"]} == {
        ("n1", "v1"), ("n3", "v3"), ("n6", "v2")}
    first = out["pairs"][0]
    assert set(first) == {"newcomer", "volunteer", "score", "weight", "components", "reasons"}
    assert "Même quartier : Les Nangues" in first["reasons"]
    assert "Intérêts communs : cuisine, randonnée" in first["reasons"]
    assert "Langue commune : arabe, la première langue du nouvel arrivant" in first["reasons"]
    assert {u["newcomer"]: u["reason"] for u in out["unmatched"]}["n2"] == \
        "personne ne parle ukrainien ni russe à moins de 3 km"
    assert out["stats"]["matched"] == 3


def test_out_matrix_and_english(tmp_path):
    target = tmp_path / "out.json"
    res = run(EXAMPLE, "--out", target, "--matrix", "--lang", "en")
    assert res.exit_code == 0 and res.stdout == ""
    out = json.loads(target.read_text(encoding="utf-8"))
    weights = {(c["newcomer"], c["volunteer"]): c["weight"] for c in out["candidates"]}
    for p in out["pairs"]:
        assert weights[(p["newcomer"], p["volunteer"])] == p["weight"]
    assert ("n5", "v1") not in weights  # excluded pair
    assert "Same neighbourhood: Les Nangues" in out["pairs"][0]["reasons"]
    assert [x.name for x in tmp_path.iterdir()] == ["out.json"]  # no temp file left


def test_empty_lists(tmp_path):
    data = {"neighbourhoods": [], "newcomers": [], "volunteers": [],
            "settings": {"today": "2025-01-01"}}
    res = run(write(tmp_path, data))
    assert res.exit_code == 0
    assert json.loads(res.stdout)["pairs"] == []


@pytest.mark.parametrize("content, message", [
    ("{not json", "input: not valid JSON"),
    (lambda d: d["newcomers"][0].pop("waiting_since"), "newcomers[id=n1].waiting_since: missing"),
    (lambda d: d["volunteers"][3].update(capacity=7), "volunteers[id=v4].capacity"),
    (lambda d: d["newcomers"][4].update(availability=["sat-night"]),
     'newcomers[id=n5].availability: unknown slot "sat-night"'),
    (lambda d: d["newcomers"].append(dict(d["newcomers"][0])), "newcomers[id=n1].id: duplicate id"),
    (lambda d: d["neighbourhoods"][0].update(lon=200), "neighbourhoods[id=centre-ville].lon"),
    (lambda d: d["volunteers"][0].update(neighbourhood="nowhere"),
     'volunteers[id=v1].neighbourhood: unknown neighbourhood "nowhere"'),
    (lambda d: d["volunteers"][1].update(languages="fr"), "volunteers[id=v2].languages"),
])
def test_bad_input_exit_2_one_line_no_output(tmp_path, content, message):
    if callable(content):
        data = example_data()
        content(data)
        content = json.dumps(data)
    target = tmp_path / "out.json"
    res = run(write(tmp_path, content), "--out", target)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.count("\n") == 1 and res.stderr.startswith(message), res.stderr
    assert not target.exists()
    assert [x.name for x in tmp_path.iterdir()] == ["in.json"]


def test_missing_file(tmp_path):
    res = run(tmp_path / "nope.json")
    assert res.exit_code == 2 and res.stderr.startswith("input: cannot read")


def test_real_process_prints_one_line_and_no_traceback(tmp_path):
    bad = write(tmp_path, {"neighbourhoods": [{"id": "x", "name": "X", "lat": 0, "lon": 0}],
                           "newcomers": [{"id": "n1"}]})
    cmd = [sys.executable, "-c", "from web.cli import main; main()", "match-file", str(bad),
           "--out", str(tmp_path / "o.json")]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stderr == "newcomers[id=n1].neighbourhood: missing\n"
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "o.json").exists()
    ok = subprocess.run(cmd[:4] + [str(EXAMPLE)], cwd=ROOT, capture_output=True, text=True,
                        timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert ok.returncode == 0 and json.loads(ok.stdout)["stats"]["matched"] == 3
