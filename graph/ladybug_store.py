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
    """

    engine = "ladybug"

    def __init__(self, path: Path) -> None:
        if not Path(path).exists():
            raise StoreError(f"no graph at {path}; run 'policykg ingest FILE' first")
        self.path = Path(path)
        self._db = ladybug.Database(str(path), read_only=True, buffer_pool_size=BUFFER_POOL)
        self._conn = ladybug.Connection(self._db)
        self._lock = threading.Lock()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def query(self, cypher: str, params: dict | None = None) -> tuple[list[str], list[list]]:
        with self._lock:
            if self._closed:
                raise ClosedSessionError(f"the session on {self.path} was closed (the store was updated "
                                         "meanwhile); open the store again")
            try:
                result = self._conn.execute(cypher, params or {})
            except RuntimeError as exc:
                raise QueryError(_engine_message(str(exc))) from exc
            if isinstance(result, list):
                result = result[-1]
            return list(result.get_column_names()), _rows(result)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
                self._db.close()


def _rows(result) -> list[list]:
    """All rows as lists. The cyclic GC is paused while they are built: large answers allocate many small
    objects at once, and collections triggered in the middle cost more than building the rows."""
    with collector_paused():
        return [list(r) for r in result.get_all()]


def _engine_message(message: str) -> str:
    if "read only" in message.lower() or "read-only" in message.lower():
        return "the store is read-only here: write clauses (CREATE, MERGE, SET, DELETE) are refused"
    return message.splitlines()[0]
