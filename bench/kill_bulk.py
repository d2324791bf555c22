"""kill -9 `harmwatch bulk` again and again; the database it ends with must be sound and the
same as an uninterrupted run's.

    .venv/bin/python bench/kill_bulk.py                  # 13 kills, 240 generated reports, SQLite
    .venv/bin/python bench/kill_bulk.py --kills 5 --reports 60
    .venv/bin/python bench/kill_bulk.py --corpus ../shared/corpus/seeds/reports.jsonl

1. An uninterrupted `harmwatch bulk` into a fresh database: the reference (and the times at
   which its first report was stored and its first partition committed).
2. The same command into another fresh database, killed with SIGKILL (its whole process group,
   the Dask workers too) ``--kills`` times at varied moments: during start-up, migration and
   storing (a random delay), and during extraction (just after a partition is committed, or at
   a random moment between commits); each time started again, resuming.
3. A last run to the end, then checks on the killed-and-resumed database: ``PRAGMA
   integrity_check``, ``PRAGMA foreign_key_check``, FTS5's ``integrity-check`` of both search
   tables and the reports' search rows against the reports; and a content hash of its
   reports, mentions, incidents and merge log (surrogate ids replaced by their rank,
   timestamps left out) against the reference's.

Exit code 0 when every check holds and the hashes are equal, 1 otherwise. The default corpus
is generated (short reports written for this script; every third one retells an earlier event,
so that resolution merges): 1.5-4 minutes on 2 shared cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLACES = [
    "Saraqib",
    "Ariha",
    "Kafr Nabl",
    "Binnish",
    "Jisr al-Shughur",
    "Maarat al-Numan",
    "Azaz",
    "Douma",
    "Raqqa",
    "Khan Younis",
    "Rafah",
    "Jabalia",
]
WEAPONS = ["An airstrike", "Artillery fire", "A drone strike", "Rocket fire", "A car bomb"]
TARGETS = [
    "a vegetable market",
    "a block of flats",
    "a school used as a shelter",
    "the gate of a clinic",
    "a bakery queue",
]
OUTLETS = ["Valley Courier", "North Wire", "Orontes Daily", "Coast Monitor", "Plain Post"]
MONTHS = ["January", "February", "March", "April", "May", "June"]


def write_corpus(path: Path, n: int, seed: int) -> None:
    """``n`` short reports in our own words; every third retells an earlier event."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if events and i % 3 == 2:
                event = rng.choice(events)
            else:
                event = {
                    "place": rng.choice(PLACES),
                    "weapon": rng.choice(WEAPONS),
                    "target": rng.choice(TARGETS),
                    "day": rng.randint(1, 27),
                    "month": rng.randint(1, 6),
                    "killed": rng.randint(2, 30),
                }
                events.append(event)
            outlet = rng.choice(OUTLETS)
            killed = event["killed"] + rng.choice([0, 0, 2])
            text = (
                f"{event['weapon']} hit {event['target']} in {event['place']} on "
                f"{event['day']} {MONTHS[event['month'] - 1]} 2024, killing {killed} "
                f"civilians and wounding {rng.randint(1, 50)} others, the {outlet} "
                f"reported. Neighbours said the street had been quiet for weeks. "
                f"(item {i})"
            )
            fh.write(
                json.dumps(
                    {
                        "id": f"kill-{i:04d}",
                        "text": text,
                        "source": outlet,
                        "published": f"2024-{event['month']:02d}-{event['day'] + 1:02d}",
                    }
                )
                + "\n"
            )


def bulk_command(corpus: Path, db: Path, args: argparse.Namespace) -> list[str]:
    return [
        sys.executable,
        "-m",
        "harmwatch.cli.main",
        "bulk",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        str(args.workers),
        "--partition-size",
        str(args.partition_size),
        "--no-progress",
    ]


def counts(db: Path) -> tuple[int, int]:
    """(reports stored, reports extracted), (0, 0) while the database is not there yet."""
    if not db.exists():
        return 0, 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5) as con:
            stored, extracted = con.execute(
                "SELECT count(*), coalesce(sum(extracted), 0) FROM reports"
            ).fetchone()
            return int(stored), int(extracted)
    except sqlite3.Error:  # not migrated yet, or busy
        return 0, 0


