"""HTML pieces the pages draw: tables, links, highlighted source text. Pure functions, no Streamlit.

Everything that came from a document, an upload or a question is escaped here, at the one place it becomes HTML;
nothing from a document is ever handed to a Markdown renderer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from graph import recurrence
from graph.analysis import ROLE_LABEL, ROLES
from queries.contract import assignment_name, document_short

ANY = "any"  # no role filter
ROLE_COLOR = {"lead": "#d62728", "responsible": "#1f77b4", "cooperating": "#2ca02c"}


def month_axis(months: int) -> dict:
    """The x axis of a chart of months (yyyy-mm): level labels while a few fit, slanted and thinned when there
    are many (a store of several years' plans gave 30 months whose labels printed over each other)."""
    return {"labelAngle": 0 if months <= 8 else -45, "labelOverlap": "greedy", "labelLimit": 80}


def count_axis() -> dict:
    """The y axis of a chart of counts (assignments a month): whole numbers only; a unit with one or two a month
    was given ticks at 0.5 and 1.5 assignments."""
    return {"tickMinStep": 1, "format": "d"}


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class Links:
    """Relative links between pages, carrying the shared state (reference date, scope) along."""

    shared: dict = field(default_factory=dict)

    def href(self, page: str, **params) -> str:
        query = {**{k: v for k, v in params.items() if v not in (None, "")}, **self.shared}
        return esc(f"{page}?{urlencode(query)}" if query else page)

    def a(self, page: str, text: str, cls: str = "", **params) -> str:
        klass = f' class="{cls}"' if cls else ""
        return f'<a{klass} href="{self.href(page, **params)}" target="_self">{esc(text)}</a>'

    def unit(self, name: str) -> str:
        return self.a("units", name, "pk-unit", unit=name)

    def units(self, names: list[str], open_list: bool = False) -> str:
        if not names:
            return "—"
        return "、".join(self.unit(n) for n in names) + ("等" if open_list else "")

    def task(self, a: dict) -> str:
        return self.a("task", task_name(a), "pk-tasklink", doc=a["document"]["id"],
                      task=a["task"].get("key", a["task"]["label"]))


def task_name(a: dict) -> str:
    return assignment_name(a)


def deadline_text(a: dict) -> str:
    """As printed; in an answer, with the date that put it in the question's window (``counted``)."""
    from queries.contract import counted_reads

    return counted_reads(_printed_deadline(a), a.get("counted"))


def _printed_deadline(a: dict) -> str:
    d = a["deadline"]
    if not d:
        return "—"
    if d.get("recurring"):
        return recurrence.reads(d["text"], d["recurring"]) + (f"(至 {d['end']})" if d.get("end") else "")
    if d["text"] in ("全年", "年内", "年底前") and d.get("end"):
        return f"{d['text']}(至 {d['end'][5:]})"
    return d["text"] if d.get("end") else f"{d['text']}(长期 open-ended)"


doc_short = document_short  # one rule for a document's short cell, the CLI's and the pages'


def table(head: list[tuple[str, str]], rows: list[list[str]], cls: str = "") -> str:
    """An HTML table; cells are HTML already (escape them with ``esc`` or build them with ``Links``). Each
    column has a class (``head`` is (class, label)) so the phone and print styles can pick columns; a table whose
    every column is one some screen leaves out (style.PHONE_HIDDEN, NARROW_HIDDEN) is ``pk-whole`` and keeps them
    all, so that no screen shows a table's heading over nothing."""
    from .style import NARROW_HIDDEN, PHONE_HIDDEN

    if all(c in PHONE_HIDDEN + NARROW_HIDDEN for c, _label in head):
        cls = f"{cls} pk-whole".strip()
    th = "".join(f'<th class="{c}">{esc(label)}</th>' for c, label in head)
    body = "".join("<tr>" + "".join(f'<td class="{c}">{cell}</td>' for (c, _l), cell in zip(head, row, strict=True))
                   + "</tr>" for row in rows)
    return f'<div class="pk-scroll"><table class="pk-table {cls}"><thead><tr>{th}</tr></thead>' \
           f"<tbody>{body}</tbody></table></div>"


def assignment_table(rows: list[dict], links: Links, multi: bool, extra: list[tuple[str, str, list[str]]] = (),
                     status: list[str] | None = None) -> str:
    """The answer table: task, lead, deadline first (they stay on a phone), then clause and the other roles;
    over several documents the document last, shown on a wide screen only, and under the task's name on others.
    ``extra`` columns (class, label, cells) go in front; ``status`` cells (``status_cells``) right after the
    deadline."""
    from queries.contract import shown  # 青岛市财政局 when the store holds several places

    coop = any(a["cooperating"] for a in rows)
    head = [(c, label) for c, label, _cells in extra] + [("pk-c-task", "任务 Task"), ("pk-c-lead", "牵头 Lead"),
                                                         ("pk-c-due", "期限 Deadline")]
    head += [("pk-c-status", "状态 Status")] if status is not None else []
    head += [("pk-c-clause", "条文 Clause"), ("pk-c-resp", "责任 Responsible")]
    if coop:
        head.append(("pk-c-coop", "配合 Cooperating"))
    if multi:
        head.append(("pk-c-doc", "文件 Document"))
    body = []
    for i, a in enumerate(rows):
        row = [cells[i] for _c, _l, cells in extra]
        task = links.task(a)
        if multi:  # the document column, the last, is past the screen's edge: the task's cell names it (3.1 of which)
            task += links.a("document", doc_short(a["document"]), "pk-doc-inline", doc=a["document"]["id"])
        row += [task, links.units(shown(a, "lead"), a.get("lead_open")), esc(deadline_text(a))]
        row += [status[i]] if status is not None else []
        row += [esc(a["text"]), links.units(shown(a, "responsible"), a.get("responsible_open"))]
        if coop:
            row.append(links.units(shown(a, "cooperating")))
        if multi:
            row.append(links.a("document", doc_short(a["document"]), doc=a["document"]["id"]))
        body.append(row)
    return table(head, body, "pk-answer")


def status_cells(rows: list[dict], ref, current: dict) -> list[str]:
    """``assignment_table``'s status column: each row's status on ``ref`` by graph/status's one rule, from the
    recorded progress (``current``: assignment id → latest event) and the deadline."""
    from graph.status import STATUS, chases, of_contract

    cells, chased = [], chases(current)
    for a in rows:
        s = of_contract(a, ref, current.get(a["id"]), chase=chased(a["id"]))
        cells.append(f'<span class="pk-status pk-status-{s}">{esc(STATUS[s][0])}</span>')
    return cells


# -- highlighting ----------------------------------------------------------------------------------------

MARK_CLASSES = {"pk-lead", "pk-responsible", "pk-cooperating", "pk-deadline", "pk-concept", "pk-target"}
_LEGEND_ITEMS = (("pk-lead", "牵头单位 lead"), ("pk-responsible", "责任单位 responsible"),
                 ("pk-cooperating", "配合单位 cooperating"), ("pk-deadline", "完成时限 deadline"))
_MORE_ITEMS = (("pk-concept", "产业/平台 industry, platform"), ("pk-target", "指标 target"))
LEGEND = ('<div class="pk-legend pk-src">' + "".join(f'<mark class="{c}">{t}</mark>' for c, t in _LEGEND_ITEMS)
          + "</div>")
LEGEND_FULL = ('<div class="pk-legend pk-src">'
               + "".join(f'<mark class="{c}">{t}</mark>' for c, t in _LEGEND_ITEMS + _MORE_ITEMS) + "</div>")


def highlight(text: str, spans: list[tuple[int, int, str, str]], offset: int = 0) -> str:
    """HTML of ``text`` (which starts at document offset ``offset``) with every (start, end, class, title) span
    marked. Spans may nest or overlap: the text is cut at every boundary, each piece escaped and given the
    classes of all spans over it; pieces under a role, deadline, concept or target become ``<mark>``."""
    cuts = {0, len(text)}
    local = []
    for start, end, cls, title in spans:
        s, e = max(0, start - offset), min(len(text), end - offset)
        if s < e:
            local.append((s, e, cls, title))
            cuts |= {s, e}
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        piece = esc(text[a:b])
        over = [sp for sp in local if sp[0] <= a and b <= sp[1]]
        if not over:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(sp[2] for sp in over))
        title = next((sp[3] for sp in reversed(over) if sp[3]), "")
        tag = "mark" if any(sp[2].split()[0] in MARK_CLASSES for sp in over) else "span"
        out.append(f'<{tag} class="{classes}" title="{esc(title)}">{piece}</{tag}>')
    return "".join(out)


