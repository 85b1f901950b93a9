"""Normalise text for matching while keeping a map back to the original offsets.

Width and space normalisation is one character for one character, so it never moves an offset. Traditional ->
Simplified (OpenCC) is almost always one for one too; when a phrase conversion changes the length, the map is
rebuilt by aligning the two strings, so every offset in the normalised text still points into the original.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .tables import tab_separators

_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}
# Full-width forms FF01..FF5E map to ASCII 21..7E. Chinese punctuation with no full-width twin is mapped to
# the ASCII the parser matches on; 、。《》“” and 〔〕 stay as they are (they carry meaning).
_EXTRA = {"\u2014": "\u2014", "\uff5e": "~"}


def _char_map(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in _SPACES:
        return " "
    return _EXTRA.get(ch, ch)


_WIDTH = {chr(c): _char_map(chr(c)) for c in range(0xFF01, 0xFF5F)} | {s: " " for s in _SPACES}
_WIDE = re.compile("[" + "".join(map(re.escape, sorted(_WIDTH))) + "]")


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
    chars = list(text)
    for i in tab_separators(text):
        chars[i] = "|"
    return "".join(chars).replace("\t", " ")


def normalize(original: str) -> NormalizedText:
    widened = normalize_width(original, keep_tabs=True)
    simplified = to_simplified(widened)
    traditional = simplified != widened
    text = _tabs(simplified)  # after simplifying: a Traditional header row (序號) is recognised too
    if len(simplified) == len(original):
        return NormalizedText(text, original, traditional)
    return NormalizedText(text, original, traditional, _align(widened, simplified))


def normalize_name(name: str) -> str:
    """The key a unit or concept name is looked up by."""
    return to_simplified(normalize_width(name)).replace(" ", "").strip()
