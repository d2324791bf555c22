"""Readers: text, HTML, JSONL, CSV, RSS/Atom feeds and URLs, all yielding `models.Report`.

`read_inputs` is the one entry point (format detection lives in `detect.py`);
`harmwatch.process.ingest` stores, extracts and resolves what it reads.
"""

from harmwatch.ingest.common import FieldMap
from harmwatch.ingest.detect import FORMATS, read_inputs

__all__ = ["FORMATS", "FieldMap", "read_inputs"]
