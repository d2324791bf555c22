"""Re-extraction: stored reports through the extractor again, their incidents re-resolved.

    from harmwatch.process import reextract
    changes = reextract("harmwatch.db", since=dt.date(2020, 1, 1), source="Levant Daily")

For after `harmwatch gazetteer add` or a new version of the rules: re-ingesting finds every
report a duplicate and extracts nothing. Each report is extracted again from its stored text
and re-resolved in its own transaction by `harmwatch.resolve.reresolve.reresolve`, which keeps
every analyst correction, merge and split. A report whose extraction fails keeps its old
mentions and is listed in the summary.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from harmwatch.errors import HarmwatchError
from harmwatch.models import ReportExtraction
from harmwatch.process.steps import (
    ExtractorLike,
    chunks,
    extract_each,
    load_extraction,
    one_line,
    prepare_database,
    progress_bar,
    stored_reports,
)
from harmwatch.resolve.reresolve import Changes, reresolve
from harmwatch.store.db import session_scope
from harmwatch.store.schema import ReportRow

log = logging.getLogger(__name__)


class ReextractSummary(BaseModel):
    """What one `reextract` run did: reports extracted again, incidents added, removed and
    changed (their date, place, figures, grade, summary, actors or sources)."""

    model_config = ConfigDict(frozen=True)

    reports: int = 0
    extracted: int = 0
    failed: list[str] = Field(default_factory=list, description="one-line message per failure")
    added: list[int] = Field(default_factory=list, description="incident ids created")
    removed: list[int] = Field(default_factory=list, description="incident ids deleted")
    changed: list[int] = Field(default_factory=list, description="incident ids changed")

    @property
    def ok(self) -> bool:
        return not self.failed


def selected_reports(
    db_url: str | None, since: dt.date | None = None, source: str | None = None
) -> list[str]:
    """Ids of the stored reports published on or after ``since`` (reports with no date are
    left out when ``since`` is given) from the outlet ``source``, oldest first."""
    query = select(ReportRow.id).order_by(ReportRow.published, ReportRow.id)
    if since is not None:
        query = query.where(ReportRow.published >= since)
    if source is not None:
        query = query.where(ReportRow.source == source)
    with session_scope(db_url) as session:
        return list(session.scalars(query))


def _reresolve(
    db_url: str | None, report_id: str, result: ReportExtraction | Exception
) -> Changes | str:
    """One report re-resolved in its own transaction; a one-line failure when it cannot be
    (its incidents are then unchanged)."""
    if not isinstance(result, ReportExtraction):
        return f"{report_id}: extraction failed ({one_line(result)}); its incidents are unchanged"
    try:
        with session_scope(db_url) as session:
            return reresolve(session, result.model_copy(update={"report_id": report_id}))
    except SQLAlchemyError as err:
        return f"{report_id}: database error, nothing changed ({one_line(err)})"
    except Exception as err:  # a resolution bug: this report rolled back, the run goes on
        return f"{report_id}: resolving failed, nothing changed ({one_line(err)})"


def reextract(
    db_url: str | None = None,
    *,
    since: dt.date | None = None,
    source: str | None = None,
    gazetteer_files: Sequence[Path] = (),
    model: str | None = None,
    extractor: ExtractorLike | None = None,
    batch_size: int = 32,
    progress: bool = False,
) -> ReextractSummary:
    """Extract the selected stored reports again and re-resolve their incidents.

    Raises `StoreError` when the database cannot be used and `HarmwatchError` when the
    extractor cannot be loaded or the selection is empty; a report that fails is listed in
    `ReextractSummary.failed` and keeps what it had."""
    prepare_database(db_url)
    ids = selected_reports(db_url, since, source)
    if not ids:
        what = " and ".join(
            x for x in (since and f"published since {since}", source and f"from {source!r}") if x
        )
        raise HarmwatchError(
            f"no stored report {what or 'at all'}: nothing to re-extract "
            "(see `harmwatch incidents`, or ingest reports first)"
        )
    extractor, _ = load_extraction(model, gazetteer_files, extractor, db_url)
    extracted, failed = 0, []
    added: set[int] = set()
    removed: set[int] = set()
    changed: set[int] = set()
    text = f"reextract: {{task.completed}} of {len(ids)} reports"
    with progress_bar(progress, text, len(ids)) as advance:
        for part in chunks(ids, batch_size):
            with session_scope(db_url) as session:
                reports = stored_reports(session, part)
            results = extract_each(extractor, reports, batch_size)
            for report, result in zip(reports, results, strict=True):
                outcome = _reresolve(db_url, report.id, result)
                if isinstance(outcome, str):
                    failed.append(outcome)
                    continue
                extracted += 1
                added |= outcome.added
                removed |= outcome.removed
                changed |= outcome.changed
                log.debug("re-extracted %s: %s", report.id, outcome)
            advance(len(part))
    both = added & removed  # made and deleted again in this run: nothing for the user
    added, removed = added - both, removed - both
    return ReextractSummary(
        reports=len(ids),
        extracted=extracted,
        failed=failed,
        added=sorted(added),
        removed=sorted(removed),
        changed=sorted(changed - added - removed - both),
    )
