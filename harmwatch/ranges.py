"""How a casualty range and a count are written, the same in the CLI, the summaries and the
web API (``RangePublic.text``; the web app's ``range()`` in js/dom.js follows the same rules).

    format_range(21, 21) == "21"        format_range(10, 15) == "10-15"
    format_range(21, None) == "21+"     format_range(None, 35) == "up to 35"
    format_range(None, None) == ""      people(1) == "1 person"
"""

from __future__ import annotations


def format_range(low: int | None, high: int | None) -> str:
    """A casualty range as a reader would write it: ``21``, ``10-15``, ``21+``, ``up to 35``;
    an unknown range is ``""``."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"{low}+"
    if low is None:
        return f"up to {high}"
    return str(low) if low == high else f"{low}-{high}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "incident") == "1 incident"``, ``plural(2, "incident") == "2 incidents"``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def people(n: int) -> str:
    return plural(n, "person", "people")
