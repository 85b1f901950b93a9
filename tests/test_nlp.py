"""The entity tagger: the sample's tasks against a hand-read golden file, the rule components, the hierarchy."""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.nlp import CharTokenizer, EntityTagger, parse_concepts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "samples" / "qingdao-2024-industry-nine-actions.txt").read_text(encoding="utf-8")
INDUSTRIES_TSV = (ROOT / "ontology" / "industries" / "industries.tsv").read_text(encoding="utf-8")
GOLDEN = json.loads((ROOT / "tests" / "golden" / "sample_task_industries.json").read_text(encoding="utf-8"))
CONCERNED = {"industry", "chain", "cluster"}
# Stand-ins for the unit gazetteer (ontology/units/, not this test's subject): bodies the sample names.
UNIT_NAMES = (
    "市委组织部",
    "市工业和信息化局",
    "市发展改革委",
    "市大数据局",
    "各制造业产业链专班",
    "高端化工产业链专班",
    "工业运行工作专班",
    "制造强市建设工作领导小组",
    "数字经济发展联席会议",
    "市制造强市建设专家咨询委员会",
)


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger.from_tsv(INDUSTRIES_TSV, UNIT_NAMES)


@pytest.fixture(scope="module")
def bare_tagger() -> EntityTagger:
    return EntityTagger.from_tsv(INDUSTRIES_TSV)


def numbered_tasks(text: str) -> dict[str, str]:
    section = text[text.index("二、重点任务") : text.index("三、保障措施")]
    return {m["n"]: m["body"] for m in re.finditer(r"^\s*(?P<n>\d+)\.\s*(?P<body>.+)$", section, re.M)}


def concerned(tagger: EntityTagger, text: str) -> list[str]:
    return sorted({m.name for m in tagger.tag(text) if m.kind in CONCERNED})


def test_the_sample_has_28_numbered_tasks() -> None:
    assert list(numbered_tasks(SAMPLE)) == [str(n) for n in range(1, 29)] == list(GOLDEN["tasks"])


@pytest.mark.parametrize("label", [str(n) for n in range(1, 29)])
@pytest.mark.parametrize("which", ["with_units", "without_units"])
def test_task_industries_match_the_golden_file(label: str, which: str, tagger, bare_tagger) -> None:
    chosen = tagger if which == "with_units" else bare_tagger
    assert concerned(chosen, numbered_tasks(SAMPLE)[label]) == GOLDEN["tasks"][label]


def test_mentions_point_at_their_surface(tagger: EntityTagger) -> None:
    mentions = tagger.tag(SAMPLE)
    assert mentions and all(SAMPLE[m.span.start : m.span.end] == m.surface for m in mentions)
    assert [m.span for m in mentions] == sorted(m.span for m in mentions)


def test_a_chain_task_force_is_a_unit_and_the_chain_is_counted_once(bare_tagger: EntityTagger) -> None:
    text = "做强高端化工产业链。(责任单位:市发展改革委、高端化工产业链专班)"
    mentions = bare_tagger.tag(text)
    assert [(m.kind, m.name, m.surface) for m in mentions] == [
        ("chain", "高端化工产业链", "高端化工产业链"),
        ("unit", "高端化工产业链专班", "高端化工产业链专班"),
    ]
    assert not any(m.name == "化工" for m in mentions)


def test_task_19_names_the_chemical_industry_but_not_through_its_task_force(tagger: EntityTagger) -> None:
    mentions = tagger.tag(numbered_tasks(SAMPLE)["19"])
    task_force = next(m for m in mentions if m.surface == "高端化工产业链专班")
    assert task_force.kind == "unit"
    inside = [m for m in mentions if task_force.span.start <= m.span.start < task_force.span.end]
    assert inside == [task_force]
    assert [m.surface for m in mentions if m.name == "化工"] == [
        "化工",
        "化工",
    ]  # 聚焦化工、… and 化工产业营业收入


