"""任务 Task: one task on its own — every assignment's clause highlighted, every unit by role (each a link to
its Units view), the deadline and its status on the reference date, and a link to its place in the document.
``/task?doc=…&task=…`` reproduces it."""

from __future__ import annotations

from collections import Counter
from datetime import date

import streamlit as st

from graph.progress import STATE_ZH, known_by
from graph.status import STATUS, chases, differing, of_contract
from graph.task_label import fits, typed
from queries.contract import shown

from . import data, views
from .common import Ctx, current, links_for, plain, url_pick, without_paths
from .views import ROLE_LABEL, ROLES, esc

TITLE = "任务 Task"
CAPTION = "一项任务:原文、各单位及其角色、完成时限。One task: its text, every unit and role, its deadline."


def pick_document(ctx: Ctx, page: str = "task") -> dict | None:
    """The document a link or the select box names; None (and why) when a link names one the store lacks."""
    docs = data.documents(ctx)
    if not docs:
        return None
    by_id = {d["id"]: d for d in docs}
    ids = list(by_id)
    if page != "document":  # a task's page opens on a document with tasks, never on one of none (a 通知 of 各单位)
        with_tasks = data.documents_with_tasks(ctx)
        ids.sort(key=lambda i: i not in with_tasks)
    if ctx.scope in by_id:  # the scope's document first: it is the default
        ids.remove(ctx.scope)
        ids.insert(0, ctx.scope)
    elif len(ids) > 1 and st.query_params.get("task") and not st.query_params.get("doc"):
        st.warning("链接指明了任务,没有指明文件:任务编号在每份文件内各自编排,下面是第一份文件的任务。"
                   "The link names a task but no document; tasks are numbered within each document, so this is "
                   "the first document's. Choose the document below.")
    linked = st.query_params.get("doc")
    if linked and linked not in by_id and current("doc") is None:  # opened from a link
        found = [i for i in ids if i.startswith(linked)]
        if len(found) == 1:  # the short id the CLI prints (ingest: "id 1303c964f3b9")
            st.query_params["doc"] = found[0]
        elif newer := current_version(ctx, linked, by_id):
            st.query_params["doc"] = newer
            st.session_state["task_link_replaced"] = linked  # pick_task follows the old task's duties
            st.info(f"链接中的文件 {plain(linked)} 已由新版本取代,下面是当前版本。The link's document {plain(linked)} "
                    "was replaced by a newer version; this is the current one.")
        else:
            st.warning(f"链接中的文件 {plain(linked)} 不在存储中(或不止一个文件以它开头)。The link's document "
                       f"{plain(linked)} is not in the store (or several ids start with it).")
            st.html(links_for(ctx).a(page, "选择文件 Choose a document", "pk-tasklink"))
            return None
    doc_id = url_pick(st, "文件 Document", ids, "doc", format_func=lambda i: views.doc_name(by_id[i]))
    return by_id[doc_id]


def current_version(ctx: Ctx, linked: str, current: dict) -> str | None:
    """The stored document that replaced the version ``linked`` names (its full or short id), when the store
    knows it: the duties of a replaced version that had progress recorded moved to the new version's
    (graph/progress.py ``moves``). None when nothing says which document it became."""
    found = Counter(new.split("/", 1)[0] for old, new in ctx.store.progress().moves().items()
                    if old.split("/", 1)[0].startswith(linked) and new.split("/", 1)[0] in current)
    return found.most_common(1)[0][0] if found else None


def pick_task(ctx: Ctx, doc_id: str, label: str) -> dict | None:
    """A task of the document by its key ("19", or "保障措施.2" where the number repeats): the select box and
    the link's ``task=`` carry the key, so each task has its own address. A link to a replaced version's task
    opens the task its duties moved to; a name typed in Traditional is read as Simplified; a section's name
    that two sections now share ("保障措施.2" for 保障措施(1).2 and 保障措施(2).2) lists them and opens none. A
    link naming a repeated number alone ("2") opens the first task of that number and says which others there
    are."""
    tasks = data.tasks_of(ctx, doc_id)
    if not tasks:
        st.info("没有识别出任务。No tasks were found in this document.")
        return None
    by_key = {t["key"]: t for t in tasks}
    linked = st.query_params.get("task")
    old_doc = st.session_state.pop("task_link_replaced", None)
    if linked and current("task") is None and (old_doc or linked not in by_key):
        if old_doc:
            stranded_line(ctx, old_doc, typed(linked))
        if not linked_task(ctx, tasks, typed(linked), old_doc):
            return None
    chosen = url_pick(st, label, list(by_key), "task", format_func=lambda k: task_option(by_key[k]))
    return by_key[chosen]


