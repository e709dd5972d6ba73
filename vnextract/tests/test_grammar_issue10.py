# ruff: noqa: E501  (tables of real sentences read better unwrapped)
"""Issue 10: the speaker is never the lead, offices map to bodies, attribution that follows
the work, assessment sections give no tasks."""

import pytest

from vnextract import Extraction, Gazetteer, extract


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


def _plan(body: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 308/KH-UBND\tHà Nội, ngày 17 tháng 11 năm 2025\n\nKẾ HOẠCH\n\nTriển khai dữ liệu số\n\n"
        f"II. NHIỆM VỤ\n\n{body}\n\nNơi nhận:\n- Như trên;\n"
    )


def _roles(r: Extraction) -> list[tuple[str, list[str], list[str], str | None]]:
    return [
        (
            t.quote[:30],
            sorted(u.name for u in t.lead),
            sorted(u.name for u in t.support),
            t.due.date.isoformat() if t.due else ("ongoing" if t.ongoing else None),
        )
        for t in r.tasks
    ]


def test_lead_support_and_time_lines_that_follow_the_work_govern_it() -> None:
    r = extract(
        _plan(
            "1. Về dữ liệu\n\n"
            "1.1. Xây dựng Chiến lược dữ liệu:\n\n"
            "a) Nhiệm vụ: Tham mưu UBND Thành phố phối hợp với Bộ Công an hoàn thiện Chiến lược dữ liệu thành phố đến năm 2030.\n\n"
            "b) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n\n- Đơn vị phối hợp: Các Sở, ban, ngành.\n\n"
            "c) Thời gian thực hiện: Hoàn thành trong năm 2025.\n\n"
            "2. Về an toàn thông tin\n\n"
            "a) Nhiệm vụ:\n\n- Triển khai các phương án bảo đảm an toàn thông tin.\n\n- Phối hợp với Bộ Công an ứng cứu sự cố.\n\n"
            "b) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Công an tỉnh.\n\n- Đơn vị phối hợp: UBND xã, phường.\n\n"
            "c) Thời gian thực hiện: Thực hiện thường xuyên."
        )
    )
    assert _roles(r) == [
        (
            "Tham mưu UBND Thành phố phối h",
            ["Sở Khoa học và Công nghệ"],
            ["Bộ Công an", "Các sở, ban, ngành tỉnh"],
            "2025-12-31",
        ),
        ("Triển khai các phương án bảo đ", ["Công an tỉnh"], ["UBND cấp xã"], "ongoing"),
        (
            "Phối hợp với Bộ Công an ứng cứ",
            ["Công an tỉnh"],
            ["Bộ Công an", "UBND cấp xã"],
            "ongoing",
        ),
    ]


def test_attribution_before_the_work_and_contents_fields_still_read_as_before() -> None:
    r = extract(
        _plan(
            "1. Tuyên truyền trong cơ quan nhà nước\n\n"
            "a) Nội dung tuyên truyền:\n\n- Quán triệt các văn bản về chuyển đổi số.\n\n"
            "b) Cơ quan chủ trì thực hiện: Sở Nội vụ.\n\n"
            "c) Thời gian thực hiện: Tuyên truyền thường xuyên trong năm.\n\n"
            "d) Hình thức thực hiện:\n\n- Tổ chức hội nghị quán triệt."
        )
    )
    assert [(q[:25], lead) for q, lead, _s, _d in _roles(r)] == [
        ("Tổ chức hội nghị quán tri", ["Sở Nội vụ"])
    ]


_CV = (
    "UBND THÀNH PHỐ HỒ CHÍ MINH\nSố: 2748/UBND-KT\tThành phố Hồ Chí Minh, ngày 10 tháng 10 năm 2025\n\n"
    "V/v triển khai nền tảng số\n\n"
    "Ủy ban nhân dân Thành phố đề nghị Trung tâm Chuyển đổi số Thành phố thực hiện các nội dung sau:\n\n"
    "1. Rà soát, nâng cấp nền tảng tích hợp dữ liệu.\n\n2. Hướng dẫn các sở, ngành kết nối hệ thống.\n\n"
    "{tail}\n\nNơi nhận:\n- Như trên;\n"
)


