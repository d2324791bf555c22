"""Incident segmentation: which sentences of a report tell of which incident.

A sentence *anchors* an incident when it tells of an attack (an event trigger that is not
denied) or of people killed or injured. Anchors are grouped in reading order: a new incident
starts where a sentence names a place that does not fit the current incident (another town), or
a date more than a day away; one strike told over several paragraphs stays one incident. A
sentence that only speaks of the past ("in late April", "in 2016") or of a tally over a period
("since September 2018") is *background*: its anchors form background incidents, never dated to
the report's own days. Sentences without an anchor join the incident around them as context (the
denial, the claim, the accusation).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from harmwatch.gazetteer.types import UNLISTED
from harmwatch.pipeline.events import is_territorial
from harmwatch.pipeline.registry import adjective_pattern
from harmwatch.pipeline.types import DateMention, EventMention, Mentions, PlaceMention
from harmwatch.pipeline.vocab import dated_speech

COARSE = ("province", "country", "district", "region")
REGION_REACH_KM = 50.0
BestPlace = Callable[[Sequence[PlaceMention], int, int], PlaceMention | None]
_PAST_CUE = re.compile(
    r"\b(?:since (?:the (?:start|beginning)|(?:early|mid|late) ?\d{4}|\d{4}|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december))|"
    r"(?:last|previous|earlier) (?:year|month|ceasefire|offensive)|in \d{4}\b|years? ago|"
    r"months ago|a previous|the previous|in the past (?:\w+ )?(?:months|years)|since then|"
    r"in recent (?:days|weeks|months|years)|over the (?:past|last) (?:\w+ )?(?:weeks|months|years)|"
    r"for (?:months|years)|throughout the war|since the (?:war|conflict|uprising) began|"
    r"(?:in|during|from) the (?:war|conflict)\b|regularly|repeatedly|frequently|routinely|"
    r"a recent|an earlier|last (?:week|month)'s|"
    # a habit, not one attack: "forces continue to shell the towns across the river"
    r"continu(?:e|es|ed|ing) to (?:carry out |launch |conduct |stage )?(?:shell|bomb|strike|"
    r"attack|target|pound|hit|fire (?:on|at)|air ?strikes|raids|bombings))",
    re.IGNORECASE,
)


# verbs of saying (data/speech_verbs.jsonl): a date told with one is the day it was said, not
# the day it happened
_STATEMENT = dated_speech()
# "a monitor said on Saturday", "the army confirmed on Thursday that ...", "the group
# published a list on Thursday" (what was said: a document, not the attack)
_REPORTED_ON = re.compile(
    rf"\b{_STATEMENT}\s+(?:(?:it|this|a statement)\s+|(?:a|an|the|its|their|his|her)\s+"
    r"(?:[\w-]+\s+)?(?:statement|list|report|figures|tally|toll|communiqu[eé]|names|"
    r"findings)\s+)?(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)
# "The incident on Sunday in ... comes at a time": the attack told before, named by a word of
# its own and dated
_INCIDENT_DATED = re.compile(
    r"\b(?:the|this|that|Sunday's|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|"
    r"Saturday's)\s+(?:deadly\s+|latest\s+)?(?:incident|attack|tragedy|massacre|killings)\s+"
    r"(?:(?:late|early)\s+)?(?:(?:on|of)\s+)?$",
    re.IGNORECASE,
)
# "the ministry on Tuesday denied ...", "the UN on Monday condemned the strike"
_STATED_AFTER = re.compile(
    r"\s*,?\s*(?:(?:also|again|formally|publicly|officially|swiftly|quickly|later)\s+)?"
    rf"{_STATEMENT}\b",
    re.IGNORECASE,
)
# "MOKHA, Yemen, Sept. 29 (UPI) --": a dateline's date is the day of writing
_DATELINE_AFTER = re.compile(r"\s*(?:\([A-Z][\w .&/-]{0,30}\)\s*)?(?:--|—|–)")
# "earlier this month", "later this year": one moment within the period, not the period
_POINT_IN_PERIOD = re.compile(r"(?:earlier|later)\b", re.IGNORECASE)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_QUOTES = "\"“”‘'«"
# how long after an attack a report that leads with it may be published and still be about it
LATE_REPORT_DAYS = 180


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    anchor: bool
    attack: bool  # tells of an attack (not only of casualties)
    weapon: bool  # names a weapon or attack type (not only an attacker's verb)
    harm: bool  # gives people killed or injured
    background: bool
    summary: bool  # names several towns at once ("blasts hit Tartous, Homs and Hasakeh")
    place: PlaceMention | None
    date: DateMention | None  # a date of the report's own days said in this sentence
    listed: PlaceMention | None = None  # the first town a summary sentence lists
    # clauses after the attack that tell of the past ("..., which the army took in 2016")
    past_clauses: tuple[tuple[int, int], ...] = ()
    # the day the sentence tells of, when it is background only for being over ten days before
    # publication (not for a cue such as "last year"): the subject of a report published late
    late: DateMention | None = None
    # every attack word it has is "the strike", "this attack", "the alleged bombing": it tells
    # more of an attack already told, and starts no incident of its own
    anaphoric: bool = False
    # it says its attack is another one: "In a separate attack, ...", "Elsewhere, ...",
    # "another strike hit ...": it starts an incident of its own even in the same town and day
    distinct: bool = False
    # every attack it tells of is ground changing hands ("the army retook the town")
    territorial: bool = False
    # opens with a quotation mark: a witness's or an official's words
    quoted: bool = False
    # its harm is a count ("40 villagers were killed"), not only named victims ("X was killed")
    counted: bool = False
    # it opens with its day ("On Friday, gunmen shot ..."): the writer sets the scene of what
    # follows on that day, apart from the days told before
    fronted: bool = False
    # the day its words were said ("the council on Thursday announced ..."), when it gives one
    said_on: DateMention | None = None
    # its place is told as the one the attack was near ("strikes on a district outside X",
    # "on the outskirts of X"): X locates the attack, the place it hit may be named after
    around: bool = False


@dataclass
class Segment:
    """The sentences of one incident."""

    sentences: list[Sentence] = field(default_factory=list)
    place: PlaceMention | None = None
    date: DateMention | None = None
    background: bool = False
    around: bool = False  # its place is only the one the attack was near (Sentence.around)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences]

    @property
    def anchors(self) -> list[Sentence]:
        return [s for s in self.sentences if s.anchor]


def _inside(m_start: int, m_end: int, start: int, end: int) -> bool:
    return start <= m_start and m_end <= end


def is_past(d: DateMention, published: dt.date | None) -> bool:
    if d.past:
        return True
    if published is None or d.date is None:
        return False
    last = d.date_end or d.date
    if d.precision in ("month", "year") and not d.date <= published <= last:
        return True  # "last month", "in 2016": a whole period that is not the report's own
    return last < published - dt.timedelta(days=10)


def classify(
    text: str,
    spans: Sequence[tuple[int, int]],
    mentions: Mentions,
    published: dt.date | None,
    best_place: BestPlace,
) -> list[Sentence]:
    """Each sentence with whether it anchors an incident, is background, and its place/date.

    Places in another country than the report's own (the country most of its places are in)
    are not incident places: a family name that is also a town abroad must not split a story."""
    country = dominant_country(mentions.places)
    places = tuple(
        p for p in mentions.places if country is None or p.place.country in (None, country)
    )
    told = {p.place.id for p in places if p.cue != "dateline"}  # named in the text itself
    out = []
    for start, end in spans:
        events = [e for e in mentions.events if _inside(e.start, e.end, start, end)]
        figures = [
            f for f in mentions.figures if _inside(f.start, f.end, start, end) and not f.roster
        ]
        dates = [d for d in mentions.dates if _inside(d.start, d.end, start, end)]
        harm = [
            f
            for f in figures
            if not (f.aggregate or f.other_event)
            and f.value > 0
            and f.kind in ("killed", "injured")
        ]
        attack = [e for e in events if not e.negated]
        weapon = bool(attack)
        stated = [
            d
            for d in dates
            if _REPORTED_ON.search(text[max(0, d.start - 40) : d.start])
            or _STATED_AFTER.match(text, d.end, min(len(text), d.end + 40))
        ]
        dates = [
            d
            for d in dates
            if d not in stated
            and not _DATELINE_AFTER.match(text, d.end, min(len(text), d.end + 40))
        ]
        past = [d for d in dates if is_past(d, published)]
        later = [c for c in (_later_clause(text, attack, d) for d in past) if c is not None]
        past = [d for d in past if not any(a <= d.start and d.end <= b for a, b in later)]
        current = sorted(
            (d for d in dates if not is_past(d, published) and d.date is not None),
            key=lambda d: (_PRECISION_RANK.get(d.precision, 9), d.start),
        )
        tally = any(f.aggregate for f in figures) and not harm
        if (
            harm
            and current
            and all(
                d.precision in ("month", "year") and not _POINT_IN_PERIOD.match(d.text)
                for d in current
            )
        ):
            # "100 killed in August shelling": a month's toll, not one incident ("a strike
            # earlier this month killed 100" is one, on a day the words leave unsaid)
            tally = True
        if published is not None:  # "this year" says nothing of the incident's day
            current = [d for d in current if d.precision in ("day", "week")]
        background = bool(past) and not current or tally
        own = text[start:end]  # the sentence without its past clauses
        for a, b in sorted(later, reverse=True):
            own = own[: a - start] + own[b - start :]
        if not background and not current and _PAST_CUE.search(own):
            background = True
        attackers = [
            a
            for a in mentions.actors
            if _inside(a.start, a.end, start, end) and a.role in ("perpetrator", "alleged", "claim")
        ]
        # "Regime forces targeted the town"; not the parties of an attack the sentence denies or
        # only refers to ("a truce in the battles between A and B")
        attacked = bool(attack) or (bool(attackers) and not events)
        # "the incident on Sunday": the attack told before, with its day
        referred = bool(dates) and any(
            _INCIDENT_DATED.search(text[max(start, d.start - 40) : d.start]) for d in dates
        )
        anchor = attacked or bool(harm) or referred
        towns = _distinct_towns([p for p in places if _inside(p.start, p.end, start, end)])
        summary = towns >= 3
        place = None if summary else best_place(places, start, end)
        listed = (
            next(
                (p for p in places if _inside(p.start, p.end, start, end) and not is_coarse(p)),
                None,
            )
            if summary
            else None
        )
        if place is not None and (
            place.cue == "away"
            or (place.cue == "dateline" and place.place.id not in told)
            # "the worst fighting since the battle for X": the past it is measured against
            or _SINCE_BEFORE.search(text, max(start, place.start - 60), place.start)
        ):
            # "a lawyer from Saraqeb told ...": where a witness is from; "BAMAKO --" and no
            # more of Bamako: where the reporter files from
            place = None
        late = next(
            (
                d
                for d in past
                if d.precision == "day"
                and d.date is not None
                and published is not None
                and d.date >= published - dt.timedelta(days=LATE_REPORT_DAYS)
            ),
            None,
        )
        if late is not None and (current or tally or len(past) > 1 or _PAST_CUE.search(own)):
            late = None
        anaphoric = (
            bool(attack)
            and all(_definite(text, e.start) and e.event_type in _STRIKES for e in attack)
            and not _ELSEWHERE.match(text, start, end)
        ) or (referred and not attack)
        distinct = anchor and (
            bool(_NEW_STORY.match(text, start, end))
            or any(_ANOTHER_FIRST.fullmatch(text, start, e.start) for e in attack)
            # "A separate attack that night left eight dead": an attack word of no type of its
            # own, then the harm
            or (bool(harm) and bool(_ANOTHER_ATTACK.match(text, start, end)))
            # "two were wounded in shelling on the nearby town of X": a town beside the one
            # just told, hit in an attack of its own
            or (
                bool(harm)
                and bool(attack)
                and place is not None
                and bool(_NEARBY_BEFORE.search(text, max(start, place.start - 40), place.start))
            )
        )
        out.append(
            Sentence(
                start,
                end,
                anchor,
                attacked,
                weapon,
                bool(harm),
                background,
                summary,
                place,
                current[0] if current else None,
                listed,
                tuple(later),
                late,
                anaphoric,
                distinct,
                territorial=bool(attack) and all(is_territorial(e) for e in attack),
                quoted=text[start:end].lstrip()[:1] in _QUOTES,
                counted=any(not f.named_victims for f in harm),
                fronted=bool(current) and _fronted(text, start, current[0]),
                said_on=next(
                    (
                        d
                        for d in stated
                        if d.precision == "day" and d.date is not None and not is_past(d, published)
                    ),
                    None,
                ),
                around=place is not None
                and bool(_AROUND_BEFORE.search(text, max(start, place.start - 50), place.start)),
            )
        )
    return _that_past(text, spans, out)


# "that incident", "in that attack": the attack just told, whatever it was
_THAT_EVENT = re.compile(
    r"\bthat\s+(?:incident|attack|bombing|blast|explosion|strike|air\s?strike|raid|massacre|"
    r"assault|shelling|ambush)s?\b",
    re.IGNORECASE,
)


def _that_past(text: str, spans: Sequence[tuple[int, int]], out: list[Sentence]) -> list[Sentence]:
    """ "The worst raid since 2016, when jets levelled the same block. Some 90 died in that
    attack.": a sentence that points back with "that" to a past attack
    told in the sentence just before it, and dates nothing of its own, is background too."""
    starts = [a for a, _ in spans]
    for i, s in enumerate(out):
        if not s.anchor or s.background or s.date is not None:
            continue
        hit = _THAT_EVENT.search(text, s.start, s.end)
        if hit is None or _REPORTED_ON.search(text[max(s.start, hit.start() - 40) : hit.start()]):
            continue  # "officials said that attack ...": a clause, not a pointer
        k = bisect_left(starts, s.start)
        if k and _PAST_CUE.search(text, *spans[k - 1]):
            out[i] = dataclasses.replace(s, background=True)
    return out


_CLAUSE = re.compile(r"\b(?:which|who|whom|whose|before|until|where)\b", re.IGNORECASE)


# the words that may stand between "the" and the attack it points back to: manner and means
# ("the alleged air strike"); nationalities come from the state-forces table ("the Israeli
# strike", "the Saudi-led raid")
_QUALIFIERS = "alleged reported deadly fatal air aerial missile drone suspected apparent".split()


@lru_cache(maxsize=1)
def _definite_pattern() -> re.Pattern[str]:
    """A determiner that points back, then at most two qualifying words, at the end."""
    _, table = adjective_pattern()
    words = sorted({*_QUALIFIERS, *table}, key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in words)
    return re.compile(
        rf"\b(?:the|this|that|the same|the latest)\s+(?:(?:{alt})(?:-led)?\s+){{0,2}}$",
        re.IGNORECASE,
    )


_NOT_SAME = re.compile(
    r"\b(?:another|separate|second|third|new|other|earlier|previous|later)\b", re.I
)


# the attacks "the strike" may stand for; "the clashes" are more often a fight of their own
_STRIKES = frozenset(
    "airstrike drone_strike missile shelling barrel_bomb chemical ied explosion".split()
)
# a sentence that says it tells of something else: "Separately, ...", "Elsewhere, ..."
_ELSEWHERE = re.compile(
    r"\W*(?:separately|elsewhere|meanwhile|in (?:a )?separate|in another|in other)\b", re.I
)


# a sentence that opens by saying it tells of another attack: "Separately, ...", "Elsewhere,
# ...", "In a separate raid, ..."; or whose first words are another attack: "Another strike hit
# ...", "A separate deadly raid killed ..." (not "another" inside a sentence: "another massacre
# of the war", "another one was stabbed")
_NEW_STORY = re.compile(
    r"\W*(?:separately|elsewhere|in\s+(?:a\s+)?separate\s|in\s+another\s)", re.I
)
# "the nearby town of", "neighbouring", "the adjacent village of": right before a town's name
_NEARBY_BEFORE = re.compile(
    r"\b(?:nearby|neighbou?ring|adjacent)\s+(?:(?:town|village|city|hamlet|camp|district|"
    r"neighbou?rhood|area)\s+(?:of\s+)?)?$",
    re.I,
)
# "the worst fighting since the battle for eastern X", "deadliest since X air strikes"
_SINCE_BEFORE = re.compile(
    r"\b(?:worst|deadliest|bloodiest|heaviest|fiercest|biggest|largest|first|most\s+\w+)\s+"
    r"(?:[\w-]+\s+){0,2}since\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)
# "a district outside X", "on the outskirts of X", "villages near the city of X", "around the
# border town of X"
_AROUND_BEFORE = re.compile(
    r"\b(?:outside|near|around|close\s+to|outskirts\s+of|vicinity\s+of)\s+"
    r"(?:the\s+(?:[\w-]+\s+)?(?:city|town|village|capital)\s+(?:of\s+)?)?$",
    re.I,
)
_ANOTHER_FIRST = re.compile(r"\W*(?:another|a\s+separate)\s+(?:[\w-]+\s+){0,2}", re.I)
# the same opening, then an attack word of no event type of its own ("A separate attack ...")
_ANOTHER_ATTACK = re.compile(
    _ANOTHER_FIRST.pattern + r"(?:attack|assault|raid|ambush|incident)s?\b", re.I
)


# the words that may open a sentence before its day ("On Friday", "Early on Monday" is not:
# an attack told across midnight)
_OPENS_WITH_DAY = re.compile(r"\W*(?:(?:and|but|then)\s+)?(?:on\s+)?", re.I)
_NIGHT_AFTER = re.compile(r"\W*(?:night|evening|overnight|midnight)\b", re.I)


def _fronted(text: str, start: int, d: DateMention) -> bool:
    """Whether the sentence at ``start`` opens with the date ``d`` ("On Friday, ..."), a day
    and not a night ("On Friday night" may run into the next day)."""
    return (
        d.precision == "day"
        and bool(_OPENS_WITH_DAY.fullmatch(text, start, d.start))
        and not _NIGHT_AFTER.match(text, d.end)
        and not re.search(r"night|evening|late|early", d.text, re.I)
    )


def _definite(text: str, at: int) -> bool:
    """Whether the attack word at ``at`` is told as one already known: "the strike", "this
    attack" (not "another strike", "a separate raid", "the second strike")."""
    before = text[max(0, at - 40) : at]
    return bool(_definite_pattern().search(before)) and not _NOT_SAME.search(before[-25:])


