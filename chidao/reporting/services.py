"""Writes to reporting regimes and submissions.

A submission's life: `open_submission` (created when the unit first opens its report for a
period, or by the reminder job) → `save_submission` (narrative sections and indicator
values, as a draft; the values go through `indicators.services.report_values`, so a bad
figure refuses the whole save) → `submit` → `accept` or `return_submission` (with a
comment) → `submit` again. After the deadline plus the regime's grace days a draft is
locked; `reopen` lets the unit in again until a date.

Every function checks permission (unless `actor` is None) before it writes anything, owns
its transaction, records its audit event and keeps the submission's history
(`SubmissionEvent`). Saves and sendings carry the version the page or client read
(`core.concurrency`); a figure changed after its report was sent or accepted sends the
report back to its unit (`figures_changed`, docs/reporting.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chidao.accounts.choices import Role
from chidao.core import audit
from chidao.core.concurrency import check_version
from chidao.core.periods import Period
from chidao.core.permissions import Action, require
from chidao.core.queries import workday_calendar
from chidao.core.templatetags.periods import localized_label
from chidao.indicators.choices import ValueSource
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.indicators.services import ValueInput, report_values
from chidao.notifications.choices import NotificationKind
from chidao.notifications.services import notify
from chidao.notifications.texts import Message
from chidao.reporting import rules
from chidao.reporting.choices import (
    DueMonth,
    DueRule,
    Frequency,
    SectionKind,
    SubmissionEventKind,
    SubmissionStatus,
)
from chidao.reporting.models import (
    Regime,
    RegimeIndicator,
    RegimeSection,
    Submission,
    SubmissionEvent,
    SubmissionSection,
)
from chidao.tasks.choices import AssignmentStatus, TaskState
from chidao.tasks.models import Assignment, Task
from chidao.units.models import Unit, UnitGroup

MAX_TEXT = 50_000

REGIME_FIELDS = (
    "name",
    "content",
    "group",
    "receiver",
    "frequency",
    "cutoff_rule",
    "due_rule",
    "due_day",
    "due_month",
    "due_workdays",
    "due_text",
    "grace_days",
    "first_period",
    "last_period",
    "signer_title",
    "signer_name",
    "report_signer",
    "report_addressee",
    "active",
)

DEFAULT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        SectionKind.NARRATIVE,
        "Kết quả thực hiện nhiệm vụ trong kỳ",
        "Những việc đã làm, kết quả nổi bật, số liệu minh chứng.",
    ),
    (SectionKind.TASKS, "Tình hình thực hiện nhiệm vụ được giao", ""),
    (SectionKind.INDICATORS, "Số liệu các chỉ số", ""),
    (
        SectionKind.NARRATIVE,
        "Khó khăn, vướng mắc và kiến nghị, đề xuất",
        "Nêu cụ thể vướng mắc, cơ quan cần phối hợp, đề xuất với Ban Chỉ đạo.",
    ),
    (SectionKind.NARRATIVE, "Nhiệm vụ trọng tâm kỳ tới", ""),
)


def today() -> dt.date:
    return timezone.localdate()


# -- regimes ---------------------------------------------------------------------------


def spec_of(regime: Regime) -> rules.DueSpec:
    return rules.DueSpec(
        DueRule(regime.due_rule),
        day=regime.due_day,
        month=DueMonth(regime.due_month or DueMonth.NEXT),
        count=regime.due_workdays,
    )


def due_date_of(regime: Regime, period: Period) -> dt.date:
    """The deadline of `regime`'s report for `period` (the calendar is read only when the
    rule counts working days)."""
    spec = spec_of(regime)
    workdays = workday_calendar() if spec.rule == DueRule.WORKDAYS_AFTER_CUTOFF else None
    return rules.due_date(period, spec, cutoff_rule=regime.cutoff_rule, workdays=workdays)


def _validate_regime(regime: Regime) -> None:
    errors: dict[str, str] = {}
    try:
        first = Period.parse(regime.first_period)
        if first.kind.value != regime.frequency:
            errors["first_period"] = _("Kỳ bắt đầu phải cùng loại với kỳ báo cáo (%(k)s).") % {
                "k": Frequency(regime.frequency).label
            }
    except ValueError as exc:
        errors["first_period"] = str(exc)
    if regime.last_period:
        try:
            last = Period.parse(regime.last_period)
            if "first_period" not in errors and last < Period.parse(regime.first_period):
                errors["last_period"] = _("Kỳ kết thúc không được trước kỳ bắt đầu.")
        except ValueError as exc:
            errors["last_period"] = str(exc)
    if regime.due_rule == DueRule.DAY_OF_MONTH and not (regime.due_day and regime.due_day <= 31):
        errors["due_day"] = _("Cần ngày trong tháng (1–31) của hạn gửi.")
    if regime.due_rule != DueRule.DAY_OF_MONTH and regime.due_workdays is None:
        errors["due_workdays"] = _("Cần số ngày của hạn gửi.")
    if errors:
        raise ValidationError(errors)


def save_regime(
    actor: Any,
    regime: Regime | None,
    values: dict[str, Any],
    *,
    units: Sequence[Unit] | None = None,
    indicators: Sequence[Indicator] | None = None,
    sections: Sequence[tuple[str, str, str]] | None = None,
    via: str = "web",
) -> Regime:
    """Create (`regime` None) or update a regime. `sections` are (kind, title, guidance);
    a new regime without them gets the usual headings (`DEFAULT_SECTIONS`). Indicators that
    are computed are replaced by the reported indicators they are computed from."""
    if actor is not None:
        require(actor, Action.MANAGE_REGIMES)
    with transaction.atomic():
        before = audit.snapshot(regime, REGIME_FIELDS) if regime else None
        row = regime or Regime()
        for name, value in values.items():
            setattr(row, name, value)
        if not row.province_id:
            from chidao.units.models import Installation

            installation = Installation.objects.select_related("province").first()
            if installation is None:
                raise ValidationError(_("Chưa thiết lập tỉnh cho hệ thống (chidao init)."))
            row.province = installation.province
        if row.due_text and values.get("due_day") is None and values.get("due_workdays") is None:
            parsed = rules.parse_due_text(row.due_text, row.frequency)
            if parsed is not None:
                row.due_rule = parsed.rule
                row.due_day = parsed.day
                row.due_month = parsed.month
                row.due_workdays = parsed.count
        _validate_regime(row)
        row.full_clean(exclude=["units", "indicators"])
        row.save()
        if units is not None:
            row.units.set(units)
        if indicators is not None:
            reported: list[Indicator] = []
            from chidao.indicators.queries import terms_of

            for ind in indicators:
                for term in terms_of([ind]) if ind.is_computed else [ind]:
                    if not term.is_computed and term not in reported:
                        reported.append(term)
            RegimeIndicator.objects.filter(regime=row).exclude(indicator__in=reported).delete()
            for order, ind in enumerate(reported, 1):
                RegimeIndicator.objects.update_or_create(
                    regime=row, indicator=ind, defaults={"order": order}
                )
        if sections is None and regime is None:
            sections = DEFAULT_SECTIONS
        if sections is not None:
            kept = []
            for order, (kind, title, guidance) in enumerate(sections, 1):
                section, _made = RegimeSection.objects.update_or_create(
                    regime=row,
                    title=title,
                    defaults={"order": order, "kind": kind, "guidance": guidance},
                )
                kept.append(section.pk)
            row.sections.exclude(pk__in=kept).filter(answers__isnull=True).delete()
        audit.record(
            actor,
            "regime.update" if regime else "regime.create",
            row,
            before=before,
            after=audit.snapshot(row, REGIME_FIELDS),
            via=via,
        )
    return row


_FREQ_OF_TASK = {
    "monthly": Frequency.MONTH,
    "quarterly": Frequency.QUARTER,
    "half_yearly": Frequency.HALF,
    "yearly": Frequency.YEAR,
}


def regime_from_task(actor: Any, task: Task, *, via: str = "web") -> Regime:
    """A regime for a recurring reporting task of a directive: its units report, at its
    frequency, by its day ("hằng tháng, trước ngày 20" → day 20 of the month reported;
    "hằng quý, trước ngày 15 tháng cuối quý" → day 15 of the quarter's last month)."""
    if actor is not None:
        require(actor, Action.MANAGE_REGIMES)
    frequency = _FREQ_OF_TASK.get(task.recurrence_freq)
    if frequency is None:
        raise ValidationError(
            _(
                "Nhiệm vụ không báo cáo định kỳ theo tháng, quý, 6 tháng hay năm; không lập được "
                "chế độ báo cáo."
            )
        )
    existing = Regime.objects.filter(task=task).first()
    if existing is not None:
        return existing
    wording = task.recurrence_text or task.due_text or task.quote
    spec = rules.parse_due_text(wording, frequency)
    if spec is None and task.recurrence_day:
        # The recurrence day of a monthly task falls in the month reported.
        month = DueMonth.LAST if frequency == Frequency.MONTH else DueMonth.NEXT
        spec = rules.DueSpec(DueRule.DAY_OF_MONTH, day=task.recurrence_day, month=month)
    if spec is None:
        spec = rules.DueSpec(DueRule.DAY_OF_MONTH, day=5, month=DueMonth.NEXT)
    issued = task.document.issued_on if task.document and task.document.issued_on else today()
    units = [a.unit for a in task.assignments.filter(active=True).select_related("unit")]
    receiver = Unit.objects.filter(
        province=task.province, catalogue_key="so-khcn", valid_to__isnull=True
    ).first()
    return save_regime(
        actor,
        None,
        {
            "province": task.province,
            "name": task.title[:300],
            "content": task.quote or task.title,
            "receiver": receiver,
            "frequency": frequency,
            "due_rule": spec.rule,
            "due_day": spec.day,
            "due_month": spec.month,
            "due_workdays": spec.count,
            "due_text": (
                wording or rules.describe(spec, frequency, language=settings.LANGUAGE_CODE)
            )[:255],
            "first_period": Period.containing(frequency, issued).code,
            "document": task.document,
            "task": task,
        },
        units=units,
        via=via,
    )


def expected_units(regime: Regime, period: Period) -> list[Unit]:
    """The units that owe a report for `period`: the group's members and the listed units
    in force on the period's last day."""
    day = period.end
    found: dict[int, Unit] = {}
    if regime.group_id:
        group: UnitGroup = regime.group  # type: ignore[assignment]  # checked above
        for unit in group.members_on(day):
            found[unit.pk] = unit
    for unit in regime.units.valid_on(day):
        found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=lambda u: (u.kind, u.name))


