"""Chinese or English question → QuerySpec: units and roles, a deadline window, scope, and the answer's shape.

Rules, not a model: each recogniser takes what it understands out of the question and says so in words, so
the reading is shown with every answer and a wrong reading is visible. What is left over is reported.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from graph.recurrence import PERIOD_EN, PERIOD_ZH
from ingest.errors import QueryError
from ingest.jurisdiction import LEVEL_WORDS
from ingest.normalize import normalize_width, to_simplified
from ingest.units import split_level

from .english import name_like, read_english
from .lexicon import Absent, Lexicon, Match

ROLES = ("lead", "responsible", "cooperating")
MAX_QUESTION_CHARS = 500  # a question is a sentence; longer input is refused before any pattern runs
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)} | {"两": 2}
MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}


@dataclass(frozen=True)
class UnitGroup:
    """A unit the question names and the collectives that carry its duties (即墨区 → 各区(市))."""

    name: str
    surface: str
    via: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # this unit's own roles when the question gives each unit its own; empty: spec's
    at: int = field(default=-1, compare=False)  # where the question names it
    place: str | None = None  # the unit's place; None: any place holding the name
    ids: tuple[str, ...] = ()  # graph ids of the unit and its collectives, when the place is known
    members: tuple[str, ...] = ()  # a place named as the subject: ids of the units placed in it (also in ids)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.via)


@dataclass(frozen=True)
class QuerySpec:
    units: tuple[UnitGroup, ...] = ()
    roles: tuple[str, ...] = ()  # empty: any role
    any_unit: bool = False  # "A or B" instead of "A and B"
    due_from: date | None = None  # inclusive bounds on due_end
    due_to: date | None = None
    due_month: int | None = None  # month of due_end, in each document's own year
    due_year: int | None = None
    open_ended: bool = False
    recurring: str | None = None  # a period (month, quarter, …: graph/recurrence.py) or "any"; None: no filter
    action_seq: int | None = None
    action_name: str | None = None
    task_label: str | None = None
    documents: tuple[str, ...] = ()  # ids of the documents the question names (合政办〔2025〕8号和包政办〔2025〕14号)
    concepts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, names found in text)
    keywords: tuple[str, ...] = ()
    shape: str = "list"  # list, count, by_unit, ranking
    rank_role: str | None = None  # ranking, or counted by unit: the role counted, None for every role
    top: int | None = None  # ranking: how many units to show
    everything: bool = False  # "all assignments" was asked for explicitly
    overdue: bool = False  # due before the reference date and not done (once progress is recorded)
    states: tuple[str, ...] = ()  # recorded progress states wanted (graph/progress.STATES)
    not_states: tuple[str, ...] = ()  # and excluded; an assignment with no record counts as not_started
    reading: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unapplied: tuple[tuple[str, str], ...] = ()  # (as written, unit/place/document): a name read as no filter
    suggestions: tuple[tuple[str, str], ...] = ()  # (as written, unit it was read as): 即默区 → 即墨区
    alternatives: tuple[tuple[str, str], ...] = ()  # (another reading, the question that asks for it)
    notes: tuple[str, ...] = ()  # how a time word was counted: 9月 in each document's year, 本月 from today
    reference_date: date | None = None  # set when an answer depends on "now" (本月, 30天内, overdue)
    language: str = "zh"

    @property
    def has_filter(self) -> bool:
        return bool(self.units or self.roles or self.due_from or self.due_to or self.due_month or self.open_ended
                    or self.recurring or self.action_seq or self.action_name or self.task_label or self.concepts
                    or self.keywords or self.documents or self.states or self.not_states)


@dataclass
class _State:
    text: str  # normalised question; recognised parts are blanked out as we go
    lang: str
    question: str = ""  # as asked, to phrase alternative questions
    scope: str | None = None  # the caller's document (the app's filter) when the question names none
    spec: dict = field(default_factory=dict)
    reading: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    english: tuple[tuple[str, str], ...] = ()  # (English as written, the Chinese name it was read as)

    def as_written(self, surface: str) -> str:
        """The English a Chinese name was read from (Suzhou for 苏州市), to phrase a question as it was asked."""
        return next((en for en, zh in self.english if zh == surface), surface)

    def take(self, start: int, end: int) -> None:
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def say(self, zh: str, en: str) -> None:
        self.reading.append(zh if self.lang == "zh" else en)

    def note(self, zh: str, en: str) -> None:
        text = zh if self.lang == "zh" else en
        if text not in self.notes:
            self.notes.append(text)

    def add(self, key: str, item) -> None:
        self.spec[key] = tuple(dict.fromkeys((*self.spec.get(key, ()), item)))


def language(question: str) -> str:
    return "en" if len(re.findall(r"[A-Za-z]{2,}", question)) >= 2 else "zh"


def check_length(question: str) -> None:
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(f"问题有{len(question)}个字符,上限为{MAX_QUESTION_CHARS};请缩短后再问。The question has "
                         f"{len(question)} characters; the limit is {MAX_QUESTION_CHARS}: ask a shorter one.")


def parse_question(question: str, lexicon: Lexicon, today: date, default_year: int | None = None,
                   scope: str | None = None) -> QuerySpec:
    """``scope``: the document the caller answers from (the app's filter), which places its units (区应急局 of a
    即墨区 document is 即墨区's) when the question names no document."""
    check_length(question)
    question = simplified(question)  # 區商務局牽頭 is read, and offered back in other questions, as 区商务局牵头
    state = _State(normalize_width(question).replace("？", "?"), language(question), question.strip(), scope)
    _english(state, lexicon)
    _abbreviated_places(state, lexicon)
    _names(state, lexicon)
    _scope(state)
    _recurrence(state)
    _time(state, today, default_year)
    _progress(state)
    _keywords(state)
    _short_names(state, lexicon)
    _shape(state)
    _roles(state)
    unread = _leftover(state)
    for word in unread:  # Shanghai: a place or unit the store does not hold, or a name not read; no filter
        if name_like(word):
            state.add("unapplied", (word, "place"))
    _all_by_unit(state)
    return QuerySpec(**state.spec, reading=tuple(state.reading), unread=unread, notes=tuple(state.notes),
                     language=state.lang)


def simplified(question: str) -> str:
    """A question in Traditional characters as its Simplified form, by the conversion ingest reads documents
    with (their units, roles and time words are matched in Simplified); other text is left as it is."""
    return to_simplified(question) if re.search(r"[\u4e00-\u9fff]", question) else question


# -- names: units, concepts, actions, task labels ------------------------------------------------------------
def _abbreviated_places(state: _State, lexicon: Lexicon) -> None:
    """An autonomous place written as its documents print it (大理州工业和信息化局, 长阳县) read by its full name,
    as the store holds its units (大理白族自治州工业和信息化局); said in the reading."""
    if lexicon.places is None:
        return
    for written, place in lexicon.places.abbreviations_in(state.text):
        state.text = state.text.replace(written, place)
        state.say(f"简称:{written} → {place}", f"Short name: {written} → {place}")


def _english(state: _State, lexicon: Lexicon) -> None:
    """English names of places (Suzhou) and bodies (Municipal Bureau of Finance) read as their Chinese names, which
    the rules below then read as any Chinese name; one that reads as nothing known is a unit filter NOT applied."""
    if not re.search(r"[A-Za-z]{3}", state.text):
        return
    reading = read_english(state.text, lexicon.pinyin(), lambda name: name in lexicon.units)
    state.text, state.english = reading.text, reading.read
    for english, chinese in reading.read:
        state.say(f"英文名称:{english} → {chinese}", f"English name: {english} → {chinese}")
    for english in reading.unknown:
        state.add("unapplied", (english, "unit"))
    for english, names in reading.ambiguous:  # Suzhou: 苏州市 or 宿州市, each a question to click
        state.add("ambiguous", (english, names))
        for name in names:
            state.add("alternatives", (name, state.question.replace(english, name)))


_UNIT_SHAPE = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:局|委|办|厅|部|中心|专班|分行|政府|管委会)")


