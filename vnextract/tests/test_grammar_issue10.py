# ruff: noqa: E501  (tables of real sentences read better unwrapped)
"""Issue 10: the speaker is never the lead, offices map to bodies, attribution that follows
the work, assessment sections give no tasks."""

import pytest

from vnextract import extract


def _doc(body: str, intro: str = "", date: str = "ngày 10 tháng 3 năm 2025") -> str:
    return (
        f"Số: 12/TB-UBND\n\nQuảng Ngãi, {date}\n\nTHÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh\n\n"
        f"{intro}\n\nII. NHIỆM VỤ THỜI GIAN TỚI\n\n{body}\n\nNơi nhận:\n- Như trên;\n"
    )


# (intro paragraph that names the speaker, item, expected lead)
SPEAKER_CASES = [
    (
        "Sau khi nghe báo cáo, thay mặt Chính phủ, Thủ tướng Chính phủ kết luận như sau:",
        "1. Về đề nghị sửa đổi Nghị quyết: giao Bộ Nông nghiệp và Môi trường chủ trì phối hợp với các Bộ, cơ quan liên quan nghiên cứu, báo cáo trong tháng 12 năm 2025.",
        {"Bộ Nông nghiệp và Môi trường"},
    ),
    (
        "Thủ tướng Chính phủ Phạm Minh Chính ghi nhận, biểu dương và kết luận như sau:",
        "2. Về dự án nạo vét luồng tàu: Bộ Xây dựng khẩn trương rà soát, bàn giao dự án cho tỉnh.",
        {"Bộ Xây dựng"},
    ),
    (
        "Phó Thủ tướng đề nghị:",
        "1. Về hoạt động của chính quyền hai cấp: tăng số lượng cấp phó: giao Bộ Nội vụ chủ trì nghiên cứu, báo cáo Chính phủ.",
        {"Bộ Nội vụ"},
    ),
    (
        "Chủ tịch UBND tỉnh yêu cầu các sở, ngành:",
        "1. Tăng cường kiểm tra việc thực hiện nhiệm vụ được giao.",
        {"Các sở, ban, ngành tỉnh"},
    ),
]


@pytest.mark.parametrize(("intro", "item", "lead"), SPEAKER_CASES)
def test_the_speaker_is_never_the_lead(intro: str, item: str, lead: set[str]) -> None:
    r = extract(_doc(item, intro))
    assert len(r.tasks) == 1
    assert {u.name for u in r.tasks[0].lead} == lead


# an office addressed stands for its body
OFFICE_CASES = [
    (
        "1. Giao Chủ tịch UBND tỉnh chỉ đạo các sở rà soát quy hoạch.",
        {"Ủy ban nhân dân tỉnh Quảng Ngãi"},
    ),
    (
        "1. Đề nghị Phó Chủ tịch UBND tỉnh phụ trách lĩnh vực kiểm tra tiến độ.",
        {"Ủy ban nhân dân tỉnh Quảng Ngãi"},
    ),
    ("1. Giao Thủ tướng Chính phủ xem xét, quyết định.", {"Chính phủ"}),
]


@pytest.mark.parametrize(("item", "lead"), OFFICE_CASES)
def test_an_addressed_office_maps_to_its_body(item: str, lead: set[str]) -> None:
    r = extract(_doc(item))
    assert {u.name for u in r.tasks[0].lead} == lead


# must NOT match: a topic before a colon is not where the lead is, an office speaking with
# its name is not a lead, a province's committee without a province is not "tỉnh tỉnh"
def test_a_committee_named_without_a_province_is_not_doubled() -> None:
    text = (
        "Số: 634/TB-VPCP\n\nHà Nội, ngày 22 tháng 11 năm 2025\n\nTHÔNG BÁO\n\nKết luận của Thủ tướng\n\n"
        "Thủ tướng Chính phủ kết luận như sau:\n\nIII. VỀ MỘT SỐ KIẾN NGHỊ\n\n"
        "1. Về đầu tư tuyến đường: Ủy ban nhân dân tỉnh Thanh Hóa khẩn trương báo cáo Thủ tướng Chính phủ trước ngày 01 tháng 12 năm 2025.\n\nNơi nhận:\n- Như trên;\n"
    )
    r = extract(text)
    assert [[u.name for u in t.lead] for t in r.tasks] == [["Ủy ban nhân dân tỉnh Thanh Hóa"]]
    assert "tỉnh tỉnh" not in r.tasks[0].lead[0].name


