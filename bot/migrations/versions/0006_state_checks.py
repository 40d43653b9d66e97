"""CHECK constraints for the closed sets of stored values (bot/states.py): a call's status, a
circular's role for a call, an eligibility verdict, a source's kind, a deadline's kind

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The values as they are at this revision, written out: a later change of an enum in
# bot/states.py needs a migration of its own. The names are those of bot/models.py.
CHECKS = [
    ("calls", "status", ["reviewed", "extracted"]),
    ("circular_calls", "role", ["announces", "mentions"]),
    ("eligibility", "verdict", ["yes", "no", "conditional"]),
    ("sources", "kind", ["circular", "publication"]),
    ("deadlines", "kind", ["projektskizze", "interessenbekundung", "antrag", "bewerbung", "frist"]),
]


def _name(table: str, column: str) -> str:
    return f"ck_{table}_{column}"


def upgrade() -> None:
    # On SQLite batch mode copies each table into a new one with the constraint (Alembic's
    # connection has foreign keys off, so no cascade fires); on PostgreSQL it is ALTER TABLE.
    for table, column, values in CHECKS:
        condition = f"{column} IN ({', '.join(repr(v) for v in values)})"
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(_name(table, column), condition)


def downgrade() -> None:
    for table, column, _ in reversed(CHECKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(_name(table, column), type_="check")
