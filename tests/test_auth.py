"""Users, password hashes, API tokens and the login rate limit."""

from __future__ import annotations

import pytest
from api_data import client

from harmwatch.api.app import create_app
from harmwatch.api.security import LoginLimiter, Sessions, is_loopback
from harmwatch.auth import User, add_user, authenticate, list_users, new_token, user_for_token
from harmwatch.errors import AuthError
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import UserRow

PASSWORD = "a long enough passphrase"


def test_password_is_hashed_and_token_shown_once(db_url) -> None:
    with session_scope(db_url) as session:
        created = add_user(session, "noor", "analyst", PASSWORD)
    with session_scope(db_url) as session:
        row = session.query(UserRow).one()
        assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
        assert created.token not in (row.token_hash or "")
        assert user_for_token(session, created.token) == User("noor", "analyst")
        assert user_for_token(session, created.token + "x") is None
        assert authenticate(session, "noor", PASSWORD) == User("noor", "analyst")
        with pytest.raises(AuthError, match="wrong user name or password"):
            authenticate(session, "noor", "wrong password")
        with pytest.raises(AuthError, match="wrong user name or password"):
            authenticate(session, "nobody", PASSWORD)
        fresh = new_token(session, "noor")
        assert user_for_token(session, created.token) is None
        assert user_for_token(session, fresh) == User("noor", "analyst")


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("noor", "boss", PASSWORD, "unknown role 'boss'"),
        ("noor", "viewer", "short", "too short"),
        ("", "viewer", PASSWORD, "1 to 100 characters"),
    ],
)
def test_bad_users_are_refused(db_url, name, role, password, message) -> None:
    with session_scope(db_url) as session, pytest.raises(AuthError, match=message):
        add_user(session, name, role, password)


def test_duplicate_user(db_url) -> None:
    with session_scope(db_url) as session:
        add_user(session, "noor", "viewer", PASSWORD)
        with pytest.raises(AuthError, match="already exists"):
            add_user(session, "noor", "admin", PASSWORD)
        assert list_users(session) == [User("noor", "viewer")]


def test_roles_are_ordered() -> None:
    assert User("a", "admin").can("analyst") and User("a", "analyst").can("viewer")
    assert not User("v", "viewer").can("analyst")


def test_limiter_blocks_after_repeated_failures(db_url) -> None:
    now = [1000.0]
    limiter = LoginLimiter(max_attempts=3, window=60, clock=lambda: now[0])
    with session_scope(db_url) as db:
        for _ in range(3):
            assert limiter.attempt(db, "ip:1") == 0
        assert limiter.attempt(db, "ip:1") == 61  # the window started at 1000
        assert limiter.attempt(db, "ip:2") == 0  # other clients are not blocked
        now[0] = 1061.0
        assert limiter.attempt(db, "ip:1") == 0  # a new window
        limiter.succeeded(db, "ip:1")
        for _ in range(3):
            assert limiter.attempt(db, "ip:1") == 0


def test_login_is_rate_limited(db_url) -> None:
    with session_scope(db_url) as session:
        add_user(session, "noor", "analyst", PASSWORD)
    api = client(create_app(db_url, Settings(host="127.0.0.1")))
    api.app.state.login_limiter = LoginLimiter(max_attempts=2)  # the default is 5
    for _ in range(2):
        response = api.post("/api/login", json={"name": "noor", "password": "guess guess"})
        assert response.status_code == 401
    blocked = api.post("/api/login", json={"name": "noor", "password": PASSWORD})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "too many failed logins" in blocked.json()["detail"]


def test_tampered_session_cookie_is_ignored(db_url) -> None:
    sessions = Sessions("secret")
    with session_scope(db_url) as db:
        add_user(db, "noor", "analyst", PASSWORD)
        cookie, csrf = sessions.issue(db, User("noor", "analyst"))
        assert sessions.read(db, cookie) == (User("noor", "analyst"), csrf)
        assert sessions.read(db, cookie[:-2] + "xx") is None
        assert Sessions("another secret").read(db, cookie) is None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_user_add_command_prints_a_working_token(db_url) -> None:
    from typer.testing import CliRunner

    from harmwatch.cli.main import app

    runner = CliRunner()
    args = ["user", "add", "amal", "--role", "analyst", "--password-stdin", "--db", db_url]
    result = runner.invoke(app, args, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "created analyst 'amal'" in result.output
    token = result.output.split("keep it secret): ")[1].split()[0]
    api = client(create_app(db_url, Settings(host="0.0.0.0")))  # reading needs a login here
    assert api.get("/api/incidents").status_code == 401
    me = api.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["user"] == {"name": "amal", "role": "analyst"}
    again = runner.invoke(app, args, input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already exists" in again.output
    weak = runner.invoke(app, [*args[:2], "bo", *args[3:]], input="abc\n")
    assert weak.exit_code == 1 and "too short" in weak.output
    listed = runner.invoke(app, ["user", "list", "--db", db_url])
    assert listed.output.split() == ["amal", "analyst"]
