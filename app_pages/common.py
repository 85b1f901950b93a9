"""What every page shares: the store (opened once per process and store version), the document scope, the
reference date, and the one place failures become messages."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from ingest.errors import ClosedSessionError, PolicyKGError, StoreBusyError
from ingest.settings import get as get_setting

if TYPE_CHECKING:
    from graph.store import Store

ALL = "__all__"
PAGE_SIZE = 50
SERVER_LOOK_S = 5  # how often the app asks a Neo4j server (serve --neo4j-uri) what it holds
LOG = logging.getLogger("policykg.app")


def page_picker(total: int, key: str) -> tuple[int, int]:
    """(page from 0, pages) of ``total`` rows shown ``PAGE_SIZE`` at a time: a picker when there is more than one
    page, so no page of the app draws a whole corpus."""
    pages = max(1, -(-total // PAGE_SIZE))
    if pages == 1:
        return 0, 1
    return st.number_input(f"页 Page(共 {pages} 页 of {pages})", 1, pages, key=key) - 1, pages


def store_root(argv: list[str] | None = None) -> str:
    """``--store PATH`` after ``--`` on the streamlit command line, else env POLICYKG_STORE, else the default."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--store")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return str(Path(args.store or get_setting("store")).resolve())


def _release(session) -> None:
    """Close a session the cache lets go of: LadybugDB wants one open Database per file and process."""
    session.close()


@st.cache_resource(max_entries=1, show_spinner=False, on_release=_release)
def open_session(root: str, version: float, generation: str = "", local: bool = False):
    """The session of the store at ``version`` or, under ``serve --neo4j-uri``, of the server holding
    ``generation``: what a session keeps from the server (the lexicon, the years, the kinds of recurrence) is
    read again after a load changed it, not only when the store changes. ``local``: the store's own graph even
    under ``serve --neo4j-uri`` (the Upload page while the server is down)."""
    from graph import sessions

    if local:
        from graph.store import Store

        return Store(root).open_graph()
    return sessions.open_session(root, both_empty_ok=True)  # the first day: Upload fills the store and the server


@st.cache_data(ttl=SERVER_LOOK_S, show_spinner=False, max_entries=4)
def server_down(root: str) -> str | None:
    """Under ``serve --neo4j-uri``, why the server cannot be read (one quick connection attempt, kept for
    ``SERVER_LOOK_S``: a page and its sidebar ask once, not each after the driver's retries); None when it
    answers, and on the embedded store."""
    from graph.neo4j_store import unreachable
    from graph.sessions import neo4j_connection

    conn = neo4j_connection()
    return None if conn is None else unreachable(conn, named=False)  # pages never show the address


@st.cache_data(ttl=SERVER_LOOK_S, show_spinner=False, max_entries=4)
def server_held(root: str, version: float) -> dict[str, tuple] | None:
    """What the Neo4j server of ``serve --neo4j-uri`` holds (``graph.sessions.server_documents``), read again at
    most every ``SERVER_LOOK_S`` seconds; None on the embedded store."""
    from graph import sessions

    conn = sessions.neo4j_connection()
    if conn is None:
        return None
    from graph.neo4j_store import Neo4jGraph

    session = Neo4jGraph(conn)
    try:
        return sessions.server_documents(session)
    finally:
        session.close()


@st.cache_data(ttl=SERVER_LOOK_S, show_spinner=False, max_entries=4)
def server_generation(root: str, version: float) -> str:
    """``graph.sessions.server_generation`` of the server (a short string: it is asked for on every query);
    "" on the embedded store."""
    from graph import sessions

    held = server_held(root, version)
    return "" if held is None else sessions.server_generation(held)


@st.cache_resource(max_entries=1, show_spinner=False)
def open_store(root: str, version: float) -> Store:
    from graph.store import Store

    return Store(root)


@st.cache_resource(max_entries=64, show_spinner=False)
def parsed_document(root: str, version: float, doc_id: str):
    return open_store(root, version).document(doc_id)


def store_version(root: str) -> float:
    from graph.store import Store

    return Store(root).version()


