from django.contrib import admin

from chidao.units.models import GroupMembership, Installation, Succession, Unit, UnitGroup


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "search_text"]
    raw_id_fields = ["parent", "province"]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "share", "date"]
    list_filter = ["kind", "date"]
    raw_id_fields = ["predecessor", "successor"]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "province"]
    inlines = [GroupMembershipInline]


admin.site.register(Installation)
