"""Fill `Document.tasks_read` from the stored extraction of documents read before it."""

from typing import Any

from django.db import migrations


def fill(apps: Any, schema_editor: Any) -> None:
    Document = apps.get_model("documents", "Document")
    for doc in Document.objects.exclude(extraction=None).only("pk", "extraction").iterator():
        tasks = (doc.extraction or {}).get("tasks") or []
        Document.objects.filter(pk=doc.pk).update(tasks_read=len(tasks))


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_review_corrections_learned_aliases")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
