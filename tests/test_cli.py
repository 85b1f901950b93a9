"""The command line as users run it: a real subprocess, real files, one-line errors, the JSON contract."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

EXE = [sys.executable, "-c", "import cli; cli.main()"]


def run(*args, store=None, check=True, env: dict | None = None):
    """``policykg`` as a user runs it; ``env`` adds to the environment (a password, as a deployment gives it)."""
    import os

    command = [*EXE, *(["--store", str(store)] if store else []), *args]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env={**os.environ, **env} if env else None)
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


def test_assignments_lines_name_cooperating_units_and_the_document(store):
    """A reviewer's store of twelve notices printed 1.1 twelve times with nothing to tell them apart, and no
    cooperating units: each line ends with them and the document's 文号, tab-separated."""
    lines = [line.split("\t") for line in run("assignments", store=store).stdout.splitlines()]
    data = json.loads(run("assignments", "--json", store=store).stdout)
    assert len(lines) == len(data) == 40 and {len(cells) for cells in lines} == {6}
    assert {cells[5] for cells in lines} == {data[0]["document"]["doc_number"]} and data[0]["document"]["doc_number"]
    cooperating = [cells[4] for cells in lines]
    assert cooperating == ["、".join(a["cooperating"]) or "-" for a in data]


def test_assignments_json_contract(store):
    data = json.loads(run("assignments", "--json", store=store).stdout)
    assert len(data) == 40
    first = data[0]
    assert set(first) == {"id", "document", "action", "task", "seq", "lead", "responsible", "cooperating",
                          "lead_open", "responsible_open", "leaders", "deadline", "text", "span", "units"}
    for a in data:  # one place in the store: every unit is shown by its short name, the old lists unchanged
        assert [u["name"] for u in a["units"]] == a["lead"] + a["responsible"] + a["cooperating"]
        assert all(u["label"] == u["name"] for u in a["units"])
    assert first["units"][0] == {"role": "lead", "name": "市委组织部", "place": "青岛市",
                                 "full_name": "青岛市委组织部", "label": "市委组织部"}
    assert first["document"]["doc_number"] == "青办发〔2024〕3号"
    assert first["action"] == {"seq": 1, "name": "工业强市提振行动"}
    assert first["task"] == {"label": "1", "title": "树牢头号工程鲜明导向",
                             "section": {"seq": 2, "label": "二", "title": "重点任务"},
                             "key": "1", "heading": "任务1"}  # the sample's numbers do not repeat: named as printed
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


def test_export_streams_the_graph_formats_to_the_file(store, tmp_path):
    """nt, cypher and neo4j-csv are written as the store's graph is read, a page of rows at a time (here pages of
    seven rows): the files are those the whole graph gives, with no half file (.part) left beside them."""
    import os

    from graph import exporters
    from graph.store import Store

    graph = Store(store).graph()
    env = {**os.environ, "POLICYKG_EXPORT_BATCH": "7"}
    for fmt in ("nt", "cypher", "neo4j-csv"):
        out = tmp_path / f"g{exporters.get(fmt).suffix}"
        result = subprocess.run([*EXE, "--store", str(store), "export", fmt, "-o", str(out)], capture_output=True,
                                text=True, cwd=ROOT, timeout=300, env=env)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes() == exporters.export(fmt, graph), fmt
        assert f"({out.stat().st_size} bytes)" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.cypher", "g.nt", "g.zip"]


def test_empty_store_says_what_to_do(tmp_path):
    result = run("assignments", store=tmp_path / "nothing", check=False)
    assert result.returncode == 1 and "ingest" in result.stderr


def test_validate(store):
    assert "conforms" in run("validate", store=store).stdout


