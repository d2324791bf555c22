"""The actors named in a sentence: `find_names` gives the registry's names (actor_vocab.py),
longest first and never overlapping, then what the registry's tables add (a nationality
adjective before a force or weapon noun, "Nepal Police", "militias from X", a feud's kin, a
group the registry lacks kept verbatim), less the words that name no actor there (a dress,
a thing, a headline's topic, a country that only owns the group named next), with a group's
span stretched over its members' noun and the unnamed attackers said to belong to it."""

from __future__ import annotations

import re
from dataclasses import replace

from harmwatch.pipeline import registry
from harmwatch.pipeline.actor_vocab import ActorVocab, Alias, loose_lookup

# after a nationality, the people or groups it describes that are not the state's forces
_NOT_STATE_AFTER = re.compile(
    r"[\s-]+(?:(?:opposition|armed|rebel|Islamist|Kurdish|allied)\s+)?"
    r"(?:factions?|rebels?|opposition|insurgents?|militias?|militants?|"
    r"armed\s+groups|groups?|civilians?|refugees?|families|children|"
    r"women|men|nationals?|citizens?)\b",
    re.IGNORECASE,
)


def find_names(vocab: ActorVocab, text: str) -> list[tuple[int, int, Alias]]:
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
            or loose_lookup(vocab, key)
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
        # before a weapon would name it (its role read by actor_context.py)
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


AFFILIATION_BEFORE = re.compile(
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
