"""Every error harmwatch raises on purpose, each message saying what went wrong and what to do.

HarmwatchError
├── InputError              bad input: a file, a line, a URL
│   ├── UnreadableInput     not text, bad encoding, empty, too large
│   ├── MalformedRecord     a JSONL/CSV line that does not parse or lacks a field
│   └── FetchError          a URL that could not or may not be fetched
│       └── BlockedAddress  a private, loopback or link-local address
├── GazetteerError          a gazetteer file that cannot be loaded
├── StoreError              the database refused or is not migrated
│   ├── NotFound            no such incident/report/user
│   └── EditConflict        a save made on an older version of an incident (HTTP 409)
├── ResolveError            a merge or split that cannot be done
├── AuthError               bad credentials or missing role
└── UsageError              a parameter given a value it cannot take (a date that is not
                            YYYY-MM-DD, an unknown format, pandas missing for to_pandas)
"""

from __future__ import annotations


class HarmwatchError(Exception):
    """Base class. ``str(err)`` is a one-line message fit for the user."""


class InputError(HarmwatchError):
    def __init__(self, where: str, problem: str, fix: str = "") -> None:
        self.where, self.problem, self.fix = where, problem, fix
        msg = f"{where}: {problem}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class UnreadableInput(InputError):
    pass


class MalformedRecord(InputError):
    pass


class FetchError(InputError):
    pass


class BlockedAddress(FetchError):
    pass


class GazetteerError(HarmwatchError):
    pass


class StoreError(HarmwatchError):
    pass


class NotFound(StoreError):
    pass


class EditConflict(StoreError):
    """Another analyst changed the incident since this one opened it: ``changes`` lists what
    (audit entries as dicts), ``version`` is the incident's version now."""

    def __init__(self, message: str, changes: list[dict[str, object]], version: int) -> None:
        super().__init__(message)
        self.changes, self.version = changes, version


class ResolveError(HarmwatchError):
    pass


class AuthError(HarmwatchError):
    pass


class UsageError(HarmwatchError):
    """``str(err)`` names the parameter first, e.g. ``since: 'March' is not a date: use
    YYYY-MM-DD``; the CLI shows the same text as its usage error (exit code 2)."""

    def __init__(self, param: str, problem: str) -> None:
        self.param, self.problem = param, problem
        super().__init__(f"{param}: {problem}")
