"""The actor registry: who can be named as an attacker, in any war, and how a name resolves.

Three data files, all under ``pipeline/data`` and extended by ``settings.actor_aliases_file``:

- ``actors.jsonl``: named parties (state forces with special ids, armed groups, coalitions) with
  ``type`` (state | non_state | coalition | unknown), ``country`` (ISO2) and ``side`` (the
  actor whose side it fights on). Reporting organisations are in ``sources.jsonl``.
- ``state_forces.csv``: every country's state forces, made into two actors each, "Military
  Forces of X" and "Police Forces of X" (ACLED's names), answering to "Xian forces/army/troops/
  police/...", "Military Forces of X", the country's own force names (FARDC, Tatmadaw) and,
  before a weapon ("Xian warplanes"), the bare adjective.
- ``generic_actors.jsonl``: words that name an actor only in context ("the army", "police",
  "the regime", "rebels", "the coalition"). They resolve by the report (`resolve_generic`):
  the army and police of the state whose forces the report last named, else of the report's
  country; "the regime" and "government forces" of the report's country; rebels and coalitions
  by a per-country table; otherwise they stay unresolved.

- ``origin_groups.jsonl``: groups the text names by where or whom they come from ("militias
  from X", "youths from the X community", "members of the X clan"), named as ACLED names them,
  "X Communal Militia (Country)" / "X Ethnic Militia (Country)" (`from_origin`), the country
  the report's.

- the sides of a feud named by their kin (`kin_groups`): "between the X and Y families" (ACLED's
  "X Clan Militia (Country)"), "X and Y groups clashed", "between different X sections", "a
  group of X ethnic individuals", an unnamed attacker "(presumed to be X)" ("X Ethnic Militia").

A group the text names that the registry lacks ("the Eyenkorin militia", "QRDF combatants",
"members of Banda del Rio") is kept verbatim with a stable slug id (`unregistered`), never mapped
to a registered actor.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from harmwatch.gazetteer.load import country_names
from harmwatch.pipeline.vocab import DATA_DIR, data_file

# ids kept for the states the Syrian-war vocabulary named first
STATE_IDS = {
    "SY": "syria_gov",
    "RU": "russia",
    "IL": "israel",
    "TR": "turkey",
    "IR": "iran",
    "US": "us_coalition",
}
FORCE_NOUNS = {
    "military": (
        "forces",
        "force",
        "army",
        "armies",
        "troops",
        "soldiers",
        "soldier",
        "military",
        "armed forces",
        "military forces",
        "security forces",
        "air force",
        "navy",
        "marines",
        "gendarmerie",
        "gendarmes",
        "special forces",
        "paratroopers",
        "servicemen",
        "units",
        "commandos",
        "border guards",
        "coast guard",
        "military police",
        "junta",
        "government forces",
        "government troops",
        "regime",
    ),
    "police": (
        "police",
        "police forces",
        "policemen",
        "police officers",
        "riot police",
        "border police",
        "police agents",
    ),
}
WEAPON_NOUNS = (
    "warplanes",
    "warplane",
    "jets",
    "jet",
    "aircraft",
    "planes",
    "plane",
    "drones",
    "drone",
    "helicopters",
    "helicopter",
    "artillery",
    "airstrikes",
    "airstrike",
    "air strikes",
    "air strike",
    "strikes",
    "strike",
    "shelling",
    "missiles",
    "missile",
    "rockets",
    "rocket",
    "shells",
    "bombardment",
    "bombing",
    "raids",
    "raid",
    "gunboats",
    "tanks",
    "fire",
    "gunfire",
    "offensive",
    "attack",
    "attacks",
    "snipers",
    "sniper",
)
GROUP_NOUNS = (
    "militia",
    "militias",
    "militiamen",
    "gang",
    "gangs",
    "cartel",
    "rebels",
    "raiders",
    "insurgents",
    "separatists",
    "militants",
    "vigilantes",
    "bandits",
    "gunmen",
    "fighters",
    "jihadists",
    "mercenaries",
    "guerrillas",
    "herders",
    "herdsmen",
    "pastoralists",
    # an armed group's own name ends in its formation ("the Martyr X Vengeance Units")
    "units",
    "brigades",
    "brigade",
    "battalions",
    "battalion",
    "divisions",
    "division",
    "regiments",
    "regiment",
)
# first words that make no name of a group ("Several militants", "On Monday gunmen")
_NOT_NAME = frozenset(
    "a an the on in at of by for to from with and or but as after before during two three four "
    "five six seven eight nine ten several some many dozens hundreds suspected presumed alleged "
    "unidentified unknown armed local foreign masked islamist jihadist heavily rival "
    "unspecified other more most these those their its his her this that which who police "
    "security government state federal military army monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october "
    "november december ngo ngos idp idps un".split()
)


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str  # belligerent | source
    type: str = "non_state"
    country: str | None = None
    side: str | None = None
    weak: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class StateForces:
    country: str
    name: str
    military: str  # actor id
    police: str
    adjectives: tuple[str, ...]
    military_aliases: tuple[str, ...] = ()  # the country's own force names ("FARDC")
    police_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenericClass:
    cls: str  # military | government | police | rebels | islamists | coalition
    by_country: dict[str, str]
    weak: bool
    aliases: tuple[str, ...]
    # what a class of its own kind of group names where no country says more ("Islamic
    # militants" in a war with no row in by_country): (id, name), else unresolved
    otherwise: tuple[str, str] | None = None


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


@lru_cache(maxsize=1)
def state_forces() -> tuple[StateForces, ...]:
    with open(DATA_DIR / "state_forces.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        iso = row["iso"].strip()
        base = STATE_IDS.get(iso)
        # the police keep an id of their own (a country's police are not its coalition), but
        # for the states whose forces the Syrian-war vocabulary already names as one
        police = base if base is not None and iso == "SY" else f"{iso.lower()}_police"
        out.append(
            StateForces(
                iso,
                row["name"].strip(),
                base or f"{iso.lower()}_military",
                police,
                _split(row["adjectives"]),
                _split(row["military_aliases"]),
                _split(row["police_aliases"]),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def by_country() -> dict[str, StateForces]:
    return {s.country: s for s in state_forces()}


@lru_cache(maxsize=1)
def country_of_state_id() -> dict[str, str]:
    """The country of each state's military and police id."""
    return {i: s.country for s in state_forces() for i in (s.military, s.police)}


