"""A party named as the backer of the attacker or the maker of its weapon is not the attacker;
a force named as taking part is. The sides of fighting told as the setting of a strike ("the
raids came amid clashes between X and Y") are not the strike's authors. Generic words for
criminal armed groups ("bandits") name an attacker of their own, hedged or not."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.actors import ActorFinder
from harmwatch.settings import get_settings


def roles(sentence: str, country: str | None) -> set[tuple[str, str]]:
    finder = ActorFinder(model=get_settings().spacy_model)  # with the parse, as extraction runs
    found = finder.sentence_mentions(sentence, 0, len(sentence))
    return {(m.actor_id, m.role) for m in finder.resolve(found, country)}


def attackers(sentence: str, country: str | None) -> set[str]:
    return {a for a, r in roles(sentence, country) if r in ("perpetrator", "alleged", "claim")}


@pytest.mark.parametrize(
    ("sentence", "country", "attacker", "backer"),
    [
        (
            "The rebels of M23, who are backed by Rwanda, shelled a school near Sake on "
            "Thursday, killing four pupils.",
            "CD",
            "m23",
            "rw_military",
        ),
        (
            "Rwanda-backed M23 fighters shelled a school near Sake on Thursday.",
            "CD",
            "m23",
            "rw_military",
        ),
        (
            "The strike on the kibbutz was carried out by Hezbollah with an Iranian-made "
            "missile, wounding two farm workers.",
            "IL",
            "hezbollah",
            "iran",
        ),
        (
            "A Russian-built rocket launched by the separatists struck a bus stop in the "
            "suburbs, killing seven.",
            "UA",
            "russian_proxies",
            "russia",
        ),
    ],
)
def test_a_backer_or_a_weapon_maker_is_not_the_attacker(
    sentence: str, country: str, attacker: str, backer: str
) -> None:
    found = attackers(sentence, country)
    assert attacker in found
    assert backer not in found


@pytest.mark.parametrize(
    ("sentence", "country", "party"),
    [
        (
            "M23 fighters, supported by Rwandan troops, shelled a school near Sake on Thursday.",
            "CD",
            "rw_military",
        ),
        (
            "Government troops, backed by Russian air strikes, stormed the village of "
            "Kafr Nabl at dawn.",
            "SY",
            "russia",
        ),
        # a unit or a group after "supported by" fights alongside
        (
            "The gendarmes, supported by the Republican Guard, clashed with rebels on the "
            "edge of Deraa.",
            "SY",
            "syria_gov",
        ),
        (
            "Turkish soldiers, supported by allied rebel and Islamist factions, shelled a "
            "village near Afrin.",
            "SY",
            "opposition",
        ),
        (
            "Militiamen loyal to the government, supported by Syrian or Russian jets, "
            "pushed into two villages south of the city.",
            "SY",
            "syria_gov",
        ),
        # what the backer did itself
        (
            "The offensive has been backed by Moscow, which stepped up its air strikes on the "
            "eastern districts on Monday.",
            "SY",
            "russia",
        ),
    ],
)
def test_a_force_that_takes_part_stays_an_attacker(sentence: str, country: str, party: str) -> None:
    assert party in attackers(sentence, country)


def test_gunmen_believed_to_be_bandits_are_alleged_bandits_of_the_country() -> None:
    sentence = (
        "Gunmen believed to be bandits raided a farming village on motorbikes overnight, "
        "killing eleven people."
    )
    assert ("actor:bandits-ng", "alleged") in roles(sentence, "NG")
    # no country known: the bandits kept as such, never someone else's group
    assert attackers(sentence, None) == {"actor:bandits"}


def test_bandits_named_plainly_are_the_attackers() -> None:
    sentence = "Armed bandits stormed a market in the district on Friday and shot dead six traders."
    assert ("actor:bandits-ng", "perpetrator") in roles(sentence, "NG")


def test_the_sides_of_fighting_told_as_the_setting_of_a_strike_are_not_its_authors() -> None:
    sentence = (
        "The air raids on the market town came amid fierce clashes between the army and the "
        "RSF further south, and killed nine shoppers."
    )
    found = attackers(sentence, "SD")
    assert "sd_military" not in found and "rsf" not in found
    # the fighting itself killed them: its sides fought it
    fought = "Nine shoppers died amid fierce clashes between the army and the RSF in the market."
    assert {"sd_military", "rsf"} <= attackers(fought, "SD")
