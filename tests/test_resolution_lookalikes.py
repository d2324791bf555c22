"""Reports with no toll: several outlets telling one attack join it on place, day and type when
nothing conflicts, while look-alikes stay apart (same town the next day, another town the same
day, the same town the same day with another means, another toll or "nobody was hurt").
Reports written here in our own words; towns and dates are real, the events are made up."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from resolve_cases import make
from sqlalchemy import select

from harmwatch.models import Report, ReportExtraction
from harmwatch.resolve import add_extraction
from harmwatch.resolve.batch import resolve_many
from harmwatch.resolve.merge import split
from harmwatch.store.db import session_scope
from harmwatch.store.migrate import upgrade
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow

KAFR_NABL = {
    "name": "Kafr Nabl",
    "lat": 35.6136,
    "lon": 36.5614,
    "admin1": "Idlib",
    "country": "SY",
    "precision": "town",
}
MAARRAT = {
    "name": "Maarrat al-Numan",
    "lat": 35.6433,
    "lon": 36.6706,
    "admin1": "Idlib",
    "country": "SY",
    "precision": "town",
}
KHAN = {
    "name": "Khan Shaykhun",
    "lat": 35.4417,
    "lon": 36.6483,
    "admin1": "Idlib",
    "country": "SY",
    "precision": "town",
}
DAY = dt.date(2021, 3, 2)
NEXT = DAY + dt.timedelta(days=1)
RUSSIA = [{"name": "Russian jets", "id": "russia", "status": "alleged", "by": "residents"}]
Pair = tuple[Report, ReportExtraction]


def report(rid: str, outlet: str, text: str, published: dt.date = DAY, **facts: Any) -> Pair:
    spec = {"phrase": text, "date": DAY, "date_precision": "day", "location": KAFR_NABL} | facts
    return make(rid, outlet, published, text, [spec])


def school_raid() -> list[Pair]:
    """One air raid on a school in Kafr Nabl, told by four outlets, none giving a toll."""
    return [
        report(
            "school-1",
            "Levant Daily",
            "Warplanes struck a school in Kafr Nabl on Tuesday "
            "morning; nobody was hurt because lessons had not yet started.",
            event_type="airstrike",
            targets=["school"],
            perpetrators=RUSSIA,
        ),
        report(
            "school-2",
            "Gulf Wire",
            "Residents of Kafr Nabl said an air raid hit the town's school on Tuesday.",
            event_type="airstrike",
            targets=["school"],
        ),
        report(
            "school-3",
            "Border Radio",
            "Russian jets bombed Kafr Nabl on Tuesday, a local monitor told us.",
            event_type="airstrike",
            perpetrators=RUSSIA,
        ),
        report(
            "school-4",
            "Capital Times",
            "Warplanes attacked Kafr Nabl on Tuesday and left a "
            "building damaged, the civil defence said.",
            event_type="other",
            published=NEXT,
        ),
    ]


def school_look_alikes() -> list[Pair]:
    return [
        report(
            "next-day",
            "Levant Daily",
            "Warplanes returned to Kafr Nabl on Wednesday and "
            "hit the same school again; no one was hurt.",
            published=NEXT,
            date=NEXT,
            event_type="airstrike",
            targets=["school"],
            perpetrators=RUSSIA,
        ),
        report(
            "other-town",
            "Gulf Wire",
            "An air raid hit Maarrat al-Numan on Tuesday; no casualties were reported.",
            event_type="airstrike",
            location=MAARRAT,
        ),
        report(
            "clashes",
            "Frontline Monitor",
            "Fighters clashed on the edge of Kafr Nabl on Tuesday and four of them were killed.",
            event_type="ground_clash",
            figs=[("killed", 4, {"reported_by": "a monitor"})],
        ),
        report(
            "market-shells",
            "Northern Post",
            "Artillery shells fell on the vegetable "
            "market of Kafr Nabl on Tuesday, killing three shoppers.",
            event_type="shelling",
            targets=["market"],
            figs=[("killed", 3, {"reported_by": "medics"})],
        ),
    ]


def ingest(url: str, pairs: list[Pair]) -> None:
    for rep, extraction in pairs:
        with session_scope(url) as s:
            add_report(s, rep)
            add_extraction(s, extraction)


def partition(url: str) -> set[frozenset[str]]:
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None)))
        return {frozenset(r.record["report_ids"]) for r in rows}


SCHOOL = frozenset({"school-1", "school-2", "school-3", "school-4"})
APART = {frozenset({r}) for r in ("next-day", "other-town", "clashes", "market-shells")}


def test_four_outlets_without_a_toll_make_one_incident_and_look_alikes_stay_apart(db_url):
    ingest(db_url, school_raid() + school_look_alikes())
    assert partition(db_url) == {SCHOOL} | APART
    with session_scope(db_url) as s:
        [row] = [r for r in s.scalars(select(IncidentRow)) if r.record["n_reports"] == 4]
        assert row.place_name == "Kafr Nabl" and row.date == DAY
        assert row.event_type == "airstrike" and row.killed_min is None
        assert row.record["n_independent"] == 4


def batch_partition(tmp_path, pairs):
    """The partition the batch resolver (`resolve_many`) makes of the same reports."""
    batch = f"sqlite:///{tmp_path / 'batch.db'}"
    upgrade(batch)
    with session_scope(batch) as s:
        for rep, _ in pairs:
            add_report(s, rep)
        resolve_many(s, [e for _, e in pairs])
    return partition(batch)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_arrival_order_does_not_change_the_incidents(db_url, tmp_path, seed):
    pairs = school_raid() + school_look_alikes()
    random.Random(seed).shuffle(pairs)
    ingest(db_url, pairs)
    assert partition(db_url) == {SCHOOL} | APART
    assert batch_partition(tmp_path, pairs) == {SCHOOL} | APART


def test_a_quiet_link_is_logged_with_its_reason_and_can_be_split(db_url):
    ingest(db_url, school_raid()[2:3] + school_raid()[1:2])  # no target or toll in common
    assert partition(db_url) == {frozenset({"school-2", "school-3"})}
    with session_scope(db_url) as s:
        attach = s.scalars(select(MergeLogRow).where(MergeLogRow.kind == "attach")).one()
        assert "same place and day, nothing conflicting" in attach.reason
        split(s, attach.incident_id, "school-2", user="ana", reason="two raids")
    assert partition(db_url) == {frozenset({"school-2"}), frozenset({"school-3"})}


def raid_with_toll() -> list[Pair]:
    """Seven killed in Khan Shaykhun; the third outlet has no toll yet."""
    base = {"event_type": "airstrike", "location": KHAN}
    return [
        report(
            "khan-1",
            "Levant Daily",
            "Seven people were killed when jets struck a street in Khan Shaykhun on Tuesday.",
            figs=[("killed", 7, {})],
            **base,
        ),
        report(
            "khan-2",
            "Gulf Wire",
            "An air strike on Khan Shaykhun on Tuesday killed seven civilians, medics said.",
            figs=[("killed", 7, {})],
            **base,
        ),
        report(
            "khan-3",
            "Coast Herald",
            "Rescuers were searching rubble in Khan Shaykhun after an air raid on Tuesday.",
            published=NEXT,
            **base,
        ),
    ]


def test_an_outlet_without_the_toll_joins_the_incident_but_not_one_saying_nobody_died(db_url):
    denial = report(
        "khan-drone",
        "River Press",
        "A drone hit a car outside Khan Shaykhun on Tuesday; no one was killed.",
        event_type="drone_strike",
        location=KHAN,
    )
    ingest(db_url, raid_with_toll() + [denial])
    assert partition(db_url) == {
        frozenset({"khan-1", "khan-2", "khan-3"}),
        frozenset({"khan-drone"}),
    }
    with session_scope(db_url) as s:
        [row] = [r for r in s.scalars(select(IncidentRow)) if r.record["n_reports"] == 3]
        assert (row.killed_min, row.killed_max) == (7, 7)


def test_a_report_that_fits_two_incidents_is_left_apart(db_url):
    vague = report(
        "vague",
        "Valley News",
        "Kafr Nabl was attacked on Tuesday, a monitor said.",
        event_type="other",
        published=NEXT,
    )
    ingest(db_url, school_look_alikes()[3:] + school_raid()[:2] + [vague])
    assert frozenset({"vague"}) in partition(db_url)
    with session_scope(db_url) as s:
        mention = s.scalars(select(MentionRow).where(MentionRow.report_id == "vague")).one()
        created = s.scalars(select(MergeLogRow.incident_id).where(MergeLogRow.kind == "create"))
        assert mention.incident_id in set(created)


def test_reports_of_fighting_without_a_toll_are_not_joined_on_place_and_day_alone(db_url):
    clashes = [
        report(
            "front-1",
            "Levant Daily",
            "Government troops and rebels clashed near Kafr Nabl on Tuesday.",
            event_type="ground_clash",
        ),
        report(
            "front-2",
            "Gulf Wire",
            "Fighting broke out again around Kafr Nabl on Tuesday, a commander said.",
            event_type="ground_clash",
        ),
    ]
    ingest(db_url, clashes)
    assert partition(db_url) == {frozenset({"front-1"}), frozenset({"front-2"})}


def blast(rid: str, published: dt.date, text: str, killed: int, top: int | None = None) -> Pair:
    extra = {"value_max": top} if top else {}
    return make(
        rid,
        "Syrian Observatory",
        published,
        text,
        [
            {
                "phrase": text,
                "event_type": "ied",
                "date": DAY,
                "date_precision": "day",
                "location": KAFR_NABL,
                "figs": [("killed", killed, extra)],
            }
        ],
    )


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_an_outlets_later_report_with_a_higher_toll_is_its_update(db_url, order):
    pairs = [
        blast(
            "blast-1",
            DAY,
            "Between 12 and 14 people died in a blast in Kafr Nabl on Tuesday.",
            12,
            14,
        ),
        blast("blast-2", NEXT, "The toll of Tuesday's blast in Kafr Nabl has climbed to 20.", 20),
    ]
    ingest(db_url, [pairs[i] for i in order])
    assert partition(db_url) == {frozenset({"blast-1", "blast-2"})}
    with session_scope(db_url) as s:
        [row] = s.scalars(select(IncidentRow)).all()
        assert (row.killed_min, row.killed_max) == (12, 20)


def test_the_same_outlet_on_the_same_day_with_a_lower_toll_is_another_blast(db_url):
    pairs = [
        blast("blast-a", DAY, "Nine people died in a blast in Kafr Nabl on Tuesday.", 9),
        blast("blast-b", DAY, "A second bomb in Kafr Nabl on Tuesday killed two.", 2),
    ]
    ingest(db_url, pairs)
    assert partition(db_url) == {frozenset({"blast-a"}), frozenset({"blast-b"})}


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_revised_toll_joins_the_earlier_lower_one_whichever_arrives_first(db_url, order):
    first = "Twenty-three people died when jets hit a hospital in Kafr Nabl on Tuesday."
    later = (
        "The number killed in Tuesday's raid on the Kafr Nabl hospital has risen to 60, up "
        "from 23, rescuers said."
    )
    base = {"event_type": "airstrike", "targets": ["hospital"]}
    pairs = [
        report("hospital-1", "Levant Daily", first, figs=[("killed", 23, {})], **base),
        report(
            "hospital-2",
            "Gulf Wire",
            later,
            published=NEXT,
            figs=[("killed", 60, {"revision": True})],
            **base,
        ),
    ]
    ingest(db_url, [pairs[i] for i in order])
    assert partition(db_url) == {frozenset({"hospital-1", "hospital-2"})}


def street_fighting() -> list[Pair]:
    """One day of fighting inside Kafr Nabl, told by three outlets, none giving a toll."""
    fight = {"event_type": "ground_clash"}
    return [
        report(
            "streets-1",
            "Levant Daily",
            "Rebels and government troops fought inside Kafr Nabl on Tuesday, residents said.",
            **fight,
        ),
        report(
            "streets-2",
            "Gulf Wire",
            "Heavy clashes erupted in the streets of Kafr Nabl on Tuesday.",
            **fight,
        ),
        report(
            "streets-3",
            "Capital Times",
            "Kafr Nabl saw street battles between the army and "
            "opposition fighters on Tuesday, a monitor said.",
            published=NEXT,
            **fight,
        ),
    ]


STREETS = frozenset({"streets-1", "streets-2", "streets-3"})


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_fighting_in_a_town_told_by_several_outlets_without_a_toll_is_one_incident(db_url, order):
    pairs = street_fighting()
    ingest(db_url, [pairs[i] for i in order])
    assert partition(db_url) == {STREETS}


@pytest.mark.parametrize(
    "text, facts",
    [
        (
            "Government forces took the village of Hish, near Kafr Nabl, after a battle on Tuesday.",  # noqa: E501
            {},
        ),
        ("Clashes went on along the Kafr Nabl front on Tuesday, a commander said.", {}),
        ("Fighting flared in farmland south of Kafr Nabl on Tuesday.", {}),
        ("Opposition fighters attacked army posts in the vicinity of Kafr Nabl on Tuesday.", {}),
        ("Fighting resumed in the streets of Kafr Nabl on Wednesday.", {"date": NEXT}),
        (
            "Heavy clashes erupted in the streets of Maarrat al-Numan on Tuesday.",
            {"location": MAARRAT},
        ),
    ],
)
@pytest.mark.parametrize("first", [True, False])
def test_fighting_look_alikes_stay_apart_from_the_towns_fighting(db_url, text, facts, first):
    """Fighting around the town (a front runs past many villages), the next day, or in another
    town that day is another engagement."""
    other = report(
        "front", "Frontline Monitor", text, published=NEXT, event_type="ground_clash", **facts
    )
    ingest(db_url, [other, *street_fighting()] if first else [*street_fighting(), other])
    assert partition(db_url) == {STREETS, frozenset({"front"})}


@pytest.mark.parametrize(
    "words",
    [
        "no injuries or deaths were reported",
        "there were no casualties or fatalities, the civil defence said",
        "neither fatalities nor injuries were reported",
    ],
)
def test_a_report_saying_nobody_died_in_other_words_stays_apart_from_a_toll(db_url, words):
    quiet = report(
        "quiet",
        "River Press",
        f"Shells fell on Khan Shaykhun on Tuesday; {words}.",
        event_type="airstrike",
        location=KHAN,
    )
    ingest(db_url, raid_with_toll() + [quiet])
    assert frozenset({"quiet"}) in partition(db_url)


def strike_on_maarrat() -> list[Pair]:
    """Eleven killed in Maarrat al-Numan; one outlet's witness took the air raid for shelling."""
    base = {"location": MAARRAT, "figs": [("killed", 11, {})]}
    return [
        report(
            "maarrat-1",
            "Levant Daily",
            "Warplanes bombed a street in Maarrat al-Numan on "
            "Tuesday and killed eleven people, rescuers said.",
            event_type="airstrike",
            **base,
        ),
        report(
            "maarrat-2",
            "Gulf Wire",
            "An air raid on Maarrat al-Numan on Tuesday left eleven dead.",
            event_type="airstrike",
            **base,
        ),
    ]


