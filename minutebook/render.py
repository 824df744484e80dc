"""Rich views for the terminal: search hits, the action register, a meeting."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from minutebook.models import Meeting

__all__ = ["render_search", "render_timeline", "search_tsv", "hit_ref", "render_actions", "render_owners",
           "render_action", "render_suggestions", "render_meeting", "render_shown", "highlight"]


def highlight(snippet: str, spans: list[tuple[int, int]] | None = None) -> Text:
    """A snippet with its matched words in bold yellow."""
    text = Text(snippet)
    for start, end in spans or []:
        text.stylize("bold yellow", start, end)
    return text


KIND_NAMES = {"agenda_item": "agenda item", "minute_item": "minute", "point": "discussion point",
              "resolution": "decision", "action": "action", "report_section": "report section",
              "plan_action": "action-plan row", "page": "page"}
PLAIN_WIDTH = 100  # piped output: plain text wrapped here, whatever the console thinks its width is


class _StripFile:
    """A text file that drops the spaces rich pads lines with, so piped output has no trailing blanks."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self._partial = ""

    def write(self, text: str) -> int:
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            self.file.write(line.rstrip() + "\n")
        return len(text)

    def flush(self) -> None:
        if self._partial:
            self.file.write(self._partial.rstrip())
            self._partial = ""
        self.file.flush()


def _plain(console: Console, plain: bool) -> Console:
    """For piped output, a console over the same file without colour, at most PLAIN_WIDTH wide."""
    if not plain:
        return console
    return Console(file=_StripFile(console.file), width=min(console.width, PLAIN_WIDTH), color_system=None,
                   highlight=False, emoji=False, markup=False, force_terminal=False, soft_wrap=False)


def hit_ref(hit: Any) -> str:
    """What to give `minutebook show` to open this hit."""
    return hit.item_id if hit.kind in ("agenda_item", "minute_item") else hit.doc_id


def _hit_block(n: int, h: Any) -> Group:
    head = Text(f"{n}. ", style="bold")
    head.append(h.title or "(untitled)", style="bold")
    head.append(f"  [{KIND_NAMES.get(h.kind, h.kind)}]", style="cyan")
    lines: list[Any] = [Text(h.citation, style="green"), highlight(h.snippet, h.snippet_spans)]
    vote = ", ".join(x for x in (f"moved {h.mover}" if h.mover else "", f"seconded {h.seconder}" if h.seconder
                                 else "", h.outcome, h.tally) if x)
    if vote:
        lines.append(Text(f"vote: {vote}", style="magenta"))
    if h.owners:
        lines.append(Text(f"owner: {' & '.join(h.owners)}", style="magenta"))
    more = [f"+{h.others} more in this item" if h.others else "", "" if h.every_word else "some of the words",
            f"show {hit_ref(h)}"]
    lines.append(Text(" · ".join(m for m in more if m), style="dim"))
    if h.path:
        lines.append(Text(h.path, style="dim", overflow="fold"))
    return Group(head, Padding(Group(*lines), (0, 0, 0, 3), expand=False))


def render_search(console: Console, query: str, result: Any, plain: bool = False) -> None:
    """Hits as blocks (title, citation, snippet, where to open it): they read at any width, piped or not."""
    console = _plain(console, plain)
    if result.dropped:
        console.print(Text(f"searched for {result.searched!r} (left out: {', '.join(result.dropped)})",
                           style="dim"))
    if not result.hits:
        console.print(Text.assemble("No results for ", (query, "bold"), "."))
        if result.suggestion:
            console.print(Text.assemble("Did you mean ", (result.suggestion, "bold cyan"), "?"))
        return
    if result.notice:
        console.print(Text(result.notice, style="yellow"))
    groups = getattr(result, "groups", result.total)
    shown = len(result.hits)
    records = f"{result.total} matching record{'s' if result.total != 1 else ''}"
    items = f"{groups} item{'s' if groups != 1 else ''}"
    console.print(Text(f"{records} in {items}; showing {shown}", style="bold"))
    for n, h in enumerate(result.hits, 1):
        console.print()
        console.print(_hit_block(n, h))
    if result.facets:
        console.print()
        for name, counts in result.facets.items():
            if counts:
                console.print(Text.assemble((f"{name}: ", "bold"), ", ".join(f"{k} ({v})" for k, v in counts.items())))


