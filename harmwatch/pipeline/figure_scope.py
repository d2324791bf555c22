"""The scope of a figure told over a wider area than the incident: a day's or a region's toll
beside a particular attack's own (part of the figures stage, `harmwatch.pipeline.figures`).

"A missile hit a bakery in the town, killing 9 people. Strikes across Gaza killed 68 people on
Sunday": the 68 are the dead of many attacks, the 9 are this one's. A figure said over a named
area ("across Gaza", "throughout Darfur", "in central and southern Gaza") or as a sum of
everything ("In all, 54 people were killed") is such a wider toll when the report also tells a
lower figure of the same kind in another sentence without such words: that figure is the
particular attack's, and the wider one is an aggregate. Alone in its report, the wide figure
stays the incident's toll (the report may be about nothing narrower). Area words that always
tell a wider toll ("across the province") are read by `figures_vocab.AREA_WIDE` and make a
figure an aggregate on their own. The wide count told again elsewhere (a headline's "Strikes on
Lebanon kill 51") is the same aggregate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from harmwatch.pipeline.types import FigureMention

# "across Gaza", "throughout the Donbas", "all over Khartoum": a named area
OVER_NAMED_AREA = re.compile(
    r"\b(?i:across|throughout|all\s+over)\s+(?:the\s+)?"
    r"(?:(?:south|north|east|west|central)(?:ern|-?east(?:ern)?|-?west(?:ern)?)?\s+)?"
    r"(?:[A-Z][\w'’-]+|al-[A-Z][\w'’-]+)"
)
# "in central and southern Gaza", "in northern and eastern Syria": two regions of a named area
_DIRECTION = r"(?:north|south|east|west|central)(?:ern|-?east(?:ern)?|-?west(?:ern)?)?"
OVER_REGIONS = re.compile(
    rf"\b(?i:in|across)\s+(?:the\s+)?(?i:{_DIRECTION})\s*(?:,\s*(?i:{_DIRECTION})\s*)*"
    rf"(?i:and|&)\s+(?i:{_DIRECTION})\s+(?:[A-Z][\w'’-]+|al-[A-Z][\w'’-]+)"
)
# "In all, 54 were killed", "; in all, ...": the sum of everything told
IN_ALL = re.compile(r"(?:^|[.;,]\s*)\W*in\s+all\b|\bin\s+all\s*[,.]", re.IGNORECASE)


def _wide(sent: str) -> bool:
    return bool(OVER_NAMED_AREA.search(sent) or OVER_REGIONS.search(sent) or IN_ALL.search(sent))


def wider_tolls(
    text: str, spans: Sequence[tuple[int, int]], figs: Sequence[FigureMention]
) -> list[FigureMention]:
    """``figs`` with each wide figure made an aggregate when a narrower, lower figure of the same
    kind is told in another sentence of the report (see the module docstring)."""

    def sentence_of(f: FigureMention) -> int:
        return next((i for i, (a, b) in enumerate(spans) if a <= f.start < b), -1)

    where = [sentence_of(f) for f in figs]
    wide = {i for i in set(where) if i >= 0 and _wide(text[spans[i][0] : spans[i][1]])}
    out = list(figs)
    wide_counts: set[tuple[str, int]] = set()
    for k, f in enumerate(figs):
        if f.aggregate or where[k] not in wide or f.part_of_total or f.value <= 0:
            continue
        narrower = any(
            g.kind == f.kind
            and where[j] != where[k]
            and where[j] not in wide
            and not (g.aggregate or g.part_of_total or g.other_event)
            and 0 < g.value < f.value
            for j, g in enumerate(figs)
        )
        if narrower:
            out[k] = replace(f, aggregate=True)
            wide_counts.add((f.kind, f.value))
    for k, f in enumerate(out):
        if (f.kind, f.value) in wide_counts and not (f.aggregate or f.part_of_total):
            # the wide count told again ("Strikes on Lebanon kill 51" above "strikes across
            # southern Lebanon killed 51"): the same aggregate
            out[k] = replace(f, aggregate=True)
    return out
