"""文件 Document: a document's outline beside its text; the picked task highlighted and scrolled into view.
``/document?doc=…&task=…`` reproduces it."""

from __future__ import annotations

import streamlit as st

from graph import recurrence
from graph.analysis import unit_label
from graph.build import assignment_id
from graph.status import STATUS, category, chases
from graph.task_label import in_parts, part_name
from ingest.unit_identity import full_name
from queries.contract import places_shown

from . import data, views
from .common import Ctx, links_for
from .task import pick_document, pick_task
from .views import esc

TITLE = "文件 Document"
CAPTION = ("文件的结构与原文:选一项任务,看它被解析出的单位和期限。A document's outline beside its text: pick a task "
           "to see what was parsed from it.")
SCROLL_SCRIPT = """<script>
(function () {
  const el = document.getElementById("pk-selected");
  if (!el) return;
  let box = el.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(box).overflowY)))
    box = box.parentElement;
  if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 24;
})();
</script>"""


def render(ctx: Ctx) -> None:
    meta = pick_document(ctx, "document")
    if meta is None:
        return
    doc = ctx.document(meta["id"])
    document_header(doc)
    left, right = st.columns([5, 6])
    with left:
        picked = pick_task(ctx, doc.id, "选择任务,在原文中高亮 Pick a task to highlight it in the text")
        task = doc.tasks[picked["seq"] - 1] if picked and 0 < picked["seq"] <= len(doc.tasks) else None
        outline(ctx, doc, task)
    with right:
        st.subheader("原文 Original text")
        st.html(views.LEGEND_FULL)
        with st.container(height=720, border=True):
            st.html(full_text_html(doc, task), unsafe_allow_javascript=True)
    parse_warnings(doc)


JURISDICTION_SOURCE = {"user": "上传时指定 given at upload", "文号": "据文号 from the number",
                       "issuer": "据发文机关 from the issuer", "title": "据标题 from the title",
                       "text": "据正文 from the text"}


def jurisdiction_text(meta) -> str:
    """行政区划 and how it was found; said plainly when nothing in the document names a place."""
    if not meta.jurisdiction:
        return "行政区划 未识别 jurisdiction not found"
    how = JURISDICTION_SOURCE.get(meta.jurisdiction_source, meta.jurisdiction_source)
    return f"行政区划 {meta.jurisdiction}" + (f"({how})" if how else "")


def document_header(doc) -> None:
    meta = doc.metadata
    facts = [f"文号 {meta.doc_number}" if meta.doc_number else "",
             f"发文 {'、'.join(meta.issuers)}" if meta.issuers else "",
             f"日期 {meta.date.isoformat()}" if meta.date else f"年度 {meta.year}",
             jurisdiction_text(meta), f"来源 {views.file_name(doc.source_name)}"]
    st.html(f'<h3 class="pk-title">{esc(meta.title or views.file_name(doc.source_name))}</h3>'
            f'<p class="pk-meta">{esc(" · ".join(f for f in facts if f))}</p>')
    cols = st.columns(5)
    cols[0].metric("目标 Goals", len(doc.goals))
    if not in_parts(bool(doc.actions), (t.section_seq for t in doc.tasks)):
        cols[1].metric("行动 Actions", len(doc.actions))
    else:  # a plan in parts (一、二、…) with no 行动: the parts that hold tasks, not "0 actions"
        cols[1].metric("部分 Parts", len({t.section_seq for t in doc.tasks if t.section_seq}))
    cols[2].metric("任务 Tasks", len(doc.tasks))
    cols[3].metric("分工 Assignments", len(doc.assignments))
    cols[4].metric("解析警告 Warnings", len(doc.issues))


