"""Zero figures of the figures stage (`harmwatch.pipeline.figures`): "no casualties were
reported", "nobody was hurt". (Counts of one group joined by "and", "three children and an infant
girl", are summed by `figure_rules.same_group_sum`.)"""

from __future__ import annotations

import re

from harmwatch.pipeline.figures_vocab import lexicon
from harmwatch.pipeline.types import FigureMention


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
