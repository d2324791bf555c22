"""The place stage: gazetteer matches -> disambiguated `PlaceMention`s on ``doc._.hw_places``.

For every candidate name the gazetteer finds, the stage

1. drops organisation and person names: "Idlib Health Directorate", "Aleppo Media Center",
   "Hayat Tahrir al-Sham", a name inside a longer capitalised name or inside a spaCy ORG/PERSON
   entity (and, when the pipeline has a tagger, a one-word match tagged as a common noun);
2. links a place to its admin context ("Saraqeb in western Idlib", "Kafr Nubl, Idleb", "Zamalka
   town in Rural Damascus") and marks province mentions ("the Idlib countryside", "northern Hama");
3. scores each candidate: strict or only loose spelling, user gazetteer, population, the countries
   and provinces the text names, the linked admin context; and keeps the best;
4. falls back from an unknown district or neighbourhood to its city ("the al-Qasour district of
   Idlib city": Idlib, precision "neighbourhood").

`best_place(places, start, end)` then picks an incident's place among the mentions of its
sentences. Vocabulary in ``pipeline/data/places.json``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from harmwatch.gazetteer import Gazetteer, Place, PlaceMatch
from harmwatch.gazetteer.normalize import MIN_LOOSE, keys, strict_key
from harmwatch.pipeline.place_words import (
    LINK_FIRST,
    NEIGHBOURHOOD_HEADS,
    WORDS,
    Vocab,
    cue_of,
    direction_of,
    doubtful_name,
    registry_names,
    is_minor,
    is_place_name,
    vocab,
    words_after,
    words_before,
)
from harmwatch.pipeline.types import PlaceMention

PRECISION = {
    "country": "country", "region": "province", "province": "province", "district": "district",
    "town": "town", "village": "village", "neighbourhood": "neighbourhood", "exact": "exact",
}
_SETTLEMENTS = frozenset(("town", "village"))
PRIOR_BONUS = 1.0
_CITY_PARTS = frozenset(("neighbourhood", "neighborhood", "quarter"))
_SPECIFIC = {"exact": 3.0, "neighbourhood": 2.6, "village": 2.4, "town": 2.4, "district": 1.4, "province": 0.8,
             "country": 0.0}
@Language.factory(
    "hw_places",
    assigns=["doc._.hw_places"],
    default_config={"gazetteer_files": [], "db_url": None},
)
def make_places(
    nlp: Language, name: str, gazetteer_files: list[str], db_url: str | None
) -> PlaceStage:
    return PlaceStage(Gazetteer.load(gazetteer_files, db_url=db_url))


class PlaceStage:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.hw_places = tuple(find_places(doc, self.gazetteer))
        return doc


# --- finding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pick:
    place: Place
    score: float
    fallback: bool = False  # the place of the admin context ("Ma'an in Khan Yunis")


@dataclass
class _Cand:
    match: PlaceMatch
    province_mode: bool = False
    town_mode: bool = False
    context: int | None = None  # index (in the kept list) of the match giving admin context
    context_of: int | None = None
    placed: bool = False  # "in X", "the town of X", "X village": the words say it is a place
    head: str = ""  # the lowercase word after the name ("neighbourhood", "road")
    supported: bool = False  # placed, or linked to an admin context: a village may be meant
    doubtful: bool = False  # spaCy or the registries read the name as something else
    registered: bool = False  # the name of an actor or outlet of the registries
    direction: tuple[float, float] | None = None  # "X in southern Y": from Y towards X
    village_of: bool = False  # "the village of X", "the town of X"


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    text = doc.text
    v = vocab()
    ents = doc.ents
    kept = [_Cand(m) for m in gazetteer.scan(text) if is_place_name(doc, m, v, text, ents)]
    for i, c in enumerate(kept):
        before = words_before(text, c.match.start, 3)
        after = words_after(text, c.match.end, 2)
        if (before and before[-1] in v.directions) or (after and after[0] in v.province_words):
            c.province_mode = True
        if after and after[0] in ("city", "town", "village"):
            c.town_mode = True
        c.head = after[0] if after else ""
        c.village_of = len(before) >= 2 and before[-1] == "of" and before[-2] in (
            "village", "villages", "town", "towns", "hamlet"
        )
        lead = [w for w in before if w not in ("the", "a")][-1:]
        c.placed = bool(lead and lead[0] in v.cue_before) or c.head in v.place_heads
        j = _context_index(text, kept, i, v)
        if j is not None:
            c.context = j
            kept[j].context_of = i
            gap = WORDS.findall(text[c.match.end : kept[j].match.start].lower())
            if any(w in v.sub_city_words for w in gap) and not any(
                w in v.directions for w in gap
            ):
                kept[j].town_mode = True  # the al-Jneina neighbourhood of Rafah: Rafah city
            kept[j].province_mode = not kept[j].town_mode
            # "Zurzur in southeast Idleb", "Kafraya north of Idleb", "X in Idleb's southern
            # countryside": where in its admin context the place lies
            trail = words_after(text, kept[j].match.end, 3)
            c.direction = direction_of(gap) or direction_of(
                [w for w in trail[:2] if w in v.directions] if any(
                    w in v.province_words for w in trail) else []
            )
    for c in kept:
        c.supported = c.placed or c.town_mode or c.context is not None or (
            c.context_of is not None
        )
        c.doubtful = doubtful_name(c.match, text, ents)
        c.registered = strict_key(c.match.text) in registry_names()
    countries, admins = _document_context(kept, gazetteer)
    if not countries:
        # no place says where: the demonyms said ("Russian jets", "Syrian army") and the user's
        # own gazetteer do, and -- as the attacker's demonym is not where it struck -- so do the
        # countries the built-in gazetteer holds village by village
        said = v.demonym_countries(text) | set(gazetteer.user_countries)
        countries = dict.fromkeys(said, 1.0)
        if countries and not (said & set(gazetteer.detail_countries)):
            countries.update(dict.fromkeys(gazetteer.detail_countries, 0.5))
    elif demonyms := v.demonym_countries(text):
        countries, admins = _document_context(kept, gazetteer, demonyms)
    chosen: list[_Pick | None] = [None] * len(kept)
    for i in _context_first(kept):
        chosen[i] = _choose(kept, i, chosen, gazetteer, countries, admins)
    out: list[PlaceMention] = []
    index_of: dict[int, int] = {}
    for i, (c, pick) in enumerate(zip(kept, chosen, strict=True)):
        if pick is None or not _plausible(c, pick.place, countries, v, text):
            continue
        end = kept[c.context].match.end if pick.fallback and c.context is not None else c.match.end
        precision = "neighbourhood" if pick.fallback else PRECISION.get(pick.place.feature, "town")
        index_of[i] = len(out)
        out.append(
            PlaceMention(
                c.match.start, end, text[c.match.start : end], pick.place, precision,
                round(pick.score, 3), cue=cue_of(text, c.match.start, c.match.end, v),
            )
        )
    for i, c in enumerate(kept):
        if c.context_of is not None and i in index_of and c.context_of in index_of:
            m = out[index_of[i]]
            out[index_of[i]] = PlaceMention(
                m.start, m.end, m.text, m.place, m.precision, m.score, index_of[c.context_of],
                m.cue,
            )
    return _sub_city_fallbacks(text, out, v)


def _plausible(c: _Cand, place: Place, countries: dict[str, float], v: Vocab, text: str) -> bool:
    """Drop a foreign village the text is not about, and a country named in a landmark."""
    nxt = words_after(text, c.match.end, 1)
    if nxt and nxt[0] in v.landmark_heads and place.feature == "country":
        return False  # the Kuwait roundabout, the Jordanian hospital
    if not countries or place.country in countries or place.feature == "country":
        return True
    strict = any(s for p, s in zip(c.match.places, c.match.strict, strict=True) if p is place)
    if c.head in NEIGHBOURHOOD_HEADS:
        return False  # "the al-Hawa neighbourhood" of a text about Gaza: not a city abroad
    return strict and place.population >= 100_000


def _context_index(text: str, kept: list[_Cand], i: int, v: Vocab) -> int | None:
    """The next match if only admin fillers separate it from match i ("X in western Y")."""
    if i + 1 >= len(kept):
        return None
    nxt = kept[i + 1].match
    gap = text[kept[i].match.end : nxt.start]
    if gap.rstrip().endswith("(") and gap.count("(") == 1:
        # "in X village (District, Region)": the parenthesis opens X's admin context
        gap = gap.rstrip()[:-1] + " in "
    if len(gap) > 70 or any(ch in gap for ch in ".;:()\n"):
        return None
    words = WORDS.findall(gap.lower())
    if not words or words[0] not in LINK_FIRST:
        return None
    if words.count(",") > 1:
        return None  # a list of places, not X, Y
    ok = v.fillers | v.directions | {","}
    if not all(w in ok for w in words):
        return None
    if all(w == "," for w in words) and not any(
        s and p.feature in ("province", "region", "country")
        for p, s in zip(nxt.places, nxt.strict, strict=True)
    ):
        return None  # "Orm Eljoz, Abdin, Termala": a list of villages
    return i + 1


def _context_first(kept: list[_Cand]) -> list[int]:
    firsts = [i for i, c in enumerate(kept) if c.context_of is not None]
    return firsts + [i for i, c in enumerate(kept) if c.context_of is None]


def _document_context(kept: list[_Cand], gaz: Gazetteer, demonyms: AbstractSet[str] = frozenset()
                      ) -> tuple[dict[str, float], set[str]]:
    """Countries the text is about (votes from named countries, provinces and towns, and one
    vote for each country whose demonym it says: "Syrian") and the provinces it names."""
    votes: dict[str, float] = defaultdict(float)
    for cc in demonyms:
        votes[cc] += 1.0
    admins: set[str] = set()
    village_votes: dict[str, float] = defaultdict(float)
    towns_named = False  # a town (not a village) is named: villages do not speak then
    for c in kept:
        # a village only speaks where the words name it (`_best_candidate` reads them so)
        usable = [
            (p, s) for p, s in zip(c.match.places, c.match.strict, strict=True)
            if not is_minor(p) or c.supported or s and not c.doubtful
        ]
        strict = [p for p, s in usable if s]
        towns_named = towns_named or any(p.feature == "town" for p in strict)
        if strict and all(is_minor(p) for p in strict):
            only = {p.country for p in strict}
            if len(only) == 1 and None not in only and c.supported:
                village_votes[only.pop() or ""] += 0.5  # "the village of X": X's one country
        if not strict:
            only = {p.country for p, _ in usable}
            if len(only) == 1 and None not in only and not c.doubtful:
                votes[only.pop() or ""] += 0.5  # a variant spelling with one country to be in
            continue
        kinds = {p.feature for p in strict}
        if "country" in kinds:
            for p in strict:
                if p.feature == "country" and p.country:
                    votes[p.country] += 1.5
            continue
        provs = [p for p in strict if p.feature in ("province", "region") and p.country]
        if provs:
            _share(votes, {p.country for p in provs if p.country}, 2.0)
            admins.update(a for p in provs if (a := gaz.admin1_of(p)))
            continue
        towns = [p for p in strict if p.id.startswith(("user:", "db:"))] or [
            p for p in strict if p.population >= 20_000 or p.id.startswith("additions:")
        ]  # the user's own places speak for the text
        _share(votes, {p.country for p in towns if p.country}, 1.0)
    if not votes and not towns_named:
        votes = village_votes  # only villages the words place say where: they do
    if not votes:
        return {}, admins
    best = max(votes.values())
    return {cc: n for cc, n in votes.items() if n >= best * 0.5}, admins


def _share(votes: dict[str, float], countries: set[str], weight: float) -> None:
    for cc in countries:
        votes[cc] += weight / len(countries)


def _choose(
    kept: list[_Cand], i: int, chosen: list[_Pick | None], gaz: Gazetteer,
    countries: dict[str, float], admins: set[str],
) -> _Pick | None:
    c = kept[i]
    pick = chosen[c.context] if c.context is not None else None
    ctx = (pick.place, pick.score) if pick is not None else None
    child = kept[c.context_of] if c.context_of is not None else None
    best = _best_candidate(c, ctx, gaz, countries, admins, child)
    if best is None:
        return None
    if ctx is not None and _outside(best[1], ctx[0], gaz):
        # "Ma'an in Khan Yunis" where the gazetteer only knows another Ma'an: the town it is in
        return _Pick(ctx[0], ctx[1], fallback=ctx[0].feature in _SETTLEMENTS)
    score = 1.0 / (1.0 + math.exp(-(best[0] - 2.0) / 1.5))
    if best[1].feature in _SETTLEMENTS and not c.town_mode and any(
        p.feature in ("province", "region") and p.country == best[1].country
        for p, s in zip(c.match.places, c.match.strict, strict=True) if s
    ):
        score *= 0.5  # "Gaza", "Idlib": the city or its province; a named town is better
    return _Pick(best[1], score)


def _spelling_bonus(text: str, name: str) -> float:
    """How close a variant spelling is to the place's own name: "Saraqab" is Saraqib more than
    Sorocaba."""
    ratio = fuzz.ratio(strict_key(text), strict_key(name))
    return max(-1.0, min(1.0, (ratio - 75.0) / 15.0))


def _outside(place: Place, ctx: Place, gaz: Gazetteer) -> bool:
    """Whether `place` cannot be in the admin context `ctx` it was said to be in."""
    if ctx.feature == "country":
        return place.country != ctx.country
    if place.country != ctx.country:
        return True
    if ctx.feature in _SETTLEMENTS:  # near the town, or in the province it names ("Aleppo")
        return not _near(place, ctx, 30.0) and gaz.admin1_of(place) != gaz.admin1_of(ctx)
    return gaz.admin1_of(place) != gaz.admin1_of(ctx) and not _near(place, ctx, 60.0)


def _best_candidate(
    c: _Cand, ctx: tuple[Place, float] | None, gaz: Gazetteer, countries: dict[str, float],
    admins: set[str], child: _Cand | None = None,
) -> tuple[float, Place] | None:
    best: tuple[float, Place] | None = None
    known = set(countries) | ({ctx[0].country} if ctx is not None else set())
    # nothing says where: the countries the built-in gazetteer holds village by village are
    # likelier than a namesake elsewhere
    prior = frozenset(gaz.detail_countries) if not known else frozenset()
    # a country, province or town of people spelt so beats a village of the name, unless the
    # words say village ("X village", "the town of X") or give it an admin context
    major = any(
        s and not is_minor(p) and (
            p.feature in ("country", "province", "region") or (
                p.country in known if known else p.country in prior or p.population >= 50_000
            )
        )
        for p, s in zip(c.match.places, c.match.strict, strict=True)
    )
    village_said = c.town_mode or c.village_of or c.context is not None or (
        c.head in ("village", "villages")
    )
    short = len(keys(c.match.text)[1]) < MIN_LOOSE
    for place, strict in zip(c.match.places, c.match.strict, strict=True):
        user = place.id.startswith(("user:", "db:"))
        if is_minor(place) and (not c.supported and (not strict or c.doubtful) or (
            not strict and c.registered
        )):
            continue  # a village needs the words to name it: spelt exactly, or placed
        if is_minor(place) and (major or not strict and short) and not village_said:
            continue  # a short name spelt otherwise ("Qais", "Rayan"): a person as likely
        if place.feature == "village" and c.head in NEIGHBOURHOOD_HEADS and (
            not strict or c.context is None and c.head in _CITY_PARTS
        ):
            continue  # "the al-Kaseeh neighbourhood": not a village of the name
        if not strict and not user and (
            place.country not in known if known else place.population < 200_000 and not (
                c.placed and (not prior or place.country in prior)
            )
        ):
            continue  # a spelling variant only counts near the places the text is about
        s = 1.5 if strict else _spelling_bonus(c.match.text, place.name)
        if user:
            s += 1.0
        s += min(2.5, 0.35 * math.log10(place.population + 1))
        if countries:
            s += 2.5 if place.country in countries else -2.5
        elif place.country in prior:
            s += PRIOR_BONUS
        if ctx is not None:
            ctx_place = ctx[0]
            if ctx_place.feature == "country":
                s += 2.0 if place.country == ctx_place.country else -2.0
            elif place.country == ctx_place.country and gaz.admin1_of(place) == gaz.admin1_of(
                ctx_place
            ) and place.id != ctx_place.id:
                s += 3.0 + _bearing_bonus(place, ctx_place, c.direction)
                if ctx_place.feature in _SETTLEMENTS and (
                    _near(place, ctx_place, 15.0) or place.admin2 and strict_key(
                        place.admin2) == strict_key(ctx_place.name)
                ):
                    s += 1.0  # "Jadraya (Ariha, Idlib)": the Jadraya of Ariha's district
            else:
                s -= 1.0
        elif gaz.admin1_of(place) in admins and place.feature not in ("province", "region"):
            s += 0.8
        if child is not None:  # "Jadraya (Ariha, Idlib)": the Ariha a Jadraya is near
            s += _fits_child(place, child, gaz)
        if place.feature in ("province", "region"):
            s += 4.0 if c.province_mode else -0.5
        elif place.feature == "country":
            s += 0.5
        elif c.town_mode and place.feature in _SETTLEMENTS:
            s += 1.0
        elif c.head in NEIGHBOURHOOD_HEADS and place.feature == "neighbourhood":
            s += 1.5  # "the Karama neighbourhood": the Gaza one, not a town elsewhere
        if best is None or s > best[0]:
            best = (s, place)
    return best


_SUB_CITY = re.compile(
    r"(?:\bthe\s+)?((?:[Aa]l-|[Ee]l-)?[A-Z][\w'’-]*(?:\s+(?:[Aa]l-|[Ee]l-)?[A-Z][\w'’-]*){0,2})\s+"
    r"(?:district|neighbourhood|neighborhood|quarter|area|suburb)\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central)(?:ern)?(?:[- ]?(?:north|south|east|west)(?:ern)?)?\s+)?$"
)


def _sub_city_fallbacks(text: str, out: list[PlaceMention], v: Vocab) -> list[PlaceMention]:
    """'X district of Y': X at Y's coordinates with precision "neighbourhood"."""
    result = list(out)
    for k, m in enumerate(out):
        if m.place.feature != "town":
            continue
        hit = _SUB_CITY.search(text[max(0, m.start - 80) : m.start])
        if not hit:
            continue
        start = max(0, m.start - 80) + hit.start(1)
        if any(start <= o.start < m.start for o in result):
            continue  # the gazetteer knows the district: the admin context did the rest
        result = [o for o in result if not (start <= o.start < m.start)]
        fallback = PlaceMention(
            start, m.end, text[start : m.end], m.place, "neighbourhood", m.score,
            cue=cue_of(text, start, m.end, v),
        )
        result.insert(result.index(m) if m in result else k, fallback)
    return result


