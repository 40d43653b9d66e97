"""The closed sets of values that records and results take: a call's status, a circular's link
to a call, an eligibility verdict, a source's kind, a deadline's kind, a file's ingest result.

Each is a `str` enum: a member equals, hashes and formats as its value, so stored rows, the
knowledge files and the wording keep the bare strings. The database refuses other values by
CHECK constraints (bot/models.py; migration 0006, which writes the values out as they were then).
"""

from enum import Enum
from typing import Iterable


class State(str, Enum):
    """A value of a closed set; `str()` and f-strings give the value itself, on any Python."""

    def __str__(self) -> str:
        return str.__str__(self)


class CallStatus(State):
    REVIEWED = "reviewed"  # curated, or approved by staff: never overwritten by ingestion
    EXTRACTED = "extracted"  # created by ingestion; its records are what its circulars state


class LinkRole(State):
    """What a circular does with a call."""

    ANNOUNCES = "announces"
    MENTIONS = "mentions"  # e.g. reports on an earlier round


class Verdict(State):
    """Whether an applicant type may take part."""

    YES = "yes"
    NO = "no"
    CONDITIONAL = "conditional"
    # Read from a sentence, never stored: it names who may apply, and this type is not among them.
    NOT_LISTED = "not_listed"


# The verdicts an eligibility record holds.
STORED_VERDICTS = (Verdict.YES, Verdict.NO, Verdict.CONDITIONAL)


class SourceKind(State):
    CIRCULAR = "circular"  # one of the association's circulars, cited by number
    PUBLICATION = "publication"  # a public announcement, cited by label


class DeadlineKind(State):
    """The stage a deadline ends."""

    PROJEKTSKIZZE = "projektskizze"
    INTERESSENBEKUNDUNG = "interessenbekundung"
    ANTRAG = "antrag"
    BEWERBUNG = "bewerbung"
    FRIST = "frist"  # a date to submit by, of no named stage


class UnansweredReason(State):
    """Why a turn is listed for the office: the assistant could not answer, or the user said so."""

    FALLBACK = "fallback"  # the question was not understood
    NOT_KNOWN = "not_known"  # a call, circular or topic the database does not hold
    NOT_STATED = "not_stated"  # the call's sources do not state what was asked
    THUMBS_DOWN = "thumbs_down"  # the user marked the answer as not helpful


class FileStatus(State):
    """What ingesting a file did (not stored)."""

    INGESTED = "ingested"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


def check_values(column: str, values: Iterable[State]) -> str:
    """The SQL condition of a CHECK constraint: `column IN ('a', 'b')`."""
    quoted = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({quoted})"
