"""Hand-written reports (our own words) and their extractions, for the resolver's tests.

One market airstrike in Idlib on 15 January 2020 told by four outlets with different tolls (one a
wire copy of another), and look-alikes that must stay apart: the same town the next day, other
towns on the same day, a past event told for context, and a mention with nothing to place it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from harmwatch.models import Incident, Report, ReportExtraction

IDLIB = {
    "name": "Idlib",
    "lat": 35.9306,
    "lon": 36.6339,
    "admin1": "Idlib",
    "country": "SY",
    "precision": "town",
    "gazetteer_id": "geonames:169389",
}
ARIHA = {
    "name": "Ariha",
    "lat": 35.8137,
    "lon": 36.6083,
    "admin1": "Idlib",
    "country": "SY",
    "precision": "town",
    "gazetteer_id": "geonames:172515",
}
SARAQEB = {
    "name": "Saraqib",
    "lat": 35.8623,
    "lon": 36.8006,
    "admin1": "Idlib",
    "country": "SY",
    "precision": "town",
    "gazetteer_id": "geonames:163806",
}
DAY = dt.date(2020, 1, 15)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def make(
    report_id: str, source: str, published: dt.date, text: str, incidents: list[dict[str, Any]]
) -> tuple[Report, ReportExtraction]:
    """A report and its extraction; each incident gives its evidence as a phrase of the text."""
    built = []
    for spec in incidents:
        spec = dict(spec)
        phrase = spec.pop("phrase", None)
        figures = []
        for kind, value, extra in spec.pop("figs", []):
            figures.append({"kind": kind, "value": value, "group": "people"} | extra)
        rng = {}
        for kind in ("killed", "injured"):
            vals = [f for f in figures if f["kind"] == kind and f["group"] == "people"]
            if vals:
                rng[kind] = {
                    "min": min(f["value"] for f in vals),
                    "max": max(f.get("value_max") or f["value"] for f in vals),
                }
        built.append(
            Incident.model_validate(
                rng
                | spec
                | {"figures": figures, "evidence": [_span(text, phrase)] if phrase else []}
            )
        )
    report = Report(id=report_id, text=text, source=source, published=published)
    return report, ReportExtraction(report_id=report_id, incidents=built)


def market_strike() -> list[tuple[Report, ReportExtraction]]:
    """Four reports of the one Idlib market airstrike."""
    blame = [
        {
            "name": "Syrian and Russian jets",
            "id": "syria_gov",
            "status": "alleged",
            "by": "rescuers",
        },
        {"name": "Russian jets", "id": "russia", "status": "alleged", "by": "rescuers"},
    ]
    t1 = (
        "Jets bombed a crowded vegetable market in Idlib city on Wednesday afternoon. Rescue "
        "teams pulled bodies from the rubble and said at least 18 civilians had died."
    )
    t2 = (
        "The number of people killed when aircraft hit a market and workshops in Idlib on "
        "Wednesday has risen to 21, a monitoring group said on Thursday; 82 more were hurt."
    )
    t3 = (
        "The number of people killed when aircraft hit a market and workshops in Idlib on "
        "Wednesday has risen to 21, a monitoring group said on Thursday, and 82 were hurt."
    )
    t4 = (
        "Medics in Idlib counted 19 dead after Russian and Syrian warplanes struck the city's "
        "market district on 15 January, and said dozens were wounded."
    )
    base = {
        "event_type": "airstrike",
        "date": DAY,
        "date_precision": "day",
        "location": IDLIB,
        "targets": ["market"],
    }
    return [
        make(
            "own-market-1",
            "Levant Daily",
            DAY,
            t1,
            [
                base
                | {
                    "phrase": t1,
                    "perpetrators": blame,
                    "figs": [("killed", 18, {"qualifier": "at_least", "reported_by": "rescuers"})],
                }
            ],
        ),
        make(
            "own-market-2",
            "Gulf Wire",
            DAY + dt.timedelta(days=1),
            t2,
            [
                base
                | {
                    "phrase": t2,
                    "perpetrators": blame[:1],
                    "figs": [
                        ("killed", 21, {"revision": True, "reported_by": "monitoring group"}),
                        ("injured", 82, {"reported_by": "monitoring group"}),
                    ],
                }
            ],
        ),
        make(
            "own-market-3",
            "Evening Courier",
            DAY + dt.timedelta(days=1),
            t3,
            [
                base
                | {
                    "phrase": t3,
                    "figs": [
                        ("killed", 21, {"revision": True, "reported_by": "monitoring group"}),
                        ("injured", 82, {"reported_by": "monitoring group"}),
                    ],
                }
            ],
        ),
        make(
            "own-market-4",
            "Northern Post",
            DAY + dt.timedelta(days=2),
            t4,
            [
                base
                | {
                    "phrase": t4,
                    "perpetrators": blame,
                    "figs": [("killed", 19, {"reported_by": "medics"})],
                }
            ],
        ),
    ]


def look_alikes() -> list[tuple[Report, ReportExtraction]]:
    """Reports that resemble the market strike but tell other events."""
    t5 = (
        "A day after the market attack, another air raid hit a bakery queue in Idlib city on "
        "Thursday, killing three people."
    )
    t6 = (
        "On Wednesday jets also struck the centre of Ariha, killing 21 people in a market, "
        "local volunteers said."
    )
    t7 = "Artillery fire struck homes in Saraqib on Wednesday, killing five members of one family."
    t8 = (
        "The strike recalled the bombing of Idlib's national hospital in May 2016, which left "
        "dozens dead. Residents said they no longer felt safe anywhere."
    )
    next_day = DAY + dt.timedelta(days=1)
    return [
        make(
            "own-bakery",
            "Levant Daily",
            next_day,
            t5,
            [
                {
                    "phrase": t5,
                    "event_type": "airstrike",
                    "date": next_day,
                    "date_precision": "day",
                    "location": IDLIB,
                    "targets": ["bakery"],
                    "figs": [("killed", 3, {})],
                }
            ],
        ),
        make(
            "own-ariha",
            "Gulf Wire",
            next_day,
            t6,
            [
                {
                    "phrase": t6,
                    "event_type": "airstrike",
                    "date": DAY,
                    "date_precision": "day",
                    "location": ARIHA,
                    "targets": ["market"],
                    "figs": [("killed", 21, {})],
                }
            ],
        ),
        make(
            "own-saraqib",
            "Northern Post",
            next_day,
            t7,
            [
                {
                    "phrase": t7,
                    "event_type": "shelling",
                    "date": DAY,
                    "date_precision": "day",
                    "location": SARAQEB,
                    "targets": ["residential"],
                    "figs": [("killed", 5, {})],
                }
            ],
        ),
        make(
            "own-context",
            "Evening Courier",
            next_day,
            t8,
            [
                {
                    "phrase": t8[:90],
                    "event_type": "airstrike",
                    "date": dt.date(2016, 5, 1),
                    "date_precision": "month",
                    "location": IDLIB,
                    "targets": ["hospital"],
                    "background": True,
                },
                {"phrase": t8[91:], "event_type": "other"},
            ],
        ),
    ]
