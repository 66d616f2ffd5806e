from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, Security
from sqlalchemy.exc import IntegrityError

from app.api.deps import JSONBody, SessionDep, get_current_user
from app.api.responses import CREATED, JSON_BODY, SCOPED, problem_responses
from app.api.routing import StrictJSONRoute
from app.crud import order_lines as crud
from app.models.user import User
from app.schemas.common import Limit, Offset, Page
from app.schemas.order_lines import OrderLineCreate, OrderLinePublic, OrderLineUpdate

router = APIRouter(prefix="/order_lines", tags=["order_lines"], route_class=StrictJSONRoute)

Reader = Annotated[User, Security(get_current_user, scopes=["order_lines:read"])]
Writer = Annotated[User, Security(get_current_user, scopes=["order_lines:write"])]

NOT_FOUND = "No such order_line"  # the same body for "missing" and "someone else's"
CONFLICT = "Another order_line of yours has the same value in a unique field"


@router.get("", name="list", responses=problem_responses(*SCOPED, 422))
def list_order_lines(
    user: Reader,
    session: SessionDep,
    limit: Annotated[Limit, Query()] = 20,
    offset: Annotated[Offset, Query()] = 0,
    sort: Annotated[str, Query(pattern=crud.SORT_PATTERN)] = "-created_at",
) -> Page[OrderLinePublic]:
    rows, total = crud.page(session, user.id, limit=limit, offset=offset, sort=sort)
    return Page[OrderLinePublic](
        items=[OrderLinePublic.model_validate(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "",
    name="create",
    status_code=201,
    dependencies=[JSONBody],
    responses={201: CREATED, **problem_responses(*SCOPED, *JSON_BODY, 409)},
)
def create_order_line(
    body: OrderLineCreate, user: Writer, session: SessionDep, response: Response
) -> OrderLinePublic:
    try:
        row = crud.create(session, user.id, body.model_dump())
        session.commit()
    except IntegrityError:  # a unique field, per owner: only the caller's own rows clash
        session.rollback()
        raise HTTPException(409, CONFLICT) from None
    response.headers["Location"] = f"/order_lines/{row.id}"
    return OrderLinePublic.model_validate(row)


@router.get("/{order_line_id}", name="get", responses=problem_responses(*SCOPED, 404, 422))
def read_order_line(order_line_id: uuid.UUID, user: Reader, session: SessionDep) -> OrderLinePublic:
    row = crud.get_owned(session, user.id, order_line_id)
    if row is None:
        raise HTTPException(404, NOT_FOUND)
    return OrderLinePublic.model_validate(row)


@router.patch(
    "/{order_line_id}",
    name="update",
    dependencies=[JSONBody],
    responses=problem_responses(*SCOPED, *JSON_BODY, 404, 409),
)
def update_order_line(
    order_line_id: uuid.UUID, body: OrderLineUpdate, user: Writer, session: SessionDep
) -> OrderLinePublic:
    row = crud.get_owned(session, user.id, order_line_id)
    if row is None:
        raise HTTPException(404, NOT_FOUND)
    try:
        crud.update(session, row, body.model_dump(exclude_unset=True))
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(409, CONFLICT) from None
    return OrderLinePublic.model_validate(row)


@router.delete(
    "/{order_line_id}",
    name="delete",
    status_code=204,
    responses=problem_responses(*SCOPED, 404, 422),
)
def delete_order_line(order_line_id: uuid.UUID, user: Writer, session: SessionDep) -> Response:
    row = crud.get_owned(session, user.id, order_line_id)
    if row is None:
        raise HTTPException(404, NOT_FOUND)
    crud.delete(session, row)
    session.commit()
    return Response(status_code=204)
