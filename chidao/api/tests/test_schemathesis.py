"""Every API operation, fuzzed from its own OpenAPI schema on the demo data, answers no 5xx
and, where its schema documents the status, a body of the documented shape.

Schemathesis generates each operation's requests (valid ones and malformed ones) from
`/api/v1/openapi.json`, sends them in-process to the WSGI application, as the secretariat
and as a department officer with API tokens. Path parameters are drawn now and then from
the demo's real objects, so that an edit or an action reaches a real row and not only 404.
Examples are bounded and derandomized: the run is the same every time. Everything happens
inside the test's transaction, rolled back at its end.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as fuzzing
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from chidao.accounts import services as accounts
from chidao.accounts.models import User
from chidao.core.periods import Period
from chidao.documents.models import Document
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.reporting.models import ProvinceReport, Regime, Submission
from chidao.tasks.models import Assignment, ExtensionRequest, Task
from chidao.units.models import Unit, UnitGroup

pytestmark = pytest.mark.django_db

EXAMPLES = 8  # per operation, persona and generation mode
PERSONAS = ("thuongtruc", "donvi")  # the secretariat; the Sở Tài chính officer
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

# Which rows a path parameter may name, by the path segment before it.
UUID_SOURCES: list[tuple[str, Callable[[], Iterable[Any]]]] = [
    (r"/units/\{uuid\}", lambda: Unit.objects.order_by("pk")[:20]),
    (r"/users/\{uuid\}", lambda: User.objects.order_by("pk")),
    (r"/documents/\{uuid\}", lambda: Document.objects.order_by("pk")),
    (r"/tasks/assignments/\{uuid\}", lambda: Assignment.objects.order_by("pk")[:20]),
    (r"/tasks/extensions/\{uuid\}", lambda: ExtensionRequest.objects.order_by("pk")),
    (r"/tasks/\{uuid\}", lambda: Task.objects.order_by("pk")[:20]),
    (r"/indicators/values/\{uuid\}", lambda: IndicatorValue.objects.order_by("pk")[:20]),
    (r"/reporting/regimes/\{uuid\}", lambda: Regime.objects.order_by("pk")),
    (r"/reporting/submissions/\{uuid\}", lambda: Submission.objects.order_by("pk")[:20]),
    (r"/reporting/reports/\{uuid\}", lambda: ProvinceReport.objects.order_by("pk")),
]


class InProcessApp:
    """The Django WSGI application as a test client drives it: the test's database
    connection stays open across requests (a server would close it after each one)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _real_values() -> dict[tuple[str, str], list[str]]:
    """Real values of each (path pattern, parameter), read once from the demo data."""
    values = {(pattern, "uuid"): [str(r.uuid) for r in rows()] for pattern, rows in UUID_SOURCES}
    tasks = Task.objects.filter(document__isnull=False).order_by("pk")[:20]
    values[(r"/tasks/\{task_uuid\}", "task_uuid")] = [str(t.uuid) for t in tasks]
    values[(r"/groups/\{key\}", "key")] = list(UnitGroup.objects.values_list("key", flat=True))
    values[(r"/indicators/\{code\}", "code")] = list(
        Indicator.objects.values_list("code", flat=True)
    )
    codes = Submission.objects.order_by().values_list("period_code", flat=True).distinct()
    values[(r"/periods/\{code\}", "code")] = [Period.parse(c).code for c in codes]
    return {k: v for k, v in values.items() if v}


def _real_or_generated(real: list[str], generated: Any) -> Any:
    """A real row three times in four: a made-up one mostly answers 404."""
    return st.integers(0, 3).flatmap(
        lambda i: st.just(generated) if i == 0 else st.sampled_from(real)
    )


def _load_schema(key: str) -> Any:
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", InProcessApp(), headers={"Authorization": f"Bearer {key}"}
    )
    real = _real_values()

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
        """Each generated path parameter, or often a real row's instead."""
        if not path_parameters:
            return st.just(path_parameters)
        path = context.operation.path
        chosen = {}
        for name, generated in path_parameters.items():
            found = [
                v for (pattern, n), v in real.items() if n == name and re.search(pattern, path)
            ]
            chosen[name] = _real_or_generated(found[0], generated) if found else st.just(generated)
        return st.fixed_dictionaries(chosen)

    return schema


def _fuzz(operation: Any, key: str, mode: GenerationMode) -> None:
    @fuzzing(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)

    run()


def test_every_operation_answers_without_server_error_for_secretariat_and_officer(
    settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path  # the demo's and the fuzzed requests' report files
    call_command("demo", "--no-serve", stdout=io.StringIO())
    failures: list[str] = []
    for username in PERSONAS:
        user = User.objects.get(username=username)
        _token, key = accounts.create_token(None, user, "schemathesis")
        schema = _load_schema(key)
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _fuzz(operation, key, mode)
                # Each operation's failures are listed, not only the first operation's.
                except (Exception, BaseExceptionGroup) as exc:
                    failures.append(f"{username} {operation.label} [{mode.value}]: {exc}")
    assert not failures, "\n\n".join(failures)
