"""The production configuration for real: knowledge base and tracker store on PostgreSQL,
lock store on Redis (both run on every machine here, 127.0.0.1)."""

import os
import signal
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
from bot.wording import FAULT
from tests.conftest import STATES, TODAY, assert_states_are_checked
from tests.servers import running_bot
from tests.standins import TcpProxy

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

    names = {f"ck_{m.__tablename__}_{c}" for m, c, *_ in STATES} | {"ck_unanswered_questions_reason"}
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
        cursor.execute("select count(*) from events where sender_id = %s and type_name = 'user'", ("rest:prod-user",))
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "select count(*) from events where sender_id = %s and type_name = 'slot' and data like %s",
            ("rest:prod-user", '%"land-funk"%'),
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


# --- faults: each part of the production setup down or hanging, and back -----------------------------

QUESTION, ANSWER = "Bis wann läuft die Frist bei Land.Funk?", "15. Februar 2022"


@pytest.fixture(scope="module")
def faulty(postgres_url, tmp_path_factory):
    """The bot in its production configuration, reaching the knowledge base, the tracker
    database and Redis through connections a test can cut (tests.standins.TcpProxy)."""
    proxies = {
        "knowledge base": TcpProxy("127.0.0.1", 5432),
        "tracker database": TcpProxy("127.0.0.1", 5432),
        "Redis": TcpProxy("127.0.0.1", 6379),
    }
    env = {
        "DATABASE_URL": f"postgresql+psycopg2://postgres@127.0.0.1:{proxies['knowledge base'].port}/{KB_DB}",
        "FOERDERBOT_TODAY": TODAY.isoformat(),
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": str(proxies["tracker database"].port),
        "TRACKER_DB_NAME": TRACKER_DB,
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(proxies["Redis"].port),
        "REDIS_DB": "0",
    }
    try:
        with running_bot(tmp_path_factory.mktemp("faults"), env, endpoints="endpoints.production.yml") as bot:
            yield bot, proxies
    finally:
        for proxy in proxies.values():
            proxy.close()


def timed_ask(bot, sender: str, message: str):
    start = time.monotonic()
    texts = [reply.get("text") for reply in bot.ask(sender, message)]
    return texts, time.monotonic() - start


def assert_answered_again(bot, sender: str) -> None:
    texts, _ = timed_ask(bot, sender, QUESTION)
    assert ANSWER in texts[0], texts


@pytest.mark.parametrize("mode", ["refuse", "blackhole"])
@pytest.mark.parametrize("part", ["knowledge base", "tracker database", "Redis"])
def test_a_part_down_or_hanging_gets_a_german_answer_within_5_seconds_and_the_conversation_goes_on(faulty, part, mode):
    bot, proxies = faulty
    sender = f"fault-{part}-{mode}".replace(" ", "-")
    assert_answered_again(bot, sender)
    proxies[part].set_mode(mode)
    try:
        texts, seconds = timed_ask(bot, sender, QUESTION)
    finally:
        proxies[part].set_mode("forward")
    assert seconds < 5, (texts, seconds)
    if part == "tracker database":
        # Rasa's fail-safe tracker store keeps the conversation in memory meanwhile: a real answer.
        assert ANSWER in texts[0], texts
    else:
        assert texts == [FAULT], texts
    assert_answered_again(bot, sender)


def test_the_action_server_stopped_or_stalled_gets_a_german_answer_and_then_answers_again(faulty):
    bot, _ = faulty
    bot.actions.stop()
    try:
        texts, seconds = timed_ask(bot, "fault-actions-down", QUESTION)
    finally:
        bot.actions.start()
    assert texts == [FAULT] and seconds < 5, (texts, seconds)
    assert_answered_again(bot, "fault-actions-down")

    os.kill(bot.actions.process.pid, signal.SIGSTOP)
    try:
        texts, seconds = timed_ask(bot, "fault-actions-stalled", QUESTION)
    finally:
        os.kill(bot.actions.process.pid, signal.SIGCONT)
    assert texts == [FAULT] and seconds < 5, (texts, seconds)
    assert_answered_again(bot, "fault-actions-stalled")
