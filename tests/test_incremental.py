"""The incremental store answers every named query exactly as a full rebuild of the same documents does, after
adds, removes and the replacement of a changed file — on LadybugDB and on a real Neo4j loaded per document."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import SAMPLE
from test_stores import rows

from bench.synth import corpus
from graph import schema
from graph.store import Store
from queries.named import all_queries

# A document whose units no other document names (one is a unit only it has), and one naming a collective.
ONLY_HERE = """关于推进档案数字化工作的通知
青档发〔2024〕5号
一、重点任务
1. 推进档案数字化。年内完成馆藏档案数字化50万卷以上。(牵头单位:市档案馆,责任单位:市数据测试办;完成时限:2024年10月)
2. 加强区级档案建设。(牵头单位:各区(市),配合单位:市档案馆;完成时限:2024年12月)
"""


def _dump(session) -> dict:
    """Every node and relationship, by type, as sorted rows: two equal dumps are the same graph."""
    out = {}
    for n in schema.NODES:
        cypher = f"MATCH (n:{n.label}) RETURN " + ", ".join(f"n.{p}" for p in n.prop_names)
        out[n.label] = sorted(map(repr, rows(session, cypher)[1]))
    for r in schema.RELS:
        for src, dst in r.pairs:
            cypher = f"MATCH (a:{src})-[r:{r.type}]->(b:{dst}) RETURN a.id, b.id" + "".join(
                f", r.{p.name}" for p in r.props)
            out[f"{r.type} {src}->{dst}"] = sorted(map(repr, rows(session, cypher)[1]))
    return out


def _answers(session) -> dict:
    """Every named query's columns and rows. Rows compare as a multiset: several documents share one title
    (synthetic copies), and a query ordered by title leaves their rows' order to the engine's storage."""
    out = {}
    for name, query in all_queries().items():
        params = {k: v for k, v in query.example.items() if k in query.param_names}
        columns, data = rows(session, query.text, params)
        out[name] = (columns, sorted(map(repr, data)))
    return out


def _rebuilt(store: Store, tmp_path) -> Store:
    full = Store(tmp_path / f"full-{store.root.name}-{len(store.ids())}")
    shutil.copytree(store.root / "documents", full.root / "documents")
    full.rebuild()
    return full


def _assert_same_as_rebuild(store: Store, tmp_path) -> None:
    full = _rebuilt(store, tmp_path)
    a, b = store.open_graph(), full.open_graph()
    try:
        assert _dump(a) == _dump(b)
        answers = _answers(a)
        assert answers == _answers(b)
        assert any(r for _, r in answers.values())
    finally:
        a.close()
        b.close()


@pytest.fixture(scope="module")
def sources():
    synthetic = corpus(4)
    return {"sample": (SAMPLE.read_bytes(), SAMPLE.name), "only": (ONLY_HERE.encode(), "archive.txt"),
            **{f"s{i}": (data, name) for i, (name, data) in enumerate(synthetic)}}


def test_adds_removes_and_replacements_equal_a_full_rebuild(tmp_path, sources):
    store = Store(tmp_path / "inc")
    store.ingest_sources([sources["sample"]])
    store.ingest_sources([sources["s0"], sources["only"]])
    store.ingest_sources([sources["s1"]])
    _assert_same_as_rebuild(store, tmp_path)

    only_id = next(r.document.id for r in store.ingest_sources([sources["only"]]))
    session = store.open_graph()
    assert rows(session, "MATCH (u:Unit {name: '市档案馆'}) RETURN count(u)")[1] == [[1]]
    session.close()
    store.remove([only_id[:8]])
    session = store.open_graph()
    try:  # its own unit went with it; units other documents name stayed
        assert rows(session, "MATCH (u:Unit {name: '市档案馆'}) RETURN count(u)")[1] == [[0]]
        assert rows(session, "MATCH (u:Unit {name: '市大数据局'}) RETURN count(u)")[1] == [[1]]
        assert rows(session, "MATCH (d:Document) RETURN count(d)")[1] == [[3]]
    finally:
        session.close()

    changed = (sources["s2"][0], sources["s0"][1])  # the same file name, new content: replaces it
    result = store.ingest_sources([changed])[0]
    assert result.added and len(result.replaced) == 1
    assert {e.source_name for e in store.manifest()} == {SAMPLE.name, sources["s0"][1], sources["s1"][1]}
    assert len(store.ids()) == 3 and store.has(result.document.id) and not store.has(result.replaced[0])
    _assert_same_as_rebuild(store, tmp_path)


def test_an_add_stays_in_the_graph_s_log_until_the_log_passes_its_limit(tmp_path, sources, monkeypatch):
    """A small change leaves the graph's file as it was, byte for byte, and replaces its write-ahead log, which
    every reader replays when it opens the graph; a session opened before keeps what it read. Once the log passes
    the graph_log setting the change folds it into a new file and the log goes. Either way the graph is the one a
    full rebuild makes, and the app sees a new version."""
    from graph.ladybug_store import wal
    from ingest.errors import ClosedSessionError

    store = Store(tmp_path / "inc")
    store.ingest_sources([sources["sample"], sources["s0"]])  # the first build: a whole file, no log
    path = store.graph_path
    assert not wal(path).exists()
    file_before, version = path.read_bytes(), store.version()
    before = store.open_graph()
    store.ingest_sources([sources["s1"]])
    assert wal(path).exists() and path.read_bytes() == file_before  # the change is in the log alone
    assert store.version() > version
    after = store.open_graph()
    try:
        assert rows(before, "MATCH (d:Document) RETURN count(d)")[1] == [[2]]  # what it opened, unchanged
        with pytest.raises(ClosedSessionError):  # a console worker started now would read the new log
            before.console("MATCH (d:Document) RETURN count(d)", {}, timeout_s=30, max_rows=5)
        assert rows(after, "MATCH (d:Document) RETURN count(d)")[1] == [[3]]
        assert after.console("MATCH (d:Document) RETURN count(d)", {}, timeout_s=30, max_rows=5)[1] == [[3]]
    finally:
        before.close()
        after.close()
    store.remove([next(e.id for e in store.manifest() if e.source_name == sources["s0"][1])])  # logged too
    assert wal(path).exists() and path.read_bytes() == file_before
    _assert_same_as_rebuild(store, tmp_path)

    monkeypatch.setenv("POLICYKG_GRAPH_LOG", "0")  # every change folds the log now
    version = store.version()
    store.ingest_sources([sources["s2"]])
    assert not wal(path).exists() and path.read_bytes() != file_before and store.version() > version
    _assert_same_as_rebuild(store, tmp_path)


def test_a_batched_ingest_equals_a_full_rebuild(tmp_path, sources):
    """Documents are added to the graph as the parser hands them over: the first batch into the empty store
    becomes the whole graph, each later one a change; the result is what a rebuild makes."""
    folder = tmp_path / "files"
    folder.mkdir()
    for data, name in sources.values():
        (folder / name).write_bytes(data)
    for batch in (len(sources), 2):
        store = Store(tmp_path / f"batched-{batch}")
        report = store.ingest_batch(sorted(folder.iterdir()), batch=batch)
        assert not report.failures and len(store.ids()) == len(sources)
        _assert_same_as_rebuild(store, tmp_path)


def test_a_folder_ingested_again_parses_only_its_new_and_changed_files(tmp_path, sources, monkeypatch):
    """Staff re-run an ingest of the same folder each month: a file whose text is stored is read for its id and
    its stored copy stands for it, so only new and changed files are parsed; a place given for a stored file
    that was read in another place parses it in that place."""
    import ingest.pipeline

    parsed = []
    parse_text = ingest.pipeline.parse_text
    monkeypatch.setattr(ingest.pipeline, "parse_text", lambda text, *a, **k: parsed.append(k["source_name"])
                        or parse_text(text, *a, **k))
    folder = tmp_path / "files"
    folder.mkdir()
    for key in ("sample", "only", "s0"):
        data, name = sources[key]
        (folder / name).write_bytes(data)
    store = Store(tmp_path / "s")
    first = store.ingest_batch(sorted(folder.iterdir()))
    assert len(parsed) == 3 and all(r.added for r in first.results)
    parsed.clear()
    again = store.ingest_batch(sorted(folder.iterdir()))
    assert parsed == [] and not any(r.added for r in again.results)
    assert [r.summary for r in again.results] == [r.summary for r in first.results], "the same report"
    (folder / sources["only"][1]).write_bytes(sources["only"][0].replace("50万卷".encode(), "60万卷".encode()))
    (folder / "new.txt").write_bytes(sources["s1"][0])
    changed = store.ingest_batch(sorted(folder.iterdir()))
    assert sorted(parsed) == sorted([str(folder / sources["only"][1]), str(folder / "new.txt")])
    assert [r.summary.source_name for r in changed.results if r.added] == sorted(parsed)
    parsed.clear()
    placed = store.ingest_batch([folder / sources["only"][1]], jurisdiction="即墨区")
    assert parsed == [str(folder / sources["only"][1])] and placed.results[0].summary.jurisdiction == "即墨区"
    parsed.clear()
    store.ingest_batch([folder / sources["only"][1]], jurisdiction="即墨区")
    assert parsed == [], "read in that place already"
    _assert_same_as_rebuild(store, tmp_path)


def _units(store: Store) -> set[str]:
    session = store.open_graph()
    try:
        return {r[0] for r in rows(session, "MATCH (u:Unit) RETURN u.name")[1]}
    finally:
        session.close()


def test_reparse_replaces_only_the_documents_the_parser_now_reads_differently(tmp_path, sources):
    """After an upgrade the stored readings are an older parser's: ``reparse`` reads every stored source again,
    replaces a document that now reads differently (in its files and the graph) and leaves the others; a place
    given at ingest is kept; a document whose source is gone is named."""
    from typer.testing import CliRunner

    from cli import app

    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], sources["s0"]])
    store.ingest_batch([_written(tmp_path, *sources["only"])], jurisdiction="即墨区")
    only = next(e.id for e in store.manifest() if e.source_name.endswith("archive.txt"))
    stored = store.root / "documents" / f"{only}.json"
    # An older parser's reading: it took 市档案馆 for 市档案局 (same length, so every span still fits).
    stored.write_bytes(stored.read_bytes().replace("市档案馆".encode(), "市档案局".encode()))
    store.rebuild()
    assert "市档案局" in _units(store) and "市档案馆" not in _units(store)
    untouched = {p.name: p.read_bytes() for p in (store.root / "documents").iterdir() if p.name != stored.name}
    assert CliRunner().invoke(app, ["--store", str(store.root), "reparse"]).output.startswith(
        "reparsed 0 document(s)"), "by default only those an earlier version read (the manifest names none)"
    out = CliRunner().invoke(app, ["--store", str(store.root), "reparse", "--all"])
    assert out.exit_code == 0, out.output
    assert "archive.txt: read differently now" in out.output
    assert "reparsed 3 document(s): 1 read differently and replaced, 2 unchanged" in out.output
    assert "市档案馆" in _units(store) and "市档案局" not in _units(store)
    assert {p.name: p.read_bytes() for p in (store.root / "documents").iterdir() if p.name != stored.name} == untouched
    assert [e.jurisdiction for e in store.manifest() if e.id == only] == ["即墨区"], "the place given at ingest"
    _assert_same_as_rebuild(store, tmp_path)
    again = CliRunner().invoke(app, ["--store", str(store.root), "reparse", only[:8]])
    assert "reparsed 1 document(s): 0 read differently and replaced, 1 unchanged" in again.output
    next((store.root / "sources").glob(f"{only}*")).unlink()
    gone = CliRunner().invoke(app, ["--store", str(store.root), "reparse", "--all"])
    assert gone.exit_code == 1 and "archive.txt: its source is not in the store" in gone.output


def _older_reading(store: Store, doc_id: str, change) -> None:
    """Make the stored copy of ``doc_id`` what an older parser might have read (``change(doc)``), graph included."""
    from ingest.serialize import decode_document, encode_document

    path = store.root / "documents" / f"{doc_id}.json"
    path.write_bytes(encode_document(change(decode_document(path.read_bytes(), str(path)))))
    store.rebuild()


def test_reparse_never_moves_recorded_progress_onto_another_duty(tmp_path, sources):
    """Progress is keyed by assignment id (document, task position, clause): a new reading that finds a task the
    old one missed shifts the positions after it, so the document keeps its old reading and is named; a reading
    that keeps every recorded duty in its place replaces it."""
    import dataclasses

    from typer.testing import CliRunner

    from cli import app
    from graph.progress import new_event

    store = Store(tmp_path / "s")
    [doc] = [r.document for r in store.ingest_sources([sources["sample"]])]
    _older_reading(store, doc.id, lambda d: dataclasses.replace(d, tasks=d.tasks[1:]))  # it missed task 1
    older_title = store.document(doc.id).tasks[0].title
    store.progress().record([new_event(f"{doc.id}/t1/1", "done", "张三")])
    out = CliRunner().invoke(app, ["--store", str(store.root), "reparse", "--all"])
    assert out.exit_code == 1 and "not read again: progress is recorded on 1 of its duties" in out.output
    assert f"{doc.id}/t1/1" in out.output
    assert Store(store.root).document(doc.id).tasks[0].title == older_title, "the earlier reading is kept"
    session = store.open_graph()
    try:
        assert rows(session, "MATCH (a:Assignment {id: $id}) RETURN a.task_title", {"id": f"{doc.id}/t1/1"})[1] \
            == [[older_title]], "and so is its graph"
    finally:
        session.close()
    # A reading that keeps the recorded duty where it is (the older one missed only the last task) replaces it.
    store = Store(tmp_path / "kept")
    store.ingest_sources([sources["sample"]])
    last = len(doc.tasks)
    _older_reading(store, doc.id, _without_last_task)
    assert len(store.document(doc.id).tasks) == last - 1
    store.progress().record([new_event(f"{doc.id}/t1/1", "done", "张三")])
    out = CliRunner().invoke(app, ["--store", str(store.root), "reparse", "--all"])
    assert out.exit_code == 0 and "1 read differently and replaced" in out.output, out.output
    assert len(Store(store.root).document(doc.id).tasks) == last
    _assert_same_as_rebuild(store, tmp_path)


def test_a_new_version_of_a_file_takes_the_progress_recorded_on_its_duties(tmp_path, sources):
    """A changed file is a new document (its ids come from its text): the progress recorded on each duty of the
    earlier version that the new one still holds (same task title and clause) follows it, with its states,
    names and dates; a duty the new version dropped keeps its records under the old id and is named."""
    from typer.testing import CliRunner

    from cli import app
    from graph.progress import new_event

    store = Store(tmp_path / "s")
    folder = tmp_path / "files"
    folder.mkdir()
    data, name = sources["sample"]
    assert CliRunner().invoke(app, ["--store", str(store.root), "ingest", str(_written(folder, data, name))]).exit_code == 0
    old = store.document(next(iter(store.ids())))
    first, last = old.tasks[0], old.tasks[-1]
    kept, dropped = f"{old.id}/t1/1", f"{old.id}/t{len(old.tasks)}/1"
    store.progress().record([new_event(kept, "in_progress", "张三"), new_event(kept, "done", "李四", when=date(2024, 5, 20)),
                             new_event(dropped, "in_progress", "王五")])
    clause = last.assignments[0].text_span.slice(old.text)
    edited = data.decode("utf-8").replace(clause, "（本条删除）", 1)
    assert edited != data.decode("utf-8") and first.title in edited
    out = CliRunner().invoke(app, ["--store", str(store.root), "ingest", str(_written(folder, edited.encode(), name))])
    assert out.exit_code == 0, out.output
    [new_id] = store.ids()
    assert new_id != old.id and f"replaced {old.id[:12]}" in out.output
    assert "the progress recorded on 1 of its duties follows them into this version" in out.output
    assert f"1 duty with recorded progress is not in this version ({dropped})" in out.output
    current = store.progress().current()
    moved = current[f"{new_id}/t1/1"]
    assert (moved.state, moved.by, moved.date) == ("done", "李四", date(2024, 5, 20))
    assert [e.state for e in store.progress().events(f"{new_id}/t1/1")] == ["in_progress", "done"]
    assert current[dropped].by == "王五", "the dropped duty's record stays under its old id"
    session = store.open_graph()
    try:
        assert rows(session, "MATCH (a:Assignment {id: $id}) RETURN a.task_title", {"id": f"{new_id}/t1/1"})[1] \
            == [[first.title]]
    finally:
        session.close()
    again = CliRunner().invoke(app, ["--store", str(store.root), "ingest", str(folder / name)])
    assert "follows them" not in again.output and len(store.progress().events(f"{new_id}/t1/1")) == 2


def test_a_new_deadline_printed_in_the_clause_keeps_the_duty_s_progress(tmp_path):
    """A reviewer's second month: a task's clause went from 2026年7月底前拨付到位 to 2026年8月底前, and the duty
    recorded 已办结 became "not in this version" and showed as overdue. The same task, place and units are the
    same duty; a new version from another folder (the next month's copy) is a new version too."""
    from typer.testing import CliRunner

    from cli import app
    from graph.progress import new_event

    text = ("关于做好安全生产工作的通知\n即政办发〔2026〕6号\n一、重点任务\n"
            "（一）落实专项资金。安全生产专项资金2026年7月底前拨付到位。（牵头单位：区财政局；责任单位：区应急局）\n"
            "（二）开展隐患排查。每季度开展一次隐患排查。（牵头单位：区应急局）\n")
    month1, month2 = tmp_path / "2026-07", tmp_path / "2026-08"
    month1.mkdir(), month2.mkdir()
    (month1 / "safety.txt").write_text(text, encoding="utf-8")
    (month2 / "safety.txt").write_text(text.replace("2026年7月底前拨付到位", "2026年8月底前"), encoding="utf-8")
    store = Store(tmp_path / "s")
    runner = CliRunner()
    assert runner.invoke(app, ["--store", str(store.root), "ingest", str(month1)]).exit_code == 0
    [old] = store.ids()
    store.progress().record([new_event(f"{old}/t1/1", "done", "李四", when=date(2026, 7, 20))])
    out = runner.invoke(app, ["--store", str(store.root), "ingest", str(month2)])
    assert out.exit_code == 0, out.output
    [new] = store.ids()
    assert new != old and f"replaced {old[:12]}" in out.output, "the next month's copy replaces, not doubles"
    assert "follows them into this version" in out.output and "not in this version" not in out.output
    assert store.progress().current()[f"{new}/t1/1"].state == "done"
    other = tmp_path / "other"
    other.mkdir()
    (other / "safety-copy.txt").write_text(text.replace("每季度", "每月"), encoding="utf-8")
    out = runner.invoke(app, ["--store", str(store.root), "ingest", str(other)])
    assert len(store.ids()) == 2 and "即政办发〔2026〕6号 is also stored from safety.txt" in out.output
    assert "safety-copy.txt (undated): 即政办发" in out.output and ", undated); both are kept" in out.output


def test_an_older_version_given_after_a_newer_one_is_taken_and_said(tmp_path):
    """Last month's copy ingested after this month's replaces it, as the file given always does, but the note
    says it is dated before the version it replaces, so a slip of the folder is seen."""
    from typer.testing import CliRunner

    from cli import app

    body = ("关于做好安全生产工作的通知\n即政办发〔2026〕6号\n一、重点任务\n"
            "（一）落实专项资金。安全生产专项资金{due}拨付到位。（牵头单位：区财政局）\n"
            "青岛市即墨区人民政府办公室\n{day}\n")
    july, august = tmp_path / "07", tmp_path / "08"
    for folder, due, day in ((july, "2026年7月底前", "2026年7月1日"), (august, "2026年8月底前", "2026年8月1日")):
        folder.mkdir()
        (folder / "safety.txt").write_text(body.format(due=due, day=day), encoding="utf-8")
    store = Store(tmp_path / "s")
    runner = CliRunner()
    first = runner.invoke(app, ["--store", str(store.root), "ingest", str(august)])
    assert first.exit_code == 0 and "before the version it replaces" not in first.output
    [newer] = store.ids()
    out = runner.invoke(app, ["--store", str(store.root), "ingest", str(july)])
    assert out.exit_code == 0, out.output
    assert f"dated 2026-07-01, before the version it replaces (2026-08-01, id {newer[:12]})" in out.output
    [taken] = store.ids()
    assert taken != newer
    again = runner.invoke(app, ["--store", str(store.root), "ingest", str(august)])
    assert "before the version it replaces" not in again.output and store.ids() == {newer}


def test_a_deleted_clause_s_progress_never_moves_to_another_duty(tmp_path):
    """A reviewer's find: a task with two clauses of the same lead unit lost its first clause in the new
    version, and the first clause's 已办结 moved onto the second (same task, same units, now first in place).
    A duty the new version holds word for word is itself; only a clause like the old one can take its place."""
    from typer.testing import CliRunner

    from cli import app
    from graph.progress import new_event

    text = ("关于推进数据共享的通知\n青政办字〔2026〕77号\n一、重点任务\n"
            "1. 推进数据共享。2026年6月底前完成目录编制（牵头单位：市大数据局）；"
            "2026年9月底前完成平台升级（牵头单位：市大数据局）。\n")
    path = tmp_path / "data.txt"
    path.write_text(text, encoding="utf-8")
    store, runner = Store(tmp_path / "s"), CliRunner()
    assert runner.invoke(app, ["--store", str(store.root), "ingest", str(path)]).exit_code == 0
    [old] = store.ids()
    assert len(store.document(old).tasks[0].assignments) == 2
    store.progress().record([new_event(f"{old}/t1/1", "done", "督查室", when=date(2026, 6, 20))])
    path.write_text(text.replace("2026年6月底前完成目录编制（牵头单位：市大数据局）；", ""), encoding="utf-8")
    out = runner.invoke(app, ["--store", str(store.root), "ingest", str(path)])
    [new] = store.ids()
    assert "follows them" not in out.output and "1 duty with recorded progress is not in this version" in out.output
    assert f"{new}/t1/1" not in store.progress().current()


def test_a_ledger_issued_before_a_new_version_is_still_returned_and_old_ids_still_found(tmp_path):
    """A ledger issued in month 1 and returned after the new version arrived was rejected whole ("unknown
    assignment"), though its duty's progress had followed into the new version; `progress log --assignment`
    refused the id of a duty the new version dropped, whose records the note says stay in the log."""
    from typer.testing import CliRunner

    from cli import app
    from graph.progress import new_event
    from graph.supervision import Row, apply_import

    text = ("关于X的通知\n即政办发〔2026〕7号\n一、重点任务\n"
            "（一）落实资金。资金2026年7月底前拨付到位。（牵头单位：区财政局）\n"
            "（二）开展排查。2026年9月底前完成排查。（牵头单位：区应急局）\n")
    store = Store(tmp_path / "s")
    runner = CliRunner()
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["--store", str(store.root), "ingest", str(tmp_path / "a.txt")]).exit_code == 0
    [old] = store.ids()
    store.progress().record([new_event(f"{old}/t1/1", "in_progress", "张三"),
                             new_event(f"{old}/t2/1", "in_progress", "王五")])
    (tmp_path / "a.txt").write_text(text.replace("（二）开展排查。2026年9月底前完成排查。（牵头单位：区应急局）\n", ""),
                                    encoding="utf-8")
    assert runner.invoke(app, ["--store", str(store.root), "ingest", str(tmp_path / "a.txt")]).exit_code == 0
    [new] = store.ids()
    assert store.progress().moves() == {f"{old}/t1/1": f"{new}/t1/1"}
    session = store.open_graph()
    try:
        events, _, _ = apply_import(store.progress(), session, [Row("zj.xlsx 区财政局!5", f"{old}/t1/1", "已办结",
                                                                    "已拨付", "2026-07-20")], "李四",
                                    today=date(2026, 8, 1))
    finally:
        session.close()
    assert [e.assignment for e in events] == [f"{new}/t1/1"], "the old id reads as the duty it became"
    dropped = runner.invoke(app, ["--store", str(store.root), "progress", "log", "--assignment", f"{old}/t2/1"])
    assert dropped.exit_code == 0 and "王五" in dropped.output
    moved = runner.invoke(app, ["--store", str(store.root), "progress", "log", "--assignment", f"{old}/t1/1"])
    lines = moved.output.splitlines()
    assert moved.exit_code == 0 and len(lines) == 2, "the old record once, and what was recorded through the old id"
    assert "张三" in lines[0] and "李四" in lines[1] and "已拨付" in lines[1]
    never = runner.invoke(app, ["--store", str(store.root), "progress", "log", "--assignment", "ffffffffffffffff/t1/1"])
    said = never.output + str(never.exception)
    assert never.exit_code != 0 and "unknown assignment" in said and "no stored document holds it" not in said
    refused = runner.invoke(app, ["--store", str(store.root), "progress", "set", f"{old}/t2/1", "--status",
                                  "已办结", "--by", "李四"])
    assert refused.exit_code != 0 and "no stored document holds it now" in refused.output + str(refused.exception)


