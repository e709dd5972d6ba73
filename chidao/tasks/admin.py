"""Django admin for tasks: read-mostly views for IT staff; the screens are the way to edit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chidao.tasks.models import (
    Assignment,
    Comment,
    ExtensionRequest,
    Occurrence,
    ProgressUpdate,
    Task,
)
from chidao.tasks.services import refresh_list_columns


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "task"
    extra = 0
    fields = ("unit", "role", "due_date", "original_due_date", "progress", "completed_on", "active")
    readonly_fields = fields
    can_delete = False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "document", "state", "due_date", "pillar"]
    list_filter = ["state", "pillar", "recurrence_freq"]
    search_fields = ["search_text"]
    raw_id_fields = ["document", "province", "closed_by"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "role", "due_date", "progress", "completed_on", "active"]
    list_filter = ["role", "active"]
    raw_id_fields = ["task", "unit", "inherited_from"]

    # An edit here bypasses the services: keep the task list's stored columns true.
    def save_model(self, request: HttpRequest, obj: Assignment, form: Any, change: bool) -> None:
        before = form.initial.get("task") if change else None
        super().save_model(request, obj, form, change)
        refresh_list_columns([obj.task_id, *([before] if before else [])])

    def delete_model(self, request: HttpRequest, obj: Assignment) -> None:
        super().delete_model(request, obj)
        refresh_list_columns([obj.task_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        task_ids = list(queryset.values_list("task_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_list_columns(task_ids)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["assignment", "percent", "completed", "created_at"]
    raw_id_fields = ["assignment", "author", "occurrence"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["assignment", "requested_due_date", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["assignment", "requested_by", "decided_by"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["task", "label", "due_date"]
    raw_id_fields = ["task"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["task", "author", "created_at"]
    raw_id_fields = ["task", "author"]