def _later_clause(
    text: str, attacks: Sequence[EventMention], d: DateMention
) -> tuple[int, int] | None:
    """The clause after the sentence's attack that a past date stands in ("the blast hit the
    district, which the army retook in December"): from its first word to the date. Neither
    the date nor who did what in that clause is the attack's."""
    for e in attacks:
        if e.end <= d.start and (m := _CLAUSE.search(text, e.end, d.start)):
            return m.start(), d.end
    return None


def _distinct_towns(places: Sequence[PlaceMention]) -> int:
    towns: list[PlaceMention] = []
    for p in places:
        if not is_coarse(p) and not any(compatible(p, q) for q in towns):
            towns.append(p)
    return len(towns)


COUNTRY_NAMED = 0.3


def dominant_country(places: Sequence[PlaceMention]) -> str | None:
    """The country most place mentions of the report are in (None when none is known)."""
    counts: dict[str, float] = {}
    for p in places:
        if p.place.country:
            # a country named is as often a nationality or a party ("citizens of Britain",
            # "Qatar mediated") as where the report is: its towns say that
            weight = COUNTRY_NAMED if p.precision == "country" else 1.0
            counts[p.place.country] = counts.get(p.place.country, 0.0) + weight * p.score
    return max(counts, key=lambda c: counts[c]) if counts else None


