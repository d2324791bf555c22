"""Vocabularies of the extraction stages, read once from ``harmwatch/pipeline/data/*.jsonl``.

Each data file holds one JSON object a line. Patterns are regular expressions matched
case-insensitively at word boundaries; the Python code holds no trigger words of its own.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from harmwatch.errors import InputError

DATA_DIR = Path(__file__).parent / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSONL data file; a broken line is an error naming the file and line."""
    rows: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(str(path), f"cannot read the data file: {err.strerror}",
                         "check the path in your settings") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}", f"not valid JSON ({err.msg})",
                             "fix or remove the line") from err
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}", "expected a JSON object", "fix the line")
        rows.append(row)
    return rows


@cache
def data_file(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(read_jsonl(DATA_DIR / name))


@cache
def cue(name: str) -> re.Pattern[str]:
    """A cue pattern of ``actor_cues.jsonl`` (denial, claim, allegation, attack_noun ...)."""
    for row in data_file("actor_cues.jsonl"):
        if row["cue"] == name:
            return re.compile(row["pattern"], re.IGNORECASE)
    raise KeyError(name)


@lru_cache(maxsize=1)
def event_patterns() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    """(event_type, priority, pattern) from ``events.jsonl``, highest priority first."""
    rows = sorted(data_file("events.jsonl"), key=lambda r: -int(r["priority"]))
    return tuple(
        (r["event_type"], int(r["priority"]), re.compile(rf"\b(?:{r['pattern']})\b", re.I))
        for r in rows
    )


@lru_cache(maxsize=1)
def event_priority() -> dict[str, int]:
    return {etype: prio for etype, prio, _ in event_patterns()}


@lru_cache(maxsize=1)
def attack_context() -> re.Pattern[str]:
    """Any word that says an attack happened: an event trigger or an attack verb."""
    parts = [p.pattern for _, _, p in event_patterns()]
    parts.append(rf"\b{cue('attack_verb').pattern}\b")
    return re.compile("|".join(parts), re.IGNORECASE)


_SPLIT = re.compile(
    r"\n+|(?<=[a-z\d)\]”\"][.!?])(?=[A-Z“\"][a-z])|(?<=[a-z]{2}[.!?][”\"])(?=[A-Z])"
)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the Doc's sentences (the whole text when none were set), also cut
    at line breaks and at a full stop glued to the next sentence ("injured.The attack")."""
    cached = doc.user_data.get("hw_sentence_spans")
    if cached is not None:
        return list(cached)
    if doc.has_annotation("SENT_START"):
        rough = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        rough = [(0, len(doc.text))] if doc.text else []
    text = doc.text
    spans: list[tuple[int, int]] = []
    for start, end in rough:
        cut = start
        for m in _SPLIT.finditer(text, start, end):
            if text[cut:m.start()].strip():
                spans.append(_strip(text, cut, m.start()))
            cut = m.end()
        if text[cut:end].strip():
            spans.append(_strip(text, cut, end))
    doc.user_data["hw_sentence_spans"] = tuple(spans)
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
