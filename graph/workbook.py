"""The xlsx workbook: summary (units × actions by role), matrix (units × tasks), one sheet per unit, deadlines.

Each sheet is written as its rows are made (openpyxl's write-only mode, ``write_sheet``): a workbook holding every
cell took 1.7 GB at 1,000 documents. openpyxl stamps the workbook properties and every ZIP entry with the clock;
both are set from the data here (``analysis.stamp``, ``StampedZip``), so the same graph gives the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from copy import copy
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.writer.excel import ExcelWriter

from . import analysis, recurrence
from .analysis import ROLE_LABEL, ROLE_UNITS, ROLES, AssignmentView, roles_label
from .build import PropertyGraph
from .cells import formula_like

FILLS = {"lead": PatternFill("solid", fgColor="1F4E79"), "responsible": PatternFill("solid", fgColor="5B9BD5"),
         "cooperating": PatternFill("solid", fgColor="DDEBF7")}
FONTS = {"lead": Font(color="FFFFFF", bold=True), "responsible": Font(color="FFFFFF"), "cooperating": Font()}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60
# Sheet names and headers in Chinese and English, as the app labels everything (its role words are
# analysis.ROLE_LABEL's): a reader of either language finds their way. A sheet name stays within Excel's 31 characters.
FIXED_SHEETS = ("汇总 Summary", "矩阵 Matrix", "按月截止 Deadlines by month")
EXCEL_COLUMNS = 16_384  # XFD, the last column Excel (and openpyxl) can write
UNIT, TASK, TOTAL = "单位 Unit", "任务 Task", "合计 Total"
GROUP = "行动 Action"
TOO_WIDE = ("矩阵过大：{tasks:,} 个任务 × {units:,} 个单位，两者都超过 Excel 的 16,384 列；请按单位或文件导出。 "
            "Too big for a matrix: {tasks:,} tasks and {units:,} units, each more than Excel's 16,384 columns; "
            "export one unit's workbook or fewer documents.")
CLAUSE, DUE_DATE, DEADLINE = "条款内容 Clause", "截止日期 Due date", "完成时限 Deadline as written"


def text_width(value, at_most: int | None = None) -> int:
    """Display width: CJK and other wide characters count as 2. With ``at_most``, a text at least that many
    characters long answers its length uncounted (its width is no less): a column is cut at ``MAX_WIDTH``, and
    counting every character of every clause was a tenth of a corpus workbook's time."""
    text = str(value or "")
    if at_most is not None and len(text) >= at_most:
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widen(widths: dict[int, int], column: int, value, maximum: int) -> None:
    if value is not None and widths.get(column, 0) + 2 < maximum:
        widths[column] = max(widths.get(column, 0), text_width(value, maximum))


def _set_widths(ws, widths: dict[int, int], minimum: int, maximum: int) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, minimum), maximum)


class Styled(NamedTuple):
    """A cell's value with the module's styles; a plain value in a row is an unstyled cell."""

    value: object
    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    number_format: str | None = None


