"""Resolution: the raw fields of one attribution → an ``Assignment`` with units, roles and a deadline.

The grammar (``attributions``) has said which stretch of text is a lead, responsible or cooperating list, a
deadline, leaders or a note. This step reads those stretches: a list is cut into units (looked up in the
gazetteer, as it is), a deadline phrase becomes an interval of the document's year, and the document's
conventions (列第一位的为牵头单位) are applied. Offsets are into the normalised text; every span handed out is
mapped back to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from . import attributions as attr
from .deadlines import (
    Interval,
    find_deadlines,
    find_recurring,
    looks_like_deadline,
    relative_form,
    resolve_deadline,
    resolve_leading_deadline,
)
from .model import Assignment, Deadline, UnitKind, UnitMention
from .normalize import CELL_PIPE, normalize_name, unspaced
from .report import Report
from .units import PLACE_KINDS, ZONE_ENDS, UnitGazetteer, bare_body, lookup_forms, split_level

ROLES = ("lead", "responsible", "cooperating")
# A list left open: X等, X等有关部门, X等省级主管部门(单位), X等行业主管部门, X等责任单位 (the level, field, kind and
# role of the bodies the list stands for), and with their count (X、Y、Z等14部门, 等十三个部门): how many the list stands for, not a name.
_COUNT = r"(?:\d{1,3}|[一二三四五六七八九十两]{1,3})个?"
_OPEN_SUFFIX = re.compile(rf"等(?:{_COUNT}(?=[省市区县州有相其主职成部单机行系责]))?(?:[省市区县州][级直]?)?"
                          r"(?:行业|系统)?(?:有关|相关|其他|主管|职能|成员|责任)?(?:部门|单位|区\(市\)|机构|部会|机关)?"
                          r"(?:\((?:部门|单位)\))?$")
_DUTY_SUFFIX = re.compile(rf"(?:{attr.BRACKET_VERBS})$")  # inside an attribution a bare 落实 is a duty too
_DUTY_AFTER = re.compile(rf"(?:{attr.BRACKET_VERBS})(?:落实|实施|推进)?")  # the duty alone after a list's last unit
_DUTY_ENDS = frozenset(verb[-1] for verb in attr.ROLE_VERBS.split("|"))
# Separators of a unit list; one inside a name's own brackets (各区(县、市)人民政府) separates nothing. A '|' printed
# inside a table cell (省审计厅|省财政厅, read as CELL_PIPE) parts units as '/' does.
_UNIT_SEPARATORS = "、,，/;；" + CELL_PIPE
# Only where every part is a unit: 市工业和信息化局 stays whole; spaces part units a cell's paragraphs listed.
_AND_SPLIT = re.compile(r"以及|及|和|与|\s+")
# The end of a county bureau's section's name (文化宣传股, 广电事业股), where a glued second unit may start.
_SECTION_END = re.compile(r"(?<=[\u4e00-\u9fff]{2})股(?![份东权长票])(?=[\u4e00-\u9fff])")  # not 股份有限公司
_GLUED_NAME_MIN = 3  # the unit glued on after a section is a name of its own (文化馆), not a word
# …or two bureaus printed with nothing between them (县经济贸易局国土资源局, the list's 、 lost): a 局 glued to a name
# that is itself a 局 is two peers, not a bureau's own office (市公安局交通警察支队 stays one), branch (市生态环境局
# 绥宁分局) or a 总局's regional bureau (国家金融监督管理总局山东监管局); 和/与/及 after it join two names (区交通运输局
# 和区商务局), which the 和 split reads.
_BUREAU_END = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?<!总)局(?![和与及])(?=[\u4e00-\u9fff]{2,}(?<![分支])局$)")
# A kind of body with no name of its own (人民政府, 管委会, 单位): the second half of 各县党委和人民政府, or of 市直有关部门、单位
# (the city's departments and units concerned), not a unit of its own.
_BARE_KIND = re.compile(r"(?:人民)?政府|管委会?|管理委员会|党委|党工委|办事处|单位|部门|机构|企事业单位")
# A post, not a unit, in a list of units (市政府分管副市长): a leader.
# A post among units (分管副省长、协管副秘书长负责,省发展改革委牵头): a leader of any level, never a unit.
_POST = re.compile(r"(?:省长|州长|市长|区长|县长|旗长|乡长|镇长|秘书长|书记|主任|厅长|局长|处长|科长|部长|主席|领导|同志)$")
# A remark in brackets after a list's last unit (市卫生健康委(除标注“分别牵头”外,列第一位为牵头单位,下同)):
# a sentence or longer than a name's qualifier (各区(市)), so a note, not part of the name.
_REMARK = re.compile(r"[,，;；:：。“”]|.{9,}", re.S)
# Angle brackets (<…>, 〈…〉, as web copies print a bracket inside a name or a note after it: 各区人民政府〈含开发区管委会,
# 下同〉) hold a note after a unit only when they hold a remark, as () do; else they are part of the name (各县<市、区>).
_ANGLE_OPENERS, _ANGLE_CLOSERS = "<〈", ">〉"
_NOTE_OPENERS, _NOTE_CLOSERS = attr.OPENERS + _ANGLE_OPENERS, attr.CLOSERS + _ANGLE_CLOSERS
# 市民营经济局(牵头) or 市市场监管局〔牵头〕 in a list: that unit leads.
_LEAD_MARK = re.compile(rf"[(〔【\[](?:{attr.LEAD_WORDS})(?:单位|部门)?[)〕】\]]$")
_SENTENCE_ENDS = "。;；\n"
# The clause right after a duty's role clauses (…,Y配合,全年。): up to the next comma, stop or line end.
_NEXT_CLAUSE = re.compile(r"[ \t\u3000]*[,，;；、][ \t\u3000]*(?P<clause>[^,，;；。\n]{1,20}?)[ \t\u3000]*(?:[,，;；。\n]|$)")
_CLAUSE_DEADLINE_MAX = 8  # 每逢节假日: longer clauses are work that happens to start like a date
# What follows a date that says what was done by then (6月20日,国土局联合环保局已组织…): the date of an event.
_DONE_AFTER = re.compile(r"[ \t\u3000]*[,，][^,，;；。\n]{0,24}?(?:已经|业已|已)")
# "其中,市交通运输局为牵头单位" in an attribution's note.
_NAMED_LEAD = re.compile(rf"(?:其中[,，]?)?(?P<unit>[^,，;；。:：(]{{2,30}}?)(?:为|是|作为)(?:{attr.LEAD_WORDS})(?:单位|部门)")
# The units a body or every project names for its work (…工作专班牵头单位, 各项目牵头单位, …工作组成员单位,
# 襄阳都市圈各规划编制牵头单位, 区安委会各成员单位, 市三产发展领导小组各成员单位), and the document's own (各牵头单位, 各责任单位): a collective of
# the units named for that role, whose name holds a role word, not a key. One rule for all of them: a collective,
# with no members a gazetteer lists, said so where it is first named (``Resolver.unit``).
_COLLECTIVE_BY_ROLE = re.compile(r"^(?:[\u4e00-\u9fff]{0,8}?各[\u4e00-\u9fff]{0,10}|[\u4e00-\u9fff()]{2,30}(?:专班|工作组|领导小组|小组|指挥部"
                                 r"|联席会议|项目)各?)(?:牵头单位|牵头部门|成员单位|责任单位|牵头责任单位)$")


def collective_by_role(name: str) -> bool:
    """市三产发展领导小组各成员单位, 各项目牵头单位: the units named for a role, one collective (``_COLLECTIVE_BY_ROLE``)."""
    return _COLLECTIVE_BY_ROLE.match(name) is not None


# 各市、县(市、区)人民政府: one 各 over several kinds of place, a collective although a 、 stands in its name.
# Also 各区、县级市, 各有关区、县级市, 各县、区人民政府(管委会); and 各县<市、区>人民政府, as web copies print brackets; and
# 相关市、县政府 or 有关市、县人民政府 (the places concerned, a collective as 各 makes one).
# The kinds of place (``units.PLACE_KINDS``): 省 市 县 区, 州 (各州、市人民政府), 盟 and 旗 (各盟、市; 各旗、县、区), 乡, 镇
# and 场 (各乡、镇、场).
_PLACE_KIND = f"[{PLACE_KINDS}]"
_EACH = "(?:各(?:有关|相关)?|有关|相关)"  # 各, 各有关; 相关 and 有关 (the places concerned)
# What a kind of place stands for, in brackets after it, after the first kind as after the others (各县(市)、区人民政府,
# 各区、县(市)人民政府, and in 〔〕 as some provinces print it: 各市〔州〕)
_KIND_ASIDE = r"(?:\([^()]*\)|<[^<>]*>|〔[^〔〕]*〕)"
# What such a bracket holds: kinds of place only (州; 市、区; 县、市、区), not a note on the unit.
_KINDS_ONLY = re.compile(rf"{_PLACE_KIND}(?:级市)?(?:、{_PLACE_KIND}(?:级市)?)*")
_COLLECTIVE_OF_PLACES = re.compile(rf"{_EACH}{_PLACE_KIND}{_KIND_ASIDE}?(?:、{_PLACE_KIND}(?:级市)?{_KIND_ASIDE}?)+"
                                   r"(?:人民政府|政府|党委和政府)?(?:\((?:管委会|管委)\))?"
                                   rf"|各{_PLACE_KIND}<[^<>]*>(?:人民政府|政府)")
# A collective of places (各镇人民政府, 各乡镇) and, after it, a kind of area printed bare (街道办事处, 街道, 社区): the
# one 各 is over both (各镇人民政府、街道办事处 is each town's government and each 街道办事处).
_EACH_PLACE_BEFORE = re.compile(rf"各{_PLACE_KIND}")
_KIND_OF_AREA = re.compile(r"(?:街道|社区|村|居)(?:办事处|党工委|居委会|村委会|委员会)?")
# Places that share the department named after the last of them (海东市、兰州市、临夏州发展改革部门, 襄阳市、十堰市、
# 神农架林区发改委): one piece, as 各州、市人民政府 is; the places before the last are no units of their own there.
# A government shared (银川市、石嘴山市、吴忠市人民政府) is each place's own: the places are its units, kept apart.
# Zones are bodies of their own (经济开发区、高新区党工委和管委会: the zone and the other's bodies), and a name that opens
# with a level (市城市更新推进办公室) is the document's own place's body, not a named place's.
_BARE_PLACE = re.compile(r"(?![各省市区县])[\u4e00-\u9fff]{1,6}?[市州县区盟旗]")
_ZONES = (*ZONE_ENDS, "警备区", "军分区")
_PLACES_SHARING = re.compile(rf"(?:{_BARE_PLACE.pattern}、)+{_BARE_PLACE.pattern}"
                             r"[\u4e00-\u9fff()]{1,18}(?:委|局|厅|办|部门|办公室|委员会)")
# Bare names of places, printed without their kind, before the last one's zone and the zone's body (临汾、侯马、洪洞
# 经济开发区管委会; 金溪、资溪工业园区管委会): each place's zone body of that kind, one piece as printed, as places
# sharing a department are. A bare name is two to four characters that end no unit's name and name no department's work.
_ZONE_BODY = (r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|工业园区|产业园区|工业园|园区)"
              r"(?:管委会|管理委员会|党工委)")
_NAMES_SHARING_ZONE = re.compile(rf"(?:[\u4e00-\u9fff]{{2,4}}、)+[\u4e00-\u9fff]{{2,4}}?{_ZONE_BODY}")
_UNIT_LAST_CHARS = tuple("市州县区盟旗局委办厅部队所站院处科股")
# A collective of places before a named place and a kind of department (各市〔州〕、贵安新区数据管理部门: each city's and
# 贵安新区's data departments) shares it too: one piece. Only a kind (…部门) is shared so; a named body after a
# collective (各乡镇、城关区卫健局) is a unit of its own.
_KIND_OF_DEPARTMENT = re.compile(rf"{_BARE_PLACE.pattern}[\u4e00-\u9fff]{{2,12}}?部门")
# A bare kind (``_BARE_KIND``) after a collective of bodies continues it (市直有关部门、单位): one collective, as
# printed; a kind alone names no one. 省政府各部门、各直属机构 is two collectives, each named.
_KIND_ENDS = ("单位", "部门", "机构")
# The two joined, as one name: judged by the piece that names the body (贵安新区数据管理部门; 市直有关部门).
_COLLECTIVE_SHARING = re.compile(rf"{_EACH}{_PLACE_KIND}{_KIND_ASIDE}?、(?P<body>{_KIND_OF_DEPARTMENT.pattern})")
_CONTINUED_KIND = re.compile(rf"(?P<body>[^、]{{2,24}}(?:单位|部门|机构))、(?:{_BARE_KIND.pattern})")
# Bare places before a government they share (哈尔滨、黑河、绥芬河市政府): each place's own government, read as
# printed, as 银川市、石嘴山市、吴忠市人民政府 is. A bare name is two to four characters with no unit's ending; one that
# names a department's work (财政、税务) is that department's short form, not a place.
_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SHARED_NOUN = re.compile(r"等(?:有关|相关|其他|主管|职能)?(?P<noun>部门)$")
_PLACE_GOVERNMENT = re.compile(r"(?![各省市区县]|有关|相关)(?P<place>[\u4e00-\u9fff]{2,4}?)"
                               r"(?P<government>[市县州盟旗](?:人民)?政府)")
_LONE_EACH = re.compile(rf"{_EACH}{_PLACE_KIND}{_KIND_ASIDE}?$")
_SPACED_LONE_EACH = re.compile(rf"\s(?P<each>{_EACH}{_PLACE_KIND})$")
# A unit's last characters a space parted from its head (县委县政府 督查室): a short piece.
_BROKEN_TAIL_MAX = 3
# A piece before the space that is a department's whole name (市文明办, 市发改委) and a piece after it that is a body
# or a district of its own (双拥办, 芦淞区): two units parted by a space, not one name broken (县委县政府 督查室).
_WHOLE_BODY = re.compile(r"(?:局|委|办|厅)$")
_DISTRICT_NAME = re.compile(r"[\u4e00-\u9fff]{2}[区县]")
# A space in a list (between its units, or where a flattened record goes on with its next field).
_SPACE_RUN = re.compile(r" +")
# What a list says a unit is before naming it (包片单位县气象局, 陈家坝沿线包片单位县职教中心, 市直单位市财政局):
# a description ending in 单位/部门, then a name that starts with its level.
_DESCRIBED = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:单位|部门)(?=[省市区县][\u4e00-\u9fff])")
# …or the place the speaker stands in, as news and speeches say it (我市交通委、安监局、公安局将牵头…, 本县卫健局): our
# city's bodies, the name after it.
_DEICTIC = re.compile(r"(?:我|本)(?:省|市|县|区|州|盟|旗|镇|乡)(?=[\u4e00-\u9fff])")
# …or the word that opens an enumeration of the bodies a sentence announced (开展八大行动。即县水务局牵头,…): "namely",
# the name after it. Only before a level word, so a name that starts with the character (即墨区) keeps it.
_NAMELY = re.compile(r"(?:即|也即|亦即)(?=[省市区县州盟旗镇乡][\u4e00-\u9fff])")
# A document's convention that the first unit of a list leads (列第一位的为牵头单位, …为主责单位), and that the others of
# a list without keys cooperate (其他为配合单位). The unit or the role may be qualified: 列第一位的责任单位为牵头单位,
# 列第一位者为工作牵头单位或汇总单位.
# It may name the front places instead (排在前位为牵头部门): the units a list prints first, before the first ， that
# parts its groups (市环保局、市国土资源局,市财政局、…: both lead), or its first unit when it has no groups.
_FIRST_LEADS = re.compile(r"(?:(?P<front>(?:列|排|排列|排在|列在)(?:前位|前列|前面))"
                          r"|(?:列|排|排列|排名|排在|列在)?(?:第一位|首位|第一个|第一))(?:的|者)?(?:责任|主要)?(?:单位|部门)?"
                          rf"(?:为|是)(?:工作|责任|主要)?(?:{attr.LEAD_WORDS})(?:[或、/](?:汇总|主办|负责))?(?:单位|部门)")
# A document's convention that a mark printed before a unit names the lead (带*的为牵头单位, 标“★”者为牵头单位,
# 注:*为牵头单位): the marks it names (``_UNIT_MARKS``). Unstated, a mark is no part of a name and names no role.
_MARK_LEADS = re.compile(r"(?:带有|带|标有|标注|标记|标|注有|加|有)?[“\"'‘]?(?P<mark>[*＊★☆▲△◆◇■□●※])[”\"'’]?(?:号|符号)?"
                         rf"(?:的|者)?(?:单位|部门)?(?:为|是|系)(?:工作|责任|主要)?(?:{attr.LEAD_WORDS})(?:单位|部门)")
# The convention may hold for lists of several units only (由多个单位负责的,排在第一位的为牵头单位): a unit named alone
# is then responsible, as any list's is.
_OF_SEVERAL = re.compile(r"(?:由|涉及|有)?(?:多个|多家|几个|两个及?以上|两家及?以上)(?:责任)?(?:单位|部门)(?:共同)?"
                         r"(?:负责|承担|参与|牵头)?的?[,，、]?$")
_OTHERS_COOPERATE = re.compile(r"(?:其他|其余|其它)(?:的)?(?:单位|部门)?(?:为|是)(?:配合|协助|参与)(?:单位|部门)")
# Units named once for every attribution that follows (以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出;
# 以下各任务均需…落实, 以下各条措施均由…负责). 均涉及 names no duty (具体任务均涉及相关市(州)人民政府,不再做分工): no such
# statement, unless it says the units are left out of each list below (以下任务均涉及X,不再重复; …,不再一一列出),
# which names them for every task below as 均需X落实 does.
_FOR_ALL_BELOW = re.compile(r"以下(?:各项|各条|各)?(?:政策措施|措施|政策|任务|工作)?均(?:需|由|要|须)?"
                            r"(?P<units>(?:[^,，;；。:：()]|\([^()]*\)){2,60}?)(?P<verb>负责|落实|组织实施|参与|配合)"
                            r"|以下(?:各项|各条|各)?(?:政策措施|措施|政策|任务|工作)?均涉及"
                            r"(?P<involved>(?:[^,，;；。:：()]|\([^()]*\)){2,60}?)[,，]"
                            r"不再(?:重复|一一列出|逐一列出|逐项列出|单独列出|列出)")


_UNLISTED_SHOWN = 8  # names a units-not-in-gazetteer warning prints


@dataclass(frozen=True)
class Conventions:
    """What a document says once for all its attributions: the first listed unit leads (and the others
    cooperate); units named for every attribution after ``below_from`` (``below_units``, as ``below_role``)."""

    first_leads: bool = False
    others_cooperate: bool = False
    below_from: int = -1
    below_units: tuple[int, int] = (0, 0)
    below_role: str = ""
    lead_marks: str = ""  # marks the document says name the lead (带*的为牵头单位)
    marked_others_cooperate: bool = False  # …and that the others of a list with a marked lead cooperate (其余为参与部门)
    first_leads_of_several: bool = False  # the first unit leads only in a list of several (由多个单位负责的,…)
    front_group_leads: bool = False  # the units printed first lead, up to the list's first ， (排在前位为牵头部门)

    @classmethod
    def of(cls, text: str) -> Conventions:
        named = any(word in text for word in attr.LEAD_WORDS.split("|"))
        stated = _FIRST_LEADS.search(text) if named else None  # the pattern opens with optional words
        others = bool(stated and _OTHERS_COOPERATE.search(text, stated.start(), stated.start() + 60))
        mark_leads = list(_MARK_LEADS.finditer(text)) if named else []
        marks = "".join(m["mark"] for m in mark_leads)
        marks += "＊" if "*" in marks else "*" if "＊" in marks else ""
        marked_others = any(_OTHERS_COOPERATE.match(text, m.end() + k) for m in mark_leads for k in range(3))
        several = bool(stated and _OF_SEVERAL.search(text, max(0, stated.start() - 20), stated.start()))
        front = bool(stated and stated["front"])
        below = _FOR_ALL_BELOW.search(text)
        if below is None:
            return cls(stated is not None, others, lead_marks=marks, marked_others_cooperate=marked_others,
                       first_leads_of_several=several, front_group_leads=front)
        group, role = ("units", attr.role_of_verb(below["verb"])) if below["units"] else ("involved", "responsible")
        return cls(stated is not None, others, below.end(), below.span(group), role, marks, marked_others, several,
                   front)


@dataclass
class UnitList:
    """What a list of units holds besides the units: the ones marked as leading, an open end (等), a
    deadline given without a key, and the rest as a note (``note_start``: where a trailing sentence starts)."""

    units: list[UnitMention] = field(default_factory=list)
    marked: list[UnitMention] = field(default_factory=list)
    signed: bool = False  # the marked units bear the document's sign of a lead (区农业农村委*, ★区发改委)
    is_open: bool = False
    deadlines: list[Deadline] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)  # posts listed among the units (市政府分管副市长)
    notes: list[str] = field(default_factory=list)
    note_start: int = 0


@dataclass
class _Reading:
    """One attribution's fields added up, before the conventions and the deadline choice."""

    roles: dict[str, list[UnitMention]] = field(default_factory=lambda: {r: [] for r in ROLES})
    opened: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(ROLES, False))
    marked: list[UnitMention] = field(default_factory=list)  # units marked (牵头) in another role's list
    leaders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    listed_deadlines: list[Deadline] = field(default_factory=list)  # among the units, without a key
    keyless: bool = False  # units named without a key: a bare list, or text before the first key
    stated: bool = False  # a deadline key with a value, read or not (完成时限:另行通知): the text's 每月 is not it


