"""Test hooks: ``POLICYKG_TEST_HOLD=<point>`` makes a writer stop at that point, so a test can kill it there.

The writer creates ``<POLICYKG_TEST_HOLD_FILE>`` (when set) on arrival and then sleeps; nothing happens when the
variable is unset, which is always the case outside tests.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def hook(point: str) -> None:
    if os.environ.get("POLICYKG_TEST_HOLD") != point:
        return
    marker = os.environ.get("POLICYKG_TEST_HOLD_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(float(os.environ.get("POLICYKG_TEST_HOLD_SECONDS", "120")))
