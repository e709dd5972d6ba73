"""Reporting API: regimes, their rates per period, each unit's submission (fill, submit,
review) and the province's consolidated reports.

Permissions are the screens': officers see and edit only their unit's submissions
(another unit's answers 404 on reading and 403 on writing); the secretariat reviews and
builds reports; leaders and viewers read.
"""

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from chidao.api.pagination import PagePagination, ShapedRows
from chidao.core.periods import Period
from chidao.core.permissions import Action, can, require
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.indicators.services import parse_number
from chidao.reporting import queries, services
from chidao.reporting.choices import (
    CutoffRule,
    DueMonth,
    DueRule,
    Frequency,
    ReportSigner,
    SubmissionStatus,
)
from chidao.reporting.models import ProvinceReport, Regime, Submission
from chidao.reporting.schemas import (
    BuildIn,
    RatesOut,
    RegimeDetailOut,
    RegimeIn,
    RegimeOut,
    ReopenIn,
    ReportOut,
    ReviewCommentIn,
    SubmissionDetailOut,
    SubmissionIn,
    SubmissionOut,
    UnitRatesPage,
    VersionIn,
)
from chidao.units.models import Unit
from chidao.units.queries import find_group

router = Router(tags=["reporting"])


# -- shapes ------------------------------------------------------------------------------


def _regime_out(r: Regime) -> dict[str, Any]:
    return {
        "uuid": r.uuid,
        "name": r.name,
        "frequency": r.frequency,
        "frequency_label": str(r.get_frequency_display()),
        "due_text": r.due_text or services.rules.describe(services.spec_of(r), r.frequency),
        "due_rule": r.due_rule,
        "grace_days": r.grace_days,
        "first_period": r.first_period,
        "last_period": r.last_period,
        "group": r.group.name if r.group_id and r.group else None,
        "receiver": str(r.receiver) if r.receiver_id else None,
        "report_signer": r.report_signer,
        "signer_title": r.signer_title,
        "signer_name": r.signer_name,
        "report_addressee": r.report_addressee,
        "active": r.active,
    }


def _submission_out(s: Submission, today: dt.date) -> dict[str, Any]:
    return {
        "uuid": s.uuid,
        "regime": s.regime.uuid,
        "regime_name": s.regime.name,
        "unit": s.unit,
        "period": s.period_code,
        "period_label": s.period_label,
        "due_date": s.due_date,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "late": s.late,
        "first_submitted_at": s.first_submitted_at,
        "submitted_at": s.submitted_at,
        "reviewer_comment": s.reviewer_comment,
        "locked": s.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
        and s.is_locked(today),
        "lock_date": s.lock_date(),
        "version": s.version,
    }


def _regime(uuid: UUID) -> Regime:
    regime = Regime.objects.select_related("group", "receiver").filter(uuid=uuid).first()
    if regime is None:
        raise Http404
    return regime


def _period(regime: Regime, code: str) -> Period:
    try:
        period = Period.parse(code)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if not regime.covers(period):
        raise ValidationError({"period": services.period_problem(regime, period)})
    return period


def _visible_submission(request: HttpRequest, uuid: UUID) -> Submission:
    try:
        row = queries.submission_page(uuid)
    except Submission.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW_SUBMISSION, row):
        raise Http404
    return row


# -- regimes ---------------------------------------------------------------------------


@router.get("/regimes", response=list[RegimeOut])
def list_regimes(request: HttpRequest) -> list[dict[str, Any]]:
    """Active regimes (two queries whatever their number)."""
    require(request.user, Action.VIEW_REGIMES)
    return [_regime_out(r) for r in queries.regimes_for(request.user)]


