"""The `minutebook` command: parses options, calls library functions, renders with rich.

Domain errors (`minutebook.errors.MinutebookError`) become a one-line message and exit 1.
Heavy libraries (pdfplumber, spaCy, Whoosh) are imported only by the commands that need them.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from minutebook.errors import MinutebookError
from minutebook.home import data_home

app = typer.Typer(
    help="Turn committee meeting PDFs into a searchable record of decisions and a register of actions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
actions_app = typer.Typer(help="The action register: list, close, reopen and assign actions.", no_args_is_help=False)
app.add_typer(actions_app, name="actions")

console = Console()
err = Console(stderr=True)


class State:
    home: Path | None = None


state = State()


def home() -> Path:
    return data_home(state.home)


def domain_errors(fn):
    """Turn a `MinutebookError` into one red line on stderr and exit code 1."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except MinutebookError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


@app.callback()
def main(
    home_dir: Annotated[
        Path | None, typer.Option("--home", help="Data folder (default: $MINUTEBOOK_HOME or the user data folder).")
    ] = None,
) -> None:
    """minutebook: search past decisions and track who owes what.

    Example: minutebook ingest corpus/ && minutebook search "CCTV"
    """
    state.home = home_dir


@app.command()
@domain_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively).")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = None,
    password: Annotated[str | None, typer.Option(help="Password for encrypted PDFs.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Read scanned or garbled PDFs with OCR (needs ocrmypdf).")] = False,
) -> None:
    """Ingest meeting PDFs into the store and the search index.

    Example: minutebook ingest corpus/ --jobs 2
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from minutebook import app as lib
    from minutebook.ingest.pdf import page_count

    files = [p for p in lib.find_pdfs(paths) if isinstance(p, Path)]
    total = 0
    for f in files:
        try:
            total += page_count(f, password)
        except MinutebookError:
            total += 1
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"), TimeElapsedColumn(),
        console=err, transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=max(total, 1))

        def done(res: lib.FileResult) -> None:
            progress.advance(task, res.pages or 1)
            if res.status == "failed":
                err.print(f"[red]error:[/red] {res.message}", highlight=False, soft_wrap=True)
            elif res.status == "unchanged":
                err.print(f"[dim]{res.message}[/dim]", highlight=False, soft_wrap=True)

        results = lib.ingest(paths, home(), jobs=jobs, password=password, ocr=ocr, on_done=done)
    table = Table(title="Ingest summary")
    for col in ("file", "status", "pages", "meetings", "items", "actions", "seconds"):
        table.add_column(col, justify="right" if col in ("pages", "items", "actions", "seconds") else "left")
    for r in results:
        style = {"failed": "red", "unchanged": "dim"}.get(r.status, "")
        table.add_row(Path(r.path).name, f"[{style}]{r.status}[/]" if style else r.status, str(r.pages),
                      "\n".join(r.meetings), str(r.items), str(r.actions), f"{r.seconds:.1f}")
    console.print(table)
    for r in results:
        for w in r.warnings:
            err.print(f"[yellow]note:[/yellow] {Path(r.path).name}: {w}", highlight=False, soft_wrap=True)
    failed = sum(r.status == "failed" for r in results)
    if failed:
        err.print(f"[red]{failed} of {len(results)} file(s) failed[/red]")
        raise typer.Exit(1)


@app.command()
@domain_errors
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", field:value, AND/OR/NOT, fuzzy word~.')],
    kind: Annotated[list[str] | None, typer.Option(help="Record kind: minute_item, resolution, action, ...")] = None,
    body: Annotated[str | None, typer.Option(help="Only this body (committee).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From: 2019, 2019-10 or 2019-10-09.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To, inclusive: 2019, 2019-10 or 2019-10-09.")] = None,
    owner: Annotated[str | None, typer.Option(help="Only actions owned by this person.")] = None,
    meeting: Annotated[str | None, typer.Option(help="Only this meeting id.")] = None,
    limit: Annotated[int, typer.Option(help="Maximum hits.")] = 10,
    sort: Annotated[str, typer.Option(help="relevance or date.")] = "relevance",
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Include exempt (confidential) items.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
) -> None:
    """Search decisions, items, actions and reports.

    Example: minutebook search "CCTV" --kind resolution --from 2019
    """
    from minutebook import search as idx

    result = idx.search(home(), query, kinds=kind, body=body, date_from=date_from, date_to=date_to, owner=owner,
                        meeting=meeting, limit=limit, sort=sort, include_exempt=include_exempt)
    if as_json:
        print(json.dumps([h.to_json() for h in result.hits], indent=2))
        return
    from minutebook.render import render_search

    render_search(console, query, result)


@actions_app.callback(invoke_without_command=True)
@domain_errors
def actions_list(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option(help="Full name, surname, first name, initials or role.")] = None,
    body: Annotated[str | None, typer.Option(help="Only this body.")] = None,
    status: Annotated[str, typer.Option(help="open, done or all.")] = "open",
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Outstanding actions grouped by owner.

    Example: minutebook actions --owner "Eubert Malcolm"
    """
    if ctx.invoked_subcommand is not None:
        return
    from minutebook.register import list_actions
    from minutebook.store import Store

    with Store.open(home()) as store:
        groups = list_actions(store, owner=owner, body=body, status=status)
    if as_json:
        print(json.dumps({o: [r.to_json() for r in rows] for o, rows in groups.items()}, indent=2))
        return
    from minutebook.render import render_actions

    render_actions(console, groups, status)


