"""The ``policykg`` command line. Thin: every command calls graph/ or queries/ and prints the result.

Errors are turned into one line and a non-zero exit in one place (``main``), never a traceback.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from ingest.errors import InputError, PolicyKGError

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
            store: Path = typer.Option(Path("policykg-data"), "--store", help="store directory")) -> None:
    ctx.obj = Context(store)


def _echo_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
def ingest(ctx: typer.Context, files: list[Path] = typer.Argument(..., help="documents to add"),
           strict: bool = typer.Option(False, help="treat parse warnings as errors"),
           jurisdiction: str = typer.Option(None, "--jurisdiction",
                                            help="the issuing place (行政区划) such as 青岛市 or 即墨区; "
                                                 "sets or corrects what the 文号, issuer, title or text say")) -> None:
    """Add documents (idempotent by content); print counts and warnings."""
    store = ctx.obj.store()
    results = store.ingest_paths(files, strict=strict, jurisdiction=jurisdiction)
    for r in results:
        doc = r.document
        units = {(u.place, u.name) for _, a in doc.assignments for u in (*a.lead, *a.responsible, *a.cooperating)}
        state = "added" if r.added else "unchanged (already in the store)"
        typer.echo(f"{doc.source_name}: {state}; {doc.metadata.title or '(no title)'} {doc.metadata.doc_number}")
        place = doc.metadata.jurisdiction
        typer.echo(f"  jurisdiction {place} (from {doc.metadata.jurisdiction_source})" if place else
                   "  jurisdiction unknown: units are read against every gazetteer; set it with --jurisdiction")
        typer.echo(f"  documents 1, actions {len(doc.actions)}, tasks {len(doc.tasks)}, "
                   f"assignments {len(doc.assignments)}, units {len(units)}, warnings {len(doc.issues)}")
        for issue in doc.issues:
            typer.echo("  warning: " + issue.render(doc.source_name), err=True)
    typer.echo(f"store {store.root}: {len(store.documents())} document(s)")


@app.command()
def assignments(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Every assignment in the store."""
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
        due = a["deadline"]["text"] if a["deadline"] else "-"
        typer.echo(f"{a['task']['label']}.{a['seq']}\t{'、'.join(a['lead']) or '-'}\t"
                   f"{'、'.join(a['responsible']) or '-'}\t{due}")


@app.command()
def ask(ctx: typer.Context, question: str,
        as_json: bool = typer.Option(False, "--json", help="print JSON with interpretation and assignments"),
        today: str = typer.Option("", help="reference date for 'overdue'/'this month' (yyyy-mm-dd)")) -> None:
    """Answer a question in Chinese or English."""
    from queries.ask import answer, render_text

    session = ctx.obj.store().open_graph()
    try:
        result = answer(session, question, today=today or None)
    finally:
        session.close()
    if as_json:
        _echo_json(result.to_json())
    else:
        typer.echo(render_text(result))


