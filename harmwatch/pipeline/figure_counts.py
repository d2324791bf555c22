"""The counts of a sentence and what the words around each one make of it: the first readings of
the figures stage (`harmwatch.pipeline.figures`), before the rules of `figure_rules` read the
candidates together.

`counts(sent)` finds every number with the noun phrase it counts, through `COUNT_READINGS` (the
first that reads a number wins): `family_of`, `counted_noun`, `partitive`, `unknown_noun`; a
number none reads is a bare count. Then `single_victims` adds "a woman", "another child".

`candidate(sent, count)` gives each count its kind through `KIND_READINGS` (the first that reads
the count wins): `who_of_the_dead`, `casualty_word_before`, `toll_before`,
`casualty_word_after`, `among_counted`, `put_to_death`, `noun_kind`; a count none reads is no
casualty count (yet: the rules may give it the kind of a neighbour). The adjectives that say
whose deaths a noun tells ("military fatalities") are in ``data/group_modifiers.csv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from harmwatch.pipeline.figure_rules import Candidate, Count, first
from harmwatch.pipeline.figures_vocab import (
    ACTIVE_OBJECT,
    BOTH_BEFORE,
    BOTH_KINDS,
    CASUALTY_WORD,
    DATA,
    DEMOGRAPHIC,
    HEDGED,
    PARTITIVE,
    POSTMOD,
    SUMMED_BEFORE,
    SUMMED_BOTH,
    TO_DEATH,
    TOLL_GAP,
    TRIED,
    WHOSE,
    lexicon,
)
from harmwatch.pipeline.numbers import Quantity, find_quantities

FAMILY_OF = re.compile(r"\b(?:an?|the|one|another)\s+(?:\w+\s+)?family\s+of\s+$", re.IGNORECASE)
POSTMOD_TAIL = re.compile(r"(?:\s+(?:of|for|and|the|its|their))+$")
OF_KIN = re.compile(rf"\s*of\s+(?:his|her|their\b|{WHOSE})")
YEAR = re.compile(r"(?:1[89]|20)\d\d")
PASSIVE = re.compile(r"\b(?:were|was|are|is|been|being|got)\b")
SENTENCED = re.compile(r"\b(?:sentenc|condemn)\w*\s+(?:\w+\s+){0,3}$")
MEMBERS_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|a\s+|an\s+)?", re.IGNORECASE)
# "a death toll", "a death squad", "a death sentence": the word names something else, no death
TOLL_WORD_AFTER = re.compile(
    r"\s+(?:toll|count|figures?|rate|numbers?|squads?|penalty|sentences?|threats?|warrants?|"
    r"row|cells?|camps?|marches|march|traps?|certificates?)\b"
)
DEFINITE = ("the", "his", "her", "their")


@lru_cache(maxsize=1)
def group_modifiers() -> dict[str, str]:
    """Adjective -> group, from ``data/group_modifiers.csv`` ("military" -> soldiers)."""
    with open(DATA / "group_modifiers.csv", encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["adjective"].strip().lower(): r["group"].strip() for r in rows}


# the noun phrase each number counts


def family_of(sent: str, q: Quantity) -> Count | None:
    """ "a family of three": that many people."""
    fam = FAMILY_OF.search(sent, max(0, q.start - 60), q.start)
    return Count(replace(q, start=fam.start()), "people", None, q.end) if fam else None


# a second group noun joined to the counted one without a number of its own ("women and
# children")
_AND_NOUN = re.compile(r"\s+(?:and|or|&)\s+(?:the\s+)?(?P<g>[a-z]+)\b")


def _group_of(noun: str) -> str | None:
    """The demographic group a plural noun names ("children": children, "elderly": people),
    None if none."""
    if noun == "elderly":
        return "people"
    found = lexicon().groups.get(noun)
    # a demographic noun only: "15 women and injured 400" goes on to the wounded
    return found[0] if found and found[0] in DEMOGRAPHIC and not found[1] else None


def counted_noun(sent: str, q: Quantity) -> Count | None:
    """ "21 civilians", "two of her children", "fighters of the Syrian army", "2, possibly 3,
    civilians": a noun of ``data/groups.jsonl`` after the number says whom it counts."""
    lex = lexicon()
    m = lex.group_re.match(sent, q.end)
    if m is None and HEDGED.search(sent[max(0, q.start - 30) : q.start] + " "):
        comma = re.match(r",\s*", sent[q.end :])  # "2, possibly 3, civilians"
        m = lex.group_re.match(sent, q.end + comma.end()) if comma else None
    if not (m and m.group("g").lower() in lex.groups):
        return None
    g, k = lex.groups[_longest_noun(sent, q.end, m.end()) or m.group("g").lower()]
    if k:  # "1 civilian dead", "two civilian deaths": the group comes before the noun
        inner = list(lex.plain_re.finditer(sent, q.end, m.start("g")))
        if inner:
            g = lex.groups[re.sub(r"\s+", " ", inner[-1].group(0).lower())][0]
        else:  # "6 military fatalities": an adjective that says whose deaths
            said = sent[q.end : m.start("g")].lower().split()
            mods = group_modifiers()
            g = next((mods[w] for w in reversed(said) if w in mods), g)
    end = m.end()
    mixed = _AND_NOUN.match(sent, end) if g in DEMOGRAPHIC else None
    if mixed and _group_of(mixed.group("g")) not in (None, g):
        # "12 women and children", "nine children and elderly people": one count of two groups,
        # so of neither alone ("11 of them women and children": a part of the toll before it,
        # whose words stay where they were read)
        g = "people"
        end = end if PARTITIVE.match(sent, q.end) else mixed.end()
    whose = MEMBERS_OF.match(sent, end) if m.group("g").lower() in ("members", "member") else None
    inner_m = lex.group_re.match(sent, whose.end()) if whose else None
    if whose is not None and inner_m is not None and inner_m.group("g").lower() in lex.groups:
        # "two members of the nursing staff", "four members of a rescue team": whose members
        noun = _longest_noun(sent, whose.start(), inner_m.end()) or inner_m.group("g").lower()
        g = lex.groups[noun][0]
    post = POSTMOD.match(sent, end)
    if post:  # "members of the Al-Dous family", "fighters of the Syrian Democratic Forces"
        tail = POSTMOD_TAIL.search(post.group(0))
        end = post.end() - (len(tail.group(0)) if tail else 0)
        if post.group("fam"):
            g = "people"
        elif not lex.after_appos_re.match(sent, end):
            # "23 members of the X Brigade and Russian contractors were killed": the name took
            # in the "and" that joins a second noun to the count
            cut = next(
                (
                    a.start()
                    for a in reversed(list(re.finditer(r"\s+and\s+", sent[:end]))[-2:])
                    if a.start() > post.start() and lex.after_appos_re.match(sent, a.start())
                ),
                None,
            )
            end = cut if cut is not None else end
    # "two of her children", "18 of his relatives": people identified through someone
    kin = bool(OF_KIN.match(sent[q.end : m.start("g")]))
    return Count(q, g, k, end, definite=kin)