@pytest.mark.parametrize(
    "text, event_type, killed",
    [
        (
            "Eleven people died when shells hit a street in Maarrat al-Numan on Tuesday, a "
            "resident told us.",
            "shelling",
            11,
        ),
        (
            "A rocket slammed into Maarrat al-Numan on Tuesday, killing eleven people.",
            "missile",
            11,
        ),
        (
            "Artillery fire on Maarrat al-Numan killed 11 on Tuesday, according to a local doctor.",
            "shelling",
            11,
        ),
    ],
)
def test_a_witness_taking_an_air_raid_for_shelling_joins_when_the_tolls_are_equal(
    db_url, text, event_type, killed
):
    unsure = report(
        "unsure",
        "Coast Herald",
        text,
        published=NEXT,
        event_type=event_type,
        location=MAARRAT,
        figs=[("killed", killed, {})],
    )
    ingest(db_url, strike_on_maarrat() + [unsure])
    assert partition(db_url) == {frozenset({"maarrat-1", "maarrat-2", "unsure"})}


@pytest.mark.parametrize(
    "text, figs",
    [
        ("Shells fell on Maarrat al-Numan on Tuesday, residents said.", []),  # nothing agrees
        (
            "Artillery fire on Maarrat al-Numan killed two shepherds on Tuesday.",
            [("killed", 2, {})],
        ),  # another toll: another attack
        (
            "Shells hit a bakery queue in Maarrat al-Numan on Tuesday, killing nine.",
            [("killed", 9, {})],
        ),  # a toll near the air raid's is not the same toll
        ("Shelling of Maarrat al-Numan on Wednesday killed eleven people.", [("killed", 11, {})]),
    ],
)
def test_shelling_of_the_town_that_agrees_on_nothing_else_stays_apart(db_url, text, figs):
    facts: dict[str, Any] = {"date": NEXT} if "Wednesday" in text else {}
    other = report(
        "shells",
        "Coast Herald",
        text,
        published=NEXT,
        event_type="shelling",
        location=MAARRAT,
        figs=figs,
        **facts,
    )
    ingest(db_url, strike_on_maarrat() + [other])
    assert partition(db_url) == {frozenset({"maarrat-1", "maarrat-2"}), frozenset({"shells"})}


