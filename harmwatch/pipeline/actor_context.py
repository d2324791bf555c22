"""One name's role read off the words around it (`name_role`): "by X" or an attack noun
after the name makes the attacker, "killing 25 X fighters" the victim, a place before it a
mere mention, a weapon "fired from X positions" or "were Russian" its owner's deed; with the
verb tests the roles of a whole sentence share (`acts`: an attack verb follows the name)."""

from __future__ import annotations

import re

from harmwatch.pipeline import agents
from harmwatch.pipeline.actor_vocab import Alias
from harmwatch.pipeline.vocab import attack_context, cue

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


_AUXILIARY = re.compile(r"\b(?:were|was|is|are|be|been|being|has|have|had)\b", re.IGNORECASE)
_KIN_AFTER = re.compile(r"\s+(?:family|families|clan|clans|household|tribe)\b", re.IGNORECASE)


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


# "(X) are suspected of killing", "(X) was accused of the attack": the named is accused; also
# where the words place X first ("(police) in Kisumu (Kisumu, Nyanza) are accused of")
_SUSPECTED_OF = re.compile(
    r"(?:\s+in\s+[\w'’ -]{1,40}?(?:\s*\([^()]{0,60}\))?)?"
    r"\s+(?:is|are|was|were|have\s+been|has\s+been)\s+(?:(?:also|widely|strongly)\s+)?"
    r"(?:suspected|accused|blamed)\s+(?=of|for)",
    re.IGNORECASE,
)


def name_role(sent: str, start: int, end: int, alias: Alias, attack: bool) -> str:
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
        # not "seven members of the X family ... were killed": a family's members are people
        and not _KIN_AFTER.match(after)
        and _acts_after_name(after)
    ):
        return "perpetrator"  # "a suicide bomber from the X group blew himself up"
    if attack and (
        _FIRED_FROM_SITE_OF.search(sent, max(0, start - 120), start)
        or (_FIRED_FROM.search(before) and _SITE_AFTER.match(after))
    ):
        return "perpetrator"  # "shells fired from a checkpoint belonging to X"
    accused = _ACCUSE_BEFORE.search(before)
    if accused:
        if attack and agents.accused_of_harm(after):
            return "perpetrator"
        # "the crimes of X.": nothing else is laid on X than the harm told. After a verb
        # ("The union blamed the RSF.", "accused X of the lack of security") the parse reads
        # what the blame is for (agents.py), the one reader of a verb of blame's object.
        alone = _BLAMED_ALONE.match(after) and not agents.is_blame_verb(accused.group().split()[0])
        return "perpetrator" if alone else "mention"
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
        and not re.search(
            r"(?:\b(?:who|whose|whom)|\b(?:m[ae]n|wom[ae]n|people|persons?|child(?:ren)?|"
            r"civilians?|victims?|residents?|boys?|girls?|those|ones)\s+(?:that|which))\b[^,;]*$",
            window[: was.start()],
            re.I,
        )  # "two of the women that died in the strike were Egyptian": theirs too
    ):
        return "perpetrator"  # "the jets were Russian", "were Syrian or Russian"
    if attack and _PLACED.match(after):
        return "perpetrator"
    if attack and _CAUSE_BEFORE.search(before) and _weapon_after(after):
        return "perpetrator"
    wide = sent[max(0, start - 80) : start]  # "by a group of armed members of the X"
    if cue("victim_before").search(before) and not _BY.search(wide):
        return "victim"
    if _names_a_place(before, after):
        return "mention"  # "bombing raids in Libya left 9 dead": the raids killed, in a place
    # (read past the place the words may put the named in: "in X (District, Region)")
    further = sent[end : end + 160] if not gloss else sent[gloss.end() : gloss.end() + 160]
    suspected = _SUSPECTED_OF.match(further)
    if _NAMED_CULPRIT.match(after) or (
        attack and suspected and agents.accused_of_harm(" " + further[suspected.end() :])
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


def _names_a_place(before: str, after: str) -> bool:
    """Whether a name after a preposition of place ("raids in Libya", "rebels in Yemen") is
    where, not who: no forces or weapon named after it ("in Libyan army positions")."""
    return bool(_PLACE_BEFORE.search(before)) and not re.match(
        rf"^{_FILLER}(?:{cue('weapon_noun').pattern}|{cue('agent_noun').pattern})\b",
        after,
        re.I,
    )


def names_a_place(sent: str, start: int, end: int) -> bool:
    """`_names_a_place` for the name at ``start:end`` of ``sent``."""
    return _names_a_place(sent[max(0, start - 40) : start], sent[end : end + 60])


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
        if _AUXILIARY.search(words.group()):
            return False  # "fighters of the YPG were killed": a passive, they were the ones hit
        if _acts(after[words.end() :]):
            return True
    return False
