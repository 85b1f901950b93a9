"""Tables flattened to text: cells ending in '|', one per line or one row per line.

A header row (序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限) says what each column holds; every later row becomes a
task with one attribution built from its role, leader and deadline cells. Tables pasted from Word or Excel
separate their cells with tabs; normalising writes those tabs as '|' (``tab_separators``), so they parse alike.

A header may name columns no rule knows (月度工作计划, 落实情况): when all its names are short and one is named like
a role key, those columns are kept and not read, and with no column named as the task's text, the first unknown
one after 序号 holds it (the table's subject, 项目内容 garbled or 民生实事).

An empty cell (``||``, two tabs) is empty. Only a cell that is missing — a row with fewer cells than the header,
as a merged (rowspan) cell leaves it — takes the cell above. A web page that drops a merged cell but keeps the
row's closing '|' prints a row as wide as the header whose last cell is empty and whose role cell holds a
sentence (the progress note slid left): that row is read as the shorter row it is; so is a row whose cells
slid left past a lost cell, a unit standing under 分管领导 or a column not read (units stand under role columns
only) or a one-character mark under 分管领导. A shorter row is placed when every placement that fits puts the same
cells under 序号, the roles and the deadline. A row with an empty or repeated 序号 goes on with the task above
(``TableRow.continues``).

Rows whose header was not kept (each opens with its number) are read by ``headless_rows`` when exactly one
column holds nothing but units in every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from .attributions import (
    HEADER_NAME_MAX,
    ROLE_KINDS,
    RawAttribution,
    RawField,
    column_key_kind,
    inline_fields,
    role_cell_fields,
)
from .deadlines import find_deadlines, resolve_deadline
from .structure import ACTION_RE, SECTION_RE, Line, split_lines

HEADER_COLUMNS: dict[str, str] = {
    "序号": "label", "编号": "label",
    "重点工作": "text", "工作任务": "text", "主要任务": "text", "重点任务": "text", "具体任务": "text",
    "任务": "text", "工作内容": "text", "工作措施": "text", "主要内容": "text", "任务内容": "text",
    "政策措施": "text", "任务名称": "text",
    "责任领导": "leaders", "牵头领导": "leaders", "分管领导": "leaders", "市级领导": "leaders",
    "责任人": "leaders", "负责领导": "leaders", "包抓领导": "leaders",
    "牵头单位": "lead", "牵头部门": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "负责单位": "responsible",
    # the towns and sub-districts that carry a district's task out in their area (责任街镇 beside 责任部门)
    "责任街镇": "responsible", "责任镇街": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "参与单位": "cooperating", "协助单位": "cooperating",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "时限": "deadline",
    # the time a task is to take, as a schedule's column names it (时间进度: 2016年底前, 常态工作)
    "时间进度": "deadline", "时间要求": "deadline",
    # the period of a project's work (建设时间: 2024, 2024年3月-10月): its 'by' date is the row's deadline
    "建设时间": "deadline", "实施时间": "deadline", "建设期限": "deadline", "实施期限": "deadline",
    "建设年限": "deadline",
    "备注": "note",
}
_ROLES = ("lead", "responsible", "cooperating")  # columns whose cells may go on with role phrases (X牵头,Y配合)
_READ = ("lead", "responsible", "cooperating", "leaders", "deadline", "note")  # the kinds a row's attribution has
_NAME_CELL_MAX = 60  # a role cell longer than this is a note that slid into the column
_BAR = re.compile(r"\|")
_TAB = re.compile("\t")
_TAB_RUN = re.compile("\t+")
# Two role names joined in one column's name (责任主体与协同单位, 牵头及配合单位), or offered as alternatives
# (责任单位或牵头单位: the unit answerable, or leading where others help).
_JOINED_NAMES = re.compile(r"(?P<first>[\u4e00-\u9fff]{2,4}?)(?P<noun>单位|部门|主体)?(?:与|和|及|、|或)"
                           r"[\u4e00-\u9fff]{2,4}?(?P<last>单位|部门)")
# A post or a person in a leaders cell (徐国江, 常务副区长), not a one-character mark (是) slid into the column.
_LEADERS_CELL_MIN = 2
# A column's name with what else its cells may hold in a bracket after it (责任股室(单位), 完成时限(月)).
_NAME_QUALIFIER = re.compile(r"[(（][^()（）]{1,6}[)）]$")
# …or with how to read its cells (责任部门(加*号为牵头部门,其余为参与部门), its space read as a key's colon when the
# cell was typeset over lines): a note of the document's convention, which the whole text is read for; the column is
# the name's.
_NAME_NOTE = re.compile(r"[:：]?[(（][^()（）]{7,40}[)）]$")
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
    numbered: bool = True  # False: no 序号 printed, ``label`` only counts the rows (for warnings)
    inherited: bool = False  # every cell it is read by (roles, deadline) is the row above's, merged over it


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


# A row of a grid whose cells a page put on lines of their own: '|' opens every cell after the first, a lone '|'
# closes the row, and a narrow cell's text may run over several lines (市政 / 府办 / 公厅).
_ROW_LINES_MAX = 12  # lines one such row may take; a longer stretch without a closing '|' is no row


def broken_row_breaks(text: str) -> list[int]:
    """Offsets of the line breaks inside the rows of a grid printed a cell per line with '|' opening each cell
    after the first and a lone '|' closing each row (牵头单位 / | 目 标 任 务 / | 责 任 单 位 / |). Joined, every row is
    one line of cells parted by '|', as readers write tables. Only a run whose first row (its header, one line per
    cell) names columns as a header does is joined; it ends at the first stretch that is not such a row."""
    if "\n|" not in text:
        return []
    lines = split_lines(text)
    found: list[int] = []
    i = 0
    while i < len(lines):
        header = _broken_row(text, lines, i, header=True)
        if header is None:
            i += 1
            continue
        while header is not None or (row := _broken_row(text, lines, i, header=False)) is not None:
            last = header if header is not None else row
            found += [line.end for line in lines[i:last]]  # the breaks before the row's closing '|'
            i, header = last + 1, None
    return found


# A table whose rows each print on one line, every cell closed by '|', where a cell's text was typeset over two
# lines or more (… | 市规划局 | 市国土资源局 / 市农牧林业局 | 2010年9月20日前 |): the line that stops before its
# closing '|' goes on at the next, and together they hold no more cells than the header names.
_WRAPPED_ROW_LINES_MAX = 4
_ROW_OPENS = re.compile(rf"(?:{_LABEL_RE.pattern})\s*(?:\||$)|\d{{1,3}}[.、](?=\S)|{SECTION_RE.pattern}|{ACTION_RE.pattern}")


def wrapped_cell_breaks(text: str) -> list[int]:
    """Offsets of the line breaks inside a row of a table printed a row per line whose cell ran over lines: after
    a header line that names columns as a header does (closed by '|'), a line with cells that does not close with
    '|', joined to the lines after it up to one that does, when they hold the header's cells (or one fewer, a merged
    first cell left out): two rows that each lost their closing '|' are never one."""
    if "|" not in text:
        return []
    lines = split_lines(text)
    found: list[int] = []
    width = 0  # the header's cells while inside such a table
    i = 0
    while i < len(lines):
        s = lines[i].text(text).strip()
        if not s or "|" not in s:
            width, i = 0, i + 1
            continue
        if s.endswith("|"):
            if not width and s.count("|") >= _HEADER_CELLS_MIN and _columns(
                    c.strip() for c in s.rstrip("|").split("|")):
                width = s.count("|")
            i += 1
            continue
        if not width:
            i += 1
            continue
        bars, j = s.count("|"), i + 1
        while j < len(lines) and j - i < _WRAPPED_ROW_LINES_MAX:
            nxt = lines[j].text(text).strip()
            if not nxt or _ROW_OPENS.match(nxt):  # the next row, opened by its number or a group's heading
                break
            bars += nxt.count("|")
            if nxt.endswith("|"):
                break
            j += 1
        if j < len(lines) and j - i < _WRAPPED_ROW_LINES_MAX and lines[j].text(text).strip().endswith("|") \
                and width - 1 <= bars <= width:  # a whole row, or one whose merged first cell the copy left out
            found += [line.end for line in lines[i:j]]
            i = j + 1
        else:
            i += 1
    return found


# A grid whose page put each cell on a line and the '|' closing it on the next line alone, runs of '|' for the
# empty cells a merged cell left (序号 / | / 项目 / | / … / 1 / | / 主要预期目标 / | / … / ★区财政局、税务局 / | / |||).
_BARS = re.compile(r"\|+")
_SECTION_CELL = SECTION_RE  # 一、… printed as a row of the grid: no header name
_GROUP_CELL = re.compile(rf"{SECTION_RE.pattern}|{ACTION_RE.pattern}")  # 一、… or (一)… heading a merged group
_HEADER_CELLS_MIN = 3


def closing_bar_breaks(text: str) -> list[int]:
    """Offsets of the line breaks before the lines of nothing but '|' in a grid printed a cell per line with the
    '|' closing each cell on the line after it. Joined, each cell ends in its '|', as a table printed one cell
    per line does. Only a run whose first cells (one line each, each closed so) name columns as a header does is
    joined, and only when its rows line up under the header (``loose_grid_bars`` takes the others); it ends at
    the first line that is neither such a cell nor its bars."""
    found: list[int] = []
    for i, end, lined_up, wraps in _closing_bar_grids(text):
        lines = split_lines(text)
        if lined_up:
            found += [lines[k - 1].end for k in range(i + 1, end) if _BARS.fullmatch(lines[k].text(text).strip())]
            found += wraps
    return found


def loose_grid_bars(text: str) -> list[int]:
    """Offsets of the '|' of such a grid whose rows do not line up under its header: its numbered rows are not
    each as wide as the header, because a cell merged over the rows under it is printed once, above the first
    (工作任务 / | / 强化规范性文件公开 / | / 1 / | / … / 2 / | / …: the task's group printed on its first row only), or
    a number column has no name of its own. Read cell by cell, without the grid's bars, they are a table printed
    one cell per line, whose units the cells under a header read (as a copy that lost its bars is read)."""
    found: list[int] = []
    for i, end, lined_up, wraps in _closing_bar_grids(text):
        if lined_up:
            continue
        lines = split_lines(text)
        for line in lines[i:end]:
            if _BARS.fullmatch(line.text(text).strip()):
                found += [line.start + m.start() for m in _BAR.finditer(line.text(text))]
        found += wraps  # a cell typeset over several lines is one line of its own
    return found


# A cell of a grid printed a cell per line with the '|' closing it on the same line (县人社局 |), or a line of '|' alone
# (an empty cell each).
_CLOSED_CELL = re.compile(r"[^|]*\|")
_EMPTY_CELLS = re.compile(r"\|+")


def closed_cell_grid_bars(text: str) -> list[int]:
    """Offsets of the '|' of a grid printed a cell per line, each cell closed by its own '|' on its line (序号 | /
    类别 | / … / 1 | / 一、就业促进(3项) | / … / 县人社局 | / …), whose rows do not line up under its header: a cell
    merged over the rows under it (类别, 牵头单位) is printed by the first row only, and a row's sub-rows (a second
    target under the same project: “三公里”充分就业社区4个 | / 4 | / 4 | / 100% | / |) print only the cells they own,
    so counting the header's width from row 1 puts later units under other columns. Read cell by cell without
    the bars, as ``loose_grid_bars`` has such a grid read, each numbered row's units are the cells the header's
    role column names. A grid whose rows line up (each as wide as its header, a repeated header as wide) is read
    as the table it is; so is one whose rows open with a lone '|' (``_opened_rows``)."""
    if "|" not in text:
        return []
    lines = split_lines(text)
    found: list[int] = []
    i = 0
    while i < len(lines):
        names, k = [], i
        while k < len(lines) and (s := lines[k].text(text).strip()) != "|" and _CLOSED_CELL.fullmatch(s):
            names.append(s[:-1].strip())
            k += 1
        header = []
        for name in names:
            if not name or _LABEL_RE.fullmatch(name) or name_length(name) > HEADER_NAME_MAX or _SECTION_CELL.match(name):
                break
            header.append(name)
        columns = _columns(header) if len(header) >= _HEADER_CELLS_MIN and (i == 0 or not _lone_bar_line(
            text, lines[i - 1])) else []
        if not columns:
            i = max(k, i + 1)
            continue
        cells = names[len(header):]
        while k < len(lines) and (s := lines[k].text(text).strip()) and (
                _CLOSED_CELL.fullmatch(s) or _EMPTY_CELLS.fullmatch(s)):
            cells += [""] * len(s) if _EMPTY_CELLS.fullmatch(s) else [s[:-1].strip()]
            k += 1
        if not _rows_line_up(header + cells, columns):
            found += [line.start + m.start() for line in lines[i:k] for m in _BAR.finditer(line.text(text))]
        i = k
    return found


def _lone_bar_line(text: str, line: Line) -> bool:
    return line.text(text).strip() == "|"


def _closing_bar_grids(text: str) -> list[tuple[int, int, bool, list[int]]]:
    """Each closing-bar grid as (its first line, the line after it, whether its rows line up under its header, the
    line breaks inside its cells typeset over several lines)."""
    if "\n|" not in text:
        return []
    lines = split_lines(text)
    grids: list[tuple[int, int, bool, list[int]]] = []
    i = 0
    while i < len(lines):
        closed = _closed_cells(text, lines, i)
        if closed is None:
            i += 1
            continue
        end, cells, header, wraps = closed
        grids.append((i, end, _rows_line_up(cells, _columns(header)), wraps))
        i = end
    return grids


_CELL_LINES_MAX = 6  # lines a cell of such a grid may be typeset over (a merged group's cell: (一) / 持续 / 推进 / …)


def _cell_bar(text: str, lines: list[Line], k: int, wrap: bool) -> int | None:
    """The index of the line of '|' closing the cell that starts at line ``k``: the next line, or with ``wrap`` one
    up to ``_CELL_LINES_MAX`` lines on, every line before it the cell's (a cell typeset narrow over several lines:
    责任部门 / (加*号为牵头部门, / 其余为参与部门)); None when no such line closes it."""
    for j in range(k + 1, min(k + 1 + (_CELL_LINES_MAX if wrap else 1), len(lines))):
        s = lines[j].text(text).strip()
        if _BARS.fullmatch(s):
            return j
        if not s or "|" in s:
            return None
    return None


def _closed_cells(text: str, lines: list[Line], i: int) -> tuple[int, list[str], list[str], list[int]] | None:
    """The end of a run of cells each followed by its line of '|' starting at line ``i``, its cells (an empty
    one for each further '|'), its header's names, when its first cells name columns, and the line breaks inside
    its cells typeset over several lines (never the first: a line above a grid is no part of its header); else
    None."""
    names, cells, wraps, k = [], [], [], i
    while k + 1 < len(lines):
        cell = lines[k].text(text).strip()
        if not cell or "|" in cell or (bar := _cell_bar(text, lines, k, wrap=k > i)) is None:
            break
        cell = "".join(lines[j].text(text).strip() for j in range(k, bar))
        wraps += [lines[j].end for j in range(k, bar - 1)]
        names.append(cell)
        cells += [cell, *[""] * (len(lines[bar].text(text).strip()) - 1)]
        k = bar + 1
        while k < len(lines) and _BARS.fullmatch(lines[k].text(text).strip()):
            cells += [""] * len(lines[k].text(text).strip())  # empty cells: their '|' alone
            k += 1
    header = []
    for name in names:
        if _LABEL_RE.fullmatch(name) or name_length(name) > HEADER_NAME_MAX or _SECTION_CELL.match(name):
            break
        header.append(name)
    return (k, cells, header, wraps) if len(header) >= _HEADER_CELLS_MIN and _columns(header) else None


def _rows_line_up(cells: list[str], columns: list[str | None]) -> bool:
    """Whether the numbers that count the rows (1, 2, 3 …) stand a header's width apart, each under 序号 when the
    header names one: then every row prints every cell, and the grid is read as the table it is."""
    width = len(columns)
    body = cells[width:]
    numbers, previous = [], 0
    for k, cell in enumerate(body):
        if cell.isdigit() and len(cell) <= 3 and int(cell) == previous + 1:
            numbers.append(k)
            previous += 1
    if len(numbers) < 2 or not width:
        return True
    column = columns.index("label") if "label" in columns else None
    return all((k - numbers[0]) % width == 0 for k in numbers) and (column is None or numbers[0] % width == column) \
        and ("label" in columns or numbers[0] % width == 0)


def _broken_row(text: str, lines: list[Line], i: int, header: bool) -> int | None:
    """The index of the lone '|' closing a broken row that starts at line ``i``, or None. A header's first cell is
    its one line and its cells must name columns; a row's first cell may run over lines before its first '|', and
    may be all the row prints (its other cells merged into the row above's)."""
    firsts, names, k = [], [], i
    while k < len(lines) and k - i < _ROW_LINES_MAX:
        s = lines[k].text(text).strip()
        if not s or (s.count("|") > 1 or (s.endswith("|") and s != "|")):
            return None
        if s == "|":
            break
        if s.startswith("|"):
            names.append(s[1:].strip())
        elif names:
            names[-1] += s  # a cell's text wrapped onto the next line
        else:
            firsts.append(s)
        k += 1
    else:
        return None
    if not firsts or (header and (not names or len(firsts) > 1 or not _columns(firsts + names))):
        return None
    return k  # a row of its first cell alone: a merge above took the others (a row of the grid still)


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


def name_length(name: str) -> int:
    """A header name's length, its note of how to read the column left out: what tells a name from a cell."""
    return len(_NAME_NOTE.sub("", name.replace(" ", "")))


def qualifies_name(text: str) -> bool:
    """A line that is only a column name's bracketed qualifier ((单位) under 责任股室): part of the name above."""
    return _NAME_QUALIFIER.fullmatch(text.replace(" ", "")) is not None


def column_kind(name: str) -> str | None:
    """What a header name says its column holds (a key's role word, 完成时间 a deadline, …任务/…内容 the task
    text, …领导 leaders); None for a column the parser does not read."""
    name = name.replace(" ", "")
    if (bare := _NAME_QUALIFIER.sub("", _NAME_NOTE.sub("", name))) != name and bare:  # 责任股室(单位): the name
        return column_kind(bare)
    if name in HEADER_COLUMNS:
        return HEADER_COLUMNS[name]
    if kind := column_key_kind(name):
        return kind
    if joined := _JOINED_NAMES.fullmatch(name):  # 责任主体与协同单位: the first name's role decides
        if kind := column_key_kind(joined["first"] + (joined["noun"] or joined["last"])):
            return kind
    if name.endswith(("完成时间", "完成时限", "完成期限", "时间节点")):
        return "deadline"
    if name.endswith("领导"):
        return "leaders"
    if name.endswith(("计划", "安排")):  # 月度工作计划, 工作进度安排: steps whose 'by' date is the row's deadline
        return "schedule"
    return "text" if name.endswith(("任务", "重点工作", "内容", "措施", "事项")) else None


def _columns(names: Iterable[str]) -> list[str | None]:
    """Column kinds of a header row: every column when its names are all short and one is named like a role
    key (None for the columns the parser does not read), else its leading recognised names; either way with
    the task's text among them."""
    names = ["".join(name.split()) for name in names]
    kinds = [column_kind(name) for name in names]
    if len(names) >= 3 and all(0 < name_length(n) <= HEADER_NAME_MAX for n in names) and any(k in _ROLES for k in kinds):
        first = 1 if kinds[0] == "label" else 0  # the subject's column (项目内容 garbled, 民生实事, 行业名称)
        if "text" not in kinds and None in kinds[first:]:
            kinds[kinds.index(None, first)] = "text"
        if "text" in kinds:
            return kinds
    leading = []
    for kind in kinds:
        if kind is None:
            break
        leading.append(kind)
    return leading if len(leading) >= 2 and "text" in leading else []


def _header_width(source: str, cells: list[Cell], one_row_per_line: bool) -> list[str | None]:
    """The header's columns: the first line's cells when each row has a line, else the cells up to the first
    row's number."""
    names = [source[cell.start : cell.end] for cell in cells]
    if one_row_per_line:
        names = names[: sum(1 for cell in cells if cell.line == cells[0].line)]
        while len(names) > 1 and not names[-1]:  # 时限要求 | ||: the closing bars of a row wider than its names
            names.pop()
    else:
        names = names[: next((k for k, n in enumerate(names) if k and (_LABEL_RE.fullmatch(n) or _SECTION_CELL.match(n))),
                             len(names))]
    return _columns(names)


def _rows(cells: list[Cell], width: int, one_row_per_line: bool) -> list[list[Cell]]:
    if not one_row_per_line:
        return [cells[i : i + width] for i in range(0, len(cells), width)]
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.line, []).append(cell)
    return list(rows.values())


