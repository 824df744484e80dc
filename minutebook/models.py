"""Value objects passed between the pipeline stages and the store.

Page -> Section -> Meeting / Item / Resolution / Action. Nothing here imports
pdfplumber, spaCy or Whoosh, so the store and the search facade can use these
types and still start instantly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Line",
    "Page",
    "Section",
    "Person",
    "Resolution",
    "Action",
    "ReportSection",
    "PlanAction",
    "Item",
    "Meeting",
    "Document",
    "ParsedDocument",
]


@dataclass(slots=True)
class Line:
    """One printed line: its text, and whether it is set as a heading (bold or large)."""

    text: str
    bold: bool = False
    size: float = 0.0
    top: float = 0.0
    x0: float = 0.0
    para: bool = False  # starts a new paragraph (a larger gap above it)


@dataclass(slots=True)
class Page:
    """One physical page with running headers/footers removed."""

    index: int  # 1-based position in the PDF
    label: str  # the printed label ("1" from "Page 1"), else str(index)
    lines: list[Line] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # running lines removed from the body
    blank: bool = False  # "This page is intentionally left blank" or empty
    exempt: bool = False  # "Document is exempt" / Schedule 12A notice
    tables: list[list[list[str | None]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def cite(self) -> int:
        """The page number to cite: the printed label when it is a number, else the PDF index."""
        return int(self.label) if self.label.isdigit() else self.index


@dataclass(slots=True)
class Section:
    """A run of pages that belong together: an agenda, a set of minutes, a report."""

    kind: str  # "agenda" | "minutes" | "report" | "other"
    pages: list[Page]
    agenda_item: str | None = None  # "Agenda Item 7" header ties a report to its item
    heading: str = ""

    @property
    def exempt(self) -> bool:
        return any(p.exempt for p in self.pages)


@dataclass(slots=True)
class Person:
    """Someone named in a meeting's attendance lists."""

    name: str
    role: str = ""
    organisation: str = ""
    chair: bool = False
    substitute_for: str = ""
    initials: str = ""  # as the attendance list declares them: "Jane Archer (JA)"; used while parsing, not stored


@dataclass(slots=True)
class Resolution:
    """A decision: a RESOLVED block or a motion with its mover, seconder and vote."""

    text: str
    page: int
    mover: str = ""
    seconder: str = ""
    outcome: str = ""  # "carried" | "failed" | "withdrawn" | ""
    tally: str = ""  # "5-0", "Ayes 4, Noes 1"
    id: str = ""  # given by the store


@dataclass(slots=True)
class Action:
    """A commitment recorded in the minutes, with who owes it."""

    text: str
    page: int
    owners: list[str] = field(default_factory=list)  # resolved full names or body names
    owners_raw: str = ""  # the owner as written, e.g. "Chair Borough Commander"
    unresolved: list[str] = field(default_factory=list)  # owner mentions we could not resolve
    status: str = "open"  # "open" | "done"
    due: str | None = None  # ISO date when it can be computed, else the phrase
    explicit: bool = True  # an "(Action: ...)" style marker, not an inferred commitment
    note: str = ""  # e.g. the post-meeting note that closed it
    id: str = ""  # stable short id, given by the store


@dataclass(slots=True)
class ReportSection:
    """A numbered section or cover-sheet field of a report tied to an agenda item."""

    heading: str
    text: str
    page: int
    kind: str = "section"  # "cover" | "section" | "recommendations"


@dataclass(slots=True)
class PlanAction:
    """One row of an action-plan table (Action | Lead Officer | ... | RAG Status)."""

    action: str
    leads: list[str]
    rag: str
    comments: str
    page: int
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Item:
    """A numbered agenda or minute item."""

    number: str
    title: str
    page: int
    page_end: int = 0
    text: str = ""
    description: str = ""
    pages_ref: str = ""  # "(PAGES 1 - 12)" on agendas
    exempt: bool = False
    points: list[str] = field(default_factory=list)  # lettered discussion points
    notes: list[str] = field(default_factory=list)  # post-meeting notes
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    reports: list[ReportSection] = field(default_factory=list)
    plan_actions: list[PlanAction] = field(default_factory=list)
    id: str = ""  # "<meeting id>.<number>", given by the store
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (page, text) while parsing; not stored


@dataclass(slots=True)
class Meeting:
    """One meeting as recorded by one section of a document."""

    body: str
    date: str  # ISO yyyy-mm-dd, "" when the document does not state one
    kind: str  # "agenda" | "minutes"
    pages: tuple[int, int] = (0, 0)
    time: str = ""
    end_time: str = ""
    venue: str = ""
    chair: str = ""
    attendees: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    members: list[Person] = field(default_factory=list)  # membership lists seen in the pack
    items: list[Item] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)  # parts the parser did not understand
    id: str = ""  # stable short id, given by the store
    document_id: str = ""
    # (page, rows) of the tables printed in the meeting's pages, while parsing; not stored. Minutes set as an
    # "Item | Notes | Action" table may have their actions only here (Decoy 2020).
    tables: list[tuple[int, list[list[str | None]]]] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A source file."""

    path: str
    sha256: str
    pages: int
    title: str = ""
    id: str = ""  # given by the store


@dataclass(slots=True)
class ParsedDocument:
    """Everything the ingest pipeline found in one file, ready for the store."""

    document: Document
    pages: list[Page]
    meetings: list[Meeting]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
