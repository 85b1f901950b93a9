"""Tables that lost their borders on the way to text: one cell per line, or one row per line with its cells
parted by spaces.

A web page's table copied without its grid prints each cell on a line of its own: the header's names
(序号, 目标任务, 牵头责任单位, 计划完成时间, …, a name sometimes broken over two lines: 责任 / 领导), then each row
from its number. A row's cells are its task text, then short cells that name who does the work, under the
header's role and leader columns in their order (a cell of several lines gives its column several units), up to
its deadline or the first sentence (a progress note). A page that kept one row per line parts its cells with
spaces instead; a row of as many cells as the header is read column by column. Both become ``TableRow``s, as
tables with '|' do (``tables``), so the walk makes each row a task.

A unit cell merged over several rows is printed once, in the first of them: a numbered row whose cells name no
unit (a progress note, 提前完成年度任务, where the unit would stand, or nothing after its text) is done by the units of
the row above. So are the header's other merged columns: a column before the task's text (指标, 类别) prints its cell
on its group's first row only, and a header may put its deadline and leader columns before the units (完成时限 /
责任领导 / 责任股室): the cells after a row's deadline name who does the work, a unit passing over a leader's cell
merged away.

A copy with no separator at all runs a row's cells together on its line (``glued_row_table``), and a document
viewer's text layer runs the whole table into one paragraph with its title and page numbers (``run_table``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .attributions import HEADER_NAME_MAX, RawAttribution, RawField, value_fields
from .deadlines import resolve_deadline, resolve_leading_deadline
from .resolve import collective_by_role
from .structure import ACTION_RE, SECTION_RE, Line
from .tables import HEADER_COLUMNS, Cell, TableRow, cells_of_line, column_kind, name_length, qualifies_name
from .units import looks_like_unit, split_level

_ASSIGNING = ("lead", "responsible", "cooperating", "leaders")
_ROW_NUMBER = re.compile(r"\d{1,3}")
_FIGURE = re.compile(r"[0-9%％]")
_SPACES = re.compile(r"[ \t\u3000]+")


@dataclass(frozen=True)
class BareTable:
    columns: list[str | None]  # the kind of each column, in order
    rows: list[TableRow]
    end: int  # index of the first line after the table
    headings: tuple[int, ...] = ()  # lines of section rows (一、…) printed between the rows, each right above one
    lines: tuple[Line, ...] = ()  # the lines ``headings`` index when they are the table's own (its cells, split)


def _nonblank(text: str, lines: list[Line], i: int, skip: set[int]) -> list[int]:
    return [j for j in range(i, len(lines)) if j not in skip and lines[j].text(text).strip()]


# A header name that is whole though no rule knows its column: a noun of what the column lists (事项名称, 事项分类,
# 项目类别, 工程类型, 考核指标, 考核项目), never the head of a name broken over two lines.
_WHOLE_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:名称|分类|类别|类型|指标|项目)")
# A column named for the bodies it lists that names no duty (评分部门, 督办单位: a key of no role): its cells are
# units that judge or follow the work, not do it.
_UNITS_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}(?:单位|部门|科室|处室|股室)")


def _header_names(text: str, lines: list[Line], idx: list[int]) -> tuple[list[str | None], int]:
    """The header's column kinds (names broken over two lines joined) and where its first row starts."""
    kinds, k = [], 0
    while k < len(idx):
        name = lines[idx[k]].text(text).strip()
        if _ROW_NUMBER.fullmatch(name) or name_length(name) > HEADER_NAME_MAX or SECTION_RE.match(name):
            break
        after = lines[idx[k + 1]].text(text).strip() if k + 1 < len(idx) else ""
        joined = name + after if after else ""
        # a name broken over two lines (责任 / 领导), or with its qualifier on the next (责任股室 / (单位)); a name
        # whole on its own line (事项名称 / 项目内容: two columns) is no broken head, whatever its kind
        if joined and (column_kind(name) is None and not _WHOLE_NAME.fullmatch(name) or qualifies_name(after)) \
                and column_kind(joined) is not None:
            kinds.append(column_kind(joined))
            k += 2
        else:
            kind = column_kind(name)
            kinds.append("counterpart" if kind == "note" and _UNITS_NAME.fullmatch(name) else kind)
            k += 1
    return kinds, k


def cell_per_line_table(text: str, lines: list[Line], i: int, skip: set[int],
                        lists_units: Callable[[int, int], bool] | None = None) -> BareTable | None:
    """The table whose header starts at line ``i`` (序号 alone on its line), or None when it is no such table.
    ``lists_units`` tells which cells name units, for the rows under a merged unit cell."""
    if lines[i].text(text).strip() not in ("序号", "编号"):
        return None
    idx = _nonblank(text, lines, i, skip)
    again = next((n for n, j in enumerate(idx[1:], start=1) if lines[j].text(text).strip() in ("序号", "编号")), None)
    idx = idx[:again]  # the next table's header ends this one
    kinds, k = _header_names(text, lines, idx)
    if _grouped(text, lines, i, skip) and k > 1 and kinds[-1] is None:
        kinds.pop()  # the first group's cell (农业高质高效), printed right before row 1's number: no column's name
    if "text" not in kinds and None in kinds[1:]:  # the item's column, named as the table's subject (民生实事)
        kinds[kinds.index(None, 1)] = "text"
    if "text" not in kinds or not any(kind in ("lead", "responsible", "cooperating") for kind in kinds):
        return None
    rows, previous = [], 0
    starts = []
    numbers = [(j, int(value)) for j in idx[k:] if _ROW_NUMBER.fullmatch(value := lines[j].text(text).strip())]
    after = {j: lines[idx[n + 1]].text(text).strip() if n + 1 < len(idx) else "" for n, j in enumerate(idx)}
    units_first = len(kinds) > 1 and kinds[1] in _UNIT_KINDS
    for n, (j, number) in enumerate(numbers):
        # rows count up; a lone digit is a cell, and so is a figure past the next row's number when that number is
        # printed below it (42 under 年度目标 in row 9, row 10 after it), or one a unit's cell follows where the row's
        # text would (12 / 县人力社保局 in the last row: a target, then who meets it)
        if number > previous and (number == previous + 1 or all(m != previous + 1 for _, m in numbers[n + 1 :])
                                  and (units_first or not looks_like_unit(after[j]))):
            starts.append(j)
            previous = number
    if not starts:
        return None
    headings = _section_rows(text, lines, idx[k:], starts)
    bounds = [*starts, idx[-1] + 1]
    for a, b in zip(bounds, bounds[1:], strict=False):
        cells = [_cell(text, lines[j], j) for j in idx if a <= j < b and j not in headings]
        rows += _rows_of(text, kinds, cells[0], cells[1:])
    return BareTable(kinds, _under_merged_cells(text, rows, lists_units) if lists_units else rows, idx[-1] + 1,
                     headings)


def _grouped(text: str, lines: list[Line], i: int, skip: set[int]) -> bool:
    """Whether the table's header opens with a column before 序号 (考核项目 / 序号 / 考核指标 …): a group of rows
    merged under one cell, which the copy prints before the number of the group's first row."""
    above = next((j for j in range(i - 1, -1, -1) if j not in skip and lines[j].text(text).strip()), None)
    name = lines[above].text(text).strip() if above is not None else ""
    return bool(_WHOLE_NAME.fullmatch(name)) and column_kind(name) is None


