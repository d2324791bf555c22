"""Two attacks in one sentence joined by a clause of contrast, each with its own place and
toll, are two incidents."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor


def test_a_while_clause_with_its_own_attack_and_place_is_an_incident_of_its_own() -> None:
    text = (
        "Rebel shelling killed 12 people in Goma on Thursday, while a government air strike on "
        "a market in the town of Sake killed nine on the same day, aid workers said."
    )
    found = get_extractor().extract(Report(id="t", text=text, published=dt.date(2024, 2, 9)))
    tolls = {
        (i.location.name if i.location else None, i.killed.min if i.killed else None)
        for i in found.incidents
    }
    assert len(found.incidents) == 2
    assert {k for _, k in tolls} == {12, 9}
