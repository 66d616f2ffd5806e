from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from app.api.deps import ItemsReader, ItemsWriter, JSONBody, SessionDep
from app.api.routing import StrictJSONRoute
from app.crud import items as items_crud
from app.schemas.common import Limit, Offset, Page
from app.schemas.items import ItemCreate, ItemPublic, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"], route_class=StrictJSONRoute)

NOT_FOUND = "No such item"  # same body for "missing" and "someone else's"


@router.get("", response_model=Page[ItemPublic])
def list_items(
    user: ItemsReader,
    session: SessionDep,
    limit: Annotated[Limit, Query()] = 20,
    offset: Annotated[Offset, Query()] = 0,
    sort: Annotated[str, Query(pattern=items_crud.SORT_PATTERN)] = "-created_at",
) -> Page[ItemPublic]:
    rows, total = items_crud.page(session, user.id, limit=limit, offset=offset, sort=sort)
    return Page[ItemPublic](
        items=[ItemPublic.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("", response_model=ItemPublic, status_code=201, dependencies=[JSONBody])
def create_item(
    body: ItemCreate, user: ItemsWriter, session: SessionDep, response: Response
) -> ItemPublic:
    item = items_crud.create(session, user.id, body.model_dump())
    session.commit()
    response.headers["Location"] = f"/items/{item.id}"
    return ItemPublic.model_validate(item)


@router.get("/{item_id}", response_model=ItemPublic)
def read_item(item_id: uuid.UUID, user: ItemsReader, session: SessionDep) -> ItemPublic:
    item = items_crud.get_owned(session, user.id, item_id)
    if item is None:
        raise HTTPException(404, NOT_FOUND)
    return ItemPublic.model_validate(item)


@router.patch("/{item_id}", response_model=ItemPublic, dependencies=[JSONBody])
def update_item(
    item_id: uuid.UUID, body: ItemUpdate, user: ItemsWriter, session: SessionDep
) -> ItemPublic:
    item = items_crud.get_owned(session, user.id, item_id)
    if item is None:
        raise HTTPException(404, NOT_FOUND)
    items_crud.update(session, item, body.model_dump(exclude_unset=True))
    session.commit()
    return ItemPublic.model_validate(item)


@router.delete("/{item_id}", status_code=204)
def delete_item(item_id: uuid.UUID, user: ItemsWriter, session: SessionDep) -> Response:
    item = items_crud.get_owned(session, user.id, item_id)
    if item is None:
        raise HTTPException(404, NOT_FOUND)
    items_crud.delete(session, item)
    session.commit()
    return Response(status_code=204)
