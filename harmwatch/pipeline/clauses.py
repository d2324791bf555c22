"""Clauses of one sentence that tell of attacks in two places, each with its own toll.

"Five civilians were killed in the town of A and one in the town of B", "shelling killed three
in A, while two died in B": the sentence is read as two, cut before the word that joins the
clauses, so that each toll goes with its own place (segmentation works on sentences)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from harmwatch.pipeline.allocation import ALLOCATING
from harmwatch.pipeline.segment import compatible, is_coarse
from harmwatch.pipeline.types import FigureMention, Mentions, PlaceMention

# the word that joins the second clause, right before its figure
_JOIN_BEFORE = re.compile(r"(?:,\s*(?:and|while|whereas)?|\s+(?:and|while|whereas))\s+$", re.I)
_NOT_A_PLACE_OF_ITS_OWN = ("away", "dateline", "reference")
# a clause of contrast joined anywhere between two tolls
_CLAUSE_JOIN = re.compile(r"(?:,\s*(?:while|whereas)|;)\s+", re.I)


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007
        pass
    return last


def _toll(f: FigureMention) -> bool:
    return (
        f.kind in ("killed", "injured")
        and f.value > 0
        and not (f.aggregate or f.other_event or f.part_of_total or f.roster)
    )


def _places(places: Sequence[PlaceMention], start: int, end: int) -> list[PlaceMention]:
    return [
        p
        for p in places
        if start <= p.start
        and p.end <= end
        and p.cue not in _NOT_A_PLACE_OF_ITS_OWN
        and p.precision != "country"
    ]


def _one_place(a: PlaceMention, b: PlaceMention) -> bool:
    """The same place, or one holding the other; two towns of different names told each with
    its own toll are two places however near (a village's point may be its area's)."""
    if a.place.id == b.place.id or a.place.name.lower() == b.place.name.lower():
        return True
    return (is_coarse(a) or is_coarse(b)) and compatible(a, b)


def split_clauses(
    text: str, spans: Sequence[tuple[int, int]], mentions: Mentions
) -> tuple[list[tuple[int, int]], frozenset[int]]:
    """The sentence spans, each cut where a second clause starts with a toll of its own in a
    place that is not the first clause's (neither the same town nor one holding the other),
    and the starts of those second clauses (each tells of an attack of its own)."""
    out: list[tuple[int, int]] = []
    second: set[int] = set()
    for start, end in spans:
        if ALLOCATING.search(text, start, end):
            # a coder's note sharing a toll out over places ("four at A and three at B"):
            # the allocation reads it whole
            out.append((start, end))
            continue
        figs = sorted(
            (f for f in mentions.figures if start <= f.start and f.end <= end and _toll(f)),
            key=lambda f: f.start,
        )
        cut_from = start
        for k in range(1, len(figs)):
            prev, f = figs[k - 1], figs[k]
            if prev.end > f.start:
                continue
            after_end = figs[k + 1].start if k + 1 < len(figs) else end
            join = _JOIN_BEFORE.search(text, prev.end, f.start)
            there_from = f.start
            if join is None:
                # "..., while an army drone strike on the town of B killed 15": a clause with
                # its own attack and place before its toll
                join = _last(_CLAUSE_JOIN.finditer(text, prev.end, f.start))
                if join is None:
                    continue
                there_from = join.end()
            # the first clause's place after its toll ("killed in A and one in B"), not a place
            # told before it ("the ministry in A said 12 dead and 54 wounded in B")
            here = _places(mentions.places, prev.start, join.start())
            there = _places(mentions.places, there_from, after_end)
            if not here or not there:
                continue
            # the town each clause names first (a province after it only locates it)
            a = next((p for p in here if not is_coarse(p)), here[-1])
            b = next((p for p in there if not is_coarse(p)), there[0])
            if _one_place(a, b):
                continue
            out.append((cut_from, join.start()))
            cut_from = join.end()
            second.add(cut_from)
        out.append((cut_from, end))
    return out, frozenset(second)
