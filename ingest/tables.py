"""Tables flattened to text: cells ending in '|', one per line or one row per line.

A header row (序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限) says what each column holds; every later row becomes a
task with one attribution built from its role, leader and deadline cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from .attributions import RawAttribution, RawField

HEADER_COLUMNS: dict[str, str] = {
    "序号": "label", "编号": "label",
    "重点工作": "text", "工作任务": "text", "主要任务": "text", "重点任务": "text", "具体任务": "text",
    "任务": "text", "工作内容": "text", "工作措施": "text", "主要内容": "text", "任务内容": "text",
    "政策措施": "text",
    "责任领导": "leaders", "牵头领导": "leaders", "分管领导": "leaders", "市级领导": "leaders",
    "责任人": "leaders",
    "牵头单位": "lead", "牵头部门": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "负责单位": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "参与单位": "cooperating", "协助单位": "cooperating",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "时限": "deadline",
    "备注": "note",
}


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    line: int  # index of the line it sits on


@dataclass(frozen=True)
class TableRow:
    label: str
    label_cell: Cell | None
    text_cell: Cell | None
    attribution: RawAttribution | None
    start: int
    end: int


def is_table_line(text: str) -> bool:
    """Cells end in '|' (one cell per line), or a row joins its cells with '|' (readers write tables so)."""
    stripped = text.strip()
    return stripped.endswith("|") or stripped.count("|") >= 2


def cells_of_line(source: str, start: int, end: int, line_index: int) -> list[Cell]:
    cells, cell_start = [], start
    for i in range(start, end):
        if source[i] == "|":
            s, e = cell_start, i
            while s < e and source[s] == " ":
                s += 1
            while e > s and source[e - 1] == " ":
                e -= 1
            cells.append(Cell(s, e, line_index))
            cell_start = i + 1
    s, e = cell_start, end
    while s < e and source[s] == " ":
        s += 1
    while e > s and source[e - 1] == " ":
        e -= 1
    if s < e:  # a last cell without a closing '|'
        cells.append(Cell(s, e, line_index))
    return cells


def _header_width(source: str, cells: list[Cell]) -> list[str]:
    columns = []
    for cell in cells:
        kind = HEADER_COLUMNS.get(source[cell.start : cell.end].replace(" ", ""))
        if kind is None:
            break
        columns.append(kind)
    return columns if len(columns) >= 2 and "text" in columns else []


def _rows(cells: list[Cell], width: int, one_row_per_line: bool) -> list[list[Cell]]:
    if not one_row_per_line:
        return [cells[i : i + width] for i in range(0, len(cells), width)]
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.line, []).append(cell)
    return list(rows.values())


def parse_table(source: str, lines: list[tuple[int, int, int]]) -> tuple[list[str], list[TableRow], list[Cell]]:
    """Rows of a table given its lines as (start, end, index). Returns columns, rows, and leftover cells."""
    cells = [c for s, e, i in lines for c in cells_of_line(source, s, e, i)]
    columns = _header_width(source, cells)
    if not columns:
        return [], [], cells
    one_per_line = len(cells_of_line(source, lines[0][0], lines[0][1], lines[0][2])) > 1
    body = cells[len(columns) :]
    rows, leftover, previous = [], [], None
    for n, row in enumerate(_rows(body, len(columns), one_per_line), start=1):
        if len(row) != len(columns):
            leftover += row
            continue
        row = _fill_merged(columns, row, previous)
        rows.append(_row(source, columns, row, n))
        previous = row
    return columns, rows, leftover


def _fill_merged(columns: list[str], row: list[Cell], previous: list[Cell] | None) -> list[Cell]:
    """A merged cell is printed once, in its first row: empty role/deadline cells take the cell above."""
    if previous is None:
        return row
    return [prev if kind not in ("label", "text") and cell.start == cell.end else cell
            for kind, cell, prev in zip(columns, row, previous, strict=True)]


def _row(source: str, columns: list[str], row: list[Cell], n: int) -> TableRow:
    by_kind = {kind: cell for kind, cell in zip(columns, row, strict=True)}
    label_cell = by_kind.get("label")
    label = source[label_cell.start : label_cell.end] if label_cell else str(n)
    fields = tuple(
        RawField(kind, cell.start, cell.end)
        for kind, cell in zip(columns, row, strict=True)
        if kind not in ("label", "text") and cell.start < cell.end
    )
    role_cells = [c for k, c in zip(columns, row, strict=True) if k not in ("label", "text")]
    attribution = None
    if fields:
        attribution = RawAttribution(min(c.start for c in role_cells), max(c.end for c in role_cells), fields,
                                     "table")
    return TableRow(label, label_cell, by_kind.get("text"), attribution, min(c.start for c in row),
                    max(c.end for c in row))
