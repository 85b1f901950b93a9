"""Neo4j through the official driver: constraints, batched UNWIND … MERGE, read-only query sessions.

Each batch is one transaction run with the driver's retrying ``execute_write``; loading twice changes nothing
because every node is merged on its stable id and every relationship on its endpoints (and mention offset).

``sync_neo4j`` loads a store per document: documents gone from the store are deleted, new ones added, and the
shared units and concepts brought in line (graph/incremental.py), so the server holds what a full load of the
store would give. A month's change (``ATOMIC_DOCUMENTS``) is one transaction, so readers never see it half
done; a bigger load goes in batches, each document's own node merged last, after all its parts: a load stopped
midway leaves no Document node for a half-loaded document, and the next load completes it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

import neo4j
from neo4j.exceptions import ConfigurationError, Neo4jError, ServiceUnavailable, SessionExpired

from ingest.errors import QueryError, StoreError, ran_too_long, used_too_much
from ingest.resources import Resources
from ingest.settings import NEO4J_BATCH

from . import incremental, schema
from .build import PropertyGraph
from .resources import graph_stamp

# The server's notices about a query (a relationship type no document produced yet, an unknown label) are
# logged by the driver as warnings, and with no logging set up Python prints each raw on stderr: a line of
# driver internals per query during load-neo4j. A query's answer (rows, or our error) is what users read.
# The driver's retry notices ("Transaction failed and will be retried in …") are internals too: ten lines before
# the one error a reader of an unreachable server gets.
logging.getLogger("neo4j").setLevel(logging.ERROR)

BATCH = NEO4J_BATCH


SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# A reader gives up on an unreachable server within seconds (the driver's default retries for 30 s, and a page
# or `ask` waited over a minute); a load keeps the driver's patience for a busy server.
READ_CONNECT_S, READ_RETRY_S = 5.0, 3.0


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str | None = None

    def __post_init__(self) -> None:
        scheme = self.uri.split("://", 1)[0].lower() if "://" in self.uri else ""
        if scheme not in SCHEMES:
            raise StoreError(f"Neo4j URI {self.shown!r}: expected one of "
                             f"{', '.join(s + '://' for s in SCHEMES)}host:port")

    @property
    def shown(self) -> str:
        """The address without any user name or password in it: what messages print."""
        return redacted(self.uri)

    def driver(self, patient: bool = True) -> neo4j.Driver:
        auth = (self.user, self.password) if self.password else None
        # a reader's connection comes within READ_CONNECT_S or not at all: a server that takes the connection but
        # never answers (stopped, swapping) held `ask` for minutes with connection_timeout alone (the TCP connect)
        timing = {} if patient else {"connection_timeout": READ_CONNECT_S, "connection_acquisition_timeout":
                                     READ_CONNECT_S, "max_transaction_retry_time": READ_RETRY_S}
        return neo4j.GraphDatabase.driver(self.uri, auth=auth, **timing)

    def said(self, exc: BaseException) -> str:
        """An exception's first line with the address (and any password in it) replaced by the shown one."""
        text = (str(exc).splitlines() or [type(exc).__name__])[0]
        text = text.replace(self.uri, self.shown).rstrip(" :")
        if "userinfo" in text:  # the driver's own words about bolt://user:password@host
            text = "a user name or password in the address is not supported; give them with --user and --password"
        return text[:300]