def _hit_page(h: Any) -> str:
    """"p.8 (PDF p.11)", or "PDF p.1" for an unnumbered page."""
    if h.page_label and h.pdf_page:
        return f"p.{h.page_label} (PDF p.{h.pdf_page})"
    if h.pdf_page:
        return f"PDF p.{h.pdf_page}"
    return f"p.{h.page_label or h.page}"


TSV_COLUMNS = ("meeting_date", "body", "item", "kind", "page_label", "pdf_page", "citation", "title", "snippet",
               "path", "show")


def search_tsv(hits: list[Any]) -> str:
    """Hits as tab-separated lines with a header; tabs and line breaks inside a field become spaces."""
    def cell(value: Any) -> str:
        return " ".join(str("" if value is None else value).split())

    lines = ["\t".join(TSV_COLUMNS)]
    for h in hits:
        row = {**h.to_json(), "show": hit_ref(h)}
        lines.append("\t".join(cell(row[c]) for c in TSV_COLUMNS))
    return "\n".join(lines) + "\n"


def render_timeline(console: Console, query: str, result: Any, plain: bool = False) -> None:
    """First and last meeting that mention the query, and one line per meeting between (oldest first)."""
    console = _plain(console, plain)
    if result.dropped:
        console.print(Text(f"searched for {result.searched!r} (left out: {', '.join(result.dropped)})",
                           style="dim"))
    if result.corrected_from is not None:
        console.print(Text(result.notice, style="yellow"))
    line = result.timeline
    if not line:
        console.print(Text.assemble("No dated meeting mentions ", (query, "bold"), "."))
        return
    first, last = line[0], line[-1]
    n = len(line)
    console.print(Text(f"{n} meeting{'s' if n != 1 else ''} mention {result.searched!r}", style="bold"))
    console.print(Text.assemble(("first: ", "bold"), first.hit.citation))
    if n > 1:
        console.print(Text.assemble(("last:  ", "bold"), last.hit.citation))
    console.print()
    for entry in line:
        h = entry.hit
        row = Text(f"{h.meeting_date}  ", style="bold")
        row.append(f"{h.body}: " if h.body else "")
        row.append(h.title or "(untitled)")
        row.append(f" ({KIND_NAMES.get(h.kind, h.kind)}, {_hit_page(h)})", style="dim")
        if entry.records > 1:
            row.append(f" +{entry.records - 1} more", style="dim")
        console.print(row)


def _age(days: int | None) -> str:
    return f"{days}d" if days is not None else ""


def render_actions(console: Console, register: Any) -> None:
    """A table per owner (busiest first) with a count in its title; joint owners named under the text."""
    status = register.status if register.status != "all" else ""
    if register.owner_query and register.owner and register.owner_query.strip().lower() != register.owner.lower():
        console.print(Text(f"{register.owner_query} = {register.owner}", style="dim"))
    if not register.groups:
        who = f" for {register.owner}" if register.owner else ""
        console.print(Text(f"No {status} actions{who}.".replace("  ", " ")))
        return
    every = [r for rows in register.groups.values() for r in rows]
    # Columns that would say the same thing on every row are left out, so the action text gets the width.
    show = {"body": len({r.body for r in every}) > 1, "due": any(r.due for r in every),
            "status": len({r.status for r in every}) > 1 or any(r.closed_on for r in every)}
    columns = [c for c in ("id", "source", "body", "action", "due", "status", "age") if show.get(c, True)]
    # Narrow terminals keep two columns and say the rest under the action, so the text is never a letter wide.
    narrow = console.width < 90
    if narrow:
        columns = ["id", "action"]
    for owner, rows in register.groups.items():
        late = sum(r.overdue for r in rows)
        title = f"{owner} — {len(rows)} {status} action(s)".replace("  ", " ") + (f", {late} overdue" if late else "")
        # Every cell and the title are Text, not markup: a body or a name with "[draft]" or ":x:" in it prints as
        # written, and rich parses no markup for 40 cells a table.
        table = Table(title=Text(title, style="table.title"), title_justify="left", expand=True)
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
            if narrow:
                facts = [f"{r.date} item {r.item}, p{r.page}", r.body if show["body"] else "",
                         f"due {r.due}" if r.due else "", r.status if show["status"] else "", _age(r.age_days)]
                text.append("\n" + " · ".join(f for f in facts if f), style="bold red" if r.overdue else "dim")
            source = f"{r.date}\nitem {r.item}, p{r.page}"  # where to cite it: meeting, item, page
            cells = {"id": Text(r.id), "source": Text(source), "body": Text(r.body), "action": text,
                     "due": Text(r.due or "", style="bold red" if r.overdue else ""),
                     "status": Text(r.status + (f"\n{r.closed_on}" if r.closed_on else ""),
                                    style="green" if r.status == "done" else ""), "age": Text(_age(r.age_days))}
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
        table.add_row(Text(c.owner), str(c.open), Text(str(c.overdue), style="bold red" if c.overdue else "dim"),
                      str(c.done), Text(c.oldest_open or ""))
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


