"""Forms of the task screens: filters, progress report, comment, extension, decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.core.uploads import EVIDENCE_TYPES, allowed_text
from chidao.tasks.choices import AssignmentStatus, Pillar, TaskState
from chidao.tasks.models import Occurrence
from chidao.tasks.queries import SORTS, TaskFilters
from chidao.units.forms import GroupPickerField, UnitPickerField
from chidao.units.models import Unit, UnitGroup

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
UNCLASSIFIED = "none"  # Pillar.NONE is "", which a filter cannot tell from "all"


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        **kwargs,
    )


class TaskFilterForm(forms.Form):
    """The task list's filters; `filters()` turns a valid form into TaskFilters."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Tình hình"),
        required=False,
        choices=[("", _("Tất cả")), *AssignmentStatus.choices],
    )
    # Units and groups as `units.queries.picker_units`/`picker_groups` offer them.
    unit = UnitPickerField(label=_("Đơn vị"), required=False, empty_label=_("Tất cả"))
    group = GroupPickerField(label=_("Nhóm đơn vị"), required=False, empty_label=_("Tất cả"))
    pillar = forms.ChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (UNCLASSIFIED, Pillar.NONE.label),
            *[(v, label) for v, label in Pillar.choices if v],
        ],
    )
    state = forms.ChoiceField(
        label=_("Theo dõi"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (TaskState.OPEN, TaskState.OPEN.label),
            (TaskState.CLOSED, TaskState.CLOSED.label),
        ],
    )
    document = forms.UUIDField(required=False, widget=forms.HiddenInput)
    due_from = _date_field(_("Hạn từ ngày"), required=False)
    due_to = _date_field(_("đến ngày"), required=False)
    as_of = _date_field(_("Tình hình tại ngày"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        units: Any = None,
        groups: list[UnitGroup] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units if units is not None else Unit.objects.none()
        group_field = self.fields["group"]
        assert isinstance(group_field, GroupPickerField)
        keep = [str(self.data.get("group", ""))] if self.is_bound else []
        group_field.offer(groups if groups is not None else [], keep=keep)

    def filters(self) -> TaskFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        pillar = data.get("pillar") or ""
        sort = data.get("sort") or ""
        if sort.lstrip("-") not in SORTS:
            sort = "due"
        return TaskFilters(
            as_of=data.get("as_of") or timezone.localdate(),
            document=data.get("document"),
            unit=data.get("unit"),
            group=data.get("group"),
            status=data.get("status") or "",
            pillar=None if not pillar else ("" if pillar == UNCLASSIFIED else pillar),
            state=data.get("state") or "",
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            q=data.get("q") or "",
            sort=sort,
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service, not here."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class OccurrenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} (hạn {obj.due_date:%d/%m/%Y})"


class ProgressForm(forms.Form):
    """A unit's progress report; `version` guards against a stale page."""

    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    completed = forms.BooleanField(label=_("Đã hoàn thành"), required=False)
    completed_on = _date_field(
        _("Ngày hoàn thành"),
        required=False,
        help_text=_("Chỉ điền khi đã hoàn thành; để trống thì lấy ngày hôm nay."),
    )
    narrative = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    occurrence = OccurrenceChoiceField(
        label=_("Kỳ báo cáo"),
        queryset=Occurrence.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("(không báo cáo kỳ)"),
    )
    quantity = forms.IntegerField(label=_("Số lượng thực hiện"), min_value=0, required=False)
    evidence = MultipleFileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("Cho phép: %(types)s.") % {"types": allowed_text(EVIDENCE_TYPES)},
    )
    # Required: a report without the version it was typed on could overwrite a newer one.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, occurrences: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occ = self.fields["occurrence"]
        assert isinstance(occ, forms.ModelChoiceField)
        if occurrences is None:
            del self.fields["occurrence"]
            del self.fields["quantity"]
        else:
            occ.queryset = occurrences

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A date of completion belongs to work that is done (or to the period reported):
        # on a partial report it would be silently dropped.
        done = data.get("completed") or data.get("percent") == 100 or data.get("occurrence")
        if data.get("completed_on") and not done:
            self.add_error(
                "completed_on",
                _(
                    "Chỉ điền ngày hoàn thành khi đã hoàn thành (tiến độ 100% hoặc đánh dấu "
                    "“Đã hoàn thành”)."
                ),
            )
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


class ExtensionForm(forms.Form):
    new_due_date = _date_field(_("Thời hạn đề nghị"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi không đồng ý."),
    )


class StateForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)  # required: see ProgressForm