def redacted(uri: str) -> str:
    """``bolt://user:secret@host:7687`` → ``bolt://host:7687``."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return "(an address that cannot be read)"
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def constraint_statements() -> list[str]:
    return [f"CREATE CONSTRAINT {n.label.lower()}_id IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.id IS UNIQUE"
            for n in schema.NODES]


def index_statements() -> list[str]:
    return [
        "CREATE INDEX unit_name IF NOT EXISTS FOR (n:Unit) ON (n.name)",
        "CREATE INDEX assignment_due IF NOT EXISTS FOR (n:Assignment) ON (n.due_year, n.due_month)",
        "CREATE INDEX task_label IF NOT EXISTS FOR (n:Task) ON (n.label)",
    ]


def node_merge(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row"


def rel_merge(rel_type: str, src: str, dst: str, keyed: bool) -> str:
    key = " {span_start: row.props.span_start}" if keyed else ""
    return (f"UNWIND $rows AS row MATCH (a:{src} {{id: row.src}}) MATCH (b:{dst} {{id: row.dst}}) "
            f"MERGE (a)-[r:{rel_type}{key}]->(b) SET r += row.props")


# On every Document node: the schema and gazetteers (resources.graph_stamp) it was loaded under. ``sync_neo4j``
# loads everything again when one is stamped otherwise, so a server loaded by an older policykg never answers
# with properties missing or with the old gazetteers' aliases and memberships.
STAMP = "policykg_schema"
# On every Document node ``load-neo4j`` writes: the identity of the store it came from (``Store.identity``). A
# database mirrors one store; a load from another store would delete the documents it does not hold.
ORIGIN = "policykg_store"
# On every Document node ``load-neo4j`` writes: which reading of it the store held (``reading_of``). A document
# corrected in place keeps its id (``ingest --jurisdiction``, ``reparse``): its reading says it changed.
READING = "policykg_reading"


def reading_of(entry) -> str:
    """A stored document's reading, from its manifest entry: the parser and gazetteers that read it and its
    place. Replacing a document under its own id (a place corrected, read again) changes one of them."""
    return f"{entry.read_by} {entry.jurisdiction or ''}"


def batches(graph: PropertyGraph, size: int = BATCH, origin: str | None = None,
            readings: dict[str, str] | None = None):
    """(description, cypher, rows) for every batch, nodes before relationships, in a stable order."""
    readings = readings or {}
    for n in schema.NODES:
        rows = graph.rows(n.label)
        if n.label == incremental.DOCUMENT:
            stamp = graph_stamp()
            rows = [{**row, STAMP: stamp, **({ORIGIN: origin} if origin else {}),
                     **({READING: readings[row["id"]]} if row["id"] in readings else {})} for row in rows]
        for i in range(0, len(rows), size):
            yield f"{n.label} rows {i + 1}-{i + len(rows[i:i + size])}", node_merge(n.label), rows[i : i + size]
    for r in schema.RELS:
        keyed = any(p.name == "span_start" for p in r.props)
        for src, dst in r.pairs:
            rows = [{"src": x.src, "dst": x.dst, "props": dict(x.props)}
                    for x in graph.rel_rows(r.type) if x.src_label == src and x.dst_label == dst]
            for i in range(0, len(rows), size):
                yield (f"{r.type} {src}->{dst} rows {i + 1}-{i + len(rows[i:i + size])}",
                       rel_merge(r.type, src, dst, keyed), rows[i : i + size])


def load_neo4j(graph: PropertyGraph, conn: Connection, batch_size: int = BATCH, on_batch=None) -> dict[str, int]:
    """Load the graph; on failure raise StoreError naming the batch that did not commit.

    ``on_batch(n, description)`` is called after each committed batch (progress bars, failure tests)."""
    with _session(conn) as session:
        _write_batches(session, list(batches(graph, batch_size)), on_batch)
    return graph.counts()


@contextmanager
def _session(conn: Connection):
    try:
        driver = conn.driver()
    except (ConfigurationError, ValueError) as exc:
        raise StoreError(f"cannot use the Neo4j URI {conn.shown!r}: {conn.said(exc)}") from exc
    with driver:
        try:
            driver.verify_connectivity()
        except Neo4jError as exc:
            raise StoreError(_at(conn, _neo4j_message(exc, None, conn))) from exc
        except (ServiceUnavailable, ValueError, OSError) as exc:
            raise StoreError(f"cannot reach Neo4j at {conn.shown}: {conn.said(exc)}") from exc
        with driver.session(database=conn.database) as session:
            try:
                for statement in constraint_statements() + index_statements():
                    session.run(statement).consume()
            except Neo4jError as exc:
                raise StoreError(_at(conn, _neo4j_message(exc, None, conn))) from exc
            yield session


def _at(conn: Connection, message: str) -> str:
    """A load's message about the server, naming its address once."""
    return message if message.startswith(f"Neo4j at {conn.shown}") else f"Neo4j at {conn.shown}: {message}"


