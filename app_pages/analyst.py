"""分析 Analyst: a read-only Cypher console. The dialect is stated, the schema is one click away, Ctrl+Enter
runs, nodes come back as tables, recent queries stay in the session. ``/analyst?query=…&params=…`` reproduces
the query and its result."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ingest.errors import PolicyKGError
from queries.named import all_queries
from queries.named import get as named_query

from . import views
from .common import ALL, Ctx, plain, without_paths
from .views import esc

TITLE = "分析 Analyst"
CAPTION = "只读 Cypher 控制台;命名查询一键填入。A read-only Cypher console; named queries one click away."
HISTORY = 10
DIALECT = """**方言 Dialect.** 内置存储是 LadybugDB(Kùzu 系 Cypher);同一查询也要能在 Neo4j 上运行时,注意:
The embedded store speaks LadybugDB's Cypher (the Kùzu family). Differences that matter when a query must also run
on Neo4j:

| | LadybugDB | Neo4j |
|---|---|---|
| 关系类型 relationship type | `label(r)`;或用 `r.role`(两者通用 works on both) | `type(r)` |
| 节点标签 node label | `label(n)` | `labels(n)` |
| 日期 dates | `date('2024-09-30')`,`a.due_end < date($d)` | 同 same |
| 月份 months | 整数属性 `a.due_year`、`a.due_month` | 同 same |
| 子查询 existence | `EXISTS { MATCH … }` | 同 same |
| 写入 writes | 只读,拒绝 refused (read-only) | 只读会话 read-only session |
| APOC | 无 none | 不使用 not used |

参数写在右边框中,每行 `key=value`;查询中写 `$key`。Parameters go in the box on the right, one `key=value` a line;
write `$key` in the query.
"""


def _fill_query() -> None:
    name = st.session_state.get("named")
    if name and name != ALL:
        q = named_query(name)
        st.session_state["query"] = q.text
        st.session_state["params"] = "\n".join(f"{k}={v}" for k, v in q.example.items())


def _recall(text: str, params: str) -> None:
    st.session_state["query"], st.session_state["params"] = text, params


def typed_params(text: str, params_text: str) -> dict:
    """``key=value`` lines through the one parser (``queries.params``): typed by the declaration when the
    query is a named query as written (``task=25`` the label "25", ``action=7`` the number 7), else a whole
    number is an int and anything else text. The example values are not filled in behind the user's back: a
    cleared box is a missing parameter, said as such."""
    from queries.params import parse_params

    lines = [line for line in (params_text or "").splitlines() if line.strip()]
    named = _as_written(text)
    return parse_params(lines, named.declared) if named is not None else parse_params(lines)


def run_cypher(ctx: Ctx, text: str, params: dict):
    """The console: the allow-list and limits of ``queries/console.py`` (row cap, timeout) on both engines."""
    from queries.console import run_console

    return run_console(ctx.session, text, params)


def render(ctx: Ctx) -> None:
    queries = all_queries()
    if "named" not in st.session_state:  # a link to a named query as written opens with that query chosen
        linked = (st.query_params.get("query") or "").strip()
        st.session_state["named"] = next((n for n, q in queries.items() if q.text.strip() == linked), ALL)
    st.selectbox("命名查询 Named query", [ALL, *queries], key="named", on_change=_fill_query,
                 format_func=lambda n: "— 选择 choose —" if n == ALL else f"{n}:{queries[n].answers}")
    with st.form("cypher_form", border=False):
        left, right = st.columns([3, 1])
        left.text_area("Cypher(只读 read-only;Ctrl+Enter 运行 runs)", key="query", height=220, bind="query-params",
                       placeholder="MATCH (u:Unit)-[:LEADS]->(a:Assignment) RETURN u.name, count(a) AS n ORDER BY n DESC")
        right.text_area("参数 Parameters(每行 key=value)", key="params", height=220, bind="query-params",
                        placeholder="unit=市财政局")
        submitted = st.form_submit_button("运行 Run", type="primary", key="run_cypher")
    text, params_text = (st.session_state.get("query") or "").strip(), st.session_state.get("params") or ""
    last = st.session_state.get("cypher_result")
    if text and (submitted or last is None or last["key"] != (text, params_text)):
        last = st.session_state["cypher_result"] = {"key": (text, params_text), **result_of(ctx, text, params_text)}
        remember(text, params_text)
    if last and last["key"] == (text, params_text):
        show_result(last)
    elif not text:
        named_table(queries)
    side_panels(ctx.session.engine)


def result_of(ctx: Ctx, text: str, params_text: str) -> dict:
    from queries.console import missing_params, tokens

    try:
        params = typed_params(text, params_text)
        missing = missing_params(tokens(text), params)
        if missing:  # the engine would read a missing parameter as null and answer with no rows
            return {"error": f"缺少参数 missing parameter(s): {', '.join(missing)};在“参数”框中每行写一个 "
                             f"key=value,例如 {missing[0]}=… Add one key=value line per parameter."}
        params, read = unit_read(ctx, text, params)
        params, only, task_read = task_read_of(text, params)
        result = run_cypher(ctx, text, params)
        note = " ".join(n for n in (read, task_read, places_note(ctx, text, params)) if n)
        found = task_names_of(ctx, text, result.columns, result.rows, only)
        found, scoped = in_scope(ctx, text, result.columns, found)
        note = " ".join(n for n in (note, scoped) if n)
    except PolicyKGError as exc:
        return {"error": str(exc)}
    columns, rows = tabulate(result.columns, found)
    return {"columns": columns, "rows": rows, "truncated": result.truncated, "max_rows": result.max_rows,
            "note": note}


def _as_written(text: str):
    """The named query the text still is as written: the one chosen, or the one a link (``?query=``) carries
    without the choice, so a shared link answers as the page did; else None."""
    name = st.session_state.get("named")
    if name and name != ALL and named_query(name).text.strip() == text:
        return named_query(name)
    return next((q for q in all_queries().values() if q.text.strip() == text), None)


def unit_read(ctx: Ctx, text: str, params: dict) -> tuple[dict, str]:
    """A named query as written, given a unit by an alias: read as the store's name for it (queries.named)."""
    from queries.named import with_unit_read

    named = _as_written(text)
    return with_unit_read(ctx.session, named, params) if named is not None else (params, "")


