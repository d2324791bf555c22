"""JSONL and CSV readers: column mapping, ids, dates, bad records, and property tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.errors import InputError, MalformedRecord, UnreadableInput
from harmwatch.ingest import FieldMap, read_inputs
from harmwatch.ingest.tabular import iter_csv, iter_jsonl
from harmwatch.models import Report

ROWS = [
    {
        "id": "n-1",
        "text": "Two barrel bombs fell on Kafr Nabl, killing a farmer.",
        "published": "2018-02-03",
        "source": "Idlib Media Centre",
        "title": "Kafr Nabl",
    },
    {
        "id": "n-2",
        "text": "Artillery fire wounded four people in Saraqib.",
        "published": "2018-02-04",
        "source": "Local council",
        "url": "https://example.org/s",
    },
]


def _jsonl(path: Path, lines: list[str | dict[str, object]]) -> Path:
    path.write_text(
        "".join((json.dumps(x) if isinstance(x, dict) else x) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


def _read(path: Path, **kw: object) -> list[Report | InputError]:
    return list(read_inputs([str(path)], **kw))  # type: ignore[arg-type]


def test_jsonl_records_keep_their_own_ids_dates_and_outlets(tmp_path: Path) -> None:
    items = _read(_jsonl(tmp_path / "r.jsonl", list(ROWS)))
    assert [(r.id, r.published, r.source) for r in items] == [  # type: ignore[union-attr]
        ("n-1", dt.date(2018, 2, 3), "Idlib Media Centre"),
        ("n-2", dt.date(2018, 2, 4), "Local council"),
    ]
    assert items[0].title == "Kafr Nabl" and items[1].url == "https://example.org/s"  # type: ignore[union-attr]
    assert items[1].origin == f"{tmp_path / 'r.jsonl'}:2"  # type: ignore[union-attr]


def test_jsonl_without_ids_gets_stable_hash_ids(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "r.jsonl", [{"text": "A strike hit a well."}])
    first, second = _read(path), _read(path)
    assert first[0].id == second[0].id and first[0].id.startswith("sha1:")  # type: ignore[union-attr]


def test_jsonl_fields_are_mapped_by_flags(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "r.jsonl",
        [
            {
                "event_id": "E7",
                "notes": "Clashes near Afrin; one civilian killed.",
                "event_date": "14 March 2018",
                "who": "SOHR",
                "headline": "Afrin",
            },
        ],
    )
    fields = FieldMap(
        text="notes", id="event_id", date="event_date", source="who", title="headline"
    )
    (report,) = _read(path, fields=fields)
    assert isinstance(report, Report)
    assert (report.id, report.published, report.source, report.title) == (
        "E7",
        dt.date(2018, 3, 14),
        "SOHR",
        "Afrin",
    )


def test_bad_jsonl_lines_are_reported_by_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(
        json.dumps(ROWS[0]).encode()
        + b"\n"
        + b'{"text": "unterminated\n'
        + b"\n"  # blank lines are skipped
        + b'["a", "list"]\n'
        + b'{"body": "no text key here", "x": 1}\n'
        + b'{"text": "caf\xe9 in latin-1"}\n'
        + b'{"text": ""}\n'
        + b'{"text": 42}\n'
        + json.dumps(ROWS[1]).encode()
        + b"\n"
    )
    items = _read(path, fields=FieldMap(text="text"))
    assert [i.id for i in items if isinstance(i, Report)] == ["n-1", "n-2"]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert all(isinstance(i, MalformedRecord) for i in items if isinstance(i, InputError))
    expected = [
        (2, "not valid JSON"),
        (4, "expected a JSON object"),
        (5, "no text field"),
        (6, "not valid UTF-8"),
        (7, "is empty"),
        (8, "not a string"),
    ]
    assert len(errors) == len(expected)
    for message, (line, words) in zip(errors, expected, strict=True):
        assert message.startswith(f"{path}:{line}: ") and words in message, message
        assert "\n" not in message


def test_a_text_file_read_as_jsonl_gives_up_after_a_few_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("plain prose line\n" * 500, encoding="utf-8")
    items = _read(path)
    assert len(items) < 30 and "gave up" in str(items[-1])


def test_csv_with_header_mapping_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["event_id_cnty", "event_date", "notes", "source"])
        writer.writerow(
            ["SYR1", "2018-01-05", "Shelling on Harasta,\nkilling 3 civilians.", "SANA"]
        )
        writer.writerow(["SYR2", "2018-01-06", "", "SANA"])
        writer.writerow(["SYR3", "2018-01-07", "Airstrike on Saraqib killed 2.", "SOHR"])
    items = _read(path)
    reports = [i for i in items if isinstance(i, Report)]
    assert [(r.id, r.published, r.source) for r in reports] == [
        ("SYR1", dt.date(2018, 1, 5), "SANA"),
        ("SYR3", dt.date(2018, 1, 7), "SOHR"),
    ]
    assert reports[0].text == "Shelling on Harasta,\nkilling 3 civilians."
    (err,) = [i for i in items if isinstance(i, InputError)]
    assert str(err).startswith(f"{path}:4: ") and "empty" in str(err)


@pytest.mark.parametrize("delimiter, suffix", [(";", ".csv"), ("\t", ".tsv"), ("\t", ".csv")])
def test_csv_dialects_are_detected(tmp_path: Path, delimiter: str, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_text(
        f"id{delimiter}text\nk1{delimiter}A strike, at dawn, hit Ariha.\n", encoding="utf-8"
    )
    (report,) = _read(path)
    assert isinstance(report, Report) and report.text == "A strike, at dawn, hit Ariha."


def test_csv_without_a_text_column_names_the_columns_and_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("event,place\nstrike,Ariha\n", encoding="utf-8")
    (err,) = _read(path)
    assert isinstance(err, UnreadableInput)
    assert "no text column" in str(err) and "'event', 'place'" in str(err)
    assert "--text-field" in str(err)
    (err,) = _read(path, fields=FieldMap(text="body"))
    assert "no column 'body'" in str(err)


def test_csv_row_with_bad_utf8_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"text\nfirst row ok\nbad \xe9 row\nlast row ok\n")
    items = _read(path)
    assert [i.text for i in items if isinstance(i, Report)] == ["first row ok", "last row ok"]
    assert [str(i).split(": ")[0] for i in items if isinstance(i, InputError)] == [f"{path}:3"]


# --- properties -----------------------------------------------------------------------------

# Printable text: a record made mostly of control characters is (rightly) taken for binary.
printable_text = st.text(
    st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=60
).filter(lambda t: t.strip() != "")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_jsonl_reader_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    for item in iter_jsonl(io.BytesIO(data), "fuzz.jsonl", FieldMap()):
        assert isinstance(item, Report | InputError)
        if isinstance(item, InputError):
            assert str(item).startswith("fuzz.jsonl") and "\n" not in str(item)
        else:
            assert item.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_csv_reader_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    for item in iter_csv(data, "fuzz.csv", FieldMap()):
        assert isinstance(item, Report | InputError)
        if isinstance(item, InputError):
            assert str(item).startswith("fuzz.csv") and "\n" not in str(item)
        else:
            assert item.text.strip()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"text": printable_text},
            optional={
                "id": st.text(
                    st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=10
                )
            },
        ),
        min_size=1,
        max_size=10,
    )
)
def test_jsonl_round_trip_keeps_every_text_and_id_in_order(records: list[dict[str, str]]) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    items = list(iter_jsonl(io.BytesIO(data), "gen.jsonl", FieldMap()))
    assert [i.text for i in items] == [r["text"] for r in records]  # type: ignore[union-attr]
    for item, record in zip(items, records, strict=True):
        assert item.id == record.get("id", item.id)  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(st.lists(printable_text, min_size=1, max_size=10))
def test_csv_round_trip_keeps_every_text_in_order(texts: list[str]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    for n, text in enumerate(texts):
        writer.writerow([f"row{n}", text])
    items = list(iter_csv(out.getvalue().encode("utf-8"), "gen.csv", FieldMap()))
    assert [(i.id, i.text) for i in items] == [  # type: ignore[union-attr]
        (f"row{n}", t) for n, t in enumerate(texts)
    ]
