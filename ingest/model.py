"""The one hand-off model between ``ingest`` and ``graph``.

Every element is a frozen dataclass that keeps ``Span`` offsets into ``PolicyDocument.text``, the text as read
from the source (after decoding and HTML/Word/PDF text extraction, before any normalisation). Normalisation
(width, spaces, Traditional -> Simplified) happens on a copy; offsets are always mapped back, so
``doc.text[span.start:span.end]`` is exactly what the element claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

EXTRACTION_VERSION = "policykg-ingest/1"


class Role(StrEnum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"
    COOPERATING = "cooperating"


class UnitKind(StrEnum):
    PARTY_ORGAN = "party_organ"
    GOVERNMENT_DEPARTMENT = "government_department"
    AGENCY = "agency"  # central or provincial agency located in the city
    DISTRICT = "district"
    FUNCTIONAL_ZONE = "functional_zone"
    TASK_FORCE = "task_force"
    COLLECTIVE = "collective"
    ORGANISATION = "organisation"  # associations, enterprises, other bodies
    UNKNOWN = "unknown"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class ParseIssue:
    """Something that could not be parsed, with where it is: never silently dropped."""

    code: str  # unparsed-attribution, unknown-unit, unresolved-deadline, boilerplate, ...
    message: str
    span: Span | None
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity = Severity.WARNING

    def render(self, source: str) -> str:
        return f"{source}:{self.line}:{self.column}: {self.code}: {self.message}"

    @property
    def label(self) -> str:
        """The kind of problem in Chinese first, its code beside it (未知单位 unknown-unit), for people; scripts
        read ``code``."""
        zh = ISSUE_ZH.get(self.code)
        return f"{zh} {self.code}" if zh else self.code


ISSUE_ZH = {
    "unparsed-attribution": "未能解析的分工", "unclosed-bracket": "括号未闭合", "unknown-unit": "存疑单位",
    "units-not-in-gazetteer": "名录外单位", "not-a-unit": "非单位项", "guessed-attribution-key": "推断的分工关键词",
    "unresolved-deadline": "无法解析的期限", "relative-deadline": "相对期限未定日期", "unknown-year": "年份不明",
    "year-from-text": "年份取自正文",
    "task-without-attribution": "任务无分工",
    "attribution-without-unit": "分工无单位", "unparsed-table": "未能解析的表格",
    "unparsed-table-cell": "未能解析的表格单元", "invalid-bytes": "无效字节",
    "read-without-structure": "无任务结构的分工", "unread-attribution": "疑似分工未读出",
    "jurisdiction-differs": "所给地方与文件不符", "merged-item": "编号项并入他项",
    "shadowed-attribution": "分工句未读出", "collective-by-role": "按角色统称的单位",
    "unit-place-undecided": "单位所属地方不明", "no-attribution": "全文未找到分工", "city-unknown": "所属市不明",
    "stage-deadline": "阶段期限仅在正文",
}


@dataclass(frozen=True)
class IgnoredSpan:
    """Text kept out of the model on purpose, recorded so nothing is lost silently: web boilerplate (reasons
    from ingest.read.find_boilerplate) and a notice's closing block after its last task (reason ``closing``)."""

    reason: str
    span: Span


@dataclass(frozen=True)
class UnitMention:
    name: str  # canonical name, Simplified
    surface: str  # as printed in the source
    span: Span
    kind: UnitKind
    known: bool  # found in the gazetteer
    members: tuple[str, ...] = ()  # canonical member names for collectives
    place: str = ""  # the jurisdiction the unit belongs to (青岛市); "" for national bodies and unknown places


# Every value ``Deadline.recurring`` may take; the words that print them are ingest.deadlines's.
RECURRENCE_PERIODS = ("year", "half-year", "quarter", "month", "week", "xun")


@dataclass(frozen=True)
class Deadline:
    text: str  # as printed, without the whitespace a PDF put inside it (normalize.unspaced); span: the source
    span: Span
    start: date | None
    end: date | None  # None with open_ended
    open_ended: bool = False  # 长期, 持续推进, 2024年3月起: no end
    in_task_text: bool = False  # found in the governed text, not in the attribution
    # 每季度 → "quarter", 每月 → "month" (RECURRENCE_PERIODS): recurs with that period, not
    # open-ended; no end unless the text bounds it to a year (2024年每季度 ends on 31 December)
    recurring: str = ""
    # the day of each period it falls due on (每月10日前 → 10, 每周五 → 5); 0: the period's last day
    due_day: int = 0
    # the month of each year that day is in, when not January (每年6月底前 → 6, due_day 31); 0: January
    due_day_month: int = 0

    @property
    def year(self) -> int | None:
        return self.end.year if self.end else None

    @property
    def month(self) -> int | None:
        return self.end.month if self.end else None


