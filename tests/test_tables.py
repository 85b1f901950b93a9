"""Tables flattened to text: tab-separated rows, empty versus missing cells, rows that go on with the task above."""

from datetime import date

import pytest
from conftest import parse_properties
from hypothesis import given
from hypothesis import strategies as st

from ingest import tables
from ingest.normalize import normalize

TITLE = "青岛市2024年招商引资重点任务分解表\n"


def names(units):
    return [u.name for u in units]


def rows(doc):
    """(label, lead, responsible, cooperating, deadline interval) of every assignment, in order."""
    return [(t.label, names(a.lead), names(a.responsible), names(a.cooperating),
             a.deadline and (a.deadline.start, a.deadline.end)) for t, a in doc.assignments]


def table_rows(text: str) -> list[tables.TableRow]:
    norm = normalize(text).text
    lines, start = [], 0
    for i, line in enumerate(norm.split("\n")):
        if line.strip():
            lines.append((start, start + len(line), i))
        start += len(line) + 1
    return tables.parse_table(norm, lines)[1]


FULL_YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def test_tab_separated_table_parses_like_a_bar_table(parse):
    text = (TITLE + "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t举办跨国公司领导人青岛峰会。\t市商务局\t市贸促会、市外办\t2024年6月\n"
            "2\t开展“双招双引”专项行动。\t市投促办\t各区（市）、功能区\t全年\n"
            "3\t建立重点外资项目库。\t市商务局\t\t2024年第三季度\n"
            "\t动态更新项目库。\t市商务局\t市发展改革委\t每季度\n")
    doc = parse(text)
    assert rows(doc) == [
        ("1", ["市商务局"], [], ["市贸促会", "市外办"], (date(2024, 6, 1), date(2024, 6, 30))),
        ("2", ["市投促办"], [], ["各区(市)", "功能区"], FULL_YEAR),
        ("3", ["市商务局"], [], [], (date(2024, 7, 1), date(2024, 9, 30))),
        ("3", ["市商务局"], [], ["市发展改革委"], FULL_YEAR),  # a 2024 分解表's 每季度 recurs within 2024
    ]
    assert doc.issues == ()
    (_, first), *_ = doc.assignments
    assert first.text_span.slice(doc.text) == "举办跨国公司领导人青岛峰会。"
    assert [u.span.slice(doc.text) for u in first.cooperating] == ["市贸促会", "市外办"]


def test_traditional_tab_header_and_tabs_lining_columns_up(parse):
    text = ("青島市重點任務分解表\n序號\t\t重點任務\t\t牽頭單位\t\t完成時限\n"
            "1\t\t建設數據中心。\t\t市大數據局\t\t2024年6月\n"
            "2\t建設算力設施。\t\t\t市大數據局\t全年\n")
    assert rows(parse(text)) == [
        ("1", ["市大数据局"], [], [], (date(2024, 6, 1), date(2024, 6, 30))),
        ("2", ["市大数据局"], [], [], FULL_YEAR),
    ]


def test_a_tab_in_prose_is_a_space_not_a_table(parse):
    text = ("青岛市关于推进某项工作的实施方案\n青政办发〔2024〕9号\n一、重点任务\n"
            "1. 推进项目\t建设。\t(牵头单位:市发展改革委;完成时限:全年)\n"
            "联系人:张三\t电话:12345\t传真:67890\n序号 工作\t责任单位\n")
    doc = parse(text)
    assert "\t" not in normalize(text).text and "|" not in normalize(text).text
    assert rows(doc) == [("1", ["市发展改革委"], [], [], FULL_YEAR)]
    assert not any(i.code.startswith("unparsed-table") for i in doc.issues)


def test_an_empty_cell_stays_empty(parse):
    text = (TITLE + "序号|重点任务|牵头单位|配合单位|完成时限\n"
            "1|开展“双招双引”专项行动。|市投促办|各区（市）、功能区|全年\n"
            "2|建立重点外资项目库。|市商务局||2024年第三季度\n")
    assert rows(parse(text)) == [
        ("1", ["市投促办"], [], ["各区(市)", "功能区"], FULL_YEAR),
        ("2", ["市商务局"], [], [], (date(2024, 7, 1), date(2024, 9, 30))),
    ]


