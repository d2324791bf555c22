"""Frames an analyst reads past: a capital speaking for its government, the day a statement
was made, a dateline's date, "the day before", a bearing from a reference town, an accusation
that is not of the attack, and a later toll from another source. Sentences are my own."""

from __future__ import annotations

import datetime as dt

from harmwatch.models import Incident, Range, Report
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.dates import find_dates
from harmwatch.pipeline.reconcile import reconcile
from harmwatch.pipeline.types import FigureMention

PUB = dt.date(2022, 6, 29)  # a Wednesday


def incidents(text: str, published: dt.date = PUB) -> list[Incident]:
    out = get_extractor().extract(Report(id="t", text=text, published=published)).incidents
    return [i for i in out if not i.background]


def test_a_capital_that_speaks_is_not_the_place() -> None:
    text = (
        "At least 11 people died on Monday when a missile hit a furniture store in Poltava, "
        "in what Kyiv said was a deliberate Russian attack. Moscow accused Kyiv of storing "
        "ammunition in the building."
    )
    (inc,) = incidents(text)
    assert inc.location is not None and inc.location.name == "Poltava"
    assert inc.killed == Range(min=11, max=11)


def test_a_capital_that_is_hit_stays_the_place() -> None:
    text = "Residents of Kyiv reported loud blasts on Monday as a drone strike killed 3 people."
    (inc,) = incidents(text)
    assert inc.location is not None and inc.location.name == "Kyiv"


def test_the_day_a_statement_was_made_is_not_the_attack_day() -> None:
    text = (
        "The defence ministry on Tuesday denied that its aircraft bombed the market of "
        "Mocha on Sunday, where 14 people were killed."
    )
    (inc,) = incidents(text)
    assert inc.date == dt.date(2022, 6, 26)


def test_the_day_before_counts_back_from_the_date_just_told() -> None:
    (tue, before) = find_dates(
        "The ministry on Tuesday denied any part in a raid that killed 6 people the day before.",
        PUB,
    )
    assert tue.date == dt.date(2022, 6, 28)
    assert before.date == dt.date(2022, 6, 27)


def test_the_day_before_with_nothing_to_count_from_is_no_date() -> None:
    found = find_dates("Shelling hit the town after a jet was downed the day before.", PUB)
    assert found == []


def test_a_datelines_date_is_not_the_attack_day() -> None:
    text = (
        "MOCHA, Yemen, June 29 (Wire) -- An air strike on a wedding on Monday killed 20 "
        "guests in Mocha, medics said."
    )
    (inc,) = incidents(text)
    assert inc.date == dt.date(2022, 6, 27)


def test_a_wire_datelines_date_without_an_agency_is_not_the_attack_day() -> None:
    text = (
        "ADEN, June 29 - A drone hit a fuel depot on Monday night, killing 4 guards, port "
        "officials said."
    )
    (inc,) = incidents(text)
    assert inc.date == dt.date(2022, 6, 27)


def test_a_separate_attack_with_its_own_toll_is_an_incident_of_its_own() -> None:
    text = (
        "Gunmen stormed the village of Kalagwe on Tuesday night, killing 21 farmers, the "
        "district commissioner said. A separate attack the same night on a nearby hamlet left "
        "six dead."
    )
    found = incidents(text)
    assert sorted(i.killed.min for i in found if i.killed) == [6, 21]


def test_a_bearing_from_a_town_in_another_province_keeps_the_named_town() -> None:
    text = "Missiles hit two tents on Monday in the port town of Mocha, west of Aden, killing 9."
    (inc,) = incidents(text)
    assert inc.location is not None and inc.location.name == "Mocha"


def test_an_accusation_of_something_else_names_no_attacker() -> None:
    text = (
        "An air strike on Monday hit a school in Mekele, killing 5 people. The government said "
        "it only struck military sites and accused the Tigray People's Liberation Front of "
        "inventing the casualties."
    )
    (inc,) = incidents(text)
    assert "tplf" not in {p.id for p in inc.perpetrators}


def _killed(value: int, start: int, by: str | None, revision: bool = False) -> FigureMention:
    return FigureMention(
        "killed",
        value,
        value,
        "exact",
        "people",
        start,
        start + 5,
        start,
        start + 1,
        reported_by=by,
        revision=revision,
    )


