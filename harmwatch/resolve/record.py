"""The incident record, built from its mentions.

Each mention is first reduced to a *digest* (a `types.Digest`: what the report says of the
incident, with the report's outlet and date). The record is an aggregate of digests, so
attaching one more mention needs no reload of the others, and a full rebuild after a merge or a
split is ``aggregate([digest(m, m.report) for m in mentions])``. The record is stored in
``IncidentRow.record`` as JSON (`store.record_types.Record.to_json`); `apply_record` writes its
columns, grade and summary, and then puts the analyst's overrides back on top (overrides always
win).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from rapidfuzz import fuzz

from harmwatch.pipeline import cues
from harmwatch.resolve import independence
from harmwatch.resolve.cues import incident_words
from harmwatch.store.record_types import (
    Digest,
    Figure,
    MatchKeys,
    Perpetrator,
    Place,
    Range,
    Record,
    ReportRef,
    Statement,
    Words,
)
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow

T = TypeVar("T")

RANGES = ("killed", "injured", "children_killed", "women_killed")
PRECISION_RANK = {
    "exact": 0,
    "neighbourhood": 1,
    "village": 2,
    "town": 2,
    "district": 3,
    "province": 4,
    "country": 5,
}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
COMBATANT_GROUPS = {"fighters", "soldiers"}
WIRE_COPY_RATIO = 90.0  # snippets this similar (0-100) come from one wire copy: one source
# what the pipeline read in a mention's evidence (`pipeline.cues`): kept on the digest while it
# is compared, not in the stored record, whose `match.words` gathers them per incident
WORD_FIELDS = ("means", "harm_words", "around")


def outlet_key(source: str | None, report_id: str) -> str:
    """The outlet as compared for independence ('SOHR: http://..' and 'sohr' are one outlet)."""
    if not source:
        return f"report:{report_id}"
    head = re.split(r"[:;,(|]| - ", source, maxsplit=1)[0]
    return re.sub(r"[^a-z0-9]+", " ", head.lower()).strip() or f"report:{report_id}"


def digest(mention: MentionRow, report: ReportRow | None) -> Digest:
    """What one mention says, with its report's outlet and date. The mention's payload (the
    extracted incident as stored) is read here, once."""
    p = mention.payload or {}
    source = report.source if report else None
    published = report.published.isoformat() if report and report.published else None
    rid = mention.report_id
    country = (p.get("location") or {}).get("country")
    outlet = outlet_key(source, rid)
    figures = tuple(
        Figure(
            kind=f.get("kind"),
            value=f.get("value"),
            value_max=f.get("value_max"),
            qualifier=f.get("qualifier"),
            group=f.get("group"),
            reported_by=f.get("reported_by"),
            source_id=f.get("source_id"),
            revision=f.get("revision"),
            report_id=rid,
            source=source,
            published=published,
            # the primary source the figure cites, as the registry names it (SOHR = the
            # Observatory)
            cites=independence.figure_source(f, country),
        )
        for f in p.get("figures") or []
        if not f.get("rejected")  # an analyst's rejected figure (`resolve.reject`)
    )
    killed_groups = {f.group for f in figures if f.kind == "killed"}
    snippet = cues.snippet(report.text if report else "", p.get("evidence"))
    means, harm_words, around = _words(p, snippet)
    return Digest(
        id=mention.id,
        report_id=rid,
        source=source,
        outlet=outlet,
        outlet_source=independence.outlet_source(source, outlet),
        cites=independence.cited_sources(figures),
        published=published,
        url=report.url if report else None,
        background=bool(p.get("background")),
        event_type=p.get("event_type") or "other",
        date=p.get("date"),
        date_precision=p.get("date_precision") or ("day" if p.get("date") else None),
        location=Place.from_json(p.get("location")),
        perpetrators=tuple(
            Perpetrator(
                a.get("id"), a.get("name"), a.get("status"), a.get("by"), rid, source, published
            )
            for a in p.get("perpetrators") or []
        ),
        claims=tuple(
            Statement(a.get("id"), a.get("actor"), rid, source, published)
            for a in p.get("claims") or []
        ),
        denials=tuple(
            Statement(a.get("id"), a.get("actor"), rid, source, published)
            for a in p.get("denials") or []
        ),
        killed=Range.from_json(p.get("killed")),
        injured=Range.from_json(p.get("injured")),
        children_killed=Range.from_json(p.get("children_killed")),
        women_killed=Range.from_json(p.get("women_killed")),
        figures=figures,
        combatants_only=bool(killed_groups) and killed_groups <= COMBATANT_GROUPS,
        revision=any(f.revision for f in figures),
        targets=tuple(sorted(set(p.get("targets") or []))),
        snippet=snippet,
        means=means,
        harm_words=harm_words,
        around=around,
    )


def _words(payload: dict[str, Any], snippet: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The means, harm words and placing the pipeline read in the mention's evidence; for a
    mention extracted before it did (or given by another tool), the same reading of its
    snippet."""
    if all(payload.get(k) is not None for k in WORD_FIELDS):
        return tuple(payload["means"]), tuple(payload["harm_words"]), payload["around"]
    words = cues.read(snippet)
    return tuple(sorted(words.means)), tuple(sorted(words.harm)), words.around


