"""A page's furniture out of its text: lines a page repeats (a notice over every image), short UI
labels (buttons, breadcrumbs like "Location / Assessment", one-word section tabs) and captions
that are UI, so that no extraction quotes them as evidence. General rules, not one site's:

- a line the page holds `REPEATS` or more times is dropped everywhere (an article's sentences
  do not repeat; a "click to show" notice over each photo does);
- a short line (at most `MAX_UI_WORDS` words) holding a phrase of ``data/ui_phrases.txt``;
- a breadcrumb or tab row: short words joined by "/", "|", ">" or "»", with no sentence end;
- a line of one or two words with no digit and no sentence punctuation ("Geolocation", "Share").

    strip_furniture("Map / Assessment\\nShare\\nA shell hit the market on Monday.")
    == "A shell hit the market on Monday."
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

REPEATS = 3
MAX_UI_WORDS = 12
MAX_LABEL_WORDS = 2
MAX_CRUMB_WORDS = 8
_CRUMB = re.compile(r"\s[/|>»›]\s")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
_DIGIT = re.compile(r"\d")
_BLANKS = re.compile(r"\n\s*\n(\s*\n)*")


@lru_cache(maxsize=1)
def ui_phrases() -> tuple[str, ...]:
    text = resources.files("harmwatch.ingest").joinpath("data/ui_phrases.txt").read_text("utf-8")
    rows = (line.strip().lower() for line in text.splitlines())
    return tuple(row for row in rows if row and not row.startswith("#"))


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()


def is_ui_line(line: str) -> bool:
    """A short UI label, breadcrumb or call to action (not a sentence of the report)."""
    words = line.split()
    if not words:
        return False
    folded = _key(line)
    if len(words) <= MAX_UI_WORDS and any(phrase in folded for phrase in ui_phrases()):
        return True
    ends = bool(_SENTENCE_END.search(line.rstrip()))
    if len(words) <= MAX_CRUMB_WORDS and _CRUMB.search(f" {line} ") and not ends:
        return True
    return len(words) <= MAX_LABEL_WORDS and not ends and not _DIGIT.search(line)


def strip_furniture(text: str) -> str:
    """``text`` without its repeated lines and UI labels; blank lines collapse. A text made
    only of such lines is returned as it was (better a label than nothing to read)."""
    lines = text.splitlines()
    counts = Counter(_key(line) for line in lines if line.strip())
    kept = [
        line
        for line in lines
        if not line.strip() or (counts[_key(line)] < REPEATS and not is_ui_line(line))
    ]
    if not any(line.strip() for line in kept):
        return text
    return _BLANKS.sub("\n\n", "\n".join(kept)).strip()
