"""A call's page: its records with their sources and the sentence each was read from (marked in
the circular's text), deadlines with their status, its rounds; for staff, forms to correct, add
and remove records and to approve the call (bot/review.py). And the list of calls awaiting review.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Dict, List, Optional

from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse, redirect
from sqlalchemy.orm import Session

from bot import knowledge, names, review
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.citations import cite_sources
from bot.config import today
from bot.dates import german_date, relative_to_today
from bot.models import FundingCall
from bot.staff.auth import staff_only
from bot.staff.common import render, with_session
from bot.staff.paths import circular_key
from bot.states import CallStatus
from bot.text import compact
from bot.wording import DEADLINE_KINDS, VERDICT_WORDS

SAVED = {
    "frist": "Die Frist ist gespeichert.",
    "frist-entfernt": "Die Frist ist entfernt.",
    "angabe": "Die Angabe ist gespeichert.",
    "angabe-entfernt": "Die Angabe ist entfernt.",
    "teilnahme": "Die Angabe zur Teilnahme ist gespeichert.",
    "teilnahme-entfernt": "Die Angabe zur Teilnahme ist entfernt.",
    "stammdaten": "Name, Programm und Runde sind gespeichert.",
    "freigegeben": "Der Förderaufruf ist geprüft und freigegeben. Der Assistent antwortet ab sofort ohne Prüfhinweis.",
}


@dataclass
class Sentence:
    anchor: str
    text: str
    marked: bool = False


@dataclass
class CircularText:
    key: str
    number: str
    heading: str
    role: str
    sentences: List[Sentence] = field(default_factory=list)


@dataclass
class Record:
    """One record as the page shows it: its values for the form, its text, sources and evidence."""

    values: Dict[str, object]
    text: str
    sources: List[str]
    evidence: Optional[str] = None
    anchor: Optional[str] = None  # the sentence in the circular's text it was read from
    status: str = ""
    status_class: str = ""


@dataclass
class CallPage:
    slug: str
    title: str
    name: str
    program: str
    round_label: str
    year: Optional[int]
    reviewed: bool
    reviewed_by: Optional[str]
    reviewed_at: Optional[datetime]
    aliases: List[str]
    rounds: List[Dict[str, object]]
    deadlines: List[Record]
    eligibility: List[Record]
    facts: List[Record]
    circulars: List[CircularText]
    changes: List[Dict[str, object]]


def _texts(call: FundingCall) -> List[CircularText]:
    texts = []
    for link in sorted(call.circular_links, key=lambda link: (link.role, link.circular.number)):
        circular = link.circular
        heading = f"Rundschreiben Nr. {circular.number}" + (
            f" vom {german_date(circular.issued_on)}" if circular.issued_on else ""
        )
        sentences = [
            Sentence(f"s{circular.id}-{s.position}", s.text)
            for s in circular.sentences
            if s.call_id in (None, call.id) or link.role != "announces"
        ]
        texts.append(CircularText(circular_key(circular.number), circular.number, heading, link.role, sentences))
    return texts


def _mark(texts: List[CircularText], evidence: Optional[str]) -> Optional[str]:
    """Mark the sentences an extracted record was read from; the first one's anchor."""
    if not evidence:
        return None
    wanted = compact(evidence)
    anchor = None
    for text in texts:
        for sentence in text.sentences:
            own = compact(sentence.text)
            if len(own) >= 12 and (own in wanted or wanted in own):
                sentence.marked = True
                anchor = anchor or sentence.anchor
    return anchor


