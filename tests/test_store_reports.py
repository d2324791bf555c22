"""The reports repository: idempotent by normalised text, versions by URL or id."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmwatch.errors import NotFound
from harmwatch.models import Report
from harmwatch.store.db import session_scope
from harmwatch.store.reports import (
    add_report,
    get_report,
    list_reports,
    normalise_text,
    text_hash,
)

STRIKE = (
    "An airstrike hit a market in Ariha on Monday morning, killing at least nine people, "
    "a local rescue team said."
)


def _report(text: str = STRIKE, **kw: object) -> Report:
    return Report(id=str(kw.pop("id", "r1")), text=text, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "a, b",
    [
        ("nine  people\nwere killed", "nine people were killed"),
        ("  padded text \t", "padded text"),
        ("ﬁve strikes", "five strikes"),  # NFKC folds the ligature
        ("cafe\u0301 hit", "café hit"),  # combining accent = precomposed
        ("zero\u200bwidth", "zerowidth"),
    ],
)
def test_texts_differing_only_in_spacing_or_unicode_hash_alike(a: str, b: str) -> None:
    assert text_hash(a) == text_hash(b)
    assert normalise_text(a) == normalise_text(b)


def test_different_words_hash_differently() -> None:
    assert text_hash("nine people were killed") != text_hash("ten people were killed")


def test_same_text_twice_is_stored_once(db_url: str) -> None:
    with session_scope(db_url) as session:
        first = add_report(session, _report(id="a"))
    with session_scope(db_url) as session:
        again = add_report(session, _report(STRIKE.replace(" ", "  "), id="b"))
        assert [r.id for r in list_reports(session)] == ["a"]
    assert (first.status, first.report_id) == ("new", "a")
    assert (again.status, again.report_id) == ("duplicate", "a")


def test_same_words_on_another_day_are_another_report(db_url: str) -> None:
    """Event databases tell distinct events in identical sentences, one per day."""
    words = "Regime forces shelled Kafr Zita town in northern Hama. No fatalities reported."
    day = dt.date(2018, 2, 1)
    results = []
    for rid, published in [
        ("e1", day),
        ("e2", day + dt.timedelta(days=9)),
        ("e3", day),
        ("e4", None),
        ("e5", day + dt.timedelta(days=9)),
    ]:
        with session_scope(db_url) as session:
            results.append(add_report(session, _report(words, id=rid, published=published)))
    assert [(r.status, r.report_id) for r in results] == [
        ("new", "e1"),
        ("new", "e2"),
        ("duplicate", "e1"),
        ("duplicate", "e1"),
        ("duplicate", "e2"),
    ]


def test_changed_text_at_same_url_is_a_new_version(db_url: str) -> None:
    url = "https://news.example.org/ariha-market"
    with session_scope(db_url) as session:
        add_report(session, _report(id="v1", url=url))
    updated = STRIKE.replace("at least nine", "at least twelve")
    with session_scope(db_url) as session:
        second = add_report(session, _report(updated, id="v2", url=url))
    third_text = updated + " The toll is expected to rise."
    with session_scope(db_url) as session:
        third = add_report(session, _report(third_text, id="v3", url=url))
    assert (second.status, second.previous_version_id) == ("new_version", "v1")
    assert (third.status, third.previous_version_id) == ("new_version", "v2")  # the latest
    with session_scope(db_url) as session:
        assert get_report(session, "v2").previous_version_id == "v1"
        assert [r.id for r in list_reports(session, url=url, latest_only=True)] == ["v3"]


def test_changed_text_under_same_own_id_gets_a_fresh_id_linked_to_the_old(db_url: str) -> None:
    with session_scope(db_url) as session:
        add_report(session, _report(id="acled-1"))
    with session_scope(db_url) as session:
        res = add_report(session, _report(STRIKE + " Updated.", id="acled-1"))
    assert res.status == "new_version"
    assert res.previous_version_id == "acled-1"
    assert res.report_id != "acled-1"
    with session_scope(db_url) as session:
        assert get_report(session, res.report_id).text.endswith("Updated.")
        assert get_report(session, "acled-1").text == STRIKE


def test_get_report_round_trips_every_field(db_url: str) -> None:
    report = _report(
        id="seed-x",
        title="Strike on Ariha",
        published=dt.date(2019, 7, 22),
        source="Local Monitor",
        url="https://example.org/a",
        lang="en",
        origin="in.jsonl:3",
    )
    with session_scope(db_url) as session:
        add_report(session, report)
    with session_scope(db_url) as session:
        stored = get_report(session, "seed-x")
    assert stored.model_dump(include=set(Report.model_fields)) == report.model_dump()
    assert stored.text_hash == text_hash(STRIKE)
    assert stored.extracted is False


def test_get_report_unknown_id_says_so(db_url: str) -> None:
    with session_scope(db_url) as session, pytest.raises(NotFound, match="no report with id"):
        get_report(session, "nope")


def test_list_reports_filters_by_date_and_source(db_url: str) -> None:
    with session_scope(db_url) as session:
        for i, (day, outlet) in enumerate(
            [(dt.date(2020, 1, 15), "A"), (dt.date(2020, 1, 16), "B"), (None, "A")]
        ):
            add_report(
                session, _report(f"{STRIKE} ({i})", id=f"r{i}", published=day, source=outlet)
            )
    with session_scope(db_url) as session:
        assert [r.id for r in list_reports(session)] == ["r1", "r0", "r2"]  # newest, undated last
        assert [r.id for r in list_reports(session, source="A")] == ["r0", "r2"]
        since = list_reports(session, since=dt.date(2020, 1, 16))
        assert [r.id for r in since] == ["r1"]
        assert [r.id for r in list_reports(session, limit=1, offset=1)] == ["r0"]


def test_a_failed_transaction_leaves_nothing(db_url: str) -> None:
    with pytest.raises(RuntimeError), session_scope(db_url) as session:
        add_report(session, _report(id="gone"))
        raise RuntimeError("extraction blew up")
    with session_scope(db_url) as session:
        assert list_reports(session) == []


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(min_size=1, max_size=40).filter(str.strip), max_size=8))
def test_storing_any_texts_twice_adds_nothing_the_second_time(
    db_url: str, texts: list[str]
) -> None:
    with session_scope(db_url) as session:
        before = len(list_reports(session, limit=None))
        first = [
            add_report(session, Report(id=f"h{i}-{text_hash(t)[:8]}", text=t))
            for i, t in enumerate(texts)
        ]
    with session_scope(db_url) as session:
        second = [add_report(session, Report(id=f"again{i}", text=t)) for i, t in enumerate(texts)]
        after = len(list_reports(session, limit=None))
    distinct_new = {
        normalise_text(t) for t, r in zip(texts, first, strict=True) if r.status != "duplicate"
    }
    assert all(r.status == "duplicate" for r in second)
    assert after - before == len(distinct_new)
