"""The 督办台账: per unit, its assignments with status, days overdue, the latest report and a blank
办理情况 column; one page (HTML) or one sheet (xlsx) per unit. The xlsx is also the form units fill in and send
back: ``read_returned`` reads its 分工编号/填报状态/填报日期/办理情况 columns for ``supervision.apply_import``.
"""

from __future__ import annotations

import contextlib
import html as _html
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ingest.errors import InputError

from . import analysis, recurrence
from .analysis import AssignmentView
from .build import PropertyGraph
from .progress import STATE_ZH, Event
from .status import STATUS, STATUS_ZH, StatusContext, dates_in_window, due_of_view, overdue_days_of_view
from .supervision import Row
from .workbook import Styled, saved, sheet_title, write_sheet

ID_COLUMN, STATE_COLUMN, DATE_COLUMN, NOTE_COLUMN = "分工编号", "填报状态", "填报日期", "办理情况"
# last, so a ledger issued before it existed is still read: only a recurring duty's row takes it (上期, a date)
PERIOD_COLUMN = "报告期"
HEADER = ["序号", ID_COLUMN, "任务", "工作内容", "本单位角色", "完成时限", "截止日期", "状态", "逾期天数", "最新进展",
          STATE_COLUMN, DATE_COLUMN, NOTE_COLUMN, PERIOD_COLUMN]
TASK_COLUMN = "任务"
SHOWN_COLUMNS = (TASK_COLUMN, "工作内容")  # what a returned row's duty was, for a row whose duty left the store
TITLE_PREFIX = "督办台账:"  # the sheet's first cell: 督办台账:区城市管理局, the unit whose page it is
HEADER_ROW = 5
NO_UNIT = "未明确责任单位"
MAX_ROWS = 20000


@dataclass(frozen=True)
class Line:
    a: AssignmentView
    role: str
    category: str
    due: date | None  # the date shown: the date that counts, or a recurring duty's occurrence in the window
    overdue_days: int
    event: Event | None
    counted: date | None = None  # the date the status is judged by (an extension's new date, a missed period's)

    @property
    def status(self) -> str:
        """The 状态 cell: the colour's words, and the date they are judged by when the row shows another (a
        每月 duty's December occurrence while November's report is outstanding: 逾期(2026-11-25 一期未办结))."""
        words = STATUS_ZH[self.category]
        if self.counted is None or self.due is None or self.counted == self.due:
            return words
        if self.category == "overdue":
            return f"{words}({self.counted.isoformat()} 一期未办结)"
        return f"{words}(按 {self.counted.isoformat()} 一期)"


@dataclass(frozen=True)
class Page:
    unit: str
    lines: list[Line]


def pages(graph: PropertyGraph, ctx: StatusContext, unit: str | None = None,
          window: tuple[date | None, date | None] | None = None) -> list[Page]:
    """One page per unit (or the one unit asked for, or each unit of the place asked for: ``units_of_place``), its
    assignments due in ``window`` (inclusive bounds on the date that counts; undated ones are left out when a
    window is given), earliest first."""
    items = analysis.assignments(graph)
    # a place (即墨区) is its units' pages and the duties its city gives every district (青岛市各区(市))
    place_units = analysis.units_of_place(graph, unit, items) if unit else None
    units = (place_units if place_units is not None else [analysis.resolve_unit(graph, unit, items)] if unit
             else analysis.units_with_assignments(graph, items))
    by_unit: dict[str, list[AssignmentView]] = {}  # each unit's in document order, sorted to it once (every unit
    for a in items:                                 # scanning every assignment was 2.4 million looks at 1,000)
        for name in a.all_units():
            by_unit.setdefault(name, []).append(a)
    out = []
    for name in units:
        lines = _lines(by_unit.get(name, []), name, ctx, window)
        if lines or (unit and place_units is None):
            out.append(Page(name, lines))
    orphans = [] if unit else _lines([a for a in items if not a.all_units()], "", ctx, window)
    if orphans:  # a duty nobody was named for is a finding of its own
        out.append(Page(NO_UNIT, orphans))
    return out


def _lines(items: list[AssignmentView], unit: str, ctx: StatusContext, window) -> list[Line]:
    lines = [x for x in (_line(a, unit, ctx, window) for a in items) if x is not None]
    return sorted(lines, key=lambda x: (x.due is None, x.due or date.max, x.a.task_order, x.a.seq))


