"""The economic content in the graph: industries per task, chains and their task forces, targets."""


def test_tasks_concerning_integrated_circuits(ladybug_session):
    rows = ladybug_session.query("MATCH (t:Task)-[:CONCERNS]->(c:Industry) WHERE c.name = '集成电路' "
                                 "RETURN DISTINCT t.label ORDER BY t.label")[1]
    assert [r[0] for r in rows] == ["24", "25", "5"]


def test_narrower_industries_point_to_their_broader_concept(ladybug_session):
    rows = ladybug_session.query("MATCH (n:Industry)-[:BROADER]->(b:Industry) WHERE b.name = '集成电路' "
                                 "RETURN n.name ORDER BY n.name")[1]
    assert {r[0] for r in rows} >= {"混合集成电路", "光通信芯片", "第三代半导体"}


def test_chain_is_linked_to_its_task_force(ladybug_session):
    rows = ladybug_session.query("MATCH (c:IndustryChain)-[:HAS_TASK_FORCE]->(u:Unit) RETURN c.name, u.name, u.kind")[1]
    assert rows == [["高端化工产业链", "高端化工产业链专班", "task_force"]]


def test_task_force_name_is_not_counted_as_the_industry(sample_doc):
    task19 = next(t for t in sample_doc.tasks if t.label == "19")
    chem = [m for m in task19.mentions if m.name == "化工"]
    assert all("专班" not in sample_doc.text[m.span.start:m.span.end + 4] for m in chem)


def test_goal_targets_in_the_graph(ladybug_session):
    rows = ladybug_session.query("MATCH (g:Goal)-[:SETS_TARGET]->(i:Indicator) RETURN count(i)")[1]
    assert rows[0][0] >= 17
    growth = ladybug_session.query("MATCH (i:Indicator) WHERE i.metric = '规模以上工业增加值' "
                                   "RETURN i.value, i.unit, i.comparator, i.growth")[1]
    assert growth[0] == [6.5, "%", "~", True]
