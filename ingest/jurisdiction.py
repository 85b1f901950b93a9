"""Places (行政区划) and the jurisdiction of a document: the place whose government issued it.

The hierarchy (district → city → province) and the 文号 codes each place's offices print are data
(``ontology/units/places.tsv``); this module only receives the file text, so ``ingest`` stays free of file
reading. A unit name means a body of a place: 市财政局 in a 即墨区 document is 青岛市's, 区财政局 即墨区's. A place
the data does not list is read from its documents' offices (济南市历下区人民政府办公室: 历下区, under 济南市), and
is known by its name under the place printed above it (济南市市中区 and 枣庄市市中区 are two places: ``identified``).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .units import LEVEL_PREFIXES, ZONE_ENDS

COLUMNS = ("name", "parent", "codes")
# The level word a place's own documents print before its bodies (自治区 before 区: the longer first).
LEVEL_WORDS = LEVEL_PREFIXES
# The words a place's name ends in, longest first (大兴安岭地区, 长阳土家族自治县, 青岛市).
PLACE_ENDS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "区", "县", "州", "旗", "盟")
_PLACE_SUFFIX = re.compile(f"(?:{'|'.join(PLACE_ENDS)})$")
# The peoples an autonomous place is named after (大理白族自治州, 长阳土家族自治县, 广西壮族自治区): its documents print
# it by the name before them, with its level (大理州, 长阳县), and names such as 大理海关 carry that name.
PEOPLES = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
           "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
           "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
           "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")
_PEOPLE = "|".join(sorted(PEOPLES, key=len, reverse=True))
_AUTONOMOUS = (re.compile(f"(.{{2,}}?)(?:(?:{_PEOPLE}|各)族?)+自治(区|州|县|旗)"),  # 龙胜各族自治县 too
               re.compile(f"({_PEOPLE})族自治(县|旗)"))  # 东乡族自治县, 鄂温克族自治旗: named after its people alone


def _autonomous(name: str) -> tuple[str, str] | None:
    """(name before the peoples, level) of an autonomous place: (大理, 州) of 大理白族自治州; None for another."""
    found = _AUTONOMOUS[0].fullmatch(name) or _AUTONOMOUS[1].fullmatch(name)
    return (found.group(1), found.group(2)) if found else None
_PLACE_SHAPE = re.compile(f"[\u4e00-\u9fff]{{1,10}}(?:{'|'.join(PLACE_ENDS)})")
_DOC_CODE = re.compile(r"^\s*([\u4e00-\u9fff]{1,8})\s*[〔\[(（【]")


def level_word(place: str) -> str:
    """The prefix a place's own documents give its bodies: 市 for 青岛市, 区 for 即墨区, 自治区 for 内蒙古自治区."""
    return next((w for w in LEVEL_WORDS if place.endswith(w)), "")


# The level words of a province (省, 自治区, and 特别行政区): what a province holds is known by its own name.
_PROVINCE_ENDS = ("特别行政区", "自治区", "省")


def identified(places: Places, place: str, above: Sequence[str] = ()) -> str:
    """What a place is known by: a place the data lists, or one printed under no place or under a province (石家庄市
    under 河北省), by its name; a place the data does not list printed under a city (or a 州, 地区, 盟) by its name
    under that place, 济南市市中区 and 枣庄市市中区, since districts and counties of one name are many (市中区,
    鼓楼区, 城关区, 朝阳区 …) and a store of several cities' notices must not make one place, one 区财政局, of them.
    A name already under its place is unchanged (济南市市中区 under 济南市)."""
    parent = next(iter(above), "")
    if not place or not parent or place in places or place.startswith(parent) or parent.endswith(_PROVINCE_ENDS):
        return place
    return parent + place


def printed_name(place: str, parent: str) -> str:
    """The name a place's own documents print (市中区 of 济南市市中区 under 济南市: ``identified``); the place's
    name when it is not known by its parent's."""
    rest = place[len(parent):] if parent and place.startswith(parent) else ""
    return rest if len(rest) >= 2 and _PLACE_SUFFIX.search(rest) else place  # 城区 of 大同市城区 too


