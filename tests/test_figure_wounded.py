"""The wounded told without "wounded": a count under treatment or taken to hospital, and
"others" with no number (at least two, which a number said supersedes)."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.figures import find_figures, reconcile


@pytest.mark.parametrize(
    ("text", "wounded"),
    [
        ("A doctor at the district clinic said 14 others were receiving treatment for burns.", 14),
        ("After the shelling, seven residents were taken to hospital, a medic said.", 7),
        ("Six of the passengers were admitted to hospital in the provincial capital.", 6),
    ],
)
def test_a_count_under_treatment_is_of_the_wounded(text: str, wounded: int) -> None:
    r = reconcile(find_figures(text))
    assert r.killed is None
    assert r.injured is not None and r.injured.min == wounded


@pytest.mark.parametrize(
    "text",
    [
        "The drone hit a minibus at a checkpoint, killing three passengers and wounding others.",
        "Two fishermen died in the shelling of the harbour and others were badly hurt.",
    ],
)
def test_others_wounded_with_no_number_are_at_least_two(text: str) -> None:
    r = reconcile(find_figures(text))
    assert r.injured is not None and (r.injured.min, r.injured.max) == (2, None)


def test_a_number_said_of_the_wounded_supersedes_others() -> None:
    text = (
        "The drone hit a minibus at a checkpoint, killing three passengers and wounding others. "
        "Hospital staff later said 11 people were being treated for shrapnel wounds."
    )
    r = reconcile(find_figures(text))
    assert r.injured is not None and (r.injured.min, r.injured.max) == (11, 11)
