"""The same graph in LadybugDB and a real Neo4j: equal counts, identical named-query rows, idempotent loads,
read-only consoles enforced by the engines, and an interrupted load that commits no partial batch."""

import datetime

import pytest

from graph.build import PropertyGraph, Rel
from graph.neo4j_store import Connection, Neo4jGraph, load_neo4j
from ingest.errors import QueryError, StoreError
from queries.named import all_queries

NAMED = sorted(all_queries())


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def rows(session, cypher, params=None):
    columns, data = session.query(cypher, params or {})
    return columns, [[_plain(v) for v in r] for r in data]


def test_ladybug_counts_equal_the_model(ladybug_session, sample_graph):
    expected = sample_graph.counts()
    for label in ("Document", "Action", "Task", "Assignment", "Unit"):
        assert rows(ladybug_session, f"MATCH (n:{label}) RETURN count(n)")[1][0][0] == expected[label]
    assert expected["Assignment"] == 40 and expected["Task"] == 29 and expected["Action"] == 9
    for rel in ("LEADS", "RESPONSIBLE_FOR", "HAS_ASSIGNMENT", "MEMBER_OF", "CONCERNS", "SETS_TARGET"):
        assert rows(ladybug_session, f"MATCH ()-[r:{rel}]->() RETURN count(r)")[1][0][0] == expected[rel], rel


@pytest.mark.neo4j
def test_neo4j_counts_equal_the_model(neo4j_sample, sample_graph):
    assert neo4j_sample.counts() == sample_graph.counts()


@pytest.mark.neo4j
def test_loading_twice_changes_nothing(neo4j_sample, sample_graph):
    before = neo4j_sample.counts()
    load_neo4j(sample_graph, neo4j_sample.conn)
    assert neo4j_sample.counts() == before


@pytest.mark.neo4j
@pytest.mark.parametrize("name", NAMED)
def test_named_query_gives_identical_rows_on_both_engines(name, ladybug_session, neo4j_sample):
    query = all_queries()[name]
    params = {k: v for k, v in query.example.items() if k in query.param_names}
    assert set(params) == set(query.param_names), f"{name}: example must give every parameter"
    lb_columns, lb_rows = rows(ladybug_session, query.text, params)
    neo_columns, neo_rows = rows(neo4j_sample, query.text, params)
    assert lb_columns == neo_columns
    assert lb_rows == neo_rows
    assert lb_rows, f"{name} returns nothing on the sample: its example is not a useful demo"


@pytest.mark.neo4j
@pytest.mark.parametrize("role", ["lead", "responsible", "cooperating", "lead,responsible"])
def test_a_role_asked_of_units_on_an_industry_gives_identical_rows_on_both_engines(role, ladybug_session,
                                                                                  neo4j_sample):
    """units_on_industry's role (集成电路相关任务有哪些配合单位) filters with CONTAINS on both engines alike; the
    parity test above runs its example, which asks for no role."""
    query = all_queries()["units_on_industry"]
    params = {**{k: v for k, v in query.example.items() if k in query.param_names}, "role": role}
    lb = rows(ladybug_session, query.text, params)
    assert lb == rows(neo4j_sample, query.text, params)
    every = rows(ladybug_session, query.text, {**params, "role": ""})[1]
    # the sample names lead and responsible units only: one role is fewer rows than both, both are all of them
    assert (lb[1] == every) if role == "lead,responsible" else (lb[1] != every), "the role filters"


@pytest.mark.parametrize("statement", ["CREATE (n:Unit {id: 'x', name: 'x'})", "MATCH (n:Unit) SET n.name = 'y'",
                                       "MATCH (n:Unit) DETACH DELETE n"])
def test_ladybug_console_is_read_only(ladybug_session, statement):
    with pytest.raises(QueryError):
        ladybug_session.query(statement)
    assert rows(ladybug_session, "MATCH (n:Unit) WHERE n.name = 'y' OR n.id = 'x' RETURN count(n)")[1] == [[0]]


@pytest.mark.neo4j
def test_neo4j_console_is_read_only(neo4j_sample):
    with pytest.raises(QueryError, match="read-only"):
        neo4j_sample.query("CREATE (n:Unit {id: 'x', name: 'x'})")
    assert rows(neo4j_sample, "MATCH (n:Unit {id: 'x'}) RETURN count(n)")[1] == [[0]]


