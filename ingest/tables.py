"""Tables flattened to text: cells ending in '|', one per line or one row per line.

A header row (序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限) says what each column holds; every later row becomes a
task with one attribution built from its role, leader and deadline cells. Tables pasted from Word or Excel
separate their cells with tabs; normalising writes those tabs as '|' (``tab_separators``), so they parse alike.

An empty cell (``||``, two tabs) is empty. Only a cell that is missing — a row with fewer cells than the header,
as a merged (rowspan) cell leaves it — takes the cell above. A row with an empty or repeated 序号 goes on with
the task above (``TableRow.continues``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from .attributions import RawAttribution, RawField, column_key_kind, value_fields
from .deadlines import resolve_deadline
from .structure import split_lines

HEADER_COLUMNS: dict[str, str] = {
    "序号": "label", "编号": "label",
    "重点工作": "text", "工作任务": "text", "主要任务": "text", "重点任务": "text", "具体任务": "text",
    "任务": "text", "工作内容": "text", "工作措施": "text", "主要内容": "text", "任务内容": "text",
    "政策措施": "text",
    "责任领导": "leaders", "牵头领导": "leaders", "分管领导": "leaders", "市级领导": "leaders",
    "责任人": "leaders", "负责领导": "leaders", "包抓领导": "leaders",
    "牵头单位": "lead", "牵头部门": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "负责单位": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "参与单位": "cooperating", "协助单位": "cooperating",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "时限": "deadline",
    "备注": "note",
}
_ROLES = ("lead", "responsible", "cooperating")  # columns whose cells may go on with role phrases (X牵头,Y配合)
_BAR = re.compile(r"\|")
_TAB = re.compile("\t")
_TAB_RUN = re.compile("\t+")
# What a 序号 cell holds (brackets and 、 are half-width or kept as they are after normalising).
_LABEL_RE = re.compile(r"\(?(?:\d{1,3}|[一二三四五六七八九十]{1,3})\)?[.、]?|[\u2460-\u2473]")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    line: int  # index of the line it sits on


@dataclass(frozen=True)
class TableRow:
    label: str
    label_cell: Cell | None  # where ``label`` is written: the row above's cell for a row that continues
    text_cell: Cell | None
    attribution: RawAttribution | None
    start: int
    end: int
    continues: bool = False  # 序号 empty, missing or the same as the row above: more of the task above


def is_table_line(text: str) -> bool:
    """Cells end in '|' (one cell per line), or a row joins its cells with '|' (readers write tables so)."""
    stripped = text.strip()
    return stripped.endswith("|") or stripped.count("|") >= 2


def tab_separators(text: str) -> list[int]:
    """Offsets of the tabs that separate table cells, for normalising to write as '|'.

    A table starts at a line whose tab-separated cells begin with a recognised header row, so a tab in prose
    never makes a table, and goes on over the lines after it with two tabs or more (three cells, as
    ``is_table_line`` asks of '|'); blank lines do not end it. Every tab separates, so two tabs enclose an
    empty cell, unless the header itself lines its columns up with runs of tabs: then a run is one separator.
    """
    found: list[int] = []
    tab: re.Pattern | None = None
    for line in split_lines(text):
        s = line.text(text)
        if not s.strip():
            continue
        if tab is None or len(tab.findall(s)) < 2:
            tab = _tab_header(s)
        if tab is not None:
            found += [line.start + m.start() for m in tab.finditer(s)]
    return found


def _tab_header(line: str) -> re.Pattern | None:
    """How a header row separates its cells (one tab, or runs of tabs), or None if it is not a header row."""
    tab = _TAB_RUN if "\t\t" in line.strip() else _TAB
    return tab if _columns(tab.split(line)) else None


def cells_of_line(source: str, start: int, end: int, line_index: int, closing: bool = True) -> list[Cell]:
    """The cells between '|'s, spaces trimmed. A '|' that ends the line closes the last cell when the table
    writes its cells so (``closing``, as its header does); otherwise it opens an empty last cell."""
    cells, cell_start = [], start
    for m in _BAR.finditer(source, start, end):
        cells.append(_trimmed(source, cell_start, m.start(), line_index))
        cell_start = m.end()
    last = _trimmed(source, cell_start, end, line_index)
    if last.start < last.end or not closing:
        cells.append(last)
    return cells


def _trimmed(source: str, s: int, e: int, line_index: int) -> Cell:
    while s < e and source[s] == " ":
        s += 1
    while e > s and source[e - 1] == " ":
        e -= 1
    return Cell(s, e, line_index)


def column_kind(name: str) -> str | None:
    """What a header name says its column holds (a key's role word, 完成时间 a deadline, …任务/…内容 the task
    text, …领导 leaders); None for a column the parser does not read."""
    name = name.replace(" ", "")
    if name in HEADER_COLUMNS:
        return HEADER_COLUMNS[name]
    if kind := column_key_kind(name):
        return kind
    if name.endswith(("完成时间", "完成时限", "完成期限")):
        return "deadline"
    if name.endswith("领导"):
        return "leaders"
    return "text" if name.endswith(("任务", "重点工作", "内容", "措施", "事项")) else None


def _columns(names: Iterable[str]) -> list[str]:
    """Column kinds of a header row: its leading recognised names, if they include the task text."""
    columns = []
    for name in names:
        kind = column_kind(name)
        if kind is None:
            break
        columns.append(kind)
    return columns if len(columns) >= 2 and "text" in columns else []


def _header_width(source: str, cells: list[Cell]) -> list[str]:
    return _columns(source[cell.start : cell.end] for cell in cells)


def _rows(cells: list[Cell], width: int, one_row_per_line: bool) -> list[list[Cell]]:
    if not one_row_per_line:
        return [cells[i : i + width] for i in range(0, len(cells), width)]
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.line, []).append(cell)
    return list(rows.values())


def parse_table(source: str, lines: list[tuple[int, int, int]]) -> tuple[list[str], list[TableRow], list[Cell]]:
    """Rows of a table given its lines as (start, end, index). Returns columns, rows, and leftover cells."""
    first_start, first_end, _ = lines[0]
    closing = source[first_start:first_end].rstrip(" ").endswith("|")
    per_line = [cells_of_line(source, s, e, i, closing) for s, e, i in lines]
    cells = [cell for line in per_line for cell in line]
    columns = _header_width(source, cells)
    if not columns:
        return [], [], cells
    body = cells[len(columns) :]
    rows: list[TableRow] = []
    leftover: list[Cell] = []
    above: list[Cell] | None = None  # the row above, its missing cells filled in
    for n, row in enumerate(_rows(body, len(columns), len(per_line[0]) > 1), start=1):
        own = _align(source, columns, row, above is not None)
        if own is None:
            leftover += row
            continue
        filled = [cell or cell_above for cell, cell_above in zip(own, above or own, strict=True)]
        rows.append(_row(source, columns, own, filled, rows[-1] if rows else None, n))
        above = filled
    return columns, rows, leftover


def _align(source: str, columns: list[str], row: list[Cell], has_above: bool) -> list[Cell | None] | None:
    """The row's cells under their columns, None where a merged cell from above is missing; None if they
    cannot be placed. Cells beyond the header that are empty are a closing '|'. A shorter row is placed only
    when a row above can fill it and exactly one order-keeping placement puts 序号-like cells under 序号,
    deadlines under 完成时限 and the rest elsewhere."""
    width = len(columns)
    if len(row) > width and all(cell.start == cell.end for cell in row[width:]):
        row = row[:width]
    if len(row) == width:
        return list(row)
    if len(row) > width or not has_above:
        return None
    fits = [placing for placing in combinations(range(width), len(row))
            if all(_fits(source, columns[k], cell) for k, cell in zip(placing, row, strict=True))]
    if len(fits) != 1:
        return None
    placed = dict(zip(fits[0], row, strict=True))
    return [placed.get(k) for k in range(width)]


def _fits(source: str, kind: str, cell: Cell) -> bool:
    text = source[cell.start : cell.end]
    if not text:
        return True
    is_deadline = resolve_deadline(text, 2000) is not None  # the form only: any year will do
    return (kind == "label") == bool(_LABEL_RE.fullmatch(text)) and (kind == "deadline") == is_deadline


def _row(source: str, columns: list[str], own: list[Cell | None], row: list[Cell], above: TableRow | None,
         n: int) -> TableRow:
    """``own``: the row's cells (None: missing); ``row``: the same with missing cells taken from above."""
    by_kind = {kind: cell for kind, cell in zip(columns, row, strict=True)}
    label_cell = by_kind.get("label")
    label = source[label_cell.start : label_cell.end] if label_cell else str(n)
    continues = label_cell is not None and above is not None and bool(above.label) and label in ("", above.label)
    if continues:
        label, label_cell = above.label, above.label_cell
    fields = tuple(
        field
        for kind, cell in zip(columns, row, strict=True)
        if kind not in ("label", "text") and cell.start < cell.end
        for field in (value_fields(source, kind, cell.start, cell.end) if kind in _ROLES
                      else [RawField(kind, cell.start, cell.end)])
    )
    role_cells = [c for k, c in zip(columns, row, strict=True) if k not in ("label", "text")]
    own_role_cells = [c for k, c in zip(columns, own, strict=True) if k not in ("label", "text") and c] or role_cells
    attribution = None
    if fields:
        attribution = RawAttribution(min(c.start for c in own_role_cells), max(c.end for c in own_role_cells),
                                     fields, "table")
    own_cells = [c for c in own if c]
    return TableRow(label, label_cell, by_kind.get("text"), attribution, min(c.start for c in own_cells),
                    max(c.end for c in own_cells), continues)