def parse_table(source: str, lines: list[tuple[int, int, int]], lists_units: Callable[[int, int], bool] | None = None
                ) -> tuple[list[str | None], list[TableRow], list[Cell]]:
    """Rows of a table given its lines as (start, end, index). Returns columns, rows, and leftover cells.
    ``lists_units`` tells whether a role cell names units, for rows whose merged role cell went missing."""
    first_start, first_end, _ = lines[0]
    closing = source[first_start:first_end].rstrip(" ").endswith("|")
    per_line = _opened_rows(source, lines, closing)
    if per_line is None:
        # a lone '|' above the header parts no row from it (the grid's rows are parted by such lines)
        while len(lines) > 1 and _lone_bar(source, lines[0]):
            lines = lines[1:]
        first_start, first_end, _ = lines[0]
        closing = source[first_start:first_end].rstrip(" ").endswith("|")
        per_line = [cells_of_line(source, s, e, i, closing) for s, e, i in lines]
    one_row_per_line = len(per_line[0]) > 1
    top = _header_line(source, per_line) if one_row_per_line else 0
    above_header = [cell for line in per_line[:top] for cell in line]
    cells = [cell for line in per_line[top:] for cell in line]
    columns = _header_width(source, cells, one_row_per_line) if cells else []
    if not columns:
        return [], [], above_header + cells
    body = [cell for cell in cells[len(columns) :] if cell.line != cells[0].line] if one_row_per_line \
        else cells[len(columns) :]
    body_rows = _rows(body, len(columns), one_row_per_line)
    header_width = len(columns)
    if one_row_per_line:
        columns = _merged_header(source, columns, body_rows)
    # the groups of a merged header's rows (一、… | (一)… before the row's number): headings, left over as a section
    # row is, so each opens its part where the row that prints it starts
    groups = range(columns.index("text")) if len(columns) > header_width else range(0)
    rows: list[TableRow] = []
    leftover: list[Cell] = []
    above: list[Cell] | None = None  # the row above, its missing cells filled in
    cut = _cut_last_line(source, lines, closing) if one_row_per_line else None
    for n, row in enumerate(body_rows, start=1):
        is_cut = 1 < len(row) < len(columns) and row[0].line == cut  # (as wide as the header: only its '|' lost)
        own = None if _section_row(source, row) or _repeated_header(source, columns, row) else _align(
            source, columns, row[:-1] if is_cut else row, above is not None, lists_units)
        if own is None:
            leftover += row
            continue
        leftover += [cell for k, cell in enumerate(own) if k in groups and cell is not None
                     and _GROUP_CELL.fullmatch(source[cell.start : cell.end])]
        # a row the text's end cut off: its last cell is a piece, and the cells after it were lost, not merged
        # from the row above; it names whom its whole cells name
        filled = own if is_cut else [
            cell or cell_above for cell, cell_above in zip(own, above or own, strict=True)]
        rows.append(_row(source, columns, own, filled, rows[-1] if rows else None, n))
        above = filled
    return columns, rows, above_header + leftover


