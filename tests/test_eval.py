"""`harmwatch eval`: matching, field scoring and the corpus measures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmwatch import models
from harmwatch.cli.main import app
from harmwatch.eval.gold import GoldIncident, GoldReport
from harmwatch.eval.match import actors_ok, match_incidents, range_ok
from harmwatch.eval.score import score

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"

runner = CliRunner()
IDLIB = {"name": "Idlib", "lat": 35.93, "lon": 36.63, "admin1": "Idlib", "country": "SY"}
ARIHA = {"name": "Ariha", "lat": 35.81, "lon": 36.61, "admin1": "Idlib", "country": "SY"}


def pred(place: dict, date: str | None, **fields: object) -> models.Incident:
    return models.Incident(location=models.Location(**place), date=date, **fields)


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        (models.Range(min=21, max=21), {"min": 21, "max": 21}, True),
        (models.Range(min=21, max=None), {"min": 21}, True),
        (models.Range(min=23, max=61), {"min": 23, "max": [60, 61]}, True),
        (models.Range(min=23, max=59), {"min": 23, "max": [60, 61]}, False),
        (None, {"min": 4}, False),
        (models.Range(min=7, max=7), 7, True),
    ],
)
def test_range_bounds(predicted: models.Range | None, gold: object, ok: bool) -> None:
    assert range_ok(predicted, gold) is ok


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        (["russia", "syria_gov"], ["syria_gov", "russia"], True),
        (["russia"], ["syria_gov", "russia"], False),
        (["russia"], ["syria_gov|russia"], True),
        ([], ["unknown"], True),
        (["turkey"], ["unknown"], False),
        (["hts"], ["HTS: Hayat Tahrir al-Sham"], True),
    ],
)
def test_actor_sets(predicted: list[str], gold: list[str], ok: bool) -> None:
    assert actors_ok(predicted, gold) is ok


def test_matching_by_place_and_date() -> None:
    gold = [
        GoldIncident(key="idlib", date=dt.date(2020, 1, 15), location=IDLIB),
        GoldIncident(key="ariha", date=dt.date(2020, 1, 15), location=ARIHA),
    ]
    preds = [pred(ARIHA, "2020-01-15"), pred(IDLIB, "2020-03-01"), pred(IDLIB, "2020-01-15")]
    m = match_incidents(preds, gold)
    assert set(m.pairs) == {(0, 1), (2, 0)}
    assert m.unmatched_pred == (1,)


def test_generic_scores_optional_and_fields() -> None:
    gold = {
        "r": GoldReport(
            report_id="r",
            incidents=[
                GoldIncident.model_validate(
                    {
                        "key": "a",
                        "date": "2020-01-15",
                        "location": IDLIB,
                        "event_type": "airstrike",
                        "killed": {"min": 21},
                        "perpetrators": ["syria_gov", "russia"],
                    }
                ),
                GoldIncident.model_validate(
                    {"key": "b", "date": "2020-01-15", "location": ARIHA, "optional": True}
                ),
            ],
        )
    }
    preds = {
        "r": models.ReportExtraction(
            report_id="r",
            incidents=[
                pred(
                    IDLIB,
                    "2020-01-15",
                    event_type="airstrike",
                    killed=models.Range(min=20),
                    perpetrators=[
                        models.Perpetrator(name="x", id="syria_gov"),
                        models.Perpetrator(name="y", id="russia"),
                    ],
                ),
                pred(ARIHA, "2020-01-15"),
            ],
        )
    }
    measures = {m.name: m.value for m in score("generic", gold, preds).measures}
    assert measures["incident precision"] == 1.0 and measures["incident recall"] == 1.0
    assert measures["perpetrators"] == 1.0 and measures["event type"] == 1.0
    assert measures["killed"] == 0.0


def test_acled_measures() -> None:
    def row(rid: str, killed: int, violent: bool, actor: str) -> GoldReport:
        return GoldReport.model_validate(
            {
                "report_id": rid,
                "violent": violent,
                "incidents": [
                    {
                        "key": rid,
                        "date": "2018-01-06",
                        "perpetrators": [actor],
                        "killed_conservative": killed,
                        "location": {**IDLIB, "acled_geo_precision": 1},
                    }
                ],
            }
        )

    gold = {"a": row("a", 3, True, "syria_gov|russia"), "b": row("b", 0, False, "isis")}
    preds = {
        "a": models.ReportExtraction(
            report_id="a",
            incidents=[
                pred(
                    IDLIB,
                    "2018-01-06",
                    killed=models.Range(min=3, max=3),
                    perpetrators=[models.Perpetrator(name="r", id="russia")],
                )
            ],
        ),
        "b": models.ReportExtraction(
            report_id="b", incidents=[pred(ARIHA, "2018-01-06", killed=models.Range(min=2, max=2))]
        ),
    }
    measures = {m.name: m.value for m in score("acled", gold, preds).measures}
    assert measures["fatalities exact (nonzero rows)"] == 1.0
    assert measures["perpetrator"] == 0.5
    assert measures["no casualty figure (non-violent rows)"] == 0.0
    assert measures["place within 10 km (precision-1 rows)"] == 0.5


def test_cli_scores_predictions_as_json(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "report_id": "r",
                "incidents": [
                    {
                        "key": "a",
                        "date": "2020-01-15",
                        "location": IDLIB,
                        "killed": {"min": 21, "max": 21},
                    }
                ],
            }
        )
        + "\n"
    )
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(
        models.ReportExtraction(
            report_id="r",
            incidents=[pred(IDLIB, "2020-01-15", killed=models.Range(min=21, max=21))],
        ).model_dump_json()
        + "\n"
    )
    result = runner.invoke(
        app, ["eval", "--gold", str(gold), "--predictions", str(predictions), "--json"]
    )
    assert result.exit_code == 0, result.output
    measures = json.loads(result.output)["measures"]
    assert measures["incident F1"]["value"] == 1.0 and measures["killed"]["value"] == 1.0


def test_cli_needs_something_to_score(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("")
    result = runner.invoke(app, ["eval", "--gold", str(gold)])
    assert result.exit_code == 2


@pytest.mark.corpus
def test_seeds_meet_the_incident_target() -> None:
    seeds = CORPUS_DIR / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/corpus is absent")
    result = runner.invoke(
        app,
        [
            "eval",
            "--reports",
            str(seeds / "reports.jsonl"),
            "--gold",
            str(seeds / "gold.jsonl"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    measures = json.loads(result.output)["measures"]
    assert measures["incident recall"]["value"] >= 0.85
    assert measures["background not dated to the report's days"]["value"] == 1.0
