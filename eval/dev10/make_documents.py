"""Rebuild the PDF and DOCX circulars of eval/dev10 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev10/make_documents.py

Source format (sources/NNN-YYYY-name.txt), dev10's own: sections introduced by a line
"=== name", with the names
  kopf      the sender: the first line is the association, the others its unit
  an        the recipient's lines
  nummer    "Rundschreiben Nr. NNN/YYYY"
  datum     place and date (left out for a circular without a date)
  betreff   the subject (one paragraph)
  bezug     optional: "Bezug: ..." to an earlier circular
  text      the body: paragraphs separated by a blank line, "# " starts a heading, "- " a
            list item, "~" marks where a word may be hyphenated
  schluss   the lines after the body
House style: a letterhead whose first line is set in capitals with a rule below it and whose
number and date stand right of the recipient; the PDF body in DejaVu Sans 10 (one column) or
9.4 (two columns of fpdf2, justified, hyphenated at the marks); the DOCX letterhead as a table
in the body (sender above, recipient and number beside each other) or as a three-cell table in
the page header. Which source becomes which file in which layout: FILES.

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

PAGE = doc.Page(
    left=24,
    top=16,
    right=19,
    bottom=22,
    footer="- {} -",
    footer_y=-15,
    title="Rundschreiben des Landkreistages Sachsen-Anhalt",
    author="Landkreistag Sachsen-Anhalt, Geschäftsstelle",
)
BODY = doc.Body(size=10, height=5.2, para_after=2.5, heading_before=2, heading_after=0.5, item_align="L")
COLUMNS = doc.Columns(size=9.4, gutter=9, gap=2.2)
MARGINS = (2.4, 1.9)  # DOCX, cm

# Which source becomes which file, in which layout.
FILES = {
    "045-2021-dorfwettbewerb-zukunftswerkstatt.txt": ("pdf-two-columns", "rundschreiben-045-2021.pdf"),
    "052-2022-dorfgemeinschaftslaeden.txt": ("docx-body-table", "rundschreiben-052-2022.docx"),
    "061-2023-dorfgemeinschaftslaeden.txt": ("docx-header-table", "rundschreiben-061-2023.docx"),
    "068-2023-engagierte-stadt.txt": ("pdf-one-column", "rundschreiben-068-2023.pdf"),
}


def read(path: Path) -> tuple[str, str, dict[str, str]]:
    src = {key: "\n".join(lines) for key, lines in doc.sections(path, r"=== (\w+)").items()}
    return *FILES[path.name], src


def body(src: dict[str, str]) -> list[doc.Block]:
    return doc.blocks(src["text"], heading="# ")


def lines(src: dict[str, str], key: str) -> list[str]:
    return [line for line in src.get(key, "").splitlines() if line.strip()]


def letterhead(src: dict[str, str]) -> list:
    """The association in capitals with a rule, its unit, the recipient with number and date
    beside it, the subject and the reference."""
    sender = lines(src, "kopf")
    items: list = [doc.Line(sender[0].upper(), 14, True, 7, rule=120, after=2)]
    items += [doc.Line(line, 8.5, height=4.2) for line in sender[1:]] + [9]
    right = [doc.Line(src["nummer"], 10, True)] + ([doc.Line(src["datum"], 10)] if "datum" in src else [])
    items.append(doc.Beside([doc.Line(line, 10, width=85) for line in lines(src, "an")], right, x=122, after=9))
    items += [doc.Line(doc.plain(src["betreff"]), 11, True, 5.8, wrap=True, align="L", after=2)]
    if "bezug" in src:
        items += [doc.Line(doc.plain(src["bezug"]), 10, wrap=True, align="L", after=1)]
    return items + [4]


def pdf_one_column(src: dict[str, str], target: Path) -> None:
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(src) + doc.body_lines(body(src), BODY) + doc.closing_lines(lines(src, "schluss")))
    pdf.output(str(target))


def pdf_two_columns(src: dict[str, str], target: Path) -> None:
    """The body in two justified columns, hyphenated at the marks, the closing in the last one."""
    pdf = doc.new_pdf(PAGE)
    doc.write(pdf, letterhead(src))
    doc.columns(pdf, body(src), COLUMNS, closing=lines(src, "schluss"))
    pdf.output(str(target))


def docx_text(src: dict[str, str], with_recipient: bool) -> list[doc.Para]:
    paras = []
    if with_recipient:
        paras += [doc.Para(line, space_after=0) for line in lines(src, "an")] + [doc.Para()]
    paras.append(doc.Para(doc.plain(src["betreff"]), bold=True, size=12))
    if "bezug" in src:
        paras.append(doc.Para(doc.plain(src["bezug"])))
    closing = [doc.Para(line, space_after=0) for line in lines(src, "schluss")]
    return paras + doc.body_paras(body(src), heading_space_after=2) + [doc.Para()] + closing


def docx_body_table(src: dict[str, str], target: Path) -> None:
    """The letterhead as a table at the top of the body: the sender across the first row, the
    recipient and the number with the date in the second; number and date stand only there."""
    document = doc.new_docx(MARGINS)
    sender = lines(src, "kopf")
    number = [doc.Bold(src["nummer"])] + ([src["datum"]] if "datum" in src else [])
    doc.table(document, [[[doc.Bold(sender[0].upper())] + sender[1:], ""], ["\n".join(lines(src, "an")), number]])
    doc.write_docx(document, [doc.Para()] + docx_text(src, with_recipient=False))
    document.save(str(target))


def docx_header_table(src: dict[str, str], target: Path) -> None:
    """The letterhead as a three-cell table in the page header: sender, number, date."""
    document = doc.new_docx(MARGINS)
    sender = lines(src, "kopf")
    letterhead = [[[doc.Bold(sender[0])] + sender[1:], [doc.Bold(src["nummer"])], [src.get("datum", "")]]]
    doc.table(document, letterhead, in_header=True)
    doc.write_docx(document, docx_text(src, with_recipient=True))
    document.save(str(target))


if __name__ == "__main__":
    doc.build([SOURCES / name for name in FILES], read, OUT, sys.modules[__name__])