@lru_cache(maxsize=1)
def coalition_theatres() -> dict[str, tuple[frozenset[str], str, str]]:
    """A coalition's row may name the countries it fights in (``theatres``) and what its lead
    state's forces are outside them (``outside``: the US-led coalition is the coalition in
    Syria and Iraq; "US forces" in Somalia or Yemen are the United States' own): by id,
    (theatres, outside id, outside name)."""
    return {
        str(r["id"]): (
            frozenset(r["theatres"]),
            str(r["outside"]["id"]),
            str(r["outside"]["name"]),
        )
        for r in data_file("actors.jsonl")
        if r.get("theatres") and r.get("outside")
    }


@lru_cache(maxsize=1)
def generic_classes() -> tuple[GenericClass, ...]:
    return tuple(
        GenericClass(
            str(r["class"]),
            dict(r.get("by_country", {})),
            bool(r.get("weak", False)),
            tuple(r["aliases"]),
            (r["otherwise"]["id"], r["otherwise"]["name"]) if r.get("otherwise") else None,
        )
        for r in data_file("generic_actors.jsonl")
    )


def state_entries() -> Iterator[Entry]:
    """Each country's "Military Forces of X" and "Police Forces of X" with their fixed names."""
    for s in state_forces():
        the = (
            "the "
            if s.name.startswith(
                (
                    "Philippines",
                    "Democratic Republic",
                    "Republic of",
                    "United States",
                    "United Kingdom",
                    "United Arab",
                    "Netherlands",
                    "Central African",
                    "Czech",
                    "Dominican",
                    "Ivory Coast",
                    "Gambia",
                    "Comoros",
                    "Maldives",
                    "Bahamas",
                )
            )
            else ""
        )
        mil_names = [
            s.name,
            f"Military Forces of {the}{s.name}",
            f"Military Forces of {s.name}",
            f"{s.name}'s army",
            f"{s.name}'s military",
            f"{s.name}'s armed forces",
            f"army of {s.name}",
            f"armed forces of {s.name}",
            *s.military_aliases,
        ]
        pol_names = [
            f"Police Forces of {the}{s.name}",
            f"Police Forces of {s.name}",
            f"{s.name}'s police",
            f"police of {s.name}",
            *s.police_aliases,
        ]
        yield Entry(
            s.military,
            f"Military Forces of {the}{s.name}",
            "belligerent",
            "state",
            s.country,
            None,
            False,
            tuple(mil_names),
        )
        if s.police != s.military:
            yield Entry(
                s.police,
                f"Police Forces of {the}{s.name}",
                "belligerent",
                "state",
                s.country,
                s.military,
                False,
                tuple(pol_names),
            )