def _section(console: Console, title: Text | None, body: list[Any], plain: bool) -> None:
    """A panel in a terminal; piped, a title line and the body under it, with no box characters."""
    if not plain:
        console.print(Panel(Group(*body) if body else Text(""), title=title, title_align="left", expand=True))
        return
    console.print()
    if title is not None:
        console.print(title)
    for part in body:
        console.print(Padding(part, (0, 0, 0, 2), expand=False))


def _where(shown: Any, m: Meeting, item: Any = None, text: str = "", page: int | None = None,
           last: int | None = None) -> Text:
    """The copy-ready citation of a meeting, item or record (found by its `text`), and the file it is in.

    A meeting (no item, no text) runs from its first item to its last.
    """
    from minutebook.search import date_words

    parts = [m.body, date_words(m.date) or "undated"]
    if item is not None:
        parts.append(f"minute {item.number}" if m.kind == "minutes" else f"agenda item {item.number}")
    if shown is not None and item is None and not text and m.items:
        parts.append(shown.span([(_item_text(i), i.page, i.page_end) for i in (m.items[0], m.items[-1])]))
    elif shown is not None:
        parts.append(shown.where(text, page, last))
    out = Text(", ".join(p for p in parts if p), style="green")
    if shown is not None and shown.path:
        out.append(f"\n{shown.path}", style="dim")
    return out


def _item_text(it: Any) -> str:
    from minutebook.search import item_text

    return item_text(it)


def render_meeting(console: Console, m: Meeting, item: str | None = None, include_exempt: bool = False,
                   shown: Any = None, plain: bool = False) -> None:
    """A meeting (or one of its items) with its resolutions, actions and notes, and where each is printed."""
    console = _plain(console, plain)
    head = Text(f"{m.body} — {m.kind} of {m.date or 'undated'}", style="bold")
    details = []
    if m.time:
        details.append(f"time {m.time}" + (f"–{m.end_time}" if m.end_time else ""))
    if m.venue:
        details.append(m.venue)
    details.append(f"id {m.id}")
    parts: list[Any] = [head, Text(" · ".join(details), style="dim"), _where(shown, m, None, "", m.pages[0])]
    if item is None:
        if m.chair:
            parts.append(Text(f"Chair: {m.chair}"))
        if m.attendees:
            parts.append(Text("Present: " + "; ".join(f"{p.name}" + (f" ({p.role})" if p.role else "")
                                                     for p in m.attendees)))
        if m.apologies:
            parts.append(Text("Apologies: " + "; ".join(p.name + (f" ({p.organisation})" if p.organisation else "")
                                                       for p in m.apologies)))
    _section(console, None, parts, plain)
    items = [i for i in m.items if item is None or i.number == item]
    if item is not None and not items:
        from minutebook.errors import NotFound

        raise NotFound(f"meeting {m.id} has no item {item}")
    for it in items:
        title = Text(f"{it.number}. {it.title}", style="bold")
        if it.exempt and not include_exempt:
            _section(console, title, [Text("Exempt item: content withheld (use --include-exempt).", style="dim")],
                     plain)
            continue
        body: list[Any] = [_where(shown, m, it, _item_text(it), it.page, it.page_end)] if item is not None else []
        if item is not None and it.text:
            body.append(Text(it.text))
        elif it.description:
            body.append(Text(it.description[:400], style="dim"))
        for r in it.resolutions:
            body.append(Text(f"RESOLVED ({_page_ref(shown, r.text, r.page)}): {r.text}" + _vote(r), style="green"))
        for a in it.actions:
            owners = ", ".join(a.owners) or "(no owner)"
            due = f" due {a.due}" if a.due else ""
            where = _page_ref(shown, a.text, a.page)
            body.append(Text(f"ACTION {a.id} [{a.status}] {owners}{due} ({where}): {a.text}",
                             style="cyan"))
        for note in it.notes:
            body.append(Text(f"Post-meeting note: {note}", style="magenta"))
        if item is None:
            title.append(f"  [{_page_ref(shown, _item_text(it), it.page, it.page_end)}]", style="dim")
        _section(console, title, body, plain)


