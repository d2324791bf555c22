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


def test_a_higher_count_said_stands_and_a_lower_one_yields_to_the_named_children() -> None:
    from harmwatch.pipeline.reconcile import reconcile

    for said, expected in ((3, 3), (1, 2)):
        told = FigureMention("killed", said, said, "exact", "children", 0, 10, 0, 1)
        extra = roster_figures(FAMILY, [told])
        assert {f.group for f in extra} == {"children", "women"}
        assert reconcile([told, *extra]).children_killed == Range(min=expected, max=expected)
    women = FigureMention("killed", 5, 5, "exact", "women", 0, 10, 0, 1)
    assert {f.group for f in roster_figures(FAMILY, [women])} == {"children"}


def test_ages_in_words_count() -> None:
    text = "Hamada Nasser was killed along with his eight-year-old son Moaz Nasser."
    assert [e.key for e in entries(text) if e.child] == ["moaz nasser"]


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