def _distance_km(a: PlaceMention, b: PlaceMention) -> float | None:
    pa, pb = a.place, b.place
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (pa.lat, pa.lon, pb.lat, pb.lon))  # type: ignore
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def is_coarse(p: PlaceMention) -> bool:
    if p.place.id.startswith(UNLISTED):
        return False  # a village no gazetteer holds, placed at its area's point: a village
    return p.precision in COARSE or p.place.feature in COARSE


def compatible(a: PlaceMention, b: PlaceMention) -> bool:
    """Could both mentions be the place of one incident (same town, or one contains the other)?"""
    if a.place.id == b.place.id or a.place.name.lower() == b.place.name.lower():
        return True
    if is_coarse(a) or is_coarse(b):
        # the wider of the two holds the other: a country holds its provinces as it holds its
        # towns ("in Ukraine" ... "a village in Kharkiv region")
        coarse, fine = (b, a) if _is_country(b) or not is_coarse(a) else (a, b)
        if _is_country(coarse):
            return coarse.place.country == fine.place.country
        if (coarse.place.admin1 or "").lower() == (fine.place.admin1 or "").lower():
            return True
        if _holds(coarse, fine):
            return True
        # a region of several provinces ("the Gaza Strip", "the West Bank") is no province
        # of the places in it: it holds the places of its country within its reach
        region, other = (a, b) if a.place.feature == "region" else (b, a)
        if region.place.feature != "region" or region.place.country != other.place.country:
            return False
        km = _distance_km(region, other)
        return km is not None and km <= REGION_REACH_KM
    if _names_province_of(a, b) or _names_province_of(b, a):
        return True
    km = _distance_km(a, b)
    near = 8.0 if "neighbourhood" in (a.precision, b.precision) else 3.0
    return km is not None and km < near


