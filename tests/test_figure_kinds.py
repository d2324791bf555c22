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
