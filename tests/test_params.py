"""Named-query parameters typed from each query's declaration, the same on LadybugDB and Neo4j, in the CLI."""

import json

import pytest
from conftest import SAMPLE
from test_cli import run

from ingest.errors import QueryError
from queries.named import all_queries, get
from queries.params import Param, declare, parse_params


def test_a_label_that_looks_like_a_number_stays_text():
    q = get("targets_of_task")
    assert q.parameters(["task=25"]) == {"task": "25"}
    assert q.parameters(["task=保障措施"]) == {"task": "保障措施"}
    assert get("tasks_by_action").parameters(["action=7"]) == {"action": 7}
    assert get("due_by_date").parameters(["date=2024-06-30"]) == {"date": "2024-06-30"}


@pytest.mark.parametrize("name, pair, words", [
    ("tasks_by_action", "action=七", "whole number"),
    ("tasks_by_action", "action=7.5", "whole number"),
    ("due_by_date", "date=2024-13-01", "yyyy-mm-dd"),
    ("due_by_date", "date=tomorrow", "yyyy-mm-dd"),
    ("targets_of_task", "action=9", "unknown parameter 'action'; this query takes: task"),
    ("targets_of_task", "task", "write key=value"),
    ("workload_ranking", "unit=x", "this query takes: none"),
])
def test_a_wrong_value_says_what_was_expected(name, pair, words):
    with pytest.raises(QueryError, match=words):
        get(name).parameters([pair])


def test_every_named_query_declares_typed_parameters_its_text_uses():
    import re

    for language in ("cypher", "sparql"):
        for q in all_queries(language).values():
            used = set(re.findall(r"\$([A-Za-z_]\w*)", q.text)) if language == "cypher" else set()
            assert used <= set(q.param_names), f"{q.name}: uses undeclared {used - set(q.param_names)}"
            assert set(q.example) == set(q.param_names), f"{q.name}: the example must give every parameter"
            for p in q.declared:
                assert isinstance(q.example[p.name], int if p.type == "int" else str)


def test_declarations_are_checked():
    assert declare("task:text (task label)", "x.cypher") == Param("task", "text", "task label")
    with pytest.raises(ValueError, match="x.cypher: parameter 'task'"):
        declare("task", "x.cypher")
    with pytest.raises(ValueError, match="type one of int, text, date"):
        declare("task:number", "x.cypher")


def test_ad_hoc_cypher_parameters_guess_but_quotes_keep_text():
    assert parse_params(["n=25", "m=\"25\"", "u=市财政局", "x=-3"]) == {"n": 25, "m": "25", "u": "市财政局", "x": -3}


def _targets(session, pairs):
    q = get("targets_of_task")
    return session.query(q.text, q.parameters(pairs))[1]


def test_the_task_label_25_answers_on_ladybug(ladybug_session):
    rows = _targets(ladybug_session, ["task=25"])
    assert rows and {r[0] for r in rows} == {"25"}


@pytest.mark.neo4j
def test_the_task_label_25_answers_the_same_on_neo4j(ladybug_session, neo4j_sample):
    assert _targets(neo4j_sample, ["task=25"]) == _targets(ladybug_session, ["task=25"])
    assert _targets(neo4j_sample, ["task=保障措施"]) == _targets(ladybug_session, ["task=保障措施"])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("params") / "store"
    run("ingest", str(SAMPLE), store=path)
    return path


def test_cli_query_types_its_parameters(store):
    rows = json.loads(run("query", "targets_of_task", "--param", "task=25", "--json", store=store).stdout)
    assert rows and all(r["task"] == "25" for r in rows)
    bad = run("query", "tasks_by_action", "--param", "action=x", store=store, check=False)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == "policykg: error: parameter action='x': expected a whole number such as 7"


@pytest.mark.neo4j
def test_cli_query_types_its_parameters_on_neo4j(store, neo4j_sample, neo4j_uri):
    embedded = run("query", "targets_of_task", "--param", "task=25", "--json", store=store).stdout
    on_neo4j = run("query", "targets_of_task", "--param", "task=25", "--json", "--neo4j-uri", neo4j_uri,
                   store=store).stdout
    assert json.loads(on_neo4j) == json.loads(embedded) != []