def _names(state: _State, lexicon: Lexicon) -> None:
    units, concepts = [], []
    for m in _unknown_after_place(state.text, lexicon, lexicon.find(state.text)):
        if m.kind == "unit":
            via = tuple(c for c in lexicon.collectives.get(m.value, []) if c != m.value)
            units.append(UnitGroup(m.value, m.surface, via, at=m.start))
            alias = "" if m.surface == m.value else f" ({m.surface})"
            through = f"; {'经由' if state.lang == 'zh' else 'through'} {'、'.join(via)}" if via else ""
            state.say(f"单位:{m.value}{alias}{through}", f"unit: {m.value}{alias}{through}")
        elif m.kind == "absent":
            _absent(state, m.surface, m.value)
        elif m.kind == "concept":
            concepts.append(m.value)
            state.say(f"产业/关键词:{m.value[0]}", f"industry: {m.value[0]}")
        elif m.kind == "document":  # each document named: the answer holds the rows of all of them
            state.add("documents", m.value[0])
            state.say(f"文件:{m.value[1]}", f"document: {m.value[1]}")
        elif m.kind == "action":
            state.spec["action_name"] = m.value[1]
            state.say(f"行动:{m.value[1]}", f"action: {m.value[1]}")
        else:
            state.spec["task_label"] = m.value
            state.say(f"部分:{m.value}", f"section: {m.value}")
        state.take(m.start, m.end)
    for m in _DOC_NUMBER.finditer(state.text):  # a 文号 no stored document has: never read as its year
        state.add("unapplied", (m.group(0), "document"))
        state.take(m.start(), m.end())
    units += _fuzzy_units(state, lexicon)
    units = _placed(state, lexicon, units)
    if units:
        state.spec["units"] = tuple(dict.fromkeys(units))
    if concepts:
        state.spec["concepts"] = tuple(concepts)
    if re.search(r"或者|或|\bor\b|\beither\b", state.text, flags=re.IGNORECASE):
        state.spec["any_unit"] = True


_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[(（【]\s*(?:19|20)\d\d\s*[〕\])）】]\s*\d{1,4}\s*号")


def _unknown_after_place(text: str, lexicon: Lexicon, matches: list[Match]) -> list[Match]:
    """A place read as a unit, then a unit's name the lexicon does not know whole (崂山区工商联, 崂山区数据局
    once 崂山区's document is removed): that place's unit is not in the store, never the place plus another
    place's unit the rest resembles (市工商联, 市大数据局)."""
    out = []
    for m in matches:
        fragment = _unit_word_at(text, m.end) if m.kind == "unit" and lexicon.is_place(m.value) else ""
        candidates = (lexicon.fuzzy_units(fragment) if _UNIT_SHAPE.fullmatch(fragment) else
                      lexicon.suggest_units(fragment)) if fragment else []
        absent = [lexicon.absent_from(m.value, c) for c in candidates]
        if fragment and (candidates or _UNIT_SHAPE.fullmatch(fragment)) and None not in absent:
            holders = tuple(sorted({h for a in absent if a for h in a.holders}))
            body = absent[0].body if len(absent) == 1 else fragment
            end = m.end + len(fragment)
            m = Match("absent", Absent(m.value, body, holders), m.start, end, text[m.start : end])
        out.append(m)
    return out


def _unit_word_at(text: str, at: int) -> str:
    """The unit-shaped word (数据局), or the unknown word of three characters or more (工商联), that starts at
    ``at``; empty when none does (即墨区和市城市管理局 names two units)."""
    if _word_breaks().match(text, at):
        return ""
    if shaped := _UNIT_SHAPE.match(text, at):
        return shaped.group(0)
    word = next((w for w in _unknown_words(text[at:]) if w.start() == 0), None)
    return word.group(0) if word and len(word.group(0)) >= 3 else ""


def _absent(state: _State, surface: str, absent: Absent) -> None:
    """平度市城市管理局 with no such unit in 平度市: said so, with the places that hold it as questions to click;
    never read as another place's unit."""
    where = "、".join(p for p, _ in absent.holders)
    state.say(f"单位:{surface}不在库中({absent.place}没有{absent.body}"
              + (f";{absent.body}见于:{where})" if where else ")"),
              f"unit: {surface} is not in the store ({absent.place} has no {absent.body}"
              + (f"; {absent.body} is held by: {', '.join(p for p, _ in absent.holders)})" if where else ")"))
    state.add("ambiguous", (surface, absent.full_names or (f"库中没有{absent.body} none in the store",)))
    for full in absent.full_names:
        state.add("alternatives", (full, _asking_for(state.question, state.as_written(surface), full)))


def _asking_for(question: str, surface: str, full: str) -> str:
    """The question asking for the unit ``full`` (a place's full name) where it wrote ``surface``; a level word
    written right before a surface that carries none goes with it (区 + 工信局 → 芝罘区工业和信息化局), so that no
    offered question reads 区烟台市工业和信息化局, which the next reading would take for the city's unit."""
    at = question.find(surface)
    if at < 0:
        return question
    level = next((w for w in LEVEL_WORDS if question[:at].endswith(w)), "")
    if level and not split_level(surface)[0]:
        at -= len(level)
    return question[:at] + full + question[question.find(surface) + len(surface):]


def _short_names(state: _State, lexicon: Lexicon) -> None:
    """Words left unread that are a unit's short name or a typo of one (即墨, 财政, 市财正局, 即默区): read as that
    unit, with a "did you mean" in the reading; several equally close units are reported, not guessed."""
    units = list(state.spec.get("units", ()))
    for m in _unknown_words(state.text):
        fragment = m.group(0)
        if place := lexicon.unstored_place(fragment):  # 薛城区 with no notice: never 历城区's duties
            state.say(f"地方:库中没有{place}的文件", f"place: no documents of {place} in the store")
            state.add("ambiguous", (fragment, (f"库中没有{place}的文件 no documents of {place} in the store",)))
            state.take(m.start(), m.end())
            continue
        candidates = lexicon.suggest_units(fragment)
        if len(candidates) == 1:
            unit = candidates[0]
            via = tuple(c for c in lexicon.collectives.get(unit, []) if c != unit)
            group = UnitGroup(unit, fragment, via, at=m.start())
            state.add("suggestions", (fragment, unit))
            state.say(f"单位:{unit}(您是否要找“{unit}”?问题中写作“{fragment}”)",
                      f"unit: {unit} (did you mean {unit}? written '{fragment}')")
            if lexicon.units_in(unit) or lexicon.is_place(unit):  # 即墨 for 即墨区: the place's own units too, and
                # what reaches it (菏泽 for 菏泽市: the province's 各市人民政府), as when written in full
                group = next(iter(_placed(state, lexicon, [group])), group)
            units.append(group)
            state.take(m.start(), m.end())
        elif candidates:
            state.add("ambiguous", (fragment, tuple(candidates[:8])))
            state.take(m.start(), m.end())
    if units:
        state.spec["units"] = tuple(dict.fromkeys(units))


