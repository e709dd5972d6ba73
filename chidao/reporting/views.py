"""Pages of reporting regimes, submissions and the province's reports.

Views parse, call a service, render. An officer sees and edits only their own unit's
submissions (another unit's answers 403); only the secretariat reviews, builds reports
and manages regimes; leaders and viewers read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.accounts.choices import Role
from chidao.core.concurrency import stale_message
from chidao.core.forms_util import apply_validation_error
from chidao.core.http import HtmxHttpRequest
from chidao.core.periods import Period
from chidao.core.permissions import Action, can, require, role_of
from chidao.core.templatetags.periods import localized_label
from chidao.indicators import workbook
from chidao.indicators.choices import FormulaKind
from chidao.indicators.models import Indicator
from chidao.indicators.queries import level_value, reported_values
from chidao.indicators.services import ValueErrors
from chidao.reporting import queries, rules, services
from chidao.reporting.choices import SectionKind, SubmissionStatus
from chidao.reporting.forms import (
    AcceptForm,
    BuildForm,
    RegimeForm,
    ReopenForm,
    ReturnForm,
    SectionFormSet,
    SubmissionForm,
    WorkbookForm,
    section_field,
    section_initial,
    section_rows,
)
from chidao.reporting.models import (
    ProvinceReport,
    Regime,
    RegimeIndicator,
    Submission,
    SubmissionSection,
)
from chidao.reporting.report import build_report
from chidao.tasks.choices import STATUS_COLORS, AssignmentStatus
from chidao.tasks.models import Task
from chidao.units.models import Unit
from chidao.units.services import installation_province


def _today() -> dt.date:
    return timezone.localdate()


def _officer_unit(user: Any) -> Unit | None:
    """The unit of an officer (None for the other roles)."""
    if role_of(user) != Role.OFFICER:
        return None
    unit: Unit | None = user.unit
    return unit


def _regime(uuid: UUID) -> Regime:
    return get_object_or_404(Regime.objects.select_related("group", "receiver"), uuid=uuid)


# -- home ------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The secretariat's and leaders' overview (regimes with their latest rates, the review
    queue); an officer's "Báo cáo của đơn vị" (what the unit owes, what it sent)."""
    require(request.user, Action.VIEW_REGIMES)
    today = _today()
    regimes = list(queries.regimes_for(request.user))
    if role_of(request.user) == Role.OFFICER:
        unit = _officer_unit(request.user)
        owed: list[queries.Owed] = []
        past: list[Submission] = []
        if unit is not None:
            owed = queries.owed_by(unit, regimes, today)
            past = list(queries.unit_submissions(unit))
        return render(
            request,
            "reporting/home_unit.html",
            {"unit": unit, "owed": owed, "past": past, "today": today},
        )
    overview = queries.overview(regimes, today)
    return render(
        request,
        "reporting/home.html",
        {
            "overview": overview,
            "queue": list(queries.review_queue()),
            "can_manage": can(request.user, Action.MANAGE_REGIMES),
            "can_review": can(request.user, Action.REVIEW_SUBMISSIONS),
            "today": today,
        },
    )


# -- one regime ------------------------------------------------------------------------


UNIT_RATE_PERIODS = (4, 6, 12, 24)


