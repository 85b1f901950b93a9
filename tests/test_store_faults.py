"""Faults the store survives: two writers, a writer killed mid-change or at the swap, damaged document files,
a damaged or missing graph, leftovers of a checkpoint, one bad file in a batch, hostile source names.
Each ends with a store that opens consistent (documents ↔ graph) or one clear line saying what to run."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from bench.synth import corpus
from graph.lock import write_lock
from graph.store import Store
from ingest.errors import StoreBusyError, StoreError

CLI = [sys.executable, "-c", "import cli; cli.main()"]


def cli(*args, store: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*CLI, "--store", str(store), *args], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})}, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def _consistent(store: Store) -> set[str]:
    """Open the store as a reader does; the graph must hold exactly the stored documents."""
    session = Store(store.root).open_graph()
    try:
        in_graph = {r[0] for r in session.query("MATCH (d:Document) RETURN d.id")[1]}
    finally:
        session.close()
    assert in_graph == store.ids()
    return in_graph


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    out = []
    for name, data in corpus(4):
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


@pytest.fixture()
def store(tmp_path, sample_store) -> Store:
    shutil.copytree(sample_store.root, tmp_path / "s")
    return Store(tmp_path / "s")


def test_two_ingests_at_once_both_end_stored_and_in_the_graph(store, files):
    procs = [subprocess.Popen([*CLI, "--store", str(store.root), "ingest", *map(str, part)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for part in (files[:2], files[2:])]
    outcomes = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outcomes
    assert len(_consistent(store)) == 5


def test_a_busy_store_says_so_in_one_line(store, files):
    with write_lock(store.root):
        result = cli("ingest", "--wait", "0", str(files[0]), store=store.root, check=False)
        with pytest.raises(StoreBusyError):
            store.remove([next(iter(store.ids()))])
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "busy (another ingest is running); retry" in result.stderr
    assert len(_consistent(store)) == 1


def test_an_upload_being_parsed_does_not_keep_other_writers_out(store, files):
    """The write lock covers the write, not the parse: while one browser's upload is read (a page can take tens of
    seconds), another's upload goes in rather than hearing that the store is busy."""
    other = Store(store.root)
    said: list[str] = []

    def sources():
        yield files[0].read_bytes(), files[0].name
        # the first file is parsed and stored; this one is being taken to be parsed: another writer writes now
        said.append(other.ingest_sources([(files[2].read_bytes(), files[2].name)])[0].document.id)
        yield files[1].read_bytes(), files[1].name

    report = store.ingest_uploads(sources(), batch=1)
    assert not report.failures and len(report.results) == 2 and len(said) == 1
    assert len(_consistent(store)) == 4


