"""Every app page in a real browser on a store of N documents, as a user opens it: Chromium loads the page's
address, and the clock stops when the page's script run has finished with its heading drawn (no "running"
widget left). Each page is opened twice (a first visit, then again in a new tab, as a colleague would), on a
server started by ``policykg serve`` exactly as ``make run`` starts it.

The baseline in the same run is Streamlit itself: a bare one-line Streamlit page served by the same Streamlit on
the same machine, so the figure shows what the app adds to what any Streamlit page costs.

    .venv/bin/python -m bench.pages [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import corpus_store

GOAL_S = 3.0


def _pages(store_root: Path) -> list[tuple[str, str]]:
    """(name, address) of every page, with the parameters a drill-down link gives the ones that need them."""
    from graph.store import Store

    store = Store(store_root)
    doc = store.document(sorted(store.ids())[0])
    task = doc.tasks[0].label
    return [("ask (question in the address)", "ask?q=市财政局牵头哪些任务?"), ("ask", "ask"),
            ("units", "units?unit=市工业和信息化局"), ("task", f"task?doc={doc.id}&task={task}"),
            ("document", f"document?doc={doc.id}"), ("deadlines", "deadlines"),
            ("graph", "graph?unit=市工业和信息化局"), ("analyst", "analyst"), ("upload", "upload"),
            ("exports", "exports")]


def _timed_open(pg, url: str) -> float:
    from test_browser import idle

    start = time.perf_counter()
    pg.goto(url)
    pg.locator('[data-testid="stHeading"], [data-testid="stMarkdown"]').first.wait_for(timeout=120_000)
    idle(pg, timeout=120_000)
    elapsed = time.perf_counter() - start
    errors = pg.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
    if errors:
        raise RuntimeError(f"{url}: the page shows {errors} error(s)")
    return round(elapsed, 2)


def _bare_streamlit(port: int):
    """A one-line Streamlit page on ``port``: what any Streamlit app costs to open here."""
    folder = Path(tempfile.mkdtemp())
    (folder / "bare.py").write_text('import streamlit as st\nst.header("bare")\nst.write("nothing else")\n')
    command = [sys.executable, "-m", "streamlit", "run", str(folder / "bare.py"), "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"]
    return subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(n: int = 1000) -> dict:
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM_ARGS, VIEWPORT, _executable, _free_port, _wait_healthy, serving

    store = corpus_store(n)
    pages = _pages(store.root)
    results: dict[str, list[float]] = {}
    port = _free_port()
    bare = _bare_streamlit(port)
    try:
        with serving(store.root) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
            _wait_healthy(f"http://127.0.0.1:{port}", bare)
            for _visit in ("first", "again"):
                context = browser.new_context(viewport=VIEWPORT)
                pg = context.new_page()
                results.setdefault("bare Streamlit page", []).append(_timed_open(pg, f"http://127.0.0.1:{port}/"))
                for name, path in pages:
                    results.setdefault(name, []).append(_timed_open(pg, f"{server['url']}/{path}"))
                context.close()
            browser.close()
    finally:
        bare.terminate()
        bare.wait(timeout=20)
    load = os.getloadavg()[0]
    return {"n": n, "pages": results, "load": round(load, 2),
            "worst_s": max(max(v) for k, v in results.items() if k != "bare Streamlit page")}


def markdown(r: dict) -> str:
    rows = [f"| {name} | {times[0]} s | {times[1]} s | {'met' if max(times) <= GOAL_S else '**not met**'} |"
            for name, times in r["pages"].items()]
    return "\n".join([
        f"## Every page in Chromium on {r['n']} documents (`bench/pages.py`)", "",
        "From the address to the finished script run with the page drawn, on a server started by "
        "`policykg serve`; each page opened in a new tab, then again. Baseline: a bare one-line Streamlit "
        f"page served the same way. Machine load average {r['load']} at the end.", "",
        f"| page | first visit | again | ≤ {GOAL_S:g} s |", "|---|---|---|---|", *rows,
        f"\nSlowest page: {r['worst_s']} s.", ""])


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(result)
    print(markdown(result))
