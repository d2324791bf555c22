"""Typed models that cross a boundary: reports in, extraction results out (the measured contract).

`Report` is what every reader yields. `ReportExtraction` is one line of `harmwatch extract`'s
output, in the contract of ``../shared/corpus/README.md``; every extracted value carries the
character offsets (``[start, end)`` into ``Report.text``) of its evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]

EventType = Literal[
    "airstrike",
    "drone_strike",
    "shelling",
    "missile",
    "barrel_bomb",
    "ied",
    "shooting",
    "ground_clash",
    "uxo",
    "chemical",
    "other",
]
DatePrecision = Literal["day", "week", "month", "year"]
PlacePrecision = Literal[
    "exact", "neighbourhood", "village", "town", "district", "province", "country"
]
FigureKind = Literal["killed", "injured", "missing"]
Qualifier = Literal["exact", "at_least", "more_than", "up_to", "nearly", "about", "range", "vague"]
# what a figure counts: the incident's toll, a part of it ("including seven children"), people
# added to it ("five more bodies"), or -- among a report's other figures -- a total over an
# area, a day, a campaign or the war ("since October", "across the province"), or another
# incident's toll ("a week after a drone killed nine")
FigureScope = Literal["incident", "part", "increment", "total", "other_incident"]
Group = Literal[
    "people",
    "civilians",
    "children",
    "women",
    "men",
    "fighters",
    "soldiers",
    "rescue_workers",
    "medical_workers",
    "journalists",
]
ActorStatus = Literal["stated", "alleged", "claimed"]
Means = Literal["air", "fire", "ground", "blast", "shot"]
HarmWord = Literal["no_deaths", "no_injuries", "injured"]


class Report(BaseModel):
    """One report as every reader yields it. ``id`` is stable for the same input."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    lang: str = "en"
    origin: str | None = Field(default=None, description="file (and line) or URL it came from")


class Range(BaseModel):
    min: int | None = None
    max: int | None = None


class Location(BaseModel):
    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    precision: PlacePrecision = "town"
    gazetteer_id: str | None = None
    evidence: Span | None = None


class Perpetrator(BaseModel):
    name: str
    id: str
    status: ActorStatus = "stated"
    by: str | None = Field(default=None, description="who alleges it, when alleged")
    evidence: Span | None = None


class ActorStatement(BaseModel):
    """A claim or a denial of responsibility."""

    actor: str
    id: str
    evidence: Span | None = None


class Figure(BaseModel):
    kind: FigureKind
    value: int = Field(description="the lowest value the words allow")
    value_max: int | None = Field(default=None, description="the highest, when bounded")
    qualifier: Qualifier = "exact"
    group: Group = "people"
    reported_by: str | None = Field(
        default=None,
        description="who the report cites for it: a sources-registry name or a "
        "named organisation, never a pronoun, a place or a bare common noun",
    )
    source_id: str | None = Field(
        default=None, description="its sources-registry id (or a slug of the organisation's name)"
    )
    revision: bool = Field(default=False, description="a toll update ('rose to 15')")
    scope: FigureScope = "incident"
    evidence: Span | None = None


class Incident(BaseModel):
    event_type: EventType = "other"
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    date_evidence: Span | None = None
    location: Location | None = None
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    denials: list[ActorStatement] = Field(default_factory=list)
    claims: list[ActorStatement] = Field(default_factory=list)
    killed: Range | None = None
    injured: Range | None = None
    children_killed: Range | None = None
    women_killed: Range | None = None
    figures: list[Figure] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)
    background: bool = False
    confidence: float = 0.5
    means: list[Means] | None = Field(
        default=None,
        description="how the attack was carried out, as its evidence names it: "
        "air (warplanes, drones), fire (artillery, rockets), ground (fighting), blast (a planted "
        "bomb), shot (gunmen); None when not read",
    )
    harm_words: list[HarmWord] | None = Field(
        default=None,
        description="what its evidence says of the harm in words: no_deaths ('no "
        "fatalities were reported'), no_injuries ('nobody was hurt'), injured ('civilians were "
        "wounded'); None when not read",
    )
    around: bool | None = Field(
        default=None,
        description="whether its evidence places it around a town rather than in "
        "it ('near', 'on the front'); None when not read",
    )


class ReportExtraction(BaseModel):
    report_id: str
    incidents: list[Incident] = Field(default_factory=list)
    totals: list[Figure] = Field(
        default_factory=list,
        description="the report's figures that are no incident's toll, each with its scope "
        "(a total over an area, a day, a campaign or the war; another incident's toll) and "
        "its evidence",
    )
