"""Routes: the incidents the filters keep, as CSV (ACLED-like columns), GeoJSON or JSON."""

from __future__ import annotations

import io
import json

from fastapi import APIRouter, Depends, Response
from sqlalchemy.orm import Session

from harmwatch.api.filters import incident_filter
from harmwatch.api.security import Principal, get_db, require_reader
from harmwatch.store import queries
from harmwatch.store.export import incident_dict, write_csv, write_geojson, write_parquet_rows
from harmwatch.store.queries import IncidentFilter

router = APIRouter(prefix="/api", tags=["export"])


def _download(body: str, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one incident a row"}},
)
def export_csv(
    flt: IncidentFilter = Depends(incident_filter),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> Response:
    """CSV in ACLED-like columns plus min/max of every casualty range."""
    out = io.StringIO()
    write_csv(queries.all_incidents(db, flt), out)
    return _download(out.getvalue(), "text/csv; charset=utf-8", "harmwatch-incidents.csv")


@router.get(
    "/export.geojson",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}, "description": "FeatureCollection"}},
)
def export_geojson(
    flt: IncidentFilter = Depends(incident_filter),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> Response:
    """A GeoJSON FeatureCollection, one Point feature per incident."""
    out = io.StringIO()
    write_geojson(queries.all_incidents(db, flt), out)
    return _download(out.getvalue(), "application/geo+json", "harmwatch-incidents.geojson")


@router.get(
    "/export.json",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}, "description": "a list of incidents"}},
)
def export_json(
    flt: IncidentFilter = Depends(incident_filter),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> Response:
    """A JSON list of incidents with their sources, figures, attributions and grade."""
    rows = [incident_dict(row) for row in queries.all_incidents(db, flt)]
    return _download(
        json.dumps(rows, ensure_ascii=False), "application/json", "harmwatch-incidents.json"
    )


@router.get(
    "/export.parquet",
    response_class=Response,
    responses={200: {"content": {"application/vnd.apache.parquet": {}}, "description": "a table"}},
)
def export_parquet(
    flt: IncidentFilter = Depends(incident_filter),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> Response:
    """The CSV's columns as a typed Parquet table (needs pyarrow on the server)."""
    out = io.BytesIO()
    write_parquet_rows(queries.all_incidents(db, flt), out)
    return Response(
        out.getvalue(),
        media_type="application/vnd.apache.parquet",
        headers={"Content-Disposition": 'attachment; filename="harmwatch-incidents.parquet"'},
    )
