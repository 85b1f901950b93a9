"""Named queries: data files in this folder, loaded by name; an unknown name is an error listing the valid ones.

Each ``*.cypher`` file starts with comment lines::

    // answers: which assignments a unit leads, with deadlines
    // params: unit (canonical unit name)

and is written in the Cypher both LadybugDB and Neo4j run (no type(r), no APOC, months as integers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.errors import UnknownNameError

HERE = Path(__file__).parent
_HEADER = re.compile(r"^//\s*(answers|params|example)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    answers: str
    params: tuple[str, ...]  # "unit (canonical unit name)"
    example: dict  # parameter values that make a useful demo on the sample
    text: str
    language: str  # cypher or sparql

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.split()[0] for p in self.params)


def _parse(path: Path) -> NamedQuery:
    answers, params, example, body = "", (), {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line.strip()) or _HEADER.match(line.strip().replace("#", "//", 1))
        if m and not body:
            key, value = m.groups()
            if key == "answers":
                answers = value
            elif key == "params":
                params = tuple(p.strip() for p in value.split(";") if p.strip() and p.strip() != "none")
            else:
                example = dict(_example(v) for v in value.split(";") if "=" in v)
        elif line.strip() or body:
            body.append(line)
    if not answers:
        raise ValueError(f"{path}: first lines must say '// answers: …'")
    return NamedQuery(path.stem, answers, params, example, "\n".join(body).strip(),
                      "sparql" if path.suffix == ".rq" else "cypher")


def _example(pair: str) -> tuple[str, object]:
    """k=v; a number becomes an int unless quoted (task="25" is a label, not a number)."""
    key, _, value = pair.strip().partition("=")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return key.strip(), value[1:-1]
    return key.strip(), int(value) if value.lstrip("-").isdigit() else value


@cache
def all_queries(language: str = "cypher") -> dict[str, NamedQuery]:
    suffix = ".cypher" if language == "cypher" else ".rq"
    return {q.name: q for q in (_parse(p) for p in sorted(HERE.glob(f"*{suffix}")))}


def get(name: str, language: str = "cypher") -> NamedQuery:
    queries = all_queries(language)
    if name not in queries:
        raise UnknownNameError("named query", name, list(queries))
    return queries[name]
