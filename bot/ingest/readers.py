"""Read a circular file into pages of text; refuse what cannot be read, with the reason."""
from pathlib import Path
from typing import List

SUPPORTED = {".txt", ".pdf", ".docx"}


class IngestError(Exception):
    """A file cannot be ingested; the message says why, in German, for the person running it."""


def read_pages(path: Path) -> List[str]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"Dateityp {suffix or '(ohne Endung)'} wird nicht unterstützt "
                          f"(möglich: {', '.join(sorted(SUPPORTED))})")
    if path.stat().st_size == 0:
        raise IngestError("die Datei ist leer")
    reader = {".txt": _read_text, ".pdf": _read_pdf, ".docx": _read_docx}[suffix]
    pages = reader(path)
    if not any(page.strip() for page in pages):
        raise IngestError("die Datei enthält keinen Text")
    return pages


def _read_text(path: Path) -> List[str]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older circulars were saved by Windows programs in cp1252.
        text = data.decode("cp1252", errors="strict") if b"\x00" not in data else None
        if text is None:
            raise IngestError("die Datei ist keine Textdatei")
    # A form feed separates pages in text exported from PDFs.
    return text.split("\f")


def _read_pdf(path: Path) -> List[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from bot.ingest.pdf_layout import page_text

    try:
        reader = PdfReader(str(path))
        pages = [page_text(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise IngestError(f"das PDF ist beschädigt oder nicht lesbar ({error})") from error
    if pages and not any(p.strip() for p in pages):
        raise IngestError("das PDF hat keine Textebene (gescannt?); bitte zuerst eine Texterkennung (OCR) anwenden")
    return pages


def _read_docx(path: Path) -> List[str]:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise IngestError(f"das DOCX ist beschädigt oder nicht lesbar ({error})") from error
    return ["\n".join(paragraph.text for paragraph in document.paragraphs)]
