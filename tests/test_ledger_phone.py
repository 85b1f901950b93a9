"""The HTML ledger a supervisor forwards to leaders, read on a phone (review45: 1,001 px wide at 390 px): each
row becomes a card of labelled lines, nothing runs past the screen's edge, and print keeps the table."""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from test_browser import CHROMIUM_ARGS, PHONE, _executable

from graph import exporters
from graph.status import StatusContext
from graph.store import Store


@pytest.fixture()
def ledger_file(sample_store, tmp_path):
    store = Store(shutil.copytree(sample_store.root, tmp_path / "s"))
    ctx = StatusContext(store.progress().current(), date(2024, 10, 1), date(2024, 10, 2))
    page = tmp_path / "ledger.html"
    page.write_bytes(exporters.export("ledger-html", store.graph(), status=ctx, unit="市工业和信息化局"))
    return page


def test_the_html_ledger_fits_a_phone_and_labels_each_line(ledger_file, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
        try:
            phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
            phone.goto(ledger_file.as_uri())
            out = Path(os.environ.get("POLICYKG_SHOTS_DIR") or tmp_path)
            phone.screenshot(path=str(out / "phone-ledger-html.png"))
            assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            assert not phone.locator("thead").is_visible()
            label = phone.evaluate("getComputedStyle(document.querySelector('tbody td.text'), '::before').content")
            assert "工作内容" in label
            desk = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            desk.goto(ledger_file.as_uri())
            assert desk.locator("thead").is_visible()  # a table on a desk and on paper
        finally:
            browser.close()
