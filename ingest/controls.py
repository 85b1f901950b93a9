"""Characters that must never reach a terminal or a page as themselves, declared once: a document's text (a web
page's ``&#x1b;]0;…&#x07;``, a character of a .docx or PDF) and a file's name are the sender's, and an escape
sequence printed by ``policykg ingest`` retitles or clears the reader's terminal, a right-to-left override shows
``a\u202egnp.txt`` as ``atxt.png``.

C0 controls other than tab, newline, vertical tab and form feed, DEL, C1 controls, the bidirectional embeddings,
overrides and isolates, the noncharacters U+FFFE and U+FFFF and lone surrogates each become U+FFFD; vertical tab
and form feed (a PDF's page break copied as text) become a space. One character for one, so no offset into a
text moves, and what is left is text every export can write (XML 1.0 and spreadsheets refuse the rest).
"""

from __future__ import annotations

import re

# A text file holding any of these (C0 controls but tab, newlines, VT, FF and CR; DEL; C1) is not text: read.py
# refuses it as binary. Text that is read (a page, a .docx, a PDF, a name) has them, and the bidi ones, replaced.
BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UNSHOWN = re.compile("[\x00-\x08\x0d-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_PAGE_BLANKS = str.maketrans("\x0b\x0c", "  ")


def neutralised(text: str) -> str:
    """``text`` with every control, bidi override and noncharacter replaced by U+FFFD and vertical tab and form
    feed by a space (same length)."""
    return _UNSHOWN.sub("\ufffd", text.translate(_PAGE_BLANKS))
