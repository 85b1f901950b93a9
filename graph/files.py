"""Files → parsed documents for the store: each read and parsed, on worker processes when there are many
(``ingest.pipeline.parse_pool``), in order; a file that cannot be read or parsed is a ``Failure``, never lost."""

from __future__ import annotations

import functools
import gzip
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import InputError, PolicyKGError
from ingest.jurisdiction import printed_name
from ingest.model import Metadata, PolicyDocument
from ingest.serialize import decode_document, encode_document
from ingest.settings import MAX_BYTES

from .hooks import hook
from .resources import load_resources


@dataclass(frozen=True)
class Failure:
    source: str
    message: str


def read_file(path: Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a document")
    size = path.stat().st_size
    if size > MAX_BYTES:
        mb, limit = size // 1024 // 1024, MAX_BYTES // 1024 // 1024
        raise InputError(str(path), f"文件 {mb} MB,超过上限 {limit} MB;file is {mb} MB; the limit is {limit} MB")
    return path.read_bytes()


def document_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to ingest, and the files passed over: a folder stands for the documents under it (every
    subfolder, in name order) whose extension is one the readers know; its other files are passed over and
    named, never silently dropped. Hidden files and Office lock files (``~$…``) are neither. A file named on
    its own is always taken, so that a wrong type gets its own error."""
    from ingest.read import EXTENSIONS

    files: list[Path] = []
    skipped: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(p for p in path.rglob("*") if p.is_file()):
            if passed_over_silently(str(found.relative_to(path))):
                continue
            (files if found.suffix.lower() in EXTENSIONS else skipped).append(found)
    return files, skipped


def passed_over_silently(name: str) -> bool:
    """A hidden file or folder (.DS_Store, .git) or an Office lock file (~$报告.docx) in a folder of documents:
    neither a document nor worth a line of its own."""
    return any(part.startswith((".", "~$")) for part in Path(name).parts)


def parse_file(path: Path, *, strict: bool, jurisdiction: str | None, stored: Path | None = None):
    """``(document, (bytes, name))`` of one file, or the Failure that says why it could not be read."""
    try:
        data = read_file(path)
    except PolicyKGError as exc:
        return Failure(str(path), str(exc))
    return parse_source((data, str(path)), strict=strict, jurisdiction=jurisdiction, stored=stored)


def parse_source(source: tuple[bytes, str], *, strict: bool, jurisdiction: str | None, stored: Path | None = None):
    """``(document, (bytes, name))`` of one source (its bytes and name), or the Failure that says why it could
    not be read. ``stored``: the store's folder of documents, whose copy of a document stands for a source
    with the same text (``stored_copy``), so that it is not parsed again."""
    from ingest.pipeline import ingest_bytes

    data, name = source
    known = functools.partial(stored_copy, stored, jurisdiction) if stored is not None else None
    try:
        return ingest_bytes(data, name, load_resources(), strict=strict, jurisdiction=jurisdiction,
                            stored=known), (data, name)
    except PolicyKGError as exc:
        return Failure(name, str(exc))
    except Exception as exc:  # a parser fault on one file must not lose the batch
        return Failure(name, f"{name}: could not be read ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:200] if str(exc) else ''})")


def reread_source(item: tuple[bytes | None, str, str | None, str, str]):
    """``parse_source`` of a stored source (``Store._stored_source``: bytes, name, the place given at ingest, why
    there are no bytes, the id it was stored under), with that id after the outcome: the document it re-reads."""
    data, name, jurisdiction, problem, doc_id = item
    if data is None:
        return Failure(name, problem)
    outcome = parse_source((data, name), strict=False, jurisdiction=jurisdiction)
    return outcome if isinstance(outcome, Failure) else (*outcome, doc_id)


def stored_copy(documents: Path, jurisdiction: str | None, doc_id: str) -> PolicyDocument | None:
    """The stored copy of document ``doc_id`` in the folder ``documents``; None when there is none, when it
    cannot be read (the source is parsed anew), or when it was read in another place than ``jurisdiction``
    (the source is parsed in that place, and corrects it)."""
    path = documents / f"{doc_id}.json"
    try:
        doc = decode_document(path.read_bytes(), str(path))
    except (OSError, PolicyKGError):
        return None
    if jurisdiction and read_elsewhere(doc.metadata, jurisdiction, given=True):
        return None
    return doc


def read_elsewhere(stored: Metadata, place: str | None, *, given: bool) -> bool:
    """The one rule for a document stored already and read again in ``place`` (``given``: by the user, with
    --jurisdiction): the new reading replaces the stored one when it puts the document in another place, unless
    the stored place was the user's and this one is not (a place given at ingest stays when the file comes again
    without one)."""
    if stored.jurisdiction_source == "user" and not given:
        return False
    # 济南市历下区 given, stored as 历下区 under 济南市 (or as 济南市历下区, by its name under its city: 历下区 given)
    above = stored.jurisdiction_above
    printed = printed_name(stored.jurisdiction or "", above[0] if above else "")
    return place not in (stored.jurisdiction, printed, "".join((*reversed(above), printed)))


def _parse_file_in_worker(path: Path, parse):
    """What a worker process sends back: the document as stored bytes, which cost less to send and read back than
    the objects themselves, and its source already compressed for the store (``Store._save``)."""
    hook("parse-worker")
    outcome = parse(path)
    if isinstance(outcome, Failure):
        return outcome
    doc, (data, name), *more = outcome  # more: what the caller's parse adds (reread_source: the id re-read)
    stored = encode_document(doc)  # sent once: pickle shares the two references
    return stored, (data, name, stored, pack_source(data)), *more


def parsing(pool, workers: int, parse, paths: list[Path]) -> Iterator:
    """The outcomes of ``parse`` over ``paths`` in order: on the ``workers`` processes of ``pool`` when there is
    one (started now, read as they arrive), else in this process as they are read. A worker that dies costs no
    file: what the pool had not sent back is parsed here."""
    if pool is None:
        return map(parse, paths)
    chunk = max(1, min(8, len(paths) // (4 * workers)))  # few round trips, and no worker left alone at the end
    try:
        mapped = pool.map(functools.partial(_parse_file_in_worker, parse=parse), paths, chunksize=chunk)
    except BrokenProcessPool:
        return map(parse, paths)
    return _received(mapped, parse, paths)


def _received(mapped: Iterator, parse, paths: list[Path]) -> Iterator:
    done = 0
    try:
        for outcome in mapped:
            done += 1
            if isinstance(outcome, Failure):
                yield outcome
            else:
                encoded, source, *more = outcome
                yield decode_document(encoded, source[1]), source, *more
    except BrokenProcessPool:
        yield from map(parse, paths[done:])


def pack_source(data: bytes) -> bytes:
    """A source as the store keeps it."""
    return gzip.compress(data, compresslevel=6, mtime=0)
