"""LadybugDB, the embedded default store: DDL generated from the schema, bulk COPY, read-only query sessions.

Writes never touch the graph readers have open: a full build writes a new file, a change (documents added or
removed) copies the current file and its write-ahead log, applies the change in one transaction, and moves the
result into place atomically (``os.replace``). A reader keeps the file it opened; a writer killed at any point
leaves the previous graph in place.

The graph is the file and its write-ahead log (``graph.lbug.wal``), which every reader replays when it opens the
file. A small change (one document added or removed) is written with logged statements and left in the log: the
engine's CHECKPOINT, which folds a change into the file, rewrites the adjacency of every unit and concept the
change names (most of the LEADS, RESPONSIBLE_FOR and CONCERNS rows: 1.75 s of a 2.6 s add at 10,000 documents),
and costs not much more for twenty documents than for one. The file stays byte for byte the graph's own, so only the
log is replaced. Once the log passes the ``graph_log`` setting, or the change is large (COPY, which the engine does
not log), the change folds the log into a new file, which replaces the graph; its log goes first, so a reader
opening in between sees the graph as it was before the logged changes, never half of one.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import ladybug
import msgspec

from ingest.errors import ClosedSessionError, QueryError, StoreError, ran_too_long, used_too_much
from ingest.resources import Resources, collector_paused
from ingest.settings import BUFFER_POOL
from ingest.settings import get as setting

from . import console_worker, incremental, schema
from .build import PropertyGraph
from .hooks import hook

CONSOLE_SLOTS = 2  # console queries at once per session, each in a worker process of its own


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


def writing_ready() -> None:
    """Import what a COPY is written with (Arrow, 0.1 s), ahead of the write: the query path never pays for it,
    and an ingest loads it while its workers parse rather than after."""
    import pyarrow.json  # noqa: F401
    import pyarrow.parquet  # noqa: F401


def _frame(rows: list[dict], props: tuple[schema.Prop, ...], ends: tuple[str, ...] = ()):
    """An Arrow table of ``rows`` typed by the schema (``ends``: the from/to id columns of a relationship).

    The rows go to Arrow as JSON lines (msgspec) read by Arrow's JSON reader, in C++: building Arrow arrays
    from Python lists costs twice as much, and the first such call imports pandas (half a second). Dates
    travel as ISO text and are cast."""
    import pyarrow as pa  # write side only: the query path does not pay for Arrow
    import pyarrow.json as pa_json

    fields = [pa.field(name, pa.string()) for name in ends] + [pa.field(p.name, _arrow_type(pa, p.type)) for p in props]
    as_read = pa.schema([pa.field(f.name, pa.string()) if f.type == pa.date32() else f for f in fields])
    data = _LINES.encode_lines(rows)
    table = pa_json.read_json(pa.BufferReader(data), read_options=pa_json.ReadOptions(block_size=len(data) + 1),
                              parse_options=pa_json.ParseOptions(explicit_schema=as_read,
                                                                 unexpected_field_behavior="ignore"))
    for index, f in enumerate(fields):
        if f.type == pa.date32():
            table = table.set_column(index, f, table.column(index).cast(pa.date32()))
    return table


_LINES = msgspec.json.Encoder()


def _arrow_type(pa, name: str):
    return {schema.STRING: pa.string(), schema.INT: pa.int64(), schema.FLOAT: pa.float64(), schema.BOOL: pa.bool_(),
            schema.DATE: pa.date32(), schema.STRINGS: pa.list_(pa.string())}[name]


def _copy(conn, table: str, frame, options: str = "") -> None:
    """COPY an Arrow table into ``table`` through a Parquet file: when the engine scans a Python object by name
    it first imports pandas to see whether it is a data frame (a third of a second on every write)."""
    import pyarrow.parquet as parquet

    with tempfile.TemporaryDirectory(prefix="policykg-copy-") as folder:
        file = str(Path(folder) / "rows.parquet")
        if "'" in file or "\\" in file:  # cannot be quoted in the statement: the engine scans the object
            arrow = frame  # noqa: F841  (read by name by COPY)
            conn.execute(f"COPY {table} FROM arrow{options}")
            return
        parquet.write_table(frame, file, compression="none")
        conn.execute(f"COPY {table} FROM '{file}'{options}")


def _node_batches(graph: PropertyGraph, labels: tuple[str, ...] | None):
    """(node type, its rows) for each label of ``labels`` (every label: None) that has rows: what a write writes."""
    for n in schema.NODES:
        if (labels is None or n.label in labels) and (rows := graph.rows(n.label)):
            yield n, rows


def _rel_batches(graph: PropertyGraph, types: tuple[str, ...] | None):
    """(relationship type, source label, target label, its relationships) for each pair of a type of ``types``
    (every type: None) that has some; a table of several pairs is written one pair at a time."""
    by_type = graph.rels_by_type()
    for r in schema.RELS:
        if types is not None and r.type not in types:
            continue
        for src, dst in r.pairs:
            if rels := [rel for rel in by_type[r.type] if rel.src_label == src and rel.dst_label == dst]:
                yield r, src, dst, rels


def _copy_nodes(conn, graph: PropertyGraph, labels: tuple[str, ...] | None = None) -> None:
    for n, rows in _node_batches(graph, labels):
        _copy(conn, n.label, _frame(rows, n.props))


def _copy_rels(conn, graph: PropertyGraph, types: tuple[str, ...] | None = None) -> None:
    for r, src, dst, rels in _rel_batches(graph, types):
        rows = [{"from": rel.src, "to": rel.dst, **rel.props} for rel in rels]
        options = f' (from="{src}", to="{dst}")' if len(r.pairs) > 1 else ""
        _copy(conn, r.type, _frame(rows, r.props, ("from", "to")), options)


def write_ladybug(graph: PropertyGraph, path: Path) -> None:
    """Build the database in a new file next to ``path`` and move it into place."""
    path = Path(path)
    tmp = _building(path)
    _remove(tmp)
    with _open_rw(tmp) as conn:
        for statement in ddl():
            conn.execute(statement)
        # Each COPY commits on its own: one transaction for all of them saved a fifth of the write's time but
        # held every table in memory until the commit (+190 MB at 200 documents, growing with a rebuild).
        _copy_nodes(conn, graph)
        _copy_rels(conn, graph)
    swap_in(tmp, path)


LOGGED_ROWS = 5_000  # a change adding more rows than this is copied in (COPY) and folded; one document: ~500


def apply_change(path: Path, removed: list[str], added: PropertyGraph, resources: Resources) -> None:
    """Remove the documents ``removed`` (ids) and add ``added`` (``build_graph(docs, closed=False)``) in a copy
    of the graph at ``path``, in one transaction, then move the copy into place: its log alone when the change
    stayed in the log, else the folded file."""
    path = Path(path)
    tmp = _building(path)
    _remove(tmp)
    shutil.copyfile(path, tmp)
    if wal(path).exists():
        shutil.copyfile(wal(path), wal(tmp))
    logged = sum(map(len, added.nodes.values())) + len(added.rels) <= LOGGED_ROWS
    before = _stamp(tmp)
    writer = _open_rw(tmp, keep_log=logged)
    with writer as conn:
        conn.execute("BEGIN TRANSACTION")
        try:
            _delete_documents(conn, removed)
            hook("change")
            _sync_shared(conn, incremental.closed_shared(lambda q: _all(conn, q), added, resources), logged)
            labels, types = incremental.own_part(added)
            _write_nodes(conn, added, labels, logged)
            _write_rels(conn, added, types, logged)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        limit = int(setting("graph_log"))
        writer.fold = not logged or not wal(tmp).exists() or wal(tmp).stat().st_size > limit
    if writer.fold or _stamp(tmp) != before:  # (the engine wrote the file itself: not the graph's own any more)
        swap_in(tmp, path)
    else:
        hook("swap")
        os.replace(wal(tmp), wal(path))
        _remove(tmp)


def _stamp(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def _write_nodes(conn, graph: PropertyGraph, labels: tuple[str, ...] | None, logged: bool) -> None:
    (_create_nodes if logged else _copy_nodes)(conn, graph, labels)


def _write_rels(conn, graph: PropertyGraph, types: tuple[str, ...] | None, logged: bool) -> None:
    (_create_rels if logged else _copy_rels)(conn, graph, types)


_CAST = {schema.STRING: "STRING", schema.INT: "INT64", schema.FLOAT: "DOUBLE", schema.BOOL: "BOOLEAN",
         schema.DATE: "DATE", schema.STRINGS: "STRING[]"}


def _plain(row: dict, props: tuple[schema.Prop, ...]) -> dict:
    """A row as statement parameters: every property present (None when missing), dates as ISO text, numbers
    of one type per property (the engine types a parameter list by its values)."""
    out = {}
    for p in props:
        v = row.get(p.name)
        if v is not None:
            v = (v.isoformat() if p.type == schema.DATE else float(v) if p.type == schema.FLOAT
                 else int(v) if p.type == schema.INT else list(v) if p.type == schema.STRINGS else v)
        out[p.name] = v
    return out


def _sets(props: tuple[schema.Prop, ...]) -> str:
    return ", ".join(f"{p.name}: CAST(row.{p.name} AS {_CAST[p.type]})" for p in props)


def _create_nodes(conn, graph: PropertyGraph, labels: tuple[str, ...] | None = None) -> None:
    """``_copy_nodes`` with CREATE statements, which the engine logs (a COPY it does not: it lives in the file)."""
    for n, rows in _node_batches(graph, labels):
        conn.execute(f"UNWIND $rows AS row CREATE (:{n.label} {{{_sets(n.props)}}})",
                     {"rows": [_plain(r, n.props) for r in rows]})


def _create_rels(conn, graph: PropertyGraph, types: tuple[str, ...] | None = None) -> None:
    for r, src, dst, rels in _rel_batches(graph, types):
        rows = [{"from": rel.src, "to": rel.dst, **_plain(rel.props, r.props)} for rel in rels]
        # two MATCH clauses: one pattern of both ends made the engine join them whole
        conn.execute(f"UNWIND $rows AS row MATCH (a:{src} {{id: row.from}}) MATCH (b:{dst} {{id: row.to}}) "
                     f"CREATE (a)-[:{r.type} {{{_sets(r.props)}}}]->(b)", {"rows": rows})


def _delete_documents(conn, removed: list[str]) -> None:
    if not removed:
        return
    for label in incremental.DOC_LABELS:
        key = "id" if label == incremental.DOCUMENT else "document_id"
        conn.execute(f"MATCH (n:{label}) WHERE n.{key} IN $ids DETACH DELETE n", {"ids": list(removed)})


def _sync_shared(conn, target: PropertyGraph, logged: bool = False) -> None:
    """Shared nodes and relationships made equal to ``target``: extra ones deleted, missing ones copied."""
    missing = PropertyGraph()
    for label in incremental.SHARED_LABELS:
        have = {r[0] for r in _all(conn, f"MATCH (n:{label}) RETURN n.id")}
        extra = incremental.ids(have - target.nodes[label].keys())
        if extra:
            conn.execute(f"MATCH (n:{label}) WHERE n.id IN $ids DETACH DELETE n", {"ids": extra})
        for node_id in target.nodes[label].keys() - have:
            missing.nodes[label][node_id] = target.nodes[label][node_id]
    want = incremental.shared_rel_keys(target)
    for rel_type in incremental.SHARED_RELS:
        for src, dst in schema.REL_BY_TYPE[rel_type].pairs:
            pattern = f"(a:{src})-[r:{rel_type}]->(b:{dst})"
            have = {(src, a, dst, b) for a, b in _all(conn, f"MATCH {pattern} RETURN a.id, b.id")}
            wanted = {k for k in want[rel_type] if k[0] == src and k[2] == dst}
            extra = [{"s": k[1], "d": k[3]} for k in sorted(have - wanted)]
            if extra:
                conn.execute(f"UNWIND $pairs AS p MATCH (a:{src} {{id: p.s}})-[r:{rel_type}]->(b:{dst} {{id: p.d}}) "
                             "DELETE r", {"pairs": extra})
            for rel in target.rel_rows(rel_type):
                if (rel.src_label, rel.src, rel.dst_label, rel.dst) in wanted - have:
                    missing.add_rel(rel)
    _write_nodes(conn, missing, None, logged)
    _write_rels(conn, missing, None, logged)


def _all(conn, cypher: str, params: dict | None = None) -> list[list]:
    return [list(r) for r in conn.execute(cypher, params or {}).get_all()]


class _open_rw:
    """A read-write connection on a file only this writer knows; checkpointed (``fold``) and closed on exit. It is
    checkpointed once, at the end: the engine's automatic checkpoints, each time the log passed its threshold,
    cost a quarter of a 200-document write, and nobody reads this file before it is finished. ``keep_log``: the
    writer decides whether to fold (``fold``) after its change, and the engine's own checkpoint when it closes the
    file is off, so an unfolded change stays in the log."""

    def __init__(self, path: Path, *, keep_log: bool = False) -> None:
        self.db = ladybug.Database(str(path), buffer_pool_size=BUFFER_POOL, auto_checkpoint=False)
        self.conn = ladybug.Connection(self.db)
        self.fold = True
        if keep_log:
            self.conn.execute("CALL force_checkpoint_on_close=false")

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None and self.fold:
                self.conn.execute("CHECKPOINT")
            self.conn.close()
        finally:
            self.db.close()


def _building(path: Path) -> Path:
    return path.with_name(path.name + ".building")


def swap_in(tmp: Path, path: Path) -> None:
    """The finished (checkpointed) file replaces the graph; it has no write-ahead log. The graph's log goes first:
    replayed against the new file, which holds its changes already, it would apply them twice; a reader opening
    between the two steps sees the graph as it was before the logged changes."""
    if wal(tmp).exists():  # a change left in the log of a private file (a rebuild's last batch): folded now
        with _open_rw(tmp):
            pass
    for leftover in (wal(tmp), Path(str(tmp) + ".shadow")):
        if leftover.exists():
            raise StoreError(f"the new graph {tmp} still has {leftover.name} after its checkpoint; not swapped in")
    for stale in (wal(path), *leftovers(path)):
        stale.unlink(missing_ok=True)
    hook("swap")
    os.replace(tmp, path)


def wal(path: Path) -> Path:
    """The graph's write-ahead log: part of the graph (the changes not yet folded into the file)."""
    return Path(str(path) + ".wal")


