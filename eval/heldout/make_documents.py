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

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CIRCULARS = HERE / "circulars"

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
SOFT = "~"


def find_font(name: str) -> Path:
    for folder in FONT_DIRS:
        candidate = folder / name
        if candidate.exists():
            return candidate
    hits = sorted(Path("/usr/share/fonts").rglob(name))
    if hits:
        return hits[0]
    sys.exit(f"font {name} not found (install fonts-dejavu-core)")


def parse(path: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        if line.strip():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    items: list[tuple[str, str]] = []
    for block in body.strip().split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("## "):
            title, _, rest = block.partition("\n")
            items.append(("heading", title[3:].strip()))
            if rest.strip():
                items.append(("para", " ".join(rest.split())))
        elif block.startswith("Kurzfassung:"):
            items.append(("label", "Kurzfassung:"))
            rest = block[len("Kurzfassung:"):].strip()
            if rest:
                items.append(("para", " ".join(rest.split())))
        else:
            items.append(("para", " ".join(block.split())))
    return meta, items


def plain(text: str) -> str:
    return text.replace(SOFT, "")


# ---------------------------------------------------------------- DOCX

def _docx_base() -> docx.Document:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    return document


def _docx_body(document: docx.Document, meta: dict[str, str], items, with_recipients: bool) -> None:
    if with_recipients:
        for line in meta["recipients"].split("|"):
            document.add_paragraph(line).paragraph_format.space_after = Pt(0)
        document.add_paragraph()
    subject = document.add_paragraph()
    for i, line in enumerate(meta["subject"].split("|")):
        run = subject.add_run(line)
        run.bold = True
        if i < len(meta["subject"].split("|")) - 1:
            run.add_break()
    for kind, text in items:
        text = plain(text)
        if kind in ("heading", "label"):
            p = document.add_paragraph()
            p.add_run(text).bold = True
            p.paragraph_format.space_after = Pt(2)
        elif text.startswith("Bezug:"):
            p = document.add_paragraph()
            p.add_run("Bezug:").bold = True
            p.add_run(text[len("Bezug:"):])
        else:
            p = document.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def docx_header_table(meta, items, out: Path) -> None:
    document = _docx_base()
    header = document.sections[0].header
    header.is_linked_to_previous = False
    table = header.add_table(rows=2, cols=2, width=document.sections[0].page_width
                             - document.sections[0].left_margin - document.sections[0].right_margin)
    sender = meta["sender"].split("|")
    table.cell(0, 0).text = sender[0]
    table.cell(0, 0).paragraphs[0].runs[0].bold = True
    table.cell(1, 0).text = "\n".join(sender[1:])
    table.cell(0, 1).text = meta["number"]
    table.cell(1, 1).text = meta["date"]
    for row in table.rows:
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_body(document, meta, items, with_recipients=True)
    document.save(out)


def docx_body_table(meta, items, out: Path) -> None:
    document = _docx_base()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "\n".join(meta["recipients"].split("|"))
    right_lines = meta["sender"].split("|") + ["", meta["number"], meta["date"]]
    right.text = "\n".join(right_lines)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    _docx_body(document, meta, items, with_recipients=False)
    document.save(out)


# ---------------------------------------------------------------- PDF

class Letter(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(find_font("DejaVuSans.ttf")))
        self.add_font("DejaVu", "B", str(find_font("DejaVuSans-Bold.ttf")))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"- {self.page_no()} -", align="C")


def _pdf_letterhead(pdf: Letter, meta: dict[str, str]) -> None:
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, meta["sender"].split("|")[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(80, 80, 80)
    pdf.line(20, pdf.get_y() + 1, 190, pdf.get_y() + 1)
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 11)
    for line in meta["recipients"].split("|"):
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(85, 5.5, meta["number"])
    pdf.cell(0, 5.5, meta.get("date", ""), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 11)
    for line in meta["subject"].split("|"):
        pdf.multi_cell(0, 5.5, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def pdf_one_column(meta, items, out: Path) -> None:
    pdf = Letter()
    pdf.add_page()
    _pdf_letterhead(pdf, meta)
    for kind, text in items:
        text = plain(text)
        if kind in ("heading", "label"):
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 5.5, text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(out))


def break_lines(pdf: Letter, text: str, width: float) -> list[str]:
    """Greedy line breaking; a word may be split at a "~" mark, the first part ending in "-"."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while True:
            candidate = plain(word) if not current else current + " " + plain(word)
            if pdf.get_string_width(candidate) <= width:
                current = candidate
                break
            parts = word.split(SOFT)
            split_at = 0
            for k in range(len(parts) - 1, 0, -1):
                head = "".join(parts[:k])
                trial = (current + " " if current else "") + head + "-"
                if len(head) >= 3 and len("".join(parts[k:])) >= 3 and pdf.get_string_width(trial) <= width:
                    split_at = k
                    break
            if split_at:
                lines.append((current + " " if current else "") + "".join(parts[:split_at]) + "-")
                current = ""
                word = SOFT.join(parts[split_at:])
                continue
            if current:
                lines.append(current)
                current = ""
                continue
            current = plain(word)  # a single word wider than the column
            break
    if current:
        lines.append(current)
    return lines


def pdf_two_columns(meta, items, out: Path) -> None:
    pdf = Letter()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _pdf_letterhead(pdf, meta)
    gutter, line_h, size = 8.0, 4.5, 9.5
    col_w = (210 - 40 - gutter) / 2
    top, bottom = pdf.get_y(), 297 - 22
    flow: list[tuple[str, str]] = []  # (style, text) ; style "", "B" or "gap"
    for kind, text in items:
        if kind in ("heading", "label"):
            pdf.set_font("DejaVu", "B", size)
            flow += [("B", line) for line in break_lines(pdf, text, col_w)]
        else:
            pdf.set_font("DejaVu", "", size)
            flow += [("", line) for line in break_lines(pdf, text, col_w)]
            flow.append(("gap", ""))
    column, y = 0, top
    for style, line in flow:
        if style == "gap":
            y += line_h * 0.6
            continue
        if y + line_h > bottom:
            if column == 0:
                column, y = 1, top
            else:
                pdf.add_page()
                column, top = 0, 20
                y = top
        pdf.set_font("DejaVu", "B" if style == "B" else "", size)
        pdf.text(20 + column * (col_w + gutter), y + line_h * 0.8, line)
        y += line_h
    pdf.output(str(out))


LAYOUTS = {
    "docx-header-table": docx_header_table,
    "docx-body-table": docx_body_table,
    "pdf-one-column": pdf_one_column,
    "pdf-two-columns": pdf_two_columns,
}


def main() -> None:
    CIRCULARS.mkdir(exist_ok=True)
    for source in sorted(SOURCES.glob("*.txt")):
        meta, items = parse(source)
        out = CIRCULARS / meta["file"]
        LAYOUTS[meta["layout"]](meta, items, out)
        print(f"{source.name} -> {out.relative_to(HERE)}")


if __name__ == "__main__":
    main()
