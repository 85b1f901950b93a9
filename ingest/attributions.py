"""The attribution grammar: find attributions in a block of normalised text and cut them into fields.

An attribution names who does the work and by when. It comes in brackets ("(牵头单位:…;完成时限:…)", 〔…〕,
【…】), on lines of its own ("牵头单位:区发改局"), or inline ("(市政府办公室牵头,各部门按职责分工负责)").

The grammar has three levels. Tokens: keys (``KEY_RE``: 牵头单位:, and any key that starts with a role word)
and the separators , ; 。 that cut a bracket into clauses. Phrases: ``key: value`` (a value runs to the next
key, and ends early where a role phrase of another role starts), a role phrase ``units + verb`` (X牵头,
Y、Z按职责分工配合), a deadline (5月底前完成, 持续推进, wherever it stands) or units and notes. Roles: each
phrase becomes a ``RawField`` whose kind is a role (the key's or the verb's role word decides), leaders, a
deadline or a note. Units and deadlines are read by the resolution step (``resolve``); offsets here are into
the normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .deadlines import find_deadlines, looks_like_deadline
from .normalize import CLOSERS, OPENERS
from .units import looks_like_unit

# Keys as they occur in documents, most specific first (完成时限 before 时限).
_KEYS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead", "牵头责任单位": "lead", "主责单位": "lead", "主责部门": "lead",
    "牵头考核单位": "lead", "主办单位": "lead", "主办部门": "lead",
    # The unit answerable first (第一责任单位, beside 主要责任单位 in a 分解落实方案) is the lead.
    "第一责任单位": "lead", "第一责任部门": "lead",
    "责任单位": "responsible", "实施主体": "responsible", "责任部门": "responsible", "负责单位": "responsible", "负责部门": "responsible",
    "实施单位": "responsible", "落实单位": "responsible",
    "责任主体": "responsible", "责任处室": "responsible", "承办单位": "responsible", "承办部门": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "参与单位": "cooperating", "参与部门": "cooperating",
    "协助单位": "cooperating", "协同单位": "cooperating", "协办单位": "cooperating", "协作单位": "cooperating",
    "协助部门": "cooperating", "协同部门": "cooperating", "协办部门": "cooperating", "协作部门": "cooperating",
    "配合责任单位": "cooperating",
    # A Taiwan plan names bodies as 機關 (主辦機關:交通局;協辦機關:工務局、教育局).
    "主办机关": "lead", "承办机关": "responsible", "负责机关": "responsible", "协办机关": "cooperating",
    "配合机关": "cooperating",
    # Counterparts to liaise with (often higher-level bodies) are named but carry no duty: kept as a note.
    "对接单位": "note", "对接部门": "note", "督办单位": "note", "督导单位": "note",
    # So are the bodies that score the work in an assessment's list (评分部门, 考核单位): they judge it, not do it.
    "评分部门": "note", "评分单位": "note", "考核部门": "note", "考核单位": "note", "考评部门": "note",
    "考评单位": "note",
    "责任领导": "leaders", "牵头领导": "leaders", "分管领导": "leaders", "责任人": "leaders",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "时限要求": "deadline",
    "完成期限": "deadline", "时限": "deadline",
    # A division of labour names its roles with verbs (部门分工:省发展改革委牵头,各地、各部门配合).
    "部门分工": "division", "责任分工": "division", "任务分工": "division", "工作分工": "division",
    "分工": "division",
    # The leader in charge at each level (分管省领导:…, 责任区领导:…).
    **{f"{post}{level}领导": "leaders" for post in ("分管", "责任", "牵头") for level in "省市区县"},
}
_KEYS["期限"] = "deadline"  # 整改期限:…, with its qualifier below
# A key qualified by how much or what for (主要责任单位:区发展改革委, 问题整改责任单位:市科技馆 整改时限:3天) is the
# key it qualifies.
_QUALIFIERS = ("问题整改", "主要", "整改")
_QUALIFIER_RE = re.compile("|".join(_QUALIFIERS))
# A key this list lacks is still read when it starts with a role word and ends like a key (支持部门, 督促单位
# would not be: no role word): the role word decides, and the parser warns that it guessed.
_ROLE_WORDS = {"牵头": "lead", "主责": "lead", "主办": "lead", "责任": "responsible", "负责": "responsible",
               "承办": "responsible", "实施": "responsible", "落实": "responsible", "配合": "cooperating",
               "协同": "cooperating", "协助": "cooperating", "协办": "cooperating", "协作": "cooperating",
               "参与": "cooperating", "参加": "cooperating"}
# The role words that name the lead (a document's conventions say the first unit is its 牵头单位, 主责单位 or 主办单位).
LEAD_WORDS = "|".join(word for word, role in _ROLE_WORDS.items() if role == "lead")
_GUESSED_KEY = rf"(?:{'|'.join(_ROLE_WORDS)})[\u4e00-\u9fff]{{0,3}}?(?:单位|部门|处室|科室|股室|主体|机构)"
_KEY_ALT = rf"(?:{'|'.join(_QUALIFIERS)})?(?:{'|'.join(sorted(_KEYS, key=len, reverse=True))})"
KEY_RE = re.compile(rf"({_KEY_ALT}|{_GUESSED_KEY})\s*[:：]\s*")
LINE_KEY_RE = re.compile(rf"\s*({_KEY_ALT}|{_GUESSED_KEY})\s*[:：]")
# A line that ends on a key and its colon (…最高给予5000万元资助。责任单位：): the key's value is on the next line, so
# a page's wrap there is no clause's end (``read.is_layout_wrap``). 各牵头单位： opens a notice's salutation.
ENDS_IN_KEY_RE = re.compile(rf"(?<!各)(?:{_KEY_ALT}|{_GUESSED_KEY})\s*[:：]$")
# A key broken by a space where a wrapped line was joined (完成时 限); only text with a space needs this slower one.
_SPACED_KEY_ALT = "|".join(r"\s*".join(map(re.escape, key)) for key in sorted(_KEYS, key=len, reverse=True))
_SPACED_KEY_RE = re.compile(rf"({_SPACED_KEY_ALT}|{_GUESSED_KEY})\s*[:：]\s*")


_KEY_NAME_RE = re.compile(rf"{_KEY_ALT}|{_GUESSED_KEY}")


def column_key_kind(name: str) -> str | None:
    """The kind of a table column named like a key (牵头责任单位, 责任科室, 协同部门), or None."""
    return key_kind(name)[0] if _KEY_NAME_RE.fullmatch(name) else None


# A key that opens a bracket with ; for its colon ((责任单位;住建局、畜牧局), typed in haste beside (责任单位:…) items):
# still the key. Only there: after a key word anywhere else a ; ends a clause.
_OPENING_KEY_RE = re.compile(rf"[ ]*({_KEY_ALT}|{_GUESSED_KEY})[ ]*;[ ]*")

# A key printed with a space for its colon (牵头单位 市发改委; (责任单位 市财政局、市税务局;完成时限 2024年底), as tables
# and PDFs print it): where it opens a line, a bracket or a clause, and what follows is not another key (a header row:
# 牵头单位 责任单位 完成时限) nor a stop. Normalisation writes the space as the colon (``normalize._spaced_keys``).
KEY_BY_SPACE_RE = re.compile(rf"(?:^|(?<=[(〔【\[;；,，。]))[ \t\u3000]*(?:{_KEY_ALT})(?P<space>[ \t\u3000]++)"
                             rf"(?!(?:{_KEY_ALT})|[:：;；,，。)〕】\]\s|])", re.M)


def _keys_in(text: str, start: int, end: int) -> list[re.Match[str]]:
    spaced = text.find(" ", start, end) >= 0
    found = list((_SPACED_KEY_RE if spaced else KEY_RE).finditer(text, start, end))
    if start and text[start - 1] in OPENERS and (opening := _OPENING_KEY_RE.match(text, start, end)):
        found.insert(0, opening)
    return found
# Words that make a bracket look like it meant to be an attribution; used to warn when one fails to parse.
HINT_RE = re.compile(r"牵头|责任单位|负责单位|配合单位|参与单位|完成时限|完成时间|时间节点")
# A bracket that closes on a role word: (省委网信办、省通信管理局负责).
ROLE_PHRASE_RE = re.compile(r"(?:负责|配合|参与|协助)(?:落实|实施|推进)?[)〕】\]]")

# A role phrase after a unit list (X牵头, Y、Z按职责分工配合): the role word decides, whatever stands before it
# (按职责分工, 结合实际, 共同, 分别); longest first, so a list never ends in 按职责分工.
_MANNER = "(?:按职责分工|按照职责分工|按职责|根据职责|结合(?:本地)?实际|分工|共同|分别|密切|积极|全力|主动)?"
# 组织实施, 组织落实, 组织推进: the units that organise the work do it (由X、Y共同组织实施, (县文旅局组织实施),
# ──由X和各县市区组织落实, (X会同Y组织推进)): responsible, or with 会同 the first leads and the others cooperate
# The key after its units says their role as a verb does ((X、Y为责任单位), (X为牵头单位,Y为配合单位)); the work it is
# the role in may stand between, closed by 的 (X为该议案办理工作的牵头责任单位, X为本项工作的牵头单位, X为此项任务的责任
# 单位): a piece of work (…工作, …任务, …事项), never a unit or a list.
_ROLE_KEYS = sorted((k for k, kind in _KEYS.items() if kind in ("lead", "responsible", "cooperating")), key=len, reverse=True)
_KEY_SCOPE = r"(?:[该本此这][^,，;；。:：、\s的]{0,14}?|[^,，;；。:：、\s的]{2,16}?)(?:工作|任务|事项|项目|议案|提案|建议)的"
_KEY_AFTER = f"为(?:{_KEY_SCOPE})?(?:" + "|".join(_ROLE_KEYS) + ")"
ROLE_VERBS = (f"{_KEY_AFTER}|牵头负责|牵头落实|牵头|负责牵头|负责落实|负责|配合落实|配合|参与|参加|协助|协同|主办|承办|协办"
              "|组织实施|组织落实|组织推进")
# 落实 alone is a role verb inside an attribution (…等有关部门参加,各镇街落实); in a sentence it is the work (均需…落实)
VERBS = f"{_MANNER}(?:{ROLE_VERBS})"
BRACKET_VERBS = f"{_MANNER}(?:{ROLE_VERBS}|落实)"
VERB_ROLE = {"牵头": "lead", "主办": "lead", "配合": "cooperating", "参与": "cooperating", "参加": "cooperating",
             "协助": "cooperating", "协同": "cooperating", "协办": "cooperating"}  # any other (负责, 承办, 落实): responsible
_INLINE_RE = re.compile(rf"(?:由)?(?P<units>.+?)(?P<verb>{BRACKET_VERBS})(?:落实|实施|推进)?$")
# Where a list's phrases part: a stop or a comma, and a 、 right after a role verb (X和Y分别牵头、Z: X and Y lead,
# Z is another phrase's).
_SEGMENT_SPLIT = re.compile(r"[,;，；。]|(?<=牵头|负责|配合|参与|协助|协同|主办|承办|协办)、")
_NOT_UNITS = ("按", "根据", "分工", "其他", "其余", "其中")  # how a note starts, never a unit list


ROLE_KINDS = ("lead", "responsible", "cooperating", "units-or-note")  # fields that may name who does the work


@dataclass(frozen=True)
class RawField:
    """One field of an attribution: a role, 'leaders', 'deadline' or 'note', and its value's offsets.

    ``units-or-note`` is text before the first key that names no role: units if the gazetteer knows them; with
    a ``role``, a group of units that shares the verb of the phrase after it.
    ``guessed_key`` is the key as printed when it is not one of the known keys (read from its role word).
    """

    kind: str
    start: int
    end: int
    guessed_key: str = ""
    role: str = ""  # units-or-note before a role phrase (X牵头,Y、Z等部门,W配合): the role it has if units


def key_kind(key: str) -> tuple[str, bool]:
    """The field kind a key stands for, and whether that was guessed from its role word."""
    key = "".join(key.split())
    if (q := _QUALIFIER_RE.match(key)) and key[q.end():] in _KEYS:
        key = key[q.end():]
    if key in _KEYS:
        return _KEYS[key], False
    return next(role for word, role in _ROLE_WORDS.items() if key.startswith(word)), True


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
    """The role a verb phrase gives: its first role word (牵头负责 leads, 按职责分工配合 cooperates); a key after
    the units (为主责单位), its key's."""
    if (key := re.search(_KEY_AFTER, verb)) is not None:
        return _KEYS[next(k for k in _ROLE_KEYS if key.group().endswith(k))]
    found = [(verb.find(word), role) for word, role in VERB_ROLE.items() if word in verb]
    return min(found)[1] if found else "responsible"


