"""Read the header of a circular: number, date and place, recipients, subject, Bezug, summary.

It works on lines, not paragraphs: text taken from PDFs often has no blank lines between them.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional, Tuple

import dateparser

from bot.dates import MONTHS
from bot.text import find_circular_numbers

_NUMBER_LINE = re.compile(r"^Rundschreiben\s+(?:Nr\.?\s*)?(\d{1,4}\s*/\s*(?:19|20)\d{2})\s*$", re.I)
# Month names as written, "Maerz" too (text exported without umlauts).
_MONTH_NUMBERS = {**{name: number for number, name in enumerate(MONTHS, start=1)}, "Maerz": 3}
DATE_PATTERN = rf"\d{{1,2}}\.\s*(?:\d{{1,2}}\.\s*|(?:{'|'.join(_MONTH_NUMBERS)})\s+)(?:19|20)\d{{2}}"
_DATE = DATE_PATTERN
_PLACE_DATE = re.compile(rf"^([A-ZÄÖÜ][\w.()\- ]{{1,40}}?),\s*(?:den\s+)?({_DATE})$")
_REFERENCE = re.compile(rf"(\d{{1,4}}\s*/\s*(?:19|20)\d{{2}})(?:\s+vom\s+({_DATE}))?")
LABEL = re.compile(r"^(Bezug|Betreff|Betr\.|Kurzfassung|Anlagen?)\s*:\s*", re.I)
_RECIPIENTS = re.compile(r"^an\s+(?:die|alle|den)\b\s*", re.I)
SUMMARY_LIMIT = 1200  # characters, when no blank line ends the Kurzfassung


@dataclass
class CircularHeader:
    number: Optional[str] = None
    issued_on: Optional[date] = None
    place: Optional[str] = None
    recipients: Optional[str] = None
    subject: Optional[str] = None
    references: List[Tuple[str, Optional[date]]] = field(default_factory=list)
    summary: Optional[str] = None


_EXACT_DATE = re.compile(r"(\d{1,2})\.\s*(?:(\d{1,2})\.\s*|(\w+)\s+)((?:19|20)\d{2})")


def parse_german_date(text: str) -> Optional[date]:
    # The two forms circulars use are read directly (dateparser costs ~1.5 ms a call, which
    # bounded ingestion speed); anything else goes to dateparser.
    exact = _EXACT_DATE.fullmatch(text.strip())
    if exact and (exact.group(2) or exact.group(3) in _MONTH_NUMBERS):
        day, month = int(exact.group(1)), int(exact.group(2) or _MONTH_NUMBERS[exact.group(3)])
        try:
            return date(int(exact.group(4)), month, day)
        except ValueError:
            return None
    parsed = dateparser.parse(text, languages=["de"], settings={"DATE_ORDER": "DMY"})
    return parsed.date() if parsed else None


def _block(lines: List[str], start: int, first: str, limit: int) -> str:
    """`first` and the lines after `start` up to a blank line, a label or `limit` characters."""
    parts = [first] if first else []
    for line in lines[start + 1:]:
        if not line or LABEL.match(line) or sum(map(len, parts)) > limit:
            break
        parts.append(line)
    return " ".join(parts)


def _is_structural(line: str) -> bool:
    return bool(LABEL.match(line) or _PLACE_DATE.match(line) or _NUMBER_LINE.match(line)
                or _RECIPIENTS.match(line))


def parse_header(text: str) -> CircularHeader:
    """Read the header from the cleaned lines of a circular."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    header = CircularHeader()
    number_at = None
    for index, line in enumerate(lines):
        label = LABEL.match(line)
        kind = label.group(1).lower() if label else ""
        if kind == "bezug" and not header.references:
            block = _block(lines, index, line, 300)
            header.references = [(find_circular_numbers(n)[0], parse_german_date(d) if d else None)
                                 for n, d in _REFERENCE.findall(block)]
        elif kind == "kurzfassung" and header.summary is None:
            header.summary = _block(lines, index, line[label.end():], SUMMARY_LIMIT) or None
        elif kind.startswith("betr") and header.subject is None:
            header.subject = _block(lines, index, line[label.end():], 300) or None
        elif header.number is None and _NUMBER_LINE.match(line):
            header.number = find_circular_numbers(_NUMBER_LINE.match(line).group(1))[0]
            number_at = index
        elif header.issued_on is None and _PLACE_DATE.match(line):
            match = _PLACE_DATE.match(line)
            header.place, header.issued_on = match.group(1).strip(), parse_german_date(match.group(2))
        elif header.recipients is None and _RECIPIENTS.match(line):
            recipients = [line]
            for following in lines[index + 1:index + 4]:
                if not following or _is_structural(following):
                    break
                recipients.append(following)
            header.recipients = _RECIPIENTS.sub("", " ".join(recipients)).strip()
    if header.subject is None and number_at is not None:
        # Without a "Betreff:" label the subject is the first plain line after the number.
        header.subject = next((l for l in lines[number_at + 1:] if l and not _is_structural(l)), None)
    return header