@lru_cache(maxsize=1)
def adjective_pattern() -> tuple[re.Pattern[str], dict[str, StateForces]]:
    """A nationality adjective before a force or weapon noun ("Burkinabe soldiers", "Egyptian
    warplanes", "Syrian or Russian jets"): the match is the adjective, group 2 the noun."""
    table: dict[str, StateForces] = {}
    for s in state_forces():
        for adj in s.adjectives:
            table[adj.lower()] = s
    adjs = "|".join(
        re.escape(a).replace(r"\ ", r"[\s-]+")
        for a in sorted({a for s in state_forces() for a in s.adjectives}, key=len, reverse=True)
    )
    nouns = sorted(
        {*FORCE_NOUNS["military"], *FORCE_NOUNS["police"], *WEAPON_NOUNS}, key=len, reverse=True
    )
    noun_alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    pattern = re.compile(
        rf"(?<![\w-])({adjs})(?=(?:,?\s+(?:and|or|and/or|and\s+possibly|or\s+possibly)\s+"
        rf"(?:{adjs}))?[\s-]+(?:(?:(?i:military|armed|security|government|special|"
        rf"national|air|ground|naval|riot|border|federal|state|local|regular|elite)|"
        rf"[A-Z][\w-]+)\s+){{0,2}}?((?i:{noun_alt}))\b)"
    )
    return pattern, table


@lru_cache(maxsize=1)
def predicate_adjective_pattern() -> re.Pattern[str]:
    """A nationality adjective said of a weapon or an attacker after "was"/"were" ("(the drone)
    was probably American", "(the jets) were Syrian or Russian"): group 1 the adjective, group 2
    a second one after "or"/"and"; it ends the clause."""
    adjs = "|".join(
        re.escape(a).replace(r"\ ", r"[\s-]+")
        for a in sorted({a for s in state_forces() for a in s.adjectives}, key=len, reverse=True)
    )
    return re.compile(
        r"\b(?:were|was|are|is|been)\s+(?:(?:either|probably|likely|possibly|most\s+likely|"
        r"believed\s+to\s+be|thought\s+to\s+be|apparently)\s+)?(?:the\s+)?"
        rf"({adjs})(?:,?\s+(?:or|and|and/or)\s+(?:possibly\s+|probably\s+)?({adjs}))?"
        r"(?=\s*(?:[,.;:)]|$))"
    )


@lru_cache(maxsize=1)
def country_noun_pattern() -> tuple[re.Pattern[str], dict[str, StateForces]]:
    """A country's name used as its forces' adjective, right before a force noun ("Nepal
    Police", "Kenya Defence Forces", "Mali army"): group 1 the name, group 2 the noun."""
    table = {s.name.lower(): s for s in state_forces()}
    names = "|".join(
        re.escape(n).replace(r"\ ", r"[\s-]+")
        for n in sorted((s.name for s in state_forces()), key=len, reverse=True)
    )
    nouns = sorted({*FORCE_NOUNS["military"], *FORCE_NOUNS["police"]}, key=len, reverse=True)
    noun_alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    # "Nepal Armed Police", "Kenya Defence Forces": a modifier or two may stand between
    mods = r"(?:(?i:armed|security|national|special|border|federal|state|riot|defen[cs]e)\s+){0,2}"
    return re.compile(rf"(?<![\w-])({names})[\s-]+{mods}((?i:{noun_alt}))\b"), table


def noun_class(noun: str) -> str:
    key = re.sub(r"\s+", " ", noun.lower())
    return "police" if key in FORCE_NOUNS["police"] else "military"


