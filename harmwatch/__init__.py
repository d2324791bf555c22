"""harmwatch: a sourced, geolocated database of incidents of harm to civilians, built from
reports.

    import harmwatch
    db = harmwatch.open("harmwatch.db")
    db.ingest(["reports.jsonl"]); df = db.incidents(since="2020-01-01").to_pandas()
    ex = harmwatch.extract("On Tuesday an airstrike ...", published="2018-01-30")

The names below are imported on first use, so ``import harmwatch`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from harmwatch.database import Database, LogEntry, extract, open
    from harmwatch.dataset import IncidentRecord, Incidents

_PUBLIC = {
    "Database": "harmwatch.database",
    "LogEntry": "harmwatch.database",
    "extract": "harmwatch.database",
    "open": "harmwatch.database",
    "IncidentRecord": "harmwatch.dataset",
    "Incidents": "harmwatch.dataset",
}
__all__ = ["Database", "IncidentRecord", "Incidents", "LogEntry", "__version__", "extract", "open"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        import importlib

        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'harmwatch' has no attribute {name!r}")
