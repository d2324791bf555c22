"""A city's quarter named without its city: "a shell hit the Bab Zeer neighbourhood", in a
report about one city.

A neighbourhood, quarter or district the gazetteers lack, whose city the words leave unsaid
("the X district of Y" is `places._sub_city_fallbacks`' case), lies in the city the report
names -- when it names one city, and only one: a neighbourhood is a part of a city, and a
report names its city at least once ("fighting in Aleppo ... the X neighbourhood"). It stands
at that city's point with a neighbourhood's precision, as a quarter of a known city does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from harmwatch.gazetteer.normalize import strict_key
from harmwatch.gazetteer.types import UNLISTED
from harmwatch.pipeline.place_choice import CITY_POPULATION
from harmwatch.pipeline.place_words import Vocab, cue_of, registry_names
from harmwatch.pipeline.types import PlaceMention

_NAME_WORD = r"(?:[A-Z][a-z'’-]+|(?:al|el|Al|El)-[A-Z][a-z'’-]+)"
_QUARTER = re.compile(
    rf"\bthe\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s+"
    r"(?:neighbourhood|neighborhood|quarter)\b(?!\s+(?:of|in)\b)"
)
QUARTER_SCORE = 0.8  # a city's part, placed by the one city the report names


def quarters(text: str, known: Sequence[PlaceMention], v: Vocab) -> list[PlaceMention]:
    """The unlisted quarters of the one city the report names, at that city's point."""
    cities = {
        m.place.id: m
        for m in known
        if m.place.feature == "town"
        and m.place.population >= CITY_POPULATION
        and not m.place.id.startswith(UNLISTED)
    }
    if len(cities) != 1:
        return []  # no city, or several: which one holds it the words do not say
    city = next(iter(cities.values())).place
    found: list[PlaceMention] = []
    for hit in _QUARTER.finditer(text):
        start, end = hit.span("name")
        words = hit.group("name").split()
        if words[0].lower() in v.directions or strict_key(hit.group("name")) in registry_names():
            continue  # "the Eastern neighbourhood", an armed group's name
        if any(m.start < hit.end() and start < m.end for m in [*known, *found]):
            continue  # a place the gazetteers know, or one placed already
        found.append(
            PlaceMention(
                start,
                hit.end(),
                text[start : hit.end()],
                city,
                "neighbourhood",
                QUARTER_SCORE,
                cue=cue_of(text, start, end, v),
            )
        )
    return found
