"""The Cypher console on both engines: every probe of the security issues refused by the allow-list with one
line naming the clause, nothing read, written or executed; reads allowed (every named query included); a row cap
and a timeout that hold on an expensive query over a store of a few hundred documents, while other queries still
answer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from conftest import SAMPLE, neo4j_holding

from ingest.errors import QueryError
from queries.console import Limits, capped, check, run_console, tokens
from queries.named import all_queries

N_DOCUMENTS = 200
CARTESIAN = "MATCH (a:Assignment), (b:Assignment), (t:Task) RETURN count(a.id + b.id + t.id) AS n"
CROSS_ROWS = "MATCH (a:Assignment), (b:Assignment) RETURN a.id + '/' + b.id AS pair"


@pytest.fixture(params=["ladybug", "neo4j"])
def session(request):
    """The sample on each engine, read through the console."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_sample")
    return request.getfixturevalue("ladybug_session")


def refused(session, text: str, params: dict | None = None) -> str:
    with pytest.raises(QueryError) as caught:
        run_console(session, text, params or {})
    message = str(caught.value)
    assert "\n" not in message, "one line"
    return message


PROBES = [
    ("LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *", "LOAD"),
    ("COPY (MATCH (u:Unit) RETURN u.name) TO '{tmp}/x.csv'", "COPY"),
    ("INSTALL httpfs", "INSTALL"),
    ("INSTALL json", "INSTALL"),
    ("INSTALL httpfs FROM 'http://127.0.0.1:9/ext'", "INSTALL"),
    ("LOAD EXTENSION '{tmp}/evil.so'", "LOAD"),
    ("LOAD httpfs", "LOAD"),
    ("ATTACH '{tmp}/other.lbug' AS other (dbtype lbug)", "ATTACH"),
    ("DETACH other", "DETACH"),
    ("USE other", "USE"),
    ("EXPORT DATABASE '{tmp}/dump'", "EXPORT"),
    ("IMPORT DATABASE '{tmp}/dump'", "IMPORT"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("COMMIT", "COMMIT"),
    ("ROLLBACK", "ROLLBACK"),
    ("CALL timeout=1", "CALL timeout"),
    ("CALL threads=1", "CALL threads"),
    ("CALL dbms.components()", "CALL dbms.components"),
    ("CALL dbms.setConfigValue('db.logs.query.enabled', 'off')", "CALL dbms.setConfigValue"),
    ("CALL apoc.load.json('file:///etc/passwd')", "CALL apoc.load.json"),
    ("CALL db.createLabel('X')", "CALL db.createLabel"),
    ("CALL project_graph('g', ['Unit'], ['LEADS'])", "CALL project_graph"),
    ("MATCH (u:Unit) CALL { CREATE (:Unit {id: 'x'}) } RETURN u", "CALL {"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD"),
    ("MATCH (u:Unit) RETURN u.name; MATCH (n) DETACH DELETE n", "several statements"),
    ("RETURN 1; RETURN 2", "several statements"),
    ("MATCH (u:Unit) RETURN u.name /* harmless */ ; CREATE (n:Unit {id: 'x'})", "several statements"),
    ("// only a comment\nCREATE (n:Unit {id: 'x', name: 'x'})", "CREATE"),
    ("/* MATCH (n) RETURN n */ CHECKPOINT", "CHECKPOINT"),
    ("MATCH (n:Unit) /* RETURN n */ DETACH DELETE n", "DETACH"),
    ("MATCH (n:Unit) // RETURN n\nSET n.name = 'y'", "SET"),
    ("MATCH (n:Unit) WHERE n.name = 'a' MERGE (m:Unit {id: 'y'})", "MERGE"),
    ("MATCH (n:Unit) REMOVE n.kind", "REMOVE"),
    ("MATCH (n:Unit) DELETE n", "DELETE"),
    ("DROP TABLE Unit", "DROP"),
    ("ALTER TABLE Unit ADD x STRING", "ALTER"),
    ("CREATE NODE TABLE X(id STRING, PRIMARY KEY (id))", "CREATE"),
    ("UNWIND [1, 2] AS x FOREACH (y IN [x] | CREATE (:Unit {id: toString(y)}))", "FOREACH"),
    ("MATCH (u:Unit) RETURN apoc.text.join([u.name], ',')", "function apoc.text.join"),
    ("RETURN 'unclosed", "not closed"),
    ("RETURN 1 /* unclosed", "not closed"),
    ("", "empty query"),
    ("EXPLAIN MATCH (u:Unit) RETURN u", "EXPLAIN"),
    ("SHOW DATABASES", "SHOW"),
    ("(u:Unit) RETURN u", "may not start"),
    ("RETURN 1 UNION", "UNION needs"),
]


@pytest.mark.parametrize("probe, names", PROBES, ids=[p[0][:40] for p in PROBES])
def test_probe_is_refused_naming_the_clause(session, tmp_path, probe, names):
    message = refused(session, probe.replace("{tmp}", str(tmp_path)))
    assert names in message
    assert not list(tmp_path.iterdir()), "nothing was written"


@pytest.mark.parametrize(("slip", "says"), [
    ("MATCH (n) RETURN 'abc", "not understood: a string '…' is not closed"),
    ("MATHC (u:Unit) RETURN u", "did you mean MATCH?"),
    ("MATCH (n) RETURN n LIMIT", "not understood: LIMIT|SyntaxError"),  # LadybugDB: our cap; Neo4j: its parser
])
def test_a_slip_in_writing_is_not_understood_not_refused(session, slip, says):
    """An unclosed quote or a misspelt MATCH was answered "refused …; the console is read-only", which sent
    analysts looking for a permission they did not need."""
    message = refused(session, slip)
    assert any(s in message for s in says.split("|")) and "read-only" not in message


def test_type_of_a_relationship_gets_the_dialects_way(session):
    query = "MATCH (:Unit)-[r]->(:Assignment) RETURN type(r) LIMIT 1"
    if session.engine == "neo4j":
        assert run_console(session, query).rows, "Neo4j has type(r)"
        return
    message = refused(session, query)
    assert "function TYPE does not exist" in message and "label(r)" in message


def test_label_of_a_relationship_on_neo4j_gets_its_way_too(session):
    query = "MATCH (:Unit)-[r]->(:Assignment) RETURN label(r) LIMIT 1"
    if session.engine != "neo4j":
        assert run_console(session, query).rows, "LadybugDB has label(r)"
        return
    message = refused(session, query)
    assert "type(r)" in message and "r.role" in message


def test_refusals_say_the_console_is_read_only(session):
    assert "read-only" in refused(session, "CREATE (n:Unit {id: 'x'})")


def test_a_procedure_of_the_other_engine_is_refused(ladybug_session, neo4j_sample):
    assert "db.labels" in refused(ladybug_session, "CALL db.labels()")
    assert "show_tables" in refused(neo4j_sample, "CALL show_tables() RETURN *")


@pytest.mark.parametrize("text", [
    "MATCH (t:Task) WHERE NOT t.title CONTAINS 'CREATE' RETURN count(t) AS n",
    "MATCH (t:Task) WHERE t.title <> \"LOAD FROM '/etc/passwd'; DROP TABLE Unit\" RETURN count(t) AS n",
    "MATCH (u:Unit) /* CREATE (x) */ RETURN u.name AS `set` // DELETE\nORDER BY `set` LIMIT 3",
    "MATCH (u:Unit) WHERE u.name = 'a\\'b; CREATE (x)' RETURN count(u) AS n",
    "MATCH (a:Assignment) RETURN a.task_label AS label, count(*) AS n ORDER BY n DESC SKIP 1 LIMIT 5;",
    "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN x UNION ALL RETURN 9 AS x",
    "OPTIONAL MATCH (u:Unit)-[:LEADS]->(a:Assignment) WHERE u.name = $unit RETURN count(a) AS n",
    "MATCH (u:Unit) WHERE EXISTS { MATCH (u)-[:LEADS]->(:Assignment) } RETURN count(u) AS n",
    "MATCH (a:Assignment) WHERE a.due_end <= date('2024-06-30') RETURN count(a) AS n",
])
def test_reads_are_allowed(session, text):
    result = run_console(session, text, {"unit": "市财政局"})
    assert result.columns and result.rows


def test_a_word_in_a_string_is_data(session):
    result = run_console(session, "RETURN 'CREATE, LOAD FROM, COPY, CHECKPOINT' AS s", {})
    assert result.rows == [["CREATE, LOAD FROM, COPY, CHECKPOINT"]]


def test_schema_listing_is_allowed(ladybug_session, neo4j_sample):
    tables = run_console(ladybug_session, "CALL show_tables() RETURN *")
    assert any("Unit" in row for row in tables.rows)
    info = run_console(ladybug_session, "CALL table_info('Unit') RETURN *")
    assert any("name" in row for row in info.rows)
    labels = run_console(neo4j_sample, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert ["Unit"] in labels.rows
    assert run_console(neo4j_sample, "CALL db.relationshipTypes()").rows


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_every_named_query_passes_the_allow_list(session, name):
    q = all_queries()[name]
    result = run_console(session, q.text, {k: v for k, v in q.example.items() if k in q.param_names})
    assert result.columns and not result.truncated
    direct = session.query(q.text, {k: v for k, v in q.example.items() if k in q.param_names})
    assert result.rows == direct[1], "the console changes nothing about what a query answers"


def test_engine_read_only_mode_stays_underneath(session):
    """Defence in depth: a write that got past the allow-list is still refused by the engine."""
    with pytest.raises(QueryError, match="read-only"):
        session.console("CREATE (n:Unit {id: 'x', name: 'x'})", {}, timeout_s=5, max_rows=10)


def test_refused_checkpoint_leaves_a_store_that_opens(tmp_path):
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_paths([SAMPLE])
    session = store.open_graph()
    refused(session, "CHECKPOINT")
    refused(session, "/* x */ checkpoint;")
    session.close()
    assert not [p for p in store.root.iterdir() if p.suffix in (".shadow", ".wal")]
    again = store.open_graph()
    try:
        assert again.query("MATCH (a:Assignment) RETURN count(*)")[1] == [[40]]
    finally:
        again.close()


# -- the row cap ----------------------------------------------------------------------------------------------

def test_row_cap_shows_the_first_rows_and_says_so(session):
    result = run_console(session, "MATCH (a:Assignment) RETURN a.id AS id ORDER BY id", {}, Limits(max_rows=7))
    assert len(result.rows) == 7 and result.truncated
    assert result.notice == "showing the first 7 rows"
    exact = run_console(session, "MATCH (a:Assignment) RETURN a.id AS id LIMIT 7", {}, Limits(max_rows=7))
    assert len(exact.rows) == 7 and not exact.truncated and exact.notice == ""
    everything = run_console(session, "MATCH (a:Assignment) RETURN a.id AS id", {}, Limits(max_rows=40))
    assert len(everything.rows) == 40 and not everything.truncated


def test_limits_are_checked():
    with pytest.raises(QueryError, match="timeout"):
        Limits(timeout_s=0)
    with pytest.raises(QueryError, match="row cap"):
        Limits(max_rows=0)


@pytest.mark.parametrize("text, expected", [
    ("MATCH (n) RETURN n", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT 5", "MATCH (n) RETURN n LIMIT 5"),
    ("MATCH (n) RETURN n LIMIT 500", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT $k;", "MATCH (n) RETURN n LIMIT 11;"),
    ("MATCH (n) RETURN n SKIP 3 // tail", "MATCH (n) RETURN n SKIP 3 LIMIT 11 // tail"),
    ("MATCH (n) WITH n LIMIT 3 RETURN n", "MATCH (n) WITH n LIMIT 3 RETURN n LIMIT 11"),
    ("RETURN 1 AS x UNION ALL RETURN 2 AS x", "RETURN 1 AS x LIMIT 11 UNION ALL RETURN 2 AS x LIMIT 11"),
    ("MATCH (u) WHERE EXISTS { MATCH (u)-->() RETURN u } RETURN u", "MATCH (u) WHERE EXISTS { MATCH (u)-->() "
     "RETURN u } RETURN u LIMIT 11"),
    ("CALL show_tables() RETURN *", "CALL show_tables() RETURN * LIMIT 11"),
])
def test_the_cap_is_written_into_ladybug_queries(text, expected):
    assert capped(text, check(text, "ladybug"), 11, {"k": 100}) == expected


def test_a_limit_that_is_not_a_number_is_refused():
    text = "MATCH (n) RETURN n LIMIT 1 + 1"
    with pytest.raises(QueryError, match="LIMIT takes"):
        capped(text, check(text, "ladybug"), 11, {})


def test_comments_and_strings_are_not_tokens():
    kinds = [(t.kind, t.text) for t in tokens("RETURN 'a // b' /* c */ AS `x y` // d")]
    assert kinds == [("word", "RETURN"), ("string", "'a // b'"), ("word", "AS"), ("name", "`x y`")]


# -- an expensive query on a store of a few hundred documents ---------------------------------------------------

@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    from bench.synth import corpus
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("big") / "store")
    store.ingest_sources([(data, name) for name, data in corpus(N_DOCUMENTS)])
    return store


@pytest.fixture(scope="module")
def big_ladybug(big_store):
    session = big_store.open_graph()
    yield session
    session.close()


@pytest.fixture(scope="module")
def big_neo4j(neo4j_uri, big_store, request):
    """The big graph in the session's Neo4j; the sample is put back afterwards for the other test modules."""
    from graph.neo4j_store import Connection

    request.getfixturevalue("neo4j_sample")  # loaded first, so the restore below restores what others expect
    with neo4j_holding(Connection(neo4j_uri), big_store.graph(), request.getfixturevalue("sample_graph"),
                       batch_size=5000) as session:
        yield session


@pytest.fixture(params=["ladybug", "neo4j"])
def big(request):
    return request.getfixturevalue(f"big_{request.param}")


def test_the_big_store_has_a_few_hundred_documents(big):
    assert big.query("MATCH (d:Document) RETURN count(d)")[1] == [[N_DOCUMENTS]]


def test_a_cartesian_product_is_stopped_by_the_timeout(big):
    started = time.monotonic()
    with pytest.raises(QueryError, match="ran longer than 2 s"):
        run_console(big, CARTESIAN, {}, Limits(timeout_s=2))
    assert time.monotonic() - started < 15


def test_a_huge_answer_is_capped_without_building_it(big):
    """Some 60 million rows exist; the console returns the first ones quickly instead of all of them."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = run_console(big, CROSS_ROWS, {}, Limits(timeout_s=20, max_rows=500))
    assert len(result.rows) == 500 and result.truncated and result.notice == "showing the first 500 rows"
    assert time.monotonic() - started < 15
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 300, f"the process grew {grown_mb:.0f} MB for 500 rows"


def test_other_queries_answer_while_a_runaway_query_runs(big):
    errors: list[Exception] = []

    def runaway():
        try:
            run_console(big, CARTESIAN, {}, Limits(timeout_s=6))
        except QueryError as exc:
            errors.append(exc)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(1.0)
    assert thread.is_alive(), "the runaway query is still running"
    started = time.monotonic()
    assert big.query("MATCH (u:Unit) WHERE u.name = $n RETURN count(u)", {"n": "市财政局"})[1] == [[1]]
    console = run_console(big, "MATCH (d:Document) RETURN count(d) AS n", {}, Limits(timeout_s=5))
    answered = time.monotonic() - started
    assert thread.is_alive(), "both answers came while the runaway query was still running"
    assert console.rows == [[N_DOCUMENTS]] and answered < 3
    thread.join(30)
    assert errors and "ran longer than 6 s" in str(errors[0])


def test_closing_waits_for_a_console_query_in_flight(big_store):
    session = big_store.open_graph()
    outcome: list[object] = []

    def runaway():
        try:
            run_console(session, CARTESIAN, {}, Limits(timeout_s=2))
        except QueryError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    session.close()  # waits for the query (at most its timeout) instead of closing the database under it
    thread.join(10)
    assert outcome and "ran longer" in str(outcome[0])
    assert Path(big_store.graph_path).exists()


def test_busy_console_slots_leave_the_shared_session_a_worker(big_ladybug):
    from graph.ladybug_store import CONSOLE_SLOTS

    threads = [threading.Thread(target=lambda: pytest.raises(QueryError, run_console, big_ladybug, CARTESIAN, {},
                                                             Limits(timeout_s=6)))
               for _ in range(CONSOLE_SLOTS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    started = time.monotonic()
    assert big_ladybug.query("MATCH (d:Document) RETURN count(d)")[1] == [[N_DOCUMENTS]]
    assert time.monotonic() - started < 3 and all(t.is_alive() for t in threads)
    with pytest.raises(QueryError, match="busy"):
        run_console(big_ladybug, "RETURN 1 AS x", {}, Limits(timeout_s=1))
    for thread in threads:
        thread.join(30)


LIST_BOMB = "UNWIND range(1, 300000000) AS x WITH collect(x) AS l RETURN size(l)"  # 2.4 GB of list, then 4 GB
PATHS = "MATCH p=(a)-[*1..30]-(b) RETURN count(p) + {k} AS n"  # fills a 256 MB buffer pool on the big store


class PeakRss:
    """The highest resident size of this process while the block runs, sampled every 20 ms."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()

    @staticmethod
    def now_mb() -> float:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.now_mb())
            time.sleep(0.02)

    def __enter__(self):
        self.before_mb = self.now_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def grown_mb(self) -> float:
        return self.peak_mb - self.before_mb


def test_a_list_the_timeout_does_not_see_is_stopped_with_the_servers_memory_untouched(big_ladybug):
    """LadybugDB does not check its timeout while range() builds a list, and lists live outside the buffer
    pool: in the serving process this query took 75 s and 4.35 GB. It runs in a worker with a memory limit."""
    started = time.monotonic()
    with PeakRss() as rss, pytest.raises(QueryError) as caught:
        run_console(big_ladybug, LIST_BOMB, {}, Limits(timeout_s=3))
    assert time.monotonic() - started < 3 + 3
    assert "used more memory than" in str(caught.value) and "内存" in str(caught.value)
    assert rss.grown_mb < 100, f"the serving process grew {rss.grown_mb:.0f} MB"
    assert run_console(big_ladybug, "MATCH (d:Document) RETURN count(d) AS n").rows == [[N_DOCUMENTS]]


def test_the_list_on_neo4j_is_stopped_by_the_servers_transaction_timeout(neo4j_sample):
    """Neo4j stops the same query itself: the console's transaction timeout reaches the server (and
    db.memory.transaction.max, which the README asks an admin to set, would stop it sooner)."""
    started = time.monotonic()
    with pytest.raises(QueryError) as caught:
        run_console(neo4j_sample, LIST_BOMB, {}, Limits(timeout_s=3))
    assert time.monotonic() - started < 3 + 4
    said = str(caught.value)
    assert "ran longer than 3 s and was stopped by Neo4j" in said or "used more memory than" in said, said


def test_a_query_past_its_deadline_is_killed_when_the_engine_does_not_stop_it(big_store, monkeypatch):
    """With room to grow (a larger console_memory), the same query is stopped by its deadline: the worker is
    killed and replaced, and the next query answers."""
    monkeypatch.setenv("POLICYKG_CONSOLE_MEMORY", str(16 * 2**30))
    session = big_store.open_graph()
    try:
        started = time.monotonic()
        with PeakRss() as rss, pytest.raises(QueryError, match="ran longer than 2 s") as caught:
            run_console(session, LIST_BOMB, {}, Limits(timeout_s=2))
        assert time.monotonic() - started < 2 + 3
        assert "超过 2 秒" in str(caught.value)
        assert rss.grown_mb < 100, f"the serving process grew {rss.grown_mb:.0f} MB"
        started = time.monotonic()
        assert run_console(session, "MATCH (d:Document) RETURN count(d) AS n").rows == [[N_DOCUMENTS]]
        assert time.monotonic() - started < 3
    finally:
        session.close()


def test_a_console_query_cannot_fill_the_buffer_pool_the_pages_share(big_ladybug):
    """Variable-length paths filled the buffer pool of the one database every page reads; a page's query
    running meanwhile failed with "Buffer manager exception". Console queries have a pool of their own."""
    from queries.named import get

    page = get("unit_assignments")
    expected = big_ladybug.query(page.text, page.example)
    failures: list[str] = []
    stop = threading.Event()

    def console_user():
        k = 0
        while not stop.is_set():
            k += 1
            try:
                run_console(big_ladybug, PATHS.format(k=k), {}, Limits(timeout_s=5))
            except QueryError as exc:
                failures.append(str(exc))

    users = [threading.Thread(target=console_user) for _ in range(2)]
    for user in users:
        user.start()
    try:
        deadline = time.monotonic() + 6
        pages = 0
        while time.monotonic() < deadline:
            assert big_ladybug.query(page.text, page.example) == expected
            pages += 1
    finally:
        stop.set()
        for user in users:
            user.join(30)
    assert pages > 5 and failures, "the console queries ran meanwhile (and failed on their own pool)"
    assert all("buffer pool" in f or "ran longer" in f for f in failures), failures[:1]


def test_a_variable_length_relationship_needs_an_upper_bound(session):
    for text in ("MATCH p=(a)-[*]-(b) RETURN count(p)", "MATCH (a)-[r:LEADS*2..]->(b) RETURN a",
                 "MATCH (a)<-[*0..]-(b) RETURN a"):
        assert "upper bound" in refused(session, text)
    for text in ("MATCH (a:Unit)-[*1..2]-(b:Unit) RETURN count(b) AS n",
                 "MATCH (a:Unit)-[:LEADS*..1]->(b) RETURN count(b) AS n", "RETURN [2*3, 1 -2*3] AS l"):
        run_console(session, text)


# -- the app's Analyst page ----------------------------------------------------------------------------------

@pytest.fixture()
def analyst(sample_store, tmp_path, monkeypatch):
    import shutil

    from test_app import goto, start

    shutil.copytree(sample_store.root, tmp_path / "store")
    return goto(start(tmp_path / "store", monkeypatch), "analyst")


def run_in_app(at, text: str):
    at.text_area(key="query").set_value(text)
    at.button(key="run_cypher").click().run()
    assert not at.exception, at.exception
    return at


def test_the_analyst_page_refuses_file_reads_and_writes(analyst, tmp_path):
    run_in_app(analyst, "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *")
    assert "LOAD" in analyst.error[0].value and not analyst.dataframe
    run_in_app(analyst, f"COPY (MATCH (u:Unit) RETURN u.name) TO '{tmp_path}/x.csv'")
    assert "COPY" in analyst.error[0].value and not (tmp_path / "x.csv").exists()


def test_the_analyst_page_says_when_rows_were_cut(analyst):
    from queries.console import DEFAULT_MAX_ROWS

    run_in_app(analyst, "MATCH (a:Assignment), (b:Assignment) RETURN a.id AS a, b.id AS b")  # 1,600 rows
    assert len(analyst.dataframe[0].value) == DEFAULT_MAX_ROWS
    assert any(f"showing the first {DEFAULT_MAX_ROWS} rows" in c.value for c in analyst.caption)
    run_in_app(analyst, "MATCH (a:Assignment) RETURN a.id AS a")
    assert len(analyst.dataframe[0].value) == 40
    assert not any("showing the first" in c.value for c in analyst.caption)


def test_a_link_to_the_analyst_cannot_take_the_servers_memory(sample_store, tmp_path, monkeypatch):
    """/analyst?query=… runs on page open, for any visitor, through this console: the list query took the app to
    2.6 GB, and a larger range would have ended the server. The page says the limit and the server stays small."""
    import shutil

    from test_app import start

    shutil.copytree(sample_store.root, tmp_path / "store")
    bomb = LIST_BOMB.replace("300000000", "2000000000")
    at = start(tmp_path / "store", monkeypatch, "analyst", query="MATCH (a:Assignment) RETURN count(a) AS n")
    assert at.dataframe[0].value.iloc[0, 0] == 40  # the app's imports and first query done: what follows is the bomb's
    started = time.monotonic()
    with PeakRss() as rss:
        run_in_app(at, bomb)
    assert at.error and "used more memory than" in at.error[0].value and "内存" in at.error[0].value
    assert time.monotonic() - started < 60
    assert rss.grown_mb < 150, f"the app's process grew {rss.grown_mb:.0f} MB"
    run_in_app(at, "MATCH (a:Assignment) RETURN count(a) AS n")
    assert at.dataframe[0].value.iloc[0, 0] == 40
