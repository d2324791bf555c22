"""The columns an ACLED or UCDP user looks for, added to every export (CSV, GeoJSON, JSON,
Parquet), and the Parquet writer.

- place: ``country`` (its name), ``iso`` (ISO 3166-1 alpha-2), ``admin1``, ``admin2`` (from
  the gazetteer place of the report that named the incident's place), ``location_precision``;
- ACLED: ``actor2`` (the civilians harmed, as ACLED writes a civilian target: "Civilians
  (Syria)"), ``assoc_actor_1`` (the other alleged perpetrators), ``time_precision`` (1 a day,
  2 a week, 3 a month or a year), ``geo_precision`` (1 a town or finer, 2 a district, 3 a
  province or country);
- UCDP: ``low``/``best``/``high`` killed. ``low`` is the lowest toll given (blank when only
  "up to N" was said), ``high`` the highest (blank when only "at least N"), ``best`` the median
  of the latest killed figure of each source that gave one, kept within [low, high]; with no
  such figure, ``low`` (or ``high`` when only it is known).
"""

from __future__ import annotations

import statistics
from typing import Any, BinaryIO

from harmwatch.gazetteer.load import country_names
from harmwatch.store.record_types import Record, read
from harmwatch.store.schema import IncidentRow
from harmwatch.vocab import label

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {
    "exact": 1,
    "neighbourhood": 1,
    "village": 1,
    "town": 1,
    "district": 2,
    "province": 3,
    "country": 3,
}
EXTRA_COLUMNS = [
    "country",
    "iso",
    "admin2",
    "location_precision",
    "date_precision",
    "time_precision",
    "actor2",
    "assoc_actor_1",
    "low",
    "best",
    "high",
    "review_status",
]


def country_name(iso: str | None) -> str:
    return country_names().get(iso or "", iso or "")


def admin2_of(row: IncidentRow) -> str | None:
    """The district of the incident's place, as the gazetteer gave it to a report naming it."""
    for mention in row.mentions:
        location = (mention.payload or {}).get("location") or {}
        if location.get("admin2") and location.get("name") == row.place_name:
            return str(location["admin2"])
    return None


def best_killed(row: IncidentRow, rec: Record | None = None) -> int | None:
    low, high = row.killed_min, row.killed_max
    latest: dict[str, int] = {}
    rec = rec if rec is not None else read(row.record)
    for f in rec.figures:  # sorted by publication: the last one wins
        if f.kind == "killed" and f.group not in ("children", "women"):
            if isinstance(f.value, int):
                latest[f.source or f.report_id or "?"] = f.value
    if latest:
        best = int(statistics.median_low(latest.values()))
        if low is not None:
            best = max(best, low)
        if high is not None:
            best = min(best, high)
        return best
    return low if low is not None else high


def extra_columns(row: IncidentRow, rec: Record | None = None) -> dict[str, Any]:
    """The columns of `EXTRA_COLUMNS` for one incident (None where unknown); ``rec``: its
    record, when the caller has read it."""
    rec = rec if rec is not None else read(row.record)
    perpetrators = list(  # actor1 is the first; each other one once
        dict.fromkeys(
            label(p.id, p.name) for p in rec.perpetrators if p.id is not None and p.id != "unknown"
        )
    )
    country = country_name(row.country) or None
    return {
        "country": country,
        "iso": row.country,
        "admin2": admin2_of(row),
        "location_precision": row.place_precision,
        "date_precision": row.date_precision,
        "time_precision": TIME_PRECISION.get(row.date_precision or "day") if row.date else None,
        "actor2": f"Civilians ({country})" if country else "Civilians",
        "assoc_actor_1": "; ".join(perpetrators[1:]) or None,
        "low": row.killed_min,
        "best": best_killed(row, rec),
        "high": row.killed_max,
        "review_status": row.review_status,
    }


INT_COLUMNS = {
    "year",
    "geo_precision",
    "time_precision",
    "fatalities",
    "low",
    "best",
    "high",
    *(
        f"{name}_{end}"
        for name in ("killed", "injured", "children_killed", "women_killed")
        for end in ("min", "max")
    ),
}
FLOAT_COLUMNS = {"latitude", "longitude"}


def write_parquet(rows: list[dict[str, Any]], columns: list[str], out: BinaryIO) -> int:
    """``rows`` (CSV rows: blanks for unknown) as a Parquet table with typed columns: numbers
    as nullable int64/float64, the rest as strings. Needs pyarrow (``pip install
    harmwatch[data]``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from harmwatch.errors import StoreError

        raise StoreError(
            "the Parquet export needs pyarrow: pip install 'harmwatch[data]' (or pyarrow)"
        ) from None

    def kind(name: str) -> Any:
        if name in INT_COLUMNS:
            return pa.int64()
        return pa.float64() if name in FLOAT_COLUMNS else pa.string()

    def value(name: str, v: Any) -> Any:
        if v == "" or v is None:
            return None
        if name in INT_COLUMNS:
            return int(v)
        return float(v) if name in FLOAT_COLUMNS else str(v)

    schema = pa.schema([(name, kind(name)) for name in columns])
    data = {name: [value(name, r.get(name)) for r in rows] for name in columns}
    pq.write_table(pa.table(data, schema=schema), out)
    return len(rows)
