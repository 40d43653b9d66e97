"""Building blocks of the evaluation sets' PDF and DOCX circulars (eval/*/make_documents.py).

Each set keeps its own source format and house style (letterhead, sizes, spacing) on purpose, so
that the circulars vary as real ones do; what the sets share stands here:

- sources: `sections` (a file of sections under header lines), `fields` ("key: value" lines),
  `blocks` (a body of paragraphs, headings, "Kurzfassung:" labels and "- " list items), `build`
  (every source's document written in the layout it names);
- a "~" in a source marks where a word may be hyphenated: `soft` makes it a soft hyphen (the line
  may break there, with "-" at the line end), `plain` drops it;
- PDF: `new_pdf` (A4, DejaVu Sans, the page number at the foot, as a set's `Page` says), `write`
  (a letterhead and one-column text as `Line`s, `Beside` for two blocks side by side, numbers for
  vertical space), `body_lines` and `closing_lines` (a body in one column, as a set's `Body`
  says), `columns` (a body in two balanced, justified columns of fpdf2) and `columns_by_line` (a
  body in two columns broken into lines here and set line by line);
- DOCX: `new_docx`, `table` (a letterhead table at the top of the body or in the page header),
  `write_docx` (paragraphs as `Para`s) and `body_paras` (a body's paragraphs).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from fpdf import FPDF

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
MARK = "~"
SOFT_HYPHEN = "\u00ad"
BULLET = "– "
INDENT = 5  # of a list item in a one-column PDF, mm


def plain(text: str) -> str:
    """The text without its hyphenation marks."""
    return text.replace(MARK, "")


def soft(text: str) -> str:
    """The text with soft hyphens at its hyphenation marks."""
    return text.replace(MARK, SOFT_HYPHEN)


# ---------------------------------------------------------------- sources


def sections(path: Path, header: str) -> dict[str, list[str]]:
    """The lines of a source file by section; a line matching the pattern `header` starts the
    section its first group names. Blank lines at the start and end of a section are dropped."""
    found: dict[str, list[str]] = {}
    lines = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(header, raw.strip())
        if m:
            lines = found[m.group(1)] = []
        elif lines is not None:
            lines.append(raw.rstrip())
    for section in found.values():
        while section and not section[-1].strip():
            section.pop()
        while section and not section[0].strip():
            section.pop(0)
    return found


def fields(lines: list[str]) -> dict[str, str]:
    """ "key: value" lines as a dict."""
    found = {}
    for line in lines:
        if ":" in line:
            key, value = line.split(":", 1)
            found[key.strip()] = value.strip()
    return found


@dataclass(frozen=True)
class Block:
    kind: str  # "para", "item" (of a list), "heading" or "label" ("Kurzfassung:")
    text: str  # with its hyphenation marks


LABEL = "Kurzfassung:"


def blocks(body: str, heading: str = "## ") -> list[Block]:
    """The blocks of a body whose paragraphs are separated by blank lines. A paragraph's first
    line may be a heading (starting with `heading`) or the label "Kurzfassung:"; a line starting
    with "- " is a list item; the other lines of a paragraph are joined."""
    found: list[Block] = []
    for chunk in body.split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and lines[0].startswith(heading):
            found.append(Block("heading", lines.pop(0)[len(heading) :].strip()))
        elif lines and lines[0].startswith(LABEL):
            found.append(Block("label", LABEL))
            lines[0] = lines[0][len(LABEL) :]
        para: list[str] = []
        for line in lines:
            if line.startswith("- "):
                found += _paragraph(para) + [Block("item", line[2:].strip())]
                para = []
            else:
                para.append(line)
        found += _paragraph(para)
    return found


def _paragraph(lines: list[str]) -> list[Block]:
    text = " ".join(" ".join(lines).split())
    return [Block("para", text)] if text else []


def build(sources: list[Path], read: Callable[[Path], tuple[str, str, Any]], out: Path, layouts: ModuleType) -> None:
    """Write the document of each source into `out`. `read` gives the name of the source's layout,
    the file name and what the layout takes besides the path to write; the layout is the function
    of that name in `layouts` (the set's script): "pdf-one-column" is `pdf_one_column`."""
    out.mkdir(exist_ok=True)
    for source in sources:
        layout, name, content = read(source)
        getattr(layouts, layout.replace("-", "_"))(content, out / name)
        print(f"{source.name} -> {out.name}/{name}")


# ---------------------------------------------------------------- PDF


def font_file(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    hits = sorted(Path("/usr/share/fonts").rglob(name))
    if hits:
        return hits[0]
    sys.exit(f"font {name} not found (install fonts-dejavu-core)")


@dataclass(frozen=True)
class Page:
    """A set's PDF page: margins (mm) and the page number at the foot."""

    left: float = 22
    top: float = 20
    right: float = 20
    bottom: float = 20  # where the text breaks to the next page
    footer: str = "Seite {}"  # the page number's form
    footer_y: float = -14
    footer_height: float = 5
    title: str | None = None  # document properties
    author: str | None = None


class CircularPDF(FPDF):
    def __init__(self, page: Page) -> None:
        super().__init__(format="A4")
        self.page_style = page
        self.set_margins(page.left, page.top, page.right)
        self.set_auto_page_break(True, margin=page.bottom)
        self.add_font("DejaVu", "", str(font_file("DejaVuSans.ttf")))
        self.add_font("DejaVu", "B", str(font_file("DejaVuSans-Bold.ttf")))
        if page.title:
            self.set_title(page.title)
        if page.author:
            self.set_author(page.author)

    def footer(self) -> None:
        self.set_y(self.page_style.footer_y)
        self.set_font("DejaVu", "", 8)
        self.cell(0, self.page_style.footer_height, self.page_style.footer.format(self.page_no()), align="C")


def new_pdf(page: Page) -> CircularPDF:
    pdf = CircularPDF(page)
    pdf.add_page()
    return pdf


@dataclass(frozen=True)
class Line:
    """A line of a PDF in one column, or a paragraph that wraps (`wrap`), with the space (mm)
    before and after it; `right` is set right-aligned on the same line, the line then taking half
    the width; `rule` draws a line of that grey (0-255) under it; `align` None is fpdf2's default
    (left for a line, justified for a paragraph)."""

    text: str
    size: float = 10
    bold: bool = False
    height: float = 5.5
    wrap: bool = False
    align: str | None = None
    width: float = 0  # 0: to the right margin
    indent: float = 0
    before: float = 0
    after: float = 0
    right: str | None = None
    right_bold: bool = False
    rule: int | None = None


@dataclass(frozen=True)
class Beside:
    """Two blocks of lines side by side, the right one starting at `x` (mm from the page's left
    edge); what follows starts `after` mm below the longer one."""

    left: list[Line]
    right: list[Line]
    x: float
    after: float = 0


def write(pdf: FPDF, items: list[Line | Beside | float]) -> None:
    """Lines, blocks side by side, and numbers: vertical spaces (mm)."""
    for item in items:
        if isinstance(item, (int, float)):
            pdf.ln(item)
        elif isinstance(item, Beside):
            top = pdf.get_y()
            write(pdf, item.left)
            below_left = pdf.get_y()
            pdf.set_y(top)
            write(pdf, [replace(line, indent=item.x - pdf.l_margin) for line in item.right])
            pdf.set_y(max(below_left, pdf.get_y()) + item.after)
        else:
            _write_line(pdf, item)


def _write_line(pdf: FPDF, line: Line) -> None:
    if line.before:
        pdf.ln(line.before)
    pdf.set_font("DejaVu", "B" if line.bold else "", line.size)
    if line.indent:
        pdf.set_x(pdf.l_margin + line.indent)
    aligned = {"align": line.align} if line.align else {}
    if line.right is not None:
        pdf.cell(pdf.epw / 2, line.height, line.text)
        pdf.set_font("DejaVu", "B" if line.right_bold else "", line.size)
        pdf.cell(0, line.height, line.right, align="R", new_x="LMARGIN", new_y="NEXT")
    elif line.wrap:
        pdf.multi_cell(line.width, line.height, line.text, **aligned, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.cell(line.width, line.height, line.text, **aligned, new_x="LMARGIN", new_y="NEXT")
    if line.rule is not None:
        pdf.set_draw_color(line.rule, line.rule, line.rule)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + pdf.epw, pdf.get_y() + 1)
    if line.after:
        pdf.ln(line.after)


@dataclass(frozen=True)
class Body:
    """How a set's one-column PDF sets the body (sizes in pt, spaces in mm)."""

    size: float = 10
    height: float = 5.5
    para_after: float = 3
    heading_before: float = 0
    heading_after: float = 1
    item_align: str | None = None  # None: justified
    list_after: float = 0  # after a list's last item
    hyphenate: bool = False  # soft hyphens at the marks, else the marks are dropped


def body_lines(body: list[Block], style: Body) -> list[Line]:
    text = soft if style.hyphenate else plain
    lines = []
    for i, block in enumerate(body):
        if block.kind in ("heading", "label"):
            lines.append(
                Line(
                    text(block.text),
                    style.size,
                    True,
                    style.height,
                    wrap=True,
                    before=style.heading_before,
                    after=style.heading_after,
                )
            )
        elif block.kind == "item":
            last = i + 1 == len(body) or body[i + 1].kind != "item"
            lines.append(
                Line(
                    BULLET + text(block.text),
                    style.size,
                    height=style.height,
                    wrap=True,
                    align=style.item_align,
                    indent=INDENT,
                    after=style.list_after if last else 0,
                )
            )
        else:
            lines.append(
                Line(text(block.text), style.size, height=style.height, wrap=True, align="J", after=style.para_after)
            )
    return lines


def closing_lines(closing: list[str], after: float = 0) -> list[Line]:
    """The lines after the body ("Im Auftrag", the sender), 6 mm below it."""
    return [Line(line, before=6 if i == 0 else 0, after=after) for i, line in enumerate(closing)]


@dataclass(frozen=True)
class Columns:
    """A body in two columns (sizes in pt, spaces in mm)."""

    size: float = 9.5
    gutter: float = 8
    gap: float = 2  # after a paragraph
    one_flow: bool = False  # the body as one text whose paragraphs end with a line break and `gap`
    flow_dashes: bool = False  # with `one_flow`: list items start with a dash too (as they do without it)


def columns(pdf: FPDF, body: list[Block], style: Columns, closing: list[str] = ()) -> None:
    """The body in two balanced, justified columns of fpdf2, hyphenated at the marks; the closing
    lines, if given, at the end of the last column."""
    pdf.set_font("DejaVu", "", style.size)
    with pdf.text_columns(ncols=2, gutter=style.gutter, text_align="J", line_height=1.2, balance=True) as cols:
        for block in body:
            if style.one_flow:
                cols.write((BULLET if style.flow_dashes and block.kind == "item" else "") + soft(block.text))
                cols.ln()
                cols.ln(style.gap)
            elif block.kind in ("heading", "label"):
                pdf.set_font("DejaVu", "B", style.size)
                with cols.paragraph(text_align="L", top_margin=3, bottom_margin=1) as par:
                    par.write(soft(block.text))
                pdf.set_font("DejaVu", "", style.size)
            elif block.kind == "item":
                with cols.paragraph(bottom_margin=1) as par:
                    par.write(BULLET + soft(block.text))
            else:
                with cols.paragraph(bottom_margin=style.gap) as par:
                    par.write(soft(block.text))
        if closing:
            with cols.paragraph(text_align="L", top_margin=4) as par:
                par.write("\n".join(closing))


def break_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy line breaking; a word may be split at a mark, the first part ending in "-"."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while True:
            candidate = plain(word) if not current else current + " " + plain(word)
            if pdf.get_string_width(candidate) <= width:
                current = candidate
                break
            parts = word.split(MARK)
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
                word = MARK.join(parts[split_at:])
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


def columns_by_line(
    pdf: FPDF, body: list[Block], size: float = 9.5, gutter: float = 8, line_height: float = 4.5
) -> None:
    """The body in two columns, broken into lines here (hyphenated at the marks) and each line
    set at its place, as some programs write PDFs: no text flow of fpdf2, no page breaks of it."""
    pdf.set_auto_page_break(False)
    col_w = (pdf.epw - gutter) / 2
    top, bottom = pdf.get_y(), pdf.h - 22  # mm from the page's top
    flow: list[tuple[str, str]] = []  # (style, text); style "", "B" or "gap"
    for block in body:
        if block.kind in ("heading", "label"):
            pdf.set_font("DejaVu", "B", size)
            flow += [("B", line) for line in break_lines(pdf, block.text, col_w)]
        else:
            pdf.set_font("DejaVu", "", size)
            flow += [("", line) for line in break_lines(pdf, block.text, col_w)]
            flow.append(("gap", ""))
    column, y = 0, top
    for style, line in flow:
        if style == "gap":
            y += line_height * 0.6
            continue
        if y + line_height > bottom:
            if column == 0:
                column, y = 1, top
            else:
                pdf.add_page()
                column, top = 0, 20  # a following page's columns start 20 mm from its top
                y = top
        pdf.set_font("DejaVu", "B" if style == "B" else "", size)
        pdf.text(pdf.l_margin + column * (col_w + gutter), y + line_height * 0.8, line)
        y += line_height


# ---------------------------------------------------------------- DOCX


def new_docx(margins: tuple[float, float] | None = None) -> docx.document.Document:
    """A document in Arial 11; `margins`: left and right in cm, else Word's default."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    if margins:
        section = document.sections[0]
        section.left_margin, section.right_margin = Cm(margins[0]), Cm(margins[1])
    return document


class Bold(str):
    """A paragraph of a table cell set in bold."""


def table(document, rows: list[list[str | list[str]]], in_header: bool = False, centered: bool = False) -> None:
    """A letterhead table at the top of the body or in the page header, its last column aligned
    right. A cell is a text or a list of paragraphs; "\\n" breaks a line; `Bold` texts are bold."""
    if in_header:
        section = document.sections[0]
        section.header.is_linked_to_previous = False
        width = section.page_width - section.left_margin - section.right_margin
        made = section.header.add_table(rows=len(rows), cols=max(map(len, rows)), width=width)
    else:
        made = document.add_table(rows=len(rows), cols=max(map(len, rows)))
    if centered:
        made.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, content in enumerate(row):
            cell = made.cell(r, c)
            texts = content if isinstance(content, list) else [content]
            cell.text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text)
            for paragraph, text in zip(cell.paragraphs, texts):
                if c == len(row) - 1:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if isinstance(text, Bold):
                    for run in paragraph.runs:
                        run.bold = True


@dataclass(frozen=True)
class Para:
    """A DOCX paragraph; `lead` is a bold run before the text ("Bezug:"); "\\n" breaks a line."""

    text: str = ""
    bold: bool | None = None  # None: as the style says
    size: float | None = None  # pt
    justify: bool = False
    bullet: bool = False
    space_after: float | None = None  # pt
    lead: str = ""


def write_docx(document, paras: list[Para]) -> None:
    for para in paras:
        paragraph = document.add_paragraph(style="List Bullet" if para.bullet else None)
        if para.lead:
            paragraph.add_run(para.lead).bold = True
        lines = para.text.split("\n") if para.text else []
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            if para.bold is not None:
                run.bold = para.bold
            if para.size:
                run.font.size = Pt(para.size)
            if i + 1 < len(lines):
                run.add_break()
        if para.justify:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if para.space_after is not None:
            paragraph.paragraph_format.space_after = Pt(para.space_after)


def body_paras(body: list[Block], heading_space_after: float | None = None, leads: tuple[str, ...] = ()) -> list[Para]:
    """A body's paragraphs: headings and labels bold, list items bulleted, paragraphs justified but
    for those starting with one of `leads` ("Bezug:"), which is set bold."""
    paras = []
    for block in body:
        text = plain(block.text)
        lead = next((lead for lead in leads if text.startswith(lead)), "")
        if block.kind in ("heading", "label"):
            paras.append(Para(text, bold=True, space_after=heading_space_after))
        elif block.kind == "item":
            paras.append(Para(text, bullet=True))
        elif lead:
            paras.append(Para(text[len(lead) :], lead=lead))
        else:
            paras.append(Para(text, justify=True))
    return paras
