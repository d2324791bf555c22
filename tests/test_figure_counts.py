"""The readings of `harmwatch.pipeline.figure_counts` (whom a number counts, and the kind the
words around it give it), read through `find_figures` on sentences written for these tests.
Every test here fails when its reading is taken out of the reading lists."""

from __future__ import annotations

import pytest

from harmwatch.pipeline import figure_counts
from harmwatch.pipeline.figures import find_figures


def told(text: str) -> list[tuple[str, int, int | None, str]]:
    return [(f.kind, f.value, f.value_max, f.group) for f in find_figures(text)]


def test_readings_run_in_the_documented_order() -> None:
    doc = figure_counts.__doc__ or ""
    for readings in (figure_counts.COUNT_READINGS, figure_counts.KIND_READINGS):
        names = [r.__name__ for r in readings]
        assert sorted(names, key=doc.index) == names


def test_group_modifiers_are_read_from_the_data_file() -> None:
    mods = figure_counts.group_modifiers()
    assert mods["military"] == "soldiers" and mods["insurgent"] == "fighters"


# whom a number counts


def test_a_family_of_n_is_n_people() -> None:
    assert told("The strike killed a family of five.") == [("killed", 5, 5, "people")]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Nine civilians were killed at the crossing.", "civilians"),
        ("Six members of the Haddad family were killed.", "people"),
        ("The ambush ended with 3 insurgent fatalities.", "fighters"),
    ],
)
def test_a_counted_noun_says_whom_a_number_counts(text: str, group: str) -> None:
    assert [f[3] for f in told(text)] == [group]


def test_kin_of_someone_are_identified_victims() -> None:
    (f,) = find_figures("Two of her sons were killed in the raid.")
    assert (f.value, f.named_victims) == (2, True)


def test_two_of_them_counts_people_told_before() -> None:
    text = "Guards detained five smugglers; two of them were later shot dead."
    assert told(text) == [("killed", 2, 2, "people")]


def test_a_noun_no_vocabulary_knows_counts_people_when_they_were_killed() -> None:
    assert told("Three Korvani porters were killed near the pass.") == [("killed", 3, 3, "people")]


def test_a_single_victim_without_a_number_is_a_count_of_one() -> None:
    assert told("A woman was killed by a stray shell.") == [("killed", 1, 1, "women")]


# the kind the words around a count give it


def test_a_casualty_word_before_the_count() -> None:
    assert told("The shelling killed 14 people.") == [("killed", 14, 14, "people")]


def test_a_toll_that_rose_is_a_revised_killed_figure() -> None:
    (f,) = find_figures("The death toll in the district rose to 31.")
    assert (f.kind, f.value, f.revision) == ("killed", 31, True)


def test_a_casualty_word_after_the_noun_phrase() -> None:
    assert told("Eleven people were injured in the blast.") == [("injured", 11, 11, "people")]


def test_beaten_to_death_is_killed_but_sentenced_to_death_is_not() -> None:
    assert told("Villagers beat two soldiers to death.") == [("killed", 2, 2, "soldiers")]
    assert told("A court sentenced two soldiers to death.") == []


def test_a_noun_that_carries_the_kind() -> None:
    assert told("There were 17 fatalities in the clashes.") == [("killed", 17, 17, "people")]


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        ("Four nurses were among 52 civilians killed.", ("killed", 4, "medical_workers")),
        ("Six children were among the 30 people killed in the blast.", ("killed", 6, "children")),
        ("Two women were also among the 19 wounded.", ("injured", 2, "women")),
    ],
)
def test_a_part_told_among_a_counted_toll(sentence: str, part: tuple[str, int, str]) -> None:
    # "N X were among M killed": N is a part of the toll that the number after "among" gives
    figs = find_figures(sentence)
    sub = [(f.kind, f.value, f.group) for f in figs if f.part_of_total]
    assert sub == [part]
    assert any(not f.part_of_total and f.kind == part[0] for f in figs)


def test_members_of_a_group_are_that_group() -> None:
    # "members of the medical staff" are medics, not the fighters "members" alone would be
    assert told("A raid on the clinic killed 9 members of the medical staff.") == [
        ("killed", 9, 9, "medical_workers")
    ]
    assert told("Four members of the militia were killed.") == [("killed", 4, 4, "fighters")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # whose people they were, between the count and its verb
        ("Five volunteers of a food charity died when a strike hit their van.", 5),
        ("Five employees of an aid group were killed in the strike.", 5),
        ("Three nurses of the district hospital were wounded.", 3),
    ],
)
def test_a_count_with_whose_people_they_were_still_meets_its_verb(text: str, value: int) -> None:
    assert [f.value for f in find_figures(text)] == [value]


def test_a_number_inside_whose_members_is_no_count() -> None:
    found = find_figures("Five members of one family were killed when a shell hit the house.")
    assert [(f.kind, f.value) for f in found] == [("killed", 5)]


def test_the_time_before_a_count_is_no_victim_named() -> None:
    # "Since January" is two capitalised words, as a person's name is
    found = find_figures("Since January, 900 civilians have been killed in the province.")
    assert [f.value for f in found] == [900]
