"""The office's review of what ingestion extracted: correct, add or remove a call's records,
approve the call. Every change is recorded with who, when, the old and the new value; an
approved call answers without the "not yet reviewed" note, and ingestion never touches it again
(bot/ingest/extract.py leaves reviewed calls and calls with recorded changes alone).
"""

from dataclasses import dataclass
from datetime import date
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot import knowledge
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.dates import german_date, utc_now
from bot.models import CallAlias, CallChange, CallFact, Deadline, Eligibility, FundingCall, Source
from bot.states import STORED_VERDICTS, CallStatus, DeadlineKind, SourceKind
from bot.wording import DEADLINE_KINDS, VERDICT_WORDS

# The topics staff can keep facts under, in the order the call page shows them.
FACT_TOPICS = {
    "funding": "Fördersumme",
    "budget": "Fördervolumen insgesamt",
    "rate": "Förderquote",
    "funder": "Fördergeber",
    "framework": "Rahmenprogramm",
    "legal_basis": "Rechtsgrundlage",
    "aim": "Ziel",
    "topics": "Themen",
    "duration": "Laufzeit",
    "procedure": "Verfahren",
    "published": "Veröffentlichung",
    "project_count": "Zahl der Projekte",
    "outcome": "Ergebnis",
    "involvement": "Beteiligung des Landkreistages",
    "contact": "Ansprechpartner",
}
CALL_FIELDS = {"name": "Name", "program": "Programm", "round_label": "Runde"}
MAX_TEXT = 4000


class ReviewError(ValueError):
    """A German message for staff: the value cannot be saved as entered."""


@dataclass
class AwaitingCall:
    call: FundingCall
    circulars: List[str]  # numbers of the circulars that announce it
    records: int


def _newest_first(number: str) -> tuple:
    """Sort key of a circular number "014/2020": by year, then number."""
    serial, _, year = number.partition("/")
    return (year, serial)


def awaiting_review(session: Session) -> List[AwaitingCall]:
    """Extracted calls not yet approved, those of the newest circulars first."""
    calls = session.execute(
        select(FundingCall)
        .where(FundingCall.status == CallStatus.EXTRACTED)
        .options(selectinload(FundingCall.circular_links))
    ).scalars()
    found = []
    for call in calls:
        numbers = sorted((link.circular.number for link in call.circular_links), key=_newest_first, reverse=True)
        found.append(AwaitingCall(call, numbers, len(call.deadlines) + len(call.facts) + len(call.eligibility)))
    return sorted(found, key=lambda a: _newest_first(a.circulars[0]) if a.circulars else ("", ""), reverse=True)


def call_changes(call: FundingCall) -> List[CallChange]:
    return sorted(call.changes, key=lambda c: c.id, reverse=True)


def _record(call: FundingCall, by: str, field: str, old: Optional[str], new: Optional[str]) -> None:
    if old != new:
        call.changes.append(CallChange(changed_by=by, changed_at=utc_now(), field=field, old_value=old, new_value=new))


def _clean(text: Optional[str], what: str, required: bool = False) -> Optional[str]:
    value = " ".join((text or "").split())
    if required and not value:
        raise ReviewError(f"Bitte geben Sie {what} an.")
    if len(value) > MAX_TEXT:
        raise ReviewError(f"{what[0].upper()}{what[1:]} ist zu lang (höchstens {MAX_TEXT} Zeichen).")
    return value or None


def _call_sources(session: Session, call: FundingCall) -> List[Source]:
    """What a record staff add cites: the circulars that announce the call."""
    numbers = [c.number for c in knowledge.announcing_circulars(call)]
    query = select(Source).where(Source.kind == SourceKind.CIRCULAR, Source.circular_number.in_(numbers))
    return list(session.execute(query).scalars())


# --- deadlines ---------------------------------------------------------------------------------


def describe_deadline(deadline: Optional[Deadline]) -> Optional[str]:
    if deadline is None:
        return None
    when = german_date(deadline.due_on) if deadline.due_on else "Datum offen"
    text = f"Stufe {deadline.stage}, {DEADLINE_KINDS.get(deadline.kind, deadline.kind)}: {when}"
    if deadline.originally_due_on:
        text += f", verlängert vom {german_date(deadline.originally_due_on)}"
    return text + (f"; {deadline.note}" if deadline.note else "")