def assignment_spans(assignment) -> list[tuple[int, int, str, str]]:
    """Units by role and the deadline of one parsed assignment, as highlight spans."""
    spans = [(assignment.attribution_span.start, assignment.attribution_span.end, "pk-attr", "")]
    for role in ROLES:
        for unit in getattr(assignment, role):
            title = f"{ROLE_LABEL[role]}: {unit.name}" + ("" if unit.surface == unit.name else f"(原文 {unit.surface})")
            spans.append((unit.span.start, unit.span.end, f"pk-{role}", title))
    if assignment.deadline:
        d = assignment.deadline
        spans.append((d.span.start, d.span.end, "pk-deadline", f"完成时限 deadline: {d.text}"))
    return spans


def task_spans(task) -> list[tuple[int, int, str, str]]:
    """Everything parsed in one task: its paragraph, attributions, units, deadlines, concepts and targets."""
    spans = [(task.span.start, task.span.end, "pk-task", "")]
    for a in task.assignments:
        spans += assignment_spans(a)
    unit_starts = {s for s, _e, cls, _t in spans if cls in ("pk-lead", "pk-responsible", "pk-cooperating")}
    for m in task.mentions:
        if m.kind != "unit" and m.span.start not in unit_starts:
            spans.append((m.span.start, m.span.end, "pk-concept", f"{m.kind}: {m.name}"))
    for t in task.targets:
        spans.append((t.span.start, t.span.end, "pk-target",
                      f"指标 target: {t.metric} {t.comparator} {t.value:g}{t.unit}"))
    return spans


