"""--unit reads a unit's name as a question does: the short names documents print (县住建局, 市发改委), a place
before them (沂阳县住建局); a name several units fit is asked about by name, never called unknown."""

from __future__ import annotations

import re

import pytest
from test_cli import run

CITY = ("临沂市人民政府办公室关于印发重点工作任务分解方案的通知\n临政办字〔2026〕51号\n一、任务\n"
        "1. 做好专项债券项目储备。(牵头单位:市发改委;配合单位:市财政局;完成时限:2026年11月30日前)\n")
COUNTY = ("沂阳县人民政府办公室关于印发沂阳县2026年11月份重点工作任务清单的通知\n沂阳政办字〔2026〕30号\n一、任务\n"
          "1. 推进县城老旧小区改造。(牵头单位:县住建局;完成时限:2026年11月30日前)\n"
          "2. 储备专项债券项目。(牵头单位:县发改局;配合单位:县财政局;完成时限:2026年11月25日前)\n")
# a notice of no known place printing the county's short names too
UNPLACED = ("关于推进平台建设工作的通知\n一、任务\n"
            "1. 推进平台建设。(牵头单位:县发改局;责任单位:县财政局;完成时限:2026年11月30日前)\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unit-option")
    for name, text in (("ly.txt", CITY), ("yn.txt", COUNTY), ("unplaced.txt", UNPLACED)):
        (folder / name).write_text(text, encoding="utf-8")
    run("ingest", str(folder / "ly.txt"), str(folder / "unplaced.txt"), store=folder / "s")
    run("ingest", "--jurisdiction", "临沂市沂阳县", str(folder / "yn.txt"), store=folder / "s")
    return folder / "s"


@pytest.mark.parametrize(("written", "title", "not_in"), [
    ("县住建局", "推进县城老旧小区改造", "储备专项债券项目"),
    ("沂阳县住建局", "推进县城老旧小区改造", "储备专项债券项目"),
    ("市发改委", "做好专项债券项目储备", "推进县城老旧小区改造"),
    ("沂阳县发改局", "储备专项债券项目", "推进平台建设"),
])
def test_a_unit_named_as_the_documents_print_it_is_the_units_ledger(store, tmp_path, written, title, not_in):
    """policykg progress ledger --unit 县住建局 said "unknown unit '县住建局'; valid: …" though ask reads it."""
    out = tmp_path / "x.html"
    run("progress", "ledger", "--unit", written, "-o", str(out), store=store)
    html = out.read_text(encoding="utf-8")
    assert title in html and not_in not in html


def test_a_short_name_two_units_share_is_ambiguous_with_the_names_to_pass(store, tmp_path):
    """县发改局: 沂阳县's and that of the notice of no known place; it said "unknown"."""
    for args in (("export", "ics", "-o", str(tmp_path / "x.ics")), ("progress", "ledger", "-o", str(tmp_path / "x.html")),
                 ("progress", "log")):
        bad = run(*args, "--unit", "县发改局", store=store, check=False)
        assert bad.returncode == 1 and "unknown unit" not in bad.stderr, bad.stderr
        assert "'县发改局' is ambiguous, in several places: 临沂市沂阳县发展改革局、县发展改革局" in bad.stderr
        assert "--unit 临沂市沂阳县发展改革局" in bad.stderr
    unplaced = tmp_path / "u.ics"
    run("export", "ics", "-o", str(unplaced), "--unit", "县发展改革局", store=store)  # a name it offers is taken
    assert "推进平台建设" in unplaced.read_text(encoding="utf-8")


def test_a_name_that_reads_as_no_stored_unit_is_still_unknown_and_a_place_is_its_units_ledger(store, tmp_path):
    """A place's ledger is a page for each of its units, never another place's (a county's 督查室 supervises its
    own units: review45); it was refused as "a place, not one unit"."""
    out = tmp_path / "x.html"
    unknown = run("progress", "ledger", "--unit", "市不存在局", "-o", str(out), store=store, check=False)
    assert unknown.returncode == 1 and "unknown unit '市不存在局'" in unknown.stderr
    county = ["督办台账:临沂市沂阳县住房城乡建设局", "督办台账:临沂市沂阳县发展改革局", "督办台账:临沂市沂阳县财政局"]
    for place, pages in (("临沂市", ["督办台账:临沂市发展改革委", "督办台账:临沂市财政局"]),
                         ("临沂市沂阳县", county), ("沂阳县", county)):
        run("progress", "ledger", "--unit", place, "-o", str(out), store=store)
        assert re.findall(r"<h1>(.*?)</h1>", out.read_text(encoding="utf-8")) == pages, place
