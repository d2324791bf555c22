"""The actor registry as the actors stage reads it: every name and alias of
``data/actors.jsonl`` (plus ``settings.actor_aliases_file``), the state forces and generic
words of the registry (registry.py) and the reporting organisations of ``data/sources.jsonl``,
each an `Alias` of its actor, found in a text by two `Finder` patterns (acronyms
case-sensitive, everything else not)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harmwatch.pipeline import registry
from harmwatch.pipeline.vocab import DATA_DIR, read_jsonl
from harmwatch.pipeline.word_scan import Finder, WordStartScan

_SQUASH = re.compile(r"[\s'’-]")


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


def alias_regex(aliases: list[str], flags: int = 0) -> Finder:
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
        pattern_ci=alias_regex(ci, re.IGNORECASE),
        pattern_cs=alias_regex(cs),
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


def loose_lookup(vocab: ActorVocab, key: str) -> Alias | None:
    """The first alias that reads as ``key`` without spaces, hyphens and apostrophes."""
    return vocab.loose.get(_SQUASH.sub("", key))