def _names_province_of(town: PlaceMention, village: PlaceMention) -> bool:
    """Whether ``town`` is named as the province ``village`` -- a village no gazetteer holds,
    at its province's point -- lies in: "killed in a strike in Raqqa" and "al-Salehia village
    in the Raqqa countryside" are one place, the province's name said for short (the town of
    that name, or its province: the point of neither tells where the village lies)."""
    if not village.place.id.startswith(UNLISTED) or town.place.country != village.place.country:
        return False
    inside = _admin_key(village.place.admin1)
    return bool(inside) and inside in (_admin_key(town.place.name), _admin_key(town.text))


def _admin_key(name: str | None) -> str:
    """A province name as compared: lower case, letters only, without the article ("Al Jazirah"
    -> "jazirah")."""
    low = re.sub(r"^(?:al|el|ad|an|ar|as|ash|at|az)[\s-]+", "", (name or "").lower())
    return re.sub(r"[^a-z]", "", low)


def _holds(coarse: PlaceMention, fine: PlaceMention) -> bool:
    """Whether the province (or district) ``coarse`` is the one ``fine`` lies in: the
    gazetteers spell a province in several ways ("Gezira" as a village's province, "Al Jazirah"
    as the province's own name), so the words the report wrote for it count as its name too."""
    inside = _admin_key(fine.place.admin1)
    if not inside or coarse.place.country != fine.place.country:
        return False
    names = (coarse.place.admin1, coarse.place.name, coarse.text)
    return any(_admin_key(n) == inside for n in names if n)


