"""Run every benchmark and rewrite docs/BENCHMARKS.md with the figures and the commands that produced them."""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import ask, ingest, load  # noqa: E402


def main() -> None:
    sections = []
    for module, args in ((ingest, (300,)), (load, (1000,)), (ask, (1000,))):
        result = module.run(*args)
        sections.append(module.markdown(result))
        print(module.markdown(result), flush=True)
    browser = ROOT / "docs" / "browser-timings.json"
    if browser.exists():
        t = json.loads(browser.read_text())
        sections.append("## Browser (measured by `tests/test_browser.py`, real Chromium)\n\n"
                        + "\n".join(f"- {k}: {v}" for k, v in t.items()) + "\n")
    head = ["# Benchmarks", "",
            f"Produced by `make bench` (`.venv/bin/python bench/run_all.py`) on "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
            f"{platform.python_implementation()} {platform.python_version()}, 2 cores. Each figure and its baseline "
            "come from the same run.", ""]
    (ROOT / "docs" / "BENCHMARKS.md").write_text("\n".join(head + sections), encoding="utf-8")


if __name__ == "__main__":
    main()