def is_place_name(text: str) -> bool:
    """A name shaped like a place (ends in 省/市/区/县…), for places the data file does not list."""
    return len(text) > 2 and bool(_PLACE_SHAPE.fullmatch(text))


@dataclass(frozen=True)
class Place:
    name: str
    parent: str = ""
    codes: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """青岛 for 青岛市, 内蒙古 for 内蒙古自治区, 大理 for 大理白族自治州: how names such as 青岛海关 carry the place."""
        autonomous = _autonomous(self.name)
        return autonomous[0] if autonomous else _PLACE_SUFFIX.sub("", self.name)

    @property
    def abbreviated(self) -> str:
        """大理州 for 大理白族自治州, 长阳县 for 长阳土家族自治县: an autonomous prefecture, county or banner as its
        own documents print it; "" for every other place."""
        autonomous = _autonomous(self.name)
        return "".join(autonomous) if autonomous and autonomous[1] != "区" else ""


@dataclass(frozen=True)
class Jurisdiction:
    place: str  # "" when no evidence was found; 济南市市中区 for 市中区 printed under 济南市 (``identified``)
    source: str  # how it was found: user, 文号, issuer, title, text, or "" when not found
    read: Jurisdiction | None = None  # given by the user: the other place its 文号, issuer or title reads
    # a place the data does not list: the places printed above it, innermost first (济南市 of 济南市历下区)
    above: tuple[str, ...] = ()


