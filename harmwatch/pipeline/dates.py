"""Dates: absolute ("15 January 2020", "Jan. 15"), relative to the publication date ("on Tuesday",
"overnight Monday", "yesterday", "last week"), and past context ("in late April", "in 2016").

The spaCy component ``hw_dates`` sets ``doc._.hw_dates`` (tuple of `DateMention`). The reference
date is ``doc._.hw_published``; when it is unknown, `find_dateline(text)` looks for a dateline at
the head of the text ("Wed 05 Apr 2017", "BEIRUT, Oct 8 (Reuters) -", "Monday 12 March 2018").
Without either, a date without a year gets one only when the text fixes it: a weekday + date pair
("Wednesday (January 15)") that matches exactly one of the years the text mentions. Relative
dates stay unresolved (date None). Nothing is guessed.

Rules (the weekday one is what reports mean): "on Tuesday" is the most recent Tuesday on or
before the reference date, "last Tuesday" the most recent one before it; a date without a year
takes the reference year, or the year before when that would put it more than two days after
the reference. ``past`` is set when the period ends more than 7 days before the reference (the
report's own days are the week before it). Month and weekday words come from ``data/dates.json``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from harmwatch.pipeline.numbers import parse_number
from harmwatch.pipeline.types import DateMention, doc_text

DATA = Path(__file__).parent / "data"
OWN_DAYS = 7


@dataclass(frozen=True)
class _Vocab:
    months: dict[str, int]
    weekdays: dict[str, int]
    absolute: list[re.Pattern[str]]
    absolute_needs: tuple[str, ...]  # a character each match of ``absolute`` holds ("" none)
    month_only: re.Pattern[str]
    year_only: re.Pattern[str]
    weekday: re.Pattern[str]
    relative: re.Pattern[str]
    years: re.Pattern[str]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    raw = json.loads((DATA / "dates.json").read_text(encoding="utf-8"))
    months = {k.lower(): int(v) for k, v in raw["months"].items()}
    weekdays = {k.lower(): int(v) for k, v in raw["weekdays"].items()}
    mon = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    full = "|".join(k for k in months if (len(k) > 3 and k != "sept") or k == "may")
    wd = "|".join(sorted(map(re.escape, weekdays), key=len, reverse=True))
    wd_pre = rf"(?:(?P<wd>{wd})\.?(?:,?\s+(?:the\s+)?|\s*\(\s*))?"
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    # what a match can start with, as a look-ahead: the same matches, found 2-4 times faster
    # (the engine no longer tries every weekday and month name at every position)
    wd_first, mon_first = _first_letters(weekdays), _first_letters(months)
    absolute = [
        # 15 January 2020, Wednesday 15 January, the 7th of October
        rf"(?=[\d{wd_first}]){wd_pre}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{mon})\b\.?(?:,?\s+{year})?",
        # January 15, Jan. 15, 2020, Saturday, October 7th, 2023, Oct 262016
        rf"(?=[{wd_first}{mon_first}]){wd_pre}(?P<m>{mon})\b\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:(?!\d)(?:,?\s+{year})?"
        rf"|{year.replace('<y>', '<y2>')})",
        # 09-07-2016, 18.05.2017 (day first), 2017-05-18
        rf"(?<![\d.])(?P<d>\d{{1,2}})[./-](?P<mn>\d{{1,2}})[./-]{year}",
        # Friday (11/18/22), 18/11/22: a two-digit year between slashes
        rf"(?=[\d{wd_first}]){wd_pre}(?<![\d./])(?P<d>\d{{1,2}})/(?P<mn>\d{{1,2}})/(?P<ys>\d\d)(?![\d/])",
        r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<mn>\d{2})-(?P<d>\d{2})(?!\d)",
    ]
    # the words a month or weekday phrase can open with, and their first letters as a look-ahead
    # (the same matches, found twice as fast)
    month_pre = "in|since|during|until|by|of|last|this|early|late|mid|from"
    month_first = _first_letters([*month_pre.split("|"), *months])
    weekday_pre = "on|overnight|early|late|last|this|since|by|until|from|before|between"
    weekday_first = _first_letters([*weekday_pre.split("|"), *weekdays])
    return _Vocab(
        months=months,
        weekdays=weekdays,
        absolute=[re.compile(p, re.IGNORECASE) for p in absolute],
        absolute_needs=("", "", "", "/", "-"),  # the slashed day, the ISO date
        month_only=re.compile(
            rf"(?=[{month_first}])\b(?:(?P<pre>{month_pre})\s+)?"
            rf"(?:(?P<part>early|late|mid)-?\s*)?(?P<m>{full})\b(?:\s+(?:of\s+)?{year})?",
            re.IGNORECASE,
        ),
        year_only=re.compile(
            rf"\b(?:in|since|during|until|by|throughout|early|late|mid|of)\s+"
            rf"(?:(?:early|late|mid)-?\s*)?{year}",
            re.IGNORECASE,
        ),
        weekday=re.compile(
            rf"(?=[{weekday_first}])\b(?:(?P<pre>{weekday_pre})\s+)?"
            rf"(?:(?:early|late|overnight)\s+)?(?:on\s+)?(?P<wd>{wd})\b\.?"
            rf"(?:\s+(?:morning|afternoon|evening|night))?"
            rf"(?:\s+(?:and|to|through|until|or|-)\s+(?:(?:early|late)\s+)?(?P<wd2>{wd})\b"
            rf"(?:\s+(?:morning|afternoon|evening|night))?)?",
            re.IGNORECASE,
        ),
        relative=re.compile(
            r"\b(?:(?P<yday>the\s+day\s+before\s+yesterday|yesterday)|(?P<today>earlier\s+today|"
            r"today|tonight|this\s+(?:morning|afternoon|evening))|(?P<lastnight>last\s+night)|"
            r"(?P<week>(?:last|this|earlier\s+this|previous)\s+week)|"
            r"(?P<month>(?:last|this|earlier\s+this|previous)\s+month)|"
            r"(?P<year>(?:last|this|earlier\s+this|previous)\s+year)|"
            r"(?P<n>\w+|a|an)\s+(?P<unit>day|week|month|year)s?\s+ago|"
            # "over the past 48 hours", "in the last two days": a span of the report's own days
            r"(?P<span>(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+"
            r"(?P<sn>\w+)\s+(?P<su>hours|days)))\b",
            re.IGNORECASE,
        ),
        years=re.compile(r"(?<![\d.,])(?:19[89]\d|20[0-4]\d)(?![\d,])"),
    )


def _first_letters(words: Iterable[str]) -> str:
    """The first characters of ``words`` for a character class (all words are non-empty)."""
    return "".join(sorted({re.escape(w[0]) for w in words}))


def _mk(
    m: re.Match[str],
    d: dt.date | None,
    end: dt.date | None,
    prec: str,
    rel: bool,
    ref: dt.date | None,
) -> DateMention:
    past = False
    if ref is not None and d is not None:
        past = (end or d) < ref - dt.timedelta(days=OWN_DAYS)
    return DateMention(m.start(), m.end(), m.group(0), d, end, prec, rel, past)


def _safe(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _year_from_weekday(mo: int, d: int, wd: int, years: set[int]) -> int | None:
    fits = [y for y in years if (x := _safe(y, mo, d)) is not None and x.weekday() == wd]
    return fits[0] if len(fits) == 1 else None


def _month_end(y: int, mo: int) -> dt.date:
    return dt.date(y, mo, calendar.monthrange(y, mo)[1])


def _absolute(text: str, ref: dt.date | None, years: set[int]) -> list[DateMention]:
    v = vocab()
    out: list[DateMention] = []
    for pat, needs in zip(v.absolute, v.absolute_needs, strict=True):
        if needs not in text:
            continue  # "11/18/22" needs its slash: no search of a text without one
        for m in pat.finditer(text):
            if any(o.start < m.end() and m.start() < o.end for o in out):
                continue
            g = m.groupdict()
            mo = int(g["mn"]) if g.get("mn") else v.months[g["m"].lower().rstrip(".")]
            day = int(g["d"])
            if g.get("mn") and mo > 12 and day <= 12:  # 05/18/2017: month first after all
                mo, day = day, mo
            if not (1 <= mo <= 12 and 1 <= day <= 31):
                continue
            rel = False
            yr = g.get("y") or g.get("y2")
            y = int(yr) if yr else 2000 + int(g["ys"]) if g.get("ys") else None
            wd = v.weekdays[g["wd"].lower()] if g.get("wd") else None
            if g.get("ys") and y and wd is not None and day <= 12 and (x := _safe(y, day, mo)):
                if x.weekday() == wd:  # "Saturday (10/08/22)": the reading that is a Saturday
                    mo, day = day, mo
            if y is None and ref is not None:
                y, rel = ref.year, True
                if (x := _safe(y, mo, day)) and x > ref + dt.timedelta(days=2):
                    y -= 1
            elif y is None and wd is not None:
                y = _year_from_weekday(mo, day, wd, years)
            d = _safe(y, mo, day) if y else None
            out.append(_mk(m, d, None, "day", rel, ref))
    return out


def _weekday(m: re.Match[str], ref: dt.date | None) -> DateMention:
    v = vocab()
    if ref is None:
        return _mk(m, None, None, "day", True, ref)
    wd = v.weekdays[m.group("wd").lower()]
    back = (ref.weekday() - wd) % 7
    if (m.group("pre") or "").lower() == "last" and back == 0:
        back = 7
    d = ref - dt.timedelta(days=back)
    end = None
    if m.group("wd2"):
        end = d + dt.timedelta(days=(v.weekdays[m.group("wd2").lower()] - wd) % 7)
        if end > ref:
            d, end = d - dt.timedelta(days=7), end - dt.timedelta(days=7)
    return _mk(m, d, end, "day", True, ref)


def _relative(m: re.Match[str], ref: dt.date | None) -> DateMention | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    word = m.group(0).lower()
    prec = "day"
    if ref is None:
        prec = next((p for p in ("week", "month", "year") if p in g or g.get("unit") == p), "day")
        return _mk(m, None, None, prec, True, ref)
    d: dt.date | None
    end: dt.date | None = None
    if "yday" in g:
        d = ref - dt.timedelta(days=2 if "before" in word else 1)
    elif "today" in g:
        d = ref
    elif "lastnight" in g:
        d = ref - dt.timedelta(days=1)
    elif "span" in g:
        # the span's days, from its first: "over the past 48 hours" of a report of the 4th is
        # the 2nd to the 4th. Longer spans are a period's tally, no day of an incident.
        n = parse_number(g["sn"])
        if n is None:
            return None
        days = -(-n // 24) if g["su"].lower() == "hours" else n
        if not 1 <= days <= 3:
            return None
        d, end = ref - dt.timedelta(days=days), ref
    elif "week" in g:
        d = ref - dt.timedelta(days=ref.weekday() + (7 if word.startswith(("last", "prev")) else 0))
        end, prec = min(ref, d + dt.timedelta(days=6)), "week"
    elif "month" in g:
        y, mo = (ref.year, ref.month)
        if word.startswith(("last", "prev")):
            y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        d, end, prec = dt.date(y, mo, 1), min(ref, _month_end(y, mo)), "month"
    elif "year" in g:
        y = ref.year - (1 if word.startswith(("last", "prev")) else 0)
        d, end, prec = dt.date(y, 1, 1), min(ref, dt.date(y, 12, 31)), "year"
    else:
        n = 1 if g["n"].lower() in ("a", "an") else parse_number(g["n"])
        if n is None:
            return None
        unit = g["unit"].lower()
        if unit == "day":
            d = ref - dt.timedelta(days=n)
        elif unit == "week":
            d, prec = ref - dt.timedelta(days=7 * n), "week"
        elif unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            d, end, prec = dt.date(y, mo + 1, 1), _month_end(y, mo + 1), "month"
        else:
            d, end, prec = dt.date(ref.year - n, 1, 1), dt.date(ref.year - n, 12, 31), "year"
    return _mk(m, d, end, prec, True, ref)


def _month(m: re.Match[str], ref: dt.date | None) -> DateMention | None:
    mo = vocab().months[m.group("m").lower()]
    y = int(m.group("y")) if m.group("y") else None
    if y is None and not m.group("pre") and not m.group("part"):
        return None  # a bare month name ("March") is not a date phrase
    rel = y is None
    if y is None and ref is not None:
        y = ref.year if mo <= ref.month else ref.year - 1
        if (m.group("pre") or "").lower() == "last" and mo == ref.month:
            y -= 1
    if y is None:
        return _mk(m, None, None, "month", rel, ref)
    part = (
        m.group("part")
        or (m.group("pre") if m.group("pre") in ("early", "late", "mid") else "")
        or ""
    ).lower()
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}.get(part, (1, 31))
    end = min(_month_end(y, mo), dt.date(y, mo, min(last, _month_end(y, mo).day)))
    return _mk(m, dt.date(y, mo, first), end, "month", rel, ref)


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date phrase in ``text``, resolved against ``published`` where it is relative."""
    v = vocab()
    years = {int(y) for y in v.years.findall(text)}
    out = _absolute(text, published, years)

    def free(m: re.Match[str]) -> bool:
        return not any(o.start < m.end() and m.start() < o.end for o in out)

    for m in v.month_only.finditer(text):
        if free(m) and (r := _month(m, published)) is not None:
            out.append(r)
    for m in v.year_only.finditer(text):
        if free(m):
            y = int(m.group("y"))
            out.append(_mk(m, dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False, published))
    for m in v.weekday.finditer(text):
        if free(m):
            out.append(_weekday(m, published))
    for m in v.relative.finditer(text):
        if free(m) and (r := _relative(m, published)) is not None:
            out.append(r)
    out.sort(key=lambda d: d.start)
    for m in COUNTED_DAYS.finditer(text):
        if free(m) and (r := _counted_days(text, m, out, published)) is not None:
            out.append(r)
    return sorted(out, key=lambda d: d.start)


