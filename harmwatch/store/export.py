"""Exports of incidents: JSON lines, CSV in ACLED-like columns (plus min/max), GeoJSON.

    export_incidents(session, "csv", sys.stdout, IncidentFilter(since=...))

`incident_dict` is the one JSON shape (the API's /api/export.* and the CLI share it). Values
come from the incident's columns (so an analyst's corrections show) and its record (sources,
perpetrators, denials, every source's figure).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO, TextIO

from sqlalchemy.orm import Session

from harmwatch.errors import StoreError
from harmwatch.store.export_columns import (
    EXTRA_COLUMNS,
    GEO_PRECISION,
    admin2_of,
    extra_columns,
    write_parquet,
)
from harmwatch.store.queries import IncidentFilter, all_incidents
from harmwatch.store.record_types import Record, Statement, read
from harmwatch.store.schema import IncidentRow
from harmwatch.vocab import acled_types, label

RANGES = ("killed", "injured", "children_killed", "women_killed")
CSV_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "children_killed_min",
    "children_killed_max",
    "women_killed_min",
    "women_killed_max",
    "grade",
    "grade_reason",
    "harmwatch_event_type",
    "report_ids",
    *EXTRA_COLUMNS,
]


def _range(row: IncidentRow, name: str) -> dict[str, int | None] | None:
    low, high = getattr(row, f"{name}_min"), getattr(row, f"{name}_max")
    return None if low is None and high is None else {"min": low, "max": high}


def _finite(value: float | None) -> float | None:
    """A coordinate, or None for a NaN or an infinity (stored by hand: JSON cannot carry it)."""
    return value if value is None or math.isfinite(value) else None


def incident_dict(row: IncidentRow, rec: Record | None = None) -> dict[str, Any]:
    """One incident as exported (one line of ``--format jsonl``); ``rec``: its record, when
    the caller has read it."""
    rec = rec if rec is not None else read(row.record)
    location = None
    if row.place_name:
        location = {
            "name": row.place_name,
            "lat": _finite(row.lat),
            "lon": _finite(row.lon),
            "admin1": row.admin1,
            "admin2": admin2_of(row),
            "country": row.country,
            "precision": row.place_precision,
        }
    perpetrators = [
        {
            "id": p.id,
            "name": p.name,
            "status": p.status,
            "by": p.by,
            "source": p.source,
            "report_id": p.report_id,
        }
        for p in rec.perpetrators
    ]
    return {
        "id": row.id,
        "report_ids": list(rec.report_ids),
        "date": row.date.isoformat() if row.date else None,
        "date_end": row.date_end.isoformat() if row.date_end else None,
        "date_precision": row.date_precision,
        "location": location,
        "event_type": row.event_type,
        **{name: _range(row, name) for name in RANGES},
        "perpetrators": perpetrators,
        "claims": [_statement(a) for a in rec.claims],
        "denials": [_statement(a) for a in rec.denials],
        "targets": list(rec.targets),
        "figures": [f.to_json() for f in rec.figures],
        "grade": row.grade,
        "grade_reason": row.grade_reason,
        "sources": [s.to_json() for s in rec.sources],
        "independent_sources": rec.n_independent,
        "summary": row.summary,
        "review_status": row.review_status,
        **extra_columns(row, rec),
    }


def _statement(a: Statement) -> dict[str, Any]:
    return {"id": a.id, "actor": a.actor, "source": a.source, "report_id": a.report_id}


def write_jsonl(rows: Iterable[IncidentRow], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(incident_dict(row), ensure_ascii=False) + "\n")
        n += 1
    return n


def _fatalities(row: IncidentRow) -> int:
    if row.killed_min is not None:
        return row.killed_min
    return row.killed_max or 0


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs as a formula (OWASP's advice on CSV
    injection): text starting with ``= + - @``, a tab or a carriage return gets a leading
    single quote, so ``=HYPERLINK(...)`` in a source's name shows as text. Numbers are left
    alone: a longitude of -3.2 stays the number -3.2. A carriage return inside text becomes a
    line feed, which the CSV writer quotes (it quotes only the characters of its line end)."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def csv_values(row: IncidentRow, rec: Record | None = None) -> dict[str, Any]:
    """The CSV columns of one incident, as values (text not yet made spreadsheet-safe);
    ``rec``: its record, when the caller has read it."""
    rec = rec if rec is not None else read(row.record)
    acled, sub = acled_types().get(row.event_type, ("", ""))
    first = next((p for p in rec.perpetrators if p.id not in (None, "unknown")), None)
    outlets = sorted({s.source for s in rec.sources if s.source})
    values: dict[str, Any] = {
        "event_id_cnty": f"HW{row.id}",
        "event_date": row.date.isoformat() if row.date else "",
        "year": row.date.year if row.date else "",
        "event_type": acled,
        "sub_event_type": sub,
        "actor1": label(first.id or "", first.name) if first else "",
        "admin1": row.admin1 or "",
        "location": row.place_name or "",
        "latitude": "" if _finite(row.lat) is None else row.lat,
        "longitude": "" if _finite(row.lon) is None else row.lon,
        "geo_precision": GEO_PRECISION.get(row.place_precision or "", ""),
        "source": "; ".join(outlets),
        "notes": row.summary or "",
        # ACLED's conservative count: the lowest figure, or the only one ("up to 35" gives 35)
        "fatalities": _fatalities(row),
        "grade": row.grade or "",
        "grade_reason": row.grade_reason or "",
        "harmwatch_event_type": row.event_type,
        "report_ids": " ".join(rec.report_ids),
    }
    for name in RANGES:
        for end in ("min", "max"):
            value = getattr(row, f"{name}_{end}")
            values[f"{name}_{end}"] = "" if value is None else value
    values.update({k: "" if v is None else v for k, v in extra_columns(row, rec).items()})
    return values


def csv_row(row: IncidentRow) -> dict[str, Any]:
    """One CSV row, every text cell safe to open in a spreadsheet (`spreadsheet_cell`)."""
    return {column: spreadsheet_cell(value) for column, value in csv_values(row).items()}


def write_csv(rows: Iterable[IncidentRow], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(csv_row(row))
        n += 1
    return n


def feature(row: IncidentRow) -> dict[str, Any]:
    rec = read(row.record)
    props = incident_dict(row, rec)
    # ACLED's flat columns too, for GIS tools that read properties as a table
    props |= {k: v for k, v in csv_values(row, rec).items() if k not in props}
    geometry = None
    lat, lon = _finite(row.lat), _finite(row.lon)
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": props}


def write_geojson(rows: Iterable[IncidentRow], out: TextIO) -> int:
    features = [feature(row) for row in rows]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def write_parquet_rows(rows: Iterable[IncidentRow], out: BinaryIO) -> int:
    """The CSV's columns as a typed Parquet table (needs pyarrow)."""
    return write_parquet([csv_values(row) for row in rows], CSV_COLUMNS, out)


WRITERS: dict[str, Callable[[Iterable[IncidentRow], TextIO], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
}


def export_incidents(
    session: Session, fmt: str, out: TextIO, flt: IncidentFilter | None = None
) -> int:
    """Write the incidents ``flt`` keeps to ``out`` in ``fmt``; returns how many."""
    if fmt not in WRITERS:
        raise StoreError(f"unknown export format {fmt!r} (use one of: {', '.join(WRITERS)})")
    return WRITERS[fmt](all_incidents(session, flt or IncidentFilter(), "date"), out)
