"""Lines, headings and metadata of a normalised policy text.

Chinese policy documents share one outline: 一、 sections, (一) actions or items, 1. tasks, ——goal paragraphs.
This module classifies lines; it knows nothing about attributions beyond "does this line hold one".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .attributions import (
    CHARGE_HINT_RE,
    HINT_RE,
    KEY_RE,
    LINE_KEY_RE,
    ROLE_VERBS,
    UNREAD_RE,
    bracket_groups,
    names_key_alone,
)
from .normalize import cjk_unspaced

CN_NUM = "一二三四五六七八九十"
SECTION_RE = re.compile(rf"^\s*([{CN_NUM}]{{1,3}})\s*[、.]\s*(\S.*?)\s*$")
# A bullet or Markdown bold before an item's number, as notes quoting a document print it (- **(一) …**).
_BULLET = r"(?:[-•·]\s*)?(?:\*\*)?"
ACTION_RE = re.compile(rf"^\s*{_BULLET}\(\s*([{CN_NUM}]{{1,3}})\s*\)\s*(\S.*?)\s*$")
# A task number as documents print it: 1. 1、 1) (1) ① ⑴ ⒈ (brackets and dots are half-width after normalising:
# 1． and 1﹒ read as 1.), and the enumeration 一是 二是 … opening a line (一是生产总值增长6%。 / 责任单位:…). A decimal
# outline number (2.2 成员单位职责, 1.1 编制目的) is no task number; a dot before a year (1.2024年底前…) still is. A
# regulation's article (第二条 推进…) is its item, labelled 第二条.
TASK_RE = re.compile(rf"^\s*{_BULLET}(?:(?P<article>第[{CN_NUM}]{{1,3}}条)|(?P<dot>\d{{1,3}})\s*(?:、|\.(?!\d{{1,2}}(?!\d)))"
                     r"|(?P<half>\d{1,3})\s*\)"
                     r"|\(\s*(?P<paren>\d{1,3})\s*\)"
                     r"|(?P<circled>[\u2460-\u2473])|(?P<pparen>[\u2474-\u2487])|(?P<pdot>[\u2488-\u249b])"
                     rf"|(?P<shi>[{CN_NUM}]{{1,3}})是)\s*(?=\S)")
# The one-character forms: ⑴ is (1), ⒈ is 1.
_SINGLE_FORMS = {"pparen": ("paren", 0x2473), "pdot": ("dot", 0x2487)}
# Where a wrongly decoded copy garbled a full-width number: ?。 and marks that are no Chinese text (?。ǘ┩).
GARBLED_NUMBER_RE = re.compile(r"^[ \t\u3000]*[?\ufffd]+。?[^\u4e00-\u9fff\s\w]{0,2}[\u01cd-\u024f\u3100-\u312f\u2500-\u257f]"
                               r"[^\u4e00-\u9fff\s]{0,2}")
# A boxed panel inside a task (专栏3 数字基础设施提升工程): its lines, numbered or not, belong to the task.
PANEL_RE = re.compile(r"^\s*专栏\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]?\s*\S")
# A regulation's chapter (第二章 推进“最多跑一次”改革高效落地): a part, as 二、 is; its articles (第二条 …, in TASK_RE) are
# its items, labelled as printed.
CHAPTER_RE = re.compile(rf"^\s*第([{CN_NUM}]{{1,3}})章\s*(\S.*?)\s*$")
# Numbering styles from the outermost down: a number of a later style inside an open task is a sub-item of it
# (一是 … 二是 … inside a task numbered 1. are its points; under a heading they are its tasks).
TASK_STYLES = ("article", "dot", "half", "paren", "circled", "shi")
GOAL_RE = re.compile(r"^\s*(?:——|--|—)\s*(\S)")
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(【]\s*((?:19|20)\d\d)\s*[〕\])】]\s*\d{1,4}\s*号")
# A quoted title inside (关于撤回《关于开展…的通知》的通知) is one piece: the title does not end at its 的通知.
TITLE_RE = re.compile(
    r"关于(?:《[^《》\n]{1,80}》|.){2,80}?的(?:督办|紧急|补充|专项)?"
    r"(?:实施意见|指导意见|意见|通知|通报|实施方案|工作方案|行动方案|方案|决定|办法|规定|若干措施|措施|规划|计划|细则)"
)
# A note on the version after a title: （修订稿）, (征求意见稿), （2026年修订）, （第二版）, （试行）. Part of the title.
_TITLE_NOTE_RE = re.compile(r"\s*[(（][^()（）]{1,12}[)）]")
ISO_DATE_RE = re.compile(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})")
CN_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
# A year in Chinese numerals, as titles print it (二〇二三年度工作要点).
_CN_YEAR_RE = re.compile(r"([一二][〇零○一二三四五六七八九]{3})\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
ANNEX_RE = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*[:：]?$")
SOURCE_RE = re.compile(r"^\s*(?:来源|发布机构|发文机关|发布单位)\s*[:：]\s*(\S.*?)\s*$")
ISSUER_RE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,20}(?:办公厅|办公室|人民政府|委员会|政府|局|委|厅|部)$")

SAFEGUARD_WORDS = ("保障", "组织实施", "组织领导", "工作要求")


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20; 0 when it is not a Chinese numeral."""
    digits = {c: i + 1 for i, c in enumerate(CN_NUM[:9])}
    if not text or any(c not in CN_NUM for c in text):
        return 0
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # excludes the newline

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def split_lines(text: str) -> list[Line]:
    """Lines between newlines; n newlines make n + 1 lines, the last one possibly empty."""
    lines, start = [], 0
    find = text.find
    while (end := find("\n", start)) >= 0:
        lines.append(Line(start, end))
        start = end + 1
    lines.append(Line(start, len(text)))
    return lines


# Items run into the line before them (（一）网络体系强基行动。1.建设千兆城市。…（…）2.部署算力网络。…): a number
# right after the end of a sentence or an attribution, counting from 1 — or from the item the line opens with
# (1.抓好…。(X主办,Y协办)2.重点抓好…: one run-in number is enough after an opening 1.).
_RUN_IN_ITEM = re.compile(r"[。;)〕】][ \t]*(\d{1,2})[ \t]*[.、](?!\d)")
_OPENING_ITEM = re.compile(r"[ \t\u3000]*(\d{1,2})[ \t]*[.、](?!\d)")
# A bracket that states who does the item ((省发改委负责), (省财政厅主办,…协办), (牵头单位:X), 【牵头单位:X;责任单位:Y】):
# a heading or an item numbered next may run on after it.
_ATTRIBUTION_BRACKET = re.compile(rf"(?:\([^()]*(?:{ROLE_VERBS}|单位|部门)[^()]*\)|【[^【】]*(?:{ROLE_VERBS}|单位|部门)[^【】]*】"
                                  rf"|〔[^〔〕]*(?:{ROLE_VERBS}|单位|部门)[^〔〕]*〕)$")


