"""What each sentence of a report tells, for segmentation (`classify`).

A sentence *anchors* an incident when it tells of an attack (an event trigger that is not
denied) or of people killed or injured. A sentence that only speaks of the past ("in late
April", "in 2016") or of a tally over a period ("since September 2018") is *background*. Each
`Sentence` also carries its place and its date of the report's own days, and the marks the
grouping reads: a summary of several towns, "the strike" told again (anaphoric), "another
strike" (distinct), a day fronted, a place the attack was only near.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from harmwatch.pipeline.events import is_territorial
from harmwatch.pipeline.place_fit import distinct_towns, dominant_country, is_coarse
from harmwatch.pipeline.registry import adjective_pattern
from harmwatch.pipeline.types import DateMention, EventMention, Mentions, PlaceMention
from harmwatch.pipeline.vocab import dated_speech

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
    # the month it sets its attack in, told as a point in it with no day ("an airstrike earlier
    # this month"): a day told later within that month may be the attack's
    period: DateMention | None = None
    # it tells of attacks in the plural ("overnight airstrikes", "the strikes")
    several: bool = False
    # its only attack words are "the attacks", "these strikes", and it names no place and no
    # one harmed: it points back to attacks told in the plural, not to a single one
    back_to_several: bool = False


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
    out: list[Sentence] = []
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
        # ("blamed the army, which has been fighting X since August": the clause says who the
        # army is, not when the attack was)
        described = [
            (start + m.start(), start + m.end()) for m in _RELATIVE.finditer(text[start:end])
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
        period = next(
            (d for d in current if d.precision == "month" and _POINT_IN_PERIOD.match(d.text)),
            None,
        )
        if published is not None:  # "this year" says nothing of the incident's day
            current = [d for d in current if d.precision in ("day", "week")]
        # "the funeral on Sunday of those killed in Friday's air strike": the day the attack is
        # told as its own is the incident's
        current.sort(key=lambda d: not _owns_attack(text, d, attack))
        said_of = [d for d in past if not any(a <= d.start < b for a, b in described)]
        background = bool(said_of) and not current or tally
        own = text[start:end]  # the sentence without its past clauses
        for a, b in sorted(later, reverse=True):
            own = own[: a - start] + own[b - start :]
        if not background and not current and _PAST_CUE.search(_RELATIVE.sub("", own)):
            background = True
        if harm and not background and _abroad_event(text, mentions.places, places, start, end):
            # "denied any role in the Istanbul bombing, which killed six": the toll of an
            # attack the report names by a place abroad, told for context
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
        towns = distinct_towns([p for p in places if _inside(p.start, p.end, start, end)])
        summary = towns >= 3
        # "ADDIS ABABA, Ethiopia - A drone hit a market in Amhara": where the reporter files
        # from is no candidate, the place the words go on to name is
        place = (
            None
            if summary
            else best_place(
                [p for p in places if p.cue != "dateline" or p.place.id in told], start, end
            )
        )
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
            or (
                place is not None
                and bool(_ANSWER.match(text, start, end))
                and not _same_place_as_last(out, place)
            )
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
                period=period if attack else None,
                several=any(_plural(text, e) for e in attack),
                back_to_several=attacked
                and place is None
                and not harm
                and (
                    all(_plural(text, e) and _definite(text, e.start) for e in attack)
                    if attack
                    else bool(_THE_ATTACKS.search(text, start, end))
                ),
            )
        )
    return _that_past(text, spans, out)


def _owns_attack(text: str, d: DateMention, attacks: Sequence[EventMention]) -> bool:
    """Whether the day is told in the possessive of one of the sentence's attacks ("Friday's
    air strike")."""
    own = _POSSESSIVE_AFTER.match(text, d.end)
    return own is not None and any(0 <= e.start - own.end() <= 25 for e in attacks)


_POSSESSIVE_AFTER = re.compile(r"['’]s\s+")
# a relative clause after a comma, up to the next, which tells of the noun before it
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b[^,.;]*")
# an attack named by its place: "the Istanbul bombing", "the bombing in Istanbul"
_EVENT_NOUN = (
    r"(?:suicide\s+|car\s+|truck\s+|bomb\s+)?(?:bombings?|attacks?|blasts?|massacres?|"
    r"explosions?|shootings?|strikes?|airstrikes?|raids?)"
)
_EVENT_AFTER = re.compile(rf"(?:['’]s)?\s+{_EVENT_NOUN}\b", re.I)
_EVENT_IN_BEFORE = re.compile(rf"\b{_EVENT_NOUN}\s+(?:in|on|at)\s+(?:the\s+)?$", re.I)


def _abroad_event(
    text: str,
    every: Sequence[PlaceMention],
    home: Sequence[PlaceMention],
    start: int,
    end: int,
) -> bool:
    """Whether the sentence names an attack by a place in another country than the report's
    own, and no place of the report's own country: the harm it tells is that attack's."""
    inside = [p for p in every if _inside(p.start, p.end, start, end)]
    if any(p in home for p in inside):
        return False
    return any(
        _EVENT_AFTER.match(text, p.end)
        or _EVENT_IN_BEFORE.search(text, max(start, p.start - 40), p.start)
        for p in inside
    )


# attacks in the plural (not the munitions of one attack: "two missiles", "shells")
_ATTACKS = r"(?:attacks|(?:air\s*)?strikes|(?:air\s+)?raids|bombings|bombardments)"
_SEVERAL = re.compile(rf"(?:[\w-]+\s+)?{_ATTACKS}", re.I)
# "following the attacks", "these strikes": attacks already told, in the plural
_THE_ATTACKS = re.compile(rf"\b(?:the|these|those)\s+(?:[\w-]+\s+)?{_ATTACKS}\b", re.I)


def _plural(text: str, e: EventMention) -> bool:
    """Whether an attack word is attacks in the plural ("airstrikes", "the attacks", "air
    raids")."""
    return bool(_SEVERAL.fullmatch(text, e.start, e.end))


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


# "In response, X fired rockets at the town of Y": the answer to the attack just told, an
# attack of its own where it names a place of its own ("In response, X shelled the area", "...
# raided the town of Y" after an attack on Y, are the other half of one exchange of fire)
_ANSWER = re.compile(r"\W*in\s+(?:response|retaliation|reprisal|revenge)\b", re.I)


def _same_place_as_last(told: list[Sentence], place: PlaceMention) -> bool:
    """Whether the last sentence told of an attack or harm names the same place."""
    last = next((s for s in reversed(told) if s.anchor), None)
    return last is not None and last.place is not None and last.place.place.id == place.place.id


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
