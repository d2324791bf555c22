"""Stage "hw_actors": perpetrators stated or alleged (and by whom), claims, denials, sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harmwatch.pipeline.actors import ActorFinder, load_vocab, normalise_actor


def roles(sentence: str, finder: ActorFinder | None = None) -> set[tuple[str, str]]:
    finder = finder or ActorFinder()
    return {(m.actor_id, m.role) for m in finder.sentence_mentions(sentence, 0, len(sentence))}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russian warplanes bombed the village of Kafr Ruma on Monday.", ("russia", "perpetrator")),
        ("Regime helicopters dropped barrel bombs on Daraya overnight.",
         ("syria_gov", "perpetrator")),
        ("Israeli jets struck a house in Rafah, killing a family of five.",
         ("israel", "perpetrator")),
        ("The market was hit in strikes carried out by the Syrian air force.",
         ("syria_gov", "perpetrator")),
        ("Unidentified gunmen shot dead a local council member in Tafas.",
         ("unknown", "perpetrator")),
        ("Turkish artillery shelled two villages near Afrin.", ("turkey", "perpetrator")),
        ("Islamic State fighters executed three men in the town square.",
         ("isis", "perpetrator")),
    ],
)
def test_stated_perpetrators(sentence: str, expected: tuple[str, str]) -> None:
    assert expected in roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "actor", "by"),
    [
        ("Residents accused Russia of carrying out the raids on the hospital.", "russia", None),
        ("The Observatory said the strikes were probably carried out by regime aircraft.",
         "syria_gov", "sohr"),
        ("The airstrike, which activists believe was carried out by the Russian air force, hit "
         "a bakery.", "russia", "local_sources"),
    ],
)
def test_alleged_perpetrators_keep_who_alleges(sentence: str, actor: str, by: str | None) -> None:
    found = [m for m in ActorFinder().sentence_mentions(sentence, 0, len(sentence))
             if m.actor_id == actor]
    assert found and found[0].role == "alleged"
    if by is not None:
        assert found[0].by_id == by


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The Russian defence ministry denied that its aircraft had bombed the town.", "russia"),
        ("Moscow rejected the accusations as a deliberate lie.", "russia"),
        ('"Our planes did not carry out any strike there," Igor Konashenkov said.', "russia"),
    ],
)
def test_denials(sentence: str, actor: str) -> None:
    assert (actor, "denial") in roles(sentence)
    assert (actor, "perpetrator") not in roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The Islamic State group claimed responsibility for the car bomb in Jableh.", "isis"),
        ("Russia's defence ministry confirmed it had hit targets near Idlib.", "russia"),
        ("The Israeli military said it struck a command centre in the area.", "israel"),
    ],
)
def test_claims(sentence: str, actor: str) -> None:
    assert (actor, "claim") in roles(sentence)


def test_sources_are_reporters_not_perpetrators() -> None:
    sentence = ("The Syrian Observatory for Human Rights and the White Helmets said the shelling "
                "killed four people, SANA reported.")
    found = roles(sentence)
    assert ("sohr", "source") in found and ("white_helmets", "source") in found
    assert all(role == "source" for _, role in found)


def test_attacked_side_is_not_the_perpetrator() -> None:
    found = roles("Coalition jets struck HTS positions near Saraqeb.")
    assert ("us_coalition", "perpetrator") in found
    assert ("hts", "perpetrator") not in found


def test_either_of_two_named_attackers() -> None:
    found = roles("Syrian or Russian warplanes bombed the town of Hbit.")
    assert {("syria_gov", "perpetrator"), ("russia", "perpetrator")} <= found


def test_no_attack_no_perpetrator() -> None:
    assert not any(r == "perpetrator" for _, r in roles("Russia and Turkey agreed a truce."))


def test_user_alias_file_extends_the_vocabulary(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.jsonl"
    extra.write_text(json.dumps({"id": "wagner", "name": "Wagner Group", "kind": "belligerent",
                                 "aliases": ["Wagner", "Wagner mercenaries"]}) + "\n")
    finder = ActorFinder(str(extra))
    assert ("wagner", "perpetrator") in roles("Wagner mercenaries attacked the village.", finder)
    assert "russia" in load_vocab(str(extra)).names  # the built-in names stay


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [("Regime forces", "syria_gov"), ("HTS: Hayat Tahrir al-Sham", "hts"),
     ("Global Coalition Against Daesh", "us_coalition"), ("QSD: Syrian Democratic Forces", "sdf"),
     ("Some Militia", "Some Militia")],
)
def test_normalise_actor(name: str, actor_id: str) -> None:
    assert normalise_actor(name) == actor_id


def test_an_uncertain_attacker_is_only_alleged() -> None:
    sentence = ("It was not clear whether Syrian or Russian warplanes carried out the raid on the "
                "school.")
    found = roles(sentence)
    assert ("syria_gov", "alleged") in found and ("russia", "alleged") in found
    assert not any(r == "perpetrator" for _, r in found)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a hedged second attacker set off by commas
        ("Government, and possibly Russian, jets bombed the market of Maarat al-Numan.",
         {("syria_gov", "perpetrator"), ("russia", "perpetrator")}),
        # border guards are the attackers, not a border that was hit
        ("Turkish border guards shot dead a young man near Khirbet al-Joz.",
         {("turkey", "perpetrator")}),
        # the weapon's owner after "from" / "in": whose bombardment it was
        ("Three bodies were pulled from homes destroyed in recent regime shelling of Arbin.",
         {("syria_gov", "perpetrator")}),
        ("The victims died from Russian airstrikes on the outskirts of the town.",
         {("russia", "perpetrator")}),
        # "an IS-planted mine": the group placed the weapon
        ("A shepherd was killed by an IS-planted landmine east of Hama.",
         {("isis", "perpetrator")}),
        # heavy weapons between "opened" and "fire"
        ("Regime forces opened heavy machine gun fire on farmland near Kafr Zita.",
         {("syria_gov", "perpetrator")}),
        # a verb of taking control in "X controlled Y village": X acted, it was not attacked
        ("The Syrian army controlled Tal Sultan village after clashes with HTS.",
         {("syria_gov", "perpetrator"), ("hts", "perpetrator")}),
        ("The Syrian army established full control over two hamlets near Sinjar.",
         {("syria_gov", "perpetrator")}),
        # the subject of "renewed their clash", and sides far after "clashes ... between"
        ("Regime forces renewed their clash with HTS fighters south of the town.",
         {("syria_gov", "perpetrator"), ("hts", "perpetrator")}),
        ("Clashes and an exchange of shelling took place between two local factions against "
         "HTS fighters.", {("hts", "perpetrator")}),
    ],
)
def test_attackers_in_more_shapes(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "victim"),
    [
        ("Russian jets struck HTS controlled areas west of Aleppo.", "hts"),
        ("Shells hit the Turkish border post, wounding a soldier.", "turkey"),
        ("Coalition jets struck regime artillery positions near Deir ez-Zor.", "syria_gov"),
    ],
)
def test_the_attacked_side_stays_a_victim(sentence: str, victim: str) -> None:
    assert (victim, "perpetrator") not in roles(sentence)


def test_losses_suffered_by_an_army_do_not_make_it_the_attacker() -> None:
    sentence = ("The helicopter was shot down near Saraqeb, the heaviest loss experienced by "
                "Russian forces this year.")
    assert ("russia", "perpetrator") not in roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Gas Dropped on Town After Russian Helicopter Is Shot Down", "russia"),
        ("Her husband was arrested by the regime before the bombing killed three people.",
         "syria_gov"),
    ],
)
def test_a_downed_aircraft_or_an_arrest_does_not_make_an_attacker(
    sentence: str, actor: str
) -> None:
    assert (actor, "perpetrator") not in roles(sentence)
