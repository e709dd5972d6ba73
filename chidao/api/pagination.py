"""Page-number pagination whose body says where you are: items, count, page, pages."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int = Field(0, ge=0, le=500)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: Any = None, **params: Any
    ) -> dict[str, Any]:
        size = pagination.page_size or settings.API_PAGE_SIZE
        count = queryset.count()
        start = (pagination.page - 1) * size
        return {
            "items": list(queryset[start : start + size]),
            "count": count,
            "page": pagination.page,
            "pages": max(1, math.ceil(count / size)),
        }


class ShapedRows:
    """A queryset `PagePagination` counts and slices, each row of the page kept turned into
    its API shape by `shape` (so only the page's rows are shaped)."""

    def __init__(self, rows: QuerySet[Any], shape: Callable[[Any], dict[str, Any]]) -> None:
        self.rows, self.shape = rows, shape

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.shape(r) for r in self.rows[window]]
