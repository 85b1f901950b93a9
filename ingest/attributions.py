"""Find attributions in a block of normalised text and split them into fields.

An attribution names who does the work and by when. It comes in brackets ("(牵头单位:…;完成时限:…)", 〔…〕,
【…】), on lines of its own ("牵头单位:区发改局"), or inline ("(市政府办公室牵头,各部门按职责分工负责)"). This
module only finds them and cuts them into raw fields with offsets; units and deadlines are resolved by the
parser. Offsets here are into the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENERS = "(〔【["
CLOSERS = ")〕】]"

# Keys as they occur in documents, most specific first (完成时限 before 时限).
_KEYS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead", "牵头责任单位": "lead", "主责单位": "lead", "主责部门": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "负责单位": "responsible", "负责部门": "responsible",
    "实施单位": "responsible", "落实单位": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "参与单位": "cooperating", "参与部门": "cooperating",
    "协助单位": "cooperating", "协同单位": "cooperating", "协办单位": "cooperating", "协作单位": "cooperating",
    "责任领导": "leaders", "牵头领导": "leaders", "分管领导": "leaders", "责任人": "leaders",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "时限要求": "deadline",
    "完成期限": "deadline", "时限": "deadline",
}
_KEY_ALT = "|".join(sorted(_KEYS, key=len, reverse=True))
KEY_RE = re.compile(rf"({_KEY_ALT})\s*[:：]\s*")
LINE_KEY_RE = re.compile(rf"\s*({_KEY_ALT})\s*[:：]")
# Words that make a bracket look like it meant to be an attribution; used to warn when one fails to parse.
HINT_RE = re.compile(r"牵头|责任单位|负责单位|配合单位|参与单位|完成时限|完成时间|时间节点")

_VERBS = "牵头负责|牵头落实|牵头|按职责分工负责|按职责分工落实|分工负责|按职责负责|共同负责|负责落实|负责|配合落实|配合|参与|协助|协同"
VERB_ROLE = {"牵头": "lead", "配合": "cooperating", "参与": "cooperating", "协助": "cooperating", "协同": "cooperating"}
_INLINE_RE = re.compile(rf"(?:由)?(?P<units>.+?)(?P<verb>{_VERBS})(?:落实|实施|推进)?$")
_SEGMENT_SPLIT = re.compile(r"[,;，；。]")


@dataclass(frozen=True)
class RawField:
    """One field of an attribution: a role, 'leaders', 'deadline' or 'note', and its value's offsets."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RawAttribution:
    start: int  # whole attribution, brackets or lines included
    end: int
    fields: tuple[RawField, ...]
    form: str  # bracket, inline, lines, table
    key_text: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class BracketGroup:
    start: int  # the opening bracket
    end: int  # after the closing bracket (or the block end when unclosed)
    closed: bool


def role_of_verb(verb: str) -> str:
    for prefix, role in VERB_ROLE.items():
        if verb.startswith(prefix):
            return role
    return "responsible"


_BRACKET_OR_NEWLINE = re.compile(r"[(〔【\[)〕】\]\n]")


def bracket_groups(text: str, start: int, end: int) -> list[BracketGroup]:
    """Top-level bracket groups in text[start:end]; nesting of mixed bracket kinds is tolerated."""
    groups: list[BracketGroup] = []
    depth = 0
    opened = start
    for m in _BRACKET_OR_NEWLINE.finditer(text, start, end):  # jump from bracket to bracket
        ch, i = m.group(), m.start()
        if ch in OPENERS:
            if depth == 0:
                opened = i
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
            if depth == 0:
                groups.append(BracketGroup(opened, i + 1, True))
        elif ch == "\n" and depth:
            groups.append(BracketGroup(opened, i, False))  # brackets never span lines in these documents
            depth = 0
    if depth:
        groups.append(BracketGroup(opened, end, False))
    return groups


def strip_span(text: str, start: int, end: int, chars: str = " ,;，；。、\n") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def keyed_fields(text: str, start: int, end: int) -> tuple[list[RawField], list[str]]:
    """Fields of 'key: value' content; the text before the first key is returned as an inline/note field."""
    matches = list(KEY_RE.finditer(text, start, end))
    fields: list[RawField] = []
    if matches and matches[0].start() > start:
        s, e = strip_span(text, start, matches[0].start())
        if s < e:
            fields.extend(inline_fields(text, s, e) or [RawField("note", s, e)])
    for i, m in enumerate(matches):
        value_end = matches[i + 1].start() if i + 1 < len(matches) else end
        s, e = strip_span(text, m.end(), value_end)
        fields.append(RawField(_KEYS[m.group(1)], s, e))
    return fields, [m.group(1) for m in matches]


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    segments, last = [], start
    for m in _SEGMENT_SPLIT.finditer(text, start, end):
        segments.append(strip_span(text, last, m.start()))
        last = m.end()
    segments.append(strip_span(text, last, end))
    return [(s, e) for s, e in segments if s < e]


def inline_fields(text: str, start: int, end: int) -> list[RawField] | None:
    """'X、Y牵头,Z按职责分工负责' → fields; None unless at least one segment is 'units + role verb'."""
    fields: list[RawField] = []
    found_role = False
    for s, e in _segments(text, start, end):
        m = _INLINE_RE.match(text, s, e)
        if m and len(m.group("units")) <= 80:
            found_role = True
            fields.append(RawField(role_of_verb(m.group("verb")), m.start("units"), m.end("units")))
            verb_end = m.end("verb")
            if m.group("verb") not in VERB_ROLE and m.group("verb") != "牵头":
                fields.append(RawField("note", m.start("verb"), e))
            elif verb_end < e:
                fields.append(RawField("note", verb_end, e))
        else:
            fields.append(RawField("deadline-or-note", s, e))
    return fields if found_role else None


def parse_bracket(text: str, group: BracketGroup) -> RawAttribution | None:
    inner_start = group.start + 1
    inner_end = group.end - 1 if group.closed else group.end
    fields, keys = keyed_fields(text, inner_start, inner_end)
    if keys:
        return RawAttribution(group.start, group.end, tuple(fields), "bracket", tuple(keys))
    inline = inline_fields(text, inner_start, inner_end)
    if inline:
        return RawAttribution(group.start, group.end, tuple(inline), "inline")
    return None


def line_attributions(text: str, lines: list[tuple[int, int]]) -> list[RawAttribution]:
    """Runs of consecutive lines that each start with a key ('牵头单位:…' on its own line)."""
    found: list[RawAttribution] = []
    run: list[tuple[int, int]] = []
    for line in [*lines, (-1, -1)]:
        if line[0] >= 0 and LINE_KEY_RE.match(text, line[0], line[1]):
            run.append(line)
            continue
        if run:
            fields, keys = [], []
            for s, e in run:
                f, k = keyed_fields(text, s, e)
                fields += f
                keys += k
            found.append(RawAttribution(run[0][0], run[-1][1], tuple(fields), "lines", tuple(keys)))
            run = []
    return found
