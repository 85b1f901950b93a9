"""Deadline phrases → intervals, and due-date phrases found in task text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.deadlines import (
    Interval,
    find_deadlines,
    relative_form,
    resolve_deadline,
    resolve_leading_deadline,
)
from ingest.parse import parse_text

D = date
OPEN_2024 = Interval(D(2024, 1, 1), None, True)
YEAR_2024 = Interval(D(2024, 1, 1), D(2024, 12, 31))
BY_JUNE_2024 = Interval(D(2024, 1, 1), D(2024, 6, 30))

CASES = [
    # whole year
    ("全年", 2024, YEAR_2024),
    ("完成时限:全年", 2024, YEAR_2024),
    ("年底前", 2024, YEAR_2024),
    ("年底", 2024, YEAR_2024),
    ("年内", 2024, YEAR_2024),
    ("年末", 2024, YEAR_2024),
    ("今年底前", 2024, YEAR_2024),
    ("年内完成", 2024, YEAR_2024),
    ("2024年底前", 2023, Interval(D(2023, 1, 1), D(2024, 12, 31))),
    ("2024年年底前", 2023, Interval(D(2023, 1, 1), D(2024, 12, 31))),
    ("2024年", 2023, YEAR_2024),
    ("2024年度", 2023, YEAR_2024),
    ("2024—2025年", 2024, Interval(D(2024, 1, 1), D(2025, 12, 31))),
    # a month with its year is that month; an explicit year beats the document's
    ("2024年6月", 2024, Interval(D(2024, 6, 1), D(2024, 6, 30))),
    ("2024年6月", 2020, Interval(D(2024, 6, 1), D(2024, 6, 30))),
    ("2024年3月", 2024, Interval(D(2024, 3, 1), D(2024, 3, 31))),
    ("2024年11月", 2024, Interval(D(2024, 11, 1), D(2024, 11, 30))),
    ("2024年6月份", 2024, Interval(D(2024, 6, 1), D(2024, 6, 30))),
    # 'by' forms start with the year
    ("6月", 2024, BY_JUNE_2024),
    ("6月底", 2024, BY_JUNE_2024),
    ("6月底前", 2024, BY_JUNE_2024),
    ("6月前", 2024, BY_JUNE_2024),
    ("6月之前", 2024, BY_JUNE_2024),
    ("6月末", 2024, BY_JUNE_2024),
    ("2024年6月底前", 2020, Interval(D(2020, 1, 1), D(2024, 6, 30))),
    ("2024年6月前", 2024, BY_JUNE_2024),
    ("2024年10月底前", 2024, Interval(D(2024, 1, 1), D(2024, 10, 31))),
    ("2022年10月底前", 2024, Interval(D(2022, 1, 1), D(2022, 10, 31))),
    ("力争于2024年6月底前完成", 2024, BY_JUNE_2024),
    ("6月中旬前", 2024, Interval(D(2024, 1, 1), D(2024, 6, 20))),
    ("6月下旬", 2024, Interval(D(2024, 6, 21), D(2024, 6, 30))),
    ("2月下旬", 2023, Interval(D(2023, 2, 21), D(2023, 2, 28))),
    # a 'by' form ending in a later year still starts with the document's year; other forms keep their own
    ("2025年底前", 2024, Interval(D(2024, 1, 1), D(2025, 12, 31))),
    ("2025年底", 2024, Interval(D(2024, 1, 1), D(2025, 12, 31))),
    ("2025年前完成", 2024, Interval(D(2024, 1, 1), D(2025, 12, 31))),
    ("2025年4月30日前", 2024, Interval(D(2024, 1, 1), D(2025, 4, 30))),
    ("2025年6月底前完成", 2024, Interval(D(2024, 1, 1), D(2025, 6, 30))),
    ("2025年6月中旬前", 2024, Interval(D(2024, 1, 1), D(2025, 6, 20))),
    ("2025年三季度末", 2024, Interval(D(2024, 1, 1), D(2025, 9, 30))),
    ("2025年年中前", 2024, Interval(D(2024, 1, 1), D(2025, 6, 30))),
    ("2025年", 2024, Interval(D(2025, 1, 1), D(2025, 12, 31))),
    ("2025", 2024, Interval(D(2025, 1, 1), D(2025, 12, 31))),  # a year alone as the field (建设时间: 2025)
    ("2025年内", 2024, Interval(D(2025, 1, 1), D(2025, 12, 31))),
    ("2025年6月", 2024, Interval(D(2025, 6, 1), D(2025, 6, 30))),
    ("2025年4月30日", 2024, Interval(D(2025, 4, 30), D(2025, 4, 30))),
    ("2025年6月下旬", 2024, Interval(D(2025, 6, 21), D(2025, 6, 30))),
    ("2023年底前", 2024, Interval(D(2023, 1, 1), D(2023, 12, 31))),  # already past: starts with its own year
    # month ends, leap years
    ("2月底", 2024, Interval(D(2024, 1, 1), D(2024, 2, 29))),
    ("2月底", 2023, Interval(D(2023, 1, 1), D(2023, 2, 28))),
    ("2月底", 2000, Interval(D(2000, 1, 1), D(2000, 2, 29))),
    ("2月底", 1900, Interval(D(1900, 1, 1), D(1900, 2, 28))),
    ("2024年2月", 2024, Interval(D(2024, 2, 1), D(2024, 2, 29))),
    ("4月底前", 2024, Interval(D(2024, 1, 1), D(2024, 4, 30))),
    ("9月", 2024, Interval(D(2024, 1, 1), D(2024, 9, 30))),
    ("12月底前", 2024, Interval(D(2024, 1, 1), D(2024, 12, 31))),
    # days
    ("2024年6月30日", 2024, Interval(D(2024, 6, 30), D(2024, 6, 30))),
    ("6月30日前", 2024, BY_JUNE_2024),
    ("6月30号前", 2024, BY_JUNE_2024),
    ("2024年2月29日", 2024, Interval(D(2024, 2, 29), D(2024, 2, 29))),
    ("2月29日前", 2024, Interval(D(2024, 1, 1), D(2024, 2, 29))),
    ("2024-06-30", 2024, Interval(D(2024, 6, 30), D(2024, 6, 30))),
    # Chinese numerals, full width, spaces
    ("九月", 2024, Interval(D(2024, 1, 1), D(2024, 9, 30))),
    ("十二月", 2024, Interval(D(2024, 1, 1), D(2024, 12, 31))),
    ("十月底前", 2024, Interval(D(2024, 1, 1), D(2024, 10, 31))),
    ("二〇二四年十一月", 2020, Interval(D(2024, 11, 1), D(2024, 11, 30))),
    ("六月三十日前", 2024, BY_JUNE_2024),
    ("２０２４年６月", 2024, Interval(D(2024, 6, 1), D(2024, 6, 30))),
    ("2024 年 6 月底前", 2024, BY_JUNE_2024),
    (" 全 年 ", 2024, YEAR_2024),
    # quarters and halves
    ("一季度", 2024, Interval(D(2024, 1, 1), D(2024, 3, 31))),
    ("第一季度", 2024, Interval(D(2024, 1, 1), D(2024, 3, 31))),
    ("1季度", 2024, Interval(D(2024, 1, 1), D(2024, 3, 31))),
    ("首季度", 2024, Interval(D(2024, 1, 1), D(2024, 3, 31))),
    ("二季度", 2024, Interval(D(2024, 4, 1), D(2024, 6, 30))),
    ("第三季度", 2024, Interval(D(2024, 7, 1), D(2024, 9, 30))),
    ("四季度", 2024, Interval(D(2024, 10, 1), D(2024, 12, 31))),
    ("2025年第二季度", 2024, Interval(D(2025, 4, 1), D(2025, 6, 30))),
    ("三季度末前", 2024, Interval(D(2024, 1, 1), D(2024, 9, 30))),
    ("一至三季度", 2024, Interval(D(2024, 1, 1), D(2024, 9, 30))),
    ("上半年", 2024, BY_JUNE_2024),
    ("下半年", 2024, Interval(D(2024, 7, 1), D(2024, 12, 31))),
    ("2025年上半年", 2024, Interval(D(2025, 1, 1), D(2025, 6, 30))),
    ("年中前", 2024, BY_JUNE_2024),
    # ranges
    ("2024年3月至6月", 2024, Interval(D(2024, 3, 1), D(2024, 6, 30))),
    ("2024年3月至6月", 2020, Interval(D(2024, 3, 1), D(2024, 6, 30))),
    ("3—6月", 2024, Interval(D(2024, 3, 1), D(2024, 6, 30))),
    ("2024年3月至2025年2月", 2024, Interval(D(2024, 3, 1), D(2025, 2, 28))),
    ("11月至2月", 2023, Interval(D(2023, 11, 1), D(2024, 2, 29))),
    ("6月1日至6月15日", 2024, Interval(D(2024, 6, 1), D(2024, 6, 15))),
    # open-ended and recurring
    ("长期", 2024, OPEN_2024),
    ("长期坚持", 2024, OPEN_2024),
    ("持续推进", 2024, OPEN_2024),
    ("持续", 2024, OPEN_2024),
    ("常态化", 2024, OPEN_2024),
    ("常态化推进", 2024, OPEN_2024),
    ("每季度", 2024, OPEN_2024),
    ("每月", 2024, OPEN_2024),
    ("每年", 2024, OPEN_2024),
    ("每月10日前", 2024, OPEN_2024),
    ("2024年底前完成,长期坚持", 2024, YEAR_2024),
    # from a date on: that date's start, no end
    ("2024年3月起", 2024, Interval(D(2024, 3, 1), None, True)),
    ("2024年3月起", 2020, Interval(D(2024, 3, 1), None, True)),
    ("完成时限:2024年3月起", 2024, Interval(D(2024, 3, 1), None, True)),
    ("3月起", 2024, Interval(D(2024, 3, 1), None, True)),
    ("2024年3月份起", 2024, Interval(D(2024, 3, 1), None, True)),
    ("自2024年4月1日起施行", 2024, Interval(D(2024, 4, 1), None, True)),
    ("从7月1日起", 2024, Interval(D(2024, 7, 1), None, True)),
    ("2025年开始", 2024, Interval(D(2025, 1, 1), None, True)),
    ("2024年度起", 2024, OPEN_2024),
    ("2024年6月以后", 2024, Interval(D(2024, 6, 1), None, True)),
    ("三季度起", 2024, Interval(D(2024, 7, 1), None, True)),
    ("2025年下半年开始实施", 2024, Interval(D(2025, 7, 1), None, True)),
    ("二〇二四年三月起", 2024, Interval(D(2024, 3, 1), None, True)),
    ("2024年3月起,长期坚持", 2024, Interval(D(2024, 3, 1), None, True)),
]

NEGATIVES = [
    "",
    "1000",  # a number alone is a year only from 1900 to 2099
    "20245",
    "   ",
    "xyz",
    "按职责分工负责",
    "2023年获奖励企业",
    "2024年规模以上工业企业数量突破5000家",
    "持续推进企业数字化转型和智能化改造工作",
    "13月",
    "0月",
    "6月31日",
    "2023年2月29日",
    "2月30日前",
    "2024年6月至2024年3月",
    "十四五期间",
    "三年内",
    "起",
    "自起施行",
    "2月30日起",
    "13月起",
]


@pytest.mark.parametrize(("text", "start", "period"), [
    ("2026年7月起每季度", D(2026, 7, 1), "quarter"), ("7月起每季度", D(2024, 7, 1), "quarter"),
    ("自第三季度起每月", D(2024, 7, 1), "month"), ("自2026年7月起每月报送", D(2026, 7, 1), "month"),
    ("2025年起每年", D(2025, 1, 1), "year"),
])
def test_recurring_from_a_start_is_recurring_from_that_start(text, start, period):
    """2026年7月起每季度 was read as a single deadline in July (the date before 起 taken as the phrase): it is
    quarterly from 1 July, its first due date the end of September, with no end."""
    interval = resolve_deadline(text, 2024)
    assert interval is not None and (interval.start, interval.end, interval.open_ended) == (start, None, True)
    assert interval.recurring == period


@pytest.mark.parametrize(("text", "year", "expected"), CASES)
def test_resolve_deadline(text, year, expected):
    assert resolve_deadline(text, year) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_unknown_or_impossible_forms_are_none(text):
    assert resolve_deadline(text, 2024) is None


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_end(month):
    ends = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert resolve_deadline(f"{month}月底前", 2024) == Interval(D(2024, 1, 1), D(2024, month, ends[month - 1]))
    assert resolve_deadline(f"2024年{month}月", 2000).start == D(2024, month, 1)


@given(st.integers(1990, 2050), st.integers(0, 10), st.integers(1, 12))
def test_a_by_form_ending_in_or_after_the_document_year_starts_with_that_year(year, ahead, month):
    interval = resolve_deadline(f"{year + ahead}年{month}月底前", year)
    assert interval == Interval(D(year, 1, 1), resolve_deadline(f"{year + ahead}年{month}月", year).end)


def test_interval_rejects_a_backwards_range():
    with pytest.raises(ValueError):
        Interval(D(2024, 6, 1), D(2024, 1, 1))


FIND_CASES = [
    ("2022年10月底前编制完成专项规划", ["2022年10月底前"]),
    ("年底前完成验收", ["年底前"]),
    ("力争6月底前出台实施方案", ["6月底前"]),
    ("确保2024年底建成投用", ["2024年底"]),
    ("9月30日前完成申报", ["9月30日前"]),
    ("上半年完成首批认定", ["上半年"]),
    ("一季度末前完成摸底", ["一季度末前"]),
    ("年内完成改造", ["年内"]),
    ("2025年前完成整合", ["2025年前"]),
    ("十二月底前印发", ["十二月底前"]),
    ("２０２４年６月底前", ["２０２４年６月底前"]),
    ("2024 年 6 月底前", ["2024 年 6 月底前"]),
    ("6月底前出台方案,年底前完成验收", ["6月底前", "年底前"]),
    ("今年底前全部完成", ["今年底前"]),
    # 年内 opening a clause, or after a word of aim, is the clause's time: the year's end, as 年底前 is
    ("年内新增集成办理事项15个", ["年内"]),
    ("力争年内建成", ["年内"]),
    ("本年度内新增养老服务站12个", ["本年度内"]),
    ("2025年内新增贷款100亿元", ["2025年内"]),
    ("今年年底前完成", ["今年年底前"]),
    # mentions of dates that are not due dates
    ("2023年获奖励企业入选门槛为一季度净增产值5亿元", []),
    ("2024年规模以上工业企业数量突破5000家", []),
    ("对2024年一季度新增工业产值超过3亿元的工业企业", []),
    ("一季度实现规模以上工业企业走访全覆盖", []),
    ("力争126家培育企业全年新增产值300亿元以上", []),
    ("进入全省前100名的", []),
    ("2023年前三季度增长5%", []),
    ("2015年以前建成的老旧小区", []),
    ("三年内完成改造", []),
    ("梳理年内在建项目清单", []),  # a noun's time, not the clause's
    ("半年内完成", []),
    ("比上年底增长10%", []),
    ("去年底完成", []),
    ("明年内完成", []),  # next year's, a form not read: not this year's
    ("年内每季度开展一次检查", []),  # the recurring duty's year (find_recurring)
    ("2025年内，每月开展调度", []),
    ("每年底前报送", []),
    ("6月前后召开", []),
    ("自2024年4月1日起施行", []),  # a start date in task text is no due date
    ("2024年6月", []),
    ("13月底前", []),
    ("2月30日前", []),
]


@pytest.mark.parametrize(("text", "phrases"), FIND_CASES)
def test_find_deadlines(text, phrases):
    assert [text[s:e] for s, e in find_deadlines(text)] == phrases


@pytest.mark.parametrize(("text", "phrases"), [c for c in FIND_CASES if c[1]])
def test_found_phrases_resolve(text, phrases):
    for s, e in find_deadlines(text):
        assert resolve_deadline(text[s:e], 2024) is not None


@given(st.text(alphabet="0123456789年月日底前后内末季度上下半一二三十完成每今至-期 ", max_size=30),
       st.sampled_from([1996, 2000, 2024, 2028]))
def test_never_crashes_and_found_spans_resolve(text, year):
    """Leap years only: 2月29日前 is found in any text but resolves only where the year has that day."""
    result = resolve_deadline(text, year)
    assert result is None or isinstance(result, Interval)
    for s, e in find_deadlines(text):
        assert 0 <= s < e <= len(text)
        assert resolve_deadline(text[s:e], year) is not None, text[s:e]


# -- dates said relative to the document (issue 14) ----------------------------------------------------------
def test_next_year_is_the_year_after_the_documents():
    assert resolve_deadline("次年3月底前", 2024) == Interval(date(2024, 1, 1), date(2025, 3, 31))
    assert resolve_deadline("明年底前", 2023) == Interval(date(2023, 1, 1), date(2024, 12, 31))


def test_this_month_needs_the_documents_date_and_never_guesses_it():
    assert resolve_deadline("在本月底以前", 2024, date(2024, 9, 10)) == Interval(date(2024, 1, 1), date(2024, 9, 30))
    assert resolve_deadline("在本月底以前", 2024) is None
    assert relative_form("在本月底以前")


def test_a_count_of_days_is_kept_as_text_and_reported(resources):
    assert resolve_deadline("14个工作日内", 2024, date(2024, 9, 10)) is None
    assert relative_form("14个工作日内")
    doc = parse_text("1.修复灌溉渠道。（责任单位：县水利局；完成时限：14个工作日内）\n", resources.units)
    (_, a), = doc.assignments
    assert a.deadline is None and "14个工作日内" in a.note
    assert any(i.code == "relative-deadline" for i in doc.issues)


@pytest.mark.parametrize("text", ["2027年春节前", "2026年汛期前完成", "2026年国庆节前完成"])
def test_a_year_then_an_event_it_is_due_before_is_not_the_whole_year(resources, text):
    """2027年春节前 was read as the whole of 2027 (its leading 2027年, the rest taken for trailing words): the duty
    was on time until the end of 2027 in the ledger, the calendar and the chart. Said unresolved, kept as text."""
    assert resolve_leading_deadline(text, 2026) is None
    doc = parse_text(f"1.发放取暖补贴。（牵头单位：县财政局；完成时限：{text}）\n", resources.units)
    (_, a), = doc.assignments
    assert a.deadline is None and text in a.note
    assert any(i.code == "unresolved-deadline" and text in i.message for i in doc.issues)
    assert resolve_leading_deadline("2024年6月底前完成初步设计", 2024).end == date(2024, 6, 30)
    assert resolve_leading_deadline("6月底取得阶段性成效并持续推进", 2024).end == date(2024, 6, 30)


def test_a_bare_count_of_days_under_a_deadline_key_is_reported_but_a_bare_day_of_the_month_is_not(resources):
    assert relative_form("3天") and relative_form("5个工作日")
    assert not relative_form("30日") and not relative_form("3天后召开")
    doc = parse_text("1.区图书馆消防通道堆放杂物。\n问题整改责任单位:区文化旅游局 整改时限:3天\n", resources.units)
    (_, a), = doc.assignments
    assert a.deadline is None and [u.surface for u in a.responsible] == ["区文化旅游局"]
    assert any(i.code == "relative-deadline" and "3天" in i.message for i in doc.issues)


def test_a_rectification_notice_dates_every_problem_once_but_never_when_it_names_two_dates(resources):
    body = ("请各单位立即整改,并于6月15日前将问题整改完成。\n1.新华巷垃圾未清运。(责任单位:新华街道)\n"
            "2.围墙倒塌,6月8日前拆除。(责任单位:区住建局)\n")
    doc = parse_text("南渡区督查通知单(2024年6月4日)\n" + body, resources.units)
    assert [a.deadline.text for _, a in doc.assignments] == ["6月15日前", "6月8日前"]
    doc = parse_text("南渡区督查通知单(2024年6月4日)\n" + body.replace("。\n1.", "；城区问题于6月20日前整改到位。\n1."),
                     resources.units)
    assert doc.assignments[0][1].deadline is None


def test_a_day_printed_without_its_ri_before_qian_is_that_day():
    assert resolve_deadline("2008年4月10前", 2008) == Interval(date(2008, 1, 1), date(2008, 4, 10))
    assert resolve_deadline("4月10", 2008) is None  # no 前: a number after a month, not a day
    assert find_deadlines("确保2008年4月10前完成验收") == [(2, 12)]
    assert find_deadlines("5月份10家企业完成改造") == []


def test_a_day_with_an_hour_after_it_is_that_day():
    assert resolve_deadline("6月20日18:00前", 2014) == Interval(date(2014, 1, 1), date(2014, 6, 20))
    assert resolve_deadline("于7月15日17时前", 2014) == Interval(date(2014, 1, 1), date(2014, 7, 15))
    assert resolve_deadline("9月30日12时30分前", 2014) == Interval(date(2014, 1, 1), date(2014, 9, 30))
    assert find_deadlines("于6月20日18：00前通过平台报送") == [(1, 12)]
    assert find_deadlines("6月20日18时召开会议") == []  # an hour with no 前 is when, not by when


def test_relative_phrases_are_found_in_task_text():
    text = "请于本月底以前报送清单,次年3月底前完成验收。"
    assert [text[s:e] for s, e in find_deadlines(text)] == ["本月底以前", "次年3月底前"]


@pytest.mark.parametrize(("text", "recurring"), [
    ("每月统计数据要准确及时", False), ("每月统计工作要扎实开展", False), ("每季度报告情况须真实", False),
    ("每季度通报工作进展", True), ("每月统计数据", True), ("每月报送数据", True), ("每月开展一次专项检查", True),
])
def test_a_verb_heading_the_subject_is_no_recurring_duty(text, recurring):
    from ingest.deadlines import find_recurring

    assert bool(find_recurring(text)) is recurring


def test_a_date_told_after_a_duty_with_what_was_done_by_then_is_no_deadline(resources):
    # a speech's account of a duty: the date opens what the unit has already done, not when the work is due
    done = "三、突出问题\n关于废品收购站问题。县商务局负责,5月10日,县商务局已召集经营户集中培训。\n"
    (_, a), = parse_text(done, resources.units).assignments
    assert [u.surface for u in a.responsible] == ["县商务局"] and a.deadline is None
    due = "三、突出问题\n关于废品收购站问题。县商务局负责,5月10日,召集经营户集中培训。\n"
    (_, a), = parse_text("2024年县长办公会议纪要\n" + due, resources.units).assignments  # a year to date it by
    assert a.deadline is not None and a.deadline.text == "5月10日" and a.deadline.end == date(2024, 5, 10)


def test_a_duty_takes_no_date_from_the_next_duty_but_shares_one_printed_apart(resources):
    told = ("二、突出问题\n关于露天矿山整治。县自然资源局牵头负责,与矿山复绿同步推进。关于餐饮油烟问题。"
            "县综合行政执法局牵头负责,县市场监管局配合,9月底前完成净化设施安装。\n")
    doc = parse_text("2021年6月28日\n" + told, resources.units)
    assert [(names(a.lead), names(a.cooperating), a.deadline and a.deadline.text) for _, a in doc.assignments] == [
        (["县自然资源局"], [], None), (["县综合行政执法局"], ["县市场监管局"], "9月底前")]
    apart = "1、健康教育。\n县委编办负责核定编制;\n县财政局负责保障经费.\n2024年4月30日前\n"
    doc = parse_text(apart, resources.units)
    assert [a.deadline and a.deadline.text for _, a in doc.assignments] == ["2024年4月30日前"] * 2


def names(units):
    return [u.surface for u in units]


def test_a_page_printing_no_date_takes_its_year_from_the_title_else_says_where_it_found_one(resources):
    tasks = "1.清理规范性文件。(责任科室:办公室;完成时限:年底前)\n2.做好政策解读。(责任科室:各科室;完成时限:6月底前)\n"
    doc = parse_text("二〇二三年度政务公开工作要点\n" + tasks, resources.units)
    assert doc.metadata.year == 2023 and not [i for i in doc.issues if "year" in i.code]
    assert [a.deadline.end for _, a in doc.assignments] == [date(2023, 12, 31), date(2023, 6, 30)]
    doc = parse_text("政务公开工作要点\n为做好2023年政务公开工作,根据上级要求,结合本局实际,制定本要点,请各科室认真落实。\n"
                     + tasks + "3.到2025年建成政策库。(责任科室:办公室)\n4.2025年前完成目录编制。(责任科室:办公室)\n",
                     resources.units)
    said = [i.message for i in doc.issues if i.code == "year-from-text"]
    assert doc.metadata.year == 2023 and len(said) == 1 and "first paragraph" in said[0] and "2023" in said[0]
    doc = parse_text("政务公开工作要点\n" + tasks, resources.units)  # no year anywhere: said, as before
    assert doc.metadata.year is None or doc.metadata.year == 1970
    assert [i.code for i in doc.issues if "year" in i.code] == ["unknown-year"]


def test_a_deadline_naming_no_year_in_a_document_printing_none_is_not_dated(resources):
    """12月底前 in a table printing no year at all was dated 1970-12-31: overdue on every page, a 1970-12 bar in
    the Units page's chart. It is kept as text and said; a recurring one keeps its period."""
    doc = parse_text("工作任务\n1.清理规范性文件。(责任单位:县司法局;完成时限:12月底前)\n"
                     "2.报送进展。(责任单位:县统计局;完成时限:每月10日前)\n"
                     "3.巩固创建成果。(责任单位:县文明办;完成时限:持续推进)\n", resources.units)
    first, second, third = (a for _, a in doc.assignments)
    assert first.deadline is None and "12月底前" in first.note
    assert second.deadline.recurring == "month" and second.deadline.due_day == 10
    assert third.deadline.open_ended and third.deadline.text == "持续推进", "no year needed: dated as before"
    said = [i.message for i in doc.issues if i.code == "relative-deadline"]
    assert len(said) == 1 and "'12月底前'" in said[0] and "names no year" in said[0]
    assert [i.code for i in doc.issues if "year" in i.code] == ["unknown-year"]