def write_sheet(wb: Workbook, title: str, rows: Iterable[list], *, freeze: str,
                widths: dict[str, float] | None = None, fit: int | None = None, auto_filter: str = "",
                merges: tuple[str, ...] = ()):
    """A sheet of rows (values, or ``Styled`` values), streamed into a write-only workbook: openpyxl's normal
    mode kept an object per cell of every sheet (1.7 GB for a 1,000-document workbook). Widths, panes, filter
    and merges go before the first row, so the rows are gathered first (values only: the text is the
    assignments'). ``fit``: each column as wide as its widest value, at least ``fit``; ``auto_filter``: the
    filter's last column, "*" for the sheet's; ``widths`` (letter → width) after the fitted ones. A normal-mode
    ``wb`` gets the same sheet cell by cell (the tests compare the two). Document text is never a formula
    (``neutralise``). Returns the sheet: data validations may still be added (written after the rows)."""
    ws = wb.create_sheet(title)
    rows = list(rows)
    measured: dict[int, int] = {}
    if fit is not None:
        for row in rows:
            for col, entry in enumerate(row, start=1):
                _widen(measured, col, entry.value if isinstance(entry, Styled) else entry, MAX_WIDTH)
    if fit is not None:
        _set_widths(ws, measured, fit, MAX_WIDTH)
    for letter, width in (widths or {}).items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = freeze
    height = max(len(rows), 1)
    corner = f"{get_column_letter(max((len(row) for row in rows), default=1))}{height}"
    if auto_filter:
        ws.auto_filter.ref = f"A1:{corner}" if auto_filter == "*" else f"A1:{auto_filter}{height}"
    if not wb.write_only:
        for r, row in enumerate(rows, start=1):
            for c, entry in enumerate(row, start=1):
                if entry is not None:
                    _cell(ws, entry, ws.cell(r, c))
        for ref in merges:
            ws.merge_cells(ref)
        return ws
    for ref in merges:
        ws.merged_cells.add(CellRange(ref))
    ws.calculate_dimension = lambda: f"A1:{corner}"  # the <dimension> a normal sheet writes (read_only readers)
    # openpyxl turns each appended row into cells here, a new cell per styled value, each value bound twice and
    # refused once (a tenth of the workbook's time): one cell per style is reused, as it writes each cell before
    # it takes the next.
    ws._values_to_row = _Cells(ws).row
    for row in rows:
        ws.append(row)
    return ws


class _Cells:
    def __init__(self, ws):
        self.ws = ws
        self.by_style: dict = {}

    def row(self, values: list, row_idx: int) -> Iterator:
        for col_idx, entry in enumerate(values, start=1):
            if entry is not None:
                cell = self.cell(entry)
                cell.row, cell.column = row_idx, col_idx
                yield cell

    def cell(self, entry):
        styled_ = isinstance(entry, Styled)
        value = entry.value if styled_ else entry
        if formula_like(value) or isinstance(value, date | time | timedelta):
            # its own cell: the quote prefix is part of its style, as a date's format is (set when it is bound)
            return _cell(self.ws, entry if styled_ else Styled(value))
        key = (id(entry.font), id(entry.fill), id(entry.alignment), entry.number_format) if styled_ else None
        cell = self.by_style.get(key)
        if cell is None:
            cell = self.by_style[key] = _cell(self.ws, entry) if styled_ else WriteOnlyCell(self.ws)
        cell.value = value
        return cell


def _cell(ws, entry, cell=None):
    """A value as write-only openpyxl takes it: unstyled values as they are, styled or formula-like ones as
    cells, each style combination registered once per workbook (openpyxl hashes a style set on a cell, cell
    after cell). ``cell``: the normal-mode cell to fill instead."""
    styled_ = isinstance(entry, Styled)
    value = entry.value if styled_ else entry
    if cell is None and not styled_ and not formula_like(value):
        return value
    if cell is None:
        cell = WriteOnlyCell(ws)
    if styled_:
        known = ws_styles(ws)
        key = (id(entry.font), id(entry.fill), id(entry.alignment), entry.number_format)
        if key not in known:
            if entry.font is not None:
                cell.font = entry.font
            if entry.fill is not None:
                cell.fill = entry.fill
            if entry.alignment is not None:
                cell.alignment = entry.alignment
            if entry.number_format is not None:
                cell.number_format = entry.number_format
            known[key] = copy(cell._style)
        cell._style = copy(known[key])
    cell.value = value  # after the style: a date takes a date format unless the style gives one, as in ws.cell
    neutralise(cell)
    return cell


