"""Casualty figures read in hedged bounds ("at least two but possibly up to nine") and in one
victim told with the dead alongside them ("X was killed alongside 7 relatives"). Sentences are
my own."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.figures import find_figures, reconcile


def killed(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).killed
    return None if r is None else (r.min, r.max)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least one but possibly up to 8 civilians died when the shell hit the bus.", (1, 8)),
        ("The raid on the farm left at least 6 and potentially more than 11 people dead.", (6, 11)),
        (
            "A rocket hit the depot, resulting in at least 14 but perhaps as many as 20 deaths.",
            (14, 20),
        ),
        # the older hedges still read
        ("Two, perhaps three, people died in the blast at the depot.", (2, 3)),
    ],
)
def test_a_hedged_higher_bound_keeps_the_lower_one(
    text: str, expected: tuple[int | None, int | None]
) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "children"),
    [
        # one named victim, then "alongside" / "together with" a count: one more dead
        ("Jets bombed the farm, killing Karim Odeh alongside 7 relatives.", (8, 8), None),
        (
            "The local commander Samir Nadim was killed together with at least four of his "
            "relatives when jets bombed his house.",
            (5, 5),
            None,
        ),
        # "their children" are kin of any age: no count of minors
        (
            "An airstrike hit the house, killing the wife of the mayor alongside their three "
            "children.",
            (4, 4),
            None,
        ),
        ("Rami Saleh was killed along with his brother in the raid.", (2, 2), None),
        # already read: a counted victim joined to the count by "along with"
        ("A woman was killed along with her 3 children when the shell landed.", (4, 4), (3, 3)),
        # not one victim before the cue, or no killing: nothing added
        ("Shelling killed two farmers along with 6 other villagers near the well.", (8, 8), None),
        ("The officer was arrested with 3 other men at the checkpoint.", None, None),
    ],
)
def test_one_victim_and_the_dead_alongside_them(
    text: str,
    expected: tuple[int | None, int | None] | None,
    children: tuple[int | None, int | None] | None,
) -> None:
    r = reconcile(find_figures(text))
    assert (None if r.killed is None else (r.killed.min, r.killed.max)) == expected
    got = r.children_killed
    assert (None if got is None else (got.min, got.max)) == children


def injured(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).injured
    return None if r is None else (r.min, r.max)


def test_two_vague_words_span_a_range() -> None:
    text = (
        "Shells hit the camp on Monday and dozens of people were wounded. A video showed a "
        "number of people who were wounded being carried to cars."
    )
    assert injured(text) == (2, 24)
    # one vague word alone still gives no highest figure
    assert injured("Dozens of people were wounded when shells hit the camp.") == (24, None)