def test_a_deadline_sentence_after_a_list_governs_the_items_above() -> None:
    r = extract(_CV.format(tail="Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025."))
    assert [(q[:20], d) for q, _l, _s, d in _roles(r)] == [
        ("Rà soát, nâng cấp nề", "2025-12-31"),
        ("Hướng dẫn các sở, ng", "2025-12-31"),
    ]
    assert r.document.number == "2748/UBND-KT"
    assert r.document.date is not None
    assert r.document.date.isoformat() == "2025-10-10"


# must NOT be read as a trailing deadline: a sentence that names a unit, a numbered item
@pytest.mark.parametrize(
    "tail",
    [
        "Thời gian tới, Sở Tài chính bố trí kinh phí trước ngày 31/12/2025.",
        "3. Thời hạn hoàn thành các nhiệm vụ trên trước ngày 31/12/2025.",
    ],
)
def test_sentences_that_are_not_a_trailing_deadline(tail: str) -> None:
    r = extract(_CV.format(tail=tail))
    assert r.tasks[0].due is None


_SHORT = (
    "UBND TỈNH LẠNG SƠN\nSố: 15/TB-UBND\tLạng Sơn, ngày 02 tháng 12 năm 2026\n\nTHÔNG BÁO\n"
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số\n\n"
    "Ngày 01/12/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp về chuyển đổi số. Nội dung cụ thể như sau.\n\n"
    "{items}\n\nNơi nhận:\n- Như trên;\n"
)


def test_plain_numbered_assignments_without_headings() -> None:
    items = (
        "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh rà soát hệ thống, thời hạn: 20/12/2026.\n"
        "2. Sở Tài chính chủ trì bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số.\n"
        "3. Văn phòng UBND tỉnh theo dõi, đôn đốc các đơn vị thực hiện, báo cáo Chủ tịch UBND tỉnh.\n"
        "4. Sở Y tế: triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh.\n"
        "5. Giao Sở Giáo dục và Đào tạo triển khai học bạ số."
    )
    r = extract(_SHORT.format(items=items))
    assert [(lead, d) for _q, lead, _s, d in _roles(r)] == [
        (["Sở Khoa học và Công nghệ"], "2026-12-20"),
        (["Sở Tài chính"], None),
        (["Văn phòng Ủy ban nhân dân tỉnh"], None),
        (["Sở Y tế"], None),
        (["Sở Giáo dục và Đào tạo"], None),
    ]
    assert r.tasks[0].due is not None
    assert r.tasks[0].due.text == "thời hạn: 20/12/2026"
    assert (r.document.number, str(r.document.date)) == ("15/TB-UBND", "2026-12-02")


def test_a_numbered_preamble_that_names_no_lead_is_no_task() -> None:
    items = "1. Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ.\n2. Quyết định số 142/QĐ-TTg của Thủ tướng Chính phủ."
    assert extract(_SHORT.format(items=items)).tasks == ()


_COMMUNES = Gazetteer.from_records(
    [
        {"key": "xa-tn", "name": "Xã Thống Nhất", "kind": "commune", "aliases": ["Thống Nhất"]},
        {"key": "xa-hb", "name": "Xã Hòa Bình", "kind": "commune", "aliases": ["Hòa Bình"]},
        {"key": "xa-dk", "name": "Phường Đoàn Kết", "kind": "commune", "aliases": ["Đoàn Kết"]},
        {"key": "so-yt", "name": "Sở Y tế", "kind": "department"},
    ]
)

# (item, the units it names); communes whose names are common words count only in a unit's context
COMMUNE_CASES = [
    ("Thống nhất nhận thức, hành động trong tổ chức thực hiện.", []),
    ("Sở Y tế tuyên truyền Hòa Bình là khát vọng của Nhân dân.", ["Sở Y tế"]),
    ("Sở Y tế tăng cường Đoàn Kết trong thực hiện nhiệm vụ.", ["Sở Y tế"]),
    ("UBND xã Thống Nhất rà soát hồ sơ đất đai.", ["Xã Thống Nhất"]),
    ("Sở Y tế phối hợp với xã Thống Nhất tổ chức khám bệnh.", ["Sở Y tế", "Xã Thống Nhất"]),
    (
        "Các xã Hòa Bình, Thống Nhất và phường Đoàn Kết cập nhật dữ liệu.",
        ["Xã Hòa Bình", "Xã Thống Nhất", "Phường Đoàn Kết"],
    ),
]