def outline(ctx: Ctx, doc, task) -> None:
    """The picked task's assignments, then every task (each a link to its task view)."""
    links = links_for(ctx)
    keys = {t["seq"]: str(t["key"]) for t in data.tasks_of(ctx, doc.id)}  # "保障措施.2" where a number repeats
    if task is not None:
        several, lines = places_shown(ctx.session), []
        current, index = ctx.recorded(), doc.tasks.index(task) + 1
        chased = chases(current)
        for a in task.assignments:
            parts = [f"{views.ROLE_LABEL[r]}:" + "、".join(links.unit(unit_label(u.name, full_name(u.place, u.name), several))
                                                      for u in getattr(a, r))
                     for r in views.ROLES if getattr(a, r)]
            d = a.deadline
            parts.append(f"期限 Deadline:{esc(recurrence.reads(d.text, d.recurring) if d.recurring else d.text)}"
                         if d else "期限 Deadline:—")
            status = category(d.end if d else None, d is not None, ctx.ref,
                              current.get(assignment_id(doc, index, a.seq)), recurring=d.recurring if d else "",
                              due_start=d.start if d else None, chase=chased(assignment_id(doc, index, a.seq)),
                              due_day=d.due_day if d else 0,
                              due_day_month=d.due_day_month if d else 0)
            lines.append(f"<li>{esc(keys.get(index, task.label))}.{a.seq} — {'；'.join(parts)} "
                         f'<span class="pk-status pk-status-{status}">{esc(STATUS[status][0])}</span></li>')
        opener = links.a("task", "打开任务 Open the task view", "pk-tasklink", doc=doc.id, task=keys.get(index, task.label))
        st.html(f'<p>{opener}</p>'
                f'<ul class="pk-list">{"".join(lines)}</ul>')
    if doc.goals:
        with st.expander(f"目标与指标 Goals and targets({len(doc.goals)})"):
            st.html("".join(f"<h4>{esc(g.area)}</h4>" + views.table(
                [("", "指标 Metric"), ("", "目标 Target"), ("", "值 Value")],
                [[esc(t.metric), esc(t.text), esc(f"{t.comparator} {t.value:g}{t.unit}")] for t in g.targets])
                for g in doc.goals if g.targets))
    st.caption(f"全部 {len(doc.tasks)} 项任务 All {len(doc.tasks)} tasks")
    rows, by_part = [], in_parts(bool(doc.actions), (t.section_seq for t in doc.tasks))
    for i, t in enumerate(doc.tasks, start=1):
        key = keys.get(i, t.label)
        due = "、".join(dict.fromkeys(a.deadline.text for a in t.assignments if a.deadline)) or "—"
        rows.append([esc(part_of(doc, t, by_part)),
                     links.a("task", key, "pk-tasklink", doc=doc.id, task=key), esc(t.title),
                     str(len(t.assignments)), esc(due)])
    with st.container(height=420, border=False):
        st.html(views.table([("pk-c-part", "部分 Part" if by_part else "行动 Action"), ("pk-c-task", "任务 Task"), ("pk-c-clause", "标题 Title"),
                             ("", "分工 Assignments"), ("pk-c-due", "期限 Deadlines")], rows, "pk-outline"))


def part_of(doc, task, by_part: bool) -> str:
    """The outline's first column: the task's 行动, or in a plan without actions its part (一、工作目标)."""
    if not by_part:
        action = doc.action(task.action_seq)
        return action.label if action else "—"
    section = doc.section(task.section_seq)
    return part_name(section.label, section.title) if section is not None else "—"


def full_text_html(doc, task) -> str:
    """The whole text: the picked task's parsed spans highlighted and scrolled into view, parse warnings
    underlined where they occurred."""
    issues = [(i.span.start, i.span.end, "pk-issue", f"{i.line}:{i.column} {i.code}: {i.message}")
              for i in doc.issues if i.span is not None]
    if task is None:
        return f'<div class="pk-src pk-text-pane">{views.highlight(doc.text, issues)}</div>'
    start, end = task.span.start, task.span.end
    before = views.highlight(doc.text[:start], issues)
    body = views.highlight(doc.text[start:end], views.task_spans(task) + issues, start)
    after = views.highlight(doc.text[end:], issues, end)
    return (f'<div class="pk-src pk-text-pane">{before}<span id="pk-selected">{body}</span>{after}</div>'
            + SCROLL_SCRIPT)


def parse_warnings(doc) -> None:
    st.subheader(f"解析警告 Parse warnings({len(doc.issues)})")
    if not doc.issues:
        st.success("没有解析警告。No parse warnings.")
    else:
        st.html(warnings_table(doc))
    if doc.ignored:
        with st.expander(f"忽略的内容(网页框架、文末落款) Ignored text: page boilerplate, closing block({len(doc.ignored)})"):
            st.html(views.table([("", "原因 Reason"), ("", "位置 Offsets"), ("pk-c-clause", "内容 Text")],
                                [[esc(s.reason), f"{s.span.start}–{s.span.end}",
                                  esc(doc.text[s.span.start:s.span.end][:80])] for s in doc.ignored]))


def warnings_table(doc) -> str:
    return views.table([("pk-c-pos", "位置 Line:Col"), ("", "类型 Kind"), ("", "说明 Message"),
                        ("pk-c-clause", "原文 Where")],
                       [[f"{i.line}:{i.column}", esc(i.label), esc(i.message), esc(line_excerpt(doc.text, i))]
                        for i in doc.issues], "pk-warnings")


def line_excerpt(text: str, issue, width: int = 24) -> str:
    """A few characters either side of what the issue points at, the flagged part in 【】."""
    if issue.span is None:
        lines = text.splitlines()
        return (lines[issue.line - 1] if 0 < issue.line <= len(lines) else "").strip()[:2 * width]
    start, end = issue.span.start, issue.span.end
    before = text[max(0, start - width):start].split("\n")[-1]
    after = text[end:end + width].split("\n")[0]
    return f"{'…' if len(before) == width else ''}{before}【{text[start:end]}】{after}{'…' if len(after) == width else ''}"
