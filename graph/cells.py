"""Spreadsheet cells made from document text: what a spreadsheet would run stays text.

The OWASP CSV-injection rule: a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``,
``@SUM(…)``). Such a cell is neutralised: in CSV it gets a leading apostrophe, in xlsx it is stored as a string
with Excel's quote prefix (shown and kept as text, nothing added). A number is not a formula: ``-2`` and
``+3.5`` stay as they are.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def formula_like(value: object) -> bool:
    """True for text a spreadsheet would evaluate: starts like a formula and is not a plain number."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)


def csv_cell(value: object) -> object:
    """The value for a CSV writer: formula-like text behind an apostrophe, anything else unchanged."""
    return TEXT_PREFIX + value if formula_like(value) else value
