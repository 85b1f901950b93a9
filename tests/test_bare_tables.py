"""Tables that lost their grid on the way to a web page (ingest/bare_tables.py): whatever the rows hold, each
numbered row is a task whose units and deadline come from its own cells, never from a progress figure, a remark
or the next row."""

from datetime import date

from conftest import parse_properties
from hypothesis import given
from hypothesis import strategies as st

from ingest.tables import column_kind

HEAD = "某县2024年重点工作推进情况\n发布时间:2024-07-05\n\n"
UNITS = ["县住建局", "县城投公司", "县水利局", "县农业农村局", "农田建设股", "县文广旅体局"]
DEADLINES = {"12月底前": date(2024, 12, 31), "2024年10月底": date(2024, 10, 31), "6月底前开工": date(2024, 6, 30)}


def names(units) -> list[str]:
    return [u.name for u in units]


@st.composite
def tables(draw):
    """A header (序号, the item, maybe a progress column, the units, maybe a deadline) and rows numbered upward
    with gaps, each cell on a line of its own, blank lines between."""
    progress, deadline = draw(st.booleans()), draw(st.booleans())
    header = ["序号", draw(st.sampled_from(["重点任务", "民生实事", "目标任务"]))]
    header += ["当前进度"] * progress + [draw(st.sampled_from(["责任单位", "牵头责任单位"]))] + ["完成时限"] * deadline
    rows, number = [], 0
    for _ in range(draw(st.integers(1, 4))):
        number += draw(st.integers(1, 9))
        units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
        due = draw(st.sampled_from(sorted(DEADLINES))) if deadline else None
        cells = [str(number), f"完成第{number}项建设任务。"] + ([f"{draw(st.integers(0, 100))}%"] if progress else [])
        rows.append((str(number), units, due, cells + units + ([due] if due else [])))
    return header, rows


@parse_properties(80)
@given(tables())
def test_every_row_of_a_cell_per_line_table_is_read_from_its_own_cells(parse, drawn):
    header, rows = drawn
    doc = parse(HEAD + "\n\n".join(header + [cell for *_, cells in rows for cell in cells]) + "\n")
    tasks = {t.label: t for t in doc.tasks}
    assert sorted(tasks, key=int) == [label for label, *_ in rows]
    for label, units, due, _ in rows:
        [a] = tasks[label].assignments
        assert sorted(names((*a.lead, *a.responsible))) == sorted(units)
        assert (a.deadline.end if a.deadline else None) == (DEADLINES[due] if due else None)


@st.composite
def ordered_tables(draw):
    """A header whose leader, deadline and unit columns stand in any order after the item (a county bureau prints
    完成时限 / 责任领导 / 责任股室), each row naming its leader, deadline and units in the header's order."""
    order = draw(st.permutations(["leaders", "deadline", "units"]))
    unit_column = draw(st.sampled_from(["责任单位", "责任股室", "责任科室"]))
    header = ["序号", "工作任务"] + [{"leaders": "责任领导", "deadline": "完成时限", "units": unit_column}[k] for k in order]
    rows = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=2, unique=True))
        due = draw(st.sampled_from(sorted(DEADLINES)))
        cells = {"leaders": [draw(st.sampled_from(["王 芳", "李强", "张 伟"]))], "deadline": [due], "units": units}
        rows.append((str(number), units, due, [str(number), f"完成第{number}项建设任务。"] + [
            cell for k in order for cell in cells[k]]))
    return header, rows


@parse_properties(60)
@given(ordered_tables())
def test_a_row_s_units_are_read_whichever_order_the_header_gives_its_columns(parse, drawn):
    header, rows = drawn
    doc = parse(HEAD + "\n".join(header + [cell for *_, cells in rows for cell in cells]) + "\n")
    tasks = {t.label: t for t in doc.tasks}
    assert sorted(tasks, key=int) == [label for label, *_ in rows]
    for label, units, due, _ in rows:
        [a] = tasks[label].assignments
        assert sorted(names(a.responsible)) == sorted(units) and not a.lead
        assert a.deadline is not None and a.deadline.end == DEADLINES[due]


