"""What a question can name: units (with aliases and collectives), actions, task labels and industries.

Built from the graph that answers the question plus the gazetteers, so a unit that only one uploaded document
names is still understood, and aliases such as 市工信局 resolve to their canonical unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from graph.analysis import several_places, unit_label
from graph.build import unit_id
from graph.resources import load_gazetteers
from ingest.jurisdiction import LEVEL_WORDS, is_place_name, level_word, printed_name
from ingest.normalize import normalize_name
from ingest.unit_identity import full_name
from ingest.units import split_level

from .english import place_pinyin


@dataclass(frozen=True)
class Match:
    kind: str  # unit, concept, action, task
    value: object  # canonical unit name, concept names tuple, action (seq, name), task label
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Absent:
    """A place-qualified unit name whose place holds no such unit in the store (平度市城市管理局), and the units
    of other places holding that body (青岛市's 市城市管理局, 即墨区's 区城市管理局), as (place, name)."""

    place: str
    body: str  # the unit without its place and level word: 城市管理局
    holders: tuple[tuple[str, str], ...]

    @property
    def full_names(self) -> tuple[str, ...]:
        return tuple(full_name(p, n) for p, n in self.holders)


@dataclass
class Lexicon:
    units: dict[str, str] = field(default_factory=dict)  # surface (normalised) → canonical unit name
    unit_names: set[str] = field(default_factory=set)  # canonical names present in the graph
    collectives: dict[str, list[str]] = field(default_factory=dict)  # unit → collectives it belongs to
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # surface → names to look for in text
    concept_label: dict[str, str] = field(default_factory=dict)  # surface → canonical label
    actions: dict[str, tuple[int, str]] = field(default_factory=dict)  # name surface → (seq, name)
    task_labels: set[str] = field(default_factory=set)  # non-numeric labels such as 保障措施
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)  # title or 文号 → (id, title)
    gazetteer = None
    # Units belong to places: 市财政局 of 青岛市 and of 广州市 are two units.
    unit_places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical name → places holding it
    qualified: dict[str, str] = field(default_factory=dict)  # place-qualified surface (青岛市财政局) → place
    member_of: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # unit id → (id, name)
    document_places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # document id → its place chain
    unplaced_in: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # name → (doc id, title)
    places = None  # the place hierarchy (ingest.jurisdiction.Places): a place written before a unit's name
    placed: tuple[tuple[str, str], ...] = ()  # (name, place) of every unit in the graph
    # Every place the store's units and documents carry (山东省, 青岛市, 即墨区, and 历下区 given at ingest though no
    # places file lists it): a question may name any of them as its subject.
    store_places: frozenset[str] = frozenset()
    # The name a place known by its city's too prints (市中区 of 济南市市中区, of 枣庄市市中区) → the store's places
    # printing it: one is what the name means; several, a question naming it is asked which.
    printed_places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A unit written with such a name several places print (市中区财政局) → those places: asked which.
    printed_units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The store's places by their pinyin (suzhou → 苏州市): a question in English names them so (queries/english);
    # made on the first question in English (pypinyin's dictionaries take half a second to load).
    _pinyin: dict[str, tuple[str, ...]] | None = None
    # Each place's names a question may write before a unit's (``_place_before``), made on first use: every
    # province's places are 3,000, too many to try one by one at each unit a question names.
    _place_forms: tuple[dict[str, tuple[str, ...]], tuple[int, ...]] | None = None

    def pinyin(self) -> dict[str, tuple[str, ...]]:
        """pinyin → the store's places it names; one place by two names (包河区, and 合肥市包河区 its documents
        print) is one place, the name the question reader reads it as. A place the places data lists and the
        store holds no document of (Jinan → 济南市) is read too, so the answer says the store has none of it, as
        a question in Chinese is told, instead of answering for every place; a spelling the store's places have
        is theirs alone (Suzhou → 苏州市 of the store, not 宿州市 too)."""
        if self._pinyin is None:
            listed = set(self.places.names()) - set(self.store_places) if self.places is not None else set()
            spelled = {**place_pinyin(listed, self.places), **place_pinyin(self.store_places, self.places)}
            self._pinyin = {word: tuple(dict.fromkeys(self.units.get(normalize_name(p), p) for p in held))
                            for word, held in spelled.items()}
        return self._pinyin

    def find(self, question: str) -> list[Match]:
        """Longest, left-most, non-overlapping matches of every known name in the question (case-blind)."""
        folded = question.lower()
        candidates = []
        tables = ((self.units, "unit"), (self.concepts, "concept"), (self.actions, "action"),
                  (self.documents, "document"), (dict.fromkeys(self.task_labels), "task"))
        for table, kind in tables:
            for surface in table:
                key = surface.lower()
                start = folded.find(key)
                while start >= 0:
                    at = self._chain_before(question, start, surface) if kind == "unit" else start
                    candidates.append((at, start + len(key) - at, kind, surface))
                    start = folded.find(key, start + 1)
        taken: list[Match] = []
        for start, length, kind, surface in sorted(candidates, key=lambda c: (-c[1], c[0])):
            end = start + length
            if any(start < t.end and end > t.start for t in taken):
                continue
            taken.append(Match(kind, self._value(kind, surface), start, end, question[start:end]))
        found = [self._absent(question, t, taken) for t in taken]
        absent = [t for t in found if t.kind == "absent"]  # 崂山区大数据局: the place is its own match no more
        found = [t for t in found if t.kind == "absent" or not any(a.start <= t.start and t.end <= a.end
                                                                    for a in absent)]
        return sorted(found, key=lambda t: t.start)

    def _chain_before(self, question: str, start: int, surface: str) -> int:
        """Where a place-qualified unit's name starts once the places above its own are counted in: 青岛市 in
        青岛市即墨区财政局 (read whole as 即墨区's 区财政局, not 青岛市即墨区 + 财政局); ``start`` when none."""
        place = self.qualified.get(normalize_name(surface))
        if place is None or self.places is None:
            return start
        for above in self.places.chain(place)[1:]:
            level = level_word(above)
            short = above[: -len(level)] if level and len(above) - len(level) >= 2 else ""
            form = next((f for f in (above, short) if f and question[max(0, start - len(f)) : start] == f), "")
            start -= len(form)
        return start

    def written_place(self, surface: str) -> str | None:
        """The place a place-qualified surface names (青岛市财政局 → 青岛市), the places above it written first
        too (青岛市即墨区财政局 → 即墨区); None when the surface names no place."""
        rest = normalize_name(surface)
        while rest not in self.qualified:
            head = self._place_prefix(rest)
            if not head:
                return None
            rest = rest[len(head):]
        return self.qualified[rest]

    def _place_prefix(self, text: str) -> str:
        if self.places is None:
            return ""
        full = self.places.prefix_of(text)
        return full or next((s for s, _ in self.places.shorts() if len(s) >= 2 and text.startswith(s)), "")

    def _absent(self, question: str, match: Match, taken: list[Match]) -> Match:
        """A unit's name written after a place that holds no such unit (平度市城市管理局, 李沧区城市管理局, and
        上海市财政局 of a place the gazetteer does not list): that place's unit is not in the store, never another
        place's unit of the same name."""
        if match.kind != "unit" or self.written_place(match.surface) is not None:
            return match
        written = self._place_before(question, match.start)
        if written is None:
            return self._level_before(question, match)
        at, place = written
        if any(t is not match and at < t.end and match.start > t.start and not _is_the_place(t, at, match, place)
               for t in taken):
            return match
        absent = self.absent_from(place, match.value)
        return match if absent is None else Match("absent", absent, at, match.end, question[at : match.end])

    def _level_before(self, question: str, match: Match) -> Match:
        """A unit's short name after a level word it does not write (区 + 工信局, where a gazetteer knows 工信局 as
        the city's 市工业和信息化局 and the store holds no 区 unit of that body): the level written is part of the
        name, so that level's unit is said to be missing, never the other level's unit read with the level word
        dropped (and no offered question glues 区 to 烟台市工业和信息化局). The unit's own level word (本市 +
        工信局) is read with it."""
        level = next((w for w in LEVEL_WORDS if question[: match.start].endswith(w)), "")
        own, body = split_level(match.value)
        if not level or not own or split_level(normalize_name(match.surface))[0] or self.is_place(match.value):
            return match
        start = match.start - len(level)
        if own == level:
            return Match("unit", match.value, start, match.end, question[start : match.end])
        holders = tuple(sorted((p, n) for n, p in self.placed if p and split_level(n)[1] == body))
        return Match("absent", Absent(f"{level}级", body, holders), start, match.end, question[start : match.end])

    def absent_from(self, place: str, unit: str) -> Absent | None:
        """``unit`` written after ``place`` when that place holds no such unit, with the places holding its body;
        None when it does, or when the unit is one of no place (海关 in 青岛海关 is what it says)."""
        body = split_level(unit)[1]
        holders = tuple(sorted((p, n) for n, p in self.placed if p and (n == unit or split_level(n)[1] == body)))
        if any(p == place for p, _ in holders) or (not holders and self.unit_places.get(unit)):
            return None
        return Absent(place, body, holders)

    def is_place(self, unit: str) -> bool:
        """A unit that is a place (即墨区, 崂山区, and 市中区 printed by several): a unit's name written after it is
        qualified by it."""
        return unit in self.store_places or (self.places is not None and unit in self.places.names()) or \
            len(self.printed_places.get(unit, ())) > 1

    def below(self, place: str) -> tuple[str, ...]:
        """The store's places whose units a question about ``place`` leaves out: those under it (即墨区, 城阳区
        under 青岛市; 青岛市, 济南市 and theirs under 山东省) holding units, each its own subject."""
        if self.places is None:
            return ()
        return tuple(sorted(p for p in self.store_places if p != place and place in self.places.chain(p)
                            and self.units_in(p)))

    def _place_before(self, question: str, start: int) -> tuple[int, str] | None:
        """(where it starts, the place) of the longest place name, full or short, written right before ``start``;
        the full name may end in the level word that starts the unit's name (平度市 in 平度市城市管理局 read as
        平度 + 市城市管理局)."""
        if self.places is None:
            return None
        forms, lengths = self._forms()
        found = [(start - n, place) for n in lengths if n <= start for place in forms.get(question[start - n : start], ())]
        return min(found) if found else _place_shaped_before(question, start)

    def _forms(self) -> tuple[dict[str, tuple[str, ...]], tuple[int, ...]]:
        """Each place's full name and its short name (平度 of 平度市, 阿里 of 阿里地区: ``Places.shorts``, the one
        rule) → the places written so, and the lengths of those names."""
        if self._place_forms is None:
            forms: dict[str, list[str]] = {}
            for form, place in (*((p, p) for p in self.places.names()), *self.places.shorts()):
                if place not in forms.get(form, ()):
                    forms.setdefault(form, []).append(place)
            self._place_forms = ({f: tuple(ps) for f, ps in forms.items()}, tuple(sorted({len(f) for f in forms})))
        return self._place_forms

    def _value(self, kind: str, surface: str):
        if kind == "unit":
            return self.units[surface]
        if kind == "concept":
            return (self.concept_label[surface], self.concepts[surface])
        if kind == "action":
            return self.actions[surface]
        if kind == "document":
            return self.documents[surface]
        return surface

    @property
    def several_places(self) -> bool:
        """More than one place in the store: readings then name the place."""
        return several_places(p for places in self.unit_places.values() for p in places)

    def place_of(self, surface: str, name: str, scope: tuple[str, ...] = ()) -> tuple[str | None, tuple[str, ...]]:
        """(place, alternatives): the place a surface names (青岛市财政局), else the one place holding the name,
        else the one on the scope's place chain (a 即墨区 document sees 青岛市's 市财政局). Several places and no
        scope: no place, and the alternatives the question must choose from. A name only the gazetteers know
        (not in the graph): no place, any place matches."""
        written = self.written_place(surface)
        if written is not None:
            return written, ()
        if len(several := self.printed_places.get(name, ())) > 1:  # 市中区: 济南市市中区 or 枣庄市市中区
            return None, several
        if several := self.printed_units.get(normalize_name(surface)):  # 市中区财政局: 济南市's or 枣庄市's
            return None, tuple(full_name(p, name) for p in several)
        places = self.unit_places.get(name, ())
        others = () if scope else self._other_levels(surface, name)
        if others:  # 财政局: 青岛市's 市财政局 and 即墨区's 区财政局 alike, never the city's alone
            return None, tuple(dict.fromkeys(full_name(p, n) for p, n in
                                             sorted({*((p, name) for p in places if p), *others})))
        if len(places) <= 1:
            return (places[0] if places else None), ()
        # On the scope's chain first (a document of unknown place: scope ("",), its unplaced unit); no scope:
        # the unplaced one is one more place, not the answer (区应急局 of a document without a place took the
        # question from 即墨区's and 崂山区's).
        inside = ([p for p in places if p in scope] or [p for p in places if not p]) if scope else []
        if len(inside) == 1:
            return inside[0], ()
        return None, tuple(full_name(p, name) for p in places if p) or (name,)

    def _other_levels(self, surface: str, name: str) -> tuple[tuple[str, str], ...]:
        """(place, name) of the units of another level a surface written without its level word may mean as much
        as ``name`` (财政局 for 市财政局: 区财政局 of 即墨区, 城阳区 …); empty when the surface writes one."""
        written = normalize_name(surface)
        level, body = split_level(name)
        if not level or split_level(written)[0] or (written != body and self.units.get(level + written) != name):
            return ()
        return tuple(sorted({(p, n) for n, p in self.placed if p and n != name and (w := split_level(n)[0])
                             and (split_level(n)[1] == body or self.units.get(w + written) == n)}))

    def read_unit(self, text: str) -> tuple[str, ...]:
        """The units a unit's name written alone means, each as the store lists it (``graph.analysis.unit_label``),
        read as a question naming it reads it: an alias, a level word's short form (县住建局), a place before it
        (沂南县住建局), each place's units a short name several places hold (县发改局: 沂南县's, and the one of a
        document of unknown place). One: that unit; several: which is asked; none: the name reads as no unit the
        store holds (a unit only a gazetteer knows, an unknown name). A place is the store's name of it (沂南县 →
        临沂市沂南县), never a unit of it."""
        matches = self.find(text.strip())
        if len(matches) != 1 or matches[0].kind != "unit" or matches[0].end - matches[0].start != len(text.strip()):
            return ()
        m = matches[0]
        if self.is_place(m.value):  # 即墨区; 沂南县 of 临沂市沂南县: the place as the store names it (a command
            return self.printed_places.get(m.value) or (m.value,)  # says it is one), each place printing it
        place, alternatives = self.place_of(m.surface, m.value)
        if place is not None:
            return (unit_label(m.value, full_name(place, m.value), self.several_places),)
        unplaced = (m.value,) if self.unplaced_in.get(m.value) else ()  # its label: the name, no place before it
        return tuple(dict.fromkeys((*alternatives, *unplaced)))

    def unplaced_readings(self, name: str) -> tuple[tuple[str, str], ...]:
        """(reading, document surface) for each document of unknown place whose ``name`` a question may mean:
        the question names the document to reach it (its place cannot be named)."""
        return tuple((f"{name}(地方未知 place unknown:《{title}》)", f"《{title}》")
                     for _doc, title in self.unplaced_in.get(name, ()))

    def units_in(self, place: str) -> tuple[str, ...]:
        """The names of the units placed in ``place`` (即墨区's 区财政局, 区城市管理局 …): a place named as the
        subject of a question stands for its government and all of them."""
        return tuple(sorted({n for n, p in self.placed if p and p == place and n != place}))

    def place_named(self, name: str, place: str) -> str:
        """The place a unit named ``name`` in ``place`` stands for: 济南市市中区 for 济南市's 市中区 (a place the data
        does not list, known by its city's name), else the name (即墨区 for 青岛市's 即墨区)."""
        qualified = full_name(place, name)
        return qualified if place and qualified in self.printed_places.get(name, ()) else name

    def place_members(self, place: str) -> tuple[str, ...]:
        """The graph ids of ``units_in(place)``: what a place named as the subject reaches beside itself and its
        collectives (the one rule Ask and the Units page count a district's duties by)."""
        return (*self._as_printed(place), *(unit_id(n, place) for n in self.units_in(place)))

    def has_documents(self, place: str) -> bool:
        """A stored document is the place's own (its jurisdiction is the place)."""
        return any(chain[:1] == (place,) for chain in self.document_places.values())

    def place_via(self, place: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids, names) of the collectives a place the data does not list reaches through, as its city's notices
        name the places under it (济南市历下区: 济南市's 各区县人民政府; ``graph.build._places_under``)."""
        via = dict.fromkeys(c for o in self._as_printed(place) for c in self.member_of.get(o, ()))
        return tuple(c for c, _ in via), tuple(dict.fromkeys(n for _, n in via))

    def _as_printed(self, place: str) -> tuple[str, ...]:
        """The id of the place as its city's notices name it (济南市's 市中区 for 济南市市中区), when the graph has it."""
        if self.places is not None and (parent := self.places.parent(place)) and \
                (printed := printed_name(place, parent)) != place and (printed, parent) in self.placed:
            return (unit_id(printed, parent),)
        return ()

    def unit_ids(self, name: str, place: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids, collective names): the unit and the collectives the graph makes it a member of."""
        uid = unit_id(name, place)
        via = self.member_of.get(uid, ())
        return (uid, *(c for c, _ in via)), tuple(n for _, n in via)

    def fuzzy_units(self, fragment: str) -> list[str]:
        """Units whose name holds the fragment's characters in order (自然资源局 → 市自然资源和规划局)."""
        key = normalize_name(fragment)
        names = sorted(set(self.units.values()))
        exact = [n for n in names if key in n]
        if exact:
            return exact
        return [n for n in names if _subsequence(key, n)]


    def unstored_place(self, fragment: str) -> str:
        """The place a word names when the store holds nothing of it (薛城区, 淄博市 or 淄博 with no notice that
        names it): "" when the store knows it, or when the word is a typo of a stored place (即默区 for 即墨区). A
        place's name is told from another's by its first characters (历城区, 薛城区 and 峄城区 share 城区: one
        edit apart, three places), so a word is a typo of a stored place only when it starts as that place's
        name does; a question is never answered with another place's units."""
        key = normalize_name(fragment)
        if self.places is None or key in self.unit_names or key in self.store_places or key in self.printed_places:
            return ""
        listed = key if key in self.places else next((full for short, full in self.places.shorts() if short == key),
                                                    "")
        if listed:
            return "" if listed in self.store_places or listed in self.unit_names else listed
        if not is_place_name(key):
            return ""
        like = self.suggest_units(key)
        surfaces = {s for s, unit in self.units.items() if unit in like}
        return "" if any(s[:1] == key[:1] for s in surfaces) else key

    def suggest_units(self, fragment: str) -> list[str]:
        """The units a short name or a typo most likely means, units named in the documents first: names that
        hold the fragment (即墨 → 即墨区, 财政 → 市财政局), else names the fewest edits away (市财正局 →
        市财政局; one edit up to four characters, two beyond). Two characters say too little to look past the
        units the documents name, and too little for an edit."""
        key = normalize_name(fragment)
        if len(key) < 2:
            return []
        place = next((full for short, full in (self.places.shorts() if self.places else ()) if short == key), "")
        if place in self.unit_names or place in self.store_places:  # 即墨 is 即墨区, not every unit of 即墨区
            return [place]  # whose full name holds it; 山东 is 山东省
        holding = {unit for surface, unit in self.units.items() if key in surface}
        if len(key) == 2:
            return sorted(holding & self.unit_names)
        if holding:
            return self._in_documents_first(holding)
        most = 1 if len(key) <= 4 else 2
        distances: dict[str, int] = {}
        for surface, unit in self.units.items():
            d = Levenshtein.distance(key, surface, score_cutoff=most)
            if d <= most:
                distances[unit] = min(d, distances.get(unit, most))
        if not distances:
            return []
        best = min(distances.values())
        return self._in_documents_first({u for u, d in distances.items() if d == best})

    def _in_documents_first(self, units: set[str]) -> list[str]:
        named = sorted(units & self.unit_names)
        return named or sorted(units)


def _is_the_place(other: Match, at: int, match: Match, place: str) -> bool:
    """The place written before a unit's name read as a unit of its own (崂山区 in 崂山区大数据局, 即墨区 in
    即墨区交通运输局): part of the place-qualified name, not another unit beside it."""
    return other.kind == "unit" and other.value == place and at <= other.start and other.end <= match.start


# Characters no place name holds: a word before the place (请问上海市…, 单位是市财政局, 各区市, 本市, 全区).
_NOT_IN_PLACE = set("请问查看列出是和与及的由在各本全该我每其此两哪些有把对给向从")


def _place_shaped_before(question: str, start: int) -> tuple[int, str] | None:
    """(where it starts, the place) of a place the gazetteers do not list, written right before ``start``: two
    to four characters and a level word (上海市 in 上海市财政局, 上海 + the 市 starting 市财政局), so that its
    unit is not taken for another place's. 青岛海关 and 中国-上海合作组织… have no level word there."""
    for level in LEVEL_WORDS:
        own = question[start : start + len(level)] == level  # 上海 + 市财政局
        end = start if own else start - len(level)
        if not own and question[max(0, end) : start] != level:
            continue
        head = re.search(r"[\u4e00-\u9fff]{2,4}$", question[: max(0, end)])
        if head is None:
            continue
        name = head.group(0)
        cut = max((i + 1 for i, ch in enumerate(name) if ch in _NOT_IN_PLACE or ch in LEVEL_WORDS), default=0)
        name = name[cut:]
        if len(name) >= 2 and is_place_name(name + level):
            return end - len(name), name + level
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def build_lexicon(session) -> Lexicon:
    resources = load_gazetteers()
    lex = Lexicon()
    lex.gazetteer = resources.units
    placed = session.query("MATCH (u:Unit) RETURN u.name, u.place")[1]
    graph_units = [r[0] for r in placed]
    lex.unit_names = set(graph_units)
    lex.places, lex.placed = resources.places, tuple((n, p or "") for n, p in placed)
    document_places = session.query("MATCH (d:Document) RETURN d.places")[1]
    for (places,) in document_places:
        if places and places[0] not in resources.places:
            # a place the data does not list (济南市历下区), under the places its documents print above it
            lex.places = lex.places.with_printed(places[0], places[1:])
    printed: dict[str, set[str]] = {}
    for place in {p for _n, p in lex.placed if p}:  # 历下区 of 济南市历下区; 市中区 of 济南市市中区 and 枣庄市市中区
        if (name := printed_name(place, lex.places.parent(place))) != place:
            printed.setdefault(name, set()).add(place)
    lex.printed_places = {name: tuple(sorted(held)) for name, held in printed.items()}
    _add_places(lex, session, placed, resources)
    kinds = session.query("MATCH (u:Unit) WHERE u.kind = 'district' RETURN DISTINCT u.name")[1]
    lex.store_places = frozenset({p for _n, p in lex.placed if p} | {r[0] for r in kinds}
                                 | {p for (ps,) in document_places for p in ps or () if p})
    # a stored unit is found by its own name before any gazetteer's alias of another place's unit (烟台's printed
    # 市行政审批服务局 is no typo of 青岛's 市行政审批局); the forms equivalent to its name find it where no stored
    # unit has them (市行政审批局 in a store of 烟台's notices only)
    for name in graph_units:
        lex.units.setdefault(normalize_name(name), name)
    for entry in resources.units.entries():
        for name in (entry.name, *entry.aliases):
            if len(name) >= 2:
                lex.units.setdefault(normalize_name(name), entry.name)
    equivalences = resources.resolver.equivalences if resources.resolver else None
    for name in graph_units if equivalences else ():
        for form in map(normalize_name, equivalences.variants(name)):
            if lex.units.get(form) not in lex.unit_names:
                lex.units[form] = name
    for place in lex.store_places:  # 青岛市有哪些任务: the place as the subject (its units: ``units_in``)
        lex.units.setdefault(normalize_name(place), place)
    for name in set(lex.units.values()):
        lex.collectives[name] = resources.units.collectives_of(name)
    _add_concepts(lex, resources.tagger)
    for seq, name in session.query("MATCH (x:Action) RETURN DISTINCT x.seq, x.name")[1]:
        lex.actions[name] = (seq, name)
        if name.endswith("行动") and len(name) > 4:
            lex.actions.setdefault(name[:-2], (seq, name))
    for doc_id, title, number, places in session.query(
            "MATCH (d:Document) RETURN d.id, d.title, d.doc_number, d.places")[1]:
        lex.document_places[doc_id] = tuple(places or ())
        if places and places[0] not in resources.places and lex.units_in(places[0]):
            # a place the data does not list (济南市历下区): the subject of its own units' duties as a listed
            # district is
            lex.units.setdefault(normalize_name(places[0]), places[0])
        for surface in (title, number, f"《{title}》"):
            if surface and len(surface) >= 4:
                lex.documents[surface] = (doc_id, title)
    for name, held in lex.printed_places.items():  # 历下区 is 济南市历下区, also when 济南市's notices name it as
        key = normalize_name(name)                  # a unit; 市中区 is asked which (``place_of``)
        if len(held) > 1:
            lex.units.setdefault(key, name)
        elif lex.units.get(key) in (None, name):
            lex.units[key] = held[0]
        for place in held:  # 济南市市中区: the place, its own units and 济南市's 市中区 (``place_members``)
            lex.units[normalize_name(place)] = place
            lex.qualified.pop(normalize_name(place), None)
    _add_governments(lex)
    if "" in {p for ps in lex.unit_places.values() for p in ps} and lex.several_places:
        _add_unplaced(lex, session)
    rows = session.query("MATCH (t:Task) WHERE t.numbered = false RETURN DISTINCT t.label")[1]
    lex.task_labels = {r[0] for r in rows if r[0] and not r[0].startswith("(")}
    return lex


# The words a place's government is named by after the place (济南市人民政府, 历下区政府): ``_add_governments``.
_GOVERNMENTS = ("人民政府", "政府")


def _add_governments(lex: Lexicon) -> None:
    """A place's government named with the place (济南市人民政府, 济南市政府, 历下区人民政府) is the place as the
    subject, as the place's name alone is, where no stored unit has that name (青岛市人民政府 stays the gazetteer's
    市政府): the formal 人民政府 never reads as a unit the place lacks, nor as another place's collective."""
    for surface, name in list(lex.units.items()):
        if name in lex.store_places and (surface == normalize_name(name) or is_place_name(surface)):
            for word in _GOVERNMENTS:
                lex.units.setdefault(surface + word, name)


def _add_unplaced(lex: Lexicon, session) -> None:
    """The documents of unknown place holding each unit whose name placed units share too (a few per name)."""
    titles = {doc_id: title for doc_id, title in lex.documents.values()}
    shared = sorted(n for n, ps in lex.unit_places.items() if "" in ps and len(ps) > 1)
    if not shared:
        return
    rows = session.query("MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment) "
                         "WHERE u.name IN $names AND (u.place IS NULL OR u.place = '') "
                         "RETURN DISTINCT u.name, a.document_id ORDER BY u.name, a.document_id", {"names": shared})[1]
    found: dict[str, list[tuple[str, str]]] = {}
    for name, doc_id in rows:
        if doc_id in titles and len(found.setdefault(name, [])) < 3:
            found[name].append((doc_id, titles[doc_id]))
    lex.unplaced_in = {n: tuple(docs) for n, docs in found.items()}


def _add_places(lex: Lexicon, session, placed: list, resources) -> None:
    """Which places hold each name, the place-qualified forms of every unit (青岛市财政局, 广州市发改委: the
    place with any of the unit's names or equivalent forms), and the collectives each unit belongs to."""
    places: dict[str, list[str]] = {}
    for name, place in placed:
        places.setdefault(name, []).append(place or "")
    lex.unit_places = {n: tuple(sorted(set(ps))) for n, ps in places.items()}
    resolver = resources.resolver
    # A place's other names qualify its units too: 西海岸新区财政局 is 黄岛区's 区财政局; and the name a place known
    # by its city's prints, when no other place of the store prints it (历下区财政局 is 济南市历下区's 区财政局;
    # 市中区财政局 is 济南市市中区's or 枣庄市市中区's, asked which as any unit several places hold).
    written = {e.name: (e.name, *e.aliases) for e in resources.units.entries() if e.name in resources.places}
    shared: dict[str, set[str]] = {}  # 市中区财政局 → 济南市市中区, 枣庄市市中区
    for name, held in lex.printed_places.items():
        for place in held:
            written[place] = (place, name)
    for name, place in placed:
        if not place:
            continue
        hit = resolver.entry(place, name) if resolver else None
        forms = {name, *(hit[0].aliases if hit else ()), *(resolver.equivalences.variants(name) if resolver else ())}
        for form in forms:
            for prefix in written.get(place, (place,)):
                surface = normalize_name(full_name(prefix, form))
                if surface == normalize_name(form):
                    continue
                lex.units.setdefault(surface, name)
                if len(lex.printed_places.get(prefix, ())) > 1:
                    shared.setdefault(surface, set()).add(place)
                else:
                    lex.qualified.setdefault(surface, place)
    lex.printed_units = {surface: tuple(sorted(held)) for surface, held in shared.items()}
    _add_levelled(lex, placed, resolver)
    member_of: dict[str, list[tuple[str, str]]] = {}
    rows = session.query("MATCH (u:Unit)-[:MEMBER_OF]->(c:Unit) RETURN u.id, c.id, c.name")[1]
    for uid, cid, cname in rows:
        member_of.setdefault(uid, []).append((cid, cname))
    lex.member_of = {k: tuple(sorted(v)) for k, v in member_of.items()}


def _add_levelled(lex: Lexicon, placed: list, resolver) -> None:
    """Each unit's equivalent forms with its own level word (区工信局 for 区工业和信息化局, by equivalences.tsv): a
    question's 区工信局 is the district's unit whole, never 区 + a gazetteer's 工信局 read as the city's
    市工业和信息化局. A form two units of one level share (区发改委 of a 区发展改革委 and a 区发展改革局) is left to
    the other readings."""
    if resolver is None:
        return
    forms: dict[str, set[str]] = {}
    for name, _place in placed:
        for form in resolver.equivalences.variants(name):
            if form != name and split_level(form)[0]:
                forms.setdefault(normalize_name(form), set()).add(name)
    for surface, names in forms.items():
        if len(names) == 1 and surface not in lex.unit_names:
            lex.units.setdefault(surface, next(iter(names)))


def _add_concepts(lex: Lexicon, tagger) -> None:
    if tagger is None:
        return
    for concept in tagger.concepts:
        if concept.kind not in ("industry", "chain", "cluster"):
            continue
        names = {concept.label, *concept.aliases}
        for narrower in tagger.narrower(concept.id, transitive=True):
            names |= {narrower.label, *narrower.aliases}
        english = (concept.id.replace("-", " "),) if "-" in concept.id else ()  # one word is too generic
        for surface in (concept.label, *concept.aliases, *english):
            if len(surface) >= 2:
                lex.concepts.setdefault(surface, tuple(sorted(names)))
                lex.concept_label.setdefault(surface, concept.label)
