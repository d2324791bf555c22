"""Count phrases: digits, number words, vague quantities and qualifiers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harmwatch.pipeline.numbers import find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value", "value_max", "qualifier"),
    [
        ("1,300 people", 1300, 1300, "exact"),
        ("twenty-one civilians", 21, 21, "exact"),
        ("a hundred and five wounded", 105, 105, "exact"),
        ("3 million refugees", 3_000_000, 3_000_000, "exact"),
        ("at least 21 people", 21, None, "at_least"),
        ("no fewer than nine", 9, None, "at_least"),
        ("more than 60 people", 60, None, "more_than"),
        ("over 80 civilians", 80, None, "more_than"),
        ("up to 35 dead", 35, 35, "up_to"),
        ("as many as 12 people", 12, 12, "up_to"),
        ("nearly 30 fighters", 30, 30, "nearly"),
        ("almost forty", 40, 40, "nearly"),
        ("about 50 people", 50, 50, "about"),
        ("around 32 civilians", 32, 32, "about"),
        ("some 30 people", 30, 30, "about"),
        ("roughly 200 families", 200, 200, "about"),
        ("between 10 and 20 civilians", 10, 20, "range"),
        ("10 to 15 people", 10, 15, "range"),
        ("10-15 people", 10, 15, "range"),
        ("two or three people", 2, 3, "range"),
        ("five or more people", 5, None, "at_least"),
        ("dozens of people", 24, None, "vague"),
        ("scores of people", 40, None, "vague"),
        ("tens of people", 20, None, "vague"),
        ("hundreds of people", 200, None, "vague"),
        ("thousands of people", 2000, None, "vague"),
        ("several civilians", 3, None, "vague"),
        ("a few people", 2, None, "vague"),
        ("a dozen people", 12, 12, "exact"),
        ("half a dozen soldiers", 6, 6, "exact"),
        ("two dozen children", 24, 24, "exact"),
        ("at least a dozen people", 12, None, "at_least"),
    ],
)
def test_quantity(text: str, value: int, value_max: int | None, qualifier: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.value_max, q.qualifier) == (value, value_max, qualifier)
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "a 36-year-old man",
        "at 7:29 am",
        "the 7th floor",
        "50% of homes",
        "in 2016",
        "on October 10",
        "on 7 October",
        "10 km away",
        "members of Barrio 18",  # a number in a name
        "the men of Brigade 313",
        "a convoy on Route 5",
    ],
)
def test_not_a_count(text: str) -> None:
    assert find_quantities(text) == []


def test_offsets_point_at_number_and_phrase() -> None:
    text = "The strike killed at least 21 people."
    (q,) = find_quantities(text)
    assert text[q.start : q.end] == "at least 21"
    assert text[q.number_start : q.number_end] == "21"


def test_from_to_is_not_a_range() -> None:
    qs = find_quantities("the toll rose from 10 to 15")
    assert [(q.value, q.qualifier) for q in qs] == [(10, "exact"), (15, "exact")]


def test_two_numbers_joined_by_and_stay_apart() -> None:
    qs = find_quantities("21 killed and 82 wounded")
    assert [q.value for q in qs] == [21, 82]


@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_with_commas_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=999))
def test_number_words_round_trip(n: int) -> None:
    words = _words(n)
    assert parse_number(words) == n


def _words(n: int) -> str:
    units = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    units += "fourteen fifteen sixteen seventeen eighteen nineteen"
    u = units.split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
    out = []
    if n >= 100:
        out.append(f"{u[n // 100]} hundred")
        n %= 100
        if n:
            out.append("and")
    if n >= 20:
        out.append(tens[n // 10] + (f"-{u[n % 10]}" if n % 10 else ""))
    elif n or not out:
        out.append(u[n])
    return " ".join(out)


def test_a_name_word_in_lower_case_keeps_its_count() -> None:
    (q,) = find_quantities("shelling of the camp killed 4")
    assert q.value == 4
