"""The production configuration for real: knowledge base and tracker store on PostgreSQL,
lock store on Redis (both run on every machine here, 127.0.0.1)."""

import threading
import time

import psycopg2
import pytest
import redis
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from bot import answers, db
from bot.asks import Ask
from bot.config import KNOWLEDGE_DIR
from bot.loader import load_knowledge
from bot.question import read_question
from tests.conftest import STATES, TODAY, assert_states_are_checked
from tests.servers import running_bot

pytestmark = pytest.mark.postgres
ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
KB_DB, TRACKER_DB = "foerderbot_test_kb", "foerderbot_test_tracker"


def _recreate(name: str) -> None:
    connection = psycopg2.connect(ADMIN_DSN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


@pytest.fixture(scope="module")
def postgres_url():
    _recreate(KB_DB)
    _recreate(TRACKER_DB)
    url = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{KB_DB}"
    db.upgrade(url)
    with db.session_scope(url) as session:
        load_knowledge(session, KNOWLEDGE_DIR)
    with db.session_scope(url) as session:  # loading twice is idempotent on PostgreSQL too
        load_knowledge(session, KNOWLEDGE_DIR)
    return url


def test_knowledge_base_answers_from_postgresql(postgres_url):
    with db.session_scope(postgres_url) as session:
        answer = answers.answer(
            session, read_question([Ask.ELIGIBILITY], "heimat 2.0 2020", applicant="landkreis"), TODAY
        )
    assert "nur eingeschränkt" in answer.text and "Rundschreiben Nr. 384/2020" in answer.text
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        head = ScriptDirectory.from_config(db.alembic_config(postgres_url)).get_current_head()
        assert connection.execute(text("select version_num from alembic_version")).scalar() == head
        assert connection.execute(text("select count(*) from calls")).scalar() == 8
    engine.dispose()


@pytest.mark.parametrize("model,column,valid,invalid", STATES, ids=[f"{m.__tablename__}.{c}" for m, c, *_ in STATES])
def test_postgresql_refuses_a_state_outside_its_enum(postgres_url, model, column, valid, invalid):
    with db.session_scope(postgres_url) as session:
        assert_states_are_checked(session, model, column, valid, invalid)


def test_state_checks_are_dropped_and_added_again_on_postgresql(postgres_url):
    engine = create_engine(postgres_url)
    config = db.alembic_config(postgres_url)
    query = text("select conname from pg_constraint where contype = 'c' and conrelid <> 0")

    def checks():
        with engine.connect() as connection:
            return set(connection.execute(query).scalars())

    names = {f"ck_{m.__tablename__}_{c}" for m, c, *_ in STATES}
    assert checks() == names
    command.downgrade(config, "0005")
    assert checks() == set()
    command.upgrade(config, "head")
    assert checks() == names
    engine.dispose()


def test_rasa_with_postgresql_tracker_store_and_redis_lock_store(postgres_url, tmp_path):
    lock_commands = []
    client = redis.Redis(host="127.0.0.1", port=6379)

    def watch_locks(seconds=40):
        # MONITOR shows every command Redis executes; Rasa's lock store writes its lock keys.
        with client.monitor() as monitor:
            end = time.monotonic() + seconds
            for command in monitor.listen():
                if "foerderbot" in command["command"]:
                    lock_commands.append(command["command"])
                if time.monotonic() > end or lock_commands:
                    break

    env = {
        "DATABASE_URL": postgres_url,
        "FOERDERBOT_TODAY": TODAY.isoformat(),
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_NAME": TRACKER_DB,
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "0",
    }
    with running_bot(tmp_path, env, endpoints="endpoints.production.yml") as bot:
        watcher = threading.Thread(target=watch_locks, daemon=True)
        watcher.start()
        time.sleep(0.5)
        replies = bot.ask("prod-user", "Bis wann läuft die Frist bei Land.Funk?")
        watcher.join(timeout=45)
    assert "15. Februar 2022" in replies[0]["text"]
    assert lock_commands, "the Redis lock store was not used"

    connection = psycopg2.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={TRACKER_DB}")
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from events where sender_id = %s and type_name = 'user'", ("prod-user",))
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "select count(*) from events where sender_id = %s and type_name = 'slot' and data like %s",
            ("prod-user", '%"land-funk"%'),
        )
        assert cursor.fetchone()[0] >= 1
    connection.close()


def test_german_full_text_search_on_postgresql(postgres_url):
    from bot import search

    with db.session_scope(postgres_url) as session:
        assert "384/2020" in [h.key for h in search.search(session, "Daseinsvorsorge")]
        assert "heimat-2-0-2020" in [h.key for h in search.search(session, "Fristen", limit=20)]
        hit = next(h for h in search.search(session, "Förderaufrufe") if h.key == "384/2020")
        assert "<mark>" in hit.snippet_html
        assert search.search(session, "Kochrezepte") == []


def test_free_question_quoted_on_postgresql(postgres_url):
    with db.session_scope(postgres_url) as session:
        answer = answers.free_question_answer(
            session, "Warum ist eine unmittelbare Teilnahme der Landkreise nicht mehr vorgesehen?"
        )
        assert answer.text.startswith("Im Rundschreiben Nr. 384/2020 des Landkreistages Sachsen-Anhalt")
        assert "heißt es dazu:" in answer.text
        assert answers.free_question_answer(session, "Wie wird das Wetter morgen?") is None
