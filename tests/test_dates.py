"""Dates: absolute, relative to the publication date, past context, datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from harmwatch.pipeline.dates import find_dateline, find_dates

D = dt.date
THU = D(2020, 1, 16)  # a Thursday


def one(text: str, ref: dt.date | None = THU):
    (m,) = find_dates(text, ref)
    return m


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("The strike on 15 January 2020 hit a school.", D(2020, 1, 15), "day"),
        ("The strike on January 15, 2020 hit a school.", D(2020, 1, 15), "day"),
        ("It happened on Jan. 15, 2020.", D(2020, 1, 15), "day"),
        ("It happened on Saturday, October 7th, 2023.", D(2023, 10, 7), "day"),
        ("It happened on the 7th of October 2023.", D(2023, 10, 7), "day"),
        ("The strike on January 15 hit a school.", D(2020, 1, 15), "day"),
        ("The strike on 7 October hit a school.", D(2019, 10, 7), "day"),
        ("The strike on December 30 hit a school.", D(2019, 12, 30), "day"),
        ("Jets struck on Tuesday.", D(2020, 1, 14), "day"),
        ("Jets struck on Thursday.", D(2020, 1, 16), "day"),
        ("Jets struck last Thursday.", D(2020, 1, 9), "day"),
        ("Jets struck on Friday.", D(2020, 1, 10), "day"),
        ("Jets struck overnight Monday.", D(2020, 1, 13), "day"),
        ("Jets struck early Wednesday.", D(2020, 1, 15), "day"),
        ("Jets struck late Sunday.", D(2020, 1, 12), "day"),
        ("Jets struck on Wednesday morning.", D(2020, 1, 15), "day"),
        ("Jets struck yesterday.", D(2020, 1, 15), "day"),
        ("Jets struck today.", D(2020, 1, 16), "day"),
        ("Jets struck last night.", D(2020, 1, 15), "day"),
        ("Jets struck this morning.", D(2020, 1, 16), "day"),
        ("Jets struck three days ago.", D(2020, 1, 13), "day"),
        ("Jets struck last week.", D(2020, 1, 6), "week"),
        ("Jets struck last month.", D(2019, 12, 1), "month"),
        ("Jets struck in May 2018.", D(2018, 5, 1), "month"),
        ("Jets struck in 2016.", D(2016, 1, 1), "year"),
        ("Jets struck last year.", D(2019, 1, 1), "year"),
        ("Jets struck two years ago.", D(2018, 1, 1), "year"),
    ],
)
def test_resolved(text: str, date: dt.date, precision: str) -> None:
    m = one(text)
    assert (m.date, m.precision) == (date, precision)
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("ref", "text", "date"),
    [
        (D(2021, 1, 2), "on Thursday", D(2020, 12, 31)),  # across a year boundary
        (D(2021, 3, 1), "on Sunday", D(2021, 2, 28)),  # across a month boundary
        (D(2021, 1, 1), "yesterday", D(2020, 12, 31)),
        (D(2021, 1, 5), "last month", D(2020, 12, 1)),
        (D(2021, 1, 5), "on December 28", D(2020, 12, 28)),
        (D(2020, 3, 1), "yesterday", D(2020, 2, 29)),  # leap day
    ],
)
def test_boundaries(ref: dt.date, text: str, date: dt.date) -> None:
    assert one(text, ref).date == date


def test_two_weekdays_make_one_span() -> None:
    m = one("Raids on Tuesday and Wednesday killed 12 people.")
    assert (m.date, m.date_end) == (D(2020, 1, 14), D(2020, 1, 15))


def test_last_week_is_a_week() -> None:
    m = one("Jets struck last week.")
    assert (m.date_end - m.date).days == 6 and m.relative


@pytest.mark.parametrize(
    ("text", "past"),
    [
        ("The hospital was hit in late April.", True),
        ("The hospital was hit in 2016.", True),
        ("The hospital was hit last year.", True),
        ("The hospital was hit two years ago.", True),
        ("The hospital was hit on Tuesday.", False),
        ("The hospital was hit yesterday.", False),
        ("The hospital was hit on January 12.", False),
    ],
)
def test_past_context(text: str, past: bool) -> None:
    assert one(text).past is past


def test_late_april_range() -> None:
    m = one("The hospital was hit in late April.")
    assert (m.date, m.date_end) == (D(2019, 4, 21), D(2019, 4, 30))


def test_no_reference_leaves_relative_dates_unresolved() -> None:
    m = one("Jets struck on Tuesday.", None)
    assert m.date is None and m.relative
    assert one("The strike on January 15 hit a school.", None).date is None


def test_weekday_and_date_fix_the_year() -> None:
    text = "The raid on Wednesday (January 15) followed clashes in 2019 and 2020."
    m = find_dates(text, None)[0]
    assert m.date == D(2020, 1, 15)  # 15 January was a Wednesday in 2020, not in 2019


def test_weekday_and_date_without_a_fitting_year_stay_unknown() -> None:
    text = "The raid on Wednesday (January 15) followed clashes in 2019."
    assert find_dates(text, None)[0].date is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Wed 05 Apr 2017 Jets hit the town of Khan Sheikhoun.", D(2017, 4, 5)),
        ("Monday 12 March 2018 Shelling continued in the Ghouta.", D(2018, 3, 12)),
        ("Strikes kill 30 in Idlib Reuters Friday 6 Feb 2015 Air strikes killed", D(2015, 2, 6)),
        ("Last updated at Oct 262016 BEIRUT Air strikes killed", D(2016, 10, 26)),
        ("09-07-2016 Rockets hit Aleppo", D(2016, 7, 9)),
        ("Agency 2159 18.05.2017 Rockets hit Deir ez-Zor", D(2017, 5, 18)),
        ("Published April 29 2017 Airstrikes struck a centre", D(2017, 4, 29)),
        ("Date of publication 3 April 2017 At least 22 civilians", D(2017, 4, 3)),
        (
            "BEIRUT, Sunday Oct 8 (Reuters) - Jets hit a market, as in 2017 and 2016.",
            D(2017, 10, 8),
        ),
    ],
)
def test_dateline(text: str, date: dt.date) -> None:
    d = find_dateline(text)
    assert d is not None and d.date == date


@pytest.mark.parametrize(
    "text",
    [
        "BEIRUT, Oct 8 (Reuters) - Jets hit a market on Sunday.",
        "Jets hit a market on Sunday, killing nine people.",
    ],
)
def test_no_dateline_means_none(text: str) -> None:
    assert find_dateline(text) is None


def test_the_same_day_in_the_next_sentence_is_the_day_just_told() -> None:
    # the day told in the sentence before; "the day before" still counts only in its own one
    text = "Rockets hit the city on Sunday. Shells fell on a market across the border the same day."
    found = find_dates(text, dt.date(2020, 10, 6))  # a Tuesday
    assert [d.date for d in found] == [dt.date(2020, 10, 4), dt.date(2020, 10, 4)]