def _cut_last_line(source: str, lines: list[tuple[int, int, int]], closing: bool) -> int | None:
    """The index of the table's last line when the text's end cut it off: a table whose rows close with '|' whose
    last row stops, with the text, before its closing '|' (3 | 新改扩建公办幼儿园3所 | 新建成投用…,新): a copy kept
    only so far (a row there as wide as the header lost only its '|'); else None."""
    start, end, index = lines[-1]
    return index if closing and not source[start:end].rstrip().endswith("|") and not source[end:].strip() else None


def _repeated_header(source: str, columns: list[str | None], row: list[Cell]) -> bool:
    """The header printed again where a page broke the table (序号 | 指标名称 | … | 牵头单位 | 责任单位 |): no row; its
    names are each its column's, from 序号 on."""
    cells = _filled(row)
    return (len(cells) >= 3 and source[cells[0].start : cells[0].end] in ("序号", "编号")
            and _columns(source[c.start : c.end] for c in cells) == columns[: len(cells)])


def _filled(row: list[Cell]) -> list[Cell]:
    """The row without the empty cells after its last one (its closing '|'s)."""
    end = len(row)
    while end and row[end - 1].start == row[end - 1].end:
        end -= 1
    return row[:end]


def _merged_header(source: str, columns: list[str | None], rows: list[list[Cell]]) -> list[str | None]:
    """Columns for rows wider than their header: a header whose names each span two columns (工作任务 over a row's
    group cells 一、… and (一)…, 具体要求 over its number and its text), printed once each as a page writes merged
    header cells. The rows are read from the right under the header's last names, the columns that say who does
    the work and by when (责任单位 | 时限要求), which end the table; of the columns before them, the one whose cells
    are all numbers is the rows' 序号, the last other one holds the task's text, and those left of it the groups
    the rows fall in (cells merged over the rows, printed once by the row that opens the group), which are not
    read. The header's columns as they are when no row is wider, or when the header does not end so."""
    width = len(columns)
    first_read = next((k for k, kind in enumerate(columns) if kind in _READ), None)
    wide = max((len(_filled(row)) for row in rows), default=0)
    if wide <= width or first_read is None or any(kind not in _READ for kind in columns[first_read:]):
        return columns
    right = columns[first_read:]
    full = [row for row in rows if len(_filled(row)) == wide]
    left: list[str | None] = []
    for k in range(wide - len(right)):
        texts = [source[row[k].start : row[k].end] for row in full if row[k].start < row[k].end]
        left.append("label" if texts and all(_LABEL_RE.fullmatch(t) for t in texts) else None)
    text_column = next((k for k in range(len(left) - 1, -1, -1) if left[k] is None), None)
    if text_column is None or left.count("label") > 1:
        return columns
    left[text_column] = "text"
    return left + right


