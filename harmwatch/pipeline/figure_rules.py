"""The readings of the figures stage (`harmwatch.pipeline.figures`) as small named rules.

Each count of a sentence becomes a `Candidate`: the count, the kind the words around it give it
(killed / injured / missing, or None), whether it revises a toll, whether it is a part of a
total told before it, and the span of the phrase that says so. `read_candidates` then passes the
candidates of one sentence through the rules below, in this order:

1. left to right, each candidate with the ones before it (`NEIGHBOUR_RULES`):
   `inherit_kind_from_neighbour`, `joined_to_a_subset`, `gapped_clause`;
2. right to left, each pair of neighbours (`PAIR_RULES`, the first that reads a pair rewrites
   it): `two_bounds`, `one_count_between_two_numbers`, `shared_noun`;
3. left to right, each candidate with the one before it (`MERGE_RULES`): `same_group_sum`;
4. each candidate on its own (`EACH_RULES`): `allocated_share`, `later_death`, `increment`,
   `possible_count`, `companions`;
5. `is_casualty_count` keeps the candidates that count killed or injured people;
6. `other_dead`: "N other" dead after a count of dead are more dead.

`mention` turns a candidate into a `FigureMention`, and `read_mentions` passes the figures of the
sentence through `MENTION_RULES`: `demographic_subset`, `killed_pronoun`, `victim_lists`,
`zero_figures`. Every rule's docstring says the reading it implements; the patterns live in
``data/figure_cues.jsonl`` and `harmwatch.pipeline.figures_vocab`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from harmwatch.pipeline import victims
from harmwatch.pipeline.figure_shapes import others_hurt as _others_hurt
from harmwatch.pipeline.figure_shapes import zero_figures as _zero_figures
from harmwatch.pipeline.figures_vocab import (
    CASUALTY_WORD,
    DEMOGRAPHIC,
    HEDGED,
    KILLED_PRONOUN,
    REPORTED,
    lexicon,
)
from harmwatch.pipeline.numbers import Quantity
from harmwatch.pipeline.types import FigureMention
from harmwatch.pipeline.vocab import speech_words

Spans = Sequence[tuple[int, int]]
T = TypeVar("T")

_NAME = r"(?:[A-Z][\w'’-]*|al-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+))*"
_NAMES = rf"{_NAME}(?:,?\s+(?:and\s+)?{_NAME})*"
# "coded to Rihan", "coded to the fighting at Daret Azza": the names after an allocation
PLACE_AFTER = re.compile(
    rf"\s*(?:(?:the\s+)?(?:fighting|clashes|activities|activity|events?|"
    rf"shelling|strikes|bombardment)\s+(?:at|in)\s+)?(?P<names>{_NAMES})"
)
# "Tal Hamra airbase allocated 18": a word for the kind of place may follow the name
PLACE_KIND = (
    r"(?:air\s?base|base|airport|town|city|village|township|sub-?district|district|area|camp|"
    r"neighbou?rhood|countryside|outskirts|front)"
)
PLACE_BEFORE = re.compile(
    rf"(?P<name>{_NAMES})(?:\s+{PLACE_KIND})?\s+(?:(?:was|were|is|are|each)\s+)*$"
)
# "1 more death allocated to each location", "2 coded to every event": a share every place gets
EVERY_PLACE = re.compile(
    r"\s*(?:each|every|this)\s+(?:location|event|site|area|place|town|village)s?\b",
    re.IGNORECASE,
)
# "two of them", "four of whom": a count taken out of the figure before it
OF_THEM = re.compile(r"\s*of\s+(?:them|whom)\b")
# "at least 7 HTS and 5 IS fighters": a few words, then "and" or a comma, between the numbers
BEFORE_SHARED_NOUN = re.compile(r"\s+(?:[\w'’-]+\s+){0,3}?(?:and|,)\s+", re.IGNORECASE)
MORE_AFTER = re.compile(r"\s+(?:more|additional|further)\b")
ALSO = re.compile(r"\balso\b", re.IGNORECASE)
ALONG_WITH = re.compile(
    r",?\s*(?:along\s+with|together\s+with|alongside|as\s+well\s+as|in\s+addition\s+to)\s+"
    r"(?:(?:another|the|a|an)\s+)?",
    re.IGNORECASE,
)
# "... and one officer were wounded": the verb a count joined after a clause takes
OWN_VERB_AHEAD = re.compile(
    r"[^.;:\d]{0,80}?\b(?:were|was|have\s+been|had\s+been)\s+(?:also\s+|reportedly\s+)?"
    r"(?P<v>injured|wounded|hurt|killed)\b",
    re.IGNORECASE,
)
# "were killed in the town along with": where or when, then "along with" (no number, no verb)
ALONG_AFTER_WHERE = re.compile(
    r"\s+(?:in|at|on|near|during|inside|outside)\s+[^.;:\d]{1,60}?"
    r"\s+(?:along\s+with|together\s+with|alongside|as\s+well\s+as)\s+"
    r"(?:(?:another|the|a|an)\s+)?",
    re.IGNORECASE,
)
# "were killed in the town of A and one in B", "died in A, two in B": the verb left out of the
# second clause (the words between the first figure's verb and the count, then the place after)
GAPPED_WHERE = re.compile(
    r"\s+(?:in|at|on|near|inside|outside)\s+[^.;:\d]{1,60}?(?:,\s*(?:and\s+)?|\s+and\s+)",
    re.IGNORECASE,
)
GAPPED_AFTER = re.compile(
    r"\s+(?:more\s+)?(?:in|at|near|inside)\s+(?-i:[A-Z]|the\b)", re.IGNORECASE
)
# the noun phrase is the subject of a verb of saying ("two residents said", "an official told")
# ("a leader of the mosque said", "a doctor at the hospital told": with what the speaker is of)
# ("three residents and a nurse said": with another speaker beside it)
SPEAKER_AFTER = re.compile(
    r"(?:\s+(?:of|from|at|in)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)?"
    r"(?:\s+(?:and|or)\s+(?:an?\s+|the\s+|one\s+|two\s+|three\s+|some\s+)?"
    r"[a-z'’-]+(?:\s+[a-z'’-]+)?)?"
    rf"\s+(?:also\s+)?{speech_words('voice')}\b(?!\s+to\b)"
)
# "a" or "an" and the noun read as a count of one may qualify a speaker ("an activist group
# said", "a medical charity said"): one or two lower-case words more, none a pronoun, a verb or
# a casualty word
ONE_SPEAKER_AFTER = re.compile(
    r"(?:\s+(?!(?:who|that|which|and|or|but|it|he|she|they|we|was|were|is|are|has|have|had|"
    r"been|being|killed|wounded|injured|hurt|dead|died)\b)[a-z][\w'’-]*){1,2}"
    rf"\s+(?:also\s+)?{speech_words('voice')}\b(?!\s+to\b)"
)
NOT_PEOPLE_AFTER = re.compile(r"\s*(?:of\s+)?(?:%|per\s*cent|times|strikes|raids)")


@dataclass(frozen=True)
class Count:
    """A number in a sentence and the noun phrase it counts."""

    q: Quantity
    group: str | None
    kind: str | None  # set by the counted noun itself ("35 dead")
    np_end: int
    definite: bool = False  # "the driver", "his wife": an identified victim, not a new count


@dataclass(frozen=True)
class Candidate:
    """A count read as a casualty figure, before the rules that read it with its neighbours.
    ``start``/``end``: the phrase that says what the count is, offsets in the sentence."""

    count: Count
    kind: str | None  # killed | injured | missing, None: not (yet) a casualty count
    revision: bool  # "the toll rose to 15"
    subset: bool  # a part of a total told before it ("including 7 children")
    start: int
    end: int
    allocated_to: str | None = None  # "4 fatalities coded to Rihan": the place given the share
    increment: bool = False  # adds to the figures before it ("another man", "five more")
    hedged: bool = False  # "may have been killed", "are feared dead": at most, not at least


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report: the report's text, the sentence's span in it and the spans of
    person names (for counting named victims)."""

    text: str
    start: int
    end: int
    persons: Spans = ()
    words: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        words = self.text[self.start : self.end]
        if '"' in words or "“" in words or "”" in words:
            # a count quoted as said ('has killed "up to 100" people'): the marks are no words
            words = QUOTED_COUNT.sub(lambda m: f" {m.group('count')} ", words)
        object.__setattr__(self, "words", words)


