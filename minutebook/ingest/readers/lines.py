"""Characters to words to lines: pdfplumber's word grouping, and the lines the segmenter reads.

Both readers end here. `words_from_chars` follows pdfplumber 0.11's `WordExtractor` step by step (runs of
one font and size, lines by clustered tops, split at spaces and at gaps wider than the tolerance), so the
fast reader's words are the ones `page.extract_words(extra_attrs=["fontname", "size"])` gives.
"""

from __future__ import annotations

import re
from operator import itemgetter

from minutebook.models import Line

__all__ = ["Char", "words_from_chars", "group_lines", "clean", "BOLD_RE", "WORD_TOLERANCE"]

BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
WORD_TOLERANCE = 3.0  # pdfplumber's default x and y tolerance for words
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # as extract_words

# A character in page coordinates as pdfplumber gives them (top-down): (x0, x1, top, bottom, text).
Char = tuple[float, float, float, float, str]

# Bullets set in the Symbol and Wingdings fonts come out as private-use code points (Alameda SSHRB minutes, p2:
# U+F0B7 before each bullet, U+F0A7 before each sub-bullet); the stages know them as the ordinary bullets.
_SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0a8": "▪", "\uf0d8": "➢", "\uf076": "❖",
                                 "\uf0fc": "✓", "\uf06e": "■", "\uf0e0": "➢", "\uf02d": "-"})
_CID_RE = re.compile(r"\(cid:\d+\)\s*")


def words_from_chars(runs: list[tuple[str, float, list[Char]]], tol: float = WORD_TOLERANCE) -> list[dict]:
    """Words from runs of characters that share a font name and size, in content order.

    Each run is clustered into lines by its distinct tops (a new line after a gap above `tol`), each line
    sorted left to right (stably), and split into words at blanks, at a step backwards and at a gap wider
    than `tol`, exactly as pdfplumber's `WordExtractor` does.
    """
    words: list[dict] = []
    append = words.append
    for font, size, run in runs:
        cluster: dict[float, int] = {}
        k, last = 0, None
        for t in sorted({c[2] for c in run}):
            if last is not None and t > last + tol:
                k += 1
            cluster[t] = k
            last = t
        lines: list[list[Char]] = [[] for _ in range(k + 1)]
        for c in run:
            lines[cluster[c[2]]].append(c)
        for line in lines:
            line.sort(key=itemgetter(0))
            parts: list[str] = []  # the open word: its text, bounding box and last character
            w_x0 = w_x1 = w_top = w_bottom = p_x0 = p_x1 = p_top = 0.0
            for x0, x1, top, bottom, text in line:
                if text.isspace() or text == "":
                    if parts:
                        append({"text": "".join(parts), "x0": w_x0, "x1": w_x1, "top": w_top, "bottom": w_bottom,
                                "fontname": font, "size": size})
                        parts = []
                    if text == "":  # pdfplumber's punctuation split matches the empty string: a word of its own
                        append({"text": "", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "fontname": font,
                                "size": size})
                    continue
                if parts and (x0 < p_x0 or x0 > p_x1 + tol or abs(top - p_top) > tol):
                    append({"text": "".join(parts), "x0": w_x0, "x1": w_x1, "top": w_top, "bottom": w_bottom,
                            "fontname": font, "size": size})
                    parts = []
                if parts:
                    parts.append(LIGATURES.get(text, text))
                    if x1 > w_x1:
                        w_x1 = x1
                    if top < w_top:
                        w_top = top
                    if bottom > w_bottom:
                        w_bottom = bottom
                else:
                    parts = [LIGATURES.get(text, text)]
                    w_x0, w_x1, w_top, w_bottom = x0, x1, top, bottom
                p_x0, p_x1, p_top = x0, x1, top
            if parts:
                append({"text": "".join(parts), "x0": w_x0, "x1": w_x1, "top": w_top, "bottom": w_bottom,
                        "fontname": font, "size": size})
    return words


def group_lines(words: list[dict], tolerance: float) -> list[Line]:
    """Cluster words into lines by their top edge, order each line left to right, and clean the text; lines
    with no text left are dropped."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= tolerance:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines = []
    bold_font: dict[str, bool] = {}
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = clean(" ".join(w["text"] for w in row).translate(_SYMBOL_BULLETS))
        if not text:
            continue
        n_bold = n_all = 0
        size = 0.0
        for w in row:
            font = w.get("fontname", "")
            bold = bold_font.get(font)
            if bold is None:
                bold = bold_font[font] = bool(BOLD_RE.search(font))
            n = len(w["text"])
            n_all += n
            if bold:
                n_bold += n
            size = max(size, w.get("size", 0.0))
        lines.append(Line(text=text, bold=n_bold / (n_all or 1) > 0.6, size=round(size, 1), top=row[0]["top"],
                          x0=row[0]["x0"]))
    return lines


def clean(text: str) -> str:
    # pdfminer renders unmapped bullet glyphs as "(cid:127)"; they carry no words.
    text = _CID_RE.sub("", text)
    return text.replace("\u00a0", " ").strip()
