"""Candidate incidents in a batch: the in-memory backend of `candidates`.

The incidents are filed under keys by day (the days `candidates.in_window` looks at) and by
place (the places `candidates.reaches` reaches: the normalised name, the country, the
province, the map cell, and per province and day the places by their lower-case name, for a
text that names a town of its province): a dict lookup per key, O(1) per mention. Keys are
added when an incident changes and never taken away, so a key may lead to an incident that has
moved since; `candidates.admissible` keeps only what the incident's record now allows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Generic, Protocol, TypeVar

from harmwatch.resolve.candidates import SLACK_DAYS, admissible, cell, is_coarse, window
from harmwatch.resolve.match import norm_name
from harmwatch.store.record_types import Digest, Record


class Indexed(Protocol):
    """An incident of the batch: ``seq`` is unique; ``stored`` is its id in the database, or
    None for one this batch creates (numbered in the order created)."""

    seq: int
    stored: int | None
    record: Record


Inc = TypeVar("Inc", bound=Indexed)


def newest_first(inc: Indexed) -> tuple[bool, int]:
    """The sort key (descending) of the candidates' order: the incidents the batch creates,
    latest first, then the stored ones, by id from the highest (as `SqlCandidates` orders)."""
    return (inc.stored is None, inc.seq if inc.stored is None else inc.stored)


def _days(record: Record) -> Iterator[dt.date]:
    if not record.date:
        return
    first = dt.date.fromisoformat(record.date)
    last = dt.date.fromisoformat(record.date_end or record.date)
    for n in range(min((last - first).days, SLACK_DAYS) + 1):
        yield first + dt.timedelta(days=n)


class MemoryCandidates(Generic[Inc]):
    """Candidates among the incidents `add`-ed (again after each change)."""

    def __init__(self) -> None:
        # each bucket keyed by the incident's seq: adding again (after an attach) is O(1)
        self.keys: dict[tuple[Any, ...], dict[int, Inc]] = defaultdict(dict)
        # the incidents of a province and day, by the lower-case name of their place (a text
        # naming a town of the province reaches its incidents without reading all of them)
        self.named: dict[tuple[dt.date, str], dict[str, dict[int, Inc]]] = defaultdict(dict)
        self.filed: dict[int, tuple[str, set[tuple[dt.date, str]]]] = {}
        self.placed: dict[int, tuple[Any, ...]] = {}  # what each incident was last added as

    def _file(self, inc: Inc, province_days: list[tuple[dt.date, str]]) -> None:
        """File ``inc`` under its place's current name in the province buckets it was ever
        added to and in ``province_days``; a renamed place moves in all of them."""
        loc = inc.record.location
        name = ((loc.name if loc else None) or "").lower()
        old, buckets = self.filed.get(inc.seq, (name, set()))
        if old != name:
            for key in buckets:
                group = self.named[key]
                del group[old][inc.seq]
                if not group[old]:
                    del group[old]
                group.setdefault(name, {})[inc.seq] = inc
        for key in province_days:
            if key not in buckets:
                buckets.add(key)
                self.named[key].setdefault(name, {})[inc.seq] = inc
        self.filed[inc.seq] = (name, buckets)

    def add(self, inc: Inc) -> None:
        rec = inc.record
        loc = rec.location
        placed = (
            (rec.date, rec.date_end, True, loc.name, loc.admin1, loc.country, loc.precision)
            + (loc.lat, loc.lon)
            if loc
            else (rec.date, rec.date_end, False, *(None,) * 6)
        )
        if self.placed.get(inc.seq) == placed:
            return  # its days and place are as they were: its keys are all there already
        self.placed[inc.seq] = placed
        coarse = is_coarse(loc)
        province_days: list[tuple[dt.date, str]] = []
        for day in _days(inc.record):
            keys: list[tuple[Any, ...]] = [("day", day)]
            if loc:
                keys.append(("name", day, norm_name(loc.name)))
                if loc.admin1:
                    keys.append(("admin1", day, norm_name(loc.admin1)))
                    province_days.append((day, norm_name(loc.admin1)))
                    if coarse:
                        keys.append(("coarse", day, norm_name(loc.admin1)))
                if loc.country:
                    keys.append(("country", day, loc.country))
                where = cell(loc)
                if where and not coarse:
                    keys.append(("cell", day, *where))
            for key in keys:
                self.keys[key].setdefault(inc.seq, inc)
        self._file(inc, province_days)

    def find(self, d: Digest) -> list[Inc]:
        days = window(d)
        if days is None:
            return []
        lo, hi = days
        loc = d.location
        snippet = d.snippet.lower()
        found: dict[int, Inc] = {}
        day = lo
        while day <= hi:
            keys: list[tuple[Any, ...]] = []
            if not loc:
                keys.append(("day", day))
            else:
                precision = loc.precision or "town"
                keys.append(("name", day, norm_name(loc.name)))
                if precision == "country":
                    keys.append(("country", day, loc.country))
                elif is_coarse(loc):
                    keys.append(("admin1", day, norm_name(loc.admin1 or "")))
                else:
                    if loc.admin1:
                        keys.append(("coarse", day, norm_name(loc.admin1)))
                        # places of the province that the text names (the record's own name)
                        for name, group in self.named.get((day, norm_name(loc.admin1)), {}).items():
                            if name and name in snippet:
                                found.update(group)
                    where = cell(loc)
                    if where:
                        keys += [
                            ("cell", day, where[0] + i, where[1] + j)
                            for i in (-1, 0, 1)
                            for j in (-1, 0, 1)
                        ]
            for key in keys:
                found.update(self.keys.get(key, {}))
            day += dt.timedelta(days=1)
        keep = [inc for inc in found.values() if admissible(d, inc.record, days)]
        return sorted(keep, key=newest_first, reverse=True)