@lru_cache(maxsize=1)
def group_pattern() -> re.Pattern[str]:
    """A capitalised name before a group noun: "the Eyenkorin militia", "Tiv militiamen"."""
    nouns = "|".join(sorted(GROUP_NOUNS, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])((?:[A-Z][\w'’-]+\s+){{1,4}})(?i:(?:(?:ethnic|communal|clan|"
        rf"armed|tribal|criminal|drug)\s+)?(?:{nouns}))\b"
    )


# an acronym the registry lacks as the subject of an attack: "SNR attacked", "ADF killed"
_ACRONYM_ACTS = re.compile(
    r"(?<![\w-])([A-Z]{2,6})\s+(?:(?:have|has|had|also|reportedly|allegedly|then|later)\s+)?"
    r"(?:attacked|killed|shot|abducted|kidnapped|ambushed|raided|stormed|assaulted|shelled|"
    r"bombed|fired\s+(?:on|at|upon)|executed|torched|burned|beheaded|opened\s+fire|"
    r"carried\s+out|launched)\b"
)


# an acronym the registry lacks before its members' noun ("CNPSC combatants", "APCLS cadres")
# or after it ("members of the WAM")
_ACRONYM_MEMBERS = re.compile(
    r"(?<![\w-])([A-Z]{2,6})[\s-]+(?:youth\s+)?(?:cadres|combatants|militants|fighters|"
    r"rebels|militia|militiamen|supporters|activists|workers|gunmen)\b"
    r"|\b(?:members|militants|fighters|cadres|supporters|combatants)\s+of\s+(?:the\s+)?"
    r"([A-Z]{2,6})(?![\w-])"
)


# a group the registry lacks named after its members: "members of Tropa del Infierno", "fighters
# of the Kata Brigade" (a capitalised name, its lower-case joints "de", "del", "of" allowed)
_MEMBERS_OF_NAME = re.compile(
    r"\b(?i:members|militants|fighters|cadres|combatants|gunmen)\s+(?i:of)\s+(?:(?i:the)\s+)?"
    r"((?:[A-Z][\w'’-]+)(?:\s+(?:(?:de|del|la|las|los|el|al|of|the|and)\s+)?[A-Z][\w'’-]+){0,4})"
)
# groups the registry lacks listed after their noun: "clashes between three gangs - A, B and C",
# "two rival militias, A and B": each a group of its own ("A Gang", "B Gang", as ACLED names them)
_LISTED_NAME = r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|\d+|de|del|la|las|los|do|da|dos)){0,3}"
_LISTED_AFTER_NOUN = re.compile(
    r"\b(?i:two|three|four|five|six|several|rival|armed|criminal)\s+(?i:(?:rival|armed|criminal)\s+)?"
    r"(?P<noun>(?i:gangs|cartels|militias))\s*(?:[-–—:(]|,)\s*"
    rf"(?P<list>(?:the\s+)?{_LISTED_NAME}(?:\s*,\s*(?:the\s+)?{_LISTED_NAME}){{0,5}}"
    rf"(?:\s*,?\s+and\s+(?:the\s+)?{_LISTED_NAME}))"
)
_LISTED_SUFFIX = {"gangs": "Gang", "cartels": "Cartel", "militias": "Militia"}
# the words of a state force's sub-unit ("Light Infantry Battalion", "Armoured Brigade"): a
# name made of these alone is a unit of the army the text names, not a group of its own
_UNIT_WORDS = frozenset(
    "light heavy infantry armoured armored mechanised mechanized motorised motorized airborne "
    "air assault artillery engineer engineers marine marines commando commandos special rapid "
    "reaction mobile tank tactical operations operational military command regional border "
    "guard guards rifle rifles mountain reserve support combat naval territorial defence "
    "defense national first second third fourth fifth sixth seventh eighth ninth tenth "
    "eleventh twelfth".split()
)
# institutions whose members are no armed group
_INSTITUTIONS = frozenset(
    "parliament assembly council senate congress committee commission government cabinet "
    "family families community communities court union board house church party".split()
)


@lru_cache(maxsize=1)
def ethnic_groups() -> frozenset[str]:
    """The peoples of ``data/ethnic_groups.txt``, lower-cased."""
    path = DATA_DIR / "ethnic_groups.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


