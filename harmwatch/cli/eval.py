"""`harmwatch eval`: a thin shell over `harmwatch.eval.evaluate`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from harmwatch.cli.options import GAZETTEER_FILE_HELP
from harmwatch.errors import HarmwatchError

HELP = (
    "Score extraction against a gold file: incident precision/recall/F1 (incidents matched by "
    "place and date) and the accuracy of each field, or the corpus' own measures (--kind acled: "
    "fatalities, place within 10 km, perpetrator ...; --kind airwars: killed within 20%, "
    "belligerent, place within 5 km, children).\n\n"
    "Examples:\n\n"
    "  harmwatch eval --reports ../shared/corpus/seeds/reports.jsonl "
    "--gold ../shared/corpus/seeds/gold.jsonl\n\n"
    "  harmwatch eval --reports acled/reports.jsonl --gold acled/gold.jsonl --kind acled "
    "--gazetteer acled/places.csv --errors 5\n\n"
    "Exit codes: 0 scored; 1 unreadable reports or gold; 2 bad usage."
)


def register(app: typer.Typer) -> None:
    app.command("eval", help=HELP)(eval_command)


def _check_kind(value: str) -> str:
    from harmwatch.eval import KINDS

    if value not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}")
    return value


def eval_command(
    reports: Path | None = typer.Option(None, "--reports", help="Reports JSONL to extract."),
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (one line per report)."),
    kind: str = typer.Option(
        "auto",
        "--kind",
        callback=_check_kind,
        help="auto|generic|acled|airwars|fakes (auto: from the gold file).",
    ),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", help=GAZETTEER_FILE_HELP),
    predictions: Path | None = typer.Option(
        None, "--predictions", help="Score this `harmwatch extract` output instead of extracting."
    ),
    errors: int = typer.Option(
        0, "--errors", help="Show the N worst reports, gold beside prediction."
    ),
    limit: int | None = typer.Option(None, "--limit", help="Score only the first N gold reports."),
    model: str | None = typer.Option(None, "--model", help="spaCy model package."),
    as_json: bool = typer.Option(False, "--json", help="Print the measures as JSON."),
) -> None:
    from harmwatch.eval import evaluate, print_scores

    if reports is None and predictions is None:
        typer.echo("error: give --reports (to extract) or --predictions (to score)", err=True)
        raise typer.Exit(2)
    for path in [*(p for p in (reports, gold, predictions) if p), *gazetteer]:
        if not path.is_file():
            typer.echo(f"error: {path}: no such file (check the path)", err=True)
            raise typer.Exit(1)
    try:
        scores = evaluate(
            reports,
            gold,
            kind=kind,
            gazetteer_files=gazetteer,
            predictions=predictions,
            limit=limit,
            model=model,
            progress=sys.stderr.isatty() and not as_json,
        )
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), indent=2))
    else:
        print_scores(scores, errors=errors)
