"""单位 Units: what one unit leads, is responsible for and cooperates on, a page at a time; when it falls due;
whom it works with; what reaches a district through 各区(市); and its own brief, workbook and calendar.
``/units?unit=…&role=…`` reproduces it."""

from __future__ import annotations

import streamlit as st

from graph.analysis import roles_label

from . import data, views
from .common import PAGE_SIZE, Ctx, links_for, page_picker, plain, url_pick, url_select
from .exports import FORMAT_LABEL
from .unit_links import resolve_alias, show_note, unit_from_link
from .views import ANY, ROLE_LABEL, ROLES, Links

TITLE = "单位 Units"
CAPTION = ("一个单位牵头、负责、配合哪些任务,何时到期,和谁合作最多。What a unit leads, is responsible for and "
           "cooperates on, when it falls due, and whom it works with most.")
EXPORTS = ("md", "html", "xlsx", "ics")  # named as the Exports page names them (exports.FORMAT_LABEL)


def render(ctx: Ctx) -> None:
    from queries.ask import lexicon_for

    names, _totals = data.unit_names(ctx)
    if not names:
        st.info("存储中没有单位。No units in the store.")
        return
    lexicon, by_name = lexicon_for(ctx.session), data.labels_by_name(ctx)
    links = links_for(ctx)
    if not unit_from_link(names, lexicon, by_name, links):
        show_note()
        st.text_input("按简称查找 Find by short name or alias", key="unit_alias", placeholder="例如 市工信局、发改委",
                      on_change=resolve_alias, args=(names, lexicon, by_name, links))
        return
    left, mid, right = st.columns([3, 2, 2])
    unit = url_pick(left, "单位 Unit(按分工数排序 busiest first)", names, "unit")
    role = url_select(mid, "角色 Role", [ANY, *ROLES], "role",
                      format_func=lambda r: "任意 Any" if r == ANY else ROLE_LABEL[r])
    right.text_input("按简称查找 Find by short name or alias", key="unit_alias", placeholder="例如 市工信局、发改委",
                     on_change=resolve_alias, args=(names, lexicon, by_name, links))
    show_note()
    counts = data.unit_role_counts(ctx, unit, ctx.scope)
    collectives = data.collectives_of(ctx, unit, ctx.scope)
    members = data.place_members(ctx, unit, lexicon)
    reach = data.reach_total(ctx, unit, members, ctx.scope) if members else None
    metrics(counts, collectives, reach)
    if counts["total"]:
        charts(ctx, unit)
        roles = ROLES if role == ANY else (role,)
        n = sum(counts.get(r, 0) for r in roles) if role != ANY else counts["total"]
        assignment_pages(ctx, unit, roles, n, key="units_page")
    else:
        st.info(f"{plain(unit)} 没有直接分工。{plain(unit)} has no assignment of its own.")
    for via, n in collectives.items():
        st.html(f'<h3 class="pk-unit-section">通过集体单位承担 Reached through {views.esc(via)}</h3>'
                f"<p><b>{views.esc(unit)}</b> 属于 <b>{views.esc(via)}</b>:{n} 项分工写给了 {views.esc(via)}。"
                f"{views.esc(unit)} is a member of {views.esc(via)}, which carries {n} assignment(s).</p>")
        assignment_pages(ctx, via, ROLES, n, key=f"via_page_{via}")
    if members:
        place_units(ctx, unit, members, links)
    export_unit(ctx, unit, [u for u in ([unit] if counts["total"] else []) + list(collectives)])


def metrics(counts: dict, collectives: dict, reach: int | None = None) -> None:
    cols = st.columns(5 if collectives or reach is not None else 4)
    for col, role in zip(cols, ROLES, strict=False):
        col.metric(ROLE_LABEL[role], counts.get(role, 0))
    cols[3].metric("合计 Total", counts["total"])
    if reach is not None:  # a district: its own units' duties too, counted as Ask counts them
        cols[4].metric("含本地单位与集体单位 Incl. its units and collectives", reach,
                       help="本单位、其所属集体单位(如 各区(市))和本地各单位(如 区财政局)的分工,不重复计数;与问答"
                            "“…有哪些任务”同一规则。Its own assignments, its collectives' and its units', each once: "
                            "the rule Ask answers by.")
    elif collectives:  # a district's workload includes what is written to 各区(市)
        cols[4].metric("含集体单位 Incl. collectives", counts["total"] + sum(collectives.values()),
                       help="本单位的分工加上写给其所属集体单位(如 各区(市))的分工。Its own assignments plus those "
                            "written to the collectives it belongs to.")


def place_units(ctx: Ctx, unit: str, members: tuple[str, ...], links: Links) -> None:
    """A district's own units (区财政局 of 即墨区 …) and the duties each brings to it, a page at a time, each row
    saying which of its units holds it: what Ask answers for "即墨区有哪些任务" beside the sections above."""
    esc = views.esc
    counts = data.member_counts(ctx, members, ctx.scope)
    if not counts:
        return
    total = data.members_total(ctx, members, ctx.scope)
    listed = "、".join(f"{links.unit(label)} {n}" for label, n in counts)
    question = f"{unit}有哪些任务"
    st.html(f'<h3 class="pk-unit-section">通过本地单位承担 Through the units of {esc(unit)}</h3>'
            f"<p>{esc(unit)} 的 {len(counts)} 个单位承担 {total} 项分工 {len(counts)} of its units carry {total} "
            f"assignment(s): {listed}。{links.a('ask', '问答 Ask: ' + question, q=question)}</p>")
    page, pages = page_picker(total, "place_units_page")
    rows = data.members_page(ctx, members, ctx.scope, page, PAGE_SIZE)
    on = data.members_on(ctx, members, [a["id"] for a in rows])
    cells = ["<br>".join(f"{links.unit(label)}({views.esc(ROLE_LABEL[role])})" for label, role in on.get(a["id"], []))
             for a in rows]
    st.html(views.assignment_table(rows, links, len({a["document"]["id"] for a in rows}) > 1,
                                   extra=[("pk-c-unit", "经由单位 Through", cells)],
                                   status=views.status_cells(rows, ctx.ref, ctx.recorded())))
    if pages > 1:
        st.caption(f"第 {page + 1}/{pages} 页,共 {total} 项。Page {page + 1} of {pages}, {total} in all.")


