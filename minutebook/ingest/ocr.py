"""OCR for scanned and garbled PDFs, through the optional `ocrmypdf` command.

ocrmypdf is a system package (`apt install ocrmypdf`, `brew install ocrmypdf`), not a
Python dependency: it brings Tesseract and Ghostscript with it, which most users of
minutebook never need. `ingest --ocr` calls it only for files whose text layer is
missing or garbled, writes the OCR'd copy to a temporary folder, and parses that copy;
the stored document keeps the original file's path and content hash, so re-running
the ingest recognises the original as unchanged and never OCRs it twice.

    python -m minutebook.ingest.ocr SCAN.pdf OUT.pdf
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from minutebook.errors import BadInput, NoTextLayer
from minutebook.ingest.quality import OCR_HINT
from minutebook.models import ParsedDocument

__all__ = ["OCRMYPDF", "INSTALL_HINT", "ocrmypdf_path", "ocr_pdf", "parse_with_ocr"]

logger = logging.getLogger(__name__)

OCRMYPDF = "ocrmypdf"
INSTALL_HINT = "install the ocrmypdf system package (apt install ocrmypdf, or brew install ocrmypdf)"
# ocrmypdf's documented exit codes, in words a user can act on.
EXIT_REASONS = {
    2: "ocrmypdf cannot read it as a PDF",
    3: "a program ocrmypdf needs (Tesseract or Ghostscript) is missing",
    5: "ocrmypdf cannot read or write a file",
    7: "Tesseract or Ghostscript failed on it",
    8: "it is encrypted",
}
DEFAULT_TIMEOUT = 1800.0  # seconds: a long scanned pack at 300 dpi takes minutes, not hours


def ocrmypdf_path() -> str | None:
    """Where the `ocrmypdf` command is, or None when it is not installed (looked up on $PATH)."""
    return shutil.which(OCRMYPDF)


def _strip_hint(reason: str) -> str:
    return reason.replace(f"; {OCR_HINT}", "")


def _decrypt(src: Path, dest: Path, password: str) -> Path:
    """An unencrypted copy for ocrmypdf, which refuses encrypted input."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(str(src), password=password)
    try:
        pdf.save(str(dest), flags=pdfium_c.FPDF_REMOVE_SECURITY)
    finally:
        pdf.close()
    return dest


def ocr_pdf(
    src: str | Path,
    dest: str | Path,
    *,
    password: str | None = None,
    language: str = "eng",
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Write an OCR'd copy of `src` to `dest` with ocrmypdf; `BadInput` naming `src` on any failure.

    `--force-ocr` rasterises every page and replaces whatever text layer there was: the
    only way past a garbled one (`--skip-text` would keep the gibberish).
    """
    src, dest = Path(src), Path(dest)
    exe = ocrmypdf_path()
    if exe is None:
        raise BadInput(src, f"needs OCR, but ocrmypdf is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="minutebook-ocr-") as tmp:
        source = _decrypt(src, Path(tmp) / "decrypted.pdf", password) if password else src
        # --output-type pdf skips the PDF/A conversion and --optimize 0 the image recompression: we only
        # want the text layer, and together they halve the time of a page.
        cmd = [exe, "--force-ocr", "--output-type", "pdf", "--optimize", "0", "--quiet", "--language", language,
               str(source), str(dest)]
        logger.info("OCR: %s", " ".join(cmd))
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise BadInput(src, f"OCR took longer than {timeout:.0f} s and was stopped") from None
        except OSError as exc:
            raise BadInput(src, f"ocrmypdf could not be started ({exc.strerror or exc})") from None
    if done.returncode != 0:
        detail = EXIT_REASONS.get(done.returncode) or f"ocrmypdf exited with code {done.returncode}"
        last = next((ln.strip() for ln in reversed(done.stderr.splitlines()) if ln.strip()), "")
        raise BadInput(src, f"OCR failed: {detail}" + (f" ({last})" if last else ""))
    if not dest.is_file() or dest.stat().st_size == 0:
        raise BadInput(src, "OCR failed: ocrmypdf wrote no output")
    return dest


def parse_with_ocr(path: str | Path, password: str | None = None, sha256: str | None = None,
                   first_error: NoTextLayer | None = None) -> ParsedDocument:
    """OCR `path` and parse the result as if it were `path` (same document path, title and hash)."""
    from minutebook.ingest.pipeline import parse_file, sha256_of

    path = Path(path)
    if ocrmypdf_path() is None:
        why = _strip_hint(first_error.reason) if first_error else "needs OCR"
        raise NoTextLayer(path, f"{why}; --ocr needs ocrmypdf, which is not installed: {INSTALL_HINT}")
    sha256 = sha256 or sha256_of(path)
    with tempfile.TemporaryDirectory(prefix="minutebook-ocr-") as tmp:
        out = ocr_pdf(path, Path(tmp) / "ocr.pdf", password=password)
        try:
            parsed = parse_file(out, sha256=sha256)
        except BadInput as exc:
            raise NoTextLayer(path, f"has no readable text even after OCR ({_strip_hint(exc.reason)})") from None
    parsed.document.path = str(path)
    parsed.document.title = path.stem
    parsed.warnings.insert(0, "text read by OCR (ocrmypdf): check names and numbers against the original")
    return parsed


def main(argv: list[str] | None = None) -> None:
    args = argv or sys.argv[1:]
    print(ocr_pdf(args[0], args[1]))


if __name__ == "__main__":
    main()
