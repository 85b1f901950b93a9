"""A finished block → a Task with its assignments: the grammar (``attributions``) finds the block's
attributions, each governs its part of the text, and the resolution step (``resolve``) turns each into units,
roles and a deadline. Also says what in the block was not read (a key after a closed bracket, a merged item,
text that reads like an attribution) and reads tables the cell fallback found as a task per row.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import replace

from . import attributions as attr
from . import structure as st
from .model import Assignment, Task
from .parse_state import Block, ParseState
from .targets import extract_targets

# A row's number on a line of its own, as a table printed one cell per line shows it: 3, (3), 第三项.
ROW_NUMBER_RE = re.compile(r"\(?\d{1,3}\)?[.、]?|第[一二三四五六七八九十百\d]{1,4}[项条]")
_PROBLEMS = {"unclosed-bracket": "attribution bracket is not closed",
             "unparsed-attribution": "bracket looks like an attribution but names no role: {}",
             "shadowed-attribution": "role clause {!r} in the task's text is not read: the task's units are taken "
                                     "from its bracket or key lines"}
# Attributions the fallbacks read, in layouts the walk does not know: each is said where it stands.
_WITHOUT_STRUCTURE = {"sentence": "a key or role clause inside a sentence",
                      "titled": "a key glued to the end of the item's title",
                      "cells": "a line of units under a table header named like a key",
                      "unit-lines": "a list of units wrapped over lines of their own, apart from its duty"}

# A note in 〔〕 printed right after an attribution's closing bracket (…完成时限：2026年6月底前）〔本项任务列入省考核〕): the
# attribution's note, as one inside it is; a 文号's year (〔2024〕) is none.
_NOTE_AFTER = re.compile(r"[ \t\u3000]*〔(?!\d{4}〕)([^〔〕\n]+)〕")

# The attribution of the heading over a block that names none (the walk's, ``walk.Walker.heading_attribution``);
# the bool says whether the block is a numbered task.
HeadingOf = Callable[[Block, bool], "attr.RawAttribution | None"]



def _items_own_clauses(text: str, block: Block, raws: list[attr.RawAttribution], raw: attr.RawAttribution) -> bool:
    """Role clauses that are a numbered item's one attribution, opening it or a sentence or clause of it
    (1.全面落实…。区市场监管局牵头,区发展改革局、区司法局按职责分工负责。): the item's number bounds the work they
    govern, as a bracket closing it would, so nothing was read without a structure. Under a heading, in loose
    text, beside other duties in the item, or after a label run on inside it (2. **实施机构**   X牵头,…), they are
    the fallback's reading and are said (read-without-structure)."""
    if not (block.numbered and len(raws) == 1 and raw.form == "sentence" and not raw.key_text):
        return False
    before = text[block.body_start : raw.start].rstrip(" \t\u3000\n")
    return not before or before.endswith(_CLAUSE_BOUNDARIES)


_CLAUSE_BOUNDARIES = tuple("。，,；;")

