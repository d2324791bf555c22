"""Re-run the console sessions of README.md and write their real output back.

Each block between ``<!-- session:NAME -->`` and ``<!-- /session:NAME -->`` is a ```console block
whose ``$ `` lines are commands. They run in order, in one scratch directory that has the checkout's
``../shared`` beside it (so ``../shared/corpus/...`` means what it says in the README), with this
checkout's ``.venv/bin`` first on PATH, and each command's output replaces what the README showed.

    .venv/bin/python docs/session.py            # rewrite README.md
    .venv/bin/python docs/session.py --check    # exit 1 if the README's output is stale
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(
    r"(?P<open><!-- session:(?P<name>[\w-]+) -->\n```console\n)(?P<body>.*?)(?P<close>```\n"
    r"<!-- /session:(?P=name) -->)",
    re.DOTALL,
)


def commands(body: str) -> list[str]:
    return [line[2:] for line in body.splitlines() if line.startswith("$ ")]


def run(command: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )
    out = done.stdout + done.stderr
    if done.returncode != 0:
        print(f"warning: `{command}` exited {done.returncode}", file=sys.stderr)
    # the scratch directory is not the reader's: show paths relative to it
    return out.replace(str(cwd) + "/", "")


def refresh(readme: str, cwd: Path, env: dict[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        shown = []
        for command in commands(m.group("body")):
            print(f"$ {command}", file=sys.stderr)
            shown.append(f"$ {command}\n{run(command, cwd, env).rstrip()}\n")
        return m.group("open") + "".join(shown) + m.group("close")

    return BLOCK.sub(replace, readme)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the README is stale")
    args = parser.parse_args()
    shared = ROOT.parent / "shared"
    if not shared.is_dir():
        parser.error(f"{shared} is missing: the sessions read ../shared/corpus")
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="hw-session-") as tmp:
        cwd = Path(tmp) / "harmwatch"
        cwd.mkdir()
        (Path(tmp) / "shared").symlink_to(shared)
        env = dict(
            os.environ,
            PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
            COLUMNS="120",
            NO_COLOR="1",
            TERM="dumb",
        )
        env.pop("HARMWATCH_DATABASE_URL", None)
        new = refresh(readme, cwd, env)
    if args.check:
        stale = new != readme
        print("README sessions are stale" if stale else "README sessions are current")
        return int(stale)
    readme_path.write_text(new, encoding="utf-8")
    print(f"rewrote {len(BLOCK.findall(readme))} sessions in {readme_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
