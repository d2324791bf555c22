"""One pure function: the finished Doc -> the report's incidents (`models.Incident`).

Segmentation (`segment.py`) says which sentences tell of which incident; this module fills
each incident's fields from the mentions the stages set on the Doc, inside its sentences only,
so an attacker named in another paragraph about another town is never borrowed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, cast, get_args

from spacy.tokens import Doc

from harmwatch import models
from harmwatch.pipeline.actors import PERPETRATOR_ROLES, load_vocab
from harmwatch.pipeline.allocation import (
    ALLOCATING,
    EXTRA_ONLY,
    OTHERS,
    WHOLE_TOLL,
    places_listed,
    split,
    uncounted_split,
)
from harmwatch.pipeline.clauses import split_clauses
from harmwatch.pipeline.dates import SENTENCE_END
from harmwatch.pipeline.dates import vocab as date_vocab
from harmwatch.pipeline.events import (
    event_cue,
    incident_type,
    is_territorial,
    lead_type,
    names_weapon,
)
from harmwatch.pipeline.figures_vocab import REPORTED
from harmwatch.pipeline.lead_attackers import share_lead_attackers
from harmwatch.pipeline.reconcile import allocated_share, may_name, reconcile
from harmwatch.pipeline.segment import (
    BestPlace,
    Segment,
    Sentence,
    classify,
    compatible,
    is_coarse,
    is_past,
    segment,
)
from harmwatch.pipeline.types import (
    ActorMention,
    DateMention,
    EventMention,
    FigureMention,
    Mentions,
    PlaceMention,
    doc_text,
)
from harmwatch.pipeline.vocab import sentence_spans
from harmwatch.vocab import event_families, remote_families

# "the 18th March Division", "the 17 April Brigade": a unit's name, not a date
_UNIT_AFTER = re.compile(
    r"\s*(?:Division|Brigade|Battalion|Regiment|Corps|Movement|Front|"
    r"Army|Martyrs|Revolution)\b"
)
_STATUS_RANK = {"claimed": 3, "stated": 2, "alleged": 1}


def _first_place(places: Sequence[PlaceMention], start: int, end: int) -> PlaceMention | None:
    inside = [p for p in places if start <= p.start and p.end <= end]
    return inside[0] if inside else None


def _best_place_function() -> BestPlace:
    if importlib.util.find_spec("harmwatch.pipeline.places") is not None:
        from harmwatch.pipeline.places import best_place

        return best_place  # type: ignore[no-any-return]
    return _first_place


def doc_mentions(doc: Doc) -> Mentions:
    return Mentions(
        places=tuple(doc._.hw_places or ()),
        dates=tuple(doc._.hw_dates or ()),
        figures=tuple(doc._.hw_figures or ()),
        actors=tuple(doc._.hw_actors or ()),
        events=tuple(doc._.hw_events or ()),
        targets=tuple(doc._.hw_targets or ()),
    )


def assemble(doc: Doc, aliases_file: str | None = None) -> list[models.Incident]:
    """The incidents the finished Doc tells of, current ones first, then background ones."""
    mentions = doc_mentions(doc)
    text = doc_text(doc)
    dates = tuple(d for d in mentions.dates if not _UNIT_AFTER.match(text, d.end))
    mentions = dataclasses.replace(mentions, dates=dates)
    dateline = doc.user_data.get("hw_dateline")
    if dateline is not None:  # the report's own date, not an incident's
        dates = tuple(d for d in mentions.dates if d.end <= dateline[0] or d.start >= dateline[1])
        mentions = dataclasses.replace(mentions, dates=dates)
    published: dt.date | None = doc._.hw_published
    best_place = _best_place_function()
    spans = sentence_spans(doc)
    trailer = event_cue("page_trailer").search(text, len(text) // 3)
    if trailer is not None:  # "Related News ...": headlines of other stories
        # the sentence the trailer starts in ("Source: wires Related News <headline>")
        # keeps only its words before it
        cut = trailer.start()
        spans = [(a, min(b, cut)) for a, b in spans if text[a:cut].strip()]
    spans, clauses = split_clauses(text, _without_captions(text, spans), mentions)
    sentences = classify(text, spans, mentions, published, best_place)
    if clauses:  # "... and one in the town of B": a clause with its own place and toll
        sentences = [
            dataclasses.replace(s, distinct=True) if s.start in clauses and s.anchor else s
            for s in sentences
        ]
    segments = segment(sentences)
    names = load_vocab(aliases_file).names
    several = sum(1 for seg in segments if not seg.background) > 1
    incidents = [_incident(text, seg, mentions, published, names, several) for seg in segments]
    _allocation_note(text, segments, incidents, mentions)
    population = {p.place.id: p.place.population for p in mentions.places}
    found = _merge_repeated(
        [i for i in incidents if i is not None and not i.background], population
    )
    found = _without_bare_fighting(found)
    found = _without_lead_sums(found)
    _share_denials(found)
    _denied_are_accused(found, names)
    background = [i for i in incidents if i is not None and i.background]
    share_lead_attackers(found, mentions.actors, background)
    return found + background


def _harmed(i: models.Incident) -> bool:
    return any(r is not None and bool(r.min or r.max) for r in (i.killed, i.injured))


def _without_bare_fighting(incidents: list[models.Incident]) -> list[models.Incident]:
    """Beside an attack that killed or hurt people, fighting told with no one killed or hurt
    ("clashes went on near the airport", "the army advanced on the town") is the war around it,
    not an incident of the report: it is left out. A report of fighting alone keeps it."""
    if not any(_harmed(i) for i in incidents):
        return incidents
    return [i for i in incidents if i.event_type != "ground_clash" or _harmed(i)]


LEAD_REACH_KM = 30.0


def _near(a: models.Location, b: models.Location) -> bool:
    """Whether two places are within a lead's reach ("raids on the outskirts of the capital":
    the towns around it, though in another province)."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h))) <= LEAD_REACH_KM


