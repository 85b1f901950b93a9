"""Workload, co-responsibility and centrality on the sample, checked against counts read off the document.

Read from data/samples/qingdao-2024-industry-nine-actions.txt by hand:
- 市工业和信息化局 is 牵头 in 37 attributions: tasks 1-11 and 13 (12), 14 ×2, 15 ×2, 16, 17 (1st and 3rd
  clause), 18, 19 ×3, 20, 21 ×2, 22-28 (7), and the 1st, 2nd, 3rd and 5th attribution under 保障措施; it is
  责任 once (task 17, 2nd clause: 责任单位:市生态环境局、市工业和信息化局).
- 市财政局 is 牵头 four times: task 8, task 14 (2nd clause), 保障措施 (3rd and 4th attribution). It shares
  three of them with 市工业和信息化局 (8, 14, 保障措施 3rd); the 4th (市政府办公厅、市发展改革委、市财政局…) not.
- 市发展改革委 and 市科技局 share seven: tasks 1, 4, 5, 6, 23, 24 and the 2nd attribution under 保障措施.
"""

from __future__ import annotations

import pytest

from graph import analysis, schema
from graph.build import unit_id
from ingest.errors import UnknownNameError

MIIT, FINANCE, NDRC, SCIENCE = "市工业和信息化局", "市财政局", "市发展改革委", "市科技局"


@pytest.fixture(scope="module")
def workload(sample_graph):
    return {row["unit"]: row for row in analysis.workload(sample_graph)}


def test_workload_of_the_industry_bureau(workload):
    assert workload[MIIT] == {"unit": MIIT, "lead": 37, "responsible": 1, "cooperating": 0, "total": 38}


def test_workload_of_the_finance_bureau(workload):
    assert workload[FINANCE] == {"unit": FINANCE, "lead": 4, "responsible": 0, "cooperating": 0, "total": 4}


def test_workload_is_sorted_by_total_then_lead_then_name(sample_graph):
    rows = analysis.workload(sample_graph)
    assert rows[0]["unit"] == MIIT
    assert rows == sorted(rows, key=lambda r: (-r["total"], -r["lead"], r["unit"]))
    assert all(r["total"] >= 1 for r in rows)


def test_workload_lists_exactly_the_units_with_a_role(sample_graph, workload):
    name = {row["id"]: row["name"] for row in sample_graph.rows("Unit")}
    with_role = {name[r.src] for t in schema.ROLE_RELS.values() for r in sample_graph.rel_rows(t)}
    assert set(workload) == with_role
    members = {name[r.src] for r in sample_graph.rel_rows("MEMBER_OF")}
    assert members - with_role, "districts reach tasks only through 各区(市): no workload of their own"


def test_every_assignment_is_counted_once_per_unit(sample_graph, workload):
    items = analysis.assignments(sample_graph)
    assert len(items) == 40
    assert sum(r["total"] for r in workload.values()) == sum(len(a.all_units()) for a in items)


def test_units_come_in_the_order_printed(sample_graph):
    first = analysis.assignments(sample_graph)[0]
    assert (first.task, first.lead, first.responsible) == ("任务1", ("市委组织部", "市委宣传部", MIIT), (NDRC, SCIENCE))


def test_task_19_has_three_assignments_with_their_deadlines(sample_graph):
    task19 = [a for a in analysis.assignments(sample_graph) if a.task == "任务19"]
    assert [(a.seq, a.deadline_text, a.due_end.isoformat()) for a in task19] == [
        (1, "全年", "2024-12-31"), (2, "2024年9月", "2024-09-30"), (3, "全年", "2024-12-31")]
    assert [a.responsible for a in task19][-1] == (NDRC, "高端化工产业链专班")


def test_co_responsibility_weights_read_off_the_document(sample_graph):
    g = analysis.co_responsibility(sample_graph)
    assert g[MIIT][FINANCE]["weight"] == 3
    assert g[NDRC][SCIENCE]["weight"] == 7
    assert not g.has_edge(FINANCE, SCIENCE)
    assert set(g) == set(analysis.units_with_assignments(sample_graph))


def test_centrality_degree_is_weighted_and_normalised(sample_graph):
    g = analysis.co_responsibility(sample_graph)
    scores = analysis.centrality(sample_graph)
    assert max(scores, key=scores.get) == MIIT
    strength = sum(d["weight"] for _, _, d in g.edges(FINANCE, data=True))
    assert scores[FINANCE] == pytest.approx(strength / (len(g) - 1))


def test_centrality_betweenness(sample_graph):
    scores = analysis.centrality(sample_graph, "betweenness")
    assert max(scores, key=scores.get) == MIIT
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    with pytest.raises(UnknownNameError, match="betweenness"):
        analysis.centrality(sample_graph, "pagerank")


def test_networkx_graph_mirrors_the_property_graph(sample_graph):
    g = analysis.to_networkx(sample_graph)
    counts = sample_graph.counts()
    assert g.number_of_nodes() == sum(counts[n.label] for n in schema.NODES)
    assert g.number_of_edges() == sum(counts[r.type] for r in schema.RELS) == len(sample_graph.rels)
    task = next(n for n, d in g.nodes(data=True) if d["label"] == "Task" and d.get("label_text") == "19")
    assignment = g.nodes[f"{task}/2"]
    assert (assignment["label"], assignment["due_end"], assignment["deadline_text"]) == (
        "Assignment", "2024-09-30", "2024年9月")
    doc = next(d for _, d in g.nodes(data=True) if d["label"] == "Document")
    assert doc["issuers"] == "中共青岛市委办公厅|青岛市人民政府办公厅" and doc["date"] == "2024-04-03"
    assert any(k == "LEADS" and d["type"] == "LEADS" for _, _, k, d in g.out_edges(unit_id(MIIT, "青岛市"), keys=True, data=True))


def test_units_resolve_by_alias_and_unknown_ones_list_the_valid(sample_graph):
    assert analysis.resolve_unit(sample_graph, "市工信局") == MIIT
    with pytest.raises(UnknownNameError, match=FINANCE) as err:
        analysis.resolve_unit(sample_graph, "市不存在局")
    assert MIIT in err.value.valid
