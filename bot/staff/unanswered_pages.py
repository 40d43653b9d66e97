"""`/unbeantwortet`: the questions the assistant could not answer (bot/unanswered.py), grouped
and counted, the most recently asked first, so that staff can add the missing fact or circular.
Only for logged-in staff: users' words may hold personal data."""

from dataclasses import dataclass
from typing import List, Optional

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from bot import unanswered
from bot.dates import local_time
from bot.staff.auth import staff_only
from bot.staff.common import render, with_session

LIMIT = 200


@dataclass
class Row:
    """One question as the page shows it."""

    question: str
    count: int
    reasons: List[str]
    last_asked: str
    answer: Optional[str]


def _rows(session: Session) -> List[Row]:
    return [
        Row(
            question=group.question,
            count=group.count,
            reasons=group.reason_labels,
            last_asked=f"{local_time(group.last_asked):%d.%m.%Y, %H} Uhr",
            answer=group.answer,
        )
        for group in unanswered.grouped(session, LIMIT)
    ]


def register(app: Sanic) -> None:
    @app.get("/unbeantwortet")
    @staff_only
    async def unanswered_page(request: Request) -> HTTPResponse:
        rows = await with_session(request, _rows)
        return render(request, "unanswered.html", rows=rows, limit=LIMIT)
