"""Write the carry-forward fixtures: two sets of minutes of the same body, the second reporting actions done.

    .venv/bin/python tests/data/register/make_pdfs.py     # rewrites the PDFs next to this script

The wording follows the real Haringey pack (corpus/haringey-csp-2019-12-11.pdf, minutes of 9 October 2019,
pages 1-8): the "(Action: Name)" markers, "the AD for Safeguarding and Social Care" as a role, lettered
discussion points and a "Post meeting note –" sentence. The layout follows it too: bold upper-case numbered
item headings and a "Page N" footer. `invariant` makes reportlab write the same bytes on every run, so
the committed PDFs only change when this text does.

* csp-2019-12-11-minutes.pdf: the December meeting, with the actions to be carried forward.
* csp-2020-02-26-minutes.pdf: the February meeting. Its MATTERS ARISING item reports the community flyer
  circulated (a clear match), says only that "early results" of the burglary campaign had been shared (an
  uncertain match: a suggestion), and says the DAHA timetable "would be" brought back (future: no match).
  A post-meeting note under item 112 reports the logo update circulated (a clear match from a note).
* csp-2020-06-10-minutes.pdf: the June meeting, whose ACTION LOG item is a ruled table (Ref | Action | Lead |
  Status) marking February's VVE dashboard "Complete" and December's DAHA timetable "Ongoing".
"""

from __future__ import annotations

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

PRESENT = (
    "PRESENT: Treena Fleming – Borough Commander, Haringey Metropolitan Police (Chair) Cllr Zena Brabazon - "
    "Cabinet Member for Children and Families Dr Will Maimaris - Interim Director Public Health Sean McLaughlin – "
    "Managing Director, Homes for Haringey Eubert Malcolm – Interim Assistant Director Stronger Communities "
    "Beverley Hendricks - Interim Assistant Director for Safeguarding &amp; Social Care Sandeep Broca – Community "
    "Safety &amp; Enforcement Team Joe Benmore – Community Safety &amp; Enforcement Team Laura Wileman – "
    "Communications Team Jessica Ralph – Victim Support"
)

DECEMBER = [
    ("title", "MINUTES OF MEETING COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY, 11TH DECEMBER, 2019, "
              "14:00 – 16:00"),
    ("p", PRESENT),
    ("h", "98. INTRODUCTIONS"),
    ("p", "The Chair welcomed attendees and introductions took place."),
    ("h", "99. APOLOGIES"),
    ("p", "Apologies for absence were received from Rachel Lissauer (CCG), Cllr Mark Blake and Beverley Tarka."),
    ("h", "100. URGENT BUSINESS"),
    ("p", "There were no items of urgent business."),
    ("h", "101. DECLARATIONS OF INTEREST"),
    ("p", "There were no declarations of interest."),
    ("h", "102. MINUTES"),
    ("p", "RESOLVED"),
    ("p", "The Partnership agreed the minutes of the meeting held on 9th October 2019 as a correct record."),
    ("h", "103. CHILDREN AND YOUNG PEOPLE'S SERVICE - COMMUNITY FLYER"),
    ("p", "The Partnership received a verbal update from the AD for Safeguarding and Social Care, Beverley "
          "Hendricks, on the community flyer which provides advice and guidance to parents about gangs and knife "
          "crime. It was noted that the community flyer had been well received by parents at the first two "
          "community events."),
    ("p", "The following was noted in response to the discussion of the update:"),
    ("p", "a. In response to a request, the AD for Safeguarding and Social Care agreed to circulate the printed "
          "versions of community flyer to different partners (Action: Beverley Hendricks)."),
    ("p", "b. In response to a question on the young people's app, the AD for Safeguarding and Social Care "
          "explained that the Mind Of My Own tool was now used by 25 young people."),
    ("p", "RESOLVED"),
    ("p", "That the update was noted."),
    ("h", "104. COMMUNICATIONS PLAN UPDATE - BURGLARY CAMPAIGN"),
    ("p", "The Partnership received a verbal update from Laura Wileman, Communications Team Media &amp; Campaigns "
          "Manager, on the burglary campaign. It was mentioned that the Communication Team would have the full "
          "results of the burglary campaign soon, which would then be circulated to the Partnership (Action: Laura "
          "Wileman). The Partnership were informed that the Community Safety Partnership logo had gone out to "
          "primary and secondary schools to design. The Communications Team would provide the Partnership an update "
          "on the Community Safety Partnership logo after the design deadline (Action: Laura Wileman)."),
    ("p", "RESOLVED"),
    ("p", "That the verbal update was noted."),
    ("h", "105. DOMESTIC ABUSE HOUSING ALLIANCE (DAHA)"),
    ("p", "The Managing Director of Homes for Haringey, Sean McLaughlin, introduced the report on the Domestic "
          "Abuse Housing Alliance (DAHA) accreditation. Homes for Haringey would bring the DAHA accreditation "
          "timetable to the next meeting (Action: Sean McLaughlin)."),
    ("p", "RESOLVED"),
    ("p", "That the report was noted."),
    ("h", "106. DATES OF FUTURE MEETINGS"),
    ("p", "Future meeting dates were noted as: 26th February 2020"),
    ("p", "CHAIR:"),
    ("p", "Signed by Chair"),
    ("p", "Date"),
]

