"""Two parties' counts of one attack's dead: a count that names no group, told as another
party's, counts the same dead as the figure that names them, and the two make the range."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.figures import find_figures, reconcile


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (
            "Artillery hit a trench line on Monday and 63 soldiers were killed, the defence "
            "ministry said. The other side's military put the toll at about 400.",
            63,
            400,
        ),
        (
            "A drone hit a checkpoint on Sunday, killing 9 policemen, the interior ministry said. "
            "The insurgents put the toll at 30.",
            9,
            30,
        ),
    ],
)
def test_another_partys_count_of_the_same_dead_makes_the_range(
    text: str, low: int, high: int
) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (low, high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        # the other count has civilians among it: it is of more people than the soldiers
        (
            "Rebels ambushed a convoy, killing 14 soldiers, the army said. Local officials put "
            "the toll at 20, including six civilians.",
            20,
            20,
        ),
        # children are a part of the dead, not all of them
        (
            "A mortar round killed five children in a schoolyard, medics said. Local officials "
            "put the toll at 9.",
            9,
            9,
        ),
    ],
)
def test_a_count_of_more_than_the_named_group_is_not_theirs(text: str, low: int, high: int) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is not None and (r.killed.min, r.killed.max) == (low, high)