IDLIB_PROVINCE = {"name": "Idlib", "admin1": "Idlib", "country": "SY", "precision": "province"}


@pytest.mark.parametrize(
    "town_text, province_text",
    [
        (
            "Residents of Kafr Nabl described an air raid on Tuesday morning; nobody was hurt, the "
            "local civil defence said.",
            "Residents of Idlib described an air raid on Tuesday morning; nobody was hurt, the local "  # noqa: E501
            "civil defence said.",
        ),
        (
            "A monitor said an air raid struck Kafr Nabl on Tuesday; no deaths were reported, and "
            "rescuers found no one under the rubble.",
            "A monitor said an air raid struck Idlib on Tuesday; no deaths were reported, and "
            "rescuers found no one under the rubble.",
        ),
    ],
)
def test_two_sentences_alike_but_for_the_place_are_not_one_report(db_url, town_text, province_text):
    """A copy keeps the place it was told of: one template filled in with two places tells
    two events (outlets that write the day's strikes in one formula)."""
    pairs = [
        report("town", "Levant Daily", town_text, event_type="airstrike"),
        report(
            "province", "Gulf Wire", province_text, event_type="airstrike", location=IDLIB_PROVINCE
        ),
    ]
    ingest(db_url, pairs)
    assert partition(db_url) == {frozenset({"town"}), frozenset({"province"})}


