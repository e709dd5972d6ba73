"""A group's explicit members are its membership rows (the undated table goes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0004_copy_group_members"),
    ]

    operations = [
        migrations.RemoveField(model_name="unitgroup", name="members"),
        migrations.AddField(
            model_name="unitgroup",
            name="members",
            field=models.ManyToManyField(
                blank=True,
                related_name="member_of_groups",
                through="units.GroupMembership",
                through_fields=("group", "unit"),
                to="units.unit",
                verbose_name="thành viên chỉ định",
            ),
        ),
    ]