def _without_last_task(doc):
    import dataclasses

    return dataclasses.replace(doc, tasks=doc.tasks[:-1])


def test_reparse_replaces_exactly_the_document_it_re_read_when_its_id_changes(tmp_path, sources, monkeypatch):
    """A reader that now reads a source's text differently gives it another id; the new reading replaces the
    document re-read, not whichever stored document shares its file name (two uploads named 通知.txt)."""
    import dataclasses

    import ingest.pipeline

    store = Store(tmp_path / "s")
    store.ingest_sources([(sources["only"][0], "通知.txt"), (sources["s0"][0], "通知.txt"), sources["sample"]])
    assert len(store.ids()) == 3
    read_source = ingest.pipeline.read_source
    monkeypatch.setattr(ingest.pipeline, "read_source",
                        lambda data, name: dataclasses.replace(read_source(data, name),
                                                               text=read_source(data, name).text + "\n"))
    report = store.reread(sorted(store.ids()))
    assert not report.failures and sum(r.added for r in report.results) == 3
    assert len(Store(store.root).ids()) == 3 and {e.source_name for e in Store(store.root).manifest()} == {
        "通知.txt", sources["sample"][1]}
    monkeypatch.undo()
    _assert_same_as_rebuild(Store(store.root), tmp_path)