# A table one cell per line whose line breaks a copy turned into spaces (a document site's text of its page): the
# header's names, then every cell of its rows, parted by spaces on one line (…统计表(政府) 序号 承担的重点工作 完成状态
# 工作进展情况 牵头责任单位 一、… 1 全市生产总值增长x%。 序时推进 上半年,…。 市发展改革委 2 …).
_SPACED_HEADER = re.compile(r"(?:^|[ \t\u3000])(?P<label>序号|编号)[ \t\u3000]+[\u4e00-\u9fff]")
_CHUNK = re.compile(r"[^ \t\u3000]+")


def spaced_run_table(text: str, lines: list[Line], i: int, skip: set[int],
                     lists_units: Callable[[int, int], bool] | None = None) -> BareTable | None:
    """The table that line ``i`` runs into one paragraph, each cell parted from the next by a space (the lines
    after it up to a blank one go on with it), read as the table one cell per line it was (a cell holding a space
    of its own is split in two: a progress note's pieces); None."""
    line = lines[i]
    header = _SPACED_HEADER.search(text, line.start, line.end)
    if header is None:
        return None
    j = i + 1
    while j < len(lines) and j not in skip and lines[j].text(text).strip():
        j += 1
    cells = [Line(m.start(), m.end()) for k in range(i, j) for m in _CHUNK.finditer(text, lines[k].start, lines[k].end)]
    at = next(k for k, cell in enumerate(cells) if cell.start == header.start("label"))
    table = cell_per_line_table(text, cells, at, set(), lists_units)
    if table is None or not table.rows:
        return None
    return replace(table, end=j, lines=tuple(cells))


# The same run with no 序号 column and no row numbers (…职责清单 工作任务和内容 责任单位 配合单位 完成时间 负责…. 县委宣传部
# 持续开展 负责…. 县委县政府 督查室 持续开展 …): a header of three names or more that the column rules know, the task's
# text first, then rows of a sentence (the duty), its unit cells and its deadline; a row ends where the next sentence
# starts. A unit's name a narrow cell broke over two lines comes back parted by a space (县交通 运输局).
_UNNUMBERED_HEADER_MIN = 3
_TEXT_CELL_MIN = 12  # a duty's text: a sentence, or a clause longer than any unit's or deadline's cell


def unnumbered_run_table(text: str, lines: list[Line], i: int, skip: set[int],
                         is_unit: Callable[[str], bool] = looks_like_unit) -> BareTable | None:
    """The table that line ``i`` runs into one paragraph with spaces, under a header naming its columns (no 序号)
    and with no row numbers; the paragraph after a blank line goes on with it when it opens with a unit's cell (the
    copy broke a row between its text and its cells). None when line ``i`` holds no such header or no row is read."""
    chunks = [Line(m.start(), m.end()) for m in _CHUNK.finditer(text, lines[i].start, lines[i].end)]
    names = [column_kind(text[c.start : c.end]) for c in chunks]
    at = next((k for k, kind in enumerate(names) if kind == "text"), None)
    if at is None:
        return None
    width = next((n for n, kind in enumerate(names[at:]) if kind in (None, "label")), len(names) - at)
    kinds = names[at : at + width]
    if width < _UNNUMBERED_HEADER_MIN or not any(k in _UNIT_KINDS for k in kinds) or kinds.count("text") > 1:
        return None
    cells, j = chunks[at + width :], i + 1
    while j < len(lines):
        if j in skip:
            break
        if not lines[j].text(text).strip():
            following = next((k for k in range(j + 1, len(lines)) if lines[k].text(text).strip()), None)
            opening = [m.group() for m in _CHUNK.finditer(text, lines[following].start, lines[following].end)][:2] \
                if following is not None and following not in skip else []
            if not opening or not (is_unit(opening[0]) or is_unit("".join(opening))):  # 县交通 运输局: one name
                break
            j = following
        cells += [Line(m.start(), m.end()) for m in _CHUNK.finditer(text, lines[j].start, lines[j].end)]
        j += 1
    rows = [row for n, group in enumerate(_unnumbered_rows(text, cells, is_unit), start=1)
            if (row := _unnumbered_row(text, kinds, group, n, is_unit)) is not None]
    return BareTable(kinds, rows, j) if rows else None


def _is_text_cell(value: str, is_unit: Callable[[str], bool]) -> bool:
    return (_is_sentence(value) or len(value) >= _TEXT_CELL_MIN) and not is_unit(value) and not _is_deadline(value)


def _unnumbered_rows(text: str, cells: list[Line], is_unit: Callable[[str], bool]) -> list[list[Line]]:
    """The cells parted into rows: each opens with its text (one sentence or more) and goes on with the cells after
    it up to the next text that follows a unit's or deadline's cell."""
    rows: list[list[Line]] = []
    for cell in cells:
        value = text[cell.start : cell.end]
        if _is_text_cell(value, is_unit) and (not rows or not _is_text_cell(text[rows[-1][-1].start : rows[-1][-1].end],
                                                                             is_unit)):
            rows.append([cell])
        elif rows:
            rows[-1].append(cell)
    return rows


def _unnumbered_row(text: str, kinds: list[str | None], cells: list[Line], n: int,
                    is_unit: Callable[[str], bool]) -> TableRow | None:
    """A row's text (its first cells that are text), its units in the order of the header's role columns (a name
    broken by a space joined: 县交通 运输局, 县委县政府 督查室 where the second piece opens with no level of its own) and
    its deadline, the first cell after them that prints one, with the words after it (7月底前制定 扬尘治理方案)."""
    k = 0
    while k < len(cells) and _is_text_cell(text[cells[k].start : cells[k].end], is_unit):
        k += 1
    units: list[Cell] = []
    head = None  # a piece no unit's name alone (县交通), waiting for the rest of it (运输局)
    deadline = None
    for cell in cells[k:]:
        value = text[cell.start : cell.end]
        if deadline is not None:
            break
        if head is not None:
            if not is_unit(text[head.start : head.end] + value):
                return None
            units.append(Cell(head.start, cell.end, 0))
            head = None
        elif units and _is_deadline(value):
            deadline = cell
        elif units and _broken_piece(text[units[-1].start : units[-1].end], value, is_unit):
            units[-1] = Cell(units[-1].start, cell.end, 0)
        elif is_unit(value):
            units.append(Cell(cell.start, cell.end, 0))
        elif len(value) <= _BROKEN_HEAD_MAX and not _is_deadline(value):
            head = cell
        else:
            return None
    roles = [kind for kind in kinds if kind in _UNIT_KINDS]
    if not units or not k or len(units) > len(roles):
        return None
    text_cell = Cell(cells[0].start, cells[k - 1].end, 0)
    fields = [f for kind, cell in zip(roles, units, strict=False) for f in _fields(text, kind, cell)]
    own = [*units]
    if deadline is not None and "deadline" in kinds:
        fields.append(RawField("deadline", deadline.start, deadline.end))
        own.append(Cell(deadline.start, deadline.end, 0))
    attribution = RawAttribution(own[0].start, own[-1].end, tuple(fields), "table")
    return TableRow(str(n), None, text_cell, attribution, cells[0].start, cells[-1].end, numbered=False)