def period_problem(regime: Regime, period: Period) -> str:
    """Why `regime` has no report for `period`, in words."""
    if period.kind.value != regime.frequency:
        return _(
            "Chế độ “%(r)s” báo cáo %(f)s; kỳ %(p)s không phải kỳ %(k)s nên không yêu cầu báo "
            "cáo (ví dụ kỳ đúng: %(e)s)."
        ) % {
            "r": regime.name,
            "f": Frequency(regime.frequency).label.lower(),
            "p": period.code,
            "k": regime.period_kind.label,
            "e": Period.parse(regime.first_period).code,
        }
    return _("Chế độ “%(r)s” không yêu cầu báo cáo %(p)s (áp dụng từ kỳ %(first)s%(last)s).") % {
        "r": regime.name,
        "p": localized_label(period),
        "first": localized_label(Period.parse(regime.first_period)),
        "last": _(" đến kỳ %(l)s") % {"l": localized_label(Period.parse(regime.last_period))}
        if regime.last_period
        else "",
    }


# -- submissions -----------------------------------------------------------------------


def open_submission(regime: Regime, unit: Unit, period: Period) -> Submission:
    """The unit's submission for the period, created as an empty draft the first time."""
    if not regime.covers(period):
        raise ValidationError(period_problem(regime, period))
    found = Submission.objects.filter(regime=regime, unit=unit, period_code=period.code).first()
    if found is not None:
        return found
    row = Submission(regime=regime, unit=unit, due_date=due_date_of(regime, period))
    row.period = period
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # opened at the same moment by another request
        return Submission.objects.get(regime=regime, unit=unit, period_code=period.code)
    return row


