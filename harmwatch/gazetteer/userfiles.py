"""User gazetteer files: CSV tables of coded places and GeoNames country dumps.

- CSV with a header holding at least ``name,lat,lon`` (optionally ``admin1,admin2,country`` and
  ``alternate_names`` separated by ``|``), like an analyst's table of coded places;
- GeoNames dumps (``SY.txt`` or ``SY.zip`` from download.geonames.org, 19 tab-separated columns):
  populated places (class P) and first/second-level admin areas;
- the village tables of ``../shared/gazetteers`` (``name,alt_names,lat,lon,admin1,admin2,country,
  feature_code,population,source_id``: the format of the shipped ``data/villages.csv.gz``);
- any other CSV whose columns are named by a mapping (``{"name": "Town", "lat": "Y", ...}``).

A bad row raises `GazetteerError` naming the file and line before anything is stored.

Each file's index is pickled like the base index, keyed on the file's size and mtime.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from harmwatch.errors import GazetteerError
from harmwatch.gazetteer.load import (
    Index,
    _cached,
    _data_path,
    _km,
    _stamp,
    _usable_alternate,
    admin1_resolver,
    base_index,
    country_codes,
    nearest_admin1,
)
from harmwatch.gazetteer.normalize import MIN_LOOSE, fold, keys
from harmwatch.gazetteer.types import Place
from harmwatch.gazetteer.villages import (
    VillageFormatError,
    english_qualified,
    is_village_header,
    read_village_rows,
    unqualified,
    village_feature,
)

_READER = 5  # bump when the names read from a row change: cached indexes are rebuilt
# after a name's first word, "Elasad", "Elatareb": an article glued to a word (vowel or not)
_GLUED_INNER = re.compile(r"^(?:Al|El)(\w{4,})$")
_GLUED_ARTICLE = re.compile(r"^(?:Al|El)([bcdfghjklmnpqrstvwxyz]\w{3,})$", re.I)


def _unglued(word: str) -> str:
    glued = _GLUED_INNER.match(word)
    return glued.group(1) if glued else word


SUFFIX_TOWN_KM = 20.0  # how near the town a name's last words name must lie
_TRAILING_ARTICLE = re.compile(r"(?:^|[\s-])(?:al|el|as|ash|ar|an|at|az|ad|abu|bin|umm?)$", re.I)


class _TownPoints:
    """Where the towns of a user's table and of the built-in gazetteer lie, by name key, to
    tell a name suffixed with a nearby town's ("Kafr Naseh Elatareb": the Kafr Naseh by al-
    Atarib, "Kafr Naseh Tal Refaat" the one by Tall Rifat), the way analysts' tables tell two
    villages of one name apart."""

    def __init__(self, rows: list[tuple[Place, list[str]]]) -> None:
        self.points: dict[str, list[tuple[float, float]]] = {}
        for place, names in rows:
            if place.lat is None or place.lon is None:
                continue
            for name in names:
                self.points.setdefault(keys(name)[1], []).append((place.lat, place.lon))
        self.base = base_index()

    def near(self, name: str, lat: float, lon: float) -> bool:
        sk, lk = keys(name)
        if len(lk) < MIN_LOOSE:
            return False
        pts = list(self.points.get(lk, ()))
        for key, table in ((sk, self.base.strict), (lk, self.base.loose)):
            for i in list(table.get(key, ()))[:200]:
                p = self.base.place(i)
                if p.lat is not None and p.lon is not None and p.feature in ("town", "village"):
                    pts.append((p.lat, p.lon))
        return any(0.5 < _km(lat, lon, a, b) <= SUFFIX_TOWN_KM for a, b in pts)

    def _split(self, place: Place) -> list[str]:
        from harmwatch.gazetteer.matcher import _particles  # (matcher imports this module)

        words = place.name.split()
        if " - " in place.name or place.lat is None or place.lon is None or len(words) < 3:
            return []
        out: list[str] = []
        for k in (1, 2):
            rest = " ".join(words[:-k])
            if len(words) - k < 2 or _TRAILING_ARTICLE.search(rest):
                continue
            if any(w in _particles() for w in words[-k - 1 :]):
                continue  # "San Jose del Monte", "Santiago de Queretaro": one name
            suffix = " ".join(_unglued(w) for w in words[-k:])
            if len(keys(rest)[1]) >= MIN_LOOSE and fold(suffix) != fold(rest):
                if self.near(suffix, place.lat, place.lon):
                    out.append(rest)
        return out

    def index_rests(self, rows: list[tuple[Place, list[str]]]) -> None:
        """The names two or more entries share once a nearby town's name is cut from each:
        the table's own sign that the town tells namesakes apart."""
        seen: dict[str, set[str]] = {}
        self.rests: dict[str, list[str]] = {}
        for place, _ in rows:
            rests = self._split(place)
            self.rests[place.id] = rests
            for r in rests:
                seen.setdefault(keys(r)[0], set()).add(place.id)
        self.shared = {k for k, ids in seen.items() if len(ids) >= 2}

    def unsuffixed(self, place: Place) -> list[str]:
        """The entry's name without last words that name a town near it, when another entry
        of the table shares what is left ("Kafr Naseh Elatareb", "Kafr Naseh Tal Refaat")."""
        return [r for r in self.rests.get(place.id, ()) if keys(r)[0] in self.shared]