def _broken_piece(first: str, tail: str, is_unit: Callable[[str], bool]) -> bool:
    """Whether ``tail`` is the rest of the unit's name ``first`` that a space broke: the two together name a unit,
    and ``first`` names none, or ``tail`` opens with no level of its own where ``first`` does (督查室 after 县委县政府)."""
    if not is_unit(first + tail) or _is_deadline(tail):
        return False
    return not is_unit(first) or bool(split_level(first)[0]) and not split_level(tail)[0] and len(tail) <= 4


def _section_rows(text: str, lines: list[Line], idx: list[int], starts: list[int]) -> tuple[int, ...]:
    """Section headings printed as rows of the table (一、做大做强主导产业 between the header and row 1, or between
    two rows): a line so numbered right above a row's number opens a section, and so does each of a run of such lines
    right above it (二、… 三、… 六、… 68: the parts with no row in this table); none is a cell of the row above."""
    heads: list[int] = []
    for n, j in enumerate(idx):
        if j not in starts:
            continue
        k = n - 1
        while k >= 0 and idx[k] not in starts and SECTION_RE.match(lines[idx[k]].text(text).strip()):
            k -= 1
        heads += idx[k + 1 : n]
    return tuple(sorted(heads))


_UNIT_KINDS = ("lead", "responsible", "cooperating")


def _under_merged_cells(text: str, rows: list[TableRow], lists_units: Callable[[int, int], bool]) -> list[TableRow]:
    """Rows that name no unit of their own take the units of the nearest row above that names some (a merged
    cell); their attribution stands where the unit cell would: the row's cells after its text. A row that prints
    no deadline takes the deadline above it the same way (12月底前 merged over a group's rows, printed once by its
    first): a copy that lost its grid keeps no empty cell, so a deadline missing under a dated row is merged."""
    out: list[TableRow] = []
    above: tuple[RawField, ...] = ()
    dated: tuple[RawField, ...] = ()  # the deadline of the nearest row above that prints one
    for n, row in enumerate(rows):
        fields = row.attribution.fields if row.attribution else ()
        names = tuple(f for f in fields if f.kind in _UNIT_KINDS and lists_units(f.start, f.end))
        own = tuple(f for f in fields if f.kind == "deadline")
        if not row.continues:
            dated = own or dated
        merged = () if own or row.continues else dated
        if not names and n == len(rows) - 1 and _cut(text, row):
            out.append(replace(row, attribution=None))  # its lost cells were no merged ones: it names no one
            continue
        if names or not above or row.continues or row.text_cell is None:
            above = tuple(f for f in fields if f.kind in _ASSIGNING) if names else above
            out.append(replace(row, attribution=replace(row.attribution, fields=fields + merged))
                       if names and merged and row.attribution else row)
            continue
        start = row.text_cell.end
        while start < row.end and text[start] in " \t\u3000\n\r":
            start += 1
        if start >= row.end:  # a row of its text alone: the row is where its merged cells stand
            start = row.text_cell.start
        out.append(replace(row, attribution=RawAttribution(start, row.end, above + (own or merged), "table")))
    return out


# A cut piece of prose: long, and closed by no stop (制定我县推进长期护理保险制度建设实施方案;实现长).
_CUT_PIECE_MIN = 10
_PIECE_ENDS = "。；;！!？?)）」』”"


def _cut(text: str, row: TableRow) -> bool:
    """Whether the text's end cut the table's last row off inside its prose: nothing follows the row, whose last
    line is a long piece closed by no stop. Its cells after the cut were lost, not merged, so it takes no unit
    from above (a row under a merged unit cell prints its own cells whole)."""
    if text[row.end :].strip():
        return False
    last = text[: row.end].rstrip().rsplit("\n", 1)[-1].strip()
    return len(last) >= _CUT_PIECE_MIN and last[-1] not in _PIECE_ENDS


def _rows_of(text: str, kinds: list[str | None], label: Cell, cells: list[Cell]) -> list[TableRow]:
    """A numbered row and the items after its deadline (开工建设老年大学。 / 12月底前 under the same number): each
    a row that goes on with the task, its units those of the row when it names none (a merged cell)."""
    row, rest = _row(text, kinds, label, cells)
    rows = [row]
    while rest and row.attribution is not None:
        item, rest = _row(text, kinds, None, rest)
        if item.attribution is None:
            break
        named = any(f.kind in _ASSIGNING for f in item.attribution.fields)
        fields = item.attribution.fields if named else (
            *(f for f in rows[0].attribution.fields if f.kind in _ASSIGNING), *item.attribution.fields)
        rows.append(replace(item, label=row.label, label_cell=row.label_cell, continues=True,
                            attribution=replace(item.attribution, fields=tuple(fields))))
    return rows


def _cell(text: str, line: Line, j: int) -> Cell:
    s, e = line.start, line.end
    while s < e and text[s] in " \t\u3000":
        s += 1
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    return Cell(s, e, j)


def _is_deadline(value: str) -> bool:
    """A deadline cell, words after its date included (5月底前动工, 9月投入使用); the form counts, any year will do."""
    return not _ROW_NUMBER.fullmatch(value) and (resolve_deadline(value, 2000) or resolve_leading_deadline(value, 2000)
                                                 ) is not None


def _is_sentence(value: str) -> bool:
    """A progress note or a task's text: a full stop, or a long cell that is no list of units (a unit cell of
    nine units, 市发展改革委、市经济信息化委、…、市地税局, is as long as a sentence). A unit cell some tables close with a
    full stop (区投资促进中心。; 区工信局、区住建局,各乡镇人民政府,魏武国控集团。) is still no sentence."""
    if value.endswith("。") and "。" not in value[:-1] and (looks_like_unit(value[:-1]) or _lists_units(value[:-1])):
        return False
    return "。" in value or len(value) > 40 and not _lists_units(value)


def _lists_units(value: str) -> bool:
    parts = _LIST_SEPARATOR.split(value)
    return len(parts) > 1 and all(looks_like_unit(part.strip()) for part in parts)


_LIST_SEPARATOR = re.compile(r"[、,，;；]")


def _row(text: str, kinds: list[str | None], label: Cell | None, cells: list[Cell]) -> tuple[TableRow, list[Cell]]:
    """A row, and the cells left after its deadline (a second item of the row, as a merged cell leaves it)."""
    skipped = _before_text(text, kinds, cells)
    text_cell = cells[skipped] if len(cells) > skipped and "text" in kinds else None
    after = cells[skipped + 1 :] if text_cell else cells
    placed = _by_position(text, kinds, after)
    assigning, deadline, rest = placed if placed is not None else _by_kind(text, kinds, after)
    columns = [k for k in kinds[kinds.index("text") + 1 :] if k in _ASSIGNING]
    fields = [f for kind, cell in _placed(text, columns, assigning) for f in _fields(text, kind, cell)]
    if deadline is not None:
        fields.append(RawField("deadline", deadline.start, deadline.end))
    own = [c for c in (*(cell for _, cell in assigning), deadline) if c is not None]
    attribution = RawAttribution(min(c.start for c in own), max(c.end for c in own), tuple(fields),
                                 "table") if fields and own else None
    every = [c for c in (label, *cells[: len(cells) - len(rest)]) if c is not None]
    name = text[label.start : label.end] if label else ""
    return TableRow(name, label, text_cell, attribution, every[0].start, every[-1].end), rest


