"""The unit gazetteer: canonical names, kinds, aliases and membership of the bodies policy documents name.

The data lives in ``ontology/units/*.tsv``, one file per city; this module only receives the file text, so
``ingest`` stays free of file reading. Names are compared after ``normalise_name`` (spaces removed, full-width
forms to ASCII), so a document's 各区（市） finds the canonical 各区(市). Traditional characters are converted
by the caller before lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from .model import UnitKind

COLUMNS = ("name", "kind", "aliases", "members", "parent")
_LIST_SEP = "|"

_PUNCT = {0x3000: " ", ord("〔"): "(", ord("〕"): ")", ord("【"): "(", ord("】"): ")", ord("〈"): "(",
          ord("〉"): ")", ord("・"): "·", ord("•"): "·"}
_DASHES = {ord(c): "-" for c in "‐‑‒–—―─"}
_WIDTH = MappingProxyType({c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | _PUNCT | _DASHES)


def normalise_name(text: str) -> str:
    """The lookup key of a name: documents differ from the gazetteer in width, dashes and stray spaces."""
    return "".join(text.translate(_WIDTH).split())


@dataclass(frozen=True)
class UnitEntry:
    name: str  # canonical
    kind: UnitKind
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # canonical names: the members column plus units naming this one as parent
    parent: str = ""  # canonical name of the body this one belongs to, "" when none


class UnitGazetteer:
    """Immutable once built; lookups go through one index of normalised canonical names and aliases."""

    def __init__(self, entries: Iterable[UnitEntry], sources: tuple[str, ...] = (), place: str = ""):
        """Members declared through ``parent`` are folded into the parent's ``members``, so every consumer of
        an entry sees the full list without asking the gazetteer again. ``place`` is the jurisdiction whose
        documents the file is read for ("" when the file names none)."""
        declared = tuple(entries)
        self.place = place
        members = _build_members(declared)
        self._entries = tuple(replace(e, members=members[e.name]) for e in declared)
        self._sources = sources
        self._by_name = MappingProxyType({e.name: e for e in self._entries})
        self._canonical = MappingProxyType({normalise_name(e.name): e.name for e in self._entries})
        self._index = _build_index(self._entries)

    # -- building ----------------------------------------------------------------------------------
    @classmethod
    def from_tsv(cls, text: str, source: str = "<units>") -> UnitGazetteer:
        """Parse one city's file; hand-edited data, so any mistake is a ValueError naming file and line.
        A ``place<TAB>青岛市`` line before the header says which place's file it is."""
        entries: list[tuple[int, UnitEntry]] = []
        header_seen, place = False, ""
        for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not header_seen and line.startswith("place\t"):
                place = line.split("\t", 1)[1].strip()
                continue
            if not header_seen:
                _check_header(line, source, lineno)
                header_seen = True
                continue
            entries.append((lineno, _parse_row(line, source, lineno)))
        _check_entries(entries, source)
        return cls((e for _, e in entries), (source,), place)

    @classmethod
    def merge(cls, *gazetteers: UnitGazetteer) -> UnitGazetteer:
        """Combine city files. A canonical name may appear twice only as the same entry; an alias two cities
        share (财政局) becomes ambiguous: ``lookup`` refuses it and ``candidates`` lists both."""
        seen: dict[str, tuple[UnitEntry, str]] = {}
        merged: list[UnitEntry] = []
        for g in gazetteers:
            origin = ", ".join(g._sources) or "<units>"
            for e in g.entries():
                if e.name in seen:
                    if seen[e.name][0] != e:
                        raise ValueError(f"unit {e.name!r} is defined differently in {seen[e.name][1]} "
                                         f"and {origin}")
                    continue
                seen[e.name] = (e, origin)
                merged.append(e)
        places = {g.place for g in gazetteers}
        return cls(merged, tuple(s for g in gazetteers for s in g._sources), places.pop() if len(places) == 1 else "")

    # -- queries -----------------------------------------------------------------------------------
    def entries(self) -> tuple[UnitEntry, ...]:
        """In file order, then merge order, so output built from it is stable."""
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.lookup(name) is not None

    def lookup(self, name: str) -> UnitEntry | None:
        """The one unit a canonical name or alias means; None when unknown or ambiguous (``candidates``)."""
        key = normalise_name(name)
        if key in self._canonical:
            return self._by_name[self._canonical[key]]
        names = self._index.get(key, ())
        return self._by_name[names[0]] if len(names) == 1 else None

    def candidates(self, fragment: str) -> list[UnitEntry]:
        """Units whose canonical name or an alias contains the fragment: what a partial name could mean."""
        key = normalise_name(fragment)
        if not key:
            return []
        return [e for e in self._entries if any(key in normalise_name(n) for n in (e.name, *e.aliases))]

    def members_of(self, name: str) -> list[str]:
        """Canonical names of the members column plus the units naming this one as parent (one level, not
        transitive)."""
        entry = self.lookup(name)
        return list(entry.members) if entry else []

    def collectives_of(self, name: str) -> list[str]:
        """Collectives the unit belongs to (即墨区 → 各区(市)), so a task given to 各区(市) reaches each district."""
        entry = self.lookup(name)
        if entry is None:
            return []
        return [e.name for e in self._entries
                if e.kind is UnitKind.COLLECTIVE and entry.name in e.members]

    def guess_kind(self, name: str) -> UnitKind:
        """The gazetteer's kind when known, else a guess from the name's form."""
        entry = self.lookup(name)
        return entry.kind if entry else guess_kind(name)

    def looks_like_unit(self, text: str) -> bool:
        """Known names count as units even when their form is unusual (团市委)."""
        return self.lookup(text) is not None or looks_like_unit(text)


