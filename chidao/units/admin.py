from django.contrib import admin

from chidao.units.models import Installation, Succession, Unit, UnitGroup


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


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "province"]
    filter_horizontal = ["members"]


admin.site.register(Installation)
