"""Quantitative targets: the sample's goals section against a hand-read golden file, and each form alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.model import Target
from ingest.targets import extract_targets

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "samples" / "qingdao-2024-industry-nine-actions.txt").read_text(encoding="utf-8")
GOLDEN = json.loads((ROOT / "tests" / "golden" / "sample_goal_targets.json").read_text(encoding="utf-8"))
FIELDS = ("metric", "value", "value_max", "unit", "comparator", "growth", "text")


def goal_paragraphs(text: str) -> list[tuple[str, str]]:
    """(area, paragraph) for each ——… paragraph of 一、工作目标."""
    section = text[text.index("一、工作目标") : text.index("二、重点任务")]
    return [(m["goal"], m.group()) for m in re.finditer(r"——(?P<goal>[^。\n]+)。[^\n]*", section)]


def as_row(target: Target) -> dict[str, object]:
    return {name: getattr(target, name) for name in FIELDS}


def test_the_goals_section_has_six_paragraphs() -> None:
    goals = [goal for goal, _ in goal_paragraphs(SAMPLE)]
    assert goals == list(dict.fromkeys(row["goal"] for row in GOLDEN))
    assert len(goals) == 6


@pytest.mark.parametrize(("goal", "paragraph"), goal_paragraphs(SAMPLE), ids=lambda v: v[:8])
def test_goal_targets_match_the_golden_file(goal: str, paragraph: str) -> None:
    expected = [{k: v for k, v in row.items() if k != "goal"} for row in GOLDEN if row["goal"] == goal]
    assert [as_row(t) for t in extract_targets(paragraph)] == expected


def test_goal_targets_point_at_their_text_in_the_document() -> None:
    start = SAMPLE.index("一、工作目标")
    section = SAMPLE[start : SAMPLE.index("二、重点任务")]
    targets = extract_targets(section, start)
    assert len(targets) == len(GOLDEN)
    assert all(SAMPLE[t.span.start : t.span.end] == t.text for t in targets)


# metric, value, value_max, unit, comparator, growth
CASES = {
    "高新技术企业达到8500家以上": ("高新技术企业", 8500, None, "家", ">=", False),
    "新增全国重点实验室2家以上": ("新增全国重点实验室", 2, None, "家", ">=", False),
    "自持比例不低于30%": ("自持比例", 30, None, "%", ">=", False),
    "培育企业不少于20家": ("培育企业", 20, None, "家", ">=", False),
    "工业投资同比增长10%左右": ("工业投资", 10, None, "%", "~", True),
    "其中核心产业占比提高1个百分点左右": ("核心产业占比", 1, None, "个百分点", "~", True),
    "规模以上工业企业数量突破5000家": ("规模以上工业企业数量", 5000, None, "家", ">", False),
    "新增工业产值超过3亿元": ("新增工业产值", 3, None, "亿元", ">", False),
    "化工产业营业收入达到2400亿元": ("化工产业营业收入", 2400, None, "亿元", "=", False),
    "亏损企业占比不超过8%": ("亏损企业占比", 8, None, "%", "<=", False),
    "综合能耗增幅控制在3%以内": ("综合能耗增幅", 3, None, "%", "<=", True),
    "不良贷款率保持在2%以下": ("不良贷款率", 2, None, "%", "<=", False),
    "覆盖率达到92％以上": ("覆盖率", 92, None, "%", ">=", False),
    "新培育1至2个省级先进制造业集群": ("新培育省级先进制造业集群", 1, 2, "个", "range", False),
    "增速分别高于全省3至5个百分点": ("增速", 3, 5, "个百分点", "range", True),
    "年营业收入1000万元至2000万元": ("年营业收入", 1000, 2000, "万元", "range", False),
    "全年开展系列活动30场以上": ("全年开展系列活动", 30, None, "场", ">=", False),
    "开展供需对接活动20场次": ("开展供需对接活动", 20, None, "场次", "=", False),
    "全年新建5G基站3500个": ("全年新建5G基站", 3500, None, "个", "=", False),
    "跟踪推进重点技改项目500个以上": ("重点技改项目", 500, None, "个", ">=", False),
    "新培育省级软件工程技术中心5家左右": ("新培育省级软件工程技术中心", 5, None, "家", "~", False),
    "2024年新增专精特新中小企业300家以上": ("新增专精特新中小企业", 300, None, "家", ">=", False),
    "增速不低于15%": ("增速", 15, None, "%", ">=", True),
}


@pytest.mark.parametrize("text", list(CASES))
def test_one_target_of_each_form(text: str) -> None:
    metric, value, value_max, unit, comparator, growth = CASES[text]
    (target,) = extract_targets(text)
    assert (target.metric, target.value, target.value_max, target.unit, target.comparator, target.growth) == (
        metric,
        float(value),
        None if value_max is None else float(value_max),
        unit,
        comparator,
        growth,
    )
    assert text.endswith(target.text)


@pytest.mark.parametrize(
    "text",
    [
        "2024年6月",
        "完成时限:2024年11月",
        "力争126家培育企业",
        "推动440个省、市重点项目建设",
        "按规定给予最高100万元奖励",
        "进入全省前100名的",
        "国家级5G工厂",
        "",
    ],
)
def test_no_target_without_a_bound(text: str) -> None:
    assert extract_targets(text) == []


def test_a_share_takes_the_subject_before_it() -> None:
    first, second = extract_targets("工业投资同比增长10%左右,占全部投资比重达到30%左右;")
    assert (second.metric, second.growth, second.text) == (
        "工业投资占全部投资比重",
        False,
        "占全部投资比重达到30%左右",
    )


def test_a_share_in_the_next_sentence_keeps_its_own_words() -> None:
    _, second = extract_targets("工业投资同比增长10%左右。占全部投资比重达到30%左右。")
    assert second.metric == "占全部投资比重"


def test_a_list_keeps_its_creating_verb() -> None:
    targets = extract_targets(
        "新培育智能工厂、数字化车间50家以上,“产业大脑”2个以上、“晨星工厂”10家以上,带动企业1000家以上。"
    )
    assert [t.metric for t in targets] == [
        "新培育智能工厂、数字化车间",
        "新培育“产业大脑”",
        "新培育“晨星工厂”",
        "带动企业",
    ]


def test_a_bare_count_still_ends_the_clause_of_the_next_quantity() -> None:
    (target,) = extract_targets("力争126家培育企业全年新增产值300亿元以上")
    assert (target.metric, target.value, target.comparator) == ("培育企业全年新增产值", 300.0, ">=")


def test_spans_are_shifted_by_the_offset() -> None:
    text = "加快建设,新增全国重点实验室2家以上。"
    (target,) = extract_targets(text, offset=100)
    assert target.span.start == 100 + text.index("新增")
    assert target.span.end == 100 + text.index("。")


FRAGMENTS = st.sampled_from(
    [
        "新增", "增长", "同比", "占", "比重", "达到", "突破", "以上", "左右", "以内", "不低于", "至", "个", "家",
        "%", "个百分点", "亿元", "场次", "2024年", "6.5", "10", "3", "、", ",", "。", ";", "企业", "其中", "力争",
        "增速", "“", "”", " ", "\n",
    ]
)  # fmt: skip


@given(st.lists(FRAGMENTS | st.text(max_size=3), max_size=30), st.integers(min_value=0, max_value=10_000))
def test_targets_always_point_at_the_text_they_claim(pieces: list[str], offset: int) -> None:
    text = "".join(pieces)
    for target in extract_targets(text, offset):
        assert text[target.span.start - offset : target.span.end - offset] == target.text
        assert target.metric and target.comparator in {">=", ">", "=", "~", "<=", "<", "range"}
        assert (target.value_max is not None) == (target.comparator == "range")
