"""Who is asking: bearer tokens for scripts, signed cookie sessions with a CSRF token for the app.

- ``Authorization: Bearer <token>`` (from `harmwatch user add`) needs no CSRF token.
- ``POST /api/login`` sets an HttpOnly, SameSite=Strict cookie signed with itsdangerous, holding
  the user name and a random CSRF token; a write made with that cookie must echo the token in the
  ``X-CSRF-Token`` header (the app reads it from ``GET /api/me``).
- Failed logins are limited per client address and per user name.
- Reading without logging in is allowed when ``anonymous_read`` is on; by default it is on for a
  loopback bind and off for any other address.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request, status
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from harmwatch.auth import Role, User, get_user, user_for_token
from harmwatch.settings import Settings

SESSION_COOKIE = "hw_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_MAX_AGE = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def anonymous_read_allowed(settings: Settings) -> bool:
    if settings.anonymous_read is not None:
        return settings.anonymous_read
    return is_loopback(settings.host)


class LoginLimiter:
    """At most ``max_failures`` failed logins per key within ``window`` seconds."""

    def __init__(
        self,
        max_failures: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before another attempt, 0 when one is allowed now."""
        with self._lock:
            waits = [
                self.window - (self.clock() - recent[0])
                for recent in map(self._recent, keys)
                if len(recent) >= self.max_failures
            ]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._recent(key).append(self.clock())

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


@dataclass(frozen=True)
class Principal:
    user: User
    via_cookie: bool
    csrf: str | None = None


class Sessions:
    """Signs and reads the session cookie."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="harmwatch-session")

    def issue(self, user: User) -> tuple[str, str]:
        csrf = secrets.token_urlsafe(24)
        return self._serializer.dumps({"u": user.name, "c": csrf}), csrf

    def read(self, cookie: str) -> tuple[str, str] | None:
        try:
            data = self._serializer.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("u"), str):
            return None
        return data["u"], str(data.get("c", ""))


def get_db(request: Request) -> Iterator[Session]:
    """A session per request; routes that write commit it themselves."""
    session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


def current_principal(request: Request, db: Session = Depends(get_db)) -> Principal | None:
    """The caller, from a bearer token or the session cookie; None when anonymous."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        user = user_for_token(db, token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise _unauthorized("invalid API token (create one with `harmwatch user add`)")
        return Principal(user, via_cookie=False)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = request.app.state.sessions.read(cookie)
        user = get_user(db, found[0]) if found else None
        if found and user is not None:
            return Principal(user, via_cookie=True, csrf=found[1])
    return None


def require_reader(
    request: Request, principal: Principal | None = Depends(current_principal)
) -> Principal | None:
    if principal is None and not request.app.state.anonymous_read:
        raise _unauthorized("log in to read (POST /api/login, or send a bearer token)")
    return principal


def require_role(role: Role) -> Callable[..., Principal]:
    def dependency(
        request: Request, principal: Principal | None = Depends(current_principal)
    ) -> Principal:
        if principal is None:
            raise _unauthorized(f"log in as an {role} to change data")
        if not principal.user.can(role):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"user {principal.user.name!r} is a {principal.user.role}; this needs an {role}",
            )
        if principal.via_cookie and request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not (principal.csrf and hmac.compare_digest(sent, principal.csrf)):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN,
                    f"missing or wrong {CSRF_HEADER} header (reload the page and try again)",
                )
        return principal

    return dependency


require_analyst = require_role("analyst")
