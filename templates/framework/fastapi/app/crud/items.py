"""Item queries, always scoped to one owner. Sort columns come from an allow-list only."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.models.item import Item

# The only columns a client may sort by; `sort=-name` means descending.
SORTABLE: dict[str, InstrumentedAttribute[Any]] = {
    "created_at": Item.created_at,
    "updated_at": Item.updated_at,
    "name": Item.name,
    "price": Item.price,
}
SORT_PATTERN = "^-?(" + "|".join(SORTABLE) + ")$"


def get_owned(session: Session, owner_id: uuid.UUID, item_id: uuid.UUID) -> Item | None:
    """The item if it exists *and* belongs to owner_id; None for both other cases."""
    return session.scalars(
        select(Item).where(Item.id == item_id, Item.owner_id == owner_id)
    ).first()


def page(
    session: Session, owner_id: uuid.UUID, *, limit: int, offset: int, sort: str
) -> tuple[list[Item], int]:
    column = SORTABLE[sort.removeprefix("-")]
    order = column.desc() if sort.startswith("-") else column.asc()
    total = session.scalar(select(func.count()).select_from(Item).where(Item.owner_id == owner_id))
    rows = session.scalars(
        select(Item)
        .where(Item.owner_id == owner_id)
        .order_by(order, Item.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total or 0


def create(session: Session, owner_id: uuid.UUID, values: dict[str, Any]) -> Item:
    item = Item(owner_id=owner_id, **values)
    session.add(item)
    session.flush()
    return item


def update(session: Session, item: Item, values: dict[str, Any]) -> Item:
    for field, value in values.items():
        setattr(item, field, value)
    session.flush()
    return item


def delete(session: Session, item: Item) -> None:
    session.delete(item)
    session.flush()