@dataclass
class Ctx:
    """What every page needs: the store (by root and version), the document scope (None = all) and the
    reference date that overdue, due soon and 'this month' count from."""

    root: str
    version: float
    scope: str | None = None
    ref: date = date.today()
    local: bool = False  # the store's own graph under serve --neo4j-uri: the server is down (the Upload page)

    @property
    def store(self) -> Store:
        return open_store(self.root, self.version)

    @property
    def session(self):
        generation = "" if self.local else server_generation(self.root, self.version)
        session = open_session(self.root, self.version, generation, self.local)
        if session.closed:  # another tab's upload (or a load of the server) replaced it since this run started
            open_session.clear()
            session = open_session(self.root, self.version, generation, self.local)
        return session

    def recorded(self) -> dict:
        """The recorded progress that counts at the reference date: the reports recorded by the end of that day
        (graph/progress ``current(as_of=)``, the ledger's and the exports' rule), every one at today's date."""
        return self.store.progress().current(as_of=self.ref)

    def document(self, doc_id: str):
        """One parsed document (text and spans), kept per store version."""
        return parsed_document(self.root, self.version, doc_id)

    def query(self, cypher: str, params: dict | None = None) -> tuple[list[str], list[list]]:
        return self.session.query(cypher, params or {})

    def rows(self, cypher: str, params: dict | None = None) -> list[dict]:
        columns, rows = self.query(cypher, params)
        return [dict(zip(columns, r, strict=True)) for r in rows]

    def named(self, name: str, **params) -> list[dict]:
        from queries.named import get

        q = get(name)
        return self.rows(q.text, {k: v for k, v in params.items() if k in q.param_names})


def reference_date() -> date:
    """The one reference date of the sidebar (``?ref=`` in the URL), kept while the user moves between pages."""
    value = st.session_state.get("ref")
    return value if isinstance(value, date) else date.today()


def current_ctx() -> Ctx:
    root = store_root()
    scope = st.session_state.get("scope")
    return Ctx(root, store_version(root), None if scope in (None, ALL, "") else scope, reference_date())


@contextmanager
def shown_as_message():
    """The one place failures become messages: what went wrong and what to do, never a stack trace. Our own
    errors say what to do; anything else is logged on the server and shown as one line."""
    try:
        yield
    except ClosedSessionError as exc:  # the store changed under this run: run again once on the new graph
        if st.session_state.get("rerun_on_new_store"):
            st.error(without_paths(str(exc)))
        else:
            st.session_state["rerun_on_new_store"] = True
            st.rerun()
    except StoreBusyError as exc:  # another writer holds the store: a wait, not a failure
        st.warning(f"存储正忙,请稍后再试。The store is busy: {without_paths(str(exc))}")
    except PolicyKGError as exc:
        st.error(without_paths(str(exc)))
    except Exception as exc:  # noqa: BLE001 — the page must stay usable; the log keeps the traceback
        LOG.exception("page failed")
        first = str(exc).splitlines()[0][:300] if str(exc) else ""
        st.error(f"出错了,请重试或换一个条件。Something went wrong: {type(exc).__name__}: {without_paths(first)}")
    else:
        st.session_state["rerun_on_new_store"] = False


_MARKDOWN = re.compile(r"([\\`*_\[\]$~])")


def plain(text: str) -> str:
    """Text for a Markdown element (st.info, st.warning, st.caption) shown as it is: a link's parameter, a name or
    a title written ``![x](http://…)`` is not an image the browser fetches, nor a link."""
    return _MARKDOWN.sub(r"\\\1", text)


def without_paths(message: str, *, markdown: bool = True) -> str:
    """A message for the page: the server's own paths (the store's, the app's) replaced by what they are, and the
    characters that would make Markdown of it escaped (messages name uploaders' files and documents' titles).
    ``markdown=False``: for HTML, which the caller escapes (Markdown's backslashes would show there)."""
    from ingest.controls import neutralised

    for path, name in ((store_root(), "<存储 store>"), (str(Path(__file__).resolve().parents[1]), "<app>")):
        message = message.replace(path, name)
    message = neutralised(message)  # file names and titles in it are the sender's: no control or bidi character
    return plain(message) if markdown else message


