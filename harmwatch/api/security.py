"""Who is asking: bearer tokens for scripts, signed cookie sessions with a CSRF token for the app.

- ``Authorization: Bearer <token>`` (from `harmwatch user add`) needs no CSRF token.
- ``POST /api/login`` sets an HttpOnly, SameSite=Strict cookie signed with itsdangerous, holding
  the random key of a session stored in the database (`harmwatch.auth.start_session`) with its
  CSRF token; a write made with that cookie must echo the token in the ``X-CSRF-Token`` header
  (the app reads it from ``GET /api/me``). Logging out deletes the session, so the cookie is
  worthless afterwards even if someone kept a copy.
- Login attempts are limited per user name and per client address, counted in the database
  before the password is checked (`LoginLimiter`), so concurrent guesses and other workers see
  every attempt. The client address is the connection's peer; ``X-Forwarded-For`` is believed
  only from the addresses in the ``trusted_proxies`` setting.
- Reading without logging in is allowed when ``anonymous_read`` is on; by default it is on for a
  loopback bind and off for any other address.
"""

from __future__ import annotations

import hmac
import ipaddress
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request, status
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from harmwatch.auth import SESSION_SECONDS, Role, User, session_user, start_session, user_for_token
from harmwatch.errors import HarmwatchError
from harmwatch.settings import Settings
from harmwatch.store.schema import LoginAttemptRow

SESSION_COOKIE = "hw_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_MAX_AGE = SESSION_SECONDS
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


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(addresses: Sequence[str]) -> list[IPNetwork]:
    """The ``trusted_proxies`` setting as networks ("10.0.0.5", "10.1.0.0/16", "::1")."""
    found: list[IPNetwork] = []
    for address in addresses:
        try:
            found.append(ipaddress.ip_network(address.strip().strip("[]"), strict=False))
        except ValueError:
            raise HarmwatchError(
                f"trusted_proxies: {address!r} is not an IP address or network "
                "(use e.g. 127.0.0.1 or 10.0.0.0/8)"
            ) from None
    return found


def _within(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(request: Request, trusted: Sequence[IPNetwork]) -> str:
    """The client's address: the connection's peer, unless the peer is a trusted proxy; then
    the nearest address in ``X-Forwarded-For`` that is not one of the trusted proxies."""
    peer = request.client.host if request.client else ""
    if not (trusted and _within(peer, trusted)):
        return peer or "?"
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _within(hop, trusted):
            return hop
    return peer


class LoginLimiter:
    """At most ``max_attempts`` failed logins per key ("user:NAME", "ip:ADDRESS") within a
    window of ``window`` seconds, counted in the database (table ``login_attempts``).

    An attempt is counted before its password is checked, in one atomic upsert per key that
    returns the new count, so a hundred guesses sent at once still get only ``max_attempts``
    password checks, whichever worker they reach. A successful login clears its keys.
    """

    def __init__(
        self,
        max_attempts: int = 5,
        window: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.max_attempts, self.window, self.clock = max_attempts, window, clock

    def attempt(self, db: Session, *keys: str) -> int:
        """Count one attempt on every key and commit; the seconds to wait when any key is over
        the limit (the password must then not be checked), else 0."""
        now = self.clock()
        cutoff = now - self.window
        row = LoginAttemptRow
        insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
        waits = []
        for key in keys:
            fresh = row.window_start <= cutoff
            statement = (
                insert(row)
                .values(key=key[:300], window_start=now, attempts=1)
                .on_conflict_do_update(
                    index_elements=[row.key],
                    set_={
                        "attempts": case((fresh, 1), else_=row.attempts + 1),
                        "window_start": case((fresh, now), else_=row.window_start),
                    },
                )
                .returning(row.attempts, row.window_start)
            )
            attempts, started = db.execute(statement).one()
            if attempts > self.max_attempts:
                waits.append(started + self.window - now)
        db.execute(delete(LoginAttemptRow).where(LoginAttemptRow.window_start <= cutoff))
        db.commit()
        return int(max(waits)) + 1 if waits else 0

    def succeeded(self, db: Session, *keys: str) -> None:
        db.execute(delete(LoginAttemptRow).where(LoginAttemptRow.key.in_([k[:300] for k in keys])))
        db.commit()


@dataclass(frozen=True)
class Principal:
    user: User
    via_cookie: bool
    csrf: str | None = None


class Sessions:
    """Signs the session cookie, which holds the key of a session stored in the database."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="harmwatch-session")

    def issue(self, db: Session, user: User) -> tuple[str, str]:
        """Start a session for ``user``: (the cookie, its CSRF token). The caller commits."""
        key, csrf = start_session(db, user.name)
        return self._serializer.dumps({"s": key}), csrf

    def key(self, cookie: str) -> str | None:
        """The session key in a cookie this app signed; None for any other cookie."""
        try:
            data = self._serializer.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("s"), str):
            return None
        return str(data["s"])

    def read(self, db: Session, cookie: str) -> tuple[User, str] | None:
        """The user and CSRF token of a live session; None when logged out or expired."""
        key = self.key(cookie)
        return session_user(db, key) if key else None


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
        found = request.app.state.sessions.read(db, cookie)
        if found is not None:
            return Principal(found[0], via_cookie=True, csrf=found[1])
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
