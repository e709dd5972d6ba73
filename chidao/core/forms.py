"""Filter form of the audit log."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chidao.core.choices import CalendarDayKind
from chidao.core.models import AuditEvent


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    actor = forms.CharField(label=_("Người thực hiện"), required=False)
    action = forms.CharField(label=_("Hành động"), required=False)
    target_type = forms.CharField(label=_("Loại đối tượng"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False)
    date_to = forms.DateField(label=_("Đến ngày"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("q"):
            events = events.filter(
                Q(target_repr__icontains=data["q"]) | Q(action__icontains=data["q"])
            )
        if data.get("actor"):
            events = events.filter(actor_name__icontains=data["actor"])
        if data.get("action"):
            events = events.filter(action__startswith=data["action"])
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"])
        if data.get("date_from"):
            events = events.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(created_at__date__lte=data["date_to"])
        return events


class CalendarOverrideForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=CalendarDayKind.choices)
    name = forms.CharField(label=_("Lý do"), max_length=200, required=False)
