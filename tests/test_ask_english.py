"""Questions an English-speaking researcher asks, on a real store of three short notices (a city's, a province's
and another city's): two documents named are both answered, a role asked of no unit in particular is applied
or said not to be, English names of places (their pinyin) and of government bodies are read as the Chinese
names, a name nothing reads is said to be a filter NOT applied, and the words that made the answer a count per
unit count as read."""

from __future__ import annotations

import pytest

from queries.ask import answer, render_text
from queries.english import place_pinyin

HEFEI = ("合肥市人民政府办公室关于印发推进新型工业化重点任务分工的通知\n合政办〔2025〕8号\n一、重点任务\n"
         "1. 实施集成电路强链工程。(牵头单位:市工业和信息化局;配合单位:市财政局;完成时限:2025年9月)\n"
         "2. 组织集成电路企业参加展会。(牵头单位:市商务局;配合单位:市工业和信息化局;完成时限:2025年9月)\n"
         "3. 落实研发费用加计扣除政策。(牵头单位:市税务局;完成时限:2025年4月)\n")
ANHUI = ("安徽省人民政府办公厅关于印发制造业数字化转型工作安排的通知\n皖政办〔2025〕3号\n一、重点工作\n"
         "1. 设立集成电路产业投资基金。(牵头单位:省工业和信息化厅;责任单位:合肥市人民政府;配合单位:省财政厅;"
         "完成时限:2025年3月底前)\n"
         "2. 编制数字化转型行动指南。(牵头单位:省工业和信息化厅;完成时限:2025年9月底前)\n")
JINAN = ("济南市人民政府办公厅关于做好外贸工作的通知\n济政办〔2025〕2号\n一、任务\n"
         "1. 扩大外贸进出口。(牵头单位:市商务局;配合单位:市财政局;完成时限:2025年5月)\n")
TODAY = "2025-07-01"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("english") / "s")
    store.ingest_sources([(HEFEI.encode(), "hefei.txt"), (ANHUI.encode(), "anhui.txt"), (JINAN.encode(), "jinan.txt")])
    session = store.open_graph()
    yield session
    session.close()


def _numbers(result) -> set[str]:
    return {a["document"]["doc_number"] for a in result.assignments}


def _rows(result) -> set[tuple[str, str]]:
    return {(a["document"]["doc_number"], a["task"]["title"]) for a in result.assignments}


# -- two documents named: both answered -------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "compare the lead units of 合政办〔2025〕8号 and 济政办〔2025〕2号",
    "compare the lead units of 济政办〔2025〕2号 and 合政办〔2025〕8号",
    "the lead units of 合政办〔2025〕8号 or 济政办〔2025〕2号",
    "合政办〔2025〕8号和济政办〔2025〕2号的牵头单位",
])
def test_two_documents_named_answer_the_rows_of_both(session, question):
    """"Read as" showed both documents and the answer held the last one's rows only."""
    result = answer(session, question, today=TODAY)
    assert _numbers(result) == {"合政办〔2025〕8号", "济政办〔2025〕2号"}
    assert result.count == 4


def test_a_count_per_unit_over_two_documents_counts_both_and_the_role_asked(session):
    result = answer(session, "how many tasks does each unit lead in 合政办〔2025〕8号 and 济政办〔2025〕2号",
                    today=TODAY)
    counts = {r["unit"]: r["lead"] for r in result.by_unit()}
    assert counts == {"合肥市工业和信息化局": 1, "合肥市商务局": 1, "合肥市税务局": 1, "济南市商务局": 1}
    assert result.spec.unread == () and result.warnings == []
    assert result.to_json()["by_unit"] == result.by_unit()


def test_a_document_number_no_document_has_is_said_never_read_as_its_year(session):
    """苏工信电子〔2025〕3号 was read as "due in 2025" and every document's rows answered."""
    result = answer(session, "合政办〔2025〕9号有哪些任务", today=TODAY)
    assert not result.understood and not result.assignments
    assert result.spec.due_from is None and result.spec.due_year is None
    assert any("文件筛选未应用" in w and "合政办〔2025〕9号" in w for w in result.warnings)


