"""Rich views for the terminal: search hits, the action register, a meeting."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from minutebook.models import Meeting

__all__ = ["render_search", "render_actions", "render_owners", "render_action", "render_suggestions",
           "render_meeting", "highlight"]


def highlight(snippet: str, spans: list[tuple[int, int]] | None = None) -> Text:
    """A snippet with its matched words in bold yellow."""
    text = Text(snippet)
    for start, end in spans or []:
        text.stylize("bold yellow", start, end)
    return text


def render_search(console: Console, query: str, result: Any) -> None:
    if not result.hits:
        console.print(Text.assemble("No results for ", (query, "bold"), "."))
        if result.suggestion:
            console.print(Text.assemble("Did you mean ", (result.suggestion, "bold cyan"), "?"))
        return
    groups = getattr(result, "groups", result.total)
    table = Table(title=f"{result.total} matching record(s) in {groups} item(s) for {query!r}", show_lines=True,
                  expand=True)
    table.add_column("meeting", max_width=24, overflow="fold")
    table.add_column("item", no_wrap=True)
    table.add_column("match", ratio=1, overflow="fold")
    for h in result.hits:
        cell = Text(f"{h.title}\n", style="bold")
        cell.append_text(highlight(h.snippet, h.snippet_spans))
        if h.others:
            cell.append(f"\n(+{h.others} more in this item)", style="dim")
        where = Text(h.meeting_date or "")
        if h.body:
            where.append(f"\n{h.body}", style="dim")
        item = Text(f"{h.item or '-'}  p{h.page}" if h.page else (h.item or "-"))
        item.append(f"\n{h.kind.replace('_', ' ')}", style="cyan")
        if h.item_id:
            item.append(f"\n{h.item_id}", style="dim")
        table.add_row(where, item, cell)
    console.print(table)
    if result.facets:
        lines = [Text.assemble((f"{name}: ", "bold"), ", ".join(f"{k} ({v})" for k, v in counts.items()))
                 for name, counts in result.facets.items()]
        console.print(Panel(Group(*lines), title="facets", expand=False))


def _age(days: int | None) -> str:
    return f"{days}d" if days is not None else ""


def render_actions(console: Console, register: Any) -> None:
    """A table per owner (busiest first) with a count in its title; joint owners named under the text."""
    status = register.status if register.status != "all" else ""
    if register.owner_query and register.owner and register.owner_query.strip().lower() != register.owner.lower():
        console.print(Text(f"{register.owner_query} = {register.owner}", style="dim"))
    if not register.groups:
        who = f" for {register.owner}" if register.owner else ""
        console.print(f"No {status} actions{who}.".replace("  ", " "), highlight=False)
        return
    every = [r for rows in register.groups.values() for r in rows]
    # Columns that would say the same thing on every row are left out, so the action text gets the width.
    show = {"body": len({r.body for r in every}) > 1, "due": any(r.due for r in every),
            "status": len({r.status for r in every}) > 1 or any(r.closed_on for r in every)}
    columns = [c for c in ("id", "source", "body", "action", "due", "status", "age") if show.get(c, True)]
    for owner, rows in register.groups.items():
        late = sum(r.overdue for r in rows)
        title = f"{owner} — {len(rows)} {status} action(s)".replace("  ", " ") + (f", {late} overdue" if late else "")
        table = Table(title=title, title_justify="left", expand=True)
        for col in columns:
            table.add_column(col, overflow="fold", ratio=1 if col == "action" else None,
                             no_wrap=col in ("id", "source", "age", "status"),
                             justify="right" if col == "age" else "left")
        for r in rows:
            text = Text(r.text)
            others = [o for o in r.owners if o != owner]
            if others:
                text.append(f"\nwith {' & '.join(others)}", style="dim")
            if r.note:
                text.append(f"\nnote: {r.note}", style="magenta")
            source = f"{r.date}\nitem {r.item}, p{r.page}"  # where to cite it: meeting, item, page
            cells = {"id": r.id, "source": source, "body": r.body, "action": text,
                     "due": Text(r.due or "", style="bold red" if r.overdue else ""),
                     "status": Text(r.status + (f"\n{r.closed_on}" if r.closed_on else ""),
                                    style="green" if r.status == "done" else ""), "age": _age(r.age_days)}
            table.add_row(*(cells[c] for c in columns))
        console.print(table)
    n_owners = len(register.groups)
    console.print(f"{register.count} action(s), {n_owners} owner(s)", style="dim", highlight=False)


def render_owners(console: Console, counts: list[Any]) -> None:
    if not counts:
        console.print("No actions.")
        return
    table = Table(title="Action owners, busiest first", title_justify="left")
    for col in ("owner", "open", "overdue", "done", "oldest open"):
        table.add_column(col, justify="left" if col in ("owner", "oldest open") else "right")
    for c in counts:
        table.add_row(c.owner, str(c.open), Text(str(c.overdue), style="bold red" if c.overdue else "dim"),
                      str(c.done), c.oldest_open)
    console.print(table)


def _evidence_text(evidence: Any) -> str:
    if isinstance(evidence, dict):
        where = ", ".join(x for x in (
            f"{evidence.get('body', '')} minutes of {evidence.get('date', '')}".strip() if evidence.get("date") else "",
            f"item {evidence['item']}" if evidence.get("item") else "",
            f"p{evidence['page']}" if evidence.get("page") else "",
            f"meeting {evidence['meeting_id']}" if evidence.get("meeting_id") else "",
        ) if x)
        quote = f': "{evidence["text"]}"' if evidence.get("text") else ""
        return where + quote
    return str(evidence or "")


def render_action(console: Console, detail: Any) -> None:
    """One action: what the minutes say, where, and every change since, with times and notes."""
    row, a = detail.row, detail.action if hasattr(detail, "action") else detail.row.action
    head = Text(f"{a.id}  ", style="bold")
    head.append(a.status, style="green" if a.status == "done" else "dim" if a.status == "dismissed" else "yellow")
    lines: list[Any] = [head, Text(a.text)]
    facts = [
        ("owners", " & ".join(a.owners) or "(no owner)"),
        ("as written", detail.owners_raw),
        ("due", a.due or ""),
        (f"{a.status} on", detail.listed.closed_on),
        ("latest note", detail.listed.note),
        ("meeting", f"{row.body}, {row.date} ({row.meeting_id})"),
        ("item", f"{row.item_number}. {row.item_title} ({row.item_id})" + (" [exempt]" if row.exempt else "")),
        ("page", str(a.page)),
        ("in the minutes", detail.parsed_status + (f" — {detail.parsed_note}" if detail.parsed_note else "")),
    ]
    for label, value in facts:
        if value:
            t = Text(f"{label}: ", style="dim")
            t.append(value)
            lines.append(t)
    console.print(Panel(Group(*lines), title="action", title_align="left"))
    if detail.events:
        console.print(Text("History", style="bold"))
        for e in detail.events:
            line = Text(f"{e.n:>3}  {e.at}  {e.by or '(unknown)'}  ", style="dim")
            line.append(_change(e), style="green" if e.kind == "status" and e.value == "done" else "bold")
            if e.note:
                line.append(f"  {e.note}")
            console.print(line, soft_wrap=True)
            if e.evidence:
                console.print(Text(f"     evidence: {_evidence_text(e.evidence)}", style="dim"), soft_wrap=True)
    else:
        console.print(Text("No changes since the minutes were ingested.", style="dim"))
    for s in detail.suggestions:
        console.print(Text(f"Pending suggestion {s.id}: {_evidence_text(s.evidence)} — "
                           f"minutebook actions review --accept {s.id} / --reject {s.id}", style="cyan"))


def _change(e: Any) -> str:
    """An event as "status: open → done", "owner: A → B & C", "due: (none) → 2019-12-11"."""
    if e.kind == "owner":
        before, after = " & ".join(_json_names(e.previous)), " & ".join(_json_names(e.value))
        return f"owner: {before or '(none)'} → {after}"
    if e.kind in ("status", "due"):
        when = f" (as of {e.dated})" if e.kind == "status" and e.dated and e.dated != e.at[:10] else ""
        return f"{e.kind}: {e.previous or '(none)'} → {e.value or '(none)'}{when}"
    if e.kind == "dismiss":
        return f"dismissed (was {e.previous})"
    if e.kind == "suggest":
        return "suggestion rejected" if e.value == "rejected" else "carry-forward suggestion"
    return e.kind


def _json_names(value: str) -> list[str]:
    import json

    if not value:
        return []
    try:
        names = json.loads(value)
    except (ValueError, TypeError):
        return [value]
    return [str(n) for n in names] if isinstance(names, list) else [str(names)]


def render_suggestions(console: Console, suggestions: list[Any]) -> None:
    """One block per suggestion (long quotes read better unwrapped than squeezed into table cells)."""
    if not suggestions:
        console.print("No carry-forward suggestions to review.")
        return
    console.print(Text(f"{len(suggestions)} carry-forward suggestion(s): later minutes that may report an action "
                       "done", style="bold"), soft_wrap=True)
    for s in suggestions:
        head = Text(f"[{s.id}] ", style="bold cyan")
        head.append(f"action {s.action_id} ({s.action_date}, {' & '.join(s.owners) or 'no owner'}): ", style="bold")
        head.append(s.action_text)
        console.print(head, soft_wrap=True)
        console.print(Text(f"    evidence: {_evidence_text(s.evidence)}"), soft_wrap=True)
        if isinstance(s.evidence, dict) and s.evidence.get("matched"):
            console.print(Text(f"    matched: {', '.join(s.evidence['matched'])}", style="dim"), soft_wrap=True)
    console.print("Accept with `minutebook actions review --accept N`, reject with `--reject N`.", style="dim",
                  highlight=False, soft_wrap=True)


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
                                title=Text(f"{it.number}. {it.title}"), title_align="left"))
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
        console.print(Panel(Group(*body) if body else Text(""), title=Text(f"{it.number}. {it.title}  [{pages}]"),
                            title_align="left"))