def test_a_later_toll_from_another_source_does_not_erase_a_named_count() -> None:
    figs = [_killed(4, 0, "City Hospital"), _killed(7, 100, None, revision=True)]
    assert reconcile(figs).killed == Range(min=4, max=7)


def test_a_later_toll_replaces_the_same_sources_earlier_count() -> None:
    figs = [_killed(4, 0, "City Hospital"), _killed(7, 100, "City Hospital", revision=True)]
    assert reconcile(figs).killed == Range(min=7, max=7)
    figs = [_killed(4, 0, None), _killed(7, 100, None, revision=True)]
    assert reconcile(figs).killed == Range(min=7, max=7)


def test_a_later_toll_from_a_named_source_keeps_the_reports_own_count_as_minimum() -> None:
    figs = [_killed(3, 0, None), _killed(4, 100, "Wire Agency", revision=True)]
    assert reconcile(figs).killed == Range(min=3, max=4)


def test_a_denial_negates_what_follows_it_not_the_strike_told_before() -> None:
    from harmwatch.pipeline.events import find_events

    told = (
        "The ministry said its rocket strike on the town killed 40 fighters, as it denied "
        "aiming at civilians."
    )
    assert any(not e.negated for e in find_events(told))
    denied = "The ministry denied carrying out any air strike on the town."
    assert all(e.negated for e in find_events(denied))


def test_a_capital_that_acts_is_the_government() -> None:
    text = (
        "A missile strike on Sunday killed 20 people in the centre of Chernihiv. Moscow said "
        "the strike hit a meeting, saying Kyiv held an officers' briefing in the hall."
    )
    (inc,) = incidents(text, dt.date(2025, 4, 14))
    assert inc.location is not None and inc.location.name == "Chernihiv"


def test_speaks_as_state_reads_the_frame_around_a_capital() -> None:
    from harmwatch.gazetteer import Gazetteer
    from harmwatch.pipeline.metonymy import speaks_as_state

    gaz = Gazetteer.load([])
    for text, expected in [
        ("It claimed Kyiv held an officers' briefing in the hall.", True),
        ("In what Kyiv said was a missile attack, 5 died.", True),
        ("Moscow accused Kyiv of hiding arms.", True),
        ("Residents of Kyiv reported blasts overnight.", False),
        ("A drone hit Kyiv, officials said.", False),
    ]:
        (m,) = [m for m in gaz.scan(text) if m.text == "Kyiv"]
        assert speaks_as_state(text, m) is expected, text


def test_a_dateline_city_named_nowhere_else_is_not_the_place() -> None:
    text = (
        "NIAMEY -- A drone strike on Sunday killed 12 villagers at a wedding in a remote "
        "district of the west, a rights group said on Thursday."
    )
    incs = incidents(text, dt.date(2021, 1, 7))
    assert incs and all(i.location is None or i.location.name != "Niamey" for i in incs)


def test_a_day_earlier_resolves_against_the_date_before_it() -> None:
    (sun, before) = find_dates("Crowds marched on Sunday against a strike a day earlier.", PUB)
    assert before.date == sun.date - dt.timedelta(days=1)  # type: ignore[operator]


def test_the_weapon_named_beats_a_generic_strike() -> None:
    from harmwatch.pipeline.events import find_events, incident_type

    def kind(text: str) -> str:
        return incident_type(find_events(text))

    assert kind("A missile strike hit the city centre.") == "missile"
    assert kind("An artillery strike hit the village.") == "shelling"
    assert kind("Rockets fired from across the border struck the town.") == "shelling"
    assert kind("A strike hit the market.") == "airstrike"  # nothing says with what
    assert kind("Warplanes struck the market.") == "airstrike"


def test_the_weapon_told_after_a_generic_lead_gives_the_type() -> None:
    text = (
        "A strike on Sunday killed 34 people in the centre of Chernihiv. Two ballistic "
        "missiles hit the square as people gathered, officials said."
    )
    (inc,) = incidents(text, dt.date(2025, 4, 14))
    assert inc.event_type == "missile"


def _roles(text: str) -> set[tuple[str, str]]:
    ex = get_extractor()
    doc = ex._make_doc(Report(id="r", text=text, published=PUB))
    doc = next(iter(ex.nlp.pipe([doc])))
    return {(a.actor_id, a.role) for a in doc._.hw_actors}


def test_a_year_before_a_group_does_not_count_it_as_victims() -> None:
    found = _roles("On 2 May 2020, PKK militants carried out a bomb attack on a dormitory.")
    assert ("pkk", "perpetrator") in found