def regime_units(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Each unit's reporting record over the regime's last N periods (?periods=12)."""
    require(request.user, Action.VIEW_REGIMES)
    regime = _regime(uuid)
    today = _today()
    try:
        count = int(request.GET.get("periods", 12))
    except ValueError:
        count = 12
    count = count if count in UNIT_RATE_PERIODS else 12
    periods = queries.due_periods(regime, today, count=count)
    records = queries.unit_rates(regime, periods, today)
    return render(
        request,
        "reporting/regime_units.html",
        {
            "regime": regime,
            "periods": periods,
            "records": records,
            "count": count,
            "choices": UNIT_RATE_PERIODS,
        },
    )


def regime_detail(request: HtmxHttpRequest, uuid: UUID) -> HttpResponse:
    """A regime, the rates of the chosen period (?period=; htmx: that part only) and the
    province's reports built from it."""
    require(request.user, Action.VIEW_REGIMES)
    regime = _regime(uuid)
    today = _today()
    periods = queries.periods_of(regime, today)
    period: Period | None = queries.shown_period(regime, today)
    period_error = ""
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
            if not regime.covers(period):
                raise ValueError(services.period_problem(regime, period))
        except ValueError as exc:
            period_error = str(exc)
            period = queries.shown_period(regime, today)
    rates = queries.rates(regime, period, today) if period is not None else None
    spec = services.spec_of(regime)
    current = Period.containing(regime.period_kind, today)
    window = rules.cutoff(current, regime.cutoff_rule)
    recent = [(p, services.due_date_of(regime, p)) for p in periods[:4]]
    officer_unit = _officer_unit(request.user)
    can_read_reports = can(request.user, Action.VIEW_REPORTS)
    reports = (
        list(
            ProvinceReport.objects.filter(regime=regime)
            .select_related("built_by")
            .order_by("-period_start", "format")
        )
        if can_read_reports
        else []
    )
    template = "reporting/_period_view.html" if request.htmx else "reporting/regime_detail.html"
    return render(
        request,
        template,
        {
            "regime": regime,
            "sections": list(regime.sections.all()),
            "links": list(regime.regime_indicators.select_related("indicator")),
            "listed_units": list(regime.units.order_by("kind", "name")),
            "due_words": rules.describe(spec, regime.frequency),
            "current": current,
            "window": window,
            "recent": recent,
            "periods": periods,
            "period": period,
            "period_error": period_error,
            "rates": rates,
            "reports": reports,
            "can_manage": can(request.user, Action.MANAGE_REGIMES),
            "can_build": can(request.user, Action.BUILD_REPORTS),
            "can_read_reports": can_read_reports,
            "can_open": can(request.user, Action.VIEW_SUBMISSION),
            "officer_unit": officer_unit,
            "owes": bool(
                officer_unit is not None
                and period is not None
                and rates is not None
                and any(r.unit.pk == officer_unit.pk for r in rates.rows)
            ),
        },
    )


def _regime_form_page(request: HttpRequest, regime: Regime | None) -> HttpResponse:
    require(request.user, Action.MANAGE_REGIMES)
    province = installation_province()
    if regime is not None:
        initial: dict[str, Any] = {
            name: getattr(regime, name)
            for name in services.REGIME_FIELDS
            if name not in ("group", "receiver")
        }
        initial["group"] = regime.group.uuid if regime.group else None
        initial["receiver"] = regime.receiver.uuid if regime.receiver else None
        initial["units"] = [u.uuid for u in regime.units.all()]
        initial["indicators"] = [link.indicator_id for link in regime.regime_indicators.all()]
        sections = section_initial(regime.sections.all())
    else:
        initial = {"first_period": Period.containing("quarter", _today()).code}
        initial["frequency"] = "quarter"
        sections = section_initial(services.DEFAULT_SECTIONS)
    data = request.POST if request.method == "POST" else None
    query = (request.POST.get("units_query") or request.GET.get("units_query") or "").strip()
    units = None
    if query:
        scope = Unit.objects.valid_on(_today())
        if province is not None:
            scope = scope.filter(province=province)
        chosen = request.POST.getlist("units") if data is not None else initial.get("units", [])
        units = (scope.search(query) | scope.filter(uuid__in=chosen)).distinct()
    form = RegimeForm(data, province=province, units=units, initial=initial)
    formset = SectionFormSet(data, initial=sections, prefix="sections")
    searching = data is not None and "search_units" in request.POST
    if data is not None and not searching and form.is_valid() and formset.is_valid():
        try:
            saved = services.save_regime(
                request.user,
                regime,
                form.values(),
                units=list(form.cleaned_data["units"]),
                indicators=list(form.cleaned_data["indicators"]),
                sections=section_rows(formset),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu chế độ báo cáo."))
            return redirect("reporting:regime", uuid=saved.uuid)
    if searching:
        form.errors.clear()
    return render(
        request,
        "reporting/regime_form.html",
        {
            "form": form,
            "formset": formset,
            "regime": regime,
            "due_words": rules.describe(services.spec_of(regime), regime.frequency)
            if regime is not None
            else "",
        },
    )


def regime_create(request: HttpRequest) -> HttpResponse:
    return _regime_form_page(request, None)


def regime_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _regime_form_page(request, _regime(uuid))


@require_POST
def regime_from_task(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The button on a recurring task's page: a regime from it, then its form to finish."""
    require(request.user, Action.MANAGE_REGIMES)
    task = get_object_or_404(Task, uuid=uuid)
    try:
        regime = services.regime_from_task(request.user, task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("tasks:detail", uuid=task.uuid)
    messages.success(
        request, _("Đã lập chế độ báo cáo từ nhiệm vụ. Hãy xem lại và hoàn thiện các thông tin.")
    )
    return redirect("reporting:regime_edit", uuid=regime.uuid)


@require_POST
def build(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Build (or build again) the province's report of a period in one format."""
    require(request.user, Action.BUILD_REPORTS)
    regime = _regime(uuid)
    form = BuildForm(request.POST)
    back = reverse("reporting:regime", args=[regime.uuid])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(back)
    period: Period = form.cleaned_data["period"]

    try:
        report = build_report(
            request.user,
            regime,
            period,
            form.cleaned_data["fmt"],
            number=form.cleaned_data["number"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã lập báo cáo tổng hợp %(p)s (%(f)s).")
            % {"p": localized_label(period), "f": report.get_format_display()},
        )
    return redirect(f"{back}?period={period.code}#reports")


def report_download(request: HttpRequest, uuid: UUID) -> FileResponse:
    require(request.user, Action.VIEW_REPORTS)
    report = get_object_or_404(ProvinceReport.objects.select_related("regime"), uuid=uuid)
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    name = (report.file.name or "").rsplit("/", 1)[
        -1
    ] or f"bao-cao-{report.period_code}.{report.format}"
    return FileResponse(handle, as_attachment=True, filename=name)


# -- submissions -----------------------------------------------------------------------


def my_submission(request: HttpRequest, uuid: UUID, code: str) -> HttpResponse:
    """An officer's way into their unit's report for (regime, period): opened the first
    time, then shown."""
    regime = _regime(uuid)
    unit = _officer_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Chỉ chuyên viên của đơn vị báo cáo mới mở được báo cáo này."))
    try:
        period = Period.parse(code)
    except ValueError:
        raise Http404 from None
    if not any(u.pk == unit.pk for u in services.expected_units(regime, period)):
        raise PermissionDenied(
            _("%(u)s không thuộc các đơn vị phải gửi “%(r)s” %(p)s.")
            % {"u": unit, "r": regime, "p": localized_label(period)}
        )
    try:
        sub = services.open_submission(regime, unit, period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:regime", uuid=regime.uuid)
    return redirect("reporting:submission", uuid=sub.uuid)


def _visible_submission(request: HttpRequest, uuid: UUID) -> Submission:
    try:
        sub = queries.submission_page(uuid)
    except Submission.DoesNotExist:
        raise Http404 from None
    require(request.user, Action.VIEW_SUBMISSION, sub)
    return sub


def _editable(user: Any, sub: Submission, today: dt.date) -> bool:
    return (
        can(user, Action.EDIT_SUBMISSION, sub)
        and sub.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
        and not sub.is_locked(today)
    )


def _summary_for_display(summary: dict[str, Any]) -> dict[str, Any]:
    """The stored task summary with labels, colours and dd/mm/yyyy dates."""

    def day(text: str) -> str:
        try:
            return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
        except (TypeError, ValueError):
            return ""

    counts = summary.get("counts", {})
    return {
        "as_of": day(summary.get("as_of", "")),
        "counts": [
            (s.label, counts.get(s.value, 0), STATUS_COLORS.get(s.value, "secondary"))
            for s in AssignmentStatus
        ],
        "done": [(i["title"], day(i.get("on", ""))) for i in summary.get("done", [])],
        "overdue": [(i["title"], day(i.get("due", ""))) for i in summary.get("overdue", [])],
    }


def _derived(links: list[RegimeIndicator], values: dict[tuple[int, int], Any], unit: Unit) -> Any:
    """Computed indicators whose terms are all among the regime's, with their value."""
    ids = {link.indicator_id for link in links}
    out = []
    ratios = Indicator.objects.filter(
        formula=FormulaKind.RATIO, active=True, numerator_id__in=ids, denominator_id__in=ids
    )
    for ind in ratios:
        out.append((ind, level_value(ind, values, [unit.pk])))
    return out


def _submission_page(
    request: HttpRequest,
    sub: Submission,
    *,
    form: SubmissionForm | None = None,
    accept_form: AcceptForm | None = None,
    return_form: ReturnForm | None = None,
    reopen_form: ReopenForm | None = None,
    workbook_form: WorkbookForm | None = None,
    import_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = _today()
    regime = sub.regime
    sections = list(regime.sections.all())
    links = list(regime.regime_indicators.select_related("indicator"))
    answers = dict(
        SubmissionSection.objects.filter(submission=sub).values_list("section_id", "text")
    )
    values = reported_values([link.indicator_id for link in links], [sub.unit_id], sub.period)
    stored = {ind: value for (ind, _unit), value in values.items()}
    editable = _editable(request.user, sub, today)
    if form is None:
        form = SubmissionForm(
            sections=sections,
            links=links,
            answers=answers,
            stored=stored,
            initial={"version": sub.version},
        )
    if sub.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED) and sub.task_summary:
        summary = sub.task_summary
    else:
        summary = services.task_summary(sub.unit, sub.period, today)
    can_review = can(request.user, Action.REVIEW_SUBMISSIONS)
    events = list(sub.events.all())  # prefetched with their actors
    blocks = []
    for section in sections:
        if section.kind == SectionKind.NARRATIVE:
            blocks.append(
                {
                    "section": section,
                    "field": form[section_field(section)],
                    "text": answers.get(section.pk, ""),
                }
            )
        else:
            blocks.append({"section": section})
    return render(
        request,
        "reporting/submission.html",
        {
            "sub": sub,
            "regime": regime,
            "blocks": blocks,
            "links": links,
            "stored": stored,
            "value_rows": list(zip(links, form.value_fields(), strict=True)),
            "derived": _derived(links, values, sub.unit),
            "summary": _summary_for_display(summary),
            "form": form,
            "editable": editable,
            "locked": sub.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
            and sub.is_locked(today),
            "lock_date": sub.lock_date(),
            "overdue": not sub.is_sent and today > sub.due_date,
            "can_review": can_review,
            "accept_form": accept_form or AcceptForm(prefix="accept"),
            "return_form": return_form or ReturnForm(prefix="return"),
            "reopen_form": reopen_form or ReopenForm(prefix="reopen"),
            "workbook_form": workbook_form or WorkbookForm(prefix="workbook"),
            "import_errors": import_errors or [],
            "events": events,
            "show_reason": sub.is_sent,
        },
        status=status,
    )


def submission(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A unit's report: the form for its officer (save a draft, send), read-only with the
    review actions for the secretariat, read-only for leaders and viewers."""
    sub = _visible_submission(request, uuid)
    if request.method != "POST":
        return _submission_page(request, sub)
    require(request.user, Action.EDIT_SUBMISSION, sub)
    sending = "submit" in request.POST
    if sending and sub.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
        # A second click (or a resent form): the first sending stands.
        messages.info(request, _("Báo cáo đã được gửi trước đó."))
        return redirect("reporting:submission", uuid=sub.uuid)
    regime = sub.regime
    links = list(regime.regime_indicators.select_related("indicator"))
    form = SubmissionForm(
        request.POST,
        sections=list(regime.sections.all()),
        links=links,
        answers={},
        stored={},
    )
    if form.is_valid() and form.cleaned_data["version"] is None:
        # A page that does not say which version it shows could overwrite a newer one.
        form.add_error(None, stale_message())
    if not form.is_valid():
        return _submission_page(request, sub, form=form, status=400)
    data = form.cleaned_data
    try:
        saved = services.save_submission(
            request.user,
            sub,
            answers=data["answers"],
            values=data["values"],
            reason=data["reason"],
            expected_version=data["version"],
        )
    except ValueErrors as exc:
        for row in exc.rows:
            form.add_error(form.field_of_code(row.message), row.message)
        return _submission_page(request, sub, form=form, status=400)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return _submission_page(request, sub, form=form, status=400)
    if not sending:
        messages.success(request, _("Đã lưu nháp báo cáo."))
        return redirect("reporting:submission", uuid=sub.uuid)
    try:
        sent = services.submit(request.user, saved)
    except ValidationError as exc:
        messages.warning(
            request,
            _("Đã lưu nháp nhưng chưa gửi được báo cáo: %(m)s") % {"m": " ".join(exc.messages)},
        )
        return redirect("reporting:submission", uuid=sub.uuid)
    if sent.late:
        messages.success(
            request,
            _("Đã gửi báo cáo (gửi muộn so với hạn %(d)s).") % {"d": f"{sent.due_date:%d/%m/%Y}"},
        )
    else:
        messages.success(request, _("Đã gửi báo cáo tới cơ quan thường trực."))
    return redirect("reporting:submission", uuid=sub.uuid)


def _review(
    request: HttpRequest,
    uuid: UUID,
    form_class: type[Any],
    prefix: str,
    act: Any,
    done: Any,
) -> HttpResponse:
    """The secretariat's decisions share one shape: check, validate the form, call the
    service `act(sub, cleaned_data)`, say `done(sub, cleaned_data)`, or show the page
    again with the form's errors."""
    sub = _visible_submission(request, uuid)
    require(request.user, Action.REVIEW_SUBMISSIONS)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            act(sub, form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, done(sub, form.cleaned_data))
            return redirect("reporting:submission", uuid=sub.uuid)
    return _submission_page(request, sub, status=400, **{f"{prefix}_form": form})


@require_POST
def accept(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _review(
        request,
        uuid,
        AcceptForm,
        "accept",
        lambda sub, data: services.accept(request.user, sub, data["comment"]),
        lambda sub, data: _("Đã tiếp nhận báo cáo của %(u)s.") % {"u": sub.unit},
    )


@require_POST
def return_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _review(
        request,
        uuid,
        ReturnForm,
        "return",
        lambda sub, data: services.return_submission(request.user, sub, data["comment"]),
        lambda sub, data: _("Đã trả lại báo cáo cho %(u)s.") % {"u": sub.unit},
    )


@require_POST
def reopen(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _review(
        request,
        uuid,
        ReopenForm,
        "reopen",
        lambda sub, data: services.reopen(request.user, sub, data["until"], data["comment"]),
        lambda sub, data: (
            _("Đã mở lại báo cáo đến ngày %(d)s.") % {"d": f"{data['until']:%d/%m/%Y}"}
        ),
    )


# -- the xlsx workbook of a submission's figures ----------------------------------------------


def workbook_template(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The workbook to fill offline with the regime's indicators for this unit and period."""
    sub = _visible_submission(request, uuid)
    indicators = [
        link.indicator for link in sub.regime.regime_indicators.select_related("indicator")
    ]
    content = workbook.template(
        sub.unit, sub.period, indicators, title=f"{sub.regime} — {sub.period.label}"
    )
    response = HttpResponse(content, content_type=workbook.CONTENT_TYPE)
    name = f"mau-so-lieu-{sub.period_code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def workbook_import(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Figures from a filled workbook into this submission: all rows or none."""
    sub = _visible_submission(request, uuid)
    require(request.user, Action.EDIT_SUBMISSION, sub)
    form = WorkbookForm(request.POST, request.FILES, prefix="workbook")
    if not _editable(request.user, sub, _today()):
        form.add_error(None, _("Báo cáo không còn sửa được; không nhập được số liệu."))
    if not form.is_valid():
        return _submission_page(request, sub, workbook_form=form, status=400)
    indicators = [
        link.indicator for link in sub.regime.regime_indicators.select_related("indicator")
    ]
    try:
        result = workbook.import_values(
            request.user,
            form.cleaned_data["file"].read(),
            unit=sub.unit,
            period=sub.period,
            indicators=indicators,
            submission=sub,
            reason=form.cleaned_data["reason"],
        )
    except ValueErrors as exc:
        return _submission_page(
            request, sub, workbook_form=form, import_errors=[str(r) for r in exc.rows], status=400
        )
    except ValidationError as exc:
        return _submission_page(
            request, sub, workbook_form=form, import_errors=exc.messages, status=400
        )
    summary = result.summary() if hasattr(result, "summary") else ""
    messages.success(request, _("Đã nhập số liệu từ tệp Excel. %(s)s") % {"s": summary})
    return redirect("reporting:submission", uuid=sub.uuid)