def test_a_replacement_stopped_before_the_graph_changed_is_healed_on_the_next_open(tmp_path, sources):
    """A same-id replacement saves the new reading before the graph changes; stopped in between (Ctrl-C), the ids
    still agree, so a mark left before the save makes the next open rebuild the graph from the documents."""
    import dataclasses

    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], sources["s0"], sources["only"]])
    only = next(e.id for e in store.manifest() if e.source_name == "archive.txt")
    _older_reading(store, only, lambda d: dataclasses.replace(d, tasks=d.tasks[:1]))

    calls = []

    def stop_at_the_second(_=1):  # the first document is saved by then, the graph not yet changed
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt

    others = sorted(store.ids() - {only})
    with pytest.raises(KeyboardInterrupt):
        store.reread([only, *others], progress=stop_at_the_second, batch=3)
    assert (store.root / "graph.stale").exists() and len(Store(store.root).document(only).tasks) == 2
    session = store.open_graph()  # heals
    try:
        titles = rows(session, "MATCH (t:Task {document_id: $d}) RETURN t.title", {"d": only})[1]
    finally:
        session.close()
    assert len(titles) == len(store.document(only).tasks), "the graph holds what the documents hold"
    assert not (store.root / "graph.stale").exists()
    _assert_same_as_rebuild(store, tmp_path)