def _before_text(text: str, kinds: list[str | None], cells: list[Cell]) -> int:
    """How many of a row's cells stand before its task's text: the header's columns between 序号 and the text
    (指标, 类别) are printed on the first row of their group only (merged over the rows under it), so the text is
    the first of those places to hold a sentence."""
    before = kinds.index("text") - (kinds[0] == "label") if "text" in kinds else 0
    return next((k for k, cell in enumerate(cells[: before + 1]) if _is_sentence(text[cell.start : cell.end])), 0)


def _placed(text: str, columns: list[str], assigning: list[tuple[str | None, Cell]]) -> list[tuple[str, Cell]]:
    """Each cell that names who does the work under its column: its own, else a person's name under the leaders'
    column and a unit under the next of the header's role columns in order, passing over the leaders' column (a
    leader's cell merged away, or printed after the units); any other cell under the next column. A column's further
    cells (a cell of several lines) stay under the last role column reached."""
    out: list[tuple[str, Cell]] = []
    k, last_role = 0, None
    for kind, cell in assigning:
        value = text[cell.start : cell.end]
        if kind is None and columns:
            if "leaders" in columns and _is_person(value):
                kind = "leaders"
            elif looks_like_unit(value) and (roles := [j for j in range(k, len(columns)) if columns[j] != "leaders"]):
                kind, last_role, k = columns[roles[0]], columns[roles[0]], min(roles[0] + 1, len(columns) - 1)
            elif looks_like_unit(value) and last_role is not None:
                kind = last_role
            else:
                kind, k = columns[k], min(k + 1, len(columns) - 1)
                last_role = kind if kind != "leaders" else last_role
        if kind is not None:
            out.append((kind, cell))
    return out


# A person's name as a leaders cell prints it (王 芳, 夏俊贵): two to three characters, perhaps spaced.
_PERSON = re.compile(r"[\u4e00-\u9fff][ \u3000]*[\u4e00-\u9fff]{1,2}")


def _is_person(value: str) -> bool:
    return _PERSON.fullmatch(value.strip()) is not None and not looks_like_unit(value)


def _names_someone(value: str) -> bool:
    """A cell that may name a unit or a person: no figure (80%, 2), no sentence."""
    return bool(value) and not _FIGURE.search(value) and not _is_sentence(value)


def _by_position(text: str, kinds: list[str | None], cells: list[Cell]) -> tuple | None:
    """A row with a cell under every column: each cell is its column's, if every role cell can name someone and
    the deadline cell is a deadline; None otherwise."""
    columns = kinds[kinds.index("text") + 1 :]
    if len(cells) != len(columns):
        return None
    assigning, deadline = [], None
    for kind, cell in zip(columns, cells, strict=True):
        value = text[cell.start : cell.end]
        if kind in _ASSIGNING and not _names_someone(value) or kind == "deadline" and not _is_deadline(value):
            return None
        if kind in _ASSIGNING:
            assigning.append((kind, cell))
        elif kind == "deadline":
            deadline = cell
    return assigning, deadline, []


def _by_kind(text: str, kinds: list[str | None], cells: list[Cell]) -> tuple:
    """The cells that assign a row whose cells do not line up with the header: those that can name someone, in
    the order of the role and leader columns (more cells than columns: the last column's cell ran over several
    lines), up to a deadline or a sentence."""
    assigning, deadline, rest = [], None, []
    # a header whose deadline column stands before its role columns (完成时限 / 责任领导 / 责任股室): the cells after
    # a row's deadline are who does the work, not a second item
    roles_after = "deadline" in kinds and any(k in _ASSIGNING for k in kinds[kinds.index("deadline") :])
    cells = cells[: len(cells) - _counterpart_cells(text, kinds, cells)]
    if (closing := _closing_units(text, kinds, cells)) is not None:
        return [(None, cell) for cell in closing], None, []
    for k, cell in enumerate(cells):
        value = text[cell.start : cell.end]
        if "deadline" in kinds and deadline is None and _is_deadline(value):
            deadline, rest = cell, cells[k + 1 :]
            if roles_after:
                rest = []
                continue
            break
        if _is_sentence(value) and assigning:
            break
        if _names_someone(value):
            assigning.append((None, cell))
    columns = [kind for kind in kinds if kind in _ASSIGNING]
    if len(assigning) > len(columns):
        # a leader's name first (夏俊贵 / 文化宣传股) is no unit's broken head, nor is any name of a leaders' cell
        # that prints one a line (王旭锋 / 胡金芳 / 王行杰 / 住建局: three leaders, then the lead unit)
        keep = 0
        if columns and columns[0] == "leaders":
            values = [text[cell.start : cell.end] for _, cell in assigning]
            keep = next((n for n, value in enumerate(values) if not _is_person(value)), len(values)) or (
                0 if looks_like_unit(values[0]) else 1)
        assigning = assigning[:keep] + _broken_names(text, assigning[keep:])
    return assigning, deadline, rest


def _closing_units(text: str, kinds: list[str | None], cells: list[Cell]) -> list[Cell] | None:
    """A header closed by its role columns (… | 工作进展情况 | 牵头责任单位) prints a row's units after its notes: when
    a note (a sentence, or its pieces) stands before them, the run of cells from the row's end that name units is
    the role columns'; None for a row that ends on anything else."""
    if not kinds or kinds[-1] not in _UNIT_KINDS:
        return None
    run = len(cells)
    while run > 0 and looks_like_unit(text[cells[run - 1].start : cells[run - 1].end]):
        run -= 1
    if run == len(cells) or not any(_is_sentence(text[cell.start : cell.end]) for cell in cells[:run]):
        return None
    return cells[run:]


def _counterpart_cells(text: str, kinds: list[str | None], cells: list[Cell]) -> int:
    """How many of a row's last cells stand under the header's columns of units with no duty after its role
    columns (…| 责任部门 | 评分部门): a row that does not line up with its header lines up from its end there, each
    such column taking one of the last cells, when that cell names a unit and a unit is left before it (县农业农村局 /
    市农业农村局: the county's bureau does the work, the city's scores it)."""
    assigning = [k for k, kind in enumerate(kinds) if kind in _ASSIGNING]
    if not assigning:
        return 0
    tail = [kind for kind in kinds[assigning[-1] + 1 :] if kind not in ("deadline", "note")]
    if not tail or any(kind != "counterpart" for kind in tail) or len(cells) <= len(tail):
        return 0
    values = [text[cell.start : cell.end] for cell in cells]
    if all(looks_like_unit(value) for value in values[-len(tail) :]) and any(
            looks_like_unit(value) for value in values[: -len(tail)]):
        return len(tail)
    return 0


