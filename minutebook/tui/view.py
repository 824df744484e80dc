"""What the terminal interface shows, without Textual: the filter box's syntax, citations, list cells and panes.

Kept apart from the app so each piece is a plain function a test can call; the app only wires them to widgets.
Panes reuse the CLI's own renderers (`minutebook.render`) through a captured rich console, so `actions show`
and the action pane, `show ITEM` and the search preview, say the same thing the same way.
"""

from __future__ import annotations

import io
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from minutebook.errors import MinutebookError
from minutebook.models import Meeting, Page

__all__ = [
    "ActionFilter",
    "captured",
    "citation",
    "cut",
    "facet_words",
    "item_label",
    "keep",
    "open_command",
    "parse_filter",
    "passage",
    "pdf_page",
    "quoted",
    "short_date",
    "shifted",
    "search_args",
    "split_words",
    "toggle_facet",
    "without_title",
]

# The filter box's field:value words, each an argument of `register.list_actions`.
_FIELDS = ("status", "body", "owner", "meeting", "since", "until")


@dataclass(slots=True)
class ActionFilter:
    """The actions filter box, read: the register's own filters, plus words the action text or owners contain."""

    status: str = "open"
    body: str | None = None
    owner: str | None = None
    meeting: str | None = None
    since: str | None = None
    until: str | None = None
    overdue: bool = False
    words: list[str] = field(default_factory=list)

    def register_args(self) -> dict[str, Any]:
        """Keyword arguments for `register.list_actions`."""
        return {"status": self.status, "body": self.body, "owner": self.owner, "meeting": self.meeting,
                "since": self.since, "until": self.until, "overdue": self.overdue}


def quoted(prefix: str, value: str) -> str:
    """`owner:"Eubert Malcolm"` for the filter box: quoted when the value has spaces."""
    return f'{prefix}"{value}"' if any(ch.isspace() for ch in value) else prefix + value


def split_words(text: str) -> list[str]:
    """The filter box's words as typed (quotes kept), so one can be swapped for another."""
    return re.findall(r'(?:[^\s"]+|"[^"]*"?)+', text)


def _words(text: str) -> list[str]:
    """Words, with double quotes grouping (not single ones: "O'Brien"); a quote not yet closed while typing
    closes at the end."""
    for attempt in (text, text + '"'):
        lex = shlex.shlex(attempt, posix=True)
        lex.whitespace_split, lex.quotes, lex.escape = True, '"', ""
        try:
            return list(lex)
        except ValueError:
            continue
    return text.replace('"', " ").split()


# The search facets the query box takes as field:value words, in the order the facet list shows them.
FACETS = ("kind", "year", "body")


def facet_words(query: str) -> set[tuple[str, str]]:
    """The (field, value) facets a query names: `kind:resolution year:2019 body:"Community Safety Partnership"`."""
    out = set()
    for word in split_words(query):
        name, sep, value = word.partition(":")
        if sep and name.lower() in FACETS and value.strip('"'):
            out.add((name.lower(), value.strip('"').lower()))
    return out


def search_args(query: str) -> tuple[str, dict[str, Any]]:
    """The query box as `search.search` takes it: the words, and its kind:, year: and body: words as the
    filters `search --kind/--from/--to/--body` set (a field:value word left in the query would only rank).
    Several kinds keep any of them; several years, the years from the first to the last."""
    words, kinds, years, body = [], [], [], None
    for word in split_words(query):
        name, sep, value = word.partition(":")
        value = value.strip('"').strip()
        if sep and value and name.lower() in FACETS:
            if name.lower() == "kind":
                kinds.append(value.lower().replace(" ", "_"))
            elif name.lower() == "year" and value.isdigit():
                years.append(value)
            elif name.lower() == "body":
                body = value
            else:
                words.append(word)
        else:
            words.append(word)
    args: dict[str, Any] = {}
    if kinds:
        args["kinds"] = kinds
    if years:
        args["date_from"], args["date_to"] = min(years), max(years)
    if body:
        args["body"] = body
    return " ".join(words), args


def toggle_facet(query: str, field_name: str, value: str) -> str:
    """The query with `field:value` added (as the search syntax takes it), or taken out when it is there."""
    want = (field_name.lower(), value.lower())
    kept = [w for w in split_words(query) if (w.partition(":")[0].lower(), w.partition(":")[2].strip('"').lower())
            != want]
    if len(kept) == len(split_words(query)):
        kept.append(quoted(f"{field_name}:", value))
    return " ".join(kept)


def parse_filter(text: str) -> ActionFilter:
    """`owner:Malcolm status:all body:"Community Safety" overdue CCTV` as an `ActionFilter`.

    field:value words go to the register (which resolves names, bodies and meetings as `--owner`, `--body` and
    `--meeting` do, and rejects a bad status); `overdue` alone keeps overdue actions; other words must all
    appear in an action's text or owners. Double quotes group words.
    """
    tokens = _words(text)
    out = ActionFilter()
    for tok in tokens:
        name, sep, value = tok.partition(":")
        if sep and name.lower() in _FIELDS:
            if not value.strip():
                continue
            setattr(out, name.lower(), value.strip())
        elif tok.lower() == "overdue":
            out.overdue = True
        else:
            out.words.append(tok.lower())
    return out