@pytest.mark.parametrize(("item", "units"), COMMUNE_CASES)
def test_common_word_communes_only_in_a_units_context(item: str, units: list[str]) -> None:
    r = extract(_doc("1. " + item), units=_COMMUNES)
    assert [u.name for t in r.tasks for u in (*t.lead, *t.support)] == units


# organisations the gazetteer does not know: the longest name the text supports
ORG_CASES = [
    (
        "Giao Trung tâm Chuyển đổi số Thành phố triển khai nền tảng.",
        "Trung tâm Chuyển đổi số Thành phố",
    ),
    ("Giao Tập đoàn FPT phối hợp Sở Y tế triển khai bệnh án điện tử.", "Tập đoàn FPT"),
    ("Giao Công ty Điện lực Nghi Sơn và các đơn vị bảo đảm điện.", "Công ty Điện lực Nghi Sơn"),
    ("Giao Cục Lâm nghiệp và Kiểm lâm có trách nhiệm tham mưu.", "Cục Lâm nghiệp và Kiểm lâm"),
    ("Giao Cục Biến đổi khí hậu phối hợp thực hiện kiểm kê.", "Cục Biến đổi khí hậu"),
    ("Giao Trung tâm Dữ liệu tỉnh rà soát hệ thống.", "Trung tâm Dữ liệu tỉnh"),
    # must NOT run on: an acronym ends the name, a verb is no part of it
    ("Giao Tập đoàn FPT tăng cường hỗ trợ người dân.", "Tập đoàn FPT"),
    ("Giao Viện Chiến lược tăng cường nghiên cứu chính sách.", "Viện Chiến lược"),
]


@pytest.mark.parametrize(("item", "name"), ORG_CASES)
def test_an_unknown_organisation_keeps_its_whole_name(item: str, name: str) -> None:
    r = extract(_doc("1. " + item))
    assert [u.name for u in r.tasks[0].lead] == [name]


# (assessment sentence with an explicit assignment, the deadline it keeps)
ASSESSMENT_TIME_CASES = [
    ("Giao Sở Y tế khắc phục những hạn chế, hiệu quả chưa cao trong năm 2023.", None),
    ("Giao Sở Y tế tổng kết kết quả đạt được trong tháng 12/2023.", None),
    ("Giao Sở Y tế hoàn thiện dự thảo báo cáo, trình trước ngày 30/6/2024.", "2024-06-30"),
    ("Giao Sở Y tế báo cáo kết quả, thời hạn: 15/4/2024.", "2024-04-15"),
]


@pytest.mark.parametrize(("sentence", "due"), ASSESSMENT_TIME_CASES)
def test_years_inside_assessments_are_not_deadlines(sentence: str, due: str | None) -> None:
    r = extract(
        _notice(
            f"I. Tồn tại, hạn chế\n\n1. Về y tế\n\nTỷ lệ khám chữa bệnh từ xa đạt 12%. {sentence}"
        )
    )
    assert [(lead, d) for _q, lead, _s, d in _roles(r)] == [(["Sở Y tế"], due)]


def test_a_period_in_a_section_of_direction_is_still_a_deadline() -> None:
    r = extract(
        _notice("II. Nhiệm vụ năm 2024\n\n1. Sở Y tế triển khai bệnh án điện tử trong năm 2024.")
    )
    assert [d for _q, _l, _s, d in _roles(r)] == ["2024-12-31"]


