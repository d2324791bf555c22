"""Counting listed victims: "X, his wife and their three children were killed" is 5.

Part of the figures stage (figures.py calls `count_victims` per sentence). Monitors' narratives
often name the dead instead of giving a total; this counts the list that is the subject of
"were killed" / "died" or the object of "killing", when every item of it is a person: a name
(a spaCy PERSON entity, or capitalised words), a kin or person noun ("his wife", "a boy"), or a
count of people ("their three children"). The figure has group "people" and named_victims=True
(a count of identified victims: reconcile uses it only when no total is given). A list needs two
items or a name, or one person told of for the first time ("a man was shot to death", "killed
a youth"); a single count ("21 people were killed") is left to figures.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from harmwatch.pipeline.figures_vocab import lexicon
from harmwatch.pipeline.numbers import _alt, find_quantities
from harmwatch.pipeline.types import FigureMention

KIN = (
    "wife husband son daughter mother father brother sister grandson granddaughter grandmother "
    "grandfather nephew niece cousin uncle aunt child baby infant boy girl man woman teenager "
    "neighbour neighbor friend colleague relative fiancée fiance fiancé toddler suspect youth "
    "demonstrator protester villager herder"
).split()
IRREGULAR_PLURALS = {
    "children",
    "women",
    "men",
    "people",
    "police",
    "personnel",
    "staff",
    "youth",
    "elderly",
    "clergy",
}
PASSIVE = re.compile(
    r"(?<!\s)\s+(?:(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:all\s+|also\s+|reportedly\s+|"
    r"later\s+|both\s+|allegedly\s+)?(?:killed|shot\s+dead|martyred|slain|found\s+dead|"
    # "stoned and stabbed to death", "abducted by four men and stabbed to death"
    r"(?:(?:[\w-]+\s+){1,5}?and\s+)?(?:shot|beaten|stabbed|hacked|burned|burnt|tortured)\s+to\s+death|"
    r"beheaded|lynched|executed|murdered|gunned\s+down|assassinated|"
    r"fatally\s+(?:shot|stabbed|wounded|injured|assaulted|beaten|attacked)|"
    # "was shot and died", "was shot in the head and later died"
    r"(?:shot|stabbed|hit|wounded|injured)(?:\s+[\w-]+){0,4}?\s+and\s+(?:later\s+)?died)"
    r"|(?:all\s+|both\s+)?"
    r"(?:died|perished|lost\s+(?:their|his|her)\s+lives?|"
    r"succumbed\s+to\s+(?:his|her|their)\s+(?:wounds|injuries)))\b",
    re.IGNORECASE,
)
ACTIVE = re.compile(
    r"\b(?:killing|killed|kills|kill|beheaded|beheading|executed|executing|"
    r"murdered|murdering|lynched|lynching|shot\s+dead|shot\s+and\s+killed|"
    r"gunned\s+down|assassinated|fatally\s+(?:shot|stabbed|wounded)|"
    # "tortured a villager to death": the object before "to death"
    r"(?:tortured|beat|stabbed|stoned|hacked|burned|burnt|clubbed)"
    r"(?=\s+[^.;]{1,60}?\s+to\s+death\b))\s+",
    re.IGNORECASE,
)
# one person a report tells of for the first time ("a man", "a 16-year-old girl", "one
# farmer"): counted alone, where a list would need two items or a name
ATTEMPT = re.compile(
    r"\b(?:attempt\w*|tr(?:y|ies|ied|ying)|fail\w*|threat\w*|plann?\w*|sought|"
    r"seek\w*|wan(?:t|ted|ts)|vow\w*|intend\w*)\s+to\s+$",
    re.IGNORECASE,
)
FIRST_MENTION = re.compile(r"^(?:a|an|one)\s", re.IGNORECASE)
CLAUSE = re.compile(
    r"(?:^|[;:—–]|\b(?:when|after|as|while|where|that|which|who|because|but|then)\b|,\s*"
    r"(?=(?:and\s+)?(?:when|after|as|while)\b))",
    re.IGNORECASE,
)
OBJ_END = re.compile(
    r"(?<!\s)\s+(?:(?:in|on|at|near|when|while|as|after|during|inside|outside)\b|and\s+"
    r"(?:the\s+)?(?:injur|wound))|,?\s+and\s+\w+ing\b|,\s*\w+ing\b(?!\s*[,)])"
    r"|,?\s+(?-i:and\s+[a-z]+ed)\b"  # "beheaded a man and burned the huts"
    r"|[.;:(]|\s+(?:—|–)|\s+to\s+death\b",
    re.IGNORECASE,
)
BREAKDOWN = re.compile(
    r",?\s*\b(?:mostly|mainly|largely|primarily|predominantly|including|among\s+them|"
    r"(?:most|many|some|all|[\w-]+)\s+of\s+(?:them|whom)|of\s+whom)\b",
    re.IGNORECASE,
)
# "..., the monitor said", "..., according to rescuers": who tells of the dead, not one of them
ATTRIBUTION = re.compile(
    r",\s*(?:according\s+to\b|[^,;]{0,80}?\b(?:said|says|say|reported|reports|told|stated|"
    r"announced|confirmed)\b)",
    re.IGNORECASE,
)
LEAD = re.compile(
    # "Since January, 900 civilians": the time or place before the list, never a person named
    r"^(?:(?:on|in|at|during|early|late|overnight|yesterday|last|this|since|after|before|by|"
    r"until)\b[^,]{0,60},\s*)?"
    r"(?:both\s+|all\s+)?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # one person each: singular nouns only ("children", "women" are no count)
    nouns = _alt(
        KIN + [n for n in lexicon().groups if not n.endswith("s") and n not in IRREGULAR_PLURALS]
    )
    person = re.compile(
        rf"^(?:(?:his|her|their|its|the|a|an|one|another)\s+)?(?:[\w'’-]+\s+){{0,2}}"
        # "his wife Enas", "their son Ahmed (12)": a kin word and the person's name
        rf"(?:{nouns})(?-i:(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+)){{0,3}})(?:\s*\(\d+\))?$",
        re.IGNORECASE,
    )
    name = re.compile(
        r"^(?:(?:a\s+)?\d+-year-old\s+)?(?:(?:[A-Z][\w'’-]+|al-\w+|el-\w+|bin|ibn|abu|Abu|Umm)"
        r"(?:\s+|$)){2,6}(?:\([\w\s]+\))?\s*$"
    )
    return person, name


def _count_item(
    item: str, start: int, persons: Sequence[tuple[int, int]], alone: bool = False
) -> tuple[int, bool]:
    """(people counted, is a name); (0, False) when the item is not a person. A first mention
    by a noun of no vocabulary counts only ``alone``: in a list, "a clash broke out and a
    man" is a clause and a victim, not two victims."""
    person, name = _patterns()
    item = re.sub(r"\s*\([^)]{0,40}\)", "", item).strip(" ,\"'“”")
    if not item:
        return 0, False
    qs = find_quantities(item)
    if qs:
        q = qs[0]
        if not re.fullmatch(
            r"(?:(?:his|her|their|its|the|another|all|some|at\s+least)\s*)*",
            item[: q.start],
            re.IGNORECASE,
        ):
            return 0, False  # "injured 5 soldiers": another clause, not an item of the list
        m = lexicon().group_re.match(item, q.end)
        if m and m.end() >= len(item.rstrip()) - 1:
            return q.value, False
        return 0, False
    if person.match(item):  # "his wife", "a media official Rami Haddad" (named)
        return 1, bool(re.search(r"(?-i:\s(?:[A-Z][\w'’-]*|al-[\w'’-]+))$", item))
    if re.fullmatch(r"(?:him|her)(?:self)?", item, re.IGNORECASE):
        return 1, True  # "killing him, his wife and their four children": the man named before
    if any(s <= start < e or start <= s < start + len(item) for s, e in persons):
        return 1, True
    if name.match(item):
        return 1, True
    if alone and _someone(item):
        return 1, False
    return 0, False