class Places:
    """The place hierarchy; immutable once built."""

    def __init__(self, places: Iterable[Place] = ()):
        self._by_name = MappingProxyType({p.name: p for p in places})
        self._codes = sorted(((c, p.name) for p in self._by_name.values() for c in p.codes),
                             key=lambda cp: -len(cp[0]))
        self._by_length = sorted(self._by_name, key=len, reverse=True)
        shorts = [(p.short, p.name) for p in self._by_name.values() if len(p.short) >= 2]
        self._shorts = sorted(shorts, key=lambda sp: -len(sp[0]))
        # every province's places (3,000): looked up by their first two characters, never by a scan of them all
        self._starting = _by_start((p, p) for p in self._by_length)
        self._in_text = _by_start((p, p) for p in self._by_length if len(p) > 2)
        self._shorts_in_text = _by_start((s, p) for s, p in self._shorts if self._city_or_above(p))
        abbreviated = Counter(p.abbreviated for p in self._by_name.values() if p.abbreviated)
        self._abbreviated = _by_start((p.abbreviated, p.name) for p in self._by_name.values()
                                      if abbreviated[p.abbreviated] == 1 and p.abbreviated not in self._by_name)
        self._names = tuple(self._by_name)
        self._rank = {p: i for i, p in enumerate(self._names)}
        children: dict[str, list[str]] = {}
        for p in self._by_name.values():
            children.setdefault(p.parent, []).append(p.name)
        self._children = {parent: tuple(names) for parent, names in children.items()}

    @classmethod
    def from_tsv(cls, text: str, source: str = "<places>") -> Places:
        """Hand-edited data: a malformed row or an unknown parent is a ValueError naming file and line."""
        rows: list[tuple[int, Place]] = []
        header_seen = False
        for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [f.strip() for f in line.split("\t")]
            if not header_seen:
                if tuple(fields) != COLUMNS:
                    raise ValueError(f"{source}:{lineno}: header must be the tab-separated columns "
                                     f"{' '.join(COLUMNS)}; found {line!r}")
                header_seen = True
                continue
            if not 1 <= len(fields) <= len(COLUMNS) or not fields[0]:
                raise ValueError(f"{source}:{lineno}: expected tab-separated columns {' '.join(COLUMNS)}, "
                                 f"got {line!r}")
            name, parent, codes = fields + [""] * (len(COLUMNS) - len(fields))
            rows.append((lineno, Place(name, parent, tuple(c for c in codes.split("|") if c))))
        names = {p.name for _, p in rows}
        for lineno, p in rows:
            if p.parent and p.parent not in names:
                raise ValueError(f"{source}:{lineno}: parent {p.parent!r} of {p.name!r} is not a place in {source}")
        return cls(p for _, p in rows)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> tuple[str, ...]:
        return self._names

    def shorts(self) -> list[tuple[str, str]]:
        """(short name, full name) of every place whose short name has two characters at least."""
        return list(self._shorts)

    def parent(self, name: str) -> str:
        place = self._by_name.get(name)
        return place.parent if place else ""

    def children(self, name: str) -> tuple[str, ...]:
        """The places directly under ``name`` as the data lists them (青岛市, 济南市 under 山东省), in its order."""
        return self._children.get(name, ())

    def chain(self, name: str) -> list[str]:
        """The place and every place above it: 即墨区, 青岛市, 山东省."""
        out: list[str] = []
        while name and name not in out:
            out.append(name)
            name = self.parent(name)
        return out

    def with_printed(self, place: str, above: Iterable[str] = ()) -> Places:
        """These places and one the data does not list, under the places its issuer prints above it (济南市历下区,
        known by its city's name, under 济南市 for 济南市历下区人民政府; 石家庄市正定县 under 石家庄市 under 河北省),
        up to the first the data lists; themselves when the place is listed or none."""
        chain = [p for p in (place, *above) if p]
        added: list[Place] = []
        for name, parent in zip(chain, [*chain[1:], ""], strict=False):
            if name in self:
                break
            added.append(Place(name, parent))
        return Places([*self._by_name.values(), *added]) if added else self

    def chain_of(self, place: str, above: Iterable[str] = ()) -> list[str]:
        """The place and every place above it, a place the data does not list with those printed above it."""
        return self.with_printed(place, above).chain(place)

    def nearest(self, name: str, level: str) -> str:
        """The place itself or the first above it whose name ends in the level word; "" when none."""
        return next((p for p in self.chain(name) if level_word(p) == level), "")

    def prefix_of(self, text: str) -> str:
        """The longest known place whose full name starts the text (青岛市 in 青岛市财政局, 嵩县 in 嵩县财政局)."""
        return next((p for name, p in self._starting.get(text[:2], ()) if text.startswith(name)), "")

    def named_in(self, text: str) -> str:
        """A known place the text names, in full or short (青岛 in 青岛海关), or "": the longest, the first the
        data lists of those as long. Inside a text (``_found``) a place of two characters (息县, 应县: words of
        信息县域, 相应县级 more often than places) is not looked for, nor a district's or county's short name (公安 of
        公安县, 中原 of 中原区, 合作 of 合作市: words of unit names), only a province's or a city's (青岛 of 青岛海关)."""
        found = min(_found(text, self._in_text), key=self._order, default=None) \
            or min(_found(text, self._shorts_in_text), key=self._order, default=None)
        return found[1] if found else ""

    def expanded(self, text: str) -> str:
        """The text with the abbreviated name of an autonomous place it opens with, after 中共 if any, written in
        full (大理州财政局 → 大理白族自治州财政局, 中共长阳县委 → 中共长阳土家族自治县委); the text itself otherwise."""
        party = "中共" if text.startswith("中共") else ""
        at = len(party)
        for name, place in self._abbreviated.get(text[at:at + 2], ()):
            if text.startswith(name, at):
                return party + place + text[at + len(name):]
        return text

    def abbreviations_in(self, text: str) -> list[tuple[str, str]]:
        """(abbreviated name, place) of each autonomous place the text prints by its abbreviated name (``expanded``),
        longest first."""
        return sorted(set(_found(text, self._abbreviated)), key=lambda found: (-len(found[0]), found[0]))

    def short_start_of(self, text: str) -> str:
        """The listed place whose short name (of two characters at least) starts the text, the longest: 胶州市 of
        胶州经济技术开发区; "" when none."""
        return next((p for short, p in self._shorts if text.startswith(short)), "")

    def found_in(self, text: str) -> list[str]:
        """The known places the text names in full (``named_in``), in the data's order."""
        return sorted({p for _n, p in _found(text, self._in_text)}, key=self._rank.__getitem__)

    def by_code(self, doc_number: str) -> str:
        """The place whose longest 文号 code starts the document number (青办发〔2024〕3号 → 青岛市)."""
        m = _DOC_CODE.match(doc_number)
        if not m:
            return ""
        prefix = m.group(1)
        return next((name for code, name in self._codes if prefix.startswith(code)), "")

    def by_initial(self, doc_number: str) -> str:
        """青测发〔2024〕7号 → 青岛市: a 文号 whose code no listed code starts, but whose first character is the short
        name the offices of one listed province or city under a province start their codes with (青 of 青岛, 鲁 of
        山东); "" when none or several do. A district's or county's one character (南 of 市南区, 平 of 平度市) is too
        many places'."""
        prefix = _code_of(doc_number)
        owners = {name for code, name in self._codes if prefix and code[0] == prefix[0] and self._senior(name)}
        return owners.pop() if len(owners) == 1 else ""

    def _city_or_above(self, name: str) -> bool:
        """A province (北京市 too), or a place directly under one that is no district or county (青岛市, 济源市)."""
        parent = self.parent(name)
        return not parent or (not self.parent(parent) and not name.endswith(COUNTY_ENDS))

    def _senior(self, name: str) -> bool:
        """A province, or a city directly under one (青岛市; not 平度市 under 青岛市, whose 平 is 平顶山's too)."""
        return name.endswith(_PROVINCE_ENDS) or (name.endswith("市") and self.parent(name).endswith(_PROVINCE_ENDS))

    def is_city(self, name: str) -> bool:
        """A listed city directly under a province (临沂市; not 平度市, a county-level city under 青岛市)."""
        return name in self and name.endswith("市") and self.parent(name).endswith(_PROVINCE_ENDS)

    def cities_named(self, text: str) -> list[str]:
        """The listed cities (``is_city``) the text names in full, most named first."""
        return [p for p, _n in self.mentioned(text).most_common() if self.is_city(p)]

    def mentioned(self, text: str) -> Counter:
        """How often each known place is named in full in the text (``named_in``), in the data's order."""
        counts = Counter(p for _n, p in _found(text, self._in_text))
        return Counter({p: counts[p] for p in sorted(counts, key=self._rank.__getitem__)})

    def _order(self, found: tuple[str, str]) -> tuple[int, int]:
        """Longest name first, then the data's order: what a scan of the places longest first finds first."""
        return -len(found[0]), self._rank[found[1]]