def find_parsed(doc, contract: dict):
    """The parsed (task, assignment) behind a contract row: same governed-text offset and sequence number."""
    start = contract["span"][0]
    for task in doc.tasks:
        for a in task.assignments:
            if a.text_span.start == start and a.seq == contract["seq"]:
                return task, a
    return None, None


def clause_html(doc, task, parsed) -> str:
    """One assignment's clause as printed, units and deadline marked."""
    spans = assignment_spans(parsed)
    start = min(parsed.text_span.start, parsed.attribution_span.start)
    end = max(parsed.text_span.end, parsed.attribution_span.end)
    return f'<div class="pk-src pk-clause">{highlight(doc.text[start:end], spans, start)}</div>'


def context_html(doc, task, parsed) -> str:
    """The whole task paragraph, this clause tinted."""
    spans = assignment_spans(parsed)
    start = min(parsed.text_span.start, parsed.attribution_span.start)
    end = max(parsed.text_span.end, parsed.attribution_span.end)
    focus = (start, end, "pk-focus", "本条 this clause")
    return highlight(doc.text[task.span.start:task.span.end], [focus, *spans], task.span.start).strip()


def file_name(source: str) -> str:
    """The file a document was read from, without the folders it was in on the server (or the uploader's PC), as
    a page shows it: control and bidi characters neutralised (``ingest.controls``; ``a\u202egnp.txt`` would show
    as atxt.png)."""
    from ingest.controls import neutralised

    return neutralised(re.split(r"[\\/]", source or "")[-1])


NAME_SHOWN = 60  # characters of a file name a table or a line shows; the rest in its tooltip


def name_cell(name: str) -> str:
    """A file name as HTML for a table cell or a line: a long one cut with an ellipsis (a 300-character name made
    a row no screen holds), the whole name in its tooltip."""
    name = file_name(name)
    if len(name) <= NAME_SHOWN:
        return esc(name)
    return f'<span title="{esc(name)}">{esc(name[:NAME_SHOWN - 1])}…</span>'


def doc_label(title: str, number: str, source: str = "", apart: str = "") -> str:
    """A document in a list or a heading: its title's start and 文号, and what tells it apart from another stored
    document of that label (graph.analysis.told_apart: its file name) when there is one."""
    from graph.analysis import with_apart

    title = title or file_name(source)
    return with_apart(f"{title[:28]}{'…' if len(title) > 28 else ''} {number or ''}".strip(), apart)


def doc_name(d: dict) -> str:
    """``doc_label`` of a row of app_pages/data.documents."""
    return doc_label(d["title"], d["doc_number"], d["source"], d.get("apart", ""))


def version_note(d: dict) -> str:
    """Of a document stored beside another of its 文号 (data.documents): when it was added and whether it is the
    newer; "" for any other."""
    if "newer" not in d:
        return ""
    return (f"{d['added'][:10]} 加入 added · " if d.get("added") else "") + newer_word(d)


def newer_word(d: dict) -> str:
    """Whether a document stored beside another of its 文号 (data.documents) is the newer: 较新 newer, 较旧 older."""
    return "较新 newer" if d["newer"] else "较旧 older"


def source_card(doc, a: dict, links: Links, multi: bool) -> str:
    task, parsed = find_parsed(doc, a)
    head = [links.task(a), esc(a["task"]["title"])]
    if a["action"]:
        head.append(esc(f"行动{a['action']['seq']} {a['action']['name']}"))
    if multi:
        head.append(links.a("document", doc_label(doc.metadata.title, doc.metadata.doc_number, doc.source_name,
                                                      a["document"].get("version", "")),
                            doc=doc.id))
    if parsed is None:
        body = f'<div class="pk-src pk-clause">{esc(a["text"])}</div>'
    else:
        body = (clause_html(doc, task, parsed)
                + f"<details><summary>上下文 Context:任务 {esc(a['task'].get('key', a['task']['label']))} 全文 the whole task "
                  f'paragraph</summary><div class="pk-src">{context_html(doc, task, parsed)}</div></details>')
    return f'<div class="pk-card"><div class="pk-card-head">{" · ".join(head)}</div>{body}</div>'