def partitive(sent: str, q: Quantity) -> Count | None:
    """ "one of them was killed": people told of before."""
    part = PARTITIVE.match(sent, q.end)
    return Count(q, "people", None, part.end()) if part else None


def unknown_noun(sent: str, q: Quantity) -> Count | None:
    """ "3 Balanda were killed", "two drug suspects died": a noun not in groups.jsonl before a
    death or injury in the passive, or "died"; whatever the noun, what is killed there is people."""
    lex = lexicon()
    if q.qualifier == "vague" or YEAR.fullmatch(q.text.strip()):
        return None
    m = lex.unknown_re.match(sent, q.end)
    v = lex.after_re.match(sent, m.end()) if m else None
    if m is None:
        return None
    end = m.end()
    post = POSTMOD.match(sent, end) if v is None else None
    if post:  # "five employees of an aid group were killed": whose employees, then the verb
        tail = POSTMOD_TAIL.search(post.group(0))
        end = post.end() - (len(tail.group(0)) if tail else 0)
        v = lex.after_re.match(sent, end)
    if v is None:
        return None
    said = v.group("v").lower()
    passive = re.search(r"\b(?:were|was|been)\b", sent[end : v.start("v")], re.IGNORECASE)
    if passive or said.startswith(("died", "perished", "lost")):
        return Count(q, "people", None, end)
    return None


def _longest_noun(sent: str, start: int, end: int) -> str | None:
    """The longest counted noun ending at ``end`` ("rescue workers", not "workers")."""
    head = re.sub(r"\s+", " ", sent[start:end].lower())
    fits = [n for n in lexicon().groups if " " in n and head.endswith(" " + n)]
    return max(fits, key=len) if fits else None


