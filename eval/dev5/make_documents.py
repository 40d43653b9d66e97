"""Rebuild the PDF and DOCX circulars of eval/dev5 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev5/make_documents.py

dev5 is written in eval/dev2's source format and house style, as eval/dev3 and eval/dev4 are:
sections introduced by "## name" (sender, recipient, number, date, title, bezug, kurzfassung,
body, closing); in the body, paragraphs separated by a blank line, list items starting with
"- ", "~" marking a hyphenation point (a soft hyphen in the PDFs, dropped in the DOCX files).
The letterhead, page, body and DOCX layouts are dev2's, the two-column PDF (list items with a
dash) is dev3's. Its own: which source becomes which file, in which layout.

The TXT circulars in circulars/ are written by hand and are not generated here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared documents.py

import documents as doc  # noqa: E402
from dev2 import make_documents as dev2  # noqa: E402  (the house style)
from dev3 import make_documents as dev3  # noqa: E402  (the two-column PDF with dashes)

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "circulars"

# Which source becomes which file, in which layout.
FILES = {
    "327-2020-mehrgenerationenhaus-ehrenamtsstiftung.txt": ("pdf-two-columns", "rundschreiben-327-2020.pdf"),
    "395-2020-komona-erste-runde.txt": ("pdf-one-column", "rundschreiben-395-2020.pdf"),
    "311-2022-komona-zweite-runde.txt": ("docx-header-table", "rundschreiben-311-2022.docx"),
    "353-2022-digitalisierung-oegd.txt": ("docx-body-table", "rundschreiben-353-2022.docx"),
}

pdf_one_column = dev2.pdf_one_column
pdf_two_columns = dev3.pdf_two_columns
docx_body_table = dev2.docx_body_table
docx_header_table = dev2.docx_header_table


def read(path: Path) -> tuple[str, str, dict[str, str]]:
    src = {key: "\n".join(lines) for key, lines in doc.sections(path, r"## (.+)").items()}
    return *FILES[path.name], src


if __name__ == "__main__":
    doc.build([SOURCES / name for name in FILES], read, OUT, sys.modules[__name__])
