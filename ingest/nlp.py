"""Industries, chains, clusters, platforms, parks, plans, events and units named in policy text.

Rules and gazetteers, not a statistical model (none is installable offline). ``spacy.blank("zh")`` with the
character segmenter makes every Chinese character a token, so a phrase pattern matches a name exactly on
character boundaries. One component holds a ``PhraseMatcher`` built from the industries gazetteer and the unit
names and keeps the longest match, as an ``entity_ruler`` would; its rules then add what a list of names cannot
hold: bodies named after a chain or industry (高端化工产业链专班 is a unit, not the chain), names sharing one
suffix (轨道交通装备、智能家电集群 are two clusters) and plan titles (《…》, …实施方案, …行动计划). The rules run on
the text and plain tuples and the entities are set on the doc once: reading or writing ``doc.ents`` walks every
token, and a document is tagged task by task.

The tagger is built once per gazetteer and reused for every document; building it is the expensive part.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import NamedTuple

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.vocab import Vocab

from ingest.concepts import Concept, ConceptIndex, parse_concepts
from ingest.model import EntityMention, Span

_TEXT = "policykg.text"
_WHITESPACE = re.compile(r"\s+")
_ENT_ID_SEP = "||"
_BODY_BASES = {"CHAIN", "INDUSTRY"}
# Longer texts are tagged in pieces: a spaCy doc costs memory for every character, and spaCy refuses a text
# over nlp.max_length (1,000,000, error E088) outright. Pieces end after a sentence or clause, so no name is cut.
TAG_PIECE_CHARS = 100_000
_PIECE_END = re.compile(r"[。；;！!？?\n]")
_BODY = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:专班|联席会议|领导小组|工作组|推进组|委员会|办公室)")
_COORDINATED = re.compile(r"集群|平台")  # a suffix shared by the items before it; 等 may precede it
_JOINERS = "、和及与"
_TITLE = re.compile(r"《(?P<name>[^《》\n]{1,80})》")
_PLAN_SUFFIX = re.compile(r"实施方案|行动计划|行动方案|工作方案")
_PLAN_STOPS = frozenset("，,。；;：:、！？!?()（）〔〕【】《》\n\t \u3000\xa0")
_PLAN_MAX = 40
# Short names that straddle two words when characters are matched one by one: surface → (characters before,
# characters after) that make it two words; an empty string matches any character. 强化|工业 is not 化工 (X化
# is a verb or adjective, 工Y a word), 国家|电网 is not 家电, 减轻|工业 is not 轻工.
_ENDS_IN_HUA = (
    "强优深细转简固量活美绿净硬软进演变催分淡弱孵文能字代端色动络群业际准范体场务息镇利治元牌型联本"
)
_STRADDLES = {
    "化工": (_ENDS_IN_HUA, "业作具艺程厂资序期位商会人匠种况地时效伤"),
    "家电": ("国", "网投力子影视信气"),
    "轻工": ("减年", ""),
    "轻工业": ("减年", ""),
}
_PLAN_VERBS = re.compile(
    r"(?:制定实施|制定出台|研究制定|组织实施|深入实施|贯彻落实|全面落实|认真落实|"
    r"制定|实施|落实|出台|印发|编制|执行|按照|依据|根据|围绕|对照|全面|加快|抓紧|推动)+"
)


# --- spaCy components ------------------------------------------------------------------------------------


class CharTokenizer:
    """The ``char`` segmenter of ``spacy.blank("zh")``, same tokens, in linear time.

    spaCy's own aligns each character by searching the rest of the text (quadratic in the length); this one
    also keeps the text on the doc so that components need not rebuild it from 20,000 tokens. Words go to
    ``Doc`` as their string-store hashes, which spaCy looks up directly instead of hashing and checking every
    character's string again; the hashes are remembered per word.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._orths = _Orths(vocab)

    def __call__(self, text: str) -> Doc:
        words, spaces = _char_words(text)
        try:
            doc = Doc(self.vocab, words=list(map(self._orths.__getitem__, words)), spaces=spaces)
        except KeyError:  # a remembered string is no longer in the store (vocabulary reloaded): start afresh
            self._orths.clear()
            doc = Doc(self.vocab, words=list(words), spaces=spaces)
        doc.user_data[_TEXT] = text
        return doc

    @contextmanager
    def memory_zone(self, mem: object = None) -> Iterator[None]:
        """Within ``nlp.memory_zone()`` new strings are dropped on leaving, so their hashes are forgotten too."""
        try:
            yield
        finally:
            self._orths.clear()


