"""Page furniture (repeated notices, UI labels, breadcrumbs) stays out of a page's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmwatch.ingest import read_inputs
from harmwatch.ingest.furniture import is_ui_line, strip_furniture
from harmwatch.models import Report

NOTICE = "Warning: this picture may upset some viewers. Tap to reveal."
STORY = [
    "Rockets fell on the northern quarter of Tal Rifaat late on Sunday evening.",
    "A field clinic said three civilians were killed and nine were hurt, most of them "
    "in a row of shops beside the bus station.",
    "Residents told the clinic that the rockets came from the south-east, where the front "
    "line runs through farmland.",
    "No armed group has said it fired them.",
]


def assessment_page() -> str:
    """A monitor's incident page: tabs, a breadcrumb of labels, a gallery whose every
    picture carries the same notice, and the story between them."""
    gallery = "".join(
        f'<figure><img src="p{i}.jpg" alt=""><figcaption>{NOTICE}</figcaption></figure>'
        for i in range(12)
    )
    first, second = ("".join(f"<p>{s}</p>" for s in half) for half in (STORY[:2], STORY[2:]))
    return f"""<!doctype html><html lang="en"><head>
<title>Incident TR-044 | Field Monitor</title>
<meta property="og:site_name" content="Field Monitor">
<meta property="article:published_time" content="2021-03-08T10:00:00+00:00">
</head><body><main><article>
<div class="tabs"><div>Location / Monitor assessment</div></div>
<h2>Overview</h2>
{first}
<div class="gallery">{gallery}</div>
<h3>Media</h3>
<p>Share</p>
{second}
<p>{NOTICE}</p>
</article></main></body></html>"""


def test_an_assessment_page_loses_its_notices_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "tr044.html"
    path.write_text(assessment_page(), encoding="utf-8")
    [report] = list(read_inputs([str(path)]))
    assert isinstance(report, Report), report
    for sentence in STORY:
        assert sentence in report.text
    assert "Tap to reveal" not in report.text
    assert "Location" not in report.text and "assessment" not in report.text
    for label in ("Overview", "Media", "Share"):
        assert label not in report.text.split(), label
    assert report.text.startswith("Rockets fell")


@pytest.mark.parametrize(
    "line",
    [
        "Location / Monitor assessment",
        "Home › World › Middle East",
        "Geolocation",
        "Share",
        "Click here to read more",
        "This video contains graphic content. Click to unblur.",
        "Subscribe to our newsletter",
        "Witness notes (3) [ collapse]",
    ],
)
def test_ui_lines(line: str) -> None:
    assert is_ui_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Rockets fell on the northern quarter of Tal Rifaat late on Sunday evening.",
        "Aleppo, 12 March",
        "Killed: 3",
        "The monitor said the strike hit the school / clinic building and killed two.",
        "By Rana Haddad",
    ],
)
def test_report_lines_are_kept(line: str) -> None:
    assert not is_ui_line(line)


def test_a_line_repeated_three_times_goes_everywhere() -> None:
    text = "\n".join(["Photo: handout", STORY[0], "Photo: handout", STORY[1], "Photo: handout"])
    assert strip_furniture(text) == f"{STORY[0]}\n{STORY[1]}"
    twice = "\n".join([STORY[2], STORY[0], STORY[2]])
    assert strip_furniture(twice) == twice  # twice is not yet boilerplate


def test_a_text_of_labels_only_is_kept_as_it_was() -> None:
    assert strip_furniture("Menu\nShare") == "Menu\nShare"