def test_a_row_whose_last_cell_is_empty_is_kept(parse):
    text = ("青岛市2024年工作任务表\n序号|工作任务|责任单位|完成时限\n1|建设平台。|市科技局|2024年12月底前\n"
            "2|引进人才。|市科技局、市人力资源社会保障局|\n3|培育企业。|市科技局|长期坚持\n")
    doc = parse(text)
    assert rows(doc) == [
        ("1", [], ["市科技局"], [], FULL_YEAR),
        ("2", [], ["市科技局", "市人力资源社会保障局"], [], None),
        ("3", [], ["市科技局"], [], (date(2024, 1, 1), None)),
    ]
    assert doc.issues == ()


def test_closing_bars_close_cells_when_the_header_closes_its_own(parse):
    text = ("青岛市2024年工作任务表\n序号|工作任务|责任单位|完成时限|\n1|建设平台。|市科技局||\n"
            "2|引进人才。|市财政局|全年|\n3|培育企业。|市商务局|全年\n")
    assert rows(parse(text)) == [
        ("1", [], ["市科技局"], [], None),
        ("2", [], ["市财政局"], [], FULL_YEAR),
        ("3", [], ["市商务局"], [], FULL_YEAR),
    ]


def test_closing_bars_under_a_header_without_one(parse):
    text = "青岛市2024年工作任务表\n序号|工作任务|责任单位|完成时限\n1|建设平台。|市科技局|全年|\n"
    assert rows(parse(text)) == [("1", [], ["市科技局"], [], FULL_YEAR)]


def test_an_empty_or_repeated_label_continues_the_row_above():
    found = table_rows("序号|重点任务|牵头单位|完成时限\n3|建库。|市商务局|全年\n|更新。|市商务局|每季度\n"
                       "|挂图作战。|市商务局|全年\n4|招商。|市投促办|全年\n4|引资。|市投促办|全年\n")
    assert [(r.label, r.continues) for r in found] == [("3", False), ("3", True), ("3", True), ("4", False),
                                                        ("4", True)]
    assert found[1].label_cell == found[0].label_cell


def test_an_empty_label_with_no_numbered_row_above_stays_empty():
    found = table_rows("序号|重点任务|牵头单位\n|建库。|市商务局\n|更新。|市商务局\n")
    assert [(r.label, r.continues) for r in found] == [("", False), ("", False)]


def test_merged_cells_missing_from_a_row_are_filled_down(parse):
    text = ("青岛市2024年科技创新重点工作任务分工\n序号|工作任务|责任单位|完成时限\n"
            "1|建设科技创新平台。|市科技局|2024年12月底前\n引进高层次人才团队。|市科技局、市人力资源社会保障局|6月底前\n"
            "2|培育科技型企业。|市科技局、各区（市）\n")
    doc = parse(text)
    first_half = (date(2024, 1, 1), date(2024, 6, 30))
    assert rows(doc) == [
        ("1", [], ["市科技局"], [], FULL_YEAR),
        ("1", [], ["市科技局", "市人力资源社会保障局"], [], first_half),
        ("2", [], ["市科技局", "各区(市)"], [], first_half),
    ]
    assert doc.issues == ()
    # the row under the merged 序号 is the task's second assignment; the task spans both rows
    assert [len(t.assignments) for t in doc.tasks] == [2, 1]
    assert doc.tasks[0].span.slice(doc.text) == ("1|建设科技创新平台。|市科技局|2024年12月底前\n"
                                                 "引进高层次人才团队。|市科技局、市人力资源社会保障局|6月底前")
    assert doc.tasks[1].assignments[0].deadline.span.slice(doc.text) == "6月底前"
    assert [r.continues for r in table_rows(text.split("\n", 1)[1])] == [False, True, False]