def test_a_lone_digit_after_a_row_is_a_cell_and_not_the_next_row(parse):
    doc = parse(HEAD + "序号\n\n目标任务\n\n牵头责任单位\n\n计划完成时间\n\n6\n\n人均可支配收入增长。\n\n经管站\n\n2\n\n"
                       "2024年底\n\n52\n\n建成高标准农田。\n\n农业股\n\n2024年底\n")
    assert [t.label for t in doc.tasks] == ["6", "52"]
    assert [names(a.lead) for t in doc.tasks for a in t.assignments] == [["经管站"], ["农业股"]]


def test_a_last_row_the_text_cut_off_takes_no_unit_from_above(parse):
    """A copy kept only so far stops inside its last row's prose: that row's cells after the cut were lost, not
    merged over it, so it names no one; a last row printing its cells whole under a merged unit cell still takes
    the unit above."""
    table = HEAD + "序号\n项目名称\n目标任务\n牵头单位\n1\n校舍改造\n改造校舍12所。\n县教育局\n2\n营养餐改善\n"
    cut = parse(table + "覆盖农村学生8000人，秋季学期起将寄宿制学校")
    assert [names(a.lead) for t in cut.tasks for a in t.assignments] == [["县教育局"]]
    whole = parse(table + "覆盖农村学生8000人。\n")
    assert [names(a.lead) for t in whole.tasks for a in t.assignments] == [["县教育局"], ["县教育局"]]


def test_a_header_name_says_what_its_column_holds():
    assert column_kind("牵头责任单位") == "lead"
    assert column_kind("责任科室") == "responsible"
    assert column_kind("协同部门") == "cooperating"
    assert column_kind("计划完成时间") == "deadline"
    assert column_kind("分 管 县领导") == "leaders"
    assert column_kind("目标与任务") == "text"
    assert column_kind("当前进度") is None and column_kind("备注") == "note"


def test_name_value_records_make_one_task_each(parse):
    doc = parse("重点工作: | 7.新建污水管网5公里。 |\n牵头单位: | 县住建局 |\n完成时限: | 2024年9月底前 |\n"
                "重点工作: | 8.改造老旧小区3个。 |\n责任单位: | 县住建局、城关街道办事处 |\n")
    assert [(t.label, names(a.lead), names(a.responsible)) for t in doc.tasks for a in t.assignments] == [
        ("7", ["县住建局"], []), ("8", [], ["县住建局", "城关街道办事处"])]
    assert doc.tasks[0].assignments[0].deadline.end == date(2024, 9, 30)


def test_a_spaced_row_whose_last_cell_lists_points_goes_on_over_their_lines(resources):
    from bench.parse_eval import DOCUMENTS, parse_file

    doc = parse_file(DOCUMENTS / "spaced_row.txt", resources)
    # no 序号 printed: the rows are labelled as unnumbered tasks are (their section, here none: 正文), not counted
    assert [(t.label, t.numbered) for t in doc.tasks] == [("正文", False), ("正文", False)]
    assert doc.text[doc.tasks[1].span.start : doc.tasks[1].span.end].endswith("已开展防火宣传进村入户。")
    assert not [i for i in doc.issues if i.code == "task-without-attribution"]


def test_rows_under_a_merged_unit_cell_take_the_units_of_the_row_above(parse):
    doc = parse(HEAD + "序号\n\n项目内容\n\n牵头单位\n\n进展情况\n\n1\n\n新建农贸市场2个。\n\n县市场监管局\n\n基本完成。\n\n"
                       "2\n\n建设快检室15个。\n\n提前完成年度任务。\n\n3\n\n新建公厕30座。\n\n县城市管理局\n\n序时推进。\n\n"
                       "4\n\n新增示范小区10个。\n\n已完成\n")
    assert [(t.label, names(a.lead)) for t in doc.tasks for a in t.assignments] == [
        ("1", ["县市场监管局"]), ("2", ["县市场监管局"]), ("3", ["县城市管理局"]), ("4", ["县城市管理局"])]
    # the row's note is where its unit cell would stand, and no note is read as a unit
    assert doc.tasks[3].assignments[0].attribution_span.slice(doc.text) == "已完成"
    assert "not-a-unit" not in {i.code for i in doc.issues}