# a count in quotation marks, opening on its qualifier or number (not the second end of a
# range: 'between 80 and "over 200"')
QUOTED_COUNT = re.compile(
    r"(?<!\band\s)(?<!\bor\s)(?<!\bto\s)[\"“](?P<count>(?:up\s+to|at\s+least|more\s+than|"
    r"as\s+many\s+as|about|around|nearly|almost|over|some|\d)[^\"“”]{0,40})[\"”]",
    re.IGNORECASE,
)


def first(results: Iterable[T | None]) -> T | None:
    """The first result that is not None; the rules after the one that gave it are not run."""
    return next((r for r in results if r is not None), None)


def before(sent: str, pos: int, n: int = 300) -> str:
    """The text before ``pos``, at most ``n`` characters, so that cues are searched in bounded
    time; a cut start is marked so that "^" does not match there."""
    return sent[:pos] if pos <= n else "\x00" + sent[pos - n : pos]


def _joined(gap: str) -> bool:
    """ ", ", " and ", ", as well as ": the words between two counts told together."""
    return lexicon().cues["join"].fullmatch(gap) is not None


def _subset_cue(sent: str, c: Count) -> bool:
    """ "including seven children", "four of them": the count is a part of a figure before it."""
    lead = sent[max(0, c.q.start - 40) : c.q.start]
    return bool(lexicon().cues["subset_before"].search(lead)) or bool(
        OF_THEM.match(sent[c.q.end :])
    )


