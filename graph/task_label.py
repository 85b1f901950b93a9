"""How a task is named where a user sees or types it: the one rule.

A task's label is its number as printed ("19", "(一)") or its heading ("保障措施"). Numbering restarts in some
documents (二、重点任务 1–6, then 三、保障措施 1–2), so a number alone can name two tasks of one document. Where
a label repeats in its document, every numbered task under a section heading is named with that heading in front
(one document is named one way: 重点任务.3 beside 重点任务.1, not a bare 3): its key ("保障措施.2", what a URL,
``progress set`` and an assignment's name "保障措施.2.1" carry) and its heading ("保障措施 任务2", a column or a
node). In a document where no label repeats each stays exactly as printed ("19", "任务19").

A name is typed as it is printed, Traditional or Simplified (``typed``), and a section's name without the run
count it may have since taken ("保障措施.2" for 保障措施(1).2, ``fits``): a caller lists the candidates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ingest.normalize import to_simplified

_RUN = re.compile(r"\((\d+)\)$")  # the run count of a qualifier: 保障措施(2)

# Task ids and labels of some documents, with each document's sections: read by any engine (LadybugDB, Neo4j).
TASKS_QUERY = ("MATCH (t:Task) WHERE t.document_id IN $ids "
               "RETURN t.document_id, t.id, t.label, t.span_start, t.numbered, t.seq")
SECTIONS_QUERY = "MATCH (s:Section) WHERE s.document_id IN $ids RETURN s.document_id, s.span_start, s.title"


def task_key(label, qualifier: str = "") -> str:
    """"2", or "保障措施.2" when the number repeats in its document (``qualifier`` is then its section). Tasks
    named by their own section's heading, several in it (the rows of a table under 二、保障措施 with no 序号
    column), are counted in it: "保障措施.2" for the second, not "保障措施(2).保障措施"."""
    if (run := _own_heading_run(label, qualifier)) is not None:
        return f"{label}.{run}"
    return f"{qualifier}.{label}" if qualifier else str(label or "")


def task_heading(label, numbered: bool, qualifier: str = "") -> str:
    """"任务2" (a numbered task), "保障措施" (attributions under a heading), "保障措施 任务2" when repeated, "保障措施
    第2项" for the second of several tasks named by their section's heading."""
    if (run := _own_heading_run(label, qualifier)) is not None:
        return f"{label} 第{run}项"
    word = f"任务{label}" if numbered else str(label or "")
    return f"{qualifier} {word}" if qualifier else word


def _own_heading_run(label, qualifier: str) -> str | None:
    """The count of a task named by its section's heading among the several so named (保障措施 in 保障措施(2))."""
    m = _RUN.search(qualifier or "")
    return m.group(1) if m and label and qualifier[: m.start()] == str(label) else None


def with_title(shown: str, title: str, label) -> str:
    """The task's name and its title, the title once: an unnumbered task's label is its title."""
    return f"{shown} {title}" if title and title != str(label) else shown


def in_parts(has_actions: bool, section_seqs: Iterable) -> bool:
    """Whether a document's tasks are grouped by its parts (一、二、…) rather than by 行动: a plan written in parts
    with no 行动, as the Document page's outline and every export that groups tasks show it."""
    return not has_actions and any(section_seqs)


def part_name(label: str, title: str) -> str:
    """A part as printed: "二、重点任务"; 附件 and an unnumbered heading print no 、 ("附件 分工表")."""
    numbered = label and label != "附件"
    return f"{label}、{title}" if numbered else f"{label or ''} {title or ''}".strip()


def typed(name: str) -> str:
    """A name as a user typed it, in the Simplified form the graph holds (重點任務.1 → 重点任务.1)."""
    name = str(name or "").strip()
    return to_simplified(name) if re.search(r"[\u4e00-\u9fff]", name) else name


def loose(key: str) -> str:
    """A key without its section's run count: "保障措施(2).1" → "保障措施.1" (the name it had, or a user types)."""
    qualifier, dot, label = str(key).partition(".")
    return f"{_RUN.sub('', qualifier)}{dot}{label}" if dot else str(key)


def fits(name: str, key: str) -> bool:
    """Whether a typed name (already ``typed``) names the task of this key, exactly or without a run count."""
    return name == key or (loose(key) == name != key)