# A day counted from the date just told: "the day before", "the previous day", "a day earlier"
# (-1); "the next day", "the following morning", "a day later" (+1); "two days later", "three
# days earlier" (+-N); "on the same day", "later that day", "hours later" (0).
COUNTED_DAYS = re.compile(
    r"\b(?:(?P<same>(?:on\s+)?the\s+same\s+day|later\s+that\s+day|that\s+same\s+day|hours\s+later)\b"
    r"|(?P<before>(?:the|a)\s+day\s+(?:before|prior)\b(?!\s+(?:yesterday|to|that|the|its|"
    r"his|her|their|a|an)\b)|the\s+(?:day\s+earlier|previous\s+day|preceding\s+day|prior\s+day)\b"
    r"|a\s+day\s+earlier\b)"
    r"|(?P<after>the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)\b"
    r"|a\s+day\s+later\b)"
    r"|(?P<n>\w+)\s+days\s+(?P<dir>later|earlier|afterwards|before)\b(?!\s+(?:that|the|its|his|"
    r"her|their|a|an)\b))",
    re.IGNORECASE,
)
_ANAPHOR_REACH = 300  # characters back to the date the phrase counts from
SENTENCE_END = re.compile(r"[.!?]\s")  # a sentence ends here (the next one starts)


def _counted_days(
    text: str, m: re.Match[str], found: Sequence[DateMention], ref: dt.date | None
) -> DateMention | None:
    """The day ``m`` counts to from the nearest day-precise date told before it; None when
    there is none (a day counted from what the text does not say: another event's). "The day
    before" counts from a date of its own sentence only ("...killed 6 people the day before");
    a count that opens a sentence ("Two days later, ...") from the sentence before."""
    if m.group("same"):
        days = 0
    elif m.group("before"):
        days = -1
    elif m.group("after"):
        days = 1
    else:
        n = parse_number(m.group("n"))
        if n is None or not 1 < n <= 31:
            return None
        days = -n if m.group("dir").lower() in ("earlier", "before") else n
    head = text[max(0, m.start() - 12) : m.start()]
    # "the same day" is the day just told, in its own sentence or the one before ("X was hit
    # on Sunday. Y was shelled the same day")
    opening = (
        m.start() <= 12 and not head.strip() or bool(re.search(r"[.!?]\W*$", head)) or days == 0
    )
    told = [
        d.date
        for d in found
        if d.end <= m.start()
        and m.start() - d.end <= _ANAPHOR_REACH
        and d.precision == "day"
        and d.date is not None
        and len(SENTENCE_END.findall(text, d.end - 1, m.start())) <= int(opening)
    ]
    base = told[-1] if told else None
    if base is None:
        return None
    return dataclasses.replace(
        _mk(m, base + dt.timedelta(days=days), None, "day", True, ref), counted=days != 0
    )


