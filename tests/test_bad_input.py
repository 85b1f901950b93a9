"""Bad input is refused with one clear line, or read with what could be read and a warning: never lost whole,
never left to exhaust the machine. Bombs are generated here, small, at test time; nothing binary is committed."""

from __future__ import annotations

import io
import re
import struct
import time
import tracemalloc
import zipfile

import docx
import pytest

from ingest import limits
from ingest.errors import InputError
from ingest.read import INVALID_BYTES, check_source, read_source

DOC = ("关于推进工作的实施意见\r\n一、平台建设行动\r\n"
       "1. 推进平台建设。（牵头单位：市财政局；完成时限：2024年6月底前）\r\n"
       "2. 推进项目落地。（牵头单位：市商务局；完成时限：2024年9月）\r\n").encode()


def _issues(data: bytes, name: str = "cut.txt"):
    source = read_source(data, name)
    return source, [i for i in source.issues if i.code == INVALID_BYTES]


def test_a_file_cut_mid_character_is_read_with_a_replacement_and_its_byte_offset():
    cut = DOC[:-4]  # the last "）" keeps one of its three bytes, its line end is gone
    source, issues = _issues(cut)
    assert source.text == DOC[:-5].decode().replace("\r\n", "\n") + "\ufffd"
    assert len(issues) == 1 and f"byte offset {len(DOC) - 5} (1 byte)" in issues[0].message
    assert source.text[issues[0].span.start] == "\ufffd"
    assert (issues[0].line, issues[0].column) == (4, source.text.splitlines()[3].index("\ufffd") + 1)


def test_broken_bytes_in_the_middle_each_get_a_warning_at_their_place():
    at = DOC.index("推进".encode())
    data = DOC[:at] + b"\xff" + DOC[at:at + 100] + b"\xc0\xaf" + DOC[at + 100:]
    source, issues = _issues(data)
    assert [i.message.split(" (")[0] for i in issues] == [
        f"not valid UTF-8 at byte offset {at}", f"not valid UTF-8 at byte offset {at + 101}"]
    assert all(source.text[i.span.start] == "\ufffd" for i in issues)
    assert source.text.replace("\ufffd", "") == DOC.decode().replace("\r\n", "\n")
    assert source.encoding == "utf-8"


def test_broken_bytes_in_a_web_page_and_after_a_bom():
    page = b"<html><body><p>" + DOC[:-4] + b"</p></body></html>"
    _, issues = _issues(page, "cut.html")
    assert len(issues) == 1 and issues[0].span is not None
    _, issues = _issues(b"\xef\xbb\xbf" + DOC[:-4])
    assert f"byte offset {len(DOC) - 5 + 3}" in issues[0].message


def test_a_mostly_undecodable_file_is_still_binary_and_gbk_is_still_gbk():
    with pytest.raises(InputError, match="binary data"):
        read_source(bytes(range(128, 256)) * 50 + "一".encode(), "x.txt")
    source = read_source(DOC.decode().encode("gbk"), "gbk.txt")
    assert source.encoding == "gb18030" and not source.issues


def test_the_warning_reaches_the_document_and_strict_refuses(resources):
    from ingest.errors import ParseError
    from ingest.pipeline import ingest_bytes

    doc = ingest_bytes(DOC[:-4], "cut.txt", resources)
    assert INVALID_BYTES in [i.code for i in doc.issues]
    assert len(doc.tasks) == 2  # the document is not lost for one broken character
    with pytest.raises(ParseError, match="parse warning"):
        ingest_bytes(DOC[:-4], "cut.txt", resources, strict=True)


# -- the gate: kind by content, archives and PDFs bounded ----------------------------------------------------


ELF = b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x03\x00\x3e\x00" + bytes(200)  # an x86-64 shared object's header


def real_docx(text: str = "关于推进工作的通知") -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


def problem(data: bytes, name: str) -> str:
    with pytest.raises(InputError) as caught:
        check_source(data, name)
    return caught.value.problem


