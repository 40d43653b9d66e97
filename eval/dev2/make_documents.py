"""Rebuild the PDF and DOCX circulars of eval/dev2 from the texts in sources/.

Run with the project venv:  /work/main/.venv/bin/python eval/dev2/make_documents.py

Source format (sources/*.txt): sections introduced by "## name" (sender, recipient, number,
date, title, bezug, kurzfassung, body, closing). In the body, paragraphs are separated by a
blank line and list items start with "- ". A "~" marks a hyphenation point: in the PDFs it
becomes a soft hyphen (the line may break there, with "-" at the line end), in the DOCX files
it is dropped.

The TXT circulars in circulars/ are written by hand and are not generated here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared documents.py

import documents as doc  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "circulars"

PAGE = doc.Page()
BODY = doc.Body(item_align="L", list_after=3, hyphenate=True)
COLUMNS = doc.Columns(one_flow=True)
MARGINS = (2.5, 2.0)  # DOCX, cm

# Which source becomes which file, in which layout.
FILES = {
    "611-2019-digitalpakt.txt": ("pdf-two-columns", "rundschreiben-611-2019.pdf"),
    "548-2022-sirenen.txt": ("pdf-one-column", "rundschreiben-548-2022.pdf"),
    "507-2023-wald-stadtnatur.txt": ("pdf-one-column", "rundschreiben-507-2023.pdf"),
    "563-2023-ds-xii.txt": ("docx-body-table", "rundschreiben-563-2023.docx"),
    "642-2024-ds-xiii.txt": ("docx-header-table", "rundschreiben-642-2024.docx"),
}


def read(path: Path) -> tuple[str, str, dict[str, str]]:
    src = {key: "\n".join(lines) for key, lines in doc.sections(path, r"## (.+)").items()}
    return *FILES[path.name], src


def letterhead(src: dict[str, str]) -> list:
    """The sender at the top, the recipient at the left with number and date beside it, the title,
    the reference and the summary."""
    sender = src["sender"].splitlines()
    items = [doc.Line(sender[0], 13, True, 7)] + [doc.Line(line, 9, height=5) for line in sender[1:]] + [8]
    items.append(
        doc.Beside(
            [doc.Line(line, 10.5, width=80) for line in src["recipient"].splitlines()],
            [doc.Line(src["number"], 10.5, True), doc.Line(src["date"], 10.5)],
            x=120,
            after=8,
        )
    )
    items += [doc.Line(doc.plain(src["title"]), 12, True, 6.5, wrap=True, align="L"), 3]
    if "bezug" in src:
        items += [doc.Line(doc.plain(src["bezug"]), wrap=True), 3]
    if "kurzfassung" in src:
        items += [doc.Line("Kurzfassung:", bold=True), doc.Line(doc.plain(src["kurzfassung"]), wrap=True, align="J"), 5]
    return items


def closing(src: dict[str, str]) -> list[str]:
    return src.get("closing", "").splitlines()


def pdf_one_column(src: dict[str, str], target: Path) -> None:
    pdf = doc.new_pdf(PAGE)
    body = doc.body_lines(doc.blocks(src["body"]), BODY)
    doc.write(pdf, letterhead(src) + body + doc.closing_lines(closing(src), after=2))
    pdf.output(str(target))


def pdf_two_columns(src: dict[str, str], target: Path) -> None:
    """Body set in two justified columns with hyphenation at the marked points."""
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(src))
    doc.columns(pdf, doc.blocks(src["body"]), COLUMNS)
    doc.write(pdf, doc.closing_lines(closing(src), after=2))
    pdf.output(str(target))


def docx_text(src: dict[str, str], with_recipient: bool) -> list[doc.Para]:
    paras = []
    if with_recipient:
        paras += [doc.Para(line, space_after=0) for line in src["recipient"].splitlines()] + [doc.Para()]
    paras.append(doc.Para(doc.plain(src["title"]), bold=True, size=13))
    if "bezug" in src:
        paras.append(doc.Para(doc.plain(src["bezug"])))
    if "kurzfassung" in src:
        paras += [doc.Para("Kurzfassung:", bold=True), doc.Para(doc.plain(src["kurzfassung"]))]
    return paras + doc.body_paras(doc.blocks(src["body"])) + [doc.Para()] + [doc.Para(line) for line in closing(src)]


def docx_body_table(src: dict[str, str], target: Path) -> None:
    """Letterhead as a table at the top of the body; the number stands only in that table."""
    document = doc.new_docx(MARGINS)
    sender = src["sender"].splitlines()
    doc.write_docx(document, [doc.Para(sender[0], bold=True, size=14)] + [doc.Para(line) for line in sender[1:]])
    doc.table(document, [[src["recipient"], src["number"] + "\n" + src["date"]]], centered=True)
    doc.write_docx(document, [doc.Para()] + docx_text(src, with_recipient=False))
    document.save(str(target))


def docx_header_table(src: dict[str, str], target: Path) -> None:
    """Letterhead as a three-cell table in the section header of the page."""
    document = doc.new_docx(MARGINS)
    doc.table(document, [[src["sender"], src["number"], src["date"]]], in_header=True)
    doc.write_docx(document, docx_text(src, with_recipient=True))
    document.save(str(target))


if __name__ == "__main__":
    doc.build([SOURCES / name for name in FILES], read, OUT, sys.modules[__name__])