def test_schema_doc_is_generated_from_the_declaration():
    out = run("schema").stdout
    assert out == (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8"), "run `make schema`"


@pytest.mark.neo4j
def test_load_neo4j(store, neo4j_to_restore):
    """(The server is given back holding the sample alone: left as this store's mirror, the app's every-page
    comparison on Neo4j, run after it, said the server mirrored another store.)"""
    neo4j_uri = neo4j_to_restore.uri
    out = run("load-neo4j", "--uri", neo4j_uri, store=store).stdout
    assert "Assignment 40" in out
    rows = json.loads(run("query", "tasks_led_by_unit", "--neo4j-uri", neo4j_uri, "--param", "unit=市财政局",
                          "--json", store=store).stdout)
    assert len(rows) == 4


def test_help_runs():
    assert "ingest" in run("--help").stdout


def test_module_paths_exist():
    assert Path(ROOT / "cli.py").exists()


# -- console, usage errors, --today, serve -------------------------------------------------------------------

def one_line(result) -> str:
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, result.stderr
    return line


@pytest.mark.parametrize("query, clause", [
    ("LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *", "LOAD"),
    ("COPY (MATCH (u:Unit) RETURN u.name) TO '{tmp}/x.csv'", "COPY"),
    ("INSTALL httpfs", "INSTALL"),
    ("LOAD EXTENSION '{tmp}/x.so'", "LOAD"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("CALL timeout=1", "CALL timeout"),
    ("MATCH (u:Unit) RETURN u.name; MATCH (n) DETACH DELETE n", "several statements"),
])
def test_cypher_refuses_what_is_not_a_read(store, tmp_path, query, clause):
    result = run("cypher", query.replace("{tmp}", str(tmp_path)), store=store, check=False)
    assert result.returncode == 1 and clause in one_line(result) and not result.stdout
    assert not list(tmp_path.iterdir())
    assert run("cypher", "MATCH (a:Assignment) RETURN count(*) AS n", store=store).stdout.split() == ["n", "40"]


def test_cypher_row_cap_and_timeout_are_options(store):
    capped = run("cypher", "MATCH (a:Assignment) RETURN a.id AS id", "--max-rows", "5", "--json", store=store)
    assert len(json.loads(capped.stdout)) == 5 and "showing the first 5 rows" in capped.stderr
    full = run("cypher", "MATCH (a:Assignment) RETURN a.id AS id", "--max-rows", "40", store=store)
    assert len(full.stdout.splitlines()) == 41 and not full.stderr
    slow = run("cypher", "MATCH (a), (b), (c), (d) RETURN count(a.id + b.id + c.id + d.id)", "--timeout", "1",
               store=store, check=False)
    assert slow.returncode == 1 and "ran longer than 1 s" in one_line(slow)
    bad = run("cypher", "RETURN 1", "--timeout", "0", store=store, check=False)
    assert bad.returncode == 1 and "timeout" in one_line(bad)


def test_named_queries_run_through_the_console(store):
    out = run("query", "workload_ranking", "--max-rows", "2", "--json", store=store)
    assert len(json.loads(out.stdout)) == 2 and "showing the first 2 rows" in out.stderr


@pytest.mark.parametrize("args, says", [
    (["ingets", "x"], "No such command 'ingets'"),
    (["ask", "--jsn", "q"], "No such option: --jsn"),
    (["cypher", "RETURN 1", "--timeout", "soon"], "--timeout"),
])
def test_a_mistyped_command_or_option_prints_the_usage(store, args, says):
    result = run(*args, store=store, check=False)
    assert result.returncode == 2
    assert "Usage: policykg" in result.stderr and says in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("today, says", [
    ("9999-99-99", "yyyy-mm-dd"), ("2024-13-01", "yyyy-mm-dd"), ("0001-01-01", "year from"), ("tomorrow", "yyyy-mm-dd"),
])
def test_an_invalid_today_is_one_line(store, today, says):
    result = run("ask", "which tasks are overdue", "--today", today, store=store, check=False)
    assert result.returncode == 1 and says in one_line(result) and today in result.stderr


def test_serve_on_a_busy_port_fails_with_the_reason(store):
    import socket

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = run("serve", "--port", str(port), store=store, check=False)
    assert result.returncode == 1 and "in use" in one_line(result) and "http://" not in result.stdout


def test_serve_command_sets_the_protections():
    import cli
    from graph.store import MAX_BYTES

    command = cli.streamlit_command(Path("s"), "127.0.0.1", 8611, ["policy.example.org"])
    first = command.index("--server.port")
    options = dict(zip(command[first::2], command[first + 1::2], strict=False))
    assert options["--server.address"] == "127.0.0.1" and options["--server.enableXsrfProtection"] == "true"
    # twice the limit the store enforces: a file a little over it reaches the page, which says why it is not
    # added; not more, as the server holds every upload in memory
    assert int(options["--server.maxUploadSize"]) * 1024 * 1024 == 2 * MAX_BYTES
    hosts = [command[i + 1] for i, part in enumerate(command) if part == "--server.allowedHosts"]
    assert hosts == ["localhost", "127.0.0.1", "::1", "policy.example.org"]
    # serve prints its own address: Streamlit's welcome asked checkip.amazonaws.com for an external one
    assert options["--logger.hideWelcomeMessage"] == "true"


def _websocket_status(port: int, host: str) -> str:
    import base64
    import os
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        key = base64.b64encode(os.urandom(16)).decode()
        conn.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                      f"Origin: http://{host}\r\n\r\n").encode())
        return conn.recv(100).split(b"\r\n")[0].decode()


