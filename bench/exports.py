"""Every export format of a corpus, end to end through the CLI as a user runs it (``policykg export FMT -o FILE``,
process start included): wall time, CPU time and peak memory of the process, the file's size, or the message of
a format that refuses a corpus this big (a map over graph/maps.MAX_NODES, Turtle past its limit). nt, cypher,
neo4j-csv, graphml and gexf stream to the file (graph/readback.GraphPages) with no limit: their peak is a page of rows, the engine's
256 MB buffer pool and the process's imports, under 700 MB at 10,000 documents as at 1,000.

    .venv/bin/python -m bench.exports [N]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, corpus_store
from bench.store import POLICYKG, _env, precompile


def _export(store_root: Path, fmt: str, out: Path) -> dict:
    timer = shutil.which("time") or "/usr/bin/time"
    start = time.perf_counter()
    result = subprocess.run([timer, "-f", "%U %S %M", *POLICYKG, "--store", str(store_root), "export", fmt, "-o",
                             str(out)], cwd=ROOT, env=_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = result.stderr.strip().splitlines()
    user, system, peak_kb = lines[-1].split()
    row = {"format": fmt, "wall_s": round(seconds, 1), "cpu_s": round(float(user) + float(system), 1),
           "peak_mb": round(int(peak_kb) / 1024)}
    if result.returncode == 0:
        row["mb"] = round(out.stat().st_size / 1024 / 1024, 1)
    else:
        row["refused"] = next((line for line in lines if "policykg:" in line), lines[0] if lines else "")[:200]
    return row


def run(n: int = 1000, formats: list[str] | None = None) -> dict:
    from graph.exporters import EXPORTERS

    precompile()
    store = corpus_store(n)
    work = Path(tempfile.mkdtemp())
    try:
        rows = [_export(store.root, fmt, work / f"out{EXPORTERS[fmt].suffix}") for fmt in formats or EXPORTERS]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"n": n, "rows": rows}


def markdown(r: dict) -> str:
    return "\n".join([
        f"## Exports of a {r['n']:,}-document corpus, end to end through the CLI (`bench/exports.py`)", "",
        "| format | wall | CPU | peak memory | file |", "|---|---|---|---|---|",
        *(f"| {x['format']} | {x['wall_s']} s | {x['cpu_s']} s | {x['peak_mb']} MB | "
          + (f"{x['mb']} MB" if "mb" in x else f"refused: {x['refused']}") + " |" for x in r["rows"]),
        ""])


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, sys.argv[2:] or None)
    print(result)
    print(markdown(result))
