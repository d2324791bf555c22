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

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span

from harmwatch.gazetteer import Gazetteer, Place, PlaceMatch
from harmwatch.gazetteer.load import country_table
from harmwatch.gazetteer.normalize import strict_key
from harmwatch.gazetteer.slips import area_test, one_slip, slip_in_area, spelt_in_area
from harmwatch.gazetteer.types import UNLISTED
from harmwatch.pipeline.metonymy import speaks_as_state
from harmwatch.pipeline.place_bearing import measured_from
from harmwatch.pipeline.place_choice import (
    CITY_POPULATION,
    Cand,
    Pick,
    choose,
    document_context,
    in_admin,
    near,
    unlisted_in,
)
from harmwatch.pipeline.place_quarters import quarters
from harmwatch.pipeline.place_words import (
    LINK_FIRST,
    NEIGHBOURHOOD_HEADS,
    WORDS,
    Vocab,
    admin_tail,
    cue_of,
    direction_of,
    doubtful_name,
    family_name,
    group_countries,
    held_by,
    is_place_name,
    placed_by_words,
    registry_names,
    surnames,
    url_countries,
    vocab,
    words_after,
    words_before,
)
from harmwatch.pipeline.sources import outlet_countries
from harmwatch.pipeline.types import PlaceMention, doc_text

PRECISION = {
    "country": "country",
    "region": "province",
    "province": "province",
    "district": "district",
    "town": "town",
    "village": "village",
    "neighbourhood": "neighbourhood",
    "exact": "exact",
}
_SPECIFIC = {
    "exact": 3.0,
    "neighbourhood": 2.6,
    "village": 2.4,
    "town": 2.4,
    "district": 1.4,
    "province": 0.8,
    "country": 0.0,
}


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