# -- how many … each unit ---------------------------------------------------------------------------------
def test_how_many_per_unit_reads_its_words_and_counts_the_role_asked(session):
    """"how many tasks does each unit lead" warned "Not understood: how, many" and counted every role."""
    result = answer(session, "how many tasks does each unit lead", today=TODAY)
    assert result.spec.unread == () and result.warnings == []
    rows = result.by_unit()
    assert {r["unit"] for r in rows} == {"合肥市工业和信息化局", "合肥市商务局", "合肥市税务局", "安徽省工业和信息化厅",
                                         "济南市商务局"}
    assert rows[0] == {"unit": "安徽省工业和信息化厅", "lead": 2, "responsible": 0, "cooperating": 0, "total": 2}
    assert "role: lead (each unit's lead assignments counted)" in result.spec.reading


# -- a role asked of no unit in particular -----------------------------------------------------------------
@pytest.mark.parametrize("question", ["集成电路相关任务有哪些配合单位", "who cooperates on tasks about integrated circuits",
                                      "which units are cooperating units on tasks about integrated circuits"])
def test_the_units_in_a_role_on_an_industry_are_that_roles_only(session, question):
    """Every role was counted and lead-only units listed, the role gone from "Read as"."""
    result = answer(session, question, today=TODAY)
    assert result.table_query == "units_on_industry" and result.params["role"] == "cooperating"
    columns, rows = result.table
    units = {(r[columns.index("unit")], r[columns.index("place")]) for r in rows}
    assert units == {("市财政局", "合肥市"), ("市工业和信息化局", "合肥市"), ("省财政厅", "安徽省")}
    assert any(r.startswith(("角色:配合", "role: cooperating")) for r in result.spec.reading)


@pytest.mark.parametrize("question", ["which units cooperate on tasks about integrated circuits due in September",
                                      "9月到期的集成电路相关任务有哪些配合单位"])
def test_the_units_in_a_role_with_other_filters_are_counted_over_what_every_filter_keeps(session, question):
    """units_on_industry's table keeps no deadline nor document: such a question counts the units instead."""
    result = answer(session, question, today=TODAY)
    assert result.table_query == "" and result.spec.shape == "by_unit"
    assert {r["unit"]: r["cooperating"] for r in result.by_unit()} == {"合肥市财政局": 1, "合肥市工业和信息化局": 1}


def test_tasks_with_a_role_of_no_unit_in_particular_keep_that_role(session):
    result = answer(session, "which tasks about integrated circuits have a responsible unit", today=TODAY)
    assert _rows(result) == {("皖政办〔2025〕3号", "设立集成电路产业投资基金")}
    assert "role: responsible (assignments with a responsible unit)" in result.spec.reading


def test_a_role_a_named_query_cannot_apply_is_said_not_applied(session):
    result = answer(session, "which targets do the lead units have", today=TODAY)
    assert result.table_query == "goal_targets"
    assert any("Role (lead) NOT applied" in n for n in result.spec.notes)
    assert "Role (lead) NOT applied" in render_text(result)


def test_tasks_without_a_lead_unit_ask_for_no_role(session):
    result = answer(session, "tasks without a lead unit", today=TODAY)
    assert result.table_query == "assignments_without_lead" and result.spec.roles == ()
    assert not any("NOT applied" in n for n in result.spec.notes)


# -- English names of bodies and places ----------------------------------------------------------------------
def test_the_english_name_of_a_bureau_is_its_unit_and_keeps_the_role(session):
    """The bureau was "Not understood: Municipal, Industry, Information, Technology", the lead role dropped
    without a word, and every unit's September duties answered."""
    result = answer(session, "which tasks does the Municipal Bureau of Industry and Information Technology lead "
                             "that are due in September", today=TODAY)
    assert [g.name for g in result.spec.units] == ["市工业和信息化局"] and result.spec.roles == ("lead",)
    assert _rows(result) == {("合政办〔2025〕8号", "实施集成电路强链工程")}
    assert result.spec.unread == () and result.warnings == []
    assert "English name: Municipal Bureau of Industry and Information Technology → 市工业和信息化局" in result.spec.reading