class Resolver:
    def __init__(self, report: Report, units: UnitGazetteer, year: int, issued: date | None = None,
                 plan: tuple[int, int] | None = None, year_known: bool = True):
        self.text, self.units, self.year, self.issued = report.norm.text, units, year, issued
        # no year printed anywhere (``year`` is then a stand-in): a deadline that names none is not dated by it
        self.year_known = year_known
        self.plan = plan  # the years the document is a plan for (deadlines.plan_years): its recurring duties' end
        self.span, self.surface, self.warn = report.span, report.surface, report.warn
        self.lookup = lru_cache(maxsize=None)(units.lookup)  # names repeat across a document
        self.conventions = Conventions.of(self.text)
        self.unlisted: dict[str, tuple[int, int]] = {}  # well-formed units in no gazetteer, first mention
        self.role_collectives: set[str] = set()  # collectives named by a role word (各牵头单位), warned about once
        self._below: list[UnitMention] | None = None  # the units of Conventions.below_units, read once

    # -- one attribution -------------------------------------------------------------------------------
    def assignment(self, seq: int, raw: attr.RawAttribution, start: int, end: int, after_only: bool = False,
                   deadline_until: int | None = None, deadline_apart: tuple[int, int] | None = None,
                   whole: bool = False) -> Assignment:
        """``raw`` governing text[start:end] (the task text it belongs to) as an Assignment. For a duty stated in a
        sentence, a deadline not given with it is looked for after it first, up to ``deadline_until`` (the next
        duty: a date in another duty's sentence is that duty's), then in ``deadline_apart`` (a date printed apart
        after the last duty's sentence, as a date line after several duty lines is theirs), and with
        ``after_only`` only there (the text before it is the previous duty's). ``whole``: the duty is its item's
        only one, so a recurring duty anywhere in the item is its own (1.每月组织一次对接。X牵头,Y负责。)."""
        reading = _Reading()
        for f in raw.fields:
            self._read_field(f, reading)
        reading.roles["lead"] += reading.marked
        self._first_listed_leads(raw, reading)
        self._named_for_all_below(raw, reading)
        deadline = self._choose_deadline(reading, raw.end if after_only else start, end, raw, deadline_until,
                                         deadline_apart, whole)
        if not any(reading.roles.values()):
            self.warn("attribution-without-unit", "attribution names no unit", raw.start, raw.end)
        roles, opened = reading.roles, reading.opened
        return Assignment(seq, self.span(start, end), self.span(raw.start, raw.end), tuple(roles["lead"]),
                          tuple(roles["responsible"]), tuple(roles["cooperating"]), opened["lead"],
                          opened["responsible"], opened["cooperating"], tuple(reading.leaders), deadline,
                          "；".join(n for n in reading.notes if n))

    def _read_field(self, f: attr.RawField, reading: _Reading) -> None:
        if f.guessed_key:
            self.warn("guessed-attribution-key", f"key {f.guessed_key!r} is not a known key; read as {f.kind}",
                      f.start - len(f.guessed_key) - 1, f.start)
        kind = f.kind
        if kind == "units-or-note" and f.role:
            kind = f.role if self.lists_units(f.start, f.end) else "note"
        elif kind == "units-or-note":
            kind = "responsible" if self.names_units(f.start, f.end) else "note"
            reading.keyless = reading.keyless or kind == "responsible"
        if kind in ROLES:
            self._read_units(kind, f, reading)
        elif kind == "leaders":
            reading.leaders += [p for s, e in split_list(self.text, f.start, f.end) if (p := self.text[s:e])]
        elif kind in ("deadline", "deadline-or-note"):
            self._read_deadline(f, reading, warn=kind == "deadline")
        else:
            reading.notes.append(self.surface(f.start, f.end))
            reading.roles["lead"] += self._named_lead(f.start, f.end, reading.roles)

    def _read_units(self, role: str, f: attr.RawField, reading: _Reading) -> None:
        found = self.unit_list(f.start, f.end)
        # the others of a list whose lead bears the sign cooperate where the document says so (其余为参与部门)
        others = "cooperating" if found.signed and self.conventions.marked_others_cooperate else role
        reading.roles[others] += [u for u in found.units if u not in found.marked]
        reading.marked += found.marked
        reading.opened[role] |= found.is_open
        reading.notes += found.notes
        reading.listed_deadlines += found.deadlines
        reading.leaders += found.leaders
        reading.roles["lead"] += self._named_lead(found.note_start, f.end, reading.roles)

    def _read_deadline(self, f: attr.RawField, reading: _Reading, warn: bool) -> None:
        reading.stated |= warn and f.end > f.start
        found = self.deadline(f.start, f.end, warn=warn)
        if found and reading.deadline is None:
            reading.deadline = found
        elif not warn or not found:
            reading.notes.append(self.surface(f.start, f.end))

    def _choose_deadline(self, reading: _Reading, start: int, end: int, raw: attr.RawAttribution,
                         until: int | None = None, apart: tuple[int, int] | None = None,
                         whole: bool = False) -> Deadline | None:
        """The keyed deadline, else the first one listed among the units (the others stay notes), else one
        printed in the governed text: for a duty stated in a sentence (X负责,Y配合,取缔… / 2008年5月1日前), which
        governs the text around it, the text after it first; a date before a recurring duty (每月开展一次检查)."""
        deadline, extra = reading.deadline, reading.listed_deadlines
        if deadline is None and extra:
            deadline, *extra = extra
        reading.notes += [d.text for d in extra]
        stated = raw.form in ("prose", "sentence")
        if deadline is None and stated:
            # a date printed in the duty's own words or sentence (X于2月10日前将…) is its own, and so is how often
            # when no date is (X要于每月28日前将进展情况报送…): a date says when it is due, a period how often
            # (up to the next duty: a date in another duty's clause is that duty's)
            own = (raw.start, min(self.sentence_end(raw.end), until or len(self.text)))
            deadline = (self.deadline_in_text(raw.start, raw.end, find_deadlines)
                        or self.deadline_in_text(*own, find_deadlines)
                        or self.deadline_in_text(*own, find_recurring))
        if deadline is None and stated:
            deadline = self._clause_deadline(raw.end)
        dated = [(raw.end, max(end, until or end))] if stated and start <= raw.end < max(end, until or end) else []
        dated += [(start, end)] if start < end else []
        dated += [apart] if stated and apart is not None else []
        for s, e in dated:
            deadline = deadline or self.deadline_in_text(s, e, find_deadlines)
        # how often is said in the duty's own sentence (X牵头,Y负责,每月开展一次检查), not in the next duty's
        recurs = [self.sentence_of(raw.start, raw.end)] if stated and not whole else dated
        for s, e in recurs if not reading.stated else ():
            deadline = deadline or self.deadline_in_text(s, e, find_recurring)
        return deadline

    def _clause_deadline(self, end: int) -> Deadline | None:
        """The clause right after a duty stated in a sentence, when it is a deadline and nothing else
        (X牵头,Y、Z配合,全年。 / X牵头,Y配合,每月。): the duty's deadline, recurring where it is. A clause that only
        looks like one (每逢节假日) is warned about when it is short enough to be meant as one."""
        m = _NEXT_CLAUSE.match(self.text, end)
        if m is None:
            return None
        s, e = m.span("clause")
        clause = self.text[s:e]
        if find_deadlines(clause) or find_recurring(clause):
            return None  # a date or a recurring duty in the text: read where the governed text is searched
        if _DONE_AFTER.match(self.text, e):
            return None  # X负责,6月20日,X已组织…: when something was done, told after the duty, not its due date
        if self.interval(clause) is not None:
            return self.deadline(s, e, warn=True)
        if e - s <= _CLAUSE_DEADLINE_MAX and looks_like_deadline(clause):
            self.warn("unresolved-deadline", f"clause {self.surface(s, e)!r} after the role clauses looks like a "
                      "deadline but is not a known form", s, e)
        return None

    def sentence_end(self, end: int) -> int:
        """Where the sentence that text[…:end] ends in stops: its 。, ; or line end."""
        return self.sentence_of(end, end)[1]

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        """The sentence text[start:end] stands in: from the 。, ; or line end before it to the one after it."""
        before = max(self.text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
        after = min((i for c in _SENTENCE_ENDS if (i := self.text.find(c, end)) >= 0), default=len(self.text))
        return before, after

    def _first_listed_leads(self, raw: attr.RawAttribution, reading: _Reading) -> None:
        """Under the document's 列第一位的为牵头单位, the first responsible unit leads when nothing else does; the
        others of a list without keys cooperate when the convention says so (其他为配合单位). A bracket of role
        phrases is ruled by it only when it names nothing but the responsible (X、Y等负责, 列第一位者为牵头单位)."""
        roles = reading.roles
        if not self.conventions.first_leads or roles["lead"] or not roles["responsible"]:
            return
        if raw.form == "inline" and roles["cooperating"]:
            return
        if self.conventions.first_leads_of_several and len(roles["responsible"]) < 2:
            return
        first, others = self._listed_first(roles["responsible"])
        roles["lead"] += first
        if reading.keyless and self.conventions.others_cooperate:
            roles["cooperating"][:0], roles["responsible"] = others, []
        else:
            roles["responsible"] = others

    def _listed_first(self, units: list[UnitMention]) -> tuple[list[UnitMention], list[UnitMention]]:
        """The units the convention makes leads, and the others: the first unit; under 排在前位 the units before
        the first ， that parts the list's groups (市环保局、市国土资源局,市财政局: the first two)."""
        if self.conventions.front_group_leads:
            for k in range(1, len(units)):
                between = self.text[units[k - 1].span.end : units[k].span.start]
                if "," in between or "，" in between:
                    return units[:k], units[k:]
        return units[:1], units[1:]

    def _named_for_all_below(self, raw: attr.RawAttribution, reading: _Reading) -> None:
        """以下政策措施均需X、Y落实: X and Y join every attribution after that sentence, unless it names them."""
        c = self.conventions
        if c.below_from < 0 or raw.start < c.below_from or not any(reading.roles.values()):
            return
        named = {u.name for role in ROLES for u in reading.roles[role]}
        if self._below is None:
            self._below = self.unit_list(*c.below_units).units
        reading.roles[c.below_role] += [u for u in self._below if u.name not in named]

    def _named_lead(self, start: int, end: int, roles: dict[str, list[UnitMention]]) -> list[UnitMention]:
        """其中,X为牵头单位: X moves from its list to the leads."""
        if start >= end or (m := _NAMED_LEAD.search(self.text, start, end)) is None:
            return []
        us, ue = attr.strip_span(self.text, m.start("unit"), m.end("unit"))
        mention = self.unit(us, ue) if us < ue else None
        if mention is None:
            return []
        for role in ("responsible", "cooperating"):
            roles[role] = [u for u in roles[role] if u.name != mention.name]
        return [] if any(u.name == mention.name for u in roles["lead"]) else [mention]

    # -- lists of units --------------------------------------------------------------------------------
    def names_units(self, start: int, end: int) -> bool:
        """Text that is only a list of units, at least one of them known: 【市行政审批局、市大数据局】."""
        spans = split_list(self.text, start, end)
        shared = self._sharing_government(spans)
        pieces = [_LEAD_MARK.sub("", _OPEN_SUFFIX.sub("", self.text[s:e])) or self.text[s:e]
                  for s, e in spans if (s, e) not in shared]
        known = [p for p in pieces if self._entry(p)]
        return bool(known) and all(p in known or self._looks_like_unit(p) for p in pieces)

    def lists_units(self, start: int, end: int) -> bool:
        """Text that is nothing but a list of units, known or well-formed: 县职教中心、县消防大队 in 由…负责, and
        units joined by 和 (水利所和各村(社区)负责) where every part is one."""
        spans = [(self._described(s, e), e) for s, e in self._pieces(start, end)]  # 各县、市、区政府 is one
        shared = self._sharing_government(spans)
        return bool(spans) and all(span in shared or self._listed_unit(*span) for span in spans)

    def _listed_unit(self, start: int, end: int) -> bool:
        if self.text[end - 1] in _NOTE_CLOSERS and (opened := self._bracket_note(start, end)) is not None:
            end = opened
        piece = self.text[start:end].rstrip()
        piece = _LEAD_MARK.sub("", _OPEN_SUFFIX.sub("", piece)) or piece
        return bool(self._entry(piece) or self._looks_like_unit(piece) or len(self._and_split(start, end)) > 1)

    def _described(self, start: int, end: int) -> int:
        """Where the unit's own name starts in 包片单位县气象局, 我市交通委 or 即县水务局: after the description, the
        speaker's place or the enumeration's 即, when what follows is a unit and the whole is not a known one."""
        m = (_DESCRIBED.match(self.text, start, end) or _DEICTIC.match(self.text, start, end)
             or _NAMELY.match(self.text, start, end))
        if m is None or self._entry(self.text[start:end]) or not self._looks_like_unit(self.text[m.end():end]):
            return start
        return m.end()

    def unit_list(self, start: int, end: int) -> UnitList:
        """Units named in text[start:end]: a list ending in 等 is open; what follows a 。 is a note, and so is
        any piece that is not a unit, unless it is a deadline or a post."""
        stop = self.text.find("。", start, end)
        found = UnitList(note_start=stop if stop >= 0 else end)
        if stop >= 0:
            found.notes.append(self.surface(stop, end).lstrip("。"))
        if (cut := self._ended_at_space(start, stop if stop >= 0 else end)) is not None:
            found.notes.append(self.surface(*attr.strip_span(self.text, cut, stop if stop >= 0 else end)))
            found.note_start, stop = cut, cut
        pieces = self._pieces(start, stop if stop >= 0 else end)
        governments = self._sharing_government(pieces)
        each = {b for a, b in zip(pieces, pieces[1:], strict=False) if _EACH_PLACE_BEFORE.match(self.text, *a)
                and _KIND_OF_AREA.fullmatch(self.text, *b)}
        for ps, pe in pieces:
            if (ps, pe) in each:
                found.units.append(self._each_of(ps, pe))
                continue
            self._list_piece(ps, pe, found, governments.get((ps, pe), ""))
        return found

    def _each_of(self, start: int, end: int) -> UnitMention:
        """街道办事处 in 各镇人民政府、街道办事处: the 各 before the list's places is over this kind of area too, a
        collective (各街道办事处) printed without it, never one 街道办事处 of the document's place."""
        name = "各" + self.text[start:end]
        found = self.units.resolve(name) if hasattr(self.units, "resolve") else None
        if found is None:
            return UnitMention(normalize_name(name), self.surface(start, end), self.span(start, end),
                               UnitKind.COLLECTIVE, False)
        if not found.known:
            self.unlisted.setdefault(found.full_name, (start, end))
        return UnitMention(found.name, self.surface(start, end), self.span(start, end),
                           found.kind if found.known else UnitKind.COLLECTIVE, found.known, tuple(found.members),
                           found.place)

    def _sharing_government(self, pieces: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """The bare places right before a place's government (哈尔滨、黑河、绥芬河市政府), each with the government it
        shares (市政府); and the bare words of a department's work in a list closed by 等部门 (税务、财政、海关等部门),
        each with the noun it shares (部门)."""
        shared, run = self._sharing_noun(pieces), []
        if not any(_PLACE_GOVERNMENT.fullmatch(self.text, ps, pe) for ps, pe in pieces[1:]):
            return shared
        for ps, pe in pieces:
            name = self.text[ps:pe]
            if run and (government := _PLACE_GOVERNMENT.fullmatch(name)) is not None:
                shared.update(dict.fromkeys(run, government["government"]))
                run = []
            elif _BARE_NAME.fullmatch(name) and not self._looks_like_unit(name) and not self._names_work(name):
                run.append((ps, pe))
            else:
                run = []
        return shared

    def _sharing_noun(self, pieces: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """税务、财政、海关等部门: a list closed by 等部门 (等有关部门) names bodies by their work; a bare word of a
        department's work in it (税务, 财政, the last piece's own 商务 too) is that work's department (税务部门),
        printed bare. A name of its own (海关) stays itself; a word of no department's work stays a note."""
        if not pieces or "等" not in self.text[pieces[-1][0] : pieces[-1][1]]:
            return {}
        last_start, last_end = pieces[-1]
        m = _SHARED_NOUN.search(self.text, last_start, last_end)
        if m is None:
            return {}
        spans = [*((ps, pe, pe) for ps, pe in pieces[:-1]), (last_start, last_end, m.start())]
        return {(ps, pe): m["noun"] for ps, pe, name_end in spans
                if _BARE_NAME.fullmatch(word := self.text[ps:name_end]) and not self._looks_like_unit(word)
                and self._names_work(word)}

    def _names_work(self, word: str) -> bool:
        names_work = getattr(self.units, "names_work", None)
        return names_work(word) if names_work else self.units.lookup(f"市{word}局") is not None

    def _ended_at_space(self, start: int, end: int) -> int | None:
        """Where a list stops at a space, in a record flattened into one line (责任单位:市公安局 项目责任人:王伟标,
        配合单位:市城管局、市财政局 实际完成情况:…): the first space after a name (not after a separator) when
        all before it are units and not all after it are; None when the list runs to its end (units parted by
        spaces, 超限站 公路站 交警六中队)."""
        text = self.text
        if " " not in text[start:end]:
            return None
        for m in _SPACE_RUN.finditer(text, start, end):
            if m.start() == start or text[m.start() - 1] in _UNIT_SEPARATORS or not self.lists_units(start, m.start()):
                continue
            # the words after it as a list reads them (各县、市、区政府 one word, not 各县 / 市 / 区政府)
            words = [w for ps, pe in self._pieces(m.end(), end) for w in text[ps:pe].split()]
            return None if all(self._listed(w) for w in words) else m.start()
        return None

    def _listed(self, word: str) -> bool:
        """A word a list of units may hold: a unit, an open end (等部门, or closing a unit: 省林业局等), or a deadline;
        the list's duty may close it (政务和数据局等单位按职责分工负责)."""
        if word[-1] in _DUTY_ENDS and (duty := _DUTY_SUFFIX.search(word)) is not None and duty.start() > 0:
            word = word[: duty.start()]
        if "等" in word and (m := _OPEN_SUFFIX.search(word)) is not None and m.start() > 0:
            word = word[: m.start()]
        return bool(self._entry(word) or self._looks_like_unit(word) or word.startswith("等")
                    or resolve_deadline(word, self.year) is not None)

    def _pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The list's pieces, with 各市、县(市、区)人民政府 kept as one, also after a unit its cell parts from it
        by a space (县教体局 各乡、镇人民政府) and before a unit 及/和 joins to it (各区、县(市)政府及开发区管委会)."""
        text = self.text
        pieces = self._places_sharing(split_list(text, start, end))
        for k, (ps, pe) in enumerate(pieces[:-1]):
            if _LONE_EACH.match(text, ps, pe):
                before, each = [], ps
            elif text.find("各", ps, pe) > ps and (spaced := _SPACED_LONE_EACH.search(text, ps, pe)) is not None:
                before, each = [(ps, spaced.start())], spaced.start("each")
            else:
                continue
            whole = _COLLECTIVE_OF_PLACES.match(text, each, end)
            if whole is None:
                continue
            if any(e == whole.end() for _, e in pieces[k + 1 :]):
                rest = [p for p in pieces[k + 1 :] if p[0] >= whole.end()]
                return [*pieces[:k], *before, (each, whole.end()), *rest]
            joined = _AND_SPLIT.match(text, whole.end())
            inside = next((j for j, (s, e) in enumerate(pieces) if s < whole.end() < e), None)
            if joined is not None and inside is not None and inside > k and joined.end() < pieces[inside][1]:
                return [*pieces[:k], *before, (each, whole.end()), (joined.end(), pieces[inside][1]),
                        *pieces[inside + 1 :]]
        return pieces

    def _places_sharing(self, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Bare places before a piece that names a place's body (海东市、兰州市、临夏州发展改革部门) are that body's
        too: they and the piece are one; so is a collective of places before a place's kind of department (各市〔州〕、
        贵安新区数据管理部门). A bare kind after a collective continues it (市直有关部门、单位)."""
        text, joined, k = self.text, [], 0
        while k < len(pieces):
            if k + 1 < len(pieces) and (
                    _LONE_EACH.fullmatch(text, *pieces[k]) and self._kind_of_department(*pieces[k + 1])
                    or _BARE_KIND.fullmatch(text, *pieces[k + 1]) and text[pieces[k][0] : pieces[k][1]].endswith(
                        _KIND_ENDS) and not _BARE_KIND.fullmatch(text, *pieces[k])):
                joined.append((pieces[k][0], pieces[k + 1][1]))
                k += 2
                continue
            z = k
            while z < len(pieces) and self._bare_place_name(*pieces[z]):
                z += 1
            if k < z < len(pieces) and _NAMES_SHARING_ZONE.fullmatch(text, pieces[k][0], pieces[z][1]) \
                    and self._looks_like_unit(text[pieces[z][0] : pieces[z][1]]):
                joined.append((pieces[k][0], pieces[z][1]))  # 临汾、侯马、洪洞经济开发区管委会: one piece
                k = z + 1
                continue
            m = k
            while m < len(pieces) and _BARE_PLACE.fullmatch(text, *pieces[m]) \
                    and not text[pieces[m][0] : pieces[m][1]].endswith(_ZONES):
                m += 1
            if k < m < len(pieces) and _PLACES_SHARING.fullmatch(text, pieces[k][0], pieces[m][1]) \
                    and self._looks_like_unit(text[pieces[m][0] : pieces[m][1]]):
                joined.append((pieces[k][0], pieces[m][1]))
            else:
                joined += pieces[k : m + 1]
            k = m + 1
        return joined

    def _bare_place_name(self, start: int, end: int) -> bool:
        """临汾, 侯马: a place printed without its kind, as a list of places sharing a zone's body prints them."""
        name = self.text[start:end]
        return bool(_BARE_NAME.fullmatch(name)) and not name.endswith(_UNIT_LAST_CHARS) and not self._names_work(name)

    def _kind_of_department(self, start: int, end: int) -> bool:
        """贵安新区数据管理部门: a named place and a kind of department, perhaps with the list's duty after it (…财政部门
        按职责分工负责)."""
        m = _KIND_OF_DEPARTMENT.match(self.text, start, end)
        return m is not None and (m.end() == end or _DUTY_AFTER.fullmatch(self.text, m.end(), end) is not None)

    def _list_piece(self, start: int, end: int, found: UnitList, government: str = "") -> None:
        # each suffix is looked for only where the piece's last character or a 等 allows it: most pieces are a
        # bare name, and a search for an end-anchored pattern tries every position
        text = self.text
        if text[end - 1] in _NOTE_CLOSERS and (opened := self._bracket_note(start, end)) is not None:
            found.notes.append(self.surface(opened + 1, end - 1))
            end = attr.strip_span(text, start, opened, " ")[1]
        lead = _LEAD_MARK.search(text, start, end) if text[end - 1] in attr.CLOSERS else None
        end = lead.start() if lead else end
        signed = lead is None and self._marked_lead(start, end)
        lead = lead or signed
        found.signed |= signed
        if (text[end - 1] in _DUTY_ENDS and (m := _DUTY_SUFFIX.search(text, start, end))
                and not self._collective_by_role(start, end) and not attr.verb_ends_name(text, start, end)):
            found.notes.append(self.surface(m.start(), end))
            end = m.start()
        # after the duty: X、Y等单位按职责分工负责 leaves the list open before its duty
        if "等" in text[start:end] and (m := _OPEN_SUFFIX.search(text[start:end])):
            found.is_open, end = True, start + m.start()
        start = self._described(start, end)
        if government:
            found.units.append(self._place_sharing(start, end, government))
            return
        for us, ue in self._and_split(start, end):
            if (mention := self.unit(us, ue)) is not None:
                found.units.append(mention)
                found.marked += [mention] if lead else []
            elif (deadline := self.deadline(us, ue, warn=False)) is not None:
                found.deadlines.append(deadline)
            elif _POST.search(self.text, us, ue):
                found.leaders.append(self.surface(us, ue))
            else:
                found.notes.append(self.surface(us, ue))
                self.warn("not-a-unit", f"{self.surface(us, ue)[:40]!r} in a list of units is not read as a "
                                        "unit; it is kept in the note", us, ue)

    def _marked_lead(self, start: int, end: int) -> bool:
        """★区发改委 (or *市建设局, 区农业农村委*) where the document says the mark names the lead: the mark
        ``split_list`` took off the piece, right before it or right after it (blanks between allowed)."""
        marks = self.conventions.lead_marks
        if not marks:
            return False
        before = self.text[max(0, start - 4) : start].rstrip(" \t\u3000")
        after = self.text[end : end + 4].lstrip(" \t\u3000")
        return bool(before) and before[-1] in marks or bool(after) and after[0] in marks

    def _bracket_note(self, start: int, end: int) -> int | None:
        """Where the bracket closing text[start:end] opens when it holds a note on the unit before it: 〔〕【】[] are
        no part of a unit's name (市财政局〔市级资金,各区(市)配套〕), so they hold a note unless they mark the lead
        (〔牵头〕); () are (各区(市)), so only a remark, a sentence or longer than a name's qualifier, is a note."""
        text, depth = self.text, 0
        for opened in range(end - 1, start, -1):
            depth += (text[opened] in _NOTE_CLOSERS) - (text[opened] in _NOTE_OPENERS)
            if depth == 0:
                break
        else:
            return None
        inner = text[opened + 1 : end - 1].strip()
        if not inner or _LEAD_MARK.fullmatch(text, opened, end) or not text[start:opened].strip():
            return None
        if text[opened - 1] in PLACE_KINDS and _KINDS_ONLY.fullmatch(inner):  # 各市〔州〕: what the kind stands for
            return None
        if text[end - 1] in ")" + _ANGLE_CLOSERS:
            return opened if _REMARK.search(inner) else None
        return None if self._entry(text[start:end]) else opened

    def _and_split(self, start: int, end: int) -> list[tuple[int, int]]:
        """市发展改革委和市市场监管局 is two units, 市工业和信息化局 one: split at a 和/与/及 (or a space) only where
        every part is a unit, known ones first; all split points, then one at a time."""
        piece = self.text[start:end]
        if not self.lookup(piece) and (glued := self._glued_after_section(start, end)) is not None:
            return [(start, glued), *self._and_split(glued, end)]
        if self.lookup(piece) or not _AND_SPLIT.search(piece):
            return [(start, end)] if start < end else []
        joins = list(_AND_SPLIT.finditer(self.text, start, end))
        if len(joins) == 1 and joins[0].group().isspace() and self._broken_at_space(start, joins[0], end):
            return [(start, end)]
        # every split first (超限站 公路站 交警六中队 is three units), then at the spaces alone (a cell's units parted
        # by spaces, one holding 和 in its name: 市档案局 市党史和地方志研究室), then one split point at a time
        options = [_parts(start, end, joins)]
        spaced = [m for m in joins if m.group().isspace()]
        options += [_parts(start, end, spaced)] if 0 < len(spaced) < len(joins) else []
        options += [[(start, m.start()), (m.end(), end)] for m in joins] if len(joins) > 1 else []
        for is_unit in (self.lookup, lambda name: self.units.looks_like_unit(_BLANKED_PLACE.sub("某", name))):
            for parts in options:
                if all(a < b and not _BARE_KIND.fullmatch(self.text, a, b) and is_unit(self.text[a:b])
                       for a, b in parts):
                    return parts
        return [(start, end)]

    def _broken_at_space(self, start: int, space: re.Match, end: int) -> bool:
        """县委县政府 督查室: one name a narrow cell broke at a space, not two units: the piece after the space is a
        name's last characters (no level of its own, no entry of its own, _BROKEN_TAIL_MAX at most) after a piece
        that opens with its level, and the two together look like one unit."""
        head, tail = self.text[start : space.start()], self.text[space.end() : end]
        return (len(tail) <= _BROKEN_TAIL_MAX and bool(split_level(head)[0]) and not split_level(tail)[0]
                and not tail.startswith("各") and self.lookup(tail) is None
                and not (_WHOLE_BODY.search(head) and (bare_body(tail) or _DISTRICT_NAME.fullmatch(tail)))
                and self.units.looks_like_unit(head + tail))

    def _glued_after_section(self, start: int, end: int) -> int | None:
        """Where the second of two units printed with nothing between them starts, after a county bureau's section
        (文化宣传股文化馆: a …股 holds no unit under it, so a name running on after it is the next unit's), or after
        a bureau when a bureau follows (县经济贸易局国土资源局); None."""
        ends = [*_SECTION_END.finditer(self.text, start, end), *_BUREAU_END.finditer(self.text, start, end)]
        for m in ends:
            head, rest = self.text[start : m.end()], self.text[m.end() : end]
            if len(rest) >= _GLUED_NAME_MIN and self._looks_like_unit(head) and self._looks_like_unit(rest):
                return m.end()
        return None

    # -- one unit --------------------------------------------------------------------------------------
    def _entry(self, name: str):
        """The gazetteer's entry; 各区(市)政府 and 各区、市人民政府 are the collective 各区(市)."""
        return next((entry for form in lookup_forms(name) if (entry := self.lookup(form)) is not None), None)

    def _looks_like_unit(self, name: str) -> bool:
        name = _BLANKED_PLACE.sub("某", name)
        if _PLACES_SHARING.fullmatch(name) or _NAMES_SHARING_ZONE.fullmatch(name):  # 海东市、兰州市、临夏州发展改革
            name = name[name.rindex("、") + 1 :]  # 部门, 临汾、侯马、洪洞经济开发区管委会: its last piece
        elif (joined := _COLLECTIVE_SHARING.fullmatch(name) or _CONTINUED_KIND.fullmatch(name)) is not None:
            name = joined["body"]
        return (self.units.looks_like_unit(name) or _COLLECTIVE_BY_ROLE.match(name) is not None
                or _COLLECTIVE_OF_PLACES.fullmatch(name) is not None)

    def _collective_by_role(self, start: int, end: int) -> bool:
        name = self.text[start:end]
        return _COLLECTIVE_BY_ROLE.match(name) is not None or _COLLECTIVE_OF_PLACES.fullmatch(name) is not None

    def unit(self, start: int, end: int) -> UnitMention | None:
        """A unit of the document's place (``unit_identity``); a well-formed name in no gazetteer is a unit,
        said once in the summary, a doubtful one is warned about where it stands."""
        name = self.text[start:end]
        if _COLLECTIVE_BY_ROLE.match(name) is not None and self._entry(name) is None:
            return self._role_collective(start, end)
        found = self.units.resolve(_BLANKED_PLACE.sub("某", name)) if hasattr(self.units, "resolve") else None
        if found is None:
            return self._unplaced_unit(start, end)
        collective = not found.known and self._collective_by_role(start, end)
        if not found.known and found.well_formed:
            self.unlisted.setdefault(found.full_name, (start, end))
        elif not found.known:
            self.warn("unknown-unit", f"unit {normalize_name(name)!r} is not in the gazetteer", start, end)
        return UnitMention(found.name, self.surface(start, end), self.span(start, end),
                           UnitKind.COLLECTIVE if collective else found.kind, found.known, tuple(found.members),
                           found.place)

    def _role_collective(self, start: int, end: int) -> UnitMention:
        """各牵头单位, 各项目责任单位, 区安委会各成员单位: the units named for a role, one collective of the document's
        place; no gazetteer lists its members, which the warning says where it is first named."""
        name = normalize_name(self.text[start:end])
        if name not in self.role_collectives:
            self.role_collectives.add(name)
            self.warn("collective-by-role", f"{self.surface(start, end)[:40]!r} is read as a collective, the units "
                      "named for that role; it is no unit of its own and no gazetteer lists its members", start, end)
        return UnitMention(name, self.surface(start, end), self.span(start, end), UnitKind.COLLECTIVE, False,
                           (), getattr(self.units, "place", ""))

    def _place_sharing(self, start: int, end: int, government: str) -> UnitMention:
        """黑河 in 哈尔滨、黑河、绥芬河市政府: the place's own government (黑河市政府), printed bare."""
        name = self.text[start:end] + government
        found = self.units.resolve(name) if hasattr(self.units, "resolve") else None
        if found is None:
            return UnitMention(normalize_name(name), self.surface(start, end), self.span(start, end),
                               UnitKind.UNKNOWN, False)
        return UnitMention(found.name, self.surface(start, end), self.span(start, end), found.kind, found.known,
                           tuple(found.members), found.place)

    def _unplaced_unit(self, start: int, end: int) -> UnitMention | None:
        """A gazetteer without places (tests, tools), or a name the place's units do not read."""
        name = self.text[start:end]
        if (entry := self._entry(name)) is not None:
            return UnitMention(entry.name, self.surface(start, end), self.span(start, end), entry.kind, True,
                               tuple(entry.members))
        if not self._looks_like_unit(name):
            return None
        self.warn("unknown-unit", f"unit {normalize_name(name)!r} is not in the gazetteer", start, end)
        kind = UnitKind.COLLECTIVE if self._collective_by_role(start, end) else self.units.guess_kind(name)
        return UnitMention(normalize_name(name), self.surface(start, end), self.span(start, end),
                           kind if isinstance(kind, UnitKind) else UnitKind.UNKNOWN, False)

    def report_unlisted(self) -> None:
        """Well-formed names in no gazetteer are units of the place, said once, not warned about each time."""
        if self.unlisted:
            names = list(self.unlisted)
            start, end = self.unlisted[names[0]]
            # the first few: a place with no gazetteer has every unit here, and the list buried the warnings
            # that need a reader (a deadline not read); every unit is stored and listed on the Units page
            # each under the name it is stored by: with its place, and one name for one body (区应急管理局 is
            # stored as 即墨区应急局, ontology/units/equivalences.tsv), never "as printed"
            shown = "、".join(names[:_UNLISTED_SHOWN]) + (f" and {len(names) - _UNLISTED_SHOWN} more (every one is "
                                                           "stored, under the name it is listed by here)"
                                                           if len(names) > _UNLISTED_SHOWN else "")
            self.warn("units-not-in-gazetteer", f"{len(names)} units not in any gazetteer: {shown}", start, end)

    # -- deadlines -------------------------------------------------------------------------------------
    def interval(self, text: str, year: int | None = None) -> Interval | None:
        """A deadline phrase, or one with words after its date (6月底取得阶段性成效并持续推进)."""
        year = self.year if year is None else year
        return (resolve_deadline(text, year, self.issued, self.plan)
                or resolve_leading_deadline(text, year, self.issued, self.plan))

    def deadline(self, start: int, end: int, warn: bool, in_text: bool = False) -> Deadline | None:
        interval = self.interval(self.text[start:end])
        if (interval is not None and not self.year_known and not interval.recurring and interval.end is not None
                and interval.end != getattr(self.interval(self.text[start:end], self.year + 1), "end", None)):
            # 12月底前 in a document printing no year: dated 1970-12-31, it was overdue on every page and in
            # every chart; it names a month of a year nobody knows
            self.warn("relative-deadline", f"deadline {self.surface(start, end)!r} is kept as text, not dated: it "
                      "names no year and the document prints none (no 文号, date or 20xx年)", start, end)
            return None
        if interval is None:
            if why := relative_form(self.text[start:end]):
                self.warn("relative-deadline", f"deadline {self.surface(start, end)!r} is kept as text, not dated:"
                          f" {why}", start, end)
            elif warn:
                self.warn("unresolved-deadline", f"deadline {self.surface(start, end)!r} is not a known form",
                          start, end)
            return None
        recurring = interval.recurring
        return Deadline(unspaced(self.surface(start, end)), self.span(start, end), interval.start, interval.end,
                        interval.open_ended and not recurring, in_text, recurring, interval.due_day,
                        interval.due_day_month)

    def deadline_in_text(self, start: int, end: int, find=find_deadlines) -> Deadline | None:
        """The due date printed in the governed text. Dates of stages (6月底前…开工,10月底前全部完工; 6月底前完成摸底,
        年内完成加装) give one work's steps: the assignment holds one deadline, the last, when the whole work is
        due, which a 督查 office tracks completion by; the earlier stages stay in the text, and are said
        (stage-deadline). A recurring duty's period is its first found."""
        found = [(d, start + ds, start + de) for ds, de in find(self.text[start:end])
                 if (d := self.deadline(start + ds, start + de, warn=False, in_text=True)) is not None]
        if find is not find_deadlines or len({d.end for d, _, _ in found}) < 2:
            return found[0][0] if found else None
        last, s, e = max(found, key=lambda f: (f[0].end is not None, f[0].end or date.min))
        stages = [d.text for d, _, _ in found if d.end != last.end]
        self.warn("stage-deadline", f"the text dates {len(found)} stages of its work; the deadline kept is the last,"
                  f" {last.text!r}, when the whole work is due; the earlier, {'、'.join(map(repr, stages))}, "
                  "is kept only in the text", s, e)
        return last


# <…> and 〈…〉 are brackets inside a name as web copies print them (各县<市、区>人民政府), or a note after it (``_bracket_note``);
# they open no attribution.
_NAME_OPENERS, _NAME_CLOSERS = _NOTE_OPENERS, _NOTE_CLOSERS
_SEPARATOR_OR_BRACKET = re.compile(f"[{re.escape(_UNIT_SEPARATORS + _NAME_OPENERS + _NAME_CLOSERS)}]")


# A mark a table prints before a unit (★区发改委, *市建设局: the lead, in some cities' tables, a convention the page
# may not state) is no part of its name; it names the lead only where the document says so (``_MARK_LEADS``).
_UNIT_MARKS = "★☆▲△◆◇■□●※*＊"


def _parts(start: int, end: int, joins: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The pieces from ``start`` to ``end`` between the given joins."""
    return list(zip([start] + [m.end() for m in joins], [m.start() for m in joins] + [end], strict=True))


def split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of a list between its separators (、，；/), stripped of blanks and marks (★); a separator inside
    brackets is part of a name (各区(县、市)人民政府)."""
    pieces, last, depth = [], start, 0
    for m in _SEPARATOR_OR_BRACKET.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in _NAME_OPENERS:
            depth += 1
        elif ch in _NAME_CLOSERS and depth:
            depth -= 1
        elif ch in _UNIT_SEPARATORS and not depth:
            pieces.append((last, i))
            last = i + 1
    pieces.append((last, end))
    return [p for s, e in pieces if (p := _unmarked(text, s, e))[0] < p[1]]


# A place a page blanks (**县委宣传部, ＊＊市财政局, as 范文 sites print a document of a place they do not name): two
# marks or more right before a place's level are the place's name, printed blank, not a mark (★区发改委, *市建设局).
_BLANKED_PLACE = re.compile(r"[*＊]{2,}(?=[省市州盟县旗区乡镇村])")


def _unmarked(text: str, start: int, end: int) -> tuple[int, int]:
    s, e = attr.strip_span(text, start, end, " \n" + _UNIT_MARKS)
    blank = next((m for m in _BLANKED_PLACE.finditer(text, start, s + 1) if m.end() == s), None)
    return (blank.start(), e) if blank else (s, e)
