"""How the CLI writes incidents: one range formatter shared with the web API, tables that fit an
80-column terminal without cutting a date, and summaries that agree in number."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from resolve_cases import look_alikes, market_strike
from resolve_digests import mention
from typer.testing import CliRunner

from harmwatch.cli.demo import print_incidents
from harmwatch.cli.incidents import _range
from harmwatch.cli.main import app
from harmwatch.demo import IncidentLine
from harmwatch.ranges import format_range, people, plural
from harmwatch.resolve import add_extraction
from harmwatch.resolve.record import aggregate
from harmwatch.resolve.summary import summarise
from harmwatch.store.db import session_scope
from harmwatch.store.record_types import Record
from harmwatch.store.reports import add_report

DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")


@pytest.mark.parametrize(("low", "high"), [(None, 35), (21, None), (10, 15), (4, 4), (None, None)])
def test_the_cli_writes_ranges_as_the_api_does(low: int | None, high: int | None) -> None:
    assert _range(low, high) == format_range(low, high)
    assert "?" not in _range(low, high)


def test_counts_agree_in_number() -> None:
    assert (plural(1, "incident"), plural(3, "incident")) == ("1 incident", "3 incidents")
    assert (people(1), people(2)) == ("1 person", "2 people")


def _lines(n: int) -> list[IncidentLine]:
    return [
        IncidentLine(
            id=100 + i,
            date=dt.date(2016, 5, 30) + dt.timedelta(days=i),
            place="Ma'arrat an Nu'man, a long place name",
            event_type="ground_clash",
            killed="up to 35",
            perpetrators=("syria_gov", "russia", "us_coalition"),
            grade="Discounted",
            sources=("Syrian Observatory for Human Rights", "Syria Civil Defence (White Helmets)"),
            report_ids=("a", "b"),
        )
        for i in range(n)
    ]


def test_the_demo_table_fits_80_columns_with_whole_dates(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    print_incidents(_lines(3))
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert DATE.findall(out) == ["2016-05-30", "2016-05-31", "2016-06-01"]
    assert "…" not in out and "up to 35" in out and "Discounted" in out


def test_the_incidents_table_fits_80_columns(db_url, monkeypatch) -> None:
    for report, extraction in market_strike() + look_alikes():
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["incidents", "--db", db_url], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert len(DATE.findall(result.output)) == 4 and "…" not in result.output


def _row(**values: object) -> SimpleNamespace:
    base = dict(
        date=dt.date(2020, 1, 15),
        date_end=None,
        date_precision="day",
        event_type="airstrike",
        place_name="Ariha",
        admin1="Idlib",
        country="SY",
        killed_min=None,
        killed_max=None,
        injured_min=None,
        injured_max=None,
        children_killed_min=None,
        children_killed_max=None,
        grade="Weak",
        grade_reason="a single source",
    )
    return SimpleNamespace(**(base | values))


def _record() -> Record:
    return aggregate([mention("r")])  # no figure: the summary names no source


def test_a_summary_of_one_death_is_singular() -> None:
    one = summarise(
        _row(killed_min=1, killed_max=1, children_killed_min=1, children_killed_max=1), _record()
    )
    assert "1 person was killed, 1 of them a child." in one
    assert "people" not in one
    many = summarise(_row(killed_min=4, killed_max=4), _record())
    assert "4 people were killed" in many
