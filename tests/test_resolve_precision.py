"""Merging across place precision (issue 12): a village told by one report, its district or
province by another, is one strike when the tolls, the types and everything else agree; the
look-alikes beside it (another day, another town of the province) stay apart. The rule is
called on digests (`rules.decide`, `rules.choose`), then through ingest and `resolve_many`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from resolve_cases import make
from resolve_digests import (
    DAY,
    HAMA_PROVINCE,
    KAFR_ZITA,
    MHARDEH,
    RASTAN,
    SYRIA,
    mention,
    record,
)
from sqlalchemy import select

from harmwatch.resolve import add_extraction, rules
from harmwatch.resolve.batch import resolve_many
from harmwatch.resolve.match import later_toll
from harmwatch.resolve.record import aggregate
from harmwatch.resolve.rules import Comparison, choose, decide
from harmwatch.store.db import session_scope
from harmwatch.store.migrate import upgrade
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow, MergeLogRow

NEXT_DAY = DAY + dt.timedelta(days=1)
LATER = DAY + dt.timedelta(days=2)
STRIKE: dict[str, Any] = {"event_type": "airstrike"}


def village(report_id: str = "v", killed: tuple[int, int] = (7, 7), **kw):
    """The village's incident: Mhardeh, seven killed, told on the day."""
    return record(report_id, MHARDEH, killed=killed, **(STRIKE | kw))


def province(report_id: str = "p", killed: tuple[int, int] = (9, 9), **kw):
    """A report that names only the province, by default two days later with a higher toll."""
    kw = {"published": LATER} | kw
    return mention(report_id, HAMA_PROVINCE, killed=killed, **(STRIKE | kw))


def test_a_province_report_with_a_risen_toll_joins_the_village_and_says_why():
    d = province(revision=True)
    decision = decide(d, village())
    assert decision.merge and decision.quiet and decision.margin == rules.ACROSS_MARGIN
    assert decision.reasons[0] == "Mhardeh (town) lies in the province Hama Governorate"
    assert decision.reasons[-1] == "one strike across precision: risen toll, nothing conflicting"
    assert decision.score < rules.THRESHOLD  # the score alone would not have joined them


def test_a_later_higher_toll_of_another_outlet_is_a_follow_up():
    assert later_toll(province(), village())  # published two days later, 9 after 7
    assert decide(province(), village()).merge
    same_day = province(published=DAY)  # told the same day: two tolls, not an update
    assert not later_toll(same_day, village())
    assert not decide(same_day, village()).merge
    lower = province(killed=(5, 5))  # later but lower: not an update of this toll
    assert not later_toll(lower, village()) and not decide(lower, village()).merge
    # the earlier, lower report arriving after the later one: the same rise
    first = mention("v", MHARDEH, killed=(7, 7), **STRIKE)
    rec = aggregate([province()])
    assert later_toll(first, rec) and decide(first, rec).merge


def test_the_rule_reads_the_day_the_toll_and_the_type():
    c = Comparison(province(), village())
    assert c.place == "contains" and c.across == "risen toll"
    c = Comparison(province(day=NEXT_DAY), village())  # the next day: another strike
    assert c.when == "adjacent" and c.across is None
    c = Comparison(province(killed=(7, 7), published=DAY), village())
    assert c.across == "same toll"
    c = Comparison(province(killed=(30, 30)), village())
    assert c.killed == "conflict" and c.across is None
    c = Comparison(province(killed=(1, 1), published=DAY), village(killed=(1, 1)))
    assert c.killed == "equal" and c.across is None  # one death, the commonest toll
    district = HAMA_PROVINCE | {"name": "Hama District", "precision": "district"}
    c = Comparison(province(), aggregate([mention("d", district, killed=(7, 7), **STRIKE)]))
    assert c.place == "contains" and c.across is None  # no village in either
    c = Comparison(mention("s", SYRIA, killed=(9, 9), published=LATER, **STRIKE), village())
    assert c.place == "contains" and c.across is None  # a country holds too many strikes


@pytest.mark.parametrize(
    "kw",
    [
        {"event_type": "ground_clash"},  # another type
        {"event_type": "shelling"},  # from afar both, but settled only by equal tolls
        {"actors": ("isis",)},  # another perpetrator than the village's
        {"targets": ("school",)},  # another target than the village's market
    ],
)
def test_anything_conflicting_keeps_them_apart(kw):
    d = province(revision=True, **kw)
    assert not decide(d, village(targets=("market",), actors=("syria_gov",))).merge


def test_look_alikes_stay_apart():
    # another province's town on the same day, with the same toll
    assert not decide(mention("r", RASTAN, killed=(9, 9), **STRIKE), village(killed=(9, 9))).merge
    # the province three days later: another day
    assert not decide(province(day=DAY + dt.timedelta(days=3)), village()).merge
    # a village of the province against the village: two places, whatever the toll
    assert not decide(mention("k", KAFR_ZITA, killed=(7, 7), **STRIKE), village()).merge


