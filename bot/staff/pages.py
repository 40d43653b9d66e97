"""The reading pages of the staff app, open without login: the start page (open calls, next
deadlines), search (page and JSON API), a circular's page and the download of its original file.

Each page gathers what it shows into plain dataclasses inside one session (`with_session`), so
the templates never touch the database.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote, unquote

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, raw
from sanic.response import json as json_response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import knowledge, search, wording
from bot.applicants import LABELS as APPLICANT_LABELS
from bot.config import today
from bot.dates import german_date, relative_to_today
from bot.models import Circular, CircularFile, CircularReference, Deadline, FundingCall
from bot.staff.common import render, with_session
from bot.staff.paths import call_path, circular_key, circular_path, hit_path, number_of_key
from bot.states import CallStatus, LinkRole

# How a call's status reads on a page, in full and in a narrow table, with its badge class.
CALL_STATUS: Dict[str, Tuple[str, str, str]] = {
    CallStatus.REVIEWED: ("geprüft", "geprüft", "ok"),
    CallStatus.EXTRACTED: ("automatisch übernommen, ungeprüft", "ungeprüft", "warn"),
}
STATUS_FILTERS = [("open", "offen"), ("closed", "abgelaufen")]
NEXT_DEADLINES = 10
SEARCH_LIMIT = 20
# A deadline's badge warns with this many days left or fewer, and alarms with this many or fewer.
SOON_DAYS, URGENT_DAYS = 30, 7
FILE_KINDS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word-Dokument",
    "text/plain": "Textdatei",
}
KEY_EXAMPLE = "Erwartet wird z. B. /rundschreiben/384-2020."

# --- what the pages show of calls and deadlines --------------------------------------------------


@dataclass(frozen=True)
class CallLink:
    url: str
    title: str
    status: str
    status_short: str
    status_class: str


def call_link(call: FundingCall) -> CallLink:
    status, short, status_class = CALL_STATUS.get(call.status, (call.status, call.status, "warn"))
    return CallLink(call_path(call.slug), call.title, status, short, status_class)


@dataclass(frozen=True)
class DeadlineRow:
    call: CallLink
    kind: str
    due_on: str
    relative: str
    urgency: str  # badge class


def urgency(days_left: int) -> str:
    return "bad" if days_left <= URGENT_DAYS else "warn" if days_left <= SOON_DAYS else "ok"


def deadline_row(deadline: Deadline, day: date) -> DeadlineRow:
    return DeadlineRow(
        call=call_link(deadline.call),
        kind=wording.deadline_kind(deadline.kind),
        due_on=german_date(deadline.due_on),
        relative=relative_to_today(deadline.due_on, day),
        urgency=urgency((deadline.due_on - day).days),
    )


# --- start page ----------------------------------------------------------------------------------


@dataclass
class Overview:
    today: str
    open_calls: List[DeadlineRow]  # each open call with its next deadline, soonest first
    next_deadlines: List[DeadlineRow]
    holdings: str


def holdings(circulars: int, calls: int) -> str:
    """ "Die Datenbank enthält 9 Rundschreiben und 1 Förderaufruf." """
    calls_word = "Förderaufruf" if calls == 1 else "Förderaufrufe"
    return f"Die Datenbank enthält {circulars} Rundschreiben und {calls} {calls_word}."


def overview(session: Session, day: date) -> Overview:
    open_calls = knowledge.open_calls(session, day)
    circulars = session.execute(select(func.count()).select_from(Circular)).scalar_one()
    calls = session.execute(select(func.count()).select_from(FundingCall)).scalar_one()
    return Overview(
        today=german_date(day),
        open_calls=[deadline_row(deadlines[0], day) for deadlines in open_calls.values()],
        next_deadlines=[deadline_row(d, day) for d in knowledge.deadlines_between(session, day, limit=NEXT_DEADLINES)],
        holdings=holdings(circulars, calls),
    )


# --- search --------------------------------------------------------------------------------------


@dataclass
class SearchRequest:
    query: str = ""
    year: Optional[int] = None
    applicant: Optional[str] = None
    status: Optional[str] = None
    error: Optional[str] = None


def search_request(request: Request) -> SearchRequest:
    """The query and its filters from the address; `error` says in German what is wrong with them."""
    args = request.args
    query = (args.get("q") or "").strip()
    year_text, applicant_text, status = args.get("year") or "", args.get("applicant") or "", args.get("status") or ""
    if year_text and not year_text.isdigit():
        return SearchRequest(query, error="Das Jahr muss eine Zahl sein, z. B. 2020.")
    try:
        applicant = search.applicant_filter(applicant_text)
    except search.FilterError as error:
        return SearchRequest(query, error=str(error))
    if status not in ("", "open", "closed"):
        return SearchRequest(query, error="Der Status muss „open“ oder „closed“ sein.")
    return SearchRequest(query, int(year_text) if year_text else None, applicant, status or None)


def run_search(session: Session, wanted: SearchRequest) -> List[search.Hit]:
    return search.search(
        session,
        wanted.query,
        year=wanted.year,
        applicant_type=wanted.applicant,
        status=wanted.status,
        today=today(),
        limit=SEARCH_LIMIT,
    )


# --- a circular's page ---------------------------------------------------------------------------


@dataclass
class CircularRef:
    """Another circular as a page names it; `url` None where the database does not hold it."""

    number: str
    issued_on: Optional[str]
    subject: Optional[str] = None
    url: Optional[str] = None


@dataclass
class OriginalFile:
    filename: str
    kind: str
    size: str
    url: str


@dataclass
class CircularPage:
    number: str
    subject: str
    issued_on: Optional[str]
    place: Optional[str]
    recipients: Optional[str]
    summary: Optional[str]
    described_by: Optional[str]  # where what we know comes from, for a circular whose text we lack
    text: Optional[str]
    original: Optional[OriginalFile]
    references: List[CircularRef] = field(default_factory=list)
    referenced_by: List[CircularRef] = field(default_factory=list)
    announces: List[CallLink] = field(default_factory=list)
    mentions: List[CallLink] = field(default_factory=list)


def _optional_date(day: Optional[date]) -> Optional[str]:
    return german_date(day) if day else None


def _file_size(size: int) -> str:
    return f"{size} Byte" if size < 1024 else f"{max(1, round(size / 1024))} KB"


def _original(session: Session, circular: Circular) -> Optional[OriginalFile]:
    # Only the file's name and length: the page does not need its bytes.
    row = session.execute(
        select(CircularFile.filename, CircularFile.media_type, func.length(CircularFile.content)).where(
            CircularFile.circular_id == circular.id
        )
    ).first()
    if row is None:
        return None
    filename, media_type, size = row
    url = f"{circular_path(circular.number)}/original"
    return OriginalFile(filename, FILE_KINDS.get(media_type, media_type), _file_size(size or 0), url)


def _references(session: Session, circular: Circular) -> List[CircularRef]:
    """The circulars of the Bezug line, linked where the database holds them."""
    numbers = [r.referenced_number for r in circular.references]
    held = dict(session.execute(select(Circular.number, Circular.subject).where(Circular.number.in_(numbers))).all())
    return [
        CircularRef(
            number=r.referenced_number,
            issued_on=_optional_date(r.referenced_date),
            subject=held.get(r.referenced_number),
            url=circular_path(r.referenced_number) if r.referenced_number in held else None,
        )
        for r in circular.references
    ]


def _referenced_by(session: Session, number: str) -> List[CircularRef]:
    """The circulars whose Bezug line names `number`."""
    citing = session.execute(
        select(Circular)
        .join(CircularReference, CircularReference.circular_id == Circular.id)
        .where(CircularReference.referenced_number == number)
        .order_by(Circular.number)
    ).scalars()
    unique = {c.id: c for c in citing}.values()
    return [CircularRef(c.number, _optional_date(c.issued_on), c.subject, circular_path(c.number)) for c in unique]


def _text(circular: Circular) -> Optional[str]:
    # The stored full text is the cleaned text in paragraphs; its sentences are the same words.
    return circular.full_text or "\n".join(s.text for s in circular.sentences) or None


def _calls(circular: Circular, role: LinkRole) -> List[CallLink]:
    return [call_link(link.call) for link in circular.call_links if link.role == role]


def circular_page(session: Session, number: str) -> Optional[CircularPage]:
    circular = session.execute(select(Circular).filter_by(number=number)).scalar_one_or_none()
    if circular is None:
        return None
    return CircularPage(
        number=circular.number,
        subject=circular.subject,
        issued_on=_optional_date(circular.issued_on),
        place=circular.place,
        recipients=circular.recipients,
        summary=circular.summary,
        described_by=circular.described_by.label if circular.described_by else None,
        text=_text(circular),
        original=_original(session, circular),
        references=_references(session, circular),
        referenced_by=_referenced_by(session, circular.number),
        announces=_calls(circular, LinkRole.ANNOUNCES),
        mentions=_calls(circular, LinkRole.MENTIONS),
    )


def original_file(session: Session, number: str) -> Optional[Tuple[str, str, bytes]]:
    """Filename, media type and bytes of the file the circular was ingested from."""
    row = session.execute(
        select(CircularFile.filename, CircularFile.media_type, CircularFile.content)
        .join(Circular, Circular.id == CircularFile.circular_id)
        .where(Circular.number == number)
    ).first()
    return (row[0], row[1], bytes(row[2])) if row else None


def download_name(filename: str, number: str) -> str:
    """The stored filename without folders or control characters (the circular's key if nothing is left)."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name or f"rundschreiben-{circular_key(number)}"


def attachment(filename: str) -> str:
    """Content-Disposition for a download: an ASCII name for old clients, the exact one as RFC 5987."""
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


# --- routes --------------------------------------------------------------------------------------


def _not_found(request: Request, title: str, message: str) -> HTTPResponse:
    return render(request, "message.html", status=404, title=title, message=message)


def _unknown_circular(request: Request, key: str, number: Optional[str]) -> HTTPResponse:
    if number is None:
        message = f"„{wording.echo(unquote(key))}“ ist keine Rundschreiben-Nummer. {KEY_EXAMPLE}"
    else:
        message = f"Ein Rundschreiben Nr. {number} ist in der Datenbank nicht enthalten."
    return _not_found(request, "Rundschreiben nicht gefunden", message)


def register(app: Sanic) -> None:
    @app.get("/")
    async def start(request: Request) -> HTTPResponse:
        return render(request, "start.html", overview=await with_session(request, overview, today()))

    @app.get("/api/search")
    async def api_search(request: Request) -> HTTPResponse:
        wanted = search_request(request)
        if wanted.error or not wanted.query:
            return json_response({"error": wanted.error or "Bitte Suchbegriffe im Parameter q angeben."}, status=400)
        hits = await with_session(request, run_search, wanted)
        results = [dict(hit.as_dict(), url=hit_path(hit)) for hit in hits]
        return json_response({"query": wanted.query, "count": len(hits), "results": results}, ensure_ascii=False)

    @app.get("/suche")
    async def search_page(request: Request) -> HTTPResponse:
        wanted = search_request(request)
        hits = await with_session(request, run_search, wanted) if wanted.query and not wanted.error else []
        return render(
            request,
            "search.html",
            wanted=wanted,
            hits=[(hit, hit_path(hit)) for hit in hits],
            applicants=APPLICANT_LABELS.items(),
            statuses=STATUS_FILTERS,
        )

    @app.get("/rundschreiben/<key>")
    async def circular(request: Request, key: str) -> HTTPResponse:
        number = number_of_key(key)
        page = await with_session(request, circular_page, number) if number else None
        if page is None:
            return _unknown_circular(request, key, number)
        return render(request, "circular.html", circular=page)

    @app.get("/rundschreiben/<key>/original")
    async def original(request: Request, key: str) -> HTTPResponse:
        number = number_of_key(key)
        found = await with_session(request, original_file, number) if number else None
        if number is None or found is None:
            what = f"Rundschreiben Nr. {number}" if number else f"„{wording.echo(unquote(key))}“"
            return _not_found(request, "Keine Originaldatei", f"Zu {what} ist keine Originaldatei gespeichert.")
        filename, media_type, content = found
        headers = {"Content-Disposition": attachment(download_name(filename, number))}
        return raw(content, content_type=media_type, headers=headers)
