"""The incident record, built from its mentions.

Each mention is first reduced to a *digest* (a JSON-ready dict: what the report says of the
incident, with the report's outlet and date). The record is an aggregate of digests, so
attaching one more mention needs no reload of the others, and a full rebuild after a merge or a
split is ``aggregate([digest(m, m.report) for m in mentions])``. The record is stored in
``IncidentRow.record``; `apply_record` writes its columns, grade and summary, and then puts the
analyst's overrides back on top (overrides always win).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from harmwatch.pipeline import cues
from harmwatch.resolve import independence
from harmwatch.resolve.cues import incident_words
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow

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


def digest(mention: MentionRow, report: ReportRow | None) -> dict[str, Any]:
    """What one mention says, with its report's outlet and date, as plain JSON."""
    p = mention.payload or {}
    source = report.source if report else None
    published = report.published.isoformat() if report and report.published else None
    who = {"report_id": mention.report_id, "source": source, "published": published}
    country = (p.get("location") or {}).get("country")
    outlet = outlet_key(source, mention.report_id)
    figures = [
        {
            k: f.get(k)
            for k in (
                "kind",
                "value",
                "value_max",
                "qualifier",
                "group",
                "reported_by",
                "source_id",
                "revision",
            )
        }
        | who
        # the primary source the figure cites, as the registry names it (SOHR = the Observatory)
        | {"cites": independence.figure_source(f, country)}
        for f in p.get("figures") or []
        if not f.get("rejected")  # an analyst's rejected figure (`resolve.reject`)
    ]
    killed_groups = {f["group"] for f in figures if f["kind"] == "killed"}
    snippet = cues.snippet(report.text if report else "", p.get("evidence"))
    return {
        "id": mention.id,
        "report_id": mention.report_id,
        "source": source,
        "outlet": outlet,
        "outlet_source": independence.outlet_source(source, outlet),
        "cites": independence.cited_sources(figures),
        "published": published,
        "url": report.url if report else None,
        "background": bool(p.get("background")),
        "event_type": p.get("event_type") or "other",
        "date": p.get("date"),
        "date_precision": p.get("date_precision") or ("day" if p.get("date") else None),
        "location": p.get("location"),
        "perpetrators": [
            {"id": a.get("id"), "name": a.get("name"), "status": a.get("status"), "by": a.get("by")}
            | who
            for a in p.get("perpetrators") or []
        ],
        "claims": [
            {"id": a.get("id"), "actor": a.get("actor")} | who for a in p.get("claims") or []
        ],
        "denials": [
            {"id": a.get("id"), "actor": a.get("actor")} | who for a in p.get("denials") or []
        ],
        **{name: p.get(name) for name in RANGES},
        "figures": figures,
        "combatants_only": bool(killed_groups) and killed_groups <= COMBATANT_GROUPS,
        "revision": any(f.get("revision") for f in figures),
        "targets": sorted(set(p.get("targets") or [])),
        "snippet": snippet,
        **_words(p, snippet),
    }


def _words(payload: dict[str, Any], snippet: str) -> dict[str, Any]:
    """The means, harm words and placing the pipeline read in the mention's evidence; for a
    mention extracted before it did (or given by another tool), the same reading of its
    snippet."""
    if all(payload.get(k) is not None for k in WORD_FIELDS):
        return {k: payload[k] for k in WORD_FIELDS}
    words = cues.read(snippet)
    return {"means": sorted(words.means), "harm_words": sorted(words.harm), "around": words.around}


def stored(record: dict[str, Any]) -> dict[str, Any]:
    """The record as stored: its digests without `WORD_FIELDS` (the same JSON as before they
    were read by the pipeline; ``match.words`` has them per incident)."""
    return record | {
        "mentions": [
            {k: v for k, v in d.items() if k not in WORD_FIELDS} for d in record["mentions"]
        ]
    }


def actor_ids(d: dict[str, Any]) -> set[str]:
    """Who is said to be responsible, by this digest (perpetrators and claims)."""
    ids = {a["id"] for a in d["perpetrators"] if a.get("id")}
    ids |= {a["id"] for a in d["claims"] if a.get("id")}
    return ids - {"unknown"}


def _range(digests: Sequence[dict[str, Any]], name: str) -> dict[str, int | None] | None:
    lows = [d[name]["min"] for d in digests if d.get(name) and d[name].get("min") is not None]
    highs = [d[name]["max"] for d in digests if d.get(name) and d[name].get("max") is not None]
    if not lows and not highs:
        return None
    return {"min": min(lows) if lows else None, "max": max(highs + lows)}


def _period_end(day: dt.date, precision: str) -> dt.date | None:
    if precision == "week":
        return day + dt.timedelta(days=6)
    if precision == "month":
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    if precision == "year":
        return day.replace(month=12, day=31)
    return None


def _dates(digests: Sequence[dict[str, Any]]) -> tuple[str | None, str | None, str | None]:
    """First day, last day (None for a single day) and precision; a week, month or year runs
    to the end of its period."""
    dated = [d for d in digests if d["date"]]
    if not dated:
        return None, None, None
    finest = min(DATE_RANK.get(d["date_precision"] or "day", 0) for d in dated)
    best = sorted(d["date"] for d in dated if DATE_RANK.get(d["date_precision"] or "day") == finest)
    precision = next(k for k, v in DATE_RANK.items() if v == finest)
    end = _period_end(dt.date.fromisoformat(best[-1]), precision)
    if end is not None:
        return best[0], end.isoformat(), precision
    return best[0], (best[-1] if best[-1] != best[0] else None), precision


