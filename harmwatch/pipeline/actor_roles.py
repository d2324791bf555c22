"""The roles of all the names of a sentence as the patterns read them (`pattern_roles`):
each name's own reading (actor_context.py), then what the sentence as a whole says: the
sides of a clash ("clashes between X and Y", "X and Y clashed", the parties whose men fell in
the fighting), names joined by "and"/"or" sharing the attacker's role, a label after a name
("regime terrorist attacks"), the party accused by a pronoun; and the parse's word on who
acted (`parsed_roles`)."""

from __future__ import annotations

import re
from functools import lru_cache

from harmwatch.pipeline import agents, registry
from harmwatch.pipeline.actor_context import name_role
from harmwatch.pipeline.actor_names import AFFILIATION_BEFORE
from harmwatch.pipeline.actor_statements import SAID_BETWEEN
from harmwatch.pipeline.actor_vocab import Alias
from harmwatch.pipeline.vocab import cue, mentions_attack

_COORD = re.compile(
    r"^\s*(?:,\s*|,?\s*(?:and/or|and|or|along with|together with|alongside)\s+"
    r"(?:(?:possibly|probably|likely|perhaps|maybe|allegedly|reportedly)\s+)?"
    r"(?:its\s+|their\s+|the\s+)?(?:(?:ally|allies|allied)\s*,?\s*(?:the\s+)?)?"
    r"|/\s*|&\s*)$",
    re.IGNORECASE,
)


# the verb of a clash right after its subject: "(X and Y groups) clashed", "(X) fought"
_CLASHED = re.compile(
    r"(?:\s*(?:,|and)\s+(?:the\s+)?[\w-]+){0,2}"  # "X and Y clashed", "X, Y and Z clashed"
    r"\s+(?:(?:have|has|had|reportedly|allegedly|then|later|again|also)\s+)?"
    r"(?:clashed|fought|exchanged\s+(?:heavy\s+)?(?:gun\s*)?(?:fire|shots|gunfire))\b",
    re.IGNORECASE,
)


# "(police officers) confronted (the gang), resulting in a shoot-out": a side, where the
# sentence tells of a fight
_CONFRONTED = re.compile(
    r"\s+(?:(?:reportedly|allegedly|then|later|also)\s+)?(?:confronted|engaged|attacked|"
    r"ambushed|intercepted|pursued|chased)\b",
    re.IGNORECASE,
)


# "(the raids on the town) came amid clashes between X and Y": the fighting is the setting of
# another deed the sentence tells, and its sides are not that deed's authors
_AMID_CLASH = re.compile(
    rf"\bamid(?:st)?\s+(?:[\w-]+\s+){{0,3}}(?:{cue('clash').pattern})\s+"
    r"(?:[\w-]+\s+){0,12}?(?:between|with|against)\s+",
    re.IGNORECASE,
)


def clash_is_setting(sent: str, start: int) -> bool:
    """Whether the name at ``start`` is a side of a fight told as the setting ("amid clashes
    between X and Y") of an attack named before it ("the raids ... came amid ..."); "five were
    killed amid clashes between X and Y" names no other deed, and X and Y fought it."""
    window = max(0, start - 130)
    amid = None
    for m in _AMID_CLASH.finditer(sent, window, start):
        amid = m
    return amid is not None and bool(_weapon_word().search(sent, 0, amid.start()))


@lru_cache(maxsize=1)
def _weapon_word() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{cue('weapon_noun').pattern})\b", re.IGNORECASE)


# "a quarrel between X and Y turned into a shootout": in a sentence that tells of the fight,
# the two sides of the quarrel are the sides of the fight
_QUARREL = (
    r"\b(?:disputes?|arguments?|quarrels?|altercations?|rows?|brawls?|stand-?offs?|"
    r"scuffles?|disagreements?)"
)


