"""期限 Deadlines: what falls due month by month against the reference date; counts and month totals come
from the engine, the table a page at a time. ``/deadlines?unit=…&role=…&action=…&status=…`` reproduces it."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from graph import recurrence
from graph.status import STATUS, STATUS_MD, chases, due_of_contract

from . import data, views
from .common import ALL, PAGE_SIZE, Ctx, links_for, page_picker, plain, url_select
from .unit_links import show_note, unit_from_link
from .views import ANY, ROLE_LABEL, ROLES, esc

TITLE = "期限 Deadlines"
CAPTION = ("按月看到期的分工;红色逾期、黄色30天内到期、绿色未到期或已办结。What falls due month by month: red "
           "overdue, yellow due within 30 days, green later or done.")
def filters(ctx: Ctx) -> tuple[str | None, str | None, int | None, str | None] | None:
    """The filters, or None when the link names a place's unit the store does not hold (said, nothing shown:
    never every unit's deadlines in its stead)."""
    from queries.ask import lexicon_for

    names, _ = data.unit_names(ctx)
    links = links_for(ctx)
    if not unit_from_link(names, lexicon_for(ctx.session), data.labels_by_name(ctx), links, "deadlines"):
        show_note()
        st.markdown(f"[全部单位的期限 Every unit's deadlines](deadlines?{urlencode(links.shared)})")
        return None
    show_note()
    actions = dict(data.actions(ctx, ctx.scope))
    c1, c2, c3, c4 = st.columns([3, 2, 3, 2])
    unit = url_select(c1, "单位 Unit", [ALL, *names], "unit", format_func=lambda u: "全部 All" if u == ALL else u)
    role = url_select(c2, "角色 Role", [ANY, *ROLES], "role",
                      format_func=lambda r: "任意 Any" if r == ANY else ROLE_LABEL[r])
    action = url_select(c3, "行动 Action", [0, *actions], "action", disabled=not actions,
                        help=None if actions else data.ACTION_NEEDS_DOCUMENT,
                        format_func=lambda x: "全部 All" if not x else f"{x}. {actions[x]}")
    status = url_select(c4, "状态 Status", [ALL, *STATUS], "status",
                        format_func=lambda s: "全部 All" if s == ALL else STATUS[s][0])
    return (None if unit == ALL else unit, None if role == ANY else role, action or None,
            None if status == ALL else status)


def render(ctx: Ctx) -> None:
    chosen = filters(ctx)
    if chosen is None:
        return
    unit, role, action, status = chosen
    dues = data.counted(ctx, ctx.ref)
    full = bool(unit) and data.by_full_name(ctx, unit)
    ids = place_ids(ctx, unit) if unit else ()
    selection, params = data.deadline_selection(unit, role, action, ctx.scope, ctx.ref, dues=dues, full=full,
                                                ids=ids)
    counts = data.status_counts(ctx, selection, params)
    cols = st.columns(len(STATUS))
    for col, key in zip(cols, STATUS, strict=True):
        col.metric(f":{STATUS_MD[key]}[{STATUS[key][0]}]", counts.get(key, 0), border=True)
    total = counts.get(status, 0) if status else sum(counts.values())
    if not total:
        st.info("没有符合筛选条件的分工。No assignment matches these filters.")
        return
    deadline_chart(ctx, selection, params)
    if status:
        selection, params = data.deadline_selection(unit, role, action, ctx.scope, ctx.ref, status, dues, full, ids)
    table(ctx, selection, params, total)


def place_ids(ctx: Ctx, unit: str) -> tuple[str, ...]:
    """A place (即墨区): the ids of itself, its collectives and its units, the set the Units page counts and Ask
    lists (its own rows were none: a district's duties are its units' and its collectives'); () for a unit."""
    from queries.ask import lexicon_for

    members = data.place_members(ctx, unit, lexicon_for(ctx.session))
    if not members:
        return ()
    st.caption(f"{plain(unit)}:含本地单位与集体单位的分工,与单位页、问答同一规则。{plain(unit)}'s duties with those of its "
               "units and of the collectives it belongs to, as the Units page counts them and Ask lists them.")
    return data.reach_ids(ctx, unit, members)