def _lone_bar(source: str, line: tuple[int, int, int]) -> bool:
    return source[line[0] : line[1]].strip() == "|"


def _opened_rows(source: str, lines: list[tuple[int, int, int]], closing: bool) -> list[list[Cell]] | None:
    """The rows of a grid printed a cell per line, each cell closed by its own '|' and each row opened by a lone
    '|' (a page writing a table row's start as '|'), perhaps under a caption row (洋县2024年十大民生实事项目清单 | /
    ||||||): each row's cells as if printed on one line, or None when the table is not so. Inside a row a lone '|'
    is an empty cell; it opens a row only where the row holds none or all of the header's cells."""
    if len(lines) < 4 or not _lone_bar(source, lines[0]) or not closing:
        return None
    per_line = [cells_of_line(source, s, e, i, closing) for s, e, i in lines]
    if any(sum(c.start < c.end for c in cells) > 1 for cells in per_line):
        return None  # a row per line
    # between each lone '|' and the next: a row, as long as no row holds an empty cell
    spans = list(pairwise([k for k, line in enumerate(lines) if _lone_bar(source, line)] + [len(lines)]))
    header = width = None
    for a, b in spans[: _ROWS_ABOVE_HEADER + 1]:
        names = [source[c.start : c.end] for cells in per_line[a + 1 : b] for c in cells]
        if len(names) >= _HEADER_CELLS_MIN and all(names) and _columns(names):
            header, width = a, len(names)
            break
    if header is None:
        return None
    rows: list[list[Cell]] = [[c for cells in per_line[a + 1 : b] for c in cells]
                              for a, b in spans if b <= header]  # the caption's rows
    for k in range(header, len(lines)):
        if _lone_bar(source, lines[k]) and (not rows or k == header or len(rows[-1]) in (0, width)):
            rows.append([])
            continue
        rows[-1] += per_line[k]
    return [[Cell(c.start, c.end, n) for c in row] for n, row in enumerate(rows) if row]


