"""The Textual app behind `minutebook browse`: the actions screen, the search screen, prompts and help.

Every read and change goes through the library the CLI calls: `register.page_actions`, `register.mark_done`
and its siblings, `carry.accept`/`carry.reject`, `search.search` and the store's readers. Changes are made
by `register.who()`, the same person the CLI records. The store is opened for each read or change and closed
at once, as each CLI command does, so the app never holds it open while an ingest wants to write; a store
locked by a running ingest is a line in the status bar, not a traceback.

Searches run in a thread worker (a long query never freezes the screen); the latest one wins.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from minutebook import carry, register
from minutebook.app import refresh_meetings
from minutebook.errors import MinutebookError, NotFound
from minutebook.render import render_action, render_meeting
from minutebook.search import Hit, SearchResult
from minutebook.store import Store
from minutebook.tui import view

__all__ = ["ActionsScreen", "FacetScreen", "HelpScreen", "MinutebookApp", "PageScreen", "Prompt", "SearchScreen",
           "viewer"]

# Panes below the list when the terminal is narrower than this; beside it when wider.
WIDE = 140
# Typing pauses this long (seconds) before the filter or the search runs.
DEBOUNCE = 0.3
# The list's text columns are cut to what the width leaves them; the pane has the text whole.
TEXT_MIN, TEXT_MAX = 12, 70
# A list narrower than this leaves out the meeting and item columns of the actions (the pane cites them).
NARROW = 100
SEARCH_LIMIT = 50

KEYMAP = """\
[b]Everywhere[/b]
  F1  actions screen              F2   search screen
  ?   this help                   q    quit (prints the citations copied)
  /   the filter or query box     Esc  back to the list
  F12 save a screenshot (SVG) in the current folder

[b]Actions[/b]  (every change is recorded with your name, as the CLI does)
  d  mark done (asks for a note)  r  reopen        a  assign (→ completes)
  n  add a note                   u  set due date  x  dismiss (asks why)
  y  accept the carry-forward suggestion           w  reject it
  o  open the source PDF (without a viewer: the page's stored text)
  filter: words in the action or its owners, and owner:NAME body:NAME
    meeting:DATE status:all|closed|done|"in progress" since:2019
    until:2019-10 overdue

[b]Search[/b]
  a query as for `minutebook search`: words, "phrases", kind:resolution,
    year:2019, AND/OR/NOT, word~ (it runs as you type)
  c  copy the hit's citation (OSC 52; printed again on exit)
  p  printed or PDF page numbers in the preview    o  open the source PDF
  f  facets of the hits: kind, year and body, with counts (Enter filters)
     (a wide terminal lists them beside the hits)
"""

CSS = """
Screen { layout: vertical; }
#box, #query { height: 1; margin: 0 0 1 0; }
#main { height: 1fr; layout: vertical; }
#main.wide { layout: horizontal; }
#main DataTable { height: 1fr; }
#main.wide DataTable { width: 3fr; height: 1fr; }
.pane { height: 1fr; border-top: solid $secondary; }
#main.wide .pane { width: 2fr; height: 1fr; border-top: none; border-left: solid $secondary; }
.side { display: none; }
#main.wide .side { display: block; width: 30; height: 1fr; border: none; border-right: solid $secondary; }
#status { height: 1; background: $boost; padding: 0 1; }
Prompt, HelpScreen, FacetScreen { align: center middle; }
#facet-list { height: auto; max-height: 18; border: none; }
#dialog { width: 72; max-width: 95%; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
#keys { width: 90; max-width: 100%; height: auto; max-height: 100%; border: thick $accent; background: $surface;
        padding: 0 1; }
