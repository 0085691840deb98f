"""staff sessions, second factor, review keys

users: a session version (raising it ends every session of the account), "must change password" after
an administrator set it, and the TOTP second factor with one-time recovery codes. answers: a random
review key for the moderation URLs of free text; existing free text gets one here.

Revision ID: 0106aef98f9e
Revises: de56a2eaa573
Create Date: 2026-12-01 15:53:05.993523

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0106aef98f9e'
down_revision = 'de56a2eaa573'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_key', sa.String(length=24), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_answers_review_key'), ['review_key'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
    answers = sa.table("answers", sa.column("id", sa.Integer), sa.column("review_state", sa.String),
                       sa.column("review_key", sa.String))
    connection = op.get_bind()
    for (answer_id,) in connection.execute(sa.select(answers.c.id).where(answers.c.review_state.is_not(None))):
        connection.execute(answers.update().where(answers.c.id == answer_id)
                           .values(review_key=secrets.token_urlsafe(12)))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('session_version')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_answers_review_key'), type_='unique')
        batch_op.drop_column('review_key')

    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')
