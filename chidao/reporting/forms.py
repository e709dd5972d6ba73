"""Forms of the reporting screens: a regime, a unit's submission, the secretariat's review,
the province's report and the workbook upload.

Forms parse what people type (numbers "1.234,5", dates dd/mm/yyyy, periods "Q1/2025");
the services decide what may be written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chidao.core.periods import Period
from chidao.core.uploads import check_size
from chidao.indicators.forms import IndicatorMultipleChoiceField, NumberField
from chidao.indicators.models import Indicator
from chidao.reporting import rules
from chidao.reporting.choices import (
    CutoffRule,
    DueMonth,
    DueRule,
    Frequency,
    ReportFormat,
    ReportSigner,
    SectionKind,
)
from chidao.reporting.models import RegimeIndicator, RegimeSection
from chidao.units.forms import GroupPickerField, UnitPickerField
from chidao.units.models import Unit
from chidao.units.queries import picker_groups, picker_label

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return picker_label(obj, dt.date.today())


class RegimeForm(forms.Form):
    """A regime's fields as `services.save_regime` takes them."""

    name = forms.CharField(label=_lazy("Tên báo cáo"), max_length=300)
    content = forms.CharField(
        label=_lazy("Nội dung yêu cầu báo cáo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    group = GroupPickerField(
        label=_lazy("Nhóm đơn vị báo cáo"),
        required=False,
        empty_label=_lazy("(không chọn nhóm)"),
    )
    units_query = forms.CharField(
        label=_lazy("Tìm đơn vị (không cần dấu)"),
        required=False,
        max_length=200,
        help_text=_lazy("Gõ rồi bấm “Tìm” để thu hẹp danh sách đơn vị bên dưới."),
    )
    units = UnitMultipleChoiceField(
        label=_lazy("Đơn vị báo cáo (ngoài nhóm)"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="uuid",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    receiver = UnitPickerField(
        label=_lazy("Cơ quan nhận báo cáo"), required=False, empty_label=_lazy("(chưa chọn)")
    )
    frequency = forms.ChoiceField(label=_lazy("Kỳ báo cáo"), choices=Frequency.choices)
    cutoff_rule = forms.ChoiceField(
        label=_lazy("Thời gian chốt số liệu"),
        choices=CutoffRule.choices,
        initial=CutoffRule.DECREE_09,
    )
    due_text = forms.CharField(
        label=_lazy("Thời hạn gửi (nguyên văn)"),
        required=False,
        max_length=255,
        help_text=_lazy(
            "Ví dụ “trước ngày 05 tháng cuối quý”, “2 ngày làm việc sau ngày chốt số liệu”. "
            "Để trống ô “Ngày” và “Số ngày” bên dưới thì hạn gửi được đọc từ câu này."
        ),
    )
    due_rule = forms.ChoiceField(
        label=_lazy("Cách tính hạn gửi"), choices=DueRule.choices, initial=DueRule.DAY_OF_MONTH
    )
    due_day = forms.IntegerField(label=_lazy("Ngày"), required=False, min_value=1, max_value=31)
    due_month = forms.ChoiceField(
        label=_lazy("Tháng"), choices=DueMonth.choices, initial=DueMonth.NEXT, required=False
    )
    due_workdays = forms.IntegerField(
        label=_lazy("Số ngày"), required=False, min_value=0, max_value=90
    )
    grace_days = forms.IntegerField(
        label=_lazy("Số ngày gia hạn trước khi khoá"), min_value=0, max_value=90, initial=5
    )
    first_period = forms.CharField(
        label=_lazy("Từ kỳ"),
        max_length=40,
        help_text=_lazy("Ví dụ 2025-01, 2025Q1 (Q1/2025), 2025H1, 2025."),
    )
    last_period = forms.CharField(label=_lazy("Đến kỳ"), max_length=40, required=False)
    indicators = IndicatorMultipleChoiceField(
        label=_lazy("Chỉ số phải báo cáo"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_lazy(
            "Chọn chỉ số tính tự động thì đơn vị báo cáo các chỉ số thành phần của nó."
        ),
    )
    report_signer = forms.ChoiceField(
        label=_lazy("Cơ quan ký báo cáo tổng hợp"),
        choices=ReportSigner.choices,
        initial=ReportSigner.COMMITTEE,
        required=False,  # a form posted without it keeps the committee
        widget=forms.RadioSelect,
        help_text=_lazy(
            "Quyết định cơ quan ban hành ở đầu văn bản, ký hiệu (…/BC-BCĐ hoặc …/BC-SKHCN) và "
            "khối chữ ký (TM. Ban Chỉ đạo hoặc lãnh đạo cơ quan thường trực)."
        ),
    )
    signer_title = forms.CharField(
        label=_lazy("Chức vụ người ký báo cáo tổng hợp"),
        max_length=200,
        required=False,
        help_text=_lazy(
            "Ví dụ “Phó Trưởng ban thường trực” hoặc “Phó Giám đốc”; dòng “TM. Ban Chỉ đạo”, "
            "“KT. Trưởng ban”, “KT. Giám đốc” được thêm tự động."
        ),
    )
    signer_name = forms.CharField(label=_lazy("Người ký"), max_length=200, required=False)
    report_addressee = forms.CharField(
        label=_lazy("Kính gửi"),
        max_length=300,
        required=False,
        help_text=_lazy(
            "Nơi nhận chính của báo cáo tổng hợp, nhiều nơi cách nhau bằng dấu chấm phẩy. Để "
            "trống: Ban Chỉ đạo ký thì gửi UBND tỉnh; cơ quan thường trực ký thì gửi Ban Chỉ đạo."
        ),
    )
    active = forms.BooleanField(label=_lazy("Đang áp dụng"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        province: Unit | None,
        units: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        today = dt.date.today()
        scope = Unit.objects.valid_on(today)
        if province is not None:
            scope = scope.filter(province=province)
        # Groups with members today (`picker_groups`), and the regime's own group.
        keep = [str(self.initial.get("group") or "")]
        if self.is_bound:
            keep.append(str(self.data.get("group", "")))
        self._field("group").offer(picker_groups(province, today), keep=keep)
        # Options are named with their parent (`picker_label`): fetched with them.
        scope = scope.select_related("parent")
        self._field("receiver").queryset = scope.order_by("kind", "name")
        self._field("units").queryset = (
            units.select_related("parent") if units is not None else scope
        )
        self._field("indicators").queryset = Indicator.objects.filter(active=True).order_by(
            "order", "code"
        )

    def _field(self, name: str) -> Any:
        return self.fields[name]

    def _period(self, name: str) -> str:
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return ""
        try:
            return Period.parse(raw).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_first_period(self) -> str:
        return self._period("first_period")

    def clean_last_period(self) -> str:
        return self._period("last_period")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("due_text") or "").strip()
        numbers = data.get("due_day") is not None or data.get("due_workdays") is not None
        if text and not numbers and rules.parse_due_text(text, data.get("frequency", "")) is None:
            self.add_error(
                "due_text",
                _(
                    "Không đọc được hạn gửi từ “%(t)s”. Hãy chọn cách tính và nhập ngày hoặc "
                    "số ngày."
                )
                % {"t": text},
            )
        if not data.get("group") and not data.get("units"):
            self.add_error("units", _("Chọn nhóm đơn vị hoặc ít nhất một đơn vị báo cáo."))
        return data

    def values(self) -> dict[str, Any]:
        """The regime's fields for `save_regime`."""
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "content": data["content"].strip(),
            "group": data["group"],
            "receiver": data["receiver"],
            "frequency": data["frequency"],
            "cutoff_rule": data["cutoff_rule"],
            "due_rule": data["due_rule"],
            "due_day": data["due_day"],
            "due_month": data["due_month"] or DueMonth.NEXT,
            "due_workdays": data["due_workdays"],
            "due_text": data["due_text"].strip(),
            "grace_days": data["grace_days"],
            "first_period": data["first_period"],
            "last_period": data["last_period"],
            "report_signer": data["report_signer"] or ReportSigner.COMMITTEE,
            "signer_title": data["signer_title"].strip(),
            "signer_name": data["signer_name"].strip(),
            "report_addressee": data["report_addressee"].strip(),
            "active": data["active"],
        }


class SectionForm(forms.Form):
    """One heading of a regime's template; a row left without a title is dropped."""

    title = forms.CharField(label=_lazy("Tiêu đề mục"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_lazy("Loại"), choices=SectionKind.choices, initial=SectionKind.NARRATIVE
    )
    guidance = forms.CharField(
        label=_lazy("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=2)


def section_rows(formset: Any) -> list[tuple[str, str, str]]:
    """(kind, title, guidance) of the rows that have a title, in order."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        title = (data.get("title") or "").strip()
        if title:
            rows.append((data["kind"], title, (data.get("guidance") or "").strip()))
    return rows


def section_initial(sections: Iterable[Any]) -> list[dict[str, str]]:
    """Formset rows from RegimeSection rows or from (kind, title, guidance) tuples."""
    out = []
    for s in sections:
        if isinstance(s, RegimeSection):
            out.append({"kind": s.kind, "title": s.title, "guidance": s.guidance})
        else:
            kind, title, guidance = s
            out.append({"kind": str(kind), "title": title, "guidance": guidance})
    return out


def section_field(section: RegimeSection) -> str:
    return f"section_{section.pk}"


def value_field(link: RegimeIndicator) -> str:
    return f"value_{link.indicator_id}"


class SubmissionForm(forms.Form):
    """A unit's report: one textarea per narrative section, one input per indicator.

    A figure is typed as people write it ("1.234,5", "70"); each bad one gets its own
    message and `clean` collects the good ones in `cleaned_data["values"]` by indicator id.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_lazy("Lý do điều chỉnh số liệu đã gửi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("Bắt buộc khi sửa một số liệu đã gửi trước đây."),
    )

    def __init__(
        self,
        *args: Any,
        sections: Sequence[RegimeSection],
        links: Sequence[RegimeIndicator],
        answers: dict[int, str],
        stored: dict[int, Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = [s for s in sections if s.kind == SectionKind.NARRATIVE]
        self.links = list(links)
        for section in self.sections:
            self.fields[section_field(section)] = forms.CharField(
                label=section.title,
                required=False,
                max_length=50_000,
                help_text=section.guidance,
                initial=answers.get(section.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for link in self.links:
            ind = link.indicator
            value = stored.get(ind.pk)
            label = f"{ind.code} — {ind.name}"
            if ind.measure_unit:
                label += f" ({ind.measure_unit})"
            self.fields[value_field(link)] = NumberField(
                label=label,
                required=False,
                initial=value,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def section_fields(self) -> list[Any]:
        return [self[section_field(s)] for s in self.sections]

    def value_fields(self) -> list[Any]:
        return [self[value_field(link)] for link in self.links]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values: dict[int, Decimal | None] = {}
        for link in self.links:
            # A bad figure was refused by its NumberField; an empty one is left out.
            value = data.get(value_field(link))
            if value is not None:
                values[link.indicator_id] = value
        data["values"] = values
        data["answers"] = {s.pk: data.get(section_field(s)) or "" for s in self.sections}
        return data

    def field_of_code(self, code: str) -> str | None:
        """The input of the indicator a service message names first ("CODE: …")."""
        for link in self.links:
            if code.startswith(f"{link.indicator.code}:") or code.startswith(
                f"{link.indicator.code} "
            ):
                return value_field(link)
        return None


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_lazy("Ý kiến (không bắt buộc)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_lazy("Nội dung đơn vị cần sửa, bổ sung"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _lazy("Cần ghi ý kiến: đơn vị cần sửa, bổ sung nội dung gì.")},
    )


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=_lazy("Mở lại đến ngày"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _lazy("Ngày không hợp lệ (dạng dd/mm/yyyy).")},
    )
    comment = forms.CharField(
        label=_lazy("Ý kiến"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BuildForm(forms.Form):
    period = forms.CharField(max_length=8)
    fmt = forms.ChoiceField(choices=ReportFormat.choices)
    number = forms.CharField(label=_lazy("Số, ký hiệu"), max_length=100, required=False)

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class WorkbookForm(forms.Form):
    file = forms.FileField(label=_lazy("Tệp Excel (.xlsx)"))
    reason = forms.CharField(
        label=_lazy("Lý do điều chỉnh (khi sửa số liệu đã gửi)"), required=False, max_length=2000
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_size(upload.size)  # the one upload limit, before the file is read
        return upload
