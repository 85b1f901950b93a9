"""Industries, chains, clusters, platforms, parks, plans, events and units named in policy text.

Rules and gazetteers, not a statistical model (none is installable offline). ``spacy.blank("zh")`` with the
character segmenter makes every Chinese character a token, so a phrase pattern matches a name exactly on
character boundaries. An ``entity_ruler`` built from the industries gazetteer and the unit names keeps the
longest match; three small components then add what a list of names cannot hold: bodies named after
a chain or industry (高端化工产业链专班 is a unit, not the chain), names sharing one suffix
(轨道交通装备、智能家电集群 are two clusters) and plan titles (《…》, …实施方案, …行动计划).

The tagger is built once per gazetteer and reused for every document; building it is the expensive part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ingest.model import EntityMention, Span

KINDS = ("industry", "chain", "cluster", "platform", "park", "plan", "event")
HEADER = ("id", "kind", "label", "broader", "aliases")

_TEXT = "policykg.text"
_PIECES = re.compile(r"\S |\S|\s+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BODY_BASES = {"CHAIN", "INDUSTRY"}
_BODY = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:专班|联席会议|领导小组|工作组|推进组|委员会|办公室)")
_COORDINATED = re.compile(r"(?P<etc>等)?(?P<suffix>集群|平台)")
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


@dataclass(frozen=True)
class Concept:
    """One gazetteer row: a SKOS-like concept with its place in the broader/narrower hierarchy."""

    id: str
    kind: str
    label: str
    broader: str | None = None
    aliases: tuple[str, ...] = ()
    broader_chain: tuple[str, ...] = ()  # ids of every broader concept, nearest first

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


# --- the gazetteer ---------------------------------------------------------------------------------------


def parse_concepts(tsv: str) -> tuple[Concept, ...]:
    """The industries gazetteer as concepts; a malformed row is an error naming its line."""
    concepts = [_concept(number, fields) for number, fields in _rows(tsv)]
    _check_unique(concepts)
    return _with_broader_chains(concepts)


def _rows(tsv: str) -> Iterator[tuple[int, list[str]]]:
    header_seen = False
    for number, line in enumerate(tsv.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if not header_seen:
            if tuple(fields) != HEADER:
                raise ValueError(f"industries gazetteer line {number}: header must be {' '.join(HEADER)}")
            header_seen = True
            continue
        yield number, fields


def _concept(number: int, fields: list[str]) -> Concept:
    if not 3 <= len(fields) <= len(HEADER):
        raise ValueError(
            f"industries gazetteer line {number}: expected 5 tab-separated fields, got {len(fields)}"
        )
    cid, kind, label, broader, aliases = fields + [""] * (len(HEADER) - len(fields))
    if not _SLUG.fullmatch(cid):
        raise ValueError(f"industries gazetteer line {number}: id {cid!r} is not an ASCII slug")
    if kind not in KINDS:
        raise ValueError(
            f"industries gazetteer line {number}: kind {kind!r} is not one of {', '.join(KINDS)}"
        )
    if not label:
        raise ValueError(f"industries gazetteer line {number}: empty label")
    names = dict.fromkeys(a.strip() for a in aliases.split("|") if a.strip() and a.strip() != label)
    return Concept(cid, kind, label, broader or None, tuple(names))


def _check_unique(concepts: list[Concept]) -> None:
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for c in concepts:
        if c.id in ids:
            raise ValueError(f"industries gazetteer: duplicate id {c.id!r}")
        ids.add(c.id)
        for name in c.names:
            if owner.setdefault(name, c.id) != c.id:
                raise ValueError(f"industries gazetteer: {name!r} names both {owner[name]!r} and {c.id!r}")


def _with_broader_chains(concepts: list[Concept]) -> tuple[Concept, ...]:
    by_id = {c.id: c for c in concepts}
    return tuple(
        Concept(c.id, c.kind, c.label, c.broader, c.aliases, _broader_chain(c, by_id)) for c in concepts
    )


def _broader_chain(concept: Concept, by_id: Mapping[str, Concept]) -> tuple[str, ...]:
    chain: list[str] = []
    current = concept
    while current.broader is not None:
        if current.broader not in by_id:
            raise ValueError(f"industries gazetteer: {current.id!r} has unknown broader {current.broader!r}")
        if current.broader == concept.id or current.broader in chain:
            raise ValueError(f"industries gazetteer: broader cycle through {concept.id!r}")
        chain.append(current.broader)
        current = by_id[current.broader]
    return tuple(chain)


# --- spaCy components ------------------------------------------------------------------------------------


class CharTokenizer:
    """The ``char`` segmenter of ``spacy.blank("zh")``, same tokens, in linear time.

    spaCy's own aligns each character by searching the rest of the text (quadratic in the length); this one
    also keeps the text on the doc so that components need not rebuild it from 20,000 tokens.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        pieces = _PIECES.findall(text)
        spaces = [len(p) == 2 and p[1] == " " and not p[0].isspace() for p in pieces]
        doc = Doc(
            self.vocab, words=[p[0] if s else p for p, s in zip(pieces, spaces, strict=True)], spaces=spaces
        )
        doc.user_data[_TEXT] = text
        return doc