@router.get("/regimes/{uuid}", response=RegimeDetailOut)
def get_regime(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    require(request.user, Action.VIEW_REGIMES)
    r = _regime(uuid)
    today = timezone.localdate()
    return {
        **_regime_out(r),
        "content": r.content,
        "units": list(r.units.all()),
        "sections": list(r.sections.all()),
        "indicators": [
            {
                "code": link.indicator.code,
                "name": link.indicator.name,
                "measure_unit": link.indicator.measure_unit,
                "required": link.required,
            }
            for link in r.regime_indicators.select_related("indicator")
        ],
        "recent_due_dates": {
            p.code: services.due_date_of(r, p) for p in queries.periods_of(r, today, count=4)
        },
    }


def _regime_values(payload: RegimeIn) -> tuple[dict[str, Any], list[Unit], list[Indicator]]:
    errors: dict[str, str] = {}
    if payload.frequency not in Frequency.values:
        errors["frequency"] = _("Kỳ báo cáo không hợp lệ: %s") % payload.frequency
    if payload.cutoff_rule not in CutoffRule.values:
        errors["cutoff_rule"] = _("Cách chốt số liệu không hợp lệ: %s") % payload.cutoff_rule
    if payload.due_rule is not None and payload.due_rule not in DueRule.values:
        errors["due_rule"] = _("Cách tính hạn không hợp lệ: %s") % payload.due_rule
    if payload.report_signer not in ReportSigner.values:
        errors["report_signer"] = _("Cơ quan ký báo cáo không hợp lệ: %s") % payload.report_signer
    if payload.due_month is not None and payload.due_month not in DueMonth.values:
        errors["due_month"] = _("Tháng của hạn gửi không hợp lệ: %s") % payload.due_month
    group = None
    if payload.group:
        group = find_group(payload.group)
        if group is None:
            errors["group"] = _("Không có nhóm đơn vị “%s”.") % payload.group
    units = list(Unit.objects.filter(uuid__in=payload.units))
    if len(units) != len(set(payload.units)):
        errors["units"] = _("Có mã đơn vị không tồn tại.")
    indicators = list(Indicator.objects.filter(code__in=payload.indicators))
    unknown = sorted(set(payload.indicators) - {i.code for i in indicators})
    if unknown:
        errors["indicators"] = _("Không có chỉ số: %s") % ", ".join(unknown)
    receiver = None
    if payload.receiver is not None:
        receiver = Unit.objects.filter(uuid=payload.receiver).first()
        if receiver is None:
            errors["receiver"] = _("Không có đơn vị nhận báo cáo với mã này.")
    if not payload.due_text and payload.due_rule is None:
        errors["due_text"] = _("Cần thời hạn gửi (ví dụ “trước ngày 05 tháng cuối quý”).")
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {
        "name": payload.name,
        "content": payload.content,
        "frequency": payload.frequency,
        "cutoff_rule": payload.cutoff_rule,
        "due_text": payload.due_text,
        "grace_days": payload.grace_days,
        "first_period": payload.first_period,
        "last_period": payload.last_period,
        "group": group,
        "receiver": receiver,
        "report_signer": payload.report_signer,
        "signer_title": payload.signer_title,
        "signer_name": payload.signer_name,
        "report_addressee": payload.report_addressee,
    }
    if payload.due_rule is not None:
        values.update(
            due_rule=payload.due_rule,
            due_day=payload.due_day,
            due_month=payload.due_month or DueMonth.NEXT,
            due_workdays=payload.due_workdays,
        )
    return values, units, indicators


@router.post("/regimes", response={201: RegimeDetailOut})
def create_regime(request: HttpRequest, payload: RegimeIn) -> Status:
    """Create a regime (secretariat). A `due_text` is read into a rule when no explicit
    `due_rule` is given; new regimes get the usual report headings."""
    require(request.user, Action.MANAGE_REGIMES)
    values, units, indicators = _regime_values(payload)
    regime = services.save_regime(
        request.user, None, values, units=units, indicators=indicators, via="api"
    )
    return Status(201, get_regime(request, regime.uuid))


@router.get("/regimes/{uuid}/rates", response=RatesOut)
def regime_rates(
    request: HttpRequest, uuid: UUID, period: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Expected, submitted, on time, late and missing reports of one period, per unit."""
    require(request.user, Action.VIEW_REGIMES)
    regime = _regime(uuid)
    day = as_of or timezone.localdate()
    r = queries.rates(regime, _period(regime, period), day)
    return {
        "regime": regime.uuid,
        "period": r.period.code,
        "period_label": r.period.label,
        "due_date": r.due_date,
        "as_of": day,
        **r.counts(),
        "rows": [
            {
                "unit": row.unit,
                "due_date": row.due_date,
                "timeliness": row.timeliness.value,
                "timeliness_label": str(row.timeliness.label),
                "submission": row.submission.uuid if row.submission else None,
                "status": row.submission.status if row.submission else None,
                "first_submitted_at": row.submission.first_submitted_at if row.submission else None,
            }
            for row in r.rows
        ],
    }


@router.get("/regimes/{uuid}/unit-rates", response=UnitRatesPage)
def regime_unit_rates(
    request: HttpRequest, uuid: UUID, periods: int = 12, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Each unit's record over the last `periods` periods already due (1–60), the least
    punctual first."""
    require(request.user, Action.VIEW_REGIMES)
    if not 1 <= periods <= 60:
        raise ValidationError({"periods": _("Số kỳ phải từ 1 đến 60.")})
    regime = _regime(uuid)
    day = as_of or timezone.localdate()
    chosen = queries.due_periods(regime, day, count=periods)
    return {
        "regime": regime.uuid,
        "periods": [p.code for p in chosen],
        "as_of": day,
        "units": [
            {
                "unit": r.unit,
                "expected": r.expected,
                "submitted": r.submitted,
                "on_time": r.on_time,
                "late": r.late,
                "missing": r.missing,
                "pending": r.pending,
                "completeness": r.completeness,
                "timeliness": r.timeliness,
            }
            for r in queries.unit_rates(regime, chosen, day)
        ],
    }


@router.post("/regimes/{uuid}/periods/{slug:code}/submission", response=SubmissionOut)
def open_own_submission(request: HttpRequest, uuid: UUID, code: str) -> dict[str, Any]:
    """The caller's unit's submission for the period (created as a draft the first time).
    Only an officer of a unit that owes the report may open it; a refusal writes nothing."""
    regime = _regime(uuid)
    row = services.open_own_submission(request.user, regime, _period(regime, code))
    return _submission_out(row, timezone.localdate())


# -- submissions -----------------------------------------------------------------------


class SubmissionQuery(Schema):
    regime: UUID | None = None
    period: str | None = None
    unit: UUID | None = None
    status: str | None = None


@router.get("/submissions", response=list[SubmissionOut])
@paginate(PagePagination)
def list_submissions(request: HttpRequest, query: Query[SubmissionQuery]) -> Any:
    """Submissions the caller may see: all for staff, their unit's for an officer."""
    from chidao.accounts.choices import Role
    from chidao.core.permissions import role_of

    require(request.user, Action.VIEW_REGIMES)
    rows = Submission.objects.select_related("regime", "unit").order_by(
        "-period_start", "regime__name", "unit__name"
    )
    if role_of(request.user) == Role.OFFICER:
        rows = rows.filter(unit_id=getattr(request.user, "unit_id", None) or 0)
    elif not can(request.user, Action.VIEW_SUBMISSION, None):
        rows = rows.none()
    if query.regime:
        rows = rows.filter(regime__uuid=query.regime)
    if query.period:
        rows = rows.filter(period_code=query.period)
    if query.unit:
        rows = rows.filter(unit__uuid=query.unit)
    if query.status:
        if query.status not in SubmissionStatus.values:
            raise ValidationError({"status": _("Trạng thái không hợp lệ: %s") % query.status})
        rows = rows.filter(status=query.status)
    today = timezone.localdate()
    return ShapedRows(rows, lambda s: _submission_out(s, today))


def _detail(row: Submission) -> dict[str, Any]:
    today = timezone.localdate()
    answered = {a.section_id: a.text for a in row.answers.all()}
    links = list(row.regime.regime_indicators.select_related("indicator"))
    stored = {
        v.indicator_id: v.value
        for v in IndicatorValue.objects.filter(
            unit=row.unit,
            period_code=row.period_code,
            indicator_id__in=[link.indicator_id for link in links],
        )
    }
    summary = row.task_summary or services.task_summary(row.unit, row.period, today)
    return {
        **_submission_out(row, today),
        "answers": [
            {
                "section": s.pk,
                "title": s.title,
                "kind": s.kind,
                "text": answered.get(s.pk, ""),
            }
            for s in row.regime.sections.all()
        ],
        "values": [
            {
                "code": link.indicator.code,
                "name": link.indicator.name,
                "measure_unit": link.indicator.measure_unit,
                "value": float(stored[link.indicator_id]) if link.indicator_id in stored else None,
            }
            for link in links
        ],
        "task_summary": summary,
        "events": [
            {
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "actor": (e.actor.get_full_name() or e.actor.username) if e.actor else "",
                "comment": e.comment,
                "at": e.created_at,
            }
            for e in row.events.all()
        ],
        "missing_parts": services.missing_parts(row)
        if row.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
        else [],
    }


@router.get("/submissions/{uuid}", response=SubmissionDetailOut)
def get_submission(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    return _detail(_visible_submission(request, uuid))


def _parsed_values(row: Submission, raw: dict[str, Any]) -> dict[int, Decimal | None]:
    by_code = {
        link.indicator.code: link.indicator_id
        for link in row.regime.regime_indicators.select_related("indicator")
    }
    errors: dict[str, str] = {}
    out: dict[int, Decimal | None] = {}
    for code, value in raw.items():
        if code not in by_code:
            errors[f"values.{code}"] = _("Chỉ số %s không thuộc chế độ báo cáo này.") % code
            continue
        if value is None or value == "":
            out[by_code[code]] = None
            continue
        try:
            out[by_code[code]] = parse_number(value)
        except ValueError as exc:
            errors[f"values.{code}"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return out


def _require_version(version: int | None) -> None:
    if version is None:
        raise ValidationError(
            {"version": _("Cần gửi kèm “version” của báo cáo đã đọc (GET) để sửa hoặc gửi.")}
        )


@router.put("/submissions/{uuid}", response=SubmissionDetailOut)
def save_submission(request: HttpRequest, uuid: UUID, payload: SubmissionIn) -> dict[str, Any]:
    """Save the draft: texts by section id, values by indicator code. All or nothing: a
    bad value answers 422 with every row's message and nothing is saved. `version` (from
    GET) is required: a save from an older version is refused (422)."""
    row = _visible_submission(request, uuid)
    require(request.user, Action.EDIT_SUBMISSION, row)
    _require_version(payload.version)
    services.save_submission(
        request.user,
        row,
        answers=payload.answers,
        values=_parsed_values(row, payload.values),
        reason=payload.reason,
        expected_version=payload.version,
        source="api",
        via="api",
    )
    return _detail(queries.submission_page(uuid))


@router.post("/submissions/{uuid}/submit", response=SubmissionDetailOut)
def submit_submission(request: HttpRequest, uuid: UUID, payload: VersionIn) -> dict[str, Any]:
    """Send the report; late is recorded, not refused (until the report is locked).
    `version` (from GET) is required."""
    row = _visible_submission(request, uuid)
    require(request.user, Action.EDIT_SUBMISSION, row)
    _require_version(payload.version)
    services.submit(request.user, row, expected_version=payload.version, via="api")
    return _detail(queries.submission_page(uuid))


@router.post("/submissions/{uuid}/return", response=SubmissionDetailOut)
def return_submission(request: HttpRequest, uuid: UUID, payload: ReviewCommentIn) -> dict[str, Any]:
    row = _visible_submission(request, uuid)
    services.return_submission(request.user, row, payload.comment, via="api")
    return _detail(queries.submission_page(uuid))


@router.post("/submissions/{uuid}/accept", response=SubmissionDetailOut)
def accept_submission(request: HttpRequest, uuid: UUID, payload: ReviewCommentIn) -> dict[str, Any]:
    row = _visible_submission(request, uuid)
    services.accept(request.user, row, payload.comment, via="api")
    return _detail(queries.submission_page(uuid))


@router.post("/submissions/{uuid}/reopen", response=SubmissionDetailOut)
def reopen_submission(request: HttpRequest, uuid: UUID, payload: ReopenIn) -> dict[str, Any]:
    row = _visible_submission(request, uuid)
    services.reopen(request.user, row, payload.until, payload.comment, via="api")
    return _detail(queries.submission_page(uuid))


# -- the province's reports ----------------------------------------------------------------


def _report_out(r: ProvinceReport) -> dict[str, Any]:
    return {
        "uuid": r.uuid,
        "regime": r.regime.uuid,
        "period": r.period_code,
        "format": r.format,
        "built_at": r.built_at,
        "url": reverse("api:report_file", args=[r.uuid]),
        "summary": r.summary,
    }


@router.get("/regimes/{uuid}/reports", response=list[ReportOut])
def list_reports(request: HttpRequest, uuid: UUID) -> list[dict[str, Any]]:
    require(request.user, Action.VIEW_REPORTS)
    regime = _regime(uuid)
    return [_report_out(r) for r in regime.reports.select_related("regime")]


@router.post("/regimes/{uuid}/reports", response={201: ReportOut})
def build_report(request: HttpRequest, uuid: UUID, payload: BuildIn) -> Status:
    """Build (or rebuild) the province's report of a period as .docx or .xlsx."""
    from chidao.reporting.report import build_report as build

    require(request.user, Action.BUILD_REPORTS)
    regime = _regime(uuid)
    if payload.format not in ("docx", "xlsx"):
        raise ValidationError({"format": _("Định dạng phải là docx hoặc xlsx.")})
    report = build(
        request.user,
        regime,
        _period(regime, payload.period),
        payload.format,
        as_of=payload.as_of,
        number=payload.number,
        via="api",
    )
    return Status(201, _report_out(report))


@router.get("/reports/{uuid}/file", url_name="report_file")
def report_file(request: HttpRequest, uuid: UUID) -> FileResponse:
    require(request.user, Action.VIEW_REPORTS)
    report = ProvinceReport.objects.filter(uuid=uuid).first()
    if report is None or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=(report.file.name or "").rsplit("/", 1)[-1],
    )