def _line(a: AssignmentView, unit: str, ctx: StatusContext, window) -> Line | None:
    """The row of ``a`` on ``unit``'s page, None when it is not due in ``window``: a recurring duty is when one
    of its periods falls due in it (``status.dates_in_window``, Ask's rule), and the row shows that date — the
    date that counts, when it is in the window — while its status is still judged by the date that counts (a
    report outstanding for an earlier period keeps it 逾期)."""
    event, chase = ctx.event(a.id), ctx.chases(a.id)
    counted = due_of_view(a, ctx.ref, event, chase=chase)
    shown = counted
    if not _within(counted, window):
        if not a.recurring:
            return None
        first = dates_in_window(*window, ctx.ref, event, recurring=a.recurring, due_start=a.due_start,
                                due_end=a.due_end, chase=chase, due_day=a.due_day, due_day_month=a.due_day_month,
                                limit=1)
        if not first:
            return None
        shown = first[0]
    return Line(a, analysis.roles_zh(a.roles_of(unit)), ctx.of_view(a), shown,
                overdue_days_of_view(a, ctx.ref, event, chase=chase), event, counted)


def _within(due: date | None, window) -> bool:
    if not window:
        return True
    start, end = window
    return due is not None and (start is None or due >= start) and (end is None or due <= end)


def _label(a: AssignmentView) -> str:
    return f"{a.task}.{a.seq}" if a.task else str(a.seq)


def _meta(ctx: StatusContext, window) -> str:
    parts = [f"参考日期 {ctx.ref.isoformat()}", f"生成日期 {(ctx.generated or ctx.ref).isoformat()}"]
    if window and any(window):
        parts.append(f"时限范围 {window[0] or '…'} 至 {window[1] or '…'}")
    return ";".join(parts)


# -- HTML ------------------------------------------------------------------------------------------------

CSS = """body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}.meta{color:#555;font-size:.9em}table{border-collapse:collapse;width:100%;
font-size:.85em}th,td{border:1px solid #999;padding:.25em .4em;vertical-align:top;text-align:left}
th{background:#eee}td.text{min-width:18em}td.blank{min-width:12em}td.num{text-align:right}
.overdue{background:#f8d7da}.soon{background:#fff3cd}.later,.done{background:#d4edda}
section.unit{break-after:page;page-break-after:always}section.unit:last-of-type{break-after:auto;
page-break-after:auto}@media print{body{margin:0}thead{display:table-header-group}tr{break-inside:avoid;
page-break-inside:avoid}}@page{size:A4 landscape;margin:12mm}
@media screen and (max-width:700px){body{margin:.6em}table,tbody,tr,td{display:block;width:auto}thead{display:none}
tr{border:1px solid #999;margin:0 0 .8em}td{border:0;border-bottom:1px solid #e5e5e5;min-width:0}
td.text,td.blank{min-width:0}td.num{text-align:left}td::before{content:attr(data-label)"：";color:#555;
font-weight:bold}td.blank{min-height:3em}}"""
HTML_HEADER = ["序号", "任务", "工作内容", "本单位角色", "完成时限", "截止日期", "状态", "逾期天数", "最新进展",
               NOTE_COLUMN]


def _e(text) -> str:
    return _html.escape(str(text), quote=True)


def html(graph: PropertyGraph, ctx: StatusContext, unit: str | None = None, window=None) -> str:
    """One self-contained page; all text escaped; each unit starts a printed page."""
    body = [_html_page(p, ctx, window) for p in pages(graph, ctx, unit, window)]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>督办台账</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _html_page(page: Page, ctx: StatusContext, window) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in HTML_HEADER)
    rows = []
    for i, x in enumerate(page.lines, start=1):
        cells = [i, _label(x.a), x.a.text, x.role, x.a.deadline_reads, x.due.isoformat() if x.due else "",
                 x.status, x.overdue_days or "", ctx.progress_line(x.a)]
        # each cell names its column: on a phone a row is a card of labelled lines (the header is hidden)
        tds = "".join(f"<td class=\"{_cls(n, x)}\" data-label=\"{_e(HTML_HEADER[n])}\">{_e(v)}</td>"
                      for n, v in enumerate(cells))
        rows.append(f"<tr>{tds}<td class=\"blank\" data-label=\"{_e(HTML_HEADER[-1])}\"></td></tr>")
    empty = "" if rows else "<p>没有符合条件的分工。</p>"
    return (f"<section class=\"unit\">\n<h1>督办台账:{_e(page.unit)}</h1>\n<p class=\"meta\">{_e(_meta(ctx, window))}"
            f";共 {len(page.lines)} 项,逾期 {sum(1 for x in page.lines if x.category == 'overdue')} 项</p>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + f"\n</tbody></table>{empty}\n"
            "</section>")