def test_reparse_names_a_damaged_source_and_repairs_a_damaged_document(tmp_path, sources):
    from typer.testing import CliRunner

    from cli import app

    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], sources["only"]])
    only = next(e.id for e in store.manifest() if e.source_name == "archive.txt")
    sample = next(i for i in store.ids() if i != only)
    (store.root / "documents" / f"{only}.json").write_bytes(b"{not json")
    [packed] = (store.root / "sources").glob(f"{sample}*.gz")
    packed.write_bytes(packed.read_bytes()[:40])  # truncated
    out = CliRunner().invoke(app, ["--store", str(store.root), "reparse", "--all"])
    assert out.exit_code == 1 and f"its stored source {packed.name} is damaged" in out.output
    assert "archive.txt: read differently now" in out.output, "re-read from its source under the manifest's name"
    assert Store(store.root).document(only).metadata.title == "关于推进档案数字化工作的通知"
    empty = CliRunner().invoke(app, ["--store", str(tmp_path / "typo"), "reparse"])
    assert empty.exit_code != 0 and "no documents in" in str(empty.exception) and not (tmp_path / "typo").exists()
    both = CliRunner().invoke(app, ["--store", str(store.root), "reparse", only, "--all"])
    assert both.exit_code != 0 and "not both" in str(both.exception)