def neutralise(cell) -> None:
    """Document text is never a formula: openpyxl writes a string starting with ``=`` as one, and Excel runs
    ``+…``, ``-…`` and ``@…`` when the cell is edited. Such a cell becomes a string with Excel's quote prefix,
    the text kept exactly."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def ws_styles(ws) -> dict:
    """The combinations registered in the sheet's workbook (their indexes are the workbook's)."""
    wb = ws.parent
    if not hasattr(wb, "_policykg_styles"):
        wb._policykg_styles = {}
    return wb._policykg_styles


def sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, not quoted, unique ignoring case."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "sheet"
    title, n = base[:31], 1
    while title.lower() in taken:
        n += 1
        suffix = f"~{n}"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _header(values: list) -> list:
    return [Styled(value, BOLD, HEADER_FILL) for value in values]


def _co_units(a: AssignmentView, unit: str | None) -> str:
    parts = [f"{ROLE_LABEL[role]}:{'、'.join(units)}" for role, units in
             (a.co_units(unit) if unit else {r: a.units(r) for r in ROLES}).items() if units]
    return ";".join(parts)


def _deadline(a: AssignmentView) -> str:
    if a.recurring:  # 每季度 recurs: its period, and its last day when the text bounds it
        return f"{recurrence.MARK} {recurrence.PERIOD_ZH[a.recurring]}" + (f" 至 {a.due_end}" if a.due_end else "")
    return a.due_end.isoformat() if a.due_end else (OPEN_ENDED if a.open_ended else "")


def summary_sheet(wb: Workbook, items: list[AssignmentView], units: list[str]) -> None:
    """Units × actions (a plan in parts: its parts, ``AssignmentView.group``), each document's apart and named
    (``group_name``), three count columns (牵头/责任/配合) per action, then the totals."""
    named = {a.group_key: a.group_name for a in items}
    actions = sorted(named)
    groups = [*(named[key] for key in actions), TOTAL]
    index = {action: i for i, action in enumerate(actions)}
    counts = {(u, i, r): 0 for u in units for i in range(len(groups)) for r in ROLES}
    shown = set(units)  # one unit's workbook: its partners on an assignment get no row
    for a in items:
        for unit in (u for u in a.all_units() if u in shown):
            for role in a.roles_of(unit):
                counts[(unit, index[a.group_key], role)] += 1
                counts[(unit, len(actions), role)] += 1

    if 1 + 3 * len(groups) > EXCEL_COLUMNS:
        _long_summary(wb, units, groups, counts)
        return

    def rows() -> Iterator[list]:
        yield [Styled(UNIT, BOLD), *(x for name in groups for x in (Styled(name, BOLD), None, None))]
        yield [None, *(Styled(ROLE_LABEL[role], BOLD, alignment=WRAP) for _ in groups for role in ROLES)]
        for unit in units:
            yield [unit, *(counts[(unit, i, role)] or None for i in range(len(groups)) for role in ROLES)]

    widths = {"A": max(text_width(u) for u in units) + 2 if units else 10}
    # a role's two words one above the other ("责任" over "Responsible")
    widths.update({get_column_letter(col): 12 for col in range(2, 2 + 3 * len(groups))})
    merges = tuple(f"{get_column_letter(2 + 3 * i)}1:{get_column_letter(4 + 3 * i)}1" for i in range(len(groups)))
    write_sheet(wb, FIXED_SHEETS[0], rows(), freeze="B3", widths=widths, merges=merges)


def _long_summary(wb: Workbook, units: list[str], groups: list[str], counts: dict) -> None:
    """The summary of a corpus of more actions than Excel has columns (three a group: about 5,500 groups, some
    600 documents of 9 actions; openpyxl refused the workbook past 18,278 columns): a row per unit and group it
    has a role in, its three counts across, then the unit's total; filterable by unit or group."""
    def rows() -> Iterator[list]:
        yield _header([UNIT, GROUP, *(ROLE_LABEL[role] for role in ROLES)])
        for unit in units:
            for i, name in enumerate(groups):
                values = [counts[(unit, i, role)] for role in ROLES]
                if any(values) or name is TOTAL:
                    yield [unit, Styled(name, BOLD) if name is TOTAL else name, *(v or None for v in values)]

    write_sheet(wb, FIXED_SHEETS[0], rows(), freeze="C2", fit=8, auto_filter="*")


