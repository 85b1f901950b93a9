"""Characters that must never reach a terminal or a page as themselves, declared once: a document's text (a web
page's ``&#x1b;]0;…&#x07;``, a character of a .docx or PDF) and a file's name are the sender's, and an escape
sequence printed by ``policykg ingest`` retitles or clears the reader's terminal, a right-to-left override shows
``a\u202egnp.txt`` as ``atxt.png``.

C0 controls other than tab, newline, vertical tab and form feed (the last two are blanks the readers already
read as spaces), DEL, C1 controls and the bidirectional embeddings, overrides and isolates each become U+FFFD:
one character for one, so no offset into a text moves.
"""

from __future__ import annotations

import re

# A text file holding any of these (C0 controls but tab, newlines, VT, FF and CR; DEL; C1) is not text: read.py
# refuses it as binary. Text that is read (a page, a .docx, a PDF, a name) has them, and the bidi ones, replaced.
BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UNSHOWN = re.compile("[\x00-\x08\x0d-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def neutralised(text: str) -> str:
    """``text`` with every control and bidi override character replaced by U+FFFD (same length)."""
    return _UNSHOWN.sub("\ufffd", text)
