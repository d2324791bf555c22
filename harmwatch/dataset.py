"""Resolved incidents as a data person gets them: typed records and a collection that becomes a
pandas DataFrame, an Arrow table or a GeoJSON FeatureCollection.

    incidents = harmwatch.open("harmwatch.db").incidents(since="2020-01-01")
    incidents[0].killed.max, incidents.to_pandas(), incidents.to_arrow(), incidents.to_geojson()

`IncidentRecord` is the export shape (`harmwatch incidents --format jsonl`, one line each) as a
frozen pydantic model; `flat()` is its one row of a table (the DataFrame's and the Parquet
file's columns: `COLUMNS`). pandas and pyarrow come with ``pip install harmwatch[data]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from pydantic import BaseModel, ConfigDict, Field

from harmwatch.errors import UsageError
from harmwatch.models import Range

if TYPE_CHECKING:
    import pandas
    import pyarrow


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class PlaceRecord(_Frozen):
    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    precision: str | None = None


class ActorRecord(_Frozen):
    """A perpetrator, a claim or a denial, with the report that says it."""

    id: str | None = None
    name: str | None = None
    actor: str | None = None
    status: str | None = None
    by: str | None = None
    source: str | None = None
    report_id: str | None = None


class FigureRecord(_Frozen):
    """One source's figure (every source's figure is kept beside the reconciled range)."""

    kind: str
    value: int
    value_max: int | None = None
    qualifier: str | None = None
    group: str | None = None
    reported_by: str | None = None
    report_id: str | None = None
    source: str | None = None
    published: dt.date | None = None


class SourceRecord(_Frozen):
    report_id: str
    source: str | None = None
    published: dt.date | None = None
    url: str | None = None


class IncidentRecord(_Frozen):
    """One resolved incident: its columns (an analyst's corrections shown) and its sources."""

    id: int
    report_ids: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    location: PlaceRecord | None = None
    event_type: str
    killed: Range | None = None
    injured: Range | None = None
    children_killed: Range | None = None
    women_killed: Range | None = None
    perpetrators: list[ActorRecord] = Field(default_factory=list)
    claims: list[ActorRecord] = Field(default_factory=list)
    denials: list[ActorRecord] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    figures: list[FigureRecord] = Field(default_factory=list)
    grade: str | None = None
    grade_reason: str | None = None
    sources: list[SourceRecord] = Field(default_factory=list)
    independent_sources: int = 0
    summary: str | None = None
    review_status: str | None = None

    def flat(self) -> dict[str, Any]:
        """One row of a table, in `COLUMNS` order."""
        loc = self.location
        row: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "date_end": self.date_end,
            "event_type": self.event_type,
            "place": loc.name if loc else None,
            "admin1": loc.admin1 if loc else None,
            "country": loc.country if loc else None,
            "lat": loc.lat if loc else None,
            "lon": loc.lon if loc else None,
            "precision": loc.precision if loc else None,
        }
        for name in RANGES:
            rng: Range | None = getattr(self, name)
            row[f"{name}_min"] = rng.min if rng else None
            row[f"{name}_max"] = rng.max if rng else None
        row.update(
            perpetrators=" ".join(sorted({p.id for p in self.perpetrators if p.id})) or None,
            grade=self.grade,
            sources=len(self.report_ids),
            independent_sources=self.independent_sources,
            review_status=self.review_status,
            summary=self.summary,
            report_ids=" ".join(self.report_ids),
        )
        return row


RANGES = ("killed", "injured", "children_killed", "women_killed")
COLUMNS: tuple[tuple[str, str], ...] = (  # name, Arrow type
    ("id", "int64"),
    ("date", "date32"),
    ("date_end", "date32"),
    ("event_type", "string"),
    ("place", "string"),
    ("admin1", "string"),
    ("country", "string"),
    ("lat", "float64"),
    ("lon", "float64"),
    ("precision", "string"),
    *((f"{name}_{end}", "int64") for name in RANGES for end in ("min", "max")),
    ("perpetrators", "string"),
    ("grade", "string"),
    ("sources", "int64"),
    ("independent_sources", "int64"),
    ("review_status", "string"),
    ("summary", "string"),
    ("report_ids", "string"),
)


def _need(module: str, method: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            method, f"needs {module.split('.')[0]}: pip install 'harmwatch[data]'"
        ) from None


class Incidents(Sequence[IncidentRecord]):
    """The incidents a query found, oldest first: a sequence of `IncidentRecord`."""

    def __init__(self, records: Sequence[IncidentRecord]) -> None:
        self._records = tuple(records)

    @overload
    def __getitem__(self, index: int) -> IncidentRecord: ...

    @overload
    def __getitem__(self, index: slice) -> Incidents: ...

    def __getitem__(self, index: int | slice) -> IncidentRecord | Incidents:
        if isinstance(index, slice):
            return Incidents(self._records[index])
        return self._records[index]

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[IncidentRecord]:
        return iter(self._records)

    def __repr__(self) -> str:
        return f"<Incidents: {len(self)}>"

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per incident (`IncidentRecord.flat`)."""
        return [r.flat() for r in self._records]

    def to_arrow(self) -> pyarrow.Table:
        """An Arrow table of `COLUMNS` (what ``harmwatch incidents --format parquet`` writes)."""
        pa = _need("pyarrow", "to_arrow")
        schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS])
        return pa.Table.from_pylist(self.rows(), schema=schema)

    def to_pandas(self) -> pandas.DataFrame:
        """A DataFrame of `COLUMNS`: dates as datetime64, counts as nullable integers."""
        _need("pandas", "to_pandas")
        table = self.to_arrow()
        frame = table.to_pandas(types_mapper=_nullable_ints)
        for name in ("date", "date_end"):
            frame[name] = frame[name].astype("datetime64[ns]")
        return frame

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: one Feature per incident (a Point where it is placed,
        no geometry where it is not), with every field of its record as properties."""
        features = []
        for r in self._records:
            loc = r.location
            geometry = None
            if loc is not None and loc.lat is not None and loc.lon is not None:
                geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}
            features.append(
                {
                    "type": "Feature",
                    "id": r.id,
                    "geometry": geometry,
                    "properties": r.model_dump(mode="json"),
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def write_parquet(self, where: Any) -> None:
        """Write `to_arrow` as Parquet to a path or a binary file object."""
        _need("pyarrow.parquet", "write_parquet").write_table(self.to_arrow(), where)


def _nullable_ints(kind: Any) -> Any:
    import pandas as pd
    import pyarrow as pa

    return pd.Int64Dtype() if kind == pa.int64() else None
