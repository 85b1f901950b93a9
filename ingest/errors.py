"""The one exceptions module. Every layer raises these; the CLI and the app each turn them into one message."""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class: the message says what went wrong and what to do."""


class InputError(PolicyKGError):
    """A source file that cannot be read: missing, empty, binary, unknown kind, undecodable."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ParseError(PolicyKGError):
    """Raised in strict mode when parsing left warnings."""


class StoreError(PolicyKGError):
    """The store is missing, locked, or was written by an incompatible version."""


class ClosedSessionError(StoreError):
    """A query on a session that was closed, typically because the store was rebuilt and reopened meanwhile."""


class QueryError(PolicyKGError):
    """A query is refused (writes on a read-only console) or failed on the engine."""


class UnknownNameError(PolicyKGError, KeyError):
    """An unknown registry name (export format, named query); the message lists the valid ones."""

    def __init__(self, what: str, name: str, valid: list[str]) -> None:
        super().__init__(f"unknown {what} {name!r}; valid: {', '.join(sorted(valid))}")
        self.name = name
        self.valid = valid

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class StoreBusyError(StoreError):
    """Another process is writing to the store; retry when it has finished."""
