"""Bad input is refused with one clear line, or read with what could be read and a warning: never lost whole,
never left to exhaust the machine. Bombs are generated here, small, at test time; nothing binary is committed."""

from __future__ import annotations

import pytest

from ingest.errors import InputError
from ingest.read import INVALID_BYTES, read_source

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
