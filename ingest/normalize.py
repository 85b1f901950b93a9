"""Normalise text for matching while keeping a map back to the original offsets.

Width and space normalisation is one character for one character, so it never moves an offset. Traditional ->
Simplified (OpenCC) is almost always one for one too; when a phrase conversion changes the length, the map is
rebuilt by aligning the two strings, so every offset in the normalised text still points into the original.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

# The brackets an attribution stands in, after width normalisation; the parser's one home for them.
OPENERS = "(〔【["
CLOSERS = ")〕】]"

# A table row as the readers write it (``ingest.read``): its cells joined by CELL_SEPARATOR, and a '|' or '｜'
# printed inside a cell written as CELL_PIPE (U+2223 ∣, a bar no document rules a table with), which width
# normalisation leaves alone, so a cell's own text never becomes a column break in the text the table readers
# split. A text file's own '｜' folds to '|' like every full-width form: a table typed with it is a table.
CELL_SEPARATOR = "|"
CELL_PIPE = "\u2223"

_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}
# Full-width forms FF01..FF5E map to ASCII 21..7E. Chinese punctuation with no full-width twin is mapped to
# the ASCII the parser matches on; 、。《》“” and 〔〕 stay as they are (they carry meaning).
_EXTRA = {"\u2014": "\u2014", "\uff5e": "~"}


def without_radicals(text: str) -> str:
    """Radical code points as the characters they stand for, one for one (offsets stay): text extracted from a
    PDF whose font maps glyphs to them reads and shows as the document printed it."""
    for ch in set(_RADICAL_RE.findall(text)):
        text = text.replace(ch, _RADICALS[ch])
    return text


def _char_map(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in _SPACES:
        return " "
    return _EXTRA.get(ch, ch)


# Small and half-width forms item numbers and lists are printed with (1﹒, ⑴ is read by its own pattern).
_SMALL_FORMS = {"\ufe50": ",", "\ufe51": "、", "\ufe52": ".", "\ufe54": ";", "\ufe55": ":", "\ufe59": "(",
                "\ufe5a": ")", "\uff64": "、"}
# Radical code points PDF text extraction gives for ordinary characters when a font maps its glyphs to them
# (Noto CJK printed by Chromium: 5⽉底前, 区⽔务局, 森林防⽕): their compatibility form is the character.
# The supplement's radicals have no compatibility form; those standing for whole simplified characters do
# (Unicode's EquivalentUnifiedIdeograph.txt).
_SUPPLEMENT = dict(zip("⺁⺇⺌⺍⺝⺠⺧⺩⺮⺶⺷⺻⺼⻁⻄⻅⻆⻈⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻱⻳",
                       "厂几小小月民牛王竹羊羊聿肉虎西见角讠贝车長长门雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾齐齿龙龜龟",
                       strict=True))
_RADICALS = {chr(c): form for c in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6))
             if len(form := unicodedata.normalize("NFKC", chr(c))) == 1 and form != chr(c)} | _SUPPLEMENT
_WIDTH = ({chr(c): _char_map(chr(c)) for c in range(0xFF01, 0xFF5F)} | {s: " " for s in _SPACES}
          | _SMALL_FORMS | _RADICALS)
_WIDE = re.compile("[" + "".join(map(re.escape, sorted(_WIDTH))) + "]")
_RADICAL_RE = re.compile("[" + "".join(sorted(_RADICALS)) + "]")


def normalize_width(text: str, keep_tabs: bool = False) -> str:
    """Full-width ASCII forms and odd spaces to their plain forms; same length as the input. ``keep_tabs``
    leaves tabs for ``normalize`` to tell cell separators from spaces.

    One scan finds which of them occur, then each is replaced throughout (``str.translate`` with a table looks
    up every character of the text in Python and is ten times slower on Chinese text).
    """
    for ch in set(_WIDE.findall(text)):
        if ch != "\t" or not keep_tabs:
            text = text.replace(ch, _WIDTH[ch])
    return text


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


@dataclass(frozen=True)
class NormalizedText:
    """``text`` is what the parser matches on; ``original`` is ``PolicyDocument.text``."""

    text: str
    original: str
    traditional: bool
    _offsets: tuple[int, ...] | None = None  # None: identity map

    @property
    def identity(self) -> bool:
        """True when every offset of the normalised text is the same offset in the original."""
        return self._offsets is None

    def to_original(self, index: int) -> int:
        if self._offsets is None:
            return index
        return self._offsets[min(index, len(self._offsets) - 1)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        offsets = self._offsets  # called for every span the parser reports: no method call per end
        if offsets is None:
            return start, end
        last = len(offsets) - 1
        return offsets[min(start, last)], offsets[min(end, last)]


def _align(original: str, converted: str) -> tuple[int, ...]:
    """Offsets of every converted character (plus the end) in the original, by sequence alignment."""
    offsets = [0] * (len(converted) + 1)
    matcher = difflib.SequenceMatcher(None, original, converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j1, j2):
            offsets[k] = i1 + (k - j1) if tag == "equal" else min(i1 + (k - j1) * max(i2 - i1, 1) // max(j2 - j1, 1), i2)
    offsets[len(converted)] = len(original)
    return tuple(offsets)


def _tabs(text: str) -> str:
    """Tabs between the cells of a pasted table become '|', the way readers write tables (the parser knows a
    table, and where the body starts, by its '|'); any other tab is a space. One for one, so offsets stay."""
    if "\t" not in text:
        return text
    from .tables import tab_separators  # the parser's tables, imported when a document is read: questions
    # use normalize_width and must not pay for the parser's modules (the lean query path)

    chars = list(text)
    for i in tab_separators(text):
        chars[i] = "|"
    return "".join(chars).replace("\t", " ")


def _joined_rows(text: str) -> str:
    """The rows of a grid printed a cell per line ('|' opening each cell, a lone '|' closing the row) each on one
    line (``broken_row_breaks``); each cell of a grid whose '|' closing it stands alone on the next line on one
    line with its '|' (``closing_bar_breaks``). One for one, so offsets stay; names broken over lines match with the spaces
    ignored."""
    from .tables import (  # (the lean query path: see _tabs)
        broken_row_breaks,
        closed_cell_grid_bars,
        closing_bar_breaks,
        loose_grid_bars,
        wrapped_cell_breaks,
    )

    # the bars of a grid whose rows do not line up under its header go too: its cells read one per line
    breaks = broken_row_breaks(text) + closing_bar_breaks(text) + loose_grid_bars(text) + closed_cell_grid_bars(text) \
        + wrapped_cell_breaks(text)
    if not breaks:
        return text
    chars = list(text)
    for i in breaks:
        chars[i] = " "
    return "".join(chars)


def _spaced_keys(text: str) -> str:
    """A key printed with a space for its colon (``attributions.KEY_BY_SPACE_RE``: 牵头单位 市发改委) with the colon,
    so every rule that reads keys reads it. One for one, so offsets stay."""
    if " " not in text:
        return text
    from .attributions import KEY_BY_SPACE_RE  # (the lean query path: see _tabs)

    chars: list[str] | None = None
    for m in KEY_BY_SPACE_RE.finditer(text):
        chars = chars if chars is not None else list(text)
        chars[m.start("space")] = ":"
    return text if chars is None else "".join(chars)


# A line's indent of full-width spaces that a wrong decoding turned into ?? (??1.加强…, ??一、…): spaces again.
_GARBLED_INDENT = re.compile(r"(?m)^[?\ufffd]{2,4}(?=[\u4e00-\u9fff(0-9])")


def _garbled_indents(text: str) -> str:
    """?? that opens a line before its text is an indent, not text. One for one, so offsets stay."""
    if "??" not in text and "\ufffd\ufffd" not in text:
        return text
    return _GARBLED_INDENT.sub(lambda m: " " * len(m.group()), text)


# A page's furniture between two wrapped lines of a PDF: "— 2 —", "- 2 -", "第2页", "2".
_PAGE_MARK = re.compile(r"\s*(?:[-—–]+\s*\d{1,4}\s*[-—–]+|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4})\s*")
# A line that starts something new: a task number or a heading; a bracket is never joined across it.
_NEW_ITEM = re.compile(r"\s*(?:\d{1,3}\s*[.、)]|\(\s*[\d一二三四五六七八九十]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*、"
                       r"|[\u2460-\u249b])")
_WRAP_LOOKAHEAD = 3  # lines a wrapped bracket may run on for


def _join_wrapped_brackets(text: str) -> str:
    """PDFs and hard-wrapped text break lines inside an attribution: (牵头单位:市交通运输\n局;完成时\n限:…).
    The parser reads a bracket on one line, so the line breaks inside a bracket that closes within the next few
    lines, with nothing new starting in between, become spaces, and page marker lines there become blanks.
    One for one: offsets stay, and names and keys match with the spaces ignored."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    chars: list[str] | None = None
    i = 0
    while i < len(lines):
        wrap = _wrapped(lines, i) if _may_end_open(lines[i]) and _depth(lines[i]) > 0 else None
        if wrap is None:
            i += 1
            continue
        last, markers = wrap
        chars = chars if chars is not None else list(text)
        for j in range(i + 1, last + 1):
            chars[starts[j] - 1] = " "  # the newline ending line j - 1
        for j in markers:
            chars[starts[j] : starts[j] + len(lines[j])] = " " * len(lines[j])
        i = last + 1
    return text if chars is None else "".join(chars)


