"""Who says what of an attack, in the statement shapes of wire copy: a bare "X blamed Y", a
denial joined to a verb of speech, a party telling what its strike was aimed at."""

from __future__ import annotations

import datetime as dt

import pytest

from harmwatch.models import Report
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.actors import ActorFinder
from harmwatch.settings import get_settings


def roles(sentence: str, country: str) -> set[tuple[str, str]]:
    finder = ActorFinder(model=get_settings().spacy_model)
    found = finder.sentence_mentions(sentence, 0, len(sentence))
    return {(m.actor_id, m.role) for m in finder.resolve(found, country)}


@pytest.mark.parametrize(
    ("sentence", "country", "accused"),
    [
        ("State officials blamed ISWAP.", "NG", "iswap"),
        ("The regional governor blamed al-Shabaab for the bombing.", "SO", "al_shabaab"),
        ("The mayor blamed Boko Haram for it.", "NG", "boko_haram"),
    ],
)
def test_a_bare_blame_names_the_accused(sentence: str, country: str, accused: str) -> None:
    assert (accused, "alleged") in roles(sentence, country)


def test_blame_for_something_other_than_the_attack_accuses_no_one() -> None:
    found = roles("Residents blamed the Nigerian army for the lack of security.", "NG")
    assert not any(role in ("alleged", "perpetrator") for _, role in found)


def test_a_denial_joined_to_what_a_spokesman_said_is_the_spokesmans() -> None:
    sentence = (
        "A military spokesman said the raid was aimed at fighters of the Oromo Liberation Army "
        "and denied that any civilians had died."
    )
    found = roles(sentence, "ET")
    assert ("et_military", "denial") in found
    assert not any(role == "denial" for actor, role in found if actor != "et_military")


@pytest.mark.parametrize(
    ("sentence", "country", "claimant"),
    [
        (
            "The Nigerian air force said the strike hit Boko Haram fighters near the lake.",
            "NG",
            "ng_military",
        ),
        (
            "The army said the raid targeted al-Shabaab commanders in the village.",
            "SO",
            "so_military",
        ),
    ],
)
def test_a_party_telling_what_its_strike_hit_claims_it(
    sentence: str, country: str, claimant: str
) -> None:
    assert (claimant, "claim") in roles(sentence, country)


def test_a_party_naming_no_armed_target_claims_nothing() -> None:
    found = roles("Hamas said the strike targeted civilians sheltering in the school.", "PS")
    assert not any(role == "claim" for _, role in found)


def test_a_strike_said_to_be_anothers_is_no_claim() -> None:
    found = roles("The Houthis said the Saudi-led strike hit their fighters at a checkpoint.", "YE")
    assert not any(role == "claim" for _, role in found)


def test_a_hedge_on_the_trapped_does_not_hedge_the_attacker_named_before() -> None:
    sentence = (
        "The toll from the Russian missile strike on the block of flats rose to 21, with six "
        "more residents believed to be under the rubble."
    )
    assert ("russia", "perpetrator") in roles(sentence, "UA")


def test_a_hedge_before_the_attacker_still_hedges_it() -> None:
    sentence = "Gunmen believed to be members of Boko Haram killed nine farmers near the town."
    assert ("boko_haram", "alleged") in roles(sentence, "NG")


@pytest.mark.parametrize(
    "sentence",
    [
        "The defence ministry in Moscow said its forces had not carried out any strikes there.",
        "Russia's military said it has never targeted civilian buildings in the city.",
    ],
)
def test_a_negated_strike_is_a_denial(sentence: str) -> None:
    assert ("russia", "denial") in roles(sentence, "UA")


def test_a_denier_that_blames_another_party_accuses_it() -> None:
    sentence = (
        "Russia's defence ministry said it had not carried out any strikes on the station and "
        "blamed Ukrainian forces."
    )
    found = roles(sentence, "UA")
    assert ("russia", "denial") in found
    assert ("ua_military", "alleged") in found


def test_the_incident_keeps_the_deniers_counter_accusation_beside_the_accusation() -> None:
    text = (
        "Two Russian missiles hit the bus station in the town of Pokrovsk on Friday, killing "
        "12 people waiting for buses, regional officials said. Russia's defence ministry said it "
        "had not carried out any strikes on the town and blamed Ukrainian forces."
    )
    report = Report(id="t", text=text, published=dt.date(2023, 5, 6))
    (incident,) = get_extractor().extract(report).incidents
    assert {(p.id, p.status) for p in incident.perpetrators} >= {
        ("russia", "stated"),
        ("ua_military", "alleged"),
    }
    assert [d.id for d in incident.denials] == ["russia"]


