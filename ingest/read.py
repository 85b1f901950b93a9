"""Step 1 of the data flow: source bytes -> ``SourceText``.

The readers take bytes and a source name (used in messages and to pick the reader by its extension); they
never open files. Every offset the parser records is an offset into ``SourceText.text``, so nothing is removed
from that text after extraction: web boilerplate is *reported* as ``IgnoredSpan``s, never deleted.

Table convention (HTML and Word alike): one table row is one line, its cells joined by ``|`` with no padding,
as in ``1|推动…|张三|市工信局|全年``. A cell's own line breaks become single spaces, except an HTML ``<br>``
after an unpunctuated line, which separated list items and becomes ``、``; a ``|`` or ``｜`` inside a cell becomes
``∣`` (U+2223, ``normalize.CELL_PIPE``: normalising keeps it), so cell boundaries stay unambiguous in the text the
parser reads. A merged cell's text is repeated in every row it spans, so
each row reads on its own (序号 and 完成时限 merged over two rows belong to both) and keeps the table's column
count; across the columns it spans it stands once, in the first (a heading across the table is one cell, not
a task whose units and deadline are the heading). Tables used for page layout (containing tables, or a single
column) are read as ordinary blocks instead.

HTML ``<br>`` ends a line, except inside a bracket that closes later in the same block: the parser reads an
attribution bracket on one line, so there the ``<br>`` counts as a source line break (nothing between Chinese
characters, else a space).

List numbers the page or document shows but does not spell out are written into the text, because the
parser tells tasks apart by their numbers: each ``<li>`` of a decimal ``<ol>`` starts with ``N. `` (``start``
and ``value`` respected), and a Word paragraph numbered by Word's list numbering (``w:numPr``, its own or its
style's) starts with the number Word shows, rendered from the numbering definition's ``lvlText`` and
``numFmt`` (``%1.`` → ``1. ``, ``（%1）`` in ``chineseCounting`` → ``（一）``, ``(%1)`` → ``(1)``). These
prefixes are extracted text the source did not literally contain: offsets and spans over them point at the
number as displayed, which no byte of the source spells. Bullets get nothing.

An HTML page saved with a ``.docx`` name is read as HTML and reported with media type ``text/html``.

Before any reader runs, ``check_source`` checks the bytes against their name and the limits of
``ingest.limits`` (programs refused, archives and PDFs bounded); the store and the app call it on their own too,
before they keep anything.
"""

from __future__ import annotations

import bisect
import codecs
import io
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from itertools import count, pairwise
from types import MappingProxyType
from typing import NamedTuple

import charset_normalizer
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest import limits
from ingest.attributions import ENDS_IN_KEY_RE, LINE_KEY_RE
from ingest.controls import BINARY_CHARS, neutralised
from ingest.errors import InputError
from ingest.model import IgnoredSpan, ParseIssue, SourceText, Span
from ingest.normalize import CELL_PIPE, CELL_SEPARATOR
from ingest.structure import DOC_NUMBER_RE, metadata_fields

__all__ = ["check_source", "decode_text", "find_boilerplate", "read_source"]

BINARY = "looks like binary data, not text"
NO_TEXT_LAYER = "PDF 没有文字层(扫描件?),无法识别文字;PDF has no text layer (scanned?); OCR is not supported"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _BrokenBytes(NamedTuple):
    """A run of bytes that is not UTF-8 in an otherwise UTF-8 file, read as one U+FFFD."""

    start: int  # byte offsets in the file
    end: int
    at: int | None = None  # offset of its U+FFFD in the text, when known


class _Extracted(NamedTuple):
    text: str
    encoding: str
    ignored: tuple[IgnoredSpan, ...] = ()
    media_type: str | None = None  # when the content is not what the extension says (HTML named .docx)
    broken: tuple[_BrokenBytes, ...] = ()


def read_source(data: bytes, name: str) -> SourceText:
    """Read one source; every failure is an ``InputError`` whose problem is one line saying what is wrong."""
    ext = check_source(data, name)
    media_type, reader = _FORMATS[ext]
    found = reader(data, name)
    found = found._replace(text=neutralised(found.text))  # a page's &#x1b; is text, never a terminal's command
    ignored = {item.span: item for item in (*found.ignored, *find_boilerplate(found.text))}
    media_type = found.media_type or media_type
    return SourceText(found.text, media_type, found.encoding, tuple(ignored[s] for s in sorted(ignored)),
                      _broken_issues(found.text, found.broken))


# -------------------------------------------------------------------------------------------- the gate

NOT_WORD = "not a valid Word document: "
_EXECUTABLES = (  # magic numbers of loadable code: refused whatever the file is called
    (b"\x7fELF", "an ELF program or shared library"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O program"), (b"\xce\xfa\xed\xfe", "a Mach-O program"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O program"), (b"\xfe\xed\xfa\xce", "a Mach-O program"),
    (b"\xca\xfe\xba\xbe", "a Mach-O or Java program"), (b"\x00asm", "a WebAssembly module"),
)  # fmt: skip


_TO_DOCX = ("save it as .docx (Word or WPS: 另存为 Save As, .docx) or convert it: "
            "libreoffice --headless --convert-to docx FILE")
_CONVERT_HINTS = {  # formats offices send that policykg does not read: what to do with each
    **dict.fromkeys((".doc", ".wps", ".wpt", ".dot", ".rtf", ".odt"), _TO_DOCX),
    ".ofd": "an OFD document: export it as PDF (OFD reader: 另存为 PDF) and ingest the PDF",
    **dict.fromkeys((".xls", ".xlsx", ".et", ".ods", ".csv"),
                    "a spreadsheet: save the sheet as text (.txt, tab-separated) or as PDF"),
    **dict.fromkeys((".mht", ".mhtml"), "a web archive: save the page as .html"),
    **dict.fromkeys((".zip", ".rar", ".7z"), "an archive: unpack it and ingest the files inside"),
}