def moved_tasks(ctx: Ctx, old_doc: str, name: str) -> set[str]:
    """The tasks (ids) the duties of a replaced version's task moved to (graph/progress.py ``moves``). The old
    task is found by its duties' names when the log kept them, else, for a number, as the task of that
    place (a document numbers its tasks from 1)."""
    moves = ctx.store.progress().moves()
    olds = {d.id.rsplit("/", 1)[0] for d in ctx.store.progress().duties().values()
            if d.id.startswith(old_doc) and d.label.rsplit(".", 1)[0] == name}
    if not olds and name.isdigit():
        olds = {f"{old}/t{name}" for old in {o.split("/", 1)[0] for o in moves if o.startswith(old_doc)}}
    return {new.rsplit("/", 1)[0] for old, new in moves.items() if old.rsplit("/", 1)[0] in olds}


def stranded_line(ctx: Ctx, old_doc: str, name: str) -> None:
    """One line when the linked task of a replaced version had duties whose records moved to no duty of the new
    version (``ProgressLog.stranded``): the page shows the new version's task, which does not hold them, and
    the Upload page lists them and moves them to a stored duty."""
    log = ctx.store.progress()
    duties = log.duties()
    left = {aid: events for aid, events in log.stranded(ctx.store.ids()).items() if aid.startswith(old_doc)
            and (duties[aid].label.rsplit(".", 1)[0] == name if aid in duties else aid.split("/")[1] == f"t{name}")}
    if not left:
        return
    which = "、".join(f"{duties[aid].label if aid in duties else aid} "
                     f"{STATE_ZH[max(events, key=lambda e: e.at).state]}" for aid, events in sorted(left.items()))
    st.warning(f"旧版本任务 {plain(name)} 的进展记录({plain(which)})没有随新版本移动:新版本中没有对应的分工,下面"
               "不显示它们;可在“上传 Upload”页移至存储中的分工。The old version's records of this task "
               f"({plain(which)}) moved to no duty of the new version and are not shown below; the Upload page "
               "lists them and moves them to a stored duty.")
    st.html(links_for(ctx).a("upload", "去移动记录 Move the records", "pk-tasklink"))


def moved_from(ctx: Ctx, old_doc: str) -> set[str]:
    """Every task (id) a duty of the replaced version ``old_doc`` moved to."""
    return {new.rsplit("/", 1)[0] for old, new in ctx.store.progress().moves().items() if old.startswith(old_doc)}


def linked_task(ctx: Ctx, tasks: list[dict], linked: str, old_doc: str | None) -> bool:
    """Set the link's ``task=`` to the key of the task it names; False (having listed the candidates) when it
    names several and nothing says which."""
    by_key = {t["key"]: t for t in tasks}
    if old_doc and len(moved := [t for t in tasks if t["id"] in moved_tasks(ctx, old_doc, linked)]) == 1:
        st.query_params["task"] = moved[0]["key"]
        return True
    if linked in by_key:
        st.query_params["task"] = linked
        return True
    fitting = [t for t in tasks if fits(linked, t["key"])]
    if old_doc and len(fitting) > 1:
        fitting = [t for t in fitting if t["id"] in moved_from(ctx, old_doc)] or fitting
    if len(fitting) == 1:
        st.query_params["task"] = fitting[0]["key"]
        return True
    if fitting:
        links = links_for(ctx)
        st.warning(f"这份文件有 {len(fitting)} 项任务名为 {plain(linked)},请选择其一。This document has "
                   f"{len(fitting)} tasks named {plain(linked)}; choose one of them:")
        st.html('<ul class="pk-choices">' + "".join(
            f"<li>{links.a('task', task_option(t), 'pk-tasklink', doc=t['id'].split('/')[0], task=t['key'])}</li>"
            for t in fitting) + "</ul>")
        return False
    same_number(tasks, linked)
    return True


