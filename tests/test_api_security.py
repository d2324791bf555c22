"""Issue 14: sessions end on the server, only known Host names are served, and the login limit
holds under concurrency, across workers and against a forged X-Forwarded-For."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from api_data import client
from argon2 import PasswordHasher
from typer.testing import CliRunner

from harmwatch.api.app import create_app
from harmwatch.auth import add_user
from harmwatch.cli.main import app as cli
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope

PASSWORD = "a long enough passphrase"


def _api(db_url: str, **settings: object):  # type: ignore[no-untyped-def]
    return client(create_app(db_url, Settings(host="127.0.0.1", **settings)))  # type: ignore[arg-type]


def _login(api, name: str = "noor", password: str = PASSWORD) -> tuple[dict[str, str], str]:  # type: ignore[no-untyped-def]
    response = api.post("/api/login", json={"name": name, "password": password})
    assert response.status_code == 200, response.text
    return dict(response.cookies), response.json()["csrf_token"]


@pytest.fixture
def noor(db_url: str) -> str:
    """An analyst "noor"; her API token."""
    with session_scope(db_url) as session:
        return add_user(session, "noor", "analyst", PASSWORD).token


def _saved(cookies: dict[str, str], **headers: str) -> dict[str, str]:
    """Headers sending a saved copy of the session cookie."""
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **headers}


def _me(api, cookies: dict[str, str]) -> object:  # type: ignore[no-untyped-def]
    api.cookies.clear()
    return api.get("/api/me", headers=_saved(cookies)).json()["user"]


def test_a_saved_cookie_is_worthless_after_logout(db_url, noor) -> None:
    api = _api(db_url)
    cookies, csrf = _login(api)
    assert _me(api, cookies) == {"name": "noor", "role": "analyst"}
    api.cookies.clear()
    assert api.post("/api/logout", headers=_saved(cookies)).status_code == 200
    # someone kept a copy of the cookie: it no longer logs anyone in, nor changes anything
    assert _me(api, cookies) is None
    api.cookies.clear()
    saved = _saved(cookies, **{"X-CSRF-Token": csrf})
    assert api.post("/api/incidents/1/confirm", headers=saved).status_code == 401
    # the same cookie is refused by another worker too (another app on the same database)
    assert _me(_api(db_url), cookies) is None


def _run(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_password_change_disable_and_revoke_end_sessions_and_tokens(db_url, noor) -> None:
    api = _api(db_url)
    bearer = {"Authorization": f"Bearer {noor}"}
    cookies, _ = _login(api)
    new = "another long passphrase"
    said = _run("user", "password", "noor", "--password-stdin", "--db", db_url, stdin=new + "\n")
    assert "ended 1 web app session" in said
    assert _me(api, cookies) is None
    api.cookies.clear()
    assert api.post("/api/login", json={"name": "noor", "password": PASSWORD}).status_code == 401
    cookies, _ = _login(api, password=new)

    assert "disabled 'noor'" in _run("user", "disable", "noor", "--db", db_url)
    assert _me(api, cookies) is None
    api.cookies.clear()
    assert api.get("/api/me", headers=bearer).status_code == 401
    refused = api.post("/api/login", json={"name": "noor", "password": new})
    assert refused.status_code == 401 and "disabled" in refused.json()["detail"]
    assert "noor\tanalyst\tdisabled" in _run("user", "list", "--db", db_url)

    assert "enabled 'noor'" in _run("user", "enable", "noor", "--db", db_url)
    assert api.get("/api/me", headers=bearer).json()["user"]["name"] == "noor"
    assert "revoked the API token" in _run("user", "revoke", "noor", "--db", db_url)
    assert api.get("/api/me", headers=bearer).status_code == 401
    assert _me(api, _login(api, password=new)[0]) == {"name": "noor", "role": "analyst"}


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("localhost:8000", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]:8000", "[::1]"),
        ("HW.Example.ORG.", "hw.example.org"),
        ("", ""),
    ],
)
def test_host_names_are_read_without_their_port(value: str, name: str) -> None:
    from harmwatch.api.hosts import host_name

    assert host_name(value) == name


def test_only_known_host_names_are_served(db_url) -> None:
    from harmwatch.api.app import create_app as make

    app = make(db_url, Settings(host="127.0.0.1", port=8000))
    for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000", "localhost"):
        assert client(app, host).get("/api/incidents").status_code == 200, host
    # a DNS-rebinding page reaches 127.0.0.1 under its own name: refused, anonymous or not
    for host in ("attacker.example", "attacker.example:8000", "localhost.attacker.example"):
        for path in ("/api/incidents", "/api/export.csv", "/"):
            response = client(app, host).get(path)
            assert response.status_code == 400, (host, path)
        assert "--allowed-host" in response.json()["detail"]
    allowed = make(db_url, Settings(host="127.0.0.1", allowed_hosts=["HW.example.org"]))
    assert client(allowed, "hw.example.org").get("/api/incidents").status_code == 200
    assert client(allowed, "other.example.org").get("/api/incidents").status_code == 400
    bound = make(db_url, Settings(host="10.1.2.3"))  # the bind address is allowed
    assert client(bound, "10.1.2.3:8000").get("/api/config").status_code == 200


class _CountingHasher(PasswordHasher):
    """argon2 as usual, counting the password checks."""

    def __init__(self) -> None:
        super().__init__()
        self.checks = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        with self._lock:
            self.checks += 1
        return super().verify(hash, password)


def test_a_hundred_concurrent_guesses_get_five_password_checks(db_url, noor, monkeypatch) -> None:
    hasher = _CountingHasher()
    monkeypatch.setattr("harmwatch.auth._hasher", hasher)
    api = _api(db_url)

    def guess(i: int) -> int:
        body = {"name": "noor", "password": f"guess number {i}"}
        return int(api.post("/api/login", json=body).status_code)

    with ThreadPoolExecutor(32) as pool:
        codes = list(pool.map(guess, range(100)))
    assert hasher.checks <= 5, f"{hasher.checks} passwords were checked"
    assert codes.count(401) == hasher.checks and codes.count(429) == 100 - hasher.checks
    # the right password is refused too while the account is locked
    assert api.post("/api/login", json={"name": "noor", "password": PASSWORD}).status_code == 429


def test_the_login_limit_is_shared_by_every_worker(db_url, noor, monkeypatch) -> None:
    hasher = _CountingHasher()
    monkeypatch.setattr("harmwatch.auth._hasher", hasher)
    workers = [_api(db_url), _api(db_url)]  # two apps on one database, as `serve --workers 2`
    codes = [
        workers[i % 2].post("/api/login", json={"name": "noor", "password": f"no {i}"}).status_code
        for i in range(8)
    ]
    assert codes == [401] * 5 + [429] * 3 and hasher.checks == 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_a_forged_x_forwarded_for_does_not_escape_the_address_limit(db_url, noor) -> None:
    """A real `harmwatch serve`: each guess names another user (so no account lock helps) and
    forges another client address; the limit per address still stops the sixth."""
    port = _free_port()
    command = [sys.executable, "-m", "harmwatch.cli.main", "serve", "--db", db_url]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/config", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "harmwatch serve did not start"
                time.sleep(0.2)
        codes = [
            httpx.post(
                f"{base}/api/login",
                json={"name": f"user{i}", "password": "a wrong guess"},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
            ).status_code
            for i in range(7)
        ]
    finally:
        server.terminate()
        server.wait(20)
        server.stdout.close()  # type: ignore[union-attr]
    assert codes == [401] * 5 + [429] * 2


def test_forwarded_for_is_read_only_from_trusted_proxies() -> None:
    from starlette.requests import Request

    from harmwatch.api.security import client_address, networks

    def request(peer: str, forwarded: str) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())]
        return Request({"type": "http", "client": (peer, 5000), "headers": headers})

    proxies = networks(["10.0.0.0/8", "::1"])
    assert client_address(request("203.0.113.9", "198.51.100.1"), []) == "203.0.113.9"
    assert client_address(request("203.0.113.9", "198.51.100.1"), proxies) == "203.0.113.9"
    assert client_address(request("10.0.0.2", "198.51.100.1"), proxies) == "198.51.100.1"
    # the client may forge the leftmost entries; the nearest untrusted hop is the client
    assert client_address(request("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.7"), proxies) == (
        "198.51.100.1"
    )