def convert_hint(name: str) -> str:
    """What to do with a file of a format policykg does not read but offices send (.doc, .ofd, .xls …); ""."""
    return _CONVERT_HINTS.get(os.path.splitext(name)[1].lower(), "")


def check_source(data: bytes, name: str) -> str:
    """Check a source before anything parses it; returns its extension (``.docx``), or raises ``InputError``.

    The kind is checked by content as well as by name: loadable code (ELF, Windows PE, Mach-O) is refused
    under any name, so no stored source is ever a program; a .docx must be a zip archive holding
    ``word/document.xml`` (or a saved web page), whose unpacked size and member count are bounded from the
    zip directory and again while unpacking, before any XML is parsed; a .pdf must start with ``%PDF-`` and
    have at most ``PDF_MAX_PAGES`` pages. Limits live in ``ingest.limits``.
    """
    ext = os.path.splitext(name)[1].lower()
    if ext not in _FORMATS:
        shown = f"'{ext}'" if ext else "(no extension)"
        hint = convert_hint(name)
        raise InputError(name, f"unknown file type {shown}; expected one of .txt, .html, .htm, .docx, .pdf"
                               + (f"; {hint}" if hint else ""))
    if not data:
        raise InputError(name, "文件是空的;file is empty")
    if len(data) > limits.MAX_SOURCE_BYTES:
        raise InputError(name, f"文件 {_mb(len(data))},超过上限 {_mb(limits.MAX_SOURCE_BYTES)};file is "
                               f"{_mb(len(data))}; the limit is {_mb(limits.MAX_SOURCE_BYTES)}")
    program = _executable(data)
    if program:
        raise InputError(name, f"this is {program}, not a document; refused")
    if ext == ".docx":
        _check_docx(data, name)
    elif ext == ".pdf":
        from ingest.read_pdf import open_pdf, pdf_pages_of

        pdf_pages_of(open_pdf(data, name), name)
    else:
        _check_text(data, name)
    if ext in (".html", ".htm") or (ext == ".docx" and _looks_like_html(data)):
        _check_html_depth(data, name)
    return ext


_NOT_TEXT = ((b"PK\x03\x04", "a zip archive (a Word document?)"), (b"%PDF-", "a PDF"))


def _check_text(data: bytes, name: str) -> None:
    """Documents of another kind named as text get a message naming their kind; other binary data is found
    when decoding."""
    kind = next((kind for magic, kind in _NOT_TEXT if data.startswith(magic)), None)
    if kind:
        raise InputError(name, f"this is {kind}, not text; give it its own extension (.docx, .pdf)")


# One tag as the HTML tokenizer reads it, in one forward pass whatever the bytes (possessive, and an unclosed quote,
# comment or raw text runs to the end): a comment, the raw text of script/style/textarea/title (whose "<div>" is
# text), or a start or end tag with its attributes (a quote starts a value only after "=", as in HTML).
_TAG = re.compile(
    rb"<!--(?:[^-]++|-(?!->))*+(?:-->|\Z)|<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b"
    rb"(?:[^<]++|<(?!/\1))*+(?:</\1|\Z)|<(/?)([a-zA-Z][^\s/>]*+)"
    rb"(?:[^>'\"=/]++|/(?!>)|=\s*+(?:\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z))?+)*+(/?)(?:>|\Z)",
    re.IGNORECASE,
)
# Elements that hold nothing, or that the next of their kind closes: they never nest deeper.
_FLAT_TAGS = frozenset(
    b"area base br col embed hr img input link meta param source track wbr "
    b"p li dt dd option optgroup tr td th tbody thead tfoot colgroup caption rb rt rp html head body".split()
)


