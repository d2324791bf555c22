"""The read side of the REST API: lists with filters, the incident record with its evidence,
reports with their spans, statistics, escaping, headers and the anonymous-read setting."""

from __future__ import annotations

import pytest
from api_data import (  # noqa: F401 (fixtures)
    FEED_ID,
    FEED_TEXT,
    HOSTILE,
    HOSTILE_TEXT,
    MARKET_A,
    MARKET_B,
    client,
    seeded_db_fixture,
    seeded_pg_fixture,
    seeded_sqlite_fixture,
    store_feed_item,
)

from harmwatch.api.app import create_app
from harmwatch.settings import Settings


@pytest.fixture
def db_url(seeded_db) -> str:  # type: ignore[no-untyped-def]
    return str(seeded_db[0])


@pytest.fixture
def seeded(seeded_db):  # type: ignore[no-untyped-def]
    return seeded_db[1]


@pytest.fixture
def api(db_url):  # type: ignore[no-untyped-def]
    return client(create_app(db_url, Settings(host="127.0.0.1")))


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["data"]]


def test_two_outlets_make_one_incident_with_both_tolls(api, seeded) -> None:
    body = api.get("/api/incidents").json()
    assert body["total"] == 3
    market = next(row for row in body["data"] if row["id"] == seeded.market)
    assert market["killed"] == {"min": 19, "max": 21}
    assert market["report_ids"] == ["api-market-a", "api-market-b"]
    assert market["source_count"] == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2020-01-18", {"shelling", "hostile"}),
        ("until=2020-01-18", {"market"}),
        ("since=2020-01-15&until=2020-01-20", {"market", "shelling"}),
        ("bbox=36.5,35.5,36.7,35.7", {"shelling"}),
        ("bbox=36,35,38,37", {"market", "shelling", "hostile"}),
        ("place=maarat", {"shelling"}),
        ("place=Idlib", {"market", "shelling"}),  # the town, and the province of the other
        # any spelling the gazetteer's keys join, provinces named with their kind, countries
        ("place=Idleb", {"market", "shelling"}),
        ("place=Idlib%20province", {"market", "shelling"}),
        ("place=Ma'arrat%20an%20Nu'man", {"shelling"}),
        ("place=Maaret%20al-Nouman", {"shelling"}),
        ("place=Syria", {"market", "shelling", "hostile"}),
        ("place=Halab", {"hostile"}),  # another name of Aleppo in the gazetteer
        ("place=Iraq", set()),
        ("actor=syria_gov", {"market"}),
        ("grade=Fair", {"market"}),
        ("event_type=shelling", {"shelling"}),
        ("min_killed=5", {"market", "shelling"}),
        ("q=roadside", {"hostile"}),
        ("q=vegetable", {"market"}),
        ("q=nothing-like-this", set()),
    ],
)
def test_filters(api, seeded, query: str, expected: set[str]) -> None:
    names = {seeded.market: "market", seeded.shelling: "shelling", seeded.hostile: "hostile"}
    assert {names[i] for i in ids(api.get(f"/api/incidents?{query}"))} == expected


def test_sorting_and_pages(api, seeded) -> None:
    assert ids(api.get("/api/incidents?sort=-killed")) == [
        seeded.market,
        seeded.shelling,
        seeded.hostile,
    ]
    assert ids(api.get("/api/incidents?sort=date")) == [
        seeded.market,
        seeded.shelling,
        seeded.hostile,
    ]
    page = api.get("/api/incidents?sort=date&limit=2&offset=2").json()
    assert page["total"] == 3 and [r["id"] for r in page["data"]] == [seeded.hostile]
    bad = api.get("/api/incidents?sort=colour")
    assert bad.status_code == 422 and "cannot sort by 'colour'" in bad.json()["detail"]
    assert api.get("/api/incidents?bbox=1,2,3").status_code == 422


