"""The Exports and Units pages label what they show in Chinese and English as the rest of the app does: the
formats table's 用途 What column, the Units page's role column and export formats; and the month chart counts whole
assignments. Read through streamlit's AppTest on a real store of three notices."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from test_exports_bilingual import bilingual, store_of_three

from graph import exporters

# -- the pages ------------------------------------------------------------------------------------------------

def test_every_format_is_named_in_chinese_and_english():
    from app_pages.exports import FORMAT_LABEL
    from app_pages.units import EXPORTS

    assert set(FORMAT_LABEL) == set(exporters.EXPORTERS)
    assert all(bilingual(label) for label in FORMAT_LABEL.values()), FORMAT_LABEL
    assert set(EXPORTS) <= set(FORMAT_LABEL), "the Units page names its formats as the Exports page does"


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    return store_of_three(tmp_path_factory.mktemp("three"))


@pytest.fixture()
def store_copy(three, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(three.root, copy)
    return copy


def test_exports_page_says_what_each_format_is_for_in_both_languages(store_copy, monkeypatch):
    from test_app import start

    at = start(store_copy, monkeypatch, "exports")
    [table] = [h.proto.body for h in at.get("html") if "用途 What" in h.proto.body]
    whats = re.findall(r"</code></td><td[^>]*>(.*?)</td>", table)
    assert len(whats) == len(exporters.EXPORTERS) and all(bilingual(w) for w in whats), whats
    assert "Excel 工作簿 Excel workbook" in whats


def test_units_page_role_column_is_labelled_and_its_chart_counts_whole_assignments(store_copy, monkeypatch):
    """The role column showed 牵头/配合 unlabelled, and the month chart's axis ticks at 0.5 and 1.5 assignments."""
    from test_app import start, table_column

    at = start(store_copy, monkeypatch, "units", unit="市财政局")
    assert sorted(table_column(at, 0, "pk-c-role")) == ["牵头 Lead", "责任 Responsible", "配合 Cooperating",
                                                        "配合 Cooperating"]
    [chart] = [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]
    spec = json.loads(chart.proto.spec)
    axis = spec["encoding"]["y"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == "d"
    assert at.selectbox(key="export_unit_fmt").format_func("xlsx") == "Excel 工作簿 Excel workbook"