def _by_start(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """(text, place) pairs, longest text first, by the text's first two characters: every place's name has two."""
    out: dict[str, list[tuple[str, str]]] = {}
    for text, place in pairs:
        if len(text) >= 2:
            out.setdefault(text[:2], []).append((text, place))
    return {start: tuple(ps) for start, ps in out.items()}


def _found(text: str, index: dict) -> Iterator[tuple[str, str]]:
    """(name, place) of each name of ``index`` the text prints, once per time it prints it; a district's or
    county's name followed by 域 is a word (中原区域, 县域), not the place."""
    get = index.get
    for i in range(len(text) - 1):
        for name, place in get(text[i:i + 2], ()):
            if text.startswith(name, i) and not (name.endswith(COUNTY_ENDS) and text.startswith("域", i + len(name))):
                yield name, place


@dataclass(frozen=True)
class GivenPlace:
    """What a place the user names (``--jurisdiction``) means: the place to use, or why none, and a note."""

    place: str = ""
    error: str = ""
    note: str = ""


def given_place(places: Places, name: str) -> GivenPlace:
    """A place the data lists by its full name or its short one (崂山 → 崂山区, 青岛 → 青岛市); a name shaped like a
    place the data does not list (武汉市) is used as given, with a note suggesting the listed places it resembles
    (a typing slip reads as a new place otherwise); anything else is no place."""
    if name in places:
        return GivenPlace(name)
    if not places.names() and is_place_name(name):
        return GivenPlace(name)  # no places data at all: nothing to suggest or to check against
    owners = sorted({full for short, full in places.shorts() if short == name})
    if len(owners) == 1:
        return GivenPlace(owners[0])
    # every province's places are too many to print: its provinces then, whose places the file lists
    listed = "、".join(places.names() if len(places.names()) <= _LISTED else (*places.children(""), "…"))
    if owners:
        return GivenPlace(error=f"{name!r} 是几个地方的简称,请写全称;{name!r} is the short name of several places: "
                                f"{'、'.join(owners)}")
    if not is_place_name(name):
        return GivenPlace(error=f"{name!r} 不是行政区划;{name!r} is not a place (行政区划); known places: {listed}")
    outer = places.prefix_of(name)
    if outer and (inner := name[len(outer):]) in places and outer in places.chain(inner):
        return GivenPlace(inner)  # 临沂市沂南县: the listed 沂南县, printed with its city
    if outer and is_place_name(inner):  # 济南市历下区: a district under a listed city
        return GivenPlace(name, note=f"地名数据中没有{inner},按所写归在{outer}之下;{inner} is in no places file: it is "
                                     f"placed under {outer} as given")
    # the places starting as it does first (崂山市: 崂山区, not 黄山市 or 乐山市, as like of 3,000 names)
    alike = [p for p in places.names() if p[:2] == name[:2]] or places.names()
    like = difflib.get_close_matches(name, alike, n=3, cutoff=0.5)
    hint = f"did you mean {'、'.join(like)}? " if like else ""
    return GivenPlace(name, note=f"地名数据中没有{name},其单位按原文归在它之下"
                                 + (f"(是否指 {'、'.join(like)}?)" if like else "")
                                 + f";{name} is in no places file: its units are placed under it as printed; {hint}"
                                 f"known places: {listed}")


_LISTED = 60  # the most places a message names
_ISSUER_NOISE = re.compile(r"^(?:中共|中国共产党)")


def detect(places: Places, *, doc_number: str = "", issuers: Iterable[str] = (), title: str = "",
           text: str = "", given: str | None = None) -> Jurisdiction:
    """The document's place: the user's word first, then the 文号 code, the issuing office, the title (or the
    first line of a header run into one paragraph), a place the 文号 prints in full (历下区政办发), and last the
    place the text names most (twice at least, so one district in a list does not decide). An office of a place
    the data does not list (济南市历下区人民政府办公室) is that place's, under the places printed above it, even
    against a 文号 code (a few characters other places print too), and known by its name under them (济南市市中区:
    ``identified``); one whose office prints no place above it is under the listed place its own text prints
    right before its name (临沂市沂南县: ``_printed_above``). A place the user gives is kept, with the place the
    document's own 文号, issuer or title reads when that is another (a province's notice in a folder ingested
    as a district's)."""
    if given:
        own = detect(places, doc_number=doc_number, issuers=issuers, title=title)
        above: tuple[str, ...] = ()
        if given not in places:  # 济南市历下区 given: 历下区, under 济南市, as its issuer would print it
            printed, printed_above = _place_of_office(places, given + "人民政府")
            if printed and printed not in places:
                given, above = printed, printed_above
            elif printed in places and given.endswith(printed):  # 临沂市沂南县 given: the listed 沂南县
                given = printed
            if not above and own.above and identified(places, given, own.above) == own.place:
                above = own.above  # 市中区 given, the issuer printing 济南市市中区: that one
            given = identified(places, given, above)
        # the place its issuer prints without its city (沂南县), given with it (临沂市沂南县): the same place
        if own.place == given or (above and not own.above and identified(places, own.place, above) == given):
            return Jurisdiction(given, "user", above=above or own.above)
        return Jurisdiction(given, "user", own if own.place else None, above)
    office = next(((p, a, "issuer") for p, a in (_place_of_office(places, i) for i in issuers) if p), None)
    if office is None and (found := _place_of_office(places, title))[0]:
        office = (*found, "title")
    first_line = text.lstrip().split("\n", 1)[0][:80]
    if office is None and (found := _place_of_office(places, first_line))[0] and found[0] not in places:
        office = (*found, "text")  # a header run into one paragraph: 南湖县人民政府办公室关于…通知 南政办发…
    listed = bool(places.names())  # without place data (a bare gazetteer: tests) its file is the world
    if office is None and listed and (found := _office_line(places, text))[0]:
        office = (*found, "text")
    if place := places.by_code(doc_number):
        # a code is a few characters that places elsewhere print too (南政办发: 市南区's, and 南湖县's): an office
        # printing in full a place the data does not list says more
        if office is None or office[0] in places:
            return Jurisdiction(place, "文号")
    if office is None and listed and (found := _titled_place(places, title))[0]:
        office = (*found, "title")  # after a listed place's 文号 code: a title's words say less than an office
    if office is not None:
        above = () if office[0] in places else (office[1] or _printed_above(places, office[0], text))
        return Jurisdiction(identified(places, office[0], above), office[2], above=above)
    if printed := _printed_places(_code_of(doc_number), _CODE_WORDS):
        above = () if printed[-1] in places else tuple(reversed(printed[:-1]))
        return Jurisdiction(identified(places, printed[-1], above), "文号", above=above)
    if place := places.by_initial(doc_number):  # 青商务字, 青测发: a Qingdao bureau's code the data does not list
        return Jurisdiction(place, "文号")
    counts = places.mentioned(text)
    if counts:
        place, n = max(counts.items(), key=lambda pn: (pn[1], len(places.chain(pn[0]))))
        if n >= 2:
            # a city's report naming one of its districts twice (南湖区政府、…) is the city's when its bodies are
            # the city's (市发展改革委, 市经信局): the place at the level its units print, at or above the one named
            level = _units_level(text)
            return Jurisdiction((level and level != level_word(place) and places.nearest(place, level)) or place,
                                "text")
    return Jurisdiction("", "")


# a body as a list prints it: 市发展改革委, 区财政局, 县住房城乡建设局 after a separator or at a line's start
_LEVELLED_BODY = re.compile(r"(?:^|(?<=[、,，:：;；(（|\s]))(省|市|区|县)[\u4e00-\u9fff]{1,10}?(?:局|委|办|厅)",
                            re.MULTILINE)


def _units_level(text: str) -> str:
    """The level word most of the bodies the text lists begin with (市 of 市财政局), when most do; else ""."""
    counts = Counter(m.group(1) for m in _LEVELLED_BODY.finditer(text)).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) > 1 and counts[1][1] * 2 > counts[0][1]):
        return ""
    return counts[0][0]


