"""The store directory: parsed documents kept as JSON, the original bytes, and the embedded graph.

Layout of ``--store PATH``::

    documents/<id>.json   the parsed PolicyDocument (ingest.serialize)
    sources/<id>.<ext>    the bytes it was read from
    graph.lbug            LadybugDB, rebuilt from the documents after every change
    graph.schema          fingerprint of the schema graph.lbug was built with; another one means rebuild

This is the only place that reads files for ingest; ``ingest`` itself stays pure.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ontology
from ingest.errors import InputError, StoreError
from ingest.jurisdiction import is_place_name
from ingest.model import PolicyDocument
from ingest.pipeline import Resources, content_id, ingest_many
from ingest.serialize import document_from_dict, to_dict

from .build import PropertyGraph, build_graph
from .ladybug_store import LadybugGraph, ddl, write_ladybug

MAX_BYTES = 20 * 1024 * 1024
FORMAT_VERSION = 1


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Gazetteers from the ontology data files, built once per process."""
    units = [(p.read_text(encoding="utf-8"), str(p.name)) for p in ontology.units_tsv_paths()]
    industries = ontology.industries_tsv_path()
    places, equivalences = ontology.places_tsv_path(), ontology.equivalences_tsv_path()
    return Resources.from_texts(units, industries.read_text(encoding="utf-8") if industries.exists() else None,
                                (places.read_text(encoding="utf-8"), places.name),
                                (equivalences.read_text(encoding="utf-8"), equivalences.name))


def check_jurisdiction(place: str, resources: Resources) -> None:
    """A place the data lists, or at least a name shaped like one (某某县), else a one-line error."""
    if place not in resources.places and not is_place_name(place):
        known = "、".join(resources.places.names())
        raise InputError("--jurisdiction", f"{place!r} is not a place (行政区划); known places: {known}")


@dataclass(frozen=True)
class IngestResult:
    document: PolicyDocument
    added: bool  # False when the same content was already in the store


def read_file(path: Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a document")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(str(path), f"file is {size // 1024 // 1024} MB; the limit is {MAX_BYTES // 1024 // 1024} MB")
    return path.read_bytes()


class Store:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._documents: dict[str, PolicyDocument] | None = None

    @property
    def graph_path(self) -> Path:
        return self.root / "graph.lbug"

    def _docs_dir(self) -> Path:
        return self.root / "documents"

    # -- documents -----------------------------------------------------------------------------------
    def documents(self) -> list[PolicyDocument]:
        if self._documents is None:
            self._documents = {}
            for path in sorted(self._docs_dir().glob("*.json")) if self._docs_dir().exists() else []:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") != FORMAT_VERSION:
                    raise StoreError(f"{path} was written by another policykg version; re-ingest the sources")
                doc = document_from_dict(data["document"])
                self._documents[doc.id] = doc
        return sorted(self._documents.values(), key=lambda d: (d.source_name, d.id))

    def document(self, doc_id: str) -> PolicyDocument:
        for doc in self.documents():
            if doc.id == doc_id or doc.id.startswith(doc_id):
                return doc
        raise StoreError(f"no document {doc_id!r} in {self.root}")

    def ingest_paths(self, paths: list[Path], *, strict: bool = False,
                     jurisdiction: str | None = None) -> list[IngestResult]:
        return self.ingest_sources([(read_file(p), str(p)) for p in paths], strict=strict,
                                   jurisdiction=jurisdiction)

    def ingest_sources(self, sources: list[tuple[bytes, str]], *, strict: bool = False,
                       jurisdiction: str | None = None) -> list[IngestResult]:
        """Parse every source first (all or nothing), then store the new ones and rebuild the graph once.
        A ``jurisdiction`` that corrects a stored document's replaces it (same id, units of the new place)."""
        resources = load_resources()
        if jurisdiction:
            check_jurisdiction(jurisdiction, resources)
        known = {d.id for d in self.documents() if not jurisdiction or d.metadata.jurisdiction == jurisdiction}
        docs = ingest_many(sources, resources, strict=strict, jurisdiction=jurisdiction)
        results = [IngestResult(doc, doc.id not in known) for doc in docs]
        for result, (data, name) in zip(results, sources, strict=True):
            if result.document.id not in known:
                self._save(result.document, data, name)
                known.add(result.document.id)
        if any(r.added for r in results) or not self.graph_path.exists():
            self.rebuild()
        return results

    def _save(self, doc: PolicyDocument, data: bytes, name: str) -> None:
        self._docs_dir().mkdir(parents=True, exist_ok=True)
        (self.root / "sources").mkdir(parents=True, exist_ok=True)
        (self.root / "sources" / f"{doc.id}{Path(name).suffix.lower()}").write_bytes(data)
        payload = {"format": FORMAT_VERSION, "document": to_dict(doc)}
        tmp = self._docs_dir() / f"{doc.id}.json.tmp"
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self._docs_dir() / f"{doc.id}.json")
        self.documents()
        self._documents[doc.id] = doc

    # -- graph ---------------------------------------------------------------------------------------
    def graph(self, document_id: str | None = None) -> PropertyGraph:
        docs = self.documents() if document_id is None else [self.document(document_id)]
        return build_graph(docs, load_resources())

    def rebuild(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_ladybug(self.graph(), self.graph_path)
        self._schema_path().write_text(_schema_fingerprint() + "\n", encoding="utf-8")

    def open_graph(self) -> LadybugGraph:
        if not self.graph_path.exists():
            raise StoreError(f"no documents in {self.root}; run 'policykg --store {self.root} ingest FILE' first")
        if not self._schema_is_current():  # built by an older policykg: the documents are the source of truth
            self.rebuild()
        return LadybugGraph(self.graph_path)

    def _schema_path(self) -> Path:
        return self.root / "graph.schema"

    def _schema_is_current(self) -> bool:
        path = self._schema_path()
        return path.exists() and path.read_text(encoding="utf-8").strip() == _schema_fingerprint()

    def version(self) -> float:
        """Changes whenever the graph is rebuilt; the app uses it to reopen after an upload."""
        return self.graph_path.stat().st_mtime if self.graph_path.exists() else 0.0


def _schema_fingerprint() -> str:
    return hashlib.sha256("\n".join(ddl()).encode("utf-8")).hexdigest()[:16]


__all__ = ["Store", "IngestResult", "load_resources", "read_file", "content_id"]
