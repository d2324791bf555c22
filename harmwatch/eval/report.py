"""Printing scores: a table of measures with their targets, and the worst reports side by side."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from harmwatch.eval.score import Scores


def print_scores(scores: Scores, errors: int = 0, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"{scores.kind}: {scores.reports} reports")
    for col in ("measure", "value", "n", "target", ""):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for m in scores.measures:
        value = m.value
        status = ""
        if m.target is not None and value is not None:
            status = "ok" if value >= m.target else "below"
        n = "" if m.name == "incident F1" else f"{m.correct:g}/{m.total:g}"
        table.add_row(
            m.name,
            "-" if value is None else f"{value:.3f}",
            n,
            "" if m.target is None else f"{m.target:.2f}",
            status,
        )
    console.print(table)
    worst = sorted((d for d in scores.diagnoses if d.cost > 0), key=lambda d: -d.cost)[:errors]
    for d in worst:
        console.rule(f"{d.report_id}  ({'; '.join(d.problems)})")
        side = Table(show_header=True, expand=True)
        side.add_column("gold")
        side.add_column("prediction")
        rows = max(len(d.gold), len(d.pred))
        for k in range(rows):
            g = json.dumps(d.gold[k], ensure_ascii=False) if k < len(d.gold) else ""
            p = json.dumps(d.pred[k], ensure_ascii=False) if k < len(d.pred) else ""
            side.add_row(g, p)
        console.print(side)