def _overlapping(ents: Sequence[Span], ends: list[int], m: PlaceMatch) -> list[Span]:
    """The entities that overlap the match, found by bisection on their ends (``ends``): the
    name tests read no other entity, and going through all of them for each of the hundreds of
    candidates of a long report took a second in every 50."""
    out: list[Span] = []
    for i in range(bisect_right(ends, m.start), len(ents)):
        if ents[i].start_char >= m.end:
            break
        out.append(ents[i])
    return out


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    text = doc_text(doc)
    v = vocab()
    ents = doc.ents
    ent_ends = [e.end_char for e in ents]  # in text order, never overlapping
    names: list[PlaceMatch] = []
    families: set[str] = set()
    for found in gazetteer.scan(text):
        if speaks_as_state(text, found) or _state_owns(text, found, v):
            continue  # "what Kyiv said", "Jordan's army": the government, not the place
        if is_place_name(doc, found, v, text, _overlapping(ents, ent_ends, found)):
            names.append(found)
        elif family_name(text, found):
            families.add(strict_key(found.text))
    # a family's name ("the al-Durra residence") is not a place elsewhere in the report either
    # ("his wife, Salwa (al-Durra)") unless the words there place it
    # so is a person's surname ("the council's Adel Karim said ... Karim told"): a report names
    # a person in full once and by the last name after that
    families |= surnames(ents)
    kept = [
        Cand(n) for n in names if strict_key(n.text) not in families or placed_by_words(text, n, v)
    ]
    for i, c in enumerate(kept):
        before = words_before(text, c.match.start, 3)
        after = words_after(text, c.match.end, 2)
        if (before and before[-1] in v.directions) or (after and after[0] in v.province_words):
            c.province_mode = True
        if after and after[0] in ("city", "town", "village"):
            c.town_mode = True
            if after[0] == "city":
                # "the X district in Dar'a city": the city, though a district's admin context
                # reads as a province ("X district, Y")
                c.province_mode = False
        # "Abu al-Duhur military airbase": the head past a facility's modifier
        c.head = after[1] if after[1:] and after[0] in _MODIFIERS else after[0] if after else ""
        c.tail, tail_end = admin_tail(text, c.match.end)
        for k in range(i + 1, len(kept)):
            if kept[k].match.start >= tail_end:
                break
            if strict_key(kept[k].match.text) in c.tail:
                kept[k].admin_of = i
        c.before = tuple(before)
        c.village_of = (
            len(before) >= 2
            and before[-1] == "of"
            and before[-2] in ("village", "villages", "town", "towns", "hamlet")
            # "a village of Shan State": the name is the state the village is in
            and not (after and after[0] in v.province_words)
        )
        lead = [w for w in before if w not in ("the", "a")][-1:]
        c.placed = (
            bool(lead and (lead[0] in v.cue_before or held_by(lead[0]))) or c.head in v.place_heads
        )
        j = _context_index(text, kept, i, v)
        if j is not None:
            c.context = j
            kept[j].context_of = i
            gap = WORDS.findall(text[c.match.end : kept[j].match.start].lower())
            c.bearing = (
                len(gap) >= 2
                and gap[-1] == "of"
                and any(w in v.directions for w in gap)
                and all(w in _BEARING_WORDS or w in v.directions or w.isdigit() for w in gap)
            )
            part = [w for w in gap if w in v.sub_city_words]
            if (
                part
                # "the X district of Y": Y's part; "X district, Y" is X's province Y
                and (part != ["district"] or "of" in gap)
                and not any(w in v.directions for w in gap)
            ):
                kept[j].town_mode = True  # the al-Jneina neighbourhood of Rafah: Rafah city
            kept[j].province_mode = not kept[j].town_mode
            if c.context_of is not None and strict_key(c.match.text) == strict_key(
                kept[j].match.text
            ):
                # "Merida, Merida state", "in X, Rio de Janeiro, Rio de Janeiro": the city of
                # the province's name, in it
                c.province_mode, c.town_mode = False, True
            # "Zurzur in southeast Idleb", "Kafraya north of Idleb", "X in Idleb's southern
            # countryside": where in its admin context the place lies
            trail = words_after(text, kept[j].match.end, 3)
            # "the X area of Damascus", "the X area in the Y neighbourhood": a part of a city
            c.in_city = bool(
                trail
                and trail[0] in v.sub_city_words
                and (trail[0] != "district" or trail[1:2] == ["of"])
            ) or (
                not (trail and trail[0] in v.province_words)
                and any(
                    s and p.feature == "town" and p.population >= CITY_POPULATION
                    for p, s in zip(kept[j].match.places, kept[j].match.strict, strict=True)
                )
            )
            c.direction = direction_of(gap) or direction_of(
                [w for w in trail[:2] if w in v.directions]
                if any(w in v.province_words for w in trail)
                else []
            )
    _possessive_context(text, kept)
    _list_context(text, kept)
    _fronted_region_context(text, kept, v)
    for c in kept:
        c.supported = c.placed or c.town_mode or c.context is not None or (c.context_of is not None)
        c.doubtful = doubtful_name(c.match, text, _overlapping(ents, ent_ends, c.match))
        c.registered = strict_key(c.match.text) in registry_names()
    countries, admins = document_context(kept, gazetteer)
    # the demonyms said ("Russian jets", "Syrian army"), and the home country of the monitor
    # or outlet that published the report ("SOHR": Syria) or a country its link names
    demonyms = v.demonym_countries(text)
    outlet = doc.user_data.get("hw_outlet")
    outlets = (
        outlet_countries(outlet)
        | url_countries(outlet)
        | url_countries(doc.user_data.get("hw_url"))
    )
    # the batch's country, where one of the names has a place there: it chooses among a
    # name's namesakes, never sends a name with none there to a spelling alike
    run = _run_country(doc)
    run = run if any(p.country in run for c in kept for p in c.match.places) else set()
    if not countries:
        # no place says where: those do, and so does the user's own gazetteer, and -- as the
        # attacker's demonym is not where it struck -- so do the countries the built-in
        # gazetteer holds village by village; and the country the other reports of the batch
        # are about (`batch_country`), read as the text's own when it names none
        said = demonyms | outlets | set(gazetteer.user_countries) | run
        countries = dict.fromkeys(said, 1.0)
        if countries and not (said & set(gazetteer.detail_countries)):
            countries.update(dict.fromkeys(gazetteer.detail_countries, 0.5))
    elif demonyms or outlets or run:
        countries, admins = document_context(kept, gazetteer, demonyms, outlets, run)
    # the home countries of the armed groups named ("YPG-held": SY) favour a namesake there;
    # only that, as a group may strike across a border (Hezbollah's rockets on the Golan)
    groups = group_countries(text)
    chosen: list[Pick | None] = [None] * len(kept)
    for i in _context_first(kept, text):
        chosen[i] = choose(kept, i, chosen, gazetteer, countries, admins, groups)
    _same_name_same_place(kept, chosen)
    _near_the_others(kept, chosen)
    out: list[PlaceMention] = []
    index_of: dict[int, int] = {}
    for i, (c, pick) in enumerate(zip(kept, chosen, strict=True)):
        if pick is None:
            continue
        if not _plausible(c, pick.place, countries, v, text) and not _paired(kept, chosen, i, pick):
            continue
        owner = chosen[c.admin_of] if c.admin_of is not None else None
        if (
            owner is not None
            and c.admin_of is not None
            and pick.place.country != owner.place.country
            and in_admin(owner.place, kept[c.admin_of].tail, gazetteer)
        ):
            continue  # "Auchi (Etsako West, Edo)": Edo is Auchi's state, not Tokyo
        end = kept[c.context].match.end if pick.fallback and c.context is not None else c.match.end
        precision = "neighbourhood" if pick.fallback else PRECISION.get(pick.place.feature, "town")
        area = chosen[c.context] if c.context is not None else None
        if pick.place.id.startswith(UNLISTED) and area is not None:
            precision = PRECISION.get(area.place.feature, precision)  # its area's point
        if precision == "town" and c.head in _AROUND_TOWN:
            # "the Afrin countryside": the land around the town, as precise as a district (a
            # village the words name there is the likelier place of the incident)
            precision = "district"
        index_of[i] = len(out)
        out.append(
            PlaceMention(
                c.match.start,
                end,
                text[c.match.start : end],
                pick.place,
                precision,
                round(pick.score, 3),
                cue=cue_of(text, c.match.start, c.match.end, v),
            )
        )
    for i, c in enumerate(kept):
        if c.context_of is not None and i in index_of and c.context_of in index_of:
            m = out[index_of[i]]
            out[index_of[i]] = PlaceMention(
                m.start,
                m.end,
                m.text,
                m.place,
                m.precision,
                m.score,
                index_of[c.context_of],
                m.cue,
            )
    out = _sub_city_fallbacks(text, out, v)
    out = sorted([*out, *_capitals_said(text, out, gazetteer, v)], key=lambda m: m.start)
    # the one country the text is about, when the built-in gazetteer holds it village by
    # village: where "the town of X" no gazetteer spells may be a village one slip away
    home = next(iter(countries)) if len(countries) == 1 else None
    home = home if home in gazetteer.detail_countries else None
    lacked = _unlisted(text, out, ents, v, gazetteer, home)
    lacked += measured_from(text, [*out, *lacked], ents, v)
    return out + lacked + quarters(text, [*out, *lacked], v)