def parse_day(text: Optional[str], what: str) -> Optional[date]:
    """A date from a form: ISO (the browser's date field) or German "30.09.2025"."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        if "." in value:
            day, month, year = (int(p) for p in value.split("."))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise ReviewError(f"{what} ist kein gültiges Datum (z. B. 30.09.2025).") from None


def save_deadline(
    session: Session,
    call: FundingCall,
    by: str,
    deadline_id: Optional[int],
    stage: Optional[int],
    kind: str,
    due_on: Optional[date],
    originally_due_on: Optional[date] = None,
    note: Optional[str] = None,
) -> Deadline:
    """Correct a deadline of the call, or add one (`deadline_id` None)."""
    if kind not in DEADLINE_KINDS:
        raise ReviewError("Bitte wählen Sie die Art der Frist.")
    if due_on is None:
        raise ReviewError("Bitte geben Sie das Datum der Frist an.")
    deadline = _owned(call.deadlines, deadline_id) if deadline_id else None
    old = describe_deadline(deadline)
    if deadline is None:
        deadline = Deadline(sources=_call_sources(session, call))
        call.deadlines.append(deadline)
    deadline.stage = stage or deadline.stage or max((d.stage for d in call.deadlines if d.stage), default=0) + 1
    deadline.kind = DeadlineKind(kind)
    deadline.due_on = due_on
    deadline.originally_due_on = originally_due_on
    deadline.note = _clean(note, "die Anmerkung")
    _record(call, by, f"Frist, Stufe {deadline.stage}", old, describe_deadline(deadline))
    session.flush()
    return deadline


def remove_deadline(session: Session, call: FundingCall, by: str, deadline_id: int) -> None:
    deadline = _owned(call.deadlines, deadline_id)
    _record(call, by, f"Frist, Stufe {deadline.stage}", describe_deadline(deadline), None)
    call.deadlines.remove(deadline)
    session.flush()


# --- facts -------------------------------------------------------------------------------------


def describe_fact(fact: Optional[CallFact]) -> Optional[str]:
    if fact is None:
        return None
    extras = []
    if fact.amount_min_eur is not None:
        extras.append(f"ab {fact.amount_min_eur:,} Euro".replace(",", "."))
    if fact.amount_max_eur is not None:
        extras.append(f"bis {fact.amount_max_eur:,} Euro".replace(",", "."))
    if fact.rate_max_percent is not None:
        extras.append(f"bis {fact.rate_max_percent} %")
    return fact.text + (f" [{', '.join(extras)}]" if extras else "")


def parse_whole_number(text: Optional[str], what: str) -> Optional[int]:
    """A whole number from a form: "300.000", "300 000" and "300000" alike."""
    value = (text or "").replace(".", "").replace(" ", "").replace("\u202f", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ReviewError(f"{what} muss eine ganze Zahl sein (z. B. 300.000).")
    return int(value)


def save_fact(
    session: Session,
    call: FundingCall,
    by: str,
    fact_id: Optional[int],
    topic: str,
    text: str,
    amount_max_eur: Optional[int] = None,
    rate_max_percent: Optional[int] = None,
) -> CallFact:
    """Correct a fact of the call, or add one (`fact_id` None)."""
    if topic not in FACT_TOPICS:
        raise ReviewError("Bitte wählen Sie, wozu die Angabe gehört.")
    statement = _clean(text, "den Text der Angabe", required=True)
    if rate_max_percent is not None and not 0 < rate_max_percent <= 100:
        raise ReviewError("Die Förderquote muss zwischen 1 und 100 Prozent liegen.")
    fact = _owned(call.facts, fact_id) if fact_id else None
    old = describe_fact(fact)
    old_topic = fact.topic if fact else topic
    if fact is None:
        fact = CallFact(sources=_call_sources(session, call), position=len(call.facts))
        call.facts.append(fact)
    fact.topic, fact.text = topic, statement
    fact.amount_max_eur, fact.rate_max_percent = amount_max_eur, rate_max_percent
    label = FACT_TOPICS[topic] if old_topic == topic else f"{FACT_TOPICS[old_topic]} → {FACT_TOPICS[topic]}"
    _record(call, by, label, old, describe_fact(fact))
    session.flush()
    return fact


def remove_fact(session: Session, call: FundingCall, by: str, fact_id: int) -> None:
    fact = _owned(call.facts, fact_id)
    _record(call, by, FACT_TOPICS.get(fact.topic, fact.topic), describe_fact(fact), None)
    call.facts.remove(fact)
    session.flush()


# --- eligibility -------------------------------------------------------------------------------


def describe_rule(rule: Optional[Eligibility]) -> Optional[str]:
    if rule is None:
        return None
    return VERDICT_WORDS.get(rule.verdict, rule.verdict) + (f" ({rule.condition})" if rule.condition else "")


def save_eligibility(
    session: Session, call: FundingCall, by: str, applicant_type: str, verdict: str, condition: Optional[str]
) -> Eligibility:
    """Whether an applicant type may apply, with its condition; one record per type."""
    if applicant_type not in APPLICANT_LABELS:
        raise ReviewError("Bitte wählen Sie die Art der Antragsteller.")
    if verdict not in STORED_VERDICTS:
        raise ReviewError("Bitte wählen Sie, ob sie teilnehmen dürfen.")
    condition = _clean(condition, "die Bedingung")
    if verdict == "conditional" and not condition:
        raise ReviewError("Bitte nennen Sie die Bedingung, unter der sie teilnehmen dürfen.")
    rule = knowledge.eligibility_for(call, applicant_type)
    old = describe_rule(rule)
    if rule is None:
        rule = Eligibility(applicant_type=applicant_type, sources=_call_sources(session, call))
        call.eligibility.append(rule)
    rule.verdict, rule.condition = verdict, condition
    _record(call, by, f"Teilnahme: {APPLICANT_LABELS[applicant_type]}", old, describe_rule(rule))
    session.flush()
    return rule


def remove_eligibility(session: Session, call: FundingCall, by: str, applicant_type: str) -> None:
    rule = knowledge.eligibility_for(call, applicant_type)
    if rule is None:
        raise ReviewError("Diese Angabe gibt es nicht (mehr).")
    _record(call, by, f"Teilnahme: {APPLICANT_LABELS.get(applicant_type, applicant_type)}", describe_rule(rule), None)
    call.eligibility.remove(rule)
    session.flush()


# --- the call itself ---------------------------------------------------------------------------


def save_call_fields(session: Session, call: FundingCall, by: str, name: str, program: str, round_label: str) -> None:
    """Name, program and round; a new name also becomes a name users can ask by (an alias)."""
    new = {
        "name": _clean(name, "den Namen", required=True),
        "program": _clean(program, "das Programm", required=True),
        "round_label": _clean(round_label, "die Runde"),
    }
    for field, value in new.items():
        if value is not None and len(value) > 200:
            raise ReviewError(f"{CALL_FIELDS[field]} ist zu lang (höchstens 200 Zeichen).")
    for field, value in new.items():
        _record(call, by, CALL_FIELDS[field], getattr(call, field), value)
        setattr(call, field, value)
    if not any(a.alias == call.name for a in call.aliases):
        call.aliases.append(CallAlias(alias=call.name))
    session.flush()


def approve(session: Session, call: FundingCall, by: str) -> None:
    """The call's records are checked: answers state them without the "not yet reviewed" note."""
    if call.status == CallStatus.REVIEWED:
        raise ReviewError("Dieser Förderaufruf ist bereits geprüft.")
    _record(call, by, "Status", "automatisch übernommen, ungeprüft", "geprüft und freigegeben")
    call.status = CallStatus.REVIEWED
    call.reviewed_by, call.reviewed_at = by, utc_now()
    session.flush()


def _owned(records: list, record_id: Optional[int]):
    """The record of this call with that id: a form cannot reach another call's records."""
    found = next((r for r in records if r.id == record_id), None)
    if found is None:
        raise ReviewError("Diese Angabe gibt es nicht (mehr). Bitte laden Sie die Seite neu.")
    return found