def _may_end_open(line: str) -> bool:
    """More openers than closers: the cheap test that spares most lines the character walk of ``_depth``."""
    return sum(map(line.count, OPENERS)) > sum(map(line.count, CLOSERS))


def _depth(line: str, depth: int = 0) -> int:
    for ch in line:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
    return depth


def _wrapped(lines: list[str], i: int) -> tuple[int, list[int]] | None:
    """For a bracket left open at the end of line ``i``: the line that closes it, if that is near and nothing new
    starts before it, and the page marker lines on the way; None otherwise."""
    depth, markers = _depth(lines[i]), []
    for j in range(i + 1, min(i + 1 + _WRAP_LOOKAHEAD, len(lines))):
        line = lines[j]
        if line.strip() and _PAGE_MARK.fullmatch(line):
            markers.append(j)
            continue
        if not line.strip() or _NEW_ITEM.match(line):
            return None
        depth = _depth(line, depth)
        if depth == 0:
            return j, markers
    return None


# Pinyin a web copy prints after characters (市經(jīng)貿(mào)委): one syllable with a tone mark, in brackets.
_RUBY = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}\)")


def _without_ruby(text: str) -> tuple[str, list[int] | None]:
    """The text without pinyin annotations, and for each of its characters (plus the end) where it was."""
    if "(" not in text or _RUBY.search(text) is None:
        return text, None
    kept, last, parts = [], 0, []
    for m in _RUBY.finditer(text):
        parts.append(text[last : m.start()])
        kept += range(last, m.start())
        last = m.end()
    parts.append(text[last:])
    kept += range(last, len(text) + 1)
    return "".join(parts), kept


