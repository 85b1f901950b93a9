"""Districts of one name in different cities (市中区 of 济南市 and of 枣庄市; the places data lists them known by
their cities' names, 济南市市中区 and 枣庄市市中区, as it would read them were they unlisted) are two places and their units two units: 济南市市中区财政局 and 枣庄市市中区财政局, never one 市中区财政局 leading both
cities' duties. A unit of the city their notices name (市财政局) stays the city's."""

from __future__ import annotations

import pytest
from conftest import asked

JINAN = ("济南市市中区人民政府办公室关于印发2026年重点工作任务分工的通知\n市中政办发〔2026〕3号\n\n"
         "各街道办事处，区政府各部门：\n  1. 落实惠企政策。（牵头单位：区财政局；完成时限：2026年6月底前）\n")
ZAOZHUANG = ("枣庄市市中区人民政府办公室关于印发2026年重点工作任务分工的通知\n市中政办发〔2026〕8号\n\n"
             "各镇人民政府、街道办事处，区政府各部门：\n  1. 做好资金保障。（牵头单位：区财政局；完成时限：2026年9月底前）\n")
LIXIA = ("济南市泺源区人民政府办公室关于印发2026年楼宇经济工作要点的通知\n泺源政办发〔2026〕5号\n\n"
         "各街道办事处，区政府各部门：\n  1. 开展楼宇招商。（牵头单位：区商务局；完成时限：2026年10月底前）\n")
# printing neither issuer nor 文号: the place is given at ingest (--jurisdiction, or the Upload page)
BARE = "关于做好年度资金保障的通知\n\n  1. 保障重点项目资金。（牵头单位：区财政局；配合单位：市财政局；完成时限：2026年8月底前）\n"
TODAY = "2026-03-01"

UNITS = "MATCH (u:Unit) RETURN u.id, u.full_name, u.place ORDER BY u.id"


def _store(folder, *notices: tuple[str, str]):
    from graph.store import Store

    paths = []
    for name, text in notices:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    store = Store(folder / "s")
    store.ingest_paths(paths)
    return store


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """The two 市中区 notices and 泺源区's, as one provincial analyst's store."""
    return _store(tmp_path_factory.mktemp("districts"), ("jnszq.txt", JINAN), ("zzszq.txt", ZAOZHUANG),
                  ("lixia.txt", LIXIA))


def _query(store, cypher: str) -> list:
    session = store.open_graph()
    try:
        return session.query(cypher)[1]
    finally:
        session.close()


def _tasks(result) -> set[tuple[str, str]]:
    return {(a["document"]["doc_number"], a["task"]["title"]) for a in result.assignments}


def test_same_named_districts_are_two_places_and_their_units_two_units(two):
    assert _query(two, UNITS) == [
        ["unit:枣庄市市中区/区财政局", "枣庄市市中区财政局", "枣庄市市中区"],
        ["unit:济南市市中区/区财政局", "济南市市中区财政局", "济南市市中区"],
        ["unit:济南市泺源区/区商务局", "济南市泺源区商务局", "济南市泺源区"]]
    assert sorted(_query(two, "MATCH (d:Document) RETURN d.jurisdiction, d.places")) == [
        # 枣庄市 is under 山东省 as places.tsv lists Shandong's cities
        ["枣庄市市中区", ["枣庄市市中区", "枣庄市", "山东省"]], ["济南市市中区", ["济南市市中区", "济南市", "山东省"]],
        ["济南市泺源区", ["济南市泺源区", "济南市", "山东省"]]]
    offered = dict(asked(two, "区财政局牵头哪些任务", today=TODAY).spec.alternatives)
    assert set(offered) == {"济南市市中区财政局", "枣庄市市中区财政局"}, "each city's, never one 市中区财政局"


@pytest.mark.parametrize(("question", "tasks"), [
    ("济南市市中区有哪些任务", {("市中政办发〔2026〕3号", "落实惠企政策")}),
    ("枣庄市市中区有哪些任务", {("市中政办发〔2026〕8号", "做好资金保障")}),
    ("济南市市中区财政局牵头哪些任务", {("市中政办发〔2026〕3号", "落实惠企政策")}),
    ("泺源区有哪些任务", {("泺源政办发〔2026〕5号", "开展楼宇招商")}),  # one district of its name: as before
])
def test_ask_answers_each_districts_own_duties(two, question, tasks):
    result = asked(two, question, today=TODAY)
    assert result.understood, result.message
    assert _tasks(result) == tasks


def test_ask_about_a_name_two_districts_print_asks_which(two):
    result = asked(two, "市中区有哪些任务", today=TODAY)
    assert not result.understood and not result.assignments
    assert dict(result.spec.ambiguous) == {"市中区": ("枣庄市市中区", "济南市市中区")}
    assert dict(result.spec.alternatives) == {"枣庄市市中区": "枣庄市市中区有哪些任务",
                                              "济南市市中区": "济南市市中区有哪些任务"}