def test_a_short_row_that_fits_two_ways_is_reported_not_guessed(parse):
    text = (TITLE + "序号|重点任务|牵头单位|配合单位|完成时限\n1|举办峰会。|市商务局|市外办|2024年6月\n"
            "办好展会。|市贸促会|2024年9月\n")
    doc = parse(text)
    assert [t.label for t in doc.tasks] == ["1"]
    assert {i.code for i in doc.issues} == {"unparsed-table-cell"}


def test_a_short_first_row_has_nothing_to_fill_from(parse):
    text = "青岛市2024年工作任务表\n序号|工作任务|责任单位|完成时限\n建设平台。|市科技局|全年\n"
    doc = parse(text)
    assert doc.tasks == () and {i.code for i in doc.issues} == {"unparsed-table-cell"}


def test_tab_separators_keep_offsets_and_need_a_header():
    text = "说明\t甲\t乙\n序号\t重点任务\t牵头单位\n1\t建库。\t市商务局\n\n2\t\t市投促办\n结束\t语\n"
    norm = normalize(text)
    assert norm.identity and len(norm.text) == len(text)
    assert norm.text == "说明 甲 乙\n序号|重点任务|牵头单位\n1|建库。|市商务局\n\n2||市投促办\n结束 语\n"


def test_rows_that_go_on_with_the_task_above_are_its_further_assignments(parse):
    text = (TITLE + "序号|重点工作|牵头单位|配合单位|完成时限\n"
            "1|建立重点外资项目库。|市商务局||2024年第三季度\n"
            "|动态更新项目库,实行挂图作战。|市商务局|市发展改革委|每季度\n"
            "2|建设科技创新平台。|市科技局||2024年12月底前\n"
            "2|建设科技创新平台。|市人力资源社会保障局|市财政局|2024年12月底前\n")  # 序号 and text merged, repeated
    doc = parse(text)
    assert [(t.label, len(t.assignments)) for t in doc.tasks] == [("1", 2), ("2", 2)]
    assert [(label, a.seq, names(a.lead), names(a.cooperating)) for label, a in
            ((t.label, a) for t in doc.tasks for a in t.assignments)] == [
        ("1", 1, ["市商务局"], []), ("1", 2, ["市商务局"], ["市发展改革委"]),
        ("2", 1, ["市科技局"], []), ("2", 2, ["市人力资源社会保障局"], ["市财政局"])]
    first, second = doc.tasks
    assert first.assignments[1].text_span.slice(doc.text) == "动态更新项目库,实行挂图作战。"
    assert doc.text[first.span.start : first.span.end].startswith("1|建立") and "挂图作战" in \
        doc.text[first.span.start : first.span.end]
    assert len({(m.span.start, m.name) for m in second.mentions}) == len(second.mentions)
    assert not doc.issues


def test_a_header_may_name_columns_no_rule_knows(parse):
    # 本月计划 and 推进情况 are kept and not read; with no column named as the text, 项目 (the subject) holds it
    text = ("东湖县2024年民生项目推进表\n序号 | 项目 | 本月计划 | 牵头单位 | 推进情况 |\n"
            "1 | 新建社区食堂4个。 | 完成选址。 | 县民政局 | 已选址3处。 |\n"
            "2 | 改造农村公路30公里。 | 9月底前完工。 | 县交通运输局 | 完成12公里。 |\n")
    doc = parse(text)
    assert rows(doc) == [("1", ["县民政局"], [], [], None),
                         ("2", ["县交通运输局"], [], [], (date(2024, 1, 1), date(2024, 9, 30)))]
    assert [t.title for t in doc.tasks] == ["新建社区食堂4个", "改造农村公路30公里"]
    assert not any(i.code.startswith("unparsed-table") for i in doc.issues)


