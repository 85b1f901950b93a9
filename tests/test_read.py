"""Readers: bytes -> SourceText. Every fixture is built here, from the sample or by hand."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import opencc
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import InputError
from ingest.model import SourceText
from ingest.pipeline import ingest_bytes
from ingest.read import decode_text, find_boilerplate, read_source

SAMPLE_PATH = (
    Path(__file__).resolve().parents[1] / "data" / "samples" / "qingdao-2024-industry-nine-actions.txt"
)
SAMPLE_BYTES = SAMPLE_PATH.read_bytes()
SAMPLE_TEXT = SAMPLE_BYTES.decode("utf-8")
SAMPLE_BOILERPLATE = [
    ("site-header", "化工机械设备网"),
    ("login", "登录"),
    ("prev-next", "上一篇:27 194!山西省属企业创新平台体系基本形成"),
    ("prev-next", "下一篇:西北戈壁滩上 光热技术路径探索正齐头并进"),
    ("related", "相关资讯:"),
    ("share", "分享到:"),
    ("nav", "首页|导航|登录|关于本站|联系我们"),
]
UNKNOWN_TYPE = "unknown file type '.xyz'; expected one of .txt, .html, .htm, .docx, .pdf"
BINARY = "looks like binary data, not text"
NO_TEXT_LAYER = "PDF 没有文字层(扫描件?),无法识别文字;PDF has no text layer (scanned?); OCR is not supported"


def marked(source: SourceText) -> list[tuple[str, str]]:
    return [(item.reason, item.span.slice(source.text)) for item in source.ignored]


def problem(data: bytes, name: str) -> str:
    with pytest.raises(InputError) as caught:
        read_source(data, name)
    assert caught.value.source == name
    return caught.value.problem


# ------------------------------------------------------------------------------------------------ plain text


def test_sample_reads_as_utf8_with_its_boilerplate_marked_and_kept():
    source = read_source(SAMPLE_BYTES, SAMPLE_PATH.name)
    assert (source.media_type, source.encoding) == ("text/plain", "utf-8")
    assert source.text == SAMPLE_TEXT  # already "\n" only: nothing was removed or rewritten
    assert marked(source) == SAMPLE_BOILERPLATE


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SAMPLE_TEXT.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF8 + SAMPLE_BYTES, "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SAMPLE_TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE_TEXT.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE_TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: found from where the NUL bytes fall
        (SAMPLE_TEXT.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE_TEXT.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
    ],
    ids=["gb18030", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "gb18030-crlf"],
)
def test_sample_reencoded_decodes_to_exactly_the_same_text(encoded, encoding):
    source = read_source(encoded, "sample.txt")
    assert source.encoding == encoding
    assert source.text == SAMPLE_TEXT
    assert marked(source) == SAMPLE_BOILERPLATE


def test_big5_traditional_is_not_misread_as_gbk():
    traditional = opencc.OpenCC("s2t").convert(SAMPLE_TEXT)
    source = read_source(traditional.encode("big5", errors="replace"), "sample.txt")
    assert source.encoding == "big5"
    assert source.text.splitlines()[8] == "關於加力實施工業經濟穩增長強動能提質效年度九大行動的意見"
    assert [reason for reason, _ in marked(source)] == [reason for reason, _ in SAMPLE_BOILERPLATE]


def test_md_and_text_extensions_read_as_text():
    assert read_source("# 标题\n正文。".encode(), "a.md").media_type == "text/markdown"
    assert read_source("正文。".encode(), "A.TEXT").text == "正文。"


def test_decode_text_reports_codec_and_normalises_newlines():
    assert decode_text("一\r\n二\r三".encode("gb18030"), "x") == ("一\n二\n三", "gb18030")


# ------------------------------------------------------------------------------------------------ HTML

GBK_PAGE = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>关于推进工业稳增长的通知_政策文件_某市人民政府</title>
<script>document.title = "首页";</script><style>p { margin: 0 }</style></head>
<body>
<div class="top">某市政府网</div>
<div class="nav"><a href="/">首页</a>|<a>导航</a>|<a>登录</a>|<a>关于本站</a>|<a>联系我们</a></div>
<div class="pos">当前位置：<a>首页</a> &gt; <a>政策文件</a></div>
<h1>关于推进工业稳增长的通知</h1>
<div class="tools">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a> <a>关闭窗口</a></div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<p>　　各区（市）人民政府，市政府各部门：</p>
<p>　　为推动工业经济&ldquo;稳增长&rdquo;，现将有关事项
通知如下。&nbsp;&nbsp;请认真贯彻执行。</p>
<div style="display: none">隐藏的模板文字</div>
<div>上一篇：<a>关于印发某某方案的通知</a></div>
<div>下一篇：<a>某市召开工业经济运行会议</a></div>
<div class="foot"><p>版权所有：某市人民政府办公厅</p><p>主办单位：某市人民政府办公厅</p>
<p>鲁ICP备05029567号 网站标识码：3702000001</p><p>扫一扫在手机打开当前页</p></div>
</body></html>"""

GBK_PAGE_TEXT = """某市政府网
首页|导航|登录|关于本站|联系我们
当前位置：首页 > 政策文件
关于推进工业稳增长的通知
【字体：大 中 小】 打印本页 关闭窗口
分享到：微信 微博
各区（市）人民政府，市政府各部门：
为推动工业经济“稳增长”，现将有关事项通知如下。 请认真贯彻执行。
上一篇：关于印发某某方案的通知
下一篇：某市召开工业经济运行会议
版权所有：某市人民政府办公厅
主办单位：某市人民政府办公厅
鲁ICP备05029567号 网站标识码：3702000001
扫一扫在手机打开当前页"""


def test_gbk_page_without_content_container_keeps_every_line_and_marks_the_furniture():
    source = read_source(GBK_PAGE.encode("gbk"), "notice.html")
    assert (source.media_type, source.encoding) == ("text/html", "gb18030")
    assert source.text == GBK_PAGE_TEXT
    assert marked(source) == [
        ("site-header", "某市政府网"),
        ("nav", "首页|导航|登录|关于本站|联系我们"),
        ("breadcrumb", "当前位置：首页 > 政策文件"),
        ("font-size", "【字体：大 中 小】 打印本页 关闭窗口"),
        ("share", "分享到：微信 微博"),
        ("prev-next", "上一篇：关于印发某某方案的通知"),
        ("prev-next", "下一篇：某市召开工业经济运行会议"),
        ("copyright", "版权所有：某市人民政府办公厅"),
        ("site-info", "主办单位：某市人民政府办公厅"),
        ("icp", "鲁ICP备05029567号 网站标识码：3702000001"),
        ("share", "扫一扫在手机打开当前页"),
    ]


