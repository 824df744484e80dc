"""Generate the bad-input fixtures for the reliability battery (and small good meeting PDFs).

    python tests/data/bad/make.py [DEST]     # writes every fixture into DEST (default: this folder)

Everything is generated (reportlab, pypdfium2, zipfile, byte surgery on a generated PDF),
deterministically, in well under a second, so no binary fixture is committed; the one
real bad file, the garbled Horsley minutes, is copied from the shared corpus.
Cases that are not files (a missing path, a FIFO, an unreadable file, a folder named
x.pdf) are made by the tests themselves.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GARBLED_SOURCE = HERE.parents[3] / "shared" / "corpus" / "wild" / "horsley_parish_council_minutes_garbled_textlayer.pdf"
PASSWORD = "minutes-2019"

AGENDA_ITEMS = [
    ("1", "Apologies for absence", ["To receive any apologies for absence from members of the committee."]),
    ("2", "Declarations of interest", ["Members are asked to declare any interest in the items on this agenda."]),
    ("3", "Minutes of the last meeting", ["To agree the minutes of the meeting held on 4 February 2020",
                                          "as a true record."]),
    ("4", "Play area refurbishment", ["The committee will consider the report of the head of parks on the",
                                      "refurbishment of the play area and the award of the contract for the works."]),
    ("5", "Allotment rents", ["To review the rents charged for allotments and agree the charges for the next year."]),
    ("6", "Any other business", ["Any other business that the chair considers urgent."]),
]

# (expected message fragment) for each bad file; None: the file is recovered and ingested.
EXPECTED = {
    "docx_renamed.pdf": "is not a PDF (it looks like a ZIP archive, e.g. a Word .docx",
    "text_renamed.pdf": "is not a PDF (it looks like plain text)",
    "html_download.pdf": "is not a PDF (it looks like a web page",
    "empty.pdf": "is empty (0 bytes)",
    "truncated.pdf": "is truncated",
    "encrypted.pdf": "is encrypted; pass --password",
    "zero_pages.pdf": "has no pages",
    "scanned.pdf": "has no text layer (its pages are scanned images)",
    "garbled.pdf": "has a garbled text layer",
    "blank_pages.pdf": "has no text layer (its pages hold no text)",
    "huge_5001_pages.pdf": "has 5001 pages, more than the 5000",
    "page_tree_bomb.pdf": "has 10000000 pages, more than the 5000",
    "broken_xref.pdf": None,
    # malformed page trees and streams (issue 14, case 4): pdfplumber raised again while closing these
    "mediabox_short.pdf": "is damaged and cannot be parsed",
    "mediabox_missing.pdf": "is damaged and cannot be parsed",
    "mediabox_strings.pdf": "is damaged and cannot be parsed",
    "mediabox_1e400.pdf": "is damaged and cannot be parsed",
    "count_1e300.pdf": "is damaged and cannot be parsed",
    "length_negative.pdf": "is damaged and cannot be parsed",
    "length_2_62.pdf": "is damaged and cannot be parsed",
    "nested_50k_dicts.pdf": "is damaged and cannot be parsed",
}


def meeting_pdf(
    path: Path,
    body: str = "Parks and Leisure Committee",
    date_text: str = "Tuesday, 3rd March, 2020, 7.00 pm",
    items: list[tuple[str, str, list[str]]] | None = None,
    password: str | None = None,
) -> Path:
    """A small agenda as a council prints it: a bold notice heading, the body, the date, numbered items."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    encrypt = StandardEncryption(password, ownerPassword=password + "-owner", strength=128) if password else None
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    width, height = A4
    y = height - 90

    def line(text: str, bold: bool = False, size: int = 11, gap: int = 0) -> None:
        nonlocal y
        y -= gap
        if y < 80:
            c.showPage()
            y = height - 90
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(60, y, text)
        y -= size + 5

    line("NOTICE OF MEETING", bold=True, size=14)
    line(body, bold=True, size=14)
    line(date_text, bold=True)
    for number, title, paras in items or AGENDA_ITEMS:
        line(f"{number}. {title.upper()}", bold=True, gap=12)
        for text in paras:
            line(text, gap=4)
    c.showPage()
    c.save()
    return path


def good_docs(dest: Path, n: int) -> list[Path]:
    """`n` distinct small agendas (different bodies and dates), as used by the kill test."""
    dest.mkdir(parents=True, exist_ok=True)
    bodies = ["Parks and Leisure Committee", "Licensing Sub-Committee", "Planning Committee", "Audit Committee",
              "Housing Board", "Scrutiny Panel", "Health and Wellbeing Board", "Pensions Committee"]
    out = []
    for i in range(n):
        body = bodies[i % len(bodies)]
        day = 1 + i
        items = [(str(k), f"{title} ({body} {day})", paras) for k, (_, title, paras) in enumerate(AGENDA_ITEMS, 1)]
        out.append(meeting_pdf(dest / f"good_{i:02d}.pdf", body=body, date_text=f"Monday, {day} June, 2020",
                               items=items))
    return out


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>Minutes of the meeting</w:t></w:r>"
                   "</w:p></w:body></w:document>")
    return buf.getvalue()


