"""A figure's history names who changed it, or, for a figure nobody typed (the demo, a
command, an import), where it came from: the indicator page does not fail on it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chidao.indicators.choices import ValueSource
from chidao.indicators.models import ValueRevision
from chidao.indicators.tests.conftest import Q3, store

pytestmark = pytest.mark.django_db


def test_history_of_a_figure_nobody_typed_names_its_source(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    row = store(catalogue["DVC-HS-TT"], province.tc, Q3, 120)
    ValueRevision.objects.create(
        value_row=row, value=Decimal(120), source=ValueSource.COMMAND, author=None
    )
    ValueRevision.objects.create(
        value_row=row,
        previous=Decimal(120),
        value=Decimal(130),
        reason="Số liệu chốt lại",
        source=ValueSource.FORM,
        author=people.thuongtruc,
    )

    response = login(people.donvi).get("/indicators/DVC-HS-TT/")

    assert response.status_code == 200
    revisions = [
        " ".join(line.split())
        for line in response.content.decode().split('<div class="revision">')[1:]
    ]
    assert "· Nguyễn Thường Trực · 120 hồ sơ → 130 hồ sơ" in revisions[0]
    assert "· Dòng lệnh · báo cáo 120 hồ sơ" in revisions[1]
