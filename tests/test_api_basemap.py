"""The offline basemap's place labels: bigger towns at low zoom, more as the map zooms in,
provinces from the shipped admin1 file, bounded in number, bad boxes refused clearly."""

from __future__ import annotations

import pytest
from api_data import client

from harmwatch.api.app import create_app
from harmwatch.api.basemap import LIMIT, MIN_POPULATION
from harmwatch.settings import Settings


@pytest.fixture
def api(db_url):  # type: ignore[no-untyped-def]
    return client(create_app(db_url, Settings(host="127.0.0.1")))


def places(api, bbox: str, zoom: int) -> list[dict]:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/basemap/places?bbox={bbox}&zoom={zoom}")
    assert response.status_code == 200, response.text
    return response.json()


def test_low_zoom_labels_only_big_towns(api) -> None:  # type: ignore[no-untyped-def]
    world = places(api, "-180,-85,180,85", 3)
    assert 20 <= len(world) <= LIMIT
    assert all(p["kind"] == "town" and p["population"] >= MIN_POPULATION[3] for p in world)
    names = {p["name"] for p in world}
    assert {"Cairo", "Istanbul"} <= names


def test_zooming_in_labels_smaller_towns_and_provinces(api) -> None:  # type: ignore[no-untyped-def]
    box = "36.0,35.4,38.2,36.6"  # around Idlib and Aleppo
    wide = places(api, box, 5)
    near = places(api, box, 9)
    assert len(near) > len(wide)
    assert {"Idlib", "Aleppo"} <= {p["name"] for p in near if p["kind"] == "province"}
    towns = [p for p in near if p["kind"] == "town"]
    assert min(p["population"] for p in towns) < MIN_POPULATION[7]
    assert all(35.4 <= p["lat"] <= 36.6 and 36.0 <= p["lon"] <= 38.2 for p in near)
    assert [p["name"] for p in places(api, box, 4)] == ["Aleppo"]  # 800,000 people or more


def test_a_bad_box_is_refused_with_what_to_give(api) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/basemap/places?bbox=east&zoom=5")
    assert response.status_code == 422
    assert "west,south,east,north" in response.json()["detail"]