GAZA = {"name": "Gaza", "lat": 31.50161, "lon": 34.46672, "country": "PS", "precision": "town"}
SHATI = {
    "name": "Shati camp",
    "lat": 31.533,
    "lon": 34.445,
    "country": "PS",
    "precision": "neighbourhood",
}
RIMAL = {
    "name": "Rimal",
    "lat": 31.521,
    "lon": 34.446,
    "country": "PS",
    "precision": "neighbourhood",
}
ISRAEL = [{"name": "Israeli aircraft", "id": "israel", "status": "alleged", "by": "residents"}]


def camp_strike() -> list[Pair]:
    """A home bombed in Shati camp, a district of Gaza city four km from its centre; two outlets
    place it only in Gaza."""
    base = {"event_type": "airstrike", "perpetrators": ISRAEL}
    return [
        report(
            "camp-1",
            "Levant Daily",
            "An air strike flattened a house in Shati camp in Gaza "
            "on Tuesday night, killing nine members of one family.",
            location=SHATI,
            figs=[("killed", 9, {})],
            **base,
        ),
        report(
            "camp-2",
            "Gulf Wire",
            "Nine people from one family died when their home in "
            "Gaza was bombed on Tuesday, the health ministry said.",
            location=GAZA,
            figs=[("killed", 9, {})],
            **base,
        ),
        report(
            "camp-3",
            "Coast Herald",
            "Rescuers in Gaza said ten bodies had been pulled from a home bombed on Tuesday.",
            location=GAZA,
            published=NEXT,
            figs=[("killed", 10, {})],
            **base,
        ),
    ]


