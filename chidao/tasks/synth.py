"""Synthetic directives and the work they set, for benchmarks (`chidao synth`).

Per synthetic province, at the `province` scale of DESIGN.md: 2,000 documents over five
years, 50,000 tasks, 200,000 assignments (a lead and three co-units each) and 1,000,000
progress updates — a mix of work done on time, done late, open and overdue as of today.
Rows are inserted with `bulk_create` in batches, generated a slice at a time so memory stays
flat. Synthetic documents carry numbers ending in ``-SYN``; a province that already has
them is skipped, so a rerun adds nothing (the run is one transaction per domain: a failed
run leaves nothing half made).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from chidao.core.text import fold
from chidao.documents.choices import DocumentKind, DocumentStatus
from chidao.documents.models import Document
from chidao.tasks.choices import AssignmentRole, Pillar, TaskSource, TaskState
from chidao.tasks.models import Assignment, ProgressUpdate, Task
from chidao.tasks.services import refresh_list_columns
from chidao.units.choices import UnitKind
from chidao.units.models import Unit

if TYPE_CHECKING:
    from chidao.units.synth import Scale

# chidao.units.synth registers this module's generator in its DOMAINS, so its helpers are
# imported where used, not at module level.
BATCH_SIZE = 1000

SYNTH_SUFFIX = "-SYN"
#: Tasks (with their assignments and updates) generated and inserted per slice.
TASKS_PER_SLICE = 1000


@dataclass(frozen=True, slots=True)
class Volume:
    """How much task data one province gets."""

    documents: int
    tasks_per_document: int
    units_per_task: int
    updates_per_assignment: int


VOLUMES: dict[str, Volume] = {
    "demo": Volume(documents=20, tasks_per_document=10, units_per_task=4, updates_per_assignment=5),
    "province": Volume(2000, 25, 4, 5),
    "national": Volume(2000, 25, 4, 5),
}

_KINDS = (DocumentKind.TB, DocumentKind.KH, DocumentKind.QD, DocumentKind.CV, DocumentKind.CT)
_VERBS = (
    "Triển khai",
    "Xây dựng",
    "Hoàn thành",
    "Rà soát",
    "Tham mưu",
    "Đẩy mạnh",
    "Tổ chức",
    "Nâng cấp",
    "Số hoá",
    "Kết nối",
)
_OBJECTS = (
    "hệ thống thông tin giải quyết thủ tục hành chính",
    "cơ sở dữ liệu chuyên ngành",
    "nền tảng chia sẻ, tích hợp dữ liệu",
    "dịch vụ công trực tuyến toàn trình",
    "hạ tầng mạng di động 4G, 5G",
    "chữ ký số cho cán bộ, công chức",
    "hồ sơ, kết quả giải quyết thủ tục hành chính",
    "tổ công nghệ số cộng đồng",
    "phương án bảo đảm an toàn thông tin theo cấp độ",
    "thanh toán không dùng tiền mặt",
    "kế hoạch chuyển đổi số của đơn vị",
    "báo cáo chỉ số chuyển đổi số DTI",
)
_NARRATIVES = (
    "Đã giao phòng chuyên môn triển khai.",
    "Đã xây dựng dự thảo, đang lấy ý kiến.",
    "Đang phối hợp với doanh nghiệp triển khai.",
    "Đã hoàn thành khảo sát, đang tổng hợp.",
    "Vướng mắc kinh phí, đã đề xuất bổ sung.",
    "",
)
_PILLARS = [p for p in Pillar.values if p]


@contextlib.contextmanager
def _keep_given_created_at() -> Iterator[None]:
    """Let bulk_create store the `created_at` we give progress updates (auto_now_add would
    stamp every one of a million rows with the same instant)."""
    field = ProgressUpdate._meta.get_field("created_at")
    saved = field.auto_now_add
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = saved


def synth_tasks(plan: Scale, rng: random.Random) -> dict[str, int]:
    """Documents, tasks, assignments and progress updates for every synthetic province
    without them. Returns counts created by kind."""
    from chidao.units.synth import synthetic_units

    volume = VOLUMES.get(plan.name, VOLUMES["demo"])
    counts = {"document": 0, "task": 0, "assignment": 0, "update": 0}
    for province in synthetic_units(UnitKind.PROVINCE).order_by("code"):
        if Document.objects.filter(province=province, number__endswith=SYNTH_SUFFIX).exists():
            continue
        with _keep_given_created_at():
            made = _province(province, volume, rng)
        for kind, n in made.items():
            counts[kind] += n
    return counts


def _province(province: Unit, volume: Volume, rng: random.Random) -> dict[str, int]:
    from chidao.units.synth import synthetic_units

    today = timezone.localdate()
    first_day = today - dt.timedelta(days=5 * 365)
    units = list(
        synthetic_units()
        .filter(province=province)
        .exclude(kind=UnitKind.PROVINCE)
        .values_list("pk", flat=True)
    )
    officers: dict[int, list[int]] = defaultdict(list)
    from django.contrib.auth import get_user_model

    for pk, unit_id in (
        get_user_model()
        .objects.filter(unit_id__in=units, username__startswith="synth-")
        .values_list("pk", "unit_id")
    ):
        officers[unit_id].append(pk)

    docs = []
    for n in range(1, volume.documents + 1):
        issued = first_day + dt.timedelta(days=rng.randrange(5 * 365))
        kind = rng.choice(_KINDS)
        docs.append(
            Document(
                province_id=province.pk,
                kind=kind,
                number=f"{n}/{kind}{SYNTH_SUFFIX}",
                issued_on=issued,
                issuer="UBND tỉnh",
                title=f"Văn bản chỉ đạo tổng hợp số {n} về chuyển đổi số",
                status=DocumentStatus.PUBLISHED,
                text="",
                search_text=fold(f"{n}/{kind}{SYNTH_SUFFIX} van ban chi dao tong hop so {n}"),
            )
        )
    Document.objects.bulk_create(docs, batch_size=BATCH_SIZE)
    counts = {"document": len(docs), "task": 0, "assignment": 0, "update": 0}

    pending: list[Task] = []
    for doc in docs:
        assert doc.issued_on is not None
        for order in range(1, volume.tasks_per_document + 1):
            title = (
                f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (văn bản {doc.number}, mục {order})"
            )
            due = doc.issued_on + dt.timedelta(days=rng.randrange(20, 400))
            pending.append(
                Task(
                    province_id=province.pk,
                    document=doc,
                    order=order,
                    source=TaskSource.EXTRACTED,
                    title=title,
                    search_text=fold(title),
                    pillar=rng.choice(_PILLARS),
                    due_date=due,
                    original_due_date=due,
                    due_text=f"trước ngày {due:%d/%m/%Y}",
                    state=TaskState.OPEN,
                )
            )
            if len(pending) >= TASKS_PER_SLICE:
                _slice(pending, units, officers, volume, rng, today, counts)
                pending = []
    if pending:
        _slice(pending, units, officers, volume, rng, today, counts)
    return counts


def _slice(
    tasks: list[Task],
    units: list[int],
    officers: dict[int, list[int]],
    volume: Volume,
    rng: random.Random,
    today: dt.date,
    counts: dict[str, int],
) -> None:
    """Insert one slice of tasks with their assignments and updates."""
    Task.objects.bulk_create(tasks, batch_size=BATCH_SIZE)
    tz = timezone.get_current_timezone()
    assignments: list[Assignment] = []
    for task in tasks:
        assert task.due_date is not None
        for i, unit_id in enumerate(rng.sample(units, volume.units_per_task)):
            fate = rng.random()
            completed: dt.date | None = None
            if fate < 0.45:  # done on time
                completed = task.due_date - dt.timedelta(days=rng.randrange(0, 30))
            elif fate < 0.6:  # done late
                completed = task.due_date + dt.timedelta(days=rng.randrange(1, 60))
            if completed is not None and completed >= today:
                completed = None
            progress = 100 if completed else rng.choice((0, 20, 40, 60, 80, 90))
            last = min(completed or today, today)
            assignments.append(
                Assignment(
                    task=task,
                    unit_id=unit_id,
                    role=AssignmentRole.LEAD if i == 0 else AssignmentRole.SUPPORT,
                    due_date=task.due_date,
                    original_due_date=task.due_date,
                    progress=progress,
                    completed_on=completed,
                    last_update_at=dt.datetime.combine(
                        last, dt.time(9 + volume.updates_per_assignment), tzinfo=tz
                    ),
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE)
    updates: list[ProgressUpdate] = []
    for a in assignments:
        assert a.task.document is not None
        assert a.task.document.issued_on is not None
        start = a.task.document.issued_on
        end = min(a.completed_on or today, today)
        span = max((end - start).days, 1)
        authors: list[int | None] = [*officers.get(a.unit_id, [])] or [None]
        n = volume.updates_per_assignment
        for k in range(1, n + 1):
            day = start + dt.timedelta(days=span * k // n)
            done = a.completed_on is not None and k == n
            updates.append(
                ProgressUpdate(
                    assignment=a,
                    author_id=rng.choice(authors),
                    percent=100 if done else a.progress * k // n,
                    narrative=rng.choice(_NARRATIVES),
                    completed=done,
                    created_at=dt.datetime.combine(day, dt.time(9 + k), tzinfo=tz),
                )
            )
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH_SIZE * 2)
    # bulk_create bypasses the services: the task list's columns are recomputed here.
    refresh_list_columns(t.pk for t in tasks)
    counts["task"] += len(tasks)
    counts["assignment"] += len(assignments)
    counts["update"] += len(updates)
