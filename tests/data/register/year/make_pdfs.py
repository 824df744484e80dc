"""Write the generated year (minutes.json) as twelve PDFs of minutes, laid out like the pair next door.

    .venv/bin/python tests/data/register/year/make_pdfs.py     # rewrites pdf/*.pdf

Each action is written as minutes write them, "<Owner> to <action> (Action: <Owner>).", so the ingest pipeline
finds it and its owner; item text and lettered points as paragraphs; the action-log tables as ruled tables.
`invariant` makes reportlab write the same bytes on every run.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.pagesizes import A4  # noqa: E402  (after setting invariant)
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

HERE = Path(__file__).resolve().parent
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12.5, spaceAfter=6)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=10, leading=12.5, spaceBefore=4, spaceAfter=4)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceAfter=8)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"Page {doc.page}")
    canvas.restoreState()


def write(spec: dict, meeting: dict, path: Path) -> None:
    d = date.fromisoformat(meeting["date"])
    story = [Paragraph(f"MINUTES OF MEETING {spec['body'].upper()} HELD ON {d:%A}, {_ordinal(d.day)} "
                       f"{d:%B}, {d.year}, 14:00 – 16:00".upper(), TITLE), Spacer(1, 4)]
    present = " ".join(f"{n} (Chair)" if n == spec["chair"] else n for n in spec["people"])
    story.append(Paragraph(f"PRESENT: {present}", BODY))
    tables = {page: rows for page, rows in meeting.get("tables", [])}
    for item in meeting["items"]:
        story.append(Paragraph(f"{item['number']}. {_esc(item['title'].upper())}", HEAD))
        lines = item["text"].split("\n")
        if len(lines) > 1:  # an unruled table: one line per row
            story += [Paragraph(_esc(line), BODY) for line in lines]
        else:
            story.append(Paragraph(_esc(item["text"]), BODY))
        for n, point in enumerate(item.get("points", [])):
            story.append(Paragraph(f"{'abcdefgh'[n]}. {_esc(point)}", BODY))
        for a in item.get("actions", []):
            owner = " & ".join(a["owners"])
            story.append(Paragraph(_esc(f"{owner} to {a['text'][0].lower()}{a['text'][1:]} (Action: {owner})."),
                                   BODY))
        if item["title"].lower() == "action log" and tables:
            table = Table(tables.pop(min(tables)), colWidths=[15 * mm, 85 * mm, 20 * mm, 45 * mm])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 9),
                                       ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]))
            story += [table, Spacer(1, 6)]
    story += [Paragraph("CHAIR:", BODY), Paragraph("Signed by Chair", BODY), Paragraph("Date", BODY)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=25 * mm, title=f"{spec['body']} minutes {meeting['date']}",
                            author="minutebook tests")
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)


def main() -> None:
    spec = json.loads((HERE / "minutes.json").read_text())
    for meeting in spec["meetings"]:
        write(spec, meeting, HERE / "pdf" / f"northfield-csp-{meeting['date']}-minutes.pdf")


if __name__ == "__main__":
    main()
