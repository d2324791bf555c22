"""Merging across place precision (issue 12): reports of one strike, one placing it in its
village, another in its district or province, some a day or two later with a risen toll, beside
look-alikes (the same town another day, another town of the province the same day).

    .venv/bin/python bench/merge_precision.py [--data bench/data/merge_precision/reports.jsonl]
                                              [--db URL] [--write] [--show]

The set (``bench/data/merge_precision/``, written in our own words, facts from the corpora and
public reporting; its README says how) is ingested into a fresh SQLite database through the
normal pipeline (`harmwatch.open(...).ingest`: extraction, then resolution report by report, in
order of publication), then resolved again from the same extractions, in the same order, in one
`resolve.batch.resolve_many` into a second database. Prints B-cubed precision, recall and F1 of
the reports' incidents against the gold clusters, the look-alike pairs merged (two reports of
one ``family`` and different clusters in one incident), and whether the batch gave the same
incidents. ``--show`` lists each gold cluster split or merged, with the place each report was
given; ``--write`` puts the figures in bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import write_section  # noqa: E402

import harmwatch  # noqa: E402
from harmwatch.models import Incident, Report, ReportExtraction  # noqa: E402
from harmwatch.resolve.batch import resolve_many  # noqa: E402
from harmwatch.store.db import session_scope  # noqa: E402
from harmwatch.store.migrate import upgrade  # noqa: E402
from harmwatch.store.reports import add_report  # noqa: E402
from harmwatch.store.schema import MentionRow, ReportRow  # noqa: E402

DATA = ROOT / "bench" / "data" / "merge_precision" / "reports.jsonl"
FIELDS = ("id", "text", "published", "source")


def read_set(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.open(encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise SystemExit(f"{path}:{n}: not JSON ({err.msg}): fix the line") from err
        missing = [k for k in (*FIELDS, "cluster", "family") if not row.get(k)]
        if missing:
            raise SystemExit(f"{path}:{n}: missing {', '.join(missing)}: every row needs them")
        rows.append(row)
    # the order of publication, as `resolve_many` resolves a batch
    return sorted(rows, key=lambda r: (r["published"], r["id"]))


def assignment(url: str) -> dict[str, int | None]:
    """Each report's incident: that of its first mention placed in one (None: none)."""
    out: dict[str, int | None] = {}
    with session_scope(url) as s:
        for m in s.scalars(select(MentionRow).order_by(MentionRow.report_id, MentionRow.ordinal)):
            if out.get(m.report_id) is None:
                out[m.report_id] = m.incident_id
    return out


def bcubed(gold: dict[str, str], pred: dict[str, int | None]) -> tuple[float, float, float]:
    items = list(gold)
    label = {i: (pred.get(i) if pred.get(i) is not None else f"alone:{i}") for i in items}
    p = r = 0.0
    for i in items:
        same_pred = {j for j in items if label[j] == label[i]}
        same_gold = {j for j in items if gold[j] == gold[i]}
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(items), r / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def lookalikes_merged(rows: list[dict[str, Any]], pred: dict[str, int | None]) -> tuple[int, int]:
    """(merged, all) look-alike pairs: two reports of one family, of different clusters."""
    pairs = [
        (a, b)
        for a, b in combinations(rows, 2)
        if a["family"] == b["family"] and a["cluster"] != b["cluster"]
    ]
    merged = sum(
        1
        for a, b in pairs
        if pred.get(a["id"]) is not None and pred.get(a["id"]) == pred.get(b["id"])
    )
    return merged, len(pairs)


def extractions(url: str, order: list[str]) -> list[ReportExtraction]:
    """The extractions the ingest stored, as `resolve_many` takes them, in the ingest's order
    (``order``: the report ids; `resolve_many` resolves in the order given)."""
    by_report: dict[str, list[MentionRow]] = defaultdict(list)
    with session_scope(url) as s:
        for m in s.scalars(select(MentionRow).order_by(MentionRow.report_id, MentionRow.ordinal)):
            by_report[m.report_id].append(m)
        return [
            ReportExtraction(
                report_id=rid,
                incidents=[Incident.model_validate(m.payload) for m in by_report[rid]],
            )
            for rid in order
            if rid in by_report
        ]


def batch_again(url: str, rows: list[dict[str, Any]], done: list[ReportExtraction]) -> str:
    """Resolve the same extractions in one batch into a fresh database; its URL."""
    other = url.rsplit("/", 1)[0] + "/batch.db"
    upgrade(other)
    with session_scope(other) as s:
        for row in rows:
            add_report(s, Report.model_validate({k: row[k] for k in FIELDS}))
        resolve_many(s, done)
    return other


