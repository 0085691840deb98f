"""Methodenkoffer: methods, and the method an offer was made from

Revision ID: a14e7f3c2b01
Revises: d902b5a5dd5c
Create Date: 2026-12-01 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a14e7f3c2b01"
down_revision = "d902b5a5dd5c"
branch_labels = None
depends_on = None

FORMATS = ("online_survey", "smiley_feedback", "dot_voting", "idea_collection", "workshop")
LEVELS = ("information", "consultation", "co_decision", "self_determination")


def upgrade():
    op.create_table(
        "methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("aim", sa.Text(), nullable=False),
        sa.Column("age_min", sa.Integer(), nullable=False),
        sa.Column("age_max", sa.Integer(), nullable=False),
        sa.Column("group_min", sa.Integer(), nullable=False),
        sa.Column("group_max", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column(
            "format",
            sa.Enum(*FORMATS, name="offerformat", native_enum=False, create_constraint=True, length=30),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum(*LEVELS, name="participationlevel", native_enum=False, create_constraint=True, length=30),
            nullable=False,
        ),
        sa.Column("inclusion", sa.Text(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_methods")),
        sa.UniqueConstraint("slug", name=op.f("uq_methods_slug")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_offers_method_id"), ["method_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_offers_method_id_methods"), "methods", ["method_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_offers_method_id_methods"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_offers_method_id"))
        batch_op.drop_column("method_id")
    op.drop_table("methods")