def leftovers(path: Path) -> list[Path]:
    """A shadow file beside the graph: no writer of ours leaves one (they write a copy)."""
    return [p for p in (Path(str(path) + ".shadow"),) if p.exists()]


def _remove(path: Path) -> None:
    for p in (Path(path), Path(str(path) + ".wal"), Path(str(path) + ".shadow")):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


class LadybugGraph:
    """A read-only session on the embedded store: the engine refuses writes, not just our checks.

    One session may serve several threads (the app's browser tabs): queries take turns on its connection, and
    ``close`` waits for the query in flight, so a tab that uploads a document and reopens the store never
    closes the database under another tab's query; that tab gets ``ClosedSessionError`` on its next query.

    Console queries (``console``) run out of process (``graph/console_worker.py``), at most ``CONSOLE_SLOTS`` at
    once, each worker with a buffer pool of its own and a memory limit, killed at the deadline: a console query
    can neither take the server's memory nor fill the buffer pool the pages share. Workers stay for the next
    query; a killed one is replaced at once.
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
        self._consoles = 0  # console queries and readers in flight; close waits for them
        self._inode = console_worker.identity(path)  # the file and log this session reads: a worker's must match
        self._workers: list[console_worker.Worker] = []  # idle console workers, kept for the next query

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
            return _answer(self._conn, cypher, params)

    @contextmanager
    def reader(self) -> Iterator[Callable[[str, dict | None], tuple[list[str], list[list]]]]:
        """``query`` on a connection of its own, for a read of many pages (graph/readback.GraphPages). The engine's
        Python connection keeps a prepared statement for every query text it ran with parameters, never let go,
        each holding one to three megabytes of the buffer pool: the 70 page queries of a streamed export kept 190 MB
        of the 256 on the session every page of the app shares, and ran it full at 10,000 documents. Closing this
        connection gives them back."""
        with self._idle:
            if self._closed:
                raise self._closed_error()
            self._consoles += 1
        conn = ladybug.Connection(self._db)
        try:
            yield functools.partial(_answer, conn)
        finally:
            conn.close()
            with self._idle:
                self._consoles -= 1
                self._idle.notify_all()

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
                return self._console_run(cypher, params or {}, timeout_s, max_rows)
            finally:
                with self._idle:
                    self._consoles -= 1
                    self._idle.notify_all()
        finally:
            self._slots.release()

    def _console_run(self, cypher: str, params: dict, timeout_s: float, max_rows: int):
        worker = self._worker()
        try:
            answer = worker.run(cypher, params, timeout_s, max_rows)
        finally:
            self._give_back(worker)
        if answer[0] == "ok":
            return answer[1], answer[2], answer[3]
        raise _console_error(answer[1], answer[2], timeout_s)

    def _worker(self) -> console_worker.Worker:
        """An idle worker on this session's file, or a new one."""
        with self._idle:
            worker = self._workers.pop() if self._workers else None
        if worker is not None and not worker.alive:  # gone while idle (its CPU backstop, the system): a new one
            worker.close()
            worker = None
        worker = worker or self._new_worker()
        try:
            worker.ready()
        except console_worker.StartError as exc:
            raise QueryError(f"the console could not start: {exc}") from exc
        if worker.inode != self._inode:  # the store was replaced between this session's open and the worker's
            worker.close()
            raise self._closed_error()
        return worker

    def _new_worker(self) -> console_worker.Worker:
        return console_worker.Worker(str(self.path.resolve()), int(setting("console_buffer_pool")),
                                     int(setting("console_memory")))

    def _give_back(self, worker: console_worker.Worker) -> None:
        """An idle worker is kept; a killed one is replaced now, so the next query does not wait for the start."""
        with self._idle:
            keep = not self._closed
            if keep:
                self._workers.append(worker if worker.alive else self._new_worker())
        if not keep or not worker.alive:
            worker.close()

    def close(self) -> None:
        with self._lock:
            with self._idle:
                if self._closed:
                    return
                self._closed = True
                self._idle.wait_for(lambda: self._consoles == 0)
                workers, self._workers = self._workers, []
            for worker in workers:
                worker.close()
            self._conn.close()
            self._db.close()


