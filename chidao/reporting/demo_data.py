"""The demo province's year of periodic reports (`chidao demo`).

`load(province, today)` seeds the indicator catalogue, sets two regimes — the departments'
monthly report on digital transformation and the quarterly one of the communes and
departments — with the year's targets, then writes the last 12 months and 4 quarters of
submissions up to `today`: mostly sent on time and accepted, some late, a few missing or
left in draft, one returned and corrected; the current periods still open, with drafts.
Figures come from a fixed seed, so every load tells the same story: units meeting and
missing their targets (online applications ≥ 70 %, on-time handling ≥ 95 %, officials
on the digital platforms 100 % by the end of the second quarter…).

The demo accounts' units are written through the services, as a person would: Sở Tài
chính (`donvi`) has last month's report returned with a comment and this month's draft to
fill. The rest of the history is inserted in bulk — with what the services would have left
behind (values with their first revision, events in order, `first_submitted_at` and the
late flag, the task summary) — to keep `chidao demo` fast.

Idempotent: a province that already has the demo regimes is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chidao.core import audit
from chidao.core.periods import Period, PeriodKind
from chidao.indicators import services as indicator_services
from chidao.indicators.choices import Comparator, TargetSource, ValueSource
from chidao.indicators.models import Indicator, IndicatorValue, ValueRevision
from chidao.indicators.queries import format_number
from chidao.reporting import services
from chidao.reporting.choices import (
    CutoffRule,
    Frequency,
    ReportSigner,
    SectionKind,
    SubmissionEventKind,
    SubmissionStatus,
)
from chidao.reporting.models import (
    Regime,
    RegimeSection,
    Submission,
    SubmissionEvent,
    SubmissionSection,
)
from chidao.reporting.synth import given_timestamps
from chidao.tasks.choices import AssignmentStatus, TaskState
from chidao.tasks.models import Assignment, Task
from chidao.units.models import Unit, UnitGroup

SEED = 2026
MONTHLY_NAME = "Báo cáo tình hình thực hiện chuyển đổi số hằng tháng"
QUARTERLY_NAME = "Báo cáo kết quả chuyển đổi số hằng quý"
PLAN_NUMBER = "45/KH-BCĐ"  # the demo's plan that asks for both reports
NOTICE_NUMBER = "218/TB-UBND"  # the notice that sets the 80 % online target

# Reported through the monthly report: the public service figures of QĐ 766/QĐ-TTg
# (computed indicators are given by their terms).
MONTHLY_INDICATORS = ("DVC-TL-TT", "DVC-TL-TTTT", "SH-TL", "GQ-TL", "PAKN-TL")
QUARTERLY_INDICATORS = ("DVC-TL-TT", "GQ-TL", "CB-TL", "HS-DT", "TT-TIN-BAI")

# (indicator, comparator, value, scope) for the year; scope "" is the province, "group:K"
# a group, else a unit's catalogue key. Period "Q2" targets the second quarter only.
TARGETS: tuple[tuple[str, str, str, str, str], ...] = (
    ("DVC-TL-TT", Comparator.GTE, "70", "", ""),
    ("DVC-TL-TT", Comparator.GTE, "60", "group:ubnd-xa", ""),
    ("DVC-TL-TT", Comparator.GTE, "80", "ttpvhcc", ""),
    ("DVC-TL-TTTT", Comparator.GTE, "45", "", ""),
    ("DVC-TL-TTTT", Comparator.GTE, "60", "so-tc", ""),
    ("SH-TL", Comparator.GTE, "80", "", ""),
    ("GQ-TL", Comparator.GTE, "95", "", ""),
    ("PAKN-TL", Comparator.GTE, "90", "", ""),
    ("CB-TL", Comparator.GTE, "100", "", ""),
    ("CB-TL", Comparator.GTE, "100", "", "Q2"),
    ("HS-DT", Comparator.GTE, "90", "", ""),
)

# What becomes of a unit's report for a past period.
ON_TIME, LATE, MISSING, DRAFT, RETURNED_FIXED = "on_time", "late", "missing", "draft", "fixed"

RESULT_TEXTS = (
    "Trong {period}, {unit} tiếp tục triển khai Kế hoạch chuyển đổi số năm {year}; "
    "{figures} Đơn vị đã quán triệt việc xử lý hồ sơ công việc trên môi trường mạng.",
    "{unit} đã hoàn thành các nhiệm vụ được giao trong {period}; {figures} "
    "Hệ thống quản lý văn bản và điều hành được sử dụng thường xuyên, văn bản đi được ký số.",
    "Kết quả nổi bật {period}: {figures} Đơn vị đã rà soát, cập nhật quy trình nội bộ "
    "giải quyết thủ tục hành chính trên Hệ thống thông tin giải quyết thủ tục hành chính.",
)
TROUBLE_TEXTS = (
    "Một số thủ tục hành chính có thành phần hồ sơ phức tạp, người dân còn thói quen nộp "
    "trực tiếp; đề nghị tăng cường tuyên truyền, hướng dẫn nộp hồ sơ trực tuyến.",
    "Đường truyền tại bộ phận một cửa đôi lúc chậm; đề nghị Sở Khoa học và Công nghệ phối "
    "hợp doanh nghiệp viễn thông nâng cấp.",
    "Thiếu nhân lực chuyên trách công nghệ thông tin; đề nghị bố trí kinh phí tập huấn kỹ "
    "năng số cho cán bộ, công chức.",
    "Phần mềm chuyên ngành chưa kết nối với Hệ thống thông tin giải quyết thủ tục hành "
    "chính của tỉnh, phải nhập liệu hai lần.",
    "Không có khó khăn, vướng mắc phát sinh trong kỳ.",
)
NEXT_TEXTS = (
    "Tiếp tục đẩy mạnh tiếp nhận hồ sơ trực tuyến, thanh toán trực tuyến; số hóa kết quả "
    "giải quyết thủ tục hành chính.",
    "Hoàn thành kết nối phần mềm chuyên ngành với hệ thống của tỉnh; rà soát, cập nhật dịch "
    "vụ công trực tuyến toàn trình.",
    "Tổ chức tập huấn sử dụng nền tảng số cho cán bộ mới; kiểm tra việc xử lý văn bản trên "
    "môi trường mạng.",
    "Triển khai các nhiệm vụ chuyển đổi số còn lại của năm, bảo đảm đúng tiến độ.",
)
RETURN_COMMENTS = (
    "Đề nghị đơn vị rà soát lại số giao dịch thanh toán trực tuyến (chưa khớp với số liệu "
    "trên Cổng Dịch vụ công quốc gia) và bổ sung nguyên nhân tỷ lệ thấp.",
    "Số hồ sơ tiếp nhận trực tuyến chưa khớp với Hệ thống thông tin giải quyết thủ tục hành "
    "chính của tỉnh; đề nghị kiểm tra, điều chỉnh.",
)
CORRECTION_REASON = "Điều chỉnh theo ý kiến của cơ quan thường trực (đối chiếu số liệu hệ thống)."


@dataclass
class ReportingCounts:
    """What the load created."""

    regimes: int = 0
    indicators: int = 0
    targets: int = 0
    submissions: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    drafts: int = 0
    values: int = 0
    reports: int = 0

    def summary(self) -> str:
        if not self.regimes:
            return "Báo cáo định kỳ mẫu đã có sẵn (không thêm gì)."
        return (
            f"Báo cáo định kỳ mẫu: {self.regimes} chế độ báo cáo, {self.targets} chỉ tiêu, "
            f"{self.submissions} báo cáo của đơn vị ({self.on_time} đúng hạn, {self.late} "
            f"muộn, {self.missing} không gửi, {self.drafts} đang soạn), {self.values} số "
            f"liệu chỉ số, {self.reports} báo cáo tổng hợp của tỉnh."
        )


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@dataclass
class _Profile:
    """How a unit does: `q` in [0, 1] drives its shares; `size` its volume of files."""

    q: float
    size: int
    staff: int


@dataclass
class _Planned:
    """One bulk submission with its rows, inserted together."""

    row: Submission
    answers: list[tuple[int, str]] = field(default_factory=list)
    events: list[tuple[str, dt.datetime, str]] = field(default_factory=list)
    values: list[tuple[Indicator, Decimal, Decimal | None, dt.datetime]] = field(
        default_factory=list
    )


def _clamp(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


class _Loader:
    def __init__(self, province: Unit, today: dt.date) -> None:
        self.province = province
        self.today = today
        self.rng = random.Random(SEED)  # noqa: S311  # demo figures, not secrets
        self.counts = ReportingCounts()
        User = get_user_model()
        self.secretariat = User.objects.filter(username="thuongtruc").first()
        self.officer_of = {
            u.unit_id: u for u in User.objects.filter(role="officer", unit__isnull=False)
        }
        self.groups = {g.key: g for g in UnitGroup.objects.filter(province=province)}
        self.by_code: dict[str, Indicator] = {}
        self.profiles: dict[int, _Profile] = {}
        self.monthly_figures: dict[tuple[int, str, str], Decimal] = {}
        self.assignments: dict[int, list[Assignment]] = defaultdict(list)
        for a in Assignment.objects.filter(active=True).select_related("task"):
            self.assignments[a.unit_id].append(a)

    # -- set-up -----------------------------------------------------------------------------

    def unit(self, key: str) -> Unit | None:
        return (
            Unit.objects.valid_on(self.today)
            .filter(province=self.province, catalogue_key=key)
            .order_by("pk")
            .first()
        )

    def catalogue(self) -> None:
        self.counts.indicators = indicator_services.seed_catalogue(None, via="cli")
        self.by_code = {i.code: i for i in Indicator.objects.all()}

    def regimes(self) -> tuple[Regime, Regime]:
        from chidao.documents.models import Document

        plan = Document.objects.filter(province=self.province, number=PLAN_NUMBER).first()
        monthly_task = Task.objects.filter(document=plan, recurrence_freq="monthly").first()
        quarterly_task = Task.objects.filter(document=plan, recurrence_freq="quarterly").first()
        receiver = self.unit("so-khcn")
        month = Period.containing(PeriodKind.MONTH, self.today)
        quarter = Period.containing(PeriodKind.QUARTER, self.today)
        common = {
            "province": self.province,
            "receiver": receiver,
            "cutoff_rule": CutoffRule.DECREE_09,
            "grace_days": 5,
            "document": plan,
        }
        # The departments' monthly report is the standing department's own (its deputy
        # director signs it for the committee); the quarterly one goes out in the
        # committee's name, signed by its standing deputy head.
        standing = {
            "report_signer": ReportSigner.STANDING,
            "signer_title": "Phó Giám đốc",
            "signer_name": "Nguyễn Minh Khoa",
        }
        committee = {
            "report_signer": ReportSigner.COMMITTEE,
            "signer_title": "Phó Trưởng ban thường trực",
            "signer_name": "Đoàn Thu Hà",
            "report_addressee": "Thường trực Tỉnh ủy; Ủy ban nhân dân tỉnh",
        }
        monthly = services.save_regime(
            None,
            None,
            {
                **common,
                **(standing if receiver is not None else committee),
                "name": MONTHLY_NAME,
                "content": (
                    "Kết quả thực hiện nhiệm vụ chuyển đổi số của ngành trong tháng; số liệu "
                    "dịch vụ công trực tuyến, thanh toán trực tuyến, số hóa hồ sơ, giải quyết "
                    "hồ sơ và phản ánh, kiến nghị theo Quyết định 766/QĐ-TTg; khó khăn, kiến "
                    "nghị và nhiệm vụ tháng tới."
                ),
                "group": self.groups.get("so-nganh"),
                "frequency": Frequency.MONTH,
                "due_text": "trước ngày 20 hằng tháng",
                "first_period": month.shift(-11).code,
                "task": monthly_task,
            },
            indicators=[self.by_code[c] for c in MONTHLY_INDICATORS],
            via="cli",
        )
        departments = list(
            Unit.objects.valid_on(self.today)
            .filter(province=self.province, kind="department")
            .order_by("name")
        )
        quarterly = services.save_regime(
            None,
            None,
            {
                **common,
                **committee,
                "name": QUARTERLY_NAME,
                "content": (
                    "Kết quả chuyển đổi số của đơn vị trong quý: dịch vụ công trực tuyến, "
                    "giải quyết hồ sơ đúng hạn, cán bộ sử dụng nền tảng số, văn bản ký số, "
                    "tuyên truyền; khó khăn, kiến nghị và nhiệm vụ quý tới."
                ),
                "group": self.groups.get("ubnd-xa"),
                "frequency": Frequency.QUARTER,
                "due_text": "trước ngày 15 tháng cuối quý",
                "first_period": quarter.shift(-3).code,
                "task": quarterly_task,
            },
            units=departments,
            indicators=[self.by_code[c] for c in QUARTERLY_INDICATORS],
            via="cli",
        )
        self.counts.regimes = 2
        return monthly, quarterly

    def targets(self, regimes: Sequence[Regime]) -> None:
        """The targets of every year the regimes' periods fall in (in January, last year's
        months are still on the pages)."""
        years = sorted({p.year for r in regimes for p in _periods(r, self.today)})
        for year in years:
            self.targets_of(year)

    def targets_of(self, year_number: int) -> None:
        from chidao.documents.models import Document

        year = Period.annual(year_number)
        notice = Document.objects.filter(province=self.province, number=NOTICE_NUMBER).first()
        online_task = (
            Task.objects.filter(document=notice, title__contains="trực tuyến toàn trình").first()
            if notice
            else None
        )
        for code, comparator, value, scope, only in TARGETS:
            unit = group = None
            if scope.startswith("group:"):
                group = self.groups.get(scope.removeprefix("group:"))
                if group is None:
                    continue
            elif scope:
                unit = self.unit(scope)
                if unit is None:
                    continue
            period = Period.quarterly(year_number, 2) if only == "Q2" else year
            from_notice = online_task is not None and scope == "ttpvhcc"
            indicator_services.set_target(
                None,
                indicator=self.by_code[code],
                period=period,
                value=Decimal(value),
                comparator=comparator,
                unit=unit,
                group=group,
                source=TargetSource.DOCUMENT if from_notice else TargetSource.MANUAL,
                document=notice if from_notice else None,
                task=online_task if from_notice else None,
                quote=online_task.quote if from_notice and online_task else "",
                note=f"Kế hoạch chuyển đổi số năm {year_number}",
                via="cli",
            )
            self.counts.targets += 1

    # -- figures ------------------------------------------------------------------------------

    def profile(self, unit: Unit) -> _Profile:
        found = self.profiles.get(unit.pk)
        if found is None:
            commune = unit.kind == "commune"
            size = self.rng.randint(25, 140) if commune else self.rng.randint(40, 900)
            if unit.catalogue_key == "ttpvhcc":
                size = 4000
            staff = self.rng.randint(18, 32) if commune else self.rng.randint(30, 180)
            found = _Profile(q=self.rng.uniform(0.15, 1.0), size=size, staff=staff)
            if unit.catalogue_key == "so-tc":
                found.q = 0.55  # Sở Tài chính: short of some targets, as in the story
            self.profiles[unit.pk] = found
        return found

    def _share(self, base: float, spread: float, p: _Profile, t: int, noise: float) -> float:
        return _clamp(base + spread * p.q + 0.012 * t + self.rng.gauss(0, noise), 0.02, 1.0)

    def _pair(self, den: int, share: float) -> tuple[Decimal, Decimal]:
        return Decimal(round(den * share)), Decimal(den)

    def figures(self, unit: Unit, period: Period, t: int) -> dict[str, Decimal]:
        """The reported figures of `unit` for `period`; `t` counts periods from the year's
        first, for a trend that improves over the year."""
        p = self.profile(unit)
        out: dict[str, Decimal] = {}
        months = 3 if period.kind is PeriodKind.QUARTER else 1
        monthly_parts = [m for m in Period.covering(PeriodKind.MONTH, period.start, period.end)]
        if period.kind is PeriodKind.QUARTER and all(
            (unit.pk, m.code, "DVC-HS-TONG") in self.monthly_figures for m in monthly_parts
        ):
            # A department's quarter adds up its three months (same cut-off windows).
            for code in ("DVC-HS-TONG", "DVC-HS-TT", "GQ-TONG", "GQ-DUNGHAN"):
                out[code] = sum(
                    (self.monthly_figures[(unit.pk, m.code, code)] for m in monthly_parts),
                    Decimal(0),
                )
        else:
            total = max(5, round(p.size * months * self.rng.uniform(0.8, 1.2)))
            online = self._share(0.3, 0.62, p, t, 0.04)
            out["DVC-HS-TT"], out["DVC-HS-TONG"] = self._pair(total, online)
            solved = max(3, round(total * self.rng.uniform(0.88, 1.0)))
            on_time = _clamp(0.86 + 0.14 * p.q + self.rng.gauss(0, 0.015), 0.6, 1.0)
            out["GQ-DUNGHAN"], out["GQ-TONG"] = self._pair(solved, on_time)
        if period.kind is PeriodKind.MONTH:
            total = int(out["DVC-HS-TONG"])
            payments = max(2, round(total * self.rng.uniform(0.25, 0.6)))
            out["DVC-GD-TT"], out["DVC-GD-TONG"] = self._pair(
                payments, self._share(0.15, 0.62, p, t, 0.05)
            )
            results = max(2, round(int(out["GQ-TONG"]) * self.rng.uniform(0.9, 1.0)))
            out["SH-KQ"], out["SH-KQ-TONG"] = self._pair(
                results, self._share(0.55, 0.42, p, t, 0.04)
            )
            tickets = self.rng.randint(2, 25)
            out["PAKN-DUNGHAN"], out["PAKN-TONG"] = self._pair(
                tickets, self._share(0.65, 0.33, p, t, 0.06)
            )
            for code, value in out.items():
                self.monthly_figures[(unit.pk, period.code, code)] = value
        else:
            # Officials on the digital platforms: most reach everyone by mid-year.
            quarter_push = 0.08 * (period.index - 1)
            share = _clamp(0.7 + 0.32 * p.q + quarter_push + self.rng.gauss(0, 0.03), 0.4, 1.0)
            out["CB-APP"], out["CB-TONG"] = self._pair(p.staff, share)
            signed = _clamp(78 + 21 * p.q + 2 * period.index + self.rng.gauss(0, 2), 40, 100)
            out["HS-DT"] = Decimal(str(round(signed, 1)))
            out["TT-TIN-BAI"] = Decimal(self.rng.randint(2, 30))
        return out

    def narrative(self, unit: Unit, period: Period, figures: dict[str, Decimal]) -> list[str]:
        parts = []
        if figures.get("DVC-HS-TONG"):
            total, online = figures["DVC-HS-TONG"], figures["DVC-HS-TT"]
            parts.append(
                f"tiếp nhận {format_number(total)} hồ sơ thủ tục hành chính, trong đó "
                f"{format_number(online)} hồ sơ trực tuyến "
                f"({format_number(online / total * 100, 1)}%)."
            )
        if figures.get("CB-TONG"):
            parts.append(
                f"{format_number(figures['CB-APP'])}/{format_number(figures['CB-TONG'])} cán "
                "bộ, công chức sử dụng nền tảng số trong xử lý công việc."
            )
        text = self.rng.choice(RESULT_TEXTS).format(
            period=period.label[:1].lower() + period.label[1:],  # "quý IV/2026"
            unit=unit.name,
            year=period.year,
            figures=" ".join(parts) or "các chỉ tiêu cơ bản được duy trì.",
        )
        return [text, self.rng.choice(TROUBLE_TEXTS), self.rng.choice(NEXT_TEXTS)]

    # -- the year of submissions ------------------------------------------------------------------

    def fate(self, unit: Unit, j: int) -> str:
        """What happened to the report `j` periods before the latest past one."""
        key = unit.catalogue_key
        if key == "so-tc":
            return LATE if j == 4 else RETURNED_FIXED if j == 7 else ON_TIME
        if unit.pk in self.officer_of:  # the demo commune
            return LATE if j == 1 else ON_TIME
        r = self.rng.random()
        if r < 0.05:
            return MISSING
        if r < 0.08:
            return DRAFT
        if r < 0.2:
            return LATE
        if r < 0.23:
            return RETURNED_FIXED
        return ON_TIME

    def history(self, regime: Regime) -> list[_Planned]:
        periods = list(reversed(_periods(regime, self.today)))
        past = [p for p in periods if services.due_date_of(regime, p) < self.today]
        current = [p for p in periods if p not in past]
        sections = list(regime.sections.filter(kind=SectionKind.NARRATIVE).order_by("order"))
        planned: list[_Planned] = []
        for t, period in enumerate(periods):
            due = services.due_date_of(regime, period)
            j = len(past) - 1 - past.index(period) if period in past else -1
            for unit in services.expected_units(regime, period):
                if self.story_owns(unit, regime, period, past, current):
                    continue
                figures = self.figures(unit, period, t)
                fate = self.fate(unit, j) if period in past else self.current_fate(unit)
                item = self.plan(regime, unit, period, due, fate, figures, sections, j)
                if item is not None:
                    planned.append(item)
        return planned

    def current_fate(self, unit: Unit) -> str:
        r = self.rng.random()
        return "early" if r < 0.2 else DRAFT if r < 0.4 else MISSING

    def plan(
        self,
        regime: Regime,
        unit: Unit,
        period: Period,
        due: dt.date,
        fate: str,
        figures: dict[str, Decimal],
        sections: Sequence[RegimeSection],
        j: int,
    ) -> _Planned | None:
        if fate == MISSING:
            if due < self.today:
                self.counts.missing += 1
            return None
        yesterday = self.today - dt.timedelta(days=1)
        if period.start > yesterday:
            return None  # the period began today: nobody has written anything yet
        room = (yesterday - due).days  # days after the deadline that are in the past
        if fate == LATE and room < 1:
            fate = ON_TIME
        if fate == "early":
            sent_on = min(yesterday, due)
            sent_on = max(period.start, sent_on - dt.timedelta(days=self.rng.randint(0, 3)))
        elif fate == LATE:
            sent_on = due + dt.timedelta(days=self.rng.randint(1, min(regime.grace_days, room)))
        else:
            sent_on = due - dt.timedelta(days=self.rng.randint(0, 5))
            sent_on = min(sent_on, yesterday)
        officer = self.officer_of.get(unit.pk)
        row = Submission(regime=regime, unit=unit, due_date=due)
        row.period = period
        item = _Planned(row)
        texts = self.narrative(unit, period, figures)
        started = _at(max(period.start, sent_on - dt.timedelta(days=2)), 8, 30)
        if fate == DRAFT:
            item.answers = [(sections[0].pk, texts[0])] if sections else []
            some = dict(list(figures.items())[:2])
            item.values = [(self.by_code[c], v, None, started) for c, v in some.items()]
            item.events = [(SubmissionEventKind.SAVED, started, "")]
            row.status = SubmissionStatus.DRAFT
            row.created_at = row.updated_at = started
            if due < self.today:
                self.counts.missing += 1
            else:
                self.counts.drafts += 1
            return item
        sent = _at(sent_on, self.rng.randint(8, 16), self.rng.choice((0, 15, 30, 45)))
        item.answers = list(zip([s.pk for s in sections], texts, strict=False))
        item.events = [(SubmissionEventKind.SAVED, started, "")]
        item.values = [(self.by_code[c], v, None, started) for c, v in figures.items()]
        row.first_submitted_at = row.submitted_at = sent
        row.submitted_by = officer
        row.late = sent_on > due
        row.status = SubmissionStatus.SUBMITTED
        row.task_summary = self.summary_of(unit, period, sent_on)
        item.events.append((SubmissionEventKind.SUBMITTED, sent, ""))
        decided = sent + dt.timedelta(days=self.rng.randint(1, 4), hours=1)
        if fate == RETURNED_FIXED and decided.date() + dt.timedelta(days=2) < self.today:
            comment = self.rng.choice(RETURN_COMMENTS)
            item.events.append((SubmissionEventKind.RETURNED, decided, comment))
            resent = decided + dt.timedelta(days=2)
            item.events.append((SubmissionEventKind.SAVED, resent - dt.timedelta(hours=1), ""))
            item.events.append((SubmissionEventKind.SUBMITTED, resent, ""))
            code = "DVC-GD-TT" if "DVC-GD-TT" in figures else "DVC-HS-TT"
            item.values = [
                (ind, value, (value * Decimal("0.97")).to_integral_value(), started)
                if ind.code == code
                else (ind, value, None, started)
                for ind, value, _old, _at_ in item.values
            ]
            row.submitted_at = resent
            decided = resent + dt.timedelta(days=1, hours=2)
        row.created_at = started
        row.updated_at = row.submitted_at
        if decided.date() < self.today and (j > 0 or self.rng.random() < 0.6):
            row.status = SubmissionStatus.ACCEPTED
            row.decided_at = row.updated_at = decided
            row.decided_by = self.secretariat
            item.events.append((SubmissionEventKind.ACCEPTED, decided, ""))
        row.version = 1 + len(item.events)
        if row.late:
            self.counts.late += 1
        else:
            self.counts.on_time += 1
        return item

    def summary_of(self, unit: Unit, period: Period, on: dt.date) -> dict[str, Any]:
        """`services.task_summary(unit, period, on)`, from the assignments read once (three
        queries per submission would be most of the demo's time); the demo's tests hold
        the two equal."""
        rows = self.assignments.get(unit.pk, [])
        counts = dict.fromkeys(AssignmentStatus.values, 0)
        for a in rows:
            if a.task.state in (TaskState.OPEN, TaskState.CLOSED):
                counts[_status(a, on)] += 1
        done = sorted(
            (a for a in rows if a.completed_on and period.start <= a.completed_on <= period.end),
            key=lambda a: (a.completed_on, a.pk),
        )[:10]
        overdue = sorted(
            (
                a
                for a in rows
                if a.task.state == TaskState.OPEN
                and (a.completed_on is None or a.completed_on > on)
                and a.due_date is not None
                and a.due_date < on
            ),
            key=lambda a: (a.due_date, a.pk),
        )[:10]
        return {
            "as_of": on.isoformat(),
            "counts": counts,
            "done": [
                {"title": a.task.title[:200], "on": a.completed_on.isoformat()}
                for a in done
                if a.completed_on
            ],
            "overdue": [
                {"title": a.task.title[:200], "due": a.due_date.isoformat()}
                for a in overdue
                if a.due_date
            ],
        }

    def insert(self, planned: Sequence[_Planned]) -> None:
        with given_timestamps(
            Submission, SubmissionSection, SubmissionEvent, IndicatorValue, ValueRevision
        ):
            Submission.objects.bulk_create([p.row for p in planned], batch_size=500)
            answers, events, values = [], [], []
            for p in planned:
                stamp = p.row.created_at
                for section_id, text in p.answers:
                    answers.append(
                        SubmissionSection(
                            submission=p.row,
                            section_id=section_id,
                            text=text,
                            created_at=stamp,
                            updated_at=p.row.submitted_at or stamp,
                        )
                    )
                for kind, at, comment in p.events:
                    if kind in _DECISIONS:
                        actor = self.secretariat
                    else:
                        actor = self.officer_of.get(p.row.unit_id)
                    events.append(
                        SubmissionEvent(
                            submission=p.row, kind=kind, actor=actor, comment=comment, created_at=at
                        )
                    )
                for indicator, value, first, at in p.values:
                    values.append((p, indicator, value, first, at))
            SubmissionSection.objects.bulk_create(answers, batch_size=1000)
            SubmissionEvent.objects.bulk_create(events, batch_size=1000)
            rows = []
            for p, indicator, value, first, at in values:
                row = IndicatorValue(
                    indicator=indicator,
                    unit_id=p.row.unit_id,
                    value=value,
                    source=ValueSource.DEMO,
                    submission=p.row,
                    reported_by=self.officer_of.get(p.row.unit_id),
                    version=2 if first is not None else 1,
                    created_at=at,
                    updated_at=p.row.submitted_at or at,
                )
                row.period = p.row.period
                rows.append(row)
            indicator_services.bulk_values(rows, batch_size=2000)
            revisions = []
            for row, (p, _ind, value, first, at) in zip(rows, values, strict=True):
                author = row.reported_by
                if first is None:
                    revisions.append(
                        ValueRevision(
                            value_row=row,
                            value=value,
                            source=ValueSource.DEMO,
                            author=author,
                            created_at=at,
                        )
                    )
                    continue
                revisions.append(
                    ValueRevision(
                        value_row=row,
                        value=first,
                        source=ValueSource.DEMO,
                        author=author,
                        created_at=at,
                    )
                )
                revisions.append(
                    ValueRevision(
                        value_row=row,
                        previous=first,
                        value=value,
                        reason=CORRECTION_REASON,
                        source=ValueSource.DEMO,
                        author=author,
                        created_at=p.row.submitted_at or at,
                    )
                )
            ValueRevision.objects.bulk_create(revisions, batch_size=2000)
        self.counts.submissions += len(planned)
        self.counts.values += len(rows)

    # -- the demo accounts' reports, through the services -----------------------------------------

    def story_owns(
        self,
        unit: Unit,
        regime: Regime,
        period: Period,
        past: Sequence[Period],
        current: Sequence[Period],
    ) -> bool:
        """Whether the report is written through the services by `story` (Sở Tài chính's
        last monthly report, returned, and its current drafts)."""
        if unit.catalogue_key != "so-tc":
            return False
        if period in current:
            return True
        return regime.frequency == Frequency.MONTH and bool(past) and period == past[-1]

    def story(self, monthly: Regime, quarterly: Regime) -> None:
        tc = self.unit("so-tc")
        if tc is None:
            return
        donvi = self.officer_of.get(tc.pk)
        periods = list(reversed(_periods(monthly, self.today)))
        past = [p for p in periods if services.due_date_of(monthly, p) < self.today]
        if past and self.secretariat is not None:
            self.returned(monthly, tc, past[-1], periods.index(past[-1]), donvi)
        for regime in (monthly, quarterly):
            for period in _periods(regime, self.today)[:1]:
                if services.due_date_of(regime, period) < self.today:
                    continue
                self.draft(regime, tc, period, donvi)

    def _values(self, regime: Regime, figures: dict[str, Decimal]) -> dict[int, Decimal | None]:
        wanted = set(regime.regime_indicators.values_list("indicator_id", flat=True))
        return {self.by_code[c].pk: v for c, v in figures.items() if self.by_code[c].pk in wanted}

    def returned(self, regime: Regime, unit: Unit, period: Period, t: int, officer: Any) -> None:
        """Sent on time, returned by the secretariat a few days ago with a comment."""
        due = services.due_date_of(regime, period)
        figures = self.figures(unit, period, t)
        texts = self.narrative(unit, period, figures)
        row = services.open_submission(regime, unit, period)
        sections = list(regime.sections.filter(kind=SectionKind.NARRATIVE).order_by("order"))
        sent_on = min(due - dt.timedelta(days=1), self.today - dt.timedelta(days=3))
        services.save_submission(
            officer,
            row,
            answers={s.pk: text for s, text in zip(sections, texts, strict=False)},
            values=self._values(regime, figures),
            source=ValueSource.DEMO,
            via="cli",
            on=sent_on,
        )
        row = services.submit(officer, row, via="cli", at=_at(sent_on, 15, 20))
        returned_at = _at(max(sent_on + dt.timedelta(days=1), self.today - dt.timedelta(2)), 10)
        row = services.return_submission(self.secretariat, row, RETURN_COMMENTS[0], via="cli")
        Submission.objects.filter(pk=row.pk).update(decided_at=returned_at)
        row.events.filter(kind=SubmissionEventKind.RETURNED).update(created_at=returned_at)
        row.events.filter(kind=SubmissionEventKind.SUBMITTED).update(
            created_at=_at(sent_on, 15, 20)
        )
        row.events.filter(kind=SubmissionEventKind.SAVED).update(created_at=_at(sent_on, 14))
        self.counts.submissions += 1
        self.counts.on_time += 1
        self.counts.values += len(self._values(regime, figures))

    def draft(self, regime: Regime, unit: Unit, period: Period, officer: Any) -> None:
        """This period's report, begun: the results written, the first figures in."""
        t = len(_periods(regime, self.today)) - 1
        figures = self.figures(unit, period, t)
        texts = self.narrative(unit, period, figures)
        row = services.open_submission(regime, unit, period)
        first = regime.sections.filter(kind=SectionKind.NARRATIVE).order_by("order").first()
        some = dict(list(figures.items())[:2])
        services.save_submission(
            officer,
            row,
            answers={first.pk: texts[0]} if first else {},
            values=self._values(regime, some),
            source=ValueSource.DEMO,
            via="cli",
        )
        self.counts.submissions += 1
        self.counts.drafts += 1
        self.counts.values += len(self._values(regime, some))

    def province_report(self, regime: Regime) -> None:
        """The province's report of the last finished quarter."""
        from chidao.reporting.report import build_report

        period = Period.containing(PeriodKind.QUARTER, self.today).previous()
        if not regime.covers(period):
            return
        build_report(None, regime, period, "docx")
        self.counts.reports += 1


def _status(a: Assignment, on: dt.date) -> str:
    """The four-way status of `a` as of `on`, as `AssignmentQuerySet.with_status` says."""
    if a.completed_on is not None and a.completed_on <= on:
        if a.due_date is None or a.completed_on <= a.due_date:
            return AssignmentStatus.DONE_ON_TIME.value
        return AssignmentStatus.DONE_LATE.value
    if a.due_date is not None and a.due_date < on:
        return AssignmentStatus.OPEN_OVERDUE.value
    return AssignmentStatus.OPEN_ON_TIME.value


_DECISIONS = (SubmissionEventKind.RETURNED, SubmissionEventKind.ACCEPTED)


def _periods(regime: Regime, today: dt.date) -> list[Period]:
    """The regime's periods up to the one holding `today`, latest first."""
    from chidao.reporting.queries import periods_of

    return periods_of(regime, today, count=24)


def load(province: Unit, today: dt.date | None = None) -> ReportingCounts:
    """Give `province` its year of periodic reports up to `today` (default: today);
    returns what was created (nothing when the demo regimes exist). Runs the day's
    reminders afterwards, so the report reminders of today are out."""
    from chidao.notifications import reminders

    today = today or timezone.localdate()
    if Regime.objects.filter(province=province, name=MONTHLY_NAME).exists():
        return ReportingCounts()
    loader = _Loader(province, today)
    with transaction.atomic():
        loader.catalogue()
        monthly, quarterly = loader.regimes()
        loader.targets([monthly, quarterly])
        for regime in (monthly, quarterly):
            loader.insert(loader.history(regime))
        loader.story(monthly, quarterly)
        audit.record(
            None,
            "demo.reporting",
            province,
            after={k: v for k, v in vars(loader.counts).items()},
            via="cli",
        )
    loader.province_report(quarterly)
    reminders.send_daily(today)
    reminders.send_weekly_digest(today)
    return loader.counts