def test_a_merged_role_cell_dropped_with_its_bar_is_read_from_the_row_above(parse):
    # the web copy lost row 2's merged 牵头单位 cell but kept its closing bar: the note slid under the column
    text = ("东湖县2024年民生项目推进表\n序号 | 项目内容 | 牵头单位 | 推进情况 |\n"
            "1 | 新建社区食堂4个。 | 县民政局 | 已选址3处。 |\n"
            "2 | 建设老年助餐点12个。 | 已建成5个,其余正在装修。 | |\n"
            "3 | 改造农村公路30公里。 | 县交通运输局 | |\n")
    doc = parse(text)
    assert rows(doc) == [("1", ["县民政局"], [], [], None), ("2", ["县民政局"], [], [], None),
                         ("3", ["县交通运输局"], [], [], None)]
    second = doc.tasks[1].assignments[0]
    assert second.attribution_span.slice(doc.text) == "已建成5个,其余正在装修。"  # where the cell would stand
    assert {i.code for i in doc.issues} == {"units-not-in-gazetteer"}  # no note read as a unit, no cell left over


def test_sub_rows_under_a_merged_number_and_unit_are_one_attribution_with_the_row_above(parse):
    # a numbered row, then rows that lost its merged 序号 and 责任单位 cells: more of the same work, not new duties
    text = ("东湖县2024年民生项目进展表\n序号 | 项目内容 | 进展情况 | 责任单位 |\n"
            "1 | 新建社区食堂4个。 | 已建成3个。 | 县民政局 |\n新增助餐点12个。 | 已新增8个。 | ||\n"
            "2 | 改造农村公路30公里。 | 完成12公里。 | 县交通运输局 |\n")
    doc = parse(text)
    assert rows(doc) == [("1", [], ["县民政局"], [], None), ("2", [], ["县交通运输局"], [], None)]
    assert "新增助餐点12个。" in doc.tasks[0].span.slice(doc.text)
    # a sub-row that names its own unit is an assignment of its own
    doc = parse(text.replace("| 已新增8个。 | ||", "| 已新增8个。 | 县卫生健康局 |"))
    assert [(t.label, names(a.responsible)) for t, a in doc.assignments] == [
        ("1", ["县民政局"]), ("1", ["县卫生健康局"]), ("2", ["县交通运输局"])]


def test_a_role_cell_holding_a_sentence_in_a_complete_row_is_not_moved(parse):
    # no empty last cell: the row is as printed, and what its role cell holds is not a unit
    text = ("东湖县2024年民生项目推进表\n序号 | 项目内容 | 牵头单位 | 推进情况 |\n"
            "1 | 新建社区食堂4个。 | 县民政局 | 已选址3处。 |\n"
            "2 | 建设老年助餐点12个。 | 已建成5个,其余正在装修。 | 序时推进 |\n")
    doc = parse(text)
    assert rows(doc)[1] == ("2", [], [], [], None)
    assert "not-a-unit" in {i.code for i in doc.issues}


def test_headless_rows_are_read_when_one_column_holds_units_in_every_row(parse):
    body = ("1 | 新建社区食堂4个。 | 县民政局 | 已选址3处。 | 序时推进 |\n|\n"
            "2 | 改造农村公路30公里。 | 县交通运输局 | 完成12公里。 | 序时推进 |\n")
    doc = parse(body)
    assert rows(doc) == [("1", [], ["县民政局"], [], None), ("2", [], ["县交通运输局"], [], None)]
    said = [i for i in doc.issues if i.code == "read-without-structure"]
    assert len(said) == 2 and all("without a header row" in i.message for i in said)
    # a row whose cell there names no unit: nothing is read, the table is reported
    doc = parse(body.replace("| 县交通运输局 |", "| 待定 |"))
    assert doc.assignments == () and "unparsed-table" in {i.code for i in doc.issues}


def test_headless_rows_need_exactly_one_unit_column(parse):
    doc = parse("1 | 新建社区食堂4个。 | 县民政局 | 县财政局 |\n2 | 改造农村公路30公里。 | 县交通运输局 | 县财政局 |\n")
    assert doc.assignments == () and "unparsed-table" in {i.code for i in doc.issues}