def _params(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise PolicyKGError(f"--param {pair!r}: expected key=value")
        out[key] = int(value) if value.lstrip("-").isdigit() else value
    return out


def _session(ctx: typer.Context, neo4j_uri: str, user: str, password: str, database: str):
    if neo4j_uri:
        from graph.neo4j_store import Connection, Neo4jGraph

        return Neo4jGraph(Connection(neo4j_uri, user, password, database or None))
    return ctx.obj.store().open_graph()


def _print_table(columns: list[str], rows: list[list], as_json: bool) -> None:
    if as_json:
        _echo_json([dict(zip(columns, r, strict=True)) for r in rows])
        return
    typer.echo("\t".join(columns))
    for r in rows:
        typer.echo("\t".join("" if v is None else str(v) for v in r))


@app.command()
def cypher(ctx: typer.Context, query: str, param: list[str] = typer.Option([], "--param", help="k=v"),
           neo4j_uri: str = typer.Option("", help="run on Neo4j instead of the embedded store"),
           user: str = "neo4j", password: str = "", database: str = "",
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Run a read-only Cypher query (writes are refused by the engine)."""
    session = _session(ctx, neo4j_uri, user, password, database)
    try:
        columns, rows = session.query(query, _params(param))
    finally:
        session.close()
    _print_table(columns, rows, as_json)


@app.command("queries")
def list_queries() -> None:
    """List the named queries."""
    from queries.named import all_queries

    for q in all_queries().values():
        params = f"  params: {'; '.join(q.params)}" if q.params else ""
        typer.echo(f"{q.name}: {q.answers}{params}")


@app.command()
def query(ctx: typer.Context, name: str, param: list[str] = typer.Option([], "--param", help="k=v"),
          neo4j_uri: str = typer.Option("", help="run on Neo4j instead of the embedded store"),
          user: str = "neo4j", password: str = "", database: str = "",
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Run a named query."""
    from queries.named import get

    q = get(name)
    params = {**q.example, **_params(param)}
    session = _session(ctx, neo4j_uri, user, password, database)
    try:
        columns, rows = session.query(q.text, {k: v for k, v in params.items() if k in q.param_names})
    finally:
        session.close()
    _print_table(columns, rows, as_json)


@app.command()
def export(ctx: typer.Context, fmt: str = typer.Argument(..., metavar="FORMAT"),
           output: Path = typer.Option(..., "-o", "--output"), unit: str = typer.Option("", help="one unit"),
           action: int = typer.Option(0, help="one action (number)"),
           kind: str = typer.Option("map", help="svg/png: map or co"),
           document: str = typer.Option("", help="one document id (prefix)")) -> None:
    """Write an export: ttl jsonld nt graphml gexf csv neo4j-csv cypher xlsx svg png ics md html."""
    from graph.exporters import export as run_export

    store = ctx.obj.store()
    graph = store.graph(document or None)
    options = {k: v for k, v in {"unit": unit, "action": action, "kind": kind}.items() if v}
    data = run_export(fmt, graph, **options)
    output.write_bytes(data)
    typer.echo(f"wrote {output} ({len(data)} bytes)")


@app.command("load-neo4j")
def load_neo4j_cmd(ctx: typer.Context, uri: str = typer.Option(..., help="bolt:// or neo4j+s:// URI"),
                   user: str = "neo4j", password: str = "", database: str = "") -> None:
    """Load the store's graph into Neo4j (idempotent)."""
    from graph.neo4j_store import Connection, load_neo4j

    counts = load_neo4j(ctx.obj.store().graph(), Connection(uri, user, password, database or None))
    typer.echo("loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))


@app.command()
def validate(ctx: typer.Context) -> None:
    """SHACL-validate the store's RDF; exits 1 when it does not conform."""
    from graph.rdf import to_rdf
    from graph.rdf import validate as shacl

    conforms, report, violations = shacl(to_rdf(ctx.obj.store().graph()))
    if conforms:
        typer.echo("conforms: the RDF is valid against ontology/shapes.ttl")
        return
    for v in violations:
        typer.echo(f"violation: {v.get('focus')} {v.get('path')}: {v.get('message')}")
    raise PolicyKGError(f"{len(violations)} SHACL violation(s)")


@app.command()
def schema() -> None:
    """Print the graph schema as Markdown."""
    from graph.schema import schema_markdown

    typer.echo(schema_markdown(), nl=False)


@app.command()
def serve(ctx: typer.Context, port: int = typer.Option(8501), host: str = typer.Option("127.0.0.1")) -> None:
    """Start the browser app on the store."""
    import subprocess

    app_path = Path(__file__).resolve().parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.scriptHealthCheckEnabled", "true", "--server.fileWatcherType", "none",
               "--", "--store", str(ctx.obj.store_path.resolve())]
    import signal

    process = subprocess.Popen(command)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())  # stopping serve stops the app with it
    try:
        _warm_up(f"http://{host}:{port}", process)
        typer.echo(f"policykg app on http://{host}:{port} (store {ctx.obj.store_path})")
        raise typer.Exit(process.wait())
    except KeyboardInterrupt:
        process.terminate()
        raise typer.Exit(process.wait()) from None


def _warm_up(base: str, process, timeout: float = 60.0) -> None:
    """Run the app once in the server so the first visitor does not pay for imports (spaCy, the store)."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=2).read()
            urllib.request.urlopen(base + "/_stcore/script-health-check", timeout=60).read()
            return
        except OSError:
            time.sleep(0.3)


def main() -> None:
    try:
        app(standalone_mode=False)
    except PolicyKGError as exc:
        typer.echo(f"policykg: error: {exc}", err=True)
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        sys.exit(getattr(exc, "exit_code", getattr(exc, "code", 0)))
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            typer.echo(f"policykg: error: {exc.format_message()}", err=True)
            sys.exit(2)
        if isinstance(exc, OSError):
            typer.echo(f"policykg: error: {InputError(getattr(exc, 'filename', '') or '?', exc.strerror or str(exc))}",
                       err=True)
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
