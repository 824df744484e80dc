"""Component `minutebook_sentences`: sentence starts from minute-writing conventions, and reading them back.

Lettered points, bullets and a marker closing a sentence start a sentence; the component runs before the
parser, which respects the starts. The spans are kept in `doc.spans[SENTS_KEY]`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from minutebook.ingest.grammar import BULLETS
from minutebook.ingest.nlp._extensions import SENTS_KEY

# The bullet glyphs that start a sentence (a hyphen or an asterisk may be a dash or a footnote mark).
_BULLET = "[" + re.escape(BULLETS.replace("-", "").replace("*", "")) + "]"


class MinuteSentences:
    """Sentence starts from minute-writing conventions, set before the parser (which respects them)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.spans[SENTS_KEY] = []
            return doc
        bounds = {0}
        for char in sentence_starts(doc.text):
            span = doc.char_span(char, len(doc.text), alignment_mode="expand")
            if span is not None:
                bounds.add(span.start)
        if not doc.has_annotation("DEP"):
            # Only starts are set: a parser placed after this component may still split a long sentence.
            for i in bounds:
                doc[i].is_sent_start = True
        starts = sorted(bounds)
        doc.spans[SENTS_KEY] = [doc[a:b] for a, b in zip(starts, [*starts[1:], len(doc)], strict=True) if b > a]
        return doc


_ABBREV = {"dr", "mr", "mrs", "ms", "st", "cllr", "no", "nos", "e.g", "i.e", "eg", "ie", "etc", "approx", "vs", "cf",
           "rev", "prof", "sgt", "insp", "supt", "co", "ltd", "inc", "jr", "sr", "fig", "para", "ref", "tel"}


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence, a lettered point ("c. In response ...") or a bullet starts."""
    out = [0]
    for m in re.finditer(rf"[.!?][\"'”’*)\]]*\s+(?=[\"'“‘(*\[]*(?:[A-Z0-9]|{_BULLET}))|\s(?={_BULLET}\s)|;\s+(?=[A-Z])", text):
        before = re.search(r"([\w.]+)[.!?][\"'”’*)\]]*\s+$", text[: m.end()])
        if m.group(0)[0] == "." and before and before.group(1).lower() in _ABBREV:
            continue  # "Dr. Will Maimaris", "e.g. Survey monkey"
        if before and not text[: before.start(1)].strip() and re.fullmatch(r"\d{1,3}|[a-h]|[ivx]{1,4}", before.group(1)):
            continue  # the paragraph's own number: "7. Request for maps ..."
        out.append(m.end())
    for m in re.finditer(r"(?:^|\s)(?=\(?(?:[a-h]|[ivx]{1,4})[.)]\s+[A-Z])", text):
        out.append(m.end())
    return sorted({o for o in out if o < len(text)})


@Language.factory("minutebook_sentences")
def make_sentences(nlp: Language, name: str) -> MinuteSentences:
    return MinuteSentences(nlp, name)


def _sents(doc: Doc) -> list[Span]:
    if SENTS_KEY in doc.spans and len(doc.spans[SENTS_KEY]):
        return list(doc.spans[SENTS_KEY])
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _sent_index(sents: list[Span], char: int) -> int:
    for n, s in enumerate(sents):
        if s.start_char <= char < s.end_char + 1:
            return n
    return len(sents) - 1