def _write_batches(session, work: list[tuple[str, str, list]], on_batch=None, done: int = 0) -> int:
    for description, cypher, rows in work:
        try:
            session.execute_write(lambda tx, c=cypher, r=rows: tx.run(c, rows=r).consume())
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
            raise StoreError(f"Neo4j load stopped at batch {done + 1} ({description}); that batch was "
                             f"rolled back, {done} earlier batches are committed; loading again is "
                             f"safe and completes it: {exc}") from exc
        done += 1
        if on_batch is not None:
            on_batch(done, description)
    return done


@dataclass(frozen=True)
class SyncPlan:
    removed: list[str]  # document ids deleted from the server
    added: list[str]  # document ids loaded (those reloaded and replaced among them)
    reloaded: list[str] = field(default_factory=list)  # after a schema change: deleted and loaded again
    replaced: list[str] = field(default_factory=list)  # read anew in the store under the same id: loaded again


def sync_neo4j(store, conn: Connection, resources: Resources, batch_size: int = BATCH, on_batch=None,
               on_plan=None, replace: bool = False, wait: float = 0.0) -> SyncPlan:
    """Make the server hold the store's graph, per document: delete what the store no longer has, add what
    it gained, load again what was loaded under another schema or read anew in the store under its own id (a
    place corrected, ``reparse``), bring shared units and concepts in line.
    ``on_plan(plan, batches)`` is told the work first. Documents another store loaded stop the load (it would
    delete them) unless ``replace``: the database then becomes this store's mirror.

    The store's write lock is held throughout (StoreBusyError after ``wait`` seconds): the server is loaded
    from one state of the store, and two loads (the app's after an upload, a load-neo4j) never interleave, one
    deleting what the other has just added."""
    from . import lock

    with lock.write_lock(store.root, wait):
        return _sync(store, conn, resources, batch_size, on_batch, on_plan, replace)


def _sync(store, conn: Connection, resources: Resources, batch_size: int, on_batch, on_plan,
          replace: bool) -> SyncPlan:
    from .build import build_graph

    origin = store.identity()
    readings = {e.id: reading_of(e) for e in store.manifest()}
    with _session(conn) as session:
        rows = session.run(f"MATCH (d:Document) RETURN d.id, d.{STAMP}, d.{ORIGIN}, d.{READING}").values()
        wanted = store.ids()
        # What this load would delete that this store did not load: another store's documents, or ones loaded
        # before stores had an identity (an upgrade: whose they are cannot be told).
        foreign = [doc_id for doc_id, _stamp, came, _read in rows if doc_id not in wanted and came != origin]
        if foreign and not replace:
            unknown = sum(1 for doc_id, _stamp, came, _read in rows if doc_id in foreign and not came)
            whose = (f"{len(foreign) - unknown} loaded from another store, {unknown} loaded by an earlier policykg "
                     "that did not record which store" if unknown else "loaded from another store")
            raise StoreError(
                f"Neo4j at {conn.shown} (database {conn.database or 'default'}) holds {len(foreign)} document(s) "
                f"this store does not ({whose}); a database mirrors one store, so this load would delete them. "
                "If this store is the one the database mirrors, pass --replace; otherwise load it into another "
                "database (--database NAME, on a server edition that has several) or another server")
        loaded = {doc_id: stamp for doc_id, stamp, _came, _read in rows}
        # One document loaded under another schema means the server's shape is suspect, shared units included:
        # everything is loaded again.
        current = graph_stamp()
        stale = set(loaded) & wanted if any(stamp != current for stamp in loaded.values()) else set()
        # A document the store read anew under its id since it was loaded; one loaded before readings were
        # recorded may have been too (a place corrected since), so it is loaded again, once.
        changed = {doc_id for doc_id, _stamp, _came, read in rows
                   if doc_id in wanted and read != readings.get(doc_id)} - stale
        present = loaded.keys() - stale - changed
        plan = SyncPlan(sorted(loaded.keys() - wanted), sorted(wanted - present), sorted(stale), sorted(changed))
        added = build_graph(store.each(plan.added), resources, closed=False)
        keep = sorted(wanted - stale - changed)
        owned = [{"id": i, "read": readings.get(i)} for i in sorted(present & wanted)]

        def work_on(runner) -> list[tuple[str, str, list]]:  # after the deletes, as the server then stands
            runner.run(  # every document this store holds is now this store's
                f"UNWIND $rows AS row MATCH (d:Document {{id: row.id}}) SET d.{ORIGIN} = $origin, "
                f"d.{READING} = row.read", rows=owned, origin=origin).consume()
            shared = incremental.closed_shared(lambda q: runner.run(q).values(), added, resources)
            work = (_shared_work(runner, shared, batch_size, refresh=bool(stale))
                    + _own_work(added, batch_size, origin, readings))
            if on_plan is not None:
                on_plan(plan, len(work))
            return work

        if len(plan.added) + len(plan.removed) <= ATOMIC_DOCUMENTS and not stale:
            _in_one_transaction(session, keep, work_on, on_batch)
            return plan
        done = _delete_missing(session, keep, on_batch)
        _write_batches(session, work_on(session), on_batch, done)
    return plan


