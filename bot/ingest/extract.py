"""Records of what a circular states about a call it announces, for overviews, search and the
staff's review: deadlines by stage, amounts and rates, eligibility per applicant type, funders
and the other kinds of question. Each record is the passage that states it, chosen by the same
evidence ranking the answers use (bot/evidence.py), and cites the circular.
"""

from typing import List, Tuple

from sqlalchemy.orm import Session

from bot import evidence, verdicts
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.asks import Ask
from bot.models import CallFact, Deadline, Eligibility, FundingCall, Source
from bot.reading import find_amounts, find_dates, find_percents
from bot.states import STORED_VERDICTS, CallStatus, DeadlineKind
from bot.text import fold

_DEADLINE_KINDS = (
    ("interessenbekundung", DeadlineKind.INTERESSENBEKUNDUNG),
    ("skizze", DeadlineKind.PROJEKTSKIZZE),
    ("bewerb", DeadlineKind.BEWERBUNG),
    ("antr", DeadlineKind.ANTRAG),
)
# Facts kept per kind of question, under the topics the curated facts use.
_FACT_ASKS = (
    (Ask.FUNDING, None),
    (Ask.FUNDER, "funder"),
    (Ask.AIM, "aim"),
    (Ask.DURATION, "duration"),
    (Ask.PROCEDURE, "procedure"),
    (Ask.PROJECT_COUNT, "project_count"),
    (Ask.OUTCOME, "outcome"),
    (Ask.CONTACT, "contact"),
)
_LABEL_TOPICS = {"amount": "funding", "budget": "budget", "rate": "rate"}


def deadline_kind(sentence: str, date_at: int) -> DeadlineKind:
    """The stage a date belongs to: the last stage word before it, else the first after it."""
    before, after = fold(sentence[:date_at]), fold(sentence[date_at:])
    positions = [(before.rfind(cue), kind) for cue, kind in _DEADLINE_KINDS if cue in before]
    if positions:
        return max(positions)[1]
    return next((kind for cue, kind in _DEADLINE_KINDS if cue in after), DeadlineKind.FRIST)


def _deadlines(session: Session, call: FundingCall, source: Source) -> List[Deadline]:
    found: List[Tuple] = []
    for passage in evidence.passages(session, call, Ask.DEADLINE):
        for mention in find_dates(passage.text):
            if evidence.start_date(passage.text, mention):
                continue
            found.append((mention.day, deadline_kind(passage.text, mention.start), passage.text))
    unique = list({(day, kind): (day, kind, text) for day, kind, text in sorted(found)}.values())
    return [
        Deadline(stage=i + 1, kind=kind, due_on=day, note=None, evidence=text, sources=[source])
        for i, (day, kind, text) in enumerate(unique)
    ]


def _facts(session: Session, call: FundingCall, source: Source) -> List[CallFact]:
    facts = []
    for ask, topic in _FACT_ASKS:
        for passage in evidence.passages(session, call, ask)[:2]:
            fact = CallFact(
                topic=topic or _LABEL_TOPICS.get(passage.label, "funding"),
                text=passage.text,
                evidence=passage.text,
                sources=[source],
            )
            amounts = [a.euros for a in find_amounts(passage.text)]
            rates = [p.percent for p in find_percents(passage.text)]
            if fact.topic in ("funding", "budget") and amounts:
                fact.amount_max_eur = max(amounts)
            if fact.topic == "rate" and rates:
                fact.rate_max_percent = int(max(rates))
            facts.append(fact)
    for position, fact in enumerate(facts):
        fact.position = position
    return facts


def _eligibility(session: Session, call: FundingCall, source: Source) -> List[Eligibility]:
    rules = []
    for applicant in APPLICANT_LABELS:
        found = evidence.passages(session, call, Ask.ELIGIBILITY, applicant=applicant)
        read = [(p.text, reading) for p in found if (reading := verdicts.read(p.text, applicant))]
        verdict = verdicts.combine([r for _, r in read])
        if verdict in STORED_VERDICTS:
            condition = " ".join(dict.fromkeys(r.clause for _, r in read))
            rules.append(
                Eligibility(
                    applicant_type=applicant,
                    verdict=verdict,
                    condition=condition,
                    evidence=" ".join(dict.fromkeys(text for text, _ in read)),
                    sources=[source],
                )
            )
    return rules


def replace_extracted_records(session: Session, call: FundingCall, source: Source) -> None:
    """An extracted call's records reflect its circulars as they are now; reviewed calls and
    calls staff have changed are never touched."""
    if call.status != CallStatus.EXTRACTED or call.changes:
        # Staff corrected it on the staff app: their records stay, approved or not yet.
        return
    if call.id is not None:
        call.facts, call.deadlines, call.eligibility = [], [], []
        session.flush()
    call.deadlines = _deadlines(session, call, source)
    call.facts = _facts(session, call, source)
    call.eligibility = _eligibility(session, call, source)