def test_serve_binds_locally_and_refuses_foreign_hosts_and_missing_xsrf(store):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 gets no WebSocket."""
    import signal
    import socket
    import time
    import urllib.error
    import urllib.request

    port = 8613
    process = subprocess.Popen([*EXE, "--store", str(store), "serve", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        started = time.monotonic()
        while time.monotonic() - started < 120:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.5)
        assert _websocket_status(port, f"127.0.0.1:{port}").endswith("101 Switching Protocols")
        assert _websocket_status(port, f"localhost:{port}").endswith("101 Switching Protocols")
        assert _websocket_status(port, f"evil.example:{port}").endswith("403 Forbidden")
        upload = urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/upload_file/s/f", data=b"x", method="PUT")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(upload, timeout=10)
        assert refused.value.code == 403, "an upload without the XSRF token is refused"
        addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        for address in addresses - {"127.0.0.1", "127.0.1.1"}:
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def test_a_bad_neo4j_uri_is_one_line(store):
    result = run("cypher", "RETURN 1", "--neo4j-uri", "foo://x", store=store, check=False)
    assert result.returncode == 1 and "Neo4j URI 'foo://x'" in one_line(result)


def test_a_folder_adds_the_documents_under_it_and_names_what_it_passed_over(tmp_path):
    folder = tmp_path / "2024年文件"
    (folder / "区县").mkdir(parents=True)
    (folder / "青岛.txt").write_bytes(SAMPLE.read_bytes())
    html = "<html><body><p>关于推进档案工作的通知</p><p>1. 推进档案数字化。(牵头单位:市档案馆)</p></body></html>"
    (folder / "区县" / "档案.HTML").write_text(html, encoding="utf-8")
    (folder / "扫描件.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a document")
    (folder / "旧版通知.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a Word 97 file")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "~$青岛.docx").write_bytes(b"lock")
    result = run("ingest", str(folder), store=tmp_path / "s")
    assert "2 document(s)" in result.stdout and "档案.HTML: added" in result.stdout
    assert "skipped:" in result.stderr and "扫描件.jpg" in result.stderr
    assert "旧版通知.doc: not a document type this tool reads; save it as .docx" in result.stderr
    assert ".DS_Store" not in result.stderr and "~$" not in result.stderr + result.stdout

    (tmp_path / "empty").mkdir()
    empty = run("ingest", str(tmp_path / "empty"), store=tmp_path / "s", check=False)
    assert empty.returncode == 1 and empty.stderr.strip() == "policykg: error: no documents to add (the folder is empty)"
    only_other = run("ingest", str(folder / "扫描件.jpg"), store=tmp_path / "s", check=False)
    assert only_other.returncode == 1 and "unknown file type '.jpg'" in only_other.stderr  # named alone: its own error


def test_documents_are_listed_with_their_ids_and_removed_by_id_or_wenhao(tmp_path):
    """`remove` needs an id: `query documents` lists it, `ingest` prints it, and a 文号 names the document too."""
    store = tmp_path / "s"
    added = run("ingest", str(SAMPLE), store=store).stdout
    listed = run("query", "documents", store=store).stdout.splitlines()
    assert listed[0].split("\t")[:4] == ["id", "title", "doc_number", "place"]
    doc_id, _, doc_number, _place, *_ = listed[1].split("\t")
    assert f"(id {doc_id[:12]})" in added and doc_number == "青办发〔2024〕3号"
    missing = run("remove", "青政办字〔1999〕1号", store=store, check=False)
    assert missing.returncode == 1 and "'policykg query documents' lists their ids and 文号" in missing.stderr
    assert f"removed {doc_id}" in run("remove", doc_number, store=store).stdout
    assert run("query", "documents", store=store).stdout.splitlines()[1:] == []


def test_a_folder_ingested_again_leaves_out_what_was_removed_or_replaced_and_says_so(tmp_path):
    """Staff ingest one folder month after month: a notice removed as withdrawn came back with the next month's
    ingest, silently (review 李, defect 2). It is left out and named with the ways to add it back: the file named
    on its own (as the upload page's file chosen) or the folder with --again."""
    store, folder = tmp_path / "s", tmp_path / "notices"
    folder.mkdir()
    (folder / "city.txt").write_bytes(SAMPLE.read_bytes())
    withdrawn = folder / "withdrawn.txt"
    withdrawn.write_text("关于推进数据共享工作的通知\n青测发〔2024〕7号\n一、重点任务\n"
                         "1. 推进数据共享。建立全市数据共享平台。(牵头单位:市大数据局;完成时限:2024年10月)\n",
                         encoding="utf-8")
    run("ingest", str(folder), store=store)
    run("remove", "青测发〔2024〕7号", store=store)
    again = run("ingest", str(folder), store=store)
    assert "withdrawn.txt: added" not in again.stdout and again.stdout.rstrip().endswith("1 document(s)")
    assert "withdrawn.txt: 未加入" in again.stderr and "not added: it was removed" in again.stderr
    assert "--again" in again.stderr
    readded = run("ingest", str(folder), "--again", store=store)
    assert "withdrawn.txt: added" in readded.stdout and "added again (it was removed on" in readded.stderr
    assert readded.stdout.rstrip().endswith("2 document(s)")
    run("remove", "青测发〔2024〕7号", store=store)
    named = run("ingest", str(withdrawn), store=store)
    assert "withdrawn.txt: added" in named.stdout and "added again" in named.stderr


def test_a_named_query_reads_a_unit_given_by_an_alias(store):
    """The queries compare names exactly: 市发改委 (an alias) answered with no rows and no word; it is read as the
    unit the documents name, and said so. A name nothing resolves still answers empty, quietly."""
    canonical = run("query", "tasks_led_by_unit", "--param", "unit=市发展改革委", store=store)
    for alias in ("市发改委", "市发展和改革委员会"):
        read = run("query", "tasks_led_by_unit", "--param", f"unit={alias}", store=store)
        assert read.stdout == canonical.stdout and len(read.stdout.splitlines()) > 1
        assert f"“{alias}”按“市发展改革委”查询" in read.stderr
    nothing = run("query", "tasks_led_by_unit", "--param", "unit=市不存在局", store=store)
    assert len(nothing.stdout.splitlines()) == 1 and nothing.stderr == ""


def test_named_query_rows_name_their_document(tmp_path):
    """Task numbers restart in every document: across several, rows without their document could not be told
    apart (a reviewer's first week). Every row-level named query now ends its row with the 文号 (or title)."""
    store = tmp_path / "s"
    other = tmp_path / "other.txt"
    other.write_text("关于推进数据共享工作的通知\n青测发〔2024〕7号\n一、重点任务\n"
                     "1. 推进数据共享。(牵头单位:市工业和信息化局;完成时限:2024年9月底前)\n", encoding="utf-8")
    run("ingest", str(SAMPLE), str(other), store=store)
    rows = json.loads(run("query", "tasks_led_by_unit", "--param", "unit=市工业和信息化局", "--json",
                          store=store).stdout)
    assert {r["document"] for r in rows} == {"青办发〔2024〕3号", "青测发〔2024〕7号"}
    assert [r["task"] for r in rows if r["document"] == "青测发〔2024〕7号"] == ["1"]
    september = json.loads(run("query", "due_in_month", "--param", "year=2024", "--param", "month=9", "--json",
                               store=store).stdout)
    assert {r["document"] for r in september} == {"青办发〔2024〕3号", "青测发〔2024〕7号"}


def test_a_missing_parameter_is_said_not_answered_with_no_rows(store):
    """`cypher '… $n …'` without --param n printed a header and no rows, exit 0 (the engine reads $n as null);
    a named query without its --param silently answered for the example's value."""
    missing = run("cypher", "MATCH (u:Unit) WHERE u.name = $n RETURN u.name", store=store, check=False)
    assert missing.returncode == 1 and "missing parameter(s): n" in missing.stderr and "--param n=" in missing.stderr
    given = run("cypher", "MATCH (u:Unit) WHERE u.name = $n RETURN u.name", "--param", "n=市财政局", store=store)
    assert given.stdout.split() == ["u.name", "市财政局"]
    defaulted = run("query", "unit_assignments", store=store)
    assert "no --param for unit: the example's unit=市财政局 is used" in defaulted.stderr
    assert "no --param" not in run("query", "unit_assignments", "--param", "unit=市财政局", store=store).stderr


def test_named_queries_name_a_repeated_number_with_its_section(tmp_path):
    """重点任务 1–3 then 保障措施 1–2: tasks_led_by_unit printed two rows "1" for one unit in one document, where
    every page and answer says 重点任务.1 and 保障措施.1 (graph/task_label.py). Named queries now name them so."""
    store = tmp_path / "s"
    run("ingest", str(ROOT / "tests" / "documents" / "section_restart.txt"), store=store)
    led = json.loads(run("query", "tasks_led_by_unit", "--param", "unit=市海洋发展局", "--json", store=store).stdout)
    assert [(r["task"], r["seq"]) for r in led] == [("重点任务.1", 1), ("保障措施.1", 1)]
    finance = run("query", "unit_assignments", "--param", "unit=市财政局", store=store).stdout.splitlines()
    assert finance[1].split("\t")[:3] == ["lead", "保障措施.2", "1"]
    due = json.loads(run("query", "due_in_month", "--param", "year=2026", "--param", "month=3", "--json",
                         store=store).stdout)
    assert [r["task"] for r in due] == ["保障措施.2"]
    assert run("query", "assignments_without_responsible", store=store).stdout.splitlines()[1].startswith("重点任务.3\t")


def test_a_named_query_takes_a_task_by_the_name_pages_print(tmp_path):
    """targets_of_task compares the label as printed: 保障措施.1, the name every page, answer and export gives the
    task, found nothing and said nothing. It is asked as task 1 and the rows of 保障措施.1 are kept, with a note."""
    doc = tmp_path / "plan.txt"
    doc.write_text("关于印发青岛市2026年数字经济攻坚行动方案的通知\n青政办字〔2026〕7号\n二、重点任务\n"
                   "1. 建设算力基础设施。新建智算中心3个。(牵头单位:市大数据局;完成时限:2026年9月底前)\n"
                   "2. 推进工业互联网平台。(牵头单位:市工业和信息化局;完成时限:2026年6月底前)\n"
                   "三、保障措施\n1. 加强统筹调度。新建调度平台4个。(牵头单位:市大数据局;完成时限:全年)\n"
                   "2. 强化资金保障。(牵头单位:市财政局;完成时限:2026年4月底前)\n", encoding="utf-8")
    store = tmp_path / "s"
    run("ingest", str(doc), store=store)
    for name, key, value in (("保障措施.1", "保障措施.1", 4.0), ("重點任務.1", "重点任务.1", 3.0)):
        asked = run("query", "targets_of_task", "--param", f"task={name}", "--json", store=store)
        assert [(r["task"], r["value"]) for r in json.loads(asked.stdout)] == [(key, value)], name
        assert f"asked as task 1, rows of {key} only" in asked.stderr
    both = json.loads(run("query", "targets_of_task", "--param", "task=1", "--json", store=store).stdout)
    assert [r["task"] for r in both] == ["重点任务.1", "保障措施.1"]


def test_a_document_is_removed_by_its_wenhao_as_printed_in_traditional_characters(tmp_path):
    """粵府辦〔2024〕9號 is how the notice prints its 文号 and how ask takes it; remove said there was no such
    document (the store keeps the Simplified 粤府办〔2024〕9号)."""
    store = tmp_path / "s"
    run("ingest", str(ROOT / "tests" / "documents" / "traditional.txt"), store=store)
    removed = run("remove", "粵府辦〔2024〕9號", store=store)
    assert removed.stdout.startswith("removed ")
    assert run("query", "documents", store=store).stdout.splitlines()[1:] == []


def test_export_takes_a_document_by_its_wenhao_as_remove_does(tmp_path):
    """export --document 青政办发〔2026〕31号 said "no document" where remove takes the 文号."""
    store = tmp_path / "s"
    run("ingest", str(SAMPLE), str(ROOT / "tests" / "documents" / "section_restart.txt"), store=store)
    by_number = run("export", "csv", "-o", str(tmp_path / "a.csv"), "--document", "青政办发〔2026〕31号", store=store)
    assert by_number.returncode == 0
    header = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("单位,重点任务 任务1") and "保障措施 任务2" in header and "任务19" not in header
    missing = run("export", "csv", "-o", str(tmp_path / "b.csv"), "--document", "青政办发〔1999〕1号", store=store,
                  check=False)
    assert missing.returncode == 1 and "'policykg query documents' lists their ids and 文号" in missing.stderr


def test_ingest_says_a_notice_names_no_unit_in_any_item(tmp_path):
    """A notice whose 一、二、三 items address 各单位 and name no unit was stored with 0 tasks and no word."""
    source = ROOT / "tests" / "documents" / "collective_exhortations.txt"
    out = run("ingest", str(source), store=tmp_path / "s")
    assert "tasks 0, assignments 0, units 0, warnings 1" in out.stdout, out.stdout
    assert "collective_exhortations.txt:4:1: no-attribution: no attribution found:" in out.stdout + out.stderr


def test_escape_sequences_in_a_document_never_reach_the_terminal(tmp_path):
    """A web page's character references are text: &#x1b;]0;…&#x07; (retitle the terminal) and &#x1b;[2J (clear it)
    in its title and paragraphs are neither printed by ingest, query or ask, nor stored."""
    page = tmp_path / "esc.html"
    page.write_text(
        "<html><head><title>关于推进&#x1b;]0;PWNED&#x07;工作的通知&#x1b;[2J</title></head><body>"
        "<h1>关于推进&#x1b;]0;PWNED&#x07;工作的通知&#x1b;[2J&#x9b;31m&#x202e;</h1>"
        "<p>一、平台建设行动</p><p>1. 推进平台建设&#x1b;[2J。(牵头单位:市财政局;完成时限:2024年6月底前)</p>"
        "</body></html>", encoding="utf-8")
    store = tmp_path / "s"
    outs = [run("ingest", str(page), store=store), run("query", "documents", store=store),
            run("ask", "市财政局牵头哪些任务?", store=store)]
    for out in outs:
        assert "PWNED" in out.stdout or out is outs[2]
        assert not any(c in out.stdout + out.stderr for c in "\x1b\x07\x9b\u202e")
    assert "关于推进\ufffd]0;PWNED\ufffd工作的通知" in outs[0].stdout
    assert "推进平台建设" in outs[2].stdout
    manifest = "".join(p.read_text(encoding="utf-8") for p in store.rglob("*.json*") if p.is_file())
    assert "PWNED" in manifest and not any(c in manifest for c in ("\\u001b", "\\u0007", "\x1b", "\x07"))


def test_tab_separated_output_keeps_one_record_a_line_whatever_a_field_holds(tmp_path):
    """A notice copied out of a PDF breaks its task's text and its deadline over lines (2026年 / 11月底前): the
    CLI printed a record over several lines, its fields split among them. Every tab-separated output prints one
    record a line, the deadline as printed without the page's breaks."""
    from queries.contract import tsv_line

    notice = tmp_path / "wrap.txt"
    notice.write_text("青岛市2026年重点工作实施方案\n青政办字〔2026〕3号\n1. 新改建农村公路800公里，\n完善养护机制。"
                      "（牵头单位：市交通运输局；责任单位：市财政局；完成时限：2026年\n11月底前）\n"
                      "2. 推动技改投资。（牵头单位：市工业和信息化局；完成时限：2026年9月底前）\n", encoding="utf-8")
    store = tmp_path / "s"
    run("ingest", str(notice), store=store)

    def records(*args) -> list[list[str]]:
        return [line.split("\t") for line in run(*args, store=store).stdout.splitlines() if "\t" in line]

    assignments = records("assignments")
    assert [(cells[0], cells[3]) for cells in assignments] == [("1.1", "2026年11月底前"), ("2.1", "2026年9月底前")]
    assert {len(cells) for cells in assignments} == {6}
    asked = records("ask", "市财政局的任务")
    assert asked == [["1.1", "新改建农村公路800公里， 完善养护机制。", "市交通运输局", "市财政局", "2026年11月底前"]]
    forms = records("query", "deadline_forms")
    assert [cells[0] for cells in forms] == ["deadline", "2026年11月底前", "2026年9月底前"]
    assert tsv_line(["a\tb", "c\r\nd", None, "e\u2028f"]) == "a b\tc d\t\te f"


def test_query_documents_lists_a_document_with_no_assignment(tmp_path):
    """A withdrawal notice (撤回) assigns nothing, yet it is stored: `query documents` listed only documents with
    an assignment, so it was in the store and in no listing (review45)."""
    notice = tmp_path / "withdrawal.txt"
    notice.write_text("即墨区安全生产委员会办公室关于撤回《关于开展2026年秋冬季安全生产大排查大整治的通知》的通知\n"
                      "即安办发〔2026〕14号\n各镇人民政府、街道办事处:\n经研究,决定撤回上述通知,自即日起停止执行。\n",
                      encoding="utf-8")
    run("ingest", str(SAMPLE), str(notice), store=tmp_path / "s")
    rows = [line.split("\t") for line in run("query", "documents", store=tmp_path / "s").stdout.splitlines()[1:]]
    assert sorted((r[2], r[4], r[5]) for r in rows) == [("即安办发〔2026〕14号", "0", "0"), ("青办发〔2024〕3号", "29", "40")]