def open_own_submission(actor: Any, regime: Regime, period: Period) -> Submission:
    """The submission of `actor`'s unit for `period` (an empty draft the first time).

    Refused before anything is written: PermissionDenied unless `actor` may edit a report
    of their unit, ValidationError when the unit does not owe this report."""
    if not regime.covers(period):
        raise ValidationError(period_problem(regime, period))
    unit = getattr(actor, "unit", None)
    require(
        actor,
        Action.EDIT_SUBMISSION,
        Submission(regime=regime, unit=unit) if unit is not None else None,
    )
    if unit is None or not any(u.pk == unit.pk for u in expected_units(regime, period)):
        raise ValidationError(_("Đơn vị của bạn không thuộc diện báo cáo kỳ này."))
    return open_submission(regime, unit, period)


def _event(submission: Submission, kind: str, actor: Any, comment: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("regime", "unit")
        .get(pk=submission.pk)
    )


def _check_editable(row: Submission, on: dt.date, expected_version: int | None) -> None:
    check_version(row.version, expected_version)
    if row.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(
            _("Báo cáo đã gửi và đang chờ cơ quan thường trực tiếp nhận; không sửa được nữa.")
        )
    if row.status == SubmissionStatus.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được tiếp nhận; không sửa được nữa."))
    if row.is_locked(on):
        raise ValidationError(
            _(
                "Báo cáo đã khoá từ ngày %(d)s (quá hạn gửi %(due)s và %(g)s ngày gia hạn). "
                "Đề nghị cơ quan thường trực mở lại để bổ sung."
            )
            % {
                "d": f"{row.lock_date():%d/%m/%Y}",
                "due": f"{row.due_date:%d/%m/%Y}",
                "g": row.regime.grace_days,
            }
        )


