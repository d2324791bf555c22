"""The roster of the dead: children and women counted from named victims with ages and kin
words, when the report gives no count of them. Sentences are my own."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Range, Report
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.roster import entries, roster_figures
from harmwatch.pipeline.types import FigureMention

FAMILY = (
    "An air strike on Tuesday destroyed the Haddad home in Deir al-Balah. The dead were named "
    "as Karim Haddad (41 years old), his wife Salma Haddad (38 years old), their 9-year-old "
    "son Yousef Haddad and a 6-month-old baby, Lina Haddad. Relatives said Yousef Haddad had "
    "just started school. Umm Karim, the grandmother, also died."
)


def test_ages_and_kin_words_make_the_roster() -> None:
    found = entries(FAMILY)
    children = {e.key for e in found if e.child}
    women = {e.key for e in found if e.woman}
    assert children == {"yousef haddad", "lina haddad"}
    assert women == {"salma haddad", "umm karim"}
    assert not any(e.key == "karim haddad" and (e.child or e.woman) for e in found)


def test_the_wounded_are_not_on_the_roster() -> None:
    text = "Two girls, Noor Saleh (7) and Hala Saleh (9), were wounded and taken to hospital."
    assert entries(text) == []


def test_a_count_the_report_gives_wins_over_the_roster() -> None:
    said = FigureMention("killed", 3, 3, "exact", "children", 0, 10, 0, 1)
    groups = {f.group for f in roster_figures(FAMILY, [said])}
    assert groups == {"women"}


def test_an_incident_takes_children_and_women_from_its_roster_only() -> None:
    inc = next(
        i
        for i in get_extractor()
        .extract(Report(id="r", text=FAMILY, published=dt.date(2023, 11, 8)))
        .incidents
        if not i.background
    )
    assert inc.children_killed == Range(min=2, max=2)
    assert inc.women_killed == Range(min=2, max=2)
    assert all(f.group not in ("children", "women") for f in inc.figures)  # not a source's count