def test_incident_record_shows_each_source_sentence(api, seeded) -> None:
    record = api.get(f"/api/incidents/{seeded.market}").json()
    assert record["grade"] == "Fair" and record["grade_reason"]
    by_report = {s["report_id"]: s for s in record["sources"]}
    assert by_report["api-market-a"]["outlet"] == "Outlet One"
    figure = by_report["api-market-a"]["figures"][0]
    assert figure["value"] == 19 and figure["qualifier"] == "at_least"
    ev = figure["evidence"]
    assert ev["sentence"] == "At least 19 civilians were killed, the civil defence said."
    assert MARKET_A[ev["start"] : ev["end"]] == "At least 19 civilians"
    assert ev["sentence"][ev["start"] - ev["sentence_start"] :].startswith("At least 19")
    b_values = sorted(f["value"] for f in by_report["api-market-b"]["figures"])
    assert b_values == [7, 21, 82]
    assert [d["actor_id"] for d in record["denials"]] == ["russia"]
    assert record["denials"][0]["evidence"]["sentence"].startswith("Russia's defence ministry")
    assert [p["actor_id"] for p in record["perpetrators"]] == ["syria_gov"]
    assert record["perpetrators"][0]["by"] == "doctors"
    assert {e["kind"] for e in record["merge_history"]} == {"create", "attach"}
    assert record["audit"] == []


def test_unknown_ids_are_404(api) -> None:
    assert api.get("/api/incidents/999").status_code == 404
    response = api.get("/api/reports/no-such-report")
    assert response.status_code == 404 and "no report" in response.json()["detail"]


def test_a_report_whose_id_is_a_url_can_be_opened(api, db_url) -> None:
    from urllib.parse import quote

    incident = store_feed_item(db_url)
    sources = api.get(f"/api/incidents/{incident}").json()["sources"]
    assert [s["report_id"] for s in sources] == [FEED_ID]
    encoded = api.get(f"/api/reports/{quote(FEED_ID, safe='')}")  # as the web app asks
    assert encoded.status_code == 200, encoded.text
    assert encoded.json()["id"] == FEED_ID and encoded.json()["text"] == FEED_TEXT
    assert encoded.json()["incident_ids"] == [incident]
    slashes = api.get(f"/api/reports/{quote(FEED_ID, safe='/:')}")  # slashes left as they are
    assert slashes.status_code == 200 and slashes.json()["id"] == FEED_ID
    prefix = api.get(f"/api/reports/{quote(FEED_ID.rsplit('/', 1)[0], safe='')}")
    assert prefix.status_code == 404  # part of the id is not the report


def test_report_spans_point_at_the_evidence(api) -> None:
    report = api.get("/api/reports/api-market-b").json()
    assert report["text"] == MARKET_B
    marked = {MARKET_B[s["start"] : s["end"]] for s in report["spans"] if s["kind"] == "figure"}
    assert marked == {"21 people had died", "82 were wounded", "Seven of the dead"}
    assert [s["start"] for s in report["spans"]] == sorted(s["start"] for s in report["spans"])


def test_hostile_report_is_returned_as_plain_json_text(api, seeded) -> None:
    response = api.get("/api/reports/api-hostile")
    assert response.headers["content-type"].startswith("application/json")
    report = response.json()
    assert report["text"] == HOSTILE_TEXT and report["text"].startswith(HOSTILE)
    assert report["title"] == "<script>alert(2)</script>"
    record = api.get(f"/api/incidents/{seeded.hostile}").json()
    assert record["sources"][0]["outlet"] == "<b>Bold Outlet</b>"


def test_stats_by_day_place_and_actor(api) -> None:
    stats = api.get("/api/stats").json()
    assert stats["incidents"] == 3 and stats["killed"] == 19 + 5 + 3
    assert [(d["day"], d["killed"]) for d in stats["by_day"]] == [
        ("2020-01-15", 19),
        ("2020-01-20", 5),
        ("2020-02-07", 3),
    ]
    assert stats["by_place"][0] == {"key": "Idlib", "incidents": 1, "killed": 19}
    assert {"key": "syria_gov", "incidents": 1, "killed": 19} in stats["by_actor"]
    assert api.get("/api/stats?event_type=shelling").json()["killed"] == 5


def test_app_and_security_headers(api) -> None:
    page = api.get("/")
    assert page.status_code == 200 and '<div id="map"' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert api.get("/static/js/app.js").status_code == 200
    assert api.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert api.get("/api/incidents").headers["cache-control"] == "no-store"
    schema = api.get("/openapi.json").json()
    assert "/api/incidents/{incident_id}" in schema["paths"]


