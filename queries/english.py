"""English names in a question, read as the Chinese names the question reader knows.

Two kinds: the store's places by their pinyin (Suzhou → 苏州市, Anhui Province → 安徽省), derived by pypinyin
from the places the store holds (no table of places); and government bodies by their standard English names
(Municipal Bureau of Industry and Information Technology → 市工业和信息化局), composed from the parts in
ontology/units/english.tsv. The Chinese name then goes through the reader's own rules (aliases, equivalent forms,
a unit of a place, a place the store lacks). An English name of a body that composes to nothing the store knows is
returned as unread, so the answer says that its unit filter was NOT applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ingest.jurisdiction import Place, level_word
from ingest.normalize import normalize_name
from ontology import english_tsv_path

# The English words of a place's level after its name (Suzhou City, Anhui Province, Baohe District).
_PLACE_WORDS = r"city|municipality|prefecture|province|district|county"
# What a place word after a name says of its level: Jilin Province is 吉林省, never 吉林市.
_PLACE_WORD_ENDS = {"city": ("市",), "municipality": ("市",), "prefecture": ("州", "地区", "盟", "市"),
                    "province": ("省", "自治区"), "district": ("区",), "county": ("县", "旗")}
# A body's kind words: what makes an English phrase name a unit even when its body is unknown.
_BODY_KINDS = "bureau|department|commission|office|administration|committee|government"
_KIND_WORDS = re.compile(rf"\b(?:{_BODY_KINDS})s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Parts:
    """english.tsv: each part's English forms (lower case) → Chinese."""

    levels: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)


@cache
def parts() -> Parts:
    found = Parts()
    table = {"level": found.levels, "kind": found.kinds, "body": found.bodies}
    lines = [line for line in english_tsv_path().read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    for line in lines[1:]:  # the header: part, english, chinese
        part, english, chinese = line.split("\t")
        for form in english.split("|"):
            table[part][_words(form)] = chinese
    return found


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower().replace("-", " ")))


def _alternation(forms: Iterable[str]) -> str:
    """Forms as a regex, longest first, any spacing, a hyphen or comma where a space is (Urban-Rural)."""
    return "|".join(r"[\s,\-]+".join(map(re.escape, f.split())) for f in sorted(forms, key=len, reverse=True))


def place_pinyin(places: Iterable[str], places_data=None) -> dict[str, tuple[str, ...]]:
    """pinyin → the places of ``places`` it names (苏州市 → suzhou; 合肥市包河区 → baohe): the name each place's
    documents print without its level word (``Place.short``: 大理 of 大理白族自治州), in toneless pinyin, read in the
    whole name (朝 of 朝阳区 is chao; alone, pypinyin reads it zhao). Two places of one pinyin (苏州市, 宿州市) are
    both kept, and the question is asked which."""
    from pypinyin import lazy_pinyin

    out: dict[str, set[str]] = {}
    for place in places:
        name = place
        for above in (places_data.chain(place)[1:] if places_data is not None else ()):
            if name.startswith(above) and len(name) > len(above):
                name = name[len(above):]
        core = Place(name).short
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", core) or len(core) < 2 or not name.startswith(core):
            continue
        spelled = "".join(lazy_pinyin(name)[: len(core)]).lower()
        if spelled.isascii() and spelled.isalpha():
            out.setdefault(spelled, set()).add(place)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@dataclass(frozen=True)
class Reading:
    text: str  # the question with each English name read replaced by its Chinese name
    read: tuple[tuple[str, str], ...] = ()  # (English as written, Chinese it was read as)
    unknown: tuple[str, ...] = ()  # English names of bodies read as nothing the store knows
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (English, the Chinese names it may be)