def _scanned(path: Path) -> Path:
    """An image-only page: the agenda rendered to pixels, no text objects (OCR can read it back)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=34)
    y = 120
    for text in ["NOTICE OF MEETING", "Parks and Leisure Committee", "Tuesday, 3rd March, 2020, 7.00 pm",
                 *(f"{n}. {t.upper()}" for n, t, _ in AGENDA_ITEMS)]:
        draw.text((110, y), text, fill=0, font=font)
        y += 70
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def _blank(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    c.rect(100, 100, 200, 200)  # vector drawing only
    c.showPage()
    c.save()
    return path


def _pdf_with_xref(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies, with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _zero_pages() -> bytes:
    return _pdf_with_xref([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _page_tree_bomb() -> bytes:
    # One real page, a page tree that claims ten million.
    return _pdf_with_xref([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 10000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ])


_TEXT = b"BT /F1 14 Tf 72 700 Td (NOTICE OF MEETING) Tj 0 -20 Td (Parks and Leisure Committee) Tj ET"


def _one_page(mediabox: bytes = b"[0 0 612 792]", count: bytes = b"1", length: bytes | None = None,
              extra: bytes = b"") -> bytes:
    """One page of text with one part of its page tree or content stream replaced by `mediabox`, `count`..."""
    return _pdf_with_xref([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count " + count + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >>" + extra + b" >>",
        b"<< /Length " + (length if length is not None else b"%d" % len(_TEXT)) + b" >>\nstream\n" + _TEXT
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def malformed() -> dict[str, bytes]:
    """Malformed page trees and streams: each must be one `is damaged` error, not a traceback."""
    return {
        "mediabox_short.pdf": _one_page(mediabox=b"[0 0 612]"),
        "mediabox_missing.pdf": _one_page(mediabox=b"null"),
        "mediabox_strings.pdf": _one_page(mediabox=b"[(0) (0) (612) (792)]"),
        "mediabox_1e400.pdf": _one_page(mediabox=b"[0 0 1e400 792]"),
        "count_1e300.pdf": _one_page(count=b"1e300"),
        "length_negative.pdf": _one_page(length=b"-5"),
        "length_2_62.pdf": _one_page(length=b"%d" % 2**62),
        "nested_50k_dicts.pdf": _one_page(extra=b" /X " + b"<< /A " * 50_000 + b">> " * 50_000),
    }


def _huge(path: Path, pages: int = 5001) -> Path:
    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    try:
        for _ in range(pages):
            pdf.new_page(200, 200)
        pdf.save(str(path))
    finally:
        pdf.close()
    return path


def _broken_xref(good: bytes) -> bytes:
    """Every xref offset and the startxref pointer replaced by wrong numbers of the same width."""
    data = re.sub(rb"(?m)^\d{10} (\d{5}) n", lambda m: b"0000000007 " + m.group(1) + b" n", good)
    return re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n" + b"9" * len(m.group(1)), data)


def tounicode_bomb(path: Path) -> Path:
    """A 1 KB PDF whose font's ToUnicode map is one bfrange <00000000>..<FFFFFFFF>: pdfminer expands it into
    four billion entries, about 100 MB a second without end (issue 14, case 8). Not in `make_bad`: only a
    test that sets a small per-file budget may ingest it."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Bomb def "
            b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange "
            b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange endcmap "
            b"CMapName currentdict /CMap defineresource pop end end")
    path.write_bytes(_pdf_with_xref([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(_TEXT) + _TEXT + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]))
    return path


def contents_bomb(path: Path, repeats: int = 20_000) -> Path:
    """A 120 KB page whose /Contents array names one 40-line stream 20,000 times: 800,000 lines to lay out
    (issue 14, case 8). Not in `make_bad`, for the same reason as `tounicode_bomb`."""
    text = b"BT /F1 10 Tf " + b" ".join(b"72 %d Td (Parks and Leisure Committee meeting held in the hall) Tj"
                                       % (700 - i) for i in range(40)) + b" ET"
    path.write_bytes(_pdf_with_xref([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [" + b" ".join([b"4 0 R"] * repeats)
        + b"] /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


def make_bad(dest: Path) -> dict[str, Path]:
    """Write every bad-input file into `dest`; return {name: path} (names are the keys of `EXPECTED`)."""
    dest.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (dest / name).write_bytes(data)
        files[name] = dest / name

    good = meeting_pdf(dest / "_intact.pdf").read_bytes()
    (dest / "_intact.pdf").unlink()
    put("docx_renamed.pdf", _docx_bytes())
    put("text_renamed.pdf", b"Minutes of the meeting held on 4 February 2020.\nPresent: Cllr Smith (Chair)\n")
    put("html_download.pdf", b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body></body></html>\n")
    put("empty.pdf", b"")
    put("truncated.pdf", good[: len(good) * 6 // 10])
    put("zero_pages.pdf", _zero_pages())
    put("page_tree_bomb.pdf", _page_tree_bomb())
    put("broken_xref.pdf", _broken_xref(good))
    for name, data in malformed().items():
        put(name, data)
    files["encrypted.pdf"] = meeting_pdf(dest / "encrypted.pdf", body="Standards Committee", password=PASSWORD)
    files["scanned.pdf"] = _scanned(dest / "scanned.pdf")
    files["blank_pages.pdf"] = _blank(dest / "blank_pages.pdf")
    files["huge_5001_pages.pdf"] = _huge(dest / "huge_5001_pages.pdf")
    if GARBLED_SOURCE.exists():
        files["garbled.pdf"] = Path(shutil.copyfile(GARBLED_SOURCE, dest / "garbled.pdf"))
    return files


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    dest = Path(args[0]) if args else HERE
    for name, path in sorted(make_bad(dest).items()):
        print(f"{name:24} {path.stat().st_size:>9} B  expect: {EXPECTED.get(name) or 'recovered and ingested'}")


if __name__ == "__main__":
    main()
