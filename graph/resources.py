"""The gazetteers from the ontology data files, loaded once per process.

``load_gazetteers`` is plain data (unit gazetteer and concept index): the graph builder, exports and questions
use it, and it imports no spaCy. ``load_resources`` adds the spaCy tagger, for ingest only.
"""

from __future__ import annotations

from functools import lru_cache

import ontology
from ingest.resources import Resources


def _texts() -> tuple:
    """Unit files, the industries file, the places and the equivalences, as ``Resources.from_texts`` takes them."""
    units = [(p.read_text(encoding="utf-8"), str(p.name)) for p in ontology.units_tsv_paths()]
    industries = ontology.industries_tsv_path()
    places, equivalences = ontology.places_tsv_path(), ontology.equivalences_tsv_path()
    return (units, industries.read_text(encoding="utf-8") if industries.exists() else None,
            (places.read_text(encoding="utf-8"), places.name),
            (equivalences.read_text(encoding="utf-8"), equivalences.name))


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Gazetteers and the spaCy tagger, built once per process (ingest)."""
    return Resources.from_texts(*_texts())


@lru_cache(maxsize=1)
def load_gazetteers() -> Resources:
    """Gazetteers as plain data, no spaCy: what the graph and the questions look names up in."""
    return Resources.from_texts(*_texts(), tagging=False)
