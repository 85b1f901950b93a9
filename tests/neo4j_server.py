"""Throwaway real Neo4j server for tests (stdlib only, no pytest here).

The server is the fat jar built from ``tools/neo4j`` (Neo4j Community embedded behind
Bolt, auth off unless a password is given, random port on 127.0.0.1). It prints one line ``BOLT_URI=bolt://...``
when the default database is up, and shuts down when its stdin closes or on SIGTERM.

    reason = neo4j_unavailable_reason()      # None when a server can be had
    with Neo4jTestServer() as server:
        driver = neo4j.GraphDatabase.driver(server.uri)
        ...
        server.kill()                        # simulate the server dying midway
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL_DIR = ROOT / "tools/neo4j"
POM = TOOL_DIR / "pom.xml"
JAR = TOOL_DIR / "target/neo4j-test-server.jar"

BUILD_TIMEOUT = 900  # seconds; a cold build downloads ~130 MB from Maven Central
_URI_LINE = re.compile(r"^BOLT_URI=(bolt://\S+)\s*$")

_build_lock = threading.Lock()
_build_failure: str | None = None  # remembered so a broken build is not retried per test


def _sources_newer_than_jar() -> bool:
    if not JAR.exists():
        return True
    jar_mtime = JAR.stat().st_mtime
    sources = [POM, *(TOOL_DIR / "src").rglob("*")]
    return any(p.is_file() and p.stat().st_mtime > jar_mtime for p in sources)


def _java_problem() -> str | None:
    java = shutil.which("java")
    if java is None:
        return "no `java` on PATH (Java 17+ is needed for the Neo4j test server)"
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"`java -version` failed: {exc}"
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m:
        major = int(m.group(1))
        if major == 1 and m.group(2):  # "1.8.0_..." style
            major = int(m.group(2))
        if major < 17:
            return f"java {major} found, the Neo4j test server needs Java 17+"
    return None


def build_jar() -> str | None:
    """Build the server jar if it is missing or older than its sources.

    Returns None when the jar is ready, else a human-readable reason.
    """
    global _build_failure
    with _build_lock:
        if not _sources_newer_than_jar():
            return None
        if _build_failure is not None:
            return _build_failure
        mvn = shutil.which("mvn")
        if mvn is None:
            _build_failure = f"{JAR.name} is not built and there is no `mvn` on PATH"
            return _build_failure
        problem = _java_problem()
        if problem is not None:
            _build_failure = problem
            return problem
        cmd = [mvn, "-q", "-B", "-f", str(POM), "package", "-DskipTests"]
        try:
            proc = subprocess.run(
                cmd,
                cwd=TOOL_DIR,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            _build_failure = f"`{' '.join(cmd)}` timed out after {BUILD_TIMEOUT}s"
            return _build_failure
        except OSError as exc:
            _build_failure = f"could not run mvn: {exc}"
            return _build_failure
        if proc.returncode != 0 or not JAR.exists():
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            _build_failure = f"building the Neo4j test server failed (exit {proc.returncode}):\n{tail}"
            return _build_failure
        return None


def neo4j_unavailable_reason() -> str | None:
    """Why no Neo4j test server can be had here, or None if one can (builds it if needed)."""
    problem = _java_problem()
    if problem is not None:
        return problem
    return build_jar()


class Neo4jTestServer:
    """One Neo4j process on a random local port; use as a context manager or start()/stop()."""

    def __init__(self, heap: str = "512m", jar: Path | str = JAR, password: str | None = None) -> None:
        self.heap = heap
        self.password = password  # authentication on, user neo4j with this password (a deployment's server)
        self.jar = Path(jar)
        self.uri: str | None = None
        self.port: int | None = None
        self.proc: subprocess.Popen[str] | None = None
        self._workdir: Path | None = None
        self._stderr_file = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self, timeout: float = 120) -> str:
        """Launch the server and wait until it prints its Bolt URI; returns the URI."""
        if self.proc is not None:
            raise RuntimeError("Neo4jTestServer already started")
        if self.jar == JAR:
            reason = build_jar()
            if reason is not None:
                raise RuntimeError(reason)
        java = shutil.which("java")
        if java is None:
            raise RuntimeError("no `java` on PATH")

        # Private temp dir: the server's data dir and Netty's native libs land here, and
        # it is removed by stop()/kill() even when the JVM had no chance to clean up.
        self._workdir = Path(tempfile.mkdtemp(prefix="policykg-neo4j-run-"))
        self._stderr_file = open(self._workdir / "server.stderr.log", "wb")
        cmd = [
            java,
            f"-Xmx{self.heap}",
            "-Xms128m",
            "-XX:+UseSerialGC",
            f"-Djava.io.tmpdir={self._workdir}",
            "-jar",
            str(self.jar),
            *(["--auth", self.password] if self.password else []),
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr_file,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(
            target=_pump, args=(self.proc.stdout, lines), name="neo4j-stdout", daemon=True
        ).start()

        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                err = self._stderr_tail()
                self._terminate()
                raise RuntimeError(f"Neo4j test server did not report BOLT_URI within {timeout}s\n{err}")
            try:
                line = lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:  # stdout closed: the process died
                self.proc.wait(timeout=10)
                err = self._stderr_tail()
                code = self.proc.returncode
                self._terminate()
                raise RuntimeError(f"Neo4j test server exited early (code {code})\n{err}")
            m = _URI_LINE.match(line)
            if m:
                self.uri = m.group(1)
                self.port = int(self.uri.rsplit(":", 1)[1])
                return self.uri

    def stop(self, timeout: float = 30) -> None:
        """Clean shutdown: close stdin (server exits by itself), then SIGTERM, then SIGKILL."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
        self._cleanup()

    def kill(self) -> None:
        """SIGKILL the server right now (simulates it dying midway). `.uri` stays set."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        self._cleanup()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self) -> Neo4jTestServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------------

    def _terminate(self) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        self._cleanup()

    def _cleanup(self) -> None:
        proc = self.proc
        if proc is not None and proc.stdin is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _stderr_tail(self, limit: int = 4000) -> str:
        # Read through a separate handle: the child shares the offset of _stderr_file.
        if self._workdir is None:
            return ""
        try:
            with open(self._workdir / "server.stderr.log", "rb") as f:
                size = os.fstat(f.fileno()).st_size
                f.seek(max(0, size - limit))
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


def _pump(stream, lines: queue.Queue) -> None:
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):
        pass
    finally:
        lines.put(None)
        try:
            stream.close()
        except OSError:
            pass
