"""A LadybugDB console query out of process: a worker that opens the store read-only with a buffer pool of its
own and runs under a memory limit, and the parent's handle that kills it at the deadline.

LadybugDB's query timeout is not checked while an expression builds a value (``range(1, 300000000)``,
``collect``), and such values live outside the buffer pool, so a console query in the serving process could take
all of the machine's memory, and a variable-length pattern filled the buffer pool every page shares. Here a
query runs in a process of its own (``python -m graph.console_worker``, stdlib and ladybug only): its address
space is limited (``RLIMIT_AS``, set after the store is opened, to what it then uses plus ``console_memory``) so
an allocation past the limit fails inside the engine and the worker says so; its buffer pool is its own; and the
parent kills it once the deadline has passed, and starts another. The answer comes back as at most ``max_rows``
rows (plus one, to know that more exist) and at most ``ANSWER_BYTES``.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

ANSWER_BYTES = 64 * 1024 * 1024  # one console answer at most, pickled: max_rows rows of long texts fit
KILL_GRACE_S = 1.0  # the engine's own timeout answers first; the process is killed this long after the deadline
START_S = 30.0  # opening the store in a new worker

# What the worker answers besides rows: the kind of failure and the engine's first line.
TIMEOUT, MEMORY, POOL, ENGINE, READ_ONLY = "timeout", "memory", "pool", "engine", "read-only"


def _kind(message: str) -> str:
    text = message.strip()
    if text.startswith("Interrupted"):
        return TIMEOUT
    if "bad_alloc" in text or "Mmap for size" in text:
        return MEMORY
    if "buffer pool is full" in text.lower():
        return POOL
    if "read only" in text.lower() or "read-only" in text.lower():
        return READ_ONLY
    return ENGINE


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def identity(path: str | Path) -> tuple[int, int]:
    """Which graph a session at ``path`` reads: the file and its write-ahead log (a change may replace the log
    alone), by inode; 0 for no log."""
    log = Path(f"{path}.wal")
    return os.stat(path).st_ino, log.stat().st_ino if log.exists() else 0


def serve(path: str, buffer_pool: int, memory: int, inbox: Connection, outbox: Connection) -> None:
    """The worker's loop: open the store, say which file it opened, then answer queries until the parent goes."""
    import ladybug

    try:
        db = ladybug.Database(path, read_only=True, buffer_pool_size=buffer_pool, max_num_threads=1)
        opened = identity(path)
    except Exception as exc:  # noqa: BLE001 - said to the parent
        outbox.send(("error", ENGINE, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        return
    limit = _vm_size() + memory  # what the open store reserved (its buffer pool among it) plus the query's share
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker ended by its CPU backstop leaves no core file
    outbox.send(("ready", opened))
    while True:
        try:
            cypher, params, timeout_s, max_rows = inbox.recv()
        except (EOFError, OSError):
            return  # the parent closed the pipe or is gone
        _cpu_backstop(timeout_s)
        try:
            answer = _answer(ladybug, db, cypher, params, timeout_s, max_rows)
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            if len(data) > ANSWER_BYTES:
                data = pickle.dumps(("error", "answer", f"{len(data) // 2**20} MB"))
        except MemoryError:
            data = pickle.dumps(("error", MEMORY, "MemoryError"))
        try:
            outbox.send_bytes(data)
        except OSError:
            return  # the parent is gone (it died, or killed this query's wait)


def _cpu_backstop(timeout_s: float) -> None:
    """A worker whose parent died mid-query stops by itself: its CPU time may grow by the query's timeout and a
    margin (SIGXCPU ends it)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = spent + int(timeout_s) + 10
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _answer(ladybug, db, cypher: str, params: dict, timeout_s: float, max_rows: int):
    conn = ladybug.Connection(db, num_threads=1)  # closed after each query: it keeps prepared statements
    try:
        conn.set_query_timeout(max(1, int(timeout_s * 1000)))
        try:
            result = conn.execute(cypher, params)
            if isinstance(result, list):
                return ("error", "several", "")
            rows = []
            while len(rows) <= max_rows and result.has_next():
                rows.append(list(result.get_next()))
            columns = list(result.get_column_names())
            result.close()
        except RuntimeError as exc:
            message = str(exc)
            return ("error", _kind(message), message.splitlines()[0] if message else "")
        return ("ok", columns, rows[:max_rows], len(rows) > max_rows)
    finally:
        conn.close()


class Worker:
    """The parent's handle on one worker process."""

    def __init__(self, path: str, buffer_pool: int, memory: int) -> None:
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}  # each malloc arena reserves 64 MB of address space
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.console_worker", path, str(buffer_pool), str(memory),
             str(to_worker_r), str(from_worker_w)],
            pass_fds=(to_worker_r, from_worker_w), stdin=subprocess.DEVNULL, env=env)
        os.close(to_worker_r)
        os.close(from_worker_w)
        self._out = Connection(to_worker_w, readable=False)
        self._in = Connection(from_worker_r, writable=False)
        self.inode: tuple[int, int] | None = None  # identity() of what it opened

    def ready(self, wait_s: float = START_S) -> None:
        """Wait for the worker to open the store; StartError when it cannot."""
        if self.inode is not None:
            return
        if not self._in.poll(wait_s):
            self.kill()
            raise StartError(f"the console worker did not open the store within {wait_s:g} s")
        try:
            said = self._in.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise StartError("the console worker stopped while opening the store") from exc
        if said[0] != "ready":
            self.kill()
            raise StartError(said[2])
        self.inode = said[1]

    def run(self, cypher: str, params: dict, timeout_s: float, max_rows: int) -> tuple:
        """("ok", columns, rows, more) or ("error", kind, message); the kind ``killed-timeout`` or ``killed``
        when the process had to be stopped (it is dead then)."""
        deadline = time.monotonic() + timeout_s + KILL_GRACE_S
        try:
            self._out.send((cypher, params, timeout_s, max_rows))
            if not self._in.poll(max(0.0, deadline - time.monotonic())):
                self.kill()
                return ("error", "killed-" + TIMEOUT, "")
            return pickle.loads(self._in.recv_bytes(ANSWER_BYTES + 4096))
        except (EOFError, OSError, pickle.UnpicklingError):
            self.kill()  # it died (the memory limit outside the engine) or said too much
            return ("error", "killed", "")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for conn in (self._out, self._in):
            conn.close()

    def close(self) -> None:
        """Close the pipe (an idle worker returns) and make sure the process is gone."""
        try:
            self._out.close()
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


class StartError(Exception):
    pass


if __name__ == "__main__":
    _path, _pool, _memory, _inbox, _outbox = sys.argv[1:6]
    serve(_path, int(_pool), int(_memory), Connection(int(_inbox), writable=False),
          Connection(int(_outbox), readable=False))
