"""the office's tables: staff accounts and sessions, the record of every change to a call, the
original files of circulars, the sentence each extracted record was read from, unanswered
questions and the staff's FAQ

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The values as they are at this revision (bot/states.py: UnansweredReason).
REASONS = ["fallback", "not_known", "not_stated", "thumbs_down"]


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(60), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "call_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("changed_by", sa.String(60), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("field", sa.String(80), nullable=False),
        sa.Column("old_value", sa.Text()),
        sa.Column("new_value", sa.Text()),
    )
    op.create_table(
        "circular_files",
        sa.Column("circular_id", sa.Integer(), sa.ForeignKey("circulars.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("asked_at", sa.DateTime(), nullable=False, index=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("answer", sa.Text()),
        sa.CheckConstraint(f"reason IN ({', '.join(repr(r) for r in REASONS)})", name="ck_unanswered_questions_reason"),
    )
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("variants", sa.Text()),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source", sa.String(400), nullable=False),
        sa.Column("updated_by", sa.String(60), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_by", sa.String(60)))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime()))
    for table in ("call_facts", "deadlines", "eligibility"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("evidence", sa.Text()))


def downgrade() -> None:
    for table in ("call_facts", "deadlines", "eligibility"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("evidence")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")
    for table in (
        "faq_entries",
        "unanswered_questions",
        "circular_files",
        "call_changes",
        "staff_sessions",
        "staff_users",
    ):
        op.drop_table(table)