# A load that adds or removes at most this many documents (a month's change) is one transaction: readers of the
# server see it before or after, never half done (assignments without their document, a replaced document
# gone). A bigger one (a first load, a schema change) goes in batches, which a stopped load resumes.
ATOMIC_DOCUMENTS = 20


def _in_one_transaction(session, keep: list[str], work_on, on_batch) -> None:
    def change(tx) -> None:
        for label in incremental.DOC_LABELS:
            key = "id" if label == incremental.DOCUMENT else "document_id"
            tx.run(f"MATCH (n:{label}) WHERE NOT n.{key} IN $keep DETACH DELETE n", keep=keep).consume()
        for n, (description, cypher, rows) in enumerate(work_on(tx), 1):
            tx.run(cypher, rows=rows).consume()
            if on_batch is not None:
                on_batch(n, description)

    try:
        session.execute_write(change)
    except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
        raise StoreError(f"Neo4j load stopped and was rolled back: the server holds what it held before; "
                         f"loading again is safe: {exc}") from exc


def _delete_missing(session, keep: list[str], on_batch) -> int:
    """Every document's own nodes whose document is not in ``keep`` (also the parts of a half-loaded one)."""
    for label in incremental.DOC_LABELS:
        key = "id" if label == incremental.DOCUMENT else "document_id"
        session.execute_write(lambda tx, lb=label, k=key: tx.run(
            f"MATCH (n:{lb}) WHERE NOT n.{k} IN $keep DETACH DELETE n", keep=keep).consume())
    if on_batch is not None:
        on_batch(0, "deleted documents no longer in the store")
    return 0


def _shared_work(session, target: PropertyGraph, size: int, refresh: bool = False) -> list[tuple[str, str, list]]:
    """Batches that make the shared nodes and relationships equal to ``target``: deletes, then merges (of every
    shared node when ``refresh``: the schema changed, so the ones present may lack properties)."""
    work = []
    for label in incremental.SHARED_LABELS:
        have = {r[0] for r in session.run(f"MATCH (n:{label}) RETURN n.id").values()}
        extra = sorted(have - target.nodes[label].keys())
        for i in range(0, len(extra), size):
            work.append((f"{label} removed", f"UNWIND $rows AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n",
                         extra[i : i + size]))
        rows = [target.nodes[label][k] for k in sorted(target.nodes[label].keys() - (set() if refresh else have))]
        for i in range(0, len(rows), size):
            work.append((f"{label} rows", node_merge(label), rows[i : i + size]))
    want = incremental.shared_rel_keys(target)
    for rel_type in incremental.SHARED_RELS:
        for src, dst in schema.REL_BY_TYPE[rel_type].pairs:
            have = {(src, a, dst, b) for a, b in session.run(
                f"MATCH (a:{src})-[r:{rel_type}]->(b:{dst}) RETURN a.id, b.id").values()}
            wanted = {k for k in want[rel_type] if k[0] == src and k[2] == dst}
            extra = [{"src": k[1], "dst": k[3]} for k in sorted(have - wanted)]
            if extra:
                work.append((f"{rel_type} removed", f"UNWIND $rows AS row MATCH (a:{src} {{id: row.src}})"
                             f"-[r:{rel_type}]->(b:{dst} {{id: row.dst}}) DELETE r", extra))
            rows = [{"src": k[1], "dst": k[3], "props": {}} for k in sorted(wanted - have)]
            for i in range(0, len(rows), size):
                work.append((f"{rel_type} {src}->{dst}", rel_merge(rel_type, src, dst, False), rows[i : i + size]))
    return work


