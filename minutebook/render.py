"""Rich views for the terminal: search hits, the action register, a meeting."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from minutebook.models import Meeting

__all__ = ["render_search", "render_actions", "render_meeting", "highlight"]


def highlight(snippet: str) -> Text:
    """Snippets mark matched terms as [[term]]; show them bold yellow."""
    text = Text()
    for n, part in enumerate(re.split(r"\[\[|\]\]", snippet)):
        text.append(part, style="bold yellow" if n % 2 else "")
    return text


def render_search(console: Console, query: str, result: Any) -> None:
    if not result.hits:
        console.print(f"No results for [bold]{query}[/bold].")
        if getattr(result, "suggestion", None):
            console.print(f"Did you mean [bold cyan]{result.suggestion}[/bold cyan]?")
        return
    table = Table(title=f"{result.total} hit(s) for {query!r}", show_lines=True)
    for col in ("date", "body", "item", "kind", "page", "snippet"):
        table.add_column(col, overflow="fold", ratio=4 if col == "snippet" else None)
    for h in result.hits:
        title = Text(f"{h.title}\n", style="bold")
        title.append_text(highlight(h.snippet))
        more = getattr(h, "more", 0)
        if more:
            title.append(f"\n(+{more} more in this item)", style="dim")
        item = f"{h.item}\n[dim]{h.item_id}[/dim]" if h.item_id else (h.item or "")
        table.add_row(h.meeting_date or "", h.body or "", item, h.kind, str(h.page or ""), title)
    console.print(table)
    facets = getattr(result, "facets", None) or {}
    if facets:
        parts = []
        for name, counts in facets.items():
            parts.append(f"[bold]{name}[/bold]: " + ", ".join(f"{k} ({v})" for k, v in counts.items()))
        console.print(Panel("\n".join(parts), title="facets", expand=False))


def render_actions(console: Console, groups: dict[str, list[Any]], status: str) -> None:
    if not groups:
        console.print(f"No {status if status != 'all' else ''} actions.".replace("  ", " "))
        return
    for owner, rows in groups.items():
        table = Table(title=f"{owner} — {len(rows)} {status if status != 'all' else ''} action(s)".replace("  ", " "),
                      title_justify="left", expand=True)
        for col in ("id", "date", "body", "item", "page", "action", "due", "status", "age"):
            table.add_column(col, overflow="fold", ratio=5 if col == "action" else None)
        for r in rows:
            table.add_row(r.id, r.date, r.body, r.item, str(r.page), r.text, r.due or "", r.status,
                          f"{r.age_days}d" if r.age_days is not None else "")
        console.print(table)


def render_meeting(console: Console, m: Meeting, item: str | None = None, include_exempt: bool = False) -> None:
    head = Text(f"{m.body} — {m.kind} of {m.date or 'undated'}", style="bold")
    details = []
    if m.time:
        details.append(f"time {m.time}" + (f"–{m.end_time}" if m.end_time else ""))
    if m.venue:
        details.append(m.venue)
    details.append(f"pages {m.pages[0]}–{m.pages[1]}  id {m.id}")
    parts: list[Any] = [head, Text(" · ".join(details), style="dim")]
    if item is None:
        if m.chair:
            parts.append(Text(f"Chair: {m.chair}"))
        if m.attendees:
            parts.append(Text("Present: " + "; ".join(f"{p.name}" + (f" ({p.role})" if p.role else "")
                                                     for p in m.attendees)))
        if m.apologies:
            parts.append(Text("Apologies: " + "; ".join(p.name + (f" ({p.organisation})" if p.organisation else "")
                                                       for p in m.apologies)))
    console.print(Panel(Group(*parts), expand=True))
    items = [i for i in m.items if item is None or i.number == item]
    if item is not None and not items:
        from minutebook.errors import NotFound

        raise NotFound(f"meeting {m.id} has no item {item}")
    for it in items:
        if it.exempt and not include_exempt:
            console.print(Panel(Text("Exempt item: content withheld (use --include-exempt).", style="dim"),
                                title=f"{it.number}. {it.title}", title_align="left"))
            continue
        body: list[Any] = []
        if item is not None and it.text:
            body.append(Text(it.text))
        elif it.description:
            body.append(Text(it.description[:400], style="dim"))
        for r in it.resolutions:
            votes = (f"moved {r.mover}" if r.mover else "", f"seconded {r.seconder}" if r.seconder else "",
                     r.outcome, r.tally)
            extra = ", ".join(x for x in votes if x)
            body.append(Text(f"RESOLVED (p{r.page}): {r.text}" + (f" [{extra}]" if extra else ""), style="green"))
        for a in it.actions:
            owners = ", ".join(a.owners) or "(no owner)"
            due = f" due {a.due}" if a.due else ""
            body.append(Text(f"ACTION {a.id} [{a.status}] {owners}{due} (p{a.page}): {a.text}", style="cyan"))
        for note in it.notes:
            body.append(Text(f"Post-meeting note: {note}", style="magenta"))
        pages = f"p{it.page}" + (f"–{it.page_end}" if it.page_end and it.page_end != it.page else "")
        console.print(Panel(Group(*body) if body else Text(""), title=f"{it.number}. {it.title}  [{pages}]",
                            title_align="left"))
