"""LadybugDB, the embedded default store: DDL generated from the schema, bulk COPY, read-only query sessions.

The database is rebuilt from the documents into a fresh file and swapped in atomically, so a reader never sees
a half-written graph and loading is idempotent by construction.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import ladybug
import pandas as pd

from ingest.errors import ClosedSessionError, QueryError, StoreError
from ingest.pipeline import collector_paused

from . import schema
from .build import PropertyGraph

BUFFER_POOL = 256 * 1024 * 1024
CONSOLE_SLOTS = 2  # console queries at once per session, one worker thread each; one more worker stays free


def ddl() -> list[str]:
    """CREATE statements for every node and relationship type in the schema."""
    out = []
    for n in schema.NODES:
        cols = ", ".join(f"{p.name} {p.type}" for p in n.props)
        out.append(f"CREATE NODE TABLE {n.label}({cols}, PRIMARY KEY (id))")
    for r in schema.RELS:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in r.pairs)
        cols = "".join(f", {p.name} {p.type}" for p in r.props)
        out.append(f"CREATE REL TABLE {r.type}({pairs}{cols})")
    return out


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)).astype(object).where(pd.notna, None) if rows else \
        pd.DataFrame(columns=list(columns))


def _copy_nodes(conn, graph: PropertyGraph) -> None:
    for n in schema.NODES:
        rows = graph.rows(n.label)
        if rows:
            df = _frame(rows, n.prop_names)  # noqa: F841  (read by name by COPY)
            conn.execute(f"COPY {n.label} FROM df")


def _copy_rels(conn, graph: PropertyGraph) -> None:
    for r in schema.RELS:
        prop_names = tuple(p.name for p in r.props)
        for src, dst in r.pairs:
            rows = [{"from": rel.src, "to": rel.dst, **{k: rel.props.get(k) for k in prop_names}}
                    for rel in graph.rel_rows(r.type) if rel.src_label == src and rel.dst_label == dst]
            if not rows:
                continue
            df = _frame(rows, ("from", "to", *prop_names))  # noqa: F841
            options = f' (from="{src}", to="{dst}")' if len(r.pairs) > 1 else ""
            conn.execute(f"COPY {r.type} FROM df{options}")


def write_ladybug(graph: PropertyGraph, path: Path) -> None:
    """Build the database in a new file next to ``path`` and move it into place."""
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    _remove(tmp)
    db = ladybug.Database(str(tmp), buffer_pool_size=BUFFER_POOL)
    try:
        conn = ladybug.Connection(db)
        for statement in ddl():
            conn.execute(statement)
        _copy_nodes(conn, graph)
        _copy_rels(conn, graph)
        conn.close()
    finally:
        db.close()
    _remove(path)
    os.replace(tmp, path)
    if Path(str(tmp) + ".wal").exists():
        os.replace(str(tmp) + ".wal", str(path) + ".wal")


def _remove(path: Path) -> None:
    for p in (Path(path), Path(str(path) + ".wal")):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


class LadybugGraph:
    """A read-only session on the embedded store: the engine refuses writes, not just our checks.

    One session may serve several threads (the app's browser tabs): queries take turns on its connection, and
    ``close`` waits for the query in flight, so a tab that uploads a document and reopens the store never
    closes the database under another tab's query; that tab gets ``ClosedSessionError`` on its next query.

    Console queries (``console``) run on a connection of their own with a timeout and one worker thread, at
    most ``CONSOLE_SLOTS`` at once, and the database has a worker more than that, so runaway console queries
    leave a worker to everyone else's queries.
    """

    engine = "ladybug"

    def __init__(self, path: Path) -> None:
        if not Path(path).exists():
            raise StoreError(f"no graph at {path}; run 'policykg ingest FILE' first")
        self.path = Path(path)
        workers = max(CONSOLE_SLOTS + 1, os.cpu_count() or 1)
        self._db = ladybug.Database(str(path), read_only=True, buffer_pool_size=BUFFER_POOL,
                                    max_num_threads=workers)
        self._conn = ladybug.Connection(self._db)
        self._lock = threading.Lock()
        self._closed = False
        self._slots = threading.BoundedSemaphore(CONSOLE_SLOTS)
        self._idle = threading.Condition()
        self._consoles = 0  # console queries in flight; close waits for them

    @property
    def closed(self) -> bool:
        return self._closed

    def _closed_error(self) -> ClosedSessionError:
        return ClosedSessionError(f"the session on {self.path} was closed (the store was updated meanwhile); "
                                  "open the store again")

    def query(self, cypher: str, params: dict | None = None) -> tuple[list[str], list[list]]:
        with self._lock:
            if self._closed:
                raise self._closed_error()
            try:
                result = self._conn.execute(cypher, params or {})
            except RuntimeError as exc:
                raise QueryError(_engine_message(str(exc))) from exc
            if isinstance(result, list):
                result = result[-1]
            return list(result.get_column_names()), _rows(result)

    def console(self, cypher: str, params: dict | None, *, timeout_s: float,
                max_rows: int) -> tuple[list[str], list[list], bool]:
        """Run one console query within ``timeout_s``; its first ``max_rows`` rows and whether more exist."""
        if not self._slots.acquire(timeout=timeout_s):
            raise QueryError(f"the console is busy with {CONSOLE_SLOTS} other queries for longer than "
                             f"{timeout_s:g} s; retry in a moment")
        try:
            with self._idle:
                if self._closed:
                    raise self._closed_error()
                self._consoles += 1
            try:
                return _console_rows(self._db, cypher, params or {}, timeout_s, max_rows)
            finally:
                with self._idle:
                    self._consoles -= 1
                    self._idle.notify_all()
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            with self._idle:
                if self._closed:
                    return
                self._closed = True
                self._idle.wait_for(lambda: self._consoles == 0)
            self._conn.close()
            self._db.close()


def _console_rows(db, cypher: str, params: dict, timeout_s: float, max_rows: int):
    conn = ladybug.Connection(db, num_threads=1)
    try:
        conn.set_query_timeout(max(1, int(timeout_s * 1000)))
        try:
            result = conn.execute(cypher, params)
        except RuntimeError as exc:
            raise QueryError(_engine_message(str(exc), timeout_s)) from exc
        if isinstance(result, list):
            raise QueryError("refused: several statements in one input are not allowed")
        rows = []
        with collector_paused():
            while len(rows) <= max_rows and result.has_next():
                rows.append(list(result.get_next()))
        columns = list(result.get_column_names())
        result.close()
        return columns, rows[:max_rows], len(rows) > max_rows
    finally:
        conn.close()


def _rows(result) -> list[list]:
    """All rows as lists. The cyclic GC is paused while they are built: large answers allocate many small
    objects at once, and collections triggered in the middle cost more than building the rows."""
    with collector_paused():
        return [list(r) for r in result.get_all()]


def _engine_message(message: str, timeout_s: float | None = None) -> str:
    if timeout_s is not None and message.strip().startswith("Interrupted"):
        return (f"the query ran longer than {timeout_s:g} s and was stopped; narrow it (a WHERE, a LIMIT) or "
                "raise the time limit")
    if "read only" in message.lower() or "read-only" in message.lower():
        return "the store is read-only here: write clauses (CREATE, MERGE, SET, DELETE) are refused"
    return message.splitlines()[0]
