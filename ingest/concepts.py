"""The industries gazetteer as data: concepts (industry, chain, cluster, platform, …) and their hierarchy.

Kept apart from the spaCy tagger (``nlp``) so that building the graph and answering questions never import
spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

KINDS = ("industry", "chain", "cluster", "platform", "park", "plan", "event")
HEADER = ("id", "kind", "label", "broader", "aliases")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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


class ConceptIndex:
    """Lookups in the concept hierarchy: plain data, no spaCy (the graph builder and the questions use it)."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._concepts = {c.id: c for c in concepts}
        self._by_name = {name: c for c in self._concepts.values() for name in (c.id, *c.names)}
        self._children: dict[str, list[Concept]] = {}
        for c in self._concepts.values():
            if c.broader is not None:
                self._children.setdefault(c.broader, []).append(c)

    @classmethod
    def from_tsv(cls, industries_tsv: str) -> ConceptIndex:
        return cls(parse_concepts(industries_tsv))

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self._concepts.values())

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
