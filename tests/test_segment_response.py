"""The other side's answer to a strike ("fired rockets in response"), told with no one harmed,
is no part of the strike: it gives it neither its attacker nor its type."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor


def incidents(text: str) -> list:
    return (
        get_extractor().extract(Report(id="t", text=text, published=dt.date(2021, 5, 12))).incidents
    )


def test_an_answer_with_no_one_harmed_gives_the_strike_no_attacker() -> None:
    (incident,) = incidents(
        "An air strike on a house in Beit Hanoun killed six people on Tuesday, medics said. "
        "Hamas launched dozens of rockets towards Israel in retaliation."
    )
    assert incident.killed is not None and incident.killed.min == 6
    assert incident.event_type == "airstrike"
    assert all(p.id != "hamas" for p in incident.perpetrators)


def test_an_answer_that_harms_is_still_told() -> None:
    found = incidents(
        "An air strike on a house in Beit Hanoun killed six people on Tuesday, medics said. "
        "In response, Hamas fired rockets at Ashkelon, killing two people."
    )
    assert any(i.killed is not None and i.killed.min == 2 for i in found)
