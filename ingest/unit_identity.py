"""Unit names → units of a place: a unit is its name in its jurisdiction.

市财政局 in a Qingdao document is 青岛市's 市财政局, 区财政局 in a 即墨区 document 即墨区's, 省发展改革委 in
either 山东省's; national bodies and their branches (合肥海关, 人民银行青岛市分行) are what they say and belong to
no place (""). Each place's gazetteer is read only for units of that place; the equivalences (发改委 =
发展改革委) hold in every place but never carry a name into another place.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .jurisdiction import Jurisdiction, Places, detect, identified, is_place_name, level_word, printed_name
from .model import PolicyDocument, UnitKind
from .units import (
    BANKS,
    ZONE_ENDS,
    Equivalences,
    UnitEntry,
    UnitGazetteer,
    bare_body,
    guess_kind,
    looks_like_unit,
    lookup_forms,
    split_level,
    well_formed,
)

NATIONAL_STARTS = ("国家", "中国", "中央", "国务院", "中华人民共和国", "全国")
# A bank's branch or State Grid's company named by its place, listed or not (人行昌吉州中心支行, 农发行临夏州分行,
# 国网许昌供电公司, 国网嵩县供电公司): the name says where it is, as 人行青岛市中心支行 does; 人行中心支行 names none.
_BRANCH = re.compile(rf"(?:{'|'.join(BANKS)}|(?:中国)?人民银行|国网|国家电网)(?!中心|[省市区县州盟旗])"
                          r"[\u4e00-\u9fff]{2,10}?(?:中心支行|分行|支行|营业管理部|供电公司|供电分公司)")


def full_name(place: str, name: str) -> str:
    """The place-qualified name: 青岛市 + 市财政局 → 青岛市财政局, 即墨区 + 税务局 → 即墨区税务局."""
    if not place or name.startswith(place):
        return name
    word = level_word(place)
    if word and name.startswith(word) and not is_place_name(name) and split_level(name)[0] == word:
        return place + name[len(word):]
    return place + name


@dataclass(frozen=True)
class Resolved:
    name: str  # canonical short name, as the place's own documents print it
    place: str
    kind: UnitKind
    known: bool  # in a gazetteer
    well_formed: bool  # shaped like a government unit name (known ones always are)
    members: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return full_name(self.place, self.name)


class UnitResolver:
    """Every place's gazetteer, the place hierarchy and the equivalences; ``within`` binds a jurisdiction."""

    def __init__(self, gazetteers: Sequence[UnitGazetteer], places: Places | None = None,
                 equivalences: Equivalences | None = None):
        self.places = places or Places()
        self.equivalences = equivalences or Equivalences()
        self.files = tuple(gazetteers)
        self.merged = UnitGazetteer.merge(*self.files) if self.files else UnitGazetteer(())
        self.home = {e.name: g.place for g in self.files for e in g.entries()}
        buckets: dict[str, list[UnitEntry]] = {}
        for g in self.files:
            for e in g.entries():
                buckets.setdefault(self.place_of(e.name, g.place), []).append(e)
        self.buckets = {p: UnitGazetteer(es, place=p) for p, es in buckets.items()}
        self._within: dict[str, PlacedUnits] = {}

    def place_of(self, name: str, home: str) -> str:
        """Where a unit named in a document or file of ``home`` belongs: a district to the city above it, a
        name carrying its own place or a national prefix to no place, everything else to ``home``."""
        if name in self.places:
            return self.places.parent(name) or home
        if self.self_qualified(name):
            return ""
        return home

    def self_qualified(self, name: str) -> bool:
        """合肥海关, 国家税务总局安徽省税务局: the name says where it is, whatever document names it."""
        if split_level(name)[0] or name.startswith("各"):
            return False
        return (name.startswith(NATIONAL_STARTS) or bool(self.places.named_in(name))
                or bool(_BRANCH.fullmatch(name))
                # a zone named by its county or district (胶州经济技术开发区, 平度经济开发区): their short names are
                # not looked for inside other names (公安 of 公安县 in 公安局), but a zone opens with its place's
                or (name.endswith(ZONE_ENDS) and bool(self.places.short_start_of(name))))

    def entry(self, place: str, name: str) -> tuple[UnitEntry, str] | None:
        """The gazetteer entry of a unit (place, canonical name) and the place of the file defining it."""
        bucket = self.buckets.get(place)
        entry = bucket.lookup(name) if bucket else None
        if entry is None or entry.name != name:
            return None
        return entry, self.home.get(name, place)

    def within(self, place: str, above: tuple[str, ...] = ()) -> PlacedUnits:
        """The units as documents of ``place`` mean them; one per place, so what a name means is worked out once
        for every document of that place (the resolver never changes once built). A place the data does not
        list is placed under the places its documents print above it (``above``: 济南市 of 济南市历下区)."""
        key = (place, () if place in self.places else above)
        placed = self._within.get(key)
        if placed is None:
            placed = self._within[key] = PlacedUnits(self, place, self.places.with_printed(*key))
        return placed

    # the place-blind interface of a gazetteer, for callers that have no document
    def lookup(self, name: str) -> UnitEntry | None:
        return self.merged.lookup(name)

    def looks_like_unit(self, text: str) -> bool:
        return self.merged.looks_like_unit(text)

    def guess_kind(self, name: str) -> UnitKind:
        return self.merged.guess_kind(name)


