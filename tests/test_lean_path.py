"""The query path (ask, query, cypher, exports, the store's read side, the Neo4j factory) imports neither spaCy
nor the tagger: a question answered from a big store must not pay seconds of imports. Checked in a fresh
interpreter, by what is in sys.modules after the imports and after answering a question."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

# The parser's grammar modules compile hundreds of patterns at import (0.2 s of `policykg ask` before they were
# kept out): only reading a document needs them.
HEAVY = ("spacy", "ingest.nlp", "ingest.pipeline", "ingest.parse", "thinc", "ingest.attributions", "ingest.tables",
         "ingest.structure", "ingest.deadlines", "ingest.resolve", "ingest.walk", "ingest.tasks", "ingest.table_tasks",
         "ingest.whole_document", "ingest.parse_state")


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_query_path_leaves_spacy_out():
    loaded = _modules_after(
        "import graph.store, graph.sessions, graph.exporters, graph.readback, queries.ask, queries.named, "
        "queries.lexicon, queries.contract, cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_answering_a_question_and_exporting_leave_spacy_out(sample_store):
    loaded = _modules_after(
        "from graph.store import Store\n"
        "from queries.ask import answer\n"
        "from graph.exporters import export\n"
        f"store = Store({str(sample_store.root)!r})\n"
        "session = store.open_graph()\n"
        "assert answer(session, '市财政局牵头的任务').assignments\n"
        "session.close()\n"
        "assert export('ttl', store.graph())\n")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_cli_ask_leaves_spacy_out(sample_store):
    loaded = _modules_after(
        "import sys, cli\n"
        f"sys.argv = ['policykg', '--store', {str(sample_store.root)!r}, 'ask', '市财政局牵头的任务']\n"
        "try:\n    cli.main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