def test_a_district_holds_a_village_by_admin2_when_both_give_it():
    district = HAMA_PROVINCE | {"name": "Suqaylabiyah District", "precision": "district"}
    inside = MHARDEH | {"admin2": "Suqaylabiyah"}
    rec = aggregate([mention("v", inside, killed=(7, 7), **STRIKE)])
    d = mention(
        "d", district | {"admin2": "Suqaylabiyah"}, killed=(9, 9), published=LATER, **STRIKE
    )
    assert Comparison(d, rec).across == "risen toll" and decide(d, rec).merge
    other = mention("d", district | {"admin2": "Hama"}, killed=(9, 9), published=LATER, **STRIKE)
    assert Comparison(other, rec).across is None and not decide(other, rec).merge
    # a named area with no admin2 (Eastern Ghouta) holds the places near it
    area = HAMA_PROVINCE | {"name": "Western Plain", "precision": "district"}
    near = mention("d", area | {"lat": 35.3, "lon": 36.5}, killed=(9, 9), published=LATER, **STRIKE)
    assert Comparison(near, rec).across == "risen toll"  # Mhardeh is 9 km away
    far = mention("d", area | {"lat": 35.2, "lon": 37.3}, killed=(9, 9), published=LATER, **STRIKE)
    assert Comparison(far, rec).place == "contains" and Comparison(far, rec).across is None


def test_choose_takes_the_incident_that_clearly_fits_best_and_no_other():
    d = province()
    mhardeh, kafr_zita = village("v"), record("k", KAFR_ZITA, killed=(7, 7), **STRIKE)
    # two villages of the province with the same strike and toll that day: which one is unsaid
    assert choose(d, [mhardeh, kafr_zita], lambda r: r) is None
    # the incident that also shares the attacker and the target leads by more than the margin
    market = village("v", targets=("market",), actors=("syria_gov",))
    told = province(targets=("market",), actors=("syria_gov",))
    found = choose(told, [kafr_zita, market], lambda r: r)
    assert found is not None and found[0] is market


VILLAGE_TEXT = "Warplanes struck a market in Mhardeh on Wednesday, killing seven people."
PROVINCE_TEXT = "The toll of Wednesday's air raid on a market in Hama province has risen to nine."
LOOKALIKE_TEXT = "Jets hit a market in Kafr Zita on Thursday and killed seven people."


def reports():
    """A village report, a province report two days later, and the same-toll strike of another
    town the next day (our own words)."""

    def strike(place, day, killed, phrase, revision=False):
        return {
            "event_type": "airstrike",
            "date": day,
            "location": place,
            "targets": ["market"],
            "perpetrators": [{"name": "government", "id": "syria_gov"}],
            "figs": [("killed", killed, {"revision": revision})],
            "phrase": phrase,
        }

    return [
        make("v", "Valley Post", DAY, VILLAGE_TEXT, [strike(MHARDEH, DAY, 7, "Mhardeh")]),
        make(
            "k", "Orontes News", NEXT_DAY, LOOKALIKE_TEXT, [strike(KAFR_ZITA, NEXT_DAY, 7, "Kafr")]
        ),
        make(
            "p",
            "Plain Radio",
            LATER,
            PROVINCE_TEXT,
            [strike(HAMA_PROVINCE, DAY, 9, "Hama province", revision=True)],
        ),
    ]


def incidents(url):
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None)))
        return {frozenset(r.record["report_ids"]) for r in rows}


def test_ingest_and_batch_join_across_precision_alike(db_url, tmp_path):
    with session_scope(db_url) as s:
        for report, extraction in reports():
            add_report(s, report)
            add_extraction(s, extraction)
    assert incidents(db_url) == {frozenset({"v", "p"}), frozenset({"k"})}
    with session_scope(db_url) as s:
        [attach] = s.scalars(select(MergeLogRow).where(MergeLogRow.kind == "attach")).all()
        assert attach.reason.startswith("Mhardeh (town) lies in the province Hama Governorate;")
    batch = f"sqlite:///{tmp_path / 'batch.db'}"
    upgrade(batch)
    with session_scope(batch) as s:
        pairs = reports()
        for report, _ in pairs:
            add_report(s, report)
        resolve_many(s, [e for _, e in reversed(pairs)])  # any order: resolved by publication
    assert incidents(batch) == incidents(db_url)


def test_a_provinces_single_death_ties_it_to_no_village():
    """One death is the commonest toll: a province report of one death the same day fits any of
    its villages' (ties needs more than one, or similar texts, or a revision)."""
    said = "A drone killed a man in the province on Wednesday, the governor said."
    town = "Mortar rounds landed near the bakery of Hama and one person died."

    def compared(killed):
        d = mention("p", HAMA_PROVINCE, killed=killed, text=said)
        return Comparison(d, record("a", killed=killed, text=town))

    one = compared((1, 1))
    assert one.place == "contains" and one.killed == "equal" and one.sim == 0
    assert not rules.ties(one)
    assert rules.ties(compared((3, 3)))
