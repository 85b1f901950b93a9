"""任务 Task: one task on its own — every assignment's clause highlighted, every unit by role (each a link to
its Units view), the deadline and its status on the reference date, and a link to its place in the document.
``/task?doc=…&task=…`` reproduces it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from . import data, views
from .common import Ctx, links_for, url_select
from .views import ROLE_LABEL, ROLES, esc

TITLE = "任务 Task"
CAPTION = "一项任务:原文、各单位及其角色、完成时限。One task: its text, every unit and role, its deadline."
STATUS_ZH = {"overdue": "逾期 Overdue", "soon": "30天内到期 Due ≤ 30 days", "later": "未到期 Later",
             "open": "长期/无截止 Open-ended", "none": "无可识别时限 No deadline read"}


def pick_document(ctx: Ctx) -> dict | None:
    docs = data.documents(ctx)
    if not docs:
        return None
    by_id = {d["id"]: d for d in docs}
    ids = list(by_id)
    if ctx.scope in by_id:  # the scope's document first: it is the default
        ids.remove(ctx.scope)
        ids.insert(0, ctx.scope)
    doc_id = url_select(st, "文件 Document", ids, "doc", format_func=lambda i: views.doc_label(
        by_id[i]["title"], by_id[i]["doc_number"], by_id[i]["source"]))
    return by_id[doc_id]


def pick_task(ctx: Ctx, doc_id: str, label: str) -> dict | None:
    tasks = data.tasks_of(ctx, doc_id)
    if not tasks:
        st.info("没有识别出任务。No tasks were found in this document.")
        return None
    by_label = {t["label"]: t for t in tasks}
    chosen = url_select(st, label, list(by_label), "task",
                        format_func=lambda x: f"{x}. {by_label[x]['title']}" if str(x).isdigit() else x)
    return by_label[chosen]


def render(ctx: Ctx) -> None:
    doc = pick_document(ctx)
    if doc is None:
        return
    task = pick_task(ctx, doc["id"], "任务 Task")
    if task is not None:
        show_task(ctx, doc, task["label"])


def status_of(a: dict, ref) -> str:
    """The Deadlines page's status of one assignment (the same rule as ``data.STATUS_EXPR``, in Python)."""
    if not a["deadline"]:
        return "none"
    end = a["deadline"]["end"]
    if not end:
        return "open"
    days = (date.fromisoformat(end) - ref).days
    return "overdue" if days < 0 else "soon" if days <= data.SOON_DAYS else "later"


def show_task(ctx: Ctx, doc: dict, label: str) -> None:
    links = links_for(ctx)
    rows = data.task_assignments(ctx, doc["id"], label)
    parsed_doc = ctx.document(doc["id"])
    task = next((t for t in parsed_doc.tasks if t.label == label), None)
    name = views.doc_label(doc["title"], doc["doc_number"], doc["source"])
    st.html(f'<h3 class="pk-title">任务 {esc(label)} · {esc(task.title if task else "")}</h3><p class="pk-meta">'
            + " · ".join([links.a("document", name, doc=doc["id"]),
                          links.a("document", "在文件中的位置 Its place in the document", "pk-doclink",
                                  doc=doc["id"], task=label),
                          links.a("graph", "图谱 Graph", kind="task", doc=doc["id"], task=label)]) + "</p>")
    if not rows:
        st.info("这项任务没有识别出分工。No attribution was parsed in this task.")
    st.html(views.LEGEND + "".join(assignment_card(ctx, links, parsed_doc, task, a) for a in rows))
    if task is not None:
        st.subheader("任务全文 The whole task")
        text = parsed_doc.text[task.span.start:task.span.end]
        st.html(f'<div class="pk-src pk-text-pane">{views.highlight(text, views.task_spans(task), task.span.start)}'
                "</div>")
    st.caption(f"参考日期 Reference date {ctx.ref.isoformat()}")


def assignment_card(ctx: Ctx, links, parsed_doc, task, a: dict) -> str:
    """One assignment: its clause highlighted, its units by role (links), its deadline and status."""
    _t, parsed = views.find_parsed(parsed_doc, a)
    status = status_of(a, ctx.ref)
    roles = "".join(f"<tr><th>{esc(ROLE_LABEL[r])}</th><td>{links.units(a[r], a.get(f'{r}_open'))}</td></tr>"
                    for r in ROLES if a[r])
    clause = (views.clause_html(parsed_doc, task, parsed) if parsed
              else f'<div class="pk-src">{esc(a["text"])}</div>')
    due = (f"<tr><th>期限 Deadline</th><td>{esc(views.deadline_text(a))} "
           f'<span class="pk-status pk-status-{status}">{esc(STATUS_ZH[status])}</span></td></tr>')
    return (f'<div class="pk-card"><div class="pk-card-head">分工 {esc(views.task_name(a))}</div>{clause}'
            f'<table class="pk-facts">{roles}{due}</table></div>')
