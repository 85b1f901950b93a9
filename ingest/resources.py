"""The gazetteers every document is read with: units, and the industries hierarchy (tagger or plain index).

No spaCy here: the graph builder and the query path take ``Resources`` with a plain ``ConceptIndex``
(``tagging=False``); only ingest builds the spaCy tagger, imported when it is asked for.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .concepts import ConceptIndex
from .jurisdiction import Places
from .unit_identity import UnitResolver
from .units import Equivalences, UnitGazetteer


@dataclass(frozen=True)
class Resources:
    """Gazetteers built once from the ontology data files and reused for every document.

    ``tagger`` is an ``nlp.EntityTagger`` (tags text) or a ``ConceptIndex`` (concept lookups only)."""

    units: UnitGazetteer  # every file merged, place-blind: for lookups that have no document
    tagger: ConceptIndex | None = None
    resolver: UnitResolver | None = None  # per place, with the places and the equivalences

    @classmethod
    def from_texts(cls, unit_tsvs: list[tuple[str, str]], industries_tsv: str | None,
                   places_tsv: tuple[str, str] | None = None, equivalences_tsv: tuple[str, str] | None = None,
                   *, tagging: bool = True) -> Resources:
        """``unit_tsvs`` are (text, source name) pairs, one per place's file; the places and equivalences files
        are (text, source name) too."""
        files = [UnitGazetteer.from_tsv(text, name) for text, name in unit_tsvs]
        places = Places.from_tsv(*places_tsv) if places_tsv else Places()
        equivalences = Equivalences.from_tsv(*equivalences_tsv) if equivalences_tsv else Equivalences()
        resolver = UnitResolver(files, places, equivalences)
        units = resolver.merged
        if industries_tsv is None:
            return cls(units, None, resolver)
        if not tagging:
            return cls(units, ConceptIndex.from_tsv(industries_tsv), resolver)
        from .nlp import EntityTagger

        return cls(units, EntityTagger.from_tsv(industries_tsv, [e.name for e in units.entries()]), resolver)

    @property
    def places(self) -> Places:
        return self.resolver.places if self.resolver else Places()


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
