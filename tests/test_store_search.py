"""Words search through the full-text indexes, and read results kept until the data changes
(counts, statistics, the map), on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from api_data import (  # noqa: F401 (fixtures)
    client,
    seeded_db_fixture,
    seeded_pg_fixture,
    seeded_sqlite_fixture,
)
from conftest import _sa_url

from harmwatch.api.app import create_app
from harmwatch.settings import Settings
from harmwatch.store import search


@pytest.fixture
def db_url(seeded_db) -> str:  # type: ignore[no-untyped-def]
    return str(seeded_db[0])


@pytest.fixture
def seeded(seeded_db):  # type: ignore[no-untyped-def]
    return seeded_db[1]


@pytest.fixture
def api(db_url):  # type: ignore[no-untyped-def]
    return client(create_app(db_url, Settings(host="127.0.0.1")))


def found(api, q: str) -> set[int]:  # type: ignore[no-untyped-def]
    response = api.get("/api/incidents", params={"q": q})
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()["data"]}


def analyst(api, seeded):  # type: ignore[no-untyped-def]
    api.headers["Authorization"] = f"Bearer {seeded.analyst_token}"
    return api


def elsewhere(url: str, statement: str) -> None:
    """Write as another program would: a connection of its own, outside the app's pool."""
    engine = sa.create_engine(_sa_url(url), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("q", "which"),
    [
        ("vegetable", {"market"}),  # a word of one report of the incident
        ("VEGETABLE Market", {"market"}),  # any case, every word
        ("veg", {"market"}),  # the start of a word
        ("artillery homes", {"shelling"}),
        ("roadside", {"hostile"}),
        ("vegetable roadside", set()),  # words of two different incidents
        ("Maarat", {"shelling"}),  # the incident's place name
        ("syria_gov", {"market"}),  # its actors
        ("src=x", {"hostile"}),  # words of the report's raw text, markup and all
        ("bicycle", set()),
    ],
)
def test_words_search_finds_incidents_by_their_words(api, seeded, q: str, which: set[str]) -> None:
    names = {"market": seeded.market, "shelling": seeded.shelling, "hostile": seeded.hostile}
    assert found(api, q) == {names[name] for name in which}


def test_a_search_without_words_still_looks_for_the_text(api, seeded) -> None:
    assert search.words("<>=") == []
    assert found(api, "=") == {seeded.hostile}  # "src=x": the text as it is
    assert found(api, "%") == set()  # a LIKE wildcard is a character here


def test_an_edited_summary_is_searched_at_once(api, seeded) -> None:
    assert found(api, "zeppelin") == set()
    edit = analyst(api, seeded).patch(
        f"/api/incidents/{seeded.shelling}",
        json={"summary": "Shells, and a zeppelin seen overhead.", "place_name": "Kafr Nubl"},
    )
    assert edit.status_code == 200, edit.text
    assert found(api, "zeppelin") == {seeded.shelling}
    # the place is picked from the gazetteer: its own spelling is what is stored and searched
    place = edit.json()["place_name"]
    assert place.lower().startswith("kafr")
    assert found(api, place.split()[-1]) == {seeded.shelling}
    assert found(api, "Maarat") == {seeded.shelling}  # still in its report's text


def test_a_report_stored_later_is_searched(api, seeded, db_url) -> None:
    from harmwatch.models import Report
    from harmwatch.store.db import session_scope
    from harmwatch.store.reports import add_report

    assert found(api, "quadcopter") == set()
    with session_scope(db_url) as session:
        add_report(session, Report(id="later", text="A quadcopter dropped a grenade."))
    elsewhere(db_url, "UPDATE mentions SET report_id = 'later' WHERE report_id = 'api-shelling'")
    assert found(api, "quadcopter") == {seeded.shelling}


def test_stats_follow_an_analysts_edit(api, seeded) -> None:
    assert api.get("/api/stats").json()["killed"] == 19 + 5 + 3
    edit = analyst(api, seeded).patch(
        f"/api/incidents/{seeded.shelling}", json={"killed_min": 8, "killed_max": 9}
    )
    assert edit.status_code == 200, edit.text
    stats = api.get("/api/stats").json()
    assert stats["killed"] == 19 + 8 + 3
    assert {"key": "Maarat al-Numan", "incidents": 1, "killed": 8} in stats["by_place"]


def test_counts_stats_and_map_follow_writes_from_another_program(api, seeded, db_url) -> None:
    assert api.get("/api/incidents").json()["total"] == 3
    assert api.get("/api/stats").json()["incidents"] == 3
    assert len(api.get("/api/incidents/map").json()) == 3
    assert {p["id"] for p in api.get("/api/incidents/map?place=Aleppo").json()} == {seeded.hostile}
    elsewhere(
        db_url, f"UPDATE incidents SET merged_into_id = {seeded.market} WHERE id = {seeded.hostile}"
    )
    assert api.get("/api/incidents").json()["total"] == 2
    assert api.get("/api/stats").json()["incidents"] == 2
    assert {p["id"] for p in api.get("/api/incidents/map").json()} == {
        seeded.market,
        seeded.shelling,
    }
    assert api.get("/api/incidents/map?place=Aleppo").json() == []
    elsewhere(db_url, f"UPDATE incidents SET place_name = 'Saraqib' WHERE id = {seeded.shelling}")
    assert {r["id"] for r in api.get("/api/incidents?place=saraq").json()["data"]} == {
        seeded.shelling
    }


def test_the_map_is_the_json_of_its_declared_model(api, seeded) -> None:
    from pydantic import TypeAdapter

    from harmwatch.api.schemas import PointPublic

    response = api.get("/api/incidents/map")
    assert response.headers["content-type"] == "application/json"
    points = TypeAdapter(list[PointPublic]).validate_json(response.content)
    market = next(p for p in points if p.id == seeded.market)
    assert (market.place_name, market.event_type, str(market.date)) == (
        "Idlib",
        "airstrike",
        "2020-01-15",
    )
    assert [p.date for p in points] == sorted((p.date for p in points), reverse=True)


def test_a_database_file_replaced_under_the_same_name_is_read_afresh(
    backend, seeded_db, request
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from conftest import _forget_engines

    if backend != "sqlite":
        pytest.skip("a file of its own: SQLite")
    url = str(seeded_db[0])
    assert (
        client(create_app(url, Settings(host="127.0.0.1"))).get("/api/stats").json()["incidents"]
        == 3
    )
    _forget_engines(url)  # as a restart would; then another database takes the file's place
    path = url.removeprefix("sqlite:///")
    for suffix in ("-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
    shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
    api = client(create_app(url, Settings(host="127.0.0.1")))
    assert api.get("/api/stats").json()["incidents"] == 0
    assert api.get("/api/incidents").json()["total"] == 0


@pytest.mark.parametrize("q", ["idlib", "market", "killed", "roadside bomb", "bicycle"])
def test_both_forms_of_a_search_find_the_same_incidents_in_the_same_order(
    seeded, db_url, q: str
) -> None:
    from harmwatch.store.db import session_scope
    from harmwatch.store.queries import IncidentFilter, incidents_query

    with session_scope(db_url) as session:
        flt = IncidentFilter(q=q)
        fetched = [
            [row.id for row in session.scalars(incidents_query(flt, "-killed", session, scan))]
            for scan in (False, True)
        ]
    assert fetched[0] == fetched[1]