def _dates_fit(a: DateMention | None, b: DateMention | None) -> bool:
    """Whether two dates may be one incident's: a day apart at most (a night attack told as
    "late Monday" and "on Tuesday"), unless the text counts one from the other ("the next
    day")."""
    if a is None or b is None or a.date is None or b.date is None:
        return True
    if a.counted or b.counted:
        return a.date == b.date
    return abs((a.date - b.date).days) <= 1


def _earlier(a: DateMention | None, b: DateMention | None) -> bool:
    """Whether ``a`` is more than a day before ``b``."""
    if a is None or b is None or a.date is None or b.date is None:
        return False
    return (b.date - a.date).days > 1


def _fits(seg: Segment, s: Sentence) -> bool:
    if s.place is not None and seg.place is not None and not compatible(s.place, seg.place):
        return False
    if (
        s.fronted
        and s.attack
        and s.counted
        and s.date is not None
        and seg.date is not None
        and s.date.precision == seg.date.precision == "day"
        and s.date.date != seg.date.date
    ):
        # "... shells on Saturday morning. On Friday, gunmen shelled the quarter, killing 44":
        # an attack with its own toll, set on a day of its own, is not the one told before
        # (a night attack told across midnight says so: "late on Friday", "overnight")
        return False
    if (
        s.counted
        and s.date is None
        and s.said_on is not None
        and s.said_on.date is not None
        and seg.date is not None
        and seg.date.date is not None
        and s.said_on.date < seg.date.date
    ):
        # "the council on Thursday announced that a wave of raids had left 38 dead", after
        # Friday's strike: what was counted the day before is not Friday's toll
        return False
    return _dates_fit(seg.date, s.date)


