"""quality checklist ticks per offer; organisations' Stadtbezirk and public contact

Revision ID: 5a1e7c3d9b20
Revises: c0c3e5a1f014
Create Date: 2026-12-01 18:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5a1e7c3d9b20"
down_revision = "c0c3e5a1f014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offer_quality_ticks",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_quality_ticks_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "point", name=op.f("pk_offer_quality_ticks")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stadtbezirk", sa.String(length=2), nullable=True))
        batch_op.add_column(
            sa.Column("contact_email", sa.String(length=254), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("contact_phone", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("website", sa.String(length=200), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("website")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("stadtbezirk")
    op.drop_table("offer_quality_ticks")