def test_ingest_names_documents_read_by_an_earlier_version_until_reparse(tmp_path, sources):
    import msgspec
    from typer.testing import CliRunner

    from cli import app

    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], sources["only"]])
    assert store.read_earlier() == [], "all read by this version"
    manifest = store.root / "manifest.json"  # as an earlier version left it: one entry from before this one
    listed = msgspec.json.decode(manifest.read_bytes())
    listed["documents"][0]["read_by"] = "0123456789abcdef"
    manifest.write_bytes(msgspec.json.encode(listed))
    out = CliRunner().invoke(app, ["--store", str(store.root), "ingest", str(_written(tmp_path, *sources["s0"]))])
    assert out.exit_code == 0 and "note: 1 stored document(s) were read by an earlier version" in out.output
    assert "reparse' reads them again" in out.output
    reread = CliRunner().invoke(app, ["--store", str(store.root), "reparse"])
    assert reread.exit_code == 0 and "reparsed 1 document(s): 0 read differently and replaced, 1 unchanged" in reread.output
    assert store.read_earlier() == []
    quiet = CliRunner().invoke(app, ["--store", str(store.root), "ingest", str(_written(tmp_path, *sources["s1"]))])
    assert quiet.exit_code == 0 and "note:" not in quiet.output


def _written(folder, data: bytes, name: str):
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_rebuild_reads_and_writes_in_batches_and_equals_one_built_at_once(tmp_path, sources, monkeypatch):
    """A rebuild (a new schema or gazetteers, a damaged graph) reads the documents a batch at a time into a file of
    its own, swapped in whole: the same graph as one built from every document at once, nothing kept."""
    store = Store(tmp_path / "s")
    store.ingest_sources(list(sources.values()))
    whole = _dump_of(store)
    monkeypatch.setenv("POLICYKG_INGEST_BATCH", "2")
    batched = Store(store.root)
    batched.rebuild()
    assert batched._cache == {} and _dump_of(batched) == whole
    assert not list(store.root.glob("graph.rebuilding*"))