def user_index(path: Path) -> Index:
    if not path.is_file():
        raise GazetteerError(f"{path}: no such gazetteer file (give a CSV or a GeoNames dump)")
    # the country names and spelling rules the rows are read with are part of the index
    data = "|".join(_stamp(_data_path(n)) for n in ("countries.csv", "normalize.json"))
    return _cached("user", f"{_stamp(path)}|{data}|{_READER}", lambda: _build_user(path))


def _build_user(path: Path) -> Index:
    index = Index()
    rows = list(read_places(path))
    towns = _TownPoints(rows)
    towns.index_rests(rows)
    for place, names in rows:
        # "Tal Abu Rweil al-Sharqi" is also "Eastern Tal Abu Rweil" and "Tal Abu Rweil", as
        # the built-in villages are (`villages.add_villages`); "Kafr Naseh Elatareb" also
        # "Kafr Naseh" (`_without_town_suffix`)
        extra = [*english_qualified(names), *unqualified(names), *towns.unsuffixed(place)]
        index.add(place, [*names, *extra])
    if not len(index):
        raise GazetteerError(
            f"{path}: no places found (expected a CSV with name,lat,lon columns or a GeoNames dump)"
        )
    return index


COLUMNS = ("name", "lat", "lon", "admin1", "admin2", "country", "alternate_names", "feature")