def test_content_container_is_preferred_and_the_missing_title_becomes_the_first_line():
    page = """<html><head><meta charset="gb2312"><title>关于推进工业稳增长的通知 - 某市人民政府</title></head>
    <body><div class="nav">首页|导航|登录</div>
    <div id="zoom"><p>各区（市）人民政府：</p><p>现将有关事项通知如下。</p></div>
    <div>上一篇：某某</div></body></html>"""
    source = read_source(page.encode("gb2312"), "notice.htm")
    assert source.text == "关于推进工业稳增长的通知\n各区（市）人民政府：\n现将有关事项通知如下。"
    assert source.ignored == ()


def test_valid_utf8_wins_over_a_stale_gbk_declaration():
    page = '<html><head><meta charset="gbk"></head><body><p>青岛市工业和信息化局</p></body></html>'
    source = read_source(page.encode("utf-8"), "saved.html")
    assert (source.text, source.encoding) == ("青岛市工业和信息化局", "utf-8")


def test_html_table_rows_are_lines_of_bar_separated_cells_with_merged_cells_repeated_down():
    page = """<html><body><table>
    <tr><th>序号</th><th>重点工作</th><th>责任领导</th><th>责任单位</th><th>完成时限</th></tr>
    <tr><td>1</td><td><p>推动技改|投资</p><p>增长10%</p></td><td rowspan="2">张三</td>
        <td>市工业和信息化局</td><td>全年</td></tr>
    <tr><td>2</td><td>培育专精特新企业</td><td colspan="2">市民营经济局</td></tr>
    </table></body></html>"""
    assert read_source(page.encode(), "t.html").text == (
        "序号|重点工作|责任领导|责任单位|完成时限\n"
        "1|推动技改∣投资 增长10%|张三|市工业和信息化局|全年\n"
        "2|培育专精特新企业|张三|市民营经济局|"  # merged across columns: once, in its first column
    )


def test_a_cell_merged_over_rows_and_columns_repeats_down_the_rows_and_stands_once_across():
    page = """<html><body><table>
    <tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
    <tr><td colspan="5">一、科技创新行动</td></tr>
    <tr><td rowspan="2">1</td><td>建设创新平台。</td><td colspan="2" rowspan="2">市科技局</td>
        <td rowspan="3">2024年12月底前</td></tr>
    <tr><td>引进人才团队。</td></tr>
    <tr><td>2</td><td>培育科技型企业。</td><td>市科技局</td><td></td></tr>
    </table></body></html>"""
    assert read_source(page.encode(), "t.html").text == (
        "序号|工作任务|牵头单位|配合单位|完成时限\n"
        "一、科技创新行动||||\n"  # a heading across the table is one cell, not a task of its own
        "1|建设创新平台。|市科技局||2024年12月底前\n"  # down the rows: repeated; across columns: once
        "1|引进人才团队。|市科技局||2024年12月底前\n"
        "2|培育科技型企业。|市科技局||2024年12月底前"
    )


def test_a_br_in_a_table_cell_separates_list_items_unless_punctuation_already_does():
    page = """<html><body><table>
    <tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
    <tr><td>3</td><td>争取中央预算内投资。<br/>用好专项债券。</td><td>市发展改革委</td>
        <td>市财政局<br/>各区（市）<br>市税务局、<br/>青岛海关</td><td>2024年6月底前<br>长期坚持</td></tr>
    <tr><td>4</td><td><p>推动技改</p><p>投资增长</p></td><td>市财政局（牵头<br/>单位）</td>
        <td><br/>市商务局<br/></td><td>全年</td></tr>
    </table></body></html>"""
    assert read_source(page.encode(), "t.html").text == (
        "序号|重点任务|牵头单位|配合单位|完成时限\n"
        "3|争取中央预算内投资。 用好专项债券。|市发展改革委|市财政局、各区（市）、市税务局、 青岛海关"
        "|2024年6月底前、长期坚持\n"
        "4|推动技改 投资增长|市财政局（牵头单位）|市商务局|全年"
    )


def test_a_br_inside_a_bracket_that_closes_in_its_paragraph_does_not_break_the_line():
    page = """<html><body><div id="zoom">
    <p>2.扩大制造业投资。（牵头单位：市工业和信息化局，<br/>配合单位：市财政局（含<br>税务）；
    完成时限：2024年10月）<br/>下一句。</p>
    <p>（一）<br/>说明（见附件<br/>正文<br>（Smith<br/>Jones）</p>
    <div>上一篇：关于（某某<br/>）的通知<br/>下一篇：某某</div>
    </div></body></html>"""
    source = read_source(page.encode(), "t.html")
    assert source.text == (
        "2.扩大制造业投资。（牵头单位：市工业和信息化局，配合单位：市财政局（含税务）；完成时限：2024年10月）\n"
        "下一句。\n"
        "（一）\n"
        "说明（见附件\n"  # never closed: the <br> breaks as usual
        "正文\n"
        "（Smith Jones）\n"
        "上一篇：关于（某某）的通知\n"
        "下一篇：某某"
    )
    assert marked(source) == [("prev-next", "上一篇：关于（某某）的通知"), ("prev-next", "下一篇：某某")]


