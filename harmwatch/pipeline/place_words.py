"""Words around a place name: the place stage's vocabulary (``pipeline/data/places.json``,
``given_names.txt``) and the tests that tell a place from an organisation or a person
("Idlib Health Directorate", "Hayat Tahrir al-Sham", "Omar Fares Hamdan"), and the cue before a
name ("struck X", "fled from X", "X Street")."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice

from spacy.tokens import Doc, Span

from harmwatch.gazetteer import Place, PlaceMatch
from harmwatch.gazetteer.matcher import common_words
from harmwatch.gazetteer.normalize import fold, strict_key
from harmwatch.pipeline.numbers import MONTHS
from harmwatch.pipeline.word_scan import Finder, WordStartScan

WORDS = re.compile(r"[\w'’-]+|,")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


@dataclass(frozen=True)
class Vocab:
    org_heads: frozenset[str]
    org_heads_any_case: frozenset[str]
    place_heads: frozenset[str]
    province_words: frozenset[str]
    sub_city_words: frozenset[str]
    directions: frozenset[str]
    fillers: frozenset[str]
    cue_before: frozenset[str]
    away_before: frozenset[str]
    landmark_heads: frozenset[str]
    weapon_heads: frozenset[str] = frozenset()
    demonyms: frozenset[str] = frozenset()  # "Syrian:SY"

    def demonym_countries(self, text: str) -> set[str]:
        """The countries whose demonym the text says ("Syrian government": SY)."""
        table = dict(pair.split(":", 1) for pair in self.demonyms)
        return {table[w] for w in set(_CAPITALISED.findall(text)) if w in table}


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    raw = json.loads(
        resources.files("harmwatch.pipeline").joinpath("data/places.json").read_text("utf-8")
    )
    return Vocab(**{k: frozenset(v) for k, v in raw.items() if not k.startswith("_")})


LINK_FIRST = frozenset(
    (
        ",",
        "in",
        "of",
        "near",
        "town",
        "village",
        "city",
        "towns",
        "villages",
        "cities",
        "neighbourhoods",
        "neighborhoods",
        "camp",
        "area",
        "neighbourhood",
        "neighborhood",
        "district",
        "quarter",
        "suburb",
    )
)
NEIGHBOURHOOD_HEADS = frozenset(
    ("neighbourhood", "neighborhood", "quarter", "district", "camp", "area", "suburb")
)
_ARTICLES = frozenset(("al", "el", "as", "ad", "ar", "an", "at", "az", "ash", "'", "’", "-"))
_PLACE_PREPS = frozenset(("in", "at", "near", "of", "into", "outside", "inside", "around"))
# a preposition that puts one place inside or beside another: a span of the model that holds one
# joins two names, not one ("of" is left out: "University of Aleppo" is one name)
_LOCATING_PREP = re.compile(r"(?<!\S)(?:in|near|outside)(?!\S)")


# a longer "entity" is the model misreading a list or garbage, not a name
MAX_NAME_TOKENS = 12


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    raw = resources.files("harmwatch.pipeline").joinpath("data/given_names.txt").read_text("utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


# a month's name or its short form ("Jan", "Sept", "March"), with a day beside it
_A_DAY_OF_THE_MONTH = re.compile(rf"(?i:{MONTHS})\Z")
_DAY_AFTER = re.compile(r"\.?\s*\d{1,2}(?:st|nd|rd|th)?\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?$")


def is_place_name(
    doc: Doc, m: PlaceMatch, v: Vocab, text: str | None = None, ents: Sequence[Span] | None = None
) -> bool:
    # pass ``text`` (== doc.text) and ``ents`` (== doc.ents) when calling in a loop: spaCy
    # rebuilds both on each access
    text = doc.text if text is None else text
    if _A_DAY_OF_THE_MONTH.match(m.text) and (
        _DAY_AFTER.match(text, m.end) or _DAY_BEFORE.search(text, max(0, m.start - 6), m.start)
    ):
        return False  # "on Jan. 6", "6 Jan": a day, not the village of Jan
    after = _cap_words_after(text, m.end)
    if after and after[0].lower() in v.org_heads:
        return False  # Idlib Health Directorate, Aleppo Media Center
    nxt = words_after(text, m.end, 2)
    if nxt and nxt[0] in v.org_heads_any_case:
        return False  # the Idlib media center, the Gaza health ministry
    if _SETTLEMENT_OF.search(text, max(0, m.start - 120), m.start) and not (
        after and after[0].lower() not in v.place_heads
    ):
        # "the village of Omar", "the towns of Foah and Kefraya": the words make it a place,
        # whatever the model reads it as (a person's name, an organisation) -- the whole name
        # ("the town of Kafr Nabutha" is no village Kafr)
        return _not_a_people_or_weapon(text, m, v)
    before = _cap_words_before(text, m.start)
    heads_ok = v.place_heads | v.directions
    # a possessive before the name ends another name ("Gaza City's al-Nasr neighbourhood")
    own_before = [w for w in before[-1:] if not _POSSESSIVE.search(w)]
    strange = [
        w for w in (own_before + after[:1]) if _foreign_cap(_POSSESSIVE.sub("", w), heads_ok)
    ]
    if strange:
        return False  # inside a longer proper name: Hayat Tahrir al-Sham, a person's name
    for ent in doc.ents if ents is None else ents:
        if ent.start_char < m.end and m.start < ent.end_char and len(ent) <= MAX_NAME_TOKENS:
            if ent.label_ in ("ORG", "PERSON", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"):
                extra = text[ent.start_char : m.start] + " " + text[m.end : ent.end_char]
                if any(ch in extra for ch in ",()"):
                    continue  # "(Ariha, Idlib)", "X (Beni" read as one name: not a name
                if _LOCATING_PREP.search(extra):
                    continue  # "Gumbo in Tigray" read as one name: two places, "in" between
                # "Al '" of "Al 'Amiriyah": an article and a mark, no other name
                words = [w for w in WORDS.findall(extra) if fold(w) not in _ARTICLES | {""}]
                if words and not any(w.lower() in heads_ok for w in words):
                    return False  # inside a longer organisation or person name
    if not _not_a_people_or_weapon(text, m, v):
        return False
    prev = words_before(text, m.start, 1)
    if prev == ["the"] and nxt and nxt[0] in ("residence", "home", "house", "household"):
        return False  # the al-Durra residence: a family's name
    placed = bool(prev and (prev[-1] in _PLACE_PREPS or prev[-1] in v.directions)) or bool(
        nxt and nxt[0] in v.place_heads
    )
    if not placed:
        if fold(re.sub(r"['’]s$", "", m.text)) in given_names():
            return False  # Omar, Safi, Hamid: people before places
        for ent in doc.ents if ents is None else ents:
            if (
                ent.label_ == "PERSON"
                and ent.start_char < m.end
                and m.start < ent.end_char
                and len(ent) <= MAX_NAME_TOKENS
            ):
                extra = text[ent.start_char : m.start] + " " + text[m.end : ent.end_char]
                if any(fold(w) not in _ARTICLES for w in WORDS.findall(extra) if w != ","):
                    return False  # part of a person's full name
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is not None and len(span) == 1 and span[0].pos_ in ("NOUN", "ADJ", "VERB", "ADV"):
        if span[0].ent_type_ not in ("GPE", "LOC", "FAC") and not any(m.strict):
            return False
    return True


def _not_a_people_or_weapon(text: str, m: PlaceMatch, v: Vocab) -> bool:
    nxt = words_after(text, m.end, 2)
    if nxt and nxt[0] in ("family", "family's", "family’s", "families", "clan", "tribe"):
        return False  # the Abu Qouta family
    if _names_a_people(text, m.end, nxt):
        return False  # Hema militias, "Hema and Lendu militias": whom they are, not where
    return not (
        nxt
        and nxt[0] in v.weapon_heads
        and not any(s and p.feature == "country" for p, s in zip(m.places, m.strict, strict=True))
    )  # a Tochka-U missile, Grad rockets: a weapon's name


# "the village of ", "the towns of X, Y and ": the words before a settlement's name (or a later
# one of a list of them) that name it a village or town
_SETTLEMENT_OF = re.compile(
    r"\b(?i:villages?|towns?|hamlets?)\s+of\s+"
    r"(?:[A-Z][\w'’-]*(?:[ -](?:al|el|bin|ibn|abu|[A-Z][\w'’-]*))*(?:,\s*|,?\s+and\s+))*$"
)
_POSSESSIVE = re.compile(r"['’]s$")
_FAMILY_AFTER = frozenset(
    ("family", "family's", "family’s", "families", "clan", "residence", "household")
)


def family_name(text: str, m: PlaceMatch) -> bool:
    """Whether the words call the name a family's: "the al-Durra residence", "the X family"."""
    nxt = words_after(text, m.end, 1)
    return bool(nxt and nxt[0] in _FAMILY_AFTER)


