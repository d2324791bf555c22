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
from harmwatch.pipeline.types import doc_text

DATA_DIR = Path(__file__).parent / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSONL data file; a broken line is an error naming the file and line."""
    rows: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(
            str(path),
            f"cannot read the data file: {err.strerror}",
            "check the path in your settings",
        ) from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{path}:{number}", f"not valid JSON ({err.msg})", "fix or remove the line"
            ) from err
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
def _event_rows() -> tuple[dict[str, Any], ...]:
    """The rows of ``events.jsonl``, highest priority first."""
    return tuple(sorted(data_file("events.jsonl"), key=lambda r: -int(r["priority"])))


@lru_cache(maxsize=1)
def event_patterns() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    """(event_type, priority, pattern) from ``events.jsonl``, highest priority first."""
    return tuple(
        (r["event_type"], int(r["priority"]), word_alternation(r["pattern"])) for r in _event_rows()
    )


@lru_cache(maxsize=1)
def generic_event_patterns() -> frozenset[re.Pattern[str]]:
    """The patterns of ``event_patterns`` whose rows say ``"generic": true``: words that tell
    of an attack from afar without saying with what ("strike", "bombed", "raid"). They give
    their type only when no word of the incident names the weapon ("a missile strike")."""
    return frozenset(
        p for (_, _, p), r in zip(event_patterns(), _event_rows(), strict=True) if r.get("generic")
    )


@lru_cache(maxsize=1)
def event_priority() -> dict[str, int]:
    return {etype: prio for etype, prio, _ in event_patterns()}


def dated_speech() -> str:
    """The verbs of ``speech_verbs.jsonl`` marked ``dated`` as one alternation: a date told
    right after one ("the army said on Monday", "told reporters on Monday": ``then_words``
    words may come between) is the day it was said, not the day of the attack (segment.py)."""
    alts = []
    for row in data_file("speech_verbs.jsonl"):
        if row.get("dated"):
            word = re.escape(row["word"]).replace(r"\ ", r"\s+")
            then = int(row.get("then_words", 0))
            alts.append(word + (rf"(?:\s+[\w-]+){{0,{then}}}" if then else ""))
    return "(?:" + "|".join(alts) + ")"


def speech_words(use: str) -> str:
    """The verbs of ``speech_verbs.jsonl`` marked ``use`` as one alternation: ``source`` (its
    subject is who reports: "the monitor said", actors.py), ``voice`` (a counted noun phrase
    before it speaks, it is no victim: "two residents said", figure_rules.py)."""
    words = [row["word"] for row in data_file("speech_verbs.jsonl") if row.get(use)]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


def speaker_verbs() -> frozenset[str]:
    """The verbs of ``speech_verbs.jsonl`` marked ``speaker``: a capital as their subject
    speaks or acts for its government ("Moscow denied", "Kyiv launched"; metonymy.py)."""
    return frozenset(row["word"] for row in data_file("speech_verbs.jsonl") if row.get("speaker"))


@lru_cache(maxsize=1)
def attack_context() -> re.Pattern[str]:
    """Any word that says an attack happened: an event trigger or an attack verb."""
    verbs = cue("attack_verb").pattern
    # the event patterns' and the verbs' alternatives one by one, grouped by first letter: the
    # same matches as their plain alternation, 2-3 times faster (searched in every sentence)
    each = [_top_alternatives(r["pattern"]) for r in _event_rows()]
    each.append(
        _top_alternatives(verbs[3:-1]) if verbs.startswith("(?:") and verbs.endswith(")") else None
    )
    if all(alts is not None for alts in each):
        flat = [alt for alts in each for alt in alts or ()]
        return re.compile(r"\b(?:" + by_first_letter(flat, r"(?:{})\b") + ")", re.IGNORECASE)
    parts = [p.pattern for _, _, p in event_patterns()]
    parts.append(rf"\b{verbs}\b")
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=4096)
def attack_start(sentence: str) -> int | None:
    """Where `attack_context` first finds something in ``sentence`` (None: nowhere);
    remembered, as the actor, event and target stages all ask it of the same sentences. No
    event pattern can match before it (each is part of `attack_context`)."""
    found = attack_context().search(sentence)
    return found.start() if found is not None else None


def mentions_attack(sentence: str) -> bool:
    """Whether `attack_context` finds anything in ``sentence``."""
    return attack_start(sentence) is not None


@lru_cache(maxsize=1)
def harm_trigger() -> re.Pattern[str]:
    """Any word that can start an incident: an attack word (`attack_context`), a casualty word
    of ``casualty_verbs.jsonl``, a counted noun that carries a casualty kind ("dead",
    "injuries") of ``groups.jsonl``, or a verb of violence (``violence_verb``: "raped",
    "abducted"). A text without one can hold no incident, so the extractor
    skips the model and the stages on it (`has_harm_trigger`)."""
    words = {r["phrase"].lower() for r in data_file("casualty_verbs.jsonl")}
    words |= {r["noun"].lower() for r in data_file("groups.jsonl") if r.get("kind")}
    alts = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    casualty = by_first_letter(alts, r"\b{}\b")
    harm = rf"\b(?:{cue('violence_verb').pattern})\b"  # "raped", "abducted", "beaten"
    return re.compile(f"{attack_context().pattern}|{casualty}|{harm}", re.IGNORECASE)


def has_harm_trigger(text: str) -> bool:
    """Whether ``text`` holds a word `harm_trigger` finds (linear in the text's length)."""
    return harm_trigger().search(text) is not None


_FLAG_GROUP = re.compile(r"\(\?(?:[aiLmsux-]|P)")


def _top_alternatives(pattern: str) -> list[str] | None:
    """The alternatives ``pattern`` is made of ("a|b(?:c|d)" -> ["a", "b(?:c|d)"]); None when it
    holds a capturing group, a flag or anything else that splitting could change."""
    if _FLAG_GROUP.search(pattern):
        return None
    alts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1 + pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i)  # a "]" first in a class is a character
            continue
        elif c == "(":
            if not pattern.startswith("?", i + 1):
                return None  # a capturing group would be repeated
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            alts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth or in_class:
        return None
    alts.append(pattern[start:])
    return alts


