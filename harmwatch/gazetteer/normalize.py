"""Keys for place names that survive Arabic (and other) transliteration.

Two keys per name:

- the *strict* key folds case, diacritics, apostrophes and the ayn/hamza marks, drops articles
  (al-, el-, ad-, ash- ...), rewrites known token variants (Kfar/Kefr -> kafr, Dayr -> deir,
  Shaykh -> sheikh), collapses doubled consonants (the shadda, written or not: "Raqa" ==
  "Raqqa") and drops a final -h after a vowel ("Raqqah" == "Raqqa"): "Ma'arrat al-Nu'man" ->
  "maarat numan".
- the *loose* key is a consonant skeleton of the strict key: doubled letters collapsed, vowels
  (and the glides w/y) dropped except one leading vowel written "a", digraph variants unified
  (ch/sh, q/k, dj/j), tokens joined: "Saraqeb" == "Saraqib" == "srkb", "Kafranbel" == "Kafr Nubl"
  == "kfrnbl", "Khan Sheikhoun" == "Khan Shaykhun".

Loose keys shorter than `MIN_LOOSE` are too ambiguous to match on: such names only match strictly.
The rules themselves are data (``data/normalize.json``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

MIN_LOOSE = 4  # shortest loose key allowed to match without a strict match

_MARKS = str.maketrans({c: "" for c in "'’‘`´ʿʾʻʼ\u02bf\u02be\u055a\u0060\u00b4\"“”"})
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = frozenset("aeiouwy")
_DOUBLED_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1+")


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], dict[str, str], tuple[tuple[str, str], ...]]:
    data = resources.files("harmwatch.gazetteer").joinpath("data/normalize.json")
    raw = json.loads(data.read_text(encoding="utf-8"))
    digraphs = tuple((a, b) for a, b in raw["digraphs"])
    return frozenset(raw["articles"]), dict(raw["token_synonyms"]), digraphs


def fold(text: str) -> str:
    """Lowercase ASCII: diacritics, apostrophes and ayn/hamza marks removed."""
    return _fold_letters(text.translate(_MARKS))


def _fold_letters(text: str) -> str:
    text = text.lower()
    if text.isascii():
        return text  # most names: nothing more to fold
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL)).translate(_combining())
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.combining(c))  # beyond the BMP


@lru_cache(maxsize=1)
def _combining() -> dict[int, None]:
    """Every combining mark of the Basic Multilingual Plane, to delete with `str.translate`."""
    return {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}


@dataclass(frozen=True)
class KeyStyle:
    """How `name_key` compares names, step by step (in this order):

    1. ``marks`` (characters) become ``marks_to`` before the letters step when ``marks_first``;
    2. ``letters``: "fold" lowercases, spells ß æ œ ø ... in ASCII and drops diacritics (other
       scripts kept); "ascii" drops diacritics and every non-ASCII character, then lowercases;
       "decompose" drops diacritics (other letters kept), then lowercases;
    3. the ``marks`` become ``marks_to`` here when not ``marks_first``;
    4. ``articles``: Arabic articles before a hyphen or a space (al-, el-, ash ...) dropped;
    5. ``squeeze``: what matches it is deleted.
    """

    marks: str = ""
    marks_to: str = ""
    marks_first: bool = True
    letters: Literal["fold", "ascii", "decompose"] = "fold"
    articles: bool = False
    squeeze: str = ""


FOLD = KeyStyle(marks="".join(chr(c) for c in _MARKS))  # == fold()
# The resolver's key of a place name, one run of letters and digits ("Ma'arrat al-Nu'man" ->
# "maarratnuman"). Its marks stay until squeezed, so "Qal'at" loses "at " as an article:
# a quirk kept, since the resolver's decisions (and the benchmark's database) rest on it.
RESOLVER = KeyStyle(letters="ascii", articles=True, squeeze=r"[^a-z0-9]+")
# The demo check's: apostrophes and hyphens are spaces, then every space goes; other letters
# (ð, ø) are kept as written.
DEMO = KeyStyle(
    marks="\u2018\u2019'`\u02bf\u02be-",
    marks_to=" ",
    marks_first=False,
    letters="decompose",
    squeeze=r"\s+",
)
_ARTICLE = re.compile(r"\b(al|el|ad|ar|as|ash|at|az|an)[- ]")


def name_key(name: str, style: KeyStyle = FOLD) -> str:
    """``name`` as a key for comparing place names, in one of the styles above (the
    gazetteer's `fold`, the resolver's `RESOLVER`, the demo check's `DEMO`)."""
    text = name
    marks = str.maketrans(dict.fromkeys(style.marks, style.marks_to)) if style.marks else None
    if marks and style.marks_first:
        text = text.translate(marks)
    if style.letters == "fold":
        text = _fold_letters(text)
    elif style.letters == "ascii":
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if marks and not style.marks_first:
        text = text.translate(marks)
    if style.articles:
        text = _ARTICLE.sub("", text)
    if style.squeeze:
        text = re.sub(style.squeeze, "", text)
    return text


_AYN = re.compile("['’‘`´ʿʾʻʼ\u02bf\u02be]+")


def readable(name: str) -> str:
    """A GeoNames name as English reporting writes it: diacritics removed, ayn/hamza marks
    dropped at a word's start and written ' inside it: "‘Afrīn" -> "Afrin",
    "Ma‘arrat an Nu‘mān" -> "Ma'arrat an Nu'man", "Arīḩā" -> "Ariha"."""
    if name.isascii() and "'" not in name and "`" not in name:
        return name  # no mark, no diacritic, no special letter: most names
    out = _AYN.sub(
        lambda m: "" if m.start() == 0 or not name[m.start() - 1].isalpha() else "'", name
    )
    out = unicodedata.normalize("NFKD", out.translate(_SPECIAL_CASED))
    return "".join(c for c in out if not unicodedata.combining(c))


_SPECIAL_CASED = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
    }
)


