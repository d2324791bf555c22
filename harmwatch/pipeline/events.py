"""Stage "hw_events": what kind of attack, from weapons, vehicles and verbs.

Triggers live in ``data/events.jsonl`` (``{"event_type", "priority", "pattern"}``): each match
becomes an `EventMention`. A trigger after a denial in its sentence ("did not carry out a
single airstrike") or right after "no" / "without" is marked ``negated``. `incident_type`
picks one type for a set of mentions: the most specific (highest priority) one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from harmwatch.pipeline import types  # noqa: F401  (registers the Doc extensions)
from harmwatch.pipeline.types import EventMention, doc_text
from harmwatch.pipeline.vocab import (
    attack_start,
    cue,
    data_file,
    event_patterns,
    event_priority,
    generic_event_patterns,
    sentence_spans,
)
from harmwatch.vocab import event_families

_NEGATED_BEFORE = re.compile(r"\b(?:no|without|not a single|nor|never)\s+(?:\w+\s+)?$", re.I)


@cache
def event_cue(name: str) -> re.Pattern[str]:
    """A pattern of ``data/event_cues.jsonl`` (territorial, reference_before)."""
    for row in data_file("event_cues.jsonl"):
        if row["cue"] == name:
            return re.compile(row["pattern"], re.IGNORECASE)
    raise KeyError(name)


def is_territorial(e: EventMention) -> bool:
    """A ground_clash trigger telling of ground changing hands ("took control"), not fighting."""
    return e.event_type == "ground_clash" and bool(event_cue("territorial").fullmatch(e.trigger))


def find_events(text: str, s_start: int = 0, s_end: int | None = None) -> list[EventMention]:
    """Event triggers in ``text[s_start:s_end]``, not overlapping, most specific first."""
    sent = text[s_start:s_end]
    first = attack_start(sent)
    if first is None:
        return []  # no event pattern can match where none of the attack words does
    # a denial negates what it is said of, which follows it ("denied carrying out the strike");
    # an attack told before it stands ("its strike on the city killed 60 soldiers, as it
    # denied targeting civilians")
    denial = cue("denial").search(sent)
    denied_from = denial.start() if denial else len(sent) + 1
    generic = generic_event_patterns()
    found = [
        (m.start(), m.end(), event_type, m.group(0), pattern in generic)
        for event_type, _prio, pattern in event_patterns()
        for m in pattern.finditer(sent, first)  # none can match before the first attack word
    ]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))  # the longest trigger wins an overlap
    supports = _supports(sent, found) | _alternatives(sent, found)
    taken: list[tuple[int, int]] = []
    out: list[EventMention] = []
    for start, end, event_type, trigger, vague in found:
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        negated = (
            start > denied_from
            or bool(_NEGATED_BEFORE.search(sent[max(0, start - 30) : start]))
            or bool(event_cue("reference_before").search(sent[max(0, start - 40) : start]))
            or start in supports
            or bool(event_cue("reference_after").match(sent[start : end + 60]))
            # "arrested 12 suspects in raids across the province": a search, not an attack
            or (vague and _ARRESTED_IN.search(sent[max(0, start - 120) : start]) is not None)
        )
        out.append(
            EventMention(s_start + start, s_start + end, event_type, trigger, negated, vague)
        )
    return sorted(out, key=lambda e: e.start)


_ARRESTED_IN = re.compile(
    r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|apprehend(?:ed|s|ing)?|round(?:ed)?\s+up)\b"
    r"[^.;]*\b(?:in|during)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


# "it is not yet clear whether the blast was caused by a car bomb or a missile": the weapons
# told as alternatives of an open question
_OPEN_QUESTION = re.compile(
    r"\b(?:unclear|not\s+(?:yet\s+)?clear|unknown|not\s+(?:yet\s+)?known|uncertain)\s+"
    r"(?:whether|if)\b",
    re.IGNORECASE,
)


def _alternatives(sent: str, found: list[tuple[int, int, str, str, bool]]) -> set[int]:
    """The starts of the triggers of weapons of different kinds told, joined by "or", after an
    open question ("unclear whether ... a car bomb or a missile fired from a jet"): none of
    them says what the attack was. One kind of weapon there ("whether Syrian or Russian jets")
    is still the attack's, and so are the weapons of the clause the question only qualifies
    ("whose identity is unknown whether Syrian or Russian conducted airstrikes ... with barrel
    bombs")."""
    q = _OPEN_QUESTION.search(sent)
    if q is None:
        return set()
    after = sorted(f for f in found if f[0] >= q.end() and not f[4])
    for i, a in enumerate(after):
        for b in after[i + 1 :]:
            if b[2] != a[2] and _OR.search(sent, a[1], b[0]):
                # from the first alternative to the end of its clause
                stop = _CLAUSE_END.search(sent, b[1])
                end = stop.start() if stop else len(sent)
                return {f[0] for f in after if a[0] <= f[0] < end}
    return set()


_OR = re.compile(r"\bor\b")
_CLAUSE_END = re.compile(r"[,;:]")


def _supports(sent: str, found: list[tuple[int, int, str, str, bool]]) -> set[int]:
    """The starts of the triggers that name the support of a ground operation: the first one
    within a few words after "backed by", "under the cover of" ..."""
    out: set[int] = set()
    for cue_hit in event_cue("support_before").finditer(sent):
        end = cue_hit.end()
        after = [f for f in found if end <= f[0] <= end + _SUPPORT_REACH]
        first = min(after, default=None)
        if first is None or first[2] in _NOT_SUPPORT:
            continue  # "forces backed by militias took control": the operation itself
        gap = sent[end : first[0]].split()
        if len(gap) <= 3 and not any(_VERB_FORM.search(w) for w in [*gap, first[3]]):
            out.add(first[0])
    return out


# a trigger that is a verb, or follows one ("forces backed by Turkey shelled the village",
# "... supported by Turkey exchanged shelling"): what the supported party did, not the support
_VERB_FORM = re.compile(r"(?:ed|struck|hit|fought|shot|blew up|set off)$", re.I)
# what ground forces do: the operation, never the support given to it
_NOT_SUPPORT = frozenset(("ground_clash", "shooting"))


# how far (characters) after "backed by" its weapon may be named ("backed by the regime's jets")
_SUPPORT_REACH = 30


def incident_type(events: Iterable[EventMention]) -> str:
    """The most specific event type among the mentions that are not negated ("other" if none):
    a word that names the weapon ("missile", "artillery") before a generic one ("strike")."""
    prio = event_priority()
    told = [e for e in events if not e.negated]
    kinds = [e.event_type for e in told if not e.generic] or [e.event_type for e in told]
    return max(kinds, key=lambda k: prio.get(k, 0)) if kinds else "other"


def lead_type(lead: Sequence[EventMention], events: Sequence[EventMention]) -> str:
    """The type of an incident whose lead is ``lead``: `incident_type`, but where the lead names
    weapons of two families ("killed by artillery shelling and air attacks") the family the
    whole report (``events``) tells of more often ("the shells fell in the market"), the more
    specific one on a tie. Within one family the most specific weapon stands ("helicopters
    dropped barrel bombs": a barrel bombing)."""
    family = event_families()
    kinds = {e.event_type for e in lead if not e.negated and not e.generic}
    if len({family.get(k, k) for k in kinds}) < 2:
        return incident_type(lead)
    prio = event_priority()
    told = Counter(family.get(e.event_type) or e.event_type for e in events if not e.negated)
    return max(kinds, key=lambda k: (told[family.get(k) or k], prio.get(k, 0)))


def names_weapon(events: Iterable[EventMention]) -> bool:
    """Whether any mention that is not negated names the weapon (is not generic)."""
    return any(not e.negated and not e.generic for e in events)


class EventFinder:
    def __call__(self, doc: Doc) -> Doc:
        mentions: list[EventMention] = []
        text = doc_text(doc)
        for start, end in sentence_spans(doc):
            mentions += find_events(text, start, end)
        doc._.hw_events = tuple(mentions)
        return doc


@Language.factory("hw_events", assigns=["doc._.hw_events"])
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    return EventFinder()
