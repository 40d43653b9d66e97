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

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "circulars"

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

SOFT_HYPHEN = "\u00ad"

# Two-column layout of the PDF body.
COLUMN_FONT_SIZE = 9.6
COLUMN_GUTTER = 12


def parse(path: Path) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\[([a-z-]+)\]", raw.strip())
        if m:
            current = m.group(1)
            sections[current] = []
            continue
        if current is None:
            continue
        sections[current].append(raw.rstrip())
    for key, lines in sections.items():
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
    return sections


def meta(sections: dict[str, list[str]]) -> dict[str, str]:
    result = {}
    for line in sections.get("meta", []):
        if ":" in line:
            key, value = line.split(":", 1)
            result[key.strip()] = value.strip()
    return result


def plain(text: str) -> str:
    """Text without hyphenation marks (for DOCX and single-column PDF)."""
    return text.replace("~", "")


def soft(text: str) -> str:
    """Text with soft hyphens at the marked points (for the two-column PDF)."""
    return text.replace("~", SOFT_HYPHEN)


# ---------------------------------------------------------------- PDF


class CircularPDF(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, f"Seite {self.page_no()}", align="C")


def new_pdf() -> CircularPDF:
    pdf = CircularPDF(format="A4")
    pdf.set_margins(22, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title("Rundschreiben des Landkreistages Sachsen-Anhalt")
    pdf.set_author("Landkreistag Sachsen-Anhalt")
    pdf.add_page()
    return pdf


def pdf_letterhead(pdf: FPDF, sections: dict[str, list[str]]) -> None:
    lines = sections.get("letterhead", [])
    for i, line in enumerate(lines):
        pdf.set_font("DejaVu", "B" if i == 0 else "", 13 if i == 0 else 10)
        if "|" in line:
            left, right = (part.strip() for part in line.split("|", 1))
            pdf.ln(4)
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(pdf.epw / 2, 6, left)
            pdf.set_font("DejaVu", "", 10)
            pdf.cell(pdf.epw / 2, 6, right, align="R", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.cell(0, 7 if i == 0 else 5.5, line, new_x="LMARGIN", new_y="NEXT")
        if i == 0:
            pdf.set_draw_color(90, 90, 90)
            pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + pdf.epw, pdf.get_y() + 1)
            pdf.ln(4)
    pdf.ln(5)
    for i, line in enumerate(sections.get("title", [])):
        pdf.set_font("DejaVu", "B" if i == 0 else "", 11 if i == 0 else 10)
        pdf.multi_cell(0, 6 if i == 0 else 5.5, plain(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(3)


def pdf_closing(pdf: FPDF, sections: dict[str, list[str]]) -> None:
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 10)
    for line in sections.get("closing", []):
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")


def build_pdf_two_columns(sections: dict[str, list[str]], target: Path) -> None:
    pdf = new_pdf()
    pdf_letterhead(pdf, sections)
    pdf.set_font("DejaVu", "", COLUMN_FONT_SIZE)
    with pdf.text_columns(ncols=2, gutter=COLUMN_GUTTER, text_align="J", line_height=1.2, balance=True) as cols:
        for line in sections.get("body", []):
            if not line.strip():
                continue
            if line.startswith("# "):
                pdf.set_font("DejaVu", "B", COLUMN_FONT_SIZE)
                with cols.paragraph(text_align="L", top_margin=3, bottom_margin=1) as par:
                    par.write(soft(line[2:]))
                pdf.set_font("DejaVu", "", COLUMN_FONT_SIZE)
            elif line.startswith("- "):
                with cols.paragraph(bottom_margin=1) as par:
                    par.write("– " + soft(line[2:]))
            else:
                with cols.paragraph(bottom_margin=2) as par:
                    par.write(soft(line))
        # the closing stands at the end of the last column
        with cols.paragraph(text_align="L", top_margin=4) as par:
            par.write("\n".join(sections.get("closing", [])))
    pdf.output(str(target))


def build_pdf_one_column(sections: dict[str, list[str]], target: Path) -> None:
    pdf = new_pdf()
    pdf_letterhead(pdf, sections)
    for line in sections.get("body", []):
        if not line.strip():
            continue
        if line.startswith("# "):
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 5.5, plain(line[2:]), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif line.startswith("- "):
            pdf.set_font("DejaVu", "", 10)
            pdf.set_x(pdf.l_margin + 5)
            pdf.multi_cell(pdf.epw - 5, 5.5, "– " + plain(line[2:]), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5.5, plain(line), align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf_closing(pdf, sections)
    pdf.output(str(target))


# ---------------------------------------------------------------- DOCX


def docx_base() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.left_margin = Cm(2.5)
    section.right_margin = Cm(2)
    return doc


def docx_title(doc: Document, sections: dict[str, list[str]]) -> None:
    for i, line in enumerate(sections.get("title", [])):
        para = doc.add_paragraph()
        run = para.add_run(plain(line))
        run.bold = i == 0
    doc.add_paragraph()


def docx_body(doc: Document, sections: dict[str, list[str]]) -> None:
    for line in sections.get("body", []):
        if not line.strip():
            continue
        if line.startswith("# "):
            para = doc.add_paragraph()
            para.add_run(plain(line[2:])).bold = True
        elif line.startswith("- "):
            doc.add_paragraph(plain(line[2:]), style="List Bullet")
        else:
            para = doc.add_paragraph(plain(line))
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_paragraph()
    for line in sections.get("closing", []):
        doc.add_paragraph(line)


def build_docx_body_table(sections: dict[str, list[str]], target: Path) -> None:
    doc = docx_base()
    rows = [[cell.strip() for cell in line.split("|")] for line in sections.get("letterhead-table", [])]
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            para = cell.paragraphs[0]
            if c == len(row) - 1:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0:
                for run in para.runs:
                    run.bold = True
    doc.add_paragraph()
    docx_title(doc, sections)
    docx_body(doc, sections)
    doc.save(str(target))


def build_docx_header_table(sections: dict[str, list[str]], target: Path) -> None:
    doc = docx_base()
    header = doc.sections[0].header
    rows = [[cell.strip() for cell in line.split("|")] for line in sections.get("header-table", [])]
    width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    table = header.add_table(rows=len(rows), cols=max(len(r) for r in rows), width=width)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            parts = [p.strip() for p in value.split(" / ")]
            cell.text = ""
            para = cell.paragraphs[0]
            for i, part in enumerate(parts):
                if i:
                    para = cell.add_paragraph()
                run = para.add_run(part)
                run.bold = i == 0
                if c == len(row) - 1:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # the header's default empty paragraph stays after the table
    for line in sections.get("recipients", []):
        doc.add_paragraph(line)
    doc.add_paragraph()
    docx_title(doc, sections)
    docx_body(doc, sections)
    doc.save(str(target))


BUILDERS = {
    "pdf-two-columns": build_pdf_two_columns,
    "pdf-one-column": build_pdf_one_column,
    "docx-body-table": build_docx_body_table,
    "docx-header-table": build_docx_header_table,
}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for source in sorted(SOURCES.glob("rs-*.txt")):
        sections = parse(source)
        info = meta(sections)
        target = OUT / info["output"]
        BUILDERS[info["layout"]](sections, target)
        print(f"{source.name} -> {target.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
