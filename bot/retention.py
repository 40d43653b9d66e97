"""How long conversations are kept: `bot forget` deletes those whose last event is older than the
retention period from Rasa's tracker database (docs/privacy.md).

The tracker database is Rasa's SQL tracker store (endpoints.production.yml): one table `events`
with the conversation's `sender_id` and each event's `timestamp` (seconds since 1970). It is read
here with SQLAlchemy alone, so `bot` still knows nothing of Rasa. The embedded default keeps
conversations in memory only, until the Rasa server stops. The questions kept for the office
(bot/unanswered.py, in the knowledge base) are deleted after the same period.
"""

import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

from sqlalchemy import Column, Float, MetaData, String, Table, create_engine, delete, func, inspect, select
from sqlalchemy.engine import URL, make_url

DEFAULT_RETENTION_DAYS = 90
_EVENTS = Table("events", MetaData(), Column("sender_id", String), Column("timestamp", Float))
_PERIOD = re.compile(r"(\d+)\s*([dh]?)")


class RetentionError(ValueError):
    """A retention period that cannot be read; the message says why, in German."""


def retention_period(text: Optional[str] = None) -> timedelta:
    """ "90d", "36h" or "90" (days); without text, `FOERDERBOT_RETENTION_DAYS` or 90 days."""
    text = text or os.environ.get("FOERDERBOT_RETENTION_DAYS") or str(DEFAULT_RETENTION_DAYS)
    match = _PERIOD.fullmatch(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise RetentionError(f"„{text}“ ist keine Aufbewahrungsdauer (erwartet z. B. „90d“ oder „36h“)")
    amount = int(match.group(1))
    return timedelta(hours=amount) if match.group(2) == "h" else timedelta(days=amount)


def tracker_database_url() -> Optional[str]:
    """`TRACKER_DB_URL`, or the URL the TRACKER_DB_* settings of endpoints.production.yml name;
    None where no tracker database is configured (the embedded default)."""
    if os.environ.get("TRACKER_DB_URL"):
        return os.environ["TRACKER_DB_URL"]
    if not os.environ.get("TRACKER_DB_HOST"):
        return None
    return URL.create(
        "postgresql+psycopg2",
        username=os.environ.get("TRACKER_DB_USER") or None,
        password=os.environ.get("TRACKER_DB_PASSWORD") or None,
        host=os.environ["TRACKER_DB_HOST"],
        port=int(os.environ.get("TRACKER_DB_PORT") or 5432),
        database=os.environ.get("TRACKER_DB_NAME") or "rasa",
    ).render_as_string(hide_password=False)


@dataclass
class Forgotten:
    conversations: int
    events: int


def forget(url: str, older_than: timedelta, now: Optional[float] = None) -> Forgotten:
    """Delete every conversation whose last event is older than `older_than`."""
    cutoff = (now if now is not None else time.time()) - older_than.total_seconds()
    engine = create_engine(url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return Forgotten(0, 0)  # Rasa has not stored a conversation yet
        with engine.begin() as connection:
            stale = (
                select(_EVENTS.c.sender_id).group_by(_EVENTS.c.sender_id).having(func.max(_EVENTS.c.timestamp) < cutoff)
            )
            senders = list(connection.execute(stale).scalars())
            events = 0
            for start in range(0, len(senders), 500):
                chunk = senders[start : start + 500]
                events += connection.execute(delete(_EVENTS).where(_EVENTS.c.sender_id.in_(chunk))).rowcount
        return Forgotten(len(senders), events)
    finally:
        engine.dispose()


def _no_sqlite_file(url: str) -> bool:
    """An SQLite knowledge base that was never created: connecting would create an empty file."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and bool(parsed.database) and not Path(parsed.database).exists()


def forget_unanswered(url: str, older_than: timedelta, now: Optional[datetime] = None) -> int:
    """Delete the questions kept for the office that are older than `older_than` from the
    knowledge base at `url`; returns how many."""
    from bot import db, unanswered

    if _no_sqlite_file(url) or not inspect(db.get_engine(url)).has_table("unanswered_questions"):
        return 0  # no knowledge base yet, or one from before the office's tables (migration 0007)
    with db.session_scope(url) as session:
        return unanswered.forget_older_than(session, (now or datetime.utcnow()) - older_than)