def test_a_table_without_a_number_column_reads_its_subject_and_schedule(parse):
    # no 序号: the unknown first column holds the text; a 时间安排 cell that is a date is the row's deadline;
    # units parted by spaces in one cell are several units when every part is one
    text = ("河口镇2024年消防安全专项整治工作计划\n整治领域 | 时间安排 | 责任单位 |\n居民自建房 | 3月份 | 规划建设办 应急办 |\n"
            "沿街商铺 | 6月份 | 市场监管所 |\n")
    # no 序号 printed: each row is a task labelled as unnumbered tasks are (正文 without a section), never by a count
    assert rows(parse(text)) == [("正文", [], ["规划建设办", "应急办"], [], (date(2024, 1, 1), date(2024, 3, 31))),
                                 ("正文", [], ["市场监管所"], [], (date(2024, 1, 1), date(2024, 6, 30)))]


_UNITS = ["县民政局", "县教育局", "县交通运输局", "县卫生健康局", "县红十字会"]


@st.composite
def merged_pipe_tables(draw):
    """A pipe table whose header may carry columns no rule names, and whose rows may have lost their merged lead
    cell (the copy keeps the closing bar, so the note slides under 牵头单位): (text, the lead each row must get)."""
    plan = draw(st.booleans())
    header = ["序号", draw(st.sampled_from(["项目内容", "民生项目", "实事名称"]))] + ["本月计划"] * plan + ["牵头单位", "推进情况"]
    lines, leads, current = [" | ".join(header) + " |"], [], None
    for n in range(1, draw(st.integers(1, 6)) + 1):
        cells = [str(n), f"完成第{n}项民生工程建设。"] + ([f"{n}月:完成方案。"] if plan else [])
        merged = current is not None and draw(st.booleans())
        if not merged:
            current = draw(st.sampled_from(_UNITS))
            cells += [current, f"已完成{n * 10}%。", ""]
        else:
            cells += [draw(st.sampled_from([f"已完成{n * 10}%,正在推进。", "序时推进", "提前完成年度任务"])), "", ""]
        lines.append(" | ".join(cells).rstrip())
        leads.append(current)
    return "东湖县2024年民生项目推进表\n" + "\n".join(lines) + "\n", leads


@parse_properties(60)
@given(merged_pipe_tables())
def test_every_row_of_a_merged_pipe_table_gets_the_lead_printed_above_it(parse, drawn):
    text, leads = drawn
    doc = parse(text)
    assert [(label, lead) for label, lead, *_ in rows(doc)] == [(str(n), [u]) for n, u in enumerate(leads, start=1)]
    assert "not-a-unit" not in {i.code for i in doc.issues}


def test_a_grid_printed_a_cell_per_line_is_joined_into_rows_one_for_one():
    text = "分解表\n牵头单位\n| 工 作 任 务\n| 配 合 单 位\n|\n市财\n政局\n| 压减一般性支出\n| 市审计局\n|\n说明:以上任务按季度调度。\n"
    joined = normalize(text).text
    assert len(joined) == len(text)
    assert joined.split("\n")[1:4] == ["牵头单位 | 工 作 任 务 | 配 合 单 位 |", "市财 政局 | 压减一般性支出 | 市审计局 |",
                                       "说明:以上任务按季度调度。"]


def test_cells_opened_by_bars_join_only_under_a_header_that_names_columns():
    text = "附件\n说明\n| 第一条\n| 第二条\n|\n"
    assert tables.broken_row_breaks(text) == []
    assert normalize(text).text == text


def test_a_section_row_of_a_bar_table_opens_its_section_and_is_no_task(parse):
    text = (TITLE + "序号 | 重点任务 | 牵头单位 | 配合单位 |\n"
            "一、扩大对外开放 | | | |\n"
            "1 | 举办投资推介会。 | 市商务局 | 市贸促会 |\n"
            "二、优化营商环境 | | | |\n"
            "2 | 开展企业服务专项行动。 | 市投促办 | ★各区(市) |\n")
    doc = parse(text)
    assert rows(doc) == [("1", ["市商务局"], [], ["市贸促会"], None), ("2", ["市投促办"], [], ["各区(市)"], None)]
    assert [doc.sections[t.section_seq - 1].title for t in doc.tasks] == ["扩大对外开放", "优化营商环境"]
    assert not [i for i in doc.issues if i.kind == "unparsed-table-cell"]