# A bracket opened by a full-width （ closes at its full-width ） when one follows on the line: an ASCII ( or ) inside
# it that no bracket of its own kind pairs with (a pasted fragment, markup, a typo: …、市商务局'}) RETURN 1 //；
# 完成时限：…） is a character of its text, not the bracket's end, so the keys after it are read. They are written
# as these marks in the text the parser matches on (one for one: no offset moves); the original keeps them.
_FULL_OPEN, _FULL_CLOSE = "\uff08", "\uff09"
_STRAY_MARKS = {"(": "\u2768", ")": "\u2769"}  # ❨ ❩: no bracket, no separator, no part of a unit's name
_FULL_BRACKETED = re.compile(r"\uff08[^\uff08\uff09\n]*[()][^\n]*\uff09")


def _stray_ascii_brackets(text: str) -> str:
    """``text`` with the ASCII brackets that pair with nothing inside a full-width （…） on one line as ❨ ❩."""
    if _FULL_OPEN not in text or _FULL_BRACKETED.search(text) is None:
        return text
    chars: list[str] | None = None
    for m in _FULL_BRACKETED.finditer(text):
        for i in _unpaired_inside(text, m.start(), m.end()):
            chars = chars if chars is not None else list(text)
            chars[i] = _STRAY_MARKS[text[i]]
    return text if chars is None else "".join(chars)


