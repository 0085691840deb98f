"""one name per meaning (outcome_due_on), one enum width

Revision ID: 532f22860b75
Revises: fe46788a2d02
Create Date: 2026-12-01 14:10:00.000000

The date by which the Rückmeldung is promised was called feedback_due_on, while "feedback" also named
the young people's answers; it is outcome_due_on now, like the Outcome model it promises. Every enum
column is VARCHAR(30) (one column type for all enums), so organisations.kind and users.role widen.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '532f22860b75'
down_revision = 'fe46788a2d02'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_offers_feedback_after_end'), type_='check')
        batch_op.alter_column('feedback_due_on', new_column_name='outcome_due_on', existing_type=sa.Date(),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_offers_outcome_after_end'), 'outcome_due_on >= ends_on')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), type_=sa.String(length=30),
                              existing_nullable=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=20), type_=sa.String(length=30),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=30), type_=sa.String(length=20),
                              existing_nullable=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=30), type_=sa.String(length=20),
                              existing_nullable=False)
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_offers_outcome_after_end'), type_='check')
        batch_op.alter_column('outcome_due_on', new_column_name='feedback_due_on', existing_type=sa.Date(),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_offers_feedback_after_end'), 'feedback_due_on >= ends_on')
