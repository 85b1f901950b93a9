"""Progress left on no stored duty (its document removed, or replaced by a version without the duty): what
each duty was and its latest report, and a form that gives the records to a stored duty, as
``policykg progress stranded`` and ``policykg progress move`` do."""

from __future__ import annotations

import streamlit as st

from graph.progress import STATE_ZH
from ingest.errors import PolicyKGError

from . import views
from .common import Ctx, plain, without_paths
from .views import esc


def stranded_records(ctx: Ctx) -> None:
    """An expander listing the stranded records, shown only when there are some, and folded: records left by a
    removed notice stay in the log month after month, and the page is for adding documents; its label counts
    them."""
    from graph.supervision import targets

    log = ctx.store.progress()
    stranded = log.stranded(ctx.store.ids())  # no graph query: the page renders on every click
    if done := st.session_state.pop("moved_done", None):
        st.success(done)
    if not stranded:
        return
    known = targets(ctx.session)
    duties = log.duties()
    with st.expander(f"无对应分工的进展记录 Progress left on no stored duty({len(stranded)})"):
        st.caption("这些分工所在的文件已移除,或被不含该分工的新版本替换;记录仍在日志中,可移至存储中的分工。The "
                   "document of these duties was removed, or replaced by a version without them; the records stay "
                   "in the log and can be moved to a stored duty.")
        # the duty (document, label, title, units) stays on a phone; its clause goes (style.py: pk-c-clause)
        rows = [[esc(aid), esc(_what(duties.get(aid))), esc(_clause(duties.get(aid))),
                 esc(STATE_ZH[max(events, key=lambda e: e.at).state]), str(len(events))]
                for aid, events in sorted(stranded.items())]
        st.html(views.table([("pk-c-id", "分工编号 Id"), ("pk-c-duty", "原分工 Duty"), ("pk-c-clause", "条款 Clause"),
                             ("", "最新状态 Latest"), ("", "记录 Records")], rows, "pk-stranded"))
        _move_form(ctx, sorted(stranded), duties, known)


def _what(duty) -> str:
    if duty is None:
        return "(未保存原分工内容 not known: it left the store before policykg kept that)"
    return f"{duty.document} {duty.label} {duty.title}(单位 units: {'、'.join(duty.units) or '—'})"


def _clause(duty) -> str:
    return " ".join(duty.text.split()) if duty is not None else ""


def _move_form(ctx: Ctx, ids: list[str], duties: dict, known: dict) -> None:
    from .task import may_write, reporter

    targets = sorted(known.values(), key=lambda t: (t.document, t.id))
    if not targets:
        return
    old = st.selectbox("记录 Records of", ids, key="stranded_old",
                       format_func=lambda a: f"{a} {duties[a].label} {duties[a].title}" if a in duties else a)
    with st.form("stranded_move", border=True):
        new = st.selectbox("移至分工 Move to duty", [t.id for t in targets], key=f"stranded_new-{old}-{ctx.version}",
                           index=suggested(duties.get(old), targets), placeholder="选择分工 Choose a duty",
                           format_func=lambda a: f"{known[a].document} {known[a].label} {known[a].task_title} "
                                                 f"({'、'.join(known[a].units)})")
        signed_in = reporter()
        by = st.text_input("操作人 Moved by", value=signed_in or "", key="stranded_by", max_chars=100,
                           disabled=signed_in is not None)
        if st.form_submit_button("移动记录 Move the records"):
            if new is None:
                st.error("请选择要移至的分工。Choose the duty the records go to.")
            elif may_write(ctx):
                move(ctx, old, new, signed_in or by)


def suggested(duty, targets: list) -> int | None:
    """The stored duty of the same document family (its 文号) whose task title is the stranded duty's — of
    several, the one with its clause number — else none: a number alone may be another task's after a
    renumbering, so the user then chooses."""
    if duty is None:
        return None
    same = [i for i, t in enumerate(targets) if t.document == duty.document and t.task_title == duty.title]
    seq = duty.label.rsplit(".", 1)[-1]
    exact = [i for i in same if targets[i].label.rsplit(".", 1)[-1] == seq]
    return exact[0] if len(exact) == 1 else same[0] if len(same) == 1 else None


def move(ctx: Ctx, old: str, new: str, by: str) -> None:
    from graph.supervision import move_records

    try:
        target, events = move_records(ctx.store.progress(), ctx.session, old, new, by)
    except PolicyKGError as exc:
        st.error(without_paths(str(exc)))
        return
    st.session_state["moved_done"] = plain(f"已将 {len(events)} 条记录移至 {target.label}。Moved {len(events)} "
                                            f"record(s) of {old} to {target.id}.")
    st.rerun()
