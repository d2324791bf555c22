"""Places kept outside the gazetteer's files: the database's `places` table.

The gazetteer sits below the store, so it does not read the database itself: the store hands it
a `PlaceTable` (`harmwatch.store.places.use_stored_places()`), which the orchestrator, the CLI
and the Dask workers do before they build an extractor on a database. A gazetteer asked for the
places of a database before that raises `GazetteerError`.
"""

from __future__ import annotations

from typing import Protocol

from harmwatch.errors import GazetteerError
from harmwatch.gazetteer.load import Index


class PlaceTable(Protocol):
    def stamp(self, url: str) -> tuple[int, int]:
        """(row count, highest id) of the stored places: changes whenever places are added."""
        ...

    def index(self, url: str) -> Index:
        """Every stored place, indexed by its names."""
        ...

    def sources(self, url: str) -> list[tuple[str, int]]:
        """(source file name, places) of every file stored."""
        ...


_TABLE: list[PlaceTable] = []


def use_place_table(table: PlaceTable) -> None:
    """Read stored places through ``table`` from now on (the store's, normally)."""
    _TABLE[:] = [table]


def place_table(url: str) -> PlaceTable:
    if not _TABLE:
        raise GazetteerError(
            f"the places stored in {url} cannot be read: no place table is set "
            "(call harmwatch.store.places.use_stored_places() first)"
        )
    return _TABLE[0]
