"""Does a mention tell of an existing incident? `decide` runs `RULES` in order.

    decide(d, rec) -> Decision(score, merge, reasons, quiet)

Each rule reads one kind of evidence of a `Comparison` (mention digest ``d`` against incident
record ``rec``), adds its points, reason and conflict, and either settles the decision (returns
a `Decision`) or lets the next rule speak (returns None). The facts rules share (the place and
date relations, the figures' agreement, the text similarity) are computed once, when first
read. The evidence itself (`match`) and why each rule is what it is (`docs/resolution.md`):

1. ``one report``: two mentions of one report are two incidents.
2. ``place and date``: another place or another date settles it; a town that either text
   names nearby is ``named``, a neighbourhood of a town named by either text ``inside``.
3. ``nearby town``: another town nearby that no text names is a look-alike.
4. ``same outlet``: one outlet does not tell one event twice, but for a toll revision (flagged,
   or its later report with a higher toll for the same place and day).
5. ``ties``: another town, day or a containing place links only on the evidence that ties them
   (`ties`); what nothing ties may still join quietly when it is the same place and day.
6-13. the evidence, scored: event type, perpetrators, what the words say of the harm and of the
   means of attack, the outlet's later report, the killed figures, the means of an attack from
   afar, the injured figures, the targets, conflicting figures, the texts' similarity.
14. ``corroborated``: the score reaches `THRESHOLD` with a corroborating fact (equal or close
   tolls, a toll revision, a shared target, close injured figures, near-identical text).
15. ``across precision``: a village and the district or province that holds it (the
   gazetteer's admin1/admin2), the same day, tolls equal or rising with the reports'
   publication, types of one family, nothing conflicting: joins the incident that clearly fits
   best (by `ACROSS_MARGIN`).
16. ``quiet link``: no toll to compare, but the same town and day, of a compatible type, with
   nothing conflicting (not a province, not fighting placed around a town): joins if it is the
   one incident that could take it (`choose`).

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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from harmwatch.resolve.cues import around_town, harm_clash, means_clash, unsure_means
from harmwatch.resolve.match import (
    COARSE,
    COPIED_TEXT,
    LINK_KM,
    LINKED_TEXT,
    SIMILAR_TEXT,
    compatible,
    date_relation,
    inside_town,
    km,
    later_toll,
    names_each_other,
    norm_name,
    place_relation,
    rising_toll,
    text_similarity,
)
from harmwatch.resolve.record import actor_ids
from harmwatch.resolve.vocab import event_families, remote_families, side
from harmwatch.store.record_types import Digest, Place, Record

T = TypeVar("T")
V = TypeVar("V")

THRESHOLD = 6.0
PLACE_POINTS = {
    "same": 3.0,
    "inside": 2.5,
    "named": 1.5,
    "near": 0.5,
    "contains": 1.0,
    "unknown": 0.0,
}
DISTRICT_KM = 40.0  # a district with no admin2 to compare holds the places this close to it
ACROSS_MARGIN = 1.0  # how far an `across_precision` join must lead the other quiet candidates
DATE_POINTS = {"same": 2.0, "adjacent": 0.8, "coarse": 0.5, "unknown": 0.0}


@dataclass(frozen=True)
class Decision:
    score: float
    merge: bool
    reasons: tuple[str, ...]
    quiet: bool = False  # merged on place, day and type alone: only if no other incident fits
    # a quiet merge that still wins when its score leads every other quiet one by this much
    # (0: only when no other incident fits)
    margin: float = 0.0

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


class cached_property(Generic[V]):  # noqa: N801 (as functools names it)
    """`functools.cached_property` without its lock (Python 3.11 takes one on every read: a
    sixth of the batch's time): a fact computed on first read, then an attribute."""

    def __init__(self, compute: Callable[[Any], V]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> V:
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


@dataclass
class Comparison:
    """Mention digest ``d`` against incident record ``rec``: the points, reasons and conflicts
    the rules have found so far, and the facts they share."""

    d: Digest
    rec: Record
    score: float = 0.0
    why: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def note(
        self, points: float = 0.0, reason: str | None = None, conflict: str | None = None
    ) -> None:
        if points:
            self.score += points
        if reason:
            self.why.append(reason)
        if conflict:
            self.conflicts.append(conflict)

    def decision(
        self,
        merge: bool = False,
        reason: str | None = None,
        quiet: bool = False,
        margin: float = 0.0,
    ) -> Decision:
        why = (*self.why, reason) if reason else tuple(self.why)
        return Decision(round(self.score, 2), merge, why, quiet, margin)

    @cached_property
    def when(self) -> str:
        return date_relation(self.d, self.rec)

    @cached_property
    def place(self) -> str:
        """same | inside | named | near | contains | different | unknown."""
        d, rec = self.d, self.rec
        place = place_relation(d.location, rec.location)
        if (
            self.when != "different"
            and place in ("near", "different")
            and d.location
            and rec.location
            and names_each_other(d, rec)
        ):
            distance = km(d.location, rec.location)
            if distance is not None and distance <= LINK_KM:
                # another town nearby, which the text names too
                place = "inside" if inside_town(d.location, rec.location, distance) else "named"
        return place

    @cached_property
    def same_outlet(self) -> bool:
        return self.d.outlet in self.rec.match.outlets

    @cached_property
    def later_report(self) -> bool:
        """The outlet's own later report with a higher toll for the same place and day."""
        return (
            self.same_outlet
            and not self.d.revision
            and self.place == "same"
            and self.when == "same"
            and rising_toll(self.d, self.rec)
        )

    @cached_property
    def revision(self) -> bool:
        return bool(self.d.revision or self.later_report)

    @cached_property
    def revised(self) -> bool:
        """A revised toll fits the earlier, lower ones whichever of them arrives first."""
        d = self.d
        return (
            self.revision
            or bool(d.published)
            and any(
                m.revision and (m.published or "") >= (d.published or "") for m in self.rec.mentions
            )
        )

    @cached_property
    def rising(self) -> bool:
        """A toll rising over the days, whichever outlets give it and whichever report arrives
        first: a revision (`revised`), or tolls that grow with the reports' publication dates
        (`match.later_toll`)."""
        return self.revised or later_toll(self.d, self.rec)

    @cached_property
    def across(self) -> str | None:
        """How a place and the district or province that holds it (the gazetteer's admin1,
        and admin2 when both give it) tell of one strike on one day: 'same toll' (equal) or
        'risen toll' (the toll rising with the reports' publication, `rising`); None when the
        places are not a place and its province or district, the days differ, or the tolls do
        not say so. The next day is another strike: a province's next strike is a look-alike."""
        d, rec = self.d.location, self.rec.location
        if self.place != "contains" or not d or not rec:
            return None
        fine, coarse = _fine_coarse(d, rec)
        if (fine.precision or "town") in COARSE or coarse.precision == "country":
            return None  # no village to hold (two provinces), or a whole country: too wide
        if not _same_district(d, rec):
            return None
        killed = self.d.killed
        toll = (killed.min or killed.max or 0) if killed else 0
        # one death is the commonest toll of all: alone it ties no village to its province
        if self.when == "same" and self.killed == "equal" and toll > 1:
            return "same toll"
        if self.when == "same" and self.killed == "close" and self.rising:
            return "risen toll"
        return None

    @cached_property
    def killed(self) -> str | None:
        return compatible(self.d.killed, self.rec.killed, self.revised)

    @cached_property
    def injured(self) -> str | None:
        return compatible(self.d.injured, self.rec.injured, self.revised)

    @cached_property
    def sim(self) -> float:
        """The texts' similarity; below `SIMILAR_TEXT` it counts for nothing."""
        return text_similarity(self.d, self.rec, cutoff=SIMILAR_TEXT)

    @cached_property
    def types(self) -> set[str]:
        return set(self.rec.match.types) - {"other"}

    @cached_property
    def type_relation(self) -> str | None:
        """same | family | remote (both attacks from afar) | other, or None (nothing to
        compare)."""
        mine = self.d.event_type
        if mine == "other" or not self.types:
            return None
        fam = event_families()
        if mine in self.types:
            return "same"
        if fam.get(mine) in {fam.get(t) for t in self.types}:
            return "family"
        if {fam.get(mine)} | {fam.get(t) for t in self.types} <= remote_families():
            return "remote"
        return "other"

    @cached_property
    def means(self) -> bool:
        return means_clash(self.d, self.rec)

    @cached_property
    def shared_target(self) -> bool:
        return bool(set(self.d.targets) & set(self.rec.targets))


Rule = Callable[[Comparison], Decision | None]


def one_report(c: Comparison) -> Decision | None:
    if c.d.report_id in c.rec.report_ids:
        return Decision(-99, False, ("mentions of one report are distinct incidents",))
    return None


def place_and_date(c: Comparison) -> Decision | None:
    if c.place == "different" or c.when == "different":
        return Decision(-99, False, (f"{c.place} place, {c.when} date",))
    c.note(PLACE_POINTS[c.place], _held(c) if c.place == "contains" else f"{c.place} place")
    c.note(DATE_POINTS[c.when], f"{c.when} date")
    return None


def nearby_town(c: Comparison) -> Decision | None:
    if c.place == "near":
        return c.decision(reason="another town nearby, not named")
    return None


def same_outlet(c: Comparison) -> Decision | None:
    if c.same_outlet and not c.revision:
        return c.decision(reason="same outlet again, no toll revision")
    return None


def ties(c: Comparison) -> bool:
    """The hard rules a scored merge must pass, whatever its score: another town, another day
    or a place that contains the other links only on the evidence that ties them."""
    place, when, killed, sim = c.place, c.when, c.killed, c.sim
    text_link = sim >= LINKED_TEXT
    if place == "named" and not (when == "same" and (killed == "equal" or text_link)):
        return False
    if place == "unknown" and not text_link:
        return False
    # equal tolls link another day, but one death is the commonest toll of all: it needs the
    # texts to agree too
    equal_toll = killed == "equal" and ((c.d.killed.min if c.d.killed else None) or 0) > 1
    if when in ("adjacent", "unknown") and not (
        sim >= COPIED_TEXT
        or c.revision
        or killed == "equal"
        and (equal_toll or sim >= SIMILAR_TEXT)
    ):
        return False
    linked = killed in ("equal", "close")
    # a province's toll of one death fits any of its villages' deaths that day
    return not (
        place == "contains"
        and not (
            text_link
            or killed == "equal"
            and (equal_toll or sim >= SIMILAR_TEXT)
            or linked
            and c.revision
        )
    )


def tied(c: Comparison) -> Decision | None:
    """What nothing ties can still join quietly, which needs the same town and day, or across
    precision (`across_precision`): the costlier evidence is read only for the rest."""
    if not ties(c) and not (c.place == "same" and c.when == "same") and not c.across:
        return c.decision(reason="nothing ties them")
    return None


def event_type(c: Comparison) -> Decision | None:
    relation, mine = c.type_relation, c.d.event_type
    if relation == "same":
        c.note(1.0, f"same event type ({mine})")
    elif relation == "family":
        c.note(0.3)
    elif relation == "remote":  # an air raid told as shelling: one strike if the tolls are equal
        c.note(0.0, f"event type {mine} vs {'/'.join(sorted(c.types))}, both from afar", "type")
    elif relation == "other":
        c.note(-2.0, f"event type {mine} vs {'/'.join(sorted(c.types))}", "type")
    return None


def perpetrators(c: Comparison) -> Decision | None:
    mine, theirs = actor_ids(c.d), set(c.rec.match.actors)
    if mine and theirs:
        if mine & theirs:
            c.note(1.0, "same perpetrator")
        elif {side(a) for a in mine} & {side(a) for a in theirs}:
            c.note(0.3)
        else:
            c.note(-2.0, "different perpetrators", "actors")
    return None


def harm_said(c: Comparison) -> Decision | None:
    if harm_clash(c.d, c.rec):
        c.note(0.0, "one says nobody was killed or hurt, the other tells of victims", "harm")
    return None


def means_named(c: Comparison) -> Decision | None:
    if c.means:
        c.note(0.0, "other means of attack named", "means")
    return None


def later_report(c: Comparison) -> Decision | None:
    if c.later_report:
        c.note(0.0, "the outlet's later report, higher toll")
    return None


def killed_figures(c: Comparison) -> Decision | None:
    if c.killed in ("equal", "close"):
        c.note(2.0 if c.killed == "equal" else 1.5, f"{c.killed} killed figures")
    elif c.killed == "zero":
        c.note(0.3)
    elif c.killed == "conflict":
        c.note(-3.0, "conflicting killed figures")
    return None


def means_from_afar(c: Comparison) -> Decision | None:
    """A witness unsure of the means: the same strike only when the tolls are the same (two
    strikes of one town on one day often kill a few people each)."""
    if c.type_relation == "remote" and c.killed != "equal":
        c.note(-2.0)
    if c.means and not (c.killed == "equal" and unsure_means(c.d, c.rec)):
        c.note(-1.5)
    return None


def injured_figures(c: Comparison) -> Decision | None:
    if c.injured in ("equal", "close"):
        c.note(0.8, f"{c.injured} injured figures")
    elif c.injured == "conflict":
        c.note(-1.5, "conflicting injured figures")
    return None


def targets(c: Comparison) -> Decision | None:
    if c.d.targets and c.rec.targets:
        if c.shared_target:
            c.note(0.7, "same target")
        else:
            c.note(-0.7, conflict="targets")
    return None


def conflicting_figures(c: Comparison) -> Decision | None:
    if c.killed == "conflict" or c.injured == "conflict":
        c.note(conflict="figures")
    return None


def similar_text(c: Comparison) -> Decision | None:
    if c.sim >= LINKED_TEXT:
        c.note(4.0, f"near-identical text ({c.sim:.0f})")
    elif c.sim >= SIMILAR_TEXT:
        c.note(1.5, f"similar text ({c.sim:.0f})")
    return None


def corroborated(c: Comparison) -> Decision | None:
    """A merge on the score, with a corroborating fact; a background mention or the same
    outlet's revision joins no other way."""
    evidence = (
        c.sim >= LINKED_TEXT
        or c.killed in ("equal", "close")
        or c.revision
        or c.shared_target
        or c.injured in ("equal", "close")
    )
    merge = c.score >= THRESHOLD and evidence and ties(c)
    if merge or c.d.background or c.same_outlet:
        return c.decision(merge)
    return None


def across_precision(c: Comparison) -> Decision | None:
    """A village told by one report, its district or province by another (the gazetteer's
    admin1, and admin2 when both have it): one strike when told of the same day and the tolls
    agree (equal, or rising with the reports' publication dates), the event types are one or
    of one family, and nothing conflicts (no other perpetrator, target, means or harm). Joins
    only the incident that clearly fits best (`ACROSS_MARGIN` points ahead of any other that
    could take it): a province report that fits the strikes of two of its villages equally is
    left apart."""
    if not c.across or c.conflicts or c.type_relation not in ("same", "family"):
        return None
    return c.decision(
        True,
        f"one strike across precision: {c.across}, nothing conflicting",
        quiet=True,
        margin=ACROSS_MARGIN,
    )


def _held(c: Comparison) -> str:
    """The reason a place and the district, province or country that holds it are compared."""
    assert c.d.location is not None and c.rec.location is not None  # `across` said so
    fine, coarse = _fine_coarse(c.d.location, c.rec.location)
    level = coarse.precision or "province"
    return f"{fine.name} ({fine.precision or 'town'}) lies in the {level} {coarse.name}"


def _fine_coarse(a: Place, b: Place) -> tuple[Place, Place]:
    """The finer and the coarser of two places, one of which contains the other."""
    return (b, a) if (a.precision or "town") in COARSE else (a, b)


def _same_district(a: Place | None, b: Place | None) -> bool:
    """Whether a district holds the other place: by the gazetteer's admin2 when both give it,
    else (a named area, "Eastern Ghouta") when the place lies within `DISTRICT_KM` of it. A
    province holds by admin1 alone (`match.place_relation`)."""
    if not a or not b:
        return False
    fine, coarse = _fine_coarse(a, b)
    if coarse.precision != "district":
        return True
    if coarse.admin2 and fine.admin2:
        return bool(norm_name(coarse.admin2) == norm_name(fine.admin2))
    distance = km(fine, coarse)
    return distance is None or distance <= DISTRICT_KM


def quiet_link(c: Comparison) -> Decision | None:
    """The same town and day with nothing conflicting; fighting placed around the town ("near",
    "on the front") is one of a front's engagements, and a province is not its town."""
    d, rec = c.d, c.rec
    fighting = "ground_clash" in {d.event_type, rec.event_type} and around_town(d, rec)
    coarse = COARSE & {
        d.location.precision if d.location else None,
        rec.location.precision if rec.location else None,
    }
    if c.place == "same" and c.when == "same" and not c.conflicts and not fighting and not coarse:
        return c.decision(True, "same place and day, nothing conflicting", quiet=True)
    return None


RULES: tuple[tuple[str, Rule], ...] = (
    ("one report", one_report),
    ("place and date", place_and_date),
    ("nearby town", nearby_town),
    ("same outlet", same_outlet),
    ("ties", tied),
    ("event type", event_type),
    ("perpetrators", perpetrators),
    ("harm said", harm_said),
    ("means named", means_named),
    ("later report", later_report),
    ("killed figures", killed_figures),
    ("means from afar", means_from_afar),
    ("injured figures", injured_figures),
    ("targets", targets),
    ("conflicting figures", conflicting_figures),
    ("similar text", similar_text),
    ("corroborated", corroborated),
    ("across precision", across_precision),
    ("quiet link", quiet_link),
)


def decide(d: Digest, rec: Record) -> Decision:
    """Score mention digest ``d`` against incident record ``rec``: the first rule of `RULES`
    that settles it, or no merge with every reason found."""
    c = Comparison(d, rec)
    for _, rule in RULES:
        settled = rule(c)
        if settled is not None:
            return settled
    return c.decision()


def choose(
    d: Digest, candidates: Iterable[T], record: Callable[[T], Record]
) -> tuple[T, Decision] | None:
    """The incident mention ``d`` joins, among ``candidates``: the best-scored corroborated
    match; failing that, the quiet link, if only one incident could take it, or a quiet join
    with a margin (`across_precision`) that leads every other quiet candidate by it."""
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
    if len(quiet) == 1:
        return quiet[0]
    quiet.sort(key=lambda q: -q[1].score)  # stable: equal scores keep the candidates' order
    if quiet and quiet[0][1].margin and quiet[0][1].score - quiet[1][1].score >= quiet[0][1].margin:
        return quiet[0]
    return None