def _check_html_depth(data: bytes, name: str) -> None:
    """Refuse a web page whose elements nest deeper than ``HTML_MAX_DEPTH``, counted from its tags before any
    parser sees it: the HTML parser's time grows much faster than the depth (60,000 <div>s in 660 KB: minutes).
    Each start tag opens, each end tag closes; elements that never nest (void ones, <p>, <li>, table cells) are
    not counted, nor tags inside comments and scripts."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        data = data.replace(b"\x00", b"")  # UTF-16: its tags are ASCII between NUL bytes
    if data.count(b"<") - data.count(b"</") <= limits.HTML_MAX_DEPTH:
        return  # too few start tags to nest that deep
    depth = 0
    for _raw, closing, element, empty in _TAG.findall(data):
        if not element or empty or element.lower() in _FLAT_TAGS:
            continue
        if closing:
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > limits.HTML_MAX_DEPTH:
            raise InputError(name, f"网页元素嵌套超过 {limits.HTML_MAX_DEPTH} 层,拒绝读取;the page nests its "
                                   f"elements more than {limits.HTML_MAX_DEPTH} deep (the limit); refused")


def _mb(size: int) -> str:
    return f"{size / limits.MB:.1f} MB"


def _executable(data: bytes) -> str | None:
    found = next((kind for magic, kind in _EXECUTABLES if data.startswith(magic)), None)
    if found is None and data.startswith(b"MZ") and len(data) >= 0x40:
        pe = int.from_bytes(data[0x3C:0x40], "little")
        found = "a Windows program" if data[pe : pe + 4] == b"PE\x00\x00" else None
    return found


def _check_docx(data: bytes, name: str) -> None:
    if _looks_like_html(data):
        return
    if data.startswith(_OLE_MAGIC):
        raise InputError(name, NOT_WORD + "this is an old .doc file; save it as .docx")
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(name, NOT_WORD + "File is not a zip file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, name)
    except InputError:
        raise
    except Exception as exc:  # zipfile raises BadZipFile, ValueError, NotImplementedError, EOFError...
        raise InputError(name, NOT_WORD + _one_line(exc)) from exc


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > limits.DOCX_MAX_MEMBERS:
        raise InputError(name, f"{NOT_WORD}it holds {len(members)} files; the limit is {limits.DOCX_MAX_MEMBERS}")
    _check_unpacked(name, sum(m.file_size for m in members), sum(m.file_size for m in members if _is_xml(m)))
    names = {m.filename for m in members}
    for required in ("[Content_Types].xml", "word/document.xml"):
        if required not in names:
            raise InputError(name, f"{NOT_WORD}There is no item named '{required}' in the archive")
    unpacked = xml = 0
    for member in members:  # the directory can lie: count what really comes out, a chunk at a time
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 16):
                unpacked += len(chunk)
                xml += len(chunk) if _is_xml(member) else 0
                _check_unpacked(name, unpacked, xml)


def _is_xml(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith((".xml", ".rels"))


def _check_unpacked(name: str, size: int, xml: int) -> None:
    for what, found, limit in (("", size, limits.DOCX_MAX_UNPACKED_BYTES), (" of XML", xml, limits.DOCX_MAX_XML_BYTES)):
        if found > limit:
            raise InputError(name, f"{NOT_WORD}it unpacks to more than {_mb(limit)}{what} (the limit), "
                                   f"{_mb(found)} so far; refused as a possible zip bomb")


# ---------------------------------------------------------------------------------------------------- text

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACK_CODECS = ("big5", "big5hkscs", "cp950", "gb18030", "hz", "utf_16", "cp1252")
_NOT_GB2312_MAX = 0.2  # Simplified text in GBK: ~1% outside GB2312; Big5 misread as GBK: ~60%


def _read_text(data: bytes, name: str) -> _Extracted:
    text, encoding, broken = _decode_text(data, name)
    if not text.strip():
        raise InputError(name, "file contains only whitespace")
    return _Extracted(text, encoding, broken=broken)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode and normalise newlines to ``\\n``; returns the text and the codec used (``utf-8-sig``: BOM).

    Order: BOM; UTF-16 without BOM when NUL bytes fall mostly on one parity; strict UTF-8; UTF-8 with its
    few broken bytes read as U+FFFD (a download cut mid-character, see ``_repair_utf8``); strict GB18030
    (a superset of GBK/GB2312) unless the result looks like misread Big5; charset-normalizer. A known limit:
    BOM-less UTF-16 made only of CJK characters has no NUL bytes and is left to charset-normalizer.
    """
    text, encoding, _ = _decode_text(data, name)
    return text, encoding


def _decode_text(data: bytes, name: str) -> tuple[str, str, tuple[_BrokenBytes, ...]]:
    text, encoding, broken = _decode(data)
    if text is None or BINARY_CHARS.search(text):
        raise InputError(name, BINARY)
    return _normalise_newlines(text), encoding, _after_newlines(text, broken)


