"""Ingest: read -> store -> extract -> resolve, one transaction per report.

    from harmwatch.process import ingest
    summary = ingest(["reports.jsonl", "https://example.org/article"], db_url="x.db")

A report is stored together with its extracted mentions and their incidents, or not at all: when
extraction or resolution fails, its transaction is rolled back and the failure is listed in the
summary, and the run goes on with the next report. Unreadable inputs are listed the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import httpx
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from harmwatch.errors import HarmwatchError, InputError
from harmwatch.ingest.common import FieldMap
from harmwatch.ingest.detect import read_inputs
from harmwatch.ingest.url import Resolver
from harmwatch.models import Report, ReportExtraction
from harmwatch.process.steps import (
    AddExtraction,
    ExtractorLike,
    chunks,
    extract_each,
    load_extraction,
    one_line,
    prepare_database,
    progress_bar,
)
from harmwatch.store.db import session_scope
from harmwatch.store.reports import (
    add_report,
    find_duplicate,
    get_report,
    is_extracted,
    mark_extracted,
)

log = logging.getLogger(__name__)


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
                self.failed.append(f"{where}: the database refused the report ({one_line(err)})")
            return
        except SQLAlchemyError as err:
            self.failed.append(f"{where}: database error, nothing stored ({one_line(err)})")
            return
        except Exception as err:  # resolution bug: this report rolled back, run goes on
            self.failed.append(f"{where}: resolving failed, nothing stored ({one_line(err)})")
            return
        self.counts[result.status] += 1
        self.counts["extracted"] += extracted_now
        self.incidents.update(touched)

    def summary(self) -> IngestSummary:
        return IngestSummary(**self.counts, failed=self.failed, incidents=sorted(self.incidents))


class _ExtractionFailed(HarmwatchError):
    def __init__(self, cause: Exception | None) -> None:
        super().__init__(one_line(cause) if cause is not None else "no result")


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
        inputs,
        format=format,
        fields=fields,
        source=source,
        allow_private=allow_private,
        fetch_pages=fetch_pages,
        client=client,
        resolver=resolver,
    )
    with progress_bar(progress, "ingest: {task.completed} reports and inputs read") as advance:
        for chunk in chunks(items, batch_size):
            reports: list[Report] = []
            for item in chunk:
                if isinstance(item, InputError):
                    run.failed.append(str(item))
                else:
                    reports.append(item)
            results: list[ReportExtraction | Exception | None] = [None] * len(reports)
            if extraction is not None:
                todo = [(i, r) for i, r in enumerate(run.to_extract(reports)) if r is not None]
                done = extract_each(extraction[0], [r for _, r in todo], batch_size)
                for (i, _), extracted in zip(todo, done, strict=True):
                    results[i] = extracted
            for report, result in zip(reports, results, strict=True):
                run.store(report, result)
            log.debug("%d inputs done: %s", len(chunk), run.counts)
            advance(len(chunk))
    return run.summary()