def _section_row(source: str, row: list[Cell]) -> bool:
    """一、扩大有效投资 | ||| : a section heading printed as a row of the grid, its other cells empty; no task."""
    return bool(row) and _SECTION_CELL.fullmatch(source[row[0].start : row[0].end]) is not None \
        and all(cell.start == cell.end for cell in row[1:])


_ROWS_ABOVE_HEADER = 4  # 索引号 | … |, 公开范围 | … |, 发布单位 | … |: a page's metadata in the table's grid


def _header_line(source: str, per_line: list[list[Cell]]) -> int:
    """The line that names the table's columns: the first, or one of the next few when the lines above it
    name none (a page's metadata printed in the same grid, 索引号 | 000330185/2022-83945 |); they are left out."""
    for k, line in enumerate(per_line[: _ROWS_ABOVE_HEADER + 1]):
        if line and _header_width(source, line, True):
            return k
    return 0


def _align(source: str, columns: list[str | None], row: list[Cell], has_above: bool,
           lists_units: Callable[[int, int], bool] | None = None) -> list[Cell | None] | None:
    """The row's cells under their columns, None where a merged cell from above is missing; None if they
    cannot be placed. Cells beyond the header that are empty are a closing '|'; so are empty last cells of a
    row as wide as the header whose cells do not fit their columns (a role cell holding a sentence). A shorter
    row is placed only when a row above can fill it and exactly one order-keeping placement puts 序号-like cells
    under 序号, deadlines under 完成时限, cells that may name someone under the role columns and the rest
    elsewhere."""
    width = len(columns)
    if len(row) > width and all(cell.start == cell.end for cell in row[width:]):
        row = row[:width]
    if len(row) == width:
        if row[-1].start < row[-1].end or all(_fits(source, k, c, lists_units)
                                              for k, c in zip(columns, row, strict=True)):
            return list(row)
        while row and row[-1].start == row[-1].end:
            row = row[:-1]
    if len(row) > width:
        return None
    fits = _placements(source, columns, row, lists_units)
    if not fits and len(filled := _filled(row)) < len(row):  # a shorter row's closing '|'s (… | 持续推进 | ||)
        row = filled
        fits = _placements(source, columns, row, lists_units)
    if len(fits) == 1 and has_above:
        placed = dict(zip(fits[0], row, strict=True))
        return [placed.get(k) for k in range(width)]
    return _agreed(columns, row, fits, has_above)


