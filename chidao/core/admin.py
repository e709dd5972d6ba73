from django.contrib import admin

from chidao.core.models import AuditEvent, CalendarOverride


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type", "via"]
    search_fields = ["actor_name", "target_repr"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the trail is append-only

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