def matrix_sheet(wb: Workbook, graph: PropertyGraph, unit: str | None = None,
                 items: list[AssignmentView] | None = None) -> None:
    """Units × tasks; for one ``unit``, its row and the tasks it has a role in. Excel has 16,384 columns: past
    them (about 560 documents of 29 tasks) Excel cannot open the workbook, and past 18,278 openpyxl refuses to
    write it ("Invalid column index"), so a corpus of more tasks gets its matrix turned, a task a row and the
    units across."""
    columns, rows_ = analysis.responsibility_matrix(graph, items)
    if unit is not None:
        rows_ = [(name, cells) for name, cells in rows_ if name == unit]
        kept = [i for i in range(len(columns)) if any(cells[i] for _, cells in rows_)]
        columns, rows_ = [columns[i] for i in kept], [(name, [cells[i] for i in kept]) for name, cells in rows_]
    turned = len(columns) + 1 > EXCEL_COLUMNS  # a corpus's tasks: one a row, units across
    units, tasks = [name for name, _ in rows_], [label for _, label in columns]
    across = units if turned else tasks
    if len(across) + 1 > EXCEL_COLUMNS:  # more tasks and more units than Excel has columns: no grid to draw
        write_sheet(wb, FIXED_SHEETS[1], [[TOO_WIDE.format(tasks=len(tasks), units=len(units))]], freeze="A2")
        return

    def role(roles: tuple):
        return Styled(roles_label(roles), FONTS[roles[0]], FILLS[roles[0]]) if roles else None

    def rows() -> Iterator[list]:
        yield _header([TASK if turned else UNIT, *across])
        if turned:
            for t, task in enumerate(tasks):
                yield [Styled(task, BOLD), *(role(cells[t]) for _, cells in rows_)]
        else:
            for name, cells in rows_:
                yield [Styled(name, BOLD), *map(role, cells)]

    write_sheet(wb, FIXED_SHEETS[1], rows(), freeze="B2", fit=8, auto_filter="*")


UNIT_HEADER = [TASK, GROUP, CLAUSE, "角色 Role", DEADLINE, DUE_DATE, "协同单位 Working with"]
STATUS_HEADER = ["状态 Status", "最新进展 Latest progress"]
OPEN_ENDED = "长期 Open-ended"
MONTH_NONE = {"recurring": "周期 Recurring", "open": "长期/持续 Open-ended", "none": "无时限 No deadline"}


def _status_values(a: AssignmentView, status) -> list:
    return [status.label(a), status.progress_line(a) or None] if status is not None else []


def unit_sheet(wb: Workbook, title: str, unit: str, items: list[AssignmentView], status=None) -> None:
    """The unit's assignments, grouped by role (牵头 first), then by deadline; with ``status`` (a
    status.StatusContext) a last column 状态 and one 最新进展."""
    mine = [(role, a) for a in items for role in a.roles_of(unit)[:1]]
    mine.sort(key=lambda ra: (ROLES.index(ra[0]), _due_key(ra[1]), ra[1].task_order, ra[1].seq))

    def rows() -> Iterator[list]:
        yield _header(UNIT_HEADER + (STATUS_HEADER if status else []))
        for _, a in mine:
            roles = a.roles_of(unit)
            values = [a.task, a.action_name, a.text, roles_label(roles), a.deadline_text, _deadline(a),
                      _co_units(a, unit)]
            values += _status_values(a, status)
            yield [Styled(value, FONTS[roles[0]], FILLS[roles[0]], WRAP) if c == 4 else Styled(value, alignment=WRAP)
                   for c, value in enumerate(values, start=1)]

    write_sheet(wb, title, rows(), freeze="A2", fit=6)