@pytest.mark.parametrize("name", ["lib.docx", "notes.txt", "page.html", "report.pdf"])
def test_a_program_is_refused_under_any_name(name):
    assert problem(ELF, name) == "this is an ELF program or shared library, not a document; refused"


def test_a_file_both_elf_and_docx_is_refused_and_read_source_refuses_it_too():
    """A zip reader finds a .docx's directory at the end, so ELF bytes in front still open as Word."""
    polyglot = ELF + real_docx()
    assert zipfile.ZipFile(io.BytesIO(polyglot)).testzip() is None  # it is a valid zip
    assert "ELF program" in problem(polyglot, "x.docx")
    with pytest.raises(InputError, match="ELF program"):
        read_source(polyglot, "x.docx")


def test_a_windows_program_is_refused():
    pe = bytearray(b"MZ" + bytes(0x3E) + bytes(64))
    pe[0x3C:0x40] = (0x40).to_bytes(4, "little")
    pe[0x40:0x44] = b"PE\x00\x00"
    assert problem(bytes(pe), "a.txt") == "this is a Windows program, not a document; refused"
    assert check_source(b"MZ is how this text starts, not a program", "a.txt") == ".txt"


def test_a_document_of_another_kind_named_as_text_says_what_it_is():
    assert problem(real_docx(), "notes.txt") == (
        "this is a zip archive (a Word document?), not text; give it its own extension (.docx, .pdf)")
    assert problem(b"%PDF-1.7\n%\xe2\xe3", "page.html").startswith("this is a PDF, not text")


def test_a_zip_that_is_not_word_and_an_oversized_file_are_refused():
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert problem(other.getvalue(), "sheet.docx") == (
        "not a valid Word document: There is no item named 'word/document.xml' in the archive")
    huge = b"a" * (limits.MAX_SOURCE_BYTES + 1)
    assert problem(huge, "big.txt") == "文件 20.0 MB,超过上限 20.0 MB;file is 20.0 MB; the limit is 20.0 MB"
    assert check_source(real_docx(), "ok.docx") == ".docx"