def test_api_docs_are_served_from_the_package_under_the_apps_policy(api) -> None:
    """/docs works offline: Swagger UI comes from the package, started without inline script."""
    import re

    page = api.get("/docs")
    assert page.status_code == 200 and 'id="swagger-ui"' in page.text
    assert (
        page.headers["content-security-policy"] == api.get("/").headers["content-security-policy"]
    )  # no looser policy for this page
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert not re.search(r"(https?:)?//", page.text), "an address on another host"
    assert not re.search(r"<script>|<script(?![^>]*\bsrc=)", page.text), "an inline script"
    assets = [a for a in re.findall(r'(?:src|href)="([^"]+)"', page.text) if a != "data:,"]
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        got = api.get(asset)
        assert got.status_code == 200 and len(got.content) > 100, asset
        assert "//cdn." not in got.text and "jsdelivr" not in got.text, asset
    starter = api.get(next(a for a in assets if a.endswith("docs.js"))).text
    assert '"/openapi.json"' in starter and api.get("/openapi.json").status_code == 200
    assert api.get("/redoc").status_code == 404  # ReDoc would come from a CDN: not offered


def test_tile_host_is_allowed_by_the_csp(db_url) -> None:
    settings = Settings(host="127.0.0.1", tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    api = client(create_app(db_url, settings))
    assert "https://*.tiles.example.org" in api.get("/").headers["content-security-policy"]
    assert api.get("/api/config").json()["tile_url"] == settings.tile_url


@pytest.mark.parametrize(
    ("host", "setting", "open_"),
    [
        ("127.0.0.1", None, True),
        ("0.0.0.0", None, False),
        ("0.0.0.0", True, True),
        ("127.0.0.1", False, False),
    ],
)
def test_anonymous_read_setting(db_url, seeded, host, setting, open_) -> None:
    api = client(create_app(db_url, Settings(host=host, anonymous_read=setting)))
    assert (api.get("/api/incidents").status_code == 200) is open_
    assert (api.get("/api/stats").status_code == 200) is open_
    token = {"Authorization": f"Bearer {seeded.viewer_token}"}
    assert api.get("/api/incidents", headers=token).status_code == 200
    assert api.get("/api/me").json()["anonymous_read"] is open_


@pytest.mark.slow
def test_serve_command_answers_the_app_and_the_api(db_url, seeded) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "harmwatch.cli.main",
        "serve",
        "--db",
        db_url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"{base}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "harmwatch serve did not start"
                time.sleep(0.2)
        assert page.status_code == 200 and 'id="map"' in page.text
        listed = httpx.get(f"{base}/api/incidents", timeout=5).json()
        assert listed["total"] == 3
        patch = httpx.patch(f"{base}/api/incidents/{seeded.market}", json={"killed_max": 1})
        assert patch.status_code == 401
    finally:
        server.terminate()
        server.wait(10)
        server.stdout.close()  # type: ignore[union-attr]


def test_map_points_honour_the_filters(api, seeded) -> None:
    points = api.get("/api/incidents/map").json()
    assert {p["id"] for p in points} == {seeded.market, seeded.shelling, seeded.hostile}
    market = next(p for p in points if p["id"] == seeded.market)
    assert (market["lat"], market["lon"], market["killed"]) == (
        35.93,
        36.63,
        {"min": 19, "max": 21},
    )
    only = api.get("/api/incidents/map?min_killed=10").json()
    assert [p["id"] for p in only] == [seeded.market]


def test_every_api_route_declares_what_it_returns(api) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    operations = [
        (path, method, op)
        for path, methods in paths.items()
        if path.startswith("/api")
        for method, op in methods.items()
    ]
    assert len(operations) >= 18
    for path, method, op in operations:
        ok = op["responses"].get("200") or op["responses"].get("201")
        assert ok and ok["content"], f"{method} {path}"
        if not path.startswith("/api/export."):  # exports are files, with their media type
            assert ok["content"]["application/json"]["schema"], f"{method} {path}"
        assert op.get("description"), f"{method} {path} has no docstring for the OpenAPI page"


def test_the_app_never_writes_html_from_data() -> None:
    from pathlib import Path

    import harmwatch.web

    scripts = sorted((Path(harmwatch.web.__file__).parent / "static" / "js").glob("*.js"))
    assert len(scripts) >= 5
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, f"{script.name} uses {sink}: build DOM with textContent"