def _decode(data: bytes) -> tuple[str | None, str, tuple[_BrokenBytes, ...]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is None and codec == "utf-8-sig":
                repaired, broken = _repair_utf8(data[len(bom) :], len(bom))
                return repaired, codec, broken
            return text, codec, ()
    if b"\x00" in data:
        codec = _utf16_by_nuls(data)
        return (_strict(data, codec), codec, ()) if codec else (None, "", ())
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", ()
    repaired, broken = _repair_utf8(data)
    if repaired is not None:
        return repaired, "utf-8", broken
    text, codec = _decode_legacy(data)
    return text, codec, ()


def _decode_legacy(data: bytes) -> tuple[str | None, str]:
    text = _strict(data, "gb18030")
    if text is not None and _mostly_gb2312(text):
        return text, "gb18030"
    return _guess(data) or (text, "gb18030")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


UTF8_REPAIR_MAX_SHARE = 0.25  # at most this share of a UTF-8 file's non-ASCII bytes may be broken
INVALID_BYTES = "invalid-bytes"  # the warning code for them
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # what surrogateescape makes of bytes that are not UTF-8


def _repair_utf8(data: bytes, offset: int = 0) -> tuple[str | None, tuple[_BrokenBytes, ...]]:
    """UTF-8 with a few broken bytes (a file cut mid-character, one damaged sector): each run of them becomes
    one U+FFFD and is reported. A text in another encoding is not UTF-8 with broken bytes: it has next to no
    valid multi-byte characters (GBK's byte pairs are almost never valid UTF-8), so it gets None here and
    goes on to the other codecs (GBK read as UTF-8: ~90% of its non-ASCII bytes broken)."""
    escaped = data.decode("utf-8", "surrogateescape")
    runs = list(_ESCAPED_BYTES.finditer(escaped))
    bad = sum(m.end() - m.start() for m in runs)
    wide = len(data) - len(escaped.encode("ascii", "ignore"))  # non-ASCII bytes, broken ones included
    if bad == wide or bad > UTF8_REPAIR_MAX_SHARE * wide:
        return None, ()
    pieces: list[str] = []
    broken: list[_BrokenBytes] = []
    last = byte = char = 0
    for m in runs:
        good = escaped[last : m.start()]
        byte, char = byte + len(good.encode("utf-8")), char + len(good)
        broken.append(_BrokenBytes(offset + byte, offset + byte + m.end() - m.start(), char))
        pieces += [good, "\ufffd"]
        byte, char, last = byte + m.end() - m.start(), char + 1, m.end()
    pieces.append(escaped[last:])
    return "".join(pieces), tuple(broken)


def _after_newlines(text: str, broken: tuple[_BrokenBytes, ...]) -> tuple[_BrokenBytes, ...]:
    """Text offsets moved to where they are once every ``\\r\\n`` is one ``\\n``."""
    out, seen, last = [], 0, 0
    for run in broken:
        seen += text.count("\r\n", last, run.at)
        out.append(run._replace(at=run.at - seen))
        last = run.at
    return tuple(out)


def _broken_issues(text: str, broken: tuple[_BrokenBytes, ...]) -> tuple[ParseIssue, ...]:
    issues = []
    for run in broken:
        at = run.at if run.at is not None and text[run.at : run.at + 1] == "\ufffd" else None
        line = text.count("\n", 0, at) + 1 if at is not None else 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1 if at is not None else 1
        size = run.end - run.start
        issues.append(ParseIssue(INVALID_BYTES, f"not valid UTF-8 at byte offset {run.start} ({size} byte"
                                 f"{'s' if size > 1 else ''}); read as U+FFFD (\ufffd)",
                                 Span(at, at + 1) if at is not None else None, line, column))
    return tuple(issues)


def _utf16_by_nuls(data: bytes) -> str | None:
    """ASCII in UTF-16 puts its NUL byte on one side; CJK such as 一 (U+4E00) puts a few on the other."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 4 * even:
        return "utf-16-le"
    if even >= 4 * odd:
        return "utf-16-be"
    return None


def _mostly_gb2312(text: str) -> bool:
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    outside = text.encode("gb2312", errors="replace").count(b"?") - text.count("?")
    return outside <= _NOT_GB2312_MAX * wide


def _guess(data: bytes) -> tuple[str, str] | None:
    match = charset_normalizer.from_bytes(data, cp_isolation=list(_FALLBACK_CODECS)).best()
    return (str(match), match.encoding) if match is not None else None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_GB_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "csgb2312", "gb18030"})
_CONTENT_SELECTORS = (
    "#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".pages_content", ".article-content", ".article", "article",
    "#content", ".content", "main",
)  # fmt: skip
_MIN_CONTENT_SHARE = 0.2  # a content candidate must hold this share of the body's text
_SKIP_TAGS = frozenset("head script style noscript template iframe object select button textarea svg".split())
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
_CJK = "\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_CJK}])")
_SPACE_RUN = re.compile("[ \t\n\r\f\v\xa0]+")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+")


def _read_html(data: bytes, name: str) -> _Extracted:
    markup, encoding, broken = _decode_html(data, name)
    deadline = _Deadline(name, time.monotonic() + limits.EXTRACT_TIME_BUDGET_S)
    tree = LexborHTMLParser(markup)  # fast once check_source has bounded the nesting
    tree.strip_tags(["script", "style", "noscript", "template"])
    content = _main_content(tree)
    lines = _block_lines(content, deadline)
    if not lines:
        raise InputError(name, "HTML page has no text")
    if tree.body is not None and content.mem_id != tree.body.mem_id:
        lines[:0] = _metadata_outside(_block_lines(tree.body, deadline), lines)
    title = _title(tree)
    if title and not _printed_in(title, _squash("".join(lines))):
        lines.insert(0, title)
    text = "\n".join(lines)
    return _Extracted(text, encoding, broken=_in_extracted(text, broken))


def _in_extracted(text: str, broken: tuple[_BrokenBytes, ...]) -> tuple[_BrokenBytes, ...]:
    """Markup offsets say nothing of the extracted text: the n-th U+FFFD is the n-th run, when they match
    one to one (a run inside a script or a tag is not in the text, and then none is placed)."""
    marks = [m.start() for m in re.finditer("\ufffd", text)]
    placed = len(marks) == len(broken)
    return tuple(run._replace(at=marks[i] if placed else None) for i, run in enumerate(broken))


def _decode_html(data: bytes, name: str) -> tuple[str, str, tuple[_BrokenBytes, ...]]:
    """A declared charset is used unless the bytes are (nearly) UTF-8: saved pages often keep a stale one."""
    declared = _declared_charset(data)
    if declared and not data.startswith(tuple(bom for bom, _ in _BOMS)) and _strict(data, "utf-8") is None \
            and _repair_utf8(data)[0] is None:
        text = _strict(data, declared)
        if text is not None and not BINARY_CHARS.search(text):
            return _normalise_newlines(text), declared, ()
    return _decode_text(data, name)


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:16384])
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return None if codec.startswith("utf-16") else codec


def _main_content(tree: LexborHTMLParser) -> LexborNode:
    body = tree.body or tree.root
    body_size = len(body.text(strip=True)) if body else 0
    for selector in _CONTENT_SELECTORS:
        sized = [(len(node.text(strip=True)), node) for node in tree.css(selector)]
        size, node = max(sized, key=lambda pair: pair[0], default=(0, None))
        if node is not None and size and size >= _MIN_CONTENT_SHARE * body_size:
            return node
    return body


def _title(tree: LexborHTMLParser) -> str:
    """The longest part of <title>: "关于…的通知_政策文件_某市人民政府" gives the document's own title."""
    node = tree.css_first("title")
    parts = _TITLE_SEPARATORS.split(_clean_line(node.text())) if node else []
    return max(parts, key=len, default="")


def _metadata_outside(page: list[str], content: list[str]) -> list[str]:
    """A gov.cn page's metadata grid (索引号, 发文机关, 成文日期, 标题, 文号 …) printed above its article, outside the
    node read as the content: its rows give the header its 文号, title and date. A run of metadata lines naming
    two fields or more, not one keyed line alone (来源：… in a footer)."""
    kept, run, fields, shown = [], [], 0, set(content)
    for line in [*page, ""]:
        if line not in shown and (found := metadata_fields(line)):
            run.append(line)
            fields += len(found)
            continue
        if fields >= 2:
            kept += run
        run, fields = [], 0
    return kept


def _printed_in(title: str, page: str) -> bool:
    """The <title> is the page's own heading: whole, or its words after a site's name and a blank (芝罘区人民政府
    关于印发…的通知). Only a page that prints no such heading takes it as its first line: a site's name before
    the title would read as the issuer, and a tab's text as the title."""
    return _squash(title) in page or any(len(part) >= _TITLE_PART_MIN and part in page for part in title.split()[1:])


_TITLE_PART_MIN = 8  # a part this long after a blank is the document's title, not a word of it


def _squash(text: str) -> str:
    return _SPACE_RUN.sub("", text)


class _Lines:
    """Collects inline text and turns block boundaries and ``<br>``s into line breaks; empty lines are dropped.

    A ``<br>`` is only noted while its block is open: whether it breaks the line depends on the brackets
    around it, known when the block ends.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.broken: set[int] = set()  # indexes of the lines a <br> ended (a table cell's list items)
        self._pending: list[str] = []
        self._size = 0  # characters in _pending
        self._breaks: list[int] = []  # offsets of the <br>s in the pending text, each held there as "\n"
        self.item_numbers: dict[int, int] = {}  # <li> node id -> the number its <ol> shows
        self.marker = ""  # an <li>'s number, waiting for the item's first text

    def add(self, text: str) -> None:
        if self.marker and text.strip():
            text, self.marker = self.marker + text.lstrip(), ""
        self._pending.append(text)
        self._size += len(text)

    def line_break(self) -> None:
        self._breaks.append(self._size)
        self.add("\n")

    def add_line(self, line: str) -> None:
        self.end_line()
        self.lines.append(line)

    def end_line(self) -> None:
        pieces = _split_at_breaks("".join(self._pending), self._breaks)
        self._pending.clear()
        self._breaks.clear()
        self._size = 0
        for n, piece in enumerate(pieces, start=1):
            line = _clean_line(piece)
            if line:
                self.lines.append(line)
                if n < len(pieces):
                    self.broken.add(len(self.lines) - 1)


_OPENERS, _CLOSERS = "（(〔【", "）)〕】"  # the parser's attribution brackets


def _split_at_breaks(raw: str, breaks: list[int]) -> list[str]:
    """Cut a block's text at its ``<br>``s (each held as a newline at its offset), except inside a bracket
    that closes later in the block: ``（牵头单位：市工信局，<br/>配合单位：…）`` stays one line, as the parser
    needs, its newline read like any source line break. A bracket left open joins nothing: the rest of a long
    block would become one line for want of a ``）``."""
    if not breaks:
        return [raw]
    spans = _bracket_spans(raw)
    starts = [start for start, _ in spans]
    inside = {cut for cut in breaks if (i := bisect.bisect_left(starts, cut) - 1) >= 0 and cut < spans[i][1]}
    cuts = [-1, *(cut for cut in breaks if cut not in inside), len(raw)]
    return [raw[start + 1 : end] for start, end in pairwise(cuts)]


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """Outermost closed bracket pairs as (open, close) offsets, in order. Any closer closes any opener:
    documents mix full- and half-width brackets (（…))."""
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            opened.append(i)
        elif ch in _CLOSERS and opened:
            pairs.append((opened.pop(), i))
    outermost: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if not outermost or start > outermost[-1][1]:
            outermost.append((start, end))
    return outermost


def _clean_line(raw: str) -> str:
    """Collapse whitespace runs to one space; a source line break between CJK characters becomes nothing."""
    return _SPACE_RUN.sub(" ", _CJK_LINE_BREAK.sub("", raw)).strip(" \u3000")


class _Deadline(NamedTuple):
    """When a web page's text extraction gives up (``limits.EXTRACT_TIME_BUDGET_S``, as for .docx and PDF)."""

    name: str
    at: float

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise InputError(self.name, f"网页文字提取超过 {limits.EXTRACT_TIME_BUDGET_S:g} 秒,已停止;HTML text "
                                        f"extraction stopped: it took more than {limits.EXTRACT_TIME_BUDGET_S:g} s, "
                                        "the limit")