def test_a_missing_date_is_a_warning_never_a_silent_default() -> None:
    dated = extract(_SHORT.format(items="1. Sở Tài chính chủ trì bố trí kinh phí."))
    assert [w.code for w in dated.warnings] == []
    no_day = _SHORT.replace("\tLạng Sơn, ngày 02 tháng 12 năm 2026", "").format(
        items="1. Sở Tài chính chủ trì bố trí kinh phí trước ngày 25/12."
    )
    r = extract(no_day)
    assert r.document.date is None
    assert [(w.code, w.message) for w in r.warnings] == [
        (
            "document_date_assumed",
            "Văn bản không ghi đủ ngày ban hành; tạm lấy ngày họp 01/12/2026 để tính thời hạn.",
        )
    ]
    assert r.tasks[0].due is not None
    assert r.tasks[0].due.date.isoformat() == "2026-12-25"
    month_only = extract(
        _SHORT.replace("ngày 02 tháng 12", "ngày   tháng 12")
        .replace("Ngày 01/12/2026, ", "")
        .format(items="1. Sở Tài chính bố trí kinh phí.")
    )
    assert [w.code for w in month_only.warnings] == ["document_date_assumed"]
    assert "01/12/2026" in month_only.warnings[0].message
    nothing = extract("THÔNG BÁO\n\nKết luận\n\nII. NHIỆM VỤ\n\n1. Sở Tài chính bố trí kinh phí.")
    assert [w.code for w in nothing.warnings] == ["no_document_date"]


def test_a_table_exported_column_by_column_is_read_row_by_row() -> None:
    text = (
        "Số: 2200/QĐ-BNNMT\tHà Nội, ngày 10 tháng 6 năm 2026\n\nKẾ HOẠCH\n\nTriển khai Nghị định\n\n"
        "II. NỘI DUNG\n\n1. Tổ chức tuyên truyền Nghị định.\n\nNơi nhận:\n- Như trên;\n\nPHỤ LỤC\n"
        "TT\tNội dung hoạt động\tCơ quan chủ trì\tCơ quan phối hợp\n"
        "Thời gian thực hiện\n"
        "1\nTổ chức tuyên truyền, phổ biến Nghị định\n"
        "a)\nTổ chức Hội nghị phổ biến Nghị định đến các cơ quan ở trung ương, địa phương.\n"
        "Cục Lâm nghiệp và Kiểm lâm\nVụ Pháp chế; các cơ quan, đơn vị có liên quan\nQuý III, IV/2026\n"
        "b)\nXây dựng tiêu chuẩn các-bon rừng quốc gia và hướng dẫn xây dựng, đăng ký dự\n"
        "Viện Khoa học lâm nghiệp Việt Nam, Cục\nVụ Khoa học và Công nghệ\nQuý IV/2026, 2027\n"
        "án các-bon rừng.\nLâm nghiệp và Kiểm lâm\n"
        "2\nĐàm phán, ký kết thỏa thuận chuyển nhượng tín chỉ các-bon rừng\n"
        "Cục Lâm nghiệp và Kiểm lâm\nVụ Hợp tác quốc tế\nThường xuyên\n"
    )
    got = [
        (t.quote[:24], [u.name for u in t.lead], t.due.date.isoformat() if t.due else t.ongoing)
        for t in extract(text).tasks
        if t.source == "table"
    ]
    assert got == [
        ("Tổ chức Hội nghị phổ biế", ["Cục Lâm nghiệp và Kiểm lâm"], "2026-12-31"),
        (
            "Xây dựng tiêu chuẩn các-",
            ["Viện Khoa học lâm nghiệp Việt Nam", "Cục Lâm nghiệp và Kiểm lâm"],
            "2027-12-31",
        ),
        ("Đàm phán, ký kết thỏa th", ["Cục Lâm nghiệp và Kiểm lâm"], True),
    ]


# time cells listing quarters: the last quarter listed; a later year extends it
QUARTER_CELLS = [
    ("Quý III, IV/2026", "2026-12-31"),
    ("Quý II, III/2026", "2026-09-30"),
    ("Quý IV/2026, 2027", "2027-12-31"),
    ("Quý III/2026", "2026-09-30"),
    ("Quý I đến Quý IV", "2026-12-31"),
]


