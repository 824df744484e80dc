"""Fuzz every parser stage with random text and with mutations of real lines (hypothesis).

No exception may escape a stage, and what comes out must be well formed: the right
types, dates in ISO form, times as HH:MM, offsets inside the text. Mutations start
from the text lines of the real Haringey pack (corpus/haringey-csp-2019-12-11.txt) and
add what broken PDFs produce: "(cid:NN)" glyphs, private-use and replacement
characters, zero-width and right-to-left marks, digits swapped, lines cut or spliced.

Derandomised (the same examples every run) and without an example database, so CI is
reproducible and the working tree stays clean.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.ingest import dates
from minutebook.ingest.owners import Roster
from minutebook.ingest.parse import parse_sections, split_people
from minutebook.ingest.quality import Quality, text_quality
from minutebook.ingest.segment import Para, paragraphs, segment
from minutebook.models import Item, Line, Meeting, Page, Person, Section
from tests.conftest import SHARED

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REAL_TEXT = SHARED / "corpus" / "haringey-csp-2019-12-11.txt"
_FALLBACK = [
    "MINUTES OF MEETING COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY, 9TH OCTOBER, 2019, 14:15 – 16:00",
    "PRESENT: Councillor Mark Blake (Chair), Eubert Malcolm, Beverley Hendricks",
    "79. INTRODUCTIONS",
    "The Chair informed the Partnership that she would research this further (Action: Chair Borough Commander).",
    "RESOLVED that the minutes of the meeting held on 5th June 2019 be agreed as a correct record.",
]
REAL_LINES = [ln.strip() for ln in REAL_TEXT.read_text(encoding="utf-8").splitlines() if ln.strip()] \
    if REAL_TEXT.exists() else _FALLBACK
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HHMM_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
# What broken text layers and odd typesetting put into text.
NOISE = ["(cid:3)", "(cid:127)", "\ufffd", "\ue000", "\u200b", "\u200f", "\u202e", "\u00a0", "\x0c", "\t", "**", "–",
         "—", "•", "(", ")", "[", "]", ":", ";", "/", "&", " ", "\n", "ﬁ", "é", "1", "0", "9", "31", "13", "2019",
         "Action:", "ACTION –", "RESOLVED", "(PAGES 1 - 12)", "a.", "ii)", "Cllr", "p.m.", "14:15", "31/02/2019"]


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    """A real line of the pack, put through a few random edits."""
    text = draw(st.sampled_from(REAL_LINES))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "cut", "splice", "case", "digits", "dup"]))
        pos = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:pos] + draw(st.sampled_from(NOISE) | st.text(max_size=6)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)):]
        elif op == "cut":
            text = text[:pos]
        elif op == "splice":
            other = draw(st.sampled_from(REAL_LINES))
            text = text[:pos] + other[draw(st.integers(0, len(other))):]
        elif op == "case":
            text = text.upper() if draw(st.booleans()) else text.lower()
        elif op == "digits":
            text = re.sub(r"\d", lambda m: str(draw(st.integers(0, 9))), text)
        else:
            text = text + " " + text
    return text


any_text = st.one_of(mutated_line(), st.text(max_size=200), st.sampled_from(REAL_LINES))


@st.composite
def line_objects(draw: st.DrawFn) -> Line:
    return Line(text=draw(any_text), bold=draw(st.booleans()), size=draw(st.sampled_from([0.0, 9.0, 11.0, 14.0])),
                top=0.0, x0=draw(st.sampled_from([0.0, 56.7, 90.0])), para=draw(st.booleans()))


@st.composite
def pages(draw: st.DrawFn) -> list[Page]:
    """Pages as `read_pages` makes them: a page without body lines is blank."""
    out = []
    for index in range(1, draw(st.integers(1, 3)) + 1):
        lines = draw(st.lists(line_objects(), max_size=8))
        for n, ln in enumerate(lines):
            ln.top = 60.0 + 14.0 * n
        label = draw(st.sampled_from(["", str(index), str(index + 2), "iv"]))
        blank = not lines or (len(lines) <= 2 and draw(st.booleans()))
        out.append(Page(index=index, label=label, lines=lines, blank=blank, exempt=draw(st.booleans())))
    return out


def check_date(value: str) -> None:
    assert isinstance(value, str)
    if value:
        assert ISO_RE.match(value), value
        date.fromisoformat(value)


def check_meeting(m: Meeting) -> None:
    assert isinstance(m, Meeting)
    assert isinstance(m.body, str) and isinstance(m.kind, str) and m.kind
    check_date(m.date)
    for t in (m.time, m.end_time):
        assert t == "" or HHMM_RE.match(t), t
    assert all(isinstance(v, int) for v in m.pages)
    for p in (*m.attendees, *m.apologies, *m.members):
        assert isinstance(p, Person) and isinstance(p.name, str)
    for item in m.items:
        assert isinstance(item, Item)
        assert isinstance(item.number, str) and item.number
        assert isinstance(item.title, str) and isinstance(item.text, str)
        assert isinstance(item.page, int) and isinstance(item.exempt, bool)
        for r in item.resolutions:
            assert isinstance(r.text, str) and isinstance(r.page, int)
    assert all(isinstance(u, str) for u in m.unrecognised)


@FUZZ
@given(any_text)
def test_dates_and_times(text: str) -> None:
    d = dates.find_date(text)
    assert d is None or isinstance(d, date)
    for pos, found in dates.find_dates(text, month_first=False):
        assert 0 <= pos <= len(text) and isinstance(found, date)
    start, end = dates.find_time(text)
    for t in (start, end):
        assert t == "" or HHMM_RE.match(t), t


@FUZZ
@given(any_text)
def test_split_people(text: str) -> None:
    people = split_people(text)
    assert isinstance(people, list)
    for p in people:
        assert isinstance(p, Person)
        assert isinstance(p.name, str) and isinstance(p.role, str) and isinstance(p.organisation, str)
        assert isinstance(p.chair, bool)


ROSTER = Roster([Person("Eubert Malcolm", role="AD for Stronger Communities"),
                 Person("Beverley Hendricks", role="AD for Safeguarding and Social Care"),
                 Person("Mark Blake", role="Councillor", chair=True), Person("Will Maimaris", role="Interim DPH")],
                body="Community Safety Partnership", chair="Mark Blake")


@FUZZ
@given(any_text)
def test_owner_resolution(mention: str) -> None:
    res = ROSTER.resolve(mention)
    assert all(isinstance(o, str) and o for o in res.owners)
    assert all(isinstance(u, str) for u in res.unresolved)
    assert set(res.unresolved) <= set(res.owners)


@settings(FUZZ, max_examples=100)
@given(pages())
def test_text_quality(ps: list[Page]) -> None:
    q = text_quality(ps)
    assert isinstance(q, Quality) and isinstance(q.usable, bool)
    assert q.chars_per_page >= 0 and 0 <= q.function_word_share <= 1 and 0 <= q.unmapped_share <= 1
    assert q.usable == (q.reason == "")


@settings(FUZZ, max_examples=100)
@given(pages(), st.sampled_from(["agenda", "minutes", "report", "other"]))
def test_paragraphs(ps: list[Page], kind: str) -> None:
    for para in paragraphs(Section(kind=kind, pages=ps)):
        assert isinstance(para, Para) and isinstance(para.text, str)
        assert isinstance(para.page, int) and isinstance(para.heading, bool)


@settings(FUZZ, max_examples=150)
@given(pages())
def test_segment_and_parse_sections(ps: list[Page]) -> None:
    sections = segment(ps)
    for sec in sections:
        assert isinstance(sec, Section) and sec.kind in {"agenda", "minutes", "report", "other"}
    for m in parse_sections(sections):
        check_meeting(m)


@pytest.fixture(scope="module")
def blank_nlp():
    import spacy

    from minutebook.ingest.nlp import add_components

    return add_components(spacy.blank("en"))


@settings(FUZZ, max_examples=100)
@given(text=st.lists(any_text, min_size=1, max_size=4).map(" ".join))
def test_action_markers_component(blank_nlp, text: str) -> None:
    doc = blank_nlp.make_doc(text)
    doc._.roster = ROSTER
    doc = blank_nlp(doc)
    for cand in doc._.actions or []:
        assert isinstance(cand.text, str) and isinstance(cand.who, str)
        assert 0 <= cand.start <= cand.end <= len(text)
        assert all(isinstance(o, str) for o in cand.owners)


@settings(FUZZ, max_examples=60)
@given(pages())
def test_whole_text_pipeline_with_actions(blank_nlp, ps: list[Page]) -> None:
    """Pages -> sections -> meetings -> actions (markers on a blank pipeline): well-formed throughout."""
    from minutebook.ingest.nlp import find_actions

    meetings = parse_sections(segment(ps))
    for m in meetings:
        m.kind = "minutes"
        m, _ = find_actions(m, blank_nlp, None)
        check_meeting(m)
        for item in m.items:
            for a in item.actions:
                assert isinstance(a.text, str) and isinstance(a.page, int)
                assert a.status in ("open", "done")
                assert all(isinstance(o, str) for o in a.owners)
                assert a.due is None or isinstance(a.due, str)


@settings(FUZZ, max_examples=200)
@given(any_text, st.sampled_from(["2019-10-09", "", "2019-02-29", "not a date"]))
def test_due_dates(phrase: str, meeting_date: str) -> None:
    from minutebook.ingest.nlp import normalise_due

    due = normalise_due(phrase, meeting_date)
    assert due is None or isinstance(due, str)
    if due and ISO_RE.match(due):
        date.fromisoformat(due)


# -- the PDF reader on mutated bytes ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bad_make", Path(__file__).parent / "data" / "bad" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    return make.meeting_pdf(tmp_path_factory.mktemp("fuzz") / "agenda.pdf").read_bytes()


@settings(FUZZ, max_examples=40)
@given(st.data())
def test_pdf_reader_on_mutated_bytes(small_pdf: bytes, tmp_path_factory: pytest.TempPathFactory, data) -> None:
    """Flip, cut and splice the bytes of a real (generated) PDF: read_pages returns pages or raises BadInput."""
    from minutebook.errors import BadInput
    from minutebook.ingest.pdf import read_pages

    raw = bytearray(small_pdf)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "zero", "cut", "dup"]))
        if op == "flip":
            raw[pos] ^= data.draw(st.integers(1, 255))
        elif op == "zero":
            raw[pos : pos + data.draw(st.integers(1, 64))] = b"\x00" * 8
        elif op == "cut":
            del raw[pos : pos + data.draw(st.integers(1, 200))]
        else:
            raw[pos:pos] = raw[pos : pos + data.draw(st.integers(1, 200))]
    path = tmp_path_factory.mktemp("mutant") / "mutant.pdf"
    path.write_bytes(bytes(raw))
    try:
        result = read_pages(path)
    except BadInput as exc:
        assert str(path) in str(exc)
        return
    for page in result:
        assert isinstance(page, Page) and all(isinstance(ln.text, str) for ln in page.lines)


# -- the text-layer verdict in any alphabet (issue 14, case 19) -------------------------------------------------

# Lower-case alphabets of languages councils publish minutes in, and others: the verdict may not depend on
# English (Welsh "ŵ ŷ", Irish "á", Polish "ł ż", Greek, Cyrillic, Georgian).
ALPHABETS = ["abcdefghijklmnopqrstuvwxyz", "abcchdddeffggnghilllmnopphrrhstthuwyâêîôûŵŷ", "abcdefghilmnoprstuáéíóú",
             "aąbcćdeęfghijklłmnńoóprsśtuwyzźż", "αβγδεζηθικλμνξοπρστυφχψω", "абвгдежзийклмнопрстуфхцчшщыэюя",
             "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"]
SYMBOLS = "¤§¶±÷×«»°©®¢¬¦@#$%^&*+=<>|~"


@st.composite
def prose(draw: st.DrawFn) -> list[str]:
    """Pages of words in one alphabet, with the capitals, figures and punctuation minutes have."""
    alphabet = draw(st.sampled_from(ALPHABETS))
    word = st.text(alphabet, min_size=1, max_size=12)
    pages = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(word, min_size=40, max_size=120))
        shaped = [w.capitalize() if n % 7 == 0 else (w.upper() if n % 23 == 0 else w) for n, w in enumerate(words)]
        extras = draw(st.lists(st.sampled_from(["1.", "(a)", "2019", "£1,200", "–", "Item 4:", "10.30"]),
                               max_size=len(words) // 5))
        pages.append(" ".join(shaped[: len(shaped) // 2] + extras + shaped[len(shaped) // 2:]) + ".")
    return pages


@settings(FUZZ, max_examples=100)
@given(prose())
def test_prose_in_any_alphabet_is_a_usable_text_layer(pages: list[str]) -> None:
    from minutebook.ingest.quality import judge_texts

    q = judge_texts(pages)
    assert q.usable, (q, pages[0][:200])


@settings(FUZZ, max_examples=100)
@given(st.lists(st.text(SYMBOLS + " ", min_size=200, max_size=600), min_size=1, max_size=3))
def test_symbol_soup_is_never_a_usable_text_layer(pages: list[str]) -> None:
    from minutebook.ingest.quality import judge_texts

    q = judge_texts(pages)
    assert not q.usable and q.reason, q