def _unknown_words(text: str) -> list[re.Match]:
    """Runs of Chinese characters between the words a question is made of (stop, role and ranking words)."""
    rest = _word_breaks().sub(lambda m: " " * len(m.group(0)), text)
    return list(re.finditer(r"[\u4e00-\u9fff]{2,20}", rest))


@cache
def _word_breaks() -> re.Pattern:
    words = [_STOP.pattern, _ANY_ROLE.pattern, _RANK_WORD.pattern, _COUNT_RE.pattern, _GROUP_RE.pattern,
             *(p for _, p in _ROLE_TERMS), *(p for p, *_ in _PLAIN_VERBS)]
    return re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)


def _placed(state: _State, lexicon: Lexicon, units: list[UnitGroup]) -> list[UnitGroup]:
    """Each unit inside its place: the place the question names, the scope's (a document or the caller's
    jurisdiction), or the one place holding it; a name several places hold is asked about, not merged."""
    docs = state.spec.get("documents") or ((state.scope,) if state.scope else ())
    scope = tuple(dict.fromkeys(p for d in docs for p in lexicon.document_places.get(d, ()) or ("",)))
    if docs and not any(scope):  # documents of unknown place: their units are the unplaced ones
        scope = ("",)
    out, ambiguous = [], list(state.spec.get("ambiguous", ()))
    for group in units:
        place, alternatives = lexicon.place_of(group.surface, group.name, scope)
        if alternatives:
            unplaced = lexicon.unplaced_readings(group.name)
            ambiguous.append((group.surface, (*alternatives, *(reading for reading, _ in unplaced))))
            state.say(f"单位:{group.surface}有多个地方", f"unit: {group.surface} is in several places")
            for full in alternatives:  # each place's unit is a question to click
                state.add("alternatives", (full, _asking_for(state.question, state.as_written(group.surface), full)))
            for reading, document in unplaced:  # one of unknown place: the question names its document
                state.add("alternatives", (reading, document + state.question))
            continue
        if place is None:
            # A district no document names as a unit (no 各区(市) list reaches it) is still the subject of its
            # own units' duties (崂山区有哪些任务 in a store of the district's notices alone).
            members = _place_units(state, lexicon, group.name)
            via_ids, via = lexicon.place_via(group.name)
            if via:  # 济南市历下区 in its city's 各区县人民政府 (the graph's own memberships): say it
                state.say(f"经由 {'、'.join(via)}", f"through {', '.join(via)}")
            ids = (*members, *via_ids)
            out.append(replace(group, ids=ids, members=members, via=via or group.via) if members else group)
            continue
        ids, via = lexicon.unit_ids(group.name, place)
        members = _place_units(state, lexicon, group.name)
        if via and not group.via:  # the graph's own memberships (青岛市 in the province's 各市人民政府): say them
            state.say(f"经由 {'、'.join(via)}", f"through {', '.join(via)}")
            if not members and lexicon.is_place(group.name) and not lexicon.has_documents(group.name):
                state.note(f"库中没有{group.name}的文件,以下是经由{'、'.join(via)}写给它的分工",
                           f"no documents of {group.name} in the store: these reach it through {', '.join(via)}")
        out.append(replace(group, place=place, ids=ids + members, members=members, via=via or group.via))
        if lexicon.several_places:
            unknown = not place and scope == ("",)
            state.say(f"地方:{place or ('未知' if unknown else '全国')}",
                      f"place: {place or ('unknown' if unknown else 'national')}")
    if ambiguous:
        state.spec["ambiguous"] = tuple(ambiguous)
    return out


def _place_units(state: _State, lexicon: Lexicon, name: str) -> tuple[str, ...]:
    """A place named as the subject (即墨区逾期的任务) means its own units' duties too, not only what reaches it
    through 各区(市): the ids of the units placed in it, and the reading says which."""
    names = lexicon.units_in(name)
    if not names:
        return ()
    listed = "、".join(names[:6]) + ("等" if len(names) > 6 else "")
    state.say(f"含{name}的{len(names)}个单位:{listed}",
              f"with the {len(names)} units of {name}: {', '.join(names[:6])}{' …' if len(names) > 6 else ''}")
    if below := lexicon.below(name):  # a city or a province: its own units, as the Units page counts a place
        shown = "、".join(below[:6]) + ("等" if len(below) > 6 else "")
        state.note(f"{name}的单位不含下辖地方({shown})自己的单位,请分别询问,如“{below[0]}有哪些任务”",
                   f"{name}'s units leave out those of the places under it ({', '.join(below[:6])}); ask about each, "
                   f"e.g. '{below[0]}有哪些任务'")
    return lexicon.place_members(name)


def _fuzzy_units(state: _State, lexicon: Lexicon) -> list[UnitGroup]:
    """Unit-shaped words the lexicon does not know exactly: one candidate resolves, several are reported."""
    found, ambiguous = [], []
    for m in list(_UNIT_SHAPE.finditer(state.text)):
        fragment = re.sub(r"^(?:由|是|的|和|与|及|请问|哪些|什么)+", "", m.group(0))
        candidates = lexicon.fuzzy_units(fragment)
        if len(candidates) == 1:
            found.append(UnitGroup(candidates[0], fragment, tuple(lexicon.collectives.get(candidates[0], [])),
                                   at=m.start()))
            state.say(f"单位:{candidates[0]}(由“{fragment}”推断)", f"unit: {candidates[0]} (from '{fragment}')")
            state.take(m.start(), m.end())
        elif candidates:
            ambiguous.append((fragment, tuple(candidates[:8])))
            state.take(m.start(), m.end())
    if ambiguous:
        state.spec["ambiguous"] = (*state.spec.get("ambiguous", ()), *ambiguous)
    return found


# -- roles ---------------------------------------------------------------------------------------------------
_NOT_ROLE = re.compile(r"\(?\s*(?:not|rather than|instead of|without)\s+(?:as\s+)?(?:the\s+|an?\s+|any\s+)?"
                       r"(lead|responsible|cooperat\w*)"
                       r"(?:\s+unit)?\s*\)?|(?:非|不是|没有|不|未)(牵头|责任|负责|配合|参与)", re.IGNORECASE)
# A role term names one role (牵头, 责任单位, 配合); a plain verb (负责, 参与, 承担, "responsible for") means "is
# involved" in everyday speech, so it reads as any role and offers the narrow reading as an alternative.
_ROLE_TERMS = (
    ("lead", r"牵头(?:单位|部门)?|主责|\blead(?:s|ing)?\b|\bled\b|in charge|heads?\b"),
    ("responsible", r"责任单位|责任部门|负责单位|负责部门|责任方|\bas\s+(?:an?\s+|the\s+)?responsible\b"
                    r"(?:\s+(?:unit|department|party))?|\bresponsible\s+(?:units?|departments?|party)\b"),
    ("cooperating", r"配合单位|配合部门|参与单位|协助单位|协办单位|配合|协助|协同|协办|cooperat\w*|support\w*|assist\w*"),
)
_PLAIN_VERBS = (  # (pattern, the role of its narrow reading or None, how to ask for it in zh, in en)
    (r"负责|责任|\bresponsib\w*", "responsible", "(仅限责任单位)", " (as responsible unit only)"),
    (r"参与|参加|\bparticipat\w*|take part|takes part", "cooperating", "(仅限配合单位)",
     " (as cooperating unit only)"),
    (r"承担|承办|\bundertak\w*", None, "", ""),
)
_ANY_ROLE = re.compile(r"涉及|任何角色|任意角色|any role|in any role|involved|involving|accountable", re.IGNORECASE)
ROLE_NAMES = {"lead": ("牵头", "lead"), "responsible": ("责任", "responsible"),
              "cooperating": ("配合", "cooperating")}


