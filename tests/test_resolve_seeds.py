"""The seeds: the 15 January 2020 Idlib strike told by seed-002 and seed-004 becomes one incident
with both reports (killed 21, injured 82, each source's figure kept); nothing else merges."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from harmwatch.models import Report
from harmwatch.resolve import add_extraction
from harmwatch.resolve.gold import gold_extraction
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow

pytestmark = pytest.mark.corpus


def load(corpus_dir, name):
    with open(corpus_dir / "seeds" / name, encoding="utf-8") as fp:
        return [json.loads(line) for line in fp if line.strip()]


def check_seeds(url) -> None:
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None))).all()
        multi = [r for r in rows if r.record["n_reports"] > 1]
        assert len(multi) == 1, [r.record["report_ids"] for r in multi]
        [idlib] = multi
        assert sorted(idlib.record["report_ids"]) == ["seed-002", "seed-004"]
        assert str(idlib.date) == "2020-01-15" and idlib.place_name == "Idlib"
        assert (idlib.killed_min, idlib.killed_max) == (21, 21)
        assert (idlib.injured_min, idlib.injured_max) == (82, 82)
        killed = {
            f["report_id"]: f["value"]
            for f in idlib.record["figures"]
            if f["kind"] == "killed" and f["group"] == "people"
        }
        assert killed == {"seed-002": 21, "seed-004": 21}
        assert all(r.date is None or r.date.year >= 2016 for r in rows)


def test_seed_incidents_from_gold_mentions(db_url, corpus_dir):
    reports = {r["id"]: r for r in load(corpus_dir, "reports.jsonl")}
    for line in load(corpus_dir, "gold.jsonl"):
        report = Report.model_validate(reports[line["report_id"]])
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, gold_extraction(line, report.source))
    check_seeds(db_url)


@pytest.mark.slow
def test_seed_incidents_from_the_extractor(db_url, corpus_dir):
    extract = pytest.importorskip("harmwatch.pipeline.extract")
    extractor = extract.get_extractor()
    for line in load(corpus_dir, "reports.jsonl"):
        report = Report.model_validate(line)
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, extractor.extract(report))
    check_seeds(db_url)


@pytest.mark.parametrize("seed", [1, 2])
def test_seed_incidents_do_not_depend_on_the_arrival_order(db_url, corpus_dir, seed):
    import random

    reports = {r["id"]: r for r in load(corpus_dir, "reports.jsonl")}
    lines = load(corpus_dir, "gold.jsonl")
    random.Random(seed).shuffle(lines)
    for line in lines:
        report = Report.model_validate(reports[line["report_id"]])
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, gold_extraction(line, report.source))
    check_seeds(db_url)
    with session_scope(db_url) as s:
        [idlib] = [r for r in s.scalars(select(IncidentRow)) if r.record["n_reports"] > 1]
        assert idlib.grade == "Fair"
