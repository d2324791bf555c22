"""Shared option texts say what the code does: `--gazetteer` names exactly the formats
`read_places` reads (it once promised JSONL, which it never read)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.cli.options import GAZETTEER_FILE_HELP
from harmwatch.errors import GazetteerError
from harmwatch.gazetteer.userfiles import read_places

GEONAMES_ROW = "\t".join(
    [
        "9100001",
        "Tell Waradi",
        "Tell Waradi",
        "",
        "35.61",
        "36.62",
        "P",
        "PPL",
        "SY",
        "",
        "12",
        "",
        "",
        "",
        "0",
        "",
        "300",
        "Asia/Damascus",
        "2024-01-01",
    ]
)


def _files(tmp: Path) -> dict[str, Path]:
    csv = tmp / "mine.csv"
    csv.write_text(
        "name,lat,lon,admin1,country,alternate_names\n"
        "Tell Waradi,35.61,36.62,Idlib,SY,Tal Waradi|Tell Wardi\n",
        encoding="utf-8",
    )
    villages = tmp / "villages.csv"
    villages.write_text(
        "name,alt_names,lat,lon,admin1,admin2,country,feature_code,population,source_id\n"
        "Tell Waradi,Tal Waradi,35.61,36.62,Idlib,Ariha,SY,PPL,300,wof:1\n",
        encoding="utf-8",
    )
    dump = tmp / "SY.txt"
    dump.write_text(GEONAMES_ROW + "\n", encoding="utf-8")
    zipped = tmp / "SY.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("SY.txt", GEONAMES_ROW + "\n")
    return {"csv": csv, "village table": villages, "dump": dump, "zip": zipped}


@pytest.mark.parametrize("kind", ["csv", "village table", "dump", "zip"])
def test_every_format_the_help_names_is_read(kind: str, tmp_path: Path) -> None:
    places = list(read_places(_files(tmp_path)[kind]))
    assert [p.name for p, _ in places] == ["Tell Waradi"]


def test_the_help_names_no_format_it_cannot_read(tmp_path: Path) -> None:
    assert "JSONL" not in GAZETTEER_FILE_HELP and "json" not in GAZETTEER_FILE_HELP.lower()
    jsonl = tmp_path / "places.jsonl"
    jsonl.write_text('{"name": "Tell Waradi", "lat": 35.61, "lon": 36.62}\n', encoding="utf-8")
    with pytest.raises(GazetteerError):
        list(read_places(jsonl))


@pytest.mark.parametrize("command", ["ingest", "bulk", "extract", "eval", "reextract"])
def test_every_gazetteer_option_says_it(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    text = " ".join(result.output.replace("│", " ").split())
    assert "GeoNames country dump" in text and "name,lat,lon" in text


def test_verbose_logs_the_steps_and_quiet_logs_nothing(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("Shelling hit Binnish overnight; two people were killed.\n", encoding="utf-8")
    args = ["ingest", str(text), "--no-extract", "--no-progress"]
    quiet = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "a.db")])
    assert quiet.exit_code == 0 and "harmwatch.store.migrate" not in quiet.stderr
    loud = CliRunner().invoke(app, ["-vv", *args, "--db", str(tmp_path / "b.db")])
    assert loud.exit_code == 0, loud.output
    lines = loud.stderr.splitlines()
    assert any(" INFO harmwatch.store.migrate: migrating " in ln for ln in lines), lines
    assert any(ln.endswith(f"DEBUG harmwatch.ingest.detect: reading {text}") for ln in lines)
    assert "new" in loud.stdout  # the command's own output is unchanged