# A name's first line in a narrow cell is short (市生态 / 环境局).
_BROKEN_HEAD_MAX = 8


def _broken_names(text: str, assigning: list[tuple[str | None, Cell]]) -> list[tuple[str | None, Cell]]:
    """市生态 / 环境局: a unit's name that a narrow cell broke over two lines is one cell, where the row has more
    such cells than the header has role columns, the first line is short and no unit's name, and the two lines
    together are one."""
    out: list[tuple[str | None, Cell]] = []
    for kind, cell in assigning:
        # the two lines stand one under the other (no cell between: 万亩 / 0 / 县农业农村局 is a measure, a figure
        # and a unit), and the second is no name of its own that opens with its level (全市统筹 / 县海洋与渔业局)
        tail = text[cell.start : cell.end]
        if out and out[-1][1].end - out[-1][1].start <= _BROKEN_HEAD_MAX and not text[out[-1][1].end : cell.start].strip() \
                and not (split_level(tail)[0] and looks_like_unit(tail)):
            first = text[out[-1][1].start : out[-1][1].end]
            if not looks_like_unit(first) and looks_like_unit(first + tail):
                out[-1] = (out[-1][0], Cell(out[-1][1].start, cell.end, out[-1][1].line))
                continue
        out.append((kind, cell))
    return out


def _fields(text: str, kind: str, cell: Cell) -> list[RawField]:
    if kind == "leaders":
        return [RawField("leaders", cell.start, cell.end)]
    return value_fields(text, kind, cell.start, cell.end)


# A header name typeset wide, a space between its characters (序号 工 作 任 务 牵头负责部门; 序 号 工 作 任 务): a run of
# single characters is the names that make it up, each a name a column rule knows (序号 | 工作任务), as many as it
# parts into; a run that parts into no known names is one name. No column is named by one character alone.
_WIDE_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _spaced_names(words: list[str]) -> list[str]:
    names: list[str] = []
    k = 0
    while k < len(words):
        run = k
        while run < len(words) and _WIDE_CHAR.fullmatch(words[run]):
            run += 1
        if run - k < 2:
            names.append(words[k])
            k += 1
            continue
        names += _known_names("".join(words[k:run]))
        k = run
    return names


def _known_names(chars: str) -> list[str]:
    """``chars`` parted into the most names a column rule knows, or whole when it parts into none."""
    best: list[list[str] | None] = [[], *([None] * len(chars))]
    for end in range(2, len(chars) + 1):
        for start in range(end - 1):
            head, name = best[start], chars[start:end]
            if head is not None and column_kind(name) is not None and len(head) + 1 > len(best[end] or ()):
                best[end] = [*head, name]
    return best[-1] or [chars]


def spaced_row_table(text: str, lines: list[Line], i: int, skip: set[int]) -> BareTable | None:
    """A header row whose names are parted by spaces (负责领导 重点工作 … 牵头部门 协同部门 完成情况), and the lines
    after it that have as many space-parted cells: each such line a row. A row whose unit cell lists one unit per
    line runs over the lines after it (``_spilled_row``); section and action rows (二、重点工作, (一)…) printed
    between rows open their headings and do not end the table."""
    names = _spaced_names(_SPACES.split(lines[i].text(text).strip()))
    kinds = [column_kind(n) for n in names]
    if "text" not in kinds and None in kinds[1:] and kinds[0] == "label":  # the subject's column (民生实事)
        kinds[kinds.index(None, 1)] = "text"
    if (len(names) < 3 or any(len(n) > HEADER_NAME_MAX for n in names) or "text" not in kinds
            or not any(k in ("lead", "responsible", "cooperating") for k in kinds)):
        return None
    rows: list[TableRow] = []
    headings: list[int] = []
    pending: list[int] = []  # heading rows not yet followed by a row of the table
    j, listed = i + 1, 0  # listed: the number a list in the last row's last cell has reached
    while j < len(lines):
        if j in skip or not lines[j].text(text).strip():
            j += 1
            continue
        cells = _split_cells(text, lines[j], j)
        row, after = None, j + 1
        if len(cells) == len(names):
            row = _columned_row(text, kinds, cells, len(rows) + 1)
        elif len(cells) > len(names):
            row = _overfull_row(text, kinds, cells, len(rows) + 1) or _free_tail_row(text, kinds, cells, len(rows) + 1)
        elif (spilled := _spilled_row(text, kinds, lines, j, skip, len(rows) + 1)) is not None:
            row, after = spilled
        else:
            row = _free_tail_row(text, kinds, cells, len(rows) + 1)
        if row is not None:
            rows.append(row)
            headings += pending
            pending = []
            listed = 1 if len(cells) == len(names) and _LIST_ITEM.match(text, cells[-1].start, cells[-1].end) else 0
        elif listed and _continues_list(lines[j].text(text), listed):
            listed += 1
            rows[-1] = replace(rows[-1], end=lines[j].end)
        elif _HEADING_ROW.match(lines[j].text(text)):
            pending.append(j)
        elif rows:
            break
        j = after
    end = pending[0] if pending else j
    return BareTable(kinds, rows, end, tuple(headings)) if rows else None


# A section or action row printed between a spaced table's rows (一、经济社会发展主要预期目标, (一)以创建…).
_HEADING_ROW = re.compile(f"{SECTION_RE.pattern}|{ACTION_RE.pattern}")


def _spilled_row(text: str, kinds: list[str | None], lines: list[Line], j: int, skip: set[int],
                 n: int) -> tuple[TableRow, int] | None:
    """A row whose unit cell lists one unit per line (2 第一产业… 区农业农村委 / 区林业局 / 区供销联社 / 第一产业增加值同比
    增长3.4%。): its first line holds the cells up to that cell's first unit, each line after it one more unit, and
    the next line the cells left; the row and the index of the line after it, or None when the lines are no such
    row."""
    head = _split_cells(text, lines[j], j)
    k = len(head)
    if not 2 <= k < len(kinds) or kinds[k - 1] not in _UNIT_KINDS or "text" not in kinds[: k - 1] or not (
            looks_like_unit(text[head[-1].start : head[-1].end])):
        return None
    more, m = [], j + 1
    while m < len(lines):
        cells = [] if m in skip else _split_cells(text, lines[m], m)
        if not cells and m not in skip and not lines[m].text(text).strip():
            m += 1
            continue
        if len(cells) != 1 or not looks_like_unit(text[cells[0].start : cells[0].end]):
            break
        more.append(cells[0])
        m += 1
    tail = _split_cells(text, lines[m], m) if more and m < len(lines) and m not in skip else []
    if len(tail) != len(kinds) - k:
        return None
    return _columned_row(text, kinds, [*head, *tail], n, (k - 1, tuple(more))), m + 1


