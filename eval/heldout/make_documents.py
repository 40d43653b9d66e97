"""Rebuild the PDF and DOCX circulars of the held-out set from the texts in sources/.

Run with the project venv:  /work/main/.venv/bin/python eval/heldout/make_documents.py

Each file in sources/ has a small header ("key: value" lines up to a line "---") and a body of
paragraphs separated by blank lines. A paragraph starting with "## " is a heading. A "~" inside a
word marks a place where the two-column PDF may hyphenate the word at a line end; everywhere else
the marks are dropped. The header key "layout" chooses the document:

  docx-header-table   letterhead (sender, number, date) in a table in the section header
  docx-body-table     letterhead (recipients | sender, number, date) in a table in the body
  pdf-one-column      letterhead and body in one column
  pdf-two-columns     letterhead in one column, body set in two columns with hyphenation
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared documents.py

import documents as doc  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CIRCULARS = HERE / "circulars"

PAGE = doc.Page(left=20, top=18, right=20, footer="- {} -")
BODY = doc.Body(size=11)
Source = tuple[dict[str, str], list[doc.Block]]  # the header's fields, the body


def read(path: Path) -> tuple[str, str, Source]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = doc.fields(head.splitlines())
    return meta["layout"], meta["file"], (meta, doc.blocks(body.strip()))


def letterhead(meta: dict[str, str]) -> list:
    """The sender with a rule below, the recipients, number and date on one line, the subject."""
    return (
        [doc.Line(meta["sender"].split("|")[0], 13, True, 7, rule=80, after=10)]
        + [doc.Line(line, 11) for line in meta["recipients"].split("|")]
        + [8]
        + [doc.Line(meta["number"], 11, right=meta.get("date", "")), 8]
        + [doc.Line(line, 11, True, wrap=True, align="L") for line in meta["subject"].split("|")]
        + [5]
    )


def docx_text(meta: dict[str, str], body: list[doc.Block], with_recipients: bool) -> list[doc.Para]:
    paras = []
    if with_recipients:
        paras += [doc.Para(line, space_after=0) for line in meta["recipients"].split("|")] + [doc.Para()]
    paras.append(doc.Para("\n".join(meta["subject"].split("|")), bold=True))
    return paras + doc.body_paras(body, heading_space_after=2, leads=("Bezug:",))


def docx_header_table(source: Source, out: Path) -> None:
    meta, body = source
    document = doc.new_docx()
    sender = meta["sender"].split("|")
    doc.table(document, [[doc.Bold(sender[0]), meta["number"]], ["\n".join(sender[1:]), meta["date"]]], in_header=True)
    doc.write_docx(document, docx_text(meta, body, with_recipients=True))
    document.save(out)


def docx_body_table(source: Source, out: Path) -> None:
    meta, body = source
    document = doc.new_docx()
    right = meta["sender"].split("|") + ["", meta["number"], meta["date"]]
    doc.table(document, [["\n".join(meta["recipients"].split("|")), "\n".join(right)]])
    doc.write_docx(document, [doc.Para()] + docx_text(meta, body, with_recipients=False))
    document.save(out)


def pdf_one_column(source: Source, out: Path) -> None:
    meta, body = source
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(meta) + doc.body_lines(body, BODY))
    pdf.output(str(out))


def pdf_two_columns(source: Source, out: Path) -> None:
    meta, body = source
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(meta))
    doc.columns_by_line(pdf, body)
    pdf.output(str(out))


if __name__ == "__main__":
    doc.build(sorted(SOURCES.glob("*.txt")), read, CIRCULARS, sys.modules[__name__])
