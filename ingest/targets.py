"""Quantitative targets in goal and task text: 新增全国重点实验室2家以上 → metric, value, unit, comparator.

A quantity (a number and a unit) is a target when something says what kind of bound it is: a comparator
(以上, 左右, 突破, 不低于, 达到, a range 1至2个), a growth verb (增长, 提高, or a metric that is a 增速) or a
creating verb before the metric (新增, 新建, 新培育, 开展 …). A bare count (126家培育企业) and a date (2024年)
are not targets. The metric is the phrase before the number in the same clause, with leading fillers (其中,
力争, dates) and the trailing verb (同比增长, 达到) taken off. Two rules carry a shared part across a clause:
占全部投资比重 takes the subject of the target before it, and 、国家能效水效“领跑者”企业4家以上 takes the 新增
of the list it continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Span, Target

_UNITS = sorted(
    "个百分点 百分点 % ％ 万亿元 亿元 万元 千元 元 万家 家 万个 个 场次 人次 场 项 座 台 套 万人 人 万户 户 所 条 件 "
    "万吨 吨 万平方米 平方米 万亩 亩 公里 千米 万千瓦 千瓦 兆瓦 倍".split(),
    key=len,
    reverse=True,
)
_UNIT = "|".join(map(re.escape, _UNITS))
_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?<![\d.])(?P<value>{_NUMBER})(?:(?:{_UNIT})?\s*(?:至|到|~|～|－|—|-)\s*(?P<value_max>{_NUMBER}))?"
    rf"\s*(?P<unit>{_UNIT})(?P<after>以上|以下|以内|左右|上下)?"
)
_BOUNDARIES = frozenset("，,。；;：:！？!?\n")
_SENTENCE_ENDS = frozenset("。；;！？!?\n")
_LEADING = re.compile(
    r"(?:[、，,\s\xa0]|其中|力争|确保|对|且|并|跟踪推进|滚动推进|推动|推进|支持|加快|实现|指导|遴选|"
    r"\d{4}年度?|\d{1,2}月(?:底|前)?)+"
)
_TRAILING = re.compile(
    r"(?:分别)?(?:同比)?(?P<growth>增长|提高|提升|增加)?(?:分别|保持在|稳定在|保持)?"
    r"(?P<before>不低于|不少于|不小于|至少|不超过|不高于|控制在|突破|超过|高于|大于|多于|低于|小于|达到)?"
    r"(?:全省|全国|全市)?(?:平均水平)?$"
)
_CREATING = re.compile(
    r"(?:全年|年内|今年)?(?:新增|新建|新培育|新认定|新引进|新招引|新上线|培育|认定|引进|建成|建设|创建|开展|举办|发布)"
)
_CARRIED = re.compile(r"新增|新建|新培育|新认定|新引进|新招引|新上线")
_VERB_START = re.compile(
    r"(?:全年|年内|今年)?(?:新|培育|认定|引进|建|创建|开展|举办|发布|带动|推动|实现|完成|入选|争创|打造)"
)
_GROWTH_METRIC = re.compile(r"(?:增速|增幅|增长率)$")
_AFTER_NOUN = re.compile(r"[^，,。；;：:！？!?\n、\d]{1,30}")
_AFTER = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~", "上下": "~"}
_BEFORE = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=",
    "不超过": "<=", "不高于": "<=", "控制在": "<=",
    "突破": ">", "超过": ">", "高于": ">", "大于": ">", "多于": ">",
    "低于": "<", "小于": "<", "达到": "=",
}  # fmt: skip


@dataclass(frozen=True)
class _Found:
    target: Target
    end: int  # in the text given to extract_targets, without the offset


def extract_targets(text: str, offset: int = 0) -> list[Target]:
    """Every quantitative target in ``text``, in order; spans are shifted by ``offset``."""
    found: list[_Found] = []
    floor = 0
    for quantity in _QUANTITY.finditer(text):
        previous = found[-1] if found else None
        hit = _target(text, quantity, _clause_start(text, floor, quantity.start()), previous, offset)
        if hit is not None:
            found.append(hit)
        floor = quantity.end()
    return [f.target for f in found]


def _clause_start(text: str, floor: int, position: int) -> int:
    """Where the clause holding a quantity begins: after the last boundary, or after the quantity before it."""
    start = position
    while start > floor and text[start - 1] not in _BOUNDARIES:
        start -= 1
    return start


def _target(
    text: str, quantity: re.Match[str], clause: int, previous: _Found | None, offset: int
) -> _Found | None:
    lead = _LEADING.match(text, clause, quantity.start())
    start = lead.end() if lead else clause
    head = text[start : quantity.start()]
    tail = _TRAILING.search(head)
    metric, growth_verb, before = head[: tail.start()], tail["growth"], tail["before"]
    creating = _CREATING.match(metric)
    end = quantity.end()
    if not metric or (creating is not None and creating.end() == len(metric)):
        after = _AFTER_NOUN.match(text, end)
        if after is not None:
            metric, end = metric + after.group(), after.end()
    growth = bool(growth_verb) or bool(_GROWTH_METRIC.search(metric))
    comparator = _comparator(quantity, before, growth or creating is not None)
    if comparator is None or not metric:
        return None
    metric = _carried(text, metric, start, previous)
    value_max = quantity["value_max"]
    target = Target(
        metric=metric,
        value=float(quantity["value"]),
        value_max=float(value_max) if value_max else None,
        unit=_unit(quantity["unit"]),
        comparator=comparator,
        growth=growth,
        text=text[start:end],
        span=Span(start + offset, end + offset),
    )
    return _Found(target, end)


def _comparator(quantity: re.Match[str], before: str | None, verb: bool) -> str | None:
    if quantity["value_max"]:
        return "range"
    if quantity["after"]:
        return _AFTER[quantity["after"]]
    if before:
        return _BEFORE[before]
    return "=" if verb else None


def _unit(unit: str) -> str:
    return {"％": "%", "百分点": "个百分点"}.get(unit, unit)


def _carried(text: str, metric: str, start: int, previous: _Found | None) -> str:
    """占…比重 names the share of the subject before it; a list item after 、 keeps the list's 新增."""
    if previous is None or any(c in _SENTENCE_ENDS for c in text[previous.end : start]):
        return metric
    before = previous.target.metric
    if metric.startswith("占"):
        return before.split("占")[0] + metric
    carried = _CARRIED.match(before)
    if carried is not None and not _VERB_START.match(metric):
        return carried.group() + metric
    return metric
