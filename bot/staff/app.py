"""The staff app's Sanic application: each page module adds its routes with `register(app)`."""

from typing import Optional

from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.staff import auth, calls, faq_pages, pages, unanswered_pages
from bot.staff.common import render


def create_app(database_url: Optional[str] = None) -> Sanic:
    """The app; `database_url` None means the configured database (config.database_url)."""
    app = Sanic("foerderbot_staff")
    app.ctx.database_url = database_url
    auth.register(app)
    pages.register(app)
    calls.register(app)
    unanswered_pages.register(app)
    faq_pages.register(app)

    @app.exception(NotFound)
    async def not_found(request: Request, error: NotFound) -> HTTPResponse:
        # Sanic's own page is English; a German one that leads back.
        message = str(error) if str(error).startswith(("Ein", "Kein", "Diese")) else "Diese Seite gibt es nicht."
        return render(request, "message.html", status=404, title="Nicht gefunden", message=message)

    return app


def serve(host: str = "127.0.0.1", port: int = 8000, database_url: Optional[str] = None) -> None:
    create_app(database_url).run(host=host, port=port, workers=1, access_log=False)