def _unpaired_inside(text: str, start: int, end: int) -> list[int]:
    """The ASCII brackets pairing with nothing inside each top-level full-width pair in text[start:end]."""
    found, depth, opened, ascii_open, pair = [], 0, -1, [], []
    for i in range(start, end):
        ch = text[i]
        if ch == _FULL_OPEN:
            depth += 1
            opened = i if depth == 1 else opened
        elif ch == _FULL_CLOSE and depth:
            depth -= 1
            if depth == 0:
                found += _strays(sorted(pair + ascii_open), text)
                ascii_open, pair = [], []
        elif depth and ch == "(":
            ascii_open.append(i)
        elif depth and ch == ")":
            if ascii_open:
                ascii_open.pop()
            else:
                pair.append(i)
    return found if depth == 0 else [i for i in found + pair if i < opened]


def _strays(marks: list[int], text: str) -> list[int]:
    """Unpaired ASCII marks inside one full-width pair that alternate ) ( … ) ( are brackets whose two ends were
    typed in different widths ((X负责) 。…(Y负责）, one after the other on a line: each its own bracket, as a reader
    sees them), not strays; any other unpaired mark is one."""
    if len(marks) % 2 == 0 and all(text[i] == ")(" [k % 2] for k, i in enumerate(marks)):
        return []
    return marks


# A text file copied from a PDF keeps the page's line breaks inside its paragraphs (区域教育中心建设的开局之年,全市教育系统坚持以习近
# 平新时代 / 中国特色…): a document is taken as wrapped by a page when most of its lines fill one width and few are wider.
_PAGE_COLUMNS_MAX = 100  # no page prints a line wider (CJK counting double); a longer line is a paragraph of its own
_WIDE_SHARE_MAX = 0.1  # of the lines with text, at most this many wider than the page
_FULL_SHARE_MIN = 0.4  # of the lines no wider than the page, at least this many fill it
_FULL_LINES_MIN = 4


def _page_width(widths: list[int]) -> int | None:
    """The width most lines of a page fill (``widths``: its lines with text, in order), None if there is none: the
    widest that at least some share of the lines no wider fill, with few lines wider, or the wider ones all above
    the first line that fills it (a site's chrome over a page's text: 您的浏览器不支援JavaScript功能…, 列印 tools)."""
    from .read import _FULL_LINE, _MIN_PAGE_WIDTH  # (the lean query path: see _tabs)

    for page in sorted({w for w in widths if _MIN_PAGE_WIDTH <= w <= _PAGE_COLUMNS_MAX}, reverse=True):
        filling = [i for i, w in enumerate(widths) if _FULL_LINE * page <= w <= page]
        if len(filling) < _FULL_LINES_MIN:
            continue
        wider = [i for i, w in enumerate(widths) if w > page]
        chrome = len(wider) > _WIDE_SHARE_MAX * len(widths)
        if chrome and any(i > filling[0] for i in wider):
            continue
        # the share the text's lines fill, counted from the first that fills the page where a chrome stands above it
        narrow = [w for w in widths[filling[0] if chrome else 0:] if w <= page]
        if len(filling) >= _FULL_SHARE_MIN * len(narrow):
            return page
    return None


