"""Where the database is and how it is opened: reading the setting changes nothing on disk."""

from sqlalchemy import text

from bot import config, db


def test_reading_the_database_setting_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(config, "DEFAULT_SQLITE_PATH", tmp_path / "var" / "foerderbot.sqlite3")
    assert config.database_url() == f"sqlite:///{tmp_path / 'var' / 'foerderbot.sqlite3'}"
    assert not (tmp_path / "var").exists()


def test_the_folder_of_an_sqlite_file_is_made_when_the_database_is_first_opened(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'folder' / 'kb.sqlite3'}"
    db.upgrade(url)
    with db.session_scope(url) as session:
        assert session.execute(text("SELECT count(*) FROM circulars")).scalar() == 0
    assert (tmp_path / "new" / "folder" / "kb.sqlite3").is_file()


def test_in_memory_and_server_databases_need_no_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert db._sqlite_file("sqlite://") is None and db._sqlite_file("sqlite:///:memory:") is None
    assert db._sqlite_file("postgresql://localhost/test") is None
    assert list(tmp_path.iterdir()) == []
