"""The overview's filters as the web app sends them: "at least N killed" with an "up to N" toll,
a from-date after the to-date, the perpetrators' names and the range text of each row."""

from __future__ import annotations

import pytest
from api_data import (  # noqa: F401 (fixtures)
    client,
    seeded_db_fixture,
    seeded_pg_fixture,
    seeded_sqlite_fixture,
)
from sqlalchemy import update

from harmwatch.api.app import create_app
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow


@pytest.fixture
def api(seeded_db):  # type: ignore[no-untyped-def]
    url, seeded = seeded_db
    with session_scope(str(url)) as session:  # the shelling's toll: "up to 35", no lower bound
        session.execute(
            update(IncidentRow)
            .where(IncidentRow.id == seeded.shelling)
            .values(killed_min=None, killed_max=35)
        )
    return client(create_app(str(url), Settings(host="127.0.0.1"))), seeded


def test_up_to_n_counts_as_n_in_at_least_n_killed(api) -> None:  # type: ignore[no-untyped-def]
    api, seeded = api
    for path in ("/api/incidents?min_killed=30", "/api/export.json?min_killed=30"):
        body = api.get(path).json()
        rows = body["data"] if isinstance(body, dict) else body
        assert [r["id"] for r in rows] == [seeded.shelling], path
    points = api.get("/api/incidents/map?min_killed=30").json()
    assert [p["id"] for p in points] == [seeded.shelling]
    assert api.get("/api/stats?min_killed=30").json()["incidents"] == 1
    assert api.get("/api/incidents?min_killed=36").json()["total"] == 0


def test_the_range_is_written_once_for_every_client(api) -> None:  # type: ignore[no-untyped-def]
    api, seeded = api
    rows = {r["id"]: r for r in api.get("/api/incidents").json()["data"]}
    assert rows[seeded.shelling]["range_text"]["killed"] == "up to 35"
    assert rows[seeded.market]["range_text"]["killed"] == "19-21"
    detail = api.get(f"/api/incidents/{seeded.shelling}").json()
    assert detail["range_text"]["killed"] == "up to 35"


def test_from_after_to_is_a_clear_error(api) -> None:  # type: ignore[no-untyped-def]
    api, _ = api
    for path in ("/api/incidents", "/api/stats", "/api/incidents/map", "/api/export.csv"):
        response = api.get(f"{path}?since=2020-02-01&until=2020-01-01")
        assert response.status_code == 422, path
        assert response.json()["detail"] == (
            "the from-date 2020-02-01 is after the to-date 2020-01-01: swap them or clear one"
        )


def test_rows_carry_their_perpetrators_names(api) -> None:  # type: ignore[no-untyped-def]
    api, seeded = api
    market = next(r for r in api.get("/api/incidents").json()["data"] if r["id"] == seeded.market)
    assert market["actors"] and len(market["actor_names"]) == len(market["actors"])
    assert all(name and name != "unknown" for name in market["actor_names"])
