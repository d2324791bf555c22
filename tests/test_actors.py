"""Stage "hw_actors": perpetrators stated or alleged (and by whom), claims, denials, sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harmwatch.pipeline.actors import ActorFinder, load_vocab, normalise_actor
from harmwatch.settings import get_settings


def roles(
    sentence: str,
    finder: ActorFinder | None = None,
    country: str | None = "SY",
    parse: bool = False,
) -> set[tuple[str, str]]:
    """The (actor id, role) pairs of one sentence of a report from ``country`` (the sentences
    here are Syrian unless a test says otherwise); ``parse``: with the dependency parse."""
    finder = finder or ActorFinder(model=get_settings().spacy_model if parse else None)
    found = finder.sentence_mentions(sentence, 0, len(sentence))
    return {(m.actor_id, m.role) for m in finder.resolve(found, country)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russian warplanes bombed the village of Kafr Ruma on Monday.", ("russia", "perpetrator")),
        (
            "Regime helicopters dropped barrel bombs on Daraya overnight.",
            ("syria_gov", "perpetrator"),
        ),
        (
            "Israeli jets struck a house in Rafah, killing a family of five.",
            ("israel", "perpetrator"),
        ),
        (
            "The market was hit in strikes carried out by the Syrian air force.",
            ("syria_gov", "perpetrator"),
        ),
        (
            "Unidentified gunmen shot dead a local council member in Tafas.",
            ("unknown", "perpetrator"),
        ),
        ("Turkish artillery shelled two villages near Afrin.", ("turkey", "perpetrator")),
        ("Islamic State fighters executed three men in the town square.", ("isis", "perpetrator")),
    ],
)
def test_stated_perpetrators(sentence: str, expected: tuple[str, str]) -> None:
    assert expected in roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "actor", "by"),
    [
        ("Residents accused Russia of carrying out the raids on the hospital.", "russia", None),
        (
            "The Observatory said the strikes were probably carried out by regime aircraft.",
            "syria_gov",
            "sohr",
        ),
        (
            "The airstrike, which activists believe was carried out by the Russian air force, hit "
            "a bakery.",
            "russia",
            "local_sources",
        ),
    ],
)
def test_alleged_perpetrators_keep_who_alleges(sentence: str, actor: str, by: str | None) -> None:
    finder = ActorFinder()
    found = [
        m
        for m in finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), "SY")
        if m.actor_id == actor
    ]
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
    "sentence",
    [
        # "lies" where a place is: a verb of place, not a charge of lying
        "The town lies across the river from the power plant, which Russian troops occupy.",
        "The village lies some 20 km from the front held by Russian forces.",
    ],
)
def test_a_place_that_lies_somewhere_is_no_denial(sentence: str) -> None:
    assert not any(role == "denial" for _, role in roles(sentence, country="UA"))


def test_a_registry_name_as_the_adjective_of_a_force_noun_is_one_name() -> None:
    # "US" is a name of the registry; "military" after it is the US force's, not the report's
    # country's army (a generic word a Yemeni report would give to Yemen's military)
    sentence = "The US military's Central Command said it had hit three missile launchers."
    assert roles(sentence, country="YE") == {("us_military", "claim")}


def test_a_registry_nationality_before_police_is_that_states_police() -> None:
    assert roles("Turkish police shot dead two migrants near the border.", country="GR") == {
        ("tr_police", "perpetrator")
    }


def test_lies_as_a_charge_stays_a_denial() -> None:
    assert ("russia", "denial") in roles("Moscow called the reports lies.", country="UA")


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
    sentence = (
        "The Syrian Observatory for Human Rights and the White Helmets said the shelling "
        "killed four people, SANA reported."
    )
    found = roles(sentence)
    assert ("sohr", "source") in found and ("white_helmets", "source") in found
    assert all(role == "source" for _, role in found)


def test_attacked_side_is_not_the_perpetrator() -> None:
    found = roles("Coalition jets struck HTS positions near Saraqeb.")
    assert ("us_coalition", "perpetrator") in found
    assert ("hts", "perpetrator") not in found


def test_either_of_two_named_attackers() -> None:
    # one or the other: two allegations, neither stated
    found = roles("Syrian or Russian warplanes bombed the town of Hbit.")
    assert {("syria_gov", "alleged"), ("russia", "alleged")} <= found
    assert not any(r == "perpetrator" for _, r in found)


def test_no_attack_no_perpetrator() -> None:
    assert not any(r == "perpetrator" for _, r in roles("Russia and Turkey agreed a truce."))


def test_user_alias_file_extends_the_vocabulary(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "wagner",
                "name": "Wagner Group",
                "kind": "belligerent",
                "aliases": ["Wagner", "Wagner mercenaries"],
            }
        )
        + "\n"
    )
    finder = ActorFinder(str(extra))
    assert ("wagner", "perpetrator") in roles("Wagner mercenaries attacked the village.", finder)
    assert "russia" in load_vocab(str(extra)).names  # the built-in names stay


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Regime forces", "syria_gov"),
        ("HTS: Hayat Tahrir al-Sham", "hts"),
        ("Global Coalition Against Daesh", "us_coalition"),
        ("QSD: Syrian Democratic Forces", "sdf"),
        ("Some Militia", "Some Militia"),
    ],
)
def test_normalise_actor(name: str, actor_id: str) -> None:
    assert normalise_actor(name, country="SY") == actor_id


def test_an_uncertain_attacker_is_only_alleged() -> None:
    sentence = (
        "It was not clear whether Syrian or Russian warplanes carried out the raid on the school."
    )
    found = roles(sentence)
    assert ("syria_gov", "alleged") in found and ("russia", "alleged") in found
    assert not any(r == "perpetrator" for _, r in found)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a hedged second attacker set off by commas
        (
            "Government, and possibly Russian, jets bombed the market of Maarat al-Numan.",
            {("syria_gov", "perpetrator"), ("russia", "perpetrator")},
        ),
        # border guards are the attackers, not a border that was hit
        (
            "Turkish border guards shot dead a young man near Khirbet al-Joz.",
            {("turkey", "perpetrator")},
        ),
        # the weapon's owner after "from" / "in": whose bombardment it was
        (
            "Three bodies were pulled from homes destroyed in recent regime shelling of Arbin.",
            {("syria_gov", "perpetrator")},
        ),
        (
            "The victims died from Russian airstrikes on the outskirts of the town.",
            {("russia", "perpetrator")},
        ),
        # "an IS-planted mine": the group placed the weapon
        (
            "A shepherd was killed by an IS-planted landmine east of Hama.",
            {("isis", "perpetrator")},
        ),
        # heavy weapons between "opened" and "fire"
        (
            "Regime forces opened heavy machine gun fire on farmland near Kafr Zita.",
            {("syria_gov", "perpetrator")},
        ),
        # a verb of taking control in "X controlled Y village": X acted, it was not attacked
        (
            "The Syrian army controlled Tal Sultan village after clashes with HTS.",
            {("syria_gov", "perpetrator"), ("hts", "perpetrator")},
        ),
        (
            "The Syrian army established full control over two hamlets near Sinjar.",
            {("syria_gov", "perpetrator")},
        ),
        # the subject of "renewed their clash", and sides far after "clashes ... between"
        (
            "Regime forces renewed their clash with HTS fighters south of the town.",
            {("syria_gov", "perpetrator"), ("hts", "perpetrator")},
        ),
        (
            "Clashes and an exchange of shelling took place between two local factions against "
            "HTS fighters.",
            {("hts", "perpetrator")},
        ),
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
    sentence = (
        "The helicopter was shot down near Saraqeb, the heaviest loss experienced by "
        "Russian forces this year."
    )
    assert ("russia", "perpetrator") not in roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Gas Dropped on Town After Russian Helicopter Is Shot Down", "russia"),
        (
            "Her husband was arrested by the regime before the bombing killed three people.",
            "syria_gov",
        ),
    ],
)
def test_a_downed_aircraft_or_an_arrest_does_not_make_an_attacker(
    sentence: str, actor: str
) -> None:
    assert (actor, "perpetrator") not in roles(sentence)


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("Bombing raids in Syria killed as many as 14 people in a village.", "SY", "syria_gov"),
        ("Fighting across Yemen has killed dozens of civilians this week.", "YE", "ye_military"),
        ("Drone attacks across Ukraine killed nine people overnight.", "UA", "ua_military"),
        ("Air raids over Sudan have killed many farmers.", "SD", "sd_military"),
    ],
)
def test_a_country_named_as_the_place_is_not_the_attacker(
    sentence: str, country: str, actor: str
) -> None:
    # the name after "in"/"across"/"inside" says where; the verb after it is the raid's
    found = roles(sentence, country=country)
    assert (actor, "perpetrator") not in found
    assert (actor, "alleged") not in found


# --- the open-world registry (pipeline/registry.py) and the parse (pipeline/agents.py) ---------


@pytest.mark.parametrize(
    ("sentence", "country", "expected"),
    [
        # a nationality before a force noun names that state's forces, in any war
        (
            "On Tuesday, Malian soldiers shot dead four herders near a well.",
            "ML",
            ("ml_military", "perpetrator"),
        ),
        (
            "Kenyan police beat three traders outside the bus station.",
            "KE",
            ("ke_police", "perpetrator"),
        ),
        # ACLED's own name of a state force
        (
            "Military Forces of Azerbaijan shelled a hill held by the other side.",
            "AZ",
            ("az_military", "perpetrator"),
        ),
        # a force's own name and an armed group of another war
        (
            "FARDC units clashed with ADF fighters near a village in North Kivu.",
            "CD",
            ("cd_military", "perpetrator"),
        ),
        ("Houthi drones hit a fuel depot in the port overnight.", "YE", ("houthis", "perpetrator")),
        (
            "RSF fighters stormed the market and killed eleven traders.",
            "SD",
            ("rsf", "perpetrator"),
        ),
    ],
)
def test_actors_of_other_wars(sentence: str, country: str, expected: tuple[str, str]) -> None:
    assert expected in roles(sentence, country=country, parse=True)


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("Soldiers opened fire on protesters in the capital, wounding six.", "MM", "mm_military"),
        ("Police shot and killed a suspect during a raid on a house.", "PH", "ph_police"),
        ("Soldiers opened fire on protesters in the capital, wounding six.", "SY", "syria_gov"),
        ("Rebels shelled the town centre, killing two.", "SY", "opposition"),
        ("The coalition bombed a wedding party, killing dozens.", "YE", "saudi_coalition"),
        ("The coalition bombed a wedding party, killing dozens.", "IQ", "us_coalition"),
        # "the occupiers": the word each side's press uses for the army holding its land
        ("The occupiers shelled a bus stop in the town, killing two.", "UA", "russia"),
        ("Occupation forces shot dead a teenager at the checkpoint.", "PS", "israel"),
        # a side's aircraft named by the leader they fight for
        ("Pro-Assad warplanes struck a bakery in the town, killing seven.", "SY", "syria_gov"),
    ],
)
def test_generic_words_resolve_by_the_reports_country(
    sentence: str, country: str, actor: str
) -> None:
    assert (actor, "perpetrator") in roles(sentence, country=country, parse=True)


def test_occupiers_stay_unresolved_where_no_country_says_whose() -> None:
    found = roles("The occupiers shelled a bus stop, killing two.", country="SO", parse=True)
    assert not any(r == "perpetrator" for _, r in found)


def test_generic_words_stay_unresolved_without_a_country_and_never_go_to_syria() -> None:
    found = roles(
        "Militants attacked a checkpoint and killed two guards.", country=None, parse=True
    )
    assert not any(a in ("opposition", "syria_gov") for a, _ in found)
    assert not any(r == "perpetrator" for _, r in found)
    found = roles("Rebels ambushed an army convoy, killing nine.", country="CO", parse=True)
    assert not any(a in ("opposition", "syria_gov") for a, _ in found)


@pytest.mark.parametrize("country", ["MZ", "ML", None])
def test_islamist_militants_outside_syria_are_named_for_what_they_are(country: str | None) -> None:
    found = roles(
        "Islamic militants stormed the market and killed three traders.",
        country=country,
        parse=True,
    )
    expected = f"actor:islamist-militia-{country.lower()}" if country else "actor:islamist-militia"
    assert (expected, "perpetrator") in found
    assert not any(a in ("opposition", "syria_gov", "isis", "hts") for a, _ in found)


def test_an_unnamed_islamist_group_is_named_as_acled_names_it() -> None:
    from harmwatch.pipeline.registry import generic_names, resolve_generic

    assert resolve_generic("islamists", "MZ", None) == "actor:islamist-militia-mz"
    assert generic_names()["actor:islamist-militia-mz"] == "Islamist Militia (Mozambique)"
    assert resolve_generic("islamists", None, None) == "actor:islamist-militia"
    assert generic_names()["actor:islamist-militia"] == "Islamist Militia"
    assert resolve_generic("islamists", "SY", None) == "opposition"


def test_islamist_militants_in_syria_stay_the_opposition_as_before() -> None:
    found = roles("Jihadists shelled the town centre, killing two.", country="SY", parse=True)
    assert ("opposition", "perpetrator") in found


def test_the_army_a_report_named_before_wins_over_the_reports_country() -> None:
    finder = ActorFinder(model=get_settings().spacy_model)
    text = "Israeli forces struck a house in the village. The army said it targeted a commander."
    found = finder.sentence_mentions(text, 0, len(text))
    resolved = finder.resolve(found, "LB")
    assert {m.actor_id for m in resolved if m.text == "The army"} == {"israel"}


def test_an_unregistered_group_is_kept_verbatim_with_a_slug() -> None:
    found = roles(
        "Members of the Okoro militia burned down four houses and killed a farmer.",
        country="NG",
        parse=True,
    )
    assert ("actor:okoro-militia", "perpetrator") in found
    # the slug is stable and says nothing of any registered actor
    assert not any(a.startswith(("opposition", "syria_gov", "ng_")) for a, _ in found)


@pytest.mark.parametrize(
    ("sentence", "country", "expected"),
    [
        # the subject of a harm verb, though a number stands before it ("On 3 May 2020, ...")
        (
            "On 3 May 2020, Cameroonian soldiers killed a young man at a checkpoint.",
            "CM",
            ("cm_military", "perpetrator"),
        ),
        # the "by" of a passive (the patterns read it as well), a hedge making it an allegation
        (
            "Three herders died when a mine exploded; it was probably buried by JNIM fighters.",
            "ML",
            ("jnim", "alleged"),
        ),
        # the other side of an exchange of fire
        (
            "A suspect died after exchanging fire with Brazilian police in a favela.",
            "BR",
            ("br_police", "perpetrator"),
        ),
        # "blamed the attack on X": an allegation against X, not an attack on X
        (
            "A regional official blamed the shelling on Ukrainian troops.",
            "UA",
            ("ua_military", "alleged"),
        ),
    ],
)
def test_the_parse_finds_the_agent(sentence: str, country: str, expected: tuple[str, str]) -> None:
    assert expected in roles(sentence, country=country, parse=True)


def test_the_parse_keeps_the_target_of_a_strike_a_victim() -> None:
    found = roles(
        "A strike on Houthi positions killed five fighters near the port.", country="YE", parse=True
    )
    assert ("houthis", "perpetrator") not in found
    found = roles(
        "Malian troops came under fire from gunmen near the border.", country="ML", parse=True
    )
    assert ("ml_military", "perpetrator") not in found


def test_a_name_the_parser_hangs_on_the_verb_stays_with_its_subject() -> None:
    # unknown words before the subject noun ("Okavu Okavu militiamen") are the group's name
    found = roles(
        "Okavu Okavu militiamen clashed with the police near the market.", country="CD", parse=True
    )
    assert ("actor:okavu-okavu-militiamen", "perpetrator") in found or any(
        a.startswith("actor:okavu") and r == "perpetrator" for a, r in found
    )


def test_a_claim_is_a_partys_word_of_itself() -> None:
    found = roles("They claimed the attack was caused by the regime or Russian warplanes.")
    assert ("russia", "claim") not in found and ("syria_gov", "claim") not in found
    assert ("russia", "alleged") in found and ("syria_gov", "alleged") in found


def test_allied_factions_are_not_the_state_they_are_named_after() -> None:
    found = roles(
        "Turkey and allied Syrian factions shelled the village, killing four.", parse=True
    )
    assert ("turkey", "perpetrator") in found
    assert not any(a == "syria_gov" for a, _ in found)
    # while "Syrian or Russian jets" still names both (each alleged: one or the other)
    found = roles("Syrian or Russian jets bombed the town.", parse=True)
    assert {("syria_gov", "alleged"), ("russia", "alleged")} <= found


def names(sentence: str, country: str | None, parse: bool = False) -> dict[str, tuple[str, str]]:
    """actor id -> (role, display name) of one sentence of a report from ``country``."""
    finder = ActorFinder(model=get_settings().spacy_model if parse else None)
    found = finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), country)
    return {m.actor_id: (m.role, m.name or "") for m in found}


def test_a_militia_named_by_where_it_comes_from_is_named_as_acled_names_it() -> None:
    found = names("Armed youths from Kelondo village raided a cattle camp at dawn.", "SS")
    assert found["actor:kelondo-communal-militia"] == (
        "perpetrator",
        "Kelondo Communal Militia (South Sudan)",
    )
    # two places of origin: two groups, both attackers; no country known: no country named
    found = names("Militiamen from Abuko and Terega clashed over a disputed farm.", None)
    assert found["actor:abuko-communal-militia"] == ("perpetrator", "Abuko Communal Militia")
    assert found["actor:terega-communal-militia"][0] == "perpetrator"
    # a clan or caste makes it an ethnic militia
    found = names("Members of the Sarowa clan stabbed two traders at the well.", "KE")
    assert found["actor:sarowa-ethnic-militia"] == (
        "perpetrator",
        "Sarowa Ethnic Militia (Kenya)",
    )
    # the army of a place is no militia of its own
    found = names("Militias of the Government shot two farmers.", "SS")
    assert not any(a.endswith("communal-militia") for a in found)


def test_a_named_group_takes_the_noun_for_its_members_and_their_verb() -> None:
    # "militants" is the group's members, not a second, unresolved attacker
    found = names("Presumed JNIM militants assassinated a village chief near the river.", "ML")
    assert found == {"jnim": ("alleged", "")}
    found = names("SPLM-IO fighters burned a clinic and beat two nurses.", "SS")
    assert found["splm_io"][0] == "perpetrator"
    # a faction hyphenated onto a registered name stays the registered group
    found = names("A Nyatura-Kalonge rebel shot a shopkeeper in the village.", "CD")
    assert found["actor:nyatura"][0] == "perpetrator"


def test_an_unregistered_acronym_with_members_is_a_group() -> None:
    found = names("QRDF combatants kidnapped three traders on the main road.", "CD")
    assert found["actor:qrdf"] == ("perpetrator", "QRDF")
    found = names("A clinic was burned by armed members of the ZLK overnight.", "CL", parse=True)
    assert "actor:zlk" in found
    # aid workers' organisations are no armed group
    found = names("NGO workers were attacked by bandits near the camp.", "NE")
    assert "actor:ngo" not in found


@pytest.mark.parametrize(
    ("sentence", "country", "expected"),
    [
        # the subject of "were reported/said to have ..." did it
        (
            "Later that week, ADF rebels were reported to have beaten several farmers.",
            "CD",
            ("adf", "perpetrator"),
        ),
        # the "by X" of the last of two passive verbs is the agent of both
        (
            "Two reporters were beaten and then detained by the police at the station.",
            "CD",
            ("cd_police", "perpetrator"),
        ),
    ],
)
def test_the_parse_finds_agents_of_reported_and_conjoined_passives(
    sentence: str, country: str, expected: tuple[str, str]
) -> None:
    assert expected in roles(sentence, country=country, parse=True)


def test_an_umbrella_row_keeps_each_groups_aliases_together_under_its_name(
    tmp_path: Path,
) -> None:
    extra = tmp_path / "actors.jsonl"
    rows = {
        "id": "valley_gangs",
        "name": "Valley gangs",
        "kind": "belligerent",
        "country": "HN",
        "umbrella": True,
        "aliases": ["Los Torres", "LT", "Banda Sur"],
        "groups": [
            {"name": "LT: Los Torres", "aliases": ["Los Torres", "LT"]},
            {"name": "Banda Sur", "aliases": ["Banda Sur"]},
        ],
    }
    extra.write_text(json.dumps(rows) + "\n", encoding="utf-8")
    finder = ActorFinder(aliases_file=str(extra))
    for text in ("Los Torres gunmen shot a driver.", "LT gunmen shot a driver."):
        found = finder.resolve(finder.sentence_mentions(text, 0, len(text)), "HN")
        # both names of one gang are one actor, under the gang's full name
        assert [(m.actor_id, m.name) for m in found] == [("actor:los-torres", "LT: Los Torres")]
    text = "Banda Sur members attacked a bus."
    found = finder.resolve(finder.sentence_mentions(text, 0, len(text)), "HN")
    assert [(m.actor_id, m.role) for m in found] == [("actor:banda-sur", "perpetrator")]


def test_registered_groups_carry_acleds_full_names() -> None:
    vocab = load_vocab()
    assert vocab.names["jnim"] == "JNIM: Group for Support of Islam and Muslims"
    assert vocab.aliases["raia mutomboki"].name == "Mayi Mayi Militia (Raia Mutomboki)"
    # a separate group is not folded into another one's row
    assert vocab.aliases["dawlah islamiyah"].actor_id != vocab.aliases["biff"].actor_id


def test_a_countrys_name_before_a_force_noun_names_its_forces() -> None:
    found = names("Uganda Police officers beat three traders at the market.", None)
    assert found == {"ug_police": ("perpetrator", "")}
    found = names("Chad army units shelled the rebel camp.", "NE")
    assert found["td_military"][0] == "perpetrator"


def test_a_bare_gendarmerie_is_the_reports_own_not_turkeys() -> None:
    found = names("The gendarmerie shot a smuggler near the border post.", "MG")
    assert "turkey" not in found and found["mg_military"][0] == "perpetrator"
    # the Turkish one still is Turkey's
    assert "turkey" in names("Turkish Gendarmerie shot a smuggler at the wall.", "SY")


def test_a_group_named_as_the_culprit_is_the_alleged_attacker() -> None:
    found = names("A drone hit a farm. ADF fighters are the suspected attackers.", "CD")
    assert found["adf"][0] == "alleged"
    found = names("Two shops burned overnight; the Tarka youth were the perpetrators.", "NG")
    assert not any(r in ("perpetrator", "alleged") for r, _ in found.values() if r)


def test_members_after_a_bracketed_acronym_and_herders_named_by_their_people() -> None:
    found = names(
        "Allied Democratic Forces (ADF) militants torched a health centre in the night.", "CD"
    )
    assert found == {"adf": ("perpetrator", "")}
    found = names("Bororo herdsmen killed two farmers in a dispute over a field.", "CF")
    assert found["actor:bororo-herdsmen"] == ("perpetrator", "Bororo herdsmen")


def test_more_shapes_of_a_fight_claim_and_agent() -> None:
    # an exchange of fire between two sides makes both sides of it
    found = names(
        "An exchange of fire broke out between soldiers and NPA rebels on the ridge.", "PH"
    )
    assert found["ph_military"][0] == "perpetrator" and found["npa"][0] == "perpetrator"
    # "claimed an attack" is a claim of the claimant
    found = names("Al-Shabaab claimed an attack on a police post in the town.", "SO")
    assert found["al_shabaab"][0] == "claim"
    # a force's operation in a sentence of shooting is the force's
    found = names("Two men died in a shoot-out during a police operation in the slum.", "BR")
    assert found["br_police"][0] == "perpetrator"


def test_an_appositive_of_membership_belongs_to_the_agent() -> None:
    found = roles(
        "A trader was stabbed to death by three men allegedly members of the Kalashi gang.",
        country="MX",
        parse=True,
    )
    assert ("actor:kalashi-gang", "alleged") in found


def test_a_group_saying_it_was_behind_an_attack_claims_it() -> None:
    found = names("The group says it was behind the ambush on the convoy.", "NG")
    assert "claim" not in {r for r, _ in found.values()}  # no named group: nothing to claim
    found = names("ISWAP said that it was behind the ambush on the convoy.", "NG")
    assert found["iswap"][0] == "claim"
    found = names("Al-Shabaab Claims Responsibility For Hotel Siege", "SO")
    assert found["al_shabaab"][0] == "claim"
    # a state saying its aircraft killed someone claims the strike
    found = names("Israel said its fighter jets have killed a commander in the camp.", "PS")
    assert found["israel"][0] == "claim"


def test_the_accused_who_denies_stays_accused() -> None:
    s = "She accused NAS rebels of carrying out the cowardly terrorist attack, which they denied."
    found = ActorFinder().sentence_mentions(s, 0, len(s))
    assert {(m.actor_id, m.role) for m in found} == {("nas", "denial"), ("nas", "alleged")}


def test_who_parried_or_confirmed_an_attack_did_not_make_it() -> None:
    found = roles(
        "Rockets hit the airport before the downing of an explosive drone by the Yemeni army.",
        country="YE",
    )
    assert ("ye_military", "perpetrator") not in found
    found = roles("The bombing, not yet confirmed by the Malian army, killed four.", country="ML")
    assert ("ml_military", "perpetrator") not in found


def test_who_fights_with_a_side_is_the_other_side() -> None:
    found = names("The army engaged in a firefight with ADF rebels near the river.", "CD")
    assert found["cd_military"][0] == "perpetrator" and found["adf"][0] == "perpetrator"
    # a party that only reports the fighting is no side of it
    found = names("The army said: clashes with ADF rebels went on all night.", "CD")
    assert found["cd_military"][0] == "mention"


def test_forces_are_filed_where_acled_files_them() -> None:
    # military police belong to the armed forces; India's central armed police are police
    found = roles("Military police beat a street vendor in the square.", country="BR")
    assert ("br_military", "perpetrator") in found
    found = roles("CRPF personnel fired on a crowd near the station.", country="IN")
    assert ("in_police", "perpetrator") in found


def test_a_group_named_after_its_members_and_the_maker_of_an_attack() -> None:
    found = roles("Members of Banda del Rio clashed with soldiers near the port.", country="MX")
    assert ("actor:banda-del-rio", "perpetrator") in found
    # members of an assembly or a community are no armed group
    assert roles("Members of the Regional Assembly were shot at.", country="MX") == set()
    found = roles("Troops repelled an attack of ISWAP fighters on the base.", country="NG")
    assert ("iswap", "perpetrator") in found


def test_the_parse_reads_the_maker_of_a_repelled_attack() -> None:
    found = roles(
        "On Friday the troops fought back and repelled an attack of JNIM near the camp.",
        country="ML",
        parse=True,
    )
    assert ("jnim", "perpetrator") in found


def test_members_of_a_community_are_its_militia() -> None:
    found = names("Members of the Garo community attacked a rival village at night.", "IN")
    assert found["actor:garo-communal-militia"] == ("perpetrator", "Garo Communal Militia (India)")


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # the unit its members come from stands between the force and its verb
        (
            "On Friday, in a hamlet of Magway Region, Myanmar soldiers from battalion 512 "
            "beat a farmer to death.",
            "MM",
            "mm_military",
        ),
        (
            "Nigerian troops of the 7th Division attacked a camp near the lake.",
            "NG",
            "ng_military",
        ),
        (
            "Kenyan police officers from the county station shot two traders at a roadblock.",
            "KE",
            "ke_police",
        ),
    ],
)
def test_a_sub_unit_between_a_force_and_its_verb_keeps_it_the_attacker(
    sentence: str, country: str, actor: str
) -> None:
    assert (actor, "perpetrator") in roles(sentence, country=country)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # the movement, as a report names it without naming a party of it
        ("Maoists set fire to two trucks at a road site in the forest.", "naxal_maoist"),
        ("Naxalites ambushed a police patrol near the district border.", "naxal_maoist"),
        # the party, named
        (
            "CPI-Maoist cadres ambushed a police patrol near the district border.",
            "cpi_maoist",
        ),
    ],
)
def test_maoists_unnamed_are_the_movement_and_the_named_party_is_the_party(
    sentence: str, actor: str
) -> None:
    assert (actor, "perpetrator") in roles(sentence, country="IN")


def test_a_group_acting_in_coalition_with_another_is_the_attacker() -> None:
    sentence = (
        "KOBRA cadres in coalition with Tembo combatants beat and stabbed four villagers "
        "before taking their cattle."
    )
    found = names(sentence, "CD")
    assert found["actor:kobra"][0] == "perpetrator"


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # more words for a state's own forces, resolved by the report's country
        ("A trader was abducted by intelligence officers outside his shop.", "TR", "turkey"),
        ("Intelligence agents shot a student at the gate.", "LB", "lb_military"),
        ("Constables beat two drivers at a checkpoint on the highway.", "IN", "in_police"),
    ],
)
def test_more_names_of_a_states_own_forces(sentence: str, country: str, actor: str) -> None:
    assert (actor, "perpetrator") in roles(sentence, country=country, parse=True)


def test_generic_words_are_named_for_the_country_the_places_weigh_most() -> None:
    # "Kala" read as a town abroad is one weak vote; the state and district named beside it, in
    # the country of the province, outweigh it (the same count the segmenter makes)
    import datetime as dt

    from harmwatch.models import Report
    from harmwatch.pipeline import get_extractor

    text = (
        "On 4 May 2021, insurgents raided an outpost in Rann (Kala/Balge, Borno). The army "
        "repelled them, killing 9 insurgents."
    )
    report = Report(id="t", text=text, published=dt.date(2021, 5, 6))
    (inc,) = get_extractor().extract(report).incidents
    assert [p.id for p in inc.perpetrators] == ["ng_military"]


def test_a_country_name_with_a_modifier_before_its_force_noun_is_that_force() -> None:
    # "Nepal Armed Police": the state's police, though "Armed" stands between the two
    assert ("np_police", "perpetrator") in roles(
        "Nepal Armed Police personnel fired warning shots at the crowd.", country="NP"
    )


@pytest.mark.parametrize("parse", [False, True])
def test_launching_an_inquiry_is_no_attack(parse: bool) -> None:
    found = roles("The army launched an inquiry into the killings.", country="NG", parse=parse)
    assert ("ng_military", "perpetrator") not in found
    attack = roles("The army launched an offensive on the town.", country="NG", parse=parse)
    assert ("ng_military", "perpetrator") in attack


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # the unnamed attackers said to belong to a group: the group attacked
        (
            "Gunmen affiliated with the Islamic State attacked a hamlet near the river, "
            "killing eleven herders.",
            "NE",
            "isis",
        ),
        (
            "Militants loyal to al-Shabaab ambushed a supply convoy on the coastal road.",
            "SO",
            "al_shabaab",
        ),
        (
            "Jihadists affiliated with al-Qaeda stormed a checkpoint at dawn.",
            "BF",
            "al_qaeda",
        ),
    ],
)
def test_attackers_affiliated_with_a_group_are_that_group(
    sentence: str, country: str, actor: str
) -> None:
    assert (actor, "perpetrator") in roles(sentence, country=country, parse=True)


def test_fighters_affiliated_with_a_group_that_were_killed_stay_its_victims() -> None:
    found = roles(
        "Soldiers killed four fighters affiliated with the Islamic State near the border.",
        country="NE",
        parse=True,
    )
    assert ("isis", "victim") in found
    assert ("isis", "perpetrator") not in found


def test_clans_affiliated_with_a_front_are_not_the_front() -> None:
    # the clans fought; the front they are aligned with did not
    found = roles(
        "Two rival clans both affiliated with the MILF engaged in clashes over a farm, "
        "leaving one man dead.",
        country="PH",
        parse=True,
    )
    assert ("milf", "perpetrator") not in found


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        ("The junta confirmed the airstrike on the monastery village.", "MM", "mm_military"),
        (
            "The military said it had targeted a rebel training camp in the valley.",
            "MM",
            "mm_military",
        ),
        # what it says it destroyed is not another party's strike
        ("YPG fighters claimed to have destroyed a Turkish tank near the border.", "SY", "sdf"),
    ],
)
def test_a_force_confirming_its_own_strike_claims_it(
    sentence: str, country: str, actor: str
) -> None:
    assert (actor, "claim") in roles(sentence, country=country, parse=True)


@pytest.mark.parametrize(
    "sentence",
    [
        # it confirms another party's strike, an attack on itself, or that one is going on
        "The army confirmed the Russian strike on the grain depot.",
        "The army acknowledged the attack on its checkpoint outside the town.",
        "The army confirmed an attack is under way in the eastern district.",
        "An army spokesman said the incident was under review but had not confirmed the strike.",
    ],
)
def test_confirming_a_strike_it_did_not_make_is_no_claim(sentence: str) -> None:
    found = roles(sentence, country="UA", parse=True)
    assert ("ua_military", "claim") not in found


def test_the_parties_whose_men_fell_in_a_fight_are_its_sides() -> None:
    found = roles(
        "A French soldier and three ISGS fighters were killed in fighting near the well.",
        country="ML",
        parse=True,
    )
    assert {a for a, r in found if r in ("perpetrator", "alleged")} >= {"fr_military", "isgs"}
    found = roles(
        "A CPI-Maoist cadre was killed while two constables were hurt in an exchange of fire "
        "with a team of the district police in the forest.",
        country="IN",
        parse=True,
    )
    assert ("cpi_maoist", "perpetrator") in found
    assert ("in_police", "perpetrator") in found


def test_one_partys_dead_alone_or_its_spokesman_name_no_side() -> None:
    found = roles("Two soldiers were killed in clashes near the pass.", country="ML", parse=True)
    assert ("ml_military", "perpetrator") not in found
    found = roles(
        "The Turkish military said one of its soldiers had been killed by a roadside bomb and "
        "that nine militants were also killed in clashes that day.",
        country="SY",
        parse=True,
    )
    assert ("turkey", "perpetrator") not in found


def test_military_dress_names_no_army() -> None:
    found = roles(
        "A gang of youths wearing military fatigues beat up two farmers in the village.",
        country="CI",
        parse=True,
    )
    assert not {a for a, _ in found} & {"ci_military", "ci_police"}


def test_police_who_confront_a_gang_in_a_shootout_are_a_side() -> None:
    found = roles(
        "Police officers confronted a band of hired killers at a gas station, which ended in "
        "a shoot-out between the two groups.",
        country="PR",
        parse=True,
    )
    assert ("pr_police", "perpetrator") in found


def test_a_hedge_on_a_name_is_nobodys_accusation() -> None:
    finder = ActorFinder(model=get_settings().spacy_model)
    sentence = "A French soldier and two suspected ISGS fighters were killed in fighting."
    found = finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), "ML")
    assert all(m.by is None for m in found if m.actor_id == "isgs")


def test_the_fallen_of_both_sides_after_a_clash_broke_out_are_its_sides() -> None:
    found = roles(
        "A firefight broke out and two BRN insurgents were killed and a soldier was wounded.",
        country="TH",
        parse=True,
    )
    assert ("th_malay_separatists", "perpetrator") in found
    assert ("th_military", "perpetrator") in found


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # a faction's fighters, named by the kind of faction, resolved as its class is
        (
            "Faction fighters fired mortar rounds at a checkpoint outside the town.",
            "SY",
            "opposition",
        ),
        ("Islamist faction snipers wounded two farmers in the orchards.", "SY", "opposition"),
        (
            "Islamist faction fighters stormed a police post near the border.",
            "ML",
            "actor:islamist-militia-ml",
        ),
    ],
)
def test_faction_fighters_are_their_class(sentence: str, country: str, actor: str) -> None:
    assert (actor, "perpetrator") in roles(sentence, country=country, parse=True)


def test_paramilitaries_are_named_only_where_the_war_says_whose() -> None:
    sentence = "Paramilitary fighters shelled a displacement camp, killing nine people."
    assert ("rsf", "perpetrator") in roles(sentence, country="SD", parse=True)
    found = roles(sentence, country="CO", parse=True)
    assert not [a for a, r in found if r in ("perpetrator", "alleged")]
    assert not [a for a, _ in found if a.startswith("actor:")]


def test_attackers_believed_to_belong_to_a_group_are_its_alleged_attack() -> None:
    found = roles(
        "Gunmen believed to belong to the RSF attacked a clinic in the camp.",
        country="SD",
        parse=True,
    )
    assert ("rsf", "alleged") in found


def test_an_affiliate_is_its_own_actor_on_its_patrons_side() -> None:
    from harmwatch.vocab import side

    found = roles("Khalid ibn al-Walid Army fighters shelled a farm, killing a shepherd.")
    assert ("khalid_ibn_walid", "perpetrator") in found
    assert side("khalid_ibn_walid") == side("isis")


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # a generic word is the separatists or communists of the report's own war
        ("Separatist forces shelled a fishing village, killing two.", "YE", "stc"),
        ("Separatist forces shelled a fishing village, killing two.", "UA", "russian_proxies"),
        ("Separatist fighters torched a school in the hills.", "CM", "ambazonia"),
        ("Communist rebels ambushed an army patrol in the hills.", "PH", "npa"),
        ("Communist rebels ambushed an army patrol in the hills.", "IN", "naxal_maoist"),
    ],
)
def test_separatists_and_communist_rebels_are_the_reports_wars(
    sentence: str, country: str, actor: str
) -> None:
    assert (actor, "perpetrator") in roles(sentence, country=country)


def test_separatists_of_a_war_with_none_registered_stay_unresolved() -> None:
    found = roles("Separatist forces shelled a fishing village, killing two.", country="ES")
    assert not [a for a, r in found if r in ("perpetrator", "alleged")]


def test_a_group_and_a_second_one_named_after_it_both_act() -> None:
    # the second group is not in the registry: it does not hide the verb from the first
    found = roles(
        "Jaysh al-Izza and Liwa al-Fatah seized two hamlets from regime troops after midnight."
    )
    assert ("opposition", "perpetrator") in found


def test_the_party_an_accusing_pronoun_points_back_to_is_accused() -> None:
    found = roles(
        "The foreign ministry condemned the Rapid Support Forces, accusing them of a massacre "
        "of farmers in the town.",
        country="SD",
        parse=True,
    )
    assert ("rsf", "alleged") in found
    found = roles(
        "The ministry thanked the army, accusing it of nothing, and moved on.",
        country="SD",
        parse=True,
    )
    assert ("sd_military", "alleged") not in found


@pytest.mark.parametrize(
    ("sentence", "country", "actor"),
    [
        # an army's sub-unit named by its type and number is that army, not a group of its own
        ("Troops of Light Infantry Battalion 512 burned a monastery.", "MM", "mm_military"),
        ("The Fourth Division shelled the outskirts of the town.", "SY", "syria_gov"),
        ("Federal forces shelled a market on the edge of the town.", "ET", "et_military"),
    ],
)
def test_a_sub_unit_or_federal_forces_are_the_states_army(
    sentence: str, country: str, actor: str
) -> None:
    found = roles(sentence, country=country, parse=True)
    assert (actor, "perpetrator") in found
    assert not [a for a, _ in found if a.startswith("actor:")]


def test_a_hedge_on_one_noun_leaves_the_other_partys_deed_stated() -> None:
    # "suspected" qualifies the militants or the hideout, not the soldiers who acted
    found = roles("Soldiers killed ten suspected Boko Haram militants near the lake.", country="NG")
    assert ("ng_military", "perpetrator") in found
    found = roles("Troops raided a suspected hideout and shot dead two men.", country="NG")
    assert ("ng_military", "perpetrator") in found
    found = roles("Suspected Boko Haram militants killed five farmers.", country="NG")
    assert ("boko_haram", "alleged") in found


def test_a_group_suspected_of_an_attack_is_its_alleged_author() -> None:
    found = roles("Boko Haram fighters are suspected of killing five farmers.", country="NG")
    assert ("boko_haram", "alleged") in found
    found = roles("Boko Haram is suspected of hiding weapons in the village.", country="NG")
    assert ("boko_haram", "alleged") not in found


def test_a_hedge_on_the_deed_hedges_its_author() -> None:
    found = roles(
        "Residents protested against the alleged killing of two farmers by YPG fighters.",
        parse=True,
    )
    assert ("sdf", "alleged") in found
    found = roles("Soldiers killed ten suspected militants near the lake.", parse=True)
    assert ("syria_gov", "perpetrator") in found
    assert ("opposition", "victim") in found


@pytest.mark.parametrize(
    ("sentence", "actor", "country"),
    [
        (
            "Gunmen believed to be members of an RSF-backed unit attacked a market in Nyala, "
            "killing four traders.",
            "rsf",
            "SD",
        ),
        (
            "Fighters thought to be members of a Taliban unit ambushed a convoy near Kunduz.",
            "taliban",
            "AF",
        ),
    ],
)
def test_gunmen_believed_to_be_members_of_a_unit(sentence: str, actor: str, country: str) -> None:
    assert (actor, "alleged") in roles(sentence, country=country)


def test_blamed_at_the_end_of_a_sentence_blames_the_harm_told_before() -> None:
    # the second sentence of a report: "blamed X." with nothing else blamed on X
    # (the parse reads what a verb of blame is for)
    assert ("rsf", "alleged") in roles("The army blamed the RSF.", country="SD", parse=True)
    shortage = "The army blamed the RSF for the fuel shortage."
    assert ("rsf", "alleged") not in roles(shortage, country="SD", parse=True)
    # a noun of blame at the end of a sentence: the patterns read it
    crimes = "The ministry condemned the crimes of the RSF."
    assert {r for a, r in roles(crimes, country="SD") if a == "rsf"} & {"perpetrator", "alleged"}


@pytest.mark.parametrize(
    ("sentence", "country", "expected"),
    [
        # the launch site told as the attacker's, after it or before it
        (
            "Two mortar rounds were fired from an outpost belonging to the Ugandan army into a "
            "village across the border.",
            "CD",
            {("ug_military", "perpetrator")},
        ),
        (
            "Shells fired from RSF-held neighbourhoods struck the market in Omdurman.",
            "SD",
            {("rsf", "perpetrator")},
        ),
        # an operation of theirs in which the shooting happened
        (
            "A gunfight erupted in the township during a police chase on Friday.",
            "ZA",
            {("za_police", "perpetrator")},
        ),
        # gangs listed after their noun: the sides of the clash, each a group of its own
        (
            "Fighting between two rival gangs, Cite Bleue and Village Rouge, left four dead.",
            "HT",
            {("actor:cite-bleue-gang", "perpetrator"), ("actor:village-rouge-gang", "perpetrator")},
        ),
        # a name glossed in brackets, then its verb
        (
            "Gunmen of the PCC (First Capital Command) invaded a slum held by a rival faction.",
            "BR",
            {("actor:pcc", "perpetrator")},
        ),
    ],
)
def test_attackers_told_by_site_operation_list_or_gloss(
    sentence: str, country: str, expected: set[tuple[str, str]]
) -> None:
    assert expected <= roles(sentence, country=country)


def test_a_countrys_territory_is_not_its_forces() -> None:
    # rockets from a country's soil name no one of its forces
    found = roles("Rockets fired from Lebanese territory hit a farm near the border.", country="IL")
    assert not any(role == "perpetrator" for _, role in found)


@pytest.mark.parametrize(
    ("sentence", "country", "expected"),
    [
        # the subject of "stepped up / intensified its air strikes" makes them
        (
            "The offensive is backed by Russia, which stepped up its air strikes on rebel-held "
            "districts this week.",
            "SY",
            ("russia", "perpetrator"),
        ),
        (
            "The Sudanese army intensified its shelling of Omdurman on Monday.",
            "SD",
            ("sd_military", "perpetrator"),
        ),
        # an attacker's noun and the group it is of, the group's verb after its name
        (
            "A suicide bomber from the al-Shabaab militant group blew himself up at a checkpoint "
            "in Baidoa, killing nine soldiers.",
            "SO",
            ("al_shabaab", "perpetrator"),
        ),
    ],
)
def test_attackers_of_a_stepped_up_campaign_or_a_bombers_group(
    sentence: str, country: str, expected: tuple[str, str]
) -> None:
    assert expected in roles(sentence, country=country)


def test_fighters_of_a_group_killed_by_a_strike_are_its_victims() -> None:
    found = roles("The drone strike killed 12 fighters of the ADF near Beni.", country="CD")
    assert ("adf", "perpetrator") not in found


def test_a_named_group_of_a_generic_noun_is_kept_where_the_noun_names_no_one() -> None:
    # "militants" names no one in India: the group by its own name; in Pakistan the
    # separatists are the registry's
    manipur = "Naga militants opened fire on a bus near Ukhrul, killing two passengers."
    assert ("actor:naga-militants", "perpetrator") in roles(manipur, country="IN")
    assert ("bla", "perpetrator") in roles("Baloch separatists attacked a bus.", country="PK")
    # a generic or a state's word in the name leaves the generic reading
    assert ("opposition", "perpetrator") in roles("Rebel fighters shelled the town.")


def test_a_claim_of_the_attack_with_its_weapon_named() -> None:
    sentence = "Al-Shabaab claimed the mortar attack on the base in Baledogle on Sunday."
    assert ("al_shabaab", "claim") in roles(sentence, country="SO")


def test_two_parties_that_blame_each_other_each_stand_accused_by_the_other() -> None:
    sentence = "The army and the RSF blamed each other for the shelling of the camp."
    finder = ActorFinder()
    found = finder.resolve(finder.sentence_mentions(sentence, 0, len(sentence)), "SD")
    got = {(m.actor_id, m.role, m.by_id) for m in found}
    assert {("sd_military", "alleged", "rsf"), ("rsf", "alleged", "generic:military")} <= got


@pytest.mark.parametrize(
    ("sentence", "country", "expected"),
    [
        # a weapon said to be a state's, a relative clause with commas between
        (
            "Witnesses said the drone that struck the market in Gondar on Monday, killing 12, "
            "was probably Ethiopian.",
            "ET",
            {("et_military", "alleged")},
        ),
        (
            "The jets that bombed Sirte on Friday, killing seven, were either Egyptian or Emirati.",
            "LY",
            {("eg_military", "alleged"), ("ae_military", "alleged")},
        ),
        # a party's word of its own fighters' deed is its claim
        (
            "A spokesman for the Tigray Defence Forces said its fighters had shelled army "
            "positions near Korem.",
            "ET",
            {("tplf", "claim")},
        ),
        # a commander who stands for his forces
        (
            "Forces loyal to the veteran commander Khalifa Haftar shelled a suburb of Tripoli.",
            "LY",
            {("lna", "perpetrator")},
        ),
    ],
)
def test_hedged_nationality_claims_of_own_fighters_and_commanders(
    sentence: str, country: str, expected: set[tuple[str, str]]
) -> None:
    assert expected <= roles(sentence, country=country)


def test_a_persons_nationality_is_no_attacker() -> None:
    found = roles("The man who died in the raid was Syrian.")
    assert not any(role in ("perpetrator", "alleged") for _, role in found)
