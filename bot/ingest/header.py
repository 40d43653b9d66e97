"""Read the header of a circular: number, date and place, recipients, subject, Bezug, summary.

It works on lines, not paragraphs: text taken from PDFs often has no blank lines between them.
A letterhead line may hold several fields side by side, set apart by tabs or wide spaces
("Rundschreiben Nr. 156/2023<TAB>Magdeburg, 14.07.2023"), as table rows of a DOCX letterhead
come out too, so each line is read as cells.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional, Set, Tuple

from bot.reading import find_dates, read_date
from bot.text import find_circular_numbers

# "Bezug: …", "Kurzfassung:"; a label alone on its line may go without its colon.
LABEL = re.compile(r"^(Bezug|Betreff|Betr\.|Kurzfassung|Anlagen?)(?:\s*:\s*|\s*$)", re.I)
# A cell that states the circular's own number: it starts with the number, not with "Bezug" or
# "Mit Rundschreiben ..." as body sentences do.
_NUMBER_CELL = re.compile(
    r"^(?:(?:RS|Rdschr\.?|Rundschreiben)\b[\s-]*(?:Nr\.?|Nummer)?|Nr\.?)\s*:?\s*\d{1,4}\s*/\s*\d{2,4}\b", re.I
)
_DATE_TEXT = r"\d{1,2}\.\s*(?:\d{1,2}\.\s*(?:\d{4}|\d{2})|[A-Za-zäöüÄÖÜ]+\.?\s+\d{4})"
_PLACE_DATE = re.compile(rf"([A-ZÄÖÜ][\w.\-]+(?:\s\([\w.\- ]+\))?),\s*(?:den\s+)?({_DATE_TEXT})\s*$")
_DATE_CELL = re.compile(rf"^(?:Datum\s*:?\s*)?({_DATE_TEXT})$", re.I)
_REFERENCE = re.compile(r"(?:\d{1,4}\s*/\s*\d{2,4})")
_RECIPIENTS = re.compile(r"^an\s+(?:die|alle|den)\b\s*", re.I)
# The last line of an address block ("in Sachsen-Anhalt"), where a PDF left it apart from "An die".
_RECIPIENT_TAIL = re.compile(r"^(?:in|im)\s+\S+(?:\s+\S+)?$")
# Letterhead furniture: the sender's address, phone, file reference, case officer, web address.
_FURNITURE = re.compile(
    r"^(?:Landkreistag Sachsen-Anhalt\b.{0,40}$|Geschäftsstelle\b.{0,40}$|Telefon|Tel\.|Fax|E-Mail|Mail|Internet|www\.|https?://|"
    r"Az\.|Aktenzeichen|Unser Zeichen|Ihr Zeichen|Bearbeite|Sachbearbeit|Ansprechpartner|Durchwahl|"
    r"Seite \d|\d{5}\s+\w+$|[\w.\- ]+(?:stra(?:ß|ss)e|str\.|platz|weg|allee)\s+\d+\w?$)",
    re.I,
)
# "1. Hintergrund": the body's first section ends a Kurzfassung that no blank line ends.
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})\.\s+[A-ZÄÖÜ][^.!?]{0,80}$")
SUMMARY_LIMIT = 1200
# A line this long is a whole paragraph: no layout wraps lines so wide.
PARAGRAPH_LINE = 200  # characters, when no blank line ends the Kurzfassung
# The header is where a letterhead stands; a number or date further down belongs to the body.
HEADER_LINES = 40


@dataclass
class CircularHeader:
    number: Optional[str] = None
    issued_on: Optional[date] = None
    place: Optional[str] = None
    recipients: Optional[str] = None
    subject: Optional[str] = None
    references: List[Tuple[str, Optional[date]]] = field(default_factory=list)
    summary: Optional[str] = None


def parse_german_date(text: str) -> Optional[date]:
    return read_date(text)


def cells(line: str) -> List[str]:
    """The fields of a letterhead line: split at tabs or runs of three or more spaces."""
    return [" ".join(cell.split()) for cell in re.split(r"\t+|\s{3,}", line) if cell.strip()]


def _block(lines: List[str], start: int, first: str, limit: int) -> str:
    """`first` and the lines after `start` up to a blank line, a label or `limit` characters."""
    parts = [first] if first else []
    for line in lines[start + 1 :]:
        if not line or LABEL.match(line) or _NUMBERED_HEADING.match(line) or _SALUTATION.match(line):
            break
        if sum(map(len, parts)) > limit:
            break
        parts.append(line)
    return " ".join(parts)


def _summary(lines: List[str], start: int, first: str) -> str:
    """The Kurzfassung: up to a blank line, a label or a heading; where the text has paragraphs as
    lines (a DOCX) rather than layout lines (a PDF), one paragraph."""
    parts = [first] if first else []
    for line in lines[start + 1 :]:
        ends = not line or LABEL.match(line) or _NUMBERED_HEADING.match(line)
        if ends or sum(map(len, parts)) > SUMMARY_LIMIT or (parts and len(line) > PARAGRAPH_LINE):
            break
        parts.append(line)
        if len(line) > PARAGRAPH_LINE:
            break
    return " ".join(parts)


def _number_in(cell: str) -> Optional[str]:
    if not _NUMBER_CELL.match(cell):
        return None
    found = find_circular_numbers(cell)
    return found[0] if found else None


def _place_and_date(cell: str) -> Tuple[Optional[str], Optional[date]]:
    match = _PLACE_DATE.search(cell)
    if match:
        return match.group(1).strip(), read_date(match.group(2))
    match = _DATE_CELL.match(cell)
    return (None, read_date(match.group(1))) if match else (None, None)


def _is_structural(line: str) -> bool:
    return bool(
        LABEL.match(line)
        or _RECIPIENTS.match(line)
        or _FURNITURE.match(line)
        or any(_number_in(c) or any(_place_and_date(c)) for c in cells(line))
    )


def _references(block: str) -> List[Tuple[str, Optional[date]]]:
    """Numbers in a Bezug line, each with the date written after it ("Nr. 14/2020 vom 8. Januar 2020")."""
    found = []
    for match in _REFERENCE.finditer(block):
        numbers = find_circular_numbers(block[max(0, match.start() - 20) : match.end()])
        if not numbers:
            continue
        after = block[match.end() : match.end() + 30]
        dated = re.match(r"\s*vom\s+", after)
        dates = find_dates(after) if dated else []
        found.append((numbers[-1], dates[0].day if dates else None))
    return list(dict.fromkeys(found))


def parse_header(text: str) -> CircularHeader:
    """Read the header from the cleaned lines of a circular."""
    raw_lines = text.split("\n")
    lines = [" ".join(line.split()) for line in raw_lines]
    header = CircularHeader()
    number_at = None
    recipient_lines: List[int] = []
    for index, (raw, line) in enumerate(zip(raw_lines, lines)):
        label = LABEL.match(line)
        kind, rest = (label.group(1).lower(), line[label.end() :]) if label else ("", line)
        if kind == "bezug" and not header.references:
            header.references = _references(_block(lines, index, line, 300))
        elif kind == "kurzfassung" and header.summary is None:
            header.summary = _summary(lines, index, rest) or None
        elif kind.startswith("betr") and header.subject is None:
            header.subject = _block(lines, index, rest, 300) or None
        elif index < HEADER_LINES and not label:
            for cell in cells(raw):
                number = _number_in(cell)
                if number and header.number is None:
                    header.number, number_at = number, index
                place, day = _place_and_date(cell)
                if day and header.issued_on is None:
                    header.place, header.issued_on = place, day
            recipient_cell = next((c for c in cells(raw) if _RECIPIENTS.match(c)), None)
            if header.recipients is None and recipient_cell:
                header.recipients, recipient_lines = _recipients(raw_lines, index, recipient_cell)
    if header.number is None:
        # A PDF may set the number beside "An die" with a single space between: read it in the line.
        number_at = _number_within_lines(lines[:HEADER_LINES], header)
    if header.subject is None and number_at is not None:
        header.subject = _subject_after(lines, number_at, set(recipient_lines))
    return header


# "Rundschreiben Nr. 611/2019" inside a letterhead line, not "mit Rundschreiben Nr. …" in a sentence.
_NUMBER_WITHIN = re.compile(
    r"(?<!unser )(?<!unseres )(?<!mit )(?<!dem )(?<!im )(?<!vom )(?<!zum )"
    r"\b(?:RS|Rundschreiben)\s*(?:Nr\.?|Nummer)?\s*:?\s*\d{1,4}\s*/\s*\d{2,4}\b",
    re.I,
)


def _number_within_lines(lines: List[str], header: CircularHeader) -> Optional[int]:
    for index, line in enumerate(lines):
        if LABEL.match(line):
            continue
        match = _NUMBER_WITHIN.search(line)
        if match:
            header.number = find_circular_numbers(match.group(0))[0]
            if header.issued_on is None:
                header.place, header.issued_on = _place_and_date(line[match.end() :].strip())
            return index
    return None


def _recipients(raw_lines: List[str], index: int, first: str) -> Tuple[str, List[int]]:
    """ "An die" and the lines below it, in the same column where the letterhead has several;
    and the indices of those lines."""
    column = next(i for i, c in enumerate(cells(raw_lines[index])) if c == first)
    recipients, taken = [first], [index]
    for offset, following in enumerate(raw_lines[index + 1 : index + 4], start=index + 1):
        fields = cells(following)
        text = fields[column] if column < len(fields) else ""
        if not text or _is_structural(text):
            break
        recipients.append(text)
        taken.append(offset)
    text = _NUMBER_WITHIN.sub(" ", _RECIPIENTS.sub("", " ".join(recipients)))
    text = re.sub(rf"[A-ZÄÖÜ][\w.\-]+,\s*(?:den\s+)?{_DATE_TEXT}", " ", text)
    return " ".join(text.split()), taken


def _subject_after(lines: List[str], number_at: int, recipient_lines: Set[int]) -> Optional[str]:
    """Without a "Betreff:" label the subject is the first plain line after the number, after
    the recipients' block if that follows the number."""
    index = number_at + 1
    while index < len(lines):
        line = lines[index]
        if index in recipient_lines or _RECIPIENT_TAIL.match(line):
            index += 1
            continue
        if _RECIPIENTS.match(line):
            index += 1
            while index < len(lines) and lines[index] and not _is_structural(lines[index]):
                index += 1
            continue
        if line and not _is_structural(line) and not _LONE_WORD.match(line):
            return _continued(lines, index)
        index += 1
    return None


# A single word on a line of the letterhead ("Magdeburg", "EILT") is no subject.
_LONE_WORD = re.compile(r"^\S+$")


# The letter begins: a PDF may set no blank line between the subject and it.
_SALUTATION = re.compile(r"^\s*(?:sehr geehrte|liebe|guten tag)\b", re.I)


def _continued(lines: List[str], index: int, limit: int = 250) -> str:
    """A subject set over several lines: the lines up to a blank one, a label or a full stop."""
    parts = [lines[index]]
    for following in lines[index + 1 : index + 4]:
        if (
            not following
            or _is_structural(following)
            or _SALUTATION.match(following)
            or parts[-1].endswith((".", ":"))
            or sum(map(len, parts)) + len(following) > limit
        ):
            break
        parts.append(following)
    return " ".join(parts)
