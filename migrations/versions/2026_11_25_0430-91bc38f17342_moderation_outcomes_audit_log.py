"""moderation, outcomes, audit log

Revision ID: 91bc38f17342
Revises: 1ee75ff172bb
Create Date: 2026-11-25 04:30:42.834122

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '91bc38f17342'
down_revision = '1ee75ff172bb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_created_at'), ['created_at'], unique=False)

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_outcomes_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes')),
    sa.UniqueConstraint('offer_id', name=op.f('uq_outcomes_offer_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_state', sa.Enum('pending', 'approved', 'rejected', name='reviewstate', native_enum=False, create_constraint=True, length=30), nullable=True))
        batch_op.add_column(sa.Column('published_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reject_reason', sa.Enum('personal_data', 'insult', 'off_topic', 'spam', 'other', name='rejectreason', native_enum=False, create_constraint=True, length=30), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_answers_review_state'), ['review_state'], unique=False)

    # Free text collected before moderation existed waits for a moderator like any new answer.
    op.execute("UPDATE answers SET review_state = 'pending' WHERE text IS NOT NULL")

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_moderator', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_offers_results_published_at'), ['results_published_at'], unique=False)



def downgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_results_published_at'))
        batch_op.drop_column('results_published_at')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('is_moderator')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_review_state'))
        # The enum CHECKs name the columns; drop them first or SQLite's table copy fails.
        batch_op.drop_constraint(batch_op.f('ck_answers_reviewstate'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_answers_rejectreason'), type_='check')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('review_note')
        batch_op.drop_column('reject_reason')
        batch_op.drop_column('published_text')
        batch_op.drop_column('review_state')

    op.drop_table('outcomes')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_created_at'))

    op.drop_table('audit_events')