def single_victims(sent: str, taken: list[tuple[int, int]]) -> list[Count]:
    """ "a woman", "an elderly man", "another child", "his wife": a count of one, where no number
    stands ("the death of", "a higher death toll": no count)."""
    lex = lexicon()
    out: list[Count] = []
    for m in lex.single_re.finditer(sent):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        g, k = lex.groups[m.group("g").lower()]
        art = m.group("art").lower()
        if k and art in DEFINITE:
            continue  # "the death of", "his death": not a count of one
        if k and TOLL_WORD_AFTER.match(sent[m.end() :]):
            continue  # "a higher death toll of 70": the toll word, not a death
        s, e = m.span("art")
        if art == "another":
            s, e = m.span("g")  # keep "another" before the count: it marks an increment
        q = Quantity(1, 1, "exact", s, e, s, e, m.group("art"))
        post = POSTMOD.match(sent, m.end())
        out.append(Count(q, g, k, post.end() if post else m.end(), art in DEFINITE))
    return out


CountReading = Callable[[str, Quantity], Count | None]
COUNT_READINGS: tuple[CountReading, ...] = (family_of, counted_noun, partitive, unknown_noun)


def counts(sent: str) -> list[Count]:
    """Every count of the sentence, in the order they stand."""
    out: list[Count] = []
    for q in find_quantities(sent):
        if out and out[-1].q.end <= q.start < out[-1].np_end:
            continue  # "five members of one family": the one is whose members, no count
        out.append(first(r(sent, q) for r in COUNT_READINGS) or Count(q, None, None, q.end))
    out += single_victims(sent, [(c.q.start, c.np_end) for c in out])
    return sorted(out, key=lambda c: c.q.start)


# the kind the words around a count give it


def _unread(c: Count) -> Candidate:
    return Candidate(c, None, False, False, c.q.start, c.np_end)


def _not_vague(c: Count) -> bool:
    """A count told of the killed and the wounded together ("48 killed and injured") is neither
    figure, unless vague ("killing and wounding dozens": some were killed)."""
    return c.q.qualifier != "vague"


def casualty_word_before(sent: str, c: Count) -> Candidate | None:
    """ "killed 21", "the bodies of 3": a casualty word right before the count (not "killing and
    wounding 20", nor "tried to kill two")."""
    lex = lexicon()
    left = sent[max(0, c.q.start - 80) : c.q.start]
    m = lex.before_re.search(left)
    if m is None:
        return None
    if _not_vague(c) and BOTH_BEFORE.search(left, 0, m.start("v")):
        return _unread(c)  # "killing and wounding 20"
    if TRIED.search(left, 0, m.start("v")):
        return _unread(c)  # "an attempt to assassinate a lawyer"
    kind, rev = lex.before[re.sub(r"\s+", " ", m.group("v").lower())]
    return Candidate(c, kind, rev, False, c.q.start - len(left) + m.start("v"), c.np_end)


def toll_before(sent: str, c: Count) -> Candidate | None:
    """ "the death toll in the province has risen to 15", "the number of wounded stands at 40":
    a toll and its verb before the count; "rose", "climbed" make it a revision."""
    toll = TOLL_GAP.search(sent, max(0, c.q.start - 220), c.q.start)
    if toll is None:
        return None
    words = f"{toll.group('who') or ''} {toll.group('gap') or ''}".lower()
    if not (toll.group("toll") or CASUALTY_WORD.search(words)):
        return None
    injured = re.search(r"injur|wound", words) and not re.search(r"kill|dead|death", words)
    kind = "injured" if injured else "killed"
    return Candidate(c, kind, bool(toll.group("rev")), False, toll.start(), c.np_end)


def casualty_word_after(sent: str, c: Count) -> Candidate | None:
    """ "21 people were killed", "35 dead", "two boys were among the dead" (a subset): a casualty
    word after the noun phrase (not "a sniper killed another man": the count is the killer)."""
    lex = lexicon()
    m = (lex.after_appos_re if c.group else lex.after_re).match(sent, c.np_end)
    if m is None:
        return None
    passive = PASSIVE.search(sent[c.np_end : m.start("v")])
    if not passive and ACTIVE_OBJECT.match(sent, m.end()):
        return None
    if _not_vague(c) and BOTH_KINDS.match(sent, m.end()):
        return _unread(c)  # "48 killed and injured": casualties
    kind, sub = lex.after[re.sub(r"\s+", " ", m.group("v").lower())]
    if c.kind == "killed" and kind == "injured":
        return None  # "40 bodies had been recovered, ... and 75 were injured": the dead stay dead
    hedged = bool(MAY_BE.search(sent, c.np_end, m.start("v"))) and c.q.qualifier in _FIRM
    return Candidate(c, kind, False, sub, c.q.start, m.end(), hedged=hedged)


# a modal or a fear between the count and its verb: "may have been killed", "are feared to have
# died": a count that may be so, a maximum
MAY_BE = re.compile(r"\b(?:may|might|could|would|feared|believed|thought)\b", re.IGNORECASE)
_FIRM = frozenset(("exact", "at_least", "about", "up_to"))


