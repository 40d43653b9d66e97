"""Read a circular file into pages of text; refuse what cannot be read, with the reason.

Every file is bounded before it is read: its size, a PDF's pages, a DOCX's unpacked size (a zip
bomb unpacks in memory) and the length of the text; the text is NFKC-normalised, so that PDF
ligatures ("ﬁ") and decomposed umlauts read like typed words.
"""

import codecs
import os
import unicodedata
import zipfile
from pathlib import Path
from typing import List

SUPPORTED = {".txt", ".pdf", ".docx"}
# Circulars are letters of a few pages; the limits leave a wide margin (settings for unusual offices).
MAX_FILE_MB = int(os.environ.get("FOERDERBOT_INGEST_MAX_MB", "50"))
MAX_PAGES = int(os.environ.get("FOERDERBOT_INGEST_MAX_PAGES", "300"))
MAX_UNPACKED_MB = 200
MAX_TEXT_CHARS = 2_000_000


class IngestError(Exception):
    """A file cannot be ingested; the message says why, in German, for the person running it."""


def read_pages(path: Path) -> List[str]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(
            f"Dateityp {suffix or '(ohne Endung)'} wird nicht unterstützt (möglich: {', '.join(sorted(SUPPORTED))})"
        )
    size = path.stat().st_size
    if size == 0:
        raise IngestError("die Datei ist leer")
    if size > MAX_FILE_MB * 1024 * 1024:
        raise IngestError(f"die Datei ist mit {size // (1024 * 1024)} MB größer als erlaubt ({MAX_FILE_MB} MB)")
    reader = {".txt": _read_text, ".pdf": _read_pdf, ".docx": _read_docx}[suffix]
    pages = [unicodedata.normalize("NFKC", page).replace("\u00ad", "") for page in reader(path)]
    if not any(page.strip() for page in pages):
        raise IngestError("die Datei enthält keinen Text")
    if sum(len(page) for page in pages) > MAX_TEXT_CHARS:
        raise IngestError(f"der Text ist länger als {MAX_TEXT_CHARS:,} Zeichen".replace(",", "."))
    return pages


def _read_text(path: Path) -> List[str]:
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows editors save "Unicode" text as UTF-16 with a byte order mark.
        return _split_pages(data.decode("utf-16", errors="replace"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older circulars were saved by Windows programs in cp1252.
        if b"\x00" in data:
            raise IngestError("die Datei ist keine Textdatei") from None
        text = data.decode("cp1252", errors="strict")
    return _split_pages(text)


def _split_pages(text: str) -> List[str]:
    # A form feed separates pages in text exported from PDFs.
    return text.split("\f")


def _read_pdf(path: Path) -> List[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from bot.ingest.pdf_layout import page_text

    try:
        reader = PdfReader(str(path))
        if len(reader.pages) > MAX_PAGES:
            raise IngestError(f"das PDF hat {len(reader.pages)} Seiten, mehr als erlaubt ({MAX_PAGES})")
        pages = [page_text(page) for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        # PyPdfError includes pypdf's limits on decompressed streams (LimitReachedError).
        raise IngestError(f"das PDF ist beschädigt oder nicht lesbar ({type(error).__name__})") from error
    if pages and not any(p.strip() for p in pages):
        raise IngestError("das PDF hat keine Textebene (gescannt?); bitte zuerst eine Texterkennung (OCR) anwenden")
    return pages


def _read_docx(path: Path) -> List[str]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
            raise IngestError(
                f"das DOCX würde entpackt {unpacked // (1024 * 1024)} MB belegen (erlaubt: {MAX_UNPACKED_MB} MB)"
            )
        document = Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise IngestError(f"das DOCX ist beschädigt oder nicht lesbar ({error})") from error
    # A letterhead often stands in the page header, or in a table: both are read, before the body.
    section = document.sections[0] if document.sections else None
    letterhead = []
    if section is not None:
        for part in (section.first_page_header, section.header):
            if not part.is_linked_to_previous:
                letterhead += _docx_blocks(part._element)
    return ["\n".join(dict.fromkeys(letterhead)) + "\n\n" + "\n".join(_docx_blocks(document.element.body))]


def _docx_blocks(container) -> List[str]:
    """Paragraphs and table rows in document order; a row's cells set apart by tabs."""
    from docx.oxml.ns import qn

    lines: List[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            lines += _docx_paragraph(child).split("\n")
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                texts = ["\n".join(_docx_paragraph(p) for p in cell.iter(qn("w:p"))) for cell in row.iter(qn("w:tc"))]
                # A cell with several paragraphs becomes several lines, side by side with the others.
                columns = [t.split("\n") for t in dict.fromkeys(texts) if t.strip()]
                for depth in range(max((len(c) for c in columns), default=0)):
                    lines.append("\t".join(c[depth] if depth < len(c) else "" for c in columns))
            lines.append("")
    return lines


def _docx_paragraph(paragraph) -> str:
    """A paragraph's text with its tabs and line breaks, which letterheads use for layout."""
    from docx.oxml.ns import qn

    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        parts.append(node.text or "" if node.tag == qn("w:t") else "\t" if node.tag == qn("w:tab") else "\n")
    return "".join(parts)
