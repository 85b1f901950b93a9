"""One factory for a read-only session: the embedded store, or a Neo4j server when a URI is given.

The CLI and the app call ``open_session``; credentials come from the arguments or from the environment
(POLICYKG_NEO4J_URI, _USER, _PASSWORD, _DATABASE: ingest/settings.py), never from a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.settings import get


def neo4j_connection(uri: str | None = None, user: str | None = None, password: str | None = None,
                     database: str | None = None):
    """The Neo4j connection the arguments or the environment name, or None for the embedded store."""
    uri = uri or str(get("neo4j_uri"))
    if not uri:
        return None
    from .neo4j_store import Connection

    return Connection(uri, user or str(get("neo4j_user")), password or str(get("neo4j_password")),
                      (database or str(get("neo4j_database"))) or None)


def open_session(store_root: Path | str, neo4j_uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None, *, both_empty_ok: bool = False):
    """A read-only session (``query(cypher, params) -> (columns, rows)``, ``close()``) on Neo4j when a URI is
    given here or in POLICYKG_NEO4J_URI, else on the store at ``store_root``. ``both_empty_ok``: an empty server
    is fine while the store is empty too (the app on its first day: its Upload page fills both)."""
    conn = neo4j_connection(neo4j_uri, user, password, database)
    if conn is not None:
        from .neo4j_store import Neo4jGraph

        session = Neo4jGraph(conn)
        try:
            check_loaded(session, store_root, both_empty_ok)
        except BaseException:
            session.close()
            raise
        return session
    from .store import Store

    return Store(store_root).open_graph()


def load_hint(store_root: Path | str, conn) -> str:
    """What to run to load the server ``conn`` from the store at ``store_root``, with both written out."""
    return f"load it from the store: policykg --store {store_root} load-neo4j --uri {conn.shown}"


def check_loaded(session, store_root: Path | str, both_empty_ok: bool = False) -> None:
    """A Neo4j server answers only when it holds a graph this policykg made: an empty database, or one loaded
    by another version (another graph schema or gazetteers: properties missing, old aliases), answered every
    question with silence or wrong places. StoreError says which, and what to run."""
    from ingest.errors import StoreError

    from .neo4j_store import STAMP
    from .resources import graph_stamp
    from .store import Store

    stamps = {stamp for stamp, in session.query(f"MATCH (d:Document) RETURN DISTINCT d.{STAMP} LIMIT 3")[1]}
    if not stamps:
        if Store(store_root).ids():
            raise StoreError(f"the Neo4j server at {session.conn.shown} holds no documents: "
                             f"{load_hint(store_root, session.conn)}")
        if both_empty_ok:
            return
        raise StoreError(f"the Neo4j server at {session.conn.shown} holds no documents, nor does the store "
                         f"{store_root}: add documents first (policykg --store {store_root} ingest FILE…, then "
                         f"load-neo4j --uri {session.conn.shown}; or the app's Upload page, which loads both)")
    if stamps != {graph_stamp()}:
        raise StoreError(stamped_otherwise(load_hint(store_root, session.conn)))


def stamped_otherwise(hint: str) -> str:
    """Which side is the older one the stamps cannot tell: an app started before an upgrade reads a server the
    new version loaded as "another version", and load-neo4j (the new code) finds nothing to do. Both remedies."""
    return ("the Neo4j server was loaded by another version of policykg than this program (another graph schema "
            f"or gazetteers), so its answers would miss facts: {hint} (it loads everything again); if load-neo4j "
            "says the server already matches, this program is the older one, started before an upgrade: restart "
            "it (policykg serve for the app)")


def session_graph(session, document_id: str | None = None, reads: tuple | None = None):
    """The PropertyGraph behind a session (exports from Neo4j), whole or of one document; of the whole graph,
    only the node labels and relationship types ``reads`` names (an ``Exporter.reads``) when it names them."""
    from .readback import read_graph
    from .resources import load_gazetteers

    return read_graph(session, load_gazetteers(), document_id, reads if document_id is None else None)


def export_graph(fmt: str, store, session=None, document_id: str | None = None):
    """The graph an export of ``fmt`` is made from, the one rule the CLI and the Exports page follow: one
    document's built from its stored file (``document_id``; read back on Neo4j), the corpus's read from the
    session's graph (the store's own when ``session`` is None), only what the format reads. Every export of a
    corpus rebuilt the whole property graph from every stored file, a workbook of 1,000 documents included,
    which reads a seventh of it. ``session``: Neo4j's, or the app's open one."""
    from .exporters import get

    reads = get(fmt).reads
    if session is None or session.engine != "neo4j":
        if document_id is not None:
            return store.graph(document_id)
        own = store.open_graph() if session is None else None
        try:
            return _corpus_graph(fmt, own or session, reads)
        finally:
            if own is not None:
                own.close()
    if document_id is None:
        return _corpus_graph(fmt, session, reads)
    return session_graph(session, document_id, reads)


def write_export(fmt: str, store, path: Path | str, session=None, document_id: str | None = None,
                 **options) -> int:
    """The export of ``fmt`` written to ``path`` (graph/exporters.write_file); returns its size. A format that
    streams (nt, cypher, neo4j-csv, graphml, gexf) writes the corpus's graph as it reads it from the session (the
    store's own when ``session`` is None), a page of rows at a time, with no limit: memory is one page, not the
    corpus. Every other
    export, and one document's, is made from the graph ``export_graph`` gives."""
    from .exporters import get, write_file
    from .readback import GraphPages

    if get(fmt).stream is None or document_id is not None:
        return write_file(fmt, export_graph(fmt, store, session, document_id), path, **options)
    own = store.open_graph() if session is None else None
    try:
        return write_file(fmt, GraphPages(own or session), path, **options)
    finally:
        if own is not None:
            own.close()


