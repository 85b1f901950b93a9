"""Shared fixtures: the bundled sample in a real store, and a real Neo4j server for the session."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "qingdao-2024-industry-nine-actions.txt"
GOLDEN = ROOT / "tests" / "golden"
# A province, a city other than Qingdao and a Qingdao district: with the sample, a store of several places.
PLACE_DOCUMENTS = tuple(ROOT / "tests" / "documents" / n
                        for n in ("anhui-province-trade.txt", "guangzhou-city-talent.txt", "jimo-district-tax.txt"))
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def resources():
    from graph.store import load_resources

    return load_resources()


def parse_properties(examples: int):
    """Hypothesis settings of a property test that calls the session-wide ``parse``: the fixture is shared on
    purpose (it holds the tagger), and one example may take longer than hypothesis expects."""
    from hypothesis import HealthCheck, settings

    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="session")
def parse(resources):
    """Text → PolicyDocument with the project's gazetteers, for the small per-format fixtures."""
    from ingest.parse import parse_text

    def run(text: str):
        return parse_text(text, resources.units, tagger=resources.tagger)

    return run


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def sample_doc(sample_bytes, resources):
    from ingest.pipeline import ingest_bytes

    return ingest_bytes(sample_bytes, SAMPLE.name, resources)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """A store with the sample ingested; read-only for tests (copy it with ``fresh_store`` to write)."""
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("store") / "s")
    store.ingest_paths([SAMPLE])
    return store


@pytest.fixture()
def fresh_store(tmp_path):
    from graph.store import Store

    return Store(tmp_path / "store")


@pytest.fixture(scope="session")
def sample_graph(sample_store):
    return sample_store.graph()


@pytest.fixture(scope="session")
def ladybug_session(sample_store):
    session = sample_store.open_graph()
    yield session
    session.close()


def _require(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0")


@pytest.fixture(scope="session")
def neo4j_uri():
    """A real Neo4j: NEO4J_URI when set, else the embedded test server from tools/neo4j."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    from neo4j_server import Neo4jTestServer, neo4j_unavailable_reason

    reason = neo4j_unavailable_reason()
    if reason:
        if _require("POLICYKG_REQUIRE_NEO4J"):
            pytest.fail(f"POLICYKG_REQUIRE_NEO4J is set but no Neo4j is available: {reason}")
        pytest.skip(f"no Neo4j: {reason} (set NEO4J_URI or install java and maven)")
    server = Neo4jTestServer()
    server.start()
    yield server.uri
    server.stop()


@pytest.fixture(scope="session")
def places_store(tmp_path_factory):
    """The sample and ``PLACE_DOCUMENTS`` in one store, built once; tests that change a store change a copy."""
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("places") / "s")
    store.ingest_paths([SAMPLE, *PLACE_DOCUMENTS])
    return store


@pytest.fixture(scope="session")
def neo4j_sample(neo4j_uri, sample_graph):
    """The sample loaded into a fresh database of the session's Neo4j, and a read-only session on it."""
    from graph.neo4j_store import Connection, Neo4jGraph

    conn = Connection(neo4j_uri)
    replace_neo4j_graph(conn, sample_graph)
    session = Neo4jGraph(conn)
    yield session
    session.close()


@pytest.fixture()
def neo4j_to_restore(neo4j_uri, sample_graph):
    """The session's Neo4j, emptied for a test and given back holding the sample alone, as other tests expect."""
    from graph.neo4j_store import Connection, load_neo4j

    conn = Connection(neo4j_uri)
    with conn.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    yield conn
    with conn.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    load_neo4j(sample_graph, conn)


def replace_neo4j_graph(conn, graph, batch_size: int | None = None) -> None:
    """The test Neo4j emptied (in transactions of 5,000, so a big graph goes too) and ``graph`` loaded."""
    from graph.neo4j_store import load_neo4j

    with conn.driver() as driver, driver.session(database=conn.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    load_neo4j(graph, conn, **({"batch_size": batch_size} if batch_size else {}))


def notice_store(folder: Path, text: str):
    """A store holding one notice written as ``folder``/notice.txt, ingested as a user would."""
    from graph.store import Store

    (folder / "notice.txt").write_text(text, encoding="utf-8")
    store = Store(folder / "s")
    store.ingest_paths([folder / "notice.txt"])
    return store


def asked(store, question: str, **kwargs):
    """``queries.ask.answer`` to ``question`` on a session of ``store``, closed after."""
    from queries.ask import answer

    session = store.open_graph()
    try:
        return answer(session, question, **kwargs)
    finally:
        session.close()


def contract_by_label(store) -> dict[str, dict]:
    """The store's assignments as contract objects, by their task's label (documents of one task per label)."""
    from queries.contract import assignments

    session = store.open_graph()
    try:
        return {a["task"]["label"]: a for a in assignments(session)}
    finally:
        session.close()


@contextmanager
def neo4j_holding(conn, graph, sample_graph, batch_size: int | None = None):
    """A read-only session on the test Neo4j holding ``graph``; afterwards the sample is put back, since the
    session's other Neo4j tests read the sample alone."""
    from graph.neo4j_store import Neo4jGraph

    replace_neo4j_graph(conn, graph, batch_size)
    session = Neo4jGraph(conn)
    try:
        yield session
    finally:
        session.close()
        replace_neo4j_graph(conn, sample_graph, batch_size)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")
