"""Shares of a toll allocated to places: how event datasets split one report's deaths.

Part of the figures stage. Coders' notes (ACLED's among them) split a report's toll over the
places it names: "4 fatalities coded to Rihan" and "Rihan allocated 4" are found by figures.py
(``allocated_to`` = the place names); this module adds the shares that are only implied:
"10 per event", "2 fatalities coded to this location" (any place: ``allocated_to="*"``), and
even splits ("coded as 10 and split evenly between the 2 locations", "Distributed fatalities
over the activities in Mahta and Jawalek": the toll before, divided by the number of places).
`reconcile.allocated_share` picks the share of an incident's place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from harmwatch.pipeline.numbers import parse_number
from harmwatch.pipeline.types import FigureMention

ANY = "*"
OTHERS = "*others"  # "all other locations allocated 2": the share of each place not named
_N = r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|both)"
EVEN = re.compile(
    rf"\b(?:split|spread|distributed|divided|coded)\s+(?:evenly\s+|equally\s+)?(?:between|across|"
    rf"over|among)\s+(?:the\s+)?{_N}\s+(?:reported\s+)?(?:locations|events|areas|towns|villages|"
    rf"sites|places|activities|days)\b",
    re.IGNORECASE,
)
OVER_NAMES = re.compile(
    r"\b(?:(?:distributed|spread|split)\s+(?:the\s+)?fatalities|fatalities\s+(?:were\s+|are\s+)?"
    r"(?:distributed|spread|split))\s+(?:evenly\s+)?(?:over|across|between)\s+(?:the\s+)?"
    r"(?:activities|events|locations)\s+(?:in|at)\s+(?P<names>[^.;]+)",
    re.IGNORECASE,
)
_NAME = r"(?:[A-Z][\w'’-]*|al-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+))*"
CHAIN = re.compile(
    r"\b(?:coded|allocated)\s+(?:each\s+)?to\s+[^;.]*?(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"(?P<v>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:fatalit(?:y|ies)\s+)?"
    rf"to\s+(?P<names>{_NAME}(?:,?\s+(?:and\s+)?{_NAME})*)"
)
PER = re.compile(
    r"\b(?P<v>\d+)\s+(?:fatalities\s+)?(?:per|each\s+to\s+each|at\s+each|for\s+each)\s+"
    r"(?:event|location|site|town|village|area)\b|\b(?P<w>\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten)\s+(?:fatalit(?:y|ies)\s+)?(?:are\s+|is\s+|were\s+|was\s+)?"
    r"(?:coded|allocated)\s+(?:to|at)\s+this\s+(?:location|event|area|town|village)\b",
    re.IGNORECASE,
)


_W = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "with 6 at Jandairis, 4 at Basraya and 6 at Bulbul", "four fatalities at Bulbul and Raju":
# shares at named places (read only in a text that speaks of allocating fatalities)
AT_NAMES = re.compile(
    rf"\b(?P<v>{_W})\s+(?:fatalit(?:y|ies)\s+|deaths?\s+)?(?:each\s+)?at\s+(?:the\s+)?"
    rf"(?P<names>{_NAME}(?:,?\s+(?:and\s+)?{_NAME}){{0,8}})"
)
ALLOCATING = re.compile(
    r"\b(?:coded|allocated|split|spread|distributed|divided|averag\w*)\b", re.IGNORECASE
)
# a note that splits only the deaths nobody counted ("the unknown number coded as 10", "2
# additional fatalities allocated to Duma", "killed 3 more civilians ... split evenly"): the
# deaths counted elsewhere in the report add to the share; one that splits "the total 26
# fatalities" does not
EXTRA_ONLY = re.compile(
    r"\b(?:unknown|additional|remaining)\b|\bin\s+addition\s+to\b|"
    r"\b\d+\s+more\b",
    re.IGNORECASE,
)
# the count a split divides, told right before it ("the 3 fatalities (were) split ...")
SPLIT_COUNT = re.compile(
    rf"\b(?P<v>{_W})\s+(?:(?:additional|more|remaining|other|known)\s+)?(?:fatalities|deaths)\s+"
    r"(?:were\s+|are\s+|then\s+)?$",
    re.IGNORECASE,
)
WHOLE_TOLL = re.compile(r"\btotal\b", re.IGNORECASE)
# "split, 5 each, between the 2 locations", "all other locations allocated 2 each"; "split, 1
# each, between Arbin and Harasta" names the places that have the share (others have none)
EACH = re.compile(
    rf"\b(?:split|spread|divided|distributed),?\s+(?P<v>{_W})\s+each\b(?:,?\s+(?:between|"
    rf"among|across|over)\s+(?:the\s+)?(?:(?:activities|events|fighting)\s+(?:in|at)\s+)?"
    rf"(?P<names>(?-i:{_NAME}(?:,?\s+(?:and\s+)?{_NAME}){{1,8}})))?"
    rf"|\b(?:(?:all\s+)?other|each)\s+(?:locations?|events?|areas?|towns?|villages?)\s+"
    rf"(?:each\s+)?(?:was\s+|were\s+)?(?:allocated|coded)\s+(?P<w>{_W})\b",
    re.IGNORECASE,
)
# "The remaining 13 fatalities were: two for Beit Sawa, one for Otaya" (in a note only)
FOR_NAMES = re.compile(
    rf"\b(?P<v>{_W})\s+(?:fatalit(?:y|ies)\s+|deaths?\s+)?for\s+(?P<names>{_NAME})"
)
# "Fatalities spread evenly across events", "fatalities coded to 10 and spread evenly across
# events": an even split over the places the report names
EVEN_UNCOUNTED = re.compile(
    r"\b(?:fatalities|deaths)\b[^.;]{0,40}?\b(?:split|spread|distributed|divided)\s+"
    r"(?:evenly\s+|equally\s+)?(?:between|across|over|among)\s+(?:the\s+)?(?:events|locations|"
    r"activities|areas|sites)\b(?!\s+(?:in|at)\b)",
    re.IGNORECASE,
)
# "20 fatalities split between Hatla and Al-Hussainiyah": an even split over the names
# "coded as 10 and distributed between activities in Arbin and in Harasta"
SPLIT_NAMES = re.compile(
    rf"\b(?P<n>\d+)\s+(?i:(?:(?:additional|more|remaining|other)\s+)?(?:fatalities|deaths)\s+"
    rf"(?:were\s+|are\s+)?|and\s+)(?i:split|spread|"
    rf"distributed|divided)\s+(?i:evenly\s+|equally\s+)?(?i:between|across|among|over)\s+"
    rf"(?i:(?:the\s+)?(?:activities|events|fighting)\s+(?:in|at)\s+)?"
    rf"(?P<names>{_NAME}(?:,?\s+(?:and\s+)?(?:in\s+)?{_NAME}){{1,8}})",
)


def _total_before(figs: Sequence[FigureMention], pos: int) -> int | None:
    """The toll that a split divides: the last coded or revised total before ``pos``, else the
    highest precise total before it."""
    whole = [
        f
        for f in figs
        if f.kind == "killed"
        and not f.aggregate
        and not f.part_of_total
        and f.start < pos
        and f.value > 0
        and f.qualifier != "vague"
    ]
    revised = [f for f in whole if f.revision]
    if revised:
        return max(revised, key=lambda f: f.start).value
    return max(f.value for f in whole) if whole else None


def implied_shares(text: str, figs: Sequence[FigureMention]) -> list[FigureMention]:
    out: list[FigureMention] = []
    for m in PER.finditer(text):
        v = parse_number(m.group("v") or m.group("w"))
        if v:
            out.append(_share(v, m.start(), m.end(), ANY))
    for m in CHAIN.finditer(text):  # "6 coded to Harasta and 3 to Duma"
        v = parse_number(m.group("v"))
        if v:
            out.append(_share(v, m.start("v"), m.end(), m.group("names")))
    if ALLOCATING.search(text):
        for m in [*AT_NAMES.finditer(text), *FOR_NAMES.finditer(text)]:
            v = parse_number(m.group("v"))
            if v and not any(o.start <= m.start() < o.end for o in out):
                out.append(_share(v, m.start(), m.end(), m.group("names")))
    for m in EACH.finditer(text):
        v = parse_number(m.group("v") or m.group("w"))
        if v:  # "all other locations allocated 2": every place the note names no share for
            where = m.group("names") or (OTHERS if m.group("w") else ANY)
            out.append(_share(v, m.start(), m.end(), where))
    for m in SPLIT_NAMES.finditer(text):
        names = [
            n
            for n in re.split(r",\s*(?:and\s+)?(?:in\s+)?|\s+and\s+(?:in\s+)?", m.group("names"))
            if n.strip()
        ]
        total = parse_number(m.group("n"))
        if total and len(names) > 1:  # the first named places take what does not divide
            out.extend(
                _share(split(total, len(names), k), m.start(), m.end(), name)
                for k, name in enumerate(names)
            )
    for m in OVER_NAMES.finditer(text):
        names = [n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("names")) if n.strip()]
        total = _total_before(figs, m.start())
        if total and len(names) > 1:
            out.extend(
                _share(split(total, len(names), k), m.start(), m.end(), name.strip())
                for k, name in enumerate(names)
            )
    for m in EVEN.finditer(text):
        n = 2 if m.group("n").lower() == "both" else parse_number(m.group("n"))
        # "with the 3 deaths split evenly between the 3 locations": the count it splits is said
        said = SPLIT_COUNT.search(text, max(0, m.start() - 60), m.start())
        total = parse_number(said.group("v")) if said else _total_before(figs, m.end())
        if n and n > 1 and total and not any(o.start <= m.start() < o.end for o in out):
            out.append(_share(split(total, n), m.start(), m.end(), ANY))
    return out


def uncounted_split(text: str, figs: Sequence[FigureMention]) -> int | None:
    """The toll a note splits evenly over the events without saying how many ("Unknown number of
    fatalities coded to 10 and spread evenly across events"), None without such a note."""
    m = EVEN_UNCOUNTED.search(text)
    if m is None or EVEN.search(text):
        return None
    return _total_before(figs, m.end())


PLACE_LIST = re.compile(
    rf"\b(?:towns?|villages?|cities|city|areas?|in|on|at)\s+(?:of\s+)?(?:the\s+)?"
    rf"(?P<names>{_NAME}(?:(?:,\s+(?:and\s+)?|\s+and\s+){_NAME})+)"
)


def places_listed(text: str, start: int = 0, end: int | None = None) -> int:
    """How many places the longest list of names in ``text[start:end]`` names ("raids on the
    towns of Rahjan, Um Myal, Jakuziyeh and Hamamiyah": 4), whether the gazetteer knows them or
    not; 0 without a list."""
    lists = PLACE_LIST.finditer(text, start, len(text) if end is None else end)
    return max(
        (len(re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("names"))) for m in lists), default=0
    )


def split(total: int, parts: int, index: int | None = None) -> int:
    """A place's share of a toll split evenly over ``parts`` places: at least 1 when there is a
    toll at all (9 deaths over 10 places: coders give each place 1); the place at ``index`` in
    the note's list gets one more when it is among the first ones, that take what does not
    divide (10 over 3: 4, 3, 3)."""
    extra = 1 if index is not None and index < total % parts else 0
    return max(1, total // parts + extra)


def _share(value: int, start: int, end: int, where: str) -> FigureMention:
    return FigureMention(
        "killed",
        value,
        value,
        "exact",
        "people",
        start,
        end,
        start,
        end,
        part_of_total=True,
        allocated_to=where,
    )