def surnames(ents: Sequence[Span]) -> set[str]:
    """The strict keys of the last words of the people's full names (two to four capitalised
    words) the model found in the text."""
    return {
        strict_key(e[-1].text)
        for e in ents
        if e.label_ == "PERSON"
        and 2 <= len(e) <= 4
        and all(t.text[:1].isupper() for t in e)
        and e[-1].text.isalpha()
    }


def placed_by_words(text: str, m: PlaceMatch, v: Vocab) -> bool:
    """Whether the words around the name say it is a place: "in X", "shelled X", "X village"."""
    prev = words_before(text, m.start, 1)
    nxt = words_after(text, m.end, 1)
    return bool(
        prev and (prev[-1] in _PLACE_PREPS or prev[-1] in v.directions or prev[-1] in v.cue_before)
    ) or bool(nxt and nxt[0] in v.place_heads)


def _foreign_cap(word: str, heads: frozenset[str]) -> bool:
    """A capitalised neighbour that is not a common word, place noun or article."""
    low = fold(word)
    if low in heads or low in common_words() or low in ("al", "el", "as", "ad", "ar", "an"):
        return False
    return word[:1].isupper()


def _cap_words_after(text: str, end: int) -> list[str]:
    m = re.match(r" ([A-Z][\w'’-]*)(?: ([A-Z][\w'’-]*))?", text[end : end + 60])
    return [g for g in (m.groups() if m else ()) if g]


