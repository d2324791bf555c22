"""Over-merging on ACLED: its 4,760 coded events are distinct, so resolving them must give about
as many incidents as it has violent events (issue 4: within 2%).

    .venv/bin/python bench/resolve_acled.py [--mentions gold|extractor] [--db URL] [--write]

``gold`` derives each report's mention from ACLED's coding (harmwatch.resolve.gold);
``extractor`` runs harmwatch.pipeline's extractor with the ACLED places as user gazetteer.
Prints incidents vs violent events, the merges made and how many joined two distinct ACLED
events; ``--write`` puts the result in bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.progress import track
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import write_section  # noqa: E402

from harmwatch.models import Report  # noqa: E402
from harmwatch.resolve import add_extraction  # noqa: E402
from harmwatch.resolve.gold import gold_extraction  # noqa: E402
from harmwatch.store.db import session_scope  # noqa: E402
from harmwatch.store.migrate import upgrade  # noqa: E402
from harmwatch.store.reports import add_report  # noqa: E402
from harmwatch.store.schema import IncidentRow, MentionRow  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--mentions", choices=("gold", "extractor"), default="gold")
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--write", action="store_true", help="update bench/results.md")
    args = ap.parse_args()
    folder = args.corpus / "acled-syria-2018"
    if not folder.is_dir():
        print(f"ACLED corpus not found at {folder}", file=sys.stderr)
        return 2
    reports = [json.loads(x) for x in (folder / "reports.jsonl").open(encoding="utf-8")]
    gold = {g["report_id"]: g for g in map(json.loads, (folder / "gold.jsonl").open())}
    if args.limit:
        reports = reports[: args.limit]
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/acled.db"
    upgrade(url)
    extractor = None
    if args.mentions == "extractor":
        from harmwatch.pipeline import get_extractor

        extractor = get_extractor(gazetteer_files=(folder / "places.csv",))
    duplicates: list[str] = []
    start = time.perf_counter()
    for line in track(reports, description=f"resolving ({args.mentions} mentions)"):
        report = Report.model_validate(line)
        if extractor is not None:
            extraction = extractor.extract(report)
        else:
            extraction = gold_extraction(
                gold[report.id]
                | {
                    "incidents": [
                        i for i in gold[report.id]["incidents"] if gold[report.id]["violent"]
                    ]
                },
                report.source,
            )
        with session_scope(url) as s:
            added = add_report(s, report)
            if added.status == "duplicate":  # ingest stores a repeated text once
                duplicates.append(report.id)
                continue
            add_extraction(s, extraction)
    seconds = time.perf_counter() - start
    violent = sum(1 for r in reports if gold[r["id"]]["violent"])
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None))).all()
        incidents = len(rows)
        multi = [r for r in rows if r.record["n_reports"] > 1]
        joined = sum(r.record["n_reports"] - 1 for r in multi)
        mentions = s.scalar(select(MentionRow.id).order_by(MentionRow.id.desc()).limit(1)) or 0
        per_report = Counter(len(r.record["report_ids"]) for r in rows)
    diff = (incidents - violent) / violent * 100
    lines = [
        f"- mentions: {args.mentions}; reports {len(reports)}, violent events {violent}, "
        f"mentions stored {mentions}; {len(duplicates)} reports repeat an earlier text "
        f"({sum(gold[d]['violent'] for d in duplicates)} violent) and are stored once",
        f"- incidents {incidents} ({diff:+.2f}% vs violent events; target within 2%)",
        f"- incidents joining several ACLED events (over-merges): {len(multi)}, absorbing "
        f"{joined} events; reports per incident {dict(sorted(per_report.items()))}",
        f"- time {seconds:.1f} s ({len(reports) / seconds:.0f} reports/s, SQLite, 1 process)",
    ]
    print("\n".join(lines))
    if args.write:
        write_section(
            f"resolve_acled_{args.mentions}",
            f"Resolution on ACLED Syria 2018 ({args.mentions} mentions)",
            lines,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