def _placements(source: str, columns: list[str | None], row: list[Cell],
                lists_units: Callable[[int, int], bool] | None) -> list[tuple[int, ...]]:
    """Every order-keeping placement of the row's cells under columns each cell fits."""
    return [placing for placing in combinations(range(len(columns)), len(row))
            if all(_fits(source, columns[k], cell, lists_units) for k, cell in zip(placing, row, strict=True))]


def _agreed(columns: list[str | None], row: list[Cell], fits: list[tuple[int, ...]], has_above: bool
            ) -> list[Cell | None] | None:
    """A shorter row that several placements fit (a cell lost in the middle, as 崇川's rows lost 全年目标任务):
    placed when they all put the same cells under the columns that say who does the work and by when (序号,
    roles, deadline), by the placement that fills the most columns read (leaders, the task's text). Without a
    row above to fill it, the row must have its own 序号 and name someone itself."""
    decisive = [k for k, kind in enumerate(columns) if kind in ("label", *_ROLES, "deadline")]
    if not fits or len({tuple(dict(zip(p, row, strict=True)).get(k) for k in decisive) for p in fits}) != 1:
        return None
    best = max(fits, key=lambda p: sum(1 for k in p if columns[k] in (*_READ, "text", "label")))
    placed = dict(zip(best, row, strict=True))
    if not has_above and (not any(columns[k] in _ROLES for k in placed)
                          or any(kind == "label" and k not in placed for k, kind in enumerate(columns))):
        return None
    return [placed.get(k) for k in range(len(columns))]