def _cap_words_before(text: str, start: int) -> list[str]:
    chunk = text[max(0, start - 60) : start]
    m = re.search(r"(?<![.!?:;\"“])(?<![.!?]\s)\b([A-Z][\w'’-]*) $", chunk)
    if not m or _sentence_start(chunk, m.start(1)) or held_by(m.group(1)):
        return []
    return [m.group(1)]


def held_by(word: str) -> bool:
    """Whether the word before a name says who holds it ("YPG-held", "Hamas-run",
    "Russia-occupied"): the name is a place, and the word is not part of it."""
    return bool(_WHOSE.search(word))


# "YPG-held X", "Hamas-run X", "Russia-occupied X": who holds the place, not part of its name
_WHOSE = re.compile(r"[-‐‑](?:controlled|held|run|ruled|occupied|besieged|administered|governed)$")


def _sentence_start(chunk: str, pos: int) -> bool:
    head = chunk[:pos].rstrip()
    return not head or head[-1] in '.!?:;"“(\n'


def words_before(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` words (or commas) of the 80 characters before ``start``, lower-cased."""
    return [w.lower() for w in WORDS.findall(text, max(0, start - 80), start)[-n:]]


# the nouns of a group that a name before them says the origin of ("Hema militias", "Dogon
# hunters"): that group's people, not the place of the attack
_PEOPLE_OF = frozenset(
    "militia militias militiamen youths raiders vigilantes herders pastoralists tribesmen "
    "hunters clansmen community communities minority minorities".split()
)


def _names_a_people(text: str, end: int, nxt: list[str]) -> bool:
    """Whether the name ending at ``end`` names a people's group: "X militias", "X and Y
    militias" (two communities' fighters), "the X community", "the X minority"."""
    if nxt and nxt[0] in _PEOPLE_OF:
        return True
    after = _CAP_PAIR_TAIL.match(text, end)
    return after is not None and after.group(1).lower() in _PEOPLE_OF


_CAP_PAIR_TAIL = re.compile(r"\s+and\s+[A-Z][\w'’-]+\s+([a-z]+)")


def words_after(text: str, end: int, n: int) -> list[str]:
    """The first ``n`` words (or commas) of the 80 characters after ``end``, lower-cased (the
    scan stops at the ``n``-th)."""
    return [m.group().lower() for m in islice(WORDS.finditer(text, end, end + 80), n)]


# "GAZA CITY, Oct 12 (Reuters) -", "KYIV (AP) —", "Idlib, Syria -- ": where the story was filed
_DATELINE_TAIL = re.compile(
    r"^(?:,?\s*[A-Z][\w .'’-]{0,30}?)?(?:,\s*[\w .]{0,20}?)?\s*(?:\([\w .-]{1,30}\)\s*)?"
    r"(?:--|[-–—:])\s"
)


# the city before the country of a dateline ("NAIROBI, Kenya -")
_DATELINE_CITY = re.compile(r"[A-Z][A-Za-z .'’-]{1,30},\s*")


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the name opens a line as a dateline, or is the country after the dateline's city:
    the place the report was filed from."""
    head = text[text.rfind("\n", 0, start) + 1 : start]
    if head.strip() and not _DATELINE_CITY.fullmatch(head):
        return False
    return bool(_DATELINE_TAIL.match(text[end : end + 60]))


# "an official at the main hospital in X told ...": the place is where the speaker works, said
# of who speaks, not of the attack
_SPEAKER_BEFORE = re.compile(
    r"\b(?:official|officials|doctor|doctors|medic|medics|nurse|director|head|chief|spokesman|"
    r"spokeswoman|spokesperson|source|sources|worker|workers|staff|ministry|ministries|"
    r"authorities|office|directorate|department)\s+(?:at|in|from|of)\b"
    r"[^.;:!?\n]{0,70}$",
    re.IGNORECASE,
)
_SAID_AFTER = re.compile(r"\s*,?\s*(?:told|said|says|saying|reported|announced)\b")


# the words before "to" that make it a place's neighbour, not where someone went
_NEXT_TO = frozenset(("adjacent", "next", "close", "closer", "nearby", "adjoining", "near"))


def cue_of(text: str, start: int, end: int, v: Vocab) -> str:
    if is_dateline(text, start, end):
        return "dateline"
    if _SAID_AFTER.match(text, end) and _SPEAKER_BEFORE.search(text, max(0, start - 90), start):
        return "away"
    after = words_after(text, end, 1)
    if after and after[0] in v.landmark_heads:
        return "landmark"  # "Al Barid road", "Hamid Street": a street, not the town
    before = words_before(text, start, 3)
    if before and held_by(before[-1]):
        before = before[:-1]  # "from Houthi-held X": the words before the holder's
    before = before[-2:]
    if before[-1:] == ["to"] and before[0] in _NEXT_TO:
        return "reference"  # "the quarter adjacent to X": X only locates it (no destination)
    if before and before[-1] in v.away_before:
        return "away"
    if len(before) == 2 and before[-1] in ("in", "at") and before[0] in _HOME_BEFORE:
        return "away"  # "armed groups based in X attacked Y": where the attackers are from
    if len(before) == 2 and before[-1] == "of" and before[-2] in v.directions:
        return "reference"  # "villages south of X", "20 km east of X": X only locates them
    if before and (before[-1] in v.cue_before or before[-1] in v.directions):
        return "incident"
    return ""


# a group's home ("militias based in X", "troops stationed at X"), not where it struck
_HOME_BEFORE = frozenset(("based", "stationed", "headquartered", "garrisoned"))


# --- built-in villages: only where the words name them ---------------------------------------

NOT_PLACE_LABELS = frozenset(
    (
        "ORG",
        "PERSON",
        "NORP",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "DATE",
        "TIME",
        "LANGUAGE",
        "MONEY",
        "QUANTITY",
    )
)
_REGISTRIES = ("actors.jsonl", "sources.jsonl")


def is_minor(place: Place) -> bool:
    """A place of the shipped village table (a village, or a neighbourhood it lists): one of
    155,000, mostly without population, many named like words, people or groups."""
    if place.feature != "village" and place.feature != "neighbourhood":
        return False  # (asked 2 million times over 800 reports: the quick test first)
    return not place.id.startswith(("user:", "db:", "additions:", "admin1:"))


@lru_cache(maxsize=1)
def registry_names() -> frozenset[str]:
    """Strict keys of every capitalised name and alias of the actor and outlet registries
    (``pipeline/data/actors.jsonl``, ``sources.jsonl``): "Hawar", "Amaq", "Ansar Allah"."""
    out: set[str] = set()
    for fname in _REGISTRIES:
        path = resources.files("harmwatch.pipeline").joinpath("data", fname)
        if not path.is_file():
            continue
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            for name in (rec.get("name") or "", *rec.get("aliases", ())):
                if name[:1].isupper():
                    out.add(strict_key(name))
                    if name.endswith("s") and not name.endswith(("as", "ss", "us")):
                        # "Houthis": "Houthi" too (not "Hamas": "Hama" is a city)
                        out.add(strict_key(name[:-1]))
    out.discard("")
    return frozenset(out)


_URL = re.compile(r"https?://[^\s\"'<>]+", re.I)
_URL_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def url_countries(text: str | None) -> frozenset[str]:
    """The countries a link names in its host or path ("https://syria.example.com/...",
    ".../killed-airstrike-afghanistan-wedding"): where the publisher filed the story, as a
    headline would say. Names of four letters or more, alone or as two or three words
    ("south-sudan"); none in a text without a link."""
    if not text:
        return frozenset()
    from harmwatch.gazetteer.load import country_codes

    codes = country_codes()
    found: set[str] = set()
    for url in _URL.findall(text):
        words = _URL_WORD.findall(url.lower().split("?", 1)[0])
        used: set[int] = set()
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                name = " ".join(words[k : k + n])
                if len(name) >= 4 and name in codes and not used & set(range(k, k + n)):
                    found.add(codes[name])
                    used.update(range(k, k + n))  # "south-sudan" is not Sudan too
    return frozenset(found)


@lru_cache(maxsize=1)
def _home_groups() -> tuple[Finder | None, dict[str, str]]:
    """A pattern for the capitalised names and aliases (three letters or more) of the non-state
    armed groups of the actor registry that have a home country, and name -> country."""
    table: dict[str, str] = {}
    path = resources.files("harmwatch.pipeline").joinpath("data", "actors.jsonl")
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("type") != "non_state" or not rec.get("country"):
                continue
            for name in (rec.get("name") or "", *rec.get("aliases", ())):
                if any(ch.isupper() for ch in name) and len(name) >= 3:
                    table[name] = rec["country"]
    if not table:
        return None, table
    names = sorted(table, key=len, reverse=True)
    # each word start tried with the names its word can open: the matches of the alternation
    # "(?<![\w-])(?:name|...)(?!\w)", found several times faster (word_scan.py)
    return WordStartScan(map(re.escape, names), ignorecase=False), table


def group_countries(text: str) -> set[str]:
    """The home countries of the armed groups the text names ("YPG fighters": SY; "al-Shabaab
    militants": SO): a group fights mostly in its own country, so it says where, as a demonym
    does (`Vocab.demonym_countries`)."""
    pattern, table = _home_groups()
    if pattern is None:
        return set()
    return {table[m.group(0)] for m in pattern.finditer(text)}


def doubtful_name(m: PlaceMatch, text: str, ents: Sequence[Span]) -> bool:
    """Whether something other than a village is a likelier reading of the name: spaCy calls
    it an organisation, person, product, date ... (and not a place), or it is the name of an
    actor or outlet of the registries."""
    if strict_key(m.text) in registry_names():
        return True
    labels = {e.label_ for e in ents if e.start_char < m.end and m.start < e.end_char}
    return bool(labels & NOT_PLACE_LABELS) and not labels & {"GPE", "LOC", "FAC"}


_ADMIN_UNITS = frozenset(
    (
        "lga",
        "district",
        "county",
        "province",
        "state",
        "department",
        "region",
        "municipality",
        "governorate",
        "division",
        "subdistrict",
        "sub-district",
        "territory",
        "commune",
        "cercle",
        "oblast",
        "raion",
        "prefecture",
    )
)
_TAIL_PAREN = re.compile(r"\s?\(([^()\n]{2,80})\)")
_TAIL_COMMAS = re.compile(r",\s*([^,.;:()\n]{2,40})(?:,\s*([^,.;:()\n]{2,40}))?")


def admin_tail(text: str, end: int) -> tuple[frozenset[str], int]:
    """The strict keys of the admin names right after a place name -- "X (Ariha, Idlib)",
    "X (Beni territory, North Kivu)", "X, Parana," -- with their unit words dropped, and where
    they end; empty when none follow."""
    chunk = text[end : end + 90]
    m = _TAIL_PAREN.match(chunk)
    if m:
        parts = m.group(1).split(",")
    else:
        m = _TAIL_COMMAS.match(chunk)
        if not m:
            return frozenset(), end
        parts = [g for g in m.groups() if g]
    out = set()
    for part in parts:
        words = part.split()
        while words and words[-1].lower() in _ADMIN_UNITS:
            words.pop()
        if words and words[0][:1].isupper():
            out.add(strict_key(" ".join(words)))
    out.discard("")
    return frozenset(out), end + m.end()


_BEARINGS = {"north": (1.0, 0.0), "south": (-1.0, 0.0), "east": (0.0, 1.0), "west": (0.0, -1.0)}


def direction_of(words: Sequence[str]) -> tuple[float, float] | None:
    """The compass direction the words give as a unit (north, east) vector: "south-eastern",
    "south eastern", "southeast" -> (-0.71, 0.71); None when they give none."""
    north = east = 0.0
    for word in words:
        for part in re.split(r"[-\s]", word):
            part = part.removesuffix("ern")
            for head in ("north", "south"):
                if part.startswith(head):
                    north += _BEARINGS[head][0]
                    part = part[len(head) :]
            if part in ("east", "west"):
                east += _BEARINGS[part][1]
    size = (north * north + east * east) ** 0.5
    return (north / size, east / size) if size else None
