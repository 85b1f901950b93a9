"""How well the parser reads documents written for the tests (tests/documents/*.txt, each with a .json golden
written by reading it): assignment precision, recall and F1 (lead, responsible and cooperating sets exact per
attribution) and deadline recall (start, end and recurrence as the golden says, wherever one is printed).

    .venv/bin/python -m bench.parse_eval [-v] [--dir DIRECTORY]

``--dir`` scores the documents of another directory instead (each ``NAME.txt`` beside a ``NAME.json`` of the same
shape): real documents kept outside the repository, whose text must not be copied into it.

An attribution of the golden is found by ``at``, a piece of its text that occurs once in the document; the
parser's assignment whose attribution covers it is the one compared. Units are compared as printed (width and
Traditional characters normalised), so the score measures reading, not gazetteer resolution.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT

DOCUMENTS = ROOT / "tests" / "documents"
ROLES = ("lead", "responsible", "cooperating")


@dataclass
class Score:
    golden: int = 0
    predicted: int = 0
    exact: int = 0
    deadlines: int = 0
    deadlines_read: int = 0
    labelled: int = 0  # found under the right task label and section
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("golden", "predicted", "exact", "deadlines", "deadlines_read", "labelled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def precision(self) -> float:
        return self.exact / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.exact / self.golden if self.golden else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def deadline_recall(self) -> float:
        return self.deadlines_read / self.deadlines if self.deadlines else 1.0


def documents(directory: Path = DOCUMENTS) -> list[Path]:
    return sorted(p for p in directory.glob("*.txt") if p.with_suffix(".json").exists())


def golden(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def printed(unit) -> str:
    from ingest.normalize import normalize_name

    return normalize_name(unit.surface)


def roles_of(assignment) -> dict[str, list[str]]:
    return {role: [printed(u) for u in getattr(assignment, role)] for role in ROLES}


def deadline_of(assignment) -> dict | None:
    d = assignment.deadline
    if d is None:
        return None
    return {"text": d.text, "start": d.start.isoformat() if d.start else None,
            "end": d.end.isoformat() if d.end else None, "open_ended": d.open_ended,
            "recurring": getattr(d, "recurring", "")}


def deadline_matches(want: dict, got: dict | None) -> bool:
    if got is None:
        return False
    keys = ("start", "end", "recurring", "open_ended")
    defaults = {"recurring": "", "open_ended": False}
    same = all(want.get(k, defaults.get(k)) == got[k] for k in keys)
    return same and ("text" not in want or want["text"] == got["text"])


def section_of(doc, task) -> str | None:
    return doc.sections[task.section_seq - 1].title if task.section_seq else None


def find(doc, at: str):
    """The (task, assignment) whose attribution covers the unique occurrence of ``at``."""
    offset = doc.text.find(at)
    if offset < 0 or doc.text.find(at, offset + 1) >= 0:
        raise ValueError(f"{doc.source_name}: {at!r} must occur exactly once")
    point = offset + len(at) - 1
    for task, a in doc.assignments:
        if a.attribution_span.start <= point < a.attribution_span.end:
            return task, a
    return None, None


def score_document(doc, expected: dict) -> Score:
    # an attribution printed once for several tasks (on their heading) is one attribution read
    attributions = {(a.attribution_span.start, a.attribution_span.end) for _, a in doc.assignments}
    score = Score(golden=len(expected["assignments"]), predicted=len(attributions))
    for want in expected["assignments"]:
        task, got = find(doc, want["at"])
        if task is not None and (task.label, section_of(doc, task)) == (want["task"], want["section"]):
            score.labelled += 1
        elif task is not None:
            score.misses.append(f"{doc.source_name} {want['at']}: task want {want['task']}/{want['section']}, "
                                f"got {task.label}/{section_of(doc, task)}")
        got_roles = roles_of(got) if got else None
        if got_roles == {r: want[r] for r in ROLES}:
            score.exact += 1
        else:
            score.misses.append(f"{doc.source_name} {want['at']}: want {[want[r] for r in ROLES]}, "
                                f"got {got_roles and [got_roles[r] for r in ROLES]}")
        if want["deadline"]:
            score.deadlines += 1
            if got is not None and deadline_matches(want["deadline"], deadline_of(got)):
                score.deadlines_read += 1
            else:
                score.misses.append(f"{doc.source_name} {want['at']}: deadline want {want['deadline']}, "
                                    f"got {got and deadline_of(got)}")
    return score


def parse_file(path: Path, resources):
    from ingest.pipeline import ingest_bytes

    return ingest_bytes(path.read_bytes(), path.name, resources)


def run(directory: Path = DOCUMENTS) -> tuple[Score, dict[str, Score]]:
    from graph.store import load_resources

    resources = load_resources()
    total, per_doc = Score(), {}
    for path in documents(directory):
        per_doc[path.name] = score_document(parse_file(path, resources), golden(path))
        total.add(per_doc[path.name])
    return total, per_doc


def report(total: Score, per_doc: dict[str, Score], verbose: bool = False) -> str:
    lines = ["| document | attributions | exact | precision | recall | F1 | deadline recall | task and section |",
             "|---|---|---|---|---|---|---|---|"]
    for name, s in [*per_doc.items(), ("**all**", total)]:
        lines.append(f"| {name} | {s.golden} | {s.exact} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                     f"{s.deadlines_read}/{s.deadlines} | {s.labelled}/{s.golden} |")
    if verbose:
        lines += ["", *total.misses]
    return "\n".join(lines)


# Real documents are not in the repository (their text is others'): their figures are recorded here as measured
# with ``--dir`` on 2026-11-30, each set labelled by hand before the parser was run on it.
# The honest estimate for documents nobody here has seen is the latest set scored once before any fix made for it:
# set 8 (2026-11-30) with round 7's parser as it was merged (588ef28, before any change for set 8): 7 of 30
# attributions exact, 8 predicted (P 0.875, R 0.233, F1 0.368; per-document macro F1 0.485; deadlines 1/3).
# History of first contacts: set 5 F1 0.444 and set 6 0.385 (pooled 16 of 61 exact, 18 predicted, F1 0.405,
# deadlines 0/16); set 7 (round 7) 12 of 33 exact, 26 predicted, F1 0.407, macro 0.466, deadlines 1/1. Sets 5-8
# pooled at their first contact: 35 of 124 exact, 52 predicted, P 0.673, R 0.282, F1 0.398; deadlines 2 of 20.
# Set 9 (5 documents, 19 attributions), fetched after round 8's fixes and scored once with them (bd0e5f4), read
# 1 of 19 (4 predicted, F1 0.087, deadlines 0/12): each new set still brings layouts not met before.
# Set 10 (round 9; 12 documents, 21 attributions, no printed deadline), fetched after round 8's merge and scored once
# with main as merged (30a6baa, before any change for it): 15 of 21 exact, 19 predicted (P 0.789, R 0.714,
# F1 0.750; macro 0.667); set 8's 0.368 was the one before. Sets 5-10 pooled at their first contact: 51 of 164
# exact, 75 predicted, P 0.680 R 0.311 F1 0.427.
# Set 11 (round 10; 12 documents, 41 attributions, 6 printed deadlines), fetched after round 9's merge and scored
# once with main as merged (a1d5174, before any change for it): 23 of 41 exact, 37 predicted (P 0.622, R 0.561,
# F1 0.590; macro 0.536; deadlines 1/6), with five of the labeller's anchors moved inside the attribution the
# parser had found (as first printed, 19 exact, F1 0.487). Sets 5-11 pooled at their first contact: 74 of 205
# exact, 112 predicted, P 0.661 R 0.361 F1 0.467.
# Set 12 (round 11; 11 documents, 47 attributions, 10 dated deadlines), fetched after round 10's merge and scored
# once with main as merged (798703b, before any change for it): 36 of 47 exact, 43 predicted (P 0.837, R 0.766,
# F1 0.800; macro 0.731; deadlines 1/10), with the labeller's seven anchors of one document moved to end at the
# duty's 负责 inside the attribution the parser had found (as first printed, 32 exact, F1 0.711). It is the recorded
# figure now. Sets 5-12 pooled at their first contact: 110 of 252 exact, 155 predicted, P 0.710 R 0.437 F1 0.541.
# Set 13 (round 12; 6 documents, 20 attributions, no printed deadline), fetched after round 11's merge and scored once
# with main as merged (259acb5, before any change for it): 16 of 20 exact, 18 predicted (P 0.889, R 0.800, F1 0.842;
# macro 0.878), with 海曙's two single-unit lists printed before its 下同 convention relabelled lead as set 3's golden
# has it (as first printed, 14 exact, F1 0.737). It is the recorded figure now. Sets 5-13 pooled at their first
# contact: 126 of 272 exact, 173 predicted, P 0.728 R 0.463 F1 0.566.
# Set 14 (round 13; 6 documents, 32 attributions, no printed deadline governing one), fetched after round 12's
# merge in two batches and each document scored once with main as merged (92a6e54, before any change for it): 28 of
# 32 exact, 29 predicted (P 0.966, R 0.875, F1 0.918; macro 0.795; the first batch alone 23 of 24, F1 0.958); no
# labelling error changed a role (one task label set to the heading, the parser's convention). It is the recorded
# figure now. Sets 5-14 pooled at their first contact: 154 of 304 exact, 202 predicted, P 0.762 R 0.507 F1 0.609.
# Set 15 (round 14; 8 documents, 16 attributions, 5 printed deadlines), fetched after round 13's merge in two batches
# and each document scored once with main as merged (dc73732, before any change for it): 13 of 16 exact, 15
# predicted (P 0.867, R 0.812, F1 0.839; macro 0.625; deadlines 4/5; the first batch of six alone F1 0.857); no
# labelling error found afterwards. Fewer documents than aimed at: the pages corpus keeps returning earlier sets'
# pages. It is the recorded figure now. Sets 5-15 pooled at their first contact: 167 of 320 exact, 217 predicted,
# P 0.770 R 0.522 F1 0.622.
# Set 16 (round 15; 6 documents, 42 attributions, no printed deadline), fetched after round 14's merge in two batches,
# three from public repositories (texts quoted in code) and three fresh pages of the pages corpus, each document scored
# once with main as merged (2e899b0, before any change for it): 37 of 42 exact, 41 predicted (P 0.902, R 0.881,
# F1 0.892; macro 0.805; the repository batch alone 30 of 35, F1 0.870); no labelling error found afterwards. Not
# larger than sets 13-15 (6 documents, not the 10-15 aimed at: repositories hold few whole notices with
# attributions), though one document gives 30 attributions. It is the recorded figure now. Sets 5-16 pooled at
# their first contact: 204 of 362 exact, 258 predicted, P 0.791 R 0.564 F1 0.658.
# Set 17 (round 16; 5 documents, 13 attributions, no printed deadline), fetched after round 15's merge from the pages
# corpus (辽宁省, 沈阳市, 辽中区, 沈河区, 沁县) and scored once with a clean copy of main as merged (d7ade43, before any
# change for it): 8 of 13 exact, 10 predicted (P 0.800, R 0.615, F1 0.696; macro 0.400); no labelling error found
# afterwards. A small set (the stored pages are short and mostly cover notice), and the lowest first contact since
# set 11: two table and heading layouts not met before. It is the recorded figure now. Sets 5-17 pooled at their
# first contact: 212 of 375 exact, 268 predicted, P 0.791 R 0.565 F1 0.659.
# Set 18 (round 17; 8 documents, 33 attributions, 6 printed deadlines), fetched after round 16's merge from the pages
# corpus (济南市 and 临沂市 对口合作, 临沂's 河东区, 连云港市, 东莞市, 海东市 (青海), 长沙市, the 襄阳 metropolitan area) and
# scored once with main as merged (6de198c, before any change for it): 18 of 33 exact, 35 predicted (P 0.514,
# R 0.545, F1 0.529; macro 0.525; deadlines 0/6 as first labelled, 6/6 with the labels set to the contract's convention
# that a month, 2023年6月, is that month); no labelling error changed a role. The lowest first contact since set 9:
# a grid printed a cell per line with '|' opening the cells, places sharing one department (海东市、兰州市、临夏州发展改革
# 部门), and names no rule knew (汉江国投, 市政府办公室<研究室>, 市经协办 read as 市经 + 协办). It is the recorded figure
# now. Sets 5-18 pooled at their first contact: 230 of 408 exact, 303 predicted, P 0.759 R 0.564 F1 0.647.
# Set 19 (round 18; 6 documents, 10 attributions, no printed deadline), fetched after round 17's merge from the pages
# corpus in two batches (江西省's 鄱余万都 分工方案, 九江市's 大南昌都市圈 plan, 成安县's (河北) rectification notice, 汶上县's
# 民生实事 progress table, a page of 福建's 厦漳泉 同城化 plan; then 玉林市's (广西) 降碳 plan) and each document scored once
# with main as merged (ff883da, before any change for it): 9 of 10 exact, 9 predicted (P 1.000, R 0.900, F1 0.947;
# macro 0.833; the first batch of five alone 8 of 9, F1 0.941); no labelling error changed a role (three documents'
# task labels set to the parser's conventions afterwards). A small set: the pages corpus is nearly spent (about 35
# queries; most hits were plans without attributions in their stored part, earlier sets' pages, or pages cut inside
# their first attribution). The one miss, a record printed one field per line with its key alone (责任单位 /
# 成安县水利局、…), was a layout not met before. It is the recorded figure now. Sets 5-19 pooled at their first
# contact: 239 of 418 exact, 312 predicted, P 0.766 R 0.572 F1 0.655.
# Set 20 (round 19; 1 document, 3 attributions, no printed deadline): a time-boxed look at the pages corpus (about ten
# queries naming 宁夏, 青海, 甘肃, 内蒙古, 云南, 黑龙江, 山西) found one fresh page with attributions in its stored part,
# a wiki's Traditional copy of 黑龙江省促进经济稳增长的若干措施, scored once with main as merged (29453a2): 0 of 3 exact,
# 3 predicted (P 0.000, R 0.000, F1 0.000): 相关市、县政府 (the places concerned) split in two, and bare places sharing
# a government (哈尔滨、黑河、绥芬河市政府) dropped as no units. One document is too few to weigh, but it is the recorded
# figure now. Sets 5-20 pooled at their first contact: 239 of 421 exact, 315 predicted, P 0.759 R 0.568 F1 0.649.
# Set 21 (round 20; 14 documents, 88 attributions, 3 printed deadlines), in two batches: public repository texts first
# (read_file paging through a repository's SQL dump of a Guangzhou site that held set 7's text: four more of the city's
# 新型城市化 实施意见; a 绍兴 talent office's notice on a school's page) and three fresh 浙江 pages (建德, 鹿城, 龙湾 2025
# 若干政策); then six fresh pages (河南省, 三门峡, 洛阳, 滁州 2024, 六安 twice). Each batch scored once with main as merged
# (62791fe, before any change for it): 84 of 88 exact, 89 predicted (P 0.944, R 0.955, F1 0.949; macro 0.875;
# deadlines 2/3), with one anchor of the second batch moved inside the attribution the parser had found (as first
# printed 83, F1 0.938). The first batch alone 0.976 (mostly one family of notices set 7 taught), the second 0.880:
# a name holding a quoted word (市“两新”组织党工委), a bracket inside a name read as an attribution, a table's lead cells
# broken over lines (市生态 / 环境局), 各直属机构. It is the recorded figure now. Sets 5-21 pooled at their first contact:
# 323 of 509 exact, 404 predicted, P 0.800 R 0.635 F1 0.708.
# Set 22 (round 21; 10 documents, 66 attributions, 2 printed deadlines as first labelled), fetched after round 20's
# merge from the pages corpus (成都 2019 and 2022 分解方案, 苏州's 2017 progress table and 吴江区's 2024 分解 table, 青岛's 10件实事
# and a 2017 progress table, 天津's 十一五 分解 and 2021 分工, 重庆 铜梁区's and 北京 西城区's progress tables) and scored once
# with main as merged (da4b25b, before any change for it): 47 of 66 exact, 48 predicted (P 0.979, R 0.712, F1 0.825;
# macro 0.685; deadlines 1/2 as first labelled, 1/1 with a start date in task text relabelled to none, the project's
# convention). The brackets and keys (47 of 47) were read; four table layouts not met before were not: cells parted by
# spaces with a unit cell run over lines, a nine-unit cell taken for a sentence, a grid with each cell's '|' on the next
# line, a table with no separator at all. Lower than set 21's 0.949, it is the recorded figure now. Sets 5-22 pooled at
# their first contact: 370 of 575 exact, 452 predicted, P 0.819 R 0.643 F1 0.721.
# Set 23 (round 22; 9 documents, 39 attributions, 6 printed deadlines), fetched after round 21's merge (the texts of
# sets 1-22 are no longer on the machine that scored this one, so they could not be scored again): eight fresh pages
# of the pages corpus (陕西省's 2015 政府工作报告 分工 as a newspaper summed it up, a 工作要点 grid of 株洲市, a 首府 city's
# 政府工作报告 分解 (乌鲁木齐 by its wording), 马鞍山市's 实施细则 in Traditional with pinyin after characters, 洋县's (汉中)
# 2024 民生实事 table in Traditional, 淄博's 淄川区 and 临淄区 2023 重点工作任务, a 督查 notice of 扶余市 (吉林)) and a public
# repository's research note quoting the national 极端场景应急通信 opinion item by item; scored once with main as merged
# (fa26544, before any change for it): 22 of 39 exact, 28 predicted (P 0.786, R 0.564, F1 0.657; macro 0.667;
# deadlines 0/6); no labelling error found afterwards. Every bracket keyed with ':' and every role phrase was read (the
# national note, 淄川, 临淄, 陕西, 马鞍山, the 首府 city: 22 of 22); the misses were a collective with state farms
# (各乡镇场) dropped from all seven lists of 扶余 and one of its keys printed with ';' for its colon ((责任单位;…)), two grids
# printed a cell per line not met before (a lone '|' above the header, a row printing its first cell alone; each row
# opened by a lone '|' under a caption row, 建设时间 printing a bare year) and a recurring duty with a bracket between its
# period and its work (每季度(省級開發區每月)舉辦). The lowest first contact since set 20, it is the recorded figure now.
# Sets 5-23 pooled at their first contact: 392 of 614 exact, 480 predicted, P 0.817 R 0.638 F1 0.717.
# Round 23 took set 23's structure defects as grammar: top-level items 一、…三十四、 that carry their own attribution
# are tasks labelled by their number (三十四, not 正文), and a heading holding markup as text (五、<b>其他</b>事项, a
# <span style="…;…">) opens its section; set 23's task labels then 33 of 39 (30 after round 22), its roles unchanged
# (39 of 39). The six left are labelling conventions, not misreadings: 马鞍山's golden names the (一) action as the
# section (the parser's section is the 一、 part above it, 主要任务) and 株洲's rows have no 序号.
# Set 24 (round 23; 5 documents, 25 attributions, 1 printed deadline), fetched after round 23's structure fixes (about
# 40 queries: find_string and the code corpus over public repositories found only earlier sets' sources and structured
# data, so all five are pages: 丽水's 莲都区 2023 责任分解 progress table, 常州's 钟楼区 2021 民生实事 table as a document
# viewer's text layer, 湖州's 2020 责任分解, a 范文 site's page of a 景泰县 (白银, by 一条山镇) 精神文明 plan in Traditional,
# 湘西自治州's 2020 营商环境 plan in Traditional with pinyin) and scored once with branch parser-r23 at f39d0d3, before any
# change for it: 19 of 25 exact, 20 predicted (P 0.950, R 0.760, F1 0.844; macro 0.600; deadlines 1/1); no labelling
# error found afterwards. Fewer documents than the 6-10 aimed at: the stored pages are mostly cover notices or plans cut
# before their first attribution, and most fresh hits were places already used. The misses: a first-leads convention
# with its role qualified in a remark after a key's list (列第一位者为工作牵头单位或汇总单位) and 钟楼's table run into one
# paragraph by the viewer (header names, rows, a leader's name and glued lead and cooperating units, page numbers
# cutting a name), not read (0 of 5); round 23 made each a rule (25 of 25 after). It is the recorded figure now.
# Sets 5-24 pooled at their first contact:
# 411 of 639 exact, 500 predicted, P 0.822 R 0.643 F1 0.722.
# Set 25 (round 24; 5 documents, 26 attributions, 2 printed deadlines), fetched after round 23's merge (about 45
# queries of the pages corpus and a few find_string and code searches: the repositories gave only earlier sets'
# sources, most pages were cover notices, plans cut inside their first attribution, or places already used): 池州's
# 信访局 政务公开 task list (a grid printed a cell per line with each '|' on the next line), 略阳's (汉中) 文旅 task table
# one cell per line, 咸宁's 2020 政策措施 分工 table one cell per line in a gazette's page, 瑞金's 2022 稳经济 measures, a
# 范文 site's 促进消费 opinion of a 西安 district (雁塔 by its 长延堡街办), scored once with main as merged (db60e60,
# before any change for it): 4 of 26 exact, 4 predicted (P 1.000, R 0.154, F1 0.267; macro 0.350; deadlines 1/2),
# with three of 雁塔's anchors moved to end at the duty's 负责 inside the attribution the parser had found (as first
# printed, 2 exact, P 0.500 R 0.077 F1 0.133); no labelling error changed a role (雁塔's task labels set to the
# parser's 1/2/3 afterwards). The lowest first contact since set 20: the keys and brackets were read (瑞金 1 of 1),
# three table layouts and a prose duty were not: the closing-bar grid's rows did not line up under its header (a
# group cell merged over its rows, printed once, and an unnamed number column), 略阳's unit column was 责任股室 /
# (单位) with a 指标 column merged over the rows, deadline and leader columns before the units and two units glued
# (文化宣传股文化馆), 咸宁's unit cells listed 各县、市、区政府 (split in three outside a key), and 由X、Y、Z共同组织实施 and
# a market centre (华东服装城) were no duty and no unit. It is the recorded figure now. Sets 5-25 pooled at their
# first contact: 415 of 665 exact, 504 predicted, P 0.823 R 0.624 F1 0.710.
# Set 26 (round 25; 7 documents, 16 attributions, 2 printed deadlines), fetched after round 24's merge in two batches
# (about 95 queries of the pages corpus and a few of find_string and the code corpus: the repositories gave UI templates, a
# gov.cn crawl of national documents without attributions and earlier sets' sources; most pages were cover notices,
# plans cut before or inside their first attribution, or places already used): 安徽省's 重点工作及责任分解 as a news
# site's forum copy (牵头负责领导 / 牵头责任单位 / 协同责任单位 lines, items 1﹒, its year dropped from the title), 杭州's
# 2015 互联网+ draft, 汕尾's 2019 老区 实施方案 ([责任单位:…] in square brackets), a county's 环保督察 speech on a 范文 site
# (places blanked with X), a Traditional copy with pinyin of a 2010 news report of the State Council's 甘肃 分工方案, and
# 荆州's 2022 政务公开 list (a city set 12 used; a document not seen), scored once with main as merged (098671a, before
# any change for it): 10 of 15 exact, 11 predicted (P 0.909, R 0.667, F1 0.769; macro 0.583; deadlines 0/2); then 湖北省's
# 2018 政府工作报告 责任分解 in Traditional (牽頭單位:…;責任單位:… after the item's sentence), found after the fixes and
# scored once with branch parser-r25 at 4211d82, before any change for it: 1 of 1. The set: 11 of 16 exact, 12
# predicted (P 0.917, R 0.688, F1 0.786; macro 0.643); no labelling error changed a role (湖北's section label set to
# the parser's Simplified title afterwards). Keys, key lines and square brackets were read (安徽, 杭州, 汕尾, 湖北: 10 of
# 10); the misses were a
# pipe table whose header names span two columns each (工作任务 over the group cells 一、… | (一)…, 具体要求 over the number
# and the text) with its unit cells closing on 负责落实 and rows closing on spare bars, duties stated in the future
# (X、…等十三个部门将负责…, X、Y等部门还将负责…) in a report with no structure at all, and 牵头负责 before a comma read as
# 牵头 with 负责 as the work. It is the recorded figure now. Sets 5-26 pooled at their first contact: 426 of 681 exact,
# 516 predicted, P 0.826 R 0.626 F1 0.712.
# Set 27 (round 26; 7 documents, 30 attributions, 3 printed deadlines), fetched after round 25's merge in two batches
# (about 55 queries of the pages corpus in other wordings, find_string and the code corpus: a repository of crawled
# 规范性文件 gave rules without attributions, most pages were cover notices, plans cut before their first attribution,
# or places already used): 北京市's 2018 政务公开工作要点 ((X负责落实), (X、Y分别负责落实), several in one item) and its
# 政务公开 重点任务分工 2016-2020 (牵头单位 / 责任单位 / 完成时限 lines, its metadata a numbered list of keyed lines,
# [成文日期] 2016-06-08), 潍坊市's 2017 政务公开 实施方案 on a document site (a table one cell per line, unit cells
# X牵头落实), a county bureau's 政务公开 要点 in Traditional (a pipe table with 负责科室, 各责任科室) and a 范文 site's county
# 政务公开 template in Traditional with pinyin (places blanked with xx, (縣民政局牽頭落實)), scored once with main as merged
# (3159f6a, before any change for it): 16 of 19 exact, 19 predicted (P 0.842, R 0.842, F1 0.842; macro 0.850;
# deadlines 0/3); then two news reports found after the fixes, 开封's 2016 安全生产 专项整治 (X牵头,负责组织开展… nine
# times, 各县区负责…) and a Traditional copy of 泉州's 2012 春运 report (我市交通委、安監局、公安局將牽頭…), scored once
# with branch parser-r26 at 504a673, before any change for them: 10 of 11 (as first printed 9: 各县区's anchor, labelled
# into the work, moved to end at its 负责 inside the attribution the parser had found). The set: 26 of 30 exact, 30
# predicted (P 0.867, R 0.867, F1 0.867; macro 0.750; as first printed 25, F1 0.833); no labelling error changed a
# role (two documents' task labels set to the parser's conventions afterwards: a table's rows by its section, a page
# opening mid-text 正文). The misses: 潍坊's unit cells closing on 牵头落实, read as the subject 市发改委牵头 with 落实 as
# its work (the attribution stopping before the labelled phrase, where X、Y、Z分别牵头落实 was one phrase), 北京's metadata
# list, whose [成文日期] gave no date, so its 'by' deadlines (2018年底) started in their own year, not the page's (2016),
# and 泉州's speaker's place kept in the first unit (我市交通委). Fewer documents than aimed at: the pages corpus is
# nearly spent. It is the recorded figure now. Sets 5-27 pooled at their first contact: 452 of 711 exact, 546
# predicted, P 0.828 R 0.636 F1 0.719.
# Set 28 (round 27; 9 documents, 55 attributions, no printed deadline), fetched after round 26's merge in two batches
# (about 35 queries of the pages corpus in other kinds of text, 政协提案, 文明城市, 河长制, 环保督察, 巡察整改, 人大代表建议,
# 海南 and 兵团 and 街道, universities and hospitals, and pipe-table headers; find_string and the code corpus gave nothing
# usable; most hits were cover notices, plans cut before or inside their first attribution, or places already used):
# first documents not seen before of places already used (四川省's 现代流通 plan, 池州市's 营商环境 意见, 滕州市's 2023 重点任务,
# 咸阳市's 2022 放管服 要点 in Traditional), scored once with main as merged (7d91861, before any change for it): 8 of 8;
# then 德州市's 实施方案 ((X牵头负责,Y配合) after an unnumbered paragraph), 长兴县's 2023 责任分解 (a leader's name heading,
# 责任单位: on its own line) and three 嘉兴市 pipe tables (序号 | 主要工作任务 | 责任单位 |, unit cells with a blank after
# 、, and in a 2022 targets table an asterisk before the lead), scored once, still before any change: 42 of 47. The
# set: 50 of 55 exact, 55 predicted (P 0.909, R 0.909, F1 0.909; macro 0.963); no labelling error changed a first-contact
# count (嘉兴 2022's starred units, first labelled as leads, set to the project's convention that an unstated mark names
# no role, responsible and first; 池州's task labels set to the parser's item 1.). The misses, one class: an asterisk
# before a unit (*市委组织部(市委人才办)、 市人力社保局) was no known mark, so the starred unit was dropped (5 of 15 rows).
# Fewer new places than aimed at (德州, 嘉兴, 长兴): the pages corpus keeps returning places already used. It is the
# recorded figure now. Sets 5-28 pooled at their first contact: 502 of 766 exact, 601 predicted, P 0.835 R 0.655
# F1 0.734.
# Set 29 (round 28; 16 documents, 45 attributions, 1 printed deadline), fetched after round 27's merge in four batches
# (about 50 queries of the pages corpus in wordings not tried before, 重点任务清单, 老旧小区改造, 食品安全, 消防, 民生实事,
# 碳达峰, 整改清单, 招商引资, 数字政府, 稳就业, 医保, 双减, 城市更新, 督办事项, 工作台账, 十件实事, 重点工作部门分工, and places not
# used, 贵州, 广西, 甘肃, 青海, 西藏, 新疆, 海南, 吉林, 河北, 内蒙古's 旗; find_string gave only set 23's source): 临夏州's (甘肃)
# 营商环境 工作方案, 青海省's 2022 营商环境 三年行动计划 in Traditional, 昌吉州's (新疆) 2018 就业创业 意见 (牵头部门:…,配合部门:…),
# a 范文 site's 福建 食品放心工程 方案 (由X承办,Y协办), 东莞's 2021 稳就业 意见 in Traditional, a news copy of the national 十三五
# 温室气体 部门分工 (负责单位:… and 牵头单位:X 参加单位:Y) and a news report of the State Council's 2019 分工意见 (由X、Y等分工
# 负责, X、Y等分工负责<work>), scored once with main as merged (0f3e7cd, before any change for it): 18 of 21 exact; then
# the State Council's 2014 农村改革 分工 in Traditional (由X会同Y等部门…), its 2016 量化指标任务分工 (a table parted by spaces
# under 序号 工 作 任 务 牵头负责部门), 湖南省's 2016 分工意见 (分管副省长负责,X牵头。明确牵头部门的,…下同), a 科技部 news page of
# the 2016 分工 and a 2018 news summary (X、Y、Z等14部门按照职责分工负责), still before any change: 6 of 18; then pages found
# after the fixes, each scored once with branch parser-r28 before any change for it: 国发〔2020〕6号 (25bbf16; 1 of 1 with its
# deadline, 年内持续推进), and 广东's 2021 分工方案 (部门分工:X牵头,各地、各部门配合), a 2018 分工 news page of 乡村振兴 and a
# city's 十件实事 分解 on a 范文 site (c380aa1): 2 of 5. The set: 27 of 45 exact, 33 predicted (P 0.818, R 0.600, F1 0.692;
# macro 0.673; deadlines 1/1), with three anchors that ended after the attribution the parser had found moved inside it
# and 临夏's second task relabelled to the project's stated convention (以下各任务均需X落实 names X for every task below; as
# first printed 25, P 0.758 R 0.556 F1 0.641). The misses: a convention closing a bracket read as more units
# (明确牵头部门的,其他有关部门配合,不逐一列出,下同 gave a cooperating 其他有关部门; 列第一位的为牵头部门,其他部门和单位按职责分工
# 负责 gave 其他部门 and 单位; 以下各任务均需X、Y落实,不再一一列出 gave a unit 以下各任务均需X, and 以下各任务 was no 以下各项), units
# as a sentence's subject with how they share the work before the verb (X、Y、Z、W等分工负责深化…), an open list giving its
# count (等14部门), a spaced table whose header names are typeset wide (工 作 任 务), read as no header (9 rows); and in the
# fourth batch groups of units parted by ， under one 由 (由X、Y,各县(市)、区人民政府负责落实), a collective whose first kind
# says in brackets what it stands for (各县(市)、区人民政府) split in two, a bracket of thirteen ministries past the 80
# characters a phrase's units were allowed, and a headline's 由哪些部门牵头 read as a lead. The lowest first contact since
# set 25, it is the recorded figure now. Sets 5-29 pooled at their first contact: 529 of 811 exact, 634 predicted,
# P 0.834 R 0.652 F1 0.732.
# Set 30 (round 29; 15 documents, 51 attributions, 3 printed deadlines), fetched after round 28's branch in four
# batches (about 50 queries of the pages corpus in kinds of text not tried before, 巡视/审计整改, 林长制, 爱国卫生, universities,
# hospitals and 集团公司, 开发区 管委会, 乡镇 and 街道 要点, 数据局 work points, 责任科室, 民生实事 分解, 目标责任清单, 2025年版 若干政策,
# and places not used, 西藏, 贵州, 海南, 吉林; find_string and the code corpus gave nothing usable): 霍山县's 2025 开发区 责任清单
# (a grid closed by '|', 完成时限 全年), 霍邱县's 2025 一季度完成情况 in Traditional with pinyin (a table parted by spaces under
# 序號 重點工作任務 牽頭責任單位 一季度完成情況), the 2026 数智贵州 work points, 山东's 数字经济 若干措施 in Traditional with pinyin,
# 威海's 2023 数字政府 points, 官渡区's 2016 稳增长 measures and 韶关's 2023 数字政府 points in Traditional with garbled item
# numbers, scored once with the branch as made from parser-r28 (2871266, before any change for it): 10 of 20; then 芜湖
# 教育局's 2024 要点 (责任科室), 湖州's (Traditional) and 嘉兴's 2025 若干政策 (由X牵头 on a heading), 奉化区's 2024 十大民生实事
# (牵头领导:…,责任单位:…) and 金东区's 2024 民生实事 分解 (one cell per line, 事项分类 merged over its rows, several 协同单位),
# with the branch at a64a42d before any change for them: 11 of 15; then 绥宁县's 2025 目标责任清单 (its header printed again at a
# page break) and 灵璧县卫健委's 2021 分解 (牵头责任单位 / 主要协作单位 lines) at 79cfe83: 13 of 13, 14 predicted; then 谯城区
# 教育局's 2025 分解表 (one cell per line, unit cells closed by 。) at 923a5d8: 0 of 3. The set: 34 of 51 exact, 45 predicted
# (P 0.756, R 0.667, F1 0.708; macro 0.715; deadlines 3/3); no label changed after the parser ran. The
# misses: a spaced table whose header ends in a progress column after its units, a space in a progress cell giving a row
# more cells than names (1 of 8 rows read); 各市〔州〕, a kind of place aside in 〔〕, cut off as a note, and with a named
# place sharing a kind of department (各市〔州〕、贵安新区数据管理部门) read as two units; 以下任务均涉及X,不再重复 naming X for no
# task below; 市直有关部门、单位 giving a unit 单位; a garbled first item (?。ㄒ唬┚) read as the heading's paragraph; a cell-per-line
# header name 事项名称 joined to 项目内容 as one text column (each row's name read as its lead); and a header printed again at
# a page break read as a row naming no one; unit cells closed by a full stop taken for progress notes (every row lost
# its partners) and a run of section rows with no row under them run into the row above. The recorded figure now. Sets
# 5-30 pooled at their first contact: 563 of 862 exact, 679 predicted, P 0.829 R 0.653 F1 0.731.
# Set 31 (round 30; 9 documents, 78 attributions, no printed deadline), fetched after round 29's merge in two batches
# (about 25 queries of the pages corpus in sectors not tried before, 体育, 水利, 民政, 农业农村, 文旅, 应急, 市场监管, 卫健, 交通,
# 生态环境, 人社, 医保, 城管, 人大建议 and 政协提案, 县委要点, and find_string of attribution wordings, which gave texts quoted
# in repositories: a site's SQL dump, an LLM prompt, a QA script, a report-writing script): 广州's 2012 人才集聚工程 实施意见
# (44 items, (牵头单位：X，配合单位：Y、Z，各区、县级市)), 金乡县's 2025 责任分工, 六安 文旅局's 2024 要点, 绍兴 体育局's April 2024
# table one cell per line, a 范文 copy of 巢湖's 2020 应急管理 要点 and a policy site's summary of 莆田 人社局's 2022 补短板 方案
# (one run-on paragraph, cut off after a comma), scored once with the branch as made from main (226710b, before any
# change for it): 55 of 60, 55 predicted; then an excerpt of 上海's 2023 营商环境 measures (…等；各区政府), 莆田's 双招双引 十条
# 意见 and 九江学院's 2026 整改建议 ((牵头部门：X、Y)), with the branch at 3b38b40 before any change for them: 18 of 18. The
# set: 73 of 78 exact, 73 predicted (P 1.000, R 0.936, F1 0.967; macro 0.889; task labels 73/78); no label changed after
# the parser ran. The one miss: a page stored as one run-on paragraph ending on a comma was read as its header (a body
# line had to end on 。:)), so none of its five attributions was read; and in that layout a key printed again in the one
# sentence (our test document's 责任股室:) ran its value over every item after it. The first set above 0.95 at first
# contact, most of it (44 of 78) one document's regular brackets; the recorded figure now. Sets 5-31 pooled at their
# first contact: 636 of 940 exact, 752 predicted, P 0.846 R 0.677 F1 0.752.
# Set 32 (round 31; 5 documents, 31 attributions, no printed deadline), fetched after round 30's merge in two batches
# (about 20 queries of the pages corpus in kinds of text not tried before, 镇 and 街道 要点, 主责/协同单位, 责任主体, 乡村振兴,
# 教育局 责任科室, Traditional 分工 pages, and about 18 exact strings through find_string, which gave one page component
# of a repository; most pages were cover notices, plans cut before their first attribution, or documents already
# used): 数字广东建设2025年工作要点 items 1-14 as a repository's page component prints them (责任单位：X牵头，Y按职责分工负责,
# …，各地级以上市人民政府结合实际落实), 滁州's 2020 重点工作及责任分解 (牵头责任单位 / 协同责任单位 lines), 许昌's 2020 分解
# (责任单位:…等,各县(市、区)政府(管委会)) and 芜湖's 2019 分解表 (one cell per line), scored once with the branch as made
# from main (75ee186, before any change for it): 21 of 21; then 丽水's 2023 责任分解 (a first-leads remark after item 4's
# list, 分别牵头), still before any change: 9 of 10. The set: 30 of 31 exact, 31 predicted (P 0.968, R 0.968, F1 0.968;
# macro 0.980; task labels 31/31); no label changed after the parser ran. The one miss: a remark that opens on its
# exception (市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)) was cut at 列第一位, so the quoted 分别牵头 was read
# as a role phrase over the last unit, which was dropped. A small set, one document most of it (数字广东, 14 of 31; the
# other four 16 of 17, F1 0.941), of layouts the parser has long read; the recorded figure now. Sets 5-32 pooled at
# their first contact: 666 of 971 exact, 783 predicted, P 0.851 R 0.686 F1 0.759.
# Set 33 (round 32; 10 documents, 44 attributions, no printed deadline), fetched after round 31's merge in two batches
# (about 45 queries of the pages corpus in kinds and places not tried before, 主办/协办, 督办事项, 整改清单, 巡察, 文明城市,
# 乡村振兴 清单, 责任股室, 自治区, Traditional wordings, progress tables, 2025 若干措施 and 提振消费, and a few find_string,
# which gave only earlier sets' texts; most hits were pages cut before their first attribution, earlier sets' documents
# or places of sets 1-22 that could not be ruled out): 南京 鼓楼区's 2024 分解落实方案 ((X主办,Y、各街道板块协办)), 淮南
# 机关事务管理局's 2025 上半年落实情况 (a pipe table whose unit cells part units by spaces), 绍兴's 2020 一季度进展情况表,
# 嵊泗's 2021 乡村振兴任务清单 (an assessment list one cell per line with 评分部门), a 文库 page's 2022 上半年进展情况统计表 (a
# table one cell per line run into one paragraph with spaces), 铜川's 2025 分工意见 ((X负责)), 浙江省's 2024 责任分解 in
# Traditional, 马屿镇's 2024 分解 and 钟楼区's 2022 目标任务表 (a leaders' cell one name a line), scored once with the branch
# as made from main (3158478, before any change for it): 21 of 43, 35 predicted; then 咸宁's 2025 提振消费 若干措施 with the
# branch at b801f29 before any change for it: 1 of 1. The set: 22 of 44 exact, 36 predicted (P 0.611, R 0.500,
# F1 0.550; macro 0.550; task labels 31/43 in the first batch); no label changed after the parser ran. Five documents
# read every attribution (21 of 21); five layouts not met before read 1 of 23: a table one cell per line run into one
# paragraph with spaces (0 of 5), an assessment list with a column before 序号, figures past the next row's number and a
# 评分部门 column of no duty (0 of 13), a leaders' cell one name a line glued to the lead unit, 各街道板块 dropped as no unit
# (0 of 2), and a cell's space-parted units lost where one name holds 和. The lowest first contact since set 25, it is
# the recorded figure now. Sets 5-33 pooled at their first contact: 688 of 1015 exact, 819 predicted, P 0.840 R 0.678
# F1 0.750.
# Set 34 (round 33; 7 documents, 37 attributions, no printed deadline), fetched after round 32's merge in two batches
# (about 60 queries of the pages corpus in kinds of text not tried before, 安全生产 and 整改 清单, 河长制, 人大建议 主办/协办,
# 卫健 and 教育 要点, 督查通报, 会议纪要, 环保督察 整改, 2025 提振消费, Traditional wordings, places not used, and a few
# find_string, which gave only UI templates and earlier sets' sources; what yielded was a vein not tried before, notices
# of 2006-2016 as law mirrors store them from their first line): 扬州's 2007 十一五 纲要 分工 ((市经贸委牵头)), 东莞's 2012
# 十二五 纲要 分工, 嘉兴's 十一五 分解落实方案 as a 文库 page's text layer (a table run into one paragraph, 第一责任单位 | 主要责任
# 单位), 咸宁's 2016 十三五 纲要 分工 (由多个单位负责的,排在第一位的为牵头单位), 徐州's 2010 目标分解 (主办单位:…) and 无锡's 2011
# 分解落实方案 (each item's units in a bracket on the line under it), scored once with the branch as made from main (6481b41,
# before any change for it): 15 of 28 exact, 19 predicted; then 宁波's 2007 主要任务责任分解 (a bare bracket closing each item's
# paragraph) with the branch at d3d0887 before any change for it: 9 of 9. The set: 24 of 37 exact, 28 predicted (P 0.857,
# R 0.649, F1 0.738; macro 0.757; batch 1 alone P 0.789 R 0.536 F1 0.638, task labels 18/28); no label changed after the
# parser ran. Smaller than asked (the corpus is nearly spent for the kinds of text asked for).
# Four documents read every attribution (15 of 15); the misses: the run-together table with a section row between its header
# and row 1, 第一责任单位 no key, a column parting its units by 、 and , with the other column's glued before them, and a
# group's members (…领导小组各成员单位) cut in two (0 of 9); the last item's bracket on the text's last line taken for a
# report's byline (1); and a first-leads remark for lists of several units applied to single units, the remark itself read
# as a duty of 多个单位 (3, one false). The recorded figure now. Sets 5-34 pooled at their first contact: 712 of 1052 exact,
# 847 predicted, P 0.841 R 0.677 F1 0.750.
# Set 35 (round 34; 10 documents, 28 attributions, 6 printed deadlines), fetched after round 33's merge in two batches
# (about 55 queries of the pages corpus; what yielded was the law-mirror vein of 2006-2016 notices set 34 opened and one
# not tried before, environmental action plans of 2016-2019 whose brackets print X牵头,Y配合,Z负责落实): 黄冈's 2007 十一五
# 分解 (──由X会同有关部门和各县市区组织落实), 平顶山's 2013 重点工作 分解 (牵头单位/责任单位 lines), 十堰's 2016 十三五 分工 (bare
# brackets under 由多个单位负责的,排在第一位的为牵头单位), a blanked city's 十一五 分解方案 ((X会同有关部门和各县区组织推进)),
# 临汾's 2018 水污染防治 plan, 延安's 2018 蓝天保卫战 要点 in Traditional with pinyin after characters, 肥城's 2017 土壤 方案
# (排在前位为牵头部门,下同) and 拱墅's 2018 大气 plan, scored once with the branch as made from main (97037d4, before any
# change for it): 15 of 20 exact, 18 predicted; then 监利's 2018 职责清单 (a duty list run into one paragraph with spaces and
# no row numbers) and 融安's 2018 大气 plan (two bureaus glued in a list) with the branch at 346c454 before any change for
# them: 1 of 8, 2 predicted. The set: 16 of 28 exact, 20 predicted (P 0.800, R 0.571, F1 0.667; macro 0.591; batch 1 alone
# P 0.833 R 0.750 F1 0.789, task labels 18/20); no label changed after the parser ran. Smaller than asked again.
# Four documents read every attribution (9 of 9); the misses: 组织落实/组织推进 no role verbs (3: 会同's partners lost, a
# bracket closed by 组织推进 and 由X和Y组织落实 unread), a convention naming the front places (排在前位) for a list printed in
# groups (1), bare places sharing a zone's body (临汾、侯马、洪洞经济开发区管委会, 1), two bureaus glued in a list (1), and, left
# open, 监利's un-numbered spaced duty list (0 of 6, deadlines 0 of 6). The recorded figure now. Sets 5-35 pooled at their
# first contact: 728 of 1080 exact, 867 predicted, P 0.840 R 0.674 F1 0.748.
# Round 35 first took set 35's open class (077ca3d): a duty list run into one paragraph with spaces under a header
# naming its columns, with no 序号 and no row numbers (bare_tables.unnumbered_run_table: a row is its duty's sentence,
# its unit cells and its printed deadline up to the next sentence), a unit's name broken at a space (县交通 运输局,
# 县委县政府 督查室) one unit, and a copy's poster byline date (编辑: 某某 2019-03-14) no document date where the text names
# its year: 监利 6 of 6, deadlines 6 of 6, set 35 after the fixes 28 of 28 (6/6).
# Set 36 (round 35; 2 documents, 2 attributions, no printed deadline), fetched after that fix and scored once with the
# branch at 077ca3d, before any change for it: 佳木斯's 2018 水污染防治 方案 ([市水务局牵头,…配合,各县(市)区政府负责落实。…)])
# and a 福建 township's 2015 食品放心工程 方案 (由X承办,Y、Z配合): 2 of 2 exact, 2 predicted (P 1.000, R 1.000, F1 1.000;
# task labels 2/2); no label changed after the parser ran. Far smaller than asked (6-15 documents, ≥ 40 attributions):
# about 30 look-ups of the pages corpus, find_string and the code corpus found no other document not used before whose
# stored part holds a complete attribution. Two attributions weigh nothing; the figure is recorded as the brief asks,
# and the pooled figures below carry the weight. Sets 5-36 pooled at their first contact: 730 of 1082 exact, 869
# predicted, P 0.840 R 0.675 F1 0.748.
# Set 37 (round 36; 9 documents, 38 attributions, 8 printed deadlines), fetched from main at a30b4e9 (about 70 look-ups
# of the pages corpus in kinds and levels not tried before, 督查通报 of 常务会议 确定事项, a school's 整改报告, 清剿火患 and
# 消防 工作要点, 节能 分工, 营商环境 若干规定, a festival's 筹备方案, a docx copy of a 责任分工表, and a few find_string, which
# gave only earlier sets' texts) and scored once with the branch as made (a30b4e9, before any change for it): 紫阳's 2022
# 督察通报 (由县民政局负责的第1件、县发改局负责的第4件…), 商州 大荆中学's 2018 整改报告 (学校要求总务处…, 保证2018年7月低完成),
# a city 教育局's 2022 要点 as a PDF's text layer, 成都's 生活垃圾分类 责任分工表 as a docx site's run-together text, a city's
# 2011 消防 要点 (责任部门:…;配合部门:…), 峨山's 清剿火患 方案 by its towns (具体为:县公安消防大队负责甸中镇、…), a city's
# 十一五 节能 分工 (X负责…;Y负责…; 市发改委、市经贸委对…总负责), 湘阴's 2019 若干规定 (牵头责任单位:…;责任单位:…) and a
# 宁夏 county's blanked 采摘节 筹备方案 (主办单位: / one unit a line, **县委宣传部): 22 of 38 exact, 29 predicted (P 0.759,
# R 0.579, F1 0.657; task labels 17/38; deadlines 1/8), with four of the labeller's anchors in the 节能 paragraph moved
# to end at the duty's 负责 inside the attribution the parser had found (as first printed 18 exact, F1 0.537); no
# label changed after the parser ran. The recorded figure now. Sets 5-37 pooled at their first contact: 752 of 1120
# exact, 898 predicted, P 0.837 R 0.671 F1 0.745.
# Set 38 (round 37; 12 documents, 53 attributions, 8 printed deadlines), fetched from main at c81c203 (about 45 look-ups
# of the pages corpus: 民生实事 通报 and progress grids, 文明创建 宣传 and 代言 notices, a 创卫 进度表, a township's 脱贫 整改
# 方案, 常务会议 事项, 政策清单, 若干政策) and scored once with the branch as made (c81c203, before any change for it): 乐清's
# 2022 民生实事 通报 ((市水利局) after each project, a 责任单位 | 责任人 table), 兰州's 综合配套改革 事项 (由X副市长负责,Y牵头,
# 相关部门配合), 通城's 2020 文明创建 宣传 通知, a blanked city's 文明城市 代言 安排 (牵头单位: / 责任单位: lines), 上城's 2019
# 目标任务分解表, 鄂尔多斯's 2024 政策清单, an unnamed district's 2008 创卫 责任分解及进度表 (cells one per line, X负责,Y配合 and
# a date line each), a 四川 township's 2018 整改 方案, 萧县's 2023 民生实事 in Traditional with pinyin and unclosed brackets,
# 祁门's 民生工程 progress grid (a cell per line, each closed by its '|', with sub-rows), 苍南's 2023 若干政策 (a heading's
# lead) and a blanked town's 创文 方案: 45 of 53 exact, 56 predicted (P 0.804, R 0.849, F1 0.826; macro 0.897; task
# labels 34/53; deadlines 8/8); no label changed after the parser ran. Four of the twelve are places of sets 1-22
# (乐清, 兰州, 上城, 苍南; documents not on this machine, so a page of those sets cannot be ruled out): 20 of 20 there (21
# predicted); the other eight 25 of 33 (35 predicted, F1 0.735). Sets 5-38 pooled at their first contact: 797 of 1173
# exact, 954 predicted, P 0.835 R 0.679 F1 0.749.
# Set 39 (round 38; 11 documents, 43 attributions, 1 printed deadline), fetched from main at 79c40b6 (about 40 look-ups
# of the pages corpus: 职责分工 lists, 整治 方案, 督查 通报, 议案 办理 方案, 巡察 整改, 重点工作 records, Traditional copies)
# and scored once with the branch as made (79c40b6, before any change for it): 南宁's 2007 经济适用住房 方案 (X负责… duties
# in one paragraph, 其他有关单位要积极配合…), 北京's 2012 环境秩序 整治 duties (14.市卫生局:负责… items, a law site's page
# 4), 闵行's 2012 平安市场 duties (6、区质量技监局。负责…), 龙泉's 2017 综合执法局 方案, a county's 2016 经营秩序 治理 方案
# (牵头单位: / 责任单位: lines), a district's 救助帮困 system duties ((一)区民政局作为主管部门总体负责… over items),
# 广州's 2023 重点工作 record, 武汉's 2021 议案 方案 (各区人民政府〈含开发区管委会,下同〉), a district's 村庄环境整治 duties,
# a village plan's 责任单位: over (1)城管局负责城区街道; lines, and a blanked town's 巡察 整改 方案: 22 of 43 exact, 25
# predicted (P 0.880, R 0.512, F1 0.647; macro 0.628; task labels 20/43; deadlines 0/1); no label changed after the
# parser ran (three anchors of the village plan moved to end at 负责 before the fixes, as set 37's were: the same 22 of
# 43). After round 38's fixes 43 of 43 (43 predicted). Sets 5-39 pooled at their first contact: 819 of 1216 exact,
# 979 predicted, P 0.837 R 0.674 F1 0.746.
# Set 40 (round 39; 10 documents, 42 attributions, no printed deadline), fetched from main at b7f8411 (about 30 look-ups
# of the pages corpus: 应急预案 成员单位职责, 禁烧 and 爱国卫生 方案, 巡查 通报, 分工方案, 任务清单, 政策解读) and scored once with
# the branch as made (b7f8411, before any change for it): a county's 秸秆禁烧 方案 flattened into one paragraph
# (…职责如下:县环保局。负责…), 沈阳's 森林火灾 预案 page 2 ((1)市林业局。 / 负责… on the next line), a county's 2023 自然灾害
# 预案 ((34)县民政局:支持引导… inside a paragraph, …其他成员单位按照职责和…需要,协助做好…), 江西's 2017 鄱余万都 分工方案
# ((X、Y、Z负责。列第一位的为牵头部门,下同)), 平利's two 双创 巡查 通报 (由包片单位县气象局负责清除; 由X督促… naming no role),
# a town's 爱国卫生 方案 (水利所和各村(社区)负责具体实施), 沁县's 2025 任务清单 (县示范区管委会牵头工作(8项)), a county's
# 2022 防汛 预案 page (县自然资源局:负责… lines with no number) and 郯城's 2022 政策解读 (由X、Y等责任单位牵头): 17 of 42
# exact, 18 predicted (P 0.944, R 0.405, F1 0.567; macro 0.550; task labels 16/42); no label or anchor changed after
# the parser ran. Four pages are of places of earlier sets (沈阳, 江西, 平利, 沁县): 9 of 20 there (9 predicted); the
# others 8 of 22 (9 predicted). After round 39's fixes 42 of 42 (42 predicted). Sets 5-40 pooled at their first
# contact: 836 of 1258 exact, 997 predicted, P 0.839 R 0.665 F1 0.741.
# Set 41 (round 40; 8 documents, 32 attributions, 17 printed deadlines), fetched from main at bc57710 (about 55 look-ups
# of the pages corpus: 任务分工方案, 重点工作台账, 责任清单, 督办 and 督查 通知, 整改方案, 会议纪要, 河长制, 文明城市, 大气
# 污染防治, tables with 牵头单位/配合单位 columns, places not used) and scored once with a detached worktree of it (before
# any change for it): 巫山's 2018 河长制 report (…八大行动。即县水务局牵头,…), 四平 铁西区's 2019 督查通知单 (附件:存在问题
# 1.…(责任单位:英雄街道), the notice's 5月20日前 for every problem), 闵行's 2023 乡村振兴 task table (a cell per line, '|'
# under each, cells typeset over lines, 责任部门(加*号为牵头部门,其余为参与部门), 责任街镇), a district's 乡村振兴 行动计划
# flattened into one paragraph (…(一)强化组织领导。…【牵头单位:X;责任单位:Y】(二)…), 义乌's 山洪灾害防御 指南 draft
# (第四条市防指指挥协调、水务局负责牵头…; 镇(街道)负责…), a county's 2017 河长制 方案 (各乡(镇)要建立…,负责组织推进…), 株洲's
# 粮食安全 意见 in Traditional ((X、Y、…、中储粮株洲直属库。排名第一的为牵头单位,下同)) and 师宗's 2022 土地处置 meeting report
# (由X牵头,Y配合,在9月底前完成…): 21 of 32 exact, 29 predicted (P 0.724, R 0.656, F1 0.689; macro 0.416; task labels
# 23/32; deadlines 13/17); no label or anchor changed after the parser ran. Three pages are of places of earlier sets
# (闵行, 株洲, 师宗; 师宗's could be set 14's meeting report): 4 of 9 there (9 predicted); the others 17 of 23 (20
# predicted, F1 0.791). After round 40's fixes 32 of 32 (34 predicted, P 0.941, F1 0.970; deadlines 13/17: 闵行's
# year-less 月底 dated by the year its text names most, 2022, where the plan's is 2023). Sets 5-41 pooled at their first
# contact: 857 of 1290 exact, 1026 predicted, P 0.835 R 0.664 F1 0.740.
# Set 42 (round 41; 9 documents, 42 attributions, 26 printed deadlines), fetched from main at 8313a71 (about 56
# look-ups of the pages corpus) and scored once before any change for it: 遂宁's 2016 城市环境卫生 task table (a cell
# per line; 时间进度 dates, 2016年6底前), 鄂州's 2009 创园 duties (鄂州球团厂), a city's 2010 园林城市 pipe table
# (责任单位或牵头单位), 海曙区's 2024 责任分解 under X区长牵头重点工作 headings, 厦门's 2019 若干措施 (第一责任单位为牵头
# 单位), 上海's 2012 货运安全 意见 (Traditional with pinyin), a city's 2013 机动车限行 方案 in Traditional (a unit's name
# alone on a numbered line over its duty), 镇江's 2018 文明城市 分解表 and 萧山's 若干政策意见 (part titles of two
# clauses): 29 of 42 exact, 36 predicted (P 0.806, R 0.690, F1 0.744; deadlines 14/26; task labels 20/42). After the
# first run five labels were changed to the tests' convention (a lone unit under 第一责任单位为牵头单位 leads), one
# anchor mended and 鄂州's (八)/(九) made actions: 34 of 42 on main so. Eight documents are of places not met before:
# 28 of 41 there. After round 41's fixes 42 of 42 (42 predicted; deadlines 26/26). Sets 5-42 pooled at their first
# contact: 886 of 1332 exact, 1062 predicted, P 0.834 R 0.665 F1 0.740.
# Set 43 (round 42; 12 documents, 32 attributions, 1 printed deadline), fetched from main at 0fd4e23 (about 40
# look-ups of the pages corpus) and scored once before any change for it: 包头's 2011 重点工作任务分解意见 ((市经信委
# 牵头落实)), 恩施州's 2012 议案办理方案 (X为该议案办理工作的牵头责任单位…Y为协办单位), 阜阳's 2019 重点工作 (牵头负责领导 /
# 牵头责任单位 / 协同责任单位 lines), 海城's 2023 and 鞍山's 2024 任务分解和责任分工方案, 营口's 十三五 纲要 分工, 铁岭县's
# 2022 常务会议 report in Traditional (責成縣婦聯…), 黑山县's 2022 常务会议 report (县自然资源局要协调落实好…), 通辽's 2025
# 督察整改 销号公示 (a record table a cell per line with lone '|' rows), 六安's 2021 重点工作, 徐州's 2020 目标任务分解 and
# 石景山区's 2019 任务分解方案 PDF text: 26 of 32 exact, 27 predicted (P 0.963, R 0.812, F1 0.881; deadlines 0/1 as
# first labelled, 1/1 once a bare full date was labelled that day, the tests' convention; three anchors moved into
# the span the new rule reads, no role changed). The nine documents of places not met before 17 of 23 (F1 0.829).
# After round 42's fixes 32 of 32 (32 predicted; 1/1). Sets 5-43 pooled at their first contact: 912 of 1364 exact,
# 1089 predicted, P 0.837 R 0.669 F1 0.744.
# Set 44 (round 43; 10 documents, 30 attributions, 1 printed deadline), fetched from main at 00ccb24 (about 25
# look-ups of the pages corpus, which returned mostly cover notices, plans cut inside their first attribution and
# earlier sets' pages): 黑龙江省's 2013 政府工作报告 分工 (主办 / 协办 / 分别负责), 吉林省's 2014 落实意见 in Traditional
# (列第一位的为牵头部门,下同), 内蒙古's 2013 呼包银榆 分工方案, 平顶山's 2013 任务分解, 云南省's 2017 稳增长 意见 (staged
# deadlines in the text), 江西省's 2016 赣南苏区 要点 and 嵊州's 2022 若干政策 in Traditional, a blanked county's 常务
# 会议纪要 (…;四是經發局要認真做好…; 由X组织对…进行验收), then 崇川区's 2023 民生实事 table a cell per line and 广州's 2023
# record table, found after the first fixes and scored once on the branch before any change for them: 28 of 30
# exact, 29 predicted (P 0.966, R 0.933, F1 0.949; deadlines 1/1); the first eight on main alone 24 of 26 (F1 0.941).
# Only 吉林省 is plainly a place not met before (3 of 3). Fourteen task and section labels were set to the parser's
# conventions after the run (the 一、 part, Simplified), no role. After round 43's fixes 30 of 30. Sets 5-44 pooled
# at their first contact: 940 of 1394 exact, 1118 predicted, P 0.841 R 0.674 F1 0.748.
# Set 45 (round 44; 10 documents, 17 attributions, no printed deadline), fetched from main at d981d22 after a machine
# restart lost sets 5-44's files (their figures stand as recorded): 咸阳 (Traditional), 运城, 银川都市圈 (a Traditional
# news repost), a 2018 国务院 部门分工, 西宁, 金华's half-year progress table (牵头单位:X 责任单位:Y inside a 责任单位
# cell), 苍南县, 广西壮族自治区, 东莞 (Traditional) and 蔡甸区 (二、区绩效考评机构要将…): 14 of 17 exact, 15 predicted
# (P 0.933, R 0.824, F1 0.875). One miss is a label against the tests' convention (区人民政府办公室将对…进行督办: an
# issuer announcing its own work, no instruction; 0.903 by the convention). After round 44's fixes 16 of 17.
# Set 46 (round 45; 8 documents, 18 attributions, 1 printed deadline), from main at d981d22: township and county
# meeting reports and news pages, not notices (淅川县, 澧南镇, 胡集乡, 芦山县 a defaced mirror, 阿勒腾也木勒乡, 游仙镇,
# 犍为县, 千阳县城关镇 in Traditional; the pages corpus held few fresh notices): 2 of 18 exact, 5 predicted (P 0.400,
# R 0.111, F1 0.174; deadlines 0/1; five anchors moved into the span read, no role changed). A person leading with
# units carrying it out (由王光玲牵头,九重镇落实), units a lead organises (由乡政府牵头组织各村做好…), people after a
# partner's units (…和各村社区网格员协同): round 45; 10 of 18. Units setting up the means of the work (X要健全…,
# 建立…), a duty opening with a title (X负责《方案》…), 法庭: round 46; 12 of 18. Narrative sentences with no role
# verb (林业站一方面做好…) are left: reading them would read every news sentence as a duty.
# Set 47 (round 46; 8 documents, 24 attributions, 2 printed deadlines), from main at a00ed0d: 四川省's 2022 流通体系
# 方案 (〔责任单位:…按职责分工负责。…下同。〕), 山东省's 鲁政办字〔2015〕46号 (paragraphs closed by (…等负责)), 立山区's
# 2023 方案 (key lines, groups parted by ,), 平湖市's 2024 政府工作报告 分解 (a cell per line), 济南市中区's 2019 落实
# 情况表, 拱墅区's 2018 notice, an unnamed city's 2010 园林城市 pipe table (责任单位或牵头单位 / 协助单位 / 完成期限) and
# 菏泽市's 2023 notice: 23 of 24 exact, 23 predicted (P 1.000, R 0.958, F1 0.979; deadlines 2/2). After 24 of 24.
# Set 48 (round 47; 8 documents in Traditional, 36 attributions, no printed deadline), from main at 5635656: six
# decisions of Taiwan's 行政院院會 (duties given only by 請X…, 請X會同Y…, 並請Z提供協助) and two 广州 notices reposted in
# Traditional: 16 of 36 exact, 16 predicted (P 1.000, R 0.444, F1 0.615; the 广州 notices 8 of 8, the cabinet
# decisions nothing). Eleven anchors were shortened after the first run, no role changed. After round 47's 請 rule
# 35 of 36. Sets 5-48 pooled at their first contact: 995 of 1489 exact, 1177 predicted, P 0.845 R 0.668 F1 0.746.
# Set 49 (round 48, on deadlines; 6 documents, 14 attributions, 3 printed deadlines), from main at 332f745: 盘锦's
# 2021 notice (Traditional), 武汉's 2023 notice (dated and quarterly duties in the body), 扶余's 督办 notice, 紫阳's and
# 来凤's news pages, 青岛's 2023 task list (Traditional, (牵头单位,参与单位)): 9 of 14 exact, 10 predicted (P 0.900,
# R 0.643, F1 0.750; deadlines 0/3). As first written 18 attributions and 7 deadlines, 7 exact (F1 0.500): four duties
# given to 各牵头单位 were taken out after the run (the tests read 各牵头单位 in a notice as no unit of its own) and three
# anchors shortened. Round 48 read a unit given dated work in an item (X于2月10日前将…报…, X要于每月28日前…) and a unit
# after the date its work is due by, and ROC dates (112年6月底前, 民國112年); 10 of 14. 紫阳's three deadlines stay
# unread (the page yields no task). Sets 5-49 pooled at their first contact: 1004 of 1503 exact, 1187 predicted,
# P 0.846 R 0.668 F1 0.746.
REAL_FIRST_CONTACT_F1 = 0.750
# One set can be one document's regular brackets (set 31's 44 of 78, set 32's 14 of 31): the goal is also held against
# the last three sets pooled at their first contact (sets 47-49: 48 of 74 exact, 49 predicted, P 0.980 R 0.649), so
# a single easy set, or a single hard one, does not decide it.
REAL_RECENT_SETS = "47-49"
REAL_RECENT_F1 = 0.780
REAL_DOCUMENTS = """### Real documents of other places (kept outside the repository)