def _dump_of(store: Store) -> dict:
    session = store.open_graph()
    try:
        return _dump(session)
    finally:
        session.close()


def test_a_graph_built_with_other_gazetteers_is_rebuilt_once(tmp_path, sources):
    """Units' aliases and memberships and the concepts' hierarchy in the graph come from the gazetteers: a graph
    stamped with other ones (an upgrade, an edited units file) is rebuilt on the next open, then kept."""
    from graph import build, schema

    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"]])
    stamp = (store.root / "graph.schema").read_text(encoding="utf-8")
    # the schema, the gazetteers and the rules naming the graph's nodes (build.RULES)
    assert stamp.split()[0] == schema.fingerprint() and stamp.split()[2:] == [build.RULES]
    (store.root / "graph.schema").write_text(schema.fingerprint() + " 0123456789abcdef\n", encoding="utf-8")
    built = store.graph_path.stat().st_mtime_ns
    store.open_graph().close()
    assert (store.root / "graph.schema").read_text(encoding="utf-8") == stamp
    assert store.graph_path.stat().st_mtime_ns != built, "rebuilt"
    again = store.graph_path.stat().st_mtime_ns
    store.open_graph().close()
    assert store.graph_path.stat().st_mtime_ns == again, "and then kept"


def test_removing_every_document_leaves_an_empty_graph(tmp_path, sources):
    store = Store(tmp_path / "s")
    ids = [r.document.id for r in store.ingest_sources([sources["only"], sources["s3"]])]
    store.remove(ids)
    session = store.open_graph()
    try:
        for label in ("Document", "Unit", "Industry", "Assignment"):
            assert rows(session, f"MATCH (n:{label}) RETURN count(n)")[1] == [[0]], label
    finally:
        session.close()
    assert store.manifest() == []


