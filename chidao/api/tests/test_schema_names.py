"""The OpenAPI document names each API shape once: two shapes with one class name would
share one entry under `components/schemas`, and one of them would be documented wrong."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from ninja import Schema

import chidao
from chidao.api.api import api


def _shapes_by_name() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for app in pkgutil.iter_modules(chidao.__path__):
        for part in ("schemas", "api"):
            name = f"chidao.{app.name}.{part}"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, Schema)
                    and value.__module__ == module.__name__
                ):
                    found[value.__name__].append(module.__name__)
    return found


def test_no_two_api_shapes_share_a_name() -> None:
    shared = {name: where for name, where in _shapes_by_name().items() if len(where) > 1}
    assert shared == {}


def test_the_document_shows_each_apps_own_shape() -> None:
    components = api.get_openapi_schema(path_prefix="/api/v1")["components"]["schemas"]

    assert "document" in components["TaskOut"]["properties"]  # the tasks app's task
    assert "recurrence_rule" in components["ExtractedTaskOut"]["properties"]
    assert "indicator" in components["ValueOut"]["properties"]
    assert "measure_unit" in components["SubmissionValueOut"]["properties"]
    assert list(components["CommentIn"]["properties"]) == ["body"]
    assert list(components["ReviewCommentIn"]["properties"]) == ["comment"]
    assert list(components["UnitRef"]["properties"]) == ["uuid", "name", "kind"]