def test_a_mark_before_a_unit_names_the_lead_only_where_the_document_says_so(parse):
    table = ("序号 | 主要工作任务 | 责任单位 |\n"
             "1 | 人才资源总量达到120万人。 | *市委组织部(市委人才办)、 市人力社保局 |\n"
             "2 | 单位能耗持续下降。 | ＊市发展改革委、市生态环境局 |\n")
    # unstated, the mark is no part of the name and names no role: every unit of the cell is responsible
    assert rows(parse(TITLE + table)) == [("1", [], ["市委组织部(市委人才办)", "市人力社保局"], [], None),
                                          ("2", [], ["市发展改革委", "市生态环境局"], [], None)]
    # stated once (注:带*的为牵头单位), the marked unit leads, whichever width the asterisk is printed in
    stated = parse(TITLE + "注:责任单位中带*的为牵头单位。\n" + table)
    assert rows(stated) == [("1", ["市委组织部(市委人才办)"], ["市人力社保局"], [], None),
                            ("2", ["市发展改革委"], ["市生态环境局"], [], None)]
    # a mark the statement does not name stays a mark only
    other = parse(TITLE + "注:标★的为牵头单位。\n" + table)
    assert rows(other)[0] == ("1", [], ["市委组织部(市委人才办)", "市人力社保局"], [], None)


def test_a_cell_per_line_grid_with_each_closing_bar_on_the_next_line_is_joined():
    text = "序号\n|\n重点任务\n|\n责任单位\n|\n1\n|\n新建公园3个。\n|\n区园林局\n|\n"
    breaks = tables.closing_bar_breaks(text)
    joined = "".join(" " if i in breaks else ch for i, ch in enumerate(text))
    assert joined.split("\n")[:3] == ["序号 |", "重点任务 |", "责任单位 |"]
    # prose that happens to put a '|' alone on a line is left alone: its cells name no columns
    assert tables.closing_bar_breaks("一段文字\n|\n另一段文字\n|\n第三段\n|\n") == []


def test_a_closing_bar_grid_whose_rows_do_not_line_up_loses_its_bars_not_its_cells():
    # the task's group printed once above its rows (a merged cell), and no name for the number column: the rows
    # are not the header's width apart, so the grid is read cell by cell, its bars blanked one for one
    text = ("工作任务\n|\n具体要求\n|\n责任科室\n|\n完成时限\n|\n规范公开许可信息\n|\n1\n|\n7日内公开。\n|\n"
            "审批科\n|\n长期坚持\n|\n2\n|\n每季度更新指南。\n|\n审批科\n|\n持续推进\n|\n")
    assert tables.closing_bar_breaks(text) == []
    bars = tables.loose_grid_bars(text)
    assert bars and all(text[i] == "|" for i in bars) and len(bars) == text.count("|")
    # a grid whose numbered rows stand a header's width apart under 序号 is joined, as before
    lined_up = "序号\n|\n重点任务\n|\n责任单位\n|\n1\n|\n新建公园3个。\n|\n区园林局\n|\n2\n|\n改造绿道。\n|\n区住建局\n|\n"
    assert tables.loose_grid_bars(lined_up) == [] and tables.closing_bar_breaks(lined_up)


def test_a_grid_of_cells_closed_on_their_line_whose_sub_rows_print_fewer_cells_loses_its_bars():
    # each cell closed by its '|' on its own line; row 1 has a sub-row (a second target) printing only its own
    # cells, row 2 leaves out the 类别 merged over it: the numbers are not the header's width apart
    text = ("序号 |\n类别 |\n项目名称 |\n牵头单位 |\n年度目标 |\n1 |\n一、教育（2项） |\n校舍改造 |\n县教育局 |\n12所 |\n"
            "新增学位 |\n600个 |\n2 |\n营养餐改善 |\n县教育局 |\n8000人 |\n")
    bars = tables.closed_cell_grid_bars(text)
    assert bars and all(text[i] == "|" for i in bars) and len(bars) == text.count("|")
    # rows each as wide as the header are read as the table they are; so are rows opened by a lone '|'
    lined_up = "序号 |\n项目名称 |\n牵头单位 |\n1 |\n校舍改造 |\n县教育局 |\n2 |\n营养餐改善 |\n县教育局 |\n"
    assert tables.closed_cell_grid_bars(lined_up) == []
    opened = "|\n" + text
    assert tables.closed_cell_grid_bars(opened) == []
    # prose lines that end in '|' name no columns
    assert tables.closed_cell_grid_bars("第一段文字很长很长很长很长很长很长很长 |\n1 |\n第二段 |\n") == []