class _Orths(dict):
    """word → its hash in the vocabulary's string store, added on first sight."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self._vocab = vocab

    def __missing__(self, word: str) -> int:
        orth = self[word] = self._vocab.strings.add(word)
        return orth


def _char_words(text: str) -> tuple[Sequence[str], list[bool]]:
    """Every character a word, except that a run of whitespace is one word and a single space after a
    character is that character's trailing space (what ``\\S |\\S|\\s+`` finds, without a string per piece)."""
    words: list[str] = []
    spaces: list[bool] = []
    last = 0
    for run in _WHITESPACE.finditer(text):
        start, end = run.span()
        if start > last:  # characters, then a run that follows a character
            words += text[last:start]
            spaces += [False] * (start - last)
            if text[start] == " ":
                spaces[-1] = True
                start += 1
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        last = end
    if not words:  # no whitespace at all, the usual case for a task: the text is its characters
        return text, [False] * len(text)
    words += text[last:]
    spaces += [False] * (len(text) - last)
    return words, spaces


def _text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


class _Ent(NamedTuple):
    """An entity while the rules run: token bounds as in a spaCy span, character bounds, label and id."""

    start: int
    end: int
    label: str
    id: str
    start_char: int
    end_char: int


def _ent(span: SpacySpan, label: str, ent_id: str) -> _Ent:
    return _Ent(span.start, span.end, label, ent_id, span.start_char, span.end_char)


def _settle(ents: list[_Ent]) -> list[_Ent]:
    """What ``doc.ents`` gives back after ``doc.ents = ents``: in text order, no empty span."""
    return sorted((e for e in ents if e.end > e.start), key=lambda e: e.start)


def _filter_spans(spans: list[_Ent]) -> list[_Ent]:
    """``spacy.util.filter_spans`` on tuples: the (first) longest of overlapping spans wins."""
    result: list[_Ent] = []
    seen: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if span.start not in seen and span.end - 1 not in seen:
            result.append(span)
            seen.update(range(span.start, span.end))
    return sorted(result, key=lambda s: s.start)


def _replace(ents: list[_Ent], found: list[_Ent]) -> list[_Ent]:
    """Add spans from a rule: a found span replaces what it overlaps unless that is strictly longer."""
    if not found:
        return ents
    starts, ends = [e.start for e in ents], [e.end for e in ents]  # ents do not overlap: both ascend
    kept: list[_Ent] = []
    dropped: set[int] = set()
    for span in found:
        hit = range(bisect_right(ends, span.start), bisect_left(starts, span.end))  # the ents it overlaps
        if span.end == span.start:
            hit = range(0)
        if all(ents[k].end - ents[k].start <= span.end - span.start for k in hit):
            kept.append(span)
            dropped.update(hit)
    return _settle(_filter_spans(kept + [e for k, e in enumerate(ents) if k not in dropped]))


