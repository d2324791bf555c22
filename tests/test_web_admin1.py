"""Province (admin1) outlines, offline: the shipped files themselves, the overview map drawing
them once zoomed in, and the incident page's mini-map drawing a province-level incident as its
province's outline (a circle when no outline matches). Screenshots named h13c-*."""

# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser and used by name)
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_web_browser import (  # noqa: F401 (fixtures)
    Served,
    api_json,
    browser,
    open_app,
    page,
    served,
    shot,
)
from test_web_workbench import offline

ADMIN1 = Path(__file__).resolve().parents[1] / "harmwatch" / "web" / "static" / "vendor" / "admin1"


def test_the_package_ships_province_outlines_small_and_named() -> None:
    index = json.loads((ADMIN1 / "index.json").read_text(encoding="utf-8"))
    assert {"SY", "IQ", "YE", "UA", "LB", "PS", "LY"} <= set(index)
    total = sum(p.stat().st_size for p in ADMIN1.iterdir())
    assert total < 6_000_000, f"the admin1 outlines take {total} bytes: simplify them more"
    syria = json.loads((ADMIN1 / "SY.geojson").read_text(encoding="utf-8"))
    by_name = {f["properties"]["name"]: f for f in syria["features"]}
    assert len(by_name) >= 14
    # the gazetteer's names were matched to Natural Earth's when the file was built
    assert "Deir ez-Zor" in by_name["Dayr Az Zawr"]["properties"]["names"]
    assert "Daraa" in by_name["Dar`a"]["properties"]["names"]
    for feature in syria["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    aleppo = by_name["Aleppo"]["geometry"]
    ring = aleppo["coordinates"][0] if aleppo["type"] == "Polygon" else aleppo["coordinates"][0][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert 36 < min(lons) < 37.5 < max(lons) < 39.5 and 35 < min(lats) < 36.2 < max(lats) < 37
    for name in ("UA", "YE", "IQ"):
        features = json.loads((ADMIN1 / f"{name}.geojson").read_text())["features"]
        matched = [f for f in features if f["properties"]["names"]]
        assert len(matched) >= len(features) - 3, name


def test_the_map_draws_province_outlines_offline_when_zoomed_in(page, served: Served) -> None:
    refused = offline(page, served)
    open_app(page, served)
    page.wait_for_selector(".hw-label-country")
    page.locator("#map").hover()
    for _ in range(3):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    page.wait_for_function(
        "() => Number(document.querySelector('#map').dataset.provinces || 0) > 10", timeout=15000
    )
    outlines = page.locator("#map path.hw-admin1")
    assert outlines.count() >= 1
    assert page.locator("#map .hw-label").count() > 0  # the labels are still there
    shot(page, "h13c-map-provinces")
    # zoomed out to the world, the province lines go (they would be a smudge)
    out = page.locator("#map .leaflet-control-zoom-out")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(8):
        if out.get_attribute("aria-disabled") == "true":  # at the smallest zoom
            break
        try:
            out.click(timeout=5000)
        except PlaywrightTimeout:
            break  # it reached the smallest zoom while the last click's animation ran
        page.wait_for_timeout(250)
    page.wait_for_function("() => document.querySelector('#map').dataset.provinces === '0'")
    assert page.locator("#map path.hw-admin1").count() == 0
    assert refused == []


def _set_place(served: Served, incident_id: int, **values: object) -> dict[str, object]:
    from sqlalchemy import select, update

    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow

    with session_scope(served.db_url) as session:
        row = session.scalars(select(IncidentRow).where(IncidentRow.id == incident_id)).one()
        before = {k: getattr(row, k) for k in values}
        session.execute(update(IncidentRow).where(IncidentRow.id == incident_id).values(**values))
    return before


def test_the_mini_map_draws_a_province_incident_as_the_province_outline(
    page, served: Served
) -> None:
    refused = offline(page, served)
    open_app(page, served)
    row = api_json(page, "/api/incidents?limit=1")["data"][0]
    before = _set_place(
        served,
        row["id"],
        place_name="Deir ez-Zor",
        admin1="Deir ez-Zor",
        country="SY",
        lat=35.0,
        lon=40.5,
        place_precision="province",
    )
    try:
        open_app(page, served, f"#/incident/{row['id']}")
        page.wait_for_selector(".minimap[data-drawn]")
        assert page.get_attribute(".minimap", "data-drawn") == "province"
        assert page.get_attribute(".minimap", "data-province") == "Dayr Az Zawr"
        outline = page.locator(".minimap path.minimap-province")
        assert outline.count() == 1
        box = outline.bounding_box()
        # the province is some 300 km across: far bigger than a 60 km circle at this zoom
        assert box and max(box["width"], box["height"]) > 100
        assert abs(box["width"] - box["height"]) > 10  # not a circle
        assert "(Deir ez-Zor)" in page.inner_text(".minimap-note")
        shot(page, "h13c-incident-province")
    finally:
        _set_place(served, row["id"], **before)
    assert refused == []


def test_the_mini_map_falls_back_to_a_circle_for_an_unknown_province(page, served: Served) -> None:
    open_app(page, served)
    row = api_json(page, "/api/incidents?limit=1")["data"][0]
    before = _set_place(
        served,
        row["id"],
        place_name="Nowhere Province",
        admin1="Nowhere Province",
        country="SY",
        lat=35.0,
        lon=38.0,
        place_precision="province",
    )
    try:
        open_app(page, served, f"#/incident/{row['id']}")
        page.wait_for_selector(".minimap[data-drawn]")
        assert page.get_attribute(".minimap", "data-drawn") == "circle"
        assert page.locator(".minimap path.minimap-province").count() == 0
        assert page.locator(".minimap path.minimap-area").count() == 1
    finally:
        _set_place(served, row["id"], **before)


@pytest.mark.parametrize("country", ["", "ZZ"])
def test_the_mini_map_without_province_outlines_for_the_country_draws_a_circle(
    page, served: Served, country: str
) -> None:
    open_app(page, served)
    row = api_json(page, "/api/incidents?limit=1")["data"][0]
    before = _set_place(
        served,
        row["id"],
        admin1="Aleppo",
        country=country or None,
        lat=36.2,
        lon=37.6,
        place_precision="province",
    )
    try:
        open_app(page, served, f"#/incident/{row['id']}")
        page.wait_for_selector(".minimap[data-drawn]")
        assert page.get_attribute(".minimap", "data-drawn") == "circle"
    finally:
        _set_place(served, row["id"], **before)


def test_the_place_pickers_map_shows_the_provinces_to_click_in(page, served: Served) -> None:
    from test_web_browser import log_in

    refused = offline(page, served)
    open_app(page, served)
    log_in(page, "ana")
    row = next(r for r in api_json(page, "/api/incidents?limit=50")["data"] if r["lat"] is not None)
    open_app(page, served, f"#/incident/{row['id']}")
    page.click("details.tools-box summary")
    page.wait_for_function(
        "() => Number(document.querySelector('.pick-map')?.dataset.provinces || 0) > 5",
        timeout=15000,
    )
    assert page.locator(".pick-map path.hw-admin1").count() >= 1
    assert refused == []
