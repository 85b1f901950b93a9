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


def ran_too_long(timeout_s: float, by: str = "") -> QueryError:
    """A console query stopped at its time limit, on either engine (``by``: " by Neo4j")."""
    return QueryError(f"查询超过 {timeout_s:g} 秒,已停止;请缩小范围(WHERE、LIMIT)或放宽时限。The query ran longer "
                      f"than {timeout_s:g} s and was stopped{by}; narrow it (a WHERE, a LIMIT) or raise the time limit")


def used_too_much(limit: str) -> QueryError:
    """A console query stopped at its memory limit (``limit``: "1024 MB", "the Neo4j server's limit")."""
    return QueryError(f"查询所需内存超过 {limit},已停止;请缩小范围(WHERE、LIMIT、更小的 range)。The query used more "
                      f"memory than {limit} and was stopped; narrow it (a WHERE, a LIMIT, a smaller range)")


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