def assignment_pages(ctx: Ctx, unit: str, roles: tuple[str, ...], total: int, key: str) -> None:
    """One page of the unit's assignments as an HTML table (wrapping, links); a page picker when there are more."""
    page, pages = page_picker(total, key)
    rows = data.unit_page(ctx, unit, roles, ctx.scope, page, PAGE_SIZE)
    role_of = data.unit_role_of(ctx, unit, [a["id"] for a in rows])
    cells = [views.esc(roles_label(role_of.get(a["id"], []), "、")) for a in rows]
    links = links_for(ctx)
    st.html(views.assignment_table(rows, links, len({a["document"]["id"] for a in rows}) > 1,
                                   extra=[("pk-c-role", "角色 Role", cells)],
                                   status=views.status_cells(rows, ctx.ref, ctx.recorded())))
    if pages > 1:
        st.caption(f"第 {page + 1}/{pages} 页,共 {total} 项。Page {page + 1} of {pages}, {total} in all.")


def charts(ctx: Ctx, unit: str) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader("期限分布 Deadlines by month")
        unit_timeline(ctx, unit)
    with right:
        st.subheader("合作最多的单位 Works most with")
        partners(ctx, unit)


def unit_timeline(ctx: Ctx, unit: str) -> None:
    import altair as alt
    import pandas as pd

    rows = data.unit_months(ctx, unit, ctx.scope)
    open_count, recurring_count, none_count = data.unit_undated(ctx, unit, ctx.scope)
    if rows:
        frame = pd.DataFrame([{"月份 Month": f"{r['year']}-{r['month']:02d}", "角色 Role": ROLE_LABEL[r["role"]],
                               "分工 Assignments": r["n"]} for r in rows])
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("月份 Month:O", title="到期月份 Month due", axis=alt.Axis(**views.month_axis(frame["月份 Month"].nunique()))),
            y=alt.Y("分工 Assignments:Q", title="分工 Assignments", axis=alt.Axis(**views.count_axis())),
            color=alt.Color("角色 Role:N", scale=alt.Scale(domain=[ROLE_LABEL[r] for r in ROLES],
                                                          range=[views.ROLE_COLOR[r] for r in ROLES]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["月份 Month", "角色 Role", "分工 Assignments"])
        st.altair_chart(chart.properties(height=260), width="stretch")
    st.caption("“全年”按年底(12月)计。'全年' (all year) counts as due in December."
               + (f" 另有 {open_count} 项长期/无截止。{open_count} open-ended." if open_count else "")
               + (f" {recurring_count} 项周期性(↻ 每月、每季度…)。{recurring_count} recurring." if recurring_count
                  else "")
               + (f" {none_count} 项没有可识别的完成时限。{none_count} without a deadline read." if none_count else ""))


def partners(ctx: Ctx, unit: str) -> None:
    rows = data.unit_partners(ctx, unit)
    if not rows:
        st.caption("没有与其他单位共同承担的分工。Shares no assignment with another unit.")
        return
    links = links_for(ctx)
    top = max(r["shared"] for r in rows)
    body = [[links.unit(r["partner"]),
             f'<span class="pk-bar" style="width:{100 * r["shared"] / top:.0f}%"></span> {r["shared"]}']
            for r in rows]
    st.html(views.table([("pk-c-unit", "单位 Unit"), ("pk-c-bar", "共同分工 Shared assignments")], body))


def export_unit(ctx: Ctx, unit: str, targets: list[str]) -> None:
    """导出本单位: its brief, workbook or calendar from the exporters registry, over the documents it appears in
    (a district: the lists of the collectives it belongs to, such as 各区(市))."""
    if not targets:
        return
    st.subheader("导出本单位 Export this unit")
    c1, c2, c3 = st.columns([3, 3, 2], vertical_alignment="bottom")
    who = c1.selectbox("对象 For", targets, key="export_for",
                       format_func=lambda u: u if u == unit else f"{u}(集体单位 collective)")
    fmt = c2.selectbox("格式 Format", list(EXPORTS), key="export_unit_fmt", format_func=FORMAT_LABEL.get)
    if c3.button("生成 Generate", key="export_unit_go"):
        st.session_state["unit_export"] = (who, fmt, ctx.version, unit_file(ctx, who, fmt))
    made = st.session_state.get("unit_export")
    if made and made[:3] == (who, fmt, ctx.version):
        from graph.exporters import get

        exporter = get(fmt)
        name = f"policykg-{who}{exporter.suffix}"
        st.download_button(f"下载 Download {name}", made[3], file_name=name, mime=exporter.media_type,
                           on_click="ignore", key="export_unit_download")


def unit_file(ctx: Ctx, unit: str, fmt: str) -> bytes:
    from graph.build import build_graph
    from graph.exporters import export
    from graph.store import load_resources

    docs = [ctx.document(d) for d in data.unit_documents(ctx, unit)
            if ctx.scope is None or d == ctx.scope]
    return export(fmt, build_graph(docs, load_resources()), unit=unit)