def strict_tokens(name: str) -> list[str]:
    """The name's tokens after folding, article removal and token synonyms."""
    return folded_tokens(fold(name))


def folded_tokens(folded: str) -> list[str]:
    """`strict_tokens` of a name whose `fold` is ``folded``."""
    out: list[str] = []
    for tok in _NON_ALNUM.split(folded):
        if tok:
            tok = _strict_token(tok)
            if tok:
                out.append(tok)
    return out


@lru_cache(maxsize=1 << 18)
def _strict_token(tok: str) -> str:
    """One folded token's strict form; "" for an article. Tokens recur (kafr, deir, tal):
    remembered."""
    articles, synonyms, _ = _rules()
    if tok in articles:
        return ""
    tok = synonyms.get(tok, tok)
    if _DOUBLED_CONSONANT.search(tok):  # shadda written or not: "Raqqa" == "Raqa"
        tok = _DOUBLED_CONSONANT.sub(_first_group, tok)
    if len(tok) > 3 and tok[-1] == "h" and tok[-2] in "aeiou":
        tok = tok[:-1]  # -ah / -eh endings
    return tok


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


@lru_cache(maxsize=1 << 16)
def strict_key(name: str) -> str:
    """The name's strict tokens joined by spaces. Remembered: the place stages ask again for
    the same few names (each candidate of each match, 500,000 times over 800 reports)."""
    return " ".join(strict_tokens(name))


_DOUBLED = re.compile(r"(.)\1+")
_DROP_VOWELS = str.maketrans(dict.fromkeys(_VOWELS))


@lru_cache(maxsize=1 << 18)
def _skeleton(tok: str, first: bool) -> str:
    _, _, digraphs = _rules()
    if _DOUBLED.search(tok):
        tok = _DOUBLED.sub(_first_group, tok)  # doubled letters
    for a, b in digraphs:
        if a in tok:
            tok = tok.replace(a, b)
    head = ""
    if first and tok[0] in "aeiou":
        head, tok = "a", tok[1:]
    elif tok[0] not in "aeiou":
        head, tok = tok[0], tok[1:]
    else:
        tok = tok[1:]
    return head + tok.translate(_DROP_VOWELS)


def loose_key_of_tokens(tokens: list[str]) -> str:
    return "".join([_skeleton(t, i == 0) for i, t in enumerate(tokens) if t])


def loose_key(name: str) -> str:
    return loose_key_of_tokens(strict_tokens(name))


def keys(name: str) -> tuple[str, str]:
    """(strict, loose) keys of a name."""
    return keys_of_folded(fold(name))


def keys_of_folded(folded: str) -> tuple[str, str]:
    """`keys` of a name whose `fold` is ``folded``: the keys depend on nothing else, so a
    caller that folded the name already (or met the fold before) need not fold it again."""
    toks = folded_tokens(folded)
    return " ".join(toks), loose_key_of_tokens(toks)


_VOWEL_RUN = re.compile(r"[aeiouwy]+")


def vowel_key(strict: str) -> str:
    """The strict key with doubled letters collapsed, digraphs unified and every run of vowels
    (and the glides w/y) written "v": where the vowels are, not which ones. "Yadudeh" and
    "Yadudah", "Hamouriya" and "Hamuriyah" share one; "Hbit" and "Habit" do not."""
    _, _, digraphs = _rules()
    out = []
    for tok in strict.split():
        tok = _DOUBLED.sub(_first_group, tok)
        for a, b in digraphs:
            if a in tok:
                tok = tok.replace(a, b)
        out.append(_VOWEL_RUN.sub("v", tok))
    return " ".join(out)


_FINAL_VOWEL_CHARS = "aeiouwy"


@lru_cache(maxsize=1 << 16)
def near_key(strict: str) -> str:
    """A strict key's words run together, doubled letters collapsed, digraphs unified and every
    run of vowels (and the glides w/y) written "v" -- but a final run holding an i or y, the
    Arabic -i/-iyah ending, written "i" (a word's opening w or y stays a consonant): the key of
    a *near* spelling, one that differs only in
    which vowels it writes ("Hezzeh" / "Hazzah", "Qasabiyeh" / "Al Qasabiyah", "Kafr Oweid" /
    "Kafr Uwayd") or where it breaks the words ("Kafrsajna" / "Kafr Sajnah"), not in an ending
    ("Qasabiyeh" is not "Qasabah"). Closer than a shared consonant skeleton (the loose key), so
    such a spelling ranks and scores above one only spelt alike."""
    _, _, digraphs = _rules()
    # a word's opening w or y is a consonant ("Yadudeh" is not "Wadi ad Dawwah")
    word = "".join([t[0].upper() + t[1:] if t[0] in "wy" else t for t in strict.split()])
    word = _DOUBLED.sub(_first_group, word)
    for a, b in digraphs:
        if a in word:
            word = word.replace(a, b)
    stem = word.rstrip(_FINAL_VOWEL_CHARS)  # the final run of vowels cut (no line breaks here)
    tail = ""
    if len(stem) < len(word):
        end = word[len(stem) :]
        tail = "i" if "i" in end or "y" in end else "v"
        word = stem
    return _VOWEL_RUN.sub("v", word) + tail
