"""Reports too long to read in one piece: cut into chunks, each read on its own, their
incidents' evidence moved back to offsets into the whole text.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters: error E088), and the memory
of the model and the stages grows with the text read at once (a 200,000-character report read
whole: 0.84 GB at peak; in chunks of 50,000 characters: 0.39 GB). A report over `CHUNK_CHARS` is
therefore read in chunks of at most that length, cut between rough sentences
(`harmwatch.pipeline.extract.pieces`), one chunk in memory at a time, and the model reads
batches of shorter reports of at most `BATCH_CHARS` characters in all (32 reports of 30,000
characters in one batch: 0.99 GB; in batches of 100,000 characters: 0.54 GB). Every chunk is a
Doc of its own, so an incident's evidence is an offset into its chunk: `shifted` adds the
chunk's start to every evidence span of an incident.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

CHUNK_CHARS = 50_000  # reports longer than this are read in chunks of at most this length
BATCH_CHARS = 100_000  # the model reads a batch of reports of at most this many characters

M = TypeVar("M", bound=BaseModel)


def chunk_bounds(pieces: Sequence[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Consecutive ``pieces`` (``(start, end)``, in order, each at most ``limit`` long) grouped
    into chunks of at most ``limit`` characters, from the first piece's start to the last's end."""
    chunks: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for a, b in pieces:
        if start is not None and b - start > limit:
            chunks.append((start, end))
            start = None
        if start is None:
            start = a
        end = b
    if start is not None:
        chunks.append((start, end))
    return chunks


def _moved(value: Any, by: int) -> Any:
    """An evidence value (a span, a list of spans, or None) moved ``by`` characters."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_moved(v, by) for v in value]
    start, end = value
    return (start + by, end + by)


def shifted(model: M, by: int) -> M:
    """A copy of ``model`` (an `Incident`, or anything inside one) with every evidence span
    (fields named ``evidence`` or ``*_evidence``, in it and in the models it holds) moved
    ``by`` characters."""
    if by == 0:
        return model
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "evidence" or name.endswith("_evidence"):
            update[name] = _moved(value, by)
        elif isinstance(value, BaseModel):
            update[name] = shifted(value, by)
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            update[name] = [shifted(v, by) if isinstance(v, BaseModel) else v for v in value]
    return model.model_copy(update=update)
