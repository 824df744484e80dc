"""The `minutebook` command: parses options, calls library functions, renders with rich.

Domain errors (`minutebook.errors.MinutebookError`) become a one-line message and exit 1.
Heavy libraries (pdfplumber, spaCy, Whoosh) are imported only by the commands that need them, and rich only
when something is printed with it: help is click's plain help (`rich_markup_mode=None`), so `--help` loads
neither rich nor `typer.rich_utils`. typer is pinned below 0.29, whose parameter coercion imports pydantic
(installed with spaCy) for every command with options; see benchmarks/README.md. No `from __future__ import
annotations` here: typer would evaluate every string annotation twice, about 25 ms of each start.
"""

import json
import sys
from functools import cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minutebook.errors import MinutebookError, printable
from minutebook.home import data_home

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rich.console import Console

app = typer.Typer(
    help="Turn committee meeting PDFs into a searchable record of decisions and a register of actions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# help comes from the callback docstring, with its example
actions_app = typer.Typer(no_args_is_help=False, rich_markup_mode=None)
app.add_typer(actions_app, name="actions")


@cache
def console() -> "Console":
    """stdout, created on first use so that `--help` and JSON output never import rich."""
    from rich.console import Console

    return Console()


@cache
def err() -> "Console":
    from rich.console import Console

    return Console(stderr=True)


def escape(text: str) -> str:
    """rich markup escaping, imported on first use."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def shown(text: str | Path) -> str:
    """A file name or a message naming one, for rich: control characters and undecodable bytes escaped, so a
    name cannot spoof a second line or reach the terminal as an escape sequence, and markup escaped."""
    from minutebook.errors import printable

    return escape(printable(text))


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
            err().print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except PermissionError as exc:  # a read-only or another user's file the command had to write
            where = escape(printable(exc.filename)) + ": " if exc.filename else ""
            err().print(f"[red]error:[/red] {where}{escape(exc.strerror or str(exc))}", highlight=False,
                        soft_wrap=True)
            raise typer.Exit(1) from None
        except Exception as exc:
            # disk full, a lock held too long: the store says what, no traceback. sqlite3 is looked up, not
            # imported: only a command that opened the store can raise its errors, and --help never loads it.
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                raise
            err().print(f"[red]error:[/red] store: {escape(str(exc))}", highlight=False, soft_wrap=True)
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
    # readable=False: typer checks readability by default, and one unreadable file would stop the whole
    # command with a usage error; the ingest names it ("cannot be read") and goes on with the others.
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively).", readable=False)],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = None,
    password: Annotated[str | None, typer.Option(help="Password for encrypted PDFs.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Read scanned or garbled PDFs with OCR (needs ocrmypdf).")] = False,
) -> None:
    """Ingest meeting PDFs into the store and the search index.

    Example: minutebook ingest corpus/ --jobs 2
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from minutebook import app as lib
    from minutebook.ingest.pdf import page_count

    files = [p for p in lib.find_pdfs(paths) if isinstance(p, Path)]
    total = 0
    for f in files:
        try:
            total += page_count(f, password)
        except Exception:  # only sizes the progress bar: the ingest itself names what is wrong with the file
            total += 1
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"), TimeElapsedColumn(),
        console=err(), transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=max(total, 1))

        def done(res: lib.FileResult) -> None:
            progress.advance(task, res.pages or 1)
            if res.status == "failed":
                err().print(f"[red]error:[/red] {shown(res.message)}", highlight=False, soft_wrap=True)
            elif res.status == "unchanged":
                err().print(f"[dim]{shown(res.message)}[/dim]", highlight=False, soft_wrap=True)

        results = lib.ingest(paths, home(), jobs=jobs, password=password, ocr=ocr, on_done=done)
    table = Table(title="Ingest summary", expand=True)
    table.add_column("file", max_width=30, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("found", ratio=1, overflow="fold")
    for r in results:
        style = {"failed": "red", "unchanged": "dim", "ingested": "green"}.get(r.status, "")
        found = "" if r.status != "ingested" else (
            f"{r.pages} pages, {r.items} items, {r.actions} actions in {r.seconds:.1f} s\n" + "\n".join(r.meetings))
        table.add_row(shown(Path(r.path).name), f"[{style}]{r.status}[/]", escape(found))
    console().print(table)
    for r in results:
        for w in r.warnings:
            name = shown(Path(r.path).name)
            err().print(f"[yellow]note:[/yellow] {name}: {escape(w)}", highlight=False, soft_wrap=True)
    failed = sum(r.status == "failed" for r in results)
    if failed:
        err().print(f"[red]{failed} of {len(results)} file(s) failed[/red]")
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

    def open_store():  # only used when the index was written by an older schema and must be rebuilt
        from minutebook.store import Store

        return Store.open(home())

    result = idx.search(home(), query, kinds=kind, body=body, date_from=date_from, date_to=date_to, owner=owner,
                        meeting=meeting, limit=limit, sort=sort, include_exempt=include_exempt,
                        store_factory=open_store)
    if as_json:
        print(json.dumps([h.to_json() for h in result.hits], indent=2))
        return
    from minutebook.render import render_search

    render_search(console(), query, result)


@actions_app.callback(invoke_without_command=True)
@domain_errors
def actions_list(
    ctx: typer.Context,
    owner: Annotated[
        str | None, typer.Option(help='Full name, first name, surname, initials or role ("Chair"), any case.')
    ] = None,
    body: Annotated[str | None, typer.Option(help="Only this body (or a unique part of its name).")] = None,
    status: Annotated[str, typer.Option(help="open, done or all.")] = "open",
    since: Annotated[str | None, typer.Option(help="Meetings from: 2019, 2019-10 or 2019-10-09.")] = None,
    until: Annotated[str | None, typer.Option(help="Meetings up to, inclusive: 2019, 2019-10 or 2019-10-09.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open actions whose due date has passed.")] = False,
    meeting: Annotated[
        str | None, typer.Option(help="Only this meeting: id, unique prefix, or date of the minutes.")
    ] = None,
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Include actions of exempt (confidential) items.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON: each owner with their actions.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print as CSV (UTF-8 with a byte order mark).")] = False,
) -> None:
    """Actions grouped by owner, with counts: date, body, item, page, text, due, status and age.

    Example: minutebook actions --owner "Eubert Malcolm" --status all
    """
    if ctx.invoked_subcommand is not None:
        return
    from minutebook.register import LIST_COLUMNS, list_actions, to_csv
    from minutebook.store import Store

    with Store.open(home()) as store:
        reg = list_actions(store, owner=owner, body=body, status=status, since=since, until=until, overdue=overdue,
                           meeting=meeting, include_exempt=include_exempt)
    if as_json:
        print(json.dumps({o: [r.to_json() for r in rows] for o, rows in reg.groups.items()}, indent=2,
                         ensure_ascii=False))
        return
    if as_csv:
        _write_bytes(to_csv(reg, LIST_COLUMNS).encode("utf-8"), None)
        return
    from minutebook.render import render_actions

    render_actions(console(), reg)


def _write_bytes(data: bytes, output: Path | None) -> None:
    """Write an export to a file, or to stdout as UTF-8 whatever the terminal's encoding."""
    if output is not None:
        output.write_bytes(data)
        err().print(f"wrote {output}", highlight=False)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _action_line(verb: str, row) -> None:

    a = row.action
    owners = " & ".join(a.owners) or "(no owner)"
    console().print(f"[bold]{a.id}[/bold] {verb}: {escape(a.text)} [dim]({escape(owners)}; {row.date} item "
                  f"{escape(row.item_number)}, p{a.page})[/dim]", highlight=False, soft_wrap=True)


@actions_app.command("done")
@domain_errors
def actions_done(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    note: Annotated[str, typer.Option(help="Why, or the evidence (kept in the history).")] = "",
) -> None:
    """Mark an action done; the change and its note are kept in the action's history.

    Example: minutebook actions done a25cce4 --note "Flyer emailed to partners on 14 Oct"
    """
    from minutebook.register import mark_done
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = mark_done(store, action_id, note=note)
    _action_line("done", row)


@actions_app.command("reopen")
@domain_errors
def actions_reopen(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    note: Annotated[str, typer.Option(help="Why it is open again (kept in the history).")] = "",
) -> None:
    """Reopen an action closed by hand, by a post-meeting note or by carry-forward.

    Example: minutebook actions reopen a25cce4 --note "Only half the partners received it"
    """
    from minutebook.register import reopen
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = reopen(store, action_id, note=note)
    _action_line("reopened", row)


@actions_app.command("assign")
@domain_errors
def actions_assign(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    name: Annotated[str, typer.Argument(help='New owner(s), resolved like --owner; "A & B" for joint owners.')],
    note: Annotated[str, typer.Option(help="Why (kept in the history).")] = "",
    new: Annotated[
        bool, typer.Option("--new", help="Keep a name that is in no stored minutes as written.")
    ] = False,
) -> None:
    """Give an action to someone else, or to joint owners.

    Example: minutebook actions assign a25cce4 "Eubert Malcolm & Beverley Hendricks"
    """
    from minutebook.register import assign
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = assign(store, action_id, name, note=note, new=new)
    _action_line("assigned", row)


@actions_app.command("show")
@domain_errors
def actions_show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show an action, where it was recorded, and its full history with times and notes.

    Example: minutebook actions show a25cce4
    """
    from minutebook.register import action_detail
    from minutebook.store import Store

    with Store.open(home()) as store:
        detail = action_detail(store, action_id)
    if as_json:
        print(json.dumps(detail.to_json(), indent=2, ensure_ascii=False))
        return
    from minutebook.render import render_action

    render_action(console(), detail)


@actions_app.command("review")
@domain_errors
def actions_review(
    accept: Annotated[list[str] | None, typer.Option("--accept", help="Accept suggestion N (repeatable).")] = None,
    reject: Annotated[list[str] | None, typer.Option("--reject", help="Reject suggestion N (repeatable).")] = None,
    note: Annotated[str, typer.Option(help="Note recorded with each decision.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the pending suggestions as JSON.")] = False,
) -> None:
    """Carry-forward suggestions: later minutes that may report an action done. Accept or reject them by number.

    Example: minutebook actions review --accept 3 --reject 4
    """
    from minutebook import carry
    from minutebook.store import Store

    with Store.open(home()) as store:
        if accept or reject:
            for sid in accept or []:
                s = carry.accept(store, sid, note=note)
                _action_line(f"done (accepted suggestion {s.id})", store.action(s.action_id))
            for sid in reject or []:
                s = carry.reject(store, sid, note=note)
                console().print(f"suggestion {s.id} rejected; action {s.action_id} stays {s.status}", highlight=False)
            return
        pending = carry.pending_suggestions(store)
    if as_json:
        print(json.dumps([s.to_json() for s in pending], indent=2, ensure_ascii=False))
        return
    from minutebook.render import render_suggestions

    render_suggestions(console(), pending)


@actions_app.command("export")
@domain_errors
def actions_export(
    fmt: Annotated[str, typer.Option("--format", help="csv, md or json.")] = "md",
    body: Annotated[str | None, typer.Option(help="Only this body (or a unique part of its name).")] = None,
    meeting: Annotated[
        str | None, typer.Option(help="Only this meeting: id, unique prefix, or date of the minutes.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner (resolved like `actions --owner`).")] = None,
    status: Annotated[str, typer.Option(help="all (the default: what was done and what remains), open or done.")] = (
        "all"
    ),
    since: Annotated[str | None, typer.Option(help="Meetings from: 2019, 2019-10 or 2019-10-09.")] = None,
    until: Annotated[str | None, typer.Option(help="Meetings up to, inclusive.")] = None,
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Include actions of exempt (confidential) items.")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")] = None,
) -> None:
    """Write the action log for the next agenda, grouped by owner: item, text, due date, status, source page.

    Example: minutebook actions export --format csv --body "Community Safety" -o action-log.csv
    """
    from minutebook.register import list_actions, to_csv, to_json, to_markdown
    from minutebook.store import Store

    if fmt not in ("csv", "md", "json"):
        raise MinutebookError(f"unknown format {fmt!r}; use --format csv, md or json")
    with Store.open(home()) as store:
        reg = list_actions(store, owner=owner, body=body, status=status, since=since, until=until, meeting=meeting,
                           include_exempt=include_exempt)
    if fmt == "csv":
        text = to_csv(reg)
    elif fmt == "json":
        text = json.dumps(to_json(reg), indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_markdown(reg)
    _write_bytes(text.encode("utf-8"), output)


@app.command()
@domain_errors
def owners(
    body: Annotated[str | None, typer.Option(help="Only this body (or a unique part of its name).")] = None,
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Count actions of exempt (confidential) items.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Every action owner with open, overdue and done counts, busiest first.

    Example: minutebook owners --body "Community Safety Partnership"
    """
    from minutebook.register import owner_counts
    from minutebook.store import Store

    with Store.open(home()) as store:
        counts = owner_counts(store, body=body, include_exempt=include_exempt)
    if as_json:
        print(json.dumps([c.to_json() for c in counts], indent=2, ensure_ascii=False))
        return
    from minutebook.render import render_owners

    render_owners(console(), counts)

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
    console().print(f"index rebuilt: {n} records")


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
    render_meeting(console(), m, item=number or None, include_exempt=include_exempt)


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

        for c in report.checks:
            mark = "[green]ok[/green]     " if c.ok else "[red]PROBLEM[/red]"
            fix = f" [bold]-> {escape(c.fix)}[/bold]" if c.fix else ""
            console().print(f"{mark} {escape(c.name)}: {escape(c.detail)}{fix}", highlight=False, soft_wrap=True)
        if report.counts:
            console().print("counts: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()), highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def run() -> None:
    app()


if __name__ == "__main__":
    run()