def _fits(source: str, kind: str | None, cell: Cell, lists_units: Callable[[int, int], bool] | None = None) -> bool:
    text = source[cell.start : cell.end]
    if not text:
        return True
    if kind in _ROLES and ("。" in text or len(text) > _NAME_CELL_MAX or (  # a note, not who does the work
            lists_units is not None and not _names_units(source, cell, lists_units))):
        return False
    if kind in ("leaders", "text", None) and lists_units is not None and "。" not in text \
            and len(text) <= _NAME_CELL_MAX and lists_units(cell.start, cell.end):
        return False  # units stand under a role column, not under leaders, the task's text or a column not read
    if kind == "leaders" and len(text.strip()) < _LEADERS_CELL_MIN:
        return False
    # the form only (any year will do); a bare number (2024, or 2000 under 投资(万元)) may be a year or an amount:
    # it fits a deadline column and any other
    is_deadline = kind == "deadline" if text.strip().isdigit() else resolve_deadline(text, 2000) is not None
    return (kind == "label") == bool(_LABEL_RE.fullmatch(text)) and (kind == "deadline") == is_deadline


def _names_units(source: str, cell: Cell, lists_units: Callable[[int, int], bool]) -> bool:
    """A role cell's units: a list, or a list that goes on with its role as the cell's value may (X,Y、Z负责落实,
    X牵头,Y配合), every unit a unit."""
    if lists_units(cell.start, cell.end):
        return True
    named = [f for f in inline_fields(source, cell.start, cell.end) or () if f.kind in ROLE_KINDS]
    return bool(named) and all(lists_units(f.start, f.end) for f in named)


