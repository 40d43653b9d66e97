"""The staff app's Sanic application: each page module adds its routes with `register(app)`."""

from typing import Optional

from sanic import Sanic

from bot.staff import auth, calls, pages


def create_app(database_url: Optional[str] = None) -> Sanic:
    """The app; `database_url` None means the configured database (config.database_url)."""
    app = Sanic("foerderbot_staff")
    app.ctx.database_url = database_url
    auth.register(app)
    pages.register(app)
    calls.register(app)
    return app


def serve(host: str = "127.0.0.1", port: int = 8000, database_url: Optional[str] = None) -> None:
    create_app(database_url).run(host=host, port=port, workers=1, access_log=False)
