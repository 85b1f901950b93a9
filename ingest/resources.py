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
from .units import UnitGazetteer


@dataclass(frozen=True)
class Resources:
    """Gazetteers built once from the ontology data files and reused for every document.

    ``tagger`` is an ``nlp.EntityTagger`` (tags text) or a ``ConceptIndex`` (concept lookups only)."""

    units: UnitGazetteer
    tagger: ConceptIndex | None = None

    @classmethod
    def from_texts(cls, unit_tsvs: list[tuple[str, str]], industries_tsv: str | None, *,
                   tagging: bool = True) -> Resources:
        """``unit_tsvs`` are (text, source name) pairs, one per city file."""
        units = UnitGazetteer.merge(*(UnitGazetteer.from_tsv(text, name) for text, name in unit_tsvs))
        if industries_tsv is None:
            return cls(units)
        if not tagging:
            return cls(units, ConceptIndex.from_tsv(industries_tsv))
        from .nlp import EntityTagger

        return cls(units, EntityTagger.from_tsv(industries_tsv, [e.name for e in units.entries()]))


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
