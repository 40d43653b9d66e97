"""Runtime settings, read from the environment so that tests and production can differ."""

import os
from datetime import date
from pathlib import Path
from typing import Tuple

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "foerderbot.sqlite3"


def database_url() -> str:
    """`DATABASE_URL` selects the database; the embedded SQLite file is the default."""
    url = os.environ.get("DATABASE_URL")
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def today() -> date:
    """The date deadlines are compared with; `FOERDERBOT_TODAY` pins it for tests and demos."""
    pinned = os.environ.get("FOERDERBOT_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def database_timeouts() -> Tuple[int, int]:
    """Seconds to connect to PostgreSQL and for one statement (`FOERDERBOT_DB_CONNECT_TIMEOUT`,
    `FOERDERBOT_DB_STATEMENT_TIMEOUT`)."""
    return (
        int(os.environ.get("FOERDERBOT_DB_CONNECT_TIMEOUT", "3")),
        int(os.environ.get("FOERDERBOT_DB_STATEMENT_TIMEOUT", "10")),
    )
