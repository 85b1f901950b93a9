"""Deadline phrases → date intervals, relative to the document's year.

A deadline is stored as the interval in which the work is due: ``6月底前`` is due by 30 June, so the interval
starts on 1 January of the document's year, as does ``2025年底前`` in a 2024 document; ``2024年6月`` is due in
June. Open-ended duties (长期, 持续推进) have an end of None, as do start forms (2024年3月起, 自7月1日起,
2025年开始): due from that date on, with no end. Recurring duties (每季度, 每月) say their
period in ``Interval.recurring`` and are owed from the document's date on (``_recurring``): no period before the
notice existed; one the text bounds to a year (2024年每季度, 全年每月, 年内每月) recurs within that year, and so does
every recurring duty of a plan for a year (``plan_years``: 2026年工作要点, 2026年第四季度督办清单), which ends on
its last 31 December unless the phrase says it goes on (长期, 持续) or until when (至2027年底); others have no end. ``find_deadlines`` locates due-date phrases
inside task text for attributions without one; it works on the text as printed (full-width digits, Chinese
numerals, spaces), so its offsets are the caller's; ``find_recurring`` locates the period of a recurring duty
written in task text (每月开展一次专项检查, 按季度通报).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType


@dataclass(frozen=True)
class Interval:
    start: date | None
    end: date | None  # None when open_ended
    open_ended: bool = False
    # 每季度 → "quarter": the work recurs with that period. Not part of equality: the interval is the same.
    recurring: str = field(default="", compare=False)
    # The day of each period it falls due on (每月10日前 → 10, 每月上旬 → 10, 每周五 → 5); 0: the period's last day.
    due_day: int = field(default=0, compare=False)
    # The month of each year that day is in, when not the first (每年6月底前 → 6, with due_day 31); 0: January.
    due_day_month: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"interval starts {self.start} after it ends {self.end}")


# -- normalising a deadline phrase ---------------------------------------------------------------------
_WIDTH = MappingProxyType({c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
                          | {ord(c): "-" for c in "‐‑‒–—―─"} | {ord("～"): "~", ord("〜"): "~"})
_CN_DIGITS = MappingProxyType({c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2})
_CN_RUN = re.compile(r"[〇零一二两三四五六七八九十]+")
_CN_TENS = re.compile(r"^([一二三四五六七八九])?十([一二三四五六七八九])?$")


def _cn_number(run: str) -> str:
    """十二 → 12, 二〇二四 → 2024; anything else (十四五) is left alone so it cannot fake a date."""
    if m := _CN_TENS.match(run):
        tens = _CN_DIGITS[m.group(1)] if m.group(1) else 1
        return str(tens * 10 + (_CN_DIGITS[m.group(2)] if m.group(2) else 0))
    if "十" not in run:
        return "".join(str(_CN_DIGITS[c]) for c in run)
    return run


# A Taiwan plan dates by the ROC calendar (民國112年 = 2023): 民國/民国 and any year, or a year of 100–149 before a
# month, 底/末 or 度 (112年6月底前, 113年底, 112年度), or dashed, dotted or slashed (112-06-08, 112.6.30, 112/06/30).
_ROC_YEAR = re.compile(r"民[國国](\d{1,3})(?=年)|(?<!\d)(1[0-4]\d)(?=年度?(?:\d|[底末]))")
_ROC_DATE = re.compile(r"(?<![\d.])(1[0-4]\d)([-./])(\d{1,2})\2(\d{1,2})(?![\d.])")
_ROC_BASE = 1911


def _gregorian(text: str) -> str:
    """ROC years as the Gregorian ones they are (民國112年 → 2023年, 112-06-08 → 2023-06-08)."""
    text = _ROC_YEAR.sub(lambda m: str(int(m[1] or m[2]) + _ROC_BASE), text)
    return _ROC_DATE.sub(lambda m: f"{int(m[1]) + _ROC_BASE}-{m[3]}-{m[4]}", text)


def _normalise(text: str) -> str:
    """One spelling for the matchers: ASCII digits, no spaces, 第一季度/首季度 → 1季度, 号 → 日, ROC years
    Gregorian."""
    text = "".join(text.translate(_WIDTH).split())
    text = text.replace("首季度", "1季度").replace("首季", "1季度")
    text = _gregorian(_CN_RUN.sub(lambda m: _cn_number(m.group()), text))
    return re.sub(r"(\d)号", r"\1日", text)


# -- calendar helpers ----------------------------------------------------------------------------------
def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_of(m: re.Match, year: int, group: str = "y") -> int:
    value = m.groupdict().get(group)
    return int(value) if value else year


def _by(year: int, end: date) -> Interval:
    """A 'by' deadline (…前, …底) is due any time from the start of the document's ``year`` (docs/CONTRACT.md),
    however late its end: 2025年底前 in a 2024 plan is work from 2024 on. An end before that year (a past
    deadline the document recalls, 2022年10月底前) starts with its own year, so the interval stays forward."""
    return Interval(date(min(year, end.year), 1, 1), end, False)


_XUN = MappingProxyType({"初": (1, 10), "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31)})
_BY = r"(?P<by>之前|以前|前)?"
_YEAR = r"(?:(?P<y>\d{4})年)?"


# -- the forms, most specific first ----------------------------------------------------------------------
# A deadline field may carry framing words (完成时限:, 力争于, …完成, 左右); anything else around the date means
# the text is a note that mentions a date (2023年获奖励企业…), which must not become a deadline.
_PREFIX = r"(?:(?:完成)?(?:时限|时间|期限|日期):?)?(?:力争|确保|预计|计划)?(?:在|于|到|至|截至|截止到?)?"
_SUFFIX = (r"(?:全面|全部|基本|初步|陆续)?(?:完成|到位|见效|落地|实现)?(?:左右|以内|为止)?"
           r"(?:[,;、]?并?(?:长期坚持|持续推进|常态化推进))?[。.;,]*")
_OPEN_MAX_LEN = 14  # 长期坚持, 持续推进, 每月10日前, 每个季度第1个月的20日前: longer is prose that says 持续


def _framed(form: str) -> re.Pattern:
    return re.compile(f"{_PREFIX}(?:{form}){_SUFFIX}")


_RECURRING_RE = re.compile(_PREFIX + r"(?P<scope>(?P<y>\d{4})年(?:内|度)?|全年|年内|(?:今|本|当)年度?内?)?[,、]?"
                           r"(?:每(?:个)?(?P<period>年度?|半年|季度?|月|周|旬)|按(?P<by_period>半年|季度?|月|周|旬|年(?!度)))")
# 2026年7月起每季度, 自第三季度起每月: recurring from a start, its first due date the end of the period holding it.
_FROM_RECURRING_RE = re.compile(
    r"(?:(?:完成)?(?:时限|时间|期限|日期):?)?(?:自|从)?(?=\d|第)(?:(?P<y>\d{4})年度?)?"
    r"(?:(?P<m>\d{1,2})月份?(?:(?P<d>\d{1,2})日)?|第?(?P<q>[1-4])季度)?(?:起|开始|以后)[,、]?"
    r"(?:每(?:个)?(?P<period>年度?|半年|季度?|月|周|旬)|按(?P<by_period>半年|季度?|月|周|旬|年(?!度)))"
    r"(?P<day>(?:\d{1,2}日|上旬|中旬|(?<=周)[1-7日天])(?:之前|以前|前)?)?"
    r"(?:报送|上报|调度|通报|开展|召开|推进)?[。.;,]*")
_PERIODS = MappingProxyType({"年": "year", "年度": "year", "半年": "half-year", "季": "quarter", "季度": "quarter",
                             "月": "month", "周": "week", "旬": "xun"})
# 常态化 and a plain 常态 (常态工作: routine work, a table's 时间进度 for what has no end) go on without an end.
_OPEN_RE = re.compile(_PREFIX + r"(?:长期|持续|常态|常年|定期|经常性)")
_ISO_RE = _framed(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")
_YEAR_RANGE_RE = _framed(r"(?P<y1>\d{4})年?(?:至|到|-|~)(?P<y2>\d{4})年(?:底|末)?" + _BY)
_RANGE_RE = _framed(r"(?:(?P<y1>\d{4})年)?(?P<m1>\d{1,2})月?(?:(?P<d1>\d{1,2})日)?起?(?:至|到|-|~)"
                    r"(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?(?:底|末)?" + _BY)
_QUARTER_RANGE_RE = _framed(_YEAR + r"第?(?P<q1>[1-4])(?:季度)?(?:至|到|-|~)第?(?P<q2>[1-4])季度(?:末|底)?" + _BY)
# A day printed without its 日 before 前 (2008年4月10前) is still that day, and so is one with an hour after it
# (6月20日18:00前, 7月15日17时前): the deadline is the day.
_TIME_OF_DAY = r"(?:\d{1,2}[:：]\d{2}|\d{1,2}[时点](?:\d{1,2}分)?)"
_DAY_RE = _framed(_YEAR + rf"(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})(?:日{_TIME_OF_DAY}?|(?=之前|以前|前))" + _BY)
# A month printed without its 月 before 底 or 末 (2016年6底前), as a day is without its 日, is still that month.
_MONTH_RE = _framed(_YEAR + r"(?P<m>\d{1,2})(?:月份?|(?=[底末]))(?P<part>底|末|初|上旬|中旬|下旬)?" + _BY)
_QUARTER_RE = _framed(_YEAR + r"第?(?P<q>[1-4])季度(?P<part>末|底)?" + _BY)
_HALF_RE = _framed(r"(?:(?P<y>\d{4})年?)?(?P<h>上半年|下半年|年中)" + _BY)
# "From … on": a start date and no end. Its own prefix (自/从/由, never the "by" words 到/截至) and suffix (施行,
# 实施: the work starts then; 完成 would contradict the open end).
_FROM_RE = re.compile(
    r"(?:(?:完成)?(?:时限|时间|期限|日期):?)?(?:自|从|由|于)?(?=\d|第|上半年|下半年)"
    r"(?:(?P<y>\d{4})年度?)?(?:(?P<m>\d{1,2})月份?(?:(?P<d>\d{1,2})日)?|第?(?P<q>[1-4])季度|(?P<h>上半年|下半年))?"
    r"(?:起|开始|以后)(?:实施|施行|执行|实行|推进|开展|启动)?(?:[,;、]?并?(?:长期坚持|持续推进|常态化推进))?[。.;,]*"
)
# 年内, 本年度内, 今年年底, 2026年度内: the year, within it or by its end.
_YEAR_RE = _framed(r"(?:(?P<y>\d{4})年(?:[年度]?(?P<end>底|末)|度?内|度|全年)?|(?:(?:今|本|当)年?)?年(?:度?(?:底|末|内)|度)"
                   r"|全年|本年度?|今年|当年)" + _BY)

# A year printed alone as the whole field (a table's 建设时间 column: 2024): the work of that year.
_BARE_YEAR_RE = re.compile(r"(?P<y>(?:19|20)\d{2})")


def _bare_year(m: re.Match, year: int) -> Interval:
    y = int(m["y"])
    return Interval(date(y, 1, 1), date(y, 12, 31))


def _iso(m: re.Match, year: int) -> Interval:
    day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    return Interval(day, day)


def _year_range(m: re.Match, year: int) -> Interval:
    return Interval(date(int(m["y1"]), 1, 1), date(int(m["y2"]), 12, 31))


def _range(m: re.Match, year: int) -> Interval:
    """3月至6月 → 1 March .. 30 June; 11月至2月 crosses into the next year."""
    y1, m1, m2 = _year_of(m, year, "y1"), int(m["m1"]), int(m["m2"])
    y2 = int(m["y2"]) if m["y2"] else y1 + (m2 < m1)
    start = date(y1, m1, int(m["d1"])) if m["d1"] else date(y1, m1, 1)
    end = date(y2, m2, int(m["d2"])) if m["d2"] else _month_end(y2, m2)
    return Interval(start, end)


def _quarter_range(m: re.Match, year: int) -> Interval:
    y = _year_of(m, year)
    return Interval(date(y, 3 * int(m["q1"]) - 2, 1), _month_end(y, 3 * int(m["q2"])))


def _day(m: re.Match, year: int) -> Interval:
    y = _year_of(m, year)
    day = date(y, int(m["m"]), int(m["d"]))
    return _by(year, day) if m["by"] else Interval(day, day)


def _month(m: re.Match, year: int) -> Interval:
    """2024年6月 is June; 6月, 6月底, 6月前 are 'by the end of June' (the brief's reading of a bare month)."""
    y, month, part = _year_of(m, year), int(m["m"]), m["part"]
    end = _month_end(y, month)
    if part in _XUN:
        first, last = _XUN[part]
        end = date(y, month, min(last, end.day))
        return _by(year, end) if m["by"] else Interval(date(y, month, first), end)
    if m["by"] or part or not m["y"]:
        return _by(year, end)
    return Interval(date(y, month, 1), end)


def _quarter(m: re.Match, year: int) -> Interval:
    y, q = _year_of(m, year), int(m["q"])
    end = _month_end(y, 3 * q)
    return _by(year, end) if m["by"] or m["part"] else Interval(date(y, 3 * q - 2, 1), end)


def _half(m: re.Match, year: int) -> Interval:
    y = _year_of(m, year)
    if m["h"] == "下半年":
        return Interval(date(y, 7, 1), date(y, 12, 31))
    return _by(year, date(y, 6, 30)) if m["by"] else Interval(date(y, 1, 1), date(y, 6, 30))


def _whole_year(m: re.Match, year: int) -> Interval:
    """2025年 and 2025年内 are that year; 2025年底 and 2025年前 are 'by' forms. A year-end without a printed
    year (年底前) is the document's own year either way."""
    y = _year_of(m, year)
    end = date(y, 12, 31)
    return _by(year, end) if m["by"] or m["end"] else Interval(date(y, 1, 1), end)


def _from(m: re.Match, year: int) -> Interval:
    """2024年3月起 is open-ended from 1 March 2024; a missing year is the document's (3月起), a missing month
    January (2025年起); a quarter or half starts on its first day. The pattern's lookahead ensures a date."""
    y = _year_of(m, year)
    if m["q"]:
        month = 3 * int(m["q"]) - 2
    elif m["h"]:
        month = 7 if m["h"] == "下半年" else 1
    else:
        month = int(m["m"] or 1)
    return Interval(date(y, month, int(m["d"] or 1)), None, True)


def _open(text: str, year: int) -> Interval:
    explicit = re.search(r"(?<!\d)(\d{4})年", text)
    return Interval(date(int(explicit.group(1)) if explicit else year, 1, 1), None, True)


def _from_recurring(m: re.Match, year: int, plan: tuple[int, int] | None = None) -> Interval | None:
    """2026年7月起每季度: from 1 July 2026 on, no end, or the end of the ``plan`` it is in (``_recurring``); a
    missing year is the document's."""
    if not (m["y"] or m["m"] or m["q"]):
        return None
    month = int(m["m"]) if m["m"] else (int(m["q"]) - 1) * 3 + 1 if m["q"] else 1
    try:
        start = date(int(m["y"]) if m["y"] else year, month, int(m["d"]) if m["d"] else 1)
    except ValueError:
        return None
    period = _PERIODS[m["period"] or m["by_period"]]
    day, due_month = _due_on(period, m["day"] or "")
    if plan is not None and start.year <= plan[1]:
        return Interval(start, date(plan[1], 12, 31), False, period, day, due_month)
    return Interval(start, None, True, period, day, due_month)


# The day of its period a recurring duty falls due on, written after the period: 每月10日前, 每月5号, 每月上旬 (the
# digits and 日 as _normalise spells them); 每周五, 每周日 (a weekday, Monday 1). 月底/月末 and no day: the last day.
# A report due some days after each period (每季度结束后10日内, 每月结束后5个工作日内, 次月5日前, 每季度首月10日前) is
# due on that day of the next period's first month: the duty of reporting in the first days of every period
# (a working day counted as 7/5 of a day, so 5个工作日 is a week).
_MONTH_DAY = re.compile(r"(?P<d>\d{1,2})日|(?P<xun>上旬|中旬)")
_WEEKDAY = re.compile(r"(?P<w>[1-7日天])")
# 每年1月底前, 每年6月20日前, 每年6月: a yearly duty due in a month is due on that day of it (its last day when none is
# said); 每年上半年, 每年第三季度 are due at that part's end. 每年12月底前 is the year's end, as 每年 alone is.
_YEAR_MONTH = re.compile(r"(?P<m>\d{1,2})月份?(?:(?P<d>\d{1,2})日|底|末)?|(?P<half>上半年)|第?(?P<q>[1-4])季度")
_DAYS_AFTER = re.compile(r"(?:结束后|结束之日起|末后|次月|首月|第[1一]个?月的?|初)(?P<n>\d{1,2})个?(?P<unit>工作日|日|天)(?:内|前|之前|以前)?")


def _due_on(period: str, rest: str) -> tuple[int, int]:
    """The day of each ``period`` the duty is due on and, in a year, its month (``Interval.due_day`` and
    ``due_day_month``), read from the text after the period word; (0, 0): the period's last day."""
    if period == "year" and (m := _YEAR_MONTH.match(rest)):
        return _day_of_year(m)
    return _due_day(period, rest), 0


def _day_of_year(m: re.Match) -> tuple[int, int]:
    month = 6 if m["half"] else 3 * int(m["q"]) if m["q"] else int(m["m"])
    day = int(m["d"]) if m["d"] else 31  # no day said: the month's last (the 31st is a short month's last day)
    if not (1 <= month <= 12 and 1 <= day <= 31) or (month, day) == (12, 31):
        return 0, 0
    return day, month if month > 1 else 0


def _due_day(period: str, rest: str) -> int:
    """The day of each ``period`` but a year the duty is due on, read from the text after the period word (0: its
    last)."""
    if period != "week" and (m := _DAYS_AFTER.match(rest)):
        days = int(m["n"]) if m["unit"] != "工作日" else -(-int(m["n"]) * 7 // 5)
        return days if 1 <= days <= 31 else 0
    if period == "month" and (m := _MONTH_DAY.match(rest)):
        if m["xun"]:
            return 10 if m["xun"] == "上旬" else 20
        return int(m["d"]) if 1 <= int(m["d"]) <= 31 else 0
    if period == "week" and (m := _WEEKDAY.match(rest)):
        return 7 if m["w"] in "日天" else int(m["w"])
    return 0


# What a recurring duty's phrase says of its end after the period: it goes on (每月,长期坚持), or runs until a year
# (每季度,直至2027年底; 每年6月底前,至2028年).
_GOES_ON = re.compile(r"长期|持续|常态|常年")
_UNTIL = re.compile(r"(?:直至|直到|至|到)(?P<y>\d{4})年")
# A plan for some years names them in its title: 2026年工作要点, 2026年第四季度…清单, (2024—2026年); one that says
# 今年/本年 without digits is of its document's year (the 文号's, else the date's). 年度 alone is no year: a 年度
# 报告制度 is a standing rule of reporting every year.
_PLAN_RANGE = re.compile(r"(?P<y1>\d{4})年?(?:-|~|至|到)(?P<y2>\d{4})年")
_PLAN_YEAR = re.compile(r"(?<!\d)(?P<y>\d{4})年")
_PLAN_THIS_YEAR = re.compile(r"今年|本年|当年")


def plan_years(title: str, year: int | None) -> tuple[int, int] | None:
    """The years a document is a plan for, read from its title: one year it names (关于印发2026年工作要点的通知 →
    2026, 2026), a span (2024-2026年 → 2024, 2026), or 今年/本年 (its ``year``); None when the title names no year or
    several apart (2025年总结和2026年要点): a standing mechanism, its recurring duties without end."""
    norm = _normalise(title)
    if m := _PLAN_RANGE.search(norm):
        first, last = int(m["y1"]), int(m["y2"])
        return (first, last) if first <= last else None
    named = {int(y) for y in _PLAN_YEAR.findall(norm)}
    if len(named) == 1:
        y = named.pop()
        return y, y
    if not named and year and _PLAN_THIS_YEAR.search(norm):
        return year, year
    return None


def _owed_from(year: int, issued: date | None) -> date:
    """The first day a duty recurring within ``year`` is owed from: the document's date when it falls in that year
    (a notice issued on 8 October owes no report for January), else 1 January."""
    return issued if issued is not None and issued.year == year else date(year, 1, 1)


def _recurring(m: re.Match, norm: str, year: int, issued: date | None = None,
               plan: tuple[int, int] | None = None) -> Interval:
    """A recurring duty is owed from the document's date on (the period holding it is the first: graph/recurrence's
    ``first_period``; without a date, from 1 January of its year), and ends with the year the text bounds it to
    (2024年每季度, 全年每月) or with the last year of the plan it is in (``plan``: a 2026年工作要点's 每季度 is not
    owed in 2027), unless its phrase says it goes on (长期, 持续: no end) or until when (至2027年底: that year's
    end). Otherwise it has no end."""
    period = _PERIODS[m["period"] or m["by_period"]]
    rest = norm[m.end():]
    day, month = _due_on(period, rest)
    if m["scope"]:
        y = _year_of(m, year)
        return Interval(_owed_from(y, issued), date(y, 12, 31), False, period, day, month)
    start = issued or date(year, 1, 1)
    if plan is not None and start.year < plan[0]:  # a plan for 2027 issued in December 2026 owes from January
        start = date(plan[0], 1, 1)
    if until := _UNTIL.search(rest):
        last = int(until["y"])
    elif _GOES_ON.search(rest) or plan is None:
        return Interval(start, None, True, period, day, month)
    else:
        last = plan[1]
    if last < start.year:
        return Interval(start, None, True, period, day, month)
    return Interval(start, date(last, 12, 31), False, period, day, month)


_FORMS: tuple[tuple[re.Pattern, Callable[[re.Match, int], Interval]], ...] = (
    (_ISO_RE, _iso), (_YEAR_RANGE_RE, _year_range), (_RANGE_RE, _range), (_QUARTER_RANGE_RE, _quarter_range),
    (_DAY_RE, _day), (_MONTH_RE, _month), (_QUARTER_RE, _quarter), (_HALF_RE, _half), (_YEAR_RE, _whole_year),
    (_FROM_RE, _from), (_BARE_YEAR_RE, _bare_year),
)


# Dates said relative to the document: 次年/明年 is the year after its year; 本月/当月 is the month it is dated in,
# known only when the document prints its date. A count of days (14个工作日内, 30日内) runs from an event the
# text does not date, so it never resolves: the parser keeps its text and reports it; so does a bare count of days
# as the whole phrase (整改时限:3天), never a bare 30日, which may be a date.
_NEXT_YEAR = re.compile(r"(?:次|明|翌|下一?)年度?")
_THIS_MONTH = re.compile(r"(?:本|当)月(?=底|末|内|前|以前|之前|份)")
_DAYS_WITHIN = re.compile(r"\d{1,3}个?(?:工作日|自然日|日|天)(?:内|之内|以内)|^\d{1,3}个?(?:工作日|自然日|天)$")


def _dated(norm: str, year: int, issued: date | None) -> str:
    """The phrase with its relative year or month written out (次年3月底前 → 2025年3月底前 in a 2024 document)."""
    if _NEXT_YEAR.match(norm):
        norm = _NEXT_YEAR.sub(f"{year + 1}年", norm, count=1)
    if issued is not None and _THIS_MONTH.search(norm):
        norm = _THIS_MONTH.sub(f"{issued.year}年{issued.month}月", norm, count=1)
    return norm


def relative_form(text: str) -> str:
    """Why a deadline phrase cannot be dated without more than the text: '' when it can."""
    norm = _normalise(text)
    if _DAYS_WITHIN.search(norm):
        return "it counts days from an event the document does not date"
    if _THIS_MONTH.search(norm):
        return "it names the month of a document that prints no date"
    return ""


def resolve_deadline(text: str, year: int, issued: date | None = None,
                     plan: tuple[int, int] | None = None) -> Interval | None:
    """The interval a deadline phrase means, an explicit year winning over ``year`` (but a 'by' form starts at
    ``year``'s start unless it ends before that year); None for unknown forms, for text that is more than a
    framed date (a note), and for impossible dates (2023年2月29日), so the parser can warn instead of guessing.
    Relative years and months (次年, 本月底前) are dated from ``year`` and the document's date ``issued``; a
    recurring duty is owed from ``issued`` and ends with the ``plan`` the document is (``plan_years``)."""
    norm = _dated(_normalise(text), year, issued)
    if m := _FROM_RECURRING_RE.fullmatch(norm):
        return _from_recurring(m, year, plan)
    if (m := _RECURRING_RE.match(norm)) and len(norm) - len(m["scope"] or "") <= _OPEN_MAX_LEN:
        return _recurring(m, norm, year, issued, plan)
    for pattern, build in _FORMS:
        if m := pattern.fullmatch(norm):
            try:
                return build(m, year)
            except ValueError:
                return None
    if _OPEN_RE.match(norm) and len(norm) <= _OPEN_MAX_LEN:
        return _open(norm, year)
    return None


_PHRASE_ENDS = "底末前月度年旬"
_MAX_TRAILING = 30


def resolve_leading_deadline(text: str, year: int, issued: date | None = None,
                             plan: tuple[int, int] | None = None) -> Interval | None:
    """A deadline phrase with words after its date (6月底取得阶段性成效并持续推进): the interval of the longest
    start that is a deadline ending like one (底, 前, 月 …), when the words after it hold no other number."""
    for cut in range(len(text) - 1, 0, -1):
        rest = text[cut:]
        if len(rest) > _MAX_TRAILING or re.search(r"[0-9０-９]", rest):
            return None
        if text[cut - 1] in _PHRASE_ENDS and (interval := resolve_deadline(text[:cut], year, issued, plan)) is not None:
            return None if _BY_ANOTHER_TIME.match(rest) else interval
    return None


_LOOKS_LIKE = re.compile(r"\s*(?:力争|确保|于|在|到|自|从)?(?:[0-9０-９]|[〇一二三四五六七八九十]{1,2}(?:月|季度)|第[一二三四1-4]季度"
                         r"|[一二三四]季度|今年|本年|年底|年内|年末|全年|上半年|下半年|长期|持续|常态|每)")


def looks_like_deadline(text: str) -> bool:
    """How a deadline phrase starts (a date, 年底, 长期, 每季度): a clause of an attribution so begun is read as
    its deadline, not as units."""
    return _LOOKS_LIKE.match(text) is not None


# -- finding due dates in task text ----------------------------------------------------------------------
_S = r"[ \t\u3000]*"
_DIG = "0-9０-９"
_CN = "〇零一二两三四五六七八九十"
_F_YEAR = (rf"(?:[{_DIG}]{{4}}|[〇零一二三四五六七八九]{{4}}|民{_S}[國国]{_S}[{_DIG}]{{1,3}}"
           rf"|(?<![{_DIG}])1[0-4][{_DIG}](?={_S}年{_S}(?:度{_S})?(?:[{_DIG}]|[底末一二三四五六七八九十]))){_S}年")
_F_NUM = rf"(?:[{_DIG}]{{1,2}}|[一二三四五六七八九十]{{1,3}})"
_F_MONTH = (rf"(?:{_F_YEAR}{_S})?{_F_NUM}{_S}月(?:{_S}份)?"
            rf"(?:{_S}(?:{_F_NUM}{_S}(?:[日号](?:{_S}{_TIME_OF_DAY})?|(?=之前|以前|前))|底|末|初|[上中下]旬))?")
_F_QUARTER = rf"(?:{_F_YEAR}{_S})?第?(?:[1-4１-４]|[一二三四]){_S}季度(?:{_S}[末底])?"
_F_HALF = rf"(?:{_F_YEAR}{_S})?(?:上半年|下半年|年中)"
# not 三年内, 每年底, 半年内, 上年底, 去年底, 近年内 (another year, or a count of years); 次年内 is no form read
_F_BARE_YEAR = rf"(?<![{_DIG}{_CN}几多每半上去近数次明翌])(?:[今本当]{_S}(?:年{_S})?)?年{_S}(?:度{_S})?"
_F_YEAR_END = rf"(?:{_F_YEAR}{_S}(?:[年度]{_S})?|{_F_BARE_YEAR})[底末]"
_F_WITHIN_YEAR = rf"(?:{_F_YEAR}{_S}(?:度{_S})?|{_F_BARE_YEAR})内"
# 年内 opening its clause, or after a word of aim (年内新增…, 力争年内建成, 确保本年度内完工) is the clause's time: the
# year's end, as 年底前 is; after another word it qualifies a noun (梳理年内在建项目) and is no deadline.
_F_OPENS = (r"(?:(?<![^,，。;；:：、 \t\u3000\n(（【])|(?<=力争)|(?<=确保)|(?<=争取)|(?<=计划)|(?<=预计)|(?<=并)|(?<=于)"
            r"|(?<=在)|(?<=要)|(?<=须)|(?<=将))")
_F_BY = r"(?:之前|以前|前(?![期列沿端瞻置提景台茅后0-9０-９一二三四五六七八九十百千万]))"
# Words after a date that name a time within it, "by" it (2027年春节前, 2026年汛期前, 2026年国庆节前完成): the date is
# not the deadline; a whole year for 2027年春节前 called the duty on time until the end of 2027. Said unresolved.
_BY_ANOTHER_TIME = re.compile(rf"[^,，。;；、]{{1,4}}?{_F_BY}")
_F_RELATIVE = (rf"(?:(?:次|明|翌)年{_S}(?:{_F_NUM}{_S}月(?:{_S}(?:底|末|份))?|[底末])"
               rf"|(?:本|当)月{_S}(?:[底末]{_S})?(?={_F_BY}))")
_LEAP_YEAR = 2000
_FIND_RE = re.compile(
    rf"(?<![{_DIG}])(?:{_F_RELATIVE}(?:{_S}{_F_BY})?|{_F_YEAR_END}(?:{_S}{_F_BY})?"
    rf"|(?:{_F_MONTH}|{_F_QUARTER}|{_F_HALF}|{_F_WITHIN_YEAR})(?:{_S}{_F_BY}|(?={_S}完成))"
    rf"|{_F_YEAR}(?:{_S}{_F_BY})?(?={_S}完成)"
    rf"|{_F_OPENS}{_F_WITHIN_YEAR}(?![{_DIG}{_CN}]|{_S}[,，、]?{_S}(?:每|按)))"  # 年内,每月…: the recurring duty's year
)


def find_deadlines(text: str) -> list[tuple[int, int]]:
    """Offsets of due-date phrases (2022年10月底前, 年底前, 6月底前, 上半年完成) in task text.

    A date alone is not a deadline (2023年获奖励企业, 2024年…突破5000家): the phrase must end in 前/之前/以前,
    be followed by 完成, or be a 年底/年末 form. A bare year needs 完成 (2025年前完成), since 2015年以前建成
    looks back, not ahead. The span covers the date and its 前, not the 完成. Impossible dates (13月底前) are
    left out; checking them against a leap year keeps 2月29日前, whose year the caller knows.
    """
    spans = ((m.start(), m.end()) for m in _FIND_RE.finditer(text))
    dated = date(_LEAP_YEAR, 1, 1)  # any date: the form is what counts here
    found = [(s, e) for s, e in spans if resolve_deadline(text[s:e], _LEAP_YEAR, dated) is not None]
    if found and "年" in text:  # 每年3月31日前报送 is a yearly duty's day (``find_recurring`` reads it), not one date
        recurring = find_recurring(text)
        found = [(s, e) for s, e in found if not any(rs <= s and e <= re_ for rs, re_ in recurring)]
    return found


# A recurring duty written in the task's text (每月开展一次专项检查, 按季度通报进展, 每月10日前报送台账): a period
# before a verb of recurring work, or before a day of the period and a verb. A period before any other word is a
# target or an amount (每月新增就业1000人, 人均每月补贴500元), no deadline.
_F_PERIOD = r"(?:每个?(?:半年|季度?|月|周|旬|年度?)|按(?:半年|季度?|月|周|旬|年(?!度)))"
_RECURRING_WORK = ("开展|组织|召开|调度|通报|报送|上报|报告|统计|分析|研判|评估|检查|巡查|督查|督导|督办|核查|排查|抽查"
                   "|更新|发布|公布|公示|汇总|会商|监测|梳理|盘点|走访|考核|进行|举办|推送|提交|反馈|复核|跟踪|对接"
                   "|报(?=[市县区省镇乡])")  # 报市政府督查室: sent to a body
# …unless the verb heads a noun phrase that is the clause's subject (每月统计数据要准确及时: statistics, not a duty
# to count each month), said by a modal right after the noun.
_WORK_AS_SUBJECT = r"(?:数据|工作|结果|信息|情况|报表|资料|台账)(?:要|应|须|必须|需)"
# A week's duty may name its weekday (每周五调度, 每周一前报送).
_F_WEEKDAY = rf"(?<=周){_S}[一二三四五六日天1-7１-７](?:{_S}{_F_BY})?"
# A short bracket may stand between the period and the work, saying who keeps another period (每季度(省级开发区每月)
# 举办创意会): the period before it is the duty's.
_F_ASIDE = rf"(?:{_S}\([^()]{{1,16}}\))?"
# …or some days after each period (每季度结束后10日内报送, 每月结束后5个工作日内上报, 每个季度第1个月的20日前): ``_due_day``
# reads them. What is sent may stand before the verb (每月28日前将进展情况报送…, 每季度首月10日前,将…报…).
_F_AFTER = rf"{_S}(?:结束后|末后|首月|次月|第{_S}[1一]{_S}个?{_S}月{_S}的?){_S}{_F_NUM}{_S}个?{_S}(?:工作日|日|天){_S}(?:内|{_F_BY})"
# A year's duty may name its month, or a day of it (每年6月底前报送, 每年3月开展): ``_due_on`` reads them.
_F_YEAR_MONTH = rf"(?:(?<=年)|(?<=年度)){_S}{_F_NUM}{_S}月(?:{_S}份)?(?:{_S}{_F_NUM}{_S}[日号]|{_S}[底末])?(?:{_S}{_F_BY})?"
_FIND_RECURRING_RE = re.compile(
    rf"(?<![均计])(?:(?:{_F_YEAR}|全年|年内){_S})?{_F_PERIOD}"
    rf"(?:{_F_WEEKDAY}|{_F_YEAR_MONTH}|{_S}{_F_NUM}{_S}[日号]{_S}{_F_BY}|{_F_AFTER})?"
    rf"(?={_F_ASIDE}{_S}[,，]?{_S}(?:(?:至少|定期|集中|分别)?{_S}(?:向|对)[^,，。；;:：]{{1,15}}?"
    rf"|(?:将|把)[^,，。；;:：]{{1,30}}?)?(?:至少|定期|集中|分别)?{_S}"
    rf"(?:{_RECURRING_WORK})(?!{_S}{_WORK_AS_SUBJECT}))")


# What a clause counts after its period: times (一次, 1次, 2期) say how often; any other number is how much, a target
# (每年开展培训5万人次以上).
_TIMES = re.compile(rf"[{_DIG}{_CN}]+{_S}(?:次|期|轮|场|批)(?!人)")
_CLAUSE_END = re.compile(r"[,，。;；\n]")


def find_recurring(text: str) -> list[tuple[int, int]]:
    """Offsets of recurring duties (每月, 按季度, 每月10日前, 每周五) in task text: the period, and its day, before a verb of
    recurring work (开展, 通报, 调度, 报送 …), a 向…/对… between them allowed (每季度向市政府报送), in a clause that
    counts nothing but times. Read only where no dated deadline is printed: a date says when the work is due, a
    period only how often."""
    found = []
    for m in _FIND_RECURRING_RE.finditer(text):
        clause = text[m.end() : (end.start() if (end := _CLAUSE_END.search(text, m.end())) else len(text))]
        if re.search(f"[{_DIG}]", _TIMES.sub("", clause)) is None \
                and resolve_deadline(m.group(), _LEAP_YEAR) is not None:
            found.append((m.start(), m.end()))
    return found


# A rectification notice dates every problem it lists once, in its body: 请…立即整改,并于5月20日前将问题整改完成;
# 上述责任单位…务必于4月19日前整改完毕.
_FOR_EVERY_PROBLEM = re.compile(rf"{_S}(?:将|把)?(?:存在的|上述|全部|所有)?(?:问题)?整改(?:完成|完毕|到位)")
_RECTIFIED = re.compile(r"整改(?:完成|完毕|到位)")
_DATE_REACH = 30  # how far before 整改完成 its date may stand


def deadline_for_every_problem(text: str) -> tuple[int, int] | None:
    """The one due-date phrase a rectification notice gives every problem it lists (…前将问题整改完成), or
    None when it gives none or several (each problem then has its own, or none). Looked for only before a
    整改完成, so a long text is not searched through."""
    found = set()
    for done in _RECTIFIED.finditer(text):
        start = max(0, done.start() - _DATE_REACH)
        for s, e in find_deadlines(text[start : done.start()]):
            if (m := _FOR_EVERY_PROBLEM.match(text, start + e)) and m.end() == done.end():
                found.add((start + s, start + e))
    return found.pop() if len(found) == 1 else None

