"""The walk over a document's lines, one at a time: a heading opens a section or an action, a number opens a
task, a boxed panel (专栏) stays in its task, a table becomes tasks row by row (``table_tasks``), the closing
block (落款, 抄送, 印发) and annexes listing people end the tasks; everything else continues the open task or,
outside numbered tasks, a loose block labelled with its heading. A finished block becomes a task in
``tasks.TaskMaker``; an attribution printed on a heading governs the items under it that name none.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from . import attributions as attr
from . import bare_tables, table_tasks, tables
from . import structure as st
from .model import Action, Goal, IgnoredSpan, Section
from .parse_state import Block, ParseState
from .targets import extract_targets
from .tasks import TaskMaker

# The end of a heading's title that a PDF wrapped onto a line of its own: a few words, no punctuation.
_WRAPPED_END = re.compile(r"[\u4e00-\u9fff]{1,6}")
_WRAPPED_MIN = 15  # a title cut by the line's end is long (a short one, 总体要求, ends where it means to)
# A line that is only a bracketed remark ((2010年2月,成立专门工作班子)), and what a title never holds.
_REMARK_LINE = re.compile(r"[(（][^()（）]{1,40}[)）]")
_TITLE_BREAKS = re.compile(r"[,，;；、]|^[(（]")


class Walker:
    """The walk over one document's lines, and where it stands: the open section, action, task block, loose
    text and panel, and the attributions printed on the headings above. Finished blocks go to its ``TaskMaker``;
    tables to ``table_tasks``."""

    def __init__(self, doc: ParseState, closings: dict[int, int]):
        self.doc = doc
        self.task_maker = TaskMaker(doc)
        self.closings = closings  # the closing blocks (st.closing_blocks): first line → line after
        # the walk's position: the heading and the block each line belongs to
        self.section: Section | None = None
        self.action: Action | None = None
        self.block: Block | None = None
        self.loose: Block | None = None
        self._heading_checked: Block | None = None  # the loose block _loose_attribution_as_heading has read
        self.panel: int | None = None  # inside a boxed panel (专栏) of the open block: its last item number
        # an attribution printed on the open section's or action's heading (一、强化科技创新(区科技局牵头)),
        # for the items under it that name none of their own: [attribution, used by a task yet]
        self.heading_attr: dict[str, list] = {}
        # such a heading as a task of its own, and the count of tasks when it opened: one nothing stands under
        # (一、…负总责(旗政府督查室负责)。 then the 落款) is an item, its attribution its own
        self.heading_blocks: dict[str, tuple[Block, int]] = {}
        self.closing: list[IgnoredSpan] = []  # the lines of the closing block (落款, 抄送, 印发), in no task
        # a part whose title names an action (一、政务服务提速行动): its action, opened by the first item under it
        # unless an action heading ((一)…) opens first
        self.part_action: Action | None = None
        # whether the document's top-level items (一、…三十四、) are its tasks, each carrying its attribution
        # (``structure.top_items_are_tasks``), not headings over (一)/1. tasks
        self.top_items = False

    # -- the walk ----------------------------------------------------------------------------------------
    def walk(self, lines: list[st.Line], header_end: int, skip: set[int]) -> int:
        """Walks the lines after the header (``skip``: lines in no task), filling the document's sections,
        actions, tasks and goals; the closing block's lines go to ``closing``. Returns the first line of the body."""
        self.top_items = st.top_items_are_tasks(self.doc.text, lines, skip)
        body = self._body_start(lines, header_end, skip)
        self._walk(lines, body, skip)
        self._forget_heading("action", "section")
        return body

    def _body_start(self, lines: list[st.Line], header_end: int, skip: set[int]) -> int:
        """The header ends early where a table printed without its grid starts (序号 on a line of its own, or
        a run of short lines naming a column like a key)."""
        first_columns = self.doc.columns[0].start if self.doc.columns else -1
        for k in range(min(header_end, len(lines))):
            if k not in skip and (lines[k].start == first_columns
                                  or table_tasks.bare_table(self.doc, lines[k].text(self.doc.text), lines, k, skip) is not None):
                return k
        return header_end

    def _walk(self, lines: list[st.Line], first: int, skip: set[int]) -> None:
        i = first
        while i < len(lines):
            text = lines[i].text(self.doc.text)
            if i in skip or not text.strip():
                i += 1
            elif (end := self.closings.get(i)) is not None:
                i = self._closing(lines, i, end, skip)
            elif st.is_table_line(text):
                i = self._table(lines, i, skip)
            elif (title := st.annex_of_people_title(self.doc.text, lines, i, skip)) is not None:
                i = self._annex(lines, title, skip)
            elif st.ANNEX_RE.match(text.strip()):
                i = self._annex_start(lines, i, skip)
            elif (bare := table_tasks.bare_table(self.doc, text, lines, i, skip)) is not None:
                i = self._bare_rows(bare, lines)
            else:
                following = st.next_nonblank(self.doc.text, lines, i, skip) \
                    if st.ACTION_RE.match(text) or st.SECTION_RE.match(text) else None
                opened = self.doc.sections[-1] if self.doc.sections else None
                self._line(lines[i], following[1].text(self.doc.text) if following else "")
                i += 1
                if (self.doc.sections and self.doc.sections[-1] is not opened
                        and (wrapped := self._wrapped_heading(lines, i - 1, skip)) is not None):
                    i = wrapped + 1
        self._close_block()
        self._close_loose()

    def _table(self, lines: list[st.Line], i: int, skip: set[int]) -> int:
        self._close_block()
        run, end = table_tasks.table_run(self.doc.text, lines, i, skip)
        table_tasks.read_grid_table(self.doc, run, self._table_heading, self._table_row)
        return end

    def _bare_rows(self, table: bare_tables.BareTable, lines: list[st.Line]) -> int:
        self._close_block()
        return table_tasks.read_bare_table(self.doc, table, lines, self._table_heading, self._table_row)

    def _table_heading(self, line: st.Line) -> None:
        self._line(line, "")

    def _table_row(self, row: tables.TableRow) -> None:
        self._open_part_action()
        self.doc.tasks.append(table_tasks.row_task(self.doc, row, self._heading_label(),
                                                   self.action.seq if self.action else None,
                                                   self.section.seq if self.section else None))

    def _closing(self, lines: list[st.Line], i: int, end: int, skip: set[int]) -> int:
        """The closing block (落款, date, 抄送, 印发, 附件: list) ends the last task and belongs to none: its lines
        are kept in the text and recorded as ignored spans (reason ``closing``). Returns ``end``."""
        self._close_block()
        self._close_loose()
        self._forget_heading("section", "action")
        self.section = self.action = None
        for k in range(i, end):
            if k not in skip and lines[k].text(self.doc.text).strip():
                start, stop = attr.strip_span(self.doc.text, lines[k].start, lines[k].end, " \t\r\u3000")
                self.closing.append(IgnoredSpan("closing", self.doc.span(start, stop)))
        return end

    def _wrapped_heading(self, lines: list[st.Line], i: int, skip: set[int]) -> int | None:
        """A section heading that a PDF broke at its line's end (一、…加强党对基层治理的全面 / 领导 / 1.…): a short line
        of words alone between the heading and its first item is the end of its title, joined to it. Returns the
        index of that line, or None."""
        nxt = st.next_nonblank(self.doc.text, lines, i, skip)
        if nxt is None or (after := st.next_nonblank(self.doc.text, lines, nxt[0], skip)) is None:
            return None
        word, item, section = nxt[1].text(self.doc.text).strip(), after[1].text(self.doc.text), self.doc.sections[-1]
        if (len(section.title) < _WRAPPED_MIN or not _WRAPPED_END.fullmatch(word)
                or not (st.TASK_RE.match(item) or st.ACTION_RE.match(item))):
            return None
        self.doc.sections[-1] = self.section = replace(section, title=section.title + word)
        return nxt[0]

    def _annex(self, lines: list[st.Line], title: int, skip: set[int]) -> int:
        """An annex listing people (领导小组成员名单) is a section of its own with no tasks: its posts and
        brackets (负责日常工作) are not attributions. It runs to the next 附件 or the end."""
        self._close_block()
        self._close_loose()
        line = lines[title]
        self.section = Section(len(self.doc.sections) + 1, "附件", line.text(self.doc.text).strip(),
                               self.doc.span(line.start, line.end))
        self.doc.sections.append(self.section)
        self.action = None
        i = title + 1
        while i < len(lines) and not st.ANNEX_RE.match(lines[i].text(self.doc.text).strip()):
            i += 1
        return i

    def _annex_start(self, lines: list[st.Line], i: int, skip: set[int]) -> int:
        """附件2 and its title start an annex: the items before it end there, and neither the body's section nor
        a heading's attribution carries over into it. Returns the line after the title."""
        self._close_block()
        self._close_loose()
        self._forget_heading("section", "action")
        self.section = self.action = None
        title = st.next_nonblank(self.doc.text, lines, i, skip)
        if title is None or st.TASK_RE.match(s := title[1].text(self.doc.text)) or st.is_table_line(s) or (
                s.strip() in ("序号", "编号")):
            return i + 1
        return title[0] + 1

    def _is_top_item(self, line: st.Line, m: re.Match) -> bool:
        """In a document whose top-level items are its tasks (``structure.top_items_are_tasks``), an item 一、 that is no heading, or
        whose title was cut off its duty."""
        return self.top_items and (st.title_run_on(self.doc.text, line) or self._heading(line, m) is None)

    def _open_top_item(self, line: st.Line, m: re.Match) -> None:
        """A top-level item that is a task: labelled by its number as printed (三十四), it ends the part before
        it (a numbered 一、 is its sibling, not its section)."""
        self._close_block()
        self._close_loose()
        self._forget_heading("section", "action")
        if self.section is not None and self.section.label:
            self.section = None
        self.action = None
        self._open_block(line, m.group(1), line.start + m.start(2))

    def _line(self, line: st.Line, following: str) -> None:
        s = line.text(self.doc.text)
        if m := st.CHAPTER_RE.match(s):  # 第二章 …: a part, whatever its title reads like
            self._open_section(line, m, self._heading(line, m, after=following) or (line.start + m.end(2), None))
        elif (m := st.SECTION_RE.match(s)) and not st.is_outline(s) and self._is_top_item(line, m):
            self._open_top_item(line, m)
        elif (m := st.SECTION_RE.match(s)) and not st.is_outline(s) and (
                parts := self._heading(line, m, after=following)) is not None:
            self._open_section(line, m, parts)
        elif ((m := st.ACTION_RE.match(s)) and not self._in_goals()
              and (parts := self._heading(line, m, following)) is not None):
            self._open_action(line, m, parts)
        elif m := st.ACTION_RE.match(s):
            self._open_block(line, f"({m.group(1)})", line.start + m.start(2))
        elif (label := self._garbled_next(s)) is not None:
            self._open_block(line, label, line.start + st.GARBLED_NUMBER_RE.match(s).end())
        elif self.block is not None and (st.PANEL_RE.match(s) or self.panel is not None and self._in_panel(s)):
            self.panel = self.panel or 0
            self._continue_block(line)
        elif (m := st.TASK_RE.match(s)) and not self._sub_item(st.task_number(m)[1]):
            label, style = st.task_number(m)
            self._open_block(line, label, line.start + m.end(), style)
        elif self._in_goals() and (st.GOAL_RE.match(s) or self._states_targets(line, s)):
            self._goal(line)
        elif self.block is not None:
            self._continue_block(line)
        else:
            self._loose_line(line)

    def _garbled_next(self, s: str) -> str | None:
        """A web copy that decoded a full-width （二） in the wrong encoding prints ?。ǘ┩ where the number was:
        after item (一), a line so opened is item (二); the first so opened under a heading, no item before it,
        is item (一) (?。ㄒ唬┚o扣…, the copy garbling every number)."""
        if not st.GARBLED_NUMBER_RE.match(s):
            return None
        if self.block is None:
            return "(一)"
        number = st.cn_number(self.block.label.strip("()")) if self.block.label.startswith("(") else 0
        return f"({st.CN_NUM[number]})" if 0 < number < 10 else None

    def _continue_block(self, line: st.Line) -> None:
        self.block.lines.append(line)
        self.block.end = line.end

    def _in_panel(self, s: str) -> bool:
        """A line of the open panel (专栏): anything but the outer task's next number. Panel items count from 1,
        so a number that both could be is the task's when the line holds an attribution."""
        if (m := st.TASK_RE.match(s)) is None:
            return True
        label, style = st.task_number(m)
        number, outer = st.label_number(label), st.label_number(self.block.label)
        is_next_task = style == self.block.style and number is not None and outer is not None and number == outer + 1
        if is_next_task and (number != self.panel + 1 or attr.HINT_RE.search(s) or attr.ROLE_PHRASE_RE.search(s)):
            self.panel = None
            return False
        self.panel = number or self.panel
        return True

    def _sub_item(self, style: str) -> bool:
        """(1) inside a task numbered 1. belongs to that task; under an (一) heading it is a task itself."""
        block = self.block
        return (block is not None and block.style in st.TASK_STYLES
                and st.TASK_STYLES.index(style) > st.TASK_STYLES.index(block.style))

    def _in_goals(self) -> bool:
        return self.section is not None and "目标" in self.section.title

    def _heading(self, line: st.Line, m: re.Match, following: str | None = None,
                 after: str = "") -> tuple[int, attr.RawAttribution | None] | None:
        """A section heading's (no ``following``; ``after``: the line after it) or an action heading's title end
        and the attribution closing it, or None when the line is no heading. A title with an attribution after
        it is a heading when the title is heading-like; an action's, only when numbered items follow (else it is
        an item that names its own). A title closed by a full stop is a heading over items one level down."""
        start, end = line.start + m.start(2), line.start + m.end(2)
        title_end, raw = attr.heading_parts(self.doc.text, start, end, self.doc.resolver.lists_units)
        title = self.doc.text[start:title_end]
        if following is None:  # a section
            heading = (st.is_section_heading_text(m.group(2)) or raw is not None and st.is_heading_text(title)
                       or st.closed_section_heading(m.group(2), after))
        elif attr.heads_duty_paragraph(self.doc.text, start, end, self.doc.resolver.lists_units):
            heading = False  # (一)市公安局 / 负责…: a unit's name over its duty is an item, the unit its attribution
        else:
            heading = st.is_action_heading(m.group(2), following) or (
                raw is not None and st.is_heading_text(title.rstrip("。")) and st.TASK_RE.match(following) is not None)
        return (title_end, raw) if heading else None

    def _open_section(self, line: st.Line, m: re.Match, parts: tuple[int, attr.RawAttribution | None]) -> None:
        self._close_block()
        self._close_loose()
        title = self._heading_title(line.start + m.start(2), parts, "section").rstrip("。")  # may close the section
        self.section = Section(len(self.doc.sections) + 1, m.group(1), title, self.doc.span(line.start, line.end))
        self.doc.sections.append(self.section)
        self._hold_heading_block("section", line, title, line.start + m.start(2), parts[1])
        self.action = None
        self._forget_heading("action")
        self.part_action = Action(0, m.group(1), title, self.section.span, self.section.seq) \
            if st.names_action(title) else None

    def _open_part_action(self) -> None:
        """The items of a part named as an action (一、政务服务提速行动 / (一)…): the part is their action, opened with
        its first item; one the walk left (a closing block, an annex, the next part) or an action heading under
        it replaced opens none."""
        part, self.part_action = self.part_action, None
        if part is None or self.action is not None or self.section is None or part.section_seq != self.section.seq:
            return
        self.action = replace(part, seq=len(self.doc.actions) + 1)
        self.doc.actions.append(self.action)

    def _open_action(self, line: st.Line, m: re.Match, parts: tuple[int, attr.RawAttribution | None]) -> None:
        self._close_block()
        self._close_loose()
        self.part_action = None  # the part's actions are printed: it is none itself
        seq = len(self.doc.actions) + 1
        name = self._heading_title(line.start + m.start(2), parts, "action")
        self.action = Action(seq, f"({m.group(1)})", name.rstrip("。"), self.doc.span(line.start, line.end),
                             self.section.seq if self.section else None)
        self.doc.actions.append(self.action)
        self._hold_heading_block("action", line, self.action.label, line.start + m.start(2), parts[1])

    def _heading_title(self, start: int, parts: tuple[int, attr.RawAttribution | None], level: str) -> str:
        """A heading's title; the attribution closing the heading (强化科技创新(区科技局牵头), …牵头单位:区科技局)
        is kept for the items under it and left out of the title."""
        title_end, raw = parts
        self._forget_heading(level)
        if raw is not None:
            self.heading_attr[level] = [raw, False]
        return self.doc.text[start:title_end].rstrip(" \t\u3000:：")

    def _loose_attribution_as_heading(self) -> None:
        """An attribution standing alone under a heading or an annex's title, before its first item (附件1 …任务清单 /
        牵头单位:市发展改革委 / 1.…), is the heading's: it governs the items below that name none."""
        loose = self.loose
        if loose is None or not loose.lines or loose is self._heading_checked:
            return
        # Once is enough: text the loose block gains later only adds to what must be empty around the one
        # attribution, and looking again at every item made a long unnumbered run cost its length squared.
        self._heading_checked = loose
        raws = self.task_maker.find_attributions(loose)
        if len(raws) != 1 or self.doc.text[loose.start : raws[0].start].strip() or self.doc.text[raws[0].end : loose.end].strip(
                attr.BETWEEN_PARTS + "。"):
            return
        self.heading_attr["action" if self.action else "section"] = [raws[0], False, loose]
        self.loose = None

    def _hold_heading_block(self, level: str, line: st.Line, label: str, body_start: int,
                            raw: attr.RawAttribution | None) -> None:
        if raw is not None:
            block = Block(label, line.start + len(line.text(self.doc.text)) - len(line.text(self.doc.text).lstrip()),
                          body_start, line.end, False, self.action.seq if self.action else None,
                          self.section.seq if self.section else None, [line], label)
            self.heading_blocks[level] = (block, len(self.doc.tasks))

    def _forget_heading(self, *levels: str) -> None:
        """A heading's attribution ends with its part. One that stood alone before the items (a page that opens
        mid-document on 牵头单位:… / 6.…) and that no item took, every item naming its own, is an attribution of
        its own, where it stands: never dropped."""
        for level in levels:
            held, heading = self.heading_attr.pop(level, None), self.heading_blocks.pop(level, None)
            if held is not None and not held[1] and heading is not None and len(self.doc.tasks) == heading[1]:
                # nothing stood under the heading: it is an item
                item = self._heading_as_item(heading[0]) if level == "section" else heading[0]
                self.task_maker.emit(item, False, self.heading_attribution)
                continue
            if held is not None and not held[1] and len(held) > 2:
                self.task_maker.emit(held[2], False, self.heading_attribution)
                self.doc.tasks.insert(bisect.bisect_right([t.span.start for t in self.doc.tasks[:-1]],
                                                          self.doc.tasks[-1].span.start), self.doc.tasks.pop())

    def _heading_as_item(self, block: Block) -> Block:
        """A section heading closed by its attribution with nothing under it (二、…报告(县应急管理局负责)。) is a
        top-level item: labelled by its number, as ``_open_top_item`` labels one, and no section of its own."""
        section = self.doc.sections[block.section_seq - 1] if block.section_seq else None
        if section is None or not section.label or section is not self.doc.sections[-1] or any(
                a.section_seq == section.seq for a in self.doc.actions):
            return block
        self.doc.sections.pop()
        if self.section is section:
            self.section = None
        return replace(block, label=section.label, numbered=True, section_seq=None)

    def heading_attribution(self, block: Block, numbered: bool) -> attr.RawAttribution | None:
        """The attribution of the heading a block stands under, for a block that names none: any numbered item,
        and the loose text under a heading none of whose items took it."""
        level = "action" if block.action_seq is not None and "action" in self.heading_attr else "section"
        held = self.heading_attr.get(level)
        if held is None or (not numbered and held[1]):
            return None
        held[1] = True
        return held[0]

    def _open_block(self, line: st.Line, label: str, body_start: int, style: str = "") -> None:
        if style:
            self._restart_under_title(label, style)
        self._close_block()
        self._open_part_action()
        self._loose_attribution_as_heading()
        start = line.start + len(line.text(self.doc.text)) - len(line.text(self.doc.text).lstrip())  # no indentation
        self.block = Block(label, start, body_start, line.end, True,
                           self.action.seq if self.action else None,
                           self.section.seq if self.section else None, [line], style=style)

    def _restart_under_title(self, label: str, style: str) -> None:
        """Items of a section numbered again from 1 under a title printed unnumbered after the last item's
        attribution (…(责任单位:市国土资源局) / 沿海开发十大重点争取推进事项 / (2010年2月,成立专门工作班子) / 1.…): the title
        opens a section of its own, as the section's heading did; bracketed remarks after it are the title's."""
        block = self.block
        if (block is None or self.section is None or block.style != style or st.label_number(label) != 1
                or (st.label_number(block.label) or 0) < 2):
            return
        k = len(block.lines)
        while k > 1 and _REMARK_LINE.fullmatch(remark := block.lines[k - 1].text(self.doc.text).strip()) \
                and not attr.HINT_RE.search(remark):
            k -= 1
        if k < 2:
            return
        title_line = block.lines[k - 1]
        title = title_line.text(self.doc.text).strip()
        if (not title or not st.is_heading_text(title) or _TITLE_BREAKS.search(title)
                or not attr.HINT_RE.search(self.doc.text, block.start, title_line.start)):
            return
        tail = block.lines[k - 1 :]
        block.lines = block.lines[: k - 1]
        block.end = block.lines[-1].end
        self._close_block()
        self._close_loose()
        self.section = Section(len(self.doc.sections) + 1, "", title, self.doc.span(title_line.start, tail[-1].end))
        self.doc.sections.append(self.section)
        self.action = None
        self._forget_heading("section", "action")

    def _heading_label(self) -> str:
        """What labels a task printed with no number of its own: its action, else its section, else 正文."""
        return self.action.label if self.action else (self.section.title if self.section else "正文")

    def _loose_line(self, line: st.Line) -> None:
        if self.loose is None:
            label = self._heading_label()
            self.loose = Block(label, line.start, line.start, line.end, False,
                               self.action.seq if self.action else None,
                               self.section.seq if self.section else None)
            self.loose.title = self.action.name if self.action else label
        self.loose.lines.append(line)
        self.loose.end = line.end

    def _states_targets(self, line: st.Line, s: str) -> bool:
        """A paragraph of a goals section that states targets (到2025年底,全市规模以上工业增加值增长10%以上…), as its
        —— lines do, outside any item and naming no units: a goal."""
        return (self.block is None and not attr.HINT_RE.search(s) and not attr.ROLE_PHRASE_RE.search(s)
                and bool(extract_targets(s)))

    def _goal(self, line: st.Line) -> None:
        """A —— line or a paragraph stating targets; its area is its first sentence."""
        s = line.text(self.doc.text)
        m = st.GOAL_RE.match(s)
        body = line.start + (m.start(1) if m else len(s) - len(s.lstrip()))
        stop = self.doc.text.find("。", body, line.end)
        area_end = stop if stop >= 0 else line.end
        targets = extract_targets(self.doc.text[body : line.end], body)
        self.doc.goals.append(Goal(self.doc.text[body:area_end], self.doc.span(line.start, line.end),
                                   tuple(self.doc.target(t) for t in targets)))

    # -- closing blocks into tasks -----------------------------------------------------------------------
    def _close_block(self) -> None:
        block, self.block, self.panel = self.block, None, None
        if block is not None:
            self.task_maker.emit(block, True, self.heading_attribution)

    def _close_loose(self) -> None:
        block, self.loose = self.loose, None
        if block is not None:
            self.task_maker.emit(block, False, self.heading_attribution)
