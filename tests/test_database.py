"""The Python API (`harmwatch.open`, `harmwatch.extract`): typed results, the README's example
run as written, and the same one-line errors as the CLI."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

import harmwatch
from harmwatch.cli.main import app
from harmwatch.errors import NotFound, ResolveError, StoreError, UsageError
from harmwatch.models import Incident, Location, Range, Report, ReportExtraction

ROOT = Path(__file__).resolve().parents[1]

# Written for these tests.
REPORTS = [
    {
        "id": "api-1",
        "published": "2019-05-07",
        "source": "Orontes Wire",
        "text": "An airstrike hit a bakery in Maarat al-Numan on Monday, killing five civilians, "
        "rescuers said.",
    },
    {
        "id": "api-2",
        "published": "2019-05-08",
        "source": "Idlib Herald",
        "text": "Rescuers in Maarat al-Numan said five people died when warplanes struck a bakery "
        "on Monday.",
    },
    {
        "id": "api-3",
        "published": "2019-06-20",
        "source": "Idlib Herald",
        "text": "Artillery shells fell on Kafr Nabl on Wednesday and two farmers were wounded.",
    },
]


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


class TownExtractor:
    """One incident per report: the town is the report's source's choice, killed as given."""

    TOWNS = {
        "api-1": ("Ariha", 35.81, 36.61),
        "api-2": ("Ariha", 35.81, 36.61),
        "api-3": ("Saraqib", 35.86, 36.80),
    }

    def extract(self, report: Report) -> ReportExtraction:
        name, lat, lon = self.TOWNS[report.id]
        killed = 0 if report.id == "api-3" else 5
        return ReportExtraction(
            report_id=report.id,
            incidents=[
                Incident(
                    event_type="airstrike",
                    date=report.published,
                    location=Location(name=name, lat=lat, lon=lon, admin1="Idlib", country="SY"),
                    killed=Range(min=killed, max=killed),
                    evidence=[(0, 30)],
                )
            ],
        )

    def extract_many(
        self, reports: Iterable[Report], batch_size: int = 32
    ) -> Iterator[ReportExtraction]:
        for report in reports:
            yield self.extract(report)


@pytest.fixture()
def db(db_url: str, tmp_path: Path) -> harmwatch.Database:
    opened = harmwatch.open(db_url)
    summary = opened.ingest([_jsonl(tmp_path / "r.jsonl", REPORTS)], extractor=TownExtractor())
    assert (summary.new, summary.extracted, summary.failed) == (3, 3, [])
    return opened


def _no_orm(value: Any) -> None:
    """No SQLAlchemy object anywhere in a result."""
    assert not type(value).__module__.startswith("sqlalchemy"), type(value)
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _no_orm(getattr(value, name))
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            _no_orm(item)


def test_incidents_are_typed_records_and_tables(db: harmwatch.Database) -> None:
    found = db.incidents(since="2019-05-01", place="Ariha")
    assert len(found) == 1 and isinstance(found, harmwatch.Incidents)
    (inc,) = found
    assert isinstance(inc, harmwatch.IncidentRecord)
    _no_orm(list(found))
    assert inc.location is not None and inc.location.name == "Ariha"
    assert inc.date == dt.date(2019, 5, 7)  # the first report's day
    assert inc.killed == Range(min=5, max=5) and inc.report_ids == ["api-1", "api-2"]
    with pytest.raises(Exception, match="frozen"):
        inc.grade = "Confirmed"  # type: ignore[misc]

    every = db.incidents()
    frame = every.to_pandas()
    assert list(frame["place"]) == ["Ariha", "Saraqib"]
    assert str(frame["date"].dtype).startswith("datetime64")
    assert list(frame["killed_min"]) == [5, 0] and frame["sources"].tolist() == [2, 1]
    table = every.to_arrow()
    assert table.num_rows == 2 and str(table.schema.field("date").type) == "date32[day]"
    geo = every.to_geojson()
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.61, 35.81]}
    assert geo["features"][0]["properties"]["report_ids"] == ["api-1", "api-2"]
    assert len(db.incidents(until="2019-06-01")) == 1 and len(db.incidents(actor="nobody")) == 0


def test_parquet_from_the_cli_is_the_api_table(db: harmwatch.Database, tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    result = CliRunner().invoke(
        app, ["incidents", "--db", db.url, "--format", "parquet", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).equals(db.incidents().to_arrow())
    buffer = io.BytesIO()
    db.incidents().write_parquet(buffer)
    assert pq.read_table(io.BytesIO(buffer.getvalue())).num_rows == 2


def test_merge_split_undo_and_history(db: harmwatch.Database) -> None:
    ariha, saraqib = (inc.id for inc in db.incidents())
    entry = db.merge(ariha, saraqib, by="ana", reason="one raid")
    _no_orm(entry)
    assert (entry.kind, entry.incident_id, entry.other_incident_id) == ("merge", ariha, saraqib)
    assert [i.id for i in db.incidents()] == [ariha]
    assert db.incident(ariha).report_ids == ["api-1", "api-2", "api-3"]
    undone = db.undo(entry.id)  # by the login name, as the CLI without --user
    assert undone.kind == "undo" and len(db.incidents()) == 2
    assert undone.user == getpass.getuser()
    new = db.split(ariha, "api-2", by="ana")
    assert isinstance(new, harmwatch.IncidentRecord) and new.report_ids == ["api-2"]
    assert [e.kind for e in db.history(ariha)][-1] == "split"


def _cli_error(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (1, 2), result.output
    return " ".join(result.output.split())


def test_bad_input_raises_the_cli_message(db: harmwatch.Database) -> None:
    with pytest.raises(UsageError) as bad_day:
        db.incidents(since="March")
    assert str(bad_day.value) == "since: 'March' is not a date: use YYYY-MM-DD"
    assert bad_day.value.problem in _cli_error(["incidents", "--db", db.url, "--since", "March"])

    ariha = db.incidents()[0].id
    for call, args, kind in (
        (lambda: db.merge(ariha, ariha, by="ana"), ["merge", str(ariha), str(ariha)], ResolveError),
        (lambda: db.undo(999, by="ana"), ["undo", "999"], NotFound),
        (
            lambda: db.split(ariha, "nope", by="ana"),
            ["split", str(ariha), "--report", "nope"],
            ResolveError,
        ),
    ):
        with pytest.raises(kind) as err:
            call()
        assert "\n" not in str(err.value)
        assert _cli_error([*args, "--db", db.url]) == f"error: {err.value}"
    with pytest.raises(NotFound, match="no incident 999"):
        db.incident(999)
    with pytest.raises(UsageError, match="^min_killed: -1 is below 0"):
        db.incidents(min_killed=-1)


def test_an_unusable_database_is_the_cli_message(tmp_path: Path) -> None:
    where = str(tmp_path / "no" / "such" / "folder" / "x.db")
    with pytest.raises(StoreError) as err:
        harmwatch.open(where)
    assert "\n" not in str(err.value) and "check HARMWATCH_DATABASE_URL or --db" in str(err.value)
    assert _cli_error(["incidents", "--db", where]) == f"error: {err.value}"


def test_extract_resolves_the_day_against_publication() -> None:
    ex = harmwatch.extract(
        "On Tuesday an airstrike on Saraqib killed 9 civilians, a monitoring group said.",
        published="2018-01-31",
    )
    assert isinstance(ex, ReportExtraction)
    (inc,) = ex.incidents
    assert inc.date == dt.date(2018, 1, 30)
    assert inc.killed == Range(min=9, max=9)
    assert inc.location is not None and inc.location.name == "Saraqib"
    with pytest.raises(UsageError, match="^published: '30/01/2018' is not a date"):
        harmwatch.extract("An airstrike killed 9.", published="30/01/2018")
    with pytest.raises(UsageError, match="^text: is empty"):
        harmwatch.extract("  ")


def test_the_readme_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- python-api -->\n```python\n(.*?)```", readme, re.S)
    assert match, "README.md has no <!-- python-api --> block"
    _jsonl(tmp_path / "reports.jsonl", REPORTS)
    monkeypatch.chdir(tmp_path)
    printed: list[str] = []
    namespace: dict[str, Any] = {"print": lambda *a: printed.append(" ".join(map(str, a)))}
    exec(compile(match.group(1), "README.md", "exec"), namespace)  # noqa: S102
    assert printed[0] == "3 3 []"
    assert namespace["df"]["killed_min"].max() == 5
    assert printed[-1].startswith("2018-01-30 ")
    assert (tmp_path / "harmwatch.db").is_file()