def _someone(item: str) -> bool:
    """One person told of for the first time by any noun ("a drug trafficker", "an inmate of
    the central prison"): what is killed, shot dead or beaten to death is a person, unless the
    noun is one of data/not_people.txt ("a cow")."""
    art = FIRST_MENTION.match(item)
    if art is None:
        return False
    # "a resident of the village", "a young man from the next town"
    head = re.sub(r"\s+(?:of|from)\s+[^,;]{1,60}$", "", item)
    m = lexicon().unknown_re.match(head + " ", art.end() - 1)
    return m is not None and m.end() >= len(head)


def _count_list(
    text: str, a: int, b: int, persons: Sequence[tuple[int, int]]
) -> tuple[int, bool, bool, str]:
    """(people counted, whether a name is among them, whether every item is a count: "a woman
    and three children" is a toll of 4, not a list of identified victims, and the total's
    qualifier: "at least 60 civilians and 13 soldiers" is at least 73)."""
    seg = text[a:b]
    breakdown = BREAKDOWN.search(seg)
    if breakdown:  # "30 civilians, mostly women and children": the rest says who, not how many
        seg = seg[: breakdown.start()]
    said = ATTRIBUTION.search(seg)
    if said:
        seg = seg[: said.start()]
    lead = LEAD.match(seg)
    off = lead.end() if lead else 0
    parts = [(m.start(), m.end()) for m in re.finditer(r"\s*,\s*(?:and\s+)?|\s+and\s+", seg[off:])]
    items, pos = [], off
    for s, e in parts:
        items.append((pos, off + s))
        pos = off + e
    items.append((pos, len(seg)))
    items = _after_where(seg, items)
    if not items:
        return 0, False, False, "exact"
    total, named, prev_name = 0, False, False
    counted: list[tuple[int, bool, bool]] = []  # (people, is a name, is a count) per item
    for k, (s, e) in enumerate(items):
        raw = seg[s:e]
        if prev_name and re.fullmatch(r"\s*\d{1,3}\s*", raw):  # "Ahmed Ali, 35, ..."
            continue
        # "a former councillor and his wife": the kin word after it says the first is a person
        kin_after = k + 1 < len(items) and bool(KIN_OF.match(seg[items[k + 1][0] :]))
        n, is_name = _count_item(raw, a + s, persons, alone=len(items) == 1 or kin_after)
        if n == 0:
            return 0, False, False, "exact"
        total += n
        named |= is_name
        prev_name = is_name
        counted.append((n, is_name, bool(find_quantities(raw)) and not is_name))
    if len(items) < 2 and not named and not _first_mention(seg[items[0][0] : items[0][1]]):
        return 0, False, False, "exact"
    first, rest = counted[0], counted[1:]
    quals = {q.qualifier for s, e in items for q in find_quantities(seg[s:e])[:1]}
    if first[2] and rest and all(is_name for _, is_name, _ in rest) and len(rest) <= first[0]:
        # "two civilians, Rami Odeh and his daughter Dalia": the names say who the two were
        return first[0], True, False, _sum_qualifier(quals)
    tally = len(counted) > 1 and all(c for _, _, c in counted)
    return total, named, tally, _sum_qualifier(quals)


