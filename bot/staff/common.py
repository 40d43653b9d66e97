"""What every page of the staff app uses: the database in a worker thread, and rendering a
template with the login and its CSRF token."""

import asyncio
from pathlib import Path
from typing import Any, Callable, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import html as html_response

from bot import db

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Autoescape: every value a template shows (circular text, users' questions) is inert HTML.
environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))

T = TypeVar("T")


async def with_session(request: Request, job: Callable[..., T], *args: Any) -> T:
    """Run `job(session, *args)` in one transaction in a worker thread: the event loop stays free."""

    def run() -> T:
        with db.session_scope(request.app.ctx.database_url) as session:
            return job(session, *args)

    return await asyncio.to_thread(run)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTTPResponse:
    """The page `template` with `context`, the login (None when anonymous) and its CSRF token."""
    login = getattr(request.ctx, "login", None)
    page = environment.get_template(template).render(
        login=login, csrf_token=login.csrf_token if login else "", path=request.path, **context
    )
    return html_response(page, status=status)
