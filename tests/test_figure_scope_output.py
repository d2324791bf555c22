"""Every figure of a report keeps its scope in the output: the incident's toll and its parts
on the incident, the report's other figures (totals, other incidents' tolls) beside it, each
with its evidence. Texts written for these tests."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor

TEXT = (
    "A drone strike on a wedding tent in the village of Dhi Bin killed 14 people, including "
    "five children, on Sunday, local officials said. Across the province, 40 people were "
    "killed over the weekend. Since January, more than 900 civilians have been killed there."
)


def test_each_figure_says_what_it_counts() -> None:
    out = get_extractor().extract(Report(id="t", text=TEXT, published=dt.date(2021, 3, 8)))
    (inc,) = [i for i in out.incidents if not i.background]
    assert [(f.value, f.scope) for f in inc.figures] == [(14, "incident"), (5, "part")]
    assert inc.killed is not None and (inc.killed.min, inc.killed.max) == (14, 14)
    assert [(f.value, f.scope) for f in out.totals] == [(40, "total"), (900, "total")]
    for f in out.totals:
        assert f.evidence is not None
        assert str(f.value) in TEXT[f.evidence[0] : f.evidence[1]]


def test_a_report_with_no_trigger_has_no_totals() -> None:
    out = get_extractor().extract(Report(id="t", text="The market reopened on Sunday."))
    assert out.incidents == [] and out.totals == []


def test_a_long_reports_totals_point_into_the_whole_text() -> None:
    from harmwatch.pipeline.long_text import CHUNK_CHARS

    filler = "The market reopened and traders sold vegetables. " * (CHUNK_CHARS // 48 + 10)
    text = filler + TEXT
    out = get_extractor().extract(Report(id="t", text=text, published=dt.date(2021, 3, 8)))
    assert [f.value for f in out.totals] == [40, 900]
    for f in out.totals:
        assert f.evidence is not None and f.evidence[0] > len(filler) - 1
        assert str(f.value) in text[f.evidence[0] : f.evidence[1]]