def _text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def _replace(doc: Doc, found: list[SpacySpan]) -> None:
    """Add spans from a component: a found span replaces what it overlaps unless that is strictly longer."""
    ents = list(doc.ents)
    owner = {i: k for k, e in enumerate(ents) for i in range(e.start, e.end)}
    kept: list[SpacySpan] = []
    dropped: set[int] = set()
    for span in found:
        hit = {owner[i] for i in range(span.start, span.end) if i in owner}
        if all(len(ents[k]) <= len(span) for k in hit):
            kept.append(span)
            dropped |= hit
    doc.ents = filter_spans(kept + [e for k, e in enumerate(ents) if k not in dropped])


class Straddles:
    """Drops a short name matched across a word boundary: 化工 in 强化工业, 家电 in 国家电网."""

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        ents = doc.ents
        kept = [e for e in ents if e.text not in _STRADDLES or not _straddles(text, e)]
        if len(kept) < len(ents):
            doc.ents = kept
        return doc


def _straddles(text: str, ent: SpacySpan) -> bool:
    before, after = _STRADDLES[ent.text]
    prev, next_ = text[ent.start_char - 1 : ent.start_char], text[ent.end_char : ent.end_char + 1]
    return bool(prev) and prev in before and bool(next_) and (not after or next_ in after)


class NamedBodies:
    """高端化工产业链专班, 数字经济发展联席会议: a body named after a chain or industry is a unit, not a mention of it.

    The unit gazetteer lists the bodies it knows; this keeps the ones it does not from counting as industries.
    """

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        found = [
            s for e in doc.ents if e.label_ in _BODY_BASES and (s := _named_body(doc, text, e)) is not None
        ]
        if found:
            _replace(doc, found)
        return doc


def _named_body(doc: Doc, text: str, ent: SpacySpan) -> SpacySpan | None:
    body = _BODY.match(text, ent.end_char)
    if body is None:
        return None
    start = ent.start_char - 1 if text[ent.start_char - 1 : ent.start_char] == "各" else ent.start_char
    return doc.char_span(
        start, body.end(), label="UNIT", span_id=text[start : body.end()], alignment_mode="expand"
    )


class Coordination:
    """轨道交通装备、智能家电集群 and 国家高速列车、国家虚拟现实等平台: every item takes the shared suffix.

    An item is a known name once the suffix is added (智能家电 + 集群 is in the gazetteer); before 集群 an
    industry without a cluster of its own still makes one (新能源汽车、智能家电集群 → 新能源汽车集群).
    """

    def __init__(self) -> None:
        self._stems: dict[str, dict[str, tuple[str, str]]] = {}
        self._longest = 0

    def configure(self, named: Mapping[str, tuple[str, str]]) -> None:
        """``named`` maps every printed name ending in a suffix to (entity label, canonical name)."""
        self._stems = {}
        for name, target in named.items():
            suffix = next((s for s in ("集群", "平台") if name.endswith(s) and len(name) > len(s)), None)
            if suffix:
                self._stems.setdefault(suffix, {})[name[: -len(suffix)]] = target
        self._longest = max((len(stem) for stems in self._stems.values() for stem in stems), default=0)

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        industries = {e.end_char: e for e in doc.ents if e.label_ == "INDUSTRY"}
        found = [s for m in _COORDINATED.finditer(text) for s in self._items(doc, text, m, industries)]
        if found:
            _replace(doc, found)
        return doc

    def _items(
        self, doc: Doc, text: str, match: re.Match[str], industries: Mapping[int, SpacySpan]
    ) -> list[SpacySpan]:
        suffix, end, items = match["suffix"], match.start(), []
        while (hit := self._item(text, end, suffix, industries)) is not None:
            start, label, name = hit
            stop = match.end() if not items and match["etc"] is None else end
            span = doc.char_span(start, stop, label=label, span_id=name, alignment_mode="expand")
            if span is not None:
                items.append(span)
            if start == 0 or text[start - 1] not in _JOINERS:
                break
            end = start - 1
        return items

    def _item(
        self, text: str, end: int, suffix: str, industries: Mapping[int, SpacySpan]
    ) -> tuple[int, str, str] | None:
        stems = self._stems.get(suffix, {})
        for size in range(min(self._longest, end), 0, -1):
            target = stems.get(text[end - size : end])
            if target is not None:
                return end - size, target[0], target[1]
        ent = industries.get(end)
        if suffix == "集群" and ent is not None:
            return ent.start_char, "CLUSTER", ent.id_ + suffix
        return None


