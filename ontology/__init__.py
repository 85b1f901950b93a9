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


def places_tsv_path() -> Path:
    """The place hierarchy (行政区划) and the 文号 codes of each place."""
    return ONTOLOGY_DIR / "units" / "places.tsv"


def equivalences_tsv_path() -> Path:
    """Names of bodies that mean the same in any place (发改委 = 发展改革委)."""
    return ONTOLOGY_DIR / "units" / "equivalences.tsv"


def english_tsv_path() -> Path:
    """The standard English names of government bodies (Bureau of Finance → 财政局), for questions in English."""
    return ONTOLOGY_DIR / "units" / "english.tsv"


def units_tsv_paths() -> list[Path]:
    """Every place's unit gazetteer, sorted so that loading order (and so alias precedence) is stable."""
    shared = {places_tsv_path().name, equivalences_tsv_path().name, english_tsv_path().name}
    return sorted(p for p in (ONTOLOGY_DIR / "units").glob("*.tsv") if p.name not in shared)


def industries_tsv_path() -> Path:
    return ONTOLOGY_DIR / "industries" / "industries.tsv"
