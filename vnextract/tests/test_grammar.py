# ruff: noqa: E501  (tables of real sentences read better unwrapped)
"""Tables of sentences in the genre and the structure expected of them."""

import pytest

from vnextract import extract


def _doc(body: str, date: str = "ngày 10 tháng 3 năm 2024", province: str = "Quảng Ngãi") -> str:
    return f"Số: 12/TB-UBND\n\n{province}, {date}\n\nTHÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh\n\nIII. NHIỆM VỤ THỜI GIAN TỚI\n\n{body}\n\nNơi nhận:\n- Như trên;\n"


LEAD_CASES = [
    (
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát dự án.",
        {"Sở Tài chính"},
        {"Sở Xây dựng"},
    ),
    (
        "Sở TT&TT chủ trì, phối hợp Sở Nội vụ tổ chức tập huấn.",
        {"Sở Thông tin và Truyền thông"},
        {"Sở Nội vụ"},
    ),
    (
        "Đề nghị UBND các huyện, thị xã, thành phố khẩn trương hoàn thiện hồ sơ.",
        {"UBND cấp huyện"},
        set(),
    ),
    ("Yêu cầu các sở, ban, ngành báo cáo kết quả.", {"Các sở, ban, ngành tỉnh"}, set()),
    ("Căn cứ kế hoạch này, Công an tỉnh chủ trì triển khai Đề án 06.", {"Công an tỉnh"}, set()),
    (
        "Các sở, ngành, địa phương tăng cường tuyên truyền.",
        {"Các sở, ban, ngành tỉnh", "Địa phương"},
        set(),
    ),
    ("Giao chỉ tiêu cho UBND cấp xã hoàn thành số hóa hồ sơ.", {"UBND cấp xã"}, set()),
    (
        "UBND cấp huyện chỉ đạo Trung tâm hành chính công cấp huyện phối hợp với Bưu điện tỉnh hỗ trợ người dân.",
        {"UBND cấp huyện"},
        {"Bưu điện tỉnh"},
    ),
    (
        "Sở Kế hoạch và Đầu tư phối hợp với Tập đoàn FPT và các sở, ngành liên quan tổ chức hội thảo.",
        {"Sở Kế hoạch và Đầu tư"},
        {"Tập đoàn FPT", "Các sở, ban, ngành tỉnh"},
    ),
    (
        "UBND cấp huyện phối hợp chặt chẽ với các sở, ngành liên quan (Sở Y tế, Sở Công Thương) trong quá trình thực hiện.",
        {"UBND cấp huyện"},
        {"Sở Y tế", "Sở Công Thương"},
    ),
]


@pytest.mark.parametrize(("sentence", "lead", "support"), LEAD_CASES)
def test_grammar_of_assignment(sentence: str, lead: set[str], support: set[str]) -> None:
    r = extract(_doc("1. Nhiệm vụ\n\n- " + sentence))
    assert len(r.tasks) == 1
    t = r.tasks[0]
    assert {u.name for u in t.lead} == lead
    assert {u.name for u in t.support} == support


def test_heading_unit_is_inherited_and_item_overrides_support() -> None:
    body = "1. Sở Y tế\n\n- Triển khai hồ sơ sức khỏe điện tử.\n\n- Phối hợp với Sở Tài chính bố trí kinh phí."
    r = extract(_doc(body))
    assert [{u.name for u in t.lead} for t in r.tasks] == [{"Sở Y tế"}, {"Sở Y tế"}]
    assert {u.name for u in r.tasks[1].support} == {"Sở Tài chính"}


def test_inline_label_and_post_merger_names_in_2025() -> None:
    body = "**2.1. Sở KH&CN:** Chủ trì, phối hợp Sở NN&MT xây dựng nền tảng dữ liệu nông nghiệp trước ngày 30/6/2025."
    r = extract(_doc(body, "ngày 05 tháng 4 năm 2025", "Gia Lai"))
    t = r.tasks[0]
    assert [u.name for u in t.lead] == ["Sở Khoa học và Công nghệ"]
    assert [u.name for u in t.support] == ["Sở Nông nghiệp và Môi trường"]
    assert t.due is not None
    assert t.due.date.isoformat() == "2025-06-30"