def is_table_line(text: str) -> bool:
    """Cells end in '|' (one cell per line), or a row joins its cells with '|' (readers write tables so). A
    numbered item closed by its attribution bracket after its last '|' (1. 开展…| 管道 |。(牵头单位:X)) is an
    item whose text holds bars, not a row: a row's cells are the attribution, never a bracket after them."""
    stripped = text.strip()
    if not (stripped.endswith("|") or stripped.count("|") >= 2):
        return False
    return not is_item_with_bars(stripped)


def is_item_with_bars(stripped: str) -> bool:
    """A numbered item (1. / (一) / 一、) whose text after its last '|' holds its attribution: a closed bracket
    naming a role, or a key (…| 管道 |,牵头单位:X)."""
    if not (TASK_RE.match(stripped) or SECTION_RE.match(stripped) or ACTION_RE.match(stripped)):
        return False
    tail = stripped[stripped.rfind("|") + 1:].replace("（", "(").replace("）", ")")
    return _ATTRIBUTION_BRACKET.search(tail.rstrip("。;；")) is not None or KEY_RE.search(tail) is not None


def split_run_in_items(text: str, lines: list[Line]) -> list[Line]:
    """Lines with numbered items run into them (1. then 2. after a 。 or an attribution's closing bracket; one
    item after a heading) become a line per item, so the walk sees each item start a line; so do the parts of
    a document flattened into one paragraph (``_flattened_lines``). A table row stays whole: the numbers in its
    cells (| 1.3月底前…。 2.6月底前… |) are steps of one cell, not items."""
    rows = {(ln.start, ln.end) for ln in lines
            if text.find("|", ln.start, ln.end) >= 0 and is_table_line(ln.text(text))} if "|" in text else set()

    def parts(line: Line, split: Callable[[str, Line], list[Line]]) -> list[Line]:
        return [line] if (line.start, line.end) in rows else split(text, line)

    if _FLATTENED_BREAK.search(text) is not None or _RUN_IN_HEADING.search(text) is not None:
        lines = [part for line in lines for part in parts(line, _flattened_lines)]
    lines = [part for line in lines for part in parts(line, _section_then_action)]
    lines = [part for line in lines for part in parts(line, _section_title_then_duty)]
    lines = [part for line in lines for part in parts(line, _standard_title_then_text)]
    lines = _section_titles_before_keys(text, lines, rows)
    if _RUN_IN_ITEM.search(text) is None and _HEADING_ITEM_ANYWHERE.search(text) is None:
        return lines
    return [part for line in lines for part in parts(line, _item_lines)]


# A section's heading with its first item run on, no stop between them: 五、继续夯实工作基础(十四)落实审查制度。…; the
# title may quote a word (一、加强党对“三农”工作的全面领导(一)强化组织领导。…).
_SECTION_THEN_ACTION = re.compile(rf"\s*[{CN_NUM}]{{1,3}}\s*、[\u4e00-\u9fff“”‘’\"]{{2,30}}?(?=\(\s*(?P<action>[{CN_NUM}]{{1,3}})\s*\))")


def _section_then_action(text: str, line: Line) -> list[Line]:
    m = _SECTION_THEN_ACTION.match(text, line.start, line.end)
    return [line] if m is None else [Line(line.start, m.end()), Line(m.end(), line.end)]


# A section's short title closed by a full stop, its duty run on after it on the same line: 一、开展隐患排查。区应急局
# 牵头,区消防救援大队配合,2026年12月31日前完成。 The title is the section; the duty its paragraph.
_SECTION_TITLE_THEN_DUTY = re.compile(rf"\s*[{CN_NUM}]{{1,3}}\s*、[\u4e00-\u9fff]{{2,15}}。(?=[^\n]*(?:{ROLE_VERBS}))")


def _section_title_then_duty(text: str, line: Line) -> list[Line]:
    m = _SECTION_TITLE_THEN_DUTY.match(text, line.start, line.end)
    cut = m.end() - 1 if m else 0  # the stop stays with the duty: a heading has none
    return [line] if m is None or m.end() >= line.end else [Line(line.start, cut), Line(cut, line.end)]


# The same title whose duty's units stand on key lines under it (三、城市绿化提升。新增绿地20公顷。 / 牵头单位:X):
# the line states no role, a key line under it, before the next numbered line, does.
_SECTION_TITLE = re.compile(rf"\s*[{CN_NUM}]{{1,3}}\s*、[\u4e00-\u9fff]{{2,15}}。")
_KEYS_REACH = 6  # lines under the title a key line may stand on


def _section_titles_before_keys(text: str, lines: list[Line], rows: set[tuple[int, int]]) -> list[Line]:
    out = []
    for k, line in enumerate(lines):
        m = _SECTION_TITLE.match(text, line.start, line.end)
        if m is None or m.end() >= line.end or (line.start, line.end) in rows or not _keys_under(text, lines, k):
            out.append(line)
            continue
        out += [Line(line.start, m.end() - 1), Line(m.end() - 1, line.end)]
    return out


def _keys_under(text: str, lines: list[Line], k: int) -> bool:
    for line in lines[k + 1 : k + 1 + _KEYS_REACH]:
        s = line.text(text)
        if LINE_KEY_RE.match(s):
            return True
        if SECTION_RE.match(s) or ACTION_RE.match(s) or TASK_RE.match(s) or is_table_line(s):
            return False
    return False


# A document flattened into one paragraph keeps a space where each line began: before 一、, (一), 1. and
# before a key (责任单位:). Two numbers after spaces in one line make it such a paragraph.
_FLATTENED_NUMBER = rf"(?:[{CN_NUM}]{{1,3}}、|\([{CN_NUM}]{{1,3}}\)|\d{{1,3}}[.、](?!\d))"
# (patterns open with the character they need, not a lookbehind, so a search skips to it: they run on every text)
_FLATTENED_BREAK = re.compile(rf"[ \t\u3000](?<=\S[ \t\u3000])[ \t\u3000]*(?={_FLATTENED_NUMBER})")
_FLATTENED_KEY = re.compile(rf"[ \t\u3000](?<=\S[ \t\u3000])[ \t\u3000]*(?={KEY_RE.pattern})")


# Without the spaces, headings run on after a full stop: …制定本方案。一、指导思想…。二、主要任务…。(一)社会宣传1、…
# or after an attribution's bracket: (一)地区生产总值增长11%左右。(省发改委负责)(二)公共财政收入…, …。【牵头单位:X】(二)…
_RUN_IN_HEADING = re.compile(rf"[。;)〕】][ \t]*(?:(?P<section>[{CN_NUM}]{{1,3}})、|\((?P<action>[{CN_NUM}]{{1,3}})\))")


