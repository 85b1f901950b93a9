"""The xlsx workbook: summary (units × actions by role), matrix (units × tasks), one sheet per unit, deadlines.

openpyxl stamps the workbook properties and every ZIP entry with the clock; both are set from the data here
(``analysis.stamp``), so the same graph gives the same bytes.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from copy import copy
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from . import analysis, recurrence
from .analysis import ROLE_ZH, ROLES, AssignmentView
from .build import PropertyGraph
from .cells import formula_like

FILLS = {"lead": PatternFill("solid", fgColor="1F4E79"), "responsible": PatternFill("solid", fgColor="5B9BD5"),
         "cooperating": PatternFill("solid", fgColor="DDEBF7")}
FONTS = {"lead": Font(color="FFFFFF", bold=True), "responsible": Font(color="FFFFFF"), "cooperating": Font()}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60
FIXED_SHEETS = ("汇总", "矩阵", "按月截止")
EXCEL_COLUMNS = 16_384  # XFD, the last column Excel (and openpyxl) can write
OUTSIDE_ACTIONS = "行动之外(如保障措施)"


def text_width(value, at_most: int | None = None) -> int:
    """Display width: CJK and other wide characters count as 2. With ``at_most``, a text at least that many
    characters long answers its length uncounted (its width is no less): a column is cut at ``MAX_WIDTH``, and
    counting every character of every clause was a tenth of a corpus workbook's time."""
    text = str(value or "")
    if at_most is not None and len(text) >= at_most:
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_columns(ws: Worksheet, minimum: int = 6, maximum: int = MAX_WIDTH) -> None:
    """Each column as wide as its widest value, between ``minimum`` and ``maximum``. Reads the cells written
    (``iter_rows`` made a cell at every empty place of the rectangle: a corpus's matrix is mostly empty)."""
    widths: dict[int, int] = {}
    for cell in ws._cells.values():
        if cell.value is not None and widths.get(cell.column, 0) + 2 < maximum:
            widths[cell.column] = max(widths.get(cell.column, 0), text_width(cell.value, maximum))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, minimum), maximum)


def styled(cell, font: Font | None = None, fill: PatternFill | None = None, alignment: Alignment | None = None):
    """``cell`` with these styles (the module's constants). openpyxl finds a style set on a cell among the
    workbook's by hashing it, cell after cell (two thirds of a corpus workbook's time): each combination is
    registered once per workbook, and the cells take a copy of it."""
    known = ws_styles(cell.parent)
    key = (id(font), id(fill), id(alignment))
    if key in known:
        cell._style = copy(known[key])
        return cell
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    known[key] = copy(cell._style)
    return cell


def ws_styles(ws: Worksheet) -> dict:
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


def _header(ws: Worksheet, values: list, row: int = 1) -> None:
    for col, value in enumerate(values, start=1):
        styled(ws.cell(row, col, value), BOLD, HEADER_FILL)


def _co_units(a: AssignmentView, unit: str | None) -> str:
    parts = [f"{ROLE_ZH[role]}:{'、'.join(units)}" for role, units in
             (a.co_units(unit) if unit else {r: a.units(r) for r in ROLES}).items() if units]
    return ";".join(parts)


def _deadline(a: AssignmentView) -> str:
    if a.recurring:  # 每季度 recurs: its period, and its last day when the text bounds it
        return f"{recurrence.MARK} {recurrence.PERIOD_ZH[a.recurring]}" + (f" 至 {a.due_end}" if a.due_end else "")
    return a.due_end.isoformat() if a.due_end else ("长期" if a.open_ended else "")


def _action(a: AssignmentView) -> tuple[int, str]:
    return a.action_seq, a.action_name