def _block_lines(root: LexborNode | None, deadline: _Deadline) -> list[str]:
    return _walk(root, deadline).lines


def _walk(root: LexborNode | None, deadline: _Deadline) -> _Lines:
    out = _Lines()
    stack: list[tuple[LexborNode, bool]] = [(root, False)] if root is not None else []
    while stack:
        deadline.check()
        node, leaving = stack.pop()
        if leaving:
            out.end_line()
            if node.tag == "li":
                out.marker = ""  # an empty item's number stays with it
        elif node.is_text_node:
            out.add(node.text_content or "")
        elif node.is_element_node and node.tag not in _SKIP_TAGS and not _hidden(node):
            stack.extend(_visit(node, out, deadline))
    out.end_line()
    return out


def _visit(node: LexborNode, out: _Lines, deadline: _Deadline) -> list[tuple[LexborNode, bool]]:
    """Handle one element; returns what to push on the walk's stack (children in reverse, then the exit)."""
    if node.tag == "br":
        out.line_break()
        return []
    if node.tag == "table" and _is_data_table(node):
        for row in _html_table_rows(node, deadline):
            out.add_line(row)
        return []
    if node.tag == "ol":
        out.item_numbers.update(_ol_numbers(node))
    block = node.tag in _BLOCK_TAGS
    if block:
        out.end_line()
    if node.tag == "li" and node.mem_id in out.item_numbers:
        out.marker = f"{out.item_numbers.pop(node.mem_id)}. "
    children = [(child, False) for child in node.iter(include_text=True)]
    return [(node, True)] * block + children[::-1]


_OWN_NUMBER = re.compile(r"\s*(?:\d{1,3}\s*(?:[.．](?!\d)|[、)）])|[(（]\s*\d{1,3}\s*[)）])")


def _ol_numbers(ol: LexborNode) -> dict[int, int]:
    """The number a browser shows before each item of a decimal ``<ol>`` (``start``, ``<li value>``), by
    node id. The parser separates tasks by their numbers, so two unnumbered items would read as one task.
    Other list types (a, i) get none (the parser numbers no tasks by letter), nor do hidden markers or items
    that already begin with their own number (pages numbered by hand often hide the marker with CSS)."""
    if (ol.attributes.get("type") or "1").strip() != "1" or _no_markers(ol):
        return {}
    numbers: dict[int, int] = {}
    number = _int_attr(ol, "start", 1)
    for item in ol.iter():
        if item.tag != "li":
            continue
        number = _int_attr(item, "value", number)
        if not _no_markers(item) and not _OWN_NUMBER.match(item.text()):
            numbers[item.mem_id] = number
        number += 1
    return numbers