"""


# F12 on a dialog too: a modal screen hides the app's own keys
SHOT = Binding("f12", "app.shot", "Screenshot", show=False)


def fit_columns(t: DataTable, rows: list[tuple[Any, ...]]) -> None:
    """Widen each column to the rows just added, now rather than when the table next idles.

    DataTable measures new rows on idle; a screen drawn before then (a busy machine, a snapshot) shows every column
    at its label's width. The columns stay automatic, so rows added later still widen them.
    """
    for column, cells in zip(t.ordered_columns, zip(*rows), strict=False):
        widths = [c.cell_len if isinstance(c, Text) else cell_len(str(c)) for c in cells]
        column.content_width = max(column.content_width, *widths)


def failure(exc: Exception) -> str | None:
    """The one line to show for an error the user can act on; None for a bug (which should surface)."""
    if isinstance(exc, MinutebookError):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
        return "the store is busy (an ingest is writing to it); try again in a moment"
    if isinstance(exc, sqlite3.Error):
        return f"store: {exc}"
    return None


class Prompt(ModalScreen[str | None]):
    """One question with an input line; Enter answers, Esc cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), SHOT]

    def __init__(self, question: str, value: str = "", suggestions: list[str] | None = None,
                 placeholder: str = "") -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder
        self.suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.question))
            suggester = SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
            yield Input(value=self.value, placeholder=self.placeholder, suggester=suggester, id="answer")
            yield Label(Text("Enter to confirm, Esc to cancel" + (", → completes a name" if suggester else ""),
                             style="dim"))

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The key map."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close"), SHOT]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="keys"):
            yield Static(Text.from_markup(KEYMAP))

    def action_close(self) -> None:
        self.dismiss(None)


class FacetScreen(ModalScreen[str | None]):
    """The facets of the hits; Enter adds one to the query as a filter (or takes it out), Esc closes."""

    BINDINGS = [Binding("escape,f,q", "close", "Close"), SHOT]

    def __init__(self, options: list[Option]) -> None:
        super().__init__()
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text("Facets of these hits: Enter filters by one (again: drops it)", style="bold"))
            yield OptionList(*self.options, id="facet-list")

    @on(OptionList.OptionSelected, "#facet-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


def viewer() -> str | None:
    """The system's PDF viewer: the desktop's default one when it is a viewer that can be told a page
    (`view.PAGED_VIEWERS`: evince, okular, zathura, ...), else xdg-open (Linux, BSD) or open (macOS), which
    cannot; None when there is none."""
    import shutil
    import subprocess

    default = ""
    if shutil.which("xdg-mime"):
        try:
            default = subprocess.run(["xdg-mime", "query", "default", "application/pdf"], capture_output=True,
                                     text=True, timeout=2).stdout.lower()
        except (OSError, subprocess.SubprocessError):
            default = ""
    for name in view.PAGED_VIEWERS:
        found = shutil.which(name)
        if name in default and found:
            return found
    return shutil.which("xdg-open") or shutil.which("open")


class PageScreen(ModalScreen[None]):
    """A page's stored text, when no viewer can show the PDF."""

    BINDINGS = [Binding("escape,q,o", "close", "Close"), SHOT]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="keys"):
            yield Label(Text(self.title_text, style="bold"))
            yield Static(Text(self.text), id="page-text")

    def action_close(self) -> None:
        self.dismiss(None)


class _ListScreen(Screen[None]):
    """A box, a list and a pane, with a status line; the pane goes beside the list on a wide terminal."""

    BOX_ID = "box"
    _timer: Timer | None = None

    @property
    def home(self) -> Path:
        return self.app.home  # type: ignore[attr-defined,no-any-return]

    @property
    def today(self) -> date:
        """The day ages and overdue are counted to (the app's, so a test or a screenshot can fix it)."""
        return self.app.today  # type: ignore[attr-defined,no-any-return]

    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def status(self, message: str | Text, error: bool = False) -> None:
        # plain strings as Text: an owner's name or an error with "[" in it is not markup
        if isinstance(message, str) or error:
            message = Text(str(message), style="bold red" if error else "")
        self.query_one("#status", Static).update(message)

    def on_resize(self) -> None:
        self.query_one("#main").set_class(self.size.width >= WIDE, "wide")

    def pane_width(self) -> int:
        pane = self.query_one(".pane")
        return pane.size.width - 2 if pane.size.width > 10 else max(self.size.width - 4, 40)

    def list_width(self) -> int:
        """Columns the list has for its cells: the screen's width, or its share beside the side list and the pane
        on a wide terminal (the CSS's 30 columns, then 3fr of 5), less the scrollbar."""
        width = self.size.width
        if width >= WIDE:
            width = (width - 30) * 3 // 5
        return width - 2

    def text_room(self, other: int) -> int:
        """Characters for the list's main text column, when the other columns (and their padding) take `other`:
        the list fits the screen, so no column is off its right edge."""
        return max(TEXT_MIN, min(TEXT_MAX, self.list_width() - other))

    def action_focus_box(self) -> None:
        self.query_one(f"#{self.BOX_ID}", Input).focus()

    def action_focus_list(self) -> None:
        self.table().focus()

    def open_source(self, meeting_id: str, page: int | None, *hints: str) -> None:
        """Open the source PDF with the system viewer; without one, show the cited page's stored text."""

        def read() -> tuple[Path | None, list[Any]]:
            with Store.open(self.home) as store:
                meeting = store.meeting(meeting_id)
                doc = next((d for d in store.documents() if d.id == meeting.document_id), None)
                pages = [p for _, p in store.pages(meeting.document_id)]
            return (Path(doc.path) if doc else None), pages

        found = self.guarded(read)
        if found is None:
            return
        path, pages = found
        pdf = view.pdf_page(pages, page, *hints) or page
        opener = viewer()
        if opener and path is not None and path.exists():
            import subprocess

            command = view.open_command(opener, path, pdf)
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            if command != [opener, str(path)]:
                self.status(f"opened {path.name} at PDF page {pdf}")
            else:  # the system opener cannot be told a page
                self.status(f"opened {path.name}: the source is on PDF page {pdf}")
            return
        text = "\n".join(p.text for p in pages if p.index == pdf) or "(the page has no stored text)"
        why = "no PDF viewer (xdg-open/open) here" if not opener else "the PDF is not on this machine"
        self.app.push_screen(PageScreen(f"PDF page {pdf}" + (f" of {path.name}" if path else ""), text))
        self.status(f"{why}: showing the page's stored text")

    def debounce(self, fn: Callable[[], Any]) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, fn)

    def guarded(self, fn: Callable[[], Any]) -> Any:
        """Run `fn`; an error the user can act on goes to the status line."""
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - sorted by failure(): bugs are raised again
            msg = failure(exc)
            if msg is None:
                raise
            self.status(msg, error=True)
            return None


