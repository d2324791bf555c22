"""The orchestrator: read -> store -> extract -> resolve, for every way of running it.

    from harmwatch.process import ingest, reextract
    summary = ingest(["reports.jsonl", "https://example.org/article"], db_url="x.db")
    changes = reextract("x.db", since=datetime.date(2020, 1, 1), source="Levant Daily")

`steps.py` holds the steps, written once; `ingest_run.py` runs them one transaction per report,
`rerun.py` runs them again on stored reports, and `harmwatch.bulk` runs the extraction step on
Dask workers. This package sits above the readers, the pipeline, the store and the resolver, and
below the CLI, the REST API and the Python API (`harmwatch.open`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harmwatch.process.ingest_run import IngestSummary, ingest
    from harmwatch.process.rerun import ReextractSummary, reextract

__all__ = ["IngestSummary", "ReextractSummary", "ingest", "reextract"]

# imported on first use: `harmwatch extract` (process.extract_run) needs neither the store nor
# the resolver, whose imports cost a third of its start-up
_LAZY = {
    "IngestSummary": "harmwatch.process.ingest_run",
    "ingest": "harmwatch.process.ingest_run",
    "ReextractSummary": "harmwatch.process.rerun",
    "reextract": "harmwatch.process.rerun",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