def _roles(state: _State) -> None:
    excluded = set()
    for m in _NOT_ROLE.finditer(state.text):
        word = next(g for g in m.groups() if g)
        excluded.add(_role_of(word))
        state.take(m.start(), m.end())
    hits = [(at, role) for role, pattern in _ROLE_TERMS for at in _take_all(state, pattern)]
    found = [role for _, role in hits]
    plain = []
    for pattern, narrow, zh, en in _PLAIN_VERBS:
        if where := _take_all(state, pattern):
            plain.append((narrow, zh, en))
            hits += [(at, "any") for at in where]
    hits += [(at, "any") for at in _take_all(state, _ANY_ROLE.pattern)]
    roles = tuple(r for r in ROLES if r in found and r not in excluded)
    if excluded and not roles:  # 市财政局没有牵头的任务: its other roles
        roles = tuple(r for r in ROLES if r not in excluded)
    if _roles_per_unit(state, hits, excluded):
        return
    if state.spec.get("shape") == "ranking":
        state.spec["rank_role"] = roles[0] if len(roles) == 1 else None
        _say_ranking(state)
        return
    if not state.spec.get("units"):
        named = state.spec.get("ambiguous") or any(k == "unit" for _, k in state.spec.get("unapplied", ()))
        # a unit named and not read (平度市教育局, not in the store): its role is that unit's, asked of no other
        _roles_of_any_unit(state, () if named else tuple(r for r in ROLES if r in found and r not in excluded))
        return
    state.spec["roles"] = roles
    if roles:
        names = "、".join(ROLE_NAMES[r][0] for r in roles) if state.lang == "zh" else \
            ", ".join(ROLE_NAMES[r][1] for r in roles)
        state.say(f"角色:{names}", f"role: {names}")
        return
    state.say("角色:任意(牵头、责任、配合)", "role: any (lead, responsible, cooperating)")
    _offer_narrow(state, plain)


def _roles_of_any_unit(state: _State, roles: tuple[str, ...]) -> None:
    """A role asked of no unit in particular (集成电路相关任务有哪些配合单位, how many tasks does each unit lead):
    the assignments some unit holds in that role, and counted by unit, that role's assignments alone; read
    and said, never dropped. Only the roles the question names: 没有牵头单位 asks for no role."""
    if not roles:
        state.spec["roles"] = ()
        return
    zh, en = "、".join(ROLE_NAMES[r][0] for r in roles), ", ".join(ROLE_NAMES[r][1] for r in roles)
    if state.spec.get("shape") == "by_unit" and len(roles) == 1:  # the units holding it, ranked by its count
        state.spec["rank_role"], state.spec["roles"] = roles[0], ()
        state.say(f"角色:{zh}(按单位统计{zh}分工)", f"role: {en} (each unit's {en} assignments counted)")
    else:
        state.spec["roles"] = roles
        state.say(f"角色:{zh}(有{zh}单位的分工)", f"role: {en} (assignments with a {en} unit)")


def _offer_narrow(state: _State, plain: list[tuple[str | None, str, str]]) -> None:
    """负责 read as any role: say so, and give the question that asks for the narrow role."""
    for narrow, zh, en in plain:
        if narrow is None:
            continue
        word = ROLE_NAMES[narrow]
        state.note(f"“负责/参与/承担”在日常用语中指参与其中,按任意角色理解;只看{word[0]}单位请加“{zh}”",
                   f"'responsible for'/'participate' in plain speech means involved in any role; for "
                   f"{word[1]} units only add '{en.strip()}'")
        state.add("alternatives", (f"只看{word[0]}单位" if state.lang == "zh" else f"{word[1]} units only",
                                   _rephrase(state.question, zh if state.lang == "zh" else en)))


def _take_all(state: _State, pattern: str) -> list[int]:
    hits = list(re.finditer(pattern, state.text, flags=re.IGNORECASE))
    for m in hits:
        state.take(m.start(), m.end())
    return [m.start() for m in hits]


def _roles_per_unit(state: _State, hits: list[tuple[int, str]], excluded: set[str]) -> bool:
    """市工信局牵头、市财政局负责: each unit takes the role words that follow it, when every unit has its own and
    they differ; otherwise (市工信局和市财政局牵头) the role words apply to every unit."""
    units = sorted(state.spec.get("units", ()), key=lambda g: g.at)
    if len(units) < 2 or state.spec.get("any_unit") or not hits:
        return False
    words: dict[str, set[str]] = {g.name: set() for g in units}
    for at, role in hits:
        owner = next((g for g in reversed(units) if 0 <= g.at < at), None)
        if owner is None:
            return False
        words[owner.name].add(role)
    own = {name: tuple(r for r in ROLES if r in found and r not in excluded) for name, found in words.items()}
    if not all(words.values()) or len(set(own.values())) < 2:
        return False
    state.spec["units"] = tuple(replace(g, roles=own[g.name]) for g in state.spec["units"])
    state.spec["roles"] = ()
    for g in units:
        names = "、".join(ROLE_NAMES[r][0] for r in own[g.name]) or "任意"
        state.say(f"角色:{g.name} {names}", f"role: {g.name} " + (", ".join(ROLE_NAMES[r][1] for r in own[g.name])
                                                               or "any"))
    return True


def _rephrase(question: str, suffix: str) -> str:
    return question.rstrip("?？ 。.") + suffix


def _role_of(word: str) -> str:
    word = word.lower()
    if word.startswith("lead") or word == "牵头":
        return "lead"
    if word.startswith("respons") or word in ("责任", "负责"):
        return "responsible"
    return "cooperating"


# -- scope: action number, task number, everything -----------------------------------------------------------
_CN_NUM = "一二三四五六七八九十"
_SPAN = r"天|日|周|个?星期|个月"  # 30天, 两周: a span of time, never a task number
_ACTION_RE = re.compile(
    rf"第\s*([{_CN_NUM}\d]{{1,3}})\s*(?:项|个|大)?\s*行动|行动\s*([{_CN_NUM}\d]{{1,3}})"
    rf"|\baction\s*(?:no\.?|number|#)?\s*(\d{{1,2}})\b|\(([{_CN_NUM}]{{1,3}})\)", re.IGNORECASE)
_TASK_RE = re.compile(
    rf"任务\s*(\d{{1,3}})(?!\d|\s*(?:{_SPAN}|年|月))|第\s*(\d{{1,3}}|[{_CN_NUM}]{{1,3}})\s*(?:项|个)?\s*任务"
    rf"|第\s*(\d{{1,3}})\s*条"
    rf"|\btask\s*(?:no\.?|number|#)?\s*(\d{{1,3}})\b",
    re.IGNORECASE)
_ALL_RE = re.compile(r"这份文件|本文件|全部|所有分工|一共|总共|in total|altogether|this document|all (?:the )?"
                     r"(?:tasks|assignments|clauses)", re.IGNORECASE)


