"""docs/notebook_example.py runs as written: demo database, one more report, killed per week."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "notebook_example.py"


def _run(db: Path, chart: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(db), str(chart)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow
def test_the_notebook_example_runs_and_plots(tmp_path: Path) -> None:
    db, chart = tmp_path / "demo.db", tmp_path / "killed.png"
    out = _run(db, chart)
    assert re.match(r"\d\d+ incidents in ", out)  # the demo, built by the example
    assert "ingest: 1 new, 0 already stored, 0 failed" in out
    assert re.search(r"\n\s*\d+ 2018-02-09\s+Saraqib\s+airstrike\s+4\s+4 ", out), out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    weeks = dict(re.findall(r"^(\d{4}-\d\d-\d\d)\s+(\d+)$", out, re.M))
    assert int(weeks["2018-02-05"]) >= 4  # the week of Monday 5 February holds the new report
    chart.unlink()
    again = _run(db, chart)  # the database is there now: opened, the report a duplicate
    assert "ingest: 0 new, 1 already stored, 0 failed" in again and chart.is_file()