def _join(seg: Segment, s: Sentence) -> None:
    seg.sentences.append(s)
    if s.place is not None and (
        seg.place is None
        or (is_coarse(seg.place) and not is_coarse(s.place))
        # "in central Syria" then "in Hama province": the province says more than the country
        or (_is_country(seg.place) and not _is_country(s.place) and compatible(seg.place, s.place))
        # "in Raqqa" then "in al-Salehia village in the Raqqa countryside": the village
        or _names_province_of(seg.place, s.place)
    ):
        seg.place = s.place
        seg.around = s.around
    if seg.date is None and s.date is not None:
        seg.date = s.date


AROUND_REACH_KM = 25.0


def _hit_near(seg: Segment, s: Sentence) -> bool:
    """ "Strikes killed 70 in a district outside the capital. ... the air force carried out 60
    raids on <district>": an incident placed only as near a town takes the place a later sentence
    names within reach of it, when that sentence counts no dead of its own (a toll of its own
    there may be another attack)."""
    if not seg.around or seg.place is None or s.place is None or s.harm or s.distinct:
        return False
    if s.around or s.place.cue in ("away", "reference", "dateline") or _is_country(s.place):
        return False
    if not _dates_fit(seg.date, s.date):
        return False
    km = _distance_km(seg.place, s.place)
    return km is not None and km <= AROUND_REACH_KM


