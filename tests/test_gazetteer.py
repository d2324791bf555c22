"""The gazetteer: transliteration-robust keys, lookups, scanning, user files, DB places, CLI."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from harmwatch.errors import GazetteerError
from harmwatch.gazetteer import Gazetteer, load
from harmwatch.gazetteer.normalize import keys, loose_key
from harmwatch.store.places import use_stored_places


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture
def private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """User-file indexes cached in tmp_path (the base index stays loaded in process)."""
    load.base_index()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Saraqeb", "Saraqib"),
        ("Maaret al-Numan", "Ma'arrat al-Nu'man"),
        ("Maarat al-Numan", "Ma’arat an-Nouman"),
        ("Kafranbel", "Kafr Nubl"),
        ("Idleb", "Idlib"),
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("Deir ez-Zor", "Deir Ezzor"),
        ("Hasakah", "Hassakeh"),
        ("Tell Rifaat", "Tal Rifat"),
        ("Jisr al-Shughour", "Jsr al-Shughur"),
        ("Abu Kamal", "Abou Kemal"),
        ("Kfar Zita", "Kafr Zeita"),
        ("Beit Lahia", "Beit Lahya"),
        ("As-Suwayda", "Sweida"),
    ],
)
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert loose_key(a) == loose_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Saraqeb", "Sarmada"),
        ("Maarat al-Numan", "Maarat Misrin"),
        ("Kafranbel", "Kafr Takharim"),
        ("Khan Sheikhoun", "Khan Tuman"),
        ("Idlib", "Ariha"),
        ("Homs", "Hama"),
        ("Jisr al-Shughur", "Jisreen"),
        ("Deir ez-Zor", "Deir Hafer"),
    ],
)
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert loose_key(a) != loose_key(b)


def test_strict_key_drops_articles_marks_and_endings() -> None:
    assert keys("Ma'arrat al-Nu'man")[0] == "maarat numan"
    assert keys("Ar-Raqqah")[0] == keys("Raqqa")[0] == keys("Raqa")[0] == "raqa"


@pytest.mark.parametrize(
    ("written", "gazetteer_name"),
    [("Raqa", "Raqqa"), ("Mayyadin", "Mayadin"), ("Tadmur", "Taddmur")],
)
def test_a_doubled_consonant_written_or_not_is_the_same_strict_key(
    written: str, gazetteer_name: str
) -> None:
    assert keys(written)[0] == keys(gazetteer_name)[0]


@pytest.mark.parametrize(
    ("name", "expected", "admin1"),
    [
        ("Saraqeb", "Saraqib", "Idlib"),
        ("Kafr Nubl", "Kafranbel", "Idlib"),
        ("Khan Sheikhoun", "Khan Shaykhun", "Idlib"),
        ("Maaret al-Numan", "Ma'arrat an Nu'man", "Idlib"),
        ("Beit Lahiya", "Bayt Lahya", "North Gaza"),
    ],
)
def test_lookup_finds_the_syrian_or_gazan_town(
    gaz: Gazetteer, name: str, expected: str, admin1: str
) -> None:
    place = gaz.lookup(name, country=gaz.lookup(name).country)  # type: ignore[union-attr]
    assert place is not None and place.name == expected
    assert place.admin1 == admin1


def test_lookup_respects_admin1_spelling_variants(gaz: Gazetteer) -> None:
    place = gaz.lookup("Saraqib", admin1="Idleb", country="SY")
    assert place is not None and place.name == "Saraqib"
    assert gaz.lookup("Saraqib", admin1="Hasakah", country="SY") is None


def test_provinces_have_their_variants(gaz: Gazetteer) -> None:
    for spelling in ("Rif Dimashq", "Rural Damascus", "Damascus countryside"):
        places = [p for p, _ in gaz.candidates(spelling) if p.feature == "province"]
        assert places and places[0].name == "Rural Damascus", spelling


def test_scan_finds_places_with_offsets(gaz: Gazetteer) -> None:
    text = "Jets struck Saraqeb and Maaret al-Numan, then Kafr Nubl in Idleb."
    found = {m.text: m for m in gaz.scan(text)}
    assert {"Saraqeb", "Maaret al-Numan", "Kafr Nubl", "Idleb"} <= set(found)
    m = found["Maaret al-Numan"]
    assert text[m.start : m.end] == "Maaret al-Numan"
    assert any(p.country == "SY" for p in m.places)


@pytest.mark.parametrize(
    "text",
    [
        "Homes were damaged.",
        "Mark said nothing.",
        "Military sources spoke.",
        "Hospital staff fled.",
        "Cancer patients waited.",
        "March was quiet.",
        "Friday prayers ended.",
        "HTS and AAS fighters clashed.",
    ],
)
def test_scan_ignores_common_words_and_acronyms(gaz: Gazetteer, text: str) -> None:
    assert gaz.scan(text) == []


def test_scan_needs_capitals(gaz: Gazetteer) -> None:
    assert gaz.scan("the idlib countryside") == []
    assert [m.text for m in gaz.scan("the Idlib countryside")] == ["Idlib"]


def test_user_csv_places_are_found_in_any_spelling(private_cache: Path, tmp_path: Path) -> None:
    csv = tmp_path / "coded.csv"
    csv.write_text(
        "name,lat,lon,admin1,admin2,country\n"
        "Tell Haddiya,35.91,37.02,Idleb,Idleb,SY\n"
        "Umm Jurn - Umm Jurn Saghir,36.10,37.40,Aleppo,Jebel Saman,Syria\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load([csv])
    match = gaz.scan("Shells fell on Tal Hadiya at dawn.")
    assert [m.text for m in match] == ["Tal Hadiya"]
    assert match[0].places[0].id.startswith("user:coded.csv:")
    place = gaz.lookup("Umm Jurn")  # either part of an "A - B" name
    assert place is not None and place.country == "SY" and place.lat == 36.10
    assert list(private_cache.glob("harmwatch/gazetteer-user-*.pickle"))


def _geonames_row(gid: int, name: str, alts: str, lat: float, lon: float, fcode: str) -> str:
    fclass = {"ADM1": "A", "ADM2": "A", "SPNG": "H"}.get(fcode, "P")
    cols = [
        str(gid),
        name,
        name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        "SY",
        "",
        "12",
        "",
        "",
        "",
        "1200",
        "",
        "300",
        "Asia/Damascus",
        "2020-01-01",
    ]
    return "\t".join(cols)


def test_geonames_dump_and_zip(private_cache: Path, tmp_path: Path) -> None:
    rows = [
        _geonames_row(9000001, "Qaryat Zaytun", "Qariyat Zeitoun,Zaytun", 35.8, 36.7, "PPL"),
        _geonames_row(9000002, "Ard al-Test", "", 35.7, 36.6, "ADM2"),
        _geonames_row(9000003, "Some Spring", "", 35.6, 36.5, "SPNG"),
    ]
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(dump, "SY.txt")
    for path in (dump, archive):
        gaz = Gazetteer.load([path])
        place = gaz.lookup("Qariyat Zeitoun")
        assert place is not None and place.id == "geonames:9000001"
        assert place.admin1 == "Idlib"  # nearest shipped province to a code it cannot name
        district = gaz.lookup("Ard al-Test")
        assert district is not None and district.feature == "district"
        assert gaz.lookup("Some Spring") is None  # springs, hills... are not settlements


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,lat\nX,1\n", "coded.csv:1: missing column(s) lon"),
        ("name,lat,lon\nX,north,2\n", "coded.csv:2: lat/lon missing or not numbers"),
        ("name,lat,lon\nX,,\n", "coded.csv:2: lat/lon missing or not numbers"),
        ("name,lat,lon\nX,95,2\n", "coded.csv:2: lat/lon out of range (95.0, 2.0)"),
        ("name,lat,lon\n,35,36\n", "coded.csv:2: a place needs a name"),
        ("name,lat,lon\n", "no places found"),
    ],
)
def test_bad_user_file_says_where(
    private_cache: Path, tmp_path: Path, content: str, message: str
) -> None:
    csv = tmp_path / "coded.csv"
    csv.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Gazetteer.load([csv])


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no such gazetteer file"):
        Gazetteer.load([tmp_path / "nope.csv"])


def test_places_added_to_the_database_are_used(db_url: str, tmp_path: Path) -> None:
    from harmwatch.cli.main import app

    csv = tmp_path / "village.csv"
    csv.write_text("name,lat,lon,country\nKhirbet Qatrana,35.5,36.5,SY\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "add", str(csv), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "stored 1 places" in result.output
    again = runner.invoke(app, ["gazetteer", "add", str(csv), "--db", db_url])
    assert again.exit_code == 0  # the same file replaces its places
    use_stored_places()  # the store lends the gazetteer its places table
    gaz = Gazetteer.load(db_url=db_url)
    matches = gaz.scan("A strike hit Khirbet Qatrana.")
    assert [m.places[0].id.startswith("db:") for m in matches] == [True]
    assert len([p for p, _ in gaz.candidates("Khirbet Qatrana") if p.id.startswith("db:")]) == 1
    shown = runner.invoke(app, ["gazetteer", "lookup", "Khirbet Qatrana", "--db", db_url])
    assert shown.exit_code == 0 and "35.5000,36.5000" in shown.output


def test_cli_lookup_and_bad_file(tmp_path: Path) -> None:
    from harmwatch.cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "lookup", "Saraqeb", "--country", "SY"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("Saraqib\t35.86")
    missing = runner.invoke(app, ["gazetteer", "lookup", "Zzzq"])
    assert missing.exit_code == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("title,body\na,b\n", encoding="utf-8")
    added = runner.invoke(app, ["gazetteer", "add", str(bad), "--db", str(tmp_path / "x.db")])
    assert added.exit_code == 1
    assert "bad.csv:1: missing column(s) name, lat, lon" in added.output


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_scan_offsets_always_point_at_the_match(text: str) -> None:
    gaz = Gazetteer.load()
    for m in gaz.scan(text + " in Saraqeb"):
        assert (text + " in Saraqeb")[m.start : m.end] == m.text
        assert len(m.places) == len(m.strict) >= 1


def test_ingest_into_a_database_uses_its_stored_places(db_url: str, tmp_path: Path) -> None:
    """`gazetteer add FILE --db X` then `ingest --db X`: the village only the file knows is
    the incident's place, with the file's coordinates."""
    import json

    from harmwatch.cli.main import app

    csv = tmp_path / "villages.csv"
    csv.write_text(
        "name,lat,lon,admin1,country\nKhirbet Umm Zeitouna,35.61,36.71,Idlib,SY\n", encoding="utf-8"
    )
    report = tmp_path / "r.jsonl"
    report.write_text(
        json.dumps(
            {
                "id": "v1",
                "published": "2024-03-04",
                "text": "An airstrike hit the village of Khirbet Umm Zeitouna in Idlib on Sunday, "
                "killing four civilians, the civil defence said.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["gazetteer", "add", str(csv), "--db", db_url]).exit_code == 0
    ingested = runner.invoke(app, ["ingest", str(report), "--db", db_url])
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(app, ["incidents", "--db", db_url, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    incidents = [json.loads(line) for line in listed.output.splitlines() if line.strip()]
    assert len(incidents) == 1
    location = incidents[0]["location"]
    assert "Zeitouna" in json.dumps(location)
    assert abs(location["lat"] - 35.61) < 0.01 and abs(location["lon"] - 36.71) < 0.01


@pytest.mark.parametrize(
    ("geonames", "shown"),
    [
        ("‘Afrīn", "Afrin"),
        ("Ma‘arrat an Nu‘mān", "Ma'arrat an Nu'man"),
        ("Arīḩā", "Ariha"),
        ("Dūmā", "Duma"),
        ("Deir ez-Zor", "Deir ez-Zor"),
        ("Łódź", "Lodz"),
    ],
)
def test_places_are_shown_as_english_reporting_writes_them(geonames: str, shown: str) -> None:
    from harmwatch.gazetteer.normalize import readable

    assert readable(geonames) == shown


def test_built_in_towns_carry_readable_names() -> None:
    place = Gazetteer.load().lookup("Afrin", country="SY")
    assert place is not None and place.name == "Afrin"