@pytest.mark.parametrize(("cell", "date"), QUARTER_CELLS)
def test_quarter_lists_in_a_time_column(cell: str, date: str) -> None:
    text = (
        "Số: 1/KH-UBND\tLạng Sơn, ngày 10 tháng 6 năm 2026\n\nKẾ HOẠCH\n\nChuyển đổi số\n\nI. NHIỆM VỤ\n\n"
        f"STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\n1\tSố hóa hồ sơ\tSở Nội vụ\t{cell}\n"
    )
    t = [t for t in extract(text).tasks if t.source == "table"]
    assert [x.due.date.isoformat() if x.due else None for x in t] == [date]


# a head written once before a list of names
ELLIPTIC_CASES = [
    (
        "1. Các Bộ: Công Thương, Giao thông vận tải, Xây dựng, Tài nguyên và Môi trường:\n\na) Khẩn trương ban hành kế hoạch giảm phát thải.",
        ["Bộ Công Thương", "Bộ Giao thông vận tải", "Bộ Xây dựng", "Bộ Tài nguyên và Môi trường"],
    ),
    (
        "1. Đề nghị các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội tổ chức phủ sóng.",
        ["Tập đoàn Bưu chính Viễn thông Việt Nam", "Tập đoàn Công nghiệp - Viễn thông Quân đội"],
    ),
    (
        "1. Các Bộ: Xây dựng và Công Thương phối hợp rà soát quy hoạch.",
        ["Bộ Xây dựng", "Bộ Công Thương"],
    ),
    # must NOT expand: a list after a colon that names no such body
    ("1. Các sở: rà soát, báo cáo kết quả thực hiện.", []),
]


@pytest.mark.parametrize(("item", "lead"), ELLIPTIC_CASES)
def test_a_head_written_once_before_a_list_of_names(item: str, lead: list[str]) -> None:
    r = extract(_doc(item, date="ngày 10 tháng 3 năm 2024"))
    assert [[u.name for u in t.lead] for t in r.tasks][:1] == [lead]


# an item's topic before its colon: no lead there, no deadline there
TOPIC_CASES = [
    (
        "1. Về đầu tư kho dầu thô dự trữ quốc gia: với vai trò là chủ đầu tư, Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam chủ động làm việc với các đối tác.",
        ["Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"],
        None,
    ),
    (
        "1. Về điều chuyển số vốn không có khả năng giải ngân trong năm 2025: Ủy ban nhân dân tỉnh Thanh Hóa rà soát, báo cáo Thủ tướng Chính phủ trong Quý I năm 2026.",
        ["Ủy ban nhân dân tỉnh Thanh Hóa"],
        "2026-03-31",
    ),
    # must NOT lose the date when the topic holds the only one
    (
        "1. Về kế hoạch năm 2025, hoàn thành trước ngày 30/6/2025: Sở Y tế chủ trì triển khai.",
        ["Sở Y tế"],
        "2025-06-30",
    ),
]


@pytest.mark.parametrize(("item", "lead", "due"), TOPIC_CASES)
def test_the_topic_of_an_item_holds_neither_lead_nor_deadline(
    item: str, lead: list[str], due: str | None
) -> None:
    r = extract(_doc(item, date="ngày 10 tháng 3 năm 2025"))
    assert [(le, d) for _q, le, _s, d in _roles(r)] == [(lead, due)]


# (item, the leads of the tasks it gives): a clause after ";" with a unit of its own
CLAUSE_CASES = [
    (
        "1. Về phủ sóng: đề nghị các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội triển khai, hoàn thành trong tháng 12 năm 2025; Bộ Khoa học và Công nghệ hướng dẫn các Tập đoàn nêu trên.",
        [
            [
                "Tập đoàn Bưu chính Viễn thông Việt Nam",
                "Tập đoàn Công nghiệp - Viễn thông Quân đội",
            ],
            ["Bộ Khoa học và Công nghệ"],
        ],
    ),
    # must NOT split: a clause that reports, clauses describing a division after a colon,
    # a clause naming no unit of its own
    (
        "1. Bộ Tài chính hoàn thiện Đề án; Bộ Tài chính đã tiếp thu ý kiến các Bộ.",
        [["Bộ Tài chính"]],
    ),
    (
        "1. Bộ Tài chính thống nhất với Bộ Xây dựng theo hướng: Bộ Xây dựng chủ trì nhóm nhiệm vụ quy hoạch; Bộ Tài chính chủ trì nhóm nhiệm vụ tài chính.",
        [["Bộ Tài chính"]],
    ),
    ("1. Sở Y tế rà soát danh mục thuốc; báo cáo trước ngày 30/4/2025.", [["Sở Y tế"]]),
]


