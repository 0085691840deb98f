"""one-time form id

Revision ID: 223b43c1c878
Revises: 532f22860b75
Create Date: 2026-12-01 15:01:39.474471

Each rendered answer form carries a random id, stored with its submission under a UNIQUE constraint:
the same form is stored once however often it is sent. Earlier submissions have none (NULL).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '223b43c1c878'
down_revision = '532f22860b75'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_id', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_submissions_form_id'), ['form_id'])



def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_submissions_form_id'), type_='unique')
        batch_op.drop_column('form_id')