def test_a_saved_page_with_breaks_and_merged_cells_parses_into_complete_attributions(resources):
    page = """<html><head><meta charset="utf-8"><title>青岛市2024年扩大有效投资工作方案</title></head><body>
    <div class="article"><h1>青岛市2024年扩大有效投资工作方案</h1><p>青政办字〔2024〕21号</p>
    <p>一、重点任务</p>
    <p>1.扩大制造业投资。（牵头单位：市工信局，<br/>配合单位：市财政局；完成时限：2024年10月）</p>
    <p>附件：重点任务分解表</p>
    <table>
    <tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
    <tr><td rowspan="2">2</td><td>争取中央预算内投资。</td><td>市发展改革委</td>
        <td>市财政局<br/>各区（市）</td><td rowspan="2">2024年6月底前</td></tr>
    <tr><td>用好地方政府专项债券。</td><td>市财政局</td><td>市发展改革委</td></tr>
    </table></div></body></html>"""
    doc = ingest_bytes(page.encode(), "page.html", resources, strict=True)
    assert [
        (task.label, [u.name for u in a.lead], [u.name for u in a.cooperating], a.deadline.start, a.deadline.end)
        for task, a in doc.assignments
    ] == [
        ("1", ["市工业和信息化局"], ["市财政局"], date(2024, 10, 1), date(2024, 10, 31)),
        ("2", ["市发展改革委"], ["市财政局", "各区(市)"], date(2024, 1, 1), date(2024, 6, 30)),
        ("2", ["市财政局"], ["市发展改革委"], date(2024, 1, 1), date(2024, 6, 30)),
    ]


DOCUMENTS = Path(__file__).resolve().parent / "documents"


def test_a_pages_metadata_grid_above_its_article_gives_the_header_its_title_number_issuer_and_date(resources):
    """The grid (索引号：|…|主题分类：|…) stands outside the node read as the article, and the <title> is the site's:
    the grid's 标题, 文号, 发文机关 and 成文日期 are the document's; its task table is still a table."""
    page = (DOCUMENTS / "metadata_grid_page.html").read_bytes()
    doc = ingest_bytes(page, "metadata_grid_page.html", resources)
    meta = doc.metadata
    assert (meta.title, meta.doc_number) == ("关于印发潍城区2025年城市更新重点任务的通知", "潍城政办发〔2025〕14号")
    assert (meta.issuers, meta.date, meta.year) == (("潍城区人民政府办公室",), date(2025, 6, 3), 2025)
    assert [(t.label, [u.surface for u in a.lead], a.deadline.end) for t, a in doc.assignments] == [
        ("1", ["区住房和城乡建设局"], date(2025, 10, 31)), ("2", ["区交通运输局"], date(2025, 12, 31))]
    assert not {i.code for i in doc.issues} & {"unparsed-table", "unparsed-table-cell"}


def test_a_footer_line_keyed_like_metadata_is_no_grid():
    page = ("<html><body><div class='article'><p>正文第一段，内容较长，足以作为正文。</p><p>正文第二段。</p></div>"
            "<div class='foot'>来源：某某区人民政府</div></body></html>")
    assert read_source(page.encode(), "t.html").text == "正文第一段，内容较长，足以作为正文。\n正文第二段。"


@pytest.mark.parametrize("tab_title", ["x", "潍城区人民政府 关于印发潍城区2025年城市更新重点任务的通知",
                                       "关于印发潍城区2025年城市更新重点任务的通知_潍城区人民政府"])
def test_the_pages_own_heading_and_grid_row_are_read_whatever_the_tab_title(resources, tab_title):
    """A grid row inside the article (索引号：|…|发文日期：|…) no longer ends the header before the heading and the
    文号 under it; a <title> naming the site before the heading, or other words, is neither title nor issuer."""
    page = f"""<html><head><meta charset="utf-8"><title>{tab_title}</title></head><body><div class="article">
    <table><tr><td>索引号：</td><td>11370705MB0001234X/2025-00112</td><td>发文日期：</td><td>2025-06-09</td></tr></table>
    <h1>关于印发潍城区2025年城市更新重点任务的通知</h1><p>潍城政办发〔2025〕14号</p>
    <p>一、重点任务</p><p>1.改造老旧小区32个。（牵头单位：区住房和城乡建设局；完成时限：10月底前）</p>
    <p>潍城区人民政府办公室</p><p>2025年6月3日</p></div></body></html>"""
    meta = ingest_bytes(page.encode(), "page.html", resources).metadata
    assert (meta.title, meta.doc_number) == ("关于印发潍城区2025年城市更新重点任务的通知", "潍城政办发〔2025〕14号")
    assert meta.issuers == ("潍城区人民政府办公室",)


def test_layout_tables_are_read_as_blocks():
    page = """<html><body><table><tr><td><table><tr><td>序号</td><td>责任单位</td></tr></table></td></tr>
    <tr><td><p>第一段。</p><p>第二段。</p></td><td>侧栏</td></tr></table></body></html>"""
    assert read_source(page.encode(), "t.html").text == "序号|责任单位\n第一段。\n第二段。\n侧栏"


def test_a_source_line_break_between_chinese_characters_is_not_a_space():
    page = "<p>推动工业\n  经济 plus\nEnglish</p>"
    assert read_source(page.encode(), "t.html").text == "推动工业经济 plus English"


def assignment_rows(doc) -> list[tuple]:
    """Task label, lead and cooperating units, deadline start and end of each assignment."""
    rows = []
    for task, a in doc.assignments:
        units = [u.name for u in a.lead], [u.name for u in a.cooperating]
        rows.append((task.label, *units, a.deadline.start, a.deadline.end))
    return rows


def test_ordered_list_items_start_with_the_number_a_browser_shows():
    page = """<html><body>
    <ol><li>第一项。</li><li><p>第二项，</p><p>续。</p></li></ol>
    <ol start="4"><li>第四项。</li><li value="9">第九项。</li><li>第十项。</li></ol>
    <ol type="1"><li></li><li>空项之后。</li></ol>
    <ul><li>无序项。</li></ul>
    <ol type="a"><li>字母项。</li></ol>
    <ol style="list-style: none"><li>隐藏编号。</li></ol>
    <ol><li>1.自带编号。</li><li>3.5万元。</li></ol>
    </body></html>"""
    assert read_source(page.encode(), "list.html").text.split("\n") == [
        "1. 第一项。",
        "2. 第二项，",  # the number goes before the item's first text, not on a line of its own
        "续。",
        "4. 第四项。",
        "9. 第九项。",
        "10. 第十项。",
        "2. 空项之后。",  # an empty item keeps its number but adds no line
        "无序项。",
        "字母项。",
        "隐藏编号。",
        "1.自带编号。",  # already numbered by hand: not numbered twice
        "2. 3.5万元。",  # 3.5 is an amount, not a number
    ]