# the members' nouns after a people's name that make its militia ("Fulani gunmen", "Tiv
# militias", "Dinka youths"): not its rebels, separatists or a formation's name
_PEOPLE_ARMED = re.compile(
    r"(?:(?:ethnic|communal|tribal|armed)\s+)?(?:militias?|militiamen|gunmen|raiders|fighters|"
    r"herders|herdsmen|pastoralists|vigilantes|youths?)",
    re.IGNORECASE,
)


def _ethnic_militia(words: list[str], noun: str) -> tuple[str, str] | None:
    """(id, name) of "X Ethnic Militia ({country})", ACLED's name, for a people named before
    the nouns of its armed members ("Tiv militias", "Fulani herdsmen", "Ichen Ethnic
    Militias"); None for any other name."""
    people = " ".join(words)
    if people.lower() not in ethnic_groups() or not _PEOPLE_ARMED.fullmatch(noun.strip()):
        return None
    return f"actor:{slug(people)[6:]}-ethnic-militia", f"{people} Ethnic Militia ({{country}})"


def unregistered(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, slug, name) of the group names in ``text`` that look like names of their
    own: a capitalised name before a group noun, an acronym that attacks or has members."""
    out = []
    for m in _ACRONYM_MEMBERS.finditer(text):
        g = 1 if m.group(1) else 2
        name = m.group(g)
        if name.lower() not in _NOT_NAME and name not in _source_acronyms():
            out.append((m.start(g), m.end(g), slug(name), name))
    for m in _ACRONYM_ACTS.finditer(text):
        name = m.group(1)
        if name.lower() not in _NOT_NAME and name not in _source_acronyms():
            out.append((m.start(1), m.end(1), slug(name), name))
    for m in group_pattern().finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_NAME:
            words = words[1:]
        if not words or any(w.lower() in _NOT_NAME for w in words):
            continue
        if all(w.lower() in _UNIT_WORDS for w in words):
            # "Light Infantry Battalion 345", "the 33rd Light Infantry Division": a sub-unit of
            # the army, named as the army is (by the report's country), not a group of its own
            start = m.start(1) + m.group(1).index(words[0])
            out.append((start, m.end(), "generic:military", "military"))
            continue
        start = m.start(1) + m.group(1).index(words[0])
        noun = text[m.end(1) : m.end()]
        ethnic = _ethnic_militia(words, noun)
        if ethnic is not None:  # "Fulani gunmen": ACLED's "Fulani Ethnic Militia (Nigeria)"
            out.append((start, m.end(), *ethnic))
        else:
            out.append((start, m.end(), slug(text[start : m.end()]), text[start : m.end()]))
        pair = re.search(
            r"(?<![\w-])((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)\s+(?:and|or|and/or)\s+$",
            text[: m.start(1)],
        )
        if pair and not {w.lower() for w in pair.group(1).split()} & _NOT_NAME:
            # "Tiv and Ichen militias", "the Martyr X and Martyr Y Vengeance Units"
            name = f"{pair.group(1)} {noun.strip()}"
            ethnic = _ethnic_militia(pair.group(1).split(), noun)
            if ethnic is not None:
                out.append((pair.start(1), pair.end(1), *ethnic))
            else:
                out.append((pair.start(1), pair.end(1), slug(name), name))
    for m in _LISTED_AFTER_NOUN.finditer(text):
        suffix = _LISTED_SUFFIX[m.group("noun").lower()]
        for item in re.finditer(_LISTED_NAME, m.group("list")):
            name = item.group()
            if name.lower() in _NOT_NAME or name.split()[-1].lower() == suffix.lower():
                name = name if name.lower() not in _NOT_NAME else ""
            else:
                name = f"{name} {suffix}"
            if name:
                start = m.start("list") + item.start()
                out.append((start, start + len(item.group()), slug(name), name))
    for m in _MEMBERS_OF_NAME.finditer(text):  # last: "members of the Okoro militia" is above
        name = m.group(1)
        words = name.lower().split()
        if words[0] in _NOT_NAME or any(w in _INSTITUTIONS for w in words):
            continue
        out.append((m.start(1), m.end(1), slug(name), name))
    return out


@dataclass(frozen=True)
class OriginGroup:
    kind: str  # communal | ethnic
    name: str  # a template of "{origin}" and "{country}": ACLED's "X Communal Militia (Y)"
    members: tuple[str, ...]
    origin_words: tuple[str, ...]  # what follows the origin's name ("county", "clan")


@lru_cache(maxsize=1)
def origin_groups() -> tuple[OriginGroup, ...]:
    return tuple(
        OriginGroup(str(r["kind"]), str(r["name"]), tuple(r["members"]), tuple(r["origin_words"]))
        for r in data_file("origin_groups.jsonl")
    )


@lru_cache(maxsize=1)
def _origin_pattern() -> re.Pattern[str]:
    members = sorted({m for g in origin_groups() for m in g.members}, key=len, reverse=True)
    words = sorted({w for g in origin_groups() for w in g.origin_words}, key=len, reverse=True)
    member_alt = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in members)
    word_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    name = r"[A-Z][\w'’]*(?:[\s-]+[A-Z][\w'’]*){0,2}"
    return re.compile(
        rf"(?<![\w-])(?i:{member_alt})\s+(?:from|of)\s+(?:the\s+)?({name})"
        rf"(?:\s+(?:and|or)\s+(?:the\s+)?({name}))?(?:\s+((?i:{word_alt})))?\b"
    )


# a communal militia named where it is: "communal militiamen in Buruku"
_COMMUNAL_IN = re.compile(
    r"(?<![\w-])(?i:communal\s+(?:militias?|militiamen|vigilantes))\s+in\s+"
    r"([A-Z][\w'’]*(?:[\s-]+[A-Z][\w'’]*){0,2})"
)


def from_origin(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, slug, name) of the groups the text names by where or whom they come from:
    "militias from Yagaba" is "Yagaba Communal Militia ({country})", "youths from the Bobo
    community" the same, "members of the Koli caste" "Koli Ethnic Militia ({country})", as ACLED
    names them; ``{country}`` is the report's, filled in when it is known."""
    out = []
    groups = {g.kind: g for g in origin_groups()}
    for m in _origin_pattern().finditer(text):
        word = (m.group(3) or "").lower()
        kind = "ethnic" if any(word == w for w in groups["ethnic"].origin_words) else "communal"
        noun = re.split(r"\s+(?:from|of)\s", m.group(0), maxsplit=1)[0].lower()
        if not any(
            re.fullmatch(re.escape(n).replace(r"\ ", r"\s+"), noun) for n in groups[kind].members
        ) or (noun == "members" and not m.group(3)):
            continue  # "members of the Okoro militia" name that group, not where it is from
        # two origins ("militias from X and Y"): the first's span ends at its name, the
        # second's starts at its own, so each is a group of its own, coordinated
        spans = [(m.start(), m.end(1) if m.group(2) else m.end(), m.group(1))]
        if m.group(2):
            spans.append((m.start(2), m.end(), m.group(2)))
        for start, end, origin in spans:
            words = origin.split()
            if any(w.lower() in _NOT_NAME or w.lower() in _ORIGIN_NOT for w in words):
                continue
            name = groups[kind].name.replace("{origin}", origin)
            out.append((start, end, slug(name.replace(" ({country})", "")), name))
    for m in _COMMUNAL_IN.finditer(text):
        if any(w.lower() in _NOT_NAME or w.lower() in _ORIGIN_NOT for w in m.group(1).split()):
            continue
        name = groups["communal"].name.replace("{origin}", m.group(1))
        out.append((m.start(), m.end(), slug(name.replace(" ({country})", "")), name))
    return out


