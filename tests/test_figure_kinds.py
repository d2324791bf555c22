"""The kind of a figure: a noun of the dead keeps its kind whatever verb ends the sentence."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.figures import find_figures, reconcile


@pytest.mark.parametrize(
    "text",
    [
        "Rescuers said 18 bodies had been pulled out, among them two infants, and 60 people "
        "were wounded.",
        "Medics counted 18 dead by nightfall, with four of them women, and 60 more were hurt.",
    ],
)
def test_a_noun_of_the_dead_is_not_read_as_wounded(text: str) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 18
    assert r.injured is not None and r.injured.min == 60


def test_the_wounded_who_later_died_still_count_as_dead() -> None:
    r = reconcile(
        find_figures("Nine people were wounded in the blast; two of the wounded later died.")
    )
    assert r.injured is not None and r.injured.min == 9


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A blast at the shrine killed at least 30 pilgrims, a caretaker of the shrine said.", 30),
        ("Shelling killed four people, a nurse at the clinic told reporters.", 4),
        ("Mortar fire killed six people, an official in the district said.", 6),
    ],
)
def test_whoever_speaks_after_the_toll_is_not_one_of_the_dead(text: str, killed: int) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (killed, killed)
    assert not any(f.value == 1 for f in find_figures(text))


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of traders marched through the market town to protest against the killing of "
        "two drivers by soldiers last week.",
        "Families held a vigil outside the court to commemorate the 14 people who died when the "
        "police opened fire in March.",
        "A minibus collided with a fuel tanker on the main road, killing nine passengers.",
    ],
)
def test_a_death_that_is_the_cause_of_a_protest_or_an_accident_is_no_toll(text: str) -> None:
    assert all(f.other_event for f in find_figures(text) if f.kind == "killed")


def test_a_toll_told_beside_a_protest_of_its_own_stays() -> None:
    text = "Police shot dead three protesters during a march against fuel prices in the capital."
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 3


def test_the_wars_other_totals_told_on_from_its_first_are_totals_too() -> None:
    text = (
        "A strike on the market killed 14 people on Monday. Aid agencies say the war has killed "
        "more than 300000 people wounded at least 900000 and displaced millions."
    )
    figs = find_figures(text)
    assert all(f.aggregate for f in figs if f.value >= 1000)
    r = reconcile([f for f in figs if not f.aggregate])
    assert r.injured is None and r.killed is not None and r.killed.max == 14


def test_a_days_toll_told_after_a_periods_total_stays_the_days() -> None:
    text = (
        "Rights workers have logged 140 deaths since early March, and they count 12 deaths for "
        "the clashes of the 9th."
    )
    figs = find_figures(text)
    assert [f.aggregate for f in sorted(figs, key=lambda f: f.start)] == [True, False]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (
            "A blast at a shrine in the city killed more than 40 pilgrims on Friday, a caretaker "
            "said. The provincial governor put the toll at 12.",
            12,
            40,
        ),
        (
            "Shelling killed 7 people in the market on Monday, medics said. Local officials put "
            "the death toll at 11.",
            7,
            11,
        ),
    ],
)
def test_a_toll_another_party_puts_on_the_attack_stays_in_the_range(
    text: str, low: int, high: int
) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "A strike on the shelter killed 27 people, 11 of them women and children, medics said.",
        "The shelling killed 19 people, including eight children and elderly residents.",
        "A drone hit the clinic, killing 16 women and children, a nurse said.",
    ],
)
def test_one_count_of_two_groups_counts_neither_alone(text: str) -> None:
    r = reconcile(find_figures(text))
    assert r.women_killed is None and r.children_killed is None


def test_counts_of_two_groups_each_with_its_number_still_count_each() -> None:
    r = reconcile(find_figures("The raid killed 12, among them five women and four children."))
    assert r.women_killed is not None and r.women_killed.min == 5
    assert r.children_killed is not None and r.children_killed.min == 4


@pytest.mark.parametrize(
    "text",
    [
        "A shell hit the square, killing 12 people, three residents and a nurse said.",
        "A shell hit the square, killing 12 people, two farmers and a teacher told reporters.",
    ],
)
def test_speakers_joined_by_and_are_not_among_the_dead(text: str) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (12, 12)


@pytest.mark.parametrize(
    "text",
    [
        "A drone killed four people in the town, the regional governor said.",
        "A drone killed four people in the town, the city council said on Monday.",
        "According to the governor, a drone killed four people in the town.",
        "The mayor and the city council say a drone killed four people in the town.",
    ],
)
def test_a_governor_or_a_council_reports_the_toll(text: str) -> None:
    (f,) = find_figures(text, country="UA")
    assert f.reported_by == "regional authorities (Ukraine)"


def test_counts_of_each_side_say_more_than_a_vague_word_for_all() -> None:
    r = reconcile(
        find_figures(
            "The infighting left dozens dead. At least 27 fighters were killed on both sides, "
            "and five civilians died in the crossfire."
        )
    )
    assert r.killed is not None and (r.killed.min, r.killed.max) == (32, 32)


@pytest.mark.parametrize(
    ("text", "lowest"),
    [
        (
            "A blast at the clinic killed 210 people, the ministry said. Foreign officials "
            "later estimated the death toll at 90.",
            90,
        ),
        (
            "A blast at the clinic killed 210 people, the ministry said. Foreign officials "
            "later estimated the toll at between 80 and 120.",
            80,
        ),
    ],
)
def test_another_partys_estimate_of_the_toll_makes_the_range(text: str, lowest: int) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (lowest, 210)


def test_a_part_of_the_toll_told_of_two_groups_is_no_sum() -> None:
    r = reconcile(
        find_figures("The blast killed 31 people, 12 of them women and children, officials said.")
    )
    assert r.killed is not None and (r.killed.min, r.killed.max) == (31, 31)
    assert r.women_killed is None and r.children_killed is None