def test_ordered_list_items_parse_as_separate_tasks(resources):
    page = """<html><head><meta charset="utf-8"><title>青岛市2024年科技创新重点工作安排</title></head><body>
    <div class="article"><h2>青岛市2024年科技创新重点工作安排</h2><p>青科字〔2024〕3号</p>
    <p><strong>二、建设高能级创新平台</strong></p>
    <ol>
    <li>建设山东能源研究院青岛分院。（牵头单位：市科技局；配合单位：崂山区；完成时限：2024年6月底前）</li>
    <li>推进国家高端智能化家用电器创新中心建设。（牵头单位：市工业和信息化局；完成时限：全年）</li>
    </ol></div></body></html>"""
    doc = ingest_bytes(page.encode(), "page.html", resources, strict=True)
    assert assignment_rows(doc) == [
        ("1", ["市科技局"], ["崂山区"], date(2024, 1, 1), date(2024, 6, 30)),
        ("2", ["市工业和信息化局"], [], date(2024, 1, 1), date(2024, 12, 31)),
    ]


# ------------------------------------------------------------------------------------------------ Word


def build_docx() -> bytes:
    document = docx.Document()
    document.add_heading("关于加力实施工业经济稳增长的意见", 1)
    document.add_paragraph("　　为深入贯彻落实中央经济工作会议精神，提出如下意见。")
    document.add_paragraph("")
    rows = [
        ["序号", "重点工作", "责任领导", "责任单位", "完成时限"],
        ["1", "推动技改投资增长", "张三", "市工业和信息化局", "全年"],
        ["2", "培育专精特新企业", "", "市民营经济局", "2024年底"],
        ["3", "合计|汇总", "", "", ""],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).add_paragraph("第二段")
    table.cell(1, 2).merge(table.cell(2, 2))  # 责任领导 merged down
    table.cell(3, 1).merge(table.cell(3, 4))  # 合计 merged across
    document.add_paragraph("三、保障措施")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_reads_paragraphs_and_table_rows_in_order():
    source = read_source(build_docx(), "opinion.docx")
    assert source.media_type.endswith("wordprocessingml.document")
    assert source.text == (
        "关于加力实施工业经济稳增长的意见\n"
        "　　为深入贯彻落实中央经济工作会议精神，提出如下意见。\n"
        "序号|重点工作|责任领导|责任单位|完成时限\n"
        "1|推动技改投资增长 第二段|张三|市工业和信息化局|全年\n"
        "2|培育专精特新企业|张三|市民营经济局|2024年底\n"
        "3|合计∣汇总|||\n"
        "三、保障措施"
    )
    assert source.ignored == ()


def test_docx_merged_cells_repeat_like_html_and_a_row_of_one_cell_keeps_it_once():
    document = docx.Document()
    rows = [
        ["序号", "工作任务", "责任单位", "完成时限"],
        ["一、科技创新行动", "", "", ""],
        ["1", "建设创新平台。", "市科技局", "2024年12月底前"],
        ["", "引进人才团队。", "市人力资源社会保障局", ""],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(1, 3))  # a heading across the table
    table.cell(2, 0).merge(table.cell(3, 0))  # 序号 merged down
    table.cell(2, 3).merge(table.cell(3, 3))  # 完成时限 merged down
    out = io.BytesIO()
    document.save(out)
    assert read_source(out.getvalue(), "t.docx").text == (
        "序号|工作任务|责任单位|完成时限\n"
        "一、科技创新行动|||\n"
        "1|建设创新平台。|市科技局|2024年12月底前\n"
        "1|引进人才团队。|市人力资源社会保障局|2024年12月底前"
    )


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PIPE_ROWS = [
    ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
    ["1", "完善数据共享", "市发展改革委", "市财政局", "2026年7月底前"],
    ["2", "开展统计监测", "市统计局", "市审计局|市财政局", "2026年9月底前"],
    ["3", "开展统计执法检查", "市统计局", "市司法局｜市审计局", "2026年10月底前"],
]


def units_and_deadline(doc) -> list[tuple]:
    return [(task.label, [u.name for u in a.lead], [u.name for u in a.responsible], a.deadline.text)
            for task, a in doc.assignments]


def test_a_bar_printed_inside_a_word_cell_stays_in_its_cell_and_parts_its_units(resources):
    document = docx.Document()
    document.add_paragraph("青岛市统计工作2026年要点")
    table = document.add_table(rows=len(PIPE_ROWS), cols=len(PIPE_ROWS[0]))
    for r, values in enumerate(PIPE_ROWS):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc = ingest_bytes(docx_bytes(document), "pipe.docx", resources, strict=True)
    expected = [
        ("1", ["市发展改革委"], ["市财政局"], "2026年7月底前"),
        ("2", ["市统计局"], ["市审计局", "市财政局"], "2026年9月底前"),  # no column shifted: the lead stays
        ("3", ["市统计局"], ["市司法局", "市审计局"], "2026年10月底前"),
    ]
    assert units_and_deadline(doc) == expected
    # the same table typed as text, its cells parted by '|' and the units by 、, reads the same
    text = "青岛市统计工作2026年要点\n" + "\n".join(
        "|".join(cell.replace("|", "、").replace("｜", "、") for cell in row) for row in PIPE_ROWS)
    assert units_and_deadline(ingest_bytes(text.encode(), "pipe.txt", resources, strict=True)) == expected


def test_a_table_typed_with_full_width_bars_is_a_table(resources):
    """A text file's own ｜ rules a table as | does (the readers' escape of a bar inside a cell is another
    character): such a table read as nothing, with no warning, when the escape was ｜ itself."""
    rows = [row[:3] + row[4:] for row in PIPE_ROWS[:3]]
    typed = "青岛市统计工作2026年要点\n" + "\n".join("｜".join(row) for row in rows)
    doc = ingest_bytes(typed.encode(), "typed.txt", resources, strict=True)
    assert units_and_deadline(doc) == [("1", ["市发展改革委"], [], "2026年7月底前"),
                                       ("2", ["市统计局"], [], "2026年9月底前")]


