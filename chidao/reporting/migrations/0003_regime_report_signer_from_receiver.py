"""Regimes saved before `report_signer` existed: the report's header named the receiver when
it was a department or agency. Those whose signer's position is not the committee's keep
that issuer (the standing department signs); the rest stay with the committee, the
field's default. Reversing leaves the field as it is (the schema migration drops it)."""

from typing import Any

from django.db import migrations

# Unit kinds that are neither the province nor the committee (units.choices.UnitKind).
_NOT_STANDING = ("province", "committee")


def _committee_position(title: str) -> bool:
    lines = [line.strip() for line in title.replace("\n", "/").split("/") if line.strip()]
    position = next(
        (
            line
            for line in reversed(lines)
            if not line.upper().startswith(("TM.", "KT.", "TL.", "TUQ."))
        ),
        "",
    )
    return "trưởng ban" in position.lower()


def forwards(apps: Any, schema_editor: Any) -> None:
    Regime = apps.get_model("reporting", "Regime")
    rows = Regime.objects.filter(receiver__isnull=False).exclude(receiver__kind__in=_NOT_STANDING)
    for regime in rows.only("pk", "signer_title"):
        if not _committee_position(regime.signer_title):
            Regime.objects.filter(pk=regime.pk).update(report_signer="standing")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_regime_report_signer_and_addressee"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
