"""The resolver's vocabularies (``resolve/data/*.csv``), loaded once; the ones the store's
exports share (actor labels and sides, event families and their ACLED types) are in
`harmwatch.vocab`."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from harmwatch.vocab import (  # noqa: F401  (re-exported: the resolver reads them from here)
    acled_types,
    actor_labels,
    actor_sides,
    event_families,
    event_phrases,
    label,
    remote_families,
    side,
)


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("harmwatch.resolve").joinpath("data", name).open(encoding="utf-8") as fp:
        return list(csv.DictReader(fp))


@lru_cache(maxsize=1)
def means_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(means, pattern): how an attack was carried out, as the words of a report name it (from
    the air, by artillery, in ground fighting, by a planted bomb, by gunmen)."""
    return tuple((r["means"], re.compile(r["pattern"], re.IGNORECASE))
                 for r in _rows("means.csv"))


@lru_cache(maxsize=1)
def harm_cues() -> dict[str, re.Pattern[str]]:
    """cue -> pattern: what a report says of the harm done in words ("no fatalities were
    reported", "neither injuries nor fatalities", "civilians were wounded")."""
    return {r["cue"]: re.compile(r["pattern"], re.IGNORECASE) for r in _rows("harm_cues.csv")}


@lru_cache(maxsize=1)
def place_cues() -> dict[str, re.Pattern[str]]:
    """cue -> pattern: how a report places an event relative to a town rather than in it ("near
    Kafr Nabl", "in the vicinity of", "on the Harasta front", "the villages around")."""
    return {r["cue"]: re.compile(r["pattern"], re.IGNORECASE) for r in _rows("place_cues.csv")}
