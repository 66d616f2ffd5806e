"""order lines (rampart add endpoint order_lines)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=24), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ref", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_order_lines_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
        sa.UniqueConstraint("owner_id", "sku", name=op.f("uq_order_lines_owner_id_sku")),
        # MySQL/MariaDB: 4-byte UTF-8; binary comparison, as unique columns are elsewhere.
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    op.create_index(op.f("ix_order_lines_owner_id"), "order_lines", ["owner_id"])
    op.create_index(op.f("ix_order_lines_created_at"), "order_lines", ["created_at"])


def downgrade() -> None:
    op.drop_table("order_lines")
