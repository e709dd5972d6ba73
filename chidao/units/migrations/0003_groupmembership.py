"""Dated membership of a group: who joined and left "Thành viên Ban Chỉ đạo" and when."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_unitgroup_resolves_to"),
    ]

    operations = [
        migrations.CreateModel(
            name="GroupMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "valid_from",
                    models.DateField(blank=True, null=True, verbose_name="là thành viên từ"),
                ),
                (
                    "valid_to",
                    models.DateField(blank=True, null=True, verbose_name="là thành viên đến"),
                ),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="căn cứ")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="units.unitgroup",
                        verbose_name="nhóm",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_memberships",
                        to="units.unit",
                        verbose_name="đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "thành viên nhóm",
                "verbose_name_plural": "thành viên nhóm",
                "ordering": ["group", "unit__name", "valid_from"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("group", "unit", "valid_from"),
                        name="units_membership_unique",
                        violation_error_message="Đơn vị đã là thành viên của nhóm từ ngày này.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_from__isnull", True),
                            ("valid_to__isnull", True),
                            ("valid_to__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="units_membership_validity_ordered",
                        violation_error_message="Ngày thôi là thành viên phải sau ngày bắt đầu.",
                    ),
                ],
            },
        ),
    ]