def _printed_above(places: Places, place: str, text: str) -> tuple[str, ...]:
    """The listed place a district's or county's own text prints right before its name (临沂市沂南县 in a notice
    whose issuer prints 沂南县 alone), when the text prints it under one chain of places only: 济南市市中区 and
    枣庄市市中区 both printed decide nothing. Its 文号 code decides nothing (沂南政办字: 沂 is 临沂's and 沂源县's, a
    county of 淄博市), nor a city the text merely names (学习借鉴潍坊市经验)."""
    if not text or not place.endswith(COUNTY_ENDS):
        return ()
    printed = [p for p in places.found_in(text) if p + place in text]
    inner = max(printed, key=lambda p: len(places.chain(p)), default="")
    if not inner or any(p not in places.chain(inner) for p in printed):
        return ()
    return (inner,)


# The words a district's or county's name ends in: a place whose city its notices must name for its city's
# 各县区 duties to reach it (a zone's 新区 is no district: ``ZONE_ENDS``).
COUNTY_ENDS = ("区", "县", "旗")
_CITY_WORDS = ("市", "州", "盟", "地区")


def city_unknown(places: Places, place: str, above: Sequence[str] = ()) -> bool:
    """A district or county the places data does not list, printed under no city (沂南县 read from 沂南县人民政府办公室
    alone): its city's notices give duties to 各县区人民政府, whose members are the places known under that city, so
    none of them reaches it. Without place data (a bare gazetteer: tests) no place is listed and none is missed."""
    if not place or not places.names() or place in places or not place.endswith(COUNTY_ENDS) \
            or place.endswith(ZONE_ENDS):
        return False
    chain = places.chain_of(place, above)[1:] or _printed_places(place, "$")[:-1]
    return not any(p.endswith(_CITY_WORDS) for p in chain)


