"""Stage "hw_targets": what an attack hit."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.targets import find_targets


@pytest.mark.parametrize(
    ("sentence", "targets"),
    [
        ("An airstrike hit a crowded vegetable market in the town centre.", {"market"}),
        ("Shelling damaged a primary school and the old mosque.", {"school", "mosque"}),
        ("The raid destroyed the only field hospital in the area.", {"hospital"}),
        ("Jets bombed a residential building where three families lived.", {"residential"}),
        ("A strike set fire to tents in a camp for displaced people.", {"idp_camp"}),
        ("People queuing at a bakery were killed when shells landed nearby.", {"bakery"}),
        ("The bombing cut off the water station that serves the city.", {"water"}),
    ],
)
def test_targets(sentence: str, targets: set[str]) -> None:
    assert targets <= {t.target for t in find_targets(sentence)}


def test_no_attack_no_target() -> None:
    assert find_targets("The hospital director spoke to reporters about the school year.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A drone struck a bus at a checkpoint, killing four passengers.",
        "Unknown men in a white car opened fire on a bus, wounding six.",
    ],
)
def test_a_vehicle_the_attack_hit_is_a_target(sentence: str) -> None:
    assert "vehicle" in {t.target for t in find_targets(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen on motorbikes raided the hamlet at dawn, killing eleven herders.",
        "Militants riding in pickup trucks attacked the village, killing nine.",
        "A truck bomb exploded at the gate of the ministry, killing 30.",
        "A car-bomb went off near the stadium, wounding dozens.",
    ],
)
def test_the_attackers_own_vehicle_or_a_vehicle_bomb_is_no_target(sentence: str) -> None:
    assert "vehicle" not in {t.target for t in find_targets(sentence)}
