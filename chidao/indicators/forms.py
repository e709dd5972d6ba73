"""Forms of the indicator screens: catalogue filters, the indicator form, targets, values.

Numbers are typed as people write them ("70", "1.234,5", "1234.5"): `NumberField` reads
them with `services.parse_number` and shows stored ones back in the Vietnamese way, so a
refused form keeps exactly what was typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.core.periods import Period
from chidao.core.uploads import check_size
from chidao.indicators import services
from chidao.indicators.choices import Comparator, FormulaKind
from chidao.indicators.models import Indicator
from chidao.indicators.queries import format_number
from chidao.units.forms import UnitPickerField
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import picker_label

PROVINCE_SCOPE = ""  # the scope choice meaning "Toàn tỉnh"
MAX_TYPED = 40  # characters of a number or a period code


def _typed(field: forms.CharField, value: Any) -> str:
    text = forms.CharField.to_python(field, value) or ""
    if len(text) > MAX_TYPED:
        raise ValidationError(_("Tối đa %(n)s ký tự.") % {"n": MAX_TYPED}, code="max_length")
    return text


class NumberField(forms.CharField):
    """A decimal typed the Vietnamese way; cleans to `Decimal` (or None when empty)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("maxlength", str(MAX_TYPED))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value, decimals=4)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a Decimal, not str
        text = _typed(self, value)
        if not text:
            return None
        try:
            return services.parse_number(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class PeriodField(forms.CharField):
    """A period code or label ("2025", "2025Q2", "Quý II/2025", "03/2025") → `Period`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Ví dụ: 2025 (cả năm), 2025Q2 (quý), 2025H1, 2025-03."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("placeholder", "2025Q2")
        self.widget.attrs.setdefault("maxlength", str(MAX_TYPED))

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Period) else value

    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]  # a Period, not str
        text = _typed(self, value)
        if not text:
            return None
        try:
            return Period.parse(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class IndicatorMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


# -- the catalogue ----------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("mã, tên, nhóm hoặc căn cứ")}),
    )
    group = forms.ChoiceField(label=_("Nhóm chỉ số"), required=False, choices=[])

    def __init__(self, *args: Any, groups: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Tất cả")), *[(g, g) for g in groups or []]]

    def value_of(self, name: str) -> str:
        if self.is_bound and self.is_valid():
            return str(self.cleaned_data.get(name) or "")
        return ""


class IndicatorForm(forms.ModelForm):
    """The catalogue entry; the write goes through `services.save_indicator`."""

    numerator = IndicatorChoiceField(
        label=_("Tử số"),
        queryset=Indicator.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("(chọn chỉ số)"),
        help_text=_("Chỉ dùng khi cách có giá trị là “Tỷ lệ”."),
    )
    denominator = IndicatorChoiceField(
        label=_("Mẫu số"),
        queryset=Indicator.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("(chọn chỉ số)"),
        help_text=_("Chỉ dùng khi cách có giá trị là “Tỷ lệ”."),
    )
    components = IndicatorMultipleChoiceField(
        label=_("Chỉ số thành phần"),
        queryset=Indicator.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Chỉ dùng khi cách có giá trị là “Tổng”; giữ Ctrl để chọn nhiều."),
    )
    scale = NumberField(
        label=_("Hệ số"), initial="1", help_text=_("Tỷ lệ phần trăm: 100 (tử số/mẫu số × 100).")
    )
    min_value = NumberField(label=_("Giá trị nhỏ nhất"), required=False)
    max_value = NumberField(
        label=_("Giá trị lớn nhất"), required=False, help_text=_("Tỷ lệ phần trăm: 100.")
    )
    at_risk_ratio = NumberField(
        label=_("Ngưỡng “có nguy cơ”"),
        initial="0,9",
        help_text=_("Tỷ lệ so với chỉ tiêu: 0,9 là đạt từ 90% chỉ tiêu trở lên."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "measure_unit",
            "direction",
            "group",
            "source",
            "definition",
            "formula",
            "numerator",
            "denominator",
            "components",
            "scale",
            "aggregation",
            "decimals",
            "min_value",
            "max_value",
            "numerator_le_denominator",
            "at_risk_ratio",
            "active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _("Chữ không dấu, số và dấu gạch ngang, ví dụ DVC-HS-TT."),
            "measure_unit": _("Ví dụ: %, hồ sơ, dịch vụ."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = Indicator.objects.filter(active=True).order_by("order", "code")
        if self.instance.pk:
            terms = terms.exclude(pk=self.instance.pk)
        for name in ("numerator", "denominator"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = terms.filter(formula=FormulaKind.REPORTED)
        components = self.fields["components"]
        assert isinstance(components, forms.ModelMultipleChoiceField)
        components.queryset = terms
        if self.instance.pk and not self.is_bound:
            # The pickers name indicators by code; the model gives ids.
            row = self.instance
            self.initial["numerator"] = row.numerator.code if row.numerator else None
            self.initial["denominator"] = row.denominator.code if row.denominator else None
            self.initial["components"] = [c.code for c in row.components.all()]

    def _post_clean(self) -> None:
        # The service validates and saves a fresh copy of the row; the form's own
        # instance is left untouched, so the audit trail records the real "before".
        pass

    def service_values(self) -> dict[str, Any]:
        """The cleaned fields as `services.save_indicator` takes them."""
        values = {k: v for k, v in self.cleaned_data.items() if k != "components"}
        if values.get("scale") is None:
            values["scale"] = Decimal(1)
        if values.get("at_risk_ratio") is None:
            values["at_risk_ratio"] = Decimal("0.9")
        return values


# -- targets ----------------------------------------------------------------------------


def scope_choices(units: Any, groups: Any) -> list[tuple[str, Any]]:
    """The scope choices: the province, then the unit groups, then the units."""
    # Flat, not optgroups: the form component draws a select's options flat.
    return [
        (PROVINCE_SCOPE, _("Toàn tỉnh")),
        *[(f"group:{g.uuid}", _("Nhóm: %(name)s") % {"name": g.name}) for g in groups],
        *[(f"unit:{u.uuid}", picker_label(u, timezone.localdate())) for u in units],
    ]


class TargetForm(forms.Form):
    """One target: indicator × scope × period × comparator × value."""

    indicator = IndicatorChoiceField(
        label=_("Chỉ số"), queryset=Indicator.objects.none(), to_field_name="code"
    )
    scope = forms.ChoiceField(label=_("Giao cho"), required=False, choices=[])
    period = PeriodField(label=_("Kỳ"))
    comparator = forms.ChoiceField(
        label=_("So sánh"), choices=Comparator.choices, initial=Comparator.GTE
    )
    value = NumberField(
        label=_("Chỉ tiêu"), help_text=_("Ví dụ: 70 hoặc 1.234,5 (phần thập phân sau dấu phẩy).")
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, indicators: Any = None, units: Any = None, groups: Any = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = indicators if indicators is not None else Indicator.objects.none()
        self._units = list(units or [])
        self._groups = list(groups or [])
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = scope_choices(self._units, self._groups)

    def clean_scope(self) -> Unit | UnitGroup | None:
        raw = self.cleaned_data.get("scope") or PROVINCE_SCOPE
        kind, _sep, key = raw.partition(":")
        pool: list[Any] = self._units if kind == "unit" else self._groups
        for item in pool:
            if str(item.uuid) == key:
                return item
        if raw == PROVINCE_SCOPE:
            return None
        raise ValidationError(_("Đơn vị hoặc nhóm đơn vị không hợp lệ."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicator, value = data.get("indicator"), data.get("value")
        if indicator is not None and value is not None:
            problem = services.range_problem(indicator, value)
            if problem:
                self.add_error("value", problem)
        return data


class TargetFilterForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Chỉ số"),
        queryset=Indicator.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    unit = UnitPickerField(label=_("Đơn vị"), required=False, empty_label=_("Tất cả"))
    period = PeriodField(label=_("Kỳ"), required=False, help_text="")

    def __init__(self, *args: Any, indicators: Any = None, units: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        ind = self.fields["indicator"]
        unit = self.fields["unit"]
        assert isinstance(ind, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        ind.queryset = indicators if indicators is not None else Indicator.objects.none()
        unit.queryset = units if units is not None else Unit.objects.none()

    def filters(self) -> dict[str, Any]:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


# -- values -----------------------------------------------------------------------------


def value_field_name(indicator: Indicator) -> str:
    return f"v-{indicator.code}"


def version_field_name(indicator: Indicator) -> str:
    return f"ver-{indicator.code}"


class ValuesForm(forms.Form):
    """One number input per reported indicator (empty: not reported), and the reason a
    correction needs.

    Beside each input a hidden field carries the version of the stored figure the page
    showed (0: none), so that a save from an old page cannot overwrite a newer figure
    (`services.report_values` compares it under lock). A page without them is taken to
    have shown no figure: it may add figures, and changing a stored one is refused with
    the stale-edit message."""

    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi sửa số liệu đã báo cáo."),
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        stored: dict[int, Decimal],
        versions: dict[int, int] | None = None,
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for ind in indicators:
            label = f"{ind.code} — {ind.name}"
            field = NumberField(
                label=label,
                required=False,
                initial=stored.get(ind.pk),
                disabled=disabled,
            )
            self.fields[value_field_name(ind)] = field
            self.fields[version_field_name(ind)] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=0,
                initial=(versions or {}).get(ind.pk, 0),
                disabled=disabled,
            )
        if disabled:
            self.fields["reason"].disabled = True

    def typed(self) -> list[tuple[Indicator, Decimal]]:
        """The indicators given a number, with it (valid form only)."""
        out = []
        for ind in self.indicators:
            value = self.cleaned_data.get(value_field_name(ind))
            if value is not None:
                out.append((ind, value))
        return out

    def version_of(self, indicator: Indicator) -> int:
        """The version of `indicator`'s figure the page showed, 0 for none (valid form
        only)."""
        return int(self.cleaned_data.get(version_field_name(indicator)) or 0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel đã điền"),
        help_text=_("Tệp .xlsx tải từ nút “Tải mẫu Excel”, giữ nguyên các cột."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        required=False,
        max_length=2000,
        help_text=_("Bắt buộc khi tệp sửa số liệu đã báo cáo."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Chỉ nhận tệp Excel .xlsx (tải mẫu từ nút “Tải mẫu Excel”)."))
        check_size(upload.size)  # the one upload limit, before the file is read
        return upload