class EntityRules:
    """The gazetteer's ``PhraseMatcher`` and the rules, in one component that sets ``doc.ents`` once.

    In order, each step seeing what the one before left: the gazetteer match (longest first, as the
    ``entity_ruler`` keeps it), straddling short names dropped, bodies named after a chain or industry, names
    sharing one suffix, plan titles. The steps work on plain tuples over the text; spaCy spans are made only
    for what a rule finds and for the final entities, since every read or write of ``doc.ents`` walks the doc.
    """

    def __init__(self, vocab: Vocab) -> None:
        self._matcher = PhraseMatcher(vocab, attr="ORTH")
        self._ids: dict[int, tuple[str, str]] = {}
        self._stems: dict[str, dict[str, tuple[str, str]]] = {}
        self._longest = 0

    def configure(
        self, make_doc: Callable[[str], Doc], named: Mapping[str, tuple[str, str]], unit_names: Iterable[str]
    ) -> None:
        """``named`` maps every printed concept name to (entity label, canonical name); unit names label UNIT."""
        patterns = [(text, label, name) for text, (label, name) in named.items()]
        patterns += [(unit, "UNIT", unit) for unit in unit_names]
        for text, label, name in patterns:
            key = f"{label}{_ENT_ID_SEP}{name}"  # the key entity_ruler gives a pattern with an id
            self._ids[self._matcher.vocab.strings.add(key)] = (label, name)
            self._matcher.add(key, [make_doc(text)])
        self._stems = {}
        for name, target in named.items():
            suffix = next((s for s in ("集群", "平台") if name.endswith(s) and len(name) > len(s)), None)
            if suffix:
                self._stems.setdefault(suffix, {})[name[: -len(suffix)]] = target
        self._longest = max((len(stem) for stems in self._stems.values() for stem in stems), default=0)

    def __call__(self, doc: Doc) -> Doc:
        doc.set_ents([SpacySpan(doc, e.start, e.end, label=e.label, span_id=e.id) for e in self.entities(doc)])
        return doc

    def entities(self, doc: Doc) -> list[_Ent]:
        """What ``__call__`` sets as ``doc.ents``, as tuples in text order, without touching the doc.

        Setting ``doc.ents`` walks every token and makes a spaCy span per entity; ``EntityTagger.tag`` only
        needs the offsets, labels and ids, so it stops here.
        """
        text = _text(doc)
        ents = self._gazetteer(doc)
        ents = _without_straddles(text, ents)
        ents = _replace(ents, _named_bodies(doc, text, ents))
        ents = _replace(ents, self._coordinated(doc, text, ents))
        return _replace(ents, _plans(doc, text))

    # -- the gazetteer: every name in the industries gazetteer and the unit gazetteer ----------------------

    def _gazetteer(self, doc: Doc) -> list[_Ent]:
        """Phrase matches, longest first and then leftmost, each kept unless it overlaps one kept before."""
        matches = sorted(
            set([(key, start, end) for key, start, end in self._matcher(doc) if start != end]),
            key=lambda m: (m[2] - m[1], -m[1]),
            reverse=True,
        )
        # No whitespace run and no trailing space: token i is character i.
        one_char_tokens = len(doc) == len(_text(doc))
        found: list[_Ent] = []
        seen: set[int] = set()
        for key, start, end in matches:
            if start not in seen and end - 1 not in seen:
                label, name = self._ids[key]
                if one_char_tokens:
                    found.append(_Ent(start, end, label, name, start, end))
                else:
                    last = doc[end - 1]
                    found.append(_Ent(start, end, label, name, doc[start].idx, last.idx + len(last)))
                seen.update(range(start, end))
        earlier = [_ent(e, e.label_, e.id_) for e in doc.ents]  # none on a fresh doc; a match overrides them
        if earlier:
            found += [e for e in earlier if not any(f.start < e.end and f.end > e.start for f in found)]
        return _settle(found)

    # -- coordination: 轨道交通装备、智能家电集群 and 国家高速列车、国家虚拟现实等平台 -----------------------------

    def _coordinated(self, doc: Doc, text: str, ents: list[_Ent]) -> list[_Ent]:
        industries = {e.end_char: e for e in ents if e.label == "INDUSTRY"}
        found: list[_Ent] = []
        last = 0
        # As (等)?(集群|平台) would find them: a 等 just before counts unless the match before ended after it.
        for match in _COORDINATED.finditer(text):
            etc = match.start() > last and text[match.start() - 1] == "等"
            found += self._items(doc, text, match, etc, industries)
            last = match.end()
        return found

    def _items(
        self, doc: Doc, text: str, match: re.Match[str], etc: bool, industries: Mapping[int, _Ent]
    ) -> list[_Ent]:
        suffix, end, items = match.group(), match.start() - etc, []
        while (hit := self._item(text, end, suffix, industries)) is not None:
            start, label, name = hit
            stop = match.end() if not items and not etc else end
            span = doc.char_span(start, stop, label=label, span_id=name, alignment_mode="expand")
            if span is not None:
                items.append(_ent(span, label, name))
            if start == 0 or text[start - 1] not in _JOINERS:
                break
            end = start - 1
        return items

    def _item(
        self, text: str, end: int, suffix: str, industries: Mapping[int, _Ent]
    ) -> tuple[int, str, str] | None:
        stems = self._stems.get(suffix, {})
        for size in range(min(self._longest, end), 0, -1):
            target = stems.get(text[end - size : end])
            if target is not None:
                return end - size, target[0], target[1]
        ent = industries.get(end)
        if suffix == "集群" and ent is not None:
            return ent.start_char, "CLUSTER", ent.id + suffix
        return None


