"""`harmwatch serve --workers N`: several server processes on one port behave as one server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from api_data import (  # noqa: F401 (fixtures)
    PASSWORD,
    seeded_db_fixture,
    seeded_pg_fixture,
    seeded_sqlite_fixture,
)


@pytest.mark.slow
def test_two_workers_share_the_data_and_the_login_session(seeded_db) -> None:
    db_url = str(seeded_db[0])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "HARMWATCH_SECRET_KEY"}
    command = [sys.executable, "-m", "harmwatch.cli.main", "serve", "--db", db_url]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
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
        # a fresh connection each time, so the requests spread over both processes
        assert {httpx.get(f"{base}/api/incidents").json()["total"] for _ in range(8)} == {3}
        login = httpx.post(f"{base}/api/login", json={"name": "ana", "password": PASSWORD})
        assert login.status_code == 200, login.text
        cookies = dict(login.cookies)
        names = [
            (httpx.get(f"{base}/api/me", cookies=cookies).json()["user"] or {}).get("name")
            for _ in range(12)
        ]
        assert names == ["ana"] * 12  # one session key for both workers
    finally:
        server.terminate()
        server.wait(20)
        server.stdout.close()  # type: ignore[union-attr]