def _no_markers(node: LexborNode) -> bool:
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    return "list-style:none" in style or "list-style-type:none" in style


def _int_attr(node: LexborNode, attr: str, default: int) -> int:
    return _int(node.attributes.get(attr), default)


def _hidden(node: LexborNode) -> bool:
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    return "hidden" in node.attributes or "display:none" in style or "visibility:hidden" in style


def _is_data_table(table: LexborNode) -> bool:
    nested = any(inner.mem_id != table.mem_id for inner in table.css("table"))
    return not nested and any(len(_html_cells(row)) > 1 for row in table.css("tr"))


def _html_cells(row: LexborNode) -> list[LexborNode]:
    return [cell for cell in row.iter() if cell.tag in ("td", "th")]


class _Slot(NamedTuple):
    """What fills one grid position of a table: the cell's order in its table (which positions share a merged
    cell) and its text."""

    cell: int
    text: str


def _html_table_rows(table: LexborNode, deadline: _Deadline) -> Iterator[str]:
    covering: dict[int, tuple[_Slot, int]] = {}  # grid column -> rowspan cell above, rows it still covers
    order = count()
    for row in table.css("tr"):
        slots = {column: slot for column, (slot, _) in covering.items()}
        covering = {column: (slot, left - 1) for column, (slot, left) in covering.items() if left > 1}
        column = 0
        for cell in _html_cells(row):
            while column in slots:
                column += 1
            colspan, rowspan = _span_attr(cell, "colspan", 1000), _span_attr(cell, "rowspan", 65534)
            found = _walk(cell, deadline)
            slot = _Slot(next(order), _cell_text(found.lines, found.broken))
            for offset in range(colspan):
                slots[column + offset] = slot
                covering.update({column + offset: (slot, rowspan - 1)} if rowspan > 1 else {})
            column += colspan
        line = _row_line([slots.get(column) for column in range(max(slots, default=-1) + 1)])
        if line:
            yield line


def _row_line(slots: list[_Slot | None]) -> str:
    """A merged cell's text in every row it spans, once across the columns it spans: in its first column, the
    others empty. 序号 or 完成时限 merged down two rows belong to both; a unit merged across 牵头单位 and 配合单位
    is one unit in one role, not the same unit twice, and one merged across 责任单位 and 完成时限 is no deadline;
    a heading across the table stays one cell. Empty when the row has no text."""
    texts = [slot.text if slot and (i == 0 or slots[i - 1] != slot) else "" for i, slot in enumerate(slots)]
    return CELL_SEPARATOR.join(texts) if any(texts) else ""


def _span_attr(cell: LexborNode, attr: str, limit: int) -> int:
    value = (cell.attributes.get(attr) or "").strip()
    return min(max(int(value), 1), limit) if value.isdigit() else 1


_ITEM_ENDED = frozenset("、,，/;；。.：:！!？?…")  # a line ending so needs no 、 after its <br>


def _cell_text(lines: list[str], broken: set[int] | frozenset[int] = frozenset()) -> str:
    """A cell's lines on one row, joined by spaces; ``|`` escaped. After a line a ``<br>`` ended (its index in
    ``broken``) that does not end in punctuation the join is 、 instead: the ``<br>`` separated list items, and
    市财政局<br/>各区（市） joined by a space would read as one unit (the parser splits unit lists on 、)."""
    text = lines[0] if lines else ""
    for i, line in enumerate(lines[1:]):
        text += ("、" if i in broken and lines[i][-1] not in _ITEM_ENDED else " ") + line
    return _CELL_BARS.sub(CELL_PIPE, text)


_CELL_BARS = re.compile(f"[{re.escape(CELL_SEPARATOR)}\uff5c]")  # '|' and its full-width twin, folded to it later


# ----------------------------------------------------------------------------------------------- Word, PDF
# Their readers live in ingest/read_word.py and ingest/read_pdf.py, imported when such a file comes: most
# sources are text and web pages, and python-docx and pypdf cost every start a tenth of a second.

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_HTML_REACH = 1024  # "<html" this near the start: a saved page with something (an XML prolog) before it


def _looks_like_html(data: bytes) -> bool:
    """A web page saved with a .docx name (browsers' "save as" and some CMS downloads do this). A real
    .docx is a zip archive starting with ``PK``: such bytes are never taken for HTML, whatever they hold."""
    head = data[:_HTML_REACH].removeprefix(codecs.BOM_UTF8)
    return not head.startswith(b"PK") and (bool(_HTML_START.match(head)) or b"<html" in head.lower())


def _one_line(exc: BaseException) -> str:
    message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    lines = message.strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _int(value: str | None, default: int) -> int:
    number = _maybe_int(value)
    return default if number is None else number


def _maybe_int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _read_docx(data: bytes, name: str) -> _Extracted:
    from ingest.read_word import read_docx

    return read_docx(data, name)


def _read_pdf(data: bytes, name: str) -> _Extracted:
    from ingest.read_pdf import read_pdf

    return read_pdf(data, name)


_LIST_START = re.compile(
    r"[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百\d]+[)）]|\d{1,3}(?:[.．](?!\d)|[、)）]|\s)"
    r"|第[一二三四五六七八九十百千\d]+[编章节条款部分]|[①-⑳⑴-⒇•·●■◆▪*]|附件|附表"
)


