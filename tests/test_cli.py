"""The command line as users run it: a real subprocess, real files, one-line errors, the JSON contract."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

EXE = [sys.executable, "-c", "import cli; cli.main()"]


def run(*args, store=None, check=True):
    command = [*EXE, *(["--store", str(store)] if store else []), *args]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    out = run("ingest", str(SAMPLE), store=path)
    assert "actions 9, tasks 29, assignments 40" in out.stdout
    return path


def test_ingest_is_idempotent(store):
    out = run("ingest", str(SAMPLE), store=store)
    assert "unchanged" in out.stdout and "1 document(s)" in out.stdout


def test_assignments_json_contract(store):
    data = json.loads(run("assignments", "--json", store=store).stdout)
    assert len(data) == 40
    first = data[0]
    assert set(first) == {"id", "document", "action", "task", "seq", "lead", "responsible", "cooperating",
                          "lead_open", "responsible_open", "leaders", "deadline", "text", "span"}
    assert first["document"]["doc_number"] == "青办发〔2024〕3号"
    assert first["action"] == {"seq": 1, "name": "工业强市提振行动"}
    assert first["task"] == {"label": "1", "title": "树牢头号工程鲜明导向",
                             "section": {"seq": 2, "label": "二", "title": "重点任务"}}
    text = SAMPLE.read_text(encoding="utf-8")
    for a in data:
        assert text[a["span"][0] : a["span"][1]] == a["text"]
    safeguards = [a for a in data if a["task"]["label"] == "保障措施"]
    assert len(safeguards) == 5 and safeguards[0]["action"] is None
    assert {a["task"]["section"]["title"] for a in safeguards} == {"保障措施"}


def test_ask_json(store):
    data = json.loads(run("ask", "which tasks does 市工业和信息化局 lead that are due in September", "--json",
                          store=store).stdout)
    assert {(a["task"]["label"], a["seq"]) for a in data["assignments"]} == {("19", 2), ("21", 2), ("保障措施", 3)}
    assert data["interpretation"]["roles"] == ["lead"] and "$" in data["cypher"]
    assert data["params"]["due_month"] == 9


def test_ask_text_shows_the_reading(store):
    out = run("ask", "市财政局牵头哪些任务?", store=store).stdout
    assert out.startswith("理解为:") and "保障措施.4" in out


def test_cypher_and_named_queries(store):
    out = run("cypher", "MATCH (u:Unit) WHERE u.name = $n RETURN u.kind", "--param", "n=市财政局", store=store)
    assert out.stdout.split() == ["u.kind", "government_department"]
    listed = run("queries").stdout
    assert "workload_ranking:" in listed
    ranking = json.loads(run("query", "workload_ranking", "--json", store=store).stdout)
    assert ranking[0]["unit"] == "市工业和信息化局" and ranking[0]["lead"] == 37


def test_cypher_refuses_writes_with_one_line(store):
    result = run("cypher", "CREATE (n:Unit {id: 'x'})", store=store, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "read-only" in result.stderr


@pytest.mark.parametrize("make, problem", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: (d / "empty.txt").write_bytes(b"") and d / "empty.txt" or d / "empty.txt", "file is empty"),
    (lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02\xff" * 50) and d / "bin.txt" or d / "bin.txt",
     "binary"),
    (lambda d: (d / "x.xyz").write_bytes(b"hello") and d / "x.xyz" or d / "x.xyz", "unknown file type"),
])
def test_bad_input_gives_one_line_naming_the_file(tmp_path, make, problem):
    path = make(tmp_path)
    result = run("ingest", str(path), store=tmp_path / "s", check=False)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert str(path) in line and problem in line


def test_strict_mode_fails_on_warnings(tmp_path):
    doc = tmp_path / "w.txt"
    doc.write_text("关于X的通知\n青政发〔2024〕1号\n一、任务\n1. 甲事项。(牵头单位:市财政局;完成时限:适时)\n", encoding="utf-8")
    assert run("ingest", str(doc), store=tmp_path / "s").returncode == 0
    result = run("ingest", "--strict", str(doc), store=tmp_path / "t", check=False)
    assert result.returncode == 1 and "unresolved-deadline" in result.stderr and "w.txt:4:" in result.stderr


def test_export_unknown_format_lists_the_valid_ones(store, tmp_path):
    result = run("export", "docx", "-o", str(tmp_path / "x"), store=store, check=False)
    assert result.returncode == 1 and "valid:" in result.stderr and "ttl" in result.stderr


def test_export_writes_a_file(store, tmp_path):
    out = tmp_path / "m.xlsx"
    run("export", "xlsx", "-o", str(out), store=store)
    assert out.read_bytes()[:2] == b"PK"


def test_empty_store_says_what_to_do(tmp_path):
    result = run("assignments", store=tmp_path / "nothing", check=False)
    assert result.returncode == 1 and "ingest" in result.stderr


def test_validate(store):
    assert "conforms" in run("validate", store=store).stdout


def test_schema_doc_is_generated_from_the_declaration():
    out = run("schema").stdout
    assert out == (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8"), "run `make schema`"


@pytest.mark.neo4j
def test_load_neo4j(store, neo4j_uri):
    out = run("load-neo4j", "--uri", neo4j_uri, store=store).stdout
    assert "Assignment 40" in out
    rows = json.loads(run("query", "tasks_led_by_unit", "--neo4j-uri", neo4j_uri, "--param", "unit=市财政局",
                          "--json", store=store).stdout)
    assert len(rows) == 4


def test_help_runs():
    assert "ingest" in run("--help").stdout


def test_module_paths_exist():
    assert Path(ROOT / "cli.py").exists()