# -- TSV parsing ---------------------------------------------------------------------------------------
def _where(source: str, lineno: int) -> str:
    return f"{source}:{lineno}"


def _check_header(line: str, source: str, lineno: int) -> None:
    found = tuple(c.strip() for c in line.split("\t"))
    if found != COLUMNS:
        raise ValueError(f"{_where(source, lineno)}: header must be the tab-separated columns "
                         f"{' '.join(COLUMNS)}; found {line!r}")


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(_LIST_SEP) if v.strip())


def _parse_row(line: str, source: str, lineno: int) -> UnitEntry:
    """Trailing empty columns may be missing, since editors strip trailing tabs."""
    fields = [f.strip() for f in line.split("\t")]
    if not 2 <= len(fields) <= len(COLUMNS) or not fields[0]:
        raise ValueError(f"{_where(source, lineno)}: expected tab-separated columns {' '.join(COLUMNS)} "
                         f"(name and kind required), got {len(fields)} field(s): {line!r}")
    name, kind, aliases, members, parent = fields + [""] * (len(COLUMNS) - len(fields))
    if normalise_name(name) != name:
        raise ValueError(f"{_where(source, lineno)}: canonical name {name!r} must be written normalised "
                         f"as {normalise_name(name)!r} (ASCII punctuation, no spaces)")
    try:
        unit_kind = UnitKind(kind)
    except ValueError:
        valid = ", ".join(k.value for k in UnitKind if k is not UnitKind.UNKNOWN)
        message = f"{_where(source, lineno)}: kind {kind!r} of {name!r} is not one of {valid}"
        raise ValueError(message) from None
    if unit_kind is UnitKind.UNKNOWN:
        raise ValueError(f"{_where(source, lineno)}: kind of {name!r} must be known in the gazetteer")
    return UnitEntry(name, unit_kind, _split_list(aliases), _split_list(members), parent)


def _check_entries(entries: list[tuple[int, UnitEntry]], source: str) -> None:
    """Within one file every name must mean one unit and every reference must resolve."""
    owner: dict[str, tuple[str, int]] = {}
    first_line: dict[str, int] = {}
    for lineno, e in entries:
        if e.name in first_line:
            raise ValueError(f"{_where(source, lineno)}: unit {e.name!r} is already defined on line "
                             f"{first_line[e.name]}")
        first_line[e.name] = lineno
        for key in {normalise_name(n) for n in (e.name, *e.aliases)}:
            if key in owner and owner[key][0] != e.name:
                other, other_line = owner[key]
                raise ValueError(f"{_where(source, lineno)}: {key!r} of {e.name!r} already names {other!r} "
                                 f"(line {other_line}); drop the ambiguous alias")
            owner[key] = (e.name, lineno)
    names = {e.name for _, e in entries}
    for lineno, e in entries:
        for ref in (*e.members, *([e.parent] if e.parent else [])):
            if ref not in names:
                raise ValueError(f"{_where(source, lineno)}: {e.name!r} refers to {ref!r}, which is not a "
                                 f"canonical name in {source}")