CAMP = frozenset({"camp-1", "camp-2", "camp-3"})


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 2, 0), (2, 0, 1)])
def test_a_district_of_a_city_and_the_city_are_one_place_when_the_words_say_so(
    db_url, tmp_path, order
):
    pairs = [camp_strike()[i] for i in order]
    ingest(db_url, pairs)
    assert partition(db_url) == {CAMP}
    assert batch_partition(tmp_path, pairs) == {CAMP}


@pytest.mark.parametrize(
    "text, facts",
    [
        (
            "A strike on a car in the Rimal district of Gaza killed three people on Tuesday.",
            {"location": RIMAL, "figs": [("killed", 3, {})]},
        ),
        (
            "Jets hit Shati camp in Gaza again on Wednesday, killing four.",
            {"location": SHATI, "date": NEXT, "figs": [("killed", 4, {})]},
        ),
        ("A shell landed near a school in Gaza on Tuesday; no one was killed.", {"location": GAZA}),
    ],
)
def test_other_strikes_in_the_city_stay_apart_from_the_district_strike(db_url, text, facts):
    other = report("other", "River Press", text, published=NEXT, event_type="airstrike", **facts)
    ingest(db_url, [other, *camp_strike()])
    assert partition(db_url) == {CAMP, frozenset({"other"})}
