"""上传 Upload: add policy documents; see what was read from each, warnings included, as text."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import streamlit as st

from graph.files import passed_over_silently
from ingest.errors import InputError, PolicyKGError
from ingest.limits import received_bytes
from ingest.settings import get as get_setting

from . import data, views
from .common import PAGE_SIZE, Ctx, links_for, open_session, page_picker, plain, without_paths
from .document import line_excerpt
from .stranded import stranded_records
from .task import may_write
from .views import esc

TITLE = "上传 Upload"
CAPTION = ("加入政策文件(.txt .html .htm .docx .pdf);同样内容只加入一次。Add policy documents; the same content "
           "is added once.")
UPLOAD_TYPES = ("txt", "html", "htm", "docx", "pdf")
MAX_BYTES = int(get_setting("max_bytes"))
# Taken in well above the limit: a file over it is listed as not added, saying why (checked_bytes), where the
# browser would refuse it with Streamlit's English chip alone.
RECEIVED_MB = -(-received_bytes(MAX_BYTES) // 2**20)


def render(ctx: Ctx) -> None:
    n = st.session_state.setdefault("uploader_round", 0)
    folder = st.toggle("选择整个文件夹 Choose a whole folder", key="upload_folder",
                       help="文件夹及其子文件夹中的全部文件;其他类型的文件逐一列出,不加入。Every file in the folder "
                            "and its subfolders; files of other kinds are listed, not added.")
    # No type= filter: Streamlit would raise on a wrong kind (and, for a folder, leave other files out unsaid);
    # checked_bytes refuses each with a message instead.
    zh, en = ("文件夹", "a folder") if folder else ("文件", "files")
    files = st.file_uploader(f"选择{zh} Choose {en}(.txt .html .htm .docx .pdf,每个不超过 each ≤ {MAX_BYTES // 2**20} MB)",
                             accept_multiple_files="directory" if folder else True,
                             key=f"uploader-{n}-{'folder' if folder else 'files'}", max_upload_size=RECEIVED_MB)
    # a folder's hidden files (.DS_Store) and Office lock files go unsaid; a file chosen on its own is always named
    files = [f for f in files or [] if not (folder and passed_over_silently(f.name))]
    jurisdiction = jurisdiction_field(ctx)
    if files and st.button("加入存储 Add to store", type="primary", key="ingest", disabled=jurisdiction is BAD_PLACE):
        if may_write(ctx):
            ingest_uploads(ctx, files, jurisdiction)
    for line in st.session_state.pop("upload_refused", []):
        st.error(f"没有加入 Not added — {without_paths(line)}")
    for line in st.session_state.pop("upload_notes", []):
        st.info(f"说明 Note — {without_paths(for_page(line))}")
    server_followed()
    drawn = versions_kept(ctx) if ctx.version else False
    show_upload_results(ctx, st.session_state.get("upload_results", []))
    if ctx.version:
        returned_ledger(ctx)
        stranded_records(ctx)
        stored_documents(ctx, confirmed=drawn)


def for_page(note: str) -> str:
    """A store's note as this page says it: the command-line advice it ends with becomes this page's own controls
    (the list of records left on no duty and its 移动记录 form, below), each said as a whole Chinese sentence and a
    whole English one."""
    import re

    from graph.store import STRANDED_ADVICE

    note = note.replace(STRANDED_ADVICE, "本页下方“无对应分工的进展记录”列出这些记录,可用其中的表单移至其他分工。"
                                         "They are listed below under 'Progress left on no stored duty', whose "
                                         "form moves them to a duty.")
    # the command ends the English half of its note (its Chinese half says 可把记录移过去): English in its stead
    return re.sub(r"policykg progress move (\S+) (\S+) --by NAME",
                  r"move the records of \1 to \2 with the form under 'Progress left on no stored duty' below", note)


def beside_of(kept) -> dict:
    """What the page keeps of a ``graph.store.KeptBeside`` (a document stored beside another of its 文号)."""
    def doc(e) -> dict:
        return {"id": e.id, "title": e.title, "doc_number": e.doc_number, "source": views.file_name(e.source_name)}

    newer = kept.new if kept.newer == kept.new.id else kept.other
    return {"number": kept.new.doc_number, "newer": doc(newer), "older": doc(kept.older), "by_date": kept.by_date,
            "carried": kept.carried, "stranded": len(kept.stranded), "shown": kept.shown}


def versions_kept(ctx: Ctx) -> bool:
    """Two versions of one notice stored side by side by the last upload (a revised copy under another file
    name: same 文号): which is the newer, and a button to remove the older right here, with the confirmation the
    Remove list asks. True when that confirmation was drawn here."""
    kept = [b for b in st.session_state.get("upload_beside", [])
            if ctx.store.has(b["newer"]["id"]) and ctx.store.has(b["older"]["id"])]
    st.session_state["upload_beside"] = kept
    pending, drawn = st.session_state.get("remove_pending"), False
    for b in kept:
        newer, older = b["newer"], b["older"]
        why_zh, why_en = ("发文日期较晚", "dated later") if b["by_date"] else ("后加入", "added last")
        if b.get("stranded"):  # as the removal will do it (Store.at_stake): say which records will not follow
            left = b["stranded"]
            progress_zh = (f"它有 {b['carried'] + left} 项分工记有进展:{b['carried']} 项随分工转入保留的一份,{left} 项在保留的一份中"
                           f"没有对应分工({without_paths(b['shown'])}),移除时须确认,记录留在日志中,可在本页下方移至其他分工。")
            progress_en = (f"of the {b['carried'] + left} duties with recorded progress, {b['carried']} follow into the "
                           f"one kept and {left} would be on no stored duty: removing asks to confirm, the records stay "
                           "in the log and the form below moves them to a duty.")
        else:
            progress_zh, progress_en = ("它分工上的进展记录会转入保留的一份。",
                                        "the progress recorded on its duties follows them into the one kept.")
        st.warning(f"同一文号 {without_paths(b['number'])} 现存两个版本,两份都已保留:《{without_paths(newer['source'])}》"
                   f"较新({why_zh}),《{without_paths(older['source'])}》较旧。若新的取代旧的,请移除较旧的一份;{progress_zh}"
                   f"Two versions of {without_paths(b['number'])} are stored, both kept: "
                   f"{without_paths(newer['source'])} is the newer ({why_en}), "
                   f"{without_paths(older['source'])} the older. If the newer replaces it, remove the older; "
                   f"{progress_en}")
        st.button(f"移除较旧的 Remove the older:{plain(older['source'])}", key=f"remove-older-{older['id']}",
                  on_click=_ask_removal, args=(older,))
        if pending and pending["id"] == older["id"] and not drawn:
            confirm_removal(ctx, pending)
            drawn = True
    return drawn


FROM_DOCUMENT = "__document__"
BAD_PLACE = object()  # a typed jurisdiction that names no place: the add waits for a place


def jurisdiction_field(ctx: Ctx) -> str | object | None:
    """The 行政区划 the documents' units belong to; by default read from each document (文号, issuer, title).
    The places data lists every province, city and county (same-named districts by their city's name: 开封市鼓楼区);
    the store's own places are offered too, and any other can be typed (a new district, 济南市某区), checked by the
    store as ``ingest --jurisdiction`` is. The list is searchable: typing 郑州 narrows 3,000 places to a few."""
    from graph.resources import load_gazetteers
    from ingest.jurisdiction import given_place

    places = list(load_gazetteers().places.names())
    places += sorted({e.jurisdiction for e in ctx.store.manifest() if e.jurisdiction} - set(places))
    value = st.selectbox("行政区划 Jurisdiction", [FROM_DOCUMENT, *places], key="upload_jurisdiction",
                         format_func=lambda p: "从文件读取 Read from the document" if p == FROM_DOCUMENT else p,
                         accept_new_options=True,
                         help="“市财政局”属于哪个地方;默认按文号、发文机关或标题判断。列表中没有的地方可直接输入"
                              "(如 济南市历下区)。Which place the units belong to; by default read from the number, "
                              "issuer or title. Type a place the list lacks (e.g. 济南市历下区).")
    value = (value or "").strip()
    if value in ("", FROM_DOCUMENT):
        return None
    given = given_place(load_gazetteers().places, value)
    if given.error:
        st.error(f"行政区划 Jurisdiction — {plain(given.error)}")  # it quotes what was typed
        return BAD_PLACE
    if given.note:
        st.caption(plain(given.note))
    return given.place


def stored_documents(ctx: Ctx, confirmed: bool = False) -> None:
    """``confirmed``: the confirmation of a removal was drawn above already (``versions_kept``)."""
    docs = data.documents(ctx)
    st.subheader(f"存储中的文件 Documents in the store({len(docs)})")
    page, pages = page_picker(len(docs), "docs_page")
    links = links_for(ctx)
    shown = docs[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    rows = [[links.a("document", d["title"] or d["source"] or d["id"], doc=d["id"]), esc(d["doc_number"] or "—"),
             esc(d["jurisdiction"] or "—"), views.name_cell(d["source"])] for d in shown]
    st.html(views.table([("pk-c-clause", "标题 Title"), ("", "文号 Number"), ("", "行政区划 Jurisdiction"),
                         ("", "文件名 File")], rows))
    removal(ctx, shown, confirmed)
    reread_offer(ctx, [d["id"] for d in docs if d["read_earlier"]])


def reread_offer(ctx: Ctx, ids: list[str]) -> None:
    """Documents read by an earlier version of the parser or gazetteers keep that reading until read again from
    their stored sources (``Store.reread``, as ``policykg reparse``)."""
    if done := st.session_state.pop("reread_done", None):
        st.success(done)
    if not ids:
        return
    earlier = len(ids)
    st.info(f"{earlier} 份文件由较早版本的解析器或词表读取,重新解析可用上新版本的改进。{earlier} document(s) were read "
            "by an earlier version of the parser or gazetteers; read them again to apply its improvements.")
    if not st.button("重新解析 Read them again", key="reread") or not may_write(ctx):
        return
    from ingest.errors import StoreBusyError

    with st.status("正在重新解析… Reading again…", expanded=True) as status:
        try:
            open_session.clear()
            report = ctx.store.reread(ids, progress=progress_bar("重新解析 Reading again…", earlier))
        except StoreBusyError as exc:
            status.update(label="没有重新解析 Not read again", state="error")
            st.warning(f"存储正忙,请稍后再试。The store is busy, try again shortly: {without_paths(str(exc))}")
            return
        status.update(label="完成 Done", state="complete", expanded=False)
    changed = sum(r.added for r in report.results)
    st.session_state["reread_done"] = (f"已重新解析 {len(report.results)} 份,{changed} 份有变化。Read "
                                       f"{len(report.results)} document(s) again; {changed} now read differently.")
    for failure in report.failures:
        st.session_state["reread_done"] += f" 未能读取 Not read: {without_paths(failure.message)}"
    if changed:
        follow_on_server(ctx)
    st.rerun()


# How long a page waits for another writer (an ingest, a load-neo4j) before it leaves the server to the next load.
SYNC_WAIT_S = 30.0


def follow_on_server(ctx: Ctx) -> None:
    """Under ``serve --neo4j-uri``: bring the server in line with the store this page has just changed (as
    ``load-neo4j`` does, per document), so what staff add, remove or read again answers at once from the server
    every page reads; when the server cannot be written, say so with what to run. Shown by ``server_followed``."""
    from graph.neo4j_store import sync_neo4j
    from graph.resources import load_gazetteers
    from graph.sessions import neo4j_connection
    from graph.store import Store

    from .common import server_generation, server_held

    conn = neo4j_connection()
    if conn is None:
        return
    try:
        with st.spinner("正在同步 Neo4j 服务器… Loading the Neo4j server…"):
            plan = sync_neo4j(Store(ctx.root), conn, load_gazetteers(), wait=SYNC_WAIT_S)
    except PolicyKGError as exc:
        st.session_state["server_followed"] = ("warning", (
            f"已存入存储,但 Neo4j 服务器未能同步,其他页面暂时仍按旧内容回答;请管理员运行 `policykg load-neo4j`。"
            f"Stored, but the Neo4j server could not be brought in line, so the pages still answer from what it "
            f"held: whoever runs it, run `policykg load-neo4j`. ({without_paths(str(exc))})"))
        return
    finally:
        server_held.clear()  # the pages look at the server again now, not in a few seconds
        server_generation.clear()
    st.session_state["server_followed"] = ("info", (
        f"Neo4j 服务器已同步(加入 {len(plan.added)} 份,移除 {len(plan.removed)} 份)。The Neo4j server holds it too "
        f"({len(plan.added)} added, {len(plan.removed)} removed)."))


def server_followed() -> None:
    if said := st.session_state.pop("server_followed", None):
        (st.warning if said[0] == "warning" else st.info)(said[1])


def _ask_removal(doc: dict | None) -> None:
    st.session_state["remove_pending"] = doc


def removal(ctx: Ctx, shown: list[dict], confirmed: bool = False) -> None:
    """A remove button per document, then a confirmation naming it (unless drawn above: ``confirmed``): its
    tasks, assignments and the units only it named leave the graph; recorded progress follows its duties into the
    other stored version of the notice, and progress that would be left on no stored duty is said and needs one
    more confirmation. Two documents the list would name alike are told apart (``views.doc_name``), and of two
    versions of one notice the newer is said."""
    if done := st.session_state.pop("removed", None):
        st.success(done)
    pending = st.session_state.get("remove_pending")
    if pending and not confirmed:
        confirm_removal(ctx, pending)
    with st.expander("移除文件 Remove documents"):
        for d in shown:
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.text(" · ".join(x for x in (views.doc_name(d), views.version_note(d)) if x))
            right.button("移除 Remove", key=f"remove-{d['id']}", on_click=_ask_removal, args=(d,), width="stretch")


def confirm_removal(ctx: Ctx, pending: dict) -> None:
    """The confirmation of a removal asked (``remove_pending``): what leaves, and what happens to progress."""
    st.warning(f"确认移除《{without_paths(pending['title'] or pending['source'])}》({without_paths(pending['source'])})?它的"
               "任务和分工将从图谱中删除。Remove this document? Its tasks and assignments leave the graph.")
    stranded = progress_at_stake(ctx, pending["id"])
    forced = stranded and st.checkbox("仍然移除,进展记录留在日志中 Remove anyway; the records stay in the log",
                                      key="remove_force")
    yes, no = st.columns(2)
    if yes.button("确认移除 Remove", type="primary", key="remove_confirm", width="stretch",
                  disabled=bool(stranded and not forced)) and may_write(ctx):
        remove_document(ctx, pending, force=bool(forced))
    no.button("取消 Cancel", key="remove_cancel", on_click=_ask_removal, args=(None,), width="stretch")


def progress_at_stake(ctx: Ctx, doc_id: str) -> bool:
    """Say what removing the document does to the progress recorded on its duties (``Store.at_stake``): it
    follows them into the other stored version of the notice, or it would be left on no stored duty. True
    when some would be left, so that removing needs one more confirmation."""
    stakes = ctx.store.at_stake([doc_id])
    for stake in stakes:
        if stake.successor is not None and stake.carried:
            other = stake.successor.title or views.file_name(stake.successor.source_name)
            st.info(f"{len(stake.carried)} 项分工的进展记录将转入同文号的《{without_paths(other)}》。The progress "
                    f"recorded on {len(stake.carried)} of its duties follows them into the other stored version.")
        if stake.stranded:
            st.error(f"{len(stake.stranded)} 项分工的进展记录将不再对应任何存储的分工(可在日志中查看并移至其他分工)。"
                     f"Progress recorded on {len(stake.stranded)} duties would be left on no stored duty: "
                     f"{without_paths(stake.shown)}")
    return any(s.stranded for s in stakes)


def remove_document(ctx: Ctx, doc: dict, force: bool = False) -> None:
    from ingest.errors import StoreBusyError

    notes: list[str] = []
    try:
        open_session.clear()  # LadybugDB wants the old session closed before the graph changes
        ctx.store.remove([doc["id"]], force=force, notes=notes)
    except StoreBusyError as exc:
        st.warning(f"存储正忙,请稍后再试。The store is busy, try again shortly: {without_paths(str(exc))}")
        return
    except PolicyKGError as exc:
        st.error(without_paths(str(exc)))
        return
    st.session_state["remove_pending"] = None
    st.session_state["upload_results"] = [r for r in st.session_state.get("upload_results", []) if r["id"] != doc["id"]]
    st.session_state["removed"] = f"已移除 Removed:《{without_paths(doc['title'] or doc['source'])}》" + "".join(
        f" 说明 Note — {without_paths(for_page(n))}" for n in notes)
    follow_on_server(ctx)
    st.rerun()


def checked_bytes(upload) -> bytes:
    """The uploader's bytes after the one gate every source passes (``ingest.read.check_source``: kind by
    content, archives and PDFs bounded); the kind and size are said in both languages first."""
    from ingest.read import check_source, convert_hint

    suffix = Path(upload.name).suffix.lower().lstrip(".")
    if ".." in Path(upload.name.replace("\\", "/")).parts or upload.name.startswith(("/", "\\")):
        raise InputError(upload.name, "文件名含有路径,不加入;the file name holds a path, refused")
    if suffix not in UPLOAD_TYPES:
        hint = convert_hint(upload.name)
        raise InputError(upload.name, f"不支持的文件类型 .{suffix or '?'};unsupported kind of file, use "
                                      + " ".join(f".{t}" for t in UPLOAD_TYPES) + (f"; {hint}" if hint else ""))
    if upload.size > MAX_BYTES:
        raise InputError(upload.name, f"文件 {upload.size // 2**20} MB 超过上限 {MAX_BYTES // 2**20} MB; "
                                      f"the file is larger than the {MAX_BYTES // 2**20} MB limit")
    data = upload.getvalue()
    check_source(data, upload.name)
    return data


def checked_sources(files, refused: list[str], progress=lambda n: None) -> Iterator[tuple[bytes, str]]:
    """The files that pass the gate, one at a time as the store takes them; a line in ``refused`` for each that
    does not (counted by ``progress``, as the store counts the others): a bad file never stops the rest."""
    for f in files:
        try:
            yield checked_bytes(f), f.name
        except InputError as exc:
            refused.append(str(exc))
            progress(1)


def ingest_uploads(ctx: Ctx, files, jurisdiction: str | None = None) -> None:
    """Check each file, then parse and store them in batches (``Store.ingest_uploads``), with a progress bar;
    the old session is closed first so the next read opens the new graph. A file refused at the gate or that
    cannot be read is named, one line each; the others are added."""
    from ingest.errors import StoreBusyError

    failure, results, not_added = None, [], []
    with st.status(f"正在加入 {len(files)} 个文件… Adding {len(files)} file(s)…", expanded=True) as status:
        advance = progress_bar("检查并解析 Checking and parsing…", len(files))
        try:
            open_session.clear()
            report = ctx.store.ingest_uploads(checked_sources(files, not_added, advance), progress=advance,
                                              jurisdiction=jurisdiction, result=upload_summary)
            results = report.results
            not_added += [f.message for f in report.failures]
            said = {b.says() for b in report.beside}  # said on the page with a button (versions_kept)
            st.session_state["upload_notes"] = [n for n in report.notes if n not in said]
            st.session_state["upload_beside"] = [beside_of(b) for b in report.beside]
        except PolicyKGError as exc:
            failure = exc
        done = bool(results) and failure is None
        status.update(label="完成 Done" if done else "没有加入 Nothing was added",
                      state="complete" if done else "error", expanded=False)
    # outside the status box, which folds: the reasons must stay in view
    for line in not_added:
        st.error(f"没有加入 Not added — {without_paths(line)}")
    if isinstance(failure, StoreBusyError):
        st.warning(f"存储正忙,请稍后再试。The store is busy, try again shortly: {without_paths(str(failure))}")
    elif failure is not None:
        st.error(without_paths(str(failure)))
    if not results:
        return
    st.session_state["upload_results"] = results
    st.session_state["upload_refused"] = not_added
    st.session_state["uploader_round"] += 1
    follow_on_server(ctx)
    st.rerun()


def progress_bar(text: str, total: int) -> Callable[..., None]:
    """A progress bar and the callable that moves it one item on (``progress`` of the store's batch calls)."""
    bar, counted = st.progress(0.0, text=text), itertools.count(1)

    def advance(_: int = 1) -> None:
        done = next(counted)
        bar.progress(min(done / max(total, 1), 1.0), text=f"{text} {done}/{total}")

    return advance


def upload_summary(doc, added: bool, replaced: tuple[str, ...] = ()) -> dict:
    """What the page shows of an uploaded document, made while the store holds it (it keeps nothing more)."""
    from graph.store import DocumentSummary

    s = DocumentSummary.of(doc)
    source = views.file_name(s.source_name)
    return {"id": s.id, "title": s.title or source, "doc_number": s.doc_number, "jurisdiction": s.jurisdiction,
            "source": source, "added": added, "actions": s.actions, "tasks": s.tasks,
            "assignments": s.assignments,
            "issues": [[f"{i.line}:{i.column}", i.label, i.message, line_excerpt(doc.text, i)] for i in s.issues]}


FEW_RESULTS = 3  # up to this many uploads are shown a box each with their warnings; more, as one paged table


def show_upload_results(ctx: Ctx, results: list[dict]) -> None:
    """What was read from each file, as text: titles and file names are the uploader's, never Markdown. A few
    files get a box each; a folder of hundreds gets one line of totals and a paged table, warnings folded."""
    if len(results) > FEW_RESULTS:
        _many_results(ctx, results)
        return
    for r in results:
        state = "已加入 Added" if r["added"] else "已在存储中 Already in the store"
        cls = "pk-ok" if r["added"] else "pk-note"
        st.html(f'<div class="pk-result {cls}"><b>{state}</b>:《{esc(r["title"])}》{esc(r["doc_number"])}'
                f'({views.name_cell(r["source"])}){esc(r.get("jurisdiction") or "")}— 行动 actions {r["actions"]},任务 tasks {r["tasks"]},'
                f'分工 assignments {r["assignments"]},警告 warnings {len(r["issues"])}</div>')
        if r["issues"]:
            st.html(views.table(_WARNING_HEAD, [[esc(c) for c in row] for row in r["issues"]], "pk-warnings"))


_WARNING_HEAD = [("pk-c-pos", "位置 Line:Col"), ("", "类型 Kind"), ("", "说明 Message"), ("pk-c-clause", "原文 Where")]


def _many_results(ctx: Ctx, results: list[dict]) -> None:
    added = sum(r["added"] for r in results)
    warnings = sum(len(r["issues"]) for r in results)
    st.html(f'<div class="pk-result {"pk-ok" if added else "pk-note"}"><b>已加入 Added {added}</b>,已在存储中 '
            f'already in the store {len(results) - added},警告 warnings {warnings}</div>')
    page, _ = page_picker(len(results), "upload_page")
    shown = results[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    links = links_for(ctx)
    rows = [[links.a("document", r["title"], doc=r["id"]) + ("" if r["added"] else " (已在存储中 already stored)"),
             esc(r["doc_number"] or "—"), esc(r.get("jurisdiction") or "—"), views.name_cell(r["source"]),
             f'{r["tasks"]} / {r["assignments"]}', str(len(r["issues"]))] for r in shown]
    st.html(views.table([("pk-c-clause", "标题 Title"), ("", "文号 Number"),
                         ("", "行政区划 Place"), ("", "文件名 File"), ("", "任务/分工 Tasks/Assignments"),
                         ("", "警告 Warnings")], rows, "pk-uploads"))
    warned = [[views.name_cell(r["source"]), *(esc(c) for c in row)] for r in shown for row in r["issues"]]
    if warned:
        with st.expander(f"警告 Warnings({len(warned)})"):
            st.html(views.table([("", "文件名 File"), *_WARNING_HEAD], warned, "pk-warnings"))


# -- 回收台账 a returned ledger ------------------------------------------------------------------------------

def returned_ledger(ctx: Ctx) -> None:
    """A 督办台账 exported from here (or by ``policykg progress ledger``), filled in by the units and sent back:
    every row is checked first; one wrong row records nothing and every problem is listed."""
    from .task import reporter

    with st.expander("导入回收的督办台账 Import a returned progress ledger (.xlsx)"):
        n = st.session_state.setdefault("ledger_round", 0)
        upload = st.file_uploader("台账 Ledger(.xlsx)", key=f"ledger-{n}", max_upload_size=MAX_BYTES // 2**20)
        signed_in = reporter()
        by = st.text_input("导入人 Imported by", value=signed_in or "", key="ledger_by", max_chars=100,
                           disabled=signed_in is not None)
        if upload is not None and st.button("导入进展 Import progress", key="ledger_import") and may_write(ctx):
            import_ledger(ctx, upload, signed_in or by)
        if done := st.session_state.pop("ledger_done", None):
            st.success(done)
        if skipped := st.session_state.pop("ledger_skipped", None):
            st.warning(f"{len(skipped)} 行的分工已不在存储的文件中,未记录。{len(skipped)} row(s) name duties no stored "
                       "document holds any more; they were not recorded:")
            st.html(views.table([("pk-c-clause", "未记录 Not recorded")], [[esc(without_paths(p, markdown=False))] for p in skipped],
                                "pk-warnings"))


def import_ledger(ctx: Ctx, upload, by: str) -> None:
    from graph.ledger import read_returned
    from graph.supervision import ImportRejected, apply_import

    if not (by or "").strip():
        st.error("请填写导入人。Who imports this? Fill in 导入人 Imported by.")
        return
    if not upload.name.lower().endswith(".xlsx"):
        st.error(f"{plain(upload.name)}: 需要 .xlsx 台账 expected an .xlsx ledger")
        return
    try:
        rows = read_returned(upload.getvalue(), views.file_name(upload.name))
        events, unchanged, skipped = apply_import(ctx.store.progress(), ctx.session, rows, by.strip())
    except ImportRejected as exc:
        st.error(f"没有导入:{len(exc.problems)} 行有误,全部未记录。Nothing imported: {len(exc.problems)} row(s) "
                 "are wrong, none was recorded.")
        st.html(views.table([("pk-c-clause", "问题 Problem")], [[esc(without_paths(p, markdown=False))] for p in exc.problems],
                            "pk-warnings"))
        return
    except PolicyKGError as exc:
        st.error(without_paths(str(exc)))
        return
    st.session_state["ledger_done"] = (f"已导入 {len(events)} 条进展,{len(unchanged)} 行与已有记录相同。Recorded "
                                       f"{len(events)} report(s); {len(unchanged)} row(s) repeat what is recorded.")
    st.session_state["ledger_skipped"] = skipped
    st.session_state["ledger_round"] += 1
    st.rerun()