def _console_error(kind: str, said: str, timeout_s: float) -> QueryError:
    """A console failure in words; the limits that stop the query's process in Chinese and English."""
    if kind in (console_worker.TIMEOUT, "killed-" + console_worker.TIMEOUT):
        return ran_too_long(timeout_s)
    if kind in (console_worker.MEMORY, "killed"):
        return used_too_much(f"{int(setting('console_memory')) // 2**20} MB")
    if kind == console_worker.POOL:
        mb = int(setting("console_buffer_pool")) // 2**20
        return QueryError(f"查询读取的数据超过控制台的 {mb} MB 缓冲池,已停止;请缩小范围(更短的可变长路径、WHERE)。"
                          f"The query needed more than the console's {mb} MB buffer pool and was stopped; narrow it "
                          "(a shorter variable-length path, a WHERE)")
    if kind == "answer":
        return QueryError(f"查询结果过大({said}),请只返回需要的列或加 LIMIT。The answer was too large ({said}); "
                          "return only the columns you need, or add a LIMIT")
    if kind == "several":
        return QueryError("refused: several statements in one input are not allowed")
    return QueryError(_engine_message("read-only" if kind == console_worker.READ_ONLY else said))


def _answer(conn, cypher: str, params: dict | None) -> tuple[list[str], list[list]]:
    try:
        result = conn.execute(cypher, params or {})
    except RuntimeError as exc:
        raise QueryError(_engine_message(str(exc))) from exc
    if isinstance(result, list):
        result = result[-1]
    return list(result.get_column_names()), _rows(result)


def _rows(result) -> list[list]:
    """All rows as lists. The cyclic GC is paused while they are built: large answers allocate many small
    objects at once, and collections triggered in the middle cost more than building the rows."""
    with collector_paused():
        return [list(r) for r in result.get_all()]


def _engine_message(message: str) -> str:
    if "read only" in message.lower() or "read-only" in message.lower():
        return "the store is read-only here: write clauses (CREATE, MERGE, SET, DELETE) are refused"
    return message.splitlines()[0]
