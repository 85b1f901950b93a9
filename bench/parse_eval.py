"""How well the parser reads documents written for the tests (tests/documents/*.txt, each with a .json golden
written by reading it): assignment precision, recall and F1 (lead, responsible and cooperating sets exact per
attribution) and deadline recall (start, end and recurrence as the golden says, wherever one is printed).

    .venv/bin/python -m bench.parse_eval [-v] [--dir DIRECTORY]

``--dir`` scores the documents of another directory instead (each ``NAME.txt`` beside a ``NAME.json`` of the same
shape): real documents kept outside the repository, whose text must not be copied into it.

An attribution of the golden is found by ``at``, a piece of its text that occurs once in the document; the
parser's assignment whose attribution covers it is the one compared. Units are compared as printed (width and
Traditional characters normalised), so the score measures reading, not gazetteer resolution.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT

DOCUMENTS = ROOT / "tests" / "documents"
ROLES = ("lead", "responsible", "cooperating")


@dataclass
class Score:
    golden: int = 0
    predicted: int = 0
    exact: int = 0
    deadlines: int = 0
    deadlines_read: int = 0
    labelled: int = 0  # found under the right task label and section
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("golden", "predicted", "exact", "deadlines", "deadlines_read", "labelled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def precision(self) -> float:
        return self.exact / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.exact / self.golden if self.golden else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def deadline_recall(self) -> float:
        return self.deadlines_read / self.deadlines if self.deadlines else 1.0


def documents(directory: Path = DOCUMENTS) -> list[Path]:
    return sorted(p for p in directory.glob("*.txt") if p.with_suffix(".json").exists())


def golden(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def printed(unit) -> str:
    from ingest.normalize import normalize_name

    return normalize_name(unit.surface)


def roles_of(assignment) -> dict[str, list[str]]:
    return {role: [printed(u) for u in getattr(assignment, role)] for role in ROLES}


def deadline_of(assignment) -> dict | None:
    d = assignment.deadline
    if d is None:
        return None
    return {"text": d.text, "start": d.start.isoformat() if d.start else None,
            "end": d.end.isoformat() if d.end else None, "open_ended": d.open_ended,
            "recurring": getattr(d, "recurring", "")}


def deadline_matches(want: dict, got: dict | None) -> bool:
    if got is None:
        return False
    keys = ("start", "end", "recurring", "open_ended")
    defaults = {"recurring": "", "open_ended": False}
    same = all(want.get(k, defaults.get(k)) == got[k] for k in keys)
    return same and ("text" not in want or want["text"] == got["text"])


def section_of(doc, task) -> str | None:
    return doc.sections[task.section_seq - 1].title if task.section_seq else None


def find(doc, at: str):
    """The (task, assignment) whose attribution covers the unique occurrence of ``at``."""
    offset = doc.text.find(at)
    if offset < 0 or doc.text.find(at, offset + 1) >= 0:
        raise ValueError(f"{doc.source_name}: {at!r} must occur exactly once")
    point = offset + len(at) - 1
    for task, a in doc.assignments:
        if a.attribution_span.start <= point < a.attribution_span.end:
            return task, a
    return None, None


def score_document(doc, expected: dict) -> Score:
    # an attribution printed once for several tasks (on their heading) is one attribution read
    attributions = {(a.attribution_span.start, a.attribution_span.end) for _, a in doc.assignments}
    score = Score(golden=len(expected["assignments"]), predicted=len(attributions))
    for want in expected["assignments"]:
        task, got = find(doc, want["at"])
        if task is not None and (task.label, section_of(doc, task)) == (want["task"], want["section"]):
            score.labelled += 1
        elif task is not None:
            score.misses.append(f"{doc.source_name} {want['at']}: task want {want['task']}/{want['section']}, "
                                f"got {task.label}/{section_of(doc, task)}")
        got_roles = roles_of(got) if got else None
        if got_roles == {r: want[r] for r in ROLES}:
            score.exact += 1
        else:
            score.misses.append(f"{doc.source_name} {want['at']}: want {[want[r] for r in ROLES]}, "
                                f"got {got_roles and [got_roles[r] for r in ROLES]}")
        if want["deadline"]:
            score.deadlines += 1
            if got is not None and deadline_matches(want["deadline"], deadline_of(got)):
                score.deadlines_read += 1
            else:
                score.misses.append(f"{doc.source_name} {want['at']}: deadline want {want['deadline']}, "
                                    f"got {got and deadline_of(got)}")
    return score


def parse_file(path: Path, resources):
    from ingest.pipeline import ingest_bytes

    return ingest_bytes(path.read_bytes(), path.name, resources)


def run(directory: Path = DOCUMENTS) -> tuple[Score, dict[str, Score]]:
    from graph.store import load_resources

    resources = load_resources()
    total, per_doc = Score(), {}
    for path in documents(directory):
        per_doc[path.name] = score_document(parse_file(path, resources), golden(path))
        total.add(per_doc[path.name])
    return total, per_doc


def report(total: Score, per_doc: dict[str, Score], verbose: bool = False) -> str:
    lines = ["| document | attributions | exact | precision | recall | F1 | deadline recall | task and section |",
             "|---|---|---|---|---|---|---|---|"]
    for name, s in [*per_doc.items(), ("**all**", total)]:
        lines.append(f"| {name} | {s.golden} | {s.exact} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                     f"{s.deadlines_read}/{s.deadlines} | {s.labelled}/{s.golden} |")
    if verbose:
        lines += ["", *total.misses]
    return "\n".join(lines)


# Real documents are not in the repository (their text is others'): their figures are recorded here as measured
# with ``--dir`` on 2026-11-30, each set labelled by hand before the parser was run on it.
REAL_FIRST_CONTACT_F1 = 0.582  # sets 2–4 pooled, below: each scored before any fix made for it
REAL_DOCUMENTS = """### Real documents of other places (kept outside the repository)