def task_read_of(text: str, params: dict) -> tuple[dict, str, str]:
    """A named query as written, given a task by the name pages print (保障措施.2): asked by its number, and
    the name whose rows are kept (queries.named)."""
    from queries.named import with_task_read

    named = _as_written(text)
    return with_task_read(named, params) if named is not None else (params, "", "")


def task_names_of(ctx: Ctx, text: str, columns: list[str], rows: list[list], only: str = "") -> list[list]:
    """A named query as written names its tasks as every page does (保障措施.2, not a bare 2; queries.named)."""
    from queries.named import with_task_names

    return with_task_names(ctx.session, columns, rows, only) if _as_written(text) is not None else rows


def in_scope(ctx: Ctx, text: str, columns: list[str], rows: list[list]) -> tuple[list[list], str]:
    """The sidebar's document scope: a named query's rows of that document (read from their ids), said; any
    other query reads the whole store, and says so, where the page answered for every document without a word."""
    if not ctx.scope:
        return rows, ""
    from queries.named import of_document

    kept = of_document(columns, rows, ctx.scope) if _as_written(text) is not None else None
    if kept is not None:
        return kept, (f"只列文件范围内的行({len(kept)}/{len(rows)})。Rows of the scoped document only "
                      f"({len(kept)} of {len(rows)}).")
    return rows, ("本查询读取整个库,不受“文件范围”限制。This query reads the whole store, whatever the "
                  "Documents scope.")


def places_note(ctx: Ctx, text: str, params: dict) -> str:
    """A named query as written, asked about a short name several places hold: say so (queries.named)."""
    from queries.named import several_places_note

    named = _as_written(text)
    return several_places_note(ctx.session, named, params) if named is not None else ""


def remember(text: str, params: str) -> None:
    history = [h for h in st.session_state.get("cypher_history", []) if h != (text, params)]
    st.session_state["cypher_history"] = [(text, params), *history][:HISTORY]


