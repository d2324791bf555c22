"""Choosing among a name's candidate places (`pipeline/places.py` finds the names and their
context): the countries and provinces the text is about (`document_context`), and a score for
each candidate (`choose`): spelt exactly or only alike, a user's own place, population, the text's
countries, the linked admin context (its province, the direction said, the town it is near), a
village only where the words name it (`place_words.is_minor`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import fuzz

from harmwatch.gazetteer import Gazetteer, Place, PlaceMatch
from harmwatch.gazetteer.normalize import MIN_LOOSE, keys, strict_key
from harmwatch.gazetteer.slips import slip_in_area
from harmwatch.gazetteer.types import UNLISTED, WORLD_ADMIN1
from harmwatch.pipeline.place_words import NEIGHBOURHOOD_HEADS, is_minor, vocab

SETTLEMENTS = frozenset(("town", "village"))
PRIOR_BONUS = 1.0
SUBURB_KM = 15.0
UNKNOWN_ADMIN_KM = 200.0  # a village this near a town may be what the words call its suburb
CENTRAL_BONUS = 0.4
TOWN_POPULATION = 5_000  # fewer people: a village in the words, whatever its rank
CITY_POPULATION = 100_000  # more: never "the village of"
GROUP_BONUS = 1.0
# a place whose own name the text spells (not one of its alternate names): a tie-break among
# built-in places (a user's place of the name, in any spelling, is left to `_users_own`)
OWN_NAME = 0.05
NEAR_SPELLING = 1.0  # a name spelt like one of the place's but for its vowels (strict: 1.5)
# the home country of the monitor or outlet that published the report ("SOHR": Syria): more
# than twice a town's vote, so one name shared with a town abroad does not take the text there
OUTLET_VOTE = 2.5
# the country most reports of the batch are about (`places.batch_country`): as much as one town
# of the text's own and a half: a town it names abroad keeps its country beside it, a name
# shared by towns of two countries (0.5 each) does not
RUN_VOTE = 1.5
TWIN_KM = 15.0  # a user's entry this near a built-in town of its name is that town
DISTRICT_KM = 20.0  # how far from a district's centre its places lie
BORDER_KM = 10.0  # how far across a province's border "X in <province>" may put X
_CITY_PARTS = frozenset(("neighbourhood", "neighborhood", "quarter"))
# heads that name a village's surroundings as often as a part of a city ("the Jbab area", "the
# Dahiet al-Asad suburb"): a village spelt otherwise may be meant, unless the words put it in a
# city ("the Qassa area of Damascus": `Cand.in_city`)
_VILLAGE_AREAS = frozenset(("area", "suburb"))


@dataclass(frozen=True)
class Pick:
    place: Place
    score: float
    fallback: bool = False  # the place of the admin context ("Ma'an in Khan Yunis")


@dataclass
class Cand:
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
    before: tuple[str, ...] = ()  # the three words before the name, lower case
    bearing: bool = False  # "X, west of Y": Y is a point X is measured from, not X's container
    tail: frozenset[str] = frozenset()  # admin names after it: "X (Ariha, Idlib)", "X, Parana"
    admin_of: int | None = None  # index of the match whose admin tail this name is in
    in_city: bool = False  # its admin context names a city ("the X area of Damascus")
    owned: bool = False  # its admin context is a place in the possessive ("Mosul's X")


def document_context(
    kept: list[Cand],
    gaz: Gazetteer,
    demonyms: AbstractSet[str] = frozenset(),
    outlets: AbstractSet[str] = frozenset(),
    run: AbstractSet[str] = frozenset(),
) -> tuple[dict[str, float], set[str]]:
    """Countries the text is about (votes from named countries, provinces and towns, one vote
        for each country whose demonym it says: "Syrian", and `OUTLET_VOTE` for the home country
        of the organisation that published it, `RUN_VOTE` for the country most other reports of its
    batch are about: `places.batch_country`) and the provinces it names."""
    votes: dict[str, float] = defaultdict(float)
    for cc in demonyms:
        votes[cc] += 1.0
    for cc in outlets:
        votes[cc] += OUTLET_VOTE
    for cc in run:
        votes[cc] += RUN_VOTE
    said = dict(votes)  # the votes no place gave
    admins: set[str] = set()
    village_votes: dict[str, float] = defaultdict(float)
    towns_named = False  # a town (not a village) is named: villages do not speak then
    for c in kept:
        if c.registered and not (c.supported or c.province_mode):
            continue  # "Operation Olive Branch", "SANA said": a group's or outlet's name
        # a village only speaks where the words name it (`_best_candidate` reads them so)
        usable = [
            (p, s)
            for p, s in zip(c.match.places, c.match.strict, strict=True)
            if not is_minor(p) or c.supported or s and not c.doubtful
        ]
        strict = [p for p, s in usable if s]
        if c.head in _VILLAGE_WORDS or (c.village_of and c.before[-2] in _VILLAGE_WORDS):
            # "the village of Abyan", "Abyan village": not the province or country of the name
            strict = [p for p in strict if p.feature not in ("province", "region", "country")]
        own = {p.country for p in strict if p.id.startswith(("user:", "db:"))}
        if own:  # the user's own "Raffa" (Idlib) speaks, not Rafah governorate of the name
            strict = [p for p in strict if p.country in own]
        towns_named = towns_named or any(p.feature == "town" for p in strict)
        if strict and all(is_minor(p) for p in strict):
            only = {p.country for p in strict}
            if len(only) == 1 and None not in only and c.supported:
                village_votes[only.pop() or ""] += 0.5  # "the village of X": X's one country
        if not strict:
            only = {p.country for p, _ in usable}
            if (
                len(only) == 1
                and None not in only
                and not c.doubtful
                and len(keys(c.match.text)[1]) >= MIN_LOOSE
            ):
                # a variant spelling with one country to be in (not a short name's: "Cano Raya"
                # is spelt like a village in Iraq, which says nothing of where the text is)
                votes[only.pop() or ""] += 0.5
            continue
        kinds = {p.feature for p in strict}
        if "country" in kinds:
            for p in strict:
                if p.feature == "country" and p.country:
                    votes[p.country] += 1.5
            continue
        provs = [p for p in strict if p.feature in ("province", "region") and p.country]
        if any(not p.id.startswith(WORLD_ADMIN1) for p in provs):
            # a province of the hand-checked list outranks a generated namesake abroad ("Gaza":
            # Palestine's governorate, and a province of Mozambique)
            provs = [p for p in provs if not p.id.startswith(WORLD_ADMIN1)]
        if provs:
            homes = {p.country for p in provs if p.country}
            spelt = c.match.text.casefold()
            if all(p.id.startswith(WORLD_ADMIN1) and p.name.casefold() != spelt for p in provs):
                # a generated province spelt otherwise and a city of the name abroad ("Beni":
                # El Beni of Bolivia, a city of Congo): each speaks for its country
                homes |= {p.country for p in strict if p.country and p.population >= BIG_TOWN}
            _share(votes, homes, 2.0)
            admins.update(a for p in provs if (a := gaz.admin1_of(p)))
            continue
        # a district named ("the Eastern Ghouta") says the province, as a province does
        admins.update(a for p in strict if p.feature == "district" and (a := gaz.admin1_of(p)))
        towns = [p for p in strict if p.id.startswith(("user:", "db:"))] or [
            p
            for p in strict
            if p.population >= 20_000
            or p.id.startswith("additions:")
            or p.feature == "district"  # "Zamboanga del Norte": a province's part
        ]  # the user's own places speak for the text
        if (
            all(p.feature == "neighbourhood" and p.id.startswith("additions:") for p in towns)
            and c.head not in NEIGHBOURHOOD_HEADS
            and any(q.country not in {p.country for p in towns} for q in strict)
        ):
            # a city's neighbourhood named like villages abroad ("Tal Sultan": Rafah's, or
            # villages in Syria), not called a neighbourhood: a weak vote
            _share(votes, {p.country for p in towns if p.country}, 0.4)
            continue
        _share(votes, {p.country for p in towns if p.country}, 1.0)
    if not towns_named and not any(n for cc, n in votes.items() if n != said.get(cc, 0.0)):
        # only villages the words place say where: they do, beside the demonyms and the
        # publisher ("Turkish forces shelled the village of X": X's country counts too)
        for cc, n in village_votes.items():
            votes[cc] += n
    if not votes:
        return {}, admins
    best = max(votes.values())
    return {cc: n for cc, n in votes.items() if n >= best * 0.5}, admins


# a town this big is as likely the name's meaning as a generated province of it abroad
BIG_TOWN = 100_000


def _share(votes: dict[str, float], countries: set[str], weight: float) -> None:
    for cc in countries:
        votes[cc] += weight / len(countries)


def choose(
    kept: list[Cand],
    i: int,
    chosen: list[Pick | None],
    gaz: Gazetteer,
    countries: dict[str, float],
    admins: set[str],
    groups: AbstractSet[str] = frozenset(),
) -> Pick | None:
    c = kept[i]
    pick = chosen[c.context] if c.context is not None else None
    ctx = (pick.place, pick.score) if pick is not None else None
    child = kept[c.context_of] if c.context_of is not None else None
    best = _best_candidate(c, ctx, gaz, countries, admins, child, groups)
    if best is None:
        return None
    if (
        ctx is not None
        # "Mosul's al-Jadida district", "the Ashrafiyah neighbourhood of Afrin"
        and (c.owned or c.head in _CITY_PARTS)
        and ctx[0].feature in SETTLEMENTS
        and best[1].id != ctx[0].id
        and not near(best[1], ctx[0], SUBURB_KM)
    ):
        # "Mosul's al-Jadida district": a part of the city, not a village of the name
        # elsewhere in its province -- the city, unless the gazetteer has it by the city
        return Pick(ctx[0], ctx[1], fallback=True)
    if ctx is not None and c.bearing and _outside(best[1], ctx[0], gaz):
        # "Mocha, west of Aden": the Mocha within reach of Aden, though in another province
        reach = [
            p
            for p, s in zip(c.match.places, c.match.strict, strict=True)
            if s and p.feature in SETTLEMENTS and near(p, ctx[0], BEARING_KM)
        ]
        if reach:
            best = (best[0], max(reach, key=lambda p: p.population))
    if (
        ctx is not None
        and _outside(best[1], ctx[0], gaz)
        and not (c.bearing and near(best[1], ctx[0], BEARING_KM))
        and not (
            best[1].id.startswith(("user:", "db:"))
            and (_strict_for(c.match, best[1]) or ctx[0].country != best[1].country)
        )
    ):
        # (the user's own place spelt as written stands: its admin name was read as a
        # namesake elsewhere, "Santo Rosario Old, Zaragoza" is not in Mexico's Zaragoza; one
        # only spelt alike does not, within its country: "al-Abassyin neighbourhood of
        # Sarouja" is not a village Abisan of another province)
        # "Kafr Amin in eastern Idlib" where Idlib only has a Kafr Amim: that village
        # (one the name's own candidates do not hold: those were weighed and left out above)
        # (only for a name no place of that country is spelt like: "al-Salehia village in
        # Raqqa" is an as-Salihiyah the gazetteer puts over the border, not a Salulah of Raqqa)
        slip = (
            slip_in_area(gaz, c.match.text, ctx[0])
            if (c.placed or c.town_mode)
            and c.head not in NEIGHBOURHOOD_HEADS
            and not _spelt_in(c.match, ctx[0].country)
            else None
        )
        if slip is not None and all(p.id != slip.id for p in c.match.places):
            return Pick(slip, SLIP_PICK)
        if ctx[0].feature in _AREAS and (
            c.head in _VILLAGE_WORDS or (c.village_of and c.before[-2] in _VILLAGE_WORDS)
        ):
            # "al-Salehia village in northern Raqqa" where every al-Salehia the gazetteers
            # hold lies in another province: a village they lack, under the words' name, at
            # the point of the area the words put it in (a town is no village to put at its
            # province's centre, as `places._unlisted` has it)
            return Pick(unlisted_in(c.match.text, ctx[0]), ctx[1])
        # "Ma'an in Khan Yunis" where the gazetteer only knows another Ma'an: the town it is in
        return Pick(ctx[0], ctx[1], fallback=ctx[0].feature in SETTLEMENTS)
    score = 1.0 / (1.0 + math.exp(-(best[0] - 2.0) / 1.5))
    if (
        best[1].feature in SETTLEMENTS
        and not c.town_mode
        and any(
            p.feature in ("province", "region") and p.country == best[1].country
            for p, s in zip(c.match.places, c.match.strict, strict=True)
            if s
        )
    ):
        score *= 0.5  # "Gaza", "Idlib": the city or its province; a named town is better
    return Pick(best[1], score)


def _strict_for(match: PlaceMatch, place: Place) -> bool:
    return any(s and p.id == place.id for p, s in zip(match.places, match.strict, strict=True))


_AREAS = frozenset(("province", "region", "district"))
_VILLAGE_WORDS = frozenset(("village", "villages", "hamlet"))


def unlisted_in(name: str, area: Place) -> Place:
    """A village no gazetteer holds, under the name the words give it, at the point of the
    admin ``area`` that holds it."""
    return Place(
        id=f"{UNLISTED}{area.country}:{strict_key(name).replace(' ', '-')}",
        name=name,
        lat=area.lat,
        lon=area.lon,
        admin1=area.admin1 or (area.name if area.feature == "province" else None),
        admin2=area.admin2,
        country=area.country,
        feature="village",
    )


def _spelt_in(match: PlaceMatch, country: str | None) -> bool:
    """Whether a place of the country has the name as spelt, or spelt so but for its vowels."""
    nears = match.near or (False,) * len(match.places)
    return any(
        (s or n) and p.country == country
        for p, s, n in zip(match.places, match.strict, nears, strict=True)
    )


# how far "X, west of Y" may put X from Y in another province ("Mokha, west of Aden")
BEARING_KM = 250.0
SLIP_PICK = 0.8  # the score of a village of the admin context one slip from the words' name


def _spelling_bonus(text: str, name: str) -> float:
    """How close a variant spelling is to the place's own name: "Saraqab" is Saraqib more than
    Sorocaba."""
    ratio = fuzz.ratio(strict_key(text), strict_key(name))
    return max(-1.0, min(1.0, (ratio - 75.0) / 15.0))


# how far from a province's point a town of no known province may lie and be in it
PROVINCE_KM = 200.0


def _outside(place: Place, ctx: Place, gaz: Gazetteer) -> bool:
    """Whether `place` cannot be in the admin context `ctx` it was said to be in."""
    if ctx.feature == "country":
        return place.country != ctx.country
    if place.country != ctx.country:
        return True
    if _named_after(place, ctx):
        return False  # "Kralgund (Kupwara district)": a district named after its seat
    if ctx.feature in SETTLEMENTS:  # near the town, or in the province it names ("Aleppo")
        return not near(place, ctx, 30.0) and gaz.admin1_of(place) != gaz.admin1_of(ctx)
    if gaz.admin1_of(place) is None and ctx.feature in ("province", "region"):
        # a town whose province the gazetteer does not know (its country's map was redrawn:
        # "Djugu (Ituri)"): in the province it is said to be in unless too far from it
        return not near(place, ctx, PROVINCE_KM)
    return (
        gaz.admin1_of(place) != gaz.admin1_of(ctx)
        and not near(place, ctx, 60.0)
        # "Barudiyah village in southern Idlib": a village a few km across the border of the
        # province the words name is in it as they say
        and not (ctx.feature in ("province", "region") and gaz.reaches(ctx, place, BORDER_KM))
    )


def _in_province(place: Place, ctx: tuple[Place, float] | None, gaz: Gazetteer) -> bool:
    """Whether ``place`` lies in the province or region ``ctx`` the words put it in."""
    if ctx is None or ctx[0].feature not in ("province", "region") or place.id == ctx[0].id:
        return False
    return place.country == ctx[0].country and gaz.admin1_of(place) == gaz.admin1_of(ctx[0])


def _named_after(place: Place, ctx: Place) -> bool:
    """Whether the district or province `place` is in bears the name of `ctx` (a town and
    the district or province around it share one name)."""
    key = strict_key(ctx.name)
    return any(a and strict_key(a) == key for a in (place.admin2, place.admin1))


def _best_candidate(
    c: Cand,
    ctx: tuple[Place, float] | None,
    gaz: Gazetteer,
    countries: dict[str, float],
    admins: set[str],
    child: Cand | None = None,
    groups: AbstractSet[str] = frozenset(),
) -> tuple[float, Place] | None:
    best: tuple[float, Place] | None = None
    known = set(countries) | ({ctx[0].country} if ctx is not None else set())
    # nothing says where: the countries the built-in gazetteer holds village by village are
    # likelier than a namesake elsewhere
    prior = frozenset(gaz.detail_countries) if not known else frozenset()
    # a country, province or town of people spelt so beats a village of the name, unless the
    # words say village ("X village", "the town of X") or give it an admin context
    major = any(
        s
        and not is_minor(p)
        and (
            p.feature in ("country", "province", "region")
            or (p.country in known if known else p.country in prior or p.population >= 50_000)
        )
        for p, s in zip(c.match.places, c.match.strict, strict=True)
    )
    village_said = (
        c.town_mode or c.village_of or c.context is not None or (c.head in ("village", "villages"))
    )
    short = len(keys(c.match.text)[1]) < MIN_LOOSE
    own = any(
        s and p.id.startswith(("user:", "db:"))
        for p, s in zip(c.match.places, c.match.strict, strict=True)
    )
    nears = c.match.near or (False,) * len(c.match.places)
    users = any(p.id.startswith(("user:", "db:")) for p in c.match.places)
    best_rank = 0.0
    best_user: tuple[float, Place] | None = None
    # "beheaded in Mozambique village": a country's name before the head word is the country's
    # (a headline's "a village in Mozambique"), not a town of the name
    country_word = c.head in ("village", "villages", "town", "towns") and any(
        s and p.feature == "country" for p, s in zip(c.match.places, c.match.strict, strict=True)
    )
    # when the text names no country: a place spelt exactly as written in a country the
    # built-in gazetteer holds village by village, and a namesake in another such country
    # spelt only alike ("the town of Sarmin": Sarmin in Idlib, not Surman in Libya)
    exact_here = (
        {
            p.country
            for p, s in zip(c.match.places, c.match.strict, strict=True)
            if s and p.country in prior
        }
        if not known
        else set()
    )
    for place, strict, alike in zip(c.match.places, c.match.strict, nears, strict=True):
        user = place.id.startswith(("user:", "db:"))
        if exact_here and not strict and not user and place.country not in exact_here:
            continue
        if country_word and place.feature != "country":
            continue
        if c.registered and not (c.supported or c.province_mode or user):
            continue  # "the Taliban denied it": an armed group's or outlet's name, unplaced
        if is_minor(place) and (
            not c.supported and (not strict or c.doubtful) or (not strict and c.registered)
        ):
            continue  # a village needs the words to name it: spelt exactly, or placed
        if is_minor(place) and own:
            continue  # the user's own place of the name beats a built-in village
        if is_minor(place) and (major or not strict and short) and not village_said:
            continue  # a short name spelt otherwise ("Qais", "Rayan"): a person as likely
        if (
            not strict
            and short
            and place.feature == "town"
            and (
                not (
                    village_said
                    and place.country in known
                    or _in_town(c, place, alike, known or prior)
                )
                or c.head in NEIGHBOURHOOD_HEADS
                or c.head.removesuffix("s") in NEIGHBOURHOOD_HEADS
            )
        ):
            # a short name spelt like a town but for its vowels ("Taldu": Talldaww) only where
            # the words make it a town of a country the text is about ("Taldu town in Homs")
            continue
        if (
            place.feature == "village"
            and c.head in NEIGHBOURHOOD_HEADS
            and not (c.head in _VILLAGE_AREAS and not c.in_city)
            and (not strict or c.context is None and c.head in _CITY_PARTS)
            and not (
                ctx is not None and ctx[0].feature in SETTLEMENTS and near(place, ctx[0], SUBURB_KM)
            )
        ):
            # "the al-Kaseeh neighbourhood": not a village of the name, unless the village lies
            # by the town the words put it in ("the Dahiet al-Asad suburb of Damascus")
            continue
        # "Rafah in North Sinai": a province spelt only alike ("Shamal Sina'": North Sina')
        # that holds a place its child may be is the admin context the words give
        fits = (
            not strict
            and child is not None
            and place.feature in ("province", "region")
            and _fits_child(place, child, gaz) >= 2.5
        )
        if (
            not strict
            and not user
            and not fits
            and (
                place.country not in known
                if known
                else place.population < 200_000
                and not (c.placed and (not prior or place.country in prior))
            )
        ):
            continue  # a spelling variant only counts near the places the text is about
        if not strict and not user and not (c.supported or c.province_mode):
            continue  # a spelling only like a town's ("Khaberni" said): the words must place it
        if strict:
            s = 1.5
        elif alike and place.country in (known or prior):
            # one of its names but for the vowels ("Hezzeh": Hazzah), in a country the text
            # is about; elsewhere as good as its likeness to the place's own name. Between two
            # such names the likelier spelling wins ("Yadudeh": Yadudah before Jadida)
            s = NEAR_SPELLING + 0.1 * _spelling_bonus(c.match.text, place.name)
        else:
            s = _spelling_bonus(c.match.text, place.name)
        # "Arab Wiran": the village of that name, not one it is an alias of (a tie-break among
        # the name's places only: the mention's own score stays as it was)
        # (among the user's own entries too: "Rasm Abed" is that entry, not "Rasm Elabed"
        # that answers to the name once its glued article is cut)
        own_name = (
            OWN_NAME
            if strict and (not users or user) and strict_key(place.name) == strict_key(c.match.text)
            else 0.0
        )
        if user:
            s += 1.0
        if c.tail and in_admin(place, c.tail, gaz):
            s += 3.0  # "Auchi (Etsako West, Edo)": the Auchi whose admin the words say
        s += min(2.5, 0.35 * math.log10(place.population + 1))
        if countries:
            # a place in the province the words put it in is where the text is about, though
            # no other name said that country ("Rafah in North Sinai" of a text naming Gaza)
            s += 2.5 if place.country in countries or _in_province(place, ctx, gaz) else -2.5
        elif place.country in prior:
            s += PRIOR_BONUS
        if place.country in groups:
            s += GROUP_BONUS  # "the YPG-held village of X": the X in Syria
        if ctx is not None:
            ctx_place = ctx[0]
            if ctx_place.feature == "country":
                s += 2.0 if place.country == ctx_place.country else -2.0
            elif (
                place.country == ctx_place.country
                and gaz.admin1_of(place) == gaz.admin1_of(ctx_place)
                # two places whose provinces the gazetteer does not know: one province if
                # they lie as close as the towns of one province do
                and (gaz.admin1_of(place) is not None or near(place, ctx_place, UNKNOWN_ADMIN_KM))
                and place.id != ctx_place.id
            ):
                s += 3.0 + _bearing_bonus(place, ctx_place, c.direction)
                if ctx_place.feature in SETTLEMENTS and (
                    near(place, ctx_place, 15.0)
                    or place.admin2
                    and _alike(place.admin2, ctx_place.name)
                ):
                    s += 1.0  # "Jadraya (Ariha, Idlib)": the Jadraya of Ariha's district
                elif ctx_place.feature == "district" and near(place, ctx_place, DISTRICT_KM):
                    s += 1.0  # "X in the Eastern Ghouta": the X within the district
                elif _central_district(place, ctx_place):
                    s += CENTRAL_BONUS  # "Aqrab in the Hama countryside": Hama district's
            elif (
                ctx_place.feature in ("province", "region")
                and place.country == ctx_place.country
                and gaz.reaches(ctx_place, place, BORDER_KM)
            ):
                # "Barudiyah village in southern Idlib": of two villages of the name outside
                # the province said, the one a few km across its border, not the one far off
                pass
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
        elif c.town_mode and place.feature in SETTLEMENTS:
            s += 1.0
        village_word = c.head in ("village", "villages") or (
            c.village_of and c.before[-2].startswith("village")
        )
        if village_word and _village_sized(place):
            s += 1.5  # "the village of Tal Sultan": the village, not a town of the name
        elif village_word and place.population >= CITY_POPULATION:
            s -= 2.0  # "the village of Nawa": not a city of 300,000 people
        elif c.head in NEIGHBOURHOOD_HEADS and place.feature == "neighbourhood":
            s += 1.5  # "the Karama neighbourhood": the Gaza one, not a town elsewhere
        if best is None or s + own_name > best_rank:
            best, best_rank = (s, place), s + own_name
        if user and strict and (best_user is None or s > best_user[0]):
            best_user = (s, place)
    if own and best is not None and best_user is not None and best[1].feature in SETTLEMENTS:
        return _users_own(best, best_user, c.match)
    return best


# the words before a name that put an event in it ("killed in Taldu", "fighting around X")
_IN_WORDS = frozenset(("in", "near", "around", "inside", "outside"))


def _in_town(c: Cand, place: Place, alike: bool, countries: AbstractSet[str | None]) -> bool:
    """Whether the words put the event in a town spelt like the place but for its vowels, of a
    country the text is about (or, when none is said, one held village by village): "was killed
    in Taldu" is Talldaww."""
    return (
        alike
        and place.country in countries
        and bool(c.before)
        and c.before[-1] in _IN_WORDS
        and c.head not in vocab().landmark_heads  # "working in al-Shifa hospital"
    )


