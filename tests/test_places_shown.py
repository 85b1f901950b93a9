"""Units shown with their place: the issue's goal with a province, a city other than Qingdao, a Qingdao district
and the sample in one store. No unit carries duties of two places (Cypher, on both engines); the contract, the
CLI, the named queries, the exports and every app table name a unit by its full name (青岛市财政局) there, and by
its short name in a store of one place."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import neo4j_holding
from test_app import html_of, start, table_column
from test_cli import run

from graph.analysis import labels_of_units
from queries.contract import assignments, places_shown, shown
from queries.named import get, several_places_note

# The goal: a unit's duties come only from documents of its own place or of places under it, and each name
# two cities use is two units.
DUTIES_OUTSIDE_ITS_PLACE = """
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment), (d:Document)
WHERE d.id = a.document_id AND u.place <> '' AND NOT u.place IN d.places
RETURN u.id, d.jurisdiction
"""
CITIES_OF_A_NAME = """
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment), (d:Document)
WHERE d.id = a.document_id AND u.name IN ['市财政局', '市发展改革委', '市委组织部']
RETURN u.id, collect(DISTINCT d.jurisdiction) AS places ORDER BY u.id
"""
UNIT_QUERIES = ("unit_assignments", "tasks_led_by_unit", "unit_partners")


@pytest.fixture(scope="module")
def store(places_store):
    return places_store


@pytest.fixture(scope="module")
def session(store):
    session = store.open_graph()
    yield session
    session.close()


@pytest.fixture(scope="module")
def neo4j_places(neo4j_sample, store, sample_graph):
    """The four documents in the test Neo4j; the sample put back afterwards, as the session fixture made it."""
    with neo4j_holding(neo4j_sample.conn, store.graph(), sample_graph) as session:
        yield session


def doc_id(store, place: str) -> str:
    return next(e.id for e in store.manifest() if e.jurisdiction == place)


def _check_goal(session) -> None:
    assert session.query(DUTIES_OUTSIDE_ITS_PLACE)[1] == []
    rows = session.query(CITIES_OF_A_NAME)[1]
    assert [(uid, sorted(places)) for uid, places in rows] == [
        ("unit:广州市/市发展改革委", ["广州市"]), ("unit:广州市/市委组织部", ["广州市"]), ("unit:广州市/市财政局", ["广州市"]),
        ("unit:青岛市/市发展改革委", ["青岛市"]), ("unit:青岛市/市委组织部", ["青岛市"]), ("unit:青岛市/市财政局", ["青岛市"])]


# -- the goal, on both engines ----------------------------------------------------------------------------
def test_no_unit_carries_duties_of_two_places(session):
    _check_goal(session)


@pytest.mark.neo4j
def test_no_unit_carries_duties_of_two_places_in_neo4j(neo4j_places):
    _check_goal(neo4j_places)


# -- the rule and the contract ----------------------------------------------------------------------------
def test_one_rule_full_name_only_when_several_places():
    rows = [{"id": "a", "name": "市财政局", "place": "青岛市", "full_name": "青岛市财政局"},
            {"id": "b", "name": "合肥海关", "place": None, "full_name": "合肥海关"}]
    assert labels_of_units(rows) == {"a": "市财政局", "b": "合肥海关"}, "a national body is no second place"
    rows.append({"id": "c", "name": "市财政局", "place": "广州市", "full_name": "广州市财政局"})
    assert labels_of_units(rows) == {"a": "青岛市财政局", "b": "合肥海关", "c": "广州市财政局"}


def test_the_contract_names_each_units_place_and_keeps_the_old_lists(session):
    rows = assignments(session)
    assert places_shown(session) and len(rows) > 40
    for a in rows:
        assert [u["name"] for u in a["units"]] == a["lead"] + a["responsible"] + a["cooperating"]
        assert all(u["label"] == u["full_name"] for u in a["units"])
    guangzhou = next(a for a in rows if a["document"]["jurisdiction"] == "广州市" and a["task"]["label"] == "1")
    assert guangzhou["lead"] == ["市委组织部"] and shown(guangzhou, "lead") == ["广州市委组织部"]
    assert guangzhou["units"][0] == {"role": "lead", "name": "市委组织部", "place": "广州市",
                                     "full_name": "广州市委组织部", "label": "广州市委组织部"}
    jimo = [u for a in rows if a["document"]["jurisdiction"] == "即墨区" for u in a["units"]]
    assert {"即墨区财政局", "青岛市工业和信息化局"} <= {u["label"] for u in jimo}
    national = {u["label"] for a in rows for u in a["units"] if not u["place"]}
    assert "人民银行青岛市分行" in national and "合肥海关" in national


def test_a_page_of_the_contract_carries_the_same_units(session):
    whole = {a["id"]: a["units"] for a in assignments(session)}
    page = assignments(session, limit=12)
    assert len(page) == 12 and all(a["units"] == whole[a["id"]] for a in page)


def test_one_place_shows_short_names(ladybug_session):
    rows = assignments(ladybug_session)
    assert not places_shown(ladybug_session)
    assert all(shown(a, role) == a[role] for a in rows for role in ("lead", "responsible", "cooperating"))


# -- named queries: a full name or a short one, on both engines -------------------------------------------
def _named_rows(session, name: str, unit: str) -> list[list]:
    return session.query(get(name).text, {"unit": unit})[1]


def _check_named(session) -> None:
    both = _named_rows(session, "unit_assignments", "市财政局")
    places = [row[-1] for row in both]
    assert places == sorted(places) and set(places) == {"广州市", "青岛市"}, "grouped by place"
    qingdao = _named_rows(session, "unit_assignments", "青岛市财政局")
    assert qingdao == [row for row in both if row[-1] == "青岛市"] and len(qingdao) == 4
    assert _named_rows(session, "tasks_led_by_unit", "广州市委组织部") and all(
        row[-1] == "广州市" for row in _named_rows(session, "tasks_led_by_unit", "广州市委组织部"))
    partners = _named_rows(session, "unit_partners", "广州市财政局")
    assert partners and {row[2] for row in partners} == {"广州市"}
    assert {row[3] for row in partners} >= {"广州市委组织部", "广州市科技局"}
    assert _named_rows(session, "district_duties", "青岛市即墨区") == _named_rows(session, "district_duties", "即墨区")
    note = several_places_note(session, get("unit_assignments"), {"unit": "市财政局"})
    assert "广州市财政局、青岛市财政局" in note and "place" in note
    assert several_places_note(session, get("unit_assignments"), {"unit": "青岛市财政局"}) == ""
    assert several_places_note(session, get("unit_assignments"), {"unit": "区财政局"}) == ""


def test_named_queries_take_a_full_name_and_group_a_short_one_by_place(session):
    _check_named(session)


@pytest.mark.neo4j
def test_named_queries_take_a_full_name_in_neo4j_too(neo4j_places, session):
    _check_named(neo4j_places)
    for name in UNIT_QUERIES:
        for unit in ("市财政局", "青岛市财政局", "广州市委组织部"):
            assert _named_rows(neo4j_places, name, unit) == _named_rows(session, name, unit), (name, unit)


def test_ask_partners_of_a_unit_in_its_place(session):
    from queries.ask import answer

    result = answer(session, "广州市财政局和哪些单位合作最多?", today="2024-07-15")
    assert result.table_query == "unit_partners" and result.params == {"unit": "广州市财政局"}
    columns, rows = result.table
    assert {r[columns.index("partner")] for r in rows} >= {"广州市委组织部", "广州市科技局"}
    assert {r[columns.index("place")] for r in rows} == {"广州市"}


def test_a_name_in_one_place_only_gets_no_note(ladybug_session):
    assert several_places_note(ladybug_session, get("unit_assignments"), {"unit": "市财政局"}) == ""
    assert _named_rows(ladybug_session, "unit_assignments", "青岛市财政局") == _named_rows(
        ladybug_session, "unit_assignments", "市财政局")


# -- the command line -------------------------------------------------------------------------------------
def test_cli_ask_and_query_name_the_place(store):
    out = run("ask", "青岛市财政局牵头哪些任务?", "--today", "2024-07-15", store=store.root).stdout
    assert "保障措施.4" in out and "青岛市发展改革委、青岛市财政局" in out
    ranking = run("ask", "哪个单位牵头的任务最多?", store=store.root).stdout
    assert "\n青岛市工业和信息化局\t37" in ranking
    listed = run("assignments", store=store.root).stdout
    assert "1.1\t广州市委组织部\t广州市科技局、广州市财政局、广州市人力资源社会保障局\t2024年12月底前" in listed
    short = run("query", "unit_assignments", "--param", "unit=市财政局", store=store.root)
    assert "可能是:广州市财政局、青岛市财政局" in short.stderr and short.stdout.splitlines()[0].endswith("\tplace")
    full = run("query", "unit_assignments", "--param", "unit=广州市财政局", store=store.root)
    assert full.stderr == "" and {line.split("\t")[-1] for line in full.stdout.splitlines()[1:]} == {"广州市"}


def test_exports_name_the_place_and_a_short_name_of_two_places_is_asked_about(store, tmp_path):
    brief = tmp_path / "b.md"
    run("export", "md", "-o", str(brief), "--unit", "广州市财政局", store=store.root)
    text = brief.read_text(encoding="utf-8")
    assert text.startswith("# 任务清单:广州市财政局") and "广州市委组织部" in text and "青岛市" not in text.split("\n\n", 2)[2]
    cited = [line for line in text.splitlines() if line.startswith("来源:")]  # its own document, not the store's
    assert cited == ["来源:《关于印发广州市进一步加强人才引进工作若干措施的通知》(穗府办〔2024〕7号)"], cited
    bad = run("export", "md", "-o", str(brief), "--unit", "市财政局", store=store.root, check=False)
    assert bad.returncode == 1 and "in several places: 广州市财政局、青岛市财政局" in bad.stderr
    for fmt in ("ics", "ledger-html", "html", "svg", "xlsx"):
        out = tmp_path / f"all.{fmt}"
        run("export", fmt, "-o", str(out), store=store.root)
        body = _cells(out) if fmt == "xlsx" else out.read_text(encoding="utf-8")
        assert "青岛市财政局" in body and "广州市财政局" in body, fmt


def _cells(path) -> str:
    from openpyxl import load_workbook

    return " ".join(str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row if c.value)


def test_progress_log_of_a_unit_by_full_name(store, tmp_path):
    copy = tmp_path / "s"
    shutil.copytree(store.root, copy)
    guangzhou = next(a for a in assignments_of(copy) if a["document"]["jurisdiction"] == "广州市"
                     and "市财政局" in a["responsible"])
    run("progress", "set", guangzhou["id"], "--status", "推进中", "--by", "李四", store=copy)
    out = run("progress", "log", "--unit", "广州市财政局", "--json", store=copy).stdout
    assert [e["assignment"] for e in json.loads(out)] == [guangzhou["id"]]
    assert json.loads(run("progress", "log", "--unit", "青岛市财政局", "--json", store=copy).stdout) == []
    bad = run("progress", "log", "--unit", "市财政局", store=copy, check=False)
    assert bad.returncode == 1 and "in several places: 广州市财政局、青岛市财政局" in bad.stderr


def assignments_of(root) -> list[dict]:
    return json.loads(run("assignments", "--json", store=root).stdout)


# -- the app ----------------------------------------------------------------------------------------------
@pytest.fixture()
def app_store(store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store.root, copy)
    return copy


def _names(cells: list[str]) -> set[str]:
    return {n for cell in cells for n in re.split(r"、|等$", cell) if n and n != "—"}


def test_app_tables_name_the_place(app_store, store, monkeypatch):
    at = start(app_store, monkeypatch, "ask", q="青岛市财政局牵头哪些任务?", ref="2024-07-15")
    assert "青岛市财政局" in _names(table_column(at, css="pk-c-lead"))
    assert "市财政局" not in _names(table_column(at, css="pk-c-lead"))
    at = start(app_store, monkeypatch, "units", unit="广州市财政局", ref="2024-07-15")
    assert _names(table_column(at, css="pk-c-lead")) == {"广州市委组织部", "广州市发展改革委"}
    assert "广州市委组织部" in html_of(at) and 'unit=%E5%B9%BF%E5%B7%9E%E5%B8%82' in html_of(at), "links by full name"
    at = start(app_store, monkeypatch, "deadlines", unit="广州市财政局", ref="2024-07-15")
    assert _names(table_column(at, css="pk-c-resp")) >= {"广州市财政局", "广州市科技局"}
    guangzhou = doc_id(store, "广州市")
    at = start(app_store, monkeypatch, "task", doc=guangzhou, task="1", ref="2024-07-15")
    assert ">广州市委组织部</a>" in html_of(at) and ">市委组织部</a>" not in html_of(at), "the source keeps its words"
    at = start(app_store, monkeypatch, "document", doc=guangzhou, task="1")
    assert ">广州市科技局</a>" in html_of(at) and ">市科技局</a>" not in html_of(at)


def test_graph_page_names_the_place(app_store, store, monkeypatch):
    at = start(app_store, monkeypatch, "graph", kind="task", doc=doc_id(store, "即墨区"), task="1")
    svg = html_of(at)
    assert "即墨区财政局" in svg and ">区财政局<" not in svg
    at = start(app_store, monkeypatch, "graph", kind="unit", unit="广州市财政局", depth="2")
    svg = html_of(at)
    assert "广州市委组织部" in svg and ">市委组织部<" not in svg


def test_units_finds_a_short_name_of_two_places_and_asks_which(app_store, monkeypatch):
    at = start(app_store, monkeypatch, "units")
    at.text_input(key="unit_alias").set_value("市财政局").run()
    assert _linked(at.warning[0].value) == ["广州市财政局", "青岛市财政局"], "asked which, each a link"
    at.text_input(key="unit_alias").set_value("广州市财政局").run()
    assert at.selectbox(key="unit").value == "广州市财政局"


def test_a_link_to_a_unit_by_a_short_name_or_alias_is_read_not_dropped(app_store, monkeypatch):
    """/units?unit=市财政局 (a bookmark made while the store held one place, or the README's form) showed the first
    unit of the list once several places held the name; it now asks which, as the alias box does, and an alias
    the store's units resolve picks its unit."""
    at = start(app_store, monkeypatch, "units", unit="市财政局")
    assert _linked(at.warning[0].value) == ["广州市财政局", "青岛市财政局"] and not at.error
    at = start(app_store, monkeypatch, "units", unit="市工信局")  # an alias both cities' bureaux answer to
    assert _linked(at.warning[0].value) == ["广州市工业和信息化局", "青岛市工业和信息化局"]
    at = start(app_store, monkeypatch, "units", unit="民营经济发展局")  # an alias of a unit only 青岛 has
    assert at.selectbox(key="unit").value == "青岛市民营经济局" and "→ 青岛市民营经济局" in at.info[0].value
    at = start(app_store, monkeypatch, "units", unit="广州市财政局")
    assert at.selectbox(key="unit").value == "广州市财政局" and not at.warning


def test_a_store_of_one_place_shows_short_names(sample_store, tmp_path, monkeypatch):
    copy = tmp_path / "store"
    shutil.copytree(sample_store.root, copy)
    at = start(copy, monkeypatch, "ask", q="市财政局牵头哪些任务?", ref="2024-07-15")
    lead = _names(table_column(at, css="pk-c-lead"))
    assert "市财政局" in lead and not any(n.startswith("青岛市") for n in lead)
    at = start(copy, monkeypatch, "graph", kind="task", task="19")
    assert "市工业和信息化局" in html_of(at) and "青岛市工业和信息化局" not in html_of(at)


def _linked(markdown: str) -> list[str]:
    """The unit names a note links ([name](units?unit=…)), in order."""
    return re.findall(r"\[([^\]]+)\]\(units\?unit=", markdown)


def _ranking_rows(session, name: str, **params) -> list[dict]:
    columns, rows = session.query(get(name).text, params)
    return [dict(zip(columns, r, strict=True)) for r in rows]


def test_unit_rankings_count_each_place_s_unit_apart(session):
    """workload_ranking gave two rows "市财政局" (青岛市's and 广州市's) that could not be told apart, and
    units_sharing_most_tasks and units_on_industry grouped by the short name, adding 广州市's pairs and duties to
    青岛市's (市发展改革委 with 市工业和信息化局: 19 shared, where 青岛市's share 18)."""
    ranking = [r for r in _ranking_rows(session, "workload_ranking") if r["unit"] == "市财政局"]
    assert {r["place"] for r in ranking} == {"青岛市", "广州市"} and len(ranking) == 2
    pairs = _ranking_rows(session, "units_sharing_most_tasks", limit=500)
    both = [p for p in pairs if {p["unit1"], p["unit2"]} == {"市发展改革委", "市工业和信息化局"}]
    assert sorted((p["place1"], p["shared"]) for p in both) == [("广州市", 1), ("青岛市", 18)]
    assert all(p["place1"] == p["place2"] for p in both)
    qingdao = [a for a in assignments(session) if a["document"]["doc_number"] == "青办发〔2024〕3号"]
    pair = sum(1 for a in qingdao if {"市发展改革委", "市工业和信息化局"} <= {u["name"] for u in a["units"]})
    assert pair == 18, "the count is the contract's"
