"""Page-number pagination whose body says where you are: items, count, page, pages.

A page beyond the last answers 404 with a message naming the last page (page 1 of an empty
list is an empty page, not an error); `page` and `page_size` are bounded in the schema.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

# Far beyond any list here (2,000,000 feedback tickets one by one), and small enough that
# (page - 1) × page_size stays an integer every database accepts.
PAGE_MAX = 10_000_000
PAGE_SIZE_MAX = 500


def page_field() -> Any:
    return Field(1, ge=1, le=PAGE_MAX, description="1 for the first page")


def page_size_field() -> Any:
    return Field(
        0, ge=0, le=PAGE_SIZE_MAX, description="rows per page; 0 for the installation's default"
    )


def page_window(page: int, page_size: int, count: int) -> tuple[int, int, int]:
    """`(start, stop, pages)` of page `page` of `count` rows, `page_size` rows a page (0: the
    installation's default); HttpError 404 for a page beyond the last."""
    size = page_size or settings.API_PAGE_SIZE
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise HttpError(
            404,
            _("Không có trang %(page)d: danh sách chỉ có %(pages)d trang.")
            % {"page": page, "pages": pages},
        )
    start = (page - 1) * size
    return start, start + size, pages


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = page_field()
        page_size: int = page_size_field()

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: Any = None, **params: Any
    ) -> dict[str, Any]:
        count = queryset.count()
        start, stop, pages = page_window(pagination.page, pagination.page_size, count)
        return {
            "items": list(queryset[start:stop]),
            "count": count,
            "page": pagination.page,
            "pages": pages,
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
