"""Lost updates on figures: of two corrections made from the same version exactly one is
written, the other is refused with the stale-edit message; a save from an old page never
overwrites a newer figure. The version is compared after the row is locked."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError, connection

from chidao.core.concurrency import Edited, StaleEdit, stale_message
from chidao.indicators import services
from chidao.indicators.models import IndicatorValue, ValueRevision
from chidao.indicators.services import ValueInput
from chidao.indicators.tests.conftest import Q3

URL = "/api/v1/indicators"
STALE = "Số liệu đã được thay đổi ở nơi khác trong lúc bạn nhập."


def _reported(people: Any, catalogue: dict[str, Any], province: Any) -> IndicatorValue:
    """Sở Tài chính's CB-TONG of Q3/2024 = 120, reported by its officer (version 1)."""
    services.report_values(
        people.donvi, [ValueInput(catalogue["CB-TONG"], province.tc, Q3, Decimal(120))]
    )
    return IndicatorValue.objects.get()


def _history(row: IndicatorValue) -> list[tuple[Any, Any, str]]:
    return list(
        ValueRevision.objects.filter(value_row=row)
        .order_by("id")
        .values_list("previous", "value", "author__username")
    )


@pytest.mark.django_db
def test_second_correction_from_the_same_version_is_refused(
    people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    # Given a figure both people read at version 1
    row = _reported(people, catalogue, province)
    seen_by_officer = IndicatorValue.objects.get(pk=row.pk)
    seen_by_secretariat = IndicatorValue.objects.get(pk=row.pk)
    # When both correct it from that version
    services.correct_value(
        people.donvi, seen_by_officer, Decimal(130), "Bổ sung hồ sơ", expected_version=1
    )
    with pytest.raises(StaleEdit) as refused:
        services.correct_value(
            people.thuongtruc, seen_by_secretariat, Decimal(125), "Đối chiếu", expected_version=1
        )
    # Then the first stands, the second was told, and the history holds what was written
    assert refused.value.messages == [stale_message(Edited.FIGURE)]
    assert refused.value.messages[0].startswith(STALE)
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal(130), 2)
    assert _history(row) == [(None, Decimal(120), "donvi"), (Decimal(120), Decimal(130), "donvi")]


@pytest.mark.django_db
def test_two_api_corrections_with_the_same_version_one_wins(
    login: Any, people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    row = _reported(people, catalogue, province)
    url = f"{URL}/values/{row.uuid}/correct"
    first = login(people.donvi).post(
        url, {"value": 130, "reason": "Bổ sung", "version": 1}, content_type="application/json"
    )
    second = login(people.thuongtruc).post(
        url, {"value": 125, "reason": "Đối chiếu", "version": 1}, content_type="application/json"
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert second.status_code == 422
    assert second.json()["detail"].startswith(STALE)
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal(130), 2)
    assert len(_history(row)) == 2


@pytest.mark.django_db
def test_api_correction_without_version_is_refused(
    login: Any, people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    row = _reported(people, catalogue, province)
    response = login(people.donvi).post(
        f"{URL}/values/{row.uuid}/correct",
        {"value": 130, "reason": "Bổ sung"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "version" in response.json()["errors"]
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal(120), 1)


@pytest.mark.django_db
def test_batch_with_a_stale_version_writes_nothing(
    login: Any, people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    row = _reported(people, catalogue, province)
    services.correct_value(people.thuongtruc, row, Decimal(130), "Đối chiếu", expected_version=1)
    payload = {
        "values": [
            {"indicator": "DVC-HS-TONG", "unit": "so-tc", "period": "2024Q3", "value": 900},
            {
                "indicator": "CB-TONG",
                "unit": "so-tc",
                "period": "2024Q3",
                "value": 125,
                "version": 1,
            },
        ],
        "reason": "Rà soát",
    }
    response = login(people.donvi).post(URL + "/values", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"].startswith(STALE)
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [Decimal(130)]


@pytest.mark.django_db
def test_save_from_an_old_values_page_does_not_overwrite_a_newer_figure(
    login: Any, people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    # Given the officer's page, opened while the figure was at version 1
    row = _reported(people, catalogue, province)
    client = login(people.donvi)
    url = "/indicators/values/?period=2024Q3"
    page = client.get(url).content.decode()
    assert 'name="ver-CB-TONG" value="1"' in page
    # ...and the secretariat's correction since
    services.correct_value(people.thuongtruc, row, Decimal(130), "Đối chiếu", expected_version=1)
    # When the officer saves the old page
    response = client.post(
        url,
        {"v-CB-TONG": "125", "ver-CB-TONG": "1", "reason": "Bổ sung", "ver-HS-DT": "0"},
    )
    # Then nothing is overwritten and the page says why
    assert response.status_code == 200
    assert STALE in response.content.decode()
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal(130), 2)
    # A reloaded page carries the new version and saves
    assert 'name="ver-CB-TONG" value="2"' in client.get(url).content.decode()
    done = client.post(url, {"v-CB-TONG": "125", "ver-CB-TONG": "2", "reason": "Bổ sung"})
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal(125), 3)


@pytest.mark.django_db
def test_old_page_that_saw_no_figure_does_not_overwrite_one_reported_since(
    login: Any, people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    client = login(people.donvi)
    url = "/indicators/values/?period=2024Q3"
    assert 'name="ver-CB-TONG" value="0"' in client.get(url).content.decode()
    row = _reported(people, catalogue, province)
    response = client.post(url, {"v-CB-TONG": "99", "ver-CB-TONG": "0", "reason": "x"})
    assert STALE in response.content.decode()
    row.refresh_from_db()
    assert row.value == Decimal(120)


@pytest.mark.django_db(transaction=True)
def test_concurrent_corrections_in_two_threads_one_wins(
    people: Any, catalogue: dict[str, Any], province: Any
) -> None:
    """Two requests at the same moment, each with its own connection: the row lock orders
    them and the version check after it refuses the second.

    On PostgreSQL the second `select_for_update` waits for the first to commit. The
    SQLite test database is in memory with a shared cache, whose table locks fail at once
    ("database table is locked") instead of waiting as the file database does (WAL,
    IMMEDIATE, busy timeout); such a refusal is retried here, as the waiting would."""
    row = _reported(people, catalogue, province)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def correct(user: Any, value: int) -> None:
        try:
            mine = IndicatorValue.objects.select_related("indicator", "unit").get(pk=row.pk)
            start.wait(timeout=10)
            for _attempt in range(200):
                try:
                    services.correct_value(user, mine, Decimal(value), "Sửa", expected_version=1)
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
                    continue
                outcomes[user.username] = "written"
                break
        except StaleEdit:
            outcomes[user.username] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=correct, args=(people.donvi, 130)),
        threading.Thread(target=correct, args=(people.thuongtruc, 125)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["stale", "written"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "written")
    row.refresh_from_db()
    assert row.value == {"donvi": Decimal(130), "thuongtruc": Decimal(125)}[winner]
    assert row.version == 2
    assert _history(row) == [(None, Decimal(120), "donvi"), (Decimal(120), row.value, winner)]
