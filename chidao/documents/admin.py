from django.contrib import admin

from chidao.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issued_on", "status", "file_name", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "title", "file_name"]
    readonly_fields = ["uuid", "file_sha256", "extraction", "text", "version", "search_text"]
    raw_id_fields = ["province", "uploaded_by", "published_by"]