def _run_country(doc: Doc) -> set[str]:
    country = doc.user_data.get(RUN_COUNTRY)
    return {country} if isinstance(country, str) else set()


RUN_COUNTRY = "hw_run_country"  # doc.user_data key: the batch's country (`batch_country`)
RUN_SHARE = 2 / 3  # of the batch's reports that name a country, this many name the one
RUN_MIN = 3  # and at least this many


def batch_country(texts: Sequence[str], gazetteer: Gazetteer) -> str | None:
    """The country most reports of a batch are about, by the places each names (its
    `document_context` from a plain gazetteer scan: countries, provinces, towns of 20,000
    people, the user's own places), when at least `RUN_MIN` reports and `RUN_SHARE` of those
    that name a country name it; else None.

    Extraction reads it as the country of a report of the batch that names no place saying
    where (ACLED's "regime forces captured the village of X", where X is also a village in
    Yemen and Afghanistan): reports handed in together are mostly of one war. A report that
    names a country, province or town is never moved by it; a report extracted alone, or in a
    batch of several wars with no clear majority, gets none, as before."""
    tops: Counter[str] = Counter()
    names = registry_names()  # "Operation Olive Branch": a group's name, not a town
    for text in texts:
        kept = [Cand(m, registered=strict_key(m.text) in names) for m in gazetteer.scan(text)]
        votes, _ = document_context(kept, gazetteer)
        if votes:
            best = max(votes.values())
            top = [cc for cc, n in votes.items() if n == best]
            if len(top) == 1:
                tops[top[0]] += 1
    if not tops:
        return None
    country, n = tops.most_common(1)[0]
    return country if n >= RUN_MIN and n >= RUN_SHARE * sum(tops.values()) else None