def _without_lead_sums(incidents: list[models.Incident]) -> list[models.Incident]:
    """A lead toll that is the sum of the tolls of the incidents told after it, in the same
    province or around the same town, and days ("eleven died in raids across the province":
    four in one village, seven in another) is their total, not an incident of its own: it is
    left out, and the parts that name no attacker or weapon take the lead's."""
    out = []
    for k, inc in enumerate(incidents):
        parts = [
            o
            for o in incidents[k + 1 :]
            if o.killed is not None
            and o.killed.min
            and o.location is not None
            and inc.location is not None
            and (
                (o.location.admin1 is not None and o.location.admin1 == inc.location.admin1)
                or _near(o.location, inc.location)
            )
            and (o.date is None or inc.date is None or abs((o.date - inc.date).days) <= 1)
        ]
        total = sum(o.killed.min or 0 for o in parts if o.killed is not None)
        if len(parts) >= 2 and inc.killed is not None and inc.killed.min == total:
            for o in parts:  # "regime raids killed 22: 16 in A, five in B and one in C"
                if not o.perpetrators:
                    o.perpetrators = list(inc.perpetrators)
                if o.event_type == "other":
                    o.event_type = inc.event_type
            continue
        out.append(inc)
    return out


def _allocation_note(
    text: str, segments: Sequence[Segment], incidents: list[models.Incident | None], m: Mentions
) -> None:
    """A coder's note that splits a toll over places ("coded as 10 and split between the 3
    locations, with Khalil allocated 4 and Raju 3") makes the report one event, at the place its
    first incident tells of outside the note: its toll is that place's share (else the share
    every place gets), plus, when the note splits only the uncounted deaths ("the unknown
    number"), the deaths counted there outside the note ("a man and a woman were killed in the
    town"). The other places' shares are other events': their incidents here carry no toll."""
    shares = [f for f in m.figures if f.kind == "killed" and f.allocated_to and not f.aggregate]
    uncounted = uncounted_split(text, m.figures)
    current = [
        (seg, inc)
        for seg, inc in zip(segments, incidents, strict=True)
        if inc is not None and not seg.background
    ]
    if not (shares or uncounted) or not current:
        return
    seg, focus = current[0]
    notes = [
        s for seg_ in segments for s in seg_.sentences if ALLOCATING.search(text, s.start, s.end)
    ]
    own = [s for s in seg.sentences if s not in notes]
    own_spans = [(s.start, s.end) for s in own]
    places = sorted(
        (p for p in m.places if _in(own_spans, p.start, p.end)), key=lambda p: p.start
    ) + ([seg.place] if seg.place is not None else [])
    share = next(
        (
            v
            for p in places
            if (v := allocated_share(shares, (p.text, p.place.name), anywhere_too=False))
            is not None
        ),
        None,
    )
    here = next((p for p in places if not is_coarse(p)), None)
    others = next((f.value for f in shares if f.allocated_to == OTHERS), None)
    if (
        here is not None
        and others is not None
        and allocated_share(shares, (here.text, here.place.name), anywhere_too=False) is None
    ):
        # the event's own town has no share of its own: the share every other place gets
        # ("Zamalka allocated 3 and all other locations 2 each") is its, not a later town's
        share = others
    if share is None and uncounted:  # "spread evenly across events": the places named
        told = [(s.start, s.end) for seg_, _ in current for s in seg_.sentences if s not in notes]
        towns: list[PlaceMention] = []
        for p in sorted(m.places, key=lambda p: p.start):
            if (
                _in(told, p.start, p.end)
                and not is_coarse(p)
                and not any(compatible(p, t) for t in towns)
            ):
                towns.append(p)
        alone = bool(own) and not _lists_towns(text, own[0])  # its own town, not a list's first
        k = next((i for i, t in enumerate(towns) if places and compatible(t, places[0])), None)
        n = max([len(towns)] + [places_listed(text, a, b) for a, b in told])
        if n > 1:
            share = split(uncounted, n, k if alone else None)
    if share is None:
        share = allocated_share(shares, ())
    if share is None:
        # the note gives its shares to other places only ("split, 1 each, between A and B"):
        # this event's toll is the deaths told of it outside the note, and the other places'
        # incidents here carry none
        named = [f for f in shares if not (f.allocated_to or "*").startswith("*")]
        spellings = [s for p in places for s in (p.text, p.place.name)]
        if named and not any(may_name(f, spellings) for f in named):
            focus.killed = reconcile(
                [
                    f
                    for f in m.figures
                    if f.kind == "killed"
                    and not (f.roster or f.allocated_to)
                    and _in(own_spans, f.start, f.end)
                ]
            ).killed
            for _, other in current[1:]:
                other.killed = None
        return
    known = None
    if any(EXTRA_ONLY.search(text, s.start, s.end) for s in notes) and not any(
        WHOLE_TOLL.search(text, s.start, s.end) for s in notes
    ):
        here = places[0] if places else None
        told = [
            (s.start, s.end)
            for s in own
            if not _lists_towns(text, s)
            and (s.place is None or here is None or compatible(s.place, here))
        ]
        known = reconcile(
            [
                f
                for f in m.figures
                if f.kind == "killed"
                and not f.roster
                and not f.allocated_to
                and f.qualifier != "vague"
                and _in(told, f.start, f.end)
            ]
        ).killed
    else:
        # deaths told as more than the split one, after the note ("40 soldiers were also
        # killed"): the note did not split them, and they add to this event's share
        told = [(s.start, s.end) for seg_, _ in current for s in seg_.sentences]
        after = max((f.end for f in shares), default=len(text))
        more = [
            f
            for f in m.figures
            if f.kind == "killed"
            and f.increment
            and f.start >= after
            and not (f.roster or f.allocated_to or f.aggregate or f.other_event)
            and f.qualifier != "vague"
            and _in(told, f.start, f.end)
        ]
        known = models.Range(min=sum(f.value for f in more), max=None) if more else None
    total = share + (known.min or 0 if known is not None else 0)
    focus.killed = models.Range(min=total, max=total)
    for _, other in current[1:]:
        other.killed = None


