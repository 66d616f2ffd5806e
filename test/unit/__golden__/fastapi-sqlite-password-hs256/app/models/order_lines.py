from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Enum, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin, UTCDateTime


class OrderLine(IdMixin, TimestampMixin, Base):
    __tablename__ = "order_lines"
    # Unique per owner, so a 409 never tells one user about another's rows.
    __table_args__ = (UniqueConstraint("owner_id", "sku"),)

    owner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid(), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(String(24))
    qty: Mapped[int] = mapped_column(BigInteger())
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ref: Mapped[uuid.UUID | None] = mapped_column(Uuid(), default=None)
    kind: Mapped[str] = mapped_column(
        Enum("a", "b", name="kind", native_enum=False, create_constraint=True, length=1)
    )
    note: Mapped[str | None] = mapped_column(Text(), default=None)