def city_unknown_says(place: str, cities: Sequence[str] = ()) -> str:
    """What a district or county of unknown city loses, and how to name its city (``city_unknown``), the places
    ``cities`` it may be under (the store's or the text's listed cities) given as the fix to type."""
    fixes = [c + place for c in cities[:3]] or [f"〈市〉{place}"]
    zh = "或".join(f"--jurisdiction {f}" for f in fixes)
    en = " or ".join(f"--jurisdiction {f}" for f in fixes)
    under = f"若{place}属{'或'.join(cities[:3])}," if cities else ""
    if_under = f"if {place} is under {' or '.join(cities[:3])}, " if cities else ""
    return (f"{place}不在地名数据中,文件也未写明其所属的市,其所在市交给各县区(各县区人民政府等)的任务不会落到{place};"
            f"{under}请带上所属市再加入一次:ingest {zh},或在上传页“行政区划 Jurisdiction”栏填 {fixes[0]};"
            f"{place} is in no places file and its documents print no city above it, so the duties its city gives "
            f"all its counties and districts (各县区人民政府) do not reach it; {if_under}add its documents again with "
            f"the city: ingest {en}, or type {fixes[0]} in the Upload page's Jurisdiction field")


def city_named_says(place: str, city: str) -> str:
    """A district or county of unknown city that one city's notices give duties by name (沂南县人民政府 in 临沂市's
    责任单位): taken to be under that city, so what it gives 各县区 reaches it; how to name its units under it."""
    return (f"{city}的文件把{place}列为承担单位,{place}按属{city}处理,{city}交给各县区的任务会落到{place}"
            f"(其文件的“所属市不明”警告由此解决);若要其单位也按{city}{place}命名,可用 ingest --jurisdiction "
            f"{city}{place} 再加入其文件;{city}'s notices give {place} duties by name, so {place} is taken to be "
            f"under {city} and the duties {city} gives all its counties (各县区) reach it (the city-unknown warning "
            f"on its documents is answered); to name its units under {city} too, add its documents again with "
            f"ingest --jurisdiction {city}{place}")