def actor_ids(d: Digest) -> set[str]:
    """Who is said to be responsible, by this digest (perpetrators and claims)."""
    ids = {a.id for a in d.perpetrators if a.id}
    ids |= {a.id for a in d.claims if a.id}
    return ids - {"unknown"}


def _range(digests: Sequence[Digest], name: str) -> Range | None:
    ranges = [r for d in digests if (r := d.range(name))]
    lows = [r.min for r in ranges if r.min is not None]
    highs = [r.max for r in ranges if r.max is not None]
    if not lows and not highs:
        return None
    return Range(min(lows) if lows else None, max(highs + lows))


def _period_end(day: dt.date, precision: str) -> dt.date | None:
    if precision == "week":
        return day + dt.timedelta(days=6)
    if precision == "month":
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    if precision == "year":
        return day.replace(month=12, day=31)
    return None


def _dates(digests: Sequence[Digest]) -> tuple[str | None, str | None, str | None]:
    """First day, last day (None for a single day) and precision; a week, month or year runs
    to the end of its period."""
    dated = [(d.date, d.date_precision) for d in digests if d.date]
    if not dated:
        return None, None, None
    finest = min(DATE_RANK.get(p or "day", 0) for _, p in dated)
    best = sorted(day for day, p in dated if DATE_RANK.get(p or "day") == finest)
    precision = next(k for k, v in DATE_RANK.items() if v == finest)
    end = _period_end(dt.date.fromisoformat(best[-1]), precision)
    if end is not None:
        return best[0], end.isoformat(), precision
    return best[0], (best[-1] if best[-1] != best[0] else None), precision


def _location(digests: Sequence[Digest]) -> Place | None:
    placed = [d.location for d in digests if d.location]
    if not placed:
        return None
    finest = min(PRECISION_RANK.get(loc.precision or "town", 2) for loc in placed)
    best = [loc for loc in placed if PRECISION_RANK.get(loc.precision or "town") == finest]
    # the place most reports name (a report may place the event in a nearby town it also names)
    texts = [d.snippet.lower() for d in digests]
    named = Counter(loc.name for loc in best)
    name = max(named, key=lambda n: (sum(n.lower() in t for t in texts), named[n]))
    return next(loc for loc in best if loc.name == name)


def independent_groups(digests: Sequence[Digest]) -> list[list[str]]:
    """Report ids grouped so that each group is one story: reports of one outlet, and reports
    whose texts are near-identical (wire copies), count once. `independence` counts the
    primary sources the groups cite."""
    reports: dict[str, Digest] = {}
    for d in digests:
        reports.setdefault(d.report_id, d)
    parent = {rid: rid for rid in reports}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    items = list(reports.items())
    for i, (rid, d) in enumerate(items):
        for other, e in items[:i]:
            same_outlet = d.outlet == e.outlet
            if same_outlet or (
                d.snippet and e.snippet and fuzz.ratio(d.snippet, e.snippet) >= WIRE_COPY_RATIO
            ):
                parent[find(rid)] = find(other)
    groups: dict[str, list[str]] = {}
    for rid in reports:
        groups.setdefault(find(rid), []).append(rid)
    return sorted(groups.values())


def _unique(items: Iterable[T], key: Callable[[T], tuple[Any, ...]]) -> tuple[T, ...]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return tuple(out)


