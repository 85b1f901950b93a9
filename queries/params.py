"""Query parameters written as ``key=value``: the one parser, typed by a named query's declaration.

A named query declares each parameter with its type in its header (``// params: task:text (task label);
action:int (action number)``), so ``task=25`` is the label "25" and ``action=7`` the number 7 on every engine;
guessing the type from the value made the embedded store fail on a text label and Neo4j answer nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.errors import QueryError


def _int(value: str) -> int:
    if not re.fullmatch(r"[+-]?\d{1,18}", value):
        raise ValueError("a whole number such as 7")
    return int(value)


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError("a date written yyyy-mm-dd such as 2024-06-30") from None


def _text(value: str) -> str:
    return value


TYPES = {"int": _int, "text": _text, "date": _date}
_DECLARATION = re.compile(r"^([A-Za-z_]\w*)\s*:\s*(\w+)\s*(?:\((.*)\))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # a key of TYPES
    help: str = ""

    def __str__(self) -> str:
        return f"{self.name}:{self.type}" + (f" ({self.help})" if self.help else "")

    def convert(self, value: str) -> object:
        try:
            return TYPES[self.type](_unquote(value.strip()))
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}={value!r}: expected {exc}") from None


def declare(text: str, where: str) -> Param:
    """``name:type (help)`` from a query header; ``where`` names the file for the error."""
    m = _DECLARATION.match(text.strip())
    if not m or m.group(2) not in TYPES:
        raise ValueError(f"{where}: parameter {text.strip()!r}: write name:type (help), type one of "
                         f"{', '.join(TYPES)}")
    return Param(m.group(1), m.group(2), (m.group(3) or "").strip())


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def split_pair(pair: str) -> tuple[str, str]:
    key, sep, value = pair.partition("=")
    if not sep or not key.strip():
        raise QueryError(f"parameter {pair.strip()!r}: write key=value")
    return key.strip(), value.strip()


def parse_params(pairs: list[str], declared: tuple[Param, ...] | None = None) -> dict:
    """``key=value`` strings → parameter values. With a declaration each value gets its declared type and an
    undeclared key is an error; without one (ad-hoc Cypher) a whole number is an int, anything else text."""
    out: dict = {}
    by_name = {p.name: p for p in declared} if declared is not None else None
    for pair in pairs:
        key, value = split_pair(pair)
        if by_name is None:
            plain = _unquote(value)
            out[key] = int(plain) if plain == value and re.fullmatch(r"[+-]?\d{1,18}", value) else plain
        elif key in by_name:
            out[key] = by_name[key].convert(value)
        else:
            known = ", ".join(by_name) or "none"
            raise QueryError(f"unknown parameter {key!r}; this query takes: {known}")
    return out