def test_a_first_row_naming_no_unit_has_no_row_above_to_take_from(parse):
    doc = parse(HEAD + "序号\n\n项目内容\n\n牵头单位\n\n进展情况\n\n1\n\n新建农贸市场2个。\n\n基本完成。\n\n"
                       "2\n\n建设快检室15个。\n\n县市场监管局\n\n序时推进。\n")
    assert [(t.label, [names(a.lead) for a in t.assignments]) for t in doc.tasks] == [
        ("1", []), ("2", [["县市场监管局"]])]


def test_a_spaced_header_without_a_text_name_reads_its_subject_column_as_the_text(parse):
    doc = parse("东湖县2024年民生项目表\n序号 民生项目 当前进度 牵头单位 计划完成时间\n"
                "1 新建社区食堂4个 60% 县民政局 2024年10月底前\n2 改造农村公路30公里 45% 县交通运输局 2024年12月底前\n")
    assert [(t.label, t.title, names(a.lead), a.deadline.end) for t in doc.tasks for a in t.assignments] == [
        ("1", "新建社区食堂4个", ["县民政局"], date(2024, 10, 31)),
        ("2", "改造农村公路30公里", ["县交通运输局"], date(2024, 12, 31))]


VIEWER = ("2024年民生实事责任分解表.docx\n"
          "1、2024年民生实事责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1改造农贸市场改造农贸市场3个。"
          "周明商务局各街道2建设停车场新建公共停车场2个,新增泊位500个。吴刚城管局区城投公司提升停车收费管理水平。"
          "郑芳交通局交警大队3建设口袋公园新建口袋公园8个。孙丽住建局高新园(城西镇\n"
          "2、)各街道")


def test_a_viewer_s_run_in_table_gives_each_row_and_sub_row_its_leader_and_units(parse):
    from bench.parse_eval import roles_of

    doc = parse(VIEWER)
    got = [(t.label, [(a.leaders, roles_of(a)["lead"], roles_of(a)["cooperating"]) for a in t.assignments])
           for t in doc.tasks]
    assert got == [
        ("1", [(("周明",), ["商务局"], ["各街道"])]),
        ("2", [(("吴刚",), ["城管局"], ["区城投公司"]), (("郑芳",), ["交通局"], ["交警大队"])]),
        ("3", [(("孙丽",), ["住建局"], ["高新园(城西镇)", "各街道"])])], (
        "figures of the text (3个, 2个, 500个, 8个) open no row; a page number inside a name is no part of it; a high-tech "
        "park (高新园) is a unit as other parks are")


def test_a_viewer_page_number_on_the_line_a_name_goes_on_on_is_no_part_of_it():
    from ingest.normalize import normalize_name

    assert normalize_name("园林绿化中心(城西\n2、)") == "园林绿化中心(城西)"
    assert normalize_name("市财\n政局") == "市财政局"


def test_a_spaced_table_with_free_columns_after_its_units_reads_rows_with_more_or_fewer_cells(parse):
    # a leaders column before the units and a remarks column after them: spaces inside the remark (…增长 9.2%) or
    # the text give a row more cells, a blank remark fewer; the unit cell is the first after the text that names
    # units, never a word of the remark
    doc = parse("某县2024年重点工作推进表\n序号 工作任务 责任领导 责任单位 备注\n"
                "1 新建污水管网5公里。 王明 县住建局 已完成 3.2 公里\n"
                "2 改造 老旧小区 3个。 李华 县住建局、城关街道办事处\n"
                "3 新增城镇就业800人。 赵强 县人社局 完成 45%\n"
                "4 本表由县政府办公室汇总 每月更新。\n")
    got = [(t.label, a.leaders, names(a.responsible)) for t in doc.tasks for a in t.assignments]
    assert got == [("1", ("王明",), ["县住建局"]), ("2", ("李华",), ["县住建局", "城关街道办事处"]),
                   ("3", ("赵强",), ["县人社局"])]
    assert doc.tasks[1].title.replace(" ", "").startswith("改造老旧小区"), "a space in the text stays its text's"
    assert doc.tasks[0].assignments[0].attribution_span.slice(doc.text) == "王明 县住建局"