def test_ask_about_the_name_with_one_district_of_it_answers(tmp_path):
    store = _store(tmp_path, ("jnszq.txt", JINAN))
    result = asked(store, "市中区有哪些任务", today=TODAY)
    assert result.understood and _tasks(result) == {("市中政办发〔2026〕3号", "落实惠企政策")}
    assert _query(store, UNITS) == [["unit:济南市市中区/区财政局", "济南市市中区财政局", "济南市市中区"]]


def test_a_district_given_at_ingest_is_known_by_its_city_and_the_citys_unit_stays_the_citys(tmp_path):
    """--jurisdiction 济南市市中区 (or typed on the Upload page: the same ``ingest_sources``) on a notice printing
    neither issuer nor 文号: the district under its city, as an issuer printing it reads; 市财政局 is 济南市's."""
    from graph.store import Store

    store = Store(tmp_path / "s")
    store.ingest_sources([(BARE.encode(), "jn.txt")], jurisdiction="济南市市中区")
    store.ingest_sources([(BARE.encode() + b"\n", "zz.txt")], jurisdiction="枣庄市市中区")
    assert _query(store, UNITS) == [
        ["unit:枣庄市/市财政局", "枣庄市财政局", "枣庄市"], ["unit:枣庄市市中区/区财政局", "枣庄市市中区财政局", "枣庄市市中区"],
        ["unit:济南市/市财政局", "济南市财政局", "济南市"], ["unit:济南市市中区/区财政局", "济南市市中区财政局", "济南市市中区"]]
    jurisdictions = {(e.source_name, e.jurisdiction) for e in store.manifest()}
    assert jurisdictions == {("jn.txt", "济南市市中区"), ("zz.txt", "枣庄市市中区")}


def test_a_units_name_printed_with_its_district_is_that_districts(resources):
    """市中区财政局 printed in full in 济南市市中区's notice is its 区财政局 (never 济南市's 市中区财政局: 市中区 starts
    with 市); 市财政局 is 济南市's."""
    from ingest.pipeline import ingest_bytes

    text = JINAN.replace("牵头单位：区财政局", "牵头单位：市中区财政局、中共市中区委宣传部；配合单位：市财政局、市中区商务局")
    doc = ingest_bytes(text.encode(), "jn.txt", resources)
    units = {(u.place, u.name) for _t, a in doc.assignments for u in (*a.lead, *a.cooperating)}
    assert units == {("济南市市中区", "区财政局"), ("济南市市中区", "区委宣传部"), ("济南市", "市财政局"),
                     ("济南市市中区", "区商务局")}


def test_the_units_page_names_them_apart(two, tmp_path, monkeypatch):
    import shutil

    from test_app import start, table_column

    copy = tmp_path / "store"
    shutil.copytree(two.root, copy)
    at = start(copy, monkeypatch, "units", unit="济南市市中区财政局", ref=TODAY)
    options = at.selectbox(key="unit").options
    assert {"济南市市中区财政局", "枣庄市市中区财政局"} <= set(options) and "市中区财政局" not in options
    assert at.selectbox(key="unit").value == "济南市市中区财政局" and not at.warning
    assert table_column(at, 0, "pk-c-due") == ["2026年6月底前"], "济南's duty only, never 枣庄's"
    other = start(copy, monkeypatch, "units", unit="枣庄市市中区财政局", ref=TODAY)
    assert table_column(other, 0, "pk-c-due") == ["2026年9月底前"]
    for unit, due in (("济南市市中区财政局", "2026-06-30"), ("枣庄市市中区财政局", "2026-09-30")):  # Deadlines too
        deadlines = start(copy, monkeypatch, "deadlines", unit=unit, ref=TODAY)
        assert deadlines.selectbox(key="unit").value == unit
        assert table_column(deadlines, 0, "pk-c-date") == [due]


