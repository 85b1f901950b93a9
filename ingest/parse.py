"""Normalised text → PolicyDocument: sections, goals, actions, tasks and their assignments.

The walk is line by line: headings open sections and actions, a number opens a task, everything else continues
the current task (or, outside numbered tasks, a loose block labelled with its heading). Attributions are found
per task; each governs the text since the previous one. Everything is located in the normalised text and
mapped back to the original, so spans always slice ``PolicyDocument.text``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate

from . import attributions as attr
from . import structure as st
from . import tables
from .deadlines import find_deadlines, resolve_deadline
from .jurisdiction import Jurisdiction
from .model import (
    Action,
    Assignment,
    Deadline,
    EntityMention,
    Goal,
    IgnoredSpan,
    Metadata,
    ParseIssue,
    PolicyDocument,
    Section,
    Span,
    Target,
    Task,
    UnitMention,
)
from .normalize import NormalizedText, normalize, normalize_name
from .resolve import bind
from .targets import extract_targets
from .units import UnitGazetteer

_OPEN_SUFFIX = re.compile(r"等(?:有关|相关|其他)?(?:部门|单位|区\(市\)|机构)?$")
_DUTY_SUFFIX = re.compile(r"(?:按职责分工负责|按职责分工落实|分工负责|按职责负责|负责落实|负责|牵头|配合|参与)$")
_UNIT_SPLIT = re.compile(r"[、,，/;；]")
# Only where every part is a unit: 市工业和信息化局 stays whole; spaces part units a cell's paragraphs listed.
_AND_SPLIT = re.compile(r"以及|及|和|与|\s+")
# A post, not a unit, in a list of units (市政府分管副市长): a leader.
_POST = re.compile(r"(?:市长|秘书长|书记|主任|局长|部长|主席|区长|县长|镇长|领导|同志)$")
# What may stand between two attributions that are one: (牵头单位:…)(完成时限:…).
_BETWEEN_PARTS = " \n,;，；、"
# 市民营经济局(牵头) or 市市场监管局〔牵头〕 in a list: that unit leads.
_LEAD_MARK = re.compile(r"[(〔【\[](?:牵头|主责|牵头单位|牵头部门)[)〕】\]]$")
# "其中,市交通运输局为牵头单位" in an attribution's note.
_NAMED_LEAD = re.compile(r"(?:其中[,，]?)?(?P<unit>[^,，;；。:：(]{2,30}?)(?:为|是|作为)牵头(?:单位|部门)")
# A document's convention that the first unit of a list leads (列第一位的为牵头单位), and that the others of
# a list without keys cooperate (其他为配合单位).
_FIRST_LEADS = re.compile(r"(?:列|排|排列|排名|排在|列在)?(?:第一位|首位|第一个|第一)(?:的|者)?(?:单位|部门)?"
                          r"(?:为|是)牵头(?:单位|部门)")
_OTHERS_COOPERATE = re.compile(r"(?:其他|其余|其它)(?:的)?(?:单位|部门)?(?:为|是)(?:配合|协助|参与)(?:单位|部门)")


@dataclass
class _Block:
    """A task under construction: a numbered task, an (一) item, or loose text under a heading."""

    label: str
    start: int
    body_start: int
    end: int
    numbered: bool
    action_seq: int | None
    section_seq: int | None
    lines: list[st.Line] = field(default_factory=list)
    title: str = ""
    style: str = ""  # numbering style of a numbered task (structure.TASK_STYLES); "" for (一) items and loose text


@dataclass
class _UnitList:
    """What a list of units holds besides the units: the ones marked as leading, an open end (等), a
    deadline given without a key, and the rest as a note (``note_start``: where a trailing sentence starts)."""

    units: list[UnitMention] = field(default_factory=list)
    marked: list[UnitMention] = field(default_factory=list)
    is_open: bool = False
    deadlines: list[Deadline] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)  # posts listed among the units (市政府分管副市长)
    note: str = ""
    note_start: int = 0


class _Parser:
    def __init__(self, source_text: str, ignored: tuple[IgnoredSpan, ...], units: UnitGazetteer, tagger=None,
                 jurisdiction: str | None = None):
        self.norm: NormalizedText = normalize(source_text)
        self.given_place = jurisdiction
        self.jurisdiction = Jurisdiction("", "")
        self.unlisted: dict[str, tuple[int, int]] = {}  # well-formed units in no gazetteer, first mention
        self.text = self.norm.text
        self.units = units
        self.lookup = lru_cache(maxsize=None)(units.lookup)  # names repeat across a document
        self.tagger = tagger
        self.ignored = ignored
        self.issues: list[ParseIssue] = []
        self.sections: list[Section] = []
        self.actions: list[Action] = []
        self.tasks: list[Task] = []
        self.goals: list[Goal] = []
        self.year = 1970
        # Stated once, in the header, a note or a footnote, the convention holds for the whole document.
        convention = _FIRST_LEADS.search(self.text)
        self.first_leads = convention is not None
        self.others_cooperate = bool(convention and _OTHERS_COOPERATE.search(self.text, convention.start(),
                                                                              convention.start() + 60))
        self._original_lines = st.split_lines(self.norm.original)
        self._line_starts = [ln.start for ln in self._original_lines]
        # the walk's position: the heading and the block each line belongs to
        self.section: Section | None = None
        self.action: Action | None = None
        self.block: _Block | None = None
        self.loose: _Block | None = None

    # -- offsets and reporting -------------------------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        return Span(*self.norm.original_span(start, end))

    def surface(self, start: int, end: int) -> str:
        s = self.span(start, end)
        return self.norm.original[s.start : s.end]

    def warn(self, code: str, message: str, start: int | None, end: int | None = None) -> None:
        span = self.span(start, end if end is not None else start) if start is not None else None
        line, column = self._locate(span.start if span else 0)
        self.issues.append(ParseIssue(code, message, span, line, column))

    def _locate(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[max(index, 0)] + 1

    # -- the walk ----------------------------------------------------------------------------------------
    def run(self) -> tuple[st.Header, list[st.Line]]:
        lines = st.split_lines(self.text)
        skip = self._ignored_lines(lines)
        header = st.read_header(self.text, lines, skip)
        self.jurisdiction, self.units = bind(self.units, doc_number=header.doc_number, issuers=header.issuers,
                                             title=header.title, text=self.text, given=self.given_place)
        self.lookup = self.units.lookup
        self.year = header.year or 1970
        if header.year is None:
            self.warn("unknown-year", "no year found (文号, date or 20xx年); deadlines resolve against 1970", 0)
        self._walk(lines, header.header_end, skip)
        self._report_unlisted()
        return header, lines

    def _report_unlisted(self) -> None:
        """Well-formed names in no gazetteer are units of the place, said once, not warned about each time."""
        if self.unlisted:
            names = list(self.unlisted)
            start, end = self.unlisted[names[0]]
            self.warn("units-not-in-gazetteer", f"{len(names)} units not in any gazetteer: {'、'.join(names)}",
                      start, end)

    def _ignored_lines(self, lines: list[st.Line]) -> set[int]:
        """Indexes of the (normalised) lines whose text ignored spans cover; those spans are original offsets.
        A line holding more than that (a page number blanked inside a joined attribution) is read."""
        spans = sorted((s.span.start, max(s.span.end, s.span.start + 1)) for s in self.ignored)
        if not spans:
            return set()
        starts = [s for s, _ in spans]
        reach = list(accumulate((e for _, e in spans), max))  # the furthest end among spans starting so far
        covered = set()
        for i, ln in enumerate(lines):
            start, end = attr.strip_span(self.text, ln.start, ln.end, " \t\r")
            start, end = self.norm.original_span(start, end)
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and end <= reach[k]:
                covered.add(i)
        return covered

    def _walk(self, lines: list[st.Line], first: int, skip: set[int]) -> None:
        i = first
        while i < len(lines):
            if i in skip or not lines[i].text(self.text).strip():
                i += 1
                continue
            if tables.is_table_line(lines[i].text(self.text)):
                i = self._table(lines, i, skip)
                continue
            self._line(lines[i])
            i += 1
        self._close_block()
        self._close_loose()

    def _line(self, line: st.Line) -> None:
        s = line.text(self.text)
        if (m := st.SECTION_RE.match(s)) and st.is_heading_text(m.group(2)):
            self._open_section(line, m)
        elif (m := st.ACTION_RE.match(s)) and st.is_heading_text(m.group(2)) and not self._in_goals():
            self._open_action(line, m)
        elif m := st.ACTION_RE.match(s):
            self._open_block(line, f"({m.group(1)})", line.start + m.start(2))
        elif (m := st.TASK_RE.match(s)) and not self._sub_item(st.task_number(m)[1]):
            label, style = st.task_number(m)
            self._open_block(line, label, line.start + m.end(), style)
        elif self._in_goals() and st.GOAL_RE.match(s):
            self._goal(line)
        elif self.block is not None:
            self.block.lines.append(line)
            self.block.end = line.end
        else:
            self._loose_line(line)

    def _sub_item(self, style: str) -> bool:
        """(1) inside a task numbered 1. belongs to that task; under an (一) heading it is a task itself."""
        block = self.block
        return (block is not None and block.style in st.TASK_STYLES
                and st.TASK_STYLES.index(style) > st.TASK_STYLES.index(block.style))

    def _in_goals(self) -> bool:
        return self.section is not None and "目标" in self.section.title

    def _open_section(self, line: st.Line, m: re.Match) -> None:
        self._close_block()
        self._close_loose()
        seq = len(self.sections) + 1
        self.section = Section(seq, m.group(1), m.group(2), self.span(line.start, line.end))
        self.sections.append(self.section)
        self.action = None

    def _open_action(self, line: st.Line, m: re.Match) -> None:
        self._close_block()
        self._close_loose()
        seq = len(self.actions) + 1
        self.action = Action(seq, f"({m.group(1)})", m.group(2), self.span(line.start, line.end),
                             self.section.seq if self.section else None)
        self.actions.append(self.action)

    def _open_block(self, line: st.Line, label: str, body_start: int, style: str = "") -> None:
        self._close_block()
        start = line.start + len(line.text(self.text)) - len(line.text(self.text).lstrip())  # no indentation
        self.block = _Block(label, start, body_start, line.end, True,
                            self.action.seq if self.action else None,
                            self.section.seq if self.section else None, [line], style=style)

    def _loose_line(self, line: st.Line) -> None:
        if self.loose is None:
            label = self.action.label if self.action else (self.section.title if self.section else "正文")
            self.loose = _Block(label, line.start, line.start, line.end, False,
                                self.action.seq if self.action else None,
                                self.section.seq if self.section else None)
            self.loose.title = self.action.name if self.action else label
        self.loose.lines.append(line)
        self.loose.end = line.end

    def _goal(self, line: st.Line) -> None:
        s = line.text(self.text)
        m = st.GOAL_RE.match(s)
        body = line.start + m.start(1)
        stop = self.text.find("。", body, line.end)
        area_end = stop if stop >= 0 else line.end
        targets = extract_targets(self.text[body : line.end], body)
        self.goals.append(Goal(self.text[body:area_end], self.span(line.start, line.end),
                               tuple(self._map_target(t) for t in targets)))

    def _map_target(self, target: Target) -> Target:
        span = self.span(target.span.start, target.span.end)
        return replace(target, span=span, text=self.norm.original[span.start : span.end])

    # -- closing blocks into tasks -----------------------------------------------------------------------
    def _close_block(self) -> None:
        block, self.block = self.block, None
        if block is not None:
            self._emit(block, require=True)

    def _close_loose(self) -> None:
        block, self.loose = self.loose, None
        if block is not None:
            self._emit(block, require=False)

    def _emit(self, block: _Block, require: bool) -> None:
        raws = self._find_attributions(block)
        if not raws and not require:
            return
        assignments = self._assignments(block, raws)
        if not raws:
            self.warn("task-without-attribution", f"task {block.label} names no responsible unit", block.start,
                      block.end)
        title = block.title or self._title(block, raws)
        task_span = (block.start, block.end)
        mentions = tuple(self._mentions(block.body_start, block.end))
        targets = tuple(self._map_target(t) for t in extract_targets(self.text[block.body_start : block.end],
                                                                      block.body_start))
        self.tasks.append(Task(block.label, title, self.span(*task_span), block.numbered, block.action_seq,
                               block.section_seq, tuple(assignments), mentions, targets))

    def _title(self, block: _Block, raws: list[attr.RawAttribution]) -> str:
        """The first sentence of the task, up to its first attribution."""
        start, limit = block.body_start, raws[0].start if raws else block.end
        if self._leads_with_attribution(block, raws):
            start, limit = raws[0].end, raws[1].start if len(raws) > 1 else block.end
        stop = self.text.find("。", start, limit)
        end = stop if 0 <= stop else limit
        s, e = attr.strip_span(self.text, start, end, " ,;，；。、\n.")
        return self.text[s:e]

    def _mentions(self, start: int, end: int) -> list[EntityMention]:
        if self.tagger is None:
            return []
        found = self.tagger.tag(self.text[start:end])
        if self.norm.identity:  # the usual case: offsets need no mapping, surfaces are slices
            original = self.norm.original
            return [EntityMention(m.kind, m.name, original[start + m.span.start : start + m.span.end],
                                  Span(start + m.span.start, start + m.span.end)) for m in found]
        return [EntityMention(m.kind, m.name, self.surface(start + m.span.start, start + m.span.end),
                              self.span(start + m.span.start, start + m.span.end)) for m in found]

    def _find_attributions(self, block: _Block) -> list[attr.RawAttribution]:
        found: list[attr.RawAttribution] = []
        lines = [(ln.start, ln.end) for ln in block.lines] or [(block.body_start, block.end)]
        line_based = attr.line_attributions(self.text, lines)
        for ls, le in lines:
            start = max(ls, block.body_start)
            for group in attr.bracket_groups(self.text, start, le):
                if any(r.start <= group.start < r.end for r in line_based):
                    continue
                raw = attr.parse_bracket(self.text, group) or self._unit_list(group)
                if raw is not None:
                    if not group.closed:
                        self.warn("unclosed-bracket", "attribution bracket is not closed", group.start, group.end)
                    found.append(raw)
                elif attr.HINT_RE.search(self.text, group.start, group.end):
                    self.warn("unparsed-attribution",
                              f"bracket looks like an attribution but names no role: "
                              f"{self.surface(group.start, group.end)[:60]}", group.start, group.end)
        return self._joined(sorted(found + line_based, key=lambda r: r.start))

    def _joined(self, raws: list[attr.RawAttribution]) -> list[attr.RawAttribution]:
        """Two attributions with nothing between them, one naming no role (a deadline or leaders on their own,
        as in 责任单位:… then (完成时限:…) on the next line), are one attribution."""
        out: list[attr.RawAttribution] = []
        for raw in raws:
            before = out[-1] if out else None
            if (before is not None and not self.text[before.end : raw.start].strip(_BETWEEN_PARTS)
                    and not (_names_role(before) and _names_role(raw))):
                out[-1] = attr.RawAttribution(before.start, raw.end, before.fields + raw.fields, before.form,
                                              before.key_text + raw.key_text)
            else:
                out.append(raw)
        return out

    def _unit_list(self, group: attr.BracketGroup) -> attr.RawAttribution | None:
        """【市行政审批局、市大数据局】: a bracket that only names units, at least one of them known."""
        s, e = attr.strip_span(self.text, group.start + 1, group.end - 1 if group.closed else group.end)
        if not self._names_units(s, e):
            return None
        return attr.RawAttribution(group.start, group.end, (attr.RawField("units-or-note", s, e),), "list")

    def _names_units(self, start: int, end: int) -> bool:
        pieces = [p.strip() for p in _UNIT_SPLIT.split(self.text[start:end]) if p.strip()]
        pieces = [_LEAD_MARK.sub("", _OPEN_SUFFIX.sub("", p)) or p for p in pieces]
        known = [p for p in pieces if self.lookup(p) or self.lookup(p.removesuffix("人民政府").removesuffix("政府"))]
        return bool(known) and all(p in known or self.units.looks_like_unit(p) for p in pieces)

    def _assignments(self, block: _Block, raws: list[attr.RawAttribution]) -> list[Assignment]:
        """Each attribution governs the text since the previous one; in a task that opens with its attribution
        (1.【牵头单位:…】推进…) each governs the text after it instead."""
        if self._leads_with_attribution(block, raws):
            ends = [r.start for r in raws[1:]] + [block.end]
            return [self._assignment(seq, raw, *_trim(self.text, raw.end, end))
                    for seq, (raw, end) in enumerate(zip(raws, ends, strict=True), start=1)]
        out, governed_from = [], block.body_start
        for seq, raw in enumerate(raws, start=1):
            s, e = _trim(self.text, governed_from, raw.start)
            out.append(self._assignment(seq, raw, s, e))
            governed_from = raw.end
        return out

    def _leads_with_attribution(self, block: _Block, raws: list[attr.RawAttribution]) -> bool:
        return (bool(raws) and not self.text[block.body_start : raws[0].start].strip(_BETWEEN_PARTS + "。")
                and bool(self.text[raws[-1].end : block.end].strip(_BETWEEN_PARTS + "。")))

    def _assignment(self, seq: int, raw: attr.RawAttribution, s: int, e: int) -> Assignment:
        roles: dict[str, list[UnitMention]] = {"lead": [], "responsible": [], "cooperating": []}
        opened = {"lead": False, "responsible": False, "cooperating": False}
        leaders: list[str] = []
        notes: list[str] = []
        marked: list[UnitMention] = []  # units marked (牵头) in another role's list
        found_in_lists: list[Deadline] = []  # a deadline without a key among the units (;2024年第三季度)
        deadline: Deadline | None = None
        keyless = False  # units named without a key: a bare list, or text before the first key
        for f in raw.fields:
            value = self.text[f.start : f.end]
            kind = f.kind
            if f.guessed_key:
                self.warn("guessed-attribution-key", f"key {f.guessed_key!r} is not a known key; read as {kind}",
                          f.start - len(f.guessed_key) - 1, f.start)
            if kind == "units-or-note":
                kind = "responsible" if self._names_units(f.start, f.end) else "note"
                keyless = keyless or kind == "responsible"
            if kind in roles:
                found = self._units(f.start, f.end)
                roles[kind] += [u for u in found.units if u not in found.marked]
                marked += found.marked
                opened[kind] |= found.is_open
                notes += [found.note] if found.note else []
                found_in_lists += found.deadlines
                leaders += found.leaders
                roles["lead"] += self._named_lead(found.note_start, f.end, roles)
            elif kind == "leaders":
                leaders += [p.strip() for p in _UNIT_SPLIT.split(value) if p.strip()]
            elif kind in ("deadline", "deadline-or-note"):
                found = self._deadline(f.start, f.end, warn=kind == "deadline")
                if found and deadline is None:
                    deadline = found
                elif kind == "deadline-or-note" or not found:
                    notes.append(self.surface(f.start, f.end))
            else:
                notes.append(self.surface(f.start, f.end))
                roles["lead"] += self._named_lead(f.start, f.end, roles)
        roles["lead"] += marked
        self._first_listed_leads(raw, roles, keyless)
        if deadline is None and found_in_lists:
            deadline, *found_in_lists = found_in_lists
        notes += [d.text for d in found_in_lists]
        if deadline is None and s < e:
            deadline = self._deadline_in_text(s, e)
        if not any(roles.values()):
            self.warn("attribution-without-unit", "attribution names no unit", raw.start, raw.end)
        text_span = self.span(s, e)
        return Assignment(seq, text_span, self.span(raw.start, raw.end), tuple(roles["lead"]),
                          tuple(roles["responsible"]), tuple(roles["cooperating"]), opened["lead"],
                          opened["responsible"], opened["cooperating"], tuple(leaders), deadline,
                          "；".join(n for n in notes if n))

    def _first_listed_leads(self, raw: attr.RawAttribution, roles: dict[str, list[UnitMention]],
                            keyless: bool) -> None:
        """Under the document's 列第一位的为牵头单位, the first responsible unit leads when nothing else does; the
        others of a list without keys cooperate when the convention says so (其他为配合单位)."""
        if not self.first_leads or roles["lead"] or not roles["responsible"] or raw.form == "inline":
            return
        first, *others = roles["responsible"]
        roles["lead"].append(first)
        if keyless and self.others_cooperate:
            roles["cooperating"][:0], roles["responsible"] = others, []
        else:
            roles["responsible"] = others

    def _named_lead(self, start: int, end: int, roles: dict[str, list[UnitMention]]) -> list[UnitMention]:
        """其中,X为牵头单位: X moves from its list to the leads."""
        if start >= end or (m := _NAMED_LEAD.search(self.text, start, end)) is None:
            return []
        us, ue = attr.strip_span(self.text, m.start("unit"), m.end("unit"))
        mention = self._unit(us, ue) if us < ue else None
        if mention is None:
            return []
        for role in ("responsible", "cooperating"):
            roles[role] = [u for u in roles[role] if u.name != mention.name]
        return [] if any(u.name == mention.name for u in roles["lead"]) else [mention]

    # -- units and deadlines -----------------------------------------------------------------------------
    def _units(self, start: int, end: int) -> _UnitList:
        """Units named in text[start:end]: a list ending in 等 is open; what follows a 。 is a note, and so is
        any piece that is not a unit, unless it is a deadline."""
        stop = self.text.find("。", start, end)
        note = self.surface(stop, end).lstrip("。") if stop >= 0 else ""
        found = _UnitList(note_start=stop if stop >= 0 else end)
        end = stop if stop >= 0 else end
        pieces, last = [], start
        for m in _UNIT_SPLIT.finditer(self.text, start, end):
            pieces.append((last, m.start()))
            last = m.end()
        pieces.append((last, end))
        notes = [note] if note else []
        for ps, pe in pieces:
            ps, pe = attr.strip_span(self.text, ps, pe, " \n")
            if ps == pe:
                continue
            piece = self.text[ps:pe]
            if m := _OPEN_SUFFIX.search(piece):
                found.is_open, pe = True, ps + m.start()
            lead = _LEAD_MARK.search(self.text, ps, pe)
            if lead:
                pe = lead.start()
            if m := _DUTY_SUFFIX.search(self.text[ps:pe]):
                notes.append(self.surface(ps + m.start(), pe))
                pe = ps + m.start()
            for us, ue in self._and_split(ps, pe):
                mention = self._unit(us, ue)
                if mention is not None:
                    found.units.append(mention)
                    found.marked += [mention] if lead else []
                elif (deadline := self._deadline(us, ue, warn=False)) is not None:
                    found.deadlines.append(deadline)
                elif _POST.search(self.text, us, ue):
                    found.leaders.append(self.surface(us, ue))
                else:
                    notes.append(self.surface(us, ue))
                    self.warn("not-a-unit", f"{self.surface(us, ue)[:40]!r} in a list of units is not read as a "
                                            "unit; it is kept in the note", us, ue)
        found.note = "；".join(n for n in notes if n)
        return found

    def _and_split(self, start: int, end: int) -> list[tuple[int, int]]:
        """市发展改革委和市市场监管局 is two units, 市工业和信息化局 one: split at a 和/与/及 only where every part
        is a unit, known ones first; one split point at a time, then all of them."""
        piece = self.text[start:end]
        if self.lookup(piece) or not _AND_SPLIT.search(piece):
            return [(start, end)] if start < end else []
        joins = list(_AND_SPLIT.finditer(self.text, start, end))
        options = [[(start, m.start()), (m.end(), end)] for m in joins]
        options.append(list(zip([start] + [m.end() for m in joins], [m.start() for m in joins] + [end], strict=True)))
        for is_unit in (self.lookup, self.units.looks_like_unit):
            for parts in options:
                if all(a < b and is_unit(self.text[a:b]) for a, b in parts):
                    return parts
        return [(start, end)]

    def _unit(self, start: int, end: int) -> UnitMention | None:
        name = self.text[start:end]
        found = self.units.resolve(name)
        if found is None:
            return None
        if not found.known and found.well_formed:
            self.unlisted.setdefault(found.full_name, (start, end))
        elif not found.known:
            self.warn("unknown-unit", f"unit {normalize_name(name)!r} is not in the gazetteer", start, end)
        return UnitMention(found.name, self.surface(start, end), self.span(start, end), found.kind, found.known,
                           tuple(found.members), found.place)

    def _deadline(self, start: int, end: int, warn: bool) -> Deadline | None:
        text = self.text[start:end]
        interval = resolve_deadline(text, self.year)
        if interval is None:
            if warn:
                self.warn("unresolved-deadline", f"deadline {self.surface(start, end)!r} is not a known form",
                          start, end)
            return None
        return Deadline(self.surface(start, end), self.span(start, end), interval.start, interval.end,
                        interval.open_ended)

    def _deadline_in_text(self, start: int, end: int) -> Deadline | None:
        for ds, de in find_deadlines(self.text[start:end]):
            found = self._deadline(start + ds, start + de, warn=False)
            if found is not None:
                return Deadline(found.text, found.span, found.start, found.end, found.open_ended, True)
        return None

    # -- tables ----------------------------------------------------------------------------------------
    def _table(self, lines: list[st.Line], i: int, skip: set[int]) -> int:
        self._close_block()
        run = []
        while i < len(lines) and (i in skip or tables.is_table_line(lines[i].text(self.text))
                                  or not lines[i].text(self.text).strip()):
            if i not in skip and lines[i].text(self.text).strip():
                run.append((lines[i].start, lines[i].end, i))
            i += 1
        columns, rows, leftover = tables.parse_table(self.text, run)
        if not columns:
            self.warn("unparsed-table", "table without a recognised header row (序号/重点工作/责任单位/…)",
                      run[0][0], run[-1][1])
            return i
        for cell in leftover:
            self.warn("unparsed-table-cell", "table cell outside a complete row", cell.start, cell.end)
        previous: tables.TableRow | None = None
        for row in rows:
            if row.continues and previous is not None and self.tasks:
                self._continue_table_task(previous, row)
            else:
                self._table_row(row)
            previous = row
        return i

    def _continue_table_task(self, above: tables.TableRow, row: tables.TableRow) -> None:
        """A row under a merged or empty 序号 is another assignment of the task above; its text cell, when it is
        the task's text repeated (a merged cell), adds no mentions or targets twice."""
        task = self.tasks[-1]
        s, e = self._row_text(row)
        repeated = above.text_cell is not None and self.text[s:e] == self.text[slice(*self._row_text(above))]
        added = (self._assignment(len(task.assignments) + 1, row.attribution, s, e),) if row.attribution else ()
        if not added:
            self.warn("task-without-attribution", f"table row {row.label} names no responsible unit", row.start,
                      row.end)
        self.tasks[-1] = replace(
            task, span=Span(task.span.start, self.span(row.start, row.end).end), assignments=task.assignments + added,
            mentions=task.mentions + (() if repeated else tuple(self._mentions(s, e))),
            targets=task.targets + (() if repeated else tuple(
                self._map_target(t) for t in extract_targets(self.text[s:e], s))))

    @staticmethod
    def _row_text(row: tables.TableRow) -> tuple[int, int]:
        return (row.text_cell.start, row.text_cell.end) if row.text_cell else (row.start, row.start)

    def _table_row(self, row: tables.TableRow) -> None:
        s, e = self._row_text(row)
        raws = [row.attribution] if row.attribution else []
        assignments = [self._assignment(1, row.attribution, s, e)] if row.attribution else []
        stop = self.text.find("。", s, e)
        title = self.text[s : stop if stop >= 0 else e]
        if not raws:
            self.warn("task-without-attribution", f"table row {row.label} names no responsible unit", row.start,
                      row.end)
        self.tasks.append(Task(row.label, title, self.span(row.start, row.end), True,
                               self.action.seq if self.action else None,
                               self.section.seq if self.section else None, tuple(assignments),
                               tuple(self._mentions(s, e)),
                               tuple(self._map_target(t) for t in extract_targets(self.text[s:e], s))))


