"""Which incident of a report the attackers a sentence names belong to: an answer to an attack
is an attack of its own; a statement about "the attacks" points back to the attacks told in the
plural, not to the one strike told last."""

from __future__ import annotations

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor


def test_a_retaliation_told_after_the_attack_is_an_attack_of_its_own() -> None:
    text = (
        "An Israeli drone strike killed four men on a motorbike in the city of Nabatieh on "
        "Thursday. In retaliation, Hezbollah fired rockets at the Israeli town of Kiryat Shmona."
    )
    out = get_extractor().extract(Report(id="retaliation", text=text, published="2024-05-10"))
    struck = [i for i in out.incidents if i.killed and i.killed.min == 4]
    assert len(struck) == 1
    assert [p.id for p in struck[0].perpetrators] == ["israel"]
    # the salvo is Hezbollah's, told as an incident of its own
    assert any(
        "hezbollah" in [p.id for p in i.perpetrators] for i in out.incidents if i is not struck[0]
    )


def test_a_statement_about_the_attacks_belongs_to_the_attacks_told_in_the_plural() -> None:
    text = (
        "Overnight airstrikes on the city of Maarat al-Numan killed at least 30 civilians, "
        "rescuers said on Tuesday. The strikes hit a bakery and a school.\n"
        "In the town of Kafr Nabl, an airstrike wounded two farmers in an olive grove.\n"
        "The foreign ministry of Qatar issued a statement after the attacks, condemning the "
        "crimes of the Syrian regime."
    )
    out = get_extractor().extract(Report(id="statement", text=text, published="2019-05-14"))
    main = [i for i in out.incidents if i.killed and i.killed.min == 30]
    assert len(main) == 1
    assert "syria_gov" in [p.id for p in main[0].perpetrators]
    others = [i for i in out.incidents if i is not main[0] and not i.background]
    assert others and all("syria_gov" not in [p.id for p in i.perpetrators] for i in others)