def qualifiers(tasks: Iterable[tuple], sections: Iterable[tuple]) -> dict[str, str]:
    """Task id → its qualifier ("" when it is named as printed). ``tasks``: (id, label, start[, numbered]) of one
    document; ``sections``: (start, title) of the same document. Where any label repeats, a repeated label and
    every numbered one take the heading of the section they sit in; where that still leaves two tasks one name
    (no section, or numbering that restarts inside one section), each run of the numbering is counted:
    "三项保障措施(2)", "第2组"."""
    tasks = sorted(((t[0], t[1], t[2], t[3] if len(t) > 3 else True) for t in tasks), key=lambda t: t[2] or 0)
    heads = sorted((start or 0, title or "") for start, title in sections)
    counts = Counter(str(t[1]) for t in tasks)
    repeats = any(n > 1 for n in counts.values())

    def head_of(start) -> str:
        return next((title for at, title in reversed(heads) if at <= (start or 0)), "")

    section = {tid: head_of(start) for tid, label, start, numbered in tasks
               if counts[str(label)] > 1 or (repeats and numbered and head_of(start))}
    pairs = Counter((section[tid], str(label)) for tid, label, _s, _n in tasks if tid in section)
    seen: Counter = Counter()
    out = {}
    for tid, label, _s, _n in tasks:
        if tid not in section:
            out[tid] = ""
            continue
        head = section[tid]
        if pairs[(head, str(label))] > 1:
            seen[(head, str(label))] += 1
            run = seen[(head, str(label))]
            head = f"{head}({run})" if head else f"第{run}组"
        out[tid] = head
    return out


def task_names(session, document_ids: Iterable[str]) -> dict[str, dict]:
    """Task id → {"key", "heading", "label", "numbered", "document_id", "seq"} for the documents' tasks, read
    through any session (``query(cypher, params) → (columns, rows)``)."""
    known = _memo(session)
    ids = sorted(set(document_ids) - known.keys())
    if ids and len(known) + len(ids) > MEMO_DOCUMENTS:  # bounded: a long-lived app session pages through many
        known.clear()
        ids = sorted(set(document_ids))
    if ids:
        rows = session.query(TASKS_QUERY, {"ids": ids})[1]
        heads: dict[str, list[tuple]] = {}
        for doc_id, start, title in session.query(SECTIONS_QUERY, {"ids": ids})[1]:
            heads.setdefault(doc_id, []).append((start, title))
        found = names_of(rows, heads)
        for doc_id in ids:
            known[doc_id] = {}
        for task_id, name in found.items():
            known[name["document_id"]][task_id] = name
    return {task_id: name for doc_id in set(document_ids) for task_id, name in known.get(doc_id, {}).items()}


MEMO_DOCUMENTS = 2000  # documents whose task names an open session keeps (about 60,000 tasks)


def _memo(session) -> dict[str, dict[str, dict]]:
    """Document id → its tasks' names, kept on the open session as the question lexicon is (a session reads one
    version of the store; a change opens a new one): every page of answers asked for the names of its documents'
    tasks again (a tenth of a 1,000-document answer's time). An object that keeps no attributes keeps none."""
    memo = getattr(session, "_policykg_task_names", None)
    if memo is None:
        memo = {}
        try:
            session._policykg_task_names = memo
        except AttributeError:
            pass
    return memo


def names_of(rows: Iterable[tuple], heads: dict[str, list[tuple]]) -> dict[str, dict]:
    """``task_names`` over rows (document id, task id, label, start, numbered, seq) read from any source."""
    by_doc: dict[str, list[tuple]] = {}
    for row in rows:
        by_doc.setdefault(row[0], []).append(row)
    out = {}
    for doc_id, found in by_doc.items():
        quals = qualifiers([(r[1], r[2], r[3], bool(r[4])) for r in found], heads.get(doc_id, []))
        for _doc, tid, label, _start, numbered, seq in found:
            out[tid] = {"key": task_key(label, quals[tid]), "heading": task_heading(label, bool(numbered), quals[tid]),
                        "label": label, "numbered": bool(numbered), "document_id": doc_id, "seq": seq or 0}
    return out

