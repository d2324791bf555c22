"""Each rule of `rules.decide`, called directly on a `Comparison` (the whole decision is tested
through ingest in test_resolve.py and test_resolution_lookalikes.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from resolve_digests import DAY, HAMA_PROVINCE, HAMA_QUARTER, MHARDEH, mention, record

from harmwatch.resolve import rules
from harmwatch.resolve.match import compatible
from harmwatch.resolve.record import aggregate
from harmwatch.resolve.rules import RULES, Comparison, decide
from harmwatch.store.record_types import Range

NEXT_DAY = DAY + dt.timedelta(days=1)


def test_the_rules_run_in_a_fixed_order_under_unique_names():
    names = [name for name, _ in RULES]
    assert len(set(names)) == len(names)
    assert names[:5] == ["one report", "place and date", "nearby town", "same outlet", "ties"]
    assert names[-3:] == ["corroborated", "across precision", "quiet link"]


def test_one_report_keeps_its_mentions_apart():
    settled = rules.one_report(Comparison(mention("a", n=2), record("a")))
    assert settled and not settled.merge
    assert settled.reasons == ("mentions of one report are distinct incidents",)
    assert rules.one_report(Comparison(mention("b"), record("a"))) is None


@pytest.mark.parametrize(
    ("d", "rec", "reason"),
    [
        (mention("m", day=DAY + dt.timedelta(days=3)), record("a"), "same place, different date"),
        (mention("m", MHARDEH), record("a"), "different place, same date"),
    ],
)
def test_place_and_date_settle_another_place_or_day(d, rec, reason):
    settled = rules.place_and_date(Comparison(d, rec))
    assert settled is not None and settled.reasons == (reason,) and settled.score == -99


def test_place_and_date_score_the_place_and_the_day():
    c = Comparison(mention("m", day=NEXT_DAY), record("a"))
    assert rules.place_and_date(c) is None
    assert (c.score, c.why) == (3.0 + 0.8, ["same place", "adjacent date"])


def test_a_town_named_by_the_text_is_named_and_a_quarter_inside():
    named = Comparison(mention("m", text="Shells hit Hama and Mhardeh."), record("a", MHARDEH))
    assert named.place == "named"
    inside = Comparison(
        mention("m", HAMA_QUARTER, text="A market was hit."),
        record("a", text="Shells hit Bab Qibli in Hama."),
    )
    assert inside.place == "inside"


def test_nearby_town_not_named_is_a_look_alike():
    c = Comparison(mention("m", HAMA_QUARTER, text="A market was hit."), record("a"))
    assert c.place == "near"
    settled = rules.nearby_town(c)
    assert settled and settled.reasons[-1] == "another town nearby, not named"
    assert rules.nearby_town(Comparison(mention("m"), record("a"))) is None


def test_same_outlet_joins_only_with_a_toll_revision():
    rec = record("a", outlet="Valley Post", killed=(3, 3))
    again = rules.same_outlet(Comparison(mention("m", outlet="Valley Post", killed=(3, 3)), rec))
    assert again and again.reasons[-1] == "same outlet again, no toll revision"
    revised = mention("m", outlet="Valley Post", killed=(5, 5), revision=True)
    assert rules.same_outlet(Comparison(revised, rec)) is None
    later = Comparison(mention("m", outlet="Valley Post", killed=(6, 6), published=NEXT_DAY), rec)
    assert later.later_report and rules.same_outlet(later) is None


def test_ties_a_named_town_by_an_equal_toll_only():
    text = "Shells hit Hama and Mhardeh."
    equal = Comparison(mention("m", text=text, killed=(4, 4)), record("a", MHARDEH, killed=(4, 4)))
    assert rules.ties(equal) and rules.tied(equal) is None
    other = Comparison(mention("m", text=text, killed=(2, 2)), record("a", MHARDEH, killed=(9, 9)))
    assert not rules.ties(other)
    assert rules.tied(other).reasons[-1] == "nothing ties them"


def test_same_place_and_day_goes_on_untied():
    c = Comparison(mention("m"), record("a", text="A different sentence entirely."))
    assert rules.ties(c)  # same place and day need no tie
    c = Comparison(mention("m", HAMA_PROVINCE), record("a"))  # a province containing the town
    assert c.place == "contains" and not rules.ties(c) and rules.tied(c) is not None


@pytest.mark.parametrize(
    ("mine", "theirs", "points", "conflict"),
    [
        ("shelling", "shelling", 1.0, None),
        ("missile", "shelling", 0.3, None),  # one family: fired
        ("airstrike", "shelling", 0.0, "type"),  # both from afar: settled by the tolls
        ("ground_clash", "airstrike", -2.0, "type"),
    ],
)
def test_event_type(mine, theirs, points, conflict):
    c = Comparison(mention("m", event_type=mine), record("a", event_type=theirs))
    assert rules.event_type(c) is None
    assert c.score == points and c.conflicts == ([conflict] if conflict else [])


@pytest.mark.parametrize(
    ("mine", "theirs", "points", "conflict"),
    [
        (("syria_gov",), ("syria_gov",), 1.0, None),
        (("syria_gov",), ("russia",), 0.3, None),  # one side
        (("syria_gov",), ("isis",), -2.0, "actors"),
        ((), ("isis",), 0.0, None),  # silence never conflicts
    ],
)
def test_perpetrators(mine, theirs, points, conflict):
    c = Comparison(mention("m", actors=mine), record("a", actors=theirs))
    assert rules.perpetrators(c) is None
    assert c.score == points and c.conflicts == ([conflict] if conflict else [])


def test_harm_said_nobody_killed_against_a_toll():
    c = Comparison(
        mention("m", text="Shells hit Hama; no casualties were reported."),
        record("a", killed=(3, 3)),
    )
    assert rules.harm_said(c) is None and c.conflicts == ["harm"]
    quiet = Comparison(mention("m", text="Shells hit Hama."), record("a", killed=(3, 3)))
    rules.harm_said(quiet)
    assert quiet.conflicts == []


def test_means_named_warplanes_against_artillery():
    c = Comparison(
        mention("m", text="Warplanes struck Hama."), record("a", text="Artillery pounded Hama.")
    )
    assert rules.means_named(c) is None and c.conflicts == ["means"]
    same = Comparison(
        mention("m", text="Artillery hit Hama."), record("a", text="Shells hit Hama.")
    )
    rules.means_named(same)
    assert same.conflicts == []


@pytest.mark.parametrize(
    ("mine", "theirs", "points"),
    [
        ((4, 4), (4, 4), 2.0),
        ((4, 5), (5, 6), 1.5),
        ((0, 0), (0, 0), 0.3),
        ((2, 2), (40, 40), -3.0),
        (None, (4, 4), 0.0),
    ],
)
def test_killed_figures(mine, theirs, points):
    c = Comparison(mention("m", killed=mine), record("a", killed=theirs))
    assert rules.killed_figures(c) is None and c.score == points


def test_compatible_figures():
    assert compatible(Range(3, 3), Range(3, 3), False) == "equal"
    assert compatible(Range(10, 10), Range(14, 14), False) == "close"
    assert compatible(Range(10, 10), Range(40, 40), False) == "conflict"
    assert compatible(Range(10, 10), Range(40, 40), True) == "close"  # revision
    assert compatible(None, Range(1, 1), False) is None


def test_means_from_afar_needs_equal_tolls():
    unequal = Comparison(
        mention("m", event_type="airstrike", killed=(2, 2)),
        record("a", event_type="shelling", killed=(5, 5)),
    )
    rules.means_from_afar(unequal)
    assert unequal.score == -2.0
    equal = Comparison(
        mention("m", event_type="airstrike", killed=(5, 5)),
        record("a", event_type="shelling", killed=(5, 5)),
    )
    rules.means_from_afar(equal)
    assert equal.score == 0.0


def test_injured_figures_and_targets():
    c = Comparison(
        mention("m", injured=(10, 10), targets=("market",)),
        record("a", injured=(11, 11), targets=("market",)),
    )
    rules.injured_figures(c)
    rules.targets(c)
    assert c.score == pytest.approx(1.5) and c.why == ["close injured figures", "same target"]
    apart = Comparison(mention("m", targets=("school",)), record("a", targets=("market",)))
    rules.targets(apart)
    assert apart.score == -0.7 and apart.conflicts == ["targets"]


def test_conflicting_figures_is_a_conflict():
    c = Comparison(mention("m", killed=(2, 2)), record("a", killed=(40, 40)))
    rules.conflicting_figures(c)
    assert c.conflicts == ["figures"]


def test_similar_text():
    text = "Government shells struck the main market of Hama on Wednesday, killing four people."
    c = Comparison(mention("m", text=text), record("a", text=text))
    rules.similar_text(c)
    assert c.score == 4.0 and c.why[-1].startswith("near-identical text")


def test_corroborated_merges_on_score_and_a_corroborating_fact():
    c = Comparison(mention("m", killed=(4, 4)), record("a", killed=(4, 4)))
    c.score = 7.0
    assert rules.corroborated(c).merge
    bare = Comparison(mention("m"), record("a", text="Hama came under fire at dawn."))
    bare.score = 7.0
    assert rules.corroborated(bare) is None  # nothing corroborates: the quiet link may speak
    background = Comparison(mention("m", background=True), record("a"))
    assert rules.corroborated(background).merge is False


def test_quiet_link_same_town_and_day_nothing_conflicting():
    settled = rules.quiet_link(Comparison(mention("m"), record("a")))
    assert settled and settled.merge and settled.quiet
    c = Comparison(mention("m"), record("a"))
    c.conflicts.append("targets")
    assert rules.quiet_link(c) is None
    around = Comparison(
        mention("m", event_type="ground_clash", text="Clashes near Hama."),
        record("a", event_type="ground_clash"),
    )
    assert rules.quiet_link(around) is None


def test_decide_is_the_first_rule_that_settles():
    rec = aggregate([mention("a", killed=(4, 4), outlet="River Post", event_type="shelling")])
    decision = decide(
        mention(
            "m", killed=(4, 4), event_type="shelling", text="Four people died when Hama was hit."
        ),
        rec,
    )
    assert decision.merge and not decision.quiet
    assert decision.reasons == (
        "same place",
        "same date",
        "same event type (shelling)",
        "equal killed figures",
    )
    assert decision.score == 8.0
