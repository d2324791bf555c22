"""What an incident's evidence says beyond its fields, for telling two events apart: how the
attack was carried out (``means``: warplanes, artillery, fighting, a planted bomb, gunmen), what
it says of the harm in words (``harm_words``: "no fatalities were reported", "neither injuries
nor fatalities", "civilians were wounded") and whether it places the event around a town rather
than in it (``around``: "near", "on the front", "in the vicinity of").

The last step of extraction: `with_words` sets them on each incident from its evidence sentences
(the first three, at most `SNIPPET_CHARS` characters: the *snippet* that resolution compares).
The words are in ``data/means.csv``, ``harm_cues.csv`` and ``place_cues.csv``. Resolution reads
the fields; for a mention stored before they existed (or made by another tool) it calls `read`
on the snippet, the same reading.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harmwatch.models import HarmWord, Incident, Means

DATA_DIR = Path(__file__).parent / "data"
SNIPPET_CHARS = 400
_SPACE = re.compile(r"\s+")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fp:
        return list(csv.DictReader(fp))


@lru_cache(maxsize=1)
def means_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(means, pattern): how an attack was carried out, as the words of a report name it (from
    the air, by artillery, in ground fighting, by a planted bomb, by gunmen)."""
    return tuple((r["means"], re.compile(r["pattern"], re.IGNORECASE)) for r in _rows("means.csv"))


@lru_cache(maxsize=1)
def harm_cues() -> dict[str, re.Pattern[str]]:
    """cue -> pattern: what a report says of the harm done in words ("no fatalities were
    reported", "neither injuries nor fatalities", "civilians were wounded")."""
    return {r["cue"]: re.compile(r["pattern"], re.IGNORECASE) for r in _rows("harm_cues.csv")}


@lru_cache(maxsize=1)
def place_cues() -> dict[str, re.Pattern[str]]:
    """cue -> pattern: how a report places an event relative to a town rather than in it ("near
    Kafr Nabl", "in the vicinity of", "on the Harasta front", "the villages around")."""
    return {r["cue"]: re.compile(r["pattern"], re.IGNORECASE) for r in _rows("place_cues.csv")}


def snippet(text: str, evidence: Sequence[Sequence[int]] | None) -> str:
    """The incident's evidence sentences (the first three; the text's opening without any), in
    one line of at most `SNIPPET_CHARS` characters."""
    spans = [s for s in evidence or [] if s and len(s) == 2]
    parts = [text[max(0, a) : b] for a, b in spans[:3]] if text else []
    joined = " ".join(parts) if parts else text[:SNIPPET_CHARS]
    return _SPACE.sub(" ", joined).strip()[:SNIPPET_CHARS]


@dataclass(frozen=True)
class Words:
    """What a snippet says in words: the means named, the harm said, placed around a town."""

    means: frozenset[str]
    harm: frozenset[str]
    around: bool


@lru_cache(maxsize=65536)
def read(snippet: str) -> Words:
    """The `Words` of a snippet."""
    if not snippet:
        return Words(frozenset(), frozenset(), False)
    means = frozenset(name for name, pattern in means_patterns() if pattern.search(snippet))
    cues = harm_cues()
    harm = {cue for cue in ("no_deaths", "no_injuries") if cues[cue].search(snippet)}
    rest = cues["no_injuries"].sub(" ", cues["no_deaths"].sub(" ", snippet))
    if cues["injured"].search(rest):  # wounded, beyond "nobody was wounded"
        harm.add("injured")
    return Words(means, frozenset(harm), bool(place_cues()["around"].search(snippet)))


def with_words(text: str, incident: Incident) -> Incident:
    """``incident`` with the means, harm words and placing that its evidence in ``text`` says."""
    words = read(snippet(text, incident.evidence))
    means: list[Means] = sorted(words.means)  # type: ignore[arg-type]
    harm: list[HarmWord] = sorted(words.harm)  # type: ignore[arg-type]
    return incident.model_copy(update={"means": means, "harm_words": harm, "around": words.around})
