"""API latency under a fixed request rate, on a database of N incidents.

The database: reports generated from the corpora's gold by ``resolve_bench.generate`` are
resolved with `resolve_many` (real incidents with records, mentions and sources); their
incidents are then copied, dates shifted by a few days and places jittered, until there are N.
The server is ``harmwatch serve`` in a subprocess; the client is an asyncio httpx loop on
loopback that sends requests at a fixed rate (open loop: a slow answer does not delay the next
request), bounded in count and time, over a mix of list, filter, search, detail and stats calls.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

SEED_MENTIONS = 4000
SKIP = {"id", "created_at", "updated_at", "merged_into_id"}


def build_database(url: str, corpus: Path, incidents: int, seed: int = 5) -> int:
    """Fill the (empty) database at ``url`` with ``incidents`` incidents; returns the count."""
    from resolve_bench import generate

    from harmwatch.models import ReportExtraction
    from harmwatch.resolve.batch import resolve_many
    from harmwatch.store.db import get_engine, session_scope
    from harmwatch.store.migrate import upgrade
    from harmwatch.store.schema import IncidentRow, ReportRow

    upgrade(url)
    items = generate(corpus, SEED_MENTIONS)
    with session_scope(url) as session:
        session.execute(sa.insert(ReportRow), [report for report, _, _ in items])
    with session_scope(url) as session:
        resolve_many(
            session, [ReportExtraction(report_id=r["id"], incidents=[inc]) for r, inc, _ in items]
        )
    cols = [c for c in IncidentRow.__table__.columns if c.name not in SKIP]
    with session_scope(url) as session:
        base = [
            dict(zip([c.name for c in cols], row, strict=True))
            for row in session.execute(sa.select(*cols).where(IncidentRow.merged_into_id.is_(None)))
        ]
        have = len(base)
    rng = random.Random(seed)
    copy = 0
    while have < incidents:
        copy += 1
        batch: list[dict[str, Any]] = []
        for row in base:
            if have + len(batch) >= incidents:
                break
            new = dict(row)
            shift = dt.timedelta(days=3 * copy)
            new["date"] = row["date"] + shift if row["date"] else None
            new["date_end"] = row["date_end"] + shift if row["date_end"] else None
            if row["lat"] is not None and row["lon"] is not None:
                new["lat"] = row["lat"] + rng.uniform(-0.05, 0.05)
                new["lon"] = row["lon"] + rng.uniform(-0.05, 0.05)
            batch.append(new)
        with session_scope(url) as session:
            for i in range(0, len(batch), 5000):
                session.execute(sa.insert(IncidentRow), batch[i : i + 5000])
        have += len(batch)
    with get_engine(url).connect() as conn:  # statistics, as a database in use would have
        conn.execute(sa.text("ANALYZE"))
        conn.commit()
    get_engine(url).dispose()
    return have


def _sample_values(url: str) -> dict[str, list[Any]]:
    from harmwatch.store.db import get_engine
    from harmwatch.store.schema import IncidentRow

    with get_engine(url).connect() as conn:
        ids = [r[0] for r in conn.execute(sa.select(IncidentRow.id))]
        places = [
            r[0]
            for r in conn.execute(
                sa.select(IncidentRow.place_name)
                .where(IncidentRow.place_name.is_not(None))
                .distinct()
                .limit(200)
            )
        ]
        dates = [
            r[0]
            for r in conn.execute(
                sa.select(IncidentRow.date)
                .where(IncidentRow.date.is_not(None))
                .distinct()
                .limit(2000)
            )
        ]
    get_engine(url).dispose()
    return {"ids": ids, "places": places, "dates": dates}


def request_mix(values: dict[str, list[Any]], n: int, seed: int = 9) -> list[str]:
    """``n`` GET paths: 30% first page, 20% date window, 10% place, 5% search words,
    25% incident detail, 5% stats, 5% map of a month."""
    rng = random.Random(seed)
    paths = []
    for _ in range(n):
        roll = rng.random()
        day = rng.choice(values["dates"]) if values["dates"] else dt.date(2020, 1, 1)
        if roll < 0.30:
            paths.append("/api/incidents?limit=50")
        elif roll < 0.50:
            paths.append(f"/api/incidents?since={day}&until={day + dt.timedelta(days=30)}")
        elif roll < 0.60 and values["places"]:
            paths.append(f"/api/incidents?place={rng.choice(values['places'])}")
        elif roll < 0.65:
            paths.append("/api/incidents?q=" + rng.choice(["market", "hospital", "school"]))
        elif roll < 0.90 and values["ids"]:
            paths.append(f"/api/incidents/{rng.choice(values['ids'])}")
        elif roll < 0.95:
            paths.append("/api/stats")
        else:
            paths.append(f"/api/incidents/map?since={day}&until={day + dt.timedelta(days=30)}")
    return paths


async def _load(base: str, paths: list[str], rate: float, limit_s: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=10.0, limits=limits) as client:

        async def one(path: str, at: float) -> None:
            await asyncio.sleep(max(0.0, at - (time.perf_counter() - started)))
            if time.perf_counter() - started > limit_s:
                errors.append("not sent: time limit")
                return
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")
                    return
            except httpx.HTTPError as err:
                errors.append(f"{type(err).__name__} {path}")
                if isinstance(err, httpx.TimeoutException):
                    latencies.append(float("inf"))  # counts in the percentiles: no answer in time
                return
            latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(one(p, i / rate) for i, p in enumerate(paths)))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def kind(path: str) -> str:
    """The call a path makes: "/api/incidents?place", "/api/incidents/{id}"..."""
    route, _, query = path.partition("?")
    route = "/".join("{id}" if part.isdigit() else part for part in route.split("/"))
    return route + ("?" + query.split("=")[0] if query else "")


def serial(base: str, paths: list[str]) -> dict[str, list[float]]:
    """Service time of each kind of call, one request at a time (ms)."""
    times: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=60.0) as client:
        for path in paths:
            t0 = time.perf_counter()
            response = client.get(path)
            if response.status_code == 200:
                times.setdefault(kind(path), []).append(1000 * (time.perf_counter() - t0))
    return times


def result_ok_rate(latencies: list[float], elapsed: float) -> float:
    return sum(1 for v in latencies if v != float("inf")) / elapsed if elapsed else 0.0


def measure(
    url: str, requests: int, rate: float = 50.0, limit_s: float = 120.0, workers: int = 1
) -> dict[str, Any]:
    """Serve ``url`` with ``harmwatch serve --workers N`` and load it; returns the latency
    figures (and ``server_errors``: how many tracebacks the server wrote)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    values = _sample_values(url)
    env = {**os.environ, "HARMWATCH_SECRET_KEY": "bench-only-secret-key-0123456789abcdef"}
    # the server's messages go to a file: a pipe nobody reads until the end would fill up
    # (64 KiB of tracebacks) and stop the server mid-run
    log = tempfile.TemporaryFile("w+")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harmwatch.cli.main",
            "serve",
            "--db",
            url,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        env=env,
    )

    def server_log() -> str:
        log.seek(0)
        return log.read()

    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"harmwatch serve exited: {server_log()[-2000:]}")
            try:
                if httpx.get(base + "/api/incidents?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("harmwatch serve did not answer within 120 s")
            time.sleep(0.3)
        result_serial = serial(base, request_mix(values, 80, seed=2))  # also the warm-up
        result = asyncio.run(_load(base, request_mix(values, requests), rate, limit_s))
        try:
            import psutil

            result["server_rss_mb"] = psutil.Process(server.pid).memory_info().rss / 2**20
        except (ImportError, OSError):
            result["server_rss_mb"] = None
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        result_log = server_log()
        log.close()
    result["serial"] = result_serial
    result["server_errors"] = result_log.count("Traceback")
    lat = result["latencies"]
    result.update(
        sent=requests,
        ok=sum(1 for v in lat if v != float("inf")),
        p50_ms=1000 * statistics.median(lat) if lat else None,
        p99_ms=1000 * _percentile(lat, 0.99) if lat else None,
        max_ms=1000 * max(lat) if lat else None,
        rate=result_ok_rate(lat, result["elapsed"]),
    )
    return result
