"""Fill `Task.next_due`, `done_on` and `done_late` for the tasks that existed before them.

The same rules as `chidao.tasks.services.refresh_list_columns` (copied, not imported: a
migration must not change when the service does). Backwards it resets the columns, which
the schema migration before this one then drops.
"""

from django.db import migrations
from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Subquery, Value, When

BATCH = 1000
LEAD = "lead"


def fill(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    Assignment = apps.get_model("tasks", "Assignment")
    has_lead = Assignment.objects.filter(task=OuterRef("task"), active=True, role=LEAD)
    counted = Assignment.objects.filter(task=OuterRef("pk"), active=True).filter(
        Q(role=LEAD) | ~Exists(has_lead)
    )
    unfinished = counted.filter(completed_on__isnull=True)
    next_due = unfinished.filter(due_date__isnull=False).order_by("due_date").values("due_date")
    last_done = counted.order_by("-completed_on").values("completed_on")
    done_on = Case(
        When(Exists(unfinished), then=Value(None)),
        default=Subquery(last_done[:1]),
        output_field=DateField(),
    )
    done_late = Exists(counted.filter(completed_on__gt=F("due_date")))
    ids = list(
        Task.objects.filter(Exists(Assignment.objects.filter(task=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        Task.objects.filter(pk__in=ids[start : start + BATCH]).update(
            next_due=Subquery(next_due[:1]), done_on=done_on, done_late=done_late
        )


def reset(apps, schema_editor):
    apps.get_model("tasks", "Task").objects.update(next_due=None, done_on=None, done_late=False)


class Migration(migrations.Migration):

    dependencies = [
        ("tasks", "0002_task_next_due_done_on_done_late"),
    ]

    operations = [
        migrations.RunPython(fill, reset),
    ]