def test_exports_name_them_apart(two, tmp_path):
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path / "units.csv"
    result = CliRunner().invoke(app, ["--store", str(two.root), "export", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert {"济南市市中区财政局", "枣庄市市中区财政局"} <= {r.split(",")[0] for r in rows[1:]}


def test_a_store_written_before_keeps_no_merged_unit(tmp_path):
    """A store whose documents were read before (市中区 under 济南市, its units 市中区's) and whose graph holds one
    unit:市中区/区财政局 for both cities: its graph is built again on opening and names two units; the documents'
    reading is offered again (read_earlier, ``policykg reparse``)."""
    import dataclasses

    from graph.build import build_graph
    from graph.ladybug_store import write_ladybug
    from graph.schema import fingerprint
    from ingest.serialize import decode_document, encode_document

    store = _store(tmp_path, ("jnszq.txt", JINAN), ("zzszq.txt", ZAOZHUANG))
    old = []
    for path in sorted((store.root / "documents").iterdir()):  # as the earlier version stored them
        doc = decode_document(path.read_bytes(), str(path))
        m, printed = doc.metadata, "市中区"

        def bare(units, m=m, printed=printed):
            return tuple(dataclasses.replace(u, place=printed) if u.place == m.jurisdiction else u for u in units)

        tasks = tuple(dataclasses.replace(t, assignments=tuple(dataclasses.replace(
            a, lead=bare(a.lead), responsible=bare(a.responsible), cooperating=bare(a.cooperating))
            for a in t.assignments)) for t in doc.tasks)
        # 市中区 under its city, as that version read it (the data now lists 济南市市中区 and 枣庄市市中区)
        above = (m.jurisdiction.removesuffix(printed),)
        doc = dataclasses.replace(doc, metadata=dataclasses.replace(m, jurisdiction=printed, jurisdiction_above=above),
                                  tasks=tasks)
        path.write_bytes(encode_document(doc))
        old.append(doc)
    (store.root / "graph.lbug").unlink()
    write_ladybug(build_graph(old, None), store.root / "graph.lbug")  # the merged unit, as that version built it
    (store.root / "graph.schema").write_text(f"{fingerprint()} 0123456789abcdef\n", encoding="utf-8")
    assert [r[0] for r in _query(store, UNITS)] == ["unit:枣庄市市中区/区财政局", "unit:济南市市中区/区财政局"]
    assert {d.metadata.jurisdiction for d in store.documents()} == {"济南市市中区", "枣庄市市中区"}


def test_a_unit_written_with_a_name_two_districts_print_asks_which(two):
    result = asked(two, "市中区财政局牵头哪些任务", today=TODAY)
    assert not result.understood and dict(result.spec.ambiguous) == {
        "市中区财政局": ("枣庄市市中区财政局", "济南市市中区财政局")}
    assert dict(result.spec.alternatives) == {"枣庄市市中区财政局": "枣庄市市中区财政局牵头哪些任务",
                                              "济南市市中区财政局": "济南市市中区财政局牵头哪些任务"}


CITY = ("济南市人民政府办公厅关于印发2026年城市更新工作任务的通知\n济政办字〔2026〕1号\n\n各区县人民政府，市政府各部门：\n"
        "  1. 推进老旧小区改造。（牵头单位：市住房城乡建设局；责任单位：市中区；完成时限：2026年12月底前）\n")


@pytest.fixture(scope="module")
def with_city(tmp_path_factory):
    """济南市's own notice naming its 市中区 as a unit, and both 市中区's notices."""
    return _store(tmp_path_factory.mktemp("city"), ("jnszq.txt", JINAN), ("zzszq.txt", ZAOZHUANG),
                  ("jn.txt", CITY))


def test_a_district_its_city_names_as_a_unit_is_that_place(with_city, monkeypatch, tmp_path):
    """济南市's 市中区 (unit:济南市/市中区, full name 济南市市中区) is 济南市市中区: asked about, the place's duties are
    its own units' and what its city gives it; 枣庄市市中区's are not; the Units page counts it as Ask lists it."""
    import shutil

    from test_app import metric, start, table_column

    assert ["unit:济南市/市中区", "济南市市中区", "济南市"] in _query(with_city, UNITS)
    jinan = asked(with_city, "济南市市中区有哪些任务", today=TODAY)
    assert _tasks(jinan) == {("济政办字〔2026〕1号", "推进老旧小区改造"), ("市中政办发〔2026〕3号", "落实惠企政策")}
    assert _tasks(asked(with_city, "枣庄市市中区有哪些任务", today=TODAY)) == {("市中政办发〔2026〕8号", "做好资金保障")}
    copy = tmp_path / "store"
    shutil.copytree(with_city.root, copy)
    at = start(copy, monkeypatch, "units", unit="济南市市中区", ref=TODAY)
    assert metric(at, "含本地单位与集体单位") == "2"
    assert sorted(table_column(at, 1, "pk-c-due")) == ["2026年12月底前", "2026年6月底前"]


def test_a_link_naming_what_two_districts_print_offers_each(two, tmp_path, monkeypatch):
    import shutil
    from urllib.parse import quote

    from test_app import start

    copy = tmp_path / "store"
    shutil.copytree(two.root, copy)
    for page in ("units", "deadlines"):
        at = start(copy, monkeypatch, page, unit="市中区", ref=TODAY)
        [warning] = [w.value for w in at.warning]
        for place in ("济南市市中区", "枣庄市市中区"):
            assert f"(ask?q={quote(place + '有哪些任务')}" in warning
        assert not at.metric, "no unit's figures"


@pytest.mark.parametrize(("place", "above", "known"), [
    ("市中区", ("济南市",), "济南市市中区"), ("市中区", ("枣庄市",), "枣庄市市中区"),
    ("正元县", ("石家庄市", "河北省"), "石家庄市正元县"), ("城区", ("大同市",), "大同市城区"),
    ("济南市市中区", ("济南市",), "济南市市中区"),  # already under its city
    ("石家庄市", ("河北省",), "石家庄市"),  # under a province: its own name
    ("即墨区", (), "即墨区"), ("即墨区", ("青岛市",), "即墨区"),  # listed: the data names it
    ("竹岭县", (), "竹岭县"),  # printed under no place
])
def test_the_name_a_place_is_known_by(place, above, known):
    from graph.resources import load_gazetteers
    from ingest.jurisdiction import identified, printed_name

    places = load_gazetteers().places
    assert identified(places, place, above) == known
    if known != place:  # and the name its own notices print, back from the name it is known by
        assert printed_name(known, above[0]) == place