@app.command()
@domain_errors
def export(
    fmt: Annotated[str, typer.Option("--format", help="Only json (the minutebook/1 schema).")] = "json",
    include_exempt: Annotated[bool, typer.Option("--include-exempt", help="Include exempt content.")] = False,
) -> None:
    """Export everything as JSON (schema minutebook/1).

    Example: minutebook export --format json > export.json
    """
    if fmt != "json":
        raise MinutebookError(f"unknown format {fmt!r}; use --format json")
    from minutebook.export import export_json
    from minutebook.store import Store

    with Store.open(home()) as store:
        data = export_json(store, include_exempt=include_exempt)
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command()
@domain_errors
def reindex() -> None:
    """Rebuild the search index from the store.

    Example: minutebook reindex
    """
    from minutebook import app as lib

    n = lib.reindex(home())
    console.print(f"index rebuilt: {n} records")


@app.command()
@domain_errors
def show(
    ident: Annotated[str, typer.Argument(help="A meeting id (m1a2b3c4) or item id (m1a2b3c4.91).")],
    include_exempt: Annotated[bool, typer.Option("--include-exempt", help="Show exempt content.")] = False,
) -> None:
    """Show a meeting or one item with its resolutions, actions and pages.

    Example: minutebook show m1a2b3c4.91
    """
    from minutebook.render import render_meeting
    from minutebook.store import Store

    meeting_id, _, number = ident.partition(".")
    with Store.open(home()) as store:
        m = store.meeting(meeting_id)
    render_meeting(console, m, item=number or None, include_exempt=include_exempt)


@app.command()
@domain_errors
def doctor(as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False) -> None:
    """Check the store, its schema, the search index and their agreement; say what to run to fix each problem.

    Example: minutebook doctor
    """
    from minutebook.doctor import diagnose

    report = diagnose(home())
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        from rich.markup import escape

        for c in report.checks:
            mark = "[green]ok[/green]     " if c.ok else "[red]PROBLEM[/red]"
            fix = f" [bold]-> {escape(c.fix)}[/bold]" if c.fix else ""
            console.print(f"{mark} {escape(c.name)}: {escape(c.detail)}{fix}", highlight=False, soft_wrap=True)
        if report.counts:
            console.print("counts: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()), highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def run() -> None:
    app()


if __name__ == "__main__":
    run()