def _build_index(entries: tuple[UnitEntry, ...]) -> Mapping[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for e in entries:
        for key in dict.fromkeys(normalise_name(n) for n in (e.name, *e.aliases)):
            index.setdefault(key, []).append(e.name)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _build_members(entries: tuple[UnitEntry, ...]) -> Mapping[str, tuple[str, ...]]:
    members: dict[str, list[str]] = {e.name: list(e.members) for e in entries}
    for e in entries:
        if e.parent and e.name not in members.setdefault(e.parent, []):
            members[e.parent].append(e.name)
    return MappingProxyType({k: tuple(v) for k, v in members.items()})


# -- guessing from the form of a name ------------------------------------------------------------------
# Banks named by their short forms in a list of units (市人行 for the People's Bank's branch, 县农商行, 市工行): a
# name may end in them although 行 alone ends no unit.
BANKS = ("人行", "农行", "工行", "建行", "中行", "交行", "农商行", "农发行")
# State-owned investment and platform companies named short (汉江国投, 市城投, 县交投): a name may end in them.
STATE_FIRMS = ("国投", "城投", "交投", "水投", "产投", "国控", "金控")
_COLLECTIVE_ENDS = ("有关部门", "有关单位", "相关部门", "相关单位", "各部门", "各单位", "有关机关", "相关机关")
_PARTY_RE = re.compile(r"^(?:中共|党)|^[^各]{0,8}[省市区县](?:纪)?委(?!员会)|(?:党委|党工委|党组)$")
ZONE_ENDS = ("开发区", "经开区", "示范区", "保税区", "保税港区", "综合保税区", "新区", "片区", "试验区", "合作区",
             "经济区", "高新区", "园区", "管委会")
_AGENCY_STARTS = ("国家", "中国", "中央", "省")
_AGENCY_ENDS = ("分行", "支行", "海关", "调查队", "海事局", "人行")
_LOCAL_STARTS = ("市", "区", "县")
_DEPARTMENT_ENDS = ("局", "委", "办", "厅", "办公室")
_DISTRICT_ENDS = ("区", "市", "县")
_ORGANISATION_ENDS = ("公司", "集团", "协会", "商会", "联合会", "大学", "银行", "研究院", "联盟", "厂", *BANKS,
                      *STATE_FIRMS)
# A short trailing qualifier: 各区(市), 区应急管理局(安委办); and 市政府办公室<研究室>, as web copies print brackets.
_CJK_QUALIFIER = re.compile(r"<[\u4e00-\u9fff]{1,8}>$")
_TRAILING_PAREN = re.compile(rf"\([^()]{{1,8}}\)$|{_CJK_QUALIFIER.pattern}")


def _base(name: str) -> str:
    """各区(市) → 各区: a short trailing parenthesis qualifies the name, it does not end it."""
    return _TRAILING_PAREN.sub("", normalise_name(name))


def _is_agency(base: str) -> bool:
    if base.startswith(_AGENCY_STARTS) or base.endswith(_AGENCY_ENDS):
        return True
    return base.endswith("监管局") and not base.startswith(_LOCAL_STARTS)


def guess_kind(name: str) -> UnitKind:
    """A kind for a name the gazetteer lacks, from its form, so unknown units still get a usable type."""
    base = _base(name)
    if len(base) < 2:
        return UnitKind.UNKNOWN
    if base.startswith("各") or base.endswith(_COLLECTIVE_ENDS):
        return UnitKind.COLLECTIVE
    if base.endswith("专班"):
        return UnitKind.TASK_FORCE
    if _PARTY_RE.search(base):
        return UnitKind.PARTY_ORGAN
    if base.endswith(ZONE_ENDS):
        return UnitKind.FUNCTIONAL_ZONE
    if _is_agency(base):
        return UnitKind.AGENCY
    if base.endswith(_DEPARTMENT_ENDS):
        return UnitKind.GOVERNMENT_DEPARTMENT
    if base.endswith(_DISTRICT_ENDS):
        return UnitKind.DISTRICT
    if base.endswith(_ORGANISATION_ENDS):
        return UnitKind.ORGANISATION
    return UnitKind.UNKNOWN


# Broadcasters and observatories end in 台; a 平台 (platform) is no unit.
STATIONS = ("电台", "电视台", "总台", "气象台", "地震台", "观测台")
# A state reserve's depot, named as the body that runs it in a list of units (中储粮株洲直属库); a 水库 or 仓库 is none.
DEPOTS = ("直属库",)
# People's bodies named by a short form that ends in no government suffix: 区工商联, 市妇联, 省科协.
PEOPLES_BODIES = ("工商联", "妇联", "残联", "侨联", "文联", "社科联", "科协")
# Parks that run themselves and are named as units (新材料产业园, 商贸物流园); a 公园 or 幼儿园 is none.
PARKS = ("产业园", "物流园", "工业园", "科技园", "创业园", "软件园", "示范园", "高新园", "产业园区")
# Market centres named as units, for the businesses that run them (华东服装城, 国际商贸城, 农产品批发市场).
MARKETS = ("服装城", "商贸城", "小商品城", "建材城", "家具城", "汽配城", "批发市场")
# The party that owns or runs a place, named as the body that does the work beside departments (三合广场业主, 景区
# 运营方, 项目施工方): a named place's owner is a body, as the business running a market centre is.
PARTIES = ("业主", "业主方", "运营方", "管理方", "施工方")
# A works named as the enterprise that does its part (鄂州球团厂, 市自来水厂, 钢铁厂), as a company is; not a verb
# of going to or from one (出厂, 进厂, 返厂, 建厂).
FACTORIES = ("厂",)
# A court's tribunal (城关法庭, 人民法庭) is a body of its court, as a 司法所 is of its bureau; a city's service
# hotline (市政务服务热线, 12345热线) is the body that answers it, named as a lead in 督办 notices.
_UNIT_ENDS = ("局", "委", "办", "厅", "部", "院", "法庭", "热线", "会", "中心", "政府", "区", "市", "县", "专班", "分行", "支行",
              "银行", "公司", "集团", "单位", "部门", "办公室", "办事处", "管委会", "海关", "署", "所", "站", "队",
              "组", "联盟", "乡", "镇", "街道", "镇街", "街", "校", "馆", "室", "处", "科", "股", "社", "协", "国企",
              "机关",
              *PARKS,
              *MARKETS,
              *PARTIES,
              *BANKS,
              *STATE_FIRMS,
              *PEOPLES_BODIES,
              *STATIONS,
              *DEPOTS,
              *FACTORIES)
# A 处/科/股 that is a division of a department (数字经济处, 市场科, a county bureau's 农业股), a 协 that is an
# association (个私协) and a township (龙庆乡, like a 镇), not words of prose that end alike (不足之处, 学科, 入股,
# 妥协, 城乡, 返乡).
_NOT_DIVISIONS = ("之处", "好处", "难处", "此处", "各处", "到处", "用处", "益处", "长处", "短处", "出处",
                  "学科", "本科", "专科", "工科", "理科", "文科", "妥协", "入股", "参股", "持股", "配股",
                  "城乡", "下乡", "返乡", "回乡", "家乡", "故乡", "老乡", "异乡", "他乡", "水乡", "梦乡",
                  "出厂", "进厂", "入厂", "返厂", "回厂", "建厂", "办厂", "设厂", "到厂", "在厂", "离厂", "全厂", "本厂",
                  "该厂", "各厂")
# The kinds of place a collective names after 各 (各州、市人民政府, 各盟、市, 各乡镇场): 省 市 县 区, 州 (自治州), 盟
# and 旗, 乡 and 镇, and 场, the state farms and ranches that stand beside townships where they are (吉林, 黑龙江,
# 新疆: 各乡、镇(场), 各乡镇场). The parser's one home for them.
PLACE_KINDS = "省市县区州盟旗乡镇场"

# A collective of places written with 、 (各区、市人民政府, 各区、市政府: Qingdao's usual wording for its districts and
# county-level cities) is the one written with a bracket (各区(市)): the same places, one 各 over them.
_DUN_PLACES = re.compile(rf"(?P<each>各[{PLACE_KINDS}])、(?P<rest>[{PLACE_KINDS}](?:、[{PLACE_KINDS}])*)"
                         r"(?P<government>(?:人民)?政府)?")


# A collective of the places under the issuer's (各市人民政府 in a province's notice, 各县(市、区)政府, 各区(市),
# 各设区市, 各地级以上市人民政府): each of them, not a body of the issuer's own (各市直部门, 各区域, 各市场主体).
_EACH_PLACE_BELOW = re.compile(rf"各(?:设区的?|地级(?:以上)?|县级)?[{PLACE_KINDS}](?![直级场属域])")


def names_places_below(name: str) -> bool:
    """``name`` is a collective of the places under its own place (各市人民政府 of 山东省: 济南市, 青岛市 …)."""
    return _EACH_PLACE_BELOW.match(normalise_name(name)) is not None


def lookup_forms(name: str) -> list[str]:
    """The normalised forms a name is looked up by, as printed first: 各区、市人民政府 → 各区(市)人民政府; and a
    government (各区(市)政府, 即墨区人民政府) is its place's collective or district (各区(市), 即墨区)."""
    key = normalise_name(name)
    forms = [key]
    if (m := _DUN_PLACES.fullmatch(key)) is not None:
        forms.append(f"{m['each']}({m['rest']}){m['government'] or ''}")
    for form in list(forms):
        if form.endswith("政府") and (bare := form.removesuffix("人民政府").removesuffix("政府")):
            forms.append(bare)
    return list(dict.fromkeys(forms))


# Collectives named by 各 and words for places that are no unit suffix: 各地, 各地区, the villages and
# communities a town's duties fall to (各村, 各村(社区), 各社区, 各村居), and 各 before kinds of place alone
# (各州 of 各州、市人民政府, 各盟, 各旗, 各乡, 各乡镇场), or before kinds of area a district parts itself into beside
# them (各街道板块: each sub-district and each 板块, the functional areas a 南京 district runs; 各片区, 各园区).
_EACH_PLACE = ("各地", "各地区", "各社区")
_AREA_KINDS = ("街道", "社区", "片区", "园区", "板块")
_EACH_PLACES = re.compile(rf"各(?:[{PLACE_KINDS}村居街]|{'|'.join(_AREA_KINDS)}){{1,4}}")
# The towns of a place named by their level with its alternative in brackets, as a regulation names the bodies each
# article binds (镇(街道)负责组织…, 乡(镇)人民政府, 村(社区)): a collective, as 各镇(街道) is.
_LEVEL_PAIR = re.compile(r"(?:乡|镇|村|乡镇|街道|社区)\((?:乡|镇|村|街|乡镇|街道|社区)\)")
# Each body of a kind, named by 各 and 机构 or 机关 (各直属机构, 各驻市机构, 各金融机构; 各机关, as Taiwan's and older
# notices name the government's agencies): a collective, as 各有关单位 is.
_EACH_BODY = re.compile(r"各[\u4e00-\u9fff]{0,6}(?:机构|机关)")
# Characters of markup and formulas (<script>, {{…}}, =HYPERLINK): never part of a unit's name.
_MARKUP = re.compile(r"[<>{}\[\]|`$=*#\\&'\"@^~]")
_NOTE_WORDS = ("负责", "配合", "牵头", "按职责", "分工", "落实", "完成", "参与",
               # a question names no one (…四项工作由哪些部门牵头?, a news headline)
               "哪些", "哪个", "哪家", "什么")
# Verbs that make a phrase a note unless a body's own suffix ends it: 加快推进 is a note, 市城市更新推进办公室
# and 市推进产业发展工作专班 are bodies.
_VERB_WORDS = ("推进", "加强", "加快")
# A role noun alone (协同单位积极配合, 责任单位要…): the units of that role wherever they are, no unit of its own.
_ROLE_NOUN = re.compile(r"(?:牵头|责任|主责|主办|承办|协办|协同|协作|协助|配合|参与|参加|实施|具体)(?:单位|部门)")
_BODY_ENDS = ("办公室", "领导小组", "工作组", "专班", "中心", "委员会", "指挥部", "推进组", "联席会议")
_SENTENCE_PUNCT = re.compile(r"[,.;:!?。、“”\"]")
# A short word in quotes inside a name (市“两新”组织党工委, 县“三农”工作领导小组办公室) is part of the name, as a
# short parenthesis is; quotes around anything longer or with punctuation inside are a sentence's.
_QUOTED_WORD = re.compile(r"“[\u4e00-\u9fff0-9A-Za-z]{1,8}”")
_MAX_UNIT_LEN = 30
# A number that is part of a body's name: a service line's (12345热线, 110指挥中心, 119, 96345) or a generation's
# (5G办) code, glued to the words of the name; never a count, a date or an amount (3个部门, 2024年, 第2批, 10月底).
_NAME_NUMBER = re.compile(r"(?<![\d第])(?:\d{3,6}|\d[A-Za-z])(?![\d.%年月日号个家项次天人万亿元时分期批类条件座所户名台辆])")
_MAX_PLACE_LEN = 10  # 青岛市市南区; a longer phrase ending in 市 is prose (建设先进制造业强市)


# One body of a place named by the work it does (区绩效考评机构, 县编制机构): a unit, as 区政府督查室 is; a kind of
# body (社会培训机构) or of a level's or an area's bodies (县级健康教育机构, 市场监管机构, 区域性金融机构, 县域医疗机构,
# 市属金融机构, 省内外检测机构, 市以上机构) is not.
_PLACE_BODY = re.compile(r"(?:省|市|县|区|州|盟|旗|乡|镇)(?!级|场|域|属|内|外|直|以|及|和|各)[\u4e00-\u9fff]{2,10}机构")
# A body described by what it is like, not named (业务相近部门, 职能类似的单位), or only counted (由多个单位负责的,
# 涉及两个以上部门的): no unit of its own.
_DESCRIBED_BODY = re.compile(r"(?:相近|相似|类似|相仿|同类)的?(?:部门|单位|机构)$"
                             r"|^(?:多个|多家|几个|若干|两个及?以上|两家及?以上)(?:责任)?(?:部门|单位|机构)$")


def looks_like_unit(text: str) -> bool:
    """Tells a unit from a note in an attribution (按职责分工负责): short, no sentence punctuation, no markup, a
    unit suffix."""
    if _LEVEL_PAIR.fullmatch(normalise_name(text)):
        return True
    base = _base(text)
    outside = _QUOTED_WORD.sub("", re.sub(r"\([^()]*\)", "", base))
    if not 2 <= len(base) <= _MAX_UNIT_LEN or _SENTENCE_PUNCT.search(outside) \
            or re.search(r"\d", _NAME_NUMBER.sub("", outside)):
        return False
    if _MARKUP.search(_CJK_QUALIFIER.sub("", normalise_name(text))):
        return False
    if base in _EACH_PLACE or _EACH_PLACES.fullmatch(base) or _EACH_BODY.fullmatch(base) \
            or _PLACE_BODY.fullmatch(base):
        return True
    if _ROLE_NOUN.fullmatch(base):
        return False
    if any(w in base for w in _NOTE_WORDS) or not base.endswith(_UNIT_ENDS) or base.endswith(_NOT_DIVISIONS):
        return False
    if _DESCRIBED_BODY.search(base):
        return False
    if any(w in base for w in _VERB_WORDS) and not base.endswith(_BODY_ENDS):
        return False
    place_only = base.endswith(_DISTRICT_ENDS) and not base.endswith(ZONE_ENDS)
    return not place_only or len(base) <= _MAX_PLACE_LEN


# -- names in any place: level prefixes, equivalences, well-formed names -------------------------------------
# The level words a unit name may start with, longest first; 市场监管局 starts with a word, not a level.
# The level words a place's own documents put before its bodies (市发改委, 州财政局 of an 自治州, 旗 and 盟 of
# Inner Mongolia): a unit name's prefix, and the word a place's name ends in (``jurisdiction.level_word``).
LEVEL_PREFIXES = ("自治区", "省", "市", "区", "县", "州", "旗", "盟")
_NOT_LEVEL = ("市场", "区域", "县域")


def split_level(name: str) -> tuple[str, str]:
    """市发改委 → (市, 发改委); 市市场监管局 → (市, 市场监管局); 市场监管局 → ("", 市场监管局)."""
    for word in LEVEL_PREFIXES:
        body = name[len(word):]
        if name.startswith(word) and len(body) >= 2 and not name.startswith(_NOT_LEVEL):
            return word, body
    return "", name


def body_type(body: str) -> str:
    """委 for a commission (发改委, 发展和改革委员会), 局 for a bureau, "" for any other body."""
    if body.endswith(("委", "委员会")):
        return "委"
    return "局" if body.endswith("局") else ""


class Equivalences:
    """Bodies named alike in every place (发改委 = 发展改革委): the first of a group is canonical. A group may join
    a commission and a bureau of the same work (发展改革委, 发展改革局: a city has the one, a district the other):
    they find each other in a place's gazetteer, but a name no gazetteer knows keeps the kind of body it prints,
    its canonical form the group's first of that kind (区发改局 → 区发展改革局, never 区发展改革委)."""

    def __init__(self, groups: Iterable[tuple[str, ...]] = ()):
        self._group: dict[str, tuple[str, ...]] = {}
        for group in groups:
            for body in group:
                self._group.setdefault(normalise_name(body), group)

    @classmethod
    def from_tsv(cls, text: str, source: str = "<equivalences>") -> Equivalences:
        groups, header_seen = [], False
        for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [f.strip() for f in line.split("\t")]
            if not header_seen:
                if fields != ["canonical", "variants"]:
                    raise ValueError(f"{source}:{lineno}: header must be the tab-separated columns canonical "
                                     f"variants; found {line!r}")
                header_seen = True
                continue
            if len(fields) != 2 or not fields[0] or not fields[1]:
                raise ValueError(f"{source}:{lineno}: expected a canonical body and |-separated variants, "
                                 f"got {line!r}")
            groups.append((fields[0], *_split_list(fields[1])))
        return cls(groups)

    def knows(self, body: str) -> bool:
        """A body (发改委, 人社局) of some group: a body's name, whatever its place."""
        return normalise_name(body) in self._group

    def variants(self, name: str) -> tuple[str, ...]:
        """Every form of the name, canonical first, each with the name's own level prefix."""
        level, body = split_level(name)
        group = self._group.get(body)
        return tuple(level + b for b in group) if group else (name,)

    def canonical(self, name: str) -> str:
        """The form a name no gazetteer knows is stored under: the group's first of its kind, whichever form a
        notice prints, so one body printed two ways (市行政审批服务局, 市行政审批局) is one unit, not two with its
        duties split between them; a question finds it by any of its forms (queries/lexicon)."""
        forms = self.variants(name)
        kind = body_type(name)
        return next((f for f in forms if body_type(f) == kind), forms[0]) if kind else forms[0]


_CJK = "\u4e00-\u9fff"
_ENDS = ("局|委|办|厅|部|中心|集团|公司|政府|管委会|专班|办公室|委员会|领导小组|工作组|指挥部|海关|分行|支行|"
         "调查队|院|会|署|站|所|队|处|室|社|联|协|台")
_WELL_FORMED = (
    re.compile(rf"各[{_CJK}()、]{{1,12}}"),  # 各区(市), 各县区, 各街道, 各镇, 各有关单位
    re.compile(r"(?:[市区县省](?:级|直)?)?(?:各)?(?:有关|相关|成员)(?:部门|单位)"),
    # level + body + kind of body; a body's name may hold its number (市12345政务服务便民热线中心, 市5G办)
    re.compile(rf"(?:自治区|[省市区县])委?[{_CJK}0-9A-Za-z()、-]{{1,18}}(?:{_ENDS})"),
    re.compile(rf"(?:国家|中国|中央|国务院|中华人民共和国|全国)[{_CJK}()-]{{2,24}}(?:{_ENDS})"),
    re.compile(rf"[{_CJK}()-]{{2,24}}(?:专班|集团|有限公司|股份公司|海关|分行|支行|调查队|监管局)"),
    re.compile(rf"(?:[省市区县]|[{_CJK}]{{2,8}}?[省市区县])(?:{'|'.join(BANKS)})"),  # 市人行, 长兴县农商行
    re.compile(rf"[{_CJK}]{{1,8}}?(?:{'|'.join(STATE_FIRMS)})"),  # 汉江国投, 市城投
)
_BARE_BODY = re.compile(r"[^省市区县各镇街]{1,10}(?:局|委|厅|办|办公室|委员会)")


def well_formed(name: str) -> bool:
    """A government unit name by its form: level prefix + body + 局/委/办/…, a collective, a national body,
    an enterprise or a task force. Such a name in no gazetteer is still a unit; only the rest is doubtful."""
    key = normalise_name(name)
    return looks_like_unit(key) and any(p.fullmatch(key) for p in _WELL_FORMED)


def bare_body(name: str) -> bool:
    """税务局, 发改委: a department named without its level, which in a document means the document's own."""
    return bool(_BARE_BODY.fullmatch(name)) and not split_level(name)[0]