def test_a_row_whose_cells_after_the_text_name_no_unit_is_no_row(parse):
    # a numbered line after the table whose words name no one is no row, however many cells its spaces make
    doc = parse("某县2024年重点工作推进表\n序号 工作任务 牵头单位 进展情况\n"
                "1 新建污水管网5公里。 县住建局 已完成 3.2 公里\n"
                "2 说明 以上 进度 截至 6月底。\n")
    assert [(t.label, names(a.lead)) for t in doc.tasks for a in t.assignments] == [("1", ["县住建局"])]


def test_a_header_name_whole_on_its_line_is_no_broken_head_of_the_next(parse):
    # 项目名称 and 建设内容 are two columns, though 项目名称建设内容 would name a text column: the name column no rule
    # knows stays a column, so a row's text is its content and its unit the cell after it
    doc = parse(HEAD + "序号\n\n项目名称\n\n建设内容\n\n责任单位\n\n1\n\n城区停车场\n\n新建公共停车泊位300个。\n\n县住建局\n\n"
                       "2\n\n农村公路\n\n改造农村公路20公里。\n\n县交通运输局\n")
    got = [(t.label, a.text_span.slice(doc.text), names(a.responsible)) for t in doc.tasks for a in t.assignments]
    assert got == [("1", "新建公共停车泊位300个。", ["县住建局"]), ("2", "改造农村公路20公里。", ["县交通运输局"])]


def test_section_rows_with_no_row_under_them_are_headings_not_cells(parse):
    # a run of section rows right above a row's number (parts of the report with no row in this table) are each a
    # heading; none runs into the row above as its cells, and a unit cell closed by a full stop is still units
    doc = parse(HEAD + "序号\n\n重点工作任务\n\n主要责任单位\n\n协同配合单位\n\n一、主要目标\n\n2\n\n财政收入增长5%。\n\n县财政局\n\n"
                       "县税务局。\n\n二、扩投资\n\n三、强产业\n\n41\n\n新建幼儿园2所。\n\n县教育局\n\n县住建局。\n")
    got = [(t.label, doc.sections[t.section_seq - 1].title, names(a.responsible), names(a.cooperating),
            a.attribution_span.slice(doc.text)) for t in doc.tasks for a in t.assignments]
    assert got == [("2", "主要目标", ["县财政局"], ["县税务局"], "县财政局\n\n县税务局。"),
                   ("41", "强产业", ["县教育局"], ["县住建局"], "县教育局\n\n县住建局。")]


def test_a_leaders_cell_of_one_name_a_line_is_all_leaders(parse):
    # 区政府 / 分管领导 is one column's name broken over two lines; its cell prints one leader a line, and the last
    # leader is no broken head of the lead unit's name (王行杰住建局 would look like a unit)
    doc = parse(HEAD + "序号\n目标名称\n工作标准\n区政府\n分管领导\n牵头单位\n配合单位\n1\n城市更新\n"
                       "推进老旧小区改造26个,年内建成口袋公园5个。\n陈立明\n赵海燕\n住建局\n各街道,财政局\n")
    (_, a), = doc.assignments
    surfaces = [[u.surface for u in units] for units in (a.lead, a.cooperating)]
    assert (a.leaders, *surfaces) == (("陈立明", "赵海燕"), ["住建局"], ["各街道", "财政局"])


SCORED = ("2025年某县共同富裕任务清单\n\n考核项目\n\n序号\n\n考核指标\n\n考核内容\n\n单位\n\n年度目标\n\n责任部门\n\n评分部门\n\n"
          "富民增收\n\n1\n\n提高居民收入水平\n\n农村居民人均可支配收入增幅\n\n%\n\n≥6.5%\n\n县农业农村局\n\n县统计局\n\n"
          "市农业农村局市统计局\n\n2\n\n城乡居民收入倍差\n\n-\n\n缩小\n\n县发展改革局\n\n市发展改革委\n\n"
          "3\n\n培育家庭农场\n\n家\n\n35\n\n县农业农村局\n\n市农业农村局\n\n4\n\n建设共富工坊\n\n12\n\n县人力社保局\n\n市人力社保局\n")


