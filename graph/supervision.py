"""Recording progress against the assignments a store holds: which assignment a reference names, whether a
report is valid (state, name, date in range), a spreadsheet import that applies every row or none (rows of duties
no stored document holds any more are said and left out), and moving records left on no stored duty to one.

Works on any session (LadybugDB or Neo4j): the assignments are read with two queries both engines run.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import msgspec

from ingest.errors import PolicyKGError, UnknownNameError
from ingest.normalize import to_simplified

from . import recurrence
from .access import check_writer
from .analysis import ambiguous_unit, several_places, short_document, unit_label
from .progress import (
    MAX_NAME,
    STATE_ZH,
    TELLING_WORDS,
    Duty,
    Event,
    ProgressLog,
    new_event,
    parse_state,
    status_word,
)
from .status import missed_period, reported_period
from .task_label import fits, task_names, typed

_ASSIGNMENTS = """
MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
OPTIONAL MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.id, t.id, t.label, a.seq, a.due_end, d.year, d.doc_number, d.title, t.title, a.recurring, a.due_start,
       a.due_day, a.due_day_month, a.document_id
"""
_UNITS = ("MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment) "
          "RETURN a.id, u.name, r.span_start, u.place, u.full_name")
EXTENSION_YEARS = 10  # a new deadline further out than this is a typo, not a plan


@dataclass(frozen=True)
class Target:
    """What recording progress needs to know of an assignment."""

    id: str
    label: str  # "19.2", "保障措施.3", "保障措施.2.1": the task's key (graph/task_label.py) and the clause number
    units: tuple[str, ...]  # as shown (graph.analysis.unit_label): 青岛市财政局 when the store holds several places
    due_end: date | None
    year: int | None
    names: tuple[tuple[str, str, str], ...] = ()  # (shown, name, full name) of each unit
    document: str = ""  # its document in one short cell (analysis.short_document: 文号, else title)
    printed: str = ""  # "2.1": the task's number as printed and the clause number, when the key qualifies it
    task_key: str = ""  # "19", "保障措施.2": the task as a user types it
    task_title: str = ""
    recurring: str = ""  # its period when the duty recurs (graph/recurrence.py): month, quarter …
    due_start: date | None = None
    due_day: int = 0  # the day of each period it falls due on (graph/recurrence.due), and its month in a year
    due_day_month: int = 0

    def choice(self) -> str:
        """One line naming it among others: id, name, task title, document."""
        title = self.task_title if len(self.task_title) <= 20 else self.task_title[:19] + "…"
        return " ".join(x for x in (self.id, self.label, title, f"({self.document})" if self.document else "") if x)


def unit_shown(known: dict[str, Target], unit: str) -> str:
    """A unit as ``Target.units`` shows it, from its short or full name; a short name several places hold is an
    error naming each (graph.analysis.resolve_unit's words)."""
    names = {n for t in known.values() for n in t.names}
    found = sorted({shown for shown, name, full in names if unit in (shown, name, full)})
    if len(found) == 1:
        return found[0]
    if found:
        raise ambiguous_unit(unit, found)
    raise UnknownNameError("unit", unit, sorted({shown for shown, _n, _f in names}))


def targets(session) -> dict[str, Target]:
    """Assignment id → Target, for every assignment the session's graph holds."""
    rows = session.query(_UNITS)[1]
    several = several_places(row[3] for row in rows)
    units: dict[str, list[tuple[int, tuple[str, str, str]]]] = {}
    for aid, name, start, _place, full in rows:
        units.setdefault(aid, []).append((start or 0, (unit_label(name, full, several), name, full or name)))
    rows = session.query(_ASSIGNMENTS)[1]
    keys = task_names(session, {row[-1] for row in rows})
    out = {}
    for (aid, tid, label, seq, due_end, year, number, title, task_title, recurring, due_start, due_day, due_day_month,
         _doc) in rows:
        names = tuple(dict.fromkeys(n for _, n in sorted(units.get(aid, []))))
        key = keys[tid]["key"] if tid in keys else str(label)
        out[aid] = Target(aid, f"{key}.{seq}", tuple(dict.fromkeys(n[0] for n in names)), due_end, year, names,
                          short_document(number, title), f"{label}.{seq}", key, task_title or "", recurring or "",
                          due_start, due_day or 0, due_day_month or 0)
    return out


# Said to the CLI's users and the app's (a returned ledger's problems are shown on the Upload page) alike.
WHERE_IDS = "a newly made ledger (the Upload page's, or 'policykg progress ledger') or 'policykg assignments --json'"


def resolve(reference: str, known: dict[str, Target], moves: dict[str, str] | None = None,
            logged: Container[str] = ()) -> Target:
    """An assignment by its id, or by task.seq ("19.2") when one document has it. An id of a document's earlier
    version is read as the duty it became (``ProgressLog.moves``): a ledger issued before a new version
    arrived is still returned against it. An id with records (``logged``) that no stored document holds is
    said to be one; any other unknown reference is unknown."""
    reference = str(reference).strip()
    if reference in known:
        return known[reference]
    if moves and moves.get(reference) in known:
        return known[moves[reference]]
    if reference in logged:
        raise PolicyKGError(f"assignment {reference!r}: no stored document holds it now (its document was removed, "
                            "or replaced by a version without this duty); its records stay in the log: "
                            f"policykg progress log --assignment {reference}")
    if (shortened := _by_short_id(reference, known)) is not None:
        return shortened
    matches = _by_name(typed(reference), known)
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = "; ".join(t.choice() for t in matches[:8])
        more = f" and {len(matches) - 8} more ({WHERE_IDS} lists them)" if len(matches) > 8 else ""
        names = [t.label for t in matches]
        use = ("the id or the name" if len(set(names)) == len(names) and reference not in names else "the id")
        raise PolicyKGError(f"assignment {reference!r} names {len(matches)} assignments; use {use} of the one "
                            f"meant: {shown}{more}")
    raise PolicyKGError(f"unknown assignment {reference!r}: no assignment has this id or task.seq label; "
                        f"{WHERE_IDS} lists the ids")


_SHORT_ID = re.compile(r"([0-9a-f]{8,15})(/.+)")


def _by_short_id(reference: str, known: dict[str, Target]) -> Target | None:
    """An id written with its document's id shortened as ``ingest`` and ``remove`` print it (``fe3b52aace2a/t1/1``),
    when that prefix is one stored document's."""
    m = _SHORT_ID.fullmatch(reference)
    if m is None:
        return None
    prefix, rest = m.groups()
    fits = [t for aid, t in known.items() if aid[16:] == rest and aid[:16].startswith(prefix)]
    return fits[0] if len(fits) == 1 else None


def _by_name(reference: str, known: dict[str, Target]) -> list[Target]:
    """The assignments a name fits: its name ("保障措施.2.1", "19.2") or its number as printed ("2.1", which a
    document numbering each section from 1 prints twice), else a task's name when the task has one clause
    ("保障措施.2"); a section's name without the run count it took when a second section of that name came
    ("保障措施.2.1" for 保障措施(1).2.1 and 保障措施(2).2.1: both are candidates)."""
    found = [t for t in known.values() if reference in (t.label, t.printed)]
    found = found or [t for t in known.values() if fits(reference, t.label)]
    return found or [t for t in known.values() if fits(reference, t.task_key)]


# Dates as staff type them into a spreadsheet's text cell: 2026-9-8, 2026.9.28, 2026/10/30, 2026年11月20日(号)
_TYPED_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?")
# A date cell a spreadsheet saved as its serial number (46300: 2026-10-06), the days since Excel's day 0
_EXCEL_DAY_0 = date(1899, 12, 30)
_EXCEL_DAYS = range(36526, 73051)  # 2000-01-01 to 2099-12-31: a number outside is no date


def parse_date(value) -> date | None:
    """A report's date as a spreadsheet or a person gives it: a date cell, a date cell's serial number, or text
    as YYYY-MM-DD, 2026.9.28, 2026/10/30, 2026年11月20日 or a month's end printed with its year (2026年9月底,
    ingest.deadlines reads it). A date without its year (9月底) is refused: which year is not guessed."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and int(value) in _EXCEL_DAYS:
        return _EXCEL_DAY_0 + timedelta(days=int(value))
    text = to_simplified(str(value).strip())
    with contextlib.suppress(ValueError):
        return date.fromisoformat(text)
    if typed := _TYPED_DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            return date(int(typed[1]), int(typed[2]), int(typed[3]))
    if re.match(r"\d{4}\s*年\s*\d{1,2}\s*月", text):  # a month's end or a day of it, as documents print them
        from ingest.deadlines import resolve_deadline

        read = resolve_deadline(text, int(text[:4]))
        if read is not None and read.end is not None and not read.recurring:
            return read.end
    raise PolicyKGError(f"日期“{str(value)[:40]}”无法识别,请写作 2026-09-30;date {str(value)[:40]!r} is not a date of "
                        "the form YYYY-MM-DD (2026.9.30, 2026/9/30 and 2026年9月30日 are read too)"
                        + ("; it names no year" if "月" in text and not re.search(r"\d{4}", text) else ""))


def date_problem(state: str, when: date | None, target: Target, today: date) -> str | None:
    """Why ``when`` cannot be the date of this report, or None. A new deadline (延期申请) lies after the
    document's deadline and within ``EXTENSION_YEARS``; any other date lies between 1 January of the
    document's year and today (nobody reports work done tomorrow)."""
    if when is None:
        return None
    low = date(target.year, 1, 1) if target.year else date(2000, 1, 1)
    if state == "extension_requested":
        low = max(low, target.due_end) if target.due_end else low
        high = date(low.year + EXTENSION_YEARS, 12, 31)
        what = "a new deadline"
    else:
        high, what = today, "the date"
    if not low <= when <= high:
        return f"{what} {when.isoformat()} is out of range: expected {low.isoformat()} to {high.isoformat()}"
    return None


PREVIOUS_PERIOD = ("previous", "last", "上期", "上一期", "上月", "上个月", "上季度", "上半年", "上年", "去年")
CURRENT_PERIOD = ("current", "this", "本期", "本月", "本季度", "本半年", "本年", "今年")
_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")


def report_period(target: Target, state: str, period, when: date | None, today: date) -> date | None:
    """The first day of the period a recurring duty's report is for (``Event.period``), or None for the period
    its date falls in. ``period``: 上期/previous (the one before the report's date), 本期/current, or any date in
    the period (YYYY-MM-DD). Only a recurring duty has periods, an extension names its own date, and a report
    is for a period that has begun, within the duty's periods."""
    if period in (None, ""):
        return None
    if not target.recurring:
        raise PolicyKGError(f"assignment {target.label} does not recur (每月, 每季度 …): its report has no period to "
                            "name; leave the period out")
    if state == "extension_requested":
        raise PolicyKGError("an extension request (延期申请) names its new deadline as its date, not a period")
    day = when or today
    word = to_simplified(str(period).strip().lower())
    if word in PREVIOUS_PERIOD:
        first = recurrence.previous(target.recurring, day)[0]
    elif word in CURRENT_PERIOD:
        first = recurrence.period_of(target.recurring, day)[0]
    else:
        first = recurrence.period_of(target.recurring, _named_period(period, day))[0]
    if first > recurrence.period_of(target.recurring, day)[0]:
        raise PolicyKGError(f"period {recurrence.name(target.recurring, first)} has not begun on "
                            f"{day.isoformat()}: a report is for this period or an earlier one")
    opened = (recurrence.first_period(target.recurring, target.due_start, target.due_day, target.due_day_month)[0]
              if target.due_start else None)
    closed = recurrence.period_of(target.recurring, target.due_end)[0] if target.due_end else None
    if (opened and first < opened) or (closed and first > closed):
        raise PolicyKGError(f"period {recurrence.name(target.recurring, first)} is not one of this duty's: it recurs "
                            + (f"from {opened.isoformat()}" if opened else "")
                            + (f" until {target.due_end.isoformat()}" if closed else ""))
    return first


def _named_period(period, day: date) -> date:
    """A day in the period a report names: a date (2024-05-20), a month (2024-05), or a period as documents print
    one (2024年5月, 2024年第二季度, 二季度 of ``day``'s year; ingest.deadlines reads them): the period holding its
    last day."""
    from ingest.deadlines import resolve_deadline

    text = to_simplified(str(period).strip())
    if month := _MONTH_RE.fullmatch(text):
        year, number = int(month[1]), int(month[2])
        if 1 <= number <= 12:
            return date(year, number, 1)
    try:
        return parse_date(period)
    except PolicyKGError:
        pass
    read = resolve_deadline(text, day.year)
    if read is not None and read.end is not None and not read.recurring:
        return read.end
    raise PolicyKGError(f"period {str(period)!r}: expected 上期 (previous), 本期 (current), a date in the period "
                        "(YYYY-MM-DD), a month (2024-05) or a period as printed (2024年5月, 2024年第二季度)")


def make_event(target: Target, state: str, by: str, note: str = "", when=None,
               today: date | None = None, period=None, latest: Event | None = None, unit: str = "") -> Event:
    """A checked event for one assignment; raises PolicyKGError saying what is wrong. A recurring duty's 已办结
    that names no period is for the earliest period still outstanding (``outstanding``; ``latest``: the duty's
    record so far), else for the period its date falls in."""
    state = parse_state(state)
    when = parse_date(when)
    today = today or date.today()
    problem = date_problem(state, when, target, today)
    if problem:
        raise PolicyKGError(problem)
    first = report_period(target, state, period, when, today)
    if period in (None, "") and state == "done" and target.recurring:
        first = outstanding(target, latest, when or today)
    return new_event(target.id, state, by, note, when, period=first, unit=unit)


def outstanding(target: Target, latest: Event | None, day: date) -> date | None:
    """The first day of the period before ``day``'s whose report a recurring duty still owes (graph/status's
    ``missed_period``): an 已办结 made on 1 December for a 每月10日前 duty whose November report is missing is
    November's, not December's, which is not due until the 10th."""
    missed = missed_period(latest, day, recurring=target.recurring, due_start=target.due_start,
                           due_end=target.due_end, due_day=target.due_day, due_day_month=target.due_day_month)
    return missed[0] if missed else None


class AlreadyRecorded(PolicyKGError):
    """The report repeats, the same day and by the same person, the one last recorded on the duty (a form sent
    twice, a command run again): nothing is recorded."""

    def __init__(self, event: Event, target: Target) -> None:
        super().__init__(f"already recorded: {target.label} {STATE_ZH[event.state]} by {event.by} at "
                         f"{event.at.isoformat()}; nothing new was recorded")
        self.event, self.target = event, target


def record_target(log: ProgressLog, session, reference: str, state: str, by: str, note: str = "", when=None,
                  today: date | None = None, period=None) -> tuple[Event, Target]:
    """``policykg progress set``: validate against the store's assignments, then append one event; the event
    and the duty it is on. Raises AlreadyRecorded when it repeats the last report the same day."""
    current = log.current()
    target = resolve(reference, targets(session), log.moves(), current)
    last = current.get(target.id)
    event = make_event(target, state, by, note, when, today, period, last)
    if _repeats(last, event, target.recurring, named=period not in (None, "")) and last.by == event.by:
        raise AlreadyRecorded(last, target)
    log.record([event])
    return event, target


def record(log: ProgressLog, session, reference: str, state: str, by: str, note: str = "", when=None,
           today: date | None = None, period=None) -> Event:
    """``record_target``'s event."""
    return record_target(log, session, reference, state, by, note, when, today, period)[0]


@dataclass(frozen=True)
class Row:
    """One filled-in row of a returned sheet."""

    where: str  # "file.xlsx 市财政局!7"
    reference: str
    state: str
    note: str
    when: object
    shown: str = ""  # the row's 任务 and 工作内容 as the ledger printed them
    period: object = None  # 报告期: a recurring duty's report for another period than its date's (上期, a date)
    problem: str = ""  # why a cell of the row could not be read (a formula saved without its value): rejected
    unit: str = ""  # the unit whose ledger page the row is on (督办台账:X): the unit that reports
    issued: date | None = None  # the ledger's reference date: it showed the records known by then
    by_task: bool = False  # ``reference`` is the row's 任务 cell: the sheet's 分工编号 column was deleted


class ImportRejected(PolicyKGError):
    """Some rows are wrong: every problem is listed and nothing was recorded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} row(s) rejected, nothing recorded:\n" + "\n".join(problems))
        self.problems = problems


def plan_import(rows: list[Row], known: dict[str, Target], current: dict[str, Event], by: str,
                today: date | None = None, moves: dict[str, str] | None = None,
                duties: Mapping[str, Duty] | None = None) -> tuple[list[Event], list[str], list[str]]:
    """The events a sheet asks for; the rows that repeat what is recorded already (left out, so importing a file
    twice records nothing twice); and the rows of duties no stored document holds any more (``gone_row``):
    those are said, row by row, and the rest is recorded, for no reply of a unit can bring a removed duty back.
    Raises ImportRejected if any other row is wrong."""
    events, unchanged, problems, skipped, seen = [], [], [], [], {}
    for row in rows:
        try:
            if row.problem:
                raise PolicyKGError(row.problem)
            if not row.reference:
                raise PolicyKGError("此行没有分工编号,不是导出台账中的行(新加的行?);请在台账原有的行中填报,或删去此行。"
                                    "分工编号 is empty: this row is not one of the exported ledger's (an added row?); "
                                    "report on the ledger's own rows, or delete it")
            _check_cells(row)
            if why := gone_row(row, known, moves or {}, current, duties or {}):
                skipped.append(f"{row.where}: {why}")
                continue
            target = (_by_task_cell(row, known) if row.by_task else resolve(row.reference, known, moves, current))
            if target.id in seen:
                raise PolicyKGError(f"分工 {target.label} 在本文件中出现两次(另见 {seen[target.id]}),每项分工只填一行;"
                                    f"assignment {target.label} is also on {seen[target.id]}: one row a duty")
            seen[target.id] = row.where
            latest = current.get(target.id)
            unit = _reporting_unit(row.unit, target)
            if why := _older_than_records(row, target, latest, unit):
                skipped.append(f"{row.where}: {why}")
                continue
            note = _with_telling_word(row.state, row.note)
            event = make_event(target, row.state, by, note, row.when, today, row.period, latest, unit)
        except PolicyKGError as exc:
            problems.append(f"{row.where}: {exc}")
            continue
        if (_same(current.get(event.assignment), event, target.recurring)
                or _repeats(current.get(event.assignment), event, target.recurring,
                            named=row.period not in (None, ""))):
            unchanged.append(row.where)
        else:
            events.append(event)
    if problems:
        raise ImportRejected(problems)
    return events, unchanged, skipped


def _by_task_cell(row: Row, known: dict[str, Target]) -> Target:
    """The duty a row names by its 任务 cell alone (its 分工编号 column was deleted): 任务19.2, or 青办发〔2024〕3号
    任务19.2 in a ledger of several documents, among the duties of the sheet's unit."""
    document, _, label = row.reference.rpartition(" ")
    label = typed(label).removeprefix("任务")
    found = [t for t in known.values() if label in (t.label, t.printed)
             and (not document or t.document == document)
             and (not row.unit or any(row.unit in names for names in t.names))]
    if len(found) == 1:
        return found[0]
    raise PolicyKGError(f"任务“{row.reference}”{'对应多项分工' if found else '找不到对应的分工'},请恢复分工编号列;"
                        f"the 任务 cell {row.reference!r} names {len(found) or 'no'} duties of this sheet: put the "
                        "分工编号 column back (copy it from the exported ledger)")


def _check_cells(row: Row) -> None:
    """The row's status and date, each checked, both problems said at once (a sheet needs one round of fixes)."""
    problems = []
    if not str(row.state or "").strip():
        problems.append(f"填报状态为空(合并的单元格只有第一行有值,请逐行填写);填报状态 is empty (a merged cell holds its "
                        f"value in its first row only): expected one of {'、'.join(STATE_ZH.values())}")
    else:
        try:
            parse_state(row.state)
        except UnknownNameError:
            problems.append(f"填报状态“{str(row.state)[:20]}”无法识别,请选择{'、'.join(STATE_ZH.values())};unknown "
                            f"status {str(row.state)[:20]!r}: expected one of {'、'.join(STATE_ZH.values())} "
                            "(已完成, 进行中, 滞后 … are read too)")
    try:
        parse_date(row.when)
    except PolicyKGError as exc:
        problems.append(str(exc))
    if problems:
        raise PolicyKGError(";".join(problems))


def _reporting_unit(unit: str, target: Target) -> str:
    """The unit a row reports for: the unit of its ledger page when that unit is one of the duty's (by the name
    shown, its name or its full name), else "" (a report on the whole duty)."""
    if not unit:
        return ""
    for shown, name, full in target.names:
        if unit in (shown, name, full):
            return name
    return ""


def _older_than_records(row: Row, target: Target, latest: Event | None, unit: str) -> str | None:
    """Why a row of a ledger older than the duty's records is not recorded, or None: the row would take the duty
    out of 已办结, reported (by the row's unit, or on the whole duty) after the ledger's reference date, so the
    sheet never showed it: a September ledger imported again in December must not reopen a duty finished in
    November. Another unit's report on the same duty is that unit's (``progress.standing``)."""
    if row.issued is None or latest is None:
        return None
    try:
        if parse_state(row.state) == "done":
            return None
    except UnknownNameError:
        return None
    reports = getattr(latest, "reports", ()) or (latest,)
    own = [e for e in reports if e.unit in ("", unit)]
    if not own or own[-1].state != "done" or own[-1].at.astimezone().date() <= row.issued:
        return None
    e = own[-1]
    return (f"未记录:此台账的参考日期是 {row.issued.isoformat()},分工 {target.label} 此后已报已办结({e.by} 于 "
            f"{e.at.date().isoformat()} 记录),旧台账不改变它;如需重新打开,请在新台账中填报。Not recorded: this ledger "
            f"shows the records of {row.issued.isoformat()}, and {target.label} was reported done after it (by {e.by} "
            f"on {e.at.date().isoformat()}); an older ledger does not reopen it: report on a newer ledger")


def _with_telling_word(state: str, note: str) -> str:
    """The note, led by the status word when it says more than its state (滞后, 基本完成: 推进中 with that said)."""
    word = status_word(state)
    return f"【{word}】{note}" if word in TELLING_WORDS and word not in note else note


def gone_row(row: Row, known: Container[str], moves: Mapping[str, str], logged: Container[str],
             duties: Mapping[str, Duty]) -> str | None:
    """Why a returned row cannot be recorded because its duty left the store (its document was removed, or
    replaced by a version without it), naming the duty by id and title; None for any other row."""
    ref = str(row.reference).strip()
    if ref in known or moves.get(ref) in known or not (ref in duties or ref in logged):
        return None
    duty = duties.get(ref)
    what = f"{duty.document} {duty.shown()}" if duty else (row.shown or "?")
    gone = duty.gone if duty and duty.gone else ""
    zh = {"removed": "已移除", "replaced": "已被新版本替换"}.get(gone, "已移除或被替换")
    return (f"分工 {ref}({what})已不在任何存储的文件中(其文件{zh}),未记录;"
            f"duty {ref} ({what}) is in no stored document now (its document was {gone or 'removed or replaced'}); "
            "not recorded" + (". Its records stay in the log (policykg progress log --assignment "
                              f"{ref}; the Upload page's progress left on no stored duty)" if ref in logged else ""))


def _repeats(old: Event | None, new: Event, recurring: str, *, named: bool) -> bool:
    """Whether ``new`` repeats ``old`` the same day (a form sent twice, a file imported again): the same words,
    and of the same period unless the period was left to the rule (``named`` False), where the second would go to
    the next period once the first filled the outstanding one."""
    if old is None or old.at.date() != new.at.date():
        return False
    if named or not recurring:
        return _same(old, new, recurring)
    return (old.state, old.note, old.date) == (new.state, new.note, new.date)


def _same(old: Event | None, new: Event, recurring: str = "") -> bool:
    """Whether ``new`` says again what ``old`` said; for a recurring duty, of the same period too (March's
    已办结 and April's, worded alike, are two reports)."""
    if old is None or (old.state, old.note, old.date, old.period) != (new.state, new.note, new.date, new.period):
        return False
    return not recurring or reported_period(old, recurring) == reported_period(new, recurring)


def apply_import(log: ProgressLog, session, rows: list[Row], by: str,
                 today: date | None = None) -> tuple[list[Event], list[str], list[str]]:
    """Validate every row, then record all the changes in one append (or nothing); rows of duties no stored
    document holds are returned, said, as the third item (``plan_import``)."""
    if not (by or "").strip():
        raise PolicyKGError("recording progress needs a name: who reports it (--by NAME)")
    events, unchanged, skipped = plan_import(rows, targets(session), log.current(), by, today, log.moves(),
                                             log.duties())
    log.record(events)
    return events, unchanged, skipped


def move_records(log: ProgressLog, session, old: str, new: str, by: str) -> tuple[Target, list[Event]]:
    """``progress move``: the records on a duty no stored document holds (``ProgressLog.stranded``) are given to
    a stored duty (an id or task.seq), as copies with their states, dates, names and times; the old id is
    recorded as moved to it, so a ledger naming it is returned against the new duty. ``by`` must be a writer."""
    by, old = (by or "").strip(), str(old).strip()
    if not by or len(by) > MAX_NAME:
        raise PolicyKGError(f"moving records needs a name of up to {MAX_NAME} characters: who moves them (--by NAME)")
    check_writer(log.folder, by)
    known = targets(session)
    if old in known:
        raise PolicyKGError(f"{old} is a duty of a stored document; only records left on no stored duty are moved "
                            "('policykg progress stranded' lists them)")
    stranded = log.stranded({aid.split("/", 1)[0] for aid in known})
    if old not in stranded:
        raise PolicyKGError(f"no records left on a duty {old!r}: 'policykg progress stranded' lists the ids that "
                            "have some")
    target = resolve(new, known, log.moves(), log.current())
    events = [msgspec.structs.replace(e, assignment=target.id) for e in stranded[old]]
    log.record(events, checked=False)
    log.record_moves({old: target.id}, by)
    return target, events