def save_submission(
    actor: Any,
    submission: Submission,
    *,
    answers: dict[int, str] | None = None,
    values: dict[int, Decimal | None] | None = None,
    reason: str = "",
    expected_version: int | None = None,
    source: str = ValueSource.FORM,
    via: str = "web",
    on: dt.date | None = None,
) -> Submission:
    """Save the unit's draft: `answers` by section id, `values` by indicator id (None
    leaves a figure out). All or nothing: a bad figure raises `ValueErrors` and the text
    is not saved either."""
    if actor is not None:
        require(actor, Action.EDIT_SUBMISSION, submission)
    on = on or today()
    with transaction.atomic():
        row = _lock(submission)
        _check_editable(row, on, expected_version)
        sections = {s.pk: s for s in row.regime.sections.all()}
        for section_id, text in (answers or {}).items():
            if section_id not in sections:
                raise ValidationError(_("Mục báo cáo không thuộc chế độ báo cáo này."))
            if len(text) > MAX_TEXT:
                raise ValidationError(
                    _("Nội dung mục “%(s)s” dài quá %(n)s ký tự.")
                    % {"s": sections[section_id].title, "n": MAX_TEXT}
                )
            SubmissionSection.objects.update_or_create(
                submission=row, section_id=section_id, defaults={"text": text.strip()}
            )
        if values:
            allowed = {
                link.indicator_id: link.indicator
                for link in row.regime.regime_indicators.select_related("indicator")
            }
            inputs = []
            for indicator_id, value in values.items():
                if indicator_id not in allowed:
                    raise ValidationError(_("Chỉ số không thuộc chế độ báo cáo này."))
                if value is not None:
                    inputs.append(ValueInput(allowed[indicator_id], row.unit, row.period, value))
            if inputs:
                report_values(
                    actor,
                    inputs,
                    source=source,
                    submission=row,
                    reason=reason,
                    via=via,
                )
        row.version += 1
        row.save(update_fields=["version", "updated_at"])
        _event(row, SubmissionEventKind.SAVED, actor)
        audit.record(
            actor,
            "submission.save",
            row,
            after={"sections": len(answers or {}), "values": len(values or {})},
            via=via,
        )
    return row


def missing_parts(submission: Submission) -> list[str]:
    """What must still be filled before the report can be sent (required sections written
    by the unit, required indicator values)."""
    problems = []
    answered = {
        a.section_id: a.text for a in SubmissionSection.objects.filter(submission=submission)
    }
    for section in submission.regime.sections.filter(kind=SectionKind.NARRATIVE, required=True):
        if not answered.get(section.pk, "").strip():
            problems.append(_("Chưa viết mục “%(s)s”.") % {"s": section.title})
    required = list(
        submission.regime.regime_indicators.filter(required=True).select_related("indicator")
    )
    have = set(
        IndicatorValue.objects.filter(
            unit=submission.unit,
            period_code=submission.period_code,
            indicator_id__in=[r.indicator_id for r in required],
        ).values_list("indicator_id", flat=True)
    )
    for link in required:
        if link.indicator_id not in have:
            problems.append(
                _("Chưa nhập số liệu “%(i)s”.") % {"i": f"{link.indicator.code} — {link.indicator}"}
            )
    return problems