class Plans:
    """Plans named in the text: 《…》 titles and names ending in 实施方案, 行动计划, 行动方案, 工作方案."""

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        titles = [(m.start("name"), m.end("name")) for m in _TITLE.finditer(text)]
        bounds = titles + [b for m in _PLAN_SUFFIX.finditer(text) if (b := _plan_bounds(text, m, titles))]
        found = [s for start, end in bounds if (s := _plan_span(doc, text, start, end)) is not None]
        if found:
            _replace(doc, found)
        return doc


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


def _plan_span(doc: Doc, text: str, start: int, end: int) -> SpacySpan | None:
    name = text[start:end].strip()
    return doc.char_span(start, end, label="PLAN", span_id=name, alignment_mode="expand") if name else None


@Language.factory("policykg_straddles")
def _make_straddles(nlp: Language, name: str) -> Straddles:
    return Straddles()


@Language.factory("policykg_named_bodies")
def _make_named_bodies(nlp: Language, name: str) -> NamedBodies:
    return NamedBodies()


@Language.factory("policykg_coordination")
def _make_coordination(nlp: Language, name: str) -> Coordination:
    return Coordination()


@Language.factory("policykg_plans")
def _make_plans(nlp: Language, name: str) -> Plans:
    return Plans()


# --- the tagger ------------------------------------------------------------------------------------------


def build_pipeline(concepts: Iterable[Concept], unit_names: Iterable[str] = ()) -> Language:
    """``spacy.blank("zh")`` with one character per token, the gazetteer ruler and the three rule components."""
    concepts = tuple(concepts)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    named = _concept_names(concepts)
    ruler.add_patterns(
        [{"label": label, "pattern": text, "id": name} for text, (label, name) in named.items()]
        + [{"label": "UNIT", "pattern": unit, "id": unit} for unit in _unit_names(unit_names, named)]
    )
    nlp.add_pipe("policykg_straddles")
    nlp.add_pipe("policykg_named_bodies")
    nlp.add_pipe("policykg_coordination").configure(named)
    nlp.add_pipe("policykg_plans")
    return nlp


def _concept_names(concepts: Iterable[Concept]) -> dict[str, tuple[str, str]]:
    return {name: (c.kind.upper(), c.label) for c in concepts for name in c.names}


def _unit_names(unit_names: Iterable[str], taken: Mapping[str, object]) -> list[str]:
    """Unit names as patterns; a one-character name would match everywhere and a concept's own name stays its."""
    return list(dict.fromkeys(u.strip() for u in unit_names if len(u.strip()) > 1 and u.strip() not in taken))


class EntityTagger:
    """Tags text with the gazetteer's concepts and the unit names; build once with ``from_tsv`` and reuse."""

    def __init__(self, nlp: Language, concepts: Iterable[Concept]) -> None:
        self._nlp = nlp
        self._concepts = {c.id: c for c in concepts}
        self._by_name = {name: c for c in self._concepts.values() for name in (c.id, *c.names)}
        self._children: dict[str, list[Concept]] = {}
        for c in self._concepts.values():
            if c.broader is not None:
                self._children.setdefault(c.broader, []).append(c)

    @classmethod
    def from_tsv(cls, industries_tsv: str, unit_names: Iterable[str] = ()) -> EntityTagger:
        concepts = parse_concepts(industries_tsv)
        return cls(build_pipeline(concepts, unit_names), concepts)

    @property
    def nlp(self) -> Language:
        return self._nlp

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self._concepts.values())

    def tag(self, text: str) -> list[EntityMention]:
        """Mentions in text order, spans as character offsets into ``text``, ``name`` the canonical name."""
        return _mentions(self._nlp(text))

    def tag_many(self, texts: Iterable[str], batch_size: int = 64) -> list[list[EntityMention]]:
        return [_mentions(doc) for doc in self._nlp.pipe(texts, batch_size=batch_size)]

    def concept(self, name: str) -> Concept | None:
        """The concept named by a label, an alias or an id; None for anything outside the gazetteer."""
        return self._by_name.get(name)

    def broader(self, key: str) -> tuple[Concept, ...]:
        """The direct broader concept (none for a top concept); ``concept(key).broader_chain`` has them all."""
        c = self._require(key)
        return (self._concepts[c.broader],) if c.broader is not None else ()

    def narrower(self, key: str, transitive: bool = False) -> tuple[Concept, ...]:
        children = tuple(self._children.get(self._require(key).id, ()))
        if not transitive:
            return children
        return tuple(d for child in children for d in (child, *self.narrower(child.id, transitive=True)))

    def _require(self, key: str) -> Concept:
        c = self.concept(key)
        if c is None:
            raise KeyError(f"{key!r} is not an id, label or alias in the industries gazetteer")
        return c


def _mentions(doc: Doc) -> list[EntityMention]:
    return [
        EntityMention(e.label_.lower(), e.id_ or e.text, e.text, Span(e.start_char, e.end_char))
        for e in doc.ents
    ]
