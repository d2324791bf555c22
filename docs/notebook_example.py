"""A notebook session with harmwatch's Python API, as a plain script (cells marked ``# %%``).

    python docs/notebook_example.py [DATABASE] [CHART.png]

Opens the demo database (building it first, as `harmwatch demo --no-serve` does, when the file
is not there), ingests one more report, takes the incidents as a pandas DataFrame and plots the
people killed per week. Needs ``pip install 'harmwatch[data]'`` (pandas, pyarrow).
`tests/test_docs_notebook.py` runs it.
"""

# %% Open the demo database (build it once: `harmwatch demo --db demo.db --no-serve`)
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import harmwatch
from harmwatch.demo import run_demo

database = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("demo.db")
chart = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("killed_per_week.png")
if not database.exists():
    run_demo(str(database), progress=False)
db = harmwatch.open(database)
print(f"{len(db.incidents())} incidents in {database}")

# %% Ingest a file: one report, written for this example
report = {
    "id": "notebook-001",
    "published": "2018-02-10",
    "source": "Notebook Wire",
    "text": "An airstrike on a poultry farm outside Saraqib on Friday killed four workers, "
    "the local civil defence said.",
}
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "new.jsonl"
    path.write_text(json.dumps(report) + "\n", encoding="utf-8")
    summary = db.ingest([path])
print(
    f"ingest: {summary.new} new, {summary.duplicate} already stored, {len(summary.failed)} failed"
)

# %% The incidents as a DataFrame
df = db.incidents().to_pandas()
print(
    df[["id", "date", "place", "event_type", "killed_min", "killed_max", "grade"]].to_string(
        index=False
    )
)

# %% Killed per week (the lower bound of each incident's range; unknown tolls count 0)
dated = df.dropna(subset=["date"]).set_index("date")
weekly = (
    dated["killed_min"].fillna(0).astype(int).resample("W-MON", label="left", closed="left").sum()
)
print(weekly[weekly > 0].to_string())

# %% Plot it (matplotlib, no display needed)
from matplotlib.figure import Figure  # noqa: E402

fig = Figure(figsize=(8, 3), layout="constrained")
ax = fig.add_subplot()
ax.bar(weekly.index, weekly.to_numpy(), width=6, align="edge", color="#c0392b")
ax.set_ylabel("killed per week (at least)")
ax.set_title(f"{len(df)} incidents, {int(weekly.sum())} killed")
fig.savefig(chart)
print(f"chart written to {chart}")
