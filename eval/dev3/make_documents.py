"""Rebuild the PDF and DOCX circulars of eval/dev3 from the texts in sources/.

Run with the project venv:  /work/main/.venv/bin/python eval/dev3/make_documents.py

dev3 was written in eval/dev2's source format and house style, so it takes both from
eval/dev2/make_documents.py: sections introduced by "## name" (sender, recipient, number, date,
title, bezug, kurzfassung, body, closing); in the body, paragraphs separated by a blank line,
list items starting with "- ", "~" marking a hyphenation point (a soft hyphen in the PDFs,
dropped in the DOCX files); dev2's letterhead, page, body and DOCX layouts. Its own: the list
items of the two-column PDF start with a dash, and which source becomes which file.

The TXT circulars in circulars/ are written by hand and are not generated here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared documents.py

import documents as doc  # noqa: E402
from dev2 import make_documents as dev2  # noqa: E402  (the house style)

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "circulars"

COLUMNS = doc.Columns(one_flow=True, flow_dashes=True)

# Which source becomes which file, in which layout.
FILES = {
    "761-2020-wifi4eu.txt": ("pdf-one-column", "rundschreiben-761-2020.pdf"),
    "783-2021-hyland-ladeinfrastruktur.txt": ("pdf-two-columns", "rundschreiben-783-2021.pdf"),
    "808-2022-klimaanpassung-urbane-raeume.txt": ("docx-body-table", "rundschreiben-808-2022.docx"),
    "836-2023-klimaanpassung-vierter-aufruf.txt": ("docx-header-table", "rundschreiben-836-2023.docx"),
    "847-2024-nationale-staedtebauprojekte.txt": ("pdf-one-column", "rundschreiben-847-2024.pdf"),
}

pdf_one_column = dev2.pdf_one_column
docx_body_table = dev2.docx_body_table
docx_header_table = dev2.docx_header_table


def read(path: Path) -> tuple[str, str, dict[str, str]]:
    src = {key: "\n".join(lines) for key, lines in doc.sections(path, r"## (.+)").items()}
    return *FILES[path.name], src


def pdf_two_columns(src: dict[str, str], target: Path) -> None:
    """dev2's two-column PDF, but with a dash before each list item."""
    pdf = doc.new_pdf(dev2.PAGE)
    doc.write(pdf, dev2.letterhead(src))
    doc.columns(pdf, doc.blocks(src["body"]), COLUMNS)
    doc.write(pdf, doc.closing_lines(dev2.closing(src), after=2))
    pdf.output(str(target))


if __name__ == "__main__":
    doc.build([SOURCES / name for name in FILES], read, OUT, sys.modules[__name__])