def test_the_topic_of_an_item_names_no_lead() -> None:
    r = extract(_doc("1. Về kiến nghị của Sở Y tế: Sở Tài chính rà soát, bố trí kinh phí."))
    assert {u.name for u in r.tasks[0].lead} == {"Sở Tài chính"}


def _notice(sections: str) -> str:
    return (
        "UBND TỈNH QUẢNG NGÃI\n\nSố: 45/TB-UBND\n\nQuảng Ngãi, ngày 05 tháng 3 năm 2024\n\nTHÔNG BÁO\n\n"
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số\n\n"
        "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:\n\n"
        f"{sections}\n\nNơi nhận:\n- Như trên;\n"
    )


# headings of assessment, sub-headings under them included: their sentences are no tasks
ASSESSMENT_HEADINGS = [
    "I. Những kết quả đạt được",
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "II. Tồn tại, hạn chế",
    "3. Một số tồn tại, hạn chế, khó khăn, thách thức:",
    "I. ĐÁNH GIÁ CHUNG",
    "2. Nguyên nhân",
    "III. Bài học kinh nghiệm",
    "1. Về tình hình kết quả kinh tế - xã hội 10 tháng năm 2025:",
]


@pytest.mark.parametrize("heading", ASSESSMENT_HEADINGS)
def test_assessment_sections_give_facts_not_tasks(heading: str) -> None:
    r = extract(
        _notice(
            f"{heading}\n\n{'1.' if heading.startswith('I') else 'a)'} Về chuyển đổi số\n\n"
            "Sở Khoa học và Công nghệ đã triển khai nền tảng, tỷ lệ hồ sơ trực tuyến đạt 52,3%; hiệu quả chưa cao trong năm 2023.\n\n"
            "- Thống nhất nhận thức, hành động trong tổ chức thực hiện.\n\n"
            "IV. NHIỆM VỤ THỜI GIAN TỚI\n\n1. Sở Tài chính chủ trì bố trí kinh phí trước ngày 30/6/2024."
        )
    )
    assert [t.quote for t in r.tasks] == [
        "Sở Tài chính chủ trì bố trí kinh phí trước ngày 30/6/2024."
    ]
    assert [u.name for u in r.tasks[0].lead] == ["Sở Tài chính"]
    assert any(f.value == 52.3 for f in r.facts)


# headings of direction, also under an assessment section, give tasks (must NOT be assessment)
DIRECTION_HEADINGS = [
    "II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI",
    "III. TỔ CHỨC THỰC HIỆN",
    "II. Phương hướng, nhiệm vụ năm 2024",
    "III. Về một số kiến nghị của Tỉnh",
    "2. Phân công nhiệm vụ",
]


@pytest.mark.parametrize("heading", DIRECTION_HEADINGS)
def test_direction_sections_give_tasks(heading: str) -> None:
    r = extract(
        _notice(
            "I. Kết quả đạt được\n\nTỷ lệ hồ sơ trực tuyến đạt 52,3%.\n\n"
            f"{heading}\n\n{'1.' if heading.startswith('I') else 'a)'} Sở Y tế triển khai bệnh án điện tử trong năm 2024."
        )
    )
    assert [[u.name for u in t.lead] for t in r.tasks] == [["Sở Y tế"]]
    assert r.tasks[0].due is not None
    assert r.tasks[0].due.date.isoformat() == "2024-12-31"


def test_an_explicit_assignment_in_a_results_section_is_still_a_task() -> None:
    r = extract(
        _notice(
            "1. Về kết quả triển khai năm 2023\n\nTỷ lệ hồ sơ trực tuyến đạt 52,3%. "
            "Trên cơ sở ý kiến của đại biểu, giao Sở Khoa học và Công nghệ tiếp thu, hoàn chỉnh dự thảo báo cáo.\n\n"
            "2. Nhiệm vụ năm 2024\n\n- Sở Y tế triển khai bệnh án điện tử."
        )
    )
    assert [[u.name for u in t.lead] for t in r.tasks] == [
        ["Sở Khoa học và Công nghệ"],
        ["Sở Y tế"],
    ]
