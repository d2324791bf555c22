"""Flat, quick-to-load forms of an `Index`'s rows and name keys.

The base index has some 235,000 places and 700,000 name keys. As Python dicts of lists and
tuples of fields they are millions of objects, which pickle builds one by one on every start
(0.4 s of a one-report `harmwatch extract`, and some 200 MB). Packed, they are a few byte
strings and arrays that load as fast as the file reads; a row is unpickled when a place is
first used, and a key is found through an open-addressing table of CRC-32 hashes (a stable hash:
Python's own string hash changes with every process).

Both forms give exactly what the dicts gave: the same rows, and for each key the same positions
in the same order.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Any, overload


class PackedRows(Sequence[tuple]):  # type: ignore[type-arg]
    """A list of row tuples, each pickled on its own into one byte string."""

    def __init__(self, rows: Sequence[tuple]) -> None:  # type: ignore[type-arg]
        parts = [pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL) for row in rows]
        self._blob = b"".join(parts)
        self._ends = _offsets(len(part) for part in parts)

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, i: int) -> tuple: ...  # type: ignore[type-arg]
    @overload
    def __getitem__(self, i: slice) -> list[tuple]: ...  # type: ignore[type-arg]

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("row index out of range")
        start = self._ends[i - 1] if i else 0
        return pickle.loads(self._blob[start : self._ends[i]])

    def __iter__(self) -> Iterator[tuple]:  # type: ignore[type-arg]
        for i in range(len(self)):
            yield self[i]


class PackedKeys(Mapping[str, tuple[int, ...]]):
    """A read-only ``dict[str, list[int]]``: the keys in one UTF-8 byte string, the positions in
    one array, and a hash table (twice the keys, linear probing) of key numbers."""

    def __init__(self, mapping: Mapping[str, Sequence[int]]) -> None:
        encoded = [key.encode("utf-8", "surrogatepass") for key in mapping]
        self._blob = b"".join(encoded)
        self._key_ends = _offsets(len(raw) for raw in encoded)
        values = [p for positions in mapping.values() for p in positions]
        self._values = array("i" if max(values, default=0) < 2**31 else "q", values)
        self._value_ends = _offsets(len(positions) for positions in mapping.values())
        size = 1 << max(3, (2 * len(encoded)).bit_length())
        mask = size - 1
        table = array("i" if len(encoded) < 2**31 else "q", [-1]) * size
        crc32 = zlib.crc32
        for number, slot in enumerate([crc32(raw) & mask for raw in encoded]):
            while table[slot] >= 0:
                slot = (slot + 1) & mask
            table[slot] = number
        self._table = table

    def _number(self, key: str) -> int:
        raw = key.encode("utf-8", "surrogatepass")
        table, ends, blob = self._table, self._key_ends, self._blob
        mask = len(table) - 1
        slot = zlib.crc32(raw) & mask
        while True:
            number = table[slot]
            if number < 0:
                return -1
            start = ends[number - 1] if number else 0
            if ends[number] - start == len(raw) and blob[start : ends[number]] == raw:
                return number
            slot = (slot + 1) & mask

    def _positions(self, number: int) -> tuple[int, ...]:
        start = self._value_ends[number - 1] if number else 0
        return tuple(self._values[start : self._value_ends[number]])

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        number = self._number(key) if isinstance(key, str) else -1
        return default if number < 0 else self._positions(number)

    def __getitem__(self, key: str) -> tuple[int, ...]:
        number = self._number(key) if isinstance(key, str) else -1
        if number < 0:
            raise KeyError(key)
        return self._positions(number)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._number(key) >= 0

    def __len__(self) -> int:
        return len(self._key_ends)

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self._key_ends:
            yield self._blob[start:end].decode("utf-8", "surrogatepass")
            start = end


def _offsets(lengths: Iterable[int]) -> array[int]:
    """The running totals of ``lengths`` (where each item ends), in 4 bytes each when they fit."""
    ends = list(accumulate(lengths))
    return array("I" if not ends or ends[-1] < 2**32 else "Q", ends)
