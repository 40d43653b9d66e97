"""search index on SQLite: rowids derived from (kind, ref_id), so that reindexing one record
deletes by rowid instead of scanning the whole FTS5 table (its other columns have no index)

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Must match bot.search.index_rowid.
ROWID = "ref_id * 2 + (kind = 'call')"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's table has an index on (kind, ref_id)
    op.execute("CREATE TEMP TABLE search_index_copy AS SELECT kind, ref_id, year, title, body FROM search_index")
    op.execute("DELETE FROM search_index")
    op.execute(f"INSERT INTO search_index (rowid, kind, ref_id, year, title, body) "
               f"SELECT {ROWID}, kind, ref_id, year, title, body FROM search_index_copy")
    op.execute("DROP TABLE search_index_copy")


def downgrade() -> None:
    pass  # rowids of any value work with revision 0003
