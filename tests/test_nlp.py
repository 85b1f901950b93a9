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

import ingest.nlp as nlp_module
from ingest.model import EntityMention, Span
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
    assert mentions == mentions_from_doc_ents(tagger, text)


def mentions_from_doc_ents(tagger: EntityTagger, text: str) -> list[EntityMention]:
    """What running the spaCy pipeline and reading ``doc.ents`` gives; ``tag`` skips making those spans."""
    return [EntityMention(e.label_.lower(), e.id_ or e.text, e.text, Span(e.start_char, e.end_char))
            for e in tagger.nlp(text).ents]


def test_tag_gives_the_entities_the_pipeline_sets_on_the_doc(tagger: EntityTagger) -> None:
    texts = list(numbered_tasks(SAMPLE).values())
    assert sum(len(tagger.tag(t)) for t in texts) > 100
    assert [tagger.tag(t) for t in texts] == [mentions_from_doc_ents(tagger, t) for t in texts]
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


# --- the one-pass component against the pipeline it replaced ---------------------------------------------
# The tagger was an ``entity_ruler`` followed by four components that each read and reassigned ``doc.ents``
# (straddles, named bodies, coordination, plans). ``reference_tag`` rebuilds that pipeline from stock spaCy
# pieces; the one-pass component must tag every text exactly as it does. Change both when a rule changes.


def reference_tag(nlp: spacy.Language, stems: dict, text: str) -> list[EntityMention]:
    from spacy.util import filter_spans

    def replace(doc, found):
        if not found:
            return
        ents = list(doc.ents)
        owner = {i: k for k, e in enumerate(ents) for i in range(e.start, e.end)}
        kept, dropped = [], set()
        for span in found:
            hit = {owner[i] for i in range(span.start, span.end) if i in owner}
            if all(len(ents[k]) <= len(span) for k in hit):
                kept.append(span)
                dropped |= hit
        doc.ents = filter_spans(kept + [e for k, e in enumerate(ents) if k not in dropped])

    def expand(doc, start, end, label, name):
        return doc.char_span(start, end, label=label, span_id=name, alignment_mode="expand")

    doc = nlp(text)  # the entity_ruler
    straddle = {e for e in doc.ents if e.text in nlp_module._STRADDLES and nlp_module._straddles(text, e)}
    if straddle:
        doc.ents = [e for e in doc.ents if e not in straddle]
    bodies = []
    for e in doc.ents:
        if e.label_ in nlp_module._BODY_BASES and (body := nlp_module._BODY.match(text, e.end_char)):
            start = e.start_char - 1 if text[e.start_char - 1 : e.start_char] == "各" else e.start_char
            bodies.append(expand(doc, start, body.end(), "UNIT", text[start : body.end()]))
    replace(doc, [b for b in bodies if b is not None])
    industries = {e.end_char: e for e in doc.ents if e.label_ == "INDUSTRY"}
    items = []
    for m in re.finditer(r"(?P<etc>等)?(?P<suffix>集群|平台)", text):
        end, first = m.start(), True
        while True:
            longest = max((len(stem) for _, stem in stems), default=0)
            size = next(
                (n for n in range(min(longest, end), 0, -1) if (m["suffix"], text[end - n : end]) in stems), 0
            )
            if size:
                start, (label, name) = end - size, stems[m["suffix"], text[end - size : end]]
            elif m["suffix"] == "集群" and end in industries:
                start, label, name = industries[end].start_char, "CLUSTER", industries[end].id_ + "集群"
            else:
                break
            span = expand(doc, start, m.end() if first and m["etc"] is None else end, label, name)
            first = first and span is None
            items += [span] if span is not None else []
            if start == 0 or text[start - 1] not in "、和及与":
                break
            end = start - 1
    replace(doc, items)
    titles = [(m.start("name"), m.end("name")) for m in re.finditer(r"《(?P<name>[^《》\n]{1,80})》", text)]
    suffixes = nlp_module._PLAN_SUFFIX.finditer(text)
    bounds = titles + [b for m in suffixes if (b := nlp_module._plan_bounds(text, m, titles))]
    plans = [expand(doc, s, e, "PLAN", text[s:e].strip()) for s, e in bounds if text[s:e].strip()]
    replace(doc, [p for p in plans if p is not None])
    return [
        EntityMention(e.label_.lower(), e.id_ or e.text, e.text, Span(e.start_char, e.end_char))
        for e in doc.ents
    ]


