"""`harmwatch bulk`: Dask extraction into the database, the same result as one report at a time,
idempotent, and resumable after kill -9 with the same final database."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow, ReportRow

PLACES = [
    "Idlib",
    "Aleppo",
    "Douma",
    "Raqqa",
    "Deir ez-Zor",
    "Khan Younis",
    "Rafah",
    "Jabalia",
    "Gaza City",
    "Deir al-Balah",
    "Maarat al-Numan",
    "Ariha",
]
OUTLETS = ["Reuters", "AFP", "Al Jazeera", "SANA", "BBC", "Syrian Observatory for Human Rights"]
WEAPONS = ["An airstrike", "Artillery shelling", "A drone strike", "A barrel bomb attack"]
TARGETS = [
    "a crowded market",
    "a residential building",
    "a school used as a shelter",
    "a hospital entrance",
    "a bakery",
]
MONTHS = ["January", "February", "March", "April", "May", "June"]


def write_reports(
    path: Path, n: int, seed: int = 7, vary_tolls: bool = True
) -> list[dict[str, Any]]:
    """``n`` short reports written for these tests; every third one retells an earlier event
    from another outlet (with another toll when ``vary_tolls``), so that resolution has merging
    to do. Without varied tolls every retelling matches every other: grouping cannot depend on
    the order in which reports arrive."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for i in range(n):
        if events and i % 3 == 2:
            event = rng.choice(events)
        else:
            event = {
                "place": rng.choice(PLACES),
                "weapon": rng.choice(WEAPONS),
                "target": rng.choice(TARGETS),
                "day": rng.randint(1, 28),
                "month": rng.randint(1, 6),
                "killed": rng.randint(2, 40),
                "injured": rng.randint(0, 60),
            }
            events.append(event)
        killed = event["killed"] + (rng.choice([0, 0, 1, 3]) if vary_tolls else 0)
        injured = rng.randint(0, 60) if vary_tolls else event["injured"]
        unused = [o for o in OUTLETS if o not in event.setdefault("outlets", [])]
        outlet = rng.choice(OUTLETS if vary_tolls or not unused else unused)
        event["outlets"].append(outlet)
        month = MONTHS[event["month"] - 1]
        text = (
            f"{event['weapon']} hit {event['target']} in {event['place']} on "
            f"{event['day']} {month} 2024, killing at least {killed} civilians and wounding "
            f"{injured} others, {outlet} reported. Rescue workers said several children were "
            f"among the dead. Residents described the area as far from any front line. "
            f"(dispatch number {i})"
        )
        records.append(
            {
                "id": f"bulk-{i:04d}",
                "text": text,
                "source": outlet,
                "published": f"2024-{event['month']:02d}-{min(28, event['day'] + 1):02d}",
            }
        )
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    return records


def _rank(ids: list[int]) -> dict[int, int]:
    return {old: new for new, old in enumerate(sorted(ids), 1)}


def snapshot(url: str) -> dict[str, Any]:
    """The reports, mentions, incidents and merge log, with surrogate ids replaced by their rank
    (PostgreSQL sequences skip the values a killed transaction took) and timestamps dropped."""
    with session_scope(url) as session:
        reports = {r.id: (r.extracted, r.text_hash) for r in session.scalars(sa.select(ReportRow))}
        mentions = list(session.scalars(sa.select(MentionRow)))
        incidents = list(session.scalars(sa.select(IncidentRow)))
        merges = list(session.scalars(sa.select(MergeLogRow)))
        m_rank = _rank([m.id for m in mentions])
        i_rank = _rank([i.id for i in incidents])

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
            return value

        def columns(row: Any, skip: tuple[str, ...]) -> dict[str, Any]:
            return {
                c.key: getattr(row, c.key)
                for c in sa.inspect(row).mapper.column_attrs
                if c.key not in skip
            }

        return {
            "reports": reports,
            "mentions": sorted(
                (
                    m_rank[m.id],
                    m.report_id,
                    m.ordinal,
                    i_rank.get(m.incident_id) if m.incident_id else None,
                    json.dumps(fix(columns(m, ("id", "incident_id"))), sort_keys=True, default=str),
                )
                for m in mentions
            ),
            "incidents": sorted(
                (
                    i_rank[i.id],
                    i_rank.get(i.merged_into_id) if i.merged_into_id else None,
                    json.dumps(
                        fix(columns(i, ("id", "merged_into_id", "created_at", "updated_at"))),
                        sort_keys=True,
                        default=str,
                    ),
                )
                for i in incidents
            ),
            "merge_log": sorted(
                (
                    i_rank.get(g.incident_id),
                    i_rank.get(g.other_incident_id) if g.other_incident_id else None,
                    g.kind,
                    [m_rank.get(v) for v in g.mention_ids],
                    g.reason,
                    g.score,
                )
                for g in merges
            ),
        }


@pytest.fixture(scope="module")
def cluster_client() -> Iterator[Any]:
    """A real Dask LocalCluster: one process-less worker with two threads (fits 2 cores)."""
    from harmwatch.bulk import dask_client

    with dask_client(workers=1, processes=False) as client:
        yield client


def _one_by_one(url: str, path: Path, batch: int = 1) -> None:
    """The reference: every report stored, extracted and resolved in order, no Dask. The
    reports are extracted in runs of ``batch`` in input order, as a partition of that size is
    (`places.batch_country` reads the country most reports of a run are about)."""
    from harmwatch.ingest import read_inputs
    from harmwatch.pipeline import get_extractor
    from harmwatch.resolve import add_extraction
    from harmwatch.store.reports import add_report, mark_extracted

    extractor = get_extractor()
    with session_scope(url) as session:
        reports = [r for r in read_inputs([str(path)]) if not isinstance(r, Exception)]
        ids = [add_report(session, r).report_id for r in reports]
    extractions = [
        e
        for k in range(0, len(reports), batch)
        for e in extractor.extract_many(reports[k : k + batch], batch_size=batch)
    ]
    for report_id, extraction in zip(ids, extractions, strict=True):
        with session_scope(url) as session:
            add_extraction(session, extraction.model_copy(update={"report_id": report_id}))
            mark_extracted(session, report_id)


