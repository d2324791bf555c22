"""Mentions derived from coded gold (``../shared/corpus/*/gold.jsonl``), to measure the resolver
without the extractor: each gold incident becomes the `models.Incident` a perfect extractor
would give, with its figures attributed to the report.

ACLED's coarse event types map to one harmwatch type each (Remote violence -> shelling, so an
airstrike and a shelling on one day look alike: over-merging shows), and its conservative
fatality count of 0 ("none reported") becomes no figure.
"""

from __future__ import annotations

from typing import Any, get_args

from harmwatch.models import EventType, Incident, ReportExtraction

ACLED_TYPES = {
    "Remote violence": "shelling",
    "Violence against civilians": "shooting",
    "Strategic development": "other",
    "Riots/Protests": "other",
}
ACLED_PRECISION = {1: "town", 2: "town", 3: "province"}
RANGES = ("killed", "injured", "children_killed", "women_killed")


def _bound(value: Any) -> int | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return int(value) if isinstance(value, int | float) else None


def _range(value: Any) -> dict[str, int | None] | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return {"min": int(value), "max": int(value)}
    low, high = _bound(value.get("min")), _bound(value.get("max"))
    if low is None and high is None:
        return None
    return {"min": low if low is not None else 0 if high else None, "max": high}


def _location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    lat, lon = loc.get("lat"), loc.get("lon")
    name = loc.get("name") or (f"{lat:.4f},{lon:.4f}" if lat is not None else None)
    if not name:
        return None
    if "acled_geo_precision" in loc:
        precision = ACLED_PRECISION.get(loc["acled_geo_precision"], "town")
    elif lat is None:
        precision = "district" if loc.get("admin1") else "country"
    else:
        precision = "town" if loc.get("name") else "exact"
    keep = ("lat", "lon", "admin1", "admin2", "country")
    return {"name": name, "precision": precision} | {k: loc.get(k) for k in keep}


def _event_type(gold: dict[str, Any]) -> str:
    if gold.get("event_type"):
        known = get_args(EventType)
        return str(gold["event_type"]) if gold["event_type"] in known else "other"
    acled = str(gold.get("acled_event_type") or "")
    return "ground_clash" if acled.startswith("Battle") else ACLED_TYPES.get(acled, "other")


def gold_incident(gold: dict[str, Any], source: str | None = None) -> Incident:
    ranges = {name: _range(gold.get(name)) for name in RANGES}
    if gold.get("killed_conservative"):
        ranges["killed"] = _range(gold["killed_conservative"])
    figures = []
    for name, kind, group in (
        ("killed", "killed", "people"),
        ("injured", "injured", "people"),
        ("children_killed", "killed", "children"),
        ("women_killed", "killed", "women"),
    ):
        rng = ranges[name]
        if rng and (rng["min"] or rng["max"]):
            figures.append(
                {
                    "kind": kind,
                    "value": rng["min"] or 0,
                    "value_max": rng["max"],
                    "qualifier": "exact" if rng["min"] == rng["max"] else "range",
                    "group": group,
                    "reported_by": source,
                }
            )
    actors = [a for entry in gold.get("perpetrators") or [] for a in str(entry).split("|") if a]
    return Incident.model_validate(
        {
            "event_type": _event_type(gold),
            "date": gold.get("date"),
            "date_precision": "day" if gold.get("date") else None,
            "location": _location(gold.get("location")),
            "perpetrators": [
                {"name": a, "id": a, "status": "alleged", "by": source} for a in actors
            ],
            "denials": [{"actor": a, "id": a} for a in gold.get("denied_by") or []],
            "claims": [{"actor": a, "id": a} for a in gold.get("claimed_by") or []],
            **ranges,
            "figures": figures,
            "targets": gold.get("targets") or [],
            "background": bool(gold.get("background")),
        }
    )


def gold_extraction(line: dict[str, Any], source: str | None = None) -> ReportExtraction:
    """The extraction a perfect extractor would give for one gold line."""
    return ReportExtraction(
        report_id=line["report_id"],
        incidents=[gold_incident(g, source) for g in line.get("incidents", [])],
    )
