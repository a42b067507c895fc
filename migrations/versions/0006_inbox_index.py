"""inbox order: assignment (department_id, due_date, id)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_assignment_department_due', 'assignment', ['department_id', 'due_date', 'id']
    )


def downgrade():
    op.drop_index('ix_assignment_department_due', table_name='assignment')