def keep(row: Any, words: Iterable[str]) -> bool:
    """Whether a `register.RegisterRow` has every word in its text, owners, id or item title."""
    hay = " ".join([row.text, " ".join(row.owners), row.id, row.item_title]).lower()
    return all(w in hay for w in words)


def cut(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:max(width - 1, 0)].rstrip() + "…"


def short_date(iso: str) -> str:
    """2019-10-09 as "9 Oct 2019" (as written when undated or not ISO)."""
    try:
        d = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or "undated"
    return f"{d.day} {d:%b %Y}"


def item_label(meeting_kind: str, item: str) -> str:
    """"minute 94" in minutes, "item 7" on an agenda, "" for a page that belongs to no item."""
    if not item:
        return ""
    return f"{'minute' if meeting_kind == 'minutes' else 'item'} {item}"


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def pdf_page(pages: Iterable[Page], cited: int | None, *hints: str) -> int | None:
    """The PDF page (1-based) that carries the cited page number.

    A pack repeats page numbers (its agenda's unnumbered pages count 1, 2, 3 and so do its minutes' printed
    labels, as in the Haringey pack), so among the pages carrying the number, the one whose text holds the most
    `hints` (an item's title, an action's opening words) is it.
    """
    if not cited:
        return None
    found = [p for p in pages if p.cite == cited]
    if len(found) > 1 and hints:
        want = [_flat(h).strip("… ")[:40] for h in hints if h.strip("… ")]
        found.sort(key=lambda p: -sum(w in _flat(p.text) for w in want))
    return found[0].index if found else None


def citation(body: str, meeting_date: str, meeting_kind: str, item: str, page: int | None,
             pdf: int | None = None) -> str:
    """"Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)": ready to paste."""
    parts = [body or "(unknown body)", short_date(meeting_date)]
    label = item_label(meeting_kind, item)
    if label:
        parts.append(label)
    if page:
        parts.append(f"p.{page}" + (f" (PDF p.{pdf})" if pdf and pdf != page else ""))
    return ", ".join(parts)


def without_title(snippet: str, title: str) -> str:
    """The snippet less the title it opens with (the list shows the title in its own column)."""
    words = title.split()
    if not words:
        return snippet.strip()
    opening = re.compile(r"\s*" + r"\s+".join(re.escape(w) for w in words) + r"[\s.:;\-–—]*", re.I)
    m = opening.match(snippet)
    return snippet[m.end():].strip() if m else snippet.strip()


def passage(text: str, quote: str, around: int = 240) -> str:
    """The part of an item's minutes text that records `quote` (an action's text), with some context."""
    flat, want = " ".join(text.split()), " ".join(quote.split())
    at = flat.lower().find(want[:40].lower()) if want else -1
    if at < 0:
        return flat[:2 * around] + ("…" if len(flat) > 2 * around else "")
    lo, hi = max(0, at - around), min(len(flat), at + len(want) + around)
    return ("…" if lo else "") + flat[lo:hi] + ("…" if hi < len(flat) else "")


def shifted(meeting: Meeting, offset: int) -> Meeting:
    """A copy of `meeting` citing PDF pages: one section's printed numbers run on from its first page, so each
    is `offset` (PDF page less printed page, of any one of them) away. The meeting itself is left as it is."""
    if not offset:
        return meeting

    def move(n: int) -> int:
        return n + offset if n else n

    items = [replace(it, page=move(it.page), page_end=move(it.page_end),
                     resolutions=[replace(r, page=move(r.page)) for r in it.resolutions],
                     actions=[replace(a, page=move(a.page)) for a in it.actions],
                     reports=[replace(r, page=move(r.page)) for r in it.reports],
                     plan_actions=[replace(pa, page=move(pa.page)) for pa in it.plan_actions])
             for it in meeting.items]
    return replace(meeting, items=items, pages=(move(meeting.pages[0]), move(meeting.pages[1])))


# PDF viewers that open a file at a page, and how each is asked to (xdg-open and macOS `open` cannot pass one on).
PAGED_VIEWERS: dict[str, Callable[[str, int], list[str]]] = {
    "evince": lambda f, n: [f"--page-index={n}", f],
    "atril": lambda f, n: [f"--page-index={n}", f],
    "xreader": lambda f, n: [f"--page-index={n}", f],
    "okular": lambda f, n: ["--page", str(n), f],
    "zathura": lambda f, n: [f"--page={n}", f],
    "qpdfview": lambda f, n: [f"{f}#{n}"],
    "mupdf": lambda f, n: [f, str(n)],
    "xpdf": lambda f, n: [f, str(n)],
}


def open_command(opener: str, path: Any, page: int | None) -> list[str]:
    """The command that opens `path` with `opener` at PDF page `page` where that viewer takes a page."""
    name = re.sub(r"\.exe$", "", str(opener).replace("\\", "/").rsplit("/", 1)[-1].lower())
    args = PAGED_VIEWERS.get(name)
    if args is None or not page:
        return [str(opener), str(path)]
    return [str(opener), *args(str(path), page)]


def captured(render: Callable[[Console], None], width: int) -> Text:
    """What `render` prints to a console `width` columns wide, as styled text for a pane."""
    width = max(width, 30)
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
                      legacy_windows=False)
    try:
        render(console)
    except MinutebookError as exc:
        return Text(str(exc), style="red")
    return Text.from_ansi(console.file.getvalue())  # type: ignore[attr-defined]