def _overfull_row(text: str, kinds: list[str | None], cells: list[Cell], n: int) -> TableRow | None:
    """A row with more space-parted cells than the header has names, spaces having split its text cells
    (加强水资源保 护 严守…): read when it opens with its number under 序号 and its last cells fit the role and
    deadline columns that end the header; the cells between are its text."""
    tail = 0
    while tail < len(kinds) and kinds[len(kinds) - 1 - tail] in (*_ASSIGNING, "deadline"):
        tail += 1
    if (not tail or kinds[0] != "label" or "text" not in kinds or len(cells) <= len(kinds)
            or not _NUMBER_CELL.fullmatch(text, cells[0].start, cells[0].end)):
        return None
    ends = cells[-tail:]
    for kind, cell in zip(kinds[-tail:], ends, strict=True):
        value = text[cell.start : cell.end]
        if not (_is_deadline(value) if kind == "deadline" else _names_someone(value)):
            return None
    middle = Cell(cells[1].start, cells[-tail - 1].end, cells[0].line)
    return _columned_row(text, ["label", "text", *kinds[-tail:]], [cells[0], middle, *ends], n)


def _free_tail_row(text: str, kinds: list[str | None], cells: list[Cell], n: int) -> TableRow | None:
    """A row of a table whose header ends in columns of free text after its role columns (序号 重点工作任务 牵头责任单位
    一季度完成情况; … 责任单位 备注): spaces inside its text or those cells give it more cells than names (…增长 11.9%),
    and a free cell left blank (the progress not yet written) fewer. Read when it opens with its number under 序号:
    its role cells are the first cells after its text that name units (or a person, under a leaders column), the
    cells before them its text, the cells after them the free columns' in order, the last taking the rest."""
    roles = [k for k, kind in enumerate(kinds) if kind in (*_ASSIGNING, "deadline")]
    if (not roles or kinds[:2] != ["label", "text"] or roles != list(range(roles[0], roles[-1] + 1))
            or roles[-1] == len(kinds) - 1 or not _NUMBER_CELL.fullmatch(text, cells[0].start, cells[0].end)):
        return None
    first, width, free = roles[0], len(roles), len(kinds) - 1 - roles[-1]
    between = first - 2  # columns between the text and the role columns (a leader's), a cell each
    for p in range(2 + between, len(cells) - width + 1):
        block = cells[p - between : p + width]
        if all(_names_by_kind(kind, text[c.start : c.end]) for kind, c in zip(kinds[2 : first + width], block,
                                                                              strict=True)):
            break
    else:
        return None
    body = Cell(cells[1].start, cells[p - between - 1].end, cells[1].line)
    rest = cells[p + width :]
    tail = [*rest[: free - 1], Cell(rest[free - 1].start, rest[-1].end, rest[-1].line)] if len(rest) >= free else rest
    placed = [cells[0], body, *block, *tail]
    return _columned_row(text, kinds[: len(placed)], placed, n)


def _names_by_kind(kind: str | None, value: str) -> bool:
    """A cell under a role column that names whom the column asks for: units (one, or a list), a person under
    a leaders column, a deadline under a deadline column."""
    if kind == "deadline":
        return _is_deadline(value)
    if kind == "leaders":
        return _is_person(value) or looks_like_unit(value)
    if kind in _ASSIGNING:
        return looks_like_unit(value) or _lists_units(value)
    return bool(value)


_NUMBER_CELL = re.compile(r"\d{1,3}")
# A last cell that lists its points (1、…) goes on over the lines numbered after it (2、…, 3、…).
_LIST_ITEM = re.compile(r"\s*1[、.](?!\d)")


def _continues_list(line: str, listed: int) -> bool:
    return bool(listed) and re.match(rf"\s*{listed + 1}[、.](?!\d)", line) is not None


def _split_cells(text: str, line: Line, j: int) -> list[Cell]:
    s = line.start + len(line.text(text)) - len(line.text(text).lstrip())
    cells, start = [], s
    for m in _SPACES.finditer(text, s, line.end):
        if m.start() > start:
            cells.append(Cell(start, m.start(), j))
        start = m.end()
    if start < line.end:
        cells.append(Cell(start, line.end, j))
    return cells


def _columned_row(text: str, kinds: list[str | None], cells: list[Cell], n: int,
                  spilled: tuple[int, tuple[Cell, ...]] = (-1, ())) -> TableRow:
    """A row of a cell under each column; ``spilled`` names a column whose cell went on over more lines and
    those lines' cells."""
    column, more = spilled
    by_kind = dict(zip(kinds, cells, strict=True))
    fields = [f for c, (kind, cell) in enumerate(zip(kinds, cells, strict=True)) if kind in _ASSIGNING
              for part in ((cell, *more) if c == column else (cell,)) for f in _fields(text, kind, part)]
    if "deadline" in by_kind and _is_deadline(text[by_kind["deadline"].start : by_kind["deadline"].end]):
        fields.append(RawField("deadline", by_kind["deadline"].start, by_kind["deadline"].end))
    own = sorted((*(c for k, c in zip(kinds, cells, strict=True) if k in (*_ASSIGNING, "deadline")), *more),
                 key=lambda c: c.start)
    attribution = RawAttribution(own[0].start, own[-1].end, tuple(fields), "table") if fields else None
    label = by_kind.get("label")
    name = text[label.start : label.end] if label else str(n)
    return TableRow(name, label, by_kind.get("text"), attribution, cells[0].start, cells[-1].end,
                    numbered=label is not None)


_LABELLED = re.compile(r"\s*(\d{1,3})\s*[.、](?!\d)\s*")


def record_rows(text: str, run: list[tuple[int, int, int]]) -> list[TableRow]:
    """A table with no header row whose rows each pair a field's name with its value, a record per task
    (重点工作: | 135.统筹… | / 牵头单位: | 市城市管理综合执法局 |): a text field opens a task (its number, when
    it starts with one, the label) and the role, leader and deadline fields after it assign it."""
    rows: list[TableRow] = []
    task: list[Cell] = []  # the text cell, then the cells that assign it, with their kinds in ``kinds``
    kinds: list[str] = []
    for cells in [*(_record_lines(text, run)), None]:
        kind = column_kind(text[cells[0].start : cells[0].end].rstrip(":：")) if cells and len(cells) >= 2 else None
        if (kind == "text" or cells is None) and task:
            rows.append(_record(text, task, kinds))
            task, kinds = [], []
        if kind == "text" or (task and kind in (*_ASSIGNING, "deadline")):
            task.append(cells[1])
            kinds.append(kind)
    return [row for row in rows if row.attribution is not None]


def _record_lines(text: str, run: list[tuple[int, int, int]]) -> list[list[Cell]]:
    """The record's rows as cells: a line each (the bar opening it, | 整改任务 | … |, no cell), or, where the record is printed a cell per line, each row opened
    by a lone '|' and each cell closed by its own (| / 整改任务 | / 第6项整改任务:… | / | / 责任单位 | / 市…中心 |), the
    cells between one lone '|' and the next."""
    per_line = [[c for c in cells_of_line(text, s, e, j) if c.start < c.end] for s, e, j in run]
    if len(run) < 3 or text[run[0][0] : run[0][1]].strip() != "|" or any(len(cells) > 1 for cells in per_line):
        # a row a line, the bar that opens it (| 整改任务 | … |) no cell of its own
        return [cells[1:] if cells and cells[0].start == cells[0].end and text[s:e].lstrip().startswith("|")
                else cells for s, e, j in run for cells in [cells_of_line(text, s, e, j)]]
    rows: list[list[Cell]] = []
    for (s, e, _), cells in zip(run, per_line, strict=True):
        if text[s:e].strip() == "|":
            rows.append([])
        elif rows:
            rows[-1] += cells
    return [row for row in rows if row]


