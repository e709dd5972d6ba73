"""The live demo province: directives of the last two years and the work they set going.

`load(province, today)` files the directives of `demo_docs/` as documents, publishes their
tasks through `chidao.documents.services.publish` (so assignments, successions and the
"new task" notifications are the product's own), then writes what two years of follow-up
leave behind — progress updates, completions on time and late, periods of recurring
reports met and missed, comments, a pending extension request — and runs the day's
reminders. Everything is dated relative to `today`, so the province always looks current:
work due next week, work overdue, a streak of monthly reports.

Idempotent: a document already filed (same number) is skipped with everything it carries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chidao.core import audit
from chidao.core.queries import workday_calendar
from chidao.core.workdays import WorkdayCalendar
from chidao.documents.choices import DocumentKind, DocumentStatus, SignatureForm
from chidao.documents.models import Document
from chidao.notifications.models import Notification
from chidao.tasks.choices import AssignmentRole, Frequency, Pillar, TaskSource, TaskState
from chidao.tasks.models import (
    Assignment,
    Comment,
    OccurrenceReport,
    ProgressUpdate,
    Task,
    TaskMention,
)
from chidao.tasks.services import refresh_list_columns
from chidao.units.models import Unit, UnitGroup

DOCS_DIR = Path(__file__).with_name("demo_docs")

ON_TIME, LATE, OPEN, OVERDUE, MIXED = "on_time", "late", "open", "overdue", "mixed"


@dataclass(frozen=True)
class TaskSpec:
    """One task of a demo directive.

    `anchor` is the start of the quoted passage (the quote runs to the end of its line);
    `lead`/`support` are catalogue keys of units or ``group:<key>``; `due` names one of the
    document's deadlines. `outcome` says how the units fared: on_time, late, open (not due
    yet), overdue, or mixed (a group's members differ).
    """

    anchor: str
    title: str
    lead: tuple[str, ...]
    support: tuple[str, ...] = ()
    due: str = ""
    outcome: str = OPEN
    progress: int = 0
    pillar: str = Pillar.NONE
    freq: str = ""
    day: int | None = None
    recurrence_text: str = ""
    ongoing: bool = False


@dataclass(frozen=True)
class DocSpec:
    """A demo directive: its file, metadata, deadlines and tasks.

    `issued` and the `deadlines` are days relative to the day the demo is loaded, or fixed
    dates for the real 2024 directive whose text names its own.
    """

    file: str
    kind: str
    number: str
    issued: int | dt.date
    title: str
    signer: str
    signer_title: str
    signature_form: str
    tasks: tuple[TaskSpec, ...]
    deadlines: dict[str, int | dt.date] = field(default_factory=dict)
    meeting: int | None = None


DOCS: tuple[DocSpec, ...] = (
    DocSpec(
        file="langson-tb-2024.txt",
        kind=DocumentKind.TB,
        number="12/TB-UBND",
        issued=dt.date(2024, 1, 15),
        meeting=None,
        title=(
            "Kết luận của đồng chí Dương Xuân Huyền, Phó Chủ tịch Thường trực UBND tỉnh tại "
            "Hội nghị tổng kết công tác chuyển đổi số năm 2023 và sơ kết 02 năm triển khai "
            "thực hiện Đề án 06 trên địa bàn tỉnh; phương hướng, nhiệm vụ trọng tâm năm 2024"
        ),
        signer="Phạm Hùng Trường",
        signer_title="Chánh Văn phòng",
        signature_form=SignatureForm.TL,
        deadlines={
            "l1": dt.date(2024, 3, 29),
            "l2": dt.date(2024, 6, 28),
            "l4": dt.date(2024, 12, 31),
        },
        tasks=(
            TaskSpec(
                "Sở Thông tin và Truyền thông khẩn trương xây dựng",
                "Xây dựng, trình ban hành Kế hoạch hoạt động của Ban Chỉ đạo chuyển đổi số "
                "tỉnh năm 2024",
                ("so-tttt",),
                due="l1",
                outcome=ON_TIME,
                pillar=Pillar.INSTITUTIONS,
            ),
            TaskSpec(
                "Giao Sở Thông tin và Truyền thông chỉ đạo tổ chức đo",
                "Đo và lập danh sách các điểm mạng viễn thông di động có tốc độ chậm; yêu cầu "
                "doanh nghiệp viễn thông có phương án khắc phục",
                ("so-tttt",),
                support=("viettel-tinh", "vnpt-tinh"),
                due="l2",
                outcome=LATE,
                pillar=Pillar.INFRASTRUCTURE,
            ),
            TaskSpec(
                "Các sở, ban, ngành, UBND các huyện, thành phố chủ động rà soát",
                "Rà soát, đánh giá thực trạng triển khai các nhiệm vụ Đề án 06 tại cơ quan, "
                "đơn vị, địa phương",
                ("group:so-nganh", "group:ubnd-huyen"),
                outcome=OPEN,
                progress=60,
                ongoing=True,
                pillar=Pillar.GOVERNMENT,
            ),
            TaskSpec(
                "Rà soát, đẩy nhanh tiến độ thực hiện các dự án",
                "Rà soát, đẩy nhanh tiến độ các dự án ứng dụng công nghệ thông tin sử dụng vốn "
                "ngân sách nhà nước",
                ("so-tc",),
                due="l4",
                outcome=LATE,
                pillar=Pillar.GOVERNMENT,
            ),
        ),
    ),
    DocSpec(
        file="kh-cds.txt",
        kind=DocumentKind.KH,
        number="45/KH-BCĐ",
        issued=-330,
        title="Kế hoạch chuyển đổi số tỉnh Lạng Sơn",
        signer="Đoàn Thu Hà",
        signer_title="Phó Trưởng Ban",
        signature_form=SignatureForm.KT,
        deadlines={"a1": -200, "a2": -150, "a3": -20, "a4": 6, "a7": 38},
        tasks=(
            TaskSpec(
                "1.1. Sở Khoa học và Công nghệ chủ trì",
                "Xây dựng, trình ban hành Kiến trúc Chính quyền số tỉnh phiên bản 4.0",
                ("so-khcn",),
                support=("so-tc",),
                due="a1",
                outcome=ON_TIME,
                pillar=Pillar.GOVERNMENT,
            ),
            TaskSpec(
                "1.2. Sở Tài chính tham mưu bố trí kinh phí",
                "Tham mưu bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số của năm",
                ("so-tc",),
                due="a2",
                outcome=LATE,
                pillar=Pillar.INSTITUTIONS,
            ),
            TaskSpec(
                "1.3. Sở Nội vụ chủ trì",
                "Triển khai Nền tảng đánh giá cán bộ, công chức, viên chức trên môi trường số",
                ("so-nv",),
                support=("so-khcn",),
                due="a3",
                outcome=OVERDUE,
                progress=70,
                pillar=Pillar.HUMAN,
            ),
            TaskSpec(
                "2.1. Công an tỉnh chủ trì",
                "Làm sạch dữ liệu hộ tịch, đồng bộ với Cơ sở dữ liệu quốc gia về dân cư",
                ("ca-tinh",),
                support=("group:ubnd-xa",),
                due="a4",
                outcome=OPEN,
                progress=80,
                pillar=Pillar.PLATFORMS,
            ),
            TaskSpec(
                "3.1. Sở Khoa học và Công nghệ chủ trì",
                "Xoá thôn trắng sóng, nâng chất lượng phủ sóng di động tại các thôn sóng yếu",
                ("so-khcn",),
                support=("vnpt-tinh", "viettel-tinh"),
                due="a7",
                outcome=OPEN,
                progress=45,
                pillar=Pillar.INFRASTRUCTURE,
            ),
            TaskSpec(
                "1. Sở Tài chính, Sở Y tế, Sở Giáo dục và Đào tạo báo cáo",
                "Báo cáo kết quả thực hiện chuyển đổi số của ngành hằng tháng",
                ("so-tc", "so-yt", "so-gddt"),
                freq=Frequency.MONTHLY,
                day=20,
                recurrence_text="Hằng tháng, trước ngày 20",
                pillar=Pillar.GOVERNMENT,
            ),
            TaskSpec(
                "2. UBND các xã, phường báo cáo",
                "Báo cáo kết quả chuyển đổi số cấp xã hằng quý",
                ("group:ubnd-xa",),
                freq=Frequency.QUARTERLY,
                day=15,
                recurrence_text="Hằng quý, trước ngày 15 tháng cuối quý",
                pillar=Pillar.GOVERNMENT,
            ),
        ),
    ),
    DocSpec(
        file="tb-bcd.txt",
        kind=DocumentKind.TB,
        number="218/TB-UBND",
        issued=-60,
        meeting=-64,
        title=(
            "Kết luận của Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chuyển đổi số tỉnh tại phiên "
            "họp quý của Ban Chỉ đạo"
        ),
        signer="Nguyễn Văn Khánh",
        signer_title="Chánh Văn phòng",
        signature_form=SignatureForm.TL,
        deadlines={"b1": 3, "b2": 9, "b3": -12, "b4": -5, "b5": -30, "b6": 12},
        tasks=(
            TaskSpec(
                "a) Sở Tài chính rà soát",
                "Rà soát, đề xuất phương án bố trí nguồn vốn cho các dự án chuyển đổi số "
                "chuyển tiếp",
                ("so-tc",),
                due="b1",
                outcome=OPEN,
                progress=50,
                pillar=Pillar.INSTITUTIONS,
            ),
            TaskSpec(
                "b) Trung tâm Phục vụ hành chính công tỉnh chủ trì",
                "Nâng tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%",
                ("ttpvhcc",),
                support=("so-khcn",),
                due="b2",
                outcome=OPEN,
                progress=65,
                pillar=Pillar.GOVERNMENT,
            ),
            TaskSpec(
                "c) Sở Tài chính chủ trì",
                "Triển khai thanh toán không dùng tiền mặt trong thu phí, lệ phí giải quyết "
                "thủ tục hành chính",
                ("so-tc",),
                support=("so-khcn",),
                due="b3",
                outcome=OVERDUE,
                progress=75,
                pillar=Pillar.ECONOMY,
            ),
            TaskSpec(
                "d) UBND các xã, phường kiện toàn",
                "Kiện toàn, ra mắt Tổ công nghệ số cộng đồng tại 100% thôn, khối phố",
                ("group:ubnd-xa",),
                due="b4",
                outcome=MIXED,
                pillar=Pillar.SOCIETY,
            ),
            TaskSpec(
                "đ) Sở Y tế triển khai",
                "Triển khai sổ sức khoẻ điện tử trên ứng dụng VNeID",
                ("so-yt",),
                due="b5",
                outcome=LATE,
                pillar=Pillar.SOCIETY,
            ),
            TaskSpec(
                "e) Các thành viên Ban Chỉ đạo rà soát",
                "Rà soát, báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số của ngành, lĩnh vực "
                "phụ trách",
                ("group:bcd-members",),
                due="b6",
                outcome=OPEN,
                progress=40,
                pillar=Pillar.GOVERNMENT,
            ),
        ),
    ),
    DocSpec(
        file="cv-de-an-06.txt",
        kind=DocumentKind.CV,
        number="1987/UBND-KGVX",
        issued=-20,
        title="Đẩy mạnh triển khai Đề án 06 những tháng cuối năm",
        signer="Đoàn Thu Hà",
        signer_title="Phó Chủ tịch",
        signature_form=SignatureForm.KT,
        deadlines={"c1": 10, "c2": 16, "c3": 2},
        tasks=(
            TaskSpec(
                "1. Công an tỉnh hướng dẫn",
                "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức độ 2",
                ("ca-tinh",),
                due="c1",
                outcome=OPEN,
                progress=85,
                pillar=Pillar.PLATFORMS,
            ),
            TaskSpec(
                "2. Sở Giáo dục và Đào tạo hoàn thành",
                "Số hoá học bạ, văn bằng của học sinh, kết nối Cơ sở dữ liệu quốc gia về dân cư",
                ("so-gddt",),
                due="c2",
                outcome=OPEN,
                progress=30,
                pillar=Pillar.PLATFORMS,
            ),
            TaskSpec(
                "3. Sở Tài chính cung cấp",
                "Cung cấp số liệu giải ngân vốn cho các nhiệm vụ chuyển đổi số",
                ("so-tc",),
                due="c3",
                outcome=OPEN,
                progress=20,
                pillar=Pillar.GOVERNMENT,
            ),
        ),
    ),
)

NARRATIVES = (
    "Đã giao phòng chuyên môn chủ trì, xây dựng dự thảo và lấy ý kiến các đơn vị liên quan.",
    "Đã tổ chức họp với các đơn vị phối hợp, thống nhất lộ trình và phân công cụ thể.",
    "Đang tổng hợp ý kiến góp ý, hoàn thiện hồ sơ trình lãnh đạo xem xét.",
    "Đã hoàn thành khảo sát thực trạng; một số địa bàn vùng sâu còn khó khăn về hạ tầng.",
    "Đã triển khai thí điểm tại 03 đơn vị; kết quả bước đầu đạt yêu cầu.",
    "Vướng mắc về kinh phí; đã báo cáo, đề xuất bổ sung trong đợt điều chỉnh dự toán.",
)
DONE_NARRATIVE = "Đã hoàn thành nhiệm vụ; gửi kèm báo cáo kết quả và văn bản ban hành."


@dataclass
class DemoCounts:
    documents: int = 0
    tasks: int = 0
    assignments: int = 0
    updates: int = 0
    occurrences: int = 0
    reports: int = 0
    comments: int = 0
    extensions: int = 0
    notifications: int = 0

    def summary(self) -> str:
        if not self.documents:
            return "Dữ liệu mẫu đã có sẵn (không thêm gì)."
        return (
            f"Dữ liệu mẫu: {self.documents} văn bản, {self.tasks} nhiệm vụ, "
            f"{self.assignments} phân công, {self.updates} cập nhật tiến độ, "
            f"{self.occurrences} kỳ báo cáo ({self.reports} đã báo cáo), {self.comments} ý "
            f"kiến, {self.extensions} đề nghị gia hạn, {self.notifications} thông báo."
        )


def _day(value: int | dt.date, today: dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else today + dt.timedelta(days=value)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Loader:
    def __init__(self, province: Unit, today: dt.date) -> None:
        self.province = province
        self.today = today
        self.cal: WorkdayCalendar = workday_calendar()
        self.counts = DemoCounts()
        User = get_user_model()
        self.secretariat = User.objects.filter(username="thuongtruc").first()
        self.leader = User.objects.filter(username="lanhdao").first()
        # The demo officer of each unit, as the author of its reports.
        self.officer_of = {
            u.unit_id: u for u in User.objects.filter(role="officer", unit__isnull=False)
        }
        self.groups = {g.key: g for g in UnitGroup.objects.filter(province=province)}

    # -- documents ------------------------------------------------------------------------

    def text_of(self, spec: DocSpec, issued: dt.date) -> str:
        raw = (DOCS_DIR / spec.file).read_text(encoding="utf-8")
        values = {
            "ngay": f"{issued.day:02d}",
            "thang": f"{issued.month:02d}",
            "nam": str(issued.year),
            # A year's plan is issued late in the year before it.
            "nam_ke_hoach": str((issued + dt.timedelta(days=45)).year),
        }
        if spec.meeting is not None:
            values["ngay_hop"] = f"{_day(spec.meeting, self.today):%d/%m/%Y}"
        for key in spec.deadlines:
            values[f"han_{key}"] = f"{self.deadline(spec, key):%d/%m/%Y}"
        return string.Template(raw).safe_substitute(values)

    def deadline(self, spec: DocSpec, key: str) -> dt.date:
        return self.cal.roll_forward(_day(spec.deadlines[key], self.today))

    def unit(self, key: str, on: dt.date) -> Unit | None:
        return (
            Unit.objects.valid_on(on)
            .filter(province=self.province, catalogue_key=key)
            .order_by("pk")
            .first()
        )

    def load_document(self, spec: DocSpec) -> None:
        issued = _day(spec.issued, self.today)
        text = self.text_of(spec, issued)
        data = text.encode("utf-8")
        doc = Document(
            province=self.province,
            kind=spec.kind,
            number=spec.number,
            issued_on=issued,
            issuer=self.province.name.replace("Tỉnh", "UBND tỉnh"),
            signer=spec.signer,
            signer_title=spec.signer_title,
            signature_form=spec.signature_form,
            title=spec.title,
            meeting_date=_day(spec.meeting, self.today) if spec.meeting is not None else None,
            status=DocumentStatus.EXTRACTED,
            file_name=spec.file,
            file_size=len(data),
            file_sha256=hashlib.sha256(data).hexdigest(),
            text=text,
            progress=100,
            uploaded_by=self.secretariat,
        )
        doc.file.save(spec.file, ContentFile(data), save=False)
        doc.save()
        tasks = [self.draft_task(doc, spec, n, t) for n, t in enumerate(spec.tasks, start=1)]
        last_note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.publish(doc)
        published = _at(issued + dt.timedelta(days=2), 15)
        Document.objects.filter(pk=doc.pk).update(created_at=_at(issued), published_at=published)
        # The "new task" notices went out when it was published; older ones have been read.
        notices = Notification.objects.filter(pk__gt=last_note or 0)
        if issued < self.today - dt.timedelta(days=30):
            notices.update(created_at=published, read_at=published + dt.timedelta(days=1))
        else:
            notices.update(created_at=published)
        Task.objects.filter(document=doc).update(created_at=_at(issued))
        self.counts.documents += 1
        self.counts.tasks += len(tasks)
        for task, t in zip(tasks, spec.tasks, strict=True):
            task.refresh_from_db()
            self.follow_up(task, t, issued)

    def draft_task(self, doc: Document, spec: DocSpec, order: int, t: TaskSpec) -> Task:
        start = doc.text.find(t.anchor)
        end = doc.text.find("\n", start) if start >= 0 else -1
        due = self.deadline(spec, t.due) if t.due in spec.deadlines else None
        task = Task.objects.create(
            province=self.province,
            document=doc,
            order=order,
            source=TaskSource.EXTRACTED,
            quote=doc.text[start:end] if start >= 0 else "",
            quote_start=start if start >= 0 else None,
            quote_end=end if start >= 0 else None,
            title=t.title,
            pillar=t.pillar,
            due_date=due,
            due_text=f"trước ngày {due:%d/%m/%Y}" if due else "",
            recurrence_freq=t.freq,
            recurrence_day=t.day,
            recurrence_text=t.recurrence_text,
            ongoing=t.ongoing,
            state=TaskState.DRAFT,
        )
        assert doc.issued_on is not None
        for role, keys in ((AssignmentRole.LEAD, t.lead), (AssignmentRole.SUPPORT, t.support)):
            for i, key in enumerate(keys):
                if key.startswith("group:"):
                    group = self.groups[key.removeprefix("group:")]
                    TaskMention.objects.create(
                        task=task,
                        role=role,
                        mention=group.name,
                        name=group.name,
                        group=group,
                        order=i,
                    )
                else:
                    unit = self.unit(key, doc.issued_on)
                    if unit is None:
                        continue
                    TaskMention.objects.create(
                        task=task,
                        role=role,
                        mention=unit.name,
                        name=unit.name,
                        unit=unit,
                        order=i,
                    )
        return task

    def publish(self, doc: Document) -> None:
        # The product's own publishing: opens the tasks, creates the assignments (passing a
        # ceased unit's share to its successors) and tells the units' officers.
        from chidao.documents.services import publish

        publish(self.secretariat, doc, via="cli", today=self.today)

    # -- follow-up ------------------------------------------------------------------------

    def follow_up(self, task: Task, t: TaskSpec, issued: dt.date) -> None:
        active = list(
            task.assignments.filter(active=True).select_related("unit").order_by("unit__name")
        )
        self.counts.assignments += task.assignments.count()
        if t.freq:
            self.recurring(task, active)
            return
        updates: list[ProgressUpdate] = []
        for i, a in enumerate(active):
            outcome = t.outcome
            if outcome == MIXED and a.unit_id in self.officer_of:
                outcome = OVERDUE  # the demo commune is among the late ones
            elif outcome == MIXED:
                outcome = (ON_TIME, LATE, OVERDUE, ON_TIME)[i % 4]
            elif outcome == OVERDUE and a.role == AssignmentRole.SUPPORT:
                outcome = ON_TIME  # the co-unit did its share: the lead is the late one
            updates += self.progress(a, outcome, t.progress, issued)
        # auto_now_add stamps the rows (and the objects) with now on insert; they happened
        # over the past months, so the intended times are put back afterwards.
        stamps = [u.created_at for u in updates]
        ProgressUpdate.objects.bulk_create(updates)
        for update, stamp in zip(updates, stamps, strict=True):
            update.created_at = stamp
        ProgressUpdate.objects.bulk_update(updates, ["created_at"])
        Assignment.objects.bulk_update(active, ["progress", "completed_on", "last_update_at"])
        refresh_list_columns([task.pk])  # bulk_update bypasses the services
        self.counts.updates += len(updates)

    def progress(
        self, a: Assignment, outcome: str, percent: int, issued: dt.date
    ) -> list[ProgressUpdate]:
        due = a.due_date
        yesterday = self.today - dt.timedelta(days=1)
        completed: dt.date | None = None
        if outcome == ON_TIME and due is not None:
            completed = min(self.cal.add_workdays(due, -2), yesterday)
        elif outcome == LATE and due is not None:
            completed = min(self.cal.add_workdays(due, 8), yesterday)
        elif outcome == OVERDUE:
            percent = percent or 40
        completed = max(completed, issued + dt.timedelta(days=3)) if completed else None
        end = completed or yesterday
        if completed:
            steps = [30, 70, 100]
        else:
            steps = sorted({p for p in (min(30, percent), percent) if p > 0})
        span = max((end - issued).days, len(steps) + 1)
        author = self.officer_of.get(a.unit_id)
        rows = []
        for k, p in enumerate(steps, start=1):
            day = issued + dt.timedelta(days=span * k // len(steps))
            done = completed is not None and p == 100
            rows.append(
                ProgressUpdate(
                    assignment=a,
                    author=author,
                    percent=p,
                    narrative=DONE_NARRATIVE if done else NARRATIVES[(a.pk + k) % len(NARRATIVES)],
                    completed=done,
                    created_at=_at(min(day, end), 10 + k),
                )
            )
        a.progress = 100 if completed else (steps[-1] if steps else 0)
        a.completed_on = completed
        a.last_update_at = rows[-1].created_at if rows else None
        return rows

    def recurring(self, task: Task, active: Sequence[Assignment]) -> None:
        from chidao.tasks.recurrence import ensure_occurrences

        # Up to a month ahead, so that the coming period shows as pending.
        self.counts.occurrences += ensure_occurrences(
            task, self.today + dt.timedelta(days=31), calendar=self.cal
        )
        past = list(task.occurrences.filter(due_date__lt=self.today).order_by("-due_date"))
        reports = []
        # The demo accounts' units first: they get the streak of periods met.
        ordered = sorted(active, key=lambda a: (a.unit_id not in self.officer_of, a.unit.name))
        for u, a in enumerate(ordered):
            author = self.officer_of.get(a.unit_id)
            for j, occ in enumerate(past):  # j = 0 is the latest period
                fate = _fate(u, j)
                if fate == "missed":
                    continue
                shift = -2 if fate == "met" else 4
                done = max(occ.period_start, occ.due_date + dt.timedelta(days=shift))
                reports.append(
                    OccurrenceReport(
                        occurrence=occ,
                        assignment=a,
                        completed_on=min(done, self.today - dt.timedelta(days=1)),
                        note=f"Báo cáo {occ.label.lower()} của {a.unit.name}.",
                        reported_by=author,
                    )
                )
        OccurrenceReport.objects.bulk_create(reports, batch_size=500)
        self.counts.reports += len(reports)

    # -- talk around the tasks ------------------------------------------------------------

    def conversation(self) -> None:
        """Comments and a pending extension on Sở Tài chính's overdue task, a leader's
        remark on Sở Nội vụ's."""
        from chidao.tasks import services

        late_tc = self.assignment("218/TB-UBND", "so-tc", "thanh toán không dùng tiền mặt")
        late_nv = self.assignment("45/KH-BCĐ", "so-nv", "Nền tảng đánh giá")
        donvi = self.officer_of.get(late_tc.unit_id) if late_tc else None
        talk: list[tuple[Any, Task, str, int]] = []
        if late_tc is not None:
            talk += [
                (
                    self.leader,
                    late_tc.task,
                    "Đề nghị Sở Tài chính khẩn trương hoàn thành, báo cáo tại phiên họp tới "
                    "của Ban Chỉ đạo.",
                    6,
                ),
                (
                    self.secretariat,
                    late_tc.task,
                    "Cơ quan thường trực đã có văn bản đôn đốc lần 2.",
                    4,
                ),
            ]
            if donvi is not None:
                talk.append(
                    (
                        donvi,
                        late_tc.task,
                        "Sở đã hoàn thành kết nối với 2 ngân hàng; còn chờ nâng cấp phần mềm "
                        "một cửa điện tử của các xã.",
                        3,
                    )
                )
        if late_nv is not None:
            talk.append(
                (
                    self.leader,
                    late_nv.task,
                    "Sở Nội vụ cần báo cáo rõ nguyên nhân chậm và mốc hoàn thành mới.",
                    2,
                )
            )
        for author, task, body, days_ago in talk:
            if author is None:
                continue
            comment = services.add_comment(author, task, body, via="cli")
            Comment.objects.filter(pk=comment.pk).update(
                created_at=_at(self.today - dt.timedelta(days=days_ago), 14)
            )
            self.counts.comments += 1
        if late_tc is not None and donvi is not None:
            services.request_extension(
                donvi,
                late_tc,
                new_due_date=self.cal.roll_forward(self.today + dt.timedelta(days=21)),
                reason=(
                    "Phần mềm một cửa điện tử cấp xã đang được nâng cấp theo lộ trình của nhà "
                    "cung cấp; đề nghị gia hạn để hoàn thành kết nối thanh toán tại 100% xã."
                ),
                via="cli",
            )
            self.counts.extensions += 1

    def assignment(self, number: str, key: str, words: str) -> Assignment | None:
        return (
            Assignment.objects.filter(
                active=True,
                task__document__province=self.province,
                task__document__number=number,
                task__title__contains=words,
                unit__catalogue_key=key,
            )
            .select_related("task", "unit")
            .first()
        )


def _fate(unit_index: int, j: int) -> str:
    """How a unit fared in the period `j` back from the latest: a recent streak of periods
    met for the first unit, a missed latest period for the second, a late one here and
    there for the others."""
    if unit_index == 0:
        return "missed" if j == 4 else "late" if j == 7 else "met"
    if unit_index % 5 == 1:
        return "missed" if j == 0 else "late" if j == 1 else "met"
    if unit_index % 7 == 3:
        return "missed" if j in (0, 1) else "met"
    return "late" if j == 2 else "met"


def load(province: Unit, today: dt.date | None = None) -> DemoCounts:
    """File the demo directives into `province` and bring their follow-up up to `today`
    (default: today); returns what was created. Runs the day's reminders afterwards."""
    from chidao.notifications import reminders

    today = today or timezone.localdate()
    loader = _Loader(province, today)
    before = Notification.objects.count()
    with transaction.atomic():
        taken = set(
            Document.objects.filter(
                province=province, number__in=[d.number for d in DOCS]
            ).values_list("number", flat=True)
        )
        for spec in DOCS:
            if spec.number in taken:
                continue
            loader.load_document(spec)
        if loader.counts.documents:
            loader.conversation()
            audit.record(
                None,
                "demo.load",
                province,
                after={k: v for k, v in vars(loader.counts).items()},
                via="cli",
            )
    reminders.send_daily(today)
    reminders.send_weekly_digest(today)
    loader.counts.notifications = Notification.objects.count() - before
    return loader.counts
