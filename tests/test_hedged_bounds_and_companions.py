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