def add_numbering(document, levels: list[tuple[str, str | None]], start_override: int | None = None) -> int:
    """A real numbering definition: an abstract definition with one w:lvl per (numFmt, lvlText) (None: no
    lvlText) and an instance of it, optionally restarting level 0 at ``start_override``; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max(int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum")))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:lvlText w:val="{text}"/>' if text is not None else "")
        + "</w:lvl>"
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    numbering.find(qn("w:num")).addprevious(abstract)  # the schema puts every abstractNum before the nums
    num = numbering.add_num(abstract_id)
    if start_override is not None:
        num.add_lvlOverride(0).add_startOverride(start_override)
    return num.numId


def numbered(document, text: str, num_id: int, level: int = 0, style: str | None = None) -> None:
    num_pr = document.add_paragraph(text, style=style)._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def test_word_list_number_style_numbers_become_text_prefixes():
    """python-docx's template styles List Number and List Number 2 with numbering instances whose single
    level is decimal "%1."; List Bullet's is a bullet. Counting runs on across other paragraphs and tables."""
    document = docx.Document()
    document.add_paragraph("一、重点任务")
    document.add_paragraph("打造海洋文化旅游品牌。", style="List Number")
    document.add_paragraph("", style="List Number")  # numbered 2 by Word, no line here
    document.add_paragraph("举办青岛国际啤酒节。", style="List Number")
    document.add_paragraph("另一列表。", style="List Number 2")
    document.add_paragraph("要点。", style="List Bullet")
    numbered(document, "不编号。", 0, style="List Number")  # numId 0 takes the style's numbering away
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].style = "List Number"
    table.cell(0, 0).paragraphs[0].add_run("表内")
    table.cell(0, 1).text = "市商务局"
    assert read_source(docx_bytes(document), "list.docx").text.split("\n") == [
        "一、重点任务",
        "1. 打造海洋文化旅游品牌。",
        "3. 举办青岛国际啤酒节。",
        "1. 另一列表。",
        "要点。",
        "不编号。",
        "4. 表内|市商务局",
    ]


def test_word_numbering_definitions_render_their_level_text_and_number_format():
    document = docx.Document()
    outline = add_numbering(
        document, [("chineseCounting", "（%1）"), ("decimal", "%2."), ("decimal", "(%3)")]
    )
    for text, level in [("加强统筹", 0), ("建立机制", 1), ("细化清单", 2), ("明确分工", 2), ("强化考核", 1),
                        ("保障投入", 0), ("设立基金", 1)]:  # fmt: skip
        numbered(document, text, outline, level)
    restarted = add_numbering(document, [("decimal", "%1、")], start_override=5)
    numbered(document, "推进", restarted)
    numbered(document, "落实", restarted)
    nested = add_numbering(document, [("decimal", "%1."), ("decimal", "%1.%2.")])
    numbered(document, "总体", nested)
    numbered(document, "细则", nested, 1)
    numbered(document, "其他", add_numbering(document, [("decimalFullWidth", None)]))  # no lvlText: "N. "
    numbered(document, "圆圈", add_numbering(document, [("decimalEnclosedCircle", "%1")]))
    numbered(document, "符号", add_numbering(document, [("bullet", "•")]))
    numbered(document, "无定义", 999)  # a numId the numbering part does not define
    assert read_source(docx_bytes(document), "outline.docx").text.split("\n") == [
        "（一）加强统筹",
        "1. 建立机制",
        "(1)细化清单",
        "(2)明确分工",
        "2. 强化考核",
        "（二）保障投入",
        "1. 设立基金",  # a higher level advancing restarts the lower ones
        "5、推进",
        "6、落实",
        "1. 总体",
        "1.1. 细则",
        "1. 其他",
        "①圆圈",
        "符号",
        "无定义",
    ]


def test_word_auto_numbered_paragraphs_parse_as_separate_tasks(resources):
    document = docx.Document()
    document.add_paragraph("青岛市2024年文化和旅游融合发展重点任务")
    document.add_paragraph("一、重点任务")
    document.add_paragraph(
        "打造海洋文化旅游品牌。（牵头单位：市文化和旅游局；配合单位：市海洋发展局；完成时限：2024年12月底前）",
        style="List Number",
    )
    document.add_paragraph(
        "举办青岛国际啤酒节。（牵头单位：市文化和旅游局；配合单位：黄岛区；完成时限：2024年8月）",
        style="List Number",
    )
    doc = ingest_bytes(docx_bytes(document), "plan.docx", resources, strict=True)
    assert assignment_rows(doc) == [
        ("1", ["市文化和旅游局"], ["市海洋发展局"], date(2024, 1, 1), date(2024, 12, 31)),
        ("2", ["市文化和旅游局"], ["黄岛区"], date(2024, 8, 1), date(2024, 8, 31)),
    ]


SAVED_PAGE = (
    "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>重点任务分工</title></head><body>"
    "<div class='content'><p>1.支持企业参加境外展会。（牵头单位：市商务局）</p></div></body></html>"
)


@pytest.mark.parametrize(
    "data",
    [
        SAVED_PAGE.encode(),
        codecs.BOM_UTF8 + b" \r\n" + SAVED_PAGE.encode(),
        b"<!-- saved from url=(0040)https://www.qingdao.gov.cn/ -->\n" + SAVED_PAGE.encode(),
        b'<?xml version="1.0" encoding="utf-8"?>\n' + SAVED_PAGE.replace("<!DOCTYPE html>", "").encode(),
    ],
)
def test_an_html_page_saved_with_a_docx_name_is_read_as_html(data):
    source = read_source(data, "tasks.docx")
    assert source.media_type == "text/html"
    assert source.text == "重点任务分工\n1.支持企业参加境外展会。（牵头单位：市商务局）"
    assert source == read_source(data, "tasks.html")


# ------------------------------------------------------------------------------------------------ PDF


PDF_FONT_OBJECTS = [  # 1: ToUnicode CMap (added per PDF), 2: descriptor, 3: CID font, 4: Type0 font
    b"<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
    b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /DW 1000 /FontDescriptor 2 0 R "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [3 0 R] "
    b"/ToUnicode 1 0 R >>",
]


def pdf_stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%b\nendstream" % (len(data), data)