# words between a name and the facility it names ("X military airport", "X international
# airport"): the head is the word after them
_MODIFIERS = frozenset(("military", "international", "civil", "civilian"))
# a word after a town's name that makes it the land around the town
_AROUND_TOWN = frozenset(("countryside", "countrysides", "suburbs", "outskirts", "environs"))


# words after a country's possessive that say where in it ("Syria's northwest", "Iraq's
# border"), beside the vocabulary's directions, province words and place heads
_LAND_WORDS = frozenset(
    "border borders borderlands coast coastline territory soil side interior frontier heartland "
    "hinterland".split()
)
_POSSESSIVE_END = re.compile(r"['’]s$")


def _state_owns(text: str, m: PlaceMatch, v: Vocab) -> bool:
    """A country's possessive before what is no part of its land ("Jordan's military",
    "Israel's foreign ministry"): the state, as an actor, not a place the text is about."""
    if not _POSSESSIVE_END.search(m.text):
        return False
    if not any(s and p.feature == "country" for p, s in zip(m.places, m.strict, strict=True)):
        return False
    nxt = words_after(text, m.end, 1)
    return not (
        nxt
        and (
            nxt[0] in v.directions
            or nxt[0] in v.province_words
            or nxt[0] in v.place_heads
            or nxt[0] in _LAND_WORDS
        )
    )


def _plausible(c: Cand, place: Place, countries: dict[str, float], v: Vocab, text: str) -> bool:
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


def _paired(kept: list[Cand], chosen: list[Pick | None], i: int, pick: Pick) -> bool:
    """Whether the words pair the place with its province and the two picks agree: "Rafah in
    North Sinai" is Egypt's Rafah in Egypt's province, though the text names no other place
    in Egypt (a foreign place `_plausible` would drop)."""
    c = kept[i]
    for j in (c.context, c.context_of):
        other = chosen[j] if j is not None else None
        if other is None or other.fallback or pick.fallback:
            continue
        if other.place.country == pick.place.country and (
            "province" in (other.place.feature, pick.place.feature)
            or "region" in (other.place.feature, pick.place.feature)
        ):
            return True
    return False


def _context_index(text: str, kept: list[Cand], i: int, v: Vocab) -> int | None:
    """The next match if only admin fillers separate it from match i ("X in western Y")."""
    if i + 1 >= len(kept):
        return None
    nxt = kept[i + 1].match
    here = [p for p, s in zip(kept[i].match.places, kept[i].match.strict, strict=True) if s]
    if here and all(p.feature == "country" for p in here):
        return None  # "citizens of Britain, Poland and Australia": a country is in no other place
    gap = text[kept[i].match.end : nxt.start]
    if gap.rstrip().endswith("(") and gap.count("(") == 1:
        # "in X village (District, Region)": the parenthesis opens X's admin context
        gap = gap.rstrip()[:-1] + " in "
    if len(gap) > 70 or any(ch in gap for ch in ".;:()\n"):
        return None
    words = WORDS.findall(gap.lower())
    if (
        not words
        or (
            words[0] not in LINK_FIRST
            # "Kafr Naseh south of Tal Refaat": a bearing from the town it is measured from
            and not (words[0] in v.directions and words[1:] == ["of"])
        )
    ):
        return None
    if words.count(",") > 1:
        return None  # a list of places, not X, Y
    ok = v.fillers | v.directions | {","}
    if not all(w in ok for w in words):
        return None
    if all(w == "," for w in words) and not any(
        s and p.feature in ("province", "region", "country", "district")
        for p, s in zip(nxt.places, nxt.strict, strict=True)
    ):
        return None  # "Orm Eljoz, Abdin, Termala": a list of villages
    return i + 1