def table(ctx: Ctx, selection: str, params: dict, total: int) -> None:
    page, pages = page_picker(total, "deadlines_page")
    rows = data.deadline_page(ctx, selection, params, page, PAGE_SIZE)
    links = links_for(ctx)
    status_cells = [f'<span class="pk-status pk-status-{s}">{esc(STATUS[s][0])}</span>' for _a, s in rows]
    current = ctx.recorded()
    chased = chases(current)
    due_cells = [_due_html(due_cell(a, ctx.ref, current.get(a["id"]), chase=chased(a["id"]))) for a, _s in rows]
    assignments = [a for a, _s in rows]
    st.html(views.assignment_table(assignments, links, len({a["document"]["id"] for a in assignments}) > 1,
                                   extra=[("pk-c-status", "状态 Status", status_cells),
                                          ("pk-c-date", "到期日 Due", due_cells)]))
    st.caption(f"第 {page + 1}/{pages} 页,共 {total} 项。Page {page + 1} of {pages}, {total} in all.")


def due_cell(a: dict, ref, event=None, *, chase: bool = False) -> str:
    """The date that counts (graph/status's one rule, the ledger's date): for a recurring deadline the next one
    (the end of the period holding ``ref``, or the day of it the duty names), marked; an extension's new date,
    with the printed one beside it (the page showed the printed date beside a status judged by the new one)."""
    d = a["deadline"] or {}
    due = due_of_contract(a, ref, event, chase=chase)
    if d.get("recurring"):
        return f"{recurrence.MARK} {due}"
    if due is not None and due.isoformat() != d.get("end"):
        return f"{due} (延期 extended; 原 was {d.get('end') or '—'})"
    return d.get("end") or "—"


def _due_html(text: str) -> str:
    """The due cell: the date kept on one line, an extension's printed date under it in small type, so the
    column stays narrow on a phone."""
    day, extended, note = text.partition(" (")
    return esc(day) + (f' <span class="pk-was">({esc(note)}</span>' if extended else "")


def deadline_chart(ctx: Ctx, selection: str, params: dict) -> None:
    import altair as alt
    import pandas as pd

    rows = data.month_counts(ctx, selection, params)
    if rows:
        frame = pd.DataFrame([{"月份 Month": f"{r['year']}-{r['month']:02d}", "状态 Status": STATUS[r["status"]][0],
                               "分工 Assignments": r["n"]} for r in rows])
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("月份 Month:O", title="到期月份 Month due", axis=alt.Axis(**views.month_axis(frame["月份 Month"].nunique()))),
            y=alt.Y("分工 Assignments:Q", title="分工 Assignments", axis=alt.Axis(**views.count_axis())),
            color=alt.Color("状态 Status:N", scale=alt.Scale(domain=[v[0] for v in STATUS.values()],
                                                            range=[v[1] for v in STATUS.values()])),
            tooltip=["月份 Month", "状态 Status", "分工 Assignments"])
        st.altair_chart(chart.properties(height=280), width="stretch")
    chased = chases(ctx.recorded())
    recurring_zh = ("按参考日期所在周期的期末(或文中所定的日子,如每月10日前)判断;已记录进展的文件中,该日已过或上一周期"
                    "未报已办结的即为逾期,其他文件的不因上一周期已过而逾期" if chased else
                    "按参考日期所在周期的期末(或文中所定的日子,如每月10日前;已过则看下一周期)判断,不因上一周期已过而逾期"
                    "(本库尚未记录进展)")
    recurring_en = ("are judged by the end of the period holding the reference date (or the day the text names, "
                    "每月10日前); in a document whose duties have progress recorded, one whose day has passed, or whose "
                    "period just ended, with no 已办结 report is overdue; in other documents never because an earlier "
                    "period passed" if chased else
                    "are judged by the end of the period holding the reference date (or the day the text names, "
                    "每月10日前; once it has passed, the next period's), never overdue because an earlier period "
                    "passed (this store records no progress)")
    st.caption(f"参考日期 {ctx.ref.isoformat()};“全年”按 12月31日 计(图中为12月)。长期/持续和没有可识别时限的分工"
               f"没有月份,只计入上方的数字;周期性的(↻ 每月、每季度){recurring_zh};延期的按新期限计入月份。"
               "Reference date as shown; an extended duty counts in the month of its new date; open-ended "
               "assignments and those without a deadline read have no month and are counted above; recurring ones "
               f"(↻) {recurring_en}.")