def _row(source: str, columns: list[str | None], own: list[Cell | None], row: list[Cell | None],
         above: TableRow | None,
         n: int) -> TableRow:
    """``own``: the row's cells (None: missing); ``row``: the same with missing cells taken from above. A row
    whose role cells are all missing (merged) has its attribution where they would stand: its other cells."""
    by_kind: dict[str | None, Cell | None] = {}
    for kind, cell in zip(columns, row, strict=True):
        if cell is not None or kind not in by_kind:
            by_kind[kind] = cell
    label_cell = by_kind.get("label")
    label = source[label_cell.start : label_cell.end] if label_cell else str(n)
    continues = label_cell is not None and above is not None and bool(above.label) and label in ("", above.label)
    if continues:
        label, label_cell = above.label, above.label_cell
    fields = tuple(
        field
        for kind, cell in zip(columns, row, strict=True)
        if kind in _READ and cell is not None and cell.start < cell.end
        for field in (role_cell_fields(source, kind, cell.start, cell.end) if kind in _ROLES
                      else [RawField(kind, cell.start, cell.end)])
    )
    if fields and "deadline" not in columns and by_kind.get("schedule") is not None:
        fields += _scheduled(source, by_kind["schedule"])
    own_role_cells = [c for k, c in zip(columns, own, strict=True) if k in _READ and c]
    inherited = not own_role_cells
    if not own_role_cells:
        own_role_cells = ([c for k, c in zip(columns, own, strict=True) if k not in ("label", "text") and c and
                           c.start < c.end] or [c for k, c in zip(columns, row, strict=True) if k in _READ and c])
    attribution = None
    if fields:
        attribution = RawAttribution(min(c.start for c in own_role_cells), max(c.end for c in own_role_cells),
                                     fields, "table")
    own_cells = [c for c in own if c]
    return TableRow(label, label_cell, by_kind.get("text"), attribution, min(c.start for c in own_cells),
                    max(c.end for c in own_cells), continues, numbered="label" in columns, inherited=inherited)


def _scheduled(source: str, cell: Cell) -> tuple[RawField, ...]:
    """A schedule cell that is a date (时间安排: 3月份), or the first 'by' date among its steps (8月底前时时对接…):
    the row's deadline, in a table with no deadline column."""
    if resolve_deadline(source[cell.start : cell.end], 2000) is not None:  # the form only: any year will do
        return (RawField("deadline", cell.start, cell.end),)
    found = find_deadlines(source[cell.start : cell.end])
    return (RawField("deadline", cell.start + found[0][0], cell.start + found[0][1]),) if found else ()


def headless_rows(source: str, lines: list[tuple[int, int, int]],
                  lists_units: Callable[[int, int], bool]) -> list[TableRow]:
    """Rows of a table whose header row was not kept (1 | 完成27所学校… | 县教育局 | 已经安装… | 按时序推进 |): every
    row opens with its number and has as many cells as the others, and exactly one column after the task's text
    holds nothing but units in every row. With no name to say their role, those units are responsible, as a
    bare list of units is. Empty rows between them (a lone '|') are skipped. [] when the table is not so."""
    rows = [cells for s, e, i in lines if len(cells := [c for c in cells_of_line(source, s, e, i) if c.start < c.end]) > 1]
    if len(rows) < 2 or len({len(cells) for cells in rows}) != 1 or len(rows[0]) < 3:
        return []
    if not all(_LABEL_RE.fullmatch(source[cells[0].start : cells[0].end]) for cells in rows):
        return []
    unit_columns = [k for k in range(2, len(rows[0])) if all(lists_units(c[k].start, c[k].end) for c in rows)]
    if len(unit_columns) != 1:
        return []
    k = unit_columns[0]
    return [TableRow(source[c[0].start : c[0].end], c[0], c[1],
                     RawAttribution(c[k].start, c[k].end, (RawField("responsible", c[k].start, c[k].end),), "headless"),
                     c[0].start, c[-1].end) for c in rows]