def same_number(tasks: list[dict], linked: str) -> None:
    """A link naming a number alone: the first task of that number, saying which others have it; a name no task
    has: the first task, saying so."""
    same = [t for t in tasks if str(t["label"]) == linked]
    if same:
        st.query_params["task"] = same[0]["key"]
    if len(same) > 1:
        which = "; ".join(f"{t['key']} {t['title']}" for t in same)
        st.warning(f"这份文件有 {len(same)} 项任务编号为 {plain(linked)}:{plain(which)};下面是第一项。This "
                   f"document numbers {len(same)} tasks {plain(linked)}: {plain(which)}; this is the first.")
    elif not same:
        st.warning(f"这份文件没有任务 {plain(linked)},下面是它的第一项任务。This document has no task "
                   f"{plain(linked)}; this is its first task.")


def task_option(task: dict) -> str:
    """"19. 加快…", "保障措施 任务2 · 强化督导考核" (a repeated number), "保障措施" (attributions under a heading)."""
    if task["key"] != str(task["label"]):
        return f"{task['heading']} · {task['title']}"
    return f"{task['key']}. {task['title']}" if str(task["key"]).isdigit() else task["key"]


def task_heading(task: dict) -> str:
    """The page's heading: "任务 19" as before, "保障措施 任务2" where the number repeats."""
    return f"任务 {task['key']}" if task["key"] == str(task["label"]) else task["heading"]


def render(ctx: Ctx) -> None:
    doc = pick_document(ctx)
    if doc is None:
        return
    task = pick_task(ctx, doc["id"], "任务 Task")
    if task is not None:
        show_task(ctx, doc, task)


def show_task(ctx: Ctx, doc: dict, picked: dict) -> None:
    links = links_for(ctx)
    rows = data.task_assignments(ctx, picked["id"])
    parsed_doc = ctx.document(doc["id"])
    task = parsed_doc.tasks[picked["seq"] - 1] if 0 < picked["seq"] <= len(parsed_doc.tasks) else None
    name = views.doc_name(doc)
    key = picked["key"]
    st.html(f'<h3 class="pk-title">{esc(task_heading(picked))} · {esc(task.title if task else "")}</h3>'
            '<p class="pk-meta">'
            + " · ".join([links.a("document", name, doc=doc["id"]),
                          links.a("document", "在文件中的位置 Its place in the document", "pk-doclink",
                                  doc=doc["id"], task=key),
                          links.a("graph", "图谱 Graph", kind="task", doc=doc["id"], task=key)]) + "</p>")
    if not rows:
        st.info("这项任务没有识别出分工。No attribution was parsed in this task.")
    current = ctx.recorded()
    chased = chases(current)
    st.html(views.LEGEND + "".join(assignment_card(ctx, links, parsed_doc, task, a, current.get(a["id"]),
                                                   chase=chased(a["id"])) for a in rows))
    if rows:
        progress_section(ctx, rows)
    if task is not None:
        st.subheader("任务全文 The whole task")
        text = parsed_doc.text[task.span.start:task.span.end]
        st.html(f'<div class="pk-src pk-text-pane">{views.highlight(text, views.task_spans(task), task.span.start)}'
                "</div>")
    st.caption(f"参考日期 Reference date {ctx.ref.isoformat()}")


def assignment_card(ctx: Ctx, links, parsed_doc, task, a: dict, event=None, *, chase: bool = False) -> str:
    """One assignment: its clause highlighted, its units by role (links), its deadline and its status (the one
    rule of graph/status: the recorded state, the deadline and the reference date)."""
    _t, parsed = views.find_parsed(parsed_doc, a)
    status = of_contract(a, ctx.ref, event, chase=chase)
    roles = "".join(f"<tr><th>{esc(ROLE_LABEL[r])}</th><td>{links.units(shown(a, r), a.get(f'{r}_open'))}</td></tr>"
                    for r in ROLES if a[r])
    clause = (views.clause_html(parsed_doc, task, parsed) if parsed
              else f'<div class="pk-src">{esc(a["text"])}</div>')
    due = (f"<tr><th>期限 Deadline</th><td>{esc(views.deadline_text(a))} "
           f'<span class="pk-status pk-status-{status}">{esc(STATUS[status][0])}</span></td></tr>')
    if event is not None:
        when = f" {event.date.isoformat()}" if event.date else ""
        unit = f"{event.unit} " if event.unit else ""
        due += (f"<tr><th>进展 Progress</th><td>{esc(STATE_ZH[event.state] + when)} {esc(event.note)} "
                f'<span class="pk-meta">— {esc(unit + event.by)} {esc(event.at.date().isoformat())}</span>'
                + (f'<div class="pk-meta">{esc(differing(event))}</div>' if differing(event) else "")
                + "</td></tr>")
    return (f'<div class="pk-card" data-assignment="{esc(views.task_name(a))}"><div class="pk-card-head">分工 '
            f'{esc(views.task_name(a))}</div>{clause}<table class="pk-facts">{roles}{due}</table></div>')


