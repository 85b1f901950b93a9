"""The ``policykg`` command line. Thin: every command calls graph/ or queries/ and prints the result.

Errors are turned into one line and a non-zero exit in one place (``main``), never a traceback.
"""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from ingest.errors import InputError, PolicyKGError
from ingest.settings import DEFAULT_STORE

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Who is accountable for what in Chinese policy documents.")


@dataclass
class Context:
    store_path: Path

    def store(self):
        from graph.store import Store

        return Store(self.store_path)


@app.callback()
def _global(ctx: typer.Context,
            store: Path = typer.Option(Path(DEFAULT_STORE), "--store", envvar="POLICYKG_STORE",
                                       help="store directory")) -> None:
    ctx.obj = Context(store)


# Neo4j options, the same on every command that can answer from a server; env vars keep passwords off the
# command line.
NEO4J_URI = typer.Option("", "--neo4j-uri", envvar="POLICYKG_NEO4J_URI",
                         help="answer from this Neo4j (bolt://, neo4j+s://) instead of the embedded store")
NEO4J_USER = typer.Option("neo4j", "--user", envvar="POLICYKG_NEO4J_USER", help="Neo4j user")
NEO4J_PASSWORD = typer.Option("", "--password", envvar="POLICYKG_NEO4J_PASSWORD", help="Neo4j password")
NEO4J_DATABASE = typer.Option("", "--database", envvar="POLICYKG_NEO4J_DATABASE", help="Neo4j database")


class _Progress:
    """A progress bar on stderr when it is a terminal; nothing otherwise (pipes, CI, logs). It is redrawn as work
    advances, not by a thread of its own: ingest forks parser processes, which must not inherit a thread
    holding a lock."""

    def __init__(self, description: str, total: int | None) -> None:
        self.bar = None
        if sys.stderr.isatty() and (total is None or total > 1):
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True, auto_refresh=False)
            self.task = self.bar.add_task(description, total=total)

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
        return self

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)
            self.bar.refresh()

    def total(self, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _echo_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
def ingest(ctx: typer.Context, files: list[Path] = typer.Argument(..., help="documents to add, or folders of them"),
           strict: bool = typer.Option(False, help="treat parse warnings as errors"),
           wait: float = typer.Option(-1, help="seconds to wait for another writer (default: setting lock_wait)"),
           jurisdiction: str = typer.Option(None, "--jurisdiction",
                                            help="the issuing place (行政区划) such as 青岛市, 即墨区 or 崂山 (a "
                                                 "listed place's short name); sets or corrects what the 文号, "
                                                 "issuer, title or text say"),
           again: bool = typer.Option(False, "--again",
                                      help="add the documents found in folders that were removed from the store "
                                           "before (left out and named otherwise; a file named on its own is "
                                           "always added)")) -> None:
    """Add documents (idempotent by content; a changed file replaces its earlier version); print counts and
    warnings. A folder adds the documents under it (.txt, .html, .docx, .pdf …, every subfolder) and names the
    files it passed over. A file that cannot be read is reported and the others go in."""
    from graph.files import document_files
    from ingest.read import convert_hint
    from ingest.settings import get

    named, (files, passed_over) = files, document_files(files)
    for path in passed_over:
        hint = convert_hint(str(path))
        typer.echo(f"  skipped: {path}: not a document type this tool reads" + (f"; {hint}" if hint else ""),
                   err=True)
    if not files:
        raise PolicyKGError("no documents to add" + (f" ({len(passed_over)} file(s) of other types skipped)"
                                                     if passed_over else " (the folder is empty)"))
    store = ctx.obj.store()
    with _Progress("ingest", len(files)) as progress:
        report = store.ingest_batch(files, strict=strict, progress=progress.advance,
                                    wait=float(get("lock_wait")) if wait < 0 else wait, jurisdiction=jurisdiction,
                                    again=again or {str(f) for f in named if not f.is_dir()})
    for r in report.results:
        doc = r.summary
        state = "added" if r.added else "unchanged (already in the store)"
        if r.replaced:
            state = f"replaced {', '.join(i[:12] for i in r.replaced)}"
        typer.echo(f"{doc.source_name}: {state}; {doc.title or '(no title)'} {doc.doc_number} (id {doc.id[:12]})")
        under = f"under {'、'.join(doc.jurisdiction_above)}, " if doc.jurisdiction_above else ""
        typer.echo(f"  jurisdiction {doc.jurisdiction} ({under}from {doc.jurisdiction_source})" if doc.jurisdiction else
                   "  jurisdiction unknown: units are read against every gazetteer; set it with --jurisdiction")
        typer.echo(f"  documents 1, actions {doc.actions}, tasks {doc.tasks}, "
                   f"assignments {doc.assignments}, units {doc.units}, warnings {len(doc.issues)}")
        for issue in doc.issues:
            typer.echo("  warning: " + issue.render(doc.source_name), err=True)
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"store {store.root}: {len(store.ids())} document(s)")
    if stale := len(store.read_earlier()):
        typer.echo(f"note: {stale} stored document(s) were read by an earlier version of the parser or "
                   f"gazetteers; 'policykg --store {store.root} reparse' reads them again", err=True)
    *earlier, last = report.failures or [None]
    for failure in earlier:
        typer.echo(f"policykg: error: {failure.message}", err=True)
    if last is not None:
        stored = len(files) - len(report.failures)
        raise PolicyKGError(last.message + (f" ({len(report.failures)} of {len(files)} files not added; the other "
                                            f"{stored} are in the store)" if stored or earlier else ""))