def _cls(n: int, x: Line) -> str:
    return {2: "text", 6: x.category, 7: "num"}.get(n, "")


# -- xlsx ------------------------------------------------------------------------------------------------

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FILLS = {key: PatternFill("solid", fgColor=color.lstrip("#")) for key, (_, color) in STATUS.items()}
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")


TITLE_FONT = Font(bold=True, size=14)
DATE_FORMAT = "yyyy-mm-dd"


def workbook_bytes(graph: PropertyGraph, ctx: StatusContext, unit: str | None = None, window=None,
                   write_only: bool = True) -> bytes:
    """Each unit's sheet streamed as it is made (graph/workbook.write_sheet): a 1,000-document ledger held every
    cell, 1.5 GB. ``write_only=False`` holds them (the tests' reference: the same workbook)."""
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    taken: set[str] = set()
    for page in pages(graph, ctx, unit, window):
        _sheet(wb, sheet_title(page.unit, taken), page, ctx, window)
    if not wb.sheetnames:
        wb.create_sheet("台账")
    when = datetime.combine(ctx.generated or ctx.ref, datetime.min.time())
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "policykg"
    wb.properties.title = "督办台账"
    return saved(wb, when)


def _text(value, font: Font | None = None):
    """A cell holding ``value`` as data: text is never read as a formula (=, +, - or @ first; the sheet writer
    gives such text Excel's quote prefix)."""
    return Styled(value, font) if font is not None else value


def _sheet(wb: Workbook, title: str, page: Page, ctx: StatusContext, window) -> None:
    takes_period = [_takes_period(x.a, ctx) for x in page.lines]
    # 上期 is explained only where a row offers it (not on a January ledger of duties that began this year)
    previous = f"周期性任务报送上期情况时在{PERIOD_COLUMN}列选择“上期”;" if any(takes_period) else ""

    def rows():
        yield [_text(f"{TITLE_PREFIX}{page.unit}", TITLE_FONT)]
        yield [_text(_meta(ctx, window))]
        yield [_text(f"请在{STATE_COLUMN}列选择{'/'.join(STATE_ZH.values())},已办结填办结日期、延期申请填新时限"
                     f"(YYYY-MM-DD),并在{NOTE_COLUMN}列说明;{previous}{ID_COLUMN}列请勿改动。")]
        yield from ([] for _ in range(4, HEADER_ROW))
        yield [Styled(value, BOLD) for value in HEADER]
        for n, (x, takes) in enumerate(zip(page.lines, takes_period, strict=True), start=1):
            values = [n, x.a.id, _label(x.a), x.a.text, x.role, x.a.deadline_reads, x.due, x.status,
                      x.overdue_days or None, ctx.progress_line(x.a)]
            row = [Styled(value if value != "" else None, alignment=WRAP) for value in values]
            row[6] = Styled(row[6].value, alignment=WRAP, number_format=DATE_FORMAT)
            row[7] = Styled(row[7].value, fill=FILLS[x.category], alignment=WRAP)
            row += [Styled(None, fill=INPUT_FILL)] * (len(HEADER) - len(values) - (0 if takes else 1))
            yield row

    ws = write_sheet(wb, title, rows(), freeze=f"C{HEADER_ROW + 1}", fit=6,
                     widths={"A": 6, "D": 50, "M": 40})
    last = HEADER_ROW + max(1, len(page.lines))
    states = DataValidation(type="list", formula1='"' + ",".join(STATE_ZH.values()) + '"', allow_blank=True,
                            showErrorMessage=True, error=f"请选择:{'、'.join(STATE_ZH.values())}")
    states.add(f"K{HEADER_ROW + 1}:K{last}")
    ws.data_validations.append(states)  # (a write-only sheet has no add_data_validation)
    # the cells in one go: adding each looked through every cell added before (rows² on a busy unit's sheet)
    periods = DataValidation(type="list", formula1='"上期,本期"', allow_blank=True, showErrorMessage=False,
                             sqref=" ".join(f"N{r}" for r, takes in enumerate(takes_period, start=HEADER_ROW + 1)
                                            if takes))
    if periods.sqref:
        ws.data_validations.append(periods)


def _takes_period(a: AssignmentView, ctx: StatusContext) -> bool:
    """A row takes a 报告期 when its duty recurs and the period before the reference date's is one of the duty's:
    in its first period (January of a 每月 duty of the year) there is no earlier period to report for."""
    return bool(a.recurring) and recurrence.has_previous(a.recurring, a.due_start, ctx.ref, a.due_day,
                                                         a.due_day_month)