def _corpus_graph(fmt: str, session, reads):
    """A format that refuses a graph too big for its writer refuses it before the graph is read: counted by the
    engine, not by reading it."""
    from .exporters import check_limit, get

    if get(fmt).limit is not None:
        check_limit(fmt, graph_rows(session))
    return session_graph(session, None, reads)


def graph_rows(session) -> int:
    """Nodes and relationships of the session's graph, counted by the engine."""
    nodes = session.query("MATCH (n) RETURN count(n)")[1][0][0]
    return nodes + session.query("MATCH ()-[r]->() RETURN count(r)")[1][0][0]


def server_documents(session) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Id → (graph stamp, loading store's identity, reading) of every document a Neo4j server holds."""
    from .neo4j_store import ORIGIN, READING, STAMP

    return {r[0]: (r[1], r[2], r[3]) for r in session.query(
        f"MATCH (d:Document) RETURN d.id, d.{STAMP}, d.{ORIGIN}, d.{READING} ORDER BY d.id")[1]}


def server_generation(held: dict[str, tuple]) -> str:
    """A short digest of what the server holds (``server_documents``): it changes with every load that changes
    the server, so whatever a reader keeps from the server (a session's lexicon, years, recurrences) is read
    again after ``load-neo4j``. Documents' ids follow their content, their readings what the store read."""
    import hashlib

    digest = hashlib.sha256()
    for doc_id in sorted(held):
        digest.update(repr((doc_id, *held[doc_id])).encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Mirror:
    """How a Neo4j server's documents compare with the store's (``mirror_of``)."""

    held: int  # documents on the server
    stored: int  # documents in the store
    differ: int  # on one side only, or read otherwise in the store since the load
    other_store: bool  # the server was loaded from another store: load-neo4j here is no fix


def mirror_of(held: dict[str, tuple], store) -> Mirror | None:
    """None when the server holds what the store holds (the same documents, as the store reads them now), else
    how they differ: answers from the server would not be the store's."""
    from .neo4j_store import reading_of

    stored = {e.id: reading_of(e) for e in store.manifest()}
    differ = set(held) ^ set(stored)
    differ |= {i for i in set(held) & set(stored) if held[i][2] is not None and held[i][2] != stored[i]}
    if not differ:
        return None
    origins = {origin for _stamp, origin, _read in held.values() if origin}
    return Mirror(len(held), len(stored), len(differ), bool(origins) and origins != {store.identity(make=False)})


def mirror_warning(mirror: Mirror) -> str:
    """The command line's one line for ``mirror_of`` (the app says it on the page, in both languages)."""
    if mirror.other_store:
        return (f"warning: the Neo4j server mirrors another store ({mirror.held} documents; this store has "
                f"{mirror.stored}, {mirror.differ} differ): its answers are not this store's")
    return (f"warning: the Neo4j server's documents differ from the store's ({mirror.held} there, {mirror.stored} "
            f"here, {mirror.differ} differ), so its answers are not the store's: run policykg load-neo4j")