def _due_key(a: AssignmentView) -> tuple:
    return (a.due_end is None, a.due_end.isoformat() if a.due_end else "")


def deadline_sheet(wb: Workbook, items: list[AssignmentView], status=None) -> None:
    """Every assignment by the month it is due; open-ended and undated ones last."""
    ordered = sorted(items, key=lambda a: (_due_key(a), a.task_order, a.seq))

    def rows() -> Iterator[list]:
        yield _header(["月份 Month", DUE_DATE, DEADLINE, TASK, *(ROLE_UNITS[role] for role in ROLES), CLAUSE]
                      + (STATUS_HEADER if status else []))
        for a in ordered:
            month = MONTH_NONE["recurring"] if a.recurring else a.due_end.strftime("%Y-%m") if a.due_end else (
                MONTH_NONE["open"] if a.open_ended else MONTH_NONE["none"])
            values = [month, _deadline(a), a.deadline_reads, a.name, *("、".join(a.units(x)) for x in ROLES), a.text]
            values += _status_values(a, status)
            yield [Styled(value or None, alignment=WRAP) for value in values]

    write_sheet(wb, FIXED_SHEETS[2], rows(), freeze="A2", fit=6, auto_filter="H")


def build_workbook(graph: PropertyGraph, status=None, unit: str | None = None, write_only: bool = True) -> Workbook:
    """Every unit's workbook, or one ``unit``'s (its name, full name or alias): the same sheets over its own
    assignments, as the Units page offers it. Write-only, each sheet streamed as it is made; ``write_only=False``
    holds every cell (the tests' reference: the same workbook)."""
    every = analysis.assignments(graph)
    items, units = every, analysis.units_with_assignments(graph, every)
    if unit:
        unit = analysis.resolve_unit(graph, unit, every)
        items, units = [a for a in items if unit in a.all_units()], [unit]
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    summary_sheet(wb, items, units)
    matrix_sheet(wb, graph, unit or None, every)
    deadline_sheet(wb, items, status)
    taken = {s.lower() for s in FIXED_SHEETS}
    by_unit: dict[str, list[AssignmentView]] = {}
    for a in items:
        for name in a.all_units():
            by_unit.setdefault(name, []).append(a)
    for unit in units:
        unit_sheet(wb, sheet_title(unit, taken), unit, by_unit.get(unit, []), status)
    when = analysis.stamp(graph).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "policykg"
    wb.properties.title = "; ".join(d.get("title") or "" for d in graph.rows("Document"))
    return wb


def workbook_bytes(graph: PropertyGraph, status=None, unit: str | None = None) -> bytes:
    """``Workbook.save`` sets ``modified`` to the clock, so the writer is driven directly, into a ZIP whose
    entries carry the data's time (``StampedZip``)."""
    return saved(build_workbook(graph, status, unit), analysis.stamp(graph))


def saved(wb: Workbook, when: datetime) -> bytes:
    """The workbook's bytes, each member compressed once as it is written: the whole uncompressed workbook was
    held and read back to restamp it (316 MB for a 1,000-document workbook, twice)."""
    buf = io.BytesIO()
    ExcelWriter(wb, StampedZip(buf, when)).save()
    return buf.getvalue()


class StampedZip(zipfile.ZipFile):
    """A ZIP being written whose bytes depend only on its members: every entry, whether openpyxl writes it from a
    string or from a write-only sheet's temporary file, carries ``when`` (not the clock, not the file's time),
    fixed permissions, and is deflated."""

    def __init__(self, file, when: datetime):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.when = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))

    def _entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.when)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._entry(name), data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        info = self._entry(arcname or os.path.basename(filename))
        info.file_size = os.path.getsize(filename)  # known before writing: ZIP64 only when it is needed
        with open(filename, "rb") as src, self.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def zip_bytes(members: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A ZIP whose bytes depend only on the members: fixed entry times, order and permissions."""
    buf = io.BytesIO()
    with StampedZip(buf, when) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()