def test_an_unregistered_acronym_that_attacks_is_kept_verbatim() -> None:
    found = _roles("On 7 May 2020, ZRB attacked and injured a party member in the commune.")
    assert ("actor:zrb", "perpetrator") in found


def test_one_who_shoots_someone_is_the_attacker_not_a_victim() -> None:
    text = "On 9 May 2020, a gendarme shot and killed a motorbike driver in Garoua, Cameroon."
    assert ("cm_military", "perpetrator") in _roles(text)


def test_an_attack_told_as_known_is_read_as_the_same_one() -> None:
    from harmwatch.pipeline.sentences import _definite

    for text, same in [
        ("Rescuers said the strike flattened a school.", True),
        ("Witnesses said the alleged Israeli bombing hit a house.", True),
        ("Medics said this attack was the deadliest.", True),
        ("Another strike hit a school.", False),
        ("A separate strike hit a school.", False),
        ("The second strike hit a school.", False),
        ("A strike hit a school.", False),
    ]:
        word = next(w for w in ("strike", "bombing", "attack") if w in text)
        assert _definite(text, text.index(word)) is same, text


def test_another_strike_elsewhere_is_another_incident() -> None:
    text = (
        "An air strike on Sunday killed 9 people in Khan Yunis, medics said. Another strike "
        "on Sunday killed 4 people in Deir al-Balah."
    )
    assert len(incidents(text, dt.date(2023, 11, 6))) == 2


def test_a_separate_fight_told_with_the_clashes_is_not_the_strike() -> None:
    text = (
        "Government jets bombed the market of Ariha on Wednesday, killing 21 civilians, monitors "
        "said. Separately, on Wednesday night troops pushed to within 5 km of Saraqib; at least "
        "30 fighters were killed in the clashes."
    )
    found = {
        (i.location.name, i.killed.min)
        for i in incidents(text, dt.date(2020, 1, 16))
        if i.location and i.killed
    }
    assert found == {("Ariha", 21), ("Saraqib", 30)}


def test_a_statement_verb_before_its_date_dates_the_statement_not_the_strike() -> None:
    # the army "confirmed on Wednesday that" it struck; the strike itself was on Monday
    text = (
        "The army confirmed on Wednesday that its jets had bombed a livestock market in the "
        "town of Kharkiv. Monday's strike killed 14 people, a regional doctor said."
    )
    (inc,) = incidents(text)
    assert inc.date == dt.date(2022, 6, 27)


def test_that_incident_after_a_past_attack_is_background() -> None:
    text = (
        "Two car bombs exploded outside the water ministry on Saturday, killing at least 40 "
        "people. It was the worst attack in the city since March 2019, when a lorry bomb tore "
        "through the same junction. Some 300 were killed in that attack."
    )
    (inc,) = incidents(text)
    assert inc.killed == Range(min=40, max=40)


def test_a_weekday_with_a_two_digit_year_date() -> None:
    found = find_dates("The mortar landed last Friday(11/18/22) near the port.", None)
    assert [d.date for d in found] == [dt.date(2022, 11, 18)]
    # both readings possible: the weekday says which
    found = find_dates("Gunmen struck on Saturday (10/08/22) at dawn.", None)
    assert [d.date for d in found] == [dt.date(2022, 10, 8)]


def test_a_day_counted_in_the_next_sentence_counts_from_the_date_before() -> None:
    text = (
        "Drones struck a fuel depot outside Mariupol on Monday, wounding three workers. "
        "Two days later, shelling hit the same district."
    )
    (mon, later) = find_dates(text, PUB)
    assert mon.date == dt.date(2022, 6, 27)
    assert later.date == dt.date(2022, 6, 29) and later.counted


def test_a_day_counted_mid_sentence_counts_only_within_its_sentence() -> None:
    text = "Jets hit the bridge on Monday. Families fled as shelling resumed two days later."
    (mon,) = find_dates(text, PUB)
    assert mon.date == dt.date(2022, 6, 27)


def test_the_next_day_is_another_incident_even_in_the_same_town() -> None:
    text = (
        "Drones struck a fuel depot in Kherson on Monday, wounding three workers. "
        "The following day, shelling killed two people in the city centre, the governor said."
    )
    first, second = sorted(incidents(text), key=lambda i: i.date or dt.date.min)
    assert first.date == dt.date(2022, 6, 27) and first.killed is None
    assert first.injured == Range(min=3, max=3)
    assert second.date == dt.date(2022, 6, 28) and second.killed == Range(min=2, max=2)