@dataclass(frozen=True)
class Assignment:
    """One attribution and the text it governs."""

    seq: int  # 1-based within its task
    text_span: Span  # the governed text
    attribution_span: Span  # the attribution itself (bracket, line, or table cells)
    lead: tuple[UnitMention, ...] = ()
    responsible: tuple[UnitMention, ...] = ()
    cooperating: tuple[UnitMention, ...] = ()
    lead_open: bool = False  # list ended in 等
    responsible_open: bool = False
    cooperating_open: bool = False
    leaders: tuple[str, ...] = ()  # people named in a 责任领导 column
    deadline: Deadline | None = None
    note: str = ""

    def units(self, role: Role) -> tuple[UnitMention, ...]:
        return {Role.LEAD: self.lead, Role.RESPONSIBLE: self.responsible, Role.COOPERATING: self.cooperating}[role]


@dataclass(frozen=True)
class EntityMention:
    """An industry, chain, cluster, platform, park, plan, event or unit named in task text."""

    kind: str
    name: str  # canonical
    surface: str
    span: Span


@dataclass(frozen=True)
class Target:
    """A quantitative target such as 新增全国重点实验室2家以上."""

    metric: str
    value: float
    value_max: float | None  # for ranges (1至2个)
    unit: str  # %, 家, 个, 亿元, 场, 个百分点, ...
    comparator: str  # >=, >, =, ~, <=, range
    growth: bool  # 同比增长/增长 vs a level
    text: str
    span: Span


@dataclass(frozen=True)
class Goal:
    area: str  # 综合质效跃上新台阶
    span: Span
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class Section:
    seq: int
    label: str  # 一, 二, ...
    title: str  # 工作目标
    span: Span  # the heading line


@dataclass(frozen=True)
class Action:
    seq: int
    label: str  # (一)
    name: str  # 工业强市提振行动
    span: Span  # the heading line
    section_seq: int | None


@dataclass(frozen=True)
class Task:
    label: str  # "19", "(一)", or the section heading for unnumbered attributions
    title: str  # the section a label belongs to is ``section_seq`` (numbering may restart in each part)
    span: Span  # the whole task paragraph(s)
    numbered: bool
    action_seq: int | None
    section_seq: int | None
    assignments: tuple[Assignment, ...] = ()
    mentions: tuple[EntityMention, ...] = ()
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class Metadata:
    title: str
    doc_number: str  # 文号, "" when absent
    issuers: tuple[str, ...]
    date: date | None
    year: int
    jurisdiction: str = ""  # 行政区划 of the issuing government (青岛市, 即墨区); "" when nothing says
    jurisdiction_source: str = ""  # how it was found: user, 文号, issuer, title or text
    # a jurisdiction the places data does not list: the places printed above it, innermost first (济南市 of
    # 济南市历下区人民政府办公室); () for a listed place, whose data says them
    jurisdiction_above: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyDocument:
    id: str  # content hash of the source bytes
    source_name: str
    media_type: str  # text/plain, text/html, ...
    encoding: str
    text: str
    metadata: Metadata
    sections: tuple[Section, ...] = ()
    goals: tuple[Goal, ...] = ()
    actions: tuple[Action, ...] = ()
    tasks: tuple[Task, ...] = ()
    ignored: tuple[IgnoredSpan, ...] = ()
    issues: tuple[ParseIssue, ...] = ()
    extraction_version: str = EXTRACTION_VERSION
    traditional: bool = False  # source was in Traditional characters

    @property
    def assignments(self) -> tuple[tuple[Task, Assignment], ...]:
        return tuple((t, a) for t in self.tasks for a in t.assignments)

    def action(self, seq: int | None) -> Action | None:
        return next((a for a in self.actions if a.seq == seq), None)

    def section(self, seq: int | None) -> Section | None:
        return next((s for s in self.sections if s.seq == seq), None)


@dataclass(frozen=True)
class SourceText:
    """What the readers hand to the parser."""

    text: str
    media_type: str
    encoding: str
    ignored: tuple[IgnoredSpan, ...] = field(default=())
    issues: tuple[ParseIssue, ...] = field(default=())  # found while reading (bytes that are not UTF-8)