def tabulate(columns: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """Nodes and relationships spread into one column per property (``a.name``), with their label; the
    engine's internal ids (_ID, _SRC, _DST) left out; lists as text; dates as ISO."""
    wide: list[tuple[int, str | None]] = []
    for i in range(len(columns)):
        values = [r[i] for r in rows if r[i] is not None]
        if values and all(isinstance(v, dict) for v in values):
            keys = list(dict.fromkeys(k for v in values for k in v if not k.startswith("_")))
            label = any("_LABEL" in v for v in values)
            wide += ([(i, "_LABEL")] if label else []) + [(i, k) for k in keys]
        else:
            wide.append((i, None))
    head = [columns[i] if k is None else f"{columns[i]}:label" if k == "_LABEL" else f"{columns[i]}.{k}"
            for i, k in wide]
    body = [[cell(r[i] if k is None else (r[i] or {}).get(k)) for i, k in wide] for r in rows]
    return unique(head), body


def unique(names: list[str]) -> list[str]:
    """A table needs distinct column names: ``a.leaders`` twice becomes ``a.leaders`` and ``a.leaders (2)``."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def cell(value):
    if isinstance(value, list | tuple):
        return "; ".join(str(cell(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={cell(v)}" for k, v in value.items() if not str(k).startswith("_"))
    return value.isoformat() if isinstance(value, date) else value


def show_result(result: dict) -> None:
    import pandas as pd

    if "error" in result:
        st.error(f"查询被拒绝或失败 The query was refused or failed: {without_paths(result['error'])}")
        return
    if result.get("note"):  # quotes the user's parameter and unit names: escaped, never Markdown
        st.html(f'<div class="pk-result pk-warn">⚠ {esc(result["note"])}</div>')
    frame = pd.DataFrame(result["rows"], columns=result["columns"])
    left, right = st.columns([4, 1], vertical_alignment="center")
    if result["truncated"]:
        left.caption(f"仅显示前 {result['max_rows']} 行 showing the first {result['max_rows']} rows "
                     "(加 LIMIT 或 WHERE 缩小结果 narrow the query with LIMIT or WHERE)")
    else:
        left.caption(f"{len(frame)} 行 rows")
    right.download_button("下载 CSV Download CSV", frame.to_csv(index=False).encode("utf-8-sig"), key="csv",
                          file_name="policykg-query.csv", mime="text/csv", on_click="ignore", width="stretch")
    st.dataframe(frame, hide_index=True)


def named_table(queries: dict) -> None:
    st.caption("命名查询一览 The named queries")
    st.html(views.table([("", "名称 Name"), ("pk-c-clause", "回答 Answers"), ("", "参数 Params")],
                        [[f"<code>{esc(q.name)}</code>", esc(q.answers), esc("; ".join(q.params) or "—")]
                         for q in queries.values()]))


def side_panels(engine_name: str) -> None:
    from graph import schema

    with st.expander("方言说明 Dialect: LadybugDB and Neo4j"):
        engine = "Neo4j" if engine_name == "neo4j" else "LadybugDB"
        st.markdown(f"**本页查询在 {engine} 上运行。Queries on this page run on {engine}.**\n\n" + DIALECT)
    with st.expander("图谱结构 Schema: labels, relationship types, properties"):
        st.html(schema_html(schema))
    history = st.session_state.get("cypher_history", [])
    if history:
        with st.expander(f"本次会话的查询 This session's queries({len(history)})"):
            for i, (text, params) in enumerate(history):
                st.button(plain(text.splitlines()[0][:90]) + (" …" if len(text) > 90 or "\n" in text else ""),
                          key=f"history-{i}", on_click=_recall, args=(text, params))


def schema_html(schema) -> str:
    nodes = views.table([("", "标签 Label"), ("pk-c-clause", "属性 Properties"), ("", "说明 Meaning")],
                        [[f"<code>:{esc(n.label)}</code>", esc(", ".join(f"{p.name} {p.type}" for p in n.props)),
                          esc(n.doc)] for n in schema.NODES])
    rels = views.table([("", "关系 Type"), ("", "从 → 到 From → to"), ("", "属性 Properties"), ("", "说明 Meaning")],
                       [[f"<code>:{esc(r.type)}</code>", esc(", ".join(f"{a}→{b}" for a, b in r.pairs[:4])
                                                             + (" …" if len(r.pairs) > 4 else "")),
                         esc(", ".join(p.name for p in r.props) or "—"), esc(r.doc)] for r in schema.RELS])
    return f"<h4>节点 Nodes</h4>{nodes}<h4>关系 Relationships</h4>{rels}"
