"""Numbers as conflict reports write them: digits, number words, vague quantities, qualifiers.

`find_quantities(text)` returns every count phrase in a text with its character offsets:

    "at least 21"        value 21, value_max None, qualifier at_least
    "more than 60"       value 60 (the number as said), value_max None, qualifier more_than
    "up to 35"           value 35, value_max 35, qualifier up_to (the lower bound is not said)
    "between 10 and 20"  value 10, value_max 20, qualifier range (also "10 to 20", "10-20",
                         "two or three")
    "nearly 30", "about 30", "some 30": value 30, value_max 30, qualifier nearly / about
    "dozens"             value 24, value_max None, qualifier vague (scores 40, tens 20,
                         hundreds 200, thousands 2000, several 3, a few 2, a number of 2)
    "a dozen", "half a dozen", "two dozen": 12, 6, 24, exact
    "1,300", "twenty-one", "a hundred", "3 million": exact

`value` is always the number as said; `qualifier` tells how to read it (figures.reconcile does).
Number words are parsed by text2num (English); what it does not know comes from
``data/quantifiers.jsonl``. Counts that are not casualty counts (years, ages, times, ordinals,
percentages) are left out here when their form says so; figures.py decides the rest by context.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from text_to_num import text2num

DATA = Path(__file__).parent / "data"

UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ("hundred", "thousand", "million")
MAX_COUNT = 1_000_000_000  # larger "counts" are not casualty figures (and overflow int4 columns)
MAX_NUMBER_WORDS = 12  # "one hundred and twenty-three thousand four hundred and fifty-six"


MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of|ages\s+of|age)\s*$", re.IGNORECASE)
MONTH_BEFORE = re.compile(rf"\b{MONTHS}\.?\s*$", re.IGNORECASE)
MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s*(?:of\s+)?{MONTHS}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    value: int
    value_max: int | None
    qualifier: str  # exact | at_least | more_than | up_to | nearly | about | range | vague
    start: int  # whole phrase, qualifier included
    end: int
    number_start: int  # the number itself
    number_end: int
    text: str


@dataclass(frozen=True)
class _Vocab:
    qualifiers: dict[str, str]
    vague: dict[str, int]
    exact: dict[str, int]
    pattern: re.Pattern[str]
    # a capitalised word whose number is part of a name, not a count ("Barrio 18", "Brigade 313")
    name_head: re.Pattern[str]


def _alt(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    qualifiers: dict[str, str] = {}
    vague: dict[str, int] = {}
    exact: dict[str, int] = {}
    heads: list[str] = []
    with open(DATA / "quantifiers.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["kind"] == "qualifier":
                qualifiers[row["phrase"]] = row["qualifier"]
            elif row["kind"] == "name_head":
                heads += row["words"]
            elif row["kind"] == "vague":
                for p in [row["phrase"], *row.get("aliases", [])]:
                    vague[p] = int(row["value"])
            else:
                exact[row["phrase"]] = int(row["value"])
    word = "|".join([*UNITS, *TENS, *SCALES])
    # a run of number words: "twenty-one", "one hundred and five", "a hundred", "three thousand"
    words = (
        rf"(?:(?:a|one)\s+(?:hundred|thousand)|(?:{word}))"
        rf"(?:(?:\s+|-)(?:{word})|(?<=hundred)\s+and\s+(?:{word})|(?<=thousand)\s+and\s+(?:{word}))*"
    )
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?"
    number = rf"(?:{digits}|{words})"
    qual = _alt(list(qualifiers))
    fixed = _alt(list(exact))
    vag = _alt(list(vague))
    pattern = re.compile(
        rf"(?<![\w.,/:-])(?:(?P<qual>{qual})\s+)?"
        rf"(?:(?P<fixed>{fixed})|(?P<vague>{vag})"
        rf"|(?:(?P<between>between|from)\s+)?(?P<n1>{number})"
        rf"(?:\s*(?P<sep>-|–|to|and|or)\s*(?P<n2>{number}))?)"
        rf"(?P<more>\s+or\s+more)?(?![\w%])",
        re.IGNORECASE,
    )
    name_head = re.compile(rf"(?<![\w-])(?:{_alt(heads)})\s+$")  # as written: capitalised
    return _Vocab(qualifiers, vague, exact, pattern, name_head)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def parse_number(s: str) -> int | None:
    """'1,300' -> 1300, 'twenty-one' -> 21, 'a hundred' -> 100, '3 million' -> 3000000.
    None for what is no count of people (over MAX_COUNT: an id, a sum of money, noise)."""
    value = _parse_number(s)
    return value if value is None or value <= MAX_COUNT else None


def _parse_number(s: str) -> int | None:
    s = _norm(s)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (thousand|million))?", s.replace(",", ""))
    if m:
        scale = {"thousand": 1000, "million": 1_000_000}.get(m.group(2) or "", 1)
        if len(m.group(1)) > 15:  # no count of people has more digits: an id or noise
            return None
        if "." not in m.group(1):
            return int(m.group(1)) * scale  # exact, however long ('9' * 309 overflows a float)
        return int(Decimal(m.group(1)) * scale)
    s = re.sub(r"^a (hundred|thousand)", r"one \1", s).replace("-", " ")
    try:
        return int(text2num(s, "en"))
    except ValueError:
        return None


def _split_words(s: str) -> list[tuple[int, int, int]]:
    """A run of number words that text2num refuses as a whole ('one two') -> parseable pieces,
    as (value, start, end) relative to ``s``; the longest parseable prefix first."""
    toks = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", s)]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(toks):
        # a number is said in at most a dozen words: longer runs would cost O(n^2) parses
        for j in range(min(len(toks), i + MAX_NUMBER_WORDS), i, -1):
            if s[toks[j - 1][0] : toks[j - 1][1]].lower() == "and":
                continue
            v = parse_number(s[toks[i][0] : toks[j - 1][1]])
            if v is not None:
                out.append((v, toks[i][0], toks[j - 1][1]))
                i = j
                break
        else:
            i += 1
    return out


def _skip_digits(text: str, start: int, end: int) -> bool:
    """Digits that are not counts: years, times, ordinals, ages, percentages, decimals, ids."""
    after = text[end : end + 12].lower()
    before = text[max(0, start - 2) : start]
    raw = text[start:end]
    if re.match(r"(?:st|nd|rd|th)\b|[:%]|-?\s?(?:year|month|day|week)s?[- ]old|\.\d", after):
        return True
    if re.match(
        r"\s*(?:am|pm|a\.m|p\.m|km|kilomet|met|mm|kg|hours?|minutes?|per\s?cent|percent)\b", after
    ):
        return True
    if before.endswith(("$", "£", "€", "#", "@")) or AGE_BEFORE.search(
        text, max(0, start - 20), start
    ):
        return True
    if MONTH_BEFORE.search(text, max(0, start - 20), start) or MONTH_AFTER.match(text, end):
        return True  # a day of the month: "October 10", "10 October", "the 7th of October"
    if vocab().name_head.search(text, max(0, start - 20), start):
        return True  # a number in a name: "Barrio 18", "Brigade 313", "Route 5"
    return bool(re.fullmatch(r"(?:19|20)\d\d", raw))


def find_quantities(text: str) -> list[Quantity]:
    """Every count phrase in ``text``, in order, with offsets into ``text``."""
    v = vocab()
    out: list[Quantity] = []
    for m in v.pattern.finditer(text):
        qual_word = m.group("qual")
        qualifier = v.qualifiers[_norm(qual_word)] if qual_word else "exact"
        if m.group("fixed"):
            val = v.exact[_norm(m.group("fixed"))]
            vmax = None if qualifier in ("at_least", "more_than") else val
            out.append(_mk(m, qualifier, val, vmax, "fixed"))
            continue
        if m.group("vague"):
            val = v.vague[_norm(m.group("vague"))]
            q = qualifier if qualifier in ("at_least", "more_than") else "vague"
            out.append(_mk(m, q, val, None, "vague"))
            continue
        n1s, n1e = m.span("n1")
        if re.match(r"\d", m.group("n1")) and _skip_digits(text, n1s, n1e):
            continue
        n1 = parse_number(m.group("n1"))
        if n1 is None:
            for val, s, e in _split_words(m.group("n1")):
                out.append(
                    Quantity(
                        val,
                        val,
                        "exact",
                        n1s + s,
                        n1s + e,
                        n1s + s,
                        n1s + e,
                        text[n1s + s : n1s + e],
                    )
                )
            continue
        sep = (m.group("sep") or "").lower()
        between = (m.group("between") or "").lower()
        n2 = parse_number(m.group("n2")) if m.group("n2") else None
        # "estimates range from 30 to 50" is a range; "rose from 10 to 15" two counts
        spread = between == "from" and bool(
            _SPREAD.search(text, max(0, m.start("between") - 20), m.start("between"))
        )
        ranged = (
            n2 is not None
            and n2 > n1
            and (
                (sep == "and" and between == "between")
                or (sep in ("to", "-", "–") and (between != "from" or spread))
                or sep == "or"
            )
        )
        if ranged and sep in ("-", "–") and not m.group("n1")[0].isdigit():
            ranged = False
        if ranged:
            assert n2 is not None
            start = m.start("between") if between else m.start()
            q = "at_least" if qualifier in ("at_least", "more_than") else "range"
            out.append(
                Quantity(
                    n1,
                    None if q == "at_least" else n2,
                    q,
                    start,
                    m.end(),
                    n1s,
                    m.end("n2"),
                    text[start : m.end()],
                )
            )
            continue
        end = n1e
        if m.group("more"):
            qualifier, end = "at_least", m.end("more")
        vmax = None if qualifier in ("at_least", "more_than") else n1
        start = m.start("qual") if qual_word else n1s
        out.append(Quantity(n1, vmax, qualifier, start, end, n1s, n1e, text[start:end]))
        if m.group("n2") and not ranged and n2 is not None:
            # "21 and 82", "from 10 to 15": two numbers, not a range
            s2, e2 = m.span("n2")
            if not (m.group("n2")[0].isdigit() and _skip_digits(text, s2, e2)):
                out.append(Quantity(n2, n2, "exact", s2, e2, s2, e2, text[s2:e2]))
    # "a six-year-old boy": an age in words, like the digits `_skip_digits` leaves out
    return [q for q in out if not _AGE.match(text, q.number_end)]


_SPREAD = re.compile(r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying))\s+$", re.IGNORECASE)
_AGE = re.compile(r"-?\s?(?:year|month|day|week)s?[- ]old\b", re.IGNORECASE)


def _mk(m: re.Match[str], qualifier: str, val: int, vmax: int | None, grp: str) -> Quantity:
    s, e = m.span(grp)
    start = m.start("qual") if m.group("qual") else s
    end = m.end("more") if m.group("more") else e
    if m.group("more"):
        qualifier, vmax = "at_least", None
    return Quantity(val, vmax, qualifier, start, end, s, e, m.string[start:end])