_BRACKET_OR_NEWLINE = re.compile(r"[(〔【\[)〕】\]\n]")
_ANY_OPENER = re.compile(f"[{re.escape(OPENERS)}]")


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


# The document's convention stated at the end of an attribution, after its units and roles (…省科技厅牵头。明确牵头部门的,
# 其他有关部门配合,不逐一列出,下同; …。列第一位的为牵头部门,其他部门和单位按职责分工负责,下同; 责任单位:…负责,以下各任务均需
# X、Y落实,不再一一列出; 。未明确牵头单位的,由所列负责单位按职责分工负责; 。排名第一的为牵头单位,下同, its place named
# without 位), in a bracket or on a key's line: from the clause that opens it on, a note, whatever units or roles it
# names (the conventions themselves are read from the whole text, ``resolve.Conventions``).
_FIRST_PLACE = r"(?:(?:列|排|排列|排名|排在|列在)(?:第一位|首位|第一个|第一(?=的|者|为|是))|第一位)"
# A remark may open on the exception to its convention (市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同);
# (除注明外,排在首位的为牵头单位)): the whole bracket is the remark, from its opener, so the exception's quoted role word
# (“分别牵头”) is mentioned, not used, and names no role, and the unit before the bracket keeps its name.
_EXCEPTION_FIRST = rf"[{re.escape(OPENERS)}（](?=[ \u3000]*除[^,，;；。()（）\n]{{1,16}}?外[ \u3000]*[,，]?[ \u3000]*{_FIRST_PLACE})"
_CONVENTION_REMARK = re.compile(rf"{_EXCEPTION_FIRST}|(?<=[,，;；。])[ \u3000]*(?:以下|上述|下列|凡|(?:未|没有)?明确(?:了)?"
                                rf"[\u4e00-\u9fff]{{0,4}}(?:单位|部门)的|{_FIRST_PLACE})")


def _convention_at(text: str, start: int, end: int) -> int:
    """Where a convention closing text[start:end] opens, or ``end``."""
    remark = _CONVENTION_REMARK.search(text, start, end)
    return remark.start() if remark else end


def keyed_fields(text: str, start: int, end: int) -> tuple[list[RawField], list[str]]:
    """Fields of 'key: value' content; the text before the first key is returned as an inline/note field, and a
    convention closing it as a note."""
    remark, end = end, _convention_at(text, start, end)
    fields, keys = _keyed_fields(text, start, end)
    return fields + ([RawField("note", end, remark)] if end < remark else []), keys


def _keyed_fields(text: str, start: int, end: int) -> tuple[list[RawField], list[str]]:
    matches = _keys_in(text, start, end)
    fields: list[RawField] = []
    if matches and matches[0].start() > start:
        s, e = strip_span(text, start, matches[0].start())
        if s < e:
            fields.extend(leading_fields(text, s, e))
    for i, m in enumerate(matches):
        value_end = matches[i + 1].start() if i + 1 < len(matches) else end
        s, e = strip_span(text, m.end(), value_end)
        kind, guessed = key_kind(m.group(1))
        if kind == "note":  # the key says what the note is about
            s = m.start()
        if kind == "division":  # role phrases; a bare list under it is responsible
            fields += (inline_fields(text, s, e) or [RawField("responsible", s, e)]) if s < e else []
            continue
        fields += value_fields(text, kind, s, e, m.group(1) if guessed else "")
    return fields, [m.group(1) for m in matches]


def value_fields(text: str, kind: str, start: int, end: int, guessed_key: str = "") -> list[RawField]:
    """The fields of a key's value (or a table cell under a role column): the value, and the role phrases that
    go on after it."""
    value_end, phrases = _trailing_phrases(text, kind, start, end)
    return [RawField(kind, start, value_end, guessed_key), *phrases]


def role_cell_fields(text: str, kind: str, start: int, end: int) -> list[RawField]:
    """The fields of a table cell under a role column. A cell that opens with a key of its own (牵头单位:X 责任单位:Y
    under 责任单位) is key-value content, each key deciding its units' role; any other cell is the column's value."""
    keys = _keys_in(text, start, end)
    if keys and keys[0].start() == start:
        return _keyed_fields(text, start, end)[0]
    return value_fields(text, kind, start, end)


def _trailing_phrases(text: str, kind: str, start: int, end: int) -> tuple[int, list[RawField]]:
    """A key's value that goes on with a role phrase of another role (牵头单位:X,Y、Z配合): the value ends
    before it, and the phrase is read as inline fields; under 责任单位 the value may open with one."""
    segments = _segments(text, start, end)
    first = 0 if kind == "responsible" else 1  # 责任单位:X牵头,Y配合: the general key gives way to the verbs
    for k, (s, e) in enumerate(segments[first:], start=first):
        m = _INLINE_RE.match(text, s, e)
        # 其中,X为牵头单位: a note on the list (X moves to the leads), not a role phrase of units of its own
        after_note_word = k > 0 and text[segments[k - 1][0] : segments[k - 1][1]] in _NOT_UNITS
        if m and role_of_verb(m.group("verb")) != kind and not m.group("units").startswith(_NOT_UNITS) \
                and not after_note_word:
            phrases = inline_fields(text, s, end)
            if phrases:
                return (segments[k - 1][1] if k else start), _key_role_after(text, phrases, kind)
    return end, []


def _key_role_after(text: str, phrases: list[RawField], kind: str) -> list[RawField]:
    """责任单位:X牵头,Y、Z: the units after the key's last role phrase, which no verb of their own follows, are the
    key's (Y and Z responsible), where they name units; a deadline stays one."""
    last = max((i for i, f in enumerate(phrases) if f.kind in ROLE_KINDS), default=-1)
    return [RawField("units-or-note", f.start, f.end, role=kind)
            if i > last and f.kind == "deadline-or-note" and kind in ROLE_KINDS
            and not looks_like_deadline(text[f.start:f.end]) else f
            for i, f in enumerate(phrases)]


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses between separators; one inside a bracket (市财政局〔市级资金,各区(市)配套〕负责) parts nothing."""
    segments, last = [], start
    inside = [(g.start, g.end) for g in bracket_groups(text, start, end) if g.closed] \
        if _ANY_OPENER.search(text, start, end) else []
    for m in _SEGMENT_SPLIT.finditer(text, start, end):
        if text[m.start()] == "、" and verb_ends_name(text, last, m.start()) \
                or any(gs < m.start() < ge for gs, ge in inside):
            continue
        segments.append(strip_span(text, last, m.start()))
        last = m.end()
    segments.append(strip_span(text, last, end))
    return [(s, e) for s, e in segments if s < e]


def verb_ends_name(text: str, start: int, end: int) -> bool:
    """A role verb that ends the name of a unit before a 、 is no verb there (市经协办, the 经济协作办公室, in
    由X、市经协办、Y负责): the list's last piece up to ``end`` is a unit, and without the verb it is none."""
    piece = text[text.rfind("、", start, end) + 1 or start : end]
    return looks_like_unit(piece) and not looks_like_unit(piece[:-2])


def inline_fields(text: str, start: int, end: int) -> list[RawField] | None:
    """'X、Y牵头,Z按职责分工负责' → fields; None unless at least one segment is 'units + role verb'. Segments
    with no verb right before a role phrase are groups of units sharing its verb (区财政局等部门,区国投公司、
    各街道办事处配合), if they name units; a deadline breaks the run. A convention closing them is a note."""
    remark, end = end, _convention_at(text, start, end)
    fields = _inline_fields(text, start, end)
    return fields + [RawField("note", end, remark)] if fields and end < remark else fields


def _inline_fields(text: str, start: int, end: int) -> list[RawField] | None:
    fields: list[RawField] = []
    found_role, waiting = False, []
    for s, e in _segments(text, start, end):
        m = _INLINE_RE.match(text, s, e)
        if m and _names_only(m.group("units")) and not _sentence_before_bare_verb(m):
            found_role, role = True, role_of_verb(m.group("verb"))
            fields += [RawField("units-or-note", ws, we, role=role) for ws, we in waiting]
            waiting = []
            fields += _with_partners(text, role, m.start("units"), m.end("units"))
            verb_end = m.end("verb")
            if role == "responsible":
                fields.append(RawField("note", m.start("verb"), e))
            elif verb_end < e:
                fields.append(RawField("note", verb_end, e))
        elif looks_like_deadline(text[s:e]):
            fields += [RawField("deadline-or-note", ws, we) for ws, we in [*waiting, (s, e)]]
            waiting = []
        else:
            waiting.append((s, e))
    fields += [RawField("deadline-or-note", ws, we) for ws, we in waiting]
    return fields if found_role else None


# What stands before a role verb in a bracket names units when it is short, or a run of short names however many
# (thirteen ministries, 农业农村部、科技部、…、供销合作总社等按职责分工负责); a long piece is a sentence.
_PHRASE_UNITS_MAX = 80
_NAME_PIECE_MAX = 16


def _names_only(units: str) -> bool:
    return len(units) <= _PHRASE_UNITS_MAX or (len(units) <= _LIST_MAX and all(
        len(piece) <= _NAME_PIECE_MAX for piece in units.split("、")))


# Words that make what stands before a bare 落实 a sentence (以下各项工作均需X落实), not a list of units.
_SENTENCE_WORDS = re.compile(r"^(?:以下|上述|下列|其他|其余|各项)|[需要应均]")


def _sentence_before_bare_verb(m: re.Match) -> bool:
    return m.group("verb").endswith("落实") and m.group("verb")[:-2] not in ROLE_VERBS.split("|") and bool(
        _SENTENCE_WORDS.search(m.group("units")))


def leading_fields(text: str, start: int, end: int) -> list[RawField]:
    """What stands before an attribution's first key: role phrases (X牵头), a deadline (5月底前完成, 持续推进),
    or units and notes as one field."""
    inline = inline_fields(text, start, end)
    if inline:
        return inline
    segments = _segments(text, start, end)
    if not any(looks_like_deadline(text[s:e]) for s, e in segments):
        return [RawField("units-or-note", start, end)]
    return [RawField("deadline-or-note" if looks_like_deadline(text[s:e]) else "units-or-note", s, e)
            for s, e in segments]


def _with_partners(text: str, role: str, start: int, end: int) -> list[RawField]:
    """'X会同Y负责': X leads whatever the verb says, Y cooperates."""
    joined = text.find("会同", start, end)
    if joined <= start:
        return [RawField(role, start, end)]
    return [RawField("lead", start, joined), RawField("cooperating", joined + 2, end)]


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


def line_attributions(text: str, lines: list[tuple[int, int]],
                      lists_units: Callable[[int, int], bool] | None = None) -> list[RawAttribution]:
    """Runs of consecutive lines that each start with a key ('牵头单位:…' on its own line); a key with nothing
    after it takes the next line as its value ('牵头单位:' and then '市自然资源和规划局', as PDFs extract), and so
    does a key whose list of units the line broke (…、园区党工 / 委、各街道党工委), as ``lists_units`` tells.
    A record printed one field per line names a key alone, without its colon, with the value on the next line
    (责任单位 / 县水利局、商城镇): ``label_value`` reads the pair as one key line."""
    found: list[RawAttribution] = []
    run: list[tuple[int, int, list[RawField], list[str]]] = []  # key lines, each with its fields and keys
    k = 0
    while k <= len(lines):
        line = lines[k] if k < len(lines) else (-1, -1)
        k += 1
        if line[0] >= 0 and LINE_KEY_RE.match(text, line[0], line[1]):
            run.append((*line, *keyed_fields(text, *line)))
            continue
        labelled = label_value(text, lines, k - 1, lists_units) if line[0] >= 0 else None
        if labelled is not None:
            fields, keys, k = labelled
            run.append((line[0], lines[k - 1][1], fields, keys))
            continue
        last = run[-1][:2] if run else None
        if line[0] >= 0 and last and _ends_in_bare_key(text, last) and _opens_duty(text, line, lists_units) \
                and not any(f.kind in ROLE_KINDS and f.start < f.end for f in run[-1][2]):
            run.pop()  # 责任单位: / (1)城管局负责城区街道; / (2)交通局负责国道。: the lines state whose duty is what
            last = run[-1][:2] if run else None
        if line[0] >= 0 and last and (_ends_in_bare_key(text, last) or _wrapped_list(text, last, line, lists_units)
                                      or _column_goes_on(text, last, line, lists_units)):
            run[-1] = (last[0], line[1], *keyed_fields(text, last[0], line[1]))
            continue
        if run:
            fields = [f for *_, fs, _ in run for f in fs]
            keys = [key for *_, key_list in run for key in key_list]
            found.append(RawAttribution(run[0][0], run[-1][1], tuple(fields), "lines", tuple(keys)))
            run = []
    return found