@pytest.mark.neo4j
def test_neo4j_loaded_per_document_answers_as_the_embedded_store(tmp_path, sources, neo4j_to_restore):
    from graph.neo4j_store import Neo4jGraph, sync_neo4j
    from graph.resources import load_gazetteers

    conn = neo4j_to_restore
    store = Store(tmp_path / "inc")
    store.ingest_sources([sources["sample"], sources["only"]])
    plan = sync_neo4j(store, conn, load_gazetteers())
    assert len(plan.added) == 2 and plan.removed == []
    store.ingest_sources([sources["s0"]])
    store.remove([next(e.id for e in store.manifest() if e.source_name == "archive.txt")])
    plan = sync_neo4j(store, conn, load_gazetteers())
    assert len(plan.added) == 1 and len(plan.removed) == 1
    assert sync_neo4j(store, conn, load_gazetteers()) == type(plan)([], [])  # nothing left to do
    neo, embedded = Neo4jGraph(conn), store.open_graph()
    try:
        assert _dump(neo) == _dump(embedded)
        assert _answers(neo) == _answers(embedded)
    finally:
        neo.close()
        embedded.close()


@pytest.mark.neo4j
def test_neo4j_loaded_under_another_schema_is_loaded_again(tmp_path, sources, neo4j_to_restore):
    """A server an older policykg loaded lacks properties the schema has now: sync loads every document again
    and refreshes the shared units, so the server equals the embedded store."""
    from graph.neo4j_store import STAMP, Neo4jGraph, sync_neo4j
    from graph.resources import load_gazetteers

    conn = neo4j_to_restore
    store = Store(tmp_path / "old")
    store.ingest_sources([sources["sample"], sources["only"]])
    sync_neo4j(store, conn, load_gazetteers())
    old = sorted(store.ids())[0]
    with conn.driver() as driver:  # what an older version left: another stamp, properties it did not know
        driver.execute_query(f"MATCH (d:Document {{id: $id}}) SET d.{STAMP} = 'older'", id=old)
        driver.execute_query("MATCH (a:Assignment {document_id: $id}) REMOVE a.order_key, a.recurring", id=old)
        driver.execute_query("MATCH (u:Unit) REMOVE u.full_name")
    plan = sync_neo4j(store, conn, load_gazetteers())
    assert plan.reloaded == plan.added == sorted(store.ids()) and plan.removed == []
    assert sync_neo4j(store, conn, load_gazetteers()) == type(plan)([], [])
    neo, embedded = Neo4jGraph(conn), store.open_graph()
    try:
        assert _dump(neo) == _dump(embedded)
    finally:
        neo.close()
        embedded.close()


@pytest.mark.neo4j
def test_cli_ask_and_export_from_neo4j_equal_the_embedded_store(tmp_path, sources, neo4j_to_restore):
    import json

    from test_store_faults import cli

    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], sources["only"], sources["s1"]])
    uri = neo4j_to_restore.uri
    cli("load-neo4j", "--uri", uri, store=store.root)
    for question in ("市财政局牵头哪些任务?", "How many tasks are due in Q1?", "即墨区负责哪些任务?"):
        embedded = json.loads(cli("ask", "--json", question, store=store.root).stdout)
        served = json.loads(cli("ask", "--json", question, "--neo4j-uri", uri, store=tmp_path / "none").stdout)
        assert served == embedded and embedded["assignments"], question
    doc = next(e.id for e in store.manifest() if e.source_name == "archive.txt")
    for fmt, extra in (("csv", []), ("nt", []), ("graphml", []), ("ttl", ["--document", doc[:8]])):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        cli("export", fmt, "-o", str(a), *extra, store=store.root)
        cli("export", fmt, "-o", str(b), *extra, "--neo4j-uri", uri, store=tmp_path / "none")
        assert a.read_bytes() == b.read_bytes(), fmt
    assert not (tmp_path / "none").exists()  # answered from the server alone


UNPLACED = ("关于做好2024年安全生产工作的通知\n各有关单位:\n一、重点工作\n"
            "1. 开展安全生产大检查。(牵头单位:区应急局,责任单位:区住建局;完成时限:2024年6月底前)\n")


