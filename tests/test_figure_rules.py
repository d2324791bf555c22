"""Each named rule of `harmwatch.pipeline.figure_rules`, read through `find_figures` on sentences
written for these tests. Every test here fails when its rule is taken out of the rule lists."""

from __future__ import annotations

import pytest

from harmwatch.pipeline import figure_rules
from harmwatch.pipeline.figures import find_figures
from harmwatch.pipeline.types import FigureMention


def figures(text: str, persons: list[tuple[int, int]] | None = None) -> list[FigureMention]:
    return find_figures(text, persons=persons or ())


def only(text: str, group: str, kind: str = "killed") -> FigureMention:
    """The one figure of ``group`` and ``kind`` (not counting lists of named victims)."""
    found = [f for f in figures(text) if f.group == group and f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def told(text: str) -> list[tuple[str, int, int | None, str]]:
    return [(f.kind, f.value, f.value_max, f.group) for f in figures(text)]


def test_rules_run_in_the_documented_order() -> None:
    names = [
        r.__name__
        for rules in (
            figure_rules.NEIGHBOUR_RULES,
            figure_rules.PAIR_RULES,
            figure_rules.MERGE_RULES,
            figure_rules.EACH_RULES,
        )
        for r in rules
    ]
    doc = figure_rules.__doc__ or ""
    assert [n for n in names if n in doc] == names
    assert sorted(names, key=doc.index) == names


# inherit_kind_from_neighbour


def test_a_count_joined_by_and_takes_the_kind_of_the_figure_before() -> None:
    f = only("The mortar round killed six civilians and two guards.", "soldiers")
    assert (f.value, f.value_max) == (2, 2)


def test_a_subset_after_including_takes_the_kind_of_the_figure_before() -> None:
    f = only("The blast killed eleven people, including five children.", "children")
    assert f.value == 5 and f.part_of_total


# joined_to_a_subset


def test_a_figure_joined_to_a_subset_is_a_subset_too() -> None:
    text = "Eight fighters, including two commanders and a medic, were killed at the post."
    medic = only(text, "medical_workers")
    assert medic.value == 1 and medic.part_of_total


# gapped_clause


def test_a_bare_count_with_a_place_of_its_own_after_a_figure_s_place_takes_its_kind() -> None:
    text = "Four guards were wounded at the north gate and two at the depot, the army said."
    assert told(text) == [("injured", 4, 4, "soldiers"), ("injured", 2, 2, "people")]


# two_bounds


def test_a_lower_bound_hedged_before_a_higher_one_is_a_figure_of_the_same_kind() -> None:
    text = "At least 6 farmers, and perhaps as many as 9, were killed in the raid."
    low = [f for f in figures(text) if f.value == 6]
    assert [(f.kind, f.qualifier) for f in low] == [("killed", "at_least")]


# one_count_between_two_numbers


def test_a_bare_number_hedged_before_a_figure_is_the_low_end_of_one_range() -> None:
    f = only("Medics said 4, possibly 5, civilians died in the fire.", "civilians")
    assert (f.value, f.value_max, f.qualifier) == (4, 5, "range")


# shared_noun


@pytest.mark.parametrize(
    ("text", "value", "value_max"),
    [
        ("The ambush left 3 PKK and 5 ISIS fighters dead.", 8, 8),
        ("At least 2 tribal and 6 allied fighters were killed.", 8, None),
    ],
)
def test_two_numbers_before_one_noun_add_up(text: str, value: int, value_max: int | None) -> None:
    f = only(text, "fighters")
    assert (f.value, f.value_max) == (value, value_max)


# same_group_sum


def test_counts_of_one_group_joined_by_and_are_one_figure() -> None:
    assert [
        (f.value, f.value_max)
        for f in figures("Two boys and a baby girl were killed by the shell.")
        if f.group == "children"
    ] == [(3, 3)]


def test_counts_of_one_group_summed_inside_a_subset() -> None:
    text = "Ten soldiers, including two officers and a pilot, were killed in the ambush."
    subsets = [(f.value, f.group) for f in figures(text) if f.part_of_total]
    assert subsets == [(3, "soldiers")]


# allocated_share


def test_a_share_coded_to_a_place_names_the_place() -> None:
    share = [f for f in figures("Of the 7 fatalities, 2 were coded to Beit Hanna.") if f.value == 2]
    assert [(f.allocated_to, f.part_of_total) for f in share] == [("Beit Hanna", True)]


# later_death


def test_the_later_death_of_someone_adds_to_the_toll() -> None:
    f = only("The later death of a woman brought the toll to four.", "women")
    assert f.increment


def test_someone_wounded_who_later_died_adds_to_the_toll() -> None:
    text = "A boy who was wounded by the shell later died in hospital."
    assert [f.increment for f in figures(text) if f.group == "children"] == [True]


def test_a_later_death_gives_a_bare_noun_its_kind() -> None:
    text = "Two guards were hurt; one guard later died of his wounds."
    one = [f for f in figures(text) if f.value == 1 and f.group == "soldiers"]
    assert [(f.kind, f.increment) for f in one] == [("killed", True)]


# increment


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A drone killed one fisherman; medics found the bodies of three more people.", 3),
        ("A mine killed a shepherd. Separately, a shell killed four farmers.", 4),
        ("Two drivers were also killed on the road.", 2),
    ],
)
def test_an_increment_adds_to_the_figures_before(text: str, value: int) -> None:
    assert [f.increment for f in figures(text) if f.value == value] == [True]