def _fits_child(place: Place, child: _Cand, gaz: Gazetteer) -> float:
    """How well `place`, as the admin context of `child`, fits the places `child` may be: +1.5
    when one is in its country, +1 more when one is in its province."""
    kids = [p for p, s in zip(child.match.places, child.match.strict, strict=True) if s]
    if not any(p.country == place.country for p in kids):
        return 0.0
    admin1 = gaz.admin1_of(place)
    return 2.5 if any(gaz.admin1_of(p) == admin1 for p in kids) else 1.5


def _bearing_bonus(place: Place, ctx: Place, direction: tuple[float, float] | None) -> float:
    """Up to +-1 as `place` lies in (or against) the direction the words give from its admin
    context's centre: between namesakes of one province, the one in "western Idlib"."""
    if direction is None or None in (place.lat, place.lon, ctx.lat, ctx.lon):
        return 0.0
    north = place.lat - ctx.lat  # type: ignore[operator]
    east = (place.lon - ctx.lon) * math.cos(math.radians(ctx.lat))  # type: ignore[operator,arg-type]
    size = math.hypot(north, east)
    if size * 111.2 < 3.0:
        return 0.0  # at the centre: no side
    return (north * direction[0] + east * direction[1]) / size


def _near(a: Place, b: Place, km: float) -> bool:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    dlat = (a.lat - b.lat) * 111.2
    dlon = (a.lon - b.lon) * 111.2 * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlon) <= km