def _names_role(raw: attr.RawAttribution) -> bool:
    return any(f.kind in ("lead", "responsible", "cooperating", "units-or-note") for f in raw.fields)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Governed text: no separators left over from the previous attribution, no trailing blanks."""
    while start < end and text[start] in " \n,;，；。":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def parse_text(
    text: str,
    units: UnitGazetteer,
    *,
    doc_id: str = "",
    source_name: str = "<text>",
    media_type: str = "text/plain",
    encoding: str = "utf-8",
    ignored: tuple[IgnoredSpan, ...] = (),
    tagger=None,
    jurisdiction: str | None = None,
) -> PolicyDocument:
    """Parse already-decoded text. Pure: the same inputs give the same document. ``jurisdiction`` is the
    user's word on the issuing place; without it the document's 文号, issuer, title or text decide."""
    parser = _Parser(text, ignored, units, tagger, jurisdiction)
    header, _ = parser.run()
    metadata = Metadata(header.title, header.doc_number, header.issuers, header.date, parser.year,
                        parser.jurisdiction.place, parser.jurisdiction.source)
    return PolicyDocument(doc_id, source_name, media_type, encoding, text, metadata, tuple(parser.sections),
                          tuple(parser.goals), tuple(parser.actions), tuple(parser.tasks), ignored,
                          tuple(sorted(parser.issues, key=lambda i: (i.line, i.column))),
                          traditional=parser.norm.traditional)
