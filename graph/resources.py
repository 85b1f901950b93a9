"""The gazetteers from the ontology data files, loaded once per process.

``load_gazetteers`` is plain data (unit gazetteer and concept index): the graph builder, exports and questions
use it, and it imports no spaCy. ``load_resources`` adds the spaCy tagger, for ingest only.
"""

from __future__ import annotations

from functools import lru_cache

import ontology
from ingest.resources import Resources


def _texts() -> tuple[list[tuple[str, str]], str | None]:
    units = [(p.read_text(encoding="utf-8"), str(p.name)) for p in ontology.units_tsv_paths()]
    industries = ontology.industries_tsv_path()
    return units, industries.read_text(encoding="utf-8") if industries.exists() else None


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Gazetteers and the spaCy tagger, built once per process (ingest)."""
    units, industries = _texts()
    return Resources.from_texts(units, industries)


@lru_cache(maxsize=1)
def load_gazetteers() -> Resources:
    """Gazetteers as plain data, no spaCy: what the graph and the questions look names up in."""
    units, industries = _texts()
    return Resources.from_texts(units, industries, tagging=False)