def aggregate(digests: Sequence[Digest], words: Words | None = None) -> Record:
    """The record of an incident told by ``digests`` (its background mentions inform it but do
    not date or place it when dated mentions exist). ``words``: the ``match.words`` of the
    record whose stored digests are among them (`extend`)."""
    digests = sorted(digests, key=lambda d: (d.published or "", d.report_id, d.id or 0))
    own = [d for d in digests if not d.background] or list(digests)
    date, date_end, date_precision = _dates(own)
    types = Counter(d.event_type for d in own if d.event_type != "other")
    groups = independent_groups(digests)
    sources = independence.independent_sources(digests, groups)
    group_of = {rid: n for n, group in enumerate(groups) for rid in group}
    by_report: dict[str, ReportRef] = {}
    for d in digests:
        if d.report_id not in by_report:
            by_report[d.report_id] = ReportRef(
                d.report_id, d.source, d.published, d.url, group_of.get(d.report_id)
            )
    perpetrators = _unique(
        (a for d in digests for a in d.perpetrators), lambda a: (a.id, a.status, a.by, a.report_id)
    )
    return Record(
        mentions=tuple(digests),
        mention_ids=tuple(d.id for d in digests),
        report_ids=tuple(by_report),
        sources=tuple(by_report.values()),
        n_reports=len(by_report),
        n_independent=len(sources),
        independent_sources=tuple(sources),
        date=date,
        date_end=date_end,
        date_precision=date_precision,
        location=_location(own) or _location(digests),
        event_type=types.most_common(1)[0][0] if types else "other",
        perpetrators=perpetrators,
        claims=_unique((a for d in digests for a in d.claims), lambda a: (a.id, a.report_id)),
        denials=_unique((a for d in digests for a in d.denials), lambda a: (a.id, a.report_id)),
        killed=_range(own, "killed"),
        injured=_range(own, "injured"),
        children_killed=_range(own, "children_killed"),
        women_killed=_range(own, "women_killed"),
        figures=tuple(
            sorted(
                (f for d in digests for f in d.figures),
                key=lambda f: (f.published or "", f.kind),
            )
        ),
        combatants_only=bool(own)
        and all(d.combatants_only for d in own if d.figures)
        and any(d.figures for d in own),
        targets=tuple(t for t, _ in Counter(t for d in own for t in d.targets).most_common()),
        background_only=all(d.background for d in digests),
        match=MatchKeys(  # what `rules.decide` compares, gathered once
            types=tuple(sorted({d.event_type for d in digests})),
            actors=tuple(sorted(set().union(*(actor_ids(d) for d in digests)))),
            outlets=tuple(sorted({d.outlet for d in digests})),
            words=incident_words(digests, words),
        ),
    )


def extend(record: Record, d: Digest) -> Record:
    """The record of ``record``'s incident told by one more mention, digest ``d``."""
    return aggregate([*record.mentions, d], record.match.words)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def apply_record(row: IncidentRow, record: Record) -> None:
    """Write ``record`` and its columns, grade and summary on ``row``; overrides win."""
    from harmwatch.resolve.grade import grade
    from harmwatch.resolve.summary import summarise
    from harmwatch.store.review import reapply_overrides

    row.record = record.to_json()
    row.date, row.date_end = _day(record.date), _day(record.date_end)
    row.date_precision = record.date_precision
    row.event_type = record.event_type
    loc = record.location
    row.place_name = loc.name if loc else None
    row.admin1, row.country = (loc.admin1, loc.country) if loc else (None, None)
    row.lat, row.lon = (loc.lat, loc.lon) if loc else (None, None)
    row.place_precision = loc.precision if loc else None
    for name in RANGES:
        rng = record.range(name)
        setattr(row, f"{name}_min", rng.min if rng else None)
        setattr(row, f"{name}_max", rng.max if rng else None)
    blamed = {a.id for a in record.perpetrators if a.id}
    ids = sorted(blamed | {a.id for a in record.claims if a.id})
    row.actors = " ".join(i.replace(" ", "_") for i in ids)[:500] or None
    row.grade, row.grade_reason = grade(record)
    reapply_overrides(row)  # an analyst's grade or figures win before the summary is written
    row.summary = summarise(row, record)
    if "summary" in (row.overrides or {}):
        reapply_overrides(row)