def test_a_count_told_by_someone_else_is_not_an_increment() -> None:
    text = "A mine killed a shepherd. Meanwhile the army said the blast killed 6 people."
    assert [f.increment for f in figures(text) if f.value == 6] == [False]


# is_casualty_count


@pytest.mark.parametrize(
    "text",
    [
        "The clashes killed 5 times as many as the bombing did.",  # a ratio
        "Snipers wounded several in the market.",  # a vague count of no one named, not killed
    ],
)
def test_numbers_that_count_no_victims_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_a_vague_count_of_killed_is_a_figure() -> None:
    assert told("Gunmen killed several in the market.") == [("killed", 3, None, "people")]


# demographic_subset


@pytest.mark.parametrize(
    "text",
    [
        "Seven villagers, two women and a man, were killed.",
        "Twelve people were killed, three women among them.",
    ],
)
def test_women_told_after_a_figure_of_people_are_a_part_of_it(text: str) -> None:
    assert only(text, "women").part_of_total


# killed_pronoun


@pytest.mark.parametrize(
    "text",
    [
        "A sniper hit the ferryman in the neck, which led to his death.",
        "A stray bullet struck the nurse in the market, causing her death.",
        "The beating of the driver resulted in his death.",
    ],
)
def test_a_death_told_through_a_pronoun_is_one_victim(text: str) -> None:
    assert told(text) == [("killed", 1, 1, "people")]
    assert figures(text)[0].named_victims


# victim_lists


def test_a_list_of_victims_is_counted_and_its_figures_are_parts_of_it() -> None:
    text = "Leila Haddad, her husband and their two sons were killed in the fire."
    name = text.index("Leila Haddad")
    found = figures(text, persons=[(name, name + len("Leila Haddad"))])
    total = [f for f in found if f.value == 4]
    assert [(f.kind, f.named_victims) for f in total] == [("killed", True)]
    inside = [f for f in found if f.value != 4]
    assert inside and all(f.part_of_total for f in inside)


# zero_figures


def test_no_casualties_are_zero_killed_and_zero_injured() -> None:
    assert sorted(told("The depot burned, but no casualties were reported.")) == [
        ("injured", 0, 0, "people"),
        ("killed", 0, 0, "people"),
    ]
