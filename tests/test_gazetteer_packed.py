"""The packed (quick-to-load) form of a gazetteer index gives exactly what the dicts gave."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.gazetteer.load import Index
from harmwatch.gazetteer.packed import PackedKeys, PackedRows
from harmwatch.gazetteer.types import Place

names = st.text(min_size=0, max_size=12)
positions = st.lists(st.integers(min_value=0, max_value=2**40), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(names, positions, max_size=60), st.lists(names, max_size=10))
def test_packed_keys_answer_like_the_dict(mapping: dict[str, list[int]], probes: list[str]) -> None:
    packed = pickle.loads(pickle.dumps(PackedKeys(mapping)))
    assert len(packed) == len(mapping)
    assert list(packed) == list(mapping)
    for key in [*mapping, *probes]:
        want = mapping.get(key)
        assert packed.get(key, ()) == (tuple(want) if want is not None else ())
        assert (key in packed) == (key in mapping)
    for key in probes:
        if key not in mapping:
            with pytest.raises(KeyError):
                packed[key]


def test_packed_keys_find_every_key_among_many() -> None:
    # enough keys for CRC-32 slots to collide and probing to run
    mapping = {f"town {n}": [n, n + 1] for n in range(20_000)}
    packed = PackedKeys(mapping)
    assert all(packed[k] == tuple(v) for k, v in mapping.items())
    assert packed.get("town 20000") is None


rows = st.tuples(
    st.text(max_size=8),
    st.one_of(st.none(), st.floats(allow_nan=False), st.integers()),
    st.one_of(st.none(), st.text(max_size=5)),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(rows, max_size=30))
def test_packed_rows_keep_every_value_and_type(values: list[tuple[object, ...]]) -> None:
    packed = pickle.loads(pickle.dumps(PackedRows(values)))
    assert len(packed) == len(values)
    assert list(packed) == values
    for row, back in zip(values, packed, strict=True):
        assert [type(x) for x in row] == [type(x) for x in back]
    if values:
        assert packed[-1] == values[-1]
        assert packed[: len(values)] == values
    with pytest.raises(IndexError):
        packed[len(values)]
    with pytest.raises(IndexError):
        packed[-len(values) - 1]


def _index() -> Index:
    index = Index()
    index.add(
        Place("user:a", "Kafr Nubl", 35.6, 36.6, "Idlib", None, "SY", "town", 20),
        ["Kafr Nubl", "Kafranbel", "Kafr Nabl"],
    )
    index.add(
        Place("user:b", "Saraqib", 35.86, 36.8, "Idlib", country="SY", population=30_000),
        ["Saraqib", "Saraqeb"],
    )
    index.add(Place("user:c", "Kafr Nabl", None, None), ["Kafr Nabl"])  # no coordinates
    return index


def test_a_packed_index_finds_the_same_places() -> None:
    index = _index()
    packed = pickle.loads(pickle.dumps(index.packed()))
    assert len(packed) == len(index) == 3
    assert packed.max_tokens == index.max_tokens
    for key in [*index.strict, "nowhere"]:
        assert packed.strict.get(key, ()) == tuple(index.strict.get(key, ()))
    for key in [*index.loose, "nowhere"]:
        assert packed.loose.get(key, ()) == tuple(index.loose.get(key, ()))
    assert [packed.place(i) for i in range(3)] == [index.place(i) for i in range(3)]
    with pytest.raises(TypeError, match="read-only"):
        packed.add(Place("user:d", "Binnish", 35.95, 36.7), ["Binnish"])
