"""Helpers shared by the benchmarks: timing, percentiles, and a cached 1,000-document store."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
CACHE = ROOT / "bench" / ".cache"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "mean_ms": round(statistics.fmean(ms), 2) if ms else 0.0}


def corpus_store(n: int):
    """A store holding n synthetic documents, built once and reused between benchmark runs; named by what
    makes the documents (the sample and bench/synth.py), so a change to either builds it again. Built as a user
    would build it: files ingested in batches on the worker processes."""
    import hashlib
    import shutil
    import tempfile

    from bench import synth
    from bench.synth import corpus
    from graph.store import Store

    made_by = hashlib.sha1(synth.SAMPLE.read_bytes() + Path(synth.__file__).read_bytes()).hexdigest()[:8]
    name = f"store-{n}-{made_by}"
    for stale in CACHE.glob("store-*"):
        if stale.name.split("-")[1] == str(n) and stale.name != name:
            shutil.rmtree(stale, ignore_errors=True)
    store = Store(CACHE / name)
    if len(store.ids()) != n or not store.graph_path.exists():
        shutil.rmtree(store.root, ignore_errors=True)
        store = Store(CACHE / name)
        with tempfile.TemporaryDirectory(prefix="policykg-corpus-") as folder:
            paths = []
            for file_name, data in corpus(n):
                paths.append(Path(folder) / file_name)
                paths[-1].write_bytes(data)
            report = store.ingest_batch(paths)
        if report.failures:
            raise RuntimeError(f"the synthetic corpus did not ingest: {report.failures[0].message}")
    if not store._schema_is_current():  # built by an earlier schema or gazetteers: brought up to date once, as
        store.rebuild()                 # a user's first open does, never inside a timed run
    return store