def _vote(r: Any) -> str:
    votes = (f"moved {r.mover}" if r.mover else "", f"seconded {r.seconder}" if r.seconder else "", r.outcome,
             r.tally)
    extra = ", ".join(x for x in votes if x)
    return f" [{extra}]" if extra else ""


def _page_ref(shown: Any, text: str, page: int | None, last: int | None = None) -> str:
    if shown is not None:
        return shown.where(text, page, last) or "page unknown"
    return f"p{page}" + (f"–{last}" if last and last != page else "")


def render_shown(console: Console, shown: Any, include_exempt: bool = False, plain: bool = False) -> None:
    """Whatever `minutebook show` resolved: a meeting, an item, one record of an item, or a page."""
    m = shown.meeting
    if shown.kind in ("meeting", "item"):
        render_meeting(console, m, item=shown.item.number if shown.item is not None else None,
                       include_exempt=include_exempt, shown=shown, plain=plain)
        return
    console = _plain(console, plain)
    if shown.kind == "page":
        page = shown.record
        title = Text(f"Page {page.label or page.index} (PDF p.{page.index})", style="bold")
        where = _where(shown, m, None, page.text, page.cite) if m is not None else Text(shown.path, style="dim")
        if page.exempt and not include_exempt:
            _section(console, title, [where, Text("Exempt page: content withheld (use --include-exempt).",
                                                  style="dim")], plain)
            return
        _section(console, title, [where, Text(page.text)], plain)
        return
    it, rec = shown.item, shown.record
    name = KIND_NAMES.get(shown.kind, shown.kind)
    title = Text(f"{name.capitalize()} in {it.number}. {it.title}", style="bold")
    if it.exempt and not include_exempt:
        _section(console, title, [Text("Exempt item: content withheld (use --include-exempt).", style="dim")], plain)
        return
    page = getattr(rec, "page", None) or it.page
    text = rec if isinstance(rec, str) else getattr(rec, "text", "") or getattr(rec, "action", "")
    body: list[Any] = [_where(shown, m, it, text, page, max(page, it.page_end or 0))]
    if shown.kind == "point":
        body.append(Text(rec))
    elif shown.kind == "resolution":
        body.append(Text(f"RESOLVED: {rec.text}{_vote(rec)}", style="green"))
    elif shown.kind == "action":
        owners = " & ".join(rec.owners) or "(no owner)"
        body.append(Text(f"{rec.text}\nowner: {owners} · status: {rec.status}" + (f" · due {rec.due}" if rec.due
                                                                                  else "") + f" · id {rec.id}"))
    elif shown.kind == "report_section":
        if rec.heading:
            body.append(Text(rec.heading, style="bold"))
        body.append(Text(rec.text))
    elif shown.kind == "plan_action":
        lines = [rec.action, f"lead: {', '.join(rec.leads) or '(none)'}"]
        lines += [f"RAG: {rec.rag}"] if rec.rag else []
        lines += [f"comments: {rec.comments}"] if rec.comments else []
        lines += [f"{k}: {v}" for k, v in rec.extra.items() if v]
        body.append(Text("\n".join(lines)))
    _section(console, title, body, plain)