19 real notices and plans found on the web, kept outside every repository (their text is not ours to copy), each
hand-labelled before the parser was run on it (`python -m bench.parse_eval --dir DIR`). They are the first
1,500 characters or so of each page (what the stored copies hold), cut after the last complete attribution: 71
attributions, 2 printed deadlines. Places and levels: 广东省, 四川省 (provinces); 天津市; 咸阳市, 运城市, 东莞市,
广州市, 郑州市, 丽水市, 淮安市, a city 工商局 (cities); 滕州市 (county-level city); 蔡甸区, 下陆区, 咸安区, 立山区,
官渡区, 增城 (districts); 平利县 (county). Formats: inline `X牵头,Y按职责分工负责` (Traditional characters), 责任单位
lines after (一) items and after (1)–(4) sub-items, `[牵头单位:…;责任单位:…]`, `(责任领导:…;牵头单位:…;责任单位:…)`,
key lines with unit groups separated by `,`, 分管省领导/部门分工 lines, duties written into sentences
(`整改要求:由X负责…`), `(由X负责,Y配合)`, 〔责任单位:…按职责分工负责。…〕, 列第一位为牵头或汇总单位 stated in a
remark, 分别牵头, units named once for all measures below, a web copy printing pinyin after every character and
garbling some item numbers, one flattened paragraph, a page that opens with its attribution line.

| set (labelled before the parser saw it) | documents | attributions | first contact: exact, F1 | after the fixes |
|---|---|---|---|---|
| 1 (parser as the issue found it) | 8 | 31 | 25, 0.893 (deadlines 1/1) | 31, 1.000 |
| 2 (after set 1's fixes) | 5 | 14 | 7, 0.500 (deadlines 0/1) | 14, 1.000 (1/1) |
| 3 (after sets 1–2's fixes) | 3 | 21 | 12, 0.585 | 21, 1.000 |
| 4 (after sets 1–3's fixes) | 3 | 5 | 4, 0.800 | 5, 1.000 |
| all 19, parser before this work | 19 | 71 | 44, P 0.710 R 0.620 F1 0.662 (deadlines 1/2) | 71, 1.000 (2/2) |

Every set reaches 1.000 only after the fixes its own failures asked for; the first-contact figures of sets 2–4
(pooled: 23 of 40 exact, F1 0.582) are the honest estimate for documents nobody here has seen, and they are
below the issue's 0.95. Each failure class got a test document of our own wording in `tests/documents/`
(division_keys, prose_duty, shared_verb, ruby_copy, convention_remark, opening_attribution, stated_once).
Still failing: task labels where a web copy garbled the item numbers into mojibake and in a document
flattened into one paragraph (task and section 66/71); tables dumped one cell per line, a lead printed on a
section heading (`一、…(区X局牵头)`, for the items under it) and a lead printed under an annex's title were seen but not
labelled or read; relative deadlines (在本月底以前, 14个工作日内) and validity periods (实施期限至…) are not read as
deadlines. Two printed deadlines are too few to measure deadline reading on real documents.
"""


def markdown(result: tuple[Score, dict[str, Score]]) -> str:
    return "\n".join(["## Reading unseen documents (`python -m bench.parse_eval`)", "",
                      "Documents of other provinces and cities in `tests/documents/`, one per class of issue 14, "
                      "scored against golden files written by reading them.", "", report(*result), "",
                      REAL_DOCUMENTS])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.parse_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--dir", type=Path, default=DOCUMENTS, help="directory of NAME.txt + NAME.json pairs")
    args = parser.parse_args(argv)
    if not documents(args.dir):
        parser.error(f"{args.dir}: no NAME.txt with a NAME.json beside it")
    total, per_doc = run(args.dir)
    print(report(total, per_doc, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
