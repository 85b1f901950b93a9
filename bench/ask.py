"""Question → answer latency on the sample and on a 1,000-document store, against running the equivalent
hand-written named query directly in the same run.

    .venv/bin/python -m bench.ask [N]
"""

from __future__ import annotations

import sys
import tempfile

from bench.common import corpus_store, summary, timed

QUESTIONS = [
    ("which tasks does 市工业和信息化局 lead that are due in September", "due_in_month",
     {"year": 2024, "month": 9}),
    ("市财政局牵头哪些任务?", "tasks_led_by_unit", {"unit": "市财政局"}),
    ("How many tasks are due in Q1?", "due_by_date", {"date": "2024-03-31"}),
    ("即墨区负责哪些任务?", "district_duties", {"unit": "即墨区"}),
]
RUNS = 30


PAGE = 100


def _measure(session) -> dict:
    from queries.ask import answer
    from queries.named import get

    page_times, full_times, direct_times, sizes = [], [], [], []
    for question, name, params in QUESTIONS:
        sizes.append(answer(session, question, today="2024-07-15").count)
        for _ in range(RUNS):
            page_times.append(timed(answer, session, question, today="2024-07-15", limit=PAGE)[0])
            full_times.append(timed(answer, session, question, today="2024-07-15")[0])
            direct_times.append(timed(session.query, get(name).text, params)[0])
    ask, full, direct = summary(page_times), summary(full_times), summary(direct_times)
    return {"ask": ask, "full": full, "direct": direct, "sizes": sizes,
            "ratio_p50": round(ask["p50_ms"] / max(direct["p50_ms"], 1e-6), 1)}


def run(n: int = 1000) -> dict:
    from bench.synth import SAMPLE
    from graph.store import Store

    sample = Store(tempfile.mkdtemp() + "/s")
    sample.ingest_paths([SAMPLE])
    session = sample.open_graph()
    small = _measure(session)
    session.close()
    big_store = corpus_store(n)
    session = big_store.open_graph()
    lexicon_s, _ = timed(__import__("queries.lexicon", fromlist=["build_lexicon"]).build_lexicon, session)
    big = _measure(session)
    session.close()
    return {"documents": n, "sample": small, "corpus": big, "lexicon_s": round(lexicon_s, 2)}


def markdown(r: dict) -> str:
    rows = []
    for key, label in (("sample", "sample (1 document)"), ("corpus", f"{r['documents']} documents")):
        m = r[key]
        rows.append(f"| {label} | {m['ask']['p50_ms']} / {m['ask']['p95_ms']} | {m['full']['p50_ms']} / "
                    f"{m['full']['p95_ms']} | {m['direct']['p50_ms']} / {m['direct']['p95_ms']} | "
                    f"{m['ratio_p50']}× | {', '.join(map(str, m['sizes']))} |")
    return "\n".join([
        "## Ask (`python -m bench.ask`)", "",
        f"{len(QUESTIONS)} questions × {RUNS} runs each, embedded store (LadybugDB). ask = parse the question, "
        f"compile, run, count and fetch the first page ({PAGE}) of contract objects, as the app does; full = "
        "the same but every matching assignment as a contract object (what `ask --json` prints); direct = the "
        "equivalent named query alone. Goal: ask p95 < 50 ms at 1,000 documents.", "",
        "| store | ask p50 / p95 (ms) | full answer p50 / p95 (ms) | named query p50 / p95 (ms) | ask / direct "
        "(p50) | answer sizes |", "|---|---|---|---|---|---|",
        *rows, "",
        f"Building the question lexicon once per opened store took {r['lexicon_s']} s at {r['documents']} "
        "documents (cached for the life of the session).", ""])


if __name__ == "__main__":
    print(markdown(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)))