@pytest.mark.parametrize(("item", "leads"), CLAUSE_CASES)
def test_a_clause_with_a_unit_of_its_own_is_a_task_of_its_own(
    item: str, leads: list[list[str]]
) -> None:
    r = extract(_doc(item, date="ngày 10 tháng 3 năm 2025"))
    assert [[u.name for u in t.lead] for t in r.tasks] == leads


def test_units_an_intro_reports_from_are_no_lead() -> None:
    intro = "Sau khi nghe báo cáo của các Bộ: Tài chính, Xây dựng ý kiến phát biểu của các đại biểu, Phó Thủ tướng Chính phủ kết luận như sau:"
    r = extract(
        _doc(
            "1. Thị trường các-bon là công cụ kinh tế quan trọng.\n\n2. Bộ Tài chính hoàn thiện Đề án.",
            intro,
        )
    )
    assert [[u.name for u in t.lead] for t in r.tasks] == [[], ["Bộ Tài chính"]]


def test_the_provinces_committees_addressed_together_by_a_national_directive() -> None:
    r = extract(
        _doc(
            "7. Ủy ban nhân dân các tỉnh và thành phố trực thuộc trung ương:\n\na) Phối hợp với các Bộ, ngành liên quan tổ chức thực hiện NDC.",
            date="ngày 02 tháng 5 năm 2024",
        )
    )
    assert [[u.name for u in t.lead] for t in r.tasks] == [
        ["Ủy ban nhân dân các tỉnh và thành phố trực thuộc trung ương"]
    ]


def test_a_long_numbered_sentence_without_its_stop_is_an_item_not_a_heading() -> None:
    body = (
        "1. Sở Khoa học và Công nghệ theo dõi, đôn đốc các sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan "
        "triển khai thực hiện nhiệm vụ được nêu trong Kế hoạch theo đúng tiến độ; tham mưu UBND Thành phố báo cáo kết quả triển khai thực hiện về Bộ Công an\n\n"
        "- kèm số liệu cập nhật trước ngày 20/12/2025 lên phần mềm theo dõi.\n\n"
        # must NOT become an item: a short heading without a stop
        "2. Sở Tài chính\n\n- Bố trí kinh phí thực hiện Kế hoạch."
    )
    r = extract(_plan(body))
    assert [(q[:30], lead, d) for q, lead, _s, d in _roles(r)][:1] == [
        ("Sở Khoa học và Công nghệ theo ", ["Sở Khoa học và Công nghệ"], "2025-12-20")
    ]
    assert [s.title for s in r.sections][-1] == "Sở Tài chính"


# (item in a 2024 directive, its deadline): a far year without a firm cue is a horizon
HORIZON_CASES = [
    (
        "1. Bộ Nông nghiệp và Phát triển nông thôn xây dựng cơ sở dữ liệu đánh giá tiềm năng đến năm 2030 và có tính đến năm 2050.",
        None,
    ),
    ("1. Bộ Tài chính hoàn thiện Đề án trong năm 2025.", "2025-12-31"),
    # must NOT be dropped: a firm cue, however far
    ("1. Bộ Xây dựng hoàn thành tuyến đường trước ngày 31/12/2030.", "2030-12-31"),
]


@pytest.mark.parametrize(("item", "due"), HORIZON_CASES)
def test_a_far_year_without_a_firm_cue_is_a_horizon_not_a_deadline(
    item: str, due: str | None
) -> None:
    r = extract(_doc(item, date="ngày 02 tháng 5 năm 2024"))
    assert [d for _q, _l, _s, d in _roles(r)] == [due]