@pytest.mark.parametrize(
    ("sentence", "country", "group", "state"),
    [
        (
            "Sudan's paramilitary Rapid Support Forces shelled the market in El Fasher.",
            "SD",
            "rsf",
            "sd_military",
        ),
        (
            "Nigeria's Boko Haram jihadists raided the village at dawn.",
            "NG",
            "boko_haram",
            "ng_military",
        ),
    ],
)
def test_a_countrys_possessive_before_a_group_names_the_group_not_the_state(
    sentence: str, country: str, group: str, state: str
) -> None:
    found = roles(sentence, country)
    assert (group, "perpetrator") in found
    assert not any(actor == state for actor, _ in found)


def test_a_countrys_possessive_before_a_force_word_stays_the_state() -> None:
    assert ("td_military", "perpetrator") in roles("Chad's army shelled the camp.", "SD")


def test_a_deniers_charge_of_something_else_accuses_no_one_of_the_attack() -> None:
    sentence = (
        "The RSF denied shelling the camp and accused the army and its allied militias of "
        "using displaced families as human shields."
    )
    found = roles(sentence, "SD")
    assert ("rsf", "denial") in found
    assert not any(role in ("alleged", "perpetrator") for _, role in found)


def test_a_party_blamed_and_denying_in_one_sentence_stays_accused() -> None:
    sentence = (
        "Local medics blamed the Rapid Support Forces for the shelling; the RSF denied any "
        "involvement."
    )
    found = roles(sentence, "SD")
    assert {("rsf", "alleged"), ("rsf", "denial")} <= found


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        (
            "Israeli troops shot dead a teenager at a checkpoint after he allegedly threw stones.",
            "PS",
            "israel",
        ),
        ("Police killed a man who was allegedly carrying a grenade.", "KE", "ke_police"),
    ],
)
def test_a_hedge_in_a_clause_about_the_victim_does_not_hedge_the_attacker(
    sentence: str, country: str, actor: str
) -> None:
    assert (actor, "perpetrator") in roles(sentence, country)


def test_mozambiques_insurgents_under_their_own_name() -> None:
    found = roles("Ahlu Sunnah Wa-Jama fighters beheaded five villagers near Mocimboa.", "MZ")
    assert ("ansar_al_sunna", "perpetrator") in found


def test_a_country_told_as_a_region_of_itself_is_a_place_not_its_army() -> None:
    found = roles(
        "A Saudi-led coalition air strike hit a school bus at a market in Dahyan, northern "
        "Yemen, on Thursday, killing 29 children.",
        "YE",
    )
    assert ("ye_military", "perpetrator") not in found


def test_military_as_the_adjective_of_a_thing_names_no_one() -> None:
    found = roles(
        "The coalition said the raid was a legitimate military action against the Houthis.", "YE"
    )
    assert not any(actor == "ye_military" for actor, _ in found)


def test_a_familys_members_who_were_killed_are_victims_not_attackers() -> None:
    sentence = (
        "On Tuesday, six members of the Abu Hamad family, including three children, were killed "
        "and two others were wounded in their house."
    )
    assert not any(role in ("perpetrator", "alleged") for _, role in roles(sentence, "PS"))


def test_the_nationality_of_the_dead_names_no_attacker() -> None:
    sentence = "Relatives said that three of the girls that died in the bombing were Jordanian."
    assert not any(role in ("perpetrator", "alleged") for _, role in roles(sentence, "PS"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Two fighters of the YPG were killed when mortar rounds hit their checkpoint.",
        "Five fighters from the Hamza Division were killed when a mine hit their truck.",
    ],
)
def test_members_of_a_group_who_were_killed_do_not_make_it_the_attacker(sentence: str) -> None:
    assert not any(role in ("perpetrator", "alleged") for _, role in roles(sentence, "SY"))


@pytest.mark.parametrize(
    "said",
    [
        "said in a statement that its fighters had carried out the bombing",
        "said on its Telegram channel that its fighters had carried out the bombing",
        "announced in a video that it had carried out the bombing",
    ],
)
def test_a_claim_made_in_a_statement_is_a_claim(said: str) -> None:
    report = Report(
        id="t",
        text=f"A car bomb killed five soldiers in the town of Jowhar on Sunday. Al-Shabaab {said}.",
        published=dt.date(2024, 3, 11),
    )
    (incident,) = [i for i in get_extractor().extract(report).incidents if not i.background]
    assert [c.id for c in incident.claims] == ["al_shabaab"]