def cn_to_int(text: str) -> int:
    """7, 七, 十七, 两, seven → the number."""
    if text.isdigit():
        return int(text)
    if text.lower() in EN_NUMBERS:
        return EN_NUMBERS[text.lower()]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text, 0)


def _scope(state: _State) -> None:
    if m := _ACTION_RE.search(state.text):
        seq = cn_to_int(next(g for g in m.groups() if g))
        if seq and "action_name" not in state.spec:
            state.spec["action_seq"] = seq
            state.say(f"行动:第{seq}项", f"action: {seq}")
        state.take(m.start(), m.end())
    for m in _TASK_RE.finditer(state.text):
        raw = next(g for g in m.groups() if g)
        if "月" in state.text[m.end() : m.end() + 1]:
            continue  # 第9月 is a month, not a task
        label = str(cn_to_int(raw))
        state.spec["task_label"] = label
        state.say(f"任务:{label}", f"task: {label}")
        state.take(m.start(), m.end())
        break
    if m := _ALL_RE.search(state.text):
        state.spec["everything"] = True
        state.take(m.start(), m.end())


# -- time --------------------------------------------------------------------------------------------------
_MONTH_ZH = re.compile(rf"(?:(20\d\d)\s*年\s*)?(\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月(份)?(?!\d*日)")
_MONTH_EN = re.compile(r"\b(" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")\b\.?(?:\s+(20\d\d))?",
                       re.IGNORECASE)
_DATE_RE = re.compile(r"(20\d\d)\s*(?:-|/|年)\s*(\d{1,2})\s*(?:-|/|月)\s*(\d{1,2})\s*日?")
_QUARTER_RE = re.compile(rf"第?([{_CN_NUM[:4]}1-4])\s*季度|\bQ([1-4])\b|\b(first|second|third|fourth)\s+quarter\b",
                         re.IGNORECASE)
_HALF_RE = re.compile(r"(上|下)半年|\bH([12])\b|\b(first|second)\s+half\b", re.IGNORECASE)
_WHOLE_YEAR_RE = re.compile(r"全年|整年|whole year|full[- ]year|all year|year[- ]round", re.IGNORECASE)
_YEAR_END_RE = re.compile(r"年底|年末|year[- ]end|end of (?:the )?year", re.IGNORECASE)
# A year on its own (2024年到期的任务, 2024年度, tasks due in 2025): what the other forms leave of a year.
_YEAR_ALONE = re.compile(r"(20\d\d)\s*年度?|\b(20\d\d)\b")
_PRE_BY = re.compile(r"(?:\bby(?: the)?(?: end of)?|no later than|截至|截止到?|不晚于)\s*$", re.IGNORECASE)
_PRE_BEFORE = re.compile(r"(?:\bbefore|\bprior to)\s*$", re.IGNORECASE)
_PRE_AFTER = re.compile(r"(?:\bafter|later than)\s*$", re.IGNORECASE)
_POST_BY = re.compile(r"^\s*(?:底前|底之前|底以前|末前|末之前)")
_POST_AT = re.compile(r"^\s*(?:底|末)(?!\s*(?:前|之前|以前))")  # 9月底到期: falls due in September, at its end
_PRE_AT = re.compile(r"(?:\bat\s+the\s+end\s+of|\b(?:at\s+)?end\s+of|\bin)\s*$", re.IGNORECASE)
_POST_BEFORE = re.compile(r"^\s*(?:之前|以前|前)")
_POST_AFTER = re.compile(r"^\s*(?:以后|之后|后)")
_OPEN_RE = re.compile(r"长期|持续|open[- ]ended|ongoing|no deadline|没有期限", re.IGNORECASE)
_OVERDUE_RE = re.compile(r"(?:已经|已)?(?:逾期|超期)|超期|已过期|过期|overdue|past due|late\b", re.IGNORECASE)
_UPCOMING_RE = re.compile(r"即将到期|快到期|近期到期|upcoming|due soon|coming up", re.IGNORECASE)
_THIS_MONTH_RE = re.compile(r"本月|这个月|当月|this month", re.IGNORECASE)
_NEXT_MONTH_RE = re.compile(r"下个?月|next month", re.IGNORECASE)
_THIS_QUARTER_RE = re.compile(r"本季度?|这个?季度|当季度?|this quarter", re.IGNORECASE)
_NEXT_QUARTER_RE = re.compile(r"下个?季度|next quarter", re.IGNORECASE)
_THIS_WEEK_RE = re.compile(r"本周|这周|这个星期|this week", re.IGNORECASE)
_NEXT_WEEK_RE = re.compile(r"下周|下个?星期|next week", re.IGNORECASE)
EN_NUMBERS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
_EN_NUMBER = "|".join(EN_NUMBERS)
_NUMBER = rf"\d{{1,3}}|[两{_CN_NUM}]{{1,3}}"
_WITHIN_RE = re.compile(  # 30天内, 未来两周, 3个月以内, within 30 days, (in) the next 2 weeks
    rf"(?:未来|今后|接下来的?|近)\s*(?P<n1>{_NUMBER})\s*(?P<u1>{_SPAN})\s*(?:内|之内|以内)?"
    rf"|(?P<n2>{_NUMBER})\s*(?P<u2>{_SPAN})\s*(?:内|之内|以内)"
    rf"|\b(?:within|in\s+the\s+next|over\s+the\s+next|the\s+next|next|in)\s+(?P<n3>\d{{1,3}}|{_EN_NUMBER})\s+"
    r"(?P<u3>days?|weeks?|months?)\b", re.IGNORECASE)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _time(state: _State, today: date, default_year: int | None) -> None:
    year = default_year or today.year
    t = state.text
    if _relative(state, today):
        return
    window: tuple[date, date] | None = None
    label = ""
    if (m := _DATE_RE.search(t)) and (d := _valid_date(m)):  # 2024年13月45日 is left unread, with a warning
        window, label = (d, d), d.isoformat()
    elif m := _QUARTER_RE.search(t):
        q, y = _quarter(m), _adjacent_year(state, m) or _note_year(state, year)
        window, label = (date(y, 3 * q - 2, 1), _month_end(y, 3 * q)), f"Q{q}"
    elif m := _HALF_RE.search(t):
        y = _adjacent_year(state, m) or _note_year(state, year)
        first = (m.group(1) == "上") or m.group(2) == "1" or (m.group(3) or "").lower() == "first"
        window = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
        label = "H1" if first else "H2"
    elif m := _WHOLE_YEAR_RE.search(t):
        state.take(m.start(), m.end())
        state.spec["due_month"] = 12
        state.say("期限:全年(按年底、即12月到期计)", "deadline: the whole year (全年, due in December)")
        return
    elif m := _YEAR_END_RE.search(t):  # 2024年底: the year written before it is that year's end
        _month_window(state, m, year, 12, _adjacent_year(state, m), t)
        return
    elif (m := _MONTH_ZH.search(t)) and cn_to_int(m.group(2)) in range(1, 13):
        _month_window(state, m, year, cn_to_int(m.group(2)), m.group(1), t)
        return
    elif m := _MONTH_EN.search(t):
        _month_window(state, m, year, MONTHS_EN[m.group(1).lower()], m.group(2), t)
        return
    elif (m := _YEAR_ALONE.search(t)) and not _DATE_RE.search(t):  # an impossible date stays unread whole
        y = int(m.group(1) or m.group(2))
        window, label = (date(y, 1, 1), date(y, 12, 31)), str(y)
    elif m := _OPEN_RE.search(t):
        state.spec["open_ended"] = True
        state.say("期限:长期/持续(无截止日期)", "deadline: open-ended (no end date)")
        state.take(m.start(), m.end())
        return
    else:
        return
    _apply_window(state, m, window, label, t)


