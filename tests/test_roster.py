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


def test_a_baby_under_a_year_is_a_child() -> None:
    text = "The dead were Tariq Mansour (38 years old) and Rahaf Mansour (less than a year old)."
    assert [e.key for e in entries(text) if e.child] == ["rahaf mansour"]


def test_grown_daughters_in_a_list_are_women() -> None:
    text = (
        "The shell killed Yusuf Mansour (70 years old), his two daughters, Dalal Mansour (41 "
        "years old) and Huda Mansour (45 years old), and a neighbour, Said Amer (50 years old)."
    )
    women = {e.key for e in entries(text) if e.woman}
    assert women == {"dalal mansour", "huda mansour"}


def test_an_apposition_after_the_age_says_who_she_is() -> None:
    text = "Also killed was Nisreen Amer (28 years old), the niece of the shop owner."
    assert [e.key for e in entries(text) if e.woman] == ["nisreen amer"]
    # "his wife Laila" after a man's age is the next person, not an apposition of him
    text = "Killed were Adel Amer (40 years old), his wife Laila Amer (36 years old) and a cousin."
    assert [e.key for e in entries(text) if e.woman] == ["laila amer"]


def test_her_son_is_not_a_woman() -> None:
    text = "Salwa Haddad died with her son Nour Haddad (30 years old) when the roof fell in."
    assert not any(e.woman for e in entries(text) if e.key == "nour haddad")


def test_the_tail_of_a_cut_word_tells_no_sex() -> None:
    # the 40 characters searched before the age begin inside "whether": not the word "her"
    text = "Nobody knew whether the roof fell in before an obit for 52-year-old Salem Odeh died."
    assert text[text.index("52-year") - 40 :].startswith("her ")
    assert not any(e.woman for e in entries(text))


def test_a_woman_read_off_a_list_of_the_dead_yields_to_the_fuller_roster() -> None:
    from harmwatch.pipeline.reconcile import reconcile

    # "his wife, Aya, was also killed": one woman of the list, not a count of women
    listed = FigureMention("killed", 1, 1, "exact", "women", 0, 10, 0, 1, named_victims=True)
    text = (
        "The dead were Fadi Saleh (50 years old), his wife Mona Saleh (47 years old) and his "
        "mother Aziza Saleh (80 years old)."
    )
    extra = roster_figures(text, [listed])
    assert reconcile([listed, *extra]).women_killed == Range(min=2, max=2)


def test_a_list_that_gives_each_ones_sex() -> None:
    text = (
        "The family named its dead: Suha Darwish (44 years old, female), Kamal Darwish "
        "(47 years old, male) and Lina Darwish (9 years old, female)."
    )
    found = entries(text)
    assert [e.key for e in found if e.woman] == ["suha darwish"]
    assert [e.key for e in found if e.child] == ["lina darwish"]


def test_a_title_ends_no_sentence() -> None:
    text = "Killed were Sami Odeh (40 years old) and his wife Dr. Rasha Odeh (38 years old)."
    assert [e.key for e in entries(text) if e.woman] == ["rasha odeh"]


def test_her_points_back_to_the_woman_named_before_it() -> None:
    text = "Manal Odeh was reportedly killed alongside her three sons on Tuesday night."
    assert [e.key for e in entries(text) if e.woman] == ["manal odeh"]
    text = "The dead included Salma Odeh (33 years old), along with her husband Sami Odeh."
    assert [e.key for e in entries(text) if e.woman] == ["salma odeh"]
    text = "Omar Saad was killed with his two brothers on Tuesday night."
    assert not any(e.woman for e in entries(text))


def test_the_dead_told_before_the_wounded_in_one_sentence() -> None:
    text = (
        "The shell hit the house, killing his seven-year-old son Adam Odeh, and injuring 12 "
        "of his relatives."
    )
    assert [e.key for e in entries(text) if e.child] == ["adam odeh"]
    # the clause of the wounded adds nobody to the dead
    text = "Sami Odeh (40 years old) was killed and his son Karim Odeh (4 years old) was wounded."
    assert not any(e.child for e in entries(text))


def test_a_sentence_may_begin_with_an_age() -> None:
    text = (
        "The strike left seven deaths and eight injuries.11-year-old Rami Odeh was among the dead."
    )
    assert [e.key for e in entries(text) if e.child] == ["rami odeh"]


def test_an_age_in_months_in_words() -> None:
    text = "The dead were Nizar Odeh (33 years old) and his one month old nephew Amir Odeh."
    assert [e.key for e in entries(text) if e.child] == ["amir odeh"]
