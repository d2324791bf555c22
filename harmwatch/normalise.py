"""Text normalisation shared by the readers (report ids) and the store (duplicate detection),
kept apart from both so that reading reports does not load the database layer."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The text as compared for duplicates: NFKC, no zero-width characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    return _SPACE.sub(" ", text).strip()
