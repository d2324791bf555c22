"""Ingest: read -> store -> extract -> resolve, one transaction per report.

    from harmwatch.ingest.run import ingest
    summary = ingest(["reports.jsonl", "https://example.org/article"], db_url="x.db")

A report is stored together with its extracted mentions and their incidents, or not at all: when
extraction or resolution fails, its transaction is rolled back and the failure is listed in the
summary, and the run goes on with the next report. Unreadable inputs are listed the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from harmwatch.errors import HarmwatchError, InputError
from harmwatch.ingest.common import FieldMap
from harmwatch.ingest.detect import read_inputs
from harmwatch.ingest.url import Resolver
from harmwatch.models import Report, ReportExtraction
from harmwatch.store.db import normalise_url, session_scope
from harmwatch.store.reports import (
    add_report,
    find_duplicate,
    get_report,
    is_extracted,
    mark_extracted,
)


class ExtractorLike(Protocol):
    def extract(self, report: Report) -> ReportExtraction: ...

    def extract_many(
        self, reports: Iterable[Report], batch_size: int = 32
    ) -> Iterator[ReportExtraction]: ...


AddExtraction = Callable[[Any, ReportExtraction], list[int]]


class IngestSummary(BaseModel):
    """What one `ingest` run did."""

    model_config = ConfigDict(frozen=True)

    new: int = 0
    duplicate: int = 0
    new_version: int = 0
    extracted: int = 0
    failed: list[str] = Field(default_factory=list, description="one-line message per failure")
    incidents: list[int] = Field(default_factory=list, description="incident ids touched")

    @property
    def stored(self) -> int:
        return self.new + self.new_version

    @property
    def ok(self) -> bool:
        return not self.failed


def prepare_database(db_url: str | None) -> None:
    """Bring the database to the latest schema (Alembic; cheap when already current)."""
    from harmwatch.store.migrate import upgrade

    upgrade(db_url)


def _places_db(db_url: str | None) -> str:
    return normalise_url(db_url)


def load_extraction(
    model: str | None, gazetteer_files: Sequence[Path], extractor: ExtractorLike | None = None,
    db_url: str | None = None,
) -> tuple[ExtractorLike, AddExtraction]:
    """The extractor (the shared cached one unless given, with the places stored in ``db_url``
    by `harmwatch gazetteer add`) and the resolver's `add_extraction`."""
    try:
        from harmwatch.resolve import add_extraction

        if extractor is None:
            from harmwatch.pipeline import get_extractor

            extractor = get_extractor(
                model=model, gazetteer_files=tuple(gazetteer_files), places_db=_places_db(db_url)
            )
    except ImportError as err:
        raise HarmwatchError(
            f"extraction is not available in this installation ({err}); "
            "store the reports only with --no-extract"
        ) from err
    except OSError as err:  # spacy.load: the model package is missing or broken
        raise HarmwatchError(
            f"cannot load the extraction model ({_one_line(err)}); install it "
            "(make install) or set HARMWATCH_SPACY_MODEL, or store only with --no-extract"
        ) from err
    return extractor, add_extraction


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else ''}".rstrip(": ")


def _extract_chunk(
    extractor: ExtractorLike, reports: list[Report], batch_size: int
) -> list[ReportExtraction | Exception]:
    """Extractions in order; a failed batch is redone report by report to isolate the bad one."""
    if not reports:
        return []
    try:
        out: list[ReportExtraction | Exception] = list(
            extractor.extract_many(reports, batch_size=batch_size)
        )
        if len(out) == len(reports):
            return out
    except Exception:  # one bad report must not sink its batch: retried one by one
        pass
    results: list[ReportExtraction | Exception] = []
    for report in reports:
        try:
            results.append(extractor.extract(report))
        except Exception as err:  # reported in the summary, run goes on
            results.append(err)
    return results


