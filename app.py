"""policykg in the browser: ask, units, documents, deadlines, graph, Cypher console, upload, exports.

Thin on purpose (STYLE 13): answers come from ``queries/`` (ask, named queries, the assignment contract), files
from ``graph.exporters``, documents from ``graph.store``; this module lays them out. The store's read-only
session is opened once per process and store version (``st.cache_resource``) and reopened after an upload.
Errors from our code (``PolicyKGError``) become messages in one place, ``shown_as_message``.

Run with ``policykg --store DIR serve`` or ``streamlit run app.py -- --store DIR`` (env ``POLICYKG_STORE`` too).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from ingest.errors import ClosedSessionError, InputError, PolicyKGError, QueryError
from queries.named import all_queries
from queries.named import get as named_query

if TYPE_CHECKING:
    import pandas as pd

    from graph.store import Store

# graph.store, queries.ask, pandas and altair are imported where they are used: graph.store brings spaCy
# (about a second), and the Ask page paints its question box before that (see main).

DEFAULT_STORE = "policykg-data"
UPLOAD_TYPES = ("txt", "html", "htm", "docx", "pdf")
ROLES = ("lead", "responsible", "cooperating")
ROLE_LABEL = {"lead": "牵头 Lead", "responsible": "责任 Responsible", "cooperating": "配合 Cooperating"}
ROLE_COLOR = {"lead": "#d62728", "responsible": "#1f77b4", "cooperating": "#2ca02c"}
STATUS = {  # the red/yellow/green convention of supervision offices (督查), plus no end date, plus none read
    "overdue": ("逾期 Overdue", "#d62728"),
    "soon": ("30天内到期 Due ≤ 30 days", "#f2b705"),
    "later": ("未到期 Later", "#2ca02c"),
    "open": ("长期/无截止 Open-ended", "#9e9e9e"),
    "none": ("无可识别时限 No deadline read", "#6d4c41"),
}
STATUS_MD = {"overdue": "red", "soon": "orange", "later": "green", "open": "gray", "none": "violet"}
ALL = "__all__"
CSS = """<style>
.pk-src {white-space: pre-wrap; line-height: 1.95; font-size: 1rem; margin: .2rem 0 .6rem 0;}
.pk-src mark {padding: 0 .12em; border-radius: .2em; color: inherit;}
mark.pk-lead {background: #fde0df; box-shadow: inset 0 -2px 0 #d62728;}
mark.pk-responsible {background: #dceafb; box-shadow: inset 0 -2px 0 #1f77b4;}
mark.pk-cooperating {background: #def3de; box-shadow: inset 0 -2px 0 #2ca02c;}
mark.pk-deadline {background: #fff0bd; box-shadow: inset 0 -2px 0 #d89a00;}
mark.pk-concept {background: #efe4fa;}
mark.pk-target {background: #e0f2f1;}
.pk-attr {text-decoration: underline dotted #888;}
.pk-task {background: #f3f6fb;}
.pk-focus {background: #fffbe8; outline: 1px solid #f1e2a8;}
.pk-issue {text-decoration: underline wavy #d62728; text-decoration-skip-ink: none;}
.pk-card {border: 1px solid #e3e3e8; border-radius: .5rem; padding: .7rem 1rem .5rem 1rem; margin: .6rem 0;}
.pk-card-head {font-weight: 600;}
.pk-card details {margin: .2rem 0 .3rem 0; font-size: .9rem;}
.pk-card summary {cursor: pointer; color: #555;}
.pk-text-pane {font-size: .95rem;}
.pk-legend {line-height: 2.2;}
.pk-legend mark {white-space: nowrap; margin-right: .6em;}
.pk-table {border-collapse: collapse; width: 100%; font-size: .95rem;}
.pk-table th {text-align: left; font-weight: 500; color: #555; background: #f7f7f9; padding: .45rem .6rem;
  border-bottom: 1px solid #ddd; white-space: nowrap;}
.pk-table td {padding: .45rem .6rem; border-bottom: 1px solid #eee; vertical-align: top; line-height: 1.6;}
.pk-table td:first-child {white-space: nowrap;}
.pk-table td:nth-child(2) {min-width: 16em;}
[data-testid="stAppDeployButton"] {display: none;}
</style>"""


# -- settings and the store ------------------------------------------------------------------------------

def store_root(argv: list[str] | None = None) -> str:
    """``--store PATH`` after ``--`` on the streamlit command line, else env POLICYKG_STORE, else the default."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--store")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return str(Path(args.store or os.environ.get("POLICYKG_STORE") or DEFAULT_STORE).resolve())


def frame_of(data, columns=None) -> pd.DataFrame:
    """A DataFrame; pandas is imported on first use (0.3 s the Ask page's first paint does without)."""
    import pandas as pd

    return pd.DataFrame(data, columns=columns)


def _release(session) -> None:
    """Close a session the cache lets go of: LadybugDB wants one open Database per file and process."""
    session.close()


@st.cache_resource(max_entries=1, show_spinner=False, on_release=_release)
def open_session(root: str, version: float):
    from graph.store import Store

    return Store(root).open_graph()


@st.cache_resource(max_entries=1, show_spinner=False)
def open_store(root: str, version: float) -> Store:
    from graph.store import Store

    return Store(root)


def store_version(root: str) -> float:
    from graph.store import Store

    return Store(root).version()


@st.cache_resource(max_entries=4, show_spinner=False)
def property_graph(root: str, version: float, document_id: str | None):
    return open_store(root, version).graph(document_id)


@st.cache_resource(max_entries=4, show_spinner=False)
def networkx_graph(root: str, version: float, document_id: str | None):
    from graph.analysis import to_networkx

    return to_networkx(property_graph(root, version, document_id))


@st.cache_data(max_entries=4, show_spinner=False)
def all_assignments(root: str, version: float) -> list[dict]:
    from queries.contract import assignments

    return assignments(open_session(root, version))


@st.cache_data(max_entries=16, show_spinner=False)
def export_bytes(root: str, version: float, document_id: str | None, fmt: str, options: tuple) -> bytes:
    from graph.exporters import export

    return export(fmt, property_graph(root, version, document_id), **dict(options))


@dataclass
class Ctx:
    """What every page needs: the store (by root and version) and the document scope (None = all)."""

    root: str
    version: float
    scope: str | None = None

    @property
    def store(self) -> Store:
        return open_store(self.root, self.version)

    @property
    def session(self):
        session = open_session(self.root, self.version)
        if session.closed:  # another tab's upload replaced it between this run's start and now
            open_session.clear()
            session = open_session(self.root, self.version)
        return session

    @property
    def multi(self) -> bool:
        return len(self.store.documents()) > 1

    def graph(self):
        return property_graph(self.root, self.version, self.scope)

    def assignments(self, ids: list[str] | None = None) -> list[dict]:
        rows = all_assignments(self.root, self.version)
        if ids is not None:
            wanted = set(ids)
            rows = [a for a in rows if a["id"] in wanted]
        return self.scoped(rows)

    def scoped(self, rows: list[dict]) -> list[dict]:
        return [a for a in rows if self.scope is None or a["document"]["id"] == self.scope]

    def named(self, name: str, **params) -> pd.DataFrame:
        q = named_query(name)
        columns, rows = self.session.query(q.text, {k: v for k, v in params.items() if k in q.param_names})
        return frame_of(rows, columns=columns)


@contextmanager
def shown_as_message():
    """The one place our errors become messages: what went wrong and what to do, never a stack trace."""
    try:
        yield
    except ClosedSessionError as exc:  # the store changed under this run: run again once on the new graph
        if st.session_state.get("rerun_on_new_store"):
            st.error(str(exc), icon=":material/error:")
        else:
            st.session_state["rerun_on_new_store"] = True
            st.rerun()
    except PolicyKGError as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        st.session_state["rerun_on_new_store"] = False


# -- highlighting ----------------------------------------------------------------------------------------

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
        piece = html.escape(text[a:b])
        over = [sp for sp in local if sp[0] <= a and b <= sp[1]]
        if not over:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(sp[2] for sp in over))
        title = next((sp[3] for sp in reversed(over) if sp[3]), "")
        tag = "mark" if any(sp[2].split()[0] in MARK_CLASSES for sp in over) else "span"
        out.append(f'<{tag} class="{classes}" title="{html.escape(title)}">{piece}</{tag}>')
    return "".join(out)


MARK_CLASSES = {"pk-lead", "pk-responsible", "pk-cooperating", "pk-deadline", "pk-concept", "pk-target"}
_LEGEND_ITEMS = (("pk-lead", "牵头单位 lead"), ("pk-responsible", "责任单位 responsible"),
                 ("pk-cooperating", "配合单位 cooperating"), ("pk-deadline", "完成时限 deadline"))
_MORE_ITEMS = (("pk-concept", "产业/平台 industry, platform"), ("pk-target", "指标 target"))
LEGEND = ('<div class="pk-legend pk-src">' + "".join(f'<mark class="{c}">{t}</mark>' for c, t in _LEGEND_ITEMS)
          + "</div>")
LEGEND_FULL = ('<div class="pk-legend pk-src">'
               + "".join(f'<mark class="{c}">{t}</mark>' for c, t in _LEGEND_ITEMS + _MORE_ITEMS) + "</div>")


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
        spans.append((t.span.start, t.span.end, "pk-target", f"指标 target: {t.metric} {t.comparator} {t.value:g}{t.unit}"))
    return spans


def find_parsed(doc, contract: dict):
    """The parsed (task, assignment) behind a contract row: same governed-text offset and sequence number."""
    start = contract["span"][0]
    for task in doc.tasks:
        for a in task.assignments:
            if a.text_span.start == start and a.seq == contract["seq"]:
                return task, a
    return None, None


# -- small shared views ----------------------------------------------------------------------------------

def units_text(a: dict, role: str) -> str:
    names = "、".join(a[role])
    return names + ("等" if names and a.get(f"{role}_open") else "")


def deadline_text(a: dict) -> str:
    d = a["deadline"]
    if not d:
        return "—"
    if d["text"] in ("全年", "年内", "年底前") and d.get("end"):
        return f"{d['text']}(至 {d['end'][5:]})"
    return d["text"] if d.get("end") else f"{d['text']}(长期 open-ended)"


def task_name(a: dict) -> str:
    label = a["task"]["label"]
    return f"{label}.{a['seq']}" if label else str(a["seq"])


def assignment_frame(rows: list[dict], multi: bool) -> pd.DataFrame:
    """The answer table: task, clause, lead, responsible (cooperating when any), deadline."""
    coop = any(a["cooperating"] for a in rows)
    data = []
    for a in rows:
        row = {"任务 Task": task_name(a)}
        if multi:
            row["文件 Document"] = a["document"]["doc_number"] or a["document"]["title"][:16]
        row["条文 Clause"] = a["text"]
        row["牵头 Lead"] = units_text(a, "lead") or "—"
        row["责任 Responsible"] = units_text(a, "responsible") or "—"
        if coop:
            row["配合 Cooperating"] = units_text(a, "cooperating") or "—"
        row["期限 Deadline"] = deadline_text(a)
        data.append(row)
    return frame_of(data)


def doc_label(doc) -> str:
    title = doc.metadata.title or doc.source_name
    return f"{title[:28]}{'…' if len(title) > 28 else ''} {doc.metadata.doc_number}".strip()


def empty_store(ctx: Ctx) -> None:
    st.info(f"存储为空:还没有加入任何文件。请在“上传 Upload”页加入政策文件。\n\n"
            f"The store `{ctx.root}` is empty: add a document on the Upload page "
            f"(or run `policykg --store {ctx.root} ingest FILE`).", icon=":material/inbox:")
    st.button("去上传 Go to Upload", on_click=_goto, args=("upload",), type="primary")


def _goto(page: str) -> None:
    st.session_state["page"] = page


def month_of(a: dict) -> str | None:
    d = a["deadline"]
    return d["end"][:7] if d and d.get("end") else None


# -- 1. Ask ----------------------------------------------------------------------------------------------

def _set_question(text: str) -> None:
    st.session_state["question"] = text


def ask_inputs() -> None:
    """The question box and reference date: no store needed, so they paint before it opens."""
    st.text_input("问题 Question(回车提交 press Enter)", key="question",
                  placeholder="市工业和信息化局牵头哪些9月到期的任务?")


def page_ask(ctx: Ctx) -> None:
    from queries.ask import EXAMPLES, answer, lexicon_for

    lexicon_for(ctx.session)  # built now, not when the first question arrives
    example_buttons(EXAMPLES)
    question = st.session_state.get("question", "")
    if not question.strip():
        st.info("输入问题或点击上面的示例。Type a question or click an example above.", icon=":material/chat:")
        return
    show_answer(ctx, answer(ctx.session, question, today=reference_date()))


def example_buttons(examples: tuple[str, ...]) -> None:
    st.caption("示例问题 Example questions")
    for i, example in enumerate(examples):
        if i % 4 == 0:
            cols = st.columns(4)
        cols[i % 4].button(example, key=f"example-{i}", on_click=_set_question, args=(example,),
                           width="stretch", wrap=True)


def show_answer(ctx: Ctx, result) -> None:
    reading = ("；" if result.spec.language == "zh" else "; ").join(result.spec.reading) or "—"
    st.markdown(f"**理解为 / Read as:** {html.escape(reading)}")
    if result.spec.unread:
        st.markdown(f"**未能理解 / Not understood:** {html.escape('、'.join(result.spec.unread))}")
    if not result.understood:
        st.warning(result.message.replace("\n  - ", "\n- "), icon=":material/help:")
        return
    if result.table is not None:  # targets and industry questions are answered by a named query
        st.markdown(f"**命名查询 Named query:** `{result.table_query}`")
        st.dataframe(frame_of(result.table[1], result.table[0]), hide_index=True, use_container_width=True)
        return
    rows = ctx.scoped(result.assignments)
    if result.spec.shape == "count":
        st.metric("数量 Count", len(rows))
    if result.spec.shape == "by_unit":
        show_by_unit(result)
    if not rows:
        st.info(result.message or "没有符合条件的分工。No assignment matches this reading.", icon=":material/search_off:")
    else:
        st.markdown(f"**{len(rows)} 项分工 assignment(s)**")
        st.html(table_html(assignment_frame(rows, ctx.multi)))
        show_sources(ctx, rows)
    with st.expander("查询 Cypher 与参数 parameters"):
        st.code(result.cypher or "—", language="cypher")
        st.code(json.dumps(result.params, ensure_ascii=False, indent=2, default=str), language="json")


def table_html(frame: pd.DataFrame) -> str:
    """A plain HTML table that wraps long Chinese text (st.table would also need the Arrow renderer)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table class="pk-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def show_by_unit(result) -> None:
    frame = frame_of(result.by_unit()).rename(columns={
        "unit": "单位 Unit", "lead": "牵头 Lead", "responsible": "责任 Responsible",
        "cooperating": "配合 Cooperating", "total": "合计 Total"})
    st.dataframe(frame, hide_index=True)


SOURCE_LIMIT = 20


def show_sources(ctx: Ctx, rows: list[dict]) -> None:
    """Each clause as printed, units and deadline marked, the task's paragraph one click away; one HTML block
    for all cards keeps the browser's work per answer small."""
    st.subheader("原文 Source text")
    cards = "".join(source_card(ctx, a) for a in rows[:SOURCE_LIMIT])
    st.html(LEGEND + cards)
    if len(rows) > SOURCE_LIMIT:
        st.caption(f"只显示前 {SOURCE_LIMIT} 条的原文。Source text shown for the first {SOURCE_LIMIT} rows.")


def source_card(ctx: Ctx, a: dict) -> str:
    doc = ctx.store.document(a["document"]["id"])
    task, parsed = find_parsed(doc, a)
    head = f"任务 {task_name(a)} · {a['task']['title']}"
    if a["action"]:
        head += f" · 行动{a['action']['seq']} {a['action']['name']}"
    if ctx.multi:
        head += f" · {doc_label(doc)}"
    if parsed is None:
        body = f'<div class="pk-src pk-clause">{html.escape(a["text"])}</div>'
    else:
        spans = assignment_spans(parsed)
        start = min(parsed.text_span.start, parsed.attribution_span.start)
        end = max(parsed.text_span.end, parsed.attribution_span.end)
        focus = (start, end, "pk-focus", "本条 this clause")
        context = highlight(doc.text[task.span.start:task.span.end], [focus, *spans], task.span.start).strip()
        body = (f'<div class="pk-src pk-clause">{highlight(doc.text[start:end], spans, start)}</div>'
                f"<details><summary>上下文 Context:任务 {html.escape(a['task']['label'])} 全文 "
                f'the whole task paragraph</summary><div class="pk-src">{context}</div></details>')
    return f'<div class="pk-card"><div class="pk-card-head">{html.escape(head)}</div>{body}</div>'


# -- 2. Units --------------------------------------------------------------------------------------------

def unit_options(ctx: Ctx) -> tuple[list[str], dict[str, int]]:
    """Canonical unit names, busiest first (named query workload_ranking), then the rest (districts…)."""
    from queries.ask import lexicon_for

    ranking = ctx.named("workload_ranking")
    totals = dict(zip(ranking["unit"], ranking["total"], strict=True))
    rest = sorted(set(lexicon_for(ctx.session).unit_names) - set(totals))
    return list(totals) + rest, totals


def _resolve_alias(ctx: Ctx, names: list[str]) -> None:
    text = st.session_state.get("unit_alias", "").strip()
    if not text:
        return
    from queries.ask import lexicon_for

    lex = lexicon_for(ctx.session)
    found = [m.value for m in lex.find(text) if m.kind == "unit" and m.value in names]
    candidates = found[:1] or [n for n in lex.fuzzy_units(text) if n in names]
    if len(candidates) == 1:
        st.session_state["unit"] = candidates[0]
        st.session_state["unit_alias_note"] = ("info", f"“{text}” → {candidates[0]}")
    elif candidates:
        st.session_state["unit_alias_note"] = ("warning", f"“{text}” 可能是 could be: {'、'.join(candidates)}")
    else:
        st.session_state["unit_alias_note"] = ("warning", f"没有找到单位“{text}”。No unit called '{text}'.")


def page_units(ctx: Ctx) -> None:
    names, totals = unit_options(ctx)
    left, right = st.columns(2)
    unit = left.selectbox("单位 Unit(按分工数排序 busiest first)", names, key="unit")
    right.text_input("按简称查找 Find by short name or alias", key="unit_alias", placeholder="例如 市工信局、发改委",
                     on_change=_resolve_alias, args=(ctx, names))
    note = st.session_state.pop("unit_alias_note", None)
    if note:
        getattr(st, note[0])(note[1])
    roles = ctx.named("unit_assignments", unit=unit)
    rows = ctx.assignments(list(roles["id"]))
    role_of = {}
    for role, aid in zip(roles["role"], roles["id"], strict=True):
        role_of.setdefault(aid, []).append(role)
    reached = reached_through_collectives(ctx, unit)
    unit_summary(ctx, unit, rows, role_of, reached)
    district_view(unit, reached, ctx.multi)


def unit_summary(ctx: Ctx, unit: str, rows: list[dict], role_of: dict, reached: dict[str, list[dict]]) -> None:
    counts = Counter(role for a in rows for role in role_of[a["id"]])
    cols = st.columns(5 if reached else 4)
    for col, role in zip(cols, ROLES, strict=False):
        col.metric(ROLE_LABEL[role], counts[role])
    cols[3].metric("合计 Total", len(rows))
    if reached:  # a district's workload includes what is written to 各区(市)
        every = {a["id"] for a in rows} | {a["id"] for via_rows in reached.values() for a in via_rows}
        cols[4].metric("含集体单位 Incl. collectives", len(every),
                       help="本单位的分工加上写给其所属集体单位(如 各区(市))的分工。Its own assignments plus those "
                            "written to the collectives it belongs to.")
    if not rows:
        st.info(f"{unit} 没有直接分工。{unit} has no assignment of its own.", icon=":material/info:")
        return
    left, right = st.columns(2)
    with left:
        st.subheader("期限分布 Deadlines by month")
        unit_timeline(rows, role_of)
    with right:
        st.subheader("合作最多的单位 Works most with")
        partners_chart(ctx.named("unit_partners", unit=unit))
    for role in ROLES:
        items = [a for a in rows if role in role_of[a["id"]]]
        if items:
            st.subheader(f"{ROLE_LABEL[role]}({len(items)})")
            st.dataframe(assignment_frame(items, ctx.multi), hide_index=True, column_config=CLAUSE_COLUMNS)


CLAUSE_COLUMNS = {"任务 Task": st.column_config.TextColumn(width=75),
                  "条文 Clause": st.column_config.TextColumn(width=300),
                  "牵头 Lead": st.column_config.TextColumn(width=180),
                  "责任 Responsible": st.column_config.TextColumn(width=160),
                  "配合 Cooperating": st.column_config.TextColumn(width=130),
                  "期限 Deadline": st.column_config.TextColumn(width=110),
                  "状态 Status": st.column_config.TextColumn(width=140),
                  "到期日 Due": st.column_config.TextColumn(width=90)}


def unit_timeline(rows: list[dict], role_of: dict) -> None:
    import altair as alt
    data = [{"月份 Month": month_of(a), "角色 Role": ROLE_LABEL[r]} for a in rows for r in role_of[a["id"]]
            if month_of(a)]
    open_count = sum(1 for a in rows if a["deadline"] and not month_of(a))
    none_count = sum(1 for a in rows if not a["deadline"])
    if data:
        frame = frame_of(data).value_counts().reset_index(name="分工 Assignments")
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("月份 Month:O", title="到期月份 Month due", axis=alt.Axis(labelAngle=0, labelOverlap=False)),
            y=alt.Y("分工 Assignments:Q", title="分工 Assignments"),
            color=alt.Color("角色 Role:N", scale=alt.Scale(domain=[ROLE_LABEL[r] for r in ROLES],
                                                          range=[ROLE_COLOR[r] for r in ROLES]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["月份 Month", "角色 Role", "分工 Assignments"])
        st.altair_chart(chart.properties(height=260), width="stretch")
    st.caption("“全年”按年底(12月)计。'全年' (all year) counts as due in December."
               + (f" 另有 {open_count} 项长期/无截止。{open_count} open-ended." if open_count else "")
               + (f" {none_count} 项没有可识别的完成时限。{none_count} without a deadline read." if none_count else ""))


def partners_chart(frame: pd.DataFrame) -> None:
    import altair as alt

    if frame.empty:
        st.caption("没有与其他单位共同承担的分工。Shares no assignment with another unit.")
        return
    top = frame.head(10).rename(columns={"partner": "单位 Unit", "shared": "共同分工 Shared"})
    chart = alt.Chart(top).mark_bar(color="#1f77b4").encode(
        x=alt.X("共同分工 Shared:Q", title="共同分工 Shared assignments"),
        y=alt.Y("单位 Unit:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        tooltip=["单位 Unit", "共同分工 Shared"])
    st.altair_chart(chart.properties(height=max(120, 26 * len(top))), width="stretch")


def reached_through_collectives(ctx: Ctx, unit: str) -> dict[str, list[dict]]:
    """Collective → the assignments written to it, for each collective ``unit`` belongs to (district_duties)."""
    duties = ctx.named("district_duties", unit=unit)
    if duties.empty:
        return {}
    return {via: ctx.assignments(list(ctx.named("unit_assignments", unit=via)["id"]))
            for via in dict.fromkeys(duties["via"])}


def district_view(unit: str, reached: dict[str, list[dict]], multi: bool) -> None:
    """What reaches a member (a district) through its collectives."""
    if not reached:
        return
    st.subheader("通过集体单位承担 Reached through collectives")
    for via, rows in reached.items():
        st.markdown(f"**{unit}** 属于 **{via}**:{len(rows)} 项分工写给了 {via}。"
                    f"{unit} is a member of {via}, which carries {len(rows)} assignment(s).")
        st.dataframe(assignment_frame(rows, multi), hide_index=True, column_config=CLAUSE_COLUMNS)


# -- 3. Document -----------------------------------------------------------------------------------------

def page_document(ctx: Ctx) -> None:
    docs = ctx.store.documents()
    ids = [d.id for d in docs]
    default = ids.index(ctx.scope) if ctx.scope in ids else 0
    doc_id = st.selectbox("文件 Document", ids, index=default, key="doc_pick",
                          format_func=lambda i: doc_label(next(d for d in docs if d.id == i)))
    doc = next(d for d in docs if d.id == doc_id)
    document_header(doc)
    left, right = st.columns([5, 6])
    with left:
        task = document_outline(doc)
    with right:
        st.subheader("原文 Original text")
        st.html(LEGEND_FULL)
        with st.container(height=720, border=True):
            st.html(full_text_html(doc, task), unsafe_allow_javascript=True)
    parse_warnings(doc)


def document_header(doc) -> None:
    meta = doc.metadata
    st.markdown(f"### {html.escape(meta.title or doc.source_name)}")
    facts = [f"文号 {meta.doc_number}" if meta.doc_number else "",
             f"发文 {'、'.join(meta.issuers)}" if meta.issuers else "",
             f"日期 {meta.date.isoformat()}" if meta.date else f"年度 {meta.year}", f"来源 {doc.source_name}"]
    st.caption(" · ".join(f for f in facts if f))
    cols = st.columns(5)
    cols[0].metric("目标 Goals", len(doc.goals))
    cols[1].metric("行动 Actions", len(doc.actions))
    cols[2].metric("任务 Tasks", len(doc.tasks))
    cols[3].metric("分工 Assignments", len(doc.assignments))
    cols[4].metric("解析警告 Warnings", len(doc.issues))


def document_outline(doc):
    """Goals with their targets, then the tasks by action; returns the task picked for highlighting."""
    if doc.goals:
        with st.expander(f"目标与指标 Goals and targets({len(doc.goals)})"):
            for goal in doc.goals:
                st.markdown(f"**{html.escape(goal.area)}**")
                if goal.targets:
                    st.dataframe(target_frame(goal.targets), hide_index=True)
    st.subheader("任务 Tasks")
    labels = [task_option(doc, t) for t in doc.tasks]
    if not labels:
        st.info("没有识别出任务。No tasks were found in this document.")
        return None
    pick = st.selectbox("选择任务,在原文中高亮 Pick a task to highlight it in the text", range(len(labels)),
                        format_func=lambda i: labels[i], key=f"task-{doc.id}")
    task = doc.tasks[pick]
    task_assignments(doc, task)
    st.caption(f"全部 {len(doc.tasks)} 项任务 All {len(doc.tasks)} tasks")
    st.dataframe(outline_frame(doc), hide_index=True, height=380, column_config={
        "行动 Action": st.column_config.TextColumn(width=70), "任务 Task": st.column_config.TextColumn(width=70),
        "标题 Title": st.column_config.TextColumn(width=180), "分工 Assignments": st.column_config.NumberColumn(width=90)})
    return task


def task_option(doc, task) -> str:
    action = doc.action(task.action_seq)
    where = f"{action.label}{action.name} · " if action else ""
    return f"{where}{task.label}. {task.title}" if task.numbered else f"{where}{task.label}"


def target_frame(targets) -> pd.DataFrame:
    return frame_of([{"指标 Metric": t.metric, "目标 Target": t.text,
                      "值 Value": f"{t.comparator} {t.value:g}{t.unit}" + (" 增长 growth" if t.growth else "")}
                     for t in targets])


def outline_frame(doc) -> pd.DataFrame:
    rows = []
    for t in doc.tasks:
        action = doc.action(t.action_seq)
        rows.append({"行动 Action": action.label if action else "—", "任务 Task": t.label, "标题 Title": t.title,
                     "分工 Assignments": len(t.assignments),
                     "期限 Deadlines": "、".join(dict.fromkeys(a.deadline.text for a in t.assignments if a.deadline))
                     or "—"})
    return frame_of(rows)


def task_assignments(doc, task) -> None:
    """The picked task's assignments, one line each: who by role, and the deadline."""
    if not task.assignments:
        st.caption("这项任务没有识别出分工。No attribution was parsed in this task.")
        return
    lines = []
    for a in task.assignments:
        parts = [f"{ROLE_LABEL[r].split()[0]}:{'、'.join(u.name for u in getattr(a, r))}"
                 for r in ROLES if getattr(a, r)]
        parts.append(f"期限:{a.deadline.text}" if a.deadline else "期限:—")
        lines.append(f"{task.label}.{a.seq} — " + "；".join(parts))
    st.markdown("\n".join(f"- {html.escape(line)}" for line in lines))


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


def full_text_html(doc, task) -> str:
    """The whole text: the picked task's parsed spans highlighted and scrolled into view, parse warnings
    underlined where they occurred."""
    issues = [(i.span.start, i.span.end, "pk-issue", f"{i.line}:{i.column} {i.code}: {i.message}")
              for i in doc.issues if i.span is not None]
    if task is None:
        return f'<div class="pk-src pk-text-pane">{highlight(doc.text, issues)}</div>'
    start, end = task.span.start, task.span.end
    before = highlight(doc.text[:start], issues)
    body = highlight(doc.text[start:end], task_spans(task) + issues, start)
    after = highlight(doc.text[end:], issues, end)
    return (f'<div class="pk-src pk-text-pane">{before}<span id="pk-selected">{body}</span>{after}</div>'
            + SCROLL_SCRIPT)


def parse_warnings(doc) -> None:
    st.subheader(f"解析警告 Parse warnings({len(doc.issues)})")
    if not doc.issues:
        st.success("没有解析警告。No parse warnings.", icon=":material/check_circle:")
    else:
        rows = [{"位置 Line:Col": f"{i.line}:{i.column}", "类型 Code": i.code, "说明 Message": i.message,
                 "原文 Where": line_excerpt(doc.text, i)} for i in doc.issues]
        st.dataframe(frame_of(rows), hide_index=True, column_config={
            "原文 Where": st.column_config.TextColumn(width="large")})
    if doc.ignored:
        with st.expander(f"忽略的网页内容 Ignored page boilerplate({len(doc.ignored)})"):
            st.dataframe(frame_of([{"原因 Reason": s.reason, "位置 Offsets": f"{s.span.start}–{s.span.end}",
                                    "内容 Text": doc.text[s.span.start:s.span.end][:80]} for s in doc.ignored]),
                         hide_index=True)


def line_excerpt(text: str, issue, width: int = 24) -> str:
    """A few characters either side of what the issue points at, the flagged part in 【】."""
    if issue.span is None:
        lines = text.splitlines()
        return (lines[issue.line - 1] if 0 < issue.line <= len(lines) else "").strip()[:2 * width]
    start, end = issue.span.start, issue.span.end
    before = text[max(0, start - width):start].split("\n")[-1]
    after = text[end:end + width].split("\n")[0]
    return f"{'…' if len(before) == width else ''}{before}【{text[start:end]}】{after}{'…' if len(after) == width else ''}"


# -- 4. Deadlines ----------------------------------------------------------------------------------------

def status_of(a: dict, ref: date) -> str:
    """Overdue, soon or later against ``ref``; open-ended (长期坚持) is a deadline with no end, and an
    assignment whose deadline was missing or could not be read is neither (its document's warnings say why)."""
    if not a["deadline"]:
        return "none"
    end = a["deadline"]["end"]
    if not end:
        return "open"
    days = (date.fromisoformat(end) - ref).days
    return "overdue" if days < 0 else "soon" if days <= 30 else "later"


def page_deadlines(ctx: Ctx) -> None:
    rows = ctx.assignments()
    rows, ref = deadline_filters(rows)
    counts = Counter(status_of(a, ref) for a in rows)
    cols = st.columns(len(STATUS))
    for col, key in zip(cols, STATUS, strict=True):
        col.metric(f":{STATUS_MD[key]}[{STATUS[key][0]}]", counts[key], border=True)
    if not rows:
        st.info("没有符合筛选条件的分工。No assignment matches these filters.")
        return
    deadline_chart(rows, ref)
    frame = deadline_table(rows, ref, ctx.multi)
    colors = {label: color for label, color in STATUS.values()}
    styled = frame.style.map(lambda v: f"background-color: {colors[v]}33; color: #222", subset=["状态 Status"])
    st.dataframe(styled, hide_index=True, column_config=CLAUSE_COLUMNS)


def deadline_filters(rows: list[dict]) -> tuple[list[dict], date]:
    units = sorted({u for a in rows for r in ROLES for u in a[r]})
    actions = sorted({(a["action"]["seq"], a["action"]["name"]) for a in rows if a["action"]})
    c1, c2, c3 = st.columns([3, 2, 3])
    unit = c1.selectbox("单位 Unit", [ALL, *units], format_func=lambda u: "全部 All" if u == ALL else u,
                        key="dl_unit")
    role = c2.selectbox("角色 Role", [ALL, *ROLES], key="dl_role",
                        format_func=lambda r: "任意 Any" if r == ALL else ROLE_LABEL[r])
    action = c3.selectbox("行动 Action", [ALL, *actions], key="dl_action",
                          format_func=lambda x: "全部 All" if x == ALL else f"{x[0]}. {x[1]}")
    ref = reference_date()
    roles = ROLES if role == ALL else (role,)
    rows = [a for a in rows if (unit == ALL and (role == ALL or a[role])) or any(unit in a[r] for r in roles)]
    if action != ALL:
        rows = [a for a in rows if a["action"] and a["action"]["seq"] == action[0]]
    return rows, ref


def deadline_chart(rows: list[dict], ref: date) -> None:
    import altair as alt
    data = [{"月份 Month": month_of(a), "状态 Status": STATUS[status_of(a, ref)][0]} for a in rows if month_of(a)]
    if data:
        frame = frame_of(data).value_counts().reset_index(name="分工 Assignments")
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("月份 Month:O", title="到期月份 Month due", axis=alt.Axis(labelAngle=0, labelOverlap=False)),
            y=alt.Y("分工 Assignments:Q", title="分工 Assignments"),
            color=alt.Color("状态 Status:N", scale=alt.Scale(domain=[v[0] for v in STATUS.values()],
                                                            range=[v[1] for v in STATUS.values()])),
            tooltip=["月份 Month", "状态 Status", "分工 Assignments"])
        st.altair_chart(chart.properties(height=280), width="stretch")
    st.caption(f"参考日期 {ref.isoformat()};“全年”按 12月31日 计(in the chart: December)。"
               "Open-ended (长期/持续) assignments and those without a deadline read have no month; they are "
               "counted above.")


def deadline_table(rows: list[dict], ref: date, multi: bool) -> pd.DataFrame:
    ordered = sorted(rows, key=lambda a: (a["deadline"]["end"] if a["deadline"] and a["deadline"]["end"]
                                          else "9999", a["document"]["id"]))
    frame = assignment_frame(ordered, multi)
    frame.insert(0, "状态 Status", [STATUS[status_of(a, ref)][0] for a in ordered])
    frame.insert(1, "到期日 Due", [a["deadline"]["end"] if a["deadline"] and a["deadline"]["end"] else "—"
                                  for a in ordered])
    first = ["状态 Status", "到期日 Due", "期限 Deadline", "任务 Task"]
    return frame[first + [c for c in frame.columns if c not in first]]


# -- 5. Graph --------------------------------------------------------------------------------------------

NODE_COLORS = {"Unit": "#1f77b4", "Task": "#ff7f0e", "Assignment": "#9467bd", "Action": "#2ca02c",
               "Document": "#7f7f7f", "Section": "#7f7f7f", "Goal": "#17becf", "Indicator": "#bcbd22",
               "Industry": "#e377c2", "IndustryChain": "#e377c2", "Cluster": "#e377c2", "Platform": "#8c564b"}
NODE_ZH = {"Unit": "单位", "Task": "任务", "Assignment": "分工", "Action": "行动", "Document": "文件",
           "Section": "章节", "Goal": "目标", "Indicator": "指标", "Industry": "产业", "IndustryChain": "产业链",
           "Cluster": "集群", "Platform": "平台"}
REL_ZH = {"LEADS": "牵头", "RESPONSIBLE_FOR": "责任", "COOPERATES_ON": "配合", "HAS_ASSIGNMENT": "分工",
          "HAS_TASK": "任务", "HAS_ACTION": "行动", "MEMBER_OF": "属于", "CONCERNS": "涉及", "SETS_TARGET": "指标",
          "HAS_GOAL": "目标", "HAS_SECTION": "章节", "BROADER": "上位", "HAS_TASK_FORCE": "专班"}


def node_caption(data: dict) -> str:
    label = data["label"]
    if label == "Assignment":
        return f"{data.get('task_label')}.{data.get('seq')}"
    if label == "Task":
        return f"任务{data.get('label_text')}" if data.get("numbered") else str(data.get("label_text"))
    return str(data.get("name") or data.get("title") or data.get("metric") or data.get("area") or data["id"])[:24]


def page_graph(ctx: Ctx) -> None:
    from st_link_analysis import EdgeStyle, Event, st_link_analysis

    readable_node = _readable_node_style()
    g = networkx_graph(ctx.root, ctx.version, ctx.scope)
    focus, depth = graph_focus(ctx, g)
    if focus is None:
        return
    sub = graph_neighbourhood(g, focus, depth)
    left, right = st.columns([3, 1])
    with left:
        node_styles = [readable_node(label, NODE_COLORS.get(label, "#555"), "name") for label in NODE_COLORS]
        edge_styles = [EdgeStyle(rel, caption="caption", directed=True, labeled=None) for rel in REL_ZH]
        event = st_link_analysis(graph_elements(sub), layout="cose", node_styles=node_styles,
                                 edge_styles=edge_styles, height=620, key=f"graph-{focus}-{depth}",
                                 events=[Event("node_click", "click tap", "node")])
        st.html(graph_legend(sub))
    with right:
        clicked = (event or {}).get("data", {}).get("target_id") if isinstance(event, dict) else None
        node_details(sub, clicked if clicked in sub else focus)


def _readable_node_style():
    from st_link_analysis import NodeStyle

    class ReadableNode(NodeStyle):
        """Captions large enough to read when a neighbourhood of ~100 nodes is fitted to the frame."""

        def dump(self) -> dict:
            out = super().dump()
            out["style"].update({"font-size": 6, "min-zoomed-font-size": 4, "text-wrap": "ellipsis",
                                 "text-max-width": 90})
            return out

    return ReadableNode


def graph_legend(sub) -> str:
    labels = dict.fromkeys(d["label"] for _n, d in sub.nodes(data=True))
    items = "".join(f'<span style="margin-right:1.2em"><span style="display:inline-block;width:.8em;height:.8em;'
                    f'border-radius:50%;background:{NODE_COLORS.get(k, "#555")};margin-right:.3em"></span>'
                    f"{NODE_ZH.get(k, k)} {k}</span>" for k in labels)
    return f'<div style="font-size:.85rem;color:#444">{items}</div>'


def graph_focus(ctx: Ctx, g) -> tuple[str | None, int]:
    c1, c2, c3 = st.columns([2, 5, 2])
    kind = c1.radio("中心 Centre on", ["unit", "task"], horizontal=True, key="graph_kind",
                    format_func=lambda k: "单位 Unit" if k == "unit" else "任务 Task")
    depth = c3.radio("范围 Depth", [1, 2], index=1, horizontal=True, key="graph_depth",
                     format_func=lambda d: "1 步 hop" if d == 1 else "2 步 hops")
    if kind == "unit":
        names, _totals = unit_options(ctx)
        ids = {d["name"]: n for n, d in g.nodes(data=True) if d["label"] == "Unit"}
        names = [n for n in names if n in ids]
        name = c2.selectbox("单位 Unit", names, key="graph_unit")
        return ids.get(name), depth
    tasks = sorted(((d.get("document_id"), d.get("seq") or 0, n) for n, d in g.nodes(data=True)
                    if d["label"] == "Task"), key=lambda t: (t[0] or "", t[1]))
    if not tasks:
        st.info("没有任务。No tasks.")
        return None, depth
    task = c2.selectbox("任务 Task", [t[2] for t in tasks], key="graph_task",
                        format_func=lambda n: f"{node_caption(g.nodes[n])} {g.nodes[n].get('title', '')}")
    return task, depth


def graph_neighbourhood(g, focus: str, depth: int):
    """Units: their assignments, those assignments' tasks and co-units. Tasks: assignments, units, concepts,
    targets and the action. Districts reach the assignments of the collectives they belong to."""
    import networkx as nx

    nodes = set(nx.ego_graph(g.to_undirected(as_view=True), focus, radius=depth))
    drop = {n for n in nodes if g.nodes[n]["label"] in ("Document", "Section") and n != focus}
    if g.nodes[focus]["label"] == "Task":
        drop |= {n for n in nodes if g.nodes[n]["label"] == "Task" and n != focus}
    return g.subgraph(nodes - drop)


def graph_elements(sub) -> dict:
    nodes = []
    for n, d in sub.nodes(data=True):
        props = {k: (v if isinstance(v, int | float | bool) else str(v)[:200]) for k, v in d.items()
                 if k not in ("id", "label", "name")}
        nodes.append({"data": {"id": n, "label": d["label"], "name": node_caption(d), **props}})
    edges = [{"data": {"id": f"{u}|{v}|{k}", "source": u, "target": v, "label": d["type"],
                       "caption": REL_ZH.get(d["type"], d["type"])}} for u, v, k, d in sub.edges(keys=True, data=True)]
    return {"nodes": nodes, "edges": edges}


def node_details(sub, node: str) -> None:
    """The clicked node (the centre until one is clicked): its properties as the graph stores them."""
    data = sub.nodes[node]
    st.markdown(f"**节点 Node** · {NODE_ZH.get(data['label'], '')} {data['label']}")
    st.markdown(f"#### {html.escape(node_caption(data))}")
    lines = [f"- **{html.escape(k)}**: {html.escape(str(v)[:160])}{'…' if len(str(v)) > 160 else ''}"
             for k, v in data.items()
             if k not in ("label", "id") and v not in (None, "")]
    st.markdown("\n".join(lines))
    st.caption(f"邻居 Neighbours: {sub.degree(node)} · id `{node}`")


# -- 6. Analyst ------------------------------------------------------------------------------------------

def _fill_query() -> None:
    name = st.session_state.get("named_query")
    if name and name != ALL:
        q = named_query(name)
        st.session_state["cypher"] = q.text
        st.session_state["cypher_params"] = "\n".join(f"{k}={v}" for k, v in q.example.items())
        st.session_state.pop("cypher_result", None)


def parse_params(text: str) -> dict:
    params = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameter line {line.strip()!r}: write key=value, one per line")
        value = value.strip()
        params[key.strip()] = int(value) if value.lstrip("-").isdigit() else value
    return params


def page_analyst(ctx: Ctx) -> None:
    queries = all_queries()
    st.selectbox("命名查询 Named query", [ALL, *queries], key="named_query", on_change=_fill_query,
                 format_func=lambda n: "— 选择 choose —" if n == ALL else f"{n}:{queries[n].answers}")
    left, right = st.columns([3, 1])
    left.text_area("Cypher(只读 read-only)", key="cypher", height=220,
                   placeholder="MATCH (u:Unit)-[:LEADS]->(a:Assignment) RETURN u.name, count(a) ORDER BY 2 DESC")
    right.text_area("参数 Parameters(每行 key=value)", key="cypher_params", height=220, placeholder="unit=市财政局")
    if st.button("运行 Run", type="primary", key="run_cypher"):
        st.session_state["cypher_result"] = run_cypher(ctx)
    result = st.session_state.get("cypher_result")
    if result:
        show_cypher_result(result)
    else:
        st.caption("命名查询一览 The named queries")
        st.dataframe(frame_of([{"名称 Name": q.name, "回答 Answers": q.answers,
                                "参数 Params": "; ".join(q.params) or "—"} for q in queries.values()]),
                     hide_index=True, column_config={"回答 Answers": st.column_config.TextColumn(width="large")})


def run_cypher(ctx: Ctx) -> dict:
    """The console: the allow-list and limits of queries/console.py, on a connection of the query's own."""
    from queries.console import run_console

    text = st.session_state.get("cypher", "").strip()
    if not text:
        return {"error": "请输入查询。Type a query first."}
    try:
        params = parse_params(st.session_state.get("cypher_params", ""))
        missing = sorted(set(re.findall(r"\$([A-Za-z_]\w*)", text)) - set(params))
        if missing:  # the engine would read a missing parameter as null and answer with no rows
            return {"error": f"缺少参数 missing parameter(s): {', '.join(missing)};在“参数”框中每行写一个 "
                             f"key=value,例如 {missing[0]}=… Add one key=value line per parameter."}
        result = run_console(ctx.session, text, params)
    except PolicyKGError as exc:
        return {"error": str(exc)}
    return {"columns": result.columns, "rows": [[cell_text(v) for v in row] for row in result.rows],
            "truncated": result.truncated, "max_rows": result.max_rows}


def cell_text(value):
    """Nodes, relationships and lists as JSON text, dates as ISO: a table cell and a CSV field can hold them."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value.isoformat() if isinstance(value, date) else value


def show_cypher_result(result: dict) -> None:
    if "error" in result:
        st.error(f"查询被拒绝或失败 The query was refused or failed: {result['error']}", icon=":material/block:")
        return
    frame = frame_of(result["rows"], columns=result["columns"])
    left, right = st.columns([4, 1], vertical_alignment="center")
    if result.get("truncated"):
        left.caption(f"仅显示前 {result['max_rows']} 行 showing the first {result['max_rows']} rows "
                     "(加 LIMIT 或 WHERE 缩小结果 narrow the query with LIMIT or WHERE)")
    else:
        left.caption(f"{len(frame)} 行 rows")
    right.download_button("下载 CSV Download CSV", frame.to_csv(index=False).encode("utf-8-sig"), key="csv",
                          file_name="policykg-query.csv", mime="text/csv", on_click="ignore", width="stretch")
    st.dataframe(frame, hide_index=True)


# -- 7. Upload -------------------------------------------------------------------------------------------

def page_upload(ctx: Ctx) -> None:
    from graph.store import MAX_BYTES

    n = st.session_state.setdefault("uploader_round", 0)
    # No type= filter: Streamlit would raise on a wrong kind; checked_bytes refuses it with a message instead.
    files = st.file_uploader(f"选择文件 Choose files(.txt .html .htm .docx .pdf,每个不超过 each ≤ "
                             f"{MAX_BYTES // 2**20} MB)", accept_multiple_files=True,
                             key=f"uploader-{n}", max_upload_size=MAX_BYTES // 2**20)
    if files and st.button("加入存储 Add to store", type="primary", key="ingest"):
        ingest_uploads(ctx, files)
    show_upload_results(st.session_state.get("upload_results", []))
    if ctx.version:
        st.subheader("存储中的文件 Documents in the store")
        frame = ctx.named("documents").rename(columns={"title": "标题 Title", "doc_number": "文号 Number",
                                                       "tasks": "任务 Tasks", "assignments": "分工 Assignments"})
        st.dataframe(frame, hide_index=True, column_config={"标题 Title": st.column_config.TextColumn(width="large")})


def checked_bytes(upload) -> bytes:
    from graph.store import MAX_BYTES

    suffix = Path(upload.name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        raise InputError(upload.name, f"不支持的文件类型 .{suffix or '?'};unsupported kind of file, use "
                                      + " ".join(f".{t}" for t in UPLOAD_TYPES))
    if upload.size > MAX_BYTES:
        raise InputError(upload.name, f"文件 {upload.size // 2**20} MB 超过上限 {MAX_BYTES // 2**20} MB; "
                                      f"the file is larger than the {MAX_BYTES // 2**20} MB limit")
    return upload.getvalue()


def ingest_uploads(ctx: Ctx, files) -> None:
    """Parse, store and rebuild; the old session is closed first so the next read opens the new graph."""
    failure = None
    with st.status(f"正在加入 {len(files)} 个文件… Adding {len(files)} file(s)…", expanded=True) as status:
        try:
            status.write("检查文件 Checking files…")
            sources = [(checked_bytes(f), f.name) for f in files]
            status.write("解析并重建图谱 Parsing and rebuilding the graph…")
            open_session.clear()
            results = ctx.store.ingest_sources(sources)
        except PolicyKGError as exc:
            failure = exc
            status.update(label="没有加入 Nothing was added", state="error", expanded=False)
        else:
            status.update(label="完成 Done", state="complete")
    if failure is not None:  # outside the status box, which folds: the reason must stay in view
        st.error(str(failure), icon=":material/error:")
        return
    st.session_state["upload_results"] = [upload_summary(r) for r in results]
    st.session_state["uploader_round"] += 1
    all_assignments.clear()
    st.rerun()


def upload_summary(result) -> dict:
    doc = result.document
    return {"title": doc.metadata.title or doc.source_name, "doc_number": doc.metadata.doc_number,
            "source": doc.source_name, "added": result.added, "actions": len(doc.actions), "tasks": len(doc.tasks),
            "assignments": len(doc.assignments),
            "issues": [{"位置 Line:Col": f"{i.line}:{i.column}", "类型 Code": i.code, "说明 Message": i.message,
                        "原文 Where": line_excerpt(doc.text, i)} for i in doc.issues]}


def show_upload_results(results: list[dict]) -> None:
    for r in results:
        state = "已加入 Added" if r["added"] else "已在存储中 Already in the store"
        line = (f"{state}:《{r['title']}》{r['doc_number']}({r['source']})— 行动 actions {r['actions']},"
                f"任务 tasks {r['tasks']},分工 assignments {r['assignments']},警告 warnings {len(r['issues'])}")
        (st.success if r["added"] else st.info)(line)
        if r["issues"]:
            st.dataframe(frame_of(r["issues"]), hide_index=True,
                         column_config={"原文 Where": st.column_config.TextColumn(width="large")})


# -- 8. Exports ------------------------------------------------------------------------------------------

def page_exports(ctx: Ctx) -> None:
    from graph.analysis import units_with_assignments
    from graph.exporters import EXPORTERS

    fmt = st.selectbox("格式 Format", list(EXPORTERS), key="export_fmt",
                       format_func=lambda f: f"{FORMAT_ZH.get(f, f)} · {f}:{EXPORTERS[f].description}")
    exporter = EXPORTERS[fmt]
    graph = ctx.graph()
    options = export_options(exporter.options, units_with_assignments(graph),
                             sorted({(r["seq"], r["name"]) for r in graph.rows("Action")}))
    key = (ctx.version, ctx.scope, fmt, options)
    if st.button("生成 Generate", type="primary", key="export_go"):
        st.session_state["export_key"] = key
    if st.session_state.get("export_key") != key:
        formats_table(EXPORTERS)
        return
    with st.spinner("正在生成 Generating…"):
        data = export_bytes(ctx.root, ctx.version, ctx.scope, fmt, options)
    name = "policykg" + "".join(f"-{v}" for _k, v in options) + exporter.suffix
    st.download_button(f"下载 Download {name}({len(data) // 1024 or 1} KB)", data, file_name=name,
                       mime=exporter.media_type, on_click="ignore", key="export_download")
    export_preview(fmt, data)


MAP_KINDS = {"map": "分工图 responsibility", "co": "协作图 co-responsibility"}
FORMAT_ZH = {"ttl": "RDF 图谱", "jsonld": "RDF 图谱", "nt": "RDF 图谱", "graphml": "整个图谱", "gexf": "整个图谱",
             "cypher": "Neo4j 脚本", "csv": "责任矩阵", "neo4j-csv": "Neo4j 导入文件", "xlsx": "Excel 工作簿",
             "svg": "分工图", "png": "分工图", "ics": "期限日历", "md": "单位简报", "html": "单位简报"}


def formats_table(exporters: dict) -> None:
    st.caption("所有格式 All formats")
    st.dataframe(frame_of([{"格式 Format": name, "用途 What": FORMAT_ZH.get(name, ""),
                            "说明 Description": e.description, "文件 File": e.suffix,
                            "选项 Options": "、".join(e.options) or "—"} for name, e in exporters.items()]),
                 hide_index=True, column_config={"说明 Description": st.column_config.TextColumn(width="large")})


def export_options(takes: tuple[str, ...], units: list[str], actions: list[tuple[int, str]]) -> tuple:
    options = {}
    cols = st.columns(3)
    if "unit" in takes:
        unit = cols[0].selectbox("单位 Unit", [ALL, *units], key="export_unit",
                                 format_func=lambda u: "全部 All" if u == ALL else u)
        options["unit"] = None if unit == ALL else unit
    if "action" in takes:
        action = cols[1].selectbox("行动 Action", [ALL, *actions], key="export_action",
                                   format_func=lambda x: "全部 All" if x == ALL else f"{x[0]}. {x[1]}")
        options["action"] = None if action == ALL else action[0]
    if "kind" in takes:  # "map" is the default and goes unnamed
        options["kind"] = cols[2].radio("图 Map", ["map", "co"], horizontal=True, key="export_kind",
                                        format_func=lambda k: MAP_KINDS[k])
    return tuple((k, v) for k, v in options.items() if v is not None and (k, v) != ("kind", "map"))


def export_preview(fmt: str, data: bytes) -> None:
    if fmt in ("svg", "png"):
        text = data.decode("utf-8") if fmt == "svg" else ""
        with st.container(height=640, border=True):
            st.image(text[text.find("<svg"):] if fmt == "svg" else data, width="stretch")
    elif fmt == "md":
        with st.expander("预览 Preview", expanded=True):
            st.markdown(data.decode("utf-8"))
    elif fmt in ("ttl", "nt", "cypher", "ics"):
        with st.expander("预览 Preview (开头 first lines)"):
            st.code("\n".join(data.decode("utf-8").splitlines()[:40]))


# -- the app ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    title: str
    caption: str
    render: object  # (Ctx) -> None
    early: object = None  # () -> None: widgets drawn before the store opens


PAGES = {
    "ask": Page("问答 Ask", "用中文或英文提问:谁牵头、谁负责、什么时候到期。Ask in Chinese or English: who leads, "
                "who is responsible, what falls due when.", page_ask, ask_inputs),
    "units": Page("单位 Units", "一个单位牵头、负责、配合哪些任务,何时到期,和谁合作最多。What a unit leads, is "
                  "responsible for and cooperates on, when it falls due, and whom it works with most.", page_units),
    "document": Page("文件 Document", "文件的结构与原文:选一项任务,看它被解析出的单位和期限。A document's outline beside "
                     "its text: pick a task to see what was parsed from it.", page_document),
    "deadlines": Page("期限 Deadlines", "按月看到期的分工;红色逾期、黄色30天内到期、绿色未到期。What falls due month "
                      "by month: red overdue, yellow due within 30 days, green later.", page_deadlines),
    "graph": Page("图谱 Graph", "单位或任务的邻域:点一个节点看详情。The neighbourhood of a unit or a task: click a "
                  "node for details.", page_graph),
    "analyst": Page("分析 Analyst", "只读 Cypher 控制台;命名查询一键填入。A read-only Cypher console; named queries "
                    "one click away.", page_analyst),
    "upload": Page("上传 Upload", "加入政策文件(.txt .html .htm .docx .pdf);同样内容只加入一次。"
                   "Add policy documents; the same content is added once.", page_upload),
    "exports": Page("导出 Exports", "选择格式,生成后下载;按需生成。Pick a format, generate it, download it.",
                    page_exports),
}


def page_radio() -> str:
    with st.sidebar:
        st.markdown("## :material/account_tree: policykg")
        st.caption("政策文件分工图谱:谁对什么负责。Who is accountable for what in Chinese policy documents.")
        if "page" not in st.session_state and st.query_params.get("page") in PAGES:
            st.session_state["page"] = st.query_params["page"]
        page = st.radio("页面 Page", list(PAGES), key="page", format_func=lambda p: PAGES[p].title,
                        label_visibility="collapsed")
        st.date_input("参考日期 Reference date", value=date.today(), key="ref_date",
                      help="逾期、30天内到期、本月等按此日期计算,各页面共用。Overdue, due soon and 'this month' "
                           "count from this date, on every page.")
    st.query_params["page"] = page
    return page


def reference_date() -> date:
    """The one reference date of the sidebar, kept while the user moves between pages."""
    return st.session_state.get("ref_date") or date.today()


def open_ctx(root: str) -> Ctx:
    """The store at its current version, and the document scope picked in the sidebar."""
    ctx = Ctx(root, store_version(root))
    with st.sidebar:
        if ctx.version:
            docs = ctx.store.documents()
            names = {d.id: doc_label(d) for d in docs}
            scope = st.selectbox("文件范围 Documents", [ALL, *names], key="scope",
                                 format_func=lambda i: "全部文件 All documents" if i == ALL else names[i])
            ctx.scope = None if scope in (ALL, None) else scope
        count = f" · {len(ctx.store.documents())} 份文件 document(s)" if ctx.version else ""
        st.caption(f"存储 Store: `{ctx.root}`{count}")
    return ctx


def main() -> None:
    st.set_page_config(page_title="policykg 政策分工图谱", layout="wide")  # a material page_icon is fetched from a CDN
    st.html(CSS)
    root = store_root()
    page = PAGES[page_radio()]
    st.header(page.title)
    st.caption(page.caption)
    if page.early:
        page.early()
    with shown_as_message():
        with st.spinner("正在打开存储… Opening the store…"):  # shows only when it takes over half a second
            ctx = open_ctx(root)
        if not ctx.version and page is not PAGES["upload"]:
            empty_store(ctx)
            return
        page.render(ctx)


main()
