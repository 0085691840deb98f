"""kept tallies

After the retention period an offer's per-answer rows are deleted; its tallies stay as counts here, so
published results look the same (participation.answers.retention).

Revision ID: de56a2eaa573
Revises: 223b43c1c878
Create Date: 2026-12-01 15:18:23.715936

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'de56a2eaa573'
down_revision = '223b43c1c878'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_tallies',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_kept_tallies_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', name=op.f('pk_kept_tallies'))
    )


def downgrade():
    op.drop_table('kept_tallies')