def split_causes(
    url: str, rows: list[dict[str, Any]], pred: dict[str, int | None]
) -> dict[str, int]:
    """Why the pairs of one gold cluster were left apart, as far as the extraction tells: a
    report with no toll, no place or none in the other's province, another day, another event
    type; what remains is the resolver's own."""
    first: dict[str, dict[str, Any]] = {}
    with session_scope(url) as s:
        for m in s.scalars(select(MentionRow).order_by(MentionRow.report_id, MentionRow.ordinal)):
            first.setdefault(m.report_id, m.payload or {})
    causes: dict[str, int] = defaultdict(int)
    for a, b in combinations(rows, 2):
        if a["cluster"] != b["cluster"] or (
            pred.get(a["id"]) is not None and pred.get(a["id"]) == pred.get(b["id"])
        ):
            continue
        pa, pb = first.get(a["id"], {}), first.get(b["id"], {})
        la, lb = pa.get("location") or {}, pb.get("location") or {}
        if not pa.get("killed") or not pb.get("killed"):
            cause = "extraction: a report with no toll"
        elif (
            not la
            or not lb
            or (la.get("admin1") or la.get("name")) != (lb.get("admin1") or lb.get("name"))
        ):
            cause = "extraction: no place, or another province"
        elif pa.get("date") != pb.get("date"):
            cause = "extraction: another day"
        elif pa.get("event_type") != pb.get("event_type"):
            cause = "extraction: another event type"
        else:
            cause = "resolution"
        causes[cause] += 1
    return dict(sorted(causes.items()))


def show(url: str, rows: list[dict[str, Any]], pred: dict[str, int | None]) -> None:
    places: dict[str, str] = {}
    with session_scope(url) as s:
        for m in s.scalars(select(MentionRow)):
            loc = (m.payload or {}).get("location") or {}
            killed = (m.payload or {}).get("killed") or {}
            places.setdefault(
                m.report_id,
                f"{loc.get('name')} ({loc.get('precision')}, {loc.get('admin1')}) "
                f"{m.payload.get('date')} {m.payload.get('event_type')} killed {killed.get('min')}",
            )
        sources = {r.id: r.source for r in s.scalars(select(ReportRow))}
    by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_cluster[row["cluster"]].append(row)
    for cluster, members in by_cluster.items():
        incidents = {pred.get(r["id"]) for r in members}
        intruders = [
            r for r in rows if r["cluster"] != cluster and pred.get(r["id"]) in incidents - {None}
        ]
        if len(incidents) == 1 and None not in incidents and not intruders:
            continue
        print(f"{cluster}: incidents {sorted(incidents, key=str)}")
        for r in members + intruders:
            mark = "  " if r["cluster"] == cluster else "+ "
            print(
                f"  {mark}{r['id']:32} {r['role']:15} -> {pred.get(r['id'])}  "
                f"{places.get(r['id'], 'no mention')}  [{sources.get(r['id'])}]"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--show", action="store_true", help="list the clusters split or merged")
    ap.add_argument("--write", action="store_true", help="update bench/results.md")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: no such file (give --data PATH)", file=sys.stderr)
        return 2
    rows = read_set(args.data)
    folder = Path(tempfile.mkdtemp())
    url = args.db or f"sqlite:///{folder}/merge.db"
    inputs = folder / "reports.jsonl"
    with inputs.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    start = time.perf_counter()
    summary = harmwatch.open(url).ingest([inputs])
    seconds = time.perf_counter() - start
    if summary.failed:
        print(f"{len(summary.failed)} inputs failed: {summary.failed[:3]}", file=sys.stderr)
    gold = {r["id"]: r["cluster"] for r in rows}
    pred = assignment(url)
    p, r, f1 = bcubed(gold, pred)
    merged, pairs = lookalikes_merged(rows, pred)
    batch_pred = assignment(batch_again(url, rows, extractions(url, [r["id"] for r in rows])))
    same = {frozenset(k for k, v in pred.items() if v == i) for i in set(pred.values())} == {
        frozenset(k for k, v in batch_pred.items() if v == i) for i in set(batch_pred.values())
    }
    clusters = len(set(gold.values()))
    multi = sum(1 for c in set(gold.values()) if sum(v == c for v in gold.values()) > 1)
    lines = [
        f"- {len(rows)} reports, {clusters} gold incidents ({multi} told by several reports), "
        f"{len({v for v in pred.values() if v is not None})} incidents resolved "
        f"(ingest {seconds:.0f} s)",
        f"- B-cubed precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}",
        f"- look-alike pairs merged: {merged} of {pairs}",
        f"- batch resolution (`resolve_many`) gives the same incidents as ingest: "
        f"{'yes' if same else 'NO'}",
        "- gold pairs left apart, by first cause: "
        + (", ".join(f"{k} {v}" for k, v in split_causes(url, rows, pred).items()) or "none"),
    ]
    print("\n".join(lines))
    if args.show:
        show(url, rows, pred)
    if args.write:
        write_section("merge_precision", "Merging across place precision (issue 12)", lines)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