def read_returned(data: bytes, name: str) -> list[Row]:
    """The filled-in rows of a returned ledger: every sheet with the header row; a row counts when any of
    填报状态/填报日期/办理情况 is filled. A file that is not such a workbook is an InputError. A formula is never
    run: a cell holding one counts by the value the spreadsheet saved with it, and one saved without a value
    (written by a script, never opened in a spreadsheet) makes its row a problem (``Row.problem``)."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        written = load_workbook(io.BytesIO(data), read_only=True)  # the same cells as written: which are formulas
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(name, f"not an xlsx workbook ({exc})") from None
    rows, found = [], False
    for ws, formulas in zip(wb.worksheets, written.worksheets, strict=True):
        columns, unit, issued = None, "", None
        for r, (values, as_written) in enumerate(zip(ws.iter_rows(values_only=True, max_row=MAX_ROWS),
                                                     formulas.iter_rows(max_row=MAX_ROWS), strict=False),
                                             start=1):  # one sheet read twice: the same rows
            kinds = [getattr(c, "data_type", "") for c in as_written]
            # a formula saved without its value is unknown, not empty
            cells = [(_UNSAVED if i < len(kinds) and kinds[i] == "f" else "") if v is None else v
                     for i, v in enumerate(values)]
            if columns is None:
                header = [str(v).strip() for v in cells]
                unit, issued = _sheet_said(header, unit, issued)
                # a sheet whose 分工编号 column was deleted is read by its 任务 column (19.2: one duty of the unit's
                # page, or said to be several)
                if STATE_COLUMN in header and (ID_COLUMN in header or TASK_COLUMN in header):
                    columns = {h: header.index(h) for h in (ID_COLUMN, STATE_COLUMN, DATE_COLUMN, NOTE_COLUMN,
                                                            PERIOD_COLUMN, *SHOWN_COLUMNS) if h in header}
                    found = True
                continue
            row = _row(cells, columns, f"{name} {ws.title}!{r}", unit, issued)
            if row is not None:
                rows.append(row)
    wb.close()
    written.close()
    if not found:
        raise InputError(name, f"没有一张表有含“{ID_COLUMN}”(或“{TASK_COLUMN}”)和“{STATE_COLUMN}”的表头行,请填写导出的督办台账;"
                               f"no sheet has a header row with {ID_COLUMN} (or {TASK_COLUMN}) and {STATE_COLUMN}; "
                               "fill in a ledger exported by 'policykg progress ledger -o FILE.xlsx'")
    return rows


_ISSUED = re.compile(r"参考日期\s*(\d{4}-\d{2}-\d{2})")


def _sheet_said(cells: list[str], unit: str, issued: date | None) -> tuple[str, date | None]:
    """What a ledger sheet says above its header: the unit it is for (督办台账:X) and its reference date, the day
    whose records it showed (参考日期 …)."""
    for cell in cells:
        if cell.startswith(TITLE_PREFIX) and not unit:
            unit = cell[len(TITLE_PREFIX):].strip()
        if issued is None and (m := _ISSUED.search(cell)):
            with contextlib.suppress(ValueError):
                issued = date.fromisoformat(m[1])
    return unit, issued


class _Unsaved(str):
    """A formula cell saved without its value (``read_returned``)."""


_UNSAVED = _Unsaved("")


def _row(cells: list, columns: dict[str, int], where: str, unit: str = "", issued: date | None = None) -> Row | None:
    def get(column: str):
        i = columns.get(column)
        return cells[i] if i is not None and i < len(cells) else ""

    state, when, note = get(STATE_COLUMN), get(DATE_COLUMN), get(NOTE_COLUMN)
    unsaved = [c for c in (ID_COLUMN, STATE_COLUMN, DATE_COLUMN, NOTE_COLUMN, PERIOD_COLUMN)
               if get(c) is _UNSAVED]
    if not unsaved and all(str(v).strip() == "" for v in (state, when, note)):
        return None
    problem = (f"{'、'.join(unsaved)} holds a formula saved without its value (a formula is never run); expected "
               "the text or date itself: type it in the cell, or open and save the file in a spreadsheet"
               if unsaved else "")
    shown = " ".join(str(get(c)).strip()[:40] for c in SHOWN_COLUMNS).strip()
    period = get(PERIOD_COLUMN)
    reference = str(get(ID_COLUMN) if ID_COLUMN in columns else get(TASK_COLUMN)).strip()
    return Row(where, reference, str(state).strip(), str(note).strip(), when, shown,
               period if not isinstance(period, str) else period.strip() or None, problem,
               "" if unit == NO_UNIT else unit, issued, ID_COLUMN not in columns)
