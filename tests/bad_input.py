"""Generated bad input for the extractor: long reports that describe no harm.

`quiet_report(n)` is ``n`` ordinary sentences (weather, trade, schools, sport) that carry no harm
trigger; `endless_sentence(n)` is one sentence of ``n`` words with commas but no full stop. Both
are written from a fixed word list with a seeded generator, so every run sees the same text.
"""

from __future__ import annotations

import random

SUBJECTS = (
    "The council",
    "A farmer",
    "The bakery",
    "Our neighbour",
    "The new library",
    "Teachers",
    "The football club",
    "A local choir",
    "The weather office",
    "Traders",
    "The river authority",
    "Two students",
    "The museum",
    "Engineers",
    "Volunteers",
)
VERBS = (
    "opened",
    "discussed",
    "painted",
    "repaired",
    "celebrated",
    "planned",
    "measured",
    "visited",
    "cleaned",
    "announced",
    "sold",
    "planted",
    "welcomed",
    "described",
)
OBJECTS = (
    "the spring harvest",
    "a wooden bridge",
    "the morning timetable",
    "new benches",
    "the annual fair",
    "a community garden",
    "the old clock tower",
    "fresh bread",
    "the summer concert",
    "a reading room",
    "the bus route",
    "olive trees",
    "the rainfall figures",
    "twelve bicycles",
    "the orchard fence",
)
TAILS = (
    "on Thursday",
    "after lunch",
    "in the village square",
    "near the station",
    "with help from Maria Lopez",
    "before the holiday",
    "for the third year",
    "in Riverton",
    "despite light rain",
    "at 9 a.m.",
    "with 40 guests",
    "in March",
)
WORDS = (
    "and",
    "the",
    "with",
    "harvest",
    "bridge",
    "music",
    "market",
    "green",
    "quietly",
    "Tuesday",
    "river",
    "garden",
    "teachers",
    "bread",
    "of",
    "in",
    "Hillford",
    "13",
    "committee",
    "plans",
    "several",
    "bicycles",
    "orchard",
    "season",
    "painted",
    "warm",
)


def quiet_report(sentences: int = 5000, seed: int = 11) -> str:
    """``sentences`` sentences of everyday news, none about violence."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        out.append(
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
        )
    return " ".join(out)


def endless_sentence(words: int = 100_000, seed: int = 12) -> str:
    """One sentence of ``words`` words, a comma now and then, a full stop only at the end."""
    rng = random.Random(seed)
    out = []
    for i in range(words):
        word = rng.choice(WORDS)
        out.append(word + ("," if i % 17 == 16 else ""))
    return "It " + " ".join(out) + "."
