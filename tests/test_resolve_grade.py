"""Grades (Airwars scheme) with their reasons, and the summary paragraph."""

from __future__ import annotations

import datetime as dt

import pytest
from resolve_cases import DAY, IDLIB, make
from sqlalchemy import select

from harmwatch.resolve import add_extraction
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow

TEXT = "Aircraft struck the market in Idlib on Wednesday, killing 12 people, a monitor said."
OTHER_WORDS = "Twelve shoppers died when a jet bombed Idlib's main market, according to a monitor."
BASE = {"event_type": "airstrike", "date": DAY, "location": IDLIB, "targets": ["market"]}


def actor(actor_id: str, status: str = "alleged", by: str | None = "a monitor") -> dict:
    return {"name": actor_id, "id": actor_id, "status": status, "by": by}


def resolve(url, *reports: dict) -> IncidentRow:
    for n, spec in enumerate(reports):
        text = spec.pop("text", (TEXT, OTHER_WORDS)[n % 2])
        source = spec.pop("source", f"Outlet {n}")
        incident = BASE | {"phrase": text} | spec
        report, extraction = make(
            f"own-grade-{n}", source, DAY + dt.timedelta(days=1), text, [incident]
        )
        with session_scope(url) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    with session_scope(url) as s:
        return s.scalars(select(IncidentRow)).one()


KILLED = {"figs": [("killed", 12, {})]}


@pytest.mark.parametrize(
    ("reports", "grade", "reason"),
    [
        ([KILLED | {"perpetrators": [actor("russia")]}], "Weak", "a single source"),
        (
            [
                KILLED | {"perpetrators": [actor("russia")]},
                KILLED | {"perpetrators": [actor("russia")]},
            ],
            "Fair",
            "2 independent sources (Outlet 0 and Outlet 1) and an identified belligerent (Russia)",
        ),
        ([KILLED, KILLED], "Weak", "no identified belligerent"),
        (
            [KILLED | {"perpetrators": [actor("us_coalition", "claimed", None)]}],
            "Confirmed",
            "the US-led coalition accepted responsibility",
        ),
        (
            [KILLED | {"claims": [{"actor": "Coalition spokesman", "id": "us_coalition"}]}],
            "Confirmed",
            "accepted responsibility",
        ),
        (
            [
                KILLED | {"perpetrators": [actor("russia")]},
                KILLED | {"perpetrators": [actor("us_coalition")]},
            ],
            "Contested",
            "competing claims of responsibility: Russia and the US-led coalition",
        ),
        (
            [{"figs": [("killed", 12, {"group": "fighters"})], "perpetrators": [actor("russia")]}],
            "Discounted",
            "combatants",
        ),
    ],
)
def test_grade_and_reason(db_url, reports, grade, reason):
    row = resolve(db_url, *[dict(r) for r in reports])
    assert row.grade == grade
    assert reason in row.grade_reason
    assert f"graded {grade}" in row.summary


def test_wire_copies_count_as_one_source(db_url):
    row = resolve(
        db_url,
        KILLED | {"perpetrators": [actor("russia")]},
        KILLED | {"perpetrators": [actor("russia")], "text": TEXT + " More soon."},
    )
    assert row.record["n_reports"] == 2 and row.record["n_independent"] == 1
    assert row.grade == "Weak"


def test_summary_tells_the_facts(db_url):
    row = resolve(
        db_url,
        KILLED
        | {
            "perpetrators": [actor("syria_gov", by="rescuers")],
            "denials": [{"actor": "Damascus", "id": "syria_gov"}],
        },
    )
    assert row.summary.startswith("On 15 January 2020, an airstrike hit a market in Idlib")
    assert "12 people were killed" in row.summary
    assert "Syrian government forces was held responsible by rescuers" in row.summary
    assert "Syrian government forces denied involvement" in row.summary


def cites(who: str, value: int = 12) -> dict:
    return {"figs": [("killed", value, {"reported_by": who})], "perpetrators": [actor("russia")]}


def test_names_of_one_monitor_are_one_source(db_url):
    row = resolve(db_url, cites("SOHR"), cites("the Syrian Observatory for Human Rights"))
    assert row.record["n_reports"] == 2 and row.record["n_independent"] == 1
    assert [s["id"] for s in row.record["independent_sources"]] == ["sohr"]
    assert row.grade == "Weak" and row.grade_reason.startswith("a single source (SOHR)")


def test_an_outlet_quoting_a_monitor_counts_as_the_monitor(db_url):
    row = resolve(
        db_url,
        cites("SOHR") | {"source": "Levant Daily"},
        {
            "figs": [("killed", 12, {})],
            "source": "Syrian Observatory for Human Rights",
            "perpetrators": [actor("russia")],
        },
        {
            "figs": [("killed", 13, {})],
            "source": "Syria Civil Defence (White Helmets)",
            "text": "Rescuers pulled thirteen bodies from the market rubble in Idlib on Wednesday.",
        },
    )
    assert row.record["n_reports"] == 3 and row.record["n_independent"] == 2
    assert row.grade == "Fair"
    assert "2 independent sources (SOHR and White Helmets)" in row.grade_reason
    assert "Levant Daily" not in row.grade_reason
    assert "(SOHR and White Helmets)" in row.summary


def test_a_generic_reporter_is_named_by_the_country(db_url):
    row = resolve(db_url, cites("the health ministry"), cites("medics", 14))
    names = [s["name"] for s in row.record["independent_sources"]]
    assert names == ["medical sources", "Syrian Ministry of Health"]
    killed = {f["cites"]["id"] for f in row.record["figures"]}
    assert killed == {"syria_health_ministry", "medical_sources"}