# --- choosing an incident's place ----------------------------------------------------------


def best_place(places: Sequence[PlaceMention], start: int, end: int) -> PlaceMention | None:
    """The most specific, best-supported place mentioned within [start, end).

    Specificity (neighbourhood > town > district > province > country), the mention's score,
    the words before it ("struck X", "in X" help; "fled from X" hurts), repetition and an early
    position count; a mention that only gives another one's admin context counts less."""
    inside = [p for p in places if start <= p.start < end]
    if not inside:
        return None
    counts = Counter(p.place.id for p in inside)
    weight: dict[str | None, float] = defaultdict(float)
    for p in inside:
        weight[p.place.country] += p.score
    main_country = max(weight, key=lambda cc: weight[cc])
    span = max(1, end - start)
    best: tuple[float, PlaceMention] | None = None
    for p in inside:
        value = _SPECIFIC.get(p.precision, 1.0) + 2.0 * p.score + CUE.get(p.cue, 0.0)
        if p.place.country != main_country:
            value -= 1.5
        value += min(0.6, 0.3 * (counts[p.place.id] - 1)) - 1.5 * (p.start - start) / span
        if p.context_of is not None:
            value -= 1.0
        if best is None or value > best[0]:
            best = (value, p)
    return best[1] if best else None


CUE = {"incident": 0.5, "away": -1.2, "landmark": -1.0, "dateline": -2.0}

