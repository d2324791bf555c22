"""Users, roles, password hashes and API tokens (the library under `harmwatch user` and the API).

Passwords are hashed with argon2id; a bearer token is shown once at creation and stored only as
its SHA-256 (a token is 32 random bytes, so a fast hash is enough and lets us look it up by hash).
Roles are ordered: viewer < analyst < admin.

Web app logins are rows of ``user_sessions`` (the cookie holds a random key, the table its
SHA-256): `end_session` (logout), `set_password` and `disable_user` delete them, so an old cookie
stops working at once in every worker. Every change to a user or a token writes an
``audit_log`` row (entity "user") in the caller's transaction; ``by`` says who made it.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from harmwatch.errors import AuthError, NotFound
from harmwatch.store.review import audit
from harmwatch.store.schema import UserRow, UserSessionRow

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}
MIN_PASSWORD = 8
SESSION_SECONDS = 12 * 3600

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as much as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    def can(self, role: Role) -> bool:
        """True when this user's role is at least ``role``."""
        return _RANK[self.role] >= _RANK[role]


@dataclass(frozen=True)
class NewUser:
    user: User
    token: str  # shown once, never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_role(role: str) -> Role:
    if role not in _RANK:
        raise AuthError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
    return role  # type: ignore[return-value]


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"the password is too short (use at least {MIN_PASSWORD} characters)")


def add_user(
    session: Session, name: str, role: str, password: str, *, by: str = "system"
) -> NewUser:
    """Create a user and a fresh API token; raises AuthError if the name is taken or weak input."""
    role = check_role(role)
    name = name.strip()
    if not name or len(name) > 100:
        raise AuthError("a user name must be 1 to 100 characters")
    _check_password(password)
    if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
        raise AuthError(f"user {name!r} already exists (pick another name)")
    token = secrets.token_urlsafe(32)
    session.add(
        UserRow(
            name=name, role=role, password_hash=_hasher.hash(password), token_hash=hash_token(token)
        )
    )
    session.flush()
    audit(session, by, "create", "user", name, None, {"role": role, "token": "issued"})
    return NewUser(User(name, role), token)


def _row(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound(f"no user named {name!r} (see `harmwatch user list`)")
    return row


def new_token(session: Session, name: str, *, by: str = "system") -> str:
    """Replace a user's API token (the old one stops working); returns the new one."""
    row = _row(session, name)
    token = secrets.token_urlsafe(32)
    before = {"token": "set" if row.token_hash else "none"}
    row.token_hash = hash_token(token)
    session.flush()
    audit(session, by, "new-token", "user", name, before, {"token": "replaced"})
    return token


def revoke_token(session: Session, name: str, *, by: str = "system") -> bool:
    """Take a user's API token away (no new one); False when it had none."""
    row = _row(session, name)
    if row.token_hash is None:
        return False
    row.token_hash = None
    session.flush()
    audit(session, by, "revoke-token", "user", name, {"token": "set"}, {"token": "none"})
    return True


def end_sessions(session: Session, user_id: int) -> int:
    """Log a user out everywhere; the number of sessions ended."""
    result = session.execute(delete(UserSessionRow).where(UserSessionRow.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def set_password(session: Session, name: str, password: str, *, by: str = "system") -> int:
    """Change a user's password and end every session of theirs; the number ended."""
    _check_password(password)
    row = _row(session, name)
    row.password_hash = _hasher.hash(password)
    ended = end_sessions(session, row.id)
    session.flush()
    audit(session, by, "password", "user", name, None, {"sessions_ended": ended})
    return ended


def set_disabled(session: Session, name: str, disabled: bool, *, by: str = "system") -> bool:
    """Disable a user (no login; token and sessions stop working) or enable it again; False
    when it already was."""
    row = _row(session, name)
    if bool(row.disabled) == disabled:
        return False
    row.disabled = disabled
    ended = end_sessions(session, row.id) if disabled else 0
    session.flush()
    after: dict[str, object] = {"disabled": disabled}
    if disabled:
        after["sessions_ended"] = ended
    action = "disable" if disabled else "enable"
    audit(session, by, action, "user", name, {"disabled": not disabled}, after)
    return True


def list_users(session: Session, *, with_disabled: bool = True) -> list[User]:
    query = select(UserRow).order_by(UserRow.name)
    if not with_disabled:
        query = query.where(UserRow.disabled.is_(False))
    return [User(r.name, check_role(r.role)) for r in session.scalars(query)]


def disabled_names(session: Session) -> set[str]:
    return set(session.scalars(select(UserRow.name).where(UserRow.disabled.is_(True))))


def authenticate(session: Session, name: str, password: str) -> User:
    """The user with this name and password; AuthError (the same message either way) if not."""
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    try:
        _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        row = None
    if row is None:
        raise AuthError("wrong user name or password")
    if row.disabled:
        raise AuthError(f"user {name!r} is disabled (ask an admin: `harmwatch user enable`)")
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return User(row.name, check_role(row.role))


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    row = session.scalar(
        select(UserRow).where(UserRow.token_hash == hash_token(token), UserRow.disabled.is_(False))
    )
    return User(row.name, check_role(row.role)) if row else None


def get_user(session: Session, name: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    return User(row.name, check_role(row.role)) if row else None


def start_session(session: Session, name: str) -> tuple[str, str]:
    """A new login for user ``name``: (the key for its cookie, its CSRF token). Sessions past
    their time are swept out here."""
    row = _row(session, name)
    now = time.time()
    session.execute(delete(UserSessionRow).where(UserSessionRow.expires < now))
    key, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    session.add(
        UserSessionRow(
            key_hash=hash_token(key), user_id=row.id, csrf=csrf, expires=now + SESSION_SECONDS
        )
    )
    session.flush()
    return key, csrf


def session_user(session: Session, key: str) -> tuple[User, str] | None:
    """The user of a live session and its CSRF token; None when it ended, expired or the user
    is disabled."""
    found = session.execute(
        select(UserRow.name, UserRow.role, UserSessionRow.csrf)
        .join(UserSessionRow, UserSessionRow.user_id == UserRow.id)
        .where(
            UserSessionRow.key_hash == hash_token(key),
            UserSessionRow.expires > time.time(),
            UserRow.disabled.is_(False),
        )
    ).first()
    return (User(found.name, check_role(found.role)), found.csrf) if found else None


def end_session(session: Session, key: str) -> None:
    """Log out one session (nothing happens for an unknown key)."""
    session.execute(delete(UserSessionRow).where(UserSessionRow.key_hash == hash_token(key)))