def word_alternation(body: str) -> re.Pattern[str]:
    r"""``\b(?:body)\b`` compiled case-insensitively, its alternatives grouped by the letter
    they open with behind one ``\b`` (`by_first_letter`): the same matches, but the engine
    tries an alternative only at a word start whose letter can open it (the plain
    alternation tries every one at every position: 2-4 times slower on the stages'
    vocabularies, which are searched in every sentence)."""
    alts = _top_alternatives(body)
    if alts is None or len(alts) < 2:
        return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)
    return re.compile(r"\b(?:" + by_first_letter(alts, r"(?:{})\b") + ")", re.IGNORECASE)


def by_first_letter(alts: list[str], wrap: str = "{}") -> str:
    """The case-insensitive alternation of ``alts`` (each put into ``wrap``), grouped behind a
    look-ahead for the letter or digit it opens with: the same matches (at each position the
    first alternative in order that matches), but the engine tries only those that can start
    there. An alternative opening otherwise is tried everywhere."""

    def first(alt: str) -> str | None:
        if alt[:1].isascii() and alt[:1].isalnum() and alt[1:2] not in ("?", "*", "{"):
            return alt[0].lower()
        return None

    heads = list(dict.fromkeys(h for alt in alts if (h := first(alt)) is not None))
    groups = [
        f"(?={h})(?:" + "|".join(wrap.format(a) for a in alts if first(a) in (h, None)) + ")"
        for h in heads
    ]
    others = [wrap.format(a) for a in alts if first(a) is None]
    if others:
        groups.append("(?:" + "|".join(others) + ")")
    return "|".join(groups)


_SPLIT = re.compile(
    r"\n+|(?<=[a-z\d)\]”\"][.!?])(?=[A-Z“\"][a-z])|(?<=[a-z]{2}[.!?][”\"])(?=[A-Z])"
)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the Doc's sentences (the whole text when none were set), also cut
    at line breaks and at a full stop glued to the next sentence ("injured.The attack")."""
    cached = doc.user_data.get("hw_sentence_spans")
    if cached is not None:
        return list(cached)
    text = doc_text(doc)
    if doc.has_annotation("SENT_START"):
        rough = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        rough = [(0, len(text))] if text else []
    spans: list[tuple[int, int]] = []
    for start, end in rough:
        cut = start
        for m in _SPLIT.finditer(text, start, end):
            if text[cut : m.start()].strip():
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