def test_a_unit_name_hides_the_industry_inside_it(tagger: EntityTagger) -> None:
    (mention,) = tagger.tag("发挥数字经济发展联席会议作用")
    assert (mention.kind, mention.name) == ("unit", "数字经济发展联席会议")


def test_coordinated_names_share_the_cluster_suffix(tagger: EntityTagger) -> None:
    mentions = tagger.tag("推动轨道交通装备、智能家电集群向世界级迈进")
    assert [(m.kind, m.name, m.surface) for m in mentions] == [
        ("cluster", "轨道交通装备集群", "轨道交通装备"),
        ("cluster", "智能家电集群", "智能家电集群"),
    ]


def test_an_industry_before_a_cluster_suffix_makes_a_cluster(tagger: EntityTagger) -> None:
    mentions = tagger.tag("推动新能源汽车、智能家电集群发展")
    assert [(m.kind, m.name) for m in mentions] == [
        ("cluster", "新能源汽车集群"),
        ("cluster", "智能家电集群"),
    ]


def test_coordinated_platforms_resolve_to_their_concepts(tagger: EntityTagger) -> None:
    mentions = tagger.tag("支持国家高速列车、国家高端智能化家电、国家虚拟现实等平台突破一批行业共性关键技术")
    assert [(m.kind, m.name, m.surface) for m in mentions] == [
        ("platform", "国家高速列车技术创新中心", "国家高速列车"),
        ("platform", "国家高端智能化家用电器创新中心", "国家高端智能化家电"),
        ("platform", "国家虚拟现实创新中心", "国家虚拟现实"),
    ]


def test_plans_from_titles_and_plan_suffixes(tagger: EntityTagger) -> None:
    text = "制定实施人工智能产业创新发展三年行动计划、人工智能赋能新型工业化实施方案,落实《青岛市工业互联网发展规划》。"
    plans = [(m.name, m.surface) for m in tagger.tag(text) if m.kind == "plan"]
    assert plans == [
        ("人工智能产业创新发展三年行动计划", "人工智能产业创新发展三年行动计划"),
        ("人工智能赋能新型工业化实施方案", "人工智能赋能新型工业化实施方案"),
        ("青岛市工业互联网发展规划", "青岛市工业互联网发展规划"),
    ]


def test_parks_platforms_and_events_of_the_sample(tagger: EntityTagger) -> None:
    names = {(m.kind, m.name) for m in tagger.tag(SAMPLE)}
    assert {
        ("park", "未来产业加速园"),
        ("park", "智慧化工园区"),
        ("park", "董家口大型高端石化产业基地"),
        ("park", "新兴产业专业园区"),
        ("park", "数字经济产业园区"),
        ("platform", "工业互联网平台"),
        ("platform", "“链万企”平台"),
        ("platform", "青岛技改荟"),
        ("platform", "青岛政策通"),
        ("event", "春雨行动"),
        ("event", "青岛时装周"),
        ("event", "跨国公司领导人青岛峰会"),
        ("plan", "青岛未来产业发展实施方案"),
        ("plan", "传统产业技改升级行动计划"),
    } <= names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("强化工业稳增长督导服务", []),
        ("建设智能化工厂", []),
        ("减轻工业企业负担", []),
        ("国家电网", []),
        ("发展化工产业", ["化工"]),
        ("全国家电以旧换新", ["家电"]),
        ("强化工业互联网赋能", ["工业互联网"]),
    ],
)
def test_names_do_not_straddle_words(tagger: EntityTagger, text: str, expected: list[str]) -> None:
    assert [m.name for m in tagger.tag(text)] == expected


def test_every_gazetteer_name_tags_as_its_own_concept(bare_tagger: EntityTagger) -> None:
    for concept in bare_tagger.concepts:
        for name in concept.names:
            assert [(m.kind, m.name) for m in bare_tagger.tag(name)] == [(concept.kind, concept.label)], name