def find_dateline(text: str, head: int = 300) -> DateMention | None:
    """The report's own date from a dateline at the head of the text, or None. A dateline
    without a year counts only when its weekday fixes the year among the years the text names."""
    v = vocab()
    years = {int(y) for y in v.years.findall(text)}
    found = [d for d in _absolute(text[:head], None, years) if d.date is not None]
    return min(found, key=lambda d: d.start) if found else None


# a wire dateline's head: the city (and its country or province) in capitals or title case,
# a comma, then the date ("MEKELLE, Jan 9 (Reuters) -", "Kyiv, Ukraine, 3 March --")
_DATELINE_HEAD = re.compile(
    r"\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
    r"(?:,\s*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})?,\s*"
)
# what closes it: the agency's name in brackets, then a dash or a colon
_DATELINE_TAIL = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:--|[-–—:])\s")


def wire_dateline(text: str) -> tuple[int, int] | None:
    """The span of the date in a wire dateline that opens the text ("MEKELLE, Jan 9 (AFP) -"):
    the day the story was filed, which is not the day of anything it tells."""
    head = _DATELINE_HEAD.match(text)
    if head is None:
        return None
    dates = _absolute(text[: head.end() + 40], None, set())
    first = min(dates, key=lambda d: d.start, default=None)
    if first is None or first.start != head.end() or not _DATELINE_TAIL.match(text, first.end):
        return None
    return first.start, first.end


@Language.factory("hw_dates", assigns=["doc._.hw_dates"])
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()


class DatesComponent:
    def __init__(self) -> None:
        vocab()

    def __call__(self, doc: Doc) -> Doc:
        ref = doc._.hw_published
        if ref is None and (line := find_dateline(doc_text(doc))) is not None:
            ref = line.date
        doc._.hw_dates = tuple(find_dates(doc_text(doc), ref))
        return doc