def _own_work(added: PropertyGraph, size: int, origin: str | None = None,
              readings: dict[str, str] | None = None) -> list[tuple[str, str, list]]:
    """The new documents' own nodes and relationships; Document nodes and their relationships last."""
    own = PropertyGraph()
    for label in incremental.DOC_LABELS:
        own.nodes[label] = added.nodes[label]
    _, types = incremental.own_part(added)
    for rel in added.rels.values():
        if rel.type in types:
            own.add_rel(rel)
    work = list(batches(own, size, origin, readings))
    is_doc = [incremental.DOCUMENT in description.split(" ")[0] or "Document->" in description
              for description, _, _ in work]
    return [w for w, d in zip(work, is_doc, strict=True) if not d] + \
        [w for w, d in zip(work, is_doc, strict=True) if d]


def _native(value):
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


class Neo4jGraph:
    """A read-only session: queries run in READ access mode, so the server refuses any write."""

    engine = "neo4j"

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._closed = False
        try:
            self._driver = conn.driver(patient=False)
        except (ConfigurationError, ValueError) as exc:
            raise StoreError(f"cannot use the Neo4j URI {conn.shown!r}: {conn.said(exc)}") from exc

    def query(self, cypher: str, params: dict | None = None) -> tuple[list[str], list[list]]:
        def work(tx):
            result = tx.run(cypher, params or {})
            return list(result.keys()), [[_native(v) for v in record.values()] for record in result]

        try:
            with self._driver.session(database=self.conn.database,
                                      default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(work)
        except Neo4jError as exc:
            if "AccessMode" in (exc.code or ""):
                raise QueryError("Neo4j refused a write: the console is read-only") from exc
            raise QueryError(_neo4j_message(exc, None, self.conn)) from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise QueryError(unavailable(self.conn, cause=exc)) from exc

    def console(self, cypher: str, params: dict | None, *, timeout_s: float,
                max_rows: int) -> tuple[list[str], list[list], bool]:
        """Run one console query in its own session and a READ transaction the server stops after
        ``timeout_s``; rows are streamed and only the first ``max_rows`` (plus one, to know that more exist)
        are fetched, the rest is discarded with the transaction."""
        try:
            with self._driver.session(database=self.conn.database, default_access_mode=neo4j.READ_ACCESS,
                                      fetch_size=min(max_rows + 1, 1000)) as session:
                with session.begin_transaction(timeout=timeout_s) as tx:
                    result = tx.run(cypher, params or {})
                    rows = []
                    for record in result:
                        rows.append([_native(v) for v in record.values()])
                        if len(rows) > max_rows:
                            break
                    columns = list(result.keys())
                    tx.rollback()
        except Neo4jError as exc:
            raise QueryError(_neo4j_message(exc, timeout_s, self.conn)) from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise QueryError(unavailable(self.conn, cause=exc)) from exc
        return columns, rows[:max_rows], len(rows) > max_rows

    def counts(self) -> dict[str, int]:
        out = {}
        for n in schema.NODES:
            out[n.label] = self.query(f"MATCH (n:{n.label}) RETURN count(n)")[1][0][0]
        for r in schema.RELS:
            out[r.type] = self.query(f"MATCH ()-[r:{r.type}]->() RETURN count(r)")[1][0][0]
        return out

    @property
    def closed(self) -> bool:
        """Whether ``close`` ran: the app reopens a closed session (the embedded session's contract)."""
        return self._closed

    def close(self) -> None:
        self._closed = True
        self._driver.close()


def unavailable(conn: Connection, named: bool = True, cause: BaseException | None = None) -> str:
    """The one line for a server that does not answer, naming its address (a mistyped port is seen at once) and
    the driver's reason when it gave one (a name no DNS knows, a refused port), as load-neo4j says it;
    ``named=False`` for the app's pages, which never show either."""
    if not named:
        return ("Neo4j 服务器无法连接,请稍后再试或联系管理员。The Neo4j server cannot be reached: try again later, or "
                "ask whoever runs it")
    reason = conn.said(cause) if cause is not None and str(cause).strip() else ""
    return (f"Neo4j 服务器 {conn.shown} 无法连接,请稍后再试或联系管理员。The Neo4j server at {conn.shown} cannot be "
            "reached: check the address, try again later, or ask whoever runs it" + (f" ({reason})" if reason else ""))


# A page of the app asks this before it reads the server: one connection attempt, no retries (the readers'
# driver retries for READ_RETRY_S, and a page that asked three times waited 7–14 s for the same message).
PROBE_S = 3.0


def unreachable(conn: Connection, timeout_s: float = PROBE_S, named: bool = True) -> str | None:
    """None when the server takes a connection within ``timeout_s``, else the one line saying why not (without
    the address when not ``named``)."""
    try:
        with neo4j.GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password) if conn.password else None,
                                        connection_timeout=timeout_s, connection_acquisition_timeout=timeout_s,
                                        max_transaction_retry_time=0) as driver:
            driver.verify_connectivity()
    except Neo4jError as exc:
        said = _neo4j_message(exc, None, conn)
        return said if named else said.replace(f"Neo4j at {conn.shown}", "Neo4j")
    except (ConfigurationError, ValueError) as exc:
        return f"cannot use the Neo4j URI{f' {conn.shown!r}' if named else ''}: {conn.said(exc)}"
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        return unavailable(conn, named, cause=exc)
    return None


