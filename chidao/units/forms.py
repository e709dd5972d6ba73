"""Forms to edit units and record successions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.units.choices import SuccessionKind, SuccessionShare, UnitKind
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import is_uuid, picker_label


class UnitPickerField(forms.ModelChoiceField):
    """A unit picker: options from `queries.picker_units`, labelled by
    `queries.picker_label` as of `on` (today unless set)."""

    def __init__(self, *args: Any, on: dt.date | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Unit.objects.none())
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(*args, **kwargs)
        self.on = on

    def label_from_instance(self, obj: Any) -> str:
        return picker_label(obj, self.on or timezone.localdate())


class UnitsPickerField(forms.ModelMultipleChoiceField):
    """Several units, labelled by `queries.picker_label` as of today."""

    def label_from_instance(self, obj: Any) -> str:
        return picker_label(obj, timezone.localdate())


class GroupPickerField(forms.ModelChoiceField):
    """A group picker over `queries.picker_groups` (set with `offer`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", UnitGroup.objects.none())
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(*args, **kwargs)

    def offer(self, groups: list[UnitGroup], *, keep: Iterable[str] = ()) -> None:
        """Offer `groups`, and the groups `keep` names by UUID (choices already made)."""
        kept = [k for k in keep if k and is_uuid(k)]
        chosen = Q(pk__in=[g.pk for g in groups]) | Q(uuid__in=kept)
        self.queryset = UnitGroup.objects.filter(chosen).order_by("name")


class ListField(forms.CharField):
    """A list of short strings entered one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, not str
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class UnitForm(forms.ModelForm):
    abbreviations = ListField(
        label=_("Tên viết tắt"), required=False, help_text=_("Mỗi dòng một tên.")
    )
    aliases = ListField(label=_("Tên gọi khác"), required=False, help_text=_("Mỗi dòng một tên."))

    parent = UnitPickerField(label=_("trực thuộc"), required=False, to_field_name=None)

    class Meta:
        model = Unit
        fields = [
            "name",
            "kind",
            "parent",
            "short_name",
            "abbreviations",
            "aliases",
            "code",
            "valid_from",
            "valid_to",
            "source",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = UnitKind.choices
        parent = self.fields["parent"]
        if parents is not None and isinstance(parent, forms.ModelChoiceField):
            parent.queryset = parents.select_related("parent")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            # On the field, so the model's constraint check (which would say the same
            # without pointing at a field) is skipped for it.
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        return data


class SuccessionForm(forms.Form):
    successor = UnitPickerField(label=_("Đơn vị kế thừa"), to_field_name=None)
    kind = forms.ChoiceField(choices=SuccessionKind.choices, label=_("Hình thức"))
    share = forms.ChoiceField(choices=SuccessionShare.choices, label=_("Phạm vi"))
    date = forms.DateField(
        label=_("Ngày hiệu lực"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    source_document = forms.CharField(label=_("Văn bản"), max_length=300, required=False)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        successor = self.fields["successor"]
        assert isinstance(successor, forms.ModelChoiceField)
        successor.queryset = candidates.select_related("parent")


class GroupForm(forms.ModelForm):
    aliases = ListField(
        label=_("Cách gọi khác"), required=False, help_text=_("Mỗi dòng một cách gọi.")
    )
    member_kinds = forms.MultipleChoiceField(
        label=_("Gồm các đơn vị loại"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = UnitGroup
        fields = ["name", "aliases", "member_kinds", "valid_from", "valid_to"]


class MemberAddForm(forms.Form):
    """A unit joins a group on a date (the group's members page)."""

    unit = UnitPickerField(
        label=_("Đơn vị"),
        error_messages={
            "required": _("Chọn đơn vị thành viên."),
            "invalid_choice": _("Đơn vị không có trong danh sách của tỉnh."),
        },
    )
    valid_from = forms.DateField(
        label=_("Là thành viên từ ngày"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "required": _("Nhập ngày bắt đầu là thành viên (dd/mm/yyyy)."),
            "invalid": _("Ngày thành viên không hợp lệ (dạng dd/mm/yyyy)."),
        },
    )
    source = forms.CharField(
        label=_("Căn cứ"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Quyết định kiện toàn Ban Chỉ đạo số …"),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = candidates.select_related("parent")


class MemberEndForm(forms.Form):
    """A member leaves a group: its last day as a member."""

    valid_to = forms.DateField(
        label=_("Là thành viên đến hết ngày"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "required": _("Nhập ngày cuối là thành viên (dd/mm/yyyy)."),
            "invalid": _("Ngày thành viên không hợp lệ (dạng dd/mm/yyyy)."),
        },
    )
    source = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)