# The titles policy documents give their parts, which a run-in heading can be cut after, alone or joined to the
# division of duties by 及/和/与 (三、组织领导及职责分工为切实加强…, a page flattened into one paragraph).
_STANDARD_TITLES = (r"(?:指导思想|总体要求|基本原则|工作目标|目标任务|主要目标|主要任务|重点任务|工作任务|工作措施"
                    r"|主要措施|实施步骤|工作步骤|保障措施|组织保障|工作要求|组织领导)")
_STANDARD_TITLE = re.compile(rf"{_STANDARD_TITLES}(?:[及和与](?:职责分工|责任分工|任务分工))?(?![,，。、的和与及])")


# A section's standard title with its first paragraph run on after it on the same line (一、工作目标 到2025年底,全市…;
# 一、指导思想:以…): the title is the section and the text its first paragraph, as when the heading has its own line
# (so a goals section's —— lines under it are its goals). 一、工作目标任务 or 一、主要任务和措施 is a title, not cut.
_SECTION_STANDARD_TITLE = re.compile(rf"\s*[{CN_NUM}]{{1,3}}\s*、\s*(?P<title>{_STANDARD_TITLE.pattern})[ \t:]*")


def _standard_title_then_text(text: str, line: Line) -> list[Line]:
    m = _SECTION_STANDARD_TITLE.match(text, line.start, line.end)
    if m is None or m.end() >= line.end or text[m.end()] == "\n":
        return [line]
    head = SECTION_RE.match(line.text(text))
    if head is None or is_section_heading_text(head.group(2)):
        return [line]
    return [Line(line.start, m.end("title")), Line(m.end(), line.end)]


def _run_in_headings(text: str, line: Line) -> list[int]:
    """Where headings numbered in order (一、 then 二、, (一) then (二)) start after a full stop in a line."""
    last = {"section": 0, "action": 0}
    own = line.text(text)  # the patterns anchor at the start of what they are given: the line's own text
    first = SECTION_RE.match(own) or ACTION_RE.match(own)
    if first is not None:
        last["section" if SECTION_RE.match(own) else "action"] = cn_number(first.group(1))
    # the heading the line opens with (or the last one cut in it), which a heading run on after an attribution's
    # bracket must follow
    opening = {"section": 0, "action": 0}
    if (head := ACTION_RE.match(line.text(text))) is not None:
        opening["action"] = cn_number(head.group(1))
    elif (head := SECTION_RE.match(line.text(text))) is not None:
        opening["section"] = cn_number(head.group(1))
    cuts, after_brackets, after_spaces = [], 0, 0
    for m in _RUN_IN_HEADING.finditer(text, line.start, line.end):
        kind = m.lastgroup
        number = cn_number(m.group(kind))
        if bracket := text[m.start()] in ")〕】":
            if _ATTRIBUTION_BRACKET.search(text, line.start, m.start() + 1) is None or number != opening[kind] + 1:
                continue
            opening[kind] = number
            last[kind] = max(last[kind], number - 1)
        if number == last[kind] + 1 or (kind == "action" and number == 1 and not bracket):
            cuts.append(m.start(kind) - (kind == "action"))
            after_brackets += bracket
            after_spaces += not bracket and text[m.start() + 1] in " \t"  # …高地。 (二)…: where a line began
            last[kind] = opening[kind] = number  # a heading cut here is one the next after a bracket may follow
            if kind == "section" and (title := _STANDARD_TITLE.match(text, m.end(), line.end)):
                cuts.append(title.end())  # 一、指导思想坚持以…: the heading ends with its standard title
            elif kind == "section" and (glued := _SECTION_THEN_ACTION.match(text, m.start(kind), line.end)):
                # 一、加强…领导(一)强化组织领导。…【…】(二)…: the section's first item, run on after its title (cut there
                # by ``_section_then_action``), is the heading the next item after an attribution's bracket follows
                opening["action"] = last["action"] = cn_number(glued.group("action"))
    # a line that opens with a heading and runs on to the next after that heading's attribution, or after a stop and
    # the space a copy left where the next heading's line began (马屿镇's (一)…(责任部门:…) …高地。 (二)…): one cut is
    # enough
    return cuts if len(cuts) >= 2 or (head is not None and cuts and after_brackets + after_spaces == len(cuts)) else []


# Where a section number starts after a separator in a line of headings (二、推动创新 (1–4) · 三、深化改革 ·).
_OUTLINE_NUMBER = re.compile(rf"(?:^|(?<=[\s·•|/]))[{CN_NUM}]{{1,3}}\s*、")