def test_a_county_section_names_a_column_and_its_qualifier_is_part_of_the_name():
    assert tables.column_kind("责任股室") == "responsible"
    assert tables.column_kind("责任股室(单位)") == tables.column_kind("责任股室（单位）") == "responsible"
    assert tables.qualifies_name("(单位)") and not tables.qualifies_name("责任单位")


def test_a_last_row_the_text_cut_off_takes_no_unit_from_the_row_above_but_keeps_its_own(parse):
    """A copy kept only so far stops inside its last row, before the row's closing '|': the cells after the cut
    were lost, not merged from the row above, so the row names only the units it prints whole."""
    head = "序号 | 项目内容 | 推进情况 | 责任单位 | 责任人 |\n1 | 新增城市书房10家 | 已建成8家。 | 市文广旅局 | 王明 |\n"
    assert rows(parse(head + "2 | 改造老旧小区30个 | 已开工28个，其中")) == [("1", [], ["市文广旅局"], [], None)]
    assert rows(parse(head + "2 | 改造老旧小区30个 | 已开工28个。 | 市住建局 | 陈")) == [
        ("1", [], ["市文广旅局"], [], None), ("2", [], ["市住房城乡建设局"], [], None)]
    # a row that closes with its '|' under a merged unit cell still takes the unit above (merged_unit_cells)
    assert rows(parse(head + "2 | 改造老旧小区30个 | 已开工28个。 |\n")) == [
        ("1", [], ["市文广旅局"], [], None), ("2", [], ["市文广旅局"], [], None)]


def test_an_amount_that_reads_as_a_year_stays_in_its_column(parse):
    """A bare number (2000 万元) may be a year (建设时间: 2024) or an amount: it fits the amount's column, so a row
    whose merged lead cell went missing still places its cells."""
    text = ("青岛市2024年重点项目任务表\n序号|建设项目|总投资(万元)|牵头单位|完成时限\n"
            "1|建设物流园。|3500|市商务局|2024年6月\n"
            "2|建设仓储中心。|2000|2024年9月\n")
    doc = parse(text)
    assert rows(doc) == [("1", ["市商务局"], [], [], (date(2024, 6, 1), date(2024, 6, 30))),
                         ("2", ["市商务局"], [], [], (date(2024, 9, 1), date(2024, 9, 30)))]
    assert doc.issues == ()


def test_a_header_whose_names_span_two_columns_reads_its_rows_from_the_right(parse):
    # 工作任务 spans the group cells (一、… | (一)…), 具体要求 the number and the text; rows after a group's first
    # print neither group cell, and each row closes with the bars the header row has beyond its names
    text = ("2024年政务公开任务分解责任清单\n工作任务 | 具体要求 | 责任单位 | 时限要求 | ||\n"
            "一、深化决策公开。 | (一)做好政策解读。 | 1 | 同步发布政策文件与解读材料。 | 市政府各部门负责落实 | 持续推进 |\n"
            "2 | 规范解读回应时限。 | 市政府办公室牵头,市司法局配合 | 2024年6月底前 | ||\n"
            "(二)公开重大决策。 | 3 | 公开重大行政决策事项目录。 | 市司法局 | 2024年3月底前 | |\n")
    doc = parse(text)
    assert rows(doc) == [
        ("1", [], ["市政府各部门"], [], (date(2024, 1, 1), None)),
        ("2", ["市政府办公室"], [], ["市司法局"], (date(2024, 1, 1), date(2024, 6, 30))),
        ("3", [], ["市司法局"], [], (date(2024, 1, 1), date(2024, 3, 31))),
    ]
    assert [s.title for s in doc.sections] == ["深化决策公开"]
    assert [(a.label, a.name) for a in doc.actions] == [("(一)", "做好政策解读"), ("(二)", "公开重大决策")]
    assert [t.action_seq for t in doc.tasks] == [1, 1, 2]
    assert not [i for i in doc.issues if i.code.startswith("unparsed")]


