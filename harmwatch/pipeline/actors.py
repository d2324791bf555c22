"""Stage "hw_actors": who attacked, who is accused and by whom, who claims and who denies.

Actor names come from ``data/actors.jsonl`` (plus ``settings.actor_aliases_file``, same
format: ``{"id": ..., "name": ..., "kind": "belligerent"|"source", "aliases": [...]}``). Each
name found in the text becomes an `ActorMention` whose ``role`` is read off its sentence:

- ``perpetrator``: "Russian warplanes bombed", "carried out by the Syrian air force",
  "regime helicopters dropped barrel bombs" (an attack noun after the name, an attack verb
  after it, or "by" before it, in a sentence that tells of an attack);
- ``alleged``: the same in a sentence that accuses ("accused Russia of", "believes were carried
  out by", "blamed", "probably"), with ``by`` the source that alleges it;
- ``claim`` / ``denial``: the actor that claims or denies responsibility;
- ``source``: monitors, rescuers and media (SOHR, White Helmets, SANA ...): reporters only;
- ``victim``: the attacked side ("strikes on HTS positions"); ``mention`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from harmwatch.gazetteer.load import country_names
from harmwatch.pipeline import (
    agents,
    registry,
    types,  # noqa: F401  (registers the Doc extensions)
)
from harmwatch.pipeline.anaphora import antecedent_source, speaker_phrase
from harmwatch.pipeline.segment import dominant_country
from harmwatch.pipeline.types import ActorMention, doc_text
from harmwatch.pipeline.vocab import (
    DATA_DIR,
    attack_context,
    cue,
    mentions_attack,
    read_jsonl,
    sentence_spans,
    speech_words,
)
from harmwatch.pipeline.word_scan import Finder, WordStartScan

PERPETRATOR_ROLES = ("perpetrator", "alleged", "claim")
# after a nationality, the people or groups it describes that are not the state's forces
_NOT_STATE_AFTER = re.compile(
    r"[\s-]+(?:(?:opposition|armed|rebel|Islamist|Kurdish|allied)\s+)?"
    r"(?:factions?|rebels?|opposition|insurgents?|militias?|militants?|"
    r"armed\s+groups|groups?|civilians?|refugees?|families|children|"
    r"women|men|nationals?|citizens?)\b",
    re.IGNORECASE,
)
_COORD = re.compile(
    r"^\s*(?:,\s*|,?\s*(?:and/or|and|or|along with|together with|alongside)\s+"
    r"(?:(?:possibly|probably|likely|perhaps|maybe|allegedly|reportedly)\s+)?"
    r"(?:its\s+|their\s+|the\s+)?(?:(?:ally|allies|allied)\s*,?\s*(?:the\s+)?)?"
    r"|/\s*|&\s*)$",
    re.IGNORECASE,
)
_HEDGE_BEFORE = re.compile(
    r",?\s*(?:and|or|and/or)\s+(?:possibly|probably|likely|perhaps|maybe|"
    r"allegedly|reportedly)\s+$",
    re.IGNORECASE,
)
# "Russian helicopter is shot down": the weapon was the target
_WEAPON_HIT = re.compile(
    r"^\s+(?:(?:is|was|were|are|has\s+been|had\s+been|been)\s+)?"
    r"(?:shot\s+down|downed|destroyed|hit|targeted|intercepted|crashed)\b",
    re.IGNORECASE,
)
# "an IS-planted landmine", "a regime-fired rocket": the actor placed the weapon
_PLACED = re.compile(
    r"^-(?:planted|laid|placed|fired|launched|dropped|rigged|detonated)\b", re.IGNORECASE
)
# "resulted from regime bombardment", "killed in Russian airstrikes": the weapon's owner
_CAUSE_BEFORE = re.compile(
    r"\b(?:from|with|in|amid|after|during|by|under)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:earlier|recent|continued|ongoing|renewed|heavy|intense|"
    r"intensive|new|fresh|suspected|alleged|repeated)\s+)?$",
    re.IGNORECASE,
)
# "raids in Yemen killed", "fighting across Ukraine has killed": a name after a preposition
# of place is where, so the verb after it is the head noun's before it, not the name's
_PLACE_BEFORE = re.compile(
    r"\b(?:in|inside|across|throughout|within|near|around|outside|over)\s+(?:the\s+)?$"
    # "(a market in Dahyan,) northern Yemen": a part of the country, so a place
    r"|\b(?:(?:far|deep)\s+)?(?:north|south|east|west|central|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?\s+$",
    re.IGNORECASE,
)
_BY = re.compile(
    r"\bby\s+(?:the\s+|a\s+|an\s+)?(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|some|dozens\s+of)\s+)?(?:suspected\s+|alleged\s+)?"
    # "by a group of four armed members of the X": X's members did it
    r"(?:(?:a\s+group\s+of\s+)?(?:[\w-]+\s+)?(?:armed\s+)?(?:members|fighters|militants|"
    r"gunmen|cadres|combatants|elements)\s+(?:of|from)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_NOT_ATTACK_BY = re.compile(
    r"\b(?:brokered|mediated|backed|supported|sponsored|reported|posted|"
    r"published|monitored|documented|controlled|held|run|told|led|"
    r"announced|released|issued|condemned|hosted|organi[sz]ed|besieged|surrounded|"
    r"encircled|blockaded|imposed|claimed|protected|guarded|experienced|"
    r"suffered|sustained|incurred|arrested|detained|imprisoned|jailed|confirmed|verified|"
    r"disputed|"
    # the deeds of a visitor or a speaker, not of an attacker: "a visit by US President X"
    r"visits?|visited|trips?|speech|statements?|remarks|meetings?|talks|calls?|decisions?|"
    r"votes?|vetoe?d?s?|announcements?|invitations?|requests?|interviews?|appeals?)"
    r"\s+by\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# "an attack of X", "a raid from X": X made it
_ATTACK_OF = re.compile(
    r"\b(?:attacks?|assaults?|offensive|raids?|incursions?|ambush(?:es)?|infiltrations?)\s+"
    r"(?:launched\s+|carried\s+out\s+|mounted\s+)?(?:of|from)\s+(?:the\s+)?(?:suspected\s+)?$",
    re.IGNORECASE,
)
# "the downing/interception of a drone by X": X parried the attack, it did not make it
_DEFENCE_BY = re.compile(
    r"\b(?:downing|interception|intercepting|shooting\s+down)\s+of\s+[^,.;]{0,60}?"
    r"\bby\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ACCUSE_BEFORE = re.compile(
    r"\b(?:accus\w*|blam\w*|attribut\w*\s+(?:\w+\s+)?to|crimes\s+"
    r"(?:committed\s+)?(?:of|by)|massacres?\s+(?:committed\s+)?(?:of|by))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# an attacker's noun and the group it is of: "a suicide bomber from the X (group) blew himself
# up", "gunmen belonging to X attacked" (the noun's verb follows the name)
_ATTACKER_OF = re.compile(
    r"\b(?:(?:suicide\s+)?bombers?|gunm[ae]n|attackers?|assailants?|snipers?|fighters|"
    r"militants|members|cadres|combatants|insurgents|raiders|militiamen)\s+(?:from|of|"
    r"belonging\s+to|loyal\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# a name's gloss or acronym in brackets right after it: "the CV (Red Command)"
_GLOSS = re.compile(r"\s*\((?-i:[A-Z])[^()]{0,60}\)(?=\s)")
# the accused's name ends the sentence: the blame is for what the report told before
_BLAMED_ALONE = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?[.;]?\s*$")
# the noun's own active verb with its object: "(a soldier) shot and killed a man", "(an
# officer) beat two protesters" -- not "(five soldiers) killed in an ambush"
_ACTS_ON_SOMEONE = re.compile(
    r"^\s+(?:(?:reportedly|allegedly)\s+)?(?:shot\s+and\s+killed|shot\s+dead|killed|shot|"
    r"attacked|stabbed|beat|assaulted|abducted|raped|tortured)\s+(?:a|an|the|his|her|their|"
    r"two|three|four|five|six|seven|eight|nine|ten|\d+)\s",
    re.IGNORECASE,
)
# "(X) are the suspected attackers", "(X) were the perpetrators"
_NAMED_CULPRIT = re.compile(
    r"^\s+(?:is|are|was|were)\s+(?:(?:believed|thought|said|suspected)\s+to\s+be\s+)?"
    r"(?:the\s+)?(?:(?:suspected|alleged|presumed|likely|probable|main)\s+)?"
    r"(?:attackers?|perpetrators?|culprits?|assailants?)\b",
    re.IGNORECASE,
)
_ALONGSIDE = (
    r"(?:,?\s*(?:and|along with|together with|supported by|backed by|with|alongside|"
    r"in (?:coalition|cooperation|collaboration|alliance) with)\s+"
    r"(?:its\s+|their\s+|the\s+)?(?:[\w-]+\s+){0,4}?(?:forces|militias?|fighters|"
    r"gunmen|troops|allies|groups?|factions|militiamen|militiaman|combatants)\b,?|"
    # "(X) and Suqour al-Sham took control": a second group named by its proper name
    r"\s+(?:and|along\s+with|together\s+with|alongside)\s+(?:the\s+)?"
    r"(?-i:[A-Z][\w'’-]*)(?:\s+(?:(?-i:[A-Z][\w'’-]*)|(?:al|el|ad|ar|as|an|ash)-[\w'’-]+|"
    r"al|el|ibn|bin)){0,3})?"
)
_FILLER = (
    r"\s*(?:(?:military|air|fighter|war|armed|special|combat|ground|naval|allied|heavy|"
    r"aerial|helicopter|attack|coalition|government|regime|army|artillery|forces|"
    r"backed|proxy|militia|drone|missile|(?-i:[A-Z][\w-]*))\s+){0,2}"
)


# the sub-unit a force's members come from, between them and their verb: "troops from the
# 33rd Light Infantry Division shelled", "police officers of the district station beat"
_SUB_UNIT = (
    r"(?:\s+(?:from|of)\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:battalions?|brigades?|divisions?|regiments?|units?|company|companies|corps|squadrons?|"
    r"platoons?|detachments?|commands?|stations?|posts?|outposts?|camps?)"
    r"(?:\s+(?:no\.?\s*)?\d[\w-]*)?)?"
)


_SQUASH = re.compile(r"[\s'’-]")
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
# a presumption that names an unnamed attacker: "armed youth (presumed to be X)", "gunmen
# believed to be X", "raiders (..., presumed X clan)"
_PRESUMED_BEFORE = re.compile(
    r"(?:\(\s*(?:presumed|believed|suspected|thought)\s+(?:to\s+be\s+)?|"
    r"\b(?:presumed|believed|suspected|thought|assumed)\s+to\s+be\s+)"
    r"(?:(?:members|fighters|elements)\s+of\s+)?(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# "(police) identified the attackers as (members of) X": X is who attacked, said of them
_IDENTIFIED_BEFORE = re.compile(
    r"\bidentified\s+(?:them|the\s+(?:group|attackers|assailants|gunmen|perpetrators|killers|"
    r"culprits|suspects))\s+as\s+(?:(?:being|members\s+of|fighters\s+of)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# the launch site of a weapon told as the named one's: "shells fired from a checkpoint belonging
# to the army", "rockets launched from areas held by X" (the name after), "fired from X
# positions", "from X-held territory" (the name before the site)
_POSTS = r"(?:checkpoints?|positions?|posts?|outposts?|bases?|barracks|camps?|trenches|lines)"
_HELD = r"(?:areas?|territory|territories|zones?|districts?|neighbou?rhoods?|villages?|towns?)"
_FIRED = r"\b(?:fired|launched|shot|lobbed)\s+(?:[\w-]+\s+){0,3}?from\s+"
_FIRED_FROM_SITE_OF = re.compile(
    rf"{_FIRED}(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}(?:{_POSTS}\s+(?:belonging\s+to|held\s+by|"
    rf"controlled\s+by|manned\s+by|run\s+by|of)|{_HELD}\s+(?:held|controlled|occupied)\s+by)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FIRED_FROM = re.compile(rf"{_FIRED}(?:the\s+|an?\s+)?$", re.IGNORECASE)
# (a country's territory is not its forces': "fired from Lebanese territory" names no one)
_SITE_AFTER = re.compile(
    rf"^(?:(?:-held|-controlled|-occupied)\s*(?:{_POSTS}|{_HELD})|"
    rf"(?:\s+(?:army|military|forces'?|troops'?))?\s*{_POSTS})\b",
    re.IGNORECASE,
)
# a verb of harm read as the participle of the named, not their deed: "(two soldiers) killed in
# an ambush", "(five fighters) wounded by shelling"
_PARTICIPLE = re.compile(
    r"^(?:\s+[\w-]+)??\s+(?:(?:were|was|are|is|been)\s+)?(?:killed|wounded|injured|shot|hit|"
    r"attacked|targeted|ambushed|captured|executed|bombed|shelled|struck|abducted|kidnapped)\s+"
    r"(?:in|by|during|when|after|as|on|at|near|while|from|since|overnight|yesterday|today)\b",
    re.IGNORECASE,
)
# "(29 troops) and allied fighters were also killed": the counted were harmed, they did not act
_PASSIVE = re.compile(
    r"\b(?:were|was|are|is|been|being)\s+(?:(?:also|reportedly|allegedly|all|both|later)\s+)?"
    r"(?:killed|wounded|injured|shot|hit|attacked|targeted|ambushed|captured|executed|bombed|"
    r"shelled|struck|abducted|kidnapped|arrested|detained|beaten|tortured)\b",
    re.IGNORECASE,
)
# a weapon told as one state's or another's: "(whether the jets) were Syrian or Russian"
_WEAPON_WAS = (
    r"\b(?:{weapon})\b(?:\s+(?:that|which)\s+[^.;]{{0,120}}?)?\s+(?:were|was|are|is|had\s+been|"
    r"have\s+been)\s+(?:either\s+|probably\s+|likely\s+|possibly\s+|believed\s+to\s+be\s+|"
    r"thought\s+to\s+be\s+)?(?:the\s+)?$"
)
# the attackers a presumption may name, before it in the sentence
_UNNAMED_ATTACKERS = re.compile(
    r"\b(?:gunmen|raiders|attackers|assailants|militia(?:s|men)?|youths?|fighters|militants|"
    r"armed\s+men|herders|herdsmen|pastoralists|group|perpetrators|rebels|insurgents|bandits)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Alias:
    actor_id: str
    name: str
    kind: str
    weak: bool = False  # a label ("terrorists") that names nobody when another actor precedes it
    # a generic word inside a group's own name ("Kuki militants"): the name, kept where the
    # report's country resolves the generic word to nobody
    own_name: str | None = None


@dataclass(frozen=True)
class ActorVocab:
    pattern_ci: Finder
    pattern_cs: Finder
    aliases: dict[str, Alias]  # lower-cased alias -> entry
    names: dict[str, str]  # actor id -> display name
    kinds: dict[str, str]  # actor id -> belligerent | source
    loose: dict[str, Alias]  # alias without spaces, hyphens, apostrophes -> first entry


def _alias_regex(aliases: list[str], flags: int = 0) -> Finder:
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        text = re.escape(alias).replace("'", "['’]?").replace("’", "['’]?")
        text = text.replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        parts.append(text)
    if not parts:
        return re.compile(r"(?!x)x")
    if flags & re.IGNORECASE:
        # each word start tried with the names its word can open (word_scan.py): the same
        # matches as the alternation, several times faster on reports
        return WordStartScan(parts)
    # case-sensitive literals are quick to rule out already; an acronym takes a plural ("VDPs",
    # "IEDs")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:s(?![\w]))?(?![\w])", flags)


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return len(letters) <= 5 and letters.isupper()


@lru_cache(maxsize=8)
def load_vocab(extra_file: str | None = None) -> ActorVocab:
    rows = list(read_jsonl(DATA_DIR / "actors.jsonl"))
    if extra_file:
        rows += read_jsonl(Path(extra_file))
    rows += [vars(e) for e in registry.state_entries()]
    # a word both an armed party and a reporter ("police") is read as the party here: "police
    # said" names no attacker, and the figures stage reads the reporter from sources.jsonl
    rows += [
        {
            "id": f"generic:{g.cls}",
            "name": g.cls,
            "kind": "belligerent",
            "weak": g.weak,
            "aliases": list(g.aliases),
        }
        for g in registry.generic_classes()
    ]
    rows += read_jsonl(DATA_DIR / "sources.jsonl")
    aliases: dict[str, Alias] = {}
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    ci: list[str] = []
    cs: list[str] = []
    for row in (one for r in rows for one in _umbrella_split(r)):
        actor_id = str(row["id"])
        names.setdefault(actor_id, str(row.get("name") or actor_id))
        kinds.setdefault(actor_id, str(row.get("kind", "belligerent")))
        for alias in [*row.get("aliases", []), row.get("name", "")]:
            if not alias or alias.lower().replace("’", "'") in aliases:
                continue  # the first entry to claim a name keeps it (user file before built-ins)
            aliases[alias.lower().replace("’", "'")] = Alias(
                actor_id, names[actor_id], kinds[actor_id], bool(row.get("weak", False))
            )
            (cs if _is_acronym(alias) else ci).append(alias)
    loose: dict[str, Alias] = {}
    for alias, entry in aliases.items():
        loose.setdefault(_SQUASH.sub("", alias), entry)
    return ActorVocab(
        pattern_ci=_alias_regex(ci, re.IGNORECASE),
        pattern_cs=_alias_regex(cs),
        aliases=aliases,
        names=names,
        kinds=kinds,
        loose=loose,
    )


def _umbrella_split(row: dict) -> list[dict]:  # type: ignore[type-arg]
    """An umbrella entry ("umbrella": true: several cartels, gangs or factions of one country)
    gives each of its ``groups`` (a name, ACLED's where it has one, and the aliases), else each
    alias (named as the text names it), an actor of its own with the umbrella's country and
    side."""
    if not row.get("umbrella"):
        return [row]
    side = row.get("side") or row["id"]
    groups = row.get("groups") or [
        {"name": alias, "aliases": [alias]} for alias in row.get("aliases", [])
    ]
    return [
        {
            **row,
            "id": registry.slug(group["aliases"][0]),
            "name": group["name"],
            "aliases": list(group["aliases"]),
            "umbrella": False,
            "groups": None,
            "side": side,
        }
        for group in groups
    ]


def normalise_actor(name: str, extra_file: str | None = None, country: str | None = None) -> str:
    """The normalised id of an actor name ("Syrian army" -> "syria_gov"), else the name; a
    generic name ("Regime forces") is named for ``country``, else left as it is."""
    vocab = load_vocab(extra_file)
    key = name.strip().lower().replace("’", "'")
    alias = vocab.aliases.get(key)
    if alias is None:
        alias = next((m[2] for m in _find(vocab, name)), None)
    if alias is None:
        return name
    if alias.actor_id.startswith("generic:"):
        return registry.resolve_generic(alias.actor_id.split(":", 1)[1], country, None) or name
    return alias.actor_id


def _find(vocab: ActorVocab, text: str) -> list[tuple[int, int, Alias]]:
    """Non-overlapping alias matches, longest first; then nationality adjectives before a force
    or weapon noun, then names of groups the registry lacks, where nothing else matched."""
    found: list[tuple[int, int]] = []
    for pattern in (vocab.pattern_ci, vocab.pattern_cs):
        for m in pattern.finditer(text):
            found.append((m.start(), m.end()))
            for word in re.finditer(r"(?<=[\s-])\w", text[m.start() : m.end()]):
                # a longer name starting inside this one ("the military forces of X")
                inner = pattern.match(text, m.start() + word.start())
                if inner is not None and inner.end() > m.end():
                    found.append((inner.start(), inner.end()))
    found.sort(key=lambda se: (-(se[1] - se[0]), se[0]))
    taken: list[tuple[int, int]] = []
    for start, end in found:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    out = []
    for start, end in sorted(taken):
        key = re.sub(r"[\s-]+", " ", text[start:end].lower().replace("’", "'"))
        alias = (
            vocab.aliases.get(key)
            or _loose_lookup(vocab, key)
            or (vocab.aliases.get(key[:-1]) if key.endswith("s") else None)
        )
        if alias is not None:
            out.append((start, end, alias))
    adjectives, table = registry.adjective_pattern()
    out = [
        (s, e, a)
        for s, e, a in out  # "allied Syrian factions", "Afghan rebels": not the state
        if not (text[s:e].lower() in table and _NOT_STATE_AFTER.match(text, e))
    ]
    for m in adjectives.finditer(text):
        # "the French army", "Kenyan special forces": the state's force as one name, not its
        # adjective and a generic word that the report's country would name
        force = [
            f
            for f in out
            if f[2].actor_id.startswith("generic:")
            and f[1] == m.end(2)
            and re.fullmatch(r"[\s-]+", text[m.end(1) : f[0]])
        ]
        state = table[re.sub(r"[\s-]+", " ", m.group(1).lower())]
        police = registry.noun_class(m.group(2)) == "police"
        if any(s < m.end(1) and m.start(1) < e for s, e, _ in out):
            named = [f for f in out if (f[0], f[1]) == m.span(1)]
            if named and force and not named[0][2].actor_id.startswith("generic:"):
                # "the US military's command": a name of the registry ("US") is the adjective;
                # the force noun after it is that name's, not a generic word of its own ("the
                # Turkish police": the state's police)
                alias = named[0][2]
                if police:
                    alias = Alias(state.police, vocab.names[state.police], "belligerent")
                out = [f for f in out if f not in force and f is not named[0]]
                out.append((m.start(1), force[0][1], alias))
            continue
        actor_id = state.police if police else state.military
        end = m.end(1)
        if force:
            out = [f for f in out if f not in force]
            end = force[0][1]
        out.append((m.start(1), end, Alias(actor_id, vocab.names[actor_id], "belligerent")))
    for m in registry.predicate_adjective_pattern().finditer(text):
        # "(the drone) was probably American": the state whose weapon it was, as the adjective
        # before a weapon would name it (its role read by _WEAPON_WAS)
        for g in (1, 2):
            if m.group(g) is None or any(s < m.end(g) and m.start(g) < e for s, e, _ in out):
                continue
            state = table[re.sub(r"[\s-]+", " ", m.group(g).lower())]
            alias = Alias(state.military, vocab.names[state.military], "belligerent")
            out.append((m.start(g), m.end(g), alias))
    countries, by_name = registry.country_noun_pattern()
    for m in countries.finditer(text):
        # "Nepal Police": the country's police, not its bare name and a generic word
        state = by_name[re.sub(r"[\s-]+", " ", m.group(1).lower())]
        ids = {state.military, state.police}
        inside = [(s, e, a) for s, e, a in out if s < m.end() and m.start() < e]
        if not all(a.actor_id in ids or a.actor_id.startswith("generic:") for _, _, a in inside):
            continue
        out = [f for f in out if f not in inside]
        actor_id = state.police if registry.noun_class(m.group(2)) == "police" else state.military
        out.append((m.start(), m.end(), Alias(actor_id, vocab.names[actor_id], "belligerent")))
    out.sort(key=lambda f: f[0])
    for start, end, actor_id, name in registry.from_origin(text):
        # "militias from Yagaba": a group of its own, not the generic word inside it
        if any(s < end and start < e and not a.actor_id.startswith("generic:") for s, e, a in out):
            continue
        out = [(s, e, a) for s, e, a in out if not (s < end and start < e)]
        out.append((start, end, Alias(actor_id, name, "belligerent")))
    for start, end, actor_id, name in registry.kin_groups(text):
        # "between the X and Y families", "(presumed to be X)": a feud's side, named by its kin
        if any(s < end and start < e and not a.actor_id.startswith("generic:") for s, e, a in out):
            continue
        out = [(s, e, a) for s, e, a in out if not (s < end and start < e)]
        out.append((start, end, Alias(actor_id, name, "belligerent")))
    out.sort(key=lambda f: f[0])
    for start, end, actor_id, name in registry.unregistered(text):
        inside = [(s, e, a) for s, e, a in out if s < end and start < e]
        if not inside:
            out.append((start, end, Alias(actor_id, name, "belligerent")))
        elif (
            len(inside) == 1
            and inside[0][2].actor_id.startswith("generic:")
            and start < inside[0][0]
            and not any(w.lower() in registry.generic_words() for w in name.split()[:-1])
        ):
            # "Kuki militants": the generic word of its members, in a name of its own
            alias = replace(inside[0][2], own_name=name)
            out = [f for f in out if f not in inside] + [(start, end, alias)]
    out = [
        (s, e, a)
        for s, e, a in out  # "a terrorist attack": a word for the attack, not an actor
        if not (a.weak and _LABEL_OF_ATTACK.match(text, e))
        # "Sudan: shelling kills dozens": a headline's topic, not who shelled
        and not (_KICKER.match(text, e) and not text[:s].strip())
        # "gunmen in military uniforms", "youths wearing army fatigues": a dress, not the army
        and not (
            (a.actor_id.startswith("generic:") or a.actor_id in registry.country_of_state_id())
            and _DRESS_AFTER.match(text, e)
        )
        # "a legitimate military action", "a military target": an adjective of a thing
        and not (a.actor_id.startswith("generic:") and _THING_AFTER.match(text, e))
    ]
    out.sort(key=lambda f: f[0])
    out = [f for k, f in enumerate(out) if not _owner_of_next(text, f, out[k + 1 : k + 2])]
    return _with_affiliates(text, _with_members(text, out))


# "Sudan's (paramilitary) ...": a country's possessive before the name it qualifies
_POSSESSIVE_BEFORE = re.compile(r"['’]s\s+(?:[a-z][\w-]*\s+){0,2}")


def _owner_of_next(
    text: str, found: tuple[int, int, Alias], after: list[tuple[int, int, Alias]]
) -> bool:
    """Whether a country's name is only the owner of the group named next: "Sudan's
    paramilitary Rapid Support Forces", "Russia's Wagner group" name the group, not the state's
    army. "Sudan's army" (a generic word next) stays the state's."""
    s, e, alias = found
    if alias.actor_id not in registry.country_of_state_id() or not after:
        return False
    m = _POSSESSIVE_BEFORE.match(text, e)
    nxt = after[0]
    return (
        m is not None
        and m.start() == e
        and e < nxt[0] <= m.end()
        and not nxt[2].actor_id.startswith("generic:")
        and nxt[2].actor_id != alias.actor_id
    )


_KICKER = re.compile(r"[ \t]*:")
_THING_AFTER = re.compile(
    r"[\s-]+(?:actions?|targets?|objectives?|bases?|facilit(?:y|ies)|sites?|"
    r"installations?|courts?|tribunals?|academ(?:y|ies)|colleges?|service|exercises?|drills?|"
    r"parades?|equipment|hardware|aid|assistance|budget|spending|experts?|analysts?|"
    r"necessity|purposes?|value|importance)\b",
    re.IGNORECASE,
)
_DRESS_AFTER = re.compile(
    r"(?:[\s-]+(?:military|army|police|security|combat|forces?))?[\s-]+(?:-?style\s+)?"
    r"(?:uniforms?|attire|fatigues|clothes|clothing|garb|outfits?|camouflage|dress)\b",
    re.IGNORECASE,
)
_LABEL_OF_ATTACK = re.compile(
    r"[\s-]+(?:attacks?|bombings?|acts?|plots?|operations?|violence)\b", re.IGNORECASE
)


# the words for a group's members after its name ("JNIM militants", "SPLM-IO rebels", "APCLS
# cadres"), a faction's name hyphenated on before them ("Raia Mutomboki-Lukoba militiamen")
_MEMBERS_AFTER = re.compile(
    r"(?:-[A-Z][\w'’]*)?(?:\s*\([^()]{1,25}\))?[\s-]+(?:(?:armed|youth|ethnic|communal)\s+)?(?:cadres?|combatants?|"
    r"members?|militants?|fighters?|rebels?|gunmen|militia(?:s|men|man)?|elements|operatives|"
    r"insurgents?|youths?|supporters|workers|activists|jihadists|guerrillas?|separatists)\b",
    re.IGNORECASE,
)


def _with_members(text: str, found: list[tuple[int, int, Alias]]) -> list[tuple[int, int, Alias]]:
    """A named group's span stretched over the members noun after it ("JNIM militants"), so the
    verb after the noun is the group's; the generic word inside ("militants") names no one
    else."""
    out: list[tuple[int, int, Alias]] = []
    skip_to = -1
    for start, end, alias in found:
        if start < skip_to:
            continue
        named = (
            alias.kind == "belligerent"
            and not alias.actor_id.startswith("generic:")
            and alias.actor_id != "unknown"
            and alias.actor_id not in registry.country_of_state_id()
        )
        m = _MEMBERS_AFTER.match(text, end) if named else None
        if m is not None:
            end = skip_to = m.end()
        out.append((start, end, alias))
    return out


_AFFILIATION_BEFORE = re.compile(
    r"\b(?:affiliated|aligned|associated|allied|linked|connected|tied|loyal|belonging|attached)"
    r"\s+(?:with|to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# the unnamed attackers before the group they belong to: "gunmen affiliated with X", "militants
# loyal to X", "fighters believed to be linked to X"
_AFFILIATED_BEFORE = re.compile(
    r"\b((?:armed\s+)?(?:gunmen|militants?|fighters?|jihadists?|insurgents?|rebels?|"
    r"militia(?:s|men)?|men|attackers?|assailants?|bandits?|terrorists?|extremists?|cells?|"
    r"elements|operatives|groups?|factions?)\s+(?:(?:reportedly|allegedly|apparently|"
    r"(?:believed|said|thought|suspected)\s+to(?:\s+be)?)\s+)?(?:affiliated|aligned|associated|"
    r"allied|linked|connected|tied|loyal|belong(?:ing)?|attached)\s+(?:with|to)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


def _with_affiliates(
    text: str, found: list[tuple[int, int, Alias]]
) -> list[tuple[int, int, Alias]]:
    """A named group's span stretched back over the unnamed attackers said to belong to it
    ("gunmen affiliated with the Islamic State"), so that their verb is the group's and the
    preposition before the name ("with") does not read it as the side attacked; a generic word
    inside ("militants") names no one else."""
    out = list(found)
    for k, (start, end, alias) in enumerate(found):
        if (
            alias.kind != "belligerent"
            or alias.actor_id.startswith("generic:")
            or alias.actor_id == "unknown"
            or alias.actor_id in registry.country_of_state_id()
        ):
            continue
        m = _AFFILIATED_BEFORE.search(text, max(0, start - 90), start)
        if m is None:
            continue
        new_start = m.start(1)
        out = [f for f in out if not (f[0] < start and f[1] > new_start)]
        out = [(new_start, end, alias) if f == found[k] else f for f in out]
    return sorted(out, key=lambda f: f[0])


def _loose_lookup(vocab: ActorVocab, key: str) -> Alias | None:
    """The first alias that reads as ``key`` without spaces, hyphens and apostrophes."""
    return vocab.loose.get(_SQUASH.sub("", key))


@dataclass(frozen=True)
class _Read:
    text: str
    spans: list[tuple[int, int]]
    found: list[list[tuple[int, int, Alias]]]
    first: list[list[str]]
    wanted: list[int]


class ActorFinder:
    def __init__(
        self, aliases_file: str | None = None, model: str | None = None, nlp: Language | None = None
    ) -> None:
        self.vocab = load_vocab(aliases_file)
        self.model = model
        self.nlp = nlp  # the pipeline whose (disabled) tok2vec and parser the parse reuses

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc], batch_size=1)))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """The docs, their sentences that the parse may speak to parsed in one batch per
        ``batch_size`` docs (a third quicker than a batch per doc; the parse of a sentence does
        not depend on the others in its batch)."""
        for batch in minibatch(docs, size=batch_size):
            read = [self._patterns(doc) for doc in batch]
            sentences = [r.text[slice(*r.spans[i])] for r in read for i in r.wanted]
            parsed = iter(
                agents.roles_many(sentences, self.model or "", self.nlp) if sentences else []
            )
            for doc, r in zip(batch, read, strict=True):
                self._finish(doc, r, [next(parsed) for _ in r.wanted])
                yield doc

    def _patterns(self, doc: Doc) -> _Read:
        """A doc's sentences, the names in each, their pattern roles, and which sentences the
        parse may speak to."""
        text = doc_text(doc)
        spans = sentence_spans(doc)
        found = [_find(self.vocab, text[start:end]) for start, end in spans]
        first = [
            self.pattern_roles(text[s:e], f) if f else []
            for (s, e), f in zip(spans, found, strict=True)
        ]
        wanted = [
            i
            for i, ((s, e), f, r) in enumerate(zip(spans, found, first, strict=True))
            if self.model and self._parse_wanted(text[s:e], f, r)
        ]
        return _Read(text, spans, found, first, wanted)

    def _finish(self, doc: Doc, read: _Read, batch: list[agents.Roles]) -> None:
        mentions: list[ActorMention] = []
        parsed: list[agents.Roles | None] = [None] * len(read.spans)
        for i, roles in zip(read.wanted, batch, strict=True):
            parsed[i] = roles
        for (start, end), f, r, p in zip(read.spans, read.found, read.first, parsed, strict=True):
            mentions += self.sentence_mentions(read.text, start, end, f, r, p)
        country = dominant_country(doc._.hw_places or ())  # the segmenter's own count
        doc._.hw_actors = tuple(_resolve_generics(mentions, country))

    def resolve(self, mentions: list[ActorMention], country: str | None) -> list[ActorMention]:
        """``mentions`` with their generic words named for ``country`` (`_resolve_generics`)."""
        return _resolve_generics(mentions, country)

    @staticmethod
    def _parse_wanted(sent: str, found: list[tuple[int, int, Alias]], roles: list[str]) -> bool:
        """Whether the parse may change the sentence's reading: a party the patterns did not
        take for the attacker, and a verb of harm or blame."""
        return any(
            a.kind == "belligerent" and a.actor_id != "unknown" and r in ("victim", "mention")
            for (_, _, a), r in zip(found, roles, strict=True)
        ) and bool(_HARM_OR_BLAME().search(sent))

    def sentence_mentions(
        self,
        text: str,
        s_start: int,
        s_end: int,
        found: list[tuple[int, int, Alias]] | None = None,
        roles: list[str] | None = None,
        parsed: agents.Roles | None = None,
    ) -> list[ActorMention]:
        """The actor mentions of one sentence; ``found``, ``roles`` and ``parsed`` are its
        names, their pattern roles and its parse when the caller has them already."""
        sent = text[s_start:s_end]
        if found is None:
            found = _find(self.vocab, sent)
        if not found:
            return []
        if roles is None:
            roles = self.pattern_roles(sent, found)
        else:
            roles = list(roles)
        denial = cue("denial").search(sent)
        claim = cue("claim").search(sent) or _claimed_by_its_target(sent, found)
        hedges = list(cue("allegation").finditer(sent))
        # "suspected militants", "an alleged hideout": a hedge on one noun, not on the sentence
        alleging = next((h for h in hedges if not _hedges_a_noun(sent, h)), None)
        sources = [(s, e, a) for s, e, a in found if a.kind == "source"]
        if parsed is None and self.model and self._parse_wanted(sent, found, roles):
            parsed = agents.roles_many([sent], self.model, self.nlp)[0]
        if parsed is not None:
            _parsed_roles(parsed, found, roles)
            if cue("clash").search(sent):
                # the parse reads the fallen as the attacked: in a fight they are a side
                _killed_in_the_fighting(sent, found, roles, side="perpetrator")
        accused_denier = None
        if denial or claim:
            cue_at = (denial or claim).start()  # type: ignore[union-attr]
            speaker = _speaker(found, roles, cue_at, claim=not denial)
            if denial:
                speaker = _denier(sent, found, parsed, cue_at, speaker)
            if (
                not denial
                and speaker is not None
                and _names_other_attacker(found, roles, speaker, claim)
            ):
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
        uncertain = cue("uncertain").search(sent)  # "not known if they were Russian or Syrian"
        either = _either_or(sent, found, roles)
        mutual = _mutual_blame(sent, found)
        out = []
        for i, (start, end, alias) in enumerate(found):
            role = roles[i]
            by = by_id = None
            if i in mutual:  # "the army and the RSF blamed each other": each accuses the other
                role = "alleged"
                other = found[mutual[i]]
                by, by_id = sent[other[0] : other[1]], other[2].actor_id
            own_hedge = any(
                _hedges_a_noun(sent, h) and 0 <= start - h.end() <= 25 for h in hedges
            )  # "suspected Boko Haram militants killed": this one's name is hedged
            hedged = alleging is not None and not (
                alleging.start() > start
                and (
                    _hedges_what_follows(sent, alleging)
                    # "shot a man after he allegedly tried to stab a soldier": the hedge is on
                    # what the clause after the attacker says of someone else
                    or bool(_SUBORDINATE.search(sent, end, alleging.start()))
                )
            )
            if role == "perpetrator" and (hedged or own_hedge or uncertain or i in either):
                role = "alleged"
            if role in ("alleged", "perpetrator") and sources:
                # who says so: a source that speaks ("X said", "according to X") before the
                # nearest one named ("five medical staff, the monitor said": the monitor)
                near = min(
                    sources, key=lambda s: (not _speaks(sent, s[0], s[1]), abs(s[0] - start))
                )
                by, by_id = sent[near[0] : near[1]], near[2].actor_id
            if (
                role == "alleged"
                and alleging
                and alleging.start() < start
                and _ACCUSES.match(alleging.group())
            ):
                # "the RSF blamed the army": the party that accuses says so
                accuser = _speaker(found, roles, alleging.start(), claim=True)
                if accuser is not None and found[accuser][2].actor_id != alias.actor_id:
                    a_start, a_end, a_alias = found[accuser]
                    by, by_id = sent[a_start:a_end], a_alias.actor_id
            if role == "alleged" and by is None:
                # "The union blamed X": the organisation named before by its head noun
                by = antecedent_source(text, s_start, s_start + start)
            if role == "alleged" and by is None and alleging and alleging.start() < start:
                if _ACCUSES.match(alleging.group()):  # "Rights groups blamed X"
                    by = speaker_phrase(text, s_start, s_start + alleging.start())
            for one in (role, "alleged") if i == accused_denier else (role,):
                out.append(
                    ActorMention(
                        s_start + start,
                        s_start + end,
                        sent[start:end],
                        alias.actor_id,
                        one,
                        by,
                        by_id,
                        alias.name if alias.actor_id.startswith("actor:") else alias.own_name,
                    )
                )
        return out

    def pattern_roles(self, sent: str, found: list[tuple[int, int, Alias]]) -> list[str]:
        """Each found name's role as the patterns read it, before the parse and the claim and
        denial cues."""
        attack = mentions_attack(sent)
        clash = cue("clash").search(sent)
        roles: list[str] = []

        for start, end, alias in found:
            role = self._role(sent, start, end, alias, attack)
            if (
                clash
                and role in ("victim", "mention")
                and alias.kind == "belligerent"
                and re.search(
                    rf"(?:{cue('clash').pattern})\s+(?:[\w-]+\s+){{0,12}}?(?:between|with|against)"
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
                and not _AFFILIATION_BEFORE.search(sent, max(0, start - 40), start)
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
            _killed_in_the_fighting(sent, found, roles)
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

    def _role(self, sent: str, start: int, end: int, alias: Alias, attack: bool) -> str:
        if alias.kind == "source":
            return "source"
        before = sent[max(0, start - 40) : start]
        after = sent[end : end + 60]
        gloss = _GLOSS.match(sent, end)
        if gloss:  # "the CV (Red Command) invaded": the name's gloss, then its verb
            after = sent[gloss.end() : gloss.end() + 60]
        if (
            attack
            and _PRESUMED_BEFORE.search(before)
            and _UNNAMED_ATTACKERS.search(sent, max(0, start - 160), start)
        ):
            return "perpetrator"  # "armed youth (presumed to be X) killed": X, presumed
        if _IDENTIFIED_BEFORE.search(sent, max(0, start - 80), start):
            return "perpetrator"  # "a later report identified the group as X"
        attacker = _ATTACKER_OF.search(before)
        noun_at = start - len(before) + attacker.start() if attacker else 0
        if (
            attacker
            and attack
            # not "killing 25 fighters of X": the noun is no victim
            and not cue("victim_before").search(sent, max(0, noun_at - 60), noun_at)
            and _acts_after_name(after)
        ):
            return "perpetrator"  # "a suicide bomber from the X group blew himself up"
        if attack and (
            _FIRED_FROM_SITE_OF.search(sent, max(0, start - 120), start)
            or (_FIRED_FROM.search(before) and _SITE_AFTER.match(after))
        ):
            return "perpetrator"  # "shells fired from a checkpoint belonging to X"
        if _ACCUSE_BEFORE.search(before):
            if attack and agents.accused_of_harm(after):
                return "perpetrator"
            # "The union blamed the RSF.": nothing else is blamed on them than the harm told
            return "perpetrator" if _BLAMED_ALONE.match(after) else "mention"
        if re.search(
            rf"\b(?:{cue('weapon_noun').pattern})\s*,?\s*(?:\(\s*)?(?:most\s+)?(?:likely|"
            r"probably|possibly|believed to be|thought to be|suspected(?: to be)?|either|"
            r"apparently|reportedly)\s+$",
            before,
            re.I,
        ):
            return "perpetrator"  # "Warplanes, likely regime or Russian, ..."
        window = sent[max(0, start - 200) : start]
        was = re.search(_WEAPON_WAS.format(weapon=cue("weapon_noun").pattern), window, re.I)
        if (
            was
            and not re.match(r"^-?\s*(?:made|built|supplied|manufactured|designed)\b", after)
            # "the man who died in the raid was Syrian": a person's nationality, not the raid's
            and not re.search(r"\b(?:who|whose|whom)\b[^,;]*$", window[: was.start()], re.I)
        ):
            return "perpetrator"  # "the jets were Russian", "were Syrian or Russian"
        if attack and _PLACED.match(after):
            return "perpetrator"
        if attack and _CAUSE_BEFORE.search(before) and _weapon_after(after):
            return "perpetrator"
        wide = sent[max(0, start - 80) : start]  # "by a group of armed members of the X"
        if cue("victim_before").search(before) and not _BY.search(wide):
            return "victim"
        if _PLACE_BEFORE.search(before) and not re.match(
            rf"^{_FILLER}(?:{cue('weapon_noun').pattern}|{cue('agent_noun').pattern})\b",
            after,
            re.I,
        ):
            return "mention"  # "bombing raids in Libya left 9 dead": the raids killed, in a place
        suspected = _SUSPECTED_OF.match(after)
        if _NAMED_CULPRIT.match(after) or (
            attack and suspected and agents.accused_of_harm(" " + after[suspected.end() :])
        ):
            return "perpetrator"  # "X are the suspected attackers"
        if _ACTS_ON_SOMEONE.match(after):
            return "perpetrator"  # "a gendarme shot and killed a driver": one who acts
        if (
            cue("counted_before").search(before)
            and not _BY.search(wide)
            and not (_acts(after) and not _PARTICIPLE.match(after) and not _PASSIVE.search(after))
            and (
                cue("person_noun").match(after)
                or not re.match(
                    rf"^{_FILLER}(?:"
                    rf"{cue('weapon_noun').pattern})\b",
                    after,
                    re.I,
                )
            )
        ):
            return "victim"
        if cue("victim_after").match(after):
            return "victim"
        if not attack:
            return "mention"
        if attack and _ATTACK_OF.search(before):
            return "perpetrator"  # "repelled an attack of X", "an incursion by X"
        if _DEFENCE_BY.search(sent[max(0, start - 90) : start]):
            return "mention"  # "the downing of a drone by the army": it parried the attack
        if _BY.search(wide) and not _NOT_ATTACK_BY.search(before):
            window = before[:-3] if before.endswith("by ") else before
            if attack_context().search(sent[max(0, start - 90) : start]) or window:
                return "perpetrator"
        if _HEDGE_BEFORE.search(before) and after.startswith(","):
            after = " " + after[1:]  # "Regime, and possibly Russian, warplanes bombarded"
        weapon = re.match(rf"^{_FILLER}(?:{cue('weapon_noun').pattern})\b", after, re.I)
        agent = re.match(rf"^{_FILLER}(?:{cue('agent_noun').pattern})\b", after, re.I)
        if weapon or agent:
            noun_end = (weapon or agent).end()  # type: ignore[union-attr]
            rest = after[noun_end : noun_end + 40]
            clause = re.split(r"[,;.]", rest, maxsplit=1)[0]
            if cue("victim_after").match(rest) or re.search(
                r"\b(?:were|was|been|is|are)\s+(?:also\s+)?(?:killed|wounded|injured|captured|"
                r"shot down|downed|destroyed|hit|targeted|struck|attacked|ambushed)\b",
                clause,
                re.IGNORECASE,
            ):
                return "victim"
            if weapon:  # "Russian warplanes", "regime shelling": the weapon says who attacked
                return "perpetrator"
            after = sent[end + noun_end : end + noun_end + 60]  # "Turkish forces repelled"
        if _acts(after):
            return "perpetrator"
        return "mention"


@lru_cache(maxsize=1)
def _HARM_OR_BLAME() -> re.Pattern[str]:  # noqa: N802
    return re.compile(
        rf"\b(?:{cue('harm_verb').pattern}|blam\w+|accus\w+|attribut\w+)\b", re.IGNORECASE
    )


def _resolve_generics(mentions: list[ActorMention], country: str | None) -> list[ActorMention]:
    """Generic words ("the army", "police", "rebels") named for the state whose forces the report
    last named, else for the report's country; unresolved ones stay mentions of nobody."""
    states = registry.country_of_state_id()
    named: str | None = None
    out = []
    for m in mentions:
        if m.actor_id in states and (
            m.role in (*PERPETRATOR_ROLES, "denial", "victim", "side") or _names_forces(m.text)
        ):
            named = states[m.actor_id]  # "the Nepal Police personnel": any role names the state
        if not m.actor_id.startswith("generic:"):
            out.append(_named_for(m, country))
            continue
        resolved = registry.resolve_generic(m.actor_id.split(":", 1)[1], country, named)
        if resolved is None and m.name:
            # "Kuki militants" where militants name no one: the group by its own name
            out.append(replace(m, actor_id=registry.slug(m.name)))
        elif resolved is None:
            out.append(replace(m, actor_id="unresolved", role="mention"))
        else:
            named_m = replace(m, actor_id=resolved, name=registry.generic_names().get(resolved))
            out.append(_own_forces(named_m, country))
    return out


@lru_cache(maxsize=1)
def _FORCE_WORD() -> re.Pattern[str]:  # noqa: N802
    nouns = sorted({*registry.FORCE_NOUNS["military"], *registry.FORCE_NOUNS["police"]}, key=len)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in reversed(nouns))
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


def _names_forces(text: str) -> bool:
    """Whether a state's name as written names its forces ("Nepal Police", "Kenyan troops"),
    not the country alone ("Benin", "Kenyan")."""
    return bool(_FORCE_WORD().search(text))


# words that name the coalition itself, wherever it fights
_COALITION_WORD = re.compile(
    r"coalition|inherent\s+resolve|cjtf|centcom|anti-(?:is|isis|isil|daesh)\b", re.IGNORECASE
)


def _own_forces(m: ActorMention, country: str | None) -> ActorMention:
    """A coalition's lead state named outside the coalition's wars ("US forces" in Somalia):
    that state's own forces."""
    outside = registry.coalition_theatres().get(m.actor_id)
    if (
        outside is not None
        and country
        and country not in outside[0]
        and not _COALITION_WORD.search(m.text)
    ):
        return replace(m, actor_id=outside[1], name=outside[2])
    return m


def _named_for(m: ActorMention, country: str | None) -> ActorMention:
    """A group named after its origin ("Yagaba Communal Militia ({country})") named for the
    report's country, or without one where it is unknown; a coalition's lead state outside
    its wars named as its own forces (`_own_forces`)."""
    m = _own_forces(m, country)
    if not m.name or "{country}" not in m.name:
        return m
    names = country_names()
    if country and country in names:
        return replace(m, name=m.name.replace("{country}", names[country]))
    return replace(m, name=m.name.replace(" ({country})", "").replace("{country}", ""))


def _parsed_roles(
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


def _weapon_after(after: str) -> bool:
    """Whether a weapon noun follows the actor and is not itself the target ("regime shelling",
    not "regime artillery positions")."""
    weapon = re.match(rf"^{_FILLER}(?:{cue('weapon_noun').pattern})\b", after, re.I)
    if weapon is None:
        return False
    rest = after[weapon.end() :]
    return not cue("victim_after").match(rest) and not _WEAPON_HIT.match(rest)


def _acts(after: str) -> bool:
    """Whether the words after an actor are its attack verb ("shelled", "carried out")."""
    verb = re.match(
        rf"^{_SUB_UNIT}{_ALONGSIDE}(?:\s*,[^,]{{1,50}},)?"
        # "(militiamen) armed with machetes attacked", "(X), armed with guns, attacked"
        rf"(?:\s*,?\s*armed\s+with\s+[^,.;]{{1,40}}?\s*,?)?\s*(?:,\s*(?=(?:which|who)\s))?"
        rf"(?:(?:have|has|had|also|reportedly|"
        rf"then|later|again|allegedly|were|was|is|are|which|who|that|\w+ly|attempted\s+to|"
        rf"made\s+(?:\w+\s+)?(?:attempts?|efforts?)\s+to|"
        rf"tried\s+to|continued\s+to|began\s+to|managed\s+to|went\s+on\s+to)\s+){{0,3}}"
        rf"(?:{cue('attack_verb').pattern})\b",
        after,
        re.I,
    )
    if verb is None:
        return False
    return not re.match(
        r"^\s*,?\s*(?:(?:which|who|that)\s+)?(?:were|was|is|are|has\s+been|had\s+been)\s+"
        r"(?:killed|hit|targeted|struck|attacked|shot|bombed|shelled)",
        after,
        re.I,
    ) and not cue("not_attack_object").match(after, verb.end())  # "launched an inquiry"


def _acts_after_name(after: str) -> bool:
    """Whether the attack verb follows the name, after at most three words of it ("(the X)
    terrorist group blew himself up")."""
    for k in range(4):
        words = re.match(rf"^(?:\s+[\w'’-]+){{{k}}}", after)
        if words is None or re.search(r"[,;.]", words.group()):
            return False
        if _acts(after[words.end() :]):
            return True
    return False


# "X said", "X told reporters", "X reported on Sunday"; "according to X"
_SAYS_AFTER = re.compile(
    r"\s*,?\s*(?:(?:on|late|early)\s+\w+\s+|also\s+|later\s+|has\s+|had\s+)?"
    rf"{speech_words('source')}\b",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def _speaks(sent: str, start: int, end: int) -> bool:
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


def _mutual_blame(sent: str, found: list[tuple[int, int, Alias]]) -> dict[int, int]:
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


def _either_or(sent: str, found: list[tuple[int, int, Alias]], roles: list[str]) -> set[int]:
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


def _speaker(
    found: list[tuple[int, int, Alias]], roles: list[str], cue_at: int, claim: bool = False
) -> int | None:
    """The belligerent that denies or claims: the last one before the cue, else (for a denial:
    "denied by the army") the first after. A claim is a party's word of itself: its claimant
    stands before it ("They claimed the attack was caused by X" claims nothing for X)."""
    before = [i for i, f in enumerate(found) if f[2].kind == "belligerent" and f[1] <= cue_at]
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
        said = _SAID_BETWEEN().search(sent, 0, cue_at)
        if said is not None:
            before = [
                i
                for i, (_s, e, a) in enumerate(found)
                if a.kind == "belligerent" and e <= said.start()
            ]
            if before:
                return before[-1]
    return speaker


# "(the army) said the strike targeted ...": a party that tells what its strike was aimed at
_SAID_TARGETED = re.compile(
    r"\b(?:said|says|stated|announced|insisted)\s+(?:that\s+)?(?:the|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:air\s?strikes?|strikes?|attacks?|raids?|operations?|bombardment|shelling)\s+"
    r"(?:had\s+|has\s+|was\s+|were\s+)?(?:targeted|hit|struck|(?:was\s+|were\s+)?aimed\s+at)\s+",
    re.IGNORECASE,
)


def _claimed_by_its_target(sent: str, found: list[tuple[int, int, Alias]]) -> re.Match[str] | None:
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
        _ACCUSES.match(h.group()) and denial.end() <= h.start() < start
        for h in cue("allegation").finditer(sent, denial.end(), start)
    )


# "(accused) the army and allied militias of ...": the "of" clause after the accused
_OF_AFTER = re.compile(r"[^,;.:()]{0,60}?(\s+of\s)")


# a verb of denial that shares the subject of the verb before it ("said ... and denied")
_JOINED_DENIAL = re.compile(r"\b(?:and|but)\s+(?:also\s+|later\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _KILLED_IN_CLASH() -> re.Pattern[str]:  # noqa: N802
    return re.compile(
        r"\b(?:were|was|are|is|been)\s+(?:(?:reportedly|allegedly|also|all|both|later)\s+)?"
        r"(?:killed|wounded|injured|hurt|shot\s+dead)\s+(?:in|during|amid)\s+(?:the\s+|an?\s+)?"
        r"(?:(?:heavy|fierce|ensuing|subsequent|renewed|armed|intense|brief)\s+)?"
        rf"(?:{cue('clash').pattern})",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _SAID_BETWEEN() -> re.Pattern[str]:  # noqa: N802
    return re.compile(rf"\b(?:{speech_words('source')}|that)\b", re.IGNORECASE)


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


# the named were killed or hurt: "(three X) suspects were killed", "(a police officer) was hurt"
_FELL_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:were|was)\s+(?:(?:also|reportedly|allegedly)\s+)?"
    r"(?:killed|wounded|injured|hurt)\b",
    re.IGNORECASE,
)


def _killed_in_the_fighting(
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
                and not _SAID_BETWEEN().search(sent, e, m.start())
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


# "(X) are suspected of killing", "(X) was accused of the attack": the named is accused
_SUSPECTED_OF = re.compile(
    r"\s+(?:is|are|was|were|have\s+been|has\s+been)\s+(?:(?:also|widely|strongly)\s+)?"
    r"(?:suspected|accused|blamed)\s+(?=of|for)",
    re.IGNORECASE,
)
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


def _hedges_a_noun(sent: str, hedge: re.Match[str]) -> bool:
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
_SUBORDINATE = re.compile(
    r"\b(?:after|when|because|before|who|whom|whose)\s+\w+",
    re.IGNORECASE,
)


# "(nine people) believed to be trapped": a hedge in a reduced relative clause, on its noun
_POSTNOMINAL_HEDGE = re.compile(r"(?:believed|thought|said|reported|feared)\s+to\s+(?:be|have)\b")
_BEFORE_A_VERB = frozenset(
    "is are was were be been being am widely strongly generally also not and or but who which "
    "that it they he she we i".split()
)


def _hedges_what_follows(sent: str, hedge: re.Match[str]) -> bool:
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
_ACCUSES = re.compile(r"accus|blam|attribut|held\s+responsible|claim", re.IGNORECASE)


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


@Language.factory(
    "hw_actors",
    assigns=["doc._.hw_actors"],
    default_config={"aliases_file": None, "model": None},
)
def make_actor_finder(
    nlp: Language, name: str, aliases_file: str | None, model: str | None
) -> ActorFinder:
    return ActorFinder(aliases_file, model, nlp)