@pytest.mark.parametrize(("question", "rows"), [
    ("what does the Provincial Department of Finance cooperate on", {("皖政办〔2025〕3号", "设立集成电路产业投资基金")}),
    ("which tasks does the Jinan Municipal Bureau of Commerce lead", {("济政办〔2025〕2号", "扩大外贸进出口")}),
    ("which tasks does the Hefei Commerce Bureau lead", {("合政办〔2025〕8号", "组织集成电路企业参加展会")}),
])
def test_english_names_of_bodies_in_either_order_and_with_their_place(session, question, rows):
    result = answer(session, question, today=TODAY)
    assert _rows(result) == rows and result.spec.unread == ()


@pytest.mark.parametrize(("question", "numbers"), [
    ("what does Hefei lead", {"合政办〔2025〕8号"}),
    ("what does Anhui Province lead", {"皖政办〔2025〕3号"}),
    ("what is due in September in Jinan", set()),
    ("what is overdue in Hefei", {"合政办〔2025〕8号", "皖政办〔2025〕3号"}),  # the province's, 合肥市人民政府 responsible
])
def test_a_place_written_in_pinyin_is_that_place(session, question, numbers):
    """"what does Suzhou lead" could find no unit; "what is overdue in Hefei" answered every place's rows."""
    result = answer(session, question, today=TODAY)
    assert result.understood and result.spec.unread == ()
    assert _numbers(result) == numbers
    if question.endswith("Hefei"):
        assert _rows(result) == {("合政办〔2025〕8号", "落实研发费用加计扣除政策"), ("皖政办〔2025〕3号", "设立集成电路产业投资基金")}


def test_an_english_unit_name_nothing_reads_is_not_answered_as_every_units(session):
    result = answer(session, "which tasks does the Bureau of Magic Affairs lead", today=TODAY)
    assert not result.understood and not result.assignments
    assert any("Unit filter NOT applied: 'Bureau of Magic Affairs'" in w and "Chinese name" in w
               for w in result.warnings)
    assert result.to_json()["interpretation"]["not_applied"] == [{"as_written": "Bureau of Magic Affairs",
                                                                  "filter": "unit"}]


@pytest.mark.parametrize("place", ["Atlantis", "Lilliput"])  # in no places data (上海市 is: as Yantai below)
def test_a_place_name_the_store_lacks_says_its_filter_was_not_applied(session, place):
    result = answer(session, f"what is overdue in {place}", today=TODAY)
    text = render_text(result)
    assert f"Place/unit filter NOT applied: '{place}'" in text and "Chinese name" in text


@pytest.mark.parametrize(("question", "said"), [
    ("which tasks does the Yantai finance bureau lead", "烟台市财政局 is not in the store (烟台市 has no 财政局"),
    ("what is overdue in Yantai", "place: no documents of 烟台市 in the store"),
    ("what is overdue in Shanghai", "place: no documents of 上海市 in the store"),
])
def test_a_listed_place_the_store_has_no_document_of_is_said_so_as_in_chinese(session, question, said):
    """Yantai is in the places data but no document of it is stored: the answer held every place's
    assignments ("Place/unit filter NOT applied"), where 烟台市财政局牵头的任务 is told the store has none."""
    result = answer(session, question, today=TODAY)
    assert not result.understood and not result.assignments
    assert said in render_text(result) and "NOT applied" not in render_text(result)
    chinese = answer(session, question.replace("the Yantai finance bureau", "烟台市财政局").replace("Yantai", "烟台市"),
                     today=TODAY)
    assert not chinese.understood and not chinese.assignments


def test_places_of_one_pinyin_are_both_kept():
    """苏州市 and 宿州市 are both suzhou: the question is asked which, never one of them guessed."""
    assert place_pinyin(["苏州市", "宿州市", "合肥市", "安徽省"]) == {
        "suzhou": ("宿州市", "苏州市"), "hefei": ("合肥市",), "anhui": ("安徽省",)}


SUZHOU = ("苏州市工业和信息化局关于印发集成电路工作要点的通知\n苏工信〔2025〕5号\n一、任务\n"
          "1. 壮大集成电路企业。(牵头单位:市工业和信息化局;配合单位:市财政局;完成时限:2025年9月)\n")