def test_a_first_paragraph_gives_its_own_year_not_the_year_of_what_it_cites(resources):
    text = ("乡村振兴重点任务清单\n根据《某省2021年乡村振兴实施意见》(某政发〔2021〕3号)精神,结合我县2022年工作实际,制定本清单。\n"
            "1.完成农村公路改造。(责任单位:县交通运输局;完成时限:6月底前)\n")
    doc = parse_text(text, resources.units)
    assert doc.metadata.year == 2022
    (_, a), = doc.assignments
    assert a.deadline.end == date(2022, 6, 30)


@pytest.mark.parametrize("meta", ["  4. [成文日期] 2019-11-20", "【发布日期】2019-11-26", "• 生成日期:2019-11-26",
                                  "发文日期 | 2019-11-26 |", "成文日期：2019年11月20日"])
def test_a_page_listing_its_metadata_takes_its_year_from_a_date_key(resources, meta):
    # a page's metadata printed as keyed lines above the body, its title naming a range of years (none alone)
    text = (f"首页 > 政务公开 > 政策文件\n  1. [主题分类] 城乡建设\n  2. [实施日期] 2021-01-01\n{meta}\n"
            "老旧小区改造重点任务分工(2020-2022年)\n1.建立改造项目库。\n牵头单位:市住房城乡建设局\n完成时限:2020年底前\n"
            "2.编制三年行动计划。\n牵头单位:市财政局\n完成时限:2021年底前\n")
    doc = parse_text(text, resources.units)
    assert doc.metadata.year == 2019
    if "|" not in meta:  # not the breadcrumb nor a metadata line (a grid row starts the body, as before)
        assert doc.metadata.title == "老旧小区改造重点任务分工(2020-2022年)"
    assert [(a.deadline.start, a.deadline.end) for _, a in doc.assignments] == [
        (date(2019, 1, 1), date(2020, 12, 31)), (date(2019, 1, 1), date(2021, 12, 31))]


