"""What a fresh install gets: pinned dependencies, and a wheel that carries its data."""
import configparser
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from web import config

REPO = Path(__file__).resolve().parents[1]


def _requirements() -> list[Requirement]:
    """setup.cfg's runtime requirements and the test extras: what make run and make test ask."""
    parser = configparser.ConfigParser()
    parser.read(REPO / "setup.cfg", encoding="utf-8")
    lines = (parser["options"]["install_requires"] + "\n"
             + parser["options.extras_require"]["test"])
    return [Requirement(line) for line in lines.splitlines() if line.strip()]


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, f"not an exact pin: {line}"
            pins[canonicalize_name(name)] = version
    return pins


def test_constraints_pin_every_requirement_within_setup_cfg_ranges():
    pins = _pins()
    assert "bienvenue" not in pins
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} is outside setup.cfg's {requirement.specifier}")
        for extra in requirement.extras:  # psycopg[binary] pulls psycopg-binary
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins


def test_make_installs_from_the_constraints_and_says_how_to_refresh_them():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "-e " in line
                and "$(PY)" in line]
    assert len(installs) == 2 and all("-c constraints.txt" in line for line in installs)
    assert "\nconstraints:" in makefile
    header = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert all(line.startswith("#") for line in header) and "make constraints" in header[1]


def test_the_data_directory_is_the_package_in_the_editable_install():
    assert config.find_data_dir().resolve() == (REPO / "data").resolve()


def test_a_checkout_never_installed_reads_data_beside_the_code(monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(config.resources, "files", missing)
    assert config.find_data_dir() == config.REPO_DIR / "data"


def _copy_sources(target: Path) -> None:
    """What a clone holds for building (not the venv, caches or node_modules)."""
    target.mkdir()
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(REPO / name, target / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("web", "matcher", "jobs", "data"):
        shutil.copytree(REPO / name, target / name, ignore=ignore)


def test_a_wheel_carries_the_reference_data_and_finds_it_installed(tmp_path):
    _copy_sources(tmp_path / "src")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
         str(tmp_path / "dist"), str(tmp_path / "src")],
        capture_output=True, text=True, timeout=240)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("bienvenue-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in ("bienvenue_data/interests.json", "bienvenue_data/languages.json",
                     "bienvenue_data/towns/villiers.json", "web/migrations/env.py",
                     "web/migrations/versions/0001_initial_schema.py", "web/templates/base.html"):
            assert name in names, name
        # Installed layout: the wheel's files alone on the path, the dependencies from here.
        archive.extractall(tmp_path / "site")
    probe = (
        "import sys; sys.argv = ['bienvenue', '--help']\n"
        "import web, web.config as c, web.services.reference as r\n"
        "print(web.__file__); print(c.DATA_DIR)\n"
        "print(len(r.languages()), len(r.interests()))\n"
        "print(r.load_town(str(c.DATA_DIR / 'towns' / 'villiers.json')).name)\n"
        "from web.cli import main\n"
        "main()\n")
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, env={"PYTHONPATH": str(tmp_path / "site"),
                                                      "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    web_file, data_dir, counts, town, *help_text = run.stdout.splitlines()
    site = str(tmp_path / "site")
    assert web_file.startswith(site) and data_dir == str(Path(site) / "bienvenue_data")
    assert all(int(n) > 5 for n in counts.split())
    assert town == "Villiers"
    assert help_text[0].startswith("Usage: bienvenue")
