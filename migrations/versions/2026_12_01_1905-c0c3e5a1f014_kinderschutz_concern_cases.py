"""Kinderschutz: concern cases, each organisation's Kinderschutz contact, the review state "concern"

Revision ID: c0c3e5a1f014
Revises: a14e7f3c2b01
Create Date: 2026-12-01 19:00:00.000000

A free text suggesting that a child may be in danger gets the review state "concern" (never published)
and waits in the organisation's Kinderschutz queue; its status and note live in concern_cases.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c0c3e5a1f014"
down_revision = "a14e7f3c2b01"
branch_labels = None
depends_on = None

OLD_STATES = "review_state IN ('pending', 'approved', 'rejected')"
NEW_STATES = "review_state IN ('pending', 'approved', 'rejected', 'concern')"


def upgrade():
    op.create_table(
        "concern_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "seen",
                "consulted",
                "closed",
                name="concernstatus",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_concern_cases_answer_id_answers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_cases")),
        sa.UniqueConstraint("answer_id", name=op.f("uq_concern_cases_answer_id")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_protection_contact_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_organisations_child_protection_contact_id_users"),
            "users",
            ["child_protection_contact_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_answers_reviewstate"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_answers_reviewstate"), NEW_STATES)


def downgrade():
    # Below this revision no queue is for the Kinderschutz contact only: a concern text would become
    # pending (publishable) or rejected (shown to moderators). It is deleted with its case.
    op.execute("DELETE FROM concern_cases")
    op.execute("DELETE FROM answers WHERE review_state = 'concern'")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_answers_reviewstate"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_answers_reviewstate"), OLD_STATES)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_organisations_child_protection_contact_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("child_protection_contact_id")
    op.drop_table("concern_cases")