@dataclass
class Kill:
    n: int
    moment: str
    seconds: float
    stored: int
    extracted: int


def reference_run(
    corpus: Path, db: Path, args: argparse.Namespace
) -> tuple[float, float, float, str]:
    """Run to the end, watching: (seconds to the first stored report, to the first committed
    partition, in all), and its stdout."""
    start = time.monotonic()
    proc = subprocess.Popen(
        bulk_command(corpus, db, args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    first_stored = first_done = 0.0
    while proc.poll() is None:
        stored, extracted = counts(db)
        now = time.monotonic() - start
        if stored and not first_stored:
            first_stored = now
        if extracted and not first_done:
            first_done = now
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"the uninterrupted run failed ({proc.returncode}): {err.strip()[-500:]}")
    return first_stored, first_done, time.monotonic() - start, out.strip()


def killed_runs(
    corpus: Path,
    db: Path,
    args: argparse.Namespace,
    first_done: float,
    per_partition: float,
    rng: random.Random,
) -> list[Kill]:
    """Start, kill with SIGKILL at a varied moment, start again; ``args.kills`` times."""
    kills: list[Kill] = []
    moments = ["start-up", "after a commit", "between commits"]
    attempt = 0
    while len(kills) < args.kills:
        attempt += 1
        if attempt > 3 * args.kills:
            sys.exit(f"only {len(kills)} kills: the runs finish too fast (use --reports)")
        moment = moments[len(kills) % len(moments)]
        _, done_before = counts(db)
        start = time.monotonic()
        proc = subprocess.Popen(
            bulk_command(corpus, db, args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        delay = rng.uniform(0.2, max(1.0, first_done))  # start-up: before any commit
        extra = rng.uniform(0.0, per_partition)  # between commits: this long after one
        ready_at: float | None = None
        while proc.poll() is None:
            now = time.monotonic() - start
            _, extracted = counts(db)
            if moment == "start-up" and now >= delay:
                break
            if moment != "start-up" and extracted > done_before:
                if moment == "after a commit":
                    break
                ready_at = ready_at if ready_at is not None else now
                if now - ready_at >= extra:
                    break
            time.sleep(0.02)
        if proc.poll() is not None:  # finished first: nothing to kill this time
            print(f"  run finished before the kill ({moment}); starting again", flush=True)
            if counts(db)[1] >= args.reports_in_corpus:
                sys.exit(f"the corpus was done after {len(kills)} kills: use more --reports")
            continue
        seconds = time.monotonic() - start
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        stored, extracted = counts(db)
        kills.append(Kill(len(kills) + 1, moment, seconds, stored, extracted))
        print(
            f"  kill {len(kills):2d}: {moment:15s} after {seconds:5.1f} s; "
            f"{stored} stored, {extracted} extracted",
            flush=True,
        )
    return kills


def soundness(db: Path) -> list[str]:
    """Every problem the integrity, foreign-key and FTS checks find (empty: sound)."""
    problems: list[str] = []
    with sqlite3.connect(db) as con:
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        bad_keys = con.execute("PRAGMA foreign_key_check").fetchall()
        if bad_keys:
            problems.append(f"foreign_key_check: {bad_keys[:5]}")
        for table in ("incidents_fts", "reports_fts"):
            try:
                con.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as err:
                problems.append(f"{table} integrity-check: {err}")
        search = sorted(con.execute("SELECT report_id, text FROM reports_fts"))
        reports = sorted(con.execute("SELECT id, text FROM reports"))
        if search != reports:
            problems.append(
                f"reports_fts holds {len(search)} rows for {len(reports)} reports, or other texts"
            )
    return problems


JSON_COLUMNS = ("payload", "record", "overrides", "mention_ids")
TIMESTAMPS = ("ingested_at", "created_at", "updated_at", "at")


def content_hash(db: Path) -> tuple[str, dict[str, int]]:
    """A hash of the reports, mentions, incidents and merge log, their surrogate ids replaced
    by their rank (ids a killed transaction took are not reused the same way everywhere) and
    their timestamps left out; and the row counts."""
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row

        def rows(table: str) -> list[dict[str, Any]]:
            out = []
            for row in con.execute(f"SELECT * FROM {table}"):
                value = {k: row[k] for k in row.keys() if k not in TIMESTAMPS}
                for key in JSON_COLUMNS:
                    if isinstance(value.get(key), str):
                        value[key] = json.loads(value[key])
                out.append(value)
            return out

        reports, mentions = rows("reports"), rows("mentions")
        incidents, merges = rows("incidents"), rows("merge_log")
    m_rank = {mid: n for n, mid in enumerate(sorted(m["id"] for m in mentions), 1)}
    i_rank = {iid: n for n, iid in enumerate(sorted(i["id"] for i in incidents), 1)}

    def fix(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            out = {k: fix(v, k) for k, v in value.items()}
            if key == "mentions" and isinstance(out.get("id"), int):
                out["id"] = m_rank.get(out["id"], out["id"])
            return out
        if isinstance(value, list):
            if key == "mention_ids":
                return [m_rank.get(v, v) for v in value]
            return [fix(v, key) for v in value]
        if key in ("incident_id", "merged_into_id", "other_incident_id") and value is not None:
            return i_rank.get(value, value)
        return value

    def canon(row: dict[str, Any], rank: dict[int, int] | None) -> str:
        out = fix(row)
        if rank is not None:
            out["id"] = rank[row["id"]]
        elif isinstance(out.get("id"), int):  # the merge log's own ids
            del out["id"]
        return json.dumps(out, sort_keys=True, default=str)

    parts = {
        "reports": sorted(canon(r, None) for r in reports),
        "mentions": sorted(canon(m, m_rank) for m in mentions),
        "incidents": sorted(canon(i, i_rank) for i in incidents),
        "merge_log": sorted(canon(g, None) for g in merges),
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return digest, {name: len(values) for name, values in parts.items()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=13, help="SIGKILLs before the last run")
    parser.add_argument("--reports", type=int, default=240, help="generated reports [240]")
    parser.add_argument("--corpus", type=Path, help="a JSONL/CSV/text corpus instead")
    parser.add_argument("--workers", type=int, default=1, help="Dask workers [1]")
    parser.add_argument("--partition-size", type=int, default=3, help="reports per task [3]")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="harmwatch-kill-"))
    corpus = args.corpus
    if corpus is None:
        corpus = work / "reports.jsonl"
        write_corpus(corpus, args.reports, args.seed)
    args.reports_in_corpus = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    reference, killed = work / "reference.db", work / "killed.db"

    print(f"corpus {corpus} ({args.reports_in_corpus} records); databases in {work}", flush=True)
    first_stored, first_done, total, out = reference_run(corpus, reference, args)
    print(
        f"uninterrupted run: {total:.1f} s (first report stored at {first_stored:.1f} s, "
        f"first partition committed at {first_done:.1f} s)\n  {out}",
        flush=True,
    )

    partitions = -(-args.reports_in_corpus // args.partition_size)
    per_partition = max(0.05, (total - first_done) / partitions)
    started = time.monotonic()
    kills = killed_runs(corpus, killed, args, first_done, per_partition, rng)
    last = subprocess.run(bulk_command(corpus, killed, args), capture_output=True, text=True)
    print(f"last run (exit {last.returncode}): {last.stdout.strip()}", flush=True)
    print(f"{len(kills)} kills and the last run: {time.monotonic() - started:.1f} s", flush=True)

    problems = soundness(killed) + [f"reference: {p}" for p in soundness(reference)]
    want, want_counts = content_hash(reference)
    got, got_counts = content_hash(killed)
    print(f"reference hash {want} {want_counts}")
    print(f"resumed   hash {got} {got_counts}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    ok = last.returncode == 0 and not problems and got == want
    sound = "sound" if not problems else "NOT sound"
    same = "equal" if got == want else "DIFFER"
    print(
        f"{'PASS' if ok else 'FAIL'}: {len(kills)} kills; integrity, foreign keys and FTS "
        f"{sound}; hashes {same}"
    )
    if not args.keep:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