def _location(digests: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    placed = [d["location"] for d in digests if d["location"]]
    if not placed:
        return None
    finest = min(PRECISION_RANK.get(loc.get("precision") or "town", 2) for loc in placed)
    best = [loc for loc in placed if PRECISION_RANK.get(loc.get("precision") or "town") == finest]
    # the place most reports name (a report may place the event in a nearby town it also names)
    texts = [d["snippet"].lower() for d in digests]
    named = Counter(loc["name"] for loc in best)
    name = max(named, key=lambda n: (sum(n.lower() in t for t in texts), named[n]))
    return next(loc for loc in best if loc["name"] == name)


def independent_groups(digests: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Report ids grouped so that each group is one story: reports of one outlet, and reports
    whose texts are near-identical (wire copies), count once. `independence` counts the
    primary sources the groups cite."""
    reports: dict[str, dict[str, Any]] = {}
    for d in digests:
        reports.setdefault(d["report_id"], d)
    parent = {rid: rid for rid in reports}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    items = list(reports.items())
    for i, (rid, d) in enumerate(items):
        for other, e in items[:i]:
            same_outlet = d["outlet"] == e["outlet"]
            if same_outlet or (
                d["snippet"]
                and e["snippet"]
                and fuzz.ratio(d["snippet"], e["snippet"]) >= WIRE_COPY_RATIO
            ):
                parent[find(rid)] = find(other)
    groups: dict[str, list[str]] = {}
    for rid in reports:
        groups.setdefault(find(rid), []).append(rid)
    return sorted(groups.values())


def _unique(items: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        key = tuple(item.get(k) for k in keys)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def aggregate(
    digests: Sequence[dict[str, Any]], words: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The record of an incident told by ``digests`` (its background mentions inform it but do
    not date or place it when dated mentions exist). ``words``: the ``match.words`` of the
    record whose stored digests are among them (`extend`)."""
    digests = sorted(digests, key=lambda d: (d["published"] or "", d["report_id"], d["id"] or 0))
    own = [d for d in digests if not d["background"]] or list(digests)
    date, date_end, date_precision = _dates(own)
    types = Counter(d["event_type"] for d in own if d["event_type"] != "other")
    groups = independent_groups(digests)
    sources = independence.independent_sources(digests, groups)
    by_report: dict[str, dict[str, Any]] = {}
    for d in digests:
        by_report.setdefault(
            d["report_id"],
            {
                "report_id": d["report_id"],
                "source": d["source"],
                "published": d["published"],
                "url": d["url"],
            },
        )
    for n, group in enumerate(groups):
        for rid in group:
            by_report[rid]["independent_group"] = n
    perpetrators = _unique(
        [a for d in digests for a in d["perpetrators"]], ("id", "status", "by", "report_id")
    )
    return {
        "mentions": list(digests),
        "mention_ids": [d["id"] for d in digests],
        "report_ids": list(by_report),
        "sources": list(by_report.values()),
        "n_reports": len(by_report),
        "n_independent": len(sources),
        "independent_sources": sources,
        "date": date,
        "date_end": date_end,
        "date_precision": date_precision,
        "location": _location(own) or _location(digests),
        "event_type": types.most_common(1)[0][0] if types else "other",
        "perpetrators": perpetrators,
        "claims": _unique([a for d in digests for a in d["claims"]], ("id", "report_id")),
        "denials": _unique([a for d in digests for a in d["denials"]], ("id", "report_id")),
        **{name: _range(own, name) for name in RANGES},
        "figures": sorted(
            (f for d in digests for f in d["figures"]),
            key=lambda f: (f["published"] or "", f["kind"]),
        ),
        "combatants_only": bool(own)
        and all(d["combatants_only"] for d in own if d["figures"])
        and any(d["figures"] for d in own),
        "targets": [t for t, _ in Counter(t for d in own for t in d["targets"]).most_common()],
        "background_only": all(d["background"] for d in digests),
        "match": {  # what `rules.decide` compares, gathered once
            "types": sorted({d["event_type"] for d in digests}),
            "actors": sorted(set().union(*(actor_ids(d) for d in digests))),
            "outlets": sorted({d["outlet"] for d in digests}),
            "words": incident_words(digests, words),
        },
    }


def extend(record: dict[str, Any], d: dict[str, Any]) -> dict[str, Any]:
    """The record of ``record``'s incident told by one more mention, digest ``d``."""
    return aggregate([*record["mentions"], d], record["match"].get("words"))


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def apply_record(row: IncidentRow, record: dict[str, Any]) -> None:
    """Write ``record`` and its columns, grade and summary on ``row``; overrides win."""
    from harmwatch.resolve.grade import grade
    from harmwatch.resolve.summary import summarise
    from harmwatch.store.review import reapply_overrides

    row.record = stored(record)
    row.date, row.date_end = _day(record["date"]), _day(record["date_end"])
    row.date_precision = record["date_precision"]
    row.event_type = record["event_type"]
    loc = record["location"] or {}
    row.place_name = loc.get("name")
    row.admin1, row.country = loc.get("admin1"), loc.get("country")
    row.lat, row.lon = loc.get("lat"), loc.get("lon")
    row.place_precision = loc.get("precision") if loc else None
    for name in RANGES:
        rng = record[name] or {}
        setattr(row, f"{name}_min", rng.get("min"))
        setattr(row, f"{name}_max", rng.get("max"))
    ids = sorted({a["id"] for a in record["perpetrators"] + record["claims"] if a.get("id")})
    row.actors = " ".join(i.replace(" ", "_") for i in ids)[:500] or None
    row.grade, row.grade_reason = grade(record)
    reapply_overrides(row)  # an analyst's grade or figures win before the summary is written
    row.summary = summarise(row, record)
    if "summary" in (row.overrides or {}):
        reapply_overrides(row)
