"""Neo4j through the official driver: constraints, batched UNWIND … MERGE, read-only query sessions.

Each batch is one transaction run with the driver's retrying ``execute_write``; loading twice changes nothing
because every node is merged on its stable id and every relationship on its endpoints (and mention offset).
"""

from __future__ import annotations

from dataclasses import dataclass

import neo4j
from neo4j.exceptions import ConfigurationError, Neo4jError, ServiceUnavailable, SessionExpired

from ingest.errors import QueryError, StoreError

from . import schema
from .build import PropertyGraph

BATCH = 1000


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str | None = None

    def driver(self) -> neo4j.Driver:
        auth = (self.user, self.password) if self.password else None
        return neo4j.GraphDatabase.driver(self.uri, auth=auth)


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


def batches(graph: PropertyGraph, size: int = BATCH):
    """(description, cypher, rows) for every batch, nodes before relationships, in a stable order."""
    for n in schema.NODES:
        rows = graph.rows(n.label)
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
    done = 0
    with conn.driver() as driver:
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, Neo4jError, ValueError) as exc:
            raise StoreError(f"cannot reach Neo4j at {conn.uri}: {exc}") from exc
        with driver.session(database=conn.database) as session:
            for statement in constraint_statements() + index_statements():
                session.run(statement).consume()
            for description, cypher, rows in batches(graph, batch_size):
                try:
                    session.execute_write(lambda tx, c=cypher, r=rows: tx.run(c, rows=r).consume())
                except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
                    raise StoreError(f"Neo4j load stopped at batch {done + 1} ({description}); that batch was "
                                     f"rolled back, {done} earlier batches are committed; loading again is "
                                     f"safe and completes it: {exc}") from exc
                done += 1
                if on_batch is not None:
                    on_batch(done, description)
    return graph.counts()


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
        try:
            self._driver = conn.driver()
        except (ConfigurationError, ValueError) as exc:
            raise StoreError(f"cannot use the Neo4j URI {conn.uri!r}: {exc}") from exc

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
            raise QueryError(f"{exc.code}: {exc.message}") from exc
        except ServiceUnavailable as exc:
            raise QueryError(f"Neo4j at {self.conn.uri} is unavailable: {exc}") from exc

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
            raise QueryError(_neo4j_message(exc, timeout_s)) from exc
        except ServiceUnavailable as exc:
            raise QueryError(f"Neo4j at {self.conn.uri} is unavailable: {exc}") from exc
        return columns, rows[:max_rows], len(rows) > max_rows

    def counts(self) -> dict[str, int]:
        out = {}
        for n in schema.NODES:
            out[n.label] = self.query(f"MATCH (n:{n.label}) RETURN count(n)")[1][0][0]
        for r in schema.RELS:
            out[r.type] = self.query(f"MATCH ()-[r:{r.type}]->() RETURN count(r)")[1][0][0]
        return out

    def close(self) -> None:
        self._driver.close()


def _neo4j_message(exc: Neo4jError, timeout_s: float) -> str:
    code = exc.code or ""
    if "AccessMode" in code:
        return "Neo4j refused a write: the console is read-only"
    if "TransactionTimedOut" in code or "Terminated" in code:
        return (f"the query ran longer than {timeout_s:g} s and was stopped by Neo4j; narrow it (a WHERE, a "
                "LIMIT) or raise the time limit")
    return f"{code}: {(exc.message or '').splitlines()[0] if exc.message else exc}"
