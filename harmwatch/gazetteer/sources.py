"""Where the gazetteer's places come from, with each source's licence and attribution
(`harmwatch gazetteer sources`). The built-in sources are data (``data/sources.json``); user
files and the database's places are listed as they are found."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

USER_LICENCE = "as given by its provider"


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    what: str
    licence: str
    attribution: str
    file: str
    places: int | None = None  # how many places it gives, when known


@lru_cache(maxsize=1)
def builtin_sources() -> tuple[Source, ...]:
    raw = resources.files("harmwatch.gazetteer").joinpath("data/sources.json").read_text("utf-8")
    return tuple(Source(**s) for s in json.loads(raw)["builtin"])


def gazetteer_sources(
    user_files: Sequence[Path | str] = (), db_url: str | None = None
) -> list[Source]:
    """The built-in sources, then each user file, then each file stored in the database."""
    out = list(builtin_sources())
    for f in user_files:
        path = Path(f)
        out.append(
            Source(
                id=f"user:{path.name}",
                name=f"user file {path.name}",
                what=f"places of {path} (--gazetteer / HARMWATCH_GAZETTEER_FILES)",
                licence=USER_LICENCE,
                attribution=USER_LICENCE,
                file=str(path),
            )
        )
    if db_url:
        from harmwatch.gazetteer.stored import place_table

        for name, count in place_table(db_url).sources(db_url):
            licence = "CC BY 4.0" if _is_geonames_dump(name) else USER_LICENCE
            attribution = (
                "Contains data from GeoNames (https://www.geonames.org), CC BY 4.0."
                if _is_geonames_dump(name)
                else USER_LICENCE
            )
            out.append(
                Source(
                    id=f"db:{name}",
                    name=f"stored {name}",
                    what=f"places stored from {name} (harmwatch gazetteer add / download)",
                    licence=licence,
                    attribution=attribution,
                    file=name,
                    places=count,
                )
            )
    return out


def _is_geonames_dump(name: str) -> bool:
    stem, _, ext = name.rpartition(".")
    return ext.lower() in ("zip", "txt") and len(stem) == 2 and stem.isalpha() and stem.isupper()