def pattern_roles(sent: str, found: list[tuple[int, int, Alias]]) -> list[str]:
    """Each found name's role as the patterns read it, before the parse and the claim and
    denial cues."""
    attack = mentions_attack(sent)
    clash = cue("clash").search(sent)
    roles: list[str] = []

    for start, end, alias in found:
        role = name_role(sent, start, end, alias, attack)
        if (
            clash
            and role in ("victim", "mention")
            and alias.kind == "belligerent"
            and not clash_is_setting(sent, start)
            and re.search(
                rf"(?:{cue('clash').pattern}|{_QUARREL})\s+(?:[\w-]+\s+){{0,12}}?"
                r"(?:between|with|against)"
                r"\s+(?:the\s+)?(?:(?:two|rival|several|different|various)\s+"
                r"(?:factions|wings|branches|groups)\s+of\s+(?:the\s+)?|"
                # "with a joint team of X", "with a patrol of the X"
                r"(?:an?\s+)?(?:[\w-]+\s+)?(?:team|group|unit|patrol|contingent|squad|"
                r"detachment|column|convoy)s?\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?|"
                # "between three gangs - X, Y and Z"
                r"(?:[\w-]+\s+){0,2}(?:gangs|cartels|militias|factions|clans)\s*[-–—:,(]\s*"
                r"(?:the\s+)?|(?:[\w-]+\s+){0,2})$",
                sent[max(0, start - 130) : start],
                re.I,
            )
        ):
            role = "side"  # a side of the fighting ("clashes between X and Y")
        roles.append(role)
    for i, (start, end, alias) in enumerate(found):
        # "X and Y clashed", "X fought Y": the subjects of a clash are its sides
        if (
            alias.kind == "belligerent"
            and roles[i] in ("mention", "victim")
            and (_CLASHED.match(sent, end) or (clash and _CONFRONTED.match(sent, end)))
            # "two clans affiliated with X clashed": the clans fought, X is their patron
            and not AFFILIATION_BEFORE.search(sent, max(0, start - 40), start)
        ):
            roles[i] = "side"
    for i in range(len(found) - 1):  # "between X and Y": Y is the other side
        if roles[i] == "side" and re.match(
            r"^\s*(?:[\w-]+\s+){0,2}(?:and|,)\s+(?:the\s+)?$",
            sent[found[i][1] : found[i + 1][0]],
            re.I,
        ):
            roles[i + 1] = "side"
    _accused_by_pronoun(sent, found, roles)
    if clash:
        killed_in_the_fighting(sent, found, roles)
    if clash and "side" in roles:
        # "X (engaged in a firefight / clashed) with Y": X is the other side
        before = [
            k
            for k, (s, e, a) in enumerate(found)
            if e <= clash.start()
            and a.kind == "belligerent"
            and a.actor_id != "unknown"
            and roles[k] == "mention"
            and clash.start() - e <= 80
            and not re.search(r"[;:]", sent[e : clash.start()])
        ]
        if before:
            roles[before[-1]] = "side"
    roles = ["perpetrator" if r == "side" else r for r in roles]
    for i in range(1, len(found)):  # "regime/Russian terrorist attacks": a label, not an actor
        if found[i][2].weak and not sent[found[i - 1][1] : found[i][0]].strip():
            roles[i] = "mention"
    # "Syrian or Russian warplanes", "by the Syrian air force and its Russian allies"
    for _ in range(2):
        for i in range(len(found) - 1):
            gap = sent[found[i][1] : found[i + 1][0]]
            if not _COORD.match(gap):
                continue
            a, b = roles[i], roles[i + 1]
            if a == "perpetrator" and b in ("mention",):
                roles[i + 1] = a
            elif b == "perpetrator" and a in ("mention",):
                roles[i] = b
    return roles


def parsed_roles(
    parsed: agents.Roles, found: list[tuple[int, int, Alias]], roles: list[str]
) -> None:
    """The parse's word on who acted: an agent the patterns took for a victim or a mere
    mention attacks; a patient they took for the attacker was attacked."""
    for i, (start, end, alias) in enumerate(found):
        if alias.kind != "belligerent" or alias.actor_id == "unknown":
            continue
        said = parsed.of(start, end)
        if said == "agent" and roles[i] in ("victim", "mention"):
            roles[i] = "perpetrator"
        elif said == "patient" and roles[i] == "perpetrator":
            roles[i] = "victim"


_ACCUSED_PRONOUN = re.compile(
    r"\b(?:accus\w*|blam\w*)\s+(?:them|it|him|her)(?=\s+(?:of|for)\b)", re.IGNORECASE
)


def _accused_by_pronoun(sent: str, found: list[tuple[int, int, Alias]], roles: list[str]) -> None:
    """The party named just before an accusing pronoun is the accused: "(the ministry)
    condemned the RSF, accusing them of a massacre" (the allegation cue makes it alleged)."""
    m = _ACCUSED_PRONOUN.search(sent)
    if m is None or not agents.accused_of_harm(sent[m.end() :]):
        return
    before = [
        i
        for i, (_s, e, a) in enumerate(found)
        if a.kind == "belligerent" and a.actor_id != "unknown" and e <= m.start()
    ]
    if not before:
        return
    last = before[-1]
    if roles[last] in ("mention", "victim") and re.fullmatch(
        r"[\s,;()\]\[]*(?:and\s+|while\s+|after\s+)?", sent[found[last][1] : m.start()]
    ):
        roles[last] = "perpetrator"


@lru_cache(maxsize=1)
def _KILLED_IN_CLASH() -> re.Pattern[str]:  # noqa: N802
    return re.compile(
        r"\b(?:were|was|are|is|been)\s+(?:(?:reportedly|allegedly|also|all|both|later)\s+)?"
        r"(?:killed|wounded|injured|hurt|shot\s+dead)\s+(?:in|during|amid)\s+(?:the\s+|an?\s+)?"
        r"(?:(?:heavy|fierce|ensuing|subsequent|renewed|armed|intense|brief)\s+)?"
        rf"(?:{cue('clash').pattern})",
        re.IGNORECASE,
    )