def is_outline(line: str) -> bool:
    """A line that is nothing but two or more section headings parted by separators is a table of contents, not
    a heading: no section opens there, and it is not cut at its numbers."""
    starts = [m.start() for m in _OUTLINE_NUMBER.finditer(line)]
    if len(starts) < 2 or line[: starts[0]].strip():
        return False
    parts = [line[a:b].strip(" ·•|/.。\t") for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
    return all((m := SECTION_RE.match(p)) is not None and is_heading_text(m.group(2)) for p in parts)


def _flattened_lines(text: str, line: Line) -> list[Line]:
    if is_outline(line.text(text)):
        return [line]
    numbers = [m.end() for m in _FLATTENED_BREAK.finditer(text, line.start, line.end)]
    if len(numbers) < 2:
        headings = _run_in_headings(text, line)
        bounds = [line.start, *headings, line.end]
        return [Line(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    inside = [(g.start, g.end) for g in bracket_groups(text, line.start, line.end)]
    keys = [m.end() for m in _FLATTENED_KEY.finditer(text, line.start, line.end)
            if not any(s < m.start() < e for s, e in inside)]
    bounds = sorted({line.start, *numbers, *keys, line.end})
    return [Line(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


# A first item run into a short heading with no stop between them: (一)社会宣传1、制作宣传画报。
_HEADING_ITEM_ANYWHERE = re.compile(r"\)[\u4e00-\u9fff]{2,15}?1[.、](?!\d)")
_HEADING_THEN_ITEM = re.compile(rf"\s*\(\s*[{CN_NUM}]{{1,3}}\s*\)[\u4e00-\u9fff]{{2,15}}?(?P<n>1)[.、](?!\d)")


def _item_lines(text: str, line: Line, expected: int = 1) -> list[Line]:
    """``expected``: the first number to cut at (2 when the line starts with item 1, cut off its heading)."""
    if (m := _HEADING_THEN_ITEM.match(text, line.start, line.end)) is not None:
        return [Line(line.start, m.start("n")), *_item_lines(text, Line(m.start("n"), line.end), 2)]
    if expected == 1 and (opening := _OPENING_ITEM.match(text, line.start, line.end)) is not None:
        expected = int(opening.group(1)) + 1
    starts, first = [], expected
    for m in _RUN_IN_ITEM.finditer(text, line.start, line.end):
        if int(m.group(1)) == expected:
            starts.append(m.start(1))
            expected += 1
    if not starts or first == 1 and len(starts) < 2 and not _is_heading_before(text[line.start : starts[0]]):
        return [line]
    bounds = [line.start, *starts, line.end]
    return [Line(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _is_heading_before(text: str) -> bool:
    """(二)产业数字化行动。 before a run-in item: a heading, so even one item is split off."""
    m = ACTION_RE.match(text) or SECTION_RE.match(text)
    return m is not None and is_heading_text(m.group(2).rstrip("。"))


# A sentence closed by a half-width full stop (…所需工作经费.) that opens with a duty (区财政局负责落实…).
_CJK_STOP = re.compile(r"[\u4e00-\u9fff]\.$")
_DUTY_OPENING = re.compile(r"[^,，;；。]{2,30}?(?:负责|牵头)")


# Markup a copy kept around a heading's words (五、<b>其他</b>事项, 四、<span style="font-size:16pt">民生保障</span>): a
# tag is no words of the title, and the ':' and ';' of its attributes no colon or clause of it.
_MARKUP_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,200})?/?>")


def without_markup(text: str) -> str:
    """``text`` without the HTML tags it holds as text (their words kept)."""
    return _MARKUP_TAG.sub("", text) if "<" in text else text


def is_heading_text(rest: str) -> bool:
    """A heading is short and not a sentence: no full stop, no attribution, no clause closed by a semicolon
    (一、区编办负责落实…编制;). A colon may close it, introducing the items below (二、会议决定:). Tags held as text
    are no part of it (``without_markup``)."""
    rest = without_markup(rest).rstrip().removesuffix(":").removesuffix("：")
    return len(rest) <= 40 and "。" not in rest and ":" not in rest and not rest.endswith((";", "；")) and not (
        _CJK_STOP.search(rest) and _DUTY_OPENING.match(rest))


# A section heading may list its targets in short phrases parted by commas (二、提升教育服务水平,开工建设幼儿园60所,
# 新建中小学标准化食堂100所,…): longer than a title, still no sentence and no duty.
_PHRASE_LIST = re.compile(r"[^,，。;；:：()]{2,24}(?:[,，][^,，。;；:：()]{2,24}){2,5}")
_PHRASES_MAX = 90
_NAMES_DUTY = re.compile(r"牵头|负责|配合|责任单位")


def is_section_heading_text(rest: str) -> bool:
    """A section's heading: a title (``is_heading_text``), or a list of three to six short phrases."""
    rest = without_markup(rest).rstrip()
    return is_heading_text(rest) or (len(rest) <= _PHRASES_MAX and _PHRASE_LIST.fullmatch(rest) is not None
                                     and _NAMES_DUTY.search(rest) is None)


@dataclass(frozen=True)
class Header:
    """What the lines before the body say; ``parse`` turns it into the model's ``Metadata``."""

    title: str
    title_line: int | None
    doc_number: str
    issuers: tuple[str, ...]
    date: date | None
    year: int | None
    header_end: int  # index of the first body line
    closings: dict[int, int] = field(default_factory=dict)  # closing blocks: first line → the line after
    year_source: str = ""  # where the year was read: "文号", "date", "title", or a guess from the text (said)


def _title_wrapped(text: str, lines: list[Line], i: int, skip: set[int]) -> str | None:
    """Line ``i`` and the next, joined, when only together they read as a 关于…的通知 title."""
    nxt = next((j for j in range(i + 1, min(i + 3, len(lines))) if j not in skip and lines[j].text(text).strip()),
               None)
    if nxt is None:
        return None
    joined = lines[i].text(text).strip() + lines[nxt].text(text).strip()
    return joined if TITLE_RE.search(joined) and not _is_body_line(lines[nxt].text(text).strip()) else None


def task_number(m: re.Match) -> tuple[str, str]:
    """(label, style) of a TASK_RE match: 1. and 1) give "1", (1) and ⑴ give "(1)", ① gives "①", 一是 gives "1",
    第二条 gives "第二条"."""
    style = m.lastgroup or "dot"
    number = m.group(style)
    if style == "shi":
        number = str(cn_number(number))
    elif style in _SINGLE_FORMS:
        style, base = _SINGLE_FORMS[style]
        number = str(ord(number) - base)
    return (f"({number})" if style == "paren" else number), style


def label_number(label: str) -> int | None:
    """The integer of a task label ("3", "(3)", "③"); None for a heading used as a label."""
    digits = label.strip("()")
    if digits.isdigit() and digits.isascii():
        return int(digits)
    if len(label) == 1 and "\u2460" <= label <= "\u2473":
        return ord(label) - 0x245F
    return None


def is_action_heading(rest: str, next_line: str) -> bool:
    """(一)网络体系强基行动 is an action's heading; so is (一)网络体系强基行动。 when numbered items follow it."""
    if is_heading_text(rest):
        return True
    stripped = rest.rstrip("。")
    return stripped != rest and is_heading_text(stripped) and TASK_RE.match(next_line) is not None


# A part's title that names an action of the plan (一、政务服务提速行动, 二、民生保障工程, 三、…专项行动): the part is
# that action, the items under it its tasks, whatever numbering the part prints.
_ACTION_TITLE = re.compile(r"(?:行动|工程)[。:：]?$")


def names_action(title: str) -> bool:
    return _ACTION_TITLE.search(without_markup(title).strip()) is not None


# A title in two or three short parallel clauses (实施新制造业强振兴计划,重塑发展竞争优势。), as headings pair an action
# with its aim: no clause as long as a sentence's, none naming a duty.
_TITLE_CLAUSE = re.compile(r"[^,，;；。:：]{2,16}")
_TITLE_CLAUSES_MAX = 3


def closed_section_heading(rest: str, next_line: str) -> bool:
    """A section's title closed by a full stop, as some documents close every heading (一、认真落实《规划》提出的
    各项任务。): a heading still when it is one clause, or a few short parallel ones (``_TITLE_CLAUSE``; a sentence
    parts longer clauses with commas), and the line after it opens an item one level down ((一)…, 1.…)."""
    stripped = rest.rstrip("。")
    clauses = re.split("[,，]", stripped)
    return (stripped != rest and is_heading_text(stripped) and not re.search("[;；]", stripped)
            and (len(clauses) == 1 or len(clauses) <= _TITLE_CLAUSES_MAX and _NAMES_DUTY.search(stripped) is None
                 and all(_TITLE_CLAUSE.fullmatch(c) for c in clauses))
            and (ACTION_RE.match(next_line) is not None or TASK_RE.match(next_line) is not None))


def is_annex_of_people(label: str, title: str) -> bool:
    """附件 followed by a list of people (领导小组成员名单): names and posts, not attributions."""
    return ANNEX_RE.match(label.strip()) is not None and ("名单" in title or title.rstrip().endswith("成员"))


def _safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _is_body_line(text: str) -> bool:
    stripped = text.strip()
    if SECTION_RE.match(stripped) or ACTION_RE.match(stripped) or TASK_RE.match(stripped):
        return True
    if LINE_KEY_RE.match(stripped):  # a text that opens with an attribution (责任单位:…) has no header left
        return True
    if names_key_alone(stripped):  # a field record's key, its value on the next line (责任单位 / 县水利局)
        return True
    if stripped.endswith("|") or stripped.count("|") >= 2:  # a table starts the body
        return True
    if stripped.endswith(("如下:", "如下：")):  # a lead-in however short (现将各单位职责明确如下:): the body begins
        return True
    if _CUT_SENTENCE_RE.fullmatch(stripped):
        return True  # a sentence cut off after a clause (a copy stored mid-sentence)
    if titled_with_note(stripped):  # 沂南县人民政府办公室关于印发…的通知（修订稿）: a title, however long
        return False
    # a sentence, a lead-in, or an item closing on its attribution's bracket (…。」(国家邮政局、商务部)): body text
    return len(stripped) >= 40 and stripped[-1] in "。:)" and "关于" not in stripped[:8]


def titled_with_note(line: str) -> str:
    """The title of a line that ends on a title and a bracketed note: a version's (…的通知（修订稿）), included,
    or its own 文号 (…的通知 (粤府〔2021〕22号)), left to the 文号; else ""."""
    if (m := TITLE_RE.search(line)) and (note := _TITLE_NOTE_RE.fullmatch(line, m.end())):
        return m.group(0) if DOC_NUMBER_RE.search(note.group(0)) else line[m.start():].strip()
    return ""


# A copy's byline: who posted or edited it, and when (编辑: 麒麟兔爷 2019-03-14, 发帖人:…, 作者:…): a page's date, the
# document's year only where its title names none.
_POSTER_RE = re.compile(r"(?:责任)?编辑|作者|发帖人|楼主|发布者|发布人")
# A long line that ends on a clause's comma or semicolon: a sentence cut off where its copy was stored (a page's
# summary run on in clauses, …,责任科室(单位):办公室牵头,), body text however it ends. A title, an issuer or a date
# never ends on a comma; an addressee list broken after one opens the body a line early, which holds no task.
_CUT_SENTENCE_RE = re.compile(r".{60,}[,，;；]")


# A web page's navigation above the document: a breadcrumb of short crumbs (首页 > 政务公开 > 政策文件, 当前位置:首页>>…),
# never its title; and its metadata as a list of bracketed keys (5. [成文日期] 2016-06-08, 【发文机构】…, [有效性]), never
# the body's first item: the date key among them gives the date (_grid_date).
_BREADCRUMB_RE = re.compile(r"(?:(?:当前|您的|您当前的|所在)位置\s*[:：]\s*)?[^\s>»。;；,，]{1,12}"
                            r"(?:\s*(?:>>?|»|＞|→)\s*[^\s>»。;；,，]{1,16}){1,6}\s*(?:>>?|»|＞)?")
_METADATA_LINE_RE = re.compile(r"(?:\d{1,2}\s*[.、．]\s*|[•·]\s*)?[\[【][\u4e00-\u9fff]{0,6}"
                               r"(?:分类|机构|单位|日期|字号|文号|有效性|来源|索引号|主题词|公开方式|公开范围)[\]】]")


# A web page's metadata grid (gov.cn style): keyed fields in any order, in rows whose cells are joined by '|'
# (索引号：|…|发文日期：|2026-04-15, or 索引号：… | 发文机关：… | 标题：… | 文号：…) or one field a line (文号：…).
# Each key names what its value gives the header; the others (索引号, 主题分类, 有效性 …) are read and left.
_METADATA_FIELDS = {
    "doc_number": ("文号", "发文字号", "发文文号", "文件编号", "文件字号", "发文号", "字号"),
    "title": ("标题", "文件标题", "文件名称", "信息名称", "名称"),
    "issuer": ("发文机关", "发文机构", "发文单位", "发布机关", "发布机构", "发布单位", "制发机关", "信息来源", "来源"),
    "written": ("成文日期", "印发日期", "颁布日期"),
    "issued": ("发文日期", "发布日期", "公开日期", "生成日期"),
    "effective": ("实施日期", "生效日期", "施行日期"),  # a date still, where the grid gives no other
    "other": ("索引号", "信息索引号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "所属主题", "主题词", "关键词",
              "有效性", "时效性", "是否有效", "公开方式", "公开范围", "公开时限", "废止日期", "失效日期", "文种",
              "统一编号", "登记号", "内容概览", "内容概述", "内容摘要", "在线链接地址", "文件下载"),
}
_METADATA_KIND = {key: kind for kind, keys in _METADATA_FIELDS.items() for key in keys}
_METADATA_KEY = "|".join(r"\s*".join(key) for key in sorted(_METADATA_KIND, key=len, reverse=True))
# a cell: the key (bracketed or not), then its value after a colon, a bracket or a blank, or nothing (the value is
# the next cell)
_METADATA_CELL_RE = re.compile(rf"[\[【]?({_METADATA_KEY})[\]】]?\s*(?:[:：]\s*(.*)|(?<=[\]】])\s*(.*)|\s+(\S.*))?")
# another field in the same cell, after a blank: 索引号：… 发文机关：…
_NEXT_FIELD_RE = re.compile(rf"\s+(?=[\[【]?(?:{_METADATA_KEY})[\]】]?\s*[:：])")


@dataclass(frozen=True)
class MetadataField:
    kind: str  # doc_number, title, issuer, written, issued, effective or other
    key: str
    value: str


def metadata_fields(line: str) -> tuple[MetadataField, ...]:
    """The fields of a metadata line, or () when ``line`` is not wholly one: every cell a known key with its value
    (in the cell after a colon, or in the next cell). A table of tasks never reads so: its header names 序号 and
    roles, its rows text. One field on a line of its own needs a colon or a bracket after its key."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    piped = "|" in line
    parts = [part for cell in cells for part in (_NEXT_FIELD_RE.split(cell) if cell else [""])]
    fields: list[MetadataField] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        i += 1
        if not part:
            continue
        if (m := _METADATA_CELL_RE.fullmatch(part)) is None:
            return ()
        key = re.sub(r"\s+", "", m.group(1))
        value = next((v for v in m.groups()[1:] if v), None)
        if value is None:  # the key alone (索引号：|…): its value is the next cell, unless that is a key too
            if not piped:
                return ()
            value = ""
            if i < len(parts) and parts[i] and _METADATA_CELL_RE.fullmatch(parts[i]) is None:
                value, i = parts[i], i + 1
        elif not piped and m.group(2) is None and m.group(3) is None:
            return ()  # 名称 后接文字 with a blank and no colon: a sentence, not a field
        fields.append(MetadataField(_METADATA_KIND[key], key, value.strip()))
    return tuple(fields)


_CITING_RE = re.compile(r"》\s*[(（]\s*$")  # 《…的通知》(鲁政字〔2023〕18号…: the number of the document it names
_BRACKET_END_RE = re.compile(r"\s*[)）]?\s*$")


def _own_doc_number(line: str) -> re.Match | None:
    """The first 文号 of a header line that is not another document's: a number in brackets after a cited
    title, with the sentence going on past it (贯彻落实《山东省…的通知》(鲁政字〔2023〕18号,以下简称…)精神), is the
    cited one's. A page's title line 《…的意见》(青政发〔2024〕9号) ends with its number: its own."""
    for m in DOC_NUMBER_RE.finditer(line):
        if not (_CITING_RE.search(line, 0, m.start()) and not _BRACKET_END_RE.fullmatch(line, m.end())):
            return m
    return None


def read_header(text: str, lines: list[Line], skip: set[int]) -> Header:
    """Title, 文号, issuers and date from the lines before the body, plus a signature date at the end."""
    title, title_line, doc_number, issuers, when = "", None, "", [], None
    title_matched = False  # the title is a 关于…的通知 form, not just the first short line
    posted = None  # the date of a copy's poster or editor (编辑: 某某 2019-03-14): the date only when none is printed
    header_end = len(lines)
    grid: dict[str, str] = {}  # what a metadata grid's fields say (kind → first value), above all else
    for i, line in enumerate(lines):
        if i in skip:
            continue
        s = line.text(text).strip()
        if fields := metadata_fields(s):
            for f in fields:
                grid.setdefault(f.kind, f.value) if f.value else None
            continue
        if not s or _BREADCRUMB_RE.fullmatch(s) or _METADATA_LINE_RE.match(s):
            continue
        if _is_body_line(s):
            header_end = i
            break
        if ANNEX_RE.match(s):  # 附件2: the label of an attachment, printed above its title
            continue
        if (m := _own_doc_number(s)) and not doc_number:
            doc_number = m.group(0).replace(" ", "")
            if not titled_with_note(s):  # a title with its 文号 after it gives both
                continue
        if (m := SOURCE_RE.match(s)) and not issuers:
            issuers = [m.group(1)]
            continue
        if (m := ISO_DATE_RE.search(s) or CN_DATE_RE.search(s)) and when is None and len(s) < 40:
            if _POSTER_RE.match(s):  # when a forum's poster or a page's editor put the copy up: not the document's
                posted = posted or _safe_date(*m.groups())
                continue
            when = _safe_date(*m.groups())
            continue
        if "关于" in s and not TITLE_RE.search(s) and (joined := _title_wrapped(text, lines, i, skip)):
            s = joined  # a title broken over two lines, as PDFs extract it
        if m := TITLE_RE.search(s):
            found = titled_with_note(s) or m.group(0)
            prefix = s[: m.start()].strip()
            if prefix and not issuers:
                issuers = [p for p in re.split(r"\s+", prefix) if p]
            if not title or not title_matched or len(found) <= len(title):
                title, title_line, title_matched = found, i, True
        elif ISSUER_RE.match(s) and not title_matched:
            issuers = issuers or [s]  # the issuing office printed above the title, not the title
        elif not title and len(s) <= 60 and not s.endswith(("。", ":", "：")):  # an addressee list is no title
            title, title_line = s.strip("《》"), i
    title, title_line, doc_number, issuers, when = _grid_header(grid, title, title_line, doc_number, issuers, when)
    closings = closing_blocks(text, lines, skip)
    # a cover notice's closing block whose 附件: list numbers its titles (2.…) is no body: the body starts after it
    header_end = next((start for start, end in closings.items() if start < header_end < end), header_end)
    signature_issuers, signature_date = _signature(text, lines, skip, closings)
    if signature_issuers and not issuers:
        issuers = signature_issuers
    when = signature_date or when or _grid_date(text, lines, skip)
    first = next((lines[k].text(text).strip() for k in range(header_end, len(lines))
                  if k not in skip and lines[k].text(text).strip()), "")
    year, year_source = _year(text, doc_number, when, title, first)
    if posted is not None and when is None:
        when = posted
        if year is None:  # a year the text names (its title in the body, 监利县2018年…清单) is the better guess
            year, year_source = posted.year, "date"
    return Header(cjk_unspaced(title), title_line, doc_number, tuple(issuers), when, year, header_end, closings,
                  year_source)


# What a page prints after a field's value on its line: other labels no grid knows (发布时间:…, 浏览次数:, 点击:…)
_PAGE_LABEL_RE = re.compile(r"\s+[\u4e00-\u9fff]{2,6}\s*[:：].*$")


def _grid_header(grid: dict[str, str], title: str, title_line: int | None, doc_number: str, issuers: list[str],
                 when: date | None) -> tuple[str, int | None, str, list[str], date | None]:
    """The metadata grid's 标题, 文号 and date over what the lines around it gave: the page's <title> or a site name
    is no title where the grid names one; its 成文日期 before its 发文日期/发布日期. Its 发文机关 where no line gave
    the issuers."""
    if named := grid.get("title"):
        title, title_line = (m.group(0) if (m := TITLE_RE.search(named)) else named.strip("《》")), None
    if m := DOC_NUMBER_RE.search(grid.get("doc_number", "")):
        doc_number = m.group(0).replace(" ", "")
    if grid.get("issuer") and not issuers:  # not over the offices printed before the title (中共…办公厅 …办公厅 关于…)
        issuers = [p for p in re.split(r"[\s、,，]+", _PAGE_LABEL_RE.sub("", grid["issuer"])) if p]
    for kind in ("written", "issued", "effective"):
        if m := ISO_DATE_RE.search(grid.get(kind, "")) or CN_DATE_RE.search(grid.get(kind, "")):
            return title, title_line, doc_number, issuers, _safe_date(*m.groups()) or when
    return title, title_line, doc_number, issuers, when


# The closing block of a notice, after its last task and part of none: the issuing office alone on a line (the
# 落款, often right-aligned), the date (2026年11月5日, 二〇二六年十一月五日), (此件公开发布) and (联系人:… 电话:…) notes,
# 抄送: lines, the 印发 line (青岛市人民政府办公厅 2024年3月1日印发), an 附件: list of the annexes' titles and the
# closing formula that may open the block (特此通知。).
_CN_YEAR = "[〇零○一二三四五六七八九]{4}"
_ANY_DATE = (rf"(?:{CN_DATE_RE.pattern}"
             rf"|{_CN_YEAR}\s*年\s*[{CN_NUM}]{{1,2}}\s*月\s*[{CN_NUM}]{{1,3}}\s*日)")
_CLOSING_DATE_RE = re.compile(rf"[(（]?{_ANY_DATE}[)）]?")
_CLOSING_NOTE_RE = re.compile(r"[(（]\s*(?:此件|本件|联系人|联系电话|联系方式)[^()（）]*[)）]")
_COPY_RE = re.compile(r"(?:抄\s*送|抄\s*报)\s*[:：]\s*\S.*")
_PRINTED_RE = re.compile(rf".{{0,60}}?{_ANY_DATE}\s*印\s*发")
_FORMULA_RE = re.compile(r"特?此(?:通知|通报|函告|函复|批复|公告|通告|报告)[。.]?")
_ANNEX_LIST_RE = re.compile(r"附\s*件\s*[:：]\s*\S.*|附\s*件\s*[:：]")
_ANNEX_OPENS_RE = re.compile(r"附\s*件")
_ANNEX_ITEM_MAX = 60  # an annex's title in the list is short and no sentence


def _closing_kind(s: str, previous: str | None, broken: bool = False) -> str | None:
    """What part of a closing block line ``s`` (stripped) is, or None when it is none. After an 附件: list
    (``previous``), a short title, numbered or not, continues it; after a 抄送: line ``broken`` after a comma or
    a 、, a short line of names."""
    bare = re.sub(r"\s+", "", s)
    if _CLOSING_DATE_RE.fullmatch(bare):
        return "date"
    if _PRINTED_RE.fullmatch(bare):
        return "printed"
    if _CLOSING_NOTE_RE.fullmatch(bare):
        return "note"
    if _COPY_RE.fullmatch(s):
        return "copy"
    if _FORMULA_RE.fullmatch(bare):
        return "formula"
    if _ANNEX_LIST_RE.fullmatch(s):
        return "annex-list"
    short = len(s) <= _ANNEX_ITEM_MAX
    if previous == "annex-list" and short and TASK_RE.match(s) and "。" not in s:
        return "annex-list"
    if previous == "copy" and broken and short and not TASK_RE.match(s):
        return "copy"  # the names a 抄送: line broke onto the next
    if ISSUER_RE.match(bare):
        return "office"
    parts = s.rsplit(None, 1)  # the office and the date on one line
    if len(parts) == 2 and ISSUER_RE.match(re.sub(r"\s+", "", parts[0])) and _CLOSING_DATE_RE.fullmatch(parts[1]):
        return "date"
    if previous == "annex-list" and short and not re.search(r"[。;；:：]", s):
        return "annex-list"  # a title without a number, or the end of one broken over two lines
    return None


def _annex_title(s: str) -> str:
    """The title an 附件: list names on line ``s``, without the 附件: and the number (附件:1. 《X》 → X)."""
    s = re.sub(r"^附\s*件\s*[:：]\s*", "", s)
    if m := TASK_RE.match(s):
        s = s[m.end():]
    return s.strip().strip("《》")


def closing_end(text: str, lines: list[Line], i: int, skip: set[int]) -> int | None:
    """When line ``i`` opens the closing block of the document (see above), the index of the first line after
    it, else None. The block must run to the end of the text, or to an annex whose body follows (附件1 …, or
    a title its 附件: list names); an office's name counts only with a date after it (a unit alone on a line
    after a task is its attribution)."""
    kinds, titles, j, broken = [], set(), i, False
    while j < len(lines):
        s = lines[j].text(text).strip()
        if j in skip or not s:
            j += 1
            continue
        kind = _closing_kind(s, kinds[-1] if kinds else None, broken)
        if kind is None:
            break
        if kind == "annex-list":
            titles.add(_annex_title(s))
        kinds.append(kind)
        broken = s.endswith((",", "，", "、"))
        j += 1
    after = lines[j].text(text).strip() if j < len(lines) else ""
    if not kinds or (after and not _ANNEX_OPENS_RE.match(after) and after.strip("《》") not in titles):
        return None
    dated = [k for k, kind in enumerate(kinds) if kind in ("date", "printed")]
    offices = [k for k, kind in enumerate(kinds) if kind == "office"]
    if offices and (not dated or offices[-1] > dated[-1]):
        return None
    return j


def closing_blocks(text: str, lines: list[Line], skip: set[int]) -> dict[int, int]:
    """Every closing block of the text (``closing_end``): its first line's index → the index after it."""
    blocks, i = {}, 0
    while i < len(lines):
        if i not in skip and lines[i].text(text).strip() and (end := closing_end(text, lines, i, skip)) is not None:
            blocks[i], i = end, end
        else:
            i += 1
    return blocks


def _signature(text: str, lines: list[Line], skip: set[int],
               closings: dict[int, int]) -> tuple[list[str], date | None]:
    """Issuer lines followed by a date line at the end of the document, or else in its last dated closing block
    (the 落款 of a notice whose annexes follow it; the date in Arabic or Chinese numerals, or on the office's
    line)."""
    tail = [ln.text(text).strip() for i, ln in enumerate(lines) if i not in skip and ln.text(text).strip()][-6:]
    found = _dated_issuers(tail)
    for start, end in reversed(closings.items()):
        if found[1] is not None:
            break
        found = _dated_issuers([ln.text(text).strip() for i, ln in enumerate(lines[start:end], start)
                                if i not in skip and ln.text(text).strip()])
    return found


def _dated_issuers(tail: list[str]) -> tuple[list[str], date | None]:
    """The last date line of ``tail`` and the issuer lines right above it."""
    for k in range(len(tail) - 1, -1, -1):
        if _closing_kind(tail[k], None) == "date" and (when := closing_date(tail[k])) is not None:
            names = tail[k].rsplit(None, 1)[:-1]
            for line in reversed(tail[:k]):
                if not ISSUER_RE.match(line):
                    break
                names.insert(0, line)
            return names, when
    return [], None


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}


def closing_date(s: str) -> date | None:
    """The date a closing line prints: 2026年11月5日, or 二〇二六年十一月五日."""
    if m := CN_DATE_RE.search(s):
        return _safe_date(*m.groups())
    if m := re.search(rf"({_CN_YEAR})\s*年\s*([{CN_NUM}]{{1,2}})\s*月\s*([{CN_NUM}]{{1,3}})\s*日", s):
        year = "".join(_CN_DIGITS[c] for c in m.group(1))
        return _safe_date(year, str(cn_number(m.group(2))), str(cn_number(m.group(3))))
    return None


# A page's metadata printed above the body, in a grid (发布单位 | 区政府 | 发文日期 | 2022-07-14 |) or as a list of
# keyed lines, the key in brackets or before a colon and the list maybe numbered (5. [成文日期] 2016-06-08,
# 【发布日期】2016-06-13, • 生成日期:2021-03-23): the date right after a date key; 实施日期 is no date of the document.
_GRID_DATE_RE = re.compile(r"[\[【]?(?:成文|发文|印发|发布|生成)日期[\]】]?\s*[|:：]?\s*")
_LISTED_KEY_RE = re.compile(r"\s*(?:\d{1,2}\s*[.、．]|[•·*-])?\s*(?=[\[【]?(?:成文|发文|印发|发布|生成)日期)")
_GRID_LINES = 12


def _grid_date(text: str, lines: list[Line], skip: set[int]) -> date | None:
    """The date a metadata row or keyed line names (发文日期 | 2022-07-14 |, [成文日期] 2016-06-08), in the page's
    first lines: a grid's key anywhere in its row, a listed key opening its line."""
    for i, line in enumerate(lines[:_GRID_LINES]):
        s = line.text(text)
        if i in skip:
            continue
        at = 0 if is_table_line(s) else (m.end() if (m := _LISTED_KEY_RE.match(s)) else None)
        if at is not None and (key := _GRID_DATE_RE.search(s, at)) and (at == 0 or key.start() == at):
            if m := ISO_DATE_RE.match(s, key.end()) or CN_DATE_RE.match(s, key.end()):
                return _safe_date(*m.groups())
    return None


# What a paragraph cites: the titles of other documents (《…2021年…》) and their numbers (〔2021〕5号).
_CITED_RE = re.compile(r"《[^《》]*》|[〔\[(【]\s*(?:19|20)\d\d\s*[〕\])】]")


def _years_named(text: str) -> set[int]:
    return {int(y) for y in YEAR_RE.findall(text)} | {
        int("".join(_CN_DIGITS[c] for c in y)) for y in _CN_YEAR_RE.findall(text)}


# A Taiwan document dates itself by the ROC calendar near its top (中華民國112年3月15日…函訂定): year 112 is 2023.
_ROC_DATED_RE = re.compile(r"(?:中[華华])?民[國国]\s*([0-9]{2,3})\s*年\s*[0-9]{1,2}\s*月")
_ROC_LEAD = 400  # how far into the text the date of a Taiwan document is looked for


def _year(text: str, doc_number: str, when: date | None, title: str = "", first: str = "") -> tuple[int | None, str]:
    """The year and where it was read: the 文号's year, else the date's, else the one year the title names
    (2023年度工作要点, 二〇二三年…), else the one year the first paragraph names; else a guess, said as one: the year
    the text names most, failing that the latest year of the documents it cites (根据…(昆政发〔2016〕13号)): a
    document is not older than what it implements. A title or paragraph naming two years (2021—2025年) names none
    alone."""
    if m := DOC_NUMBER_RE.search(doc_number):
        return int(m.group(1)), "文号"
    if when:
        return when.year, "date"
    if m := _ROC_DATED_RE.search(text[:_ROC_LEAD]):
        return int(m.group(1)) + 1911, "date"
    if len(named := _years_named(title)) == 1:
        return named.pop(), "title"
    if len(named := _years_named(_CITED_RE.sub("", first[:200]))) == 1:  # what it cites is older: no part of its year
        return named.pop(), f"its first paragraph ({first[:24]!r}…)"
    years = [int(y) for y in YEAR_RE.findall(text[:5000])]
    if years:
        year = max(set(years), key=years.count)
        return year, f"the year its text names most ({years.count(year)} of {len(years)} years named)"
    cited = [int(m.group(1)) for m in DOC_NUMBER_RE.finditer(text[:5000])]
    return (max(cited), "the latest 文号 it cites") if cited else (None, "")


def next_nonblank(text: str, lines: list[Line], i: int, skip: set[int]) -> tuple[int, Line] | None:
    """The next line after ``i`` with text, within three lines, and its index; None if there is none."""
    for j in range(i + 1, min(i + 4, len(lines))):
        if j not in skip and lines[j].text(text).strip():
            return j, lines[j]
    return None


def annex_of_people_title(text: str, lines: list[Line], i: int, skip: set[int]) -> int | None:
    """The index of the title line when line ``i`` opens an annex listing people (附件 / …成员名单)."""
    if not ANNEX_RE.match(lines[i].text(text).strip()):
        return None
    title = next_nonblank(text, lines, i, skip)
    if title is None or not is_annex_of_people(lines[i].text(text), title[1].text(text)):
        return None
    return title[0]


def top_items_are_tasks(text: str, lines: list[Line], skip: set[int]) -> bool:
    """Whether the document's top-level items are its tasks: an item 一、 (三十四、…) that carries an attribution
    of its own and has no (一) or 1. item under it — a sentence (三十四、加快…建设。…(责任单位:X)), a title closed by
    its full stop with the duty run on after it (一、开展隐患排查整治。区应急局牵头,…) or a heading closed by its
    attribution (一、…(牵头单位:X)) before the next 一、. A heading with nothing of its own on its line
    (一、支持平台建设 over paragraphs each closed by an attribution) is a section, as are headings over numbered
    tasks: those documents keep their outline."""
    for k, line in enumerate(lines):
        s = line.text(text)
        if k in skip or (m := SECTION_RE.match(s)) is None or is_outline(s) or is_table_line(s):
            continue
        end = next((j for j in range(k + 1, len(lines)) if j not in skip and _numbered(lines[j].text(text))),
                   len(lines))
        if end < len(lines) and not SECTION_RE.match(lines[end].text(text)):
            continue  # a heading over (一), 1. or a table's rows
        own = _carries(s)
        if not own and not (title_run_on(text, line) or not is_section_heading_text(m.group(2))):
            continue
        if own or any(_carries(lines[j].text(text)) for j in range(k + 1, end) if j not in skip):
            return True
    return False


def title_run_on(text: str, line: Line) -> bool:
    """A section's title cut off the duty run on after its full stop on the same line (一、开展隐患排查整治 /
    。区应急局牵头,…: ``_section_title_then_duty``)."""
    return text.startswith("。", line.end)


def _numbered(s: str) -> bool:
    """A line that opens an item or heading of any level, or a table's row."""
    return bool(SECTION_RE.match(s) or ACTION_RE.match(s) or TASK_RE.match(s) or is_table_line(s))


def _carries(s: str) -> bool:
    """Whether a line states who does its work: a key, a role word closing a clause, 牵头 or a key's name, or a
    body charged with it (请内政部持续关心…)."""
    return HINT_RE.search(s) is not None or UNREAD_RE.search(s) is not None or CHARGE_HINT_RE.search(s) is not None
