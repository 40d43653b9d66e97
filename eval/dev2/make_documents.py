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

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "circulars"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SHY = "\u00ad"


def read_source(name: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in (SOURCES / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {k: "\n".join(v).strip() for k, v in sections.items()}


def blocks(body: str) -> list[tuple[str, str]]:
    """Split a body into ("p", text) paragraphs and ("li", text) list items."""
    out: list[tuple[str, str]] = []
    for chunk in body.split("\n\n"):
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        para: list[str] = []
        for ln in lines:
            if ln.startswith("- "):
                if para:
                    out.append(("p", " ".join(para)))
                    para = []
                out.append(("li", ln[2:].strip()))
            else:
                para.append(ln.strip())
        if para:
            out.append(("p", " ".join(para)))
    return out


def pdf_text(s: str) -> str:
    return s.replace("~", SHY)


def plain(s: str) -> str:
    return s.replace("~", "")


# --------------------------------------------------------------------------- PDF


class Circular(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(22, 20, 20)
        self.set_auto_page_break(True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"Seite {self.page_no()}", align="C")


def pdf_letterhead(pdf: Circular, src: dict[str, str]) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    sender = src["sender"].splitlines()
    pdf.cell(0, 7, sender[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in sender[1:]:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    top = pdf.get_y()
    pdf.set_font("DejaVu", "", 10.5)
    for line in src["recipient"].splitlines():
        pdf.cell(80, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    after_recipient = pdf.get_y()
    # number and date at the right
    pdf.set_xy(120, top)
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.cell(0, 5.5, src["number"], new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10.5)
    pdf.cell(0, 5.5, src["date"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(after_recipient, pdf.get_y()) + 8)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6.5, plain(src["title"]), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if "bezug" in src:
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5.5, plain(src["bezug"]), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    if "kurzfassung" in src:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 5.5, "Kurzfassung:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5.5, plain(src["kurzfassung"]), align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)


def pdf_closing(pdf: Circular, src: dict[str, str]) -> None:
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 10)
    for line in src.get("closing", "").splitlines():
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def make_pdf_one_column(name: str, out: str) -> None:
    src = read_source(name)
    pdf = Circular()
    pdf_letterhead(pdf, src)
    pdf.set_font("DejaVu", "", 10)
    items = blocks(src["body"])
    for i, (kind, text) in enumerate(items):
        if kind == "li":
            pdf.set_x(pdf.l_margin + 5)
            pdf.multi_cell(0, 5.5, "– " + pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
            if i + 1 == len(items) or items[i + 1][0] != "li":
                pdf.ln(3)
        else:
            pdf.multi_cell(0, 5.5, pdf_text(text), align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf_closing(pdf, src)
    pdf.output(str(OUT / out))


def make_pdf_two_columns(name: str, out: str) -> None:
    """Body set in two justified columns with hyphenation at the marked points."""
    src = read_source(name)
    pdf = Circular()
    pdf_letterhead(pdf, src)
    pdf.set_font("DejaVu", "", 9.5)
    with pdf.text_columns(ncols=2, gutter=8, text_align="J", line_height=1.2, balance=True) as cols:
        for kind, text in blocks(src["body"]):
            cols.write(pdf_text(text))
            cols.ln()
            cols.ln(2)
    pdf_closing(pdf, src)
    pdf.output(str(OUT / out))


# -------------------------------------------------------------------------- DOCX


def docx_base() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    sec = doc.sections[0]
    sec.left_margin = Cm(2.5)
    sec.right_margin = Cm(2.0)
    return doc


def docx_body(doc: Document, src: dict[str, str], with_recipient: bool) -> None:
    if with_recipient:
        for line in src["recipient"].splitlines():
            p = doc.add_paragraph(line)
            p.paragraph_format.space_after = Pt(0)
        doc.add_paragraph()
    t = doc.add_paragraph()
    r = t.add_run(plain(src["title"]))
    r.bold = True
    r.font.size = Pt(13)
    if "bezug" in src:
        doc.add_paragraph(plain(src["bezug"]))
    if "kurzfassung" in src:
        p = doc.add_paragraph()
        p.add_run("Kurzfassung:").bold = True
        doc.add_paragraph(plain(src["kurzfassung"]))
    for kind, text in blocks(src["body"]):
        if kind == "li":
            doc.add_paragraph(plain(text), style="List Bullet")
        else:
            p = doc.add_paragraph(plain(text))
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_paragraph()
    for line in src.get("closing", "").splitlines():
        doc.add_paragraph(line)


def make_docx_body_table(name: str, out: str) -> None:
    """Letterhead as a table at the top of the body; the number stands only in that table."""
    src = read_source(name)
    doc = docx_base()
    head = doc.add_paragraph()
    r = head.add_run(src["sender"].splitlines()[0])
    r.bold = True
    r.font.size = Pt(14)
    for line in src["sender"].splitlines()[1:]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.text = src["recipient"]
    right.text = src["number"] + "\n" + src["date"]
    for para in right.paragraphs:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    docx_body(doc, src, with_recipient=False)
    doc.save(str(OUT / out))


def make_docx_header_table(name: str, out: str) -> None:
    """Letterhead as a three-cell table in the section header of the page."""
    src = read_source(name)
    doc = docx_base()
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    table = header.add_table(rows=1, cols=3, width=width)
    a, b, c = table.rows[0].cells
    a.text = src["sender"]
    b.text = src["number"]
    c.text = src["date"]
    c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # the header's default empty paragraph stays below the table
    docx_body(doc, src, with_recipient=True)
    doc.save(str(OUT / out))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    make_pdf_two_columns("611-2019-digitalpakt.txt", "rundschreiben-611-2019.pdf")
    make_pdf_one_column("548-2022-sirenen.txt", "rundschreiben-548-2022.pdf")
    make_pdf_one_column("507-2023-wald-stadtnatur.txt", "rundschreiben-507-2023.pdf")
    make_docx_body_table("563-2023-ds-xii.txt", "rundschreiben-563-2023.docx")
    make_docx_header_table("642-2024-ds-xiii.txt", "rundschreiben-642-2024.docx")
    print("written:", ", ".join(sorted(p.name for p in OUT.iterdir())))


if __name__ == "__main__":
    main()
