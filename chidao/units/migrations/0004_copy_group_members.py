"""Copy the undated explicit members into dated membership rows (open at both ends)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    UnitGroup = apps.get_model("units", "UnitGroup")
    GroupMembership = apps.get_model("units", "GroupMembership")
    through = UnitGroup.members.through
    GroupMembership.objects.bulk_create(
        GroupMembership(group_id=row.unitgroup_id, unit_id=row.unit_id)
        for row in through.objects.all()
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    UnitGroup = apps.get_model("units", "UnitGroup")
    GroupMembership = apps.get_model("units", "GroupMembership")
    through = UnitGroup.members.through
    pairs = set(GroupMembership.objects.values_list("group_id", "unit_id"))
    through.objects.bulk_create(through(unitgroup_id=g, unit_id=u) for g, u in pairs)
    GroupMembership.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0003_groupmembership"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
