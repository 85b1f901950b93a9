"""Word (.docx) → text, for ``ingest.read``: paragraphs and tables in document order, list numbers as Word shows
them (see the conventions in ``ingest.read``). Its own module so that python-docx is imported only when a Word
document is read."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from itertools import count
from typing import NamedTuple

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest import limits
from ingest.errors import InputError
from ingest.read import (
    _SPACE_RUN,
    NOT_WORD,
    _cell_text,
    _Extracted,
    _int,
    _looks_like_html,
    _maybe_int,
    _normalise_newlines,
    _one_line,
    _read_html,
    _row_line,
    _Slot,
)


def read_docx(data: bytes, name: str) -> _Extracted:
    if _looks_like_html(data):
        return _read_html(data, name)._replace(media_type="text/html")
    document = _open_docx(data, name)
    numbering = _WordNumbering(document)
    lines: list[str] = []
    deadline = time.monotonic() + limits.EXTRACT_TIME_BUDGET_S
    for n, block in enumerate(document.iter_inner_content(), start=1):
        if time.monotonic() > deadline:
            raise InputError(name, f"Word text extraction stopped at block {n} (paragraph or table): it took "
                                   f"more than {limits.EXTRACT_TIME_BUDGET_S:g} s, the limit")
        if isinstance(block, Paragraph):
            text = _normalise_newlines(block.text)
            lines.append(numbering.prefix(block._p, text) + text)
        else:
            lines.extend(_docx_table_rows(block, numbering))
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise InputError(name, "Word document has no text")
    return _Extracted("\n".join(lines), "")


def _open_docx(data: bytes, name: str) -> DocxDocument:
    """After ``check_source``: the bytes are a zip holding word/document.xml, within the limits."""
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML, KeyError and ValueError failures alike
        raise InputError(name, NOT_WORD + _one_line(exc)) from exc


def _docx_table_rows(table: Table, numbering: _WordNumbering) -> Iterator[str]:
    above: dict[int, _Slot | None] = {}  # grid column -> the cell last started there, for vertical merges
    order = count()
    for tr in table._tbl.tr_lst:
        slots: list[_Slot | None] = [None] * tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                slot = above.get(len(slots))
            else:
                slot = _Slot(next(order), _cell_text(_docx_cell_lines(tc, table, numbering)))
            above[len(slots)] = slot
            slots += [slot] * tc.grid_span
        line = _row_line(slots)
        if line:
            yield line


def _docx_cell_lines(tc: CT_Tc, table: Table, numbering: _WordNumbering) -> list[str]:
    """A cell's paragraphs, each with its list number (an auto-numbered 序号 column shows 1. 2. …)."""
    texts = ((p, Paragraph(p, table).text) for p in tc.iter(qn("w:p")))
    lines = (numbering.prefix(p, text) + text for p, text in texts)
    return [_SPACE_RUN.sub(" ", line).strip() for line in lines if line.strip()]


# Word list numbering. A paragraph's w:numPr (its own, else its style's, through basedOn) names a numbering
# instance (numId) and a level (ilvl); the instance points at an abstract definition whose w:lvl gives, per
# level, the start value, the number format (numFmt) and the text around the number (lvlText: "%1." shows
# level 0's counter followed by a dot, "%1.%2" two levels). Counters run per numId and level in document
# order, tables included; a level advancing restarts the levels below it. Not modelled: lvlRestart, isLgl,
# and Word's sharing of counters between numIds of one abstract definition (counts here are per numId).

_CHINESE_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_NO_NUMBER = frozenset({"bullet", "none"})
_MAX_STYLE_DEPTH = 10  # basedOn chains are short; a cycle in a broken file must not loop


class _Level(NamedTuple):
    start: int
    fmt: str  # w:numFmt, "decimal" when absent
    text: str | None  # w:lvlText; None when absent


_DEFAULT_LEVEL = _Level(1, "decimal", None)  # a level the definition does not describe


def _format_number(n: int, fmt: str) -> str:
    """A counter as Word writes it in ``fmt``. Decimal variants (full-width, zero-padded) come out in ASCII
    digits, the parser's spelling; ⑴ and ⒈ as their compatibility forms (1) and 1.; unknown formats as
    decimal, so a numbered paragraph never loses its number."""
    if fmt.startswith(("chineseCounting", "japaneseCounting", "ideographDigital")):
        return _chinese_number(n)
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: a … z, aa … zz
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


def _chinese_number(n: int) -> str:
    """一 … 十, 十一, 二十一 … 九十九; other values as digits (no policy outline runs past 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if not tens else "十" if tens == 1 else _CHINESE_DIGITS[tens] + "十"
    return head + (_CHINESE_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        repeat, n = divmod(n, value)
        out += numeral * repeat
    return out


def _attr(element: BaseOxmlElement | None, child: str, default: str | None = None) -> str | None:
    """The w:val of ``element``'s ``child`` (``w:start``, ``w:numFmt``, …)."""
    found = element.find(qn(child)) if element is not None else None
    return found.get(qn("w:val"), default) if found is not None else default