@pytest.mark.parametrize("point", ["change", "swap"])
def test_a_writer_killed_mid_change_leaves_a_store_that_opens_consistent(store, files, tmp_path, point):
    marker = tmp_path / "held"
    env = {**os.environ, "POLICYKG_TEST_HOLD": point, "POLICYKG_TEST_HOLD_FILE": str(marker)}
    proc = subprocess.Popen([*CLI, "--store", str(store.root), "ingest", str(files[0]), str(files[1])], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(marker, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert len(store.ids()) == 3  # the documents were written before the graph changed
    assert len(_consistent(store)) == 3  # … and opening finishes the change
    assert not list(store.root.glob("*.building*"))


def test_a_writer_killed_during_the_first_build_leaves_a_store_that_opens(tmp_path, files):
    marker = tmp_path / "held"
    env = {**os.environ, "POLICYKG_TEST_HOLD": "swap", "POLICYKG_TEST_HOLD_FILE": str(marker)}
    root = tmp_path / "s"
    proc = subprocess.Popen([*CLI, "--store", str(root), "ingest", *map(str, files[:3])], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(marker, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not (root / "graph.lbug").exists()
    out = cli("query", "documents", store=root).stdout
    assert out.count("\n") == 4  # header and three documents: never "no documents"


def _wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert proc.poll() is None, "the writer ended before reaching the hold point"
        assert time.monotonic() < deadline, "the writer never reached the hold point"
        time.sleep(0.1)


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(p.read_bytes()[:200]),  # truncated
    lambda p: p.write_bytes(b"\xff\xfe" + p.read_bytes()[2:]),  # not UTF-8
    lambda p: p.write_text("{}"),
    lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"metadata"', '"metadatum"'), encoding="utf-8"),
], ids=["truncated", "not-utf8", "empty-object", "missing-key"])
def test_a_damaged_document_file_is_named_and_never_costs_a_document(store, files, damage):
    (doc_id,) = store.ids()
    path = store.root / "documents" / f"{doc_id}.json"
    damage(path)
    fresh = Store(store.root)
    with pytest.raises(StoreError, match=rf"{doc_id}\.json.*remove {doc_id}"):
        fresh.documents()
    with pytest.raises(StoreError, match=rf"{doc_id}\.json"):
        fresh.documents()  # nothing partial was cached
    assert len(_consistent(fresh)) == 1  # the graph still answers for it
    fresh.ingest_paths([files[0]])  # another document goes in; the damaged one is not dropped
    assert len(_consistent(fresh)) == 2
    fresh.graph_path.unlink()  # a rebuild would need it: refused with the file named, nothing dropped
    with pytest.raises(StoreError, match=rf"{doc_id}\.json.*remove {doc_id}"):
        fresh.open_graph()
    result = cli("export", "ttl", "-o", str(store.root.parent / "x.ttl"), store=store.root, check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and f"remove {doc_id}" in result.stderr
    cli("remove", doc_id[:10], store=store.root)  # what the message says to run
    assert len(_consistent(Store(store.root))) == 1


@pytest.mark.parametrize("damage", ["truncated", "empty", "random", "missing", "wal", "shadow"])
def test_a_damaged_or_missing_graph_is_rebuilt_from_the_documents(store, damage):
    path = store.graph_path
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:100_000])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "random":
        path.write_bytes(os.urandom(200_000))
    elif damage == "missing":
        path.unlink()
    else:
        Path(f"{path}.{damage}").write_bytes(os.urandom(4096))
    out = cli("ask", "市财政局牵头的任务", store=store.root).stdout
    assert "市财政局" in out
    assert len(_consistent(store)) == 1
    assert not Path(f"{path}.wal").exists() and not Path(f"{path}.shadow").exists()


@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_an_ingest_into_a_store_whose_graph_is_damaged_rebuilds_it(store, files, damage):
    """A writer trusts the manifest instead of opening the graph; a graph the engine cannot change is then
    rebuilt from the documents, the new one included."""
    path = store.graph_path
    path.write_bytes(path.read_bytes()[:100_000] if damage == "truncated" else os.urandom(200_000))
    cli("ingest", str(files[0]), store=store.root)
    assert len(_consistent(Store(store.root))) == 2


def test_one_bad_file_in_a_batch_is_reported_and_the_rest_go_in(tmp_path, files):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(range(256)) * 10)
    result = cli("ingest", str(files[0]), str(bad), str(files[1]), store=tmp_path / "s", check=False)
    assert result.returncode == 1
    assert "bad.bin" in result.stderr and "2 are in the store" in result.stderr
    assert len(_consistent(Store(tmp_path / "s"))) == 2


def test_stored_sources_are_compressed_and_stay_in_the_store(tmp_path):
    elf = b"\x7fELF" + b"\x00" * 60
    store = Store(tmp_path / "s")
    text = SAMPLE.read_bytes()
    store.ingest_sources([(text, "../../../evil/../x.so.txt")])
    stored = list((store.root / "sources").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith(".txt.gz") and stored[0].parent == store.root / "sources"
    assert gzip.decompress(stored[0].read_bytes()) == text and not stored[0].read_bytes().startswith(elf[:4])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]