def _sum_qualifier(quals: set[str]) -> str:
    """The qualifier of a sum of counts so qualified: open when one of them is."""
    return next((q for q in ("more_than", "at_least") if q in quals), "exact")


# ("at least 60 civilians" is a count, not where)
WHERE = re.compile(
    r"\s*(?:in|on|at(?!\s+(?:least|most)\b)|near|around|inside|outside|during)\s", re.IGNORECASE
)
# a place's name: capitalised words, with the particles place names take ("Gaucha do Norte")
REGION = re.compile(r"(?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|de|do|da|del|di|al|el|of|the))*")
KIN_OF = re.compile(r"\s*(?:his|her|their)\s", re.IGNORECASE)


def _after_where(seg: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The items after where it happened: "in Dalin, Lowland Province, a man was shot dead"
    lists a place and the region it is in before the one victim (a name after the place and
    before a comma is its region; "in Dalin, Sami Aziz and his wife were killed" keeps the
    name before "and")."""
    where = [k for k, (s, e) in enumerate(items) if WHERE.match(seg[s:e])]
    if not where:
        return items
    k = where[-1] + 1
    while (
        k + 1 < len(items)
        and REGION.fullmatch(seg[items[k][0] : items[k][1]].strip(" ,"))
        and "," in seg[items[k][1] : items[k + 1][0]]
    ):
        k += 1
    return items[k:]


RELATIVE = re.compile(r"\s+who\s+[^,;:()]{1,120}$", re.IGNORECASE)  # not "said that"


def _relative_head(sent: str, verb: int) -> tuple[int, int] | None:
    """The noun phrase a relative clause hangs on, when the clause runs up to ``verb``: ("a man
    who was driving home" before "was killed") -> the span of "a man"."""
    rel = RELATIVE.search(sent, max(0, verb - 140), verb)
    if rel is None:
        return None
    starts = [c.end() for c in CLAUSE.finditer(sent, max(0, rel.start() - 120), rel.start())]
    commas = [i + 1 for i in range(max(0, rel.start() - 120), rel.start()) if sent[i] == ","]
    a = max(starts + commas, default=max(0, rel.start() - 120))
    while a < rel.start() and sent[a] == " ":
        a += 1
    return (a, rel.start()) if a < rel.start() else None


def _first_mention(item: str) -> bool:
    """One person told of for the first time: "a man", "one farmer" (not "a number of ...")."""
    item = item.strip()
    return bool(FIRST_MENTION.match(item)) and all(
        q.value == 1 and q.qualifier == "exact" for q in find_quantities(item)
    )


def _counted(figs: Sequence[FigureMention], start: int, end: int) -> bool:
    """Whether a figure already counts a death in ``[start, end)`` ("a woman was also killed":
    an increment of the toll, not a victim to count again)."""
    return any(f.kind == "killed" and start < f.end and f.start < end for f in figs)


def count_victims(
    text: str, s0: int, s1: int, persons: Sequence[tuple[int, int]], figs: Sequence[FigureMention]
) -> list[FigureMention]:
    sent = text[s0:s1]
    out: list[FigureMention] = []
    for m in PASSIVE.finditer(sent):
        starts = [c.end() for c in CLAUSE.finditer(sent, max(0, m.start() - 300), m.start())]
        a = max(starts) if starts else max(0, m.start() - 300)
        while a < m.start() and sent[a] in " ,":
            a += 1
        n, named, tally, qual = _count_list(text, s0 + a, s0 + m.start(), persons)
        if not n and re.match(r"\s+was\b", m.group(0)):
            # "..., a young man Muhammad Abu Amsha (31), was killed": the last item only
            cut = max(sent.rfind(",", a, m.start() - 1), sent.rfind(" and ", a, m.start()))
            if cut > a:
                a = cut + (1 if sent[cut] == "," else 5)
                n, named, tally, qual = _count_list(text, s0 + a, s0 + m.start(), persons)
                n = n if named or _first_mention(sent[a : m.start()]) else 0
        if not n and (rel := _relative_head(sent, m.start())):
            # "a former guard who had worked for the family was shot dead": the head before "who"
            a, b = rel
            n, named, tally, qual = _count_list(text, s0 + a, s0 + b, persons)
            n = n if named or _first_mention(sent[a:b]) else 0
        if n and not (n == 1 and not named and _counted(figs, s0 + a, s0 + m.end())):
            out.append(
                FigureMention(
                    "killed",
                    n,
                    None if qual != "exact" else n,
                    qual,
                    "people",
                    s0 + a,
                    s0 + m.end(),
                    s0 + a,
                    s0 + m.start(),
                    named_victims=not tally,
                )
            )
    for m in ACTIVE.finditer(sent):
        if ATTEMPT.search(sent, max(0, m.start() - 30), m.start()):
            continue  # "attempted to kill a suspect": nobody died of it
        end = OBJ_END.search(sent, m.end(), m.end() + 300)
        b = end.start() if end else min(len(sent), m.end() + 300)
        said = ATTRIBUTION.search(sent, m.end())
        if said is not None and said.start() < b:
            b = said.start()  # "killed four people, a doctor at the hospital said": who tells
        n, named, tally, qual = _count_list(text, s0 + m.end(), s0 + b, persons)
        if n and not (n == 1 and not named and _counted(figs, s0 + m.start(), s0 + b)):
            out.append(
                FigureMention(
                    "killed",
                    n,
                    None if qual != "exact" else n,
                    qual,
                    "people",
                    s0 + m.start(),
                    s0 + b,
                    s0 + m.end(),
                    s0 + b,
                    named_victims=not tally,
                )
            )
    return out