# The kinds of key whose name may stand alone on a line above its value (a field record, one field per line).
_LABEL_KINDS = ("lead", "responsible", "cooperating", "deadline", "leaders")
_LABEL_VALUE_MAX = 20  # a date or the names of the leaders in charge, not a sentence


def label_value(text: str, lines: list[tuple[int, int]], k: int, lists_units: Callable[[int, int], bool] | None
                ) -> tuple[list[RawField], list[str], int] | None:
    """Line ``k`` names a key alone (责任单位, no colon) and the line after it is that key's value: units for a
    role (as ``lists_units`` tells), a deadline phrase for a time key. Not so inside a table header printed one
    cell per line: the line before is a column name (a short line that is neither units nor a date nor the value
    of the field above), or the line after is another key's name. The leaders in charge (责任领导 / 张明) are a
    short line; a list of units broken after its 、 goes on on the line after. Returns the value's fields, the key
    and the index of the line after the value, or None."""
    if lists_units is None or k + 1 >= len(lines):
        return None
    kind, name = _label(text, lines[k])
    if kind not in _LABEL_KINDS or (k > 0 and _column_name(text, lines, k - 1, lists_units)):
        return None
    s, e = strip_span(text, *lines[k + 1])
    value = text[s:e]
    if s >= e or "。" in value or _KEY_NAME_RE.fullmatch("".join(value.split())):
        return None
    if kind == "deadline" and not (len(value) <= _LABEL_VALUE_MAX and looks_like_deadline(value)):
        return None
    if kind == "leaders" and len(value) > _LABEL_VALUE_MAX:
        return None
    if kind in ROLE_KINDS and not lists_units(s, e):
        return None
    after = k + 2
    broken = text[lines[k + 1][0] : lines[k + 1][1]].rstrip()[-1:] in ("、", ",", "，")
    if kind in ROLE_KINDS and broken and after < len(lines) and lists_units(s, lines[after][1]):
        e, after = strip_span(text, s, lines[after][1])[1], after + 1  # 县水利局、 / 商城镇
    return value_fields(text, kind, s, e), [name], after


def names_key_alone(line: str) -> bool:
    """The line is nothing but a key's name (责任单位, 责 任 单 位, 整改时限): a field record's label, never a header's."""
    return _label(line, (0, len(line)))[0] in _LABEL_KINDS


def _label(text: str, line: tuple[int, int]) -> tuple[str | None, str]:
    """The kind of key a line names alone (责任单位 → responsible), and the name; None when it names none."""
    name = _bare_name(text, line)
    return (key_kind(name)[0] if name and _KEY_NAME_RE.fullmatch(name) else None), name or ""


def _column_name(text: str, lines: list[tuple[int, int]], k: int, lists_units: Callable[[int, int], bool]) -> bool:
    name = _bare_name(text, lines[k])
    if name is None or looks_like_deadline(name) or lists_units(*strip_span(text, *lines[k])):
        return False
    return k == 0 or _label(text, lines[k - 1])[0] not in _LABEL_KINDS  # not the value of a field above


def _bare_name(text: str, line: tuple[int, int]) -> str | None:
    """The line as a column or field name: short, no punctuation; None when it is anything else."""
    cell = "".join(text[line[0] : line[1]].split()).strip("|")
    if not cell or len(cell) > HEADER_NAME_MAX or any(ch in cell for ch in "。,，;；:：、()"):
        return None
    return cell


def _wrapped_list(text: str, last: tuple[int, int], line: tuple[int, int],
                  lists_units: Callable[[int, int], bool] | None) -> bool:
    """The key line's units go on in ``line``: the value ends in 、 or its last name is cut short, the line is no
    sentence, and the two together are nothing but units (园区党工 / 委、各街道党工委, as PDFs wrap lines)."""
    keys = _keys_in(text, last[0], last[1]) if lists_units is not None else []
    if not keys or "。" in text[line[0] : line[1]] or not text[line[0] : line[1]].strip():
        return False
    value_start, value = keys[-1].end(), text[keys[-1].end() : last[1]].rstrip()
    if not value:
        return False
    broken = value[-1] in "、,，" or not lists_units(value_start, value_start + len(value))
    return broken and lists_units(value_start, line[1])


def _column_goes_on(text: str, last: tuple[int, int], line: tuple[int, int],
                    lists_units: Callable[[int, int], bool] | None) -> bool:
    """A key alone on its line whose units follow one a line, as a column (主办单位: / 自治区农牧厅 / 自治区林业厅 /
    中共某县委员会): ``line`` goes on with the key's list when every line of the value, this one too, is nothing but
    units."""
    keys = _keys_in(text, last[0], last[1]) if lists_units is not None else []
    if not keys or "\n" not in text[keys[-1].start() : last[1]].strip():  # the key alone on its line
        return False
    value = [strip_span(text, *span) for span in _line_spans(text, keys[-1].end(), line[1])]
    return all(s < e and lists_units(s, e) for s, e in value if text[s:e].strip())


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for m in re.finditer("\n", text[start:end]):
        spans.append((at, start + m.start()))
        at = start + m.end()
    return [*spans, (at, end)]


def _opens_duty(text: str, line: tuple[int, int], lists_units: Callable[[int, int], bool] | None) -> bool:
    """The line opens with units stating a duty of their own (``_SUBJECT_AT``: (1)城管局负责城区街道;), after an item's
    number or none: no value of a key alone above it, which only names the kind of the units below."""
    s, e = strip_span(text, *line, " \t\u3000")
    m = _SUBJECT_AT.match(text, s, e) if lists_units is not None else None
    return m is not None and lists_units(*m.span("units"))


def _ends_in_bare_key(text: str, line: tuple[int, int]) -> bool:
    keys = _keys_in(text, line[0], line[1])
    return bool(keys) and not text[keys[-1].end() : line[1]].strip()


# -- a block's attributions ----------------------------------------------------------------------------
# What may stand between two attributions that are one: (牵头单位:…)(完成时限:…).
BETWEEN_PARTS = " \n,;，；、"
Problem = tuple[str, int, int]  # code (unclosed-bracket, unparsed-attribution), start, end


def block_attributions(text: str, lines: list[tuple[int, int]], body_start: int,
                       names_units: Callable[[int, int], bool],
                       lists_units: Callable[[int, int], bool] | None = None,
                       header: ColumnHeader | None = None) -> tuple[list[RawAttribution], list[Problem]]:
    """Every attribution of a task's lines, in order: attribution lines, then brackets outside them (keyed,
    role phrases, or only units as ``names_units`` tells); parts with nothing between them joined; and when
    there are none, duties stated in the sentences (``prose_attributions``, units as ``lists_units`` tells),
    and then the fallbacks for layouts nothing above knows: keys and role clauses inside sentences, lines of
    units under a table ``header``; with either, a unit cell printed apart from its duty (``wrapped_unit_lines``). Brackets that look meant as attributions but do not parse come back as
    problems."""
    line_based = line_attributions(text, lines, lists_units)
    found, problems = [], []
    for ls, le in lines:
        for group in bracket_groups(text, max(ls, body_start), le):
            if any(r.start <= group.start < r.end for r in line_based):
                continue
            raw = parse_bracket(text, group) or _unit_list(text, group, names_units, lists_units)
            if raw is not None:
                found.append(raw)
                problems += [] if group.closed else [("unclosed-bracket", group.start, group.end)]
            elif HINT_RE.search(text, group.start, group.end):
                problems.append(("unparsed-attribution", group.start, group.end))
    raws = joined(text, sorted(found + line_based, key=lambda r: r.start))
    if raws and lists_units is not None:
        raws = [_with_subject(text, raw, lines, body_start, lists_units) for raw in raws]
    if raws and lists_units is not None and not any(_names_role(r) for r in raws):
        raws = _dated_duties(text, raws, [(max(ls, body_start), le) for ls, le in lines if le > body_start],
                             lists_units)
    if raws and lists_units is not None and any(not any(r.start <= m.start() < r.end for r in raws)
                                                for m in HINT_VERB_RE.finditer(text, body_start, lines[-1][1])):
        body = [(max(ls, body_start), le) for ls, le in lines if le > body_start]
        problems += [("shadowed-attribution", r.start, r.end) for r in _shadowed(text, raws, body, lists_units)]
    if not raws and lists_units is not None:
        body = [(max(ls, body_start), le) for ls, le in lines if le > body_start]
        raws = (_stated_duties(text, body, lists_units) or cell_attributions(text, body, header, lists_units))
        cells = [r for r in wrapped_unit_lines(text, body, lists_units)
                 if not any(o.start < r.end and r.start < o.end for o in raws)]
        raws = sorted(raws + cells, key=lambda r: r.start)
    return raws, [p for p in problems if not _role_note_read(text, p, raws)]


_ROLE_NOTE_RE = re.compile(rf"[(〔【\[]{VERBS}[)〕】\]]")


def _role_note_read(text: str, problem: Problem, raws: list[RawAttribution]) -> bool:
    """A bracket that is a role word alone after a unit (市住房城乡建设局〔牵头〕、市市场监管局负责) is no attribution
    that failed: the unit's role, read with the attribution around it. Unread, it is still said."""
    code, start, end = problem
    return (code == "unparsed-attribution" and _ROLE_NOTE_RE.fullmatch(text, start, end) is not None
            and any(r.start <= start and end <= r.end for r in raws))


HINT_VERB_RE = re.compile(r"(?:牵头|负责|配合)[,，;；。]")


