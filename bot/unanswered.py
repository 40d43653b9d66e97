"""Questions the assistant could not answer, kept for the office so that staff can add the missing
fact or circular: the fallback, a call or circular it does not know, a question its sources leave
open, and answers a user marked as not helpful.

Only the words of the question (and of the answer given) are kept, with the hour it was asked:
no sender id, no slots. E-mail addresses and phone numbers are replaced before anything is stored,
and `bot forget` deletes what is older than the retention period (docs/privacy.md).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Match, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.models import UnansweredQuestion
from bot.states import UnansweredReason
from bot.text import fold

MAX_QUESTION_CHARS = 500
MAX_ANSWER_CHARS = 2000

# What the office reads for each reason (the staff page, `bot unanswered`).
REASON_LABELS = {
    UnansweredReason.FALLBACK: "nicht verstanden",
    UnansweredReason.NOT_KNOWN: "nicht bekannt",
    UnansweredReason.NOT_STATED: "nicht angegeben",
    UnansweredReason.THUMBS_DOWN: "als nicht hilfreich markiert",
}

EMAIL_PLACEHOLDER = "[E-Mail]"
PHONE_PLACEHOLDER = "[Telefon]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number starts with "+", "00" or a "0" area code and has at least 8 digits. Dots are no
# separator and nothing starts after one, so dates ("01.07.2020"), "Heimat 2.0 (2020-2023)" and
# circular numbers ("014/2020", 7 digits) stay.
_PHONE = re.compile(r"(?<![\w+.,])(?:\+\d|\(?0)[\d \t/()-]{5,}\d")
_PHONE_MIN_DIGITS = 8


def _phone_or_kept(match: Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group())
    return PHONE_PLACEHOLDER if digits >= _PHONE_MIN_DIGITS else match.group()


def scrub(text: str) -> str:
    """The text with e-mail addresses and phone numbers replaced."""
    return _PHONE.sub(_phone_or_kept, _EMAIL.sub(EMAIL_PLACEHOLDER, text)).strip()


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def question_key(question: str) -> str:
    """What makes two questions the same: their words, ignoring case, umlaut spelling and
    punctuation ("Bis wann läuft X?" and "bis wann laeuft x")."""
    return " ".join(re.findall(r"\w+", fold(question)))


def _this_hour() -> datetime:
    # The hour only: enough to list the newest first, too coarse to match a web server's log line.
    return datetime.utcnow().replace(minute=0, second=0, microsecond=0)


def record(
    session: Session,
    question: str,
    reason: UnansweredReason,
    answer: Optional[str] = None,
    asked_at: Optional[datetime] = None,
) -> Optional[UnansweredQuestion]:
    """Keep a question for the office; None (nothing kept) where no words are left to keep."""
    text = _capped(" ".join(scrub(question or "").split()), MAX_QUESTION_CHARS)
    if not question_key(text):
        return None
    row = UnansweredQuestion(
        asked_at=asked_at or _this_hour(),
        question=text,
        reason=UnansweredReason(reason),
        answer=_capped(scrub(answer), MAX_ANSWER_CHARS) if answer else None,
    )
    session.add(row)
    return row


@dataclass
class UnansweredGroup:
    """The times one question was left unanswered: its newest wording and answer, and why."""

    question: str
    last_asked: datetime
    answer: Optional[str] = None
    count: int = 0
    reasons: Dict[UnansweredReason, int] = field(default_factory=dict)

    @property
    def reason_labels(self) -> List[str]:
        """The reasons in German, the most frequent first, each with its count if more than once."""
        ordered = sorted(self.reasons.items(), key=lambda item: -item[1])
        return [f"{REASON_LABELS[r]} ({n}×)" if n > 1 else REASON_LABELS[r] for r, n in ordered]


def grouped(session: Session, limit: int = 100) -> List[UnansweredGroup]:
    """The `limit` questions asked most recently, each with how often and why it was left
    unanswered; the newest first."""
    rows = session.execute(
        select(UnansweredQuestion).order_by(UnansweredQuestion.asked_at.desc(), UnansweredQuestion.id.desc())
    ).scalars()
    groups: Dict[str, UnansweredGroup] = {}
    for row in rows:
        key = question_key(row.question)
        group = groups.get(key)
        if group is None:
            if len(groups) >= limit:
                continue  # older questions of no listed group; the listed ones still count theirs
            group = groups[key] = UnansweredGroup(row.question, row.asked_at, row.answer)
        group.count += 1
        reason = UnansweredReason(row.reason)
        group.reasons[reason] = group.reasons.get(reason, 0) + 1
        group.answer = group.answer or row.answer
    return list(groups.values())


def forget_older_than(session: Session, cutoff: datetime) -> int:
    """Delete the questions asked before `cutoff` (UTC); returns how many."""
    result = session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.asked_at < cutoff))
    return result.rowcount or 0
