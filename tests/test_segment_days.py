"""An incident whose sentences name no day of their own took place on the day the report has
just told, not on the day it was published."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor


def test_a_roundups_places_share_the_day_of_its_lead() -> None:
    text = (
        "On 3 March, drones and missiles struck several cities across the country overnight. "
        "In Odesa, a missile hit a block of flats, killing five residents. "
        "In Kharkiv, a drone set a warehouse ablaze, wounding three workers."
    )
    found = get_extractor().extract(Report(id="t", text=text, published=dt.date(2024, 3, 5)))
    days = {i.location.name if i.location else None: i.date for i in found.incidents}
    assert len(found.incidents) == 2
    assert set(days.values()) == {dt.date(2024, 3, 3)}