def test_a_separate_attack_the_same_day_is_another_incident_of_that_day() -> None:
    text = (
        "Gunmen on motorbikes killed 17 herders near Gao on Monday, the mayor said. "
        "In a separate attack, gunmen killed six traders at a cattle market."
    )
    first, second = incidents(text)
    assert first.killed == Range(min=17, max=17) and second.killed == Range(min=6, max=6)
    assert first.date == second.date == dt.date(2022, 6, 27)


def test_more_of_the_same_strike_stays_one_incident() -> None:
    text = (
        "An air strike hit a school in Gao on Monday, killing 9 people, medics said. "
        "The strike also wounded 30 children."
    )
    (inc,) = incidents(text)
    assert inc.killed == Range(min=9, max=9) and inc.injured == Range(min=30, max=30)


def _attackers(text: str) -> list[tuple[str, str, str | None]]:
    (inc,) = incidents(text)
    return sorted((p.id or "", p.status, p.by) for p in inc.perpetrators)


def test_one_or_the_other_attacker_makes_two_allegations() -> None:
    text = (
        "Syrian or Russian jets bombed a bakery in Ariha on Monday, killing four people, "
        "the Syrian Observatory for Human Rights said."
    )
    found = _attackers(text)
    assert [(i, st) for i, st, _ in found] == [("russia", "alleged"), ("syria_gov", "alleged")]


def test_the_source_that_speaks_is_who_alleges_not_the_nearest_one() -> None:
    text = (
        "Jets believed to be Russian bombed a clinic in Ariha on Monday, killing three medical "
        "staff, the Syrian Observatory for Human Rights said."
    )
    ((actor, status, by),) = _attackers(text)
    assert (actor, status, by) == ("russia", "alleged", "Syrian Observatory for Human Rights")


def test_a_party_that_blames_another_is_who_alleges_it() -> None:
    text = (
        "Shells hit a camp for displaced families near Nyala on Monday, killing 12 people. "
        "The Rapid Support Forces blamed the Sudanese army for the shelling."
    )
    assert _attackers(text) == [("sd_military", "alleged", "Rapid Support Forces")]


def test_capital_reading_is_remembered_by_candidate_tuple() -> None:
    """`metonymy.is_capital` is asked of every place match; the scanner hands one candidate
    tuple to each match of a name, so the answer is kept with that tuple (and only it)."""
    from harmwatch.gazetteer import Gazetteer, PlaceMatch
    from harmwatch.pipeline import metonymy

    gaz = Gazetteer.load()
    first, again = gaz.scan("Kyiv said it. Kyiv denied it.")
    assert first.places is again.places and metonymy.is_capital(first)
    assert metonymy.is_capital(again)
    town = [m for m in gaz.scan("shelling of Kharkiv") if m.text == "Kharkiv"][0]
    assert not metonymy.is_capital(town)
    fresh = tuple(list(first.places))  # equal, but another tuple: asked afresh
    assert fresh is not first.places
    assert metonymy.is_capital(PlaceMatch(0, 4, "Kyiv", fresh, first.strict))
    assert not metonymy.is_capital(PlaceMatch(0, 4, "Kyiv", town.places, first.strict))


def test_a_past_month_ending_the_sentence_before_does_not_hide_the_weapon() -> None:
    text = (
        "Fighters have encircled the town since May. On Tuesday, a drone struck its only "
        "clinic, killing 7 patients, doctors said."
    )
    (inc,) = incidents(text)
    assert inc.event_type == "drone_strike"


def test_a_headlines_country_label_is_not_the_attacker() -> None:
    text = (
        "Sudan: shelling kills 12 in a camp\n\nShells hit a camp for displaced people near "
        "Nyala on Tuesday, killing 12 people, medics said."
    )
    (inc,) = incidents(text)
    assert inc.perpetrators == []


def test_a_force_that_opens_an_inquiry_is_not_the_attacker() -> None:
    text = (
        "Gunmen on motorbikes shot dead 9 traders at a cattle market near Gusau on Tuesday, a "
        "police spokesman said. Police have launched an investigation into the killings."
    )
    (inc,) = incidents(text)
    assert [p.id for p in inc.perpetrators if p.id != "unknown"] == []