def _without_straddles(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Drops a short name matched across a word boundary: 化工 in 强化工业, 家电 in 国家电网."""
    return [e for e in ents if text[e.start_char : e.end_char] not in _STRADDLES or not _straddles(text, e)]


def _straddles(text: str, ent: _Ent) -> bool:
    before, after = _STRADDLES[text[ent.start_char : ent.end_char]]
    prev, next_ = text[ent.start_char - 1 : ent.start_char], text[ent.end_char : ent.end_char + 1]
    return bool(prev) and prev in before and bool(next_) and (not after or next_ in after)


def _named_bodies(doc: Doc, text: str, ents: list[_Ent]) -> list[_Ent]:
    """高端化工产业链专班, 数字经济发展联席会议: a body named after a chain or industry is a unit, not a mention of it.

    The unit gazetteer lists the bodies it knows; this keeps the ones it does not from counting as industries.
    """
    return [b for e in ents if e.label in _BODY_BASES and (b := _named_body(doc, text, e)) is not None]


def _named_body(doc: Doc, text: str, ent: _Ent) -> _Ent | None:
    body = _BODY.match(text, ent.end_char)
    if body is None:
        return None
    start = ent.start_char - 1 if text[ent.start_char - 1 : ent.start_char] == "各" else ent.start_char
    name = text[start : body.end()]
    span = doc.char_span(start, body.end(), label="UNIT", span_id=name, alignment_mode="expand")
    return None if span is None else _ent(span, "UNIT", name)


def _plans(doc: Doc, text: str) -> list[_Ent]:
    """Plans named in the text: 《…》 titles and names ending in 实施方案, 行动计划, 行动方案, 工作方案."""
    titles = [(m.start("name"), m.end("name")) for m in _TITLE.finditer(text)]
    bounds = titles + [b for m in _PLAN_SUFFIX.finditer(text) if (b := _plan_bounds(text, m, titles))]
    return [s for start, end in bounds if (s := _plan_span(doc, text, start, end)) is not None]


def _plan_bounds(text: str, suffix: re.Match[str], titles: list[tuple[int, int]]) -> tuple[int, int] | None:
    if any(s <= suffix.start() < e for s, e in titles):
        return None
    start = suffix.start()
    while start > 0 and suffix.start() - start < _PLAN_MAX and text[start - 1] not in _PLAN_STOPS:
        start -= 1
    verbs = _PLAN_VERBS.match(text, start, suffix.start())
    if verbs is not None:
        start = verbs.end()
    return (start, suffix.end()) if suffix.start() - start >= 2 else None


def _plan_span(doc: Doc, text: str, start: int, end: int) -> _Ent | None:
    name = text[start:end].strip()
    if not name:
        return None
    span = doc.char_span(start, end, label="PLAN", span_id=name, alignment_mode="expand")
    return None if span is None else _ent(span, "PLAN", name)


@Language.factory("policykg_entities")
def _make_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(nlp.vocab)


# --- the tagger ------------------------------------------------------------------------------------------


def build_pipeline(concepts: Iterable[Concept], unit_names: Iterable[str] = ()) -> Language:
    """``spacy.blank("zh")`` with one character per token and one component: the gazetteer and the rules."""
    concepts = tuple(concepts)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    named = _concept_names(concepts)
    nlp.add_pipe("policykg_entities").configure(nlp.make_doc, named, _unit_names(unit_names, named))
    return nlp


def _concept_names(concepts: Iterable[Concept]) -> dict[str, tuple[str, str]]:
    return {name: (c.kind.upper(), c.label) for c in concepts for name in c.names}


def _unit_names(unit_names: Iterable[str], taken: Mapping[str, object]) -> list[str]:
    """Unit names as patterns; a one-character name would match everywhere and a concept's own name stays its."""
    return list(dict.fromkeys(u.strip() for u in unit_names if len(u.strip()) > 1 and u.strip() not in taken))


class EntityTagger(ConceptIndex):
    """Tags text with the gazetteer's concepts and the unit names; build once with ``from_tsv`` and reuse.

    The concept lookups (``concept``, ``broader``, ``narrower``) are those of ``ConceptIndex``, which the graph and
    the query path use without spaCy."""

    def __init__(self, nlp: Language, concepts: Iterable[Concept]) -> None:
        super().__init__(concepts)
        self._nlp = nlp
        self._rules: EntityRules = nlp.get_pipe("policykg_entities")

    @classmethod
    def from_tsv(cls, industries_tsv: str, unit_names: Iterable[str] = ()) -> EntityTagger:
        concepts = parse_concepts(industries_tsv)
        return cls(build_pipeline(concepts, unit_names), concepts)

    @property
    def nlp(self) -> Language:
        return self._nlp

    def tag(self, text: str) -> list[EntityMention]:
        """Mentions in text order, spans as character offsets into ``text``, ``name`` the canonical name.

        The same entities ``nlp(text).ents`` holds (the pipeline is the tokenizer and this one component),
        read from the component's tuples rather than from spaCy spans made only to be read back.
        """
        if len(text) <= TAG_PIECE_CHARS:
            return _mentions(text, self._rules.entities(self._nlp.make_doc(text)))
        return [_shifted(m, start) for start, end in text_pieces(text, TAG_PIECE_CHARS)
                for m in self.tag(text[start:end])]

    def tag_many(self, texts: Iterable[str]) -> list[list[EntityMention]]:
        return [self.tag(text) for text in texts]


def text_pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of at most ``size`` characters covering ``text``, each ending after the last clause
    end (。；！？ or a line break) of its second half, or at ``size`` when there is none."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cuts = [m.end() for m in _PIECE_END.finditer(text, start + size // 2, end)]
            end = cuts[-1] if cuts else end
        yield start, end
        start = end


def _shifted(mention: EntityMention, offset: int) -> EntityMention:
    return EntityMention(mention.kind, mention.name, mention.surface,
                         Span(mention.span.start + offset, mention.span.end + offset))


def _mentions(text: str, ents: Iterable[_Ent]) -> list[EntityMention]:
    mentions = []
    for e in ents:
        surface = text[e.start_char : e.end_char]
        mentions.append(EntityMention(e.label.lower(), e.id or surface, surface, Span(e.start_char, e.end_char)))
    return mentions
