"""Source bytes → PolicyDocument, with the gazetteers passed in (ingest stays pure: no files read here)."""

from __future__ import annotations

import gc
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import ParseError
from .jurisdiction import Places
from .model import PolicyDocument
from .nlp import EntityTagger
from .parse import parse_text
from .read import read_source
from .resolve import UnitResolver
from .units import Equivalences, UnitGazetteer


@dataclass(frozen=True)
class Resources:
    """Gazetteers built once from the ontology data files and reused for every document."""

    units: UnitGazetteer  # every file merged, place-blind: for lookups that have no document
    tagger: EntityTagger | None = None
    resolver: UnitResolver | None = None  # per place, with the places and the equivalences

    @classmethod
    def from_texts(cls, unit_tsvs: list[tuple[str, str]], industries_tsv: str | None,
                   places_tsv: tuple[str, str] | None = None,
                   equivalences_tsv: tuple[str, str] | None = None) -> Resources:
        """``unit_tsvs`` are (text, source name) pairs, one per place's file; the places and equivalences
        files are (text, source name) too."""
        files = [UnitGazetteer.from_tsv(text, name) for text, name in unit_tsvs]
        places = Places.from_tsv(*places_tsv) if places_tsv else Places()
        equivalences = Equivalences.from_tsv(*equivalences_tsv) if equivalences_tsv else Equivalences()
        resolver = UnitResolver(files, places, equivalences)
        tagger = None
        if industries_tsv is not None:
            tagger = EntityTagger.from_tsv(industries_tsv, [e.name for e in resolver.merged.entries()])
        return cls(resolver.merged, tagger, resolver)

    @property
    def places(self) -> Places:
        return self.resolver.places if self.resolver else Places()


def content_id(text: str) -> str:
    """The document id: a hash of its text, so the same document in another encoding is the same document."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:16]


def ingest_bytes(data: bytes, name: str, resources: Resources, *, strict: bool = False,
                 jurisdiction: str | None = None) -> PolicyDocument:
    source = read_source(data, name)
    doc = parse_text(source.text, resources.resolver or resources.units, doc_id=content_id(source.text),
                     source_name=name, media_type=source.media_type, encoding=source.encoding,
                     ignored=source.ignored, tagger=resources.tagger, jurisdiction=jurisdiction)
    if strict and doc.issues:
        first = doc.issues[0].render(name)
        raise ParseError(f"{len(doc.issues)} parse warning(s) in strict mode; first: {first}")
    return doc


def ingest_many(
    sources: Iterable[tuple[bytes, str]], resources: Resources, *, strict: bool = False,
    jurisdiction: str | None = None,
) -> list[PolicyDocument]:
    """Every (bytes, name) source parsed, in order; the first that fails raises and nothing is returned.

    The cyclic garbage collector is paused for the batch. The model is acyclic (reference counting frees all of
    it, and parsing leaves no cycles behind: ``tests/test_ingest`` checks), so the collector finds nothing; left
    running, it rescans every document parsed so far each time the batch grows by a quarter, which took a fifth
    of a 300-document ingest (``bench/ingest.py``).
    """
    with collector_paused():
        return [ingest_bytes(data, name, resources, strict=strict, jurisdiction=jurisdiction) for data, name in sources]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a block that allocates many objects and makes no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
