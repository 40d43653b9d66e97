"""search index: FTS5 with stemmed text on SQLite, tsvector with the german configuration on PostgreSQL

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # FTS5 has no German stemmer: bot.search stores and queries Snowball-stemmed words.
        op.execute("CREATE VIRTUAL TABLE search_index USING fts5("
                   "kind UNINDEXED, ref_id UNINDEXED, year UNINDEXED, title, body, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        return
    op.create_table(
        "search_index",
        sa.Column("rowid", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR(), sa.Computed(
            "setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body), 'B')",
            persisted=True)),
    )
    op.create_index("ix_search_index_tsv", "search_index", ["tsv"], postgresql_using="gin")
    op.create_index("ix_search_index_ref", "search_index", ["kind", "ref_id"])


def downgrade() -> None:
    op.drop_table("search_index")