def _possessive_context(text: str, kept: list[Cand]) -> None:
    """ "Gaza City's al-Nasr neighbourhood", "Idlib's Kafr Nubl": a place in the possessive
    right before another is that one's admin context."""
    for i in range(len(kept) - 1):
        c, nxt = kept[i], kept[i + 1]
        if nxt.context is not None or c.context_of is not None or c.context == i + 1:
            continue
        if not _POSSESSIVE_END.search(c.match.text) or text[c.match.end : nxt.match.start].strip():
            continue
        nxt.context, c.context_of, nxt.owned = i, i + 1, True
        c.province_mode = not c.town_mode


# a sentence that opens with the region it is about: "In the Kherson region, ..." (not "In
# Kherson, ...", which may be the city)
_FRONTED_IN = re.compile(r"(?:^|[.!?\n]\s*)In\s+(?:the\s+)?$")
_FRONTED_END = re.compile(r"\s+(?:region|province|oblast|governorate|state|district)\s*,")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _fronted_region_context(text: str, kept: list[Cand], v: Vocab) -> None:
    """ "In the Kherson region, Russian shelling killed a man in the village of Bilozerka": the
    region a sentence opens with is the admin context of the places the sentence goes on to
    name that have none of their own (a village of the name in another region is not it)."""
    for i, c in enumerate(kept):
        if not (
            _FRONTED_IN.search(text, max(0, c.match.start - 12), c.match.start)
            and _FRONTED_END.match(text, c.match.end)
            and any(
                s and p.feature in ("province", "region")
                for p, s in zip(c.match.places, c.match.strict, strict=True)
            )
        ):
            continue
        c.province_mode = True
        for nxt in kept[i + 1 :]:
            if _SENTENCE_END.search(text, c.match.end, nxt.match.start):
                break
            if nxt.context is None and nxt.context_of is None:
                nxt.context = i


# what separates the items of a list of places: "A, B and C", "A, B, or C", "A/B"
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or|&)\s+|/)\s*")


def _list_context(text: str, kept: list[Cand]) -> None:
    """The items of a list share the admin context its last item is given: "Qude, Hamam and
    Deir Ballut in Afrin district", "the villages of X, Y and Z in southern Idlib" (each in
    Afrin, in southern Idlib), from the last item back to the first."""
    for i in range(len(kept) - 2, -1, -1):
        c, nxt = kept[i], kept[i + 1]
        if c.context is not None or nxt.context is None or nxt.bearing:
            continue
        if nxt.context == i + 1 or not _LIST_GAP.fullmatch(text[c.match.end : nxt.match.start]):
            continue
        c.context, c.direction = nxt.context, nxt.direction


def _same_name_same_place(kept: list[Cand], chosen: list[Pick | None]) -> None:
    """A name said again is the place it was where the words gave its admin context: "shelling
    on Hamam, Deir Ballut in Afrin district ... Hamam was hit again" -- the second Hamam is
    the one in Afrin district, not a namesake elsewhere."""
    placed: dict[str, Pick] = {}
    for c, pick in zip(kept, chosen, strict=True):
        if (
            pick is not None
            and c.context is not None
            and not pick.fallback
            and pick.place.feature in ("village", "town", "neighbourhood")
        ):
            placed.setdefault(strict_key(c.match.text), pick)
    if not placed:
        return
    for i, c in enumerate(kept):
        pick = placed.get(strict_key(c.match.text))
        if pick is None or c.context is not None or chosen[i] is None:
            continue
        if any(p is pick.place for p in c.match.places) or pick.place.id.startswith(UNLISTED):
            chosen[i] = pick  # (a village the gazetteers lack: no namesake of theirs is it)