FEBRUARY = [
    ("title", "MINUTES OF MEETING COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY, 26TH FEBRUARY, 2020, "
              "14:00 – 16:00"),
    ("p", PRESENT),
    ("h", "107. INTRODUCTIONS"),
    ("p", "The Chair welcomed attendees and introductions took place."),
    ("h", "108. APOLOGIES"),
    ("p", "Apologies for absence were received from Rachel Lissauer (CCG) and Beverley Tarka."),
    ("h", "109. MINUTES"),
    ("p", "RESOLVED"),
    ("p", "The Partnership agreed the minutes of the meeting held on 11th December 2019 as a correct record."),
    ("h", "110. MATTERS ARISING"),
    ("p", "The Partnership reviewed the actions from the previous meeting. The printed versions of the community "
          "flyer had been circulated to partners. It was noted that early results of the burglary campaign had "
          "been shared with some partners, and a fuller report was expected in the spring. The DAHA "
          "accreditation timetable would be brought to the next meeting."),
    ("h", "111. VULNERABILITY, VIOLENCE AND EXPLOITATION (VVE) IN HARINGEY"),
    ("p", "The Partnership received a briefing on Vulnerability, Violence and Exploitation (VVE) in Haringey. "
          "The briefing was introduced by Sandeep Broca, Intelligence Analysis Manager- Community Safety &amp; "
          "Enforcement Team. The Chair asked that the VVE dashboard be shared with the Partnership before the next "
          "meeting (Action: Sandeep Broca)."),
    ("p", "RESOLVED"),
    ("p", "That the briefing was noted."),
    ("h", "112. COMMUNICATIONS PLAN UPDATE"),
    ("p", "The Partnership received a verbal update from Laura Wileman, Communications Team Media &amp; Campaigns "
          "Manager, on the youth violence campaign aimed at parents and the community. Post meeting note – The "
          "update on the Community Safety Partnership logo design was circulated to the Partnership following "
          "the meeting."),
    ("h", "113. DATES OF FUTURE MEETINGS"),
    ("p", "Future meeting dates were noted as: 10th June 2020"),
    ("p", "CHAIR:"),
    ("p", "Signed by Chair"),
    ("p", "Date"),
]


JUNE = [
    ("title", "MINUTES OF MEETING COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY, 10TH JUNE, 2020, "
              "14:00 – 16:00"),
    ("p", PRESENT),
    ("h", "114. INTRODUCTIONS"),
    ("p", "The Chair welcomed attendees and introductions took place."),
    ("h", "115. MINUTES"),
    ("p", "RESOLVED"),
    ("p", "The Partnership agreed the minutes of the meeting held on 26th February 2020 as a correct record."),
    ("h", "116. ACTION LOG"),
    ("p", "The Partnership reviewed the action log."),
    ("table", [["Ref", "Action", "Lead", "Status"],
               ["111", "VVE dashboard to be shared with the Partnership", "Sandeep Broca", "Complete"],
               ["105", "DAHA accreditation timetable to the next meeting", "Sean McLaughlin", "Ongoing"]]),
    ("h", "117. DATES OF FUTURE MEETINGS"),
    ("p", "Future meeting dates were noted as: 9th September 2020"),
    ("p", "CHAIR:"),
    ("p", "Signed by Chair"),
    ("p", "Date"),
]


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"Page {doc.page}")
    canvas.restoreState()


def write(path: Path, blocks: list[tuple[str, str]], title: str) -> None:
    styles = {"title": TITLE, "h": HEAD, "p": BODY}
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=25 * mm, title=title, author="minutebook tests")
    story = []
    for kind, text in blocks:
        if kind == "table":
            table = Table(text, colWidths=[15 * mm, 80 * mm, 40 * mm, 30 * mm])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 9),
                                       ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]))
            story += [table, Spacer(1, 6)]
            continue
        story.append(Paragraph(text, styles[kind]))
        if kind == "title":
            story.append(Spacer(1, 4))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)


def main() -> None:
    write(HERE / "csp-2019-12-11-minutes.pdf", DECEMBER, "Community Safety Partnership minutes 11 December 2019")
    write(HERE / "csp-2020-02-26-minutes.pdf", FEBRUARY, "Community Safety Partnership minutes 26 February 2020")
    write(HERE / "csp-2020-06-10-minutes.pdf", JUNE, "Community Safety Partnership minutes 10 June 2020")


if __name__ == "__main__":
    main()
