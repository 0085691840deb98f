"""A Kinderschutz case's note is a journal of dated entries: it only grows, so it is text, not 500 chars.

Revision ID: 7d3e9a1c5b42
Revises: 5a1e7c3d9b20
Create Date: 2026-12-01 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7d3e9a1c5b42"
down_revision = "5a1e7c3d9b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("concern_cases", schema=None) as batch_op:
        batch_op.alter_column("note", existing_type=sa.String(length=500), type_=sa.Text())


def downgrade():
    # A journal longer than 500 characters keeps its latest part (the earlier entries are in backups).
    op.execute("UPDATE concern_cases SET note = substr(note, length(note) - 499) WHERE length(note) > 500")
    with op.batch_alter_table("concern_cases", schema=None) as batch_op:
        batch_op.alter_column("note", existing_type=sa.Text(), type_=sa.String(length=500))
