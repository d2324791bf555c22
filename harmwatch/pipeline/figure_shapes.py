"""Two shapes of the figures stage (`harmwatch.pipeline.figures`): counts of one group joined
by "and" ("three children and an infant girl": 4 children) and zero figures ("no casualties
were reported")."""

from __future__ import annotations

import re
from dataclasses import replace

from harmwatch.pipeline.figures_vocab import lexicon
from harmwatch.pipeline.types import FigureMention


def merge_same_group(sent: str, found: list) -> list:
    """ "three children and an infant girl": one figure of 4 children."""
    join = lexicon().cues["join"].pattern
    out: list = []
    for item in found:
        c, kind = item[0], item[1]
        if out and kind and c.group:
            p = out[-1]
            gap = sent[p[0].np_end : c.q.start]
            if (
                p[1] == kind
                and p[0].group == c.group
                and p[3] == item[3]
                and {c.q.qualifier, p[0].q.qualifier} <= {"exact", "at_least"}
                and re.fullmatch(join, gap, re.IGNORECASE)
            ):
                open_ = "at_least" in (c.q.qualifier, p[0].q.qualifier)
                q = replace(
                    p[0].q,
                    qualifier="at_least" if open_ else "exact",
                    value=p[0].q.value + c.q.value,
                    value_max=p[0].q.value_max + c.q.value_max
                    if p[0].q.value_max and c.q.value_max and not open_
                    else None,
                    end=c.q.end,
                    number_end=c.q.number_end,
                )
                out[-1] = (replace(p[0], q=q, np_end=c.np_end), *p[1:5], max(p[5], item[5]))
                continue
        out.append(item)
    return out


def zero_figures(sent: str, s0: int) -> list[FigureMention]:
    out = []
    for m in lexicon().cues["zero"].finditer(sent):
        word = m.group(0).lower()
        kinds = (
            ["killed", "injured"]
            if re.search(r"casualt|loss|victim|harm", word)
            else ["injured"]
            if re.search(r"injur|wound|hurt", word)
            else ["killed"]
        )
        group = "civilians" if "civilian" in word else "people"
        for k in kinds:
            out.append(
                FigureMention(
                    k,
                    0,
                    0,
                    "exact",
                    group,
                    s0 + m.start(),
                    s0 + m.end(),
                    s0 + m.start(),
                    s0 + m.start() + 2,
                )
            )
    return out
