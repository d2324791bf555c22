"""Independent sources of an incident, counted as Airwars counts them: by primary source.

A report's sources are the organisations its figures cite ("..., SOHR said": the Syrian
Observatory for Human Rights), normalised through the sources registry
(`harmwatch.pipeline.sources`), so that SOHR, "the Observatory" and "Syrian Observatory for
Human Rights" are one source and an outlet quoting SOHR counts as SOHR. A report that cites no
one is its own source: its outlet, itself looked up in the registry ("Syria Civil Defence
(White Helmets)" is the White Helmets). Reports of one outlet and wire copies of one story
(`record.independent_groups`) count once: a group that cites no one is one source, its first
outlet. The incident's independent sources are the distinct sources of its groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harmwatch.pipeline.sources import Registry, load_registry, reporter
from harmwatch.settings import get_settings


def registry() -> Registry:
    extra = get_settings().actor_aliases_file
    return load_registry(str(extra) if extra else None)


def figure_source(figure: dict[str, Any], country: str | None) -> dict[str, str] | None:
    """``{"id", "name"}`` of the source a figure cites, else None. A figure stored before the
    registry (its ``reported_by`` as the text wrote it) is normalised here."""
    reg = registry()
    if figure.get("source_id"):
        found = reg.get(figure["source_id"])
        return {
            "id": figure["source_id"],
            "name": found.name if found else figure.get("reported_by") or figure["source_id"],
        }
    who = reporter(figure.get("reported_by"), country, reg)
    return {"id": who.id, "name": who.name} if who else None


def outlet_source(outlet: str | None, outlet_key: str) -> dict[str, str]:
    """The report's outlet as a source: its registry entry when it has one (``"Syria Civil
    Defence (White Helmets)"`` -> White Helmets), else the outlet as named."""
    found = registry().lookup(outlet) if outlet else None
    if found is not None and not found.generic:
        return {"id": found.id, "name": found.name}
    return {"id": f"outlet:{outlet_key}", "name": outlet or "an unnamed outlet"}


def cited_sources(figures: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """The distinct sources a report's figures cite, in order."""
    seen: dict[str, dict[str, str]] = {}
    for f in figures:
        if f.get("cites") and f["cites"]["id"] not in seen:
            seen[f["cites"]["id"]] = f["cites"]
    return list(seen.values())


def independent_sources(
    digests: Sequence[dict[str, Any]], groups: Sequence[Sequence[str]]
) -> list[dict[str, str]]:
    """The incident's independent sources, ``{"id", "name"}`` sorted by name: the sources its
    reports cite, or, for a group of reports (one outlet, or wire copies) that cites no one,
    the group's outlet."""
    by_report: dict[str, list[dict[str, Any]]] = {}
    for d in digests:
        by_report.setdefault(d["report_id"], []).append(d)
    found: dict[str, dict[str, str]] = {}
    for group in groups:
        cited = [s for rid in group for d in by_report.get(rid, []) for s in d.get("cites") or []]
        if not cited:
            first = by_report[group[0]][0]
            cited = [
                first.get("outlet_source") or outlet_source(first.get("source"), first["outlet"])
            ]
        for source in cited:
            found.setdefault(source["id"], source)
    return sorted(found.values(), key=lambda s: s["name"].lower())


def names(sources: Sequence[dict[str, str]]) -> str:
    """ "SOHR and White Helmets", "A, B and C": short names where the registry has them."""
    reg = registry()
    shown = []
    for s in sources:
        entry = reg.get(s["id"])
        shown.append(entry.short or entry.name if entry is not None else s["name"])
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def display_name(words: str) -> str:
    """A source as a summary names it: the registry's short name or name when ``words`` is one
    of its aliases ("the Observatory" -> "SOHR"), else ``words``."""
    found = registry().lookup(words)
    if found is None or found.generic:
        return words
    return found.short or found.name