# A line break a page's layout made, not the writer (a PDF's text layer, or that text copied into a text file):
# joined only when all of these hold, so that a wrong guess leaves a line break (harmless) rather than gluing a
# heading onto a paragraph: both lines are not blank; the first does not end in 。；;：:！!？?…)） (a colon after a key
# does not end one: its value is on the next line), nor is it a key line closing on its role verb (责任单位：X牵头，Y等
# 单位按职责分工负责); it is "full", at least 75% of the widest line on its page (CJK counting double: a copy's lines
# run ragged, a few characters short of the margin) on a page at least 30 columns wide; the next line
# does not start a heading or a list item (一、 (一) 1. 1、 第…条 ① • 附件 …), is no 文号 and is not a page number. Page numbers
# ("- 3 -", "第3页", or a bare number as a page's first or last line) stay in the text. PDFs are unwrapped page by page
# as they are read (read_pdf); a text file that was copied from one, by normalisation (normalize._layout_wraps).
_CLAUSE_END = frozenset("。；;：:！!？?…)）")
_ROLE_VERB_END = re.compile(r"(?:负责|配合|参与|牵头|协助|协同|落实|实施)$")
_FULL_LINE = 0.75
_MIN_PAGE_WIDTH = 30
_BARE_NUMBER = re.compile(r"\d{1,4}")


def is_layout_wrap(line: str, following: str, page_width: int) -> bool:
    """Whether the break after ``line`` is one the page's width made, not the text's: a full line that ends in no
    clause's end, before a line that opens no list item and is no page number. A colon ends a clause, except
    after a key whose value the page put on the next line (…资助。责任单位：⏎市委组织部、市科技局。)."""
    head, tail = line.strip(), following.strip()
    return (
        bool(head and tail)
        and (head[-1] not in _CLAUSE_END or (head[-1] in ":：" and ENDS_IN_KEY_RE.search(head) is not None))
        and not (LINE_KEY_RE.match(head) and _ROLE_VERB_END.search(head))
        and page_width >= _MIN_PAGE_WIDTH
        and display_width(line) >= _FULL_LINE * page_width
        and not _LIST_START.match(tail)
        and not _PAGE_NUMBER_RE.match(tail)
        and not _BARE_NUMBER.fullmatch(tail)
        and not DOC_NUMBER_RE.fullmatch(tail)  # a 文号 on its own line under a long title: the header's, never a wrap
    )


_WIDE_CHAR = re.compile(r"[^\x00-\u2e7f]")


def display_width(line: str) -> int:
    """Columns a line fills on a page: CJK characters count double."""
    return len(line) + len(_WIDE_CHAR.findall(line))


# ------------------------------------------------------------------------------------------- boilerplate

_EDGE_SPACE = " \t\r\f\v\xa0\u3000\ufeff"
_FURNITURE = MappingProxyType(
    {
        word: reason
        for reason, words in (
            ("login", "登录 登入 注册 退出 登录注册 用户登录 免费注册 个人中心"),
            ("nav", "首页 网站首页 返回首页 导航 网站导航 网站地图 关于本站 关于我们 联系我们 English "
                    "无障碍 无障碍浏览 长者模式 繁体 简体 更多 搜索 站内搜索 RSS rss RSS订阅"),
            ("page-tools", "打印 打印本页 打印此页 打印正文 列印 列印本页 关闭 关闭窗口 关闭视窗 关闭本页 "
                           "收藏 加入收藏 保存 保存本页 返回 返回顶部 顶部 我要纠错 纠错"),
        )
        for word in words.split()
    }
)  # fmt: skip
_TRADITIONAL = (  # to match furniture words written in Traditional characters; same length as Simplified
    "個於們體關內冊決準劃則辦動協單號圖備復導當錄戶掃護報無術機權條標歡瀏點熱"
    "現碼礙簡糾綱細維縮網聯薦見規覽計認訊識讀費資運鏈錯長門閉聞閱頁頂閲註繫係覆"
)
_SIMPLIFIED = (
    "个于们体关内册决准划则办动协单号图备复导当录户扫护报无术机权条标欢浏点热"
    "现码碍简纠纲细维缩网联荐见规览计认讯识读费资运链错长门闭闻阅页顶阅注系系复"
)
_T2S = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
_HAS_TRADITIONAL = re.compile(f"[{_TRADITIONAL}]")
_TOKEN_SEPARATORS = re.compile(r"[\s|｜丨/、·•【】\[\]<>«»›‹]+")
_NAV_ITEM_PUNCTUATION = re.compile(r"[，。；：,;:！？!?]")
_FONT_SIZE = re.compile(r"(?:字体|字号)\s*[:：]?(?:[\s【】\[\]]*(?:大|中|小|默认|标准|放大|缩小|A[+-]))*")
_PAGE_NUMBER_RE = re.compile(r"[-－—–~]\s*\d{1,4}\s*[-－—–~]$|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$")
_PATTERNS = (
    ("prev-next", re.compile(r"(?:上一篇|下一篇|上一条|下一条)(?:[:：\s]|$)")),
    ("related", re.compile(
        r"(?:相关资讯|相关阅读|相关链接|相关新闻|相关文章|相关推荐|相关稿件|推荐阅读|延伸阅读|热点推荐|"
        r"热门推荐|热门文章|最新资讯|猜你喜欢)\s*[:：]?$")),
    ("share", re.compile(r"(?:分享到|分享至|分享)\s*[:：]|分享到$|扫一扫.{0,12}手机")),
    ("breadcrumb", re.compile(r"(?:当前位置|(?:您|你)(?:的当前|的|现在的|当前的)位置)\s*[:：]")),
    ("copyright", re.compile(
        r"(?:版权所有|copyright|©)|.*版权所有.*(?:©|copyright|ICP|主办|网站)", re.IGNORECASE)),
    ("icp", re.compile(r".*(?:ICP\s*[备证]\s*\d|公网安备\s*\d|网站标识码\s*[:：]?\s*\d)", re.IGNORECASE)),
    ("page-number", _PAGE_NUMBER_RE),
    # a page copied out with the site's own lines: 转载请注明地址:http://…, 本文链接:…, 您好,欢迎来到某某网
    ("repost", re.compile(r"(?:转载请注明|转载请保留|本文(?:链接|地址|网址)\s*[:：]|原文(?:链接|地址)\s*[:：])")),
    ("welcome", re.compile(r"(?:(?:您好|你好)[,，!！\s]*)?欢迎(?:您)?(?:来到|访问|光临)[^,，。;；]{0,30}"
                           r"(?:网|网站|平台|门户|官网)[!！。]?$")),
)  # fmt: skip
_MAX_LINE = 150  # longer lines are prose, whatever they start with
_SITE_INFO = re.compile(r"(?:主办单位|承办单位|主办|承办|协办|技术支持|运维单位|维护单位|网站维护)\s*[:：]")
_SITE_INFO_REACH = 2  # a site-info line counts only this many non-blank lines from other boilerplate
_TITLE_WORDS = re.compile(
    "关于|通知|意见|办法|方案|规定|决定|条例|细则|规划|计划|纲要|公告|通告|通报|批复|函|报告|指引|指南"
    "|措施|行动|要点|清单|文件"
)
_HEADER_FOLLOWERS = frozenset({"login", "nav"})


