"""Reporting workbooks (issue 9): the submission's workbook and the province's workbook
write text that starts like a formula as text; a bomb sent to a submission's import
(`/reporting/submissions/…/import/`) is refused before openpyxl opens it, with nothing
written."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from chidao.core.tests.formulas import RISKY, assert_written_as_text
from chidao.core.tests.zipbombs import members_of, shared_strings_bomb, with_members
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.reporting.models import SubmissionEvent
from chidao.reporting.tests.test_views import _fill_template, body, setup, url

pytestmark = pytest.mark.django_db
__all__ = ["setup"]  # the fixture of the submission screens' tests


def _post(client: Any, sub: Any, data: bytes) -> Any:
    upload = SimpleUploadedFile("so-lieu.xlsx", data)
    return client.post(url(sub, "import"), {"workbook-file": upload})


def _nothing_written(sub: Any, events: int) -> None:
    assert not IndicatorValue.objects.exists()
    assert SubmissionEvent.objects.filter(submission=sub).count() == events
    sub.refresh_from_db()
    assert sub.version == 1


def test_submission_workbook_writes_formula_like_text_as_text(
    login: Any, people: Any, setup: Any, province: Any
) -> None:
    setup.inds.total.name = RISKY[0]
    setup.inds.total.save(update_fields=["name"])
    setup.inds.online.measure_unit = RISKY[1]
    setup.inds.online.save(update_fields=["measure_unit"])
    setup.inds.staff.definition = RISKY[2]  # the guide sheet
    setup.inds.staff.save(update_fields=["definition"])
    province.tc.name = RISKY[3]
    province.tc.save(update_fields=["name"])

    response = login(people.donvi).get(url(setup.sub, "workbook"))

    assert response.status_code == 200
    assert_written_as_text(response.content)


def test_a_gibibyte_of_shared_strings_is_refused_by_the_submission_import(
    login: Any, people: Any, setup: Any
) -> None:
    client = login(people.donvi)
    template = client.get(url(setup.sub, "workbook")).content
    good = _fill_template(template, {"HS-TONG": 100, "HS-TRUC-TUYEN": 50, "TL-CB-APP": 75})
    bomb = with_members(good, xl__sharedStrings_dot_xml=shared_strings_bomb(1024))
    events = SubmissionEvent.objects.count()

    response = _post(client, setup.sub, bomb)

    assert response.status_code == 400
    assert (
        "Tệp Excel có phần nén bất thường (xl/sharedStrings.xml: tỷ lệ nén 1.010:1, tối đa "
        "100:1) — có thể là tệp độc hại; hệ thống từ chối."
    ) in body(response)
    _nothing_written(setup.sub, events)


def test_a_million_rows_declared_are_refused_by_the_submission_import(
    login: Any, people: Any, setup: Any
) -> None:
    client = login(people.donvi)
    template = client.get(url(setup.sub, "workbook")).content
    good = _fill_template(template, {"HS-TONG": 100, "HS-TRUC-TUYEN": 50, "TL-CB-APP": 75})
    sheet = members_of(good)["xl/worksheets/sheet1.xml"]
    tall = re.sub(rb'(<dimension ref="A1:[A-Z]+)\d+', rb"\g<1>1000000", sheet, count=1)
    events = SubmissionEvent.objects.count()

    response = _post(client, setup.sub, with_members(good, xl__worksheets__sheet1_dot_xml=tall))

    assert response.status_code == 400
    assert "Tệp Excel có quá nhiều dòng (1.000.000 dòng; tối đa 100.000 dòng)" in body(response)
    _nothing_written(setup.sub, events)


def test_an_oversized_workbook_is_refused_by_the_submission_form(
    login: Any, people: Any, setup: Any, settings: Any
) -> None:
    settings.UPLOAD_MAX_MB = 1
    events = SubmissionEvent.objects.count()

    response = _post(login(people.donvi), setup.sub, b"PK" + b"\x00" * (1024 * 1024 + 1))

    assert response.status_code == 400
    assert "Tệp quá lớn (1,1 MB); giới hạn là 1 MB." in body(response)
    _nothing_written(setup.sub, events)


def test_province_workbook_writes_formula_like_names_as_text(
    regime_setup: Any, province: Any, tmp_path: Path
) -> None:
    province.yt.name = RISKY[0]  # a late unit
    province.yt.save(update_fields=["name"])
    province.commune.name = RISKY[1]  # a missing one
    province.commune.save(update_fields=["name"])
    Indicator.objects.filter(code="HS-TONG").update(name=RISKY[2])
    Indicator.objects.filter(code="CB-APP").update(name=RISKY[3])
    target = tmp_path / "bao-cao.xlsx"
    call_command(
        "report",
        "build",
        "--regime",
        str(regime_setup.regime.uuid),
        "--period",
        "2025Q3",
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--as-of",
        "20/10/2025",
        stdout=io.StringIO(),
    )

    assert_written_as_text(target.read_bytes())
