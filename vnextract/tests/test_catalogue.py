import datetime as dt

from vnextract import catalogue


def test_every_body_has_a_kind_and_a_name() -> None:
    bodies = catalogue.load_bodies()
    assert len(bodies) > 40
    assert all(b.kind in catalogue.BODY_KINDS and b.names for b in bodies)


def test_name_at_follows_validity_and_province() -> None:
    by_key = {b.key: b for b in catalogue.load_bodies()}
    assert (
        catalogue.name_at(by_key["so-tttt"], dt.date(2024, 5, 1)) == "Sở Thông tin và Truyền thông"
    )
    assert catalogue.name_at(by_key["bao-tinh"], None, "Quảng Ngãi") == "Báo Quảng Ngãi"


def test_successions_point_at_known_bodies() -> None:
    keys = {b.key for b in catalogue.load_bodies()}
    for s in catalogue.load_successions():
        assert set(s.from_keys) | set(s.to_keys) <= keys
        assert s.source
    assert catalogue.successor("so-tttt", dt.date(2025, 3, 1)) == "so-khcn"
    assert catalogue.successor("so-tttt", dt.date(2025, 2, 28)) == "so-tttt"


def test_groups_have_canonical_names_the_scorer_expects() -> None:
    names = {g.key: g.name for g in catalogue.load_groups()}
    assert names["so-nganh"] == "Các sở, ban, ngành tỉnh"
    assert names["ubnd-huyen"] == "UBND cấp huyện"
    assert names["ubnd-xa"] == "UBND cấp xã"
    local = {g.key: g for g in catalogue.load_groups()}["dia-phuong"]
    assert catalogue.group_at(local, dt.date(2025, 8, 1)).key == "ubnd-xa"
    assert catalogue.group_at(local, dt.date(2024, 8, 1)).key == "ubnd-huyen"
