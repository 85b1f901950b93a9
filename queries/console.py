"""The Cypher console: an allow-list in front of both engines, and the limits every console query runs under.

The engines' read-only modes stay underneath (LadybugDB opened read-only, Neo4j sessions in READ access mode),
but read-only is not enough: LadybugDB reads any file with ``LOAD FROM``, writes one with ``COPY … TO``, loads
native code with ``INSTALL``/``LOAD EXTENSION``, bricks the store with ``CHECKPOINT`` and changes a shared
connection with ``CALL timeout=…``; Neo4j reads files with ``LOAD CSV`` in READ mode. So a query is lexed
(comments dropped, string literals and `quoted names` kept opaque) and must be a reading query: it starts with
MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL of a schema-listing procedure, and no clause that does
anything else appears anywhere in it. A word inside a string (``CONTAINS 'CREATE'``) is data, not a clause.

On LadybugDB the row cap is also written into the query (``LIMIT cap + 1`` on every RETURN), so the engine stops
early instead of building every row; Neo4j streams, so its rows are read one by one up to the cap. The time and
memory limits are the engines' to hold: LadybugDB runs a console query in a worker process with a memory limit,
killed at the deadline (``graph/console_worker.py``); Neo4j gets a transaction timeout and its server's memory
settings. What is checked here is the text: what it may do, and that a variable-length path has an upper bound.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ingest.errors import QueryError

DEFAULT_TIMEOUT_S = 10.0  # one console query; the CLI's --timeout and the app use this unless told otherwise
DEFAULT_MAX_ROWS = 1000  # rows shown; --max-rows in the CLI

STARTS = ("MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL")
ALLOWED_TEXT = ("MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP, LIMIT, UNION "
                "and CALL of a schema procedure")
# Clauses that do something other than read the graph, in either dialect, with the name the refusal gives.
REFUSED = {
    "LOAD": "LOAD (FROM, CSV, EXTENSION)", "COPY": "COPY", "INSTALL": "INSTALL", "UNINSTALL": "UNINSTALL",
    "ATTACH": "ATTACH", "DETACH": "DETACH", "USE": "USE", "EXPORT": "EXPORT", "IMPORT": "IMPORT",
    "CREATE": "CREATE", "MERGE": "MERGE", "SET": "SET", "DELETE": "DELETE", "REMOVE": "REMOVE", "DROP": "DROP",
    "ALTER": "ALTER", "INSERT": "INSERT", "FOREACH": "FOREACH", "CHECKPOINT": "CHECKPOINT",
    "BEGIN": "BEGIN (transactions)", "COMMIT": "COMMIT (transactions)", "ROLLBACK": "ROLLBACK (transactions)",
    "TRANSACTION": "TRANSACTION", "TRANSACTIONS": "TRANSACTIONS", "SHOW": "SHOW", "TERMINATE": "TERMINATE",
    "GRANT": "GRANT", "REVOKE": "REVOKE", "DENY": "DENY", "EXPLAIN": "EXPLAIN", "PROFILE": "PROFILE",
}
# Schema listings, the only procedures the console calls (compared case-insensitively).
READ_PROCEDURES = {
    "ladybug": ("show_tables", "table_info", "show_connection"),
    "neo4j": ("db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
              "db.schema.nodeTypeProperties", "db.schema.relTypeProperties"),
}
# Namespaced functions allowed in expressions (Neo4j's temporal ones); any other (apoc.*, gds.*) is refused.
FUNCTION_NAMESPACES = ("date", "datetime", "localdatetime", "localtime", "time", "duration")

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>`(?:[^`]|``)*`)
  | (?P<param>\$(?:[^\W\d]\w*|\d+|`(?:[^`]|``)*`))
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<open>/\*|['"`])
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)
_UNCLOSED = {"/*": "a comment /* … */", "'": "a string '…'", '"': 'a string "…"', "`": "a quoted name `…`"}


@dataclass(frozen=True)
class Token:
    kind: str  # word, name, string, param, number, punct
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def ident(self) -> str:
        """A name as the engine reads it: a word, or a `quoted name` without its backticks."""
        return self.text[1:-1].replace("``", "`") if self.kind == "name" else self.text


@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS

    def __post_init__(self) -> None:
        if not self.timeout_s > 0:
            raise QueryError(f"the query timeout must be a positive number of seconds, not {self.timeout_s}")
        if self.max_rows < 1:
            raise QueryError(f"the row cap must be at least 1, not {self.max_rows}")


@dataclass(frozen=True)
class ConsoleResult:
    columns: list[str]
    rows: list[list]
    truncated: bool  # more rows existed than the cap
    max_rows: int

    @property
    def notice(self) -> str:
        return f"showing the first {self.max_rows} rows" if self.truncated else ""


def refuse(what: str) -> QueryError:
    return QueryError(f"refused: {what}; the console is read-only: it runs {ALLOWED_TEXT}")


def not_understood(what: str, example: bool = True) -> QueryError:
    """A slip in writing a query (an unclosed quote, a misspelt first word) is not a refusal: saying "the
    console is read-only" sent people looking for a permission they did not need."""
    return QueryError(f"not understood: {what}" + ("; a query reads like MATCH (u:Unit) RETURN u.name LIMIT 10"
                                                   if example else ""))


