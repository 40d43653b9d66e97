"""`/faq`: the office's FAQ (bot/faq.py). Anyone in the office network reads the entries; staff
add, edit and delete them. The assistant answers with an entry as soon as it is saved, in
every channel, and the search finds it.

A question can be tried on the list (`?frage=`): the page shows which entry would answer it,
so that staff see whether their wordings need another variant."""

from dataclasses import dataclass
from typing import List, Optional

from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse, redirect
from sqlalchemy.orm import Session

from bot import faq
from bot.dates import local_time
from bot.models import FaqEntry
from bot.staff.auth import staff_only
from bot.staff.common import render, with_session

# A tried question answered by no entry still shows the nearest one above this score.
NEAREST_SHOWN = 0.3
SAVED = "Gespeichert. Der Assistent beantwortet passende Fragen ab sofort mit diesem Eintrag."
DELETED = "Der Eintrag wurde gelöscht."


@dataclass
class Entry:
    """One entry as the pages show it."""

    id: int
    question: str
    variants: List[str]
    answer: str
    source: str
    updated: str  # "24.11.2026, 14:05 Uhr von anna.test"


@dataclass
class Tried:
    """A question tried on the list: the entry that answers it, or the nearest one."""

    question: str
    entry: Optional[Entry]
    score: float
    answers: bool


def _shown(entry: FaqEntry) -> Entry:
    changed = local_time(entry.updated_at)
    return Entry(
        id=entry.id,
        question=entry.question,
        variants=faq.wordings(entry)[1:],
        answer=entry.answer,
        source=entry.source,
        updated=f"{changed:%d.%m.%Y, %H:%M} Uhr von {entry.updated_by}",
    )


def _list(session: Session) -> List[Entry]:
    return [_shown(e) for e in faq.list_entries(session)]


def _one(session: Session, entry_id: int) -> Optional[Entry]:
    entry = faq.get_entry(session, entry_id)
    return _shown(entry) if entry else None


def _try(session: Session, question: str) -> Tried:
    scored = faq.scored_entries(session, question)
    if not scored or scored[0][1] < NEAREST_SHOWN:
        return Tried(question, None, 0.0, False)
    entry_id, score = scored[0]
    return Tried(question, _one(session, entry_id), score, score >= faq.MATCH_THRESHOLD)


def _form_values(request: Request) -> dict:
    form = request.form
    return {name: form.get(name) or "" for name in ("question", "variants", "answer", "source")}


def _form(request: Request, values: dict, entry_id: Optional[int] = None, error: str = "", status: int = 200):
    title = "FAQ-Eintrag bearbeiten" if entry_id else "Neuer FAQ-Eintrag"
    action = f"/faq/{entry_id}/bearbeiten" if entry_id else "/faq/neu"
    return render(
        request,
        "faq_form.html",
        status=status,
        title=title,
        action=action,
        values=values,
        error=error,
        entry_id=entry_id,
        limits={
            "question": faq.QUESTION_LIMIT,
            "variant": faq.VARIANT_LIMIT,
            "variants": faq.VARIANTS_LIMIT,
            "answer": faq.ANSWER_LIMIT,
            "source": faq.SOURCE_LIMIT,
        },
    )


def _not_found(entry_id: int) -> NotFound:
    return NotFound(f"Einen FAQ-Eintrag Nr. {entry_id} gibt es nicht (mehr).")


def register(app: Sanic) -> None:
    @app.get("/faq")
    async def faq_list(request: Request) -> HTTPResponse:
        question = (request.args.get("frage") or "").strip()
        entries = await with_session(request, _list)
        tried = await with_session(request, _try, question) if question else None
        notice = DELETED if request.args.get("geloescht") else ""
        return render(
            request,
            "faq.html",
            entries=entries,
            entry=None,
            tried=tried,
            notice=notice,
            match_threshold=faq.MATCH_THRESHOLD,
            conversation_threshold=faq.IN_CONVERSATION_THRESHOLD,
        )

    @app.get("/faq/<entry_id:int>")
    async def faq_entry(request: Request, entry_id: int) -> HTTPResponse:
        entry = await with_session(request, _one, entry_id)
        if entry is None:
            raise _not_found(entry_id)
        notice = SAVED if request.args.get("gespeichert") else ""
        return render(request, "faq.html", entries=[], entry=entry, tried=None, notice=notice)

    @app.get("/faq/neu")
    @staff_only
    async def new_form(request: Request) -> HTTPResponse:
        return _form(request, {"question": "", "variants": "", "answer": "", "source": ""})

    @app.post("/faq/neu")
    @staff_only
    async def add(request: Request) -> HTTPResponse:
        values = _form_values(request)
        try:
            entry_id = await with_session(
                request, lambda s: faq.add_entry(s, updated_by=request.ctx.login.username, **values).id
            )
        except faq.FaqError as error:
            return _form(request, values, error=str(error), status=400)
        return redirect(f"/faq/{entry_id}?gespeichert=1", status=303)

    @app.get("/faq/<entry_id:int>/bearbeiten")
    @staff_only
    async def edit_form(request: Request, entry_id: int) -> HTTPResponse:
        entry = await with_session(request, _one, entry_id)
        if entry is None:
            raise _not_found(entry_id)
        values = {
            "question": entry.question,
            "variants": "\n".join(entry.variants),
            "answer": entry.answer,
            "source": entry.source,
        }
        return _form(request, values, entry_id)

    @app.post("/faq/<entry_id:int>/bearbeiten")
    @staff_only
    async def edit(request: Request, entry_id: int) -> HTTPResponse:
        values = _form_values(request)
        try:
            await with_session(
                request, lambda s: faq.update_entry(s, entry_id, updated_by=request.ctx.login.username, **values)
            )
        except faq.FaqError as error:
            return _form(request, values, entry_id, error=str(error), status=400)
        return redirect(f"/faq/{entry_id}?gespeichert=1", status=303)

    @app.post("/faq/<entry_id:int>/loeschen")
    @staff_only
    async def delete(request: Request, entry_id: int) -> HTTPResponse:
        try:
            await with_session(request, faq.delete_entry, entry_id)
        except faq.FaqError as error:
            raise NotFound(str(error)) from error
        return redirect("/faq?geloescht=1", status=303)
