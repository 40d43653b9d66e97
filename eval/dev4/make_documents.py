"""Rebuild the PDF and DOCX circulars of eval/dev4 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev4/make_documents.py

dev4 is written in eval/dev2's source format and house style, as eval/dev3 is: sections
introduced by "## name" (sender, recipient, number, date, title, bezug, kurzfassung, body,
closing); in the body, paragraphs separated by a blank line, list items starting with "- ",
"~" marking a hyphenation point (a soft hyphen in the PDFs, dropped in the DOCX files). The
letterhead, page, body and DOCX layouts are dev2's, the two-column PDF (list items with a
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

# Which source becomes which file, in which layout.
FILES = {
    "931-2020-smart-cities-staffel-2.txt": ("pdf-one-column", "rundschreiben-931-2020.pdf"),
    "958-2020-bibliotheken.txt": ("pdf-two-columns", "rundschreiben-958-2020.pdf"),
    "903-2021-smart-cities-staffel-3.txt": ("docx-header-table", "rundschreiben-903-2021.docx"),
    "974-2023-bildungskommunen.txt": ("docx-body-table", "rundschreiben-974-2023.docx"),
}

pdf_one_column = dev2.pdf_one_column
pdf_two_columns = dev3.pdf_two_columns
docx_body_table = dev2.docx_body_table
docx_header_table = dev2.docx_header_table


def build_set(here: Path, files: dict[str, tuple[str, str]]) -> None:
    """Build a set's files from its sources/ into its circulars/, in this module's layouts (dev5
    uses it too)."""

    def read(path: Path) -> tuple[str, str, dict[str, str]]:
        src = {key: "\n".join(lines) for key, lines in doc.sections(path, r"## (.+)").items()}
        return *files[path.name], src

    doc.build([here / "sources" / name for name in files], read, here / "circulars", sys.modules[__name__])


if __name__ == "__main__":
    build_set(HERE, FILES)
