"""policykg in the browser: Streamlit's own multipage app (``st.navigation``), one module per page in
``app_pages/``.

Thin on purpose (STYLE 13): answers come from ``queries/``, files from ``graph.exporters``, documents from
``graph.store``; the page modules lay them out. Each page keeps its state in its URL (bound widgets), so a link
reproduces the view in a fresh browser; the reference date (``?ref=``) and the document scope (``?scope=``)
are shared by every page. Failures become messages in one place, ``app_pages.common.shown_as_message``.

Run with ``policykg --store DIR serve`` or ``streamlit run app.py -- --store DIR`` (env ``POLICYKG_STORE`` too).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from app_pages import analyst, ask, common, deadlines, document, exports, graph_page, task, units, upload
from app_pages.common import ALL, Ctx, current_ctx, empty_store, shown_as_message, url_select
from app_pages.style import CSS
from app_pages.views import doc_name

MODULES = {"ask": ask, "units": units, "task": task, "document": document, "deadlines": deadlines,
           "graph": graph_page, "analyst": analyst, "upload": upload, "exports": exports}


def run_page(name: str) -> None:
    """One page: its title and caption, its early widgets, then its body on the open store."""
    module = MODULES[name]
    st.header(module.TITLE)
    st.caption(module.CAPTION)
    if hasattr(module, "early"):
        module.early()
    with shown_as_message():
        with st.spinner("正在打开存储… Opening the store…"):  # shows only when it takes over half a second
            ctx = current_ctx()
        from graph.sessions import neo4j_connection

        on_server = neo4j_connection() is not None  # asked of the settings: an empty store has no session
        if not ctx.version and name != "upload":
            empty_store(on_server)
            return
        if on_server and (down := common.server_down(ctx.root)):
            if name != "upload":
                st.error(common.plain(down))
                return
            server_away(down)
            ctx = replace(ctx, local=True)
        elif on_server and ctx.version:
            server_differs(ctx)
        module.render(ctx)


def server_away(down: str) -> None:
    """The Upload page while the Neo4j server is down: documents and their list live in the store, so the clerk
    goes on adding them; the server is loaded when it is back."""
    st.warning(f"Neo4j 服务器暂时无法使用:本页直接使用存储,可照常加入和移除文件;服务器恢复后请运行 `policykg load-neo4j`"
               f"(其他页面在此之前无法回答)。The Neo4j server cannot be read now: this page works on the store, so "
               f"documents can be added and removed as usual; once the server is back, run `policykg load-neo4j` "
               f"(the other pages cannot answer until then).\n\n{common.plain(down)}")


def _page(name: str, default: bool = False):
    def run() -> None:
        run_page(name)

    # Streamlit serves its default page at / only (and sends /ask there), so the Ask page is registered twice:
    # hidden at / for the bare address, and at /ask for links.
    return st.Page(run, title=MODULES[name].TITLE, url_path=f"{name}-home" if default else name,
                   default=default, visibility="hidden" if default else "visible")


def sidebar() -> None:
    """The shared state: the reference date, and the document scope; the store's path is never shown."""
    with st.sidebar:
        st.date_input("参考日期 Reference date", value=date.today(), key="ref", bind="query-params",
                      min_value=date(2000, 1, 1), max_value=date(2100, 12, 31),
                      help="逾期、30天内到期、本月等按此日期计算,各页面共用。Overdue, due soon and 'this month' "
                           "count from this date, on every page.")
        with shown_as_message():
            scope_picker(current_ctx())


def scope_picker(ctx: Ctx) -> None:
    from app_pages import data

    if not ctx.version:
        return
    docs = data.documents(ctx)
    names = {d["id"]: doc_name(d) for d in docs}
    url_select(st, "文件范围 Documents", [ALL, *names], "scope",
               format_func=lambda i: "全部文件 All documents" if i == ALL else names[i])
    st.caption(f"{len(docs)} 份文件 document(s)")
    from graph.sessions import neo4j_connection

    if neo4j_connection() is not None:  # asked of the settings: opening the session waits on a server that is down
        st.caption("图谱来自 Neo4j 服务器。The graph is read from the Neo4j server.")
    with st.container(key="pk-copy-link"):
        from app_pages.common import copy_link

        copy_link()


def server_differs(ctx: Ctx) -> None:
    """Under ``serve --neo4j-uri``: when the server holds other documents than the store (or another reading of
    one: ``graph.sessions.mirror_of``), say on the page (the sidebar is folded away on a phone) what to do:
    ``load-neo4j`` when the server mirrors this store, or run the app beside the store the server mirrors
    (loading this one would stop, or with --replace delete that one's)."""
    from app_pages.common import server_held
    from graph.sessions import mirror_of

    held = server_held(ctx.root, ctx.version)
    mirror = None if held is None else mirror_of(held, ctx.store)
    if mirror is None:
        return
    if mirror.other_store:
        st.warning(f"Neo4j 服务器镜像的是另一个存储({mirror.held} 份文件),与这里的存储({mirror.stored} 份)不同:请在那个"
                   f"存储所在处运行应用。The server mirrors another store ({mirror.held} documents; this store has "
                   f"{mirror.stored}, {mirror.differ} differ): run the app beside the store the server was loaded "
                   "from.")
        return
    st.warning(f"Neo4j 服务器上的文件与存储不一致(服务器 {mirror.held} 份,存储 {mirror.stored} 份,{mirror.differ} 份不同):"
               f"请运行 `policykg load-neo4j` 同步。The server's documents differ from the store's ({mirror.held} "
               f"there, {mirror.stored} here, {mirror.differ} differ): run `policykg load-neo4j`.")


def main() -> None:
    st.set_page_config(page_title="policykg 政策分工图谱", layout="wide")  # no material icons: each is fetched from a CDN
    st.html(CSS)
    page = st.navigation([_page("ask", default=True), *(_page(name) for name in MODULES)])
    common.enter(next(name for name, module in MODULES.items() if module.TITLE == page.title))
    with st.sidebar:
        st.caption("政策文件分工图谱:谁对什么负责。Who is accountable for what in Chinese policy documents.")
    sidebar()
    page.run()
    common.write_url()  # the page's URL state in one change of the address (not when the run was stopped)


main()
