"""Rebuild the PDF and DOCX circulars of eval/dev/circulars/ from the texts in eval/dev/sources/.

Run with the project venv:  .venv/bin/python eval/dev/make_documents.py

Each source file (sources/rs-NNN-YYYY.txt) has sections in brackets:
  [meta]            layout: pdf-two-columns | pdf-one-column | docx-body-table | docx-header-table
                    output: file name written to circulars/
  [letterhead]      PDF letterhead lines; "left | right" puts two parts on one line
  [letterhead-table] DOCX: rows of a table at the top of the body, cells separated by "|"
  [header-table]    DOCX: one row of a table in the page header, cells separated by "|",
                    " / " inside a cell starts a new line
  [recipients]      address lines (DOCX with header table)
  [title]           subject line(s), bold; further lines (e.g. "Bezug: ...") normal
  [body]            paragraphs, one per line; "# " starts a heading, "- " a bullet item;
                    "~" marks a permitted hyphenation point (a soft hyphen in the PDF)
  [closing]         lines after the body
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared documents.py

import documents as doc  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "circulars"

PAGE = doc.Page(
    bottom=22,
    footer_y=-15,
    footer_height=10,
    title="Rundschreiben des Landkreistages Sachsen-Anhalt",
    author="Landkreistag Sachsen-Anhalt",
)
BODY = doc.Body(para_after=2, heading_before=2)
COLUMNS = doc.Columns(size=9.6, gutter=12)
MARGINS = (2.5, 2)  # DOCX, cm


def read(source: Path) -> tuple[str, str, dict[str, list[str]]]:
    src = doc.sections(source, r"\[([a-z-]+)\]")
    meta = doc.fields(src["meta"])
    return meta["layout"], meta["output"], src


def body(src: dict[str, list[str]]) -> list[doc.Block]:
    return doc.blocks("\n\n".join(src.get("body", [])), heading="# ")


def letterhead(src: dict[str, list[str]]) -> list:
    """The first line bold with a rule below, "left | right" lines, the title."""
    items: list = []
    for i, line in enumerate(src.get("letterhead", [])):
        if i == 0:
            items.append(doc.Line(line, 13, True, 7, rule=90, after=4))
        elif "|" in line:
            left, right = (part.strip() for part in line.split("|", 1))
            items.append(doc.Line(left, 10, True, 6, before=4, right=right))
        else:
            items.append(doc.Line(line))
    items.append(5)
    for i, line in enumerate(src.get("title", [])):
        items.append(doc.Line(doc.plain(line), 11 if i == 0 else 10, i == 0, 6 if i == 0 else 5.5, wrap=True, after=1))
    return items + [3]


def docx_text(src: dict[str, list[str]]) -> list[doc.Para]:
    title = [doc.Para(doc.plain(line), bold=i == 0) for i, line in enumerate(src.get("title", []))]
    closing = [doc.Para(line) for line in src.get("closing", [])]
    return title + [doc.Para()] + doc.body_paras(body(src)) + [doc.Para()] + closing


def pdf_two_columns(src: dict[str, list[str]], target: Path) -> None:
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(src))
    doc.columns(pdf, body(src), COLUMNS, closing=src.get("closing", []))
    pdf.output(str(target))


def pdf_one_column(src: dict[str, list[str]], target: Path) -> None:
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(src) + doc.body_lines(body(src), BODY) + doc.closing_lines(src.get("closing", [])))
    pdf.output(str(target))


def docx_body_table(src: dict[str, list[str]], target: Path) -> None:
    document = doc.new_docx(MARGINS)
    rows = [[cell.strip() for cell in line.split("|")] for line in src.get("letterhead-table", [])]
    doc.table(document, [[doc.Bold(cell) for cell in rows[0]]] + rows[1:])
    doc.write_docx(document, [doc.Para()] + docx_text(src))
    document.save(str(target))


def docx_header_table(src: dict[str, list[str]], target: Path) -> None:
    document = doc.new_docx(MARGINS)
    rows = [
        [
            [doc.Bold(part) if i == 0 else part for i, part in enumerate(p.strip() for p in cell.strip().split(" / "))]
            for cell in line.split("|")
        ]
        for line in src.get("header-table", [])
    ]
    doc.table(document, rows, in_header=True)
    doc.write_docx(document, [doc.Para(line) for line in src.get("recipients", [])] + [doc.Para()] + docx_text(src))
    document.save(str(target))


if __name__ == "__main__":
    doc.build(sorted(SOURCES.glob("rs-*.txt")), read, OUT, sys.modules[__name__])
