"""Gold files (``../shared/corpus/*/gold.jsonl``): one line per report, keyed by ``report_id``.

A field that is absent is not scored. A bound given as a list accepts any of its values.
``optional`` incidents are neither required nor penalised; ``background`` ones are past events
that must never be dated to the report's own days.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from harmwatch.errors import MalformedRecord, UnreadableInput


class GoldLocation(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    acled_geo_precision: int | None = None


class GoldIncident(BaseModel):
    model_config = ConfigDict(extra="allow")

    key: str = ""
    event_type: str | None = None
    date: dt.date | None = None
    date_tolerance_days: int = 0
    location: GoldLocation | None = None
    optional: bool = False
    background: bool = False

    def has(self, name: str) -> bool:
        """Whether the gold states this field (absent fields are not scored)."""
        return name in self.model_fields_set or name in (self.model_extra or {})

    def get(self, name: str) -> Any:
        if name in type(self).model_fields:
            return getattr(self, name)
        return (self.model_extra or {}).get(name)


class GoldReport(BaseModel):
    model_config = ConfigDict(extra="allow")

    report_id: str
    incidents: list[GoldIncident] = []
    violent: bool | None = None
    published: dt.date | None = None


def load_gold(path: Path) -> dict[str, GoldReport]:
    """The gold reports of a file by report id; a bad line is an error naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise UnreadableInput(
            str(path), f"cannot read the gold file ({err})", "give a gold.jsonl path"
        ) from err
    out: dict[str, GoldReport] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            report = GoldReport.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as err:
            raise MalformedRecord(
                f"{path}:{number}", "not a gold record", "each line needs report_id and incidents"
            ) from err
        out[report.report_id] = report
    return out