class _Line(NamedTuple):
    start: int  # offset of the first non-blank character
    content: str  # the line without surrounding blanks
    key: str  # content with Traditional furniture characters mapped to Simplified, same length


def find_boilerplate(text: str) -> tuple[IgnoredSpan, ...]:
    """Web-page furniture lines of ``text``, each span covering its line without the surrounding blanks.

    Conservative by design: a line is marked only when it is nothing but furniture (登录, 首页|导航|…,
    打印本页, 【字体:大 中 小】) or starts with a marker no policy sentence starts with (上一篇:, 分享到:,
    版权所有). Footer lines such as 主办单位: count only next to other boilerplate; a site name only as the
    first line, short, not a title, and followed by a login or navigation line. Reasons: site-header, login,
    nav, page-tools, font-size, prev-next, related, share, breadcrumb, copyright, icp, site-info, page-number, repost,
    welcome.
    """
    lines = list(_content_lines(text))
    reasons = [_boilerplate_reason(line.key) for line in lines]
    _mark_site_info(lines, reasons)
    _mark_site_header(lines, reasons)
    return tuple(
        IgnoredSpan(reason, Span(line.start, line.start + len(line.content)))
        for line, reason in zip(lines, reasons, strict=True)
        if reason
    )


def _content_lines(text: str) -> Iterator[_Line]:
    start = 0
    for raw in text.split("\n"):
        content = raw.strip(_EDGE_SPACE)
        if content:
            yield _Line(start + len(raw) - len(raw.lstrip(_EDGE_SPACE)), content, _match_key(content))
        start += len(raw) + 1


def _match_key(content: str) -> str:
    short = len(content) <= _MAX_LINE
    return content.translate(_T2S) if short and _HAS_TRADITIONAL.search(content) else content


def _stripped_span(reason: str, start: int, line: str) -> IgnoredSpan:
    lead = len(line) - len(line.lstrip(_EDGE_SPACE))
    return IgnoredSpan(reason, Span(start + lead, start + lead + len(line.strip(_EDGE_SPACE))))


def _boilerplate_reason(line: str) -> str | None:
    if len(line) > _MAX_LINE:
        return None
    without_font_size = _FONT_SIZE.sub(" ", line)
    tokens = [token for token in _TOKEN_SEPARATORS.split(without_font_size) if token]
    if all(token in _FURNITURE for token in tokens) and (tokens or without_font_size != line):
        return "font-size" if without_font_size != line else _FURNITURE[tokens[0]]
    if _is_nav_bar(line):
        return "nav"
    return next((reason for reason, pattern in _PATTERNS if pattern.match(line)), None)


def _is_nav_bar(line: str) -> bool:
    """Several short items between bars, one of them known furniture: 首页|新闻中心|政务公开|联系我们."""
    items = [item.strip(_EDGE_SPACE) for item in re.split("[|｜丨]", line)]
    return (
        len(items) >= 3
        and all(0 < len(item) <= 8 and not _NAV_ITEM_PUNCTUATION.search(item) for item in items)
        and any(item in _FURNITURE for item in items)
    )


def _mark_site_info(lines: list[_Line], reasons: list[str | None]) -> None:
    strong = {i for i, reason in enumerate(reasons) if reason}
    for i, line in enumerate(lines):
        near = any(i + step in strong for step in range(-_SITE_INFO_REACH, _SITE_INFO_REACH + 1) if step)
        if near and not reasons[i] and len(line.key) <= _MAX_LINE and _SITE_INFO.match(line.key):
            reasons[i] = "site-info"


def _mark_site_header(lines: list[_Line], reasons: list[str | None]) -> None:
    if len(lines) < 2 or reasons[0] or reasons[1] not in _HEADER_FOLLOWERS:
        return
    first = lines[0].key
    plain = not _NAV_ITEM_PUNCTUATION.search(first) and not re.search(r"[()（）〔〕\[\]、《》“”\"]", first)
    if 2 <= len(first) <= 20 and plain and not _TITLE_WORDS.search(first) and not _LIST_START.match(first):
        reasons[0] = "site-header"


_FORMATS: MappingProxyType[str, tuple[str, Callable[[bytes, str], _Extracted]]] = MappingProxyType(
    {
        ".txt": ("text/plain", _read_text),
        ".text": ("text/plain", _read_text),
        ".md": ("text/markdown", _read_text),
        ".html": ("text/html", _read_html),
        ".htm": ("text/html", _read_html),
        ".docx": (DOCX_MEDIA_TYPE, _read_docx),
        ".pdf": ("application/pdf", _read_pdf),
    }
)
EXTENSIONS = tuple(_FORMATS)  # the file types read_source reads, by extension