@pytest.mark.neo4j
def test_a_failing_batch_is_rolled_back_and_reported(neo4j_uri):
    conn = Connection(neo4j_uri)
    with conn.driver() as driver:
        driver.execute_query("MATCH (n:Unit) WHERE n.id STARTS WITH 'unit:test-' DETACH DELETE n")
    graph = PropertyGraph()
    for i in range(6):
        graph.add_node("Unit", {"id": f"unit:test-{i}", "name": f"test-{i}", "kind": "unknown", "aliases": []})
    graph.nodes["Unit"]["unit:test-4"]["aliases"] = [{"not": "storable"}]  # a map in a list: Neo4j refuses
    with pytest.raises(StoreError, match=r"stopped at batch 3 .*rolled back, 2 earlier batches are committed"):
        load_neo4j(graph, conn, batch_size=2)
    session = Neo4jGraph(conn)
    try:
        stored = rows(session, "MATCH (n:Unit) WHERE n.id STARTS WITH 'unit:test-' RETURN n.id ORDER BY n.id")[1]
    finally:
        session.close()
    assert stored == [["unit:test-0"], ["unit:test-1"], ["unit:test-2"], ["unit:test-3"]]


@pytest.mark.neo4j
def test_server_stopping_midway_is_reported(sample_graph):
    from conftest import _require
    from neo4j_server import Neo4jTestServer, neo4j_unavailable_reason

    if neo4j_unavailable_reason():
        if _require("POLICYKG_REQUIRE_NEO4J"):
            pytest.fail(neo4j_unavailable_reason())
        pytest.skip(neo4j_unavailable_reason())
    server = Neo4jTestServer()
    server.start()
    try:
        def kill_after_two(n, _description):
            if n == 2:
                server.kill()

        with pytest.raises(StoreError, match="stopped at batch 3"):
            load_neo4j(sample_graph, Connection(server.uri), batch_size=5, on_batch=kill_after_two)
    finally:
        server.stop()


def test_unknown_relationship_pair_is_refused():
    with pytest.raises(ValueError, match="does not connect"):
        PropertyGraph().add_rel(Rel("LEADS", "Task", "a", "Unit", "b"))


def test_a_graph_built_by_another_schema_is_rebuilt_when_opened(tmp_path, sample_store):
    """An older policykg's graph lacks today's properties; the stored documents rebuild it on first open."""
    import shutil

    from graph.store import Store

    shutil.copytree(sample_store.root, tmp_path / "s")
    store = Store(tmp_path / "s")
    (store.root / "graph.schema").write_text("0123456789abcdef\n", encoding="utf-8")
    before = store.graph_path.stat().st_mtime_ns
    session = store.open_graph()
    try:
        assert store.graph_path.stat().st_mtime_ns != before
        assert session.query("MATCH (a:Assignment) WHERE a.order_key IS NULL RETURN count(*)")[1] == [[0]]
    finally:
        session.close()
    (store.root / "graph.schema").unlink()  # a store from before the fingerprint existed
    store.open_graph().close()
    assert (store.root / "graph.schema").read_text(encoding="utf-8") == \
        (sample_store.root / "graph.schema").read_text(encoding="utf-8")
    rebuilt = store.graph_path.stat().st_mtime_ns
    store.open_graph().close()
    assert store.graph_path.stat().st_mtime_ns == rebuilt  # current: opened as it is


def test_a_session_shared_by_threads_can_be_closed_under_them(sample_store):
    """The app's tabs share one session; closing it (an upload reopens the store) must never crash a query in
    flight: each query either completes with the right answer or fails with ClosedSessionError."""
    import threading

    from ingest.errors import ClosedSessionError

    session = sample_store.open_graph()
    expected = session.query("MATCH (a:Assignment) RETURN count(*)")[1]
    outcomes: list[str] = []
    started = threading.Barrier(5)

    def reader() -> None:
        started.wait()
        for _ in range(200):
            try:
                assert session.query("MATCH (a:Assignment) RETURN count(*)")[1] == expected
                outcomes.append("answered")
            except ClosedSessionError:
                outcomes.append("closed")
                return

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait()
    while outcomes.count("answered") < 20 and any(t.is_alive() for t in threads):
        threading.Event().wait(0.001)
    session.close()
    for t in threads:
        t.join(timeout=30)
    assert session.closed and not any(t.is_alive() for t in threads)
    assert outcomes.count("answered") >= 20 and set(outcomes) <= {"answered", "closed"}
    session.close()  # twice is fine
    with pytest.raises(ClosedSessionError, match="open the store again"):
        session.query("RETURN 1")


@pytest.mark.neo4j
def test_units_of_several_places_never_merge_in_neo4j(neo4j_uri, sample_graph, places_store):
    """The sample with a province, another city and a Qingdao district: in Neo4j too, every unit's duties come
    from documents of its own place or places under it, and Qingdao's and Guangzhou's 市财政局 are two nodes."""
    from conftest import neo4j_holding
    from test_places import OUTSIDE_ITS_PLACE

    with neo4j_holding(Connection(neo4j_uri), places_store.graph(), sample_graph) as session:
        assert rows(session, OUTSIDE_ITS_PLACE)[1] == []
        finance = rows(session, "MATCH (u:Unit {name: '市财政局'}) RETURN u.place ORDER BY u.place")[1]
        assert finance == [["广州市"], ["青岛市"]]
