import shutil

import pytest
from sqlalchemy import func, select

from bot import db
from bot.config import KNOWLEDGE_DIR
from bot.loader import KnowledgeError, load_knowledge
from bot.models import CallAlias, CallFact, Circular, Deadline, Eligibility, FundingCall, Source, fact_sources


def _counts(session):
    return {
        model.__name__: session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in (Source, Circular, FundingCall, CallAlias, CallFact, Deadline, Eligibility)
    }


def test_all_calls_and_circulars_are_loaded(session):
    slugs = set(session.execute(select(FundingCall.slug)).scalars())
    assert slugs == {
        "heimat-2-0-2020",
        "heimat-2-0-2021",
        "heimat-2-0-2023",
        "smarte-landregionen",
        "landversorgt",
        "smart-cities-2020",
        "smart-cities-2021",
        "land-funk",
    }
    assert set(session.execute(select(Circular.number)).scalars()) == {"384/2020", "014/2020"}


def test_loading_twice_changes_nothing(database_url):
    with db.session_scope(database_url) as session:
        before = _counts(session)
        load_knowledge(session, KNOWLEDGE_DIR)
    with db.session_scope(database_url) as session:
        assert _counts(session) == before


def test_every_fact_deadline_and_rule_cites_a_source(session):
    for model in (CallFact, Deadline, Eligibility):
        for record in session.execute(select(model)).scalars():
            assert record.sources, f"{model.__name__} {record.id} has no source"


def test_circular_384_is_stored_cleaned_and_without_a_date(session):
    circular = session.execute(select(Circular).filter_by(number="384/2020")).scalar_one()
    assert circular.issued_on is None
    assert "Bundesministerium des Innern" in circular.full_text
    assert "Bundesminis-" not in circular.full_text
    assert "interkommunale Zusammenarbeit" in circular.full_text
    assert [(r.referenced_number, r.referenced_date.isoformat()) for r in circular.references] == [
        ("014/2020", "2020-01-08")
    ]


def test_contradicted_landkreis_eligibility_is_not_used(session):
    call = session.execute(select(FundingCall).filter_by(slug="heimat-2-0-2020")).scalar_one()
    rule = next(e for e in call.eligibility if e.applicant_type == "landkreis")
    assert rule.verdict == "conditional"
    assert [s.key for s in rule.sources] == ["rs-384-2020"]


def test_no_funding_rate_is_invented_for_heimat_2020(session):
    call = session.execute(select(FundingCall).filter_by(slug="heimat-2-0-2020")).scalar_one()
    assert not [f for f in call.facts if f.topic == "rate" or f.rate_max_percent]


def test_unknown_source_key_is_a_clear_error(tmp_path, database_url):
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "knowledge")
    broken = tmp_path / "knowledge" / "calls" / "land-funk-broken.yml"
    broken.write_text(
        "calls:\n  - slug: broken\n    name: Kaputt\n    facts:\n"
        "      - topic: aim\n        text: x\n        sources: [nirgendwo]\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="nirgendwo"), db.session_scope(database_url) as session:
        load_knowledge(session, tmp_path / "knowledge")
    with db.session_scope(database_url) as session:  # the failed load left nothing behind
        assert session.execute(select(FundingCall).filter_by(slug="broken")).scalar_one_or_none() is None
        assert session.execute(select(func.count()).select_from(fact_sources)).scalar_one() > 0


def test_migration_0004_gives_existing_search_rows_their_rowids(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from bot import db, search

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(db.alembic_config(url), "0003")
    with db.session_scope(url) as session:
        for kind, ref_id in [("circular", 7), ("call", 7), ("circular", 1)]:
            session.execute(
                text(
                    "INSERT INTO search_index (kind, ref_id, year, title, body) "
                    "VALUES (:kind, :ref_id, 2020, 'titel', 'text')"
                ),
                {"kind": kind, "ref_id": ref_id},
            )
    db.upgrade(url)
    with db.session_scope(url) as session:
        rows = session.execute(text("SELECT rowid, kind, ref_id FROM search_index ORDER BY rowid")).all()
    assert [tuple(r) for r in rows] == [
        (search.index_rowid(k, i), k, i) for k, i in [("circular", 1), ("circular", 7), ("call", 7)]
    ]


@pytest.mark.parametrize(
    "path,old,new,message",
    [
        ("calls/further-calls.yml", "kind: antrag", "kind: abgabe", "Frist kind: 'abgabe' ungültig"),
        ("circulars.yml", "role: mentions", "role: cites", "role: 'cites' ungültig"),
        ("sources.yml", "kind: publication", "kind: website", "kind: 'website' ungültig"),
    ],
)
def test_a_state_outside_its_enum_is_a_clear_error(tmp_path, database_url, path, old, new, message):
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "knowledge")
    edited = tmp_path / "knowledge" / path
    edited.write_text(edited.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message), db.session_scope(database_url) as session:
        load_knowledge(session, tmp_path / "knowledge")


def test_migration_0006_keeps_existing_records_and_is_reversible(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    config = db.alembic_config(url)
    db.upgrade(url)
    with db.session_scope(url) as session:
        load_knowledge(session, KNOWLEDGE_DIR)
        before = _counts(session)
    # The records as they stood at 0005 (the models are of the newest revision, so they are
    # loaded first and the schema is taken back).
    command.downgrade(config, "0005")

    def checks():
        inspector = inspect(db.get_engine(url))
        return {c["name"] for table in inspector.get_table_names() for c in inspector.get_check_constraints(table)}

    names = {
        "ck_calls_status",
        "ck_circular_calls_role",
        "ck_eligibility_verdict",
        "ck_sources_kind",
        "ck_deadlines_kind",
    }
    assert checks() == set()
    command.upgrade(config, "0006")
    assert checks() == names
    with db.session_scope(url) as session:
        assert _counts(session) == before
    command.downgrade(config, "0005")
    assert checks() == set()
    with db.session_scope(url) as session:
        assert _counts(session) == before
    db.upgrade(url)
    assert checks() == names | {"ck_unanswered_questions_reason"}  # migration 0007's own table


def test_migration_0007_adds_the_office_s_tables_and_is_reversible(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    db.upgrade(url)
    with db.session_scope(url) as session:
        load_knowledge(session, KNOWLEDGE_DIR)
        before = _counts(session)
    office = {"staff_users", "staff_sessions", "call_changes", "circular_files", "unanswered_questions", "faq_entries"}
    command.downgrade(db.alembic_config(url), "0006")
    assert not office & set(inspect(db.get_engine(url)).get_table_names())
    db.upgrade(url)
    assert office <= set(inspect(db.get_engine(url)).get_table_names())
    with db.session_scope(url) as session:
        assert _counts(session) == before