# Engine messages that have a plain reason in this project's dialect, and what to write instead.
_ENGINE_HINTS = (
    (re.compile(r"function TYPE does not exist", re.IGNORECASE),
     "LadybugDB names a relationship's type with label(r), not type(r)"),
    (re.compile(r"function LABELS does not exist", re.IGNORECASE),
     "LadybugDB names a node's table with label(n), not labels(n)"),
    (re.compile(r"Unknown function 'label'", re.IGNORECASE),
     "Neo4j names a relationship's type with type(r) and a node's labels with labels(n); r.role works on both"),
)


def with_hint(error: QueryError) -> QueryError:
    """The engine's own message, with this dialect's way round when there is one."""
    message = str(error)
    hint = next((h for pattern, h in _ENGINE_HINTS if pattern.search(message)), "")
    return QueryError(f"{message.rstrip('.')}; {hint}") if hint else error


def tokens(text: str) -> list[Token]:
    """The query's tokens without spaces and comments; an unclosed string or comment is refused."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            raise not_understood(f"{_UNCLOSED[m.group()]} is not closed")
        if kind not in ("space", "comment"):
            out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def check(text: str, engine: str) -> list[Token]:
    """The query's tokens if it only reads; else QueryError naming the first clause that does something else."""
    toks = _one_statement(tokens(text))
    for segment in _segments(toks):
        _check_start(segment)
    for i, tok in enumerate(toks):
        if tok.kind != "word" or (i and toks[i - 1].text == "."):
            continue  # a property name (n.set) is not a clause
        if tok.upper in REFUSED:
            raise refuse(f"{REFUSED[tok.upper]} is not allowed")
        if tok.upper == "CALL":
            _check_call(toks, i, engine)
        elif i and toks[i - 1].upper != "CALL":
            _check_function(toks, i)
    _check_path_lengths(toks)
    return toks


def _check_path_lengths(toks: list[Token]) -> None:
    """A variable-length relationship (``-[*]-``, ``-[r:T*2..]->``) must say how long it may be at most: Neo4j
    follows an open one as far as the graph goes. ``*N``, ``*M..N`` and ``*..N`` pass (LadybugDB's SHORTEST words
    between the star and the bounds too); the process limits stay the guarantee for a bounded one."""
    depth = 0  # inside a relationship's brackets when > 0
    for i, tok in enumerate(toks):
        if tok.kind != "punct":
            continue
        if tok.text == "[" and i and toks[i - 1].text == "-":
            depth += 1
        elif tok.text == "]" and depth:
            depth -= 1
        elif tok.text == "*" and depth and not _bounded(toks, i + 1):
            raise QueryError("refused: a variable-length relationship needs an upper bound, e.g. -[*1..5]-")


def _bounded(toks: list[Token], i: int) -> bool:
    while i < len(toks) and toks[i].kind == "word":  # SHORTEST, ALL SHORTEST, WSHORTEST(…)
        i += 1
        if i < len(toks) and toks[i].text == "(":
            while i < len(toks) and toks[i].text != ")":
                i += 1
            i += 1
    text = [t.text for t in toks[i:i + 4]]
    kinds = [t.kind for t in toks[i:i + 4]]
    if kinds[:1] == ["number"]:  # *N, or *M..N
        return text[1:3] != [".", "."] or kinds[3:4] == ["number"]
    return text[:2] == [".", "."] and kinds[2:3] == ["number"]  # *..N


def _one_statement(toks: list[Token]) -> list[Token]:
    while toks and toks[-1].text == ";":
        toks = toks[:-1]
    if not toks:
        raise QueryError("empty query: write a MATCH … RETURN …")
    if any(t.text == ";" for t in toks):
        raise refuse("several statements in one input are not allowed; run one query at a time")
    return toks


def _segments(toks: list[Token]) -> list[list[Token]]:
    """The parts of a UNION at the top level (outside brackets), without the UNION [ALL] words."""
    parts, current, depth, skip_all = [], [], 0, False
    for tok in toks:
        depth += tok.text in "([{" and tok.kind == "punct"
        depth -= tok.text in ")]}" and tok.kind == "punct"
        if depth == 0 and tok.upper == "UNION":
            parts.append(current)
            current, skip_all = [], True
            continue
        if skip_all and tok.upper == "ALL":
            skip_all = False
            continue
        skip_all = False
        current.append(tok)
    return [*parts, current]