def submit(
    actor: Any,
    submission: Submission,
    *,
    expected_version: int | None = None,
    via: str = "web",
    at: dt.datetime | None = None,
) -> Submission:
    """Send the report. Late (sent after the deadline) is recorded, never refused while
    the report is not locked. A second click on a report already sent changes nothing."""
    if actor is not None:
        require(actor, Action.EDIT_SUBMISSION, submission)
    at = at or timezone.now()
    on = timezone.localtime(at).date()
    with transaction.atomic():
        row = _lock(submission)
        recent = row.submitted_at is not None and at - row.submitted_at < dt.timedelta(seconds=60)
        if row.status == SubmissionStatus.SUBMITTED and recent:
            return row  # a double submit: the first one stands
        _check_editable(row, on, expected_version)
        problems = missing_parts(row)
        if problems:
            raise ValidationError(problems)
        if row.first_submitted_at is None:
            row.first_submitted_at = at
            row.late = on > row.due_date
        row.status = SubmissionStatus.SUBMITTED
        row.submitted_at = at
        row.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        row.task_summary = task_summary(row.unit, row.period, on)
        row.version += 1
        row.save(
            update_fields=[
                "first_submitted_at",
                "late",
                "status",
                "submitted_at",
                "submitted_by",
                "task_summary",
                "version",
                "updated_at",
            ]
        )
        _event(row, SubmissionEventKind.SUBMITTED, actor)
        audit.record(
            actor,
            "submission.submit",
            row,
            after={"status": row.status, "late": row.late, "period": row.period_code},
            via=via,
        )
        from chidao.accounts.models import User

        notify(
            User.objects.filter(role=Role.SECRETARIAT, is_active=True),
            NotificationKind.REPORT_SUBMITTED,
            Message(
                gettext_noop("%(u)s đã gửi %(r)s — %(p)s%(late)s"),
                {
                    "u": str(row.unit),
                    "r": str(row.regime),
                    "p": row.period,
                    "late": Message(gettext_noop(" (muộn)")) if row.late else "",
                },
            ),
            url=submission_url(row),
        )
    return row


def _decide(
    actor: Any,
    submission: Submission,
    status: str,
    kind: str,
    comment: str,
    action: str,
    via: str,
) -> Submission:
    require(actor, Action.REVIEW_SUBMISSIONS)
    with transaction.atomic():
        row = _lock(submission)
        if row.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(
                _("Chỉ tiếp nhận hoặc trả lại báo cáo đã gửi (báo cáo này: %(s)s).")
                % {"s": row.get_status_display()}
            )
        row.status = status
        row.decided_at = timezone.now()
        row.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        row.reviewer_comment = comment
        row.version += 1
        row.save(
            update_fields=[
                "status",
                "decided_at",
                "decided_by",
                "reviewer_comment",
                "version",
                "updated_at",
            ]
        )
        _event(row, kind, actor, comment)
        audit.record(actor, action, row, after={"status": status, "comment": comment}, via=via)
        from chidao.accounts.models import User

        title = (
            gettext_noop("Cơ quan thường trực đã trả lại %(r)s — %(p)s")
            if status == SubmissionStatus.RETURNED
            else gettext_noop("Cơ quan thường trực đã tiếp nhận %(r)s — %(p)s")
        )
        notify(
            User.objects.filter(role=Role.OFFICER, unit_id=row.unit_id, is_active=True),
            NotificationKind.REPORT_DECIDED,
            Message(title, {"r": str(row.regime), "p": row.period}),
            body=comment,
            url=submission_url(row),
        )
    return row