class TaskMaker:
    """Builds tasks from blocks into ``doc.tasks``; remembers which attributions it has warned about being read
    without a task structure (a loose block is read twice: as a heading's, then on its own)."""

    def __init__(self, doc: ParseState):
        self.doc = doc
        self._said: set[tuple[int, int]] = set()

    def emit(self, block: Block, require: bool, heading_of: HeadingOf) -> None:
        """The task ``block`` holds, appended to the document's tasks with its assignments. ``require``: a
        numbered task (one naming no unit is warned about); else loose text, a task only when it names a unit.
        ``heading_of`` gives the attribution of the heading over a block that names none."""
        raws = self.find_attributions(block)
        if not require and (rows := self._fallback_rows(block, raws)):
            for label, number, raw in rows:
                self.emit(replace(block, label=label, start=number.start, body_start=number.end, end=raw.end,
                                  numbered=True, title="",
                                  lines=[ln for ln in block.lines if number.end <= ln.start < raw.end]),
                          True, heading_of)
            return
        heading = None if raws else heading_of(block, require)
        if heading is not None:
            raws = [heading]
            assignments = [self.doc.resolver.assignment(1, heading, *_trim(self.doc.text, block.body_start, block.end))]
        elif not raws and not require:
            self._unread(block)
            return
        else:
            assignments = self._assignments(block, raws)
        if not raws:
            self.doc.warn("task-without-attribution", f"task {block.label} names no responsible unit", block.start,
                          block.end)
        self._merged_items(block, raws)
        self._keys_after_brackets(block, raws, assignments)
        title = block.title or self._title(block, [] if heading is not None else raws)
        task_span = (block.start, block.end)
        mentions = tuple(self.doc.mentions(block.body_start, block.end))
        targets = tuple(self.doc.target(t) for t in extract_targets(self.doc.text[block.body_start : block.end],
                                                                    block.body_start))
        self.doc.tasks.append(Task(block.label, title, self.doc.span(*task_span), block.numbered, block.action_seq,
                                   block.section_seq, tuple(assignments), mentions, targets))

    def _merged_items(self, block: Block, raws: list[attr.RawAttribution]) -> None:
        """A line numbered as the next section (三、… under 二、) inside a task's text opened no part of its own: it
        is read as text of that task, said with its line so the item is not lost without a word. One that states
        a duty the task reads (a cell's numbered duties) is not lost."""
        if not block.section_seq or not (number := st.cn_number(self.doc.sections[block.section_seq - 1].label)):
            return
        for line in block.lines:
            s = line.text(self.doc.text)
            if (line.start > block.start and (m := st.SECTION_RE.match(s)) and st.cn_number(m.group(1)) == number + 1
                    and not st.is_outline(s) and not any(line.start <= r.start < line.end for r in raws)):
                start, end = attr.strip_span(self.doc.text, line.start, line.end, " \t\u3000")
                self.doc.warn("merged-item", f"numbered item {m.group(1)}、{self.doc.surface(start, end)[len(m.group(1)) + 1:][:30]!r}"
                              f" opens no task of its own: read as text of task {block.label}", start, end)

    def _keys_after_brackets(self, block: Block, raws: list[attr.RawAttribution],
                             assignments: list[Assignment]) -> None:
        """A key after an attribution's bracket on its line that no attribution read (the bracket closed early, at
        a ')' pasted inside it with no ）after it: …市商务局'}) RETURN 1；完成时限:2026年6月底前): said where it stands,
        not lost without a word. One whose value is a deadline the task read is no loss."""
        read = [(r.start, r.end) for r in raws]
        dated = [(d.span.start, d.span.end) for a in assignments if (d := a.deadline) is not None]
        for raw in raws:
            if raw.form != "bracket":
                continue
            line_end = self.doc.text.find("\n", raw.end, block.end)
            line_end = block.end if line_end < 0 else line_end
            for m in attr.KEY_RE.finditer(self.doc.text, raw.end, line_end):
                if any(s <= m.start() < e for s, e in read):
                    continue
                value_end = next((k.start() for k in attr.KEY_RE.finditer(self.doc.text, m.end(), line_end)), line_end)
                where = self.doc.span(m.start(), value_end)
                if any(s < where.end and where.start < e for s, e in dated):
                    continue
                self.doc.warn("unread-attribution", f"{self.doc.surface(m.start(), value_end)[:40]!r} after the attribution's "
                              "closing bracket was not read", m.start(), value_end)

    def _fallback_rows(self, block: Block, raws: list[attr.RawAttribution]
                       ) -> list[tuple[str, st.Line, attr.RawAttribution]] | None:
        """Rows of a table the cell fallback read (units on lines under a header named like a key): when every
        run of unit lines has a row number on a line of its own before it (1, 第一项), each is a task of its own
        under that number, from the number to its last cell; else None, and the loose block is one task."""
        if not raws or any(r.form != "cells" for r in raws):
            return None
        numbers = [ln for ln in block.lines if ROW_NUMBER_RE.fullmatch(ln.text(self.doc.text).strip())]
        starts = [ln.start for ln in numbers]
        rows, floor = [], block.body_start
        for raw in raws:
            k = bisect.bisect_left(starts, raw.start) - 1  # the last number line before the units
            if k < 0 or starts[k] < floor:
                return None
            rows.append((numbers[k].text(self.doc.text).strip(), numbers[k], raw))
            floor = raw.end
        return rows

    def _unread(self, block: Block) -> None:
        """Text outside numbered tasks that reads like an attribution none of the grammar's forms took."""
        if (m := attr.UNREAD_RE.search(self.doc.text, block.body_start, block.end)) is not None:
            self.doc.warn("unread-attribution", f"{self.doc.surface(max(block.body_start, m.start() - 20), m.end())!r} "
                          "reads like an attribution, but no units with a role were found in it", m.start(), m.end())

    def _title(self, block: Block, raws: list[attr.RawAttribution]) -> str:
        """The first sentence of the task, up to its first attribution."""
        start, limit = block.body_start, raws[0].start if raws else block.end
        if self._leads_with_attribution(block, raws):
            start, limit = raws[0].end, raws[1].start if len(raws) > 1 else block.end
        stop = self.doc.text.find("。", start, limit)
        end = stop if 0 <= stop else limit
        s, e = attr.strip_span(self.doc.text, start, end, " ,;，；。、\n.")
        return self.doc.text[s:e]

    def find_attributions(self, block: Block) -> list[attr.RawAttribution]:
        lines = [(ln.start, ln.end) for ln in block.lines] or [(block.body_start, block.end)]
        raws, problems = attr.block_attributions(self.doc.text, lines, block.body_start, self.doc.resolver.names_units,
                                                 self.doc.resolver.lists_units, self._column_header(block))
        for code, start, end in problems:
            self.doc.warn(code, _PROBLEMS[code].format(self.doc.surface(start, end)[:60]), start, end)
        # a numbered item's keys closing its line after its sentences are where it prints its attribution, as a
        # key line of its own: they govern the text before them, and are no fallback's reading
        raws = [replace(r, form="lines") if block.numbered and attr.keys_close_line(self.doc.text, r) else r for r in raws]
        labels = {id(raw): label for label, _, raw in self._fallback_rows(block, raws) or ()}
        for raw in raws:
            if _items_own_clauses(self.doc.text, block, raws, raw):
                continue
            if raw.form in _WITHOUT_STRUCTURE and (raw.start, raw.end) not in self._said:
                self._said.add((raw.start, raw.end))  # a loose block is read twice: as a heading's, then on its own
                label = labels.get(id(raw), block.label)
                self.doc.warn("read-without-structure", f"attribution {self.doc.surface(raw.start, raw.end)[:40]!r} read "
                              f"without a task structure ({_WITHOUT_STRUCTURE[raw.form]}), labelled {label}",
                              raw.start, raw.end)
        return raws

    def _column_header(self, block: Block) -> attr.ColumnHeader | None:
        """The last table header printed one cell per line before the block ends, within the block's section, or
        right above the first section heading after it (主要工作任务 / 牵头单位 / 责任单位 / 一、…: a table whose
        sections are rows of its own)."""
        floor = self.doc.sections[block.section_seq - 1].span.start if block.section_seq else 0
        k = bisect.bisect_right([h.end for h in self.doc.columns], block.end) - 1
        if k < 0:
            return None
        header = self.doc.span(self.doc.columns[k].start, self.doc.columns[k].end)
        if header.start >= floor:
            return self.doc.columns[k]
        first = next((sec.span for sec in self.doc.sections if sec.span.start >= header.end), None)
        opens_sections = first is not None and not self.doc.norm.original[header.end : first.start].strip()
        return self.doc.columns[k] if opens_sections else None

    def _assignments(self, block: Block, raws: list[attr.RawAttribution]) -> list[Assignment]:
        """Each attribution governs the text since the previous one; in a task that opens with its attribution
        (1.【牵头单位:…】推进…) each governs the text after it instead; a duty stated in a sentence (由X负责…)
        governs the text around it, up to the next one."""
        if raws and all(r.form in ("prose", "sentence", "unit-lines") for r in raws):
            starts = [block.body_start] + [r.end for r in raws[:-1]]
            ends = [r.start for r in raws[1:]] + [block.end]
            # a unit cell printed apart takes no date from the duties after it; a duty, none from the next duty's
            # sentence, but a date printed apart after the last duty's (a date line under two duty lines) is theirs
            last = self.doc.resolver.sentence_end(raws[-1].end)
            apart = (last, block.end) if last < block.end else None
            return self._sentence_deadlines(raws, [
                self.doc.resolver.assignment(seq, raw, *_trim(self.doc.text, s, e), after_only=seq > 1,
                                             deadline_until=None if raw.form == "unit-lines" else e,
                                             deadline_apart=None if raw.form == "unit-lines" else apart,
                                             whole=_items_own_clauses(self.doc.text, block, raws, raw))
                for seq, (raw, s, e) in enumerate(zip(raws, starts, ends, strict=True), start=1)])
        if self._leads_with_attribution(block, raws):
            ends = [r.start for r in raws[1:]] + [block.end]
            return [self.doc.resolver.assignment(seq, raw, *_trim(self.doc.text, raw.end, end))
                    for seq, (raw, end) in enumerate(zip(raws, ends, strict=True), start=1)]
        out, governed_from = [], block.body_start
        for seq, raw in enumerate(raws, start=1):
            s, e = _trim(self.doc.text, governed_from, raw.start)
            a, governed_from = self.doc.resolver.assignment(seq, raw, s, e), raw.end
            if (raw.form == "bracket" and (m := _NOTE_AFTER.match(self.doc.text, raw.end, block.end))
                    and not any(m.start() <= r.start < m.end() for r in raws)):
                a, governed_from = replace(a, note="；".join(filter(None, (a.note, self.doc.surface(*m.span(1)))))), m.end()
            out.append(a)
        return out

    def _sentence_deadlines(self, raws: list[attr.RawAttribution], found: list[Assignment]) -> list[Assignment]:
        """A deadline printed once in a sentence governs every duty the sentence states (X负责…,Y负责…,5月10日前完成。):
        a duty of that sentence with none of its own takes it. Two printed there (one for each duty) leave it none."""
        out = list(found)
        for k, (raw, a) in enumerate(zip(raws, found, strict=True)):
            if a.deadline is not None or raw.form == "unit-lines":
                continue
            sentence = self.doc.span(*self.doc.resolver.sentence_of(raw.start, raw.end))
            printed = {(d.span.start, d.span.end): d for b in found if (d := b.deadline) is not None
                       and sentence.start <= d.span.start and d.span.end <= sentence.end}
            if len(printed) == 1:
                out[k] = replace(a, deadline=next(iter(printed.values())))
        return out

    def _leads_with_attribution(self, block: Block, raws: list[attr.RawAttribution]) -> bool:
        return (bool(raws) and not self.doc.text[block.body_start : raws[0].start].strip(attr.BETWEEN_PARTS + "。")
                and bool(self.doc.text[raws[-1].end : block.end].strip(attr.BETWEEN_PARTS + "。")))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Governed text: no separators left over from the previous attribution, no trailing blanks."""
    while start < end and text[start] in " \n,;，；。":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end
