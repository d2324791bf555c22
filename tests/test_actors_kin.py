"""Stage "hw_actors": the sides of feuds named by their kin, attackers named by a presumption
or an identification, clash subjects, and state forces named anywhere in the report."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.actors import ActorFinder
from harmwatch.pipeline.registry import kin_groups
from harmwatch.settings import get_settings


def names(sentence: str, country: str | None, parse: bool = False) -> dict[str, tuple[str, str]]:
    """actor id -> (role, display name) of one sentence of a report from ``country``."""
    finder = ActorFinder(model=get_settings().spacy_model if parse else None)
    found = finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), country)
    return {m.actor_id: (m.role, m.name or "") for m in found}


def test_the_families_of_a_feud_are_its_sides_named_as_clan_militias() -> None:
    found = names(
        "A gun fight broke out on Friday between the Bou Karam and Haidar families in the "
        "market square, leaving one man wounded.",
        "LB",
    )
    assert found["actor:bou-karam-clan-militia"] == (
        "perpetrator",
        "Bou Karam Clan Militia (Lebanon)",
    )
    assert found["actor:haidar-clan-militia"][0] == "perpetrator"
    # a feud without a country known names none
    found = names("Revenge killings between two Kalo clans left three herders dead.", None)
    assert found["actor:kalo-clan-militia"] == ("perpetrator", "Kalo Clan Militia")


def test_peoples_that_clash_are_ethnic_militias_and_the_clash_subjects_its_sides() -> None:
    found = names("Toposa and Didinga groups clashed near the wells, killing four.", "SS")
    assert found["actor:toposa-ethnic-militia"][0] == "perpetrator"
    assert found["actor:didinga-ethnic-militia"][0] == "perpetrator"
    found = names(
        "A group of Hausa ethnic individuals clashed with members of the Bura community.", "NG"
    )
    assert found["actor:hausa-ethnic-militia"][0] == "perpetrator"


def test_no_kin_group_is_named_after_a_state_or_a_people_of_one() -> None:
    assert kin_groups("Fighting between Syrian and Turkish groups went on all night.") == []
    assert kin_groups("The Haddad family was killed when the shell hit their home.") == []


def test_an_unnamed_attacker_presumed_to_be_of_a_people_is_that_peoples_militia() -> None:
    found = names(
        "Armed youth (presumed to be Lou Nuer) killed two herders at a cattle camp.", "SS"
    )
    assert found["actor:lou-nuer-ethnic-militia"] == (
        "alleged",
        "Lou Nuer Ethnic Militia (South Sudan)",
    )
    # a presumption about the dead names no attacker
    found = names("Two bodies, presumed to be Lou Nuer herders, were found by the river.", "SS")
    assert not any(r in ("perpetrator", "alleged") for r, _ in found.values())


def test_a_group_identified_as_the_attackers_is_their_group() -> None:
    found = names(
        "A later statement by the police identified the attackers as members of the Abu "
        "Sayyaf Group.",
        "PH",
    )
    assert any(r == "perpetrator" for r, _ in found.values()), found


def test_communal_militiamen_are_named_where_they_are() -> None:
    found = names("Gunmen clashed with communal militiamen in Gwantu and killed three.", "NG")
    assert found["actor:gwantu-communal-militia"][0] == "perpetrator"


def test_a_countrys_force_named_in_any_role_says_whose_the_bare_police_are() -> None:
    finder = ActorFinder(model=get_settings().spacy_model)
    text = (
        "A spokesman of the Ghana Police spoke of a quiet night at the border post. "
        "The police later shot two smugglers there."
    )
    found = finder.resolve(finder.sentence_mentions(text, 0, len(text)), "TG")
    assert {m.actor_id for m in found if m.text == "The police"} == {"gh_police"}


def test_a_faction_of_a_named_group_in_a_clash_between_two_of_them_is_a_side() -> None:
    found = names(
        "Clashes broke out between two factions of Raia Mutomboki in the hills, no one hurt.",
        "CD",
    )
    assert any(r == "perpetrator" for r, _ in found.values()), found


def test_a_named_formation_that_carries_out_an_attack_is_kept_as_a_group() -> None:
    found = names("The Free Mountain Revenge Units carried out a bomb attack on a warehouse.", "TR")
    assert found["actor:free-mountain-revenge-units"][0] == "perpetrator"


def test_a_group_named_through_its_members_after_by_did_it() -> None:
    found = names(
        "A lorry was set on fire by a group of five armed members of the CAM near the farm.",
        "CL",
    )
    assert found["actor:cam"][0] == "perpetrator"


def test_an_attempt_to_attack_is_the_attackers() -> None:
    found = names("Suspected ISWAP fighters made two attempts to attack an army post.", "NE")
    assert found["iswap"][0] in ("perpetrator", "alleged")


def test_puerto_ricos_police_are_a_state_force_of_their_own() -> None:
    found = names("Police officers shot a fleeing suspect in the harbour district.", "PR")
    assert found["pr_police"][0] == "perpetrator"


def test_the_coalitions_lead_state_outside_its_wars_is_that_states_own_forces() -> None:
    sentence = "US forces raided a farm outside the town, killing ten people."
    assert names(sentence, "SO")["us_military"] == (
        "perpetrator",
        "Military Forces of the United States",
    )
    assert "us_coalition" in names(sentence, "IQ")
    assert "us_coalition" in names(sentence, None)
    # the coalition named as such stays the coalition
    found = names("The US-led coalition bombed a bridge, killing two drivers.", "SO")
    assert found["us_coalition"][0] == "perpetrator"


def test_a_nationality_before_a_force_word_is_that_states_force_not_the_reports() -> None:
    finder = ActorFinder()
    text = "The Chadian army denied that its drone strike killed the villagers."
    found = finder.resolve(finder.sentence_mentions(text, 0, len(text)), "NE")
    assert [(m.text, m.actor_id, m.role) for m in found] == [
        ("Chadian army", "td_military", "denial")
    ]


def test_the_visitor_of_a_visit_is_no_attacker() -> None:
    found = names(
        "The shelling killed four, a day before a visit by Russian President Putin to the region.",
        "UA",
    )
    assert found["russia"][0] == "mention"


def test_a_counted_agent_after_by_is_the_attacker() -> None:
    found = names("A driver was shot dead by two Kenyan policemen at a roadblock.", "KE")
    assert found["ke_police"][0] == "perpetrator"


def test_jets_told_as_one_states_or_anothers_make_both_alleged() -> None:
    found = names(
        "It was not clear whether the jets that hit the bakery were Syrian or Russian.", "SY"
    )
    assert found["syria_gov"][0] == "alleged"
    assert found["russia"][0] == "alleged"
    # where the jets were made names no attacker
    assert names("The jets were Russian-made, a pilot said.", "SY")["russia"][0] == "mention"


def test_a_counted_group_that_acts_attacks_and_one_killed_in_an_attack_is_a_victim() -> None:
    assert names("Two JNIM fighters stormed a shop and beat the owner.", "ML")["jnim"][0] == (
        "perpetrator"
    )
    found = names("An Adara militia, armed with machetes, attacked a farm.", "NG")
    # (the Adara are a people: their militia is named as ACLED names it)
    assert found["actor:adara-ethnic-militia"][0] == "perpetrator"
    assert names("Two JNIM fighters killed in an ambush near the river.", "ML")["jnim"][0] == (
        "victim"
    )


def test_counted_troops_coordinated_with_others_that_were_killed_are_victims() -> None:
    found = names(
        "At least 12 government troops and allied militia fighters were also killed in the "
        "fighting, the monitor said.",
        "SY",
    )
    assert found["syria_gov"][0] == "victim"


@pytest.mark.parametrize(
    ("sentence", "country", "named"),
    [
        (
            "Jukun and Kuteb militias fought over a disputed farm near the river, leaving three "
            "dead.",
            "NG",
            {
                ("actor:jukun-ethnic-militia", "Jukun Ethnic Militia (Nigeria)"),
                ("actor:kuteb-ethnic-militia", "Kuteb Ethnic Militia (Nigeria)"),
            },
        ),
        (
            "Lendu militiamen burned a market village at dawn and killed eight traders.",
            "CD",
            {
                (
                    "actor:lendu-ethnic-militia",
                    "Lendu Ethnic Militia (Democratic Republic of the Congo)",
                )
            },
        ),
    ],
)
def test_a_people_named_before_its_armed_members_is_its_ethnic_militia(
    sentence: str, country: str, named: set[tuple[str, str]]
) -> None:
    finder = ActorFinder(model=get_settings().spacy_model)
    found = finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), country)
    assert named <= {(m.actor_id, m.name) for m in found if m.role in ("perpetrator", "side")}


def test_a_name_not_of_a_people_stays_verbatim() -> None:
    sentence = "Eyenkorin militiamen burned a market village at dawn and killed eight traders."
    finder = ActorFinder(model=get_settings().spacy_model)
    found = finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), "NG")
    assert "actor:eyenkorin-militiamen" in {m.actor_id for m in found}