# the kin a feud's sides are named by ("between the X and Y families", "X and Y groups clashed",
# "a group of X ethnic individuals"): clans and families make ACLED's "X Clan Militia", a people
# or its sections "X Ethnic Militia", a community "X Communal Militia"
_KIN_KIND = {
    "family": "Clan",
    "families": "Clan",
    "clan": "Clan",
    "clans": "Clan",
    "sub-clan": "Clan",
    "sub-clans": "Clan",
    "subclan": "Clan",
    "subclans": "Clan",
    "tribe": "Ethnic",
    "tribes": "Ethnic",
    "section": "Ethnic",
    "sections": "Ethnic",
    "ethnic group": "Ethnic",
    "ethnic groups": "Ethnic",
    "groups": "Ethnic",
    "community": "Communal",
    "communities": "Communal",
}
_KIN_NAME = (
    r"(?:(?:[Aa]l|[Ee]l|[Aa]bu|[Bb]eni|[Bb]anu|[Oo]uld)[\s-]+)?"
    r"[A-Z][\w'’]*(?:[\s-]+[A-Z][\w'’]*){0,2}"
)
_KIN_WORDS = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _KIN_KIND), key=len, reverse=True)
)
# "between (the / two / rival) X and Y families", "X and Y clans clashed", "the X tribe fought"
_KIN_SIDES = re.compile(
    rf"(?:\bbetween\s+(?:(?:the|two|different|various|rival|several|some)\s+)?(?P<a>{_KIN_NAME})"
    rf"(?:\s+and\s+(?:the\s+)?(?P<b>{_KIN_NAME}))?\s+(?P<kin>{_KIN_WORDS})\b"
    rf"|(?<![\w-])(?P<c>{_KIN_NAME})(?:\s+and\s+(?:the\s+)?(?P<d>{_KIN_NAME}))?\s+"
    rf"(?P<kin2>{_KIN_WORDS})\s+(?:have\s+|had\s+|reportedly\s+|then\s+)?"
    rf"(?:clashed|fought|attacked|exchanged\s+fire|engaged))"
)
# "a group of X ethnic individuals", "X ethnic youths": a people's members
_ETHNIC_MEMBERS = re.compile(
    rf"(?<![\w-])(?P<a>{_KIN_NAME})\s+ethnic\s+(?:individuals|men|youths?|members|people|"
    r"fighters|militiamen|herders|civilians)\b"
)
# an unnamed attacker identified by a presumption: "armed youth (presumed to be X)", "raiders
# believed to be X", "(presumed X clan of the Y)"
_PRESUMED = re.compile(
    r"(?:\(\s*(?:presumed|believed|suspected|thought)\s+(?:to\s+be\s+)?|"
    r"\bpresumed\s+to\s+be\s+)"
    rf"(?:members\s+of\s+)?(?:the\s+)?(?P<a>{_KIN_NAME})(?:\s+(?P<kin>{_KIN_WORDS}))?"
)


