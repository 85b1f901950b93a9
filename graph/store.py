"""The store directory: parsed documents, the original bytes, a manifest, and the embedded graph.

Layout of ``--store PATH``::

    documents/<id>.json     the parsed PolicyDocument (ingest.serialize): the truth everything else follows
    sources/<id>.<ext>.gz   the bytes it was read from, compressed: never a loadable file
    manifest.json           id, title, 文号, source name, year, jurisdiction of every document
    graph.lbug              LadybugDB: each change applied to a copy that is swapped in (ladybug_store)
    graph.lbug.wal          its write-ahead log: small changes not yet folded into graph.lbug (ladybug_store)
    graph.schema            fingerprint of the schema and gazetteers graph.lbug was built with; another means rebuild
    .lock                   held by the one writer at a time (graph.lock)

A write (ingest, remove) holds the lock, writes or deletes the document files first, then changes the graph,
then the manifest. A writer killed anywhere leaves documents the graph does not match yet; opening the store
finds that (documents ↔ graph) and finishes the change, or says exactly what to run.

This is the only place that reads files for ingest; ``ingest`` itself stays pure. Nothing here imports spaCy
until a document is parsed: the query path opens the store without it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gzip
import itertools
import os
import re
import uuid
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from ingest.errors import InputError, PolicyKGError, QueryError, StoreError
from ingest.jurisdiction import city_named_says, city_unknown, city_unknown_says, given_place
from ingest.model import ParseIssue, PolicyDocument
from ingest.normalize import to_simplified
from ingest.serialize import decode_document, encode_document
from ingest.settings import MAX_BYTES, get
from ingest.unit_identity import placed_anew

from . import lock
from .build import PropertyGraph, add_document, build_graph, close_shared, named_by_one_city
from .files import (
    Failure,
    pack_source,
    parse_file,
    parse_source,
    parsing,
    read_elsewhere,
    read_file,
    reread_source,
)
from .ladybug_store import LadybugGraph, apply_change, leftovers, swap_in, wal, write_ladybug, writing_ready
from .resources import graph_stamp, load_gazetteers, load_resources, reading_fingerprint
from .versions import counterparts, described, duties, what_changed

_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
# The command-line advice notes end with; a page with its own controls for it says those instead
# (app_pages/upload.for_page). Notes, like errors, say their Chinese first, then the English: "中文;English".
STRANDED_ADVICE = ("'policykg progress stranded' 列出这些记录,'policykg progress move OLD NEW --by NAME' 把它们移至某一"
                   "分工;'policykg progress stranded' lists them; 'policykg progress move OLD NEW --by NAME' moves "
                   "them to a duty")
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


class ManifestEntry(msgspec.Struct, frozen=True):
    id: str
    title: str
    doc_number: str
    source_name: str
    year: int
    jurisdiction: str | None = None  # filled in when units are resolved per place
    read_by: str = ""  # resources.reading_fingerprint() of the reading; "" when not known
    added: str = ""  # when it was stored (UTC, ISO to the second); "" in a manifest written before this was kept


class _Manifest(msgspec.Struct):
    format: int
    documents: list[ManifestEntry]


class Gone(msgspec.Struct, frozen=True):
    """A document a user removed from the store: a folder ingested again next month brought back the notices
    withdrawn meanwhile, silently (review 李, defect 2). (A version a new one replaced is not kept here: the file
    given replaces the stored version, so last month's copy ingested by a slip is undone by ingesting this
    month's again, and ``_older_than`` says it.)"""

    id: str
    title: str
    doc_number: str
    source_name: str
    when: str  # UTC, ISO to the second

    def says(self, name: str) -> str:
        day = self.when[:10]
        return (f"{name}: 未加入:该文件已于 {day} 移除(id {self.id[:12]});如需重新加入,请单独指定该文件或使用 "
                f"ingest --again。not added: it was removed ('policykg remove') on {day} (id {self.id[:12]}); name "
                "the file on its own, or ingest the folder with --again, to add it back")


class _Gone(msgspec.Struct):
    format: int
    documents: list[Gone]


def manifest_entry(doc: PolicyDocument, read_by: str = "", added: str = "") -> ManifestEntry:
    """``read_by``: the reading's fingerprint, when the document has just been read; ``added``: when it was
    stored, kept from its earlier entry when it is read again."""
    m = doc.metadata
    return ManifestEntry(doc.id, m.title, m.doc_number, doc.source_name, m.year, m.jurisdiction or None, read_by,
                         added)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class KeptBeside:
    """A document stored beside another of its 文号 under another file name (a revised copy, 《…（修订稿）》):
    both are kept, because a 文号 read from a text is not proof of one notice (a 转发 notice quoting it, an
    excerpt, a misread number) and removing a document on a guess cannot be undone; someone who knows says which
    is current. ``newer`` is the one taken as newer: the later 发文日期, else the one stored last."""

    name: str  # the file just ingested
    new: ManifestEntry
    other: ManifestEntry
    newer: str  # the id of the newer of the two
    dated: tuple[str, str]  # "dated 2026-10-08" or "undated", of new and of other
    by_date: bool  # the newer is told by the documents' dates (else by the order they were stored)
    more: bool = False  # other stored documents print that 文号 too
    in_batch: bool = False  # both came in this one ingest
    # what removing the older does to its recorded progress (``Store.at_stake``'s rule): how many recorded duties
    # follow into the one kept, and those that would be on no stored duty, shown with their titles
    carried: int = 0
    stranded: tuple[str, ...] = ()
    shown: str = ""

    @property
    def older(self) -> ManifestEntry:
        return self.other if self.newer == self.new.id else self.new

    def progress_said(self) -> str:
        """What removing the older does to the progress recorded on its duties, as ``remove`` will do it."""
        if not self.stranded:
            return "the progress recorded on its duties follows them into the one kept"
        recorded = self.carried + len(self.stranded)
        return (f"of the {recorded} duties with recorded progress, {self.carried} follow into the one kept and "
                f"{len(self.stranded)} would be on no stored duty ({self.shown}): remove refuses that unless --force, "
                "then 'policykg progress move OLD NEW' gives those records to a stored duty")

    def says(self) -> str:
        """The line the command line prints."""
        number, newer = self.new.doc_number, self.new if self.newer == self.new.id else self.other
        which = (f"{_file_name(newer.source_name)} is the newer ({'by its date' if self.by_date else 'stored last'})"
                 f"; remove the older if the newer replaces it: policykg remove {self.older.id[:12]}")
        if self.in_batch:
            return (f"{self.name}: {number} is also read from {_file_name(self.other.source_name)} in this ingest "
                    f"(id {self.other.id[:12]}); both are kept. {which} ({self.progress_said()})")
        return (f"{self.name} ({self.dated[0]}): {number} is also stored from {_file_name(self.other.source_name)} "
                f"(id {self.other.id[:12]}, {self.dated[1]}{'; and others' if self.more else ''}); both are kept "
                f"({self.other.id[:12]} is the stored one). {which}; {self.progress_said()}")


def check_jurisdiction(place: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The place a user's --jurisdiction means (崂山 → 崂山区) and notes on it (a place the data does not list);
    a name that is no place is a one-line error."""
    if not place:
        return None, ()
    given = given_place(load_gazetteers().places, place)
    if given.error:
        raise InputError("--jurisdiction", given.error)
    return given.place, (given.note,) if given.note else ()


@dataclass(frozen=True)
class IngestResult:
    document: PolicyDocument
    added: bool  # False when the same content was already in the store
    replaced: tuple[str, ...] = ()  # ids of earlier versions of the same source, now removed


@dataclass(frozen=True)
class Stake:
    """Progress recorded on the duties of a document about to be removed (``Store.at_stake``)."""

    document: ManifestEntry
    recorded: tuple[str, ...]  # its duties with records
    successor: ManifestEntry | None  # the one other stored document with its 文号, which takes its progress
    carried: tuple[str, ...]  # the recorded duties the successor holds
    stranded: tuple[str, ...]  # the recorded duties no stored document would hold
    shown: str = ""  # the stranded duties, with their titles and clauses
    anew: tuple[tuple[str, str, str], ...] = ()  # stranded duties the successor assigns anew: (id, its duty, change)

    def says(self) -> str:
        name = f"{self.document.title or _file_name(self.document.source_name)} (id {self.document.id[:12]})"
        kept = (f"; {len(self.carried)} follow into {_file_name(self.successor.source_name)} "
                f"(id {self.successor.id[:12]})") if self.successor and self.carried else ""
        anew = "".join(f"; {_file_name(self.successor.source_name)} assigns {aid} anew as {target} ({change})"
                       for aid, target, change in self.anew) if self.successor else ""
        return (f"{name} has progress recorded on {len(self.recorded)} "
                f"{'duty' if len(self.recorded) == 1 else 'duties'}{kept}; {len(self.stranded)} would be on no "
                f"stored duty: {self.shown}{anew}")


class ProgressAtStake(PolicyKGError):
    """Removing would leave recorded progress on no stored duty; nothing was removed."""

    def __init__(self, stakes: list[Stake]) -> None:
        self.stakes = [s for s in stakes if s.stranded]
        # the advice fits the case: with its new version stored already, ingesting it again changes nothing
        reassigned = {aid for s in self.stakes for aid, _t, _c in s.anew}
        first = ("its new version is stored and assigns "
                 + ("those duties anew to other units" if reassigned >= {a for s in self.stakes for a in s.stranded}
                    else "them anew or holds no such duty")
                 + ": remove it with --force, then, where the new units carry on the same work, give the records to "
                 "the duties they became ('policykg progress stranded', 'policykg progress move OLD NEW')"
                 if reassigned and all(s.successor for s in self.stakes) else
                 "its new version is stored and holds no such duty: remove it with --force, then give the records "
                 "to the duties they became ('policykg progress stranded', 'policykg progress move OLD NEW')"
                 if all(s.successor for s in self.stakes) else
                 "ingest the document's new version first (a file of the same name and 文号 takes its progress), "
                 "or remove it with --force")
        super().__init__(" ".join(s.says() + "." for s in self.stakes) + f" Nothing was removed: {first}; the "
                         "records stay in the log ('policykg progress stranded')")


@dataclass(frozen=True)
class DocumentSummary:
    """What a batch ingest reports of one document, kept instead of the document: a parsed document holds its
    text several times over (most of a megabyte for a 20 KB notice), so keeping every one until the report was
    printed made memory grow with the number of files (8.7 GB for 10,000)."""

    id: str
    source_name: str
    title: str
    doc_number: str
    jurisdiction: str | None
    jurisdiction_source: str | None
    actions: int
    tasks: int
    assignments: int
    units: int
    issues: tuple[ParseIssue, ...]
    jurisdiction_above: tuple[str, ...] = ()  # a place the data does not list: the places printed above it

    @classmethod
    def of(cls, doc: PolicyDocument) -> DocumentSummary:
        m = doc.metadata
        units = {(u.place, u.name) for _, a in doc.assignments for u in (*a.lead, *a.responsible, *a.cooperating)}
        return cls(doc.id, doc.source_name, m.title, m.doc_number, m.jurisdiction, m.jurisdiction_source,
                   len(doc.actions), len(doc.tasks), len(doc.assignments), len(units), tuple(doc.issues),
                   m.jurisdiction_above)


@dataclass(frozen=True)
class Ingested:
    summary: DocumentSummary
    added: bool  # False when the same content was already in the store
    replaced: tuple[str, ...] = ()  # ids of earlier versions of the same source, now removed


@dataclass(frozen=True)
class Report:
    """What a batch did: the documents read (added or already there) and the files that could not be read."""

    results: list  # Ingested, or what the caller's ``result`` made of each document
    failures: list[Failure]
    notes: list[str] = dataclasses.field(default_factory=list)  # what the user should know of what was done
    beside: list[KeptBeside] = dataclasses.field(default_factory=list)  # also said in notes, for the command line


def _summarised(doc: PolicyDocument, added: bool, replaced: tuple[str, ...] = ()) -> Ingested:
    return Ingested(DocumentSummary.of(doc), added, replaced)


def _file_name(source_name: str) -> str:
    """A source's file name without its folder: the CLI keeps the path it was given, an upload only the name."""
    return source_name.replace("\\", "/").rsplit("/", 1)[-1]


def _twin_in_batch(seen: dict[tuple[str, str], ManifestEntry], entry: ManifestEntry) -> ManifestEntry | None:
    """Another document of the same ingest with the same file name and 文号 (two versions given at once);
    ``seen`` keeps the first of each for the rest of the batch."""
    if not entry.doc_number:
        return None
    first = seen.setdefault((_file_name(entry.source_name), entry.doc_number), entry)
    return first if first.id != entry.id else None


def _versions(entries: Iterable[ManifestEntry]) -> dict[tuple[str, str], list[ManifestEntry]]:
    """Stored documents by (file name, 文号): a file of that name printing that 文号 is a new version of them."""
    out: dict[tuple[str, str], list[ManifestEntry]] = {}
    for e in entries:
        if e.doc_number:
            out.setdefault((_file_name(e.source_name), e.doc_number), []).append(e)
    return out


def _following(olds: list[PolicyDocument], tracked: list[str],
               kept: PolicyDocument | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Of the duties ``tracked`` (with recorded progress) of the versions ``olds``, those whose records follow into
    ``kept`` when they are removed (their counterparts, graph.versions) and those that would be on no stored duty:
    the one rule of ``remove`` and of the note on a copy kept beside."""
    moved = counterparts(olds, kept).moved if kept is not None else {}
    return tuple(a for a in tracked if a in moved), tuple(a for a in tracked if a not in moved)


def _duties_shown(docs: list[PolicyDocument], ids: list[str]) -> str:
    """The duties ``ids`` of ``docs`` as ``id (19.2 title: clause…)``, the first three and … when there are more."""
    found = {d.id: d for doc in docs for d in described(doc, set(ids[:3]), "")}
    return "; ".join(f"{a} ({found[a].shown()})" if a in found else a for a in ids[:3]) + (" …" if len(ids) > 3
                                                                                           else "")


CHANGES_SAID = 12  # a revision's changes said in its note; the rest counted


def _changes_said(name: str, changes: list[str],
                  against: tuple[str, str] = ("所替换的版本", "the version it replaces")) -> list[str]:
    """The note saying what a new version changed (graph.versions.what_changed), the first ``CHANGES_SAID``;
    ``against``: the version compared with, in Chinese and in English."""
    if not changes:
        return []
    more = len(changes) - CHANGES_SAID
    return [f"{name}: 与{against[0]}相比的改动;changed from {against[1]}: "
            + "; ".join(changes[:CHANGES_SAID]) + (f"; 另有 {more} 处 and {more} more" if more > 0 else "")]


def _some(ids: list[str]) -> str:
    """The first three of ``ids`` for a message, and … when there are more."""
    return ", ".join(ids[:3]) + (" …" if len(ids) > 3 else "")


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size``, taken from it only as each list is wanted."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class Store:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._cache: dict[str, PolicyDocument] = {}

    @property
    def graph_path(self) -> Path:
        return self.root / "graph.lbug"

    def identity(self, make: bool = True) -> str | None:
        """This store's identity, made once (``store.id``): what ``load-neo4j`` stamps the documents it loads
        with, so a load from another store never deletes them by mistake. A copy of the store is the same store.
        ``make=False`` (a reader): None when no load has made one yet."""
        path = self.root / "store.id"
        if not path.exists() and not make:
            return None
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            made = self.root / f"store.id.{uuid.uuid4().hex}"
            made.write_text(uuid.uuid4().hex + "\n", encoding="ascii")
            try:
                os.link(made, path)  # never replaces one another process made meanwhile
            except FileExistsError:
                pass
            finally:
                made.unlink()
        return path.read_text(encoding="ascii").strip()

    def _docs_dir(self) -> Path:
        return self.root / "documents"

    def _doc_path(self, doc_id: str) -> Path:
        if not _ID.fullmatch(doc_id):  # never a path: no separators, no dots
            raise StoreError(f"{doc_id!r} is not a document id (as 'policykg query documents' lists them)")
        return self._docs_dir() / f"{doc_id}.json"

    # -- documents -----------------------------------------------------------------------------------
    def ids(self) -> set[str]:
        """Ids of the stored documents, from the file names alone (nothing is parsed)."""
        if not self._docs_dir().exists():
            return set()
        return {name[:-5] for name in os.listdir(self._docs_dir()) if name.endswith(".json")}

    def has(self, doc_id: str) -> bool:
        """Constant time: is this document stored?"""
        return self._doc_path(doc_id).exists()

    def documents(self) -> list[PolicyDocument]:
        """Every stored document; StoreError naming the first file that cannot be read (nothing is cached)."""
        docs = [self._load(doc_id) for doc_id in sorted(self.ids())]
        return sorted(docs, key=lambda d: (d.source_name, d.id))

    def _load(self, doc_id: str) -> PolicyDocument:
        doc = self._cache.get(doc_id)
        if doc is None:
            doc = self._cache[doc_id] = self._read(doc_id)
        return doc

    def _read(self, doc_id: str) -> PolicyDocument:
        """The stored document, read from its file (not cached); StoreError naming the file and what to run."""
        path = self._doc_path(doc_id)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read ({exc.strerror})") from exc
        try:
            doc = decode_document(data, str(path))
        except StoreError as exc:
            raise StoreError(f"{exc}; run 'policykg --store {self.root} remove {doc_id}' and ingest its "
                             "source again") from exc
        if doc.id != doc_id:
            raise StoreError(f"{path} holds document {doc.id}, not {doc_id}; run 'policykg --store "
                             f"{self.root} remove {doc_id}' and ingest its source again")
        return placed_anew(doc, load_gazetteers().places)  # 市中区 stored before it was 济南市市中区

    def each(self, doc_ids: Iterable[str]) -> Iterator[PolicyDocument]:
        """The documents ``doc_ids``, read one at a time and none kept (for a pass over many of them)."""
        return (self._read(doc_id) for doc_id in doc_ids)

    def _ids_in_order(self) -> list[str]:
        """Every stored id in ``documents()`` order (source name, id): from the manifest when it lists exactly the
        stored documents, else by reading each once (one at a time)."""
        listed, ids = self._listed(), self.ids()
        if listed.keys() == ids:
            return [e.id for e in sorted(listed.values(), key=lambda e: (e.source_name, e.id))]
        return [i for _, i in sorted((self._read(i).source_name, i) for i in ids)]

    def document(self, doc_id: str) -> PolicyDocument:
        """A document by id, unambiguous id prefix or 文号, as ``remove`` takes it (``export --document
        青政办字〔2026〕7号`` said there was no such document); only that file is read."""
        if re.fullmatch(r"[0-9a-f]{16}", doc_id) and self.has(doc_id):
            return self._load(doc_id)
        return self._load(self._resolve_id(doc_id))

    def manifest(self) -> list[ManifestEntry]:
        """One entry per document, sorted as ``documents()``; kept with the documents by every write."""
        path = self.root / "manifest.json"
        entries: list[ManifestEntry] | None = None
        if path.exists():
            try:
                entries = msgspec.json.decode(path.read_bytes(), type=_Manifest).documents
            except (msgspec.DecodeError, OSError):
                entries = None
        if entries is None or {e.id for e in entries} != self.ids():
            entries = [manifest_entry(d) for d in self.documents()]
        return sorted(entries, key=lambda e: (e.source_name, e.id))

    def _write_manifest(self, fresh: Mapping[str, ManifestEntry] | None = None) -> None:
        """The manifest of the stored documents (``fresh``: entries of documents just stored, which need not be
        read back); dropped (and remade on the next read) when a document cannot be read, so it never lists
        fewer documents than are stored."""
        try:
            entries = self._refreshed_manifest(fresh or {})
        except StoreError:
            (self.root / "manifest.json").unlink(missing_ok=True)
            return
        _atomic_write(self.root / "manifest.json", msgspec.json.encode(_Manifest(1, entries)))

    def _refreshed_manifest(self, fresh: Mapping[str, ManifestEntry]) -> list[ManifestEntry]:
        known = {**self._listed(), **fresh}
        return sorted((known.get(i) or manifest_entry(self._load(i)) for i in self.ids()),
                      key=lambda e: (e.source_name, e.id))

    def gone(self) -> dict[str, Gone]:
        """The documents removed from the store, by id (``Gone``)."""
        try:
            return {g.id: g for g in msgspec.json.decode((self.root / "gone.json").read_bytes(), type=_Gone).documents}
        except (msgspec.DecodeError, OSError):
            return {}

    def _write_gone(self, gone: Mapping[str, Gone]) -> None:
        _atomic_write(self.root / "gone.json", msgspec.json.encode(_Gone(1, sorted(gone.values(),
                                                                                   key=lambda g: g.id))))

    def _listed(self) -> dict[str, ManifestEntry]:
        """What the manifest file lists, by id; nothing when there is none or it cannot be read."""
        path = self.root / "manifest.json"
        try:
            return {e.id: e for e in msgspec.json.decode(path.read_bytes(), type=_Manifest).documents}
        except (msgspec.DecodeError, OSError):
            return {}

    # -- writes --------------------------------------------------------------------------------------
    def ingest_paths(self, paths: list[Path], *, strict: bool = False,
                     jurisdiction: str | None = None) -> list[IngestResult]:
        """All or nothing: the first file that cannot be read raises and nothing is stored."""
        return self.ingest_sources([(read_file(p), str(p)) for p in paths], strict=strict,
                                   jurisdiction=jurisdiction)

    def ingest_sources(self, sources: list[tuple[bytes, str]], *, strict: bool = False,
                       jurisdiction: str | None = None) -> list[IngestResult]:
        """Parse every source first (all or nothing), then store the new ones and change the graph once. A
        ``jurisdiction`` that corrects a stored document's replaces it (same id, units of the new place). The
        sources are given one by one, as the tests and the benchmarks give them: one removed before is added again."""
        from ingest.pipeline import ingest_many

        jurisdiction, _notes = check_jurisdiction(jurisdiction)  # (no report to carry a note: see ingest_batch)
        docs = ingest_many(sources, load_resources(), strict=strict, jurisdiction=jurisdiction)
        return self._store(list(zip(docs, sources, strict=True)), again=True)

    def ingest_batch(self, paths: Iterable[Path], *, strict: bool = False, batch: int | None = None,
                     progress=None, wait: float = 0.0, jurisdiction: str | None = None,
                     again: bool | Collection[str] = False) -> Report:
        """Every readable file goes in; one that cannot be read or parsed is reported, the rest are stored.
        Files are parsed and written in batches, so memory stays bounded however many there are. Many files are
        parsed on worker processes (``ingest.pipeline.parse_pool``); while one batch is written to the graph,
        the workers parse the next. A file whose text is stored is not parsed again (``files.stored_copy``). A
        document removed from the store (``gone``) is not added again, and said, unless ``again`` is True or
        names its path (a file named on its own, not found in a folder): a folder ingested month after month holds
        the notices withdrawn meanwhile."""
        from ingest.pipeline import worker_count

        paths = list(paths)
        jurisdiction, notes = check_jurisdiction(jurisdiction)
        parse = functools.partial(parse_file, strict=strict, jurisdiction=jurisdiction, stored=self._docs_dir())
        return self._in_batches(paths, parse, workers=worker_count(len(paths)), batch=batch, progress=progress,
                                wait=wait, given_notes=notes, again=again)

    def ingest_uploads(self, sources: Iterable[tuple[bytes, str]], *, batch: int | None = None, progress=None,
                       jurisdiction: str | None = None,
                       result: Callable[..., object] = _summarised) -> Report:
        """``ingest_batch`` for (bytes, name) sources that are not files (the app's uploads): each that cannot
        be parsed is a Failure and the rest are stored, in batches; ``result(doc, added, replaced)`` is what is
        kept of each (``sources`` may be a generator: nothing is held longer than its batch). They are parsed
        in this process: the app's server runs threads, and a process forked from a threaded one can inherit a
        lock that no thread will ever release. An upload is a file chosen: one removed before is added again, and
        said (``again``)."""
        jurisdiction, notes = check_jurisdiction(jurisdiction)
        parse = functools.partial(parse_source, strict=False, jurisdiction=jurisdiction, stored=self._docs_dir())
        return self._in_batches(sources, parse, workers=1, batch=batch, progress=progress, wait=0.0,
                                given_notes=notes, result=result, pause_collector=False, again=True)

    def _in_batches(self, items: Iterable, parse: Callable, *, workers: int, batch: int | None, progress,
                    wait: float, given_notes: tuple[str, ...] = (), result: Callable[..., object] = _summarised,
                    rereading: bool = False, pause_collector: bool = True,
                    again: bool | Collection[str] = False) -> Report:
        from ingest.pipeline import collector_paused, parse_pool

        size = int(batch or get("ingest_batch"))
        batches = _chunks(items, size)
        results: list = []
        failures: list[Failure] = []
        notes: list[str] = list(given_notes)  # what was said of the place given, then of each document
        beside: list[KeptBeside] = []
        load_resources()  # before the workers are forked, so that they share it
        # The collector is paused for a command's batch (see ingest_many), never in the app's server: it would be
        # off for every session of the process while an upload runs.
        paused = collector_paused() if pause_collector else contextlib.nullcontext()
        # The write lock covers writing, not parsing: a batch of new sources is parsed first, then the lock is taken
        # to store it (a page that takes a minute to read must not keep every other writer out). It is taken once
        # before parsing too, so that a busy store is said at once rather than after the parse. Reading stored
        # sources again (rereading) holds it throughout: what it re-reads must not be removed meanwhile.
        whole = lock.write_lock(self.root, wait) if rereading else contextlib.nullcontext()
        if not rereading:
            with lock.write_lock(self.root, wait):
                pass
        with whole, paused, parse_pool(workers) as pool:
            queued = [parsing(pool, workers, parse, first) for first in itertools.islice(batches, 1)]
            if pool is not None:  # the workers are started: what the graph is written with loads while they parse
                writing_ready()
            while queued:
                def parse_next() -> None:
                    queued.extend(parsing(pool, workers, parse, then) for then in itertools.islice(batches, 1))
                # workers parse the next batch while this one is written; in this process, it is taken after
                ahead = pool is not None
                arrivals = _arrivals(queued.pop(), failures, progress, parse_next if ahead else lambda: None)
                store = functools.partial(self._store, locked=True, result=result, rereading=rereading,
                                          failures=failures, notes=notes, beside=beside, again=again)
                if rereading:  # under the lock held throughout: each document is stored as it comes
                    results += store(arrivals)
                else:
                    drafts: dict[int, tuple[PolicyDocument, PropertyGraph]] = {}
                    parsed = list(_drafted(arrivals, drafts, self.has))
                    with lock.write_lock(self.root, wait):
                        results += store(parsed, drafts=drafts)
                    del parsed, drafts
                if not ahead:
                    parse_next()
        return Report(results, failures, notes, beside)

    def _store(self, parsed: Iterable[tuple[PolicyDocument, tuple[bytes, str]]], *, locked: bool = False,
               result: Callable[..., object] = IngestResult, rereading: bool = False,
               failures: list[Failure] | None = None, notes: list[str] | None = None,
               beside: list[KeptBeside] | None = None,
               drafts: Mapping[int, tuple[PolicyDocument, PropertyGraph]] | None = None,
               again: bool | Collection[str] = False) -> list:
        """Store the new documents of ``parsed`` and change the graph once; ``result(doc, added, replaced)``
        is what is kept of each. ``parsed`` may still be arriving from the workers: each document is saved and
        added to the graph's new part as it comes, so that only the write waits for the last one, and none is
        held longer than ``result`` holds it. A document already stored is replaced when it was read in another
        place, or (``rereading``: each item ends with the id it re-reads) when it reads differently now, unless
        that would strand recorded progress (a Failure in ``failures``). A new version of a file takes the progress
        recorded on its earlier version's duties (``_carry_progress``; what it says goes to ``notes``). ``drafts``:
        the graph of each document of ``parsed``, made as it arrived (``_drafted``), by ``id()`` of the document.
        A document removed before (``gone``) is said and left out unless ``again`` (True, or the names of the
        sources to add again)."""
        if not locked:
            with lock.write_lock(self.root):
                return self._store(parsed, locked=True, result=result, rereading=rereading, failures=failures,
                                   notes=notes, beside=beside, drafts=drafts, again=again)
        failures = [] if failures is None else failures
        notes = [] if notes is None else notes
        beside = [] if beside is None else beside
        listed = self._listed()
        if not (listed and listed.keys() == self.ids() and self._graph_is_usable()):
            # The manifest is rewritten only once the graph holds exactly the stored documents (after every
            # change, rebuild and heal), so its listing them stands for opening the graph to compare (a tenth of
            # a second on every ingest into a large store); a graph that cannot be changed is rebuilt (_change).
            self._heal_locked()
            listed = {e.id: e for e in self.manifest()}
        by_source = {e.source_name: e.id for e in listed.values()}
        by_version = _versions(listed.values())
        batch_versions: dict[tuple[str, str], ManifestEntry] = {}
        results, replaced = [], []
        added: dict[str, ManifestEntry] = {}  # id → its manifest entry, made while the document is at hand
        confirmed: dict[str, ManifestEntry] = {}  # read again (rereading) and the same: now read by this version
        read_by = reading_fingerprint()
        gone = self.gone() if not rereading else {}
        gone_before = dict(gone)
        part, gazetteers = PropertyGraph(), load_gazetteers()  # build_graph(added, closed=False), as they come
        for doc, (data, name, *ready), *more in parsed:  # ready: what a worker made for _save; more: the id re-read
            reread = more[0] if more else None
            corrected = self.has(doc.id) and (self._reads_differently(doc, ready) if rereading
                                              else self._place_corrected(doc))
            if doc.id in added or (self.has(doc.id) and not corrected):
                if rereading and doc.id not in added:
                    confirmed[doc.id] = manifest_entry(doc, read_by, getattr(listed.get(doc.id), "added", ""))
                results.append(result(doc, False))
                continue
            if doc.id in gone:
                if not (again is True or (again and name in again)):
                    notes.append(gone[doc.id].says(name))
                    continue
                was = gone.pop(doc.id)
                notes.append(f"{name}: 重新加入(曾于 {was.when[:10]} 移除);added again (it was removed on "
                             f"{was.when[:10]})")
            old = reread if reread and reread != doc.id else doc.id if corrected else (
                by_source.get(name) or self._earlier_version(doc, name, by_version, notes, beside))
            earlier = (old,) if old and self.has(old) and (old != doc.id or corrected) else ()
            stranded = self._stranded_progress(earlier, doc) if rereading else []
            if stranded:
                failures.append(Failure(name, (
                    f"{name}: 未重新解析:它有 {len(stranded)} 项分工记有进展,新的解析会移动或删去这些分工,保留原来的解析;"
                    f"not read again: progress is recorded on {len(stranded)} of its duties "
                    f"({_some(stranded)}) that the new reading moves "
                    "or drops; it keeps its earlier reading")))
                continue
            if earlier and not rereading and doc.id not in earlier:
                notes += self._older_than(earlier, doc, name) + self._carry_progress(earlier, doc, name)
            if corrected:  # the same id read anew: the old files go first, the graph is marked until changed
                self._mark_stale(doc.id)
                self._delete_files(doc.id)
            self._save(doc, data, name, *ready)
            # a document read again keeps the time it was first stored
            again = listed.get(old or "") if (rereading or corrected) else None
            added[doc.id] = manifest_entry(doc, read_by, getattr(again, "added", "") or _now())
            if (twin := _twin_in_batch(batch_versions, added[doc.id])) is not None:
                beside.append(self._beside(name, doc, added[doc.id], twin, in_batch=True))
                notes.append(beside[-1].says())
            drafted, draft = (drafts or {}).get(id(doc), (None, None))
            if drafted is doc:
                part.add_graph(draft)
            else:
                add_document(part, doc, gazetteers)
            replaced += earlier
            results.append(result(doc, True, earlier))
        for old in set(replaced) - added.keys():
            self._delete_files(old)
        if added or replaced:
            self._change(replaced, part, added)
            notes += [n for n in self._cities_unknown({e.jurisdiction for e in added.values()}) if n not in notes]
        if confirmed:
            self._write_manifest(confirmed)
        if gone != gone_before:
            self._write_gone(gone)
        self._cache.clear()  # what was read to check a place: on disk, and a long batch holds one batch at most
        return results

    def _cities_unknown(self, touched: set[str | None]) -> list[str]:
        """The store's districts and counties of unknown city (``city_unknown``) when it holds notices of listed
        cities, said when a document of either was just added: the exact place to give, each city the store holds
        (its 各县区 duties reach none of them), or that one city's notices give it duties by name and it is taken
        to be under that city (``build.named_by_one_city``). Which city is never guessed."""
        places = load_gazetteers().places
        held = {e.jurisdiction for e in self.manifest() if e.jurisdiction}
        cities = sorted(p for p in held if places.is_city(p))
        unknown = sorted(p for p in held if city_unknown(places, p))
        if not cities or not unknown or not touched & {*cities, *unknown}:
            return []
        session = self._open_session()
        if session is None:
            return []
        try:
            rows = session.query("MATCH (u:Unit) RETURN u.name, u.place")[1]
        finally:
            session.close()
        named = named_by_one_city([{"name": n, "place": p} for n, p in rows], unknown, places)
        return [city_named_says(p, named[p]) if p in named else city_unknown_says(p, cities) for p in unknown]

    def _older_than(self, earlier: tuple[str, ...], doc: PolicyDocument, name: str) -> list[str]:
        """A note when the version given is dated before the one it replaces (last month's file ingested after
        this month's): it is still taken as current, as the file given always is, but never silently."""
        new = doc.metadata.date
        out = []
        for old in earlier if new else ():
            with contextlib.suppress(StoreError):
                stored = self._load(old).metadata.date
                if stored and stored > new:
                    out.append(f"{name}: 发文日期 {new.isoformat()} 早于所替换的版本({stored.isoformat()},id {old[:12]}),"
                               "仍作为现行版本;若较晚的一份才是现行版本,请再加入它一次;"
                               f"dated {new.isoformat()}, before the version it replaces ({stored.isoformat()}, "
                               f"id {old[:12]}); it is taken as current. If the later one is current, ingest it "
                               "again")
        return out

    def _stranded_progress(self, earlier: tuple[str, ...], doc: PolicyDocument) -> list[str]:
        """Assignments of the documents ``earlier`` with recorded progress that ``doc`` (their new reading) would
        not hold as the same duty (same id, task title and clause): the log is keyed by assignment id, so
        replacing them would move the record onto another duty or leave it on none."""
        tracked = sorted({e.assignment for e in self._events_of(earlier)})
        if not tracked:
            return []
        before = {a: d for old in self._loaded(earlier) for a, d in duties(old).items()}
        after = duties(doc)
        return [a for a in tracked if before.get(a) != after.get(a)]

    def _events_of(self, doc_ids: Iterable[str]) -> list:
        """The progress events on the duties of the documents ``doc_ids``."""
        ids = set(doc_ids)
        return [e for e in self.progress().events() if e.assignment.split("/", 1)[0] in ids]

    def _loaded(self, doc_ids: Iterable[str]) -> list[PolicyDocument]:
        """The stored copies of ``doc_ids`` that can be read (a damaged one gives no duties to follow)."""
        out = []
        for doc_id in doc_ids:
            with contextlib.suppress(StoreError):
                out.append(self._load(doc_id))
        return out

    def _carry_progress(self, earlier: tuple[str, ...], doc: PolicyDocument, name: str, gone: str = "replaced",
                        into: tuple[str, str] = ("此版本", "this version")) -> list[str]:
        """Every duty of ``earlier`` (the versions ``doc`` replaces: a changed file, read under a new id) that has
        a counterpart in ``doc`` (graph.versions) becomes it: its recorded progress follows as new events with
        the same states, dates, names and times, and its old id is recorded as moved (a ledger issued before,
        an old link). What the others were is kept (``ProgressLog.record_duties``); their records stay under
        the earlier ids and are named, with their titles. ``into``: what ``doc`` is, in Chinese and in English."""
        into_zh, into = into
        olds = self._loaded(earlier)
        match = counterparts(olds, doc)
        events = self._events_of(earlier)
        tracked = sorted({e.assignment for e in events})
        log = self.progress()
        log.record([msgspec.structs.replace(e, assignment=match.moved[e.assignment]) for e in events
                    if e.assignment in match.moved], checked=False)
        log.record_moves(match.moved)
        unmatched = {a for old in olds for a in duties(old)} - match.moved.keys()
        log.record_duties([d for old in olds for d in described(old, unmatched, gone)])
        carried = sum(1 for a in tracked if a in match.moved)
        notes = _changes_said(name, what_changed(olds, doc, match)) if gone == "replaced" else []
        notes += [f"{name}: {carried} 项分工的进展记录随分工转入{into_zh};the progress recorded on {carried} of its "
                  f"duties follows them into {into}"] if carried else []
        renamed = {a for a, (was, now) in match.renamed.items() if was and now}  # an added unit is no rename
        for duty in (d for old in olds for d in described(old, renamed, gone)):
            was, now = ("、".join(u) for u in match.renamed[duty.id])
            follows = duty.id in tracked
            notes.append(f"{name}: {duty.label} {duty.title} 是同一项分工,承担单位已更名({was} → {now})"
                         + (",进展记录随之转入" if follows else "")
                         + f";{duty.label} {duty.title} is the same duty with its units renamed ({was} → {now})"
                         + ("; its recorded progress follows it" if follows else ""))
        for duty in (d for old in olds for d in described(old, set(match.grown) & set(tracked), gone)):
            notes.append(f"{name}: {duty.label} {duty.title} 是同一项分工,承担单位有增加或调整({match.grown[duty.id]}),"
                         f"牵头单位未变,进展记录随之转入;{duty.label} {duty.title} is the same duty with units added "
                         f"or moved beside its lead ({match.grown[duty.id]}); its recorded progress follows it")
        anew = {d.id: d for old in olds for d in described(old, set(match.reassigned) & set(tracked), gone)}
        for aid, duty in anew.items():
            target, change = match.reassigned[aid]
            notes.append(f"{name}: {duty.label} {duty.title} 改由其他单位承担,进展记录不转入,仍留在原分工上;若新的"
                         f"承担单位继续同一项工作,可把记录移过去;{duty.label} {duty.title} is assigned anew ({change}): its "
                         f"recorded progress is not carried; it stays on the earlier duty {aid}. If the new units carry "
                         "on the same work: "
                         f"policykg progress move {aid} {target} --by NAME")
        left = [a for a in tracked if a not in match.moved and a not in anew]
        if left:
            notes.append(f"{name}: {len(left)} 项有进展记录的分工不在{into_zh}中,记录以原编号留在日志中;"
                         f"{len(left)} {'duty' if len(left) == 1 else 'duties'} with recorded progress "
                         f"{'is' if len(left) == 1 else 'are'} not in {into} ({_some(left)}); their "
                         f"records stay in the log under those ids: {_duties_shown(olds, left)}. "
                         f"{STRANDED_ADVICE}")
        return notes

    def _earlier_version(self, doc: PolicyDocument, name: str, by_version: Mapping[tuple[str, str], list],
                         notes: list[str], beside: list[KeptBeside]) -> str | None:
        """The stored document ``doc`` is a new version of when it was ingested from another folder (the next
        month's copy, or an upload, which keeps only the file's name): the one with the same file name and the
        same 文号. A document sharing only the 文号 is kept beside it, and named, so that two readings of one
        notice are never counted silently."""
        number = doc.metadata.doc_number
        if not number:
            return None
        same = by_version.get((_file_name(name), number), [])
        if len(same) == 1 and same[0].id != doc.id:
            return same[0].id
        others = [e for key, entries in by_version.items() if key[1] == number for e in entries if e.id != doc.id]
        if others:
            beside.append(self._beside(name, doc, manifest_entry(doc, added=_now()), others[0],
                                       more=len(others) > 1))
            notes.append(beside[-1].says())
            with contextlib.suppress(StoreError):  # what the copy changes, as a new version's note says it
                olds, other = [self._load(others[0].id)], _file_name(others[0].source_name)
                notes += _changes_said(name, what_changed(olds, doc, counterparts(olds, doc)),
                                       (f"同文号的 {other} ", f"{other}, stored with the same 文号"))
        return None

    def _beside(self, name: str, doc: PolicyDocument, entry: ManifestEntry, other: ManifestEntry, *,
                more: bool = False, in_batch: bool = False) -> KeptBeside:
        """``doc`` (stored now as ``entry``) kept beside ``other`` of its 文号, and which of the two is newer."""
        try:
            stored = self._load(other.id).metadata.date
        except StoreError:
            stored = None
        new = doc.metadata.date
        by_date = bool(new and stored and new != stored)
        newer = (doc.id if new > stored else other.id) if by_date else doc.id  # else the one stored last
        dated = tuple(f"dated {d.isoformat()}" if d else "undated" for d in (new, stored))
        older = other.id if newer == doc.id else doc.id
        tracked = sorted({e.assignment for e in self._events_of([older])})
        carried, stranded, shown = (), (), ""
        if tracked:
            with contextlib.suppress(StoreError):
                olds, kept = ([self._load(other.id)], doc) if older == other.id else ([doc], self._load(other.id))
                # removing the older carries its progress only into the one other document of its 文号
                carried, stranded = _following(olds, tracked, None if more else kept)
                shown = _duties_shown(olds, list(stranded)) if stranded else ""
        return KeptBeside(name, entry, other, newer, dated, by_date, more, in_batch, len(carried), stranded, shown)

    def added_on(self, entry: ManifestEntry) -> str:
        """When ``entry``'s document was stored (UTC, ISO): as its manifest entry says, else (an entry written
        before that was kept) when its file was written."""
        if entry.added:
            return entry.added
        with contextlib.suppress(OSError, StoreError):
            when = datetime.fromtimestamp(self._doc_path(entry.id).stat().st_mtime, UTC)
            return when.replace(microsecond=0).isoformat()
        return ""

    def newest(self, entries: list[ManifestEntry]) -> str:
        """The id of the newest of several stored versions of one notice (``KeptBeside``'s rule): the latest
        发文日期, then the one stored last."""
        def key(entry: ManifestEntry) -> tuple:
            try:
                printed = self._load(entry.id).metadata.date
            except StoreError:
                printed = None
            return (printed.isoformat() if printed else "", self.added_on(entry), entry.id)

        return max(entries, key=key).id

    def read_earlier(self) -> list[ManifestEntry]:
        """The stored documents read by an earlier version of the parser or gazetteers (or not known to have
        been read by this one): what ``reread`` reads again by default."""
        current = reading_fingerprint()
        entries = self._listed().values() or self.manifest()  # the file as written (a tenth of a second at 10,000)
        return [e for e in entries if e.read_by != current]

    def _place_corrected(self, doc: PolicyDocument) -> bool:
        """The stored copy of ``doc`` is to be replaced by this reading: it was read in another place than the
        one now given (``files.read_elsewhere``), or it cannot be read."""
        try:
            stored = self._load(doc.id).metadata
        except StoreError:
            return True
        m = doc.metadata
        return read_elsewhere(stored, m.jurisdiction, given=m.jurisdiction_source == "user")

    def _reads_differently(self, doc: PolicyDocument, ready: list) -> bool:
        """The document as read now (``ready``: its stored bytes, when a worker made them) is not its stored copy."""
        try:
            return (ready[0] if ready else encode_document(doc)) != self._doc_path(doc.id).read_bytes()
        except OSError:
            return True

    def reread(self, doc_ids: list[str] | None = None, *, progress=None, wait: float = 0.0,
               batch: int | None = None) -> Report:
        """Read stored documents (``doc_ids``, ids or prefixes; when None, those ``read_earlier``) again from their
        stored sources with the parser as it is now: one whose reading changed replaces its stored copy and its part of the
        graph, the others stay as they are. A place given at ingest (``--jurisdiction``) is kept; a place read
        from the document is read again. A document whose source is not stored is a Failure."""
        from ingest.pipeline import worker_count

        stored = self.ids()
        if not stored:
            raise StoreError(f"no documents in {self.root}; run 'policykg --store {self.root} ingest FILE' first")
        ids = ([self._resolve_id(i, stored) for i in doc_ids] if doc_ids is not None
               else [e.id for e in self.read_earlier()])
        return self._in_batches((self._stored_source(i) for i in ids), reread_source, workers=worker_count(len(ids)),
                                batch=batch, progress=progress, wait=wait, rereading=True)

    def _stored_source(self, doc_id: str) -> tuple[bytes | None, str, str | None, str, str]:
        """What ``files.reread_source`` takes: (the source's bytes, or None and why, its name, the place given at
        ingest, the id). A stored document that cannot be read is re-read from its source under the manifest's
        name, so that reparse can repair it."""
        try:
            doc = self._read(doc_id)  # not cached: one at a time
            name = doc.source_name
            place = doc.metadata.jurisdiction if doc.metadata.jurisdiction_source == "user" else None
        except StoreError:
            entry = self._listed().get(doc_id)
            name, place = (entry.source_name if entry else doc_id), None
        packed = next(iter(sorted((self.root / "sources").glob(f"{doc_id}*.gz"))), None) \
            if (self.root / "sources").is_dir() else None
        if packed is None:
            return None, name, place, (f"{name}: its source is not in the store (stored before sources were kept); "
                                       f"remove document {doc_id} and ingest its file again"), doc_id
        try:
            return gzip.decompress(packed.read_bytes()), name, place, "", doc_id
        except (OSError, EOFError, zlib.error) as exc:
            return None, name, place, (f"{name}: its stored source {packed.name} is damaged ({exc}); remove "
                                       f"document {doc_id} and ingest its file again"), doc_id

    def remove(self, doc_ids: list[str], *, force: bool = False, notes: list[str] | None = None) -> list[str]:
        """Remove documents (ids or unambiguous prefixes): their tasks, assignments and the units only they
        named. Returns the full ids removed. Progress recorded on a removed document's duties follows them into
        the one other stored document with its 文号 (its other version, kept beside it: ``at_stake``); progress
        that would be left on no stored duty is refused (``ProgressAtStake``) unless ``force``, and then stays in
        the log (``progress stranded``). What was done to progress goes to ``notes``."""
        notes = [] if notes is None else notes
        with lock.write_lock(self.root):
            full = [self._resolve_id(doc_id) for doc_id in doc_ids]
            stakes = self.at_stake(full)
            if not force and any(s.stranded for s in stakes):
                raise ProgressAtStake(stakes)
            for stake in stakes:
                notes += self._keep_progress(stake)
            entries, gone = self._listed() or {e.id: e for e in self.manifest()}, self.gone()
            for doc_id in full:  # remembered, so that a folder ingested again does not bring it back unsaid
                if (entry := entries.get(doc_id)) is not None:
                    gone[doc_id] = Gone(doc_id, entry.title, entry.doc_number, entry.source_name, _now())
            self._write_gone(gone)
            for doc_id in full:  # files first: a damaged document can be removed, and a crash heals
                self._delete_files(doc_id)
            self._heal_locked()
            return full

    def at_stake(self, doc_ids: list[str]) -> list[Stake]:
        """What removing the documents ``doc_ids`` (full ids) does to recorded progress, per document with any."""
        removing, entries = set(doc_ids), self._listed() or {e.id: e for e in self.manifest()}
        out = []
        for doc_id in doc_ids:
            tracked = sorted({e.assignment for e in self._events_of([doc_id])})
            entry = entries.get(doc_id)
            if not tracked or entry is None:
                continue
            others = [e for e in entries.values() if entry.doc_number and e.doc_number == entry.doc_number
                      and e.id not in removing]
            successor = others[0] if len(others) == 1 else None
            carried, stranded = _following(self._loaded([doc_id]), tracked, None)
            anew: tuple[tuple[str, str, str], ...] = ()
            with contextlib.suppress(StoreError):
                if successor:
                    kept = self._load(successor.id)
                    carried, stranded = _following(self._loaded([doc_id]), tracked, kept)
                    reassigned = counterparts(self._loaded([doc_id]), kept).reassigned
                    anew = tuple((a, *reassigned[a]) for a in stranded if a in reassigned)
            out.append(Stake(entry, tuple(tracked), successor, carried, stranded,
                             _duties_shown(self._loaded([doc_id]), list(stranded)) if stranded else "", anew))
        return out

    def _keep_progress(self, stake: Stake) -> list[str]:
        """Carry a removed document's progress into its successor, and keep what its duties were."""
        doc_id, name = stake.document.id, _file_name(stake.document.source_name)
        if stake.successor is not None and stake.carried:
            with contextlib.suppress(StoreError):
                file, short = _file_name(stake.successor.source_name), stake.successor.id[:12]
                return self._carry_progress((doc_id,), self._load(stake.successor.id), name, "removed",
                                            (f"《{file}》(id {short})", f"{file} (id {short})"))
        self.progress().record_duties([d for old in self._loaded([doc_id])
                                       for d in described(old, set(duties(old)), "removed")])
        return [f"{name}: {len(stake.recorded)} 项分工的进展记录以原编号留在日志中;the progress recorded on "
                f"{len(stake.recorded)} of its duties stays in the log under their ids ({STRANDED_ADVICE})"]

    def _resolve_id(self, doc_id: str, ids: set[str] | None = None) -> str:
        """A full id from an id, an unambiguous prefix or a document's 文号 (``ids``: the stored ids, when the
        caller has them)."""
        ids = self.ids() if ids is None else ids
        if doc_id in ids:
            return doc_id
        matches = [i for i in ids if doc_id and i.startswith(doc_id)]
        if not matches and doc_id.strip():  # 粵府辦〔2024〕9號 as the notice prints it: the store keeps it Simplified
            numbers = {doc_id.strip(), to_simplified(doc_id.strip())}
            matches = sorted(e.id for e in self.manifest() if e.doc_number in numbers and e.id in ids)
        if len(matches) != 1:
            raise StoreError(f"no document {doc_id!r} in {self.root} ('policykg query documents' lists their ids "
                             "and 文号)" if not matches else
                             f"{doc_id!r} names {len(matches)} documents ({', '.join(m[:12] for m in matches[:5])}"
                             f"{' …' if len(matches) > 5 else ''}); give more of the id")
        return matches[0]

    def _save(self, doc: PolicyDocument, data: bytes, name: str, stored: bytes | None = None,
              packed: bytes | None = None) -> None:
        """The document (``stored``: its bytes, when a worker made them) and its source (``packed``: compressed)."""
        self._docs_dir().mkdir(parents=True, exist_ok=True)
        (self.root / "sources").mkdir(parents=True, exist_ok=True)
        _atomic_write(self.root / "sources" / _source_file(doc.id, name), packed or pack_source(data))
        _atomic_write(self._doc_path(doc.id), stored or encode_document(doc))

    def _delete_files(self, doc_id: str) -> None:
        self._doc_path(doc_id).unlink(missing_ok=True)
        self._cache.pop(doc_id, None)
        for source in (self.root / "sources").glob(f"{doc_id}.*") if (self.root / "sources").exists() else ():
            source.unlink(missing_ok=True)

    def _change(self, removed: list[str], part: PropertyGraph, added: Mapping[str, ManifestEntry | None]) -> None:
        """Remove the documents ``removed`` and add those of ``added`` (id → manifest entry, None when not at
        hand), whose graph is ``part`` (``build_graph(documents, closed=False)``)."""
        if not (self._graph_is_usable(marked_ok=True) and self._changed(removed, part)):
            if self.ids() == added.keys():  # nothing else is stored: the new part is the whole graph
                close_shared(part, load_gazetteers())
                self._rebuild_locked(part)
            else:
                self._rebuild_locked()
        self._stale_path().unlink(missing_ok=True)
        self._write_manifest({i: e for i, e in added.items() if e is not None})

    # -- graph ---------------------------------------------------------------------------------------
    def graph(self, document_id: str | None = None) -> PropertyGraph:
        """The property graph of every document (read one at a time, none kept) or of one."""
        docs = self.each(self._ids_in_order()) if document_id is None else [self.document(document_id)]
        return build_graph(docs, load_gazetteers())

    def rebuild(self) -> None:
        with lock.write_lock(self.root):
            self._rebuild_locked()
            self._write_manifest()

    def _changed(self, removed: list[str], part: PropertyGraph) -> bool:
        """Apply the change to (a copy of) the graph; False when the engine cannot open or change it (a damaged
        file), which leaves the graph as it was for the caller to rebuild."""
        try:
            apply_change(self.graph_path, removed, part, load_gazetteers())
        except RuntimeError:
            return False
        return True

    def _rebuild_locked(self, graph: PropertyGraph | None = None) -> None:
        """The whole graph from the documents (or ``graph``, when the caller has built it from all of them);
        refuses (naming the file) when one cannot be read, so a damaged file never costs the graph its
        document. The documents are read and written in batches into a file of its own, swapped in once whole:
        memory stays bounded by a batch (building it from every document at once took 1.6 GB at 1,000)."""
        self.root.mkdir(parents=True, exist_ok=True)
        if graph is not None:
            write_ladybug(graph, self.graph_path)
        else:
            private = self.root / "graph.rebuilding.lbug"
            gazetteers = load_gazetteers()
            for number, chunk in enumerate(_chunks(self._ids_in_order(), int(get("ingest_batch")))):
                part = build_graph(self.each(chunk), gazetteers, closed=False)
                if number == 0:  # the first batch is a whole graph; the others are changes, as ingest makes them
                    close_shared(part, gazetteers)
                    write_ladybug(part, private)
                else:
                    apply_change(private, [], part, gazetteers)
            if not private.exists():  # no documents: an empty graph
                write_ladybug(PropertyGraph(), private)
            swap_in(private, self.graph_path)
        _atomic_write(self._schema_path(), (graph_stamp() + "\n").encode("utf-8"))
        self._stale_path().unlink(missing_ok=True)

    def _graph_is_usable(self, *, marked_ok: bool = False) -> bool:
        """The graph can be opened and changed: present, of this schema, no leftover log, and not marked stale by
        a replacement that stopped before the graph was changed (``marked_ok``: the caller is that replacement)."""
        return (self.graph_path.is_file() and self._schema_is_current() and not leftovers(self.graph_path)
                and (marked_ok or not self._stale_path().exists()))

    def _stale_path(self) -> Path:
        return self.root / "graph.stale"

    def _mark_stale(self, doc_id: str) -> None:
        """Before a document is replaced under the same id: the graph holds its earlier reading until the change
        is made, and the ids alone would not show it, so the mark makes the next open rebuild if this stops."""
        with open(self._stale_path(), "a", encoding="utf-8") as marks:
            marks.write(doc_id + "\n")

    def open_graph(self) -> LadybugGraph:
        """A read-only session on a graph that matches the documents: a missing, stale, damaged or half-changed
        graph is brought in line first (unless a writer is at work, whose change will do it)."""
        ids = self.ids()
        if not ids and not self.graph_path.exists():
            raise StoreError(f"no documents in {self.root}; run 'policykg --store {self.root} ingest FILE' first")
        writing = lock.is_locked(self.root)  # a writer at work: its change will bring the graph in line
        if self._graph_is_usable(marked_ok=writing):
            session = self._open_session()
            if session is not None:
                if _graph_ids(session) == ids or writing:
                    return session  # consistent, or a writer at work whose change will make it so
                session.close()
        self.heal()
        session = self._open_session()
        if session is None:
            raise StoreError(f"the graph {self.graph_path} cannot be opened even after a rebuild; move it away "
                             f"and run 'policykg --store {self.root} rebuild'")
        return session

    def _open_session(self) -> LadybugGraph | None:
        """A session on a graph that opens and has the schema's tables; None for a damaged or truncated file
        (the caller rebuilds it from the documents)."""
        try:
            session = LadybugGraph(self.graph_path)
        except (RuntimeError, StoreError):
            return None
        if _graph_ids(session) is None:
            session.close()
            return None
        return session

    def heal(self) -> None:
        """Bring the graph and manifest in line with the documents (waits for a writer at work)."""
        with lock.write_lock(self.root, wait=float(get("lock_wait"))):
            self._heal_locked()

    def _heal_locked(self) -> None:
        if not self.ids() and not self.graph_path.exists():
            return
        if not self._graph_is_usable():
            self._rebuild_locked()
            self._write_manifest()
            return
        session = self._open_session()
        if session is None:
            self._rebuild_locked()
            self._write_manifest()
            return
        try:
            in_graph = _graph_ids(session)
        finally:
            session.close()
        ids = self.ids()
        if in_graph != ids:
            missing = sorted(ids - in_graph)
            part = build_graph((self._load(i) for i in missing), load_gazetteers(), closed=False)
            self._change(sorted(in_graph - ids), part, dict.fromkeys(missing))
        elif not (self.root / "manifest.json").exists():
            self._write_manifest()

    def _schema_path(self) -> Path:
        return self.root / "graph.schema"

    def _schema_is_current(self) -> bool:
        """The graph was built by this schema and these gazetteers (the units' aliases, memberships and the
        concepts' hierarchy in it come from them): else it is rebuilt once."""
        path = self._schema_path()
        return path.exists() and path.read_text(encoding="utf-8").strip() == graph_stamp()

    def progress(self):
        """The supervision event log (graph/progress.py): its own folder, which ingest and rebuilds never touch."""
        from .progress import ProgressLog

        return ProgressLog(self.root / "progress")

    def version(self) -> float:
        """Changes whenever the graph is replaced, its file or its log (a change may replace the log alone); the
        app uses it to reopen after an upload."""
        return max((p.stat().st_mtime_ns / 1e9 for p in (self.graph_path, wal(self.graph_path)) if p.exists()),
                   default=0.0)


def _graph_ids(session: LadybugGraph) -> set[str] | None:
    """The documents in the graph (its manifest); None when the graph cannot answer (an empty file)."""
    try:
        return {row[0] for row in session.query("MATCH (d:Document) RETURN d.id")[1]}
    except QueryError:
        return None


def _source_file(doc_id: str, name: str) -> str:
    """``<id><ext>.gz``: the extension only if it is a plain one, so no name ever leaves sources/."""
    suffix = Path(name.replace("\\", "/")).suffix.lower()
    return f"{doc_id}{suffix if _SUFFIX.fullmatch(suffix) else ''}.gz"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _drafted(arrivals: Iterable, drafts: dict[int, tuple[PolicyDocument, PropertyGraph]],
             stored: Callable[[str], bool]) -> Iterator:
    """``arrivals``, and the graph of each document (``add_document`` into a graph of its own) in ``drafts``, by
    ``id()`` of the document: made while the workers parse the rest of the batch, not after the last has come and
    the write lock is taken (``Store._store`` adds it to the batch's graph, ``PropertyGraph.add_graph``). None is
    made of a document ``stored`` already (it is rarely stored again; ``_store`` makes the graph of one that is)."""
    gazetteers = load_gazetteers()
    for item in arrivals:
        doc = item[0]
        if stored(doc.id):
            yield item
            continue
        draft = PropertyGraph()
        add_document(draft, doc, gazetteers)
        drafts[id(doc)] = (doc, draft)
        yield item


def _arrivals(outcomes: Iterable, failures: list[Failure], progress, then: Callable[[], None]) -> Iterator:
    """One batch's parsed documents as the workers send them, failures set aside, for ``Store._store`` to take
    one by one; ``then`` runs when the last has come (the workers start on the next batch while this one is
    written)."""
    for outcome in outcomes:
        if progress is not None:
            progress(1)
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            yield outcome
    then()




def __getattr__(name: str):
    if name == "content_id":  # kept for callers of the old module
        from ingest.pipeline import content_id

        return content_id
    raise AttributeError(name)


__all__ = ["Store", "IngestResult", "Ingested", "DocumentSummary", "Report", "Failure", "ManifestEntry",
           "load_resources", "load_gazetteers", "read_file", "MAX_BYTES"]

