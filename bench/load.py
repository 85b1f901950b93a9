"""Loading 1,000 documents: LadybugDB and Neo4j, each against a bare baseline in the same run; named-query
latency per engine on the loaded graph.

    .venv/bin/python -m bench.load [N]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import corpus_store, summary, timed

QUERY_RUNS = 20


def _rows(graph) -> int:
    counts = graph.counts()
    return sum(counts.values())


def _ladybug(graph) -> dict:
    import ladybug

    from graph import ladybug_store as lb

    tmp = Path(tempfile.mkdtemp())
    ours, _ = timed(lb.write_ladybug, graph, tmp / "ours.lbug")
    # Baseline: the same DDL and COPY FROM of the same rows, prepared beforehand, nothing else.
    db = ladybug.Database(str(tmp / "bare.lbug"), buffer_pool_size=lb.BUFFER_POOL)
    conn = ladybug.Connection(db)
    for statement in lb.ddl():
        conn.execute(statement)

    def bare():
        lb._copy_nodes(conn, graph)
        lb._copy_rels(conn, graph)

    baseline, _ = timed(bare)
    conn.close()
    db.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return {"ours_s": round(ours, 2), "baseline_s": round(baseline, 2), "ratio": round(ours / baseline, 2)}


def _neo4j_load(graph, conn) -> dict:
    ours, _ = timed(load_neo4j_quiet, graph, conn)
    again, _ = timed(load_neo4j_quiet, graph, conn)
    return {"ours_s": round(ours, 2), "reload_s": round(again, 2)}


def load_neo4j_quiet(graph, conn):
    from graph.neo4j_store import load_neo4j

    return load_neo4j(graph, conn)


def _neo4j_bare(graph, conn) -> float:
    """Baseline: plain UNWIND … CREATE of the same batches, under labels of its own (BareUnit, …)."""
    from graph.neo4j_store import batches

    with conn.driver() as driver, driver.session() as session:
        for n in graph.nodes:
            session.run(f"CREATE INDEX bare_{n.lower()} IF NOT EXISTS FOR (n:Bare{n}) ON (n.id)").consume()

        def bare():
            for _description, cypher, rows in batches(graph):
                if cypher.startswith("UNWIND $rows AS row MERGE (n:"):
                    label = cypher.split("(n:")[1].split(" ")[0]
                    plain = f"UNWIND $rows AS row CREATE (n:Bare{label}) SET n = row"
                else:
                    plain = cypher.replace("MATCH (a:", "MATCH (a:Bare").replace("MATCH (b:", "MATCH (b:Bare")
                    plain = plain.replace("MERGE (a)", "CREATE (a)")
                session.execute_write(lambda tx, c=plain, r=rows: tx.run(c, rows=r).consume())

        return timed(bare)[0]


def _query_latency(session) -> dict:
    from queries.named import all_queries

    out = {}
    for name, q in all_queries().items():
        params = {k: v for k, v in q.example.items() if k in q.param_names}
        session.query(q.text, params)
        out[name] = summary([timed(session.query, q.text, params)[0] for _ in range(QUERY_RUNS)])
    return out


def run(n: int = 1000) -> dict:
    from graph.neo4j_store import Connection, Neo4jGraph

    store = corpus_store(n)
    build_s, graph = timed(store.graph)
    result = {"documents": n, "rows": _rows(graph), "build_graph_s": round(build_s, 2), "ladybug": _ladybug(graph)}
    session = store.open_graph()
    result["ladybug_queries"] = _query_latency(session)
    session.close()
    from neo4j_server import Neo4jTestServer, neo4j_unavailable_reason

    reason = neo4j_unavailable_reason()
    if reason:
        result["neo4j"] = {"skipped": reason}
        return result
    from graph.build import build_graph
    from graph.store import load_resources

    warm = build_graph(store.documents()[:2], load_resources())
    with Neo4jTestServer() as server:
        conn = Connection(server.uri)
        load_neo4j_quiet(warm, conn)  # warm the JVM for both sides, then start from an empty database
        _neo4j_bare(warm, conn)
        with conn.driver() as driver:
            driver.execute_query("MATCH (n) DETACH DELETE n")
        neo = _neo4j_load(graph, conn)
        session = Neo4jGraph(conn)
        result["neo4j_queries"] = _query_latency(session)  # before the baseline adds its own nodes
        session.close()
        neo["baseline_s"] = round(_neo4j_bare(graph, conn), 2)
        neo["ratio"] = round(neo["ours_s"] / neo["baseline_s"], 2)
        result["neo4j"] = neo
    return result


def markdown(r: dict) -> str:
    lb, neo = r["ladybug"], r["neo4j"]
    lines = ["## Load (`python -m bench.load`)", "",
             f"{r['documents']} synthetic documents: {r['rows']} nodes and relationships; building the property "
             f"graph from the parsed documents took {r['build_graph_s']} s.", "",
             "| engine | policykg load | bare baseline in the same run | ratio (goal ≤ 2) | rows/s |", "|---|---|---|---|---|",
             f"| LadybugDB (DDL + COPY vs COPY FROM of the same rows) | {lb['ours_s']} s | {lb['baseline_s']} s | "
             f"**{lb['ratio']}×** | {round(r['rows'] / lb['ours_s'])} |"]
    if "skipped" in neo:
        lines.append(f"| Neo4j | skipped: {neo['skipped']} | | | |")
    else:
        lines.append(f"| Neo4j 5.26 embedded (batched UNWIND…MERGE vs plain UNWIND…CREATE) | {neo['ours_s']} s "
                     f"(reload, idempotent: {neo['reload_s']} s) | {neo['baseline_s']} s | **{neo['ratio']}×** | "
                     f"{round(r['rows'] / neo['ours_s'])} |")
    lines += ["", "Named-query latency on this graph (ms, p50 / p95 over "
              f"{QUERY_RUNS} runs):", "", "| query | LadybugDB | Neo4j |", "|---|---|---|"]
    for name, lbq in r["ladybug_queries"].items():
        nq = r.get("neo4j_queries", {}).get(name)
        neo_cell = f"{nq['p50_ms']} / {nq['p95_ms']}" if nq else "-"
        lines.append(f"| {name} | {lbq['p50_ms']} / {lbq['p95_ms']} | {neo_cell} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)))