class _WordNumbering:
    """The list numbers Word shows before auto-numbered paragraphs, counted as the document is read."""

    def __init__(self, document: DocxDocument) -> None:
        self._styles = document.styles.element
        # looked up once: python-docx scans every style per call (minutes for a long document)
        self._by_id: dict[str, BaseOxmlElement] = {}
        for style in self._styles.findall(qn("w:style")):
            self._by_id.setdefault(style.get(qn("w:styleId")), style)
        self._default = self._styles.default_for(WD_STYLE_TYPE.PARAGRAPH)
        try:
            self._numbering: BaseOxmlElement | None = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            self._numbering = None
        self._levels: dict[int, dict[int, _Level]] = {}  # numId -> its levels, read once
        self._counts: dict[int, dict[int, int]] = {}  # numId -> level -> last number shown

    def prefix(self, p: CT_P, text: str) -> str:
        """The number before paragraph ``p`` ("1. ", "（一）", "(1)"), or "" when it has none. Every numbered
        paragraph advances its counter, an empty one too (Word shows it a number); only one with text gets
        the prefix, so an empty numbered paragraph adds no line."""
        num_id, level = self._num_pr(p)
        levels = self._levels_of(num_id) if num_id else {}
        if level not in levels or levels[level].fmt in _NO_NUMBER:
            return ""
        counts = self._advance(num_id, level, levels[level].start)
        return _render(levels, level, counts) if text.strip() else ""

    def _num_pr(self, p: CT_P) -> tuple[int, int]:
        """numId and ilvl, each from the paragraph or else its style chain; numId 0 means "not numbered"."""
        num_id, level = _num_pr_values(p.pPr)
        style = self._style(p.style) if p.style else self._default
        for _ in range(_MAX_STYLE_DEPTH):
            if style is None or (num_id is not None and level is not None):
                break
            style_num_id, style_level = _num_pr_values(style.pPr)
            num_id = style_num_id if num_id is None else num_id
            level = style_level if level is None else level
            style = self._style(style.basedOn_val)
        return num_id or 0, level or 0

    def _style(self, style_id: str | None) -> BaseOxmlElement | None:
        return self._by_id.get(style_id) if style_id else None

    def _levels_of(self, num_id: int) -> dict[int, _Level]:
        if num_id not in self._levels:
            self._levels[num_id] = self._read_levels(num_id)
        return self._levels[num_id]

    def _read_levels(self, num_id: int, linked: bool = False) -> dict[int, _Level]:
        """The levels of instance ``num_id``: its abstract definition's, with the instance's overrides. An
        abstract definition that only links a numbering style (w:numStyleLink) takes that style's list."""
        num = self._find("w:num", "w:numId", num_id)
        abstract = self._find("w:abstractNum", "w:abstractNumId", _attr(num, "w:abstractNumId"))
        levels = {_int(lvl.get(qn("w:ilvl")), 0): _level(lvl) for lvl in _children(abstract, "w:lvl")}
        link = _attr(abstract, "w:numStyleLink")
        if not levels and link and not linked:
            linked_id, _ = _num_pr_values(getattr(self._style(link), "pPr", None))
            levels = self._read_levels(linked_id, linked=True) if linked_id else {}
        for override in _children(num, "w:lvlOverride"):
            _apply_override(levels, override)
        return levels

    def _find(self, tag: str, id_attr: str, value: int | str | None) -> BaseOxmlElement | None:
        if self._numbering is None or value is None:
            return None
        return next((e for e in _children(self._numbering, tag) if e.get(qn(id_attr)) == str(value)), None)

    def _advance(self, num_id: int, level: int, start: int) -> dict[int, int]:
        counts = self._counts.setdefault(num_id, {})
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [lower for lower in counts if lower > level]:
            del counts[deeper]
        return counts


def _render(levels: dict[int, _Level], level: int, counts: dict[int, int]) -> str:
    """lvlText with each %N replaced by level N-1's counter in that level's format; "N. " when lvlText is
    missing. A number ending in "." gets a space ("1. "), as the parser's tasks are printed; （一） and (1) are
    read without one."""
    own = levels[level]
    if own.text is None:
        return f"{counts[level]}. "

    def number(m: re.Match) -> str:
        shown = int(m.group(1)) - 1
        defined = levels.get(shown, _DEFAULT_LEVEL)
        return _format_number(counts.get(shown, defined.start), defined.fmt)

    rendered = re.sub(r"%([1-9])", number, own.text).strip()
    return rendered + " " if rendered.endswith(".") else rendered


def _apply_override(levels: dict[int, _Level], override: BaseOxmlElement) -> None:
    """A numbering instance's w:lvlOverride: a whole new w:lvl, or a w:startOverride (restart at a value)."""
    level = _int(override.get(qn("w:ilvl")), 0)
    replaced = override.find(qn("w:lvl"))
    levels[level] = _level(replaced) if replaced is not None else levels.get(level, _DEFAULT_LEVEL)
    start = _attr(override, "w:startOverride")
    if start is not None:
        levels[level] = levels[level]._replace(start=_int(start, levels[level].start))


def _num_pr_values(ppr: BaseOxmlElement | None) -> tuple[int | None, int | None]:
    """numId and ilvl of a w:pPr's w:numPr, None where absent. Read as raw attributes, so a malformed value
    in a broken file means "not given" instead of an exception from python-docx's typed properties."""
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    return _maybe_int(_attr(num_pr, "w:numId")), _maybe_int(_attr(num_pr, "w:ilvl"))


def _children(element: BaseOxmlElement | None, tag: str) -> list[BaseOxmlElement]:
    return element.findall(qn(tag)) if element is not None else []


def _level(lvl: BaseOxmlElement) -> _Level:
    fmt = _attr(lvl, "w:numFmt") or _DEFAULT_LEVEL.fmt
    return _Level(_int(_attr(lvl, "w:start"), 1), fmt, _attr(lvl, "w:lvlText"))