# 每季度报送的任务, 每月调度, recurring tasks, quarterly reports: a deadline that recurs (graph/recurrence.py).
_RECURRING_ZH = re.compile(r"每(?:个)?(?P<zh>年度?|半年|季度?|月|周|旬)(?:一次)?(?:报送|上报|报告|通报|调度|召开|开展|填报|更新)?(?:一次)?")
_RECURRING_EN = re.compile(r"\b(?:(?P<en>monthly|quarterly|half[- ]yearly|semi[- ]annual(?:ly)?|yearly|annual(?:ly)?|"
                           r"weekly)|every\s+(?P<every>month|quarter|half[- ]year|year|week))\b(?:\s+reports?)?"
                           r"|\b(?:recurring|recurrent|periodic(?:al)?|repeating)\b|周期性|周期", re.IGNORECASE)
_RECUR_VERB = re.compile(r"\b(?:recur|recurs|repeat|repeats)\b", re.IGNORECASE)  # which tasks recur quarterly
_RECURRING_WORDS = {"年": "year", "年度": "year", "半年": "half-year", "季": "quarter", "季度": "quarter", "月": "month",
                    "周": "week", "旬": "xun", "monthly": "month", "month": "month", "quarterly": "quarter",
                    "quarter": "quarter", "half-yearly": "half-year", "half yearly": "half-year",
                    "half-year": "half-year", "half year": "half-year", "semi-annual": "half-year",
                    "semi annual": "half-year", "semi-annually": "half-year", "semi annually": "half-year",
                    "yearly": "year", "annual": "year", "annually": "year", "year": "year", "weekly": "week",
                    "week": "week"}


def _recurrence(state: _State) -> None:
    """每季度报送的任务 asks for quarterly duties; 周期性/recurring tasks for every recurring one."""
    verb = _RECUR_VERB.search(state.text)
    m = _RECURRING_ZH.search(state.text) or _RECURRING_EN.search(state.text) or verb
    if m is None:
        return
    if verb is not None and verb is not m:
        state.take(verb.start(), verb.end())
    word = next((g for g in (m.groupdict().get(k) for k in ("zh", "en", "every")) if g), None)
    period = _RECURRING_WORDS[word.lower()] if word else "any"
    state.spec["recurring"] = period
    zh, en = (PERIOD_ZH[period], PERIOD_EN[period]) if word else ("任意周期", "any period")
    state.say(f"期限:周期性({zh})", f"deadline: recurring ({en})")
    state.take(m.start(), m.end())


def _valid_date(m: re.Match) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _note_year(state: _State, year: int) -> int:
    state.note(f"未写年份的季度、半年和月份按{year}年计(库中最新文件的年份),与今天的日期无关",
               f"a quarter, half or month without a year is taken in {year} (the latest document's year), "
               "whatever today's date")
    return year


_YEAR_BEFORE = re.compile(r"(20\d\d)\s*年?\s*(?:的)?\s*$")
_YEAR_AFTER = re.compile(r"^\s*(?:of\s+)?(20\d\d)\b", re.IGNORECASE)


def _adjacent_year(state: _State, m: re.Match) -> int | None:
    """2024年上半年, H1 2024, Q3 of 2024: the year written next to a quarter or half; taken as read."""
    before = _YEAR_BEFORE.search(state.text[max(0, m.start() - 8) : m.start()])
    if before:
        at = max(0, m.start() - 8)
        state.take(at + before.start(), at + before.end())
        return int(before.group(1))
    after = _YEAR_AFTER.search(state.text[m.end() : m.end() + 10])
    if after:
        state.take(m.end() + after.start(), m.end() + after.end())
        return int(after.group(1))
    return None


def _quarter(m: re.Match) -> int:
    raw = m.group(1) or m.group(2) or str(_ORDINAL[m.group(3).lower()])
    return cn_to_int(raw)


def _modifier(text: str, m: re.Match) -> tuple[str, tuple[int, int] | None]:
    """How the words right around a time expression bound it: by (its end), before (its start), after, or in;
    and where those words are in ``text``, so that they count as read."""
    pre_at, post_at = max(0, m.start() - 20), m.end()
    pre, post = text[pre_at : m.start()], text[post_at : post_at + 6]
    for kind, pattern, where in (("after", _POST_AFTER, "post"), ("by", _POST_BY, "post"),
                                 ("before", _POST_BEFORE, "post"), ("in", _POST_AT, "post"),
                                 ("after", _PRE_AFTER, "pre"), ("by", _PRE_BY, "pre"),
                                 ("before", _PRE_BEFORE, "pre"), ("in", _PRE_AT, "pre")):
        found = pattern.search(post if where == "post" else pre)
        if found:
            at = post_at if where == "post" else pre_at
            if kind == "before" and where == "post" and m.group(0).rstrip()[-1:] in ("底", "末"):
                kind = "by"  # 年底前 is by the end of the year, as 9月底前 is by the end of September
            return kind, (at + found.start(), at + found.end())
    return "in", None


def _month_window(state: _State, m: re.Match, year: int, month: int, explicit_year, text: str) -> None:
    y = int(explicit_year) if explicit_year else None
    window = (date(y or year, month, 1), _month_end(y or year, month))
    kind, words = _modifier(text, m)
    if kind != "in":
        if not y:
            _note_year(state, year)
        _apply_window(state, m, window, f"{y or year}-{month:02d}", text)
        return
    state.take(m.start(), m.end())
    if words is not None:
        state.take(*words)
    state.spec["due_month"] = month
    if y:
        state.spec["due_year"] = y
    else:
        state.note(f"“{month}月”指各文件自身年份的{month}月(如{year}年{month}月),与今天的日期无关",
                   f"'{calendar.month_name[month]}' is that month of each document's own year (e.g. {year}), "
                   "whatever today's date")
    where = f"{y}年{month}月" if y else f"{month}月"
    state.say(f"期限:{where}到期(全年的任务按年底计)" if month == 12 else f"期限:{where}到期",
              f"deadline: due in {calendar.month_name[month]}{' ' + str(y) if y else ''}"
              + (" (全年 counts as year end)" if month == 12 else ""))


def _apply_window(state: _State, m: re.Match, window: tuple[date, date], label: str, text: str) -> None:
    start, end = window
    kind, words = _modifier(text, m)
    if words is not None:
        state.take(*words)
    if kind == "after":
        state.spec["due_from"] = end + timedelta(days=1)
        state.say(f"期限:{end.isoformat()}之后", f"deadline: after {end.isoformat()}")
    elif kind in ("by", "before"):
        state.spec["due_to"] = end if kind == "by" or start == end else start - timedelta(days=1)
        state.say(f"期限:不晚于{state.spec['due_to'].isoformat()}", f"deadline: by {state.spec['due_to'].isoformat()}")
    else:
        state.spec["due_from"], state.spec["due_to"] = start, end
        state.say(f"期限:{start.isoformat()}至{end.isoformat()}({label})",
                  f"deadline: between {start.isoformat()} and {end.isoformat()} ({label})")
    state.take(m.start(), m.end())


