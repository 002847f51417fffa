"""`python -m benchmarks --quick` runs and prints its tables (timings are not asserted)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_prints_the_tables():
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert "| instance | method | pairs | time (s) | peak RSS (MB) | matched |" in proc.stdout
    assert "| policy | newcomers | volunteers | matched |" in proc.stdout
    assert "exact solvers agree: yes" in proc.stdout
    assert "| people × occurrences | ranking time (s) | peak RSS (MB) |" in proc.stdout
    assert "Traceback" not in proc.stderr