def read_english(text: str, pinyin: dict[str, tuple[str, ...]], known) -> Reading:
    """``text`` with its English names of places and bodies replaced by their Chinese names. ``known(name)``: the
    lexicon knows the Chinese name (a unit, a place-qualified unit, a place)."""
    p = parts()
    level, kind, body = _alternation(p.levels), _alternation(p.kinds), _alternation(p.bodies)
    place = _alternation(pinyin) if pinyin else r"(?!x)x"
    head = rf"(?:(?P<place>{place})(?:'s)?\s+(?:(?P<word>{_PLACE_WORDS})\s+)?)?(?:(?P<level>{level})\s+)?"
    body_first = re.compile(rf"\b{head}(?:(?P<body>{body})\s+(?P<kind>{kind})s?)\b", re.IGNORECASE)
    kind_first = re.compile(rf"\b{head}(?:(?P<kind>{kind})s?\s+(?:of|for)\s+(?:the\s+)?(?P<body>{body}))\b",
                            re.IGNORECASE)
    government = re.compile(rf"\b(?P<place>{place})(?:'s)?\s+(?:(?P<word>{level}|{_PLACE_WORDS})\s+)?"
                            r"(?:people'?s\s+)?government\b", re.IGNORECASE)
    alone = re.compile(rf"\b(?P<place>{place})(?:\s+(?P<word>{_PLACE_WORDS}))?\b", re.IGNORECASE)
    read, unknown, ambiguous = [], [], []

    def named(m: re.Match, level: str | None = None) -> tuple[str, ...]:
        """The places the name may be, narrowed by the place word or level written after it (Jilin Province,
        Jilin Provincial …: 吉林省) when any fits."""
        places = pinyin.get(m["place"].lower(), ()) if m["place"] else ()
        word = (m["word"] or "").lower()
        ends = _PLACE_WORD_ENDS.get(word) or ((parts().levels[_words(level)],) if level else ()) or \
            ((parts().levels[_words(word)],) if word and _words(word) in parts().levels else ())
        fitting = tuple(p for p in places if p.endswith(ends)) if ends else ()
        return fitting or places

    def unit(m: re.Match) -> str:
        places = named(m, m["level"])
        if len(places) > 1:  # asked which, each place's unit offered; its words are read
            ambiguous.append((m.group(0), tuple(_composed(p, m["level"], m["body"], m["kind"], known) or p
                                                for p in places)))
            return " " * len(m.group(0))
        name = _composed(places[0] if places else "", m["level"], m["body"], m["kind"], known)
        if name is None:
            unknown.append(m.group(0))
            return " " * len(m.group(0))
        read.append((m.group(0), name))
        return f" {name} "

    def gov(m: re.Match) -> str:
        places = named(m)
        if len(places) != 1:
            ambiguous.append((m.group(0), tuple(p + "人民政府" for p in places)))
            return " " * len(m.group(0))
        read.append((m.group(0), places[0] + "人民政府"))
        return f" {places[0]}人民政府 "

    def where(m: re.Match) -> str:
        places = named(m)
        if len(places) != 1:
            ambiguous.append((m.group(0), places))
            return " " * len(m.group(0))
        read.append((m.group(0), places[0]))
        return f" {places[0]} "

    for pattern, replace in ((kind_first, unit), (body_first, unit), (government, gov), (alone, where)):
        text = pattern.sub(replace, text)
    for start, end, name in reversed(bodies_unread(text)):
        unknown.insert(0, name)
        text = text[:start] + " " * (end - start) + text[end:]
    return Reading(text, tuple(read), tuple(unknown), tuple(ambiguous))


def _composed(place: str, level: str | None, body: str, kind: str, known) -> str | None:
    """The Chinese name of place + level + body + kind the lexicon knows: the kind written first, then the other
    kinds of the same body (a Provincial Bureau of Industry … is a province's 工业和信息化厅); with a place, its
    name as written even when unknown, so the reader says that place holds no such unit."""
    p = parts()
    zh_level = p.levels[_words(level)] if level else ""
    own = level_word(place) if place else ""
    prefix = place if place else zh_level
    if place and zh_level and zh_level != own:
        prefix = place + zh_level  # 合肥市 + District: not the place's own level, kept as written
    zh_body, zh_kind = p.bodies[_words(body)], p.kinds[_words(kind)]
    kinds = dict.fromkeys((zh_kind, *p.kinds.values(), "委"))
    candidates = [prefix + zh_body + k for k in kinds]
    for name in candidates:
        if known(normalize_name(name)):
            return name
    return candidates[0] if place else None


def name_like(word: str) -> bool:
    """An English word left unread that looks like a name (Shanghai, Pudong): capitalised letters only."""
    return bool(re.fullmatch(r"[A-Z][a-z]{2,}", word)) and word.lower() not in _QUESTION_WORDS


_QUESTION_WORDS = {"which", "what", "who", "how", "does", "do", "did", "is", "are", "the", "list", "show", "tell",
                   "give", "find", "compare", "count", "rank", "please", "and", "or", "of", "for", "in", "a", "an",
                   "tasks", "task", "units", "unit", "assignments"}
_BODY_UNREAD = re.compile(rf"(?:\b[A-Za-z][\w'-]*\s+){{0,4}}\b(?i:{_BODY_KINDS})s?\b"
                          r"(?:\s+(?i:of|for)\s+(?:(?i:the)\s+)?[A-Z][\w'-]*"
                          r"(?:\s+(?:and\s+|&\s+)?[A-Z][\w'-]*)*)?")


def bodies_unread(text: str) -> list[tuple[int, int, str]]:
    """English names of bodies no rule read (Bureau of Magic, Shanghai Finance Bureau), as (start, end, name),
    the question words before them left out: each a unit filter that is NOT applied."""
    out = []
    for m in _BODY_UNREAD.finditer(text):
        words = list(re.finditer(r"\S+", m.group(0)))
        first = next((w for w in words if w.group(0).lower() not in _QUESTION_WORDS
                      and (w.group(0)[0].isupper() or _KIND_WORDS.fullmatch(w.group(0))
                           or w.group(0).lower() in parts().levels)), None)
        if first is not None:
            start = m.start() + first.start()
            out.append((start, m.end(), text[start : m.end()]))
    return out