def kin_groups(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, slug, name) of the groups a feud or an attack names by their kin: "clashes
    between the Hamdi and Salem families" make "Hamdi Clan Militia ({country})" and "Salem
    Clan Militia ({country})", "Kuku and Bari groups clashed" two ethnic militias, "a group of
    Nuba ethnic individuals" a Nuba one, "raiders (presumed to be X)" X's; as ACLED names
    them. Names of states and their peoples ("Syrian groups") are no kin."""
    out = []

    def add(start: int, end: int, name: str, kind: str) -> None:
        words = name.split()
        low = [w.lower() for w in words]
        if low[-1] in _NOT_NAME or any(w in _NOT_NAME or w in _ORIGIN_NOT for w in low[1:]):
            return
        if name.lower() in _state_words():
            return
        full = f"{name} {kind} Militia ({{country}})"
        out.append((start, end, slug(full.replace(" ({country})", "")), full))

    for m in _KIN_SIDES.finditer(text):
        first, second, kin = ("a", "b", "kin") if m.group("a") else ("c", "d", "kin2")
        kind = _KIN_KIND[re.sub(r"\s+", " ", m.group(kin).lower())]
        if m.group(second):
            add(m.start(first), m.end(first), m.group(first), kind)
            add(m.start(second), m.end(kin), m.group(second), kind)
        else:
            add(m.start(first), m.end(kin), m.group(first), kind)
    for m in _ETHNIC_MEMBERS.finditer(text):
        add(m.start("a"), m.end(), m.group("a"), "Ethnic")
    for m in _PRESUMED.finditer(text):
        kin = (m.group("kin") or "").lower()
        add(m.start("a"), m.end(), m.group("a"), _KIN_KIND.get(re.sub(r"\s+", " ", kin), "Ethnic"))
    return out


@lru_cache(maxsize=1)
def _state_words() -> frozenset[str]:
    """Countries' names and adjectives, lower-cased: no kin group is called by them."""
    return frozenset(
        w.lower() for s in state_forces() for w in (s.name, *s.adjectives)
    ) | frozenset(n.lower() for n in country_names().values())


