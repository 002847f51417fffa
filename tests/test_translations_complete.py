"""Every French interface text has its English translation."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_english_catalogue_covers_every_message_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-k", "_l", "-F",
                    str(ROOT / "babel.cfg"), "-o", str(pot), str(ROOT)], check=True, cwd=ROOT,
                   capture_output=True)
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with CATALOG.open("rb") as f:
        catalogue = {m.id: m.string for m in read_po(f) if m.id}
    missing = {m if isinstance(m, str) else m[0] for m in wanted - set(catalogue)}
    assert not missing, f"run make extract-messages and translate: {sorted(missing)[:5]}"
    untranslated = [k for k, v in catalogue.items()
                    if k in wanted and not (v if isinstance(v, str) else v and all(v))]
    assert not untranslated, f"untranslated: {untranslated[:5]}"
