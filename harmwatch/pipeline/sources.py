"""The registry of reporting organisations (``data/sources.jsonl``) and who reported a figure.

Each line of the registry is one organisation that reports casualties::

    {"id": "sohr", "name": "Syrian Observatory for Human Rights", "kind": "source",
     "type": "monitor", "primary": true, "country": "SY", "short": "SOHR",
     "aliases": ["SOHR", "the Observatory", "Rami Abdel Rahman", ...]}

``type`` is monitor | rescue | government | un | ngo | local | media | wire; ``primary`` says
whether it counts the dead itself (a monitor, a rescue service, a ministry) or passes on what
others counted (a newspaper, a wire agency: an *outlet*). ``kind`` is always ``source`` (the
actor stage reads the same file, `harmwatch.pipeline.actors`). A *generic* entry ("the health
ministry", "rescuers", "a war monitor") names an organisation only within a country:
``by_country`` maps a country to the entry it means there (rescuers in Syria are the White
Helmets), ``name_by_country`` names the others ("Ministry of Health (Ukraine)"); without a
country a generic name names nobody. Users add entries in the actor aliases file
(``HARMWATCH_ACTOR_ALIASES_FILE``): its rows of kind ``source`` join the registry.

`reporter` turns the words a figure's sentence gives for its source ("the Observatory", "It",
"Palestine", "ministry", "the Sudan Doctors Network") into a registry name, a named organisation
kept verbatim, or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from harmwatch.pipeline.vocab import DATA_DIR, by_first_letter, read_jsonl

TYPES = ("monitor", "rescue", "government", "un", "ngo", "local", "media", "wire")
OUTLET_TYPES = ("media", "wire")
# words that name nobody on their own: pronouns, determiners, and the common nouns that stand for
# a reporter ("officials said", "the ministry said", "sources told")
PRONOUNS = frozenset(
    "it its he she they them we i you this that these those there who which one someone "
    "somebody everyone nobody others other another".split()
)
COMMON = frozenset(
    "the a an some several other local many most two three according to of in on for and "
    "official officials source sources ministry ministries spokesman spokesmen spokeswoman "
    "spokesperson agency agencies group groups media report reports statement statements "
    "authority authorities government army military police office department organisation "
    "organization organisations organizations committee people person man woman resident "
    "residents witness witnesses activist activists worker workers doctor doctors medic medics "
    "monitor monitors observer observers rescuer rescuers journalist journalists correspondent "
    "relatives family families officer officers commander commanders security forces force "
    "news television tv radio channel website account accounts video footage photos images "
    "state regional provincial senior defence defense interior foreign health medical hospital "
    "civil rescue human rights".split()
)
_WORD = re.compile(r"[\w'’.&-]+")


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    type: str  # one of TYPES
    primary: bool  # counts the dead itself; False for an outlet (media, wire)
    country: str | None = None
    short: str | None = None  # "SOHR": the name as tables print it
    generic: bool = False  # names an organisation only within a country
    by_country: Mapping[str, str] = field(default_factory=dict)
    name_by_country: str | None = None


@dataclass(frozen=True)
class Registry:
    sources: dict[str, Source]
    aliases: dict[str, str]  # normalised alias -> source id
    acronyms: dict[str, str]  # acronym as written ("WHO", "AP") -> source id
    pattern_ci: re.Pattern[str]
    pattern_cs: re.Pattern[str]  # acronyms, matched in their case ("WHO", "AP")

    def get(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)

    def lookup(self, name: str) -> Source | None:
        """The entry ``name`` is an alias of, else the one of the longest alias inside it
        ("Syria Civil Defence (White Helmets)" -> White Helmets), else None."""
        exact = self._id(name)
        if exact is not None:
            return self.sources[exact]
        found = [
            (m.group(0), i)
            for p in (self.pattern_cs, self.pattern_ci)
            for m in p.finditer(name)
            if (i := self._id(m.group(0))) is not None
        ]
        if not found:
            return None
        # a named entry before a generic one ("Gaza civil defence" is not just "civil defence")
        _, best = max(found, key=lambda f: (not self.sources[f[1]].generic, len(f[0])))
        return self.sources[best]

    def _id(self, alias: str) -> str | None:
        written = alias.strip(" ,;:\"'“”()").replace(".", "")
        return self.acronyms.get(written) or self.aliases.get(normalise(alias))

    def resolve(self, source: Source, country: str | None) -> Source | None:
        """The organisation ``source`` names in ``country``: itself when it is not generic; for
        a generic entry the one its ``by_country`` gives, else one named after the country
        ("Ministry of Health (Ukraine)"), else None (no country: it names nobody)."""
        if not source.generic:
            return source
        if country is None:
            return None
        if country in source.by_country:
            return self.sources.get(source.by_country[country])
        if source.name_by_country is None:
            return None
        return Source(
            id=f"{source.id}_{country.lower()}",
            name=source.name_by_country.format(country=country_name(country)),
            type=source.type,
            primary=source.primary,
            country=country,
        )


def normalise(name: str) -> str:
    """An alias as compared: lower case, straight apostrophes, single spaces, no leading
    article or trailing punctuation ("The  Observatory," -> "observatory")."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    text = re.sub(r"[\s-]+", " ", text).strip(" ,.;:\"'“”()")
    return re.sub(r"^(?:the|a|an) ", "", text)