def _layout_wraps(text: str) -> tuple[str, list[int] | None]:
    """The text with the line breaks a page's layout made (``read.is_layout_wrap``, the rule PDFs are read by)
    taken out, so a paragraph, a name or an attribution broken over lines reads as one line; and for each of its
    characters (plus the end) where it was. Only in a document wrapped by a page (above); the spaces on both sides
    of such a break go too (one stays between two Latin letters or digits)."""
    if text.count("\n") < _FULL_LINES_MIN:
        return text, None
    from .read import display_width, is_layout_wrap  # (the lean query path: see _tabs)

    lines = text.split("\n")
    widths = [display_width(line.strip()) if line.strip() and "|" not in line else -1 for line in lines]
    page = _page_width([w for w in widths if w >= 0])
    if page is None:
        return text, None
    cuts: list[tuple[int, int, str]] = []  # (start, end, kept text) of each break taken out
    pos = 0
    for i, line in enumerate(lines[:-1]):
        end = pos + len(line)
        if widths[i] >= 0 and widths[i + 1] >= 0 and is_layout_wrap(line, lines[i + 1], page):
            head, tail = line.rstrip(), lines[i + 1].lstrip()
            latin = head[-1].isascii() and head[-1].isalnum() and tail[0].isascii() and tail[0].isalnum()
            cuts.append((pos + len(head), end + 1 + len(lines[i + 1]) - len(tail), " " if latin else ""))
        pos = end + 1
    if not cuts:
        return text, None
    parts, kept, last = [], [], 0
    for start, end, keep in cuts:
        parts += [text[last:start], keep]
        kept += range(last, start + len(keep))
        last = end
    parts.append(text[last:])
    kept += range(last, len(text) + 1)
    return "".join(parts), kept


def normalize(original: str) -> NormalizedText:
    widened = normalize_width(_stray_ascii_brackets(original), keep_tabs=True)
    simplified = to_simplified(widened)
    traditional = simplified != widened
    unwrapped, kept = _layout_wraps(simplified)  # first: pinyin broken off its character by a wrap is read too
    read, unruby = _without_ruby(unwrapped)
    if unruby is not None:
        kept = unruby if kept is None else [kept[k] for k in unruby]
    text = _tabs(read)  # after simplifying: a Traditional header row (序號) is recognised too
    text = _spaced_keys(_join_wrapped_brackets(_garbled_indents(_joined_rows(text))))
    if len(simplified) == len(original) and kept is None:
        return NormalizedText(text, original, traditional)
    offsets = tuple(range(len(simplified) + 1)) if len(simplified) == len(original) else _align(widened, simplified)
    return NormalizedText(text, original, traditional, offsets if kept is None else tuple(offsets[k] for k in kept))


# The page number a document viewer's text layer prints where a page breaks, opening the line a name goes on on
# (高新园(邹区镇 / 2、)各街道): no part of the name.
_PAGE_BREAK_NUMBER = re.compile(r"\n[ \t\u3000]*\d{1,3}、")


def unspaced(text: str) -> str:
    """A Chinese name or phrase as printed, without the whitespace a page's layout put inside it: the line breaks
    of a PDF and the spaces it sets between characters and digits (2026 年\n5 月底前 → 2026年5月底前). Such text
    prints no space of its own; this is how names and deadline phrases are shown and stored."""
    return "".join(text.split())


# whitespace with a Chinese character or full-width mark on either side: a PDF's layout, never the writer's
_SPACE_BY_CJK = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def cjk_unspaced(text: str) -> str:
    """A line of Chinese prose as printed, without the spaces a PDF set between its characters and digits
    (落实 2026 年省重点工作 → 落实2026年省重点工作); spaces between Latin words stay (Smart City)."""
    return _SPACE_BY_CJK.sub("", text)


def normalize_name(name: str) -> str:
    """The key a unit or concept name is looked up by: ``unspaced`` (no line break a PDF left inside it, nor the
    page number a viewer printed after it)."""
    return unspaced(_without_ruby(to_simplified(normalize_width(_PAGE_BREAK_NUMBER.sub("", name))))[0])