def _deadline_records(session: Session, call: FundingCall, texts: List[CircularText], day: date) -> List[Record]:
    records = []
    for d in call.deadlines:
        status, css = ("Datum offen", "warn")
        if d.due_on:
            status = relative_to_today(d.due_on, day)
            css = "bad" if d.due_on < day else "ok"
        records.append(
            Record(
                values={
                    "id": d.id,
                    "stage": d.stage,
                    "kind": d.kind,
                    "due_on": d.due_on.isoformat() if d.due_on else "",
                    "originally_due_on": d.originally_due_on.isoformat() if d.originally_due_on else "",
                    "note": d.note or "",
                },
                text=review.describe_deadline(d) or "",
                sources=cite_sources(session, d.sources),
                evidence=d.evidence,
                anchor=_mark(texts, d.evidence),
                status=status,
                status_class=css,
            )
        )
    return records


def _eligibility_records(session: Session, call: FundingCall, texts: List[CircularText]) -> List[Record]:
    return [
        Record(
            values={"applicant_type": r.applicant_type, "verdict": r.verdict, "condition": r.condition or ""},
            text=f"{APPLICANT_LABELS.get(r.applicant_type, r.applicant_type)}: {review.describe_rule(r)}",
            sources=cite_sources(session, r.sources),
            evidence=r.evidence,
            anchor=_mark(texts, r.evidence),
        )
        for r in sorted(call.eligibility, key=lambda r: list(APPLICANT_LABELS).index(r.applicant_type))
    ]


def _fact_records(session: Session, call: FundingCall, texts: List[CircularText]) -> List[Record]:
    order = list(review.FACT_TOPICS)
    facts = sorted(call.facts, key=lambda f: (order.index(f.topic) if f.topic in order else len(order), f.position))
    return [
        Record(
            values={
                "id": f.id,
                "topic": f.topic,
                "text": f.text,
                "amount_max_eur": f"{f.amount_max_eur:,}".replace(",", ".") if f.amount_max_eur is not None else "",
                "rate_max_percent": f.rate_max_percent if f.rate_max_percent is not None else "",
            },
            text=review.describe_fact(f) or "",
            sources=cite_sources(session, f.sources),
            evidence=f.evidence,
            anchor=_mark(texts, f.evidence),
        )
        for f in facts
    ]


def call_page(session: Session, slug: str) -> Optional[CallPage]:
    call = knowledge.get_call(session, slug)
    if call is None:
        return None
    texts = _texts(call)
    return CallPage(
        slug=call.slug,
        title=call.title,
        name=call.name,
        program=call.program,
        round_label=call.round_label or "",
        year=call.year,
        reviewed=call.status == CallStatus.REVIEWED,
        reviewed_by=call.reviewed_by,
        reviewed_at=call.reviewed_at,
        aliases=sorted({a.alias for a in call.aliases} - {call.name}),
        rounds=[
            {"slug": c.slug, "title": c.title, "year": c.year, "current": c.id == call.id}
            for c in names.program_rounds(session, [call])
        ],
        deadlines=_deadline_records(session, call, texts, today()),
        eligibility=_eligibility_records(session, call, texts),
        facts=_fact_records(session, call, texts),
        circulars=texts,
        changes=[
            {"at": c.changed_at, "by": c.changed_by, "field": c.field, "old": c.old_value, "new": c.new_value}
            for c in review.call_changes(call)
        ],
    )


def _choices() -> Dict[str, object]:
    return {
        "deadline_kinds": DEADLINE_KINDS,
        "verdicts": VERDICT_WORDS,
        "applicants": APPLICANT_LABELS,
        "fact_topics": review.FACT_TOPICS,
    }


async def _show(request: Request, slug: str, error: Optional[str] = None, status: int = 200) -> HTTPResponse:
    page = await with_session(request, call_page, slug)
    if page is None:
        raise NotFound(f"Einen Förderaufruf „{slug}“ gibt es hier nicht.")
    saved = SAVED.get(request.args.get("gespeichert") or "")
    return render(request, "call.html", status=status, page=page, error=error, saved=saved, **_choices())


def _number(form, name: str, what: str) -> Optional[int]:
    return review.parse_whole_number(form.get(name), what)