def return_submission(
    actor: Any, submission: Submission, comment: str, *, via: str = "web"
) -> Submission:
    """Send the report back to the unit with what to correct (a comment is required)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Cần ghi ý kiến: đơn vị cần sửa, bổ sung nội dung gì."))
    return _decide(
        actor,
        submission,
        SubmissionStatus.RETURNED,
        SubmissionEventKind.RETURNED,
        comment,
        "submission.return",
        via,
    )


def accept(
    actor: Any, submission: Submission, comment: str = "", *, via: str = "web"
) -> Submission:
    return _decide(
        actor,
        submission,
        SubmissionStatus.ACCEPTED,
        SubmissionEventKind.ACCEPTED,
        (comment or "").strip(),
        "submission.accept",
        via,
    )


def reopen(
    actor: Any, submission: Submission, until: dt.date, comment: str = "", *, via: str = "web"
) -> Submission:
    """Let the unit edit a locked (or accepted) report again until `until`."""
    require(actor, Action.REVIEW_SUBMISSIONS)
    if until < today():
        raise ValidationError({"until": _("Ngày mở lại đến phải từ hôm nay trở đi.")})
    with transaction.atomic():
        row = _lock(submission)
        if row.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.SUBMITTED):
            row.status = SubmissionStatus.RETURNED
            row.decided_at = timezone.now()
        row.reopened_until = until
        row.version += 1
        row.save(update_fields=["status", "decided_at", "reopened_until", "version", "updated_at"])
        _event(row, SubmissionEventKind.REOPENED, actor, comment)
        audit.record(
            actor,
            "submission.reopen",
            row,
            after={"reopened_until": until.isoformat(), "comment": comment},
            via=via,
        )
    return row


#: A figure as reports see it: (indicator id, unit id, period code).
FigureKey = tuple[int, int, str]


def lock_reports_showing(
    figures: Iterable[FigureKey], *, exclude: Submission | None = None
) -> list[tuple[Submission, set[FigureKey]]]:
    """The reports (but `exclude`) that show any of `figures`, locked in id order, each
    with the figures of `figures` it shows.

    A report shows the stored figures of its unit and period for its regime's indicators.
    `indicators.services.report_values` locks them *before* the figures, as a report's
    own save does (the report, then its figures), so that the two never wait on each
    other. Three queries whatever the number of figures."""
    wanted = set(figures)
    if not wanted:
        return []
    indicator_ids = {i for i, _u, _p in wanted}
    reports = Submission.objects.filter(
        unit_id__in={u for _i, u, _p in wanted},
        period_code__in={p for _i, _u, p in wanted},
        regime__regime_indicators__indicator_id__in=indicator_ids,
    )
    if exclude is not None:
        reports = reports.exclude(pk=exclude.pk)
    candidates = list(reports.values_list("pk", "regime_id", "unit_id", "period_code").distinct())
    if not candidates:
        return []
    linked: dict[int, set[int]] = {}
    for regime_id, indicator_id in RegimeIndicator.objects.filter(
        regime_id__in={regime_id for _pk, regime_id, _u, _p in candidates},
        indicator_id__in=indicator_ids,
    ).values_list("regime_id", "indicator_id"):
        linked.setdefault(regime_id, set()).add(indicator_id)
    shows: dict[int, set[FigureKey]] = {}
    for pk, regime_id, unit_id, code in candidates:
        keys = {(i, unit_id, code) for i in linked.get(regime_id, ())} & wanted
        if keys:
            shows[pk] = keys
    if not shows:
        return []
    rows = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("regime", "unit")
        .filter(pk__in=shows)
        .order_by("pk")
    )
    return [(row, shows[row.pk]) for row in rows]


def figures_changed(
    actor: Any,
    changed: Sequence[tuple[IndicatorValue, Decimal | None]],
    *,
    submission: Submission | None = None,
    reports: Sequence[tuple[Submission, set[FigureKey]]] | None = None,
    reason: str = "",
    via: str = "web",
) -> list[Submission]:
    """Tell the reports whose figures a write just changed; returns those sent back.

    Called by `indicators.services.report_values` inside its transaction with each figure
    written and its previous value (None: new), and the reports it locked beforehand
    (`lock_reports_showing`; found and locked here when not given). Each report showing
    a changed figure, other than `submission` (the one being saved), gets a new version —
    a page open on it can no longer save over the new figures — and one already sent or
    accepted goes back to the unit (`RETURNED`, open for the grace days) with a
    `REOPENED` event naming the figures, an audit record, and a notification to the
    secretariat and the unit's officers. See docs/reporting.md, "Figures of a report
    already sent".
    """
    if not changed:
        return []
    written = {(v.indicator_id, v.unit_id, v.period_code) for v, _previous in changed}
    if reports is None:
        reports = lock_reports_showing(written, exclude=submission)
    sent_back: list[Submission] = []
    for row, shown_keys in reports:
        mine = [
            (value, previous)
            for value, previous in changed
            if (value.indicator_id, value.unit_id, value.period_code) in shown_keys
        ]
        if not mine:
            continue
        row.version += 1
        fields = ["version", "updated_at"]
        if row.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
            before = row.status
            row.status = SubmissionStatus.RETURNED
            row.decided_at = timezone.now()
            fields += ["status", "decided_at"]
            figures = "; ".join(
                _("%(code)s %(old)s → %(new)s")
                % {
                    "code": value.indicator.code,
                    "old": "—" if previous is None else _number(previous),
                    "new": _number(value.value),
                }
                for value, previous in mine
            )
            if before == SubmissionStatus.ACCEPTED:
                comment = _(
                    "Số liệu được điều chỉnh sau khi báo cáo đã được tiếp nhận: %(figures)s. "
                    "Báo cáo được mở lại để đơn vị gửi lại."
                ) % {"figures": figures}
            else:
                comment = _(
                    "Số liệu được điều chỉnh khi báo cáo đang chờ tiếp nhận: %(figures)s. "
                    "Báo cáo được trả lại để đơn vị gửi lại."
                ) % {"figures": figures}
            if reason:
                comment += " " + _("Lý do: %(r)s.") % {"r": reason.rstrip(".")}
            _event(row, SubmissionEventKind.REOPENED, actor, comment)
            audit.record(
                actor,
                "submission.reopen_by_correction",
                row,
                before={"status": before},
                after={
                    "status": row.status,
                    "figures": [
                        {
                            "code": value.indicator.code,
                            "previous": None if previous is None else f"{previous.normalize():f}",
                            "value": f"{Decimal(value.value).normalize():f}",
                        }
                        for value, previous in mine
                    ],
                    "reason": reason,
                },
                via=via,
            )
            sent_back.append(row)
        row.save(update_fields=fields)
    if sent_back:
        from chidao.accounts.models import User

        for row in sent_back:
            notify(
                User.objects.filter(
                    Q(role=Role.SECRETARIAT) | Q(role=Role.OFFICER, unit_id=row.unit_id),
                    is_active=True,
                ),
                NotificationKind.REPORT_SUBMITTED,
                _("“%(r)s” — %(p)s của %(u)s: số liệu đã được điều chỉnh, báo cáo được mở lại")
                % {"r": row.regime, "p": row.period.label, "u": row.unit},
                body=row.events.order_by("-id").values_list("comment", flat=True).first() or "",
                url=submission_url(row),
            )
    return sent_back


def _number(value: Decimal) -> str:
    from chidao.indicators.queries import format_number

    return format_number(value, decimals=4)


def submission_url(row: Submission) -> str:
    return reverse("reporting:submission", args=[row.uuid])


# -- the section filled from task progress -------------------------------------------------


def task_summary(unit: Unit, period: Period, as_of: dt.date) -> dict[str, Any]:
    """The unit's assigned work as of `as_of`: the four-way counts of its active
    assignments, the tasks it completed in the period and those overdue (ten each)."""
    rows: Any = Assignment.objects.filter(
        unit=unit, active=True, task__state__in=[TaskState.OPEN, TaskState.CLOSED]
    ).with_status(as_of)
    counts = dict(
        rows.values_list("status_code").annotate(n=Count("pk")).values_list("status_code", "n")
    )
    done = (
        Assignment.objects.filter(
            unit=unit, active=True, completed_on__gte=period.start, completed_on__lte=period.end
        )
        .select_related("task")
        .order_by("completed_on")[:10]
    )
    overdue = (
        Assignment.objects.filter(unit=unit, active=True, task__state=TaskState.OPEN)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=as_of), due_date__lt=as_of)
        .select_related("task")
        .order_by("due_date")[:10]
    )
    return {
        "as_of": as_of.isoformat(),
        "counts": {s.value: counts.get(s.value, 0) for s in AssignmentStatus},
        "done": [
            {
                "title": a.task.title[:200],
                "on": a.completed_on.isoformat() if a.completed_on else "",
            }
            for a in done
        ],
        "overdue": [
            {"title": a.task.title[:200], "due": a.due_date.isoformat() if a.due_date else ""}
            for a in overdue
        ],
    }