def _relative(state: _State, today: date) -> bool:
    """Windows counted from the reference date ("now"); the answer says which date that was."""
    t = state.text
    if m := _OVERDUE_RE.search(t):
        state.spec["due_to"] = today - timedelta(days=1)
        state.spec["overdue"] = True
        state.say(f"期限:已逾期(截止日早于{today.isoformat()},未办结)",
                  f"deadline: overdue (before {today.isoformat()}, not done)")
    elif m := _WITHIN_RE.search(t):
        number, unit = next((m.group(f"n{i}"), m.group(f"u{i}")) for i in (1, 2, 3) if m.group(f"n{i}"))
        _window_from(state, today, _ahead(today, cn_to_int(number), unit), m.group(0).strip())
    elif m := _UPCOMING_RE.search(t):
        _window_from(state, today, today + timedelta(days=30), "30天内" if state.lang == "zh" else "next 30 days")
    elif m := _THIS_MONTH_RE.search(t):
        state.spec["due_from"], state.spec["due_to"] = today.replace(day=1), _month_end(today.year, today.month)
        state.say(f"期限:本月({today:%Y-%m})", f"deadline: this month ({today:%Y-%m})")
    elif m := _NEXT_MONTH_RE.search(t):
        first = _month_end(today.year, today.month) + timedelta(days=1)
        state.spec["due_from"], state.spec["due_to"] = first, _month_end(first.year, first.month)
        state.say(f"期限:下月({first:%Y-%m})", f"deadline: next month ({first:%Y-%m})")
    elif m := _THIS_QUARTER_RE.search(t) or _NEXT_QUARTER_RE.search(t):
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        if _NEXT_QUARTER_RE.match(m.group(0)):
            first = _month_end(first.year, first.month + 2) + timedelta(days=1)
        last = _month_end(first.year, first.month + 2)
        quarter = f"{first.year}Q{(first.month - 1) // 3 + 1}"
        state.spec["due_from"], state.spec["due_to"] = first, last
        state.say(f"期限:{m.group(0)}({quarter},{first.isoformat()}至{last.isoformat()})",
                  f"deadline: {m.group(0)} ({quarter}, {first.isoformat()} to {last.isoformat()})")
    elif m := _THIS_WEEK_RE.search(t) or _NEXT_WEEK_RE.search(t):
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=0 if _THIS_WEEK_RE.match(m.group(0)) else 1)
        state.spec["due_from"], state.spec["due_to"] = monday, monday + timedelta(days=6)
        state.say(f"期限:{monday.isoformat()}至{(monday + timedelta(days=6)).isoformat()}({m.group(0)})",
                  f"deadline: {m.group(0)} ({monday.isoformat()} to {(monday + timedelta(days=6)).isoformat()})")
    else:
        return False
    state.take(m.start(), m.end())
    state.spec["reference_date"] = today
    state.note(f"“本月”“30天内”“逾期”等按参考日期{today.isoformat()}计算",
               f"'this month', 'within 30 days' and 'overdue' are counted from the reference date {today.isoformat()}")
    return True


# -- progress: recorded states (督办) -------------------------------------------------------------------------
_NOT_DONE_RE = re.compile(r"(?:还)?(?:没有?|未|尚未)(?:办完|办结|完成)|\bnot (?:yet )?(?:done|finished|completed)\b|"
                          r"\bunfinished\b|\boutstanding\b", re.IGNORECASE)
_STATE_RES = (
    # 完成了 and "has X completed" ask what is done; "completed by September" and "must be completed" ask a deadline
    ("done", r"(?:已经?)(?:办结|办完|完成)|(?:办结|办完|完成)了|\balready (?:done|completed|finished)\b|"
             r"\b(?:are|is|were|was) (?:done|finished|completed)\b(?!\s+(?:by|before|in|within|on)\b)|"
             r"\b(?:has|have|had)\s+(?:\S+\s+){0,6}?(?:completed|finished|done)\b"
             r"(?!\s+(?:by|before|in|within|on)\b)|"
             r"\bhave been (?:completed|finished)\b|\b(?:completed|done|finished) (?:tasks|assignments)\b"),
    ("in_progress", r"推进中|正在推进|\bin progress\b"),
    ("not_started", r"未启动|没有?启动|\bnot (?:yet )?started\b"),
    ("extension_requested", r"延期申请|申请延期|延期|\bextensions?(?: requested)?\b"),
    ("on_hold", r"暂缓|\bon hold\b"),
)
_STATE_NAMES = {"done": ("已办结", "done"), "in_progress": ("推进中", "in progress"),
                "not_started": ("未启动", "not started"), "extension_requested": ("延期申请", "extension requested"),
                "on_hold": ("暂缓", "on hold")}


def _progress(state: _State) -> None:
    """Words about recorded progress: 已办结 / 没办完 / 推进中 …, answered from the progress log."""
    if m := _NOT_DONE_RE.search(state.text):
        state.spec["not_states"] = ("done",)
        state.say("进展:未办结", "progress: not done")
        state.take(m.start(), m.end())
    found = []
    for name, pattern in _STATE_RES:
        if name == "done" and "not_states" in state.spec:
            continue  # "has X not completed" asks what is not done
        for m in re.finditer(pattern, state.text, flags=re.IGNORECASE):
            found.append(name)
            state.take(m.start(), m.end())
    if found:
        state.spec["states"] = tuple(dict.fromkeys(found))
        names = [_STATE_NAMES[n][0 if state.lang == "zh" else 1] for n in state.spec["states"]]
        state.say(f"进展:{'、'.join(names)}", f"progress: {', '.join(names)}")


def _ahead(today: date, number: int, unit: str) -> date:
    unit = unit.lower()
    if unit.startswith(("周", "星期", "个星期", "week")):
        return today + timedelta(weeks=number)
    if unit.startswith(("个月", "month")):
        month = today.month - 1 + number
        year, month = today.year + month // 12, month % 12 + 1
        return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    return today + timedelta(days=number)


def _window_from(state: _State, today: date, end: date, words: str) -> None:
    state.spec["due_from"], state.spec["due_to"] = today, end
    state.say(f"期限:{today.isoformat()}至{end.isoformat()}到期({words})",
              f"deadline: due between {today.isoformat()} and {end.isoformat()} ({words})")


# -- keywords ------------------------------------------------------------------------------------------------
_KEYWORD_ZH = re.compile(r"(?:涉及|关于|有关|包含|提到|提及|含有)\s*[“\"「]?([\w\u4e00-\u9fff+]{1,12}?)[”\"」]?"
                         r"(?=的|相关|方面|领域|\s|$|[?,，。])|([\w\u4e00-\u9fff+]{1,10}?)(?:相关|有关|方面)")
_KEYWORD_EN = re.compile(r"\b(?:mention(?:s|ing)?|about|concern(?:s|ing)?|containing|related to|regarding|on)\s+"
                         r"[\"']?([^\s?,.()\"']+)", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"「『']([^”\"」』']{1,20})[”\"」』']")
_TECH = re.compile(r"(?<![A-Za-z0-9])\d+G(?![A-Za-z0-9])")
_NOT_KEYWORD = re.compile(r"^(?:的|哪|什么|多少|几|the$|a$|an$|what$|which$|任务|工作|分工)", re.IGNORECASE)


