"""Charts for written reports (matplotlib, headless): incidents and killed per day.

from harmwatch.plot import timeline_figure
timeline_figure(stats, annotations).savefig("timeline.png")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from harmwatch.errors import HarmwatchError  # noqa: E402
from harmwatch.store.queries import Stats  # noqa: E402
from harmwatch.store.schema import AnnotationRow  # noqa: E402

FORMATS = (".png", ".svg", ".pdf")


def timeline_figure(
    stats: Stats, annotations: Sequence[AnnotationRow] = (), title: str = ""
) -> Figure:
    """Killed per day as bars (left axis), incidents per day as dots (right axis), annotations
    as shaded spans with their labels."""
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    ax = fig.add_subplot()
    days = [d.day for d in stats.by_day]
    x = [float(date2num(day)) for day in days]
    ax.bar(x, [d.killed for d in stats.by_day], width=0.9, color="#c0392b", label="killed")
    ax.set_ylabel("killed (lower bound)")
    counts = ax.twinx()
    counts.plot(
        x, [d.incidents for d in stats.by_day], "o", color="#1f4e79", ms=4, label="incidents"
    )
    counts.set_ylabel("incidents")
    counts.set_ylim(bottom=0)
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if days:
        first, last = min(days), max(days)
        for note in annotations:
            end = note.date_end or note.date
            if end < first - dt.timedelta(days=30) or note.date > last + dt.timedelta(days=30):
                continue
            ax.axvspan(
                float(date2num(note.date)),
                float(date2num(end + dt.timedelta(days=1))),
                color="#5b8def",
                alpha=0.18,
            )
            ax.annotate(
                note.label,
                (float(date2num(note.date)), 1),
                xycoords=("data", "axes fraction"),
                xytext=(2, -12),
                textcoords="offset points",
                fontsize=8,
                color="#244a9b",
            )
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_title(
        title or f"{stats.incidents} incidents, at least {stats.killed} killed", loc="left"
    )
    if not days:
        ax.text(0.5, 0.5, "no dated incidents", transform=ax.transAxes, ha="center")
    return fig


def save(fig: Figure, out: Path) -> Path:
    if out.suffix.lower() not in FORMATS:
        raise HarmwatchError(
            f"{out}: cannot write {out.suffix or 'no'} files (use {', '.join(FORMATS)})"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=150, metadata={"Date": None} if out.suffix.lower() == ".svg" else None)
    return out