def summary_sheet(ws: Worksheet, items: list[AssignmentView], units: list[str]) -> None:
    """Units × actions, three count columns (牵头/责任/配合) per action, then the totals."""
    actions = sorted({_action(a) for a in items}, key=lambda x: (x[0] == 0, x))
    groups = [*(name or OUTSIDE_ACTIONS for _, name in actions), "合计"]
    ws.cell(1, 1, "单位").font = BOLD
    for i, name in enumerate(groups):
        col = 2 + 3 * i
        ws.cell(1, col, name).font = BOLD
        ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + 2)
        for j, role in enumerate(ROLES):
            ws.cell(2, col + j, ROLE_ZH[role]).font = BOLD
    index = {action: i for i, action in enumerate(actions)}
    counts = {(u, i, r): 0 for u in units for i in range(len(groups)) for r in ROLES}
    shown = set(units)  # one unit's workbook: its partners on an assignment get no row
    for a in items:
        for unit in (u for u in a.all_units() if u in shown):
            for role in a.roles_of(unit):
                counts[(unit, index[_action(a)], role)] += 1
                counts[(unit, len(actions), role)] += 1
    for row, unit in enumerate(units, start=3):
        ws.cell(row, 1, unit)
        for i in range(len(groups)):
            for j, role in enumerate(ROLES):
                ws.cell(row, 2 + 3 * i + j, counts[(unit, i, role)] or None)
    ws.freeze_panes = "B3"
    ws.column_dimensions["A"].width = max(text_width(u) for u in units) + 2 if units else 10
    for col in range(2, 2 + 3 * len(groups)):
        ws.column_dimensions[get_column_letter(col)].width = 6


def matrix_sheet(ws: Worksheet, graph: PropertyGraph, unit: str | None = None,
                 items: list[AssignmentView] | None = None) -> None:
    """Units × tasks; for one ``unit``, its row and the tasks it has a role in. Excel has 16,384 columns: past
    them (about 560 documents of 29 tasks) Excel cannot open the workbook, and past 18,278 openpyxl refuses to
    write it ("Invalid column index"), so a corpus of more tasks gets its matrix turned, a task a row and the
    units across."""
    columns, rows = analysis.responsibility_matrix(graph, items)
    if unit is not None:
        rows = [(name, cells) for name, cells in rows if name == unit]
        kept = [i for i in range(len(columns)) if any(cells[i] for _, cells in rows)]
        columns, rows = [columns[i] for i in kept], [(name, [cells[i] for i in kept]) for name, cells in rows]
    turned = len(columns) + 1 > EXCEL_COLUMNS  # a corpus's tasks: one a row, units across
    units, tasks = [name for name, _ in rows], [label for _, label in columns]
    across, down = (units, tasks) if turned else (tasks, units)
    _header(ws, ["任务" if turned else "单位", *across])
    for r, name in enumerate(down, start=2):
        styled(ws.cell(r, 1, name), BOLD)
    for u, (_, cells) in enumerate(rows, start=2):
        for t, roles in enumerate(cells, start=2):
            if roles:
                r, c = (t, u) if turned else (u, t)
                styled(ws.cell(r, c, analysis.roles_zh(roles)), FONTS[roles[0]], FILLS[roles[0]])
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(across) + 1)}{len(down) + 1}"
    fit_columns(ws, minimum=8)


UNIT_HEADER = ["任务", "行动", "条款内容", "角色", "完成时限", "截止日期", "协同单位"]
STATUS_HEADER = ["状态", "最新进展"]


def _status_values(a: AssignmentView, status) -> list:
    return [status.label(a), status.progress_line(a) or None] if status is not None else []


def unit_sheet(ws: Worksheet, unit: str, items: list[AssignmentView], status=None) -> None:
    """The unit's assignments, grouped by role (牵头 first), then by deadline; with ``status`` (a
    status.StatusContext) a last column 状态 and one 最新进展."""
    _header(ws, UNIT_HEADER + (STATUS_HEADER if status else []))
    mine = [(role, a) for a in items for role in a.roles_of(unit)[:1]]
    mine.sort(key=lambda ra: (ROLES.index(ra[0]), _due_key(ra[1]), ra[1].task_order, ra[1].seq))
    for r, (_, a) in enumerate(mine, start=2):
        roles = a.roles_of(unit)
        values = [a.task, a.action_name, a.text, analysis.roles_zh(roles), a.deadline_text, _deadline(a),
                  _co_units(a, unit)]
        values += _status_values(a, status)
        for c, value in enumerate(values, start=1):
            if c == 4:
                styled(ws.cell(r, c, value), FONTS[roles[0]], FILLS[roles[0]], WRAP)
            else:
                styled(ws.cell(r, c, value), alignment=WRAP)
    ws.freeze_panes = "A2"
    fit_columns(ws)