def test_bulk_on_a_local_cluster_matches_a_sequential_run(
    db_url: str, make_db_url: Any, cluster_client: Any, tmp_path: Path
) -> None:
    from harmwatch.bulk import bulk

    corpus = tmp_path / "reports.jsonl"
    records = write_reports(corpus, 24)
    summary = bulk([str(corpus)], db_url, client=cluster_client, partition_size=5, progress=False)
    assert summary.ok, summary.errors
    assert (summary.read, summary.new, summary.extracted) == (24, 24, 24)
    assert summary.partitions == 5

    reference = make_db_url()
    _one_by_one(reference, corpus, batch=5)
    got, want = snapshot(db_url), snapshot(reference)
    assert got == want
    assert all(extracted for extracted, _ in got["reports"].values())
    assert len(got["reports"]) == len(records)
    # the retold events were merged: fewer incidents than reports that started one
    assert 0 < len(got["incidents"]) < len(records)
    assert summary.mentions == len(got["mentions"])


def test_bulk_twice_changes_nothing(db_url: str, cluster_client: Any, tmp_path: Path) -> None:
    from harmwatch.bulk import bulk

    corpus = tmp_path / "reports.jsonl"
    write_reports(corpus, 10, seed=3)
    first = bulk([str(corpus)], db_url, client=cluster_client, partition_size=4, progress=False)
    before = snapshot(db_url)
    again = bulk([str(corpus)], db_url, client=cluster_client, partition_size=3, progress=False)
    assert (first.extracted, again.extracted) == (10, 0)
    assert (again.duplicates, again.already_extracted) == (10, 10)
    assert snapshot(db_url) == before


def test_bad_inputs_are_listed_and_the_rest_is_processed(
    db_url: str, cluster_client: Any, tmp_path: Path
) -> None:
    from harmwatch.bulk import bulk

    corpus = tmp_path / "reports.jsonl"
    write_reports(corpus, 3, seed=5)
    with corpus.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "text": \n')
    summary = bulk([str(corpus)], db_url, client=cluster_client, progress=False)
    assert summary.extracted == 3
    assert len(summary.errors) == 1 and "reports.jsonl:4" in summary.errors[0]
    assert "\n" not in summary.errors[0]


def test_a_lone_surrogate_fails_its_record_alone(
    db_url: str, cluster_client: Any, tmp_path: Path
) -> None:
    from harmwatch.bulk import bulk

    corpus = tmp_path / "reports.jsonl"
    write_reports(corpus, 3, seed=17)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines.insert(1, '{"id": "half", "text": "Shelling \\ud800 killed two people in Ariha."}')
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = bulk([str(corpus)], db_url, client=cluster_client, progress=False)
    assert (summary.read, summary.extracted) == (3, 3)
    (error,) = summary.errors
    assert error.startswith(f"{corpus}:2: text holds a lone surrogate") and "\n" not in error


def test_bulk_on_a_running_scheduler(db_url: str, tmp_path: Path) -> None:
    """--scheduler tcp://HOST:PORT: the work goes to that cluster's workers."""
    from distributed import LocalCluster

    from harmwatch.bulk import bulk

    corpus = tmp_path / "reports.jsonl"
    write_reports(corpus, 6, seed=13)
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        dashboard_address=":0",
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        summary = bulk(
            [str(corpus)],
            db_url,
            scheduler=cluster.scheduler_address,
            partition_size=4,
            progress=False,
        )
    assert summary.ok and (summary.extracted, summary.partitions) == (6, 2)
    with session_scope(db_url) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(MentionRow)) > 0


def test_cli_refuses_workers_with_scheduler(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from harmwatch.cli.main import app

    result = CliRunner().invoke(
        app, ["bulk", "x.jsonl", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "harmwatch.cli.main", "bulk", *args]


def _extracted(url: str) -> int:
    try:
        with session_scope(url) as session:
            return int(
                session.scalar(
                    sa.select(sa.func.count()).select_from(ReportRow).where(ReportRow.extracted)
                )
                or 0
            )
    except sa.exc.OperationalError:  # not created yet
        return 0


@pytest.mark.slow
def test_kill_9_then_rerun_ends_with_the_same_database(
    db_url: str, make_db_url: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "reports.jsonl"
    n = 90
    write_reports(corpus, n, seed=11)
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    args = ["--workers", "1", "--partition-size", "3", "--no-progress"]

    # interrupted: killed with SIGKILL (the whole process group, Dask workers too) mid-run
    proc = subprocess.Popen(
        _cli(str(corpus), "--db", db_url, *args),
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 240
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        done = _extracted(db_url)
        if done >= n // 4:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"finished before it could be killed: {proc.stderr.read()!r}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    killed_at = _extracted(db_url)
    assert 0 < killed_at < n

    # started again: skips what is done, finishes the rest
    rerun = subprocess.run(
        _cli(str(corpus), "--db", db_url, *args),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - killed_at} extracted now, {killed_at} already done" in rerun.stdout

    # uninterrupted, into another fresh database
    reference = make_db_url()
    straight = subprocess.run(
        _cli(str(corpus), "--db", reference, *args),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert straight.returncode == 0, straight.stderr
    assert f"{n} extracted now, 0 already done" in straight.stdout

    got, want = snapshot(db_url), snapshot(reference)
    assert len(got["reports"]) == n
    assert got == want
