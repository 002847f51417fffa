"""`bienvenue match-file`: the three top-level lists are required (a typo is not "nobody")."""
import json

import pytest
from click.testing import CliRunner
from matcher_helpers import example_data

from matcher import InputError, parse_problem
from web.cli import cli


def run(tmp_path, data):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    return CliRunner().invoke(cli, ["match-file", str(src), "--out", str(tmp_path / "out.json")])


@pytest.mark.parametrize("key", ["neighbourhoods", "newcomers", "volunteers"])
def test_a_missing_top_level_list_is_exit_2_naming_it(tmp_path, key):
    data = example_data()
    del data[key]
    res = run(tmp_path, data)
    assert res.exit_code == 2
    assert res.stderr == f"{key}: required (a list, may be empty)\n"
    assert not (tmp_path / "out.json").exists()


def test_a_typo_is_named_with_the_key_found(tmp_path):
    data = example_data()
    data["newcomer"] = data.pop("newcomers")
    res = run(tmp_path, data)
    assert res.exit_code == 2
    assert res.stderr == 'newcomers: required (a list, may be empty); found "newcomer"\n'
    assert not (tmp_path / "out.json").exists()


def test_empty_lists_stay_valid(tmp_path):
    data = dict(example_data(), newcomers=[], volunteers=[])
    res = run(tmp_path, data)
    assert res.exit_code == 0, res.stderr
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert out["pairs"] == [] and out["stats"]["newcomers"] == 0


def test_parse_problem_raises_the_same_message():
    with pytest.raises(InputError) as err:
        parse_problem({"neighbourhoods": [], "newcomers": [], "settings": {"today": "2025-01-01"}})
    assert str(err.value) == "volunteers: required (a list, may be empty)"
