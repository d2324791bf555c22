"""Reconciling the figures of one incident into killed / injured / children / women ranges.

`reconcile` is re-exported by `harmwatch.pipeline.figures` (the interface other stages use).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from harmwatch.models import Range
from harmwatch.pipeline.figures_vocab import DEMOGRAPHIC
from harmwatch.pipeline.types import FigureMention


@dataclass(frozen=True)
class Reconciled:
    killed: Range | None
    injured: Range | None
    children_killed: Range | None
    women_killed: Range | None


TOTAL = ("people", "civilians")


def _span(figs: list[FigureMention]) -> Range | None:
    """Min-max over figures of one group: revisions supersede lower figures (earlier revisions
    too: "coded to 10, for a total of 11"), a precise count
    supersedes vague ones; max is the highest figure said (an open bound, "at least 21", gives
    21: the evidence keeps the qualifier), "up to" gives no min unless another figure does."""
    if not figs:
        return None
    precise = [f for f in figs if f.qualifier != "vague"]
    figs = precise or figs
    revs = [f for f in figs if f.revision]
    if revs:
        # a revision replaces its own source's earlier figures; another source's lower count
        # stays in the range
        figs = [f for f in figs if f.alternative or not any(_supersedes(r, f) for r in revs)]
    mins = [f.value for f in figs if f.qualifier != "up_to"]
    lo = min(mins) if mins else None
    # the highest figure said: an open bound ("at least 21", "more than 60") gives its number
    # ("dozens" gives none: nobody said how many)
    # two vague words of different strength ("a number of wounded", "dozens of wounded") span
    # the range between them, as precise figures do; one alone gives no highest figure
    spread = not precise and len({f.value for f in figs}) > 1
    highs = [
        f.value_max if f.value_max is not None else f.value
        for f in figs
        if f.value_max is not None or f.qualifier != "vague" or spread
    ]
    hi = max(highs) if highs else None
    if lo is not None and hi is not None and hi < lo:
        hi = lo
    return Range(min=lo, max=hi)


def _supersedes(rev: FigureMention, f: FigureMention) -> bool:
    """Whether the toll revision ``rev`` replaces the figure ``f``: a lower figure of the same
    source (or both told without one); another source's lower count stays in the range, as
    monitors keep the lowest credible count as the minimum."""
    # "between 5 and 13 were killed ... the toll rose to 13": a range that already reaches the
    # revised figure was told knowing it, and its low end stays the lowest credible count
    reaches = f.value_max is not None and f.value_max >= rev.value and f.value_max != f.value
    return f.value < rev.value and f.reported_by == rev.reported_by and not reaches


def _add(ranges: Iterable[Range | None]) -> Range | None:
    rs = [r for r in ranges if r is not None]
    if not rs:
        return None
    mins = [r.min for r in rs if r.min is not None]
    maxs = [r.max for r in rs]
    return Range(
        min=sum(mins) if mins else None,
        max=None if any(m is None for m in maxs) else sum(m for m in maxs if m is not None),
    )


def _after_lead(figs: list[FigureMention]) -> list[FigureMention]:
    """Within one report, the first figure (its lead) is the report's own toll: later, lower
    figures are details or earlier counts and are dropped, unless the lead is vague, or both
    the lead and the later figure name their (different) sources, or the later one says it is
    another count of the toll ("gave a lower toll of 17"). After an "up to N" lead, the
    highest later figure not above N stands in for the lead."""
    figs = sorted(figs, key=lambda f: f.start)
    if not figs:
        return figs
    lead, rest = figs[0], figs[1:]
    if lead.qualifier == "up_to":
        under = [
            f
            for f in rest
            if f.qualifier != "up_to" and f.value <= lead.value and not f.alternative
        ]
        if not under:
            return figs
        floor = max(f.value for f in under)
        return [lead] + [f for f in rest if f.value >= floor or f.alternative]
    return [lead] + [
        f
        for f in rest
        if f.value >= lead.value
        or f.alternative
        or lead.qualifier == "vague"
        or (lead.reported_by and f.reported_by and f.reported_by != lead.reported_by)
        # "killed at least 16, a monitor said. Activists put the toll higher, at 32": a toll
        or any(a.alternative and a.start > f.start and a.value > f.value for a in rest)
    ]


def _other_party_counts(figs: list[FigureMention]) -> list[FigureMention]:
    """ "63 soldiers were killed, the ministry said ... The other side put the toll at about
    400": a count that names no group, told as another party's count of the toll (another
    source's, or "put the toll at"), counts the same dead as the figures that name them (all of
    one group, not a part of the people such as children): it joins their group, and the two
    counts make the range."""
    named = [f for f in figs if not (f.unnamed or f.part_of_total or f.increment)]
    # "put the toll at 20, including six civilians": a count with others among it is not theirs
    groups = {f.group for f in figs if not f.unnamed}
    if len(groups) != 1 or not named:
        return figs
    group = groups.pop()
    if group in TOTAL or group in DEMOGRAPHIC:
        return figs
    said = {f.reported_by for f in named}
    return [
        replace(f, group=group)
        if f.unnamed
        and f.group == "people"
        and (f.alternative or (f.reported_by and None not in said and f.reported_by not in said))
        else f
        for f in figs
    ]


def _kind_range(figs: list[FigureMention]) -> Range | None:
    positive = [f for f in figs if f.value > 0]
    if not positive:
        return Range(min=0, max=0) if figs else None
    positive = _other_party_counts(positive)
    whole = [f for f in positive if not f.named_victims and not f.part_of_total]
    said = [f for f in whole if f.kind == "killed" and f.qualifier != "vague" and not f.increment]
    if said and not any(f.group in TOTAL for f in said):
        # "four brothers were killed ... a number of people had died": a count of the dead said
        # of one group, and none of all of them, supersedes a vague word for all of them (the
        # wounded are often told as "one journalist and a number of civilians": the word adds)
        whole = [f for f in whole if f.qualifier != "vague" or f.group not in TOTAL]
    base = [f for f in whole if not f.increment]
    # "killing two ... and another man": add the increments, unless a revised total after one
    # already counts it ("10 more bodies were found, bringing the toll to 15")
    more = [
        f for f in whole if f.increment and not any(r.revision and r.start > f.start for r in base)
    ]
    # after the toll's breakdown ("9 were killed in Qaterji and 2 in Mayssar"), "another five
    # were killed in two other districts" is the rest of the breakdown, not more deaths
    lead = min(base, key=lambda f: f.start) if base else None
    details = [
        d
        for d in base
        if lead is not None and d.start > lead.start and d.value < lead.value and not d.alternative
    ]
    more = [f for f in more if not any(d.start < f.start for d in details)]
    # "the wife and three other civilians were killed ... four were killed, including the
    # wife": a toll told only after an increment counts it
    more = [f for f in more if not base or any(b.start < f.start for b in base)]
    if any(f.revision for f in more):  # "several were killed ... the unknown number coded
        base = [f for f in base if f.qualifier != "vague"]  # as 10": the 10 are the several
        whole = base + [f for f in whole if f.increment]
    if base and more:
        return _add([_kind_range(base), *(_span([f]) for f in more)])
    if base and len(base) < len(whole):
        return _kind_range(base)
    if not base and len(whole) > 1:  # "also killed 3 ... killed 1 more": each adds to the other
        return _add(_span([f]) for f in whole)
    if whole:
        if any(f.group == "people" and f.qualifier != "vague" for f in whole) or (
            any(f.group == "people" for f in whole)
            and all(f.qualifier == "vague" for f in whole if f.group not in TOTAL)
        ):
            return _span(_after_lead([f for f in whole if f.group in TOTAL]))
        # "dozens were killed ... at least 38 fighters ... and six civilians": the counts of
        # each group say more than a vague word for all
        whole = [f for f in whole if not (f.group == "people" and f.qualifier == "vague")]
        # "8 civilians were killed ... 5 children were killed": of them (a child told before
        # the civilians, "a child and 2 other civilians", is not)
        whole = [
            f
            for f in whole
            if f.group not in DEMOGRAPHIC
            or not any(t.group == "civilians" and t.start < f.start for t in whole)
        ]
        groups = sorted({f.group for f in whole})
        return _add(_span(_after_lead([f for f in whole if f.group == g])) for g in groups)
    named = [f for f in positive if f.named_victims]
    if named:  # lists of identified victims, each partial: the longest is the lower bound
        top = max(f.value for f in named)
        return Range(min=top, max=top)
    groups = sorted({f.group for f in positive})
    return _add(_span([f for f in positive if f.group == g]) for g in groups)


def _norm_place(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("al-", ""))


def _same_place(a: str, b: str, cutoff: int = 85) -> bool:
    """Transliterations of one name ("Jandairis" / "Jandaris") count as the same place."""
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= cutoff)


def may_name(figure: FigureMention, place: Sequence[str]) -> bool:
    """Whether the places a share is allocated to may include ``place`` (spellings of one
    place), read loosely: another vowel ("Hazano" / "Hizano") is taken as the same name."""
    wanted = [w for w in (_norm_place(p) for p in place) if w]
    names = [
        _norm_place(n) for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", figure.allocated_to or "")
    ]
    return any(_same_place(n, w, 75) for n in names for w in wanted)


def allocated_share(
    figures: Iterable[FigureMention], place: str | Sequence[str], anywhere_too: bool = True
) -> int | None:
    """The killed figure a report allocates to ``place`` (a name, or several spellings of one
    place) ("3 each allocated to Qah and Kafr Lusin"), else (``anywhere_too``) the share it
    gives every place ("8 per event"), or None when it allocates none to it."""
    spellings = [place] if isinstance(place, str) else list(place)
    wanted = [w for w in (_norm_place(p) for p in spellings) if w]
    anywhere = None
    for f in figures:
        if f.kind != "killed" or not f.allocated_to:
            continue
        if f.allocated_to.startswith("*"):  # "10 per event", "2 coded to this location"
            anywhere = f.value if anywhere is None else anywhere
            continue
        names = [_norm_place(n) for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", f.allocated_to)]
        if any(_same_place(n, w) for n in names for w in wanted):
            return f.value
    return anywhere if anywhere_too else None


def reconcile(
    figures: Iterable[FigureMention], place: str | Sequence[str] | None = None
) -> Reconciled:
    """The casualty ranges of one incident from all its figures (those of one report, or of
    several reports of the same incident).

    Aggregate tallies ("since September 2018") are left out. Per kind (killed, injured):
    - an explicit zero ("no casualties") gives {0, 0} only when no positive figure exists;
    - subsets ("including seven children", "three women and a man" after "six civilians") never
      add to the total; increments ("killing another man", "five more bodies", "In addition,
      ...") add to it, unless a revised total after them counts them ("bringing the toll to
      15");
    - lists of victims ("X, his wife and their three children": named_victims) count only when
      no other figure is given, the longest list being the lower bound;
    - when a people figure exists, the range is taken over people and civilians figures;
      otherwise the groups are summed ("3 women and 4 children" = 7, "5 civilians and 3
      fighters" = 8);
    - within a group, figures are read in text order: the first one is the lead (a report's own
      toll); a later lower figure is a detail or an earlier count and is dropped, unless the lead
      is vague, or the lead and the later figure name different sources, or the later figure
      says it is another count ("another group gave a lower toll of 17"); after an "up to N"
      lead, the highest later figure not above N stands in for the lead. A toll revision ("rose
      to 15") drops lower figures. Vague figures ("dozens") count only when nothing precise is
      said;
    - then min is the lowest min of what is left ("up to 35" gives none), max the highest
      figure said ("at least 21" gives 21; the figure keeps its qualifier). So different sources'
      figures span the range: "18, the ministry said" then "21, the civil defence said" is
      {18, 21}.
    children_killed / women_killed: the same rule over the killed figures of that group (subsets
    included).
    With ``place`` (the incident's place name, or several spellings of it), a share of the toll
    that the report allocates to that place ("with 4 allocated to Rihan") is the incident's
    killed figure; without a share for it, a share given to every place ("8 per event") is.
    """
    figs = [f for f in figures if not f.aggregate]
    roster = [f for f in figs if f.roster]  # children and women counted from named victims
    figs = [f for f in figs if not f.roster]
    share = allocated_share(figs, place or ())
    killed = [f for f in figs if f.kind == "killed"]

    def group_range(g: str) -> Range | None:
        group = [f for f in killed if f.group == g and f.value > 0]
        said = _span(_after_lead(group))
        named = max((f.value for f in roster if f.group == g), default=0)
        top = None if said is None else (said.max if said.max is not None else said.min)
        # figures read off lists of the dead ("his wife, Aya, was also killed") are entries of
        # the roster, not a count of the group: the fuller roster stands over them
        listed = all(f.named_victims for f in group)
        if named and (top is None or ((g == "children" or listed) and named > top)):
            # no count said, or (children, whose ages the roster gives) fewer than it names ("a
            # child named X (14), and a child named Y (13)"): the roster is the lower bound. A
            # woman is known by kin words alone, and a count said of women stays.
            return Range(min=named, max=named)
        return said

    return Reconciled(
        killed=Range(min=share, max=share) if share is not None else _kind_range(killed),
        injured=_kind_range([f for f in figs if f.kind == "injured"]),
        children_killed=group_range("children"),
        women_killed=group_range("women"),
    )
