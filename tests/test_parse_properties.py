"""Properties of the parser on arbitrary input: it never raises, every span slices to what the model says, and
parsing is deterministic."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.normalize import unspaced
from ingest.parse import parse_text

PIECES = ["1. ", "2、", "(一)", "一、", "\n", "(", ")", "〔", "〕", "（", "）", "牵头单位:", "责任单位：", "配合单位:",
          "完成时限:", "全年", "2024年6月", "6月底前", "长期坚持", "市财政局", "各区(市)", "、", ",", ";", "。", "等",
          "市工業和信息化局", "牽頭單位:", "|", "序号|", "重点工作|", "责任单位|", "——", "按职责分工负责", "牵头",
          "市政府办公室", "区发改局", "\u3000", "\u00a0", "２０２４年", "关于推进工作的意见", "青政发〔2024〕1号"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=60).map("".join),
)


def check_spans(doc):
    text = doc.text
    for task in doc.tasks:
        assert 0 <= task.span.start <= task.span.end <= len(text)
        for a in task.assignments:
            for unit in (*a.lead, *a.responsible, *a.cooperating):
                assert unit.span.slice(text) == unit.surface
            if a.deadline:
                assert unspaced(a.deadline.span.slice(text)) == a.deadline.text  # without layout spaces
            assert a.text_span.end <= len(text) and a.attribution_span.end <= len(text)
        for m in task.mentions:
            assert m.span.slice(text) == m.surface
        for t in task.targets:
            assert t.span.slice(text) == t.text
    for issue in doc.issues:
        assert issue.line >= 1 and issue.column >= 1
        if issue.span:
            assert issue.span.end <= len(text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_never_raises_and_spans_point_at_their_text(resources, text):
    doc = parse_text(text, resources.units, tagger=resources.tagger)
    check_spans(doc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parsing_is_deterministic(resources, text):
    first = parse_text(text, resources.units, tagger=resources.tagger)
    again = parse_text(text, resources.units, tagger=resources.tagger)
    assert first == again
