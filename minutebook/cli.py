"""The `minutebook` command: parses options, calls library functions, renders with rich.

Domain errors (`minutebook.errors.MinutebookError`) become a one-line message and exit 1.
Heavy libraries (pdfplumber, spaCy, Whoosh) are imported only by the commands that need them, and rich only
when something is printed with it: help is click's plain help (`rich_markup_mode=None`), so `--help` loads
neither rich nor `typer.rich_utils`; `app` is a `LazyTyper` (minutebook/lazycli.py), which builds the click
command of only the command that runs. typer is pinned below 0.29, whose parameter coercion imports pydantic
(installed with spaCy) for every command with options; see benchmarks/README.md. No `from __future__ import
annotations` here: typer would evaluate every string annotation twice, about 25 ms of each start.
"""

import json
import sys
from functools import cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from minutebook.errors import MinutebookError, disk_full, printable
from minutebook.home import data_home
from minutebook.lazycli import LazyGroup, LazyTyper

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rich.console import Console

def _hoist_home(args: list[str]) -> list[str]:
    """`--home DIR` anywhere before `--` moves to the front, so `minutebook search x --home DIR` works too."""
    front, rest, i = [], [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == "--home" and i + 1 < len(args):
            front += args[i:i + 2]
            i += 2
            continue
        if arg.startswith("--home="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


# `--from/--to` mean meeting dates in every command: a command that still calls them `--since/--until` gets them
# translated (only when it has no `--from` of its own).
DATE_OPTION_ALIASES = {"--from": "--since", "--to": "--until"}


def _command_params(group, ctx, args: list[str]) -> tuple[int, set[str]]:
    """Where the (sub)command's own arguments start in `args`, and the option names it takes."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] == "--home" else 1
    cmd = group.get_command(ctx, args[i]) if i < len(args) else None
    if cmd is None:
        return len(args), set()
    i += 1
    # A sub-group's own lookup (not its `commands`): a lazily built group holds stubs there until asked.
    sub = cmd.get_command(ctx, args[i]) if i < len(args) and isinstance(cmd, typer.core.TyperGroup) else None
    if sub is not None:
        cmd, i = sub, i + 1
    return i, {opt for param in cmd.params for opt in getattr(param, "opts", [])}


def _date_aliases(args: list[str], start: int, opts: set[str]) -> list[str]:
    out = list(args)
    for ours, theirs in DATE_OPTION_ALIASES.items():
        if ours in opts or theirs not in opts:
            continue
        for n in range(start, len(out)):
            if out[n] == "--":
                break
            if out[n] == ours:
                out[n] = theirs
            elif out[n].startswith(ours + "="):
                out[n] = theirs + out[n][len(ours):]
    return out


# Output formats no command can print at once: asking for two is a usage error (exit 2), in every command.
EXCLUSIVE_OUTPUTS = ("--csv", "--json")


COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


class MinutebookGroup(LazyGroup):
    """The top-level command group: options that mean the same thing in every command are handled here once."""

    def main(self, *args, **kwargs):
        # Shell completion: click documents `_MINUTEBOOK_COMPLETE=bash_source`, typer reads `source_bash`;
        # accept both spellings.
        import os

        for var, value in list(os.environ.items()):
            shell, _, instruction = value.partition("_")
            if var.startswith("_") and var.endswith("_COMPLETE") and shell in COMPLETION_SHELLS:
                os.environ[var] = f"{instruction}_{shell}"
        return super().main(*args, **kwargs)

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        args = _hoist_home(list(args))
        start, opts = _command_params(self, ctx, args)
        args = _date_aliases(args, start, opts)
        head = args[:args.index("--")] if "--" in args else args
        both = [opt for opt in EXCLUSIVE_OUTPUTS if opt in head]
        if len(both) > 1:
            # typer < 0.29 carries its own copy of click: its UsageError is the one its main loop turns into exit 2.
            from typer._click.exceptions import UsageError

            raise UsageError(f"{' and '.join(both)} cannot be used together: choose one output format", ctx=ctx)
        return super().parse_args(ctx, args)


app = LazyTyper(
    help="Turn committee meeting PDFs into a searchable record of decisions and a register of actions.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=MinutebookGroup,
)
# help comes from the callback docstring, with its example
actions_app = typer.Typer(no_args_is_help=False, rich_markup_mode=None, cls=LazyGroup)
app.add_typer(actions_app, name="actions")


PIPED_WIDTH = 100  # piped output is plain text wrapped here, not at rich's guess of 80


@cache
def console() -> "Console":
    """stdout, created on first use so that `--help` and JSON output never import rich."""
    from rich.console import Console

    out = Console()
    return out if out.is_terminal else Console(width=PIPED_WIDTH)


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
            full = disk_full(exc, home())  # a Whoosh segment, the store's journal: whichever write hit it first
            if full is not None:
                err().print(f"[red]error:[/red] {escape(str(full))}", highlight=False, soft_wrap=True)
                raise typer.Exit(1) from None
            # a lock held too long, a damaged file: the store says what, no traceback. sqlite3 is looked up, not
            # imported: only a command that opened the store can raise its errors, and --help never loads it.
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                raise
            err().print(f"[red]error:[/red] store: {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def _print_version(value: bool) -> None:
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("minutebook")
    except PackageNotFoundError:  # run from a checkout that was never installed
        number = "unknown (not installed)"
    print(f"minutebook {number}")
    raise typer.Exit()


@app.callback()
def main(
    home_dir: Annotated[
        Path | None, typer.Option("--home", help="Data folder (default: $MINUTEBOOK_HOME or the user data folder). "
                                                 "Accepted before or after the command.")
    ] = None,
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
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
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Record files that fail, and skip files recorded so by an earlier run quietly.")] = False,
) -> None:
    """Ingest meeting PDFs into the store and the search index.

    Example: minutebook ingest corpus/ --jobs 2
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from minutebook import app as lib
    from minutebook.errors import printable
    from minutebook.ingest.pdf import page_count

    lib.check_writable(home())  # before anything opens the store: a read-only home is one line
    found = list(lib.find_pdfs(paths))
    files = [p for p in found if isinstance(p, Path)]
    known_bad = _known_bad(home()) if skip_bad else {}
    skipped: set[str] = set()
    if known_bad:
        files, skipped = _without_known_bad(files, known_bad)
        if skipped:
            err().print(f"[dim]skipped {plural(len(skipped), 'known-bad file')} (--skip-bad)[/dim]", highlight=False)
    # Each file found (and each path that is not one, for its error), so a skipped file inside a folder stays out.
    inputs = [p if isinstance(p, Path) else Path(p.path) for p in found if str(p) not in skipped]
    counted: dict[str, int] = {}
    for f in files:
        try:
            counted[str(f)] = page_count(f, password)
        except Exception:  # only sizes the progress bar: the ingest itself names what is wrong with the file
            counted[str(f)] = 1
    results: list[lib.FileResult] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"), TimeElapsedColumn(),
        console=err(), transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=max(sum(counted.values()), 1))
        if _any_new(home(), files):
            # The first parse loads spaCy's English model (most of a minute on a cold disk) and the bar would sit
            # at 0 meanwhile: say so, on the bar in a terminal, as a line when stderr is a log.
            progress.update(task, description="loading the English model…")
            if not err().is_terminal:
                err().print("loading the English model…", highlight=False)

        def done(res: lib.FileResult) -> None:
            results.append(res)
            progress.advance(task, counted.get(res.path, res.pages or 1))
            if res.status != "unchanged":
                progress.update(task, description="ingesting")
            if res.status == "failed":
                err().print(f"[red]error:[/red] {shown(res.message)}", highlight=False, soft_wrap=True)
            elif res.status == "unchanged":  # said once, here: the summary is of what changed
                err().print(f"[dim]{shown(res.message)}[/dim]", highlight=False, soft_wrap=True)

        try:
            lib.ingest(inputs, home(), jobs=jobs, password=password, ocr=ocr, on_done=done)
        except KeyboardInterrupt:
            progress.stop()
            stored = sum(r.status == "ingested" for r in results)
            left = max(0, len(files) - len(results))
            err().print(f"interrupted: {plural(stored, 'file')} stored, {left} not started", highlight=False)
            raise typer.Exit(130) from None
        except Exception as exc:
            if disk_full(exc, home()) is None:
                raise
            # the files stored so far are whole and stay; say which, then domain_errors says why it stopped
            progress.stop()
            stored = [r for r in results if r.status == "ingested"]
            for r in stored:
                err().print(f"stored: {shown(r.path)}", highlight=False, soft_wrap=True)
            err().print(f"stopped: {plural(len(stored), 'file')} stored, {max(0, len(files) - len(results))} not",
                        highlight=False)
            raise
    table = Table(title="Ingest summary", expand=True)
    table.add_column("file", max_width=30, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("found", ratio=1, overflow="fold")
    for r in (r for r in results if r.status != "unchanged"):
        style = {"failed": "red", "ingested": "green"}.get(r.status, "")
        if r.status == "ingested":
            found = (f"{plural(r.pages, 'page')}, {plural(r.items, 'item')}, {plural(r.actions, 'action')} in "
                     f"{r.seconds:.1f} s\n" + "\n".join(r.meetings))
        elif r.status == "failed":
            # The reason, without the file name the row already shows.
            prefix = f"{printable(r.path)}: "
            found = r.message[len(prefix):] if r.message.startswith(prefix) else r.message
        else:
            found = ""
        table.add_row(shown(Path(r.path).name), f"[{style}]{r.status}[/]", escape(found))
    if table.rows:
        console().print(table)
    for r in results:
        for w in r.warnings:
            name = shown(Path(r.path).name)
            err().print(f"[yellow]note:[/yellow] {name}: {escape(w)}", highlight=False, soft_wrap=True)
    failed = [r for r in results if r.status == "failed"]
    if skip_bad and failed:
        _remember_bad(home(), failed, known_bad)
    if failed:
        err().print(f"[red]{len(failed)} of {plural(len(results), 'file')} failed[/red]"
                    + (" (recorded: --skip-bad skips them next time)" if skip_bad else ""), highlight=False)
        raise typer.Exit(1)


def _any_new(home_dir: Path, files: list[Path]) -> bool:
    """Whether some file is not stored yet (so the ingest will parse, and load the model)."""
    from minutebook.store import Store

    with Store.open(home_dir) as store:
        return any((sha := _sha256(f)) is None or not store.has_sha(sha) for f in files)


def plural(n: int, word: str) -> str:
    """"1 page", "2 pages", "1 file", "0 actions"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


KNOWN_BAD_FILE = "known-bad.json"  # in the data home: sha256 -> {"path", "reason"} of files --skip-bad skips


def _known_bad(home_dir: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((home_dir / KNOWN_BAD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _sha256(path: Path) -> str | None:
    import hashlib

    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _without_known_bad(files: list[Path], known: dict[str, dict[str, str]]) -> tuple[list[Path], set[str]]:
    """The files whose content is not recorded as bad, and the names of those skipped."""
    keep, skipped = [], set()
    for f in files:
        if _sha256(f) in known:
            skipped.add(str(f))
        else:
            keep.append(f)
    return keep, skipped


def _remember_bad(home_dir: Path, failed: list, known: dict[str, dict[str, str]]) -> None:
    import os

    from minutebook.errors import printable

    for r in failed:
        sha = _sha256(Path(r.path))
        if sha:  # a missing path has no content to recognise later
            known[sha] = {"path": printable(r.path), "reason": r.message}
    tmp = home_dir / (KNOWN_BAD_FILE + ".tmp")
    tmp.write_text(json.dumps(known, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, home_dir / KNOWN_BAD_FILE)


@app.command()
@domain_errors
def search(
    query: Annotated[str, typer.Argument(
        help='What to look for, as you would ask it ("what did we resolve about CCTV?"), or words, "phrases", '
             "field:value, AND/OR/NOT, fuzzy word~.")],
    kind: Annotated[list[str] | None, typer.Option(
        help="Record kind: decision (resolutions and motions), item, action, report, plan, page, minute_item, "
             "agenda_item, point, resolution, report_section, plan_action. Repeatable.")] = None,
    body: Annotated[str | None, typer.Option(help="Only this body (committee): its name or words of it.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From: 2019, 2019-10 or 2019-10-09.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To, inclusive: 2019, 2019-10 or 2019-10-09.")] = None,
    owner: Annotated[str | None, typer.Option(help="Only actions owned by this person.")] = None,
    meeting: Annotated[str | None, typer.Option(
        help='Only this meeting: its id or a unique prefix, a date (2019-10-09), or a body and date '
             '("Community Safety Partnership 2019-10-09").')] = None,
    limit: Annotated[int | None, typer.Option(
        help="Maximum hits (default: 10 in the table, every match with --json).", min=1)] = None,
    sort: Annotated[str, typer.Option(
        help="relevance, newest or oldest (meeting date); records with every word come first.")] = "relevance",
    timeline: Annotated[bool, typer.Option(
        "--timeline", help="The first and last meeting that mention the query, and one line per meeting between.",
    )] = False,
    group: Annotated[bool | None, typer.Option(
        "--group/--no-group", help="Fold an item's matching records into its best one (the table's default; "
                                   "--json lists every record unless --group is given).")] = None,
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Include exempt (confidential) items.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print every matching record as JSON.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", help="table (the default), tsv (one line per record, for scripts and spreadsheets) or json.",
    )] = "table",
) -> None:
    """Search decisions, items, actions and reports; each hit cites its meeting, item and page.

    Example: minutebook search "what did we resolve about CCTV?" --kind decision --from 2019
    """
    from minutebook import search as idx

    def open_store():  # only used when the index was written by an older schema and must be rebuilt
        from minutebook.store import Store

        return Store.open(home())

    if fmt not in ("table", "tsv", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose table, tsv or json", param_hint="--format")
    if as_json and fmt not in ("table", "json"):
        raise typer.BadParameter("--json and --format tsv cannot be used together", param_hint="--format")
    as_json = as_json or fmt == "json"
    machine = as_json or fmt == "tsv"  # every record, ungrouped, unless asked otherwise
    _require_ingested(home())
    grouped = (not machine) if group is None else group
    if limit is None and not machine:
        limit = 10
    result = idx.search(home(), query, kinds=kind, body=body, date_from=date_from, date_to=date_to, owner=owner,
                        meeting=meeting, limit=limit, sort=sort, include_exempt=include_exempt, group=grouped,
                        timeline=timeline, store_factory=open_store)
    if as_json:
        if result.notice and err().is_terminal:  # for the person at the terminal; scripts read the JSON
            err().print(escape(result.notice), style="dim", highlight=False, soft_wrap=True)
        rows = result.timeline if timeline else result.hits
        print(json.dumps([r.to_json() for r in rows], indent=2, ensure_ascii=False))
        return
    if fmt == "tsv":
        from minutebook.render import search_tsv

        hits = [t.hit for t in result.timeline] if timeline else result.hits
        sys.stdout.write(search_tsv(hits))
        return
    from minutebook.render import render_search, render_timeline

    out = console()
    if timeline:
        render_timeline(out, query, result, plain=not out.is_terminal)
    else:
        render_search(out, query, result, plain=not out.is_terminal)


def _require_ingested(home_dir: Path) -> None:
    """An empty data home says how to fill it, not how to rebuild an index it never had."""
    from minutebook.home import index_path, store_path

    if index_path(home_dir).exists():
        return
    if store_path(home_dir).exists():
        from minutebook.store import Store

        with Store.open(home_dir) as store:  # a store that only ever saw bad files holds no document
            if store.documents():
                return
    raise MinutebookError("nothing ingested yet: run `minutebook ingest PATH`")


@actions_app.callback(invoke_without_command=True)
@domain_errors
def actions_list(
    ctx: typer.Context,
    owner: Annotated[
        str | None, typer.Option(help='Full name, first name, surname, initials or role ("Chair"), any case.')
    ] = None,
    body: Annotated[str | None, typer.Option(help="Only this body (or a unique part of its name).")] = None,
    status: Annotated[str, typer.Option(
        help="open (outstanding: open, in progress, deferred), closed, all, or one status.")] = "open",
    since: Annotated[str | None, typer.Option(help="Meetings from: 2019, 2019-10 or 2019-10-09.")] = None,
    until: Annotated[str | None, typer.Option(help="Meetings up to, inclusive: 2019, 2019-10 or 2019-10-09.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open actions whose due date has passed.")] = False,
    meeting: Annotated[
        str | None, typer.Option(help="Only this meeting: id, unique prefix, or date of the minutes.")
    ] = None,
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Include actions of exempt (confidential) items.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or ics (open actions with due dates).")] = (
        "table"),
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json: a flat list of actions.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Same as --format csv (UTF-8 with a byte order mark).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")] = None,
) -> None:
    """Actions grouped by owner, with counts: date, body, item, page, text, due, status and age.

    Example: minutebook actions --owner "Eubert Malcolm" --status all
    """
    if ctx.invoked_subcommand is not None:
        return
    from minutebook.register import list_actions
    from minutebook.store import Store

    fmt = "json" if as_json else "csv" if as_csv else fmt
    if fmt not in ("table", "json", "csv", "ics"):
        raise MinutebookError(f"unknown format {fmt!r}; use --format table, json, csv or ics")
    with Store.open(home()) as store:
        reg = list_actions(store, owner=owner, body=body, status=status, since=since, until=until, overdue=overdue,
                           meeting=meeting, include_exempt=include_exempt)
    if fmt != "table":
        from minutebook import actionlog

        if fmt == "json":
            text = json.dumps(actionlog.to_json(reg), indent=2, ensure_ascii=False) + "\n"
        elif fmt == "csv":
            text = actionlog.to_csv(reg, actionlog.LIST_COLUMNS)
        else:
            text = actionlog.to_ics(reg)
        _write_bytes(text.encode("utf-8"), output)
        return
    from minutebook.render import render_actions

    render_actions(console(), reg)


def _write_bytes(data: bytes, output: Path | None) -> None:
    """Write an export to a file, or to stdout as UTF-8 whatever the terminal's encoding."""
    if output is not None:
        from minutebook.actionlog import write_file

        write_file(output, data)
        err().print(f"wrote {shown(output)}", highlight=False)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _action_line(verb: str, row) -> None:
    a = row.action
    owners = " & ".join(a.owners) or "(no owner)"
    console().print(f"[bold]{a.id}[/bold] {verb}: {escape(a.text)} [dim]({escape(owners)}; {row.date} item "
                    f"{escape(row.item_number)}, p{a.page})[/dim]", highlight=False, soft_wrap=True)


IdsArg = Annotated[list[str] | None, typer.Argument(metavar="[ID]...", help="Action ids or unique prefixes.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who makes the change (default: $MINUTEBOOK_USER, else "
                                                         "your login name).")]
NoteOpt = Annotated[str, typer.Option(help="Why, or the evidence (kept in the history).")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Change several actions without asking.")]
SelOwner = Annotated[str | None, typer.Option(help="Select the outstanding actions of this owner.")]
SelMeeting = Annotated[str | None, typer.Option(help="Select the outstanding actions of this meeting (id or date).")]
SelBody = Annotated[str | None, typer.Option(help="Select the outstanding actions of this body.")]


def _bulk(status: str, ids: list[str] | None, owner: str | None, meeting: str | None, body: str | None,
          note: str, on: str | None, by: str | None, yes: bool) -> None:
    """Set `status` on the selected actions, listing them and asking first when there are several."""
    from minutebook.register import select_actions, set_status, set_status_many
    from minutebook.store import Store

    with Store.open(home()) as store:
        if ids and len(ids) == 1 and not (owner or meeting or body):
            _action_line(status, set_status(store, ids[0], status, note=note, by=by, on=on))
            return
        rows = [r for r in select_actions(store, ids, owner=owner, meeting=meeting, body=body)
                if r.action.status != status]
        if not rows:
            console().print(f"nothing to change: every selected action is already {status}", highlight=False)
            return
        if not yes:
            console().print(f"{len(rows)} action(s) will be marked {status}:", highlight=False)
            for r in rows:
                _action_line(f"{r.action.status} →", r)
            if not typer.confirm("Go ahead?", default=False, err=True):
                err().print("nothing changed")
                raise typer.Exit(1)
        changed = set_status_many(store, [r.action.id for r in rows], status, note=note, by=by, on=on)
    for row in changed:
        _action_line(status, row)


@actions_app.command("done")
@domain_errors
def actions_done(
    ids: IdsArg = None,
    owner: SelOwner = None,
    meeting: SelMeeting = None,
    body: SelBody = None,
    note: NoteOpt = "",
    on: Annotated[str | None, typer.Option("--on", help="The day it was done (default: today).")] = None,
    by: ByOpt = None,
    yes: YesOpt = False,
) -> None:
    """Mark actions done (one, several ids, or a selection); each change is kept in the action's history.

    Example: minutebook actions done a25cce4 --note "Flyer emailed to partners on 14 Oct" --on 2019-10-14
    """
    _bulk("done", ids, owner, meeting, body, note, on, by, yes)


@actions_app.command("status")
@domain_errors
def actions_status(
    status: Annotated[str, typer.Argument(help='open, "in progress", deferred, done or superseded.')],
    ids: IdsArg = None,
    owner: SelOwner = None,
    meeting: SelMeeting = None,
    body: SelBody = None,
    note: NoteOpt = "",
    on: Annotated[str | None, typer.Option("--on", help="The day it took effect (default: today).")] = None,
    by: ByOpt = None,
    yes: YesOpt = False,
) -> None:
    """Set the status of actions: open, in progress, deferred, done or superseded.

    Example: minutebook actions status "in progress" a25cce4 --note "Draft with the printers"
    """
    from minutebook.register import MANUAL_STATUSES

    status = " ".join(status.lower().replace("-", " ").replace("_", " ").split())
    if status not in MANUAL_STATUSES:
        raise MinutebookError(f"status must be one of {', '.join(MANUAL_STATUSES)}, not {status!r}")
    _bulk(status, ids, owner, meeting, body, note, on, by, yes)


@actions_app.command("reopen")
@domain_errors
def actions_reopen(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    note: Annotated[str, typer.Option(help="Why it is open again (kept in the history).")] = "",
    by: ByOpt = None,
) -> None:
    """Reopen an action closed by hand, by a post-meeting note or by carry-forward, or dismissed.

    Example: minutebook actions reopen a25cce4 --note "Only half the partners received it"
    """
    from minutebook.register import reopen
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = reopen(store, action_id, note=note, by=by)
    _action_line("reopened", row)


@actions_app.command("note")
@domain_errors
def actions_note(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    text: Annotated[str, typer.Argument(help="The progress note.")],
    by: ByOpt = None,
) -> None:
    """Add a dated progress note to an action; its status stays as it is.

    Example: minutebook actions note a25cce4 "Printers promise the flyers by Friday"
    """
    from minutebook.register import add_note
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = add_note(store, action_id, text, by=by)
    _action_line("noted", row)


@actions_app.command("due")
@domain_errors
def actions_due(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    day: Annotated[str, typer.Argument(metavar="DATE", help='2019-12-11, "11 December 2019", or none to clear.')],
    note: NoteOpt = "",
    by: ByOpt = None,
) -> None:
    """Set or clear an action's due date.

    Example: minutebook actions due a25cce4 2019-12-11
    """
    from minutebook.register import set_due
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = set_due(store, action_id, day, note=note, by=by)
    _action_line(f"due {row.action.due or '(none)'}", row)


@actions_app.command("dismiss")
@domain_errors
def actions_dismiss(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    note: Annotated[str, typer.Option(help="Why this is not an action (required; kept in the history).")] = "",
    by: ByOpt = None,
) -> None:
    """Dismiss something the parser took for an action: out of every listing and export, kept in the history.

    Example: minutebook actions dismiss a677cbe --note "A heading, not an action"
    """
    from minutebook.register import dismiss
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = dismiss(store, action_id, note=note, by=by)
    _action_line("dismissed", row)


@actions_app.command("add")
@domain_errors
def actions_add(
    text: Annotated[str, typer.Argument(help="What is to be done.")],
    meeting: Annotated[str, typer.Option(help="The meeting: id, unique prefix, or date of the minutes.")],
    item: Annotated[str, typer.Option(help="The item (minute) number, e.g. 86.")],
    owner: Annotated[str, typer.Option(help='Owner(s), resolved like --owner; "A & B" for joint owners.')] = "",
    due: Annotated[str | None, typer.Option(help="Due date.")] = None,
    note: NoteOpt = "",
    new: Annotated[bool, typer.Option("--new", help="Keep an owner who is in no stored minutes as written.")] = False,
    by: ByOpt = None,
) -> None:
    """Add an action the parser missed; it is kept when the minutes are ingested again.

    Example: minutebook actions add "Send the DAHA timetable" --meeting 2019-10-09 --item 86 --owner Hendricks
    """
    from minutebook.register import add_action
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = add_action(store, meeting, item, owner, text, due=due, note=note, new=new, by=by)
    _action_line("added", row)


@actions_app.command("assign")
@domain_errors
def actions_assign(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    name: Annotated[str, typer.Argument(help='New owner(s), resolved like --owner; "A & B" for joint owners.')],
    note: Annotated[str, typer.Option(help="Why (kept in the history).")] = "",
    new: Annotated[
        bool, typer.Option("--new", help="Keep a name that is in no stored minutes as written.")
    ] = False,
    by: ByOpt = None,
) -> None:
    """Give an action to someone else, or to joint owners.

    Example: minutebook actions assign a25cce4 "Eubert Malcolm & Beverley Hendricks"
    """
    from minutebook.app import refresh_meetings
    from minutebook.register import assign
    from minutebook.store import Store

    with Store.open(home()) as store:
        row = assign(store, action_id, name, note=note, new=new, by=by)
    refresh_meetings(home(), [row.meeting_id])  # search's owner: filter reads the index
    _action_line("assigned", row)


@actions_app.command("show")
@domain_errors
def actions_show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id or a unique prefix of it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show an action, where it was recorded, and its full history: who, when, from what to what.

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
    by: ByOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the pending suggestions as JSON.")] = False,
) -> None:
    """Carry-forward suggestions: later minutes that may report an action done. Accept or reject them by number.

    Example: minutebook actions review --accept 3 --reject 4
    """
    from minutebook import carry
    from minutebook.register import who
    from minutebook.store import Store

    with Store.open(home()) as store:
        if accept or reject:
            for sid in accept or []:
                s = carry.accept(store, sid, note=note, by=who(by))
                _action_line(f"done (accepted suggestion {s.id})", store.action(s.action_id))
            for sid in reject or []:
                s = carry.reject(store, sid, note=note, by=who(by))
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
    fmt: Annotated[str, typer.Option("--format", help="md, csv, json or docx (a Word table).")] = "md",
    group: Annotated[str, typer.Option(help="meeting (matters arising by meeting and minute) or owner.")] = "meeting",
    body: Annotated[str | None, typer.Option(help="Only this body (or a unique part of its name).")] = None,
    meeting: Annotated[
        str | None, typer.Option(help="Only this meeting: id, unique prefix, or date of the minutes.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner (resolved like `actions --owner`).")] = None,
    status: Annotated[str, typer.Option(help="all (the default: what was done and what remains), open, closed, "
                                             "or one status.")] = "all",
    since: Annotated[str | None, typer.Option(help="Meetings from: 2019, 2019-10 or 2019-10-09.")] = None,
    until: Annotated[str | None, typer.Option(help="Meetings up to, inclusive.")] = None,
    include_exempt: Annotated[
        bool, typer.Option("--include-exempt", help="Include actions of exempt (confidential) items.")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")] = None,
) -> None:
    """Write the action log for the next agenda: ref, action, owner(s), due, status and latest note.

    Example: minutebook actions export --format docx --body "Community Safety" -o action-log.docx
    """
    from minutebook import actionlog
    from minutebook.register import list_actions
    from minutebook.store import Store

    if fmt not in actionlog.FORMATS:
        raise MinutebookError(f"unknown format {fmt!r}; use --format md, csv, json or docx")
    if group not in actionlog.GROUPS:
        raise MinutebookError(f"unknown group {group!r}; use --group meeting or owner")
    if fmt == "docx" and output is None and sys.stdout.isatty():
        raise MinutebookError("a Word file is not for the terminal; write it with -o FILE.docx")
    with Store.open(home()) as store:
        reg = list_actions(store, owner=owner, body=body, status=status, since=since, until=until, meeting=meeting,
                           include_exempt=include_exempt)
    if fmt == "docx":
        _write_bytes(actionlog.to_docx(reg, group=group), output)
        return
    if fmt == "csv":
        text = actionlog.to_csv(reg)
    elif fmt == "json":
        text = json.dumps(actionlog.to_json(reg), indent=2, ensure_ascii=False) + "\n"
    else:
        text = actionlog.to_markdown(reg, group=group)
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
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")] = None,
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
    _write_bytes((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), output)


@app.command()
@domain_errors
def reindex(
    engine: Annotated[str | None, typer.Option(
        "--engine", help="Search engine to rebuild with, whoosh or tantivy (default: the index's own, or "
        "$MINUTEBOOK_SEARCH); later searches and updates keep to it.",
    )] = None,
) -> None:
    """Rebuild the search index from the store.

    Example: minutebook reindex --engine tantivy
    """
    from minutebook import app as lib

    n = lib.reindex(home(), engine=engine)
    console().print(f"index rebuilt: {n} records")


@app.command()
@domain_errors
def show(
    ref: Annotated[list[str], typer.Argument(
        metavar="REF...",
        help="A hit's id from search (action:a25cce4, report_section:m1a2b3c4.7/3, page:d1e2f3:45), a meeting or "
             "item id or unique prefix (m1a2b3c4, m1a2.91), a date (2019-10-09), or BODY DATE ITEM.")],
    include_exempt: Annotated[bool, typer.Option("--include-exempt", help="Show exempt content.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON, with the citation and pages.")] = False,
) -> None:
    """Show a meeting, an item, or any search hit, with its citation (printed page, PDF page, file).

    Example: minutebook show "Community Safety Partnership" 2019-10-09 94
    """
    from minutebook.lookup import resolve
    from minutebook.render import render_shown
    from minutebook.store import Store

    _require_ingested(home())
    with Store.open(home()) as store:
        shown = resolve(store, ref)
    if as_json:
        print(json.dumps(shown.to_json(include_exempt=include_exempt), indent=2, ensure_ascii=False))
        return
    out = console()
    render_shown(out, shown, include_exempt=include_exempt, plain=not out.is_terminal)


@app.command("browse")
@domain_errors
def browse() -> None:
    """Full-screen browser: the action register (F1) and search (F2); `?` shows the keys, `q` quits.

    Example: minutebook browse
    """
    from minutebook.tui import run as run_tui

    for cite in run_tui(home()):
        print(cite)


app.command("tui", help=browse.__doc__)(browse)


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