# 1. left to right: each candidate with the candidates before it, as the rules left them


def inherit_kind_from_neighbour(
    sent: str, found: Sequence[Candidate], cand: Candidate
) -> Candidate | None:
    """A subset ("including seven children") or a count joined by a comma / "and" to a figure
    before it ("killed 5 civilians and 3 fighters") takes that figure's kind."""
    c = cand.count
    if not found:
        return None
    is_sub = _subset_cue(sent, c)
    if not (is_sub or cand.kind is None):
        return None
    p = found[-1]
    if is_sub:  # "killing 15 civilians spanning three generations, including seven children"
        p = next((f for f in reversed(found) if f.kind and f.count.group), p)
        if cand.kind == "killed" and p.kind == "injured":
            return None  # "five were wounded, two of them later died": the dead, told of anew
    gap = sent[p.end if p.kind else p.count.np_end : c.q.start]
    joined = _joined(gap)
    if (
        p.kind
        and not is_sub
        and c.group
        and not c.definite
        and p.count.q.value > 1  # "killed a commander in his home together with his wife": kin
        and ALONG_AFTER_WHERE.fullmatch(gap)
    ):
        # "21 soldiers were killed in the town along with 26 fighters": more dead of the kind
        return replace(cand, kind=p.kind, revision=False, subset=False)
    if p.kind and (is_sub or joined) and (c.group or is_sub):  # "including 3 that were"
        # "six fighters, including a commander, and four civilians were killed": civilians are
        # no part of a count of fighters (nor fighters of civilians): the subset has ended
        head = next((f for f in reversed(found) if f.kind and not f.subset), None)
        apart = head is not None and _disjoint(head.count.group, c.group)
        subset = is_sub or cand.subset or (joined and p.subset and not apart)
        kind = p.kind
        own = OWN_VERB_AHEAD.match(sent, c.np_end) if p.end > p.count.np_end else None
        if own is not None and not is_sub:
            # "seven soldiers were killed and three soldiers and one officer were wounded": a
            # clause of its own after the verb of the one before, with its own verb
            kind = "injured" if own.group("v").lower() in ("injured", "wounded", "hurt") else kind
        return replace(cand, kind=kind, revision=False, subset=subset)
    return None


def gapped_clause(sent: str, found: Sequence[Candidate], cand: Candidate) -> Candidate | None:
    """ "Five were killed in the town of A and one in the town of B": a bare count after the
    place of a figure's clause, with a place of its own, is a figure of the same kind (the
    verb is left out, not the count's meaning)."""
    c = cand.count
    if cand.kind is not None or c.group is not None or not found or _subset_cue(sent, c):
        return None
    p = found[-1]
    if p.kind is None or p.subset:
        return None
    if not GAPPED_WHERE.fullmatch(sent, p.end, c.q.start) or not GAPPED_AFTER.match(sent, c.np_end):
        return None
    return replace(cand, kind=p.kind, revision=False, subset=False, start=c.q.start)