def test_abbreviation_resolves_to_the_name_at_the_document_date() -> None:
    r = extract(_doc("- Sở TTTT hướng dẫn các đơn vị triển khai chữ ký số."))
    assert r.tasks[0].lead[0].name == "Sở Thông tin và Truyền thông"
    assert r.tasks[0].lead[0].mention == "Sở TTTT"


DUE_CASES = [
    ("hoàn thành trước ngày 20/10/2024.", "2024-10-20", None, False),
    ("trình UBND tỉnh chậm nhất ngày 15/3/2024.", "2024-03-15", None, False),
    ("hoàn thành trong tháng 11/2024.", "2024-11-30", None, False),
    ("phấn đấu đến hết quý 2/2024.", "2024-06-30", None, False),
    ("hoàn thành trong năm 2025.", "2025-12-31", None, False),
    ("báo cáo trước ngày 25/12.", "2024-12-25", None, False),
    ("báo cáo định kỳ hàng tháng (trước ngày 20).", None, "monthly", False),
    ("báo cáo định kỳ hàng quý (trước ngày 05 tháng cuối quý).", None, "quarterly", False),
    ("đăng tải tin bài hàng tuần.", None, "weekly", False),
    ("tổng kết hằng năm.", None, "yearly", False),
    ("thường xuyên kiểm tra, đôn đốc.", None, None, True),
    ("triển khai theo Văn bản số 855/UBND-VHXH ngày 09/02/2023.", None, None, False),
]


@pytest.mark.parametrize(("tail", "date", "freq", "ongoing"), DUE_CASES)
def test_time_expressions(tail: str, date: str | None, freq: str | None, ongoing: bool) -> None:
    r = extract(_doc("- Sở Nội vụ " + tail))
    t = r.tasks[0]
    assert (t.due.date.isoformat() if t.due else None) == date
    assert (t.recurrence.freq if t.recurrence else None) == freq
    assert t.ongoing is ongoing


def test_deadline_before_the_document_is_kept_and_warned() -> None:
    r = extract(_doc("- Sở Nội vụ ban hành kế hoạch trước ngày 15/3/2023."))
    assert r.tasks[0].due is not None
    assert r.tasks[0].due.date.year == 2023
    assert any(w.code == "deadline_before_document" for w in r.warnings)


def test_results_section_yields_facts_not_tasks() -> None:
    body = (
        "I. KẾT QUẢ ĐẠT ĐƯỢC\n\nCác sở, ngành đã triển khai tốt; tỷ lệ hồ sơ trực tuyến đạt 94,9%; "
        "số hóa 630.485/732.908 hồ sơ.\n\nII. NHIỆM VỤ\n\n- Sở Y tế triển khai bệnh án điện tử."
    )
    r = extract(_doc(body))
    assert [t.lead[0].name for t in r.tasks] == ["Sở Y tế"]
    values = {(f.value, f.of) for f in r.facts}
    assert (94.9, None) in values
    assert (630485, 732908) in values


def test_targets_with_vietnamese_numbers() -> None:
    body = "- Phấn đấu đến hết năm 2025: (1) Tỷ lệ hồ sơ nộp trực tuyến đạt 80%; (2) phát triển ít nhất 05 doanh nghiệp công nghệ số."
    r = extract(_doc(body))
    got = {(t.value, t.unit) for t in r.targets}
    assert got == {(80, "%"), (5, "doanh nghiệp")}


def test_contents_lists_are_not_tasks() -> None:
    body = "5. Đối với các nội dung kiến nghị của Sở Y tế về:\n\n- Chính sách hỗ trợ.\n\n- Mở rộng trung tâm dữ liệu.\n\nGiao Sở Tài chính tổng hợp các kiến nghị trên."
    r = extract(_doc(body))
    assert [t.lead[0].name for t in r.tasks] == ["Sở Tài chính"]


