"""The orchestrator: read -> store -> extract -> resolve, for every way of running it.

    from harmwatch.process import ingest, reextract
    summary = ingest(["reports.jsonl", "https://example.org/article"], db_url="x.db")
    changes = reextract("x.db", since=datetime.date(2020, 1, 1), source="Levant Daily")

`steps.py` holds the steps, written once; `ingest_run.py` runs them one transaction per report,
`rerun.py` runs them again on stored reports, and `harmwatch.bulk` runs the extraction step on
Dask workers. This package sits above the readers, the pipeline, the store and the resolver, and
below the CLI, the REST API and the Python API (`harmwatch.open`).
"""

from harmwatch.process.ingest_run import IngestSummary, ingest
from harmwatch.process.rerun import ReextractSummary, reextract

__all__ = ["IngestSummary", "ReextractSummary", "ingest", "reextract"]