def _disjoint(a: str | None, b: str | None) -> bool:
    """Whether no one counted in group ``a`` can be counted in group ``b`` (civilians and
    fighters)."""
    return bool(a and b) and {a, b} in ({"civilians", "fighters"}, {"civilians", "soldiers"})


def joined_to_a_subset(sent: str, found: Sequence[Candidate], cand: Candidate) -> Candidate | None:
    """A figure joined to a subset before it is a subset too ("including 4 children killed and 2
    women injured")."""
    c = cand.count
    if not (found and cand.kind and found[-1].subset and c.group) or _subset_cue(sent, c):
        return None
    head = next((f for f in reversed(found) if f.kind and not f.subset), None)
    if head is not None and _disjoint(head.count.group, c.group):
        return None  # "six fighters, including a commander, and four civilians"
    if _joined(sent[found[-1].count.np_end : c.q.start]):
        return replace(cand, subset=True)
    return None


# 2. right to left: each pair of neighbours, rewritten by the first rule that reads it


def two_bounds(sent: str, c: Candidate, n: Candidate) -> list[Candidate] | None:
    """ "at least 5 civilians, and possibly as many as 7, were killed": a counted noun with no
    kind of its own, joined or hedged to the figure after it, takes that figure's kind."""
    if not (c.kind is None and c.count.group and n.kind):
        return None
    hedge = HEDGED.fullmatch(sent, c.count.np_end, n.count.q.start)
    if hedge or _joined(sent[c.count.np_end : n.count.q.start]):
        return [replace(c, kind=n.kind, revision=False, subset=False, end=n.end), n]
    return [c, n]


def one_count_between_two_numbers(sent: str, c: Candidate, n: Candidate) -> list[Candidate] | None:
    """ "2, possibly 3, civilians were killed": a bare number hedged before a figure is the low
    end of one range."""
    if not (c.kind is None and c.count.group is None and n.kind and n.count.group):
        return None
    if not HEDGED.fullmatch(sent, c.count.np_end, n.count.q.start):
        return None
    nq, cq = n.count.q, c.count.q
    q = replace(
        nq,
        value=cq.value,
        value_max=nq.value_max or nq.value,
        qualifier="range",
        start=cq.start,
        number_start=cq.number_start,
    )
    return [replace(n, count=replace(n.count, q=q), start=c.start)]


def shared_noun(sent: str, c: Candidate, n: Candidate) -> list[Candidate] | None:
    """ "at least 7 HTS and 5 IS fighters were killed": a bare number takes the noun of the
    figure after it, and the two add up to one figure."""
    if not (c.kind is None and c.count.group is None and n.kind and n.count.group):
        return None
    cq, nq = c.count.q, n.count.q
    if not BEFORE_SHARED_NOUN.fullmatch(sent[cq.end : nq.start]):
        return None
    open_ = "at_least" in (cq.qualifier, nq.qualifier)
    q = replace(
        nq,
        value=cq.value + nq.value,
        value_max=None
        if open_ or nq.value_max is None or cq.value_max is None
        else cq.value_max + nq.value_max,
        qualifier="at_least" if open_ else nq.qualifier,
        start=cq.start,
        number_start=cq.number_start,
    )
    return [replace(n, count=replace(n.count, q=q), start=c.start)]


# 3. left to right: each candidate with the one before it, merged into it by the first rule


def _speaks(sent: str, cand: Candidate) -> bool:
    """Whether the count's noun phrase is the subject of a verb of saying: "... were killed and
    a ministry official said", "killed six, an official in the district said": who speaks, not
    who died ("killing eight volunteers activists said", "17 people killed said" are counts of
    the dead)."""
    c = cand.count
    one = c.q.value == 1 and sent[c.q.start : c.q.start + 2].lower() in ("a ", "an")
    return bool(
        SPEAKER_AFTER.match(sent, c.np_end) or (one and ONE_SPEAKER_AFTER.match(sent, c.np_end))
    ) and not CASUALTY_WORD.search(sent, min(cand.start, c.q.start), c.np_end)


