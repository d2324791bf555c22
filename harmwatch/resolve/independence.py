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
from harmwatch.store.record_types import Digest, Figure, Source


def registry() -> Registry:
    extra = get_settings().actor_aliases_file
    return load_registry(str(extra) if extra else None)


def figure_source(figure: dict[str, Any], country: str | None) -> Source | None:
    """The source a figure of a mention's payload cites, else None. A figure stored before the
    registry (its ``reported_by`` as the text wrote it) is normalised here."""
    reg = registry()
    if figure.get("source_id"):
        found = reg.get(figure["source_id"])
        return Source(
            figure["source_id"],
            found.name if found else figure.get("reported_by") or figure["source_id"],
        )
    who = reporter(figure.get("reported_by"), country, reg)
    return Source(who.id, who.name) if who else None


def outlet_source(outlet: str | None, outlet_key: str) -> Source:
    """The report's outlet as a source: its registry entry when it has one (``"Syria Civil
    Defence (White Helmets)"`` -> White Helmets), else the outlet as named."""
    found = registry().lookup(outlet) if outlet else None
    if found is not None and not found.generic:
        return Source(found.id, found.name)
    return Source(f"outlet:{outlet_key}", outlet or "an unnamed outlet")


def cited_sources(figures: Sequence[Figure]) -> tuple[Source, ...]:
    """The distinct sources a report's figures cite, in order."""
    seen: dict[str, Source] = {}
    for f in figures:
        if f.cites and f.cites.id not in seen:
            seen[f.cites.id] = f.cites
    return tuple(seen.values())


def independent_sources(digests: Sequence[Digest], groups: Sequence[Sequence[str]]) -> list[Source]:
    """The incident's independent sources, sorted by name: the sources its reports cite, or,
    for a group of reports (one outlet, or wire copies) that cites no one, the group's
    outlet."""
    by_report: dict[str, list[Digest]] = {}
    for d in digests:
        by_report.setdefault(d.report_id, []).append(d)
    found: dict[str, Source] = {}
    for group in groups:
        cited = [s for rid in group for d in by_report.get(rid, []) for s in d.cites]
        if not cited:
            first = by_report[group[0]][0]
            cited = [first.outlet_source or outlet_source(first.source, first.outlet)]
        for source in cited:
            found.setdefault(source.id, source)
    return sorted(found.values(), key=lambda s: s.name.lower())


def names(sources: Sequence[Source]) -> str:
    """ "SOHR and White Helmets", "A, B and C": short names where the registry has them."""
    reg = registry()
    shown = []
    for s in sources:
        entry = reg.get(s.id)
        shown.append(entry.short or entry.name if entry is not None else s.name)
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
