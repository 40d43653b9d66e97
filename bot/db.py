"""Engine and sessions, and bringing the schema up to date with Alembic."""

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.config import database_timeouts, database_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_file(url: str) -> Optional[Path]:
    """The file of an SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_folder(url: str) -> None:
    # Connecting is what needs the folder, so it is made here rather than where the URL is read.
    path = _sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def get_engine(url: Optional[str] = None) -> Engine:
    """The engine of `url`, or of DATABASE_URL as it is now; one per URL."""
    return _engine(url or database_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    _prepare_sqlite_folder(url)
    sqlite_file = _sqlite_file(url) is not None
    options = {}
    if sqlite_file:
        # SQLAlchemy 1.4 opens a new SQLite connection per session (NullPool); a pool saves the
        # connect and its PRAGMAs on every request and every ingested file.
        options = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    elif make_url(url).get_backend_name() == "postgresql":
        # An unreachable server or a stuck query must not hold a worker for long.
        connect, statement = database_timeouts()
        options = {
            "pool_timeout": connect,
            "connect_args": {"connect_timeout": connect, "options": f"-c statement_timeout={statement * 1000}"},
        }
    engine = create_engine(url, future=True, pool_pre_ping=True, **options)
    if engine.dialect.name == "sqlite":
        # SQLite ignores ON DELETE CASCADE unless asked per connection.
        @event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA foreign_keys=ON")
            # Write-ahead log: the running bot keeps reading while `bot ingest` writes.
            if sqlite_file:
                dbapi_connection.execute("PRAGMA journal_mode=WAL")

    return engine


def alembic_config(url: Optional[str] = None) -> "Config":
    # Alembic is imported here, not at the top: a lookup such as `bot search` never migrates.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: Optional[str] = None) -> None:
    """Create or migrate the schema to the newest revision."""
    from alembic import command

    _prepare_sqlite_folder(url or database_url())
    command.upgrade(alembic_config(url), "head")


@contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
