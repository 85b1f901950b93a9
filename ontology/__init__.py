"""The policykg vocabulary and gazetteers as data files; this package only says where they are.

It imports nothing else of ours, so ``ingest`` (gazetteers) and ``graph`` (RDF terms) can both depend on it.
"""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).parent


def _data_path(relpath: str | Path) -> Path:
    path = (ONTOLOGY_DIR / relpath).resolve()
    if not path.is_relative_to(ONTOLOGY_DIR.resolve()):
        raise ValueError(f"{relpath}: not a data file under {ONTOLOGY_DIR}")
    return path


def read_data(relpath: str | Path) -> str:
    """A data file under ontology/ as text; UTF-8 because the gazetteers are Chinese."""
    return _data_path(relpath).read_text(encoding="utf-8")


def ontology_path() -> Path:
    return ONTOLOGY_DIR / "policykg.ttl"


def shapes_path() -> Path:
    return ONTOLOGY_DIR / "shapes.ttl"


def units_tsv_paths() -> list[Path]:
    """Every unit gazetteer, sorted so that loading order (and so alias precedence) is stable."""
    return sorted((ONTOLOGY_DIR / "units").glob("*.tsv"))


def industries_tsv_path() -> Path:
    return ONTOLOGY_DIR / "industries" / "industries.tsv"