def _refusal(code: str, conn: Connection | None) -> str | None:
    """The server's refusals of the connection itself, naming what was asked of it (never the password)."""
    shown = f"Neo4j at {conn.shown}" if conn else "Neo4j"
    if "DatabaseNotFound" in code:
        name = f"{conn.database!r}" if conn and conn.database else "named"
        return (f"{shown}: the database {name} does not exist on this server (check --database or "
                "POLICYKG_NEO4J_DATABASE)")
    if "Unauthorized" in code or "AuthenticationRateLimit" in code:
        user = f" user {conn.user!r}" if conn else ""
        given = "with no password given" if conn and not conn.password else "with the password given"
        return (f"{shown} refused{user} {given} (check --user, and --password or "
                "POLICYKG_NEO4J_PASSWORD)" + (": too many failed attempts, wait before trying again"
                                              if "RateLimit" in code else ""))
    return None


def _neo4j_message(exc: Neo4jError, timeout_s: float | None, conn: Connection | None = None) -> str:
    code = exc.code or ""
    if refused := _refusal(code, conn):
        return refused
    if "AccessMode" in code:
        return "Neo4j refused a write: the console is read-only"
    if timeout_s and ("TransactionTimedOut" in code or "Terminated" in code):
        return str(ran_too_long(timeout_s, " by Neo4j"))
    if "MemoryPoolOutOfMemoryError" in code:  # db.memory.transaction.max and its kin, set on the server
        return str(used_too_much("the Neo4j server's limit"))
    first = (exc.message or "").splitlines()[0] if exc.message else str(exc)
    first = conn.said(Exception(first)) if conn else first
    kind = code.rsplit(".", 1)[-1]  # Neo.ClientError.Statement.SyntaxError → SyntaxError
    if kind == "SyntaxError":
        return f"not understood (Neo4j SyntaxError): {first}"
    return f"{kind}: {first}" if kind else first
