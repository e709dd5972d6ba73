"""The API's request parser: JSON bodies and query or form fields, refusing the NUL
character, which PostgreSQL cannot store in text (it would fail the request with a 500 there
and be stored as is on SQLite)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"


def _nul_paths(value: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Where `value` (JSON: dicts, lists, strings) holds a NUL, keys included."""
    if isinstance(value, str):
        return [path] if NUL in value else []
    if isinstance(value, dict):
        found = [(*path, str(k)) for k in value if NUL in str(k)]
        for key, item in value.items():
            found += _nul_paths(item, (*path, str(key)))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _nul_paths(item, (*path, str(i)))]
    return []


def _refuse(paths: list[tuple[str, ...]], where: str) -> None:
    if paths:
        message = _("Không được chứa ký tự NUL (\\x00).")
        raise ValidationError([{"loc": (where, *p), "msg": message} for p in paths])


class NulFreeParser(Parser):
    """A NUL in a query or form field: 422 naming the field. In a JSON body: 400, as ninja
    answers for any body its parser refuses."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        _refuse(_nul_paths(data), "body")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse(_nul_paths(parsed), "query")
        return parsed