def reference_pipeline(unit_names: tuple[str, ...]) -> tuple[spacy.Language, dict]:
    concepts = parse_concepts(INDUSTRIES_TSV)
    named = nlp_module._concept_names(concepts)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(
        [{"label": label, "pattern": text, "id": name} for text, (label, name) in named.items()]
        + [{"label": "UNIT", "pattern": u, "id": u} for u in nlp_module._unit_names(unit_names, named)]
    )
    stems = {
        (suffix, name[: -len(suffix)]): target
        for name, target in named.items()
        for suffix in ("集群", "平台")
        if name.endswith(suffix) and len(name) > len(suffix)
    }
    return nlp, stems


@pytest.fixture(scope="module")
def references() -> dict[str, tuple[spacy.Language, dict]]:
    return {"with_units": reference_pipeline(UNIT_NAMES), "without_units": reference_pipeline(())}


def test_the_one_pass_component_tags_as_the_ruler_and_four_components_did(
    tagger: EntityTagger, bare_tagger: EntityTagger, references
) -> None:
    texts = [
        SAMPLE,
        *numbered_tasks(SAMPLE).values(),
        *(line for line in SAMPLE.splitlines() if line.strip()),
    ]
    texts += [
        "减轻工业、国家电网、强化工业互联网和全国家电",
        "各高端化工产业链专班与数字经济发展工作组",
        "新能源汽车、智能家电等集群",
    ]
    names = [*nlp_module._concept_names(bare_tagger.concepts), *UNIT_NAMES]
    texts += [  # two names overlapping (人工智能 + 智能家电): which one the gazetteer keeps
        a + b[k:]
        for a in names
        for b in names
        if a != b
        for k in range(1, min(len(a), len(b)))
        if a[-k:] == b[:k]
    ]
    for which, chosen in (("with_units", tagger), ("without_units", bare_tagger)):
        for text in texts:
            assert chosen.tag(text) == reference_tag(*references[which], text), text[:60]


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME_PIECES | st.sampled_from(UNIT_NAMES) | st.text(max_size=3), max_size=25))
def test_the_one_pass_component_agrees_on_any_text(
    tagger: EntityTagger, references, pieces: list[str]
) -> None:
    text = "".join(pieces)
    assert tagger.tag(text) == reference_tag(*references["with_units"], text)


@pytest.fixture(scope="module")
def spacy_zh() -> spacy.Language:
    return spacy.blank("zh")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("集成电路a5G。 \n\t\r\xa0\u3000\u2002")), max_size=30))
def test_the_tokenizer_agrees_with_spacys_on_any_whitespace(spacy_zh: spacy.Language, text: str) -> None:
    ours = CharTokenizer(spacy_zh.vocab)(text)
    assert [(t.text, t.whitespace_, t.idx) for t in ours] == [
        (t.text, t.whitespace_, t.idx) for t in spacy_zh(text)
    ]


def test_the_tokenizer_survives_a_memory_zone() -> None:
    fresh = EntityTagger.from_tsv(INDUSTRIES_TSV)
    text = "㐀㐁发展集成电路"  # characters no earlier test has put in the vocabulary
    with fresh.nlp.memory_zone():
        inside = fresh.tag(text)
    assert [m.name for m in inside] == ["集成电路"]
    # After the zone its strings are gone; the tokenizer must not hand spaCy their hashes.
    assert fresh.tag(text) == inside


# --- what the parser hands the tagger: width-normalised text, split into lines ----------------------------
# (Here because the tagger's speed work rewrote both; they keep their old, obviously-correct definitions.)

WIDE_OR_NOT = st.text(alphabet=st.sampled_from([chr(c) for c in range(0xFEFF, 0xFF62)] + list("中a \n\t\xa0\u3000\u2002\u2003\u2009\u200b\u2014~")))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(WIDE_OR_NOT)
def test_width_normalisation_is_the_character_table(text: str) -> None:
    from ingest.normalize import _char_map, normalize_width

    table = {c: _char_map(chr(c)) for c in range(0xFF01, 0xFF5F)}  # ｜ too: a table typed with it is a table
    table |= {ord(s): " " for s in "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\t"}
    assert normalize_width(text) == text.translate(table)


@given(st.text(alphabet="\n中a ", max_size=30))
def test_lines_are_the_text_between_newlines(text: str) -> None:
    from ingest.structure import split_lines

    lines = split_lines(text)
    assert [line.text(text) for line in lines] == text.split("\n")
    assert all(text[line.end : line.end + 1] in ("\n", "") for line in lines)
