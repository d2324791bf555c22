"""Figures told with no number, of the figures stage (`harmwatch.pipeline.figures`): zero ("no
casualties were reported", "nobody was hurt") and the wounded told as "others" ("killing four and
wounding others": at least two). (Counts of one group joined by "and", "three children and an infant
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


# "others" with no number: more than one
OTHERS_VALUE = 2


def others_hurt(sent: str, s0: int) -> list[FigureMention]:
    """ "killing four and wounding others", "two died and others were hurt": wounded with no
    number, more than one: a vague figure of at least two (a number said of them supersedes it)."""
    return [
        FigureMention(
            "injured",
            OTHERS_VALUE,
            None,
            "vague",
            "people",
            s0 + m.start(),
            s0 + m.end(),
            s0 + m.start(),
            s0 + m.end(),
        )
        for m in lexicon().cues["others_hurt"].finditer(sent)
    ]