def _titled_place(places: Places, title: str) -> tuple[str, tuple[str, ...]]:
    """杭州市推进“互联网+”行动实施意见, 【要闻】临汾市水污染防治2018年行动计划: a plan titled with a place's name is
    that place's, a place the data does not list included. A name of two characters counts only when the data
    lists it (市县两级…, 城区… are words of a title too)."""
    chain = _printed_places(_TITLE_TAG.sub("", title.strip()), r"[\u4e00-\u9fff]")
    if not chain or any(len(p) < 3 and p not in places for p in chain):
        return "", ()
    return chain[-1], tuple(reversed(chain[:-1]))


_TITLE_TAG = re.compile(r"^【[^】]{0,20}】")  # a page's column tag before the title: 【市政府重点工作及责任分解】


def _office_line(places: Places, text: str) -> tuple[str, tuple[str, ...]]:
    """The place of an office printed alone on a line near the top, as a cover letter signs above its date (汕尾市
    人民政府) or a saved page heads the text with its place (马鞍山市): a document whose header was not read, which
    would otherwise take the place its text cites most (the province or city whose notice it implements)."""
    for line in text.lstrip().split("\n", _OFFICE_LINES)[:_OFFICE_LINES]:
        line = line.strip()
        if not line or len(line) > 30:
            continue
        if line.endswith(_OFFICE_ENDS) and (found := _place_of_office(places, line))[0]:
            return found
        if chain := _printed_places(line, "$"):
            return chain[-1], tuple(reversed(chain[:-1]))
    return "", ()


_OFFICE_LINES = 40  # the header and a cover letter's signature; a body's citations come later
_OFFICE_ENDS = ("人民政府", "人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅")