def test_pipe_table_rows_are_tasks() -> None:
    body = (
        "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |\n|---|---|---|---|---|\n"
        "| 1 | Xây dựng kho dữ liệu dùng chung | Sở KH&CN | Các sở, ngành; UBND cấp xã | Quý III/2025 |\n"
        "| 2 | Tuyên truyền trên báo | Báo Gia Lai | Sở VHTTDL | Hàng tuần |"
    )
    r = extract(_doc(body, "ngày 05 tháng 4 năm 2025", "Gia Lai"))
    rows = [t for t in r.tasks if t.source == "table"]
    assert [t.lead[0].name for t in rows] == ["Sở Khoa học và Công nghệ", "Báo Gia Lai"]
    assert {u.name for u in rows[0].support} == {"Các sở, ban, ngành tỉnh", "UBND cấp xã"}
    assert rows[0].due is not None
    assert rows[0].due.date.isoformat() == "2025-09-30"
    assert rows[1].recurrence is not None
    assert rows[1].recurrence.freq == "weekly"


NEW_LEAD_CASES = [
    (
        "Xây dựng cơ sở dữ liệu đất đai; Sở NN&MT chủ trì, phối hợp với UBND các xã, phường hoàn thành trong năm 2026.",
        {"Sở Nông nghiệp và Môi trường"},
        {"UBND cấp xã"},
    ),
    (
        "Yêu cầu Thủ trưởng các sở, ban, ngành tỉnh tăng cường kiểm tra việc sử dụng chữ ký số.",
        {"Các sở, ban, ngành tỉnh"},
        set(),
    ),
    (
        "Sở Nội vụ có trách nhiệm phối hợp với Sở KH&CN bố trí công chức phụ trách chuyển đổi số.",
        {"Sở Nội vụ"},
        {"Sở Khoa học và Công nghệ"},
    ),
]


@pytest.mark.parametrize(("sentence", "lead", "support"), NEW_LEAD_CASES)
def test_grammar_of_assignment_2025(sentence: str, lead: set[str], support: set[str]) -> None:
    r = extract(_doc("1. Nhiệm vụ\n\n- " + sentence, "ngày 03 tháng 10 năm 2025", "Đắk Lắk"))
    assert len(r.tasks) == 1
    assert {u.name for u in r.tasks[0].lead} == lead
    assert {u.name for u in r.tasks[0].support} == support


def test_the_speaking_committee_is_not_the_lead_and_opens_the_assignments() -> None:
    body = (
        "Để khắc phục hạn chế, Chủ tịch UBND tỉnh yêu cầu:\n\n"
        "1. Sở Y tế chủ trì triển khai bệnh án điện tử.\n\n"
        "2. Ngân hàng Nhà nước chi nhánh tỉnh Nghệ An có trách nhiệm:\n\n"
        "- Theo dõi, tổng hợp tình hình thanh toán không dùng tiền mặt."
    )
    text = f"Số: 9/CT-UBND\n\nNghệ An, ngày 05 tháng 6 năm 2024\n\nCHỈ THỊ\n\nVề thanh toán\n\n{body}\n\nNơi nhận:\n"
    r = extract(text)
    assert [[u.key for u in t.lead] for t in r.tasks] == [["so-yt"], ["nhnn-tinh"]]


def test_heading_with_an_assignment_governs_its_items() -> None:
    body = "1. Giao Sở KH&CN chủ trì, phối hợp với Công an tỉnh:\n\n- Hướng dẫn UBND các xã rà soát tài khoản; hoàn thành trước ngày 20/10/2025."
    t = extract(_doc(body, "ngày 03 tháng 10 năm 2025")).tasks[0]
    assert [u.name for u in t.lead] == ["Sở Khoa học và Công nghệ"]
    assert [u.name for u in t.support] == ["Công an tỉnh"]


