"""The sample's 40 attributions, as read by hand (tests/golden/sample_assignments.json), reproduced exactly."""

import gc
import json

import pytest
from conftest import GOLDEN, SAMPLE

from ingest.errors import PolicyKGError
from ingest.normalize import unspaced
from ingest.pipeline import ingest_bytes, ingest_many

TRADITIONAL = ("青島市關於推動產業升級的實施意見\n青政發〔2024〕1號\n一、重點任務\n"
               "1. 推動產業升級。（牽頭單位：市工業和信息化局，責任單位：市財政局；完成時限：2024年9月）\n").encode()


def as_golden(doc) -> list[dict]:
    out = []
    for task, a in doc.assignments:
        d = a.deadline
        out.append({
            "task": task.label, "seq": a.seq, "action": task.action_seq,
            "lead": [u.name for u in a.lead], "responsible": [u.name for u in a.responsible],
            "cooperating": [u.name for u in a.cooperating], "lead_open": a.lead_open,
            "responsible_open": a.responsible_open,
            "deadline": {"text": d.text, "start": d.start.isoformat(), "end": d.end.isoformat()} if d else None,
            "text": a.text_span.slice(doc.text),
        })
    return out


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    return json.loads((GOLDEN / "sample_assignments.json").read_text(encoding="utf-8"))


def test_all_forty_assignments_match_the_hand_written_golden_file(sample_doc, golden):
    got = as_golden(sample_doc)
    assert len(got) == 40
    for expected, actual in zip(golden, got, strict=True):
        assert actual == expected, f"task {expected['task']} seq {expected['seq']}"


def test_metadata(sample_doc):
    m = sample_doc.metadata
    assert m.title == "关于加力实施工业经济稳增长强动能提质效年度九大行动的意见"
    assert m.doc_number == "青办发〔2024〕3号"
    assert m.issuers == ("中共青岛市委办公厅", "青岛市人民政府办公厅")
    assert m.date.isoformat() == "2024-04-03" and m.year == 2024


def test_structure(sample_doc):
    assert [s.title for s in sample_doc.sections] == ["工作目标", "重点任务", "保障措施"]
    assert len(sample_doc.actions) == 9
    assert sample_doc.actions[6].name == "产业结构提档行动" and sample_doc.actions[6].label == "(七)"
    assert [t.label for t in sample_doc.tasks] == [str(i) for i in range(1, 29)] + ["保障措施"]
    assert len(sample_doc.goals) == 6


def test_web_boilerplate_is_recorded_not_parsed(sample_doc):
    ignored = [i.span.slice(sample_doc.text) for i in sample_doc.ignored]
    assert "化工机械设备网" in ignored and "登录" in ignored
    assert any(s.startswith("上一篇") for s in ignored) and any(s.startswith("首页|") for s in ignored)


def test_the_sample_parses_without_warnings(sample_doc):
    assert [i.render("sample") for i in sample_doc.issues] == []


def test_spans_slice_to_what_the_model_says(sample_doc):
    text = sample_doc.text
    for task, a in sample_doc.assignments:
        for unit in (*a.lead, *a.responsible, *a.cooperating):
            assert unit.span.slice(text) == unit.surface
        if a.deadline:
            assert unspaced(a.deadline.span.slice(text)) == a.deadline.text  # shown without layout spaces
        assert text[a.attribution_span.start] in "(〔" and text[a.attribution_span.end - 1] in ")〕"
        assert task.span.start <= a.text_span.start <= a.text_span.end <= task.span.end


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-be", "utf-8-sig"])
def test_reencoded_sample_parses_identically(encoding, resources, sample_doc):
    data = SAMPLE.read_text(encoding="utf-8").encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = ingest_bytes(data, "sample.txt", resources)
    assert doc.id == sample_doc.id
    assert as_golden(doc) == as_golden(sample_doc)


def test_ids_are_stable_across_runs(sample_bytes, resources, sample_doc):
    assert ingest_bytes(sample_bytes, "other-name.txt", resources).id == sample_doc.id


def test_a_batch_is_the_documents_one_by_one_and_leaves_no_cycles(sample_bytes, resources, sample_doc):
    """``ingest_many`` pauses the cyclic collector, which is safe only while parsing makes no reference cycles."""
    traditional = TRADITIONAL
    gc.collect()
    enabled = gc.isenabled()
    docs = ingest_many([(sample_bytes, "sample.txt"), (traditional, "traditional.txt")], resources)
    assert gc.isenabled() == enabled
    gc.disable()
    try:
        gc.collect()
        ingest_many([(sample_bytes, "a.txt"), (traditional, "b.txt"), (b"<html><p>x</p></html>", "c.html")],
                    resources)
        assert gc.collect() == 0  # nothing unreachable: reference counting freed every object the parse made
    finally:
        if enabled:
            gc.enable()
    assert as_golden(docs[0]) == as_golden(sample_doc)
    assert docs[1] == ingest_bytes(traditional, "traditional.txt", resources)


def test_a_batch_with_a_bad_source_raises_and_restores_the_collector(sample_bytes, resources):
    enabled = gc.isenabled()
    with pytest.raises(PolicyKGError):
        ingest_many([(sample_bytes, "sample.txt"), (b"\x00\x01binary", "bad.pdf")], resources)
    assert gc.isenabled() == enabled
