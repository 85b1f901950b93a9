"""Chinese or English question → QuerySpec: units and roles, a deadline window, scope, and the answer's shape.

Rules, not a model: each recogniser takes what it understands out of the question and says so in words, so
the reading is shown with every answer and a wrong reading is visible. What is left over is reported.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ingest.normalize import normalize_width

from .lexicon import Lexicon

ROLES = ("lead", "responsible", "cooperating")
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)}
MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}


@dataclass(frozen=True)
class UnitGroup:
    """A unit the question names and the collectives that carry its duties (即墨区 → 各区(市))."""

    name: str
    surface: str
    via: tuple[str, ...] = ()
    place: str | None = None  # the unit's place; None: any place holding the name
    ids: tuple[str, ...] = ()  # graph ids of the unit and its collectives, when the place is known

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.via)


@dataclass(frozen=True)
class QuerySpec:
    units: tuple[UnitGroup, ...] = ()
    roles: tuple[str, ...] = ()  # empty: any role
    any_unit: bool = False  # "A or B" instead of "A and B"
    due_from: date | None = None  # inclusive bounds on due_end
    due_to: date | None = None
    due_month: int | None = None  # month of due_end, in each document's own year
    due_year: int | None = None
    open_ended: bool = False
    action_seq: int | None = None
    action_name: str | None = None
    task_label: str | None = None
    document_id: str | None = None
    concepts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, names found in text)
    keywords: tuple[str, ...] = ()
    shape: str = "list"  # list, count, by_unit
    everything: bool = False  # "all assignments" was asked for explicitly
    reading: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language: str = "zh"

    @property
    def has_filter(self) -> bool:
        return bool(self.units or self.due_from or self.due_to or self.due_month or self.open_ended
                     or self.action_seq or self.action_name or self.task_label or self.concepts or self.keywords
                    or self.document_id)


@dataclass
class _State:
    text: str  # normalised question; recognised parts are blanked out as we go
    lang: str
    spec: dict = field(default_factory=dict)
    reading: list[str] = field(default_factory=list)

    def take(self, start: int, end: int) -> None:
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def say(self, zh: str, en: str) -> None:
        self.reading.append(zh if self.lang == "zh" else en)


def language(question: str) -> str:
    return "en" if len(re.findall(r"[A-Za-z]{2,}", question)) >= 2 else "zh"


def parse_question(question: str, lexicon: Lexicon, today: date, default_year: int | None = None) -> QuerySpec:
    state = _State(normalize_width(question).replace("？", "?"), language(question))
    _names(state, lexicon)
    _scope(state)
    _time(state, today, default_year)
    _keywords(state)
    _roles(state)
    _shape(state)
    unread = _leftover(state)
    return QuerySpec(**state.spec, reading=tuple(state.reading), unread=unread, language=state.lang)


# -- names: units, concepts, actions, task labels ------------------------------------------------------------
_UNIT_SHAPE = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:局|委|办|厅|部|中心|专班|分行|政府|管委会)")


def _names(state: _State, lexicon: Lexicon) -> None:
    units, concepts = [], []
    for m in lexicon.find(state.text):
        if m.kind == "unit":
            via = tuple(c for c in lexicon.collectives.get(m.value, []) if c != m.value)
            units.append(UnitGroup(m.value, m.surface, via))
            alias = "" if m.surface == m.value else f" ({m.surface})"
            through = f"; {'经由' if state.lang == 'zh' else 'through'} {'、'.join(via)}" if via else ""
            state.say(f"单位:{m.value}{alias}{through}", f"unit: {m.value}{alias}{through}")
        elif m.kind == "concept":
            concepts.append(m.value)
            state.say(f"产业/关键词:{m.value[0]}", f"industry: {m.value[0]}")
        elif m.kind == "document":
            state.spec["document_id"] = m.value[0]
            state.say(f"文件:{m.value[1]}", f"document: {m.value[1]}")
        elif m.kind == "action":
            state.spec["action_name"] = m.value[1]
            state.say(f"行动:{m.value[1]}", f"action: {m.value[1]}")
        else:
            state.spec["task_label"] = m.value
            state.say(f"部分:{m.value}", f"section: {m.value}")
        state.take(m.start, m.end)
    units += _fuzzy_units(state, lexicon)
    units = _placed(state, lexicon, units)
    if units:
        state.spec["units"] = tuple(dict.fromkeys(units))
    if concepts:
        state.spec["concepts"] = tuple(concepts)
    if re.search(r"或者|或|\bor\b|\beither\b", state.text, flags=re.IGNORECASE):
        state.spec["any_unit"] = True


def _placed(state: _State, lexicon: Lexicon, units: list[UnitGroup]) -> list[UnitGroup]:
    """Each unit inside its place: the place the question names, the scope's (a document or the caller's
    jurisdiction), or the one place holding it; a name several places hold is asked about, not merged."""
    scope = lexicon.document_places.get(state.spec.get("document_id") or "", ())
    out, ambiguous = [], list(state.spec.get("ambiguous", ()))
    for group in units:
        place, alternatives = lexicon.place_of(group.surface, group.name, scope)
        if alternatives:
            ambiguous.append((group.surface, alternatives))
            state.say(f"单位:{group.surface}有多个地方", f"unit: {group.surface} is in several places")
            continue
        if place is None:
            out.append(group)
            continue
        ids, via = lexicon.unit_ids(group.name, place)
        out.append(replace(group, place=place, ids=ids, via=via or group.via))
        if lexicon.several_places:
            state.say(f"地方:{place or '全国'}", f"place: {place or 'national'}")
    if ambiguous:
        state.spec["ambiguous"] = tuple(ambiguous)
    return out


def _fuzzy_units(state: _State, lexicon: Lexicon) -> list[UnitGroup]:
    """Unit-shaped words the lexicon does not know exactly: one candidate resolves, several are reported."""
    found, ambiguous = [], []
    for m in list(_UNIT_SHAPE.finditer(state.text)):
        fragment = re.sub(r"^(?:由|是|的|和|与|及|请问|哪些|什么)+", "", m.group(0))
        candidates = lexicon.fuzzy_units(fragment)
        if len(candidates) == 1:
            found.append(UnitGroup(candidates[0], fragment, tuple(lexicon.collectives.get(candidates[0], []))))
            state.say(f"单位:{candidates[0]}(由“{fragment}”推断)", f"unit: {candidates[0]} (from '{fragment}')")
            state.take(m.start(), m.end())
        elif candidates:
            ambiguous.append((fragment, tuple(candidates[:8])))
            state.take(m.start(), m.end())
    if ambiguous:
        state.spec["ambiguous"] = tuple(ambiguous)
    return found


# -- roles ---------------------------------------------------------------------------------------------------
_NOT_ROLE = re.compile(r"\(?\s*(?:not|rather than|instead of)\s+(?:as\s+)?(?:the\s+)?(lead|responsible|cooperat\w*)"
                       r"(?:\s+unit)?\s*\)?|非(牵头|责任|配合)|不是(牵头|责任|配合)", re.IGNORECASE)
_ROLE_WORDS = (
    ("any", r"涉及|所有|全部|哪些方面|任何角色|any role|involved|involving|accountable|in any role|participat\w*"),
    ("lead", r"牵头|主责|\blead(?:s|ing)?\b|\bled\b|in charge|heads?\b"),
    ("responsible", r"责任单位|责任部门|负责|责任|responsib\w*"),
    ("cooperating", r"配合|参与|协助|协同|cooperat\w*|support\w*|assist\w*|supporting"),
)
_ROLE_NAMES = {"lead": ("牵头", "lead"), "responsible": ("责任", "responsible"),
               "cooperating": ("配合", "cooperating")}


def _roles(state: _State) -> None:
    excluded = set()
    for m in _NOT_ROLE.finditer(state.text):
        word = next(g for g in m.groups() if g)
        excluded.add(_role_of(word))
        state.take(m.start(), m.end())
    found: list[str] = []
    for role, pattern in _ROLE_WORDS:
        for m in re.finditer(pattern, state.text, flags=re.IGNORECASE):
            found.append(role)
            state.take(m.start(), m.end())
    if "any" in found or not found or not state.spec.get("units"):
        roles: tuple[str, ...] = ()
    else:
        roles = tuple(r for r in ROLES if r in found and r not in excluded)
    if state.spec.get("units"):
        if roles:
            names = "、".join(_ROLE_NAMES[r][0] for r in roles) if state.lang == "zh" else \
                ", ".join(_ROLE_NAMES[r][1] for r in roles)
            state.say(f"角色:{names}", f"role: {names}")
        else:
            state.say("角色:任意(牵头、责任、配合)", "role: any (lead, responsible, cooperating)")
    state.spec["roles"] = roles


def _role_of(word: str) -> str:
    word = word.lower()
    if word.startswith("lead") or word == "牵头":
        return "lead"
    if word.startswith("respons") or word == "责任":
        return "responsible"
    return "cooperating"


# -- scope: action number, task number, everything -----------------------------------------------------------
_CN_NUM = "一二三四五六七八九十"
_ACTION_RE = re.compile(
    rf"第\s*([{_CN_NUM}\d]{{1,3}})\s*(?:项|个|大)?\s*行动|行动\s*([{_CN_NUM}\d]{{1,3}})"
    rf"|\baction\s*(?:no\.?|number|#)?\s*(\d{{1,2}})\b|\(([{_CN_NUM}]{{1,3}})\)", re.IGNORECASE)
_TASK_RE = re.compile(
    rf"任务\s*(\d{{1,3}})(?!\d)|第\s*(\d{{1,3}}|[{_CN_NUM}]{{1,3}})\s*(?:项|个)?\s*任务|第\s*(\d{{1,3}})\s*条"
    rf"|\btask\s*(?:no\.?|number|#)?\s*(\d{{1,3}})\b",
    re.IGNORECASE)
_ALL_RE = re.compile(r"这份文件|本文件|全部|所有分工|一共|总共|in total|altogether|this document|all (?:the )?"
                     r"(?:tasks|assignments|clauses)", re.IGNORECASE)


def cn_to_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text, 0)


def _scope(state: _State) -> None:
    if m := _ACTION_RE.search(state.text):
        seq = cn_to_int(next(g for g in m.groups() if g))
        if seq and "action_name" not in state.spec:
            state.spec["action_seq"] = seq
            state.say(f"行动:第{seq}项", f"action: {seq}")
        state.take(m.start(), m.end())
    for m in _TASK_RE.finditer(state.text):
        raw = next(g for g in m.groups() if g)
        if "月" in state.text[m.end() : m.end() + 1]:
            continue  # 第9月 is a month, not a task
        label = str(cn_to_int(raw))
        state.spec["task_label"] = label
        state.say(f"任务:{label}", f"task: {label}")
        state.take(m.start(), m.end())
        break
    if m := _ALL_RE.search(state.text):
        state.spec["everything"] = True
        state.take(m.start(), m.end())


# -- time --------------------------------------------------------------------------------------------------
_MONTH_ZH = re.compile(rf"(?:(20\d\d)\s*年\s*)?(\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月(份)?(?!\d*日)")
_MONTH_EN = re.compile(r"\b(" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")\b\.?(?:\s+(20\d\d))?",
                       re.IGNORECASE)
_DATE_RE = re.compile(r"(20\d\d)\s*(?:-|/|年)\s*(\d{1,2})\s*(?:-|/|月)\s*(\d{1,2})\s*日?")
_QUARTER_RE = re.compile(rf"第?([{_CN_NUM[:4]}1-4])\s*季度|\bQ([1-4])\b|\b(first|second|third|fourth)\s+quarter\b",
                         re.IGNORECASE)
_HALF_RE = re.compile(r"(上|下)半年|\bH([12])\b|\b(first|second)\s+half\b", re.IGNORECASE)
_YEAR_END_RE = re.compile(r"年底|年末|year[- ]end|end of (?:the )?year", re.IGNORECASE)
_PRE_BY = re.compile(r"(?:\bby(?: the)?(?: end of)?|no later than|截至|截止到?|不晚于)\s*$", re.IGNORECASE)
_PRE_BEFORE = re.compile(r"(?:\bbefore|\bprior to)\s*$", re.IGNORECASE)
_PRE_AFTER = re.compile(r"(?:\bafter|later than)\s*$", re.IGNORECASE)
_POST_BY = re.compile(r"^\s*(?:底前|底之前|底以前|底)")
_POST_BEFORE = re.compile(r"^\s*(?:之前|以前|前)")
_POST_AFTER = re.compile(r"^\s*(?:以后|之后|后)")
_OPEN_RE = re.compile(r"长期|持续|open[- ]ended|ongoing|no deadline|没有期限", re.IGNORECASE)
_OVERDUE_RE = re.compile(r"逾期|超期|已过期|过期|overdue|past due|late\b", re.IGNORECASE)
_UPCOMING_RE = re.compile(r"即将到期|快到期|近期到期|upcoming|due soon|coming up|next 30 days", re.IGNORECASE)
_THIS_MONTH_RE = re.compile(r"本月|这个月|当月|this month", re.IGNORECASE)
_NEXT_MONTH_RE = re.compile(r"下个?月|next month", re.IGNORECASE)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _time(state: _State, today: date, default_year: int | None) -> None:
    year = default_year or today.year
    t = state.text
    if _relative(state, today):
        return
    window: tuple[date, date] | None = None
    label = ""
    if m := _DATE_RE.search(t):
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        window, label = (d, d), d.isoformat()
    elif m := _QUARTER_RE.search(t):
        q = _quarter(m)
        window, label = (date(year, 3 * q - 2, 1), _month_end(year, 3 * q)), f"Q{q}"
    elif m := _HALF_RE.search(t):
        first = (m.group(1) == "上") or m.group(2) == "1" or (m.group(3) or "").lower() == "first"
        window = (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
        label = "H1" if first else "H2"
    elif m := _YEAR_END_RE.search(t):
        _month_window(state, m, year, 12, None, t)
        return
    elif (m := _MONTH_ZH.search(t)) and cn_to_int(m.group(2)) in range(1, 13):
        _month_window(state, m, year, cn_to_int(m.group(2)), m.group(1), t)
        return
    elif m := _MONTH_EN.search(t):
        _month_window(state, m, year, MONTHS_EN[m.group(1).lower()], m.group(2), t)
        return
    elif m := _OPEN_RE.search(t):
        state.spec["open_ended"] = True
        state.say("期限:长期/持续(无截止日期)", "deadline: open-ended (no end date)")
        state.take(m.start(), m.end())
        return
    else:
        return
    _apply_window(state, m, window, label, t)


def _quarter(m: re.Match) -> int:
    raw = m.group(1) or m.group(2) or str(_ORDINAL[m.group(3).lower()])
    return cn_to_int(raw)


def _modifier(text: str, m: re.Match) -> tuple[str, tuple[int, int] | None]:
    """How the words right around a time expression bound it: by (its end), before (its start), after, or in;
    and where those words are in ``text``, so that they count as read."""
    pre_at, post_at = max(0, m.start() - 20), m.end()
    pre, post = text[pre_at : m.start()], text[post_at : post_at + 6]
    for kind, pattern, where in (("after", _POST_AFTER, "post"), ("by", _POST_BY, "post"),
                                 ("before", _POST_BEFORE, "post"), ("after", _PRE_AFTER, "pre"),
                                 ("by", _PRE_BY, "pre"), ("before", _PRE_BEFORE, "pre")):
        found = pattern.search(post if where == "post" else pre)
        if found:
            at = post_at if where == "post" else pre_at
            return kind, (at + found.start(), at + found.end())
    return "in", None


def _month_window(state: _State, m: re.Match, year: int, month: int, explicit_year, text: str) -> None:
    y = int(explicit_year) if explicit_year else None
    window = (date(y or year, month, 1), _month_end(y or year, month))
    if _modifier(text, m)[0] != "in":
        _apply_window(state, m, window, f"{y or year}-{month:02d}", text)
        return
    state.take(m.start(), m.end())
    state.spec["due_month"] = month
    if y:
        state.spec["due_year"] = y
    where = f"{y}年{month}月" if y else f"{month}月"
    state.say(f"期限:{where}到期(全年的任务按年底计)" if month == 12 else f"期限:{where}到期",
              f"deadline: due in {calendar.month_name[month]}{' ' + str(y) if y else ''}"
              + (" (全年 counts as year end)" if month == 12 else ""))


def _apply_window(state: _State, m: re.Match, window: tuple[date, date], label: str, text: str) -> None:
    start, end = window
    kind, words = _modifier(text, m)
    if words is not None:
        state.take(*words)
    if kind == "after":
        state.spec["due_from"] = end + timedelta(days=1)
        state.say(f"期限:{end.isoformat()}之后", f"deadline: after {end.isoformat()}")
    elif kind in ("by", "before"):
        state.spec["due_to"] = end if kind == "by" or start == end else start - timedelta(days=1)
        state.say(f"期限:不晚于{state.spec['due_to'].isoformat()}", f"deadline: by {state.spec['due_to'].isoformat()}")
    else:
        state.spec["due_from"], state.spec["due_to"] = start, end
        state.say(f"期限:{start.isoformat()}至{end.isoformat()}({label})",
                  f"deadline: between {start.isoformat()} and {end.isoformat()} ({label})")
    state.take(m.start(), m.end())


def _relative(state: _State, today: date) -> bool:
    t = state.text
    if m := _OVERDUE_RE.search(t):
        state.spec["due_to"] = today - timedelta(days=1)
        state.say(f"期限:已逾期(截止日早于{today.isoformat()})", f"deadline: overdue (before {today.isoformat()})")
    elif m := _UPCOMING_RE.search(t):
        state.spec["due_from"], state.spec["due_to"] = today, today + timedelta(days=30)
        state.say(f"期限:30天内到期(自{today.isoformat()})", f"deadline: due within 30 days of {today.isoformat()}")
    elif m := _THIS_MONTH_RE.search(t):
        state.spec["due_from"], state.spec["due_to"] = today.replace(day=1), _month_end(today.year, today.month)
        state.say(f"期限:本月({today:%Y-%m})", f"deadline: this month ({today:%Y-%m})")
    elif m := _NEXT_MONTH_RE.search(t):
        first = _month_end(today.year, today.month) + timedelta(days=1)
        state.spec["due_from"], state.spec["due_to"] = first, _month_end(first.year, first.month)
        state.say(f"期限:下月({first:%Y-%m})", f"deadline: next month ({first:%Y-%m})")
    else:
        return False
    state.take(m.start(), m.end())
    return True


# -- keywords ------------------------------------------------------------------------------------------------
_KEYWORD_ZH = re.compile(r"(?:涉及|关于|有关|包含|提到|提及|含有)\s*[“\"「]?([\w\u4e00-\u9fff+]{1,12}?)[”\"」]?"
                         r"(?=的|相关|方面|领域|\s|$|[?,，。])|([\w\u4e00-\u9fff+]{1,10}?)(?:相关|有关|方面)")
_KEYWORD_EN = re.compile(r"\b(?:mention(?:s|ing)?|about|concern(?:s|ing)?|containing|related to|regarding|on)\s+"
                         r"[\"']?([^\s?,.()\"']+)", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"「『']([^”\"」』']{1,20})[”\"」』']")
_TECH = re.compile(r"(?<![A-Za-z0-9])\d+G(?![A-Za-z0-9])")
_NOT_KEYWORD = re.compile(r"^(?:的|哪|什么|多少|几|the$|a$|an$|what$|which$|任务|工作|分工)", re.IGNORECASE)


def _keywords(state: _State) -> None:
    found = []
    for pattern in (_QUOTED, _KEYWORD_ZH, _KEYWORD_EN, _TECH):
        for m in pattern.finditer(state.text):
            word = next((g for g in m.groups() if g), m.group(0)) if m.groups() else m.group(0)
            word = word.strip()
            if not word or _NOT_KEYWORD.match(word) or not word.strip(" "):
                continue
            if re.fullmatch(r"[a-z]+", word) and word.lower() not in ("ai",):
                continue  # an English word we do not know is not evidence of a keyword in Chinese text
            found.append(word)
            state.take(m.start(), m.end())
    if found:
        state.spec["keywords"] = tuple(dict.fromkeys(found))
        state.say(f"关键词:{'、'.join(found)}", f"keyword: {', '.join(found)}")


# -- shape ---------------------------------------------------------------------------------------------------
_COUNT_RE = re.compile(r"多少|几项|几条|几个|几|数量|how many|number of|count", re.IGNORECASE)
_GROUP_RE = re.compile(r"按单位|各单位|每个单位|分单位|by unit|per unit|each unit|by department", re.IGNORECASE)


def _shape(state: _State) -> None:
    if m := _GROUP_RE.search(state.text):
        state.spec["shape"] = "by_unit"
        state.say("形式:按单位统计", "shape: counted by unit")
    elif m := _COUNT_RE.search(state.text):
        state.spec["shape"] = "count"
        state.say("形式:计数", "shape: count")
    else:
        return
    state.take(m.start(), m.end())


# -- leftovers -----------------------------------------------------------------------------------------------
_STOP = re.compile(
    r"哪些|哪个|哪项|什么|是谁|谁|有哪些|有|是|的|了|吗|呢|在|中|里|内|和|与|及|、|或|要|需要|完成|到期|截止|时限|期限|"
    r"任务|工作|分工|条|项|个|由|作为|单位|部门|列出|请|一共|分别|所有|包括|部分|中的|之中|这份|文件|"
    r"[?？!！,，。:：;；()（）\s]|\b(?:which|what|who|whom|is|are|was|does|do|did|the|a|an|of|in|to|for|by|"
    r"that|with|as|list|show|me|tasks?|clauses?|items?|assignments?|units?|due|deadline|must|be|finished|"
    r"completed|has|have|there|this|any|role|within|under|and|or|not|it|its|s|unit|bureau|department|"
    r"section|document|total|what's|everything|assigned|all|each)\b",
    re.IGNORECASE)


def _leftover(state: _State) -> tuple[str, ...]:
    rest = _STOP.sub(" ", state.text)
    return tuple(w for w in re.split(r"\s+", rest) if len(w) >= 2 and not re.fullmatch(r"[\W_]+", w))


def with_defaults(spec: QuerySpec, **changes) -> QuerySpec:
    return replace(spec, **changes)
