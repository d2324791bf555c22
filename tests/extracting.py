"""A report's text extracted as the pipeline reads it, for the tests of extraction:
`current_incidents(text, published)` is what the report tells of its own days and places (its
background incidents left out)."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Incident, Report
from harmwatch.pipeline import get_extractor


def current_incidents(text: str, published: dt.date, report_id: str = "t") -> list[Incident]:
    report = Report(id=report_id, text=text, published=published)
    return [i for i in get_extractor().extract(report).incidents if not i.background]