CITY_POPULATION = 100_000
NEAR_CITY_KM = 60.0


def _narrower(fine: PlaceMention | None, city: PlaceMention | None) -> bool:
    """Whether ``fine`` is a smaller place near the big town ``city`` (within its reach): where
    a report that led with the city places the attack itself."""
    if fine is None or city is None or is_coarse(fine) or is_coarse(city):
        return False
    if city.place.population < CITY_POPULATION or fine.place.population >= city.place.population:
        return False
    km = _distance_km(fine, city)
    return km is not None and km <= NEAR_CITY_KM


def _may_split(seg: Segment, s: Sentence) -> bool:
    """A sentence that does not fit the current incident starts another one only when it tells
    of an attack, or of casualties in a named town after the current incident has its own."""
    if s.place is None and not s.harm:
        return False  # a date alone ("a truce that began on Sunday") does not start an incident
    if s.place is not None and s.place.cue == "landmark" and not s.harm:
        # "a second device went off on the Hamra bridge": a bridge or street where the attack just
        # told happened, with no toll of its own (a village of the same name is elsewhere)
        return False
    if s.attack:
        # ground changing hands ("forces recaptured the town six days before"), no one hurt:
        # the setting of the incident told, not another one; nor does a quotation that retells
        # an attack with no one counted and no day ("'They shelled the market in X,' said ...")
        return s.harm or not (s.territorial or (s.quoted and s.date is None))
    if s.counted and _earlier(s.date, seg.date) and any(x.harm for x in seg.anchors):
        # "40 were killed on Monday" after Thursday's toll: an earlier day's deaths (a later
        # day's are the same attack's: the wounded who died since, the toll reported since; a
        # named victim told again with another day is the same victim)
        return True
    if s.place is None or is_coarse(s.place):
        return False
    return any(x.harm for x in seg.anchors)


def segment(sentences: Sequence[Sentence]) -> list[Segment]:
    """Group the sentences into incidents (background ones apart), in reading order.

    A report published weeks after the attack it leads with (an investigation, a monitor's
    account) tells of that attack, not of background: when nothing is of the report's own days
    and the first sentence that tells of an attack gives its day and people harmed, the sentences
    of that day are the report's incident."""
    found = _segment(sentences)
    if any(not seg.background for seg in found):
        return found
    first = next((s for s in sentences if s.anchor), None)
    if first is None or first.late is None or not first.harm:
        return found
    day = first.late.date
    return _segment(
        [
            dataclasses.replace(s, background=False, date=s.late)
            if s.late is not None and s.late.date == day
            else s
            for s in sentences
        ]
    )


