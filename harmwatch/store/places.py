"""User places kept in the database (`harmwatch gazetteer add FILE --db URL`), and the
`PlaceTable` through which the gazetteer reads them (`use_stored_places`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from harmwatch.gazetteer.load import Index
from harmwatch.gazetteer.stored import use_place_table
from harmwatch.gazetteer.types import Place
from harmwatch.gazetteer.userfiles import read_places
from harmwatch.store.db import session_scope
from harmwatch.store.schema import PlaceRow


def db_stamp(url: str) -> tuple[int, int]:
    """(row count, highest id) of the places table: changes whenever places are added."""
    with session_scope(url) as session:
        count, top = session.execute(select(func.count(PlaceRow.id), func.max(PlaceRow.id))).one()
    return int(count or 0), int(top or 0)


def db_index(url: str) -> Index:
    index = Index()
    with session_scope(url) as session:
        for row in session.scalars(select(PlaceRow).order_by(PlaceRow.id)):
            place = Place(
                id=f"db:{row.id}",
                name=row.name,
                lat=row.lat,
                lon=row.lon,
                admin1=row.admin1,
                admin2=row.admin2,
                country=row.country,
            )
            index.add(place, [row.name, *(row.alternate_names or [])])
    return index


def add_places(
    session: Session, path: Path, *, replace: bool = True, columns: Mapping[str, str] | None = None
) -> int:
    """Store every place of a user gazetteer file in the `places` table; returns how many.

    The whole file is read before anything is stored (a bad line stores nothing). Places from
    the same file are replaced, so adding a file again updates it."""
    source = str(path.name)
    rows = _rows(read_places(path, columns), source)
    if replace:
        session.execute(delete(PlaceRow).where(PlaceRow.source == source))
    session.add_all(rows)
    session.flush()
    return len(rows)


def _rows(places: Iterable[tuple[Place, list[str]]], source: str) -> list[PlaceRow]:
    out = []
    for place, names in places:
        if place.lat is None or place.lon is None:
            continue
        alts = sorted({n for n in names if n and n != place.name})
        out.append(
            PlaceRow(
                name=place.name,
                lat=place.lat,
                lon=place.lon,
                admin1=place.admin1,
                admin2=place.admin2,
                country=place.country,
                alternate_names=alts,
                source=source,
            )
        )
    return out


def stored_sources(url: str) -> list[tuple[str, int]]:
    """(source file name, places) of every file stored in the places table."""
    with session_scope(url) as session:
        rows = session.execute(
            select(PlaceRow.source, func.count(PlaceRow.id))
            .group_by(PlaceRow.source)
            .order_by(PlaceRow.source)
        ).all()
    return [(str(name), int(n)) for name, n in rows]


class StoredPlaces:
    """The `harmwatch.gazetteer.stored.PlaceTable` of the `places` table."""

    def stamp(self, url: str) -> tuple[int, int]:
        return db_stamp(url)

    def index(self, url: str) -> Index:
        return db_index(url)

    def sources(self, url: str) -> list[tuple[str, int]]:
        return stored_sources(url)


def use_stored_places() -> None:
    """Let the gazetteer read the places stored in a database (before building an extractor
    or a gazetteer with ``places_db``/``db_url``)."""
    use_place_table(StoredPlaces())
