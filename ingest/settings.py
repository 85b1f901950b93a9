"""Settings, declared once: name, default, environment variable and help (datasette's SETTINGS).

The CLI, the app and the store import these; an environment variable overrides a default for deployments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .limits import MAX_SOURCE_BYTES

# Parse workers chosen by CPU count stop here: each holds its own copy of what it touches (a few hundred MB).
AUTO_WORKERS_MAX = 8


@dataclass(frozen=True)
class Setting:
    name: str
    default: int | str
    env: str
    help: str

    @property
    def value(self) -> int | str:
        raw = os.environ.get(self.env, "")
        if not raw:
            return self.default
        if isinstance(self.default, int):
            try:
                return int(raw)
            except ValueError as exc:
                from .errors import PolicyKGError

                raise PolicyKGError(f"environment variable {self.env}={raw!r}: expected a whole number") from exc
        return raw


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "policykg-data", "POLICYKG_STORE", "default store directory"),
    Setting("max_bytes", MAX_SOURCE_BYTES, "POLICYKG_MAX_BYTES", "largest source file accepted, in bytes"),
    Setting("buffer_pool", 256 * 1024 * 1024, "POLICYKG_BUFFER_POOL", "LadybugDB buffer pool, in bytes"),
    Setting("console_memory", 1024 * 1024 * 1024, "POLICYKG_CONSOLE_MEMORY",
            "memory one LadybugDB console query may take beyond its buffer pool, in bytes (its process is stopped)"),
    Setting("console_buffer_pool", 256 * 1024 * 1024, "POLICYKG_CONSOLE_BUFFER_POOL",
            "buffer pool of each LadybugDB console process, apart from the pages' pool, in bytes"),
    Setting("neo4j_batch", 1000, "POLICYKG_NEO4J_BATCH", "rows per Neo4j write transaction"),
    Setting("export_batch", 10_000, "POLICYKG_EXPORT_BATCH",
            "rows a streamed export (nt, cypher, neo4j-csv, graphml, gexf) reads from the graph at once"),
    Setting("ingest_batch", 200, "POLICYKG_INGEST_BATCH", "documents parsed and written to the graph at once"),
    Setting("ingest_workers", 0, "POLICYKG_INGEST_WORKERS",
            f"processes that parse documents at once (0: one per CPU, at most {AUTO_WORKERS_MAX}; 1: none)"),
    Setting("graph_log", 2 * 1024 * 1024, "POLICYKG_GRAPH_LOG",
            "a small change stays in the graph's write-ahead log, read by every reader when it opens the graph, until "
            "the log passes this many bytes; then the change folds the log into the file (0: every change does)"),
    Setting("lock_wait", 600, "POLICYKG_LOCK_WAIT", "seconds an ingest waits for another writer to finish"),
    Setting("neo4j_uri", "", "POLICYKG_NEO4J_URI", "serve and answer from this Neo4j instead of the store"),
    Setting("neo4j_user", "neo4j", "POLICYKG_NEO4J_USER", "Neo4j user"),
    Setting("neo4j_password", "", "POLICYKG_NEO4J_PASSWORD", "Neo4j password"),
    Setting("neo4j_database", "", "POLICYKG_NEO4J_DATABASE", "Neo4j database (empty: the server's default)"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> int | str:
    return _BY_NAME[name].value


DEFAULT_STORE: str = _BY_NAME["store"].default  # type: ignore[assignment]
MAX_BYTES: int = _BY_NAME["max_bytes"].default  # type: ignore[assignment]
BUFFER_POOL: int = _BY_NAME["buffer_pool"].default  # type: ignore[assignment]
NEO4J_BATCH: int = _BY_NAME["neo4j_batch"].default  # type: ignore[assignment]
INGEST_BATCH: int = _BY_NAME["ingest_batch"].default  # type: ignore[assignment]


def settings_markdown() -> str:
    rows = [f"| `{s.name}` | `{s.env}` | {s.default!r} | {s.help} |" for s in SETTINGS]
    return "\n".join(["| setting | environment | default | meaning |", "|---|---|---|---|", *rows]) + "\n"