def copy_link() -> None:
    """复制链接: the page's own address (its state is in the URL) in a code box with a copy button."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in st.query_params.to_dict().items() if v not in ("", None)})
    url = str(st.context.url or "") + (f"?{query}" if query else "")
    with st.popover("复制链接 Copy link"):
        st.caption("这个页面的状态都在链接里,可以分享或收藏。This page's state is in its link: share it or keep it.")
        st.code(url, language=None, wrap_lines=True)


def empty_store(on_server: bool = False) -> None:
    if on_server:  # serve --neo4j-uri where the store is not: the server's graph alone has no texts or progress
        st.info("这里没有存储:应用从 Neo4j 服务器读取图谱,但文件原文、进展和文件列表在存储中。请在存储所在的机器上运行"
                "(`policykg --store DIR serve --neo4j-uri …`)。\n\nNo store here: the app reads the graph from the "
                "Neo4j server, but the documents' text, progress and list live in the store. Run the app where "
                "the store is (`policykg --store DIR serve --neo4j-uri …`).")
        return
    st.info("存储为空:还没有加入任何文件。请在“上传 Upload”页加入政策文件。\n\n"
            "The store is empty: add a document on the Upload page (or run `policykg ingest FILE`).",
           )
    st.html('<a class="pk-button" href="upload" target="_self">去上传 Go to Upload</a>')


def shared_params(ctx: Ctx) -> dict:
    """What every link carries: the reference date and the scope, when they are not the defaults."""
    out = {}
    if ctx.ref != date.today():
        out["ref"] = ctx.ref.isoformat()
    if ctx.scope:
        out["scope"] = ctx.scope
    return out


def links_for(ctx: Ctx):
    from .views import Links

    return Links(shared_params(ctx))


def url_select(where, label: str, options: list, key: str, format_func=str, **kwargs):
    return _url_widget(where.selectbox, label, options, key, format_func=format_func, **kwargs)


def url_pick(where, label: str, options: list, key: str, format_func=str, **kwargs):
    """A select box of things (a document, a task, a unit), not a filter: its value stays in the URL even when
    it is the first option, because the first option changes as the store grows (a shared /task?task=5 would
    open another document's task 5 once a document sorts before its own)."""
    return _url_widget(where.selectbox, label, options, key, format_func=format_func, keep=True, **kwargs)


def url_radio(where, label: str, options: list, key: str, format_func=str, **kwargs):
    return _url_widget(where.radio, label, options, key, format_func=format_func, horizontal=True, **kwargs)


SHARED = ("ref", "scope")  # every page's state: the reference date and the document scope


def enter(page: str) -> None:
    """The page this run draws (``app.main``, before the sidebar; ``write_url`` after the page). Each page's
    pickers are its own URL state: a page opened from the navigation (the browser sends none of its parameters
    then) shows what it showed last in this session, or its defaults; opened from an address with its parameters
    (a link, a reload, back or forward) it shows exactly those, a parameter left out being the default. Never
    another page's choice under the same name (Deadlines' and Units' ``unit``, Graph's and Exports' ``kind``)."""
    state = st.session_state
    if state.get("_page") != page:
        state["_page"] = page
        state["_linked"] = any(k not in SHARED for k in st.query_params)
        state["_visit"] = set()  # the pickers drawn since the page was opened
    state["_url_out"] = {}  # what this run publishes (an interrupted run's was perhaps another page's)


def _on_page(key: str) -> str | None:
    """The page whose state ``key`` is; None for the state every page shares."""
    return None if key in SHARED else st.session_state.get("_page")


def current(key: str):
    """What the user picked for ``key`` since the page was opened; None before its picker is drawn (the session's
    value under that key is then another page's, or what this page's picker left behind last time)."""
    if _on_page(key) and key not in st.session_state.get("_visit", ()):
        return None
    return st.session_state.get(key)


def remembered(key: str):
    """What this page last showed for ``key`` in the session."""
    return st.session_state.setdefault("_kept", {}).get(_on_page(key), {}).get(key)


def _url_widget(widget, label: str, options: list, key: str, keep: bool = False, **kwargs):
    """A select box whose value lives in the URL (``?key=value``, the option's own value, not its label) and
    in the session: a shared link or a reload opens the same choice, and leaving the page and coming back
    keeps it (``enter``). The first option is the default and stays out of the URL, unless ``keep``."""
    by_text = {str(o): o for o in options}
    value = current(key)
    if value not in options:
        wanted = st.query_params.get(key)
        linked = _on_page(key) and st.session_state.get("_linked")
        if wanted in by_text:
            value = by_text[wanted]
        elif not linked and remembered(key) in options:
            value = remembered(key)
        else:
            value = options[0] if options else None
    if value is None:
        st.session_state.pop(key, None)
    else:
        st.session_state[key] = value  # set, not left to the widget: a widget of another page had this key
    value = widget(label, options, key=key, **kwargs)
    st.session_state.setdefault("_visit", set()).add(key)
    publish(key, value, None if keep or not options else options[0])
    return value


def publish(key: str, value, default=None) -> None:
    """Keep ``value`` as what this page shows for ``key``, and put it in the URL (left out when it is the default)
    once the page has drawn (``write_url``): one change of the address, one entry in the browser's history, not
    one for each picker."""
    st.session_state.setdefault("_kept", {}).setdefault(_on_page(key), {})[key] = value
    st.session_state.setdefault("_url_out", {})[key] = None if value is None or value == default else str(value)


def write_url() -> None:
    """The page's URL state as its pickers left it, written in one change where it can be."""
    out = st.session_state.pop("_url_out", {})
    changed = {k: v for k, v in out.items() if v is not None and st.query_params.get(k) != v}
    if changed:
        st.query_params.update(changed)
    for key in [k for k, v in out.items() if v is None and k in st.query_params]:
        del st.query_params[key]
