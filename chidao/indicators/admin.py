"""Django admin for indicators: the catalogue may be edited here by IT staff; targets and
values are read-only, since their writes (history, audit, checks) go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chidao.indicators.models import Indicator, IndicatorValue, Target, ValueRevision


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "measure_unit", "formula", "group", "source", "active"]
    list_filter = ["formula", "group", "active", "direction"]
    search_fields = ["search_text"]
    raw_id_fields = ["numerator", "denominator"]
    filter_horizontal = ["components"]


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Target)
class TargetAdmin(_ReadOnly):
    list_display = ["indicator", "scope_label", "period_code", "comparator", "value", "source"]
    list_filter = ["source", "period_kind"]
    search_fields = ["indicator__code", "indicator__name", "quote"]
    list_select_related = ["indicator", "unit", "group"]


class RevisionInline(admin.TabularInline):
    model = ValueRevision
    extra = 0
    fields = ("created_at", "previous", "value", "reason", "source", "author")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(_ReadOnly):
    list_display = ["indicator", "unit", "period_code", "value", "source", "version", "updated_at"]
    list_filter = ["source", "period_kind"]
    search_fields = ["indicator__code", "unit__name"]
    list_select_related = ["indicator", "unit"]
    inlines = [RevisionInline]