def same_group_sum(sent: str, p: Candidate, cand: Candidate) -> Candidate | None:
    """ "three children and an infant girl were killed": counts of one group and kind joined by
    "and" are one figure (4 children); not the one who then speaks."""
    c, pc = cand.count, p.count
    if not (cand.kind and c.group) or _speaks(sent, cand):
        return None
    if not (
        p.kind == cand.kind
        and pc.group == c.group
        and p.subset == cand.subset
        and {c.q.qualifier, pc.q.qualifier} <= {"exact", "at_least"}
        and (
            _joined(sent[pc.np_end : c.q.start])
            # "21 fighters were killed along with 26 fighters of the other side" (not "one was
            # killed and one was injured": a bare "and" after a verb starts a clause of its own)
            or (p.end <= c.q.start and ALONG_WITH.fullmatch(sent[p.end : c.q.start]) is not None)
        )
    ):
        return None
    open_ = "at_least" in (c.q.qualifier, pc.q.qualifier)
    q = replace(
        pc.q,
        qualifier="at_least" if open_ else "exact",
        value=pc.q.value + c.q.value,
        value_max=pc.q.value_max + c.q.value_max
        if pc.q.value_max and c.q.value_max and not open_
        else None,
        end=c.q.end,
        number_end=c.q.number_end,
    )
    return replace(p, count=replace(pc, q=q, np_end=c.np_end), end=max(p.end, cand.end))


# 4. each candidate on its own


def allocated_share(sent: str, cand: Candidate) -> Candidate:
    """ "4 fatalities coded to Rihan", "Rihan allocated 4": a share of a total given to a place;
    the evidence takes the place name in, for the assembly to split by place."""
    lex = lexicon()
    c = cand.count
    alloc = lex.cues["allocation_after"].match(sent, c.q.end)
    if alloc is None and c.np_end > c.q.end:  # "1 shelling fatality each to ..."
        alloc = lex.cues["allocation_after"].match(sent, c.np_end)
    if alloc is not None:
        place = PLACE_AFTER.match(sent, alloc.end())
        every = None if place else EVERY_PLACE.match(sent, alloc.end())
        where = place.group("names").strip() if place else ("*" if every else None)
        return replace(
            cand,
            subset=True,
            end=max(cand.end, place.end() if place else every.end() if every else alloc.end()),
            allocated_to=where,
        )
    if lex.cues["allocation_before"].search(before(sent, c.q.start)):
        ps = cand.start
        head = before(sent, ps)
        named = PLACE_BEFORE.search(head)
        return replace(
            cand,
            subset=True,
            start=min(ps, ps - len(head) + named.start() if named else ps),
            allocated_to=named.group("name") if named else None,
        )
    return cand


def later_death(sent: str, cand: Candidate) -> Candidate:
    """ "a woman later died of her wounds", "a boy who was wounded ... later died", "the later
    death of a man": a death after the toll was told, that adds to it."""
    lex = lexicon()
    c = cand.count
    if not (
        lex.cues["later_death"].match(sent, c.np_end)
        or lex.cues["later_death_before"].search(before(sent, c.q.start))
    ):
        return cand
    # the one who "was wounded ... and later died" is dead: the dead, not the wounded
    kind = "killed" if c.group and cand.kind in (None, "injured") else cand.kind
    return replace(cand, kind=kind, increment=True)


def increment(sent: str, cand: Candidate) -> Candidate:
    """ "another man", "five more", "In addition, ...", "was also killed", "an unknown number of
    IS fatalities coded as 10": a count on top of the figures before it."""
    if cand.increment:
        return cand
    lex = lexicon()
    c = cand.count
    head = before(sent, c.q.start)
    cue = lex.cues["increment"].search(head)
    if cue and REPORTED.search(head, cue.start()):
        cue = None  # "Meanwhile the coalition said the attack killed 100": another count
    if (
        cue
        or MORE_AFTER.match(sent[c.q.end :])
        or ALSO.search(sent[cand.start : cand.end])
        or (lex.cues["uncounted"].search(head) and not lex.cues["counted_too"].search(sent))
        # "the unknown deaths coded at 3, in addition to 2 known deaths": on top of those
        or (cand.revision and KNOWN_BESIDE.match(sent, cand.end))
    ):
        return replace(cand, increment=True)
    return cand