def _check_start(segment: list[Token]) -> None:
    if not segment:
        raise not_understood("UNION needs a query on both sides")
    first = segment[0]
    if first.upper in REFUSED:
        raise refuse(f"{REFUSED[first.upper]} is not allowed")
    if first.upper not in STARTS:
        near = difflib.get_close_matches(first.upper, STARTS, n=1, cutoff=0.6)
        if near:
            raise not_understood(f"a query may not start with {first.text!r}: did you mean {near[0]}?", False)
        raise refuse(f"a query may not start with {first.text!r}")


def _dotted(toks: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at toks[i] (db.schema.visualization) and the index after it."""
    parts = [toks[i].ident]
    i += 1
    while i + 1 < len(toks) and toks[i].text == "." and toks[i + 1].kind in ("word", "name"):
        parts.append(toks[i + 1].ident)
        i += 2
    return ".".join(parts), i


def _check_call(toks: list[Token], i: int, engine: str) -> None:
    if i + 1 >= len(toks) or toks[i + 1].kind not in ("word", "name"):
        shown = toks[i + 1].text if i + 1 < len(toks) else ""
        raise refuse(f"CALL {shown}… is not allowed (only CALL of a schema procedure)")
    name, after = _dotted(toks, i + 1)
    if after < len(toks) and toks[after].text == "=":
        raise refuse(f"CALL {name}=… changes a setting and is not allowed")
    allowed = READ_PROCEDURES.get(engine, ())
    if name.lower() not in {p.lower() for p in allowed}:
        raise refuse(f"CALL {name} is not allowed; the console calls only {', '.join(allowed)}")


def _check_function(toks: list[Token], i: int) -> None:
    """A namespaced function call (apoc.text.join(…)) outside the temporal namespaces is refused."""
    name, after = _dotted(toks, i)
    namespace, dot, _ = name.partition(".")
    if dot and after < len(toks) and toks[after].text == "(" and namespace.lower() not in FUNCTION_NAMESPACES:
        raise refuse(f"function {name}() is not allowed")


def capped(text: str, toks: list[Token], limit: int, params: dict) -> str:
    """``text`` with every top-level RETURN limited to at most ``limit`` rows, so the engine stops early.

    A RETURN without LIMIT gets ``LIMIT limit``; a larger LIMIT (a number or an integer $parameter) is lowered.
    Each part of a UNION is limited on its own, as the engine reads a LIMIT after the last part."""
    edits: list[tuple[int, int, str]] = []
    for segment in _segments(toks):
        edit = _limit_edit(segment, limit, params)
        if edit:
            edits.append(edit)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _limit_edit(segment: list[Token], limit: int, params: dict) -> tuple[int, int, str] | None:
    depth, returned, limit_at = 0, False, None
    for j, tok in enumerate(segment):
        if tok.kind == "punct" and tok.text in "([{":
            depth += 1
        elif tok.kind == "punct" and tok.text in ")]}":
            depth -= 1
        elif depth == 0 and tok.upper == "RETURN":
            returned, limit_at = True, None
        elif depth == 0 and tok.upper == "LIMIT" and returned:
            limit_at = j
    if not returned:
        return None
    if limit_at is None:
        end = segment[-1].end
        return end, end, f" LIMIT {limit}"
    value = segment[limit_at + 1:]
    given = _limit_value(value, params)
    if given is None:
        raise not_understood("LIMIT takes a whole number or an integer $parameter here")
    return (value[0].start, value[-1].end, str(limit)) if given > limit else None


def _limit_value(value: list[Token], params: dict) -> int | None:
    if len(value) != 1:
        return None
    tok = value[0]
    if tok.kind == "number" and tok.text.isdigit():
        return int(tok.text)
    if tok.kind == "param":
        given = params.get(tok.text[1:].strip("`"))
        return given if isinstance(given, int) and not isinstance(given, bool) else None
    return None


def missing_params(toks: list[Token], params: dict) -> list[str]:
    """The $parameters a query uses that ``params`` does not give: the engines read them as null and answer
    with no rows and no word."""
    return sorted({t.text[1:].strip("`") for t in toks if t.kind == "param"} - set(params))


def run_console(session, text: str, params: dict | None = None, limits: Limits | None = None) -> ConsoleResult:
    """Check ``text`` against the allow-list and its parameters, then run it on ``session`` within the limits."""
    limits = limits or Limits()
    params = params or {}
    toks = check(text, session.engine)
    if missing := missing_params(toks, params):
        raise QueryError(f"missing parameter(s): {', '.join(missing)}; give each as key=value "
                         f"(--param {missing[0]}=… on the command line)")
    query = capped(text, toks, limits.max_rows + 1, params) if session.engine == "ladybug" else text
    try:
        columns, rows, more = session.console(query, params, timeout_s=limits.timeout_s, max_rows=limits.max_rows)
    except QueryError as exc:
        raise with_hint(exc) from exc
    return ConsoleResult(columns, rows, more, limits.max_rows)