def _users_own(
    best: tuple[float, Place], best_user: tuple[float, Place], match: PlaceMatch
) -> tuple[float, Place]:
    """The user's own entry of the name instead of the built-in town the words chose: the
    user's entry for the same town (within `TWIN_KM`: the user's coordinates for it), else the
    best of the user's entries -- a built-in namesake is not the place the user's data means."""
    if best[1].id.startswith(("user:", "db:")):
        return best
    twins = [
        p
        for p, s in zip(match.places, match.strict, strict=True)
        if s and p.id.startswith(("user:", "db:")) and near(p, best[1], TWIN_KM)
    ]
    if twins:
        return best[0], min(twins, key=lambda p: _km(p, best[1]))
    return best_user


def _village_sized(place: Place) -> bool:
    """A village, or a "town" only by its administrative rank (a district seat the gazetteer
    gives no population): what the words "village of" may name."""
    return place.feature == "village" or (
        place.feature == "town" and place.population < TOWN_POPULATION
    )


def _central_district(place: Place, province: Place) -> bool:
    """Whether `place` lies in the district named like its `province` (Idlib district of
    Idlib province): between namesakes of one province, the one around its capital is the one
    "the Idlib countryside" and "in Hama" mean unless the words say otherwise."""
    return province.feature in ("province", "region") and _alike(place.admin2, province.name)


def _alike(admin: str | None, name: str) -> bool:
    """Whether an admin area's name and a place's are one name in two spellings ("Idleb"
    district, Idlib province): the same consonant skeleton (`normalize.keys`)."""
    return bool(admin) and keys(admin or "")[1] == keys(name)[1] != ""


def in_admin(place: Place, tail: AbstractSet[str], gaz: Gazetteer) -> bool:
    """Whether the place's own admin1 or admin2 is among the strict keys `tail`."""
    names = [place.admin1, place.admin2]
    if place.admin1:
        names.append(gaz.admin1_of(place))
    return any(n and strict_key(n) in tail for n in names)


def _fits_child(place: Place, child: Cand, gaz: Gazetteer) -> float:
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


def near(a: Place, b: Place, km: float) -> bool:
    return _km(a, b) <= km


def _km(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    dlat = (a.lat - b.lat) * 111.2
    dlon = (a.lon - b.lon) * 111.2 * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlon)
