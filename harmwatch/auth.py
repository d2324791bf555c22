"""Users, roles, password hashes and API tokens (the library under `harmwatch user` and the API).

Passwords are hashed with argon2id; a bearer token is shown once at creation and stored only as
its SHA-256 (a token is 32 random bytes, so a fast hash is enough and lets us look it up by hash).
Roles are ordered: viewer < analyst < admin.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.errors import AuthError, NotFound
from harmwatch.store.schema import UserRow

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}
MIN_PASSWORD = 8

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


def add_user(session: Session, name: str, role: str, password: str) -> NewUser:
    """Create a user and a fresh API token; raises AuthError if the name is taken or weak input."""
    role = check_role(role)
    name = name.strip()
    if not name or len(name) > 100:
        raise AuthError("a user name must be 1 to 100 characters")
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"the password is too short (use at least {MIN_PASSWORD} characters)")
    if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
        raise AuthError(f"user {name!r} already exists (pick another name)")
    token = secrets.token_urlsafe(32)
    session.add(
        UserRow(
            name=name, role=role, password_hash=_hasher.hash(password), token_hash=hash_token(token)
        )
    )
    session.flush()
    return NewUser(User(name, role), token)


def new_token(session: Session, name: str) -> str:
    """Replace a user's API token (the old one stops working); returns the new one."""
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound(f"no user named {name!r} (see `harmwatch user list`)")
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_token(token)
    session.flush()
    return token


def list_users(session: Session) -> list[User]:
    rows = session.scalars(select(UserRow).order_by(UserRow.name))
    return [User(r.name, check_role(r.role)) for r in rows]


def authenticate(session: Session, name: str, password: str) -> User:
    """The user with this name and password; AuthError (the same message either way) if not."""
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    try:
        _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        row = None
    if row is None:
        raise AuthError("wrong user name or password")
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return User(row.name, check_role(row.role))


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    row = session.scalar(select(UserRow).where(UserRow.token_hash == hash_token(token)))
    return User(row.name, check_role(row.role)) if row else None


def get_user(session: Session, name: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    return User(row.name, check_role(row.role)) if row else None
