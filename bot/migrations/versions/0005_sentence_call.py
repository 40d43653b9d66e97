"""circular sentences: the call a sentence is about, where a circular announces several

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("circular_sentences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_circular_sentences_call_id", "calls", ["call_id"], ["id"],
                                    ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("circular_sentences", schema=None) as batch_op:
        batch_op.drop_constraint("fk_circular_sentences_call_id", type_="foreignkey")
        batch_op.drop_column("call_id")