def _shadowed(text: str, raws: list[RawAttribution], body: list[tuple[int, int]],
              lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Role clauses stated in the task's sentences (…,由区城市管理局负责,区交通运输局配合,…) that a bracket or key
    line of the same task outweighs, naming units those do not: read as the task's, they would be lost without a
    word, so they are said."""
    read = " ".join(text[r.start : r.end] for r in raws)
    return [d for d in _stated_duties(text, body, lists_units)
            if not any(r.start < d.end and d.start < r.end for r in raws)
            and any(f.kind in ROLE_KINDS and text[f.start : f.end] not in read for f in d.fields)]


def _dated_duties(text: str, raws: list[RawAttribution], body: list[tuple[int, int]],
                  lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Brackets or key lines that name no unit, only a deadline (区科技局牵头,区财政局配合。(完成时限:2026年9月底前)):
    the duties stated in the sentences before them are the task's, each taking the bracket after it. Without
    them the bracket outweighed the role clauses, and the task lost every unit."""
    stated = [d for d in _stated_duties(text, body, lists_units)
              if not any(r.start < d.end and d.start < r.end for r in raws)]
    if not stated:
        return raws
    out = list(stated)
    for raw in raws:
        k = max((i for i, d in enumerate(out) if d.end <= raw.start and _names_role(d)), default=None)
        if k is None or any(o.start >= out[k].end and o.end <= raw.start and _names_role(o) for o in out):
            out.append(raw)
            continue
        d = out[k]
        out[k] = RawAttribution(d.start, raw.end, d.fields + raw.fields, d.form, d.key_text + raw.key_text)
    return sorted(out, key=lambda r: r.start)


def _stated_duties(text: str, body: list[tuple[int, int]],
                   lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Duties stated in sentences, and the role clauses of sentences the prose reading does not cover: one item
    that states its duty as 由X负责… or X负责<work> does not hide the role clauses of the items beside it
    (一、…区应急局牵头,区消防救援大队配合… 三、…区财政局负责经费保障…)."""
    prose = prose_attributions(text, body, lists_units)
    sentences = sentence_attributions(text, body, lists_units)
    # a run of role clauses holding a prose duty whole reads the roles before it too (区城管局牵头,各街道办事处配合,
    # 区水务局负责组织联合演练: the prose reading took the last clause alone, and the lead was lost without a word)
    wider = [r for r in sentences
             if any(r.start <= p.start and p.end <= r.end and len(r.fields) > len(p.fields) for p in prose)]
    prose = [p for p in prose if not any(w.start <= p.start and p.end <= w.end for w in wider)]
    clauses = [r for r in sentences if not any(p.start < r.end and r.start < p.end for p in prose)]
    return sorted(prose + clauses, key=lambda r: r.start)


# A unit's name may close with a short qualifier in brackets (各街道办事处(乡), 各村(社区)), never open a bracket
# of its own.
def _name_chars(excluded: str = "") -> str:
    return rf"(?:[^,，;；。:：()由{excluded}\n]|\([^()\n]{{1,8}}\))"


_NAME_CHARS = _name_chars()
# The enumeration that opens a point inside a line (…的意见。一是项目分两期实施;二是县财政局要统筹…;三是X负责…,Y配合):
# no part of the units after it, whatever reading of a clause's subject follows (a line it opens is a task's number,
# structure.TASK_RE).
_ENUMERATION = "(?:[一二三四五六七八九十]{1,3}是)?"
# A duty stated in the sentence itself: 整改要求:由县环卫站负责清除…, 由市发展改革委牵头,市财政局配合,…; the list
# may open with a word on which of them (由所涉及的X、Y等主管部门牵头), which is no part of a name.
_LIST_LEAD_IN = "(?:所涉及|所涉|涉及|所属)的"
# (a province's list of fifteen departments runs past 100 characters)
_LIST_MAX = 160
# The units that 由 puts in charge of organising the work do it (由统筹办、新农办组织对示范村进行验收, 由县应急管理局组织
# 开展排查,县水务局配合, 由县教育局组织专家对…评估): responsible, as 由X组织实施 is; 组织 before the work only, so a name
# holding the word (县“两新”组织党工委, 县委组织部) runs on to its verb.
# The units that send their own staff to do it (香花、九重污水处理厂由住建局派驻专人指导督导, 由县农业农村局安排专人负责):
# responsible, as 由X组织… is.
_PROSE_VERBS = rf"{VERBS}|组织(?=对|开展|召开|进行|编制|制定|专家|人员|力量)|(?:派驻|派出|安排|抽调|明确)专人"
_PROSE_RE = re.compile(rf"由(?:{_LIST_LEAD_IN})?(?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)(?P<verb>{_PROSE_VERBS})")
# …and groups of units parted by ， under one 由 and one verb (由市财政局、农业局,各县(市)、区人民政府负责落实; 由市人民政府各
# 相关部门,各县(市)、区人民政府负责落实): each group names units and shares the verb, as groups after a lead's clause do.
_PROSE_GROUPS_RE = re.compile(rf"由(?:{_LIST_LEAD_IN})?(?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?"
                              rf"(?:[,，]{_NAME_CHARS}{{2,{_LIST_MAX}}}?){{1,4}})(?P<verb>{_PROSE_VERBS})")
# How one role clause is joined to the next: a comma, or 、 right after a role verb (X牵头、Y配合, X负责、Y、Z参与);
# inside a unit list 、 parts names, so it joins clauses only where a verb ends the clause before it.
_CLAUSE_JOIN = r"(?:[,，]|(?<=牵头|负责|配合|参与|参加|协助|协同|主办|承办|协办|落实)、)"
# (the partner's own work may follow its verb: ,Y负责组织实施…; 负责人 is a post)
# A bare 落实 that closes the partner's clause is its role (由X牵头,九重镇落实;), as in a bracket: the units carry it out.
_PROSE_PARTNER_RE = re.compile(rf"{_CLAUSE_JOIN}(?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)"
                               rf"(?P<verb>{VERBS}|落实(?=[,，;；。]|\s*$))(?!人|同志)")
# ,会同Y、Z… after a lead's clause (由X牵头,会同Y、Z在…提出…): they cooperate, and the work follows them.
_JOINED_AFTER = re.compile(r"[,，]会同")
# A group of units parted by ， from the next, sharing the verb of the clause that closes the run (由X牵头,Y,Z、W负责…)
_PARTNER_GROUP_RE = re.compile(rf"[,，](?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)(?=[,，])")


def _partners(text: str, end: int, stop: int, lists_units: Callable[[int, int], bool]) -> tuple[list[RawField], int]:
    """The partners' clauses from ``end`` on (,Y配合,Z参与): units and a role verb each; groups of units parted by ，
    before a clause share its verb (,Y,Z、W负责: Y, Z and W responsible). Returns their fields and where they end."""
    fields: list[RawField] = []
    while True:
        if (joint := _JOINED_AFTER.match(text, end, stop)) and (
                last := _joint_partners(text, joint.end(), min(stop, joint.end() + 80), lists_units)) is not None:
            return fields + [RawField("cooperating", joint.end(), last)], last  # 由X牵头,会同Y、Z在…: the work follows
        groups, at = [], end
        while not _PROSE_PARTNER_RE.match(text, at, stop) and (g := _PARTNER_GROUP_RE.match(text, at, stop)) \
                and lists_units(*g.span("units")):
            groups.append(g.span("units"))
            at = g.end()
        p = _PROSE_PARTNER_RE.match(text, at, stop)
        if p is None or (units := _units_of(text, *p.span("units"), lists_units)) is None:
            return fields, end
        role = role_of_verb(p.group("verb"))
        fields += [RawField(role, *span) for span in [*groups, units]]
        end = p.end()


# People named after the partners' units (镇综治中心、游仙司法所、镇派出所和各村社区网格员协同): cadres, grid workers or
# volunteers work in the duty but are no units; the units before them keep the clause's role.
_PEOPLE_AFTER = re.compile(r"(?:和|及|以及|、)[^、,，和及]{1,12}?(?:网格员|干部|工作人员|志愿者|党员|民警|专干|护林员)$")


def _units_of(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """The span of a partner's units: the units before the people named after them (a post such as 驻村干部 may pass
    for a unit's name), or all of it; None if that names anything but units."""
    if (people := _PEOPLE_AFTER.search(text[start:end])) is not None and lists_units(start, start + people.start()):
        return start, start + people.start()
    return (start, end) if lists_units(start, end) else None


# …or units as the subject of a sentence or clause, the work right after the verb (1.县应急管理局负责尾矿库…工作。,
# …实际,各乡镇、县经开区负责组织本辖区…): no description (的) in the units, which must be nothing but units.
# 负责人: a post; the work may open with a quote (负责“四好农村路”创建); a modal may stand before the verb (市发改委要
# 牵头做好…, 县住建局应当负责…). A compound role verb (牵头负责, 牵头落实, 负责落实) that closes its clause or line is
# one role phrase (市发改委牵头落实 as a table's unit cell, X牵头负责,Y配合), not a role and its work; 负责牵头 before the
# work leads (水务局负责牵头山洪灾害防御工作: the work it is answerable for is leading). How they share
# the work may stand before the verb (X、Y、Z等分工负责深化…, X和Y共同牵头…), as after a list in a bracket.
# The work may open with the title it is about (市发展改革委负责《方案》工作任务的统一督导调度).
_MODAL = "(?:还|也|亦|均|都|并|仍)?(?:要|应当|应|须|需|必须|将)"
# The capacity the units act in, before their verb (区民政局作为主管部门总体负责…, X作为牵头单位,负责…).
_CAPACITY = r"(?:作为[^,，;；。:：\n的]{2,12}?[,，]?(?:总体|全面)?)"
_COMPOUND_VERBS = "|".join(v for v in ROLE_VERBS.split("|") if len(v) == 4 and v[:2] in ("牵头", "负责"))
_SUBJECT = (rf"(?P<units>{_name_chars('的')}{{2,{_LIST_MAX}}}?){_CAPACITY}?{_MODAL}?{_MANNER}"
            rf"(?P<verb>(?:{_COMPOUND_VERBS})(?=[,，;；。]|\s*$)|(?:负责牵头|负责|牵头)(?!人|同志)(?=[\u4e00-\u9fff“‘《]))")
_SUBJECT_RE = re.compile(rf"(?<=[。;；,，:：\s]){_ENUMERATION}{_SUBJECT}")  # after a stop, a comma or a colon (具体为:X负责…)
# …and after a 、 that parts it from a duty of the same kind before it (由县民政局负责的第1件、县发改局负责的第4件;
# X负责甲、Y负责乙; 市防指指挥协调、水务局负责牵头…, a body that coordinates before the one that leads): only there,
# since a 、 inside a list of units parts units, not duties.
_SUBJECT_LISTED_RE = re.compile(rf"(?<=、){_SUBJECT}")
_DUTY_BEFORE = re.compile(r"(?:负责|牵头|协调|指导)[^、,，;；。:：]*、$")


def _subjects(text: str, start: int, end: int) -> list[re.Match]:
    """The subjects of duties in a line, at a line's start: below."""
    listed = [m for m in _SUBJECT_LISTED_RE.finditer(text, start, end)
              if _DUTY_BEFORE.search(text, max(start, m.start() - 40), m.start())]
    return sorted([*(m for m in _SUBJECT_RE.finditer(text, start, end)  # (1)城管局: the number is no unit's
                     if not _ITEM_NUMBER_RE.match(text, m.start("units"))), *listed], key=lambda m: m.start())
# An item's number before a subject or a unit heading it: 一、 1、 1. (1) (一) (widths normalised).
_ITEM_NUMBER = r"(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[、.]|\((?:\d{1,3}|[一二三四五六七八九十]{1,3})\))"
_ITEM_NUMBER_RE = re.compile(rf"[ \t\u3000]*{_ITEM_NUMBER}")
_SUBJECT_AT = re.compile(rf"[ \t\u3000]*{_ITEM_NUMBER}?{_SUBJECT}")  # 一、县财政局负责…, (1)城管局负责城区街道


# …or units answerable for a field of work (市发改委、市经贸委对全市节能工作总负责、总协调), responsible for it, or units
# that are to help in it (市科技、财政等部门按照职责,协同做好相关工作), cooperating: the subject of a clause, the work
# between 对 and the verb, or the verb's work right after it.
_ANSWERABLE_RE = re.compile(rf"(?<=[。;；,，:：\s]){_ENUMERATION}(?P<units>{_name_chars('的对')}{{2,{_LIST_MAX}}}?)对"
                            r"[^,，;；。:：\n]{2,30}?(?P<verb>总?负责)(?!人|同志)")
# How they go about it may name what else guides them (按照职责和救灾工作实际需要,协助做好…), and the units may open an
# item after its number ((36)县减灾委其他成员单位按照职责…,协助做好有关工作).
_HELPER_MANNER = r"(?:按照|根据|依据|按)(?:职责(?:分工)?|[^。;；,，:：\n]{1,16}?(?:职责|需要|分工|要求))"
_HELPER = (rf"{_ITEM_NUMBER}?(?P<units>{_name_chars('的')}{{2,{_LIST_MAX}}}?)"
           rf"(?:{_HELPER_MANNER})?[,，]?{_MODAL}?(?:积极|主动|密切|全力)?(?P<verb>协同|配合|协助)"
           r"(?=做好|开展|推进|落实|完成|抓好|实施)")
_HELPER_RE = re.compile(rf"(?<=[。;；,，:：\s]){_ENUMERATION}{_HELPER}")
_HELPER_AT = re.compile(rf"[ \t\u3000]*{_HELPER}")  # opening a task's body, after its number


# …and a unit opening a line, what it is to do first, then its duty (区委农办要结合…任务,负责指导督查…): the units are
# the subject of the duty their sentence goes on to; a stop ends the sentence first. So in a sentence after a stop
# (…考核结果。各乡(镇)要建立相应的工作协调机制,负责组织推进…), no item's number before it.
_SUBJECT_FIRST_BODY = (rf"(?P<units>{_name_chars('的')}{{2,40}}?){_MODAL}[^。;；!！?？\n]{{2,100}}?[,，]"
                       rf"(?P<verb>负责|牵头)(?!人|同志)(?=[\u4e00-\u9fff“‘])")
_SUBJECT_FIRST = re.compile(rf"[ \t\u3000]*{_ITEM_NUMBER}?{_SUBJECT_FIRST_BODY}")
_SUBJECT_FIRST_RE = re.compile(rf"(?<=[。;；]){_ENUMERATION}{_SUBJECT_FIRST_BODY}")
# …or units opening a line that do their part of the work by what they are for (区劳动保障局、…、区红十字会等部门根据系统
# 设计功能,做好本部门有关…工作): responsible, as X负责 is; no modal, so an exhortation (各单位要按照…要求,做好…) names no one.
_BY_FUNCTION = re.compile(rf"[ \t\u3000]*{_ITEM_NUMBER}?(?P<units>{_name_chars('的')}{{2,{_LIST_MAX}}}?)"
                          r"(?:根据|按照|依据)[^。;；!！?？\n要]{2,40}?[,，](?P<verb>做好|负责)(?=[\u4e00-\u9fff“‘])")


# …or an item headed by its units alone, closed by a colon or a stop, its text the duty of those units as a list of
# who does what prints it (14.市卫生局:负责…; 23.各区县政府(地区管委会):落实属地责任…; 6、区质量技监局。负责…): the
# units are responsible, or lead or cooperate as the duty's first word says (2.市发改委:牵头…). After an item's
# number the duty opens with a verb of duties: a role verb after a stop (an item's title closed by a stop, 1.改造乡镇
# 商贸中心。市商务局牵头…, is no unit heading it however its last word reads), after a colon also what a list of
# duties opens with (指导…, 依据职能做好…, 落实属地责任…, 支持引导…); the stop may close the number's line and the duty
# open the next ((1)市林业局。 / 负责火灾扑救…). With no number the duty must open on the units' line (县住房城乡建设局:
# 负责…, 县教育局:指导…; in a page flattened into one paragraph, …职责如下:县环保局。负责…), after a stop with 负责 or a
# role verb, so a notice's addressees (各乡镇人民政府: / 根据…, or flattened 各乡镇人民政府:根据…) head nothing.
_HEAD_DUTY_VERBS = "负责|主管|承担|指导|督促|落实|依据|根据|按照|组织|统筹|做好|抓好|会同|协调|支持"
_UNIT_HEAD = re.compile(rf"{_ITEM_NUMBER}?(?P<units>{_name_chars('的')}{{2,{_LIST_MAX}}}?)"
                        rf"(?:[:：][ \t\u3000]*(?:(?P<verb>牵头|配合|协助|参与|协同)|(?=(?:{_HEAD_DUTY_VERBS})(?!人|同志)))"
                        r"|。[ \t\u3000]*(?:(?P<stop_verb>牵头|配合|协助|参与|协同)|(?=\n?[ \t\u3000]*负责(?!人|同志))))")
_NUMBER_BEFORE = re.compile(rf"{_ITEM_NUMBER}[ \t\u3000]*$")
_ROLE_OPENS = re.compile(r"[:：。][ \t\u3000]*\n?[ \t\u3000]*(?:负责|牵头|配合|协助|参与|协同)(?!人|同志)")
# With no number before the units, a duty after a colon may open with any verb of duties but those a notice's body
# opens with (各乡镇人民政府:根据…, in a page flattened into one paragraph).
_UNNUMBERED_DUTY = re.compile(r"[:：][ \t\u3000]*(?!依据|根据|按照)")
# Where a sentence may open inside a line: after a stop, a semicolon or a colon.
_SENTENCE_OPENS = re.compile(r"(?<=[。;；:：])[ \t\u3000]*")


# …or an item whose line is its units' name alone, its duty the paragraph under it ((一)市公安局 / 负责设置…; (五)市城管局
# / 配合做好…): numbered, and the paragraph opens with a verb of duties or states one with 负责, so a numbered list of
# member units (1.县发改局 / 2.县财政局) or one followed by an exhortation (各成员单位要…) heads nothing.
_UNIT_LINE = re.compile(rf"{_ITEM_NUMBER}?(?P<units>{_name_chars('的')}{{2,{_LIST_MAX}}}?)[ \t\u3000]*$", re.M)
_DUTY_PARAGRAPH = re.compile(r"\s*\n\s*(?P<line>[^\n]*)")
_PARAGRAPH_DUTY = re.compile(rf"^(?:(?P<verb>牵头|配合|协助|参与|协同)|{_HEAD_DUTY_VERBS})(?!人|同志)|负责(?!人|同志)")


def _unit_line(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]
               ) -> tuple[re.Match, re.Match | None, re.Match | None] | None:
    """A numbered item's line that is its units' name alone (``start`` after its number), the paragraph under it
    stating a duty: the units, the duty's word in the paragraph and the paragraph's own subject, if it names one."""
    m = _UNIT_LINE.match(text, start, end)
    if m is None or not lists_units(*m.span("units")) or KEY_RE.search(text, m.start("units"), m.end("units") + 1) \
            or (m.start("units") == start and not _NUMBER_BEFORE.search(text, max(0, start - 8), start)):
        return None
    if (paragraph := _DUTY_PARAGRAPH.match(text, m.end())) is None:
        return None
    line = paragraph.group("line").strip()
    if not line or _ITEM_NUMBER_RE.match(line) or line.startswith("|") or KEY_RE.match(line):
        return None
    at = paragraph.start("line") + len(paragraph.group("line")) - len(paragraph.group("line").lstrip())
    subject = _SUBJECT_AT.match(text, at, paragraph.end("line"))
    subject = subject if subject is not None and lists_units(*subject.span("units")) else None
    duty = None if line.startswith("由") else _PARAGRAPH_DUTY.search(line)
    if duty is None and subject is None and not _PROSE_RE.match(text, at, paragraph.end("line")):
        return None
    return m, duty, subject


def heads_duty_paragraph(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> bool:
    """An item's line that is its units' name over the paragraph of their duty ((一)市公安局 / 负责…, or / 市公安局负责…,
    / 由市公安局牵头…): an item, not an action's heading."""
    return _unit_line(text, start, end, lists_units) is not None


def unit_line_head(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    """The units alone on a numbered item's line over their duty's paragraph, when the paragraph names no subject
    of its own (县委宣传部负责…, 由X牵头… are read as they say, not a second time)."""
    found = _unit_line(text, start, end, lists_units)
    if found is None or found[1] is None or found[2] is not None:
        return None
    m, duty, _ = found
    role = role_of_verb(duty.group("verb")) if duty.group("verb") else "responsible"
    return RawAttribution(m.start("units"), m.end("units"), tuple(_with_partners(text, role, *m.span("units"))),
                          "prose")


def _unit_head(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    """The units heading an item (``_UNIT_HEAD``), its number printed at ``start`` or right before it (a task's
    body starts after its number), or no number and the duty opening with a role verb; or the units alone on a
    numbered item's line over their duty's paragraph (``unit_line_head``)."""
    m = _UNIT_HEAD.match(text, start, min(len(text), end + 4))
    if m is None:
        return unit_line_head(text, start, end, lists_units)
    if m.start("units") >= end or not lists_units(*m.span("units")) \
            or KEY_RE.search(text, m.start("units"), m.end("units") + 1):
        return None  # 老年助餐服务点建设责任部门: is a key
    opens = _ROLE_OPENS.match(text, m.end("units"))  # the role word the duty opens with is the attribution's
    if opens is None and m.start("units") == start and not _NUMBER_BEFORE.search(text, max(0, start - 8), start) \
            and not _UNNUMBERED_DUTY.match(text, m.end("units")):
        return None
    verb = m.group("verb") or m.group("stop_verb")
    role = role_of_verb(verb) if verb else "responsible"
    return RawAttribution(m.start("units"), opens.end() if opens else m.end("units") + 1,
                          tuple(_with_partners(text, role, *m.span("units"))), "prose")


def _unit_heads(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """The units heading the line at ``start`` and those heading a sentence inside it (a page flattened into one
    paragraph: …工作。(34)县民政局:支持引导…;…处分。县交通局、公路局。负责…)."""
    heads = [head] if (head := _unit_head(text, start, end, lists_units)) else []
    for opens in _SENTENCE_OPENS.finditer(text, start + 1, end):
        if opens.end() < end and not any(h.start <= opens.end() < h.end for h in heads) \
                and (head := _unit_head(text, opens.end(), end, lists_units)) is not None:
            heads.append(head)
    return heads


# …or a unit that does the work together with others it names (临港管委会会同国资主管部门对…进行考核, 由市财政局会同
# X、Y和Z制定…): whatever the work, the first leads and the others cooperate, as in X会同Y负责 (请X会同Y…: a charge).
_JOINT_RE = re.compile(rf"(?:由|(?<=[。;；,，\s]){_ENUMERATION}|^)(?!请|责成)(?P<units>{_name_chars('的')}{{2,40}}?)会同"
                       rf"(?P<partners>{_name_chars('的')}{{2,80}})")


# How the work after the partners opens: a coverb (对…进行考核, 向…报告, 在…开展), a verb of the work (制定, 研究,
# 开展…, 研议 and 检讨 as Taiwan's notices write them) or the haste it is to be done with (尽速提出…); 对 inside a name
# (市对外贸易局) opens nothing.
_WORK_OPENER = re.compile(r"对(?!外)|向|在|就|按|把|将|为|于|进行|制定|研究|出台|开展|组织|做好|共同|联合|建立|推进"
                          r"|落实|完善|加强|编制|实施|审定|确定|提出|报送|指导|督促|协调|统筹|办理|起草|修订|拟定|评估"
                          r"|考核|监督|检查|先行|研议|研处|研商|追查|检讨|尽快|尽速|尽早|抓紧|积极")


def _joint_partners(text: str, start: int, stop: int, lists_units: Callable[[int, int], bool]) -> int | None:
    """Where the partners named after 会同 end: the first place the work opens where all before it are units
    (会同有关方面研究… names none: None)."""
    return next((e for e in range(start + 2, stop + 1) if _WORK_OPENER.match(text, e) and lists_units(start, e)),
                None)


def _joint_duty(text: str, m: re.Match, lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    start = m.start("partners")
    end = _joint_partners(text, start, m.end("partners"), lists_units)
    if end is None or not lists_units(*m.span("units")):
        return None
    return RawAttribution(m.start("units"), end, (RawField("lead", *m.span("units")),
                                                  RawField("cooperating", start, end)), "prose")


def _with_subject(text: str, raw: RawAttribution, lines: list[tuple[int, int]], body_start: int,
                  lists_units: Callable[[int, int], bool]) -> RawAttribution:
    """X负责…工作(Y、Z配合): a bracket that names only partners takes the duty whose subject opens its sentence,
    when that subject is nothing but units."""
    roles = [f.kind for f in raw.fields if f.kind in ROLE_KINDS]
    if raw.form not in ("inline", "bracket") or not roles or any(k != "cooperating" for k in roles):
        return raw
    ls = next((s for s, e in lines if s <= raw.start <= e), None)
    if ls is None:
        return raw
    stops = [text.rfind(c, ls, raw.start) for c in "。;；!！?？"]
    start = max(ls, body_start, max(stops) + 1)
    m = _SUBJECT_AT.match(text, start, raw.start) or _SUBJECT_RE.search(text, start, raw.start)
    if m is None or not lists_units(*m.span("units")):
        return raw
    subject = _with_partners(text, role_of_verb(m.group("verb")), *m.span("units"))
    return RawAttribution(raw.start, raw.end, (*subject, *raw.fields), raw.form, raw.key_text)


def prose_attributions(text: str, lines: list[tuple[int, int]],
                       lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Duties a task states in its sentences (由X负责…, 由X牵头,Y配合,…; X负责…), where X and Y are nothing but
    units: read only in a task that has no attribution of its own, since task text elsewhere recalls who does
    what."""
    found = []
    for ls, le in lines:
        if (chain := _clause_chain(text, ls, le, lists_units)) is not None:
            found.append(chain)
        else:
            found += _unit_heads(text, ls, le, lists_units)
        opening = (_SUBJECT_AT.match(text, ls, le) or _SUBJECT_FIRST.match(text, ls, le)
                   or _BY_FUNCTION.match(text, ls, le))
        later = [m for m in _SUBJECT_FIRST_RE.finditer(text, ls, le) if lists_units(*m.span("units"))]
        for m in [m for m in [opening] if m] + _subjects(text, ls, le) + later:
            if lists_units(*m.span("units")) and not any(r.start <= m.start() < r.end for r in found):
                found.append(_subject_duty(text, m, le, lists_units))
        for m in _PROSE_RE.finditer(text, ls, le):
            m = _past_names(text, m, le)
            if m and not any(r.start <= m.start() < r.end for r in found) and lists_units(*m.span("units")):
                duty = _prose_duty(text, m, le, lists_units)  # its partners' clauses are no duties of their own
                found = [r for r in found if not duty.start < r.start < duty.end] + [duty]
        for m in _PROSE_GROUPS_RE.finditer(text, ls, le):
            if not any(r.start <= m.start() < r.end for r in found) and (duty := _grouped_duty(
                    text, m, le, lists_units)) is not None:
                found = [r for r in found if not duty.start < r.start < duty.end] + [duty]
        helpers = [*filter(None, [_HELPER_AT.match(text, ls, le)]), *_HELPER_RE.finditer(text, ls, le)]
        for m in [*_ANSWERABLE_RE.finditer(text, ls, le), *helpers]:
            if lists_units(*m.span("units")) and not any(r.start <= m.start("units") < r.end for r in found):
                role = role_of_verb(m.group("verb").lstrip("总"))
                found.append(RawAttribution(m.start("units"), m.end("verb"),
                                            tuple(_with_partners(text, role, *m.span("units"))), "prose"))
        for m in _JOINT_RE.finditer(text, ls, le):
            if not any(r.start <= m.start("units") < r.end for r in found) and (duty := _joint_duty(
                    text, m, lists_units)) is not None:
                found.append(duty)
        for m in [*filter(None, [_MODAL_DUTY_AT.match(text, ls, le)]), *_MODAL_DUTY_RE.finditer(text, ls, le)]:
            if lists_units(*m.span("units")) and not m.group("units").startswith(_NOT_NAMED) \
                    and not any(r.start <= m.start("units") < r.end for r in found):
                found.append(RawAttribution(m.start("units"), m.end(), tuple(
                    _with_partners(text, "responsible", *m.span("units"))), "prose"))
        for m in _DATED_DUTY_RE.finditer(text, ls, le):
            if lists_units(*m.span("units")) and not m.group("units").startswith(_NOT_NAMED) \
                    and find_deadlines(m.group("when")) and not any(r.start <= m.start("units") < r.end for r in found):
                found.append(RawAttribution(m.start(), m.end("units"), tuple(
                    _with_partners(text, "responsible", *m.span("units"))), "prose"))
        found += _charged_duties(text, ls, le, lists_units, found)
        found += [r for r in _leader_led(text, ls, le, lists_units)
                  if not any(f.start < r.end and r.start < f.end for f in found)]
    return sorted(found, key=lambda r: r.start)


# A person leads and units carry it out (九重区域环境整治由王光玲牵头,九重镇落实; 由张明牵头,县林业局负责): the person is
# a leader in charge, no unit; the units of the clause after the comma do the work (responsible). Only a short name
# that is no unit (由县水利局牵头,九重镇落实 is a lead and its partner, _PROSE_RE).
_LEADER_LED_RE = re.compile(rf"由(?P<leader>[\u4e00-\u9fff]{{2,3}})(?:同志)?牵头[,，]"
                            rf"(?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)(?P<verb>落实|负责|实施)(?=[,，;；。]|\s*$)")


def _leader_led(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    return [RawAttribution(m.start(), m.end(), (RawField("leaders", *m.span("leader")),
                                                 *_with_partners(text, "responsible", *m.span("units"))), "prose")
            for m in _LEADER_LED_RE.finditer(text, start, end)
            if not looks_like_unit(m.group("leader")) and not lists_units(*m.span("leader"))
            and lists_units(*m.span("units"))]


# A named unit that is to do the work, a modal before the verb of managing it and no role verb (县自然资源局要协调落实好
# 方案内容, 县林草部门要统筹好…工作, 州政府督查室要将该议案办理工作纳入…督查, 县政府督查室要对落实情况进行督办):
# responsible, as a meeting's or a plan's instruction to it, after a stop or opening an item's text (二、区绩效考评机构
# 要将…纳入绩效管理考核范围), or to set up the means of doing it (镇综治中心、派出所、司法所、城关法庭要健全信息共享,
# 建立协同联动机制; 镇级政法单位和各村(社区)要树立…思维). Collectives exhorted so (各单位要高度重视, 有关部门要各司其职) name no one, and an issuer
# announcing its own work (市政府督查室将对…开展专项督查) is no instruction.
_NOT_NAMED = ("各", "有关", "相关", "其他", "其余", "全")
# The date it is due by may stand between the unit and the work, after the modal or in its place (各区要于每月5日前将…
# 报送, 市统计局要在每个季度第1个月的20日前,将…报…, 市发展改革委于2月10日前将办理方案报…): the unit is still charged.
_DUE_BY = r"(?:于|在)[^。;；,，:：\n]{2,24}?(?:前|以前)[,，]?"
_MODAL_DUTY = (rf"[ \t\u3000]*{_ENUMERATION}(?P<units>{_name_chars('的')}{{2,40}}?)(?:(?:要|须|必须|应当)(?:{_DUE_BY})?"
               rf"|{_DUE_BY}(?=将|把))"
               r"(?:切实|认真|进一步|积极|主动|加快|全力)?(?:统筹|协调|做好|抓好|将|把|加强|加大|督促|指导|对|建立|健全|树立)")
_MODAL_DUTY_RE = re.compile(rf"(?<=[。;；,，:：\n]){_MODAL_DUTY}")
# …and a unit after the date its work is due by, the work following with how it is done (9月30日前,县住建局根据…
# 结果,进行全面查漏补缺; 6月底前,市交通局对…开展排查): responsible, the date part of its attribution.
_DATED_DUTY_RE = re.compile(rf"(?<=[。;；,，:：\n])(?P<when>(?:于|在)?[^。;；,，:：\n]{{2,16}}?(?:之前|以前|前))[,，]"
                            rf"(?P<units>{_name_chars('的')}{{2,40}}?)(?=根据|按照|依据|对|将|把)")
_MODAL_DUTY_AT = re.compile(_MODAL_DUTY)


# Units a meeting or a superior charges with the work (责成县妇联根据会议意见修改完善后,履行发文程序; 责成市住建局牵头,
# 市财政局配合,…), or asks to do it, as a cabinet's or a council's decisions do (请内政部持续关心…, 请经建会先协调…,
# 送请经建会汇整, 请衛福部等相關部會務必…; 邀请/申请/报请 ask no one): responsible for what follows, or in the role of
# the verb right after them, with its partners; X会同Y / X会商Y…: X leads, Y cooperates (as in X会同Y负责); X…与Y合作:
# Y cooperates. Only units may stand between the charge and the work (请大家注意, 请认真贯彻 name none).
_CHARGE_NEXT = ("根据|按照|依据|依|结合|会同|会商|尽快|尽速|尽早|抓紧|立即|及时|于|在|对|将|把|做好|抓好|完成|制定|研究|研议"
                "|研处|修改|拿出|履行|组织|开展|进一步|认真|切实|持续|积极|务必|全力|主动|加快|逐项|逐一|妥善|深入|实地|先|透过"
                "|通过|督导|督促|协调|汇整|密切"
                "|予以|提供|负责|牵头|配合|[,，]")
_CHARGED_RE = re.compile(rf"(?:责成|(?<![邀申提报聘敬恳函呈转])请)(?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)"
                         rf"(?={_CHARGE_NEXT})")
_CHARGED_VERB = re.compile(rf"{_MANNER}(?:牵头负责|负责牵头|牵头|负责|配合)(?!人|同志)")
_CHARGE_MANNER = "(?:尽快|尽速|尽早|先行|先|积极|务必|持续)?"
_CHARGED_JOINT = re.compile(rf"{_CHARGE_MANNER}(?:会同|会商)")
_CHARGED_WITH = re.compile(rf"{_CHARGE_MANNER}与(?P<partners>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)(?:合作|协作)")
# Units asked to help with the work charged just before them in the sentence (…,并请环保署与内政部营建署提供协助;
# 请农委会督促…,请经济部水利署予以协助): they cooperate on it.
_CHARGED_HELP = re.compile(r"(?:提供|予以)?协助")


def _charged_duty(text: str, m: re.Match, end: int, lists_units: Callable[[int, int], bool]) -> RawAttribution:
    """The charged units' attribution: their role, and the partners' clauses after a role verb."""
    units = m.span("units")
    if (joint := _CHARGED_JOINT.match(text, units[1], end)) and (
            last := _joint_partners(text, joint.end(), min(end, joint.end() + 80), lists_units)) is not None:
        return RawAttribution(units[0], last, (RawField("lead", *units), RawField("cooperating", joint.end(), last)),
                              "prose")
    if (partners := _CHARGED_WITH.match(text, units[1], end)) and lists_units(*partners.span("partners")):
        return RawAttribution(units[0], partners.end(), (*_with_partners(text, "responsible", *units),
                                                         RawField("cooperating", *partners.span("partners"))), "prose")
    if _CHARGED_HELP.match(text, units[1], end):
        return RawAttribution(units[0], units[1], (RawField("cooperating", *units),), "prose")
    if (verb := _CHARGED_VERB.match(text, units[1], end)) is None:
        return RawAttribution(units[0], units[1], tuple(_with_partners(text, "responsible", *units)), "prose")
    partners, stop = _partners(text, verb.end(), end, lists_units)
    fields = _with_partners(text, role_of_verb(verb.group()), *units) + partners
    return RawAttribution(units[0], stop, tuple(fields), "prose")


# A charge as it shows in a line's text, before units are read (请经济部督导…, 请各机关逐项检视…): that the line
# states who does its work, as a key or a role word does (``structure.top_items_are_tasks``).
CHARGE_HINT_RE = re.compile(rf"(?:责成|(?<![邀申提报聘敬恳函呈转])请)[^,，。;；:：]{{1,30}}?"
                            rf"(?:部|委|会|署|局|处|厅|办|院|机关|单位|部门|政府)(?={_CHARGE_NEXT})")


# Charges that give no one a duty of their own: to units named elsewhere (请以上单位加快推进, 请各责任单位抓紧制定…: those
# the document names by their duties), or in the cover note that hands the document out (现将…印发给你们,请各村(社区)、
# 镇直各单位结合实际认真贯彻执行).
_CHARGED_ELSEWHERE = re.compile(r"(?:以上|上述|前述|下列|各(?:责任|牵头|配合|协办|主办|承办|参与|成员))(?:单位|部门)")
_HANDED_OUT = re.compile(r"(?:印发|转发|下发)(?:给)?你们")


def _charged_duties(text: str, ls: int, le: int, lists_units: Callable[[int, int], bool],
                    found: list[RawAttribution]) -> list[RawAttribution]:
    """The line's charges, a helpers' charge joined to the one before it in its sentence."""
    duties: list[RawAttribution] = []
    for m in _CHARGED_RE.finditer(text, ls, le):
        if not lists_units(*m.span("units")) or any(r.start <= m.start("units") < r.end for r in found):
            continue
        opens = max(ls, *(text.rfind(c, ls, m.start()) + 1 for c in "。;；!！"))
        if _CHARGED_ELSEWHERE.match(m.group("units")) or _HANDED_OUT.search(text, opens, m.start()):
            continue
        duty = _charged_duty(text, m, le, lists_units)
        helping = all(f.kind == "cooperating" for f in duty.fields)
        if helping and duties and not any(c in text[duties[-1].end:duty.start] for c in "。;；"):
            last = duties.pop()
            duty = RawAttribution(last.start, duty.end, (*last.fields, *duty.fields), last.form)
        elif helping:
            continue  # help with nothing charged before it names no duty
        duties.append(duty)
    return duties


@lru_cache(maxsize=32)
def _prose_at_least(length: int) -> re.Pattern:
    return re.compile(rf"由(?:{_LIST_LEAD_IN})?(?P<units>{_NAME_CHARS}{{{length},{_LIST_MAX}}}?)(?P<verb>{_PROSE_VERBS})")


def _past_names(text: str, m: re.Match | None, end: int) -> re.Match | None:
    """由X、市经协办、Y负责: a verb that ends a unit's name before a 、 is no verb; the list runs on to the next."""
    while m is not None and text.startswith("、", m.end()) and verb_ends_name(text, m.start("units"), m.end()):
        m = _prose_at_least(m.end() + 1 - m.start("units")).match(text, m.start(), end)
    return m


_COMMA = re.compile(r"[,，]")


def _grouped_duty(text: str, m: re.Match, end_of_line: int,
                  lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    """由X、Y,Z负责…: every group names units (else None), all in the verb's role; the partners' clauses follow."""
    groups, at = [], m.start("units")
    for sep in _COMMA.finditer(text, at, m.end("units")):
        groups.append(strip_span(text, at, sep.start()))
        at = sep.end()
    groups.append(strip_span(text, at, m.end("units")))
    if not all(s < e and lists_units(s, e) for s, e in groups):
        return None
    role = role_of_verb(m.group("verb"))
    fields = [f for s, e in groups for f in _with_partners(text, role, s, e)]
    partners, end = _partners(text, m.end(), end_of_line, lists_units)
    return RawAttribution(m.start(), end if partners else m.end(), tuple(fields + partners), "prose")


# The lead's own work before its partners' clause: 由X牵头完成自查报告,Y配合,…
_WORK_CLAUSE = re.compile(r"[^,，;；。!！?？\n]{1,30}(?=[,，])")


# The units a lead organises to do the work (由乡政府牵头组织各村做好防汛物资储备, 由县应急局负责组织各乡镇开展排查):
# they do it (responsible); the 由 clause's units keep their verb's role.
_ORGANISED_RE = re.compile(rf"组织(?P<units>{_NAME_CHARS}{{2,40}}?)(?=做好|开展|落实|完成|实施|进行|抓好)")


def _prose_duty(text: str, m: re.Match, end_of_line: int, lists_units: Callable[[int, int], bool]) -> RawAttribution:
    """由X牵头,Y配合,Z参与…: the partners' clauses that follow the 由 clause, right after it or after the lead's
    work; 由X牵头组织Y做好…: Y does the work."""
    fields = _with_partners(text, role_of_verb(m.group("verb")), *m.span("units"))
    at = m.end()
    if m.group("verb").endswith(("牵头", "负责")) and (organised := _ORGANISED_RE.match(text, at, end_of_line)) \
            and lists_units(*organised.span("units")):
        fields.append(RawField("responsible", *organised.span("units")))
        at = organised.end("units")
    partners, end = _partners(text, at, end_of_line, lists_units)
    if not partners and (work := _WORK_CLAUSE.match(text, at, end_of_line)):
        partners, end = _partners(text, work.end(), end_of_line, lists_units)
    return RawAttribution(m.start(), end if partners else at, tuple(fields + partners), "prose")


# The end of a partner's clause that names its role and nothing else (,Y配合。 ,Y、Z按职责分工负责,): a clause that
# goes on with work of its own (,Y负责监督…) states another duty.
_CLAUSE_ENDS = re.compile(r"[,，;；。、]|\s*$")


def _subject_duty(text: str, m: re.Match, end_of_line: int, lists_units: Callable[[int, int], bool]) -> RawAttribution:
    """X牵头以旧换新活动,Y、Z配合 / X负责品牌推广,Y按职责分工配合: the subject's clause with its work, and the
    partners' clauses after the comma that closes it, when each names units and a role and nothing else."""
    fields = _with_partners(text, role_of_verb(m.group("verb")), *m.span("units"))
    partners, end = [], m.end()
    # the partners' clauses right after the verb (X牵头负责,Y配合,…) or after the subject's work
    work = m if text.startswith((",", "，"), m.end()) else _WORK_CLAUSE.match(text, m.end(), end_of_line)
    if work:
        partners, end = _partners(text, work.end(), end_of_line, lists_units)
        if not partners and (dated := _dated_clause(text, work.end(), end_of_line)):
            partners, end = _partners(text, dated, end_of_line, lists_units)
        if not partners or not _CLAUSE_ENDS.match(text, end, end_of_line):
            partners, end = [], m.end()
    return RawAttribution(m.start("units"), end, tuple(fields + partners), "prose")


def _dated_clause(text: str, end: int, stop: int) -> int | None:
    """Where a clause of the subject's work that opens with its date ends (X牵头<work>,11月25日前完成第一轮检查,Y、Z
    配合): the partners' clauses after it are the same duty's; None when the next clause is not so dated."""
    if not text.startswith((",", "，"), end) or (clause := _WORK_CLAUSE.match(text, end + 1, stop)) is None:
        return None
    return clause.end() if looks_like_deadline(clause.group()) else None


def _clause_chain(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    """A line that opens with role clauses and goes on with the work (区城管局负责,工商局、区商务局配合,取缔…):
    the clauses, when their units are nothing but units and a partner's clause follows the first. Read as the
    sentence fallback reads them (and said so), also where the task states other duties (X、Y负责督促…)."""
    m = _CLAUSE_RE.match(text, start, end)
    if m is None or not lists_units(*m.span("units")):
        return None
    partners, stop = _partners(text, m.end(), end, lists_units)
    if not partners:
        return None
    after, stop = _partners_after_work(text, stop, end, lists_units)
    fields = _with_partners(text, role_of_verb(m.group("verb")), *m.span("units")) + partners + after
    return RawAttribution(m.start(), stop, tuple(fields), "sentence")


def _partners_after_work(text: str, end: int, stop: int,
                         lists_units: Callable[[int, int], bool]) -> tuple[list[RawField], int]:
    """The partners' clauses after the work that role clauses open (X牵头,Y配合,于5月31日前完成排查,Z参与。 / X牵头,
    于…前完成…,Y配合。): when one clause of work follows the role clauses and the partners' clauses after it name
    units and a role and nothing else, they are the same duty's, as after a subject's work (X牵头<work>,Y配合); a
    partner's clause going on with work of its own (,Y负责组织演练) is a duty of its own. Returns the fields and
    where they end (``end`` when there are none)."""
    if not text.startswith((",", "，"), end) or (work := _WORK_CLAUSE.match(text, end + 1, stop)) is None:
        return [], end
    if (role := _CLAUSE_RE.match(text, end + 1, work.end())) is not None and lists_units(*role.span("units")):
        return [], end  # the clause is a role clause of its own, no work
    partners, after = _partners(text, work.end(), stop, lists_units)
    if not partners or not _CLAUSE_ENDS.match(text, after, stop):
        return [], end
    return partners, after


# What may follow the units of a bracket that names no role: the document's convention said there (排名第一位
# 为牵头单位, 下同), never more units.
_LIST_REMARK = re.compile(r"(?:以下|下)同|.{0,12}牵头(?:单位|部门).{0,4}")
# Where a sentence or a quoted item ends, so a bracket after it is the item's attribution: 。 」 』 … and markup,
# and a closing quote (“新开工提标加固海塘18.4公里”(市水利局): a report naming each project's unit).
_ITEM_END = re.compile(r"[。」』”…]\**\s*$")


# A bracket alone on its line right after a line closed by a full stop (…增长8%。⏎(县工信局)⏎): how a document that
# prints each item's units on the line under it attributes its items.
_LONE_BRACKET_LINE = re.compile(r"。[ \t\u3000]*\n[ \t\u3000]*[(（][^()（）\n]{2,80}[)）][ \t\u3000]*\n")


def _is_byline(text: str, group: BracketGroup) -> bool:
    """A report's credit, the office that wrote it in a bracket alone on the text's last line after its last
    sentence (…按期完成。⏎(区城棚改事务中心)): it names who reported, not who is to do the work. Not where the
    document already printed an item's units so, in a bracket alone under its sentence (无锡's 2011 分解: the last
    item's bracket is one more of them)."""
    line_start = text.rfind("\n", 0, group.start) + 1
    return (group.closed and not text[line_start:group.start].strip() and not text[group.end:].strip()
            and text[:line_start].rstrip().endswith("。") and not _LONE_BRACKET_LINE.search(text, 0, line_start))


# Up to how many characters of a name stand on either side of a bracket inside it (温州湾新区, 党政办公室).
_NAME_SIDE = 10
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _inside_name(text: str, group: BracketGroup) -> bool:
    """温州湾新区(高新区、经开区)党政办公室: a bracket between two parts of one name, the places a body serves or
    goes by, qualifies that name; it names no one to do the work. A name ends before the bracket and the
    name with the words glued after it is a unit's too."""
    if not group.closed or not _CJK_CHAR.match(text, group.end):
        return False
    before = re.search(r"[\u4e00-\u9fff]+$", text[max(0, group.start - _NAME_SIDE):group.start])
    after = re.match(r"[\u4e00-\u9fff]+", text[group.end:group.end + _NAME_SIDE])
    if not before or not after:
        return False
    heads = [h for h in (before.group()[i:] for i in range(len(before.group()) - 1)) if looks_like_unit(h)]
    tails = [after.group()[:j] for j in range(2, len(after.group()) + 1)] if heads else []
    return any(looks_like_unit(head + tail) for head in heads for tail in tails)


def _unit_list(text: str, group: BracketGroup, names_units: Callable[[int, int], bool],
               lists_units: Callable[[int, int], bool] | None = None) -> RawAttribution | None:
    """【市行政审批局、市大数据局】: a bracket that only names units, at least one of them known; after the end
    of an item (…研发推广。」(工信部、应急管理部)) well-formed units suffice. Units may be followed by the
    document's convention (市教育局,市委农办,排名第一位为牵头单位,下同), kept as a note."""
    if _is_byline(text, group):
        return None
    s, e = strip_span(text, group.start + 1, group.end - 1 if group.closed else group.end)
    segments = _segments(text, s, e)
    k = len(segments)
    while k > 1 and _LIST_REMARK.fullmatch(text, *segments[k - 1]):
        k -= 1
    us, ue = s, segments[k - 1][1] if segments else e
    ends_item = _ITEM_END.search(text, max(0, group.start - 8), group.start) is not None
    named = names_units(us, ue)
    if not (named or (ends_item and lists_units is not None and lists_units(us, ue))) or _inside_name(text, group):
        return None
    remark = [RawField("note", segments[k][0], e)] if k < len(segments) else []
    units = RawField("units-or-note", us, ue, role="" if named else "responsible")
    return RawAttribution(group.start, group.end, (units, *remark), "list")


def _names_role(raw: RawAttribution) -> bool:
    return any(f.kind in ROLE_KINDS for f in raw.fields)


def joined(text: str, raws: list[RawAttribution]) -> list[RawAttribution]:
    """Two attributions with nothing between them, one naming no role (a deadline or leaders on their own,
    as in 责任单位:… then (完成时限:…) on the next line), are one attribution."""
    out: list[RawAttribution] = []
    for raw in raws:
        before = out[-1] if out else None
        if (before is not None and not text[before.end : raw.start].strip(BETWEEN_PARTS)
                and not (_names_role(before) and _names_role(raw))):
            out[-1] = RawAttribution(before.start, raw.end, before.fields + raw.fields, before.form,
                                     before.key_text + raw.key_text)
        else:
            out.append(raw)
    return out


# -- fallbacks: attributions in layouts the walk does not know -------------------------------------------
# Read only in a block where nothing above found an attribution; the parser warns for each that it was read
# without a task structure. They need a role word to stand in the text (a key, a role verb, a column named
# like a key) and units the gazetteer knows or that are well-formed (``lists_units``); anything less is not read.

# A key inside a sentence, after a sentence's end or a space (…给予奖励。牵头单位:市科技局;完成时限:2024年底。):
# its value runs to the end of the sentence or the line; keys after it in the same sentence are its fields.
_KEY_IN_SENTENCE = re.compile(rf"(?:(?<=[。;；,，!！?？\s])|^)(?:{_KEY_ALT}|{_GUESSED_KEY})\s*[:：]")
# A key glued to the end of an item's title, its value closing the line ((一)适龄女生HPV疫苗接种牵头责任部门:县卫生
# 健康委员会): read on the item's first line only, and only when the value is nothing but units.
_KEY_CLOSING_TITLE = re.compile(rf"(?:{_KEY_ALT}|{_GUESSED_KEY})\s*[:：](?P<value>[^。:：\n]{{2,80}}?)\s*$")
# A clause that is units and a role verb and nothing else, at a sentence's or a clause's start (市发展改革委
# 牵头,市市场监管局配合,全面推行…; …给予补助,县财政局负责,…): the text around it is the work.
# (opening a sentence, or an item right after its number: 1.省工业和信息化厅牵头,省统计局按职责分工负责,…)
_CLAUSE_RE = re.compile(rf"(?:(?<=[。;；:：,，\s]){_ENUMERATION}|(?<=[0-9０-９][.．、])|(?<=[)）])|^)"
                        rf"(?P<units>{_NAME_CHARS}{{2,80}}?)(?P<verb>{VERBS})"
                        rf"(?=[,，;；。、]|$)")


def sentence_attributions(text: str, lines: list[tuple[int, int]],
                          lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Keys inside a sentence, and role clauses opening one (X牵头,Y、Z配合,…), in a block that has no
    attribution in brackets or on lines of its own; a key glued to the end of the item's title; a bold key
    with no colon."""
    found: list[RawAttribution] = _titled(text, lines[0], lists_units) if lines else []
    for ls, le in lines:
        found += _bold_keys(text, ls, le, lists_units)
        for m in _KEY_IN_SENTENCE.finditer(text, ls, le):
            if found and m.start() < found[-1].end:
                continue
            stop = text.find("。", m.end(), le)
            end = _repeated_key(text, m, stop if stop >= 0 else le)
            fields, keys = keyed_fields(text, m.start(), end)
            if any(f.kind in ROLE_KINDS and f.start < f.end for f in fields):  # a key alone names no one
                found.append(RawAttribution(m.start(), end, tuple(fields), "sentence", tuple(keys)))
        for m in _CLAUSE_RE.finditer(text, ls, le):
            units = m.span("units") if lists_units(*m.span("units")) else _after_label(text, *m.span("units"),
                                                                                         lists_units)
            if units is None or any(r.start <= units[0] < r.end for r in found):
                continue
            partners, end = _partners(text, m.end(), le, lists_units)
            if not partners and text.startswith("、", m.end()):
                continue  # X负责、… joins a partner's clause or nothing
            after, end = _partners_after_work(text, end, le, lists_units)
            partners += after
            if not partners and _COPULAR_LEAD.match(m.group("verb")) and role_of_verb(m.group("verb")) == "lead":
                partners, end = _copular_partners(text, end, le, lists_units)
            fields = _with_partners(text, role_of_verb(m.group("verb")), *units) + partners
            found.append(RawAttribution(units[0], end, tuple(fields), "sentence"))
    return sorted(found, key=lambda r: r.start)


# A lead named by the key after it (X为该议案办理工作的牵头责任单位,负责…。) and its partners named so in the next
# sentence (Y、Z为协办单位,要…): one statement of who does the work, the partners' sentence going on with how they help;
# only the key form, since a next sentence whose units 负责 or 配合 something is a duty of its own.
_COPULAR_LEAD = re.compile(rf"{_MANNER}为")
_COPULAR_NEXT = re.compile(rf"(?:[,，][^。\n]{{0,80}})?。[ \t\u3000]*(?P<units>{_NAME_CHARS}{{2,{_LIST_MAX}}}?)"
                           rf"(?P<verb>{_KEY_AFTER})(?=[,，;；。]|$)")


def _copular_partners(text: str, end: int, stop: int,
                      lists_units: Callable[[int, int], bool]) -> tuple[list[RawField], int]:
    """The partners a lead's key clause names in the sentence after it: their field and its end, or none."""
    m = _COPULAR_NEXT.match(text, end, stop)
    if m is None or role_of_verb(m.group("verb")) == "lead" or not lists_units(*m.span("units")):
        return [], end
    return [RawField(role_of_verb(m.group("verb")), *m.span("units"))], m.end()


def keys_close_line(text: str, raw: RawAttribution) -> bool:
    """Keys read inside a line that close it after its sentences ((一)推行…。新增套餐服务10个。牵头单位:X 完成时限:Y):
    where an item prints its attribution, as on a key line of its own; not a key inside a sentence."""
    if raw.form != "sentence" or not raw.key_text:
        return False
    line_start, line_end = text.rfind("\n", 0, raw.start) + 1, text.find("\n", raw.end)
    before = text[line_start : raw.start].rstrip(" \t\u3000")
    after = text[raw.end : len(text) if line_end < 0 else line_end]
    return before.endswith("。") and not after.strip(" \t\u3000。;；")


def _repeated_key(text: str, key: re.Match, end: int) -> int:
    """Where a key's value inside a sentence ends: at the sentence's end, or where the same key is printed again
    before it. The keys after a key in its sentence are its other fields (责任单位:X;配合单位:Y), but one attribution
    names a key once: a page flattened into clauses with no full stop (…,责任股室:X牵头,开展…,责任股室:Y牵头,)
    starts the next attribution at the repeat."""
    name = re.sub(r"\s*[:：]$", "", key.group())
    for m in _KEY_IN_SENTENCE.finditer(text, key.end(), end):
        if re.sub(r"\s*[:：]$", "", m.group()) == name:
            return m.start()
    return end


_SPACE_RUN = re.compile(r"[ \t\u3000]+")
# A key set in Markdown bold with no colon, its value after spaces (2. **实施机构**\t\tX、 Y3. **适用范围**…): the
# value runs to the next bold label.
_BOLD_KEY = re.compile(rf"\*\*(?P<key>{_KEY_ALT}|{_GUESSED_KEY})\*\*[ \t\u3000]+")
_NEXT_LABEL = re.compile(r"(?:\d{1,3}[.、]\s*)?\*\*")


def _bold_keys(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Bold keys without a colon whose value is nothing but units."""
    found = []
    for m in _BOLD_KEY.finditer(text, start, end):
        stop = _NEXT_LABEL.search(text, m.end(), end)
        vs, ve = strip_span(text, m.end(), stop.start() if stop else end)
        if vs < ve and lists_units(vs, ve):
            kind, guessed = key_kind(m["key"])
            found.append(RawAttribution(m.start(), ve, tuple(value_fields(text, kind, vs, ve, m["key"] if guessed
                                                                               else "")), "sentence", (m["key"],)))
    return found


def _after_label(text: str, start: int, end: int, lists_units: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """The units of a clause that a label opens, parted from them by spaces (2. **实施机构**   X牵头,Y配合): what
    follows the last space, when that is nothing but units; None otherwise."""
    spaces = list(_SPACE_RUN.finditer(text, start, end))
    if not spaces or spaces[-1].end() >= end or not lists_units(spaces[-1].end(), end):
        return None
    return spaces[-1].end(), end


def _titled(text: str, line: tuple[int, int], lists_units: Callable[[int, int], bool],
            spaced: bool = False) -> list[RawAttribution]:
    """A key closing the line with units; glued only, unless ``spaced`` (a key after a space is a sentence's)."""
    m = _KEY_CLOSING_TITLE.search(text, *line)
    if m is None or (not spaced and _KEY_IN_SENTENCE.match(text, m.start())) or not lists_units(
            *strip_span(text, *m.span("value"))):
        return []
    fields, keys = keyed_fields(text, m.start(), m.end("value"))
    return [RawAttribution(m.start(), m.end("value"), tuple(fields), "titled", tuple(keys))]


# -- a heading's attribution ---------------------------------------------------------------------------
HEADING_MAX = 120  # a heading with the attribution closing it is short; longer lines are not read as headings here
# What may part a heading's title from the attribution closing it (强化科技创新,区科技局牵头 / ——区科技局牵头).
_HEADING_PARTING = re.compile(r"[ \t\u3000]*(?:[,，]|——|—|[ \t\u3000])[ \t\u3000]*")


# A heading that is a unit's own list of work (县示范区管委会牵头工作(8项), 市商务局负责的重点任务): the unit holds that
# role for every item under it, and the heading stays its title.
_WORK_LIST_HEADING = re.compile(rf"(?P<units>{_NAME_CHARS}{{2,40}}?)(?P<verb>牵头|负责|承担|主办)的?(?:重点|主要)?"
                                r"(?:工作|任务|事项)(?:清单)?(?:\(\d{1,3}项\)|（\d{1,3}项）)?")


def _work_list_heading(text: str, s: int, e: int, lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    m = _WORK_LIST_HEADING.fullmatch(text, s, e)
    if m is None or not lists_units(*m.span("units")):
        return None
    role = "responsible" if m.group("verb") == "承担" else role_of_verb(m.group("verb"))
    return RawAttribution(m.start("units"), m.end(), (RawField(role, *m.span("units")),), "inline")


def _duty_heading(text: str, s: int, e: int, lists_units: Callable[[int, int], bool]) -> RawAttribution | None:
    """A heading that states its units' duty, the items under it the duty's parts ((一)区民政局作为主管部门总体负责救助
    帮困系统的运行、维护和安全。 / 1.负责起草… / 2.负责协调…): the units, in the verb's role, are the items'."""
    m = _SUBJECT_AT.match(text, s, e)
    if m is None or not lists_units(*m.span("units")):
        return None
    return RawAttribution(m.start("units"), m.end("verb"),
                          tuple(_with_partners(text, role_of_verb(m.group("verb")), *m.span("units"))), "inline")


def heading_parts(text: str, start: int, end: int,
                  lists_units: Callable[[int, int], bool]) -> tuple[int, RawAttribution | None]:
    """Where a heading's title ends, and the attribution that closes the heading for the items under it: a
    bracket naming a role (强化科技创新(区科技局牵头), (牵头单位:区科技局)), a key with units closing the line,
    glued or after a space (强化科技创新牵头单位:区科技局), or role clauses of units after a comma or a dash
    (强化科技创新,区科技局牵头,区财政局配合). (end, None) when the heading names no one."""
    s, e = strip_span(text, start, end, " \t\u3000。")
    if e - s > HEADING_MAX:  # a paragraph, not a heading: nothing to cut (and no text read twice over)
        return end, None
    if (work_list := _work_list_heading(text, s, e, lists_units)) is not None:
        return end, work_list
    if (duty := _duty_heading(text, s, e, lists_units)) is not None:
        return end, duty
    groups = bracket_groups(text, s, e)
    last = groups[-1] if groups else None
    if last is not None and last.closed and last.end == e and last.start > s:
        raw = parse_bracket(text, last)
        if raw is not None and any(f.kind in ROLE_KINDS for f in raw.fields):
            return last.start, raw
        if raw is not None and raw.fields and all(f.kind == "leaders" for f in raw.fields):
            return last.start, raw  # 六项保障措施(牵头领导:张三、李四): the heading's leaders, no unit
        return end, None
    titled = _titled(text, (s, e), lists_units, spaced=True)
    if titled and titled[0].start > s:
        return titled[0].start, titled[0]
    for m in _HEADING_PARTING.finditer(text, s, e):
        inline = inline_fields(text, m.end(), e)
        if inline and all(lists_units(f.start, f.end) for f in inline if f.kind in ROLE_KINDS) and all(
                f.kind != "deadline-or-note" for f in inline):
            return m.start(), RawAttribution(m.end(), e, tuple(inline), "inline")
    return end, None


# What a block that none of the above could read still shows of an attribution: a key, or a role verb closing
# a clause (…牵头,…配合。); said as a warning, never dropped silently.
UNREAD_RE = re.compile(rf"(?:{_KEY_ALT})\s*[:：]|(?:牵头|负责|配合|协办|承办)(?:落实)?[,，;；。)]")


# A table printed as one cell per line that the walk did not recognise as one (no 序号 header, a progress
# report's columns): a run of short header lines, one of them named like a key (牵头单位, 责任单位), says which
# role a line holding nothing but units has.
HEADER_NAME_MAX = 12  # a header name is short; a longer line is a cell of a row or text


@dataclass(frozen=True)
class ColumnHeader:
    start: int  # where the header's first line starts
    end: int  # where the header's last line ends
    roles: tuple[str, ...]  # the roles of its columns named like keys, in order


def column_headers(text: str, lines: list[tuple[int, int]]) -> list[ColumnHeader]:
    """Runs of consecutive short lines (blank lines between them allowed) of which at least one is named like a
    role key: the headers of tables printed one cell per line."""
    headers, roles, start, end, run, previous = [], [], 0, 0, 0, ""
    for ls, le in [*lines, (len(text), len(text))]:
        cell = "".join(text[ls:le].split()).strip("|")
        if not cell and le < len(text):
            continue
        if cell and len(cell) <= HEADER_NAME_MAX and not any(ch in cell for ch in "。,，;；:：、"):
            # a name wrapped over two cells (责任 / 科室) is one column's
            kind = column_key_kind(cell) or (column_key_kind(previous + cell) if run else None)
            roles += [kind] if kind in ("lead", "responsible", "cooperating") else []
            start, end, run, previous = start if run else ls, le, run + 1, cell
            continue
        if roles and run >= 2:
            headers.append(ColumnHeader(start, end, tuple(roles)))
        roles, run, previous = [], 0, ""
    return headers


def cell_attributions(text: str, lines: list[tuple[int, int]], header: ColumnHeader | None,
                      lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """Lines holding nothing but units under ``header``: under one role column, consecutive such lines are one
    list; under several, each is the next column's. A short line after them that is only a deadline phrase
    (2023年底, 5月底前动工) is their deadline."""
    if header is None:
        return []
    found: list[RawAttribution] = []
    cells = [(s, e) for ls, le in lines if ls >= header.end
             for s, e in [strip_span(text, ls, le, " \t|")] if s < e]
    k = 0
    while k < len(cells):
        if not lists_units(*cells[k]):
            k += 1
            continue
        run = [cells[k]]
        while k + len(run) < len(cells) and lists_units(*cells[k + len(run)]):
            run.append(cells[k + len(run)])
        k += len(run)
        fields = _cell_fields(header.roles, run)
        end = run[-1][1]
        for s, e in cells[k : k + 3]:
            if text[s:e].isdigit():  # the next row's number, not a date
                break
            if e - s <= 20 and looks_like_deadline(text[s:e]):
                fields.append(RawField("deadline", s, e))
                end = e
                break
            if e - s > 20:
                break
        found.append(RawAttribution(run[0][0], end, tuple(fields), "cells"))
    return found


def wrapped_unit_lines(text: str, lines: list[tuple[int, int]],
                       lists_units: Callable[[int, int], bool]) -> list[RawAttribution]:
    """A table's unit cell printed apart from its duty, one line a piece (区编办、 / 区卫生局、 / 区财政局): a run of
    two lines or more holding nothing but units, the list wrapped (a line before the last ends in 、), read as
    the responsible units. A signature's two offices (no 、 between lines) are not such a run."""
    found: list[RawAttribution] = []
    if not any(text[ls:le].rstrip().endswith(("、", ",", "，")) for ls, le in lines):
        return found
    run: list[tuple[int, int, bool]] = []
    for ls, le in [*lines, (-1, -1)]:
        s, e = strip_span(text, ls, le, " \t、,，") if ls >= 0 else (0, 0)
        if ls >= 0 and s < e and lists_units(s, e):
            run.append((s, e, text[ls:le].rstrip().endswith(("、", ",", "，"))))
            continue
        if len(run) >= 2 and any(wrapped for *_, wrapped in run[:-1]):
            found.append(RawAttribution(run[0][0], run[-1][1], tuple(RawField("responsible", s, e)
                                                                     for s, e, _ in run), "unit-lines"))
        run = []
    return found


def _cell_fields(roles: tuple[str, ...], run: list[tuple[int, int]]) -> list[RawField]:
    if len(set(roles)) == 1:
        return [RawField(roles[0], s, e) for s, e in run]
    return [RawField(roles[min(n, len(roles) - 1)], s, e) for n, (s, e) in enumerate(run)]
