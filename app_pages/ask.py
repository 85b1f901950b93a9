"""问答 Ask: a question in Chinese or English; the answer (how it was read, the table, the source text) comes
above the example questions so a phone shows it first. ``/ask?q=…`` reproduces it."""

from __future__ import annotations

import json

import streamlit as st

from . import data, views
from .common import PAGE_SIZE, Ctx, links_for, page_picker, plain

SOURCE_LIMIT = 20
PAGE_KEY = "ask_page"
TITLE = "问答 Ask"
CAPTION = ("用中文或英文提问:谁牵头、谁负责、什么时候到期。Ask in Chinese or English: who leads, who is "
           "responsible, what falls due when.")


def _set_question(text: str) -> None:
    st.session_state["q"] = text


def early() -> None:
    """The question box: no store needed, so it paints before the store opens."""
    from queries.question import MAX_QUESTION_CHARS

    asked = st.query_params.get("q") or ""  # as the link gave it: the box keeps only its first MAX_QUESTION_CHARS
    if len(asked) > MAX_QUESTION_CHARS:
        st.session_state[TOO_LONG_KEY] = (asked[:MAX_QUESTION_CHARS].strip(), len(asked))
    st.text_input("问题 Question(回车提交 press Enter)", key="q", bind="query-params", max_chars=MAX_QUESTION_CHARS,
                  placeholder="市工业和信息化局牵头哪些9月到期的任务?")


def render(ctx: Ctx) -> None:
    from queries.ask import answer, lexicon_for
    from queries.examples import examples_for

    lexicon_for(ctx.session)  # built now, not when the first question arrives
    question = (st.session_state.get("q") or "").strip()
    if question and not too_long(question):
        progress = ctx.recorded()  # recorded states: "overdue" means due and not done
        page = _page_asked(question)
        result = answer(ctx.session, question, today=ctx.ref, limit=PAGE_SIZE, offset=page * PAGE_SIZE,
                        progress=progress, scope=ctx.scope)
        if page and not result.assignments and result.count:  # past the last page: the first
            st.session_state[PAGE_KEY] = 1
            result = answer(ctx.session, question, today=ctx.ref, limit=PAGE_SIZE, progress=progress,
                            scope=ctx.scope)
        show_answer(ctx, result)
    elif not question:
        st.info("输入问题或点击下面的示例。Type a question or click an example below.")
    example_buttons(examples_for(ctx.session), folded=bool(question))


TOO_LONG_KEY = "ask_too_long"  # (what the box kept of a question too long, its length) until another is asked


def too_long(question: str) -> bool:
    """A link's ?q= longer than a question may be: the box kept its start, which is not what was asked, so it is
    said rather than answered (queries.question.check_length's message), until another question is asked."""
    from ingest.errors import QueryError
    from queries.question import check_length

    kept, length = st.session_state.get(TOO_LONG_KEY) or ("", 0)
    if question != kept:
        st.session_state.pop(TOO_LONG_KEY, None)
        return False
    try:
        check_length("x" * length)
    except QueryError as exc:
        st.error(str(exc))
    return True


def _page_asked(question: str) -> int:
    """The answer page asked for, from 0; another question starts again at the first."""
    if st.session_state.get("ask_page_of") != question:
        st.session_state["ask_page_of"] = question
        st.session_state[PAGE_KEY] = 1
    return int(st.session_state.get(PAGE_KEY, 1)) - 1


def example_buttons(examples: tuple[str, ...], folded: bool) -> None:
    box = st.expander("示例问题 Example questions", expanded=not folded)
    cols = box.columns(2)
    for i, example in enumerate(examples):
        # a label is Markdown, and an example names the store's actions and units: shown as text, asked as written
        cols[i % 2].button(plain(example), key=f"example-{i}", on_click=_set_question, args=(example,),
                           width="stretch")


def show_named_table(result, links) -> None:
    """A named query's rows, the first page of them: every document's task 17.2 without a lead is one row each,
    a thousand on a corpus, all drawn at once. The whole table is the same query on the Analyst page."""
    columns, rows = result.table
    head = f'<p><b>命名查询 Named query:</b> <code>{views.esc(result.table_query)}</code> · {len(rows)} 行 rows'
    if len(rows) > PAGE_SIZE:
        from queries.named import get

        params = "\n".join(f"{k}={v}" for k, v in result.params.items())
        head += (f"(显示前 {PAGE_SIZE} 行 showing the first {PAGE_SIZE}; "
                 + links.a("analyst", "全部行见分析页 every row on the Analyst page",
                           query=get(result.table_query).text, params=params) + ")")
    st.html(head + "</p>" + (views.table([("", c) for c in columns],
                                         [[views.esc(v) for v in r] for r in rows[:PAGE_SIZE]]) if rows else ""))
    if not rows:
        st.info("没有符合条件的行。No rows match this reading.")