def _lists_towns(text: str, s: Sentence) -> bool:
    """Whether the sentence lists several towns (known to the gazetteer or not)."""
    return s.summary or places_listed(text, s.start, s.end) >= 3


def _without_captions(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans without photo captions marked as such ("Rebels shell the city
    (archive)"): a caption runs from its sentence's start, or the last full stop before the mark,
    to the mark; a mark that starts a span closes a short caption just before it."""
    cue = event_cue("photo_caption")
    out: list[tuple[int, int]] = []
    for a, b in spans:
        marks = list(cue.finditer(text, a, b))
        if not marks:
            out.append((a, b))
            continue
        head = text[a : marks[0].start()]
        if not head.strip():
            if out and out[-1][1] - out[-1][0] < 200:
                out.pop()
        else:
            stop = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
            if stop >= 0:
                out.append((a, a + stop + 1))
        rest = marks[-1].end()
        while rest < b and text[rest].isspace():
            rest += 1
        if rest < b:
            out.append((rest, b))
    return out


def _merge_repeated(
    incidents: list[models.Incident], population: dict[str, int]
) -> list[models.Incident]:
    """The same toll of the same kind of attack told twice within a week (the title names the
    capital, the body the village) is one incident, placed at the more specific place."""
    out: list[models.Incident] = []
    for inc in incidents:
        twin = next((o for o in out if _same_toll(o, inc)), None)
        if twin is None:
            out.append(inc)
            continue
        if _title_of(twin, inc):  # the body's attack, its toll and day, takes in its title
            out[out.index(twin)] = inc
            twin, inc = inc, twin
        if inc.location is not None and (
            twin.location is None or _more_specific(inc, twin, population)
        ):
            twin.location = inc.location
        if twin.event_type == "other":
            twin.event_type = inc.event_type
        # what only the retelling counts ("including five children") is the strike's too
        twin.injured = twin.injured or inc.injured
        twin.children_killed = twin.children_killed or inc.children_killed
        twin.women_killed = twin.women_killed or inc.women_killed
        twin.evidence = sorted(set(twin.evidence) | set(inc.evidence))
        twin.figures += [f for f in inc.figures if f not in twin.figures]
        known = {p.id for p in twin.perpetrators}
        twin.perpetrators += [p for p in inc.perpetrators if p.id not in known]
        twin.targets = sorted(set(twin.targets) | set(inc.targets))
    return out


def _same_toll(a: models.Incident, b: models.Incident) -> bool:
    if a.killed is None or b.killed is None or min(a.killed.min or 0, b.killed.min or 0) < 5:
        return False
    if not (_within(a.killed, b.killed) or _title_of(a, b) or _title_of(b, a)):
        return False
    if not _same_kind(a.event_type, b.event_type):
        return False
    if a.date is not None and b.date is not None and abs((a.date - b.date).days) > 7:
        return False
    if (
        a.date_evidence is not None and b.date_evidence is not None and (a.date - b.date).days > 1  # type: ignore[operator]
    ):
        # a toll told later in the report with its own day, days before the one told first:
        # an earlier attack, not the first one retold (a later day is an update of it: the
        # wounded who died, the toll reported since)
        return False
    la, lb = a.location, b.location
    return la is None or lb is None or la.country == lb.country


def _title_of(title: models.Incident, body: models.Incident) -> bool:
    """ "Gas attack kills dozens in Syria's Idlib" over "... killed at least 58 people": an
    undated toll in the report's first line, open above ("dozens", "at least 20"), that the
    body's toll reaches, is the title of the body's attack."""
    t, b = title.killed, body.killed
    return (
        t is not None
        and b is not None
        and t.max is None
        and t.min is not None
        and b.min is not None
        and b.min >= t.min
        and title.date_evidence is None
        and min(start for start, _ in title.evidence) == 0
    )


def _same_kind(a: str, b: str) -> bool:
    """A retelling that names no weapon ("other") is the same attack; so is one that names
    another weapon fired from afar ("a missile" for "an air strike": from the ground the
    witnesses cannot tell them apart)."""
    if a == b or "other" in (a, b):
        return True
    family, remote = event_families(), remote_families()
    return family.get(a) in remote and family.get(b) in remote


def _within(a: models.Range, b: models.Range) -> bool:
    """The same toll: the same minimum, or a range ("between 133 and 164 killed") that reaches
    the other's minimum ("at least 140 dead")."""
    if a.min == b.min:
        return True
    lo, hi = (a, b) if (a.min or 0) < (b.min or 0) else (b, a)
    return hi.min is not None and lo.max is not None and hi.min <= lo.max and lo.max != lo.min


def _more_specific(a: models.Incident, b: models.Incident, population: dict[str, int]) -> bool:
    order = ("exact", "neighbourhood", "village", "town", "district", "province", "country")
    pa = order.index(a.location.precision) if a.location else 9
    pb = order.index(b.location.precision) if b.location else 9
    if pa != pb:
        return pa < pb
    return _population(a, population) < _population(b, population)


def _population(i: models.Incident, population: dict[str, int]) -> int:
    return population.get(i.location.gazetteer_id or "", 0) if i.location else 0


def _share_denials(incidents: list[models.Incident]) -> None:
    """A denial answers the accusation wherever it was made: "Russia denied" said two paragraphs
    after another incident's story still belongs to the incident Russia is accused of."""
    denials = [d for inc in incidents for d in inc.denials]
    for inc in incidents:
        accused = {p.id for p in inc.perpetrators}
        have = {d.id for d in inc.denials}
        for d in denials:
            if d.id in accused and d.id not in have:
                inc.denials.append(d)
                have.add(d.id)


def _denied_are_accused(incidents: list[models.Incident], names: dict[str, str]) -> None:
    """A party that denies an attack no one else is named for stands accused of it: "the
    coalition denied responsibility for the wedding strike" is how the report says who is
    blamed (Airwars codes it as the belligerent, contested). It is kept as alleged, with no
    accuser, beside its denial."""
    for inc in incidents:
        if any(p.id != "unknown" for p in inc.perpetrators):
            continue
        for d in inc.denials:
            if d.id.startswith(("unknown", "unresolved")):
                continue
            inc.perpetrators.append(
                models.Perpetrator(
                    name=names.get(d.id, d.actor),
                    id=d.id,
                    status="alleged",
                    by=None,
                    evidence=d.evidence,
                )
            )


def _in(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _location(p: PlaceMention | None) -> models.Location | None:
    if p is None:
        return None
    pl = p.place
    precision: Any = p.precision if p.precision in get_args(models.PlacePrecision) else "town"
    return models.Location(
        name=pl.name,
        lat=pl.lat,
        lon=pl.lon,
        admin1=pl.admin1,
        admin2=pl.admin2,
        country=pl.country,
        precision=precision,
        gazetteer_id=pl.id,
        evidence=(p.start, p.end),
    )


def _perpetrators(actors: list[ActorMention], names: dict[str, str]) -> list[models.Perpetrator]:
    best: dict[str, models.Perpetrator] = {}
    for a in actors:
        if a.role not in PERPETRATOR_ROLES:
            continue
        statuses: dict[str, models.ActorStatus] = {
            "perpetrator": "stated",
            "alleged": "alleged",
            "claim": "claimed",
        }
        status = statuses[a.role]
        cand = models.Perpetrator(
            name=a.name or names.get(a.actor_id, a.text),
            id=a.actor_id,
            status=status,
            by=a.by,
            evidence=(a.start, a.end),
        )
        old = best.get(a.actor_id)
        if old is None or _STATUS_RANK[status] > _STATUS_RANK[old.status]:
            best[a.actor_id] = cand
    found = list(best.values())
    if len(found) > 1:  # "unidentified" only when nobody is named
        found = [p for p in found if p.id != "unknown"] or found
    return found


def _statements(
    actors: list[ActorMention], role: str, names: dict[str, str]
) -> list[models.ActorStatement]:
    """The claims or denials; each names the speaker as the text does and, when that is a
    person or an office ("Igor Konashenkov"), the party it speaks for ("Russian forces")."""
    seen: dict[str, models.ActorStatement] = {}
    for a in actors:
        if a.role == role and a.actor_id not in seen:
            party = a.name or names.get(a.actor_id, a.text)
            said = a.text if party.lower() in a.text.lower() else f"{a.text} ({party})"
            seen[a.actor_id] = models.ActorStatement(
                actor=said, id=a.actor_id, evidence=(a.start, a.end)
            )
    return list(seen.values())


def report_totals(doc: Doc) -> list[models.Figure]:
    """The report's figures that are no incident's toll, with their scope: totals over an
    area, a day, a campaign or the war, and other incidents' tolls told for context."""
    return [
        _figure(f)
        for f in doc_mentions(doc).figures
        if (f.aggregate or f.other_event) and not f.roster and f.value > 0
    ]


def _scope(f: FigureMention) -> models.FigureScope:
    if f.aggregate:
        return "total"
    if f.other_event:
        return "other_incident"
    if f.part_of_total:
        return "part"
    return "increment" if f.increment else "incident"


def _figure(f: FigureMention) -> models.Figure:
    return models.Figure(
        kind=cast(models.FigureKind, f.kind),
        value=f.value,
        value_max=f.value_max,
        qualifier=cast(models.Qualifier, f.qualifier),
        group=cast(Any, f.group if f.group in get_args(models.Group) else "people"),
        reported_by=f.reported_by,
        source_id=f.source_id,
        revision=f.revision,
        scope=_scope(f),
        evidence=(f.start, f.end),
    )


def _ranges(
    figs: list[FigureMention], place: PlaceMention | None = None
) -> tuple[models.Range | None, ...]:
    """The reconciled ranges; a share of the toll the report allocates to the incident's place
    (named as in the text or as in the gazetteer) is its killed figure."""
    if not figs:
        return (None, None, None, None)
    names = (place.text, place.place.name) if place is not None else None
    r = reconcile(figs, names)
    return (r.killed, r.injured, r.children_killed, r.women_killed)


def _date(
    seg: Segment, published: dt.date | None
) -> tuple[dt.date | None, str | None, tuple[int, int] | None]:
    d: DateMention | None = seg.date
    if seg.background:
        if d is not None:  # never the report's own days
            return None, None, None
        past = None
        return past, None, None
    if d is not None and d.date is not None:
        return d.date, d.precision, (d.start, d.end)
    if published is not None:
        return published, "day", None
    return None, None, None


_OPEN = ("at_least", "more_than")


def _told_of(text: str, e: EventMention, f: FigureMention) -> bool:
    """Whether the figure is said of the attack itself: the two stand a few words apart with
    no one reporting between them ("the blast killed at least 35", "at least 35 bodies from
    the site of the blast"), not "the strike hit, and a source said at least 8 died"."""
    gap = text[e.end : f.start] if e.end <= f.start else text[f.end : e.start]
    return len(gap.split()) <= _NEAR_WORDS and not REPORTED.search(gap)


_NEAR_WORDS = 12


def _second_floors(
    text: str, figs: list[FigureMention], seg: Segment, events: list[EventMention]
) -> list[FigureMention]:
    """A later, lower "at least N" of the dead told of the attack itself ("the blast killed at
    least 35") after an open lead toll ("more than 40 were killed") is a second floor of the
    same toll, not a detail of it: it stays in the range as its minimum."""
    ordered = sorted(figs, key=lambda f: f.start)
    out = []
    for f in figs:
        sent = next((s for s in seg.sentences if s.start <= f.start < s.end), None)
        same = (g for g in ordered if g.kind == f.kind and g.group == f.group)
        lead = next((g for g in same if not g.part_of_total), None)
        if (
            sent is not None
            and lead is not None
            and lead.start < sent.start  # told again in a later sentence
            and lead.qualifier in _OPEN
            and f.qualifier == "at_least"
            and f.value < lead.value
            and not (f.part_of_total or f.named_victims or f.increment or f.revision)
            and any(
                sent.start <= e.start < sent.end and not e.negated and _told_of(text, e, f)
                for e in events
            )
        ):
            f = dataclasses.replace(f, alternative=True)
        out.append(f)
    return out


@lru_cache(maxsize=1)
def _month_modifier() -> re.Pattern[str]:
    full = "|".join(k for k in date_vocab().months if len(k) > 3 and k != "sept")
    # "a deadly March gas attack", "the June 2014 sarin attack": the month names the
    # attack; one more modifier may stand between ("the March aerial bombardment")
    return re.compile(
        rf"\b(?P<m>{full})(?:\s+(?:19|20)\d\d)?\s+(?:[a-z][\w-]*\s+)?$", re.IGNORECASE
    )


def _other_month_before(text: str, start: int, own: dt.date) -> bool:
    """Whether a month name that is not the incident's own month modifies the attack noun at
    ``start`` ("the scene of a lethal March gas attack" in a November report): a past
    attack named to tell the place, not this incident's weapon."""
    m = _month_modifier().search(text, max(0, start - 30), start)
    return m is not None and date_vocab().months[m.group("m").lower()] != own.month


_ONE_ATTACK = re.compile(
    r"\b(?:a|an|one)\s+(?:(?!of\b)[\w-]+\s+){0,2}?(?:car\s+bomb|bomb|blast|explosion|attack|"
    r"strike|air\s?strike|raid|bombing|shell|rocket|missile)\b(?!\s+(?:blasts|attacks|strikes))",
    re.IGNORECASE,
)


def _of_several_attacks(text: str, s: Sentence) -> bool:
    """Whether the sentence tells of several attacks at once ("died in coordinated bombings",
    "a series of blasts across the north left 30 dead") and of no single one of them ("four
    died when a car bomb went off")."""
    return bool(event_cue("several_attacks").search(text, s.start, s.end)) and not bool(
        _ONE_ATTACK.search(text, s.start, s.end)
    )


def _territorial_only(a: ActorMention, seg: Segment, events: list[EventMention]) -> bool:
    """Whether the actor's sentence tells only of ground changing hands ("advances by the
    Turkish army expelled IS from the border"), with no one hurt and no weapon."""
    s = next((x for x in seg.anchors if x.start <= a.start and a.end <= x.end), None)
    if s is None or s.harm:
        return False
    own = [e for e in events if s.start <= e.start < s.end and not e.negated]
    return bool(own) and all(is_territorial(e) for e in own)


def _incident(
    text: str,
    seg: Segment,
    m: Mentions,
    published: dt.date | None,
    names: dict[str, str],
    several: bool,
) -> models.Incident | None:
    spans = seg.spans
    anchor_spans = [(s.start, s.end) for s in seg.anchors]
    past_clauses = [c for s in seg.sentences for c in s.past_clauses]
    deniers = {a.actor_id for a in m.actors if a.role == "denial" and _in(spans, a.start, a.end)}
    actors = [
        a
        for a in m.actors
        if _in(spans, a.start, a.end)
        and (
            a.role not in ("perpetrator", "alleged")
            or (_in(anchor_spans, a.start, a.end) and not _in(past_clauses, a.start, a.end))
            # "Moscow denied the strike and blamed Kyiv": the denier's counter-accusation
            or (a.role == "alleged" and a.by_id in deniers)
        )
    ]
    fig_spans = [
        (s.start, s.end)
        for s in seg.sentences
        if not (several and (s.summary or _of_several_attacks(text, s)))
    ]  # "blasts hit A, B and C", "a series of bombings left 30 dead": the total of them all
    figs = [
        f
        for f in m.figures
        if _in(fig_spans, f.start, f.end) and not (f.aggregate or f.other_event)
    ]
    own_day = seg.date.date if seg.date is not None and not seg.background else None
    past_ends = [
        d.end
        for d in m.dates
        if (d.past or is_past(d, published)) and (own_day is None or d.date != own_day)
    ]  # a late report's own day
    own_month = own_day or published
    events = [
        e
        for e in m.events
        if _in(anchor_spans, e.start, e.end)  # not "the April
        and not any(  # chemical attack" (not a past month that ends the sentence before)
            0 <= e.start - end <= 25 and not SENTENCE_END.search(text, end, e.start)
            for end in past_ends
        )
        and not _in(past_clauses, e.start, e.end)
        and not (own_month is not None and _other_month_before(text, e.start, own_month))
    ]
    first = seg.anchors[0] if seg.anchors else None
    lead_events = [e for e in events if first and first.start <= e.start < first.end]
    event_type = lead_type(lead_events, events)
    if event_type == "other" or (not names_weapon(lead_events) and names_weapon(events)):
        # the lead says only "a strike": the weapon told later ("two missiles hit") says which
        event_type = incident_type(events)
    toll = next((s for s in seg.anchors if s.harm), None)
    if toll is not None and toll is not first:
        toll_events = [e for e in events if toll.start <= e.start < toll.end]
        told = incident_type(toll_events)
        if names_weapon(toll_events) and not _same_kind(event_type, told):
            # "the troops shot dead nine prisoners" after a lead on the bombing: the harm
            # says how (not "the gas attack ... killed in the air strike": one attack from afar)
            event_type = told
    targets = sorted({t.target for t in m.targets if _in(spans, t.start, t.end)})
    if event_type not in ("ground_clash", "other"):  # a bombing: not who took which town
        actors = [
            a
            for a in actors
            if a.role not in ("perpetrator", "alleged") or not _territorial_only(a, seg, events)
        ]
    figs = _second_floors(text, figs, seg, events)
    killed, injured, children, women = _ranges(figs, seg.place)
    harmed = any(r is not None and (r.min or r.max) for r in (killed, injured))
    if (
        event_type == "ground_clash"
        and not harmed
        and all(
            is_territorial(e) for e in events if e.event_type == "ground_clash" and not e.negated
        )
    ):
        event_type = "other"  # ground changing hands, no fighting told, no one hurt
    date, precision, date_ev = _date(seg, published)
    perpetrators = _perpetrators(actors, names)
    location = _location(seg.place)
    confidence = (
        0.3
        + 0.15
        * sum(
            x is not None and x != []
            for x in (location, date, perpetrators, killed if figs else None)
        )
        + (0.1 if events else 0.0)
    )
    return models.Incident(
        event_type=event_type,  # type: ignore[arg-type]
        date=date,
        date_precision=precision,  # type: ignore[arg-type]
        date_evidence=date_ev,
        location=location,
        perpetrators=perpetrators,
        denials=_statements(actors, "denial", names),
        claims=_statements(actors, "claim", names),
        killed=killed,
        injured=injured,
        children_killed=children,
        women_killed=women,
        # a roster count is the analyst's reading of the named victims, not a figure a source
        # gave: it sets children/women above but is not listed among the sources' figures
        figures=[_figure(f) for f in figs if not f.roster],
        targets=targets,
        evidence=spans,
        background=seg.background,
        confidence=round(min(confidence, 0.95), 2),
    )