def slug(name: str) -> str:
    """A stable id for an organisation the registry does not hold ("Kharkiv Regional Military
    Administration" -> "kharkiv_regional_military_administration")."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_") or "source"


def _pattern(aliases: list[str], flags: int) -> re.Pattern[str]:
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        text = re.escape(alias).replace("'", "['’]?").replace("’", "['’]?")
        parts.append(text.replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?"))
    if not parts:
        return re.compile(r"(?!x)x")
    body = by_first_letter(parts) if flags & re.IGNORECASE else "|".join(parts)
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w])", flags)


def _acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return len(letters) <= 5 and letters.isupper()


def _source(row: dict[str, Any]) -> Source:
    kind = str(row.get("type", "monitor"))
    return Source(
        id=str(row["id"]),
        name=str(row.get("name") or row["id"]),
        type=kind,
        primary=bool(row.get("primary", kind not in OUTLET_TYPES)),
        country=row.get("country"),
        short=row.get("short"),
        generic=bool(row.get("generic")),
        by_country=dict(row.get("by_country") or {}),
        name_by_country=row.get("name_by_country"),
    )


@lru_cache(maxsize=8)
def load_registry(extra_file: str | None = None) -> Registry:
    """The registry of ``data/sources.jsonl``, with the ``kind: source`` rows of
    ``extra_file`` (the actor aliases file) added; a user's row replaces a shipped one of the
    same id."""
    rows = list(read_jsonl(DATA_DIR / "sources.jsonl"))
    if extra_file:
        rows += [r for r in read_jsonl(Path(extra_file)) if r.get("kind") == "source"]
    sources: dict[str, Source] = {}
    aliases: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    ci: list[str] = []
    cs: list[str] = []
    for row in rows:
        source = _source(row)
        sources[source.id] = source
        for alias in [source.name, *(row.get("aliases") or []), source.short or ""]:
            if not alias or not normalise(alias):
                continue
            if _acronym(alias):
                acronyms[alias.replace(".", "")] = source.id
                cs.append(alias)
            else:
                aliases[normalise(alias)] = source.id
                ci.append(alias)
    return Registry(sources, aliases, acronyms, _pattern(ci, re.IGNORECASE), _pattern(cs, 0))


_OUTLET_PARTS = re.compile(r"[;,/+|]|\s+and\s+")


@lru_cache(maxsize=4096)
def outlet_countries(outlet: str | None) -> frozenset[str]:
    """The countries of the organisations a report's ``source`` field names, as the registry
    gives them ("SOHR": SY; "Gaza Civil Defence; Reuters": PS); one or more, each perhaps
    followed by a colon and a link. A monitor, rescue service, ministry or local outlet of one
    country reports on that country, so this says where an unplaced name more likely is
    (`places`). A wire agency reports the world over: its home country says nothing."""
    if not outlet:
        return frozenset()
    reg = load_registry()
    found: set[str] = set()
    for part in _OUTLET_PARTS.split(outlet):
        name = part.split(":", 1)[0].strip()
        if not name:
            continue
        sid = reg.acronyms.get(name.replace(".", "")) or reg.aliases.get(normalise(name))
        source = reg.sources[sid] if sid else None
        country = source.country if source is not None and source.type != "wire" else None
        if country:
            found.add(country)
    return frozenset(found)


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], frozenset[str]]:
    """ISO code -> country name, and every country name and alias as `normalise` writes it."""
    from harmwatch.gazetteer.load import _country_aliases, country_names

    names = country_names()

    keys = {normalise(n) for n in names.values()}
    keys |= {normalise(a) for aliases in _country_aliases().values() for a in aliases}
    keys |= {"gaza", "gaza strip", "west bank", "palestine", "darfur", "donbas", "kurdistan"}
    return names, frozenset(keys)


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """ "Syrian", "Ukrainian", ...: a nationality names no organisation on its own."""
    from harmwatch.pipeline.place_words import vocab

    return frozenset(pair.split(":", 1)[0] for pair in vocab().demonyms)


def country_name(iso: str) -> str:
    return _countries()[0].get(iso, iso)


def is_place_name(name: str) -> bool:
    """Whether ``name`` is a country or territory ("Palestine", "the Gaza Strip")."""
    return normalise(name) in _countries()[1]


@dataclass(frozen=True)
class Reporter:
    name: str  # the registry name, or the organisation's name as the text gives it
    id: str  # the registry id, or a slug of the name


def reporter(
    words: str | None, country: str | None = None, registry: Registry | None = None
) -> Reporter | None:
    """Who ``words`` (a figure's "according to X" / "X said") names, in a report about
    ``country``: a registry entry (through its aliases, a generic one through the country), or
    an organisation or person named with capitals and absent from the registry; never a
    pronoun ("It"), a place ("Palestine") or a common noun ("ministry", "officials")."""
    if not words or not words.strip():
        return None
    reg = registry or load_registry()
    found = reg.lookup(words)
    if found is not None:
        resolved = reg.resolve(found, country)
        return Reporter(resolved.name, resolved.id) if resolved else None
    name = re.sub(r"^(?:the|a|an)\s+", "", words.strip(" ,.;:\"'“”()"), flags=re.IGNORECASE)
    tokens = _WORD.findall(name)
    if not tokens or is_place_name(name):
        return None
    lowered = [t.lower().strip(".") for t in tokens]
    if len(tokens) == 1 and lowered[0] in PRONOUNS:
        return None
    nations = _demonyms()
    if all(
        w in COMMON or w in PRONOUNS or t in nations for w, t in zip(lowered, tokens, strict=True)
    ):
        return None  # "Officials", "the ministry", "security sources", "Syrian officials"
    if not any(t[:1].isupper() or t[:1].isdigit() for t in tokens):
        return None  # no name in it: "hospital workers in the town"
    named = slug(name)
    return Reporter(name, named if named not in reg.sources else f"{named}_named")
