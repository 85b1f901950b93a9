"""The gazetteers from the ontology data files, loaded once per process.

``load_gazetteers`` is plain data (unit gazetteer and concept index): the graph builder, exports and questions
use it, and it imports no spaCy. ``load_resources`` adds the spaCy tagger, for ingest only.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import ingest
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


@lru_cache(maxsize=1)
def gazetteer_fingerprint() -> str:
    """The gazetteers' texts, hashed: a graph built with other ones holds other aliases and memberships."""
    return hashlib.sha256(repr(_texts()).encode("utf-8")).hexdigest()[:16]


def graph_stamp() -> str:
    """What a graph was built by: the schema's fingerprint, the gazetteers' (the units' aliases, memberships and
    the concepts' hierarchy in a graph come from them) and the rules naming its nodes (``build.RULES``). The
    embedded store keeps it in ``graph.schema``, Neo4j on every Document node; another one means the graph is
    built again."""
    from . import schema
    from .build import RULES

    return f"{schema.fingerprint()} {gazetteer_fingerprint()} {RULES}"


@lru_cache(maxsize=1)
def reading_fingerprint() -> str:
    """What a document's reading depends on: the ingest code and the gazetteers, hashed. A stored document whose
    manifest entry names another was read by an earlier version (``policykg reparse`` reads it again)."""
    digest = hashlib.sha256()
    for path in sorted(Path(ingest.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(gazetteer_fingerprint().encode())
    return digest.hexdigest()[:16]
