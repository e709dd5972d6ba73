"""Loading the administrative units: the totals, the 2025 reform, idempotency, bad data."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from chidao.units.choices import SuccessionKind, SuccessionShare, UnitKind
from chidao.units.loaders import (
    REFORM_DAY,
    SOURCE_DOCUMENT,
    LoadResult,
    UnitDataError,
    load_admin_units,
    read_admin_data,
)
from chidao.units.models import Succession, Unit

BEFORE = dt.date(2024, 6, 1)
AFTER = dt.date(2026, 1, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)


def counts_on(day: dt.date) -> dict[str, int]:
    units = Unit.objects.valid_on(day)
    return {kind: units.filter(kind=kind).count() for kind in ADMIN_KINDS}


ADMIN_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)


def one(kind: str, code: str, valid_from: dt.date | None = None) -> Unit:
    return Unit.objects.get(kind=kind, code=code, valid_from=valid_from)


# --- the whole country ------------------------------------------------------------------
# One test: loading everything takes seconds, and a module-wide fixture would leak the rows
# into the other tests of the module.


def test_nationwide_load_is_complete_consistent_and_idempotent(db: Any) -> None:
    first = load_admin_units()

    # the official totals on each side of the reform
    assert counts_on(BEFORE) == {"province": 63, "district": 696, "commune": 10035}
    assert counts_on(AFTER) == {"province": 34, "district": 0, "commune": 3321}
    assert first.warnings == []
    # every unit placed and searchable
    admin = Unit.objects.filter(kind__in=ADMIN_KINDS)
    assert not admin.exclude(kind=UnitKind.PROVINCE).filter(province__isnull=True).exists()
    assert not admin.exclude(kind=UnitKind.PROVINCE).filter(parent__isnull=True).exists()
    assert not admin.filter(search_text="").exists()
    # successions dated and sourced
    succs = Succession.objects.all()
    assert succs.count() == first.successions_created > 10000
    assert set(succs.values_list("date", flat=True)) == {REFORM_DAY}
    assert set(succs.values_list("source_document", flat=True)) == {SOURCE_DOCUMENT}
    # codes reused across the reform are two units
    long_an = one(UnitKind.PROVINCE, "80")
    tay_ninh = one(UnitKind.PROVINCE, "80", REFORM_DAY)
    assert (long_an.name, long_an.valid_to) == ("Tỉnh Long An", LAST_OLD_DAY)
    assert (tay_ninh.name, tay_ninh.valid_to) == ("Tỉnh Tây Ninh", None)
    assert set(tay_ninh.predecessors()) == {long_an, one(UnitKind.PROVINCE, "72")}
    assert long_an.current_successors(AFTER) == [tay_ninh]

    again = load_admin_units()

    assert not again.changed
    assert again.unchanged == sum(first.created.values())
    assert again.successions_unchanged == first.successions_created


# --- one or two provinces ---------------------------------------------------------------


@pytest.fixture
def ha_noi(db: Any) -> LoadResult:
    return load_admin_units(only_provinces=["01"])


def test_continuing_province_keeps_one_open_row_without_succession(ha_noi: LoadResult) -> None:
    hn = Unit.objects.get(kind=UnitKind.PROVINCE, code="01")

    assert (hn.valid_from, hn.valid_to) == (None, None)
    assert not Succession.objects.filter(predecessor=hn).exists()
    assert hn.is_valid_on(BEFORE)
    assert hn.is_valid_on(AFTER)


def test_merged_commune_has_its_predecessors_with_shares(ha_noi: LoadResult) -> None:
    ba_dinh = one(UnitKind.COMMUNE, "00004", REFORM_DAY)
    truc_bach = one(UnitKind.COMMUNE, "00004")  # the old ward of the same code
    ngoc_ha = one(UnitKind.COMMUNE, "00016")

    assert ba_dinh.name == "Phường Ba Đình"
    assert truc_bach.name == "Phường Trúc Bạch"
    assert truc_bach.valid_to == LAST_OLD_DAY
    whole = Succession.objects.get(predecessor=truc_bach, successor=ba_dinh)
    assert (whole.kind, whole.share) == (SuccessionKind.MERGE, SuccessionShare.FULL)
    part = Succession.objects.get(predecessor=ngoc_ha, successor=ba_dinh)
    assert (part.kind, part.share) == (SuccessionKind.SPLIT, SuccessionShare.PARTIAL)
    assert ngoc_ha.successors().count() > 1
    assert truc_bach.current_successors(AFTER) == [ba_dinh]


def test_parents_follow_the_level_of_government(ha_noi: LoadResult) -> None:
    hn = Unit.objects.get(kind=UnitKind.PROVINCE, code="01")
    truc_bach = one(UnitKind.COMMUNE, "00004")
    ba_dinh = one(UnitKind.COMMUNE, "00004", REFORM_DAY)

    assert truc_bach.parent is not None
    assert (truc_bach.parent.kind, truc_bach.parent.name) == (UnitKind.DISTRICT, "Quận Ba Đình")
    assert truc_bach.parent.parent == hn
    assert (ba_dinh.parent, ba_dinh.province, truc_bach.province) == (hn, hn, hn)


def test_names_aliases_and_search(db: Any) -> None:
    load_admin_units(only_provinces=["20"])
    ls = Unit.objects.get(kind=UnitKind.PROVINCE, code="20")

    assert (ls.name, ls.short_name) == ("Tỉnh Lạng Sơn", "Lạng Sơn")
    assert {"tỉnh Lạng Sơn", "Lạng Sơn"} <= set(ls.aliases)
    assert list(Unit.objects.filter(kind=UnitKind.PROVINCE).search("lang son")) == [ls]
    city = Unit.objects.get(kind=UnitKind.DISTRICT, name="Thành phố Lạng Sơn")
    assert city.short_name == "Lạng Sơn"
    assert "TP Lạng Sơn" in city.abbreviations


def test_only_provinces_brings_the_whole_merged_province(db: Any) -> None:
    result = load_admin_units(only_provinces=["72"])  # Tây Ninh cũ → Tây Ninh (80)

    assert result.created[UnitKind.PROVINCE] == 3  # Long An, Tây Ninh cũ, Tây Ninh
    assert counts_on(AFTER) == {"province": 1, "district": 0, "commune": 96}
    assert counts_on(BEFORE)["province"] == 2


def test_island_district_passes_to_the_special_zone(db: Any) -> None:
    load_admin_units(only_provinces=["51"])
    ly_son = one(UnitKind.DISTRICT, "536")

    [zone] = ly_son.successors()
    assert zone.name == "Đặc khu Lý Sơn"
    assert zone.kind == UnitKind.COMMUNE


def test_corrections_renumber_to_the_list_in_force(db: Any) -> None:
    load_admin_units(only_provinces=["22"])
    ba_che = one(UnitKind.COMMUNE, "06978", REFORM_DAY)

    assert ba_che.name == "Xã Ba Chẽ"
    assert "Thị trấn Ba Chẽ" in {u.name for u in ba_che.predecessors()}


def test_continuing_commune_keeps_one_row_and_its_old_name(db: Any) -> None:
    load_admin_units(only_provinces=["38"])
    muong_lat = Unit.objects.get(kind=UnitKind.COMMUNE, name="Xã Mường Lát")

    assert (muong_lat.valid_from, muong_lat.valid_to) == (None, None)
    assert "Thị trấn Mường Lát" in muong_lat.aliases
    assert not muong_lat.successors().exists()


def test_unknown_province_filter_is_refused(db: Any) -> None:
    with pytest.raises(UnitDataError, match="unknown province codes 99"):
        load_admin_units(only_provinces=["99"])


# --- bad data ---------------------------------------------------------------------------

GOOD_OLD: list[dict[str, Any]] = [
    {
        "Code": "01",
        "FullName": "Tỉnh Một",
        "District": [
            {
                "Code": "001",
                "FullName": "Huyện A",
                "ProvinceCode": "01",
                "Ward": [
                    {"Code": "00001", "FullName": "Xã A Một", "DistrictCode": "001"},
                    {"Code": "00002", "FullName": "Xã A Hai", "DistrictCode": "001"},
                ],
            }
        ],
    },
    {
        "Code": "02",
        "FullName": "Tỉnh Hai",
        "District": [
            {
                "Code": "002",
                "FullName": "Huyện B",
                "ProvinceCode": "02",
                "Ward": [{"Code": "00003", "FullName": "Xã B Một", "DistrictCode": "002"}],
            }
        ],
    },
]
GOOD_NEW: list[dict[str, Any]] = [
    {
        "Code": "01",
        "Name": "Một Hai",
        "FullName": "Tỉnh Một Hai",
        "Wards": [
            {"Code": "00001", "Name": "A Một", "FullName": "Xã A Một", "ProvinceCode": "01"},
            {"Code": "00010", "Name": "Mới", "FullName": "Phường Mới", "ProvinceCode": "01"},
        ],
    }
]
GOOD_MERGES: dict[str, Any] = {
    "data": [
        {
            "level1_id": "01",
            "name": "Tỉnh Một Hai",
            "merges": [
                {"old_id": "01", "name": "Tỉnh Một", "type": "full"},
                {"old_id": "02", "name": "Tỉnh Hai", "type": "full"},
            ],
            "level2s": [
                {
                    "level2_id": "00001",
                    "name": "Xã A Một",
                    "merges": [{"old_id": "00001", "name": "Xã A Một", "type": "full"}],
                },
                {
                    "level2_id": "00010",
                    "name": "Phường Mới",
                    "merges": [
                        {"old_id": "00002", "name": "Xã A Hai", "type": "full"},
                        {"old_id": "00003", "name": "Xã B Một", "type": "full"},
                    ],
                },
            ],
        }
    ]
}


def write_files(
    tmp_path: Path,
    old: Any = None,
    new: Any = None,
    merges: Any = None,
) -> dict[str, Any]:
    """Small data files (a good set unless told otherwise) → load_admin_units kwargs."""
    files = {
        "units_old": old if old is not None else GOOD_OLD,
        "units_new": new if new is not None else GOOD_NEW,
        "merges": merges if merges is not None else GOOD_MERGES,
    }
    out: dict[str, Any] = {"splits": None, "corrections": None}
    for arg, content in files.items():
        path = tmp_path / f"{arg}.json"
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        out[arg] = path
    return out


def test_small_consistent_files_load(db: Any, tmp_path: Path) -> None:
    result = load_admin_units(**write_files(tmp_path))

    assert result.created == {"province": 3, "district": 2, "commune": 4}
    moi = one(UnitKind.COMMUNE, "00010", REFORM_DAY)
    assert {u.code for u in moi.predecessors()} == {"00002", "00003"}
    a_mot = one(UnitKind.COMMUNE, "00001")
    assert a_mot.valid_to is None
    assert a_mot.province == one(UnitKind.PROVINCE, "01", REFORM_DAY)


def _broken(mutate: str) -> dict[str, Any]:
    old, new, merges = copy.deepcopy(GOOD_OLD), copy.deepcopy(GOOD_NEW), copy.deepcopy(GOOD_MERGES)
    if mutate == "missing code":
        del old[0]["District"][0]["Ward"][1]["Code"]
    elif mutate == "duplicate code":
        old[1]["District"][0]["Ward"][0]["Code"] = "00002"
    elif mutate == "unknown district":
        old[0]["District"][0]["Ward"][1]["DistrictCode"] = "009"
    elif mutate == "mapping to unknown old code":
        merges["data"][0]["level2s"][1]["merges"][1]["old_id"] = "00099"
    elif mutate == "mapping of unknown new code":
        merges["data"][0]["level2s"][1]["level2_id"] = "00077"
    elif mutate == "bad share":
        merges["data"][0]["level2s"][1]["merges"][0]["type"] = "most"
    return {"old": old, "new": new, "merges": merges}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ("missing code", "units_old.json: commune #2 “Xã A Hai” in district 001 has no code"),
        ("duplicate code", "units_old.json: commune 00002 “Xã B Một”: duplicate code"),
        ("unknown district", "units_old.json: commune 00002 “Xã A Hai”: its district 009"),
        ("mapping to unknown old code", "merges unknown old unit 00099 “Xã B Một”"),
        ("mapping of unknown new code", "commune 00077 “Phường Mới” of province 01: not a"),
        ("bad share", "old unit 00002 “Xã A Hai” has share 'most'"),
    ],
)
def test_malformed_data_names_the_record_and_writes_nothing(
    db: Any, tmp_path: Path, mutate: str, expected: str
) -> None:
    with pytest.raises(UnitDataError) as err:
        load_admin_units(**write_files(tmp_path, **_broken(mutate)))

    assert expected in str(err.value)
    assert Unit.objects.count() == 0
    assert Succession.objects.count() == 0


def test_broken_reload_leaves_loaded_data_untouched(db: Any, tmp_path: Path) -> None:
    load_admin_units(**write_files(tmp_path))
    before = list(Unit.objects.values_list("code", "name", "valid_to").order_by("pk"))
    broken = tmp_path / "broken"
    broken.mkdir()

    with pytest.raises(UnitDataError):
        load_admin_units(**write_files(broken, **_broken("mapping to unknown old code")))

    assert list(Unit.objects.values_list("code", "name", "valid_to").order_by("pk")) == before


def test_splits_file_must_agree_with_merges(db: Any, tmp_path: Path) -> None:
    files = write_files(tmp_path)
    splits = tmp_path / "splits.json"
    splits.write_text(
        json.dumps({"data": [{"level1_id": "01", "splits": [{"new_id": "01"}], "level3s": []}]}),
        encoding="utf-8",
    )

    with pytest.raises(UnitDataError, match=r"splits\.json: disagrees with the merges mapping"):
        load_admin_units(**{**files, "splits": splits})
    assert Unit.objects.count() == 0


def test_stale_correction_is_an_error(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    corrections = tmp_path / "corrections.json"
    corrections.write_text(json.dumps({"drop_old": [{"code": "12345"}]}), encoding="utf-8")

    with pytest.raises(UnitDataError, match="match nothing in the mapping: drop_old 12345"):
        read_admin_data(**{**files, "corrections": corrections})


def test_shipped_data_reads_without_warnings() -> None:
    data = read_admin_data()

    assert len(data.provinces("old")) == 63
    assert len(data.provinces("new")) == 34
    assert data.warnings == []