def as_resolver(units: UnitGazetteer | UnitResolver) -> UnitResolver:
    """A plain gazetteer (tests, benchmarks) resolves as one file without places or equivalences; built once
    per gazetteer (a gazetteer is immutable), not once per document parsed with it."""
    if isinstance(units, UnitResolver):
        return units
    resolver = _RESOLVERS.get(units)
    if resolver is None:
        resolver = _RESOLVERS[units] = UnitResolver([units])
    return resolver


_RESOLVERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def bind(units: UnitGazetteer | UnitResolver, *, doc_number: str, issuers: Sequence[str], title: str,
         text: str, given: str | None = None) -> tuple[Jurisdiction, PlacedUnits]:
    """A document's jurisdiction and the units as its text means them."""
    resolver = as_resolver(units)
    found = detect(resolver.places, doc_number=doc_number, issuers=issuers, title=title, text=text, given=given)
    return found, resolver.within(found.place, found.above)


def placed_anew(doc: PolicyDocument, places: Places) -> PolicyDocument:
    """A document stored before places the data does not list were known by the place printed above them: 市中区
    under 济南市, its 区财政局 市中区's, which made one unit of 济南市's and 枣庄市's 区财政局. Its place and its units
    in that place are named as a reading now names them (济南市市中区, ``identified``), so a store written before
    never keeps the merged unit; the rest stays as read until ``policykg reparse`` reads it again. A document read
    now is returned as it is."""
    m = doc.metadata
    place = identified(places, m.jurisdiction, m.jurisdiction_above)
    if place == m.jurisdiction:
        return doc

    def moved(units):
        return tuple(replace(u, place=place) if u.place == m.jurisdiction else u for u in units)

    tasks = tuple(replace(t, assignments=tuple(
        replace(a, lead=moved(a.lead), responsible=moved(a.responsible), cooperating=moved(a.cooperating))
        for a in t.assignments)) for t in doc.tasks)
    return replace(doc, metadata=replace(m, jurisdiction=place), tasks=tasks)


_UNSEEN = object()
# The kinds of department a bare word of work is the short form of (财政 → 财政局, 发改 → 发改委, 教育 → 教育厅).
_WORK_KINDS = ("局", "委", "厅", "办")
_MAX_SEEN = 100_000