def _keywords(state: _State) -> None:
    found = []
    for pattern in (_QUOTED, _KEYWORD_ZH, _KEYWORD_EN, _TECH):
        for m in pattern.finditer(state.text):
            word = next((g for g in m.groups() if g), m.group(0)) if m.groups() else m.group(0)
            word = word.strip()
            if not word or _NOT_KEYWORD.match(word) or not word.strip(" "):
                continue
            if re.fullmatch(r"[a-z]+", word) and word.lower() not in ("ai",):
                continue  # an English word we do not know is not evidence of a keyword in Chinese text
            found.append(word)
            state.take(m.start(), m.end())
    if found:
        state.spec["keywords"] = tuple(dict.fromkeys(found))
        state.say(f"关键词:{'、'.join(found)}", f"keyword: {', '.join(found)}")


# -- shape ---------------------------------------------------------------------------------------------------
_COUNT_RE = re.compile(r"多少|几项|几条|几个|几|数量|how many|number of|\bcount\b", re.IGNORECASE)
_GROUP_RE = re.compile(r"按单位|各单位|每个单位|分单位|by unit|per unit|each unit|by department", re.IGNORECASE)


_NOT_AFTER_ROLE = "".join(f"(?<!{w})" for w in ("责任", "配合", "牵头", "参与", "负责", "协助", "协办"))
_RANK_SUBJECT = re.compile(rf"哪个单位|哪些单位|哪个部门|哪些部门|哪家单位|{_NOT_AFTER_ROLE}(?:单位|部门)"
                           r"|\bwhich\s+(?:units?|departments?|bureaus?)\b|\bunits?\b|\bdepartments?\b|\bwho\b",
                           re.IGNORECASE)
_TOP_RE = re.compile(rf"前\s*({_NUMBER})\s*(?:名|位|个|家)?|\btop\s*(\d{{1,2}})?", re.IGNORECASE)
_RANK_WORD = re.compile(rf"最多|最忙|排名|排行|名次|\bthe most\b|\bmost\b|\bbusiest\b|\brank(?:ed|ing|s)?\b|"
                        rf"{_TOP_RE.pattern}", re.IGNORECASE)
TOP_DEFAULT = 10


def _ranking(state: _State) -> bool:
    """哪个单位牵头的任务最多 / which unit leads the most tasks / top 5 units: units ranked by their assignments."""
    word, subject = _RANK_WORD.search(state.text), _RANK_SUBJECT.search(state.text)
    if not (word and subject) or state.spec.get("units"):
        return False
    state.spec["shape"], state.spec["top"] = "ranking", TOP_DEFAULT
    state.take(subject.start(), subject.end())
    for m in list(_RANK_WORD.finditer(state.text)):
        top = _TOP_RE.fullmatch(m.group(0))
        if top and (top.group(1) or top.group(2)):
            state.spec["top"] = cn_to_int(top.group(1) or top.group(2))
        state.take(m.start(), m.end())
    return True


def _say_ranking(state: _State) -> None:
    role = state.spec.get("rank_role")
    zh, en = ROLE_NAMES[role] if role else ("全部角色", "any-role")
    state.say(f"形式:单位排名,按{zh}分工数,前{state.spec['top']}名",
              f"shape: units ranked by their {en} assignments, top {state.spec['top']}")


_WHICH_UNITS = re.compile(r"哪些单位|哪些部门|哪些机构|\bwhich\s+(?:units|departments)\b|\bwhat\s+units\b", re.IGNORECASE)


def _shape(state: _State) -> None:
    if _ranking(state):
        return
    if m := _which_units_of_place(state):
        pass
    elif m := _GROUP_RE.search(state.text):
        state.spec["shape"] = "by_unit"
        state.say("形式:按单位统计", "shape: counted by unit")
        for count in _COUNT_RE.finditer(state.text):  # how many … each unit: the counts per unit are the answer
            state.take(count.start(), count.end())
    elif m := _COUNT_RE.search(state.text):
        state.spec["shape"] = "count"
        state.say("形式:计数", "shape: count")
    else:
        return
    state.take(m.start(), m.end())


def _which_units_of_place(state: _State) -> re.Match | None:
    """即墨区有哪些单位, 即墨区按单位统计: the place's own units, counted by unit (what reaches it through 各区(市)
    is not one of its units: 青岛市商务局's rows counted as 即墨区's headed the list)."""
    groups = state.spec.get("units", ())
    m = _WHICH_UNITS.search(state.text) or _GROUP_RE.search(state.text)
    if not m or not any(g.members for g in groups):
        return None
    state.spec["units"] = tuple(replace(g, ids=(g.ids[0], *g.members), via=()) if g.members else g for g in groups)
    state.spec["shape"] = "by_unit"
    names = "、".join(g.name for g in groups if g.members)
    state.say(f"形式:按单位统计({names}自身的单位,不含经由集体单位的分工)",
              f"shape: counted by unit ({names}'s own units, not what reaches it through collectives)")
    return m


def _all_by_unit(state: _State) -> None:
    """按单位统计 alone counts every assignment by unit."""
    if state.spec.get("shape") == "by_unit" and not QuerySpec(**state.spec).has_filter:
        state.spec["everything"] = True
        state.say("范围:全部分工", "scope: every assignment")


# -- leftovers -----------------------------------------------------------------------------------------------
_STOP = re.compile(
    r"哪些|哪个|哪项|什么|是谁|谁|有哪些|有|是|的|了|吗|呢|在|中|里|内|和|与|及|、|或|要|需要|完成|到期|截止|时限|期限|"
    r"任务|工作|分工|条|项|个|由|作为|单位|部门|列出|请|一共|分别|所有|包括|部分|中的|之中|这份|文件|"
    r"并且|而且|同时|以及|且|并|共同|一起|仅限|只看|相关|有关|方面|统计|情况|合作|协作|"
    r"[?？!！,，。:：;；()（）\s]|\b(?:which|what|who|whom|is|are|was|does|do|did|the|a|an|of|in|to|for|by|"
    r"that|with|as|list|show|compare|me|tasks?|clauses?|items?|assignments?|duty|duties|units?|due|deadline|must|be|finished|"
    r"completed|has|have|there|this|any|role|within|under|and|or|but|on|it|its|s|unit|bureau|department|"
    r"section|documents?|total|what's|everything|assigned|all|each|also|both|only|well|falls?|mention\w*|concern\w*|about|regarding|related)\b",
    re.IGNORECASE)


_GLOSS_AFTER = re.compile(r"(?<=\s)\(\s*[A-Za-z][A-Za-z \-']*\)")  # 技改 (technical upgrading)
_GLOSS_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z\-']*\s+){0,3}[A-Za-z][A-Za-z\-']*\s*\(\s*\)")  # finance bureau (财政局)


def _leftover(state: _State) -> tuple[str, ...]:
    """Words nobody read. English beside a name that was read, in brackets or before them, is its gloss."""
    rest = _GLOSS_BEFORE.sub(" ", _GLOSS_AFTER.sub(" ", state.text))
    rest = _STOP.sub(" ", rest)
    return tuple(dict.fromkeys(w for w in re.split(r"\s+", rest)
                               if (len(w) >= 2 or w in _NEGATION) and not re.fullmatch(r"[\W_]+", w)))


_NEGATION = set("不没未非无")  # one character, but never a word to drop unread


def with_defaults(spec: QuerySpec, **changes) -> QuerySpec:
    return replace(spec, **changes)
