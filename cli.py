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
           strict: bool = typer.Option(False, help="treat parse warnings as errors")) -> None:
    """Add documents (idempotent by content); print counts and warnings."""
    store = ctx.obj.store()
    results = store.ingest_paths(files, strict=strict)
    for r in results:
        doc = r.document
        units = {u.name for _, a in doc.assignments for u in (*a.lead, *a.responsible, *a.cooperating)}
        state = "added" if r.added else "unchanged (already in the store)"
        typer.echo(f"{doc.source_name}: {state}; {doc.metadata.title or '(no title)'} {doc.metadata.doc_number}")
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

    reference = _today(today) if today else None
    session = ctx.obj.store().open_graph()
    try:
        result = answer(session, question, today=reference)
    finally:
        session.close()
    if as_json:
        _echo_json(result.to_json())
    else:
        typer.echo(render_text(result))


TODAY_YEARS = (1900, 2999)  # a reference date outside these is a typo, and date arithmetic near 1 or 9999 overflows


def _today(text: str):
    from datetime import date

    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise PolicyKGError(f"--today {text!r}: expected a real date as yyyy-mm-dd, e.g. 2024-07-15") from None
    if not TODAY_YEARS[0] <= value.year <= TODAY_YEARS[1]:
        raise PolicyKGError(f"--today {text!r}: expected a year from {TODAY_YEARS[0]} to {TODAY_YEARS[1]}")
    return value


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


def _limits(timeout: float, max_rows: int):
    from queries.console import Limits

    return Limits(timeout_s=timeout, max_rows=max_rows)


def _run_console(ctx: typer.Context, text: str, params: dict, conn: tuple, limits, as_json: bool) -> None:
    from queries.console import run_console

    session = _session(ctx, *conn)
    try:
        result = run_console(session, text, params, limits)
    finally:
        session.close()
    _print_table(result.columns, result.rows, as_json)
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
           neo4j_uri: str = typer.Option("", help="run on Neo4j instead of the embedded store"),
           user: str = "neo4j", password: str = "", database: str = "",
           as_json: bool = typer.Option(False, "--json"), timeout: float = _timeout_option(),
           max_rows: int = _max_rows_option()) -> None:
    """Run a read-only Cypher query (reading clauses only; see the console allow-list)."""
    _run_console(ctx, query, _params(param), (neo4j_uri, user, password, database), _limits(timeout, max_rows),
                 as_json)


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
          as_json: bool = typer.Option(False, "--json"), timeout: float = _timeout_option(),
          max_rows: int = _max_rows_option()) -> None:
    """Run a named query."""
    from queries.named import get

    q = get(name)
    params = {**q.example, **_params(param)}
    _run_console(ctx, q.text, {k: v for k, v in params.items() if k in q.param_names},
                 (neo4j_uri, user, password, database), _limits(timeout, max_rows), as_json)


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


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@app.command()
def serve(ctx: typer.Context, port: int = typer.Option(8501),
          host: str = typer.Option("127.0.0.1", help="address to bind; 0.0.0.0 serves every interface"),
          allowed_host: list[str] = typer.Option(
              [], "--allowed-host", help="a host name browsers use to reach the app (repeat); the WebSocket "
              "refuses any other Host header, against DNS rebinding")) -> None:
    """Start the browser app on the store."""
    import signal
    import subprocess

    _check_port_free(host, port)
    process = subprocess.Popen(streamlit_command(ctx.obj.store_path, host, port, allowed_host))
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())  # stopping serve stops the app with it
    try:
        _warm_up(f"http://{_url_host(host)}:{port}", process)
        typer.echo(f"policykg app on http://{_url_host(host)}:{port} (store {ctx.obj.store_path})")
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
    """The streamlit command line: XSRF and CORS protection on, the upload limit the store enforces, and
    WebSocket connections only for the Host names the app is reached by (DNS rebinding)."""
    from graph.store import MAX_BYTES

    hosts = list(dict.fromkeys([*LOCAL_HOSTS, *([] if host in ("0.0.0.0", "::") else [host]), *allowed_hosts]))
    app_path = Path(__file__).resolve().parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.scriptHealthCheckEnabled", "true", "--server.fileWatcherType", "none",
               "--server.enableXsrfProtection", "true", "--server.enableCORS", "true",
               "--server.maxUploadSize", str(-(-MAX_BYTES // (1024 * 1024)))]
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
    except PolicyKGError as exc:
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