def _place_of_office(places: Places, text: str) -> tuple[str, tuple[str, ...]]:
    """青岛市人民政府办公厅 → 青岛市; 青岛市即墨区人民政府 → 即墨区 (the innermost place it starts with); and a
    place the data does not list printed before its government (济南市历下区人民政府办公室 → 历下区, under
    济南市), with the places printed above it, innermost first."""
    rest = _ISSUER_NOISE.sub("", text.strip())
    found = ""
    while place := places.prefix_of(rest):
        found, rest = place, rest[len(place):]
    if printed := _printed_places(rest, _GOVERNMENT_WORDS):
        return printed[-1], (*reversed(printed[:-1]), *([found] if found else []))
    return found, ()


# What follows a place's name in the name of its government, party committee or congress (历下区人民政府办公室,
# 中共平阴县委, 历下区人大常委会; a 管委会 is a zone's), or of one of its bureaux issuing in its own name
# (谯城区教育局, 历下区发展和改革委员会关于…).
_GOVERNMENT_WORDS = r"人民政府|政府|人大|政协|委(?!会)|[\u4e00-\u9fff]{1,12}?(?:局|委员会)(?:关于|$)"
# What follows a place's name in its offices' 文号 codes (历下区政办发, 平阴县政发, 某县委办发).
_CODE_WORDS = r"政|办|发|委"
# Words of a title or sentence, never of a place's name (关于推进历下区政府投资…, 各区县人民政府, 全市, 本区).
_NOT_PLACE_WORDS = re.compile(r"^[各全本该每]|关于|印发|推进|加快|做好|进一步|的|和|与|及|、")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]+")
_MAX_PRINTED = 4  # province, city, district, and one more (a 地区 or 盟 between)


# A 文号 code of a place's office: the place's short name and what its offices print after it (历下政办发).
_PLACE_CODE = re.compile(r"([\u4e00-\u9fff]{1,4}?)(?:政|府|委|办发|办字)")
_NATIONAL_CODES = ("国", "国务院", "中", "中办", "国办")


def code_place(doc_number: str) -> str:
    """The short name a 文号 code prints for its place (历下 of 历下政办发), when no listed place's code it is:
    a place the data does not list, whose 区 or 县 the code alone does not say; "" for none or a national code."""
    m = _PLACE_CODE.match(_code_of(doc_number))
    return m.group(1) if m and m.group(1) not in _NATIONAL_CODES else ""


def _code_of(doc_number: str) -> str:
    m = _DOC_CODE.match(doc_number)
    return m.group(1) if m else ""


def _printed_places(text: str, followed_by: str) -> list[str]:
    """The places printed at the start of the text right before one of the words ``followed_by`` (a regex),
    outermost first: 河北省石家庄市正定县人民政府 → [河北省, 石家庄市, 正定县]; the longest run of place names
    the word follows, [] when none does or a name is no 行政区划 (关于推进…, 高新区管委会, 各区县人民政府)."""
    cuts, rest = [], text
    while len(cuts) < _MAX_PRINTED and (cut := _place_end(rest)):
        cuts.append(rest[:cut])
        rest = rest[cut:]
    for n in range(len(cuts), 0, -1):
        if re.match(followed_by, text[sum(map(len, cuts[:n])):]):
            chain = cuts[:n]
            if any(_NOT_PLACE_WORDS.search(p) or p.endswith(ZONE_ENDS) or not _CJK_NAME.fullmatch(p) for p in chain):
                return []
            return chain
    return []


def _place_end(text: str) -> int:
    """Where the first place name of the text ends: after the first word a place's name ends in, 2 characters in
    at least, at most 4 before a word of one character and 9 before 自治州 and the like (长阳土家族自治县); else a
    district of one character (城区, 洋县); 0 when it starts with none."""
    for i in range(2, min(len(text), 10)):
        for word in PLACE_ENDS:
            if text.startswith(word, i) and (len(word) > 1 or i <= 4):
                return i + len(word)
    return 2 if len(text) >= 2 and text[1] in "区县" else 0