class PlacedUnits:
    """Unit resolution inside one document's jurisdiction; without one (""), every gazetteer at once."""

    def __init__(self, resolver: UnitResolver, place: str, places: Places | None = None):
        self.resolver = resolver
        self.place = place
        # the data's places, and this one under the places printed above it when the data does not list it
        self.places = places if places is not None else resolver.places
        # the name the place's own documents print when it is known by its city's too (市中区 of 济南市市中区)
        self.printed = printed_name(place, self.places.parent(place))
        self._seen: dict[str, Resolved | None] = {}  # names repeat across a document and across documents

    def resolve(self, name: str) -> Resolved | None:
        """The unit a name means here; None when the text is not a unit at all."""
        found = self._seen.get(name, _UNSEEN)
        if found is _UNSEEN:
            if len(self._seen) >= _MAX_SEEN:  # a corpus of odd names must not grow it without end
                self._seen.clear()
            found = self._seen[name] = self._resolve(name)
        return found

    def lookup(self, name: str) -> UnitEntry | None:
        """The gazetteer entry a name means here, or None: what the parser calls a known unit."""
        found = self.resolve(name)
        if found is None or not found.known:
            return None
        return self.resolver.entry(found.place, found.name)[0]

    def looks_like_unit(self, text: str) -> bool:
        return self.lookup(text) is not None or looks_like_unit(text)

    def undecided_level(self, name: str) -> str:
        """The level word of a unit whose place this document does not say (区财政局 in a city's notice, 市财政局
        in a county's whose city is not printed): "" when the name has none or the place is on its chain."""
        level = split_level(name)[0]
        if not self.place or not level or self.places.prefix_of(name):
            return ""
        return "" if self.places.nearest(self.place, level) else level

    def names_work(self, word: str) -> bool:
        """财政, 税务, 发改: a word that names a department's work in some place (市财政局 in any gazetteer, or
        发改委 among the bodies named alike everywhere), so a list printing it bare means that department."""
        forms = [f"{word}{kind}" for kind in _WORK_KINDS]
        return any(self.resolver.equivalences.knows(f) or self.resolver.merged.lookup(f"{level}{f}")
                   for f in forms for level in ("市", "省", "区", "县"))

    def guess_kind(self, name: str) -> UnitKind:
        found = self.resolve(name)
        return found.kind if found else guess_kind(name)

    def _resolve(self, name: str) -> Resolved | None:
        """各区(市)政府 and 各区、市人民政府 are the collective 各区(市) (``units.lookup_forms``)."""
        key, *others = lookup_forms(name)
        found = self._find(key)
        if found is None or not found.known:
            for form in others:
                other = self._find(form)
                if other is not None and other.known:
                    return other
        return found

    def _find(self, key: str) -> Resolved | None:
        if not key:
            return None
        key = self.places.expanded(key)  # 大理州财政局 is 大理白族自治州财政局, as 青岛市财政局 names 青岛市
        if not self.place and not self.places.prefix_of(key.removeprefix("中共")):
            return self._find_anywhere(key)  # a name that says its place (青岛市财政局) is read as in any document
        place, local = self._locate(key)
        for candidate in self._candidates(place, local):
            if entry := self._in_gazetteer(place, candidate):
                return Resolved(entry.name, place, entry.kind, True, True, entry.members)
        if self.resolver.self_qualified(key) and (found := self._find_anywhere(key)) and found.known:
            return found
        if not looks_like_unit(local) and not looks_like_unit(key):
            return None
        canonical = self._canonical(place, local)
        return Resolved(canonical, place, _kind(canonical), False, well_formed(canonical) or well_formed(key))

    def _in_gazetteer(self, place: str, name: str) -> UnitEntry | None:
        bucket = self.resolver.buckets.get(place)
        return bucket.lookup(name) if bucket else None

    def _find_anywhere(self, key: str) -> Resolved | None:
        """Every file at once, each unit placed where its file puts it: documents of no known place. A name that
        does not say its place (市发改委, 区财政局) is no file's unit here: a notice of an unknown city means its
        own 市发改委, not the one of the place whose file happens to list it (青岛's), so it stays unplaced. Without
        place data (a bare gazetteer: tests, benchmarks) nothing can say a document is elsewhere: its file is the world."""
        entry = self.resolver.merged.lookup(key)
        if entry is not None:
            place = self.resolver.place_of(entry.name, self.resolver.home.get(entry.name, ""))
            # (``_find`` sends a name printed with its place here only when it is self-qualified)
            if place and self.resolver.places.names() and not self.resolver.self_qualified(key):
                name = self.resolver.equivalences.canonical(key)
                return Resolved(name, self.resolver.place_of(name, ""), entry.kind, False, True)
            return Resolved(entry.name, place, entry.kind, True, True, entry.members)
        if not looks_like_unit(key):
            return None
        name = self.resolver.equivalences.canonical(key)  # 省发改委 and 省发展改革委 in placeless notices: one form
        return Resolved(name, self.resolver.place_of(name, self.place), _kind(name), False,
                        well_formed(name) or well_formed(key))

    def _locate(self, key: str) -> tuple[str, str]:
        """(place, name in that place): 青岛市财政局 → (青岛市, 市财政局); 省商务厅 in a 合肥市 document →
        (安徽省, 省商务厅); 即墨区 → (青岛市, 即墨区); 合肥海关 → ("", 合肥海关); 税务局 → (the document's, 税务局)."""
        places = self.places
        party = "中共" if key.startswith("中共") else ""
        if self.printed != self.place and key.startswith(self.printed, len(party)):  # 市中区财政局, 中共市中区委 in
            if key == self.printed:  # 济南市市中区's notice; the district itself, as 济南市's notices name it
                return places.parent(self.place), key
            key = party + self.place + key[len(party) + len(self.printed):]
        if key in places:
            return places.parent(key) or self.place, key
        stripped = key.removeprefix("中共")
        outer = places.prefix_of(stripped)
        if outer and len(stripped) > len(outer):
            place, rest = outer, stripped[len(outer):]
            while (inner := places.prefix_of(rest)) and len(rest) > len(inner) and places.parent(inner) == place:
                place, rest = inner, rest[len(inner):]
            if rest in places or rest.startswith("各"):
                return place, rest
            return place, level_word(place) + rest
        level, _body = split_level(key)
        if level:  # 区财政局 with no 区 on the document's chain belongs to no place it names: never 济南市区财政局
            return places.nearest(self.place, level), key
        if self.resolver.self_qualified(key):
            return "", key
        return self.place, key

    def _candidates(self, place: str, local: str) -> list[str]:
        """The name, its equivalent forms, and for a bare 税务局 the place's own 区税务局 and its forms."""
        out = [local, *self.resolver.equivalences.variants(local)]
        if place and bare_body(local):
            prefixed = level_word(place) + local
            out += [prefixed, *self.resolver.equivalences.variants(prefixed)]
        return list(dict.fromkeys(out))

    def _canonical(self, place: str, local: str) -> str:
        if place and bare_body(local):
            local = level_word(place) + local
        return self.resolver.equivalences.canonical(local)


def _kind(name: str) -> UnitKind:
    """The form's kind for a unit, placed or not: a 省 body is a province's department, not an agency; a company
    is an enterprise whatever it starts with (中国…集团公司); a ministry (财政部) is a department."""
    kind = guess_kind(name)
    level, body = split_level(name)
    if name.endswith(("公司", "集团")):  # 中国出口信用保险公司安徽分公司: an enterprise, whatever it starts with
        return UnitKind.ORGANISATION
    if kind is UnitKind.AGENCY and level == "省":  # 省商务厅 is to its province what 市商务局 is to a city
        return guess_kind("市" + body)
    if kind is UnitKind.UNKNOWN and name.endswith(("政府", "中心")):
        return UnitKind.GOVERNMENT_DEPARTMENT
    if kind is UnitKind.UNKNOWN and name.endswith(("成员单位", "有关单位", "有关部门")):
        return UnitKind.COLLECTIVE
    if kind is UnitKind.UNKNOWN and name.endswith("部") and len(name) >= 3:  # 财政部, 工业和信息化部: a ministry
        return UnitKind.GOVERNMENT_DEPARTMENT
    return kind
