"""Shared fixtures: a real SQLite knowledge base, migrated and loaded like `bot load` does."""

from datetime import date

import pytest
from hypothesis import settings
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import db
from bot.config import KNOWLEDGE_DIR
from bot.loader import load_knowledge
from bot.models import CallAlias, CircularCall, Deadline, Eligibility, FundingCall, Source
from bot.states import STORED_VERDICTS, CallStatus, DeadlineKind, LinkRole, SourceKind, Verdict

TODAY = date(2026, 11, 24)

# Generated inputs (Hypothesis) are not kept between runs: nothing is written into the repository.
settings.register_profile("foerderbot", database=None)
settings.load_profile("foerderbot")


def loaded_database(url: str) -> str:
    """Migrate the database at `url` and load the curated facts, as `bot load` does."""
    db.upgrade(url)
    with db.session_scope(url) as session:
        load_knowledge(session, KNOWLEDGE_DIR)
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return loaded_database(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.sqlite3'}")


@pytest.fixture
def session(database_url):
    with db.session_scope(database_url) as session:
        yield session
        session.rollback()  # tests that add records leave the shared database as it was


@pytest.fixture
def actions_database(database_url, monkeypatch):
    """Point the actions, which read DATABASE_URL, at the test database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("FOERDERBOT_TODAY", TODAY.isoformat())
    return database_url


def fictitious_circular(number: str, issued: str, name: str, body: str) -> str:
    """The text of a circular about a fictitious program, with the letterhead ingestion reads."""
    return (
        f"Landkreistag Sachsen-Anhalt\n\nAn die Landkreise in Sachsen-Anhalt\n\nMagdeburg, den {issued}\n\n"
        f"Rundschreiben Nr. {number}\n\nFörderaufruf „{name}“ (fiktives Testprogramm)\n\n{body}"
    )


def ingest_fictitious(session, folder, number: str, issued: str, name: str, body: str) -> None:
    """Ingest a fictitious circular into the database `session` is open on, as `bot ingest`
    does; the session's work so far is committed first, so the ingestion sees it."""
    from bot.ingest.pipeline import ingest_file

    path = folder / f"rs-{number.replace('/', '-')}.txt"
    path.write_text(fictitious_circular(number, issued, name, body), encoding="utf-8")
    session.commit()
    ingest_file(path, str(session.get_bind().url))


# Each stored state: the values the database accepts (its enum's) and one it refuses.
STATES = [
    (FundingCall, "status", list(CallStatus), "draft"),
    (CircularCall, "role", list(LinkRole), "cites"),
    (Eligibility, "verdict", list(STORED_VERDICTS), Verdict.NOT_LISTED),
    (Source, "kind", list(SourceKind), "website"),
    (Deadline, "kind", list(DeadlineKind), "abgabe"),
]


def assert_states_are_checked(session, model, column, valid, invalid):
    """Every value of the enum is stored as its bare string; any other is refused by the database."""
    row = session.execute(select(model).limit(1)).scalar_one()
    for value in valid:
        setattr(row, column, value)
        session.flush()
        session.refresh(row)
        assert type(getattr(row, column)) is str and getattr(row, column) == value.value
    setattr(row, column, invalid)
    with pytest.raises(IntegrityError, match=f"ck_{model.__tablename__}_{column}"):
        session.flush()
    session.rollback()


def named_call(slug: str, name: str, program: str = "", **fields) -> FundingCall:
    """A call for a test, found by its name (its one alias)."""
    return FundingCall(slug=slug, name=name, program=program or name, aliases=[CallAlias(alias=name)], **fields)
