"""Exports of incidents: JSON lines, CSV in ACLED-like columns (plus min/max), GeoJSON.

    export_incidents(session, "csv", sys.stdout, IncidentFilter(since=...))

`incident_dict` is the one JSON shape (the API's /api/export.* and the CLI share it). Values
come from the incident's columns (so an analyst's corrections show) and its record (sources,
perpetrators, denials, every source's figure).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from sqlalchemy.orm import Session

from harmwatch.errors import StoreError
from harmwatch.resolve.vocab import acled_types, label
from harmwatch.store.queries import IncidentFilter, all_incidents
from harmwatch.store.records import load_record
from harmwatch.store.schema import IncidentRow

RANGES = ("killed", "injured", "children_killed", "women_killed")
GEO_PRECISION = {
    "exact": 1,
    "neighbourhood": 1,
    "village": 1,
    "town": 1,
    "district": 2,
    "province": 3,
    "country": 3,
}
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
]


def _range(row: IncidentRow, name: str) -> dict[str, int | None] | None:
    low, high = getattr(row, f"{name}_min"), getattr(row, f"{name}_max")
    return None if low is None and high is None else {"min": low, "max": high}


def incident_dict(row: IncidentRow) -> dict[str, Any]:
    """One incident as exported (one line of ``--format jsonl``)."""
    rec = load_record(row)
    location = None
    if row.place_name:
        location = {
            "name": row.place_name,
            "lat": row.lat,
            "lon": row.lon,
            "admin1": row.admin1,
            "country": row.country,
            "precision": row.place_precision,
        }
    perpetrators = [
        {"id": p.id, "name": p.name, "status": p.status, "by": p.by, "source": p.source,
         "report_id": p.report_id}
        for p in (rec.perpetrators if rec else [])
    ]
    return {
        "id": row.id,
        "report_ids": rec.report_ids if rec else [],
        "date": row.date.isoformat() if row.date else None,
        "date_end": row.date_end.isoformat() if row.date_end else None,
        "date_precision": row.date_precision,
        "location": location,
        "event_type": row.event_type,
        **{name: _range(row, name) for name in RANGES},
        "perpetrators": perpetrators,
        "claims": [
            {"id": a.id, "actor": a.actor, "source": a.source, "report_id": a.report_id}
            for a in (rec.claims if rec else [])
        ],
        "denials": [
            {"id": a.id, "actor": a.actor, "source": a.source, "report_id": a.report_id}
            for a in (rec.denials if rec else [])
        ],
        "targets": rec.targets if rec else [],
        "figures": [f.model_dump(mode="json") for f in rec.figures] if rec else [],
        "grade": row.grade,
        "grade_reason": row.grade_reason,
        "sources": [s.model_dump(mode="json", exclude_unset=True) for s in rec.sources]
        if rec else [],
        "independent_sources": rec.n_independent if rec else 0,
        "summary": row.summary,
        "review_status": row.review_status,
    }


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


def csv_row(row: IncidentRow) -> dict[str, Any]:
    rec = load_record(row)
    acled, sub = acled_types().get(row.event_type, ("", ""))
    first = next(
        (p for p in (rec.perpetrators if rec else []) if p.id not in (None, "unknown")), None
    )
    outlets = sorted({s.source for s in (rec.sources if rec else []) if s.source})
    values: dict[str, Any] = {
        "event_id_cnty": f"HW{row.id}",
        "event_date": row.date.isoformat() if row.date else "",
        "year": row.date.year if row.date else "",
        "event_type": acled,
        "sub_event_type": sub,
        "actor1": label(first.id, first.name) if first and first.id else "",
        "admin1": row.admin1 or "",
        "location": row.place_name or "",
        "latitude": row.lat if row.lat is not None else "",
        "longitude": row.lon if row.lon is not None else "",
        "geo_precision": GEO_PRECISION.get(row.place_precision or "", ""),
        "source": "; ".join(outlets),
        "notes": row.summary or "",
        # ACLED's conservative count: the lowest figure, or the only one ("up to 35" gives 35)
        "fatalities": _fatalities(row),
        "grade": row.grade or "",
        "grade_reason": row.grade_reason or "",
        "harmwatch_event_type": row.event_type,
        "report_ids": " ".join(rec.report_ids if rec else []),
    }
    for name in RANGES:
        for end in ("min", "max"):
            value = getattr(row, f"{name}_{end}")
            values[f"{name}_{end}"] = "" if value is None else value
    return values


def write_csv(rows: Iterable[IncidentRow], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(csv_row(row))
        n += 1
    return n


def feature(row: IncidentRow) -> dict[str, Any]:
    props = incident_dict(row)
    geometry = None
    if row.lat is not None and row.lon is not None:
        geometry = {"type": "Point", "coordinates": [row.lon, row.lat]}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": props}


def write_geojson(rows: Iterable[IncidentRow], out: TextIO) -> int:
    features = [feature(row) for row in rows]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


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
