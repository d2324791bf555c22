"""Statement frames around the names of a sentence: who speaks ("X said", "according to X"),
who denies or claims responsibility and what that does to the other names
(`read_denial_or_claim`), a claim read from a party naming another as its strike's target,
parties that blame each other, "either X or Y", and whether a hedge ("suspected", "believed
to be") is on one noun or on the whole sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from harmwatch.pipeline import agents
from harmwatch.pipeline.actor_context import names_a_place
from harmwatch.pipeline.actor_vocab import Alias
from harmwatch.pipeline.vocab import cue, speech_words

# "X said", "X told reporters", "X reported on Sunday"; "according to X"
_SAYS_AFTER = re.compile(
    r"\s*,?\s*(?:(?:on|late|early)\s+\w+\s+|also\s+|later\s+|has\s+|had\s+)?"
    rf"{speech_words('source')}\b",
    re.IGNORECASE,
)


_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def speaks(sent: str, start: int, end: int) -> bool:
    """Whether the source named at ``start:end`` is the one speaking in ``sent``."""
    return bool(
        _SAYS_AFTER.match(sent, end) or _ACCORDING_TO.search(sent, max(0, start - 20), start)
    )


# two parties that blame each other for the harm: each is accused by the other
_EACH_OTHER = re.compile(
    r"\b(?:blam\w*|accus\w*)\s+(?:each\s+other|one\s+another)\b|"
    r"\btrad(?:ed|ing|e)\s+(?:blame|accusations)\b",
    re.IGNORECASE,
)


def mutual_blame(sent: str, found: list[tuple[int, int, Alias]]) -> dict[int, int]:
    """The two belligerents named before "blamed each other" ("traded blame"), each with the
    other: {index: its accuser's index}; empty unless exactly two stand before it."""
    cue_at = _EACH_OTHER.search(sent)
    if cue_at is None:
        return {}
    before = [
        i
        for i, (s, e, a) in enumerate(found)
        if a.kind == "belligerent" and a.actor_id not in ("unknown",) and e <= cue_at.start()
    ]
    if len(before) != 2 or found[before[0]][2].actor_id == found[before[1]][2].actor_id:
        return {}
    return {before[0]: before[1], before[1]: before[0]}


def either_or(sent: str, found: list[tuple[int, int, Alias]], roles: list[str]) -> set[int]:
    """The attackers told as one or the other ("Syrian or Russian warplanes", "either the army
    or the militia"): each is alleged, none stated."""
    out: set[int] = set()
    for i in range(len(found) - 1):
        (_, e1, a1), (s2, _, a2) = found[i], found[i + 1]
        if (
            a1.kind == a2.kind == "belligerent"
            and a1.actor_id != a2.actor_id
            and "perpetrator" in (roles[i], roles[i + 1])
            and _OR_BETWEEN.fullmatch(sent, e1, s2)
        ):
            out |= {i, i + 1}
    return out


_OR_BETWEEN = re.compile(r"\s*(?:[\w-]+\s+){0,2}?or\s+(?:the\s+|an?\s+)?", re.IGNORECASE)


# a relative clause from a name up to the cue: "(the coalition) that has bombed X since March"
_RELATIVE_TO_CUE = re.compile(r"\s*,?\s*(?:that|which|who)\s+[^,;:.()\"“”]*,?\s*$", re.IGNORECASE)


def cue_speaker(
    found: list[tuple[int, int, Alias]],
    roles: list[str],
    cue_at: int,
    claim: bool = False,
    sent: str | None = None,
) -> int | None:
    """The belligerent that denies or claims: the last one before the cue, else (for a denial:
    "denied by the army") the first after. A claim is a party's word of itself: its claimant
    stands before it ("They claimed the attack was caused by X" claims nothing for X). Given
    ``sent``, a name that says where ("the coalition that bombs rebels in Yemen denied") is
    no speaker while another name can be ("the ministry in Moscow denied": Moscow's)."""
    before = [i for i, f in enumerate(found) if f[2].kind == "belligerent" and f[1] <= cue_at]
    if sent is not None:  # a name that says where speaks only if no other can
        before = [i for i in before if not names_a_place(sent, *found[i][:2])] or before
    if sent is not None and len(before) > 1:
        # "the coalition that has bombed the rebels denied": the noun the clause is about
        head = next(
            (i for i in before[:-1] if _RELATIVE_TO_CUE.match(sent, found[i][1], cue_at)), None
        )
        if head is not None:
            return head
    if before:
        return before[-1] if roles[before[-1]] != "victim" or len(before) == 1 else before[0]
    if claim:
        return None
    after = [i for i, f in enumerate(found) if f[2].kind == "belligerent" and f[0] > cue_at]
    return after[-1] if after else None


def _denier(
    sent: str,
    found: list[tuple[int, int, Alias]],
    parsed: agents.Roles | None,
    cue_at: int,
    speaker: int | None,
) -> int | None:
    """Who denies, when the sentence says more than the nearest name before the cue: the
    party the parse gives as the subject of the verb of denial; else, for a denial joined to a
    verb of speech ("an army spokesman said the strike targeted X fighters and denied ..."), the
    party that speaks, not X. Else the pattern's ``speaker``."""
    if parsed is not None:
        subject = [
            i
            for i, (s, e, a) in enumerate(found)
            if a.kind == "belligerent" and any(ds <= s and e <= de for ds, de in parsed.deniers)
        ]
        if subject:
            return subject[0]
    if _JOINED_DENIAL.search(sent[:cue_at]):
        said = SAID_BETWEEN().search(sent, 0, cue_at)
        if said is not None:
            before = [
                i
                for i, (_s, e, a) in enumerate(found)
                if a.kind == "belligerent" and e <= said.start()
            ]
            if before:
                return before[-1]
    return speaker


def read_denial_or_claim(
    sent: str,
    found: list[tuple[int, int, Alias]],
    roles: list[str],
    parsed: agents.Roles | None,
    denial: re.Match[str] | None,
    claim: re.Match[str] | None,
    alleging: re.Match[str] | None,
) -> int | None:
    """The roles a denial or a claim of responsibility gives, set in ``roles``: its speaker
    denies or claims (`cue_speaker`, `_denier`); an attacker it denies is only mentioned,
    unless the denier blames that one ("denied the strike and blamed X"). Returns the speaker
    when it is also the one accused before the denial ("He accused X of the attack, which X
    denied"): both alleged and denying."""
    if not (denial or claim):
        return None
    accused_denier = None
    cue_at = (denial or claim).start()  # type: ignore[union-attr]
    speaker = cue_speaker(found, roles, cue_at, claim=not denial, sent=sent)
    if denial:
        speaker = _denier(sent, found, parsed, cue_at, speaker)
    if not denial and speaker is not None and _names_other_attacker(found, roles, speaker, claim):
        speaker = None  # "the army confirmed the Russian strike": Russia's, not its own
    for i, (_s, _e, alias) in enumerate(found):
        if alias.kind != "belligerent":
            continue
        if i == speaker:
            if denial and alleging and roles[i] == "perpetrator" and alleging.start() < _s:
                # "He accused X of the attack, which X denied": accused and denying
                accused_denier = i
            roles[i] = "denial" if denial else "claim"
        elif (
            denial
            and roles[i] == "perpetrator"
            and not _counter_accused(sent, denial, _s, _e)
            and not (
                # "the union blamed the RSF; the RSF denied it": the accused, who denies
                speaker is not None
                and found[speaker][2].actor_id == alias.actor_id
                and alleging is not None
                and alleging.start() < _s < cue_at
            )
        ):
            roles[i] = "mention"  # the accusation being denied
    return accused_denier


# "(the army) said the strike targeted ...": a party that tells what its strike was aimed at
_SAID_TARGETED = re.compile(
    r"\b(?:said|says|stated|announced|insisted)\s+(?:that\s+)?(?:the|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:air\s?strikes?|strikes?|attacks?|raids?|operations?|bombardment|shelling)\s+"
    r"(?:had\s+|has\s+|was\s+|were\s+)?(?:targeted|hit|struck|(?:was\s+|were\s+)?aimed\s+at)\s+",
    re.IGNORECASE,
)


def claimed_by_its_target(sent: str, found: list[tuple[int, int, Alias]]) -> re.Match[str] | None:
    """ "The military said the strike targeted TPLF fighters": a party names another party as
    what the strike was aimed at, so the strike is its own (a claim). Only when a party is that
    target: "Hamas said the strike targeted a school" claims nothing."""
    for m in _SAID_TARGETED.finditer(sent):
        target = re.match(r"(?:[\w'’-]+\s+){0,4}", sent[m.end() :])
        reach = m.end() + (target.end() if target else 0) + 1
        named = {
            a.actor_id for s, _e, a in found if a.kind == "belligerent" and m.end() <= s <= reach
        }
        speakers = [a for _s, e, a in found if a.kind == "belligerent" and e <= m.start()]
        if named and speakers and speakers[-1].actor_id not in named:
            return m
    return None


def _counter_accused(sent: str, denial: re.Match[str], start: int, end: int) -> bool:
    """Whether the party at ``start`` is blamed by the denier after its denial: "Moscow denied
    the strike and blamed Ukrainian forces" accuses Ukraine; it is no accusation denied."""
    of = _OF_AFTER.match(sent, end)
    return (of is None or agents.accused_of_harm(sent[of.start(1) :])) and any(
        ACCUSES.match(h.group()) and denial.end() <= h.start() < start
        for h in cue("allegation").finditer(sent, denial.end(), start)
    )


# "(accused) the army and allied militias of ...": the "of" clause after the accused
_OF_AFTER = re.compile(r"[^,;.:()]{0,60}?(\s+of\s)")


# a verb of denial that shares the subject of the verb before it ("said ... and denied")
_JOINED_DENIAL = re.compile(r"\b(?:and|but)\s+(?:also\s+|later\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def SAID_BETWEEN() -> re.Pattern[str]:  # noqa: N802
    return re.compile(rf"\b(?:{speech_words('source')}|that)\b", re.IGNORECASE)


_CULPRIT_NOUN = re.compile(
    r"attackers?|perpetrators?|culprits?|assailants?|killers?|authors?|masterminds?|"
    r"bombers?|shooters?|kidnappers?|abductors?",
    re.IGNORECASE,
)


_HEDGE_ADJECTIVE = re.compile(r"suspected|alleged|presumed|purported", re.IGNORECASE)


# the words after which "suspected" is a verb ("residents suspected the army"), not an adjective
_NOT_A_NOUN_NEXT = frozenset(
    "of that to by the a an it they he she its their his her in as were was is are had has "
    "have be been".split()
)


def hedges_a_noun(sent: str, hedge: re.Match[str]) -> bool:
    """Whether an allegation cue is an adjective on the noun after it ("two suspected militants",
    "a suspected hideout"): it hedges that noun alone."""
    if not _HEDGE_ADJECTIVE.fullmatch(hedge.group()):
        return False
    nxt = re.match(r"\s+([\w'’-]+)", sent[hedge.end() :])
    return (
        nxt is not None
        and nxt.group(1).lower() not in _NOT_A_NOUN_NEXT
        # "(X are) the suspected attackers": the hedge is on who did it, whoever is named;
        # "the alleged killing of two men by X": on the deed, and so on its author
        and not _CULPRIT_NOUN.fullmatch(nxt.group(1))
        and not agents.names_harm([nxt.group(1).lower()])
    )


# a clause of its own after the attacker's: "(shot a man) after he (allegedly ...)"
SUBORDINATE = re.compile(
    r"\b(?:after|when|because|before|who|whom|whose)\s+\w+",
    re.IGNORECASE,
)


# "(nine people) believed to be trapped": a hedge in a reduced relative clause, on its noun
_POSTNOMINAL_HEDGE = re.compile(r"(?:believed|thought|said|reported|feared)\s+to\s+(?:be|have)\b")


_BEFORE_A_VERB = frozenset(
    "is are was were be been being am widely strongly generally also not and or but who which "
    "that it they he she we i".split()
)


def hedges_what_follows(sent: str, hedge: re.Match[str]) -> bool:
    """Whether an allegation cue hedges only the words after it: "... rose to 34, with nine more
    people believed to be trapped" hedges the trapped, not the Russian strike told before;
    "gunmen believed to be X fighters" hedges X, named after it. "X was believed to have ..."
    and "residents believed X did it" hedge the sentence."""
    if not _POSTNOMINAL_HEDGE.match(sent, hedge.start()):
        return False
    before = re.search(r"([\w'’-]+)\s*$", sent[: hedge.start()])
    return before is not None and before.group(1).lower() not in _BEFORE_A_VERB


# the allegation cues that are a party's word against another ("the RSF blamed the army"), not
# a hedge on a name ("two suspected ISGS fighters")
ACCUSES = re.compile(r"accus|blam|attribut|held\s+responsible|claim", re.IGNORECASE)


def _names_other_attacker(
    found: list[tuple[int, int, Alias]], roles: list[str], speaker: int, claim: re.Match[str] | None
) -> bool:
    """Whether the words of a claim cue name another party as the attacker ("the army
    confirmed the Russian strike"): the speaker then confirms it, it does not claim it. A party
    named after the cue is what was hit ("claimed to have destroyed a Turkish tank")."""
    if claim is None:
        return False
    own = found[speaker][2].actor_id
    return any(
        a.kind == "belligerent"
        and a.actor_id not in (own, "unknown")
        and claim.start() <= s < claim.end()
        and roles[k] == "perpetrator"
        for k, (s, _e, a) in enumerate(found)
    )
