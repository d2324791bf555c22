"""Places the words measure from another: "Wadi Kaf is some 25 kilometres west of the city of
X", "the Zaroum oilfield east of Y", "Tell Amra village, 8 km (5 miles) south of Z".

News writing locates a village, a field or a crossing no gazetteer holds by a bearing from a
town the reader knows. The name is kept as the words give it (no gazetteer has another), at the
point the distance and bearing put it -- or, when the words give no distance, at the town it is
measured from, with a district's precision so the map says how rough that point is. Every other
mention of the name in the report is that place too ("the strike on Wadi Kaf").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from spacy.tokens import Span

from harmwatch.gazetteer.normalize import strict_key
from harmwatch.gazetteer.types import UNLISTED, Place
from harmwatch.pipeline.place_words import Vocab, cue_of, direction_of, registry_names
from harmwatch.pipeline.types import PlaceMention

_NAME_WORD = r"(?:[A-Z][a-z'’-]+|(?:al|el|Al|El)-[A-Z][a-z'’-]+)"
# a head that names a facility or site: kept in the place's name ("Zaroum oilfield")
_SITES = (
    r"oil ?fields?|gas ?fields?|oil wells?|refinery|dam|airport|air ?base|airfield|"
    r"military base|base|camp|crossing|bridge|border crossing"
)
# a head that only says the name is a settlement ("Tell Amra village"): left out of the name
_SETTLEMENTS = r"village|town|hamlet|settlement"
_COMPASS = r"(?:north|south)(?:[- ]?(?:east|west))?|east|west"  # north, north-east, southwest, east
_UNIT_KM = {
    "km": 1.0,
    "kms": 1.0,
    "kilometres": 1.0,
    "kilometers": 1.0,
    "miles": 1.609,
    "mi": 1.609,
}
_MEASURED = re.compile(
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
    rf"(?:\s+(?P<site>{_SITES})|\s+(?P<settlement>{_SETTLEMENTS}))?"
    r"(?:\s*,\s*|\s+(?:is|was|lies|sits)\s+(?:located\s+|situated\s+)?|\s+)"
    r"(?:(?:some|about|around|roughly|nearly|approximately|almost|just|only)\s+)?"
    r"(?:(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>km|kms|kilometres|kilometers|miles|mi)\b"
    r"(?:\s*\([^()]{1,25}\))?\s+)?"
    rf"(?P<dir>{_COMPASS})\s+of\s+(?:the\s+)?"
    r"(?:(?:[a-z]+ern|central|northern|southern|eastern|western)\s+)?"
    r"(?:(?:city|town|village|capital|provincial capital)\s+of\s+)?$"
)
# capitalised words that open a sentence and name nothing ("The town lies north of X", "In
# X, 20 km north of Y")
_NOT_NAMES = frozenset(
    "the a an this that these those it its their his her our one each another some any every "
    "all both such which where whose there here in at on near from to of and but as by with "
    "outside inside around for after before while when since".split()
)
# how many characters before the town the words may start measuring from it
_REACH = 140
MEASURED_SCORE = 0.9  # as sure as a village the words name and the gazetteers lack


def measured_from(
    text: str, known: Sequence[PlaceMention], ents: Sequence[Span], v: Vocab
) -> list[PlaceMention]:
    """The places no gazetteer holds that the words locate by a bearing from a known one."""
    found: list[PlaceMention] = []
    taken = list(known)
    for ref in known:
        if ref.place.id.startswith(UNLISTED) or ref.place.lat is None or ref.place.lon is None:
            continue
        if ref.place.feature == "country":
            continue  # "20 km north of Syria" says where the border is, not a point
        window = max(0, ref.start - _REACH)
        hit = _MEASURED.search(text[window : ref.start])
        if hit is None or not (hit.group("n") or hit.group("site") or hit.group("settlement")):
            continue  # "troops east of X": no place of its own is named
        name = hit.group("name")
        words = name.split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]  # "The Zaroum oilfield east of X": Zaroum
        if not words:
            continue
        name = " ".join(words)
        end = window + hit.end("name")
        start = end - len(name)
        if name.split()[0].lower() in v.directions or strict_key(name) in registry_names():
            continue
        if any(m.start < end and start < m.end for m in taken):
            continue  # a place the gazetteers know: its own choice stands
        if any(e.start_char < end and start < e.end_char and e.label_ == "NORP" for e in ents):
            continue  # "Kurdish fighters north of X": a people, not a place
        site = hit.group("site")
        place = _place(name if site is None else f"{name} {site}", ref.place, hit)
        precision = "village" if hit.group("n") else "district"
        for again in re.finditer(rf"\b{re.escape(name)}\b", text):
            s, e = again.span()
            if site is not None and text.startswith(site, e + 1):
                e += 1 + len(site)
            if any(m.start < e and s < m.end for m in [*taken, *found]):
                continue
            found.append(
                PlaceMention(
                    s, e, text[s:e], place, precision, MEASURED_SCORE, cue=cue_of(text, s, e, v)
                )
            )
        taken = [*known, *found]
    return sorted(found, key=lambda m: m.start)


def _place(name: str, ref: Place, hit: re.Match[str]) -> Place:
    """The point ``hit``'s distance and bearing put ``name`` at from ``ref`` (``ref``'s own
    point when the words give no distance)."""
    lat, lon = ref.lat or 0.0, ref.lon or 0.0
    way = direction_of([hit.group("dir").lower()])
    if hit.group("n") and way is not None:
        km = float(hit.group("n")) * _UNIT_KM[hit.group("unit").lower()]
        lat += km * way[0] / 111.2
        lon += km * way[1] / (111.2 * max(0.1, math.cos(math.radians(lat))))
    return Place(
        id=f"{UNLISTED}{ref.country}:{strict_key(name).replace(' ', '-')}",
        name=name,
        lat=round(lat, 5),
        lon=round(lon, 5),
        admin1=ref.admin1 or (ref.name if ref.feature == "province" else None),
        admin2=ref.admin2,
        country=ref.country,
        feature="village",
    )
