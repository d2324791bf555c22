"""Does a mention tell of an existing incident? A scored decision with its reasons.

Each piece of evidence adds or removes points: place, date, event type, actors, compatible
figures, targets, and the text similarity of the evidence sentences. Hard rules come first:
never two mentions of one report; another day at the same place, or another place on the same
day, only when the text links them (near-identical sentences, a toll revision, matching non-zero
tolls); one outlet does not tell one event twice in separate reports, so a second report of
the same outlet joins only as a toll revision. A report may place an incident in a nearby town
("in Idlib and the Ariha market"): another town within 25 km joins only when one text names the
other's town and the tolls are equal, or the texts are near-identical. Two towns are one place
only by name or gazetteer id (Eastern Ghouta's towns are a kilometre apart), or when one is a
neighbourhood of the other: within 2 km, or within 6 km when one report's words name the
other's place ("Shati camp in Gaza" and "Gaza"). Near-identical sentences link only when they
name one place: a copy keeps the place it was told of, and one template filled in with two
towns tells two events. An air raid and a shelling (attacks from afar, which a witness on the
ground tells one for the other) join when their tolls are equal, and stay two attacks otherwise.
A merge normally needs a corroborating fact (compatible non-zero tolls, a shared target, a toll
revision, another outlet's near-identical text). Reports that carry no toll get a *quiet link*
instead: another outlet's report of the same town on the same day, of a compatible event type,
with nothing conflicting (no other side blamed, no conflicting figure, no "nobody was killed"
against a toll, no other target, no other means of attack named: warplanes against artillery,
fighting against a planted bomb; see `cues`) joins the incident, but only when it is the one
incident that could take it (`choose`), and only a town for a town (not a province or district
that bears the town's name): in a busy war one town is hit several times a day, and a report
that fits two incidents is left apart. A later
report of the same outlet with a higher toll for the same place and day is that outlet's own
update (a toll revision), even when the extractor did not flag it. Fighting (ground clashes)
gets a quiet link only when no report places it *around* the town ("near", "on the front",
"in the vicinity of", "the villages south of"): a front line runs past many villages and sees
several engagements a day, and a report of clashes near a town with no toll does not say which;
fighting in the town itself, told by several outlets, is one engagement.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from rapidfuzz import fuzz

from harmwatch.gazetteer.normalize import RESOLVER, name_key
from harmwatch.resolve.cues import around_town, harm_clash, means_clash, unsure_means
from harmwatch.resolve.record import actor_ids
from harmwatch.resolve.vocab import event_families, remote_families, side

T = TypeVar("T")

THRESHOLD = 6.0
NEAR_KM = 8.0  # a different town this close is a look-alike, kept apart unless the text links
SAME_KM = 2.0
SAME_NAME_KM = 25.0  # one name, two gazetteers' coordinates for it
LINK_KM = 25.0  # another town this close is the same incident only when the text names it
CITY_KM = 6.0  # a neighbourhood this close to a town that its text names is inside that town
DATE_WINDOW = {"day": 1, "week": 7, "month": 31, "year": 366}
COARSE = {"district", "province", "country"}
FINE = {"exact", "neighbourhood"}
LINKED_TEXT = 92.0
COPIED_TEXT = 97.0  # all but verbatim: links even reports that date the event a day apart
SIMILAR_TEXT = 70.0


@dataclass(frozen=True)
class Decision:
    score: float
    merge: bool
    reasons: tuple[str, ...]
    quiet: bool = False  # merged on place, day and type alone: only if no other incident fits

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    return name_key(name, RESOLVER)  # one normaliser for the gazetteer, resolver and demo


_day = lru_cache(maxsize=65536)(dt.date.fromisoformat)  # a few thousand days, parsed once each
_lower = lru_cache(maxsize=65536)(str.lower)  # snippets are compared with many candidates


def km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    lat1, lon1, lat2, lon2 = a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def place_relation(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    """same | near | contains | different | unknown."""
    if not a or not b:
        return "unknown"
    return place_relation_at(a, b, km(a, b))


def place_relation_at(a: dict[str, Any], b: dict[str, Any], distance: float | None) -> str:
    """`place_relation` of two places, given their distance ``km(a, b)``."""
    if a.get("gazetteer_id") and a.get("gazetteer_id") == b.get("gazetteer_id"):
        return "same"
    na, nb = norm_name(a.get("name") or ""), norm_name(b.get("name") or "")
    if na and (na == nb or len(na) > 4 and fuzz.ratio(na, nb) >= 88):
        if distance is None or distance <= SAME_NAME_KM:
            return "same"
    pa, pb = a.get("precision") or "town", b.get("precision") or "town"
    if pa in COARSE or pb in COARSE:
        coarse, fine = (a, b) if pa in COARSE else (b, a)
        level = coarse.get("precision")
        if level == "country":
            if coarse.get("country") and coarse.get("country") == fine.get("country"):
                return "contains"
        elif coarse.get("admin1") and norm_name(coarse["admin1"]) == norm_name(
            fine.get("admin1") or ""
        ):
            return "contains"
        return "different"
    if distance is not None and distance <= SAME_KM and (pa in FINE or pb in FINE):
        return "same"  # a neighbourhood or a point inside the town
    if distance is not None and distance <= NEAR_KM:
        return "near"
    return "different"


def inside_town(a: dict[str, Any], b: dict[str, Any], distance: float) -> bool:
    """Whether one place is a neighbourhood (or a point) and the other a town around it, as
    far apart as a city's districts are from its centre ("the Zeitoun district of Gaza City"
    and "Gaza City"); the caller checks that the words link them."""
    levels = {a.get("precision") or "town", b.get("precision") or "town"}
    return distance <= CITY_KM and bool(levels & FINE) and "town" in levels


def date_relation(d: dict[str, Any], rec: dict[str, Any]) -> str:
    """same | adjacent | coarse | different | unknown."""
    if not d["date"] or not rec["date"]:
        return "unknown"
    day = _day(d["date"])
    lo = _day(rec["date"])
    hi = _day(rec["date_end"] or rec["date"])
    gap = (lo - day).days if day < lo else (day - hi).days if day > hi else 0
    if d["date_precision"] == "day" and rec["date_precision"] == "day":
        return "same" if gap == 0 else "adjacent" if gap == 1 else "different"
    window = max(
        DATE_WINDOW.get(d["date_precision"] or "day", 1),
        DATE_WINDOW.get(rec["date_precision"] or "day", 1),
    )
    return "coarse" if gap <= window else "different"


def _compatible(a: dict[str, Any] | None, b: dict[str, Any] | None, revision: bool) -> str | None:
    """None (nothing to compare) | zero (both none killed) | equal | close | conflict."""
    if not a or not b:
        return None
    a_lo, a_hi = a.get("min") or 0, a.get("max") if a.get("max") is not None else a.get("min")
    b_lo, b_hi = b.get("min") or 0, b.get("max") if b.get("max") is not None else b.get("min")
    a_hi, b_hi = a_hi or 0, b_hi or 0
    if a_hi == 0 and b_hi == 0:
        return "zero"
    if a_lo == b_lo and a_hi == b_hi:
        return "equal"
    if a_lo <= b_hi and b_lo <= a_hi:
        return "close"
    small, big = sorted((max(a_lo, a_hi), max(b_lo, b_hi)))
    if small and (big <= 1.6 * small + 2 or revision and big <= 4 * small + 5):
        return "close"
    return "conflict"


def _same_place_words(d: dict[str, Any], m: dict[str, Any]) -> bool:
    """Whether two reports name one place in their words: a copy keeps the place it was told
    of, so two sentences alike but for the town ("Residents of Kafruma described an air raid"
    and "Residents of Idlib described an air raid") are one template, not one report."""
    mine, theirs = (d["location"] or {}).get("name"), (m["location"] or {}).get("name")
    if not mine or not theirs or norm_name(mine) == norm_name(theirs):
        return True
    return _lower(mine) in _lower(m["snippet"]) or _lower(theirs) in _lower(d["snippet"])


def text_similarity(d: dict[str, Any], rec: dict[str, Any], cutoff: float = 0.0) -> float:
    """Highest similarity (0-100) of the mention's evidence to that of another outlet's mention
    of the incident that names the same place. One outlet's own reports are not compared: an
    outlet writing the same template about two events ("shelled X town, no fatalities
    reported") links nothing. Below ``cutoff`` the similarity is 0: only a similar text counts."""
    if not d["snippet"]:
        return 0.0
    return max((fuzz.token_sort_ratio(d["snippet"], m["snippet"], score_cutoff=cutoff)
                for m in rec["mentions"]
                if m["snippet"] and m["outlet"] != d["outlet"] and _same_place_words(d, m)),
               default=0.0)


def names_each_other(d: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether one side's text names the other's place (a report of Idlib naming Ariha)."""
    mine = (d["location"] or {}).get("name") or ""
    theirs = (rec["location"] or {}).get("name") or ""
    if not mine or not theirs:
        return False
    mine = _lower(mine)
    return any(mine in _lower(m["snippet"]) for m in rec["mentions"]) or (
        _lower(theirs) in _lower(d["snippet"]))


def rising_toll(d: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether ``d`` and the incident's reports by the same outlet read as that outlet's toll
    updates: whichever was published later gives the higher toll (either arrival order)."""
    def toll(m: dict[str, Any]) -> int:
        killed = m["killed"] or {}
        return killed.get("max") or killed.get("min") or 0

    own = [m for m in rec["mentions"] if m["outlet"] == d["outlet"]]
    if not toll(d) or not own or not d["published"]:
        return False
    for m in own:
        if not toll(m) or not m["published"] or m["published"] == d["published"]:
            return False
        if (m["published"] < d["published"]) != (toll(m) < toll(d)):
            return False
    return True


def _allowed(place: str, when: str, killed: str | None, sim: float, revision: bool,
             d: dict[str, Any]) -> bool:
    """The hard rules a scored merge must pass, whatever its score: another town, another day
    or a place that contains the other links only on the evidence that ties them."""
    text_link = sim >= LINKED_TEXT
    if place == "named" and not (when == "same" and (killed == "equal" or text_link)):
        return False
    if place == "unknown" and not text_link:
        return False
    # equal tolls link another day, but one death is the commonest toll of all: it needs the
    # texts to agree too
    equal_toll = killed == "equal" and ((d["killed"] or {}).get("min") or 0) > 1
    if when in ("adjacent", "unknown") and not (
            sim >= COPIED_TEXT or revision or killed == "equal" and (equal_toll
                                                                     or sim >= SIMILAR_TEXT)):
        return False
    linked = killed in ("equal", "close")
    return not (place == "contains" and not (text_link or killed == "equal"
                                              or linked and revision))


def decide(d: dict[str, Any], rec: dict[str, Any]) -> Decision:
    """Score mention digest ``d`` against incident record ``rec``."""
    if d["report_id"] in rec["report_ids"]:
        return Decision(-99, False, ("mentions of one report are distinct incidents",))
    score, why = 0.0, []
    place = place_relation(d["location"], rec["location"])
    when = date_relation(d, rec)
    if when != "different" and place in ("near", "different") and names_each_other(d, rec):
        distance = km(d["location"], rec["location"])
        if distance is not None and distance <= LINK_KM:
            place = "inside" if inside_town(d["location"], rec["location"], distance) else \
                "named"  # another town nearby, which the text names too
    if place == "different" or when == "different":
        return Decision(-99, False, (f"{place} place, {when} date",))
    score += {"same": 3.0, "inside": 2.5, "named": 1.5, "near": 0.5, "contains": 1.0,
              "unknown": 0.0}[place]
    score += {"same": 2.0, "adjacent": 0.8, "coarse": 0.5, "unknown": 0.0}[when]
    why += [f"{place} place", f"{when} date"]
    # The hard rules settle most comparisons before the costlier evidence is read: another
    # town that neither text names; the same outlet again without a toll revision; a place,
    # a day or a province that only a toll or the text could tie, when neither does (such a
    # mention can join only quietly, which needs the same town and day).
    if place == "near":
        return Decision(round(score, 2), False, (*why, "another town nearby, not named"))
    same_outlet = d["outlet"] in rec["match"]["outlets"]
    later_report = (same_outlet and not d["revision"] and place == "same" and when == "same"
                    and rising_toll(d, rec))
    if same_outlet and not (d["revision"] or later_report):
        return Decision(round(score, 2), False, (*why, "same outlet again, no toll revision"))
    revision = d["revision"] or later_report
    # a revised toll fits the earlier, lower ones whichever of them arrives first
    revised = revision or bool(d["published"]) and any(
        m.get("revision") and (m["published"] or "") >= d["published"] for m in rec["mentions"])
    killed = _compatible(d["killed"], rec["killed"], revised)
    sim = text_similarity(d, rec, cutoff=SIMILAR_TEXT)  # a lower similarity counts for nothing
    allowed = _allowed(place, when, killed, sim, revision, d)
    if not allowed and not (place == "same" and when == "same"):
        return Decision(round(score, 2), False, (*why, "nothing ties them"))

    fam = event_families()
    types = set(rec["match"]["types"]) - {"other"}
    conflicts = []
    unsure = False  # told as an air raid by some and as shelling by others
    if d["event_type"] != "other" and types:
        if d["event_type"] in types:
            score += 1.0
            why.append(f"same event type ({d['event_type']})")
        elif fam.get(d["event_type"]) in {fam.get(t) for t in types}:
            score += 0.3
        elif {fam.get(d["event_type"])} | {fam.get(t) for t in types} <= remote_families():
            # an air raid told as shelling: one strike if the tolls are equal, else two
            unsure = True
            why.append(f"event type {d['event_type']} vs {'/'.join(sorted(types))}, both from "
                       "afar")
            conflicts.append("type")
        else:
            score -= 2.0
            why.append(f"event type {d['event_type']} vs {'/'.join(sorted(types))}")
            conflicts.append("type")

    mine, theirs = actor_ids(d), set(rec["match"]["actors"])
    if mine and theirs:
        if mine & theirs:
            score += 1.0
            why.append("same perpetrator")
        elif {side(a) for a in mine} & {side(a) for a in theirs}:
            score += 0.3
        else:
            score -= 2.0
            why.append("different perpetrators")
            conflicts.append("actors")
    if harm_clash(d, rec):
        why.append("one says nobody was killed or hurt, the other tells of victims")
        conflicts.append("harm")
    means = means_clash(d, rec)
    if means:
        why.append("other means of attack named")
        conflicts.append("means")

    if later_report:
        why.append("the outlet's later report, higher toll")
    linked = False
    if killed in ("equal", "close"):
        score += 2.0 if killed == "equal" else 1.5
        why.append(f"{killed} killed figures")
        linked = True
    elif killed == "zero":
        score += 0.3
    elif killed == "conflict":
        score -= 3.0
        why.append("conflicting killed figures")
    # a witness unsure of the means: the same strike only when the tolls are the same (two
    # strikes of one town on one day often kill a few people each)
    if unsure and killed != "equal":
        score -= 2.0
    if means and not (killed == "equal" and unsure_means(d, rec)):
        score -= 1.5
    injured = _compatible(d["injured"], rec["injured"], revised)
    if injured in ("equal", "close"):
        score += 0.8
        why.append(f"{injured} injured figures")
    elif injured == "conflict":
        score -= 1.5
        why.append("conflicting injured figures")
    if d["targets"] and rec["targets"]:
        if set(d["targets"]) & set(rec["targets"]):
            score += 0.7
            why.append("same target")
        else:
            score -= 0.7
            conflicts.append("targets")
    if killed == "conflict" or injured == "conflict":
        conflicts.append("figures")

    if sim >= LINKED_TEXT:
        score += 4.0
        why.append(f"near-identical text ({sim:.0f})")
    elif sim >= SIMILAR_TEXT:
        score += 1.5
        why.append(f"similar text ({sim:.0f})")
    text_link = sim >= LINKED_TEXT
    shared_target = bool(set(d["targets"]) & set(rec["targets"]))
    corroborated = text_link or linked or revision or shared_target or injured in ("equal",
                                                                                    "close")
    merge = score >= THRESHOLD and corroborated and allowed
    if merge or d["background"] or same_outlet:
        return Decision(round(score, 2), merge, tuple(why))
    # fighting placed around the town ("near", "on the front") is one of a front's engagements
    fighting = "ground_clash" in {d["event_type"], rec["event_type"]} and around_town(d, rec)
    coarse = COARSE & {(d["location"] or {}).get("precision"),
                       (rec["location"] or {}).get("precision")}
    if place == "same" and when == "same" and not conflicts and not fighting and not coarse:
        why.append("same place and day, nothing conflicting")
        return Decision(round(score, 2), True, tuple(why), quiet=True)
    return Decision(round(score, 2), False, tuple(why))


def choose(d: dict[str, Any], candidates: Iterable[T],
           record: Callable[[T], dict[str, Any]]) -> tuple[T, Decision] | None:
    """The incident mention ``d`` joins, among ``candidates``: the best-scored corroborated
    match; failing that, the quiet link, if only one incident could take it."""
    best: tuple[T, Decision] | None = None
    quiet: list[tuple[T, Decision]] = []
    for candidate in candidates:
        decision = decide(d, record(candidate))
        if not decision.merge:
            continue
        if decision.quiet:
            quiet.append((candidate, decision))
        elif best is None or decision.score > best[1].score:
            best = (candidate, decision)
    if best is not None:
        return best
    return quiet[0] if len(quiet) == 1 else None