399 real notices, plans, progress tables, meeting reports and cabinet decisions found on the web or quoted whole in public repositories, kept outside
every repository (their text is not ours to copy), each hand-labelled before the parser was run on it
(`python -m bench.parse_eval --dir DIR`). Most are the first 1,500 characters or so of each stored page, cut after
the last complete attribution; sets 7, 16, 21 and 23 add texts quoted in repositories: 1574 attributions, 157 printed
deadlines. Sets 45-49 add 广西壮族自治区, 台湾 (行政院 decisions in Traditional), 菏泽市, 平湖市, 盘锦市, 市中区 (济南), 淅川县,
芦山县, 犍为县, 千阳县, 来凤县, 澧南镇, 胡集乡, 游仙镇 and 阿勒腾也木勒乡 (新疆) to the places below. Places and levels: 广东省, 四川省, 福建省, 山西省, 辽宁省, 黑龙江省, 云南省, 浙江省, 江西省, 河南省, 内蒙古自治区, 宁夏回族自治区, 陕西省, 安徽省, 湖北省, 青海省, 湖南省, 贵州省, 山东省, 吉林省 (provinces); 北京市, 天津市, 上海市, 重庆市; 平顶山市, 济宁市, 内江市, 咸阳市, 运城市, 东莞市, 广州市,
郑州市, 丽水市, 淮安市, 许昌市, 青岛市, 泰州市, 潮州市, 莆田市, 云浮市, 西宁市, 韶关市, 宁波市, 达州市, 亳州市, 兰州市, 长春市, 沈阳市, 济南市, 临沂市,
连云港市, 海东市, 威海市, 长沙市, 绍兴市, 佳木斯市, 扬州市, 徐州市, 无锡市, 洛阳市, 三门峡市, 滁州市, 六安市, 成都市, 苏州市, 包头市, 阜阳市, 鞍山市, 营口市, 通辽市, 遂宁市, 鄂州市, 厦门市, 镇江市, 襄阳市 (with its metropolitan area's 十堰市, 随州市, 神农架林区), 九江市, 玉林市, 株洲市, 马鞍山市, 黄冈市, 临汾市, 延安市, 乌鲁木齐市 (by its wording), 湖州市, 铜川市, 湘西自治州, 恩施州, 临夏州 (甘肃) and 昌吉州 (新疆) (prefectures), 咸宁市, 荆州市, 杭州市, 汕尾市, 潍坊市, 开封市, 泉州市, 德州市, 嘉兴市, 鄂尔多斯市, 南宁市, 武汉市, a 四川 city and cities their pages do not name (a 十一五 节能 分工, a 2011 消防 要点, a 雷锋城 blanked xx) (cities); 滕州市, 嵊州市, 乐清市, 建德市, 龙泉市, 义乌市,
扶余市, 海城市, 瑞金市, 巢湖市 (by its 文号), 肥城市 (county-level cities); 闵行区 (by its 莘庄工业区), 普陀区, 石景山区, 盐田区, 蔡甸区, 下陆区, 咸安区, 立山区, 官渡区, 增城, 渝中区, 婺城区, 贵池区, 大兴区, 宝山区, 沙坪坝区,
上城区, 崇川区, 钢城区, 临潼区, 新华区, 辽中区, 沈河区, 河东区, 鹿城区, 龙湾区, 吴江区, 铜梁区, 西城区, 淄川区, 临淄区, 莲都区, 钟楼区,
雁塔区 (by its 长延堡街办), 奉化区, 金东区, 谯城区, 鼓楼区 (南京, by its 文号 and 街道板块), 拱墅区, 海曙区, 萧山区, 铁西区 (四平), a district's 乡村振兴 行动计划 (unnamed) (districts); 上海临港地区 (an area under a city); 平利县, 海盐县, 铁岭县, 黑山县,
怀远县, 舒城县, 大竹县, 金乡县, 苍南县, 南陵县, 泰顺县, 平阳县, 琼中县, 长兴县, 枞阳县, 姚安县, 嘉鱼县, 汉阴县, 嘉祥县, 吉水县, 师宗县, 沁县, 成安县, 汶上县, 洋县, 景泰县 (by its 一条山镇), 略阳县, 霍山县, 霍邱县, 绥宁县, 灵璧县, 嵊泗县, 监利县, 融安县, 紫阳县, 湘阴县, 峨山县 (by its towns), 通城县, 萧县, 祁门县, 郯城县, 巫山县 (重庆, by its 长江、大宁河), a county's 2017 河长制 方案 (unnamed, by its 交溪), a county of blanked name, counties whose 秸秆禁烧 方案, 2023 自然灾害 预案 and 2022 防汛 预案 page name none, a county by its 棉城街道 (unnamed), a district's 村庄环境整治 (unnamed), a 宁夏 county blanked (**县), a county bureau's 政务公开 要点 and a county template with its places blanked (xx) (counties); 泗洲头镇, 徐庄镇, 马屿镇, a blanked xx镇, a town by its 站所 (unnamed, an 爱国卫生 方案) and three
townships (one in 福建, one in 四川); a district its 2008 创卫 进度表 does not name; 芜湖市 (a city's education bureau) and another city's, unnamed (a PDF's text layer), 池州市 (a city's 信访局), 淮南市 (a city's 机关事务管理局), 崇川区城市管理局; 九江学院 (a university's report), 商州区大荆中学 (a school's 整改报告); national
ministries. Formats: those of sets 1–4 (inline role phrases, key lines, 分管领导 lines, duties in sentences, remarks
stating 列第一位为牵头单位, pinyin after every character, a flattened paragraph), and in sets 5–6 tables printed one
cell per line (progress reports with 当前进度 and 备注 columns, a row with a second item under its merged unit cell),
a header and row parted by spaces, `name: | value |` records, a pipe table with names such as 目标与任务 and 分管县领导,
a leader's name as a section heading (王丹县长牵头重点工作), a lead printed on a section heading, a page flattened into
one paragraph with spaces where its lines began, 由X承办,Y协办, 股 and 产业园 units, and a copy run through a synonym
spinner (省生长改造委牵头卖力); in set 8 pipe tables whose header names columns no rule knows and whose merged
牵头单位 cells the copy dropped, pipe rows whose header was not kept, a unit printed once for the rows under it,
a key glued to an item's title, a convention inside the bracket (排在首位的为牵头单位,下同), PDF line wraps; in set 10
列第一位者為牽頭單位 inside a bracket of units that 負責, a key's list wrapped mid-name onto the next line, and a table
parted by spaces whose text cells hold spaces too; in set 11 a record flattened into one paragraph with its keys
parted by spaces (项目责任人:, 实际完成情况: no key), pipe rows one cell per line that lost a cell so the rest slid
left, 主要责任单位, duties in cells one per line (X负责,Y配合,… and a date line after each), a role clause opened by a
Markdown label, and Traditional with pinyin after characters.

| set (labelled before the parser saw it) | documents | attributions | first contact: exact, F1 | after the fixes |
|---|---|---|---|---|
| 1 (parser as the issue found it) | 8 | 31 | 25, 0.893 (deadlines 1/1) | 31, 1.000 |
| 2 (after set 1's fixes) | 5 | 14 | 7, 0.500 (deadlines 0/1) | 14, 1.000 (1/1) |
| 3 (after sets 1–2's fixes) | 3 | 21 | 12, 0.585 | 21, 1.000 |
| 4 (after sets 1–3's fixes) | 3 | 5 | 4, 0.800 | 5, 1.000 |
| 5 (after sets 1–4's fixes) | 9 | 20 | 6, P 0.857 R 0.300 F1 0.444 (deadlines 0/5) | 20, 1.000 (5/5) |
| 6 (after set 5's fixes) | 9 | 41 | 10, P 0.909 R 0.244 F1 0.385 (deadlines 0/11) | 39, 0.975 (11/11) |
| 7 (after round 7's general fallbacks) | 6 | 33 | 12, P 0.462 R 0.364 F1 0.407, macro 0.466 (deadlines 1/1) | 33, 1.000 (1/1) |
| 8 (round 7's parser as merged) | 9 | 30 | 7, P 0.875 R 0.233 F1 0.368, macro 0.485 (deadlines 1/3) | 30, 1.000 (3/3) |
| 9 (after round 8's fixes) | 5 | 19 | 1, P 0.250 R 0.053 F1 0.087, macro 0.200 (deadlines 0/12) | 18, 0.947 (12/12) |
| 10 (round 8's parser as merged) | 12 | 21 | 15, P 0.789 R 0.714 F1 0.750, macro 0.667 (no deadline printed) | 21, 1.000 |
| 11 (main after rounds 8 and 9) | 12 | 41 | 23, P 0.622 R 0.561 F1 0.590, macro 0.536 (deadlines 1/6) | 41, P 0.854 R 1.000 F1 0.921 (6/6) |
| 12 (main after round 10) | 11 | 47 | 36, P 0.837 R 0.766 F1 0.800, macro 0.731 (deadlines 1/10) | 47, 1.000 (10/10) |
| 13 (main after round 11) | 6 | 20 | 16, P 0.889 R 0.800 F1 0.842, macro 0.878 (no deadline printed) | 20, 1.000 |
| 14 (main after rounds 11 and 12) | 6 | 32 | 28, P 0.966 R 0.875 F1 0.918, macro 0.795 (no deadline printed) | 32, 1.000 |
| 15 (main after round 13) | 8 | 16 | 13, P 0.867 R 0.812 F1 0.839, macro 0.625 (deadlines 4/5) | 16, 1.000 (5/5) |
| 16 (main after round 14; mostly repositories) | 6 | 42 | 37, P 0.902 R 0.881 F1 0.892, macro 0.805 (no deadline printed) | 42, 1.000 |
| 17 (main after round 15) | 5 | 13 | 8, P 0.800 R 0.615 F1 0.696, macro 0.400 (no deadline printed) | 13, 1.000 |
| 18 (main after round 16) | 8 | 33 | 18, P 0.514 R 0.545 F1 0.529, macro 0.525 (deadlines 6/6) | 33, P 1.000 R 1.000 F1 1.000 (6/6) |
| 19 (main after round 17) | 6 | 10 | 9, P 1.000 R 0.900 F1 0.947, macro 0.833 (no deadline printed) | 10, P 1.000 R 1.000 F1 1.000 |
| 20 (main after round 18) | 1 | 3 | 0, P 0.000 R 0.000 F1 0.000 (no deadline printed) | 3, P 1.000 R 1.000 F1 1.000 |
| 21 (main after round 19; a repository dump and pages) | 14 | 88 | 84, P 0.944 R 0.955 F1 0.949, macro 0.875 (deadlines 2/3) | 88, P 1.000 R 1.000 F1 1.000 (2/3) |
| 22 (main after round 20) | 10 | 66 | 47, P 0.979 R 0.712 F1 0.825, macro 0.685 (deadlines 1/2; 1/1 relabelled) | 66, P 1.000 R 1.000 F1 1.000 (1/1) |
| 23 (main after round 21) | 9 | 39 | 22, P 0.786 R 0.564 F1 0.657, macro 0.667 (deadlines 0/6) | 39, P 1.000 R 1.000 F1 1.000 (6/6) |
| 24 (round 23's branch, after set 23's structure fixes) | 5 | 25 | 19, P 0.950 R 0.760 F1 0.844, macro 0.600 (deadlines 1/1) | 25, P 1.000 R 1.000 F1 1.000 (1/1) |
| 25 (main after round 23's merge) | 5 | 26 | 4, P 1.000 R 0.154 F1 0.267, macro 0.350 (deadlines 1/2; as first printed 2, F1 0.133) | 26, P 1.000 R 1.000 F1 1.000 (2/2) |
| 26 (main after round 24's merge; one document after round 25's fixes) | 7 | 16 | 11, P 0.917 R 0.688 F1 0.786, macro 0.643 (deadlines 0/2; main as merged alone 10 of 15, F1 0.769) | 16, P 1.000 R 1.000 F1 1.000 (2/2) |
| 27 (main after round 25's merge; two documents after round 26's first fixes) | 7 | 30 | 26, P 0.867 R 0.867 F1 0.867, macro 0.750 (deadlines 0/3; as first printed 25, F1 0.833; main as merged alone 16 of 19, F1 0.842) | 30, P 1.000 R 1.000 F1 1.000 (3/3) |
| 28 (main after round 26's merge; five documents found after the first four, before any change) | 9 | 55 | 50, P 0.909 R 0.909 F1 0.909, macro 0.963 (no deadline printed; the first four alone 8 of 8) | 55, P 1.000 R 1.000 F1 1.000 |
| 29 (main after round 27's merge; four documents after round 28's first fixes) | 16 | 45 | 27, P 0.818 R 0.600 F1 0.692, macro 0.673 (deadlines 1/1; as first printed 25, F1 0.641; main as merged alone 24 of 39, F1 0.716) | 45, P 1.000 R 1.000 F1 1.000 (1/1) |
| 30 (round 28's branch; eight documents after round 29's first fixes) | 15 | 51 | 34, P 0.756 R 0.667 F1 0.708, macro 0.715 (deadlines 3/3; the first batch alone 10 of 20, F1 0.606) | 51, P 1.000 R 1.000 F1 1.000 (3/3) |
| 31 (main after round 29's merge; three documents after round 30's fix) | 9 | 78 | 73, P 1.000 R 0.936 F1 0.967, macro 0.889 (no deadline printed; the first batch alone 55 of 60, F1 0.957) | 78, P 1.000 R 1.000 F1 1.000 |
| 32 (main after round 30's merge; one document found after the first four, before any change) | 5 | 31 | 30, P 0.968 R 0.968 F1 0.968, macro 0.980 (no deadline printed; the first four alone 21 of 21; without 数字广东's 14, 16 of 17, F1 0.941) | 31, P 1.000 R 1.000 F1 1.000 |
| 33 (main after round 31's merge; one document after round 32's first fixes) | 10 | 44 | 22, P 0.611 R 0.500 F1 0.550, macro 0.550 (no deadline printed; main as merged alone 21 of 43, F1 0.538) | 44, P 1.000 R 1.000 F1 1.000 |
| 34 (main after round 32's merge; one document after round 33's fixes) | 7 | 37 | 24, P 0.857 R 0.649 F1 0.738, macro 0.757 (no deadline printed; main as merged alone 15 of 28, F1 0.638) | 37, P 1.000 R 1.000 F1 1.000 |
| 35 (main after round 33's merge; two documents after round 34's first fixes) | 10 | 28 | 16, P 0.800 R 0.571 F1 0.667, macro 0.591 (deadlines 0/6; main as merged alone 15 of 20, F1 0.789) | 28, P 1.000 R 1.000 F1 1.000 (6/6; 22 of 28, 0/6, before round 35 took 监利's un-numbered spaced list) |
| 36 (round 35's branch after set 35's last fix) | 2 | 2 | 2, P 1.000 R 1.000 F1 1.000 (no deadline printed; too few to weigh) | 2, P 1.000 R 1.000 F1 1.000 |
| 37 (main at a30b4e9, before round 36's fixes) | 9 | 38 | 22, P 0.759 R 0.579 F1 0.657 (deadlines 1/8; as first printed 18, F1 0.537) | 29, P 0.879 R 0.763 F1 0.817 (1/8; 成都's run-together docx table and 大荆中学's 学校要求总务处… open) |
| 38 (main at c81c203, before round 37's fixes) | 12 | 53 | 45, P 0.804 R 0.849 F1 0.826, macro 0.897 (deadlines 8/8; the eight documents of places not met before 25 of 33, F1 0.735) | 52, P 0.981 R 0.981 F1 0.981 (8/8; 区爱卫办指导 labelled cooperating against tests/documents' holdout convention) |
| 39 (main at 79c40b6, before round 38's fixes) | 11 | 43 | 22, P 0.880 R 0.512 F1 0.647, macro 0.628 (deadlines 0/1) | 43, P 1.000 R 1.000 F1 1.000 (0/1; a stage's period as its duty's deadline left to the lead) |
| 40 (main at b7f8411, before round 39's fixes) | 10 | 42 | 17, P 0.944 R 0.405 F1 0.567, macro 0.550 (no deadline printed; the five documents of places not met before 8 of 22, F1 0.516) | 42, P 1.000 R 1.000 F1 1.000 |
| 41 (main at bc57710, before round 40's fixes) | 8 | 32 | 21, P 0.724 R 0.656 F1 0.689, macro 0.416 (deadlines 13/17; the five documents of places not met before 17 of 23, F1 0.791) | 32, P 0.941 R 1.000 F1 0.970 (13/17; 闵行's year-less 月底 dated 2022, the year its text names most, where the plan's is 2023) |
| 42 (main at 8313a71, before round 41's fixes) | 9 | 42 | 29, P 0.806 R 0.690 F1 0.744 (deadlines 14/26; the eight documents of places not met before 28 of 41; 34 of 42 after five labels were changed to the tests' first-listed-leads convention) | 42, P 1.000 R 1.000 F1 1.000 (26/26) |
| 43 (main at 0fd4e23, before round 42's fixes) | 12 | 32 | 26, P 0.963 R 0.812 F1 0.881 (deadlines 0/1 as first labelled; the nine documents of places not met before 17 of 23, F1 0.829) | 32, P 1.000 R 1.000 F1 1.000 (1/1) |
| 44 (main at 00ccb24, before round 43's fixes; two documents on its branch before any change for them) | 10 | 30 | 28, P 0.966 R 0.933 F1 0.949 (deadlines 1/1; main alone on the first eight 24 of 26, F1 0.941; 吉林省, the one place plainly not met before, 3 of 3) | 30, P 1.000 R 1.000 F1 1.000 (1/1) |
| 45 (main at d981d22, before round 44's fixes) | 10 | 17 | 14, P 0.933 R 0.824 F1 0.875 (no deadline printed; 0.903 by the tests' convention on an issuer's own 督办) | 16, P 1.000 R 0.941 F1 0.970 |
| 46 (main at d981d22, before round 45's fixes; meeting reports and news pages) | 8 | 18 | 2, P 0.400 R 0.111 F1 0.174 (deadlines 0/1) | 12, P 0.923 R 0.667 F1 0.774 (0/1; narrative sentences with no role verb left) |
| 47 (main at a00ed0d, before round 46's fixes) | 8 | 24 | 23, P 1.000 R 0.958 F1 0.979 (deadlines 2/2) | 24, P 1.000 R 1.000 F1 1.000 (2/2) |
| 48 (main at 5635656, before round 47's fixes; Traditional: 行政院 decisions and 广州 reposts) | 8 | 36 | 16, P 1.000 R 0.444 F1 0.615 (no deadline printed; the 广州 reposts 8 of 8) | 35, P 0.972 R 0.972 F1 0.972 |
| 49 (main at 332f745, before round 48's fixes; on deadlines) | 6 | 14 | 9, P 0.900 R 0.643 F1 0.750 (deadlines 0/3; as first written 18 attributions, 7 exact, F1 0.500, 0/7) | 10, P 0.909 R 0.714 F1 0.800 (0/3) |

Set 8 (西宁 流通业, 韶关 降低制造业企业成本, 嵊州 工业经济政策, a 山西 notice in a repository's news table, 泰顺
民生实事 progress in two layouts, 平阳 and 苍南 民生实事 tables, 琼中 为民办实事 report) failed on tables: pipe headers
with names no rule knew (月度工作计划, 落实情况), rows that lost a merged 牵头单位 cell, pipe rows without their header,
a unit printed once for six rows, and a key glued to each item's title (牵头责任部门:). Round 8 made each a rule of
the grammar (with a test document of our own wording: merged_pipes, headless_pipes, merged_unit_cells, titled_key)
and took the known classes left open (heading_forms: a lead closing a heading in any form; fallback rows under their
own numbers; a section heading run on with its first item; an outline line of headings): copies of set 8's tables
with their header names changed to others no rule names (实事名称, 完成进度, 分季度计划) are read alike (19 of 19).
Every set reaches 1.000 or close only after the fixes its own failures asked for. At first contact the parser is
rarely wrong about what it reads (precision 0.86–0.91, set 7 excepted) but misses layouts it has not met: sets 5–8
pooled, 35 of 124 exact, F1 0.398, and 2 of 20 printed deadlines, far below the issue's 0.95. Each failure class
got a test document of our own wording in `tests/documents/` (sets 1–4: division_keys, prose_duty, shared_verb,
ruby_copy, convention_remark, opening_attribution, stated_once; sets 5–6 and the known classes: heading_lead,
flattened_paragraph, cell_per_line, spaced_row, record_table, merged_rows, pipe_header_names, undertaking_verbs,
relative_deadlines, runin_headings, garbled_numbers, annex_lead; round 7: sentence_roles, unknown_table,
place_collectives, quoted_items; round 8: merged_pipes, headless_pipes, merged_unit_cells, titled_key,
heading_forms; set 9: schedule_table, subject_duty). Set 9 (徐庄镇 整治计划, 枞阳 排查整治, 芜湖 教育局, 金乡
乡村振兴, 姚安 news), fetched after round 8's fixes, read 1 of 19 at first contact: a pipe table without 序号 whose
months stand under 时间安排 and whose cells hold several units parted by spaces, duties stated with the units as the
subject (县水利局负责…), 参加 and a bare 落实, and an adverb before a verb (密切配合) — again layouts not met before.
Set 10 (重庆 消费, 嘉鱼 分解, 普陀 营商环境, 济宁, 辽宁 and 内江 就业, 平顶山 河长制 table, 石景山 街道 任务分解, 盐田, 泰州,
汉阴, a city's 教育局), fetched after round 8's merge, read 15 of 21 at first contact (F1 0.750): the stated
列第一位者為牽頭單位 was not applied to a bracket of role phrases, a wrapped key lost its second line, and a spaced
table whose text cells hold spaces was not read. Round 9 made each a rule (ranked_duty, wrapped_key_lines,
overfull_spaced_rows) and took round 8's open classes (subject_partners: X负责…(Y配合) keeps X; a body described,
业务相近部门, is no unit; a table row without 序号 is labelled as unnumbered tasks are, not by a count).
Set 11 (宁波 民生实事 progress, 大兴 and 宝山 分工, 沙坪坝 目标, 上城 and 崇川 tables, a 创卫 schedule, 嘉祥 一件事 guides,
上海 and a 四川 city's 就业 opinions, a city's 稳就业 measures), fetched after round 9's merge, read 23 of 41 at first
contact (F1 0.590): a flattened record's values ran past the space into the next key, one-cell-per-line rows that lost
a cell slid left (their units read as the lead), 主要责任单位 was no key, duties in cells lost their partners and took
the previous line's date. Round 10 made each a rule (flattened_records, shifted_cells, dropped_cells,
qualified_keys, duty_lines, label_clauses). Set 12 (武汉, 荆州, 濮阳, 岳阳, 临安区, 四平市铁西区, 长兴县, 湟中县, a town),
fetched after round 10's merge, read 36 of 47 at first contact (F1 0.800): duties closing an item (由X、Y和Z负责具体实施),
keys qualified by 整改, a table whose header sits below the page's metadata rows, sub-rows under a merged 序号, a
rectification notice's one due date. Round 11 made each a rule (closing_duties, rectification_list, grid_metadata,
merged_subrows, problem_notice, page_opens_midway, minutes_decisions) and took set 11's leftovers (unit_cells_apart,
bold_keys, a day printed without 日). Set 13 (滁州, 绍兴, 嘉兴, 桐乡, 海曙区, a district), fetched after round 11's merge,
read 16 of 20 (F1 0.842): a keyed list going on with role phrases (X和Y分别牵头、Z), a unit opening a line with what it
is to do before its duty (区委农办要…,负责…), banks named short (市人行, 县农商行); round 12 made each a rule
(keyed_role_phrases, subject_first_duties, bank_short_forms). Set 14 (黑龙江省, 云南省, 浙江省, 乐清市, 济南市钢城区, 吉水县),
fetched after round 12's merge, read 28 of 32 (F1 0.918): a collective whose first kind of place is 州
(各州、市人民政府) lost it, and bare brackets of units after quoted project names (“…”(市水利局)) were read only for
units a gazetteer knew; round 13 made the kinds of place one rule (省 市 县 区 州 盟 旗 乡 镇; place_kinds,
place_kinds_table), took a closing quote as an item's end (quoted_project_units) and started a task at an item or
heading run on after the bracket attributing the one before (bracket_run_ons). Set 15 (内蒙古自治区's yearly 政策清单,
a 四川省 self-check notice, meeting reports of 达州市, 新华区, 临潼区 and 师宗县), fetched after round 13's merge,
read 13 of 16 (F1 0.839): a duty opening a sentence mid-paragraph with a modal (。市发改委要牵头做好…), a 由 sentence
whose 15-department list opens with 所涉及的, ends 等省级主管部门(单位) and is followed by partners after the lead's own
work, with a day and an hour before 前 (6月20日18:00前), and a report's credit in a bracket on its last line read as
its attribution; round 14 made each a rule (modal_subject, prose_lead_work, report_byline, and flattened_actions for
(一) headings in a flattened paragraph). Set 16 (广东省's 数字广东 2025 work points as a repository's page renders them,
a 亳州 news report and 上海's 临港 opinions quoted in code; pages of 宁夏's 银川都市圈 plan, a 长春 plan and 兰州's project
duties), fetched after round 14's merge, read 37 of 42 (F1 0.892):
partners in groups parted by ， before one verb (由X牵头,Y,Z、W负责组织实施…), 结合实际落实 after a list, X、Y等单位按职责
分工负责 under a key (等单位 kept in the name), and duties stated with 会同 (X会同Y对…进行考核, 由X会同Y、Z和W制定);
round 15 made each a rule (prose_partner_groups, keyed_role_manners, joint_duties). Set 17 (辽宁省's and 沈阳市's
分工方案, 沈阳's 辽中区 and 沈河区 tables, 沁县's task lists), fetched after round 15's merge, read 8 of 13 (F1 0.696): a place
collective followed by 及 and another unit (各区、县(市)政府及开发区管委会), a cell-per-line table whose header stands
above its first section row, and a heading that is a unit's list of work (X牵头工作(8项)), with 协同单位 alone read as a
unit; round 16 made each a rule (collective_joined, table_section_rows, work_list_headings). Sets 5–17 pooled at first
contact: 212 of 375 exact, F1 0.659. Set 18 (济南—临沂 对口合作 分工 and 工作要点, 临沂's 河东区, 连云港 沿海开发,
东莞's 友好合作 plan, 海东's 兰西城市群 list, a 长沙 目标任务 grid, 襄阳都市圈's 2023 list), fetched after round 16's merge,
read 18 of 33 (F1 0.529): a grid printed a cell per line with '|' opening each cell and a lone '|' closing each row, its
lead cells broken over lines (市政/府办/公厅), places sharing a department (海东市、兰州市、临夏州发展改革部门), a
collective named X各…牵头单位, 汉江国投, 市政府办公室<研究室>, 市经协办 read as 市经 + 协办, and a heading closed by a
bracket naming only its leaders; round 17 made each a rule (broken_grid_rows, shared_body_lists, leaders_heading).
Sets 5–18 pooled at first contact: 230 of 408 exact, F1 0.647. Set 19 (江西省's 鄱余万都 分工方案 with its
列第一位的为牵头部门,下同, 九江's 大南昌都市圈 plan, 成安县's rectification notice, 汶上县's 民生实事 progress table with
merged cells, a page of 福建's 厦漳泉 plan with 省直配合单位, 玉林's 降碳 plan with a role phrase, a key and a convention
in one 〔〕), fetched after round 17's merge, read 9 of 10 (F1 0.947): a record printed one field per line, its key
alone without a colon (责任单位 / 成安县水利局、…); round 18 made it a rule (field_record_lines). Sets 5–19 pooled at
first contact: 239 of 418 exact, F1 0.655; the last five sets 0.839, 0.892, 0.696, 0.529, 0.947. Set 20 (a wiki's
Traditional copy of 黑龙江's 稳增长 measures) read 0 of 3: the places concerned (相关市、县政府) split in two and bare places
sharing a government dropped; rounds 19 and 20 made each a rule (shared_governments). Set 21 (four more of
广州's 新型城市化 实施意见 from the repository dump that held set 7's, a 绍兴 talent office's notice on a school's page, 建德's, 鹿城's and 龙湾's 2025
若干政策; then 河南省's and 三门峡's 重点工作责任单位, 洛阳's 细化措施, 滁州's 2024 分解 and two 六安 tables), fetched after
round 19's merge, read 84 of 88 (F1 0.949): a name holding a short quoted word (市“两新”组织党工委), a bracket inside a
name (温州湾新区(高新区、经开区)党政办公室) read as an attribution, a table's lead cells broken over lines (市生态 / 环境局) and
各直属机构; round 20 made each a rule (qualified_names, broken_cells). Sets 5–21 pooled at first contact: 323 of 509
exact, P 0.800 R 0.635 F1 0.708. Set 22 (成都's 2019 and 2022 分解方案 with 数据提供单位, 苏州's and 青岛's progress tables,
青岛's 10件实事, 天津's 十一五 分解 and 2021 分工, 吴江区's, 铜梁区's and 西城区's tables), fetched after round 20's merge, read
47 of 66 (F1 0.825): every bracket and key was read, four table layouts were not (cells parted by spaces whose unit
cell runs over lines, a nine-unit cell taken for a sentence, a grid with each cell's closing '|' on the next line and
★ before the lead, a table with no separator between its cells); round 21 made each a rule (spilled_cells,
long_unit_cells, closing_bars, glued_cells). Sets 5–22 pooled at first contact: 370 of 575 exact, P 0.819 R 0.643
F1 0.721. Set 23 (陕西省's 2015 分工 in a newspaper's summary, 株洲's 工作要点 grid, a 首府 city's 分解, 马鞍山's 实施细则 and
洋县's 民生实事 table in Traditional, 淄川区's and 临淄区's 2023 tasks, 扶余市's 督查 notice, a repository's note quoting the
national 极端场景应急通信 opinion), fetched after round 21's merge, read 22 of 39 (F1 0.657; deadlines 0/6): every bracket
keyed with ':' and every role phrase was read, but 扶余's collective 各乡镇场 (townships and state farms) was dropped from
every list and one of its keys was printed with ';' ((责任单位;…)), 株洲's grid printed a cell per line had a lone '|' above
its header and a row printing its first cell alone (its units merged into the row above's), 洋县's table opened each row
with a lone '|' under a caption row and printed its 建设时间 as a bare year (2024), and a recurring duty had a bracket
between its period and its work (每季度(省级开发区每月)举办); round 22 made each a rule (farm_collectives, semicolon_keys,
merged_broken_rows, opened_rows, recurring_aside). Sets 5–23 pooled at first contact: 392 of 614 exact, P 0.817 R 0.638
F1 0.717. The texts of sets 1–22 are no longer kept on the machine that scored set 23: they could not be scored again. Round 23 took set 23's
structure leftovers: top-level items that carry their own attribution (三十四、…(责任单位:…), 一、…(牵头单位:…), 一、开展…。X牵头…)
are tasks labelled by their number under no section, where headings over (一)/1. tasks or over paragraphs keep the
outline (top_items), and a heading holding markup as text (五、<b>其他</b>事项) opens its section (markup_headings). Set 24
(莲都区's 责任分解 table, 钟楼区's 民生实事 table in a document viewer's text layer, 湖州's 责任分解, a 景泰县 plan and 湘西自治州's
营商环境 plan, the last two in Traditional), fetched after those fixes, read 19 of 25 (F1 0.844): a first-leads convention with
its role qualified (列第一位者为工作牵头单位或汇总单位) and 钟楼's table, whose header, rows, leaders' names and units the
viewer ran into one paragraph with its page numbers, not read; round 23 made each a rule (qualified_first_lead,
viewer_run_table). Sets 5–24 pooled at first contact: 411 of 639 exact, P 0.822 R 0.643 F1 0.722. Set 25 (池州's 信访局
task list, 略阳's 文旅 table, 咸宁's 2020 分工 table, 瑞金's 稳经济 measures, a 西安 district's 促进消费 opinion), fetched after
round 23's merge, read 4 of 26 (F1 0.267): a grid printed a cell per line with each '|' on the next line whose rows did
not line up under its header (a group cell merged over its rows, no name for the number column), a county bureau's
table one cell per line with 责任股室 / (单位), a 指标 column merged over its rows, deadline and leader columns before
the units and two sections' names glued (文化宣传股文化馆), unit cells listing 各县、市、区政府, and duties stated with
组织实施 or by a market centre (华东服装城); round 24 made each a rule (loose_grid_bars, county_section_table,
collective_unit_cells, organised_duties). Sets 5–25 pooled at first contact: 415 of 665 exact, P 0.823 R 0.624 F1 0.710.
Set 26 (安徽省's 重点工作及责任分解 in a forum copy, 杭州's 互联网+ draft, 汕尾's 老区 实施方案, a county's 环保督察 speech, a
Traditional news report of the State Council's 甘肃 分工方案, 荆州's 政务公开 list; then 湖北省's 2018 责任分解 in Traditional),
fetched after round 24's merge, read 11 of 16 (F1 0.786; the first six with main as merged 10 of 15): a pipe table whose header names span two columns each, its unit cells closing on 负责落实, duties stated in
the future (将负责, 还将负责) in a report with no structure, and 牵头负责 before a comma; round 25 made each a rule
(merged_header_table, future_duties, speech_duties: a duty takes no date from the next duty's sentence, nor one told
with what was done by then) with headings closed by a full stop (closed_headings), and took round 24's leftovers: a
page printing no 文号 or date takes its year from its title or first paragraph and says a guessed year
(year-from-text), and a row under a dated row of a copy without its grid takes the merged deadline
(merged_deadline_cells). Sets 5–26 pooled at first contact: 426 of 681 exact, P 0.826 R 0.626 F1 0.712.
Set 27 (北京市's 2018 政务公开工作要点 and 2016-2020 重点任务分工, 潍坊's 2017 政务公开 table one cell per line, a county bureau's
要点 and a county template in Traditional; then 开封's and 泉州's news reports), fetched after round 25's merge, read 26 of 30
(F1 0.867): unit cells closing on a compound role verb (市发改委牵头落实) read as a role and its work, a page's metadata
printed as a numbered list of keyed lines ([成文日期] 2016-06-08) giving it no date, so 'by' deadlines of later years
started in their own year, its breadcrumb taken for its title, and the speaker's place kept in a unit (我市交通委); round 26
made each a rule (closing_compound_verbs, listed_metadata, speaker_place_units). Sets 5–27 pooled at first contact: 452
of 711 exact, P 0.828 R 0.636 F1 0.719.
Set 28 (四川省's 现代流通 plan, 池州's 营商环境 意见, 滕州's and 咸阳's (Traditional) lists, documents not seen of places
already used; then 德州's 实施方案, 长兴县's 责任分解 and three 嘉兴 pipe tables), fetched after round 26's merge, read 50 of
55 (F1 0.909): an asterisk printed before a unit (*市委组织部(市委人才办)) was no known mark, so the starred unit was
dropped; round 27 made it a mark like ★, naming the lead only where the document says so (带*的为牵头单位;
marked_lead_units). Sets 5–28 pooled at first contact: 502 of 766 exact, P 0.835 R 0.655 F1 0.734.
Set 29 (临夏州's 营商环境 plan, 青海省's 营商环境 plan and 东莞's 稳就业 意见 in Traditional, 昌吉州's 就业 意见, a 福建 食品 方案,
湖南省's 2016 分工意见, 广东's 2021 分工方案, a city's 十件实事 分解, and national 分工 documents as pages and news reports: 2014
农村改革, 2016 量化指标 table and 科技部's part, 十三五 温室气体, 2018 (twice), 2019 and 2020), fetched after round 27's merge,
read 27 of 45 (F1 0.692): a convention closing a bracket (明确牵头部门的,其他有关部门配合,不逐一列出,下同;
列第一位的为牵头部门,其他部门和单位按职责分工负责; 以下各任务均需X落实,不再一一列出) read as more units, subjects that share the work
before their verb (X、Y等分工负责深化…), an open list's count (等14部门), a spaced table whose header names are typeset wide
(序号 工 作 任 务 牵头负责部门), groups of units parted by ， under one 由, 各县(市)、区人民政府 split in two, a bracket of thirteen
ministries and a headline's 由哪些部门牵头; round 28 made each a rule (convention_tails, stated_below_clause,
manner_subjects, counted_open_lists, wide_header_table, grouped_prose_units, long_ministry_lists). Sets 5–29 pooled at
first contact: 529 of 811 exact, P 0.834 R 0.652 F1 0.732.
Set 30 (霍山's and 霍邱's county tables, the 数智贵州 and 威海 work points, 山东's 数字经济 measures, 官渡's 稳增长 measures, 韶关's
数字政府 points; then 芜湖 教育局's 要点, 湖州's and 嘉兴's 2025 若干政策, 奉化's 十大民生实事, 金东's 民生实事 table; then 绥宁's 目标
责任清单 and 灵璧 卫健委's 分解; then 谯城 教育局's 分解表), fetched after round 28, read 34 of 51 (F1 0.708): a spaced table whose header ends in a progress
column after its units, rows with more or fewer cells than names, not read; 各市〔州〕、贵安新区数据管理部门 split and its 〔州〕
cut off as a note; 以下任务均涉及X,不再重复 naming X for no task below; 市直有关部门、单位 giving a unit 单位; a garbled first item
(?。ㄒ唬┚); a header name 事项名称 joined to 项目内容; a header printed again at a page break read as a row; unit cells closed by 。 taken for notes; round 29 made each a
rule (progress_column_rows, shared_kind_collectives, garbled_first_item, category_column_table, repeated_header_grid,
closed_unit_cells). Sets 5–30 pooled at first contact: 563 of 862 exact, P 0.829 R 0.653 F1 0.731.
Set 31 (广州's 人才集聚工程 意见, 金乡 责任分工, 六安 文旅局 and 绍兴 体育局 要点, 巢湖 应急 要点, 莆田 人社局's 补短板 方案 as a
site's summary and its 双招双引 意见, an excerpt of 上海's 营商环境 measures, 九江学院's 整改建议) read 73 of 78 at first contact
(P 1.000 R 0.936 F1 0.967, the first set above 0.95; 44 of its 78 are one document's regular brackets, the other
eight documents alone 29 of 34, F1 0.921): a page stored as one run-on paragraph, cut off after a comma, was read as
its header; round 30 made it a rule, with a key printed again in one sentence opening the next attribution
(cut_off_copy). Sets 5–31 pooled at first contact: 636 of 940 exact, P 0.846 R 0.677 F1 0.752.
Set 32 (数字广东 2025's work points as a repository's page prints them, 滁州's 2020 分解, 许昌's 2020 分解, 芜湖's 2019
分解表 one cell per line; then 丽水's 2023 责任分解) read 30 of 31 at first contact (P 0.968 R 0.968 F1 0.968; 14 of its 31
are one document's regular lines, the other four documents alone 16 of 17, F1 0.941): a first-leads remark opening on
its exception (市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)) was cut at 列第一位, its quoted 分别牵头 read as a
role phrase and the last unit dropped; round 31 made the whole bracket the remark (exception_first_remark). Sets 5–32
pooled at first contact: 666 of 971 exact, P 0.851 R 0.686 F1 0.759.
Set 33 (南京 鼓楼's 2024 分解, 淮南 机关事务管理局's and 绍兴's progress tables, 嵊泗's 乡村振兴任务清单, a 文库 page's 2022
progress template, 铜川's 2025 分工意见, 浙江's 2024 责任分解 in Traditional, 马屿镇's 2024 分解, 钟楼's 2022 目标任务表; then
咸宁's 2025 提振消费 措施) read 22 of 44 at first contact (P 0.611 R 0.500 F1 0.550): five documents of known layouts read
all 21 of theirs, five new ones 1 of 23 — a table one cell per line run into a paragraph with spaces, an assessment list
with a column before 序号, figures past the next row's number and a 评分部门 column of no duty, a leaders' cell one name a
line, 各街道板块, and a cell's space-parted units where one name holds 和. Round 32 made each a rule (spaced_run_table,
scored_list_table, leaders_one_a_line, area_collectives, spaced_unit_cells; heading_after_space for a task label). Sets
31–33 pooled at first contact: 125 of 153 exact, P 0.893 R 0.817 F1 0.853; sets 5–33: 688 of 1015, P 0.840 R 0.678
F1 0.750.
Set 34 (扬州's 2007 and 东莞's 2012 纲要 分工, 嘉兴's 十一五 分解落实方案 as a viewer's text layer, 咸宁's 2016 十三五 分工, 徐州's 2010
and 无锡's 2011 目标分解; then 宁波's 2007 责任分解) read 24 of 37 at first contact (P 0.857 R 0.649 F1 0.738): a table run into one paragraph with a
section row before row 1, 第一责任单位, a column parted by 、 and , with the other column's units glued before it and a
group's members (…领导小组各成员单位) cut in two; the last item's bracket on the text's last line taken for a byline; a
first-leads remark for lists of several units applied to single units. Round 33 made each a rule (first_duty_run_table,
lone_bracket_lines, several_units_lead). Sets 32–34 pooled at first contact: 76 of 112 exact, P 0.800 R 0.679 F1 0.734;
sets 5–34: 712 of 1052, P 0.841 R 0.677 F1 0.750.
Set 35 (黄冈's 2007 and 十堰's 2016 纲要 分工, 平顶山's 2013 分解, a blanked city's 十一五 方案, 临汾's, 延安's, 肥城's, 拱墅's and
融安's 2017-2018 污染防治 plans, 监利's 2018 职责清单) read 16 of 28 at first contact (P 0.800 R 0.571 F1 0.667): 组织落实 and
组织推进 no role verbs, a convention naming the front places (排在前位为牵头部门) over a list printed in groups, bare places
sharing a zone's body, two bureaus glued in a list, and a duty list run into one paragraph with spaces with no row numbers.
Rounds 34 and 35 made each a rule (organised_joint_duties, front_group_leads, zone_places_sharing, glued_bureaus,
unnumbered_spaced_list). Set 36 (佳木斯's 2018 水污染防治 方案, a 福建 township's 2015 食品放心工程 方案) read 2 of 2 at first
contact, too few to weigh. Sets 34–36 pooled at first contact: 42 of 67 exact, P 0.840 R 0.627 F1 0.718; sets 5–36: 730
of 1082, P 0.840 R 0.675 F1 0.748.
Set 37 (紫阳's 2022 督察通报, 大荆中学's 2018 整改报告, a city 教育局's 2022 要点, 成都's 垃圾分类 责任分工表, a 2011 消防 要点,
峨山's 清剿火患 方案, a 十一五 节能 分工, 湘阴's 2019 若干规定, a blanked 采摘节 筹备方案) read 22 of 38 at first contact (P 0.759
R 0.579 F1 0.657): duties listed in one sentence after a colon or a 、 (具体为:X负责甲镇、乙镇,Y负责…; 由X负责的第1件、Y负责的
第4件), a list left open by its field (等行业主管部门), a key alone on its line over a column of units one a line, places a
page blanks (**县委宣传部), and units answerable for a field of work (X、Y对…总负责; X按照职责,协同做好…). Round 36 made each
a rule (listed_subject_duties, open_list_fields, column_key_lists, blanked_places, answerable_duties): 29 of 38. Sets
35–37 pooled at first contact: 40 of 68 exact, P 0.784 R 0.588 F1 0.672; sets 5–37: 752 of 1120, P 0.837 R 0.671 F1
0.745.
Set 38 (乐清's 2022 民生实事 通报, 兰州's 综合配套改革 事项, 通城's 文明创建 宣传, a blanked city's 文明城市 代言, 上城's 2019 分解表,
鄂尔多斯's 2024 政策清单, a 2008 创卫 进度表, a 四川 township's 整改 方案, 萧县's 2023 民生实事, 祁门's 民生工程 grid, 苍南's 2023
若干政策, a blanked town's 创文 方案) read 45 of 53 at first contact (P 0.804 R 0.849 F1 0.826): a grid printed a cell per
line, each cell closed by its '|', whose sub-rows print only their own cells, a place's owner (三合广场业主) listed as a
body, and a table's last row cut by the copy's end taking the unit above. Round 37 made each a rule
(closed_cell_sub_rows, parties_as_units, cut_last_row, bare_tables._cut): 52 of 53, 53 predicted. Sets 36–38 pooled at first contact: 69 of 93 exact,
P 0.793 R 0.742 F1 0.767; sets 5–38: 797 of 1173, P 0.835 R 0.679 F1 0.749.
Still failing: the spun copy's 卖力 for 负责 (a synonym spinner's word,
not a grammar), set 9's 派出所工商质监所 (two units printed with nothing between them) and one of set 21's deadlines
(洛阳's item printing two dates for two steps: the parser takes the first, the label the later); set 37's 成都 责任分工表
as a docx site runs it together (序号工作内容目标任务责任单位备注1将…, each row's units glued before the next row's number,
a page marker inside a name) and 大荆中学's 学校要求总务处…, 保证2018年7月低完成 (a duty the school requires of its office,
and 低 printed for 底).
"""


def markdown(result: tuple[Score, dict[str, Score]]) -> str:
    return "\n".join(["## Reading unseen documents (`python -m bench.parse_eval`)", "",
                      "Documents of other provinces and cities in `tests/documents/`, one per class of issue 14, "
                      "scored against golden files written by reading them.", "", report(*result), "",
                      REAL_DOCUMENTS])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.parse_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--dir", type=Path, default=DOCUMENTS, help="directory of NAME.txt + NAME.json pairs")
    args = parser.parse_args(argv)
    if not documents(args.dir):
        parser.error(f"{args.dir}: no NAME.txt with a NAME.json beside it")
    total, per_doc = run(args.dir)
    print(report(total, per_doc, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