def test_an_assessment_list_scored_by_another_body(parse):
    # a column before 序号 (考核项目) whose group cell stands before row 1's number, no column name; figures under
    # 年度目标 past the next row's number (35, 12) are cells; 评分部门 names the bodies that score the work, no duty,
    # and takes each row's last cell; a 责任部门 cell of two lines gives both units
    doc = parse(SCORED)
    got = [(t.label, names(a.responsible), names(a.lead), names(a.cooperating)) for t in doc.tasks for a in t.assignments]
    assert got == [("1", ["县农业农村局", "县统计局"], [], []), ("2", ["县发展改革局"], [], []),
                   ("3", ["县农业农村局"], [], []), ("4", ["县人力社保局"], [], [])]
    assert all("考核" not in s.title and "富民" not in s.title for s in doc.sections)


def test_a_scoring_column_is_a_key_of_no_duty():
    assert column_kind("评分部门") == column_kind("考核单位") == "note"
    assert column_kind("牵头考核单位") == "lead"


RUN = ("某县2025年一季度重点工作进展情况统计表\n\n一季度重点工作进展情况统计表(县政府) 序号 承担的重点工作 完成状态 工作进展情况 "
       "牵头责任单位 一、稳定经济增长 1 全县生产总值增长6%。 序时推进 一季度召开经济运行调度会2次,全县生产总值增长6.1%。 "
       "县发展改革局 2 固定资产投资增长8%以上。 序时推进 梳理年内在建项目 新开工项目清单 按月排出投资计划,一季度增长8.4%。 "
       "县发展改革局 二、增进民生福祉 3 新建城乡公共厕所20座。 序时推进 已完成选址12座,开工8座。 县城市管理局、各乡镇人民政府\n")


def test_a_table_one_cell_per_line_run_into_a_paragraph_with_spaces(parse):
    # the copy turned the table's line breaks into spaces; the header closes on its unit column, so a row's unit
    # stands at its end, after the progress note, even when the note's own spaces cut it in pieces
    doc = parse(RUN)
    got = [(t.label, doc.sections[t.section_seq - 1].title, names(a.lead)) for t in doc.tasks for a in t.assignments]
    assert got == [("1", "稳定经济增长", ["县发展改革局"]), ("2", "稳定经济增长", ["县发展改革局"]),
                   ("3", "增进民生福祉", ["县城市管理局", "各乡镇人民政府"])]


def test_an_unnumbered_duty_list_run_into_one_paragraph_reads_each_row_by_its_sentence(parse):
    """A duty list a forum ran into one paragraph with spaces: a header naming its columns (no 序号), rows of no
    number, each a duty's sentence, its units (one broken by a space) and its printed deadline; the poster's byline
    date is not the document's year."""
    doc = parse("编辑: 某某 2023-03-01\n附件 某区2022年扬尘治理职责清单 工作任务和内容 责任单位 配合单位 完成时间 "
                "负责建筑工地扬尘防治的监督检查,落实六个百分之百要求.\n\n区住建局 区城管局 持续开展 "
                "负责渣土运输车辆的密闭运输监管,查处抛洒滴漏行为. 区交通 运输局 8月底前完成 "
                "负责扬尘治理工作的督查考核. 区委区政府 督查室 12月底前\n")
    rows = [(names(a.responsible), names(a.cooperating), a.deadline.end if a.deadline else None)
            for t in doc.tasks for a in t.assignments]
    assert doc.metadata.year == 2022
    assert rows == [(["区住建局"], ["区城管局"], None), (["区交通运输局"], [], date(2022, 8, 31)),
                    (["区委区政府督查室"], [], date(2022, 12, 31))]
    assert doc.tasks[0].assignments[0].deadline.open_ended