# "five boys were among 40 villagers killed", "two medics were among the 17 dead": the
# count is a part of a toll that the words after "among" give with its own number
AMONG_COUNTED = re.compile(
    r"\s*,?\s*(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:the\s+|those\s+)?"
    # "among at least 48 people killed": the toll's qualifier, number and noun
    r"(?:[\w,'’-]+\s+){1,5}?(?P<v>killed|dead|victims|fatalities|wounded|injured)\b",
    re.IGNORECASE,
)


def among_counted(sent: str, c: Count) -> Candidate | None:
    """ "five boys were among 40 villagers killed": a subset of the toll told after it."""
    m = AMONG_COUNTED.match(sent, c.np_end)
    if m is None or c.group is None:
        return None
    kind = "injured" if m.group("v").lower() in ("wounded", "injured") else "killed"
    return Candidate(c, kind, False, True, c.q.start, m.end())


def put_to_death(sent: str, c: Count) -> Candidate | None:
    """ "stoned a woman to death" (not "sentenced two men to death")."""
    death = TO_DEATH.match(sent, c.np_end)
    if death and not SENTENCED.search(sent[max(0, c.q.start - 40) : c.q.start]):
        return Candidate(c, "killed", False, False, c.q.start, death.end())
    return None


# "saved 30 lives", "endangering 2 million lives", "5,000 lives at risk": lives not lost
SAVED = re.compile(
    r"\b(?:sav(?:e|es|ed|ing)|spar(?:e|es|ed|ing)|endanger\w*|threat\w*|risk\w*|protect\w*)"
    r"\s+(?:\w+\s+){0,2}$",
    re.I,
)
AT_RISK = re.compile(r"\s+(?:(?:are|were|is|remain)\s+)?(?:at\s+risk|in\s+danger)\b", re.I)


def noun_kind(sent: str, c: Count) -> Candidate | None:
    """ "35 dead", "12 fatalities", "claimed 4 lives": the counted noun carries the kind."""
    if sent[: c.np_end].lower().endswith("lives") and (
        SAVED.search(sent, max(0, c.q.start - 40), c.q.start) or AT_RISK.match(sent, c.np_end)
    ):
        return None
    if c.kind and not (_not_vague(c) and BOTH_KINDS.match(sent, c.np_end)):
        return Candidate(c, c.kind, False, False, c.q.start, c.np_end)
    return None


@lru_cache(maxsize=1)
def _of_the_dead() -> re.Pattern[str]:
    nouns = "|".join(
        re.escape(n) for n in sorted(lexicon().groups, key=len, reverse=True) if " " not in n
    )
    return re.compile(
        r"\s+of\s+(?:those|the|these)\s+(?P<k>killed|dead|victims|fatalities|wounded|"
        r"injured)\s+(?:were|was|are|is)\s+(?:all\s+|also\s+)?(?:[\w'’-]+\s+){0,2}?"
        rf"(?P<g>{nouns})(?![\w-])",
        re.IGNORECASE,
    )


def who_of_the_dead(sent: str, c: Count) -> Candidate | None:
    """ "Nine of those killed were children", "two of the wounded were women": a part of the toll
    told before, counted by who they were (the group after the verb, not the dead)."""
    m = _of_the_dead().match(sent, c.q.end)
    if m is None or c.q.qualifier == "vague":
        return None
    group = lexicon().groups[m.group("g").lower()][0]
    if group in ("people", "killed", "injured") or lexicon().groups[m.group("g").lower()][1]:
        return None  # "of those killed were people": nothing said of who they were
    kind = "injured" if m.group("k").lower() in ("wounded", "injured") else "killed"
    return Candidate(replace(c, group=group, np_end=m.end()), kind, False, True, c.q.start, m.end())


KindReading = Callable[[str, Count], Candidate | None]
KIND_READINGS: tuple[KindReading, ...] = (
    who_of_the_dead,
    casualty_word_before,
    toll_before,
    casualty_word_after,
    among_counted,
    put_to_death,
    noun_kind,
)


def candidate(sent: str, c: Count) -> Candidate:
    """The count with the kind the first reading of `KIND_READINGS` gives it, or none."""
    if SUMMED_BOTH.match(sent, c.np_end) and SUMMED_BEFORE.search(
        sent, max(0, c.q.start - 40), c.np_end
    ):
        return _unread(c)  # "a total of 400 deaths and injuries": casualties, of both kinds
    return first(r(sent, c) for r in KIND_READINGS) or _unread(c)