def _deadline_change(form, username: str) -> Callable[[Session, FundingCall], str]:
    def change(session: Session, call: FundingCall) -> str:
        deadline_id = _number(form, "id", "Die Nummer der Frist")
        if form.get("action") == "delete":
            review.remove_deadline(session, call, username, deadline_id or 0)
            return "frist-entfernt"
        review.save_deadline(
            session,
            call,
            username,
            deadline_id,
            _number(form, "stage", "Die Stufe"),
            form.get("kind") or "",
            review.parse_day(form.get("due_on"), "Das Datum der Frist"),
            review.parse_day(form.get("originally_due_on"), "Das ursprüngliche Datum"),
            form.get("note"),
        )
        return "frist"

    return change


def _fact_change(form, username: str) -> Callable[[Session, FundingCall], str]:
    def change(session: Session, call: FundingCall) -> str:
        fact_id = _number(form, "id", "Die Nummer der Angabe")
        if form.get("action") == "delete":
            review.remove_fact(session, call, username, fact_id or 0)
            return "angabe-entfernt"
        review.save_fact(
            session,
            call,
            username,
            fact_id,
            form.get("topic") or "",
            form.get("text") or "",
            _number(form, "amount_max_eur", "Der Höchstbetrag"),
            _number(form, "rate_max_percent", "Die Förderquote"),
        )
        return "angabe"

    return change


def _eligibility_change(form, username: str) -> Callable[[Session, FundingCall], str]:
    def change(session: Session, call: FundingCall) -> str:
        applicant = form.get("applicant_type") or ""
        if form.get("action") == "delete":
            review.remove_eligibility(session, call, username, applicant)
            return "teilnahme-entfernt"
        review.save_eligibility(session, call, username, applicant, form.get("verdict") or "", form.get("condition"))
        return "teilnahme"

    return change


def _call_fields_change(form, username: str) -> Callable[[Session, FundingCall], str]:
    def change(session: Session, call: FundingCall) -> str:
        review.save_call_fields(
            session, call, username, form.get("name") or "", form.get("program") or "", form.get("round_label") or ""
        )
        return "stammdaten"

    return change


def _approval(_form, username: str) -> Callable[[Session, FundingCall], str]:
    def change(session: Session, call: FundingCall) -> str:
        review.approve(session, call, username)
        return "freigegeben"

    return change


CHANGES = {
    "fristen": (_deadline_change, "fristen"),
    "angaben": (_fact_change, "angaben"),
    "teilnahme": (_eligibility_change, "teilnahme"),
    "stammdaten": (_call_fields_change, "stammdaten"),
    "freigeben": (_approval, "status"),
}


def _apply(session: Session, slug: str, change: Callable[[Session, FundingCall], str]) -> Optional[str]:
    call = knowledge.get_call(session, slug)
    if call is None:
        return None
    return change(session, call)


def register(app: Sanic) -> None:
    @app.get("/aufrufe/<slug>")
    async def show_call(request: Request, slug: str) -> HTTPResponse:
        return await _show(request, slug)

    @app.post("/aufrufe/<slug>/<part>")
    @staff_only
    async def change_call(request: Request, slug: str, part: str) -> HTTPResponse:
        if part not in CHANGES:
            raise NotFound("Diese Seite gibt es nicht.")
        make_change, section = CHANGES[part]
        try:
            done = await with_session(request, _apply, slug, make_change(request.form, request.ctx.login.username))
        except review.ReviewError as error:
            return await _show(request, slug, error=str(error), status=400)
        if done is None:
            raise NotFound(f"Einen Förderaufruf „{slug}“ gibt es hier nicht.")
        return redirect(f"/aufrufe/{slug}?gespeichert={done}#{section}", status=303)

    @app.get("/pruefung")
    async def awaiting(request: Request) -> HTTPResponse:
        def rows(session: Session) -> List[Dict[str, object]]:
            return [
                {"slug": a.call.slug, "title": a.call.title, "circulars": a.circulars, "records": a.records}
                for a in review.awaiting_review(session)
            ]

        return render(request, "review.html", calls=await with_session(request, rows))
