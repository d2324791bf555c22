"""Issue 14: every change made with the CLI is audited under the OS user who ran it, and a
database that refuses the audit row gives a one-line error and keeps nothing."""

from __future__ import annotations

import getpass

import pytest
import sqlalchemy as sa
from resolve_cases import look_alikes, market_strike
from sqlalchemy import select
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.resolve import add_extraction
from harmwatch.store.db import get_engine, session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import AuditRow, IncidentRow, MergeLogRow

PASSWORD = "a long enough passphrase"
ME = getpass.getuser()


@pytest.fixture
def url(db_url):
    for report, extraction in market_strike() + look_alikes()[:1]:
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    return db_url


def _two(url: str) -> tuple[int, int]:
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None))).all()
        market, bakery = sorted(rows, key=lambda r: -len(r.record["report_ids"]))
        return market.id, bakery.id


def _audit(url: str, entity: str) -> list[tuple[str, str, str]]:
    with session_scope(url) as s:
        rows = s.scalars(select(AuditRow).where(AuditRow.entity == entity).order_by(AuditRow.id))
        return [(r.action, r.entity_id, r.user) for r in rows]


def _run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=stdin)


def test_user_changes_are_audited_under_the_os_user(db_url) -> None:
    add = ["user", "add", "amal", "--role", "analyst", "--password-stdin", "--db", db_url]
    assert _run(*add, stdin=PASSWORD + "\n").exit_code == 0
    assert _run("user", "token", "amal", "--db", db_url).exit_code == 0
    assert _audit(db_url, "user") == [(a, "amal", f"cli:{ME}") for a in ("create", "new-token")]
    assert _run("user", "revoke", "amal", "--db", db_url).exit_code == 0
    assert _run("user", "disable", "amal", "--db", db_url).exit_code == 0
    assert _run("user", "enable", "amal", "--db", db_url).exit_code == 0
    password = ["user", "password", "amal", "--password-stdin", "--db", db_url]
    assert _run(*password, stdin="a brand new passphrase\n").exit_code == 0
    actions = ["create", "new-token", "revoke-token", "disable", "enable", "password"]
    assert _audit(db_url, "user") == [(a, "amal", f"cli:{ME}") for a in actions]
    with session_scope(db_url) as s:
        for row in s.scalars(select(AuditRow)):  # no secret is written into the log
            text = repr(row.before) + repr(row.after)
            assert "argon2" not in text and PASSWORD not in text


def test_a_claimed_user_is_recorded_beside_the_os_user(url) -> None:
    market, bakery = _two(url)
    merged = _run("merge", str(market), str(bakery), "--user", "amal", "--db", url)
    assert merged.exit_code == 0, merged.output
    who = f"amal (cli:{ME})"
    assert _audit(url, "incident") == [("merge", str(market), who), ("merge", str(bakery), who)]
    with session_scope(url) as s:
        assert s.scalars(select(MergeLogRow.user).where(MergeLogRow.kind == "merge")).one() == who
    # without --user, only the OS user
    log_id = merged.output.split("merge log #")[1].split(")")[0]
    assert _run("undo", log_id, "--db", url).exit_code == 0
    assert {user for action, _, user in _audit(url, "incident") if action == "undo"} == {
        f"cli:{ME}"
    }


def test_a_split_audits_the_new_incident_too(url) -> None:
    market, _ = _two(url)
    result = _run("split", str(market), "--report", "own-market-1", "--db", url)
    assert result.exit_code == 0, result.output
    new = result.output.strip().rsplit(" ", 1)[1]
    assert _audit(url, "incident") == [
        ("split", str(market), f"cli:{ME}"),
        ("split", new, f"cli:{ME}"),
    ]


REFUSE_AUDIT = {
    "sqlite": [
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is read-only'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'the audit log is read-only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW "
        "EXECUTE FUNCTION refuse_audit()",
    ],
}


def test_a_refused_audit_write_is_a_one_line_error_and_keeps_nothing(url) -> None:
    market, bakery = _two(url)
    with get_engine(url).begin() as conn:
        for statement in REFUSE_AUDIT[conn.dialect.name]:
            conn.execute(sa.text(statement))
    result = _run("merge", str(market), str(bakery), "--db", url)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the database refused it")
    assert "the audit log is read-only" in lines[0] and "nothing was changed" in lines[0]
    assert "[SQL:" not in result.output and "Traceback" not in result.output
    with session_scope(url) as s:
        assert s.get(IncidentRow, bakery).merged_into_id is None  # the merge was rolled back
        assert s.scalars(select(MergeLogRow).where(MergeLogRow.kind == "merge")).all() == []