@pytest.mark.neo4j
def test_neo4j_follows_a_document_replaced_under_its_own_id(tmp_path, sources, neo4j_to_restore):
    """A document corrected in place keeps its id (ingest --jurisdiction, reparse): load-neo4j compared ids only,
    said "added 0, removed 0" and the server kept the earlier reading for ever (its units unplaced)."""
    from graph.neo4j_store import Neo4jGraph, sync_neo4j
    from graph.resources import load_gazetteers

    conn = neo4j_to_restore
    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], (UNPLACED.encode(), "safety.txt")])
    sync_neo4j(store, conn, load_gazetteers())
    [corrected] = store.ingest_sources([(UNPLACED.encode(), "safety.txt")], jurisdiction="崂山区")
    assert corrected.added and corrected.document.id in store.ids()
    plan = sync_neo4j(store, conn, load_gazetteers())
    assert plan.added == [corrected.document.id] and plan.removed == []
    assert sync_neo4j(store, conn, load_gazetteers()) == type(plan)([], [])
    neo, embedded = Neo4jGraph(conn), store.open_graph()
    try:
        assert _dump(neo) == _dump(embedded)
        assert rows(neo, "MATCH (u:Unit {name: '区应急局'}) RETURN u.place")[1] == [["崂山区"]]
    finally:
        neo.close()
        embedded.close()


@pytest.mark.neo4j
def test_readers_of_neo4j_never_see_a_month_s_load_half_done(tmp_path, sources, neo4j_to_restore):
    """load-neo4j deleted the documents gone from the store, then wrote the new ones batch by batch, their
    Document node last: for the length of a load every reader of the server (every member of staff) saw
    assignments without their document, or a replaced document gone. A month's change is one transaction."""
    from graph.neo4j_store import sync_neo4j
    from graph.resources import load_gazetteers

    conn = neo4j_to_restore
    store = Store(tmp_path / "s")
    store.ingest_sources([sources["sample"], sources["only"]])
    sync_neo4j(store, conn, load_gazetteers())

    def state():
        with conn.driver() as driver:
            documents = {r[0] for r in driver.execute_query("MATCH (d:Document) RETURN d.id").records}
            parts = {r[0] for r in driver.execute_query("MATCH (a:Assignment) RETURN DISTINCT a.document_id").records}
        return documents, parts

    before = state()
    seen = []
    store.ingest_sources([sources["s0"]])
    store.remove([next(e.id for e in store.manifest() if e.source_name == "archive.txt")])
    plan = sync_neo4j(store, conn, load_gazetteers(), on_batch=lambda n, _d: seen.append(state()))
    assert len(plan.added) == 1 and len(plan.removed) == 1 and seen
    assert all(s == before for s in seen), "during the load, readers see the server as it was"
    assert state() == (store.ids(), store.ids())


def test_a_batch_graph_of_each_documents_own_graph_is_the_graph_of_the_batch(resources):
    """``Store`` makes each arriving document's graph while the workers parse the rest (``store._drafted``) and
    adds them in turn (``PropertyGraph.add_graph``): the same nodes (merged the same way), relationships and order
    as ``add_document`` of each into one graph; shared units named by several documents and a document twice."""
    from graph.build import PropertyGraph, add_document, build_graph
    from graph.store import load_gazetteers
    from ingest.pipeline import ingest_bytes

    folder = SAMPLE.parents[2] / "tests" / "documents"
    sources = [SAMPLE, *sorted(folder.glob("*.txt"))[:40]]
    docs = [ingest_bytes(p.read_bytes(), p.name, resources) for p in sources]
    docs += [docs[0], ingest_bytes(ONLY_HERE.encode(), "only.txt", resources)]
    gazetteers = load_gazetteers()
    whole = build_graph(docs, gazetteers, closed=False)
    merged = PropertyGraph()
    for doc in docs:
        own = PropertyGraph()
        add_document(own, doc, gazetteers)
        merged.add_graph(own)
    assert sum(len(rows) for rows in whole.nodes["Unit"].values()) > 0 and len(whole.nodes["Unit"]) > 20
    assert {label: list(rows.items()) for label, rows in merged.nodes.items()} == \
        {label: list(rows.items()) for label, rows in whole.nodes.items()}
    assert [(k, r, r.props) for k, r in merged.rels.items()] == [(k, r, r.props) for k, r in whole.rels.items()]
    assert merged.units_added == whole.units_added


def test_adding_a_graph_merges_a_shared_node_and_keeps_the_first_relationship_as_adding_them_one_by_one():
    from graph.build import PropertyGraph, Rel

    first = {"id": "unit:市财政局", "name": "市财政局", "kind": "", "aliases": [], "known": False}
    later = {"id": "unit:市财政局", "name": "市财政局", "kind": "government", "aliases": ["市财政"], "known": True}
    rels = [Rel("LEADS", "Unit", "unit:市财政局", "Assignment", "d/t1/1", {"surface": "市财政局", "span_start": 3}),
            Rel("LEADS", "Unit", "unit:市财政局", "Assignment", "d/t1/1", {"surface": "财政局", "span_start": 3})]
    one_by_one, merged = PropertyGraph(), PropertyGraph()
    for props, rel in zip((first, later), rels, strict=True):
        one_by_one.add_node("Unit", dict(props))
        one_by_one.add_rel(rel)
        own = PropertyGraph()
        own.add_node("Unit", dict(props))
        own.add_rel(rel)
        merged.add_graph(own)
    assert merged.nodes == one_by_one.nodes
    assert merged.nodes["Unit"]["unit:市财政局"]["kind"] == "government" and merged.nodes["Unit"]["unit:市财政局"]["known"] is False
    assert [r.props for r in merged.rels.values()] == [r.props for r in one_by_one.rels.values()] == [rels[0].props]
