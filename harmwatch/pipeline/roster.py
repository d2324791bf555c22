"""The roster of the dead: how many children and women a report's list of named victims holds.

Monitors code a strike's children and women from the victims the sources name, with their
ages: "his wife, 35-year-old Enas", "their son Omar (12)", "a 4-month-old infant", "Umm
Muhammad". A report that gives no count of children ("including five children") often gives
such a roster, and the count is then the analyst's: a child is under 18 or called an infant,
baby, toddler, girl or boy; a woman is 18 or over, or a wife, mother, grandmother, sister, widow
or aunt (a daughter, a niece without an age may be either). Each person counts once (by the
first two words of the name given), and only in sentences that tell of deaths (not of the
wounded).

`roster_figures` gives one `FigureMention` per group (kind "killed", ``roster`` set), placed at
the roster's first entry; reconciliation uses it for children and women only: when the report
gives no count of the group, or a lower one than the victims it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from harmwatch.pipeline.numbers import parse_number
from harmwatch.pipeline.types import FigureMention

ADULT = 18

_DEATH = re.compile(
    r"\b(?:killed|killing|died|dead|death|deaths|martyr\w*|bodies|body|perished|slain|"
    r"lost (?:their|his|her) li(?:fe|ves)|victims?|identified|named as|among those|mourn\w*|"
    r"funeral|buried|"
    r"obituar\w*|condolence\w*|griev\w*|loss\s+of)\b",
    re.IGNORECASE,
)
_HURT = re.compile(r"\b(?:injur\w*|wound\w*|hurt|hospitali[sz]ed|surviv\w*)\b", re.IGNORECASE)
_PARTICLE = r"(?:(?:Al|al|El|el|Abu|Abo|Umm|Bin|bin|Ibn|de|van)[- ]?)?"
_NAME = rf"({_PARTICLE}[A-Z][\w'’`-]+(?:\s+{_PARTICLE}[A-Z][\w'’`-]+){{0,4}})"
_KIN_CHILD = r"infant|baby|toddler|newborn|little girl|little boy|girl|boy"
_KIN_WOMAN = r"wife|mother|grandmother|sister|widow|aunt|woman|sister-in-law|mother-in-law"
_KIN_OTHER = (
    r"son|daughter|granddaughter|grandson|niece|nephew|cousin|brother|father|husband|uncle|child"
)
_FEMALE = re.compile(
    r"\b(?:wife|mother|grandmother|sister|widow|aunt|woman|daughter|granddaughter|niece|girl|"
    r"she|Umm|female)\b"
    # "her" of a woman, not of her son or husband ("her son Omar (35)")
    r"|\bher\b(?!\s+(?:[\w-]+\s+)?(?:sons?|husband|brothers?|father|grandsons?|nephews?|uncle)\b)"
)
# "16-year-old Rashid", "(33 years old)", "aged 12", "Dima (13)", "a 4-month-old infant"
_AGE_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_AGE = re.compile(
    rf"(?<![\w.])(?P<age>\d{{1,3}}|(?i:{_AGE_WORD}))(?:\s*(?:to|-|–)\s*\d{{1,3}})?[\s-]*"
    r"(?:years?|yrs?)[\s-]*old\b"
    r"|\baged\s+(?P<aged>\d{1,3})\b"
    rf"|(?<![\w.])(?P<months>\d{{1,2}}|(?i:{_AGE_WORD}))[\s-]*(?:months?|weeks?|days?)[\s-]*old\b"
    # "(less than a year old)", "under one year old": a baby
    r"|\b(?P<infant>(?:less\s+than|under)\s+(?:a|one)\s+year[\s-]*old)\b"
    r"|(?<=[A-Za-z’'] )\((?P<paren>\d{1,2})\)",
    re.IGNORECASE,
)
_KIN = re.compile(
    rf"\b(?:(?P<child>{_KIN_CHILD})|(?P<woman>{_KIN_WOMAN})|(?P<other>{_KIN_OTHER}))\b"
    rf"(?:\s+(?:{_KIN_OTHER})\b)?(?:,)?\s+{_NAME}"
    r"|\b(?P<umm>Umm\s+[A-Z][\w'’-]+)",
)
_NAME_AFTER = re.compile(rf"\s*(?:(?:{_KIN_CHILD}|{_KIN_WOMAN}|{_KIN_OTHER}),?\s+)?{_NAME}")
# where one person's words end: "Nazir (36), his wife Enas (35)"
_DELIM = re.compile(r"[,;(]|\band\b|\bwith\b|\balongside\b")
_NAME_BEFORE = re.compile(rf"{_NAME}\s*,?\s*\(?\s*$")
_WINDOW = 40  # characters around an age searched for the person's sex
_CLAUSE_CUT = re.compile(r"[,;]|\s(?:and|while|whereas|but)\s")
_FEMALE_PLURAL = r"daughters|sisters|wives|women|mothers|grandmothers|granddaughters|nieces|aunts"
# "their two daughters, Sara Nasser (27 years old) and Huda Nasser (31": each one of the list
# that a plural kin word heads is a woman (names, ages and "and" between the word and the age)
_HEADED_BY_FEMALE = re.compile(
    rf"\b(?:{_FEMALE_PLURAL})\b\s*[,:]?\s+(?:(?:{_PARTICLE}[A-Z][\w'’`-]*|and|\([^()]{{0,30}}\)"
    r"|\d{1,3}[\s-]*(?:years?|yrs?)[\s-]*old)[\s,]*)*\(?\s*$"
)
# "Huda Nasser (31 years old), the daughter of ...": an apposition after the age says who she is
# "(53 years old, female)": a list that gives each one's sex
_FEMALE_AFTER = re.compile(
    r"\s*,\s*female\b|\s*\)?\s*,\s*(?:the|a|an)\s+(?:[\w'’-]+\s+)?(?:daughter|wife|mother|sister|"
    r"widow|grandmother|granddaughter|niece|aunt)\s+of\b"
)


@dataclass(frozen=True)
class Entry:
    start: int
    end: int
    key: str  # the first two words of the name ("" when none is given)
    child: bool
    woman: bool


# "his wife Dr. Maysaa": a title's full stop ends no sentence
_TITLE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|Eng|St|Gen|Col|Lt|Sgt|Capt|Maj)$")
# "Manal Odeh was killed alongside her three sons", "Salam (33 years old), along with her
# husband": the person a "her" of the same clause points back to is a woman
_HER_AFTER = re.compile(
    r"\s*\)?\s*,?\s+(?:(?:was|has\s+been)\s+(?:[a-z]+\s+){0,2}?(?:killed|martyred)\s*,?\s+)?"
    r"(?:alongside|along\s+with|with|together\s+with)\s+(?:[a-z]+\s+){0,3}?her\b"
)
_NAME_HER = re.compile(rf"(?:^|(?<=[.;:]\s))\s*(?P<name>{_NAME})(?={_HER_AFTER.pattern})")


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    # "... and eight injuries.63-year old Ramadan": a sentence may start with an age
    for m in re.finditer(r"[.!?](?=\s|[A-Z“\"])|(?<=[a-z])\.(?=\d)|\n+", text):
        if _TITLE.search(text, max(0, m.start() - 5), m.start()):
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _key(name: str | None) -> str:
    if not name:
        return ""
    words = [w.lower() for w in re.split(r"[\s-]+", name) if w]
    return " ".join(words[:2])


def entries(text: str) -> list[Entry]:
    """The named or aged victims of the sentences that tell of deaths."""
    out: list[Entry] = []
    for a, b in _sentences(text):
        sent = text[a:b]
        death, hurt = _DEATH.search(sent), _HURT.search(sent)
        if death is None or (hurt is not None and hurt.start() < death.start()):
            continue
        if hurt is not None:
            # "killing his son Adam (7), and injuring 12 others", "X (40) was killed and his
            # son (4) was wounded": the dead are told before the clause of the wounded
            cuts = list(_CLAUSE_CUT.finditer(sent, death.end(), hurt.start()))
            b = a + (cuts[-1].start() if cuts else hurt.start())
            sent = text[a:b]
        taken: list[tuple[int, int]] = []
        for m in _AGE.finditer(sent):
            months = m.group("months") is not None or m.group("infant") is not None
            said = m.group("age") or m.group("aged") or m.group("paren") or "0"
            age = int(said) if said.isdigit() else (parse_number(said) or 0)
            if not months and not 0 < age < 120:
                continue
            after = _NAME_AFTER.match(sent, m.end())
            before = _NAME_BEFORE.search(sent, max(0, m.start() - 60), m.start())
            name = after.group(1) if after else (before.group(1) if before else None)
            back = sent[max(0, m.start() - _WINDOW) : m.start()]
            if m.start() > _WINDOW and sent[m.start() - _WINDOW - 1].isalnum():
                back = back.split(" ", 1)[-1]  # not the tail of a word cut by the window
            cuts = list(_DELIM.finditer(back.rstrip(" ,(")))
            own = back[cuts[-1].end() :] if cuts else back
            ahead = sent[m.end() : m.end() + _WINDOW]
            cut = _DELIM.search(ahead)
            around = own + " " + (ahead[: cut.start()] if cut else ahead)
            child = months or age < ADULT
            woman = not child and bool(
                _FEMALE.search(around)
                or _HEADED_BY_FEMALE.search(sent, max(0, m.start() - 160), m.start())
                or _FEMALE_AFTER.match(sent, m.end())
                or _HER_AFTER.match(sent, m.end())
            )
            out.append(Entry(a + m.start(), a + m.end(), _key(name), child, woman))
            taken.append(m.span())
        for m in _NAME_HER.finditer(sent):
            if len(m.group("name").split()) > 1 and not any(
                s - 30 <= m.end() and m.start() < e for s, e in taken
            ):
                out.append(
                    Entry(
                        a + m.start("name"), a + m.end("name"), _key(m.group("name")), False, True
                    )
                )
        for m in _KIN.finditer(sent):
            if any(s - 30 <= m.start() < e + 30 for s, e in taken):
                continue  # the person an age already counted ("his wife, 35-year-old Enas")
            if m.group("umm"):
                out.append(Entry(a + m.start(), a + m.end(), _key(m.group("umm")), False, True))
            elif m.group("child") or m.group("woman"):
                name = m.group(4)
                out.append(
                    Entry(
                        a + m.start(),
                        a + m.end(),
                        _key(name),
                        bool(m.group("child")),
                        bool(m.group("woman")),
                    )
                )
    return out


def roster_figures(text: str, figures: Sequence[FigureMention]) -> list[FigureMention]:
    """One killed figure for the children and one for the women of the report's roster, when
    the roster holds at least one."""
    found = entries(text)
    if not found:
        return []
    out = []
    for group, pick in (("children", lambda e: e.child), ("women", lambda e: e.woman)):
        people = [e for e in found if pick(e)]
        seen: set[str] = set()
        count = 0
        for e in people:
            if e.key and e.key in seen:
                continue
            seen.add(e.key)
            count += 1
        # a count said of the group; a figure read off a list of the dead ("his wife, Aya, was
        # also killed": 1 woman) is one entry of the roster, not a count of the group
        said = [
            f
            for f in figures
            if f.kind == "killed" and f.group == group and not f.roster and not f.named_victims
        ]
        if said and group == "women":
            continue  # a count of women said stands (kin words alone tell a woman)
        if count:
            # beside the count said, if any, so that both are read for the same incident
            start, end = (said[0].start, said[0].end) if said else (people[0].start, people[0].end)
            out.append(
                FigureMention(
                    "killed",
                    count,
                    count,
                    "at_least",
                    group,
                    start,
                    end,
                    start,
                    end,
                    named_victims=True,
                    part_of_total=True,
                    roster=True,
                )
            )
    return out
