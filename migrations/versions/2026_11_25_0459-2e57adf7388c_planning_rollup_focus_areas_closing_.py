"""planning rollup, focus areas, closing dates

Revision ID: 2e57adf7388c
Revises: 91bc38f17342
Create Date: 2026-11-25 04:59:54.562762

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2e57adf7388c'
down_revision = '91bc38f17342'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('focus_areas',
    sa.Column('ortsteil_code', sa.String(length=2), nullable=False),
    sa.PrimaryKeyConstraint('ortsteil_code', name=op.f('pk_focus_areas'))
    )
    op.create_table('participation_counts',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('age_group', sa.String(length=20), nullable=False),
    sa.Column('ortsteil_code', sa.String(length=2), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_participation_counts_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'month', 'age_group', 'ortsteil_code', name=op.f('pk_participation_counts'))
    )
    with op.batch_alter_table('participation_counts', schema=None) as batch_op:
        batch_op.create_index('ix_participation_counts_month_offer_id', ['month', 'offer_id'], unique=False)

    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('results_published_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_offers_opened_at'), ['opened_at'], unique=False)

    # Fill the new rollup and dates from what is there (UTC calendar days for old rows).
    postgres = op.get_bind().dialect.name == "postgresql"

    def day(column):
        return f"({column} AT TIME ZONE 'UTC')::date" if postgres else f"date({column})"

    month = "date_trunc('month', created_at AT TIME ZONE 'UTC')::date" if postgres \
        else "date(created_at, 'start of month')"
    op.execute("INSERT INTO participation_counts (offer_id, month, age_group, ortsteil_code, n) "
               f"SELECT offer_id, {month}, COALESCE(age_group, ''), COALESCE(ortsteil_code, ''), count(*) "
               "FROM submissions GROUP BY 1, 2, 3, 4")
    op.execute(f"UPDATE offers SET closed_on = CASE WHEN {day('closed_at')} < ends_on THEN {day('closed_at')} "
               "ELSE ends_on END WHERE closed_at IS NOT NULL")
    op.execute(f"UPDATE offers SET results_published_on = {day('results_published_at')} "
               "WHERE results_published_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_opened_at'))
        batch_op.drop_column('results_published_on')
        batch_op.drop_column('closed_on')

    with op.batch_alter_table('participation_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_participation_counts_month_offer_id')

    op.drop_table('participation_counts')
    op.drop_table('focus_areas')