_DEADLINES = [("6月底前", date(2024, 6, 30)), ("9月底前", date(2024, 9, 30)), ("年底前", date(2024, 12, 31))]


@st.composite
def merged_header_tables(draw):
    """A table whose header names span two columns each (工作任务 over 一、… | (一)…, 具体要求 over the number and the
    text): each group's first row prints its group cells, the others only their own; a row may close on the spare
    bars the header shows, and a unit cell may go on with its role. (text, each row's unit and deadline end)."""
    lines, want, n = ["2024年重点任务分解清单", "工作任务 | 具体要求 | 责任单位 | 完成时限 | ||"], [], 0
    for section in "一二"[: draw(st.integers(1, 2))]:
        for k, action in enumerate("一二"[: draw(st.integers(1, 2))]):
            for first in [True] + [False] * draw(st.integers(0, 2)):
                n += 1
                unit, (due, end) = draw(st.sampled_from(_UNITS)), draw(st.sampled_from(_DEADLINES))
                groups = ([f"{section}、推进第{section}项改革。"] if first and k == 0 else []) \
                    + ([f"({action})落实第{action}项措施。"] if first else [])
                role = draw(st.sampled_from(["", "负责落实", "负责"]))
                cells = [*groups, str(n), f"完成第{n}项工作任务。", unit + role, due]
                lines.append(" | ".join(cells) + " |" + draw(st.sampled_from(["", " ||", " |"])))
                want.append((str(n), [unit], end))
    return "\n".join(lines) + "\n", want


@parse_properties(60)
@given(merged_header_tables())
def test_every_row_under_a_header_of_spanning_names_gets_its_own_unit_and_deadline(parse, drawn):
    text, want = drawn
    doc = parse(text)
    assert [(label, responsible, due[1]) for label, _, responsible, _, due in rows(doc)] == want
    assert not [i.code for i in doc.issues if i.code.startswith("unparsed")]


@pytest.mark.parametrize("header", ["序号 工 作 任 务 牵头负责部门 配 合 部 门", "序 号 工 作 任 务 牵头负责部门 配合部门"])
def test_a_spaced_header_typeset_wide_names_its_columns(parse, header):
    doc = parse("2025年量化指标任务分工\n" + header + "\n1 城镇新增就业5万人以上 市人力社保局 市发展改革委\n"
                "2 一般公共预算收入增长5% 市财政局 市税务局\n")
    got = [(t.label, [u.name for u in a.lead], [u.name for u in a.cooperating]) for t, a in doc.assignments]
    assert got == [("1", ["市人力社保局"], ["市发展改革委"]), ("2", ["市财政局"], ["市税务局"])]


def test_a_header_printed_again_at_a_page_break_is_no_row(parse):
    # a pipe table whose header is printed again where a page broke it: no row of its own, no attribution of names
    # (牵头单位 | 责任单位), and the rows after it read under it as before
    doc = parse("某县2024年重点指标责任清单\n序号|指标名称|目标值|牵头单位|责任单位\n"
                "1|新增城镇就业|800人|县人社局|各乡镇人民政府\n"
                "序号|指标名称|目标值|牵头单位|责任单位\n"
                "2|新建公办幼儿园|2所|县教育局|县财政局\n")
    got = [(t.label, names(a.lead), names(a.responsible)) for t in doc.tasks for a in t.assignments]
    assert got == [("1", ["县人社局"], ["各乡镇人民政府"]), ("2", ["县教育局"], ["县财政局"])]