# a namesake this near another place of the report is the one it means (`_near_the_others`)
CLUSTER_KM = 25.0
CLUSTER_POPULATION = 5_000  # a name of a town this big keeps its choice


def _near_the_others(kept: list[Cand], chosen: list[Pick | None]) -> None:
    """Between namesakes spelt alike (both exactly, or both but for the vowels) that nothing
    else tells apart, the one near the report's other places: "Kafraya ... Binnish" -- the
    Kafraya by Binnish, not its namesake 45 km away. A place with its own admin context, or
    a town of people, keeps its choice."""
    settled = [
        (i, p.place)
        for i, p in enumerate(chosen)
        if p is not None and not p.fallback and p.place.feature in ("village", "town")
    ]
    if len(settled) < 2:
        return
    for i, c in enumerate(kept):
        pick = chosen[i]
        if pick is None or pick.fallback or c.context is not None or c.context_of is not None:
            continue
        if c.town_mode or any(
            s and p.feature == "town" and p.population >= CLUSTER_POPULATION
            for p, s in zip(c.match.places, c.match.strict, strict=True)
        ):
            continue  # "the city of Afrin": a town of people, not a village of its name
        others = [
            q
            for j, q in settled
            if j != i and strict_key(kept[j].match.text) != strict_key(c.match.text)
        ]
        if not others or any(near(pick.place, q, CLUSTER_KM) for q in others):
            continue
        tier = _tier(c.match, pick.place)
        if tier is None:
            continue
        alike = [
            p
            for p in c.match.places
            if p is not pick.place
            and p.country == pick.place.country
            and p.feature in ("village", "town")
            and _tier(c.match, p) == tier
            and any(near(p, q, CLUSTER_KM) for q in others)
        ]
        if len(alike) == 1:
            chosen[i] = Pick(alike[0], pick.score)


def _tier(m: PlaceMatch, place: Place) -> str | None:
    """How a candidate's name was matched: "strict", "near", else None."""
    nears = m.near or (False,) * len(m.places)
    for p, s, n in zip(m.places, m.strict, nears, strict=True):
        if p is place:
            return "strict" if s else "near" if n else None
    return None


def _context_first(kept: list[Cand], text: str) -> list[int]:
    """The order to choose the places in: each admin context before the places it holds; in a
    chain of admin names only a comma or a parenthesis apart ("Dara district (Dara,
    Sud-Kivu)", "X, Y, Z"), the outer one first, so that each is chosen knowing the place it
    is in (the province, then the district of its name in it)."""

    def height(i: int) -> int:
        seen = {i}
        n = 0
        while (j := kept[i].context) is not None and j not in seen:
            if not _ADMIN_LINK.fullmatch(text, kept[i].match.end, kept[j].match.start):
                break  # "X near Y", "X in western Y": not a chain of admin names
            i = j
            seen.add(i)
            n += 1
        return n

    firsts = sorted((i for i, c in enumerate(kept) if c.context_of is not None), key=height)
    return firsts + [i for i, c in enumerate(kept) if c.context_of is None]


# what separates a name from its admin context in "X, Y" and "X (Y, Z)"
_ADMIN_LINK = re.compile(r"\s*(?:[,(]|[A-Za-z-]+\s+\()\s*")

# the words of "X, some 40 km west of Y": Y a point to measure from
_BEARING_WORDS = frozenset(
    ", of some about around roughly nearly almost approximately km kms kilometres kilometers "
    "miles mi just far".split()
)

_SUB_CITY = re.compile(
    r"(?:\bthe\s+)?((?:[Aa]l-|[Ee]l-)?[A-Z][\w'’-]*(?:\s+(?:[Aa]l-|[Ee]l-)?[A-Z][\w'’-]*){0,2})\s+"
    r"(?:district|neighbourhood|neighborhood|quarter|area|suburb)\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central)(?:ern)?(?:[- ]?(?:north|south|east|west)(?:ern)?)?\s+)?$"
)


