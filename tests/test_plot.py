"""`harmwatch plot timeline`: a chart file of incidents and killed per day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from api_data import seeded_db_fixture, seeded_pg_fixture, seeded_sqlite_fixture  # noqa: F401 (fixtures)
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.store.db import session_scope
from harmwatch.store.review import add_annotation


@pytest.fixture
def seeded_url(seeded_db) -> str:  # type: ignore[no-untyped-def]
    db_url = str(seeded_db[0])
    with session_scope(db_url) as session:
        add_annotation(session, dt.date(2020, 1, 12), "truce talks", "ana", dt.date(2020, 1, 14))
    return db_url


def test_svg_timeline_has_a_bar_per_day_and_the_annotation(seeded_url: str, tmp_path: Path):
    out = tmp_path / "timeline.svg"
    result = CliRunner().invoke(app, ["plot", "timeline", "--out", str(out), "--db", seeded_url])
    assert result.exit_code == 0, result.output
    assert "3 incidents, 3 days" in result.output
    svg = out.read_text()
    assert svg.startswith("<?xml") and "truce talks" in svg
    assert "27 killed" in svg  # the default title: 19 + 5 + 3


def test_png_respects_the_filters(seeded_url: str, tmp_path: Path) -> None:
    out = tmp_path / "jan.png"
    args = ["plot", "timeline", "-o", str(out), "--db", seeded_url, "--until", "2020-01-31"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 incidents, 2 days" in result.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_unsupported_file_type_is_a_clear_error(seeded_url: str, tmp_path: Path) -> None:
    out = tmp_path / "chart.gif"
    result = CliRunner().invoke(app, ["plot", "timeline", "--out", str(out), "--db", seeded_url])
    assert result.exit_code == 1
    assert "cannot write .gif files" in result.output and not out.exists()
    bad = CliRunner().invoke(
        app, ["plot", "timeline", "--out", str(tmp_path / "x.png"), "--since", "last week"]
    )
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
