"""Time and peak memory of harmwatch on very large inputs (issue 14).

    .venv/bin/python bench/large_inputs.py                 # all three inputs
    .venv/bin/python bench/large_inputs.py --only report   # the 990,000-character report
    .venv/bin/python bench/large_inputs.py --timeout 300   # give up on a run after 300 s

Inputs, generated here in our own words (the same on every run):

- ``report``: one JSONL report of 990,000 characters, half its sentences telling of a strike
  (the worst case: nothing to skip), through ``harmwatch extract``;
- ``page``: an HTML page of 5 MB, article paragraphs, through ``harmwatch ingest --no-extract``
  (reading the page and storing its report);
- ``markup``: an HTML page of 5 MB whose paragraphs sit in nested layout elements with links
  (about 200,000 elements), through ``harmwatch ingest --no-extract``.

Each run is one process; the figures are its wall time and peak resident memory (``wait4``),
its exit code and its last line on stderr. The machine is shared: wall times include waiting
for a CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Saraqib", "Ariha", "Kafr Nabl", "Binnish", "Maarat al-Numan", "Azaz", "Douma"]
ATTACKS = ["An airstrike hit", "Shelling struck", "A drone strike targeted", "Rocket fire hit"]
TARGETS = ["a market", "a school", "a clinic", "homes", "a bakery"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
QUIET = [
    "Residents described long queues for bread and fuel across the district.",
    "The council met to discuss the water supply and repairs to the power lines.",
    "Teachers said attendance had fallen again since the start of the winter term.",
    "Aid groups said the roads to the north stayed open for trucks.",
]


def paragraphs(chars: int, seed: int = 14) -> list[str]:
    """Paragraphs of five sentences, half of them telling of a strike, ``chars`` in all."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        sentences = []
        for _ in range(5):
            if rng.random() < 0.5:
                sentences.append(
                    f"{rng.choice(ATTACKS)} {rng.choice(TARGETS)} in {rng.choice(PLACES)} on "
                    f"{rng.choice(DAYS)}, killing {rng.randint(2, 40)} civilians and wounding "
                    f"{rng.randint(3, 90)} others, a local monitor said."
                )
            else:
                sentences.append(rng.choice(QUIET))
        out.append(" ".join(sentences))
        size += len(out[-1]) + 2
    return out


def write_inputs(work: Path) -> dict[str, Path]:
    text = "\n\n".join(paragraphs(990_000))[:990_000]
    report = work / "report.jsonl"
    report.write_text(json.dumps({"id": "large", "text": text, "published": "2024-03-04"}) + "\n")
    head = (
        "<!doctype html><html><head><title>A long page</title>"
        '<meta property="article:published_time" content="2024-03-04"></head><body>'
    )
    page = work / "page.html"
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs(5_000_000))
    page.write_text(f"{head}<article>{body}</article></body></html>")
    markup = work / "markup.html"
    parts: list[str] = []
    size = 0
    for n, p in enumerate(paragraphs(5_000_000)):
        words = p.split(" ")
        block = (
            '<div class="row"><div class="col"><p>'
            + " ".join(words[:8])
            + f' <a href="/tag/{n}">{words[8]}</a> <span>{" ".join(words[9:20])}</span> '
            + " ".join(words[20:])
            + "</p></div></div>\n"
        )
        parts.append(block)
        size += len(block)
        if size > 5_000_000:
            break
    markup.write_text(f"{head}<main>{''.join(parts)}</main></body></html>")
    return {"report": report, "page": page, "markup": markup}


def measure(args: list[str], timeout: float, log: Path) -> tuple[float, float, str, str]:
    """(wall seconds, peak RSS in MB, exit code or 'stopped after N s', last stderr line)."""
    start = time.monotonic()
    with log.open("w") as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        code = ""
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = str(os.waitstatus_to_exitcode(status))
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                code = f"stopped after {timeout:.0f} s"
                break
            time.sleep(0.1)
    proc.returncode = 0  # reaped by wait4
    wall = time.monotonic() - start
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return wall, usage.ru_maxrss / 1024, code, (lines[-1][:160] if lines else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["report", "page", "markup"], action="append")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--keep", action="store_true", help="keep the inputs and outputs")
    args = parser.parse_args()
    harmwatch = [sys.executable, "-m", "harmwatch.cli.main"]
    work = Path(tempfile.mkdtemp(prefix="harmwatch-large-"))
    inputs = write_inputs(work)
    print(
        f"inputs in {work}: "
        + ", ".join(f"{k} {p.stat().st_size / 1e6:.2f} MB" for k, p in inputs.items()),
        flush=True,
    )
    for name in args.only or ["report", "page", "markup"]:
        if name == "report":
            command = [
                *harmwatch,
                "extract",
                str(inputs[name]),
                "-o",
                str(work / "out.jsonl"),
                "--no-progress",
            ]
        else:
            command = [
                *harmwatch,
                "ingest",
                str(inputs[name]),
                "--db",
                str(work / f"{name}.db"),
                "--no-extract",
                "--no-progress",
            ]
        wall, rss, code, last = measure(command, args.timeout, work / f"{name}.log")
        print(
            f"{name:7s} wall {wall:7.1f} s  peak RSS {rss:7.0f} MB  exit {code}  {last}", flush=True
        )
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
