"""Exports (JSONL, ACLED-like CSV, GeoJSON) and the `incidents`/`show`/`merge`/`split`/`undo`
commands."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from resolve_cases import look_alikes, market_strike
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.resolve import add_extraction
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report

runner = CliRunner()


@pytest.fixture
def url(db_url):
    for report, extraction in market_strike() + look_alikes():
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    return db_url


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_jsonl_has_one_incident_a_line_with_its_sources(url):
    lines = [json.loads(x) for x in run("incidents", "--db", url, "--format", "jsonl").splitlines()]
    assert len(lines) == 4
    market = next(x for x in lines if len(x["report_ids"]) == 4)
    for key in (
        "id",
        "report_ids",
        "date",
        "location",
        "event_type",
        "killed",
        "injured",
        "perpetrators",
        "denials",
        "grade",
        "grade_reason",
        "sources",
    ):
        assert key in market
    assert market["killed"] == {"min": 18, "max": 21} and market["date"] == "2020-01-15"
    assert market["location"]["name"] == "Idlib" and market["grade"] == "Fair"
    assert {s["source"] for s in market["sources"]} == {
        "Levant Daily",
        "Gulf Wire",
        "Evening Courier",
        "Northern Post",
    }
    assert {p["id"] for p in market["perpetrators"]} == {"russia", "syria_gov"}


def test_csv_has_acled_columns_and_ranges(url):
    rows = list(csv.DictReader(io.StringIO(run("incidents", "--db", url, "--format", "csv"))))
    market = next(r for r in rows if r["killed_max"] == "21" and r["location"] == "Idlib")
    assert market["event_type"] == "Explosions/Remote violence"
    assert market["sub_event_type"] == "Air/drone strike"
    assert market["fatalities"] == "18" and market["killed_min"] == "18"
    assert market["event_date"] == "2020-01-15" and market["year"] == "2020"
    assert market["geo_precision"] == "1" and market["latitude"] == "35.9306"
    assert market["actor1"] in ("Russia", "Syrian government forces")


def test_geojson_and_filters(url):
    data = json.loads(run("incidents", "--db", url, "--format", "geojson", "--place", "Saraqib"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.8006, 35.8623]}
    since = run("incidents", "--db", url, "--format", "jsonl", "--since", "2020-01-16")
    assert [json.loads(x)["report_ids"] for x in since.splitlines()] == [["own-bakery"]]
    actor = run("incidents", "--db", url, "--format", "jsonl", "--actor", "russia")
    assert len(actor.splitlines()) == 1


def test_table_show_merge_split_undo(url):
    table = run("incidents", "--db", url)
    assert "Idlib" in table and "18-21" in table
    lines = [json.loads(x) for x in run("incidents", "--db", url, "-f", "jsonl").splitlines()]
    market = next(x["id"] for x in lines if len(x["report_ids"]) == 4)
    bakery = next(x["id"] for x in lines if x["report_ids"] == ["own-bakery"])
    shown = run("show", str(market), "--db", url)
    assert "Rescue teams pulled bodies" in shown and "Northern Post" in shown
    assert "merged incident" in run("merge", str(market), str(bakery), "--db", url, "--user", "ana")
    out = run("split", str(market), "--report", "own-bakery", "--db", url, "--user", "ana")
    assert "split out" in out
    history = run("show", str(market), "--db", url, "--history")
    # the CLI records the name given and the OS user: "ana (cli:root)"
    assert "ana (cli:" in history
    assert re.search(r"ana \(cli:[^)]*\): merge", history)
    split = re.search(r"ana \(cli:[^)]*\): split", history)
    assert split
    log_id = history[: split.start()].rsplit("#", 1)[1].split()[0]
    assert "undid" in run("undo", log_id, "--db", url, "--user", "ana")


def test_errors_are_one_line_and_exit_1(url):
    result = runner.invoke(app, ["show", "999", "--db", url])
    assert result.exit_code == 1
    assert "no incident 999" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["split", "1", "--report", "nope", "--db", url])
    assert result.exit_code == 1 and "no mention from report" in result.output
    result = runner.invoke(app, ["incidents", "--db", url, "--format", "xml"])
    assert result.exit_code == 2


def test_csv_fatalities_is_the_lowest_figure_or_the_only_one() -> None:
    from harmwatch.store.export import csv_row
    from harmwatch.store.schema import IncidentRow

    def row(lo: int | None, hi: int | None) -> IncidentRow:
        return IncidentRow(id=1, event_type="airstrike", killed_min=lo, killed_max=hi, record={})

    assert csv_row(row(18, 21))["fatalities"] == 18
    assert csv_row(row(None, 35))["fatalities"] == 35  # "up to 35": the only figure given
    assert csv_row(row(None, None))["fatalities"] == 0


def test_exports_have_place_precision_acled_and_ucdp_columns(url, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run("incidents", "--db", url, "--format", "csv"))))
    market = next(r for r in rows if r["killed_max"] == "21" and r["location"] == "Idlib")
    assert (market["country"], market["iso"], market["admin1"]) == ("Syria", "SY", "Idlib")
    assert "admin2" in market and market["location_precision"] == "town"
    assert market["time_precision"] == "1" and market["date_precision"] == "day"
    assert market["actor2"] == "Civilians (Syria)"
    # the other alleged perpetrator, not actor1 again
    assert market["assoc_actor_1"] in ("Russia", "Syrian government forces")
    assert market["assoc_actor_1"] != market["actor1"]
    # UCDP: low <= best <= high, best from the sources' own latest figures
    assert (market["low"], market["high"]) == ("18", "21")
    assert 18 <= int(market["best"]) <= 21
    geo = json.loads(run("incidents", "--db", url, "--format", "geojson"))
    props = next(
        f["properties"]
        for f in geo["features"]
        if f["properties"]["location"] and f["properties"]["killed"] == {"min": 18, "max": 21}
    )
    for key in (
        "country",
        "iso",
        "admin2",
        "geo_precision",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "low",
        "best",
        "high",
    ):
        assert key in props, key
    assert props["location"]["admin1"] == "Idlib" and props["geo_precision"] == 1


def test_best_is_kept_inside_the_range_and_open_ranges_stay_blank():
    from types import SimpleNamespace

    from harmwatch.store.export_columns import best_killed, extra_columns

    figures = [
        {"kind": "killed", "group": "all", "value": v, "source": s}
        for s, v in (("a", 4), ("b", 40), ("a", 9), ("c", 12))
    ]
    row = SimpleNamespace(
        killed_min=None,
        killed_max=35,
        record={"figures": figures},
        country="SY",
        place_name=None,
        place_precision=None,
        mentions=[],
        date=None,
        date_precision=None,
        review_status="unreviewed",
    )
    assert best_killed(row) == 12  # latest per source: a 9, b 40, c 12; median 12
    cols = extra_columns(row)  # type: ignore[arg-type]
    assert cols["low"] is None and cols["high"] == 35 and cols["time_precision"] is None
    row.killed_min, row.killed_max = 20, None
    assert best_killed(row) == 20  # never below the lowest toll


def test_parquet_export_is_typed(url, tmp_path):
    """The CLI's Parquet is the Python API's table (`harmwatch.dataset.COLUMNS`), typed."""
    pq = pytest.importorskip("pyarrow.parquet")
    result = runner.invoke(app, ["incidents", "--db", url, "--format", "parquet"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "x.parquet"
    path.write_bytes(result.stdout_bytes)
    table = pq.read_table(path)
    assert table.num_rows == 4
    assert str(table.schema.field("killed_min").type) == "int64"
    assert str(table.schema.field("lat").type) == "double"
    rows = table.to_pylist()
    market = next(r for r in rows if r["killed_max"] == 21 and r["place"] == "Idlib")
    assert market["country"] == "SY"


# --- CSV formula injection: a name starting with = + - @ (or a tab or CR) is text --------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/","open")',
    "+1+2",
    "-2+3",
    "@SUM(1,1)",
    "\tTAB=1",
    "\rCR=1",
]


def formula_reports() -> list:  # type: ignore[type-arg]
    """Two reports of two incidents in one town written like formulas, west of Greenwich (a
    negative longitude, which must stay a number)."""
    from resolve_cases import make

    town = {
        "name": "=1+1",
        "lat": 40.4,
        "lon": -3.2,
        "admin1": "@province",
        "country": "ES",
        "precision": "town",
    }
    text = "A bomb went off in the town square on Sunday, killing four people, police said."
    day = dt.date(2021, 5, 2)
    spec = {
        "event_type": "ied",
        "date": day,
        "date_precision": "day",
        "location": town,
        "phrase": "A bomb went off",
        "figs": [("killed", 4, {"reported_by": "police"})],
    }
    return [
        make(
            f"formula-{i}",
            source,
            day + dt.timedelta(7 * i),
            f"Week {i}. {text}",
            [spec | {"date": day + dt.timedelta(7 * i)}],
        )
        for i, source in enumerate(FORMULAS)
    ]


@pytest.fixture
def formula_url(db_url):  # type: ignore[no-untyped-def]
    for report, extraction in formula_reports():
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    return db_url


def assert_no_live_formula(text: str) -> None:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(FORMULAS)  # a carriage return in a name does not end the row
    for row in rows:
        for column, value in row.items():
            if column in ("latitude", "longitude"):
                continue
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
        assert (row["latitude"], row["longitude"]) == ("40.4", "-3.2")  # numbers stay numbers
        assert row["location"] == "'=1+1" and row["admin1"] == "'@province"
    sources = {row["source"] for row in rows}
    assert sources == {"'" + name.replace("\r", "\n") for name in FORMULAS}


def test_csv_from_the_cli_has_no_live_formula(formula_url) -> None:
    assert_no_live_formula(run("incidents", "--db", formula_url, "--format", "csv"))


def test_csv_from_the_api_has_no_live_formula(formula_url) -> None:
    from api_data import client

    from harmwatch.api.app import create_app
    from harmwatch.settings import Settings

    response = client(create_app(formula_url, Settings(host="127.0.0.1"))).get("/api/export.csv")
    assert response.status_code == 200
    assert_no_live_formula(response.text)


def test_spreadsheet_cell_quotes_text_only() -> None:
    from harmwatch.store.export import csv_row, spreadsheet_cell
    from harmwatch.store.schema import IncidentRow

    assert spreadsheet_cell("-3.2") == "'-3.2"  # text in a text column: quoted
    assert spreadsheet_cell(-3.2) == -3.2 and spreadsheet_cell(-4) == -4  # numbers: as they are
    assert spreadsheet_cell("Idlib - north") == "Idlib - north"
    row = IncidentRow(
        id=7,
        event_type="ied",
        lat=-33.9,
        lon=-70.6,
        place_name="-Santiago",
        summary="=cmd|' /C calc'!A0",
        record={"report_ids": ["@r1"]},
    )
    values = csv_row(row)
    assert (values["latitude"], values["longitude"]) == (-33.9, -70.6)
    assert values["location"] == "'-Santiago" and values["notes"] == "'=cmd|' /C calc'!A0"
    assert values["report_ids"] == "'@r1"