KNOWN_BESIDE = re.compile(
    r"\s*,?\s*(?:in\s+addition\s+to|on\s+top\s+of|besides|plus)\s+(?:the\s+)?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+known\b",
    re.IGNORECASE,
)


POSSIBLY_BEFORE = re.compile(
    r"\b(?:possibly|perhaps|maybe|potentially)\s+(?:as\s+many\s+as\s+|up\s+to\s+)?$",
    re.IGNORECASE,
)


def possible_count(sent: str, cand: Candidate) -> Candidate:
    """ "causing injuries and possibly 1 additional death", "killing perhaps 30 people": a count
    that may be so is the highest figure said, not the lowest credible one."""
    if cand.kind is None or not POSSIBLY_BEFORE.search(before(sent, cand.count.q.start)):
        return cand
    return replace(cand, hedged=True)


# "X was killed alongside 11 of his relatives", "killing the teacher together with her three
# children": the one victim told before "alongside" / "(together) with" is among the dead too
_COMPANION = (
    r"\s*,?\s*(?:alongside|along\s+with|together\s+with|with)\s+"
    r"(?:(?:his|her|their|the)\s+)?$"
)
_ONE_DIED = re.compile(
    r"\b(?:was|has\s+been)\s+(?:\w+\s+)?(?:killed|martyred|shot\s+dead)"
    + _COMPANION
    + r"|\bdied"
    + _COMPANION,
    re.IGNORECASE,
)
_KILLING_ONE = re.compile(
    r"\b(?:killing|killed)\s+(?P<one>[^.;:\d]{1,80}?)" + _COMPANION, re.IGNORECASE
)
_PLURAL_PASSIVE = re.compile(
    r"\b(?:were|are|have\s+been|had\s+been)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
_SINGULAR_PASSIVE = re.compile(r"\b(?:was|has\s+been|had\s+been)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NOT_A_VICTIM = re.compile(
    r"(?:in|at|on|near|during|by|from|inside|outside|when|while|after|before|across)\b",
    re.IGNORECASE,
)
_MANY = ("and", "both", "all", "several", "many", "them", "they", "people", "men", "women")


def _one_before(head: str) -> bool:
    """Whether the words before the companion cue tell of one victim: "X was killed" (singular)
    or "killing X" where X is one person (a name or a singular noun, "the wife of the mayor")."""
    if _ONE_DIED.search(head):
        return True
    m = _KILLING_ONE.search(head)
    if m is None:
        return False
    if _NOT_A_VICTIM.match(m.group("one")):
        # the words after "killed" tell where or when: the one who died is before it, "a
        # woman was killed in the raid along with", not "21 soldiers were killed in the town
        # along with 26 fighters"
        return bool(_SINGULAR_PASSIVE.search(head, 0, m.start()))
    if _PLURAL_PASSIVE.search(head, 0, m.start()):
        return False
    groups = lexicon().groups
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", m.group("one")) if not w[0].isupper()]
    # "killing civilians along with", "killing him and his wife with": more than one
    return not any(w in _MANY or (w.endswith("s") and w in groups) for w in words)


def companions(sent: str, cand: Candidate) -> Candidate:
    """A count after one victim and "alongside" / "(together) with" ("Y was killed alongside
    her 3 children") is the rest of the dead: the dead are one more than it (4). The count is
    no figure of its own group: "her children" there are kin of any age, not minors."""
    c = cand.count
    if cand.kind is not None or c.group is None or cand.subset:  # read by no other rule
        return cand
    if c.q.qualifier not in ("exact", "at_least") or not _one_before(before(sent, c.q.start)):
        return cand
    q = replace(
        c.q,
        value=c.q.value + 1,
        value_max=None if c.q.value_max is None else c.q.value_max + 1,
    )
    return replace(
        cand,
        count=replace(c, q=q, group="people", definite=False),
        kind="killed",
        revision=False,
    )


# 5. what is kept


def is_casualty_count(sent: str, cand: Candidate) -> bool:
    """A figure has a kind, and a bare number is not a share, a count of strikes or a vague
    "several" told without a noun ("dozens" and "scores" killed are)."""
    c = cand.count
    if cand.kind is None or (
        c.group is None
        and c.q.qualifier == "vague"
        and cand.kind != "killed"
        and not c.q.text.lower().startswith(("dozens", "scores"))
    ):
        return False
    if _speaks(sent, cand):
        return False
    return not (c.group is None and NOT_PEOPLE_AFTER.match(sent[c.q.end :]))


Step = Callable[[str, Sequence[Candidate], Candidate], Candidate | None]
Pair = Callable[[str, Candidate, Candidate], list[Candidate] | None]
Merge = Callable[[str, Candidate, Candidate], Candidate | None]
Each = Callable[[str, Candidate], Candidate]

NEIGHBOUR_RULES: tuple[Step, ...] = (
    inherit_kind_from_neighbour,
    joined_to_a_subset,
    gapped_clause,
)
PAIR_RULES: tuple[Pair, ...] = (two_bounds, one_count_between_two_numbers, shared_noun)
MERGE_RULES: tuple[Merge, ...] = (same_group_sum,)
EACH_RULES: tuple[Each, ...] = (
    allocated_share,
    later_death,
    increment,
    possible_count,
    companions,
)


def read_candidates(sent: str, found: Sequence[Candidate]) -> list[Candidate]:
    """The candidates of one sentence through the rules, in the order of the module docstring."""
    out: list[Candidate] = []
    for cand in found:  # 1. left to right, each with the candidates before it
        out.append(first(r(sent, out, cand) for r in NEIGHBOUR_RULES) or cand)
    for i in range(len(out) - 2, -1, -1):  # 2. right to left, each pair of neighbours
        pair = first(r(sent, out[i], out[i + 1]) for r in PAIR_RULES)
        if pair is not None:
            out[i : i + 2] = pair
    merged: list[Candidate] = []
    for cand in out:  # 3. left to right, each into the one before it
        into = first(r(sent, merged[-1], cand) for r in MERGE_RULES) if merged else None
        if into is None:
            merged.append(cand)
        else:
            merged[-1] = into
    for rule in EACH_RULES:  # 4.
        merged = [rule(sent, cand) for cand in merged]
    kept = [cand for cand in merged if is_casualty_count(sent, cand)]  # 5.
    return [other_dead(sent, kept[:i], cand) for i, cand in enumerate(kept)]  # 6.


_OTHER_AFTER = re.compile(r"\s+other\s+(?!than)")


def other_dead(sent: str, earlier: Sequence[Candidate], cand: Candidate) -> Candidate:
    """ "seven of the family along with 18 other civilians were killed": N other dead after a
    count of dead in the sentence are more dead (the "other" wounded are others than them)."""
    if (
        cand.kind == "killed"
        and _OTHER_AFTER.match(sent[cand.count.q.end :])
        and any(k.kind == "killed" for k in earlier)
    ):
        return replace(cand, increment=True)
    return cand


def mention(s: Sentence, cand: Candidate) -> FigureMention:
    """The figure a candidate that passed the rules tells, with report offsets."""
    lex = lexicon()
    c, s0 = cand.count, s.start
    head = before(s.words, c.q.start)
    assert cand.kind is not None  # is_casualty_count kept only candidates with a kind
    return FigureMention(
        kind=cand.kind,
        value=c.q.value,
        value_max=c.q.value if cand.hedged else c.q.value_max,
        qualifier="up_to" if cand.hedged else c.q.qualifier,
        group=c.group or "people",
        start=s0 + min(cand.start, c.q.start),
        end=s0 + max(cand.end, c.np_end),
        number_start=s0 + c.q.number_start,
        number_end=s0 + c.q.number_end,
        revision=cand.revision
        or bool(lex.cues["revision"].search(head))
        # "for a total of 11": the words the number takes in ("a total of") are read too
        or (
            c.q.number_start > c.q.start
            and bool(lex.cues["revision"].search(before(s.words, c.q.number_start)))
        ),
        part_of_total=cand.subset,
        increment=cand.increment and not cand.subset and not c.definite,
        named_victims=c.definite,
        allocated_to=cand.allocated_to,
        alternative=bool(lex.cues["alternative"].search(head)),
        unnamed=c.group is None,
    )


# the figures of the sentence, read together


def demographic_subset(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """ "six civilians, three women and a man were killed": children, women or men told after a
    figure of people or civilians of the same kind are a part of it; not when a verb of their
    own, after that figure, kills them ("a raid killed 1 civilian, and shelling, which killed 1
    woman, ..."): another attack's dead."""
    out = list(figs)
    for i, f in enumerate(out):
        if f.group not in DEMOGRAPHIC or f.part_of_total or f.increment:
            continue
        totals = [
            t
            for t in out[:i]
            if t.kind == f.kind and t.group in ("people", "civilians") and t.number_end <= f.start
        ]
        # its own verb, after the other figure's verb and not a participle that tells what the
        # killing before it did ("killing 4 women"): more dead, added to the toll
        own = [
            t
            for t in totals
            if t.end <= f.start < f.number_start
            and t.start < t.number_start
            and not PARTICIPLE.match(s.text, f.start)
        ]
        if totals and len(own) == len(totals):
            out[i] = replace(f, increment=True)
        elif totals:
            out[i] = replace(f, part_of_total=True)
    return out


PARTICIPLE = re.compile(r"\w+ing\b")


def killed_pronoun(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """ "opened fire on him, killing him", "which led to his death": one victim, told before."""
    out = list(figs)
    s0 = s.start
    for m in KILLED_PRONOUN.finditer(s.words):
        if not any(f.start - s0 <= m.start() < f.end - s0 for f in out):
            # the pronoun's group
            who = next(g for g in ("p", "p2", "p3", "p4") if m.group(g))
            out.append(
                FigureMention(
                    "killed",
                    1,
                    1,
                    "exact",
                    "people",
                    s0 + m.start(),
                    s0 + m.end(),
                    s0 + m.start(who),
                    s0 + m.end(who),
                    named_victims=True,
                )
            )
    return out


def victim_lists(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """ "X, his wife and their three children were killed": a list of victims is counted
    (`victims.count_victims`), and a figure inside it is a part of its total."""
    lists = victims.count_victims(s.text, s.start, s.end, s.persons, figs)
    out = [
        replace(f, part_of_total=True)
        if any(v.start <= f.number_start and f.number_end <= v.end for v in lists)
        else f
        for f in figs
    ]
    return out + lists


def zero_figures(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """ "no casualties were reported", "nobody was hurt": figures of zero."""
    return figs + _zero_figures(s.words, s.start)


def others_hurt(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """ "killing four and wounding others": the wounded, at least two, when the sentence counts
    none of them with a number."""
    if any(f.kind == "injured" for f in figs):
        return figs
    return figs + _others_hurt(s.words, s.start)


# "X said 300 people were killed": a count told as what someone said (the verb right before it)
_SAID_COUNT = re.compile(
    r"\b(?:said|says|saying|reported|reporting|told\s+[\w-]+|put\s+the\s+(?:death\s+)?toll\s+at)"
    r"\s+(?:that\s+)?(?:at\s+least\s+|about\s+|around\s+|some\s+|nearly\s+|more\s+than\s+|"
    r"over\s+)?$",
    re.IGNORECASE,
)


def rival_counts(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """ "a rescue chief said 300 were killed and a ministry official said 500 were": two
    different counts of one kind, each told as what someone said, in one sentence, are two
    sources' counts of the same toll (each stays in the range), not a toll and its detail."""
    said = [
        f
        for f in figs
        if not (f.part_of_total or f.increment or f.named_victims)
        and _SAID_COUNT.search(s.text, max(s.start, f.number_start - 60), f.number_start)
    ]
    out = list(figs)
    for i, f in enumerate(out):
        if f in said and any(g.kind == f.kind and g.value != f.value for g in said if g is not f):
            out[i] = replace(f, alternative=True)
    return out


Rule = Callable[[Sentence, list[FigureMention]], list[FigureMention]]
MENTION_RULES: tuple[Rule, ...] = (
    demographic_subset,
    killed_pronoun,
    victim_lists,
    zero_figures,
    others_hurt,
    rival_counts,
)


def read_mentions(s: Sentence, figs: list[FigureMention]) -> list[FigureMention]:
    """The figures of one sentence through `MENTION_RULES`, in order."""
    for rule in MENTION_RULES:
        figs = rule(s, figs)
    return figs
