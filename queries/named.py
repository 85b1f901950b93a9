"""Named queries: data files in this folder, loaded by name; an unknown name is an error listing the valid ones.

Each ``*.cypher`` file starts with comment lines::

    // answers: which assignments a unit leads, with deadlines
    // params: unit:text (canonical unit name)
    // example: unit=市工业和信息化局

and is written in the Cypher both LadybugDB and Neo4j run (no type(r), no APOC, months as integers). Each
parameter is declared ``name:type`` (types in ``queries/params.py``); values given as ``k=v`` get that type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.errors import UnknownNameError

from .params import Param, declare, parse_params

HERE = Path(__file__).parent
_HEADER = re.compile(r"^//\s*(answers|params|example)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    answers: str
    declared: tuple[Param, ...]
    example: dict  # parameter values that make a useful demo on the sample
    text: str
    language: str  # cypher or sparql

    @property
    def params(self) -> tuple[str, ...]:
        """As written for people: "unit:text (canonical unit name)"."""
        return tuple(str(p) for p in self.declared)

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.declared)

    def parameters(self, pairs: list[str]) -> dict:
        """``k=v`` strings typed by the declaration, over the example's values; an unknown key is an error."""
        return {**self.example, **parse_params(pairs, self.declared)}


def _parse(path: Path) -> NamedQuery:
    answers, declared, example, body = "", (), [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line.strip()) or _HEADER.match(line.strip().replace("#", "//", 1))
        if m and not body:
            key, value = m.groups()
            if key == "answers":
                answers = value
            elif key == "params":
                declared = tuple(declare(p, str(path)) for p in value.split(";") if p.strip() not in ("", "none"))
            else:
                example = [v for v in value.split(";") if v.strip()]
        elif line.strip() or body:
            body.append(line)
    if not answers:
        raise ValueError(f"{path}: first lines must say '// answers: …'")
    return NamedQuery(path.stem, answers, declared, parse_params(example, declared), "\n".join(body).strip(),
                      "sparql" if path.suffix == ".rq" else "cypher")


@cache
def all_queries(language: str = "cypher") -> dict[str, NamedQuery]:
    suffix = ".cypher" if language == "cypher" else ".rq"
    return {q.name: q for q in (_parse(p) for p in sorted(HERE.glob(f"*{suffix}")))}


def get(name: str, language: str = "cypher") -> NamedQuery:
    queries = all_queries(language)
    if name not in queries:
        raise UnknownNameError("named query", name, list(queries))
    return queries[name]


_PLACES_OF = ("MATCH (u:Unit) WHERE u.name = $unit AND u.place IS NOT NULL AND u.place <> '' "
              "RETURN DISTINCT u.full_name ORDER BY u.full_name")


_HELD = "MATCH (u:Unit) WHERE u.name = $unit OR u.full_name = $unit RETURN count(u)"


def with_unit_read(session, query: NamedQuery, params: dict) -> tuple[dict, str]:
    """A query's ``unit`` given by an alias or another form of its name (市发改委, 市发展和改革委员会) is read as
    the unit the store names (市发展改革委), as a question reads it, and the note says so; a name the store
    holds, or one nothing resolves, goes as it is. The queries compare names exactly, so an alias answered with
    no rows and no word."""
    unit = params.get("unit") if "unit" in query.param_names else None
    if not isinstance(unit, str) or not unit.strip() or session.query(_HELD, {"unit": unit})[1][0][0]:
        return params, ""
    from ingest.normalize import normalize_name

    from .ask import lexicon_for

    units = lexicon_for(session).units
    name = units.get(unit.strip()) or units.get(normalize_name(unit))
    if not name or name == unit:
        return params, ""
    return ({**params, "unit": name},
            f"“{unit}”按“{name}”查询。'{unit}' is read as {name}, the name the documents use.")


def several_places_note(session, query: NamedQuery, params: dict) -> str:
    """A note when a query's ``unit`` is a short name units of several places carry (市财政局 of 青岛市 and of
    广州市): the rows are those of each, grouped by the ``place`` column, and the full name picks one; "" else.
    Worded like the question parser's "which unit do you mean"."""
    unit = params.get("unit") if "unit" in query.param_names else None
    if not unit:
        return ""
    names = [row[0] for row in session.query(_PLACES_OF, {"unit": unit})[1]]
    if len(names) < 2:
        return ""
    return (f"“{unit}”可能是:{'、'.join(names)};结果按地方(place 列)分组,写全称只看其中一个。"
            f"'{unit}' could be: {', '.join(names)}; the rows of each are grouped by place (the place column); "
            "give the full name to see one.")


def with_task_read(query: NamedQuery, params: dict) -> tuple[dict, str, str]:
    """A query's ``task`` given as every page names it (保障措施.2, 重點任務.1): asked by its number, and the
    name whose rows ``with_task_names`` keeps, with a note saying so; else (params, "", ""). The queries compare
    the label as printed, so the name every answer prints found nothing, without a word."""
    from graph.task_label import typed

    value = params.get("task") if "task" in query.param_names else None
    if not isinstance(value, str):
        return params, "", ""
    name = typed(value)
    qualifier, dot, label = name.rpartition(".")
    if not dot or not label or not re.search(r"[\u4e00-\u9fff]", qualifier):
        return params, "", ""
    return ({**params, "task": label}, name,
            f"“{value}”按编号“{label}”查询,只列{name}的行。'{value}' is asked as task {label}, rows of {name} only.")


def with_task_names(session, columns: list[str], rows: list[list], only: str = "") -> list[list]:
    """A named query's ``task`` column as every page and answer names the task (graph/task_label.py's one rule):
    "保障措施.2" where numbers repeat in its document, never a bare "2" that is also 重点任务 2. Read from the
    row's assignment ``id`` or its ``task_id``; rows of a query without either are returned as they are. ``only``
    (``with_task_read``) keeps the rows of that one name."""
    from graph.build import task_of_assignment
    from graph.task_label import fits, task_names

    source = next((c for c in ("task_id", "id") if c in columns), None)
    if "task" not in columns or source is None or not rows:
        return rows
    at, of = columns.index("task"), columns.index(source)
    tasks = [(row[of] if source == "task_id" else task_of_assignment(row[of])) if row[of] else None for row in rows]
    names = task_names(session, {t.rsplit("/", 1)[0] for t in tasks if t})  # a task id is <document id>/t<n>
    named = [[*row[:at], names[t]["key"] if t in names else row[at], *row[at + 1:]] for row, t in zip(rows, tasks,
                                                                                                      strict=True)]
    return [row for row in named if fits(only, str(row[at]))] if only else named


def of_document(columns: list[str], rows: list[list], document: str | tuple[str, ...]) -> list[list] | None:
    """The rows of one document, or of each of several (a question naming two), read from each row's
    ``task_id`` or assignment ``id`` (both begin with the document's id); None when the rows name neither, so
    the caller says it could not keep to the document."""
    source = next((c for c in ("task_id", "id") if c in columns), None)
    if source is None:
        return None
    at, kept = columns.index(source), {document} if isinstance(document, str) else set(document)
    return [r for r in rows if str(r[at]).split("/", 1)[0] in kept]