SUXIAN = ("宿州市人民政府办公室关于印发农业工作要点的通知\n宿政办〔2025〕2号\n一、任务\n"
          "1. 发展现代农业。(牵头单位:市农业农村局;完成时限:2025年9月)\n")


@pytest.fixture(scope="module")
def two_suzhous(tmp_path_factory):
    from graph.store import Store

    store = Store(tmp_path_factory.mktemp("suzhou") / "s")
    store.ingest_sources([(SUZHOU.encode(), "suzhou.txt"), (SUXIAN.encode(), "suxian.txt")])
    session = store.open_graph()
    yield session
    session.close()


@pytest.mark.parametrize(("question", "offered"), [
    ("what does Suzhou lead", {"苏州市": "what does 苏州市 lead", "宿州市": "what does 宿州市 lead"}),
    ("what does the Suzhou Municipal Bureau of Finance cooperate on",
     {"苏州市财政局": "what does the 苏州市财政局 cooperate on", "宿州市财政局": "what does the 宿州市财政局 cooperate on"}),
])
def test_a_pinyin_two_stored_places_share_is_asked_which(two_suzhous, question, offered):
    result = answer(two_suzhous, question, today=TODAY)
    assert not result.understood and not result.assignments
    assert dict(result.spec.alternatives) == offered
    chosen = answer(two_suzhous, offered["苏州市" if "苏州市" in offered else "苏州市财政局"], today=TODAY)
    assert {a["task"]["title"] for a in chosen.assignments} == {"壮大集成电路企业"}


def test_a_places_pinyin_is_read_in_its_whole_name():
    """朝 alone is zhao to pypinyin, in 朝阳区 chao: Chaoyang District was read as 潮阳区 (汕头) while the store held
    长春市朝阳区 (review 李, defect 3); an autonomous place is named by the name before its peoples."""
    from graph.resources import load_gazetteers

    places = load_gazetteers().places
    spelled = place_pinyin(["长春市朝阳区", "潮阳区", "大理白族自治州", "长春市"], places)
    assert spelled["chaoyang"] == ("潮阳区", "长春市朝阳区") and spelled["dali"] == ("大理白族自治州",)
    assert "zhaoyang" not in spelled


JILIN = ("吉林省人民政府办公厅关于印发数字经济工作要点的通知\n吉政办发〔2026〕3号\n一、任务\n"
         "1. 加快5G网络建设。(牵头单位:省财政厅;配合单位:吉林市人民政府;完成时限:2026年9月)\n")
JILIN_CITY = ("吉林市人民政府办公室关于印发数字经济工作要点的通知\n吉市政办发〔2026〕5号\n一、任务\n"
              "1. 建设城市算力中心。(牵头单位:市财政局;完成时限:2026年10月)\n")


def test_a_place_word_after_a_shared_pinyin_picks_its_level(tmp_path):
    """Jilin is 吉林省 and 吉林市: "Jilin Province" asked which of the two, and "the Jilin Provincial Department of
    Finance" offered 吉林市省财政厅. The place word or level written after the name decides."""
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_sources([(JILIN.encode(), "jilin.txt"), (JILIN_CITY.encode(), "jilin-city.txt")])
    session = store.open_graph()
    try:
        province = answer(session, "which tasks does Jilin Province lead", today=TODAY)
        assert province.understood and {a["task"]["title"] for a in province.assignments} == {"加快5G网络建设"}
        finance = answer(session, "what does the Jilin Provincial Department of Finance lead", today=TODAY)
        assert finance.understood and [u for a in finance.assignments for u in a["lead"]] == ["省财政厅"]
        city = answer(session, "which tasks does Jilin City lead", today=TODAY)
        assert city.understood and {a["task"]["title"] for a in city.assignments} == {"建设城市算力中心"}
        both = answer(session, "what does Jilin lead", today=TODAY)
        assert not both.understood and set(dict(both.spec.alternatives)) == {"吉林省", "吉林市"}
    finally:
        session.close()