def show_answer(ctx: Ctx, result) -> None:
    links = links_for(ctx)
    show_reading(ctx, result, links)
    if not result.understood:
        st.warning(result.message.replace("\n  - ", "\n- "))
        return
    if result.table_query:  # targets and industry questions are answered by a named query
        show_named_table(result, links)
        return
    rows = [a for a in result.assignments if ctx.scope is None or a["document"]["id"] == ctx.scope]
    multi = len({a["document"]["id"] for a in rows}) > 1
    rows = data.versions_said(ctx, rows) if multi else rows
    if result.spec.shape == "count":  # a task with two clauses is one task and two assignments
        tasks, assignments = st.columns(2)
        tasks.metric("任务 Tasks", result.tasks if result.tasks is not None else "—")
        assignments.metric("分工 Assignments", result.count)
    if result.spec.shape == "by_unit":
        show_by_unit(result, links)
    if result.table is not None:  # a ranking: the table is the answer, the top unit's assignments its evidence
        show_ranking(result, links)
        if rows and result.ranked_unit:
            st.subheader(f"排名第一的单位 {plain(result.ranked_unit)} 的分工 Assignments of the first unit, "
                         f"{plain(result.ranked_unit)}")
    if not rows:
        st.info(result.message or "没有符合条件的分工。No assignment matches this reading.")
    else:
        page, pages = page_picker(result.count, PAGE_KEY)
        more = (f"(第 {page + 1}/{pages} 页,每页 {PAGE_SIZE} 项 page {page + 1} of {pages}, {PAGE_SIZE} a page)"
                if pages > 1 else "")
        status = views.status_cells(rows, ctx.ref, ctx.recorded())
        st.html(f"<p><b>{result.count} 项分工 assignment(s)</b>{more}</p>"
                + views.assignment_table(rows, links, multi, status=status))
        show_sources(ctx, rows, links, multi)
    with st.expander("查询 Cypher 与参数 parameters"):
        st.code(result.cypher or "—", language="cypher")
        st.code(json.dumps(result.params, ensure_ascii=False, indent=2, default=str), language="json")


def show_reading(ctx: Ctx, result, links: views.Links) -> None:
    """What the answer may get wrong first (warnings), then how the question was read, the notes on time
    words, the reference date when the answer depends on it, and other readings as questions to click. All of
    it quotes the question, so all of it is escaped."""
    esc = views.esc
    spec = result.spec
    for warning in result.warnings:
        st.html(f'<div class="pk-result pk-warn">⚠ {esc(warning)}</div>')
    reading = ("；" if spec.language == "zh" else "; ").join(spec.reading) or "—"
    ref = f' <span class="pk-ref">参考日期 reference date {ctx.ref.isoformat()}</span>'
    if spec.reference_date is not None:  # 本月, 30天内, overdue: the answer depends on "now"
        ref = (f' <span class="pk-ref pk-relative">“本月”“逾期”等按参考日期 {esc(spec.reference_date.isoformat())} '
               f'计算 counted from the reference date {esc(spec.reference_date.isoformat())}</span>')
    st.html(f'<p class="pk-reading"><b>理解为 / Read as:</b> {esc(reading)}{ref}</p>')
    counted = spec.reference_date.isoformat() if spec.reference_date is not None else None
    for note in spec.notes:
        if counted is None or counted not in note:  # the reading line above says it already
            st.html(f'<p class="pk-note-line">说明 Note: {esc(note)}</p>')
    others = [(reading, question) for reading, question in spec.alternatives]
    others += [(f"写作 spelled “{unit}”", result.question.replace(written, unit))
               for written, unit in spec.suggestions if written in result.question and written != unit]
    if others:
        items = "".join(f"<li>{links.a('ask', f'{label}:{question}', q=question)}</li>" for label, question in others)
        st.html(f'<div class="pk-alternatives"><b>也可以这样问 Also ask:</b><ul>{items}</ul></div>')


def show_ranking(result, links: views.Links) -> None:
    head = [("pk-c-rank", "#"), ("pk-c-unit", "单位 Unit"), ("", "牵头 Lead"), ("", "责任 Responsible"),
            ("", "配合 Cooperating"), ("", "合计 Total")]
    columns, rows = result.table
    body = [[str(i), links.unit(str(r[columns.index("unit")])),
             *(views.esc(r[columns.index(k)]) for k in ("lead", "responsible", "cooperating", "total"))]
            for i, r in enumerate(rows, 1)]
    st.subheader("单位排名 Unit ranking")
    st.html(views.table(head, body, "pk-ranking"))


def show_by_unit(result, links: views.Links) -> None:
    head = [("pk-c-unit", "单位 Unit"), ("", "牵头 Lead"), ("", "责任 Responsible"), ("", "配合 Cooperating"),
            ("", "合计 Total")]
    rows = [[links.unit(r["unit"]), *(str(r[k]) for k in ("lead", "responsible", "cooperating", "total"))]
            for r in result.by_unit()]
    st.html(views.table(head, rows))


def show_sources(ctx: Ctx, rows: list[dict], links: views.Links, multi: bool) -> None:
    """Each clause as printed, units and deadline marked, the task's paragraph one click away; one HTML block
    for all cards keeps the browser's work per answer small."""
    st.subheader("原文 Source text")
    cards = "".join(views.source_card(ctx.document(a["document"]["id"]), a, links, multi)
                    for a in rows[:SOURCE_LIMIT])
    st.html(views.LEGEND + cards)
    if len(rows) > SOURCE_LIMIT:
        st.caption(f"只显示前 {SOURCE_LIMIT} 条的原文。Source text shown for the first {SOURCE_LIMIT} rows.")