def test_fields_written_under_an_item_belong_to_it() -> None:
    body = (
        "1. Hoàn thiện nền tảng\n\na) Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh.\n\n"
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n\n- Cơ quan phối hợp: Công an tỉnh.\n\n"
        "- Thời gian hoàn thành: trong Quý II/2026."
    )
    t = extract(_doc(body, "ngày 22 tháng 9 năm 2025")).tasks[0]
    assert [u.name for u in t.lead] == ["Sở Khoa học và Công nghệ"]
    assert [u.name for u in t.support] == ["Công an tỉnh"]
    assert t.due is not None
    assert t.due.date.isoformat() == "2026-06-30"


RECURRENCE_CASES = [
    (
        "báo cáo UBND tỉnh trước ngày 15/12 hằng năm.",
        "yearly",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15",
    ),
    (
        "báo cáo định kỳ 6 tháng (trước ngày 15/6) và hằng năm.",
        "monthly",
        "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15",
    ),
    ("báo cáo tình hình hằng tuần (vào thứ Sáu).", "weekly", "FREQ=WEEKLY;BYDAY=FR"),
    (
        "báo cáo kết quả thực hiện Kế hoạch hằng tháng (trước ngày 20).",
        "monthly",
        "FREQ=MONTHLY;BYMONTHDAY=20",
    ),
    ("đưa chỉ tiêu vào kế hoạch phát triển kinh tế - xã hội hằng năm của ngành.", None, None),
]


@pytest.mark.parametrize(("tail", "freq", "rule"), RECURRENCE_CASES)
def test_recurrences_and_plans_described_as_yearly(
    tail: str, freq: str | None, rule: str | None
) -> None:
    t = extract(_doc("- Sở Nội vụ " + tail)).tasks[0]
    assert (t.recurrence.freq if t.recurrence else None) == freq
    assert (t.recurrence.rule if t.recurrence else None) == rule


def test_a_heading_period_is_not_a_deadline_but_a_cued_one_is() -> None:
    body = "II. NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024\n\n- Sở Y tế triển khai bệnh án điện tử."
    assert extract(_doc(body)).tasks[0].due is None


def test_goal_sections_give_targets_not_tasks() -> None:
    body = "I. MỤC TIÊU NĂM 2026\n\n1. 100% UBND cấp xã sử dụng chữ ký số.\n\n2. Tỷ trọng kinh tế số đạt 12%.\n\nII. NHIỆM VỤ\n\n- Sở Y tế triển khai bệnh án điện tử."
    r = extract(_doc(body, "ngày 16 tháng 01 năm 2026"))
    assert [t.lead[0].name for t in r.tasks] == ["Sở Y tế"]
    assert {(t.value, t.unit) for t in r.targets} == {(100, "%"), (12, "%")}


def test_the_plan_attached_to_a_decision_is_read() -> None:
    text = (
        "Số: 1052/QĐ-UBND\n\nHà Tĩnh, ngày 12 tháng 4 năm 2024\n\nQUYẾT ĐỊNH\n\nBan hành Kế hoạch\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\nNơi nhận:\n- Như Điều 3;\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Báu Hà\n\nKẾ HOẠCH\n\nThúc đẩy nền tảng số\n\n"
        "(Ban hành kèm theo Quyết định số 1052/QĐ-UBND ngày 12/4/2024)\n\nII. NHIỆM VỤ\n\n"
        "1. Sở Công Thương chủ trì đưa sản phẩm OCOP lên sàn thương mại điện tử trong năm 2024."
    )
    r = extract(text)
    assert r.document.signer == "Trần Báu Hà"
    assert [t.lead[0].name for t in r.tasks] == ["Sở Công Thương"]


def test_a_unit_name_never_crosses_a_table_cell() -> None:
    body = "STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n4\tDuy trì Tổ công nghệ số cộng đồng\tUBND các xã, phường\tTỉnh Đoàn\tThường xuyên"
    t = extract(_doc(body, "ngày 16 tháng 01 năm 2026")).tasks[0]
    assert [u.name for u in t.lead] == ["UBND cấp xã"]
    assert [u.name for u in t.support] == ["Tỉnh Đoàn"]
    assert t.ongoing
