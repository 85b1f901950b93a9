"""The store as a user runs it, end to end through the CLI (process start included), each figure beside its
baseline from the same run:

- adding one document to a store of N documents vs to an empty store (wall time, peak memory);
- ingesting 200 documents into an empty store vs bare ``spacy.blank("zh")`` over the same texts;
- ``policykg ask`` on the N-document store.

    .venv/bin/python -m bench.store [N]
"""

from __future__ import annotations

import resource
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


def _run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{command[-3:]} failed: {result.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def _peak_of(command: list[str]) -> tuple[float, float]:
    """Wall seconds and this child's own peak RSS (via /usr/bin/time when present)."""
    timer = shutil.which("time") or "/usr/bin/time"
    if not Path(timer).exists():
        return _run(command)
    start = time.perf_counter()
    result = subprocess.run([timer, "-f", "%M", *command], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{command[-3:]} failed: {result.stderr.strip()[-500:]}")
    return seconds, int(result.stderr.strip().splitlines()[-1]) / 1024


def add_one(n: int) -> dict:
    from bench.synth import corpus

    big = corpus_store(n)
    (name, data), = [(f"extra-{n}.txt", d) for _, d in corpus(n + 1)[-1:]]
    work = Path(tempfile.mkdtemp())
    source = work / name
    source.write_bytes(data)
    runs = {"empty": [], "full": []}
    for attempt in range(3):
        empty = work / f"empty-{attempt}"
        runs["empty"].append(_peak_of([*POLICYKG, "--store", str(empty), "ingest", str(source)]))
        copy = work / f"big-{attempt}"
        shutil.copytree(big.root, copy)
        runs["full"].append(_peak_of([*POLICYKG, "--store", str(copy), "ingest", str(source)]))
        shutil.rmtree(copy)
    best = {k: min(v) for k, v in runs.items()}
    shutil.rmtree(work, ignore_errors=True)
    return {"n": n, "empty_s": round(best["empty"][0], 2), "full_s": round(best["full"][0], 2),
            "empty_mb": round(best["empty"][1]), "full_mb": round(best["full"][1]),
            "ratio": round(best["full"][0] / best["empty"][0], 2)}


def ingest_200(count: int = 200) -> dict:
    from bench.synth import corpus

    work = Path(tempfile.mkdtemp())
    folder = work / "docs"
    folder.mkdir()
    for name, data in corpus(count):
        (folder / name).write_bytes(data)
    files = [str(p) for p in sorted(folder.iterdir())]
    bare, _ = _run([sys.executable, "-c", BARE_SPACY, str(folder)])
    ours, peak = _peak_of([*POLICYKG, "--store", str(work / "s"), "ingest", *files])
    shutil.rmtree(work, ignore_errors=True)
    return {"documents": count, "bare_s": round(bare, 2), "cli_s": round(ours, 2), "peak_mb": round(peak),
            "ratio": round(ours / bare, 2)}


def ask(n: int) -> dict:
    store = corpus_store(n)
    times = [_run([*POLICYKG, "--store", str(store.root), "ask", "市财政局牵头哪些任务?"])[0] for _ in range(5)]
    return {"n": n, "best_s": round(min(times), 2), "median_s": round(sorted(times)[2], 2)}


def run(n: int = 1000) -> dict:
    return {"add_one": add_one(n), "ingest": ingest_200(), "ask": ask(n)}


def markdown(r: dict) -> str:
    a, i, q = r["add_one"], r["ingest"], r["ask"]
    return "\n".join([
        "## Store, end to end through the CLI (`bench/store.py`)", "",
        "| measure | this run | baseline (same run) | ratio |", "|---|---|---|---|",
        f"| add one document to a {a['n']}-document store | {a['full_s']} s, peak {a['full_mb']} MB | "
        f"{a['empty_s']} s, peak {a['empty_mb']} MB into an empty store | {a['ratio']}× |",
        f"| `policykg ingest` of {i['documents']} documents, empty store | {i['cli_s']} s, peak {i['peak_mb']} MB | "
        f"{i['bare_s']} s bare `spacy.blank(\"zh\")` over the same texts | {i['ratio']}× |",
        f"| `policykg ask` on {q['n']} documents | {q['best_s']} s best, {q['median_s']} s median of 5 | | |",
        ""])


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(result)
    print(markdown(result))
