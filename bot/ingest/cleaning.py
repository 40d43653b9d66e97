"""Clean the text of a circular: page headers and footers, page numbers, hyphenation, layout."""

import re
from collections import Counter
from typing import List

from bot.text import dehyphenate

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d+\s*-|Seite\s+\d+(?:\s+von\s+\d+)?|\d+\s*/\s*\d+|\d+)\s*$", re.I)


def _edge_lines(page: str, count: int = 2) -> List[str]:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[:count] + lines[-count:]


def page_lines(pages: List[str]) -> str:
    """The text's lines without page furniture (lines repeated at the edges of most pages,
    page numbers) and without line-break hyphenation; line structure is kept for the header."""
    repeated = set()
    if len(pages) > 1:
        counts = Counter(line for page in pages for line in set(_edge_lines(page)))
        repeated = {line for line, n in counts.items() if n >= max(2, len(pages) // 2 + 1)}
    kept = [
        line
        for page in pages
        for line in page.replace("\r\n", "\n").split("\n")
        if line.strip() not in repeated and not _PAGE_NUMBER.match(line)
    ]
    # A paragraph may run across a page break, so pages join with a plain line break.
    return dehyphenate("\n".join(kept))
