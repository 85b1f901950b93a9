"""Ingest throughput on a synthetic corpus against bare spacy.blank("zh") tokenisation of the same texts.

    .venv/bin/python -m bench.ingest [N]
"""

from __future__ import annotations

import gc
import sys

import spacy

from bench.common import summary, timed
from bench.synth import SAMPLE, corpus


def run(n: int = 300) -> dict:
    from graph.store import load_resources
    from ingest.parse import parse_text
    from ingest.pipeline import ingest_bytes, ingest_many
    from ingest.read import read_source

    resources = load_resources()
    docs = corpus(n)
    texts = [read_source(data, name).text for name, data in docs]
    nlp = spacy.blank("zh")
    for text in texts[:5]:  # warm both sides
        nlp(text)
        ingest_bytes(text.encode(), "warm.txt", resources)
    baseline, _ = timed(lambda: [nlp(t) for t in texts])
    sources = [(data, name) for name, data in docs]
    gc.collect()
    # What `policykg ingest` runs; the young-generation collection the paused collector owes is counted too.
    ours, _ = timed(lambda: (ingest_many(sources, resources), gc.collect(0)))
    sample = SAMPLE.read_bytes()
    source = read_source(sample, SAMPLE.name)
    units = resources.resolver or resources.units  # what ingest_bytes parses with
    parse_only = [timed(parse_text, source.text, units, ignored=source.ignored)[0] for _ in range(50)]
    full = [timed(ingest_bytes, sample, SAMPLE.name, resources)[0] for _ in range(50)]
    kb = sum(len(d) for _, d in docs) / 1024
    return {
        "documents": n, "kilobytes": round(kb), "baseline_s": round(baseline, 2), "ingest_s": round(ours, 2),
        "ratio": round(ours / baseline, 2), "docs_per_s": round(n / ours, 1), "kb_per_s": round(kb / ours),
        "sample_kb": round(len(sample) / 1024, 1), "sample_parse": summary(parse_only), "sample_ingest": summary(full),
    }


def markdown(r: dict) -> str:
    return "\n".join([
        "## Ingest (`python -m bench.ingest`)", "",
        f"{r['documents']} synthetic documents ({r['kilobytes']} KB) derived from the sample.", "",
        "| measure | value |", "|---|---|",
        f"| bare `spacy.blank(\"zh\")` tokenisation, whole corpus | {r['baseline_s']} s |",
        f"| policykg ingest (read, normalise, parse, tag, resolve), whole corpus | {r['ingest_s']} s |",
        f"| ratio ingest / baseline (goal ≤ 2) | **{r['ratio']}×** |",
        f"| throughput | {r['docs_per_s']} docs/s, {r['kb_per_s']} KB/s |",
        f"| sample ({r['sample_kb']} KB): parse only (structure, attributions, units, deadlines, targets), p50 / p95 "
        f"(goal < 20 ms) | {r['sample_parse']['p50_ms']} / {r['sample_parse']['p95_ms']} ms |",
        f"| sample: full ingest incl. spaCy entity tagging, p50 / p95 | {r['sample_ingest']['p50_ms']} / "
        f"{r['sample_ingest']['p95_ms']} ms |", ""])


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    print(markdown(result))