def _record(text: str, cells: list[Cell], kinds: list[str]) -> TableRow:
    body = cells[0]
    m = _LABELLED.match(text, body.start, body.end)
    label = m.group(1) if m else ""
    text_cell = Cell(m.end() if m else body.start, body.end, body.line)
    fields = [f for kind, cell in zip(kinds[1:], cells[1:], strict=True)
              for f in (_fields(text, kind, cell) if kind in _ASSIGNING else
                        [RawField("deadline", cell.start, cell.end)] if _is_deadline(text[cell.start : cell.end])
                        else [])]
    own = cells[1:]
    attribution = RawAttribution(own[0].start, own[-1].end, tuple(fields), "table") if fields else None
    return TableRow(label, None, text_cell, attribution, body.start, cells[-1].end)


# A table copied with no separator at all between its cells: the header's names run together (类别序号重点督办内容
# 牵头单位全年完成情况), and each row is one line of its cells run together: 经济社会发展主要预期目标1地区生产总值增长
# 6%左右。区发展改革委西城区地区生产总值增速…: a category, the row's number, the task's text up to its full stop, the
# unit, the progress note.
_GLUED_HEADER_MAX = 40
_GLUED_ROLE = re.compile("|".join(sorted((name for name, kind in HEADER_COLUMNS.items() if kind in _UNIT_KINDS),
                                         key=len, reverse=True)))
_GLUED_ROW = re.compile(r"\s*[^\d\s。]*?(?P<n>\d{1,3})(?P<text>[^。\d][^。]*。)")
_GLUED_UNIT_MAX = 20
_OWN_NAME_MIN = 3  # a name of its own (西城区), not a name's last characters that a suffix closes (保局)


def glued_row_table(text: str, lines: list[Line], i: int, skip: set[int],
                    is_unit: Callable[[str], bool] = looks_like_unit) -> BareTable | None:
    """The table whose run-together header is line ``i`` (序号 and one role column, the task's text between them),
    and the lines after it that read as its rows: each row's number counts up and its unit, right after the
    task's full stop, is the shortest start of what follows that names a unit (several when parted by 、)."""
    header = lines[i].text(text).strip()
    role = _GLUED_ROLE.search(header)
    number = header.find("序号")
    if (len(header) > _GLUED_HEADER_MAX or number < 0 or role is None or role.start() <= number + 2
            or role.end() == len(header) or re.search(r"[\s|:：,，、。]", header)):
        return None
    kind = HEADER_COLUMNS[role.group()]
    rows: list[TableRow] = []
    j, previous = i + 1, 0
    while j < len(lines):
        if j in skip or not lines[j].text(text).strip():
            j += 1
            continue
        row = _glued_row(text, lines[j], kind, previous, is_unit)
        if row is None:
            break
        rows.append(row)
        previous = int(row.label)
        j += 1
    return BareTable(["label", "text", kind], rows, j) if rows else None


def _glued_row(text: str, line: Line, kind: str, previous: int, is_unit: Callable[[str], bool]) -> TableRow | None:
    m = _GLUED_ROW.match(text, line.start, line.end)
    if m is None or int(m["n"]) <= previous:
        return None
    start = end = m.end("text")
    while True:
        unit = _glued_unit(text, end, min(end + _GLUED_UNIT_MAX, line.end), is_unit)
        if unit is None:
            break
        start, end = (start, unit)
        if unit >= line.end or text[unit] != "、":
            break
        end = unit + 1
    if end == m.end("text") or text[end - 1] == "、":
        return None
    label = Cell(m.start("n"), m.end("n"), 0)
    fields = tuple(value_fields(text, kind, start, end))
    return TableRow(m["n"], label, Cell(m.start("text"), m.end("text"), 0),
                    RawAttribution(start, end, fields, "table"), m.start(), line.end)


def _glued_unit(text: str, start: int, limit: int, is_unit: Callable[[str], bool]) -> int | None:
    """Where the unit that starts at ``start`` ends: its shortest form (区财政局), made longer while what a longer
    form adds is no name of its own (区人力社 → 区人力社保局: 保局 goes on with the name; 区财政局西城区 stops at 区财政局:
    西城区 starts the next cell), or makes a group's members one collective (市三产发展领导小组各成员单位)."""
    ends = [k for k in range(start + 2, limit + 1) if is_unit(text[start:k])]
    if not ends:
        return None
    end = ends[0]
    for k in ends[1:]:
        if k - end >= _OWN_NAME_MIN and is_unit(text[end:k]) and not collective_by_role(text[start:k]):
            break  # …领导小组|各成员单位 goes on: the group's members are one collective
        end = k
    return end


# A table a document viewer's text layer ran into one paragraph with its title: the header's names run together
# (…分解表序号项目名称主要内容区政府分管领导牵头单位配合单位), row 1 right after them and each row's number right after
# the last unit of the row before (…市国有公司2促进就业…). A row's text runs to a full stop, then come its cells run
# together: a leader's name where the header has a leaders column, the lead unit (with the units 、 joins to it),
# then the units of the columns after it. A row may hold sub-rows, each a text closed by its full stop with a leader and
# units of its own (a second attribution of the task), or with none (its cells merged with the sub-row's above: more
# text of the row). The viewer's page numbers open the lines it breaks into (2、), in a cell or between two. A
# section row may stand between the header and row 1 (…主要责任单位一、主要发展指标1地区生产总值…); a column may part its
# units by 、 and , (市规划建设局、市统计局、嘉兴电力局,各县(市、区)政府), and then units run together before them
# (市发展改革委市经贸委) are the other column's, a cell that printed one unit a line.
_RUN_HEADER = re.compile(r"序号(?P<names>(?:[\u4e00-\u9fff]{1,6}?(?:单位|部门|领导|名称|内容|任务|措施|时限|时间|情况|备注)){2,8})"
                         r"(?P<section>[一二三四五六七八九十]{1,3}、[\u4e00-\u9fff]{2,20}?)?(?=1[^\d])")
_RUN_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:单位|部门|领导|名称|内容|任务|措施|时限|时间|情况|备注)")
_PAGE_MARK = re.compile(r"[ \t\u3000]*\d{1,3}、")
_PERSON_LENGTHS = (3, 2, 4)  # a leader's name: three characters most often, then two (张菁), then four
# The unit a name is cut from is a whole name: two characters or more before its 局, 委, 办 or 厅 (民政局, not 政局).
_UNIT_AFTER_NAME_MIN = 3
_DEPARTMENT_ENDS = ("局", "委", "办", "厅")
# What a sub-row's text opens with and no name does (提升改造…, 对300户…, 推进…): a verb of the work, no surname.
_DUTY_OPENERS = frozenset("提推加完实开建对为在进做抓深持落打优促扩增鼓引培组确积着继坚健构创争规整")
_OPENING_UNIT_MAX = 6  # a unit opening with such a character is a department's short name (建设局, 组织部, 规划局)
# A unit that opens with its level or with 各 starts a name of its own (…各街道|市国有公司, 住建局|各街道).
_NAME_OPENERS = "省市区县各"
_QUALIFIER = re.compile(r"\([^()]{1,10}\)")  # a unit's qualifier in brackets (高新园(邹区镇)): part of its name