# -- 进展填报 recording progress ---------------------------------------------------------------------------

def reporter() -> str | None:
    """Who is signed in (st.user, or a reverse proxy's user header); None when nobody is."""
    from graph.access import login_name

    try:
        user = st.user.to_dict()
    except Exception:  # noqa: BLE001 — no auth configured: nobody is signed in
        user = None
    return login_name(user, dict(st.context.headers or {}), st.context.ip_address)


def may_write(ctx: Ctx) -> bool:
    """Whether this visitor may change the store (``graph.access.check_app_writer``); when not, the page says why."""
    from graph.access import check_app_writer
    from ingest.errors import PolicyKGError

    try:
        check_app_writer(ctx.store.progress().folder, reporter())
    except PolicyKGError as exc:
        st.error(f"没有写入 Not written: {without_paths(str(exc))}")
        return False
    return True


def progress_section(ctx: Ctx, rows: list[dict]) -> None:
    st.subheader("进展填报 Record progress")
    names = {a["id"]: views.task_name(a) for a in rows}
    signed_in = reporter()
    by_label = {label: aid for aid, label in names.items()}  # shown labels are the options
    current = ctx.store.progress().current()

    label = st.selectbox("分工 Assignment", list(by_label), key="progress_assignment")
    follow_state(current.get(by_label[label]), by_label[label])
    recurs = {a["id"]: (a.get("deadline") or {}).get("recurring") for a in rows}
    with st.form("progress_form", border=True):
        c2, c3 = st.columns([2, 2])
        state = c2.selectbox("状态 State", list(STATE_ZH.values()), key="progress_state")  # record reads 已办结
        when = c3.date_input("日期 Date(办结日期或新的截止日期 done on, or the new deadline)", value=None,
                             key="progress_date", min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
        period = None
        # A recurring duty's report may be for the period just ended, when that period is one of the duty's.
        if recurs.get(by_label[label]) and _has_previous(rows, by_label[label], recurs[by_label[label]], ctx.ref):
            period = st.radio("报告期 Report period", list(PERIOD_CHOICES), key="progress_period", horizontal=True,
                              help="周期性任务:“待报周期”记入最早未报的一期(上期未报时为上期,否则为日期所在的一期);"
                                   "也可指定本期或上期。A recurring duty: 'the period owed' is the earliest period "
                                   "not yet reported (the previous one while it is owed, else the period of the "
                                   "date); or name this period or the previous one.")
        note = st.text_area("说明 Note", key="progress_note", max_chars=2000, height=80)
        by = st.text_input("填报人 Reported by", value=signed_in or "", key="progress_by", max_chars=100,
                           disabled=signed_in is not None,
                           help="已登录时为登录名。Your sign-in name when signed in; required otherwise.")
        submitted = st.form_submit_button("记录 Record", type="primary", key="progress_record")
    if submitted and may_write(ctx):
        recurring = recurs.get(by_label[label]) or ""
        record_progress(ctx, by_label[label], state, when, note, signed_in or by,
                        _period_day(recurring, PERIOD_CHOICES.get(period), when, ctx.ref), recurring)
    history(ctx, names, recurs)


# The form's report periods → graph.supervision.report_period's words (None: the earliest period owed, else the
# one holding its date: graph.supervision.outstanding).
PERIOD_CHOICES = {"待报周期 The period owed": None, "本期 This period": "本期", "上期 The previous period": "上期"}


def _has_previous(rows: list[dict], aid: str, recurring: str, ref: date) -> bool:
    """Whether the period before ``ref``'s is one the duty owes, judged on the day it falls due in each (每月10日前:
    a notice of 20 October owes November first, so 上期 is not offered on 15 November)."""
    from graph import recurrence

    deadline = next(((a.get("deadline") or {}) for a in rows if a["id"] == aid), {})
    start = deadline.get("start")
    return recurrence.has_previous(recurring, date.fromisoformat(start) if start else None, ref,
                                   deadline.get("due_day") or 0, deadline.get("due_day_month") or 0)


def _period_day(recurring: str | None, choice: str | None, when, ref: date) -> str | None:
    """上期 and 本期 of the report's date, else of the page's reference date (the day the page is read as of), not
    the server's clock: a report entered on a page read as of 10 August 2024 is July's (上期) or August's."""
    if not (recurring and choice) or when is not None:
        return choice
    from graph import recurrence

    day = recurrence.previous(recurring, ref) if choice == "上期" else recurrence.period_of(recurring, ref)
    return day[0].isoformat()


def follow_state(event, aid: str) -> None:
    """The form's state starts at the duty's latest report (未启动 when none), and follows another duty chosen,
    unless the user has already picked a state the form did not offer."""
    said, offered = st.session_state.get("progress_state_of", (None, None))
    if said == aid:
        return
    if st.session_state.get("progress_state") in (None, offered):
        st.session_state["progress_state"] = STATE_ZH[event.state] if event else next(iter(STATE_ZH.values()))
    st.session_state["progress_state_of"] = (aid, st.session_state["progress_state"])


def record_progress(ctx: Ctx, aid: str, state: str, when, note: str, by: str, period: str | None = None,
                    recurring: str = "") -> None:
    from graph.supervision import AlreadyRecorded, record
    from ingest.errors import PolicyKGError

    if not (by or "").strip():
        st.error("请填写填报人。Who reports this? Fill in 填报人 Reported by.")
        return
    try:
        event = record(ctx.store.progress(), ctx.session, aid, state, by.strip(), note.strip(), when, period=period)
    except AlreadyRecorded as same:
        st.info(f"今天已记录过同样的报告,未重复记录。The same report was recorded today already "
                f"({same.event.at:%H:%M}); nothing new was recorded.")
        return
    except PolicyKGError as exc:
        st.error(f"没有记录 Not recorded: {without_paths(str(exc))}")
        return
    st.session_state["progress_recorded"] = f"已记录 Recorded: {STATE_ZH[event.state]}{_period_named(event, recurring)}"
    st.rerun()


def history(ctx: Ctx, names: dict[str, str], recurs: dict[str, str | None] | None = None) -> None:
    """Every report on this task's assignments, newest first."""
    if done := st.session_state.pop("progress_recorded", None):
        st.success(done)
    log = ctx.store.progress()
    events = [e for aid in names for e in log.events(aid)]
    if not events:
        st.caption("还没有进展记录。No progress recorded yet.")
        return
    events.sort(key=lambda e: e.at, reverse=True)
    st.caption(f"进展记录 Progress history({len(events)})")
    later = sum(not known_by(e, ctx.ref) for e in events) if ctx.ref < date.today() else 0
    if later:  # the one rule (graph/progress ``current``): the status above counts what was recorded by then
        st.caption(f"其中 {later} 条在参考日期 {ctx.ref.isoformat()} 之后记录,不计入上方状态(与督办台账相同)。"
                   f"{later} recorded after the reference date: not counted in the status above, as in the ledger.")
    rows = []
    for e in events:  # a phone hides the date and recorded columns and shows them under the state and the reporter
        day, at = e.date.isoformat() if e.date else "—", e.at.strftime("%Y-%m-%d %H:%M")
        note = " ".join(x for x in (_period_named(e, (recurs or {}).get(e.assignment)), e.note) if x) or "—"
        rows.append([esc(names[e.assignment]), esc(STATE_ZH[e.state]) + _inline(day), esc(day), esc(note),
                     esc(e.by) + _inline(at), esc(at)])
    st.html(views.table([("", "分工 Assignment"), ("pk-c-word", "状态 State"), ("pk-c-date", "日期 Date"),
                         ("pk-c-note", "说明 Note"), ("pk-c-word pk-c-by", "填报人 By"), ("pk-c-at", "记录时间 Recorded")],
                        rows, "pk-history"))


def _inline(text: str) -> str:
    """A hidden column's value under another column's, on a phone: each word (a date, a time) kept whole."""
    return '<span class="pk-inline">' + " ".join(f"<span>{esc(w)}</span>" for w in text.split()) + "</span>"


def _period_named(event, recurring: str | None) -> str:
    if event.period is None:
        return ""
    from graph import recurrence

    return f"({recurrence.report_period_words(recurring or '', event.period)})"