class _Run:
    def __init__(self, db_url: str | None, extraction: tuple[ExtractorLike, AddExtraction] | None):
        self.db_url, self.extraction = db_url, extraction
        self.counts = {"new": 0, "duplicate": 0, "new_version": 0, "extracted": 0}
        self.failed: list[str] = []
        self.incidents: set[int] = set()

    def known(self, reports: Sequence[Report]) -> list[bool]:
        """Whether each report's normalised text is stored already."""
        with session_scope(self.db_url) as session:
            return [find_duplicate(session, r) is not None for r in reports]

    def to_extract(self, reports: Sequence[Report]) -> list[Report | None]:
        """What to extract for each report: itself when new; the stored copy when it is a
        duplicate of a report stored without extraction (``--no-extract`` earlier: its offsets
        must point into the stored text); None when the stored copy is extracted already."""
        plan: list[Report | None] = []
        with session_scope(self.db_url) as session:
            for report in reports:
                existing = find_duplicate(session, report)
                if existing is None:
                    plan.append(report)
                elif is_extracted(session, existing):
                    plan.append(None)
                else:
                    plan.append(get_report(session, existing))
        return plan

    def store(self, report: Report, extraction: ReportExtraction | Exception | None) -> None:
        where = report.origin or report.id
        touched: list[int] = []
        extracted_now = False
        try:
            with session_scope(self.db_url) as session:
                result = add_report(session, report)
                if self.extraction is not None and not is_extracted(session, result.report_id):
                    if not isinstance(extraction, ReportExtraction):
                        raise _ExtractionFailed(extraction)
                    add_extraction = self.extraction[1]
                    extraction = extraction.model_copy(update={"report_id": result.report_id})
                    touched = list(add_extraction(session, extraction))
                    mark_extracted(session, result.report_id)
                    extracted_now = True
        except _ExtractionFailed as err:
            self.failed.append(
                f"{where}: extraction failed ({err}); nothing stored for this report "
                "(retry, or store it without extraction using --no-extract)"
            )
            return
        except IntegrityError as err:
            if self.known([report])[0]:  # stored meanwhile by a concurrent run
                self.counts["duplicate"] += 1
            else:
                self.failed.append(
                    f"{where}: the database refused the report ({_one_line(err)})"
                )
            return
        except SQLAlchemyError as err:
            self.failed.append(f"{where}: database error, nothing stored ({_one_line(err)})")
            return
        except Exception as err:  # resolution bug: this report rolled back, run goes on
            self.failed.append(f"{where}: resolving failed, nothing stored ({_one_line(err)})")
            return
        self.counts[result.status] += 1
        self.counts["extracted"] += extracted_now
        self.incidents.update(touched)

    def summary(self) -> IngestSummary:
        return IngestSummary(
            **self.counts, failed=self.failed, incidents=sorted(self.incidents)
        )


class _ExtractionFailed(HarmwatchError):
    def __init__(self, cause: Exception | None) -> None:
        super().__init__(_one_line(cause) if cause is not None else "no result")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int], None]]:
    if not (enabled and sys.stderr.isatty()):
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("ingest: {task.completed} reports and inputs read"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        yield lambda n: bar.advance(task, n)


def ingest(
    inputs: Sequence[str],
    db_url: str | None = None,
    *,
    extract: bool = True,
    progress: bool = True,
    format: str = "auto",
    fields: FieldMap | None = None,
    source: str | None = None,
    allow_private: bool | None = None,
    fetch_pages: bool = False,
    gazetteer_files: Sequence[Path] = (),
    model: str | None = None,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    extractor: ExtractorLike | None = None,
    batch_size: int = 32,
) -> IngestSummary:
    """Read every input, store each report (idempotent), extract and resolve it.

    Raises `StoreError` when the database cannot be used at all, `HarmwatchError` when the
    extractor cannot be loaded; everything that goes wrong
    with one input or one report is listed in `IngestSummary.failed` instead.
    """
    prepare_database(db_url)
    extraction = load_extraction(model, gazetteer_files, extractor, db_url) if extract else None
    run = _Run(db_url, extraction)
    items = read_inputs(
        inputs, format=format, fields=fields, source=source, allow_private=allow_private,
        fetch_pages=fetch_pages, client=client, resolver=resolver,
    )
    with _progress(progress) as advance:
        for chunk in _chunks(items, batch_size):
            reports: list[Report] = []
            for item in chunk:
                if isinstance(item, InputError):
                    run.failed.append(str(item))
                else:
                    reports.append(item)
            results: list[ReportExtraction | Exception | None] = [None] * len(reports)
            if extraction is not None:
                todo = [(i, r) for i, r in enumerate(run.to_extract(reports)) if r is not None]
                done = _extract_chunk(extraction[0], [r for _, r in todo], batch_size)
                for (i, _), extracted in zip(todo, done, strict=True):
                    results[i] = extracted
            for report, result in zip(reports, results, strict=True):
                run.store(report, result)
            advance(len(chunk))
    return run.summary()