def _segment(sentences: Sequence[Sentence]) -> list[Segment]:
    current: list[Segment] = []
    background: list[Segment] = []
    lead: list[Sentence] = []  # context before the first incident (title, lede)
    last: Segment | None = None
    for s in sentences:
        if not s.anchor:
            if s.background:
                continue
            if last is None:
                lead.append(s)
            else:
                last.sentences.append(s)
            continue
        pool = background if s.background else current
        recent = (pool[-1] if pool else None) if s.background else last
        target: Segment | None = None
        refine = False
        if s.distinct and not s.background and recent is not None:
            target = None  # "in a separate attack": never the incident just told
        elif recent is not None and (_fits(recent, s) or not _may_split(recent, s)):
            target = recent
        elif recent is not None and not s.background and _hit_near(recent, s):
            target = recent
            target.place, target.around = s.place, False
        elif s.place is not None:
            target = next((seg for seg in pool if seg.place is not None and _fits(seg, s)), None)
        if (
            target is None
            and s.anaphoric
            and recent is not None
            and _dates_fit(recent.date, s.date)
        ):
            target = recent  # "the strike also hit ...": more of the attack just told
            refine = True
        if target is None:
            target = Segment(background=s.background)
            if s.distinct and s.date is None and recent is not None:
                target.date = recent.date  # "In a separate raid, ...": the day just told
            pool.append(target)
        _join(target, s)
        if refine and _narrower(s.place, target.place):
            # "strikes hit Idlib ... the raid on the village of Hass": the village it names
            target.place = s.place
        if not s.background:
            last = target
    if current and lead:
        first = current[0]
        first.sentences[:0] = lead
        if first.place is None:
            first.place = next((s.place for s in lead if s.place is not None), None)
    if len(current) > 1:  # "the government attacks have focused on ...": not an incident
        current = [
            seg for seg in current if any(s.harm or s.weapon for s in seg.anchors)
        ] or current[:1]
    if any(s.harm for seg in current for s in seg.anchors):
        # "hospitals and schools have been targeted by air strikes": beside attacks with their
        # tolls, attacks told with no place and no one harmed are the war around them
        current = [
            seg for seg in current if seg.place is not None or any(s.harm for s in seg.anchors)
        ]
    for seg in current:
        seg.sentences.sort(key=lambda s: s.start)
        _refine_place(seg)
    _inherit_place(current, sentences)
    return current + background


def _inherit_place(segments: list[Segment], sentences: Sequence[Sentence]) -> None:
    """An incident whose sentences name no place happened where the report is: the place of the
    incident before it, else of the one after, else the report's most named town, else the
    first town its own sentences list."""
    for k, seg in enumerate(segments):
        if seg.place is not None and not _is_country(seg.place):
            continue
        near = [s.place for s in segments[k - 1 :: -1] if k > 0] + [
            s.place for s in segments[k + 1 :]
        ]
        country = seg.place
        seg.place = next((p for p in near if p is not None and not _is_country(p)), None)
        if seg.place is None:
            towns = [s.place for s in sentences if s.place is not None and not s.background]
            fine = [p for p in towns if not is_coarse(p)] or towns
            if fine:
                counts: dict[str, int] = {}
                for p in fine:
                    counts[p.place.id] = counts.get(p.place.id, 0) + 1
                seg.place = max(fine, key=lambda p: counts[p.place.id])
        if seg.place is None or (
            country is not None and seg.place.place.country != country.place.country
        ):
            seg.place = country
        if seg.place is None:  # only a list of towns ("shelling on A, B and C"): the first
            seg.place = next((s.listed for s in seg.sentences if s.listed is not None), None)


def _is_country(p: PlaceMention) -> bool:
    return p.precision == "country" or p.place.feature == "country"


def _refine_place(seg: Segment) -> None:
    """An incident placed only in a country or province ("in northwestern Syria") takes the
    first town its own sentences name inside that region."""
    if seg.place is not None and not is_coarse(seg.place):
        return
    for s in seg.sentences:
        if (
            # not a town a sentence of context names as where something is near ("the group
            # is cornered around the border town of X")
            (s.anchor or not s.around)
            and s.place is not None
            and not is_coarse(s.place)
            and (seg.place is None or compatible(seg.place, s.place))
        ):
            seg.place = s.place
            return