def to_unicode_cmap(pages: list[list[str]]) -> bytes:
    """Character codes are the Unicode code points themselves: one identity range per high byte in use."""
    highs = sorted({ord(ch) >> 8 for page in pages for line in page for ch in line} | {0})
    ranges = " ".join(f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in highs)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
        "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(highs)} beginbfrange {ranges} endbfrange endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    ).encode()


def page_content(lines: list[str]) -> bytes:
    """One text object per line, 14pt apart; a page without lines gets a filled square and no text."""
    shown = ["".join(f"{ord(ch):04X}" for ch in line) for line in lines]
    ops = [f"BT /F1 10 Tf 50 {800 - 14 * i} Td <{codes}> Tj ET" for i, codes in enumerate(shown)]
    return "\n".join(ops or ["50 50 100 100 re f"]).encode()


def build_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose text layer is a Type0 font (Identity-H) with a ToUnicode CMap, written byte by byte.

    No glyphs are embedded, so a viewer shows blanks, but the text layer is real: it is what pypdf reads.
    """
    objects = [pdf_stream(to_unicode_cmap(pages)), *PDF_FONT_OBJECTS]
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for lines in pages:
        objects.append(pdf_stream(page_content(lines)))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>" % (pages_id, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects.append(b"<< /Type /Pages /Kids [%b] /Count %d >>" % (b" ".join(kids), len(pages)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


PDF_PAGES = [
    [
        "关于加力实施工业经济稳增长的意见",
        "一、工作目标",
        "全市规模以上工业增加值同比增长6.5%左右，其中制造业增加值增长6.5%以",
        "上，工业经济稳步提升。",
        "1. 推动技改投资。(牵头单位:市工业和信息化局;完成时限:全年)",
        "- 1 -",
    ],
    [
        "2",
        "二、重点任务",
        "加快推进新型工业化，推动工业经济实现质的有效提升和量的合理增长，做",
        "好保障，确保各项工作落地见效，年底前完成全部任务目标，形成总结报告：",
        "(一)工业强市提振行动",
        "第2页",
    ],
]


def test_pdf_text_layer_with_layout_wraps_joined_and_page_numbers_marked():
    source = read_source(build_pdf(PDF_PAGES), "opinion.pdf")
    assert source.media_type == "application/pdf"
    assert source.text.split("\n") == [
        "关于加力实施工业经济稳增长的意见",
        "一、工作目标",
        "全市规模以上工业增加值同比增长6.5%左右，其中制造业增加值增长6.5%以上，工业经济稳步提升。",
        "1. 推动技改投资。(牵头单位:市工业和信息化局;完成时限:全年)",
        "- 1 -",
        "2",
        "二、重点任务",
        "加快推进新型工业化，推动工业经济实现质的有效提升和量的合理增长，做好保障，确保各项工作落地见效，"
        "年底前完成全部任务目标，形成总结报告：",  # ends in ： so the next line stays a line of its own
        "(一)工业强市提振行动",
        "第2页",
    ]
    assert marked(source) == [("page-number", "- 1 -"), ("page-number", "2"), ("page-number", "第2页")]


def test_a_deadline_a_pdf_spaced_and_broke_over_lines_is_shown_as_printed_its_span_on_the_source(resources):
    pages = [[
        "青岛市2026年重点工作实施方案",
        "1. 推动技改投资。（牵头单位：市工业和信息化局；完成时限： 2026 年 9 月底前）",
        "2. 争取专项债券。（牵头单位：市财政局；配合单位：市发展改革委；完成时限： 2026 年",
        "5 月底前）",
    ]]
    doc = ingest_bytes(build_pdf(pages), "plan.pdf", resources, strict=True)
    deadlines = [a.deadline for _, a in doc.assignments]
    assert [(d.text, d.end) for d in deadlines] == [("2026年9月底前", date(2026, 9, 30)),
                                                    ("2026年5月底前", date(2026, 5, 31))]
    assert [d.span.slice(doc.text) for d in deadlines] == ["2026 年 9 月底前", "2026 年\n5 月底前"]


# A notice as its writer paragraphed it; copied out of a PDF into a text file it keeps the page's line breaks.
NOTICE_PARAGRAPHS = [
    "关于印发青田县2025年农村供水保障工作要点的通知",
    "一、重点任务",
    "1.实施农村供水提质工程。新建改造供水管网120公里，巩固提升农村自来水普及率，确保水质达标率稳定在95%"
    "以上。由县水利局牵头，县住房和城乡建设局、县卫生健康局、各乡镇人民政府配合，2025年11月底前完成。",
    "2.健全运行管护机制。落实县级统管责任，完善水费收缴和工程维修养护制度。（牵头单位：县水利局；责任单位："
    "县财政局、县发展和改革局、各乡镇人民政府；完成时限：2025年12月底）",
    "二、保障措施",
    "加强督查考核，将农村供水保障纳入乡镇年度考核内容。县委督查室、县政府督查室负责。",
]


def _page_lines(paragraph: str, columns: int) -> list[str]:
    """A paragraph as a page of ``columns`` CJK characters a line prints it (ASCII counting half)."""
    lines, line, used = [], "", 0
    for ch in paragraph:
        width = 2 if ord(ch) > 0x2E7F else 1
        if used + width > 2 * columns:
            lines, line, used = [*lines, line], "", 0
        line, used = line + ch, used + width
    return [*lines, line]


@pytest.mark.parametrize("columns", [24, 28, 33, 40])
def test_a_text_file_copied_from_a_pdf_reads_as_its_paragraphs(resources, columns):
    def read(text: str) -> list[tuple]:
        doc = ingest_bytes(text.encode(), "notice.txt", resources)
        return [(t.label, [u.surface for u in a.lead], [u.surface for u in a.responsible],
                 ["".join(u.surface.split()) for u in a.cooperating], a.deadline and a.deadline.end)
                for t, a in doc.assignments]

    wrapped = "\n".join(line for p in NOTICE_PARAGRAPHS for line in _page_lines(p, columns))
    assert wrapped.count("\n") > len(NOTICE_PARAGRAPHS) + 2  # breaks inside paragraphs
    want = read("\n".join(NOTICE_PARAGRAPHS))
    assert len(want) == 3 and want[0][1] == ["县水利局"] and want[0][4] == date(2025, 11, 30)
    got = read(wrapped)
    assert [(label, [''.join(u.split()) for u in lead], [''.join(u.split()) for u in resp], coop, end)
            for label, lead, resp, coop, end in got] == want


def test_a_full_line_ending_on_a_key_and_its_colon_goes_on_with_the_key_s_value():
    from ingest.read import is_layout_wrap

    full = "推行联合验收和多测合一，进一步压缩审批时间，提升服务效能。责任单位："
    assert is_layout_wrap(full, "市住房城乡建设局、市自然资源和规划局。", 60)
    assert is_layout_wrap(full.replace("责任单位", "牵头部门"), "市发展改革委。", 60)
    # any other colon ends its clause, and a salutation to 各牵头单位 is no key; a short line is no wrap
    assert not is_layout_wrap(full.replace("责任单位：", "具体要求如下："), "一是加强领导。", 60)
    assert not is_layout_wrap("关于做好营商环境重点任务落实的通知，请各牵头单位：", "按时报送进展。", 50)
    assert not is_layout_wrap("责任单位：", "市住房城乡建设局。", 60)


def test_a_ragged_copy_s_lines_a_few_characters_short_are_wraps_but_a_key_line_ending_on_its_role_is_not():
    from ingest.read import is_layout_wrap

    # a line at 80% of the page that ends inside a name is a wrap (由市城市 / 管理局牵头)
    assert is_layout_wrap("破损、管线杂乱、垃圾乱堆等问题，整治后纳入常态化保洁。由市城市", "管理局牵头，市住建局配合。", 80)
    # a key line closing on its role verb ends there, however wide: the next line is a heading of its own
    assert not is_layout_wrap("责任单位：市城市管理局牵头，各区人民政府等单位按职责分工负责", "加强分类宣传引导", 64)
    # a line far short of the page is a paragraph's end
    assert not is_layout_wrap("实现厨余垃圾日产日清", "加强分类宣传引导", 80)


def test_pdf_without_text_layer_is_refused():
    assert problem(build_pdf([[]]), "scan.pdf") == NO_TEXT_LAYER


# ------------------------------------------------------------------------------------------------ errors


def empty_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return out.getvalue()


NOT_WORD = "not a valid Word document: "
ERROR_CASES = [
    (b"", "empty.txt", "文件是空的;file is empty"),
    (b"", "empty.pdf", "文件是空的;file is empty"),
    (b"hello", "notes.xyz", UNKNOWN_TYPE),
    (b"hello", "README", UNKNOWN_TYPE.replace("'.xyz'", "(no extension)")),
    (b"\x00\x01\x02\x03binary", "x.txt", BINARY),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image.txt", BINARY),
    (bytes(range(128, 256)), "x.txt", BINARY),
    ("正文\x07响铃".encode(), "x.txt", BINARY),
    (b" \n\t\r\n", "blank.txt", "file contains only whitespace"),
    (
        b"<html><body><img src='a.png'><script>var x;</script></body></html>",
        "blank.html",
        "HTML page has no text",
    ),
    (b"\x00\x01\x02\x03binary", "x.html", BINARY),
    (b"PK\x03\x04 truncated", "bad.docx", NOT_WORD + "File is not a zip file"),
    (b"plain text", "bad.docx", NOT_WORD + "File is not a zip file"),
    (empty_zip(), "bad.docx", NOT_WORD + "There is no item named '[Content_Types].xml' in the archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "old.doc.docx",
        NOT_WORD + "this is an old .doc file; save it as .docx",
    ),
    (build_pdf([[], []]), "scan.pdf", NO_TEXT_LAYER),
]


@pytest.mark.parametrize(("data", "name", "expected"), ERROR_CASES)
def test_errors_have_exact_one_line_problems(data, name, expected):
    assert problem(data, name) == expected


def test_a_corrupt_pdf_says_so():
    assert problem(b"%PDF-1.4\n1 0 obj << garbage", "bad.pdf").startswith("not a valid PDF: ")
    assert problem(b"<html>not a pdf</html>", "bad.pdf") == "not a valid PDF: no %PDF- header"


def test_an_empty_docx_has_no_text():
    out = io.BytesIO()
    docx.Document().save(out)
    assert problem(out.getvalue(), "blank.docx") == "Word document has no text"


def test_input_error_message_names_the_source():
    with pytest.raises(InputError, match=r"^notes\.xyz: unknown file type '\.xyz'"):
        read_source(b"x", "notes.xyz")


# ------------------------------------------------------------------------------------------------ boilerplate

POLICY_LINES = [
    line for line in SAMPLE_TEXT.split("\n") if line.strip() not in {t for _, t in SAMPLE_BOILERPLATE}
]
TRICKY_POLICY_LINES = [
    "序号|重点工作|责任领导|责任单位|完成时限",
    "1|推动首页经济|张三|市工业和信息化局|全年",
    "加强网站版权保护，严厉打击侵权盗版行为。",
    "推动企业登录“青岛政策通”平台申报。",
    "分享经济、平台经济健康发展。",
    "上一年度完成情况良好。",
    "下一步，将持续推进。",
    "关闭落后产能企业30家。",
    "第3页所列事项由市发展改革委负责。",
    "督促网站办理ICP备案手续。(责任单位:市通信管理局)",
    "推广使用规范字体字号。",
    "上篇 总体要求",
    "打印机、复印机等办公设备采购",
    "主办单位：市工业和信息化局",  # an event's organiser, far from any site furniture
    "欢迎来到我市投资兴业的企业享受以下政策。",
    "转载国家部委文件时须注明出处。",
]
FURNITURE_LINES = [
    ("login", "登录"),
    ("login", "登录 | 注册"),
    ("nav", "首页"),
    ("nav", "首页|新闻中心|政务公开|互动交流|联系我们"),
    ("nav", "网站地图"),
    ("nav", "联系我们"),
    ("page-tools", "【打印本页】【关闭窗口】"),
    ("page-tools", "打印本页"),
    ("font-size", "【字体:大 中 小】"),
    ("font-size", "字号"),
    ("prev-next", "上一篇:关于印发某某方案的通知"),
    ("prev-next", "下一篇：无"),
    ("related", "相关阅读"),
    ("related", "相关链接："),
    ("share", "分享到：微信 微博 QQ空间"),
    ("share", "扫一扫在手机打开当前页"),
    ("breadcrumb", "您现在的位置：首页 > 政策法规"),
    ("breadcrumb", "您的当前位置: >首页 -> 三农专题 -> 地方要闻"),
    ("nav", "rss"),
    ("repost", "转载请注明地址:http://www.example.cn/zc/7983.html"),
    ("repost", "本文链接：http://www.example.gov.cn/art/2024/3/1/art_1.html"),
    ("welcome", "您好,欢迎来到中国农资供销网"),
    ("welcome", "欢迎访问某某市人民政府门户网站"),
    ("copyright", "版权所有 © 青岛市人民政府办公厅"),
    ("copyright", "Copyright © 2024 www.qingdao.gov.cn All Rights Reserved"),
    ("icp", "鲁ICP备05029567号-1"),
    ("icp", "鲁公网安备 37020202000123号"),
    ("page-number", "— 12 —"),
    ("page-number", "第3页 共9页"),
]


@pytest.mark.parametrize(("reason", "line"), FURNITURE_LINES)
def test_furniture_lines_are_marked(reason, line):
    text = f"正文第一段。\n  {line}\u3000\n正文第二段。"
    assert [(item.reason, item.span.slice(text)) for item in find_boilerplate(text)] == [(reason, line)]


@pytest.mark.parametrize("line", TRICKY_POLICY_LINES)
def test_policy_lines_that_look_like_furniture_are_not_marked(line):
    assert find_boilerplate(f"关于推进工业稳增长的通知\n{line}\n正文。") == ()


def test_site_info_is_marked_only_next_to_other_furniture():
    text = "正文。\n主办单位：青岛市人民政府办公厅\n鲁ICP备05029567号"
    assert [item.reason for item in find_boilerplate(text)] == ["site-info", "icp"]


def test_site_header_needs_a_short_plain_first_line_followed_by_login_or_nav():
    assert [item.reason for item in find_boilerplate("中国政府网\n\n首页|导航|登录\n正文。")] == [
        "site-header",
        "nav",
    ]
    assert [item.reason for item in find_boilerplate("关于推进工业稳增长的通知\n登录\n")] == ["login"]
    assert [item.reason for item in find_boilerplate("中国政府网\n正文。\n登录")] == ["login"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(POLICY_LINES + TRICKY_POLICY_LINES), st.sampled_from(FURNITURE_LINES)))
)
def test_boilerplate_marks_exactly_the_furniture_lines(lines):
    text = "\n".join(["关于加力实施工业经济稳增长强动能提质效年度九大行动的意见"] + [
        line if isinstance(line, str) else line[1] for line in lines
    ])  # fmt: skip
    found = [item.span.slice(text) for item in find_boilerplate(text)]
    expected = [line[1] for line in lines if isinstance(line, tuple)]
    near_furniture = {"主办单位：市工业和信息化局"}  # may rightly be marked when generated next to furniture
    assert [line for line in found if line not in near_furniture] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("登录首页|导航上一篇:分享到\n 　\xa0正文。第页-12版权所有ICP备"),
        max_size=200,
    )
)
def test_ignored_spans_lie_in_the_text_and_cover_whole_lines(text):
    spans = [item.span for item in find_boilerplate(text)]
    assert spans == sorted(spans)
    lines = {line.strip(" \t\r\f\v\xa0\u3000\ufeff") for line in text.split("\n")}
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.slice(text) in lines
        assert text[span.start - 1 : span.start].strip(" \xa0\u3000") in ("", "\n")


# ------------------------------------------------------------------------------------------------ properties


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["x.txt", "x.html", "x.docx", "x.pdf"]))
def test_arbitrary_bytes_give_source_text_or_input_error(data, name):
    try:
        source = read_source(data, name)
    except InputError as error:
        assert error.problem and "\n" not in error.problem
        return
    assert isinstance(source, SourceText) and source.text.strip()
    for item in source.ignored:
        assert 0 <= item.span.start <= item.span.end <= len(source.text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cc", "Cs"]) | st.sampled_from("\n\r\t"), min_size=1))
def test_utf8_and_utf16_text_round_trips(text):
    # A leading U+FEFF is the byte-order mark of a text file, which readers drop by definition (the reader's
    # own rule, not this test's subject): "\ufeff" alone once drew an "only whitespace" refusal here.
    if not text.lstrip("\ufeff").strip() or text.startswith("\ufeff"):
        return
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert read_source(text.encode("utf-8"), "x.txt").text == expected
    assert read_source(codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "x.txt").text == expected


def test_a_pdf_whose_text_layer_gives_radicals_reads_and_shows_the_characters():
    """pypdf gives radical code points (⽉ U+2F49, ⻘ U+2ED8, ⺠ U+2EA0) for ordinary characters when a PDF's font
    maps its glyphs to them (a notice printed by Chromium with Noto CJK): the text kept, shown and exported
    read 5⽉底前 and ⻘岛市, and a search for 月 or 青 missed them. They are the characters, one for one."""
    pdf = build_pdf([["⻘岛市崂⼭区⼈⺠政府办公室关于做好防汛⼯作的通知", "崂政办字〔2026〕7号",
                      "1. 加强巡查。(牵头单位:区⽔务局;完成时限:2026年5⽉底前)"]])
    source = read_source(pdf, "flood.pdf")
    assert "青岛市崂山区人民政府办公室关于做好防汛工作的通知" in source.text
    assert "区水务局" in source.text and "2026年5月底前" in source.text
    assert not re.search("[\u2e80-\u2fdf]", source.text)


@pytest.mark.parametrize(("name", "says"), [
    ("通知.doc", "libreoffice --headless --convert-to docx"), ("通知.wps", "另存为"), ("公文.ofd", "export it as PDF"),
    ("分工表.xls", "a spreadsheet"), ("页面.mht", "save the page as .html"), ("附件.zip", "unpack it"),
])
def test_formats_offices_send_say_what_to_do(name, says):
    """A 97-2003 .doc, WPS, OFD (the official-document format), spreadsheets and archives are common in a
    supervision office's mail: each is refused with the way to a format policykg reads."""
    with pytest.raises(InputError, match=r"unknown file type") as err:
        read_source(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, name)
    assert says in str(err.value) and str(err.value).startswith(name)
