"""Event notes in ACLED's style from wars the dev sets do not hold: the attack words they use.

Grenades thrown (ACLED's "Grenade" sub-event of explosions), beatings told with a gerund or a noun
("accused of assaulting", "a video of men beating", "subjected to beatings") and police
"baton charges" are attacks; a grenade launcher seized is none, and a rocket-propelled
grenade is fire, not a thrown explosive."""

from __future__ import annotations

import pytest

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.events import find_events, incident_type


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("A man threw a hand grenade at a bar in the market district.", "ied"),
        ("Suspected rebels lobbed a grenade at a police post, wounding two officers.", "ied"),
        ("Two guards were hurt in a grenade attack on the governor's office.", "ied"),
        ("Officers are accused of assaulting a motorcyclist who broke the curfew.", "other"),
        ("A clip shows armed men beating farmers with sticks near the river.", "other"),
        ("Detained students were subjected to beatings in the station.", "other"),
        ("Police baton charged traders who had opened their shops during the lockdown.", "other"),
    ],
)
def test_attack_words_of_event_notes(sentence: str, event_type: str) -> None:
    found = find_events(sentence)
    assert found, sentence
    assert incident_type(found) == event_type


@pytest.mark.parametrize(
    "sentence",
    [
        "The fighters seized rifles and grenade launchers from the depot.",
        # fired, not thrown: a rocket's shot, as ACLED codes it
        "A rocket-propelled grenade hit the wall of a school, wounding a guard.",
    ],
)
def test_a_grenade_launched_is_no_grenade_attack(sentence: str) -> None:
    assert incident_type(find_events(sentence)) != "ied"


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    return get_extractor()


def test_a_note_of_a_thrown_grenade_is_an_incident(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 2 May 2021, an unknown man threw a grenade at a bar in Gitega (Gitega, Gitega). "
        "Three people were injured."
    )
    incidents = extractor.extract(Report(id="n1", text=text)).incidents
    assert len(incidents) == 1
    assert incidents[0].event_type == "ied"
    assert incidents[0].location is not None and incidents[0].location.country == "BI"


def test_a_baton_charge_by_police_names_the_country_s_police(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 2 May 2021, police baton charged shopkeepers in Patna (Patna, Bihar) for "
        "flouting the lockdown."
    )
    incidents = extractor.extract(Report(id="n2", text=text)).incidents
    assert len(incidents) == 1
    assert [p.name for p in incidents[0].perpetrators] == ["Police Forces of India"]


@pytest.mark.parametrize(
    "text",
    [
        "On 6 June 2021, a quarrel between police officers and soldiers at a checkpoint in Kaduna "
        "(Kaduna North, Kaduna) ended in a shootout. One soldier was killed.",
        "On 6 June 2021, an altercation between soldiers and policemen in Kaduna (Kaduna North, "
        "Kaduna) turned into an armed clash, leaving one soldier dead.",
    ],
)
def test_the_sides_of_a_quarrel_that_turned_into_a_fight_fought_it(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    incidents = extractor.extract(Report(id="n3", text=text)).incidents
    assert len(incidents) == 1
    assert {p.name for p in incidents[0].perpetrators} == {
        "Police Forces of Nigeria",
        "Military Forces of Nigeria",
    }


def test_a_quarrel_with_no_fight_told_makes_no_sides(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 6 June 2021, a dispute between the police and the army over a checkpoint in Kaduna "
        "(Kaduna North, Kaduna) was settled by the governor. Separately, gunmen killed a farmer "
        "near Kaduna."
    )
    incidents = extractor.extract(Report(id="n4", text=text)).incidents
    assert all(
        p.name not in ("Police Forces of Nigeria", "Military Forces of Nigeria")
        for inc in incidents
        for p in inc.perpetrators
    )


def test_a_district_named_in_its_province_is_that_province_s_not_a_namesake_abroad(
    extractor,  # type: ignore[no-untyped-def]
) -> None:
    # "(Dara, Sud-Kivu)": the province is chosen first, so the district of a name that is also
    # a Syrian province is read in Congo, and "soldiers" are Congo's
    text = (
        "On 14 May 2021, soldiers shelled a village in Dara district (Dara, Sud-Kivu), "
        "killing two civilians."
    )
    incidents = extractor.extract(Report(id="n5", text=text)).incidents
    assert len(incidents) == 1
    assert incidents[0].location is not None and incidents[0].location.country == "CD"
    assert [p.name for p in incidents[0].perpetrators] == [
        "Military Forces of the Democratic Republic of Congo"
    ]


def test_a_village_of_a_state_is_in_that_state(extractor) -> None:  # type: ignore[no-untyped-def]
    # "a village of X State": X is the state, not a town of the name in another country
    text = "On 9 May 2021, soldiers shot dead a farmer in a village of Shan State."
    incidents = extractor.extract(Report(id="n6", text=text)).incidents
    assert len(incidents) == 1
    assert incidents[0].location is not None and incidents[0].location.country == "MM"
    assert [p.name for p in incidents[0].perpetrators] == ["Military Forces of Myanmar"]


def test_the_named_placed_before_being_accused_is_the_alleged_attacker(extractor) -> None:  # type: ignore[no-untyped-def]
    # the words put the police in a town and its districts before saying they are accused
    text = (
        "On 2 May 2021, police in Eldoret (Eldoret East, Uasin Gishu) are accused of "
        "assaulting a rider for breaking the curfew."
    )
    incidents = extractor.extract(Report(id="n7", text=text)).incidents
    assert len(incidents) == 1
    assert [p.name for p in incidents[0].perpetrators] == ["Police Forces of Kenya"]


def test_a_province_of_congo_s_2015_map_is_known(extractor) -> None:  # type: ignore[no-untyped-def]
    # ACLED names Congo's 26 provinces (2015); a village no gazetteer holds, in one of them,
    # is placed in Congo, not at a namesake abroad
    text = (
        "On 30 May 2021, ADF militants raided Bogolo (Irumu, Ituri) at night, killing six "
        "civilians."
    )
    incidents = extractor.extract(Report(id="n8", text=text)).incidents
    assert len(incidents) == 1
    assert incidents[0].location is not None and incidents[0].location.country == "CD"


@pytest.mark.parametrize(
    ("text", "party"),
    [
        (
            "On 3 June 2021, Awami League activists attacked a BNP rally in Comilla (Comilla, "
            "Chittagong), injuring twelve.",
            "AL: Bangladesh Awami League",
        ),
        (
            "On 3 June 2021, ODM supporters stoned the convoy of a rival candidate in Kisumu "
            "(Kisumu Central, Kisumu), injuring two.",
            "ODM: Orange Democratic Movement",
        ),
    ],
)
def test_a_party_s_supporters_who_attack_are_the_party_s_militia(
    extractor,  # type: ignore[no-untyped-def]
    text: str,
    party: str,
) -> None:
    # ACLED names a party's militia by the party ("AL: Bangladesh Awami League"); the party
    # attacked is no attacker
    incidents = extractor.extract(Report(id="n9", text=text)).incidents
    assert len(incidents) == 1
    assert [p.name for p in incidents[0].perpetrators] == [party]
