"""The steps every run goes through: read -> store -> extract -> resolve, written once.

`harmwatch.process.ingest` (one transaction per report), `harmwatch.bulk` (extraction on Dask
workers, one transaction per partition) and `harmwatch.process.reextract` (stored reports again)
are three drivers of these steps; they differ only in how they batch and where they extract.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from harmwatch.errors import HarmwatchError
from harmwatch.models import Report, ReportExtraction

if TYPE_CHECKING:  # the store is imported where it is used: `harmwatch extract` needs none
    from sqlalchemy.orm import Session

    from harmwatch.store.schema import ReportRow

log = logging.getLogger(__name__)


class ExtractorLike(Protocol):
    def extract(self, report: Report) -> ReportExtraction: ...

    def extract_many(
        self, reports: Iterable[Report], batch_size: int = 32
    ) -> Iterator[ReportExtraction]: ...


AddExtraction = Callable[[Any, ReportExtraction], list[int]]


def prepare_database(db_url: str | None) -> None:
    """Bring the database to the latest schema (Alembic; cheap when already current)."""
    from harmwatch.store.migrate import upgrade

    upgrade(db_url)


def one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else ''}".rstrip(": ")


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@contextmanager
def progress_bar(
    enabled: bool, text: str, total: int | None = None
) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (when it is a terminal) showing ``text`` (a rich format of
    ``task``); yields ``advance(n)``."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn(text), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("run", total=total)
        yield lambda n: bar.advance(task, n)


def get_extractor(
    model: str | None, gazetteer_files: Sequence[Path | str], places_db: str | None
) -> ExtractorLike:
    """The shared cached extractor for this model, these gazetteer files and the places stored
    in the database ``places_db`` (`harmwatch gazetteer add`)."""
    from harmwatch.pipeline import get_extractor as pipeline_extractor
    from harmwatch.store.places import use_stored_places

    use_stored_places()
    return pipeline_extractor(
        model=model,
        gazetteer_files=tuple(Path(p) for p in gazetteer_files),
        places_db=places_db,
    )


def load_extraction(
    model: str | None,
    gazetteer_files: Sequence[Path],
    extractor: ExtractorLike | None = None,
    db_url: str | None = None,
) -> tuple[ExtractorLike, AddExtraction]:
    """The extractor (the shared cached one unless given, with the places stored in ``db_url``
    by `harmwatch gazetteer add`) and the resolver's `add_extraction`."""
    from harmwatch.store.db import normalise_url

    try:
        from harmwatch.resolve import add_extraction

        if extractor is None:
            extractor = get_extractor(model, gazetteer_files, normalise_url(db_url))
    except ImportError as err:
        raise HarmwatchError(
            f"extraction is not available in this installation ({err}); "
            "store the reports only with --no-extract"
        ) from err
    except OSError as err:  # spacy.load: the model package is missing or broken
        raise HarmwatchError(
            f"cannot load the extraction model ({one_line(err)}); install it "
            "(make install) or set HARMWATCH_SPACY_MODEL, or store only with --no-extract"
        ) from err
    return extractor, add_extraction


def extract_each(
    extractor: ExtractorLike, reports: list[Report], batch_size: int
) -> list[ReportExtraction | Exception]:
    """Extractions in order; a failed batch is redone report by report to isolate the bad one,
    whose place in the list holds its exception."""
    if not reports:
        return []
    try:
        out: list[ReportExtraction | Exception] = list(
            extractor.extract_many(reports, batch_size=batch_size)
        )
        if len(out) == len(reports):
            return out
        log.warning("extract_many gave %d results for %d reports", len(out), len(reports))
    except Exception as err:  # one bad report must not sink its batch: retried one by one
        log.info(
            "a batch of %d reports failed (%s); retrying one by one", len(reports), one_line(err)
        )
    results: list[ReportExtraction | Exception] = []
    for report in reports:
        try:
            results.append(extractor.extract(report))
        except Exception as err:  # reported by the caller, the run goes on
            log.info("extraction of %s failed: %s", report.id, one_line(err))
            results.append(err)
    return results


def report_of(row: ReportRow) -> Report:
    """A stored report as the extractor reads it (offsets point into the stored text)."""
    return Report(
        id=row.id,
        text=row.text,
        title=row.title,
        published=row.published,
        source=row.source,
        url=row.url,
        lang=row.lang or "en",
        origin=row.origin,
    )


def stored_reports(session: Session, ids: Sequence[str]) -> list[Report]:
    """The stored reports of ``ids``, in that order (unknown ids left out)."""
    from sqlalchemy import select

    from harmwatch.store.schema import ReportRow

    rows = {r.id: r for r in session.scalars(select(ReportRow).where(ReportRow.id.in_(ids)))}
    return [report_of(rows[i]) for i in ids if i in rows]


def resolve_batch() -> Callable[[Session, list[ReportExtraction]], list[int]]:
    """The resolver's batch entry point (`harmwatch.resolve.batch.resolve_many`: blocking on
    date and place over the whole batch): the same decisions as `add_extraction` one report
    at a time, in order of publication."""
    from harmwatch.resolve.batch import resolve_many

    return lambda session, extractions: list(resolve_many(session, extractions))