def test_hierarchy(tagger: EntityTagger) -> None:
    ic = tagger.concept("集成电路")
    assert ic is not None and (ic.id, ic.kind, ic.broader) == (
        "integrated-circuits",
        "industry",
        "strategic-emerging-industries",
    )
    assert {c.label for c in tagger.narrower("integrated-circuits")} == {
        "混合集成电路",
        "光通信芯片",
        "第三代半导体",
    }
    assert [c.label for c in tagger.broader("混合集成电路")] == ["集成电路"]
    assert tagger.concept("混合集成电路").broader_chain == (
        "integrated-circuits",
        "strategic-emerging-industries",
    )
    assert tagger.concept("生物医药") is tagger.concept("生物医药及医疗器械")
    assert tagger.broader("strategic-emerging-industries") == ()
    deep = {c.label for c in tagger.narrower("strategic-emerging-industries", transitive=True)}
    assert {"集成电路", "混合集成电路", "人工智能", "虚拟现实"} <= deep
    assert {c.label for c in tagger.narrower("传统产业")} >= {"化工", "轻工", "纺织服装"}
    with pytest.raises(KeyError):
        tagger.narrower("no-such-concept")


NAME_PIECES = st.sampled_from(
    ["集成电路", "化工", "产业链", "专班", "集群", "平台", "、", "等", "《", "》", "实施方案", "行动计划", "强化", "工业",
     "国家", "家电", "各", "高端", "智能", "5G", " ", "\n", "\xa0", "制定实施", "轨道交通装备"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME_PIECES | st.text(max_size=3), max_size=25))
def test_mentions_never_overlap_and_always_point_at_their_surface(
    tagger: EntityTagger, pieces: list[str]
) -> None:
    text = "".join(pieces)
    mentions = tagger.tag(text)
    assert all(text[m.span.start : m.span.end] == m.surface and m.name for m in mentions)
    assert all(a.span.end <= b.span.start for a, b in zip(mentions, mentions[1:], strict=False))


def test_tag_many_agrees_with_tag(tagger: EntityTagger) -> None:
    texts = list(numbered_tasks(SAMPLE).values())
    assert tagger.tag_many(texts) == [tagger.tag(t) for t in texts]


def test_the_tokenizer_is_spacys_char_segmenter() -> None:
    reference = spacy.blank("zh")
    assert reference.tokenizer.segmenter == "char"
    ours = CharTokenizer(reference.vocab)
    for text in (SAMPLE, "  a  b\n \n c ", "\xa0集成 电路\t\t5G ", ""):
        assert [(t.text, t.whitespace_) for t in ours(text)] == [
            (t.text, t.whitespace_) for t in reference(text)
        ]


def test_tagging_20_kb_is_fast(tagger: EntityTagger) -> None:
    text = SAMPLE[:6900]  # about 20 KB of UTF-8
    assert len(text.encode("utf-8")) >= 18_000
    tagger.tag(text)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        tagger.tag(text)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.05  # measured about 10 ms; the bound catches a quadratic regression


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("integrated-circuits\tindustry\t集成电路\t\t\nIC\tindustry\t芯片\t\t", "not an ASCII slug"),
        ("ic\tsector\t集成电路\t\t", "kind 'sector'"),
        ("ic\tindustry\t集成电路\tnowhere\t", "unknown broader"),
        ("a\tindustry\t甲\tb\t\nb\tindustry\t乙\ta\t", "cycle"),
        ("a\tindustry\t甲\t\t丙\nb\tindustry\t乙\t\t丙", "names both"),
        ("a\tindustry\t甲\t\t\na\tindustry\t乙\t\t", "duplicate id"),
    ],
)
def test_a_malformed_gazetteer_is_an_error(row: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_concepts("id\tkind\tlabel\tbroader\taliases\n" + row)


def test_the_gazetteer_needs_its_header() -> None:
    with pytest.raises(ValueError, match="header"):
        parse_concepts("ic\tindustry\t集成电路\t\t\n")
