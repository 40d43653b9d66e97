"""`bot forget`: conversations older than the retention period leave Rasa's tracker database,
newer ones stay readable by Rasa (SQLite here, PostgreSQL in the second test)."""

import asyncio
import time
import uuid
from datetime import timedelta

import psycopg2
import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cli import main
from bot.retention import RetentionError, retention_period, tracker_database_url

DAY = 86400


def store_conversations(store: SQLTrackerStore, now: float) -> None:
    """An old conversation (last message 100 days ago) and a recent one (2 days ago)."""
    for sender, age in (("rest:alt", 100 * DAY), ("rest:neu", 2 * DAY)):
        events = [
            UserUttered("Bis wann läuft Heimat 2.0?", timestamp=now - age - 60),
            BotUttered("Die Frist endete am 28. Februar 2021.", timestamp=now - age),
        ]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def senders(store: SQLTrackerStore) -> set:
    return set(asyncio.run(store.keys()))


def test_forget_deletes_old_conversations_from_an_sqlite_tracker_store(tmp_path, capsys):
    store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))
    store_conversations(store, time.time())
    assert senders(store) == {"rest:alt", "rest:neu"}
    assert main(["forget", "--older-than", "90d", "--tracker-db-url", f"sqlite:///{tmp_path / 'tracker.db'}"]) == 0
    assert "Gelöscht: 1 Gespräche" in capsys.readouterr().out
    assert senders(store) == {"rest:neu"}
    assert asyncio.run(store.retrieve("rest:neu")).latest_message.text == "Bis wann läuft Heimat 2.0?"


def test_without_a_tracker_database_nothing_is_stored_to_forget(monkeypatch, capsys):
    for name in ("TRACKER_DB_URL", "TRACKER_DB_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert tracker_database_url() is None
    assert main(["forget"]) == 0 and "nur im Arbeitsspeicher" in capsys.readouterr().out


def test_retention_periods_are_read_in_days_or_hours(monkeypatch):
    monkeypatch.delenv("FOERDERBOT_RETENTION_DAYS", raising=False)
    assert retention_period() == timedelta(days=90)
    assert retention_period("36h") == timedelta(hours=36) and retention_period("30") == timedelta(days=30)
    monkeypatch.setenv("FOERDERBOT_RETENTION_DAYS", "14")
    assert retention_period() == timedelta(days=14)
    for bad in ("0d", "-3d", "drei Tage", "90w"):
        with pytest.raises(RetentionError):
            retention_period(bad)
    assert main(["forget", "--older-than", "bald"]) == 2


@pytest.mark.postgres
def test_forget_on_the_production_tracker_database(monkeypatch, capsys):
    name = f"foerderbot_test_forget_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        store = SQLTrackerStore(dialect="postgresql", host="127.0.0.1", port=5432, db=name, username="postgres")
        store_conversations(store, time.time())
        store.engine.dispose()
        # as the compose service runs it: the settings of endpoints.production.yml
        monkeypatch.delenv("TRACKER_DB_URL", raising=False)
        for key, value in {"HOST": "127.0.0.1", "PORT": "5432", "NAME": name, "USER": "postgres"}.items():
            monkeypatch.setenv(f"TRACKER_DB_{key}", value)
        monkeypatch.setenv("FOERDERBOT_RETENTION_DAYS", "90")
        assert main(["forget"]) == 0
        assert "Gelöscht: 1 Gespräche (2 Ereignisse)" in capsys.readouterr().out
        assert senders(store) == {"rest:neu"}
        store.engine.dispose()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
