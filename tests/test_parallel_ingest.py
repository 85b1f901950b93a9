"""Many files are parsed on worker processes: the store ends exactly as when one process parses them, a file that
cannot be read is reported the same way, and a worker that dies costs no file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_store_faults import _consistent, cli

from bench.synth import corpus
from graph.store import Store
from ingest.pipeline import AUTO_WORKERS_MAX, PARALLEL_FROM, worker_count

COUNT = 14


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("many")
    out = []
    for name, data in corpus(COUNT):
        (folder / name).write_bytes(data)
        out.append(folder / name)
    bad = folder / "zz-bad.bin"  # cannot be read: reported, never stored
    bad.write_bytes(bytes(range(256)) * 10)
    return sorted([*out, bad])


def _ingest(store: Path, files: list[Path], workers: int) -> subprocess.CompletedProcess:
    env = {"POLICYKG_INGEST_WORKERS": str(workers), "POLICYKG_INGEST_BATCH": "5"}  # several batches
    return cli("ingest", *map(str, files), store=store, env=env, check=False)


def _stored(store: Path) -> dict[str, bytes]:
    return {f"{d.name}/{p.name}": p.read_bytes() for d in (store / "documents", store / "sources")
            for p in sorted(d.iterdir())}


def test_workers_store_exactly_what_one_process_stores(tmp_path, files):
    one, two = _ingest(tmp_path / "one", files, 1), _ingest(tmp_path / "two", files, 2)
    assert one.returncode == two.returncode == 1  # the bad file
    assert one.stdout.replace(str(tmp_path / "one"), "S") == two.stdout.replace(str(tmp_path / "two"), "S")
    assert one.stderr == two.stderr and "zz-bad.bin" in two.stderr and f"{COUNT} are in the store" in two.stderr
    assert _stored(tmp_path / "one") == _stored(tmp_path / "two") and len(_stored(tmp_path / "two")) == 2 * COUNT
    answers = [json.loads(cli("assignments", "--json", store=tmp_path / s).stdout) for s in ("one", "two")]
    assert answers[0] == answers[1] and len(answers[0]) >= COUNT * 30
    assert len(_consistent(Store(tmp_path / "two"))) == COUNT


def test_a_worker_that_dies_costs_no_file(tmp_path, files):
    marker = tmp_path / "worker.pid"
    env = {**os.environ, "POLICYKG_INGEST_WORKERS": "2", "POLICYKG_TEST_HOLD": "parse-worker",
           "POLICYKG_TEST_HOLD_FILE": str(marker)}
    good = [f for f in files if f.suffix == ".txt"]
    process = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "--store", str(tmp_path / "s"),
                                "ingest", *map(str, good)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), process.communicate()[1]
    worker = int(marker.read_text())
    assert worker != process.pid
    os.kill(worker, signal.SIGKILL)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert f"store {tmp_path / 's'}: {len(good)} document(s)" in out
    assert len(_consistent(Store(tmp_path / "s"))) == len(good)


def test_worker_count_follows_the_setting_and_the_batch(monkeypatch):
    assert worker_count(PARALLEL_FROM - 1) == 1  # a few files: starting workers would cost more than it saves
    monkeypatch.setenv("POLICYKG_INGEST_WORKERS", "3")
    assert worker_count(PARALLEL_FROM) == 3
    monkeypatch.setenv("POLICYKG_INGEST_WORKERS", "1")
    assert worker_count(1000) == 1
    monkeypatch.setenv("POLICYKG_INGEST_WORKERS", "0")  # one per CPU this process may use
    assert worker_count(1000) == min(len(os.sched_getaffinity(0)), AUTO_WORKERS_MAX)


def test_a_batch_keeps_no_parsed_document_once_it_is_written(tmp_path, files):
    """Memory is bounded by a batch, however many files go in: what a batch reports of a document is a summary,
    and no parsed document outlives its batch (keeping them made 10,000 files need 8.7 GB)."""
    import gc

    from ingest.model import PolicyDocument

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, PolicyDocument) for o in gc.get_objects())

    before = alive()
    report = Store(tmp_path / "s").ingest_batch(files[:-1], batch=5)
    assert len(report.results) == COUNT and all(r.added and r.summary.tasks for r in report.results)
    assert alive() == before


def test_uploads_are_taken_a_batch_at_a_time_and_a_bad_one_is_a_failure(tmp_path, files):
    """The app's uploads go through the same batches in its own process: the sources are taken from the
    generator only as each batch is wanted, what is kept of each is the caller's, no parsed document outlives
    its batch, and a source that cannot be read is a failure while the rest are stored."""
    import gc

    from ingest.model import PolicyDocument

    taken = []

    def sources():
        for path in files:
            taken.append(path.name)
            yield path.read_bytes(), path.name

    seen_when_made = []

    def kept(doc, added, replaced=()):
        seen_when_made.append(len(taken))
        return (doc.metadata.title, added)

    gc.collect()
    before = sum(isinstance(o, PolicyDocument) for o in gc.get_objects())
    report = Store(tmp_path / "s").ingest_uploads(sources(), batch=5, result=kept)
    assert len(report.results) == COUNT and all(added for _, added in report.results)
    assert [f.source for f in report.failures] == ["zz-bad.bin"] and "unknown file type" in report.failures[0].message
    assert seen_when_made[:5] == [5] * 5 and seen_when_made[5] == 10, "one batch taken at a time"
    gc.collect()
    assert sum(isinstance(o, PolicyDocument) for o in gc.get_objects()) == before
    assert len(Store(tmp_path / "s").ids()) == COUNT
