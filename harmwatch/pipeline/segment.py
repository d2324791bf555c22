"""Incident segmentation: which sentences of a report tell of which incident.

A sentence *anchors* an incident when it tells of an attack (an event trigger that is not
denied) or of people killed or injured. Anchors are grouped in reading order: a new incident
starts where a sentence names a place that does not fit the current incident (another town), or
a date more than a day away; one strike told over several paragraphs stays one incident. A
sentence that only speaks of the past ("in late April", "in 2016") or of a tally over a period
("since September 2018") is *background*: its anchors form background incidents, never dated to
the report's own days. Sentences without an anchor join the incident around them as context (the
denial, the claim, the accusation).

The sentences' classification is sentences.py (`classify`); whether two places may be one
incident's is place_fit.py (`compatible`). Both are re-exported here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from harmwatch.pipeline.place_fit import (
    compatible,
    distance_km,
    dominant_country,
    is_coarse,
    is_country,
    names_province_of,
)
from harmwatch.pipeline.sentences import BestPlace, Sentence, classify, is_past
from harmwatch.pipeline.types import DateMention, PlaceMention

__all__ = [
    "BestPlace",
    "Segment",
    "Sentence",
    "classify",
    "compatible",
    "dominant_country",
    "is_coarse",
    "is_past",
    "segment",
]


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
        or (is_country(seg.place) and not is_country(s.place) and compatible(seg.place, s.place))
        # "in Raqqa" then "in al-Salehia village in the Raqqa countryside": the village
        or names_province_of(seg.place, s.place)
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
    if s.around or s.place.cue in ("away", "reference", "dateline") or is_country(s.place):
        return False
    if not _dates_fit(seg.date, s.date):
        return False
    km = distance_km(seg.place, s.place)
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
    km = distance_km(fine, city)
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
    if s.place is None:
        return False
    if is_coarse(s.place) and (
        not s.counted or seg.place is None or compatible(seg.place, s.place)
    ):
        # "two more died in the province": the incident's own province (or country); a
        # province that does not hold the incident's place, with its own count ("two were
        # killed in the Donetsk region" after a village of Kherson's), is another incident's
        return False
    return any(x.harm for x in seg.anchors)


def _several_told(current: list[Segment], recent: Segment | None, s: Sentence) -> Segment | None:
    """The incident of several attacks a sentence points back to ("the Turkish ministry issued
    a statement following the attacks", no place, no one harmed) when the incident just told
    is one attack told in the singular ("an airstrike hit the town"): the first incident told
    in the plural before it."""
    if not s.back_to_several or s.background or recent is None:
        return None
    if any(x.several for x in recent.anchors):
        return None
    return next(
        (seg for seg in current if seg is not recent and any(x.several for x in seg.anchors)),
        None,
    )


def segment(sentences: Sequence[Sentence]) -> list[Segment]:
    """Group the sentences into incidents (background ones apart), in reading order.

    A report published weeks after the attack it leads with (an investigation, a monitor's
    account) tells of that attack, not of background: when nothing is of the report's own days
    and the first sentence that tells of an attack gives its day and people harmed, the sentences
    of that day are the report's incident."""
    found = _day_in_period(_segment(sentences))
    # an attack told with no day and no one harmed ("Survivors said the jets came back
    # twice") is not of the report's own days: it is more of the attack the report leads with
    if any(
        not seg.background and (seg.date is not None or any(s.harm for s in seg.anchors))
        for seg in found
    ):
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


def _day_in_period(found: list[Segment]) -> list[Segment]:
    """ "The military acknowledged an airstrike earlier this month in X ... 'the Coalition struck
    ... March 17, in west X'": an incident set only in a month, with no day, takes the day a
    retelling of the attack with no toll of its own gives within that month (it was kept apart
    as a past attack); a past attack with a toll of its own stays apart."""
    for seg in found:
        if seg.background or seg.date is not None:
            continue
        period = next((s.period for s in seg.sentences if s.period is not None), None)
        if period is None or period.date is None:
            continue
        last = period.date_end or period.date
        for past in (b for b in found if b.background):
            day = next((s.late for s in past.anchors if s.late is not None), None)
            if (
                day is None
                or day.date is None
                or not period.date <= day.date <= last
                or any(s.harm for s in past.anchors)
                or (
                    past.place is not None
                    and seg.place is not None
                    and not compatible(past.place, seg.place)
                )
            ):
                continue
            told = [dataclasses.replace(s, background=False, date=s.late) for s in past.sentences]
            seg.sentences = sorted(seg.sentences + told, key=lambda s: s.start)
            seg.date = day
            found.remove(past)
            break
    return found


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
        elif (told := _several_told(current, recent, s)) is not None:
            target = told  # "a statement following the attacks": not the one strike just told
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
    _inherit_day(current)
    return current + background


def _inherit_day(segments: list[Segment]) -> None:
    """An incident whose sentences give no day happened on the day of the incident told before
    it, not on the day the report came out: a roundup's lead sets the day of the attacks it then
    tells one by one ("Strikes hit three towns on Thursday. In A, ... Hours later, in B, ...")."""
    day: DateMention | None = None
    for seg in segments:
        if seg.date is None and day is not None:
            seg.date = day
        elif seg.date is not None and seg.date.date is not None and seg.date.precision == "day":
            day = seg.date


def _inherit_place(segments: list[Segment], sentences: Sequence[Sentence]) -> None:
    """An incident whose sentences name no place happened where the report is: the place of the
    incident before it, else of the one after, else the report's most named town, else the
    first town its own sentences list."""
    for k, seg in enumerate(segments):
        if seg.place is not None and not is_country(seg.place):
            continue
        near = [s.place for s in segments[k - 1 :: -1] if k > 0] + [
            s.place for s in segments[k + 1 :]
        ]
        country = seg.place
        seg.place = next((p for p in near if p is not None and not is_country(p)), None)
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