def run_table(text: str, lines: list[Line], i: int, skip: set[int],
              is_unit: Callable[[str], bool] = looks_like_unit) -> BareTable | None:
    """The table whose header and rows a viewer ran into one paragraph from line ``i`` (see above), or None."""
    line = lines[i]
    header = _RUN_HEADER.search(text, line.start, line.end)
    if header is None:
        return None
    kinds = [column_kind(name) for name in _RUN_NAME.findall(header["names"])]
    units = [k for k in kinds if k in _UNIT_KINDS]
    if not units:
        return None
    j, segments = i, [(header.end(), line.end)]
    while (j := j + 1) < len(lines) and j not in skip and lines[j].text(text).strip():
        mark = _PAGE_MARK.match(text, lines[j].start, lines[j].end)
        segments.append((mark.end() if mark else lines[j].start, lines[j].end))
    body, where = _joined(text, segments)
    rows: list[TableRow] = []
    starts = _run_row_starts(body, "leaders" in kinds, is_unit)
    for k, (at, number) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(body)
        rows += _run_rows(body, where, number, at, end, "leaders" in kinds, units, is_unit)
    return BareTable(["label", "text", *units], rows, j) if rows else None


def _joined(text: str, segments: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The segments' text run together, and for each of its characters (plus the end) where it stands in ``text``."""
    parts, where = [], []
    for start, end in segments:
        parts.append(text[start:end])
        where += range(start, end)
    where.append(segments[-1][1])
    return "".join(parts), where


def _run_row_starts(body: str, leaders: bool, is_unit: Callable[[str], bool]) -> list[tuple[int, str]]:
    """Where each row's number stands: 1 first, then each next number that the row before's cells end at, right
    after a full stop (a figure of the text, 12个 or 服务站5个, has digits around it or text before it)."""
    found, number, at = [], 1, 0
    while (at := body.find(str(number), at)) >= 0:
        end = at + len(str(number))
        fits = end < len(body) and "\u4e00" <= body[end] <= "\u9fff" and not (at and body[at - 1].isdigit())
        if fits and (number == 1 and at == 0 or _cells_end_at(body, at, leaders, is_unit)):
            found.append((at, str(number)))
            number += 1
        at = end
    return found


def _cells_end_at(body: str, at: int, leaders: bool, is_unit: Callable[[str], bool]) -> bool:
    """Whether cells run from the last full stop before ``at`` up to ``at``."""
    stop = body.rfind("。", 0, at)
    cells = _run_cells(body, stop + 1, at, leaders, is_unit) if stop >= 0 else None
    return cells is not None and cells[1] == at


def _run_rows(body: str, where: list[int], number: str, start: int, end: int, leaders: bool,
              units: list[str], is_unit: Callable[[str], bool]) -> list[TableRow]:
    """The sub-rows of the row from ``start`` to ``end`` of ``body``: each text closed by a full stop that cells
    follow; text with none after it is more of the sub-row before."""
    rows: list[TableRow] = []
    text_from, at = start + len(number), start + len(number)
    while (stop := body.find("。", at, end)) >= 0:
        cells = _run_cells(body, stop + 1, end, leaders, is_unit)
        at = stop + 1
        if cells is None:
            continue
        (name, first, spans), after = cells
        fields = [RawField("leaders", where[stop + 1], where[name])] if name > stop + 1 else []
        fields += [RawField(units[0] if n < first else units[-1], where[s], where[e]) for n, (s, e) in enumerate(spans)]
        label = Cell(where[start], where[start + len(number)], 0)
        rows.append(TableRow(number, label, Cell(where[text_from], where[stop + 1], 0),
                             RawAttribution(fields[0].start, fields[-1].end, tuple(fields), "table"),
                             where[text_from if rows else start], where[after], continues=bool(rows)))
        text_from = at = after
    return rows


def _run_cells(body: str, start: int, end: int, leaders: bool,
               is_unit: Callable[[str], bool]) -> tuple[tuple[int, int, list[tuple[int, int]]], int] | None:
    """The cells after a sub-row's full stop: a leader's name (when the header has a leaders column), then units
    run together; ((where the name ends, how many units the lead column has, their spans), where the cells end), or
    None when what follows is more text."""
    at = start
    if leaders:
        at = next((start + n for n in _PERSON_LENGTHS if start + n < end and _is_name(body[start:start + n], is_unit)
                   and body[start + n + 1:start + n + 2] not in _DEPARTMENT_ENDS
                   and _run_unit(body, start + n, end, is_unit) is not None), None)
        if at is None:
            return None
    spans, first, groups = [], 0, [0]
    while at < end and (unit := _run_unit(body, at, end, is_unit)) is not None:
        spans.append((at, unit))
        at = unit
        if at < end and body[at] == "、" or first and at + 1 < end and body[at] in ",，" \
                and _run_unit(body, at + 1, end, is_unit) is not None:
            at += 1
            continue
        first = first or len(spans)  # the lead column's units: the first unit and those 、 joins to it
        groups.append(len(spans))
    if not spans:
        return None
    if len(groups) > 3 and groups[-1] - groups[-2] > 1:  # the last column parts its units: the glued ones before
        first = groups[-2]                                 # it are the first column's, one a line
    return (spans[0][0], first or len(spans), spans), spans[-1][1]


def _is_name(word: str, is_unit: Callable[[str], bool]) -> bool:
    """A leader's name in a run of cells: characters only, no unit, not the verb a text opens with."""
    return (all("\u4e00" <= c <= "\u9fff" for c in word) and word[0] not in _DUTY_OPENERS
            and not is_unit(word))


def _run_unit(body: str, start: int, end: int, is_unit: Callable[[str], bool]) -> int | None:
    """Where the unit run together with others from ``start`` ends (``_glued_unit``), with its qualifier in
    brackets (高新园(邹区镇)), and before a level that opens the next unit's name (各街道|市国有公司); None where
    the text of a sub-row starts (提升改造居家养老服务中心3家: longer than a department's name and opening with a verb
    of the work, as 建设局 or 组织部 may open with one)."""
    unit = _glued_unit(body, start, min(start + _GLUED_UNIT_MAX, end), is_unit)
    if unit is None or body[start] in _DUTY_OPENERS and unit - start > _OPENING_UNIT_MAX:
        return None
    cut = next((k for k in range(start + _UNIT_AFTER_NAME_MIN, unit) if body[k] in _NAME_OPENERS
                and is_unit(body[start:k]) and (after := _glued_unit(body, k, min(k + _GLUED_UNIT_MAX, end), is_unit))
                and after - k >= _UNIT_AFTER_NAME_MIN and not collective_by_role(body[start:after])), None)
    if cut is not None:
        return cut
    if (qualifier := _QUALIFIER.match(body, unit, end)) is not None:
        return qualifier.end()
    return unit
