"""The figures stage's vocabularies, compiled once: counted nouns (``data/groups.jsonl``),
casualty words and where they stand (``data/casualty_verbs.jsonl``), and cues for zero
figures, subsets, aggregates, increments and reporters (``data/figure_cues.jsonl``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harmwatch.pipeline.numbers import TENS, UNITS, _alt

DATA = Path(__file__).parent / "data"
# someone named by a possessive: "a doctor's", "the family's", "the late imam's"
WHOSE = r"(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?[\w-]+['’]s"


@dataclass(frozen=True)
class Lexicon:
    groups: dict[str, tuple[str, str | None]]  # noun -> (group, kind carried by the noun)
    group_re: re.Pattern[str]  # a counted noun phrase at the start of a string
    single_re: re.Pattern[str]  # "a woman", "an elderly man", "another child"
    before_re: re.Pattern[str]  # a casualty word right before the count
    after_re: re.Pattern[str]  # a casualty word after the noun phrase
    after_appos_re: re.Pattern[str]  # the same across an appositive ("X, a teacher, was killed")
    before: dict[str, tuple[str, bool]]  # phrase before the count -> (kind, revision)
    after: dict[str, tuple[str, bool]]  # phrase after the noun phrase -> (kind, is a subset)
    cues: dict[str, re.Pattern[str]]
    plain_re: re.Pattern[
        str
    ]  # counted nouns that do not carry a kind ("civilian" in "civilian dead")
    # a noun phrase of a noun not in groups.jsonl ("3 Balanda", "two drug suspects"): a count of
    # people only when a casualty verb in the passive or "died" follows it
    unknown_re: re.Pattern[str]


def _read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    groups = {r["noun"].lower(): (r["group"], r.get("kind")) for r in _read("groups.jsonl")}
    before: dict[str, tuple[str, bool]] = {}
    after: dict[str, tuple[str, bool]] = {}
    for r in _read("casualty_verbs.jsonl"):
        if r["where"] in ("before", "toll"):
            before[r["phrase"].lower()] = (r["kind"], bool(r.get("revision")))
        else:
            after[r["phrase"].lower()] = (r["kind"], r["where"] == "subset_after")
    cues: dict[str, list[str]] = {}
    for r in _read("figure_cues.jsonl"):
        cues.setdefault(r["cue"], []).append(r["pattern"])
    stop = (
        r"(?:were|was|are|(?-i:is)|have|has|had|been|being|in|on|at|by|with|from|to|after|\d+|\.|"
        + _alt(UNITS + TENS)
        + r"|"
        r"when|as|for|into|during|near|while|who|which|that|including|among|the|of|said|says|"
        r"a|an|killing|wounding|injuring|it|they|he|she|we|(?:fell|fallen)\s+victims?|"
        r"mostly|mainly|largely|primarily|chiefly|predominantly|"
        + _alt([k for k in after if " " not in k])
        + r")"
    )
    gnouns = _alt(list(groups))
    age = r"\d+[- ]?(?:years?|months?|weeks?|days?)[- ]old\s+"  # "two 10-year-old girls"
    # a modifier word; "/" joins two names of one party ("Boko Haram/IS fighters")
    # a word in scare quotes is a modifier too ('15 Russian "security staff"')
    mod = (
        rf"(?:{age}|[\"“‘]?(?!{stop}\b|(?:{gnouns})\s+(?:and|or)\b)[\w'’.-]+(?:/[\w'’.-]+)*"
        rf"[\"”]?\s+)"
    )
    mod1 = rf"(?:{age}|(?!(?:and|or|&)\b){mod})"
    group_re = re.compile(
        # "two of her children", "nine of a doctor's ten children": kin told through someone
        rf"\s*(?:of\s+(?:the|these|those|his|her|their|{WHOSE})\s+(?:\d+|{_alt(UNITS + TENS)})\s+"
        rf"|(?:of\s+)?(?:them|whom|those|the|these)\s+|of\s+(?:his|her|their|{WHOSE})\s+)?"
        rf"(?:more\s+|other\s+|others?\s+)?"
        # "26 HTS, AAS and Rahman Corps fighters": names of parties listed before the noun
        rf"(?:(?-i:[A-Z][\w'’.-]*),\s+(?:and\s+)?){{0,3}}"
        rf"{mod}{{0,4}}[\"“‘]?(?P<g>{gnouns})(?![\w-])[\"”’]?",
        re.IGNORECASE,
    )
    participles = ("killed", "dead", "wounded", "injured")
    singular = [n for n, (g, k) in groups.items() if n not in participles and not n.endswith("s")]
    single_re = re.compile(
        rf"(?<![\w-])(?P<art>a|an|another|one|the|his|her|their)\s+{mod1}{{0,5}}(?P<g>{_alt(singular)})(?![\w-])",
        re.IGNORECASE,
    )
    bef = _alt(list(before))
    before_re = re.compile(
        # "killing, according to the latest toll, 44 civilians": who counts, told between
        rf"(?<![\w-])(?P<v>{bef})(?:,?\s+according\s+to\s+[^,;.:()\d]{{1,50}}?,?)?\s+"
        r"(?:(?:another|a\s+further|an\s+additional|additional|"
        rf"more|a\s+total\s+of|only|just|all|the|possibly|perhaps|maybe|potentially)\s+)?$",
        re.IGNORECASE,
    )
    aft = _alt(list(after))
    after_re = re.compile(
        # an aside in brackets or between dashes: "a woman (a teacher) was", "a man - a
        # father of four - was"
        r"\s*(?:\([^)]{0,80}\)\s*|\s[-–—]\s[^-–—;.]{1,80}?\s[-–—]\s*)?"
        r"(?:,\s*(?:including|among them|of whom|most of them|mostly|many of them|all of them|"
        r"some of them|mainly|both|all|most)\b[^,;]{0,80},\s*"
        r"|(?:(?!\b(?:killed|injured|wounded|died|dead|were|was)\b)[^;.]){0,40}?,?\s+"
        r"(?:including|among\s+them)\s+[^;]{0,100}?"
        r"(?=,?\s+(?:were|was|have|had|died)\b)"
        r"APPOS)?,?\s*"
        r"(?:(?:who|that|which|were|was|are|is|have|has|had|been|being|got|reportedly|also|all|"
        r"later|allegedly|confirmed|subsequently|either|since|then|each|both|were\s+all|"
        r"remain|remained|still|reported|said\s+to\s+have\s+been|"
        r"have\s+all|initially|now|ultimately|eventually|already|likely|probably|"
        r"may|might|could|would|feared\s+to\s+have|believed\s+to\s+have|thought\s+to\s+have|"
        # how badly ("were seriously injured"; not "fatally", which is no injury)
        r"seriously|severely|critically|badly|gravely|slightly|lightly|moderately|"
        r"been\s+confirmed|"
        # "a list of 19 people it said were killed": whose count it is, inside the clause
        r"(?:it|they|he|she|officials|witnesses|activists|residents)\s+(?:said|says|say))\s+){0,4}"
        rf"(?P<v>{aft})(?![\w-])",
        re.IGNORECASE,
    )
    plural = _alt([n for n in groups if n.endswith(("s", "men")) and " " not in n])
    appos = (
        r"|,\s*[^;\d]{0,120}?,[\"”]?\s*(?=(?:were|was|have\s+been|had\s+been|has\s+been)\b)"
        # "98 evacuees from the northern towns were killed", "a man in the town of X was killed"
        # (not across "one of them": "shot 3 men in the market and one of them was killed")
        r"|\s+(?:in|from|at|near|inside)\s+(?![^,;.\d]{0,60}?\bof\s+(?:them|whom)\b)"
        r"[^,;.\d]{1,60}?\s+(?=(?:were|was|have\s+been|had\s+been|has\s+been)\b)"
        # "a man carrying a bomb was shot dead", "a woman walking home was killed"
        r"|\s+(?:carrying|driving|riding|walking|travell?ing|trying|working|standing|fleeing|"
        # "two men suspected of theft were beaten to death"
        r"returning|crossing|wearing|heading|suspected|accused|wanted|"
        # "three paramedics belonging to the Red Crescent were killed"
        r"belonging|affiliated|attached|assigned|serving|employed)\b[^;.\d]{1,80}?,?\s+"
        r"(?=(?:were|was|have\s+been|had\s+been|has\s+been)\b)"
        # "the pilot ejected and was killed": one more verb before
        r"|\s+[\w'’-]+ed\b(?:\s+(?:to|on|in|from|the|a|his|her|its|[\w'’-]+ly))*\s+and\s+"
        r"(?=(?:was|were)\s+(?:later\s+|then\s+)?(?:killed|shot|executed|stabbed)\b)"
        # "four soldiers and allied militiamen were killed": one count for both nouns
        # "4 captives and militiamen loyal to them were killed": words after the second noun
        rf"|\s+and\s+(?:[\w'’-]+\s+){{0,3}}?(?:{plural})"
        r"(?:\s+(?!(?:were|was|have|had|and|or|who|which|that)\b)[a-z][\w'’-]*){0,3}?\s+"
        r"(?=(?:were|have\s+been|had\s+been)\b)"
    )
    after_appos_re = re.compile(after_re.pattern.replace("APPOS", appos), re.IGNORECASE)
    word = r"[A-Za-z][\w'’.-]*(?:/[\w'’.-]+)*"
    end = r"(?![\w'’./-])"
    not_head = rf"(?:{stop}|{_alt(_not_people())}){end}"  # "a goat herder", not "a goat"
    unknown_re = re.compile(
        rf"\s+(?:(?!{stop}{end}){word}\s+){{0,3}}(?!{not_head})(?P<g>{word})"
        r"(?=,?\s)",
        re.IGNORECASE,
    )
    after_re = re.compile(after_re.pattern.replace("APPOS", ""), re.IGNORECASE)
    return Lexicon(
        groups,
        group_re,
        single_re,
        before_re,
        after_re,
        after_appos_re,
        before,
        after,
        {
            k: re.compile("|".join(f"(?:{p})" for p in v), 0 if k == "reporter" else re.IGNORECASE)
            for k, v in cues.items()
        },
        re.compile(
            rf"(?<![\w-])(?:{_alt([n for n, (g, k) in groups.items() if not k])})(?![\w-])",
            re.IGNORECASE,
        ),
        unknown_re,
    )


def _not_people() -> list[str]:
    lines = (DATA / "not_people.txt").read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in line.split()]


ACTIVE_OBJECT = re.compile(
    r"\s+(?:a|an|another|the|his|her|their|its|him|them|dozens|scores|several|at\s+least|"
    r"more\s+than|up\s+to|over|some|\d|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds)\b",
    re.IGNORECASE,
)
POSTMOD = re.compile(
    r"\s+(?:of|from)\s+(?:both|all|the\s+two|the\s+opposing)\s+(?:sides|parties|groups)\b"
    r"|\s+(?:of|from)\s+(?:the\s+|an?\s+|one\s+|his\s+|her\s+|their\s+|its\s+)?"
    r"(?:(?:same\s+|extended\s+)?(?:(?:[\w'’-]+|\([^)]{0,30}\))\s+){0,5}?"
    r"(?P<fam>family|families|household|clan)\b"
    r"|(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|(?:[a-z][\w'’-]*\s+){0,2}?ORG)"
    r"(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+|(?:of|for|and|the|its|their)\b|ORG)){0,12})".replace(
        "ORG",
        r"(?:army|forces|militias?|factions?|troops|government|regime|brigades?|battalions?|"
        r"division|corps|group|movement|front|coalition|allied|rebels?|islamic|islamist|"
        r"pro-regime|pro-government|opposition|state|police|military|"
        # an institution whose people are counted: "five volunteers of a food charity"
        r"charity|organi[sz]ation|agency|company|firm|team|university|college|school|hospital|"
        r"ministry|council|committee|union|association|network|society|mission|service)\b",
    )
)
# "the death toll in Idlib province has risen to 15", "the number of fighters who were killed on
# the road yesterday rose to 5": a toll word and its verb with words between (bounded)
TOLL_GAP = re.compile(
    r"(?<![\w-])(?:(?P<toll>(?:death|casualty)\s+toll|toll)|number\s+of\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?"
    r"(?P<who>dead|deaths|fatalities|victims|martyrs|people|civilians|those|fighters|soldiers|"
    r"children|women|injured|wounded|injuries))"
    r"(?P<gap>\s+(?!(?:has|had|have|now)\b)[^.;:\d]{1,140}?)?\s+"
    r"(?P<verb>(?:has\s+|had\s+|have\s+)?(?:now\s+)?(?:(?P<rev>risen|rose|rises|climbed|climbs|"
    r"increased|increases|jumped|jumps|reached|reaches|hit|hits|grown|grew|mounted)|"
    # "estimated the death toll to be higher than 120"
    r"stands\s+at|stood\s+at|is|was|to\s+be))(?:\s+to)?\s+"
    r"(?:(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+)?$",
    re.IGNORECASE,
)
DEMOGRAPHIC = ("children", "women", "men")
PARTITIVE = re.compile(r"\s+of\s+(?:them|those|whom|these)\b", re.IGNORECASE)
# after "killed"/"wounded": the count is of both kinds together, neither figure
BOTH_KINDS = re.compile(
    r"\s+(?:and|or|&|and/or)\s+(?:injured|wounded|hurt|killed|dead)\b"
    r"(?!\s+(?:\d|at\s+least|more|over|about|some|several|dozens|scores))",
    re.IGNORECASE,
)
# "a total of 400 deaths and injuries": one count of both kinds, summed (without "total" or
# "combined", "at least two deaths and injuries" is as often two of each)
SUMMED_BOTH = re.compile(r"\s+(?:and|&)\s+(?:injuries|deaths)\b", re.IGNORECASE)
SUMMED_BEFORE = re.compile(r"\b(?:total|combined)\b", re.IGNORECASE)
BOTH_BEFORE = re.compile(
    r"\b(?:killing|killed|injuring|injured|wounding|wounded)\s+(?:and|or)\s+$", re.IGNORECASE
)
# "across the besieged enclave ... wounded about 160", "in all across the province": a tally
# over a whole area (several incidents), not one incident's toll
AREA_WIDE = re.compile(
    r"\b(?:across|throughout|all\s+over)\s+(?:the\s+|all\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:enclave|province|governorate|region|country|areas|cities|towns|villages|districts|"
    r"neighbou?rhoods|strip)\b",
    re.IGNORECASE,
)
REPORTED = re.compile(
    r"\b(?:said|says|reported|reports|told|stated|according\s+to|announced|"
    r"claimed|estimated|put\s+the)\b",
    re.IGNORECASE,
)
KILLED_PRONOUN = re.compile(
    r"\b(?:(?:killing|killed|executing|executed|assassinating|assassinated|murdering|murdered)\s+"
    r"(?P<p>him|her)\b(?!\s+(?:own|family|son|daughter|wife|husband|brother|sister|father|"
    r"mother|child|children|relatives?))"
    # "snipers shot a fighter, which led to his death"
    r"|(?:led|leading|resulted|resulting|causing|caused)\s+(?:to|in)?\s*(?P<p2>his|her)\s+"
    r"death\b"
    # "one was wounded and the other died": the other one of two told of before
    r"|\b(?P<p3>the\s+other)\s+(?:one\s+|man\s+|woman\s+|victim\s+)?(?:later\s+)?"
    r"(?:died|was\s+killed)\b"
    # "the pilot bailed out, and he was captured and killed": one told of before, killed in
    # his captors' hands (a bare "he was killed" is most often the toll told again)
    r"|\b(?P<p4>he|she)\s+(?:was|had\s+been)\s+(?:(?:later|then|subsequently)\s+)?"
    r"(?:captured|caught|trapped|seized|abducted|kidnapped|arrested|detained)\s+and\s+"
    r"(?:then\s+|later\s+)?(?:killed|shot\s+dead|executed|murdered)\b)",
    re.IGNORECASE,
)
CASUALTY_WORD = re.compile(
    r"\b(?:kill|dead|death|fatalit|victim|martyr|injur|wound|assassinat|execut|died|perish)"
)
TO_DEATH = re.compile(r"\s+(?:to|until)\s+(?:his\s+|her\s+|their\s+)?death\b", re.IGNORECASE)
# "an attempt to assassinate a lawyer", "militants tried to kill two soldiers": no killing
TRIED = re.compile(
    r"\b(?:attempts?|attempted|attempting|tried|trying|failed|plans?|planned|"
    r"plots?|plotted|threatened|vowed)\s+to\s+$",
    re.IGNORECASE,
)
# "5 civilians, and possibly as many as 7,", "2, possibly 3,", "at least one but potentially
# up to 9": a hedged higher bound
HEDGED = re.compile(
    r"\s*,?\s*(?:and\s+|or\s+|but\s+)?(?:possibly|perhaps|maybe|probably|likely|potentially)\s+",
    re.IGNORECASE,
)
