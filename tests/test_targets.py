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
