"""Write one benchmark's result as a section of bench/results.md (other sections untouched)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def write_section(key: str, title: str, lines: list[str]) -> None:
    start, end = f"<!-- {key} -->", f"<!-- /{key} -->"
    body = f"{start}\n## {title}\n\n_{dt.date.today()}_\n\n" + "\n".join(lines) + f"\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + body + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    RESULTS.write_text(text, encoding="utf-8")
