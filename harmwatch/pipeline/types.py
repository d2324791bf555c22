"""What each pipeline stage finds, as frozen dataclasses stored on the spaCy ``Doc``.

Each stage is a spaCy component (one module per stage) that reads the Doc and sets one
extension attribute with a tuple of these mentions; offsets are character offsets into
``doc.text`` (== ``Report.text``). `pipeline.assemble` turns the finished Doc into incidents.

    doc._.hw_places    tuple[PlaceMention, ...]    pipeline/places.py   (gazetteer)
    doc._.hw_dates     tuple[DateMention, ...]     pipeline/dates.py
    doc._.hw_figures   tuple[FigureMention, ...]   pipeline/figures.py
    doc._.hw_actors    tuple[ActorMention, ...]    pipeline/actors.py
    doc._.hw_events    tuple[EventMention, ...]    pipeline/events.py
    doc._.hw_targets   tuple[TargetMention, ...]   pipeline/targets.py
    doc._.hw_published datetime.date | None        set before the pipeline runs
    doc._.hw_report_id str | None
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from harmwatch.gazetteer.types import Place


@dataclass(frozen=True)
class FigureMention:
    kind: str  # killed | injured | missing
    value: int  # lowest value the words allow
    value_max: int | None  # highest, when bounded; None when open ("at least 21")
    qualifier: str  # exact | at_least | more_than | up_to | nearly | about | range | vague
    # people | civilians | children | women | men | fighters | soldiers | rescue_workers ...
    group: str
    start: int  # evidence span: the whole figure phrase
    end: int
    number_start: int
    number_end: int
    reported_by: str | None = None  # a sources-registry name or a named organisation
    source_id: str | None = None  # its registry id (or a slug of the name)
    revision: bool = False  # toll update ("rose to 15")
    aggregate: bool = False  # a tally over a period ("since September 2018"), not one incident
    # another attack's toll, told to date or explain this one ("a week after a drone killed
    # nine", "in retaliation for the killing of"): no figure of this incident
    other_event: bool = False
    named_victims: bool = False  # counted from named victims
    part_of_total: bool = False  # "including seven children": a subset of another figure
    increment: bool = False  # "killing another man", "five more bodies": adds to the figures before
    allocated_to: str | None = None  # "4 fatalities coded to Rihan": the share given to a place
    # "another group gave a lower toll of 17": a second count of the same toll, never a detail
    alternative: bool = False
    # counted from a roster of named victims with their ages ("his 7-year-old son"): used for
    # children and women only (`pipeline.roster`)
    roster: bool = False
    # the count names no group ("put the toll at about 400", "said 12 had died"): it counts
    # whoever the incident's dead are, not all people by default
    unnamed: bool = False


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date | None  # resolved date (first day of the period for week/month/year)
    date_end: dt.date | None
    precision: str  # day | week | month | year
    relative: bool  # resolved against the publication date ("on Tuesday")
    past: bool = False  # clearly before the report's own days ("last April", "in 2016")
    # counted from the date told before it ("the next day", "two days later"): a day the text
    # itself sets apart from that one
    counted: bool = False


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    precision: str  # exact | neighbourhood | village | town | district | province | country
    score: float = 1.0
    context_of: int | None = None  # index of the place mention this one disambiguates ("in Idlib")
    cue: str = ""  # "incident": after "in"/"struck"/"shelled"...; "away": after "from"/"fled to"


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor_id: str  # normalised id (russia, syria_gov, ...) or the actor's own name
    role: str  # perpetrator | alleged | claim | denial | source | victim | mention
    by: str | None = None  # who alleges / reports
    by_id: str | None = None
    name: str | None = None  # an actor the registry lacks: its name as the text gives it


@dataclass(frozen=True)
class EventMention:
    start: int
    end: int
    event_type: str  # models.EventType
    trigger: str
    negated: bool = False
    generic: bool = False  # "strike", "bombed": an attack from afar, the weapon unsaid


@dataclass(frozen=True)
class TargetMention:
    start: int
    end: int
    # hospital | school | market | mosque | bakery | residential | idp_camp | water | power |
    # vehicle ...
    target: str
    trigger: str


@dataclass(frozen=True)
class Mentions:
    """Everything the stages found, gathered for assembly."""

    places: tuple[PlaceMention, ...] = field(default_factory=tuple)
    dates: tuple[DateMention, ...] = field(default_factory=tuple)
    figures: tuple[FigureMention, ...] = field(default_factory=tuple)
    actors: tuple[ActorMention, ...] = field(default_factory=tuple)
    events: tuple[EventMention, ...] = field(default_factory=tuple)
    targets: tuple[TargetMention, ...] = field(default_factory=tuple)


for _name in ("hw_places", "hw_dates", "hw_figures", "hw_actors", "hw_events", "hw_targets"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=())
for _name in ("hw_published", "hw_report_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in its ``user_data``: spaCy joins every token's
    text again on each access of ``Doc.text`` (eight stages read it: 8% of extraction time).
    A Doc's text never changes (retokenising keeps it), so the kept one stays true."""
    text = doc.user_data.get("hw_text")
    if text is None:
        text = doc.user_data["hw_text"] = doc.text
    return text
