"""Stage "hw_events": event type from weapons, vehicles and verbs."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.events import find_events, incident_type, lead_type


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("Warplanes carried out several air strikes on the town.", "airstrike"),
        ("Government helicopters dropped barrel bombs on the eastern districts.", "barrel_bomb"),
        ("A drone strike hit a car on the road to the border.", "drone_strike"),
        ("Artillery shelling on the village wounded two farmers.", "shelling"),
        ("A car bomb exploded near a checkpoint at the entrance of the city.", "ied"),
        ("A suicide bomber blew himself up at a wedding.", "ied"),
        ("Rebels fired rockets at the government-held quarter.", "shelling"),
        ("Snipers shot dead a woman crossing the bridge.", "shooting"),
        ("Heavy clashes broke out between the two factions on the front line.", "ground_clash"),
        ("A child was killed when unexploded ordnance went off in a field.", "uxo"),
        ("Doctors treated dozens for suffocation after a chlorine gas attack.", "chemical"),
        ("The family was at home when the building collapsed.", "other"),
        # a raid by forces on the ground is not an air raid
        ("Two men died when officers stormed the farm in a night raid.", "ground_clash"),
        ("Three suspects were killed in a police raid on a warehouse.", "ground_clash"),
        ("Jets carried out raids on the hills west of the town.", "airstrike"),
        # bombs dropped from the air, named by the bomb
        ("The enemy dropped a guided aerial bomb on a residential block.", "airstrike"),
        ("A glide bomb hit the railway depot at dawn.", "airstrike"),
        ("A grenade dropped from a drone wounded two soldiers.", "drone_strike"),
        ("Helicopters dropped barrel bombs on the eastern districts.", "barrel_bomb"),
        # "air attack": an attack from the air, as "air strike" and "air raid" are
        ("Four herders died in an air attack on a camp near the river.", "airstrike"),
        ("The town has suffered weeks of air bombardment and a siege.", "airstrike"),
    ],
)
def test_event_type(sentence: str, event_type: str) -> None:
    assert incident_type(find_events(sentence)) == event_type


def test_a_bomb_dropped_into_something_is_no_air_strike() -> None:
    assert incident_type(find_events("Gunmen dropped a bomb into the well of the farm.")) != (
        "airstrike"
    )


def test_denied_attack_is_negated() -> None:
    sentence = "The ministry denied that its aircraft had carried out any airstrike on the city."
    events = find_events(sentence)
    assert events and all(e.negated for e in events)
    assert incident_type(events) == "other"


def test_offsets_point_at_the_trigger() -> None:
    text = "Intro. Later, a barrel bomb hit the market."
    start = text.index("Later")
    events = find_events(text, start, len(text))
    bomb = next(e for e in events if e.event_type == "barrel_bomb")
    assert text[bomb.start : bomb.end] == "barrel bomb"


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents demonstrated, demanding that the factions stop their fighting in the town.",
        "The council called for an end to the shelling of the camps.",
        "Hundreds protested against the bombardment outside the governor's office.",
    ],
)
def test_an_attack_only_referred_to_is_not_an_event(sentence: str) -> None:
    assert all(e.negated for e in find_events(sentence))
    assert incident_type(find_events(sentence)) == "other"


def test_fighting_told_as_news_stays_an_event() -> None:
    events = find_events("Fighting raged for hours on the edge of the town.")
    assert incident_type(events) == "ground_clash"


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        # the aircraft back the ground assault: the attack is the assault
        ("Militia fighters backed by helicopters stormed the hamlet at dawn.", "ground_clash"),
        ("The army began a counterattack under the cover of air strikes.", "ground_clash"),
        ("Gunmen stormed the border post with the support of armed drones.", "shooting"),
        # a verb after the supporter still tells of the attack
        ("Rebels supported by Ankara shelled two villages near the river.", "shelling"),
        ("Troops backed by foreign warplanes bombed the market on Monday.", "airstrike"),
        ("Factions supported by Ankara exchanged shelling with the militia.", "shelling"),
        # ground forces backing ground forces: the operation itself
        ("Troops backed by allied militiamen took control of the hamlet.", "ground_clash"),
        # "accompanied by" adds an attack of its own
        ("Clashes in the valley were accompanied by air strikes.", "airstrike"),
    ],
)
def test_the_air_support_of_a_ground_operation_is_not_its_weapon(
    sentence: str, event_type: str
) -> None:
    assert incident_type(find_events(sentence)) == event_type


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        # a blast is what was heard and seen; the weapon named says what it was
        ("The blast in the old quarter was caused by a rocket, police said.", "shelling"),
        ("A loud explosion followed the missile strike on the fuel depot.", "missile"),
        ("A blast tore through the crowded market at noon.", "ied"),
        ("A car bomb explosion hit the checkpoint at the bridge.", "ied"),
    ],
)
def test_a_blast_is_of_the_weapon_named_with_it(sentence: str, event_type: str) -> None:
    assert incident_type(find_events(sentence)) == event_type


def test_weapons_told_as_alternatives_of_an_open_question_do_not_type_the_attack() -> None:
    text = (
        "Officials said it was not yet clear whether the explosion had been caused by a car "
        "bomb or by a missile fired from a jet."
    )
    assert incident_type(find_events(text)) == "ied"  # the explosion: a bomb of some kind
    # one kind of weapon asked about is still the attack's
    one = find_events("It was unclear whether Syrian or Russian jets carried out the raid.")
    assert incident_type(one) == "airstrike"
    # the question only qualifies who; the weapons of the clause are told as fact
    told = find_events(
        "Jets whose identity is unknown whether Syrian or Russian struck the village, while "
        "helicopters dropped barrel bombs on it."
    )
    assert incident_type(told) == "barrel_bomb"


def test_a_lead_naming_two_kinds_of_weapon_takes_the_one_the_report_tells_of() -> None:
    text = (
        "Nine traders died when mortar shelling and an air attack hit the cattle market. "
        "Witnesses said the shells landed in rows near the gate. "
        "A second shell struck the fuel depot."
    )
    lead_end = text.index(" Witnesses")
    lead = find_events(text, 0, lead_end)
    every = find_events(text, 0, len(text))
    assert incident_type(lead) == "airstrike"  # the more specific kind, alone
    assert lead_type(lead, every) == "shelling"


def test_one_family_named_twice_keeps_the_specific_weapon() -> None:
    text = "A helicopter dropped barrel bombs on the village. The helicopter flew off north."
    lead = find_events(text, 0, text.index(" The"))
    assert lead_type(lead, find_events(text, 0, len(text))) == "barrel_bomb"
