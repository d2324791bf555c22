"""The extraction pipeline: spaCy components, one per stage, and their assembly into incidents.

    from harmwatch.pipeline import get_extractor
    extraction = get_extractor().extract(report)   # -> models.ReportExtraction

`Extractor` and `get_extractor` live in `extract.py` and are imported on first use, so that
importing one stage module does not load the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harmwatch.pipeline.extract import Extractor, get_extractor

__all__ = ["Extractor", "get_extractor"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from harmwatch.pipeline import extract

        return getattr(extract, name)
    raise AttributeError(f"module 'harmwatch.pipeline' has no attribute {name!r}")
