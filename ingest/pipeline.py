"""Source bytes → PolicyDocument, with the gazetteers passed in (ingest stays pure: no files read here)."""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from . import limits
from .errors import InputError, ParseError
from .model import PolicyDocument
from .parse import parse_text
from .read import read_source
from .resources import Resources, collector_paused
from .settings import AUTO_WORKERS_MAX, get

# Below this many documents the worker processes cost more to start than they save.
PARALLEL_FROM = 8


def content_id(text: str) -> str:
    """The document id: a hash of its text, so the same document in another encoding is the same document."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:16]


def ingest_bytes(data: bytes, name: str, resources: Resources, *, strict: bool = False,
                 jurisdiction: str | None = None,
                 stored: Callable[[str], PolicyDocument | None] | None = None) -> PolicyDocument:
    """One source read and parsed. ``stored(doc_id)`` is the copy a store already holds of the document with
    that id, or None: a source whose text is already stored is only read (for its id), not parsed again, and
    its stored copy stands for it under this source's name (re-ingesting a folder of which a few files are new
    parses only those)."""
    source = read_source(data, name)
    doc_id = content_id(source.text)
    doc = stored(doc_id) if stored is not None else None
    if doc is not None:
        if doc.source_name != name:
            doc = dataclasses.replace(doc, source_name=name)
    else:
        lines = source.text.count("\n") + 1
        if lines > limits.MAX_TEXT_LINES:
            raise InputError(name, f"its text has {lines:,} lines; the limit is {limits.MAX_TEXT_LINES:,} a document "
                                   "(is this one document?)")
        doc = parse_text(source.text, resources.resolver or resources.units, doc_id=doc_id,
                         source_name=name, media_type=source.media_type, encoding=source.encoding,
                         ignored=source.ignored, tagger=resources.tagger, jurisdiction=jurisdiction)
        if len(doc.tasks) > limits.MAX_TASKS:
            raise InputError(name, f"{len(doc.tasks):,} tasks were read; the limit is {limits.MAX_TASKS:,} a document "
                                   "(is this one notice? a list of headings without attributions reads as tasks)")
        if source.issues:  # found while reading (bytes that are not UTF-8), listed with the parser's
            doc = dataclasses.replace(doc, issues=tuple(sorted((*source.issues, *doc.issues),
                                                               key=lambda i: (i.line, i.column))))
    if strict and doc.issues:
        first = doc.issues[0].render(name)
        raise ParseError(f"{len(doc.issues)} parse warning(s) in strict mode; first: {first}")
    return doc


def ingest_many(
    sources: Iterable[tuple[bytes, str]], resources: Resources, *, strict: bool = False,
    jurisdiction: str | None = None,
) -> list[PolicyDocument]:
    """Every (bytes, name) source parsed, in order; the first that fails raises and nothing is returned.

    The cyclic garbage collector is paused for the batch. The model is acyclic (reference counting frees all of
    it, and parsing leaves no cycles behind: ``tests/test_ingest`` checks), so the collector finds nothing; left
    running, it rescans every document parsed so far each time the batch grows by a quarter, which took a fifth
    of a 300-document ingest (``bench/ingest.py``).
    """
    with collector_paused():
        return [ingest_bytes(data, name, resources, strict=strict, jurisdiction=jurisdiction) for data, name in sources]


def worker_count(documents: int) -> int:
    """How many processes parse ``documents`` documents at once: the ``ingest_workers`` setting (0: one per CPU
    this process may use, at most ``AUTO_WORKERS_MAX``), never more than the documents, and 1 for a small batch
    or where processes cannot be forked (forked workers share the parent's loaded gazetteers and tagger instead
    of loading their own)."""
    if documents < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    setting = int(get("ingest_workers"))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(setting or min(cpus, AUTO_WORKERS_MAX), documents))


@contextmanager
def parse_pool(workers: int) -> Iterator[Executor | None]:
    """``workers`` processes to parse on (``worker_count``), or None when that is one: this process does it.

    The workers are forked: call ``load_resources()`` first so they inherit it. A worker that dies makes the
    pool's results raise ``concurrent.futures.process.BrokenProcessPool`` instead of waiting for ever; leaving
    the block early (an error, Ctrl-C) cancels what the workers have not started."""
    if workers < 2:
        yield None
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["PARALLEL_FROM", "Resources", "collector_paused", "content_id", "ingest_bytes", "ingest_many", "parse_pool",
           "worker_count"]
