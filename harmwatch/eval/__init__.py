"""`harmwatch eval`: extraction scored against gold files (``../shared/corpus/*/gold.jsonl``).

    scores = evaluate(Path("reports.jsonl"), Path("gold.jsonl"), kind="auto")
    print_scores(scores)

See `score.py` for what each kind measures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from harmwatch import models
from harmwatch.errors import InputError, MalformedRecord
from harmwatch.eval.gold import GoldReport, load_gold
from harmwatch.eval.report import print_scores
from harmwatch.eval.score import Scores, score

KINDS = ("auto", "generic", "acled", "airwars", "fakes")
__all__ = ["KINDS", "Scores", "evaluate", "guess_kind", "load_predictions", "print_scores"]


def guess_kind(gold: dict[str, GoldReport]) -> str:
    first = next(iter(gold.values()), None)
    if first is None or not first.incidents:
        return "generic"
    inc = first.incidents[0]
    if inc.has("killed_conservative"):
        return "acled"
    if inc.has("airwars_belligerent") or inc.has("grade"):
        return "airwars"
    if first.published is not None and (first.model_extra or {}).get("annotator_notes"):
        return "fakes"
    return "generic"


def load_predictions(path: Path) -> dict[str, models.ReportExtraction]:
    """A file `harmwatch extract` wrote, by report id."""
    out: dict[str, models.ReportExtraction] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            ex = models.ReportExtraction.model_validate_json(line)
        except ValueError as err:
            raise MalformedRecord(
                f"{path}:{number}",
                "not an extraction line",
                "give a file written by harmwatch extract",
            ) from err
        out[ex.report_id] = ex
    return out


def evaluate(
    reports: Path | None,
    gold_path: Path,
    *,
    kind: str = "auto",
    gazetteer_files: Sequence[Path] = (),
    predictions: Path | None = None,
    limit: int | None = None,
    model: str | None = None,
    progress: bool = False,
) -> Scores:
    """Extract ``reports`` (or read ``predictions``) and score them against ``gold_path``.

    Only reports that have a gold line are extracted and scored; ``limit`` keeps the first N.
    """
    gold = load_gold(gold_path)
    if limit is not None:
        gold = dict(list(gold.items())[:limit])
    if kind == "auto":
        kind = guess_kind(gold)
    if predictions is not None:
        preds = load_predictions(predictions)
    elif reports is not None:
        preds = _extract(reports, set(gold), gazetteer_files, model, progress)
    else:
        raise InputError("eval", "nothing to score", "give --reports or --predictions")
    return score(kind, gold, preds)


def _extract(
    path: Path, wanted: set[str], gazetteer_files: Sequence[Path], model: str | None, progress: bool
) -> dict[str, models.ReportExtraction]:
    from rich.progress import Progress

    from harmwatch.pipeline import get_extractor

    reports = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise MalformedRecord(
                f"{path}:{number}", f"not valid JSON ({err.msg})", "fix or remove the line"
            ) from err
        if row.get("id") in wanted:
            fields = {k: v for k, v in row.items() if k in models.Report.model_fields}
            reports.append(models.Report.model_validate(fields))
    extractor = get_extractor(model, gazetteer_files)
    out: dict[str, models.ReportExtraction] = {}
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("extracting", total=len(reports))
        for ex in extractor.extract_many(reports):
            out[ex.report_id] = ex
            bar.advance(task)
    return out
