"""The candidate search: one suite run against both backends (`blocking.SqlCandidates` on ingest,
`index.MemoryCandidates` in `resolve_many`), and each rule of `candidates.admissible` alone."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import _forget_engines, create_pg_database, drop_pg_database, pg_admin_url
from resolve_digests import (
    DAY,
    HAMA,
    HAMA_PROVINCE,
    HAMA_QUARTER,
    MHARDEH,
    RASTAN,
    SUQAYLABIYAH,
    SYRIA,
    mention,
    record,
)

from harmwatch.resolve.blocking import Light, SqlCandidates
from harmwatch.resolve.candidates import admissible, in_window, links, may_link, reaches
from harmwatch.resolve.index import MemoryCandidates
from harmwatch.resolve.record import aggregate, apply_record, extend
from harmwatch.store.db import session_scope
from harmwatch.store.record_types import Digest, Place, Record
from harmwatch.store.schema import IncidentRow


class SqlBackend:
    def __init__(self, url: str) -> None:
        self.url = url

    def load(self, records: list[Record]) -> None:
        with session_scope(self.url) as s:
            for rec in records:
                row = IncidentRow(event_type=rec.event_type, record={}, overrides={})
                s.add(row)
                s.flush()
                apply_record(row, rec)

    def find(self, d: Digest) -> list[str]:
        with session_scope(self.url) as s:
            return [c.record.report_ids[0] for c in SqlCandidates(s).find(d)]


@dataclass(eq=False)
class _Stored:
    seq: int
    stored: int | None
    record: Record


class MemoryBackend:
    def __init__(self) -> None:
        self.index: MemoryCandidates[_Stored] = MemoryCandidates()

    def load(self, records: list[Record]) -> None:
        for n, rec in enumerate(records, start=1):  # as stored, with the ids SQL gives them
            self.index.add(_Stored(-n, n, rec))

    def find(self, d: Digest) -> list[str]:
        return [inc.record.report_ids[0] for inc in self.index.find(d)]


def _searches() -> list[object]:
    params: list[object] = [pytest.param("memory", id="memory"), pytest.param("sqlite", id="sql")]
    if pg_admin_url():
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(params=_searches())
def search(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlBackend | MemoryBackend]:
    """Each backend of the candidate search (SQL on SQLite, and PostgreSQL when the suite has
    one), as httpx runs one suite over its transports."""
    if request.param == "memory":
        yield MemoryBackend()
    elif request.param == "sqlite":
        path = tmp_path / "harmwatch.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
        yield SqlBackend(url)
        _forget_engines(url)
    else:
        admin = pg_admin_url() or ""
        url = create_pg_database(admin, template=request.getfixturevalue("_pg_template"))
        try:
            yield SqlBackend(url)
        finally:
            drop_pg_database(admin, url)


CASES = [
    # (what, incident records, mention, candidates expected)
    ("same town, same day", [record("a")], mention("m"), ["a"]),
    ("same town, the next day", [record("a")], mention("m", day=DAY + dt.timedelta(days=1)), ["a"]),
    (
        "same town, three days later",
        [record("a")],
        mention("m", day=DAY + dt.timedelta(days=3)),
        [],
    ),
    (
        "a week's mention reaches a day of that week",
        [record("a", day=DAY + dt.timedelta(days=5))],
        mention("m", precision="week"),
        ["a"],
    ),
    (
        "undated mention: a week back from its report's date",
        [record("a")],
        mention("m", day=None, published=DAY + dt.timedelta(days=3)),
        ["a"],
    ),
    (
        "undated mention published the week after",
        [record("a")],
        mention("m", day=None, published=DAY + dt.timedelta(days=9)),
        [],
    ),
    (
        "a spelling with an article, no coordinates",
        [record("a", {"name": "al-Mhardeh", "precision": "town"})],
        mention("m", {"name": "Mhardeh", "precision": "town"}),
        ["a"],
    ),
    (
        "another town that the text names",
        [record("a", MHARDEH)],
        mention("m", text="Shells fell on Hama and on Mhardeh."),
        ["a"],
    ),
    ("another town that the text does not name", [record("a", MHARDEH)], mention("m"), []),
    (
        "a named town too far to be the same event",
        [record("a", SUQAYLABIYAH)],
        mention("m", text="Shells fell on Hama, as on Suqaylabiyah last week."),
        [],
    ),
    (
        "a neighbourhood whose town's report names it",
        [record("a", HAMA, text="Shells fell on Hama's Bab Qibli quarter.")],
        mention("m", HAMA_QUARTER, text="Shells fell on a market."),
        ["a"],
    ),
    (
        "a neighbourhood that neither text names",
        [record("a", HAMA)],
        mention("m", HAMA_QUARTER, text="Shells fell on a market."),
        [],
    ),
    (
        "a province mention reaches its towns",
        [record("a", MHARDEH), record("b", RASTAN)],
        mention("m", HAMA_PROVINCE),
        ["a"],
    ),
    ("a town reaches its province", [record("a", HAMA_PROVINCE)], mention("m", MHARDEH), ["a"]),
    ("a country mention reaches its towns", [record("a", RASTAN)], mention("m", SYRIA), ["a"]),
    ("a placed mention does not reach an unplaced incident", [record("a", None)], mention("m"), []),
    (
        "an unplaced mention reaches every incident of its days",
        [record("a", None), record("b", RASTAN)],
        mention("m", None),
        ["b", "a"],
    ),
    ("newest first", [record("a"), record("b"), record("c")], mention("m"), ["c", "b", "a"]),
    # the text's towns are looked up in its own province; another province's, only within the
    # map cells around it (Rastan is 23 km away, in Homs)
    (
        "a town of another province that the text names",
        [record("a", RASTAN)],
        mention("m", text="Shells fell on Hama and on Rastan."),
        [],
    ),
]


@pytest.mark.parametrize(
    ("records", "d", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_candidates(search, records, d, expected):
    search.load(records)
    assert search.find(d) == expected


def test_no_cap_on_the_candidates_of_a_busy_town(search):
    """Ingest kept the 200 newest; the batch kept all: both keep all now."""
    search.load([record(f"r{n:03d}") for n in range(230)])
    assert len(search.find(mention("m"))) == 230


def test_both_backends_keep_what_the_filter_keeps(search):
    """Random incidents and mentions around two provinces: each backend finds exactly the
    incidents `admissible` keeps, newest first (a backend whose lookup misses one fails)."""
    rng = random.Random(15)
    places = [
        HAMA,
        HAMA_QUARTER,
        MHARDEH,
        SUQAYLABIYAH,
        HAMA_PROVINCE,
        SYRIA,
        RASTAN,
        None,
        {"name": "Hamah", "precision": "town", "admin1": "Hama", "country": "SY"},
        {
            "name": "Kafr Zita",
            "lat": 35.3733,
            "lon": 36.6011,
            "admin1": "Hama",
            "country": "SY",
            "precision": "village",
        },
    ]

    def random_mention(rid: str) -> Digest:
        place = rng.choice(places)
        named = rng.sample([p["name"] for p in places if p], 2)
        day = DAY + dt.timedelta(days=rng.randint(-40, 40)) if rng.random() < 0.9 else None
        return mention(
            rid,
            place,
            day=day,
            precision=rng.choice(["day", "day", "week", "month"]),
            text=f"Shells fell on {named[0]} and {named[1]}.",
            published=DAY + dt.timedelta(days=rng.randint(-40, 40)),
        )

    records = [aggregate([random_mention(f"r{n:03d}")]) for n in range(80)]
    search.load(records)
    for n in range(60):
        d = random_mention(f"m{n}")
        expected = [rec.report_ids[0] for rec in reversed(records) if admissible(d, rec)]
        assert search.find(d) == expected


# each rule alone


def test_in_window_reads_the_incidents_days():
    month = record("a", day=dt.date(2021, 3, 1), precision="month")  # runs to 31 March
    assert in_window(mention("m", day=dt.date(2021, 3, 30)), month)
    assert not in_window(mention("m", day=dt.date(2021, 4, 2)), month)
    assert not in_window(mention("m", day=None, published=None), month)
    assert not in_window(mention("m"), record("a", day=None))


def test_reaches_reads_the_place():
    assert reaches(mention("m", None), record("a", RASTAN))
    assert not reaches(mention("m"), record("a", None))
    assert reaches(
        mention("m", {"name": "Hamah", "precision": "town"}),
        record("a", {"name": "HAMAH", "precision": "town"}),
    )
    assert reaches(mention("m", HAMA_PROVINCE), record("a", MHARDEH))
    assert not reaches(mention("m", HAMA_PROVINCE), record("a", RASTAN))
    assert reaches(mention("m", MHARDEH), record("a", HAMA_PROVINCE))
    assert not reaches(mention("m", SUQAYLABIYAH), record("a", MHARDEH))  # 21 km, not named
    assert reaches(
        mention("m", SUQAYLABIYAH, text="Shells hit Mhardeh."), record("a", MHARDEH)
    )  # a town of its province that the text names
    assert reaches(mention("m", HAMA_QUARTER), record("a", HAMA))  # the next map cell


def test_links_lets_another_town_in_only_when_the_text_names_it():
    assert links(mention("m"), record("a"))
    assert not links(mention("m", day=DAY + dt.timedelta(days=2)), record("a"))
    assert not links(mention("m"), record("a", MHARDEH))
    assert links(mention("m", text="Shells fell on Hama and on Mhardeh."), record("a", MHARDEH))
    assert not links(
        mention("m", text="Shells fell on Hama and on Suqaylabiyah."), record("a", SUQAYLABIYAH)
    )  # too far
    # a neighbourhood and its town: either text may name the other's place
    assert links(
        mention("m", HAMA_QUARTER, text="A market was hit."),
        record("a", HAMA, text="Shells hit Bab Qibli in Hama."),
    )
    assert not links(mention("m", HAMA_QUARTER, text="A market was hit."), record("a", HAMA))


def test_may_link_reads_the_place_and_date_only_and_never_refuses_what_links_takes():
    quarter = mention("m", HAMA_QUARTER, text="A market was hit.")
    named_by_them = record("a", HAMA, text="Shells hit Bab Qibli in Hama.")
    assert links(quarter, named_by_them)
    r = named_by_them
    light = Light(r.date, r.date_end, r.date_precision, r.location)
    assert may_link(quarter, light)  # a neighbourhood of the town: its reports may name it
    mhardeh = replace(light, location=Place.from_json(MHARDEH))
    assert not may_link(mention("m"), mhardeh)  # not named, 21 km
    assert not may_link(mention("m", day=DAY + dt.timedelta(days=3)), light)


def test_the_sql_backend_reads_a_changed_record_again(db_url):
    """The records it read are kept for the session: one changed since (a mention attached)
    or loaded again as a new object must be read as it now is."""
    SqlBackend(db_url).load([record("a")])
    with session_scope(db_url) as s:
        search = SqlCandidates(s)
        [first] = search.find(mention("m"))
        assert first.record.report_ids == ("a",)
        assert search.find(mention("m"))[0].record is first.record  # read once
        apply_record(first.row, extend(first.record, mention("b", n=2)))
        [again] = search.find(mention("m"))
        assert again.record.report_ids == ("a", "b")
        s.expunge_all()  # the session forgets the row: it is loaded again, with the same JSON
        [reloaded] = search.find(mention("m"))
        assert reloaded.row is not first.row and reloaded.record is again.record