def zip_bomb(unpacked: int, *, declared: int | None = None) -> bytes:
    """A .docx whose document.xml unpacks to ``unpacked`` bytes; with ``declared``, its directory lies."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:p/>" * (1 << 16)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    data = bytearray(out.getvalue())
    if declared is not None:  # patch the size in the local header and in the central directory
        local = data.index(b"word/document.xml") - 30  # a local header is 30 bytes, then the name
        central = data.rindex(b"word/document.xml") - 46  # a directory entry is 46 bytes, then the name
        assert (data[local : local + 4], data[central : central + 4]) == (b"PK\x03\x04", b"PK\x01\x02")
        struct.pack_into("<I", data, local + 22, declared)
        struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


@pytest.mark.parametrize("declared", [None, 4096])
def test_a_zip_bomb_is_refused_quickly_and_in_little_memory(declared):
    bomb = zip_bomb(100 * limits.MB, declared=declared)
    assert len(bomb) < 400 * 1024
    tracemalloc.start()
    started = time.monotonic()
    try:
        message = problem(bomb, "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 8 * limits.MB
    if declared is None:
        assert message.startswith("not a valid Word document: it unpacks to more than 64.0 MB (the limit)")
    else:  # the directory said 4 KB: reading stops there and the checksum gives the lie away
        assert message.startswith("not a valid Word document: Bad CRC-32")


def test_xml_is_bounded_apart_from_images_and_word_extraction_has_a_time_budget(monkeypatch):
    assert problem(zip_bomb(20 * limits.MB), "xml.docx").startswith(
        "not a valid Word document: it unpacks to more than 16.0 MB of XML (the limit)")
    monkeypatch.setattr(limits, "EXTRACT_TIME_BUDGET_S", -1.0)  # spent before it starts
    with pytest.raises(InputError, match=r"Word text extraction stopped at block 1 \(paragraph or table\)"):
        read_source(real_docx(), "slow.docx")


def test_too_many_members_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(limits.DOCX_MAX_MEMBERS):
            archive.writestr(f"word/media/{i}.bin", b"")
    assert problem(out.getvalue(), "many.docx") == (
        f"not a valid Word document: it holds {limits.DOCX_MAX_MEMBERS + 2} files; the limit is "
        f"{limits.DOCX_MAX_MEMBERS}")


def pdf_sharing_one_stream(pages: int, content_bytes: int) -> bytes:
    """``pages`` pages that all draw one content stream of ``content_bytes``: small on disk, slow to read."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    ops = b"BT /F1 12 Tf 72 720 Td (policy text) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(ops * (content_bytes // len(ops)))
    content = writer._add_object(stream.flate_encode())
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = content
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _timed_problem(data: bytes, name: str, seconds: float) -> str:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_source(data, name)
    assert time.monotonic() - started < seconds
    return caught.value.problem


def test_a_pdf_of_2000_pages_sharing_one_big_stream_is_refused_in_seconds():
    bomb = pdf_sharing_one_stream(2000, 4 * limits.MB)
    assert len(bomb) < 400 * 1024
    assert _timed_problem(bomb, "bomb.pdf", 15) == f"PDF has 2000 pages; the limit is {limits.PDF_MAX_PAGES}"


def test_pdf_drawing_instructions_are_bounded_per_page_and_in_total():
    assert _timed_problem(pdf_sharing_one_stream(3, 4 * limits.MB), "page.pdf", 10) == (
        "PDF page 1 has 4.0 MB of drawing instructions; the limit is 2.0 MB a page")
    assert _timed_problem(pdf_sharing_one_stream(40, 1 * limits.MB), "total.pdf", 10) == (
        "PDF pages 1-33 have 33.0 MB of drawing instructions; the limit is 32.0 MB")


def test_pdf_text_extraction_stops_when_its_time_budget_is_spent(monkeypatch):
    monkeypatch.setattr(limits, "EXTRACT_TIME_BUDGET_S", 0.3)
    slow = pdf_sharing_one_stream(6, 400 * 1024)  # each page takes seconds to parse
    message = _timed_problem(slow, "slow.pdf", 12)
    assert re.fullmatch(r"PDF text extraction stopped at page [12] of 6: it took more than 0.3 s, the limit", message)


# -- long documents ----------------------------------------------------------------------------------------

CLAUSE = "推进集成电路产业链平台建设，加快新能源汽车项目落地。"


def test_a_document_over_a_million_characters_ingests_with_every_mention(resources):
    """spaCy refuses a text over nlp.max_length (E088); one task this long used to lose the document."""
    from ingest.pipeline import ingest_bytes

    repeats = 1_000_100 // len(CLAUSE)
    text = f"关于推进工作的实施意见\n一、平台建设行动\n1. {CLAUSE * repeats}（牵头单位：市财政局；完成时限：2024年6月）\n"
    assert len(text) > resources.tagger.nlp.max_length
    doc = ingest_bytes(text.encode(), "long.txt", resources)
    (task,) = doc.tasks
    assert task.assignments[0].lead[0].name == "市财政局"
    chips = [m for m in task.mentions if m.name == "集成电路"]
    assert len(chips) == repeats and {m.surface for m in chips} == {"集成电路产业"}
    assert all(doc.text[m.span.start : m.span.end] == m.surface for m in task.mentions)


def test_tagging_in_pieces_finds_what_tagging_whole_finds(resources, sample_doc, monkeypatch):
    from ingest import nlp

    texts = ["\n".join(sample_doc.text[t.span.start : t.span.end] for t in sample_doc.tasks), CLAUSE * 40]
    whole = [resources.tagger.tag(t) for t in texts]
    assert len(whole[0]) > 100
    monkeypatch.setattr(nlp, "TAG_PIECE_CHARS", 300)
    assert [resources.tagger.tag(t) for t in texts] == whole
    pieces = list(nlp.text_pieces(CLAUSE * 40, 60))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(CLAUSE) * 40 and all(e - s <= 60 for s, e in pieces)
    assert list(nlp.text_pieces("无标点" * 50, 60)) == [(0, 60), (60, 120), (120, 150)]


def test_a_text_of_hundreds_of_thousands_of_headings_is_refused_naming_the_count(resources, monkeypatch):
    """A 12.5 MB text (under the size limit) of 500,000 lines `（八）补充说明。` made 500,000 tasks, took the app
    server to 2.5 GB and load-neo4j to seven minutes. Lines are counted before parsing, tasks after."""
    from ingest.pipeline import ingest_bytes

    lines = "关于X的通知\n" + "（八）补充说明。\n" * (limits.MAX_TEXT_LINES + 1)
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"big\.txt: its text has 100,00\d lines; the limit is 100,000"):
        ingest_bytes(lines.encode(), "big.txt", resources)
    assert time.perf_counter() - started < 5, "refused before parsing"
    monkeypatch.setattr(limits, "MAX_TASKS", 50)
    headings = "关于X的通知\n" + "".join(f"{i}. 第{i}项工作。\n" for i in range(1, 61))
    with pytest.raises(InputError, match=r"many\.txt: 60 tasks were read; the limit is 50 a document"):
        ingest_bytes(headings.encode(), "many.txt", resources)


# -- web pages nested deep ---------------------------------------------------------------------------------


def test_a_web_page_nested_deeper_than_the_limit_is_refused_at_the_gate_in_a_moment():
    # 660 KB of <div>s 60,000 deep: the HTML parser took minutes on it, holding the store's write lock
    deep = b"<html><body>" + b"<div>" * 60_000 + "关于推进工作的通知".encode() + b"</div>" * 60_000 + b"</body></html>"
    started = time.monotonic()
    for name in ("deep.html", "deep.htm", "deep.docx"):  # a page saved with a .docx name is read as HTML
        with pytest.raises(InputError) as caught:
            check_source(deep, name)
        assert str(caught.value) == (f"{name}: 网页元素嵌套超过 {limits.HTML_MAX_DEPTH} 层,拒绝读取;the page nests "
                                     f"its elements more than {limits.HTML_MAX_DEPTH} deep (the limit); refused")
    assert time.monotonic() - started < 2
    # what a tag does not open is not counted: void and self-closed elements, <p>s, tags in comments and scripts,
    # a "</div>" in an attribute's value does not close (it would hide the nesting)
    fine = (b"<html><body><svg>" + b'<path d="M0 0"/>' * 3000 + b"</svg>" + b"<p>x<br><img src=a.png>" * 3000
            + b"<!--" + b"<div>" * 3000 + b"--><script>" + b"'<div>'" * 3000 + b"</script>"
            + b"<div>" * 900 + "关于推进工作的通知".encode() + b"</div>" * 900 + b"</body></html>")
    assert check_source(fine, "fine.html") == ".html"
    with pytest.raises(InputError, match="more than 1000 deep"):
        check_source(b'<div title="</div>">' * 2000, "hidden.html")
    with pytest.raises(InputError, match="more than 1000 deep"):  # UTF-16 tags are ASCII between NUL bytes
        check_source(("<html><body>" + "<div>" * 2000 + "关于").encode("utf-16"), "wide.html")


def test_web_page_extraction_has_the_time_budget_of_word_and_pdf(monkeypatch):
    page = "<html><body><p>关于推进工作的通知</p><p>一、推进平台建设。</p></body></html>".encode()
    assert "推进平台建设" in read_source(page, "page.html").text
    monkeypatch.setattr(limits, "EXTRACT_TIME_BUDGET_S", -1.0)  # spent before it starts
    with pytest.raises(InputError, match=r"page.html: 网页文字提取超过 -1 秒,已停止;HTML text extraction stopped: "
                                         r"it took more than -1 s, the limit"):
        read_source(page, "page.html")