FAR_VILLAGE_KM = 50.0  # a village this far from a city is no district of it


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
        if any(
            start <= o.start < m.start
            and (o.place.feature != "village" or near(o.place, m.place, FAR_VILLAGE_KM))
            for o in result
        ):
            continue  # the gazetteer knows the district: the admin context did the rest
        # a village far from the city is not its district ("the Rukn al-Din area of
        # Damascus" is no village called Rukn 400 km off): the district stands at the city
        result = [o for o in result if not (start <= o.start < m.start)]
        fallback = PlaceMention(
            start,
            m.end,
            text[start : m.end],
            m.place,
            "neighbourhood",
            m.score,
            cue=cue_of(text, start, m.end, v),
        )
        result.insert(result.index(m) if m in result else k, fallback)
    return result


# a word of a name, hyphened parts and all ("Pont-Sonde", "Kafr-Nabl", "al-Ghadfah")
_NAME_WORD = r"(?:(?:al|el|Al|El)-)?[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]*)*"
_UNLISTED = re.compile(
    rf"\b(?:the\s+(?:small\s+)?(?:village|town|hamlet|settlement)\s+of\s+"
    rf"(?P<of>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\b"
    rf"|(?P<own>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s+(?P<head>village|hamlet|town)\b)"
)
_CONTAINERS = ("province", "district", "town")
UNLISTED_SCORE = 0.9
# how far (characters) after the name its admin context may be named ("X village in the
# northern Sagaing region")
_CONTAINER_AFTER = 80


def _unlisted(
    text: str,
    out: Sequence[PlaceMention],
    ents: Sequence[Span],
    v: Vocab,
    gazetteer: Gazetteer | None = None,
    home: str | None = None,
) -> list[PlaceMention]:
    """Villages the words name that no gazetteer holds ("the village of Wukro Dabo", "Hpa Lai
    village in the Sagaing region"): kept under their own name, at the coordinates of the
    admin area that holds them -- the one named right after, else the province the report names
    most -- with that area's precision, so the map says how rough the point is. A settlement
    of that area spelt so but for one slip of a consonant ("Ghadqa village in Idlib": al-Ghadfah,
    `slips.one_slip`) is the village meant, at its own point."""
    provinces = Counter(
        m.place.id for m in out if m.precision == "province" and m.place.lat is not None
    )
    by_id = {m.place.id: m for m in out}
    found: list[PlaceMention] = []
    for hit in _UNLISTED.finditer(text):
        group = "of" if hit.group("of") else "own"
        start, end = hit.span(group)
        name = hit.group(group)
        head, dash, rest = name.partition("-")
        if dash and rest[:1].isupper() and head.lower() in v.directions:
            name, start = rest, start + len(head) + 1  # "Northern-Tal Abyad village": Tal Abyad
        if any(m.start < end and start < m.end for m in out):
            continue  # a place the gazetteers know
        # "X village" of a person's or a group's name ("the town of X" is a town): only a
        # settlement of the area said, one slip away, is taken for it
        entity = group == "own" and any(
            e.start_char < end and start < e.end_char and e.label_ in ("ORG", "PERSON", "NORP")
            for e in ents
        )
        if name.split()[0].lower() in v.directions or strict_key(name) in registry_names():
            continue
        after = [
            m
            for m in out
            if end <= m.start <= end + _CONTAINER_AFTER
            and m.precision in _CONTAINERS
            and "." not in text[end : m.start]
        ]
        container = after[0] if after else None
        # "X town in southern Idlib": a town the gazetteers miss is only looked for there, one
        # slip away (a town is no village to put at its province's centre)
        town = group == "own" and hit.group("head") == "town"
        if (town or entity) and container is None:
            continue
        if container is None and provinces:
            container = by_id[provinces.most_common(1)[0][0]]
        slip: Place | None = None
        if container is None and group == "of" and home and gazetteer is not None:
            # "the town of X" and nothing says where: a village of the text's one country spelt
            # so (a name the scan left out as an English word: "the town of Has"), else one
            # slip away, if only one is
            in_home = lambda p: p.country == home  # noqa: E731
            slip = spelt_in_area(gazetteer, name, in_home) or one_slip(
                gazetteer.indexes, name, in_home
            )
        elif container is None or container.place.lat is None:
            continue
        elif gazetteer is not None:
            inside = area_test(gazetteer, container.place)
            slip = spelt_in_area(gazetteer, name, inside) if inside is not None else None
            slip = slip or slip_in_area(gazetteer, name, container.place)
        if slip is not None:
            for again in re.finditer(rf"\b{re.escape(name)}\b", text):
                s, e = again.span()
                if not any(m.start < e and s < m.end for m in [*out, *found]):
                    found.append(
                        PlaceMention(
                            s,
                            e,
                            name,
                            slip,
                            PRECISION.get(slip.feature, "village"),
                            SLIP_SCORE,
                            cue=cue_of(text, s, e, v),
                        )
                    )
            continue
        if town or entity or container is None:
            continue
        place = unlisted_in(name, container.place)
        precision = "district" if container.precision == "town" else container.precision
        # the words say it is a village: as sure as a village the gazetteer finds in context;
        # and its other mentions ("a farmer from Wukro Dabo") are of it too
        for again in re.finditer(rf"\b{re.escape(name)}\b", text):
            s, e = again.span()
            if any(m.start < e and s < m.end for m in [*out, *found]):
                continue
            found.append(
                PlaceMention(
                    s, e, name, place, precision, UNLISTED_SCORE, cue=cue_of(text, s, e, v)
                )
            )
    return sorted(found, key=lambda m: m.start)