# the named were killed or hurt: "(three X) suspects were killed", "(a police officer) was hurt"
_FELL_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:were|was)\s+(?:(?:also|reportedly|allegedly)\s+)?"
    r"(?:killed|wounded|injured|hurt)\b",
    re.IGNORECASE,
)


def killed_in_the_fighting(
    sent: str, found: list[tuple[int, int, Alias]], roles: list[str], side: str = "side"
) -> None:
    """The parties whose men were killed in a fight are its sides, when the sentence names two
    ("one French soldier and two ISGS fighters were killed in fighting"; "a cadre of X was
    killed while two police were injured in an exchange of fire with Y"): each side's dead fell
    to the other. One party's dead alone ("two soldiers were killed in clashes") say nothing of
    who fought them."""
    m = _KILLED_IN_CLASH().search(sent)
    clash = cue("clash").search(sent)
    fallen = [
        i
        for i, (s, e, a) in enumerate(found)
        if a.kind == "belligerent"
        and a.actor_id != "unknown"
        and roles[i] in ("victim", "mention")
        and (
            (
                m is not None
                and e <= m.start()
                and m.start() - e <= 120
                and not re.search(r"[;:]", sent[e : m.start()])
                # "the army said one of its soldiers was killed in clashes": the speaker is no
                # side
                and not SAID_BETWEEN().search(sent, e, m.start())
            )
            # "a clash broke out and three X were killed and a policeman was wounded"
            or (clash is not None and clash.end() <= s and _FELL_AFTER.match(sent, e) is not None)
        )
    ]
    states = registry.country_of_state_id()  # a state's army and police are one side
    sides = {states.get(found[i][2].actor_id, found[i][2].actor_id) for i in fallen} | {
        states.get(a.actor_id, a.actor_id)
        for (_s, _e, a), r in zip(found, roles, strict=True)
        if r == side and a.actor_id != "unknown"
    }
    if len(sides) >= 2:
        for i in fallen:
            roles[i] = side


# "Rwanda-backed M23", "an Iranian-made rocket", "a US-supplied drone": the backer of the group
# or the maker of the weapon, not the attacker
_MAKER_AFTER = re.compile(
    r"\s*[-–]\s*(?:made|built|manufactured|supplied|designed|produced|provided|donated)\b",
    re.IGNORECASE,
)
# "Rwanda-backed M23": the backer of a party named right after it ("an RSF-backed unit"
# names no other party: the backer is all the text says of who the attackers are)
_BACKER_AFTER = re.compile(
    r"\s*[-–]\s*(?:backed|supported|sponsored|funded|financed|armed|trained)\s+$",
    re.IGNORECASE,
)
# "M23 rebels, (who are) backed by Rwanda,": a state or group behind the attacker
_BACKER_BEFORE = re.compile(
    r"\b(?:backed|supported|sponsored|funded|financed|armed|trained|supplied)\s+by\s+"
    r"(?:the\s+)?(?:(?:government|governments|regime)\s+(?:of|in)\s+)?$",
    re.IGNORECASE,
)
# "backed by Russian air power", "supported by Turkish artillery": a force that takes part
_TAKES_PART = re.compile(
    rf"\s+(?:[\w-]+\s+)?(?:{cue('weapon_noun').pattern}|{cue('agent_noun').pattern}|"
    r"air\s+power|air\s+support|air\s+cover|fire\s+support)\b",
    re.IGNORECASE,
)

_ITS_OWN_DEED = re.compile(r"\s*,?\s*(?:which|who|whose)\b", re.IGNORECASE)


def backers(sent: str, found: list[tuple[int, int, Alias]]) -> set[int]:
    """The names that stand behind another party or made its weapon ("Rwanda-backed rebels",
    "rebels backed by Rwanda", "an Iranian-made rocket"): never the attacker. After "backed
    by" only a state named as such is a backer: a force or a group named as taking part
    ("backed by Turkish troops", "supported by Russian airstrikes", "supported by the
    Republican Guard", "backed by rebel factions") is not one of them."""
    out = set()
    for i, (start, end, alias) in enumerate(found):
        if _MAKER_AFTER.match(sent, end) or (
            i + 1 < len(found) and _BACKER_AFTER.fullmatch(sent, end, found[i + 1][0])
        ):
            out.add(i)
        elif (
            _BACKER_BEFORE.search(sent[:start])
            and registry.names_the_state(alias.actor_id, sent[start:end])
            and not _TAKES_PART.match(sent, end)
            # "backed by Moscow, which stepped up its air strikes": what the backer did itself
            and not _ITS_OWN_DEED.match(sent, end)
        ):
            out.add(i)
    return out
