"""Bulk processing on Dask: read and store reports, extract partitions on workers, resolve.

The Dask driver of the orchestrator's steps (`harmwatch.process.steps`): the same extraction
(with its one-by-one retry), the same stored-report reading and the same batch resolver as
`harmwatch ingest` and `harmwatch reextract`.

    from harmwatch.bulk import bulk
    summary = bulk(["archive/"], db_url="postgresql://…/harmwatch", workers=2)

1. Every input is read (`harmwatch.ingest.read_inputs`) and stored (`store.reports.add_report`,
   idempotent), a batch of reports per transaction.
2. The reports of this run not yet extracted (``ReportRow.extracted`` is false) are cut into
   partitions and extracted on Dask workers. Each worker builds the extractor once (a worker
   plugin warms `harmwatch.pipeline.get_extractor`'s cache at start; later tasks reuse it).
3. Results are committed in input order, one transaction per partition: its mentions, their
   resolution into incidents (`harmwatch.resolve.batch.resolve_many`, blocking on date and
   place) and the reports' ``extracted`` flag together, under `store.db.lock_for_resolution`
   so that concurrent runs never create the same incident twice. A run killed at any moment
   (even ``kill -9``) loses at most the partition in flight; the next run skips what is done
   and ends with the same database as an uninterrupted run, because partitions are resolved in
   the same order either way.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin
from sqlalchemy import select

from harmwatch.errors import HarmwatchError, InputError
from harmwatch.models import Report, ReportExtraction
from harmwatch.process.steps import (
    ExtractorLike,
    extract_each,
    get_extractor,
    resolve_batch,
    stored_reports,
)
from harmwatch.store.db import in_chunks, lock_for_resolution, session_scope
from harmwatch.store.schema import ReportRow

log = logging.getLogger(__name__)
STORE_BATCH = 200  # reports stored per transaction


@dataclass(frozen=True)
class ExtractOptions:
    """What a worker needs to build the same extractor as the client would."""

    model: str | None = None
    gazetteer_files: tuple[str, ...] = ()
    places_db: str | None = None  # the database whose stored places join the gazetteer


@dataclass
class BulkSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    new_versions: int = 0
    already_extracted: int = 0
    extracted: int = 0
    mentions: int = 0
    incidents_touched: int = 0
    partitions: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- on the workers -------------------------------------------------------------------------


def _extractor(options: ExtractOptions) -> ExtractorLike:
    return get_extractor(options.model, options.gazetteer_files, options.places_db)


class ExtractorPlugin(WorkerPlugin):
    """Dask worker plugin: builds the extractor once when a worker starts."""

    name = "harmwatch-extractor"

    def __init__(self, options: ExtractOptions) -> None:
        self.options = options

    def setup(self, worker: Any) -> None:
        _extractor(self.options)


def extract_partition(
    reports: list[dict[str, Any]], options: ExtractOptions
) -> list[dict[str, Any]]:
    """Extract one partition on a worker. Returns one dict per report, in order: either
    ``{"extraction": ReportExtraction-as-JSON}`` or ``{"report_id": .., "error": message}``."""
    parsed = [Report.model_validate(r) for r in reports]
    results = extract_each(_extractor(options), parsed, min(32, len(parsed)))
    return [
        {"extraction": result.model_dump(mode="json")}
        if isinstance(result, ReportExtraction)
        else {"report_id": report.id, "error": f"{type(result).__name__}: {result}".strip()}
        for report, result in zip(parsed, results, strict=True)
    ]


# --- on the client --------------------------------------------------------------------------


def store_inputs(
    inputs: Sequence[str],
    db_url: str,
    summary: BulkSummary,
    progress: bool = False,
    **read_options: Any,
) -> list[str]:
    """Read and store every input; return the stored ids of this run's reports, in input order.

    A batch of reports per transaction; when a concurrent run stores one of them first (a
    unique-key conflict), the batch is redone and finds it a duplicate."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from sqlalchemy.exc import IntegrityError

    from harmwatch.ingest import read_inputs
    from harmwatch.store.reports import add_report

    ids: list[str] = []
    seen: set[str] = set()
    batch: list[Report] = []

    def flush() -> None:
        for attempt in range(3):
            statuses: list[tuple[str, str]] = []
            try:
                with session_scope(db_url) as session:
                    statuses = [
                        (r.status, r.report_id) for r in (add_report(session, x) for x in batch)
                    ]
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        for status, report_id in statuses:
            summary.new += status == "new"
            summary.new_versions += status == "new_version"
            summary.duplicates += status == "duplicate"
            if report_id not in seen:
                seen.add(report_id)
                ids.append(report_id)
        batch.clear()

    columns = (
        SpinnerColumn(),
        TextColumn("storing: {task.completed} reports"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, disable=not progress, transient=True) as bar:
        task = bar.add_task("store", total=None)
        for item in read_inputs(list(inputs), **read_options):
            if isinstance(item, InputError):
                summary.errors.append(str(item))
                continue
            summary.read += 1
            batch.append(item)
            if len(batch) >= STORE_BATCH:
                flush()
                bar.update(task, completed=summary.read)
        if batch:
            flush()
    return ids


def pending_reports(db_url: str, ids: Sequence[str]) -> list[str]:
    """The ids (in the given order) whose reports are not extracted yet."""
    done: set[str] = set()
    with session_scope(db_url) as session:
        for chunk in in_chunks(ids):
            done.update(
                session.scalars(
                    select(ReportRow.id).where(ReportRow.id.in_(chunk), ReportRow.extracted)
                )
            )
    return [i for i in ids if i not in done]


def load_reports(db_url: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The stored reports, as plain dicts for the workers, in the order of ``ids``."""
    with session_scope(db_url) as session:
        return [r.model_dump(mode="json") for r in stored_reports(session, ids)]


def commit_partition(db_url: str, results: list[dict[str, Any]], summary: BulkSummary) -> None:
    """One transaction: mentions + resolution + ``extracted`` flags of one partition."""
    resolve = resolve_batch()
    extractions: list[ReportExtraction] = []
    for result in results:
        if "error" in result:
            summary.errors.append(
                f"report {result['report_id']}: extraction failed: {result['error']} "
                "(the report stays stored and unextracted; report this as a bug)"
            )
        else:
            extractions.append(ReportExtraction.model_validate(result["extraction"]))
    with session_scope(db_url) as session:
        lock_for_resolution(session)  # one resolving transaction at a time, then read
        ids = [e.report_id for e in extractions]
        rows = {
            r.id: r
            for r in session.scalars(
                select(ReportRow).where(ReportRow.id.in_(ids)).with_for_update()
            )
        }
        # another run may have finished some of these meanwhile: never store them twice
        todo = [e for e in extractions if e.report_id in rows and not rows[e.report_id].extracted]
        touched = resolve(session, todo)
        for extraction in todo:
            rows[extraction.report_id].extracted = True
    summary.extracted += len(todo)
    summary.already_extracted += len(extractions) - len(todo)
    summary.mentions += sum(len(e.incidents) for e in todo)
    summary.incidents_touched += len(set(touched))
    summary.partitions += 1


@contextmanager
def dask_client(
    workers: int | None = None, scheduler: str | None = None, processes: bool = True
) -> Iterator[Any]:
    """A client on an existing scheduler, or on a private LocalCluster of ``workers`` workers."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def bulk(
    inputs: Sequence[str],
    db_url: str | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    partition_size: int = 32,
    model: str | None = None,
    gazetteer_files: Sequence[Path] = (),
    progress: bool = True,
    **read_options: Any,
) -> BulkSummary:
    """Read, store, extract on Dask and resolve ``inputs`` into the database at ``db_url``.

    Pass ``client`` to use a Dask client you manage; else one is made on ``scheduler`` or on a
    LocalCluster of ``workers`` worker processes."""
    from harmwatch.settings import get_settings
    from harmwatch.store.db import normalise_url
    from harmwatch.store.migrate import upgrade

    if partition_size < 1:
        raise HarmwatchError(f"--partition-size must be at least 1, not {partition_size}")
    db_url = db_url or get_settings().database_url
    if "://" not in db_url:
        db_url = normalise_url(db_url)
    started = time.monotonic()
    summary = BulkSummary()
    upgrade(db_url)
    ids = store_inputs(inputs, db_url, summary, progress, **read_options)
    todo = pending_reports(db_url, ids)
    summary.already_extracted = len(ids) - len(todo)
    options = ExtractOptions(
        model=model,
        gazetteer_files=tuple(str(Path(p).resolve()) for p in gazetteer_files),
        places_db=db_url,
    )
    if todo:
        if client is not None:
            _run_partitions(client, db_url, todo, partition_size, options, summary, progress)
        else:
            with dask_client(workers, scheduler) as own:
                _run_partitions(own, db_url, todo, partition_size, options, summary, progress)
    summary.seconds = time.monotonic() - started
    return summary


def _run_partitions(
    client: Any,
    db_url: str,
    todo: list[str],
    partition_size: int,
    options: ExtractOptions,
    summary: BulkSummary,
    progress: bool,
) -> None:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    client.register_plugin(ExtractorPlugin(options), name=ExtractorPlugin.name)
    partitions = [todo[i : i + partition_size] for i in range(0, len(todo), partition_size)]
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = 2 * n_workers  # partitions in flight: workers stay busy, memory stays bounded
    in_flight: deque[tuple[Any, int]] = deque()
    columns = (
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("reports"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, disable=not progress, transient=False) as bar:
        task = bar.add_task("extract", total=len(todo))
        queue = iter(partitions)

        def submit_next() -> bool:
            part = next(queue, None)
            if part is None:
                return False
            payload = load_reports(db_url, part)
            future = client.submit(extract_partition, payload, options, pure=False)
            in_flight.append((future, len(part)))
            return True

        while len(in_flight) < window and submit_next():
            pass
        while in_flight:
            future, size = in_flight.popleft()  # in order: the same database on every run
            results = future.result()
            submit_next()
            commit_partition(db_url, results, summary)
            log.debug(
                "partition %d of %d committed (%d reports)",
                summary.partitions,
                len(partitions),
                size,
            )
            bar.advance(task, size)
