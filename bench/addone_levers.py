"""Levers on the cost of adding one document to a large store (issue 12), measured in this process on copies of
the benchmark's stores; not part of ``make bench``: a record of what was tried and what each lever gives. The
second lever is what the store does now (graph/ladybug_store.py: a small change stays in the log).

The add's extra time on a large store is the engine's CHECKPOINT (``bench/store.py``, ``add_one_parts``): the
units and concepts are a few nodes in the first CSR leaf region (1,024 nodes) of their table, a region keeps its
free space at its end, so an insert into one unit's list moves every list after it: every checkpoint rewrites
nearly all LEADS and RESPONSIBLE_FOR rows (by unit) and CONCERNS rows (by concept), every column of them.

- ``props``: the add as it was made before (COPY, CHECKPOINT) on files whose mention relationships carry fewer
  properties (made from the store's file with ALTER TABLE … DROP, the schema of this process narrowed to
  match); CPU seconds, steadier than wall time on a shared machine.
- ``wal``: adds left in the write-ahead log (the store's own ``apply_change``, the log never folded): what the
  last add costs, what a reader then pays to open the graph (it replays the log) and what the CHECKPOINT of them
  all costs.
- ``one_direction``: relationships stored in one direction only, which queries the engine then refuses.

    .venv/bin/python -m bench.addone_levers [N ...]
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import corpus_store

ROLE_RELS = ("LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON")
MENTION_PROPS = ("surface", "span_start", "span_end")
VARIANTS = {  # name → {relationship type: properties it no longer carries}
    "as stored": {},
    "no surface (role rels, CONCERNS)": {t: ("surface",) for t in (*ROLE_RELS, "CONCERNS")},
    "no surface, span_end (role rels, CONCERNS)": {t: ("surface", "span_end") for t in (*ROLE_RELS, "CONCERNS")},
    "role rels without properties": {t: ("role", *MENTION_PROPS) for t in ROLE_RELS},
    "CONCERNS without properties": {"CONCERNS": MENTION_PROPS},
    "role rels and CONCERNS without properties": {**{t: ("role", *MENTION_PROPS) for t in ROLE_RELS},
                                                  "CONCERNS": MENTION_PROPS},
}
READER = """
import re, sys, time, ladybug
start = time.perf_counter()
db = ladybug.Database(sys.argv[1], read_only=True, buffer_pool_size=int(sys.argv[2]))
conn = ladybug.Connection(db)
opened = time.perf_counter() - start
documents = conn.execute("MATCH (d:Document) RETURN count(d)").get_all()[0][0]
peak_kb = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)  # this process's own peak
print(opened, documents, int(peak_kb) // 1024)
"""


def _extra(n: int):
    """The document bench/store.py adds to the n-document store, parsed."""
    from bench.synth import corpus
    from graph.files import parse_source

    (_, data), = corpus(n + 1)[-1:]
    return parse_source((data, f"extra-{n}.txt"), strict=False, jurisdiction=None)[0]


@contextlib.contextmanager
def _schema_without(drop: dict[str, tuple[str, ...]]):
    """The schema of this process without the properties ``drop`` names (the writer then leaves them out)."""
    from graph import schema

    rels, by_type = schema.RELS, schema.REL_BY_TYPE
    schema.RELS = tuple(dataclasses.replace(r, props=tuple(p for p in r.props if p.name not in drop.get(r.type, ())))
                        for r in rels)
    schema.REL_BY_TYPE = {r.type: r for r in schema.RELS}
    try:
        yield
    finally:
        schema.RELS, schema.REL_BY_TYPE = rels, by_type


def _variant(source: Path, target: Path, drop: dict[str, tuple[str, ...]]) -> None:
    import ladybug

    shutil.copyfile(source, target)
    db = ladybug.Database(str(target), auto_checkpoint=False)
    conn = ladybug.Connection(db)
    for rel_type, props in drop.items():
        for prop in props:
            conn.execute(f"ALTER TABLE {rel_type} DROP {prop}").get_all()
    conn.execute("CHECKPOINT")
    conn.close()
    db.close()


@contextlib.contextmanager
def _checkpoints(spent: dict):
    """CHECKPOINT wall and CPU seconds of the engine calls made inside, added to ``spent``."""
    import ladybug

    execute = ladybug.Connection.execute

    def timed(conn, query, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return execute(conn, query, *args, **kwargs)
        finally:
            if query == "CHECKPOINT":
                spent["checkpoint"] = spent.get("checkpoint", 0.0) + time.perf_counter() - wall
                spent["checkpoint_cpu"] = spent.get("checkpoint_cpu", 0.0) + time.process_time() - cpu

    ladybug.Connection.execute = timed
    try:
        yield
    finally:
        ladybug.Connection.execute = execute


def _timed_adds(graph_file: Path, doc, runs: int) -> dict:
    """The add as the store makes it (``apply_change``: a copy, one transaction, CHECKPOINT), ``runs`` times on
    fresh copies of ``graph_file``; medians."""
    from graph.build import build_graph
    from graph.ladybug_store import apply_change
    from graph.resources import load_gazetteers

    gazetteers, seen = load_gazetteers(), []
    with tempfile.TemporaryDirectory(prefix="policykg-lever-") as folder:
        work = Path(folder) / "graph.lbug"
        for _ in range(runs):
            shutil.copyfile(graph_file, work)
            part, spent = build_graph([doc], gazetteers, closed=False), {}
            wall, cpu = time.perf_counter(), time.process_time()
            with _checkpoints(spent):
                apply_change(work, [], part, gazetteers)
            seen.append({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, **spent})
            work.unlink()
    return {k: round(statistics.median(s[k] for s in seen), 2) for k in seen[0]}


def props(n: int, runs: int = 5) -> list[dict]:
    from graph import ladybug_store

    store, doc = corpus_store(n), _extra(n)
    out, logged_rows = [], ladybug_store.LOGGED_ROWS
    ladybug_store.LOGGED_ROWS = -1  # every change copied in and checkpointed, as before the log was kept
    with contextlib.ExitStack() as undo, tempfile.TemporaryDirectory(prefix="policykg-variants-") as folder:
        undo.callback(setattr, ladybug_store, "LOGGED_ROWS", logged_rows)
        for name, drop in VARIANTS.items():
            made = Path(folder) / "variant.lbug"
            _variant(store.graph_path, made, drop)
            with _schema_without(drop):
                out.append({"n": n, "variant": name, **_timed_adds(made, doc, runs)})
            made.unlink()
    return out


def _reader(path: Path) -> dict:
    """A reader's open of ``path`` in a process of its own (it replays the log in memory): seconds, documents
    seen, peak resident MB."""
    from ingest.settings import BUFFER_POOL

    out = subprocess.run([sys.executable, "-c", READER, str(path), str(BUFFER_POOL)], capture_output=True, text=True,
                         check=True).stdout.split()
    return {"open_s": round(float(out[0]), 2), "documents": int(out[1]), "peak_mb": int(out[2])}


def wal(n: int, adds: tuple[int, ...] = (1, 5, 20)) -> list[dict]:
    """For each count of adds: the last add's seconds, the log's size, a reader's open, the CHECKPOINT of them all."""
    import os

    import ladybug

    from graph.build import build_graph
    from graph.ladybug_store import apply_change
    from graph.resources import load_gazetteers
    from ingest.settings import BUFFER_POOL

    store, doc, gazetteers = corpus_store(n), _extra(n), load_gazetteers()
    out = [{"n": n, "adds": 0, "add_s": None, "wal_kb": 0, **_reader(store.graph_path), "checkpoint_s": None}]
    limit = os.environ.get("POLICYKG_GRAPH_LOG")
    os.environ["POLICYKG_GRAPH_LOG"] = str(2**40)  # never folded here
    with contextlib.ExitStack() as undo, tempfile.TemporaryDirectory(prefix="policykg-wal-") as folder:
        undo.callback(lambda: os.environ.pop("POLICYKG_GRAPH_LOG") if limit is None else
                      os.environ.__setitem__("POLICYKG_GRAPH_LOG", limit))
        for count in adds:
            work = Path(folder) / "graph.lbug"
            log = Path(str(work) + ".wal")
            shutil.copyfile(store.graph_path, work)
            for i in range(count):
                copy = dataclasses.replace(doc, id=f"{doc.id[:-6]}{i:06d}")  # another document's ids
                part = build_graph([copy], gazetteers, closed=False)
                start = time.perf_counter()
                apply_change(work, [], part, gazetteers)
                seconds = time.perf_counter() - start
            row = {"n": n, "adds": count, "add_s": round(seconds, 2), "wal_kb": log.stat().st_size // 1024,
                   **_reader(work)}
            db = ladybug.Database(str(work), buffer_pool_size=BUFFER_POOL, auto_checkpoint=False)
            conn = ladybug.Connection(db)
            start = time.perf_counter()
            conn.execute("CHECKPOINT")
            row["checkpoint_s"] = round(time.perf_counter() - start, 2)
            conn.close()
            db.close()
            out.append(row)
            for p in (work, log):
                p.unlink(missing_ok=True)
    return out


def one_direction() -> dict[str, str]:
    """Which reads of a relationship stored forward only (``storage_direction='fwd'``) the engine answers."""
    import ladybug

    queries = {"pattern from the target": "MATCH (i:I {id: 'i'})<-[:C]-(t:T) RETURN count(t)",
               "OPTIONAL MATCH from the target": "MATCH (i:I {id: 'i'}) OPTIONAL MATCH (i)<-[:C]-(t:T) RETURN count(t)",
               "EXISTS from the target": "MATCH (i:I) WHERE EXISTS { MATCH (i)<-[:C]-(:T) } RETURN count(i)"}
    with tempfile.TemporaryDirectory(prefix="policykg-fwd-") as folder:
        db = ladybug.Database(str(Path(folder) / "g.lbug"))
        conn = ladybug.Connection(db)
        for statement in ("CREATE NODE TABLE T(id STRING, PRIMARY KEY (id))",
                          "CREATE NODE TABLE I(id STRING, PRIMARY KEY (id))",
                          "CREATE REL TABLE C(FROM T TO I) WITH (storage_direction = 'fwd')",
                          "CREATE (:T {id: 't'})-[:C]->(:I {id: 'i'})"):
            conn.execute(statement)
        out = {}
        for name, query in queries.items():
            try:
                out[name] = f"answers {conn.execute(query).get_all()[0][0]}"
            except RuntimeError as exc:
                out[name] = f"refused: {str(exc).splitlines()[0]}"
        conn.close()
        db.close()
    return out


def markdown(prop_rows: list[dict], wal_rows: list[dict], directions: dict[str, str]) -> str:
    lines = ["| store | mention relationships | add, in process (CPU) | of it: CHECKPOINT (CPU) |", "|---|---|---|---|"]
    lines += [f"| {r['n']:,} | {r['variant']} | {r['wall']} s ({r['cpu']} s) | {r['checkpoint']} s "
              f"({r['checkpoint_cpu']} s) |" for r in prop_rows]
    lines += ["", "| store | adds left in the log | last add (no CHECKPOINT) | log | a reader's open | its peak "
              "memory | CHECKPOINT of them all |", "|---|---|---|---|---|---|---|"]
    def seconds(value) -> str:
        return "—" if value is None else f"{value} s"

    lines += [f"| {r['n']:,} | {r['adds']} | {seconds(r['add_s'])} | {r['wal_kb']} KB | {r['open_s']} s "
              f"| {r['peak_mb']} MB | {seconds(r['checkpoint_s'])} |" for r in wal_rows]
    lines += ["", "Relationships stored forward only: " + "; ".join(f"{k}: {v}" for k, v in directions.items())]
    return "\n".join(lines)


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000]
    prop_rows = [row for n in sizes for row in props(n)]
    wal_rows = [row for n in sizes for row in wal(n)]
    print(markdown(prop_rows, wal_rows, one_direction()))