def read_places(
    path: Path, columns: Mapping[str, str] | None = None
) -> Iterator[tuple[Place, list[str]]]:
    """Every place in a user file with all its names; GazetteerError names the bad line.

    Reads a UTF-8 CSV whose header holds name,lat,lon (and any of admin1, admin2, country,
    alternate_names separated by "|", feature); a village table (name, alt_names, lat, lon,
    feature_code, source_id among its columns, `villages.is_village_header`);
    a GeoNames country dump (CC.txt, 19 tab-separated columns, or CC.zip). `columns` maps
    harmwatch's column names (`COLUMNS`) to a CSV's own."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                inner = [
                    n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()
                ]
                if not inner:
                    raise GazetteerError(f"{path}: the zip holds no GeoNames .txt dump")
                text = zf.read(inner[0]).decode("utf-8")
        except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as err:
            raise GazetteerError(
                f"{path}: not a readable GeoNames zip ({err}); download it again"
            ) from None
        yield from _read_geonames(path, io.StringIO(text))
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise GazetteerError(f"{path}: not UTF-8 text ({err.reason}); save it as UTF-8") from err
    first = text.split("\n", 1)[0]
    if first.count("\t") >= 18 and first.split("\t", 1)[0].isdigit():
        yield from _read_geonames(path, io.StringIO(text))
    elif columns is None and is_village_header(first.strip().split(",")):
        yield from _read_villages(path, io.StringIO(text))
    else:
        yield from _read_csv(path, io.StringIO(text), columns or {})


def _read_villages(path: Path, fh: io.StringIO) -> Iterator[tuple[Place, list[str]]]:
    try:
        for row in read_village_rows(fh, str(path)):
            place = Place(
                id=f"user:{path.name}:{row.gazetteer_id}",
                name=row.name,
                lat=row.lat,
                lon=row.lon,
                admin1=row.admin1 or None,
                admin2=row.admin2 or None,
                country=row.country or None,
                feature=village_feature(row),
                population=row.population,
            )
            yield place, [row.name, *(a for a in row.alt_names if _usable_alternate(a))]
    except VillageFormatError as err:
        raise GazetteerError(f"{err}; fix the row or remove it") from None


def _read_geonames(path: Path, fh: io.StringIO) -> Iterator[tuple[Place, list[str]]]:
    rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    cities = []
    for n, row in enumerate(rows, start=1):
        if len(row) != 19:
            raise GazetteerError(
                f"{path}:{n}: expected 19 tab-separated GeoNames columns, found {len(row)} "
                "(a truncated download? fetch the dump again)"
            )
        try:
            lat, lon, pop = float(row[4]), float(row[5]), int(row[14] or 0)
        except ValueError:
            raise GazetteerError(
                f"{path}:{n}: latitude, longitude or population is not a number "
                f"({row[4]!r}, {row[5]!r}, {row[14]!r}); fetch the dump again"
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{path}:{n}: lat/lon out of range ({lat}, {lon})")
        if row[6] == "P":
            cities.append(
                {
                    "countrycode": row[8],
                    "admin1code": row[10],
                    "name": row[1],
                    "alternatenames": row[3].split(","),
                    "latitude": lat,
                    "longitude": lon,
                    "population": pop,
                }
            )
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
            id=f"geonames:{row[0]}",
            name=row[1],
            lat=lat,
            lon=lon,
            admin1=admin1,
            country=cc,
            feature=feature,
            population=int(row[14] or 0),
        )
        yield place, names


def _read_csv(
    path: Path, fh: io.StringIO, columns: Mapping[str, str]
) -> Iterator[tuple[Place, list[str]]]:
    reader = csv.DictReader(fh)
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    for ours, theirs in columns.items():
        if ours not in COLUMNS:
            raise GazetteerError(
                f"{path}: unknown column mapping {ours}={theirs}; map {', '.join(COLUMNS)}"
            )
        if theirs.strip().lower() not in fields:
            raise GazetteerError(
                f"{path}:1: no column {theirs!r} to read {ours} from; the header has "
                f"{', '.join(reader.fieldnames or [])}"
            )
        fields[ours] = fields[theirs.strip().lower()]
    missing = [c for c in ("name", "lat", "lon") if c not in fields]
    if missing:
        raise GazetteerError(
            f"{path}:1: missing column(s) {', '.join(missing)}; a gazetteer CSV needs a header "
            "with name,lat,lon (and optionally admin1,admin2,country,alternate_names), or map "
            "its own columns (--column lat=Y)"
        )
    countries = country_codes()

    def col(row: dict[str, str], name: str) -> str:
        return (row.get(fields[name]) or "").strip() if name in fields else ""

    for n, row in enumerate(reader, start=2):
        name = col(row, "name")
        try:
            lat, lon = float(col(row, "lat")), float(col(row, "lon"))
        except ValueError as err:
            raise GazetteerError(
                f"{path}:{n}: lat/lon missing or not numbers ({err}); every place needs "
                "coordinates in decimal degrees"
            ) from None
        if not name:
            raise GazetteerError(f"{path}:{n}: a place needs a name")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(
                f"{path}:{n}: lat/lon out of range ({lat}, {lon}); latitude is -90..90 and "
                "longitude -180..180 (swapped columns?)"
            )
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
            words = alt.split()
            if len(words) > 1 and any(_GLUED_INNER.match(w) for w in words[1:]):
                # "Dahiet Elasad" is also written "Dahiet al-Assad"
                alts.append(" ".join(_unglued(w) if k else w for k, w in enumerate(words)))
        place = Place(
            id=f"user:{path.name}:{n}",
            name=name,
            lat=lat,
            lon=lon,
            admin1=col(row, "admin1") or None,
            admin2=col(row, "admin2") or None,
            country=country.upper() or None,
            feature=col(row, "feature") or "town",
        )
        yield place, [name, *alts]