SLIP_SCORE = 0.8  # a settlement of the area the words say, spelt but for one slip


_CAPITAL_SAID = re.compile(
    r"\bthe\s+(?:(?:[A-Z][a-z]+|country['’]s|nation['’]s)\s+)?capital,?\s+"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)"
)
# how alike a spelling must be to a capital's name when the words say it is the capital
# ("the capital Sana": Sanaa)
CAPITAL_LIKENESS = 85


def _capitals_said(
    text: str, out: Sequence[PlaceMention], gazetteer: Gazetteer, v: Vocab
) -> list[PlaceMention]:
    """ "the capital Sana", "the Yemeni capital Sana": a name the words call a capital is the
    capital whose name it spells like, though no gazetteer has that spelling."""
    found: list[PlaceMention] = []
    for hit in _CAPITAL_SAID.finditer(text):
        start, end = hit.span("name")
        if any(m.start < end and start < m.end for m in out):
            continue  # a name the gazetteer knows
        key = strict_key(hit.group("name"))
        best = max(
            (
                (
                    fuzz.ratio(key, strict_key(str(row.get("capital") or ""))),
                    str(row["capital"]),
                    cc,
                )
                for cc, row in country_table().items()
                if row.get("capital")
            ),
            default=None,
        )
        if best is None or best[0] < CAPITAL_LIKENESS:
            continue
        _, capital, cc = best
        town = next(
            (
                p
                for m in gazetteer.scan(capital)
                for p, strict in zip(m.places, m.strict, strict=True)
                if strict and p.country == cc and p.feature == "town"
            ),
            None,
        )
        if town is not None:
            found.append(
                PlaceMention(
                    start, end, text[start:end], town, "town", 0.9, cue=cue_of(text, start, end, v)
                )
            )
    return found


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
        # a village no gazetteer holds is as specific as the words that name it, though its
        # point is only its area's
        precision = "village" if p.place.id.startswith(UNLISTED) else p.precision
        value = _SPECIFIC.get(precision, 1.0) + 2.0 * p.score + CUE.get(p.cue, 0.0)
        if p.place.country != main_country:
            value -= 1.5
        value += min(0.6, 0.3 * (counts[p.place.id] - 1)) - 1.5 * (p.start - start) / span
        if p.context_of is not None:
            value -= 1.0
        if best is None or value > best[0]:
            best = (value, p)
    return best[1] if best else None


CUE = {"incident": 0.5, "away": -1.2, "landmark": -1.0, "dateline": -2.0, "reference": -1.0}
