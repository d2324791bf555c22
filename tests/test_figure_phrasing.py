"""Figures in the shapes news reports give them: a speaker after the toll, a quoted count, a
toll estimated "to be higher than N", a subset among a qualified toll, and "N of M" counts."""

from __future__ import annotations

from harmwatch.pipeline.figures import find_figures, reconcile


def test_a_group_that_speaks_after_the_toll_is_not_a_victim() -> None:
    text = "Militia raids on the hamlet killed at least 30 people, an activist network said."
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (30, 30)


def test_a_count_in_quotation_marks_is_read() -> None:
    text = 'Paramilitaries stormed the market, killing "up to 60" traders, a local committee said.'
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (None, 60)


def test_a_toll_reckoned_to_be_greater_than_a_number() -> None:
    text = (
        "At least 70 people died in the bombing, state radio said. A nurse at the field clinic "
        "reckoned the toll to be greater than 90."
    )
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (70, 90)


def test_children_among_a_qualified_toll_are_a_part_of_it() -> None:
    text = "Eight children were among at least 35 villagers killed when the column opened fire."
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 35
    assert r.children_killed is not None and r.children_killed.min == 8


def test_n_of_someones_m_children_counts_n_children() -> None:
    text = "The shell killed six of a teacher's seven children as they slept, relatives said."
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 6
    assert r.children_killed is not None and r.children_killed.min == 6


def test_n_of_the_m_people_counts_n() -> None:
    text = "Three of the five guards at the gate were killed in the blast."
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 3


def test_earlier_this_month_cut_at_the_figures_window_is_no_period_total() -> None:
    # "earlier this month" sets the attack in the month: the 25 are its toll, even when the
    # words before the figure reach back only as far as "...lier this month"
    text = (
        "The army admitted on Friday that its jets bombed a market earlier this month in the "
        "town of Kafr Nabl, where residents say at least 25 people died."
    )
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 25


def test_a_count_whose_noun_says_whom_it_belongs_to_is_read() -> None:
    text = (
        "Four rescuers belonging to the civil defence were killed when a second strike hit the "
        "same street, and two drivers employed by an aid agency were wounded."
    )
    r = reconcile(find_figures(text))
    assert r.killed is not None and r.killed.min == 4
    assert r.injured is not None and r.injured.min == 2
