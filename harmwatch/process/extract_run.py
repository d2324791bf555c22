"""`harmwatch extract`: read -> extract, written as JSON lines, nothing stored.

extract_files(["reports.jsonl"], sys.stdout)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from harmwatch.errors import InputError
from harmwatch.ingest import read_inputs
from harmwatch.models import Report, ReportExtraction
from harmwatch.pipeline import get_extractor
from harmwatch.process.steps import chunks, extract_each, one_line


@dataclass(frozen=True)
class ExtractSummary:
    reports: int
    incidents: int
    errors: tuple[str, ...]


def extract_files(
    inputs: Sequence[str],
    out: TextIO,
    *,
    model: str | None = None,
    gazetteer_files: Sequence[Path] = (),
    progress: bool = False,
    batch_size: int = 32,
) -> ExtractSummary:
    """Extract every report `harmwatch.ingest.read_inputs` reads from ``inputs`` and write one
    `ReportExtraction` a line (JSON) to ``out``, in input order. Unreadable inputs are
    reported in the summary, never written."""
    errors: list[str] = []
    counts = {"reports": 0, "incidents": 0}

    def reports() -> Iterator[Report]:
        for item in read_inputs(list(inputs)):
            if isinstance(item, InputError):
                errors.append(str(item))
            else:
                yield item

    extractor = get_extractor(model, gazetteer_files)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not progress,
        transient=True,
    ) as bar:
        task = bar.add_task("extracting", total=None)
        for batch in chunks(reports(), batch_size):  # a report whose extraction fails is
            results = extract_each(extractor, batch, batch_size)  # listed, the rest written
            for report, extraction in zip(batch, results, strict=True):
                if not isinstance(extraction, ReportExtraction):
                    errors.append(
                        f"{report.origin or report.id}: extraction failed "
                        f"({one_line(extraction)}); left out of the output (please report this "
                        "as a bug)"
                    )
                    continue
                out.write(extraction.model_dump_json() + "\n")
                counts["reports"] += 1
                counts["incidents"] += len(extraction.incidents)
                bar.advance(task)
    return ExtractSummary(counts["reports"], counts["incidents"], tuple(errors))