def test_an_implementation_date_is_no_date_of_the_page(resources):
    text = ("首页 > 政策文件\n  1. [实施日期] 2021-01-01\n  2. [有效性] 有效\n老旧小区改造重点任务分工\n"
            "为加快老旧小区改造,根据省里的部署要求,结合本市实际,对2022年的重点任务分工如下。\n"
            "1.建立改造项目库。(牵头单位:市住房城乡建设局;完成时限:2022年底前)\n")
    doc = parse_text(text, resources.units)
    assert (doc.metadata.date, doc.metadata.title, doc.metadata.year) == (None, "老旧小区改造重点任务分工", 2022)


STAGES = ("1.推进雨污分流改造，2025年5月底前完成8个片区开工，2025年11月底前全部完工。（责任单位：市住房城乡建设局）\n"
          "2.实施加装电梯，6月底前完成需求摸底，年内完成加装40部。（责任单位：市住房城乡建设局）\n"
          "3.建设城市书房，9月底前完成选址，9月底前完成招标。（责任单位：市文化广电旅游局）\n"
          "4.改造供水管网，2025年10月底前完成。（责任单位：市水务局；完成时限：2025年6月底前）\n")


def test_stages_dated_in_a_task_keep_the_last_and_say_the_others(resources):
    """A task's text dating the stages of its work (…5月底前…开工,11月底前全部完工) kept the first, the start, and
    dropped the completion date without a word. The assignment holds one deadline: the last, when the whole work
    is due; the earlier stays in the text and is said. One date printed twice is no stage; a keyed deadline wins."""
    doc = parse_text("江川市人民政府办公室\n江政办发〔2025〕14号\n" + STAGES, resources.units)
    got = {t.label: a.deadline for t, a in doc.assignments}
    assert (got["1"].text, got["1"].end) == ("2025年11月底前", D(2025, 11, 30))
    assert (got["2"].text, got["2"].end) == ("年内", D(2025, 12, 31))
    assert (got["3"].text, got["3"].end) == ("9月底前", D(2025, 9, 30))
    assert (got["4"].text, got["4"].end) == ("2025年6月底前", D(2025, 6, 30))
    said = [i.message for i in doc.issues if i.code == "stage-deadline"]
    assert len(said) == 2
    assert "'2025年11月底前'" in said[0] and "'2025年5月底前'" in said[0]
    assert "'年内'" in said[1] and "'6月底前'" in said[1]


@pytest.mark.parametrize("form", ["年内", "本年内", "今年内", "当年内", "年底前", "年底", "年末", "年末前", "今年底前",
                                  "今年年底前", "本年度内", "年度内", "本年底前", "2025年内", "2025年底前", "2025年度内",
                                  "年度末"])
def test_a_year_end_form_reads_alike_in_the_text_and_in_the_bracket(resources, form):
    """年内新增… in a task's text was not read, while (完成时限:年内) was: every form of the year's end is the same
    deadline wherever it is printed."""
    head = "江川市人民政府办公室\n江政办发〔2025〕1号\n1.推进改造，"
    in_text = parse_text(f"{head}{form}新增口袋公园5个。（责任单位：市住房城乡建设局）\n", resources.units)
    keyed = parse_text(f"{head}新增口袋公园5个。（责任单位：市住房城乡建设局；完成时限：{form}）\n", resources.units)
    for doc in (in_text, keyed):
        (_, a), = doc.assignments
        assert (a.deadline.text, a.deadline.end) == (form, D(2025, 12, 31))