def _due_key(a: AssignmentView) -> tuple:
    return (a.due_end is None, a.due_end.isoformat() if a.due_end else "")


def deadline_sheet(ws: Worksheet, items: list[AssignmentView], status=None) -> None:
    """Every assignment by the month it is due; open-ended and undated ones last."""
    _header(ws, ["月份", "截止日期", "完成时限", "任务", "牵头单位", "责任单位", "配合单位", "条款内容"]
            + (STATUS_HEADER if status else []))
    ordered = sorted(items, key=lambda a: (_due_key(a), a.task_order, a.seq))
    for r, a in enumerate(ordered, start=2):
        month = "周期" if a.recurring else a.due_end.strftime("%Y-%m") if a.due_end else (
            "长期/持续" if a.open_ended else "无时限")
        values = [month, _deadline(a), a.deadline_reads, a.name, *("、".join(a.units(x)) for x in ROLES), a.text]
        values += _status_values(a, status)
        for c, value in enumerate(values, start=1):
            styled(ws.cell(r, c, value or None), alignment=WRAP)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{len(ordered) + 1}"
    fit_columns(ws)


def build_workbook(graph: PropertyGraph, status=None, unit: str | None = None) -> Workbook:
    """Every unit's workbook, or one ``unit``'s (its name, full name or alias): the same sheets over its own
    assignments, as the Units page offers it."""
    every = analysis.assignments(graph)
    items, units = every, analysis.units_with_assignments(graph, every)
    if unit:
        unit = analysis.resolve_unit(graph, unit, every)
        items, units = [a for a in items if unit in a.all_units()], [unit]
    wb = Workbook()
    summary_sheet(wb.active, items, units)
    wb.active.title = FIXED_SHEETS[0]
    matrix_sheet(wb.create_sheet(FIXED_SHEETS[1]), graph, unit or None, every)
    deadline_sheet(wb.create_sheet(FIXED_SHEETS[2]), items, status)
    taken = {s.lower() for s in FIXED_SHEETS}
    by_unit: dict[str, list[AssignmentView]] = {}
    for a in items:
        for name in a.all_units():
            by_unit.setdefault(name, []).append(a)
    for unit in units:
        unit_sheet(wb.create_sheet(sheet_title(unit, taken)), unit, by_unit.get(unit, []), status)
    for ws in wb.worksheets:
        neutralise_formulas(ws)
    when = analysis.stamp(graph).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "policykg"
    wb.properties.title = "; ".join(d.get("title") or "" for d in graph.rows("Document"))
    return wb


def neutralise_formulas(ws: Worksheet) -> None:
    """Document text is never a formula: openpyxl writes a string starting with ``=`` as one, and Excel runs
    ``+…``, ``-…`` and ``@…`` when the cell is edited. Such cells become strings with Excel's quote prefix, the
    text kept exactly."""
    for cell in ws._cells.values():  # the cells written (iter_rows made one at every empty place)
        if formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def workbook_bytes(graph: PropertyGraph, status=None, unit: str | None = None) -> bytes:
    """``Workbook.save`` sets ``modified`` to the clock, so the writer is driven directly; its ZIP is stored
    uncompressed, as ``restamp_zip`` compresses every member once anyway."""
    buf = io.BytesIO()
    ExcelWriter(build_workbook(graph, status, unit), zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return restamp_zip(buf.getvalue(), analysis.stamp(graph))


def zip_bytes(members: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A ZIP whose bytes depend only on the members: fixed entry times, order and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def restamp_zip(data: bytes, when: datetime) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zip_bytes([(info.filename, zf.read(info)) for info in zf.infolist()], when)
