"""Browser: the whole story of a directive, from upload to reminders (issue 4, "Done means").

The Lạng Sơn notice of January 2024 (a real directive, ../shared/eval/docs/) goes through
the real screens, each person in their own browser session:

1. the secretariat (thuongtruc) uploads it, checks a highlighted quote on the review
   screen, keeps the tasks that have their units and drops the rest, gives the task on
   state-budget IT projects a lead (Sở Tài chính, through the unit picker) and a deadline
   already past, and publishes;
2. the finance department's officer (donvi) finds the task overdue in the unit's inbox,
   reports progress with a PDF and asks for an extension;
3. a leader (lanhdao) sees it overdue in the task list; the secretariat approves the
   extension; the leader now sees it open within its (new) deadline, the original kept;
4. the reminder job (`remind --as-of`) e-mails the officer the day before the new deadline
   and again once it has passed, with the secretariat's weekly digest — and nobody else.

Only reading the database and creating the province's groups bypass the screens.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from chidao.documents.choices import DocumentStatus
from chidao.documents.models import Document
from chidao.tasks.choices import AssignmentRole, ExtensionStatus, TaskState
from chidao.tasks.models import Assignment, ExtensionRequest, ProgressUpdate, Task
from conftest import message, nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTIVE = (
    Path(__file__).resolve().parents[2] / "documents" / "tests" / "fixtures" / "langson-tb-2024.txt"
)
# The task the secretariat gives to Sở Tài chính (the extractor found no unit for it).
BUDGET_TASK = "Rà soát, đẩy nhanh tiến độ thực hiện các dự án ứng dụng công nghệ thông tin"
# The task whose highlighted quote is checked.
PLAN_TASK = "Sở Thông tin và Truyền thông khẩn trương xây dựng"

OVERDUE = "Chưa hoàn thành, quá hạn"
ON_TIME = "Đang thực hiện trong hạn"


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


@pytest.fixture
def groups(province: Any) -> Any:
    """The groups this directive addresses, as `chidao init` creates them; the district of
    the small province passes its work to the new commune on 1/7/2025."""
    from chidao.units.models import Succession, UnitGroup

    UnitGroup.objects.create(
        province=province.unit,
        key="ubnd-huyen",
        name="UBND cấp huyện",
        aliases=["UBND các huyện, thành phố", "UBND các huyện, thị xã, thành phố"],
        member_kinds=["district"],
        valid_to=dt.date(2025, 6, 30),
    )
    UnitGroup.objects.create(
        province=province.unit,
        key="so-nganh",
        name="Các sở, ban, ngành tỉnh",
        aliases=["sở, ban, ngành", "sở, ngành"],
        member_kinds=["department", "agency"],
    )
    Succession.objects.create(
        kind="dissolve",
        date=dt.date(2025, 7, 1),
        predecessor=province.district,
        successor=province.commune,
    )


def test_directive_story_from_upload_to_reminders(
    people: Any, province: Any, groups: Any, open_as: Callable[[str], Page], tmp_path: Path
) -> None:
    today = timezone.localdate()
    first_due = today - dt.timedelta(days=10)  # already past when published
    new_due = today + dt.timedelta(days=20)

    # -- 1. the secretariat uploads, reviews, fixes one unit, publishes --------------------
    sec = open_as("thuongtruc")
    sec.on("dialog", lambda dialog: dialog.accept())  # "Xoá nhiệm vụ này?"
    nav(sec, "Văn bản")
    sec.get_by_role("link", name="Tải lên văn bản").first.click()  # page action
    sec.get_by_label("Tệp văn bản").set_input_files(str(DIRECTIVE))
    sec.get_by_role("button", name="Tải lên và đọc văn bản").click()
    sec.wait_for_url("**/review/")  # read while uploading (a small file), then reviewed

    doc = Document.objects.get()
    assert doc.status == DocumentStatus.EXTRACTED
    assert doc.file_name == "langson-tb-2024.txt"
    tasks = list(doc.tasks.order_by("order").prefetch_related("mentions"))
    message(sec, f"Đã đọc văn bản: {len(tasks)} nhiệm vụ chờ rà soát.")
    assert {t.state for t in tasks} == {TaskState.DRAFT}
    budget = next(t for t in tasks if t.title.startswith(BUDGET_TASK))
    plan = next(t for t in tasks if t.title.startswith(PLAN_TASK))
    assert not budget.mentions.exists()
    ready = [
        t
        for t in tasks
        if t.mentions.exists()
        and all(m.is_resolved for m in t.mentions.all())
        and any(m.role == AssignmentRole.LEAD for m in t.mentions.all())
    ]
    assert plan in ready
    assert len(ready) == 3  # two for Sở TT&TT, one for the departments and the districts
    assert sec.get_by_text("chưa có đơn vị chủ trì").count() > 0  # listed problems

    # The quote of a task is highlighted in the source text and reachable from its card.
    quote = sec.locator(f"#q-{plan.uuid}")
    assert plan.quote_start is not None
    assert quote.inner_text() == doc.text[plan.quote_start : plan.quote_end]
    assert "khẩn trương xây dựng, trình ban hành Kế hoạch hoạt động" in quote.inner_text()
    sec.locator(f"#task-{plan.uuid}").get_by_role("link", name="Xem trong văn bản").click()
    expect(quote).to_be_in_viewport()
    background = quote.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 212, 59)"  # mark:target, the stronger highlight

    # Keep the tasks whose units are known, and the budget task; drop the rest.
    for task in tasks:
        if task in ready or task == budget:
            continue
        card = sec.locator(f"#task-{task.uuid}")
        card.get_by_role("button", name="Xoá").click()
        card.wait_for(state="detached")  # the review body is swapped in place (htmx)
    kept = [*ready, budget]
    assert set(doc.tasks.all()) == set(kept)

    # The budget task: a deadline (already past) and a lead picked in the unit search.
    card = sec.locator(f"#task-{budget.uuid}")
    card.get_by_label("Thời hạn", exact=True).fill(d(first_due))
    card.get_by_role("button", name="Lưu nhiệm vụ").click()
    message(sec, "Đã lưu nhiệm vụ.")
    card.get_by_label("Vai trò").select_option(AssignmentRole.LEAD.value)
    card.get_by_label("Thêm đơn vị").fill("so tai chinh")
    card.get_by_role("button", name="Tìm").click()
    card.locator("form", has_text="Sở Tài chính").get_by_role("button", name="Chọn").click()
    message(sec, "Đã cập nhật đơn vị của nhiệm vụ.")
    expect(card.locator(".badge", has_text="Sở Tài chính")).to_be_visible()
    budget.refresh_from_db()
    assert budget.due_date == first_due
    assert [(m.unit, m.role) for m in budget.mentions.all()] == [(province.tc, AssignmentRole.LEAD)]

    # The copy leaves the day blank ("ngày  tháng 01 năm 2024"): no publishing without a date.
    sec.get_by_text("Văn bản chưa có ngày ban hành").first.wait_for()
    metadata = sec.locator("#metadata")
    metadata.get_by_label("Ngày ban hành").fill("18/01/2024")
    metadata.get_by_role("button", name="Lưu thông tin văn bản").click()
    message(sec, "Đã lưu thông tin văn bản.")
    doc.refresh_from_db()
    assert doc.issued_on == dt.date(2024, 1, 18)
    sec.get_by_text("Mọi nhiệm vụ đã có đơn vị chủ trì và đơn vị đã xác định.").wait_for()
    sec.get_by_role("button", name=f"Ban hành {len(kept)} nhiệm vụ").click()
    sec.wait_for_url(f"**/documents/{doc.uuid}/")
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.PUBLISHED
    assert doc.published_by == people.thuongtruc
    assigned = Assignment.objects.filter(task__document=doc, active=True)
    message(sec, f"Đã ban hành {len(kept)} nhiệm vụ, giao cho {assigned.count()} lượt đơn vị.")
    expect(sec.locator("#doc-status")).to_contain_text("Đã ban hành nhiệm vụ")
    tasks_card = sec.locator(".card", has=sec.get_by_role("heading", name="Nhiệm vụ"))
    expect(tasks_card.locator(".card-title .badge")).to_have_text(str(len(kept)))
    budget_row = sec.locator(f"#t-{budget.uuid}")
    expect(budget_row).to_contain_text("Sở Tài chính")
    expect(budget_row).to_contain_text(f"Thời hạn: {d(first_due)}")
    assert set(Task.objects.filter(document=doc).values_list("state", flat=True)) == {
        TaskState.OPEN
    }
    share = Assignment.objects.get(task=budget, active=True)
    assert (share.unit, share.role) == (province.tc, AssignmentRole.LEAD)
    assert (share.due_date, share.original_due_date) == (first_due, first_due)
    subjects = [m.subject for m in mail.outbox if m.to == [people.donvi.email]]
    assert any(s.startswith(f"[chidao] Nhiệm vụ mới: {BUDGET_TASK}") for s in subjects)

    # -- 2. the department's officer reports progress and asks for more time --------------
    officer = open_as("donvi")
    nav(officer, "Việc của đơn vị")
    row = officer.locator(f'.inbox-group[data-urgency="0"] #asg-{share.uuid}')  # overdue
    expect(row).to_contain_text(d(first_due))
    expect(row).to_contain_text(OVERDUE)
    row.get_by_role("link", name="Báo cáo").click()
    row.locator("form").wait_for()  # the form replaces the row (htmx)
    evidence = tmp_path / "bao-cao-tien-do.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    officer.get_by_label("Tiến độ (%)").fill("40")
    officer.get_by_label("Nội dung báo cáo").fill("Đã rà soát 12/20 dự án")
    officer.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_text("Đã ghi nhận báo cáo tiến độ.").wait_for()
    expect(row).to_contain_text("40%")
    update = ProgressUpdate.objects.get()
    assert (update.assignment, update.author) == (share, people.donvi)
    assert (update.percent, update.narrative, update.completed) == (
        40,
        "Đã rà soát 12/20 dự án",
        False,
    )
    proof = update.evidence.get()
    assert (proof.name, proof.size) == ("bao-cao-tien-do.pdf", evidence.stat().st_size)
    assert proof.file.read() == evidence.read_bytes()

    row.get_by_role("link", name=BUDGET_TASK).click()
    officer.wait_for_url(f"**/tasks/{budget.uuid}/")
    timeline = officer.locator("#timeline")
    expect(timeline).to_contain_text("Sở Tài chính báo cáo tiến độ 40%")
    expect(timeline.get_by_role("link", name="bao-cao-tien-do.pdf")).to_be_visible()
    officer.locator(f"#asg-{share.uuid}").get_by_role("link", name="Xin gia hạn").click()
    officer.get_by_label("Thời hạn đề nghị").fill(d(new_due))
    officer.get_by_label("Lý do").fill("Chờ Sở KH&CN thẩm định 8 dự án còn lại")
    officer.get_by_role("button", name="Gửi đề nghị").click()
    officer.wait_for_url(f"**/tasks/{budget.uuid}/")
    message(officer, "Đã gửi đề nghị gia hạn tới cơ quan thường trực.")
    expect(officer.locator(f"#asg-{share.uuid}")).to_contain_text(
        f"đề nghị gia hạn đến {d(new_due)}"
    )
    ask = ExtensionRequest.objects.get()
    assert (ask.assignment, ask.requested_by, ask.status) == (
        share,
        people.donvi,
        ExtensionStatus.PENDING,
    )
    assert (ask.previous_due_date, ask.requested_due_date) == (first_due, new_due)

    # -- 3. a leader sees the task overdue; the secretariat approves the extension ---------
    leader = open_as("lanhdao")
    nav(leader, "Nhiệm vụ")
    expect(leader.locator("tr.task-row")).to_have_count(len(kept))
    leader.get_by_label("Tìm kiếm").fill("du an ung dung cong nghe thong tin")  # no accents
    expect(leader.locator("tr.task-row")).to_have_count(1)
    listed = leader.locator("tr.task-row")
    expect(listed).to_contain_text(BUDGET_TASK)
    expect(listed).to_contain_text("Sở Tài chính")
    expect(listed).to_contain_text(OVERDUE)

    sec.locator('a[href="/notifications/"]').first.click()
    sec.get_by_role("link", name=f"Sở Tài chính đề nghị gia hạn đến {d(new_due)}").click()
    sec.wait_for_url(f"**/tasks/{budget.uuid}/")
    sec.locator(f"#asg-{share.uuid}").get_by_role("link", name="Xét gia hạn").click()
    expect(sec.locator("dl")).to_contain_text("Chờ Sở KH&CN thẩm định 8 dự án còn lại")
    sec.get_by_label("Đồng ý gia hạn").check()
    sec.get_by_label("Ý kiến").fill("Đồng ý; hoàn thành đúng hạn mới")
    sec.get_by_role("button", name="Ghi nhận quyết định").click()
    sec.wait_for_url(f"**/tasks/{budget.uuid}/")
    message(sec, "Đã ghi nhận quyết định gia hạn.")
    due_cell = sec.locator(f"#asg-{share.uuid} td").nth(1)
    expect(due_cell).to_contain_text(d(new_due))
    expect(due_cell.locator("s")).to_have_text(d(first_due))  # the original, kept
    expect(sec.locator("#timeline")).to_contain_text(
        f"Đã đồng ý gia hạn cho Sở Tài chính đến {d(new_due)}"
    )
    share.refresh_from_db()
    assert (share.due_date, share.original_due_date) == (new_due, first_due)
    ask.refresh_from_db()
    assert (ask.status, ask.decided_by) == (ExtensionStatus.APPROVED, people.thuongtruc)
    assert ask.decision_reason == "Đồng ý; hoàn thành đúng hạn mới"

    # -- 4. the leader sees the status change, as of today ---------------------------------
    leader.reload()  # the search is kept in the address (hx-push-url)
    listed = leader.locator("tr.task-row")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(ON_TIME)
    expect(listed).not_to_contain_text(OVERDUE)
    expect(listed.locator("s")).to_have_text(d(first_due))
    listed.get_by_role("link", name=BUDGET_TASK).click()
    leader.wait_for_url(f"**/tasks/{budget.uuid}/")
    expect(leader.locator(".badge", has=leader.locator(".status-dot")).first).to_have_text(ON_TIME)
    expect(leader.get_by_text(f"tình hình tại ngày {d(today)}")).to_be_visible()
    leader_row = leader.locator(f"#asg-{share.uuid}")
    expect(leader_row).to_contain_text("40%")
    expect(leader_row.get_by_role("link")).to_have_count(0)  # leaders read, never act
    leader.locator("#document-link").click()  # into the document, at the task
    leader.wait_for_url(f"**/documents/{doc.uuid}/#t-{budget.uuid}")
    on_document = leader.locator(f"#t-{budget.uuid}")
    expect(on_document).to_be_in_viewport()
    expect(on_document.locator(f'[title="{ON_TIME}"]')).to_have_text("1")
    expect(on_document).to_contain_text("0/1 · 40%")

    # -- 5. the reminder job, run for chosen days ------------------------------------------
    others = [people.ngoai.email, people.xa.email]
    assert Assignment.objects.filter(unit__in=[province.yt, province.commune], active=True).exists()
    mail.outbox.clear()
    out = io.StringIO()
    eve = new_due - dt.timedelta(days=1)
    call_command("remind", "--as-of", eve.isoformat(), "--no-digest", stdout=out)
    assert "1 thông báo sắp đến hạn, 0 thông báo quá hạn" in out.getvalue()
    assert len(mail.outbox) == 1
    soon = mail.outbox[0]
    assert soon.to == [people.donvi.email]
    assert soon.subject.startswith(f"[chidao] Sắp đến hạn {d(new_due)}: {BUDGET_TASK}")
    assert f"Nhiệm vụ: {' '.join(budget.title.split())}" in soon.body
    assert f"Thời hạn: {d(new_due)}" in soon.body
    assert "Tiến độ đã báo cáo: 40%" in soon.body
    assert f"/tasks/{budget.uuid}/" in soon.body

    call_command("remind", "--as-of", eve.isoformat(), "--no-digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # nobody is told twice

    late = new_due + dt.timedelta(days=1)
    call_command("remind", "--as-of", late.isoformat(), "--digest", stdout=io.StringIO())
    by_person = {m.to[0]: m for m in mail.outbox[1:]}
    assert set(by_person) == {people.donvi.email, people.thuongtruc.email}
    overdue = by_person[people.donvi.email]
    assert overdue.subject.startswith(f"[chidao] Quá hạn từ {d(new_due)}: {BUDGET_TASK}")
    assert f"Thời hạn: {d(new_due)}" in overdue.body  # judged against the approved date
    digest = by_person[people.thuongtruc.email]
    assert "Sở Tài chính: 1 nhiệm vụ quá hạn" in digest.body
    assert f"(hạn {d(new_due)}, " in digest.body
    assert not any(set(m.to) & set(others) for m in mail.outbox)
