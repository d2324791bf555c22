"""The attackers a report's lead names for the attacks it then tells one by one (issue 11).
Sentences are my own."""

from __future__ import annotations

import datetime as dt

from extracting import current_incidents

from harmwatch.models import Incident, Location, Perpetrator
from harmwatch.pipeline.lead_attackers import share_lead_attackers
from harmwatch.pipeline.types import ActorMention


def _incidents(text: str) -> list[Incident]:
    return current_incidents(text, dt.date(2024, 3, 10), report_id="lead")


def test_an_attack_told_after_the_lead_takes_its_attackers() -> None:
    text = (
        "Russian shelling killed four civilians on Saturday in Ukraine's Zaporizhzhia region, "
        "officials said. Three bodies were pulled from a house hit in the morning in Orikhiv. "
        "Another resident was killed in an evening artillery strike on Huliaipole, the regional "
        "governor said."
    )
    found = _incidents(text)
    assert len(found) == 2
    assert all({p.id for p in i.perpetrators} == {"russia"} for i in found)


def test_an_attack_told_before_anyone_is_named_takes_none() -> None:
    text = (
        "Air strikes killed nine people on Tuesday in the village of Kafr Nabl in Idlib province, "
        "rescuers said. Later, regime helicopters dropped barrel bombs on Saraqib in Idlib "
        "province, killing three."
    )
    found = _incidents(text)
    first = [i for i in found if i.killed and i.killed.min == 9]
    assert first and first[0].perpetrators == []


def _attack(kind: str, admin1: str, start: int, who: str | None = None) -> Incident:
    return Incident(
        event_type=kind,  # type: ignore[arg-type]
        location=Location(name=admin1, admin1=admin1, country="SY"),
        perpetrators=[Perpetrator(name=who, id=who)] if who else [],
        evidence=[(start, start + 50)],
    )


def test_siblings_that_name_different_attackers_share_none() -> None:
    named = [_attack("airstrike", "Idlib", 100, "russia"), _attack("airstrike", "Idlib", 200, "sy")]
    bare = _attack("airstrike", "Idlib", 300)
    lead = [ActorMention(0, 6, "Russia", "russia", "perpetrator")]
    share_lead_attackers([*named, bare], lead)
    assert bare.perpetrators == []


def test_another_kind_or_province_shares_none() -> None:
    lead = [ActorMention(0, 6, "Russia", "russia", "perpetrator")]
    for bare in (_attack("shooting", "Idlib", 300), _attack("airstrike", "Hama", 300)):
        share_lead_attackers([_attack("airstrike", "Idlib", 100, "russia"), bare], lead)
        assert bare.perpetrators == []
    bare = _attack("shelling", "Idlib", 300)  # fired from afar, as the air strike
    share_lead_attackers([_attack("airstrike", "Idlib", 100, "russia"), bare], lead)
    assert [p.id for p in bare.perpetrators] == ["russia"]


def test_an_attack_on_the_leads_attackers_does_not_take_them() -> None:
    text = (
        "Shelling by the Rapid Support Forces killed 20 people at a bus station in Omdurman on "
        "Saturday, the health ministry said. In a separate incident in Khartoum, three civilians "
        "were killed in an air raid on an RSF-held district, volunteers said."
    )
    found = _incidents(text)
    hit = [i for i in found if i.killed is not None and i.killed.min == 3]
    assert hit and all(p.id != "rsf" for p in hit[0].perpetrators)
