"""PDF → text, for ``ingest.read``: the text layer page by page, layout wraps joined (``read.is_layout_wrap``), bounded by
``ingest.limits``. Its own module so that pypdf is imported only when a PDF is read or checked."""

from __future__ import annotations

import io
import time
from itertools import accumulate

import pypdf

from ingest import limits
from ingest.errors import InputError
from ingest.normalize import without_radicals
from ingest.read import (
    _BARE_NUMBER,
    NO_TEXT_LAYER,
    _Extracted,
    _mb,
    _normalise_newlines,
    _one_line,
    _stripped_span,
    display_width,
    is_layout_wrap,
)


def read_pdf(data: bytes, name: str) -> _Extracted:
    pages = _pdf_pages(data, name)
    if not any(page.strip() for page in pages):
        raise InputError(name, NO_TEXT_LAYER)
    return _pdf_text(pages)


def _pdf_pages(data: bytes, name: str) -> list[str]:
    reader = open_pdf(data, name)
    try:
        pages = pdf_pages_of(reader, name)
        _check_pdf_content(pages, name)
        deadline = time.monotonic() + limits.EXTRACT_TIME_BUDGET_S
        return [_normalise_newlines(_page_text(page, n, len(pages), deadline, name)) for n, page in
                enumerate(pages, start=1)]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise InputError(name, f"not a valid PDF: {_one_line(exc)}") from exc


def open_pdf(data: bytes, name: str) -> pypdf.PdfReader:
    if b"%PDF-" not in data[:1024]:  # checked here, so pypdf does not log its own warning for non-PDFs
        raise InputError(name, "not a valid PDF: no %PDF- header")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(name, "PDF is encrypted; remove the password and try again")
        return reader
    except InputError:
        raise
    except Exception as exc:
        raise InputError(name, f"not a valid PDF: {_one_line(exc)}") from exc


def pdf_pages_of(reader: pypdf.PdfReader, name: str) -> list[pypdf.PageObject]:
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise InputError(name, f"not a valid PDF: {_one_line(exc)}") from exc
    if count > limits.PDF_MAX_PAGES:
        raise InputError(name, f"PDF has {count} pages; the limit is {limits.PDF_MAX_PAGES}")
    return list(reader.pages)


def _check_pdf_content(pages: list[pypdf.PageObject], name: str) -> None:
    """Text extraction parses every drawing instruction (~100 KB a second in pypdf): bounded per page and in
    total before any is parsed. A stream shared by many pages is decoded once and counted for each."""
    sizes: dict[int, int] = {}
    total = 0
    for n, page in enumerate(pages, start=1):
        size = sum(_stream_size(ref, sizes) for ref in _content_refs(page))
        if size > limits.PDF_MAX_PAGE_CONTENT_BYTES:
            raise InputError(name, f"PDF page {n} has {_mb(size)} of drawing instructions; the limit is "
                                   f"{_mb(limits.PDF_MAX_PAGE_CONTENT_BYTES)} a page")
        total += size
        if total > limits.PDF_MAX_CONTENT_BYTES:
            raise InputError(name, f"PDF pages 1-{n} have {_mb(total)} of drawing instructions; the limit is "
                                   f"{_mb(limits.PDF_MAX_CONTENT_BYTES)}")


def _content_refs(page: pypdf.PageObject) -> list:
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    if contents is None:
        return []
    resolved = contents.get_object()
    return list(resolved) if isinstance(resolved, list) else [contents]


def _stream_size(ref, sizes: dict[int, int]) -> int:
    key = getattr(ref, "idnum", None)
    key = id(ref) if key is None else key
    if key not in sizes:
        stream = ref.get_object()
        sizes[key] = len(stream.get_data()) if hasattr(stream, "get_data") else 0
    return sizes[key]


class _OverBudget(Exception):
    pass


def _page_text(page: pypdf.PageObject, n: int, count: int, deadline: float, name: str) -> str:
    """One page's text, given up (and the document refused) once the PDF's time budget is spent: checked
    before the page and at every drawing operator."""
    def check(*_args) -> None:
        if time.monotonic() > deadline:
            raise _OverBudget

    try:
        check()
        return page.extract_text(visitor_operand_before=check) or ""
    except _OverBudget:
        raise InputError(name, f"PDF text extraction stopped at page {n} of {count}: it took more than "
                               f"{limits.EXTRACT_TIME_BUDGET_S:g} s, the limit") from None


def _pdf_text(pages: list[str]) -> _Extracted:
    lines: list[str] = []
    numbers: list[int] = []  # indexes of page-number lines in ``lines``
    for page in pages:
        page_lines = [line for line in _unwrap([raw.rstrip() for raw in page.split("\n")]) if line.strip()]
        edges = {0, len(page_lines) - 1} if page_lines else set()
        numbers += [len(lines) + i for i in sorted(edges) if _BARE_NUMBER.fullmatch(page_lines[i].strip())]
        lines += page_lines
    starts = [0, *accumulate(len(line) + 1 for line in lines)]
    text = without_radicals("\n".join(lines))  # one for one: the page-number spans stay where they were
    return _Extracted(text, "", tuple(_stripped_span("page-number", starts[i], lines[i]) for i in numbers))


def _unwrap(lines: list[str]) -> list[str]:
    page_width = max(map(display_width, lines), default=0)
    out: list[str] = []
    previous = ""
    for line in lines:
        if out and is_layout_wrap(previous, line, page_width):
            out[-1] = _join_wrapped(out[-1], line)
        else:
            out.append(line)
        previous = line
    return out


def _join_wrapped(line: str, following: str) -> str:
    tail = following.strip()
    latin = line[-1].isascii() and tail[0].isascii()
    return line + (" " if latin else "") + tail