@app.command()
def remove(ctx: typer.Context, documents: list[str] = typer.Argument(..., help="document ids, their prefixes or 文号"),
           force: bool = typer.Option(False, "--force", help="remove even when progress recorded on its duties "
                                                             "would be left on no stored duty")) -> None:
    """Remove documents (by id, a prefix of it, or 文号; 'query documents' lists them): their tasks and
    assignments, and the units no other document names. Progress recorded on its duties follows them into the
    other stored version of the notice (same 文号); progress that would be left on no stored duty needs --force."""
    store = ctx.obj.store()
    notes: list[str] = []
    removed = store.remove(documents, force=force, notes=notes)
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"removed {', '.join(removed)}; store {store.root}: {len(store.ids())} document(s)")


@app.command()
def assignments(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Every assignment in the store, a line each: name, lead, responsible, deadline, cooperating, document
    (its 文号, else its title's start), tab-separated."""
    from queries.contract import assignment_name, deadline_reads, document_short, shown, tsv_line
    from queries.contract import assignments as fetch

    session = ctx.obj.store().open_graph()
    try:
        rows = fetch(session)
    finally:
        session.close()
    if as_json:
        _echo_json(rows)
        return
    for a in rows:
        due = deadline_reads(a["deadline"])
        document = document_short(a["document"])
        typer.echo(tsv_line([assignment_name(a), "、".join(shown(a, "lead")) or "-",
                             "、".join(shown(a, "responsible")) or "-", due, "、".join(shown(a, "cooperating")) or "-",
                             document or "-"]))


NO_PROGRESS_HERE = ("没有存储:进展(督办)记录在存储中,这里按期限判断逾期和办结。No store here: progress is recorded in "
                    "the store, so overdue and done are judged by deadlines alone; give --store DIR")


@app.command()
def ask(ctx: typer.Context, question: str,
        as_json: bool = typer.Option(False, "--json", help="print JSON with interpretation and assignments"),
        today: str = typer.Option("", help="reference date for 'overdue'/'this month' (yyyy-mm-dd); the progress "
                                  "recorded by its end counts, as in a ledger of that date"),
        neo4j_uri: str = NEO4J_URI, user: str = NEO4J_USER, password: str = NEO4J_PASSWORD,
        database: str = NEO4J_DATABASE) -> None:
    """Answer a question in Chinese or English."""
    from queries.ask import answer, reference_date, render_text

    ref = reference_date(today) if today else None  # the progress recorded by its end counts, as in a ledger
    session = _session(ctx, neo4j_uri, user, password, database)
    try:
        store = ctx.obj.store()
        result = answer(session, question, today=ref, progress=store.progress().current(as_of=ref))
        spec = result.spec
        if session.engine == "neo4j" and (spec.overdue or spec.states or spec.not_states) and not store.ids():
            result.warnings.append(NO_PROGRESS_HERE)  # the question turns on progress, which lives in the store
    finally:
        session.close()
    if as_json:
        _echo_json(result.to_json())
    else:
        typer.echo(render_text(result))


progress_app = typer.Typer(no_args_is_help=True, help="Progress records (督办): set, log, import, ledger, "
                                                              "stranded, move.")
app.add_typer(progress_app, name="progress")


def _day(text: str, option: str):
    from graph.supervision import parse_date

    try:
        return parse_date(text)
    except PolicyKGError as exc:
        raise PolicyKGError(f"{option}: {exc}") from None


@progress_app.command("set")
def progress_set(ctx: typer.Context, assignment: str = typer.Argument(..., help="assignment id, or task.seq (19.2)"),
                 status: str = typer.Option(..., help="未启动 推进中 已办结 延期申请 暂缓 (or not_started in_progress "
                                                      "done extension_requested on_hold)"),
                 note: str = typer.Option("", help="what was reported"),
                 date: str = typer.Option("", "--date", help="completion date, or the new deadline (YYYY-MM-DD)"),
                 by: str = typer.Option(..., "--by", help="who records it (required)"),
                 period: str = typer.Option("", "--period", help="a recurring duty's report period: 上期/previous, "
                                            "本期/current, or a date in it; left out, 已办结 is for the earliest "
                                            "period still owed, else the one its date falls in")) -> None:
    """Record progress on one assignment (a new event; history is never rewritten)."""
    from graph.progress import STATE_ZH
    from graph.recurrence import report_period_words
    from graph.supervision import AlreadyRecorded, record_target

    store = ctx.obj.store()
    session = store.open_graph()
    try:
        event, target = record_target(store.progress(), session, assignment, status, by, note,
                                      _day(date, "--date"), period=period or None)
    except AlreadyRecorded as same:
        typer.echo(str(same))
        return
    finally:
        session.close()
    typer.echo(f"recorded: {event.assignment} {STATE_ZH[event.state]}"
               + (f" {event.date.isoformat()}" if event.date else "")
               + (f" ({report_period_words(target.recurring, event.period)})" if event.period else "")
               + f" by {event.by} at {event.at.isoformat()}")


@progress_app.command("log")
def progress_log(ctx: typer.Context, assignment: str = typer.Option("", help="one assignment (id or task.seq)"),
                 unit: str = typer.Option("", help="assignments of one unit (name or full name), any role"),
                 since: str = typer.Option("", help="only what was recorded on or after this day (YYYY-MM-DD): "
                                           "what changed since last month's ledger"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """Every progress event, oldest first; records of duties no stored document holds any more are shown too,
    and said (a note on stderr)."""
    from graph.progress import STATE_ZH, once
    from graph.supervision import resolve

    store = ctx.obj.store()
    log = store.progress()
    # Oldest first by when each was reported: the events a new version carried over are appended later with
    # their own times, so the file's order is not the reporting order.
    moves = log.moves()
    # Each event once, on the duty it is on now (a carried copy names the earlier id it came from).
    pairs = once(sorted(log.events(), key=lambda e: e.at), moves)
    came = {id(e): old for e, old in pairs if old}
    events = [e for e, _ in pairs]
    known = _known(store) if assignment or unit or any(e.period for e in events) else {}
    unit = _unit_read(store, unit) if unit and known else unit
    if assignment or unit:
        events = _filter_events(events, known, assignment, unit, resolve, moves, log.duties())
    if first_day := _day(since, "--since"):
        import datetime

        from graph.progress import known_by

        events = [e for e in events if not known_by(e, first_day - datetime.timedelta(days=1))]
    if as_json:
        _echo_json([{**e.to_json(), "moved_from": came.get(id(e))} for e in events])
    else:
        from graph.recurrence import report_period_words
        from queries.contract import tsv_line

        for e in events:
            duty = known.get(moves.get(e.assignment, e.assignment))
            named = f" ({report_period_words(duty.recurring if duty else '', e.period)})" if e.period else ""
            note = (e.note + named
                    + (f" (自早期版本 from earlier version {came[id(e)]})" if id(e) in came else ""))
            typer.echo(tsv_line([e.at.isoformat(), e.assignment, STATE_ZH[e.state],
                                 e.date.isoformat() if e.date else "-",
                                 f"{e.by} ({e.unit})" if e.unit else e.by, note.strip()]))
    stored = store.ids()
    gone = sorted({e.assignment for e in events if e.assignment.split("/", 1)[0] not in stored
                   and e.assignment not in moves})
    if gone:
        typer.echo(f"note: {len(gone)} of these duties ({', '.join(gone[:3])}{' …' if len(gone) > 3 else ''}) are in no "
                   "stored document now (their document was removed, or replaced by a version without them); "
                   "'policykg progress stranded' shows what they were", err=True)


def _unit_read(store, unit: str) -> str:
    """A --unit as the store lists it, read as a question naming it reads it (县住建局, 沂南县住建局, 市发改委:
    ``Lexicon.read_unit``); a name the list holds is itself, one that reads as no stored unit is left to the
    command's own check (a place, an unknown name: its message lists the units), and one several units fit is an
    error naming each."""
    from graph.analysis import ambiguous_unit, labels_of_units
    from queries.lexicon import build_lexicon

    unit = unit.strip()
    if not unit or not store.ids():
        return unit
    session = store.open_graph()
    try:
        rows = session.query("MATCH (u:Unit) RETURN u.id, u.name, u.place, u.full_name")[1]
        if unit in labels_of_units([dict(zip(("id", "name", "place", "full_name"), r, strict=True)) for r in rows]
                                   ).values():
            return unit
        read = build_lexicon(session).read_unit(unit)
    finally:
        session.close()
    if len(read) > 1:
        raise ambiguous_unit(unit, read)
    return read[0] if read else unit


def _known(store) -> dict:
    """The stored assignments (``supervision.targets``); none when the store holds no document."""
    from graph.supervision import targets

    if not store.ids():
        return {}
    session = store.open_graph()
    try:
        return targets(session)
    finally:
        session.close()


def _filter_events(events, known, assignment: str, unit: str, resolve, moves: dict[str, str], duties: dict):
    """Events of one assignment (an id no stored document holds any more keeps its records, and they are
    shown), or of one unit's duties: those stored, and those left on no stored duty (``ProgressLog.duties``
    says whose they were)."""
    if assignment:
        exact = assignment.strip()
        if exact not in known and any(e.assignment == exact for e in events):
            # a duty of an earlier version: its own records, and those of the duty it became (set and import
            # record an old id under the new one)
            wanted = {exact, moves[exact]} if exact in moves else {exact}
        else:
            wanted = {resolve(assignment, known, moves).id}
        events = [e for e in events if e.assignment in wanted]
        if len(wanted) > 1:  # the records a new version carried over are copies (same time, state, name): once
            once: dict[tuple, object] = {}
            for e in events:
                once.setdefault((e.at, e.state, e.by, e.note, e.date), e)
            events = list(once.values())
    if unit:
        shown, names = _unit_names(known, unit, duties)
        events = [e for e in events if (shown in known[e.assignment].units if e.assignment in known else
                                        moves.get(e.assignment) not in known and e.assignment in duties
                                        and names & set(duties[e.assignment].units))]
    return events


def _unit_names(known, unit: str, duties: dict) -> tuple[str | None, set[str]]:
    """A unit as the stored duties show it (None when no stored duty names it), and every name it goes by; a
    unit only duties left on no stored document named is known by their names."""
    from graph.supervision import unit_shown
    from ingest.errors import UnknownNameError

    unit = unit.strip()
    try:
        shown = unit_shown(known, unit)  # 青岛市财政局 or 市财政局; a name two places hold is asked about
    except UnknownNameError:
        if not any(unit in d.units for d in duties.values()):
            raise
        return None, {unit}
    return shown, {unit, shown, *(n for t in known.values() for s, n, _f in t.names if s == shown)}


@progress_app.command("stranded")
def progress_stranded(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Records left on duties no stored document holds (their document removed, or replaced by a version
    without them): what each duty was and its latest report. 'progress move OLD NEW --by NAME' gives them a duty."""
    from graph.progress import STATE_ZH
    from queries.contract import tsv_line

    store = ctx.obj.store()
    log = store.progress()
    duties = log.duties()
    rows = []
    for aid, events in sorted(log.stranded(store.ids()).items()):
        duty, last = duties.get(aid), max(events, key=lambda e: e.at)
        rows.append({"id": aid, "records": len(events), "status": last.status_json(),
                     "duty": None if duty is None else {"document": duty.document, "label": duty.label,
                                                        "title": duty.title, "text": duty.text,
                                                        "units": list(duty.units), "gone": duty.gone}})
        if not as_json:
            what = (f"{duty.document} {duty.shown(60)} ({'、'.join(duty.units) or '-'})" if duty else
                    "(what this duty was is not known: it left the store before policykg kept that)")
            typer.echo(tsv_line([aid, STATE_ZH[last.state], f"{len(events)} record(s)", what]))
    if as_json:
        _echo_json(rows)
    elif not rows:
        typer.echo("no records are left on a duty no stored document holds")


@progress_app.command("move")
def progress_move(ctx: typer.Context, old: str = typer.Argument(..., help="the id records were left on "
                                                                       "('progress stranded' lists them)"),
                  new: str = typer.Argument(..., help="the stored duty that takes them: id, or task.seq (19.2)"),
                  by: str = typer.Option(..., "--by", help="who moves them (required)")) -> None:
    """Give the records left on a duty no stored document holds to a stored duty (copies with their states,
    dates, names and times; the old id then reads as the new one, in ledgers too)."""
    from graph.supervision import move_records

    store = ctx.obj.store()
    session = store.open_graph()
    try:
        target, events = move_records(store.progress(), session, old, new, by)
    finally:
        session.close()
    typer.echo(f"moved {len(events)} record(s) of {old.strip()} to {target.id} ({target.label}"
               f"{' ' + target.document if target.document else ''})")
    was = store.progress().duties().get(old.strip())
    if was is not None and target.task_title and was.title != target.task_title:
        # a note, not a refusal: a task may be retitled across versions; the user is told to check it
        typer.echo(f"note: the task titles differ: {old.strip()} was {was.label} {was.title}; {target.id} is "
                   f"{target.label} {target.task_title}. Check it is the duty meant", err=True)


@progress_app.command("import")
def progress_import(ctx: typer.Context, file: Path = typer.Argument(..., help="a filled-in ledger (.xlsx)"),
                    by: str = typer.Option(..., "--by", help="who records it (required)")) -> None:
    """Record a unit's returned ledger: every row is checked first; one bad row and nothing is recorded. A row
    of a duty no stored document holds any more (its document removed, or replaced without it) is named and
    left out, and the others are recorded."""
    from graph.ledger import read_returned
    from graph.store import read_file
    from graph.supervision import apply_import

    rows = read_returned(read_file(file), str(file))
    store = ctx.obj.store()
    session = store.open_graph()
    try:
        events, unchanged, skipped = apply_import(store.progress(), session, rows, by)
    finally:
        session.close()
    for line in skipped:
        typer.echo(f"not recorded: {line}", err=True)
    typer.echo(f"{file}: recorded {len(events)} event(s); {len(unchanged)} row(s) repeat what is recorded"
               + (f"; {len(skipped)} row(s) of duties no stored document holds, not recorded" if skipped else ""))


@progress_app.command("ledger")
def progress_ledger(ctx: typer.Context, output: Path = typer.Option(..., "-o", "--output", help=".html or .xlsx"),
                    unit: str = typer.Option("", help="one unit (name or alias), or a place: a page for each of its units and the duties its city gives every district; default every unit"),
                    due_from: str = typer.Option("", "--from", help="due on or after (YYYY-MM-DD)"),
                    due_to: str = typer.Option("", "--to", help="due on or before (YYYY-MM-DD)"),
                    today: str = typer.Option("", help="reference date for status (default today)"),
                    document: str = typer.Option("", help="one document id (prefix)"),
                    late: bool = typer.Option(False, "--late", help="count reports recorded after --today that "
                                              "report work of --today or earlier (a month's 通报 compiled after "
                                              "the returns came in)")) -> None:
    """督办台账: per unit, status, days overdue and a blank 办理情况 column; the xlsx is the form units return."""
    import datetime

    from graph.exporters import export as run_export
    from graph.sessions import export_graph

    fmt = {".html": "ledger-html", ".htm": "ledger-html", ".xlsx": "ledger-xlsx"}.get(output.suffix.lower())
    if fmt is None:
        raise PolicyKGError(f"{output}: the ledger is written as .html or .xlsx")
    store = ctx.obj.store()
    window = (_day(due_from, "--from"), _day(due_to, "--to"))
    status = status_context(store, _day(today, "--today") or datetime.date.today(), late)
    graph = export_graph(fmt, store, None, store.document(document).id if document else None)  # the store's
    data = run_export(fmt, graph, unit=_unit_read(store, unit) or None, status=status,
                      window=window if any(window) else None)
    output.write_bytes(data)
    typer.echo(f"wrote {output} ({len(data)} bytes)")


def status_context(store, ref, late: bool = False):
    """The progress log's latest events, judged at ``ref``, generated today (``late``: StatusContext.of_log)."""
    import datetime

    from graph.status import StatusContext

    return StatusContext.of_log(store.progress(), ref, datetime.date.today(), late)


def _session(ctx: typer.Context, neo4j_uri: str, user: str, password: str, database: str):
    from graph.sessions import open_session

    session = open_session(ctx.obj.store_path, neo4j_uri or None, user, password, database or None)
    try:
        _say_if_not_mirrored(ctx, session)
    except BaseException:
        session.close()
        raise
    return session


def _say_if_not_mirrored(ctx: typer.Context, session) -> None:
    """A reader of a Neo4j server beside a store says on stderr, in one line, when the server holds other
    documents than the store (a load not yet run): its answers are then not the store's (the app says it on
    the page)."""
    if session.engine != "neo4j":
        return
    from graph.sessions import mirror_of, mirror_warning, server_documents

    store = ctx.obj.store()
    if not store.ids():  # no store here: the server is all there is
        return
    mirror = mirror_of(server_documents(session), store)
    if mirror is not None:
        typer.echo(mirror_warning(mirror), err=True)


def _print_table(columns: list[str], rows: list[list], as_json: bool) -> None:
    if as_json:
        _echo_json([dict(zip(columns, r, strict=True)) for r in rows])
        return
    from queries.contract import tsv_line

    typer.echo(tsv_line(columns))
    for r in rows:
        typer.echo(tsv_line(r))


def _limits(timeout: float, max_rows: int):
    from queries.console import Limits

    return Limits(timeout_s=timeout, max_rows=max_rows)


def _run_console(ctx: typer.Context, text: str, params: dict, conn: tuple, limits, as_json: bool,
                 named=None) -> None:
    from queries.console import run_console
    from queries.named import several_places_note, with_task_names, with_task_read, with_unit_read

    session = _session(ctx, *conn)
    try:
        params, read = with_unit_read(session, named, params) if named is not None else (params, "")
        params, only, task_read = with_task_read(named, params) if named is not None else (params, "", "")
        result = run_console(session, text, params, limits)
        note = several_places_note(session, named, params) if named is not None else ""
        rows = with_task_names(session, result.columns, result.rows, only) if named is not None else result.rows
    finally:
        session.close()
    _print_table(result.columns, rows, as_json)
    for said in (read, task_read, note):
        if said:
            typer.echo(f"policykg: {said}", err=True)
    if result.truncated:
        typer.echo(f"policykg: {result.notice} (raise --max-rows to see more)", err=True)


def _timeout_option():
    from queries.console import DEFAULT_TIMEOUT_S

    return typer.Option(DEFAULT_TIMEOUT_S, "--timeout", help="stop the query after this many seconds")


def _max_rows_option():
    from queries.console import DEFAULT_MAX_ROWS

    return typer.Option(DEFAULT_MAX_ROWS, "--max-rows", help="print at most this many rows")


@app.command()
def cypher(ctx: typer.Context, query: str, param: list[str] = typer.Option([], "--param", help="k=v"),
           neo4j_uri: str = NEO4J_URI, user: str = NEO4J_USER, password: str = NEO4J_PASSWORD,
           database: str = NEO4J_DATABASE,
           as_json: bool = typer.Option(False, "--json"), timeout: float = _timeout_option(),
           max_rows: int = _max_rows_option()) -> None:
    """Run a read-only Cypher query (reading clauses only; see the console allow-list). A whole-number
    --param value is an int unless quoted."""
    from queries.params import parse_params

    _run_console(ctx, query, parse_params(param), (neo4j_uri, user, password, database),
                 _limits(timeout, max_rows), as_json)


@app.command("queries")
def list_queries() -> None:
    """List the named queries."""
    from queries.named import all_queries

    for q in all_queries().values():
        params = f"  params: {'; '.join(q.params)}" if q.params else ""
        typer.echo(f"{q.name}: {q.answers}{params}")


@app.command()
def query(ctx: typer.Context, name: str, param: list[str] = typer.Option([], "--param", help="k=v"),
          neo4j_uri: str = NEO4J_URI, user: str = NEO4J_USER, password: str = NEO4J_PASSWORD,
          database: str = NEO4J_DATABASE,
          as_json: bool = typer.Option(False, "--json"), timeout: float = _timeout_option(),
          max_rows: int = _max_rows_option()) -> None:
    """Run a named query; each --param gets the type the query declares (see `policykg queries`)."""
    from queries.named import get

    q = get(name)
    params = q.parameters(param)
    given = {p.split("=", 1)[0].strip() for p in param}
    if defaulted := [k for k in q.param_names if k not in given and k in q.example]:
        typer.echo("policykg: no --param for " + ", ".join(defaulted) + ": the example's "
                   + ", ".join(f"{k}={params[k]}" for k in defaulted) + " is used", err=True)
    _run_console(ctx, q.text, params, (neo4j_uri, user, password, database),
                 _limits(timeout, max_rows), as_json, named=q)


@app.command()
def export(ctx: typer.Context, fmt: str = typer.Argument(..., metavar="FORMAT"),
           output: Path = typer.Option(..., "-o", "--output"), unit: str = typer.Option("", help="one unit"),
           action: int = typer.Option(0, help="one action (number)"),
           kind: str = typer.Option("map", help="svg/png: map or co"),
           document: str = typer.Option("", help="one document: id, id prefix or 文号"),
           today: str = typer.Option("", help="reference date for the status column (default today)"),
           neo4j_uri: str = NEO4J_URI, user: str = NEO4J_USER, password: str = NEO4J_PASSWORD,
           database: str = NEO4J_DATABASE) -> None:
    """Write an export: ttl jsonld nt graphml gexf csv neo4j-csv cypher xlsx svg png ics md html ledger-html
    ledger-xlsx. Formats that show status get it once progress is recorded (policykg progress set)."""
    import datetime

    from graph.exporters import shows_status

    store = ctx.obj.store()
    with _Progress(f"export {fmt}", None):
        unit = _unit_read(store, unit)
        options = {k: v for k, v in {"unit": unit, "action": action, "kind": kind}.items() if v}
        if shows_status(fmt, bool(store.progress().events())):
            options["status"] = status_context(store, _day(today, "--today") or datetime.date.today())
        size = _write_export(ctx, fmt, output, document, (neo4j_uri, user, password, database), options)
    typer.echo(f"wrote {output} ({size} bytes)")


def _write_export(ctx: typer.Context, fmt: str, output: Path, document: str, server: tuple, options: dict) -> int:
    """Write the export (graph/sessions.write_export): of the store's graph, or read back from Neo4j when a URI is
    given (said when the server is not the store's mirror); nt, cypher, neo4j-csv, graphml and gexf as they are read."""
    from graph.sessions import neo4j_connection, write_export

    neo4j_uri, user, password, database = server
    store = ctx.obj.store()
    if neo4j_connection(neo4j_uri or None) is None:
        return write_export(fmt, store, output, None, store.document(document).id if document else None, **options)
    session = _session(ctx, neo4j_uri, user, password, database)
    try:
        if document:
            from ingest.normalize import to_simplified

            found = session.query("MATCH (d:Document) WHERE d.id STARTS WITH $p OR d.doc_number IN $numbers "
                                  "RETURN d.id", {"p": document, "numbers": [document, to_simplified(document)]})[1]
            if len(found) != 1:
                raise PolicyKGError(f"{document!r} names {len(found)} documents on the Neo4j server")
            document = found[0][0]
        return write_export(fmt, store, output, session, document or None, **options)
    finally:
        session.close()


@app.command("load-neo4j")
def load_neo4j_cmd(ctx: typer.Context, uri: str = typer.Option(..., "--uri", envvar="POLICYKG_NEO4J_URI",
                                                               help="bolt:// or neo4j+s:// URI"),
                   user: str = NEO4J_USER, password: str = NEO4J_PASSWORD, database: str = NEO4J_DATABASE,
                   replace: bool = typer.Option(False, "--replace", help="delete documents another store loaded "
                                                "into this database (it then mirrors this store alone)")) -> None:
    """Load the store into Neo4j per document: new documents added, removed ones deleted (idempotent). A database
    mirrors one store: documents another store loaded stop the load, unless --replace."""
    from graph.neo4j_store import Connection, Neo4jGraph, sync_neo4j
    from graph.resources import load_gazetteers
    from ingest.settings import get

    connection = Connection(uri, user, password, database or None)
    store = ctx.obj.store()
    store.open_graph().close()  # the store consistent before it is copied anywhere
    with _Progress("load-neo4j", None) as progress:
        plan = sync_neo4j(store, connection, load_gazetteers(), replace=replace, wait=float(get("lock_wait")),
                          on_batch=lambda n, _d: progress.advance(), on_plan=lambda _p, n: progress.total(n))
    session = Neo4jGraph(connection)
    try:
        counts = session.counts()
    finally:
        session.close()
    again = f" ({len(plan.reloaded)} loaded again: they were loaded under another schema)" if plan.reloaded else ""
    if plan.replaced:
        again += (f" ({len(plan.replaced)} loaded again: read anew in the store since they were loaded, a place "
                  "corrected or reparsed, or loaded by an earlier policykg)")
    typer.echo(f"neo4j {connection.shown}: added {len(plan.added)} document(s){again}, removed {len(plan.removed)}")
    if not plan.added and not plan.removed:  # an app saying "another version" is then the older program
        typer.echo("the server already holds this store as this version of policykg loads it; an app that says it "
                   "was loaded by another version was started before an upgrade: restart it (policykg serve)")
    typer.echo("loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))


@app.command()
def validate(ctx: typer.Context) -> None:
    """SHACL-validate the store's RDF, a document at a time (its part of the graph with the units and concepts it
    names: every shape looks at one node and its neighbours); exits 1 when it does not conform. The whole
    store's RDF at once made the role-agreement constraint quadratic: 40 documents took over five minutes."""
    from graph.rdf import to_rdf
    from graph.rdf import validate as shacl

    store = ctx.obj.store()
    ids = sorted(store.ids())
    found: dict[tuple, dict] = {}
    with _Progress("validate", len(ids)) as progress:
        for doc_id in ids:
            for v in shacl(to_rdf(store.graph(doc_id)))[2]:  # a shared unit's violation once, not per document
                found.setdefault((v.get("focus"), v.get("path"), v.get("message")), v)
            progress.advance()
    violations = sorted(found.values(), key=lambda v: (v["focus"], v["path"], v["message"]))
    if not violations:
        typer.echo(f"conforms: the RDF of {len(ids)} document(s) is valid against ontology/shapes.ttl")
        return
    for v in violations:
        typer.echo(f"violation: {v.get('focus')} {v.get('path')}: {v.get('message')}")
    raise PolicyKGError(f"{len(violations)} SHACL violation(s)")


@app.command()
def reparse(ctx: typer.Context,
            documents: list[str] = typer.Argument(None, help="document ids (or prefixes); default: those read by "
                                                             "an earlier version"),
            every: bool = typer.Option(False, "--all", help="read every stored document again"),
            wait: float = typer.Option(-1, help="seconds to wait for another writer (default: setting lock_wait)"),
            ) -> None:
    """Read stored documents again from their stored sources with this version's parser and gazetteers (by
    default those read by an earlier version, as ingest notes): a document that now reads differently replaces
    its earlier reading (its tasks and assignments in the graph), the others stay. A place given with
    --jurisdiction at ingest is kept. Ingest never parses a document it already holds."""
    from ingest.settings import get

    if documents and every:
        raise InputError("reparse", "give document ids or --all, not both")
    store = ctx.obj.store()
    ids = documents or (sorted(store.ids()) if every else [e.id for e in store.read_earlier()])
    with _Progress("reparse", len(ids)) as progress:
        report = store.reread(ids, progress=progress.advance, wait=float(get("lock_wait")) if wait < 0 else wait)
    changed = [r for r in report.results if r.added]
    for r in changed:
        doc = r.summary
        typer.echo(f"{doc.source_name}: read differently now; {doc.title or '(no title)'} {doc.doc_number}")
        typer.echo(f"  actions {doc.actions}, tasks {doc.tasks}, assignments {doc.assignments}, units {doc.units}, "
                   f"warnings {len(doc.issues)}")
    typer.echo(f"reparsed {len(report.results)} document(s): {len(changed)} read differently and replaced, "
               f"{len(report.results) - len(changed)} unchanged; store {store.root}: {len(store.ids())} document(s)")
    for failure in report.failures:
        typer.echo(f"policykg: error: {failure.message}", err=True)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def rebuild(ctx: typer.Context) -> None:
    """Rebuild the graph from the stored documents (after damage; never needed otherwise)."""
    store = ctx.obj.store()
    store.rebuild()
    typer.echo(f"rebuilt {store.graph_path} from {len(store.ids())} document(s)")


@app.command()
def schema() -> None:
    """Print the graph schema as Markdown."""
    from graph.schema import schema_markdown

    typer.echo(schema_markdown(), nl=False)


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@app.command()
def serve(ctx: typer.Context, port: int = typer.Option(8501),
          host: str = typer.Option("127.0.0.1", help="address to bind; 0.0.0.0 serves every interface"),
          allowed_host: list[str] = typer.Option(
              [], "--allowed-host", help="a host name browsers use to reach the app (repeat); the WebSocket "
              "refuses any other Host header, against DNS rebinding"),
          neo4j_uri: str = NEO4J_URI, user: str = NEO4J_USER, password: str = NEO4J_PASSWORD,
          database: str = NEO4J_DATABASE) -> None:
    """Start the browser app on the store (or on a Neo4j server with --neo4j-uri)."""
    import os
    import signal
    import subprocess

    from graph.access import WRITERS_FILE, writers

    _check_port_free(host, port)
    env = dict(os.environ)  # the app reads the server from the environment: never from a page or argv
    # The app judges a connection by its own peer (graph.access.login_name believes a proxy's user header only from
    # the loopback); the server would otherwise take the X-Forwarded-For a proxy on this machine sends for the
    # peer, and behind nginx's usual recipe nobody would ever be signed in. No address is trusted to rename it.
    env["FORWARDED_ALLOW_IPS"] = ""
    engine = f"store {ctx.obj.store_path}"
    if neo4j_uri or env.get("POLICYKG_NEO4J_URI"):
        from graph.sessions import neo4j_connection, open_session

        # reachable and loaded, or both empty: on the first day the Upload page fills the store and the server
        open_session(ctx.obj.store_path, neo4j_uri, user, password, database, both_empty_ok=True).close()
        engine += f"; graph from Neo4j at {neo4j_connection(neo4j_uri, user, password, database).shown}"
    if neo4j_uri:
        env.update(POLICYKG_NEO4J_URI=neo4j_uri, POLICYKG_NEO4J_USER=user, POLICYKG_NEO4J_PASSWORD=password,
                   POLICYKG_NEO4J_DATABASE=database)
    process = subprocess.Popen(streamlit_command(ctx.obj.store_path, host, port, allowed_host), env=env)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())  # stopping serve stops the app with it
    try:
        _warm_up(f"http://{_url_host(host)}:{port}", process)
        typer.echo(f"policykg app on http://{_url_host(host)}:{port} ({engine})")
        if host not in LOCAL_HOSTS and writers(Path(ctx.obj.store_path) / "progress") is None:
            typer.echo(f"note: the app answers on {host} to anyone who reaches this machine, and this store lists no "
                       "writers: anyone can upload, remove documents and record progress. List who may in "
                       f"{Path(ctx.obj.store_path) / 'progress' / WRITERS_FILE} and put the organisation's sign-in "
                       "(a reverse proxy) in front; README, 'Serving'", err=True)
        raise typer.Exit(process.wait())
    except KeyboardInterrupt:
        process.terminate()
        raise typer.Exit(process.wait()) from None
    except PolicyKGError:
        if process.poll() is None:
            process.terminate()
            process.wait()
        raise


def streamlit_command(store: Path, host: str, port: int, allowed_hosts: list[str]) -> list[str]:
    """The streamlit command line: XSRF and CORS protection on, an upload size well above the limit the store
    enforces (a larger file reaches the page, which says why it is not added: ingest.limits.received_bytes), a viewer's
    toolbar, and WebSocket connections only for the Host names the app is reached by (DNS rebinding)."""
    from graph.store import MAX_BYTES
    from ingest.limits import received_bytes

    hosts = list(dict.fromkeys([*LOCAL_HOSTS, *([] if host in ("0.0.0.0", "::") else [host]), *allowed_hosts]))
    app_path = Path(__file__).resolve().parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.scriptHealthCheckEnabled", "true", "--server.fileWatcherType", "none",
               "--server.enableXsrfProtection", "true", "--server.enableCORS", "true",
               "--server.maxUploadSize", str(-(-received_bytes(MAX_BYTES) // (1024 * 1024))),
               # staff see a viewer's menu: no Deploy button or developer options (Streamlit shows them to anyone
               # reaching the app on localhost)
               "--client.toolbarMode", "viewer",
               # serve prints the address itself; Streamlit's welcome lines asked checkip.amazonaws.com for this
               # machine's external address when bound to every interface: no request leaves the app
               "--logger.hideWelcomeMessage", "true"]
    for name in hosts:
        command += ["--server.allowedHosts", name]
    return [*command, "--", "--store", str(Path(store).resolve())]


def _url_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)


def _check_port_free(host: str, port: int) -> None:
    """Fail with the reason before starting, rather than announce a URL another program answers on."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PolicyKGError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; another program may be "
                                "using the port, choose another with --port") from None


def _warm_up(base: str, process, timeout: float = 60.0) -> None:
    """Run the app once in the server so the first visitor does not pay for imports (spaCy, the store);
    fail when the server exits or never answers."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=2).read()
            urllib.request.urlopen(base + "/_stcore/script-health-check", timeout=60).read()
            break
        except OSError:
            time.sleep(0.3)
    if process.poll() is None and time.monotonic() < deadline:
        return
    if process.poll() is not None:
        raise PolicyKGError(f"the app server stopped at start (exit {process.returncode}); see its messages above")
    raise PolicyKGError(f"the app server did not answer on {base} within {timeout:g} s")


def main() -> None:
    """The one place errors become messages: one line and a non-zero exit, or click's usage message and 2."""
    try:
        app(standalone_mode=False, prog_name="policykg")
        # The process ends now: the interpreter's last full collection over the heap of a big command (an ingest
        # holds the tagger and every parsed document) would cost a quarter of a second and free nothing of use.
        gc.freeze()
    except PolicyKGError as exc:
        problems = getattr(exc, "problems", None)  # a returned ledger's bad rows: one line each (README)
        if problems:  # the rows first and the verdict last, where the eye (and `tail -1`) lands after a long list
            for problem in problems:
                typer.echo("policykg: error: " + " ".join(str(problem).split()), err=True)
            typer.echo(f"policykg: error: {len(problems)} row(s) rejected (listed above), nothing recorded", err=True)
            sys.exit(1)
        _fail(str(exc))
    except (typer.Exit, SystemExit) as exc:
        sys.exit(getattr(exc, "exit_code", getattr(exc, "code", 0)))
    except typer.Abort:
        sys.exit(130)
    except typer.TyperException as exc:  # click's usage errors: a mistyped command or option
        exc.show()
        sys.exit(getattr(exc, "exit_code", 2))
    except OSError as exc:
        _fail(str(InputError(getattr(exc, "filename", "") or "?", exc.strerror or str(exc))))
    except Exception as exc:  # a bug: still one line; POLICYKG_DEBUG=1 shows the traceback
        import os

        if os.environ.get("POLICYKG_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
              "rerun with POLICYKG_DEBUG=1 for the details and report it")


def _fail(message: str) -> None:
    """One line, whatever the message: an engine's multi-line error is joined, not cut."""
    line = " ".join(message.split()) if "\n" in message else message
    typer.echo(f"policykg: error: {line}", err=True)
    sys.exit(1)


if __name__ == "__main__":
    main()
