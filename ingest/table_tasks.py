"""Tables read as tasks: a table printed with its grid (| cells |, ``tables``) or without one (``bare_tables``)
gives a task per row, with the row's units and deadline as its one assignment; a row under a merged number is
another assignment of the task above; a section or action printed as a row opens it in the walk.

The walk (``walk``) owns where a row's task goes (its section, action, and the label of an unnumbered row); it
passes that in as ``open_heading`` (a heading line to walk) and ``add_row`` (a row that is a task of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from . import bare_tables, tables
from . import structure as st
from .model import Span, Task
from .parse_state import ParseState
from .targets import extract_targets

OpenHeading = Callable[[st.Line], None]
AddRow = Callable[[tables.TableRow], None]


def table_run(text: str, lines: list[st.Line], i: int, skip: set[int]) -> tuple[list[tuple[int, int, int]], int]:
    """The table starting at line ``i``: its non-blank lines (start, end, index) and the index after it."""
    run = []
    while i < len(lines) and (i in skip or st.is_table_line(lines[i].text(text)) or not lines[i].text(text).strip()):
        if i not in skip and lines[i].text(text).strip():
            run.append((lines[i].start, lines[i].end, i))
        i += 1
    return run, i


def read_grid_table(doc: ParseState, run: list[tuple[int, int, int]], open_heading: OpenHeading,
                    add_row: AddRow) -> None:
    """A table printed with its grid (| cells |): each row a task (``add_row``) or more of the task above; a
    section or action printed as a row of its own opens it (``open_heading``) where it stands."""
    columns, rows, leftover = tables.parse_table(doc.text, run, doc.resolver.lists_units)
    if not columns and (records := bare_tables.record_rows(doc.text, run)):
        for row in records:
            add_row(row)
        return
    if not columns and (headless := tables.headless_rows(doc.text, run, doc.resolver.lists_units)):
        for row in headless:
            doc.warn("read-without-structure", f"table row {row.label} read without a header row: its units "
                     "are taken as responsible", row.attribution.start, row.attribution.end)
            add_row(row)
        return
    if not columns:
        doc.warn("unparsed-table", "table without a recognised header row (序号/重点工作/责任单位/…)",
                 run[0][0], run[-1][1])
        warn_items_in(doc, run)
        return
    # a section row of the grid (一、扩大有效投资 | ||| ), its other cells empty: it opens its section; so do the
    # group cells of a merged header's rows (一、… | (一)… | 1 | …), the action too, where their row starts
    headings = [c for c in leftover if st.SECTION_RE.fullmatch(doc.text[c.start : c.end])
                or st.ACTION_RE.fullmatch(doc.text[c.start : c.end])]
    for cell in leftover:
        if cell not in headings and (cell.start < cell.end or not headings):
            doc.warn("unparsed-table-cell", "table cell outside a complete row", cell.start, cell.end)
    previous: tables.TableRow | None = None
    for row in rows:
        opens = row.text_cell.start if row.text_cell is not None else row.start  # its groups print before it
        while headings and headings[0].start <= opens:
            cell = headings.pop(0)  # a group cell's closing full stop closes no sentence (一、…发展。)
            open_heading(st.Line(cell.start, cell.end - doc.text.endswith("。", cell.start, cell.end)))
        if row.continues and previous is not None and doc.tasks:
            continue_table_task(doc, previous, row)
        else:
            add_row(row)
        previous = row


def warn_items_in(doc: ParseState, run: list[tuple[int, int, int]]) -> None:
    """A numbered item inside a table that could not be read is lost with it: said once per item, so the
    reader knows which tasks are missing, not only that a table was."""
    for start, end, _ in run:
        line = doc.text[start:end].strip().lstrip("|").strip()
        if (m := st.TASK_RE.match(line)) is not None:
            label = line[: m.end()].strip()
        elif (m := st.SECTION_RE.match(line) or st.ACTION_RE.match(line)) is not None:
            label = line[: m.start(2)].strip()
        else:
            continue
        doc.warn("unparsed-table", f"item {label!r} inside the unread table is not read as a task", start, end)


def bare_table(doc: ParseState, line: str, lines: list[st.Line], i: int,
               skip: set[int]) -> bare_tables.BareTable | None:
    """A table printed without its grid that starts at line ``i``: one cell per line (its header opens with 序号
    alone on a line), a row per line with cells parted by spaces, or with no separator at all."""
    stripped = line.strip()
    if stripped in ("序号", "编号"):
        return bare_tables.cell_per_line_table(doc.text, lines, i, skip, doc.resolver.lists_units)
    if " " in stripped and len(stripped) <= 80 and not st.TASK_RE.match(stripped) and (
            spaced := bare_tables.spaced_row_table(doc.text, lines, i, skip)) is not None:
        return spaced
    if "序号" in stripped:  # the header's names run together (or parted by spaces): so are its rows' cells
        return (bare_tables.glued_row_table(doc.text, lines, i, skip, doc.resolver.units.looks_like_unit)
                or bare_tables.run_table(doc.text, lines, i, skip, doc.resolver.units.looks_like_unit)
                or bare_tables.spaced_run_table(doc.text, lines, i, skip, doc.resolver.lists_units))
    if " " in stripped and not st.TASK_RE.match(stripped):  # a header naming its columns, rows with no number
        return bare_tables.unnumbered_run_table(doc.text, lines, i, skip, doc.resolver.units.looks_like_unit)
    return None


def read_bare_table(doc: ParseState, table: bare_tables.BareTable, lines: list[st.Line], open_heading: OpenHeading,
                    add_row: AddRow) -> int:
    """A table printed without its grid, read as ``read_grid_table`` reads one. Returns the line after it."""
    previous = None
    headings = list(table.headings)
    own = table.lines or lines  # a table split from one line indexes its own cells
    for row in table.rows:
        while headings and own[headings[0]].start < row.start:  # a section row (一、…) above this row
            open_heading(own[headings.pop(0)])
        if row.continues and previous is not None and doc.tasks:
            continue_table_task(doc, previous, row)
        else:
            add_row(row)
        previous = row
    return table.end


def continue_table_task(doc: ParseState, above: tables.TableRow, row: tables.TableRow) -> None:
    """A row under a merged or empty 序号 is another assignment of the task above, unless its units and
    deadline are all the merged cells of the row above (| 新增托位500个。 | 新增600个。 | || under 卫生健康局):
    then it is more of that assignment's work, one attribution. Its text cell, when it is the task's text
    repeated (a merged cell), adds no mentions or targets twice."""
    task = doc.tasks[-1]
    s, e = row_text(row)
    repeated = above.text_cell is not None and doc.text[s:e] == doc.text[slice(*row_text(above))]
    merged = row.inherited and bool(task.assignments)
    added = (doc.resolver.assignment(len(task.assignments) + 1, row.attribution, s, e),) \
        if row.attribution and not merged else ()
    if not added and not merged:
        doc.warn("task-without-attribution", f"table row {row.label} names no responsible unit", row.start,
                 row.end)
    doc.tasks[-1] = replace(
        task, span=Span(task.span.start, doc.span(row.start, row.end).end), assignments=task.assignments + added,
        mentions=task.mentions + (() if repeated else tuple(doc.mentions(s, e))),
        targets=task.targets + (() if repeated else tuple(
            doc.target(t) for t in extract_targets(doc.text[s:e], s))))


def row_text(row: tables.TableRow) -> tuple[int, int]:
    return (row.text_cell.start, row.text_cell.end) if row.text_cell else (row.start, row.start)


def row_task(doc: ParseState, row: tables.TableRow, heading_label: str, action_seq: int | None,
             section_seq: int | None) -> Task:
    """A table row as a task: numbered by its row, or labelled ``heading_label`` when it has no number."""
    s, e = row_text(row)
    raws = [row.attribution] if row.attribution else []
    assignments = [doc.resolver.assignment(1, row.attribution, s, e)] if row.attribution else []
    stop = doc.text.find("。", s, e)
    title = doc.text[s : stop if stop >= 0 else e]
    if not raws:
        doc.warn("task-without-attribution", f"table row {row.label} names no responsible unit", row.start,
                 row.end)
    return Task(row.label if row.numbered else heading_label, title, doc.span(row.start, row.end), row.numbered,
                action_seq, section_seq, tuple(assignments), tuple(doc.mentions(s, e)),
                tuple(doc.target(t) for t in extract_targets(doc.text[s:e], s)))