# capitalised words that are not where a group comes from ("militias of the Government")
_ORIGIN_NOT = frozenset(
    "government army police state military national federal islamic islamist".split()
)


@lru_cache(maxsize=1)
def _source_acronyms() -> frozenset[str]:
    """Acronyms of reporting organisations ("UN", "AFP"): they report, they do not attack."""
    from harmwatch.pipeline.sources import load_registry

    return frozenset(load_registry().acronyms)


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("’", "'").replace("'", "")).strip("-")
    return f"actor:{s}"


def resolve_generic(cls: str, country: str | None, named_state: str | None) -> str | None:
    """The actor a generic word names: ``named_state`` (the country whose forces the report last
    named) first for state classes, then ``country`` (the report's); None when neither fits."""
    table = by_country()
    if cls == "government":  # "the regime", "government forces": the state the report is in
        s = table.get(country or "")
        return s.military if s is not None else None
    if cls in ("military", "police"):
        for iso in (named_state, country):
            s = table.get(iso or "")
            if s is not None:
                return s.police if cls == "police" else s.military
        return None
    for g in generic_classes():
        if g.cls == cls:
            found = g.by_country.get(country or "")
            if found or not g.otherwise:
                return found
            return _otherwise(g.otherwise, country)[0]
    return None


def _otherwise(row: tuple[str, str], country: str | None) -> tuple[str, str]:
    """The ``otherwise`` actor of a generic class in ``country``: a row may name it per country
    as ACLED does ("Islamist Militia (Mozambique)": ``{cc}`` and ``{country}`` in its id and
    name), and names it without the country where none is known."""
    actor_id, name = row
    if "{" not in actor_id:
        return actor_id, name
    names = country_names()
    if country and country in names:
        return actor_id.format(cc=country.lower()), name.format(country=names[country])
    bare = re.sub(r"\s*\(\{country\}\)|\{country\}\s*", "", name)
    return re.sub(r"-?\{cc\}", "", actor_id), bare


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The words of the generic classes' aliases ("rebel", "opposition", "regime") and of
    states' names and adjectives, lower-cased: a group named with one of them before its noun
    ("Rebel fighters", "Syrian rebels") is that generic word, not a group of its own."""
    words = {w for g in generic_classes() for a in g.aliases for w in a.lower().split()}
    return frozenset(words | _state_words())


@lru_cache(maxsize=1)
def generic_names() -> dict[str, str]:
    """The names of the ``otherwise`` actors of the generic classes, by id (in every country,
    for a row that names them per country)."""
    out: dict[str, str] = {}
    for g in generic_classes():
        if g.otherwise is None:
            continue
        for cc in (None, *country_names()):
            actor_id, name = _otherwise(g.otherwise, cc)
            out[actor_id] = name
    return out


@lru_cache(maxsize=1)
def _FORCE_WORD() -> re.Pattern[str]:  # noqa: N802
    nouns = sorted({*FORCE_NOUNS["military"], *FORCE_NOUNS["police"]}, key=len)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in reversed(nouns))
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


def names_forces(text: str) -> bool:
    """Whether a state's name as written names its forces ("Nepal Police", "Kenyan troops"),
    not the country alone ("Benin", "Kenyan")."""
    return bool(_FORCE_WORD().search(text))


@lru_cache(maxsize=1)
def _not_the_state_itself() -> frozenset[str]:
    """A state's own force names ("Republican Guard") and its adjectives ("Syrian", which
    always qualifies a noun: "Syrian or Russian warplanes")."""
    return frozenset(
        a.lower()
        for f in state_forces()
        for a in (*f.military_aliases, *f.police_aliases, *f.adjectives)
    )


def names_the_state(actor_id: str, text: str) -> bool:
    """Whether a state's name as written names the state itself ("Rwanda", "Moscow", "the
    United States"), not its forces ("Rwandan troops", "the Republican Guard", "Syrian or
    Russian warplanes")."""
    own = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).lower()
    return (
        actor_id in country_of_state_id()
        and not names_forces(text)
        and own not in _not_the_state_itself()
    )
