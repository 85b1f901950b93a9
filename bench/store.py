"""The store as a user runs it, end to end through the CLI (process start included), each figure beside its
baseline from the same run:

- adding one document to a store of N documents (1,000 and 10,000) vs to an empty store (wall time, peak
  memory): an add that leaves its change in the graph's log, and one that folds the log into the file (about
  one add in ten; ``POLICYKG_GRAPH_LOG=0`` makes every add fold);
- ingesting 200 documents into an empty store vs bare ``spacy.blank("zh")`` over the same texts;
- ``policykg ask`` on the N-document store.

    .venv/bin/python -m bench.store [N]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, corpus_store

POLICYKG = [sys.executable, "-c", "import cli; cli.main()"]
BARE_SPACY = """
import sys, spacy
from pathlib import Path
nlp = spacy.blank("zh")
for path in sorted(Path(sys.argv[1]).iterdir()):
    nlp(path.read_text(encoding="utf-8"))
"""


def _env() -> dict:
    """The child's environment as a user's shell has it: Python keeps compiled bytecode (a sandbox that sets
    PYTHONDONTWRITEBYTECODE would otherwise make every run compile every module again)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def precompile() -> None:
    """Compile the project once before timing, as a user's first run does for every later one."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "cli.py", "app.py", "ingest", "graph", "queries",
                    "app_pages"], cwd=ROOT, env=_env(), check=True, capture_output=True)


def _run(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MB of one child process (``env``: variables
    set for it). On a shared machine the CPU time is the steadier of the two: other work lengthens the wall
    time, not the CPU time."""
    timer = shutil.which("time") or "/usr/bin/time"
    if not Path(timer).exists():
        raise RuntimeError("bench/store.py needs /usr/bin/time (Debian package time) for per-process figures")
    start = time.perf_counter()
    result = subprocess.run([timer, "-f", "%U %S %M", *command], cwd=ROOT, env={**_env(), **(env or {})},
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{command[-3:]} failed: {result.stderr.strip()[-500:]}")
    user, system, peak_kb = result.stderr.strip().splitlines()[-1].split()
    return seconds, float(user) + float(system), int(peak_kb) / 1024


def add_one(n: int, fold: bool = False) -> dict:
    """``fold``: the add folds the graph's log into the file, as the add that takes the log past its limit does."""
    from bench.synth import corpus

    big = corpus_store(n)
    (name, data), = [(f"extra-{n}.txt", d) for _, d in corpus(n + 1)[-1:]]
    work = Path(tempfile.mkdtemp())
    source = work / name
    source.write_bytes(data)
    runs = {"empty": [], "full": []}
    for attempt in range(3):
        empty = work / f"empty-{attempt}"
        runs["empty"].append(_run([*POLICYKG, "--store", str(empty), "ingest", str(source)]))
        copy = work / f"big-{attempt}"
        # Hard links: the store never writes a file in place (each is replaced whole), so the cached store
        # stays as it was, and a 10,000-document store is not copied byte by byte three times.
        shutil.copytree(big.root, copy, copy_function=os.link)
        runs["full"].append(_run([*POLICYKG, "--store", str(copy), "ingest", str(source)],
                                 {"POLICYKG_GRAPH_LOG": "0"} if fold else None))
        shutil.rmtree(copy)
    best = {k: min(v) for k, v in runs.items()}
    shutil.rmtree(work, ignore_errors=True)
    return {"n": n, "empty_s": round(best["empty"][0], 2), "full_s": round(best["full"][0], 2),
            "empty_cpu": round(best["empty"][1], 2), "full_cpu": round(best["full"][1], 2),
            "empty_mb": round(best["empty"][2]), "full_mb": round(max(r[2] for r in runs["full"])),
            "ratio": round(best["full"][0] / best["empty"][0], 2),
            "cpu_ratio": round(best["full"][1] / best["empty"][1], 2)}


def add_one_parts(n: int, fold: bool = False) -> dict:
    """Where adding one document to the n-document store spends its time, in this process: the whole add, the
    engine's CHECKPOINT (only in an add that folds the graph's log into the file, ``fold``: it rewrites the
    adjacency of every unit the documents name, and the most mentioned units lead thousands of assignments),
    and the copy of the file the change is made in (readers keep the old one until the swap)."""
    import ladybug

    from bench.synth import corpus
    from graph.store import Store, load_resources

    big = corpus_store(n)
    (_, data), = corpus(n + 1)[-1:]
    work = Path(tempfile.mkdtemp())
    source = work / f"extra-{n}.txt"
    source.write_bytes(data)
    shutil.copytree(big.root, work / "big", copy_function=os.link)
    load_resources()  # loaded before timing, as the CLI has it before it writes
    spent = {"checkpoint": 0.0, "copy": 0.0}
    execute, copyfile = ladybug.Connection.execute, shutil.copyfile

    def timed_execute(conn, query, *args, **kwargs):
        start = time.perf_counter()
        try:
            return execute(conn, query, *args, **kwargs)
        finally:
            if query == "CHECKPOINT":
                spent["checkpoint"] += time.perf_counter() - start

    def timed_copyfile(*args, **kwargs):
        start = time.perf_counter()
        try:
            return copyfile(*args, **kwargs)
        finally:
            spent["copy"] += time.perf_counter() - start

    ladybug.Connection.execute, shutil.copyfile = timed_execute, timed_copyfile
    limit = os.environ.get("POLICYKG_GRAPH_LOG")
    if fold:
        os.environ["POLICYKG_GRAPH_LOG"] = "0"
    try:
        start = time.perf_counter()
        report = Store(work / "big").ingest_batch([source])
        total = time.perf_counter() - start
    finally:
        ladybug.Connection.execute, shutil.copyfile = execute, copyfile
        if fold:
            os.environ.pop("POLICYKG_GRAPH_LOG") if limit is None else os.environ.update(POLICYKG_GRAPH_LOG=limit)
        shutil.rmtree(work, ignore_errors=True)
    if report.failures:
        raise RuntimeError(report.failures[0].message)
    return {"n": n, "fold": fold, "total_s": round(total, 2), "checkpoint_s": round(spent["checkpoint"], 2),
            "copy_s": round(spent["copy"], 2), "unchanged_s": round(_checkpoint_unchanged(big.root), 2)}


def _checkpoint_unchanged(root: Path) -> float:
    """A CHECKPOINT with nothing to fold in, first after opening (a copy of) the store's file: the engine reads
    every table's metadata once whatever changed, a floor under any add (a second one in the same session costs
    next to nothing)."""
    import ladybug

    from ingest.settings import BUFFER_POOL

    work = Path(tempfile.mkdtemp())
    try:
        copy = work / "graph.lbug"
        shutil.copyfile(root / "graph.lbug", copy)
        db = ladybug.Database(str(copy), buffer_pool_size=BUFFER_POOL, auto_checkpoint=False)
        conn = ladybug.Connection(db)
        start = time.perf_counter()
        conn.execute("CHECKPOINT")
        spent = time.perf_counter() - start
        conn.close()
        db.close()
        return spent
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ingest_200(count: int = 200, rounds: int = 3) -> dict:
    """Best of ``rounds``, each ingest beside the bare-spaCy baseline of the same round."""
    from bench.synth import corpus

    work = Path(tempfile.mkdtemp())
    folder = work / "docs"
    folder.mkdir()
    for name, data in corpus(count):
        (folder / name).write_bytes(data)
    files = [str(p) for p in sorted(folder.iterdir())]
    bare, ours = [], []
    for attempt in range(rounds):
        bare.append(_run([sys.executable, "-c", BARE_SPACY, str(folder)]))
        ours.append(_run([*POLICYKG, "--store", str(work / f"s{attempt}"), "ingest", *files]))
    shutil.rmtree(work, ignore_errors=True)
    from ingest.pipeline import worker_count

    b, o = min(bare), min(ours)
    b_cpu, o_cpu = min(r[1] for r in bare), min(r[1] for r in ours)
    return {"documents": count, "workers": worker_count(count), "bare_s": round(b[0], 2), "cli_s": round(o[0], 2),
            "bare_cpu": round(b_cpu, 2), "cli_cpu": round(o_cpu, 2), "peak_mb": round(max(r[2] for r in ours)),
            "ratio": round(o[0] / b[0], 2), "cpu_ratio": round(o_cpu / b_cpu, 2)}


def ask(n: int) -> dict:
    store = corpus_store(n)
    runs = [_run([*POLICYKG, "--store", str(store.root), "ask", "市财政局牵头哪些任务?"]) for _ in range(5)]
    times = sorted(r[0] for r in runs)
    return {"n": n, "best_s": round(times[0], 2), "median_s": round(times[2], 2),
            "best_cpu": round(min(r[1] for r in runs), 2)}


BIG = 10_000


def run(n: int = 1000, big: int = BIG) -> dict:
    precompile()
    return {"add_one": add_one(n), "add_one_big": add_one(big), "add_one_fold": add_one(n, fold=True),
            "add_one_big_fold": add_one(big, fold=True), "parts": [add_one_parts(size, fold) for size in (n, big) for fold in (False, True)],
            "ingest": ingest_200(), "ask": ask(n)}


def markdown(r: dict) -> str:
    a, b, i, q = r["add_one"], r["add_one_big"], r["ingest"], r["ask"]
    return "\n".join([
        "## Store, end to end through the CLI (`bench/store.py`)", "",
        "Each figure is the best of its runs, wall time (CPU time of the process in brackets: the steadier figure "
        "on a shared machine), with bytecode compiled as after a user's first run.", "",
        "| measure | this run | baseline (same run) | ratio wall (CPU) |", "|---|---|---|---|",
        f"| add one document to a {a['n']}-document store | {a['full_s']} s ({a['full_cpu']} s), peak {a['full_mb']} MB "
        f"| {a['empty_s']} s ({a['empty_cpu']} s), peak {a['empty_mb']} MB into an empty store "
        f"| {a['ratio']}× ({a['cpu_ratio']}×) |",
        f"| add one document to a {b['n']:,}-document store | {b['full_s']} s ({b['full_cpu']} s), peak "
        f"{b['full_mb']} MB | {b['empty_s']} s ({b['empty_cpu']} s), peak {b['empty_mb']} MB into an empty store "
        f"| {b['ratio']}× ({b['cpu_ratio']}×) |",
        *(f"| add one document that folds the log, {f['n']:,}-document store | {f['full_s']} s ({f['full_cpu']} s), "
          f"peak {f['full_mb']} MB | {f['empty_s']} s ({f['empty_cpu']} s), peak {f['empty_mb']} MB into an empty "
          f"store | {f['ratio']}× ({f['cpu_ratio']}×) |" for f in (r.get("add_one_fold"), r.get("add_one_big_fold")) if f),
        f"| `policykg ingest` of {i['documents']} documents, empty store, parsed on {i['workers']} worker "
        f"process(es) | {i['cli_s']} s ({i['cli_cpu']} s, every process), "
        f"peak {i['peak_mb']} MB | {i['bare_s']} s ({i['bare_cpu']} s) bare `spacy.blank(\"zh\")` over the same "
        f"texts | {i['ratio']}× ({i['cpu_ratio']}×) |",
        f"| `policykg ask` on {q['n']} documents | {q['best_s']} s best ({q['best_cpu']} s), {q['median_s']} s "
        "median of 5 | | |",
        "",
        "Where an add's extra time goes (`add_one_parts`: the add in this process, parsing included; an add "
        "leaves its change in the graph's log, and the one that takes the log past `POLICYKG_GRAPH_LOG` folds it "
        "into the file: the engine's CHECKPOINT rewrites the adjacency, with its properties, of every unit the "
        "documents name, and the most mentioned units lead thousands of assignments; the copy is the file the "
        "change is made in, so readers never see half of it). The last column is a CHECKPOINT with nothing to "
        "fold in, first after opening the file: the engine reads every table's metadata once whatever changed, a "
        "floor under any fold:", "",
        "| store | add, in process | of it: CHECKPOINT | of it: copy of the file | CHECKPOINT of the unchanged file |",
        "|---|---|---|---|---|",
        *(f"| {p['n']:,} documents{', folding the log' if p.get('fold') else ''} | {p['total_s']} s "
          f"| {p['checkpoint_s']} s | {p['copy_s']} s | {p.get('unchanged_s', '—')} s |" for p in r.get("parts", [])),
        ""])


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(result)
    print(markdown(result))
