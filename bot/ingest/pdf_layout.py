"""Text of a PDF page in reading order, also when its body is set in two columns.

pypdf returns text in the order of the page's drawing operations and joins fragments that share
a baseline, so two columns drawn row by row come out interleaved ("Das Programm für  Anträge
sind bis ..."). Here the fragments are read with their positions: where a second column is
found, full-width lines above it come first, then the left column, the right column, and the
rest of the page below.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional

# A right column needs this many lines starting at the same x, in the middle of the page.
MIN_COLUMN_LINES = 3
# Rough width of a Helvetica/Arial character in em; only used to see which lines are full width.
CHAR_WIDTH_EM = 0.5


@dataclass
class Fragment:
    text: str
    x: float
    y: float
    size: float

    @property
    def end(self) -> float:
        return self.x + len(self.text) * self.size * CHAR_WIDTH_EM


def _multiply(m, n):
    """Product of two PDF matrices [a b c d e f]."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def fragments(page) -> List[Fragment]:
    found: List[Fragment] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            matrix = _multiply(tm, cm)
            found.append(Fragment(text.strip(), matrix[4], matrix[5], (size or 10) * abs(matrix[3] or 1)))

    page.extract_text(visitor_text=visit)
    return found


def _right_column_x(parts: List[Fragment], width: float) -> Optional[float]:
    """The x where a right column starts, if one does: many fragments start at it mid-page."""
    starts: Dict[int, List[Fragment]] = {}
    for part in parts:
        if 0.3 * width <= part.x <= 0.7 * width:
            starts.setdefault(round(part.x), []).append(part)
    if not starts:
        return None
    x, column = max(starts.items(), key=lambda item: len(item[1]))
    if len({round(p.y) for p in column}) < MIN_COLUMN_LINES:
        return None
    # Beside it there must be a left column on the same lines, not just right-aligned dates.
    bottom, top = min(c.y for c in column), max(c.y for c in column)
    beside = {round(p.y) for p in parts if p.x < x - 5 and p.end <= x + 20 and bottom <= p.y <= top}
    return float(x) if len(beside) >= MIN_COLUMN_LINES else None


def _lines(parts: List[Fragment]) -> List[str]:
    """Fragments grouped by baseline, top to bottom, left to right; a blank line where the gap
    between lines is wider than a line, as between paragraphs."""
    rows: Dict[int, List[Fragment]] = {}
    for part in parts:
        rows.setdefault(round(part.y), []).append(part)
    lines: List[str] = []
    previous = None
    for y, row in sorted(rows.items(), key=lambda item: -item[0]):
        size = max(p.size for p in row)
        if previous is not None and previous - y > 1.6 * size:
            lines.append("")
        lines.append(" ".join(p.text for p in sorted(row, key=lambda p: p.x)))
        previous = y
    return lines


def _left_run_on(left: List[Fragment], below: List[Fragment], column_x: float) -> List[Fragment]:
    """Rows below the right column that continue the left one: they stay within its width and
    follow its last line without a wider gap than between paragraphs."""
    if not left:
        return []
    rows: Dict[int, List[Fragment]] = {}
    for part in below:
        rows.setdefault(round(part.y), []).append(part)
    previous = min(p.y for p in left)
    run_on: List[Fragment] = []
    for y, row in sorted(rows.items(), key=lambda item: -item[0]):
        size = max(p.size for p in row)
        if any(p.end > column_x + 20 or p.x >= column_x - 1 for p in row) or previous - y > 3 * size:
            break
        run_on += row
        previous = y
    return run_on


def page_text(page) -> str:
    parts = fragments(page)
    column_x = _right_column_x(parts, float(page.mediabox.width)) if parts else None
    if column_x is None:
        return page.extract_text() or ""
    # The column block spans the lines that start exactly at the column; a right-aligned date
    # above it is not part of it.
    column = [p for p in parts if abs(p.x - column_x) < 2]
    top, bottom = max(p.y for p in column) + 1, min(p.y for p in column) - 1
    inside = [p for p in parts if bottom <= p.y <= top]
    left = [p for p in inside if p.x < column_x - 1]
    right = [p for p in inside if p.x >= column_x - 1]
    above = [p for p in parts if p.y > top]
    below = [p for p in parts if p.y < bottom]
    # The left column may run on below the right one's last line: those lines are still its.
    run_on = _left_run_on(left, below, column_x)
    left += run_on
    below = [p for p in below if p not in run_on]
    # A paragraph may run on from the left column into the right one: no break between them.
    return "\n".join(_lines(above) + [""] + _lines(left) + _lines(right) + [""] + _lines(below))