# Rows the actions table reads at a time; the next page loads when the cursor is NEAR_END rows from the last.
PAGE, NEAR_END = 100, 10


class ActionsScreen(_ListScreen):
    """The register: actions as a table, filtered by the box, with the selected action's source and history."""

    BINDINGS = [
        Binding("slash", "focus_box", "Filter", show=False),
        Binding("escape", "focus_list", "List", show=False),
        Binding("d", "done", "Done"),
        Binding("r", "reopen", "Reopen"),
        Binding("a", "assign", "Assign"),
        Binding("n", "note", "Note"),
        Binding("u", "due", "Due"),
        Binding("x", "drop", "Dismiss"),
        Binding("o", "open_pdf", "PDF", show=False),
        Binding("y", "accept", "Accept", show=False),
        Binding("w", "reject", "Reject", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, register.RegisterRow] = {}
        self.owner_list: list[register.OwnerCount] = []  # every owner's counts, once the count worker has them
        self._status_text = ""
        self._notice = ""
        self._generation = 0  # one more at each reload, so a worker's late answer for an older list is dropped
        self._filter: view.ActionFilter | None = None
        self._page: register.RegisterPage | None = None
        self._total: int | None = None
        self._late: int | None = None
        self._loading = False
        self._narrow = False
        self._more = False  # whether rows beyond those loaded may match: the next page is read near the end

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: words, owner:NAME body:NAME status:all overdue  (/ here, Esc back)",
                    id="box", compact=True)
        with Horizontal(id="main"):
            yield OptionList(id="owners", classes="side")
            yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(classes="pane"):
                yield Static(id="detail")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.table().focus()

    # -- the owners list (beside the table on a wide terminal) ---------------------------------------------------

    def show_owners(self, counts: list[register.OwnerCount], current: str | None) -> None:
        """Owners with open, overdue and total counts, busiest first; the one the filter names highlighted."""
        box = self.query_one("#owners", OptionList)
        box.clear_options()
        # the first line is also the columns' header: open, overdue (!), all
        options = [Option(Text.assemble(("everyone".ljust(14), "bold"), ("open late all", "dim")), id="")]
        for c in counts:
            if c.owner == register.NO_OWNER:  # not a name the filter can take
                continue
            label = Text(view.cut(c.owner, 14).ljust(14))
            label.append(f"{c.open:>4}", style="bold")
            label.append(f"{c.overdue:>4}!" if c.overdue else "     ", style="red")
            label.append(f"{c.open + c.done:>3}", style="dim")
            options.append(Option(label, id=c.owner))
        box.add_options(options)
        ids = [o.id for o in options]
        box.highlighted = ids.index(current) if current in ids else 0

    @on(OptionList.OptionSelected, "#owners")
    def _owner_chosen(self, event: OptionList.OptionSelected) -> None:
        """The filter box names the chosen owner (its other words stay)."""
        box = self.query_one("#box", Input)
        kept = [w for w in view.split_words(box.value) if not w.lower().startswith("owner:")]
        if event.option.id:
            kept.insert(0, view.quoted("owner:", event.option.id))
        box.value = " ".join(kept)
        if self._timer is not None:
            self._timer.stop()
        self.reload()
        self.table().focus()

    # -- the list ------------------------------------------------------------------------------------------------

    def selected(self) -> str | None:
        t = self.table()
        if not t.row_count:
            return None
        key = t.coordinate_to_cell_key(t.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def reload(self, keep: str | None = None, notice: str = "") -> None:
        """Read the first page of the register with the box's filters; keep the cursor on `keep` (else the
        selected action). As many rows as were loaded are read again, so a change deep in the list stays in view.
        `notice` (what a change did) leads the status line until the next reload.

        The page is one SQL query that stops when it is full (`register.page_actions`), so it is drawn at once
        whatever the register's size; the total, the overdue count and the owners' counts, which read every
        action, follow from a worker, and later pages load as the cursor nears the end (`load_more`).
        """
        keep = keep or self.selected()
        want = view.parse_filter(self.query_one("#box", Input).value)
        size = max(PAGE, len(self.rows))

        def read() -> register.RegisterPage:
            with Store.open(self.home) as store:
                return register.page_actions(store, **want.register_args(), words=want.words, today=self.today,
                                             limit=size, count=False)

        page = self.guarded(read)
        if page is None:
            return
        self._generation += 1
        self._filter, self._page, self._notice = want, page, notice
        self._more = page.more
        self._total = None if page.more else page.total
        self._late = None if page.more else sum(r.overdue for r in page.rows)
        self.rows = {}
        t = self.table()
        t.clear(columns=True)  # the columns size to these rows, not to the last ones
        # a narrow list leaves out the meeting and item (the pane's first line cites them): status and age stay
        self._narrow = self.list_width() < NARROW
        t.add_columns(*(("ref", "action", "owners", "due", "status", "age") if self._narrow else
                        ("ref", "action", "owners", "meeting", "item", "due", "status", "age")))
        self._add_rows(page.rows)
        if keep in self.rows:
            t.move_cursor(row=t.get_row_index(keep))
        self.say_counts()
        self.show_detail()
        self.count(self._generation, want)

    def _add_rows(self, rows: list[register.RegisterRow]) -> None:
        t = self.table()
        room = self.text_room(60 if self._narrow else 90)
        cells: list[tuple[Any, ...]] = []
        for r in rows:
            if r.id in self.rows:  # a change between two pages moved a row: it is shown once
                continue
            self.rows[r.id] = r
            status = Text(r.status, style="green" if r.status == "done" else "red" if r.overdue else "")
            age = f"{r.age_days}d" if r.age_days is not None else ""
            owners = view.cut(" & ".join(r.owners) or register.NO_OWNER, 14 if self._narrow else 18)
            if self._narrow:
                row: tuple[Any, ...] = (r.id, view.cut(r.text, room), owners, r.due or "", status, age)
            else:
                row = (r.id, view.cut(r.text, room), owners, view.short_date(r.date), f"{r.item} p{r.page}",
                       r.due or "", status, age)
            t.add_row(*row, key=r.id)
            cells.append(row)
        fit_columns(t, cells)

    def say_counts(self) -> None:
        """The status line: how many actions the filter keeps (and how many are overdue), how many are loaded."""
        page, want = self._page, self._filter
        if page is None or want is None:
            return
        who = f" for {page.owner}" if page.owner else ""
        scope = f" in {page.scope}" if page.scope else ""
        shown = len(self.rows)
        total = f"{self._total:,}" if self._total is not None else f"{shown:,}+"
        late = f", {self._late:,} overdue" if self._late else ""
        more = f" ({shown:,} loaded; more as you scroll)" if self._total is None or shown < self._total else ""
        self._status_text = f"{total} {want.status} action(s){who}{scope}{late}{more}  ·  ? for keys"
        self.status(Text.assemble((self._notice, "bold"), "  ·  ", self._status_text) if self._notice
                    else self._status_text)

    @work(thread=True, exclusive=True, group="count")
    def count(self, generation: int, want: view.ActionFilter) -> None:
        """The total and overdue count of a long list, then every owner's counts: each reads the whole register."""
        def read() -> tuple[int | None, int | None]:
            with Store.open(self.home) as store:
                args = {**want.register_args(), "words": want.words, "today": self.today, "limit": 0}
                total = self._total if self._total is not None else register.page_actions(store, **args).total
                late = self._late
                if late is None:
                    late = register.page_actions(store, **{**args, "overdue": True}).total
                return total, late

        def owners() -> list[register.OwnerCount]:
            with Store.open(self.home) as store:
                return register.owner_counts(store, today=self.today)

        try:
            totals = read()
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._counted, generation, totals)
            counts = owners()
        except Exception as exc:  # noqa: BLE001 - sorted by failure(): bugs are raised again
            msg = failure(exc)
            if msg is None:
                raise
            self.app.call_from_thread(self.status, msg, True)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._owners_counted, generation, counts)

    def _counted(self, generation: int, totals: tuple[int | None, int | None]) -> None:
        if generation == self._generation:
            self._total, self._late = totals
            self.say_counts()

    def _owners_counted(self, generation: int, counts: list[register.OwnerCount]) -> None:
        self.owner_list = counts
        if generation == self._generation and self._page is not None:
            self.show_owners(counts, self._page.owner)

    def load_more(self) -> None:
        """The next page, read in a worker, when the cursor nears the end of what is loaded."""
        if not self._more or self._loading:
            return
        self._loading = True
        self._load_page(self._generation, self._filter, len(self.rows))

    @work(thread=True, exclusive=True, group="page")
    def _load_page(self, generation: int, want: view.ActionFilter | None, offset: int) -> None:
        try:
            with Store.open(self.home) as store:
                page = register.page_actions(store, **(want or view.ActionFilter()).register_args(),
                                             words=(want.words if want else []), today=self.today, limit=PAGE,
                                             offset=offset, count=False)
        except Exception as exc:  # noqa: BLE001 - sorted by failure(): bugs are raised again
            self._loading = False
            msg = failure(exc)
            if msg is None:
                raise
            self.app.call_from_thread(self.status, msg, True)
            return
        self.app.call_from_thread(self._loaded, generation, page)

    def _loaded(self, generation: int, page: register.RegisterPage) -> None:
        self._loading = False
        if generation != self._generation:  # the filter changed meanwhile: this page is of the old list
            return
        self._more = page.more
        self._add_rows(page.rows)
        self.say_counts()

    @on(Input.Changed, "#box")
    def _typed(self) -> None:
        self.debounce(self.reload)

    @on(Input.Submitted, "#box")
    def _submitted(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.reload()
        self.table().focus()

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        if self.table().cursor_row >= len(self.rows) - NEAR_END:
            self.load_more()
        self.show_detail()

    # -- the detail pane -----------------------------------------------------------------------------------------

    def show_detail(self) -> None:
        action_id = self.selected()
        pane = self.query_one("#detail", Static)
        if action_id is None:
            pane.update(Text("No action matches the filter.", style="dim"))
            return

        def read() -> Group:
            with Store.open(self.home) as store:
                detail = register.action_detail(store, action_id, today=self.today)
                meeting = store.meeting(detail.row.meeting_id)
                pages = [p for _, p in store.pages(meeting.document_id)]
            return Group(*self.source(detail, meeting, pages),
                         view.captured(lambda c: render_action(c, detail), self.pane_width()))

        shown = self.guarded(read)
        if shown is not None:
            pane.update(shown)

    @staticmethod
    def source(detail: register.ActionDetail, meeting: Any, pages: list[Any]) -> list[Text]:
        """The citation of the action's source and the passage of its item that records it."""
        row, a = detail.row, detail.row.action
        pdf = view.pdf_page(pages, a.page, a.text, row.item_title)
        cite = view.citation(row.body, row.date, meeting.kind, row.item_number, a.page, pdf)
        out = [Text.assemble(("source: ", "dim"), cite)]
        item = next((i for i in meeting.items if i.id == row.item_id), None)
        if item is not None and item.text and not row.exempt:
            out.append(Text(view.passage(item.text, a.text), style="italic"))
        return out

    # -- changes -------------------------------------------------------------------------------------------------

    def change(self, verb: str, fn: Callable[[Store, str], Any]) -> None:
        """Apply `fn(store, action_id)` to the selected action in a worker, then say so and re-read the list.

        In a worker because a write waits for the store's lock (up to its busy timeout) while an ingest holds it.
        """
        action_id = self.selected()
        if action_id is None:
            self.status("no action selected", error=True)
            return
        self.status(f"{action_id}: saving…")
        self._write(action_id, verb, fn)

    @work(thread=True, group="write")
    def _write(self, action_id: str, verb: str, fn: Callable[[Store, str], Any]) -> None:
        try:
            with self.app.write_lock, Store.open(self.home) as store:  # type: ignore[attr-defined]
                fn(store, action_id)
        except Exception as exc:  # noqa: BLE001 - sorted by failure(): bugs are raised again
            msg = failure(exc)
            if msg is None:
                raise
            self.app.call_from_thread(self.status, msg, True)
            return
        self.app.call_from_thread(self._changed, action_id, verb)

    def _changed(self, action_id: str, verb: str) -> None:
        self.reload(keep=action_id, notice=f"{action_id} {verb}")

    def ask(self, question: str, then: Callable[[str], None], value: str = "", optional: bool = False,
            suggestions: list[str] | None = None) -> None:
        """Ask in a prompt; `then(answer)` unless cancelled (or left empty, unless `optional`)."""
        if self.selected() is None:
            self.status("no action selected", error=True)
            return

        def answered(answer: str | None) -> None:
            if answer is None or (not answer.strip() and not optional):
                self.status("nothing changed")
                return
            then(answer.strip())

        self.app.push_screen(Prompt(question, value=value, suggestions=suggestions), answered)

    def action_done(self) -> None:
        self.ask(f"Mark {self.selected()} done. Note (optional):",
                 lambda note: self.change("done", lambda s, i: register.mark_done(s, i, note=note)), optional=True)

    def action_open_pdf(self) -> None:
        row = self.rows.get(self.selected() or "")
        if row is None:
            self.status("no action selected", error=True)
            return
        self.open_source(row.meeting_id, row.page, row.text, row.item_title)

    def action_reopen(self) -> None:
        self.change("reopened", lambda s, i: register.reopen(s, i))

    def action_note(self) -> None:
        self.ask(f"Note on {self.selected()}:", lambda text: self.change(
            "noted", lambda s, i: register.add_note(s, i, text)))

    def action_due(self) -> None:
        row = self.rows.get(self.selected() or "")
        self.ask(f"Due date for {self.selected()} (2019-12-11, \"11 December 2019\", none):", lambda due: self.change(
            "due date set", lambda s, i: register.set_due(s, i, due)), value=(row.due or "") if row else "")

    def action_drop(self) -> None:
        self.ask(f"Dismiss {self.selected()} as not an action. Why?", lambda why: self.change(
            "dismissed", lambda s, i: register.dismiss(s, i, why)))

    def action_assign(self) -> None:
        row = self.rows.get(self.selected() or "")

        def names() -> list[str]:
            # that meeting's lists first, then everyone the store knows of
            with Store.open(self.home) as store:
                here = store.people_names([row.meeting_id]) if row else []
                rest = store.people_names([str(m["id"]) for m in store.meeting_heads()])
                counts = self.owner_list or register.owner_counts(store, today=self.today)
                owners = [c.owner for c in counts if c.owner != register.NO_OWNER]
            return list(dict.fromkeys(here + owners + rest))

        def then(answer: str) -> None:
            # a trailing "!" is the CLI's --new: someone not yet in any minutes, kept as typed
            new = answer.endswith("!")
            who = answer.rstrip("!").strip()
            def fn(store: Store, action_id: str) -> Any:
                try:
                    row = register.assign(store, action_id, who, new=new)
                except NotFound as exc:  # the CLI's advice, in this screen's terms
                    raise NotFound(str(exc).replace("use --new", "end the name with !")) from None
                refresh_meetings(self.home, [row.meeting_id])  # as the CLI does: search's owner: reads the index
                return row

            self.change(f"assigned to {who}", fn)

        self.ask(f"Assign {self.selected()} to (\"A & B\" for joint owners; end with ! for someone in no minutes "
                 "yet):", then, value=" & ".join(row.owners) if row else "", suggestions=self.guarded(names) or [])

    def _suggestion(self, decide: Callable[..., Any], verb: str) -> None:
        def fn(store: Store, action_id: str) -> Any:
            pending = carry.pending_suggestions(store, action_id=action_id)
            if not pending:
                raise MinutebookError(f"action {action_id} has no pending carry-forward suggestion")
            return decide(store, pending[0].id, by=register.who())

        self.change(verb, fn)

    def action_accept(self) -> None:
        self._suggestion(carry.accept, "suggestion accepted")

    def action_reject(self) -> None:
        self._suggestion(carry.reject, "suggestion rejected")


class SearchScreen(_ListScreen):
    """Officers: a query box, hits as a list, and the whole item with a citation to copy."""

    BOX_ID = "query"
    BINDINGS = [
        Binding("slash", "focus_box", "Query", show=False),
        Binding("escape", "focus_list", "List", show=False),
        Binding("c", "copy", "Copy cite"),
        Binding("p", "pages", "Page/PDF p."),
        Binding("o", "open_pdf", "PDF"),
        Binding("f", "facets", "Facets"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.facets: dict[str, dict[str, int]] = {}
        self.query_text = ""
        self.pdf_pages = False
        self.cite = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search: words, \"phrases\", kind:resolution, year:2019 … (Enter: to the list)",
                    id="query", compact=True)
        with Horizontal(id="main"):
            yield OptionList(id="facets", classes="side")
            yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(classes="pane"):
                yield Static(id="preview")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.run_query("")

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self.debounce(lambda: self.run_query(event.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.run_query(event.value)
        self.table().focus()

    @work(thread=True, exclusive=True, group="search")
    def run_query(self, query: str) -> None:
        """Search in a worker thread; an empty query lists the latest decisions."""
        from minutebook import search

        def open_store() -> Store:  # only when the index was written by an older schema and must be rebuilt
            return Store.open(self.home)

        text, filters = view.search_args(query)
        if not text.strip():  # the latest first (of the facets chosen, else of the decisions)
            filters = {"kinds": ["resolution"], "sort": "date", **filters} if not filters else \
                {"sort": "date", **filters}
        try:
            result = search.search(self.home, text, limit=SEARCH_LIMIT, store_factory=open_store, **filters)
        except Exception as exc:  # noqa: BLE001 - sorted by failure(): bugs are raised again
            msg = failure(exc)
            if msg is None:
                raise
            self.app.call_from_thread(self.status, msg, True)
            return
        if not get_current_worker().is_cancelled:  # a newer query has taken over: its hits are the ones to show
            self.app.call_from_thread(self.show_hits, result, query)

    def show_hits(self, result: SearchResult, query: str = "") -> None:
        self.hits = list(result.hits)
        self.facets, self.query_text = result.facets, query
        box = self.query_one("#facets", OptionList)
        box.clear_options()
        box.add_options(self.facet_options())
        t = self.table()
        t.clear(columns=True)
        t.add_columns("kind", "date", "item", "title", "snippet")
        # kind, date and item take 29 columns and the padding of all five 10; title and snippet share the rest, 2:3
        rest = max(2 * TEXT_MIN, self.list_width() - 39)
        title = min(TEXT_MAX // 2, rest * 2 // 5)
        cells = [(h.kind.replace("_", " "), h.meeting_date or "", h.item or "-", view.cut(h.title, title),
                  view.cut(view.without_title(h.snippet, h.title), min(TEXT_MAX, rest - title))) for h in self.hits]
        for n, row in enumerate(cells):
            t.add_row(*row, key=str(n))
        fit_columns(t, cells)
        if not query.strip():
            self.status(f"the latest {len(self.hits)} decision(s)  ·  type to search  ·  ? for keys")
        elif not self.hits:
            hint = f"  did you mean [b]{result.suggestion}[/b]?" if result.suggestion else ""
            self.status(Text.from_markup(f"nothing found for {_markup(query)}.{hint}"))
        else:
            kinds = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.facets.get("kind", {}).items())
            self.status(f"{result.total} record(s) in {result.groups} item(s)" + (f"  ·  {kinds}" if kinds else ""))
        self.show_preview()

    # -- facets: beside the hits on a wide terminal, `f` at any width -------------------------------------------

    def facet_options(self) -> list[Option]:
        """The kind, year and body facets of the hits, with their counts; a ✓ marks one the query names."""
        chosen = view.facet_words(self.query_text)
        options: list[Option] = []
        for name in view.FACETS:
            values = self.facets.get(name, {})
            if not values:
                continue
            options.append(Option(Text(name, style="bold"), disabled=True))
            for value, n in values.items():
                mark = "✓ " if (name, value.lower()) in chosen else "  "
                label = Text(mark + view.cut(value.replace("_", " "), 18).ljust(19))
                label.append(f"{n:>5}", style="dim")
                options.append(Option(label, id=f"{name}\t{value}"))
        return options

    @on(OptionList.OptionSelected, "#facets")
    def _facet_chosen(self, event: OptionList.OptionSelected) -> None:
        self.apply_facet(event.option.id)

    def apply_facet(self, choice: str | None) -> None:
        """Add the chosen facet to the query as field:value (or take it out), and search again."""
        if not choice:
            return
        name, _, value = choice.partition("\t")
        box = self.query_one("#query", Input)
        box.value = view.toggle_facet(box.value, name, value)
        if self._timer is not None:
            self._timer.stop()
        self.run_query(box.value)
        self.table().focus()

    def action_facets(self) -> None:
        options = self.facet_options()
        if not options:
            self.status("no facets: the search found nothing", error=True)
            return
        self.app.push_screen(FacetScreen(options), self.apply_facet)

    def selected(self) -> Hit | None:
        t = self.table()
        if not t.row_count or not self.hits:
            return None
        return self.hits[min(t.cursor_row, len(self.hits) - 1)]

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.show_preview()

    def show_preview(self) -> None:
        hit = self.selected()
        pane = self.query_one("#preview", Static)
        if hit is None:
            self.cite = ""
            pane.update(Text("No hits.", style="dim"))
            return

        def read() -> Group:
            with Store.open(self.home) as store:
                meeting = store.meeting(hit.meeting_id)
                pages = [p for _, p in store.pages(meeting.document_id)]
            pdf = view.pdf_page(pages, hit.page, hit.snippet, hit.title)
            self.cite = view.citation(hit.body, hit.meeting_date, hit.meeting_kind, hit.item, hit.page, pdf)
            if self.pdf_pages and pdf and hit.page:
                meeting = view.shifted(meeting, pdf - hit.page)
            if hit.item:
                body = view.captured(lambda c: render_meeting(c, meeting, item=hit.item), self.pane_width())
            else:  # a page no item covers
                body = Text("\n".join(p.text for p in pages if p.cite == hit.page))
            words = {hit.snippet[a:b] for a, b in hit.snippet_spans}
            if words:
                body.highlight_words(words, style="reverse", case_sensitive=False)
            return Group(Text.assemble(("cite: ", "dim"), (self.cite, "bold")), body)

        shown = self.guarded(read)
        if shown is not None:
            pane.update(shown)

    def action_copy(self) -> None:
        if not self.cite:
            self.status("no hit selected", error=True)
            return
        self.app.copy_to_clipboard(self.cite)
        self.app.copied.append(self.cite)  # type: ignore[attr-defined]
        self.status(f"copied: {self.cite}")

    def action_open_pdf(self) -> None:
        hit = self.selected()
        if hit is None:
            self.status("no hit selected", error=True)
            return
        self.open_source(hit.meeting_id, hit.page, hit.snippet, hit.title)

    def action_pages(self) -> None:
        self.pdf_pages = not self.pdf_pages
        self.show_preview()
        self.status("preview cites PDF pages" if self.pdf_pages else "preview cites printed pages")


def _markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


class MinutebookApp(App[None]):
    """`minutebook browse`: the actions screen (F1, first) and the search screen (F2) over one data home."""

    TITLE = "minutebook"
    CSS = CSS
    ENABLE_COMMAND_PALETTE = False  # its ctrl+p would take footer room from the app's own keys
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("f1", "switch_mode('actions')", "Actions"),
        Binding("f2", "switch_mode('search')", "Search"),
        Binding("f12", "shot", "Screenshot", show=False),
    ]
    MODES = {"actions": ActionsScreen, "search": SearchScreen}
    DEFAULT_MODE = "actions"

    def __init__(self, home: Path, today: date | None = None) -> None:
        super().__init__()
        self.home = home
        self.today = today or date.today()
        self.shot_dir = Path(".")  # where F12 saves its screenshot
        self.copied: list[str] = []
        # changes are written one at a time, in the order they were asked for, each in a worker thread
        self.write_lock = threading.Lock()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The key to the screen already shown is left out of the footer, which then fits 80 columns.
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return False
        return True

    def action_shot(self) -> None:
        """An SVG of the screen in `shot_dir` (the current folder): minutebook-actions.svg, minutebook-search.svg,
        and minutebook-help.svg and so on for a dialog over them (the README's screenshots are these)."""
        over = {HelpScreen: "help", Prompt: "prompt", FacetScreen: "facets", PageScreen: "page"}.get(type(self.screen))
        name = f"minutebook-{over or self.current_mode}.svg"
        saved = self.save_screenshot(filename=name, path=str(self.shot_dir))
        self.notify(f"saved {saved}")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
