"""How much work one source may cost, declared once: the CLI, the store and the app all read sources through
``ingest.read.check_source`` and ``read_source``, which enforce these.

A source is hostile until read: a small .docx can unpack to gigabytes of XML, a small PDF can make every one of
thousands of pages share one huge content stream. Each limit is far above any real policy document.
"""

from __future__ import annotations

MB = 1024 * 1024

MAX_SOURCE_BYTES = 20 * MB  # one file as uploaded or given on the command line


def received_bytes(max_source: int = MAX_SOURCE_BYTES) -> int:
    """What the app's server takes in of one upload: twice the limit, so that a file a little over it (the
    usual case: a page saved with its images) reaches the page and is listed as not added, saying why in both
    languages; the browser refuses a larger one itself, with Streamlit's English chip and the limit printed in
    both languages on the uploader. Not more: every upload is held in the server's memory, and the hardening
    bound what one visitor can make it hold."""
    return 2 * max_source

DOCX_MAX_MEMBERS = 2_000  # files inside a .docx (a Word document has tens; images add one each)
DOCX_MAX_UNPACKED_BYTES = 64 * MB  # all members unpacked, counted from the zip directory and while reading
DOCX_MAX_XML_BYTES = 16 * MB  # the XML among them, which is parsed (~7 bytes of memory a byte; images are not)

PDF_MAX_PAGES = 1_000
PDF_MAX_PAGE_CONTENT_BYTES = 2 * MB  # one page's drawing instructions, decoded (a text page has ~10 KB)
PDF_MAX_CONTENT_BYTES = 32 * MB  # all pages' drawing instructions, a stream shared by pages counted per page
EXTRACT_TIME_BUDGET_S = 30.0  # text extraction of one .docx, PDF or web page: checked between paragraphs and
# tables, between PDF pages and a page's drawing operators, between a web page's elements

# Elements open inside one another in a web page, counted from its tags before it is parsed: a real page nests
# tens deep, and browsers stop nesting at 512; 660 KB of <div>s 60,000 deep took the HTML parser minutes.
HTML_MAX_DEPTH = 1_000

# What one document may hold once read: a 12.5 MB text of 500,000 one-line headings made 500,000 tasks, took the
# app server to 2.5 GB and load-neo4j to seven minutes. A notice, a 1,000-page compilation included, is far below.
MAX_TEXT_LINES = 100_000
MAX_TASKS = 10_000
